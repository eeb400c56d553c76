//! What every resolver needs from the request: the engine and the principal, and the
//! request's record of the sensitive reads it has already logged.

use std::collections::HashSet;
use std::sync::Mutex;

use async_graphql::{Context, ID};
use baton_domain::agency::Principal;
use baton_domain::ids::MatterId;
use baton_engine::{Engine, EngineError, Matter, Visible};
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

/// The sensitive reads one request has logged, by matter and field: the access log gets
/// one row per (request, matter, field group), however many aliases repeat the read. The
/// [`Hardening`](crate::hardening::Hardening) extension gives every request its own.
#[derive(Default)]
pub(crate) struct LoggedReads(Mutex<HashSet<(MatterId, &'static str)>>);

/// Logs that the principal read `fields` of a matter, leaving out those this request has
/// already logged for it (and writing nothing when none is left). Resolvers of aliases run
/// concurrently: a field is claimed before the row is written, so one of them writes it.
pub(crate) async fn log_read(
    ctx: &Context<'_>,
    engine: &Engine,
    principal: &Principal,
    matter: &Visible<Matter>,
    fields: &[&'static str],
) -> Result<(), ApiError> {
    let fresh: Vec<&str> = match ctx.data_opt::<LoggedReads>() {
        Some(LoggedReads(logged)) => {
            let mut logged = logged.lock().unwrap_or_else(|e| e.into_inner());
            fields
                .iter()
                .copied()
                .filter(|f| logged.insert((matter.id, f)))
                .collect()
        }
        // A schema executed without the extension logs every read.
        None => fields.to_vec(),
    };
    if !fresh.is_empty() {
        engine.record_access(principal, matter, &fresh).await?;
    }
    Ok(())
}
