//! The supervisor's evaluation of a matter (T17: TT 12 Điều 14(2)–(3), 15).

use async_graphql::{Context, InputObject, Object};
use baton_domain::decide::Command;
use baton_domain::lifecycle::Appraisal;
use baton_domain::matter::limits;

use super::{MatterPayload, MatterTarget, act, optional, text};
use crate::enums::EvaluationBasis;
use crate::error::{ApiError, ApiResult};

/// Input of `recordSupervisoryEvaluation`.
#[derive(InputObject)]
pub struct RecordSupervisoryEvaluationInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// By the plan's sample (`PLAN`) or on a complaint (`COMPLAINT`).
    pub basis: EvaluationBasis,
    /// The complaint that triggered the evaluation (e.g. its number and date); required
    /// with `COMPLAINT`, refused with `PLAN`.
    pub complaint: Option<String>,
    /// Out of 30, as in the center's appraisal (TT 12 Điều 14–17).
    pub responsibility: i32,
    /// Out of 60.
    pub performance: i32,
    /// Out of 10.
    pub satisfaction: i32,
    /// Any prohibited act fails the case.
    pub prohibited_act: bool,
    /// The written conclusion (kết luận kiểm tra).
    pub conclusion: String,
}

/// The supervisors' evaluation.
#[derive(Default)]
pub struct SupervisionMutation;

#[Object]
impl SupervisionMutation {
    /// The justice department supervising the matter, or the national authority, evaluates a case whose file was handed over (T17: TT 12 Điều 14(2)–(3), 15), by its plan or on a complaint, on the appraisal's scale. Optional: no clock; the matter stays in its state.
    async fn record_supervisory_evaluation(
        &self,
        ctx: &Context<'_>,
        input: RecordSupervisoryEvaluationInput,
    ) -> ApiResult<MatterPayload> {
        let command = (|| {
            Ok::<_, ApiError>(Command::RecordSupervisoryEvaluation {
                basis: input.basis.into(),
                complaint: optional("complaint", input.complaint.as_deref(), limits::DOCUMENT)?,
                appraisal: Appraisal::parse(
                    input.responsibility,
                    input.performance,
                    input.satisfaction,
                    input.prohibited_act,
                )?,
                conclusion: text("conclusion", &input.conclusion, limits::REASON)?,
            })
        })();
        act(ctx, input.target, command).await
    }
}
