//! Bearer tokens, stored as SHA-256 hashes, and the principal they stand for.

use baton_domain::agency::Principal;
use baton_domain::ids::UserId;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::StoreError;
use crate::agencies::{Agency, parse_roles};
use crate::entity::{agency, api_token, app_user};

/// Stores a token hash for a user.
pub async fn insert_token(
    db: &impl ConnectionTrait,
    user: UserId,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    api_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user.0),
        token_hash: Set(token_hash.to_owned()),
        created_at: Set(now),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The principal behind a token hash, if the token exists, is not revoked and has not expired.
pub async fn principal_by_token(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Principal>, StoreError> {
    let Some(token) = api_token::Entity::find()
        .filter(api_token::COLUMN.token_hash.eq(token_hash))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if token.revoked_at.is_some() || token.expires_at.is_some_and(|e| e <= now) {
        return Ok(None);
    }
    let Some(user) = app_user::Entity::find_by_id(token.user_id).one(db).await? else {
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
    }))
}
