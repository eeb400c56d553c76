//! The HTTP surface: `/graphql` (POST per GraphQL over HTTP, [`crate::graphql_http`]; GET
//! runs queries, or serves GraphiQL when it carries none) and `/healthz`.

use std::time::Duration;

use async_graphql::http::GraphiQLSource;
use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql_axum::GraphQLProtocol;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use baton_engine::{Engine, cause_chain};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::error::{ApiError, rate_limited};
use crate::graphql_http::{self, MediaType};
use crate::rate_limit::{Limited, RateLimiter};
use crate::schema::BatonSchema;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

#[derive(Clone)]
struct AppState {
    schema: BatonSchema,
    engine: Engine,
    limiter: RateLimiter,
    socket_lifetime: Duration,
}

/// The application's router with the default rate limit.
pub fn router(schema: BatonSchema, engine: Engine) -> Router {
    router_with(schema, engine, RateLimiter::default())
}

/// The application's router, its WebSocket connections living at most
/// [`DEFAULT_MAX_LIFETIME`](crate::socket::DEFAULT_MAX_LIFETIME).
pub fn router_with(schema: BatonSchema, engine: Engine, limiter: RateLimiter) -> Router {
    router_with_options(schema, engine, limiter, crate::socket::DEFAULT_MAX_LIFETIME)
}

/// The application's router, its WebSocket connections living at most `socket_lifetime`.
pub fn router_with_options(
    schema: BatonSchema,
    engine: Engine,
    limiter: RateLimiter,
    socket_lifetime: Duration,
) -> Router {
    limiter.bind_clock(engine.clock());
    Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/graphql/ws", get(graphql_ws))
        .route("/healthz", get(healthz))
        .with_state(AppState {
            schema,
            engine,
            limiter,
            socket_lifetime,
        })
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
}

/// The span a request is logged in: method, path and, once known, the GraphQL operation's
/// name. Never the query string: on a GET it carries the variables, which hold personal
/// data. Its target is tower-http's, so the default log filter shows it as before.
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    tracing::debug_span!(
        target: "tower_http::trace",
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        version = ?request.version(),
        operation = tracing::field::Empty,
    )
}

/// The operation's name for the log: `operationName`, or the name of the document's one
/// named operation. Only a GraphQL name of at most 100 characters is logged: the client
/// chooses it, and anything else could carry data or forge log lines.
fn operation_name(request: &async_graphql::Request) -> Option<String> {
    let is_name = |n: &str| {
        n.len() <= 100
            && n.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic())
            && n.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
    };
    if let Some(name) = &request.operation_name {
        return is_name(name).then(|| name.clone());
    }
    // A document the Hardening extension would refuse for its length is not parsed twice.
    if request.query.len() > 64 * 1024 {
        return None;
    }
    match async_graphql::parser::parse_query(&request.query)
        .ok()?
        .operations
    {
        DocumentOperations::Multiple(ops) if ops.len() == 1 => ops
            .into_keys()
            .next()
            .map(|n| n.to_string())
            .filter(|n| is_name(n)),
        _ => None,
    }
}

async fn graphql_post(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let media = match graphql_http::negotiate(&headers) {
        Ok(media) => media,
        Err(refused) => return refused.into_response(),
    };
    match graphql_http::read_post(media, &headers, &body) {
        Ok(request) => execute(&state, &headers, media, request).await,
        Err(refused) => refused.into_response(),
    }
}

async fn graphql_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(query) = query.filter(|q| !q.is_empty()) else {
        return Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response();
    };
    let media = match graphql_http::negotiate(&headers) {
        Ok(media) => media,
        Err(refused) => return refused.into_response(),
    };
    let request = match async_graphql::http::parse_query_string(&query) {
        Ok(r) => r,
        Err(_) => {
            return graphql_http::refusal(
                media,
                StatusCode::BAD_REQUEST,
                "the query string is not a GraphQL request",
            );
        }
    };
    // GET must not change anything (GraphQL over HTTP §GET).
    let mutates = async_graphql::parser::parse_query(&request.query).is_ok_and(|doc| {
        doc.operations
            .iter()
            .any(|(_, op)| op.node.ty != OperationType::Query)
    });
    if mutates {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "POST")],
            "mutations must be sent with POST",
        )
            .into_response();
    }
    execute(&state, &headers, media, request).await
}

/// Authenticates the bearer token, if any, and runs the request as that principal. A
/// token that is sent but not valid is refused, never treated as anonymous.
async fn execute(
    state: &AppState,
    headers: &HeaderMap,
    media: MediaType,
    request: async_graphql::Request,
) -> Response {
    if let Some(name) = operation_name(&request) {
        tracing::Span::current().record("operation", tracing::field::display(&name));
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or_default())
        .map(|v| match v.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => "",
        });
    let request = match bearer {
        None => {
            if let Err(limited) = state.limiter.admit_unauthenticated() {
                return too_many(media, "too many requests without a token; wait", limited);
            }
            request
        }
        // A token is always looked up: invented ones must not keep real users out. Those
        // that fail share the allowance of requests without a token.
        Some(token) => match state.engine.authenticate(token).await {
            Ok(principal) => {
                if let Err(limited) = state.limiter.admit_user(principal.user_id) {
                    return too_many(media, "too many requests for this user; wait", limited);
                }
                request.data(principal)
            }
            Err(err) => {
                if let Err(limited) = state.limiter.admit_unauthenticated() {
                    return too_many(
                        media,
                        "too many requests without a valid token; wait",
                        limited,
                    );
                }
                let error = ApiError::from(err).into_server_error();
                return graphql_http::respond(
                    media,
                    async_graphql::Response::from_errors(vec![error]),
                );
            }
        },
    };
    graphql_http::respond(media, state.schema.execute(request).await)
}

/// HTTP 429 with the error coded `RATE_LIMITED` and `Retry-After` in seconds.
fn too_many(media: MediaType, message: &str, limited: Limited) -> Response {
    let error = rate_limited(message).into_server_error();
    let mut response =
        graphql_http::respond(media, async_graphql::Response::from_errors(vec![error]));
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(limited.retry_after_secs()),
    );
    response
}

/// GraphQL over graphql-ws ([`crate::socket`]): the bearer token comes in the
/// `connection_init` payload (`{"Authorization": "Bearer …"}`); without a valid one the
/// connection is refused. Each operation checks the token again; revoking it closes the
/// connection; a connection lives at most the configured lifetime.
async fn graphql_ws(
    State(state): State<AppState>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            crate::socket::serve(
                socket,
                protocol,
                state.schema,
                state.engine,
                state.limiter,
                state.socket_lifetime,
            )
        })
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.engine.health().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(err) => {
            let chain = cause_chain(&err);
            tracing::error!(
                error.message = %err,
                error.cause_chain = %chain,
                "health check failed"
            );
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
