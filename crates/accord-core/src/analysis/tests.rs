//! The exact fold against trees worked by hand, the lognormal's mean, the chart and its text
//! alternative; the builders the other test modules share.

use super::*;
use crate::case::money::Currency;

pub(super) fn end(id: &str, award: Award) -> Node {
    Node::End(EndState {
        id: id.into(),
        name: format!("End state {id}"),
        award,
    })
}

pub(super) fn chance(id: &str, branches: Vec<Branch>) -> Node {
    Node::Chance(ChanceNode {
        id: id.into(),
        name: format!("Phase {id}"),
        branches,
    })
}

pub(super) fn branch(probability: f64, cost: i64, months: f64, next: Node) -> Branch {
    Branch {
        label: format!("to {}", next.id()),
        probability,
        cost,
        months,
        next,
    }
}

pub(super) fn tree(root: Node) -> Tree {
    Tree {
        currency: Currency::parse("currency", "USD").unwrap(),
        name: "Test tree".into(),
        root,
    }
}

pub(super) fn range(low: i64, likely: i64, high: i64) -> Range {
    Range { low, likely, high }
}

/// A trial and nothing else.
pub(super) fn trial_only() -> Tree {
    tree(chance(
        "trial",
        vec![
            branch(0.6, 1_000, 6.0, end("win", Award::Fixed(10_000))),
            branch(0.4, 1_000, 6.0, end("lose", Award::Fixed(0))),
        ],
    ))
}

/// Pleadings, then a settlement or a trial, with a triangular and a PERT award.
pub(super) fn two_phases() -> Tree {
    tree(chance(
        "pleadings",
        vec![
            branch(
                0.25,
                200,
                2.0,
                end("settle", Award::Triangular(range(3_000, 6_000, 9_000))),
            ),
            branch(
                0.75,
                500,
                4.0,
                chance(
                    "trial",
                    vec![
                        branch(
                            0.5,
                            1_000,
                            3.0,
                            end("win", Award::Pert(range(0, 12_000, 24_000))),
                        ),
                        branch(0.5, 1_000, 3.0, end("lose", Award::Fixed(0))),
                    ],
                ),
            ),
        ],
    ))
}

#[test]
fn a_single_trial_folds_to_its_weighted_award_less_costs() {
    // award 0.6 × 10,000 + 0.4 × 0 = 6,000; costs 1,000 on either branch; net 5,000;
    // months 6 on either branch.
    let exact = fold(&trial_only());
    assert_eq!(exact.expected_award, 6_000);
    assert_eq!(exact.expected_costs, 1_000);
    assert_eq!(exact.expected_net, 5_000);
    assert!((exact.expected_months - 6.0).abs() < 1e-12);
    let ids: Vec<_> = exact.end_states.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["win", "lose"]);
    assert!((exact.end_states[0].probability - 0.6).abs() < 1e-12);
    assert_eq!(exact.end_states[0].expected_award, 10_000);
    assert_eq!(exact.end_states[0].name, "End state win");
}

#[test]
fn two_phases_fold_by_hand() {
    // End states: settle 0.25, win 0.75 × 0.5 = 0.375, lose 0.375.
    // Means: triangular (3,000 + 6,000 + 9,000) / 3 = 6,000; PERT (0 + 4 × 12,000 + 24,000) / 6
    // = 12,000. Award: 0.25 × 6,000 + 0.375 × 12,000 = 1,500 + 4,500 = 6,000.
    // Costs: 0.25 × 200 + 0.75 × (500 + 1,000) = 50 + 1,125 = 1,175. Net 6,000 − 1,175 = 4,825.
    // Months: 0.25 × 2 + 0.75 × (4 + 3) = 0.5 + 5.25 = 5.75.
    let exact = fold(&two_phases());
    assert_eq!(exact.expected_award, 6_000);
    assert_eq!(exact.expected_costs, 1_175);
    assert_eq!(exact.expected_net, 4_825);
    assert!((exact.expected_months - 5.75).abs() < 1e-12);
    let by_id = |id: &str| exact.end_states.iter().find(|e| e.id == id).unwrap();
    assert!((by_id("settle").probability - 0.25).abs() < 1e-12);
    assert!((by_id("win").probability - 0.375).abs() < 1e-12);
    assert!((by_id("lose").probability - 0.375).abs() < 1e-12);
    assert_eq!(by_id("settle").expected_award, 6_000);
    assert_eq!(by_id("win").expected_award, 12_000);
    assert_eq!(by_id("win").costs, 1_500);
    assert!((by_id("win").months - 7.0).abs() < 1e-12);
    let total: f64 = exact.end_states.iter().map(|e| e.probability).sum();
    assert!((total - 1.0).abs() < 1e-12);
}

#[test]
fn probabilities_off_by_rounding_are_divided_by_their_sum() {
    // 0.3333333 + 0.6666666 = 0.9999999, within the tolerance: the win's share is
    // 0.3333333 / 0.9999999, and the fold's probabilities still add up to 1.
    let t = tree(chance(
        "trial",
        vec![
            branch(0.333_333_3, 0, 0.0, end("win", Award::Fixed(9_000))),
            branch(0.666_666_6, 0, 0.0, end("lose", Award::Fixed(0))),
        ],
    ));
    validate_tree(&t).unwrap();
    let exact = fold(&t);
    assert_eq!(exact.expected_award, 3_000);
    let total: f64 = exact.end_states.iter().map(|e| e.probability).sum();
    assert!((total - 1.0).abs() < 1e-12);
}

#[test]
fn a_lognormal_award_has_mean_exp_mu_plus_half_sigma_squared() {
    // median 10,000 and p90 18,980: sigma = ln(1.898) / 1.2815515655 = 0.500 02,
    // mean = 10,000 × exp(sigma² / 2) = 10,000 × exp(0.125 01) ≈ 11,331.6.
    let award = LogNormalAward {
        median: 10_000,
        p90: 18_980,
    };
    let (mu, sigma) = award.parameters();
    assert!((mu - 10_000f64.ln()).abs() < 1e-12);
    assert!((sigma - 0.500_02).abs() < 1e-4, "{sigma}");
    let mean = Award::Lognormal(award).mean();
    assert!((mean - 11_331.6).abs() < 1.0, "{mean}");
}

fn analysed(t: &Tree, offer: Option<i64>) -> Analysis {
    let options = Options {
        paths: 20_000,
        seed: 3,
        offer,
        discount_rate: 0.05,
    };
    analyse(t, &options, &no_progress).unwrap()
}

#[test]
fn the_chart_marks_the_offer_and_carries_a_text_alternative() {
    let a = analysed(&two_phases(), Some(5_000));
    let svg = chart_svg(&a);
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.ends_with("</svg>"));
    assert!(svg.contains(r#"class="offer""#), "{svg}");
    assert!(svg.contains("Offer 50 USD"), "{svg}");
    assert!(svg.contains("<title id=\"risk-title\">"));
    assert!(svg.contains("<desc id=\"risk-desc\">"));
    assert_eq!(svg.matches(r#"class="bin""#).count(), HISTOGRAM_BINS);
    let text = text_alternative(&a);
    assert!(text.contains("20,000 simulated paths"), "{text}");
    assert!(text.contains("The offer of 50 USD sits at the"), "{text}");
    assert!(text.contains("discounted at 5 % a year"), "{text}");
    let escaped = text.replace('\'', "&#39;");
    assert!(svg.contains(&escaped), "the <desc> is the text alternative");
    assert!(text.contains("P10") && text.contains("median") && text.contains("P90"));
}

#[test]
fn the_chart_escapes_the_trees_text_and_has_no_offer_line_without_an_offer() {
    let mut t = trial_only();
    t.name = "O'Brien & Co <script>alert(1)</script>".into();
    let svg = chart_svg(&analysed(&t, None));
    assert!(!svg.contains("<script>"), "{svg}");
    assert!(svg.contains("O&#39;Brien &amp; Co &lt;script&gt;"), "{svg}");
    assert!(!svg.contains(r#"class="offer""#));
}

#[test]
fn the_analysis_serializes_without_its_samples() {
    let a = analysed(&two_phases(), Some(5_000));
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["currency"], "USD");
    assert_eq!(json["exact"]["expected_net"], 4_825);
    assert_eq!(json["simulated"]["paths"], 20_000);
    assert_eq!(
        json["simulated"]["histogram"]["counts"]
            .as_array()
            .unwrap()
            .len(),
        HISTOGRAM_BINS
    );
    assert!(json["simulated"]["offer"]["probability_going_on_beats_offer"].is_number());
    assert!(json.to_string().len() < 4_000, "no samples in the answer");
    let back: Analysis = serde_json::from_value(json).unwrap();
    assert_eq!(back, a);
}
