//! Reality-testing over HTTP on the demo personal-injury case (`accord serve --demo`), each
//! person signed in with their own demo account: Grace Okafor's private alternatives worksheet,
//! a confidential overlap check that answers "no overlap" without any figure reaching anyone
//! but the party who typed it (not the other side, not the mediator, not an error message),
//! and a mediator's proposal that one party rejects, ending as "not accepted by all" without
//! saying who.

mod common;
use common::case_json::participant;

use accord_server::demo_people::email_for;
use common::server::{Database, Running};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::{Value, json};

const TITLE: &str = "Okafor v. Hudson Freight Lines";
/// Grace's figure, 87,501.00 USD, and Hudson's, 61,203.00 USD: unusual enough that finding
/// either anywhere can only mean it leaked.
const GRACE_FIGURE: i64 = 8_750_100;
const HUDSON_FIGURE: i64 = 6_120_300;
const GRACE_MARKS: [&str; 3] = ["8750100", "87,501", "87501"];
const HUDSON_MARKS: [&str; 3] = ["6120300", "61,203", "61203"];

struct Person {
    name: &'static str,
    client: Client,
}

impl Person {
    fn sign_in(server: &Running, name: &'static str, email: &str) -> Self {
        let client = Client::builder().cookie_store(true).build().unwrap();
        let r = client
            .post(server.url("/session"))
            .json(&json!({"email": email, "password": "accord-demo"}))
            .send()
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{name} signs in");
        Self { name, client }
    }

    fn post(&self, url: &str, body: Value) -> (StatusCode, String) {
        let r = common::versions::post_seen(&self.client, url, &body)
            .send()
            .unwrap();
        (r.status(), r.text().unwrap())
    }

    fn ok(&self, url: &str, body: Value) {
        let sent = body.to_string();
        let (status, text) = self.post(url, body);
        assert!(
            status.is_success(),
            "{} POST {url} {sent}: {status} {text}",
            self.name
        );
    }

    fn get_text(&self, url: &str) -> String {
        let r = self.client.get(url).send().unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{} GET {url}", self.name);
        r.text().unwrap()
    }

    fn case(&self, url: &str) -> Value {
        let v: Value = serde_json::from_str(&self.get_text(url)).unwrap();
        v["view"]["case"].clone()
    }
}

fn assert_none_of(text: &str, marks: &[&str], what: &str) {
    for m in marks {
        assert!(!text.contains(m), "{what} holds {m:?}: {text}");
    }
}

#[test]
fn overlap_check_and_proposal_on_the_demo_personal_injury_case() {
    let server = Running::start(Database::sqlite(), &["--demo"]);
    let person = |name: &'static str| Person::sign_in(&server, name, &email_for(name));
    let mediator = person("Robert Chen");
    let grace = person("Grace Okafor");
    let counsel = person("Daniel Reyes");
    let hudson = person("Hudson Freight Lines");
    let adjuster = person("Priya Shah (Northbridge Insurance)");
    let coordinator = Person::sign_in(&server, "coordinator", "coordinator@accord.example");

    let cases: Value = serde_json::from_str(&mediator.get_text(&server.url("/cases"))).unwrap();
    let case = cases["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == TITLE)
        .expect("the demo personal-injury case")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = |rest: &str| server.url(&format!("/cases/{case}{rest}"));
    let view = mediator.case(&url(""));
    let (g, h) = (
        participant(&view, "Grace Okafor"),
        participant(&view, "Hudson Freight Lines"),
    );

    // Grace's worksheet: hers and the mediator's until she shares it.
    grace.ok(
        &url("/alternatives"),
        json!({"party": g, "alternatives": [{"kind": "litigation",
            "next_week": {"answer": "WORKSHEET-GRACE: discovery requests go out", "sureness": "sure"},
            "spend": {"answer": {"minor_units": 4_500_000, "currency": "USD"}, "sureness": "unsure"},
            "months_to_decision": {"answer": 22, "sureness": "fairly-sure"}}]}),
    );
    assert!(mediator.get_text(&url("")).contains("WORKSHEET-GRACE"));
    assert!(!hudson.get_text(&url("")).contains("WORKSHEET-GRACE"));
    grace.ok(&url("/alternatives/share"), json!({"party": g}));
    assert!(hudson.get_text(&url("")).contains("WORKSHEET-GRACE"));

    // The overlap check: two rounds, no overlap in either.
    mediator.ok(
        &url("/overlap-checks"),
        json!({"receiving": g, "paying": h, "currency": "USD", "rounds": 2}),
    );
    let figure = |party: &str, minor: i64| json!({"party": party, "figure": {"minor_units": minor, "currency": "USD"}});
    // The mediator cannot enter a party's figure; bad figures are refused without echoing them.
    let (status, text) = mediator.post(&url("/overlap-checks/1/figures"), figure(&g, GRACE_FIGURE));
    assert_eq!(status, StatusCode::FORBIDDEN, "{text}");
    assert_none_of(&text, &GRACE_MARKS, "the mediator's refusal");
    let (status, text) = grace.post(
        &url("/overlap-checks/1/figures"),
        json!({"party": g, "figure": {"minor_units": GRACE_FIGURE, "currency": "GBP"}}),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert_none_of(&text, &GRACE_MARKS, "a refusal of the wrong currency");
    // A figure of the wrong type is refused without repeating it.
    let (status, text) = grace.post(
        &url("/overlap-checks/1/figures"),
        json!({"party": g, "figure": {"minor_units": GRACE_FIGURE.to_string(), "currency": "USD"}}),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(
        text.contains("figure.minor_units"),
        "names the field: {text}"
    );
    assert_none_of(
        &text,
        &GRACE_MARKS,
        "a refusal of a figure that is not a number",
    );
    for round in 1..=2 {
        grace.ok(&url("/overlap-checks/1/figures"), figure(&g, GRACE_FIGURE));
        let (status, text) =
            grace.post(&url("/overlap-checks/1/figures"), figure(&g, GRACE_FIGURE));
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "round {round}: {text}"
        );
        assert_none_of(&text, &GRACE_MARKS, "a refusal of a second figure");
        adjuster.ok(&url("/overlap-checks/1/figures"), figure(&h, HUDSON_FIGURE));
    }
    let (status, text) = grace.post(&url("/overlap-checks/1/figures"), figure(&g, GRACE_FIGURE));
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a third round: {text}"
    );
    assert!(text.contains("no further round"), "{text}");

    // Everyone learns "no overlap", twice; each side's figure stays with that side.
    for (who, not_theirs) in [
        (&grace, &HUDSON_MARKS[..]),
        (&counsel, &HUDSON_MARKS[..]),
        (&hudson, &GRACE_MARKS[..]),
        (&adjuster, &GRACE_MARKS[..]),
    ] {
        let text = who.get_text(&url(""));
        assert_none_of(&text, not_theirs, who.name);
        let check =
            &serde_json::from_str::<Value>(&text).unwrap()["view"]["case"]["overlap_checks"][0];
        let overlaps: Vec<_> = check["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["overlap"].as_bool().unwrap())
            .collect();
        assert_eq!(overlaps, [false, false], "{}: {check}", who.name);
        assert!(check["results"][0]["midpoint"].is_null());
    }
    assert!(grace.get_text(&url("")).contains(&GRACE_FIGURE.to_string()));
    for (who, what) in [
        (&mediator, url("")),
        (&mediator, url("/export")),
        (&mediator, url("/timeline")),
        (&mediator, url("/calendar.ics")),
        (&coordinator, url("")),
        (&coordinator, url("/court-report")),
    ] {
        let text = who.get_text(&what);
        assert_none_of(&text, &GRACE_MARKS, &format!("{} {what}", who.name));
        assert_none_of(&text, &HUDSON_MARKS, &format!("{} {what}", who.name));
    }

    // `accord case show` on the same database says the same, as each side may see it.
    let show = |who: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
            .args([
                "--database",
                &server.database.url,
                "case",
                "show",
                "Okafor",
                "--as",
                who,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let hudsons = show("Hudson Freight Lines");
    assert!(
        hudsons.contains("round 1: no overlap; round 2: no overlap"),
        "{hudsons}"
    );
    assert!(
        hudsons.contains("your figure, round 1: 61,203.00 USD"),
        "{hudsons}"
    );
    assert_none_of(&hudsons, &GRACE_MARKS, "Hudson's case show");
    let mediators = show("mediator");
    assert_none_of(&mediators, &GRACE_MARKS, "the mediator's case show");
    assert_none_of(&mediators, &HUDSON_MARKS, "the mediator's case show");

    // The mediator's proposal: Grace accepts, Hudson's adjuster rejects.
    let medical = view["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Medical expenses")
        .unwrap()["id"]
        .clone();
    mediator.ok(
        &url("/proposals"),
        json!({"terms": [{"issue": medical, "terms": "Hudson pays $72,000 in full settlement"}],
               "answer_by": "2027-01-15"}),
    );
    let deadlines = coordinator.get_text(&url("/deadlines"));
    assert!(
        deadlines.contains("2027-01-15"),
        "the answer date is on the clock: {deadlines}"
    );
    grace.ok(
        &url("/proposals/1/answers"),
        json!({"party": g, "accept": true}),
    );
    adjuster.ok(
        &url("/proposals/1/answers"),
        json!({"party": h, "accept": false}),
    );
    // (A coordinator sees case metadata only: no proposals, no terms.)
    for who in [&mediator, &grace, &counsel, &hudson, &adjuster] {
        let case = who.case(&url(""));
        let proposal = &case["proposals"][0];
        assert_eq!(
            proposal["result"]["accepted_by_all"], false,
            "{}: {proposal}",
            who.name
        );
        let answers = proposal["my_answers"].as_array().map_or(0, Vec::len);
        let own = matches!(who.name, "Grace Okafor" | "Daniel Reyes")
            || who.name.starts_with("Hudson")
            || who.name.starts_with("Priya");
        assert_eq!(
            answers,
            usize::from(own),
            "{}: only its own answer",
            who.name
        );
        if own {
            let mine = proposal["my_answers"][0]["party"].as_str().unwrap();
            let its_party = if who.name.starts_with("Grace") || who.name.starts_with("Daniel") {
                &g
            } else {
                &h
            };
            assert_eq!(mine, its_party, "{}", who.name);
        }
        let medical_state = case["issues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["title"] == "Medical expenses")
            .unwrap()["state"]
            .clone();
        assert!(medical_state["state"].is_string(), "{medical_state}");
        assert_ne!(medical_state["state"], "agreed-subject-to-paperwork");
    }
    // Grace never learns who said no, even from the mediator's view of the terms.
    assert!(!grace.get_text(&url("")).contains("\"accept\":false"));
}

#[test]
fn a_party_weighs_the_example_tree_against_the_offer_in_its_debrief() {
    let server = Running::start(Database::sqlite(), &["--demo"]);
    let grace = Person::sign_in(&server, "Grace Okafor", &email_for("Grace Okafor"));
    let mediator = Person::sign_in(&server, "Robert Chen", &email_for("Robert Chen"));
    let cases: Value = serde_json::from_str(&grace.get_text(&server.url("/cases"))).unwrap();
    let case = cases["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == TITLE)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = |rest: &str| server.url(&format!("/cases/{case}{rest}"));
    let view = grace.case(&url(""));
    let g = participant(&view, "Grace Okafor");
    let session = view["sessions"][0]["id"].as_str().unwrap().to_owned();
    grace.ok(
        &url(&format!("/sessions/{session}/debriefs")),
        json!({"author": {"kind": "party", "party": g},
               "best_offer": {"amount": {"minor_units": 6_000_000, "currency": "USD"}}}),
    );
    let tree: Value = serde_json::from_str(include_str!(
        "../../../examples/risk-trees/personal-injury.json"
    ))
    .unwrap();
    let analyse = |who: &Person, body: Value| {
        let r = who
            .client
            .post(url("/analysis/risk-tree"))
            .json(&body)
            .send()
            .unwrap();
        (r.status(), r.json::<Value>().unwrap())
    };
    let (status, answer) = analyse(
        &grace,
        json!({"tree": tree, "discount_rate": 0.05, "paths": 200000, "seed": 1}),
    );
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["offer_from"], "debrief");
    let a = &answer["analysis"];
    assert_eq!(a["simulated"]["offer"]["offer"], 6_000_000);
    let (exact, mean) = (
        a["exact"]["expected_net"].as_f64().unwrap(),
        a["simulated"]["mean_net"].as_f64().unwrap(),
    );
    assert!(
        (mean - exact).abs() / exact.abs() < 0.02,
        "{mean} vs {exact}"
    );
    let p = &a["simulated"]["net"];
    assert!(p["p10"].as_i64() < p["p50"].as_i64() && p["p50"].as_i64() < p["p90"].as_i64());
    assert!(answer["chart"]["svg"].as_str().unwrap().contains("<desc"));
    assert!(answer["chart"]["text"].as_str().unwrap().contains("60,000"));
    // The mediator gives no offer and has none from a debrief of its own.
    let (status, answer) = analyse(&mediator, json!({"tree": tree, "paths": 1000}));
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(answer["offer_from"].is_null() && answer["analysis"]["simulated"]["offer"].is_null());
    // A bad tree: every problem, by node and field; too many paths: refused.
    let mut bad = tree.clone();
    bad["root"]["branches"][0]["probability"] = json!(0.5);
    let (status, err) = analyse(&grace, json!({"tree": bad}));
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("node \"pleadings\""),
        "{err}"
    );
    let (status, err) = analyse(&grace, json!({"tree": tree, "paths": 5_000_000}));
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
}
