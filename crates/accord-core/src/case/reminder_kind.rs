//! The kinds of e-mail reminder a person can turn on or off for their own account: each kind
//! is named by the start of its reminders' keys (`Reminder::key`), so a stored outbox row
//! says which kind it is without anything else being stored.

use strum::{Display, EnumString};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Display, EnumString)]
#[strum(serialize_all = "kebab-case")]
pub enum ReminderKind {
    /// A deadline on the case's clock, at each lead day.
    Deadlines,
    /// A 48-hour debrief, a day before it is due.
    Debriefs,
}

impl ReminderKind {
    pub const ALL: [Self; 2] = [Self::Deadlines, Self::Debriefs];

    /// How every key of this kind's reminders begins.
    pub const fn key_prefix(self) -> &'static str {
        match self {
            Self::Deadlines => "deadline:",
            Self::Debriefs => "debrief:",
        }
    }

    /// The kind of the reminder with this key, if it is one a person can turn off.
    pub fn of_key(key: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| key.starts_with(kind.key_prefix()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_names_its_kind_and_a_kind_its_name() {
        assert_eq!(
            ReminderKind::of_key("deadline:0190:2026-11-24:1d"),
            Some(ReminderKind::Deadlines)
        );
        assert_eq!(
            ReminderKind::of_key("debrief:0190:mediator"),
            Some(ReminderKind::Debriefs)
        );
        assert_eq!(ReminderKind::of_key("deadlines"), None);
        for kind in ReminderKind::ALL {
            assert_eq!(kind.to_string().parse::<ReminderKind>().unwrap(), kind);
        }
        assert_eq!(ReminderKind::Debriefs.to_string(), "debriefs");
    }
}
