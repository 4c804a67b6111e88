//! `/`: the start page. For a mediator, what is due (overdue first) and the cases by state,
//! with "no full agreement" and each of its outcomes as tabs with their counts; for a party,
//! its cases and what it must do; for a coordinator, the cases' metadata. Every item links
//! to its case. Everything comes from the case list's and the due list's read models.

use super::labels::word;
use super::security::Member;
use super::{Chrome, PageResult, page, work};
use crate::case_list::{ListQuery, ListRequest, NO_FULL_AGREEMENT};
use crate::http::Api;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    tab: Option<String>,
    cursor: Option<String>,
    q: Option<String>,
}

pub struct Tab {
    pub key: String,
    pub label: String,
    pub count: u64,
    pub current: bool,
}

pub struct Row {
    pub href: String,
    pub title: String,
    pub dispute_type: String,
    pub status: String,
    pub outcome: String,
    pub outcome_colour: &'static str,
    pub open_issues: usize,
    pub issues: usize,
    pub last_activity: String,
    pub court_ordered: bool,
}

pub struct Due {
    pub href: String,
    pub case_title: String,
    pub what: String,
    pub due_on: String,
    pub when: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    heading: String,
    may_open: bool,
    tabs: Vec<Tab>,
    rows: Vec<Row>,
    due: Vec<Due>,
    /// The latest thing that happened in each of the most recently active cases.
    recent: Vec<Due>,
    next_href: String,
    q: String,
    tab: String,
}

/// How many recently active cases the dashboard names.
const RECENT: usize = 5;

/// The tabs: a key for the URL, its filter, its label.
fn tab_filter(tab: &str) -> (Option<&'static str>, Option<String>) {
    match tab {
        "all" => (None, None),
        "closed" => (Some("closed"), None),
        "no-full-agreement" => (None, Some("no-full-agreement".into())),
        "open" => (Some("open"), None),
        other => (None, Some(other.to_owned())),
    }
}

pub async fn show(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Query(q): Query<DashboardQuery>,
) -> PageResult {
    use crate::accounts::AccountRole as R;
    let staff = matches!(user.role, R::Mediator | R::Coordinator | R::Admin);
    let tab = q.tab.clone().unwrap_or_else(|| "open".into());
    let (status, outcome) = tab_filter(&tab);
    let query = ListQuery {
        limit: Some("25".into()),
        cursor: q.cursor.clone(),
        status: status.map(str::to_owned),
        outcome,
        q: q.q.clone(),
        ..Default::default()
    };
    let wb = api.workbench.clone();
    let who = user.clone();
    let (page_of_cases, counts, due, recent) = work(&api, &visitor, move || {
        let request = ListRequest::parse(&query, jiff::Timestamp::now())?;
        let listed = wb.list_page(&who, &request)?;
        // The counts are on the first page only; a later page asks for them on their own.
        let counts = match listed.counts.clone() {
            Some(c) => c,
            None => {
                let first = ListRequest::parse(&ListQuery::default(), jiff::Timestamp::now())?;
                wb.list_page(&who, &first)?.counts.unwrap_or_default()
            }
        };
        let due = wb.due_everywhere(&who)?;
        let mut recent = Vec::new();
        if matches!(who.role, R::Mediator | R::Member) {
            for m in listed.items.iter().take(RECENT) {
                let latest = wb.timeline(&who, m.id, None, 1)?;
                if let Some(e) = latest.entries.first() {
                    recent.push(Due {
                        href: format!("/cases/{}#timeline", m.id),
                        case_title: m.title.clone(),
                        what: super::forms::sentence(super::labels::change(e.kind)),
                        due_on: e.at.strftime("%-d %B %Y, %H:%M UTC").to_string(),
                        when: String::new(),
                        overdue: false,
                    });
                }
            }
        }
        Ok((listed, counts, due, recent))
    })
    .await?;
    let mut tabs = vec![
        tab_of(
            "open",
            "Open",
            *counts.by_status.get("open").unwrap_or(&0),
            &tab,
        ),
        tab_of(
            "no-full-agreement",
            "No full agreement",
            counts.no_full_agreement,
            &tab,
        ),
    ];
    for o in NO_FULL_AGREEMENT {
        let key = o.to_string();
        let n = *counts.by_latest_outcome.get(&key).unwrap_or(&0);
        tabs.push(tab_of(&key, &word(o), n, &tab));
    }
    tabs.push(tab_of("closed", "Closed", counts.closed, &tab));
    tabs.push(tab_of("all", "All", counts.total, &tab));
    let rows = page_of_cases
        .items
        .iter()
        .map(|m| {
            let outcome = m
                .latest_outcome
                .map(word)
                .unwrap_or_else(|| "No session yet".into());
            let outcome_colour = match m.latest_outcome {
                Some(accord_core::case::vocabulary::Outcome::FullAgreement) => "green",
                Some(accord_core::case::vocabulary::Outcome::PausedForSafety) => "red",
                Some(_) => "yellow",
                None => "grey",
            };
            Row {
                href: format!("/cases/{}", m.id),
                title: m.title.clone(),
                dispute_type: word(m.dispute_type),
                status: word(m.status),
                outcome,
                outcome_colour,
                open_issues: m.open_issues,
                issues: m.issues,
                last_activity: m.last_activity.strftime("%-d %b %Y").to_string(),
                court_ordered: m.court_ordered,
            }
        })
        .collect();
    let mut due_items: Vec<Due> = due
        .iter()
        .flat_map(|c| {
            c.items.iter().map(move |d| Due {
                href: format!("/cases/{}", c.case),
                case_title: c.title.clone(),
                what: super::labels::capitalised(&d.what),
                due_on: d.due_on.strftime("%-d %B %Y").to_string(),
                when: word(serde_plain(&d.when)),
                overdue: d.overdue,
            })
        })
        .collect();
    due_items.sort_by_key(|d| !d.overdue);
    let next_href = page_of_cases
        .next_cursor
        .map(|c| {
            let enc = super::forms::url_encode;
            format!(
                "/?tab={}&cursor={}&q={}",
                enc(&tab),
                enc(&c),
                enc(q.q.as_deref().unwrap_or_default())
            )
        })
        .unwrap_or_default();
    let heading = match staff {
        true => "Your cases".to_owned(),
        false => "My cases".to_owned(),
    };
    Ok(page(
        StatusCode::OK,
        &DashboardPage {
            chrome: Chrome::new(&api, &visitor, heading.clone()),
            heading,
            may_open: user.role == R::Mediator,
            tabs,
            rows,
            due: due_items,
            recent,
            next_href,
            q: q.q.unwrap_or_default(),
            tab,
        },
    ))
}

fn tab_of(key: &str, label: &str, count: u64, current: &str) -> Tab {
    Tab {
        key: key.into(),
        label: label.into(),
        count,
        current: key == current,
    }
}

/// A serde enum's kebab-case name.
fn serde_plain(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
