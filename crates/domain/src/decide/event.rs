//! The timeline's records: what each event says happened.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{AgencyId, ClaimId, HandoffId, ProviderId};
use crate::lifecycle::{Appraisal, EvaluationBasis, QualityGrade};
use crate::matter::{
    AppointingBody, CustodyStatus, DiscontinueGround, EligibilityCategory, MandatoryGround,
    ProceedingKind, ProviderKind, RefusalGround, RegistrationGround, Stage,
};
use crate::pay::ClaimKind;

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
    /// TT 46/2019/TT-BCA Điều 5(2): whether the suspect accepts the appointed counsel.
    SuspectMet {
        accepts: bool,
        note: Option<String>,
    },
    /// The investigation concluded at this business instant.
    InvestigationConcluded {
        concluded_at: DateTime<Utc>,
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
    /// T17: a supervisor's evaluation of the case (TT 12 Điều 14(2)–(3), 15).
    SupervisoryEvaluated {
        basis: EvaluationBasis,
        /// The complaint that triggered it, when one did.
        complaint: Option<String>,
        appraisal: Appraisal,
        total: u8,
        grade: QualityGrade,
        conclusion: String,
    },
    /// T18: a provider's claim for pay, priced (whole đồng).
    PaymentClaimSubmitted {
        claim: ClaimId,
        kind: ClaimKind,
        hours: u32,
        amount: i64,
    },
    /// T18: the center approved (the payment is recorded) or rejected a claim.
    PaymentClaimDecided {
        claim: ClaimId,
        approved: bool,
        amount: i64,
        reason: Option<String>,
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
    /// An operator's recompute moved a handoff's due instant: the calendar or the rule
    /// set changed (`baton recompute-deadlines`).
    DeadlineRecomputed(super::recompute::DueMoved),
}
