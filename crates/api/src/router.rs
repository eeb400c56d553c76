//! The HTTP surface: `/graphql` (POST per GraphQL over HTTP; GET runs queries, or serves
//! GraphiQL when it carries none) and `/healthz`.

use async_graphql::http::GraphiQLSource;
use async_graphql::parser::types::OperationType;
use async_graphql::{Pos, ServerError};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use baton_engine::{Engine, EngineError};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::error::ApiError;
use crate::schema::BatonSchema;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

#[derive(Clone)]
struct AppState {
    schema: BatonSchema,
    engine: Engine,
}

/// The application's router.
pub fn router(schema: BatonSchema, engine: Engine) -> Router {
    Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/healthz", get(healthz))
        .with_state(AppState { schema, engine })
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
}

async fn graphql_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> GraphQLResponse {
    execute(&state, &headers, request.into_inner()).await
}

async fn graphql_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(query) = query.filter(|q| !q.is_empty()) else {
        return Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response();
    };
    let request = match async_graphql::http::parse_query_string(&query) {
        Ok(r) => r,
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
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
    execute(&state, &headers, request).await.into_response()
}

/// Authenticates the bearer token, if any, and runs the request as that principal. A
/// token that is sent but not valid is refused, never treated as anonymous.
async fn execute(
    state: &AppState,
    headers: &HeaderMap,
    request: async_graphql::Request,
) -> GraphQLResponse {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or_default())
        .map(|v| match v.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => "",
        });
    let request = match bearer {
        None => request,
        Some(token) => match state.engine.authenticate(token).await {
            Ok(principal) => request.data(principal),
            Err(err) => return refuse(err),
        },
    };
    state.schema.execute(request).await.into()
}

fn refuse(err: EngineError) -> GraphQLResponse {
    let error: async_graphql::Error = ApiError(err).into();
    let server_error: ServerError = error.into_server_error(Pos::default());
    async_graphql::Response::from_errors(vec![server_error]).into()
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.engine.health().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(err) => {
            tracing::error!(error.message = %err, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
