use baton_domain::DomainError;
use baton_store::{StoreError, UniqueKey};

/// What a caller of the engine can be told.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("authentication required: send a valid bearer token")]
    Unauthenticated,
    /// Sign-in with a password refused: one answer for an unknown login, a wrong
    /// password, an account without a password and a locked account.
    #[error(
        "sign-in refused: the login or password is wrong, or the account is locked for a while"
    )]
    SignInRefused,
    /// An enrolment code that is unknown, already used, superseded or expired: one answer.
    #[error(
        "this enrolment code is not valid (unknown, already used or expired); ask your administrator for a new one"
    )]
    EnrolmentRefused,
    /// A value that must be unique is taken; `field` names the input.
    #[error("{field}: {message}")]
    Taken {
        field: &'static str,
        message: &'static str,
    },
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
            StoreError::Duplicate {
                key: UniqueKey::Login,
                source,
            } => {
                tracing::debug!(cause = %cause_chain(&source), "login taken");
                Self::Taken {
                    field: "login",
                    message: taken(UniqueKey::Login),
                }
            }
            StoreError::Duplicate { key, source } => {
                tracing::debug!(?key, cause = %cause_chain(&source), "unique key taken");
                Self::Conflict(taken(key).into())
            }
            other => Self::Internal(Box::new(other)),
        }
    }
}

/// What collided, in the words of the people who use Baton.
fn taken(key: UniqueKey) -> &'static str {
    match key {
        UniqueKey::Agency => "an agency with this id already exists",
        UniqueKey::User => "a user with this id already exists",
        UniqueKey::Login => "another user already signs in with this login; choose another",
        UniqueKey::Enrolment => "this enrolment code was already made; make another",
        UniqueKey::Token => "this token was already issued; issue another",
        UniqueKey::Provider => "a provider with this id is already on a roster",
        UniqueKey::Matter => "a matter with this id already exists",
        UniqueKey::FileCode => "a case file with this number already exists at this center",
        UniqueKey::EventSeq => "the matter was changed by someone else; reload it and try again",
        UniqueKey::IdempotencyKey => "this idempotency key was already used",
        UniqueKey::Notification => "this notification was already sent",
        UniqueKey::Other => "a record with the same key already exists",
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

/// An error and its causes, outermost first: `"outer: inner: innermost"`, walking
/// [`source`](std::error::Error::source). A cause is left out when the text before it
/// already ends with it (a wrapper that prints its source), so nothing reads twice.
pub fn cause_chain(err: &dyn std::error::Error) -> String {
    let mut chain = err.to_string();
    let mut cause = err.source();
    while let Some(err) = cause {
        let text = err.to_string();
        if !chain.ends_with(&text) {
            chain.push_str(": ");
            chain.push_str(&text);
        }
        cause = err.source();
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test error: its text and its cause.
    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|e| e as _)
        }
    }

    fn layers(texts: &[&'static str]) -> Layer {
        let (last, outer) = texts.split_last().expect("one layer at least");
        outer.iter().rev().fold(Layer(last, None), |inner, text| {
            Layer(text, Some(Box::new(inner)))
        })
    }

    #[test]
    fn the_chain_reads_outermost_first() {
        let err = layers(&["sweep failed", "database error", "connection refused"]);
        assert_eq!(
            cause_chain(&err),
            "sweep failed: database error: connection refused"
        );
        assert_eq!(cause_chain(&layers(&["alone"])), "alone");
    }

    #[test]
    fn a_cause_its_wrapper_already_prints_is_not_repeated() {
        let err = layers(&["query failed: disk full", "disk full", "errno 28"]);
        assert_eq!(cause_chain(&err), "query failed: disk full: errno 28");
    }

    #[test]
    fn an_internal_error_chains_its_source() {
        let err = EngineError::Internal(Box::new(layers(&["database error", "timed out"])));
        assert_eq!(
            cause_chain(&err),
            "internal error: database error: timed out"
        );
    }

    #[test]
    fn a_lost_race_and_a_taken_key_are_distinct_conflicts() {
        let race = EngineError::from(StoreError::Conflict("matter 1 is at version 3".into()));
        assert_eq!(
            race.to_string(),
            "the matter was changed by someone else; reload it and try again"
        );
        let key = EngineError::from(StoreError::Duplicate {
            key: UniqueKey::IdempotencyKey,
            source: baton_store::DbErr::Custom("UNIQUE constraint failed: ...".into()),
        });
        assert!(
            matches!(&key, EngineError::Conflict(m) if m == "this idempotency key was already used")
        );
    }
}
