//! `/graphql/ws` through a real server on a local port, as a client sees it: revoking a
//! token closes the connections signed in with it (on every replica), every operation
//! checks the token as it starts, and a connection lives at most its configured lifetime.

use std::net::SocketAddr;
use std::time::Duration;

use baton_domain::agency::{Principal, Role};
use futures::{SinkExt, StreamExt};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::harness::*;

/// Serves `app`'s router on a free local port, connections living at most `lifetime`.
async fn serve(app: &TestApp, lifetime: Duration) -> SocketAddr {
    serve_with(app, lifetime, baton_api::rate_limit::RateLimiter::default()).await
}

/// Serves `app`'s router with `limiter`.
async fn serve_with(
    app: &TestApp,
    lifetime: Duration,
    limiter: baton_api::rate_limit::RateLimiter,
) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router =
        baton_api::router_with_options(app.schema.clone(), app.engine.clone(), limiter, lifetime);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

/// A new user of the agency with one role, and their token's text.
async fn with_token(
    app: &TestApp,
    agency: &baton_engine::Agency,
    role: Role,
) -> (Principal, String) {
    let id = app
        .engine
        .create_user(agency.id, "Điều phối viên Mai Anh", &[role])
        .await
        .unwrap();
    let token = app.engine.issue_token(id, None).await.unwrap();
    (app.engine.authenticate(&token).await.unwrap(), token)
}

/// How a connection ended: its close code and reason.
#[derive(Debug)]
struct Closed {
    code: u16,
    reason: String,
}

/// A graphql-ws client (`graphql-transport-ws`).
struct Client(WebSocketStream<MaybeTlsStream<TcpStream>>);

impl Client {
    /// Connects and signs in with `token`; fails the test unless acknowledged.
    async fn connect(addr: SocketAddr, token: &str) -> Self {
        let mut client = Self::open(addr).await;
        client
            .send(json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } }))
            .await;
        let ack = client.recv().await.expect("acknowledged");
        assert_eq!(ack["type"], "connection_ack", "{ack:#}");
        client
    }

    /// Connects without signing in.
    async fn open(addr: SocketAddr) -> Self {
        let mut request = format!("ws://{addr}/graphql/ws")
            .into_client_request()
            .unwrap();
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            HeaderValue::from_static("graphql-transport-ws"),
        );
        let (socket, _) = waited("the connection", tokio_tungstenite::connect_async(request))
            .await
            .unwrap();
        Self(socket)
    }

    async fn send(&mut self, message: Value) {
        self.0
            .send(Message::Text(message.to_string().into()))
            .await
            .unwrap();
    }

    /// Starts an operation under `id`.
    async fn start(&mut self, id: &str, query: &str, variables: Value) {
        self.send(json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } }))
            .await;
    }

    /// The next graphql-ws message, or how the connection ended.
    async fn recv(&mut self) -> Result<Value, Closed> {
        loop {
            match waited("a message on the socket", self.0.next()).await {
                Some(Ok(Message::Text(text))) => {
                    let message: Value = serde_json::from_str(&text).unwrap();
                    if message["type"] == "ping" {
                        self.send(json!({ "type": "pong" })).await;
                        continue;
                    }
                    return Ok(message);
                }
                Some(Ok(Message::Close(frame))) => {
                    return Err(frame.map_or(
                        Closed {
                            code: 1005,
                            reason: String::new(),
                        },
                        |f| Closed {
                            code: f.code.into(),
                            reason: f.reason.to_string(),
                        },
                    ));
                }
                Some(Ok(_)) => continue,
                Some(Err(err)) => {
                    return Err(Closed {
                        code: 1006,
                        reason: err.to_string(),
                    });
                }
                None => {
                    return Err(Closed {
                        code: 1006,
                        reason: "ended without a close frame".into(),
                    });
                }
            }
        }
    }

    /// The payload of the next message, which must be about operation `id`.
    async fn payload(&mut self, id: &str) -> Value {
        let message = self.recv().await.expect("the connection is open");
        assert_eq!(message["id"], id, "{message:#}");
        message["payload"].clone()
    }

    /// How the connection ends, failing the test if a message comes first.
    async fn closed(&mut self) -> Closed {
        match self.recv().await {
            Err(closed) => closed,
            Ok(message) => panic!("expected the connection to close, got {message:#}"),
        }
    }
}

/// Waits until `app`'s bus has `n` listeners: the subscriptions started are listening
/// (the bound guards a hang).
async fn listening(app: &TestApp, n: usize) {
    waited("the subscription to listen", async {
        while app.engine.bus().listeners() < n {
            tokio::task::yield_now().await;
        }
    })
    .await;
}

const REFERRALS: &str = "subscription { newReferrals { id } }";
const ME: &str = "{ me { name } }";

backend_test! {
    /// Issue 11 item 2: a revoked token kept a live socket delivering personal data.
    async fn revoking_a_token_closes_its_socket_at_once_and_ends_its_subscriptions(app) {
        let w = World::build(&app).await;
        let (_, token) = with_token(&app, &w.center, Role::CenterCoordinator).await;
        let token_id = app.engine.sign_in(&token).await.unwrap().token;
        let addr = serve(&app, Duration::from_secs(3_600)).await;
        let before = app.engine.bus().listeners();
        let mut client = Client::connect(addr, &token).await;
        // The connection listens for revocations once signed in, the subscription for
        // referrals once started.
        let connected = app.engine.bus().listeners();
        client.start("r", REFERRALS, json!({})).await;
        listening(&app, connected + 1).await;
        let m = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        let heard = client.payload("r").await;
        assert_eq!(heard["data"]["newReferrals"]["id"], m.as_str(), "[{}] {heard:#}", app.backend);

        app.engine.revoke_token(None, token_id).await.unwrap();
        let closed = client.closed().await;
        assert_eq!(closed.code, 4403, "[{}] {closed:?}", app.backend);
        assert!(closed.reason.contains("revoked"), "{closed:?}");
        // Nothing listens in its name any more.
        waited("the connection's listeners to go", async {
            while app.engine.bus().listeners() > before {
                tokio::task::yield_now().await;
            }
        })
        .await;
    }
}

backend_test! {
    /// Issue 11 item 2: every operation on a socket is authorised as it starts, even when
    /// no announcement of the revocation reached this replica (as if the relay were down).
    async fn an_operation_started_after_the_token_was_revoked_is_refused(app) {
        let w = World::build(&app).await;
        let (_, token) = with_token(&app, &w.center, Role::CenterCoordinator).await;
        let addr = serve(&app, Duration::from_secs(3_600)).await;
        let mut client = Client::connect(addr, &token).await;
        client.start("q1", ME, json!({})).await;
        let answered = client.payload("q1").await;
        assert_eq!(answered["data"]["me"]["name"], "Điều phối viên Mai Anh", "[{}] {answered:#}", app.backend);
        assert_eq!(client.recv().await.unwrap()["type"], "complete");

        // Revoked in the database, unannounced.
        app.db
            .execute_raw(Statement::from_string(
                app.db.get_database_backend(),
                "UPDATE api_token SET revoked_at = created_at WHERE revoked_at IS NULL",
            ))
            .await
            .unwrap();
        let operations = [
            ("q2", ME.to_owned(), json!({})),
            ("m", REQUEST.to_owned(), request_input(&w.center, "ARRESTED", None)),
            ("s", REFERRALS.to_owned(), json!({})),
        ];
        for (id, query, variables) in operations {
            client.start(id, &query, variables).await;
            let message = client.recv().await.expect("the connection is open");
            assert_eq!(message["id"], id, "{message:#}");
            let errors = if message["type"] == "error" {
                message["payload"].clone()
            } else {
                message["payload"]["errors"].clone()
            };
            assert_eq!(
                errors[0]["extensions"]["code"], "UNAUTHENTICATED",
                "[{}] {id}: {message:#}",
                app.backend
            );
            assert!(message["payload"]["data"].is_null(), "{message:#}");
            if message["type"] == "next" {
                assert_eq!(client.recv().await.unwrap()["type"], "complete");
            }
        }
        let matters = app
            .db
            .query_one_raw(Statement::from_string(
                app.db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM matter",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        assert_eq!(matters, 0, "no matter was recorded in the revoked user's name");
    }
}

backend_test! {
    /// A connection lives at most its configured lifetime. The lifetime is real time (the
    /// engine's manual clock cannot wake a timer): 1 s, with the usual generous bound.
    async fn a_socket_closes_when_its_maximum_lifetime_runs_out(app) {
        let w = World::build(&app).await;
        let (_, token) = with_token(&app, &w.center, Role::CenterCoordinator).await;
        let addr = serve(&app, Duration::from_secs(1)).await;
        let mut client = Client::connect(addr, &token).await;
        client.start("r", REFERRALS, json!({})).await;
        let closed = client.closed().await;
        assert_eq!(closed.code, 1000, "[{}] {closed:?}", app.backend);
        assert!(closed.reason.contains("lifetime"), "{closed:?}");
    }
}

/// Replicas relay revocations only through PostgreSQL, so this test has one case.
mod revoking_a_users_tokens_on_one_replica_closes_their_socket_on_another {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        run_case(Backend::Postgres, module_path!(), CASE_LIMIT, replicate).await;
    }

    async fn replicate(backend: Backend) {
        // Replica `a` revokes; replica `b` serves the socket.
        let (a, b, relays) = backend.two_replicas().await;
        let w = World::build(&a).await;
        let (user, token) = with_token(&a, &w.center, Role::CenterCoordinator).await;
        let addr = serve(&b, Duration::from_secs(3_600)).await;
        let mut client = Client::connect(addr, &token).await;
        client.start("q", ME, json!({})).await;
        let answered = client.payload("q").await;
        assert!(answered["errors"].is_null(), "{answered:#}");
        assert_eq!(client.recv().await.unwrap()["type"], "complete");

        a.engine
            .revoke_user_tokens(None, user.user_id)
            .await
            .unwrap();
        let closed = client.closed().await;
        assert_eq!(closed.code, 4403, "{closed:?}");
        assert!(closed.reason.contains("revoked"), "{closed:?}");
        for relay in relays {
            relay.abort();
        }
    }
}

/// Runs `{ me { name } }` as `id`: "OK", or the code of its first error.
async fn outcome(client: &mut Client, id: &str) -> String {
    client.start(id, ME, json!({})).await;
    let message = client.recv().await.expect("the connection is open");
    assert_eq!(message["id"], id, "{message:#}");
    let errors = if message["type"] == "error" {
        message["payload"].clone()
    } else {
        message["payload"]["errors"].clone()
    };
    if message["type"] == "next" {
        assert_eq!(client.recv().await.unwrap()["type"], "complete");
    }
    errors[0]["extensions"]["code"]
        .as_str()
        .unwrap_or("OK")
        .to_owned()
}

backend_test! {
    /// Issue 11 item 7: a socket had no rate limit (700 operations in 0.2 s). Each
    /// operation counts against its user's allowance, as a request over HTTP does.
    async fn socket_operations_count_against_their_users_rate_limit(app) {
        let w = World::build(&app).await;
        let (_, token) = with_token(&app, &w.center, Role::CenterCoordinator).await;
        // 30 a minute: a burst of 3 (signing in spends one), then one every 2 seconds.
        let limiter = baton_api::rate_limit::RateLimiter::new(30);
        let addr = serve_with(&app, Duration::from_secs(3_600), limiter).await;
        let mut client = Client::connect(addr, &token).await;
        assert_eq!(outcome(&mut client, "q1").await, "OK", "[{}]", app.backend);
        assert_eq!(outcome(&mut client, "q2").await, "OK");
        assert_eq!(outcome(&mut client, "q3").await, "RATE_LIMITED", "[{}]", app.backend);
        app.clock.advance(chrono::Duration::seconds(2));
        assert_eq!(outcome(&mut client, "q4").await, "OK", "the allowance refills");
        assert_eq!(outcome(&mut client, "q5").await, "RATE_LIMITED");
    }
}

backend_test! {
    /// graphql-transport-ws: a `connection_init` without a token, or with an invalid one, is
    /// refused with 4403 (Forbidden); an operation before `connection_ack` closes with 4401
    /// (Unauthorized).
    async fn an_unauthenticated_socket_closes_with_the_protocols_codes(app) {
        let addr = serve(&app, Duration::from_secs(60)).await;
        for payload in [json!({}), json!({ "Authorization": "Bearer baton_forged" })] {
            let mut client = Client::open(addr).await;
            client.send(json!({ "type": "connection_init", "payload": payload })).await;
            let closed = client.closed().await;
            assert_eq!(closed.code, 4403, "[{}] {payload}: {closed:?}", app.backend);
            assert!(closed.reason.starts_with("Forbidden"), "{closed:?}");
        }
        let mut early = Client::open(addr).await;
        early.start("1", "{ __typename }", json!({})).await;
        let closed = early.closed().await;
        assert_eq!(closed.code, 4401, "[{}] {closed:?}", app.backend);
        assert!(closed.reason.starts_with("Unauthorized"), "{closed:?}");
    }
}
