//! Plain text for what follows a session without full agreement, as part of `case show`:
//! debriefs (due and captured), shared items, positions, stall diagnoses, the memorandum, the
//! next step and preparations. It prints only what the folded case holds for its viewer.

use accord_core::case::Audience;
use accord_core::case::debrief::Author;
use accord_core::case::state::Case;
use accord_core::ids::{ParticipantId, SessionId};
use jiff::tz::TimeZone;
use std::fmt::Write;

fn name(case: &Case, id: ParticipantId) -> String {
    case.participant(id)
        .map_or_else(|| "someone".into(), |p| p.name.to_string())
}

fn author(case: &Case, a: Author) -> String {
    match a {
        Author::Mediator => "the mediator".into(),
        Author::Party { party } => name(case, party),
    }
}

fn session_no(case: &Case, id: SessionId) -> String {
    case.sessions
        .iter()
        .position(|s| s.id == id)
        .map_or_else(|| "?".into(), |n| (n + 1).to_string())
}

fn seen_by(case: &Case, a: Audience) -> String {
    match a {
        Audience::Everyone => "shared with everyone".into(),
        Audience::MediatorOnly => "mediator only".into(),
        Audience::PartyAndMediator { party } => {
            format!("private to {} and the mediator", name(case, party))
        }
        Audience::PartyAlone { party } => format!("{} alone", name(case, party)),
    }
}

fn list(out: &mut String, label: &str, items: &[impl std::fmt::Display]) {
    if !items.is_empty() {
        let items: Vec<String> = items.iter().map(|i| i.to_string()).collect();
        let _ = writeln!(out, "       {label}: {}", items.join("; "));
    }
}

pub fn after_session(case: &Case, zone: &TimeZone, out: &mut String) {
    let any = !case.debriefs_due.is_empty()
        || !case.debriefs.is_empty()
        || !case.diagnoses.is_empty()
        || !case.memoranda.is_empty()
        || !case.next_steps.is_empty()
        || !case.preparations.is_empty()
        || case
            .issues
            .iter()
            .any(|i| !i.positions.is_empty() || !i.options_tried.is_empty());
    if !any {
        return;
    }
    let _ = writeln!(out, "\nAfter the session");
    let now = jiff::Timestamp::now();
    for due in case.debriefs_due.iter().filter(|d| !d.captured) {
        let late = if due.due_at < now { "OVERDUE, " } else { "" };
        let _ = writeln!(
            out,
            "  debrief of {} for session {}: {late}due {}",
            author(case, due.author),
            session_no(case, due.session),
            due.due_at.to_zoned(zone.clone()).strftime("%Y-%m-%d %H:%M")
        );
    }
    for d in &case.debriefs {
        let _ = writeln!(
            out,
            "  debrief by {} of session {} ({})",
            author(case, d.author),
            session_no(case, d.session),
            seen_by(case, d.author.private_audience())
        );
        if let Some(offer) = &d.debrief.best_offer {
            let _ = writeln!(out, "       best offer on the table: {offer}");
        }
        list(out, "dealbreakers", &d.debrief.dealbreakers);
        list(out, "hidden issues suspected", &d.debrief.hidden_issues);
        list(out, "missing information", &d.debrief.missing_information);
        list(
            out,
            "signals of flexibility",
            &d.debrief.flexibility_signals,
        );
    }
    for s in &case.shared_items {
        let _ = writeln!(
            out,
            "  shared by {}: {} — {}",
            name(case, s.party),
            s.kind,
            s.text
        );
    }
    for issue in &case.issues {
        for p in &issue.positions {
            let _ = writeln!(
                out,
                "  {}: {}'s position ({}): {}",
                issue.title,
                name(case, p.party),
                seen_by(case, p.audience),
                p.position
            );
            list(out, "interests", &p.interests);
        }
        for o in &issue.options_tried {
            let result = o
                .result
                .as_ref()
                .map_or(String::new(), |r| format!(" → {r}"));
            let _ = writeln!(out, "  {}: tried {}{result}", issue.title, o.option);
        }
    }
    for d in &case.diagnoses {
        let _ = writeln!(
            out,
            "  why it stalled, by {} ({}):",
            author(case, d.author),
            seen_by(case, d.audience)
        );
        for f in &d.findings {
            let _ = writeln!(out, "       {} — {}", f.reason.label(), f.evidence);
        }
    }
    if let Some(m) = case.latest_memorandum() {
        let who: Vec<String> = m.confirmations.iter().map(|c| name(case, c.by)).collect();
        let confirmed = if who.is_empty() {
            "not yet confirmed".into()
        } else {
            format!("confirmed by {}", who.join(", "))
        };
        let _ = writeln!(
            out,
            "  memorandum version {} ({}…): {confirmed}",
            m.version,
            &m.content_hash[..12]
        );
    }
    if let Some(step) = case.next_steps.last() {
        let state = match step.completed_at {
            Some(_) => "taken".to_owned(),
            None => format!("due {}", step.due_on),
        };
        let _ = writeln!(
            out,
            "  next step: {} — {} owns the next outreach; {state}",
            step.step.label(),
            name(case, step.owner)
        );
        if let Some(note) = &step.note {
            let _ = writeln!(out, "       {note}");
        }
    }
    for p in &case.preparations {
        let done = if p.prep.done { "ready" } else { "in progress" };
        let _ = writeln!(
            out,
            "  preparation of {} ({done}; {})",
            name(case, p.party),
            seen_by(case, p.audience)
        );
        list(out, "goals", &p.prep.goals);
        list(out, "documents to bring", &p.prep.documents);
        list(out, "options", &p.prep.options);
        list(out, "who else should join", &p.prep.who_else);
    }
}
