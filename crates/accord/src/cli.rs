//! The command line, as clap reads it. Every flag has a help line a mediator can follow.

use crate::parse;
use accord_core::case::vocabulary::*;
use accord_server::accounts::AccountRole;
use clap::{Args, Parser, Subcommand};
use jiff::civil::Date;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "accord",
    version,
    about = "Accord — a mediation case workbench",
    long_about = "Accord carries a dispute from invitation through sessions to the outcome, and keeps \
                  what each party says in private away from the other side.\n\n\
                  Cases are named by any unique part of their id (the short id in `accord case list`) \
                  or by their exact title; people, issues and sessions likewise by name, title or id.",
    after_help = "Start with `accord demo`, then `accord case list` and `accord case show <CASE>`."
)]
pub struct Cli {
    /// Where cases are kept: sqlite:FILE (embedded, the default) or postgres://USER@HOST/DB
    #[arg(
        long,
        global = true,
        env = "ACCORD_DATABASE_URL",
        default_value = "sqlite:accord.db"
    )]
    pub database: String,

    /// Print JSON for scripts instead of text for people
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Top,
}

#[derive(Subcommand)]
pub enum Top {
    /// Create the database, or bring its schema up to date
    Migrate,
    /// Open, list, show and close cases
    #[command(subcommand)]
    Case(CaseCmd),
    /// Add a party, representative, support person or mediator to a case
    #[command(subcommand)]
    Party(PartyCmd),
    /// Put issues on the agenda and record their state (agreed, pilot, temporary…)
    #[command(subcommand)]
    Issue(IssueCmd),
    /// Schedule sessions, record that they were held, and their outcome
    #[command(subcommand)]
    Session(SessionCmd),
    /// Add notes, each with who may read it
    #[command(subcommand)]
    Note(NoteCmd),
    /// After a session without full agreement: what each side learned, in private
    #[command(subcommand)]
    Debrief(crate::after_session::DebriefCmd),
    /// A party's position on an issue and the interests beneath it
    Position(crate::after_session::PositionArgs),
    /// The memorandum of what is agreed and open: show, issue a version, record confirmations
    #[command(subcommand)]
    Memorandum(crate::after_session::MemorandumCmd),
    /// Name why the session stalled, each reason with a line of evidence
    Stall(crate::after_session::StallArgs),
    /// The next-step options and process upgrades, ranked, each with its reasons
    Advice(crate::advice::AdviceArgs),
    /// Choose the next move (one owner, one date), or mark it taken
    #[command(subcommand)]
    NextStep(crate::after_session::NextStepCmd),
    /// A party's checklist for the next session
    Prep(crate::after_session::PrepArgs),
    /// A participant's rating of clarity and temperature, before or after a session
    Rate(crate::after_session::RateArgs),
    /// The outcome-only report for the court: nothing said in mediation
    CourtReport { case: String },
    /// A document as PDF: the memorandum, the court report, a MIAM confirmation, a written
    /// invitation answer or a session summary, built from one viewer's view of the case
    Document(crate::documents::DocumentArgs),
    /// What moved beyond a signature: open issues over time, terms by state, ratings
    Measures { case: String },
    /// What is due across all cases: debriefs, next steps, pilot reviews; overdue first
    Due(crate::due::DueArgs),
    /// Check every case's hash chain and report the first broken link of each
    Verify {
        /// Also write each case's head (sequence number and hash) to this file, to keep
        /// somewhere else: a later `--against` finds a case truncated or rolled back
        #[arg(long)]
        anchor: Option<PathBuf>,
        /// Check every case still holds the head anchored in this file (it may have grown)
        #[arg(long)]
        against: Option<PathBuf>,
    },
    /// Write one case's events as JSON Lines (one event a line)
    Export {
        /// The case
        case: String,
        /// Write to this file instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Load cases from a JSON Lines export; refused, with the line number, if a chain does not verify
    Import {
        /// The export file
        file: PathBuf,
    },
    /// Back the embedded database up into a new FILE while it is in use, with a manifest beside it
    Backup {
        /// The new backup file (refused if it exists); its manifest is FILE.manifest.json
        file: PathBuf,
    },
    /// Restore a backup into a new, empty database (--database), verified against its manifest
    Restore {
        /// The backup file written by `accord backup`
        file: PathBuf,
    },
    /// Load four realistic demo cases (once)
    Demo,
    /// Reality-testing: a litigation risk tree weighed against the offer on the table
    #[command(subcommand)]
    Analyse(crate::analyse::AnalyseCmd),
    /// Compute court deadlines under a rule set (us-frcp, ew-cpr, ew-fpr), with the reasons
    #[command(subcommand)]
    Deadline(crate::deadline::DeadlineCmd),
    /// E-mailed reminders of deadlines and debriefs: deliver those due now, or list the outbox
    #[command(subcommand)]
    Reminders(crate::reminders::RemindersCmd),
    /// Run the server: the JSON API, health checks and metrics
    Serve(ServeArgs),
    /// Staff accounts: add one, or set a new password
    #[command(subcommand)]
    User(UserCmd),
    /// The MIAM (England & Wales family cases): the exemption grounds, and a claim checked
    #[command(subcommand)]
    Miam(crate::miam::MiamCmd),
    /// Invitations to mediate, answered in writing (accept, decline, another mediator, other times)
    #[command(subcommand)]
    Invitation(crate::invitations::InvitationCmd),
    /// Safety screening, pauses and safe contacts (the mediator's)
    #[command(subcommand)]
    Safety(crate::safety::SafetyCmd),
    /// A person's data: export it as JSON, or erase it (GDPR Art. 15, 17 and 20)
    #[command(subcommand)]
    Person(crate::person::PersonCmd),
}

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one)
    #[arg(long, env = "ACCORD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Load the demo cases and demo accounts first (password printed at start)
    #[arg(long)]
    pub demo: bool,
    /// Serve Prometheus metrics at /metrics on this address only (e.g. 127.0.0.1:9090);
    /// unset, there are none over HTTP
    #[arg(long, env = "ACCORD_METRICS_LISTEN")]
    pub metrics_listen: Option<String>,
    /// Mark the session cookie Secure and send Strict-Transport-Security: set this when
    /// Accord is served over HTTPS
    #[arg(long, env = "ACCORD_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Sign-in attempts allowed a minute for one account from one address
    #[arg(
        long,
        env = "ACCORD_LOGINS_PER_ACCOUNT_AND_ADDRESS",
        default_value_t = 5
    )]
    pub logins_per_account_and_address: u32,
    /// Sign-in attempts allowed a minute from one address, whatever the accounts
    #[arg(long, env = "ACCORD_LOGINS_PER_ADDRESS", default_value_t = 30)]
    pub logins_per_address: u32,
    /// Sign-in attempts allowed a minute for one account from all addresses together
    #[arg(long, env = "ACCORD_LOGINS_PER_ACCOUNT", default_value_t = 100)]
    pub logins_per_account: u32,
    /// Hours a sign-in lasts, however busy (absolute session expiry)
    #[arg(long, env = "ACCORD_SESSION_HOURS", default_value_t = 12,
        value_parser = clap::value_parser!(u32).range(1..=720))]
    pub session_hours: u32,
    /// Minutes without a request after which a sign-in ends (idle session expiry)
    #[arg(long, env = "ACCORD_SESSION_IDLE_MINUTES", default_value_t = 30,
        value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub session_idle_minutes: u32,
    /// Seconds a client has to send a request's headers before its connection is closed
    #[arg(long, env = "ACCORD_HEADER_TIMEOUT", default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// Seconds a request (its body included) may take before it is answered 408
    #[arg(long, env = "ACCORD_REQUEST_TIMEOUT", default_value_t = 30,
        value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout: u64,
    /// Where people reach Accord, for the links in e-mails (default: the listening address)
    #[arg(long, env = "ACCORD_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The neutral page the "Exit this page" button and the Shift-three-times shortcut go to
    #[arg(long, env = "ACCORD_EXIT_URL", default_value = accord_server::http::DEFAULT_EXIT_URL,
        value_parser = parse_exit_url)]
    pub exit_url: String,
    /// The SMTP relay for e-mail, e.g. smtp://127.0.0.1:2525 or
    /// smtps://user:pass@relay.example:465; unset, messages are written to the log
    #[arg(long, env = "ACCORD_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of Accord's e-mails
    #[arg(
        long,
        env = "ACCORD_MAIL_FROM",
        default_value = "Accord <accord@localhost>"
    )]
    pub mail_from: String,
    /// Seconds between two deliveries of the e-mail reminders that are due
    #[arg(long, env = "ACCORD_REMINDER_INTERVAL", default_value_t = 60,
        value_parser = clap::value_parser!(u64).range(1..))]
    pub reminder_interval: u64,
    /// Days before a deadline its e-mail reminders go out, at 08:00 in the case's time zone
    /// (empty: none); commands run from the command line read ACCORD_REMINDER_DAYS too
    #[arg(long, env = "ACCORD_REMINDER_DAYS", default_value = "7,3,1",
        value_parser = crate::reminders::lead_times)]
    pub reminder_days: accord_core::case::reminders::LeadTimes,
}

#[derive(Subcommand)]
pub enum UserCmd {
    /// Add a staff account. The password is read from ACCORD_PASSWORD, or else from the first
    /// line of standard input
    Add {
        #[arg(long)]
        email: String,
        /// The person's name as others will see it
        #[arg(long)]
        name: String,
        /// admin, coordinator or mediator
        #[arg(long, value_parser = parse::account_role)]
        role: AccountRole,
    },
    /// Set a new password (read like `user add`'s); every session of the account ends
    ResetPassword {
        #[arg(long)]
        email: String,
    },
    /// List accounts
    List,
}

#[derive(Subcommand)]
pub enum CaseCmd {
    /// Open a new case
    Open(OpenArgs),
    /// List cases, most recent activity first
    List,
    /// Show a case as one viewer may see it
    Show {
        /// The case
        case: String,
        /// Whose view: `mediator` (all but what a party entered for itself alone: overlap figures, proposal answers), `coordinator` (metadata only), or a participant's name
        #[arg(long = "as", default_value = "mediator")]
        viewer: String,
    },
    /// Close a case with its closure status
    Close {
        case: String,
        /// settled, partly-settled, not-settled, withdrawn or unsuitable
        #[arg(long, value_parser = parse::closure_status)]
        status: ClosureStatus,
        /// What the closure means for the parties
        #[arg(long)]
        summary: Option<String>,
    },
    /// Place a legal hold: nobody's data in the case can be erased until it is lifted
    Hold {
        case: String,
        /// Why the record must be kept as it is, e.g. "Claim HX-114 pending"
        #[arg(long)]
        reason: String,
    },
    /// Lift the case's legal hold
    Release {
        case: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Args)]
pub struct OpenArgs {
    /// A title people recognise, e.g. "Ahmed & Brown — arrangements for Layla"
    #[arg(long)]
    pub title: String,
    /// child-arrangements, family-finance, divorce, workplace, business-partnership,
    /// personal-injury, neighbour-community, elder-care or other
    #[arg(long = "type", value_parser = parse::dispute_type)]
    pub dispute_type: DisputeType,
    /// england-wales or us-federal
    #[arg(long, value_parser = parse::jurisdiction)]
    pub jurisdiction: Jurisdiction,
    /// IANA time zone for the case's dates [default: Europe/London for england-wales,
    /// America/New_York for us-federal]
    #[arg(long)]
    pub time_zone: Option<String>,
    /// The court ordered this mediation
    #[arg(long)]
    pub court_ordered: bool,
    /// A contract clause already requires a process: arbitration, tiered-dispute or mediation-first
    #[arg(long, value_parser = parse::contract_clause)]
    pub clause: Option<ContractClause>,
    /// The court's reference for the proceedings
    #[arg(long)]
    pub court_ref: Option<String>,
    /// The e-mail of an existing mediator account (`accord user add --role mediator`), made
    /// the case's mediator so it can sign in and run the case; without it the case has no
    /// mediator account until one is assigned
    #[arg(long, value_name = "EMAIL")]
    pub mediator: Option<String>,
}

#[derive(Subcommand)]
pub enum PartyCmd {
    /// Add someone to a case
    Add {
        case: String,
        /// Their name as the case should show it
        #[arg(long)]
        name: String,
        /// party, representative, support-person or mediator
        #[arg(long, default_value = "party", value_parser = parse::role)]
        role: Role,
        /// For a representative or support person: the party they act for
        #[arg(long = "for")]
        acting_for: Option<String>,
        /// They can agree terms without asking anyone (e.g. the insurer, the director)
        #[arg(long)]
        authority: bool,
    },
}

#[derive(Subcommand)]
pub enum IssueCmd {
    /// Put an issue on the agenda
    Add {
        case: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        description: Option<String>,
    },
    /// Record an issue's state: agreed-final, agreed-subject-to-paperwork,
    /// agreed-temporary, pilot, withdrawn or referred
    State(IssueStateArgs),
    /// Open an agreed, withdrawn or referred term again, saying why
    Reopen {
        case: String,
        issue: String,
        #[arg(long)]
        reason: String,
    },
    /// Record an option tried on an issue, and what came of it
    Option {
        case: String,
        issue: String,
        #[arg(long)]
        option: String,
        #[arg(long)]
        result: Option<String>,
    },
}

#[derive(Args)]
pub struct IssueStateArgs {
    pub case: String,
    /// The issue (title or id)
    pub issue: String,
    #[arg(long, value_parser = parse::term_state)]
    pub state: TermStateKind,
    /// For a pilot: the review date (YYYY-MM-DD)
    #[arg(long, value_parser = parse::date)]
    pub review_on: Option<Date>,
    /// For a temporary agreement: the date it holds until
    #[arg(long, value_parser = parse::date)]
    pub until: Option<Date>,
    /// For a temporary agreement: the event it holds until
    #[arg(long)]
    pub until_event: Option<String>,
    /// For a referral: where the issue is sent
    #[arg(long)]
    pub to: Option<String>,
    /// What was agreed, or why the state changed
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Subcommand)]
pub enum SessionCmd {
    /// Schedule a session
    Schedule {
        case: String,
        /// When: "2026-12-01 10:00" in the case's time zone, or with an offset
        #[arg(long, value_parser = parse::when)]
        at: parse::When,
        /// joint, caucus, online, hybrid or separate-arrival
        #[arg(long, default_value = "joint", value_parser = parse::session_format)]
        format: SessionFormat,
        /// Issues on the agenda (repeat the flag)
        #[arg(long)]
        agenda: Vec<String>,
        /// Why this session goes ahead in a format the safety screening rules out
        #[arg(long = "override")]
        override_reason: Option<String>,
    },
    /// Record that a session was held, and who attended
    Held {
        case: String,
        /// The session: its number in `case show`, or its id
        session: String,
        /// The day it was held [default: today in the case's time zone]
        #[arg(long, value_parser = parse::date)]
        on: Option<Date>,
        /// How it was run [default: as scheduled]
        #[arg(long, value_parser = parse::session_format)]
        format: Option<SessionFormat>,
        /// Who attended (repeat the flag, or separate names with commas)
        #[arg(long, required = true, value_delimiter = ',')]
        attended: Vec<String>,
    },
    /// Cancel a scheduled session
    Cancel {
        case: String,
        session: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Record a session's outcome
    Outcome {
        case: String,
        session: String,
        /// full-agreement, partial-agreement, no-agreement, impasse-for-now,
        /// paused-for-safety or did-not-take-place
        #[arg(long, value_parser = parse::outcome)]
        outcome: Outcome,
        /// A summary everyone in the case may read
        #[arg(long)]
        summary: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum NoteCmd {
    /// Add a note
    Add {
        case: String,
        #[arg(long)]
        text: String,
        /// Who may read it: everyone, mediator (the mediator only), or party:NAME (that party,
        /// those acting for it, and the mediator)
        #[arg(long)]
        audience: String,
        /// The session the note is about
        #[arg(long)]
        session: Option<String>,
    },
}

/// An exit address must be an absolute http(s) URL: it is where a frightened person lands.
fn parse_exit_url(raw: &str) -> Result<String, String> {
    let ok = (raw.starts_with("https://") || raw.starts_with("http://"))
        && raw.len() <= 2000
        && !raw
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '\'');
    match ok {
        true => Ok(raw.to_owned()),
        false => {
            Err("give an absolute http:// or https:// address without spaces or quotes".into())
        }
    }
}
