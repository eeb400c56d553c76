//! Live updates: a subscriber receives what it may see, and nothing else.

use async_graphql::Request;
use chrono::Duration;
use futures::{FutureExt, StreamExt};
use serde_json::Value;

use crate::harness::*;

/// Starts a subscription as `who` and makes sure it is listening before returning.
pub(crate) fn subscribe(
    app: &TestApp,
    who: &baton_domain::agency::Principal,
    query: &str,
) -> futures::stream::BoxStream<'static, async_graphql::Response> {
    let mut stream = app
        .schema
        .execute_stream(Request::new(query).data(who.clone()))
        .boxed();
    // The first poll runs the resolver, which subscribes to the engine's announcements.
    assert!(
        stream.next().now_or_never().is_none(),
        "nothing is announced yet"
    );
    stream
}

/// The next message, failing the test if none comes (the bound guards a hang, it is not
/// a timing assertion).
pub(crate) async fn next(
    stream: &mut futures::stream::BoxStream<'static, async_graphql::Response>,
) -> Value {
    let response = waited("a message", stream.next())
        .await
        .expect("the stream is open");
    serde_json::to_value(response).unwrap()
}

async fn next_of(
    stream: &mut futures::stream::BoxStream<'static, async_graphql::Response>,
) -> async_graphql::Response {
    waited("a message", stream.next())
        .await
        .expect("the stream is open")
}

backend_test! {
    async fn a_center_hears_of_its_new_referrals_and_of_no_other_centers(app) {
        let w = World::build(&app).await;
        let mut ours = subscribe(
            &app,
            &w.coordinator,
            "subscription { newReferrals { id state } }",
        );
        let mut theirs = subscribe(
            &app,
            &w.other_coordinator,
            "subscription { newReferrals { id } }",
        );
        // A clerk has no inbox: the subscription refuses at once.
        let mut clerks = app
            .schema
            .execute_stream(
                Request::new("subscription { newReferrals { id } }").data(w.clerk.clone()),
            )
            .boxed();
        let refused = serde_json::to_value(next_of(&mut clerks).await).unwrap();
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{refused:#}"
        );

        request(&app, &w.other_clerk, &w.other_center, "AT_LIBERTY").await;
        let m = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        let heard = next(&mut ours).await;
        assert_eq!(
            heard["data"]["newReferrals"]["id"],
            m.as_str(),
            "[{}] only our center's referral",
            app.backend
        );
        assert_eq!(heard["data"]["newReferrals"]["state"], "NOTIFIED_TO_CENTER");
        let other = next(&mut theirs).await;
        assert_ne!(other["data"]["newReferrals"]["id"], m.as_str());
    }
}

backend_test! {
    async fn deadline_alerts_reach_the_responsible_agency_and_supervisors_of_the_province_only(app) {
        let w = World::build(&app).await;
        let query =
            "subscription { deadlineAlerts { kind handoff { kind responsibleAgency { name } } } }";
        let mut center = subscribe(&app, &w.coordinator, query);
        let mut supervisor = subscribe(&app, &w.supervisor, query);
        let mut elsewhere = subscribe(&app, &w.other_supervisor, query);
        let m = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        accept(&app, &w.coordinator, &m).await;
        // 12 hours to assign; 75 % of it passes: the warning falls due.
        app.clock.advance(Duration::hours(10));
        let config = baton_scheduler::Config::default();
        baton_scheduler::sweep_once(&app.engine, &config)
            .await
            .unwrap();

        for stream in [&mut center, &mut supervisor] {
            let alert = next(stream).await;
            assert_eq!(
                alert["data"]["deadlineAlerts"]["kind"], "WARNING",
                "[{}]",
                app.backend
            );
            assert_eq!(
                alert["data"]["deadlineAlerts"]["handoff"]["kind"],
                "assign_on_notice"
            );
        }
        assert!(
            elsewhere.next().now_or_never().is_none(),
            "another province hears nothing"
        );
    }
}
