//! Baton's GraphQL API.
//!
//! - [`schema`]: the schema and its limits, and [`schema_sdl`] for the committed contract;
//! - [`query`] and [`commands`]: the roots, one field per thing a user reads or does; the
//!   commands of the plan by area, each parsed straight into the domain's command;
//! - [`objects`] and [`enums`]: output types, mapped from engine and domain types (never
//!   from storage rows);
//! - [`error`]: the one place engine errors become GraphQL errors with a stable
//!   `extensions.code`;
//! - [`router`]: the axum router (`/graphql`, GraphiQL, `/healthz`), and [`socket`]:
//!   `/graphql/ws`, each operation authorised as it starts, closed when its token is revoked.
//!
//! Business rules live in the domain; this crate only parses, delegates and presents.

pub mod accounts;
pub mod admin;
pub mod commands;
mod context;
pub mod directory;
pub mod enrolment;
pub mod enums;
pub mod error;
pub mod hardening;
pub mod in_flight;
pub mod loaders;
pub mod notifications;
pub mod objects;
mod paging;
pub mod query;
pub mod rate_limit;
pub mod router;
pub mod ruleset_query;
pub mod schema;
pub mod socket;
pub mod socket_auth;
pub mod stats_query;
pub mod subscription;

pub use router::{router, router_with, router_with_options};
pub use schema::{BatonSchema, SchemaOptions, build_schema, build_schema_with, schema_sdl};
