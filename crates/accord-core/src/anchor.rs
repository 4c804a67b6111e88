//! Chain anchors: each case's head (sequence number and hash) written down at one moment and
//! kept somewhere else, so that a case later truncated or rolled back to an older state — which
//! its hash chain alone cannot show, since an older chain verifies as well as the newer one —
//! is found. A case may have grown since; it may not have lost or changed what was anchored.

use crate::chain::RawEvent;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an anchor file says it is.
pub const FORMAT: &str = "accord-anchors-v1";

/// One case's head when it was anchored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnchoredHead {
    pub seq: u64,
    pub hash: String,
}

/// Every case's head at one moment: `{"format": "accord-anchors-v1", "written_at": …,
/// "cases": {"<case id>": {"seq": 12, "hash": "…"}}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchors {
    pub format: String,
    pub written_at: String,
    pub cases: BTreeMap<String, AnchoredHead>,
}

/// How a case no longer holds what was anchored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AnchorProblem {
    #[error("it is gone (anchored at event {anchored})")]
    Missing { anchored: u64 },
    #[error("it was truncated or rolled back: anchored at event {anchored}, now {now} events")]
    RolledBack { anchored: u64, now: u64 },
    #[error("event {seq} is not the event anchored (a different history was put in its place)")]
    Replaced { seq: u64 },
}

impl Anchors {
    /// An anchor file of these heads: (case id, sequence number, hash).
    pub fn of(written_at: String, heads: impl IntoIterator<Item = (String, u64, String)>) -> Self {
        Self {
            format: FORMAT.into(),
            written_at,
            cases: heads
                .into_iter()
                .map(|(id, seq, hash)| (id, AnchoredHead { seq, hash }))
                .collect(),
        }
    }
}

/// Whether `events` (a case's whole chain, in order; empty if the case is gone) still holds the
/// anchored head: the event at the anchored sequence number, with the anchored hash.
pub fn check(anchored: &AnchoredHead, events: &[RawEvent]) -> Result<(), AnchorProblem> {
    if events.is_empty() {
        return Err(AnchorProblem::Missing {
            anchored: anchored.seq,
        });
    }
    let now = events.last().map_or(0, |e| e.seq);
    match events.iter().find(|e| e.seq == anchored.seq) {
        None => Err(AnchorProblem::RolledBack {
            anchored: anchored.seq,
            now,
        }),
        Some(e) if e.hash != anchored.hash => Err(AnchorProblem::Replaced { seq: e.seq }),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: u64, hash: &str) -> RawEvent {
        RawEvent {
            case_id: "c".into(),
            seq,
            recorded_at: String::new(),
            actor: String::new(),
            audience: String::new(),
            schema: 1,
            event_type: String::new(),
            payload: String::new(),
            payload_digest: String::new(),
            prev_hash: String::new(),
            hash: hash.into(),
        }
    }

    #[test]
    fn a_case_may_grow_but_not_shrink_or_change_what_was_anchored() {
        let chain = [event(1, "a"), event(2, "b"), event(3, "c")];
        let anchors = Anchors::of("now".into(), [("c".into(), 2, "b".into())]);
        let head = &anchors.cases["c"];
        assert_eq!(
            head,
            &AnchoredHead {
                seq: 2,
                hash: "b".into()
            }
        );
        assert_eq!(check(head, &chain), Ok(()), "grown since");
        assert_eq!(check(head, &chain[..2]), Ok(()), "unchanged");
        assert_eq!(
            check(head, &chain[..1]),
            Err(AnchorProblem::RolledBack {
                anchored: 2,
                now: 1
            })
        );
        assert_eq!(
            check(head, &[event(1, "a"), event(2, "x")]),
            Err(AnchorProblem::Replaced { seq: 2 })
        );
        assert_eq!(
            check(head, &[]),
            Err(AnchorProblem::Missing { anchored: 2 })
        );
    }
}
