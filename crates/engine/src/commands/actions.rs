//! Commands on an existing matter as callers send them (raw text, ids), and their
//! validation into the domain's [`Command`].

use baton_domain::BoundedText;
use baton_domain::DomainError;
use baton_domain::decide::Command;
use baton_domain::ids::{AgencyId, ProviderId};
use baton_domain::lifecycle::{Appraisal, file_code, register_organisation};
use baton_domain::matter::{DiscontinueGround, RefusalGround, RegistrationGround, Stage, limits};
use baton_domain::ruleset::CommandKind;
use baton_store::matters::{self, Matter};
use baton_store::{DatabaseTransaction, agencies};
use chrono::{DateTime, Datelike, SubsecRound, Utc};

use crate::EngineError;

/// A command on an existing matter, with raw text still to validate.
#[derive(Debug, Clone)]
pub enum Action {
    RecordRequest {
        received_at: Option<DateTime<Utc>>,
    },
    Accept {
        note: Option<String>,
    },
    AcceptImmediately {
        note: Option<String>,
        force_majeure: bool,
    },
    Refuse {
        ground: RefusalGround,
        reason: String,
    },
    Transfer {
        to_center: AgencyId,
        reason: String,
    },
    ReportNotEligible {
        reason: String,
    },
    RequestProof {
        note: Option<String>,
    },
    ReceiveProof {
        document: String,
    },
    Assign {
        provider: ProviderId,
        decision_number: Option<String>,
    },
    Register {
        registration_number: Option<String>,
    },
    RefuseRegistration {
        ground: RegistrationGround,
        reason: String,
    },
    CancelRegistration {
        ground: RegistrationGround,
        reason: String,
        decided_at: Option<DateTime<Utc>>,
    },
    ScheduleHearing {
        hearing_at: DateTime<Utc>,
        summary_procedure: bool,
    },
    SendHearingSchedule,
    RecordInterrogationNotice {
        at: DateTime<Utc>,
        note: Option<String>,
    },
    TransferStage {
        to_agency: AgencyId,
        stage: Stage,
    },
    RequireNewRegistration {
        reason: String,
        handling_agency: Option<AgencyId>,
    },
    RequestProviderChange {
        reason: String,
    },
    DeclineProviderChange {
        reason: String,
    },
    RecordCounselChange {
        reason: String,
    },
    RecordCounselRefusal {
        reason: String,
    },
    Discontinue {
        ground: DiscontinueGround,
        reason: String,
    },
    Complete {
        note: Option<String>,
    },
    TerminateByProcedure {
        reason: String,
    },
    HandOverFile,
    AppraiseQuality {
        responsibility: i32,
        performance: i32,
        satisfaction: i32,
        prohibited_act: bool,
    },
    FileComplaint {
        subject: String,
    },
    DecideComplaint {
        decision: String,
        upheld: bool,
    },
    EscalateComplaint {
        reason: String,
    },
    DecideEscalatedComplaint {
        decision: String,
        upheld: bool,
    },
}

impl Action {
    /// The rule-set command this action fires.
    pub fn kind(&self) -> CommandKind {
        use CommandKind as K;
        match self {
            Self::RecordRequest { .. } => K::RecordRequest,
            Self::Accept { .. } => K::AcceptReferral,
            Self::AcceptImmediately { .. } => K::AcceptImmediately,
            Self::Refuse { .. } => K::RefuseReferral,
            Self::Transfer { .. } => K::TransferReferral,
            Self::ReportNotEligible { .. } => K::ReportNotEligible,
            Self::RequestProof { .. } => K::RequestProof,
            Self::ReceiveProof { .. } => K::ReceiveProof,
            Self::Assign { .. } => K::AssignProvider,
            Self::Register { .. } => K::RegisterCounsel,
            Self::RefuseRegistration { .. } => K::RefuseRegistration,
            Self::CancelRegistration { .. } => K::CancelRegistration,
            Self::ScheduleHearing { .. } => K::ScheduleHearing,
            Self::SendHearingSchedule => K::SendHearingSchedule,
            Self::RecordInterrogationNotice { .. } => K::RecordInterrogationNotice,
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
        }
    }
}

fn optional(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<BoundedText>, DomainError> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| BoundedText::field(field, v, max))
        .transpose()
}

async fn agency_ref(
    txn: &DatabaseTransaction,
    field: &str,
    id: AgencyId,
) -> Result<baton_domain::agency::AgencyRef, EngineError> {
    Ok(agencies::get(txn, id)
        .await?
        .ok_or_else(|| DomainError::invalid(field, "no agency has this id"))?
        .as_ref())
}

/// Validates an action into the domain command, loading what it refers to.
pub(super) async fn to_command(
    txn: &DatabaseTransaction,
    action: &Action,
    matter: &Matter,
    now: DateTime<Utc>,
) -> Result<Command, EngineError> {
    use limits::{DECISION_NUMBER as NUMBER, DOCUMENT, REASON};
    let reason = |r: &str| BoundedText::field("reason", r, REASON);
    let note = |n: &Option<String>| optional("note", n.as_deref(), REASON);
    Ok(match action {
        Action::RecordRequest { received_at } => Command::RecordRequest {
            received_at: received_at.unwrap_or(now),
        },
        Action::Accept { note: n } => Command::AcceptReferral { note: note(n)? },
        Action::AcceptImmediately {
            note: n,
            force_majeure,
        } => Command::AcceptImmediately {
            note: note(n)?,
            force_majeure: *force_majeure,
        },
        Action::Refuse { ground, reason: r } => Command::RefuseReferral {
            ground: *ground,
            reason: reason(r)?,
        },
        Action::Transfer {
            to_center,
            reason: r,
        } => Command::TransferReferral {
            to: agency_ref(txn, "toCenterId", *to_center).await?,
            reason: reason(r)?,
        },
        Action::ReportNotEligible { reason: r } => {
            Command::ReportNotEligible { reason: reason(r)? }
        }
        Action::RequestProof { note: n } => Command::RequestProof { note: note(n)? },
        Action::ReceiveProof { document } => Command::ReceiveProof {
            document: BoundedText::field("document", document, DOCUMENT)?,
        },
        Action::Assign {
            provider,
            decision_number,
        } => Command::AssignProvider {
            provider: agencies::provider(txn, *provider)
                .await?
                .ok_or_else(|| DomainError::invalid("providerId", "no provider has this id"))?
                .as_ref(),
            decision_number: optional("decisionNumber", decision_number.as_deref(), NUMBER)?,
        },
        Action::Register {
            registration_number,
        } => Command::RegisterCounsel {
            registration_number: optional(
                "registrationNumber",
                registration_number.as_deref(),
                NUMBER,
            )?,
        },
        Action::RefuseRegistration { ground, reason: r } => Command::RefuseRegistration {
            ground: *ground,
            reason: reason(r)?,
        },
        Action::CancelRegistration {
            ground,
            reason: r,
            decided_at,
        } => Command::CancelRegistration {
            ground: *ground,
            reason: reason(r)?,
            decided_at: decided_at.unwrap_or(now),
        },
        Action::ScheduleHearing {
            hearing_at,
            summary_procedure,
        } => Command::ScheduleHearing {
            hearing_at: hearing_at.trunc_subsecs(6),
            summary_procedure: *summary_procedure,
        },
        Action::SendHearingSchedule => Command::SendHearingSchedule,
        Action::RecordInterrogationNotice { at, note: n } => Command::RecordInterrogationNotice {
            at: at.trunc_subsecs(6),
            note: note(n)?,
        },
        Action::TransferStage { to_agency, stage } => Command::TransferStage {
            to: agency_ref(txn, "toAgencyId", *to_agency).await?,
            stage: *stage,
        },
        Action::RequireNewRegistration {
            reason: r,
            handling_agency,
        } => Command::RequireNewRegistration {
            reason: reason(r)?,
            agency: match handling_agency {
                Some(id) => Some(agency_ref(txn, "handlingAgencyId", *id).await?),
                None => None,
            },
        },
        Action::RequestProviderChange { reason: r } => {
            Command::RequestProviderChange { reason: reason(r)? }
        }
        Action::DeclineProviderChange { reason: r } => {
            Command::DeclineProviderChange { reason: reason(r)? }
        }
        Action::RecordCounselChange { reason: r } => {
            Command::RecordCounselChange { reason: reason(r)? }
        }
        Action::RecordCounselRefusal { reason: r } => {
            Command::RecordCounselRefusal { reason: reason(r)? }
        }
        Action::Discontinue { ground, reason: r } => Command::Discontinue {
            ground: *ground,
            reason: reason(r)?,
        },
        Action::Complete { note: n } => Command::Complete { note: note(n)? },
        Action::TerminateByProcedure { reason: r } => {
            Command::TerminateByProcedure { reason: reason(r)? }
        }
        Action::HandOverFile => {
            // The center's register numbers its case files per year (TT 12 art. 11).
            let year = now
                .with_timezone(&baton_domain::calendar::vn_offset())
                .year();
            // A branch keeps its own register, numbered `CN<n>` (TT 12 art. 11(2)).
            agencies::lock_register(txn, matter.center).await?;
            let center = agencies::get(txn, matter.center)
                .await?
                .ok_or_else(|| EngineError::internal("the matter's center vanished"))?;
            let organisation = register_organisation(agencies::branch_number(txn, &center).await?);
            let n = matters::count_file_codes(txn, matter.center, year).await? + 1;
            Command::HandOverFile {
                file_code: file_code(&organisation, n, year),
            }
        }
        Action::AppraiseQuality {
            responsibility,
            performance,
            satisfaction,
            prohibited_act,
        } => Command::AppraiseQuality {
            appraisal: Appraisal::parse(
                *responsibility,
                *performance,
                *satisfaction,
                *prohibited_act,
            )?,
        },
        Action::FileComplaint { subject } => Command::FileComplaint {
            subject: BoundedText::field("subject", subject, REASON)?,
        },
        Action::DecideComplaint { decision, upheld } => Command::DecideComplaint {
            decision: BoundedText::field("decision", decision, REASON)?,
            upheld: *upheld,
        },
        Action::EscalateComplaint { reason: r } => {
            Command::EscalateComplaint { reason: reason(r)? }
        }
        Action::DecideEscalatedComplaint { decision, upheld } => {
            Command::DecideEscalatedComplaint {
                decision: BoundedText::field("decision", decision, REASON)?,
                upheld: *upheld,
            }
        }
    })
}
