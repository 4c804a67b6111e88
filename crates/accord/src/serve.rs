//! `accord serve`: the HTTP server on a multi-threaded runtime, with structured logs.

use crate::cli::ServeArgs;
use accord_server::http::{self, Api, Config};
use accord_server::mail::Mailer;
use accord_server::workbench::Workbench;
use accord_server::{demo, demo_people};
use accord_store::{DatabaseUrl, Store};
use anyhow::{Context, Result};
use std::io::Write;
use std::process::ExitCode;

pub(crate) fn init_logs() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("ACCORD_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // JSON lines for log collectors; readable lines otherwise.
    let _ = if std::env::var("ACCORD_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().try_init()
    } else {
        builder.compact().try_init()
    };
}

pub fn run(store: Store, url: &DatabaseUrl, args: ServeArgs) -> Result<ExitCode> {
    init_logs();
    let mut workbench = Workbench::new(store);
    let lifetimes = &mut workbench.accounts.lifetimes;
    lifetimes.session = jiff::SignedDuration::from_hours(i64::from(args.session_hours));
    lifetimes.idle = jiff::SignedDuration::from_mins(i64::from(args.session_idle_minutes));
    // Every append plans the case's reminders with the configured lead times.
    workbench.cases.set_lead_times(args.reminder_days.clone());
    // Cases written before the due-items and figures read models existed get them now.
    let rebuilt = accord_server::read_models::rebuild_missing(&workbench.cases)?;
    if rebuilt > 0 {
        tracing::info!(cases = rebuilt, "read models rebuilt from events");
    }
    let people = if args.demo {
        let actor = accord_core::case::Actor::Operator {
            name: "Accord demo".into(),
        };
        demo::load(&workbench.cases, &actor, demo::today_in("Europe/London"))?;
        Some(demo_people::ensure(&workbench)?)
    } else {
        None
    };
    let mailer = Mailer::new(args.smtp_url.as_deref(), &args.mail_from)?;
    let reminder_mailer =
        std::sync::Arc::new(Mailer::new(args.smtp_url.as_deref(), &args.mail_from)?);
    // The database pool must close outside the runtime: PostgreSQL's synchronous client
    // cannot close its connections on an async thread. This handle outlives the runtime.
    let keep_store_open = workbench.cases.store().clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("--listen {}: cannot listen there", args.listen))?;
        let addr = listener.local_addr()?;
        let metrics = match &args.metrics_listen {
            None => None,
            Some(at) => Some(tokio::net::TcpListener::bind(at).await.with_context(|| {
                format!("--metrics-listen {at}: cannot listen there")
            })?),
        };
        let config = Config {
            secure_cookies: args.secure_cookies,
            logins_per_account_and_address: args.logins_per_account_and_address,
            logins_per_address: args.logins_per_address,
            logins_per_account: args.logins_per_account,
            public_url: args.public_url.clone().unwrap_or_else(|| format!("http://{addr}")),
            header_timeout: std::time::Duration::from_secs(args.header_timeout),
            request_timeout: std::time::Duration::from_secs(args.request_timeout),
            exit_url: args.exit_url.clone(),
        };
        // Printing is best effort: a closed standard output must not stop the server.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Accord is listening on http://{addr}/  (database {url})");
        if let Some(m) = &metrics {
            let _ = writeln!(out, "Metrics at http://{}/metrics", m.local_addr()?);
        }
        if let Some(people) = people {
            let _ = writeln!(out, "\nDemo accounts, all with the password {:?}:", demo_people::PASSWORD);
            for p in &people {
                let _ = writeln!(out, "  {:<34} {:<12} {}", p.email, p.role.to_string(), p.who);
            }
            let _ = writeln!(
                out,
                "\nOpen http://{addr}/ in a browser and sign in, e.g. as the mediator \
                 maya.patel@accord.example or the party amira.ahmed@accord.example."
            );
            let _ = writeln!(
                out,
                "\nOr with curl:  curl -c /tmp/accord.cookies -H 'Content-Type: application/json' \
                 -d '{{\"email\":\"maya.patel@accord.example\",\"password\":\"{}\"}}' http://{addr}/api/v1/session\n      \
                 curl -b /tmp/accord.cookies http://{addr}/api/v1/cases",
                demo_people::PASSWORD
            );
        }
        let _ = writeln!(out, "Stop with Ctrl-C.");
        let _ = out.flush();
        drop(out);
        tracing::info!(%addr, "listening");
        // Reminders go out from a background task, stopped once the server has stopped.
        let (stop_reminders, stop) = tokio::sync::watch::channel(false);
        let every = std::time::Duration::from_secs(args.reminder_interval);
        tracing::info!(every = ?every, days = %args.reminder_days, "e-mail reminders");
        let reminders = tokio::spawn(accord_server::reminders::run_worker(
            std::sync::Arc::clone(&workbench.cases), reminder_mailer, config.public_url.clone(), every, stop,
        ));
        let api = Api::new(workbench, config, mailer).with_documents(accord_documents::typeset);
        http::serve(listener, metrics, api, http::shutdown_signal()).await?;
        let _ = stop_reminders.send(true);
        let _ = reminders.await;
        tracing::info!("stopped");
        Ok::<_, anyhow::Error>(())
    })?;
    drop(runtime);
    drop(keep_store_open);
    Ok(ExitCode::SUCCESS)
}
