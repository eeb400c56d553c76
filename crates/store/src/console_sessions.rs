//! The console's sign-in sessions: stored by the hash of their secret, with the user, when
//! they began and were last used, and their CSRF secret. The engine decides expiry.

use baton_domain::ids::UserId;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::StoreError;
use crate::entity::console_session;

/// A stored session row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub user: UserId,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub csrf_secret: String,
}

/// Stores a new session.
pub async fn insert(
    db: &impl ConnectionTrait,
    id_hash: &str,
    user: UserId,
    csrf_secret: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    console_session::ActiveModel {
        id_hash: Set(id_hash.to_owned()),
        user_id: Set(user.0),
        created_at: Set(now),
        last_seen_at: Set(now),
        csrf_secret: Set(csrf_secret.to_owned()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The session with this hash, if any.
pub async fn find(
    db: &impl ConnectionTrait,
    id_hash: &str,
) -> Result<Option<SessionRow>, StoreError> {
    Ok(console_session::Entity::find_by_id(id_hash.to_owned())
        .one(db)
        .await?
        .map(|row| SessionRow {
            user: UserId(row.user_id),
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
            csrf_secret: row.csrf_secret,
        }))
}

/// Records that the session was used at `at`.
pub async fn touch(
    db: &impl ConnectionTrait,
    id_hash: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    console_session::Entity::update_many()
        .col_expr(
            console_session::Column::LastSeenAt,
            sea_orm::sea_query::Expr::value(at),
        )
        .filter(console_session::Column::IdHash.eq(id_hash))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes the session with this hash (signing out, or an expired one).
pub async fn delete(db: &impl ConnectionTrait, id_hash: &str) -> Result<(), StoreError> {
    console_session::Entity::delete_many()
        .filter(console_session::Column::IdHash.eq(id_hash))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes every session of a user; returns how many.
pub async fn delete_for_user(db: &impl ConnectionTrait, user: UserId) -> Result<u64, StoreError> {
    Ok(console_session::Entity::delete_many()
        .filter(console_session::Column::UserId.eq(user.0))
        .exec(db)
        .await?
        .rows_affected)
}
