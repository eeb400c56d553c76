//! The rows the half-year report is computed from.

use baton_domain::ids::AgencyId;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

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

/// Duties in the scope that were owed at some point of `[from, to)`: started before `to`
/// and not discharged before `from`. Moot (cancelled) duties do not count. At most `cap`
/// rows; `None` when there are more (the caller asks for a narrower report).
pub async fn duties_in_period(
    db: &impl ConnectionTrait,
    scope: &Scope,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    cap: u64,
) -> Result<Option<Vec<DutyRow>>, StoreError> {
    let rows = handoff::Entity::find()
        .filter(scope.handoffs())
        .filter(handoff::COLUMN.started_at.lt(to))
        .filter(handoff::Column::Cancelled.eq(false))
        .filter(
            Condition::any()
                .add(handoff::Column::DischargedAt.is_null())
                .add(handoff::Column::DischargedAt.gte(from)),
        )
        .limit(cap + 1)
        .all(db)
        .await?;
    if rows.len() as u64 > cap {
        return Ok(None);
    }
    Ok(Some(
        rows.into_iter()
            .map(|h| DutyRow {
                province: h.province,
                agency: AgencyId(h.responsible_agency_id),
                clock: h.clock,
                started_at: h.started_at,
                due_at: h.due_at,
                discharged_at: h.discharged_at,
            })
            .collect(),
    ))
}
