//! The schema's unique keys, by what they stand for. A unique-constraint violation names
//! the key it hit: PostgreSQL by its constraint (`agency_pkey`), SQLite by its columns
//! (`agency.id`). This is where that name becomes a [`UniqueKey`], so that the engine can
//! say what collided without reading database text.

use std::ops::Deref;

use sea_orm::{DbErr, RuntimeErr};

/// A unique key of the schema (see the migrations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UniqueKey {
    /// `agency.id`
    Agency,
    /// `app_user.id`
    User,
    /// `app_user.login`: the sign-in names.
    Login,
    /// `enrolment.id`, `enrolment.code_hash`
    Enrolment,
    /// `api_token.id`, `api_token.token_hash`
    Token,
    /// `provider.id`
    Provider,
    /// `matter.id`
    Matter,
    /// `matter (center_id, file_code)`: a center's register numbers.
    FileCode,
    /// `matter_event (matter_id, seq)`: one event per version of a matter.
    EventSeq,
    /// `idempotency_key (user_id, key)`
    IdempotencyKey,
    /// `notification (handoff_id, kind, user_id)`: each alert once per user.
    Notification,
    /// A key not listed here (a log row's id, a later migration's key).
    Other,
}

/// Each key with its PostgreSQL constraint name and its SQLite column list.
const KEYS: &[(&str, &str, UniqueKey)] = &[
    ("agency_pkey", "agency.id", UniqueKey::Agency),
    ("app_user_pkey", "app_user.id", UniqueKey::User),
    ("app_user_login", "app_user.login", UniqueKey::Login),
    ("enrolment_pkey", "enrolment.id", UniqueKey::Enrolment),
    (
        "enrolment_code_hash_key",
        "enrolment.code_hash",
        UniqueKey::Enrolment,
    ),
    ("api_token_pkey", "api_token.id", UniqueKey::Token),
    (
        "api_token_token_hash_key",
        "api_token.token_hash",
        UniqueKey::Token,
    ),
    ("provider_pkey", "provider.id", UniqueKey::Provider),
    ("matter_pkey", "matter.id", UniqueKey::Matter),
    (
        "matter_file_code",
        "matter.center_id, matter.file_code",
        UniqueKey::FileCode,
    ),
    (
        "matter_event_seq",
        "matter_event.matter_id, matter_event.seq",
        UniqueKey::EventSeq,
    ),
    (
        "idempotency_key_pkey",
        "idempotency_key.user_id, idempotency_key.key",
        UniqueKey::IdempotencyKey,
    ),
    (
        "notification_once",
        "notification.handoff_id, notification.kind, notification.user_id",
        UniqueKey::Notification,
    ),
];

impl UniqueKey {
    /// The key a unique-constraint violation hit; `message` is its database message.
    pub(crate) fn of(err: &DbErr, message: &str) -> Self {
        let name = pg_constraint(err).or_else(|| key_name(message));
        Self::named(name.unwrap_or_default())
    }

    /// The key with this PostgreSQL constraint name or SQLite column list.
    fn named(name: &str) -> Self {
        KEYS.iter()
            .find(|(pg, sqlite, _)| name == *pg || name == *sqlite)
            .map_or(Self::Other, |(_, _, key)| *key)
    }
}

/// The constraint PostgreSQL reports with the error (whatever the server's language).
fn pg_constraint(err: &DbErr) -> Option<&str> {
    match err {
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            match e.deref() {
                sea_orm::sqlx::Error::Database(db) => db.constraint(),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The key a message names: `duplicate key value violates unique constraint "agency_pkey"`
/// (PostgreSQL) names `agency_pkey`; `UNIQUE constraint failed: agency.id` (SQLite) names
/// `agency.id`.
fn key_name(message: &str) -> Option<&str> {
    if let Some((_, columns)) = message.split_once("UNIQUE constraint failed: ") {
        return Some(columns.trim());
    }
    let (_, quoted) = message.split_once("unique constraint \"")?;
    quoted.split_once('"').map(|(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(message: &str) -> UniqueKey {
        UniqueKey::named(key_name(message).unwrap_or_default())
    }

    #[test]
    fn postgres_messages_name_the_constraint() {
        let pg = |name: &str| format!("duplicate key value violates unique constraint \"{name}\"");
        assert_eq!(key(&pg("agency_pkey")), UniqueKey::Agency);
        assert_eq!(key(&pg("idempotency_key_pkey")), UniqueKey::IdempotencyKey);
        assert_eq!(key(&pg("matter_file_code")), UniqueKey::FileCode);
        assert_eq!(key(&pg("api_token_token_hash_key")), UniqueKey::Token);
        assert_eq!(key(&pg("access_log_pkey")), UniqueKey::Other);
    }

    #[test]
    fn sqlite_messages_name_the_columns() {
        let sqlite = |columns: &str| format!("UNIQUE constraint failed: {columns}");
        assert_eq!(key(&sqlite("app_user.id")), UniqueKey::User);
        assert_eq!(
            key(&sqlite("matter_event.matter_id, matter_event.seq")),
            UniqueKey::EventSeq
        );
        assert_eq!(
            key(&sqlite(
                "notification.handoff_id, notification.kind, notification.user_id"
            )),
            UniqueKey::Notification
        );
        assert_eq!(key(&sqlite("admin_log.id")), UniqueKey::Other);
    }

    #[test]
    fn a_message_naming_no_key_is_other() {
        assert_eq!(key("disk I/O error"), UniqueKey::Other);
        assert_eq!(key(""), UniqueKey::Other);
    }
}
