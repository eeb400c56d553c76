//! The one place errors become GraphQL errors. Every resolver returns [`ApiResult`], whose
//! error is an [`ApiError`]: a stable `extensions.code`, a message a person can act on, and
//! the extensions that help (the field at fault, the transitions allowed). Internal details
//! are logged here, with their causes, and never returned.

use async_graphql::{ErrorExtensionValues, Pos, ServerError};
use baton_domain::DomainError;
use baton_engine::{EngineError, cause_chain};

/// The stable `extensions.code` of every error the API returns: clients switch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Unauthenticated,
    Forbidden,
    NotFound,
    Conflict,
    BadUserInput,
    InvalidTransition,
    /// A sensitive field the caller's role does not need (the field is null).
    Redacted,
    RateLimited,
    /// A query ran past the request's time budget; nothing of it is answered.
    Timeout,
    Internal,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unauthenticated => "UNAUTHENTICATED",
            Code::Forbidden => "FORBIDDEN",
            Code::NotFound => "NOT_FOUND",
            Code::Conflict => "CONFLICT",
            Code::BadUserInput => "BAD_USER_INPUT",
            Code::InvalidTransition => "INVALID_TRANSITION",
            Code::Redacted => "REDACTED",
            Code::RateLimited => "RATE_LIMITED",
            Code::Timeout => "TIMEOUT",
            Code::Internal => "INTERNAL",
        }
    }
}

/// An error on its way to the client, already mapped. Cloning is cheap, as async-graphql
/// needs of a resolver's error type.
#[derive(Debug, Clone)]
pub struct ApiError {
    code: Code,
    message: String,
    /// Everything but the code, which is added last so nothing can overwrite it.
    extensions: ErrorExtensionValues,
}

/// The result type of every resolver.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            extensions: ErrorExtensionValues::default(),
        }
    }

    pub fn code(&self) -> Code {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error as a request-level error (outside any field): it has no `locations`, since
    /// it points at no place in the document.
    pub(crate) fn into_server_error(self) -> ServerError {
        let mut error = async_graphql::Error::from(self).into_server_error(Pos::default());
        error.locations.clear();
        error
    }
}

impl From<EngineError> for ApiError {
    fn from(err: EngineError) -> Self {
        let code = match &err {
            EngineError::Unauthenticated
            | EngineError::SignInRefused
            | EngineError::EnrolmentRefused => Code::Unauthenticated,
            EngineError::Taken { .. } => Code::Conflict,
            EngineError::NotFound(_) => Code::NotFound,
            EngineError::Conflict(_) => Code::Conflict,
            EngineError::Domain(DomainError::InvalidInput { .. }) => Code::BadUserInput,
            EngineError::Domain(DomainError::Forbidden(_) | DomainError::ForbiddenField { .. }) => {
                Code::Forbidden
            }
            EngineError::Domain(DomainError::InvalidTransition { .. }) => Code::InvalidTransition,
            EngineError::Internal(source) => {
                let chain = cause_chain(&err);
                tracing::error!(
                    error.message = %source,
                    error.cause_chain = %chain,
                    "internal error"
                );
                return Self::new(Code::Internal, "internal error; it has been logged");
            }
        };
        let mut error = Self::new(code, err.to_string());
        let e = &mut error.extensions;
        if let EngineError::Domain(domain) = &err
            && let Some(rule) = domain.rule()
        {
            e.set("rule", rule);
        }
        match err {
            EngineError::Domain(DomainError::InvalidInput { field, .. }) => e.set("field", field),
            EngineError::Domain(DomainError::ForbiddenField { field, .. }) => e.set("field", field),
            EngineError::Taken { field, .. } => e.set("field", field),
            EngineError::Domain(DomainError::InvalidTransition { state, allowed, .. }) => {
                // The matter's state is what refuses the command.
                e.set("field", "matterId");
                e.set("state", state.code());
                let allowed: Vec<_> = allowed.iter().map(|c| c.code().to_owned()).collect();
                e.set("allowed", allowed);
            }
            _ => {}
        }
        error
    }
}

impl From<DomainError> for ApiError {
    fn from(err: DomainError) -> Self {
        EngineError::from(err).into()
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(err: ApiError) -> Self {
        let mut extensions = err.extensions;
        extensions.set("code", err.code.as_str());
        let mut error = async_graphql::Error::new(err.message);
        error.extensions = Some(extensions);
        error
    }
}

/// Bad input on a named field.
pub(crate) fn bad_input(field: &str, message: &str) -> ApiError {
    DomainError::invalid(field, message).into()
}

/// A sensitive field the caller's role does not need: null, with this error at its path.
pub(crate) fn redacted(field: &str) -> ApiError {
    ApiError::new(
        Code::Redacted,
        format!(
            "{field} is sensitive personal data (Law 91/2025/QH15) that your role does not need"
        ),
    )
}

/// Too many requests from one token or address.
pub(crate) fn rate_limited(message: &str) -> ApiError {
    ApiError::new(Code::RateLimited, message)
}

/// A query that ran past the time budget.
pub(crate) fn timed_out(budget: std::time::Duration) -> ApiError {
    ApiError::new(
        Code::Timeout,
        format!(
            "the query ran longer than its time budget of {} ms; ask for less (smaller pages, fewer fields)",
            budget.as_millis()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(err: impl Into<ApiError>) -> serde_json::Value {
        let error: async_graphql::Error = err.into().into();
        serde_json::to_value(error.into_server_error(Pos::default())).unwrap_or_default()
    }

    #[test]
    fn an_internal_error_shows_its_code_and_nothing_of_its_cause() {
        let err = EngineError::Internal("password authentication failed for user x".into());
        let json = wire(err);
        assert_eq!(json["extensions"]["code"], "INTERNAL");
        assert_eq!(json["message"], "internal error; it has been logged");
        assert!(!json.to_string().contains("password"), "{json}");
    }

    #[test]
    fn input_errors_name_their_field() {
        let json = wire(bad_input("first", "must not be negative"));
        assert_eq!(json["extensions"]["code"], "BAD_USER_INPUT");
        assert_eq!(json["extensions"]["field"], "first");
        assert_eq!(json["message"], "first: must not be negative");
    }

    #[test]
    fn a_refusal_names_its_rule() {
        let err = DomainError::invalid("providerId", "may not act in proceedings")
            .under("Luật TGPL Điều 31(1)");
        let json = wire(err);
        assert_eq!(json["extensions"]["field"], "providerId");
        assert_eq!(json["extensions"]["rule"], "Luật TGPL Điều 31(1)");
        assert!(
            wire(bad_input("first", "too many"))["extensions"]
                .get("rule")
                .is_none()
        );
    }

    #[test]
    fn a_conflict_keeps_its_message() {
        let err = ApiError::from(EngineError::Conflict("this user name is taken".into()));
        assert_eq!(err.code(), Code::Conflict);
        let json = wire(err.clone());
        assert_eq!(json["extensions"]["code"], "CONFLICT");
        assert_eq!(json["message"], "this user name is taken");
    }

    #[test]
    fn a_redacted_field_is_coded() {
        let json = wire(redacted("birthDate"));
        assert_eq!(json["extensions"]["code"], "REDACTED");
        assert!(
            json["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("birthDate"))
        );
    }
}
