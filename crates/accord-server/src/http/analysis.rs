//! `/api/v1/analysis/risk-tree` and `/api/v1/cases/{case}/analysis/risk-tree`: a litigation
//! risk tree analysed (the exact fold, the Monte Carlo percentiles, the chance that going on
//! beats the offer, the chart as SVG with its text alternative). Signed in, since a run costs
//! CPU; nothing is stored. The case's route weighs the tree against the best offer in the
//! caller's own latest debrief when no offer is given.

use super::error::{ApiResult, ErrorBody};
use super::extract::{Body, Ids, SignedIn, blocking};
use super::{Api, tags};
use crate::risk_analysis::{self, RiskAnswer};
use accord_core::analysis::{Options, Tree};
use accord_core::case::money::Money;
use accord_core::ids::CaseId;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;

/// A tree to analyse and how.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskTreeRequest {
    pub tree: Tree,
    /// The offer on the table now, in the tree's currency. On a case's route, left out: the
    /// best offer in your latest debrief.
    pub offer: Option<Money>,
    /// Your own yearly rate for money later rather than now, 0 to 1 (0.05 = 5 %); 0 if left out.
    pub discount_rate: Option<f64>,
    /// Paths to simulate, 1 to 1,000,000; 100,000 if left out.
    pub paths: Option<u64>,
    /// The same seed gives the same figures; 0 if left out.
    pub seed: Option<u64>,
}

impl RiskTreeRequest {
    fn options(&self) -> Options {
        let d = Options::default();
        Options {
            paths: self.paths.unwrap_or(d.paths),
            seed: self.seed.unwrap_or(d.seed),
            offer: None,
            discount_rate: self.discount_rate.unwrap_or(d.discount_rate),
        }
    }
}

/// Analyse a litigation risk tree.
///
/// Validates the tree (every problem at once, each naming its node and field), folds it
/// exactly (expected net, months, each end state's probability) and simulates it, seeded:
/// P10 / P50 / P90 of the net outcome and of the months, and how often going on beats the
/// offer, each path discounted for its delay.
#[utoipa::path(post, path = "/analysis/risk-tree", tag = tags::ANALYSIS,
    request_body = RiskTreeRequest,
    responses((status = 200, body = RiskAnswer),
        (status = 400, description = "a bad tree or options; the message lists every problem", body = ErrorBody),
        (status = 401, description = "not signed in", body = ErrorBody)))]
pub async fn risk_tree(
    SignedIn(_user): SignedIn,
    Body(body): Body<RiskTreeRequest>,
) -> ApiResult<Json<RiskAnswer>> {
    let answer = blocking(move || {
        let mut options = body.options();
        risk_analysis::network_limits(&options)?;
        let source = match &body.offer {
            Some(offer) => {
                options.offer = Some(risk_analysis::typed_offer(&body.tree, offer)?);
                Some(risk_analysis::OfferSource::Typed)
            }
            None => None,
        };
        risk_analysis::analyse(
            &body.tree,
            &options,
            source,
            &accord_core::analysis::no_progress,
        )
    })
    .await?;
    Ok(Json(answer))
}

/// Analyse a litigation risk tree in a case, against the offer on the table.
///
/// As `/analysis/risk-tree`; a party who gives no offer has the tree weighed against the best
/// offer on the table in its own latest debrief. Only the caller receives the answer.
#[utoipa::path(post, path = "/cases/{case}/analysis/risk-tree", tag = tags::ANALYSIS,
    request_body = RiskTreeRequest, params(("case" = CaseId, Path)),
    responses((status = 200, body = RiskAnswer),
        (status = 400, description = "a bad tree or options; the message lists every problem", body = ErrorBody),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 403, description = "a coordinator or admin (case metadata only)", body = ErrorBody),
        (status = 404, description = "no such case, or not yours", body = ErrorBody)))]
pub async fn case_risk_tree(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    Body(body): Body<RiskTreeRequest>,
) -> ApiResult<Json<RiskAnswer>> {
    let workbench = api.workbench.clone();
    let answer = blocking(move || {
        let options = body.options();
        workbench.analyse_for_case(&user, case, &body.tree, options, body.offer)
    })
    .await?;
    Ok(Json(answer))
}
