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
    /// When the center was notified (the request recorded).
    pub notified_at: Option<DateTimeUtc>,
    /// The explanation record (biên bản giải thích, Mẫu 02), when the right was explained.
    pub explanation_record: Option<String>,
    /// CPC art. 76(1) grounds, comma-separated codes.
    pub mandatory_grounds: Option<String>,
    pub appointing_body: Option<String>,
    /// Flags the limits depend on, comma-separated codes.
    pub flags: String,
    pub hearing_at: Option<DateTimeUtc>,
    pub counsel_changes: i32,
    pub closing_ground: Option<String>,
    pub closed_at: Option<DateTimeUtc>,
    pub file_code: Option<String>,
    pub grade: Option<String>,
    pub total_score: Option<i32>,
    /// The center a transferred referral came from.
    pub transferred_from: Option<Uuid>,
}

impl ActiveModelBehavior for ActiveModel {}
