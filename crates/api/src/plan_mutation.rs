//! The rest of the inter-agency plan as mutations (domain brief §3–4): intake, the life
//! of a registration through the stages, closure, appraisal and complaints. Each takes one
//! `input` naming the matter (with `expectedVersion` and `idempotencyKey`, as every
//! command on a matter) and returns the changed matter.

use async_graphql::{Context, ID, InputObject, Object};
use baton_engine::Action;
use chrono::{DateTime, SubsecRound, Utc};

use crate::context::parse_id;
use crate::enums::{DiscontinueGround, RegistrationGround, Stage};
use crate::error::ApiResult;
use crate::mutation::{MatterMutation, MatterPayload};

/// Input of `acceptImmediately`.
#[derive(InputObject)]
pub struct AcceptImmediatelyInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    pub note: Option<String>,
    /// Force majeure delays the proof: 10 working days instead of 5 (TT 12 Điều 6(2)).
    pub force_majeure: Option<bool>,
}

/// Input of `transferReferral`.
#[derive(InputObject)]
pub struct TransferReferralInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// The receiving state legal aid center.
    pub to_center_id: ID,
    /// The written reasons.
    pub reason: String,
}

/// Input of `reportNotEligible`.
#[derive(InputObject)]
pub struct ReportNotEligibleInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// The written reasons.
    pub reason: String,
}

/// Input of `requestProof`.
#[derive(InputObject)]
pub struct RequestProofInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    pub note: Option<String>,
}

/// Input of `receiveProof`.
#[derive(InputObject)]
pub struct ReceiveProofInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// The proof document received.
    pub document: String,
}

/// Input of `recordRequest`.
#[derive(InputObject)]
pub struct RecordRequestInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// When the request was received (business time; defaults to now).
    pub received_at: Option<DateTime<Utc>>,
}

/// Input of `refuseRegistration`.
#[derive(InputObject)]
pub struct RefuseRegistrationInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    pub ground: RegistrationGround,
    /// The written reasons.
    pub reason: String,
}

/// Input of `cancelRegistration`.
#[derive(InputObject)]
pub struct CancelRegistrationInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    pub ground: RegistrationGround,
    /// The written reasons.
    pub reason: String,
    /// When the cancellation was decided (business time; defaults to now).
    pub decided_at: Option<DateTime<Utc>>,
}

/// Input of `scheduleHearing`.
#[derive(InputObject)]
pub struct ScheduleHearingInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// The hearing's date and time.
    pub hearing_at: DateTime<Utc>,
    /// Summary procedure (thủ tục rút gọn).
    pub summary_procedure: Option<bool>,
}

/// Input of `sendHearingSchedule`.
#[derive(InputObject)]
pub struct SendHearingScheduleInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
}

/// Input of `recordInterrogationNotice`.
#[derive(InputObject)]
pub struct RecordInterrogationNoticeInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// When the interrogation takes place.
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// Input of `transferStage`.
#[derive(InputObject)]
pub struct TransferStageInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// The agency that handles the next stage.
    pub to_agency_id: ID,
    pub stage: Stage,
}

/// Input of `requireNewRegistration`.
#[derive(InputObject)]
pub struct RequireNewRegistrationInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// The written reasons.
    pub reason: String,
    /// The agency that now handles the case, if it changes.
    pub handling_agency_id: Option<ID>,
}

/// Input of `requestProviderChange`.
#[derive(InputObject)]
pub struct RequestProviderChangeInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// The written reasons.
    pub reason: String,
}

/// Input of `declineProviderChange`.
#[derive(InputObject)]
pub struct DeclineProviderChangeInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// The written reasons.
    pub reason: String,
}

/// Input of `recordCounselChange`.
#[derive(InputObject)]
pub struct RecordCounselChangeInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// The written reasons.
    pub reason: String,
}

/// Input of `recordCounselRefusal`.
#[derive(InputObject)]
pub struct RecordCounselRefusalInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// The written reasons.
    pub reason: String,
}

/// Input of `discontinue`.
#[derive(InputObject)]
pub struct DiscontinueInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    pub ground: DiscontinueGround,
    /// The written reasons.
    pub reason: String,
}

/// Input of `complete`.
#[derive(InputObject)]
pub struct CompleteInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    pub note: Option<String>,
}

/// Input of `terminateByProcedure`.
#[derive(InputObject)]
pub struct TerminateByProcedureInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// The written reasons.
    pub reason: String,
}

/// Input of `handOverFile`.
#[derive(InputObject)]
pub struct HandOverFileInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
}

/// Input of `appraiseQuality`.
#[derive(InputObject)]
pub struct AppraiseQualityInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// Out of 30.
    pub responsibility: i32,
    /// Out of 60.
    pub performance: i32,
    /// Out of 10.
    pub satisfaction: i32,
    /// Any prohibited act fails the case.
    pub prohibited_act: bool,
}

/// Input of `fileComplaint`.
#[derive(InputObject)]
pub struct FileComplaintInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// What the complaint is about.
    pub subject: String,
}

/// Input of `decideComplaint`.
#[derive(InputObject)]
pub struct DecideComplaintInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    pub decision: String,
    pub upheld: bool,
}

/// Input of `escalateComplaint`.
#[derive(InputObject)]
pub struct EscalateComplaintInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    /// The written reasons.
    pub reason: String,
}

/// Input of `decideEscalatedComplaint`.
#[derive(InputObject)]
pub struct DecideEscalatedComplaintInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
    pub decision: String,
    pub upheld: bool,
}

targeted_inputs!(
    AcceptImmediatelyInput,
    TransferReferralInput,
    ReportNotEligibleInput,
    RequestProofInput,
    ReceiveProofInput,
    RecordRequestInput,
    RefuseRegistrationInput,
    CancelRegistrationInput,
    ScheduleHearingInput,
    SendHearingScheduleInput,
    RecordInterrogationNoticeInput,
    TransferStageInput,
    RequireNewRegistrationInput,
    RequestProviderChangeInput,
    DeclineProviderChangeInput,
    RecordCounselChangeInput,
    RecordCounselRefusalInput,
    DiscontinueInput,
    CompleteInput,
    TerminateByProcedureInput,
    HandOverFileInput,
    AppraiseQualityInput,
    FileComplaintInput,
    DecideComplaintInput,
    EscalateComplaintInput,
    DecideEscalatedComplaintInput
);

/// The center's intake beyond accept and refuse.
#[derive(Default)]
pub struct IntakeMutation;

#[Object]
impl IntakeMutation {
    /// The center accepts at once, proof to follow (T5i: Luật TGPL Điều 30(4); TT 12 Điều 6). Assignment is then due immediately and the requester has 5 working days (10 in especially disadvantaged areas) for the proof.
    async fn accept_immediately(
        &self,
        ctx: &Context<'_>,
        input: AcceptImmediatelyInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::AcceptImmediately {
            note: input.note,
            force_majeure: input.force_majeure.unwrap_or(false),
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The center passes the referral to the competent center (T5t: Luật TGPL Điều 35), whose inbox it then reaches.
    async fn transfer_referral(
        &self,
        ctx: &Context<'_>,
        input: TransferReferralInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::Transfer {
            to_center: parse_id("toCenterId", &input.to_center_id)?,
            reason: input.reason,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The center reports back that the person is not eligible (T5n: TTLT 10 Điều 3(4)).
    async fn report_not_eligible(
        &self,
        ctx: &Context<'_>,
        input: ReportNotEligibleInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::ReportNotEligible {
            reason: input.reason,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The center asks the requester for missing proof: the assignment clock stands still until it arrives.
    async fn request_proof(
        &self,
        ctx: &Context<'_>,
        input: RequestProofInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::RequestProof { note: input.note };
        MatterMutation::act(ctx, target, action).await
    }

    /// The requester's proof arrived: a paused assignment clock runs again; immediate acceptance's proof duty is met.
    async fn receive_proof(
        &self,
        ctx: &Context<'_>,
        input: ReceiveProofInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::ReceiveProof {
            document: input.document,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The person whose right was explained (or who was reported by information) asks for legal aid: the center is notified (T2–T3).
    async fn record_request(
        &self,
        ctx: &Context<'_>,
        input: RecordRequestInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::RecordRequest {
            received_at: input.received_at.map(|t| t.trunc_subsecs(6)),
        };
        MatterMutation::act(ctx, target, action).await
    }
}

/// Registration and the proceedings' stages.
#[derive(Default)]
pub struct ProceedingsMutation;

#[Object]
impl ProceedingsMutation {
    /// The handling agency refuses to register the assigned counsel, in writing with reasons (T8r: BLTTHS Điều 78(5)); the center must replace within 24 h (2 working days in civil and administrative proceedings).
    async fn refuse_registration(
        &self,
        ctx: &Context<'_>,
        input: RefuseRegistrationInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::RefuseRegistration {
            ground: input.ground.into(),
            reason: input.reason,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The handling agency cancels a registration (T11: BLTTHS Điều 78(7)); recording it is the notice to the center and the provider (24 h, TTLT 10 Điều 15).
    async fn cancel_registration(
        &self,
        ctx: &Context<'_>,
        input: CancelRegistrationInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::CancelRegistration {
            ground: input.ground.into(),
            reason: input.reason,
            decided_at: input.decided_at.map(|t| t.trunc_subsecs(6)),
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The court sets the hearing: the schedule must reach the center and the provider at least 10 days before (7 in summary procedure) (T9: TTLT 10 Điều 9(3)(a)).
    async fn schedule_hearing(
        &self,
        ctx: &Context<'_>,
        input: ScheduleHearingInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::ScheduleHearing {
            hearing_at: input.hearing_at,
            summary_procedure: input.summary_procedure.unwrap_or(false),
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The court sent the hearing schedule to the center and the provider (T9).
    async fn send_hearing_schedule(
        &self,
        ctx: &Context<'_>,
        input: SendHearingScheduleInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::SendHearingSchedule;
        MatterMutation::act(ctx, target, action).await
    }

    /// The investigator or prosecutor gave the provider notice of an interrogation (T9: BLTTHS Điều 79).
    async fn record_interrogation_notice(
        &self,
        ctx: &Context<'_>,
        input: RecordInterrogationNoticeInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::RecordInterrogationNotice {
            at: input.at,
            note: input.note,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The file moves to the next stage and agency; assignment and registration carry over (T10: BLTTHS Điều 78(6); TTLT 10 Điều 13(1)).
    async fn transfer_stage(
        &self,
        ctx: &Context<'_>,
        input: TransferStageInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::TransferStage {
            to_agency: parse_id("toAgencyId", &input.to_agency_id)?,
            stage: input.stage.into(),
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// A fresh investigation (điều tra lại) or a civil retrial (xét xử lại) needs a new registration with a new clock (T10: TTLT 10 Điều 13).
    async fn require_new_registration(
        &self,
        ctx: &Context<'_>,
        input: RequireNewRegistrationInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::RequireNewRegistration {
            reason: input.reason,
            handling_agency: input
                .handling_agency_id
                .as_ref()
                .map(|a| parse_id("handlingAgencyId", a))
                .transpose()?,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The aided person asks to change provider (T12: TT 12 Điều 9(1), Mẫu 04-TP-TGPL); the center answers within 3 working days, by assigning another provider or declining.
    async fn request_provider_change(
        &self,
        ctx: &Context<'_>,
        input: RequestProviderChangeInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::RequestProviderChange {
            reason: input.reason,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The center declines the request to change provider, with reasons (T12).
    async fn decline_provider_change(
        &self,
        ctx: &Context<'_>,
        input: DeclineProviderChangeInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::DeclineProviderChange {
            reason: input.reason,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The accused asks to change appointed counsel (T12c: BLTTHS Điều 77): the center appoints again.
    async fn record_counsel_change(
        &self,
        ctx: &Context<'_>,
        input: RecordCounselChangeInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::RecordCounselChange {
            reason: input.reason,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The accused refuses appointed counsel: the appointment ends (T12c: BLTTHS Điều 77(3)); for a person under 18 only after a changed counsel is refused again.
    async fn record_counsel_refusal(
        &self,
        ctx: &Context<'_>,
        input: RecordCounselRefusalInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::RecordCounselRefusal {
            reason: input.reason,
        };
        MatterMutation::act(ctx, target, action).await
    }
}

/// Closure, case file, appraisal and complaints.
#[derive(Default)]
pub struct ClosureMutation;

#[Object]
impl ClosureMutation {
    /// The center stops the aid (T13: Luật TGPL Điều 37): withdrawal, a prohibited act, a refusal ground found later, or proof not supplied in time.
    async fn discontinue(
        &self,
        ctx: &Context<'_>,
        input: DiscontinueInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::Discontinue {
            ground: input.ground.into(),
            reason: input.reason,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The center confirms the aid was completed (T14: TT 12 Điều 10); the file is due within 30 days.
    async fn complete(&self, ctx: &Context<'_>, input: CompleteInput) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::Complete { note: input.note };
        MatterMutation::act(ctx, target, action).await
    }

    /// The proceedings were suspended or closed by law (đình chỉ) (T14).
    async fn terminate_by_procedure(
        &self,
        ctx: &Context<'_>,
        input: TerminateByProcedureInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::TerminateByProcedure {
            reason: input.reason,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The provider handed the case file to the center (T15: Luật TGPL Điều 39(1)); it is numbered in the center's register, e.g. TT.TGTT.01.2026.
    async fn hand_over_file(
        &self,
        ctx: &Context<'_>,
        input: HandOverFileInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::HandOverFile;
        MatterMutation::act(ctx, target, action).await
    }

    /// The center's appraiser scores the case (T16: TT 12 Điều 8(3), 14–17): responsibility /30, performance /60, satisfaction /10.
    async fn appraise_quality(
        &self,
        ctx: &Context<'_>,
        input: AppraiseQualityInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::AppraiseQuality {
            responsibility: input.responsibility,
            performance: input.performance,
            satisfaction: input.satisfaction,
            prohibited_act: input.prohibited_act,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// A complaint about the aid, recorded by the center; its head decides within 3 working days (C1: Luật TGPL Điều 45).
    async fn file_complaint(
        &self,
        ctx: &Context<'_>,
        input: FileComplaintInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::FileComplaint {
            subject: input.subject,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The center head decides the complaint (C1).
    async fn decide_complaint(
        &self,
        ctx: &Context<'_>,
        input: DecideComplaintInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::DecideComplaint {
            decision: input.decision,
            upheld: input.upheld,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The complainant takes the complaint to the director of the provincial justice department, who decides within 15 days (C1).
    async fn escalate_complaint(
        &self,
        ctx: &Context<'_>,
        input: EscalateComplaintInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::EscalateComplaint {
            reason: input.reason,
        };
        MatterMutation::act(ctx, target, action).await
    }

    /// The justice department decides the escalated complaint (C1).
    async fn decide_escalated_complaint(
        &self,
        ctx: &Context<'_>,
        input: DecideEscalatedComplaintInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::DecideEscalatedComplaint {
            decision: input.decision,
            upheld: input.upheld,
        };
        MatterMutation::act(ctx, target, action).await
    }
}
