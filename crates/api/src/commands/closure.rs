//! Closure: the aid stops, completes or ends with the proceedings; the case file is handed
//! over and its quality appraised.

use async_graphql::{Context, InputObject, Object};
use baton_domain::decide::Command;
use baton_domain::lifecycle::Appraisal;

use super::{MatterPayload, MatterTarget, act, note, reason};
use crate::enums::DiscontinueGround;
use crate::error::{ApiError, ApiResult};

/// Input of `discontinue`.
#[derive(InputObject)]
pub struct DiscontinueInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub ground: DiscontinueGround,
    /// The written reasons.
    pub reason: String,
}

/// Input of `complete`.
#[derive(InputObject)]
pub struct CompleteInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub note: Option<String>,
}

/// Input of `terminateByProcedure`.
#[derive(InputObject)]
pub struct TerminateByProcedureInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The written reasons.
    pub reason: String,
}

/// Input of `handOverFile`.
#[derive(InputObject)]
pub struct HandOverFileInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
}

/// Input of `appraiseQuality`.
#[derive(InputObject)]
pub struct AppraiseQualityInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// Out of 30.
    pub responsibility: i32,
    /// Out of 60.
    pub performance: i32,
    /// Out of 10.
    pub satisfaction: i32,
    /// Any prohibited act fails the case.
    pub prohibited_act: bool,
}

/// The end of the aid, the case file and its appraisal.
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
        let command = reason(&input.reason).map(|reason| Command::Discontinue {
            ground: input.ground.into(),
            reason,
        });
        act(ctx, input.target, command).await
    }

    /// The center confirms the aid was completed (T14: TT 12 Điều 10); the file is due within 30 days.
    async fn complete(&self, ctx: &Context<'_>, input: CompleteInput) -> ApiResult<MatterPayload> {
        let command = note(input.note.as_deref()).map(|note| Command::Complete { note });
        act(ctx, input.target, command).await
    }

    /// The proceedings were suspended or closed by law (đình chỉ) (T14).
    async fn terminate_by_procedure(
        &self,
        ctx: &Context<'_>,
        input: TerminateByProcedureInput,
    ) -> ApiResult<MatterPayload> {
        let command = reason(&input.reason).map(|reason| Command::TerminateByProcedure { reason });
        act(ctx, input.target, command).await
    }

    /// The provider handed the case file to the center (T15: Luật TGPL Điều 39(1)); it is numbered in the center's register, e.g. TT.TGTT.01.2026.
    async fn hand_over_file(
        &self,
        ctx: &Context<'_>,
        input: HandOverFileInput,
    ) -> ApiResult<MatterPayload> {
        act(ctx, input.target, Ok(Command::HandOverFile)).await
    }

    /// The center's appraiser scores the case (T16: TT 12 Điều 8(3), 14–17): responsibility /30, performance /60, satisfaction /10.
    async fn appraise_quality(
        &self,
        ctx: &Context<'_>,
        input: AppraiseQualityInput,
    ) -> ApiResult<MatterPayload> {
        let appraisal = Appraisal::parse(
            input.responsibility,
            input.performance,
            input.satisfaction,
            input.prohibited_act,
        );
        let command = appraisal
            .map(|appraisal| Command::AppraiseQuality { appraisal })
            .map_err(ApiError::from);
        act(ctx, input.target, command).await
    }
}
