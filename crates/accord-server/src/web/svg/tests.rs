use super::*;

const HOSTILE: &str = "</text><script>alert(1)</script>\" onload=\"alert(2)' &amp;";

/// What every picture must be: one `role="img"` svg named by its own title and description,
/// no inline style, no script, and none of the hostile text unescaped.
fn well_made(svg: &str, id: &str) {
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""));
    assert!(svg.ends_with("</svg>"));
    assert!(svg.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")));
    assert!(svg.contains(&format!("<title id=\"{id}-title\">")));
    assert!(svg.contains(&format!("<desc id=\"{id}-desc\">")));
    assert!(!svg.contains("style"), "no inline style: {svg}");
    assert!(!svg.to_lowercase().contains("<script"), "{svg}");
    assert!(!svg.contains("</text><script"), "{svg}");
    assert!(
        !svg.contains("\" onload"),
        "no attribute broken out of: {svg}"
    );
    assert_eq!(
        svg.matches("<text").count(),
        svg.matches("</text>").count(),
        "{svg}"
    );
    assert_eq!(svg.matches("<svg").count(), 1);
}

/// The numbers drawn as text, in order.
fn numbers_drawn(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .filter(|t| t.contains("font-weight=\"700\""))
        .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
        .filter_map(|t| t.split_once("</text>").map(|(inner, _)| inner.to_owned()))
        .filter(|t| t.parse::<u64>().is_ok())
        .collect()
}

#[test]
fn esc_leaves_nothing_that_ends_an_element_or_an_attribute() {
    assert_eq!(esc("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;",);
    assert_eq!(esc("line\nbreak\u{0}"), "line break");
    assert_eq!(id_of("x\" onload=\"y"), "xonloady");
    assert_eq!(id_of("\"\""), "picture");
}

#[test]
fn open_issues_draws_every_count_and_its_table_lists_the_same() {
    let steps: Vec<Step> = [1, 2, 3, 4, 3, 1]
        .iter()
        .enumerate()
        .map(|(i, &open)| Step {
            when: format!("{} May 2027", i + 1),
            open,
        })
        .collect();
    let p = open_issues("open-issues", &steps);
    well_made(&p.svg, "open-issues");
    assert_eq!(numbers_drawn(&p.svg), ["1", "2", "3", "4", "3", "1"]);
    let listed: Vec<&str> = p.table.rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(listed, ["1", "2", "3", "4", "3", "1"]);
    assert_eq!(p.table.rows[0][0], "1 May 2027");
    assert_eq!(
        p.sentence,
        "At most 4 issues were open at once; 1 open now: 3 fewer."
    );
    assert!(p.svg.contains(&esc(&p.sentence)), "the description says it");
}

#[test]
fn open_issues_escapes_hostile_dates_and_ids() {
    let steps = [Step {
        when: HOSTILE.into(),
        open: 2,
    }];
    let p = open_issues("oi\"><script>", &steps);
    well_made(&p.svg, "oiscript");
    assert!(p.svg.contains("&lt;/text&gt;&lt;script&gt;"));
    assert_eq!(
        p.sentence,
        "2 issues open now, the most there have been at once."
    );
}

#[test]
fn open_issues_with_nothing_is_a_sentence() {
    let p = open_issues("oi", &[]);
    assert!(p.svg.is_empty());
    assert!(p.sentence.starts_with("No issues"));
    assert!(p.table.rows.is_empty());
}

#[test]
fn open_issues_keeps_the_latest_steps_only_in_the_picture() {
    let steps: Vec<Step> = (0..100)
        .map(|i| Step {
            when: format!("change {i}"),
            open: i % 7,
        })
        .collect();
    let p = open_issues("oi", &steps);
    well_made(&p.svg, "oi");
    assert_eq!(p.table.rows.len(), 100, "the table has them all");
    assert_eq!(p.svg.matches("<circle").count(), MAX_STEPS);
    assert!(p.svg.contains("The latest 60 changes are drawn."));
}

fn mark(day: i64, kind: MarkKind, label: &str) -> Mark {
    Mark {
        day,
        date: format!("day {day}"),
        kind,
        label: label.into(),
    }
}

#[test]
fn timeline_names_each_date_in_words_and_in_its_table() {
    let marks = [
        mark(30, MarkKind::Deadline, "Position statements"),
        mark(10, MarkKind::Session, "joint, held"),
        mark(60, MarkKind::Review, HOSTILE),
    ];
    let p = timeline("timeline", &marks, Some((20, "day 20".into())));
    well_made(&p.svg, "timeline");
    assert_eq!(
        p.sentence,
        "3 dates from day 10 to day 60: 1 session, 1 deadline and 1 review date."
    );
    let rows: Vec<String> = p.table.rows.iter().map(|r| r.join(" | ")).collect();
    assert_eq!(
        rows,
        [
            "day 10 | Session | joint, held",
            "day 30 | Deadline | Position statements",
            format!("day 60 | Review | {HOSTILE}").as_str(),
        ]
    );
    assert!(p.svg.contains("Session, day 10: joint, held"));
    assert!(p.svg.contains("Deadline, day 30: Position statements"));
    assert!(p.svg.contains("Review, day 60: &lt;/text&gt;"));
    assert!(p.svg.contains("Today, day 20"));
    assert_eq!(p.svg.matches("<circle").count(), 1, "one session");
}

#[test]
fn timeline_with_nothing_is_a_sentence_and_one_date_still_draws() {
    let p = timeline("t", &[], Some((5, "day 5".into())));
    assert!(p.svg.is_empty());
    assert_eq!(p.sentence, "No sessions, deadlines or review dates yet.");
    let p = timeline("t", &[mark(5, MarkKind::Session, "online")], None);
    well_made(&p.svg, "t");
    assert!(!p.svg.contains("NaN") && !p.svg.contains("inf"));
}

#[test]
fn timeline_leaves_out_a_today_far_from_its_dates() {
    let p = timeline(
        "t",
        &[mark(1000, MarkKind::Session, "joint")],
        Some((10, "long ago".into())),
    );
    assert!(!p.svg.contains("Today"));
}

fn outcomes(label: &str, values: [u64; 3]) -> Group {
    let names = ["Full agreement", "Partial agreement", "None yet"];
    let tones = [Tone::Good, Tone::Mixed, Tone::Quiet];
    Group {
        label: label.into(),
        bars: (0..3)
            .map(|i| Bar {
                label: names[i].into(),
                value: values[i],
                tone: tones[i],
            })
            .collect(),
    }
}

#[test]
fn grouped_bars_label_every_bar_and_the_table_lists_the_same_numbers() {
    let groups = [
        outcomes("Child arrangements", [3, 1, 0]),
        outcomes(HOSTILE, [0, 2, 5]),
    ];
    let p = grouped_bars(
        "outcomes",
        "Outcomes by dispute type",
        "cases",
        "group",
        &groups,
    );
    well_made(&p.svg, "outcomes");
    assert_eq!(p.sentence, "11 cases in 2 groups.");
    assert_eq!(
        p.table.head,
        ["", "Full agreement", "Partial agreement", "None yet"]
    );
    assert_eq!(p.table.rows[0], ["Child arrangements", "3", "1", "0"]);
    assert_eq!(p.table.rows[1][1..], ["0", "2", "5"]);
    assert_eq!(
        numbers_drawn(&p.svg),
        ["3", "1", "2", "5"],
        "zeros are not drawn"
    );
    assert!(p.svg.contains("Child arrangements (4)"));
    assert!(p.svg.contains(">Partial agreement</text>"));
    assert_eq!(p.svg.matches("<rect").count(), 4);
}

#[test]
fn grouped_bars_with_nothing_is_a_sentence() {
    let p = grouped_bars("o", "Outcomes", "cases", "group", &[]);
    assert!(p.svg.is_empty());
    assert_eq!(p.sentence, "No cases yet, so there is nothing to draw.");
    let p = grouped_bars(
        "o",
        "Outcomes",
        "cases",
        "group",
        &[outcomes("Family", [0, 0, 0])],
    );
    assert!(p.svg.is_empty());
    assert_eq!(p.table.rows[0], ["Family", "0", "0", "0"]);
}
