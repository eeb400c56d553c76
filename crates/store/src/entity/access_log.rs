use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    pub user_id: Uuid,
    pub user_name: String,
    pub agency_id: Uuid,
    pub matter_id: Uuid,
    /// The matter's province, for supervisors' scope.
    pub province: String,
    /// The sensitive fields read, comma-separated.
    pub fields: String,
}

impl ActiveModelBehavior for ActiveModel {}
