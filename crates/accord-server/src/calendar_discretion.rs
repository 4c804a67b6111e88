//! Discreet calendars: for a party whose safe contact says a message may not name the service
//! (`safety::must_not_name_service`), every event of that case in their calendars reads
//! "Appointment" or "Reminder", with no case title, no category and no word of mediation, and
//! a calendar holding one is named "Calendar". The times stay: they are what the party needs.

use icalendar::{Component, Event};

/// The calendar's name and product id where one of its cases is discreet.
pub const NAME: &str = "Calendar";
pub const PRODID: &str = "-//Calendar//EN";

/// Rewrites `events` so that none of them names the case or the service.
pub fn neutral(events: &mut [Event]) {
    for event in events {
        let uid = event.get_uid().unwrap_or_default().to_owned();
        let session = uid.starts_with("session-");
        // The UID stays stable (calendar apps update by it) but names no service either.
        event.uid(&uid.replace("@accord", "@calendar"));
        event
            .summary(if session { "Appointment" } else { "Reminder" })
            .description("Sign in to read the details.");
        event.remove_property("CATEGORIES");
        event.remove_multi_property("CATEGORIES");
    }
}
