//! PostgreSQL's NOTIFY/LISTEN, the wire between Baton replicas that share one database.
//!
//! A message queued with [`notify`] inside a transaction reaches every [`Listener`] when,
//! and only if, that transaction commits. SQLite has no such wire and needs none: it is
//! served by one process.

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

use crate::StoreError;

/// The channel every replica listens on.
pub const CHANNEL: &str = "baton_bus";

/// Queues `payload` for every listening replica; a no-op on SQLite. PostgreSQL caps a
/// payload at 8000 bytes, so messages name what changed rather than carry it.
pub async fn notify(db: &impl ConnectionTrait, payload: &str) -> Result<(), StoreError> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), payload.into()],
    ))
    .await?;
    Ok(())
}

/// One session listening on [`CHANNEL`], on a connection of its own.
pub struct Listener(PgListener);

impl Listener {
    /// Starts listening; `None` on SQLite.
    pub async fn connect(db: &crate::Db) -> Result<Option<Self>, StoreError> {
        if db.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(None);
        }
        let mut listener = PgListener::connect_with(db.writer().get_postgres_connection_pool())
            .await
            .map_err(StoreError::Listen)?;
        listener.listen(CHANNEL).await.map_err(StoreError::Listen)?;
        Ok(Some(Self(listener)))
    }

    /// The next payload. After a lost connection this returns an error once, and the next
    /// call reconnects; messages sent in between are lost.
    pub async fn recv(&mut self) -> Result<String, StoreError> {
        let message = self.0.recv().await.map_err(StoreError::Listen)?;
        Ok(message.payload().to_owned())
    }
}
