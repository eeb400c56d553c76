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
}

impl ActiveModelBehavior for ActiveModel {}
