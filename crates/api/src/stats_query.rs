//! The half-year report for supervisors.

use async_graphql::{Context, Object};
use baton_engine::stats::DutyStatistics;
use chrono::{DateTime, Utc};

use crate::context::{engine, principal};
use crate::error::ApiResult;
use crate::objects::AgencyObject;
use crate::objects::payment::PaymentTotalObject;

/// Reports.
#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// Per province, responsible agency and kind of duty: open, overdue, met on time, met
    /// late, and the median time to discharge, for the period `[from, to)` (at most a
    /// year) in the supervisor's jurisdiction — the figures of the half-year report
    /// (TTLT 10 Điều 20(5)).
    async fn duty_statistics(
        &self,
        ctx: &Context<'_>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> ApiResult<Vec<DutyStatisticsObject>> {
        let rows = engine(ctx)?
            .duty_statistics(principal(ctx)?, from, to)
            .await?;
        Ok(rows.into_iter().map(DutyStatisticsObject).collect())
    }

    /// Totals of the payments to providers approved in `[from, to)` (at most a year), per
    /// province of the supervisor's jurisdiction: every province for the national
    /// authority, its own for a provincial justice department (T18: Nghị định 144/2017
    /// Điều 15).
    async fn payment_totals(
        &self,
        ctx: &Context<'_>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> ApiResult<Vec<PaymentTotalObject>> {
        let rows = engine(ctx)?
            .payment_totals(principal(ctx)?, from, to)
            .await?;
        Ok(rows.into_iter().map(PaymentTotalObject).collect())
    }
}

/// One line of the report.
pub struct DutyStatisticsObject(DutyStatistics);

#[Object(name = "DutyStatistics")]
impl DutyStatisticsObject {
    async fn province(&self) -> &str {
        &self.0.province
    }

    /// The agency that owes the duties.
    async fn agency(&self, ctx: &Context<'_>) -> ApiResult<AgencyObject> {
        Ok(AgencyObject(
            crate::loaders::agency(ctx, self.0.agency).await?,
        ))
    }

    /// The kind of duty (rule-set clock), e.g. `assign_provider`.
    async fn kind(&self) -> &str {
        &self.0.clock
    }

    /// Still owed at the end of the period.
    async fn open(&self) -> u64 {
        self.0.open
    }

    /// Still owed at the end of the period and past due then.
    async fn overdue(&self) -> u64 {
        self.0.overdue
    }

    /// Discharged within the period by the due instant.
    async fn met_on_time(&self) -> u64 {
        self.0.met_on_time
    }

    /// Discharged within the period after the due instant.
    async fn met_late(&self) -> u64 {
        self.0.met_late
    }

    /// Median seconds from start to discharge of the duties discharged in the period.
    async fn median_seconds_to_discharge(&self) -> Option<i64> {
        self.0.median_seconds_to_discharge
    }
}
