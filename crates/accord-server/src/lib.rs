//! Application services: the one path every front door (CLI, the JSON API, the web pages) takes to
//! change or read a case — load the history, `decide`, seal, append, and build views.

pub mod access;
pub mod account_settings;
pub mod accounts;
pub mod after_session;
pub mod backup;
pub mod calendar;
pub mod calendar_discretion;
pub mod case_list;
pub mod cases;
pub mod demo;
pub mod demo_people;
pub mod documents;
pub mod erasure;
pub mod error;
pub mod folded;
pub mod history_cache;
pub mod http;
pub mod invitations;
pub mod mail;
pub mod memberships;
pub mod personal_data;
pub mod programme;
pub mod read_models;
pub mod reference;
pub mod reminder_recipients;
pub mod reminders;
pub mod risk_analysis;
pub mod safety;
pub mod sensitive_reads;
pub mod transfer;
pub mod web;
pub mod workbench;

pub use cases::{Cases, Executed};
pub use error::AppError;
