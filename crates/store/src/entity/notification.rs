use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The recipient.
    pub user_id: Uuid,
    /// `deadline_warning`, `deadline_breached` or `breach_escalated`.
    pub kind: String,
    pub matter_id: Uuid,
    pub handoff_id: Uuid,
    /// The agency that owes the duty.
    pub agency_id: Uuid,
    /// The matter's province.
    pub province: String,
    pub clock: String,
    pub due_at: DateTimeUtc,
    /// The notice in Vietnamese.
    pub message: String,
    pub created_at: DateTimeUtc,
    /// `None` until the recipient marks it read.
    pub read_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
