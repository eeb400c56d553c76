//! The matter state machine: given the rule set, the calendar, the matter as it stands, a
//! command, the principal and "now", decide what happens. Storage only persists what this
//! returns.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::agency::{AgencyKind, AgencyRef, Principal};
use crate::calendar::WorkingCalendar;
use crate::error::DomainError;
use crate::ids::{AgencyId, HandoffId, ProviderId};
use crate::matter::{
    CustodyStatus, EligibilityCategory, MatterState, NewRequest, ProceedingKind, ProviderKind,
    ProviderRef, RefusalGround, Stage,
};
use crate::ruleset::{ClockStart, CommandKind, Party, RuleSet, Transition};
use crate::text::BoundedText;

/// A matter as the rules need to see it.
#[derive(Debug, Clone)]
pub struct MatterFacts {
    pub state: MatterState,
    pub custody: CustodyStatus,
    pub proceeding: ProceedingKind,
    pub handling_agency: AgencyId,
    pub center: AgencyId,
    pub received_at: DateTime<Utc>,
    /// Handoffs not yet discharged: (id, clock id).
    pub open_handoffs: Vec<(HandoffId, String)>,
}

/// A command on an existing matter.
#[derive(Debug, Clone)]
pub enum Command {
    AcceptReferral {
        note: Option<BoundedText>,
    },
    RefuseReferral {
        ground: RefusalGround,
        reason: BoundedText,
    },
    AssignProvider {
        provider: ProviderRef,
        decision_number: Option<BoundedText>,
    },
    RegisterCounsel {
        registration_number: Option<BoundedText>,
    },
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Self::AcceptReferral { .. } => CommandKind::AcceptReferral,
            Self::RefuseReferral { .. } => CommandKind::RefuseReferral,
            Self::AssignProvider { .. } => CommandKind::AssignProvider,
            Self::RegisterCounsel { .. } => CommandKind::RegisterCounsel,
        }
    }
}

/// What happened, as recorded on the timeline and applied to the matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventDetail {
    Requested {
        full_name: String,
        eligibility: EligibilityCategory,
        custody: CustodyStatus,
        proceeding: ProceedingKind,
        stage: Stage,
        case_number: String,
    },
    Accepted {
        note: Option<String>,
    },
    Refused {
        ground: RefusalGround,
        reason: String,
    },
    ProviderAssigned {
        provider: ProviderId,
        provider_name: String,
        provider_kind: ProviderKind,
        decision_number: Option<String>,
    },
    CounselRegistered {
        registration_number: Option<String>,
    },
    /// The scheduler: a set share of a handoff's time has passed.
    DeadlineWarning {
        handoff: HandoffId,
        clock: String,
        due_at: DateTime<Utc>,
    },
    /// The scheduler: a handoff's due instant passed while it was open.
    DeadlineBreached {
        handoff: HandoffId,
        clock: String,
        due_at: DateTime<Utc>,
    },
    /// The scheduler: a breach stayed open long enough to go to the national level.
    BreachEscalated {
        handoff: HandoffId,
        clock: String,
        due_at: DateTime<Utc>,
    },
}

/// A handoff the decision opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedHandoff {
    pub clock: String,
    pub responsible: AgencyId,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub warn_at: DateTime<Utc>,
    /// "12 giờ", "3 ngày làm việc".
    pub limit: String,
    pub basis: String,
    pub calendar_revision: String,
    /// Set when the same transition also discharges it (the request is the notice).
    pub discharged_at: Option<DateTime<Utc>>,
}

/// A handoff the decision discharges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discharge {
    pub handoff: HandoffId,
    pub at: DateTime<Utc>,
}

/// The rules' answer to a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub command: CommandKind,
    pub to: MatterState,
    pub occurred_at: DateTime<Utc>,
    pub detail: EventDetail,
    pub open: Vec<PlannedHandoff>,
    pub discharge: Vec<Discharge>,
}

/// Decides a new request: the principal's agency becomes the handling agency.
pub fn decide_request(
    rules: &RuleSet,
    calendar: &WorkingCalendar,
    principal: &Principal,
    request: &NewRequest,
    center: &AgencyRef,
    now: DateTime<Utc>,
) -> Result<Decision, DomainError> {
    let transition = transition(rules, CommandKind::RequestLegalAid)?;
    authorize_role(transition, principal)?;
    if center.id != request.center || center.kind != AgencyKind::LegalAidCenter {
        return Err(DomainError::invalid(
            "centerId",
            "the request must go to a state legal aid center",
        ));
    }
    let facts = MatterFacts {
        state: transition.to,
        custody: request.person.custody,
        proceeding: request.proceeding.kind,
        handling_agency: principal.agency.id,
        center: center.id,
        received_at: request.received_at,
        open_handoffs: Vec::new(),
    };
    let detail = EventDetail::Requested {
        full_name: request.person.full_name.as_str().to_owned(),
        eligibility: request.person.eligibility,
        custody: request.person.custody,
        proceeding: request.proceeding.kind,
        stage: request.proceeding.stage,
        case_number: request.proceeding.case_number.as_str().to_owned(),
    };
    Ok(apply(rules, calendar, transition, &facts, detail, now))
}

/// Decides a command on an existing matter.
pub fn decide(
    rules: &RuleSet,
    calendar: &WorkingCalendar,
    principal: &Principal,
    matter: &MatterFacts,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Decision, DomainError> {
    let kind = command.kind();
    let transition = transition(rules, kind)?;
    authorize_role(transition, principal)?;
    let party_agency = match transition.actor {
        Party::HandlingAgency => matter.handling_agency,
        Party::Center => matter.center,
    };
    if principal.agency.id != party_agency {
        return Err(DomainError::Forbidden(format!(
            "only the {} of this matter may {kind}",
            transition.actor.label_vi()
        )));
    }
    if !transition.from.contains(&matter.state) {
        return Err(DomainError::InvalidTransition {
            command: kind,
            state: matter.state,
            allowed: rules.allowed_from(matter.state),
        });
    }
    let detail = match command {
        Command::AcceptReferral { note } => EventDetail::Accepted {
            note: note.map(BoundedText::into_string),
        },
        Command::RefuseReferral { ground, reason } => EventDetail::Refused {
            ground,
            reason: reason.into_string(),
        },
        Command::AssignProvider {
            provider,
            decision_number,
        } => {
            check_provider(&provider, matter)?;
            EventDetail::ProviderAssigned {
                provider: provider.id,
                provider_name: provider.name,
                provider_kind: provider.kind,
                decision_number: decision_number.map(BoundedText::into_string),
            }
        }
        Command::RegisterCounsel {
            registration_number,
        } => EventDetail::CounselRegistered {
            registration_number: registration_number.map(BoundedText::into_string),
        },
    };
    Ok(apply(rules, calendar, transition, matter, detail, now))
}

fn transition(rules: &RuleSet, command: CommandKind) -> Result<&Transition, DomainError> {
    rules.transition(command).ok_or_else(|| {
        DomainError::Forbidden(format!(
            "rule set {} has no transition for {command}",
            rules.version
        ))
    })
}

fn authorize_role(transition: &Transition, principal: &Principal) -> Result<(), DomainError> {
    let has_role = transition.roles.iter().any(|r| principal.has_role(*r));
    if !has_role || !transition.agency_kinds.contains(&principal.agency.kind) {
        let roles: Vec<_> = transition.roles.iter().map(|r| r.label_vi()).collect();
        return Err(DomainError::Forbidden(format!(
            "{} requires the role {} in one of the agencies: {}",
            transition.command,
            roles.join(" / "),
            transition
                .agency_kinds
                .iter()
                .map(|k| k.code())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}

fn check_provider(provider: &ProviderRef, matter: &MatterFacts) -> Result<(), DomainError> {
    if provider.center != matter.center {
        return Err(DomainError::invalid(
            "providerId",
            "the provider is not on this center's roster",
        ));
    }
    if !provider.active {
        return Err(DomainError::invalid(
            "providerId",
            "the provider is no longer active",
        ));
    }
    if !provider.kind.may_act_in_proceedings() {
        return Err(DomainError::invalid(
            "providerId",
            format!(
                "a {} may not act in proceedings (Luật TGPL Điều 31(1))",
                provider.kind.label_vi()
            ),
        ));
    }
    Ok(())
}

/// Builds the decision once the command is allowed: clocks opened and discharged.
fn apply(
    rules: &RuleSet,
    calendar: &WorkingCalendar,
    transition: &Transition,
    matter: &MatterFacts,
    detail: EventDetail,
    now: DateTime<Utc>,
) -> Decision {
    let open = transition
        .opens
        .iter()
        .filter_map(|id| rules.clock(id))
        .map(|clock| {
            let limit = clock.limit_for(matter.custody, matter.proceeding);
            let started_at = match clock.starts {
                ClockStart::RequestReceived => matter.received_at,
                ClockStart::Transition => now,
            };
            let deadline = calendar.deadline(started_at, limit.limit());
            let percent = i32::from(clock.warning_percent.unwrap_or(rules.warning_percent));
            let warn_at = started_at + (deadline.at - started_at) * percent / 100;
            PlannedHandoff {
                clock: clock.id.clone(),
                responsible: match clock.responsible {
                    Party::HandlingAgency => matter.handling_agency,
                    Party::Center => matter.center,
                },
                started_at,
                due_at: deadline.at,
                warn_at,
                limit: limit.describe_vi(),
                basis: limit.basis.clone(),
                calendar_revision: deadline.calendar_revision,
                discharged_at: transition.closes.contains(&clock.id).then_some(now),
            }
        })
        .collect();
    let discharge = matter
        .open_handoffs
        .iter()
        .filter(|(_, clock)| transition.closes.contains(clock))
        .map(|(id, _)| Discharge {
            handoff: *id,
            at: now,
        })
        .collect();
    Decision {
        command: transition.command,
        to: transition.to,
        occurred_at: now,
        detail,
        open,
        discharge,
    }
}

#[cfg(test)]
mod tests;
