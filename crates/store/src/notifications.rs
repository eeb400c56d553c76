//! Notifications: one row per recipient of a deadline alert or of a moved due instant,
//! read or unread. They are written in the transaction of their event (the sweep's, the
//! recompute's), so a notice exists exactly when its event does.

use baton_domain::agency::{AgencyKind, Role};
use baton_domain::ids::{AgencyId, HandoffId, MatterId, UserId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::agencies::parse_roles;
use crate::entity::{agency, app_user, notification};
use crate::page::Page;
use crate::sweep::Alert;

/// What a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// A deadline alert of the scheduler.
    Alert(Alert),
    /// A recompute moved the duty's due instant (`baton recompute-deadlines`).
    DueMoved,
}

impl NoticeKind {
    const DUE_MOVED: &'static str = "deadline_recomputed";

    /// The kind as stored.
    pub fn code(self) -> &'static str {
        match self {
            Self::Alert(a) => a.code(),
            Self::DueMoved => Self::DUE_MOVED,
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        if code == Self::DUE_MOVED {
            return Some(Self::DueMoved);
        }
        Alert::from_code(code).map(Self::Alert)
    }
}

/// A notice to one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: Uuid,
    pub user: UserId,
    pub kind: NoticeKind,
    pub matter: MatterId,
    pub handoff: HandoffId,
    /// The agency that owes the duty.
    pub agency: AgencyId,
    pub province: String,
    pub clock: String,
    pub due_at: DateTime<Utc>,
    pub message: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl TryFrom<notification::Model> for Notification {
    type Error = StoreError;
    fn try_from(m: notification::Model) -> Result<Self, StoreError> {
        Ok(Self {
            id: m.id,
            user: UserId(m.user_id),
            kind: NoticeKind::from_code(&m.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown notice {:?}", m.kind)))?,
            matter: MatterId(m.matter_id),
            handoff: HandoffId(m.handoff_id),
            agency: AgencyId(m.agency_id),
            province: m.province,
            clock: m.clock,
            due_at: m.due_at,
            message: m.message,
            created_at: m.created_at,
            read_at: m.read_at,
        })
    }
}

/// Rows per INSERT: well under PostgreSQL's 65,535 bind parameters.
const INSERT_CHUNK: usize = 1_000;

/// Writes notices.
pub async fn insert(db: &impl ConnectionTrait, rows: &[Notification]) -> Result<(), StoreError> {
    for chunk in rows.chunks(INSERT_CHUNK) {
        let models = chunk.iter().map(|n| notification::ActiveModel {
            id: Set(n.id),
            user_id: Set(n.user.0),
            kind: Set(n.kind.code().to_owned()),
            matter_id: Set(n.matter.0),
            handoff_id: Set(n.handoff.0),
            agency_id: Set(n.agency.0),
            province: Set(n.province.clone()),
            clock: Set(n.clock.clone()),
            due_at: Set(n.due_at),
            message: Set(n.message.clone()),
            created_at: Set(n.created_at),
            read_at: Set(n.read_at),
        });
        notification::Entity::insert_many(models).exec(db).await?;
    }
    Ok(())
}

/// Writes the notices of a moved due instant, replacing the earlier notice of a move of
/// the same duty to the same user (one per duty and user: the latest move is what counts;
/// the timeline keeps every move).
pub async fn replace_due_moved(
    db: &impl ConnectionTrait,
    rows: &[Notification],
) -> Result<(), StoreError> {
    let handoffs: Vec<Uuid> = rows.iter().map(|n| n.handoff.0).collect();
    if handoffs.is_empty() {
        return Ok(());
    }
    notification::Entity::delete_many()
        .filter(notification::COLUMN.kind.eq(NoticeKind::DueMoved.code()))
        .filter(notification::Column::HandoffId.is_in(handoffs))
        .exec(db)
        .await?;
    insert(db, rows).await
}

/// The users of an agency.
pub async fn agency_users(
    db: &impl ConnectionTrait,
    agency: AgencyId,
) -> Result<Vec<UserId>, StoreError> {
    Ok(app_user::Entity::find()
        .select_only()
        .column(app_user::Column::Id)
        .filter(app_user::COLUMN.agency_id.eq(agency.0))
        .order_by_asc(app_user::COLUMN.id)
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .map(UserId)
        .collect())
}

/// Users with the supervisor role in agencies of `kind`, in `province` when given.
pub async fn supervisors(
    db: &impl ConnectionTrait,
    kind: AgencyKind,
    province: Option<&str>,
) -> Result<Vec<UserId>, StoreError> {
    let mut agencies = agency::Entity::find()
        .select_only()
        .column(agency::Column::Id)
        .filter(agency::COLUMN.kind.eq(kind.code()));
    if let Some(p) = province {
        agencies = agencies.filter(agency::COLUMN.province.eq(p));
    }
    let ids: Vec<Uuid> = agencies.into_tuple().all(db).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let users = app_user::Entity::find()
        .filter(app_user::Column::AgencyId.is_in(ids))
        .order_by_asc(app_user::COLUMN.id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for u in users {
        if parse_roles(&u.roles)?.contains(&Role::Supervisor) {
            out.push(UserId(u.id));
        }
    }
    Ok(out)
}

/// Where a page of a user's notices starts: unread ones come first, each part newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NoticeKey {
    pub read: bool,
    pub at: DateTime<Utc>,
    pub id: Uuid,
}

impl NoticeKey {
    pub fn of(n: &Notification) -> Self {
        Self {
            read: n.read_at.is_some(),
            at: n.created_at,
            id: n.id,
        }
    }
}

async fn part(
    db: &impl ConnectionTrait,
    user: UserId,
    read: bool,
    after: Option<NoticeKey>,
    limit: u64,
) -> Result<Vec<Notification>, StoreError> {
    let mut cond = Condition::all().add(notification::COLUMN.user_id.eq(user.0));
    cond = cond.add(if read {
        notification::Column::ReadAt.is_not_null()
    } else {
        notification::Column::ReadAt.is_null()
    });
    if let Some(k) = after {
        cond = cond.add(
            Condition::any()
                .add(notification::COLUMN.created_at.lt(k.at))
                .add(
                    Condition::all()
                        .add(notification::COLUMN.created_at.eq(k.at))
                        .add(notification::COLUMN.id.lt(k.id)),
                ),
        );
    }
    notification::Entity::find()
        .filter(cond)
        .order_by_desc(notification::COLUMN.created_at)
        .order_by_desc(notification::COLUMN.id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(Notification::try_from)
        .collect()
}

/// A user's notices: unread first, then (unless `unread_only`) read ones; newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    user: UserId,
    unread_only: bool,
    after: Option<NoticeKey>,
    limit: u64,
) -> Result<Page<Notification>, StoreError> {
    let mut items = Vec::new();
    if after.is_none_or(|k| !k.read) {
        items = part(db, user, false, after, limit + 1).await?;
    }
    let missing = (limit + 1).saturating_sub(items.len() as u64);
    if !unread_only && missing > 0 {
        let read_after = after.filter(|k| k.read);
        items.extend(part(db, user, true, read_after, missing).await?);
    }
    Ok(Page::from_overfetch(items, limit))
}

/// How many unread notices a user has.
pub async fn unread_count(db: &impl ConnectionTrait, user: UserId) -> Result<u64, StoreError> {
    use sea_orm::PaginatorTrait;
    Ok(notification::Entity::find()
        .filter(notification::COLUMN.user_id.eq(user.0))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// Marks the user's own notices among `ids` read; others' ids are ignored. Returns how
/// many changed.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user: UserId,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    if ids.is_empty() {
        return Ok(0);
    }
    let result = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::COLUMN.user_id.eq(user.0))
        .filter(notification::Column::Id.is_in(ids.iter().copied()))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
