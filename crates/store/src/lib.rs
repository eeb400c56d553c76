//! Baton's storage: sea-orm entities and the queries the engine needs.
//!
//! - Every query that returns matter data is scoped to what a principal may see
//!   ([`scope::Scope`]); the unscoped finders stay private to this crate.
//! - Database errors that mean something to the business become typed here, so nobody
//!   string-matches above: a stale version is [`StoreError::Conflict`], a unique key taken
//!   is [`StoreError::Duplicate`] naming its [`UniqueKey`].
//! - Tested against real databases (SQLite, PostgreSQL) by the `tests` package; no mocks.
//!
//! Depends on the domain crate only; knows nothing of GraphQL or HTTP.

pub mod access_log;
pub mod admin_log;
pub mod agencies;
pub mod auth;
pub mod clock_changes;
pub mod console_sessions;
mod convert;
pub mod credentials;
pub mod entity;
mod error;
pub mod handoffs;
pub mod matters;
pub mod notifications;
pub mod officers;
pub mod page;
pub mod relay;
pub mod scope;
pub mod stats;
pub mod sweep;
mod unique;

use std::time::Duration;

use sea_orm::{ConnectOptions, Database, DatabaseConnection};

pub use error::StoreError;
pub use sea_orm::{
    ConnectionTrait, DatabaseConnection as Db, DatabaseTransaction, DbErr, TransactionTrait,
};
pub use unique::UniqueKey;

/// Opens a pool. SQLite gets one connection: it has one writer anyway, and a single
/// connection makes its transactions strictly serial. A `sqlite:` file is created if absent.
pub async fn connect(url: &str) -> Result<DatabaseConnection, StoreError> {
    let is_sqlite = url.starts_with("sqlite:");
    let url = if is_sqlite && !url.contains("mode=") && !url.contains(":memory:") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}mode=rwc")
    } else {
        url.to_owned()
    };
    let mut options = ConnectOptions::new(url);
    options
        .sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(30))
        .max_connections(if is_sqlite { 1 } else { 16 });
    Ok(Database::connect(options).await?)
}
