//! The store's part of the case list and the other read models (run on both backends by
//! `conformance.rs`): keyset pages walk every case once in order, filters and counts over the
//! caller's memberships joined in SQL, the shared lens for everyone but a case's mediators, due
//! items read by audience, and the programme's sums.

use super::{Writer, note, text, user};
use accord_core::case::figures::CaseFigures;
use accord_core::case::vocabulary::{ClosureStatus, DisputeType, Jurisdiction, Outcome};
use accord_core::case::{Audience, CaseMetadata, Command};
use accord_core::ids::NoteId;
use accord_core::time_zone::TimeZoneName;
use accord_store::{CaseFilter, Derived, DueFilter, DueRow, Lister, MembershipRow, Store};

pub fn open_case(
    w: &Writer,
    title: &str,
    dispute_type: DisputeType,
    court_ordered: bool,
) -> Command {
    Command::OpenCase {
        case: w.id,
        title: text(title),
        dispute_type,
        jurisdiction: Jurisdiction::EnglandWales,
        time_zone: TimeZoneName::parse("Europe/London").unwrap(),
        court_ordered,
        contract_clause: None,
        court_reference: None,
    }
}

pub fn opened(
    store: &Store,
    title: &str,
    dispute_type: DisputeType,
    court_ordered: bool,
) -> Writer {
    let mut w = Writer::new();
    let cmd = open_case(&w, title, dispute_type, court_ordered);
    w.write(store, cmd).unwrap();
    w
}

fn member(store: &Store, w: &Writer, user_id: &str, kind: &str) {
    store
        .set_membership(&MembershipRow {
            case_id: w.id.to_string(),
            user_id: user_id.into(),
            kind: kind.into(),
            participant_id: (kind == "participant").then(|| uuid::Uuid::now_v7().to_string()),
        })
        .unwrap();
}

fn account(store: &Store, email: &str) -> String {
    let u = user(email);
    store.insert_user(&u).unwrap();
    u.id
}

fn as_member(id: &str) -> Lister {
    Lister {
        user_id: id.into(),
        all_cases: false,
    }
}

/// Every row of the caller's list, read `limit` at a time.
fn walk(store: &Store, who: &Lister, filter: &CaseFilter, limit: u32) -> Vec<CaseMetadata> {
    let (mut all, mut after, mut pages) = (Vec::new(), None, 0);
    loop {
        let page = store.case_page(who, filter, after.as_ref(), limit).unwrap();
        assert!(page.rows.len() <= limit as usize);
        pages += 1;
        assert!(pages < 100, "the walk ends");
        all.extend(page.rows);
        match page.next {
            Some(next) => after = Some(next),
            None => return all,
        }
    }
}

fn ids(rows: &[CaseMetadata]) -> Vec<String> {
    rows.iter().map(|m| m.id.to_string()).collect()
}

pub fn pages_walk_every_case_once_in_order(store: &Store) {
    let maya = account(store, "maya@list.example");
    let other = account(store, "other@list.example");
    let mut cases = Vec::new();
    for i in 0..23 {
        let w = opened(
            store,
            &format!("Case {i:02}"),
            DisputeType::Workplace,
            false,
        );
        member(
            store,
            &w,
            if i % 5 == 4 { &other } else { &maya },
            "mediator",
        );
        cases.push(w);
    }
    // Activity moves some cases up; the order follows.
    for w in cases.iter_mut().step_by(3) {
        w.write(store, note("later")).unwrap();
    }
    let mut expected: Vec<CaseMetadata> = store
        .case_index()
        .unwrap()
        .into_iter()
        .filter(|m| {
            store
                .membership(&m.id.to_string(), &maya)
                .unwrap()
                .is_some()
        })
        .collect();
    expected.sort_by(|a, b| b.last_activity.cmp(&a.last_activity).then(a.id.cmp(&b.id)));
    assert_eq!(expected.len(), 19);
    for limit in [1, 4, 7, 19, 50] {
        let seen = walk(store, &as_member(&maya), &CaseFilter::default(), limit);
        assert_eq!(ids(&seen), ids(&expected), "pages of {limit}");
    }
    // A coordinator walks every case, in the shared order.
    let staff = Lister {
        user_id: account(store, "cora@list.example"),
        all_cases: true,
    };
    let mut everything = store.case_index().unwrap();
    everything.sort_by(|a, b| {
        (b.shared_last_activity.cmp(&a.shared_last_activity)).then(a.id.cmp(&b.id))
    });
    let seen = walk(store, &staff, &CaseFilter::default(), 6);
    assert_eq!(ids(&seen), ids(&everything));
}

pub fn filters_and_counts_cover_only_the_callers_cases(store: &Store) {
    let ana = account(store, "ana@filters.example");
    let neighbour = opened(
        store,
        "Noise at number 12",
        DisputeType::NeighbourCommunity,
        false,
    );
    let mut court = opened(store, "Reyes v. Acme", DisputeType::Workplace, true);
    let mut stuck = opened(
        store,
        "Ahmed & Brown",
        DisputeType::ChildArrangements,
        false,
    );
    let not_hers = opened(
        store,
        "Someone else's dispute",
        DisputeType::Workplace,
        true,
    );
    let left = opened(store, "A case she left", DisputeType::Workplace, false);
    for w in [&neighbour, &court, &stuck] {
        member(store, w, &ana, "participant");
    }
    member(store, &left, &ana, "former");
    let _ = not_hers;
    court
        .write(
            store,
            Command::CloseCase {
                status: ClosureStatus::Settled,
                summary: None,
            },
        )
        .unwrap();
    // The store keeps the latest outcome the application derived; set it as a fold would.
    let (expected, raws, mut meta, next) = stuck.prepare(note("after the session"));
    meta.latest_outcome = Some(Outcome::ImpasseForNow);
    store.append(expected, &raws, &meta).unwrap();
    stuck.state = next;

    let who = as_member(&ana);
    let titles = |filter: CaseFilter| -> Vec<String> {
        let mut t: Vec<String> = walk(store, &who, &filter, 2)
            .into_iter()
            .map(|m| m.title)
            .collect();
        t.sort();
        t
    };
    assert_eq!(
        titles(CaseFilter::default()),
        ["Ahmed & Brown", "Noise at number 12", "Reyes v. Acme"],
        "her cases only: not another's, not one she left"
    );
    let f = |edit: fn(&mut CaseFilter)| {
        let mut filter = CaseFilter::default();
        edit(&mut filter);
        filter
    };
    assert_eq!(
        titles(f(|f| f.state = Some("closed".into()))),
        ["Reyes v. Acme"]
    );
    assert_eq!(
        titles(f(|f| f.state = Some("settled".into()))),
        ["Reyes v. Acme"]
    );
    assert_eq!(
        titles(f(|f| f.state = Some("not-settled".into()))),
        Vec::<String>::new()
    );
    assert_eq!(titles(f(|f| f.state = Some("open".into()))).len(), 2);
    assert_eq!(
        titles(f(
            |f| f.outcomes = Some(vec!["impasse-for-now".into(), "no-agreement".into()])
        )),
        ["Ahmed & Brown"]
    );
    assert_eq!(
        titles(f(|f| f.outcomes = Some(vec![String::new()]))).len(),
        2
    );
    assert_eq!(
        titles(f(|f| f.dispute_type = Some("neighbour-community".into()))),
        ["Noise at number 12"]
    );
    assert_eq!(
        titles(f(|f| f.court_ordered = Some(true))),
        ["Reyes v. Acme"]
    );
    assert_eq!(
        titles(f(|f| f.title = Some("acme".into()))),
        ["Reyes v. Acme"]
    );
    assert_eq!(titles(f(|f| f.title = Some("&".into()))), ["Ahmed & Brown"]);
    assert_eq!(
        titles(f(|f| f.title = Some("%".into()))),
        Vec::<String>::new(),
        "% is a letter"
    );

    let counts = store.case_counts(&who).unwrap();
    assert_eq!(counts.total, 3);
    assert_eq!(counts.by_state.get("open"), Some(&2));
    assert_eq!(counts.by_state.get("settled"), Some(&1));
    assert_eq!(counts.by_latest_outcome.get("impasse-for-now"), Some(&1));
    assert_eq!(counts.by_latest_outcome.get("none"), Some(&2));
    assert_eq!(counts.by_dispute_type.get("workplace"), Some(&1));
    assert_eq!(counts.court_ordered, 1);

    // The mediator filter: the cases an account mediates.
    let maya = account(store, "maya@filters.example");
    member(store, &not_hers, &maya, "mediator");
    let staff = Lister {
        user_id: account(store, "cora@filters.example"),
        all_cases: true,
    };
    let mut filter = CaseFilter {
        mediator: Some(maya),
        ..CaseFilter::default()
    };
    let rows = walk(store, &staff, &filter, 10);
    assert_eq!(ids(&rows), [not_hers.id.to_string()]);
    filter.court_ordered = Some(false);
    assert!(walk(store, &staff, &filter, 10).is_empty());
}

pub fn a_private_write_moves_only_the_mediators_row(store: &Store) {
    let (maya, ben) = (
        account(store, "maya@lens.example"),
        account(store, "ben@lens.example"),
    );
    let mut first = opened(store, "First", DisputeType::Workplace, false);
    let second = opened(store, "Second", DisputeType::Workplace, false);
    for w in [&first, &second] {
        member(store, w, &maya, "mediator");
        member(store, w, &ben, "participant");
    }
    let page = |who: &str| {
        store
            .case_page(&as_member(who), &CaseFilter::default(), None, 1)
            .unwrap()
    };
    let (ben_before, maya_before) = (page(&ben), page(&maya));
    assert_eq!(ben_before.rows[0].id, second.id);
    std::thread::sleep(std::time::Duration::from_millis(2));
    first
        .write(
            store,
            Command::AddNote {
                note: NoteId::new_v7(),
                text: text("only the mediator"),
                audience: Audience::MediatorOnly,
                about_session: None,
            },
        )
        .unwrap();
    assert_eq!(
        page(&ben),
        ben_before,
        "rows, order and cursor unmoved for the party"
    );
    let maya_after = page(&maya);
    assert_ne!(maya_after, maya_before);
    assert_eq!(maya_after.rows[0].id, first.id, "the mediator's list moves");
    // The party's next page after its cursor is the other case, as the shared order says.
    let rest = store
        .case_page(
            &as_member(&ben),
            &CaseFilter::default(),
            ben_before.next.as_ref(),
            5,
        )
        .unwrap();
    assert_eq!(ids(&rest.rows), [first.id.to_string()]);
    assert_eq!(
        rest.rows[0].last_activity,
        rest.rows[0].shared_last_activity
    );
}

fn due_row(audience: &str, position: u32, due_end_ns: i64) -> DueRow {
    DueRow {
        audience: audience.into(),
        position,
        due_on: "2026-12-01".into(),
        due_start_ns: due_end_ns - 86_400_000_000_000,
        due_end_ns,
        time_zone: "Europe/London".into(),
        item: format!("{{\"for\":\"{audience}\",\"n\":{position}}}"),
    }
}

pub fn due_items_and_figures_follow_the_append(store: &Store) {
    let (maya, ana) = (
        account(store, "maya@due.example"),
        account(store, "ana@due.example"),
    );
    let mut w = opened(store, "Due things", DisputeType::FamilyFinance, false);
    member(store, &w, &maya, "mediator");
    member(store, &w, &ana, "participant");
    let ana_as = store
        .membership(&w.id.to_string(), &ana)
        .unwrap()
        .unwrap()
        .participant_id
        .unwrap();
    let (expected, raws, meta, next) = w.prepare(note("with read models"));
    let mut figures = CaseFigures::of(&next).unwrap();
    figures.terms_pilot = 2;
    let derived = Derived {
        due: vec![
            due_row("mediator", 0, 1_000),
            due_row("mediator", 1, 5_000),
            due_row(&ana_as, 0, 9_000),
            due_row("coordinator", 0, 1_000),
            due_row("someone-else", 0, 1_000),
        ],
        figures: Some(figures),
        ..Derived::default()
    };
    store
        .append_deriving(expected, &raws, &meta, &derived)
        .unwrap();
    w.state = next;
    let items = |id: &str, all| {
        store
            .due_items(&Lister {
                user_id: id.into(),
                all_cases: all,
            })
            .unwrap()
            .into_iter()
            .map(|d| d.item)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        items(&maya, false),
        [r#"{"for":"mediator","n":0}"#, r#"{"for":"mediator","n":1}"#]
    );
    let ana_item = format!("{{\"for\":\"{ana_as}\",\"n\":0}}");
    assert_eq!(items(&ana, false), [ana_item], "only her own list");
    let cora = account(store, "cora@due.example");
    assert_eq!(items(&cora, true), [r#"{"for":"coordinator","n":0}"#]);
    // The due filter reads the caller's own rows only.
    let overdue = |_: &str, now_ns| CaseFilter {
        due: Some(DueFilter::Overdue { now_ns }),
        ..CaseFilter::default()
    };
    let hits = |id: &str, f: CaseFilter| {
        store
            .case_page(&as_member(id), &f, None, 9)
            .unwrap()
            .rows
            .len()
    };
    assert_eq!(hits(&maya, overdue(&maya, 2_000)), 1);
    assert_eq!(
        hits(&ana, overdue(&ana, 2_000)),
        0,
        "her item is not yet overdue"
    );
    assert_eq!(hits(&ana, overdue(&ana, 9_000)), 1);

    let by_type = store.figures_by_dispute_type().unwrap();
    assert_eq!(by_type.len(), 1);
    assert_eq!(by_type[0].key, "family-finance");
    assert_eq!(by_type[0].sums[0], 1, "one case");
    assert_eq!(by_type[0].sums[7], 2, "two pilot terms");
    let by_mediator = store.figures_by_mediator().unwrap();
    assert_eq!(by_mediator.len(), 1);
    assert_eq!(by_mediator[0].key, maya);

    // The same rows again (in another order) are kept; one changed row is read back changed.
    let mut again = derived.clone();
    again.due.reverse();
    let (expected, raws, meta, next) = w.prepare(note("nothing due changes"));
    store
        .append_deriving(expected, &raws, &meta, &again)
        .unwrap();
    w.state = next;
    let before = items(&maya, false);
    assert_eq!(before.len(), 2);
    let moved = again.due.iter_mut().find(|d| d.audience == "mediator");
    moved.unwrap().item = r#"{"for":"mediator","n":"moved"}"#.into();
    let (expected, raws, meta, next) = w.prepare(note("the mediator's list moves"));
    store
        .append_deriving(expected, &raws, &meta, &again)
        .unwrap();
    w.state = next;
    assert_eq!(items(&cora, true), [r#"{"for":"coordinator","n":0}"#]);
    let after = items(&maya, false);
    assert!(after.iter().any(|i| i.contains("moved")), "{after:?}");
    assert_eq!(after.len(), 2);
    assert_eq!(items(&ana, false).len(), 1);

    // A later append rewrites the case's rows: nothing is due any more.
    let (expected, raws, meta, next) = w.prepare(note("all done"));
    let derived = Derived {
        figures: CaseFigures::of(&next),
        ..Derived::default()
    };
    store
        .append_deriving(expected, &raws, &meta, &derived)
        .unwrap();
    assert!(items(&maya, false).is_empty());
    assert_eq!(store.figures_by_dispute_type().unwrap()[0].sums[7], 0);
}
