use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "admin_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    /// Nil for the operator at the command line.
    pub actor_user_id: Uuid,
    pub actor_name: String,
    pub actor_agency_id: Uuid,
    /// What was done: `add_user`, `issue_token`, `revoke_token`, `revoke_user_tokens`.
    pub action: String,
    /// The agency whose users were managed.
    pub agency_id: Uuid,
    /// That agency's province, for the scope of who may read the entry.
    pub province: String,
    /// The user or token acted on.
    pub subject_id: Option<Uuid>,
    /// What else an auditor needs, in Vietnamese and plain words (never a token).
    pub detail: String,
}

impl ActiveModelBehavior for ActiveModel {}
