//! The scheduler's writes: find the handoffs a sweep phase has to fire, and fire each one
//! exactly once (a conditional update of the handoff, the matter's version bump and the
//! system event, all in the caller's transaction).
//!
//! Lock order is the commands' order, matter before handoff, so a sweep never deadlocks
//! with a command. On PostgreSQL the matter row is taken with `FOR UPDATE SKIP LOCKED`:
//! several sweepers share the work instead of queueing, and a matter a command holds is
//! left for the next batch. On SQLite (one connection per process) there is nothing to
//! lock. In both cases the conditional update (`… AND warned_at IS NULL`) is what makes a
//! firing once-only; the locks only spread the work.

use baton_domain::decide::EventDetail;
use baton_domain::ids::{AgencyId, EventId, HandoffId, MatterId};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entity::{handoff, matter, matter_event};
use crate::handoffs::Handoff;

/// The name the system signs its events with.
pub const SYSTEM_ACTOR: &str = "Hệ thống Baton";

/// The user id of the system's events (the scheduler's alerts): no user.
pub const SYSTEM_USER: Uuid = Uuid::nil();

/// What a sweep records about a handoff, in the order a handoff goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Alert {
    /// A set share of the handoff's time has passed (`warn_at`).
    Warning,
    /// The due instant has passed while the handoff is open.
    Breach,
    /// A recorded breach is still open a set time after the due instant.
    Escalation,
}

impl Alert {
    pub const ALL: [Self; 3] = [Self::Warning, Self::Breach, Self::Escalation];

    /// The event kind and notification kind, as stored.
    pub fn code(self) -> &'static str {
        match self {
            Self::Warning => "deadline_warning",
            Self::Breach => "deadline_breached",
            Self::Escalation => "breach_escalated",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

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

    /// When the alert fell due for this handoff.
    pub fn instant(self, h: &Handoff, escalate_after: Duration) -> DateTime<Utc> {
        match self {
            Self::Warning => h.warn_at,
            Self::Breach => h.due_at,
            Self::Escalation => h.due_at + escalate_after,
        }
    }

    /// The matter event this alert records.
    pub fn detail(self, h: &Handoff) -> EventDetail {
        let (handoff, clock, due_at) = (h.id, h.clock.clone(), h.due_at);
        match self {
            Self::Warning => EventDetail::DeadlineWarning {
                handoff,
                clock,
                due_at,
            },
            Self::Breach => EventDetail::DeadlineBreached {
                handoff,
                clock,
                due_at,
            },
            Self::Escalation => EventDetail::BreachEscalated {
                handoff,
                clock,
                due_at,
            },
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
        let at = first.map(|h| match alert {
            Alert::Warning => h.warn_at,
            // Strictly after the due instant; microseconds are what both databases keep.
            Alert::Breach => h.due_at + Duration::microseconds(1),
            Alert::Escalation => h.due_at + escalate_after + Duration::microseconds(1),
        });
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
    let row = matter::Entity::find_by_id(id.0)
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

/// Appends a system event to the matter's timeline: bumps its version and writes the event
/// with `seq` = the new version, signed by the system on behalf of `agency`. It occurred
/// when the alert fell due (`occurred_at`) and is recorded `now`, later after downtime.
pub async fn append_system_event(
    db: &impl ConnectionTrait,
    matter_id: MatterId,
    alert: Alert,
    detail: &EventDetail,
    agency: AgencyId,
    occurred_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let bumped = matter::Entity::update_many()
        .col_expr(
            matter::Column::Version,
            Expr::col(matter::Column::Version).add(1),
        )
        .col_expr(matter::Column::UpdatedAt, Expr::value(now))
        .filter(matter::COLUMN.id.eq(matter_id.0))
        .exec_with_returning(db)
        .await?;
    let version = match bumped.as_slice() {
        [m] => m.version,
        _ => return Err(StoreError::Corrupt(format!("matter {matter_id} vanished"))),
    };
    let detail = serde_json::to_string(detail)
        .map_err(|e| StoreError::Corrupt(format!("event detail does not serialize: {e}")))?;
    matter_event::ActiveModel {
        id: Set(EventId::generate().0),
        matter_id: Set(matter_id.0),
        seq: Set(version),
        kind: Set(alert.code().to_owned()),
        actor_user_id: Set(SYSTEM_USER),
        actor_agency_id: Set(agency.0),
        actor_name: Set(SYSTEM_ACTOR.to_owned()),
        occurred_at: Set(occurred_at),
        recorded_at: Set(now),
        detail: Set(detail),
    }
    .insert(db)
    .await?;
    Ok(version)
}
