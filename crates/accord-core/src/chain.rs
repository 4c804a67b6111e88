//! The tamper-evident chain. Each event's hash covers its predecessor's hash, its envelope and
//! the *digest* of its payload (never the payload itself), so a payload that must later be
//! erased can be replaced by a marker keeping its digest and the chain still verifies.
//!
//! `RawEvent` is an event exactly as stored: the strings that were hashed. Verification works
//! on raw events so that it checks the bytes on disk, not a re-serialisation of them.

use crate::case::event::{Actor, NewEvent, Recorded, SCHEMA_VERSION};
use crate::ids::CaseId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest as _, Sha256};
use std::fmt;

/// A SHA-256 digest.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Digest([u8; 32]);

impl Digest {
    /// The predecessor of a case's first event.
    pub const GENESIS: Digest = Digest([0; 32]);

    pub fn of(bytes: &[u8]) -> Self {
        Self(Sha256::digest(bytes).into())
    }

    pub fn to_hex(&self) -> String {
        const_hex::encode(self.0)
    }

    pub fn parse_hex(s: &str) -> Option<Self> {
        let mut out = [0u8; 32];
        const_hex::decode_to_slice(s, &mut out).ok()?;
        Some(Self(out))
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", &self.to_hex()[..12])
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// An event as stored and exported: the exact strings that the chain hashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEvent {
    pub case_id: String,
    pub seq: u64,
    pub recorded_at: String,
    /// JSON.
    pub actor: String,
    /// JSON.
    pub audience: String,
    pub schema: u16,
    pub event_type: String,
    /// JSON; its SHA-256 is `payload_digest`.
    pub payload: String,
    pub payload_digest: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an event: its predecessor's hash, its envelope and its payload digest, exactly
/// as stored (`raw.hash` itself is not an input).
fn link_hash(raw: &RawEvent) -> Digest {
    let mut h = Sha256::new();
    for part in [
        "accord-event-v1",
        &raw.prev_hash,
        &raw.case_id,
        &raw.seq.to_string(),
        &raw.recorded_at,
        &raw.actor,
        &raw.audience,
        &raw.schema.to_string(),
        &raw.payload_digest,
    ] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    Digest(h.finalize().into())
}

/// The head of a case's chain: the last sequence number and its hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Head {
    pub seq: u64,
    pub hash: Digest,
}

impl Head {
    pub const EMPTY: Head = Head {
        seq: 0,
        hash: Digest::GENESIS,
    };
}

/// Turns decided events into recorded ones, chained after `head`.
pub fn seal(
    case_id: CaseId,
    head: Head,
    events: Vec<NewEvent>,
    actor: &Actor,
    now: Timestamp,
) -> Vec<Recorded> {
    let mut prev = head;
    events
        .into_iter()
        .map(|new| {
            let seq = prev.seq + 1;
            let payload = payload_of(&new.event);
            let payload_digest = Digest::of(payload.as_bytes());
            let mut raw = RawEvent {
                case_id: case_id.to_string(),
                seq,
                recorded_at: now.to_string(),
                actor: json(actor),
                audience: json(&new.audience),
                schema: SCHEMA_VERSION,
                event_type: new.event.name().to_owned(),
                payload,
                payload_digest: payload_digest.to_hex(),
                prev_hash: prev.hash.to_hex(),
                hash: String::new(),
            };
            let hash = link_hash(&raw);
            raw.hash = hash.to_hex();
            prev = Head { seq, hash };
            Recorded {
                case_id,
                seq,
                recorded_at: now,
                actor: actor.clone(),
                audience: new.audience,
                schema: SCHEMA_VERSION,
                event: new.event,
                payload_digest,
                prev_hash: Digest::parse_hex(&raw.prev_hash).expect("just written"),
                hash,
            }
        })
        .collect()
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("envelope fields always serialise")
}

/// An event's payload exactly as it is stored and digested.
pub fn payload_of(event: &crate::case::event::Event) -> String {
    json(event)
}

impl Recorded {
    /// The stored form. Round-trips with `from_raw`, and the hash verifies on it.
    pub fn to_raw(&self) -> RawEvent {
        RawEvent {
            case_id: self.case_id.to_string(),
            seq: self.seq,
            recorded_at: self.recorded_at.to_string(),
            actor: json(&self.actor),
            audience: json(&self.audience),
            schema: self.schema,
            event_type: self.event.name().to_owned(),
            payload: payload_of(&self.event),
            payload_digest: self.payload_digest.to_hex(),
            prev_hash: self.prev_hash.to_hex(),
            hash: self.hash.to_hex(),
        }
    }

    /// Parses a stored event. Does not check the chain (see `verify_chain`).
    pub fn from_raw(raw: &RawEvent) -> Result<Self, ChainProblem> {
        let bad =
            |what: &str, e: &dyn fmt::Display| ChainProblem::Unreadable(format!("{what}: {e}"));
        if raw.schema > SCHEMA_VERSION {
            return Err(ChainProblem::Unreadable(format!(
                "schema version {} is newer than this Accord understands ({SCHEMA_VERSION})",
                raw.schema
            )));
        }
        Ok(Recorded {
            case_id: raw.case_id.parse().map_err(|e| bad("case id", &e))?,
            seq: raw.seq,
            recorded_at: raw
                .recorded_at
                .parse()
                .map_err(|e| bad("recorded_at", &e))?,
            actor: serde_json::from_str(&raw.actor).map_err(|e| bad("actor", &e))?,
            audience: serde_json::from_str(&raw.audience).map_err(|e| bad("audience", &e))?,
            schema: raw.schema,
            event: serde_json::from_str(&raw.payload).map_err(|e| bad("payload", &e))?,
            payload_digest: Digest::parse_hex(&raw.payload_digest).ok_or_else(|| {
                ChainProblem::Unreadable("payload digest is not a SHA-256 hex".into())
            })?,
            prev_hash: Digest::parse_hex(&raw.prev_hash).ok_or_else(|| {
                ChainProblem::Unreadable("previous hash is not a SHA-256 hex".into())
            })?,
            hash: Digest::parse_hex(&raw.hash)
                .ok_or_else(|| ChainProblem::Unreadable("hash is not a SHA-256 hex".into()))?,
        })
    }
}

/// Why a link in the chain does not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainProblem {
    #[error("expected sequence number {expected}, found {found}")]
    Gap { expected: u64, found: u64 },
    #[error("belongs to case {found}, not {expected}")]
    WrongCase { expected: String, found: String },
    #[error("its previous-hash does not match the hash of the event before it")]
    BrokenLink,
    #[error("its payload does not match its recorded digest (the event was altered)")]
    PayloadAltered,
    #[error("its hash does not match its contents (the envelope was altered)")]
    HashMismatch,
    #[error("it cannot be read: {0}")]
    Unreadable(String),
}

/// The first event of a case whose link does not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("case {case_id}, event {seq}: {problem}")]
pub struct BrokenChain {
    pub case_id: String,
    pub seq: u64,
    pub problem: ChainProblem,
}

/// Checks one case's events, in order, from the first. Returns the head on success.
///
/// A payload that no longer matches the digest it was sealed with is accepted only where a
/// later erasure of the same case (`PayloadsRedacted`, itself unaltered) names that digest
/// and the digest of exactly the payload stored now.
pub fn verify_chain<'a>(
    events: impl IntoIterator<Item = &'a RawEvent>,
) -> Result<Head, BrokenChain> {
    let events: Vec<&RawEvent> = events.into_iter().collect();
    let erased = Erasures::listed_in(&events);
    let mut head = Head::EMPTY;
    let mut case_id: Option<&str> = None;
    for raw in events {
        let fail = |problem| BrokenChain {
            case_id: raw.case_id.clone(),
            seq: raw.seq,
            problem,
        };
        let expected_case = *case_id.get_or_insert(raw.case_id.as_str());
        if raw.case_id != expected_case {
            return Err(fail(ChainProblem::WrongCase {
                expected: expected_case.into(),
                found: raw.case_id.clone(),
            }));
        }
        if raw.seq != head.seq + 1 {
            return Err(fail(ChainProblem::Gap {
                expected: head.seq + 1,
                found: raw.seq,
            }));
        }
        if raw.prev_hash != head.hash.to_hex() {
            return Err(fail(ChainProblem::BrokenLink));
        }
        let digest = Digest::of(raw.payload.as_bytes()).to_hex();
        if digest != raw.payload_digest && !erased.allow(raw, &digest) {
            return Err(fail(ChainProblem::PayloadAltered));
        }
        let hash = link_hash(raw);
        if hash.to_hex() != raw.hash {
            return Err(fail(ChainProblem::HashMismatch));
        }
        // A link whose bytes verify but do not parse is still unusable.
        Recorded::from_raw(raw).map_err(fail)?;
        head = Head { seq: raw.seq, hash };
    }
    Ok(head)
}

/// The replacements a case's erasures vouch for: original digest → (the erasure's sequence
/// number, the replacement's digest).
struct Erasures(std::collections::HashMap<String, Vec<(u64, String)>>);

impl Erasures {
    fn listed_in(events: &[&RawEvent]) -> Self {
        let mut map = std::collections::HashMap::<String, Vec<(u64, String)>>::new();
        for raw in events {
            if raw.event_type != "PayloadsRedacted"
                || Digest::of(raw.payload.as_bytes()).to_hex() != raw.payload_digest
            {
                continue;
            }
            if let Ok(crate::case::event::Event::PayloadsRedacted { redacted, .. }) =
                serde_json::from_str(&raw.payload)
            {
                for r in redacted {
                    map.entry(r.original)
                        .or_default()
                        .push((raw.seq, r.redacted));
                }
            }
        }
        Self(map)
    }

    fn allow(&self, raw: &RawEvent, digest: &str) -> bool {
        self.0.get(&raw.payload_digest).is_some_and(|listed| {
            listed
                .iter()
                .any(|(seq, redacted)| *seq > raw.seq && redacted == digest)
        })
    }
}

/// One line of an export file (JSON Lines). Structured fields are embedded verbatim so the
/// digests and hashes still verify after a round trip.
#[derive(Serialize, Deserialize)]
struct ExportLine<'a> {
    case_id: &'a str,
    seq: u64,
    recorded_at: &'a str,
    #[serde(borrow)]
    actor: &'a RawValue,
    #[serde(borrow)]
    audience: &'a RawValue,
    schema: u16,
    event_type: &'a str,
    #[serde(borrow)]
    payload: &'a RawValue,
    payload_digest: &'a str,
    prev_hash: &'a str,
    hash: &'a str,
}

/// Writes one export line (without the newline).
pub fn export_line(raw: &RawEvent) -> Result<String, ChainProblem> {
    let embed = |what: &str, s: &str| -> Result<Box<RawValue>, ChainProblem> {
        RawValue::from_string(s.to_owned())
            .map_err(|e| ChainProblem::Unreadable(format!("{what}: {e}")))
    };
    let (actor, audience, payload) = (
        embed("actor", &raw.actor)?,
        embed("audience", &raw.audience)?,
        embed("payload", &raw.payload)?,
    );
    let line = ExportLine {
        case_id: &raw.case_id,
        seq: raw.seq,
        recorded_at: &raw.recorded_at,
        actor: &actor,
        audience: &audience,
        schema: raw.schema,
        event_type: &raw.event_type,
        payload: &payload,
        payload_digest: &raw.payload_digest,
        prev_hash: &raw.prev_hash,
        hash: &raw.hash,
    };
    Ok(serde_json::to_string(&line).expect("export lines always serialise"))
}

/// Reads one export line back into its stored form.
pub fn parse_export_line(line: &str) -> Result<RawEvent, String> {
    let l: ExportLine<'_> = serde_json::from_str(line).map_err(|e| e.to_string())?;
    Ok(RawEvent {
        case_id: l.case_id.to_owned(),
        seq: l.seq,
        recorded_at: l.recorded_at.to_owned(),
        actor: l.actor.get().to_owned(),
        audience: l.audience.get().to_owned(),
        schema: l.schema,
        event_type: l.event_type.to_owned(),
        payload: l.payload.get().to_owned(),
        payload_digest: l.payload_digest.to_owned(),
        prev_hash: l.prev_hash.to_owned(),
        hash: l.hash.to_owned(),
    })
}
