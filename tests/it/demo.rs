//! The demo data set loads through the real engine and tells a believable story.

use baton_domain::calendar::WorkingCalendar;
use baton_domain::ruleset::RuleBook;

use crate::harness::*;

backend_test! {
    async fn the_demo_province_loads_once_with_users_of_every_role_and_overdue_duties(app) {
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
        // Every demo user signs in with the login and password set through enrolment.
        for u in &users {
            assert!(u.password.len() >= 12, "[{}] {}", app.backend, u.password);
            let signed_in = app.engine.sign_in_with_password(&u.login, &u.password).await;
            assert!(signed_in.is_ok(), "[{}] {} ({}): {signed_in:?}", app.backend, u.name, u.login);
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

        // The stories of the whole plan reach their states (rule set 2026.2).
        let matters = app
            .ok(
                &principal,
                "{ matters(first: 100) { nodes { state fileCode handoffs { status } } } }",
                serde_json::json!({}),
            )
            .await;
        let nodes = matters["matters"]["nodes"].as_array().unwrap();
        for state in [
            "ACCEPTED_DOCS_PENDING",
            "REGISTRATION_REFUSED",
            "DISCONTINUED",
            "QUALITY_APPRAISED",
        ] {
            assert!(
                nodes.iter().any(|m| m["state"] == state),
                "[{}] no demo matter is {state}",
                app.backend
            );
        }
        assert!(nodes.iter().any(|m| m["fileCode"] == "TT.TGTT.01.2026"));
        for status in ["PAUSED", "CANCELLED"] {
            assert!(
                nodes
                    .iter()
                    .flat_map(|m| m["handoffs"].as_array().unwrap())
                    .any(|h| h["status"] == status),
                "[{}] no demo handoff is {status}",
                app.backend
            );
        }

        let again = baton_server::demo::seed(app.db.clone(), rules, calendar, now).await;
        assert!(again.unwrap_err().to_string().contains("empty database"));
    }
}
