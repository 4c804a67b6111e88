//! A case's pictures, from the viewer's own fold: its open issues over time ("fewer
//! battlefields"), and a timeline of its sessions, deadlines and review dates. Only the
//! facts the fold holds are drawn; `svg.rs` draws and escapes them.

use super::case_model::{day, when};
use super::labels::word;
use super::svg::{self, Mark, MarkKind, Picture, Step};
use crate::after_session::today_in;
use accord_core::case::deadline::DeadlineStatus;
use accord_core::case::memorandum::Memorandum;
use accord_core::case::state::{Case, SessionStatus};
use jiff::civil::Date;

/// The case page's pictures.
#[derive(Clone, Debug, Default)]
pub struct CasePictures {
    pub open_issues: Picture,
    pub timeline: Picture,
}

/// Days since 1970-01-01, to place a date on the timeline.
fn ordinal(d: Date) -> i64 {
    Date::constant(1970, 1, 1)
        .until(d)
        .map_or(0, |span| i64::from(span.get_days()))
}

pub fn of_case(case: &Case) -> CasePictures {
    let steps: Vec<Step> = case
        .open_issues_over_time
        .iter()
        .map(|o| Step {
            when: when(o.at, case),
            open: o.open,
        })
        .collect();
    let today = today_in(case);
    CasePictures {
        open_issues: svg::open_issues("open-issues-picture", &steps),
        timeline: svg::timeline(
            "timeline-picture",
            &marks(case),
            Some((ordinal(today), day(today))),
        ),
    }
}

fn marks(case: &Case) -> Vec<Mark> {
    let zone = case
        .profile
        .as_ref()
        .and_then(|p| jiff::tz::TimeZone::get(&p.time_zone).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    let mut marks = Vec::new();
    for s in &case.sessions {
        let on = s.starts_at.to_zoned(zone.clone()).date();
        let status = match &s.status {
            SessionStatus::Scheduled => "scheduled".to_owned(),
            SessionStatus::Held { .. } => match &s.outcome {
                Some(o) => format!("held, {}", word(o.outcome).to_lowercase()),
                None => "held".to_owned(),
            },
            SessionStatus::Cancelled { .. } => "cancelled".to_owned(),
        };
        marks.push(Mark {
            day: ordinal(on),
            date: day(on),
            kind: MarkKind::Session,
            label: format!("{}, {status}", word(s.planned_format)),
        });
    }
    for d in &case.deadlines {
        let status = match &d.status {
            DeadlineStatus::Pending => "pending",
            DeadlineStatus::Met { .. } => "met",
            DeadlineStatus::Missed { .. } => "missed",
            DeadlineStatus::Cancelled { .. } => "cancelled",
        };
        marks.push(Mark {
            day: ordinal(d.due_on),
            date: day(d.due_on),
            kind: MarkKind::Deadline,
            label: format!("{} ({status})", d.label),
        });
    }
    for r in Memorandum::of(case).review_dates {
        marks.push(Mark {
            day: ordinal(r.on),
            date: day(r.on),
            kind: MarkKind::Review,
            label: format!("{} ({})", r.issue, r.what),
        });
    }
    marks
}
