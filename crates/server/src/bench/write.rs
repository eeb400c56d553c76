//! `baton bench --mode write`: Baton's commands against the database's own ceiling, in one
//! run on one machine. The ceiling is `pgbench -b simple-update` on PostgreSQL, and a loop
//! of single-row commits on SQLite through Baton's own connection settings (so the journal
//! and synchronous modes are the same by construction). Baton's figure is
//! `requestLegalAid` over real HTTP, one signed-in clerk per client. It prints a Markdown
//! table with the ratios, for `docs/benchmarks.md`. It is a command, not a test: nothing
//! here asserts a time.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use baton_domain::agency::{AgencyKind, Role};
use baton_domain::clock::SystemClock;
use baton_domain::ids::AgencyId;
use baton_engine::{Agency, Engine};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use tokio::net::TcpListener;

use crate::app;
use crate::cli::{ApiArgs, BenchArgs, RulesArgs};

const REQUEST: &str = "mutation($input: RequestLegalAidInput!) { requestLegalAid(input: $input) \
    { matter { id version state } } }";

/// One row of the report: clients, the database's ceiling and Baton's rate, per second.
struct Row {
    clients: usize,
    ceiling: f64,
    baton: f64,
}

/// Runs the comparison and prints the report.
pub async fn run(args: &BenchArgs) -> anyhow::Result<()> {
    let url = match &args.database_url {
        Some(url) => url.clone(),
        None => fresh_sqlite("baton-bench-write.db"),
    };
    let seconds = Duration::from_secs(args.seconds.max(1));
    let db = app::connect_and_migrate(&url).await?;
    let backend = db.get_database_backend();
    let settings = settings(&db, backend).await?;
    eprintln!(
        "bench: {backend:?} ({settings}), {} s per run",
        seconds.as_secs()
    );

    let mut ceilings = Vec::new();
    for &clients in &args.clients {
        eprintln!("bench: the database's ceiling at {clients} clients…");
        let rate = match backend {
            DbBackend::Postgres => pgbench(&url, clients, seconds)?,
            _ => sqlite_commits(clients, seconds).await?,
        };
        ceilings.push(rate);
    }

    let (rules, calendar) = app::load_rules(&RulesArgs {
        rules_dir: None,
        calendar_dir: None,
    })?;
    let engine = app::engine(db, rules, calendar, Arc::new(SystemClock));
    let max_clients = args.clients.iter().copied().max().unwrap_or(1);
    let world = World::seed(&engine, max_clients).await?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let api = ApiArgs {
        rate_limit_per_minute: u32::MAX / 2,
        failed_sign_ins_per_minute: u32::MAX / 2,
        ..ApiArgs::default()
    };
    let server = {
        let engine = engine.clone();
        tokio::spawn(
            async move { app::serve(listener, engine, &api, std::future::pending()).await },
        )
    };
    let endpoint = format!("http://{address}/graphql");

    let mut rows = Vec::new();
    for (&clients, ceiling) in args.clients.iter().zip(ceilings) {
        eprintln!("bench: Baton's requestLegalAid at {clients} clients…");
        let baton = baton_rate(&endpoint, &world, clients, seconds).await?;
        rows.push(Row {
            clients,
            ceiling,
            baton,
        });
    }
    server.abort();

    let ceiling_name = match backend {
        DbBackend::Postgres => "pgbench simple-update (tps)",
        _ => "single-row commits (per s)",
    };
    println!(
        "## Writes: {backend:?} ({settings}), {} s per run\n",
        seconds.as_secs()
    );
    println!("| clients | {ceiling_name} | Baton `requestLegalAid` over HTTP (per s) | ratio |");
    println!("|---:|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {:.0} | {:.0} | {:.0} % |",
            r.clients,
            r.ceiling,
            r.baton,
            100.0 * r.baton / r.ceiling.max(f64::MIN_POSITIVE)
        );
    }
    Ok(())
}

fn fresh_sqlite(file: &str) -> String {
    for suffix in ["", "-shm", "-wal", "-journal"] {
        let _ = std::fs::remove_file(format!("{file}{suffix}"));
    }
    format!("sqlite://{file}")
}

/// The durability settings the comparison runs at, as the database reports them.
async fn settings(db: &baton_store::Db, backend: DbBackend) -> anyhow::Result<String> {
    let one = |sql: &str| Statement::from_string(backend, sql.to_owned());
    let text = |row: Option<sea_orm::QueryResult>| -> anyhow::Result<String> {
        let row = row.context("the database answered no row")?;
        Ok(row
            .try_get_by_index::<String>(0)
            .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))?)
    };
    Ok(match backend {
        DbBackend::Postgres => format!(
            "synchronous_commit {}",
            text(db.query_one_raw(one("SHOW synchronous_commit")).await?)?
        ),
        _ => format!(
            "journal_mode {}, synchronous {}",
            text(db.query_one_raw(one("PRAGMA journal_mode")).await?)?,
            text(db.query_one_raw(one("PRAGMA synchronous")).await?)?
        ),
    })
}

/// `pgbench`'s simple-update transactions per second at `clients`, in the bench database
/// (its tables are made and dropped there).
fn pgbench(url: &str, clients: usize, seconds: Duration) -> anyhow::Result<f64> {
    let bin = pgbench_binary()
        .context("pgbench is not installed (Debian: postgresql-client or the server package)")?;
    let run = |args: &[&str]| -> anyhow::Result<String> {
        let out = std::process::Command::new(&bin)
            .args(args)
            .arg(url)
            .output()
            .context("cannot run pgbench")?;
        if !out.status.success() {
            bail!("pgbench failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    run(&["-i", "-q", "-s", "1"])?;
    let threads = clients.min(std::thread::available_parallelism().map_or(2, |n| n.get()));
    let report = run(&[
        "-n",
        "-b",
        "simple-update",
        "-c",
        &clients.to_string(),
        "-j",
        &threads.to_string(),
        "-T",
        &seconds.as_secs().to_string(),
    ])?;
    run(&["-i", "-I", "d"])?;
    report
        .lines()
        .find_map(|l| l.strip_prefix("tps = "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .context("pgbench printed no tps")
}

fn pgbench_binary() -> Option<std::path::PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("pgbench"))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| {
        let mut found: Vec<_> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| Some(e.ok()?.path().join("bin/pgbench")))
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        found.pop()
    })
}

/// Single-row commits per second on a scratch SQLite file opened by Baton's own
/// connection code, so its journal and synchronous settings are Baton's.
async fn sqlite_commits(clients: usize, seconds: Duration) -> anyhow::Result<f64> {
    let db = baton_store::connect(&fresh_sqlite("baton-bench-ceiling.db")).await?;
    db.execute_unprepared("CREATE TABLE ceiling (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        .await?;
    let done = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + seconds;
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (db, done) = (db.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < until {
                db.execute_raw(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    "INSERT INTO ceiling (v) VALUES (?)",
                    ["Nguyễn Văn Hải".into()],
                ))
                .await?;
                done.fetch_add(1, Ordering::Relaxed);
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok(done.load(Ordering::Relaxed) as f64 / seconds.as_secs_f64())
}

/// A court, a center and one clerk with a token per client.
struct World {
    center: AgencyId,
    tokens: Vec<String>,
    /// The next case number, so every request is a new case.
    numbers: Arc<AtomicU64>,
}

impl World {
    async fn seed(engine: &Engine, clients: usize) -> anyhow::Result<Self> {
        if !engine.agencies(None, None).await?.is_empty() {
            bail!("the bench database must be empty: give a new database or omit --database-url");
        }
        let agency = |kind, name: &str| Agency {
            id: AgencyId::generate(),
            kind,
            name: name.to_owned(),
            province: "HN".to_owned(),
            province_name: "Hà Nội".to_owned(),
            parent: None,
        };
        let court = agency(AgencyKind::Court, "Tòa án nhân dân thành phố Hà Nội");
        let center = agency(
            AgencyKind::LegalAidCenter,
            "Trung tâm Trợ giúp pháp lý nhà nước thành phố Hà Nội",
        );
        engine.create_agency(&court).await?;
        engine.create_agency(&center).await?;
        let mut tokens = Vec::with_capacity(clients);
        for i in 0..clients {
            let clerk = engine
                .create_user(court.id, &format!("Thư ký {i}"), &[Role::AgencyOfficer])
                .await?;
            tokens.push(engine.issue_token(clerk, None).await?);
        }
        Ok(Self {
            center: center.id,
            tokens,
            numbers: Arc::new(AtomicU64::new(1)),
        })
    }
}

fn request(center: AgencyId, n: u64) -> Value {
    json!({ "query": REQUEST, "variables": { "input": {
        "person": {
            "fullName": "Trần Văn Bình",
            "birthDate": "1990-05-17",
            "eligibility": "POOR_HOUSEHOLD",
            "proofDocument": "Giấy chứng nhận hộ nghèo số 12/2026",
            "custody": "AT_LIBERTY",
            "proceduralRole": "ACCUSED",
        },
        "proceeding": {
            "kind": "CRIMINAL",
            "caseNumber": format!("{n}/2026/HS-ST"),
            "stage": "FIRST_INSTANCE_TRIAL",
        },
        "centerId": center.to_string(),
    }}})
}

/// `requestLegalAid` calls per second with `clients` clerks calling at once; any error
/// stops the bench (a fast error is not a command).
async fn baton_rate(
    endpoint: &str,
    world: &World,
    clients: usize,
    seconds: Duration,
) -> anyhow::Result<f64> {
    let done = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + seconds;
    let mut tasks = Vec::new();
    for token in world.tokens.iter().take(clients) {
        let (done, endpoint, center) = (done.clone(), endpoint.to_owned(), world.center);
        let token = token.clone();
        let numbers = world.numbers.clone();
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            while Instant::now() < until {
                let n = numbers.fetch_add(1, Ordering::Relaxed);
                let answer: Value = http
                    .post(&endpoint)
                    .bearer_auth(&token)
                    .json(&request(center, n))
                    .send()
                    .await?
                    .json()
                    .await?;
                if answer.get("errors").is_some() {
                    bail!("requestLegalAid failed: {answer}");
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok(done.load(Ordering::Relaxed) as f64 / seconds.as_secs_f64())
}
