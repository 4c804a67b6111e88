//! The timeline: sessions, deadlines and review dates, each on its own row.

use super::{GRID, INK, Picture, Svg, Table, Tone, plural, short};

/// What a date on the timeline is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Session,
    Deadline,
    Review,
}

impl MarkKind {
    pub fn word(self) -> &'static str {
        match self {
            Self::Session => "Session",
            Self::Deadline => "Deadline",
            Self::Review => "Review",
        }
    }
}

/// A date on the timeline: `day` orders and places it (any day count: days since an epoch),
/// `date` is how it reads.
#[derive(Clone, Debug)]
pub struct Mark {
    pub day: i64,
    pub date: String,
    pub kind: MarkKind,
    pub label: String,
}

/// How many dates the timeline draws (the table lists them all).
pub const MAX_MARKS: usize = 40;

/// Sessions, deadlines and review dates on one line of time, each on its own row with its
/// words beside it; `today` as a dashed line.
pub fn timeline(id: &str, marks: &[Mark], today: Option<(i64, String)>) -> Picture {
    let mut marks = marks.to_vec();
    marks.sort_by_key(|m| m.day);
    let table = Table {
        caption: "Dates in this case".into(),
        head: vec!["Date".into(), "What".into(), "Detail".into()],
        rows: marks
            .iter()
            .map(|m| vec![m.date.clone(), m.kind.word().into(), m.label.clone()])
            .collect(),
    };
    if marks.is_empty() {
        return Picture {
            svg: String::new(),
            sentence: "No sessions, deadlines or review dates yet.".into(),
            table,
        };
    }
    let count = |k| marks.iter().filter(|m| m.kind == k).count();
    let sentence = format!(
        "{} from {} to {}: {} session{}, {} deadline{} and {} review date{}.",
        match marks.len() {
            1 => "1 date".to_owned(),
            n => format!("{n} dates"),
        },
        marks[0].date,
        marks[marks.len() - 1].date,
        count(MarkKind::Session),
        plural(count(MarkKind::Session)),
        count(MarkKind::Deadline),
        plural(count(MarkKind::Deadline)),
        count(MarkKind::Review),
        plural(count(MarkKind::Review)),
    );
    let shown = &marks[..marks.len().min(MAX_MARKS)];
    let (first, mut last) = (shown[0].day, shown[shown.len() - 1].day);
    let today = today.filter(|(d, _)| *d >= first - 31 && *d <= last + 31);
    let first = today.as_ref().map_or(first, |(d, _)| first.min(*d));
    if let Some((d, _)) = &today {
        last = last.max(*d);
    }
    // Each date on its own row: its words in the left column, its mark on the line of time
    // at the right.
    let row = 26.0;
    let (w, label_w, right, top) = (720.0, 360.0, 16.0, 34.0);
    let left = label_w + 16.0;
    let h = top + row * shown.len() as f64 + 40.0;
    let span = (last - first).max(1) as f64;
    let x = |day: i64| left + (day - first) as f64 / span * (w - left - right);
    let desc = match shown.len() < marks.len() {
        true => format!("{sentence} The first {} are drawn.", shown.len()),
        false => sentence.clone(),
    };
    let mut s = Svg::new(id, w as u32, h as u32, "Timeline of the case", &desc);
    let axis = top + row * shown.len() as f64 + 6.0;
    let middle = (left + w - right) / 2.0;
    s.line((left, axis), (w - right, axis), INK, false);
    s.text(
        left,
        axis + 20.0,
        "start",
        false,
        &short(&shown[0].date, 24),
    );
    if last != shown[0].day {
        let end = match &today {
            Some((d, t)) if *d > shown[shown.len() - 1].day => t.clone(),
            _ => shown[shown.len() - 1].date.clone(),
        };
        s.text(w - right, axis + 20.0, "end", false, &short(&end, 24));
    }
    if let Some((d, words)) = &today {
        let tx = x(*d);
        s.line((tx, top - 10.0), (tx, axis), INK, true);
        let (anchor, nudge) = if tx > middle {
            ("end", -4.0)
        } else {
            ("start", 4.0)
        };
        s.text(
            tx + nudge,
            top - 16.0,
            anchor,
            true,
            &format!("Today, {words}"),
        );
    }
    for (i, m) in shown.iter().enumerate() {
        let (mx, my) = (x(m.day), top + row * i as f64 + row / 2.0);
        s.line((left, my), (w - right, my), GRID, true);
        match m.kind {
            MarkKind::Session => s.circle(mx, my, 6.0, Tone::Plain.fill()),
            MarkKind::Deadline => s.path(
                &format!(
                    "M{mx:.1} {:.1} L{:.1} {my:.1} L{mx:.1} {:.1} L{:.1} {my:.1} Z",
                    my - 7.0,
                    mx + 7.0,
                    my + 7.0,
                    mx - 7.0
                ),
                INK,
                Tone::Bad.fill(),
                1,
            ),
            MarkKind::Review => s.rect(mx - 6.0, my - 6.0, 12.0, 12.0, Tone::Good.fill()),
        }
        let words = format!("{}, {}: {}", m.kind.word(), m.date, m.label);
        s.text(0.0, my + 5.0, "start", false, &short(&words, 50));
    }
    Picture {
        svg: s.end(),
        sentence,
        table,
    }
}
