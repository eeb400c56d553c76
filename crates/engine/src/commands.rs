//! The path of one command: one transaction, decided by the domain, guarded by the
//! matter's version, replayable by idempotency key.

use baton_domain::agency::Principal;
use baton_domain::calendar::vn_offset;
use baton_domain::decide::{self, Command, Decision, MatterFacts};
use baton_domain::ids::{MatterId, ProviderId};
use baton_domain::matter::{NewRequest, RawRequest, RefusalGround, limits};
use baton_domain::{BoundedText, DomainError};
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

/// A command on an existing matter, with raw text still to validate.
#[derive(Debug, Clone)]
pub enum Action {
    Accept {
        note: Option<String>,
    },
    Refuse {
        ground: RefusalGround,
        reason: String,
    },
    Assign {
        provider: ProviderId,
        decision_number: Option<String>,
    },
    Register {
        registration_number: Option<String>,
    },
}

const MAX_KEY: usize = 200;

/// What a command does inside its transaction.
#[derive(Clone, Copy)]
enum Work<'a> {
    Request {
        id: MatterId,
        request: &'a NewRequest,
    },
    Act {
        target: &'a Target,
        action: &'a Action,
    },
}

fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<BoundedText>, DomainError> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| BoundedText::parse(v, max).map_err(|e| DomainError::invalid(field, e.to_string())))
        .transpose()
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
    #[tracing::instrument(skip_all, fields(agency = %principal.agency.id))]
    pub async fn request_legal_aid(
        &self,
        principal: &Principal,
        raw: RawRequest<'_>,
        idempotency_key: Option<&str>,
    ) -> Result<Matter, EngineError> {
        check_key(idempotency_key)?;
        let now = self.now();
        let raw = RawRequest {
            received_at: raw.received_at.map(|t| t.trunc_subsecs(6)),
            ..raw
        };
        // Hash what was sent, not the parsed request: an absent receivedAt defaults to
        // "now", which differs on a replay.
        let hash = request_hash(&format!("request_legal_aid {raw:?}"));
        let request = NewRequest::parse(raw, now)?;
        let id = MatterId::generate();
        let work = Work::Request {
            id,
            request: &request,
        };
        let result = self
            .idempotent(
                principal,
                idempotency_key,
                "request_legal_aid",
                &hash,
                work,
                now,
            )
            .await?;
        self.reload(principal, result).await
    }

    async fn insert_request(
        &self,
        txn: &DatabaseTransaction,
        principal: &Principal,
        id: MatterId,
        request: &NewRequest,
        now: DateTime<Utc>,
    ) -> Result<MatterId, EngineError> {
        let center = agencies::get(txn, request.center)
            .await?
            .ok_or_else(|| DomainError::invalid("centerId", "no agency has this id"))?;
        let received_local = request.received_at.with_timezone(&vn_offset()).date_naive();
        let rules = self.rules.in_force(received_local).ok_or_else(|| {
            DomainError::invalid("receivedAt", "no rule set was in force on that date")
        })?;
        let decision = decide::decide_request(
            rules,
            &self.calendar,
            principal,
            request,
            &center.as_ref(),
            now,
        )?;
        matters::insert(txn, id, request, &rules.version, principal, now).await?;
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
        let now = self.now();
        let command_name = match &action {
            Action::Accept { .. } => "accept_referral",
            Action::Refuse { .. } => "refuse_referral",
            Action::Assign { .. } => "assign_provider",
            Action::Register { .. } => "register_counsel",
        };
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
            .idempotent(principal, key, command_name, &hash, work, now)
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
        if let Some(expected) = target.expected_version
            && expected != matter.version
        {
            return Err(EngineError::Conflict(format!(
                "the matter is at version {}, not {expected}: reload it and try again",
                matter.version
            )));
        }
        let command = match action {
            Action::Accept { note } => Command::AcceptReferral {
                note: optional_text("note", note.as_deref(), limits::REASON)?,
            },
            Action::Refuse { ground, reason } => Command::RefuseReferral {
                ground: *ground,
                reason: BoundedText::parse(reason, limits::REASON)
                    .map_err(|e| DomainError::invalid("reason", e.to_string()))?,
            },
            Action::Assign {
                provider,
                decision_number,
            } => Command::AssignProvider {
                provider: agencies::provider(txn, *provider)
                    .await?
                    .ok_or_else(|| DomainError::invalid("providerId", "no provider has this id"))?
                    .as_ref(),
                decision_number: optional_text(
                    "decisionNumber",
                    decision_number.as_deref(),
                    limits::DECISION_NUMBER,
                )?,
            },
            Action::Register {
                registration_number,
            } => Command::RegisterCounsel {
                registration_number: optional_text(
                    "registrationNumber",
                    registration_number.as_deref(),
                    limits::DECISION_NUMBER,
                )?,
            },
        };
        let rules = self.rules.version(&matter.ruleset_version).ok_or_else(|| {
            EngineError::internal(format!("rule set {} is not loaded", matter.ruleset_version))
        })?;
        let open = handoffs::for_matter(txn, matter.id)
            .await?
            .into_iter()
            .filter(|h| h.discharged_at.is_none())
            .map(|h| (h.id, h.clock))
            .collect();
        let facts = MatterFacts {
            state: matter.state,
            custody: matter.custody,
            proceeding: matter.proceeding_kind,
            handling_agency: matter.handling_agency,
            center: matter.center,
            received_at: matter.received_at,
            open_handoffs: open,
        };
        let decision = decide::decide(rules, &self.calendar, principal, &facts, command, now)?;
        self.persist(txn, principal, &matter, decision, now).await?;
        Ok(matter.id)
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
            handoffs::discharge(txn, d.handoff, d.at).await?;
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
        match work {
            Work::Request { id, request } => {
                self.insert_request(txn, principal, id, request, now).await
            }
            Work::Act { target, action } => self.act_in(txn, principal, target, action, now).await,
        }
    }

    async fn reload(&self, principal: &Principal, id: MatterId) -> Result<Matter, EngineError> {
        self.matter(principal, id).await
    }
}
