//! Sign-in credentials: a user's login and password hash, the failed sign-in counter and
//! lock (in the database, so every replica sees them), and one-time enrolments (stored as
//! the SHA-256 of the code, never the code).

use baton_domain::ids::UserId;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::StoreError;
use crate::entity::{app_user, enrolment};

/// What sign-in checks about an account.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: UserId,
    pub password_hash: Option<String>,
    pub locked_until: Option<DateTime<Utc>>,
}

/// The credentials of the account with this login, if there is one.
pub async fn by_login(
    db: &impl ConnectionTrait,
    login: &str,
) -> Result<Option<Credentials>, StoreError> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Login.eq(login))
        .one(db)
        .await?
        .map(|u| Credentials {
            user: UserId(u.id),
            password_hash: u.password_hash,
            locked_until: u.locked_until,
        }))
}

/// Whether a user already signs in as `login`.
pub async fn login_taken(db: &impl ConnectionTrait, login: &str) -> Result<bool, StoreError> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Login.eq(login))
        .one(db)
        .await?
        .is_some())
}

/// Sets a user's password hash, clearing any failures and lock.
pub async fn set_password(
    db: &impl ConnectionTrait,
    user: UserId,
    hash: &str,
) -> Result<(), StoreError> {
    app_user::Entity::update_many()
        .col_expr(app_user::Column::PasswordHash, Expr::value(hash))
        .col_expr(app_user::Column::FailedSignIns, Expr::value(0))
        .col_expr(
            app_user::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(app_user::Column::Id.eq(user.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Counts a failed sign-in; at the `limit`-th in a row the account is locked until
/// `lock_until` and the count starts again. Returns whether this failure locked it.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    user: UserId,
    limit: i32,
    lock_until: DateTime<Utc>,
) -> Result<bool, StoreError> {
    // One statement each, so concurrent failures on several replicas all count.
    app_user::Entity::update_many()
        .col_expr(
            app_user::Column::FailedSignIns,
            Expr::col(app_user::Column::FailedSignIns).add(1),
        )
        .filter(app_user::Column::Id.eq(user.0))
        .exec(db)
        .await?;
    let locked = app_user::Entity::update_many()
        .col_expr(app_user::Column::FailedSignIns, Expr::value(0))
        .col_expr(app_user::Column::LockedUntil, Expr::value(lock_until))
        .filter(app_user::Column::Id.eq(user.0))
        .filter(app_user::Column::FailedSignIns.gte(limit))
        .exec(db)
        .await?;
    Ok(locked.rows_affected > 0)
}

/// A successful sign-in: the count of failures starts again.
pub async fn reset_failures(db: &impl ConnectionTrait, user: UserId) -> Result<(), StoreError> {
    app_user::Entity::update_many()
        .col_expr(app_user::Column::FailedSignIns, Expr::value(0))
        .filter(app_user::Column::Id.eq(user.0))
        .filter(app_user::Column::FailedSignIns.ne(0))
        .exec(db)
        .await?;
    Ok(())
}

/// A new enrolment for a user; their unused ones are removed (superseded).
pub async fn insert_enrolment(
    db: &impl ConnectionTrait,
    user: UserId,
    code_hash: &str,
    created_by: Option<UserId>,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    enrolment::Entity::delete_many()
        .filter(enrolment::Column::UserId.eq(user.0))
        .filter(enrolment::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    let id = Uuid::now_v7();
    enrolment::ActiveModel {
        id: Set(id),
        user_id: Set(user.0),
        code_hash: Set(code_hash.to_owned()),
        created_by: Set(created_by.map(|u| u.0)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Uses the enrolment with this code hash at `now`, if it exists, is unused and has not
/// expired; returns its user. One conditional update: of two concurrent uses, one wins.
pub async fn consume_enrolment(
    db: &impl ConnectionTrait,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<UserId>, StoreError> {
    let Some(row) = enrolment::Entity::find()
        .filter(enrolment::Column::CodeHash.eq(code_hash))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let used = enrolment::Entity::update_many()
        .col_expr(enrolment::Column::UsedAt, Expr::value(now))
        .filter(enrolment::Column::Id.eq(row.id))
        .filter(enrolment::Column::UsedAt.is_null())
        .filter(enrolment::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok((used.rows_affected == 1).then_some(UserId(row.user_id)))
}
