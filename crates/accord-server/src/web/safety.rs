//! `/cases/{case}/safety` (the case's mediators): each party's safety screening (its opening
//! logged, as the API's `GET …/safety` is), the adaptations in force, pause and resume, safe
//! contacts, overrides. Its forms build the API's own request bodies, so the rules are
//! `decide`'s. A party gives its own safe contact from the case page (`safe_contact`).

use super::case_model::{self, when};
use super::case_page::{Extras, case_id};
use super::security::Member;
use super::submit::{Build, Fields, Where, parse_word, submit};
use super::{Chrome, PageResult, Visitor, page, work};
use crate::access::CaseAccess;
use crate::accounts::User;
use crate::error::AppError;
use crate::http::Api;
use crate::http::requests::CommandBody;
use crate::http::safety::{
    AnswerBody, AnswersBody, GiveSafeContact, PauseReason, RecordScreening, Resume,
};
use crate::safety::SafetyRecord;
use crate::sensitive_reads::Via;
use accord_core::case::safety::{Adaptation, Concern, ContactChannel, Judgement};
use accord_core::case::{Case, Viewer};
use accord_core::ids::{CaseId, ParticipantId};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use strum::VariantNames;

type Posted = Form<Vec<(String, String)>>;

/// The questions as the form asks them: (field key, question).
pub const QUESTIONS: [(&str, &str); 6] = [
    (
        "abuse",
        "Domestic abuse, past or present (physical, sexual, emotional, financial, coercive control)",
    ),
    ("threats", "Threats to the party, the children or others"),
    ("fear", "Is the party afraid of the other party?"),
    (
        "child_protection",
        "Concerns for a child’s safety or welfare",
    ),
    (
        "power_imbalance",
        "An imbalance of power (money, information, dominance)",
    ),
    (
        "capacity",
        "Can the party take part and decide for itself (health, language, capacity)?",
    ),
];

#[derive(Template)]
#[template(path = "safety.html")]
struct SafetyPage {
    chrome: Chrome,
    c: case_model::CaseModel,
    r: SafetyRecord,
    paused_since: String,
    /// Per party: (name, when screened, the answers as (question, concern, detail)).
    parties: Vec<PartyRow>,
    overrides: Vec<(String, String)>,
    pauses: Vec<(String, String)>,
    party_choices: Vec<(String, String)>,
    questions: Vec<(String, String)>,
    concerns: Vec<String>,
    judgements: Vec<String>,
    adaptations: Vec<String>,
    x: Extras,
}

struct PartyRow {
    name: String,
    screened: String,
    judgement: String,
    adaptations: String,
    reason: String,
    answers: Vec<(String, String, String)>,
    earlier: usize,
    contact: String,
}

pub async fn show(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
) -> PageResult {
    let (a, v) = (api.clone(), visitor.clone());
    work(&api, &visitor, move || {
        let case = case_id(&case)?;
        render(&a, &v, &user, case, StatusCode::OK, Extras::default())
    })
    .await
}

pub fn render(
    api: &Api,
    visitor: &Visitor,
    user: &User,
    case: CaseId,
    status: StatusCode,
    x: Extras,
) -> Result<Response, AppError> {
    let r = api.workbench.safety(user, case, Via::SafetyPage)?;
    let (_, fold) = api.workbench.viewed(user, case)?;
    let state = &fold.case;
    let c = case_model::build(CaseAccess::Mediator, &fold).ok_or(AppError::CaseNotFound)?;
    let question = |key: &str| {
        QUESTIONS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(key.to_owned(), |(_, q)| (*q).to_owned())
    };
    let parties = r
        .parties
        .iter()
        .map(|p| {
            let s = p.screening.as_ref();
            PartyRow {
                name: p.name.clone(),
                screened: s.map(|s| when(s.at, state)).unwrap_or_default(),
                judgement: s
                    .map(|s| s.screening.judgement.to_string())
                    .unwrap_or_default(),
                adaptations: s
                    .map(|s| words(&s.screening.adaptations))
                    .unwrap_or_default(),
                reason: s
                    .and_then(|s| s.screening.reason.as_ref())
                    .map(|r| r.to_string())
                    .unwrap_or_default(),
                answers: s
                    .map(|s| {
                        s.screening
                            .answers
                            .each()
                            .iter()
                            .map(|(k, a)| {
                                let detail = a.detail.as_ref().map(|d| d.to_string());
                                (
                                    question(k),
                                    a.concern.to_string(),
                                    detail.unwrap_or_default(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                earlier: p.earlier.len(),
                contact: p
                    .safe_contact
                    .as_ref()
                    .map(|c| contact_words(&c.contact))
                    .unwrap_or_default(),
            }
        })
        .collect();
    Ok(page(
        status,
        &SafetyPage {
            chrome: Chrome::new(api, visitor, format!("Safety – {}", c.title)),
            paused_since: r.paused_since.map(|t| when(t, state)).unwrap_or_default(),
            parties,
            overrides: r
                .overrides
                .iter()
                .map(|o| {
                    (
                        when(o.at, state),
                        format!(
                            "A {} session despite {}: {}",
                            o.format,
                            o.overridden.join("; "),
                            o.reason
                        ),
                    )
                })
                .collect(),
            pauses: r
                .pauses
                .iter()
                .map(|p| {
                    let what = if p.paused { "Paused" } else { "Resumed" };
                    (when(p.at, state), format!("{what}: {}", p.reason))
                })
                .collect(),
            party_choices: r
                .parties
                .iter()
                .map(|p| (p.party.to_string(), p.name.clone()))
                .collect(),
            questions: QUESTIONS
                .iter()
                .map(|(k, q)| ((*k).into(), (*q).into()))
                .collect(),
            concerns: Concern::VARIANTS.iter().map(|v| (*v).into()).collect(),
            judgements: Judgement::VARIANTS.iter().map(|v| (*v).into()).collect(),
            adaptations: Adaptation::VARIANTS.iter().map(|v| (*v).into()).collect(),
            r,
            c,
            x,
        },
    ))
}

/// The ways a party may ask to be reached, for the safe-contact forms.
pub fn channels() -> &'static [&'static str] {
    ContactChannel::VARIANTS
}

fn words(adaptations: &[Adaptation]) -> String {
    let w: Vec<String> = adaptations.iter().map(|a| a.to_string()).collect();
    if w.is_empty() {
        "none".into()
    } else {
        w.join(", ")
    }
}

pub(super) fn contact_words(c: &accord_core::case::safety::SafeContact) -> String {
    let mut out = c.channel.to_string();
    if let Some(d) = &c.detail {
        out.push_str(&format!(" {d}"));
    }
    if let Some(t) = &c.times {
        out.push_str(&format!(", {t}"));
    }
    if !c.may_name_service {
        out.push_str(" — messages must not say “Accord” or “mediation”");
    }
    out
}

fn party_field(f: &Fields, name: &'static str) -> Result<ParticipantId, AppError> {
    parse_word(f, name, "the party")
}

/// `POST /cases/{case}/safety/screenings`: records a party's screening.
pub async fn screen(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let body = (|| {
        let answer = |key: &str| -> Result<AnswerBody, AppError> {
            let concern = f
                .get(&format!("screen-{key}"))
                .and_then(|v| v.parse::<Concern>().ok())
                .ok_or(AppError::Invalid {
                    field: "answers",
                    message: "answer every question: no, unsure or yes".into(),
                })?;
            Ok(AnswerBody {
                concern,
                detail: f.given(&format!("screen-answers.{key}.detail")),
            })
        };
        Ok::<_, AppError>(RecordScreening {
            party: party_field(&f, "screen-party")?,
            answers: AnswersBody {
                abuse: answer("abuse")?,
                threats: answer("threats")?,
                fear: answer("fear")?,
                child_protection: answer("child_protection")?,
                power_imbalance: answer("power_imbalance")?,
                capacity: answer("capacity")?,
            },
            judgement: parse_word(&f, "screen-judgement", "the judgement")?,
            adaptations: f
                .0
                .iter()
                .filter(|(k, _)| k == "screen-adaptations")
                .filter_map(|(_, v)| v.parse().ok())
                .collect(),
            reason: f.given("screen-reason"),
            expected_version: None,
        })
    })();
    let build: Build = Box::new(move |_, _| Ok(body?.build()?.0));
    submit(api, visitor, user, case, f, "screen", Where::Safety, build).await
}

/// `POST /cases/{case}/safety/pause`: pauses the case, or resumes the paused one.
pub async fn pause(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let body = PauseReason {
        reason: f.text("pause-reason"),
        expected_version: None,
    };
    let build: Build = Box::new(move |case, _| {
        let built = match case.safety.paused_since {
            None => body.build(),
            Some(_) => Resume(body).build(),
        };
        Ok(built?.0)
    });
    submit(api, visitor, user, case, f, "pause", Where::Safety, build).await
}

/// `POST /cases/{case}/safe-contact`: a party's safe contact — from the case page for the
/// viewer's own party, from the safety page for the party the mediator chose.
pub async fn safe_contact(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let on = if f.get("contact-party").is_some() {
        Where::Safety
    } else {
        Where::Case("contact")
    };
    let chosen = f
        .get("contact-party")
        .map(|_| party_field(&f, "contact-party"));
    let channel = parse_word::<ContactChannel>(&f, "contact-channel", "how to reach you");
    let (detail, times) = (f.given("contact-detail"), f.given("contact-times"));
    // Asked every time, never defaulted: a form saved again must not turn discretion off.
    let may_name_service = match f.get("contact-discreet") {
        Some("yes" | "true") => Ok(false),
        Some("no") => Ok(true),
        _ => Err(AppError::Invalid {
            field: "contact-discreet",
            message: "say whether a message may name Accord or mediation".into(),
        }),
    };
    let build: Build = Box::new(move |case: &Case, access| {
        let party = match (chosen, access.viewer()) {
            (Some(p), _) => p?,
            (None, Viewer::Participant(me)) => case.party_of(me),
            (None, _) => {
                return Err(AppError::Invalid {
                    field: "party",
                    message: "choose the party".into(),
                });
            }
        };
        let body = GiveSafeContact {
            party,
            channel: channel?,
            detail,
            times,
            may_name_service: may_name_service?,
            expected_version: None,
        };
        Ok(body.build()?.0)
    });
    submit(api, visitor, user, case, f, "contact", on, build).await
}
