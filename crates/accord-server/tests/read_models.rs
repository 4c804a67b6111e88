//! The read models against the demo cases (`accord_server::demo`): every demo viewer's due
//! list from the due-items read model equals the list folded case by case; the programme's
//! figures are what a person counts by hand, and equal those of each case's joint fold; the
//! case list pages, filters and counts as each viewer may see, over the HTTP API.

use accord_core::advice::NextStep;
use accord_core::case::figures::CaseFigures;
use accord_core::case::{Actor, Command, Viewer, fold_for};
use accord_server::accounts::User;
use accord_server::http::{self, Api, Config};
use accord_server::workbench::Workbench;
use accord_server::{demo, demo_people};
use accord_store::{Create, DatabaseUrl, Store};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt;

struct Demo {
    wb: Workbench,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<accord_store::scratch::ScratchDatabase>,
}

fn demo_on(store: Store) -> Workbench {
    let wb = Workbench::new(store);
    let actor = Actor::Operator {
        name: "test".into(),
    };
    demo::load(&wb.cases, &actor, demo::today_in("Europe/London")).unwrap();
    demo_people::ensure(&wb).unwrap();
    wb
}

fn sqlite_demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite {
        path: dir.path().join("accord.db"),
    };
    let wb = demo_on(Store::open(&url, Create::IfMissing).unwrap());
    Demo {
        wb,
        _dir: Some(dir),
        _pg: None,
    }
}

fn postgres_demo() -> Demo {
    let db = accord_store::scratch::ScratchDatabase::create(&accord_store::scratch::admin_url())
        .unwrap();
    let wb = demo_on(db.store().unwrap());
    Demo {
        wb,
        _dir: None,
        _pg: Some(db),
    }
}

fn user(wb: &Workbench, name: &str) -> User {
    wb.accounts
        .by_email(&demo_people::email_for(name))
        .unwrap()
        .unwrap_or_else(|| panic!("no demo account for {name}"))
}

fn everyone(wb: &Workbench) -> Vec<User> {
    wb.accounts.all().unwrap()
}

fn due_lists_equal_the_fold(wb: &Workbench) {
    let mut non_empty = 0;
    for u in everyone(wb) {
        let stored = wb.due_everywhere(&u).unwrap();
        let folded = wb.due_everywhere_folded(&u).unwrap();
        assert_eq!(stored, folded, "{} ({:?})", u.email, u.role);
        non_empty += usize::from(!stored.is_empty());
    }
    assert!(
        non_empty >= 10,
        "the demo has something due for most people"
    );
}

fn next_move_for_ben(wb: &Workbench) {
    let maya = user(wb, "Maya Patel");
    let case = wb.list(&maya).unwrap()[0].id;
    let state = wb.cases.state(case).unwrap();
    let ben = state
        .participants
        .iter()
        .find(|p| p.name.as_str() == "Ben Brown")
        .unwrap()
        .id;
    let seen = wb.show(&maya, case).unwrap().version;
    wb.run(
        &maya,
        case,
        Command::ChooseNextStep {
            step: NextStep::MediateAgain,
            owner: ben,
            due_on: demo::today_in("Europe/London") + jiff::ToSpan::days(5),
            note: None,
        },
        Some(seen),
    )
    .unwrap();
}

#[test]
fn every_demo_viewers_due_list_from_the_read_model_equals_the_fold() {
    for demo in [sqlite_demo(), postgres_demo()] {
        due_lists_equal_the_fold(&demo.wb);
        // A next move owned by one party is due for that party (and the mediator) only.
        next_move_for_ben(&demo.wb);
        due_lists_equal_the_fold(&demo.wb);
        let has_next_move = |name: &str| {
            demo.wb
                .due_everywhere(&user(&demo.wb, name))
                .unwrap()
                .iter()
                .flat_map(|c| &c.items)
                .any(|i| i.what.contains("next outreach"))
        };
        assert!(has_next_move("Ben Brown") && has_next_move("Maya Patel"));
        assert!(!has_next_move("Amira Ahmed") && !has_next_move("Nadia Ahmed"));
    }
}

#[test]
fn programme_figures_of_the_demo_are_what_a_person_counts() {
    let demo = sqlite_demo();
    let wb = &demo.wb;
    let coordinator = wb
        .accounts
        .by_email("coordinator@accord.example")
        .unwrap()
        .unwrap();
    let p = serde_json::to_value(wb.programme(&coordinator).unwrap()).unwrap();
    // Counted from demo.rs: four open cases; outcomes partial (child arrangements, noise),
    // no agreement (injury), impasse (studio); 5 + 3 + 4 + 3 issues, open now 1 + 3 + 3 + 0;
    // final 1 + 2, paperwork 1 (valuation), temporary 1 (Eid), pilot 1 + 1; no next move.
    assert_eq!(
        p["all"],
        json!({
            "cases": 4, "by_status": {"open": 4},
            "by_latest_outcome": {"partial-agreement": 2, "no-agreement": 1, "impasse-for-now": 1},
            "issues": 15, "open_issues_at_peak": 15, "open_issues_now": 7, "issues_narrowed": 8,
            "terms_by_state": {"final": 3, "subject_to_paperwork": 1, "temporary": 1, "pilot": 2},
            "next_moves_with_owner_and_date": 0
        })
    );
    let by_type: Vec<(&str, u64, u64)> = p["by_dispute_type"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["dispute_type"].as_str().unwrap(),
                g["cases"].as_u64().unwrap(),
                g["issues_narrowed"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_type,
        [
            ("business-partnership", 1, 1),
            ("child-arrangements", 1, 4),
            ("neighbour-community", 1, 3),
            ("personal-injury", 1, 0),
        ]
    );
    let mediators: Vec<(&str, u64)> = p["by_mediator"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap(),
                g["terms_by_state"]["final"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut mediators = mediators;
    mediators.sort();
    assert_eq!(
        mediators,
        [
            ("Helen Ward", 0),
            ("Maya Patel", 1),
            ("Robert Chen", 0),
            ("Sam Okoro", 2)
        ]
    );
    let text = p.to_string();
    for private in ["Amira", "Grace", "£240k", "Layla", "Okafor"] {
        assert!(!text.contains(private), "no party names or text: {private}");
    }
    // Each case's figures are those of its joint fold: private events add nothing.
    for meta in wb.cases.list().unwrap() {
        let history = wb.cases.history(meta.id).unwrap();
        let full = wb.cases.state(meta.id).unwrap();
        let joint = fold_for(&history, Viewer::Coordinator).unwrap();
        assert_eq!(
            CaseFigures::of(&full),
            CaseFigures::of(&joint),
            "{}",
            meta.title
        );
    }
    // The next move counts once chosen; only coordinators and admins may read the figures.
    next_move_for_ben(wb);
    let p = wb.programme(&coordinator).unwrap();
    assert_eq!(p.all.next_moves_with_owner_and_date, 1);
    for name in ["Maya Patel", "Ben Brown"] {
        assert!(wb.programme(&user(wb, name)).is_err(), "{name} may not");
    }
}

async fn get(api: &Api, token: &str, path: &str) -> (StatusCode, Value) {
    let req = Request::get(format!("/api/v1{path}"))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = http::router(api.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn token(wb: &Workbench, u: &User) -> String {
    wb.accounts.create_api_token(u, "test").unwrap().1
}

/// Every row of a list, page by page; the titles in order.
async fn walk(api: &Api, token: &str, query: &str, limit: u32) -> Vec<String> {
    let (mut titles, mut cursor) = (Vec::new(), None::<String>);
    loop {
        let c = cursor
            .as_ref()
            .map_or(String::new(), |c| format!("&cursor={c}"));
        let (status, page) = get(api, token, &format!("/cases?limit={limit}{query}{c}")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(
            page["counts"].is_null(),
            cursor.is_some(),
            "counts on the first page only"
        );
        for row in page["items"].as_array().unwrap() {
            titles.push(row["title"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return titles,
        }
    }
}

#[tokio::test]
async fn the_case_list_pages_filters_and_counts_as_each_viewer_may_see() {
    let demo = sqlite_demo();
    let wb = demo.wb.clone();
    let api = Api::new(
        wb.clone(),
        Config::default(),
        accord_server::mail::Mailer::log_only(),
    );
    let cora = token(
        &wb,
        &wb.accounts
            .by_email("coordinator@accord.example")
            .unwrap()
            .unwrap(),
    );
    let all = walk(&api, &cora, "", 200).await;
    assert_eq!(all.len(), 4);
    for limit in [1, 3] {
        assert_eq!(
            walk(&api, &cora, "", limit).await,
            all,
            "the same order in pages of {limit}"
        );
    }
    let titles = |q: &'static str| {
        let (api, cora) = (api.clone(), cora.clone());
        async move {
            let mut t = walk(&api, &cora, q, 2).await;
            t.sort();
            t
        }
    };
    assert_eq!(titles("&outcome=impasse-for-now").await, [demo::TITLES[2]]);
    assert_eq!(titles("&outcome=no-full-agreement").await.len(), 4);
    assert_eq!(
        titles("&outcome=full-agreement").await,
        Vec::<String>::new()
    );
    assert_eq!(titles("&court_ordered=true").await, [demo::TITLES[1]]);
    assert_eq!(
        titles("&dispute_type=neighbour-community").await,
        [demo::TITLES[3]]
    );
    assert_eq!(titles("&q=ELM%20road").await, [demo::TITLES[3]]);
    assert_eq!(titles("&status=open").await.len(), 4);
    assert_eq!(titles("&status=closed").await, Vec::<String>::new());
    // Debriefs are due within 48 hours of the outcome: this week for the mediator, nothing
    // for coordinators (whose due lists hold deadlines only).
    assert_eq!(titles("&due=this-week").await, Vec::<String>::new());
    let maya = token(&wb, &user(&wb, "Maya Patel"));
    assert_eq!(
        walk(&api, &maya, "&due=this-week", 5).await,
        [demo::TITLES[0]]
    );
    assert_eq!(
        walk(&api, &maya, "&due=overdue", 5).await,
        Vec::<String>::new()
    );
    let ben = token(&wb, &user(&wb, "Ben Brown"));
    assert_eq!(
        walk(&api, &ben, "&due=this-week", 5).await,
        [demo::TITLES[0]],
        "his debrief"
    );
    let nadia = token(&wb, &user(&wb, "Nadia Ahmed"));
    assert_eq!(
        walk(&api, &nadia, "&due=this-week", 5).await,
        [demo::TITLES[0]],
        "Amira's"
    );
    let helen = user(&wb, "Helen Ward");
    let q = format!("&mediator={}", helen.id);
    let (_, page) = get(&api, &cora, &format!("/cases?{}", &q[1..])).await;
    assert_eq!(page["items"][0]["title"], demo::TITLES[2]);
    let (_, page) = get(&api, &cora, "/cases").await;
    assert_eq!(page["counts"]["total"], 4);
    assert_eq!(page["counts"]["no_full_agreement"], 4);
    assert_eq!(page["counts"]["by_latest_outcome"]["partial-agreement"], 2);
    assert_eq!(page["counts"]["by_dispute_type"]["personal-injury"], 1);
    assert_eq!(page["counts"]["court_ordered"], 1);

    // A party sees its own case only, and counts over it only.
    let (_, page) = get(&api, &ben, "/cases").await;
    assert_eq!(walk(&api, &ben, "", 1).await, [demo::TITLES[0]]);
    assert_eq!(page["counts"]["total"], 1, "{page}");
    assert!(!page.to_string().contains("Okafor"));

    // Refusals name the parameter.
    for (query, field) in [
        ("status=paused", "status"),
        ("outcome=stuck", "outcome"),
        ("dispute_type=boundary", "dispute_type"),
        ("court_ordered=yes", "court_ordered"),
        ("due=soon", "due"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("mediator=someone", "mediator"),
        ("colour=blue", "colour"),
    ] {
        let (status, body) = get(&api, &cora, &format!("/cases?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["field"], field, "{query}: {body}");
    }
    let (status, _) = get(&api, &ben, &format!("/cases?mediator={}", helen.id)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the mediator filter is for coordinators"
    );
    let (status, _) = get(&api, &ben, "/programme").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, p) = get(&api, &cora, "/programme").await;
    assert_eq!((status, &p["all"]["cases"]), (StatusCode::OK, &json!(4)));
}
