//! Plain-text output for people: short ids, names instead of ids, dates in the case's zone,
//! and every private item labelled with who can read it.

use accord_core::case::state::{Case, SessionStatus};
use accord_core::case::vocabulary::Outcome;
use accord_core::case::{Audience, CaseMetadata, CaseView, Viewer};
use accord_core::ids::ParticipantId;
use accord_server::reference::short;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::fmt::Write;

/// Pads or cuts `s` to `width` characters.
fn cell(s: &str, width: usize) -> String {
    let count = s.chars().count();
    if count > width {
        let cut: String = s.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        format!("{s}{}", " ".repeat(width - count))
    }
}

pub fn outcome(o: Outcome) -> String {
    o.to_string().replace('-', " ")
}

pub fn moment(ts: Timestamp, zone: &TimeZone) -> String {
    ts.to_zoned(zone.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

pub fn case_list(list: &[CaseMetadata]) -> String {
    let mut out = format!(
        "{} {} {} {} {} {}\n",
        cell("CASE", 8),
        cell("TITLE", 44),
        cell("TYPE", 20),
        cell("STATUS", 8),
        cell("LATEST OUTCOME", 18),
        "ISSUES OPEN"
    );
    for m in list {
        let _ = writeln!(
            out,
            "{} {} {} {} {} {} of {}",
            short(&m.id),
            cell(&m.title, 44),
            cell(&m.dispute_type.to_string(), 20),
            cell(&m.status.to_string(), 8),
            cell(
                &m.latest_outcome.map(outcome).unwrap_or_else(|| "—".into()),
                18
            ),
            m.open_issues,
            m.issues
        );
    }
    out
}

fn name(state: &Case, id: ParticipantId) -> String {
    state
        .participant(id)
        .map_or_else(|| short(&id), |p| p.name.to_string())
}

pub fn audience(state: &Case, a: &Audience) -> String {
    match a {
        Audience::Everyone => "everyone in the case".into(),
        Audience::MediatorOnly => "the mediator only".into(),
        Audience::PartyAndMediator { party } => format!("{} and the mediator", name(state, *party)),
        Audience::PartyAlone { party } => format!("{} alone", name(state, *party)),
    }
}

/// A case as `viewer` may see it. `full` is used only to name the viewer.
pub fn case_view(view: &CaseView, full: &Case, viewer: Viewer) -> String {
    let seen_as = match viewer {
        Viewer::Mediator => {
            "the mediator (everything but what a party entered for itself alone)".to_string()
        }
        Viewer::Coordinator => "a coordinator (metadata only)".to_string(),
        Viewer::Participant(p) => format!("{} (what they may see)", name(full, p)),
    };
    match view {
        CaseView::Metadata { metadata: Some(m) } => metadata(m, &seen_as),
        CaseView::Content { case, .. } => content(case, &seen_as),
        CaseView::Metadata { metadata: None } => "This case has not been opened.\n".into(),
    }
}

fn metadata(m: &CaseMetadata, seen_as: &str) -> String {
    let mut out = format!("{}\n", m.title);
    let _ = writeln!(out, "  shown as        {seen_as}");
    let _ = writeln!(
        out,
        "  case            {} · {} · {}",
        m.id, m.dispute_type, m.jurisdiction
    );
    let _ = writeln!(
        out,
        "  status          {}{}",
        m.status,
        if m.court_ordered {
            " · court-ordered"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "  opened          {}",
        m.opened_at.strftime("%Y-%m-%d")
    );
    let _ = writeln!(
        out,
        "  last activity   {}",
        m.last_activity.strftime("%Y-%m-%d")
    );
    let _ = writeln!(
        out,
        "  participants    {} ({} parties)",
        m.participants, m.parties
    );
    let _ = writeln!(
        out,
        "  issues          {} open of {}",
        m.open_issues, m.issues
    );
    let _ = writeln!(out, "  sessions held   {}", m.sessions_held);
    if let Some(o) = m.latest_outcome {
        let _ = writeln!(out, "  latest outcome  {}", outcome(o));
    }
    out
}

fn content(case: &Case, seen_as: &str) -> String {
    let Some(p) = &case.profile else {
        return "This case has not been opened.\n".into();
    };
    let zone = TimeZone::get(&p.time_zone).unwrap_or(TimeZone::UTC);
    let mut out = format!("{}\n", p.title);
    let _ = writeln!(out, "  shown as      {seen_as}");
    let _ = writeln!(out, "  case          {}", p.id);
    let _ = writeln!(
        out,
        "  dispute       {} · {} ({})",
        p.dispute_type, p.jurisdiction, p.time_zone
    );
    let mut process = vec![
        if p.court_ordered {
            "court-ordered"
        } else {
            "voluntary"
        }
        .to_string(),
    ];
    if let Some(c) = p.contract_clause {
        process.push(format!("contract requires: {c}"));
    }
    if let Some(r) = &p.court_reference {
        process.push(format!("court ref {r}"));
    }
    let _ = writeln!(out, "  process       {}", process.join(" · "));
    let status = match &case.closure {
        None => "open".to_string(),
        Some(c) => format!("closed ({}) on {}", c.status, moment(c.closed_at, &zone)),
    };
    let status = match case.safety.paused_since {
        Some(at) => format!("{status} · PAUSED since {}", moment(at, &zone)),
        None => status,
    };
    let _ = writeln!(out, "  status        {status}");
    let _ = writeln!(out, "  opened        {}", moment(p.opened_at, &zone));
    let safety = &case.safety;
    if !safety.adaptations.is_empty() || !safety.not_suitable_for.is_empty() {
        let mut words: Vec<String> = safety.adaptations.iter().map(|a| a.to_string()).collect();
        if !safety.not_suitable_for.is_empty() {
            words.insert(0, "NOT SUITABLE for a party".into());
        }
        let _ = writeln!(
            out,
            "  safety        {} (accord safety show)",
            words.join(" · ")
        );
    }

    let _ = writeln!(out, "\nPeople");
    for person in &case.participants {
        let role = match person.acting_for {
            Some(party) => format!("{} for {}", person.role, name(case, party)),
            None => person.role.to_string(),
        };
        let authority = if person.authority_to_settle {
            "can settle"
        } else {
            ""
        };
        let line = format!(
            "  {} {} {}",
            cell(person.name.as_str(), 34),
            cell(&role, 34),
            authority
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }

    for m in &case.miam {
        let a = &m.attendance;
        let confirmed = m.confirmation.as_ref().map_or_else(
            || "no confirmation yet".to_owned(),
            |c| format!("confirmation expires {}", c.expires_on),
        );
        let _ = writeln!(
            out,
            "  MIAM          {}: {} ({}), {confirmed}",
            name(case, m.party),
            a.attended_on,
            a.assessment
        );
    }

    for i in &case.invitations {
        use accord_core::case::invitation::InvitationStatus;
        let status = match &i.status {
            InvitationStatus::Awaiting => "awaiting an answer".to_owned(),
            InvitationStatus::Answered { kind, text, at, .. } => format!(
                "answered {} on {}{}",
                kind,
                moment(*at, &zone),
                text.as_ref().map(|t| format!(": {t}")).unwrap_or_default()
            ),
            InvitationStatus::Lapsed { .. } => "no answer by the date".to_owned(),
        };
        let _ = writeln!(
            out,
            "  invitation    {}: answer by {} — {status}",
            name(case, i.participant),
            i.answer_by
        );
    }

    let open = case.issues.iter().filter(|i| i.state.is_open()).count();
    let _ = writeln!(out, "\nIssues — {open} open of {}", case.issues.len());
    for issue in &case.issues {
        let _ = writeln!(
            out,
            "  {} {}",
            cell(issue.title.as_str(), 28),
            issue.state.describe()
        );
        if let Some(reason) = &issue.state_reason {
            let _ = writeln!(out, "  {} {reason}", " ".repeat(28));
        }
    }

    let _ = writeln!(out, "\nSessions");
    if case.sessions.is_empty() {
        let _ = writeln!(out, "  none yet");
    }
    for (n, s) in case.sessions.iter().enumerate() {
        let _ = write!(
            out,
            "  {}. {} · {}",
            n + 1,
            moment(s.starts_at, &zone),
            s.planned_format
        );
        match &s.status {
            SessionStatus::Scheduled => {
                let _ = writeln!(out, " · scheduled");
            }
            SessionStatus::Cancelled { reason } => {
                let _ = writeln!(
                    out,
                    " · cancelled{}",
                    reason
                        .as_ref()
                        .map(|r| format!(": {r}"))
                        .unwrap_or_default()
                );
            }
            SessionStatus::Held {
                held_on,
                format,
                attendees,
                authority_missing_for,
            } => {
                let _ = writeln!(out, " · held {held_on} ({format})");
                let who: Vec<_> = attendees.iter().map(|a| name(case, *a)).collect();
                let _ = writeln!(out, "     attended: {}", who.join(", "));
                if !authority_missing_for.is_empty() {
                    let sides: Vec<_> = authority_missing_for
                        .iter()
                        .map(|a| name(case, *a))
                        .collect();
                    let _ = writeln!(
                        out,
                        "     nobody with authority to settle for: {}",
                        sides.join(", ")
                    );
                }
            }
        }
        if let Some(o) = &s.outcome {
            let _ = writeln!(
                out,
                "     outcome: {}{}",
                outcome(o.outcome),
                o.summary
                    .as_ref()
                    .map(|t| format!(" — {t}"))
                    .unwrap_or_default()
            );
        }
    }

    crate::render_after_session::after_session(case, &zone, &mut out);
    crate::render_reality::reality(case, &mut out);

    let _ = writeln!(out, "\nNotes");
    if case.notes.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for note in &case.notes {
        let _ = writeln!(
            out,
            "  {} · visible to {}\n    {}",
            moment(note.written_at, &zone),
            audience(case, &note.audience),
            note.text
        );
    }
    if let Some(c) = case.closure.as_ref().and_then(|c| c.summary.as_ref()) {
        let _ = writeln!(out, "\nClosure: {c}");
    }
    out
}
