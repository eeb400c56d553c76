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
    /// Set once by the scheduler when the warning fired.
    pub warned_at: Option<DateTimeUtc>,
    /// Set once by the scheduler when the breach was recorded.
    pub breached_at: Option<DateTimeUtc>,
    /// Set once by the scheduler when the breach went to the national level.
    pub escalated_at: Option<DateTimeUtc>,
    /// Set while the clock stands still (e.g. waiting for the requester's proof).
    pub paused_at: Option<DateTimeUtc>,
    /// The duty became moot (the matter moved on); `discharged_at` holds when.
    pub cancelled: bool,
    /// What happened to the clock, as JSON: opened, paused, resumed, discharged, cancelled.
    pub history: String,
    /// The legal basis for passing the person's data on with this handoff.
    pub data_basis: String,
    /// How the due instant was computed, as JSON ([`baton_domain::decide::Computation`]);
    /// `None` for rows written before it was kept.
    pub computation: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
