//! A matter's row: its identity and version, and its facts in domain types (ids and
//! vocabularies map through their `DeriveValueType`, lists are JSON arrays of codes).

use baton_domain::ids::{AgencyId, MatterId, ProviderId, UserId};
use baton_domain::lifecycle::QualityGrade;
use baton_domain::matter::{
    AppointingBody, CustodyStatus, DiscontinueGround, EligibilityCategory, MandatoryGround,
    MatterState, ProceduralRole, ProceedingKind, RefusalGround, Stage,
};
use baton_domain::ruleset::Flag;
use sea_orm::entity::prelude::*;

/// Writes a list of codes as the JSON text stored in its column.
pub trait ToJson {
    fn to_json(&self) -> String;
}

/// A list of codes stored as a JSON array in a text column, e.g. `["disadvantaged_area"]`.
macro_rules! code_list {
    ($(#[$doc:meta])* $name:ident($item:ty)) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, DeriveValueType)]
        #[sea_orm(value_type = "String", from_str = "Self::parse", to_str = "ToJson::to_json")]
        pub struct $name(pub Vec<$item>);

        impl $name {
            fn parse(json: &str) -> Result<Self, serde_json::Error> {
                serde_json::from_str(json).map(Self)
            }
        }

        impl ToJson for $name {
            fn to_json(&self) -> String {
                // A list of plain codes always serialises.
                serde_json::to_string(&self.0).unwrap_or_else(|_| "[]".to_owned())
            }
        }
    };
}

code_list!(
    /// Flags the limits depend on.
    FlagList(Flag)
);
code_list!(
    /// BLTTHS Điều 76(1) grounds.
    GroundList(MandatoryGround)
);

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matter")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: MatterId,
    /// Bumped by every command; guards against lost updates.
    pub version: i64,
    pub state: MatterState,
    pub ruleset_version: String,
    pub full_name: String,
    pub birth_date: Option<Date>,
    pub eligibility: EligibilityCategory,
    pub proof_document: Option<String>,
    pub custody: CustodyStatus,
    pub procedural_role: ProceduralRole,
    pub proceeding_kind: ProceedingKind,
    pub case_number: String,
    pub stage: Stage,
    pub handling_agency_id: AgencyId,
    pub center_id: AgencyId,
    /// Province of the handling agency, copied for supervisors' filters.
    pub province: String,
    pub received_at: DateTimeUtc,
    pub recorded_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub created_by: UserId,
    pub refusal_ground: Option<RefusalGround>,
    pub refusal_reason: Option<String>,
    pub provider_id: Option<ProviderId>,
    pub decision_number: Option<String>,
    pub assigned_at: Option<DateTimeUtc>,
    pub registration_number: Option<String>,
    pub registered_at: Option<DateTimeUtc>,
    /// When the center was notified (the request recorded).
    pub notified_at: Option<DateTimeUtc>,
    /// The explanation record (biên bản giải thích, Mẫu 02), when the right was explained.
    pub explanation_record: Option<String>,
    pub mandatory_grounds: GroundList,
    pub appointing_body: Option<AppointingBody>,
    pub flags: FlagList,
    pub hearing_at: Option<DateTimeUtc>,
    pub counsel_changes: i32,
    pub closing_ground: Option<DiscontinueGround>,
    pub closed_at: Option<DateTimeUtc>,
    pub file_code: Option<String>,
    pub grade: Option<QualityGrade>,
    pub total_score: Option<i32>,
    /// The center a transferred referral came from.
    pub transferred_from: Option<AgencyId>,
}

impl ActiveModelBehavior for ActiveModel {}
