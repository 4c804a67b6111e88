//! `accord analyse tree` as a party's adviser runs it: an example tree weighed against a typed
//! offer (the summary table, the chart file), the same against the offer in a party's debrief
//! on the demo personal-injury case, the same seed giving the same figures, and a bad tree
//! refused with every problem named by node and field.

mod common;
use common::workspace::Workspace;

const TREE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/risk-trees/personal-injury.json"
);

#[test]
fn a_tree_against_a_typed_offer_prints_the_table_and_writes_the_chart() {
    let w = Workspace::new();
    let chart = w.dir.path().join("chart.svg");
    let out = w.ok(&[
        "analyse",
        "tree",
        TREE,
        "--offer",
        "60,000 USD",
        "--discount-rate",
        "0.05",
        "--paths",
        "50000",
        "--chart",
        chart.to_str().unwrap(),
    ]);
    for expected in [
        "expected net (award − costs)",
        "Settle on the courthouse steps",
        "net outcome   P10",
        "The offer on the table: 60,000.00 USD",
        "chance going on beats it",
        "Chart written to",
    ] {
        assert!(out.contains(expected), "{expected:?} in:\n{out}");
    }
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("<desc"), "{svg}");
    assert!(svg.contains("60,000"), "the offer is marked: {svg}");
    // It needed no database.
    assert!(!w.db().exists());
}

#[test]
fn the_same_seed_gives_the_same_figures_and_another_seed_other_ones() {
    let w = Workspace::new();
    let run = |seed: &str| {
        let v = w.json(&["analyse", "tree", TREE, "--paths", "20000", "--seed", seed]);
        v["analysis"]["simulated"].clone()
    };
    assert_eq!(run("7"), run("7"));
    assert_ne!(run("7")["mean_net"], run("8")["mean_net"]);
}

#[test]
fn the_offer_can_come_from_the_partys_latest_debrief() {
    let w = Workspace::with_demo();
    w.ok(&[
        "debrief",
        "add",
        "Okafor",
        "1",
        "--by",
        "Grace Okafor",
        "--offer",
        "60,000 USD",
    ]);
    let v = w.json(&[
        "analyse",
        "tree",
        TREE,
        "--case",
        "Okafor",
        "--as",
        "Daniel Reyes",
        "--paths",
        "20000",
    ]);
    assert_eq!(v["offer_from"], "debrief", "{v}");
    assert_eq!(v["analysis"]["simulated"]["offer"]["offer"], 6_000_000);
    let p = v["analysis"]["simulated"]["offer"]["probability_going_on_beats_offer"]
        .as_f64()
        .unwrap();
    assert!((0.0..1.0).contains(&p) && p > 0.0, "{p}");
    // Hudson's side has no debrief with an offer: it is told so.
    let err = w.fails(&[
        "analyse",
        "tree",
        TREE,
        "--case",
        "Okafor",
        "--as",
        "Hudson Freight Lines",
    ]);
    assert!(err.contains("name no offer"), "{err}");
}

#[test]
fn a_bad_tree_is_refused_with_every_problem_by_node_and_field() {
    let w = Workspace::new();
    let file = w.dir.path().join("bad.json");
    std::fs::write(
        &file,
        r#"{"currency": "USD", "name": "Bad", "root": {"id": "discovery", "name": "Discovery",
            "branches": [
              {"label": "won", "probability": 0.5, "cost": -100, "months": 3,
               "next": {"id": "end", "name": "End", "award": {"fixed": 1000}}},
              {"label": "odd", "probability": 0.2, "cost": 0, "months": 1,
               "next": {"id": "odd", "name": "Odd", "award": {"pert": {"low": 900, "likely": 100, "high": 1000}}}}
            ]}}"#,
    )
    .unwrap();
    let err = w.fails(&["analyse", "tree", file.to_str().unwrap()]);
    for expected in [
        "node \"discovery\", branches[0].cost",
        "node \"discovery\", branches.probability",
        "node \"odd\", award.pert",
    ] {
        assert!(err.contains(expected), "{expected:?} in:\n{err}");
    }
}
