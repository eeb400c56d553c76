//! Batch loading for nested fields (`agency`, `provider`, `responsiblePerson`, …): every
//! such field asked for in one response costs one query per kind, not one per row.
//!
//! The loader lives in the schema, shared by every request, and caches nothing: each
//! response reads what is committed. It serves only directory data and officers of duties
//! the caller has already been allowed to see.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};
use baton_domain::ids::{AgencyId, MatterId, ProviderId};
use baton_engine::{Agency, Engine, EngineError, Officer, Provider, cause_chain};

use crate::error::ApiError;

/// The engine, seen as a batch loader.
pub struct Loaders(pub Engine);

/// A failed batch, shared by every field that waited on it.
type Failed = Arc<EngineError>;

/// The loader a schema serves with.
pub fn data_loader(engine: Engine) -> DataLoader<Loaders> {
    DataLoader::new(Loaders(engine), tokio::spawn)
}

fn logged(err: EngineError) -> Failed {
    let chain = cause_chain(&err);
    tracing::error!(error.message = %err, error.cause_chain = %chain, "batch load failed");
    Arc::new(err)
}

impl Loader<AgencyId> for Loaders {
    type Value = Agency;
    type Error = Failed;

    async fn load(&self, ids: &[AgencyId]) -> Result<HashMap<AgencyId, Agency>, Failed> {
        self.0.agencies_by_id(ids).await.map_err(logged)
    }
}

impl Loader<ProviderId> for Loaders {
    type Value = Provider;
    type Error = Failed;

    async fn load(&self, ids: &[ProviderId]) -> Result<HashMap<ProviderId, Provider>, Failed> {
        self.0.providers_by_id(ids).await.map_err(logged)
    }
}

impl Loader<(MatterId, AgencyId)> for Loaders {
    type Value = Officer;
    type Error = Failed;

    async fn load(
        &self,
        keys: &[(MatterId, AgencyId)],
    ) -> Result<HashMap<(MatterId, AgencyId), Officer>, Failed> {
        self.0.officers_in_charge(keys).await.map_err(logged)
    }
}

fn loader<'a>(ctx: &Context<'a>) -> Result<&'a DataLoader<Loaders>, ApiError> {
    ctx.data::<DataLoader<Loaders>>()
        .map_err(|_| EngineError::internal("schema built without a data loader").into())
}

fn failed(_: Failed) -> ApiError {
    // Already logged with its cause by the loader.
    EngineError::internal("batch load failed").into()
}

/// An agency by id, batched with the other agencies of the response.
pub(crate) async fn agency(ctx: &Context<'_>, id: AgencyId) -> Result<Agency, ApiError> {
    loader(ctx)?
        .load_one(id)
        .await
        .map_err(failed)?
        .ok_or_else(|| EngineError::NotFound("agency").into())
}

/// A provider by id, batched with the other providers of the response.
pub(crate) async fn provider(ctx: &Context<'_>, id: ProviderId) -> Result<Provider, ApiError> {
    loader(ctx)?
        .load_one(id)
        .await
        .map_err(failed)?
        .ok_or_else(|| EngineError::NotFound("provider").into())
}

/// The officer in charge of `matter` at `agency`, if anybody there has acted on it.
pub(crate) async fn officer(
    ctx: &Context<'_>,
    matter: MatterId,
    agency: AgencyId,
) -> Result<Option<Officer>, ApiError> {
    loader(ctx)?
        .load_one((matter, agency))
        .await
        .map_err(failed)
}
