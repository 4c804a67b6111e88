//! `/api/v1/miam/check` and `/api/v1/miam/grounds`: the stateless MIAM exemption checker and
//! the grounds it knows (FPR r.3.8 and PD3A as amended from 29 April 2024). Public: no
//! sign-in, no database — what an applicant asks before filing.

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::Body;
use accord_core::miam::{self, Assessment, Claim};
use axum::Json;
use serde_json::{Value, json};

const TAG: &str = "miam";

/// Check a MIAM exemption claim: for each ground claimed, complete or exactly what is
/// missing, with its rule. A complete claim is "claimed", for the court to decide — never
/// "granted". A ground removed in 2024, or one that does not exist, is a 400 saying so.
#[utoipa::path(post, path = "/miam/check", tag = TAG, request_body = Claim, security(()),
    responses((status = 200, body = Assessment),
        (status = 400, description = "bad input; `field` names it", body = ErrorBody),
        (status = 413, description = "body over 64 KiB", body = ErrorBody),
        (status = 415, description = "body not JSON", body = ErrorBody)))]
pub async fn check(Body(claim): Body<Claim>) -> ApiResult<Json<Assessment>> {
    miam::check(&claim)
        .map(Json)
        .map_err(|e| ApiError::bad_request("grounds", e.to_string()))
}

/// Every MIAM exemption ground: its category, key, text, rule and what a claim of it needs;
/// and the grounds removed in 2024, with why.
#[utoipa::path(get, path = "/miam/grounds", tag = TAG, security(()),
    responses((status = 200, body = Object)))]
pub async fn grounds() -> Json<Value> {
    Json(json!({"categories": miam::CATEGORIES, "removed": miam::REMOVED}))
}
