//! `baton bench`: seeds a national data set into an empty database, then measures the
//! supervisors' overdue query (through GraphQL and as its raw SQL) and one sweep with a
//! known number of alerts due among all the open handoffs. It prints a Markdown report,
//! with the query plans, for `docs/benchmarks.md`. It is a command, not a test: nothing
//! here asserts a time.

pub mod console;
pub mod seed;
mod write;

use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use anyhow::{Context as _, bail};
use async_graphql::Request;
use baton_domain::agency::Principal;
use baton_domain::clock::ManualClock;
use baton_domain::ids::UserId;
use baton_engine::Engine;
use chrono::{Duration, SubsecRound, Utc};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::app;
use crate::cli::{BenchArgs, RulesArgs};
use seed::{SeedSpec, seed};

fn percentile(sorted: &[StdDuration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

/// Runs `f` `samples` times after a warm-up and returns (p50, p99) in milliseconds.
async fn measure<F, Fut>(samples: usize, mut f: F) -> anyhow::Result<(f64, f64)>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    for _ in 0..samples.min(10) {
        f().await?;
    }
    let mut times = Vec::with_capacity(samples);
    for _ in 0..samples.max(1) {
        let start = Instant::now();
        f().await?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok((percentile(&times, 0.50), percentile(&times, 0.99)))
}

async fn principal(engine: &Engine, user: uuid::Uuid) -> anyhow::Result<Principal> {
    let token = engine.issue_token(UserId(user), None).await?;
    Ok(engine.authenticate(&token).await?)
}

const OVERDUE: &str = "query { overdueHandoffs(first: 20) { edges { node { id kind dueAt \
    overdueSeconds alertLevel responsibleAgency { name } responsiblePerson { name } } } \
    pageInfo { hasNextPage } } }";

fn overdue_sql(backend: DbBackend, province: bool) -> String {
    let p = |n: usize| match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    };
    let province = if province {
        format!(" AND province = {}", p(2))
    } else {
        String::new()
    };
    format!(
        "SELECT * FROM handoff WHERE discharged_at IS NULL AND due_at < {}{province} \
         ORDER BY due_at, id LIMIT 21",
        p(1)
    )
}

/// Seeds, measures and prints the report (`--mode write`: [`write::run`]).
pub async fn run(args: &BenchArgs) -> anyhow::Result<()> {
    if args.mode == crate::cli::BenchMode::Write {
        return write::run(args).await;
    }
    let url = match &args.database_url {
        Some(url) => url.clone(),
        None => {
            for suffix in ["", "-shm", "-wal"] {
                let _ = std::fs::remove_file(format!("baton-bench.db{suffix}"));
            }
            "sqlite://baton-bench.db".to_owned()
        }
    };
    let db = app::connect_and_migrate(&url).await?;
    let backend = db.get_database_backend();
    let (rules, calendar) = app::load_rules(&RulesArgs {
        rules_dir: None,
        calendar_dir: None,
    })?;
    let now = Utc::now().trunc_subsecs(6);
    let engine = app::engine(db.clone(), rules, calendar, Arc::new(ManualClock::at(now)));
    if !engine.agencies(None, None).await?.is_empty() {
        bail!("the bench database must be empty: give a new database or omit --database-url");
    }
    let spec = SeedSpec {
        matters: args.matters,
        provinces: 63,
        due_warnings: args.due,
        due_breaches: 0,
        now,
    };
    let started = Instant::now();
    let seeded = seed(&engine, &db, &spec).await.context("seeding failed")?;
    let seed_time = started.elapsed();
    db.execute_unprepared("ANALYZE").await?;
    let national = principal(&engine, seeded.national_supervisor).await?;
    let provincial = principal(&engine, seeded.supervisor_of_first_province).await?;
    let schema = baton_api::build_schema(engine.clone());

    println!("## {backend:?}, {} matters\n", args.matters);
    println!(
        "Seeded {} matters ({} open handoffs, {} overdue) in {:.1} s.\n",
        args.matters,
        seeded.open_handoffs,
        seeded.overdue_handoffs,
        seed_time.as_secs_f64()
    );
    println!("| measurement | p50 (ms) | p99 (ms) |\n|---|---:|---:|");
    for (name, who) in [("national", &national), ("provincial", &provincial)] {
        let (p50, p99) = measure(args.samples, || async {
            let r = schema
                .execute(Request::new(OVERDUE).data(who.clone()))
                .await;
            if !r.errors.is_empty() {
                bail!("GraphQL errors: {:?}", r.errors);
            }
            Ok(())
        })
        .await?;
        println!(
            "| overdueHandoffs(first: 20), GraphQL, {name} supervisor | {p50:.2} | {p99:.2} |"
        );
    }
    let province = seeded.provinces[0].code.clone();
    for (name, with_province) in [("all provinces", false), ("one province", true)] {
        let sql = overdue_sql(backend, with_province);
        let mut values: Vec<sea_orm::Value> = vec![now.into()];
        if with_province {
            values.push(province.clone().into());
        }
        let stmt = Statement::from_sql_and_values(backend, &sql, values);
        let (p50, p99) = measure(args.samples, || async {
            db.query_all_raw(stmt.clone()).await?;
            Ok(())
        })
        .await?;
        println!("| overdue page, raw SQL, {name} | {p50:.2} | {p99:.2} |");
    }
    let config = baton_scheduler::Config::default();
    let started = Instant::now();
    let report = baton_scheduler::sweep_once(&engine, &config).await?;
    let sweep_time = started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "| sweep: {} warnings, {} notifications, {} batches | {sweep_time:.0} (one run) | |",
        report.warnings, report.notifications, report.batches
    );
    let started = Instant::now();
    let idle = baton_scheduler::sweep_once(&engine, &config).await?;
    println!(
        "| sweep with nothing due ({} alerts) | {:.2} (one run) | |",
        idle.total(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    for (name, who) in [("national", &national), ("provincial", &provincial)] {
        let started = Instant::now();
        let lines = engine
            .duty_statistics(who, now - Duration::days(181), now)
            .await?;
        println!(
            "| dutyStatistics, last 181 days, {name} supervisor ({} lines) | {:.0} (one run) | |",
            lines.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    println!("\nQuery plans:\n");
    for with_province in [false, true] {
        let explain = match backend {
            DbBackend::Postgres => "EXPLAIN",
            _ => "EXPLAIN QUERY PLAN",
        };
        let sql = format!("{explain} {}", overdue_sql(backend, with_province));
        let mut values: Vec<sea_orm::Value> = vec![now.into()];
        if with_province {
            values.push(province.clone().into());
        }
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(backend, &sql, values))
            .await?;
        println!("```");
        for row in rows {
            let line: String = match backend {
                DbBackend::Postgres => row.try_get_by_index(0)?,
                _ => row.try_get_by_index(3)?,
            };
            println!("{line}");
        }
        println!("```");
    }
    Ok(())
}
