//! The coordinator's page (`/programme`) through the real router: caseload and figures with
//! no case content in the HTML, refused to mediators and parties, and assigning a mediator
//! through its form (CSRF checked, errors beside the field, nothing changed on a bad e-mail).
//! And the case page's pictures: inline SVG whose text is escaped.

mod common;

use accord_core::case::vocabulary::TermState;
use accord_core::case::{Audience, Command};
use accord_core::ids::{IssueId, NoteId};
use accord_server::accounts::{AccountRole, User};
use accord_server::http;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use tower::ServiceExt;

const ISSUE_CANARY: &str = "Canary issue: the blue bicycle";
const NOTE_CANARY: &str = "Canary note: Tuesday pickups at the library";
const HOSTILE: &str = "</text><script>alert(1)</script>";

/// What a page answered.
struct Page {
    status: StatusCode,
    location: String,
    html: String,
}

async fn send(w: &World, req: Request<Body>) -> Page {
    let response = http::router(w.api.clone()).oneshot(req).await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .unwrap();
    Page {
        status,
        location,
        html: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(w: &World, path: &str, session: &str) -> Page {
    let req = Request::get(path)
        .header("cookie", format!("accord_session={session}"))
        .body(Body::empty())
        .unwrap();
    send(w, req).await
}

/// Posts a form as the browser would from Accord's own page.
async fn post(w: &World, path: &str, session: &str, fields: &[(&str, &str)]) -> Page {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect();
    let req = Request::post(path)
        .header("cookie", format!("accord_session={session}"))
        .header("origin", "http://127.0.0.1:8080")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body.join("&")))
        .unwrap();
    send(w, req).await
}

fn enc(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// The CSRF token in a page's forms.
fn csrf(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token");
    let rest = &html[at + "name=\"csrf\" value=\"".len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

fn user(w: &World, email: &str) -> User {
    w.wb.accounts.by_email(email).unwrap().unwrap()
}

fn session(w: &World, email: &str) -> String {
    w.wb.accounts.start_session(&user(w, email)).unwrap()
}

/// A world whose case holds content a coordinator must never see: an issue under pilot
/// (its title on the timeline), a hostile issue title, and a note to everyone.
fn planted() -> World {
    let w = World::new();
    let issues: Vec<IssueId> = [ISSUE_CANARY, HOSTILE, "Holidays"]
        .iter()
        .map(|title| {
            let issue = IssueId::new_v7();
            w.mediate(Command::AddIssue {
                issue,
                title: text(title),
                description: None,
            });
            issue
        })
        .collect();
    for issue in &issues[..2] {
        w.mediate(Command::SetIssueState {
            issue: *issue,
            state: TermState::Pilot {
                review_on: jiff::civil::date(2030, 6, 1),
            },
            reason: None,
        });
    }
    w.mediate(Command::AddNote {
        note: NoteId::new_v7(),
        text: text(NOTE_CANARY),
        audience: Audience::Everyone,
        about_session: None,
    });
    w.wb.accounts
        .create_user_with_hash(
            "mole@h.example",
            "Moe Mole",
            AccountRole::Mediator,
            password_hash(),
        )
        .unwrap();
    w
}

#[tokio::test]
async fn the_coordinator_sees_caseload_and_figures_but_no_case_content() {
    let w = planted();
    for who in ["cora@h.example", "ada@h.example"] {
        let page = get(&w, "/programme", &session(&w, who)).await;
        assert_eq!(page.status, StatusCode::OK, "{who}: {}", page.html);
        let html = &page.html;
        assert!(html.contains("Caseload by mediator"));
        assert!(html.contains(">maya<"), "the mediator's caseload row");
        assert!(html.contains("Moe Mole"), "a mediator with no case yet");
        assert!(
            html.contains("Ahmed &#38; Brown"),
            "the case's title (metadata)"
        );
        assert!(html.contains("Child arrangements"));
        assert!(html.contains("0 temporary, 2 pilot"), "terms counted");
        assert!(html.contains("aria-labelledby=\"outcomes-picture-title outcomes-picture-desc\""));
        for content in [
            ISSUE_CANARY,
            NOTE_CANARY,
            "Holidays",
            "Amira Ahmed",
            "Ben Brown",
            "alert(1)",
        ] {
            assert!(!html.contains(content), "{who} was shown {content:?}");
        }
        assert!(!html.contains("style="), "no inline style");
    }
}

#[tokio::test]
async fn mediators_and_parties_are_refused_the_programme_and_its_form() {
    let w = planted();
    let party = w.join(w.party_a, "amira@h.example").await;
    let maya = session(&w, "maya@h.example");
    for who in [&maya, &party] {
        let page = get(&w, "/programme", who).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.html);
        assert!(page.html.contains("You cannot do that here"));
        assert!(!page.html.contains("Caseload by mediator"));
    }
    // With a good CSRF token of its own, a mediator still cannot assign.
    let token = csrf(&get(&w, &format!("/cases/{}", w.case), &maya).await.html);
    let case = w.case.to_string();
    let page = post(
        &w,
        "/programme/assign",
        &maya,
        &[
            ("csrf", &token),
            ("assign-case", &case),
            ("assign-email", "mole@h.example"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.html);
    let members = w.wb.members(&w.mediator, w.case).unwrap();
    assert!(!members.iter().any(|m| m.name == "Moe Mole"));
}

#[tokio::test]
async fn assigning_through_the_form_makes_a_mediator_and_a_bad_email_changes_nothing() {
    let w = planted();
    let cora = session(&w, "cora@h.example");
    let page = get(&w, &format!("/programme?assign={}", w.case), &cora).await;
    let token = csrf(&page.html);
    let case = w.case.to_string();
    assert!(
        page.html
            .contains(&format!("<option value=\"{case}\" selected>")),
        "the case asked for is chosen"
    );
    let version = |w: &World| w.wb.show(&w.mediator, w.case).unwrap().version;
    let before = version(&w);
    let members_before = w.wb.members(&w.mediator, w.case).unwrap().len();

    // No account, not a mediator, no case: 400, the message beside its field, nothing changed.
    for (chosen, email, field, message) in [
        (
            case.as_str(),
            "nobody@h.example",
            "assign-email",
            "No account nobody@h.example.",
        ),
        (
            case.as_str(),
            "cora@h.example",
            "assign-email",
            "cora@h.example is not a mediator account.",
        ),
        (
            case.as_str(),
            "",
            "assign-email",
            "Enter the e-mail address",
        ),
        ("", "mole@h.example", "assign-case", "Choose the case"),
    ] {
        let page = post(
            &w,
            "/programme/assign",
            &cora,
            &[
                ("csrf", &token),
                ("assign-case", chosen),
                ("assign-email", email),
            ],
        )
        .await;
        assert_eq!(
            page.status,
            StatusCode::BAD_REQUEST,
            "{email}: {}",
            page.html
        );
        let beside =
            format!("id=\"{field}-error\"><span class=\"visually-hidden\">Error:</span> {message}");
        assert!(page.html.contains(&beside), "{email}: {}", page.html);
        assert!(
            page.html.contains("There is a problem"),
            "the error summary"
        );
        assert!(
            page.html.contains(&format!("href=\"#{field}\"")),
            "the summary links to it"
        );
        assert!(
            page.html.contains(&format!("value=\"{email}\"")),
            "what was typed is kept"
        );
        assert_eq!(version(&w), before, "nothing recorded in the case");
        assert_eq!(
            w.wb.members(&w.mediator, w.case).unwrap().len(),
            members_before
        );
    }

    // Without this session's CSRF token: refused, nothing changed.
    let page = post(
        &w,
        "/programme/assign",
        &cora,
        &[
            ("csrf", "forged"),
            ("assign-case", &case),
            ("assign-email", "mole@h.example"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.html.contains("This form has expired"));
    assert_eq!(version(&w), before);

    // The real thing: redirected to the page, which says so.
    let page = post(
        &w,
        "/programme/assign",
        &cora,
        &[
            ("csrf", &token),
            ("assign-case", &case),
            ("assign-email", "Mole@H.example"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    assert!(page.location.starts_with("/programme?assigned="));
    let after = get(&w, &page.location, &cora).await;
    assert!(
        after
            .html
            .contains("Moe Mole is now a mediator of Ahmed &#38; Brown."),
        "{}",
        after.html
    );
    assert!(
        after.html.contains("maya, Moe Mole"),
        "the case row lists both mediators"
    );

    // The case's members show the new mediator, and the record names who gave the access.
    let members = w.wb.members(&w.mediator, w.case).unwrap();
    assert!(
        members
            .iter()
            .any(|m| m.name == "Moe Mole" && m.membership.kind == "mediator")
    );
    let case_page = get(
        &w,
        &format!("/cases/{case}"),
        &session(&w, "maya@h.example"),
    )
    .await;
    assert!(
        case_page.html.contains("Moe Mole (mediator)"),
        "{}",
        case_page.html
    );
    let record = w.wb.show(&w.mediator, w.case).unwrap();
    let view = serde_json::to_value(&record.view).unwrap();
    let last = view["case"]["access"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (last["name"].as_str(), last["by"].as_str()),
        (Some("Moe Mole"), Some("coordinator"))
    );
    // And Moe can open the case as its mediator.
    let moe = get(
        &w,
        &format!("/cases/{case}"),
        &session(&w, "mole@h.example"),
    )
    .await;
    assert_eq!(moe.status, StatusCode::OK);
    assert!(moe.html.contains(ISSUE_CANARY));
}

#[tokio::test]
async fn the_case_page_and_the_portal_draw_their_pictures_with_text_escaped() {
    let w = planted();
    let party = w.join(w.party_a, "amira@h.example").await;
    for who in [session(&w, "maya@h.example"), party] {
        let page = get(&w, &format!("/cases/{}", w.case), &who).await;
        assert_eq!(page.status, StatusCode::OK);
        let html = &page.html;
        assert!(html.contains(
            "role=\"img\" aria-labelledby=\"open-issues-picture-title open-issues-picture-desc\""
        ));
        assert!(html.contains("aria-labelledby=\"timeline-picture-title timeline-picture-desc\""));
        assert!(
            html.contains("At most 3 issues were open at once; 1 open now: 2 fewer."),
            "{}",
            html.split("<figcaption>").nth(1).unwrap_or(html)
        );
        // The hostile issue title is on the timeline (its pilot review), escaped.
        assert!(
            html.contains("&lt;/text&gt;&lt;script&gt;alert(1)"),
            "{html}"
        );
        assert!(!html.contains("<script>alert(1)"), "{html}");
        assert!(html.contains("1 June 2030"), "the review date");
    }
}
