//! `accord verify --anchor` / `--against`: a case rolled back to an older state (its last
//! events deleted, so its chain still verifies) or deleted outright is found against the
//! anchor file written before; a case that grew since is not a problem.

mod common;
use common::workspace::Workspace;

fn sql(w: &Workspace, statement: &str, case: &str) {
    let conn = rusqlite::Connection::open(w.db()).unwrap();
    conn.execute(statement, [case]).unwrap();
}

#[test]
fn a_rolled_back_or_deleted_case_is_found_against_its_anchor() {
    let w = Workspace::with_demo();
    let anchors = w.dir.path().join("anchors.json");
    let out = w.ok(&["verify", "--anchor", anchors.to_str().unwrap()]);
    assert!(out.contains("Wrote the head of each of 4 cases"), "{out}");
    let against = ["verify", "--against", anchors.to_str().unwrap()];

    // Growing is fine.
    w.ok(&["issue", "add", "Okafor", "--title", "Future surgery"]);
    let out = w.ok(&against);
    assert!(out.contains("still holds its anchored head"), "{out}");

    // Roll one case back past its anchor: its chain alone still verifies.
    let okafor = w.case_id("Okafor");
    for _ in 0..2 {
        sql(
            &w,
            "DELETE FROM events WHERE case_id = ?1 AND seq = (SELECT max(seq) FROM events WHERE case_id = ?1)",
            &okafor,
        );
    }
    let out = w.ok(&["verify"]);
    assert!(out.contains("Every chain verifies"), "not vacuous: {out}");
    let out = w.run(&against);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!(
            "NOT AS ANCHORED: case {okafor}: it was truncated or rolled back"
        )),
        "{text}"
    );

    // A case deleted outright.
    let layla = w.case_id("Layla");
    sql(&w, "DELETE FROM events WHERE case_id = ?1", &layla);
    let out = w.run(&[&against[..], &["--json"]].concat());
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems: Vec<_> = v["unanchored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["case"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        problems.contains(&layla) && problems.contains(&okafor),
        "{v}"
    );
}
