//! Queries on matters, handoffs and agencies: what each user reads.

use async_graphql::connection::{Connection, OpaqueCursor};
use async_graphql::{Context, ID, InputObject, Object};
use baton_domain::ids::{AgencyId, MatterId};
use baton_domain::matter::MatterState as DMatterState;
use baton_engine::{Handoff, Key, OverdueFilter as EngineFilter};
use chrono::{DateTime, Utc};

use crate::context::{engine, parse_id, principal};
use crate::enums::{AgencyKind, MatterState, Stage};
use crate::error::{ApiResult, bad_input};
use crate::objects::{AgencyObject, HandoffObject, MatterObject, Me};
use crate::paging::{connection, decode_after, page_size};

/// Reads of matters, handoffs and agencies.
#[derive(Default)]
pub struct MatterQuery;

/// Filters of the overdue list; every field is optional.
#[derive(InputObject, Default)]
pub struct OverdueHandoffsFilter {
    /// Province code of the matter, e.g. "HN".
    pub province: Option<String>,
    /// The agency that owes the duty.
    pub agency_id: Option<ID>,
    /// The rule-set clock, e.g. `assign_provider`.
    pub kind: Option<String>,
    /// The kind of agency that owes the duty.
    pub agency_kind: Option<AgencyKind>,
    /// The stage of the matter's proceeding.
    pub stage: Option<Stage>,
    /// Only duties overdue by more than this many seconds.
    pub overdue_by_more_than_seconds: Option<i64>,
}

fn matter_key(m: &baton_engine::Visible<baton_engine::Matter>) -> Key {
    Key {
        at: m.facts.received_at,
        id: m.id.0,
    }
}

#[Object]
impl MatterQuery {
    /// The caller: user, roles, agency.
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<Me> {
        Ok(Me(principal(ctx)?.clone()))
    }

    /// A matter the caller may see. Absent and not visible both answer `NOT_FOUND`.
    async fn matter(&self, ctx: &Context<'_>, id: ID) -> ApiResult<MatterObject> {
        let id: MatterId = parse_id("id", &id)?;
        let matter = engine(ctx)?.matter(principal(ctx)?, id).await?;
        Ok(MatterObject(matter))
    }

    /// The coordinator's inbox: referrals to their center, newest received first. By
    /// default, those waiting for an answer or for a provider.
    #[graphql(complexity = "crate::paging::page_cost(first, child_complexity)")]
    async fn inbox(
        &self,
        ctx: &Context<'_>,
        states: Option<Vec<MatterState>>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<OpaqueCursor<Key>, MatterObject>> {
        let states: Option<Vec<DMatterState>> =
            states.map(|s| s.into_iter().map(Into::into).collect());
        let had_cursor = after.is_some();
        let page = engine(ctx)?
            .inbox(
                principal(ctx)?,
                states.as_deref(),
                decode_after(after.as_deref())?,
                page_size(first)?,
            )
            .await?;
        Ok(connection(page, had_cursor, matter_key, MatterObject))
    }

    /// Every matter the caller may see, newest received first: an agency's own requests,
    /// a center's referrals, a supervisor's province. Optionally only some states.
    #[graphql(complexity = "crate::paging::page_cost(first, child_complexity)")]
    async fn matters(
        &self,
        ctx: &Context<'_>,
        states: Option<Vec<MatterState>>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<OpaqueCursor<Key>, MatterObject>> {
        let states: Vec<DMatterState> = states
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect();
        let had_cursor = after.is_some();
        let page = engine(ctx)?
            .matters(
                principal(ctx)?,
                &states,
                decode_after(after.as_deref())?,
                page_size(first)?,
            )
            .await?;
        Ok(connection(page, had_cursor, matter_key, MatterObject))
    }

    /// Open handoffs past their due instant, most overdue first (supervisors: their
    /// province; the national authority: all), with how long each is overdue, who owes
    /// it and how far the scheduler's alerts have gone.
    #[graphql(complexity = "crate::paging::page_cost(first, child_complexity)")]
    async fn overdue_handoffs(
        &self,
        ctx: &Context<'_>,
        filter: Option<OverdueHandoffsFilter>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<OpaqueCursor<Key>, HandoffObject>> {
        let filter = filter.unwrap_or_default();
        let filter = EngineFilter {
            province: filter.province,
            agency: filter
                .agency_id
                .map(|a| parse_id::<AgencyId>("filter.agencyId", &a))
                .transpose()?,
            clock: filter.kind,
            agency_kind: filter.agency_kind.map(Into::into),
            stage: filter.stage.map(Into::into),
            overdue_by_more_than: filter
                .overdue_by_more_than_seconds
                .map(|s| {
                    chrono::Duration::try_seconds(s)
                        .filter(|d| *d >= chrono::Duration::zero())
                        .ok_or_else(|| {
                            bad_input(
                                "filter.overdueByMoreThanSeconds",
                                "must be a number of seconds, zero or more",
                            )
                        })
                })
                .transpose()?,
        };
        let had_cursor = after.is_some();
        let page = engine(ctx)?
            .overdue_handoffs(
                principal(ctx)?,
                &filter,
                decode_after(after.as_deref())?,
                page_size(first)?,
            )
            .await?;
        Ok(connection(
            page,
            had_cursor,
            handoff_key,
            HandoffObject::new,
        ))
    }

    /// The open duties the caller's agency owes, soonest due first (overdue ones first):
    /// a court's counsel registrations and hearing schedules, a center's assignments and
    /// replacements. Paused clocks are left out. Agency officers and coordinators.
    #[graphql(complexity = "crate::paging::page_cost(first, child_complexity)")]
    async fn duties_owed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only duties due before this instant, e.g. the end of tomorrow.")]
        due_before: Option<DateTime<Utc>>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<OpaqueCursor<Key>, HandoffObject>> {
        let had_cursor = after.is_some();
        let page = engine(ctx)?
            .duties_owed(
                principal(ctx)?,
                due_before,
                decode_after(after.as_deref())?,
                page_size(first)?,
            )
            .await?;
        Ok(connection(
            page,
            had_cursor,
            handoff_key,
            HandoffObject::new,
        ))
    }

    /// The agency directory, e.g. to find the legal aid center of a province.
    async fn agencies(
        &self,
        ctx: &Context<'_>,
        kind: Option<AgencyKind>,
        province: Option<String>,
    ) -> ApiResult<Vec<AgencyObject>> {
        principal(ctx)?;
        let agencies = engine(ctx)?
            .agencies(kind.map(Into::into), province.as_deref())
            .await?;
        Ok(agencies.into_iter().map(AgencyObject).collect())
    }
}

/// Handoff lists are ordered by due instant, then id.
fn handoff_key(h: &Handoff) -> Key {
    Key {
        at: h.due_at,
        id: h.id.0,
    }
}
