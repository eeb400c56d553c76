use baton_domain::DomainError;
use baton_store::StoreError;

/// What a caller of the engine can be told.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("authentication required: send a valid bearer token")]
    Unauthenticated,
    /// Absent, or not visible to the principal: the two look the same.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// A failure the caller cannot act on; logged, never shown.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl From<StoreError> for EngineError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict(what) => {
                // The store's text may quote the database; it is for the log only.
                tracing::debug!(conflict = %what, "write conflict");
                Self::Conflict(
                    "the matter was changed by someone else; reload it and try again".into(),
                )
            }
            other => Self::Internal(Box::new(other)),
        }
    }
}

impl From<baton_store::DbErr> for EngineError {
    fn from(err: baton_store::DbErr) -> Self {
        StoreError::from(err).into()
    }
}

impl EngineError {
    pub fn internal(message: impl Into<String>) -> Self {
        Self::Internal(message.into().into())
    }
}
