//! The mediator's proposal (DOMAIN.md §6): the mediator puts one set of terms to every party,
//! each party answers accept or reject in confidence by a date on the clock, and only the
//! result is published — accepted by all, in which case the terms are agreed and go into the
//! memorandum, or "not accepted by all", never who rejected. Each answer is an event whose
//! audience is its party alone: not the other parties, not the mediator.

use super::event::{Event, NewEvent};
use super::state::Case;
use super::vocabulary::TermState;
use crate::error::DomainError;
use crate::ids::{DeadlineId, IssueId, ParticipantId};
use crate::text::Text;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Proposals in one case.
pub const MAX_PROPOSALS: usize = 20;

/// The terms proposed for one issue.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedTerm {
    pub issue: IssueId,
    pub terms: Text,
}

/// A mediator's proposal, as a viewer sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Proposal {
    /// 1 for the case's first proposal, 2 for the next, …
    pub number: u32,
    pub terms: Vec<ProposedTerm>,
    pub answer_by: Date,
    /// The deadline on the case's clock for the answers.
    pub deadline: DeadlineId,
    pub made_at: Timestamp,
    /// `None` while answers are awaited.
    pub result: Option<ProposalResult>,
    /// This viewer's own answer (only a party's own fold holds one).
    pub my_answers: Vec<ProposalAnswer>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProposalResult {
    /// True when every party accepted; false says only "not accepted by all".
    pub accepted_by_all: bool,
    pub at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProposalAnswer {
    pub party: ParticipantId,
    pub accept: bool,
    pub at: Timestamp,
}

/// The rule for making a proposal: terms for open issues of the case, one answer date, and no
/// other proposal awaiting answers.
pub fn make(
    case: &Case,
    terms: Vec<ProposedTerm>,
    answer_by: Date,
    deadline: DeadlineId,
) -> Result<Vec<NewEvent>, DomainError> {
    super::dates::check("answer_by", answer_by)?;
    if terms.is_empty() {
        return Err(DomainError::EmptyField { field: "terms" });
    }
    if terms.len() > super::decide::MAX_LIST {
        return Err(DomainError::LimitReached {
            what: "terms in one proposal",
            max: super::decide::MAX_LIST,
        });
    }
    for (i, t) in terms.iter().enumerate() {
        let issue = case
            .issue(t.issue)
            .ok_or(DomainError::UnknownIssue(t.issue))?;
        if !issue.state.is_open() {
            return Err(DomainError::InvalidField {
                field: "terms",
                reason: format!("the issue \"{}\" is no longer open", issue.title.as_str()),
            });
        }
        if terms[..i].iter().any(|o| o.issue == t.issue) {
            return Err(DomainError::InvalidField {
                field: "terms",
                reason: format!("the issue \"{}\" is named twice", issue.title.as_str()),
            });
        }
    }
    if case.parties().count() < 2 {
        return Err(DomainError::InvalidField {
            field: "terms",
            reason: "a proposal is put to two or more parties; add the parties first".into(),
        });
    }
    if case.proposals.len() >= MAX_PROPOSALS {
        return Err(DomainError::LimitReached {
            what: "proposals",
            max: MAX_PROPOSALS,
        });
    }
    if case.proposals.iter().any(|p| p.result.is_none()) {
        return Err(DomainError::ProposalAwaitingAnswers);
    }
    let number = case.proposals.len() as u32 + 1;
    Ok(vec![
        NewEvent::joint(Event::ProposalMade {
            number,
            terms,
            answer_by,
            deadline,
        }),
        NewEvent::joint(Event::DeadlineSet {
            deadline,
            kind: super::deadline::DeadlineKind::ProposalAnswers,
            label: Text::line(
                "label",
                &format!("Answers to the mediator's proposal {number}"),
                crate::text::limits::SHORT,
            )
            .expect("a short fixed label"),
            due_on: answer_by,
            computation: None,
        }),
    ])
}

fn awaiting(case: &Case, number: u32) -> Result<&Proposal, DomainError> {
    let p = case
        .proposal(number)
        .ok_or(DomainError::UnknownProposal(number))?;
    if p.result.is_some() {
        return Err(DomainError::ProposalDecided);
    }
    Ok(p)
}

/// A party's answer, for that party alone; when it is the last answer awaited, the joint
/// result (and, if all accepted, the terms agreed).
pub fn answer(
    case: &Case,
    number: u32,
    party: ParticipantId,
    accept: bool,
) -> Result<Vec<NewEvent>, DomainError> {
    super::decide::require_party(case, party)?;
    let p = awaiting(case, number)?;
    if p.my_answers.iter().any(|a| a.party == party) {
        return Err(DomainError::AlreadyAnswered);
    }
    let mut events = vec![NewEvent::party_alone(
        party,
        Event::ProposalAnswered {
            number,
            party,
            accept,
        },
    )];
    let everyone_answered = case
        .parties()
        .all(|q| q.id == party || p.my_answers.iter().any(|a| a.party == q.id));
    if everyone_answered {
        let all = accept && p.my_answers.iter().all(|a| a.accept);
        events.extend(decided(p, all));
    }
    Ok(events)
}

/// The mediator closes a proposal still awaiting answers (once its date has passed, usually):
/// "not accepted by all", whoever answered what.
pub fn close(case: &Case, number: u32) -> Result<Vec<NewEvent>, DomainError> {
    let p = awaiting(case, number)?;
    Ok(decided(p, false))
}

fn decided(p: &Proposal, accepted_by_all: bool) -> Vec<NewEvent> {
    let mut events = vec![NewEvent::joint(Event::ProposalDecided {
        number: p.number,
        accepted_by_all,
    })];
    if accepted_by_all {
        events.extend(p.terms.iter().map(|t| {
            NewEvent::joint(Event::IssueStateChanged {
                issue: t.issue,
                state: TermState::AgreedSubjectToPaperwork,
                reason: Some(t.terms.clone()),
            })
        }));
    }
    // The answers' deadline is met either way: the proposal has its decision.
    events.push(NewEvent::joint(Event::DeadlineMet {
        deadline: p.deadline,
    }));
    events
}

/// Folds the proposal's events into the state.
pub fn evolve(case: &mut Case, event: &Event, at: Timestamp) {
    match event {
        Event::ProposalMade {
            number,
            terms,
            answer_by,
            deadline,
        } => case.proposals.push(Proposal {
            number: *number,
            terms: terms.clone(),
            answer_by: *answer_by,
            deadline: *deadline,
            made_at: at,
            result: None,
            my_answers: Vec::new(),
        }),
        Event::ProposalAnswered {
            number,
            party,
            accept,
        } => {
            if let Some(p) = case.proposal_mut(*number) {
                p.my_answers.push(ProposalAnswer {
                    party: *party,
                    accept: *accept,
                    at,
                });
            }
        }
        Event::ProposalDecided {
            number,
            accepted_by_all,
        } => {
            if let Some(p) = case.proposal_mut(*number) {
                p.result = Some(ProposalResult {
                    accepted_by_all: *accepted_by_all,
                    at,
                });
            }
        }
        _ => {}
    }
}
