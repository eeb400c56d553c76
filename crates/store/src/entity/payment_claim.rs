use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payment_claim")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub matter_id: Uuid,
    /// The matter's province when the claim was submitted (supervisors' totals).
    pub province: String,
    pub center_id: Uuid,
    pub provider_id: Uuid,
    /// `sessions` or `lump_sum`.
    pub kind: String,
    /// `submitted`, `approved` or `rejected`.
    pub status: String,
    pub hours: i32,
    /// Whole đồng.
    pub amount: i64,
    pub work_from: Date,
    pub work_to: Date,
    /// The priced lines, as JSON.
    pub lines: String,
    pub submitted_by: Uuid,
    pub submitted_by_name: String,
    pub submitted_at: DateTimeUtc,
    pub decided_by: Option<Uuid>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub reason: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
