//! Baton's console: the Vietnamese web interface for agency officers, center coordinators,
//! supervisors and administrators, served by the same binary at `/`.
//!
//! - A client of Baton's own GraphQL API: every page runs operations kept as `.graphql`
//!   files under `graphql/`, checked against the repository's `schema.graphql` at compile
//!   time ([`graphql_client`]) and executed in process through the same [`BatonSchema`]
//!   with the signed-in principal in the request data ([`gql`]). Permissions, redaction
//!   and the access log apply unchanged; the console reads no case data from the engine.
//! - Server-rendered HTML from compile-checked askama templates (`templates/`); forms work
//!   without JavaScript; one small script (`assets/console.js`) adds the live bell.
//! - Sessions stored in the database ([`session`]), a CSRF token on every form, a
//!   Content-Security-Policy that allows nothing from another host ([`headers`]).
//!
//! See `docs/console.md`.

pub mod assets;
pub mod fmt;
pub mod gql;
pub mod headers;
pub mod messages;
mod pages;
pub mod session;
mod sse;
pub mod throttle;

use axum::Router;
use axum::routing::{get, post};
use baton_api::BatonSchema;
use baton_engine::Engine;

/// How the console is served.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Served behind TLS: session cookies get `Secure`.
    pub secure_cookies: bool,
}

/// What every console handler needs.
#[derive(Clone)]
pub struct Console {
    pub(crate) schema: BatonSchema,
    pub(crate) engine: Engine,
    pub(crate) settings: Settings,
    pub(crate) throttle: throttle::SignInThrottle,
}

/// The console's routes, to be merged beside the API's (`/graphql`, `/healthz`).
pub fn router(schema: BatonSchema, engine: Engine, settings: Settings) -> Router {
    let console = Console {
        throttle: throttle::SignInThrottle::new(engine.clock()),
        schema,
        engine,
        settings,
    };
    Router::new()
        .route("/", get(pages::home::home))
        .route(
            "/signin",
            get(pages::signin::form).post(pages::signin_submit::submit),
        )
        .route("/signout", post(pages::signin::sign_out))
        .route("/enrol", get(pages::enrol::form).post(pages::enrol::submit))
        .route("/matters/{id}", get(pages::matter::page))
        .route("/matters/{id}/print", get(pages::matter::print))
        .route("/matters/{id}/act", post(pages::actions::act))
        .route(
            "/requests/new",
            get(pages::intake::form).post(pages::intake::submit),
        )
        .route("/events", get(sse::events))
        .route(assets::ROUTE, get(assets::asset))
        .with_state(console)
        .layer(axum::middleware::from_fn(headers::security_headers))
}
