//! The agency directory and the centers' rosters, kept by administrators of the province
//! (the national authority's: any). Each change is in the administration log.

use async_graphql::{Context, ID, InputObject, Object};
use baton_domain::ids::{AgencyId, ProviderId};
use baton_engine::{NewAgency, NewProvider};

use crate::context::{engine, parse_id, principal};
use crate::enums::{AgencyKind, ProviderKind};
use crate::error::ApiResult;
use crate::objects::{AgencyObject, ProviderObject};

/// Directory administration.
#[derive(Default)]
pub struct DirectoryMutation;

#[derive(InputObject)]
pub struct AddAgencyInput {
    pub kind: AgencyKind,
    /// The official name, with diacritics (at most 200 characters).
    pub name: String,
    /// Province code, e.g. "HN".
    pub province: String,
    /// e.g. "Thành phố Hà Nội".
    pub province_name: String,
    /// For a `LEGAL_AID_BRANCH` only: its center, in the same province.
    pub parent_id: Option<ID>,
}

#[derive(InputObject)]
pub struct AddProviderInput {
    /// The legal aid center (or branch) whose roster the provider joins.
    pub center_id: ID,
    pub name: String,
    pub kind: ProviderKind,
    /// The legal aid officer's or lawyer's card number.
    pub card_number: Option<String>,
}

#[derive(InputObject)]
pub struct SetProviderActiveInput {
    pub provider_id: ID,
    /// False: no longer assignable (matters already assigned keep the provider until
    /// replaced).
    pub active: bool,
}

#[Object]
impl DirectoryMutation {
    /// Adds an agency to the directory.
    async fn add_agency(
        &self,
        ctx: &Context<'_>,
        input: AddAgencyInput,
    ) -> ApiResult<AgencyObject> {
        let parent = input
            .parent_id
            .as_ref()
            .map(|id| parse_id::<AgencyId>("parentId", id))
            .transpose()?;
        let new = NewAgency {
            kind: input.kind.into(),
            name: input.name,
            province: input.province,
            province_name: input.province_name,
            parent,
        };
        let agency = engine(ctx)?.add_agency(Some(principal(ctx)?), new).await?;
        Ok(AgencyObject(agency))
    }

    /// Puts a provider on a center's published roster (Law on Legal Aid art. 8(5)).
    async fn add_provider(
        &self,
        ctx: &Context<'_>,
        input: AddProviderInput,
    ) -> ApiResult<ProviderObject> {
        let new = NewProvider {
            center: parse_id("centerId", &input.center_id)?,
            name: input.name,
            kind: input.kind.into(),
            card_number: input.card_number,
        };
        let provider = engine(ctx)?
            .add_provider(Some(principal(ctx)?), new)
            .await?;
        Ok(ProviderObject(provider))
    }

    /// Marks a provider active, or no longer active (not assignable).
    async fn set_provider_active(
        &self,
        ctx: &Context<'_>,
        input: SetProviderActiveInput,
    ) -> ApiResult<ProviderObject> {
        let provider: ProviderId = parse_id("providerId", &input.provider_id)?;
        let provider = engine(ctx)?
            .set_provider_active(Some(principal(ctx)?), provider, input.active)
            .await?;
        Ok(ProviderObject(provider))
    }
}
