//! The rows the half-year report is computed from.

use baton_domain::ids::AgencyId;
use chrono::{DateTime, Utc};
use sea_orm::{
    AccessMode, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseTransaction,
    EntityTrait, IsolationLevel, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entity::handoff;
use crate::scope::Scope;

/// One duty as the report counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyRow {
    pub province: String,
    pub agency: AgencyId,
    pub clock: String,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub discharged_at: Option<DateTime<Utc>>,
}

/// One page of the duties in the scope that were owed at some point of `[from, to)`:
/// started before `to` and not discharged before `from`. Moot (cancelled) duties do not
/// count. In id order, the `limit` after `after`; a report reads page after page, so its
/// memory does not grow with the number of duties.
pub async fn duties_in_period(
    db: &impl ConnectionTrait,
    scope: &Scope,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<(Uuid, DutyRow)>, StoreError> {
    type Row = (
        Uuid,
        String,
        Uuid,
        String,
        DateTime<Utc>,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
    );
    let mut query = handoff::Entity::find()
        .select_only()
        .columns([
            handoff::Column::Id,
            handoff::Column::Province,
            handoff::Column::ResponsibleAgencyId,
            handoff::Column::Clock,
            handoff::Column::StartedAt,
            handoff::Column::DueAt,
            handoff::Column::DischargedAt,
        ])
        .filter(scope.handoffs())
        .filter(handoff::Column::StartedAt.lt(to))
        .filter(handoff::Column::Cancelled.eq(false))
        .filter(
            Condition::any()
                .add(handoff::Column::DischargedAt.is_null())
                .add(handoff::Column::DischargedAt.gte(from)),
        );
    if let Some(after) = after {
        query = query.filter(handoff::Column::Id.gt(after));
    }
    let rows: Vec<Row> = query
        .order_by_asc(handoff::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, province, agency, clock, started_at, due_at, discharged_at)| {
                let row = DutyRow {
                    province,
                    agency: AgencyId(agency),
                    clock,
                    started_at,
                    due_at,
                    discharged_at,
                };
                (id, row)
            },
        )
        .collect())
}

/// On PostgreSQL, a read-only transaction on one snapshot, so that the pages of a report
/// agree with each other; `None` on SQLite, where a long read would hold its one
/// connection and keep every writer waiting.
pub async fn snapshot(db: &crate::Db) -> Result<Option<DatabaseTransaction>, StoreError> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(None);
    }
    let txn = db
        .begin_with_config(
            Some(IsolationLevel::RepeatableRead),
            Some(AccessMode::ReadOnly),
        )
        .await?;
    Ok(Some(txn))
}
