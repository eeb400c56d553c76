//! The one place engine errors become GraphQL errors. Each carries a stable
//! `extensions.code` and a message a person can act on; internal details are logged here
//! and never returned.

use async_graphql::ErrorExtensions;
use baton_domain::DomainError;
use baton_engine::EngineError;

/// An engine error on its way to the wire.
#[derive(Debug)]
pub struct ApiError(pub EngineError);

impl From<EngineError> for ApiError {
    fn from(err: EngineError) -> Self {
        Self(err)
    }
}

impl From<DomainError> for ApiError {
    fn from(err: DomainError) -> Self {
        Self(err.into())
    }
}

/// Bad input on a named field.
pub(crate) fn bad_input(field: &str, message: &str) -> ApiError {
    ApiError(DomainError::invalid(field, message).into())
}

impl From<ApiError> for async_graphql::Error {
    fn from(ApiError(err): ApiError) -> Self {
        let code = match &err {
            EngineError::Unauthenticated => "UNAUTHENTICATED",
            EngineError::NotFound(_) => "NOT_FOUND",
            EngineError::Conflict(_) => "CONFLICT",
            EngineError::Domain(DomainError::InvalidInput { .. }) => "BAD_USER_INPUT",
            EngineError::Domain(DomainError::Forbidden(_)) => "FORBIDDEN",
            EngineError::Domain(DomainError::InvalidTransition { .. }) => "INVALID_TRANSITION",
            EngineError::Internal(source) => {
                tracing::error!(error.message = %source, error.cause_chain = ?source, "internal error");
                return async_graphql::Error::new("internal error; it has been logged")
                    .extend_with(|_, e| e.set("code", "INTERNAL"));
            }
        };
        async_graphql::Error::new(err.to_string()).extend_with(|_, e| {
            e.set("code", code);
            match &err {
                EngineError::Domain(DomainError::InvalidInput { field, .. }) => {
                    e.set("field", field.as_str());
                }
                EngineError::Domain(DomainError::InvalidTransition { state, allowed, .. }) => {
                    e.set("state", state.code());
                    e.set(
                        "allowed",
                        allowed
                            .iter()
                            .map(|c| c.code().to_owned())
                            .collect::<Vec<_>>(),
                    );
                }
                _ => {}
            }
        })
    }
}

/// The result type of every resolver.
pub type ApiResult<T> = Result<T, async_graphql::Error>;

/// A sensitive field the caller's role does not need: null, with this error at its path.
pub(crate) fn redacted(field: &str) -> async_graphql::Error {
    async_graphql::Error::new(format!(
        "{field} is sensitive personal data (Law 91/2025/QH15) that your role does not need"
    ))
    .extend_with(|_, e| e.set("code", "REDACTED"))
}
