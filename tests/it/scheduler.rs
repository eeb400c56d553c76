//! The deadline scheduler: alerts at the right instants, once, caught up after downtime,
//! nothing lost when a sweep dies, several instances racing. Time is a `ManualClock`.

use std::sync::Arc;

use baton_domain::calendar::WorkingCalendar;
use baton_domain::ruleset::RuleBook;
use baton_engine::{Alert, Engine, Published};
use baton_scheduler::{Config, SweepReport, sweep_once};
use baton_server::bench::seed::{SeedSpec, seed};
use baton_store::Db;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::harness::{
    Backend, CASE_LIMIT, TestApp, World, backend_test, matter, run_case, vn, waited,
};

fn config(batch: u64) -> Config {
    Config {
        batch,
        ..Config::default()
    }
}

async fn sweep(app: &TestApp) -> SweepReport {
    sweep_once(&app.engine, &config(50)).await.unwrap()
}

fn open_handoff(m: &Value, kind: &str) -> (DateTime<Utc>, DateTime<Utc>) {
    let h = m["handoffs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == kind)
        .unwrap();
    let at = |k: &str| h[k].as_str().unwrap().parse::<DateTime<Utc>>().unwrap();
    (at("warnAt"), at("dueAt"))
}

const HANDOFF_TIMES: &str = r#"
query($id: ID!) { matter(id: $id) { version handoffs { kind warnAt dueAt } } }"#;

backend_test! {
    async fn alerts_fire_at_their_instants_across_a_holiday_weekend(app) {
        let w = World::build(&app).await;
        // Wednesday before 30/4 and 1/5 (holidays), then a weekend: the 3 working days
        // for assigning a provider are Mon 4/5, Tue 5/5 and Wed 6/5, ending at 24:00.
        app.clock.set(vn(2026, 4, 29, 9, 0));
        let id = crate::harness::civil_request(&app, &w).await;
        app.clock.set(vn(2026, 4, 29, 10, 0));
        crate::harness::accept(&app, &w.coordinator, &id).await;
        let m = app
            .ok(&w.supervisor, HANDOFF_TIMES, json!({ "id": id }))
            .await;
        let (warn_at, due_at) = open_handoff(&m["matter"], "assign_provider");
        assert_eq!(due_at, vn(2026, 5, 7, 0, 0), "[{}]", app.backend);
        // 75 % of the 182 hours from Wednesday 10:00.
        assert_eq!(warn_at, vn(2026, 5, 5, 2, 30), "[{}]", app.backend);

        let one_second = Duration::seconds(1);
        let steps = [
            (warn_at - one_second, 0, 0, 0),
            (warn_at, 1, 0, 0),
            (warn_at, 0, 0, 0),
            (due_at, 0, 0, 0),
            (due_at + one_second, 0, 1, 0),
            (due_at + Duration::hours(24), 0, 0, 0),
            (due_at + Duration::hours(24) + one_second, 0, 0, 1),
            (due_at + Duration::days(30), 0, 0, 0),
        ];
        for (at, warnings, breaches, escalations) in steps {
            app.clock.set(at);
            let r = sweep(&app).await;
            assert_eq!(
                (r.warnings, r.breaches, r.escalations),
                (warnings, breaches, escalations),
                "[{}] at {at}: {r}",
                app.backend
            );
            // The coordinator and the Hà Nội supervisor; the escalation goes to the Cục.
            for f in &r.fired {
                let expected = if f.alert == Alert::Escalation { 1 } else { 2 };
                assert_eq!(f.notified, expected, "[{}] {r}", app.backend);
            }
        }
        let m = matter(&app, &w.supervisor, &id).await;
        let timeline = m["timeline"].as_array().unwrap();
        let kinds: Vec<_> = timeline
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            &kinds[kinds.len() - 3..],
            ["deadline_warning", "deadline_breached", "breach_escalated"],
            "[{}]",
            app.backend
        );
        let seqs: Vec<i64> = timeline
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
        assert_eq!(m["version"].as_i64().unwrap(), seqs.len() as i64);
        let last = timeline.last().unwrap();
        assert_eq!(last["actorName"], "Hệ thống Baton");
        assert_eq!(last["actorAgency"]["name"], w.center.name);
        // The event happened when the breach had been open 24 hours, whenever recorded.
        let occurred: DateTime<Utc> = last["occurredAt"].as_str().unwrap().parse().unwrap();
        assert_eq!(occurred, due_at + Duration::hours(24));
    }
}

backend_test! {
    async fn the_first_sweep_after_downtime_catches_up_without_stale_warnings(app) {
        let w = World::build(&app).await;
        let mut ids = Vec::new();
        for _ in 0..3 {
            let id = crate::harness::request(&app, &w.clerk, &w.center, "ARRESTED").await;
            crate::harness::accept(&app, &w.coordinator, &id).await;
            ids.push(id);
        }
        // Nothing ran for three days.
        app.clock.advance(Duration::days(3));
        let r = sweep(&app).await;
        assert_eq!(
            (r.warnings_superseded, r.warnings, r.breaches, r.escalations),
            (3, 0, 3, 3),
            "[{}] {r}",
            app.backend
        );
        assert_eq!(sweep(&app).await.total(), 0, "[{}]", app.backend);
        let m = matter(&app, &w.supervisor, &ids[0]).await;
        let kinds: Vec<_> = m["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_owned())
            .collect();
        assert!(!kinds.contains(&"deadline_warning".to_owned()), "{kinds:?}");
        assert!(kinds.ends_with(&["deadline_breached".into(), "breach_escalated".into()]));
    }
}

backend_test! {
    async fn a_discharged_duty_is_never_alerted(app) {
        let w = World::build(&app).await;
        let id = crate::harness::request(&app, &w.clerk, &w.center, "ARRESTED").await;
        crate::harness::accept(&app, &w.coordinator, &id).await;
        let m = app
            .ok(&w.supervisor, HANDOFF_TIMES, json!({ "id": id }))
            .await;
        let (warn_at, due_at) = open_handoff(&m["matter"], "assign_on_notice");
        // The next nearest instant the scheduler would wake for is this warning.
        let next = baton_store::sweep::next_due(&app.db, Duration::hours(24)).await;
        assert_eq!(next.unwrap(), Some(warn_at), "[{}]", app.backend);
        app.clock.set(due_at);
        let assign = json!({ "input": { "matterId": id, "providerId": w.officer.to_string() } });
        app.ok(&w.coordinator, crate::harness::ASSIGN, assign).await;
        app.clock.set(due_at + Duration::hours(1));
        let r = sweep(&app).await;
        assert_eq!((r.warnings, r.breaches), (0, 0), "[{}] {r}", app.backend);
        assert_eq!(r.warnings_superseded, 0, "[{}] {r}", app.backend);
    }
}

async fn count(db: &Db, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

/// Every alert recorded exactly once: one event per alert, every matter's version equal
/// to its number of events, two notices per alert (the center's coordinator and the
/// province's supervisor), nothing left for another sweep.
async fn assert_exactly_once(engine: &Engine, db: &Db, warnings: i64, breaches: i64) {
    let events = |kind: &str| format!("SELECT COUNT(*) FROM matter_event WHERE kind = '{kind}'");
    assert_eq!(count(db, &events("deadline_warning")).await, warnings);
    assert_eq!(count(db, &events("deadline_breached")).await, breaches);
    let skew = "SELECT COUNT(*) FROM matter m WHERE m.version <> \
                (SELECT COUNT(*) FROM matter_event e WHERE e.matter_id = m.id)";
    assert_eq!(count(db, skew).await, 0);
    let notices = count(db, "SELECT COUNT(*) FROM notification").await;
    assert_eq!(notices, 2 * (warnings + breaches));
    let again = sweep_once(engine, &config(100)).await.unwrap();
    assert_eq!(again.total(), 0, "{again}");
}

fn spec(app: &TestApp, matters: usize, due_warnings: usize, due_breaches: usize) -> SeedSpec {
    SeedSpec {
        matters,
        provinces: 3,
        due_warnings,
        due_breaches,
        now: app.engine.now(),
    }
}

backend_test! {
    async fn a_sweep_dropped_mid_way_loses_nothing_and_repeats_nothing(app) {
        seed(&app.engine, &app.db, &spec(&app, 150, 60, 40)).await.unwrap();
        let mut bus = app.engine.bus().subscribe();
        let small = config(7);
        // The process "dies" right after the first batch is committed and announced, in
        // the middle of the next one: the future (and its open transaction) is dropped.
        waited("the first batch's alert", async {
            tokio::select! {
                biased;
                Ok(Published::Alert(_)) = bus.recv() => {}
                r = sweep_once(&app.engine, &small) => panic!("the sweep finished first: {r:?}"),
            }
        })
        .await;
        let done = sweep_once(&app.engine, &config(100)).await.unwrap();
        assert!(done.warnings < 60, "[{}] {done}", app.backend);
        assert_exactly_once(&app.engine, &app.db, 60, 40).await;
    }
}

fn engine_on(db: Db, app: &TestApp) -> Engine {
    Engine::new(
        db,
        Arc::new(RuleBook::bundled().unwrap()),
        Arc::new(WorkingCalendar::bundled().unwrap()),
        Arc::new(app.clock.clone()),
    )
}

/// Several schedulers racing mean something only on PostgreSQL, where each has its own
/// pool and a locked row is skipped for the next; on SQLite's one connection they would
/// only take turns. So this test has one case, `postgres`.
mod three_instances_racing_over_thousands_of_due_handoffs_fire_each_once {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        run_case(Backend::Postgres, module_path!(), CASE_LIMIT, race).await;
    }

    async fn race(backend: Backend) {
        let url = backend.fresh_url().await;
        let app = TestApp::start(backend.name(), &url).await;
        let mut dbs = Vec::new();
        for _ in 0..3 {
            dbs.push(baton_store::connect(&url).await.unwrap());
        }
        seed(&app.engine, &app.db, &spec(&app, 5_000, 3_000, 1_500))
            .await
            .unwrap();
        let engines: Vec<Engine> = dbs.into_iter().map(|db| engine_on(db, &app)).collect();
        let runs = engines.iter().map(|e| {
            let e = e.clone();
            tokio::spawn(async move { sweep_once(&e, &config(100)).await.unwrap() })
        });
        let reports: Vec<SweepReport> = futures::future::join_all(runs)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let shares: Vec<_> = reports
            .iter()
            .map(|r| (r.total(), r.skipped_locked))
            .collect();
        println!(
            "[{}] alerts and skipped rows per instance: {shares:?}",
            app.backend
        );
        let warnings: u64 = reports.iter().map(|r| r.warnings).sum();
        let breaches: u64 = reports.iter().map(|r| r.breaches).sum();
        assert_eq!((warnings, breaches), (3_000, 1_500), "[{}]", app.backend);
        assert_exactly_once(&engines[0], &app.db, 3_000, 1_500).await;
    }
}

backend_test! {
    async fn the_scheduler_catches_up_when_it_starts_and_stops_on_shutdown(app) {
        seed(&app.engine, &app.db, &spec(&app, 20, 5, 3)).await.unwrap();
        let mut bus = app.engine.bus().subscribe();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(baton_scheduler::run(
            app.engine.clone(),
            config(2),
            async move {
                let _ = stopped.await;
            },
        ));
        let mut seen = 0;
        while seen < 8 {
            if let Published::Alert(_) = waited("an alert", bus.recv()).await.unwrap() {
                seen += 1;
            }
        }
        stop.send(()).unwrap();
        waited("the scheduler to stop", task).await.unwrap();
        assert_exactly_once(&app.engine, &app.db, 5, 3).await;
    }
}
