//! A person's own data, as one JSON document (GDPR Art. 15 and 20): their account, its API
//! tokens and calendar feeds, and in each case they belong to, what is theirs (their joining,
//! what they wrote or entered, what was recorded as theirs) and what was addressed to their
//! party alone or to it and the mediator. Only ever from their own view of each case they
//! are a member of now: the export holds nothing they may not read and no sequence number.

use crate::access::PARTICIPANT;
use crate::accounts::User;
use crate::cases::Cases;
use crate::error::Result;
use crate::workbench::{Workbench, not_found};
use accord_core::case::redact::{Subject, is_theirs};
use accord_core::case::{Actor, Audience, Event, Viewer, view};
use accord_core::ids::{CaseId, ParticipantId};
use jiff::Timestamp;
use serde::Serialize;

pub const FORMAT: &str = "accord-personal-data-v1";

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PersonalData {
    pub format: &'static str,
    pub exported_at: Timestamp,
    pub account: AccountData,
    pub api_tokens: Vec<Credential>,
    pub calendar_feeds: Vec<Credential>,
    pub cases: Vec<CaseData>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AccountData {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
}

/// An API token or a calendar feed: its name and dates (never the secret).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Credential {
    pub name: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CaseData {
    pub case: CaseId,
    pub title: String,
    pub participant: ParticipantId,
    /// The name the case knows them by.
    pub name_in_case: String,
    pub theirs: Vec<Entry>,
    pub addressed_to_them: Vec<Entry>,
}

/// One event of the case, as its record holds it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Entry {
    pub recorded_at: Timestamp,
    /// "everyone", "your party and the mediator" or "your party alone".
    pub audience: &'static str,
    #[schema(value_type = Object)]
    pub event: Event,
}

impl Workbench {
    /// `user`'s own data, asked for signed in. The sensitive records it hands over (their
    /// party's caucus notes and debriefs) are logged as opened, as every read's are.
    pub fn personal_data(&self, user: &User) -> Result<PersonalData> {
        let data = personal_data_of(&self.cases, user)?;
        for c in &data.cases {
            let fold = self
                .load(c.case)?
                .view_fold(Viewer::Participant(c.participant))?;
            let records = accord_core::case::sensitive::in_case(&fold.case);
            self.opened(
                user,
                c.case,
                &records,
                crate::sensitive_reads::Via::PersonalData,
            )?;
        }
        Ok(data)
    }
}

/// `user`'s data (for them signed in, or for the operator on the command line).
pub fn personal_data_of(cases: &Cases, user: &User) -> Result<PersonalData> {
    let store = cases.store();
    let credentials = |rows: Vec<accord_store::TokenRow>| {
        rows.into_iter()
            .map(|t| Credential {
                name: t.name,
                created_at: t.created_at,
                revoked_at: t.revoked_at,
            })
            .collect()
    };
    let mut found = Vec::new();
    for m in store.memberships_of_user(&user.id)? {
        // A former member's access to the case has ended: it is not given the case's
        // record again.
        let (Some(p), true) = (m.participant_id, m.kind == PARTICIPANT) else {
            continue;
        };
        let (Ok(case), Ok(participant)) = (m.case_id.parse::<CaseId>(), p.parse()) else {
            continue;
        };
        found.push(case_data(cases, user, case, participant)?);
    }
    Ok(PersonalData {
        format: FORMAT,
        exported_at: Timestamp::now(),
        account: AccountData {
            id: user.id.clone(),
            email: user.email.clone(),
            name: user.name.clone(),
            role: user.role.to_string(),
        },
        api_tokens: credentials(store.api_tokens_of(&user.id)?),
        calendar_feeds: credentials(store.calendar_feeds_of(&user.id)?),
        cases: found,
    })
}

fn case_data(
    cases: &Cases,
    user: &User,
    case: CaseId,
    participant: ParticipantId,
) -> Result<CaseData> {
    let history = cases.history(case).map_err(not_found)?;
    let viewer = Viewer::Participant(participant);
    let fold = history.view_fold(viewer)?;
    let name_in_case = fold
        .case
        .participant(participant)
        .map_or_else(String::new, |p| p.name.to_string());
    let subject = Subject {
        participant,
        name: name_in_case.clone(),
        actors: vec![
            Actor::Participant { participant },
            Actor::Account {
                user: user.id.clone(),
            },
        ],
    };
    let (mut theirs, mut addressed_to_them) = (Vec::new(), Vec::new());
    for r in view::visible_after(&history, viewer, 0)? {
        let entry = Entry {
            recorded_at: r.recorded_at,
            audience: match r.audience {
                Audience::Everyone => "everyone",
                Audience::PartyAlone { .. } => "your party alone",
                _ => "your party and the mediator",
            },
            event: r.event.clone(),
        };
        if is_theirs(&r.event, &r.actor, &subject) {
            theirs.push(entry);
        } else if r.audience != Audience::Everyone {
            addressed_to_them.push(entry);
        }
    }
    Ok(CaseData {
        case,
        title: fold
            .case
            .profile
            .as_ref()
            .map_or_else(String::new, |p| p.title.to_string()),
        participant,
        name_in_case,
        theirs,
        addressed_to_them,
    })
}
