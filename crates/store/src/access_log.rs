//! The append-only log of reads of sensitive personal data (the database refuses updates
//! and deletes of its rows).

use baton_domain::agency::Principal;
use baton_domain::ids::{AgencyId, MatterId, UserId};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entity::access_log;
use crate::page::{Key, Page, older_than};
use crate::scope::Scope;

/// One read of a matter's sensitive data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub user: UserId,
    pub user_name: String,
    pub agency: AgencyId,
    pub matter: MatterId,
    pub fields: Vec<String>,
}

/// Records that `principal` read `fields` of a matter in `province`.
pub async fn record(
    db: &impl ConnectionTrait,
    principal: &Principal,
    matter: MatterId,
    province: &str,
    fields: &[&str],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    access_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(at),
        user_id: Set(principal.user_id.0),
        user_name: Set(principal.name.clone()),
        agency_id: Set(principal.agency.id.0),
        matter_id: Set(matter.0),
        province: Set(province.to_owned()),
        fields: Set(fields.join(",")),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Entries the scope reaches (a province, or all), newest first, optionally for one matter.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    matter: Option<MatterId>,
    after: Option<Key>,
    limit: u64,
) -> Result<Page<AccessEntry>, StoreError> {
    let Some(mut cond) = scope.by_province(access_log::Column::Province) else {
        return Ok(Page::from_overfetch(Vec::new(), limit));
    };
    if let Some(m) = matter {
        cond = cond.add(access_log::COLUMN.matter_id.eq(m.0));
    }
    if let Some(k) = after {
        cond = cond.add(older_than(
            access_log::Column::At,
            access_log::Column::Id,
            k,
        ));
    }
    let rows = access_log::Entity::find()
        .filter(cond)
        .order_by_desc(access_log::COLUMN.at)
        .order_by_desc(access_log::COLUMN.id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(|r| AccessEntry {
            id: r.id,
            at: r.at,
            user: UserId(r.user_id),
            user_name: r.user_name,
            agency: AgencyId(r.agency_id),
            matter: MatterId(r.matter_id),
            fields: r
                .fields
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect(),
        })
        .collect();
    Ok(Page::from_overfetch(items, limit))
}
