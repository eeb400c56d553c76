//! The database handle: one pool on PostgreSQL; on a SQLite file, one writer connection
//! and a pool of readers in WAL mode, so that reads never wait behind a write.
//!
//! [`Db`] routes by what a statement does. Transactions and every statement that is not a
//! plain read (`SELECT`, `WITH … SELECT`, `EXPLAIN`) go to the writer, so SQLite's writes
//! stay strictly serial in one process (no `SQLITE_BUSY` between our own writers). Plain
//! reads outside a transaction go to the readers, which see every committed write (WAL).
//! A read-only transaction (`begin_with_config(_, Some(ReadOnly))`) also runs on a reader.
//! In-memory SQLite (the tests) and PostgreSQL have no separate readers: everything goes
//! to the one pool.

use std::future::Future;
use std::pin::Pin;

use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    ExecResult, IsolationLevel, QueryResult, Statement, TransactionError, TransactionOptions,
    TransactionTrait,
};

/// Baton's database: see the [module](self).
#[derive(Debug, Clone)]
pub struct Db {
    writer: DatabaseConnection,
    readers: Option<DatabaseConnection>,
}

impl Db {
    /// A handle with separate reader connections (a SQLite file in WAL mode).
    pub fn with_readers(writer: DatabaseConnection, readers: DatabaseConnection) -> Self {
        Self {
            writer,
            readers: Some(readers),
        }
    }

    /// The connection that writes (and runs migrations and transactions).
    pub fn writer(&self) -> &DatabaseConnection {
        &self.writer
    }

    /// Checks that the database answers, on the writer and the readers.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.writer.ping().await?;
        match &self.readers {
            Some(readers) => readers.ping().await,
            None => Ok(()),
        }
    }

    /// Closes every connection.
    pub async fn close(self) -> Result<(), DbErr> {
        self.writer.close().await?;
        match self.readers {
            Some(readers) => readers.close().await,
            None => Ok(()),
        }
    }

    /// Whether plain reads go to connections of their own.
    pub fn has_readers(&self) -> bool {
        self.readers.is_some()
    }

    fn for_read(&self, sql: &str) -> &DatabaseConnection {
        match &self.readers {
            Some(readers) if is_plain_read(sql) => readers,
            _ => &self.writer,
        }
    }
}

impl From<DatabaseConnection> for Db {
    fn from(writer: DatabaseConnection) -> Self {
        Self {
            writer,
            readers: None,
        }
    }
}

/// A statement that only reads: it may run on a reader connection.
fn is_plain_read(sql: &str) -> bool {
    let head: String = sql
        .trim_start()
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase();
    let reads = head.starts_with("SELECT") || head.starts_with("EXPLAIN");
    let with_select = head.starts_with("WITH") && {
        let upper = sql.to_ascii_uppercase();
        !["INSERT", "UPDATE", "DELETE"]
            .iter()
            .any(|w| upper.contains(w))
    };
    reads || with_select
}

#[async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.writer.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.writer.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.writer.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.for_read(&stmt.sql).query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.for_read(&stmt.sql).query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.writer.support_returning()
    }

    fn is_mock_connection(&self) -> bool {
        false
    }
}

type Callback<'c, T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>;

#[async_trait::async_trait]
impl TransactionTrait for Db {
    type Transaction = DatabaseTransaction;

    async fn begin(&self) -> Result<DatabaseTransaction, DbErr> {
        self.writer.begin().await
    }

    async fn begin_with_config(
        &self,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<DatabaseTransaction, DbErr> {
        let conn = match (&self.readers, access_mode) {
            (Some(readers), Some(AccessMode::ReadOnly)) => readers,
            _ => &self.writer,
        };
        conn.begin_with_config(isolation_level, access_mode).await
    }

    async fn begin_with_options(
        &self,
        options: TransactionOptions,
    ) -> Result<DatabaseTransaction, DbErr> {
        self.writer.begin_with_options(options).await
    }

    async fn transaction<F, T, E>(&self, callback: F) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(&'c DatabaseTransaction) -> Callback<'c, T, E> + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        self.writer.transaction(callback).await
    }

    async fn transaction_with_config<F, T, E>(
        &self,
        callback: F,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(&'c DatabaseTransaction) -> Callback<'c, T, E> + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        self.writer
            .transaction_with_config(callback, isolation_level, access_mode)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::is_plain_read;

    #[test]
    fn only_plain_reads_go_to_the_readers() {
        assert!(is_plain_read("SELECT * FROM matter"));
        assert!(is_plain_read("  select 1"));
        assert!(is_plain_read("EXPLAIN QUERY PLAN SELECT 1"));
        assert!(is_plain_read("WITH x AS (SELECT 1) SELECT * FROM x"));
        assert!(!is_plain_read("INSERT INTO matter VALUES (1) RETURNING id"));
        assert!(!is_plain_read("UPDATE matter SET version = 2 RETURNING *"));
        assert!(!is_plain_read("WITH x AS (SELECT 1) DELETE FROM y"));
        assert!(!is_plain_read("PRAGMA journal_mode = WAL"));
    }
}
