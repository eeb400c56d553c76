//! The attacks of issue 11, replayed as a hostile client would send them, through GraphQL
//! (and HTTP where the hole was in HTTP). Each failed before its fix.

use baton_domain::DomainError;
use baton_domain::agency::Role;
use baton_engine::EngineError;
use serde_json::{Value, json};

use crate::harness::*;

const ADD_USER: &str = "mutation($input: AddUserInput!) { addUser(input: $input) { userId } }";

fn new_user(agency: &baton_engine::Agency, role: &str) -> Value {
    json!({ "input": {
        "agencyId": agency.id.to_string(), "name": "Nguyễn Văn Mạo Danh", "roles": [role],
    }})
}

fn error(response: &Value) -> (&str, &str) {
    let e = &response["errors"][0]["extensions"];
    let code = e["code"].as_str();
    let code = code.unwrap_or_else(|| panic!("expected an error, got {response:#}"));
    (code, e["field"].as_str().unwrap_or_default())
}

backend_test! {
    /// Item 3 (in part): an administrator, who sees no matter, opens accounts whose roles
    /// do not fit the agency: a coordinator at a court, a supervisor at a center.
    async fn an_administrator_cannot_give_roles_that_do_not_fit_the_agency(app) {
        let w = World::build(&app).await;
        let admin = administrator(&app, w.supervisor.agency.id).await;
        let department = app.engine.agency(w.supervisor.agency.id).await.unwrap();
        let misfits = [
            (&w.court, "CENTER_COORDINATOR"),
            (&w.court, "SUPERVISOR"),
            (&w.court, "ADMINISTRATOR"),
            (&w.center, "SUPERVISOR"),
            (&w.center, "AGENCY_OFFICER"),
            (&w.center, "ADMINISTRATOR"),
            (&department, "CENTER_COORDINATOR"),
            (&department, "AGENCY_OFFICER"),
            (&department, "PROVIDER"),
        ];
        for (agency, role) in misfits {
            let r = app.gql(Some(&admin), ADD_USER, new_user(agency, role)).await;
            assert_eq!(error(&r), ("BAD_USER_INPUT", "roles"), "[{}] {role}: {r:#}", app.backend);
            let message = r["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains(&role.to_lowercase()), "names the rule: {message}");
        }
        let users = "query($a: ID!) { users(agencyId: $a) { name } }";
        for agency in [&w.court, &w.center, &department] {
            let listed = app.ok(&admin, users, json!({ "a": agency.id.to_string() })).await;
            assert!(
                !listed.to_string().contains("Mạo Danh"),
                "[{}] nothing written",
                app.backend
            );
        }
        // Roles that fit still work; the operator (`baton user add`) is held to the rule too.
        app.ok(&admin, ADD_USER, new_user(&w.court, "AGENCY_OFFICER")).await;
        app.ok(&admin, ADD_USER, new_user(&department, "SUPERVISOR")).await;
        let refused = app
            .engine
            .add_user(None, w.court.id, "Nguyễn Văn Mạo Danh", &[Role::Supervisor], None)
            .await;
        assert!(
            matches!(
                &refused,
                Err(EngineError::Domain(DomainError::InvalidInput { field, .. })) if field == "roles"
            ),
            "{refused:?}"
        );
    }
}
