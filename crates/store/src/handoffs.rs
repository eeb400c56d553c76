//! Handoffs: duties with a clock, opened and discharged by decisions.

use baton_domain::agency::AgencyKind;
use baton_domain::decide::PlannedHandoff;
use baton_domain::ids::{AgencyId, HandoffId, MatterId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::StoreError;
use crate::convert::code;
use crate::entity::handoff;
use crate::page::{Key, Page};
use crate::scope::Scope;

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
}

impl Handoff {
    /// Discharged by its due instant? `None` while open.
    pub fn on_time(&self) -> Option<bool> {
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
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Discharges an open handoff; discharging one twice is a conflict.
pub async fn discharge(
    db: &impl ConnectionTrait,
    id: HandoffId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let result = handoff::Entity::update_many()
        .col_expr(handoff::Column::DischargedAt, Expr::value(at))
        .filter(handoff::COLUMN.id.eq(id.0))
        .filter(handoff::Column::DischargedAt.is_null())
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(StoreError::Conflict(format!("handoff {id} is not open")));
    }
    Ok(())
}

/// Every handoff of a matter, oldest first. The caller has checked visibility.
pub async fn for_matter(
    db: &impl ConnectionTrait,
    matter: MatterId,
) -> Result<Vec<Handoff>, StoreError> {
    handoff::Entity::find()
        .filter(handoff::COLUMN.matter_id.eq(matter.0))
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
    pub province: Option<String>,
    pub agency: Option<AgencyId>,
    pub clock: Option<String>,
}

/// Open handoffs whose due instant is before `now`, most overdue first.
pub async fn overdue(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &OverdueFilter,
    now: DateTime<Utc>,
    after: Option<Key>,
    limit: u64,
) -> Result<Page<Handoff>, StoreError> {
    let mut cond = Condition::all()
        .add(scope.handoffs())
        .add(handoff::Column::DischargedAt.is_null())
        .add(handoff::COLUMN.due_at.lt(now));
    if let Some(p) = &filter.province {
        cond = cond.add(handoff::COLUMN.province.eq(p.clone()));
    }
    if let Some(a) = filter.agency {
        cond = cond.add(handoff::COLUMN.responsible_agency_id.eq(a.0));
    }
    if let Some(c) = &filter.clock {
        cond = cond.add(handoff::COLUMN.clock.eq(c.clone()));
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
