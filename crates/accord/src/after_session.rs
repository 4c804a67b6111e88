//! The command line after a session without full agreement: debriefs, positions, the
//! memorandum, stall diagnosis, the next move, preparation, ratings, the court report and
//! measures (advice is in `advice.rs`, what is due in `due.rs`). Run by the mediator at the
//! server's machine (the operator).

use crate::commands::{Ctx, participant, party, session_ref};
use crate::parse;
use accord_core::advice::{Budget, NextStep, StallReason, TimePreference};
use accord_core::case::debrief::{
    Author, Debrief, DebriefItemKind, HiddenIssue, HiddenIssueKind, Money, Offer,
};
use accord_core::case::measures::Measures;
use accord_core::case::prep::Prep;
use accord_core::case::state::Case;
use accord_core::case::vocabulary::RatingMoment;
use accord_core::case::{Command, court_report::court_report};
use accord_core::chain::Digest;
use accord_core::text::{Text, limits};
use accord_server::after_session::memorandum_answer;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use jiff::civil::Date;
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum DebriefCmd {
    /// Record what was learned in a session, privately: a party's debrief is seen by that
    /// party and the mediator; the mediator's by the mediator only
    Add(DebriefArgs),
    /// Share one item of a party's debrief with everyone in the case
    Share {
        case: String,
        /// The session: its number in `case show`, or its id
        session: String,
        /// The party whose item it is
        #[arg(long)]
        party: String,
        /// KIND:NUMBER, e.g. dealbreaker:1, best-offer, missing-information:2
        #[arg(long)]
        item: String,
    },
}

#[derive(Args)]
pub struct DebriefArgs {
    pub case: String,
    /// The session: its number in `case show`, or its id
    pub session: String,
    /// Whose debrief: `mediator`, or a party's name
    #[arg(long, default_value = "mediator")]
    pub by: String,
    /// The best offer on the table, as an amount: "9000 GBP", "USD 250,000.00"
    #[arg(long)]
    pub offer: Option<String>,
    /// The best offer's terms that are not money
    #[arg(long)]
    pub terms: Option<String>,
    /// A dealbreaker said out loud (repeat the flag)
    #[arg(long)]
    pub dealbreaker: Vec<String>,
    /// A hidden issue suspected, KIND or KIND:NOTE; KIND is ego, fear, reputation, cash-flow,
    /// control, identity, trust or other (repeat the flag)
    #[arg(long)]
    pub hidden_issue: Vec<String>,
    /// Missing information that blocked movement (repeat the flag)
    #[arg(long)]
    pub missing: Vec<String>,
    /// A signal of flexibility: words that suggested room to move (repeat the flag)
    #[arg(long)]
    pub flexibility: Vec<String>,
    /// What can be spent on the next step: low, medium or high
    #[arg(long, value_parser = parse::word::<Budget>)]
    pub budget: Option<Budget>,
    /// urgent or flexible
    #[arg(long, value_parser = parse::word::<TimePreference>)]
    pub time: Option<TimePreference>,
}

#[derive(Subcommand)]
pub enum MemorandumCmd {
    /// Show the memorandum (Markdown; --json for the whole answer)
    Show { case: String },
    /// Issue the memorandum as it stands as a new version for the parties to confirm
    Issue { case: String },
    /// Record a party's (or its representative's) confirmation of a version
    Confirm {
        case: String,
        /// Who confirms: a party, or a representative with authority to settle for its party
        #[arg(long)]
        by: String,
        #[arg(long)]
        version: u32,
        /// The content hash of the version they read (from `memorandum show`)
        #[arg(long)]
        hash: String,
    },
}

#[derive(Subcommand)]
pub enum NextStepCmd {
    /// Choose the next move: one option, one owner of the next outreach, a date
    Choose {
        case: String,
        /// negotiate-directly, mediate-again, pause-and-return, referral, settlement-conference,
        /// early-neutral-evaluation, mediators-proposal, arbitration, litigation, temporary-orders
        #[arg(long, value_parser = parse::word::<NextStep>)]
        step: NextStep,
        /// Who owns the next outreach (a participant's name)
        #[arg(long)]
        owner: String,
        /// By when (YYYY-MM-DD)
        #[arg(long, value_parser = parse::date)]
        due: Date,
        #[arg(long)]
        note: Option<String>,
    },
    /// The next step was taken
    Done {
        case: String,
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Args)]
pub struct StallArgs {
    pub case: String,
    /// Whose diagnosis: `mediator`, or a party's name (a party's stays private)
    #[arg(long, default_value = "mediator")]
    pub by: String,
    /// REASON=EVIDENCE, e.g. no-authority-present="the director left at noon" (repeat the flag).
    /// Reasons: missing-information, unrealistic-expectations, no-authority-present, posturing,
    /// mediator-fit, emotions, power-imbalance, lack-of-commitment, timing, safety-concern
    #[arg(long = "reason", required = true)]
    pub reasons: Vec<String>,
    /// The session it is about (its number or id)
    #[arg(long)]
    pub session: Option<String>,
    /// Share the mediator's diagnosis with everyone
    #[arg(long)]
    pub shared: bool,
}

#[derive(Args)]
pub struct PrepArgs {
    pub case: String,
    /// The party whose checklist it is
    #[arg(long)]
    pub party: String,
    /// A goal, short and specific (up to three)
    #[arg(long)]
    pub goal: Vec<String>,
    /// A document to bring
    #[arg(long)]
    pub document: Vec<String>,
    /// A workable option that could meet both sides' needs (up to two)
    #[arg(long)]
    pub option: Vec<String>,
    /// A question instead of a demand
    #[arg(long)]
    pub question: Option<String>,
    /// A phrase to pause or raise a concern without blame
    #[arg(long)]
    pub ground_rule: Vec<String>,
    /// A trial period to propose
    #[arg(long)]
    pub trial: Option<String>,
    /// Someone who should join (lawyer, support person, expert, the decision-maker)
    #[arg(long)]
    pub join: Vec<String>,
    /// The checklist is complete
    #[arg(long)]
    pub done: bool,
    /// Share it with everyone
    #[arg(long)]
    pub shared: bool,
}

#[derive(Args)]
pub struct PositionArgs {
    pub case: String,
    /// The issue (title or id)
    pub issue: String,
    #[arg(long)]
    pub party: String,
    #[arg(long)]
    pub position: String,
    /// An interest beneath the position: security, stability, fairness, recognition… (repeat)
    #[arg(long)]
    pub interest: Vec<String>,
    /// Share it with everyone (otherwise private to the party and the mediator)
    #[arg(long)]
    pub shared: bool,
}

#[derive(Args)]
pub struct RateArgs {
    pub case: String,
    pub session: String,
    /// Who rates (a participant's name)
    #[arg(long)]
    pub by: String,
    /// before or after the session
    #[arg(long, value_parser = parse::word::<RatingMoment>)]
    pub moment: RatingMoment,
    /// 1 (confused) to 5 (clear)
    #[arg(long)]
    pub clarity: u8,
    /// 1 (calm) to 5 (heated)
    #[arg(long)]
    pub temperature: u8,
}

fn texts(field: &'static str, raw: &[String]) -> Result<Vec<Text>> {
    Ok(raw
        .iter()
        .map(|t| Text::line(field, t, limits::SHORT))
        .collect::<Result<_, _>>()?)
}

fn optional(field: &'static str, raw: Option<&str>) -> Result<Option<Text>> {
    Ok(Text::line_optional(field, raw, limits::SHORT)?)
}

fn author(state: &Case, by: &str) -> Result<Author> {
    Ok(if by.trim().eq_ignore_ascii_case("mediator") {
        Author::Mediator
    } else {
        Author::Party {
            party: party(state, by)?,
        }
    })
}

impl Ctx {
    pub fn debrief(&self, cmd: DebriefCmd) -> Result<ExitCode> {
        match cmd {
            DebriefCmd::Add(a) => {
                let (id, state) = self.case_ref(&a.case)?;
                let session = session_ref(&state, &a.session)?;
                let author = author(&state, &a.by)?;
                let amount = a.offer.as_deref().map(Money::parse).transpose()?;
                let terms = optional("terms", a.terms.as_deref())?;
                let best_offer =
                    (amount.is_some() || terms.is_some()).then_some(Offer { amount, terms });
                let hidden_issues = a
                    .hidden_issue
                    .iter()
                    .map(|raw| {
                        let (kind, note) = raw.split_once(':').unwrap_or((raw, ""));
                        Ok(HiddenIssue {
                            kind: parse::word::<HiddenIssueKind>(kind)
                                .map_err(anyhow::Error::msg)?,
                            note: optional(
                                "hidden-issue",
                                Some(note).filter(|n| !n.trim().is_empty()),
                            )?,
                        })
                    })
                    .collect::<Result<_>>()?;
                let debrief = Debrief {
                    best_offer,
                    dealbreakers: texts("dealbreaker", &a.dealbreaker)?,
                    hidden_issues,
                    missing_information: texts("missing", &a.missing)?,
                    flexibility_signals: texts("flexibility", &a.flexibility)?,
                    budget: a.budget,
                    time_preference: a.time,
                };
                let whose = match author {
                    Author::Mediator => "the mediator only".to_owned(),
                    Author::Party { party } => format!("{} and the mediator", name(&state, party)),
                };
                let cmd = Command::CaptureDebrief {
                    session,
                    author,
                    debrief,
                };
                self.write(
                    id,
                    cmd,
                    session.to_string(),
                    format!("Debrief recorded; visible to {whose}"),
                )
            }
            DebriefCmd::Share {
                case,
                session,
                party: who,
                item,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let session = session_ref(&state, &session)?;
                let party = party(&state, &who)?;
                let (kind, index) = item.split_once(':').unwrap_or((&item, "1"));
                let kind = parse::word::<DebriefItemKind>(kind).map_err(anyhow::Error::msg)?;
                let index: usize = index
                    .trim()
                    .parse()
                    .with_context(|| format!("item: {index:?} is not a number (KIND:NUMBER)"))?;
                let cmd = Command::ShareDebriefItem {
                    session,
                    party,
                    kind,
                    index,
                };
                self.write(
                    id,
                    cmd,
                    session.to_string(),
                    format!("Shared {kind} {index} with everyone"),
                )
            }
        }
    }

    pub fn position(&self, a: PositionArgs) -> Result<ExitCode> {
        let (id, state) = self.case_ref(&a.case)?;
        let issue = crate::commands::issue_ref(&state, &a.issue)?;
        let cmd = Command::RecordPosition {
            issue,
            party: party(&state, &a.party)?,
            position: Text::line("position", &a.position, limits::SHORT)?,
            interests: texts("interest", &a.interest)?,
            shared: a.shared,
        };
        let who = if a.shared {
            "everyone"
        } else {
            "the party and the mediator"
        };
        self.write(
            id,
            cmd,
            issue.to_string(),
            format!("Position recorded; visible to {who}"),
        )
    }

    pub fn memorandum(&self, cmd: MemorandumCmd) -> Result<ExitCode> {
        match cmd {
            MemorandumCmd::Show { case } => {
                let (_, state) = self.case_ref(&case)?;
                let answer = memorandum_answer(&state);
                self.say(serde_json::to_value(&answer)?, || {
                    let mut out = answer.markdown.clone();
                    let _ = writeln!(out, "\n## Confirmations\n");
                    for c in &answer.confirmations {
                        let stale = if c.stale { " — STALE: a later version was issued" } else { "" };
                        let _ = writeln!(out, "- version {}: {} for {}{stale}", c.version, c.by, c.for_party);
                    }
                    if !answer.awaiting.is_empty() {
                        let _ = writeln!(out, "- awaiting: {}", answer.awaiting.join(", "));
                    }
                    if answer.changed_since_issued {
                        let _ = writeln!(
                            out,
                            "\nThe case changed since the latest version: `accord memorandum issue` makes a new one."
                        );
                    }
                    out
                })
            }
            MemorandumCmd::Issue { case } => {
                let (id, state) = self.case_ref(&case)?;
                let version = state.latest_memorandum().map_or(1, |m| m.version + 1);
                // A version issued on a case changed meanwhile would hold what nobody read.
                let executed = self.execute_once(
                    id,
                    Command::IssueMemorandum,
                    "the memorandum would hold changes made meanwhile: read `accord memorandum \
                     show` and issue it again",
                )?;
                self.written(
                    &executed,
                    version.to_string(),
                    format!("Memorandum version {version} issued for confirmation"),
                )
            }
            MemorandumCmd::Confirm {
                case,
                by,
                version,
                hash,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let by = participant(&state, &by)?;
                let content_hash = Digest::parse_hex(hash.trim()).context(
                    "hash: not a SHA-256 in hex (64 characters), as `memorandum show` prints it",
                )?;
                let cmd = Command::ConfirmMemorandum {
                    by,
                    version,
                    content_hash,
                };
                self.write(
                    id,
                    cmd,
                    version.to_string(),
                    format!("{} confirmed version {version}", name(&state, by)),
                )
            }
        }
    }

    pub fn stall(&self, a: StallArgs) -> Result<ExitCode> {
        let (id, state) = self.case_ref(&a.case)?;
        let author = author(&state, &a.by)?;
        let session = a.session.map(|s| session_ref(&state, &s)).transpose()?;
        let findings = a
            .reasons
            .iter()
            .map(|raw| {
                let Some((reason, evidence)) = raw.split_once('=') else {
                    bail!("reason: {raw:?} needs a line of evidence: REASON=EVIDENCE");
                };
                let reason = parse::word::<StallReason>(reason).map_err(anyhow::Error::msg)?;
                Ok((reason, Text::line("evidence", evidence, limits::SHORT)?))
            })
            .collect::<Result<_>>()?;
        let shared = a.shared;
        let cmd = Command::DiagnoseStall {
            session,
            author,
            findings,
            shared,
        };
        let who = if shared { "everyone" } else { "private" };
        self.write(
            id,
            cmd,
            String::new(),
            format!("Stall diagnosis recorded ({who})"),
        )
    }

    pub fn next_step(&self, cmd: NextStepCmd) -> Result<ExitCode> {
        match cmd {
            NextStepCmd::Choose {
                case,
                step,
                owner,
                due,
                note,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let owner = participant(&state, &owner)?;
                let cmd = Command::ChooseNextStep {
                    step,
                    owner,
                    due_on: due,
                    note: optional("note", note.as_deref())?,
                };
                let done = format!(
                    "Next step: {} — {} owns the next outreach, by {due}",
                    step.label(),
                    name(&state, owner)
                );
                self.write(id, cmd, String::new(), done)
            }
            NextStepCmd::Done { case, note } => {
                let (id, _) = self.case_ref(&case)?;
                let cmd = Command::CompleteNextStep {
                    note: optional("note", note.as_deref())?,
                };
                self.write(id, cmd, String::new(), "Next step marked as taken".into())
            }
        }
    }

    pub fn prep(&self, a: PrepArgs) -> Result<ExitCode> {
        let (id, state) = self.case_ref(&a.case)?;
        let prep = Prep {
            goals: texts("goal", &a.goal)?,
            documents: texts("document", &a.document)?,
            options: texts("option", &a.option)?,
            question: optional("question", a.question.as_deref())?,
            ground_rules: texts("ground-rule", &a.ground_rule)?,
            trial_period: optional("trial", a.trial.as_deref())?,
            who_else: texts("join", &a.join)?,
            done: a.done,
        };
        let party = party(&state, &a.party)?;
        let cmd = Command::PrepareNextSession {
            party,
            prep,
            shared: a.shared,
        };
        let state_word = if a.done { "complete" } else { "in progress" };
        self.write(
            id,
            cmd,
            party.to_string(),
            format!(
                "Preparation of {} saved ({state_word})",
                name(&state, party)
            ),
        )
    }

    pub fn rate(&self, a: RateArgs) -> Result<ExitCode> {
        let (id, state) = self.case_ref(&a.case)?;
        let cmd = Command::RateSession {
            session: session_ref(&state, &a.session)?,
            participant: participant(&state, &a.by)?,
            moment: a.moment,
            clarity: a.clarity,
            temperature: a.temperature,
        };
        self.write(id, cmd, String::new(), "Rating recorded (private)".into())
    }

    pub fn court_report(&self, case: &str) -> Result<ExitCode> {
        let (id, _) = self.case_ref(case)?;
        let report = court_report(&self.cases.history(id)?).context("the case was never opened")?;
        self.say(serde_json::to_value(&report)?, || {
            let mut out = format!("Report to the court: {}\n", report.case_title);
            if let Some(r) = &report.court_reference {
                let _ = writeln!(out, "Court reference: {r}");
            }
            let _ = writeln!(
                out,
                "Result: {}",
                serde_json::to_value(report.result)
                    .unwrap_or_default()
                    .as_str()
                    .unwrap_or("")
            );
            for s in &report.sessions {
                let day = s.held_on.map_or("—".into(), |d| d.to_string());
                if s.took_place {
                    let _ = writeln!(
                        out,
                        "  {day}: session held; attended: {}",
                        s.attended.join(", ")
                    );
                } else {
                    let _ = writeln!(out, "  {day}: session did not take place");
                }
            }
            if let Some(d) = report.closed_on {
                let _ = writeln!(out, "Closed on {d}");
            }
            out.push_str("Nothing said in mediation is in this report.");
            out
        })
    }

    pub fn measures(&self, case: &str) -> Result<ExitCode> {
        let (_, state) = self.case_ref(case)?;
        let m = Measures::of(&state);
        self.say(serde_json::to_value(&m)?, || {
            let mut out = String::from("What moved:\n");
            let series: Vec<String> = m
                .open_issues_over_time
                .iter()
                .map(|o| o.open.to_string())
                .collect();
            let _ = writeln!(out, "  open issues over time: {}", series.join(" → "));
            let _ = writeln!(out, "  issues narrowed: {}", m.issues_narrowed);
            let terms: Vec<String> = m
                .terms_by_state
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            let _ = writeln!(out, "  terms by state: {}", terms.join(", "));
            let _ = writeln!(
                out,
                "  next step chosen with owner and date: {}",
                if m.next_step_chosen_with_owner_and_date {
                    "yes"
                } else {
                    "no"
                }
            );
            let _ = writeln!(out, "  memorandum versions: {}", m.memorandum_versions);
            for r in &m.ratings {
                let _ = writeln!(
                    out,
                    "  ratings {} a session ({}): clarity {:.1}, temperature {:.1}",
                    r.moment, r.count, r.mean_clarity, r.mean_temperature
                );
            }
            out
        })
    }
}

fn name(state: &Case, id: accord_core::ids::ParticipantId) -> String {
    state
        .participant(id)
        .map_or_else(|| id.to_string(), |p| p.name.to_string())
}
