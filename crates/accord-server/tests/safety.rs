//! Safety screening over the API and the pages: a shuttle-only screening refuses a joint
//! session (the problem beside the override field on the page) and takes one with an override
//! and its reason; the other party sees the sessions and nothing of the screening, the
//! adaptations or the reason, and its version moves by the session alone; reading a screening
//! is in the access log; a pause shows the parties only that the case is paused; a party's
//! safe contact, given from its case page, reaches nobody else.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::json;

const ORIGIN: (&str, &str) = ("origin", "http://127.0.0.1:8080");
const FEAR: &str = "Afraid to be in the same room as Ben";
const OVERRIDE: &str = "Both asked for one joint closing session, with separate waiting rooms";
const PAUSE: &str = "Police called to the family home on 5 December";
const PHONE: &str = "07700 900123";

fn screening(party: &str) -> serde_json::Value {
    json!({
        "party": party,
        "answers": {
            "abuse": {"concern": "yes", "detail": "Coercive control alleged"},
            "threats": {"concern": "no"},
            "fear": {"concern": "yes", "detail": FEAR},
            "child_protection": {"concern": "no"},
            "power_imbalance": {"concern": "unsure"},
            "capacity": {"concern": "no"}
        },
        "judgement": "suitable-with-adaptations",
        "adaptations": ["shuttle-only"]
    })
}

async fn post(w: &World, path: &str, session: &str, form: &[(&str, &str)]) -> Page {
    page(w, Method::POST, path, Some(session), form, &[ORIGIN]).await
}

#[tokio::test]
async fn a_shuttle_only_case_refuses_a_joint_session_until_overridden_and_the_other_side_learns_nothing()
 {
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    let ben = w.join(w.party_b, "ben@party.example").await;
    let case = w.case;
    let api = |path: &str| format!("/cases/{case}{path}");
    let a = w
        .call(
            Method::POST,
            &api("/screenings"),
            Some(&maya),
            &[],
            Some(screening(&w.party_a.to_string())),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    // Ben may neither screen nor read a screening.
    let by_ben = w
        .call(Method::GET, &api("/safety"), Some(&ben), &[], None)
        .await;
    assert_eq!(by_ben.status, StatusCode::FORBIDDEN);
    assert!(!by_ben.json.to_string().contains(FEAR));

    let ben_before = w.version(&ben).await;
    let joint = json!({"starts_at": "2027-01-12T10:00:00Z", "format": "joint"});
    let refused = w
        .call(
            Method::POST,
            &api("/sessions"),
            Some(&maya),
            &[],
            Some(joint.clone()),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.json
    );
    assert_eq!(refused.json["error"], "safety-adaptation");
    assert_eq!(refused.json["field"], "override_reason");
    let mut overridden = joint.clone();
    overridden["override_reason"] = json!(OVERRIDE);
    let taken = w
        .call(
            Method::POST,
            &api("/sessions"),
            Some(&maya),
            &[],
            Some(overridden),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CREATED, "{}", taken.json);

    let ben_view = w.call(Method::GET, &api(""), Some(&ben), &[], None).await;
    let text = ben_view.json.to_string();
    for private in [FEAR, OVERRIDE, "shuttle-only", "Coercive"] {
        assert!(
            !text.contains(private),
            "Ben's view holds {private:?}: {text}"
        );
    }
    assert_eq!(
        ben_view.json["view"]["case"]["sessions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        w.version(&ben).await,
        ben_before + 1,
        "the session, not the override"
    );

    let record = w
        .call(Method::GET, &api("/safety"), Some(&maya), &[], None)
        .await;
    assert_eq!(record.status, StatusCode::OK);
    assert_eq!(record.json["adaptations"], json!(["shuttle-only"]));
    assert_eq!(record.json["overrides"][0]["reason"], OVERRIDE);
    assert!(record.json.to_string().contains(FEAR));
    let log = page(&w, Method::GET, &api("/access-log"), Some(&maya), &[], &[]).await;
    assert!(
        log.html.contains("Amira Ahmed’s safety screening")
            || log.html.contains("Amira Ahmed&#x27;s safety screening")
            || log.html.contains("Amira Ahmed&#39;s safety screening"),
        "{}",
        log.html
    );

    // The case page: the override field carries the refusal of a second joint session.
    let case_page = page(&w, Method::GET, &api(""), Some(&maya), &[], &[]).await;
    assert!(case_page.html.contains("shuttle-only"));
    let (csrf, version) = (
        hidden(&case_page.html, "csrf"),
        hidden(&case_page.html, "version"),
    );
    let again = post(
        &w,
        &api("/sessions"),
        &maya,
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("session-starts_at", "2027-01-19T10:00"),
            ("session-format", "joint"),
        ],
    )
    .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.html);
    assert!(
        again.html.contains("id=\"session-override_reason-error\""),
        "{}",
        again.html
    );
    assert!(again.html.contains("shuttle only"));
    // Ben's case page names no adaptation.
    let bens_page = page(&w, Method::GET, &api(""), Some(&ben), &[], &[]).await;
    assert!(!bens_page.html.contains("shuttle"), "{}", bens_page.html);
}

#[tokio::test]
async fn a_pause_shows_the_parties_only_that_the_case_is_paused_and_a_safe_contact_stays_with_its_party()
 {
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    let amira = w.join(w.party_a, "amira@party.example").await;
    let ben = w.join(w.party_b, "ben@party.example").await;
    let case = w.case;
    let path = |p: &str| format!("/cases/{case}{p}");

    // The mediator pauses from the safety page.
    let safety = page(&w, Method::GET, &path("/safety"), Some(&maya), &[], &[]).await;
    assert_eq!(safety.status, StatusCode::OK);
    assert!(safety.html.contains("Not screened yet."));
    let (csrf, version) = (
        hidden(&safety.html, "csrf"),
        hidden(&safety.html, "version"),
    );
    let paused = post(
        &w,
        &path("/safety/pause"),
        &maya,
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("pause-reason", PAUSE),
        ],
    )
    .await;
    assert_eq!(paused.status, StatusCode::SEE_OTHER, "{}", paused.html);
    let bens_page = page(&w, Method::GET, &path(""), Some(&ben), &[], &[]).await;
    assert!(bens_page.html.contains("Paused"), "{}", bens_page.html);
    assert!(!bens_page.html.contains("Police"));
    let ben_json = w.call(Method::GET, &path(""), Some(&ben), &[], None).await;
    assert!(ben_json.json["view"]["case"]["safety"]["paused_since"].is_string());
    assert!(!ben_json.json.to_string().contains("Police"));
    let refused = w
        .call(
            Method::POST,
            &path("/sessions"),
            Some(&maya),
            &[],
            Some(json!({"starts_at": "2027-01-12T10:00:00Z", "format": "caucus"})),
        )
        .await;
    assert_eq!(refused.json["error"], "case-paused", "{}", refused.json);

    // Amira gives her safe contact from her own case page.
    let amiras_page = page(&w, Method::GET, &path(""), Some(&amira), &[], &[]).await;
    assert!(amiras_page.html.contains("How we may contact you safely"));
    let (csrf, version) = (
        hidden(&amiras_page.html, "csrf"),
        hidden(&amiras_page.html, "version"),
    );
    let given = post(
        &w,
        &path("/safe-contact"),
        &amira,
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("contact-channel", "phone"),
            ("contact-detail", PHONE),
            ("contact-times", "weekdays 10:00 to 14:00"),
            ("contact-discreet", "true"),
        ],
    )
    .await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.html);
    let mine = w
        .call(Method::GET, &path(""), Some(&amira), &[], None)
        .await;
    assert_eq!(
        mine.json["view"]["case"]["safety"]["safe_contacts"][0]["contact"]["may_name_service"],
        false
    );
    for (who, may) in [(&ben, false), (&amira, true), (&maya, true)] {
        let seen = w.call(Method::GET, &path(""), Some(who), &[], None).await;
        assert_eq!(seen.json.to_string().contains(PHONE), may, "{}", seen.json);
    }
    let safety = page(&w, Method::GET, &path("/safety"), Some(&maya), &[], &[]).await;
    assert!(safety.html.contains(PHONE));
    assert!(safety.html.contains(PAUSE));

    // Her calendar names neither the case nor the service; Ben's still does.
    let resumed = w
        .call(
            Method::POST,
            &path("/resume"),
            Some(&maya),
            &[],
            Some(json!({"reason": "Safety plan in place"})),
        )
        .await;
    assert_eq!(resumed.status, StatusCode::OK, "{}", resumed.json);
    let session = json!({"starts_at": "2027-01-12T10:00:00Z", "format": "caucus"});
    let scheduled = w
        .call(
            Method::POST,
            &path("/sessions"),
            Some(&maya),
            &[],
            Some(session),
        )
        .await;
    assert_eq!(scheduled.status, StatusCode::CREATED, "{}", scheduled.json);
    let ics = |who: String| {
        let w = &w;
        let path = path("/calendar.ics");
        async move {
            let a = w.call(Method::GET, &path, Some(&who), &[], None).await;
            assert_eq!(a.status, StatusCode::OK);
            a.json.as_str().unwrap_or_default().to_owned()
        }
    };
    let hers = ics(amira.clone()).await;
    assert!(hers.contains("SUMMARY:Appointment"), "{hers}");
    assert!(hers.contains("DTSTART:20270112T100000Z"), "{hers}");
    for word in [
        "Accord",
        "ccord",
        "mediation",
        "Mediation",
        "Ahmed",
        "Brown",
    ] {
        assert!(!hers.contains(word), "{word} in Amira's calendar: {hers}");
    }
    let his = ics(ben.clone()).await;
    assert!(his.contains("Ahmed & Brown: mediation session"), "{his}");
}
