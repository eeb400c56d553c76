//! `baton`: serve, demo, migrate, schema, seed-demo, scheduler, sweep, recompute-deadlines,
//! bench. See `baton --help`.

use std::sync::Arc;

use anyhow::Context as _;
use baton_domain::clock::SystemClock;
use baton_server::cli::{Cli, Command, RulesArgs};
use baton_server::{app, demo, telemetry};
use clap::Parser;
use tokio::net::TcpListener;

/// Errors end the process with their chain of causes on one line, never a backtrace.
#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    telemetry::init();
    match cli.command {
        Command::Schema => print!("{}", baton_api::schema_sdl()),
        Command::RulesDoc { write: false } => print!("{}", app::rules_doc()?),
        Command::RulesDoc { write: true } => app::write_rules_docs(std::path::Path::new("."))?,
        Command::Migrate(db) => {
            app::connect_and_migrate(&db.database_url).await?;
            eprintln!("migrations applied");
        }
        Command::SeedDemo(db) => {
            let (rules, calendar) = app::load_rules(&RulesArgs {
                rules_dir: None,
                calendar_dir: None,
            })?;
            let conn = app::connect(&db).await?;
            print_users(&demo::seed(conn, rules, calendar, chrono::Utc::now()).await?)?;
        }
        Command::Serve(args) => {
            let scheduler = app::scheduler_config(&args.scheduler)?;
            let scheduler = (!args.no_scheduler).then_some(scheduler);
            let (rules, calendar) = app::load_rules(&args.rules)?;
            let db = app::connect(&args.db).await?;
            let engine = app::engine(db, rules, calendar, Arc::new(SystemClock));
            let listener = bind(args.listen).await?;
            let shutdown = app::shutdown_signal();
            app::serve_with_scheduler(listener, engine, scheduler, &args.api, shutdown).await?;
        }
        Command::Scheduler(args) => {
            let config = app::scheduler_config(&args.scheduler)?;
            let (rules, calendar) = app::load_rules(&args.rules)?;
            let db = app::connect(&args.db).await?;
            let engine = app::engine(db, rules, calendar, Arc::new(SystemClock));
            // Commits in the serving replicas wake this scheduler early.
            let _relay = app::start_relay(&engine).await?;
            tracing::info!("scheduler running");
            baton_scheduler::run(engine, config, app::shutdown_signal()).await;
        }
        Command::Sweep(args) => {
            let config = app::scheduler_config(&args.scheduler)?;
            let (rules, calendar) = app::load_rules(&args.rules)?;
            let db = app::connect(&args.db).await?;
            let engine = app::engine(db, rules, calendar, Arc::new(SystemClock));
            let report = baton_scheduler::sweep_once(&engine, &config)
                .await
                .context("the sweep failed")?;
            print!("{report}");
        }
        Command::RecomputeDeadlines(args) => {
            let (rules, calendar) = app::load_rules(&args.rules)?;
            let db = if args.dry_run {
                baton_store::connect(&args.db.database_url).await?
            } else {
                app::connect(&args.db).await?
            };
            let engine = app::engine(db, rules, calendar, Arc::new(SystemClock));
            let options = baton_engine::RecomputeOptions {
                dry_run: args.dry_run,
                reason: args.reason,
            };
            let report = engine
                .recompute_deadlines(&options)
                .await
                .context("the recompute failed")?;
            print!("{report}");
        }
        Command::Bench(args) => baton_server::bench::run(&args).await?,
        Command::BenchConsole { samples } => baton_server::bench::console::run(samples).await?,
        Command::Agency(args) => baton_server::admin_cli::agency(args).await?,
        Command::User(args) => baton_server::admin_cli::user(args).await?,
        Command::Token(args) => baton_server::admin_cli::token(args).await?,
        Command::Demo(args) => {
            for suffix in ["", "-shm", "-wal"] {
                let path = format!("{}{suffix}", args.file.display());
                if std::path::Path::new(&path).exists() {
                    std::fs::remove_file(&path).with_context(|| format!("cannot remove {path}"))?;
                }
            }
            let url = format!("sqlite://{}", args.file.display());
            let (rules, calendar) = app::load_rules(&RulesArgs {
                rules_dir: None,
                calendar_dir: None,
            })?;
            let db = app::connect_and_migrate(&url).await?;
            let users = demo::seed(
                db.clone(),
                rules.clone(),
                calendar.clone(),
                chrono::Utc::now(),
            )
            .await?;
            print_users(&users)?;
            let engine = app::engine(db, rules, calendar, Arc::new(SystemClock));
            let listener = bind(args.listen).await?;
            eprintln!(
                "\nBaton demo is running: open http://{0}/ (the console) or \
                 http://{0}/graphql (GraphiQL).\n\
                 Pick a token above and add the header  Authorization: Bearer <token>\n",
                listener.local_addr()?
            );
            let scheduler = Some(baton_scheduler::Config::default());
            let api = baton_server::cli::ApiArgs::default();
            app::serve_with_scheduler(listener, engine, scheduler, &api, app::shutdown_signal())
                .await?;
        }
    }
    Ok(())
}

async fn bind(addr: std::net::SocketAddr) -> anyhow::Result<TcpListener> {
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    tracing::info!(address = %listener.local_addr()?, "listening");
    Ok(listener)
}

fn print_users(users: &[demo::DemoUser]) -> anyhow::Result<()> {
    for u in users {
        println!("{}", serde_json::to_string(u)?);
    }
    Ok(())
}
