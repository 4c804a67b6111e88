//! `/cases/{case}/reality`: reality-testing (DOMAIN.md §6) on one page — the alternatives
//! worksheet (a party's own, private to it and the mediator until it shares it), the
//! confidential overlap check (a party sees only its own figures and, like everyone, whether
//! each round overlapped), the mediator's proposal (a party sees only its own answer and, like
//! everyone, the result), and the litigation risk tree weighed against the offer.
//! Everything shown is read from the viewer's own fold: what the viewer may not see is not
//! there to show.

use super::case_model::{self, CaseModel};
use super::case_page::{Extras, case_id};
use super::labels::{who_can_read, word};
use super::security::Member;
use super::{Chrome, PageResult, Visitor, page, work};
use crate::access::CaseAccess;
use crate::accounts::User;
use crate::error::AppError;
use crate::http::Api;
use accord_core::case::alternatives::{Alternative, AlternativeKind, Answered, Sureness};
use accord_core::case::overlap::OverlapCheck;
use accord_core::case::proposal::Proposal;
use accord_core::case::state::Case;
use accord_core::ids::{CaseId, ParticipantId};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use strum::VariantNames;

/// One party's worksheet as the viewer may read it.
pub struct WorksheetView {
    pub party: String,
    pub who_can_read: String,
    pub shared: bool,
    pub rows: Vec<AlternativeRow>,
}

pub struct AlternativeRow {
    pub kind: String,
    /// (question, answer, how sure)
    pub answers: Vec<(String, String, String)>,
}

pub struct CheckView {
    pub number: u32,
    pub figure_label: String,
    pub heading: String,
    pub results: Vec<String>,
    pub ended: bool,
    pub round: u8,
    pub midpoint: String,
    /// The viewer is one of the two sides.
    pub my_side: bool,
    pub i_entered_this_round: bool,
    pub i_agreed_to_midpoint: bool,
    pub my_figures: Vec<String>,
}

pub struct ProposalView {
    pub number: u32,
    pub terms: Vec<(String, String)>,
    pub answer_by: String,
    pub result: String,
    pub awaiting: bool,
    pub my_answer: String,
}

#[derive(Template)]
#[template(path = "reality.html")]
struct RealityPage {
    chrome: Chrome,
    c: CaseModel,
    x: Extras,
    mediator: bool,
    /// The party the viewer speaks for (none for a mediator).
    my_party: String,
    worksheets: Vec<WorksheetView>,
    kinds: Vec<(String, String)>,
    questions: Vec<Question>,
    sureness: Vec<(String, String)>,
    checks: Vec<CheckView>,
    may_open_check: bool,
    proposals: Vec<ProposalView>,
    may_propose: bool,
    parties: Vec<(String, String)>,
    /// (issue id, title, terms typed before a problem)
    open_issues: Vec<(String, String, String)>,
    risk: super::reality_risk::RiskModel,
}

/// One question of the worksheet form, with what was typed if the form came back.
pub struct Question {
    pub id: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub value: String,
    pub sureness: String,
    pub error: String,
}

/// The worksheet form's questions: (field, question, hint); the field names are those the
/// API's body uses, so a problem it names lands beside its question.
pub const QUESTIONS: [(&str, &str, &str); 5] = [
    ("next_week", "What happens next week?", ""),
    ("in_three_months", "Where are you in three months?", ""),
    (
        "spend",
        "What will it cost to reach a decision?",
        "An amount and its currency, for example: 45,000 USD",
    ),
    (
        "months_to_decision",
        "How many months to a decision?",
        "A whole number",
    ),
    (
        "who_decides",
        "Who decides?",
        "A judge, an arbitrator, you and the other side…",
    ),
];

fn questions(x: &Extras) -> Vec<Question> {
    QUESTIONS
        .iter()
        .map(|(id, label, hint)| {
            let field = format!("alt-{id}");
            Question {
                id,
                label,
                hint,
                value: x.typed(&field),
                sureness: x.typed(&format!("{field}-sureness")),
                error: x.problems.on(&field),
            }
        })
        .collect()
}

/// The party the viewer speaks for: its own, or the one it acts for.
pub fn party_of(case: &Case, access: CaseAccess) -> Option<ParticipantId> {
    match access {
        CaseAccess::Participant(p) => case.participant(p).map(|_| case.party_of(p)),
        _ => None,
    }
}

fn name(case: &Case, id: ParticipantId) -> String {
    case.participant(id)
        .map_or_else(|| "A party".into(), |p| p.name.to_string())
}

fn answered<T: std::fmt::Display>(
    question: &str,
    a: &Option<Answered<T>>,
) -> Option<(String, String, String)> {
    a.as_ref()
        .map(|a| (question.to_owned(), a.answer.to_string(), word(a.sureness)))
}

fn row(a: &Alternative) -> AlternativeRow {
    let months = a.months_to_decision.as_ref().map(|m| Answered {
        answer: format!("{} months", m.answer),
        sureness: m.sureness,
    });
    AlternativeRow {
        kind: word(a.kind),
        answers: [
            answered("Next week", &a.next_week),
            answered("In three months", &a.in_three_months),
            answered("Spend to reach a decision", &a.spend),
            answered("Time to a decision", &months),
            answered("Who decides", &a.who_decides),
        ]
        .into_iter()
        .flatten()
        .collect(),
    }
}

fn check(case: &Case, c: &OverlapCheck, me: Option<ParticipantId>) -> CheckView {
    let round = c.current_round().unwrap_or(c.rounds);
    let results = c
        .results
        .iter()
        .map(|r| match (r.overlap, &r.midpoint) {
            (true, Some(m)) => format!(
                "Round {}: the figures overlap; proposed figure {m}",
                r.round
            ),
            (true, None) => format!("Round {}: the figures overlap", r.round),
            (false, _) => format!("Round {}: no overlap", r.round),
        })
        .collect();
    let midpoint = match c.midpoint_agreed_by.len() {
        0 => "Neither side has agreed that an overlap is answered with the midpoint.".into(),
        1 => format!(
            "{} agreed that an overlap is answered with the midpoint; the other side has not.",
            name(case, c.midpoint_agreed_by[0])
        ),
        _ => "Both sides agreed: an overlap is answered with the midpoint as a proposed figure."
            .into(),
    };
    let mine = me.filter(|p| c.is_side(*p));
    CheckView {
        number: c.number,
        figure_label: format!(
            "Your figure for round {round}, in {} ({})",
            c.currency.as_str(),
            if mine == Some(c.receiving) {
                "the least you would accept"
            } else {
                "the most you would pay"
            }
        ),
        heading: format!(
            "Overlap check {}: {} (receiving) and {} (paying), {}, {} round{}",
            c.number,
            name(case, c.receiving),
            name(case, c.paying),
            c.currency.as_str(),
            c.rounds,
            if c.rounds == 1 { "" } else { "s" }
        ),
        results,
        ended: c.ended(),
        round,
        midpoint,
        my_side: mine.is_some(),
        i_entered_this_round: c
            .my_figures
            .iter()
            .any(|f| Some(f.party) == mine && Some(f.round) == c.current_round()),
        i_agreed_to_midpoint: mine.is_some_and(|p| c.midpoint_agreed_by.contains(&p)),
        my_figures: c
            .my_figures
            .iter()
            .map(|f| format!("Round {}: {}", f.round, f.figure))
            .collect(),
    }
}

fn proposal(case: &Case, p: &Proposal) -> ProposalView {
    ProposalView {
        number: p.number,
        terms: p
            .terms
            .iter()
            .map(|t| {
                let issue = case
                    .issue(t.issue)
                    .map_or_else(String::new, |i| i.title.to_string());
                (issue, t.terms.to_string())
            })
            .collect(),
        answer_by: p.answer_by.to_string(),
        result: match &p.result {
            None => "Awaiting answers".into(),
            Some(r) if r.accepted_by_all => {
                "Accepted by all: the terms are agreed, subject to paperwork".into()
            }
            Some(_) => "Not accepted by all".into(),
        },
        awaiting: p.result.is_none(),
        my_answer: p
            .my_answers
            .last()
            .map(|a| {
                if a.accept {
                    "You accepted".into()
                } else {
                    "You rejected".into()
                }
            })
            .unwrap_or_default(),
    }
}

pub fn render(
    api: &Api,
    visitor: &Visitor,
    user: &User,
    case: CaseId,
    status: StatusCode,
    x: Extras,
) -> Result<Response, AppError> {
    render_with(api, visitor, user, case, status, x, None)
}

/// The page, with the figures of a risk tree just run (for this viewer only).
pub fn render_with(
    api: &Api,
    visitor: &Visitor,
    user: &User,
    case: CaseId,
    status: StatusCode,
    x: Extras,
    risk: Option<super::reality_risk::RiskResult>,
) -> Result<Response, AppError> {
    let (access, fold) = api.workbench.viewed(user, case)?;
    if access == CaseAccess::Metadata {
        return Err(AppError::Forbidden(
            "coordinators and admins see case metadata only".into(),
        ));
    }
    let state = &fold.case;
    let c = case_model::build(access, &fold).ok_or(AppError::CaseNotFound)?;
    let mediator = access == CaseAccess::Mediator;
    let me = party_of(state, access);
    let worksheets = state
        .worksheets
        .iter()
        .map(|w| WorksheetView {
            party: name(state, w.party),
            who_can_read: who_can_read(state, w.audience, access.viewer()),
            shared: w.audience == accord_core::case::Audience::Everyone,
            rows: w.worksheet.alternatives.iter().map(row).collect(),
        })
        .collect();
    let mut risk_model = super::reality_risk::model(state, me, &x);
    risk_model.result = risk;
    let chrome = Chrome::new(api, visitor, format!("Reality-testing – {}", c.title));
    Ok(page(
        status,
        &RealityPage {
            chrome,
            mediator,
            my_party: me.map(|p| p.to_string()).unwrap_or_default(),
            worksheets,
            kinds: AlternativeKind::VARIANTS
                .iter()
                .map(|k| ((*k).to_owned(), super::labels::phrase(k)))
                .collect(),
            questions: questions(&x),
            sureness: Sureness::VARIANTS
                .iter()
                .map(|k| ((*k).to_owned(), super::labels::phrase(k)))
                .collect(),
            checks: state
                .overlap_checks
                .iter()
                .rev()
                .map(|k| check(state, k, me))
                .collect(),
            may_open_check: mediator && state.overlap_checks.iter().all(|k| k.ended()),
            proposals: state
                .proposals
                .iter()
                .rev()
                .map(|p| proposal(state, p))
                .collect(),
            may_propose: mediator && state.proposals.iter().all(|p| p.result.is_some()),
            parties: state
                .parties()
                .map(|p| (p.id.to_string(), p.name.to_string()))
                .collect(),
            open_issues: state
                .issues
                .iter()
                .filter(|i| i.state.is_open())
                .map(|i| {
                    let typed = x.typed(&format!("proposal-terms-{}", i.id));
                    (i.id.to_string(), i.title.to_string(), typed)
                })
                .collect(),
            risk: risk_model,
            c,
            x,
        },
    ))
}

pub async fn show(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
) -> PageResult {
    let (a, v) = (api.clone(), visitor.clone());
    work(&api, &visitor, move || {
        render(
            &a,
            &v,
            &user,
            case_id(&case)?,
            StatusCode::OK,
            Extras::default(),
        )
    })
    .await
}
