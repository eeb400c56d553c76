//! Bearer tokens, stored as SHA-256 hashes, and the principal they stand for.

use baton_domain::agency::Principal;
use baton_domain::ids::{ProviderId, UserId};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::agencies::{Agency, parse_roles};
use crate::entity::{agency, api_token, app_user};

/// Stores a token hash for a user; returns the token's id (for revoking it).
pub async fn insert_token(
    db: &impl ConnectionTrait,
    user: UserId,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
) -> Result<Uuid, StoreError> {
    let id = Uuid::now_v7();
    api_token::ActiveModel {
        id: Set(id),
        user_id: Set(user.0),
        token_hash: Set(token_hash.to_owned()),
        created_at: Set(now),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// The user a token belongs to and that user's agency.
pub async fn token_owner(
    db: &impl ConnectionTrait,
    token: Uuid,
) -> Result<Option<(UserId, Agency)>, StoreError> {
    let Some(row) = api_token::Entity::find_by_id(token).one(db).await? else {
        return Ok(None);
    };
    user_agency(db, UserId(row.user_id))
        .await
        .map(|a| a.map(|a| (UserId(row.user_id), a)))
}

/// A user's agency, if the user exists.
pub async fn user_agency(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Option<Agency>, StoreError> {
    let Some(user) = app_user::Entity::find_by_id(user.0).one(db).await? else {
        return Ok(None);
    };
    agency::Entity::find_by_id(user.agency_id)
        .one(db)
        .await?
        .map(Agency::try_from)
        .transpose()
}

/// Revokes a token at `at`; revoking one twice keeps the first instant.
pub async fn revoke_token(
    db: &impl ConnectionTrait,
    token: Uuid,
    at: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let Some(row) = api_token::Entity::find_by_id(token).one(db).await? else {
        return Ok(None);
    };
    if let Some(revoked) = row.revoked_at {
        return Ok(Some(revoked));
    }
    api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(at),
        )
        .filter(api_token::COLUMN.id.eq(token))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(Some(at))
}

/// A token as administrators see it: never its text, never its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: Uuid,
    pub user: UserId,
    pub issued_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The tokens of these users, newest first (one query for all of them).
pub async fn tokens_of(
    db: &impl ConnectionTrait,
    users: &[UserId],
) -> Result<Vec<TokenInfo>, StoreError> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.is_in(users.iter().map(|u| u.0)))
        .order_by_desc(api_token::Column::CreatedAt)
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|t| TokenInfo {
            id: t.id,
            user: UserId(t.user_id),
            issued_at: t.created_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
        })
        .collect())
}

/// Revokes every token of a user not yet revoked, at `at`; returns how many.
pub async fn revoke_all(
    db: &impl ConnectionTrait,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let done = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(at),
        )
        .filter(api_token::Column::UserId.eq(user.0))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}

/// A signed-in token: its principal, its id and when it expires.
#[derive(Debug, Clone)]
pub struct TokenSession {
    pub principal: Principal,
    pub token: Uuid,
    pub expires_at: Option<DateTime<Utc>>,
}

/// The principal behind a token hash, if the token exists, is not revoked and has not expired.
pub async fn principal_by_token(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Principal>, StoreError> {
    Ok(session_by_token(db, token_hash, now)
        .await?
        .map(|s| s.principal))
}

/// [`principal_by_token`], with the token's id and expiry.
pub async fn session_by_token(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<TokenSession>, StoreError> {
    let token = api_token::Entity::find()
        .filter(api_token::COLUMN.token_hash.eq(token_hash))
        .one(db)
        .await?;
    session_of(db, token, now).await
}

/// The principal behind the token with this id, if it is not revoked and has not expired:
/// what an open connection checks again before each operation.
pub async fn session_by_id(
    db: &impl ConnectionTrait,
    token: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<TokenSession>, StoreError> {
    let token = api_token::Entity::find_by_id(token).one(db).await?;
    session_of(db, token, now).await
}

async fn session_of(
    db: &impl ConnectionTrait,
    token: Option<api_token::Model>,
    now: DateTime<Utc>,
) -> Result<Option<TokenSession>, StoreError> {
    let Some(token) = token else {
        return Ok(None);
    };
    if token.revoked_at.is_some() || token.expires_at.is_some_and(|e| e <= now) {
        return Ok(None);
    }
    let Some(principal) = principal(db, UserId(token.user_id)).await? else {
        return Ok(None);
    };
    Ok(Some(TokenSession {
        principal,
        token: token.id,
        expires_at: token.expires_at,
    }))
}

/// The principal a user acts as, if the user exists.
pub async fn principal(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Option<Principal>, StoreError> {
    let Some(user) = app_user::Entity::find_by_id(user.0).one(db).await? else {
        return Ok(None);
    };
    let Some(agency) = agency::Entity::find_by_id(user.agency_id).one(db).await? else {
        return Err(StoreError::Corrupt(format!(
            "user {} has no agency",
            user.id
        )));
    };
    let agency = Agency::try_from(agency)?;
    Ok(Some(Principal {
        user_id: UserId(user.id),
        name: user.name,
        agency: agency.as_ref(),
        roles: parse_roles(&user.roles)?,
        provider: user.provider_id.map(ProviderId),
    }))
}
