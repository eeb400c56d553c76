//! Matters, their timeline of events, and idempotency keys.

use baton_domain::agency::{Principal, SYSTEM_USER};
use baton_domain::decide::{Decision, EventDetail};
use baton_domain::facts::MatterFacts;
use baton_domain::ids::{AgencyId, EventId, MatterId, UserId};
use baton_domain::matter::MatterState;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::StoreError;
use crate::entity::matter::{FlagList, GroundList};
use crate::entity::{idempotency_key, matter, matter_event};
use crate::page::{Key, Page};
use crate::scope::{Reach, Scope, Visible};

/// A matter as stored: its identity, its version and the facts the rules last decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matter {
    pub id: MatterId,
    pub version: i64,
    /// The rule set the matter was received under; it keeps it for life.
    pub ruleset_version: String,
    pub recorded_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: UserId,
    pub facts: MatterFacts,
}

impl From<matter::Model> for Matter {
    fn from(m: matter::Model) -> Self {
        Self {
            id: m.id,
            version: m.version,
            ruleset_version: m.ruleset_version,
            recorded_at: m.recorded_at,
            updated_at: m.updated_at,
            created_by: m.created_by,
            facts: MatterFacts {
                state: m.state,
                full_name: m.full_name,
                birth_date: m.birth_date,
                eligibility: m.eligibility,
                proof_document: m.proof_document,
                custody: m.custody,
                procedural_role: m.procedural_role,
                proceeding_kind: m.proceeding_kind,
                case_number: m.case_number,
                stage: m.stage,
                handling_agency: m.handling_agency_id,
                center: m.center_id,
                province: m.province,
                transferred_from: m.transferred_from,
                received_at: m.received_at,
                notified_at: m.notified_at,
                explanation_record: m.explanation_record,
                mandatory_grounds: m.mandatory_grounds.0,
                appointing_body: m.appointing_body,
                flags: m.flags.0,
                refusal_ground: m.refusal_ground,
                refusal_reason: m.refusal_reason,
                provider: m.provider_id,
                decision_number: m.decision_number,
                assigned_at: m.assigned_at,
                registration_number: m.registration_number,
                registered_at: m.registered_at,
                hearing_at: m.hearing_at,
                counsel_changes: u32::try_from(m.counsel_changes).unwrap_or_default(),
                closing_ground: m.closing_ground,
                closed_at: m.closed_at,
                file_code: m.file_code,
                grade: m.grade,
                total_score: m.total_score.and_then(|t| u8::try_from(t).ok()),
            },
        }
    }
}

impl Matter {
    /// The matter, if `scope` admits it, checked in memory (a matter published on the bus
    /// after a commit). Conservative: an agency's reach through its branches or its earlier
    /// steps needs the database, so here an agency sees only what it handles or receives.
    pub fn admitted_by(&self, scope: &Scope) -> Option<Visible<Matter>> {
        let facts = &self.facts;
        let seen = match scope.reach() {
            Reach::All => true,
            Reach::Province(p) => *p == facts.province,
            Reach::Agency(a) => facts.handling_agency.0 == *a || facts.center.0 == *a,
            Reach::Assigned(p) => facts.provider.is_some_and(|id| id.0 == *p),
            Reach::Nothing => false,
        };
        seen.then(|| Visible::vouched(self.clone()))
    }
}

/// Every fact column, set from the facts (identity and version columns left unset).
fn fact_columns(f: &MatterFacts) -> matter::ActiveModel {
    matter::ActiveModel {
        state: Set(f.state),
        full_name: Set(f.full_name.clone()),
        birth_date: Set(f.birth_date),
        eligibility: Set(f.eligibility),
        proof_document: Set(f.proof_document.clone()),
        custody: Set(f.custody),
        procedural_role: Set(f.procedural_role),
        proceeding_kind: Set(f.proceeding_kind),
        case_number: Set(f.case_number.clone()),
        stage: Set(f.stage),
        handling_agency_id: Set(f.handling_agency),
        center_id: Set(f.center),
        province: Set(f.province.clone()),
        transferred_from: Set(f.transferred_from),
        received_at: Set(f.received_at),
        notified_at: Set(f.notified_at),
        explanation_record: Set(f.explanation_record.clone()),
        mandatory_grounds: Set(GroundList(f.mandatory_grounds.clone())),
        appointing_body: Set(f.appointing_body),
        flags: Set(FlagList(f.flags.clone())),
        refusal_ground: Set(f.refusal_ground),
        refusal_reason: Set(f.refusal_reason.clone()),
        provider_id: Set(f.provider),
        decision_number: Set(f.decision_number.clone()),
        assigned_at: Set(f.assigned_at),
        registration_number: Set(f.registration_number.clone()),
        registered_at: Set(f.registered_at),
        hearing_at: Set(f.hearing_at),
        counsel_changes: Set(i32::try_from(f.counsel_changes).unwrap_or(i32::MAX)),
        closing_ground: Set(f.closing_ground),
        closed_at: Set(f.closed_at),
        file_code: Set(f.file_code.clone()),
        grade: Set(f.grade),
        total_score: Set(f.total_score.map(i32::from)),
        ..Default::default()
    }
}

/// A matter the principal may see, or `None` (absent and invisible look the same).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: MatterId,
) -> Result<Option<Visible<Matter>>, StoreError> {
    Ok(matter::Entity::find_by_id(id)
        .filter(scope.matters())
        .one(db)
        .await?
        .map(|m| Visible::vouched(Matter::from(m))))
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
) -> Result<Page<Visible<Matter>>, StoreError> {
    let mut q = matter::Entity::find()
        .filter(scope.matters())
        .order_by_desc(matter::COLUMN.received_at)
        .order_by_desc(matter::COLUMN.id)
        .limit(limit + 1);
    if let Some(center) = center {
        q = q.filter(matter::Column::CenterId.eq(center));
    }
    if !states.is_empty() {
        q = q.filter(matter::Column::State.is_in(states.iter().copied()));
    }
    if let Some(k) = after {
        q = q.filter(
            Condition::any()
                .add(matter::COLUMN.received_at.lt(k.at))
                .add(
                    Condition::all()
                        .add(matter::COLUMN.received_at.eq(k.at))
                        .add(matter::Column::Id.lt(k.id)),
                ),
        );
    }
    let rows = q.all(db).await?;
    let items = rows
        .into_iter()
        .map(|m| Visible::vouched(Matter::from(m)))
        .collect();
    Ok(Page::from_overfetch(items, limit))
}

/// Inserts a new matter with the facts its first decision made, at version 1 (its first
/// event, written in the same transaction, is seq 1).
pub async fn insert(
    db: &impl ConnectionTrait,
    id: MatterId,
    ruleset_version: &str,
    created_by: UserId,
    facts: &MatterFacts,
    recorded_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    matter::ActiveModel {
        id: Set(id),
        version: Set(1),
        ruleset_version: Set(ruleset_version.to_owned()),
        recorded_at: Set(recorded_at),
        updated_at: Set(recorded_at),
        created_by: Set(created_by),
        ..fact_columns(facts)
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Writes a matter's new facts if it is still at `expected_version`, returning the new
/// version. Fails with [`StoreError::Conflict`] if another command changed it first.
pub async fn update(
    db: &impl ConnectionTrait,
    id: MatterId,
    expected_version: i64,
    facts: &MatterFacts,
    recorded_at: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let row = matter::ActiveModel {
        version: Set(expected_version + 1),
        updated_at: Set(recorded_at),
        ..fact_columns(facts)
    };
    let result = matter::Entity::update_many()
        .set(row)
        .filter(matter::Column::Id.eq(id))
        .filter(matter::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(StoreError::Conflict(format!(
            "matter {id} is no longer at version {expected_version}"
        )));
    }
    Ok(expected_version + 1)
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
        kind: Set(decision.event.code().to_owned()),
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
        .filter(matter_event::Column::ActorUserId.ne(SYSTEM_USER.0))
        .count(db)
        .await?;
    Ok(by_users == 0)
}

/// The whole timeline of a matter the caller may see, in order.
pub async fn events(
    db: &impl ConnectionTrait,
    matter: &Visible<Matter>,
) -> Result<Vec<Event>, StoreError> {
    let matter_id = matter.id;
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
        .filter(matter::Column::CenterId.eq(center))
        .filter(matter::Column::FileCode.like(format!("%.{year}")))
        .count(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}
