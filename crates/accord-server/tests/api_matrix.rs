//! The authorization matrix: every route of the API (read from the OpenAPI document that the
//! router generates) × every kind of viewer → the expected status, and no answer to anyone
//! holds private text that viewer may not see. A route missing from `EXPECTED` fails the test.

mod common;

use accord_core::advice::NextStep;
use accord_core::case::debrief::{Author, Debrief, HiddenIssue, HiddenIssueKind};
use accord_core::case::sensitive::SensitiveRecord;
use accord_core::case::vocabulary::{
    DisputeType, Jurisdiction, Outcome, Role, SessionFormat, TermState,
};
use accord_core::case::{Audience, Command};
use accord_core::ids::{CaseId, IssueId, NoteId, ParticipantId, SessionId};
use accord_core::text::Text;
use accord_core::time_zone::TimeZoneName;
use accord_server::access::{FORMER, PARTICIPANT};
use accord_server::accounts::{AccountRole, User, hash_password};
use accord_server::http::{self, Api, Config};
use accord_server::workbench::Workbench;
use accord_store::{Create, DatabaseUrl, MembershipRow, Store};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tower::ServiceExt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    Admin,
    Coordinator,
    OtherMediator,
    PartyA,
    PartyB,
    RepOfA,
    Former,
    /// Last, as its commands change the case the most.
    Mediator,
}
use Who::*;

const EVERYONE: [Who; 9] = [
    Anonymous,
    Admin,
    Coordinator,
    OtherMediator,
    PartyA,
    PartyB,
    RepOfA,
    Former,
    Mediator,
];
const SECRET_A: &str = "SECRET-A: Amira would accept alternate weekends";
const SECRET_B: &str = "SECRET-B: Ben's new job starts in March";
const SECRET_M: &str = "SECRET-M: mediator thinks a pilot would work";
/// In Ben's safety screening: the mediator's alone, and every reading of it logged.
const SECRET_S: &str = "SECRET-S: Ben fears the handovers at the school gate";

/// Expected statuses: one row per route, one column per viewer in `EVERYONE` order.
/// 1 = 401, 3 = 403, 4 = 404, otherwise the status itself.
fn expected() -> BTreeMap<&'static str, [u16; 9]> {
    let u = 401;
    let command = |ok: u16| [u, 403, 403, 404, 403, 403, 403, 404, ok];
    let mediator_only = |ok: u16| [u, 403, 403, 404, 403, 403, 403, 404, ok];
    let for_party_a = |ok: u16| [u, 403, 403, 404, ok, 403, ok, 404, ok];
    let content_read = [u, 403, 403, 404, 200, 200, 200, 404, 200];
    let open_read = [u, 200, 200, 404, 200, 200, 200, 404, 200];
    // Public, like the deadline calculator: the same answer for anyone, signed in or not.
    let open_all = [200; 9];
    BTreeMap::from([
        //                                    anon admin coord other  A    B   repA former med
        (
            "POST /session",
            [401, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "DELETE /session",
            [u, 204, 204, 204, 204, 204, 204, 204, 204],
        ),
        (
            "DELETE /sessions",
            [u, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
        ("GET /me", [u, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /tokens", [u, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /tokens", [u, 201, 201, 201, 201, 201, 201, 201, 201]),
        (
            "DELETE /tokens/{token}",
            [u, 404, 404, 404, 404, 404, 404, 404, 204],
        ),
        ("GET /users", [u, 200, 403, 403, 403, 403, 403, 403, 403]),
        ("POST /miam/check", open_all),
        ("GET /miam/grounds", open_all),
        (
            "GET /me/personal-data",
            [u, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "POST /accounts/{account}/erasure",
            [u, 200, 403, 403, 403, 403, 403, 403, 403],
        ),
        ("POST /users", [u, 201, 403, 403, 403, 403, 403, 403, 403]),
        (
            "POST /invitations/accept",
            [200, 403, 403, 403, 403, 403, 403, 403, 403],
        ),
        (
            "POST /sign-in-links",
            [202, 202, 202, 202, 202, 202, 202, 202, 202],
        ),
        (
            "POST /sign-in-links/redeem",
            [200, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
        ("GET /cases", [u, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /cases", [u, 403, 403, 201, 403, 403, 403, 403, 201]),
        (
            "GET /cases/{case}",
            [u, 200, 200, 404, 200, 200, 200, 404, 200],
        ),
        ("POST /cases/{case}/participants", command(201)),
        ("POST /cases/{case}/issues", command(201)),
        ("POST /cases/{case}/issues/{issue}/state", command(200)),
        ("POST /cases/{case}/sessions", command(201)),
        ("POST /cases/{case}/sessions/{session}/held", command(200)),
        ("POST /cases/{case}/sessions/{session}/cancel", command(200)),
        (
            "POST /cases/{case}/sessions/{session}/outcome",
            command(200),
        ),
        (
            "POST /cases/{case}/notes",
            [u, 403, 403, 404, 201, 201, 201, 404, 201],
        ),
        ("POST /cases/{case}/close", command(200)),
        ("GET /cases/{case}/export", mediator_only(200)),
        ("GET /cases/{case}/members", mediator_only(200)),
        ("GET /cases/{case}/access-log", mediator_only(200)),
        ("DELETE /cases/{case}/members/{user}", mediator_only(204)),
        (
            "POST /cases/{case}/mediators",
            [u, 204, 204, 403, 403, 403, 403, 403, 403],
        ),
        ("POST /cases/{case}/invitations", mediator_only(201)),
        // The deadline calculator and its holiday calendars are public: no sign-in, no case.
        (
            "POST /deadlines/compute",
            [200, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "GET /holidays/{calendar}/{year}",
            [200, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
        // After the session. A party may speak for its own party only; its representative
        // for it too; the other party may not.
        (
            "POST /cases/{case}/sessions/{session}/debriefs",
            for_party_a(200),
        ),
        (
            "POST /cases/{case}/sessions/{session}/debriefs/share",
            for_party_a(200),
        ),
        (
            "POST /cases/{case}/sessions/{session}/ratings",
            [u, 403, 403, 404, 200, 200, 200, 404, 200],
        ),
        (
            "POST /cases/{case}/issues/{issue}/positions",
            for_party_a(200),
        ),
        ("POST /cases/{case}/issues/{issue}/options", command(200)),
        ("POST /cases/{case}/issues/{issue}/reopen", command(200)),
        ("GET /cases/{case}/memorandum", content_read),
        ("POST /cases/{case}/memorandum", command(200)),
        (
            "POST /cases/{case}/memorandum/{version}/confirmations",
            // Each confirms as itself; the mediator, confirming for A again, is refused.
            [u, 403, 403, 404, 200, 200, 200, 404, 422],
        ),
        ("POST /cases/{case}/diagnoses", for_party_a(200)),
        ("GET /cases/{case}/advice", content_read),
        ("GET /cases/{case}/notes", content_read),
        ("GET /cases/{case}/timeline", content_read),
        ("POST /cases/{case}/next-step", command(200)),
        ("POST /cases/{case}/next-step/complete", command(200)),
        ("POST /cases/{case}/preparations", for_party_a(200)),
        ("POST /cases/{case}/legal-hold", command(200)),
        ("GET /cases/{case}/safety", mediator_only(200)),
        ("POST /cases/{case}/screenings", command(200)),
        ("POST /cases/{case}/pause", command(200)),
        ("POST /cases/{case}/resume", command(200)),
        ("POST /cases/{case}/safe-contact", for_party_a(200)),
        ("POST /cases/{case}/miam", command(200)),
        ("POST /cases/{case}/mediation-invitations", command(200)),
        (
            // Party B answers its own; the mediator may record a written answer received,
            // but B's came first.
            "POST /cases/{case}/mediation-invitations/{participant}/answer",
            [u, 403, 403, 404, 403, 200, 403, 404, 422],
        ),
        (
            "POST /cases/{case}/miam/{participant}/confirmation",
            command(200),
        ),
        ("POST /cases/{case}/legal-hold/lift", command(200)),
        (
            "POST /cases/{case}/participants/{participant}/erasure",
            mediator_only(200),
        ),
        ("GET /cases/{case}/court-report", open_read),
        // Documents: from the caller's own fold. Party B's MIAM confirmation and written
        // answer are for B (and its side) and the mediator; to anyone else, there is none.
        ("GET /cases/{case}/memorandum.pdf", content_read),
        ("GET /cases/{case}/court-report.pdf", open_read),
        (
            "GET /cases/{case}/miam/{participant}/confirmation.pdf",
            [u, 403, 403, 404, 404, 200, 404, 404, 200],
        ),
        (
            "GET /cases/{case}/mediation-invitations/{participant}/answer.pdf",
            content_read,
        ),
        (
            "GET /cases/{case}/sessions/{session}/summary.pdf",
            content_read,
        ),
        ("GET /cases/{case}/measures", open_read),
        ("GET /cases/{case}/due", open_read),
        ("GET /due", [u, 200, 200, 200, 200, 200, 200, 200, 200]),
        // Programme figures: coordinators and admins only, and nobody else, not even a mediator.
        (
            "GET /programme",
            [u, 200, 200, 403, 403, 403, 403, 403, 403],
        ),
        // The clock: joint facts everyone in the case (and coordinators) may read.
        ("GET /cases/{case}/deadlines", open_read),
        ("POST /cases/{case}/deadlines", command(201)),
        ("POST /cases/{case}/deadlines/{deadline}/move", command(200)),
        (
            "POST /cases/{case}/deadlines/{deadline}/close",
            command(200),
        ),
        // Calendars: a case's is built from the reader's view (coordinators and admins: its
        // deadlines); feeds are each account's own, so another's feed is not found.
        ("GET /cases/{case}/calendar.ics", open_read),
        (
            "GET /calendar-feeds",
            [u, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "POST /calendar-feeds",
            [u, 201, 201, 201, 201, 201, 201, 201, 201],
        ),
        (
            "DELETE /calendar-feeds/{feed}",
            [u, 404, 404, 404, 404, 404, 404, 404, 204],
        ),
        // Reality-testing. The mediator may write a party's worksheet down with it, but only
        // the party itself shares it, agrees to the midpoint, enters a figure or answers.
        ("POST /cases/{case}/alternatives", for_party_a(200)),
        (
            "POST /cases/{case}/alternatives/share",
            [u, 403, 403, 404, 200, 403, 200, 404, 403],
        ),
        ("POST /cases/{case}/overlap-checks", command(200)),
        (
            // A agrees; B agrees for itself; A's representative finds A already agreed.
            "POST /cases/{case}/overlap-checks/{check}/midpoint",
            [u, 403, 403, 404, 200, 200, 422, 404, 403],
        ),
        (
            // A's and B's figures end round 1; A's representative enters A's for round 2.
            "POST /cases/{case}/overlap-checks/{check}/figures",
            [u, 403, 403, 404, 200, 200, 200, 404, 403],
        ),
        ("POST /cases/{case}/proposals", command(200)),
        (
            // A and B answer, which decides it; A's representative is then too late.
            "POST /cases/{case}/proposals/{proposal}/answers",
            [u, 403, 403, 404, 200, 200, 422, 404, 403],
        ),
        (
            "POST /cases/{case}/proposals/{proposal}/close",
            command(200),
        ),
        // The risk tree: any account (a run costs CPU); in a case, those who see its content.
        (
            "POST /analysis/risk-tree",
            [u, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "POST /cases/{case}/analysis/risk-tree",
            [u, 403, 403, 404, 200, 200, 200, 404, 200],
        ),
    ])
}

/// Which secrets a viewer may see.
fn may_see(who: Who) -> &'static [&'static str] {
    match who {
        Mediator => &[SECRET_A, SECRET_B, SECRET_M, SECRET_S],
        PartyA | RepOfA => &[SECRET_A],
        PartyB => &[SECRET_B],
        _ => &[],
    }
}

struct Fixture {
    api: Api,
    users: BTreeMap<Who, User>,
    sessions: BTreeMap<Who, String>,
    case: CaseId,
    issue: IssueId,
    session: SessionId,
    /// Held, ended without agreement: debriefs, ratings and the memorandum are about it.
    held: SessionId,
    party_a: ParticipantId,
    party_b: ParticipantId,
    rep: ParticipantId,
    memorandum_hash: String,
    joint_note: NoteId,
    /// Open: a mediator's proposal may put terms for it.
    open_issue: IssueId,
    deadline: accord_core::ids::DeadlineId,
    mediator_token: String,
    _dir: tempfile::TempDir,
}

fn text(s: &str) -> Text {
    Text::line("text", s, 20_000).unwrap()
}

fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password("matrix-password").unwrap())
        .clone()
}

fn open_case(wb: &Workbench, user: &User, title: &str) -> CaseId {
    let case = CaseId::new_v7();
    wb.open(
        user,
        Command::OpenCase {
            case,
            title: text(title),
            dispute_type: DisputeType::ChildArrangements,
            jurisdiction: Jurisdiction::EnglandWales,
            time_zone: TimeZoneName::parse("Europe/London").unwrap(),
            court_ordered: false,
            contract_clause: None,
            court_reference: None,
        },
    )
    .unwrap();
    case
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(
        &DatabaseUrl::Sqlite {
            path: dir.path().join("accord.db"),
        },
        Create::IfMissing,
    )
    .unwrap();
    let wb = Workbench::new(store.clone());
    let account = |email: &str, role| {
        wb.accounts
            .create_user_with_hash(
                &format!("{email}@matrix.example"),
                email,
                role,
                password_hash(),
            )
            .unwrap()
    };
    let mut users = BTreeMap::new();
    users.insert(Admin, account("admin", AccountRole::Admin));
    users.insert(
        Coordinator,
        account("coordinator", AccountRole::Coordinator),
    );
    users.insert(Mediator, account("mediator", AccountRole::Mediator));
    users.insert(
        OtherMediator,
        account("other-mediator", AccountRole::Mediator),
    );
    for (who, email) in [
        (PartyA, "party-a"),
        (PartyB, "party-b"),
        (RepOfA, "rep-a"),
        (Former, "former"),
    ] {
        users.insert(who, account(email, AccountRole::Member));
    }
    let mediator = users[&Mediator].clone();
    let case = open_case(&wb, &mediator, "Ahmed & Brown");
    open_case(&wb, &users[&OtherMediator], "Another mediator's case");
    let run = |cmd| {
        let seen = wb.show(&mediator, case).unwrap().version;
        wb.run(&mediator, case, cmd, Some(seen)).unwrap()
    };
    let add = |name: &str, role, acting_for| {
        let id = ParticipantId::new_v7();
        run(Command::AddParticipant {
            participant: id,
            name: text(name),
            role,
            acting_for,
            // Rita Rep may settle for Amira, so she may confirm the memorandum for her.
            authority_to_settle: matches!(role, Role::Party | Role::Representative),
        });
        id
    };
    let (a, b) = (
        add("Amira Ahmed", Role::Party, None),
        add("Ben Brown", Role::Party, None),
    );
    let rep = add("Rita Rep", Role::Representative, Some(a));
    let former = add("Fred Former", Role::SupportPerson, Some(b));
    let issue = IssueId::new_v7();
    run(Command::AddIssue {
        issue,
        title: text("Weekends"),
        description: None,
    });
    let session = SessionId::new_v7();
    run(Command::ScheduleSession {
        session,
        starts_at: "2026-12-01T10:00:00Z".parse().unwrap(),
        format: SessionFormat::Caucus,
        agenda: vec![issue],
        override_reason: None,
    });
    for (secret, audience) in [
        (SECRET_A, Audience::PartyAndMediator { party: a }),
        (SECRET_B, Audience::PartyAndMediator { party: b }),
        (SECRET_M, Audience::MediatorOnly),
    ] {
        run(Command::AddNote {
            note: NoteId::new_v7(),
            text: text(secret),
            audience,
            about_session: None,
        });
    }
    run(Command::RecordScreening {
        party: b,
        screening: serde_json::from_value(json!({
            "answers": {
                "abuse": {"concern": "no"},
                "threats": {"concern": "no"},
                "fear": {"concern": "yes", "detail": SECRET_S},
                "child_protection": {"concern": "no"},
                "power_imbalance": {"concern": "unsure"},
                "capacity": {"concern": "no"}
            },
            "judgement": "suitable"
        }))
        .unwrap(),
    });
    // A joint note after the private ones: older notes are paged before it.
    let joint_note = NoteId::new_v7();
    run(Command::AddNote {
        note: joint_note,
        text: text("A note for everyone"),
        audience: Audience::Everyone,
        about_session: None,
    });
    let held = SessionId::new_v7();
    run(Command::ScheduleSession {
        session: held,
        starts_at: "2026-11-02T10:00:00Z".parse().unwrap(),
        format: SessionFormat::Caucus,
        agenda: vec![issue],
        override_reason: None,
    });
    run(Command::RecordSessionHeld {
        session: held,
        held_on: jiff::civil::date(2026, 11, 2),
        format: SessionFormat::Caucus,
        attendees: vec![a, b],
    });
    run(Command::RecordOutcome {
        session: held,
        outcome: Outcome::NoAgreement,
        summary: None,
    });
    run(Command::SetIssueState {
        issue,
        state: TermState::AgreedFinal,
        reason: Some(text("Alternate Saturdays")),
    });
    // Each debrief holds its author's secret; A's first dealbreaker may be shared.
    for (author, debrief) in [
        (
            Author::Party { party: a },
            Debrief {
                dealbreakers: vec![text("No overnight stays yet"), text(SECRET_A)],
                ..Debrief::default()
            },
        ),
        (
            Author::Party { party: b },
            Debrief {
                missing_information: vec![text(SECRET_B)],
                ..Debrief::default()
            },
        ),
        (
            Author::Mediator,
            Debrief {
                hidden_issues: vec![HiddenIssue {
                    kind: HiddenIssueKind::Trust,
                    note: Some(text(SECRET_M)),
                }],
                ..Debrief::default()
            },
        ),
    ] {
        run(Command::CaptureDebrief {
            session: held,
            author,
            debrief,
        });
    }
    run(Command::IssueMemorandum);
    run(Command::ChooseNextStep {
        step: NextStep::MediateAgain,
        owner: a,
        due_on: jiff::civil::date(2026, 12, 15),
        note: None,
    });
    // A change after version 1: the mediator may issue version 2.
    let open_issue = IssueId::new_v7();
    run(Command::AddIssue {
        issue: open_issue,
        title: text("Holidays"),
        description: None,
    });
    let deadline = accord_core::ids::DeadlineId::new_v7();
    run(Command::SetDeadline {
        deadline,
        kind: accord_core::case::deadline::DeadlineKind::CourtHearing,
        label: text("Final hearing"),
        rule: accord_core::case::deadline::DueRule::Fixed {
            on: jiff::civil::date(2027, 2, 10),
        },
    });
    let memorandum_hash = wb.cases.state(case).unwrap().memoranda[0]
        .content_hash
        .clone();
    for (who, participant, kind) in [
        (PartyA, a, PARTICIPANT),
        (PartyB, b, PARTICIPANT),
        (RepOfA, rep, PARTICIPANT),
        (Former, former, FORMER),
    ] {
        store
            .set_membership(&MembershipRow {
                case_id: case.to_string(),
                user_id: users[&who].id.clone(),
                kind: kind.into(),
                participant_id: Some(participant.to_string()),
            })
            .unwrap();
    }
    let sessions = users
        .iter()
        .map(|(who, u)| (*who, wb.accounts.start_session(u).unwrap()))
        .collect();
    let (mediator_token, _) = wb.accounts.create_api_token(&mediator, "matrix").unwrap();
    let config = Config {
        logins_per_account_and_address: 1000,
        logins_per_account: 1000,
        logins_per_address: 1000,
        ..Config::default()
    };
    Fixture {
        api: Api::new(wb, config, accord_server::mail::Mailer::log_only())
            .with_documents(accord_documents::typeset),
        users,
        sessions,
        case,
        issue,
        session,
        held,
        party_a: a,
        party_b: b,
        rep,
        memorandum_hash,
        joint_note,
        open_issue,
        deadline,
        mediator_token,
        _dir: dir,
    }
}

/// A valid request for the route, so that only who asks decides the answer.
/// The records `who` is logged as having opened, in the case's access log.
fn openings_by(f: &Fixture, who: Who) -> Vec<String> {
    let Some(user) = f.users.get(&who) else {
        return Vec::new();
    };
    f.api
        .workbench
        .cases
        .store()
        .sensitive_reads(&f.case.to_string(), None, 10_000)
        .unwrap()
        .into_iter()
        .filter(|r| r.user_id == user.id)
        .map(|r| r.record)
        .collect()
}

/// Whether the logged record holds `secret` (as the fixture wrote it: each secret is in one
/// note and one debrief).
fn holds(f: &Fixture, record: &str, secret: &str) -> bool {
    let case = f.api.workbench.cases.state(f.case).unwrap();
    match SensitiveRecord::parse(record) {
        Some(SensitiveRecord::CaucusNote { note, .. } | SensitiveRecord::MediatorNote { note }) => {
            case.notes
                .iter()
                .any(|n| n.id == note && n.text.as_str() == secret)
        }
        Some(SensitiveRecord::Debrief { session, author }) => case
            .debrief(session, author)
            .is_some_and(|d| serde_json::to_string(&d.debrief).unwrap().contains(secret)),
        Some(SensitiveRecord::Screening { party }) => case
            .safety
            .screenings
            .iter()
            .filter(|s| s.party == party)
            .any(|s| {
                serde_json::to_string(&s.screening)
                    .unwrap()
                    .contains(secret)
            }),
        None => false,
    }
}

fn request_for(f: &Fixture, route: &str, who: Who, n: usize) -> (String, Option<Value>) {
    let (_, template) = route.split_once(' ').unwrap();
    let session = if route.contains("/debriefs") || route.contains("/ratings") {
        f.held
    } else {
        f.session
    };
    let path = template
        .replace("{case}", &f.case.to_string())
        .replace("{issue}", &f.issue.to_string())
        .replace("{session}", &session.to_string())
        .replace("{version}", "1")
        .replace("{check}", "1")
        .replace("{proposal}", "1")
        .replace("{deadline}", &f.deadline.to_string())
        .replace("{user}", &f.users[&PartyB].id)
        .replace("{participant}", &f.party_b.to_string())
        .replace("{token}", &f.mediator_token)
        .replace("{calendar}", "england-wales")
        .replace("{year}", "2026");
    let path = match route {
        "GET /cases/{case}/notes" => format!("{path}?before={}", f.joint_note),
        _ => path,
    };
    // An account of its own for each call of the route that erases one.
    let path = match path.contains("{account}") {
        true => {
            let erasable = f
                .api
                .workbench
                .accounts
                .create_user_with_hash(
                    &format!("erasable-{n}@matrix.example"),
                    "Erasable Person",
                    AccountRole::Mediator,
                    password_hash(),
                )
                .unwrap();
            path.replace("{account}", &erasable.id)
        }
        false => path,
    };
    // A live calendar feed of the mediator's, for the route that revokes one.
    let path = match path.contains("{feed}") {
        true => {
            let feed = f
                .api
                .workbench
                .create_calendar_feed(&f.users[&Mediator], "matrix", "http://127.0.0.1")
                .unwrap();
            path.replace("{feed}", &feed.id)
        }
        false => path,
    };
    if n == 0 {
        prepare(f, route);
    }
    let me = f.users.get(&who);
    // The party the viewer speaks for; the mediator's attempts are for party A.
    let for_party = match who {
        PartyB => f.party_b,
        _ => f.party_a,
    };
    // The participant the viewer is, where it is one; the mediator acts for party A.
    let as_self = match who {
        PartyB => f.party_b,
        RepOfA => f.rep,
        _ => f.party_a,
    };
    let body = match route {
        "POST /session" => Some(json!({
            "email": me.map_or("nobody@matrix.example".into(), |u| u.email.clone()),
            "password": if who == Anonymous { "wrong-password" } else { "matrix-password" },
        })),
        "POST /tokens" => Some(json!({"name": "script"})),
        "POST /miam/check" => Some(json!({"grounds": [{"ground": "urgency/harm-to-child"}]})),
        "POST /accounts/{account}/erasure"
        | "POST /cases/{case}/participants/{participant}/erasure" => {
            Some(json!({"basis": "Art. 17 request of 2026-12-07", "password": "matrix-password"}))
        }
        "POST /cases/{case}/legal-hold" | "POST /cases/{case}/legal-hold/lift" => {
            Some(json!({"reason": "Claim pending"}))
        }
        "POST /cases/{case}/pause" | "POST /cases/{case}/resume" => {
            Some(json!({"reason": "A safety concern raised on the telephone"}))
        }
        "POST /cases/{case}/screenings" => Some(json!({
            "party": f.party_a,
            "answers": {
                "abuse": {"concern": "no"}, "threats": {"concern": "no"},
                "fear": {"concern": "no"}, "child_protection": {"concern": "no"},
                "power_imbalance": {"concern": "unsure", "detail": "Amira manages the money"},
                "capacity": {"concern": "no"}
            },
            "judgement": "suitable"
        })),
        "POST /cases/{case}/miam" => Some(json!({
            "party": f.party_a, "attended_on": "2026-11-20", "minutes": 45,
            "mediator": "Maya Patel", "fmc_number": "FMC-1234", "online": true,
            "assessment": "other-party-declined"
        })),
        "POST /cases/{case}/miam/{participant}/confirmation" => Some(json!({})),
        "POST /cases/{case}/mediation-invitations" => Some(json!({
            "participant": f.party_a, "answer_by": "2030-01-08"
        })),
        "POST /cases/{case}/mediation-invitations/{participant}/answer" => Some(json!({
            "kind": "decline", "text": "Not ready to meet yet"
        })),
        "POST /cases/{case}/safe-contact" => Some(json!({
            "party": f.party_a, "channel": "phone", "detail": "07700 900123",
            "times": "weekdays 10:00 to 14:00", "may_name_service": false
        })),
        "POST /calendar-feeds" => Some(json!({"name": "phone"})),
        "POST /users" => Some(json!({
            "email": format!("new-{n}@matrix.example"), "name": "New Mediator", "role": "mediator",
            "password": "a-long-enough-password"
        })),
        "POST /invitations/accept" => {
            let inviter = f.users[&Mediator].clone();
            let wb = f.api.workbench.clone();
            let inv = wb
                .invite(
                    &inviter,
                    f.case,
                    f.party_b,
                    &format!("invitee-{n}@matrix.example"),
                )
                .unwrap();
            Some(json!({"token": inv.token, "password": "a-long-enough-password"}))
        }
        "POST /sign-in-links" => Some(json!({"email": format!("someone-{n}@matrix.example")})),
        "POST /sign-in-links/redeem" => {
            let (_, token) = f
                .api
                .workbench
                .accounts
                .create_sign_in_link(&f.users[&PartyA].email)
                .unwrap()
                .expect("party A has an account");
            Some(json!({"token": token}))
        }
        "POST /cases" => Some(json!({
            "title": "A new case", "dispute_type": "workplace", "jurisdiction": "us-federal",
            "time_zone": "America/New_York"
        })),
        "POST /cases/{case}/participants" => {
            Some(json!({"name": format!("Person {n}"), "role": "party"}))
        }
        "POST /cases/{case}/issues" => Some(json!({"title": "Holidays"})),
        "POST /cases/{case}/issues/{issue}/state" => Some(
            json!({"state": "pilot", "review_on": "2027-01-15", "reason": "Try it for six weeks"}),
        ),
        "POST /cases/{case}/sessions" => Some(
            json!({"starts_at": "2027-01-10T10:00:00Z", "format": "online", "agenda": [f.issue]}),
        ),
        "POST /cases/{case}/sessions/{session}/held" => Some(
            json!({"held_on": "2026-12-01", "format": "caucus", "attendees": [f.party_a, f.party_b]}),
        ),
        "POST /cases/{case}/sessions/{session}/cancel" => Some(json!({"reason": "Illness"})),
        "POST /cases/{case}/sessions/{session}/outcome" => {
            Some(json!({"outcome": "did-not-take-place"}))
        }
        "POST /cases/{case}/notes" => {
            Some(json!({"text": "Thanks, see you next week.", "audience": {"kind": "everyone"}}))
        }
        "POST /cases/{case}/close" => Some(json!({"status": "settled"})),
        "POST /cases/{case}/mediators" => Some(json!({"email": "other-mediator@matrix.example"})),
        "POST /cases/{case}/invitations" => {
            Some(json!({"participant": f.party_a, "email": format!("amira-{n}@matrix.example")}))
        }
        "POST /cases/{case}/sessions/{session}/debriefs" => Some(json!({
            "author": {"kind": "party", "party": f.party_a},
            "best_offer": {"amount": {"minor_units": 90000, "currency": "GBP"}, "terms": "Alternate weekends"},
            "dealbreakers": ["No change of school"], "budget": "low"
        })),
        "POST /cases/{case}/sessions/{session}/debriefs/share" => {
            Some(json!({"party": f.party_a, "kind": "dealbreaker", "index": 1}))
        }
        "POST /cases/{case}/sessions/{session}/ratings" => Some(json!({
            "participant": as_self, "moment": "after", "clarity": 4, "temperature": 2
        })),
        "POST /cases/{case}/issues/{issue}/positions" => Some(json!({
            "party": f.party_a, "position": "Every other weekend", "interests": ["stability"]
        })),
        "POST /cases/{case}/issues/{issue}/options" => {
            Some(json!({"option": "Alternate Saturdays", "result": "Held for a month"}))
        }
        "POST /cases/{case}/issues/{issue}/reopen" => {
            Some(json!({"reason": "The new job changes the weekends"}))
        }
        "POST /cases/{case}/memorandum" => Some(json!({})),
        "POST /cases/{case}/memorandum/{version}/confirmations" => Some(
            json!({"by": as_self, "content_hash": f.memorandum_hash, "password": "matrix-password"}),
        ),
        "POST /cases/{case}/diagnoses" => Some(json!({
            "author": {"kind": "party", "party": f.party_a},
            "findings": [{"reason": "missing-information", "evidence": "No payslips yet"}]
        })),
        "POST /cases/{case}/next-step" => Some(json!({
            "step": "pause-and-return", "owner": f.party_b, "due_on": "2027-01-10"
        })),
        "POST /cases/{case}/deadlines" => Some(json!({
            "kind": "filing-deadline", "label": "Statement in reply", "rule": "7 days after 2026-12-21"
        })),
        "POST /cases/{case}/deadlines/{deadline}/move" => Some(json!({
            "on": "2027-03-03", "reason": "The court re-listed the hearing"
        })),
        "POST /cases/{case}/deadlines/{deadline}/close" => Some(json!({"outcome": "met"})),
        "POST /cases/{case}/next-step/complete" => Some(json!({"note": "Payslips sent"})),
        "POST /cases/{case}/preparations" => Some(json!({
            "party": f.party_a, "goals": ["A settled weekend pattern"], "done": true
        })),
        "POST /deadlines/compute" => Some(json!({
            "rules": "ew-cpr", "amount": 7, "unit": "days", "direction": "after",
            "date": "2026-12-21", "closed": ["2026-12-29"]
        })),
        "POST /cases/{case}/alternatives" => Some(json!({
            "party": f.party_a,
            "alternatives": [{"kind": "litigation",
                "spend": {"answer": {"minor_units": 1500000, "currency": "GBP"}, "sureness": "fairly-sure"},
                "months_to_decision": {"answer": 14, "sureness": "unsure"}}]
        })),
        "POST /cases/{case}/alternatives/share" => Some(json!({"party": f.party_a})),
        "POST /cases/{case}/overlap-checks/{check}/midpoint" => Some(json!({"party": for_party})),
        "POST /cases/{case}/overlap-checks" => Some(json!({
            "receiving": f.party_a, "paying": f.party_b, "currency": "GBP", "rounds": 3
        })),
        "POST /cases/{case}/overlap-checks/{check}/figures" => Some(json!({
            // No overlap: A would take no less than 90,000, B pay no more than 40,000.
            "party": for_party,
            "figure": {"minor_units": if for_party == f.party_a { 9_000_000 } else { 4_000_000 }, "currency": "GBP"}
        })),
        "POST /cases/{case}/proposals" => Some(json!({
            "terms": [{"issue": f.open_issue, "terms": "Christmas Eve with Amira, Boxing Day with Ben"}],
            "answer_by": "2027-01-20"
        })),
        "POST /cases/{case}/proposals/{proposal}/answers" => {
            Some(json!({"party": for_party, "accept": who != PartyB}))
        }
        "POST /cases/{case}/proposals/{proposal}/close" => Some(json!({})),
        "POST /analysis/risk-tree" | "POST /cases/{case}/analysis/risk-tree" => Some(json!({
            "tree": serde_json::from_str::<Value>(include_str!("../../../examples/risk-trees/wage-claim.json")).unwrap(),
            "offer": {"minor_units": 1_500_000, "currency": "USD"},
            "paths": 2000
        })),
        _ => None,
    };
    (path, body)
}

/// What a route needs in the case before anyone tries it: a worksheet to share, an overlap
/// check to agree to or enter figures in, a proposal to answer or close.
fn prepare(f: &Fixture, route: &str) {
    let mediator = &f.users[&Mediator];
    let wb = &f.api.workbench;
    let run = |cmd| {
        let seen = wb.show(mediator, f.case).unwrap().version;
        wb.run(mediator, f.case, cmd, Some(seen)).unwrap();
    };
    // The pause route leaves the case paused; every other route finds it running, and the
    // resume route paused.
    let paused = wb
        .cases
        .state(f.case)
        .unwrap()
        .safety
        .paused_since
        .is_some();
    if paused != route.ends_with("/resume") {
        run(if paused {
            Command::ResumeCase {
                reason: text("Matrix: running again"),
            }
        } else {
            Command::PauseCase {
                reason: text("Matrix: paused"),
            }
        });
    }
    if route.ends_with("/alternatives/share") {
        run(Command::RecordAlternatives {
            party: f.party_a,
            worksheet: accord_core::case::alternatives::Worksheet {
                alternatives: vec![accord_core::case::alternatives::Alternative {
                    kind: accord_core::case::alternatives::AlternativeKind::DoingNothing,
                    next_week: None,
                    in_three_months: None,
                    spend: None,
                    months_to_decision: None,
                    who_decides: None,
                }],
            },
        });
    }
    if route.contains("/overlap-checks/{check}") {
        run(Command::OpenOverlapCheck {
            receiving: f.party_a,
            paying: f.party_b,
            currency: accord_core::case::money::Currency::parse("currency", "GBP").unwrap(),
            rounds: 3,
        });
    }
    if route.ends_with("/answer") && route.contains("mediation-invitations") {
        run(Command::InviteToMediation {
            participant: f.party_b,
            answer_by: jiff::civil::date(2030, 1, 8),
        });
    }
    // A written answer received from party B, its reasons for B and the mediator.
    if route.ends_with("/answer.pdf") {
        run(Command::InviteToMediation {
            participant: f.party_b,
            answer_by: jiff::civil::date(2030, 1, 8),
        });
        run(Command::AnswerInvitation {
            participant: f.party_b,
            kind: accord_core::case::invitation::AnswerKind::OtherTimes,
            text: Some(text("Evenings after six")),
            shared: false,
        });
    }
    // A fresh MIAM of party B for each confirmation route's calls (the mediator's confirms it).
    if route.ends_with("/confirmation") || route.ends_with("/confirmation.pdf") {
        run(Command::RecordMiam {
            party: f.party_b,
            attendance: accord_core::case::miam_record::MiamAttendance {
                attended_on: jiff::civil::date(2026, 11, 20),
                minutes: 45,
                mediator: text("Maya Patel"),
                fmc_number: text("FMC-1234"),
                online: false,
                jointly: false,
                assessment: accord_core::case::miam_record::MiamAssessment::Suitable,
                reason: None,
            },
        });
    }
    if route.ends_with("/confirmation.pdf") {
        run(Command::IssueMiamConfirmation { party: f.party_b });
    }
    if route.ends_with("/legal-hold/lift") {
        run(Command::PlaceLegalHold {
            reason: text("Claim pending"),
        });
    }
    if route.contains("/proposals/{proposal}") {
        run(Command::MakeProposal {
            terms: vec![accord_core::case::proposal::ProposedTerm {
                issue: f.open_issue,
                terms: text("Christmas Eve with Amira"),
            }],
            answer_by: jiff::civil::date(2027, 1, 20),
            deadline: accord_core::ids::DeadlineId::new_v7(),
        });
    }
}

async fn call(
    f: &Fixture,
    method: &Method,
    path: &str,
    who: Who,
    body: Option<Value>,
) -> (StatusCode, String) {
    let mut req = Request::builder()
        .method(method)
        .uri(format!("/api/v1{path}"));
    if let Some(token) = f.sessions.get(&who) {
        req = req.header("cookie", format!("accord_session={token}"));
    }
    // A command names the version its sender last saw, as a client does.
    if method != Method::GET
        && let Some(version) = version_seen(f, path, who).await
    {
        req = req.header("if-match", format!("\"{version}\""));
    }
    let req = match body {
        Some(b) => req
            .header("content-type", "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .unwrap();
    let response = http::router(f.api.clone()).oneshot(req).await.unwrap();
    let status = response.status();
    let pdf = response
        .headers()
        .get("content-type")
        .is_some_and(|t| t == "application/pdf");
    let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .unwrap();
    match pdf {
        // What a reader of the PDF reads: its text, searched like any other answer.
        true => (status, common::pdf::text(&bytes)),
        false => (status, String::from_utf8_lossy(&bytes).into_owned()),
    }
}

/// The version of the case in `path` that `who` sees, if `who` may see it.
async fn version_seen(f: &Fixture, path: &str, who: Who) -> Option<u64> {
    let case = path.strip_prefix("/cases/")?.split('/').next()?;
    if !path.contains(&format!("/cases/{case}/")) {
        return None;
    }
    let mut req = Request::builder().uri(format!("/api/v1/cases/{case}"));
    if let Some(token) = f.sessions.get(&who) {
        req = req.header("cookie", format!("accord_session={token}"));
    }
    let response = http::router(f.api.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .unwrap();
    serde_json::from_slice::<Value>(&bytes).ok()?["version"].as_u64()
}

/// Every route with the statuses its OpenAPI description documents.
fn routes() -> Vec<(Method, String, Vec<u16>)> {
    let doc = serde_json::to_value(http::openapi()).unwrap();
    let mut routes = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let documented = operation["responses"]
                .as_object()
                .map(|r| r.keys().filter_map(|k| k.parse().ok()).collect())
                .unwrap_or_default();
            routes.push((
                method.to_uppercase().parse().unwrap(),
                path.clone(),
                documented,
            ));
        }
    }
    routes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_each_viewer_as_expected_and_leaks_nothing() {
    let expected = expected();
    let routes = routes();
    let missing: Vec<_> = routes
        .iter()
        .map(|(m, p, _)| format!("{m} {p}"))
        .filter(|r| !expected.contains_key(r.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without an entry in the authorization matrix: {missing:?}"
    );
    assert_eq!(
        routes.len(),
        expected.len(),
        "the matrix names routes the router does not have"
    );

    let mut failures = Vec::new();
    for (method, template, documented) in &routes {
        let route = format!("{method} {template}");
        let f = fixture();
        for (i, who) in EVERYONE.iter().enumerate() {
            let (path, body) = request_for(&f, &route, *who, i);
            let (status, text) = call(&f, method, &path, *who, body).await;
            let want = expected[route.as_str()][i];
            if status.as_u16() != want {
                failures.push(format!(
                    "{route} as {who:?}: expected {want}, got {status}: {text}"
                ));
            }
            if !documented.contains(&status.as_u16()) {
                failures.push(format!(
                    "{route} as {who:?}: answered {status}, which its OpenAPI description does not list ({documented:?})"
                ));
            }
            let opened = openings_by(&f, *who);
            for secret in [SECRET_A, SECRET_B, SECRET_M, SECRET_S] {
                if text.contains(secret) && !may_see(*who).contains(&secret) {
                    failures.push(format!("{route} as {who:?}: the answer holds {secret:?}"));
                }
                // Whatever hands a private note or debrief over logs that it was opened.
                if text.contains(secret) && !opened.iter().any(|r| holds(&f, r, secret)) {
                    failures.push(format!(
                        "{route} as {who:?}: the answer holds {secret:?}, but the access log has no opening of it (log: {opened:?})"
                    ));
                }
            }
            if status.is_client_error() || status.is_server_error() {
                let err: Value = serde_json::from_str(&text)
                    .unwrap_or_else(|_| panic!("{route}: not JSON: {text}"));
                assert!(
                    err["error"].is_string() && err["message"].is_string(),
                    "{route}: error shape: {text}"
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_reader_sees_only_its_lens_of_the_case() {
    let f = fixture();
    let path = format!("/cases/{}", f.case);
    let body = |who| {
        let f = &f;
        let path = path.clone();
        async move { call(f, &Method::GET, &path, who, None).await.1 }
    };
    let mediator = body(Mediator).await;
    assert!(
        mediator.contains(SECRET_A) && mediator.contains(SECRET_B) && mediator.contains(SECRET_M)
    );
    let a = body(PartyA).await;
    assert!(a.contains(SECRET_A) && a.contains("\"scope\":\"content\""));
    assert_eq!(
        a,
        body(RepOfA).await,
        "a representative sees exactly what its party sees"
    );
    assert!(body(PartyB).await.contains(SECRET_B));
    for who in [Admin, Coordinator] {
        let meta = body(who).await;
        assert!(
            meta.contains("\"scope\":\"metadata\"") && !meta.contains("Amira"),
            "{who:?}: {meta}"
        );
    }
    let (_, list) = call(&f, &Method::GET, "/cases", OtherMediator, None).await;
    assert!(
        list.contains("Another mediator's case") && !list.contains("Ahmed & Brown"),
        "{list}"
    );
    let (_, list) = call(&f, &Method::GET, "/cases", Former, None).await;
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list["items"], serde_json::json!([]), "{list}");
    assert_eq!(list["counts"]["total"], 0, "{list}");
}
