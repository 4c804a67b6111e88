//! Each broken rule of a risk tree, and of the options, is reported naming the node and the
//! field; every problem is reported at once.

use super::tests::{branch, chance, end, range, tree, trial_only, two_phases};
use super::*;

fn errors(t: &Tree) -> Vec<TreeError> {
    validate_tree(t).unwrap_err().errors
}

/// The one error found, asserting its node and field.
fn only(t: &Tree, node: Option<&str>, field: &str) -> TreeError {
    let all = errors(t);
    assert_eq!(all.len(), 1, "{all:#?}");
    let e = all.into_iter().next().unwrap();
    assert_eq!(e.node.as_deref(), node, "{e:?}");
    assert_eq!(e.field, field, "{e:?}");
    e
}

fn trial(branches: Vec<Branch>) -> Tree {
    tree(chance("trial", branches))
}

#[test]
fn good_trees_pass() {
    validate_tree(&trial_only()).unwrap();
    validate_tree(&two_phases()).unwrap();
}

#[test]
fn probabilities_must_sum_to_one() {
    let t = trial(vec![
        branch(0.6, 0, 1.0, end("win", Award::Fixed(1))),
        branch(0.3, 0, 1.0, end("lose", Award::Fixed(0))),
    ]);
    let e = only(&t, Some("trial"), "branches.probability");
    assert!(e.reason.contains("sum to 0.9"), "{e:?}");
}

#[test]
fn a_probability_lies_between_zero_and_one() {
    let t = trial(vec![
        branch(1.5, 0, 1.0, end("win", Award::Fixed(1))),
        branch(-0.5, 0, 1.0, end("lose", Award::Fixed(0))),
    ]);
    let all = errors(&t);
    let fields: Vec<_> = all
        .iter()
        .map(|e| (e.node.as_deref(), e.field.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (Some("trial"), "branches[0].probability"),
            (Some("trial"), "branches[1].probability")
        ]
    );
    let t = trial(vec![branch(f64::NAN, 0, 1.0, end("win", Award::Fixed(1)))]);
    only(&t, Some("trial"), "branches[0].probability");
}

#[test]
fn costs_and_durations_are_not_negative() {
    let t = trial(vec![
        branch(0.5, 0, -1.0, end("win", Award::Fixed(1))),
        branch(0.5, -100, 1.0, end("lose", Award::Fixed(0))),
    ]);
    let all = errors(&t);
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_eq!(
        (all[0].node.as_deref(), all[0].field.as_str()),
        (Some("trial"), "branches[0].months")
    );
    assert_eq!(
        (all[1].node.as_deref(), all[1].field.as_str()),
        (Some("trial"), "branches[1].cost")
    );
}

#[test]
fn a_chance_node_has_branches() {
    only(&trial(vec![]), Some("trial"), "branches");
}

#[test]
fn node_ids_are_unique() {
    let t = trial(vec![
        branch(0.5, 0, 1.0, end("verdict", Award::Fixed(1))),
        branch(0.5, 0, 1.0, end("verdict", Award::Fixed(0))),
    ]);
    let e = only(&t, Some("verdict"), "id");
    assert!(e.reason.contains("unique"), "{e:?}");
    let t = trial(vec![branch(1.0, 0, 1.0, end("trial", Award::Fixed(1)))]);
    only(&t, Some("trial"), "id");
}

#[test]
fn three_point_estimates_run_low_likely_high() {
    let t = trial(vec![
        branch(0.5, 0, 1.0, end("win", Award::Triangular(range(10, 5, 20)))),
        branch(0.5, 0, 1.0, end("lose", Award::Pert(range(0, 30, 20)))),
    ]);
    let all = errors(&t);
    let fields: Vec<_> = all
        .iter()
        .map(|e| (e.node.as_deref(), e.field.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (Some("lose"), "award.pert"),
            (Some("win"), "award.triangular")
        ]
    );
    let t = trial(vec![branch(1.0, 0, 1.0, end("win", Award::Fixed(-1)))]);
    only(&t, Some("win"), "award.fixed");
}

#[test]
fn a_lognormal_p90_lies_above_its_median() {
    let lognormal = |median, p90| Award::Lognormal(LogNormalAward { median, p90 });
    let t = trial(vec![branch(
        1.0,
        0,
        1.0,
        end("win", lognormal(10_000, 10_000)),
    )]);
    only(&t, Some("win"), "award.lognormal.p90");
    let t = trial(vec![branch(
        1.0,
        0,
        1.0,
        end("win", lognormal(10_000, 5_000_000)),
    )]);
    let e = only(&t, Some("win"), "award.lognormal.p90");
    assert!(e.reason.contains("100 times"), "{e:?}");
    let t = trial(vec![branch(1.0, 0, 1.0, end("win", lognormal(0, 5_000)))]);
    only(&t, Some("win"), "award.lognormal.median");
}

#[test]
fn a_tree_is_at_most_max_depth_levels_deep() {
    // MAX_DEPTH chance nodes in a chain with an end state under the last: one level too many.
    let mut node = end("verdict", Award::Fixed(1));
    for level in (1..=MAX_DEPTH).rev() {
        node = chance(&format!("level-{level}"), vec![branch(1.0, 0, 1.0, node)]);
    }
    let e = only(
        &tree(node),
        Some(&format!("level-{MAX_DEPTH}")),
        "branches[0].next",
    );
    assert!(e.reason.contains("deeper than 12"), "{e:?}");
    // One level fewer fits.
    let mut node = end("verdict", Award::Fixed(1));
    for level in (1..MAX_DEPTH).rev() {
        node = chance(&format!("level-{level}"), vec![branch(1.0, 0, 1.0, node)]);
    }
    validate_tree(&tree(node)).unwrap();
}

#[test]
fn a_chance_node_has_at_most_max_branches() {
    let n = MAX_BRANCHES + 1;
    let branches = (0..n)
        .map(|i| {
            branch(
                1.0 / n as f64,
                0,
                1.0,
                end(&format!("end-{i}"), Award::Fixed(1)),
            )
        })
        .collect();
    let e = only(&trial(branches), Some("trial"), "branches");
    assert!(e.reason.contains("at most 12"), "{e:?}");
}

#[test]
fn a_tree_has_at_most_max_nodes() {
    // Three levels of 12 branches, each of the 1,728 last chance nodes over one end state:
    // 1 + 12 + 144 + 1,728 + 1,728 = 3,613 nodes.
    fn level(id: String, depth: usize) -> Node {
        if depth == 3 {
            return chance(
                &id,
                vec![branch(
                    1.0,
                    0,
                    1.0,
                    end(&format!("{id}-end"), Award::Fixed(1)),
                )],
            );
        }
        let branches = (0..12)
            .map(|i| branch(1.0 / 12.0, 0, 1.0, level(format!("{id}.{i}"), depth + 1)))
            .collect();
        chance(&id, branches)
    }
    let e = only(&tree(level("root".into(), 0)), None, "root");
    assert!(e.reason.contains("more than 2000 nodes"), "{e:?}");
}

#[test]
fn unknown_currencies_are_refused() {
    let mut t = trial_only();
    t.currency = serde_json::from_str("\"XYZ\"").unwrap();
    let e = only(&t, None, "currency");
    assert!(e.reason.contains("ISO 4217"), "{e:?}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let t = tree(chance(
        "pleadings",
        vec![
            branch(0.5, -1, 1.0, end("settle", Award::Pert(range(5, 1, 2)))),
            branch(0.4, 0, 1.0, chance("trial", vec![])),
        ],
    ));
    let all = errors(&t);
    let fields: Vec<_> = all
        .iter()
        .map(|e| (e.node.as_deref(), e.field.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (Some("pleadings"), "branches[0].cost"),
            (Some("pleadings"), "branches.probability"),
            (Some("trial"), "branches"),
            (Some("settle"), "award.pert"),
        ]
    );
    let shown = validate_tree(&t).unwrap_err().to_string();
    assert!(shown.starts_with("the risk tree has 4 problems"), "{shown}");
    assert!(shown.contains("node \"trial\", branches: "), "{shown}");
}

#[test]
fn names_and_labels_are_one_line_of_text() {
    let mut t = trial_only();
    if let Node::Chance(c) = &mut t.root {
        c.name = "  ".into();
        c.branches[1].label = "line\u{202E}flipped".into();
    }
    let all = errors(&t);
    let fields: Vec<_> = all
        .iter()
        .map(|e| (e.node.as_deref(), e.field.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (Some("trial"), "name"),
            (Some("trial"), "branches[1].label")
        ]
    );
}

#[test]
fn options_are_checked_with_the_tree() {
    let options = Options {
        paths: MAX_PATHS + 1,
        seed: 0,
        offer: Some(-5),
        discount_rate: -0.1,
    };
    let all = validate(&trial_only(), &options).unwrap_err().errors;
    let fields: Vec<_> = all
        .iter()
        .map(|e| (e.node.as_deref(), e.field.as_str()))
        .collect();
    assert_eq!(
        fields,
        [(None, "paths"), (None, "discount_rate"), (None, "offer")]
    );
    assert!(all[0].reason.contains("10000000"), "{:?}", all[0]);
    let zero = Options {
        paths: 0,
        ..Options::default()
    };
    let e = analyse(&trial_only(), &zero, &no_progress).unwrap_err();
    assert_eq!(e.errors[0].field, "paths");
}

#[test]
fn the_json_shape_is_strict_and_names_a_confused_node() {
    let both = r#"{"currency":"USD","name":"t","root":{"id":"trial","name":"Trial",
        "branches":[],"award":{"fixed":0}}}"#;
    let e = serde_json::from_str::<Tree>(both).unwrap_err().to_string();
    assert!(
        e.contains("node \"trial\" has both branches and an award"),
        "{e}"
    );
    let neither = r#"{"currency":"USD","name":"t","root":{"id":"trial","name":"Trial"}}"#;
    let e = serde_json::from_str::<Tree>(neither)
        .unwrap_err()
        .to_string();
    assert!(e.contains("neither branches nor an award"), "{e}");
    let unknown = r#"{"currency":"USD","name":"t","root":{"id":"x","name":"X","award":{"fixed":0}},"extra":1}"#;
    assert!(serde_json::from_str::<Tree>(unknown).is_err());
    let unknown_award =
        r#"{"currency":"USD","name":"t","root":{"id":"x","name":"X","award":{"uniform":0}}}"#;
    assert!(serde_json::from_str::<Tree>(unknown_award).is_err());
    let options: Options = serde_json::from_str(r#"{"offer": 6000000}"#).unwrap();
    assert_eq!(options.paths, DEFAULT_PATHS);
    assert!(serde_json::from_str::<Options>(r#"{"path": 5}"#).is_err());
    // A tree round-trips through its JSON.
    let t = two_phases();
    let back: Tree = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
    assert_eq!(back, t);
}
