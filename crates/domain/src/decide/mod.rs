//! The matter state machine: given the rule set, the calendar, the matter as it stands, a
//! command, the principal and "now", decide what happens. Storage only persists what this
//! returns.
//!
//! - [`commands`]: what each command checks and records;
//! - [`clocks`]: which handoffs a transition opens, discharges, cancels, pauses, resumes.

mod clocks;
mod commands;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::agency::{AgencyRef, Principal};
use crate::calendar::WorkingCalendar;
use crate::error::DomainError;
use crate::ids::{AgencyId, HandoffId, ProviderId};
use crate::lifecycle::{Appraisal, QualityGrade};
use crate::matter::{
    AppointingBody, CustodyStatus, DiscontinueGround, EligibilityCategory, MandatoryGround,
    MatterState, NewRequest, ProceedingKind, ProviderKind, ProviderRef, RefusalGround,
    RegistrationGround, Stage,
};
use crate::ruleset::{CommandKind, Flag, Party, RuleSet, Transition};
use crate::text::BoundedText;

pub use clocks::{Discharge, PlannedHandoff, Resume};

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
}

/// A matter as the rules need to see it.
#[derive(Debug, Clone)]
pub struct MatterFacts {
    pub state: MatterState,
    pub custody: CustodyStatus,
    pub proceeding: ProceedingKind,
    pub stage: Stage,
    pub eligibility: EligibilityCategory,
    /// Under 18 when the request was received, if the birth date is known.
    pub minor: bool,
    pub flags: Vec<Flag>,
    pub handling_agency: AgencyId,
    pub center: AgencyId,
    /// The center a branch belongs to, when the matter is with a branch. The engine looks
    /// it up only when the rule set's `branch_assigns_from_center_roster` needs it.
    pub center_parent: Option<AgencyId>,
    /// The justice department of the matter's province, if Baton knows it.
    pub department: Option<AgencyId>,
    pub received_at: DateTime<Utc>,
    /// When the center was notified (the request recorded), if it was.
    pub notified_at: Option<DateTime<Utc>>,
    pub hearing_at: Option<DateTime<Utc>>,
    /// How many times the accused has asked to change appointed counsel.
    pub counsel_changes: u32,
    pub open_handoffs: Vec<OpenHandoff>,
    /// The clocks of the duties already met or made moot (e.g. `decide_complaint_center`
    /// once the center's head decided).
    pub closed_duties: Vec<String>,
}

/// A command that creates a matter, with its validated request.
#[derive(Debug, Clone)]
pub enum Creation {
    /// T1: the right explained; `record` is the explanation record (Mẫu 02).
    ExplainRight { record: BoundedText },
    /// T2: the person claims eligibility but makes no request: "information" (Mẫu 04).
    SendInformation,
    /// T2–T3: a request, notified to the center (Mẫu 03).
    RequestLegalAid,
    /// T3m: mandatory defence for an eligible person: the center must appoint.
    NotifyMandatoryDefence { grounds: Vec<MandatoryGround> },
    /// T3m: mandatory defence for a person not eligible: another body appoints.
    RecordOtherAppointment {
        grounds: Vec<MandatoryGround>,
        body: AppointingBody,
    },
    /// T4: a detention facility forwards a detainee's request.
    ForwardDetentionRequest,
}

impl Creation {
    pub fn kind(&self) -> CommandKind {
        match self {
            Self::ExplainRight { .. } => CommandKind::ExplainRight,
            Self::SendInformation => CommandKind::SendInformation,
            Self::RequestLegalAid => CommandKind::RequestLegalAid,
            Self::NotifyMandatoryDefence { .. } => CommandKind::NotifyMandatoryDefence,
            Self::RecordOtherAppointment { .. } => CommandKind::RecordOtherAppointment,
            Self::ForwardDetentionRequest => CommandKind::ForwardDetentionRequest,
        }
    }
}

/// A command on an existing matter, with validated input.
#[derive(Debug, Clone)]
pub enum Command {
    /// The request of a person whose right was explained (or who was reported by
    /// "information"), received at this business instant.
    RecordRequest {
        received_at: DateTime<Utc>,
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
        to: AgencyRef,
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
        provider: ProviderRef,
        decision_number: Option<BoundedText>,
    },
    RegisterCounsel {
        registration_number: Option<BoundedText>,
    },
    RefuseRegistration {
        ground: RegistrationGround,
        reason: BoundedText,
    },
    CancelRegistration {
        ground: RegistrationGround,
        reason: BoundedText,
        decided_at: DateTime<Utc>,
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
    TransferStage {
        to: AgencyRef,
        stage: Stage,
    },
    RequireNewRegistration {
        reason: BoundedText,
        agency: Option<AgencyRef>,
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
    /// `file_code` is numbered by the engine (it counts the center's register).
    HandOverFile {
        file_code: String,
    },
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
        #[serde(default)]
        mandatory_grounds: Vec<MandatoryGround>,
        #[serde(default)]
        appointing_body: Option<AppointingBody>,
        #[serde(default)]
        explanation_record: Option<String>,
    },
    Accepted {
        note: Option<String>,
        #[serde(default)]
        immediately: bool,
    },
    Refused {
        ground: RefusalGround,
        reason: String,
    },
    RequestRecorded {
        received_at: DateTime<Utc>,
    },
    /// A command whose only record is its text (notices, answers, complaints).
    Noted {
        text: Option<String>,
    },
    Transferred {
        from_center: AgencyId,
        to_center: AgencyId,
        reason: String,
    },
    ProofReceived {
        document: String,
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
    RegistrationEnded {
        ground: RegistrationGround,
        reason: String,
        cancelled: bool,
    },
    HearingScheduled {
        hearing_at: DateTime<Utc>,
        summary_procedure: bool,
    },
    InterrogationNotice {
        at: DateTime<Utc>,
        note: Option<String>,
    },
    StageTransferred {
        from_agency: AgencyId,
        to_agency: AgencyId,
        stage: Stage,
    },
    NewRegistrationRequired {
        reason: String,
        handling_agency: AgencyId,
    },
    CounselChanged {
        reason: String,
    },
    Closed {
        ground: Option<DiscontinueGround>,
        reason: Option<String>,
    },
    FileHandedOver {
        file_code: String,
    },
    QualityAppraised {
        appraisal: Appraisal,
        total: u8,
        grade: QualityGrade,
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

/// The rules' answer to a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub command: CommandKind,
    pub to: MatterState,
    pub occurred_at: DateTime<Utc>,
    pub detail: EventDetail,
    pub open: Vec<PlannedHandoff>,
    /// Duties met.
    pub discharge: Vec<Discharge>,
    /// Duties no longer owed (the matter moved on).
    pub cancel: Vec<HandoffId>,
    pub pause: Vec<HandoffId>,
    pub resume: Vec<Resume>,
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
    let detail = commands::creation_detail(creation, principal, request)?;
    let facts = MatterFacts {
        state: transition.to.unwrap_or(MatterState::NotifiedToCenter),
        custody: request.person.custody,
        proceeding: request.proceeding.kind,
        stage: request.proceeding.stage,
        eligibility: request.person.eligibility,
        minor: false,
        flags: request.flags.clone(),
        handling_agency: principal.agency.id,
        center: center.id,
        center_parent: None,
        department: None,
        received_at: request.received_at,
        notified_at: Some(now),
        hearing_at: None,
        counsel_changes: 0,
        open_handoffs: Vec::new(),
        closed_duties: Vec::new(),
    };
    Ok(clocks::apply(
        rules,
        calendar,
        transition,
        &facts,
        &facts,
        detail,
        now,
        request.received_at,
    ))
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
    let kind = commands::kind(&command);
    let any = rules
        .any_transition(kind)
        .ok_or_else(|| no_such_command(rules, kind))?;
    let transition = rules.transition_from(kind, matter.state);
    let gate = transition.unwrap_or(any);
    authorize_role(gate, principal)?;
    let party_agency = match gate.actor {
        Party::HandlingAgency => Some(matter.handling_agency),
        Party::Center => Some(matter.center),
        Party::JusticeDepartment => matter.department,
    };
    if party_agency != Some(principal.agency.id) {
        return Err(DomainError::Forbidden(format!(
            "only the {} of this matter may {kind}",
            gate.actor.label_vi()
        )));
    }
    let transition = transition.ok_or_else(|| DomainError::InvalidTransition {
        command: kind,
        state: matter.state,
        allowed: rules.allowed_from(matter.state),
    })?;
    let reported_at = commands::reported_at(&command, now);
    let (detail, after) = commands::detail(&rules.settings, command, matter, now)?;
    Ok(clocks::apply(
        rules,
        calendar,
        transition,
        matter,
        &after,
        detail,
        now,
        reported_at,
    ))
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
