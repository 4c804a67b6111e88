//! The coordinator page's rows, from the programme's figures and the case list's metadata
//! rows: never from a case's events.

use super::labels::word;
use super::programme::{ProgrammeQuery, outcome_word};
use super::svg::{self, Bar, Group, Picture, Tone};
use crate::access;
use crate::accounts::User;
use crate::case_list::NO_FULL_AGREEMENT;
use crate::error::AppError;
use crate::programme::{Figures, Programme};
use crate::workbench::Workbench;
use accord_core::case::CaseMetadata;
use accord_core::case::vocabulary::{ClosureStatus, DisputeType, Outcome};
use strum::VariantNames;

pub struct MediatorRow {
    pub name: String,
    pub email: String,
    pub href: String,
    pub cases: u64,
    pub open: u64,
    pub no_full_agreement: u64,
    pub open_issues_now: u64,
    pub next_moves: u64,
}

pub struct CaseRow {
    pub id: String,
    pub href: String,
    pub title: String,
    pub dispute_type: String,
    pub status: String,
    pub outcome: String,
    pub outcome_colour: &'static str,
    pub open_issues: usize,
    pub issues: usize,
    pub mediators: String,
    pub assign_href: String,
}

pub struct TypeRow {
    pub dispute_type: String,
    pub cases: u64,
    pub open: u64,
    pub outcomes: Vec<(String, u64)>,
    pub narrowed: u64,
    pub peak: u64,
    pub terms_final: u64,
    pub paperwork: u64,
    pub temporary: u64,
    pub pilot: u64,
    pub next_moves: u64,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The case list's filters as the page shows them, and the raw values to send back.
pub struct Filters {
    pub statuses: Vec<Choice>,
    pub dispute_types: Vec<Choice>,
    pub mediators: Vec<Choice>,
    pub q: String,
    pub raw: Vec<(String, String)>,
}

/// Percent-encodes a query value.
fn enc(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The page's address with the list's filters, a cursor and a case to preselect.
pub fn href_with(
    q: &ProgrammeQuery,
    cursor: Option<&str>,
    assign: Option<&str>,
    anchor: &str,
) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("status", q.status.as_deref()),
        ("dispute_type", q.dispute_type.as_deref()),
        ("mediator", q.mediator.as_deref()),
        ("q", q.q.as_deref()),
        ("cursor", cursor),
        ("assign", assign),
    ] {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            parts.push(format!("{k}={}", enc(v)));
        }
    }
    match parts.is_empty() {
        true => format!("/programme#{anchor}"),
        false => format!("/programme?{}#{anchor}", parts.join("&")),
    }
}

fn choice(value: &str, label: String, current: Option<&str>) -> Choice {
    Choice {
        value: value.into(),
        label,
        selected: current.unwrap_or_default() == value,
    }
}

pub fn filters(q: &ProgrammeQuery, mediators: &[User]) -> Filters {
    let status = q
        .status
        .as_deref()
        .filter(|s| !s.is_empty())
        .or(Some("open"));
    let mut statuses = vec![
        choice("open", "Open".into(), status),
        choice("closed", "Closed (any way)".into(), status),
    ];
    for s in ClosureStatus::VARIANTS {
        statuses.push(choice(
            s,
            format!("Closed: {}", word(s).to_lowercase()),
            status,
        ));
    }
    statuses.push(choice("all", "All".into(), status));
    let mut dispute_types = vec![choice("", "Any".into(), q.dispute_type.as_deref())];
    for d in DisputeType::VARIANTS {
        dispute_types.push(choice(d, word(d), q.dispute_type.as_deref()));
    }
    let mut by = vec![choice("", "Any".into(), q.mediator.as_deref())];
    for m in mediators {
        by.push(choice(&m.id, m.name.clone(), q.mediator.as_deref()));
    }
    let raw = [
        ("status", &q.status),
        ("dispute_type", &q.dispute_type),
        ("mediator", &q.mediator),
        ("q", &q.q),
        ("cursor", &q.cursor),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.clone().map(|v| (k.to_owned(), v)))
    .collect();
    Filters {
        statuses,
        dispute_types,
        mediators: by,
        q: q.q.clone().unwrap_or_default(),
        raw,
    }
}

/// A case list row with its mediators' names (account names: metadata, not content).
pub fn case_row(wb: &Workbench, m: &CaseMetadata, q: &ProgrammeQuery) -> Result<CaseRow, AppError> {
    let id = m.id.to_string();
    let mut mediators = Vec::new();
    for member in wb.cases.store().memberships_of_case(&id)? {
        if member.kind == access::MEDIATOR
            && let Some(u) = wb.accounts.by_id(&member.user_id)?
        {
            mediators.push(u.name);
        }
    }
    let outcome_colour = match m.latest_outcome {
        Some(Outcome::FullAgreement) => "green",
        Some(Outcome::PausedForSafety) => "red",
        Some(_) => "yellow",
        None => "grey",
    };
    Ok(CaseRow {
        href: format!("/cases/{id}"),
        assign_href: href_with(q, q.cursor.as_deref(), Some(&id), "assign"),
        title: m.title.clone(),
        dispute_type: word(m.dispute_type),
        status: word(m.status),
        outcome: m
            .latest_outcome
            .map(word)
            .unwrap_or_else(|| "No session yet".into()),
        outcome_colour,
        open_issues: m.open_issues,
        issues: m.issues,
        mediators: match mediators.is_empty() {
            true => "None".into(),
            false => mediators.join(", "),
        },
        id,
    })
}

fn no_full_agreement(f: &Figures) -> u64 {
    NO_FULL_AGREEMENT
        .iter()
        .filter_map(|o| f.by_latest_outcome.get(&o.to_string()))
        .sum()
}

fn open(f: &Figures) -> u64 {
    f.by_status.get("open").copied().unwrap_or(0)
}

pub fn totals(all: &Figures) -> Vec<(String, String)> {
    let t = &all.terms_by_state;
    vec![
        ("Cases".into(), all.cases.to_string()),
        ("Open".into(), open(all).to_string()),
        (
            "Latest session without full agreement".into(),
            no_full_agreement(all).to_string(),
        ),
        (
            "Issues narrowed".into(),
            format!(
                "{} of {} at their peak ({} still open)",
                all.issues_narrowed, all.open_issues_at_peak, all.open_issues_now
            ),
        ),
        (
            "Terms".into(),
            format!(
                "{} final, {} subject to paperwork, {} temporary, {} pilot",
                t.agreed_final, t.subject_to_paperwork, t.temporary, t.pilot
            ),
        ),
        (
            "Next moves chosen with an owner and a date".into(),
            all.next_moves_with_owner_and_date.to_string(),
        ),
    ]
}

/// Each mediator with cases (from the figures), then mediator accounts with none yet.
pub fn mediator_rows(p: &Programme, accounts: &[User]) -> Vec<MediatorRow> {
    let email = |id: &str| {
        accounts
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.email.clone())
            .unwrap_or_default()
    };
    let mut rows: Vec<MediatorRow> = p
        .by_mediator
        .iter()
        .map(|m| MediatorRow {
            name: m.name.clone(),
            email: email(&m.mediator),
            href: format!("/programme?status=all&mediator={}#cases", enc(&m.mediator)),
            cases: m.figures.cases,
            open: open(&m.figures),
            no_full_agreement: no_full_agreement(&m.figures),
            open_issues_now: m.figures.open_issues_now,
            next_moves: m.figures.next_moves_with_owner_and_date,
        })
        .collect();
    for u in accounts {
        if !p.by_mediator.iter().any(|m| m.mediator == u.id) {
            rows.push(MediatorRow {
                name: u.name.clone(),
                email: u.email.clone(),
                href: String::new(),
                cases: 0,
                open: 0,
                no_full_agreement: 0,
                open_issues_now: 0,
                next_moves: 0,
            });
        }
    }
    rows
}

fn tone(outcome: Option<Outcome>) -> Tone {
    match outcome {
        Some(Outcome::FullAgreement) => Tone::Good,
        Some(Outcome::PartialAgreement | Outcome::ImpasseForNow) => Tone::Mixed,
        Some(Outcome::NoAgreement | Outcome::PausedForSafety) => Tone::Bad,
        Some(Outcome::DidNotTakePlace) | None => Tone::Quiet,
    }
}

/// The outcome keys in the vocabulary's order, then "none".
fn outcome_keys() -> Vec<String> {
    let mut keys: Vec<String> = Outcome::VARIANTS.iter().map(|s| (*s).to_owned()).collect();
    keys.push("none".into());
    keys
}

/// Each dispute type's cases by latest outcome, as grouped bars.
pub fn outcomes_picture(p: &Programme) -> Picture {
    let groups: Vec<Group> = p
        .by_dispute_type
        .iter()
        .map(|d| Group {
            label: word(&d.dispute_type),
            bars: outcome_keys()
                .into_iter()
                .map(|k| Bar {
                    value: d.figures.by_latest_outcome.get(&k).copied().unwrap_or(0),
                    tone: tone(k.parse().ok()),
                    label: outcome_word(&k),
                })
                .collect(),
        })
        .collect();
    svg::grouped_bars(
        "outcomes-picture",
        "Latest outcome of each case, by dispute type",
        "cases",
        "dispute type",
        &groups,
    )
}

pub fn type_rows(p: &Programme) -> Vec<TypeRow> {
    p.by_dispute_type
        .iter()
        .map(|d| type_row(word(&d.dispute_type), &d.figures))
        .chain(std::iter::once(type_row(
            "All dispute types".into(),
            &p.all,
        )))
        .collect()
}

fn type_row(dispute_type: String, f: &Figures) -> TypeRow {
    TypeRow {
        dispute_type,
        cases: f.cases,
        open: open(f),
        outcomes: outcome_keys()
            .into_iter()
            .filter_map(|k| {
                let n = f.by_latest_outcome.get(&k).copied().unwrap_or(0);
                (n > 0).then(|| (outcome_word(&k), n))
            })
            .collect(),
        narrowed: f.issues_narrowed,
        peak: f.open_issues_at_peak,
        terms_final: f.terms_by_state.agreed_final,
        paperwork: f.terms_by_state.subject_to_paperwork,
        temporary: f.terms_by_state.temporary,
        pilot: f.terms_by_state.pilot,
        next_moves: f.next_moves_with_owner_and_date,
    }
}
