//! Agencies, their users and the centers' provider rosters.

use baton_domain::agency::{AgencyKind, AgencyRef, Role};
use baton_domain::ids::{AgencyId, ProviderId, UserId};
use baton_domain::matter::{ProviderKind, ProviderRef};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::StoreError;
use crate::convert::code;
use crate::entity::{agency, app_user, provider};

/// An agency as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    pub id: AgencyId,
    pub kind: AgencyKind,
    pub name: String,
    pub province: String,
    pub province_name: String,
    pub parent: Option<AgencyId>,
}

impl Agency {
    pub fn as_ref(&self) -> AgencyRef {
        AgencyRef {
            id: self.id,
            kind: self.kind,
            province: self.province.clone(),
        }
    }
}

impl TryFrom<agency::Model> for Agency {
    type Error = StoreError;
    fn try_from(m: agency::Model) -> Result<Self, StoreError> {
        Ok(Self {
            id: AgencyId(m.id),
            kind: code(&m.kind, "agency kind", AgencyKind::from_code)?,
            name: m.name,
            province: m.province,
            province_name: m.province_name,
            parent: m.parent_id.map(AgencyId),
        })
    }
}

pub async fn insert(db: &impl ConnectionTrait, a: &Agency) -> Result<(), StoreError> {
    agency::ActiveModel {
        id: Set(a.id.0),
        kind: Set(a.kind.code().to_owned()),
        name: Set(a.name.clone()),
        province: Set(a.province.clone()),
        province_name: Set(a.province_name.clone()),
        parent_id: Set(a.parent.map(|p| p.0)),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn get(db: &impl ConnectionTrait, id: AgencyId) -> Result<Option<Agency>, StoreError> {
    agency::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(Agency::try_from)
        .transpose()
}

/// The agencies among `ids` that exist, in no particular order (one query for a batch).
pub async fn get_many(
    db: &impl ConnectionTrait,
    ids: &[AgencyId],
) -> Result<Vec<Agency>, StoreError> {
    agency::Entity::find()
        .filter(agency::Column::Id.is_in(ids.iter().map(|id| id.0)))
        .all(db)
        .await?
        .into_iter()
        .map(Agency::try_from)
        .collect()
}

/// A branch's number among its center's branches (1, 2, … in the order they were added);
/// `None` for any other agency.
pub async fn branch_number(
    db: &impl ConnectionTrait,
    agency: &Agency,
) -> Result<Option<u32>, StoreError> {
    use sea_orm::PaginatorTrait;
    let (AgencyKind::LegalAidBranch, Some(parent)) = (agency.kind, agency.parent) else {
        return Ok(None);
    };
    let n = agency::Entity::find()
        .filter(agency::Column::ParentId.eq(parent.0))
        .filter(agency::Column::Id.lte(agency.id.0))
        .count(db)
        .await?;
    Ok(Some(u32::try_from(n).unwrap_or(u32::MAX)))
}

/// Holds a center's register until the transaction ends, so that two case files handed
/// over at once do not take the same number. SQLite has one writer: nothing to do there.
pub async fn lock_register(db: &impl ConnectionTrait, center: AgencyId) -> Result<(), StoreError> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Ok(());
    }
    agency::Entity::find_by_id(center.0)
        .select_only()
        .column(agency::Column::Id)
        .lock(sea_orm::sea_query::LockType::Update)
        .into_tuple::<uuid::Uuid>()
        .one(db)
        .await?;
    Ok(())
}

/// The agency directory (public within Baton: names, kinds and provinces).
pub async fn list(
    db: &impl ConnectionTrait,
    kind: Option<AgencyKind>,
    province: Option<&str>,
) -> Result<Vec<Agency>, StoreError> {
    let mut q = agency::Entity::find()
        .order_by_asc(agency::COLUMN.province)
        .order_by_asc(agency::COLUMN.name);
    if let Some(kind) = kind {
        q = q.filter(agency::COLUMN.kind.eq(kind.code()));
    }
    if let Some(p) = province {
        q = q.filter(agency::COLUMN.province.eq(p));
    }
    q.all(db).await?.into_iter().map(Agency::try_from).collect()
}

/// A new user of one agency, signing in as `login` once enrolled (no password yet).
#[allow(clippy::too_many_arguments)]
pub async fn insert_user(
    db: &impl ConnectionTrait,
    id: UserId,
    agency: AgencyId,
    name: &str,
    login: &str,
    roles: &[Role],
    provider: Option<ProviderId>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    app_user::ActiveModel {
        id: Set(id.0),
        agency_id: Set(agency.0),
        name: Set(name.to_owned()),
        roles: Set(roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")),
        created_at: Set(now),
        provider_id: Set(provider.map(|p| p.0)),
        login: Set(login.to_owned()),
        password_hash: Set(None),
        failed_sign_ins: Set(0),
        locked_until: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A user account, as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub agency: AgencyId,
    pub name: String,
    pub login: String,
    /// Whether a password is set (through enrolment).
    pub has_password: bool,
    pub roles: Vec<Role>,
    pub provider: Option<ProviderId>,
    pub created_at: DateTime<Utc>,
}

/// The users of an agency, by name.
pub async fn users_of(
    db: &impl ConnectionTrait,
    agency: AgencyId,
) -> Result<Vec<User>, StoreError> {
    app_user::Entity::find()
        .filter(app_user::Column::AgencyId.eq(agency.0))
        .order_by_asc(app_user::Column::Name)
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| {
            Ok(User {
                id: UserId(u.id),
                agency: AgencyId(u.agency_id),
                name: u.name,
                login: u.login,
                has_password: u.password_hash.is_some(),
                roles: parse_roles(&u.roles)?,
                provider: u.provider_id.map(ProviderId),
                created_at: u.created_at,
            })
        })
        .collect()
}

pub(crate) fn parse_roles(stored: &str) -> Result<Vec<Role>, StoreError> {
    stored
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|r| code(r, "role", Role::from_code))
        .collect()
}

/// A provider on a center's roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    pub id: ProviderId,
    pub center: AgencyId,
    pub name: String,
    pub kind: ProviderKind,
    pub card_number: Option<String>,
    pub active: bool,
}

impl Provider {
    pub fn as_ref(&self) -> ProviderRef {
        ProviderRef {
            id: self.id,
            center: self.center,
            kind: self.kind,
            active: self.active,
            name: self.name.clone(),
        }
    }
}

impl TryFrom<provider::Model> for Provider {
    type Error = StoreError;
    fn try_from(m: provider::Model) -> Result<Self, StoreError> {
        Ok(Self {
            id: ProviderId(m.id),
            center: AgencyId(m.center_id),
            name: m.name,
            kind: code(&m.kind, "provider kind", ProviderKind::from_code)?,
            card_number: m.card_number,
            active: m.active,
        })
    }
}

pub async fn insert_provider(db: &impl ConnectionTrait, p: &Provider) -> Result<(), StoreError> {
    provider::ActiveModel {
        id: Set(p.id.0),
        center_id: Set(p.center.0),
        name: Set(p.name.clone()),
        kind: Set(p.kind.code().to_owned()),
        card_number: Set(p.card_number.clone()),
        active: Set(p.active),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn provider(
    db: &impl ConnectionTrait,
    id: ProviderId,
) -> Result<Option<Provider>, StoreError> {
    provider::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(Provider::try_from)
        .transpose()
}

/// The providers among `ids` that exist, in no particular order (one query for a batch).
pub async fn providers(
    db: &impl ConnectionTrait,
    ids: &[ProviderId],
) -> Result<Vec<Provider>, StoreError> {
    provider::Entity::find()
        .filter(provider::Column::Id.is_in(ids.iter().map(|id| id.0)))
        .all(db)
        .await?
        .into_iter()
        .map(Provider::try_from)
        .collect()
}

/// Marks a provider active or not (no longer assignable); the provider as it now stands.
pub async fn set_provider_active(
    db: &impl ConnectionTrait,
    id: ProviderId,
    active: bool,
) -> Result<Option<Provider>, StoreError> {
    provider::Entity::update_many()
        .col_expr(
            provider::Column::Active,
            sea_orm::sea_query::Expr::value(active),
        )
        .filter(provider::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    self::provider(db, id).await
}

/// A center's roster, by name.
pub async fn roster(
    db: &impl ConnectionTrait,
    center: AgencyId,
) -> Result<Vec<Provider>, StoreError> {
    provider::Entity::find()
        .filter(provider::COLUMN.center_id.eq(center.0))
        .order_by_asc(provider::COLUMN.name)
        .all(db)
        .await?
        .into_iter()
        .map(Provider::try_from)
        .collect()
}
