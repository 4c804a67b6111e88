//! Accounts for the demo cases, so `accord serve --demo` can be tried at once: an admin, a
//! coordinator, each demo case's mediator (as its mediator), and an account for every other
//! participant (as that participant). All share one password, printed at start: demo only.

use crate::accounts::{AccountRole, hash_password};
use crate::cases::Cases;
use crate::demo::TITLES;
use crate::error::Result;
use crate::workbench::Workbench;
use accord_core::case::Case;
use accord_core::case::access::GrantedBy;
use accord_core::case::vocabulary::Role;

pub const PASSWORD: &str = "accord-demo";
const DOMAIN: &str = "accord.example";

/// One demo sign-in.
#[derive(Clone, Debug)]
pub struct DemoAccount {
    pub email: String,
    pub role: AccountRole,
    /// Who this is, for the start-up message.
    pub who: String,
}

/// `Maya Patel` → `maya.patel@accord.example` (the first two words of the name).
pub fn email_for(name: &str) -> String {
    let words: Vec<String> = name
        .split_whitespace()
        .take(2)
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    format!("{}@{DOMAIN}", words.join("."))
}

/// Creates the demo accounts and memberships that are missing; returns every demo account.
pub fn ensure(workbench: &Workbench) -> Result<Vec<DemoAccount>> {
    let hash = hash_password(PASSWORD)?;
    let mut all = vec![
        DemoAccount {
            email: format!("admin@{DOMAIN}"),
            role: AccountRole::Admin,
            who: "Accord admin".into(),
        },
        DemoAccount {
            email: format!("coordinator@{DOMAIN}"),
            role: AccountRole::Coordinator,
            who: "Programme coordinator".into(),
        },
    ];
    for account in all.clone() {
        account_for(workbench, &account.email, &account.who, account.role, &hash)?;
    }
    // The demo's memberships are granted in the operator's name by the demo admin, and the
    // cases' records say so, like any other grant.
    let admin = workbench
        .accounts
        .by_email(&all[0].email)?
        .expect("the demo admin was just made");
    let cases: &Cases = &workbench.cases;
    for meta in cases
        .list()?
        .into_iter()
        .filter(|m| TITLES.contains(&m.title.as_str()))
    {
        let state: Case = cases.state(meta.id)?;
        for p in &state.participants {
            let email = email_for(p.name.as_str());
            let (role, participant) = match p.role {
                Role::Mediator => (AccountRole::Mediator, None),
                _ => (AccountRole::Member, Some(p.id)),
            };
            let user_id = account_for(workbench, &email, p.name.as_str(), role, &hash)?;
            let store = cases.store();
            if store.membership(&meta.id.to_string(), &user_id)?.is_none() {
                let user = workbench
                    .accounts
                    .by_id(&user_id)?
                    .expect("the account was just found or made");
                workbench.grant(meta.id, &user, participant, &admin, GrantedBy::Operator)?;
            }
            all.push(DemoAccount {
                email,
                role,
                who: format!("{} ({}) in \"{}\"", p.name, p.role, meta.title),
            });
        }
    }
    Ok(all)
}

fn account_for(
    workbench: &Workbench,
    email: &str,
    name: &str,
    role: AccountRole,
    hash: &str,
) -> Result<String> {
    let accounts = &workbench.accounts;
    Ok(match accounts.by_email(email)? {
        Some(user) => user.id,
        None => {
            accounts
                .create_user_with_hash(email, name, role, hash.to_owned())?
                .id
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_emails_come_from_the_first_two_words() {
        assert_eq!(super::email_for("Maya Patel"), "maya.patel@accord.example");
        assert_eq!(
            super::email_for("Priya Shah (Northbridge Insurance)"),
            "priya.shah@accord.example"
        );
        assert_eq!(
            super::email_for("Eleanor Grant (trustee, Grant Family Trust)"),
            "eleanor.grant@accord.example"
        );
    }
}
