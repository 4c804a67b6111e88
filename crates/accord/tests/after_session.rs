//! After a session without full agreement, end to end on the four demo cases (`accord serve
//! --demo`), each person signed in with their own demo account: private debriefs by each party
//! and the mediator, a memorandum confirmed by both parties (and stale once the case changes),
//! a stall diagnosis, ranked advice a mediator would recognise, a next step that reaches the
//! due lists of the right people only, and nothing private reaching anyone it is not for.

mod common;
use common::case_json::participant;

use accord_server::demo_people::email_for;
use common::server::{Database, Running};
use jiff::ToSpan;
use jiff::civil::Date;
use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// Every demo account's password (`demo_people::PASSWORD`).
const PASSWORD: &str = "accord-demo";

/// `accord serve --demo` on a fresh SQLite database and a free loopback port.
fn start_demo() -> Running {
    Running::start(Database::sqlite(), &["--demo"])
}

/// One person's browser: its session cookie, and every body it was ever sent.
struct Person {
    name: String,
    /// Its participant id in the case walked (empty for the coordinator).
    id: String,
    client: Client,
    seen: RefCell<Vec<String>>,
}

impl Person {
    fn sign_in(server: &Running, name: &str, email: &str, id: &str) -> Self {
        let person = Self {
            name: name.to_owned(),
            id: id.to_owned(),
            client: Client::builder().cookie_store(true).build().unwrap(),
            seen: RefCell::default(),
        };
        person.ok_post(
            &server.url("/session"),
            json!({"email": email, "password": PASSWORD}),
        );
        person
    }

    fn keep(&self, r: Response) -> (StatusCode, Value) {
        let status = r.status();
        let text = r.text().unwrap();
        self.seen.borrow_mut().push(text.clone());
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    fn get(&self, url: &str) -> (StatusCode, Value) {
        self.keep(self.client.get(url).send().unwrap())
    }

    /// Posts a command naming the case version this person last saw, as a client does.
    fn post(&self, url: &str, body: Value) -> (StatusCode, Value) {
        self.keep(
            common::versions::post_seen(&self.client, url, &body)
                .send()
                .unwrap(),
        )
    }

    fn ok_get(&self, url: &str) -> Value {
        let (status, body) = self.get(url);
        assert_eq!(status, StatusCode::OK, "GET {url} as {}: {body}", self.name);
        body
    }

    fn ok_post(&self, url: &str, body: Value) -> Value {
        let sent = body.to_string();
        let (status, answer) = self.post(url, body);
        assert!(
            status.is_success(),
            "POST {url} {sent} as {}: {status} {answer}",
            self.name
        );
        answer
    }

    fn everything_seen(&self) -> String {
        self.seen.borrow().join("\n")
    }
}

/// Who owns the next outreach.
#[derive(Clone, Copy, PartialEq)]
enum Owner {
    Mediator,
    A,
    B,
}

/// A party of the walk and what it says in its debrief.
struct Side {
    name: &'static str,
    offer: Value,
    hidden: &'static str,
    budget: Option<&'static str>,
    time: Option<&'static str>,
}

impl Side {
    fn quiet(name: &'static str, hidden: &'static str) -> Self {
        Self {
            name,
            offer: Value::Null,
            hidden,
            budget: None,
            time: None,
        }
    }
}

/// How one demo case is walked, and what a mediator expects of its advice.
struct Plan {
    /// In every marker, e.g. `PRIVATE-LAYLA-AMIRA-…`.
    key: &'static str,
    title: &'static str,
    mediator: &'static str,
    /// The party whose private text is followed.
    a: Side,
    b: Side,
    /// People acting for party B: they see what B sees, never more.
    b_side: &'static [&'static str],
    /// A's private note in the demo data.
    a_demo_secret: &'static str,
    /// The issue A takes a private position on.
    position_on: &'static str,
    diagnosis: (&'static str, &'static str),
    diagnosis_shared: bool,
    next_step: &'static str,
    owner: Owner,
    /// The issue agreed after the memorandum was confirmed, and the reason.
    later_agreed: (&'static str, &'static str),
    /// A family dispute: a family court can make temporary orders meanwhile.
    family: bool,
    top_option: &'static str,
    top_upgrade: Option<&'static str>,
    last_option: Option<&'static str>,
    expect: fn(&Advice),
}

fn money(minor_units: i64, currency: &str) -> Value {
    json!({"minor_units": minor_units, "currency": currency})
}

/// What every marker of one author starts with.
fn private_mark(key: &str, name: &str) -> String {
    let first = name.split_whitespace().next().unwrap().to_uppercase();
    format!("PRIVATE-{key}-{first}")
}

fn shared_mark(key: &str, name: &str) -> String {
    private_mark(key, name).replace("PRIVATE-", "SHARED-")
}

/// A debrief whose every text carries `mark`; `shared` is an extra signal of flexibility.
fn debrief(author: Value, mark: &str, side: &Side, shared: Option<String>) -> Value {
    let mut flexibility = vec![format!("{mark}-flexibility")];
    flexibility.extend(shared);
    json!({
        "author": author,
        "best_offer": {"amount": side.offer, "terms": format!("{mark}-offer-terms")},
        "dealbreakers": [format!("{mark}-dealbreaker")],
        "hidden_issues": [{"kind": side.hidden, "note": format!("{mark}-hidden-issue")}],
        "missing_information": [format!("{mark}-missing-information")],
        "flexibility_signals": flexibility,
        "budget": side.budget,
        "time_preference": side.time,
    })
}

/// One demo case being walked, and everybody in it.
struct Walk<'a> {
    server: &'a Running,
    plan: Plan,
    case: String,
    view: Value,
    session: String,
    held_on: Date,
    mediator: Person,
    a: Person,
    b: Person,
    b_side: Vec<Person>,
    coordinator: Person,
}

impl<'a> Walk<'a> {
    fn begin(server: &'a Running, plan: Plan) -> Self {
        let mediator = Person::sign_in(server, plan.mediator, &email_for(plan.mediator), "");
        let cases = mediator.ok_get(&server.url("/cases"));
        let case = cases["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["title"] == plan.title)
            .unwrap_or_else(|| panic!("{} does not see {:?}: {cases}", plan.mediator, plan.title))
            ["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let view = mediator.ok_get(&server.url(&format!("/cases/{case}")))["view"]["case"].clone();
        let id_of = |name: &str| participant(&view, name);
        let person = |name: &str| Person::sign_in(server, name, &email_for(name), &id_of(name));
        // The session to debrief: held, and ended without full agreement.
        let held = view["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .find(|s| {
                s["status"]["status"] == "held"
                    && !["full-agreement", "did-not-take-place", ""]
                        .contains(&s["outcome"]["outcome"].as_str().unwrap_or(""))
            })
            .unwrap_or_else(|| panic!("{}: no session without full agreement", plan.title));
        Self {
            session: held["id"].as_str().unwrap().to_owned(),
            held_on: held["status"]["held_on"].as_str().unwrap().parse().unwrap(),
            mediator: Person {
                id: id_of(plan.mediator),
                ..mediator
            },
            a: person(plan.a.name),
            b: person(plan.b.name),
            b_side: plan.b_side.iter().map(|n| person(n)).collect(),
            coordinator: Person::sign_in(server, "coordinator", "coordinator@accord.example", ""),
            server,
            case,
            view,
            plan,
        }
    }

    fn url(&self, rest: &str) -> String {
        self.server.url(&format!("/cases/{}{rest}", self.case))
    }

    fn issue(&self, title: &str) -> String {
        self.view["issues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["title"] == title)
            .unwrap_or_else(|| panic!("no issue {title:?} in {}", self.plan.title))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn mark(&self, who: &Person) -> String {
        private_mark(self.plan.key, &who.name)
    }

    fn parties(&self) -> [&Person; 2] {
        [&self.a, &self.b]
    }

    fn everyone(&self) -> impl Iterator<Item = &Person> {
        [&self.mediator, &self.a, &self.b, &self.coordinator]
            .into_iter()
            .chain(&self.b_side)
    }

    /// This case's due items for `who`, as `/cases/{case}/due` and `/due` both say.
    fn due_for(&self, who: &Person) -> Vec<Value> {
        let here = who.ok_get(&self.url("/due"));
        let everywhere = who.ok_get(&self.server.url("/due"));
        let listed = everywhere
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["case"] == self.case.as_str())
            .map_or(json!([]), |c| c["items"].clone());
        assert_eq!(
            listed, here,
            "/due and /cases/{{case}}/due differ for {}",
            who.name
        );
        here.as_array().unwrap().clone()
    }

    /// Each party, then the mediator, records what it learned; only each author's own
    /// debrief was due from it.
    fn debriefs(&self) {
        let kinds = |items: &[Value]| {
            items
                .iter()
                .filter(|i| i["kind"] == "debrief")
                .map(|i| i["owner"].as_str().unwrap_or("mediator").to_owned())
                .collect::<BTreeSet<_>>()
        };
        let all: BTreeSet<String> =
            [self.a.id.clone(), self.b.id.clone(), "mediator".into()].into();
        assert_eq!(kinds(&self.due_for(&self.mediator)), all);
        for p in self.parties() {
            assert_eq!(kinds(&self.due_for(p)), [p.id.clone()].into(), "{}", p.name);
        }
        let url = self.url(&format!("/sessions/{}/debriefs", self.session));
        let shared = shared_mark(self.plan.key, &self.a.name);
        for (p, side, extra) in [
            (&self.a, &self.plan.a, Some(shared)),
            (&self.b, &self.plan.b, None),
        ] {
            let author = json!({"kind": "party", "party": p.id});
            p.ok_post(&url, debrief(author, &self.mark(p), side, extra));
        }
        // A party cannot write the other party's debrief.
        let (status, _) = self.b.post(
            &url,
            debrief(
                json!({"kind": "party", "party": self.a.id}),
                "forged",
                &self.plan.b,
                None,
            ),
        );
        assert_eq!(status, StatusCode::FORBIDDEN);
        let mediator_side = Side::quiet(self.plan.mediator, "ego");
        self.mediator.ok_post(
            &url,
            debrief(
                json!({"kind": "mediator"}),
                &self.mark(&self.mediator),
                &mediator_side,
                None,
            ),
        );
        assert!(
            kinds(&self.due_for(&self.mediator)).is_empty(),
            "all debriefs are in"
        );
    }

    /// The version B sees of the case (also its `ETag`).
    fn version_seen_by_b(&self) -> Value {
        self.b.ok_get(&self.url(""))["version"].clone()
    }

    /// A's private position on an issue and its checklist for the next session; B's version
    /// of the case does not move, so it cannot tell that A wrote anything.
    fn a_prepares_in_private(&self) {
        let before = self.version_seen_by_b();
        let mark = self.mark(&self.a);
        let issue = self.issue(self.plan.position_on);
        self.a.ok_post(
            &self.url(&format!("/issues/{issue}/positions")),
            json!({"party": self.a.id, "position": format!("{mark}-position"),
                   "interests": [format!("{mark}-interest")], "shared": false}),
        );
        self.a.ok_post(
            &self.url("/preparations"),
            json!({"party": self.a.id, "goals": [format!("{mark}-goal")],
                   "documents": [format!("{mark}-document")], "options": [format!("{mark}-option")],
                   "question": format!("{mark}-question"), "who_else": [format!("{mark}-who-else")],
                   "shared": false}),
        );
        assert_eq!(self.version_seen_by_b(), before);
    }

    /// The latest memorandum version and content hash, as `who` reads them.
    fn memorandum(&self, who: &Person) -> (Value, u64, String) {
        let memo = who.ok_get(&self.url("/memorandum"));
        let latest = &memo["latest_issued"];
        let version = latest["version"].as_u64().unwrap_or(0);
        let hash = latest["content_hash"].as_str().unwrap_or("").to_owned();
        (memo, version, hash)
    }

    fn confirm(&self, who: &Person, version: u64, hash: &str) -> (StatusCode, Value) {
        self.confirm_with(who, version, hash, PASSWORD)
    }

    fn confirm_with(
        &self,
        who: &Person,
        version: u64,
        hash: &str,
        password: &str,
    ) -> (StatusCode, Value) {
        who.post(
            &self.url(&format!("/memorandum/{version}/confirmations")),
            json!({"by": who.id, "content_hash": hash, "password": password}),
        )
    }

    /// The mediator issues the memorandum; each party reads it and confirms what it read.
    fn memorandum_issued_and_confirmed(&self) {
        self.mediator.ok_post(&self.url("/memorandum"), json!({}));
        for (confirmed_so_far, p) in self.parties().into_iter().enumerate() {
            let (memo, version, hash) = self.memorandum(p);
            assert_eq!(version, 1, "{memo}");
            assert_eq!(memo["current_hash"], hash.as_str(), "issued as it stands");
            // Confirming binds: without the password again, or with a wrong one, nothing is
            // confirmed and the answer names the field.
            for password in ["", "not-the-password"] {
                let (status, answer) = self.confirm_with(p, version, &hash, password);
                assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
                assert_eq!(answer["field"], "password", "{answer}");
            }
            let (memo_now, _, _) = self.memorandum(&self.mediator);
            assert_eq!(
                confirmations(&memo_now).len(),
                confirmed_so_far,
                "{memo_now}"
            );
            let (status, answer) = self.confirm(p, version, &hash);
            assert_eq!(status, StatusCode::OK, "{} confirms: {answer}", p.name);
        }
        let (memo, _, _) = self.memorandum(&self.mediator);
        assert_eq!(memo["awaiting"], json!([]), "{memo}");
        assert_eq!(
            confirmations(&memo),
            [
                (1, self.a.name.clone(), false),
                (1, self.b.name.clone(), false)
            ]
            .into(),
        );
    }

    /// Once confirmed, the case changes and a new version is issued: the confirmations of
    /// the first are stale, and both parties are asked again.
    fn memorandum_goes_stale(&self) {
        let (_, old_version, old_hash) = self.memorandum(&self.a);
        let (title, reason) = self.plan.later_agreed;
        self.mediator.ok_post(
            &self.url(&format!("/issues/{}/state", self.issue(title))),
            json!({"state": "agreed-final", "reason": reason}),
        );
        let (memo, version, _) = self.memorandum(&self.mediator);
        assert_eq!(
            (version, &memo["changed_since_issued"]),
            (old_version, &json!(true))
        );
        self.mediator.ok_post(&self.url("/memorandum"), json!({}));
        let (memo, version, hash) = self.memorandum(&self.b);
        assert_eq!(version, old_version + 1);
        assert_ne!(hash, old_hash);
        assert_eq!(
            confirmations(&memo),
            [
                (old_version, self.a.name.clone(), true),
                (old_version, self.b.name.clone(), true)
            ]
            .into(),
            "{memo}"
        );
        assert_eq!(
            names(&memo["awaiting"]),
            names(&json!([self.a.name, self.b.name]))
        );
        let (status, refused) = self.confirm(&self.a, old_version, &old_hash);
        assert_eq!(
            (status, refused["error"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("memorandum-version-stale")
            ),
            "{refused}"
        );
        let (status, answer) = self.confirm(&self.a, version, &hash);
        assert_eq!(status, StatusCode::OK, "{answer}");
        let (memo, _, _) = self.memorandum(&self.mediator);
        assert_eq!(memo["awaiting"], json!([self.b.name]), "{memo}");
    }

    /// The mediator names why it stalled, with a line of evidence.
    fn diagnose(&self) {
        let (reason, evidence) = self.plan.diagnosis;
        let evidence = match self.plan.diagnosis_shared {
            true => evidence.to_owned(),
            false => format!("{}-diagnosis: {evidence}", self.mark(&self.mediator)),
        };
        self.mediator.ok_post(
            &self.url("/diagnoses"),
            json!({"session": self.session, "author": {"kind": "mediator"},
                   "findings": [{"reason": reason, "evidence": evidence}],
                   "shared": self.plan.diagnosis_shared}),
        );
    }

    /// The mediator's advice, ranked with reasons, says what a mediator would expect; B's
    /// rests only on what B may see.
    fn advice(&self) {
        let answer = self.mediator.ok_get(&self.url("/advice"));
        let advice = Advice(&answer);
        advice.is_ranked_with_reasons();
        let (reason, _) = self.plan.diagnosis;
        assert!(
            answer["facts"]["stall_reasons"]
                .as_array()
                .unwrap()
                .contains(&json!(reason)),
            "{}",
            answer["facts"]
        );
        assert!(
            answer["advice"]["fixes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["stall"] == reason && !f["usual_fix"].as_str().unwrap().is_empty()),
            "the usual fix for {reason}"
        );
        assert_eq!(
            advice.top("options"),
            self.plan.top_option,
            "{}",
            advice.summary()
        );
        if let Some(upgrade) = self.plan.top_upgrade {
            assert_eq!(advice.top("upgrades"), upgrade, "{}", advice.summary());
        }
        if let Some(last) = self.plan.last_option {
            assert_eq!(advice.bottom("options"), last, "{}", advice.summary());
        }
        // Temporary orders are a family-court step: set aside for any other dispute.
        assert_eq!(
            advice.excluded("options", "temporary-orders"),
            !self.plan.family
        );
        if self.plan.family {
            advice.assert_outranks("options", "temporary-orders", "litigation");
        }
        (self.plan.expect)(&advice);

        let theirs = self.b.ok_get(&self.url("/advice"));
        Advice(&theirs).is_ranked_with_reasons();
        let facts = &theirs["facts"];
        assert_eq!(
            (&facts["budget"], &facts["time_preference"]),
            (&json!(self.plan.b.budget), &json!(self.plan.b.time)),
            "{}'s advice weighs only {}'s own debrief",
            self.b.name,
            self.b.name
        );
        let seen_reasons = match self.plan.diagnosis_shared {
            true => json!([reason]),
            false => json!([]),
        };
        assert_eq!(facts["stall_reasons"], seen_reasons, "{facts}");
    }

    /// The mediator chooses the next move; it is due for the mediator and the owner's side,
    /// and for nobody else.
    fn next_step(&self) {
        let due_on = self.held_on + 30.days();
        let owner = match self.plan.owner {
            Owner::Mediator => &self.mediator,
            Owner::A => &self.a,
            Owner::B => &self.b,
        };
        self.mediator.ok_post(
            &self.url("/next-step"),
            json!({"step": self.plan.next_step, "owner": owner.id, "due_on": due_on,
                   "note": "Agreed at the end of the session"}),
        );
        let mut expected_to_see = vec![&self.mediator, owner];
        if self.plan.owner == Owner::B {
            expected_to_see.extend(&self.b_side);
        }
        for who in self.everyone().filter(|p| !p.id.is_empty()) {
            let listed = self.due_for(who).into_iter().any(|i| {
                i["kind"] == "next-step"
                    && i["owner"] == owner.id.as_str()
                    && i["due_on"] == due_on.to_string()
            });
            let expected = expected_to_see.iter().any(|p| p.id == who.id);
            assert_eq!(
                listed, expected,
                "the next step owned by {} in {}'s due list",
                owner.name, who.name
            );
        }
    }

    /// A shares one item of its debrief: B sees it afterwards, and not before.
    fn a_shares_one_item(&self) {
        let shared = shared_mark(self.plan.key, &self.a.name);
        let case = self.url("");
        assert!(!self.b.ok_get(&case).to_string().contains(&shared));
        self.a.ok_post(
            &self.url(&format!("/sessions/{}/debriefs/share", self.session)),
            json!({"party": self.a.id, "kind": "flexibility-signal", "index": 2}),
        );
        let view = self.b.ok_get(&case);
        assert!(
            view["view"]["case"]["shared_items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["text"] == shared.as_str()),
            "B sees the shared item: {}",
            view["view"]["case"]["shared_items"]
        );
    }

    /// Everybody reads everything they can.
    fn everyone_looks_around(&self) {
        let reads = [
            "",
            "/memorandum",
            "/memorandum?format=markdown",
            "/advice",
            "/due",
            "/measures",
            "/court-report",
        ];
        for who in self.everyone() {
            who.get(&self.server.url("/cases"));
            who.get(&self.server.url("/due"));
            for read in reads {
                who.get(&self.url(read));
            }
        }
        for read in ["/advice", "/memorandum"] {
            let (status, _) = self.coordinator.get(&self.url(read));
            assert_eq!(status, StatusCode::FORBIDDEN, "coordinator GET {read}");
        }
    }

    /// What each person received holds nothing it should not.
    fn nothing_private_leaked(&self) {
        let of_a = self.mark(&self.a);
        let of_b = self.mark(&self.b);
        let of_mediator = self.mark(&self.mediator);
        let shared = shared_mark(self.plan.key, &self.a.name);
        let everything = self.mediator.everything_seen();
        for mark in [&of_a, &of_b, &of_mediator] {
            assert!(
                everything.contains(mark.as_str()),
                "the mediator saw {mark}"
            );
        }
        for p in &self.b_side {
            let all = p.everything_seen();
            assert!(all.contains(&shared), "{} sees what B sees", p.name);
        }
        for (p, own) in [(&self.a, &of_a), (&self.b, &of_b)] {
            assert!(
                p.everything_seen().contains(own.as_str()),
                "{} saw its own",
                p.name
            );
        }
        let secret = self.plan.a_demo_secret;
        let forbidden = [
            (&self.a, vec![of_b.as_str(), of_mediator.as_str()]),
            (&self.b, vec![of_a.as_str(), of_mediator.as_str(), secret]),
            (&self.coordinator, vec!["PRIVATE-", "SHARED-", secret]),
        ];
        let b_side = self.b_side.iter().map(|p| (p, forbidden[1].1.clone()));
        for (who, marks) in forbidden.iter().map(|(p, m)| (*p, m.clone())).chain(b_side) {
            let all = who.everything_seen();
            for mark in marks {
                assert!(!all.contains(mark), "{} received {mark:?}", who.name);
            }
        }
        let report = self.mediator.ok_get(&self.url("/court-report"));
        assert_eq!(report, self.coordinator.ok_get(&self.url("/court-report")));
        let report = report.to_string();
        for mark in ["PRIVATE-", "SHARED-", secret] {
            assert!(!report.contains(mark), "the court report holds {mark:?}");
        }
        assert_eq!(
            self.coordinator.ok_get(&self.url(""))["view"]["scope"],
            "metadata"
        );
    }
}

fn confirmations(memo: &Value) -> BTreeSet<(u64, String, bool)> {
    memo["confirmations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["version"].as_u64().unwrap(),
                c["for_party"].as_str().unwrap().to_owned(),
                c["stale"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn names(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_owned())
        .collect()
}

/// `GET /advice`, read the way a mediator reads it.
struct Advice<'a>(&'a Value);

impl Advice<'_> {
    fn list(&self, which: &str) -> &Vec<Value> {
        self.0["advice"][which]
            .as_array()
            .unwrap_or_else(|| panic!("no {which} in {}", self.0))
    }

    fn position(&self, which: &str, item: &str) -> usize {
        self.list(which)
            .iter()
            .position(|r| r["item"] == item)
            .unwrap_or_else(|| panic!("{item} is not among the {which}: {}", self.summary()))
    }

    fn entry(&self, which: &str, item: &str) -> &Value {
        &self.list(which)[self.position(which, item)]
    }

    fn excluded(&self, which: &str, item: &str) -> bool {
        self.entry(which, item)["excluded"] == true
    }

    /// The best suggestion that is not set aside.
    fn top(&self, which: &str) -> &str {
        self.list(which)
            .iter()
            .find(|r| r["excluded"] == false)
            .and_then(|r| r["item"].as_str())
            .unwrap_or("")
    }

    /// The worst suggestion that is not set aside.
    fn bottom(&self, which: &str) -> &str {
        self.list(which)
            .iter()
            .rev()
            .find(|r| r["excluded"] == false)
            .and_then(|r| r["item"].as_str())
            .unwrap_or("")
    }

    fn assert_outranks(&self, which: &str, better: &str, worse: &str) {
        assert!(
            self.position(which, better) < self.position(which, worse)
                && !self.excluded(which, better),
            "{better} should rank above {worse}: {}",
            self.summary()
        );
    }

    /// Every reason given for an item, in one lower-case line.
    fn because(&self, which: &str, item: &str) -> String {
        self.entry(which, item)["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["because"].as_str().unwrap().to_lowercase())
            .collect::<Vec<_>>()
            .join(" | ")
    }

    fn assert_because(&self, which: &str, item: &str, words: &str) {
        let because = self.because(which, item);
        assert!(
            because.contains(words),
            "{item}: {words:?} not in {because}"
        );
    }

    fn assert_caution(&self, words: &str) {
        let cautions = self.0["advice"]["cautions"].to_string();
        assert!(cautions.contains(words), "{words:?} not in {cautions}");
    }

    fn assert_clock(&self, urgency: &str, label: &str) {
        let clock = &self.0["advice"]["clock"];
        assert_eq!(clock["urgency"], urgency, "{clock}");
        assert!(
            clock["label"].as_str().unwrap_or("").contains(label),
            "{clock}"
        );
    }

    /// Each list is ordered best first, set-aside last; every entry carries its reasons, and
    /// its score is what they add up to.
    fn is_ranked_with_reasons(&self) {
        assert_eq!(self.list("options").len(), 10, "every next step is listed");
        for which in ["options", "upgrades", "formats"] {
            let list = self.list(which);
            assert!(!list.is_empty(), "no {which}");
            for r in list {
                let reasons = r["reasons"].as_array().unwrap();
                assert!(!reasons.is_empty(), "{which}: {} has no reasons", r["item"]);
                let sum: i64 = reasons
                    .iter()
                    .map(|x| {
                        let sign = match x["effect"].as_str().unwrap() {
                            "starts" | "raises" => 1,
                            "lowers" => -1,
                            _ => 0,
                        };
                        sign * x["weight"].as_i64().unwrap()
                    })
                    .sum();
                assert_eq!(r["score"].as_i64(), Some(sum), "{which}: {r}");
                let excludes = reasons.iter().any(|x| x["effect"] == "excludes");
                assert_eq!(r["excluded"].as_bool(), Some(excludes), "{which}: {r}");
                assert!(!r["label"].as_str().unwrap().is_empty());
                if which == "options" {
                    assert!(r["profile"]["who_decides"].is_string(), "{r}");
                }
            }
            let order: Vec<(bool, i64)> = list
                .iter()
                .map(|r| (r["excluded"] == true, -r["score"].as_i64().unwrap()))
                .collect();
            assert!(order.is_sorted(), "{which} not ranked: {}", self.summary());
        }
    }

    fn summary(&self) -> String {
        ["options", "upgrades", "formats"]
            .iter()
            .map(|which| {
                let items: Vec<String> = self
                    .list(which)
                    .iter()
                    .map(|r| {
                        format!(
                            "{}={}{}",
                            r["item"].as_str().unwrap(),
                            r["score"],
                            if r["excluded"] == true { "(x)" } else { "" }
                        )
                    })
                    .collect();
                format!("{which}: {}", items.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl Walk<'_> {
    /// Once every debrief is in, nobody is told one is still due. The coordinator may be
    /// refused the list (metadata only); if it is given one, it must be true too.
    fn no_debrief_is_still_due(&self) {
        let debriefs = |items: &[Value]| -> Vec<Value> {
            let due = items.iter().filter(|i| i["kind"] == "debrief");
            due.cloned().collect()
        };
        for who in self.everyone().filter(|p| !p.id.is_empty()) {
            let due = debriefs(&self.due_for(who));
            assert!(
                due.is_empty(),
                "{} is told debriefs are due: {due:?}",
                who.name
            );
        }
        let (status, due) = self.coordinator.get(&self.url("/due"));
        if status == StatusCode::OK {
            let due = debriefs(due.as_array().unwrap());
            assert!(
                due.is_empty(),
                "GET /cases/{{case}}/due as the coordinator, after every debrief was captured: {due:?}"
            );
        } else {
            assert_eq!(status, StatusCode::FORBIDDEN, "{due}");
        }
    }
}

/// One demo case from the session to the next step, then who received what.
fn walk(plan: Plan) {
    let server = start_demo();
    let w = Walk::begin(&server, plan);
    w.debriefs();
    w.a_prepares_in_private();
    w.memorandum_issued_and_confirmed();
    w.diagnose();
    w.advice();
    w.next_step();
    w.a_shares_one_item();
    w.memorandum_goes_stale();
    w.everyone_looks_around();
    w.nothing_private_leaked();
    w.no_debrief_is_still_due();
}

#[test]
fn child_arrangements_partly_agreed_after_the_session() {
    walk(Plan {
        key: "LAYLA",
        title: "Ahmed & Brown — arrangements for Layla (7)",
        mediator: "Maya Patel",
        a: Side {
            time: Some("flexible"),
            ..Side::quiet("Amira Ahmed", "trust")
        },
        b: Side::quiet("Ben Brown", "control"),
        b_side: &[],
        a_demo_secret: "I could accept alternate weekends in summer",
        position_on: "Summer holidays",
        diagnosis: (
            "missing-information",
            "Next summer's school holiday dates are not published yet",
        ),
        diagnosis_shared: false,
        next_step: "mediate-again",
        owner: Owner::B,
        later_agreed: (
            "Summer holidays",
            "Three weeks each, in alternate fortnights",
        ),
        // Only summer is open, the rest is agreed or on trial: a short session on it, once
        // the dates are in.
        family: true,
        top_option: "mediate-again",
        top_upgrade: Some("document-exchange"),
        // Going to court could unsettle what was agreed, and the dates are not in.
        last_option: Some("litigation"),
        expect: |advice| {
            advice.assert_because("upgrades", "single-topic-session", "one or two issues");
            advice.assert_because("upgrades", "trial-period", "schedule");
            advice.assert_caution("MIAM");
            advice.assert_caution("memorandum of partial agreement");
            advice.assert_clock("soon", "pilot review: Weekday schedule");
        },
    });
}

#[test]
fn personal_injury_without_agreement_after_the_session() {
    walk(Plan {
        key: "OKAFOR",
        title: "Okafor v. Hudson Freight Lines",
        mediator: "Robert Chen",
        a: Side {
            offer: money(6_000_000, "USD"),
            budget: Some("medium"),
            ..Side::quiet("Hudson Freight Lines", "cash-flow")
        },
        b: Side {
            offer: money(8_500_000, "USD"),
            ..Side::quiet("Grace Okafor", "fear")
        },
        b_side: &["Daniel Reyes"],
        a_demo_secret: "Adjuster's authority is capped",
        position_on: "Medical expenses",
        diagnosis: (
            "missing-information",
            "The dash-cam footage and the wage records were not exchanged",
        ),
        diagnosis_shared: true,
        next_step: "pause-and-return",
        owner: Owner::A,
        later_agreed: ("Liability", "Liability accepted once the footage was seen"),
        // Documents were missing: pause, exchange them, return on a date; the court's
        // calendar keeps running, so a settlement conference is close behind.
        family: false,
        top_option: "pause-and-return",
        top_upgrade: Some("document-exchange"),
        last_option: None,
        expect: |advice| {
            advice.assert_outranks("options", "settlement-conference", "litigation");
            advice.assert_outranks("options", "settlement-conference", "arbitration");
            advice.assert_because("options", "settlement-conference", "court");
            advice.assert_because("upgrades", "expert-input", "personal injury");
            advice.assert_because("options", "litigation", "discovery");
            advice.assert_caution("court's calendar");
            assert!(
                advice.0["advice"]["clock"].is_null(),
                "no pilot or temporary term"
            );
        },
    });
}

#[test]
fn business_break_up_at_impasse_without_the_decision_maker() {
    walk(Plan {
        key: "BRIGHTLINE",
        title: "Brightline Studio — partners' separation",
        mediator: "Helen Ward",
        a: Side {
            offer: money(24_000_000, "GBP"),
            budget: Some("high"),
            ..Side::quiet("Sofia Marin", "reputation")
        },
        b: Side {
            offer: money(30_000_000, "GBP"),
            ..Side::quiet("Oliver Grant", "identity")
        },
        b_side: &["James Cole", "Eleanor Grant (trustee, Grant Family Trust)"],
        a_demo_secret: "I can go to £240k",
        position_on: "Buy-out price",
        diagnosis: (
            "no-authority-present",
            "The trustee who must approve any sale of Oliver's share did not attend",
        ),
        diagnosis_shared: true,
        next_step: "mediate-again",
        owner: Owner::Mediator,
        later_agreed: (
            "Non-disparagement",
            "One joint statement to clients; nothing else said publicly",
        ),
        // Nobody who could say yes for Oliver was there: meet again, with the trustee.
        family: false,
        top_option: "mediate-again",
        top_upgrade: Some("require-decision-maker"),
        // Public: it costs reputations, and the contract sets other steps first.
        last_option: Some("litigation"),
        expect: |advice| {
            assert_eq!(advice.0["facts"]["authority_missing"], true);
            advice.assert_because("options", "litigation", "public");
            advice.assert_because("options", "arbitration", "contract");
            advice.assert_because("upgrades", "pre-mediation-calls", "authority");
            advice.assert_caution("memorandum of partial agreement");
        },
    });
}

#[test]
fn neighbour_noise_on_a_trial_after_the_session() {
    walk(Plan {
        key: "ELMROAD",
        title: "14 & 16 Elm Road — late-night noise",
        mediator: "Sam Okoro",
        a: Side {
            budget: Some("low"),
            ..Side::quiet("Priya Nair", "reputation")
        },
        b: Side {
            budget: Some("medium"),
            ..Side::quiet("Gareth Hughes", "fear")
        },
        b_side: &[],
        a_demo_secret: "exam practice",
        position_on: "Quiet hours",
        diagnosis: (
            "emotions",
            "Raised voices about the drumming; Priya left the room",
        ),
        diagnosis_shared: false,
        next_step: "mediate-again",
        owner: Owner::A,
        later_agreed: ("Quiet hours", "The noise plan held for thirty days"),
        // Most is agreed and a trial runs: meet again on what is left, in a calmer format.
        family: false,
        top_option: "mediate-again",
        top_upgrade: None,
        // The dearest route, for a party who said it cannot spend much.
        last_option: Some("litigation"),
        expect: |advice| {
            let facts = &advice.0["facts"];
            assert_eq!(facts["budget"], "low", "the tightest budget binds");
            advice.assert_outranks("options", "negotiate-directly", "arbitration");
            advice.assert_because("options", "negotiate-directly", "costs little");
            advice.assert_because("upgrades", "trial-period", "thirty days");
            // Emotions ran the day: the usual fixes change the format (DOMAIN.md §5).
            advice.assert_because("upgrades", "cooling-off-pause", "emotions");
            for calmer in ["caucus-model", "separate-arrival", "online-format"] {
                advice.position("upgrades", calmer);
            }
            advice.assert_outranks("formats", "caucus", "joint");
            advice.assert_clock("soon", "pilot review: Quiet hours");
        },
    });
}
