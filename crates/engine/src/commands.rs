//! The path of one command: one transaction, decided by the domain, guarded by the
//! matter's version, replayable by idempotency key.
//!
//! The API hands over the domain's own [`Command`] (or [`Creation`]); here the matter and
//! what the command names are loaded ([`load`]), the domain decides, and the store writes
//! the decision's facts, event and clock changes as they are.

mod load;
mod recompute;
mod system;

pub use recompute::{DueChange, RecomputeOptions, RecomputeReport};
pub use system::AlertOutcome;

use baton_domain::access::Operation;
use baton_domain::agency::Principal;
use baton_domain::calendar::vn_offset;
use baton_domain::decide::{self, Command, Creation, Decision};
use baton_domain::ids::MatterId;
use baton_domain::matter::{NewRequest, RawRequest};
use baton_domain::pay::PaymentChange;
use baton_domain::{DomainError, lookup_text};
use baton_store::clock_changes::{self, Change};
use baton_store::matters::{self, IdempotentResult, Matter};
use baton_store::scope::{Scope, Visible};
use baton_store::{DatabaseTransaction, TransactionTrait, agencies, handoffs, payment_claims};
use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Engine, EngineError};

/// Which matter a command acts on, and how it guards against races and replays.
#[derive(Debug, Clone)]
pub struct Target {
    pub matter: MatterId,
    /// When set, the command fails with a conflict unless the matter is at this version.
    pub expected_version: Option<i64>,
    /// When set, a second command with the same key returns the first result.
    pub idempotency_key: Option<String>,
}

const MAX_KEY: usize = 200;

/// What a command does inside its transaction.
#[derive(Clone, Copy)]
enum Work<'a> {
    Create {
        id: MatterId,
        request: &'a NewRequest,
        creation: &'a Creation,
    },
    Act {
        target: &'a Target,
        command: &'a Command,
    },
}

/// The hash an idempotency key remembers: of the command's canonical JSON form, so that a
/// client's retry is recognised across deploys (a `Debug` text is not stable).
fn request_hash(what: &impl Serialize) -> Result<String, EngineError> {
    let json = serde_json::to_vec(what)
        .map_err(|e| EngineError::internal(format!("a command does not serialise: {e}")))?;
    Ok(hex::encode(Sha256::digest(json)))
}

/// An idempotency key as it is kept: 1 to [`MAX_KEY`] characters, NFC, with no control
/// or invisible character (a NUL would reach the database).
fn check_key(key: Option<&str>) -> Result<Option<String>, DomainError> {
    key.map(|k| lookup_text("idempotencyKey", k, MAX_KEY))
        .transpose()
}

impl Engine {
    /// A command that creates a matter (T1, T2, T3, T3m, T4).
    #[tracing::instrument(skip_all, fields(agency = %principal.agency.id))]
    pub async fn create(
        &self,
        principal: &Principal,
        creation: Creation,
        raw: RawRequest<'_>,
        idempotency_key: Option<&str>,
    ) -> Result<Visible<Matter>, EngineError> {
        let idempotency_key = check_key(idempotency_key)?;
        let idempotency_key = idempotency_key.as_deref();
        crate::queries::require(principal, Operation::CreateMatter)?;
        let now = self.now();
        let raw = RawRequest {
            received_at: raw.received_at.map(|t| t.trunc_subsecs(6)),
            ..raw
        };
        // Hash what was sent, not the parsed request: an absent receivedAt defaults to
        // "now", which differs on a replay.
        let kind = creation.kind();
        let hash = request_hash(&(&creation, &raw))?;
        let request = NewRequest::parse(raw, now)?;
        let work = Work::Create {
            id: MatterId::generate(),
            request: &request,
            creation: &creation,
        };
        let result = self
            .idempotent(principal, idempotency_key, kind.code(), &hash, work, now)
            .await?;
        self.reload(principal, result).await
    }

    async fn create_in(
        &self,
        txn: &DatabaseTransaction,
        principal: &Principal,
        id: MatterId,
        request: &NewRequest,
        creation: &Creation,
        now: DateTime<Utc>,
    ) -> Result<MatterId, EngineError> {
        let center = agencies::get(txn, request.center)
            .await?
            .ok_or_else(|| DomainError::invalid("centerId", "no agency has this id"))?;
        let received_local = request.received_at.with_timezone(&vn_offset()).date_naive();
        let rules = self.rules.in_force(received_local).ok_or_else(|| {
            DomainError::invalid("receivedAt", "no rule set was in force on that date")
        })?;
        let decision = decide::decide_creation(
            rules,
            &self.calendar,
            principal,
            creation.clone(),
            request,
            &center.as_ref(),
            now,
        )?;
        let created_by = principal.user_id;
        // The new row is the decision's facts at version 1; its event is seq 1.
        matters::insert(txn, id, &rules.version, created_by, &decision.facts, now).await?;
        self.record(txn, principal, id, 1, decision, now).await?;
        Ok(id)
    }

    /// A command on an existing matter.
    #[tracing::instrument(skip_all, fields(matter = %target.matter, agency = %principal.agency.id))]
    pub async fn act(
        &self,
        principal: &Principal,
        target: Target,
        command: Command,
    ) -> Result<Visible<Matter>, EngineError> {
        let target = Target {
            idempotency_key: check_key(target.idempotency_key.as_deref())?,
            ..target
        };
        crate::queries::require(principal, Operation::ActOnMatter)?;
        let now = self.now();
        let hash = request_hash(&(target.matter, target.expected_version, &command))?;
        let work = Work::Act {
            target: &target,
            command: &command,
        };
        let key = target.idempotency_key.as_deref();
        let result = self
            .idempotent(principal, key, command.kind().code(), &hash, work, now)
            .await?;
        self.reload(principal, result).await
    }

    async fn act_in(
        &self,
        txn: &DatabaseTransaction,
        principal: &Principal,
        target: &Target,
        command: &Command,
        now: DateTime<Utc>,
    ) -> Result<MatterId, EngineError> {
        let matter = matters::find_visible(txn, &Scope::of(principal), target.matter)
            .await?
            .ok_or(EngineError::NotFound("matter"))?;
        // The scheduler's alerts bump the version too, but change nothing the caller acts
        // on: only a user's change since `expected` is a conflict.
        if let Some(expected) = target.expected_version
            && expected != matter.version
            && !(expected < matter.version
                && matters::only_system_changes_since(txn, matter.id, expected).await?)
        {
            return Err(EngineError::Conflict(format!(
                "the matter is at version {}, not {expected}: reload it and try again",
                matter.version
            )));
        }
        let rules = self.rules.version(&matter.ruleset_version).ok_or_else(|| {
            EngineError::internal(format!("rule set {} is not loaded", matter.ruleset_version))
        })?;
        let mut situation = load::situation(txn, &matter, rules).await?;
        decide::authorize(rules, principal, &situation, command.kind())?;
        situation.referenced = load::referenced(txn, &matter, command.references(), now).await?;
        let decision = decide::decide(
            rules,
            &self.calendar,
            principal,
            &situation,
            command.clone(),
            now,
        )?;
        self.persist(txn, principal, matter.id, matter.version, decision, now)
            .await?;
        Ok(matter.id)
    }

    /// Writes a decision on an existing matter: its facts (version-guarded), then its event
    /// and clock changes ([`Self::record`]). With the insert of a new matter in
    /// `create_in`, the one writer of a matter's row and timeline; returns the new version.
    async fn persist(
        &self,
        txn: &DatabaseTransaction,
        principal: &Principal,
        id: MatterId,
        version: i64,
        decision: Decision,
        now: DateTime<Utc>,
    ) -> Result<i64, EngineError> {
        let version = matters::update(txn, id, version, &decision.facts, now).await?;
        match &decision.payment {
            Some(PaymentChange::Submit {
                id: claim,
                provider,
                claim: priced,
            }) => {
                let facts = &decision.facts;
                payment_claims::insert(
                    txn,
                    *claim,
                    id,
                    &facts.province,
                    facts.center,
                    *provider,
                    priced,
                    principal,
                    now,
                )
                .await?;
            }
            Some(PaymentChange::Decide {
                id: claim,
                status,
                reason,
            }) => {
                payment_claims::decide(txn, *claim, *status, reason.as_deref(), principal, now)
                    .await?;
            }
            None => {}
        }
        self.record(txn, principal, id, version, decision, now)
            .await?;
        Ok(version)
    }

    /// What a decision writes besides the matter's row: its event as number `version` of
    /// the timeline, and its clock changes.
    async fn record(
        &self,
        txn: &DatabaseTransaction,
        principal: &Principal,
        id: MatterId,
        version: i64,
        decision: Decision,
        now: DateTime<Utc>,
    ) -> Result<(), EngineError> {
        matters::append_event(txn, id, version, &decision, principal, now).await?;
        for d in &decision.discharge {
            clock_changes::apply(txn, d.handoff, Change::Discharge, d.at).await?;
        }
        for id in &decision.cancel {
            clock_changes::apply(txn, *id, Change::Cancel, now).await?;
        }
        for id in &decision.pause {
            clock_changes::apply(txn, *id, Change::Pause, now).await?;
        }
        for r in &decision.resume {
            let change = Change::Resume {
                due_at: r.due_at,
                warn_at: r.warn_at,
                computation: r.computation.clone().map(Box::new),
            };
            clock_changes::apply(txn, r.handoff, change, now).await?;
        }
        for m in &decision.moved {
            let change = Change::Move {
                from: m.old_due,
                due_at: m.due_at,
                warn_at: m.warn_at,
                computation: Box::new(m.computation.clone()),
                calendar_revision: m.calendar_revision.clone(),
            };
            clock_changes::apply(txn, m.handoff, change, now).await?;
        }
        for plan in &decision.open {
            let responsible = agencies::get(txn, plan.responsible)
                .await?
                .ok_or_else(|| EngineError::internal("responsible agency vanished"))?;
            let province = &decision.facts.province;
            handoffs::open(txn, id, plan, responsible.kind, province).await?;
        }
        Ok(())
    }

    /// Runs `work` in a transaction, at most once per (user, idempotency key).
    async fn idempotent(
        &self,
        principal: &Principal,
        key: Option<&str>,
        command: &str,
        hash: &str,
        work: Work<'_>,
        now: DateTime<Utc>,
    ) -> Result<MatterId, EngineError> {
        let Some(key) = key else {
            let txn = self.db.begin().await?;
            let id = self.run(&txn, principal, work, now).await?;
            txn.commit().await?;
            return Ok(id);
        };
        let replay = |prev: IdempotentResult| {
            if prev.command == command && prev.request_hash == hash {
                Ok(prev.matter)
            } else {
                Err(EngineError::Conflict(
                    "this idempotency key was already used for a different command".into(),
                ))
            }
        };
        let user = principal.user_id;
        let txn = self.db.begin().await?;
        if let Some(prev) = matters::find_idempotent(&txn, user, key).await? {
            return replay(prev);
        }
        let outcome = match self.run(&txn, principal, work, now).await {
            Ok(id) => {
                let record = IdempotentResult {
                    command: command.to_owned(),
                    request_hash: hash.to_owned(),
                    matter: id,
                };
                matters::insert_idempotent(&txn, user, key, &record, now)
                    .await
                    .map(|()| id)
                    .map_err(EngineError::from)
            }
            Err(err) => Err(err),
        };
        match outcome {
            Ok(id) => {
                txn.commit().await?;
                Ok(id)
            }
            // A twin with the same key may have committed while this one ran, and made
            // this one fail (a lost version race, a state already changed, the key taken):
            // then its result is the answer.
            Err(err) => {
                txn.rollback().await?;
                match matters::find_idempotent(&self.db, user, key).await? {
                    Some(prev) => replay(prev),
                    None => Err(err),
                }
            }
        }
    }

    /// The work of a command inside its transaction.
    async fn run(
        &self,
        txn: &DatabaseTransaction,
        principal: &Principal,
        work: Work<'_>,
        now: DateTime<Utc>,
    ) -> Result<MatterId, EngineError> {
        let id = match work {
            Work::Create {
                id,
                request,
                creation,
            } => {
                self.create_in(txn, principal, id, request, creation, now)
                    .await?
            }
            Work::Act { target, command } => {
                self.act_in(txn, principal, target, command, now).await?
            }
        };
        self.relay_matter(txn, id).await?;
        Ok(id)
    }

    async fn reload(
        &self,
        principal: &Principal,
        id: MatterId,
    ) -> Result<Visible<Matter>, EngineError> {
        // After the commit: announce the change (new referrals, nearer deadlines).
        self.matter(principal, id)
            .await
            .inspect(|m| self.committed(m))
    }
}
