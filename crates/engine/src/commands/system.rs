//! The scheduler's alerts as system commands: decided by the domain, written by the same
//! [`Engine::persist`] as every user's command, signed by the system on behalf of the
//! agency that owes the duty.

use baton_domain::agency::{AgencyRef, Principal};
use baton_domain::decide::{Alert, AlertDecision, OpenHandoff, decide_alert};
use baton_store::handoffs::Handoff;
use baton_store::matters;
use baton_store::scope::Scope;
use baton_store::{DatabaseTransaction, sweep};
use chrono::{DateTime, Duration, Utc};

use crate::{Engine, EngineError};

/// What recording one alert came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertOutcome {
    /// Another process holds the matter (PostgreSQL): left to it or to a later batch.
    Locked,
    /// Fired by another process first, or the duty was discharged meanwhile.
    LostRace,
    /// A warning for a handoff already past due: marked, not recorded (the breach says more).
    Superseded,
    /// Recorded as the matter's event number `seq`.
    Recorded { seq: i64 },
}

impl Engine {
    /// Fires `alert` for a handoff the sweep claimed, once: inside the caller's
    /// transaction, so a batch commits its alerts together or not at all.
    pub async fn record_alert(
        &self,
        txn: &DatabaseTransaction,
        alert: Alert,
        handoff: &Handoff,
        escalate_after: Duration,
        now: DateTime<Utc>,
    ) -> Result<AlertOutcome, EngineError> {
        if !sweep::lock_matter(txn, handoff.matter).await? {
            return Ok(AlertOutcome::Locked);
        }
        if !sweep::fire(txn, alert, handoff.id, now).await? {
            return Ok(AlertOutcome::LostRace);
        }
        let matter = matters::find_visible(txn, &Scope::system(), handoff.matter)
            .await?
            .ok_or_else(|| EngineError::internal("an alert's matter vanished"))?;
        let open = OpenHandoff {
            id: handoff.id,
            clock: handoff.clock.clone(),
            started_at: handoff.started_at,
            due_at: handoff.due_at,
            warn_at: handoff.warn_at,
            paused_at: handoff.paused_at,
            computation: handoff.computation.clone(),
        };
        match decide_alert(alert, &matter.facts, &open, escalate_after, now) {
            AlertDecision::Superseded => Ok(AlertOutcome::Superseded),
            AlertDecision::Record(decision) => {
                let system = Principal::system(AgencyRef {
                    id: handoff.responsible,
                    kind: handoff.responsible_kind,
                    province: handoff.province.clone(),
                });
                let seq = self
                    .persist(txn, &system, matter.id, matter.version, *decision, now)
                    .await?;
                Ok(AlertOutcome::Recorded { seq })
            }
        }
    }
}
