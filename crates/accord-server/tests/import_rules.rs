//! What an import refuses even when every chain verifies: a joint fact addressed to fewer
//! than everyone, which would otherwise reach coordinators through the case's figures
//! (found by the `event_payload` fuzzer; see bench/fuzz).

use accord_core::case::vocabulary::{DisputeType, Jurisdiction, TermState};
use accord_core::case::{Actor, Audience, Event, NewEvent};
use accord_core::chain::{self, Head};
use accord_core::ids::{CaseId, IssueId};
use accord_core::text::Text;
use accord_server::Cases;
use accord_store::{Create, DatabaseUrl, Store};

fn text(s: &str) -> Text {
    Text::line("text", s, 200).unwrap()
}

fn file(state_change_to: Audience) -> String {
    let case = CaseId::new_v7();
    let issue = IssueId::new_v7();
    let events = vec![
        NewEvent::joint(Event::CaseOpened {
            case,
            title: text("Elm Road"),
            dispute_type: DisputeType::NeighbourCommunity,
            jurisdiction: Jurisdiction::EnglandWales,
            time_zone: "Europe/London".into(),
            court_ordered: false,
            contract_clause: None,
            court_reference: None,
        }),
        NewEvent::joint(Event::IssueAdded {
            issue,
            title: text("Music after 11pm"),
            description: None,
        }),
        NewEvent {
            audience: state_change_to,
            event: Event::IssueStateChanged {
                issue,
                state: TermState::AgreedFinal,
                reason: None,
            },
        },
    ];
    let actor = Actor::Operator {
        name: "maya".into(),
    };
    chain::seal(case, Head::EMPTY, events, &actor, jiff::Timestamp::now())
        .iter()
        .map(|r| chain::export_line(&r.to_raw()).unwrap() + "\n")
        .collect()
}

fn cases() -> (Cases, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite {
        path: dir.path().join("a.db"),
    };
    (
        Cases::new(Store::open(&url, Create::IfMissing).unwrap()),
        dir,
    )
}

#[test]
fn an_issue_agreed_in_private_is_refused_on_import_with_its_line_and_nothing_is_written() {
    let (cases, _dir) = cases();
    let private = file(Audience::MediatorOnly);
    let err = cases.import(private.as_bytes()).unwrap_err().to_string();
    assert!(
        err.contains("line 3: a IssueStateChanged is a joint fact and must be addressed to everyone, not to mediator only"),
        "{err}"
    );
    assert!(cases.store().case_ids().unwrap().is_empty());

    let joint = file(Audience::Everyone);
    let imported = cases.import(joint.as_bytes()).unwrap();
    assert_eq!(imported[0].events, 3);
}
