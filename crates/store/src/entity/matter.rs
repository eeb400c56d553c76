use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matter")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Bumped by every command; guards against lost updates.
    pub version: i64,
    pub state: String,
    pub ruleset_version: String,
    pub full_name: String,
    pub birth_date: Option<Date>,
    pub eligibility: String,
    pub proof_document: Option<String>,
    pub custody: String,
    pub procedural_role: String,
    pub proceeding_kind: String,
    pub case_number: String,
    pub stage: String,
    pub handling_agency_id: Uuid,
    pub center_id: Uuid,
    /// Province of the handling agency, copied for supervisors' filters.
    pub province: String,
    pub received_at: DateTimeUtc,
    pub recorded_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub created_by: Uuid,
    pub refusal_ground: Option<String>,
    pub refusal_reason: Option<String>,
    pub provider_id: Option<Uuid>,
    pub decision_number: Option<String>,
    pub assigned_at: Option<DateTimeUtc>,
    pub registration_number: Option<String>,
    pub registered_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
