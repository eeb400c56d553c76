//! The demo data set loads through the real engine and tells a believable story.

use baton_domain::calendar::WorkingCalendar;
use baton_domain::ruleset::RuleBook;

use crate::harness::*;

#[tokio::test]
async fn the_demo_province_loads_once_with_users_of_every_role_and_overdue_duties() {
    for app in apps().await {
        let now = app.engine.now();
        let rules = RuleBook::bundled().unwrap();
        let calendar = WorkingCalendar::bundled().unwrap();
        let users = baton_server::demo::seed(app.db.clone(), rules.clone(), calendar.clone(), now)
            .await
            .unwrap();
        for role in [
            "agency_officer",
            "center_coordinator",
            "provider",
            "supervisor",
            "administrator",
        ] {
            assert!(
                users.iter().any(|u| u.role == role),
                "[{}] no {role}",
                app.backend
            );
        }
        let supervisor = users.iter().find(|u| u.role == "supervisor").unwrap();
        let principal = app.engine.authenticate(&supervisor.token).await.unwrap();
        let overdue = app
            .ok(
                &principal,
                "{ overdueHandoffs { edges { node { kind } } } }",
                serde_json::json!({}),
            )
            .await;
        assert!(
            !overdue["overdueHandoffs"]["edges"]
                .as_array()
                .unwrap()
                .is_empty()
        );

        let again = baton_server::demo::seed(app.db.clone(), rules, calendar, now).await;
        assert!(again.unwrap_err().to_string().contains("empty database"));
    }
}
