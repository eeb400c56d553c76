//! The append-only log of administration (the database refuses updates and deletes of its
//! rows): users added, tokens issued and revoked, by whom and when.

use baton_domain::access::AdminAction;
use baton_domain::agency::Principal;
use baton_domain::ids::{AgencyId, UserId};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::agencies::Agency;
use crate::convert::code;
use crate::entity::admin_log;
use crate::page::{Key, Page, older_than};
use crate::scope::Scope;

/// The name the command-line operator's entries carry (the CLI acts with no account).
pub const OPERATOR: &str = "Quản trị viên vận hành (dòng lệnh baton)";

/// One administrative action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// `None` for the operator at the command line.
    pub actor: Option<UserId>,
    pub actor_name: String,
    pub action: AdminAction,
    /// The agency whose users were managed.
    pub agency: AgencyId,
    /// The user or token acted on.
    pub subject: Option<Uuid>,
    pub detail: String,
}

/// What is recorded, besides who and when.
#[derive(Debug, Clone, Copy)]
pub struct Action<'a> {
    pub action: AdminAction,
    pub agency: &'a Agency,
    pub subject: Option<Uuid>,
    pub detail: &'a str,
}

/// Records that `by` (`None`: the operator at the command line) did `action` at `at`.
pub async fn record(
    db: &impl ConnectionTrait,
    by: Option<&Principal>,
    action: Action<'_>,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    admin_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(at),
        actor_user_id: Set(by.map_or(Uuid::nil(), |p| p.user_id.0)),
        actor_name: Set(by.map_or_else(|| OPERATOR.to_owned(), |p| p.name.clone())),
        actor_agency_id: Set(by.map_or(Uuid::nil(), |p| p.agency.id.0)),
        action: Set(action.action.code().to_owned()),
        agency_id: Set(action.agency.id.0),
        province: Set(action.agency.province.clone()),
        subject_id: Set(action.subject),
        detail: Set(action.detail.to_owned()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Entries the scope reaches (a province, or all), newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    after: Option<Key>,
    limit: u64,
) -> Result<Page<AdminEntry>, StoreError> {
    let Some(mut cond) = scope.by_province(admin_log::Column::Province) else {
        return Ok(Page::from_overfetch(Vec::new(), limit));
    };
    if let Some(k) = after {
        cond = cond.add(older_than(admin_log::Column::At, admin_log::Column::Id, k));
    }
    let rows = admin_log::Entity::find()
        .filter(cond)
        .order_by_desc(admin_log::Column::At)
        .order_by_desc(admin_log::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(AdminEntry {
                id: r.id,
                at: r.at,
                actor: (!r.actor_user_id.is_nil()).then_some(UserId(r.actor_user_id)),
                actor_name: r.actor_name,
                action: code(&r.action, "admin action", AdminAction::from_code)?,
                agency: AgencyId(r.agency_id),
                subject: r.subject_id,
                detail: r.detail,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(Page::from_overfetch(items, limit))
}
