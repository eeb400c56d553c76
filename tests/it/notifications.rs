//! Notifications: who receives the scheduler's alerts, unread first, marked read by their
//! recipient only.

use baton_scheduler::{Config, sweep_once};
use chrono::Duration;
use serde_json::{Value, json};

use crate::harness::{TestApp, World, accept, backend_test, request};

const NOTIFICATIONS: &str = r#"
query($first: Int, $after: String, $unreadOnly: Boolean) {
  unreadNotificationCount
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    edges { node { id kind message readAt handoffKind matter { id } } }
    pageInfo { hasNextPage endCursor }
  }
}"#;

const MARK: &str = r#"
mutation($ids: [ID!]!) { markNotificationsRead(input: { ids: $ids }) { marked unreadCount } }"#;

async fn sweep(app: &TestApp) {
    sweep_once(&app.engine, &Config::default()).await.unwrap();
}

/// An accepted referral whose 12-hour assignment clock was swept at its warning (9 h) and
/// again after its breach (13 h); returns the matter's id.
async fn warned_then_breached(app: &TestApp, w: &World) -> String {
    let id = request(app, &w.clerk, &w.center, "ARRESTED").await;
    accept(app, &w.coordinator, &id).await;
    app.clock.advance(Duration::hours(9));
    sweep(app).await;
    app.clock.advance(Duration::hours(4));
    sweep(app).await;
    id
}

fn nodes(data: &Value) -> Vec<Value> {
    data["notifications"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

backend_test! {
    async fn alerts_reach_the_responsible_agency_and_the_supervisors_who_see_them(app) {
        let w = World::build(&app).await;
        let id = warned_then_breached(&app, &w).await;

        let kinds = |d: &Value| -> Vec<String> {
            nodes(d)
                .iter()
                .map(|n| n["kind"].as_str().unwrap().to_owned())
                .collect()
        };
        for who in [&w.coordinator, &w.supervisor] {
            let d = app.ok(who, NOTIFICATIONS, json!({})).await;
            assert_eq!(kinds(&d), ["BREACH", "WARNING"], "[{}]", app.backend);
            assert_eq!(d["unreadNotificationCount"], 2);
            assert_eq!(nodes(&d)[0]["matter"]["id"], id.as_str());
            assert_eq!(nodes(&d)[0]["handoffKind"], "assign_on_notice");
        }
        for who in [
            &w.other_supervisor,
            &w.national,
            &w.clerk,
            &w.other_coordinator,
        ] {
            let d = app.ok(who, NOTIFICATIONS, json!({})).await;
            assert!(nodes(&d).is_empty(), "[{}] {d}", app.backend);
        }
        app.clock.advance(Duration::hours(24));
        sweep(&app).await;
        let d = app.ok(&w.national, NOTIFICATIONS, json!({})).await;
        assert_eq!(kinds(&d), ["ESCALATION"], "[{}]", app.backend);
        let message = nodes(&d)[0]["message"].as_str().unwrap().to_owned();
        assert!(message.contains("cử người thực hiện"), "{message}");
    }
}

backend_test! {
    async fn notifications_are_unread_first_and_only_their_recipient_marks_them_read(app) {
        let w = World::build(&app).await;
        warned_then_breached(&app, &w).await;
        let d = app.ok(&w.coordinator, NOTIFICATIONS, json!({})).await;
        let breach = nodes(&d)[0]["id"].as_str().unwrap().to_owned();
        let theirs = nodes(&app.ok(&w.supervisor, NOTIFICATIONS, json!({})).await)[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();

        let m = app
            .ok(&w.coordinator, MARK, json!({ "ids": [theirs] }))
            .await;
        assert_eq!(m["markNotificationsRead"]["marked"], 0, "[{}]", app.backend);
        let m = app
            .ok(&w.coordinator, MARK, json!({ "ids": [breach] }))
            .await;
        assert_eq!(m["markNotificationsRead"]["marked"], 1);
        assert_eq!(m["markNotificationsRead"]["unreadCount"], 1);
        let m = app
            .ok(&w.coordinator, MARK, json!({ "ids": [breach] }))
            .await;
        assert_eq!(m["markNotificationsRead"]["marked"], 0);
        let d = app.ok(&w.supervisor, NOTIFICATIONS, json!({})).await;
        assert_eq!(
            d["unreadNotificationCount"], 2,
            "the supervisor's copy is untouched"
        );

        // Unread (the warning) first, then read (the breach), one per page.
        let page1 = app
            .ok(&w.coordinator, NOTIFICATIONS, json!({ "first": 1 }))
            .await;
        assert_eq!(nodes(&page1)[0]["kind"], "WARNING", "[{}]", app.backend);
        assert!(nodes(&page1)[0]["readAt"].is_null());
        assert_eq!(page1["notifications"]["pageInfo"]["hasNextPage"], true);
        let after = page1["notifications"]["pageInfo"]["endCursor"].clone();
        let vars = json!({ "first": 1, "after": after });
        let page2 = app.ok(&w.coordinator, NOTIFICATIONS, vars).await;
        assert_eq!(nodes(&page2)[0]["id"], breach.as_str());
        assert!(!nodes(&page2)[0]["readAt"].is_null());
        assert_eq!(page2["notifications"]["pageInfo"]["hasNextPage"], false);
        let unread = app
            .ok(&w.coordinator, NOTIFICATIONS, json!({ "unreadOnly": true }))
            .await;
        assert_eq!(nodes(&unread).len(), 1);

        let code = app.error_code(None, NOTIFICATIONS, json!({})).await;
        assert_eq!(code, "UNAUTHENTICATED");
    }
}
