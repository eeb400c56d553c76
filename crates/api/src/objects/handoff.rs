use async_graphql::{Context, ID, Object};
use baton_engine::Handoff;
use chrono::{DateTime, Utc};

use crate::context::{engine, principal};
use crate::enums::{AgencyKind, HandoffStatus};
use crate::error::{ApiError, ApiResult};
use crate::objects::{AgencyObject, MatterObject};

/// A duty one agency owes inside a matter, with its clock and the law that sets it.
pub struct HandoffObject(pub Handoff);

#[Object(name = "Handoff")]
impl HandoffObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The rule-set clock, e.g. `notify_center`, `assign_provider`, `register_counsel`.
    async fn kind(&self) -> &str {
        &self.0.clock
    }

    /// What is owed, in Vietnamese.
    async fn label(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let rules = engine(ctx)?.rules();
        Ok(rules
            .all()
            .iter()
            .rev()
            .find_map(|r| r.clock(&self.0.clock))
            .map_or_else(|| self.0.clock.clone(), |c| c.label_vi.clone()))
    }

    async fn status(&self, ctx: &Context<'_>) -> ApiResult<HandoffStatus> {
        let now = engine(ctx)?.now();
        Ok(match self.0.on_time() {
            Some(true) => HandoffStatus::MetOnTime,
            Some(false) => HandoffStatus::MetLate,
            None if self.0.due_at < now => HandoffStatus::Overdue,
            None => HandoffStatus::Open,
        })
    }

    async fn responsible_agency(&self, ctx: &Context<'_>) -> ApiResult<AgencyObject> {
        let agency = engine(ctx)?
            .agency(self.0.responsible)
            .await
            .map_err(ApiError)?;
        Ok(AgencyObject(agency))
    }

    async fn responsible_kind(&self) -> AgencyKind {
        self.0.responsible_kind.into()
    }

    async fn province(&self) -> &str {
        &self.0.province
    }

    /// When the clock started (business time).
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }

    /// The legal end of the limit (exclusive): day-based limits end at 24:00 Asia/Ho_Chi_Minh.
    async fn due_at(&self) -> DateTime<Utc> {
        self.0.due_at
    }

    /// When a warning is due (a set share of the time has passed).
    async fn warn_at(&self) -> DateTime<Utc> {
        self.0.warn_at
    }

    async fn discharged_at(&self) -> Option<DateTime<Utc>> {
        self.0.discharged_at
    }

    /// Discharged by the due instant? Null while open.
    async fn on_time(&self) -> Option<bool> {
        self.0.on_time()
    }

    /// Seconds past the due instant while open and overdue; null otherwise.
    async fn overdue_seconds(&self, ctx: &Context<'_>) -> ApiResult<Option<i64>> {
        let now = engine(ctx)?.now();
        Ok((self.0.discharged_at.is_none() && self.0.due_at < now)
            .then(|| (now - self.0.due_at).num_seconds()))
    }

    /// The limit as the law states it, e.g. "12 giờ", "3 ngày làm việc".
    async fn limit(&self) -> &str {
        &self.0.limit
    }

    /// The article that sets the limit.
    async fn legal_basis(&self) -> &str {
        &self.0.basis
    }

    /// The working-calendar data the due instant was computed with.
    async fn calendar_revision(&self) -> &str {
        &self.0.calendar_revision
    }

    /// The matter this duty belongs to.
    async fn matter(&self, ctx: &Context<'_>) -> ApiResult<MatterObject> {
        let matter = engine(ctx)?
            .matter(principal(ctx)?, self.0.matter)
            .await
            .map_err(ApiError)?;
        Ok(MatterObject(matter))
    }
}
