//! Reading a case's JSON view as the API answers it.
#![allow(dead_code)] // each test file uses part of it

use serde_json::Value;

/// The id of the participant called `name` in a case view (`view.case` of `GET /cases/{case}`).
pub fn participant(view: &Value, name: &str) -> String {
    view["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no participant {name:?}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}
