//! Malformed and abusive requests: each is refused with a code a client can act on,
//! nothing answers INTERNAL, no internal detail leaks, and nothing is written.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use baton_api::rate_limit::RateLimiter;
use chrono::Duration;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::harness::*;

async fn count_matters(app: &TestApp, w: &World) -> usize {
    let q = "{ matters(first: 100) { edges { node { id } } } }";
    app.ok(&w.clerk, q, json!({})).await["matters"]["edges"]
        .as_array()
        .unwrap()
        .len()
}

/// The first error's code; fails on INTERNAL or on a response without errors.
fn code(response: &Value) -> String {
    let code = response["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no coded error in {response:#}"))
        .to_owned();
    assert_ne!(code, "INTERNAL", "{response:#}");
    let text = response.to_string();
    for leak in ["sqlx", "sea_orm", "SELECT", "panicked", "baton_", "::"] {
        assert!(!text.contains(leak), "leaks {leak}: {text}");
    }
    code
}

backend_test! {
    async fn abusive_graphql_is_refused_with_codes_and_writes_nothing(app) {
        let w = World::build(&app).await;
        let before = count_matters(&app, &w).await;
        let mut cases: Vec<(&str, String, Value)> = Vec::new();

        let nested = (0..20).fold("id".to_owned(), |inner, _| {
            format!("matter {{ handoffs {{ {inner} }} }}")
        });
        cases.push((
            "deep nesting",
            format!("{{ matters {{ edges {{ node {{ {nested} }} }} }} }}"),
            json!({}),
        ));
        let aliases: String = (0..1000).map(|i| format!("a{i}: me {{ name }} ")).collect();
        cases.push(("a thousand aliases", format!("{{ {aliases} }}"), json!({})));
        cases.push(("a syntax error", "{ me { name ".into(), json!({})));
        cases.push(("an unknown field", "{ me { password } }".into(), json!({})));

        let mut wrong_type = request_input(&w.center, "ARRESTED", None);
        wrong_type["input"]["person"]["custody"] = json!(5);
        cases.push(("a wrong type", REQUEST.into(), wrong_type));
        let mut unknown_enum = request_input(&w.center, "ARRESTED", None);
        unknown_enum["input"]["person"]["custody"] = json!("ESCAPED");
        cases.push(("an unknown enum value", REQUEST.into(), unknown_enum));
        let mut huge = request_input(&w.center, "ARRESTED", None);
        huge["input"]["person"]["fullName"] = json!("A".repeat(100_000));
        cases.push(("a huge string", REQUEST.into(), huge));
        let mut long_name = request_input(&w.center, "ARRESTED", None);
        long_name["input"]["person"]["fullName"] = json!("Nguyễn ".repeat(60));
        cases.push(("a name over 200 characters", REQUEST.into(), long_name));
        let mut bidi = request_input(&w.center, "ARRESTED", None);
        bidi["input"]["person"]["fullName"] = json!("Nguyễn\u{202E}Văn An");
        cases.push(("a direction override", REQUEST.into(), bidi));
        let mut nul = request_input(&w.center, "ARRESTED", None);
        nul["input"]["proceeding"]["caseNumber"] = json!("45/2026\u{0}");
        cases.push(("a NUL byte", REQUEST.into(), nul));
        let mut old_birth = request_input(&w.center, "ARRESTED", None);
        old_birth["input"]["person"]["birthDate"] = json!("1066-10-14");
        cases.push(("an implausible birth date", REQUEST.into(), old_birth));
        let mut future = request_input(
            &w.center,
            "ARRESTED",
            Some(app.engine.now() + Duration::days(2)),
        );
        future["input"]["idempotencyKey"] = json!("k".repeat(500));
        cases.push(("a future receipt and a long key", REQUEST.into(), future));
        let mut bad_id = request_input(&w.center, "ARRESTED", None);
        bad_id["input"]["centerId"] = json!("1 OR 1=1");
        cases.push(("an injection in an id", REQUEST.into(), bad_id));
        cases.push((
            "an injection in a cursor",
            "{ matters(after: \"' OR 1=1 --\") { edges { node { id } } } }".into(),
            json!({}),
        ));
        cases.push((
            "a negative page",
            "{ matters(first: -5) { edges { node { id } } } }".into(),
            json!({}),
        ));

        for (what, query, variables) in cases {
            let response = app.gql(Some(&w.clerk), &query, variables).await;
            let code = code(&response);
            assert_eq!(
                code, "BAD_USER_INPUT",
                "[{}] {what}: {response:#}",
                app.backend
            );
        }
        assert_eq!(
            count_matters(&app, &w).await,
            before,
            "[{}] nothing was written",
            app.backend
        );

        // Injection strings in ordinary text are just text: stored and returned verbatim.
        let mut injection = request_input(&w.center, "ARRESTED", None);
        injection["input"]["proceeding"]["caseNumber"] = json!("45'; DROP TABLE matter; --");
        let data = app.ok(&w.clerk, REQUEST, injection).await;
        let id = data["requestLegalAid"]["matter"]["id"].as_str().unwrap();
        let q = "query($id: ID!) { matter(id: $id) { proceeding { caseNumber } } }";
        let m = app.ok(&w.clerk, q, json!({ "id": id })).await;
        assert_eq!(
            m["matter"]["proceeding"]["caseNumber"],
            "45'; DROP TABLE matter; --"
        );
    }
}

async fn post(
    app: &TestApp,
    limiter: RateLimiter,
    token: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let (status, _, body) = post_with_headers(app, limiter, token, body).await;
    (status, body)
}

async fn post_with_headers(
    app: &TestApp,
    limiter: RateLimiter,
    token: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let router = baton_api::router_with(app.schema.clone(), app.engine.clone(), limiter);
    let mut request = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let response = router
        .oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

backend_test! {
    async fn http_refuses_batches_bad_json_and_oversized_bodies_with_codes(app) {
        let limiter = RateLimiter::default;
        let batch =
            json!([{ "query": "{ me { name } }" }, { "query": "{ me { name } }" }]).to_string();
        let (status, body) = post(&app, limiter(), None, batch.into_bytes()).await;
        assert_eq!(
            (status, code(&body).as_str()),
            (StatusCode::BAD_REQUEST, "BAD_USER_INPUT")
        );

        let (status, body) = post(&app, limiter(), None, b"{\"query\": 42".to_vec()).await;
        assert_eq!(
            (status, code(&body).as_str()),
            (StatusCode::BAD_REQUEST, "BAD_USER_INPUT")
        );
        assert!(!body.to_string().contains("struct"), "{body}");

        let big = json!({ "query": format!("{{ me {{ name }} }} #{}", "x".repeat(300 * 1024)) })
            .to_string();
        let (status, _) = post(&app, limiter(), None, big.into_bytes()).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "[{}]", app.backend);
    }
}

backend_test! {
    async fn a_user_over_its_rate_limit_is_refused_with_retry_after_until_it_refills(app) {
        let w = World::build(&app).await;
        let user = app
            .engine
            .create_user(
                w.court.id,
                "Thư ký Lê Văn Tốc",
                &[baton_domain::agency::Role::AgencyOfficer],
            )
            .await
            .unwrap();
        let token = app.engine.issue_token(user, None).await.unwrap();
        // 30 a minute: a burst of 3, then one every 2 seconds.
        let limiter = RateLimiter::new(30);
        let query = || {
            json!({ "query": "{ me { name } }" })
                .to_string()
                .into_bytes()
        };
        for _ in 0..3 {
            let (status, _) = post(&app, limiter.clone(), Some(&token), query()).await;
            assert_eq!(status, StatusCode::OK);
        }
        let (status, headers, body) =
            post_with_headers(&app, limiter.clone(), Some(&token), query()).await;
        assert_eq!(
            (status, code(&body).as_str()),
            (StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED"),
            "[{}]",
            app.backend
        );
        assert_eq!(
            headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()),
            Some("2")
        );
        app.clock.advance(Duration::seconds(2));
        let (status, _) = post(&app, limiter, Some(&token), query()).await;
        assert_eq!(status, StatusCode::OK);
    }
}

backend_test! {
    async fn introspection_and_suggestions_can_be_turned_off_for_production(app) {
        let w = World::build(&app).await;
        let options = baton_api::SchemaOptions {
            introspection: false,
            suggestions: false,
            ..Default::default()
        };
        let schema = baton_api::build_schema_with(app.engine.clone(), options);
        let run = |q: &str| {
            let request = async_graphql::Request::new(q).data(w.clerk.clone());
            let schema = schema.clone();
            async move { serde_json::to_value(schema.execute(request).await).unwrap() }
        };
        let r = run("{ __schema { types { name } } }").await;
        assert_eq!(
            r["data"]["__schema"],
            Value::Null,
            "[{}] {r:#}",
            app.backend
        );
        let r = run("{ me { nam } }").await;
        assert!(!r.to_string().contains("Did you mean"), "{r}");
        // The development default answers both.
        let dev = app
            .gql(
                Some(&w.clerk),
                "{ __schema { queryType { name } } }",
                json!({}),
            )
            .await;
        assert_eq!(dev["data"]["__schema"]["queryType"]["name"], "Query");
    }
}

backend_test! {
    async fn invented_tokens_exhaust_a_shared_budget_that_real_users_do_not_need(app) {
        let w = World::build(&app).await;
        let token = |name: &'static str| {
            let app = &app;
            let court = w.court.id;
            async move {
                let role = baton_domain::agency::Role::AgencyOfficer;
                let user = app.engine.create_user(court, name, &[role]).await.unwrap();
                app.engine.issue_token(user, None).await.unwrap()
            }
        };
        let (known, fresh) = (
            token("Thư ký Lê Văn An").await,
            token("Thư ký Đỗ Minh").await,
        );
        // 20 a minute shared by callers without a valid token: a burst of 2.
        let limiter = RateLimiter::with_failure_budget(600, 20);
        let me = || {
            json!({ "query": "{ me { name } }" })
                .to_string()
                .into_bytes()
        };
        let call = |t: String| {
            let (app, limiter) = (&app, limiter.clone());
            async move { post(app, limiter, Some(&t), me()).await }
        };
        assert_eq!(call(known.clone()).await.0, StatusCode::OK);
        for i in 0..2 {
            let (_, body) = call(format!("baton_{i:064}")).await;
            assert_eq!(code(&body), "UNAUTHENTICATED", "[{}]", app.backend);
        }
        let (status, body) = call(format!("baton_{:064}", 3)).await;
        assert_eq!(
            (status, code(&body).as_str()),
            (StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED")
        );
        assert_eq!(
            call(known.clone()).await.0,
            StatusCode::OK,
            "a token that signed in before still does"
        );
        assert_eq!(
            call(fresh.clone()).await.0,
            StatusCode::OK,
            "a real token never seen before (after a restart) is not starved"
        );
        let (status, _) = post(&app, limiter.clone(), None, me()).await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "anonymous requests share the budget"
        );
        app.clock.advance(Duration::seconds(3));
        let (_, body) = call(format!("baton_{:064}", 4)).await;
        assert_eq!(code(&body), "UNAUTHENTICATED", "the budget refills");
    }
}
