use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matter_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub matter_id: Uuid,
    /// Equals the matter version the event produced: 1, 2, 3, ... with no gap.
    pub seq: i64,
    pub kind: String,
    pub actor_user_id: Uuid,
    pub actor_agency_id: Uuid,
    pub actor_name: String,
    pub occurred_at: DateTimeUtc,
    pub recorded_at: DateTimeUtc,
    /// The domain `EventDetail`, as JSON.
    pub detail: String,
}

impl ActiveModelBehavior for ActiveModel {}
