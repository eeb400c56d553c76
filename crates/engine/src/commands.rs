//! The path of one command: one transaction, decided by the domain, guarded by the
//! matter's version, replayable by idempotency key.
//!
//! - [`actions`]: commands on an existing matter, validated into the domain's commands;
//! - [`creation`]: commands that create a matter.

mod actions;
mod creation;

pub use actions::Action;
pub use creation::Creating;

use baton_domain::DomainError;
use baton_domain::access::Operation;
use baton_domain::agency::AgencyKind;
use baton_domain::agency::Principal;
use baton_domain::calendar::vn_offset;
use baton_domain::decide::{self, Creation, Decision, MatterFacts, OpenHandoff};
use baton_domain::ids::MatterId;
use baton_domain::matter::{NewRequest, RawRequest};
use baton_domain::ruleset::RuleSet;
use baton_store::clock_changes::{self, Change};
use baton_store::matters::{self, IdempotentResult, Matter};
use baton_store::scope::Scope;
use baton_store::{DatabaseTransaction, TransactionTrait, agencies, handoffs};
use chrono::{DateTime, SubsecRound, Utc};
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
    Request {
        id: MatterId,
        request: &'a NewRequest,
        creating: &'a Creating,
    },
    Act {
        target: &'a Target,
        action: &'a Action,
    },
}

fn request_hash(what: &str) -> String {
    hex::encode(Sha256::digest(what.as_bytes()))
}

fn check_key(key: Option<&str>) -> Result<(), DomainError> {
    match key {
        Some(k) if k.is_empty() || k.len() > MAX_KEY => Err(DomainError::invalid(
            "idempotencyKey",
            format!("must be 1 to {MAX_KEY} characters"),
        )),
        _ => Ok(()),
    }
}

impl Engine {
    /// A procedural agency records a legal aid request; it reaches the center's inbox.
    pub async fn request_legal_aid(
        &self,
        principal: &Principal,
        raw: RawRequest<'_>,
        idempotency_key: Option<&str>,
    ) -> Result<Matter, EngineError> {
        self.create(principal, Creating::RequestLegalAid, raw, idempotency_key)
            .await
    }

    /// A command that creates a matter (T1, T2, T3, T3m, T4).
    #[tracing::instrument(skip_all, fields(agency = %principal.agency.id))]
    pub async fn create(
        &self,
        principal: &Principal,
        creating: Creating,
        raw: RawRequest<'_>,
        idempotency_key: Option<&str>,
    ) -> Result<Matter, EngineError> {
        check_key(idempotency_key)?;
        crate::queries::require(principal, Operation::CreateMatter)?;
        let now = self.now();
        let raw = RawRequest {
            received_at: raw.received_at.map(|t| t.trunc_subsecs(6)),
            ..raw
        };
        // Hash what was sent, not the parsed request: an absent receivedAt defaults to
        // "now", which differs on a replay.
        let command = creating.kind(raw.eligibility);
        let hash = request_hash(&format!("{command} {creating:?} {raw:?}"));
        let request = NewRequest::parse(raw, now)?;
        let id = MatterId::generate();
        let work = Work::Request {
            id,
            request: &request,
            creating: &creating,
        };
        let result = self
            .idempotent(principal, idempotency_key, command.code(), &hash, work, now)
            .await?;
        self.reload(principal, result).await
    }

    async fn insert_request(
        &self,
        txn: &DatabaseTransaction,
        principal: &Principal,
        id: MatterId,
        request: &NewRequest,
        creating: &Creating,
        now: DateTime<Utc>,
    ) -> Result<MatterId, EngineError> {
        let center = agencies::get(txn, request.center)
            .await?
            .ok_or_else(|| DomainError::invalid("centerId", "no agency has this id"))?;
        let received_local = request.received_at.with_timezone(&vn_offset()).date_naive();
        let rules = self.rules.in_force(received_local).ok_or_else(|| {
            DomainError::invalid("receivedAt", "no rule set was in force on that date")
        })?;
        let creation: Creation = creating.validate(request)?;
        let decision = decide::decide_creation(
            rules,
            &self.calendar,
            principal,
            creation,
            request,
            &center.as_ref(),
            now,
        )?;
        matters::insert(txn, id, request, &decision, &rules.version, principal, now).await?;
        let stored = matters::find_visible(txn, &Scope::All, id)
            .await?
            .ok_or(EngineError::NotFound("matter"))?;
        self.persist(txn, principal, &stored, decision, now).await?;
        Ok(id)
    }

    /// A command on an existing matter.
    #[tracing::instrument(skip_all, fields(matter = %target.matter, agency = %principal.agency.id))]
    pub async fn act(
        &self,
        principal: &Principal,
        target: Target,
        action: Action,
    ) -> Result<Matter, EngineError> {
        check_key(target.idempotency_key.as_deref())?;
        crate::queries::require(principal, Operation::ActOnMatter)?;
        let now = self.now();
        let hash = request_hash(&format!(
            "{} {:?} {action:?}",
            target.matter, target.expected_version
        ));
        let work = Work::Act {
            target: &target,
            action: &action,
        };
        let key = target.idempotency_key.as_deref();
        let result = self
            .idempotent(principal, key, action.kind().code(), &hash, work, now)
            .await?;
        self.reload(principal, result).await
    }

    async fn act_in(
        &self,
        txn: &DatabaseTransaction,
        principal: &Principal,
        target: &Target,
        action: &Action,
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
        let command = actions::to_command(txn, action, &matter, now).await?;
        let rules = self.rules.version(&matter.ruleset_version).ok_or_else(|| {
            EngineError::internal(format!("rule set {} is not loaded", matter.ruleset_version))
        })?;
        let facts = self.facts(txn, &matter, rules).await?;
        let decision = decide::decide(rules, &self.calendar, principal, &facts, command, now)?;
        self.persist(txn, principal, &matter, decision, now).await?;
        Ok(matter.id)
    }

    /// The matter as the rules see it: its facts and the duties still owed.
    async fn facts(
        &self,
        txn: &DatabaseTransaction,
        matter: &Matter,
        rules: &RuleSet,
    ) -> Result<MatterFacts, EngineError> {
        let (open, closed): (Vec<_>, Vec<_>) = handoffs::for_matter(txn, matter.id)
            .await?
            .into_iter()
            .partition(|h| h.discharged_at.is_none());
        let closed_duties = closed.into_iter().map(|h| h.clock).collect();
        let open_handoffs = open
            .into_iter()
            .map(|h| OpenHandoff {
                id: h.id,
                clock: h.clock,
                started_at: h.started_at,
                due_at: h.due_at,
                warn_at: h.warn_at,
                paused_at: h.paused_at,
            })
            .collect();
        // Only the branch-roster setting asks which center a branch belongs to.
        let center_parent = if rules.settings.branch_assigns_from_center_roster.value {
            agencies::get(txn, matter.center)
                .await?
                .and_then(|c| c.parent)
        } else {
            None
        };
        let department = agencies::list(
            txn,
            Some(AgencyKind::JusticeDepartment),
            Some(&matter.province),
        )
        .await?
        .first()
        .map(|a| a.id);
        let received = matter.received_at.with_timezone(&vn_offset()).date_naive();
        let minor = matter
            .birth_date
            .and_then(|b| received.years_since(b))
            .is_some_and(|age| age < 18);
        Ok(MatterFacts {
            state: matter.state,
            custody: matter.custody,
            proceeding: matter.proceeding_kind,
            stage: matter.stage,
            eligibility: matter.eligibility,
            minor,
            flags: matter.flags.clone(),
            handling_agency: matter.handling_agency,
            center: matter.center,
            center_parent,
            department,
            received_at: matter.received_at,
            notified_at: matter.notified_at,
            hearing_at: matter.hearing_at,
            counsel_changes: matter.counsel_changes,
            open_handoffs,
            closed_duties,
        })
    }

    /// Writes a decision: the matter (version-guarded), its event, its handoffs.
    async fn persist(
        &self,
        txn: &DatabaseTransaction,
        principal: &Principal,
        matter: &Matter,
        decision: Decision,
        now: DateTime<Utc>,
    ) -> Result<(), EngineError> {
        let version = matters::apply(txn, matter.id, matter.version, &decision, now).await?;
        matters::append_event(txn, matter.id, version, &decision, principal, now).await?;
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
            };
            clock_changes::apply(txn, r.handoff, change, now).await?;
        }
        for plan in &decision.open {
            let responsible = agencies::get(txn, plan.responsible)
                .await?
                .ok_or_else(|| EngineError::internal("responsible agency vanished"))?;
            handoffs::open(txn, matter.id, plan, responsible.kind, &matter.province).await?;
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
            Work::Request {
                id,
                request,
                creating,
            } => {
                self.insert_request(txn, principal, id, request, creating, now)
                    .await?
            }
            Work::Act { target, action } => {
                self.act_in(txn, principal, target, action, now).await?
            }
        };
        self.relay_matter(txn, id).await?;
        Ok(id)
    }

    async fn reload(&self, principal: &Principal, id: MatterId) -> Result<Matter, EngineError> {
        // After the commit: announce the change (new referrals, nearer deadlines).
        self.matter(principal, id)
            .await
            .inspect(|m| self.committed(m))
    }
}
