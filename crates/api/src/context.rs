//! What every resolver needs from the request: the engine and the principal.

use async_graphql::{Context, ID};
use baton_domain::agency::Principal;
use baton_engine::{Engine, EngineError};
use uuid::Uuid;

use crate::error::{ApiError, bad_input};

pub(crate) fn engine<'a>(ctx: &Context<'a>) -> Result<&'a Engine, ApiError> {
    ctx.data::<Engine>()
        .map_err(|_| EngineError::internal("schema built without an engine").into())
}

/// The authenticated principal, or `UNAUTHENTICATED`.
pub(crate) fn principal<'a>(ctx: &Context<'a>) -> Result<&'a Principal, ApiError> {
    ctx.data_opt::<Principal>()
        .ok_or_else(|| EngineError::Unauthenticated.into())
}

/// Parses a GraphQL `ID` into a typed id, naming the field when it is malformed.
pub(crate) fn parse_id<T: From<Uuid>>(field: &str, id: &ID) -> Result<T, ApiError> {
    Uuid::parse_str(id.as_str())
        .map(T::from)
        .map_err(|_| bad_input(field, "is not a valid id"))
}
