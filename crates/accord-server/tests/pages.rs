//! The web pages' safety rules, through the real router: a form changes nothing without this
//! session's CSRF token or from another site; every HTML answer carries a policy with a fresh
//! nonce that its scripts carry; signing in rotates the session; a stale page never
//! overwrites and says what changed; a party's pages hold nothing private of the other party.

mod common;

use axum::http::{Method, StatusCode};
use common::{PASSWORD, World, hidden, page, private_to};
use serde_json::json;

fn notes_of(w: &World) -> Vec<String> {
    match w.wb.show(&w.mediator, w.case).unwrap().view {
        accord_core::case::CaseView::Content { case, .. } => {
            case.notes.iter().map(|n| n.text.to_string()).collect()
        }
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn a_form_changes_nothing_without_this_sessions_csrf_token_or_from_another_site() {
    let w = World::new();
    let amira = w.join(w.party_a, "amira@example.org").await;
    let ben = w.join(w.party_b, "ben@example.org").await;
    let path = format!("/cases/{}", w.case);
    let shown = page(&w, Method::GET, &path, Some(&amira), &[], &[]).await;
    assert_eq!(shown.status, StatusCode::OK);
    let (csrf, version) = (hidden(&shown.html, "csrf"), hidden(&shown.html, "version"));
    let bens_csrf = hidden(
        &page(&w, Method::GET, &path, Some(&ben), &[], &[])
            .await
            .html,
        "csrf",
    );
    assert_ne!(csrf, bens_csrf, "one token per session");
    let before = notes_of(&w);
    let notes = format!("{path}/notes");
    let post = |csrf: String, site: &'static str| {
        let (w, notes, amira, version) = (&w, notes.clone(), amira.clone(), version.clone());
        async move {
            let fields = [
                ("csrf", csrf.as_str()),
                ("version", version.as_str()),
                ("note-text", "Posted from somewhere"),
                ("note-audience", "everyone"),
            ];
            page(
                w,
                Method::POST,
                &notes,
                Some(&amira),
                &fields,
                &[("sec-fetch-site", site)],
            )
            .await
        }
    };
    for (token, site, why) in [
        (String::new(), "same-origin", "no token"),
        (bens_csrf.clone(), "same-origin", "another session's token"),
        ("0".repeat(32), "same-origin", "a made-up token"),
        (
            csrf.clone(),
            "cross-site",
            "the right token, from another site",
        ),
    ] {
        let refused = post(token, site).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{why}");
        assert_eq!(notes_of(&w), before, "{why}: nothing changed");
    }
    let done = post(csrf, "same-origin").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert_eq!(notes_of(&w).len(), before.len() + 1);
}

#[tokio::test]
async fn every_html_answer_has_a_fresh_nonce_that_its_script_carries() {
    let w = World::new();
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let p = page(&w, Method::GET, "/sign-in", None, &[], &[]).await;
        let csp = p.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        for part in [
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(part), "{csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .unwrap()
            .to_owned();
        assert!(
            p.html.contains(&format!("<script nonce=\"{nonce}\"")),
            "the script carries it"
        );
        assert_eq!(p.headers["cache-control"], "no-store");
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a new nonce for every answer");
    let api = w.call(Method::GET, "/openapi.json", None, &[], None).await;
    assert_eq!(
        api.headers["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
}

#[tokio::test]
async fn signing_in_on_the_page_starts_a_new_session_and_ends_the_old_one() {
    let w = World::new();
    let old = w.sign_in("maya@h.example").await;
    let form = [("email", "maya@h.example"), ("password", PASSWORD)];
    let signed = page(&w, Method::POST, "/sign-in", Some(&old), &form, &[]).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    let cookie = signed.headers["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let new = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("accord_session=");
    assert_ne!(new, old);
    let me = |c: String| {
        let w = &w;
        async move { w.call(Method::GET, "/me", Some(&c), &[], None).await.status }
    };
    assert_eq!(me(new.to_owned()).await, StatusCode::OK);
    assert_eq!(
        me(old).await,
        StatusCode::UNAUTHORIZED,
        "the old session ended"
    );
    // A wrong password: the form again, the e-mail kept, the message beside the field.
    let wrong = [
        ("email", "maya@h.example"),
        ("password", "not-the-password"),
    ];
    let again = page(&w, Method::POST, "/sign-in", None, &wrong, &[]).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert!(again.html.contains("value=\"maya@h.example\""));
    assert!(
        again
            .html
            .contains("The e-mail address or the password is not right.")
    );
    assert!(!again.headers.contains_key("set-cookie"));
}

#[tokio::test]
async fn a_stale_page_never_overwrites_and_says_what_changed() {
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    let path = format!("/cases/{}", w.case);
    let shown = page(&w, Method::GET, &path, Some(&maya), &[], &[]).await;
    let (csrf, version) = (hidden(&shown.html, "csrf"), hidden(&shown.html, "version"));
    // Meanwhile a party writes to everyone.
    let amira = w.join(w.party_a, "amira@example.org").await;
    assert_eq!(
        w.note(&amira, "Meanwhile", json!({"kind": "everyone"}))
            .await
            .status,
        StatusCode::CREATED
    );
    let before = notes_of(&w);
    let fields = [
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("note-text", "My careful words"),
        ("note-audience", "everyone"),
    ];
    let stale = page(
        &w,
        Method::POST,
        &format!("{path}/notes"),
        Some(&maya),
        &fields,
        &[],
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .html
            .contains("This case changed while you were on this page")
    );
    assert!(stale.html.contains("A note was added."), "what changed");
    assert!(
        stale.html.contains("My careful words"),
        "what was typed is kept"
    );
    assert_eq!(notes_of(&w), before, "nothing overwritten");
}

#[tokio::test]
async fn a_partys_pages_hold_nothing_private_of_the_other_party() {
    let w = World::new();
    let amira = w.join(w.party_a, "amira@example.org").await;
    let ben = w.join(w.party_b, "ben@example.org").await;
    let secret = "amira-only-canary-7d1f";
    let wrote = w.note(&amira, secret, private_to(w.party_a)).await;
    assert_eq!(wrote.status, StatusCode::CREATED);
    let path = format!("/cases/{}", w.case);
    let mine = page(&w, Method::GET, &path, Some(&amira), &[], &[]).await;
    assert!(mine.html.contains(secret), "not vacuous: Amira reads it");
    assert!(
        mine.html
            .contains("Only you (and anyone acting for you) and the mediator can see this")
    );
    for p in ["/", path.as_str()] {
        let theirs = page(&w, Method::GET, p, Some(&ben), &[], &[]).await;
        assert_eq!(theirs.status, StatusCode::OK, "{p}");
        assert!(!theirs.html.contains(secret), "{p}");
    }
}

#[tokio::test]
async fn the_timeline_is_paged_and_counts_only_what_its_viewer_may_see() {
    let w = World::new();
    let amira = w.join(w.party_a, "amira@example.org").await;
    let ben = w.join(w.party_b, "ben@example.org").await;
    for i in 0..25 {
        let wrote = w
            .note(&amira, &format!("private {i}"), private_to(w.party_a))
            .await;
        assert_eq!(wrote.status, StatusCode::CREATED);
    }
    let case = w.case;
    let get = |who: String, q: &'static str| {
        let w = &w;
        async move {
            w.call(
                Method::GET,
                &format!("/cases/{case}/timeline{q}"),
                Some(&who),
                &[],
                None,
            )
            .await
        }
    };
    // Ben: every entry he may see on one page, numbered up to his own version, no cursor.
    let bens = get(ben.clone(), "").await;
    assert_eq!(bens.status, StatusCode::OK, "{}", bens.json);
    let numbers: Vec<u64> = bens.json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["number"].as_u64().unwrap())
        .collect();
    let version = w.version(&ben).await;
    assert_eq!(numbers, (1..=version).rev().collect::<Vec<_>>());
    assert!(bens.json["older"].is_null());
    assert!(
        !bens.json.to_string().contains("NoteAdded"),
        "none of Amira's notes"
    );
    // Amira: the latest 20, then the rest by cursor; the page links to the earlier entries.
    let first = get(amira.clone(), "").await;
    assert_eq!(first.json["entries"].as_array().unwrap().len(), 20);
    let older = first.json["older"].as_u64().unwrap();
    let second = w
        .call(
            Method::GET,
            &format!("/cases/{case}/timeline?before={older}"),
            Some(&amira),
            &[],
            None,
        )
        .await;
    assert_eq!(
        second.json["entries"][0]["number"].as_u64().unwrap(),
        older - 1
    );
    let shown = page(
        &w,
        Method::GET,
        &format!("/cases/{case}"),
        Some(&amira),
        &[],
        &[],
    )
    .await;
    assert!(
        shown
            .html
            .contains(&format!("/cases/{case}/timeline?before={older}"))
    );
    let earlier = page(
        &w,
        Method::GET,
        &format!("/cases/{case}/timeline?before={older}"),
        Some(&amira),
        &[],
        &[],
    )
    .await;
    assert_eq!(earlier.status, StatusCode::OK);
    assert!(earlier.html.contains("A note was added."));
    assert_eq!(get(ben, "?limit=0").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_dashboard_counts_cases_without_full_agreement_and_lists_what_is_due() {
    use accord_core::case::Command;
    use accord_core::case::vocabulary::{Outcome, SessionFormat};
    use accord_core::ids::SessionId;
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    let tab = |html: &str, label: &str| {
        let at = html
            .find(&format!(">{label} <span class=\"tag\">"))
            .expect(label);
        html[at..]
            .split("class=\"tag\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned()
    };
    let before = page(&w, Method::GET, "/", Some(&maya), &[], &[]).await;
    assert_eq!(before.status, StatusCode::OK);
    assert_eq!(tab(&before.html, "No full agreement"), "0");
    let session = SessionId::new_v7();
    w.mediate(Command::ScheduleSession {
        session,
        starts_at: "2026-11-30T10:00:00Z".parse().unwrap(),
        format: SessionFormat::Joint,
        agenda: vec![],
        override_reason: None,
    });
    w.mediate(Command::RecordSessionHeld {
        session,
        held_on: jiff::civil::date(2026, 11, 30),
        format: SessionFormat::Joint,
        attendees: vec![w.party_a, w.party_b],
    });
    w.mediate(Command::RecordOutcome {
        session,
        outcome: Outcome::ImpasseForNow,
        summary: None,
    });
    let after = page(&w, Method::GET, "/", Some(&maya), &[], &[]).await;
    assert_eq!(tab(&after.html, "No full agreement"), "1");
    assert_eq!(tab(&after.html, "Impasse for now"), "1");
    assert_eq!(tab(&after.html, "Partial agreement"), "0");
    // The debriefs the outcome calls for are due, each one click from the case.
    assert!(
        after.html.contains("debrief of the session of 2026-11-30"),
        "{}",
        after.html
    );
    assert!(after.html.contains(&format!("href=\"/cases/{}\"", w.case)));
    let tabbed = page(
        &w,
        Method::GET,
        "/?tab=impasse-for-now",
        Some(&maya),
        &[],
        &[],
    )
    .await;
    assert!(tabbed.html.contains("Ahmed &amp; Brown") || tabbed.html.contains("Ahmed &#38; Brown"));
    let other = page(
        &w,
        Method::GET,
        "/?tab=partial-agreement",
        Some(&maya),
        &[],
        &[],
    )
    .await;
    assert!(other.html.contains("No cases here."));
}
