//! Calendars end to end on `accord serve --demo`: a private feed URL fetched with no cookie
//! holds the mediator's sessions and deadlines; a moved deadline keeps its UID with a higher
//! SEQUENCE and its new date; a revoked feed is gone (404); and a party's feed and case
//! calendar never hold the other party's private text, nor the fact that its debrief is due.

mod common;
use common::case_json::participant;

use common::server::{Database, Running};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::{Value, json};
use std::collections::BTreeMap;

const PASSWORD: &str = "accord-demo";
const CASE: &str = "Ahmed & Brown — arrangements for Layla (7)";
const MEDIATOR: &str = "maya.patel@accord.example";
const AMIRA: &str = "amira.ahmed@accord.example";
const BEN: &str = "ben.brown@accord.example";
const COORDINATOR: &str = "coordinator@accord.example";

/// `accord serve --demo` on a fresh SQLite database and a free loopback port.
fn start_demo() -> Running {
    Running::start(Database::sqlite(), &["--demo"])
}

/// A signed-in person: a client holding its session cookie.
struct Person(Client);

impl Person {
    fn sign_in(server: &Running, email: &str) -> Self {
        let client = Client::builder().cookie_store(true).build().unwrap();
        let r = client
            .post(server.url("/session"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{email} signs in");
        Self(client)
    }

    fn get(&self, url: &str) -> Value {
        let r = self.0.get(url).send().unwrap();
        assert_eq!(r.status(), StatusCode::OK, "GET {url}");
        r.json().unwrap()
    }

    fn post(&self, url: &str, body: Value) -> Value {
        let r = common::versions::post_seen(&self.0, url, &body)
            .send()
            .unwrap();
        let status = r.status();
        let answer: Value = r.json().unwrap();
        assert!(status.is_success(), "POST {url} {body}: {status} {answer}");
        answer
    }

    /// A new feed's URL (shown once).
    fn new_feed(&self, server: &Running, name: &str) -> (String, String) {
        let r = self
            .0
            .post(server.url("/calendar-feeds"))
            .json(&json!({"name": name}))
            .send()
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let made: Value = r.json().unwrap();
        (
            made["id"].as_str().unwrap().to_owned(),
            made["url"].as_str().unwrap().to_owned(),
        )
    }

    /// An `.ics` the signed-in person downloads.
    fn ics(&self, url: &str) -> String {
        let r = self.0.get(url).send().unwrap();
        assert_eq!(r.status(), StatusCode::OK, "GET {url}");
        assert_calendar(&r);
        r.text().unwrap()
    }
}

fn assert_calendar(r: &reqwest::blocking::Response) {
    let kind = r.headers()["content-type"].to_str().unwrap();
    assert!(kind.starts_with("text/calendar"), "{kind}");
}

/// A feed, fetched as a calendar app does: no cookie, no token header.
fn fetch(url: &str) -> (StatusCode, String) {
    let r = Client::new().get(url).send().unwrap();
    let status = r.status();
    if status == StatusCode::OK {
        assert_calendar(&r);
    }
    (status, r.text().unwrap())
}

fn feed(url: &str) -> String {
    let (status, body) = fetch(url);
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// One event's properties: name (with its parameters, e.g. `DTSTART;VALUE=DATE`) → value.
type Props = BTreeMap<String, String>;

/// The calendar's events by UID, after unfolding; each UID must appear once.
fn events(ics: &str) -> BTreeMap<String, Props> {
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    let mut all = BTreeMap::new();
    let mut current: Option<Props> = None;
    for line in unfold(ics).split("\r\n") {
        match line {
            "BEGIN:VEVENT" => current = Some(Props::new()),
            "END:VEVENT" => {
                let props = current.take().expect("an event was open");
                let uid = props.get("UID").expect("every event has a UID").clone();
                assert!(props.contains_key("DTSTAMP"), "{uid} has no DTSTAMP");
                assert!(all.insert(uid.clone(), props).is_none(), "{uid} twice");
            }
            _ => {
                if let (Some(props), Some((name, value))) = (&mut current, line.split_once(':')) {
                    props.insert(name.to_owned(), value.to_owned());
                }
            }
        }
    }
    all
}

/// An event without the time it was produced, which differs from one fetch to the next.
fn unstamped(props: &Props) -> Props {
    let mut props = props.clone();
    props.remove("DTSTAMP");
    props
}

fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "").replace("\r\n\t", "")
}

/// `2026-12-01T10:00:00Z` → `20261201T100000Z`.
fn ical_instant(rfc3339: &str) -> String {
    let t: jiff::Timestamp = rfc3339.parse().unwrap();
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// The demo case: its id and the mediator's view of it.
fn demo_case(server: &Running, mediator: &Person) -> (String, Value) {
    let cases = mediator.get(&server.url("/cases"));
    let id = cases["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == CASE)
        .expect("the demo case")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let view = mediator.get(&server.url(&format!("/cases/{id}")))["view"]["case"].clone();
    (id, view)
}

fn add_deadline(server: &Running, mediator: &Person, case: &str) -> String {
    let made = mediator.post(
        &server.url(&format!("/cases/{case}/deadlines")),
        json!({"kind": "court-hearing", "label": "Final hearing", "on": "2027-02-10"}),
    );
    made["id"]
        .as_str()
        .expect("the new deadline's id")
        .to_owned()
}

#[test]
fn a_feed_follows_the_mediators_sessions_and_deadlines_until_it_is_revoked() {
    let server = start_demo();
    let maya = Person::sign_in(&server, MEDIATOR);
    let (case, view) = demo_case(&server, &maya);
    let (feed_id, url) = maya.new_feed(&server, "phone");
    assert!(
        url.starts_with(&format!("{}/calendar/", server.base)),
        "{url}"
    );
    let token = url.rsplit('/').next().unwrap();
    let listed = maya.get(&server.url("/calendar-feeds"));
    assert_eq!(listed[0]["id"], feed_id.as_str(), "{listed}");
    assert_eq!(listed[0]["name"], "phone");
    assert!(
        !listed.to_string().contains(token),
        "the token is shown once"
    );

    let first = feed(&url);
    assert!(
        unfold(&first).contains("X-WR-CALNAME:Accord: Maya Patel\r\n"),
        "{first}"
    );
    let found = events(&first);
    let sessions = view["sessions"].as_array().unwrap();
    assert!(sessions.len() >= 2, "the demo case has sessions: {view}");
    for s in sessions {
        let uid = format!("session-{}@accord", s["id"].as_str().unwrap());
        let event = found
            .get(&uid)
            .unwrap_or_else(|| panic!("{uid} not in {first}"));
        assert_eq!(
            event["DTSTART"],
            ical_instant(s["starts_at"].as_str().unwrap())
        );
        assert!(event["SUMMARY"].starts_with("Ahmed & Brown"), "{event:?}");
    }
    // Other demo cases of Maya's are in the same feed, each event once.
    assert!(found.keys().all(|uid| uid.ends_with("@accord")));

    let deadline = add_deadline(&server, &maya, &case);
    let uid = format!("deadline-{deadline}@accord");
    let set = events(&feed(&url));
    assert_eq!(set[&uid]["DTSTART;VALUE=DATE"], "20270210");
    assert_eq!(set[&uid]["SEQUENCE"], "0");
    assert!(set[&uid]["SUMMARY"].contains("Final hearing"));

    maya.post(
        &server.url(&format!("/cases/{case}/deadlines/{deadline}/move")),
        json!({"on": "2027-03-03", "reason": "Re-listed"}),
    );
    let moved = events(&feed(&url));
    assert_eq!(moved.len(), set.len(), "moved, not added");
    assert_eq!(moved[&uid]["DTSTART;VALUE=DATE"], "20270303");
    assert_eq!(moved[&uid]["DTEND;VALUE=DATE"], "20270304");
    assert_eq!(moved[&uid]["SEQUENCE"], "1");

    // The case's own calendar, downloaded signed in, has the same events of this case.
    let download = maya.ics(&server.url(&format!("/cases/{case}/calendar.ics")));
    let here = events(&download);
    assert!(download.contains("X-WR-TIMEZONE:Europe/London\r\n"));
    assert_eq!(unstamped(&here[&uid]), unstamped(&moved[&uid]));
    for uid in here.keys() {
        assert!(
            moved.contains_key(uid),
            "{uid} is in the case's calendar only"
        );
    }
    // Without signing in, the case's calendar is not there to be had.
    let r = Client::new()
        .get(server.url(&format!("/cases/{case}/calendar.ics")))
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Another person cannot revoke Maya's feed; Maya can, once.
    let ben = Person::sign_in(&server, BEN);
    let revoke = |who: &Person| {
        who.0
            .delete(server.url(&format!("/calendar-feeds/{feed_id}")))
            .send()
            .unwrap()
            .status()
    };
    assert_eq!(revoke(&ben), StatusCode::NOT_FOUND);
    assert_eq!(fetch(&url).0, StatusCode::OK);
    assert_eq!(revoke(&maya), StatusCode::NO_CONTENT);
    let (status, body) = fetch(&url);
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(revoke(&maya), StatusCode::NOT_FOUND);
    let listed = maya.get(&server.url("/calendar-feeds"));
    assert!(listed[0]["revoked_at"].is_string(), "{listed}");
    assert_eq!(
        fetch(&format!("{}/calendar/not-a-feed", server.base)).0,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn a_partys_calendars_never_hold_the_other_partys_private_text() {
    let server = start_demo();
    let maya = Person::sign_in(&server, MEDIATOR);
    let (case, view) = demo_case(&server, &maya);
    let deadline = add_deadline(&server, &maya, &case);
    let amira_id = participant(&view, "Amira Ahmed");
    let ben_id = participant(&view, "Ben Brown");
    let held = view["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"]["status"] == "held")
        .expect("a held session")["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Amira writes in private: a note to the mediator and her debrief, each with a marker.
    let amira = Person::sign_in(&server, AMIRA);
    let marker = "PRIVATE-CALENDAR-AMIRA";
    amira.post(
        &server.url(&format!("/cases/{case}/notes")),
        json!({"text": format!("{marker}-note"),
               "audience": {"kind": "party-and-mediator", "party": amira_id}}),
    );
    let debrief_uid = |author: &str| format!("debrief-{held}-{author}@accord");
    let before = events(&feed(&amira.new_feed(&server, "phone").1));
    assert!(
        before.contains_key(&debrief_uid(&amira_id)),
        "Amira's debrief is due: {before:?}"
    );
    amira.post(
        &server.url(&format!("/cases/{case}/sessions/{held}/debriefs")),
        json!({"author": {"kind": "party", "party": amira_id},
               "dealbreakers": [format!("{marker}-dealbreaker")],
               "missing_information": [format!("{marker}-missing")]}),
    );

    let ben = Person::sign_in(&server, BEN);
    let (_, ben_url) = ben.new_feed(&server, "laptop");
    let ben_feed = feed(&ben_url);
    let ben_case = ben.ics(&server.url(&format!("/cases/{case}/calendar.ics")));
    for ics in [&ben_feed, &ben_case] {
        let found = events(ics);
        assert!(!unfold(ics).contains(marker), "Amira's private text: {ics}");
        assert!(
            !found.contains_key(&debrief_uid(&amira_id)),
            "whose debrief is due is not Ben's business"
        );
        assert!(!found.contains_key(&debrief_uid("mediator")));
        assert!(
            found.contains_key(&debrief_uid(&ben_id)),
            "Ben's own is due"
        );
        assert!(found.contains_key(&format!("deadline-{deadline}@accord")));
        assert!(found.contains_key(&format!("session-{held}@accord")));
    }
    // Amira's own is in, so it is off her list; the mediator still sees Ben's and its own.
    let after = events(&feed(&amira.new_feed(&server, "tablet").1));
    assert!(!after.contains_key(&debrief_uid(&amira_id)));
    let maya_case = events(&maya.ics(&server.url(&format!("/cases/{case}/calendar.ics"))));
    assert!(maya_case.contains_key(&debrief_uid(&ben_id)));
    assert!(maya_case.contains_key(&debrief_uid("mediator")));

    // A coordinator's feed: the procedural clock only (deadlines, and the FM5 a hearing on a
    // family case in England & Wales brings), no sessions and no names.
    let coordinator = Person::sign_in(&server, COORDINATOR);
    let theirs = feed(&coordinator.new_feed(&server, "office").1);
    let found = events(&theirs);
    assert!(found.contains_key(&format!("deadline-{deadline}@accord")));
    assert!(
        found
            .keys()
            .all(|uid| uid.starts_with("deadline-") || uid.starts_with("fm5-")),
        "{found:?}"
    );
    assert!(!theirs.contains("Amira") && !theirs.contains(marker));
}
