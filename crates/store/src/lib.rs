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
mod db;
pub mod entity;
mod error;
pub mod handoffs;
pub mod matters;
pub mod notifications;
pub mod officers;
pub mod page;
pub mod payment_claims;
pub mod relay;
pub mod scope;
pub mod stats;
pub mod sweep;
mod unique;

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

pub use db::Db;
pub use error::StoreError;
pub use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, TransactionTrait};
pub use unique::UniqueKey;

/// Reader connections of a SQLite file ([`Db`]).
const SQLITE_READERS: u32 = 4;

/// How long a SQLite connection waits for a lock before it gives up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Opens the database. PostgreSQL: one pool. A `sqlite:` file (created if absent): WAL
/// with `synchronous = FULL` (a commit is durable when it returns), one writer connection,
/// so that our own transactions are strictly serial, and a pool of read-only readers that
/// never wait behind it. In-memory SQLite: one connection (each connection would be a
/// database of its own).
pub async fn connect(url: &str) -> Result<Db, StoreError> {
    let is_sqlite = url.starts_with("sqlite:");
    if !is_sqlite || url.contains(":memory:") || url.contains("mode=memory") {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .sqlx_logging(false)
            .acquire_timeout(Duration::from_secs(30))
            .max_connections(if is_sqlite { 1 } else { 16 });
        return Ok(Db::from(Database::connect(options).await?));
    }
    let sqlite = |read_only: bool| {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .sqlx_logging(false)
            .acquire_timeout(Duration::from_secs(30))
            .max_connections(if read_only { SQLITE_READERS } else { 1 })
            .map_sqlx_sqlite_opts(move |o| {
                let o = o
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    .synchronous(SqliteSynchronous::Full);
                if read_only {
                    o.read_only(true)
                } else {
                    o.create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                }
            });
        options
    };
    let writer: DatabaseConnection = Database::connect(sqlite(false)).await?;
    let readers = Database::connect(sqlite(true)).await?;
    Ok(Db::with_readers(writer, readers))
}
