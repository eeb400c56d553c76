//! Over HTTP: bearer tokens, GraphiQL, GET queries, health.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use baton_domain::agency::Role;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::harness::*;

async fn send(app: &TestApp, request: Request<Body>) -> (StatusCode, String) {
    let router = baton_api::router(app.schema.clone(), app.engine.clone());
    let response = router.oneshot(request).await.unwrap();
    let status = response.status();
    let body = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

fn post(token: Option<&str>, body: Value) -> Request<Body> {
    let mut builder = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    builder.body(Body::from(body.to_string())).unwrap()
}

backend_test! {
    async fn a_bearer_token_runs_the_request_as_its_user_and_a_bad_one_is_refused(app) {
        let w = World::build(&app).await;
        let user = app
            .engine
            .create_user(w.court.id, "Thư ký Lê Thị Mai", &[Role::AgencyOfficer])
            .await
            .unwrap();
        let token = app.engine.issue_token(user, None).await.unwrap();
        let query = json!({ "query": "{ me { name roles agency { name } } }" });

        let (status, body) = send(&app, post(Some(&token), query.clone())).await;
        assert_eq!(status, StatusCode::OK);
        let body: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["data"]["me"]["name"], "Thư ký Lê Thị Mai");
        assert_eq!(body["data"]["me"]["roles"], json!(["AGENCY_OFFICER"]));

        let (_, body) = send(&app, post(Some("baton_forged"), query.clone())).await;
        let body: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
        assert!(body.get("data").is_none_or(Value::is_null));

        let (_, body) = send(&app, post(None, query)).await;
        assert!(body.contains("UNAUTHENTICATED"), "[{}] {body}", app.backend);
    }
}

backend_test! {
    async fn get_serves_graphiql_runs_queries_and_refuses_mutations(app) {
        let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
        let (status, body) = send(&app, get("/graphql")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.to_lowercase().contains("graphiql"));

        let (status, body) = send(&app, get("/graphql?query=%7B__typename%7D")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Query"), "{body}");

        let mutation = "/graphql?query=mutation%7BacceptReferral(input%3A%7BmatterId%3A%22x%22%7D)%7Bmatter%7Bid%7D%7D%7D";
        let (status, _) = send(&app, get(mutation)).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);

        let (status, body) = send(&app, get("/healthz")).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
    }
}
