//! Handoffs: duties with a clock, opened and discharged by decisions.

use baton_domain::agency::AgencyKind;
use baton_domain::decide::{Computation, PlannedHandoff};
use baton_domain::ids::{AgencyId, HandoffId, MatterId};
use baton_domain::matter::Stage;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::StoreError;
use crate::clock_changes::{self, Change, HistoryEntry, history_json, parse_history};
use crate::convert::code;
use crate::entity::{handoff, matter};
use crate::matters::Matter;
use crate::page::{Key, Page};
use crate::scope::{Reach, Scope, Visible};

/// A handoff as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handoff {
    pub id: HandoffId,
    pub matter: MatterId,
    pub clock: String,
    pub responsible: AgencyId,
    pub responsible_kind: AgencyKind,
    pub province: String,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub warn_at: DateTime<Utc>,
    pub limit: String,
    pub basis: String,
    pub calendar_revision: String,
    pub discharged_at: Option<DateTime<Utc>>,
    /// When the scheduler recorded the warning, the breach and the escalation.
    pub warned_at: Option<DateTime<Utc>>,
    pub breached_at: Option<DateTime<Utc>>,
    pub escalated_at: Option<DateTime<Utc>>,
    /// Set while the clock stands still.
    pub paused_at: Option<DateTime<Utc>>,
    /// The duty became moot; `discharged_at` holds when.
    pub cancelled: bool,
    pub history: Vec<HistoryEntry>,
    /// The legal basis for passing the person's data on with this handoff.
    pub data_basis: String,
    /// How the due instant was computed; `None` for handoffs opened before it was kept.
    pub computation: Option<Computation>,
}

impl Handoff {
    /// Whether `scope` admits the handoff, checked in memory (an alert published on the
    /// bus): the same reach as the condition `Scope::handoffs` puts on the database.
    pub fn admitted_by(&self, scope: &Scope) -> bool {
        match scope.reach() {
            Reach::All => true,
            Reach::Province(p) => *p == self.province,
            Reach::Agency(a) => self.responsible.0 == *a,
            Reach::Assigned(_) | Reach::Nothing => false,
        }
    }

    /// Discharged by its due instant? `None` while open, and for a moot duty.
    pub fn on_time(&self) -> Option<bool> {
        if self.cancelled {
            return None;
        }
        self.discharged_at.map(|d| d <= self.due_at)
    }
}

impl TryFrom<handoff::Model> for Handoff {
    type Error = StoreError;
    fn try_from(m: handoff::Model) -> Result<Self, StoreError> {
        Ok(Self {
            id: HandoffId(m.id),
            matter: MatterId(m.matter_id),
            clock: m.clock,
            responsible: AgencyId(m.responsible_agency_id),
            responsible_kind: code(&m.responsible_kind, "agency kind", AgencyKind::from_code)?,
            province: m.province,
            started_at: m.started_at,
            due_at: m.due_at,
            warn_at: m.warn_at,
            limit: m.limit_text,
            basis: m.basis,
            calendar_revision: m.calendar_revision,
            discharged_at: m.discharged_at,
            warned_at: m.warned_at,
            breached_at: m.breached_at,
            escalated_at: m.escalated_at,
            paused_at: m.paused_at,
            cancelled: m.cancelled,
            history: parse_history(m.id, &m.history)?,
            data_basis: m.data_basis,
            computation: m
                .computation
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|e| StoreError::Corrupt(format!("handoff {} computation: {e}", m.id)))?,
        })
    }
}

/// Opens a planned handoff owed by an agency of `kind` in `province`.
pub async fn open(
    db: &impl ConnectionTrait,
    matter: MatterId,
    plan: &PlannedHandoff,
    responsible_kind: AgencyKind,
    province: &str,
) -> Result<HandoffId, StoreError> {
    let id = HandoffId::generate();
    handoff::ActiveModel {
        id: Set(id.0),
        matter_id: Set(matter.0),
        clock: Set(plan.clock.clone()),
        responsible_agency_id: Set(plan.responsible.0),
        responsible_kind: Set(responsible_kind.code().to_owned()),
        province: Set(province.to_owned()),
        started_at: Set(plan.started_at),
        due_at: Set(plan.due_at),
        warn_at: Set(plan.warn_at),
        limit_text: Set(plan.limit.clone()),
        basis: Set(plan.basis.clone()),
        calendar_revision: Set(plan.calendar_revision.clone()),
        discharged_at: Set(plan.discharged_at),
        warned_at: Set(None),
        breached_at: Set(None),
        escalated_at: Set(None),
        paused_at: Set(None),
        cancelled: Set(false),
        history: Set(history_json(&opening_history(plan))?),
        data_basis: Set(plan.data_basis.clone()),
        computation: Set(Some(
            serde_json::to_string(&plan.computation)
                .map_err(|e| StoreError::Corrupt(format!("handoff computation: {e}")))?,
        )),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// The history of a new handoff: opened, and discharged at once if the same transition
/// met the duty (a request is its own notice).
fn opening_history(plan: &PlannedHandoff) -> Vec<HistoryEntry> {
    let mut history = vec![HistoryEntry {
        at: plan.started_at,
        what: "opened".into(),
        due_at: plan.due_at,
    }];
    if let Some(at) = plan.discharged_at {
        history.push(HistoryEntry {
            at,
            what: "discharged".into(),
            due_at: plan.due_at,
        });
    }
    history
}

/// Discharges an open handoff; discharging one twice is a conflict.
pub async fn discharge(
    db: &impl ConnectionTrait,
    id: HandoffId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    clock_changes::apply(db, id, Change::Discharge, at).await
}

/// One handoff by id, for system use (the relay between replicas); no scope applies.
pub async fn get(db: &impl ConnectionTrait, id: HandoffId) -> Result<Option<Handoff>, StoreError> {
    handoff::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(Handoff::try_from)
        .transpose()
}

/// Open handoffs (not met, not cancelled) of every matter, by id after `after`: for system
/// work over all of them (a recompute); no scope applies.
pub async fn open_page(
    db: &impl ConnectionTrait,
    after: Option<HandoffId>,
    limit: u64,
) -> Result<Vec<Handoff>, StoreError> {
    let mut query = handoff::Entity::find().filter(handoff::Column::DischargedAt.is_null());
    if let Some(after) = after {
        query = query.filter(handoff::COLUMN.id.gt(after.0));
    }
    query
        .order_by_asc(handoff::COLUMN.id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(Handoff::try_from)
        .collect()
}

/// Every handoff of a matter the caller may see, oldest first.
pub async fn for_matter(
    db: &impl ConnectionTrait,
    matter: &Visible<Matter>,
) -> Result<Vec<Handoff>, StoreError> {
    handoff::Entity::find()
        .filter(handoff::COLUMN.matter_id.eq(matter.id.0))
        .order_by_asc(handoff::COLUMN.started_at)
        .order_by_asc(handoff::COLUMN.id)
        .all(db)
        .await?
        .into_iter()
        .map(Handoff::try_from)
        .collect()
}

/// Filters for the overdue list; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct OverdueFilter {
    /// The matter's province.
    pub province: Option<String>,
    /// The agency that owes the duty.
    pub agency: Option<AgencyId>,
    /// The kind of agency that owes the duty.
    pub agency_kind: Option<AgencyKind>,
    /// The rule-set clock (the handoff's kind).
    pub clock: Option<String>,
    /// The stage of the matter's proceeding.
    pub stage: Option<Stage>,
    /// Only handoffs overdue by more than this.
    pub overdue_by_more_than: Option<Duration>,
}

/// Open handoffs whose due instant is before `now`, most overdue first. The partial
/// indexes on open handoffs by `(due_at, id)` and `(province, due_at, id)` make a page
/// cost what it returns.
pub async fn overdue(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &OverdueFilter,
    now: DateTime<Utc>,
    after: Option<Key>,
    limit: u64,
) -> Result<Page<Handoff>, StoreError> {
    let cutoff = now - filter.overdue_by_more_than.unwrap_or_else(Duration::zero);
    running(db, scope, filter, Some(cutoff), after, limit).await
}

/// Open handoffs whose clock runs (not paused), due before `due_before` if given, soonest
/// due first: what an agency has to do next.
pub async fn running(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &OverdueFilter,
    due_before: Option<DateTime<Utc>>,
    after: Option<Key>,
    limit: u64,
) -> Result<Page<Handoff>, StoreError> {
    let mut cond = Condition::all()
        .add(scope.handoffs())
        .add(handoff::Column::DischargedAt.is_null())
        .add(handoff::Column::PausedAt.is_null());
    if let Some(cutoff) = due_before {
        cond = cond.add(handoff::COLUMN.due_at.lt(cutoff));
    }
    if let Some(p) = &filter.province {
        cond = cond.add(handoff::COLUMN.province.eq(p.clone()));
    }
    if let Some(a) = filter.agency {
        cond = cond.add(handoff::COLUMN.responsible_agency_id.eq(a.0));
    }
    if let Some(k) = filter.agency_kind {
        cond = cond.add(handoff::COLUMN.responsible_kind.eq(k.code()));
    }
    if let Some(c) = &filter.clock {
        cond = cond.add(handoff::COLUMN.clock.eq(c.clone()));
    }
    if let Some(stage) = filter.stage {
        cond = cond.add(
            handoff::Column::MatterId.in_subquery(
                Query::select()
                    .column(matter::Column::Id)
                    .from(matter::Entity)
                    .and_where(matter::Column::Stage.eq(stage.code()))
                    .to_owned(),
            ),
        );
    }
    if let Some(k) = after {
        cond = cond.add(
            Condition::any().add(handoff::COLUMN.due_at.gt(k.at)).add(
                Condition::all()
                    .add(handoff::COLUMN.due_at.eq(k.at))
                    .add(handoff::COLUMN.id.gt(k.id)),
            ),
        );
    }
    let rows = handoff::Entity::find()
        .filter(cond)
        .order_by_asc(handoff::COLUMN.due_at)
        .order_by_asc(handoff::COLUMN.id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(Handoff::try_from)
        .collect::<Result<_, _>>()?;
    Ok(Page::from_overfetch(items, limit))
}
