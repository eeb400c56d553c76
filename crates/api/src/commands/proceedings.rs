//! The proceedings: hearings and interrogations, and the file moving from stage to stage.

use async_graphql::{Context, ID, InputObject, Object};
use baton_domain::decide::Command;
use chrono::{DateTime, SubsecRound, Utc};

use super::{MatterPayload, MatterTarget, act, note, reason};
use crate::context::parse_id;
use crate::enums::Stage;
use crate::error::ApiResult;

/// Input of `scheduleHearing`.
#[derive(InputObject)]
pub struct ScheduleHearingInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The hearing's date and time.
    pub hearing_at: DateTime<Utc>,
    /// Summary procedure (thủ tục rút gọn).
    pub summary_procedure: Option<bool>,
}

/// Input of `sendHearingSchedule`.
#[derive(InputObject)]
pub struct SendHearingScheduleInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
}

/// Input of `recordInterrogationNotice`.
#[derive(InputObject)]
pub struct RecordInterrogationNoticeInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// When the interrogation takes place.
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// Input of `recordInvestigationConclusion`.
#[derive(InputObject)]
pub struct RecordInvestigationConclusionInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The date of the conclusion (bản kết luận điều tra); now when absent.
    pub concluded_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
}

/// Input of `sendInvestigationConclusion`.
#[derive(InputObject)]
pub struct SendInvestigationConclusionInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub note: Option<String>,
}

/// Input of `transferStage`.
#[derive(InputObject)]
pub struct TransferStageInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The agency that handles the next stage.
    pub to_agency_id: ID,
    pub stage: Stage,
}

/// Input of `requireNewRegistration`.
#[derive(InputObject)]
pub struct RequireNewRegistrationInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The written reasons.
    pub reason: String,
    /// The agency that now handles the case, if it changes.
    pub handling_agency_id: Option<ID>,
}

/// Hearings, interrogations and stages.
#[derive(Default)]
pub struct ProceedingsMutation;

#[Object]
impl ProceedingsMutation {
    /// The court sets the hearing: the schedule must reach the center and the provider at least 10 days before (7 in summary procedure) (T9: TTLT 10 Điều 9(3)(a)).
    async fn schedule_hearing(
        &self,
        ctx: &Context<'_>,
        input: ScheduleHearingInput,
    ) -> ApiResult<MatterPayload> {
        let command = Command::ScheduleHearing {
            hearing_at: input.hearing_at.trunc_subsecs(6),
            summary_procedure: input.summary_procedure.unwrap_or(false),
        };
        act(ctx, input.target, Ok(command)).await
    }

    /// The court sent the hearing schedule to the center and the provider (T9).
    async fn send_hearing_schedule(
        &self,
        ctx: &Context<'_>,
        input: SendHearingScheduleInput,
    ) -> ApiResult<MatterPayload> {
        act(ctx, input.target, Ok(Command::SendHearingSchedule)).await
    }

    /// The investigator or prosecutor gave the provider notice of an interrogation (T9: BLTTHS Điều 79).
    async fn record_interrogation_notice(
        &self,
        ctx: &Context<'_>,
        input: RecordInterrogationNoticeInput,
    ) -> ApiResult<MatterPayload> {
        let command = note(input.note.as_deref()).map(|note| Command::RecordInterrogationNotice {
            at: input.at.trunc_subsecs(6),
            note,
        });
        act(ctx, input.target, command).await
    }

    /// The investigation body records the conclusion of the investigation (BLTTHS Điều 232, 233); it owes the conclusion to the suspect and counsel within 2 days (TT 46/2019/TT-BCA Điều 16(1)), and sends it before it hands the matter on with `transferStage`. Investigation bodies only.
    async fn record_investigation_conclusion(
        &self,
        ctx: &Context<'_>,
        input: RecordInvestigationConclusionInput,
    ) -> ApiResult<MatterPayload> {
        let command =
            note(input.note.as_deref()).map(|note| Command::RecordInvestigationConclusion {
                concluded_at: input.concluded_at.map(|t| t.trunc_subsecs(6)),
                note,
            });
        act(ctx, input.target, command).await
    }

    /// The investigation body sent the conclusion of the investigation to the suspect and counsel (TT 46/2019/TT-BCA Điều 16(1)).
    async fn send_investigation_conclusion(
        &self,
        ctx: &Context<'_>,
        input: SendInvestigationConclusionInput,
    ) -> ApiResult<MatterPayload> {
        let command =
            note(input.note.as_deref()).map(|note| Command::SendInvestigationConclusion { note });
        act(ctx, input.target, command).await
    }

    /// The file moves to the next stage and agency; assignment and registration carry over (T10: BLTTHS Điều 78(6); TTLT 10 Điều 13(1)).
    async fn transfer_stage(
        &self,
        ctx: &Context<'_>,
        input: TransferStageInput,
    ) -> ApiResult<MatterPayload> {
        let command =
            parse_id("toAgencyId", &input.to_agency_id).map(|to_agency| Command::TransferStage {
                to_agency,
                stage: input.stage.into(),
            });
        act(ctx, input.target, command).await
    }

    /// A fresh investigation (điều tra lại) or a civil retrial (xét xử lại) needs a new registration with a new clock (T10: TTLT 10 Điều 13).
    async fn require_new_registration(
        &self,
        ctx: &Context<'_>,
        input: RequireNewRegistrationInput,
    ) -> ApiResult<MatterPayload> {
        let agency = input.handling_agency_id.as_ref();
        let command = (|| {
            Ok(Command::RequireNewRegistration {
                reason: reason(&input.reason)?,
                handling_agency: agency
                    .map(|a| parse_id("handlingAgencyId", a))
                    .transpose()?,
            })
        })();
        act(ctx, input.target, command).await
    }
}
