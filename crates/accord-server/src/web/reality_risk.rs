//! The risk tree on the reality-testing page: choose an example tree (or paste one), give the
//! offer (a party's own debrief offer is filled in) and a discount rate, and read the exact
//! figures, the percentiles, the chance that going on beats the offer and the chart. Nothing
//! is stored: the answer is this page, for this person only.

use super::case_page::{Extras, case_id};
use super::forms::Problems;
use super::internal;
use super::security::Member;
use super::submit::Fields;
use crate::error::AppError;
use crate::http::Api;
use crate::risk_analysis::{OfferSource, RiskAnswer};
use accord_core::analysis::{Options, Tree};
use accord_core::case::debrief::latest_offer;
use accord_core::case::money::Money;
use accord_core::case::state::Case;
use accord_core::ids::ParticipantId;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

/// The example trees shipped in `examples/risk-trees/`: (value, label, the JSON).
pub const EXAMPLES: [(&str, &str, &str); 3] = [
    (
        "personal-injury",
        "Personal injury: a lorry collision, six phases to trial (USD)",
        include_str!("../../../../examples/risk-trees/personal-injury.json"),
    ),
    (
        "business-buy-out",
        "Business buy-out: a shareholders' dispute (GBP)",
        include_str!("../../../../examples/risk-trees/business-buy-out.json"),
    ),
    (
        "wage-claim",
        "Wage claim: unpaid overtime (USD)",
        include_str!("../../../../examples/risk-trees/wage-claim.json"),
    ),
];

/// What the page shows of the risk tree: the form (with what was typed or the debrief's
/// offer) and, after a run, the figures.
#[derive(Default)]
pub struct RiskModel {
    pub examples: Vec<(String, String)>,
    pub chosen: String,
    pub pasted: String,
    pub offer: String,
    pub offer_hint: String,
    pub discount: String,
    pub result: Option<RiskResult>,
}

pub struct RiskResult {
    pub name: String,
    pub rows: Vec<(String, String)>,
    pub end_states: Vec<(String, String, String)>,
    pub offer_rows: Vec<(String, String)>,
    pub svg: String,
    pub text: String,
}

fn money(currency: accord_core::case::money::Currency, minor: i64) -> String {
    Money {
        minor_units: minor,
        currency,
    }
    .to_string()
}

fn percent(p: f64) -> String {
    format!("{:.1} %", p * 100.0)
}

fn result(answer: &RiskAnswer) -> RiskResult {
    let a = &answer.analysis;
    let (e, s, c) = (&a.exact, &a.simulated, a.currency);
    let m = |v| money(c, v);
    let rows = vec![
        (
            "Expected net (award less your costs), exact".into(),
            m(e.expected_net),
        ),
        ("Expected costs".into(), m(e.expected_costs)),
        (
            "Expected months to a decision".into(),
            format!("{:.1}", e.expected_months),
        ),
        (
            format!(
                "Net outcome, P10 / median / P90 ({} simulated paths)",
                s.paths
            ),
            format!("{} / {} / {}", m(s.net.p10), m(s.net.p50), m(s.net.p90)),
        ),
        (
            "Months, P10 / median / P90".into(),
            format!(
                "{:.0} / {:.0} / {:.0}",
                s.months.p10, s.months.p50, s.months.p90
            ),
        ),
    ];
    let offer_rows = s
        .offer
        .map(|o| {
            let from = match answer.offer_from {
                Some(OfferSource::Debrief) => " (from your debrief)",
                _ => "",
            };
            vec![
                (format!("The offer on the table{from}"), m(o.offer)),
                (
                    format!(
                        "Chance that going on beats it (discounted at {} a year)",
                        percent(s.discount_rate)
                    ),
                    percent(o.probability_going_on_beats_offer),
                ),
                ("Mean net, discounted".into(), m(s.mean_discounted_net)),
            ]
        })
        .unwrap_or_default();
    RiskResult {
        name: a.name.clone(),
        rows,
        end_states: e
            .end_states
            .iter()
            .map(|x| (x.name.clone(), percent(x.probability), m(x.expected_award)))
            .collect(),
        offer_rows,
        svg: answer.chart.svg.clone(),
        text: answer.chart.text.clone(),
    }
}

/// The form as it first appears: the first example, and the party's debrief offer.
pub fn model(case: &Case, party: Option<ParticipantId>, x: &Extras) -> RiskModel {
    let debrief = party.and_then(|p| latest_offer(case, p));
    let typed = |k: &str, or: String| {
        let t = x.typed(k);
        if t.is_empty() { or } else { t }
    };
    RiskModel {
        examples: EXAMPLES
            .iter()
            .map(|(v, l, _)| ((*v).to_owned(), (*l).to_owned()))
            .collect(),
        chosen: typed("risk-example", EXAMPLES[0].0.to_owned()),
        pasted: x.typed("risk-tree"),
        offer: typed(
            "risk-offer",
            debrief.map(|m| m.to_string()).unwrap_or_default(),
        ),
        offer_hint: match debrief {
            Some(_) => "Filled in from your latest debrief; change it if the offer moved.".into(),
            None => "For example: 60,000 USD. Leave blank to see the figures alone.".into(),
        },
        discount: typed("risk-discount", "5".into()),
        result: None,
    }
}

fn tree_of(f: &Fields) -> Result<Tree, AppError> {
    let invalid = |e: serde_json::Error| AppError::Invalid {
        field: "risk-tree",
        message: format!("the tree is not in the format of the examples: {e}"),
    };
    match f.given("risk-tree") {
        Some(json) => serde_json::from_str(&json).map_err(invalid),
        None => {
            let chosen = f.text("risk-example");
            let (_, _, json) = EXAMPLES
                .iter()
                .find(|(v, _, _)| *v == chosen)
                .unwrap_or(&EXAMPLES[0]);
            Ok(serde_json::from_str(json).expect("the examples are valid trees"))
        }
    }
}

/// `POST /cases/{case}/reality/risk`: runs the tree and shows the page with the figures.
pub async fn analyse(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(fields);
    if let Err(e) = visitor.check_csrf(f.get("csrf").unwrap_or_default()) {
        return e.page(&api, &visitor);
    }
    let (a, v) = (api.clone(), visitor.clone());
    let done = tokio::task::spawn_blocking(move || {
        let case = case_id(&case)?;
        let typed =
            f.0.iter()
                .filter(|(k, _)| k.starts_with("risk-"))
                .cloned()
                .collect();
        let mut x = Extras {
            typed,
            ..Default::default()
        };
        let run = || -> Result<RiskAnswer, AppError> {
            let tree = tree_of(&f)?;
            let discount = f.given("risk-discount").unwrap_or_else(|| "0".into());
            let rate = discount
                .trim_end_matches('%')
                .trim()
                .parse::<f64>()
                .map_err(|_| AppError::Invalid {
                    field: "risk-discount",
                    message: "enter a yearly rate in per cent, for example 5".into(),
                })?;
            let offer = f
                .given("risk-offer")
                .map(|o| Money::parse(&o))
                .transpose()
                .map_err(|e| AppError::Invalid {
                    field: "risk-offer",
                    message: e.to_string(),
                })?;
            let options = Options {
                discount_rate: rate / 100.0,
                ..Options::default()
            };
            let answer = a
                .workbench
                .analyse_for_case(&user, case, &tree, options, offer)?;
            Ok(answer)
        };
        let (status, risk) = match run() {
            Ok(answer) => (StatusCode::OK, Some(result(&answer))),
            Err(e) => match Problems::of(&e) {
                Some(mut p) => {
                    for item in &mut p.items {
                        if !item.field.starts_with("risk-") {
                            item.field = format!("risk-{}", item.field);
                        }
                    }
                    x.problems = p;
                    (StatusCode::BAD_REQUEST, None)
                }
                None => return Err(e),
            },
        };
        super::reality::render_with(&a, &v, &user, case, status, x, risk)
    })
    .await;
    match done {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => super::WebError::App(e).page(&api, &visitor),
        Err(_) => internal(&api, &visitor),
    }
}
