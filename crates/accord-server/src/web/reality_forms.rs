//! The forms of the reality-testing page: a worksheet alternative and sharing the worksheet,
//! opening an overlap check, agreeing to its midpoint and entering a figure, putting a
//! proposal and answering or closing it. Each becomes the API's own request body (or the
//! command it builds) and goes through `submit`, so the rules are the ones the API enforces.
//! A figure typed into a form is never repeated in a problem shown back: the message names
//! what is wrong, not what was typed.

use super::reality::{QUESTIONS, party_of};
use super::security::Member;
use super::submit::{Build, Fields, Where, parse_date, submit};
use crate::access::CaseAccess;
use crate::error::AppError;
use crate::http::Api;
use crate::http::reality_bodies as bodies;
use crate::http::requests::{self, CommandBody, WithId};
use accord_core::case::Command;
use accord_core::case::money::Money;
use accord_core::case::state::Case;
use accord_core::ids::ParticipantId;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;

type Posted = Form<Vec<(String, String)>>;

fn built(b: requests::Built) -> Result<Command, AppError> {
    b.map(|(command, _)| command).map_err(AppError::from)
}

fn on(anchor: &'static str) -> Where {
    Where::Reality(anchor)
}

/// The party the sender speaks for; a mediator names none and is refused by the rules.
fn my_party(case: &Case, access: CaseAccess) -> Result<ParticipantId, AppError> {
    party_of(case, access).ok_or_else(|| {
        AppError::Forbidden("only a party (or someone acting for it) can do this".into())
    })
}

/// `POST /cases/{case}/reality/worksheet`: one alternative, merged into the party's latest
/// worksheet (replacing the same kind).
pub async fn worksheet(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let kind = f.text("alt-kind");
    let for_party = f.get("alt-party").and_then(|p| p.parse().ok());
    let answer = |id: &str| {
        f.given(&format!("alt-{id}")).map(|a| {
            let sureness = f.text(&format!("alt-{id}-sureness"));
            (a, sureness)
        })
    };
    let answers: Vec<_> = QUESTIONS.iter().map(|(id, _, _)| answer(id)).collect();
    let build: Build = Box::new(move |case, access| {
        let party = match access {
            CaseAccess::Mediator => for_party.ok_or(AppError::Invalid {
                field: "alt-party",
                message: "choose the party this alternative is for".into(),
            })?,
            _ => my_party(case, access)?,
        };
        let mut alternative = serde_json::json!({"kind": kind});
        for ((id, _, _), a) in QUESTIONS.iter().zip(answers) {
            let Some((answer, sureness)) = a else {
                continue;
            };
            let answer = match *id {
                "spend" => {
                    serde_json::to_value(Money::parse(&answer).map_err(|_| AppError::Invalid {
                        field: "alt-spend",
                        message: "enter an amount and its currency, for example 45,000 USD".into(),
                    })?)
                    .expect("money serializes")
                }
                "months_to_decision" => serde_json::json!(answer.parse::<u16>().map_err(|_| {
                    AppError::Invalid {
                        field: "alt-months_to_decision",
                        message: "enter a whole number of months".into(),
                    }
                })?),
                _ => serde_json::json!(answer),
            };
            alternative[*id] = serde_json::json!({"answer": answer, "sureness": sureness});
        }
        let one: bodies::AlternativeBody =
            serde_json::from_value(alternative).map_err(|e| AppError::Invalid {
                field: "alt-kind",
                message: format!("choose an alternative and how sure you are of each answer ({e})"),
            })?;
        let Command::RecordAlternatives {
            party,
            worksheet: new,
        } = built(
            bodies::RecordAlternatives {
                party,
                alternatives: vec![one],
                expected_version: None,
            }
            .build(),
        )?
        else {
            unreachable!("the worksheet body builds RecordAlternatives")
        };
        let mut alternatives = case
            .worksheets
            .iter()
            .rfind(|w| w.party == party && w.audience != accord_core::case::Audience::Everyone)
            .map(|w| w.worksheet.alternatives.clone())
            .unwrap_or_default();
        for a in new.alternatives {
            alternatives.retain(|o| o.kind != a.kind);
            alternatives.push(a);
        }
        Ok(Command::RecordAlternatives {
            party,
            worksheet: accord_core::case::alternatives::Worksheet { alternatives },
        })
    });
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "alt",
        on("alternatives"),
        build,
    )
    .await
}

/// `POST /cases/{case}/reality/worksheet/share`
pub async fn share(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let build: Build = Box::new(move |case, access| {
        let party = my_party(case, access)?;
        built(
            bodies::ShareAlternatives {
                party,
                expected_version: None,
            }
            .build(),
        )
    });
    let f = Fields(fields);
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "alt",
        on("alternatives"),
        build,
    )
    .await
}

/// `POST /cases/{case}/reality/overlap` (mediator)
pub async fn open_check(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let receiving = f.get("overlap-receiving").and_then(|p| p.parse().ok());
    let paying = f.get("overlap-paying").and_then(|p| p.parse().ok());
    let currency = f.text("overlap-currency");
    let rounds = f.given("overlap-rounds").map(|r| r.parse::<u8>());
    let build: Build = Box::new(move |_, _| {
        let choose = |field| AppError::Invalid {
            field,
            message: "choose a party".into(),
        };
        let rounds = rounds.transpose().map_err(|_| AppError::Invalid {
            field: "overlap-rounds",
            message: "enter a number of rounds from 1 to 5".into(),
        })?;
        built(
            bodies::OpenOverlapCheck {
                receiving: receiving.ok_or_else(|| choose("overlap-receiving"))?,
                paying: paying.ok_or_else(|| choose("overlap-paying"))?,
                currency,
                rounds,
                expected_version: None,
            }
            .build(),
        )
    });
    submit(api, visitor, user, case, f, "overlap", on("overlap"), build).await
}

/// `POST /cases/{case}/reality/overlap/{check}/midpoint`
pub async fn midpoint(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path((case, check)): Path<(String, u32)>,
    Form(fields): Posted,
) -> Response {
    let build: Build = Box::new(move |case, access| {
        let party = my_party(case, access)?;
        built(
            WithId(
                bodies::AgreeToMidpoint {
                    party,
                    expected_version: None,
                },
                check,
            )
            .build(),
        )
    });
    let f = Fields(fields);
    submit(api, visitor, user, case, f, "overlap", on("overlap"), build).await
}

/// `POST /cases/{case}/reality/overlap/{check}/figure`: the amount is read in the check's
/// currency; a problem with it never repeats it.
pub async fn figure(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path((case, check)): Path<(String, u32)>,
    Form(fields): Posted,
) -> Response {
    let mut f = Fields(fields);
    let typed = f.text("overlap-figure");
    // Not kept for the form to show again: a figure goes back to nobody.
    f.0.retain(|(k, _)| k != "overlap-figure");
    let build: Build = Box::new(move |case, access| {
        let party = my_party(case, access)?;
        let running = case.overlap_check(check).ok_or(AppError::CaseNotFound)?;
        let figure = Money::parse(&format!("{} {}", typed.trim(), running.currency.as_str()))
            .map_err(|_| AppError::Invalid {
                field: "overlap-figure",
                message: format!(
                    "enter an amount in {} without a sign, for example 75,000",
                    running.currency.as_str()
                ),
            })?;
        built(
            WithId(
                bodies::EnterFigure {
                    party,
                    figure,
                    expected_version: None,
                },
                check,
            )
            .build(),
        )
    });
    submit(api, visitor, user, case, f, "overlap", on("overlap"), build).await
}

/// `POST /cases/{case}/reality/proposals` (mediator): terms for each issue filled in.
pub async fn propose(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let terms: Vec<_> =
        f.0.iter()
            .filter_map(|(k, v)| {
                let issue = k.strip_prefix("proposal-terms-")?.parse().ok()?;
                let v = v.trim();
                (!v.is_empty()).then(|| bodies::ProposedTermBody {
                    issue,
                    terms: v.to_owned(),
                })
            })
            .collect();
    let answer_by = parse_date(&f, "proposal-answer_by");
    let build: Build = Box::new(move |_, _| {
        let answer_by = answer_by?.ok_or(AppError::Invalid {
            field: "proposal-answer_by",
            message: "enter the day by which every party answers".into(),
        })?;
        built(
            bodies::MakeProposal {
                terms,
                answer_by,
                expected_version: None,
            }
            .build(),
        )
    });
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "proposal",
        on("proposal"),
        build,
    )
    .await
}

/// `POST /cases/{case}/reality/proposals/{proposal}/answer`
pub async fn answer(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path((case, proposal)): Path<(String, u32)>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let accept = f
        .get("proposal-accept")
        .and_then(|a| a.parse::<bool>().ok());
    let build: Build = Box::new(move |case, access| {
        let party = my_party(case, access)?;
        let accept = accept.ok_or(AppError::Invalid {
            field: "proposal-accept",
            message: "choose whether you accept the terms".into(),
        })?;
        built(
            WithId(
                bodies::AnswerProposal {
                    party,
                    accept,
                    expected_version: None,
                },
                proposal,
            )
            .build(),
        )
    });
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "proposal",
        on("proposal"),
        build,
    )
    .await
}

/// `POST /cases/{case}/reality/proposals/{proposal}/close` (mediator)
pub async fn close(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path((case, proposal)): Path<(String, u32)>,
    Form(fields): Posted,
) -> Response {
    let build: Build = Box::new(move |_, _| {
        built(
            WithId(
                bodies::CloseProposal {
                    expected_version: None,
                },
                proposal,
            )
            .build(),
        )
    });
    let f = Fields(fields);
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "proposal",
        on("proposal"),
        build,
    )
    .await
}
