use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub name: String,
    /// Role codes, comma-separated.
    pub roles: String,
    pub created_at: DateTimeUtc,
    /// For a provider's account: their entry on the center's roster.
    pub provider_id: Option<Uuid>,
    /// The sign-in name: unique, `[a-z0-9._-]`, 3 to 40 characters.
    #[sea_orm(unique)]
    pub login: String,
    /// An argon2id PHC string; `None` until the user sets a password through enrolment.
    pub password_hash: Option<String>,
    /// Consecutive failed sign-ins since the last success or lock.
    pub failed_sign_ins: i32,
    /// Sign-in is refused until then (after too many failures).
    pub locked_until: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
