//! `/cases/{case}/sessions/{session}/after`: what follows a session without full agreement,
//! as one guided sequence — outcome, each side's private debrief, the terms locked down, why
//! it stalled, the advice with its reasons, and the next move (one owner, one date). Every
//! step's "done" is read off the case itself, so a person can leave and come back. A party
//! sees its own steps: the outcome, its debrief, the terms, the memorandum, what happens next.

use super::case_model::{self, CaseModel};
use super::case_page::{Extras, case_id};
use super::labels::{phrase, word};
use super::security::Member;
use super::{Chrome, PageResult, Visitor, page, work};
use crate::access::CaseAccess;
use crate::accounts::User;
use crate::error::AppError;
use crate::http::Api;
use crate::sensitive_reads::Via;
use accord_core::advice::StallReason;
use accord_core::case::debrief::Author;
use accord_core::case::sensitive::SensitiveRecord;
use accord_core::case::state::Case;
use accord_core::case::vocabulary::Outcome;
use accord_core::ids::{CaseId, ParticipantId, SessionId};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use strum::VariantNames;

pub struct Step {
    pub anchor: &'static str,
    pub label: &'static str,
    pub done: bool,
}

pub struct Option_ {
    pub value: String,
    pub label: String,
    pub excluded: bool,
    pub reasons: Vec<String>,
    pub profile: String,
}

pub struct DebriefState {
    pub who: String,
    pub done: bool,
}

#[derive(Template)]
#[template(path = "after.html")]
struct AfterPage {
    chrome: Chrome,
    c: CaseModel,
    x: Extras,
    session: String,
    /// The session forms return to (this one).
    back: String,
    session_when: String,
    steps: Vec<Step>,
    outcome: String,
    outcomes: Vec<(String, String)>,
    /// The viewer writes its debrief as this author (`mediator` or `party:<id>`).
    my_debrief_done: bool,
    /// The viewer's own latest debrief of this session, as (what, the words).
    my_debrief: Vec<(String, String)>,
    debriefs: Vec<DebriefState>,
    reasons: Vec<(String, String)>,
    options: Vec<Option_>,
    people: Vec<(String, String)>,
    mediator: bool,
}

fn me(access: CaseAccess) -> Option<ParticipantId> {
    match access {
        CaseAccess::Participant(p) => Some(p),
        _ => None,
    }
}

/// Whose debrief the viewer writes: the mediator's, or its party's.
pub fn author_for(case: &Case, access: CaseAccess) -> Option<Author> {
    match access {
        CaseAccess::Mediator => Some(Author::Mediator),
        CaseAccess::Participant(p) => {
            case.participant(p)?;
            Some(Author::Party {
                party: case.party_of(p),
            })
        }
        CaseAccess::Metadata => None,
    }
}

#[allow(clippy::too_many_arguments)]
pub fn render(
    api: &Api,
    visitor: &Visitor,
    user: &User,
    case: CaseId,
    session: SessionId,
    status: StatusCode,
    x: Extras,
) -> Result<Response, AppError> {
    let (access, fold) = api.workbench.viewed(user, case)?;
    let state = &fold.case;
    let s = state.session(session).ok_or(AppError::CaseNotFound)?;
    let c = case_model::build(access, &fold).ok_or(AppError::CaseNotFound)?;
    let mediator = access == CaseAccess::Mediator;
    let since = s.starts_at;
    let outcome_done = s.outcome.is_some();
    let author = author_for(state, access);
    let mine = author.and_then(|a| state.debrief(session, a));
    if let Some(d) = mine {
        api.workbench.opened(
            user,
            case,
            &[SensitiveRecord::Debrief {
                session,
                author: d.author,
            }],
            Via::AfterSessionPage,
        )?;
    }
    let my_debrief_done = mine.is_some();
    let my_debrief = mine.map(|d| own_words(&d.debrief)).unwrap_or_default();
    let debriefs = state
        .debriefs_due
        .iter()
        .filter(|d| d.session == session)
        .map(|d| DebriefState {
            who: match d.author {
                Author::Mediator => "The mediator".into(),
                Author::Party { party } => state
                    .participant(party)
                    .map_or_else(|| "A party".into(), |p| p.name.to_string()),
            },
            done: d.captured,
        })
        .collect();
    let terms_done = state.memoranda.iter().any(|m| m.issued_at >= since);
    let diagnosed = state.diagnoses.iter().any(|d| d.session == Some(session));
    let next_chosen = state.next_steps.iter().any(|n| n.chosen_at >= since);
    let mut steps = vec![
        Step {
            anchor: "outcome",
            label: "How the session ended",
            done: outcome_done,
        },
        Step {
            anchor: "debrief",
            label: "Your debrief (private)",
            done: my_debrief_done,
        },
        Step {
            anchor: "terms",
            label: "Lock down the terms",
            done: terms_done,
        },
    ];
    if mediator {
        steps.push(Step {
            anchor: "stall",
            label: "Why it stalled",
            done: diagnosed,
        });
        steps.push(Step {
            anchor: "advice",
            label: "The options, with reasons",
            done: next_chosen,
        });
        steps.push(Step {
            anchor: "next",
            label: "Choose the next move",
            done: next_chosen,
        });
    } else {
        steps.push(Step {
            anchor: "next",
            label: "What happens next",
            done: next_chosen,
        });
    }
    let options = match mediator {
        true => crate::after_session::advice_answer(state)?
            .advice
            .options
            .into_iter()
            .map(|o| Option_ {
                value: o.item.to_string(),
                label: phrase(o.label),
                excluded: o.excluded,
                reasons: o.reasons.iter().map(|r| r.because.clone()).collect(),
                profile: o
                    .profile
                    .map(|p| {
                        format!(
                            "Who decides: {}. {}. Time: {}. Cost: {}. {}.",
                            p.who_decides,
                            word(p.binding),
                            word(p.time_band),
                            word(p.cost_band),
                            word(p.confidentiality)
                        )
                    })
                    .unwrap_or_default(),
            })
            .collect(),
        false => vec![],
    };
    let people = state
        .participants
        .iter()
        .map(|p| (p.id.to_string(), p.name.to_string()))
        .collect();
    let _ = me(access);
    let chrome = Chrome::new(api, visitor, format!("After the session – {}", c.title));
    Ok(page(
        status,
        &AfterPage {
            chrome,
            session: session.to_string(),
            back: session.to_string(),
            session_when: case_model::when(s.starts_at, state),
            steps,
            outcome: s
                .outcome
                .as_ref()
                .map(|o| word(o.outcome))
                .unwrap_or_default(),
            outcomes: Outcome::VARIANTS
                .iter()
                .map(|o| ((*o).to_owned(), phrase(o)))
                .collect(),
            my_debrief_done,
            my_debrief,
            debriefs,
            reasons: StallReason::VARIANTS
                .iter()
                .filter_map(|r| r.parse::<StallReason>().ok())
                .map(|r| (r.to_string(), phrase(r.label())))
                .collect(),
            options,
            people,
            mediator,
            c,
            x,
        },
    ))
}

/// A debrief as its own author reads it back.
fn own_words(d: &accord_core::case::debrief::Debrief) -> Vec<(String, String)> {
    let list = |items: &[accord_core::text::Text]| {
        items
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    };
    [
        (
            "The best offer on the table",
            d.best_offer
                .as_ref()
                .map(|o| o.to_string())
                .unwrap_or_default(),
        ),
        ("What you cannot accept", list(&d.dealbreakers)),
        ("What information is missing", list(&d.missing_information)),
        ("Where you could move", list(&d.flexibility_signals)),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

pub async fn show(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path((case, session)): Path<(String, String)>,
) -> PageResult {
    let (a, v) = (api.clone(), visitor.clone());
    work(&api, &visitor, move || {
        let case = case_id(&case)?;
        let session = session.parse().map_err(|_| AppError::CaseNotFound)?;
        render(
            &a,
            &v,
            &user,
            case,
            session,
            StatusCode::OK,
            Extras::default(),
        )
    })
    .await
}
