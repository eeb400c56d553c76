//! What each command checks beyond the rule set's gate, what it records, and how it
//! changes the facts the clocks are computed from.

use chrono::{DateTime, Datelike, Utc};

use super::{Command, Creation, EventDetail, MatterFacts};
use crate::agency::{AgencyKind, Principal};
use crate::error::DomainError;
use crate::matter::{
    EligibilityCategory, MandatoryGround, NewRequest, ProceduralRole, ProceedingKind, ProviderRef,
    Stage,
};
use crate::ruleset::{CommandKind, Flag, Settings};
use crate::text::BoundedText;

pub(super) fn kind(command: &Command) -> CommandKind {
    use CommandKind as K;
    match command {
        Command::RecordRequest { .. } => K::RecordRequest,
        Command::AcceptReferral { .. } => K::AcceptReferral,
        Command::AcceptImmediately { .. } => K::AcceptImmediately,
        Command::RefuseReferral { .. } => K::RefuseReferral,
        Command::TransferReferral { .. } => K::TransferReferral,
        Command::ReportNotEligible { .. } => K::ReportNotEligible,
        Command::RequestProof { .. } => K::RequestProof,
        Command::ReceiveProof { .. } => K::ReceiveProof,
        Command::AssignProvider { .. } => K::AssignProvider,
        Command::RegisterCounsel { .. } => K::RegisterCounsel,
        Command::RefuseRegistration { .. } => K::RefuseRegistration,
        Command::CancelRegistration { .. } => K::CancelRegistration,
        Command::ScheduleHearing { .. } => K::ScheduleHearing,
        Command::SendHearingSchedule => K::SendHearingSchedule,
        Command::RecordInterrogationNotice { .. } => K::RecordInterrogationNotice,
        Command::TransferStage { .. } => K::TransferStage,
        Command::RequireNewRegistration { .. } => K::RequireNewRegistration,
        Command::RequestProviderChange { .. } => K::RequestProviderChange,
        Command::DeclineProviderChange { .. } => K::DeclineProviderChange,
        Command::RecordCounselChange { .. } => K::RecordCounselChange,
        Command::RecordCounselRefusal { .. } => K::RecordCounselRefusal,
        Command::Discontinue { .. } => K::Discontinue,
        Command::Complete { .. } => K::Complete,
        Command::TerminateByProcedure { .. } => K::TerminateByProcedure,
        Command::HandOverFile { .. } => K::HandOverFile,
        Command::AppraiseQuality { .. } => K::AppraiseQuality,
        Command::FileComplaint { .. } => K::FileComplaint,
        Command::DecideComplaint { .. } => K::DecideComplaint,
        Command::EscalateComplaint { .. } => K::EscalateComplaint,
        Command::DecideEscalatedComplaint { .. } => K::DecideEscalatedComplaint,
    }
}

/// The business instant a command reports, where it differs from "now".
pub(super) fn reported_at(command: &Command, now: DateTime<Utc>) -> DateTime<Utc> {
    match command {
        Command::CancelRegistration { decided_at, .. } => *decided_at,
        _ => now,
    }
}

fn text(t: Option<BoundedText>) -> Option<String> {
    t.map(BoundedText::into_string)
}

/// Age in whole years on a date.
fn age_on(birth: chrono::NaiveDate, on: chrono::NaiveDate) -> i32 {
    let years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years - 1
    } else {
        years
    }
}

/// Checks the CPC art. 76(1) grounds against the facts of the request.
fn check_mandatory(grounds: &[MandatoryGround], request: &NewRequest) -> Result<(), DomainError> {
    if request.proceeding.kind != ProceedingKind::Criminal
        || request.person.procedural_role != ProceduralRole::Accused
    {
        return Err(DomainError::invalid(
            "proceeding.kind",
            "mandatory defence exists only for accused persons in criminal proceedings (BLTTHS Điều 76)",
        ));
    }
    if grounds.is_empty() {
        return Err(DomainError::invalid(
            "grounds",
            "name at least one ground of BLTTHS Điều 76(1)",
        ));
    }
    if grounds.contains(&MandatoryGround::UnderEighteen) {
        let on = request.received_at.date_naive();
        match request.person.birth_date {
            Some(birth) if age_on(birth, on) < 18 => {}
            Some(_) => {
                return Err(DomainError::invalid(
                    "grounds",
                    "the person was 18 or older when the need arose",
                ));
            }
            None => {
                return Err(DomainError::invalid(
                    "person.birthDate",
                    "the birth date is needed to rely on the under-18 ground",
                ));
            }
        }
    }
    Ok(())
}

pub(super) fn creation_detail(
    creation: Creation,
    principal: &Principal,
    request: &NewRequest,
) -> Result<EventDetail, DomainError> {
    let not_eligible = request.person.eligibility == EligibilityCategory::NotEligible;
    let (mandatory_grounds, appointing_body, explanation_record) = match creation {
        Creation::RecordOtherAppointment { grounds, body } => {
            check_mandatory(&grounds, request)?;
            if !not_eligible {
                return Err(DomainError::invalid(
                    "person.eligibility",
                    "an eligible person's mandatory defence goes to the legal aid center",
                ));
            }
            (grounds, Some(body), None)
        }
        _ if not_eligible => {
            return Err(DomainError::invalid(
                "person.eligibility",
                "a person not eligible for legal aid cannot be referred to the center",
            ));
        }
        Creation::NotifyMandatoryDefence { grounds } => {
            check_mandatory(&grounds, request)?;
            (grounds, None, None)
        }
        Creation::ExplainRight { record } => (Vec::new(), None, Some(record.into_string())),
        Creation::ForwardDetentionRequest => {
            if principal.agency.kind != AgencyKind::DetentionFacility {
                return Err(DomainError::Forbidden(
                    "only a detention facility forwards a detainee's request".into(),
                ));
            }
            (Vec::new(), None, None)
        }
        Creation::SendInformation | Creation::RequestLegalAid => (Vec::new(), None, None),
    };
    Ok(EventDetail::Requested {
        full_name: request.person.full_name.as_str().to_owned(),
        eligibility: request.person.eligibility,
        custody: request.person.custody,
        proceeding: request.proceeding.kind,
        stage: request.proceeding.stage,
        case_number: request.proceeding.case_number.as_str().to_owned(),
        mandatory_grounds,
        appointing_body,
        explanation_record,
    })
}

fn check_provider(
    settings: &Settings,
    provider: &ProviderRef,
    matter: &MatterFacts,
) -> Result<(), DomainError> {
    let from_center = settings.branch_assigns_from_center_roster.value
        && matter.center_parent == Some(provider.center);
    if provider.center != matter.center && !from_center {
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

/// The agency kinds that handle each stage (T10).
fn handles_stage(kind: AgencyKind, stage: Stage) -> bool {
    match stage {
        Stage::Investigation => kind == AgencyKind::InvestigationBody,
        Stage::Prosecution => kind == AgencyKind::Procuracy,
        Stage::FirstInstanceTrial | Stage::Appeal => kind == AgencyKind::Court,
    }
}

fn next_stage_ok(from: Stage, to: Stage) -> bool {
    use Stage as S;
    matches!(
        (from, to),
        (S::Investigation, S::Prosecution)
            | (S::Prosecution, S::FirstInstanceTrial)
            | (S::FirstInstanceTrial, S::Appeal)
            // A case sent back for additional investigation or retrial moves back.
            | (S::Prosecution, S::Investigation)
            | (S::FirstInstanceTrial, S::Prosecution)
            | (S::Appeal, S::FirstInstanceTrial)
    )
}

/// Whether a duty of this clock is still owed on the matter.
fn owes(matter: &MatterFacts, clock: &str) -> bool {
    matter.open_handoffs.iter().any(|h| h.clock == clock)
}

/// Luật TGPL Điều 45: a complaint goes to the Department of Justice once the center's head
/// has decided it, or has let the 3 working days pass without deciding.
fn may_escalate(matter: &MatterFacts, now: DateTime<Utc>) -> Result<(), DomainError> {
    let waiting = matter
        .open_handoffs
        .iter()
        .find(|h| h.clock == "decide_complaint_center");
    let decided = matter
        .closed_duties
        .iter()
        .any(|c| c == "decide_complaint_center");
    match waiting {
        Some(h) if now <= h.due_at => Err(DomainError::invalid(
            "matterId",
            "the center head still has time to decide the complaint (Luật TGPL Điều 45)",
        )),
        None if !decided => Err(DomainError::invalid(
            "matterId",
            "file the complaint with the center head first (Luật TGPL Điều 45)",
        )),
        _ => Ok(()),
    }
}

/// The event a command records and the facts after it.
pub(super) fn detail(
    settings: &Settings,
    command: Command,
    matter: &MatterFacts,
    now: DateTime<Utc>,
) -> Result<(EventDetail, MatterFacts), DomainError> {
    let mut after = matter.clone();
    if matches!(command, Command::EscalateComplaint { .. }) {
        may_escalate(matter, now)?;
    }
    let detail = match command {
        Command::DecideComplaint { .. } if !owes(matter, "decide_complaint_center") => {
            return Err(DomainError::invalid(
                "matterId",
                "no complaint waits for the center head's decision",
            ));
        }
        Command::DecideEscalatedComplaint { .. }
            if !owes(matter, "decide_complaint_department") =>
        {
            return Err(DomainError::invalid(
                "matterId",
                "no complaint waits for the justice department's decision",
            ));
        }
        Command::RecordRequest { received_at } => {
            if received_at > now || received_at < matter.received_at {
                return Err(DomainError::invalid(
                    "receivedAt",
                    "the request is received after the right was explained and not in the future",
                ));
            }
            after.notified_at = Some(now);
            after.received_at = received_at;
            EventDetail::RequestRecorded { received_at }
        }
        Command::AcceptReferral { note } => EventDetail::Accepted {
            note: text(note),
            immediately: false,
        },
        Command::AcceptImmediately {
            note,
            force_majeure,
        } => {
            if force_majeure {
                after.flags.push(Flag::ForceMajeure);
            }
            EventDetail::Accepted {
                note: text(note),
                immediately: true,
            }
        }
        Command::RefuseReferral { ground, reason } => EventDetail::Refused {
            ground,
            reason: reason.into_string(),
        },
        Command::TransferReferral { to, reason } => {
            if !to.kind.is_legal_aid() || to.id == matter.center {
                return Err(DomainError::invalid(
                    "toCenterId",
                    "a referral is transferred to another state legal aid center",
                ));
            }
            after.center = to.id;
            EventDetail::Transferred {
                from_center: matter.center,
                to_center: to.id,
                reason: reason.into_string(),
            }
        }
        Command::ReportNotEligible { reason }
        | Command::DeclineProviderChange { reason }
        | Command::RequestProviderChange { reason }
        | Command::EscalateComplaint { reason }
        | Command::FileComplaint { subject: reason } => EventDetail::Noted {
            text: Some(reason.into_string()),
        },
        Command::DecideComplaint { decision, upheld }
        | Command::DecideEscalatedComplaint { decision, upheld } => EventDetail::Noted {
            text: Some(format!(
                "{} — {}",
                if upheld {
                    "Chấp nhận khiếu nại"
                } else {
                    "Không chấp nhận khiếu nại"
                },
                decision.as_str()
            )),
        },
        Command::RequestProof { note } | Command::Complete { note } => {
            EventDetail::Noted { text: text(note) }
        }
        Command::SendHearingSchedule => EventDetail::Noted { text: None },
        Command::ReceiveProof { document } => EventDetail::ProofReceived {
            document: document.into_string(),
        },
        Command::AssignProvider {
            provider,
            decision_number,
        } => {
            check_provider(settings, &provider, matter)?;
            EventDetail::ProviderAssigned {
                provider: provider.id,
                provider_name: provider.name,
                provider_kind: provider.kind,
                decision_number: text(decision_number),
            }
        }
        Command::RegisterCounsel {
            registration_number,
        } => EventDetail::CounselRegistered {
            registration_number: text(registration_number),
        },
        Command::RefuseRegistration { ground, reason } => EventDetail::RegistrationEnded {
            ground,
            reason: reason.into_string(),
            cancelled: false,
        },
        Command::CancelRegistration {
            ground,
            reason,
            decided_at,
        } => {
            if decided_at > now {
                return Err(DomainError::invalid(
                    "decidedAt",
                    "cannot lie in the future",
                ));
            }
            EventDetail::RegistrationEnded {
                ground,
                reason: reason.into_string(),
                cancelled: true,
            }
        }
        Command::ScheduleHearing {
            hearing_at,
            summary_procedure,
        } => {
            if hearing_at <= now {
                return Err(DomainError::invalid(
                    "hearingAt",
                    "the hearing must lie in the future",
                ));
            }
            after.hearing_at = Some(hearing_at);
            after.flags.retain(|f| *f != Flag::SummaryProcedure);
            if summary_procedure {
                after.flags.push(Flag::SummaryProcedure);
            }
            EventDetail::HearingScheduled {
                hearing_at,
                summary_procedure,
            }
        }
        Command::RecordInterrogationNotice { at, note } => {
            if (at - now).num_days().abs() > 366 {
                return Err(DomainError::invalid(
                    "at",
                    "must lie within a year of today",
                ));
            }
            EventDetail::InterrogationNotice {
                at,
                note: text(note),
            }
        }
        Command::TransferStage { to, stage } => {
            if !next_stage_ok(matter.stage, stage) || !handles_stage(to.kind, stage) {
                return Err(DomainError::invalid(
                    "stage",
                    format!(
                        "a matter at stage {} cannot move to {stage} at a {}",
                        matter.stage,
                        to.kind.code()
                    ),
                ));
            }
            if matter.proceeding != ProceedingKind::Criminal
                && matches!(stage, Stage::Investigation | Stage::Prosecution)
            {
                return Err(DomainError::invalid(
                    "stage",
                    "civil proceedings have no such stage",
                ));
            }
            after.handling_agency = to.id;
            after.stage = stage;
            EventDetail::StageTransferred {
                from_agency: matter.handling_agency,
                to_agency: to.id,
                stage,
            }
        }
        Command::RequireNewRegistration { reason, agency } => {
            if let Some(agency) = &agency {
                if !agency.kind.is_procedural() {
                    return Err(DomainError::invalid(
                        "handlingAgencyId",
                        "registration is done by a procedural agency",
                    ));
                }
                after.handling_agency = agency.id;
            }
            EventDetail::NewRegistrationRequired {
                reason: reason.into_string(),
                handling_agency: after.handling_agency,
            }
        }
        Command::RecordCounselChange { .. } | Command::RecordCounselRefusal { .. }
            if matter.proceeding != ProceedingKind::Criminal =>
        {
            return Err(DomainError::invalid(
                "reason",
                "appointed counsel is refused or changed only in criminal proceedings (BLTTHS Điều 77)",
            ));
        }
        Command::RecordCounselChange { reason } => {
            after.counsel_changes += 1;
            EventDetail::CounselChanged {
                reason: reason.into_string(),
            }
        }
        Command::RecordCounselRefusal { reason } => {
            if matter.minor && matter.counsel_changes == 0 {
                return Err(DomainError::invalid(
                    "reason",
                    "for a person under 18 the appointment ends only when a changed counsel is \
                     refused again (TTLT 06/2018 Điều 10(3)): record the change of counsel first",
                ));
            }
            EventDetail::Closed {
                ground: None,
                reason: Some(reason.into_string()),
            }
        }
        Command::Discontinue { ground, reason } => EventDetail::Closed {
            ground: Some(ground),
            reason: Some(reason.into_string()),
        },
        Command::TerminateByProcedure { reason } => EventDetail::Closed {
            ground: None,
            reason: Some(reason.into_string()),
        },
        Command::HandOverFile { file_code } => EventDetail::FileHandedOver { file_code },
        Command::AppraiseQuality { appraisal } => EventDetail::QualityAppraised {
            appraisal,
            total: appraisal.total(),
            grade: appraisal.grade(),
        },
    };
    Ok((detail, after))
}
