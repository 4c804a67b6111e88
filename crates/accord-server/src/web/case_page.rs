//! `/cases/{case}`: the case as this viewer may see it. A mediator gets the workbench (people,
//! issues board, sessions, notes, deadlines, memorandum, and the forms that change them); a
//! party or its representative gets the portal (what is agreed, what is open, what happens
//! next, its own debriefs and the memorandum to confirm); a coordinator the metadata only.

use super::case_model::{self, CaseModel};
use super::forms::Problems;
use super::security::Member;
use super::{Chrome, PageResult, Visitor, page, work};
use crate::access::CaseAccess;
use crate::accounts::User;
use crate::error::AppError;
use crate::http::Api;
use crate::sensitive_reads::Via;
use accord_core::case::CaseMetadata;
use accord_core::case::notes_page::NOTES_PAGE;
use accord_core::case::sensitive;
use accord_core::case::timeline::{TIMELINE_PAGE, TimelinePage};
use accord_core::ids::CaseId;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// What a form sent back to its page: the problems, what was typed (by field id), and a
/// message at the top.
#[derive(Default)]
pub struct Extras {
    pub problems: Problems,
    pub typed: HashMap<String, String>,
    pub notice: String,
    /// The page was stale when the form was sent: what changed since.
    pub changes: Vec<String>,
    /// An invitation link to hand over, shown once.
    pub link: String,
}

impl Extras {
    pub fn typed(&self, field: &str) -> String {
        self.typed.get(field).cloned().unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "case.html")]
struct MediatorPage {
    chrome: Chrome,
    c: CaseModel,
    x: Extras,
    members: Vec<crate::memberships::MemberRecord>,
    timeline: Timeline,
    /// The session whose sequence a form returns to (none here: the case page).
    back: String,
}

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    chrome: Chrome,
    c: CaseModel,
    x: Extras,
    due: Vec<String>,
    timeline: Timeline,
    back: String,
}

/// A page of the timeline as the page shows it.
pub struct Timeline {
    pub case: String,
    pub entries: Vec<(String, String)>,
    /// The address of the page before, if any.
    pub older: String,
}

impl Timeline {
    fn of(case: CaseId, tz: &accord_core::case::state::Case, page: TimelinePage) -> Self {
        Self {
            case: case.to_string(),
            entries: page
                .entries
                .iter()
                .map(|e| {
                    (
                        case_model::when(e.at, tz),
                        super::forms::sentence(super::labels::change(e.kind)),
                    )
                })
                .collect(),
            older: page
                .older
                .map(|n| format!("/cases/{case}/timeline?before={n}"))
                .unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "timeline_page.html")]
struct TimelineOnly {
    chrome: Chrome,
    title: String,
    timeline: Timeline,
}

#[derive(serde::Deserialize)]
pub struct TimelineQuery {
    before: Option<u64>,
}

/// `GET /cases/{case}/timeline?before=N`: older entries of the timeline, a page at a time.
pub async fn timeline(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    axum::extract::Query(q): axum::extract::Query<TimelineQuery>,
) -> PageResult {
    let (a, v) = (api.clone(), visitor.clone());
    work(&api, &visitor, move || {
        let case = case_id(&case)?;
        let page_of = a.workbench.timeline(&user, case, q.before, TIMELINE_PAGE)?;
        let (_, fold) = a.workbench.viewed(&user, case)?;
        let title = case_model::title(&fold.case);
        Ok(page(
            StatusCode::OK,
            &TimelineOnly {
                chrome: Chrome::new(&a, &v, format!("Timeline – {title}")),
                title,
                timeline: Timeline::of(case, &fold.case, page_of),
            },
        ))
    })
    .await
}

#[derive(Template)]
#[template(path = "case_metadata.html")]
struct MetadataPage {
    chrome: Chrome,
    m: CaseMetadata,
    dispute: String,
    status: String,
    outcome: String,
}

#[derive(Template)]
#[template(path = "new_case.html")]
struct NewCasePage {
    chrome: Chrome,
    x: Extras,
    dispute_types: Vec<(String, String)>,
    jurisdictions: Vec<(String, String)>,
}

/// A case id from the address; anything else is a case that does not exist.
pub fn case_id(raw: &str) -> Result<CaseId, AppError> {
    raw.parse().map_err(|_| AppError::CaseNotFound)
}

/// The case page for `user`, with what a form sent back. Runs on a blocking thread.
pub fn render(
    api: &Api,
    visitor: &Visitor,
    user: &User,
    case: CaseId,
    status: StatusCode,
    x: Extras,
) -> Result<Response, AppError> {
    let wb = &api.workbench;
    let (access, fold) = wb.viewed(user, case)?;
    if access == CaseAccess::Metadata {
        // The coordinator's fold is of joint events only: its metadata is the shared list
        // row (a property test holds them equal), read without listing every case.
        let meta = CaseMetadata::of(&fold.case)
            .map(|m| m.shared())
            .ok_or(AppError::CaseNotFound)?;
        return Ok(page(
            status,
            &MetadataPage {
                chrome: Chrome::new(api, visitor, meta.title.clone()),
                dispute: super::labels::word(meta.dispute_type),
                status: super::labels::word(meta.status),
                outcome: meta
                    .latest_outcome
                    .map(super::labels::word)
                    .unwrap_or_else(|| "No session yet".into()),
                m: meta,
            },
        ));
    }
    let c = case_model::build(access, &fold).ok_or(AppError::CaseNotFound)?;
    wb.opened(
        user,
        case,
        &sensitive::in_latest_notes(&fold.case, NOTES_PAGE),
        Via::CasePage,
    )?;
    let timeline = Timeline::of(
        case,
        &fold.case,
        wb.timeline(user, case, None, TIMELINE_PAGE)?,
    );
    let chrome = Chrome::new(api, visitor, c.title.clone());
    Ok(match access {
        CaseAccess::Mediator => {
            let members = wb.members(user, case)?;
            page(
                status,
                &MediatorPage {
                    chrome,
                    c,
                    x,
                    members,
                    timeline,
                    back: String::new(),
                },
            )
        }
        _ => {
            let due = crate::after_session::due_for(&fold.case, access)
                .into_iter()
                .map(|d| format!("{} – by {}", d.what, case_model::day(d.due_on)))
                .collect();
            page(
                status,
                &PortalPage {
                    chrome,
                    c,
                    x,
                    due,
                    timeline,
                    back: String::new(),
                },
            )
        }
    })
}

pub async fn show(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
) -> PageResult {
    let (a, v) = (api.clone(), visitor.clone());
    work(&api, &visitor, move || {
        let case = case_id(&case)?;
        render(&a, &v, &user, case, StatusCode::OK, Extras::default())
    })
    .await
}

/// `GET /cases/new`: the form to open a case (mediators).
pub async fn new_case(State(api): State<Api>, Member(visitor, _): Member) -> Response {
    new_case_page(&api, &visitor, StatusCode::OK, Extras::default())
}

pub fn new_case_page(api: &Api, visitor: &Visitor, status: StatusCode, x: Extras) -> Response {
    use accord_core::case::vocabulary::{DisputeType, Jurisdiction};
    use strum::VariantNames;
    let words = |names: &[&str]| {
        names
            .iter()
            .map(|n| ((*n).to_owned(), super::labels::phrase(n)))
            .collect()
    };
    page(
        status,
        &NewCasePage {
            chrome: Chrome::new(api, visitor, "Open a case"),
            x,
            dispute_types: words(DisputeType::VARIANTS),
            jurisdictions: words(Jurisdiction::VARIANTS),
        },
    )
}

/// `GET /cases/{case}/calendar.ics`: this viewer's calendar of the case.
pub async fn calendar(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
) -> PageResult {
    let a = api.clone();
    let ics = work(&api, &visitor, move || {
        let case = case_id(&case)?;
        a.workbench.case_calendar(&user, case)
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"case.ics\"",
            ),
        ],
        ics,
    )
        .into_response())
}
