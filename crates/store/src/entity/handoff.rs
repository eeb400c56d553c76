use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "handoff")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub matter_id: Uuid,
    /// The rule-set clock id, e.g. `notify_center`.
    pub clock: String,
    pub responsible_agency_id: Uuid,
    pub responsible_kind: String,
    pub province: String,
    pub started_at: DateTimeUtc,
    pub due_at: DateTimeUtc,
    pub warn_at: DateTimeUtc,
    pub limit_text: String,
    pub basis: String,
    pub calendar_revision: String,
    /// `None` while the duty is open.
    pub discharged_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
