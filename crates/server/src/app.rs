//! Wiring: database, migrations, rules, calendar, engine, router, serving.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use baton_domain::calendar::WorkingCalendar;
use baton_domain::clock::Clock;
use baton_domain::ruleset::RuleBook;
use baton_engine::Engine;
use baton_migration::{Migrator, MigratorTrait};
use tokio::net::TcpListener;

use crate::cli::{ApiArgs, DbArgs, RulesArgs, SchedulerArgs};

/// Connects and applies pending migrations.
pub async fn connect_and_migrate(url: &str) -> anyhow::Result<baton_store::Db> {
    let db = baton_store::connect(url)
        .await
        .with_context(|| format!("cannot open the database {}", redact(url)))?;
    Migrator::up(db.writer(), None)
        .await
        .context("migrations failed")?;
    Ok(db)
}

/// Connects as `db` says: applies pending migrations, or with `no_migrate` only checks that
/// none is pending (a server role may not change the schema; the owner runs `baton migrate`).
pub async fn connect(db: &DbArgs) -> anyhow::Result<baton_store::Db> {
    if !db.no_migrate {
        return connect_and_migrate(&db.database_url).await;
    }
    let conn = baton_store::connect(&db.database_url)
        .await
        .with_context(|| format!("cannot open the database {}", redact(&db.database_url)))?;
    let pending = Migrator::get_pending_migrations_read_only(conn.writer())
        .await
        .context("cannot read which migrations the database has")?;
    if !pending.is_empty() {
        let names: Vec<String> = pending.iter().map(|m| m.name().to_owned()).collect();
        anyhow::bail!(
            "the database lacks {} migration(s) ({}): run `baton migrate` as the database owner first",
            names.len(),
            names.join(", ")
        );
    }
    Ok(conn)
}

/// Hides a password in a database URL before it is printed.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

fn read_toml_dir(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            files.push((path.display().to_string(), text));
        }
    }
    files.sort();
    Ok(files)
}

/// The rule book and calendar: bundled, or read from the configured directories.
pub fn load_rules(args: &RulesArgs) -> anyhow::Result<(RuleBook, WorkingCalendar)> {
    let rules = match &args.rules_dir {
        None => RuleBook::bundled()?,
        Some(dir) => {
            let files = read_toml_dir(dir)?;
            RuleBook::from_files(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))?
        }
    };
    let calendar = match &args.calendar_dir {
        None => WorkingCalendar::bundled()?,
        Some(dir) => {
            let files = read_toml_dir(dir)?;
            WorkingCalendar::from_year_files(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))?
        }
    };
    Ok((rules, calendar))
}

/// An engine over a migrated database.
pub fn engine(
    db: baton_store::Db,
    rules: RuleBook,
    calendar: WorkingCalendar,
    clock: Arc<dyn Clock>,
) -> Engine {
    Engine::new(db, Arc::new(rules), Arc::new(calendar), clock)
}

/// Serves the API on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    engine: Engine,
    api: &ApiArgs,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let options = baton_api::SchemaOptions {
        introspection: api.introspection,
        suggestions: api.suggestions,
        time_budget: std::time::Duration::from_millis(api.query_time_budget_ms),
        operations_per_caller: api.operations_per_caller,
    };
    let schema = baton_api::build_schema_with(engine.clone(), options);
    let limiter = baton_api::rate_limit::RateLimiter::with_failure_budget(
        api.rate_limit_per_minute,
        api.failed_sign_ins_per_minute,
    );
    let socket_lifetime = std::time::Duration::from_secs(api.ws_max_lifetime_secs);
    let console = baton_console::Settings {
        secure_cookies: api.secure_cookies,
    };
    let app = baton_console::router(schema.clone(), engine.clone(), console).merge(
        baton_api::router_with_options(schema, engine, limiter, socket_lifetime),
    );
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .context("server failed")
}

/// The scheduler's configuration from the command line; an invalid cron expression or
/// duration stops start-up with a message that shows it.
pub fn scheduler_config(args: &SchedulerArgs) -> anyhow::Result<baton_scheduler::Config> {
    let mut config = baton_scheduler::Config::new(
        &args.sweep_cron,
        baton_scheduler::parse_duration(&args.escalate_after)?,
    )?;
    config.batch = args.sweep_batch.max(1);
    Ok(config)
}

/// Serves the API and, when `scheduler` is given, runs the deadline scheduler beside it,
/// until `shutdown` completes; then both stop.
pub async fn serve_with_scheduler(
    listener: TcpListener,
    engine: Engine,
    scheduler: Option<baton_scheduler::Config>,
    api: &ApiArgs,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let relay = start_relay(&engine).await?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop.send(true);
    });
    let until_stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stopped| *stopped).await;
    };
    let task = scheduler.map(|config| {
        tokio::spawn(baton_scheduler::run(
            engine.clone(),
            config,
            until_stopped(stopped.clone()),
        ))
    });
    let served = serve(listener, engine, api, until_stopped(stopped)).await;
    if let Some(task) = task {
        task.await.context("the scheduler panicked")?;
    }
    if let Some(relay) = relay {
        relay.abort();
    }
    served
}

/// On PostgreSQL, relays the changes other replicas commit onto this process's bus (their
/// subscriptions and scheduler wake-ups reach this one); nothing on SQLite.
pub async fn start_relay(engine: &Engine) -> anyhow::Result<Option<tokio::task::JoinHandle<()>>> {
    let relay = engine
        .start_relay()
        .await
        .context("cannot listen for other replicas' changes")?;
    if relay.is_some() {
        tracing::info!("relaying changes between replicas (PostgreSQL LISTEN)");
    }
    Ok(relay)
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

/// The bundled rule sets as Markdown (`docs/rules.md`).
pub fn rules_doc() -> anyhow::Result<String> {
    let book = RuleBook::bundled()?;
    Ok(baton_domain::ruleset::doc::book_markdown(book.all()))
}

/// The pages that carry generated tables of the rule set in force, besides `docs/rules.md`.
pub const PAGES_WITH_RULE_TABLES: [&str; 2] = ["README.md", "docs/design.md"];

/// Rewrites `docs/rules.md` and the generated blocks of [`PAGES_WITH_RULE_TABLES`] under
/// `root` (the repository), so that every page lists the clocks the data defines.
pub fn write_rules_docs(root: &Path) -> anyhow::Result<()> {
    use baton_domain::ruleset::doc;
    let book = RuleBook::bundled()?;
    std::fs::write(root.join("docs/rules.md"), doc::book_markdown(book.all()))
        .context("writing docs/rules.md")?;
    let newest = book.all().last().context("no rule set is bundled")?;
    for page in PAGES_WITH_RULE_TABLES {
        let path = root.join(page);
        let mut text = std::fs::read_to_string(&path).with_context(|| format!("reading {page}"))?;
        for (name, table) in doc::blocks(newest) {
            if let Some(spliced) = doc::splice(&text, name, &table) {
                text = spliced;
            }
        }
        std::fs::write(&path, text).with_context(|| format!("writing {page}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn scratch_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("baton-{name}-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn rule_sets_load_from_a_directory_and_errors_name_the_file() {
        let dir = scratch_dir("rules");
        let bundled = include_str!("../../domain/rules/rulesets/vn-tgpl-2026.1.toml");
        let newer = bundled
            .replace(r#"version = "2026.1""#, r#"version = "2027.1""#)
            .replace(
                r#"effective_from = "2018-09-01""#,
                r#"effective_from = "2027-01-01""#,
            );
        std::fs::write(dir.join("a.toml"), bundled).unwrap();
        std::fs::write(dir.join("b.toml"), newer).unwrap();
        std::fs::write(dir.join("notes.txt"), "ignored").unwrap();
        let args = RulesArgs {
            rules_dir: Some(dir.clone()),
            calendar_dir: None,
        };
        let (rules, _) = load_rules(&args).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        assert_eq!(rules.in_force(day).unwrap().version, "2027.1");

        std::fs::write(dir.join("c.toml"), "id = 1").unwrap();
        let err = load_rules(&args).unwrap_err().to_string();
        assert!(err.contains("c.toml"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_calendar_directory_replaces_the_bundled_years() {
        let dir = scratch_dir("calendar");
        let year = include_str!("../../domain/rules/calendar/vn/2026.toml");
        std::fs::write(dir.join("2026.toml"), year).unwrap();
        let args = RulesArgs {
            rules_dir: None,
            calendar_dir: Some(dir.clone()),
        };
        let (_, calendar) = load_rules(&args).unwrap();
        let bundled = WorkingCalendar::bundled().unwrap();
        assert_ne!(calendar.revision(), bundled.revision());
        let culture_day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert!(!calendar.is_working_day(culture_day));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn without_migrating_a_database_with_pending_migrations_is_refused() {
        let dir = scratch_dir("no-migrate");
        let url = format!("sqlite://{}", dir.join("baton.db").display());
        let args = DbArgs {
            database_url: url.clone(),
            no_migrate: true,
        };
        let err = connect(&args).await.unwrap_err().to_string();
        assert!(err.contains("run `baton migrate`"), "{err}");
        connect_and_migrate(&url)
            .await
            .unwrap()
            .close()
            .await
            .unwrap();
        connect(&args).await.unwrap().close().await.unwrap();
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_password_in_a_database_url_is_never_printed() {
        assert_eq!(
            redact("postgres://baton:secret@db:5432/baton"),
            "postgres://***@db:5432/baton"
        );
        assert_eq!(redact("sqlite://baton.db"), "sqlite://baton.db");
    }
}
