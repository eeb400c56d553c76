//! Replicas sharing one PostgreSQL: what one commits reaches the subscribers and the
//! scheduler of another (PostgreSQL LISTEN/NOTIFY). SQLite is one process: no relay.

use chrono::Duration;

use crate::harness::{Backend, CASE_LIMIT, World, accept, backend_test, request, run_case, waited};
use crate::subscriptions::{next, subscribe};

backend_test! {
    /// PostgreSQL starts a relay; one SQLite process has nothing to relay.
    async fn a_relay_starts_on_postgresql_only(app) {
        let relay = app.engine.start_relay().await.unwrap();
        if app.backend == "sqlite" {
            assert!(relay.is_none(), "one SQLite process has nothing to relay");
        } else {
            relay.expect("PostgreSQL relays").abort();
        }
    }
}

/// Replicas relay only through PostgreSQL, so this test has one case, `postgres`.
mod what_one_replica_commits_reaches_the_subscribers_and_scheduler_of_another {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        run_case(Backend::Postgres, module_path!(), CASE_LIMIT, replicate).await;
    }

    async fn replicate(backend: Backend) {
        // Replica `a` takes the commands and runs the sweep; replica `b` serves subscribers.
        let (a, b, relays) = backend.two_replicas().await;
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
        // A new deadline committed elsewhere wakes this replica's scheduler.
        waited("replica b's scheduler to be woken", wake_b.notified()).await;

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
            "assign_on_notice"
        );
        for relay in relays {
            relay.abort();
        }
    }
}
