//! Each document's own part of the data, from one fold. Dates and words are put in full
//! here, so the templates only lay them out.

use super::Template;
use super::record::{day, day_of, moment, zone};
use crate::after_session::memorandum_answer;
use crate::error::{AppError, Result};
use crate::web::labels::{capitalised, term, word};
use accord_core::case::Audience;
use accord_core::case::court_report::{CourtReport, CourtResult};
use accord_core::case::invitation::{AnswerKind, InvitationStatus};
use accord_core::case::memorandum::Term;
use accord_core::case::miam_record::MiamAssessment;
use accord_core::case::state::{Case, SessionStatus};
use accord_core::case::vocabulary::Role;
use accord_core::ids::{ParticipantId, SessionId};
use serde_json::{Value, json};

type Content = (Template, Value, &'static str);

fn name(case: &Case, id: ParticipantId) -> String {
    case.participant(id)
        .map_or_else(|| "a participant".to_owned(), |p| p.name.to_string())
}

fn mediators(case: &Case) -> String {
    let names: Vec<String> = case
        .participants
        .iter()
        .filter(|p| p.role == Role::Mediator)
        .map(|p| p.name.to_string())
        .collect();
    if names.is_empty() {
        "The mediator".into()
    } else {
        names.join(", ")
    }
}

fn terms(list: &[Term]) -> Value {
    list.iter()
        .map(|t| json!({"issue": t.issue, "state": capitalised(&t.state), "detail": t.detail}))
        .collect()
}

pub fn memorandum(case: &Case) -> Content {
    let answer = memorandum_answer(case);
    let latest = answer.latest_issued.as_ref();
    let (shown, status, hash, changed_note) = match latest {
        Some(l) if !answer.changed_since_issued => (
            &l.memorandum,
            format!(
                "Version {}, issued on {}",
                l.version,
                day_of(case, l.issued_at)
            ),
            Some(l.content_hash.clone()),
            None,
        ),
        Some(l) => (
            &answer.current,
            "Draft: not issued for confirmation".to_owned(),
            None,
            Some(format!(
                "The case changed after version {} was issued on {}. This is the text as it \
                 stands now; the mediator issues a new version for the parties to confirm.",
                l.version,
                day_of(case, l.issued_at)
            )),
        ),
        None => (
            &answer.current,
            "Draft: not yet issued for confirmation".to_owned(),
            None,
            None,
        ),
    };
    let partial = !shown.open.is_empty() || !shown.withdrawn_or_referred.is_empty();
    let confirmations: Vec<Value> = answer
        .confirmations
        .iter()
        .map(|c| {
            let version = if c.stale {
                format!("{} (earlier)", c.version)
            } else {
                c.version.to_string()
            };
            json!({"version": version, "by": c.by, "for_party": c.for_party,
                   "on": day_of(case, c.confirmed_at)})
        })
        .collect();
    let data = json!({
        "document": if partial { "Memorandum of partial agreement" } else { "Memorandum of agreement" },
        "status": status,
        "changed_note": changed_note,
        "memorandum": {
            "parties": shown.parties,
            "agreed_final": terms(&shown.agreed_final),
            "conditional": terms(&shown.conditional),
            "open": terms(&shown.open),
            "withdrawn_or_referred": terms(&shown.withdrawn_or_referred),
            "review_dates": shown.review_dates.iter()
                .map(|r| json!({"on": day(r.on), "issue": r.issue, "what": r.what}))
                .collect::<Vec<_>>(),
        },
        "confirmations": confirmations,
        "awaiting": if latest.is_some() { answer.awaiting.clone() } else { Vec::new() },
        "content_hash": hash,
    });
    (Template::Memorandum, data, "memorandum")
}

fn assessment(a: MiamAssessment) -> &'static str {
    match a {
        MiamAssessment::Suitable => {
            "Suitable for mediation, or for another form of non-court dispute resolution."
        }
        MiamAssessment::NotSuitable => "Not suitable for mediation.",
        MiamAssessment::OtherPartyDidNotAttend => {
            "The other party did not attend a MIAM. This is recorded as a fact; it is not an \
             exemption."
        }
        MiamAssessment::OtherPartyDeclined => {
            "The other party declined to take part in mediation. This is recorded as a fact; it \
             is not an exemption."
        }
    }
}

pub fn miam_confirmation(case: &Case, participant: ParticipantId) -> Result<Content> {
    let none = || {
        AppError::NoDocument(
            "no MIAM confirmation has been issued for that party, or none that you may see",
        )
    };
    let record = case
        .miam
        .iter()
        .find(|m| m.party == participant)
        .ok_or_else(none)?;
    let c = record.confirmation.as_ref().ok_or_else(none)?;
    let a = &record.attendance;
    let how = format!(
        "{}, {}",
        if a.online { "Online" } else { "In person" },
        if a.jointly {
            "with the other party"
        } else {
            "alone"
        }
    );
    let data = json!({
        "document": "MIAM confirmation",
        "confirmation": {
            "party": name(case, record.party),
            "attended_on": day(c.attended_on),
            "length": format!("{} minutes", a.minutes),
            "how": how,
            "mediator": c.mediator.to_string(),
            "fmc_number": c.fmc_number.to_string(),
            "assessment": assessment(c.assessment),
            "expires_on": day(c.expires_on),
            "expiry_rule": "That is four months from the day of the MIAM, the day itself counting \
                as the first; where the fourth month has no such day, its last day.",
        },
    });
    Ok((Template::MiamConfirmation, data, "miam-confirmation"))
}

fn result(r: CourtResult) -> &'static str {
    match r {
        CourtResult::Settled => "Settled: the parties reached agreement on every issue.",
        CourtResult::PartlySettled => "Partly settled: the parties agreed some of the issues.",
        CourtResult::NotSettled => "Not settled.",
        CourtResult::Pending => "Mediation is continuing: there is no result to report yet.",
    }
}

pub fn court_report(case: &Case) -> Result<Content> {
    let report = CourtReport::of(case, &zone(case)).ok_or(AppError::CaseNotFound)?;
    let sessions: Vec<Value> = report
        .sessions
        .iter()
        .map(|s| {
            json!({
                "date": s.held_on.map_or_else(String::new, day),
                "held": if s.took_place {
                    s.format.map_or_else(|| "Yes".to_owned(), |f| format!("Yes ({})", word(f).to_lowercase()))
                } else { "Did not take place".to_owned() },
                "attended": if s.attended.is_empty() { "Nobody".to_owned() } else { s.attended.join(", ") },
            })
        })
        .collect();
    let data = json!({
        "document": "Report to the court",
        "signed_by": mediators(case),
        "report": {
            "court_ordered": if report.court_ordered { "Yes" } else { "No" },
            "result": result(report.result),
            "closed_on": report.closed_on.map(day),
            "sessions": sessions,
        },
    });
    Ok((Template::CourtReport, data, "court-report"))
}

fn answered(kind: AnswerKind) -> (&'static str, &'static str) {
    match kind {
        AnswerKind::Accept => ("Accepted mediation", "What they added"),
        AnswerKind::Decline => ("Declined mediation", "Their reasons"),
        AnswerKind::OtherMediator => ("Willing to mediate, with a different mediator", "Why"),
        AnswerKind::OtherTimes => ("Willing to mediate, at other times", "The times proposed"),
    }
}

pub fn invitation_answer(case: &Case, participant: ParticipantId) -> Result<Content> {
    let invitation = case
        .invitations
        .iter()
        .rev()
        .find(|i| i.participant == participant)
        .ok_or(AppError::NoDocument(
            "that participant has not been invited to mediate",
        ))?;
    let party = name(case, participant);
    let mut answer = json!({
        "party": party,
        "invited_at": day_of(case, invitation.invited_at),
        "answer_by": day(invitation.answer_by),
    });
    let fields = answer.as_object_mut().expect("an object");
    match &invitation.status {
        InvitationStatus::Awaiting => {
            return Err(AppError::NoDocument(
                "that invitation has not been answered yet",
            ));
        }
        InvitationStatus::Lapsed { at } => {
            fields.insert("answer".into(), "No answer by the date asked".into());
            fields.insert(
                "answered_at".into(),
                format!("Recorded on {}", moment(case, *at)).into(),
            );
        }
        InvitationStatus::Answered {
            kind,
            at,
            text,
            shared,
        } => {
            let (said, label) = answered(*kind);
            fields.insert("answer".into(), said.into());
            fields.insert("answered_at".into(), moment(case, *at).into());
            if let Some(text) = text {
                fields.insert("text_label".into(), label.into());
                fields.insert("text".into(), text.to_string().into());
            }
            let sharing = match (kind.needs_text(), text.is_some(), shared) {
                (false, _, _) => None,
                (true, _, true) => Some("The party shared this with the other party.".to_owned()),
                (true, true, false) => Some(format!(
                    "Not shared with the other party: only {party} and the mediator read it."
                )),
                (true, false, false) => {
                    Some("The party did not share its reasons with the other party.".to_owned())
                }
            };
            fields.insert("sharing".into(), sharing.into());
        }
    }
    let data = json!({"document": "Answer to an invitation to mediate", "answer": answer});
    Ok((Template::InvitationAnswer, data, "invitation-answer"))
}

pub fn session_summary(case: &Case, session: SessionId) -> Result<Content> {
    let s = case.session(session).ok_or(AppError::NoDocument(
        "there is no such session in this case",
    ))?;
    let (status, format, attended) = match &s.status {
        SessionStatus::Scheduled => ("Scheduled".to_owned(), s.planned_format, None),
        SessionStatus::Held {
            format, attendees, ..
        } => (
            "Held".to_owned(),
            *format,
            Some(
                attendees
                    .iter()
                    .map(|a| name(case, *a))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ),
        SessionStatus::Cancelled { reason } => (
            reason
                .as_ref()
                .map_or_else(|| "Cancelled".to_owned(), |r| format!("Cancelled: {r}")),
            s.planned_format,
            None,
        ),
    };
    let agenda: Vec<Value> = s
        .agenda
        .iter()
        .filter_map(|i| case.issue(*i))
        .map(|i| json!({"title": i.title.to_string(), "state": term(&i.state).0}))
        .collect();
    let notes: Vec<Value> = case
        .notes
        .iter()
        .filter(|n| n.about_session == Some(session) && n.audience == Audience::Everyone)
        .map(|n| json!({"written": moment(case, n.written_at), "text": n.text.to_string()}))
        .collect();
    let data = json!({
        "document": "Session summary",
        "session": {
            "date": moment(case, s.starts_at),
            "format": word(format),
            "status": status,
            "attended": attended,
            "agenda": agenda,
            "outcome": s.outcome.as_ref().map(|o| word(o.outcome)),
            "outcome_summary": s.outcome.as_ref().and_then(|o| o.summary.as_ref()).map(|t| t.to_string()),
            "notes": notes,
        },
    });
    Ok((Template::SessionSummary, data, "session-summary"))
}
