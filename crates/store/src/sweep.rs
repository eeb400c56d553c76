//! The scheduler's reads and writes on handoffs: find the handoffs a sweep phase has to
//! fire, lock their matters, and mark each alert fired exactly once (a conditional update
//! of the handoff, in the caller's transaction). The alert's event and the matter's version
//! are written by the engine, down the same path as every command.
//!
//! Lock order is the commands' order, matter before handoff, so a sweep never deadlocks
//! with a command. On PostgreSQL the matter row is taken with `FOR UPDATE SKIP LOCKED`:
//! several sweepers share the work instead of queueing, and a matter a command holds is
//! left for the next batch. On SQLite (one connection per process) there is nothing to
//! lock. In both cases the conditional update (`… AND warned_at IS NULL`) is what makes a
//! firing once-only; the locks only spread the work.

use baton_domain::ids::{HandoffId, MatterId};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entity::{handoff, matter};
use crate::handoffs::Handoff;

pub use baton_domain::agency::{SYSTEM_ACTOR, SYSTEM_USER};
pub use baton_domain::decide::Alert;

/// How each alert reads and writes the handoff table.
trait Stored {
    fn column(self) -> handoff::Column;
    fn pending(self) -> Condition;
    fn time_column(self) -> handoff::Column;
    fn due(self, now: DateTime<Utc>, escalate_after: Duration) -> Condition;
}

impl Stored for Alert {
    fn column(self) -> handoff::Column {
        match self {
            Self::Warning => handoff::Column::WarnedAt,
            Self::Breach => handoff::Column::BreachedAt,
            Self::Escalation => handoff::Column::EscalatedAt,
        }
    }

    /// The handoffs this alert has still to fire for: the partial indexes' predicates
    /// (so that both databases use them), and the clock not paused.
    fn pending(self) -> Condition {
        // A paused clock stands still: no alert until it runs again.
        let open = Condition::all()
            .add(handoff::Column::DischargedAt.is_null())
            .add(handoff::Column::PausedAt.is_null());
        match self {
            Self::Warning => open.add(handoff::Column::WarnedAt.is_null()),
            Self::Breach => open.add(handoff::Column::BreachedAt.is_null()),
            Self::Escalation => open
                .add(handoff::Column::BreachedAt.is_not_null())
                .add(handoff::Column::EscalatedAt.is_null()),
        }
    }

    /// The instant column the alert falls due by, and the index's sort key.
    fn time_column(self) -> handoff::Column {
        match self {
            Self::Warning => handoff::Column::WarnAt,
            Self::Breach | Self::Escalation => handoff::Column::DueAt,
        }
    }

    /// Due at `now`: the warning at `warn_at`, the breach strictly after `due_at` (a
    /// discharge at exactly `due_at` is on time), the escalation `escalate_after` later.
    fn due(self, now: DateTime<Utc>, escalate_after: Duration) -> Condition {
        let c = Condition::all();
        match self {
            Self::Warning => c.add(handoff::COLUMN.warn_at.lte(now)),
            Self::Breach => c.add(handoff::COLUMN.due_at.lt(now)),
            Self::Escalation => c.add(handoff::COLUMN.due_at.lt(now - escalate_after)),
        }
    }
}

/// Up to `limit` handoffs `alert` has to fire for at `now`, earliest first. Nothing is
/// locked yet: [`lock_matter`] and [`fire`] decide who fires each one.
pub async fn pending(
    db: &impl ConnectionTrait,
    alert: Alert,
    now: DateTime<Utc>,
    escalate_after: Duration,
    limit: u64,
) -> Result<Vec<Handoff>, StoreError> {
    handoff::Entity::find()
        .filter(alert.pending())
        .filter(alert.due(now, escalate_after))
        .order_by_asc(alert.time_column())
        .order_by_asc(handoff::COLUMN.id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(Handoff::try_from)
        .collect()
}

/// The earliest instant at which some alert falls due, for the scheduler's next wake-up.
pub async fn next_due(
    db: &impl ConnectionTrait,
    escalate_after: Duration,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let mut next: Option<DateTime<Utc>> = None;
    for alert in Alert::ALL {
        let first = handoff::Entity::find()
            .filter(alert.pending())
            .order_by_asc(alert.time_column())
            .order_by_asc(handoff::COLUMN.id)
            .one(db)
            .await?;
        let at = first.map(|h| alert.fires_from(h.due_at, h.warn_at, escalate_after));
        next = match (next, at) {
            (Some(a), Some(b)) => Some(Ord::min(a, b)),
            (a, b) => a.or(b),
        };
    }
    Ok(next)
}

/// Takes the matter's row lock for this transaction. On PostgreSQL a row another
/// transaction holds is skipped (`false`): its sweeper or command will finish first, and
/// whatever is still due is fired by a later batch.
pub async fn lock_matter(db: &impl ConnectionTrait, id: MatterId) -> Result<bool, StoreError> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(true);
    }
    let row = matter::Entity::find_by_id(id)
        .select_only()
        .column(matter::Column::Id)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    Ok(row.is_some())
}

/// Records that `alert` fired for the handoff, if it has not yet and the handoff is still
/// open. `false` means someone else fired it first or the duty was discharged meanwhile.
pub async fn fire(
    db: &impl ConnectionTrait,
    alert: Alert,
    id: HandoffId,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let result = handoff::Entity::update_many()
        .col_expr(alert.column(), Expr::value(now))
        .filter(handoff::COLUMN.id.eq(id.0))
        .filter(alert.pending())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
