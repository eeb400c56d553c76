//! The coordinator's inbox and the supervisor's overdue list: order, pagination, scope.

use chrono::Duration;
use serde_json::{Value, json};

use crate::harness::*;

const INBOX: &str = r#"
query($first: Int, $after: String) {
  inbox(first: $first, after: $after) {
    edges { cursor node { id person { fullName } } }
    pageInfo { hasNextPage endCursor }
  }
}"#;

const OVERDUE: &str = r#"
query($filter: OverdueHandoffsFilter, $first: Int, $after: String) {
  overdueHandoffs(filter: $filter, first: $first, after: $after) {
    edges { node { kind province overdueSeconds status matter { id } responsibleAgency { name } } }
    pageInfo { hasNextPage endCursor }
  }
}"#;

fn ids(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["node"]["id"]
                .as_str()
                .or(e["node"]["matter"]["id"].as_str())
                .unwrap()
                .to_owned()
        })
        .collect()
}

backend_test! {
    async fn the_inbox_is_newest_first_and_pages_with_opaque_cursors(app) {
        let w = World::build(&app).await;
        let mut created = Vec::new();
        for _ in 0..5 {
            created.push(request(&app, &w.clerk, &w.center, "AT_LIBERTY").await);
            app.clock.advance(Duration::minutes(10));
        }
        // Another center's referral never shows.
        request(&app, &w.other_clerk, &w.other_center, "AT_LIBERTY").await;
        created.reverse();

        let page1 = app.ok(&w.coordinator, INBOX, json!({ "first": 2 })).await["inbox"].clone();
        assert_eq!(ids(&page1), created[..2], "[{}]", app.backend);
        assert_eq!(page1["pageInfo"]["hasNextPage"], true);
        let after = page1["pageInfo"]["endCursor"].clone();
        let page2 = app
            .ok(&w.coordinator, INBOX, json!({ "first": 3, "after": after }))
            .await["inbox"]
            .clone();
        assert_eq!(ids(&page2), created[2..]);
        assert_eq!(page2["pageInfo"]["hasNextPage"], false);

        let too_big = app
            .error_code(Some(&w.coordinator), INBOX, json!({ "first": 1000 }))
            .await;
        assert_eq!(too_big, "BAD_USER_INPUT");
        let forged = app
            .error_code(
                Some(&w.coordinator),
                INBOX,
                json!({ "after": "bm90LWEtY3Vyc29y" }),
            )
            .await;
        assert_eq!(forged, "BAD_USER_INPUT");
        assert_eq!(
            app.error_code(Some(&w.clerk), INBOX, json!({})).await,
            "FORBIDDEN"
        );
    }
}

backend_test! {
    async fn overdue_handoffs_are_most_overdue_first_and_scoped_to_the_supervisors_province(app) {
        let w = World::build(&app).await;
        // Mon 2 Mar 2026 09:00. Three arrested persons' referrals accepted an hour apart:
        // each opens a 12-hour assignment clock for the center.
        let mut accepted = Vec::new();
        for _ in 0..3 {
            let id = request(&app, &w.clerk, &w.center, "ARRESTED").await;
            accept(&app, &w.coordinator, &id).await;
            accepted.push(id);
            app.clock.advance(Duration::hours(1));
        }
        let bn = request(&app, &w.other_clerk, &w.other_center, "ARRESTED").await;
        accept(&app, &w.other_coordinator, &bn).await;

        // Before any clock runs out, nothing is overdue.
        let none = app.ok(&w.supervisor, OVERDUE, json!({})).await;
        assert_eq!(none["overdueHandoffs"]["edges"], json!([]));

        app.clock.advance(Duration::hours(20));
        let page =
            app.ok(&w.supervisor, OVERDUE, json!({ "first": 2 })).await["overdueHandoffs"].clone();
        assert_eq!(
            ids(&page),
            accepted[..2],
            "[{}] most overdue first",
            app.backend
        );
        let first = &page["edges"][0]["node"];
        assert_eq!(first["kind"], "assign_on_notice");
        assert_eq!(first["status"], "OVERDUE");
        assert_eq!(first["province"], "HN");
        // Accepted at 09:00, due 21:00; now is 08:00 the next day.
        assert_eq!(first["overdueSeconds"], 11 * 3600);
        assert_eq!(first["responsibleAgency"]["name"], w.center.name);
        let after = page["pageInfo"]["endCursor"].clone();
        let rest = app
            .ok(
                &w.supervisor,
                OVERDUE,
                json!({ "first": 2, "after": after }),
            )
            .await;
        assert_eq!(ids(&rest["overdueHandoffs"]), accepted[2..]);

        // The national authority sees both provinces, and can filter.
        let all = app.ok(&w.national, OVERDUE, json!({ "first": 10 })).await;
        assert_eq!(ids(&all["overdueHandoffs"]).len(), 4);
        let filter = json!({ "filter": { "province": "BN", "kind": "assign_on_notice" } });
        let bn_only = app.ok(&w.national, OVERDUE, filter).await;
        assert_eq!(ids(&bn_only["overdueHandoffs"]), std::slice::from_ref(&bn));
        let filter = json!({ "filter": { "agencyId": w.other_center.id.to_string() } });
        assert_eq!(
            ids(&app.ok(&w.national, OVERDUE, filter).await["overdueHandoffs"]),
            [bn]
        );

        // Another province's supervisor sees only their own; a clerk sees no list at all.
        let theirs = app.ok(&w.other_supervisor, OVERDUE, json!({})).await;
        assert_eq!(ids(&theirs["overdueHandoffs"]).len(), 1);
        assert_eq!(
            app.error_code(Some(&w.clerk), OVERDUE, json!({})).await,
            "FORBIDDEN"
        );

        // Discharging a duty takes it off the list.
        let input =
            json!({ "input": { "matterId": accepted[0], "providerId": w.officer.to_string() } });
        app.ok(&w.coordinator, ASSIGN, input).await;
        let after_assign = app.ok(&w.supervisor, OVERDUE, json!({})).await;
        assert_eq!(ids(&after_assign["overdueHandoffs"]), accepted[1..]);
    }
}

backend_test! {
    async fn each_user_lists_the_matters_they_may_see(app) {
        let w = World::build(&app).await;
        let ours = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        app.clock.advance(Duration::minutes(5));
        let police = request(&app, &w.investigator, &w.center, "ARRESTED").await;
        let theirs = request(&app, &w.other_clerk, &w.other_center, "AT_LIBERTY").await;
        accept(&app, &w.coordinator, &ours).await;

        let q =
            "query($states: [MatterState!]) { matters(states: $states) { edges { node { id } } } }";
        assert_eq!(
            list(&app, &w.clerk).await,
            std::slice::from_ref(&ours),
            "[{}]",
            app.backend
        );
        assert_eq!(
            list(&app, &w.investigator).await,
            std::slice::from_ref(&police)
        );
        assert_eq!(
            list(&app, &w.coordinator).await,
            [police.clone(), ours.clone()]
        );
        assert_eq!(
            list(&app, &w.supervisor).await,
            [police.clone(), ours.clone()]
        );
        assert_eq!(
            list(&app, &w.other_supervisor).await,
            std::slice::from_ref(&theirs)
        );
        assert_eq!(list(&app, &w.national).await.len(), 3);
        let accepted = app
            .ok(&w.coordinator, q, json!({ "states": ["ACCEPTED"] }))
            .await;
        assert_eq!(ids(&accepted["matters"]), [ours]);
    }
}

async fn list(app: &TestApp, who: &baton_domain::agency::Principal) -> Vec<String> {
    let q = "{ matters { edges { node { id } } } }";
    ids(&app.ok(who, q, json!({})).await["matters"])
}
