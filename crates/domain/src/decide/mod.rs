//! The matter state machine: given the rule set, the calendar, the matter as it stands, a
//! command, the principal and "now", decide what happens. Storage only persists what this
//! returns.
//!
//! - [`Command`] (here) and [`Creation`] ([`creation`]): what callers send;
//! - [`commands`]: what each command on a matter checks, records and makes of the facts;
//! - [`creation`]: what opening a matter checks and records;
//! - [`clocks`]: which handoffs a transition opens, discharges, cancels, pauses, resumes;
//! - [`alerts`]: the scheduler's system commands (warning, breach, escalation);
//! - [`event`]: the timeline's records.

mod alerts;
mod clocks;
mod commands;
mod computation;
mod creation;
mod event;
mod late;
mod pause;
mod recompute;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::agency::{AgencyKind, AgencyRef, Principal};
use crate::calendar::WorkingCalendar;
use crate::error::DomainError;
use crate::facts::MatterFacts;
use crate::ids::{AgencyId, ClaimId, HandoffId, ProviderId};
use crate::lifecycle::{Appraisal, EvaluationBasis};
use crate::matter::{
    DiscontinueGround, MatterState, NewRequest, ProviderRef, RefusalGround, RegistrationGround,
    Stage,
};
use crate::pay::{ClaimRef, ClaimRequest, PaymentChange};
use crate::ruleset::{CommandKind, Party, RuleSet, Transition};
use crate::text::BoundedText;

pub use alerts::{Alert, AlertDecision, decide_alert};
pub use clocks::{Discharge, PlannedHandoff, Resume};
pub use computation::{Computation, PauseStep, SkippedDay, due_words};
pub use creation::Creation;
pub use event::EventDetail;
pub use recompute::{ClockState, DueMoved, Moved, Recomputed, recompute};

/// A handoff still owed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenHandoff {
    pub id: HandoffId,
    pub clock: String,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub warn_at: DateTime<Utc>,
    /// Set while the clock is stopped.
    pub paused_at: Option<DateTime<Utc>>,
    /// How the due instant was computed, as stored (`None` for handoffs opened before it
    /// was kept); a resume adds its pause to it.
    pub computation: Option<Computation>,
}

/// What the rules see when a command comes: the matter's facts, the duties still owed,
/// and what the command names, as the engine loaded them.
#[derive(Debug, Clone)]
pub struct Situation {
    pub facts: MatterFacts,
    /// The center a branch belongs to, when the matter is with a branch. The engine looks
    /// it up only when the rule set's `branch_assigns_from_center_roster` needs it.
    pub center_parent: Option<AgencyId>,
    /// The justice department of the matter's province, if Baton knows it.
    pub department: Option<AgencyId>,
    /// The kind of the agency handling the matter, if Baton knows it (a clock may apply
    /// to one kind of agency only, e.g. TT 46/2019/TT-BCA to investigation bodies).
    pub handling_agency_kind: Option<AgencyKind>,
    pub open_handoffs: Vec<OpenHandoff>,
    /// The clocks of the duties already met or made moot (e.g. `decide_complaint_center`
    /// once the center's head decided).
    pub closed_duties: Vec<String>,
    /// What the command refers to ([`Command::references`]).
    pub referenced: Referenced,
}

impl Situation {
    /// A matter with no duties, no neighbours and nothing referenced.
    pub fn of(facts: MatterFacts) -> Self {
        Self {
            facts,
            center_parent: None,
            department: None,
            handling_agency_kind: None,
            open_handoffs: Vec::new(),
            closed_duties: Vec::new(),
            referenced: Referenced::default(),
        }
    }
}

/// The records a command names by id, for the engine to load before deciding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct References {
    pub provider: Option<ProviderId>,
    /// An agency, with the input field that named it (for the error if it does not exist).
    pub agency: Option<(&'static str, AgencyId)>,
    /// The center's case-file register (`handOverFile` numbers the file in it).
    pub file_register: bool,
    /// The matter's payment claims (T18).
    pub claims: bool,
}

/// What a command named, as loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Referenced {
    pub provider: Option<ProviderRef>,
    pub agency: Option<AgencyRef>,
    pub file_register: Option<FileRegister>,
    /// The matter's payment claims, when [`References::claims`] asked for them.
    pub claims: Vec<ClaimRef>,
}

/// A center's register of case files this year (TT 12 Điều 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRegister {
    /// A branch keeps its own register, numbered `CN<n>` (TT 12 Điều 11(2)).
    pub branch_number: Option<u32>,
    /// How many files the register numbered this year.
    pub numbered: u32,
}

/// A command on an existing matter, as the caller sent it: text bounded and ids typed at
/// the edge; the records it names are loaded by the engine ([`Command::references`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// The request of a person whose right was explained (or who was reported by
    /// "information"), received at this business instant (`None`: now).
    RecordRequest {
        received_at: Option<DateTime<Utc>>,
    },
    AcceptReferral {
        note: Option<BoundedText>,
    },
    /// `force_majeure` gives the requester 10 working days for the proof (TT 12 art. 6(2)).
    AcceptImmediately {
        note: Option<BoundedText>,
        force_majeure: bool,
    },
    RefuseReferral {
        ground: RefusalGround,
        reason: BoundedText,
    },
    TransferReferral {
        to_center: AgencyId,
        reason: BoundedText,
    },
    ReportNotEligible {
        reason: BoundedText,
    },
    RequestProof {
        note: Option<BoundedText>,
    },
    ReceiveProof {
        document: BoundedText,
    },
    AssignProvider {
        provider: ProviderId,
        decision_number: Option<BoundedText>,
    },
    /// T7: the provider (or the center for them) presented the card and the assignment
    /// decision to the handling agency; the registration clock runs from here.
    PresentPapers {
        note: Option<BoundedText>,
    },
    RegisterCounsel {
        registration_number: Option<BoundedText>,
    },
    RefuseRegistration {
        ground: RegistrationGround,
        reason: BoundedText,
    },
    /// `decided_at`: when the cancellation was decided (`None`: now).
    CancelRegistration {
        ground: RegistrationGround,
        reason: BoundedText,
        decided_at: Option<DateTime<Utc>>,
    },
    ScheduleHearing {
        hearing_at: DateTime<Utc>,
        summary_procedure: bool,
    },
    SendHearingSchedule,
    RecordInterrogationNotice {
        at: DateTime<Utc>,
        note: Option<BoundedText>,
    },
    /// TT 46/2019/TT-BCA Điều 5(2): the investigator met the suspect and recorded whether
    /// they accept the appointed counsel.
    RecordSuspectMeeting {
        accepts: bool,
        note: Option<BoundedText>,
    },
    /// The investigation body concluded the investigation at this business instant
    /// (`None`: now); the conclusion is owed to the suspect and counsel within 2 days.
    RecordInvestigationConclusion {
        concluded_at: Option<DateTime<Utc>>,
        note: Option<BoundedText>,
    },
    /// TT 46/2019/TT-BCA Điều 16(1): the conclusion was sent to the suspect and counsel.
    SendInvestigationConclusion {
        note: Option<BoundedText>,
    },
    TransferStage {
        to_agency: AgencyId,
        stage: Stage,
    },
    RequireNewRegistration {
        reason: BoundedText,
        handling_agency: Option<AgencyId>,
    },
    RequestProviderChange {
        reason: BoundedText,
    },
    DeclineProviderChange {
        reason: BoundedText,
    },
    RecordCounselChange {
        reason: BoundedText,
    },
    RecordCounselRefusal {
        reason: BoundedText,
    },
    Discontinue {
        ground: DiscontinueGround,
        reason: BoundedText,
    },
    Complete {
        note: Option<BoundedText>,
    },
    TerminateByProcedure {
        reason: BoundedText,
    },
    /// The file is numbered in the center's register ([`FileRegister`]).
    HandOverFile,
    AppraiseQuality {
        appraisal: Appraisal,
    },
    FileComplaint {
        subject: BoundedText,
    },
    DecideComplaint {
        decision: BoundedText,
        upheld: bool,
    },
    EscalateComplaint {
        reason: BoundedText,
    },
    DecideEscalatedComplaint {
        decision: BoundedText,
        upheld: bool,
    },
    /// T17: `complaint` names the complaint when one triggered the evaluation.
    RecordSupervisoryEvaluation {
        basis: EvaluationBasis,
        complaint: Option<BoundedText>,
        appraisal: Appraisal,
        conclusion: BoundedText,
    },
    /// T18: the provider (or the center for them) claims pay for the matter.
    SubmitPaymentClaim {
        claim: ClaimRequest,
    },
    ApprovePaymentClaim {
        claim: ClaimId,
    },
    RejectPaymentClaim {
        claim: ClaimId,
        reason: BoundedText,
    },
}

impl Command {
    /// The rule-set command this is.
    pub fn kind(&self) -> CommandKind {
        use CommandKind as K;
        match self {
            Self::RecordRequest { .. } => K::RecordRequest,
            Self::AcceptReferral { .. } => K::AcceptReferral,
            Self::AcceptImmediately { .. } => K::AcceptImmediately,
            Self::RefuseReferral { .. } => K::RefuseReferral,
            Self::TransferReferral { .. } => K::TransferReferral,
            Self::ReportNotEligible { .. } => K::ReportNotEligible,
            Self::RequestProof { .. } => K::RequestProof,
            Self::ReceiveProof { .. } => K::ReceiveProof,
            Self::AssignProvider { .. } => K::AssignProvider,
            Self::PresentPapers { .. } => K::PresentPapers,
            Self::RegisterCounsel { .. } => K::RegisterCounsel,
            Self::RefuseRegistration { .. } => K::RefuseRegistration,
            Self::CancelRegistration { .. } => K::CancelRegistration,
            Self::ScheduleHearing { .. } => K::ScheduleHearing,
            Self::SendHearingSchedule => K::SendHearingSchedule,
            Self::RecordInterrogationNotice { .. } => K::RecordInterrogationNotice,
            Self::RecordSuspectMeeting { .. } => K::RecordSuspectMeeting,
            Self::RecordInvestigationConclusion { .. } => K::RecordInvestigationConclusion,
            Self::SendInvestigationConclusion { .. } => K::SendInvestigationConclusion,
            Self::TransferStage { .. } => K::TransferStage,
            Self::RequireNewRegistration { .. } => K::RequireNewRegistration,
            Self::RequestProviderChange { .. } => K::RequestProviderChange,
            Self::DeclineProviderChange { .. } => K::DeclineProviderChange,
            Self::RecordCounselChange { .. } => K::RecordCounselChange,
            Self::RecordCounselRefusal { .. } => K::RecordCounselRefusal,
            Self::Discontinue { .. } => K::Discontinue,
            Self::Complete { .. } => K::Complete,
            Self::TerminateByProcedure { .. } => K::TerminateByProcedure,
            Self::HandOverFile => K::HandOverFile,
            Self::AppraiseQuality { .. } => K::AppraiseQuality,
            Self::FileComplaint { .. } => K::FileComplaint,
            Self::DecideComplaint { .. } => K::DecideComplaint,
            Self::EscalateComplaint { .. } => K::EscalateComplaint,
            Self::DecideEscalatedComplaint { .. } => K::DecideEscalatedComplaint,
            Self::RecordSupervisoryEvaluation { .. } => K::RecordSupervisoryEvaluation,
            Self::SubmitPaymentClaim { .. } => K::SubmitPaymentClaim,
            Self::ApprovePaymentClaim { .. } => K::ApprovePaymentClaim,
            Self::RejectPaymentClaim { .. } => K::RejectPaymentClaim,
        }
    }

    /// What the engine must load before the rules can decide.
    pub fn references(&self) -> References {
        let mut refs = References::default();
        match self {
            Self::AssignProvider { provider, .. } => refs.provider = Some(*provider),
            Self::TransferReferral { to_center, .. } => {
                refs.agency = Some(("toCenterId", *to_center));
            }
            Self::TransferStage { to_agency, .. } => refs.agency = Some(("toAgencyId", *to_agency)),
            Self::RequireNewRegistration {
                handling_agency: Some(agency),
                ..
            } => refs.agency = Some(("handlingAgencyId", *agency)),
            Self::HandOverFile => refs.file_register = true,
            Self::SubmitPaymentClaim { .. }
            | Self::ApprovePaymentClaim { .. }
            | Self::RejectPaymentClaim { .. } => refs.claims = true,
            _ => {}
        }
        refs
    }
}

/// The rules' answer to a command: the matter's complete new facts, the event that
/// records why, and the clock changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// What the event records: a command of the plan, or a scheduler's alert.
    pub event: EventKind,
    pub occurred_at: DateTime<Utc>,
    /// Everything the matter's row holds after the command, `state` included.
    pub facts: MatterFacts,
    pub detail: EventDetail,
    pub open: Vec<PlannedHandoff>,
    /// Duties met.
    pub discharge: Vec<Discharge>,
    /// Duties no longer owed (the matter moved on).
    pub cancel: Vec<HandoffId>,
    pub pause: Vec<HandoffId>,
    pub resume: Vec<Resume>,
    /// Due instants a recompute moved ([`recompute`]).
    pub moved: Vec<Moved>,
    /// What a payment command (T18) writes to the claims table.
    pub payment: Option<PaymentChange>,
}

/// The kind of a timeline event: a command of the rule set or a system alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Command(CommandKind),
    Alert(Alert),
    /// An operator's recompute moved a due instant (the calendar or the rule set changed).
    Recompute,
}

impl EventKind {
    /// The kind as stored on the event.
    pub fn code(self) -> &'static str {
        match self {
            Self::Command(c) => c.code(),
            Self::Alert(a) => a.code(),
            Self::Recompute => recompute::EVENT_KIND,
        }
    }
}

/// Decides a command that creates a matter: the principal's agency becomes the handling
/// agency.
pub fn decide_creation(
    rules: &RuleSet,
    calendar: &WorkingCalendar,
    principal: &Principal,
    creation: Creation,
    request: &NewRequest,
    center: &AgencyRef,
    now: DateTime<Utc>,
) -> Result<Decision, DomainError> {
    let kind = creation.kind();
    let transition = rules
        .creating(kind)
        .ok_or_else(|| no_such_command(rules, kind))?;
    authorize_role(transition, principal)?;
    if center.id != request.center || !center.kind.is_legal_aid() {
        return Err(DomainError::invalid(
            "centerId",
            "the request must go to a state legal aid center or one of its branches",
        ));
    }
    let state = transition.to.unwrap_or(MatterState::NotifiedToCenter);
    let mut facts = MatterFacts::new(state, request, principal, center, now);
    let detail = creation::detail(creation, principal, request, &mut facts)
        .map_err(|e| cited(e, transition))?;
    let mut situation = Situation::of(facts.clone());
    situation.handling_agency_kind = Some(principal.agency.kind);
    Ok(clocks::apply(
        rules,
        calendar,
        transition,
        &situation,
        facts,
        detail,
        now,
        request.received_at,
    ))
}

/// May the principal fire this kind of command on this matter now? The rule set's role
/// and agency gate, the party of the matter, then the state. The engine asks this before
/// it loads what the command names, so a caller without the right learns nothing of them.
pub fn authorize<'r>(
    rules: &'r RuleSet,
    principal: &Principal,
    matter: &Situation,
    kind: CommandKind,
) -> Result<&'r Transition, DomainError> {
    let any = rules
        .any_transition(kind)
        .ok_or_else(|| no_such_command(rules, kind))?;
    let transition = rules.transition_from(kind, matter.facts.state);
    let gate = transition.unwrap_or(any);
    authorize_role(gate, principal)?;
    let party_agency = match gate.actor {
        Party::HandlingAgency => Some(matter.facts.handling_agency),
        Party::Center => Some(matter.facts.center),
        Party::JusticeDepartment => matter.department,
        // The national authority supervises every matter (TT 12 Điều 14(3)).
        Party::Supervisor if crate::access::is_national(principal) => Some(principal.agency.id),
        Party::Supervisor => matter.department,
        // The loader refuses them as actors: no account is the requester or a provider.
        Party::Requester | Party::Provider => None,
    };
    if party_agency != Some(principal.agency.id) {
        return Err(DomainError::Forbidden(format!(
            "only the {} of this matter may {kind}",
            gate.actor.label_vi()
        )));
    }
    transition.ok_or_else(|| DomainError::InvalidTransition {
        command: kind,
        state: matter.facts.state,
        allowed: rules.allowed_from(matter.facts.state),
        rule: Some(any.basis.clone()),
    })
}

/// Decides a command on an existing matter.
pub fn decide(
    rules: &RuleSet,
    calendar: &WorkingCalendar,
    principal: &Principal,
    matter: &Situation,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Decision, DomainError> {
    let transition = authorize(rules, principal, matter, command.kind())?;
    let reported_at = commands::reported_at(&command, now);
    let (detail, after, payment) =
        commands::detail(&rules.settings, principal, command, matter, now)
            .map_err(|e| cited(e, transition))?;
    let mut decision = clocks::apply(
        rules,
        calendar,
        transition,
        matter,
        after,
        detail,
        now,
        reported_at,
    );
    decision.payment = payment;
    Ok(decision)
}

/// A refusal of a command's own checks names the article it applies; one that names none
/// falls back to the legal basis of the command's transition in the rule set.
fn cited(err: DomainError, transition: &Transition) -> DomainError {
    if err.rule().is_some() {
        err
    } else {
        err.under(transition.basis.clone())
    }
}

fn no_such_command(rules: &RuleSet, kind: CommandKind) -> DomainError {
    DomainError::Forbidden(format!(
        "rule set {} has no transition for {kind}",
        rules.version
    ))
}

fn authorize_role(transition: &Transition, principal: &Principal) -> Result<(), DomainError> {
    let has_role = transition.roles.iter().any(|r| principal.has_role(*r));
    if !has_role || !transition.agency_kinds.contains(&principal.agency.kind) {
        let roles: Vec<_> = transition.roles.iter().map(|r| r.label_vi()).collect();
        let kinds: Vec<_> = transition.agency_kinds.iter().map(|k| k.code()).collect();
        return Err(DomainError::Forbidden(format!(
            "{} requires the role {} in one of the agencies: {}",
            transition.command,
            roles.join(" / "),
            kinds.join(", ")
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod late_tests;
