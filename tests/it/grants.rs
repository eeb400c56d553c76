//! Who may grant which role (`access::GRANTS`), through the API on both backends: each
//! administrator (provincial, of Hà Nội; national) × each role × an agency of each kind in
//! Hà Nội, in another province (Bắc Ninh) and the national authority. A role that does not
//! fit the agency's kind is bad input on `roles`; a role the administrator may not grant
//! there is FORBIDDEN on `roles`, recorded as `REFUSED_ADD_USER`, and writes no user.

use baton_domain::access::role_fits;
use baton_domain::agency::{AgencyKind, Role};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::harness::*;

const ADD: &str = "mutation($input: AddUserInput!) { addUser(input: $input) { userId } }";
const LOG: &str = "{ adminLog(first: 1) { edges { node { action actorName detail } } } }";

async fn users(app: &TestApp) -> i64 {
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM app_user",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

fn error(response: &Value) -> Option<(String, String)> {
    let e = &response["errors"][0]["extensions"];
    let code = e["code"].as_str()?;
    Some((
        code.to_owned(),
        e["field"].as_str().unwrap_or_default().to_owned(),
    ))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Where {
    Own,
    OtherProvince,
    National,
}

backend_test! {
    async fn each_administrator_grants_exactly_the_roles_of_the_grant_table(app) {
        let w = World::build(&app).await;
        let provincial = signed_in(&app, w.supervisor.agency.id, "Quản trị Hà Nội", Role::Administrator).await;
        let national = signed_in(&app, w.national.agency.id, "Quản trị Cục", Role::Administrator).await;
        let mut agencies = Vec::new();
        for kind in AgencyKind::ALL.iter().copied() {
            if kind == AgencyKind::NationalAuthority {
                continue;
            }
            agencies.push((agency(&app, kind, "Cơ quan Hà Nội", "HN").await, Where::Own));
            agencies.push((agency(&app, kind, "Cơ quan Bắc Ninh", "BN").await, Where::OtherProvince));
        }
        let authority = app.engine.agency(w.national.agency.id).await.unwrap();
        agencies.push((authority, Where::National));

        let mut cases = 0;
        for (admin, is_national) in [(&provincial, false), (&national, true)] {
            for role in Role::ALL.iter().copied() {
                for (agency, place) in &agencies {
                    let api_role = role.code().to_uppercase();
                    let name = format!("Người mới {cases}");
                    let mut input = json!({ "input": {
                        "agencyId": agency.id.to_string(), "name": name, "roles": [api_role],
                    }});
                    if role == Role::Provider && agency.id == w.center.id {
                        input["input"]["providerId"] = json!(w.officer.to_string());
                    }
                    let before = users(&app).await;
                    let r = app.gql(Some(admin), ADD, input).await;
                    let after = users(&app).await;
                    let case = format!("[{}] {} {role} at {} ({place:?}): {r}", app.backend, admin.name, agency.kind);
                    // The table, spelled out.
                    let granted = is_national || (*place == Where::Own && role != Role::Administrator);
                    if !role_fits(role, agency.kind) {
                        assert_eq!(error(&r), Some(("BAD_USER_INPUT".into(), "roles".into())), "{case}");
                        assert_eq!(after, before, "{case}");
                    } else if !granted {
                        assert_eq!(error(&r), Some(("FORBIDDEN".into(), "roles".into())), "{case}");
                        assert_eq!(after, before, "{case}: no user written");
                        // National administrators read every province's log.
                        let log = app.ok(&national, LOG, json!({})).await;
                        let entry = &log["adminLog"]["edges"][0]["node"];
                        assert_eq!(entry["action"], "REFUSED_ADD_USER", "{case}");
                        assert_eq!(entry["actorName"], admin.name.as_str(), "{case}");
                        assert!(entry["detail"].as_str().unwrap().contains(&name), "{case}");
                    } else if role == Role::Provider && agency.id != w.center.id {
                        // Granted; a provider's account then needs a roster entry there.
                        assert_eq!(error(&r), Some(("BAD_USER_INPUT".into(), "providerId".into())), "{case}");
                    } else {
                        assert!(r["errors"].is_null(), "{case}");
                        assert_eq!(after, before + 1, "{case}");
                    }
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, 2 * 5 * 15);
    }
}
