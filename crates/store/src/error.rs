use sea_orm::{DbErr, SqlErr};

/// What can go wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A write lost a race: a stale version, or a unique key already taken.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A stored value no longer parses into the domain (a bug or a hand-edited row).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("database error")]
    Backend(#[source] DbErr),
    /// The replicas' notification channel failed (PostgreSQL LISTEN).
    #[error("notification channel error")]
    Listen(#[source] sea_orm::sqlx::Error),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(what)) => Self::Conflict(what),
            _ => Self::Backend(err),
        }
    }
}

impl StoreError {
    pub fn is_conflict(&self) -> bool {
        matches!(self, Self::Conflict(_))
    }
}
