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

use crate::cli::RulesArgs;

/// Connects and applies pending migrations.
pub async fn connect_and_migrate(url: &str) -> anyhow::Result<baton_store::Db> {
    let db = baton_store::connect(url)
        .await
        .with_context(|| format!("cannot open the database {}", redact(url)))?;
    Migrator::up(&db, None).await.context("migrations failed")?;
    Ok(db)
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
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let schema = baton_api::build_schema(engine.clone());
    let app = baton_api::router(schema, engine);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .context("server failed")
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
