//! Users and tokens: administrators act within their province, tokens are stored hashed,
//! expire, and stop working the moment they are revoked.

use axum::body::{Body, to_bytes};
use axum::http::{Request, header};
use chrono::Duration;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::harness::*;

async fn me(app: &TestApp, token: &str) -> Value {
    let router = baton_api::router(app.schema.clone(), app.engine.clone());
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(
            json!({ "query": "{ me { name } }" }).to_string(),
        ))
        .unwrap();
    let response = router.oneshot(request).await.unwrap();
    serde_json::from_slice(&to_bytes(response.into_body(), 1 << 20).await.unwrap()).unwrap()
}

const ADD: &str = "mutation($input: AddUserInput!) { addUser(input: $input) { userId } }";
const ISSUE: &str =
    "mutation($input: IssueTokenInput!) { issueToken(input: $input) { tokenId token expiresAt } }";
const REVOKE: &str =
    "mutation($input: RevokeTokenInput!) { revokeToken(input: $input) { revokedAt } }";

backend_test! {
    async fn an_administrator_adds_a_user_whose_token_expires_and_stops_at_once_when_revoked(app) {
        let w = World::build(&app).await;
        let department = app.engine.agency(w.supervisor.agency.id).await.unwrap();
        let admin = administrator(&app, department.id).await;

        let input = json!({ "input": { "agencyId": w.court.id.to_string(), "name": "Thư ký Đỗ Thị Lan", "roles": ["AGENCY_OFFICER"] } });
        let user = app.ok(&admin, ADD, input).await["addUser"]["userId"]
            .as_str()
            .unwrap()
            .to_owned();
        // The administrator cannot take a token for them (the user enrols); the operator's
        // bootstrap path stands in for the user's own here.
        let for_them = json!({ "input": { "userId": user, "expiresInDays": 30 } });
        assert_eq!(app.error_code(Some(&admin), ISSUE, for_them).await, "FORBIDDEN");
        let user_id = baton_domain::ids::UserId(user.parse().unwrap());
        let issued = app
            .engine
            .issue_token_for(None, user_id, Some(30))
            .await
            .unwrap();
        let token = issued.token.clone();
        assert_eq!(
            me(&app, &token).await["data"]["me"]["name"],
            "Thư ký Đỗ Thị Lan",
            "[{}]",
            app.backend
        );

        // Only the hash is stored.
        let rows = app
            .db
            .query_all_raw(Statement::from_string(
                app.db.get_database_backend(),
                "SELECT token_hash FROM api_token",
            ))
            .await
            .unwrap();
        let hashes: Vec<String> = rows
            .iter()
            .map(|r| r.try_get("", "token_hash").unwrap())
            .collect();
        assert!(hashes.iter().all(|h| !h.contains(&token[6..])));
        assert!(hashes.contains(&baton_engine::admin::hash_token(&token)));

        // Revoked: refused on the very next request.
        app.ok(
            &admin,
            REVOKE,
            json!({ "input": { "tokenId": issued.id.to_string() } }),
        )
        .await;
        assert_eq!(
            me(&app, &token).await["errors"][0]["extensions"]["code"],
            "UNAUTHENTICATED"
        );

        // Expired: refused once the clock passes its expiry.
        let second = app
            .engine
            .issue_token_for(None, user_id, Some(1))
            .await
            .unwrap()
            .token;
        assert!(me(&app, &second).await["errors"].is_null());
        app.clock.advance(Duration::days(1) + Duration::seconds(1));
        assert_eq!(
            me(&app, &second).await["errors"][0]["extensions"]["code"],
            "UNAUTHENTICATED"
        );
    }
}

backend_test! {
    async fn an_administrator_cannot_manage_another_province_and_others_cannot_manage_at_all(app) {
        let w = World::build(&app).await;
        let department = app.engine.agency(w.supervisor.agency.id).await.unwrap();
        let admin = administrator(&app, department.id).await;
        let elsewhere = json!({ "input": { "agencyId": w.other_center.id.to_string(), "name": "Người lạ", "roles": ["CENTER_COORDINATOR"] } });
        assert_eq!(
            app.error_code(Some(&admin), ADD, elsewhere).await,
            "FORBIDDEN",
            "[{}]",
            app.backend
        );
        let here = json!({ "input": { "agencyId": w.court.id.to_string(), "name": "Người mới", "roles": ["AGENCY_OFFICER"] } });
        assert_eq!(
            app.error_code(Some(&w.clerk), ADD, here.clone()).await,
            "FORBIDDEN"
        );
        assert_eq!(
            app.error_code(Some(&w.supervisor), ADD, here).await,
            "FORBIDDEN"
        );
        let too_long =
            json!({ "input": { "expiresInDays": 400 } });
        assert_eq!(
            app.error_code(Some(&admin), ISSUE, too_long).await,
            "BAD_USER_INPUT"
        );
    }
}
