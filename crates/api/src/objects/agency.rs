use async_graphql::{Context, ID, Object};
use baton_domain::agency::Principal;
use baton_engine::{Agency, Provider};

use crate::context::engine;
use crate::enums::{AgencyKind, ProviderKind, Role};
use crate::error::ApiResult;

/// An agency: court, procuracy, investigation body, detention facility, legal aid center,
/// justice department or the national authority.
pub struct AgencyObject(pub Agency);

#[Object(name = "Agency")]
impl AgencyObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn kind(&self) -> AgencyKind {
        self.0.kind.into()
    }

    /// The kind in Vietnamese, e.g. "Tòa án".
    async fn kind_label(&self) -> &str {
        self.0.kind.label_vi()
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Province code, e.g. "HN".
    async fn province(&self) -> &str {
        &self.0.province
    }

    async fn province_name(&self) -> &str {
        &self.0.province_name
    }

    /// A legal aid center's published roster of providers (Law on Legal Aid art. 8(5));
    /// empty for other agencies.
    async fn providers(&self, ctx: &Context<'_>) -> ApiResult<Vec<ProviderObject>> {
        let roster = engine(ctx)?.roster(self.0.id).await?;
        Ok(roster.into_iter().map(ProviderObject).collect())
    }
}

/// A legal aid provider on a center's roster.
pub struct ProviderObject(pub Provider);

#[Object(name = "Provider")]
impl ProviderObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn kind(&self) -> ProviderKind {
        self.0.kind.into()
    }

    /// The kind in Vietnamese, e.g. "Trợ giúp viên pháp lý".
    async fn kind_label(&self) -> &str {
        self.0.kind.label_vi()
    }

    /// Legal aid officers, contracted and participating lawyers may act in proceedings
    /// (Law on Legal Aid art. 31(1)).
    async fn may_act_in_proceedings(&self) -> bool {
        self.0.kind.may_act_in_proceedings()
    }

    async fn card_number(&self) -> Option<&str> {
        self.0.card_number.as_deref()
    }

    async fn active(&self) -> bool {
        self.0.active
    }
}

/// The caller.
pub struct Me(pub Principal);

#[Object]
impl Me {
    async fn user_id(&self) -> ID {
        ID(self.0.user_id.to_string())
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn roles(&self) -> Vec<Role> {
        self.0.roles.iter().map(|r| (*r).into()).collect()
    }

    async fn agency(&self, ctx: &Context<'_>) -> ApiResult<AgencyObject> {
        let agency = crate::loaders::agency(ctx, self.0.agency.id).await?;
        Ok(AgencyObject(agency))
    }
}
