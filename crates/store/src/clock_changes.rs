//! What happens to a handoff's clock after it opens: discharged (the duty met),
//! cancelled (the duty moot), paused and resumed. Each change is conditional on the
//! handoff's current state, so a change applies once, and is written to its history.

use baton_domain::decide::Computation;
use baton_domain::ids::HandoffId;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use crate::StoreError;
use crate::entity::handoff;

/// One line of a handoff's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    /// `opened`, `discharged`, `cancelled`, `paused`, `resumed`, `moved` (a recompute).
    pub what: String,
    /// The due instant after this change.
    pub due_at: DateTime<Utc>,
}

/// A change to an open handoff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Discharge,
    Cancel,
    Pause,
    /// The clock runs again; due and warning instants moved by the time it stood still, and
    /// the computation (if the handoff keeps one) explains the new due instant.
    Resume {
        due_at: DateTime<Utc>,
        warn_at: DateTime<Utc>,
        computation: Option<Box<Computation>>,
    },
    /// A recompute moved the due instant of a handoff still due at `from`: the calendar or
    /// the rule set changed. The pause state is left as it is.
    Move {
        from: DateTime<Utc>,
        due_at: DateTime<Utc>,
        warn_at: DateTime<Utc>,
        computation: Box<Computation>,
        calendar_revision: String,
    },
}

fn computation_json(c: &Computation) -> Result<String, StoreError> {
    serde_json::to_string(c).map_err(|e| StoreError::Corrupt(format!("handoff computation: {e}")))
}

pub(crate) fn history_json(entries: &[HistoryEntry]) -> Result<String, StoreError> {
    serde_json::to_string(entries).map_err(|e| StoreError::Corrupt(format!("history: {e}")))
}

pub(crate) fn parse_history(id: uuid::Uuid, stored: &str) -> Result<Vec<HistoryEntry>, StoreError> {
    serde_json::from_str(stored)
        .map_err(|e| StoreError::Corrupt(format!("handoff {id} history: {e}")))
}

/// Applies a change to an open handoff at `at`; a handoff not in the right state (already
/// discharged, not paused, ...) is a conflict and nothing is written.
pub async fn apply(
    db: &impl ConnectionTrait,
    id: HandoffId,
    change: Change,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let conflict = || StoreError::Conflict(format!("handoff {id} cannot be changed now"));
    let row = handoff::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(conflict)?;
    let mut history = parse_history(row.id, &row.history)?;
    let mut update = handoff::Entity::update_many()
        .filter(handoff::COLUMN.id.eq(id.0))
        .filter(handoff::Column::DischargedAt.is_null());
    let (what, due_at) = match change {
        Change::Discharge | Change::Cancel => {
            let cancel = change == Change::Cancel;
            update = update
                .col_expr(handoff::Column::DischargedAt, Expr::value(at))
                .col_expr(handoff::Column::Cancelled, Expr::value(cancel))
                .col_expr(
                    handoff::Column::PausedAt,
                    Expr::value(Option::<DateTime<Utc>>::None),
                );
            let what = if cancel { "cancelled" } else { "discharged" };
            (what, row.due_at)
        }
        Change::Pause => {
            update = update
                .filter(handoff::Column::PausedAt.is_null())
                .col_expr(handoff::Column::PausedAt, Expr::value(at));
            ("paused", row.due_at)
        }
        Change::Resume {
            due_at,
            warn_at,
            computation,
        } => {
            update = update
                .filter(handoff::Column::PausedAt.is_not_null())
                .col_expr(
                    handoff::Column::PausedAt,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .col_expr(handoff::Column::DueAt, Expr::value(due_at))
                .col_expr(handoff::Column::WarnAt, Expr::value(warn_at));
            if let Some(c) = computation {
                update = update.col_expr(
                    handoff::Column::Computation,
                    Expr::value(Some(computation_json(&c)?)),
                );
            }
            ("resumed", due_at)
        }
        Change::Move {
            from,
            due_at,
            warn_at,
            computation,
            calendar_revision,
        } => {
            update = update
                .filter(handoff::COLUMN.due_at.eq(from))
                .col_expr(
                    handoff::Column::Computation,
                    Expr::value(Some(computation_json(&computation)?)),
                )
                .col_expr(handoff::Column::DueAt, Expr::value(due_at))
                .col_expr(handoff::Column::WarnAt, Expr::value(warn_at))
                .col_expr(
                    handoff::Column::CalendarRevision,
                    Expr::value(calendar_revision),
                )
                .col_expr(
                    handoff::Column::LimitText,
                    Expr::value(computation.limit.clone()),
                )
                .col_expr(
                    handoff::Column::Basis,
                    Expr::value(computation.basis.clone()),
                );
            ("moved", due_at)
        }
    };
    history.push(HistoryEntry {
        at,
        what: what.to_owned(),
        due_at,
    });
    let result = update
        .col_expr(
            handoff::Column::History,
            Expr::value(history_json(&history)?),
        )
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(conflict());
    }
    Ok(())
}
