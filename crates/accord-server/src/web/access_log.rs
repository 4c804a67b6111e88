//! `GET /cases/{case}/access-log?before=…`: the page of who opened which private note or
//! debrief of the case, by which route and when (the case's mediators only), read through the
//! same `Workbench::openings` as the API.

use super::case_model::{title, when};
use super::case_page::case_id;
use super::security::Member;
use super::{Chrome, PageResult, page, work};
use crate::http::Api;
use crate::sensitive_reads::LOG_PAGE;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

#[derive(serde::Deserialize)]
pub struct LogQuery {
    before: Option<String>,
}

struct Row {
    when: String,
    who: String,
    what: String,
    via: String,
}

#[derive(Template)]
#[template(path = "access_log.html")]
struct AccessLogPage {
    chrome: Chrome,
    case: String,
    title: String,
    rows: Vec<Row>,
    older: String,
}

pub async fn access_log(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Query(q): Query<LogQuery>,
) -> PageResult {
    let (a, v) = (api.clone(), visitor.clone());
    work(&api, &visitor, move || {
        let case = case_id(&case)?;
        let log = a
            .workbench
            .openings(&user, case, q.before.as_deref(), LOG_PAGE)?;
        let (_, fold) = a.workbench.viewed(&user, case)?;
        let title = title(&fold.case);
        let rows = log
            .entries
            .into_iter()
            .map(|e| Row {
                when: e.at.parse().map(|t| when(t, &fold.case)).unwrap_or(e.at),
                who: e.by,
                what: e.what,
                via: e.via,
            })
            .collect();
        Ok(page(
            StatusCode::OK,
            &AccessLogPage {
                chrome: Chrome::new(&a, &v, format!("Access log – {title}")),
                older: log
                    .older
                    .map(|o| format!("/cases/{case}/access-log?before={o}"))
                    .unwrap_or_default(),
                case: case.to_string(),
                title,
                rows,
            },
        ))
    })
    .await
}
