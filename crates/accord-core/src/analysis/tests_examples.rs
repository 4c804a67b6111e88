//! Every example tree under examples/risk-trees/ loads and validates; the personal-injury
//! demo has the six phases of a case.

use super::*;

fn examples() -> Vec<(String, Tree)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/risk-trees");
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    found.sort();
    found
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let tree: Tree =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.display().to_string(), tree)
        })
        .collect()
}

#[test]
fn each_example_tree_loads_and_validates() {
    let all = examples();
    assert!(all.len() >= 3, "{all:?}");
    for (path, tree) in &all {
        if let Err(e) = validate_tree(tree) {
            panic!("{path}: {e}");
        }
        let a = analyse(
            tree,
            &Options {
                paths: 10_000,
                ..Options::default()
            },
            &no_progress,
        );
        assert!(a.is_ok(), "{path}");
    }
}

#[test]
fn the_personal_injury_demo_walks_the_six_phases() {
    let (_, tree) = examples()
        .into_iter()
        .find(|(p, _)| p.ends_with("personal-injury.json"))
        .unwrap();
    assert_eq!(tree.currency.as_str(), "USD");
    assert!(tree.name.contains("Okafor"));
    let mut phases = Vec::new();
    let mut node = &tree.root;
    // Follow the first branch down: the case that does not settle.
    while let Node::Chance(c) = node {
        phases.push(c.id.as_str());
        node = &c.branches[0].next;
    }
    assert_eq!(
        phases,
        [
            "pleadings",
            "discovery",
            "experts",
            "motions",
            "trial-preparation",
            "trial"
        ]
    );
    let exact = fold(&tree);
    for id in [
        "courthouse-steps",
        "dismissed-at-summary-judgment",
        "win-at-trial",
        "lose-at-trial",
    ] {
        assert!(exact.end_states.iter().any(|e| e.id == id), "{id}");
    }
}
