//! Pictures as inline SVG, built on the server from plain numbers and labels: open issues
//! over time, a timeline of dates, and grouped bars. Each comes with its text alternative (a
//! sentence and a table holding the same numbers), so nothing is told by the picture alone.
//!
//! Safe to put into a page unescaped (`|safe`): every text and attribute value that comes in
//! goes through `esc`, colours are this module's own constants, and there is no `style`
//! attribute (the pages' policy allows no inline style): only presentation attributes. Each
//! picture is `role="img"`, named by its `<title>` and `<desc>`; bars and points carry their
//! numbers and names as text, so colour and shape only repeat what the words say.
//!
//! Written by hand rather than with the `svg` crate (0.18): it writes attribute values
//! between double quotes without escaping `"`, so a label in an attribute could end it.

use std::fmt::Write;

mod timeline;
pub use timeline::{Mark, MarkKind, timeline};

/// A picture and its text alternative. `svg` is empty when there is nothing to draw; the
/// sentence then says so.
#[derive(Clone, Debug, Default)]
pub struct Picture {
    pub svg: String,
    pub sentence: String,
    pub table: Table,
}

/// The same numbers as the picture, as a table.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Text for SVG (element content or attribute value): `& < > " '` escaped, and characters
/// XML does not allow dropped.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An id for the picture's elements: letters, digits and `-` only.
fn id_of(raw: &str) -> String {
    let id: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if id.is_empty() { "picture".into() } else { id }
}

/// A label cut to `max` characters for the picture (the table keeps it whole).
fn short(text: &str, max: usize) -> String {
    match text.chars().count() > max {
        true => format!("{}…", text.chars().take(max - 1).collect::<String>()),
        false => text.to_owned(),
    }
}

const INK: &str = "#0b0c0c";
const GRID: &str = "#b1b4b6";
const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif";

/// A picture's colour, always beside words that say the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Good,
    Mixed,
    Bad,
    Quiet,
    Plain,
}

impl Tone {
    fn fill(self) -> &'static str {
        match self {
            Self::Good => "#00703c",
            Self::Mixed => "#b58800",
            Self::Bad => "#d4351c",
            Self::Quiet => "#6f777b",
            Self::Plain => "#1d70b8",
        }
    }
}

/// An SVG being written: its frame, title and description first.
struct Svg {
    out: String,
}

impl Svg {
    fn new(id: &str, width: u32, height: u32, title: &str, desc: &str) -> Self {
        let id = id_of(id);
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="{FONT}" font-size="14" fill="{INK}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            esc(title),
            esc(desc)
        );
        Self { out }
    }

    fn text(&mut self, x: f64, y: f64, anchor: &str, bold: bool, text: &str) {
        let weight = if bold { r#" font-weight="700""# } else { "" };
        let _ = write!(
            self.out,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}"{weight}>{}</text>"#,
            esc(text)
        );
    }

    fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), colour: &str, dashed: bool) {
        let dash = if dashed {
            r#" stroke-dasharray="4 4""#
        } else {
            ""
        };
        let _ = write!(
            self.out,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{colour}" stroke-width="1"{dash}/>"#
        );
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ = write!(
            self.out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}"/>"#
        );
    }

    fn path(&mut self, d: &str, stroke: &str, fill: &str, width: u32) {
        let _ = write!(
            self.out,
            r#"<path d="{d}" stroke="{stroke}" stroke-width="{width}" fill="{fill}"/>"#
        );
    }

    fn circle(&mut self, x: f64, y: f64, r: f64, fill: &str) {
        let _ = write!(
            self.out,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{fill}" stroke="{INK}" stroke-width="1"/>"#
        );
    }

    fn end(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// One value of the open-issue count, from when it was so.
#[derive(Clone, Debug)]
pub struct Step {
    pub when: String,
    pub open: usize,
}

/// How many points the open-issues line keeps: the latest.
pub const MAX_STEPS: usize = 60;

/// Open issues over time, one step per change of the count ("fewer battlefields").
pub fn open_issues(id: &str, steps: &[Step]) -> Picture {
    let table = Table {
        caption: "Open issues after each change".into(),
        head: vec!["When".into(), "Open issues".into()],
        rows: steps
            .iter()
            .map(|s| vec![s.when.clone(), s.open.to_string()])
            .collect(),
    };
    let Some(last) = steps.last() else {
        return Picture {
            svg: String::new(),
            sentence: "No issues have been raised yet, so there is nothing to draw.".into(),
            table,
        };
    };
    let peak = steps.iter().map(|s| s.open).max().unwrap_or(0);
    let narrowed = peak - last.open;
    let sentence = match narrowed {
        0 => format!(
            "{} open now, the most there have been at once.",
            issues(last.open)
        ),
        n => format!(
            "At most {} were open at once; {} open now: {n} fewer.",
            issues(peak),
            last.open
        ),
    };
    let shown = &steps[steps.len().saturating_sub(MAX_STEPS)..];
    let (w, h) = (640.0, 240.0);
    let (left, right, top, bottom) = (44.0, 24.0, 28.0, 52.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let ymax = peak.max(1) as f64;
    let y = |v: usize| top + plot_h - (v as f64 / ymax) * plot_h;
    let gap = plot_w / shown.len() as f64;
    let x = |i: usize| left + gap * i as f64 + gap / 2.0;
    let desc = match shown.len() < steps.len() {
        true => format!("{sentence} The latest {} changes are drawn.", shown.len()),
        false => sentence.clone(),
    };
    let mut s = Svg::new(id, w as u32, h as u32, "Open issues over time", &desc);
    let tick = (peak / 5).max(1);
    for v in (0..=peak).step_by(tick) {
        s.line((left, y(v)), (w - right, y(v)), GRID, v != 0);
        s.text(left - 8.0, y(v) + 5.0, "end", false, &v.to_string());
    }
    let mut d = format!("M{:.1} {:.1}", left, y(shown[0].open));
    for (i, step) in shown.iter().enumerate() {
        let _ = write!(d, " H{:.1} V{:.1}", x(i), y(step.open));
    }
    let _ = write!(d, " H{:.1}", w - right);
    s.path(&d, Tone::Plain.fill(), "none", 3);
    let every = shown.len().div_ceil(20);
    for (i, step) in shown.iter().enumerate() {
        s.circle(x(i), y(step.open), 4.0, "#ffffff");
        if i % every == 0 || i + 1 == shown.len() {
            s.text(
                x(i),
                y(step.open) - 9.0,
                "middle",
                true,
                &step.open.to_string(),
            );
        }
    }
    s.text(
        left,
        h - bottom + 22.0,
        "start",
        false,
        &short(&shown[0].when, 32),
    );
    if shown.len() > 1 && last.when != shown[0].when {
        s.text(
            w - right,
            h - bottom + 22.0,
            "end",
            false,
            &short(&last.when, 32),
        );
    }
    s.text(
        left,
        h - 8.0,
        "start",
        false,
        "Each step is a change in the number of open issues",
    );
    Picture {
        svg: s.end(),
        sentence,
        table,
    }
}

fn issues(n: usize) -> String {
    match n {
        1 => "1 issue".into(),
        n => format!("{n} issues"),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One bar: its name, its number, its colour.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub tone: Tone,
}

/// A group of bars under one heading (a dispute type and its outcomes).
#[derive(Clone, Debug)]
pub struct Group {
    pub label: String,
    pub bars: Vec<Bar>,
}

/// Groups of horizontal bars, each bar named and numbered in words; bars of 0 are left out
/// of the picture (the table has them). `unit` names what is counted ("cases"), `group`
/// what a group is ("dispute type").
pub fn grouped_bars(id: &str, title: &str, unit: &str, group: &str, groups: &[Group]) -> Picture {
    let mut head = vec![String::new()];
    for g in groups {
        for b in &g.bars {
            if !head.contains(&b.label) {
                head.push(b.label.clone());
            }
        }
    }
    let rows = groups
        .iter()
        .map(|g| {
            let mut row = vec![g.label.clone()];
            for column in &head[1..] {
                let v: u64 = g
                    .bars
                    .iter()
                    .filter(|b| &b.label == column)
                    .map(|b| b.value)
                    .sum();
                row.push(v.to_string());
            }
            row
        })
        .collect();
    let table = Table {
        caption: title.into(),
        head,
        rows,
    };
    let total: u64 = groups.iter().flat_map(|g| &g.bars).map(|b| b.value).sum();
    if total == 0 {
        return Picture {
            svg: String::new(),
            sentence: format!("No {unit} yet, so there is nothing to draw."),
            table,
        };
    }
    let sentence = format!(
        "{total} {unit} in {} {group}{}.",
        groups.len(),
        plural(groups.len())
    );
    let max = groups
        .iter()
        .flat_map(|g| &g.bars)
        .map(|b| b.value)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let (w, label_w, right, row) = (640.0, 200.0, 48.0, 24.0);
    let rows_drawn: usize = groups
        .iter()
        .map(|g| 1 + g.bars.iter().filter(|b| b.value > 0).count().max(1))
        .sum();
    let h = 12.0 + row * rows_drawn as f64 + 10.0 * groups.len() as f64;
    let mut s = Svg::new(id, w as u32, h as u32, title, &sentence);
    let mut y = 12.0;
    for g in groups {
        let n: u64 = g.bars.iter().map(|b| b.value).sum();
        s.text(
            0.0,
            y + 14.0,
            "start",
            true,
            &short(&format!("{} ({n})", g.label), 60),
        );
        y += row;
        let drawn: Vec<&Bar> = g.bars.iter().filter(|b| b.value > 0).collect();
        if drawn.is_empty() {
            s.text(16.0, y + 14.0, "start", false, &format!("No {unit}"));
            y += row;
        }
        for b in drawn {
            let len = (b.value as f64 / max * (w - label_w - right)).max(2.0);
            s.text(16.0, y + 14.0, "start", false, &short(&b.label, 24));
            s.rect(label_w, y + 3.0, len, row - 8.0, b.tone.fill());
            s.text(
                label_w + len + 6.0,
                y + 14.0,
                "start",
                true,
                &b.value.to_string(),
            );
            y += row;
        }
        y += 10.0;
    }
    Picture {
        svg: s.end(),
        sentence,
        table,
    }
}

#[cfg(test)]
mod tests;
