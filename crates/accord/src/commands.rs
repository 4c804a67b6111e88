//! One handler per command: turn what was typed into a domain command, run it through the
//! case service, and print the result for a person or, with --json, for a script.

use crate::cli::*;
use crate::render;
use accord_core::case::state::Case;
use accord_core::case::vocabulary::*;
use accord_core::case::{Actor, Audience, Command};
use accord_core::ids::*;
use accord_core::text::{Text, limits};
use accord_server::cases::RETRY_ATTEMPTS;
use accord_server::reference::{resolve, short};
use accord_server::{AppError, Cases, Executed, demo};
use accord_store::{Create, DatabaseUrl, Store, StoreError};
use anyhow::{Context, Result, anyhow, bail};
use serde_json::json;
use std::io::{BufReader, Write};
use std::process::ExitCode;

pub(crate) struct Ctx {
    pub cases: Cases,
    pub json: bool,
    pub actor: Actor,
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    // The deadline calculator needs no database.
    if let Top::Deadline(cmd) = &cli.command
        && cmd.is_calculator()
    {
        let Top::Deadline(cmd) = cli.command else {
            unreachable!("matched above")
        };
        return crate::deadline::run(cmd, cli.json);
    }
    // Nor does the MIAM checker.
    if let Top::Miam(cmd) = &cli.command
        && !cmd.needs_cases()
    {
        let Top::Miam(cmd) = cli.command else {
            unreachable!("matched above")
        };
        return crate::miam::run(cmd, cli.json);
    }
    // Nor does a risk tree, unless its offer comes from a case.
    if let Top::Analyse(cmd) = &cli.command
        && !cmd.needs_cases()
    {
        let Top::Analyse(cmd) = cli.command else {
            unreachable!("matched above")
        };
        return crate::analyse::run(cmd, cli.json, None);
    }
    let url = DatabaseUrl::parse(&cli.database)?;
    // A backup opens its own read-only snapshot; a restore writes a database that is not there yet.
    match &cli.command {
        Top::Backup { file } => return crate::backups::backup(&url, file, cli.json),
        Top::Restore { file } => return crate::backups::restore(file, &url, cli.json),
        _ => {}
    }
    let create = match cli.command {
        Top::Migrate | Top::Demo | Top::Import { .. } | Top::Serve(_) | Top::User(_) => {
            Create::IfMissing
        }
        _ => Create::MustExist,
    };
    let store = Store::open(&url, create)?;
    match cli.command {
        Top::Serve(args) => return crate::serve::run(store, &url, args),
        Top::User(cmd) => return crate::users::run(store, cmd, cli.json),
        Top::Reminders(cmd) => return crate::reminders::run(store, cmd, cli.json),
        _ => {}
    }
    let operator = std::env::var("USER").unwrap_or_else(|_| "operator".into());
    let ctx = Ctx {
        cases: Cases::new(store).with_lead_times(crate::reminders::lead_times_from_env()?),
        json: cli.json,
        actor: Actor::Operator { name: operator },
    };
    match cli.command {
        Top::Migrate => ctx.say(
            json!({"database": url.to_string(), "schema": "current"}),
            || format!("{url}: schema is up to date."),
        ),
        Top::Case(cmd) => ctx.case(cmd),
        Top::Party(PartyCmd::Add {
            case,
            name,
            role,
            acting_for,
            authority,
        }) => {
            let (id, state) = ctx.case_ref(&case)?;
            let acting_for = acting_for.map(|p| party(&state, &p)).transpose()?;
            let participant = ParticipantId::new_v7();
            let cmd = Command::AddParticipant {
                participant,
                name: Text::line("name", &name, limits::NAME)?,
                role,
                acting_for,
                authority_to_settle: authority,
            };
            ctx.write(
                id,
                cmd,
                participant.to_string(),
                format!("Added {name} ({role})"),
            )
        }
        Top::Issue(cmd) => ctx.issue(cmd),
        Top::Session(cmd) => ctx.session(cmd),
        Top::Note(NoteCmd::Add {
            case,
            text,
            audience,
            session,
        }) => {
            let (id, state) = ctx.case_ref(&case)?;
            let audience = audience_of(&state, &audience)?;
            let about_session = session.map(|s| session_ref(&state, &s)).transpose()?;
            let note = NoteId::new_v7();
            let cmd = Command::AddNote {
                note,
                text: Text::paragraph("text", &text, limits::LONG)?,
                audience,
                about_session,
            };
            let who = render::audience(&state, &audience);
            ctx.write(
                id,
                cmd,
                note.to_string(),
                format!("Note added; visible to {who}"),
            )
        }
        Top::Verify { anchor, against } => ctx.verify(anchor, against),
        Top::Backup { .. } | Top::Restore { .. } => unreachable!("handled before the store opens"),
        Top::Debrief(cmd) => ctx.debrief(cmd),
        Top::Position(a) => ctx.position(a),
        Top::Memorandum(cmd) => ctx.memorandum(cmd),
        Top::Stall(a) => ctx.stall(a),
        Top::Advice(a) => ctx.advice(a),
        Top::Analyse(cmd) => crate::analyse::run(cmd, ctx.json, Some(&ctx)),
        Top::NextStep(cmd) => ctx.next_step(cmd),
        Top::Prep(a) => ctx.prep(a),
        Top::Rate(a) => ctx.rate(a),
        Top::CourtReport { case } => ctx.court_report(&case),
        Top::Document(args) => ctx.document(args),
        Top::Safety(cmd) => ctx.safety(cmd),
        Top::Invitation(cmd) => ctx.invitation(cmd),
        Top::Measures { case } => ctx.measures(&case),
        Top::Due(a) => ctx.due(a),
        Top::Deadline(cmd) => ctx.case_deadline(cmd),
        Top::Export { case, output } => {
            let (id, _) = ctx.case_ref(&case)?;
            let count = match &output {
                Some(path) => {
                    let file = std::fs::File::create(path)
                        .with_context(|| format!("cannot create {}", path.display()))?;
                    let mut out = std::io::BufWriter::new(file);
                    let n = ctx.cases.export(id, &mut out)?;
                    out.flush()?;
                    n
                }
                None => ctx.cases.export(id, &mut std::io::stdout().lock())?,
            };
            if let Some(path) = output {
                eprintln!(
                    "Exported {count} events of case {} to {}",
                    short(&id),
                    path.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Top::Import { file } => {
            let f = std::fs::File::open(&file)
                .with_context(|| format!("cannot open {}", file.display()))?;
            let imported = ctx.cases.import(BufReader::new(f))?;
            let list: Vec<_> = imported
                .iter()
                .map(|c| json!({"case": c.case, "title": c.title, "events": c.events}))
                .collect();
            ctx.say(json!(list), || {
                imported
                    .iter()
                    .map(|c| {
                        format!(
                            "Imported {} ({} events): {}",
                            short(&c.case),
                            c.events,
                            c.title
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        Top::Person(cmd) => ctx.person(cmd),
        Top::Miam(cmd) => ctx.miam(cmd),
        Top::Serve(_) | Top::User(_) | Top::Reminders(_) => unreachable!("handled above"),
        Top::Demo => {
            let written = demo::load(&ctx.cases, &ctx.actor, demo::today_in("Europe/London"))?;
            let list = ctx.cases.list()?;
            if !ctx.json {
                if written.is_empty() {
                    println!("The demo cases are already loaded in {url}.\n");
                } else {
                    println!("Loaded {} demo cases into {url}.\n", written.len());
                }
                print!("{}", render::case_list(&list));
                println!(
                    "\nTry: accord case show {}   (or --as \"Amira Ahmed\", --as coordinator)",
                    short(&list.last().map(|m| m.id).unwrap_or(CaseId::new_v7()))
                );
                return Ok(ExitCode::SUCCESS);
            }
            ctx.say(json!({"loaded": written}), String::new)
        }
    }
}

impl Ctx {
    /// Prints `value` as JSON, or the text `human` builds.
    pub(crate) fn say(
        &self,
        value: serde_json::Value,
        human: impl FnOnce() -> String,
    ) -> Result<ExitCode> {
        if self.json {
            println!("{}", serde_json::to_string_pretty(&value)?);
        } else {
            println!("{}", human());
        }
        Ok(ExitCode::SUCCESS)
    }

    pub(crate) fn write(
        &self,
        case: CaseId,
        cmd: Command,
        created: String,
        done: String,
    ) -> Result<ExitCode> {
        let executed = self.execute(case, cmd)?;
        self.written(&executed, created, done)
    }

    /// Prints what a command wrote: the case, the new thing's id, the sequence reached.
    pub(crate) fn written(
        &self,
        executed: &Executed,
        created: String,
        done: String,
    ) -> Result<ExitCode> {
        let Executed { case, events, .. } = executed;
        let seq = events.last().map_or(0, |e| e.seq);
        self.say(json!({"case": case, "id": created, "seq": seq}), || {
            if created.is_empty() {
                format!("{done}.")
            } else {
                format!("{done}. [{}]", short(&created))
            }
        })
    }

    /// Runs a command, deciding it again on the case as it is now whenever another writer
    /// appended first: the CLI names no version, so a fresh decision is what was asked.
    pub(crate) fn execute(&self, case: CaseId, cmd: Command) -> Result<Executed> {
        self.cases
            .execute_retrying(case, cmd, &self.actor)
            .map_err(|e| match e {
                AppError::Store(StoreError::Conflict { .. }) => anyhow!(
                    "the case kept changing: other writers got there first {RETRY_ATTEMPTS} times, \
                     and nothing was written; run the command again"
                ),
                e => e.into(),
            })
    }

    /// Runs a command once, for one whose meaning rests on what the case held when it was
    /// read (`why`), so that deciding it again on a case changed meanwhile would not be what
    /// was asked.
    pub(crate) fn execute_once(&self, case: CaseId, cmd: Command, why: &str) -> Result<Executed> {
        self.cases
            .execute(case, cmd, &self.actor)
            .map_err(|e| match e {
                AppError::Store(StoreError::Conflict { .. }) => anyhow!(
                    "another writer changed the case while this command ran, and nothing was \
                     written; it was not retried, because {why}"
                ),
                e => e.into(),
            })
    }

    /// Resolves a case reference and loads its full state.
    pub(crate) fn case_ref(&self, reference: &str) -> Result<(CaseId, Case)> {
        let list = self.cases.list()?;
        let found = resolve(
            "case",
            reference,
            &list,
            |m| m.id.to_string(),
            |m| m.title.clone(),
        )?;
        Ok((found.id, self.cases.state(found.id)?))
    }
}

pub(crate) fn zone_of(state: &Case) -> jiff::tz::TimeZone {
    state
        .profile
        .as_ref()
        .and_then(|p| jiff::tz::TimeZone::get(&p.time_zone).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC)
}

/// An issue by its title or id.
pub(crate) fn issue_ref(state: &Case, reference: &str) -> Result<IssueId> {
    Ok(resolve(
        "issue",
        reference,
        &state.issues,
        |i| i.id.to_string(),
        |i| i.title.to_string(),
    )?
    .id)
}

pub(crate) fn participant(state: &Case, reference: &str) -> Result<ParticipantId> {
    Ok(resolve(
        "participant",
        reference.trim(),
        &state.participants,
        |p| p.id.to_string(),
        |p| p.name.to_string(),
    )?
    .id)
}

/// A participant who must be a party, named in the error if they are not.
pub(crate) fn party(state: &Case, reference: &str) -> Result<ParticipantId> {
    let id = participant(state, reference)?;
    match state.participant(id) {
        Some(p) if p.role != Role::Party => {
            bail!("{} is a {}, not a party of this case", p.name, p.role)
        }
        _ => Ok(id),
    }
}

/// A session by its number in `case show` (1, 2, …) or its id.
pub(crate) fn session_ref(state: &Case, reference: &str) -> Result<SessionId> {
    if let Ok(n) = reference.trim().parse::<usize>()
        && reference.trim().len() <= 3
    {
        return state
            .sessions
            .get(n.wrapping_sub(1))
            .map(|s| s.id)
            .with_context(|| {
                format!(
                    "no session {n}; this case has {} session(s)",
                    state.sessions.len()
                )
            });
    }
    Ok(resolve(
        "session",
        reference,
        &state.sessions,
        |s| s.id.to_string(),
        |_| String::new(),
    )?
    .id)
}

fn audience_of(state: &Case, raw: &str) -> Result<Audience> {
    let raw = raw.trim();
    match raw.to_lowercase().as_str() {
        "everyone" | "joint" => Ok(Audience::Everyone),
        "mediator" | "mediator-only" => Ok(Audience::MediatorOnly),
        _ => match raw.split_once(':') {
            Some((kind, who)) if kind.eq_ignore_ascii_case("party") => {
                Ok(Audience::PartyAndMediator {
                    party: party(state, who)?,
                })
            }
            _ => {
                bail!("audience: unknown value {raw:?}; expected everyone, mediator, or party:NAME")
            }
        },
    }
}
