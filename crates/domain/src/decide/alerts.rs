//! The scheduler's system commands: which alert falls due for a handoff, when, and what
//! it records. The engine runs them down the same path as a user's command, signed by
//! the system on behalf of the responsible agency.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Decision, EventDetail, EventKind, OpenHandoff};
use crate::facts::MatterFacts;

/// What a sweep records about a handoff, in the order a handoff goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Alert {
    /// A set share of the handoff's time has passed (`warn_at`).
    Warning,
    /// The due instant has passed while the handoff is open.
    Breach,
    /// A recorded breach is still open a set time after the due instant.
    Escalation,
}

impl Alert {
    pub const ALL: [Self; 3] = [Self::Warning, Self::Breach, Self::Escalation];

    /// The event kind and notification kind, as stored.
    pub fn code(self) -> &'static str {
        match self {
            Self::Warning => "deadline_warning",
            Self::Breach => "deadline_breached",
            Self::Escalation => "breach_escalated",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    /// When the alert falls due for a handoff.
    pub fn instant(
        self,
        due_at: DateTime<Utc>,
        warn_at: DateTime<Utc>,
        escalate_after: Duration,
    ) -> DateTime<Utc> {
        match self {
            Self::Warning => warn_at,
            Self::Breach => due_at,
            Self::Escalation => due_at + escalate_after,
        }
    }

    /// The first instant at which a sweep fires it: a warning at its instant, a breach or
    /// an escalation strictly after (microseconds are what both databases keep).
    pub fn fires_from(
        self,
        due_at: DateTime<Utc>,
        warn_at: DateTime<Utc>,
        escalate_after: Duration,
    ) -> DateTime<Utc> {
        let at = self.instant(due_at, warn_at, escalate_after);
        match self {
            Self::Warning => at,
            Self::Breach | Self::Escalation => at + Duration::microseconds(1),
        }
    }
}

/// The rules' answer to an alert the sweep claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertDecision {
    /// A warning for a handoff already past due: the breach says more. Nothing is recorded
    /// on the timeline (the handoff still counts as warned).
    Superseded,
    /// Record the alert as the matter's next event; its facts do not change.
    Record(Box<Decision>),
}

/// Decides an alert for an open handoff of a matter at `now`.
pub fn decide_alert(
    alert: Alert,
    facts: &MatterFacts,
    handoff: &OpenHandoff,
    escalate_after: Duration,
    now: DateTime<Utc>,
) -> AlertDecision {
    if alert == Alert::Warning && handoff.due_at < now {
        return AlertDecision::Superseded;
    }
    let (id, clock, due_at) = (handoff.id, handoff.clock.clone(), handoff.due_at);
    let detail = match alert {
        Alert::Warning => EventDetail::DeadlineWarning {
            handoff: id,
            clock,
            due_at,
        },
        Alert::Breach => EventDetail::DeadlineBreached {
            handoff: id,
            clock,
            due_at,
        },
        Alert::Escalation => EventDetail::BreachEscalated {
            handoff: id,
            clock,
            due_at,
        },
    };
    AlertDecision::Record(Box::new(Decision {
        event: EventKind::Alert(alert),
        occurred_at: alert.instant(due_at, handoff.warn_at, escalate_after),
        facts: facts.clone(),
        detail,
        open: Vec::new(),
        discharge: Vec::new(),
        cancel: Vec::new(),
        pause: Vec::new(),
        resume: Vec::new(),
        moved: Vec::new(),
        payment: None,
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::ids::HandoffId;

    fn handoff(due_at: DateTime<Utc>) -> OpenHandoff {
        OpenHandoff {
            id: HandoffId::generate(),
            clock: "register_counsel".into(),
            started_at: due_at - Duration::hours(24),
            due_at,
            warn_at: due_at - Duration::hours(6),
            paused_at: None,
            computation: None,
        }
    }

    #[test]
    fn a_breach_fires_strictly_after_the_due_instant_and_an_escalation_after_its_delay() {
        let h = handoff(Utc::now());
        let after = Duration::hours(24);
        assert_eq!(
            Alert::Warning.fires_from(h.due_at, h.warn_at, after),
            h.warn_at
        );
        assert!(Alert::Breach.fires_from(h.due_at, h.warn_at, after) > h.due_at);
        assert!(Alert::Escalation.fires_from(h.due_at, h.warn_at, after) > h.due_at + after);
    }
}
