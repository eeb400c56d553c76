use sea_orm::{DbErr, SqlErr};

use crate::unique::UniqueKey;

/// What can go wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A write lost a race: the row changed since it was read (a newer version, a state
    /// already left).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A unique key already taken by another row.
    #[error("unique key taken: {key:?}")]
    Duplicate {
        key: UniqueKey,
        #[source]
        source: DbErr,
    },
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
        let Some(SqlErr::UniqueConstraintViolation(message)) = err.sql_err() else {
            return Self::Backend(err);
        };
        match UniqueKey::of(&err, &message) {
            // Two writers appended the same version of a matter: the later one lost a race.
            UniqueKey::EventSeq => Self::Conflict(format!("event already written: {message}")),
            key => Self::Duplicate { key, source: err },
        }
    }
}

impl StoreError {
    /// A lost race or a unique key taken: what the caller may retry or rename.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Self::Conflict(_) | Self::Duplicate { .. })
    }
}
