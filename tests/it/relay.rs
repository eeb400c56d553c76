//! Replicas sharing one PostgreSQL: what one commits reaches the subscribers and the
//! scheduler of another (PostgreSQL LISTEN/NOTIFY). SQLite is one process: no relay.

use std::time::Duration as StdDuration;

use chrono::Duration;

use crate::harness::{TestApp, World, accept, fresh_postgres, request};
use crate::subscriptions::{next, subscribe};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_one_replica_commits_reaches_the_subscribers_and_scheduler_of_another() {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        let app = TestApp::start("sqlite", "sqlite::memory:").await;
        let relay = app.engine.start_relay().await.unwrap();
        assert!(relay.is_none(), "one SQLite process has nothing to relay");
        return;
    };
    let url = fresh_postgres(&base).await;
    // Replica `a` takes the commands and runs the sweep; replica `b` serves subscribers.
    let a = TestApp::start("postgres", &url).await;
    let b = TestApp::start("postgres", &url).await;
    let relays = [
        a.engine
            .start_relay()
            .await
            .unwrap()
            .expect("PostgreSQL relays"),
        b.engine
            .start_relay()
            .await
            .unwrap()
            .expect("PostgreSQL relays"),
    ];
    let w = World::build(&a).await;
    let wake_b = b.engine.bus().deadlines_changed();
    let referrals = "subscription { newReferrals { id state } }";
    let mut on_b = subscribe(&b, &w.coordinator, referrals);
    let mut on_a = subscribe(&a, &w.coordinator, referrals);
    let alerts = "subscription { deadlineAlerts { kind handoff { kind } } }";
    let mut supervisor_on_b = subscribe(&b, &w.supervisor, alerts);

    let m = request(&a, &w.clerk, &w.center, "ARRESTED").await;
    let heard = next(&mut on_b).await;
    assert_eq!(heard["data"]["newReferrals"]["id"], m.as_str(), "{heard:#}");
    assert_eq!(heard["data"]["newReferrals"]["state"], "NOTIFIED_TO_CENTER");
    let heard = next(&mut on_a).await;
    assert_eq!(heard["data"]["newReferrals"]["id"], m.as_str());
    // A new deadline committed elsewhere wakes this replica's scheduler (the bound guards a
    // hang; it is not a timing assertion).
    tokio::time::timeout(StdDuration::from_secs(30), wake_b.notified())
        .await
        .expect("replica b's scheduler is woken");

    // The warning fired by replica a's sweep reaches the supervisor listening on b.
    accept(&a, &w.coordinator, &m).await;
    a.clock.advance(Duration::hours(10));
    let report = baton_scheduler::sweep_once(&a.engine, &baton_scheduler::Config::default())
        .await
        .unwrap();
    assert_eq!(report.warnings, 1);
    let alert = next(&mut supervisor_on_b).await;
    assert_eq!(
        alert["data"]["deadlineAlerts"]["kind"], "WARNING",
        "{alert:#}"
    );
    assert_eq!(
        alert["data"]["deadlineAlerts"]["handoff"]["kind"],
        "assign_provider"
    );
    for relay in relays {
        relay.abort();
    }
}
