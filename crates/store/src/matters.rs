//! Matters, their timeline of events, and idempotency keys.

use baton_domain::agency::Principal;
use baton_domain::decide::{Decision, EventDetail};
use baton_domain::ids::{AgencyId, EventId, MatterId, ProviderId, UserId};
use baton_domain::lifecycle::QualityGrade;
use baton_domain::matter::{
    AppointingBody, CustodyStatus, DiscontinueGround, EligibilityCategory, MandatoryGround,
    MatterState, NewRequest, ProceduralRole, ProceedingKind, RefusalGround, Stage,
};
use baton_domain::ruleset::Flag;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ExprTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::StoreError;
use crate::convert::code;
use crate::entity::{idempotency_key, matter, matter_event};
use crate::page::{Key, Page};
use crate::scope::Scope;

/// A matter as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matter {
    pub id: MatterId,
    pub version: i64,
    pub state: MatterState,
    pub ruleset_version: String,
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub eligibility: EligibilityCategory,
    pub proof_document: Option<String>,
    pub custody: CustodyStatus,
    pub procedural_role: ProceduralRole,
    pub proceeding_kind: ProceedingKind,
    pub case_number: String,
    pub stage: Stage,
    pub handling_agency: AgencyId,
    pub center: AgencyId,
    pub province: String,
    pub received_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: UserId,
    pub refusal_ground: Option<RefusalGround>,
    pub refusal_reason: Option<String>,
    pub provider: Option<ProviderId>,
    pub decision_number: Option<String>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub registration_number: Option<String>,
    pub registered_at: Option<DateTime<Utc>>,
    pub notified_at: Option<DateTime<Utc>>,
    pub explanation_record: Option<String>,
    pub mandatory_grounds: Vec<MandatoryGround>,
    pub appointing_body: Option<AppointingBody>,
    pub flags: Vec<Flag>,
    pub hearing_at: Option<DateTime<Utc>>,
    pub counsel_changes: u32,
    pub closing_ground: Option<DiscontinueGround>,
    pub closed_at: Option<DateTime<Utc>>,
    pub file_code: Option<String>,
    pub grade: Option<QualityGrade>,
    pub total_score: Option<u8>,
    pub transferred_from: Option<AgencyId>,
}

/// Parses a comma-separated list of codes.
fn codes<T>(
    stored: &str,
    what: &str,
    from_code: fn(&str) -> Option<T>,
) -> Result<Vec<T>, StoreError> {
    stored
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| code(c, what, from_code))
        .collect()
}

fn join<T: Copy>(values: &[T], code: fn(T) -> &'static str) -> String {
    values
        .iter()
        .map(|v| code(*v))
        .collect::<Vec<_>>()
        .join(",")
}

impl TryFrom<matter::Model> for Matter {
    type Error = StoreError;
    fn try_from(m: matter::Model) -> Result<Self, StoreError> {
        Ok(Self {
            id: MatterId(m.id),
            version: m.version,
            state: code(&m.state, "state", MatterState::from_code)?,
            ruleset_version: m.ruleset_version,
            full_name: m.full_name,
            birth_date: m.birth_date,
            eligibility: code(
                &m.eligibility,
                "eligibility",
                EligibilityCategory::from_code,
            )?,
            proof_document: m.proof_document,
            custody: code(&m.custody, "custody", CustodyStatus::from_code)?,
            procedural_role: code(&m.procedural_role, "role", ProceduralRole::from_code)?,
            proceeding_kind: code(&m.proceeding_kind, "proceeding", ProceedingKind::from_code)?,
            case_number: m.case_number,
            stage: code(&m.stage, "stage", Stage::from_code)?,
            handling_agency: AgencyId(m.handling_agency_id),
            center: AgencyId(m.center_id),
            province: m.province,
            received_at: m.received_at,
            recorded_at: m.recorded_at,
            updated_at: m.updated_at,
            created_by: UserId(m.created_by),
            refusal_ground: m
                .refusal_ground
                .map(|g| code(&g, "refusal ground", RefusalGround::from_code))
                .transpose()?,
            refusal_reason: m.refusal_reason,
            provider: m.provider_id.map(ProviderId),
            decision_number: m.decision_number,
            assigned_at: m.assigned_at,
            registration_number: m.registration_number,
            registered_at: m.registered_at,
            notified_at: m.notified_at,
            explanation_record: m.explanation_record,
            mandatory_grounds: codes(
                m.mandatory_grounds.as_deref().unwrap_or_default(),
                "mandatory ground",
                MandatoryGround::from_code,
            )?,
            appointing_body: m
                .appointing_body
                .map(|b| code(&b, "appointing body", AppointingBody::from_code))
                .transpose()?,
            flags: codes(&m.flags, "flag", Flag::from_code)?,
            hearing_at: m.hearing_at,
            counsel_changes: u32::try_from(m.counsel_changes).unwrap_or_default(),
            closing_ground: m
                .closing_ground
                .map(|g| code(&g, "closing ground", DiscontinueGround::from_code))
                .transpose()?,
            closed_at: m.closed_at,
            file_code: m.file_code,
            grade: m
                .grade
                .map(|g| code(&g, "grade", QualityGrade::from_code))
                .transpose()?,
            total_score: m.total_score.and_then(|t| u8::try_from(t).ok()),
            transferred_from: m.transferred_from.map(AgencyId),
        })
    }
}

/// A matter the principal may see, or `None` (absent and invisible look the same).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: MatterId,
) -> Result<Option<Matter>, StoreError> {
    matter::Entity::find_by_id(id.0)
        .filter(scope.matters())
        .one(db)
        .await?
        .map(Matter::try_from)
        .transpose()
}

/// Matters the scope sees in the given states, newest received first. With `center`, only
/// referrals to that center (the coordinator's inbox).
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    center: Option<AgencyId>,
    states: &[MatterState],
    after: Option<Key>,
    limit: u64,
) -> Result<Page<Matter>, StoreError> {
    let mut q = matter::Entity::find()
        .filter(scope.matters())
        .order_by_desc(matter::COLUMN.received_at)
        .order_by_desc(matter::COLUMN.id)
        .limit(limit + 1);
    if let Some(center) = center {
        q = q.filter(matter::COLUMN.center_id.eq(center.0));
    }
    if !states.is_empty() {
        q = q.filter(matter::Column::State.is_in(states.iter().map(|s| s.code())));
    }
    if let Some(k) = after {
        q = q.filter(
            Condition::any()
                .add(matter::COLUMN.received_at.lt(k.at))
                .add(
                    Condition::all()
                        .add(matter::COLUMN.received_at.eq(k.at))
                        .add(matter::COLUMN.id.lt(k.id)),
                ),
        );
    }
    let rows = q.all(db).await?;
    let items = rows
        .into_iter()
        .map(Matter::try_from)
        .collect::<Result<_, _>>()?;
    Ok(Page::from_overfetch(items, limit))
}

/// Inserts a new matter at version 1 (its first event is seq 1).
pub async fn insert(
    db: &impl ConnectionTrait,
    id: MatterId,
    request: &NewRequest,
    decision: &Decision,
    ruleset_version: &str,
    principal: &Principal,
    recorded_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let p = &request.person;
    let (grounds, body, record) = match &decision.detail {
        EventDetail::Requested {
            mandatory_grounds,
            appointing_body,
            explanation_record,
            ..
        } => (
            mandatory_grounds.clone(),
            *appointing_body,
            explanation_record.clone(),
        ),
        _ => (Vec::new(), None, None),
    };
    // A matter whose right was only explained has not yet notified the center.
    let notified = decision.to != MatterState::RightExplained;
    matter::ActiveModel {
        id: Set(id.0),
        version: Set(0),
        state: Set(decision.to.code().to_owned()),
        ruleset_version: Set(ruleset_version.to_owned()),
        full_name: Set(p.full_name.as_str().to_owned()),
        birth_date: Set(p.birth_date),
        eligibility: Set(p.eligibility.code().to_owned()),
        proof_document: Set(p.proof_document.as_ref().map(|d| d.as_str().to_owned())),
        custody: Set(p.custody.code().to_owned()),
        procedural_role: Set(p.procedural_role.code().to_owned()),
        proceeding_kind: Set(request.proceeding.kind.code().to_owned()),
        case_number: Set(request.proceeding.case_number.as_str().to_owned()),
        stage: Set(request.proceeding.stage.code().to_owned()),
        handling_agency_id: Set(principal.agency.id.0),
        center_id: Set(request.center.0),
        province: Set(principal.agency.province.clone()),
        received_at: Set(request.received_at),
        recorded_at: Set(recorded_at),
        updated_at: Set(recorded_at),
        created_by: Set(principal.user_id.0),
        refusal_ground: Set(None),
        refusal_reason: Set(None),
        provider_id: Set(None),
        decision_number: Set(None),
        assigned_at: Set(None),
        registration_number: Set(None),
        registered_at: Set(None),
        notified_at: Set(notified.then_some(recorded_at)),
        explanation_record: Set(record),
        mandatory_grounds: Set((!grounds.is_empty()).then(|| join(&grounds, MandatoryGround::code))),
        appointing_body: Set(body.map(|b| b.code().to_owned())),
        flags: Set(join(&request.flags, Flag::code)),
        hearing_at: Set(None),
        counsel_changes: Set(0),
        closing_ground: Set(None),
        closed_at: Set(None),
        file_code: Set(None),
        grade: Set(None),
        total_score: Set(None),
        transferred_from: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Applies a decision to a matter at `expected_version`, returning the new version. Fails
/// with [`StoreError::Conflict`] if another command changed the matter first.
pub async fn apply(
    db: &impl ConnectionTrait,
    id: MatterId,
    expected_version: i64,
    decision: &Decision,
    recorded_at: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let mut update = matter::Entity::update_many()
        .col_expr(matter::Column::Version, Expr::value(expected_version + 1))
        .col_expr(matter::Column::State, Expr::value(decision.to.code()))
        .col_expr(matter::Column::UpdatedAt, Expr::value(recorded_at));
    update = columns_for(update, decision);
    let result = update
        .filter(matter::COLUMN.id.eq(id.0))
        .filter(matter::COLUMN.version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(StoreError::Conflict(format!(
            "matter {id} is no longer at version {expected_version}"
        )));
    }
    Ok(expected_version + 1)
}

type MatterUpdate = sea_orm::UpdateMany<matter::Entity>;

/// The matter columns a decision's event changes.
fn columns_for(update: MatterUpdate, decision: &Decision) -> MatterUpdate {
    use matter::Column as C;
    let at = decision.occurred_at;
    let none = || Expr::value(Option::<String>::None);
    let no_time = || Expr::value(Option::<DateTime<Utc>>::None);
    match &decision.detail {
        EventDetail::Refused { ground, reason } => update
            .col_expr(C::RefusalGround, Expr::value(ground.code()))
            .col_expr(C::RefusalReason, Expr::value(reason.clone())),
        EventDetail::Noted { .. }
        | EventDetail::InterrogationNotice { .. }
        | EventDetail::Requested { .. }
        | EventDetail::Accepted { .. }
        | EventDetail::DeadlineWarning { .. }
        | EventDetail::DeadlineBreached { .. }
        | EventDetail::BreachEscalated { .. } => update,
        EventDetail::RequestRecorded { received_at } => update
            .col_expr(C::NotifiedAt, Expr::value(at))
            .col_expr(C::ReceivedAt, Expr::value(*received_at)),
        EventDetail::Transferred {
            from_center,
            to_center,
            ..
        } => update
            .col_expr(C::CenterId, Expr::value(to_center.0))
            .col_expr(C::TransferredFrom, Expr::value(from_center.0)),
        EventDetail::ProofReceived { document } => {
            update.col_expr(C::ProofDocument, Expr::value(document.clone()))
        }
        EventDetail::ProviderAssigned {
            provider,
            decision_number,
            ..
        } => update
            .col_expr(C::ProviderId, Expr::value(provider.0))
            .col_expr(C::DecisionNumber, Expr::value(decision_number.clone()))
            .col_expr(C::AssignedAt, Expr::value(at))
            .col_expr(C::RegistrationNumber, none())
            .col_expr(C::RegisteredAt, no_time()),
        EventDetail::CounselRegistered {
            registration_number,
        } => update
            .col_expr(
                C::RegistrationNumber,
                Expr::value(registration_number.clone()),
            )
            .col_expr(C::RegisteredAt, Expr::value(at)),
        EventDetail::RegistrationEnded { .. } => update
            .col_expr(C::RegistrationNumber, none())
            .col_expr(C::RegisteredAt, no_time()),
        EventDetail::HearingScheduled {
            hearing_at,
            summary_procedure,
        } => update
            .col_expr(C::HearingAt, Expr::value(*hearing_at))
            .col_expr(
                C::Flags,
                Expr::value(if *summary_procedure {
                    Flag::SummaryProcedure.code()
                } else {
                    ""
                }),
            ),
        EventDetail::StageTransferred {
            to_agency, stage, ..
        } => update
            .col_expr(C::HandlingAgencyId, Expr::value(to_agency.0))
            .col_expr(C::Stage, Expr::value(stage.code())),
        EventDetail::NewRegistrationRequired {
            handling_agency, ..
        } => update
            .col_expr(C::HandlingAgencyId, Expr::value(handling_agency.0))
            .col_expr(C::RegistrationNumber, none())
            .col_expr(C::RegisteredAt, no_time()),
        EventDetail::CounselChanged { .. } => update
            .col_expr(C::CounselChanges, Expr::col(C::CounselChanges).add(1))
            .col_expr(C::RegistrationNumber, none())
            .col_expr(C::RegisteredAt, no_time()),
        EventDetail::Closed { ground, .. } => update
            .col_expr(
                C::ClosingGround,
                Expr::value(ground.map(|g| g.code().to_owned())),
            )
            .col_expr(C::ClosedAt, Expr::value(at)),
        EventDetail::FileHandedOver { file_code } => {
            update.col_expr(C::FileCode, Expr::value(file_code.clone()))
        }
        EventDetail::QualityAppraised { total, grade, .. } => update
            .col_expr(C::Grade, Expr::value(grade.code()))
            .col_expr(C::TotalScore, Expr::value(i32::from(*total))),
    }
}

/// One event of a matter's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: EventId,
    pub seq: i64,
    pub kind: String,
    pub actor: UserId,
    pub actor_name: String,
    pub actor_agency: AgencyId,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub detail: EventDetail,
}

/// Appends the event of a decision as number `seq` of the matter's timeline.
pub async fn append_event(
    db: &impl ConnectionTrait,
    matter_id: MatterId,
    seq: i64,
    decision: &Decision,
    principal: &Principal,
    recorded_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let detail = serde_json::to_string(&decision.detail)
        .map_err(|e| StoreError::Corrupt(format!("event detail does not serialize: {e}")))?;
    matter_event::ActiveModel {
        id: Set(EventId::generate().0),
        matter_id: Set(matter_id.0),
        seq: Set(seq),
        kind: Set(decision.command.code().to_owned()),
        actor_user_id: Set(principal.user_id.0),
        actor_agency_id: Set(principal.agency.id.0),
        actor_name: Set(principal.name.clone()),
        occurred_at: Set(decision.occurred_at),
        recorded_at: Set(recorded_at),
        detail: Set(detail),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Whether nobody but the system (the scheduler's alerts) has changed the matter since
/// version `seq`. An alert changes no fact a user acts on, so a command that expected
/// version `seq` may still go ahead.
pub async fn only_system_changes_since(
    db: &impl ConnectionTrait,
    matter: MatterId,
    seq: i64,
) -> Result<bool, StoreError> {
    let by_users = matter_event::Entity::find()
        .filter(matter_event::Column::MatterId.eq(matter.0))
        .filter(matter_event::Column::Seq.gt(seq))
        .filter(matter_event::Column::ActorUserId.ne(crate::sweep::SYSTEM_USER))
        .count(db)
        .await?;
    Ok(by_users == 0)
}

/// The whole timeline of a matter, in order. The caller has checked visibility.
pub async fn events(
    db: &impl ConnectionTrait,
    matter_id: MatterId,
) -> Result<Vec<Event>, StoreError> {
    matter_event::Entity::find()
        .filter(matter_event::COLUMN.matter_id.eq(matter_id.0))
        .order_by_asc(matter_event::COLUMN.seq)
        .all(db)
        .await?
        .into_iter()
        .map(|e| {
            Ok(Event {
                id: EventId(e.id),
                seq: e.seq,
                kind: e.kind,
                actor: UserId(e.actor_user_id),
                actor_name: e.actor_name,
                actor_agency: AgencyId(e.actor_agency_id),
                occurred_at: e.occurred_at,
                recorded_at: e.recorded_at,
                detail: serde_json::from_str(&e.detail)
                    .map_err(|err| StoreError::Corrupt(format!("event {}: {err}", e.id)))?,
            })
        })
        .collect()
}

/// A command already run under an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotentResult {
    pub command: String,
    pub request_hash: String,
    pub matter: MatterId,
}

pub async fn find_idempotent(
    db: &impl ConnectionTrait,
    user: UserId,
    key: &str,
) -> Result<Option<IdempotentResult>, StoreError> {
    Ok(
        idempotency_key::Entity::find_by_id((user.0, key.to_owned()))
            .one(db)
            .await?
            .map(|k| IdempotentResult {
                command: k.command,
                request_hash: k.request_hash,
                matter: MatterId(k.matter_id),
            }),
    )
}

/// Records the result of a command under its key; a key already taken is a conflict.
pub async fn insert_idempotent(
    db: &impl ConnectionTrait,
    user: UserId,
    key: &str,
    result: &IdempotentResult,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    idempotency_key::ActiveModel {
        user_id: Set(user.0),
        key: Set(key.to_owned()),
        command: Set(result.command.clone()),
        request_hash: Set(result.request_hash.clone()),
        matter_id: Set(result.matter.0),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// How many case files a center has numbered in a year (its register's last number).
pub async fn count_file_codes(
    db: &impl ConnectionTrait,
    center: AgencyId,
    year: i32,
) -> Result<u32, StoreError> {
    use sea_orm::PaginatorTrait;
    let n = matter::Entity::find()
        .filter(matter::COLUMN.center_id.eq(center.0))
        .filter(matter::Column::FileCode.like(format!("%.{year}")))
        .count(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}
