//! What each command checks beyond the rule set's gate, what it records, and how it
//! changes the facts the clocks are computed from.

use chrono::{DateTime, Datelike, Utc};

use super::{Command, EventDetail, Situation, late};
use crate::agency::{AgencyKind, AgencyRef, Principal};
use crate::calendar::vn_offset;
use crate::error::DomainError;
use crate::facts::MatterFacts;
use crate::lifecycle::{file_code, register_organisation};
use crate::matter::{ProceedingKind, ProviderRef, Stage};
use crate::pay::PaymentChange;
use crate::ruleset::{Flag, Settings};
use crate::text::BoundedText;

/// The business instant a command reports, where it differs from "now".
pub(super) fn reported_at(command: &Command, now: DateTime<Utc>) -> DateTime<Utc> {
    match command {
        Command::CancelRegistration {
            decided_at: Some(at),
            ..
        }
        | Command::RecordInvestigationConclusion {
            concluded_at: Some(at),
            ..
        } => *at,
        _ => now,
    }
}

fn text(t: Option<BoundedText>) -> Option<String> {
    t.map(BoundedText::into_string)
}

fn check_provider(
    settings: &Settings,
    provider: &ProviderRef,
    matter: &Situation,
) -> Result<(), DomainError> {
    let from_center = settings.branch_assigns_from_center_roster.value
        && matter.center_parent == Some(provider.center);
    if provider.center != matter.facts.center && !from_center {
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
        )
        .under("Luật TGPL Điều 31(1)"));
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
fn owes(matter: &Situation, clock: &str) -> bool {
    matter.open_handoffs.iter().any(|h| h.clock == clock)
}

/// Luật TGPL Điều 45: a complaint goes to the Department of Justice once the center's head
/// has decided it, or has let the 3 working days pass without deciding.
fn may_escalate(matter: &Situation, now: DateTime<Utc>) -> Result<(), DomainError> {
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
        )
        .under("Luật TGPL Điều 45")),
        None if !decided => Err(DomainError::invalid(
            "matterId",
            "file the complaint with the center head first (Luật TGPL Điều 45)",
        )
        .under("Luật TGPL Điều 45")),
        _ => Ok(()),
    }
}

/// A record the engine loaded for the command; missing means the engine did not load it.
fn loaded<T: Clone>(value: Option<&T>, field: &str) -> Result<T, DomainError> {
    value
        .cloned()
        .ok_or_else(|| DomainError::invalid(field, "no record has this id"))
}

fn agency(matter: &Situation, field: &str) -> Result<AgencyRef, DomainError> {
    loaded(matter.referenced.agency.as_ref(), field)
}

/// The next case-file code of the center's register, in the year of `now`.
fn next_file_code(matter: &Situation, now: DateTime<Utc>) -> Result<String, DomainError> {
    let register = loaded(matter.referenced.file_register.as_ref(), "matterId")?;
    let year = now.with_timezone(&vn_offset()).year();
    let organisation = register_organisation(register.branch_number);
    Ok(file_code(&organisation, register.numbered + 1, year))
}

fn complaint_decision(decision: &BoundedText, upheld: bool) -> EventDetail {
    let verdict = if upheld {
        "Chấp nhận khiếu nại"
    } else {
        "Không chấp nhận khiếu nại"
    };
    EventDetail::Noted {
        text: Some(format!("{verdict} — {}", decision.as_str())),
    }
}

/// The event a command records, the matter's complete facts after it (the state is set
/// from the transition by the caller) and what a payment command writes.
pub(super) fn detail(
    settings: &Settings,
    principal: &Principal,
    command: Command,
    matter: &Situation,
    now: DateTime<Utc>,
) -> Result<(EventDetail, MatterFacts, Option<PaymentChange>), DomainError> {
    let before = &matter.facts;
    let mut after = before.clone();
    if matches!(command, Command::EscalateComplaint { .. }) {
        may_escalate(matter, now)?;
        if matter.department.is_none() {
            // Never the center deciding a complaint against itself.
            return Err(DomainError::invalid(
                "matterId",
                format!(
                    "no justice department is registered for province {}: the complaint \
                     cannot go up (Luật TGPL Điều 45) until an administrator adds it",
                    before.province
                ),
            )
            .under("Luật TGPL Điều 45"));
        }
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
            let received_at = received_at.unwrap_or(now);
            if received_at > now || received_at < before.received_at {
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
                after.set_flag(Flag::ForceMajeure, true);
            }
            EventDetail::Accepted {
                note: text(note),
                immediately: true,
            }
        }
        Command::RefuseReferral { ground, reason } => {
            after.refusal_ground = Some(ground);
            after.refusal_reason = Some(reason.as_str().to_owned());
            EventDetail::Refused {
                ground,
                reason: reason.into_string(),
            }
        }
        Command::TransferReferral { reason, .. } => {
            let to = agency(matter, "toCenterId")?;
            if !to.kind.is_legal_aid() || to.id == before.center {
                return Err(DomainError::invalid(
                    "toCenterId",
                    "a referral is transferred to another state legal aid center",
                ));
            }
            after.center = to.id;
            after.province.clone_from(&to.province);
            after.transferred_from = Some(before.center);
            // The receiving center is notified now: its duty to accept runs from here.
            after.notified_at = Some(now);
            EventDetail::Transferred {
                from_center: before.center,
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
        | Command::DecideEscalatedComplaint { decision, upheld } => {
            complaint_decision(&decision, upheld)
        }
        Command::RequestProof { note } => EventDetail::Noted { text: text(note) },
        Command::Complete { note } => {
            close(&mut after, None, now);
            EventDetail::Noted { text: text(note) }
        }
        Command::SendHearingSchedule => EventDetail::Noted { text: None },
        Command::ReceiveProof { document } => {
            after.proof_document = Some(document.as_str().to_owned());
            EventDetail::ProofReceived {
                document: document.into_string(),
            }
        }
        Command::AssignProvider {
            decision_number, ..
        } => {
            let provider = loaded(matter.referenced.provider.as_ref(), "providerId")?;
            check_provider(settings, &provider, matter)?;
            after.provider = Some(provider.id);
            after.decision_number = decision_number.as_ref().map(|d| d.as_str().to_owned());
            after.assigned_at = Some(now);
            after.clear_registration();
            EventDetail::ProviderAssigned {
                provider: provider.id,
                provider_name: provider.name,
                provider_kind: provider.kind,
                decision_number: text(decision_number),
            }
        }
        Command::PresentPapers { .. } if owes(matter, "register_counsel") => {
            return Err(DomainError::invalid(
                "matterId",
                "the papers were already presented: the handling agency's registration is due \
                 (BLTTHS Điều 78(4))",
            )
            .under("BLTTHS Điều 78(4)"));
        }
        Command::PresentPapers { note } => EventDetail::Noted { text: text(note) },
        Command::RegisterCounsel {
            registration_number,
        } => {
            after.registration_number = registration_number.as_ref().map(|r| r.as_str().to_owned());
            after.registered_at = Some(now);
            EventDetail::CounselRegistered {
                registration_number: text(registration_number),
            }
        }
        Command::RefuseRegistration { ground, reason } => {
            after.clear_registration();
            EventDetail::RegistrationEnded {
                ground,
                reason: reason.into_string(),
                cancelled: false,
            }
        }
        Command::CancelRegistration {
            ground,
            reason,
            decided_at,
        } => {
            if decided_at.is_some_and(|at| at > now) {
                return Err(DomainError::invalid(
                    "decidedAt",
                    "cannot lie in the future",
                ));
            }
            after.clear_registration();
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
            after.set_flag(Flag::SummaryProcedure, summary_procedure);
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
        Command::RecordSuspectMeeting { accepts, note } => EventDetail::SuspectMet {
            accepts,
            note: text(note),
        },
        Command::RecordInvestigationConclusion { concluded_at, note } => {
            if before.stage != Stage::Investigation {
                return Err(DomainError::invalid(
                    "matterId",
                    format!(
                        "the matter is at stage {}: only an investigation is concluded \
                         (TT 46/2019/TT-BCA Điều 16(1))",
                        before.stage
                    ),
                )
                .under("TT 46/2019/TT-BCA Điều 16(1)"));
            }
            if owes(matter, "send_investigation_conclusion") {
                return Err(DomainError::invalid(
                    "matterId",
                    "the conclusion is already recorded: send it to the suspect and counsel \
                     (sendInvestigationConclusion, TT 46/2019/TT-BCA Điều 16(1))",
                )
                .under("TT 46/2019/TT-BCA Điều 16(1)"));
            }
            let concluded_at = concluded_at.unwrap_or(now);
            if concluded_at > now {
                return Err(DomainError::invalid(
                    "concludedAt",
                    "cannot lie in the future",
                ));
            }
            EventDetail::InvestigationConcluded {
                concluded_at,
                note: text(note),
            }
        }
        Command::SendInvestigationConclusion { note } => {
            if !owes(matter, "send_investigation_conclusion") {
                return Err(DomainError::invalid(
                    "matterId",
                    "no conclusion of the investigation is recorded \
                     (recordInvestigationConclusion, TT 46/2019/TT-BCA Điều 16(1))",
                )
                .under("TT 46/2019/TT-BCA Điều 16(1)"));
            }
            EventDetail::Noted { text: text(note) }
        }
        Command::TransferStage { .. } if owes(matter, "send_investigation_conclusion") => {
            return Err(DomainError::invalid(
                "stage",
                "the investigation body sends its conclusion to the suspect and counsel \
                 (sendInvestigationConclusion, within 2 days: TT 46/2019/TT-BCA Điều 16(1)) \
                 before it hands the matter on",
            )
            .under("TT 46/2019/TT-BCA Điều 16(1)"));
        }
        Command::TransferStage { stage, .. } => {
            let to = agency(matter, "toAgencyId")?;
            if !next_stage_ok(before.stage, stage) || !handles_stage(to.kind, stage) {
                return Err(DomainError::invalid(
                    "stage",
                    format!(
                        "a matter at stage {} cannot move to {stage} at a {}",
                        before.stage,
                        to.kind.code()
                    ),
                ));
            }
            if before.proceeding_kind != ProceedingKind::Criminal
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
                from_agency: before.handling_agency,
                to_agency: to.id,
                stage,
            }
        }
        Command::RequireNewRegistration {
            reason,
            handling_agency,
        } => {
            if handling_agency.is_some() {
                let agency = agency(matter, "handlingAgencyId")?;
                if !agency.kind.is_procedural() {
                    return Err(DomainError::invalid(
                        "handlingAgencyId",
                        "registration is done by a procedural agency",
                    ));
                }
                after.handling_agency = agency.id;
            }
            after.clear_registration();
            EventDetail::NewRegistrationRequired {
                reason: reason.into_string(),
                handling_agency: after.handling_agency,
            }
        }
        Command::RecordCounselChange { .. } | Command::RecordCounselRefusal { .. }
            if before.proceeding_kind != ProceedingKind::Criminal =>
        {
            return Err(DomainError::invalid(
                "reason",
                "appointed counsel is refused or changed only in criminal proceedings (BLTTHS Điều 77)",
            )
.under("BLTTHS Điều 77"));
        }
        Command::RecordCounselChange { reason } => {
            after.counsel_changes += 1;
            after.clear_registration();
            EventDetail::CounselChanged {
                reason: reason.into_string(),
            }
        }
        Command::RecordCounselRefusal { reason } => {
            if before.minor() && before.counsel_changes == 0 {
                return Err(DomainError::invalid(
                    "reason",
                    "for a person under 18 the appointment ends only when a changed counsel is \
                     refused again (TTLT 06/2018 Điều 10(3)): record the change of counsel first",
                )
                .under("TTLT 06/2018 Điều 10(3)"));
            }
            close(&mut after, None, now);
            EventDetail::Closed {
                ground: None,
                reason: Some(reason.into_string()),
            }
        }
        Command::Discontinue { ground, reason } => {
            close(&mut after, Some(ground), now);
            EventDetail::Closed {
                ground: Some(ground),
                reason: Some(reason.into_string()),
            }
        }
        Command::TerminateByProcedure { reason } => {
            close(&mut after, None, now);
            EventDetail::Closed {
                ground: None,
                reason: Some(reason.into_string()),
            }
        }
        Command::HandOverFile => {
            let file_code = next_file_code(matter, now)?;
            after.file_code = Some(file_code.clone());
            EventDetail::FileHandedOver { file_code }
        }
        command @ (Command::RecordSupervisoryEvaluation { .. }
        | Command::SubmitPaymentClaim { .. }
        | Command::ApprovePaymentClaim { .. }
        | Command::RejectPaymentClaim { .. }) => {
            let (detail, payment) = late::detail(principal, command, matter, now)?;
            return Ok((detail, after, payment));
        }
        Command::AppraiseQuality { appraisal } => {
            after.grade = Some(appraisal.grade());
            after.total_score = Some(appraisal.total());
            EventDetail::QualityAppraised {
                appraisal,
                total: appraisal.total(),
                grade: appraisal.grade(),
            }
        }
    };
    Ok((detail, after, None))
}

fn close(
    facts: &mut MatterFacts,
    ground: Option<crate::matter::DiscontinueGround>,
    now: DateTime<Utc>,
) {
    facts.closing_ground = ground;
    facts.closed_at = Some(now);
}
