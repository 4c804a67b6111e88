//! A case as its page shows it, built from the viewer's own fold (never the full state): the
//! people, the issues board, sessions, notes with who can read each, deadlines with their
//! explanation, the memorandum and the next move. Only presentation happens here; every fact
//! is the fold's.

use super::labels::{phrase, private, term, who_can_read, word};
use crate::access::CaseAccess;
use crate::after_session::{MemorandumAnswer, memorandum_answer, today_in};
use accord_core::case::deadline::DeadlineStatus;
use accord_core::case::notes_page::NOTES_PAGE;
use accord_core::case::state::{Case, SessionStatus};
use accord_core::case::view::ViewFold;
use accord_core::case::vocabulary::Role;
use accord_core::case::{Audience, Viewer};
use accord_core::ids::ParticipantId;
use jiff::Timestamp;

pub struct Person {
    pub name: String,
    pub role: String,
    pub acting_for: String,
    pub can_settle: bool,
    pub mediator: bool,
    pub id: String,
}

pub struct IssueRow {
    pub id: String,
    pub title: String,
    pub description: String,
    pub state: String,
    /// The state's kind, as the form's choice names it.
    pub kind: String,
    pub colour: &'static str,
    pub open: bool,
    pub agreed: bool,
    pub reason: String,
}

pub struct SessionRow {
    pub id: String,
    pub when: String,
    pub format: String,
    pub status: String,
    pub outcome: String,
    pub summary: String,
    pub attended: String,
    pub scheduled: bool,
    pub after_href: String,
}

pub struct NoteRow {
    pub text: String,
    pub written: String,
    pub who_can_read: String,
    pub private: bool,
}

pub struct DeadlineRow {
    pub label: String,
    pub kind: String,
    pub due_on: String,
    pub status: String,
    pub steps: Vec<String>,
    pub rule: String,
}

pub struct Memo {
    pub version: u32,
    pub hash: String,
    /// The text to confirm: the issued version's, or the draft as the case stands.
    pub sections: Vec<MemoSection>,
    pub awaiting: Vec<String>,
    pub confirmed: Vec<String>,
    pub changed_since_issued: bool,
    pub issued: bool,
    /// The viewer may confirm the issued version (and has not yet).
    pub may_confirm: bool,
}

pub struct MemoSection {
    pub heading: &'static str,
    pub items: Vec<String>,
}

fn memo_sections(m: &accord_core::case::memorandum::Memorandum) -> Vec<MemoSection> {
    let terms = |ts: &[accord_core::case::memorandum::Term]| {
        ts.iter()
            .map(|t| match &t.detail {
                Some(d) => format!("{} – {}: {d}", t.issue, t.state),
                None => format!("{} – {}", t.issue, t.state),
            })
            .collect::<Vec<_>>()
    };
    [
        ("Agreed and final", terms(&m.agreed_final)),
        ("Agreed on a condition", terms(&m.conditional)),
        ("Still open", terms(&m.open)),
        (
            "Withdrawn or referred elsewhere",
            terms(&m.withdrawn_or_referred),
        ),
        (
            "Review dates",
            m.review_dates
                .iter()
                .map(|r| format!("{}: {}", day(r.on), r.what))
                .collect(),
        ),
    ]
    .into_iter()
    .filter(|(_, items)| !items.is_empty())
    .map(|(heading, items)| MemoSection { heading, items })
    .collect()
}

pub struct NextMove {
    pub step: String,
    pub owner: String,
    pub due_on: String,
    pub note: String,
}

/// A party's checklist for the next session, as its form shows it (one item a line).
#[derive(Default)]
pub struct PrepModel {
    pub goals: String,
    pub documents: String,
    pub options: String,
    pub question: String,
    pub who_else: String,
    pub done: bool,
    pub shared: bool,
}

fn prep_of(case: &Case, me: ParticipantId) -> PrepModel {
    let party = case.party_of(me);
    let lines = |items: &[accord_core::text::Text]| {
        items
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    case.preparations
        .iter()
        .rev()
        .find(|p| p.party == party)
        .map(|p| PrepModel {
            goals: lines(&p.prep.goals),
            documents: lines(&p.prep.documents),
            options: lines(&p.prep.options),
            question: p
                .prep
                .question
                .as_ref()
                .map(|q| q.to_string())
                .unwrap_or_default(),
            who_else: lines(&p.prep.who_else),
            done: p.prep.done,
            shared: p.audience == Audience::Everyone,
        })
        .unwrap_or_default()
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

/// Everything the case page shows, for one viewer.
pub struct CaseModel {
    pub id: String,
    pub title: String,
    pub facts: Vec<(String, String)>,
    pub version: u64,
    pub mediator: bool,
    pub open: bool,
    pub people: Vec<Person>,
    pub issues: Vec<IssueRow>,
    pub agreed_count: usize,
    pub open_count: usize,
    pub sessions: Vec<SessionRow>,
    pub notes: Vec<NoteRow>,
    pub notes_total: usize,
    pub deadlines: Vec<DeadlineRow>,
    pub memo: Option<Memo>,
    pub next_move: Option<NextMove>,
    pub audiences: Vec<Choice>,
    /// The viewer's party's checklist for the next session (parties only).
    pub prep: PrepModel,
    pub parties: Vec<Choice>,
    pub today: String,
    /// The viewer's party's safe contact, in words (parties only; empty if none).
    pub my_safe_contact: String,
    /// Open issues over time and the timeline of dates, with their text alternatives.
    pub pictures: super::case_pictures::CasePictures,
    /// Each party's MIAM as this fold holds it (family cases in England & Wales).
    pub miam: Vec<super::miam::MiamRow>,
    /// Invitations to mediate as this fold holds them (a participant: its own party's).
    pub invitations: Vec<super::invitations::InvitationRow>,
}

/// The case's title, as a page's heading names it.
pub fn title(case: &Case) -> String {
    case.profile
        .as_ref()
        .map(|p| p.title.to_string())
        .unwrap_or_default()
}

pub fn when(t: Timestamp, case: &Case) -> String {
    let tz = case
        .profile
        .as_ref()
        .and_then(|p| jiff::tz::TimeZone::get(&p.time_zone).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    t.to_zoned(tz).strftime("%-d %B %Y, %H:%M").to_string()
}

pub fn day(d: jiff::civil::Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

fn name(case: &Case, id: ParticipantId) -> String {
    case.participant(id)
        .map_or_else(|| "someone".into(), |p| p.name.to_string())
}

pub fn issue_row(i: &accord_core::case::state::Issue) -> IssueRow {
    let (state, colour) = term(&i.state);
    IssueRow {
        id: i.id.to_string(),
        title: i.title.to_string(),
        description: i
            .description
            .as_ref()
            .map(|d| d.to_string())
            .unwrap_or_default(),
        state,
        kind: i.state.kind().to_string(),
        colour,
        open: i.state.is_open(),
        agreed: i.state.is_agreed(),
        reason: i
            .state_reason
            .as_ref()
            .map(|r| r.to_string())
            .unwrap_or_default(),
    }
}

pub fn session_rows(case: &Case, case_id: &str) -> Vec<SessionRow> {
    let mut rows: Vec<SessionRow> = case
        .sessions
        .iter()
        .map(|s| {
            let (status, attended) = match &s.status {
                SessionStatus::Scheduled => ("Scheduled".to_owned(), String::new()),
                SessionStatus::Held {
                    held_on, attendees, ..
                } => (
                    format!("Held on {}", day(*held_on)),
                    attendees
                        .iter()
                        .map(|a| name(case, *a))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                SessionStatus::Cancelled { .. } => ("Cancelled".to_owned(), String::new()),
            };
            let after = s.outcome.as_ref().is_some_and(|o| {
                o.outcome != accord_core::case::vocabulary::Outcome::FullAgreement
            }) || matches!(s.status, SessionStatus::Held { .. });
            SessionRow {
                id: s.id.to_string(),
                when: when(s.starts_at, case),
                format: word(s.planned_format),
                status,
                outcome: s
                    .outcome
                    .as_ref()
                    .map(|o| word(o.outcome))
                    .unwrap_or_default(),
                summary: s
                    .outcome
                    .as_ref()
                    .and_then(|o| o.summary.as_ref())
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
                attended,
                scheduled: matches!(s.status, SessionStatus::Scheduled),
                after_href: match after {
                    true => format!("/cases/{case_id}/sessions/{}/after", s.id),
                    false => String::new(),
                },
            }
        })
        .collect();
    rows.reverse();
    rows
}

fn deadline_rows(case: &Case) -> Vec<DeadlineRow> {
    case.deadlines
        .iter()
        .map(|d| DeadlineRow {
            label: d.label.to_string(),
            kind: word(d.kind),
            due_on: day(d.due_on),
            status: match &d.status {
                DeadlineStatus::Pending => "Pending".into(),
                DeadlineStatus::Met { .. } => "Met".into(),
                DeadlineStatus::Missed { .. } => "Missed".into(),
                DeadlineStatus::Cancelled { reason } => format!("Cancelled: {reason}"),
            },
            steps: d
                .computation
                .as_ref()
                .map(|c| c.steps.iter().map(|s| s.text.clone()).collect())
                .unwrap_or_default(),
            rule: d
                .computation
                .as_ref()
                .map(|c| format!("{} {}", c.period, c.rule_set))
                .unwrap_or_default(),
        })
        .collect()
}

fn memo(answer: MemorandumAnswer, me: Option<ParticipantId>, case: &Case) -> Option<Memo> {
    let latest = answer.latest_issued.as_ref();
    let issued = latest.is_some();
    let c = &answer.current;
    let nothing = c.agreed_final.is_empty()
        && c.conditional.is_empty()
        && c.open.is_empty()
        && c.withdrawn_or_referred.is_empty();
    if !issued && nothing {
        return None;
    }
    let may_confirm = match (me, latest) {
        (Some(me), Some(l)) => {
            let for_party = accord_core::case::memorandum::confirming_for(case, me);
            for_party.is_ok() && !l.confirmations.iter().any(|c| c.by == me)
        }
        _ => false,
    };
    Some(Memo {
        version: latest.map_or(0, |l| l.version),
        hash: latest.map(|l| l.content_hash.clone()).unwrap_or_default(),
        sections: memo_sections(latest.map_or(&answer.current, |l| &l.memorandum)),
        awaiting: answer.awaiting,
        confirmed: answer
            .confirmations
            .iter()
            .filter(|c| !c.stale)
            .map(|c| format!("{} (for {})", c.by, c.for_party))
            .collect(),
        changed_since_issued: answer.changed_since_issued,
        issued,
        may_confirm,
    })
}

/// The page's model of the case for the viewer whose fold this is.
pub fn build(access: CaseAccess, fold: &ViewFold) -> Option<CaseModel> {
    let case = &fold.case;
    let profile = case.profile.as_ref()?;
    let id = profile.id.to_string();
    let viewer = access.viewer();
    let me = match viewer {
        Viewer::Participant(p) => Some(p),
        _ => None,
    };
    let mediator = viewer == Viewer::Mediator;
    let own_party = me.map(|p| case.party_of(p));
    let mut facts = vec![
        ("Dispute".to_owned(), word(profile.dispute_type)),
        ("Court rules".to_owned(), word(profile.jurisdiction)),
        (
            "Court-ordered".to_owned(),
            if profile.court_ordered { "Yes" } else { "No" }.to_owned(),
        ),
        ("Opened".to_owned(), when(profile.opened_at, case)),
    ];
    if let Some(r) = &profile.court_reference {
        facts.push(("Court reference".into(), r.to_string()));
    }
    if let Some(at) = case.safety.paused_since {
        let since = when(at, case);
        facts.push((
            "Paused".into(),
            format!("since {since}: no sessions until it resumes"),
        ));
    }
    if mediator && !case.safety.adaptations.is_empty() {
        let words: Vec<String> = case
            .safety
            .adaptations
            .iter()
            .map(|a| a.to_string())
            .collect();
        facts.push(("Safety".into(), words.join(", ")));
    }
    if let Some(c) = &case.closure {
        facts.push((
            "Closed".into(),
            format!("{} on {}", word(c.status), when(c.closed_at, case)),
        ));
    }
    let people = case
        .participants
        .iter()
        .map(|p| Person {
            name: p.name.to_string(),
            role: word(p.role),
            acting_for: p.acting_for.map(|a| name(case, a)).unwrap_or_default(),
            can_settle: p.authority_to_settle,
            mediator: p.role == Role::Mediator,
            id: p.id.to_string(),
        })
        .collect();
    let notes: Vec<NoteRow> = case
        .notes
        .iter()
        .rev()
        .take(NOTES_PAGE)
        .map(|n| NoteRow {
            text: n.text.to_string(),
            written: when(n.written_at, case),
            who_can_read: who_can_read(case, n.audience, viewer),
            private: private(n.audience),
        })
        .collect();
    let mut audiences = vec![Choice {
        value: "everyone".into(),
        label: "Everyone in the case".into(),
    }];
    match me {
        Some(_) => audiences.push(Choice {
            value: "private".into(),
            label: "Only the mediator (private)".into(),
        }),
        None => {
            audiences.push(Choice {
                value: "mediator-only".into(),
                label: "Only the mediators (private)".into(),
            });
            for p in case.parties() {
                audiences.push(Choice {
                    value: format!("party:{}", p.id),
                    label: format!("Only {} and the mediator", p.name),
                });
            }
        }
    }
    let parties = case
        .participants
        .iter()
        .filter(|p| p.role != Role::Mediator)
        .map(|p| Choice {
            value: p.id.to_string(),
            label: format!("{} ({})", p.name, phrase(&p.role.to_string())),
        })
        .collect();
    let next_move = case.pending_next_step().map(|s| NextMove {
        step: phrase(s.step.label()),
        owner: name(case, s.owner),
        due_on: day(s.due_on),
        note: s.note.as_ref().map(|n| n.to_string()).unwrap_or_default(),
    });
    Some(CaseModel {
        title: profile.title.to_string(),
        facts,
        version: fold.seen,
        mediator,
        open: case.is_open(),
        people,
        issues: case.issues.iter().map(issue_row).collect(),
        agreed_count: case.issues.iter().filter(|i| i.state.is_agreed()).count(),
        open_count: case.issues.iter().filter(|i| i.state.is_open()).count(),
        sessions: session_rows(case, &id),
        notes_total: case.notes.len(),
        notes,
        deadlines: deadline_rows(case),
        memo: memo(memorandum_answer(case), me, case),
        next_move,
        audiences,
        prep: me.map(|p| prep_of(case, p)).unwrap_or_default(),
        parties,
        today: today_in(case).to_string(),
        my_safe_contact: me
            .map(|p| case.party_of(p))
            .and_then(|party| case.safety.safe_contact(party))
            .map(super::safety::contact_words)
            .unwrap_or_default(),
        pictures: super::case_pictures::of_case(case),
        miam: super::miam::rows(case, own_party),
        invitations: super::invitations::rows(case, own_party),
        id,
    })
}

/// A form's audience choice as the domain's `Audience`, for `viewer`.
pub fn audience_of(choice: &str, viewer: Viewer, case: &Case) -> Option<Audience> {
    match (choice, viewer) {
        ("everyone", _) => Some(Audience::Everyone),
        ("private", Viewer::Participant(p)) => {
            let party = case.party_of(p);
            Some(Audience::PartyAndMediator { party })
        }
        ("mediator-only", Viewer::Mediator) => Some(Audience::MediatorOnly),
        (other, Viewer::Mediator) => other
            .strip_prefix("party:")
            .and_then(|p| p.parse().ok())
            .map(|party| Audience::PartyAndMediator { party }),
        _ => None,
    }
}
