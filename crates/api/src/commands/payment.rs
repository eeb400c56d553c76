//! The provider's pay (T18: Nghị định 144/2017/NĐ-CP Điều 13, 15; Thông tư 02/2021/TT-BTP):
//! the claim, and the center's approval or rejection.

use async_graphql::{Context, ID, InputObject, Object};
use baton_domain::decide::Command;
use baton_domain::ids::ClaimId;
use baton_domain::matter::limits;
use baton_domain::pay::{ClaimRequest, Confirmation, SessionInput};
use chrono::NaiveDate;

use super::{MatterPayload, MatterTarget, act, reason, text};
use crate::context::parse_id;
use crate::enums::ConfirmerRole;
use crate::error::{ApiError, ApiResult, bad_input};

/// At most this many session lines in one claim (30 sessions fit in 15 to 30 lines).
const MAX_LINES: usize = 60;

/// Who confirmed a session's time.
#[derive(InputObject)]
pub struct ConfirmationInput {
    pub role: ConfirmerRole,
    /// The officer's name, e.g. "Thư ký Tòa án Phạm Thu Trang".
    pub name: String,
}

/// One day's sessions: give `halfDays` (buổi, 1–2) or `hours` (1–8), not both.
#[derive(InputObject)]
pub struct SessionLineInput {
    pub worked_on: NaiveDate,
    pub half_days: Option<i32>,
    pub hours: Option<i32>,
    /// An activity code of the pay table, e.g. `attend_hearing` (see docs/payment.md).
    pub activity: String,
    /// Required: a session's time is confirmed by the officer before whom it was worked.
    pub confirmed_by: Option<ConfirmationInput>,
}

/// A lump sum for the whole matter, for the work that ended on `workedOn`.
#[derive(InputObject)]
pub struct LumpSumInput {
    pub worked_on: NaiveDate,
    /// Whole đồng, 3 to 10 × the base salary in force on `workedOn`.
    pub amount: i64,
}

/// Input of `submitPaymentClaim`: `lines` or `lumpSum`, exactly one.
#[derive(InputObject)]
pub struct SubmitPaymentClaimInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub lines: Option<Vec<SessionLineInput>>,
    pub lump_sum: Option<LumpSumInput>,
}

/// Input of `approvePaymentClaim`.
#[derive(InputObject)]
pub struct ApprovePaymentClaimInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub claim_id: ID,
}

/// Input of `rejectPaymentClaim`.
#[derive(InputObject)]
pub struct RejectPaymentClaimInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub claim_id: ID,
    /// The written reasons.
    pub reason: String,
}

fn session(i: usize, line: SessionLineInput) -> Result<SessionInput, ApiError> {
    let confirmed_by = match line.confirmed_by {
        Some(c) => Some(Confirmation {
            role: c.role.into(),
            name: text(
                &format!("lines[{i}].confirmedBy.name"),
                &c.name,
                limits::NAME,
            )?,
        }),
        None => None,
    };
    let activity = text(&format!("lines[{i}].activity"), &line.activity, 64)?;
    Ok(SessionInput {
        worked_on: line.worked_on,
        half_days: line.half_days,
        hours: line.hours,
        activity: activity.into_string(),
        confirmed_by,
    })
}

fn claim(
    lines: Option<Vec<SessionLineInput>>,
    lump_sum: Option<LumpSumInput>,
) -> Result<ClaimRequest, ApiError> {
    match (lines, lump_sum) {
        (Some(lines), None) if lines.len() > MAX_LINES => Err(bad_input(
            "lines",
            &format!("at most {MAX_LINES} lines in one claim"),
        )),
        (Some(lines), None) => Ok(ClaimRequest::Sessions {
            lines: lines
                .into_iter()
                .enumerate()
                .map(|(i, l)| session(i, l))
                .collect::<Result<_, _>>()?,
        }),
        (None, Some(l)) => Ok(ClaimRequest::LumpSum {
            worked_on: l.worked_on,
            amount: l.amount,
        }),
        _ => Err(bad_input(
            "lines",
            "give the session lines or the lump sum (lumpSum), exactly one",
        )),
    }
}

/// Payment claims.
#[derive(Default)]
pub struct PaymentMutation;

#[Object]
impl PaymentMutation {
    /// The assigned provider, or the center's coordinator on their behalf, claims pay once the aid has ended (T18: Nghị định 144/2017 Điều 13, 15; TT 02/2021/TT-BTP): sessions with confirmed time, each at 0.38 × the base salary in force on its day (at most 30 per matter), or one lump sum of 3–10 × the base salary.
    async fn submit_payment_claim(
        &self,
        ctx: &Context<'_>,
        input: SubmitPaymentClaimInput,
    ) -> ApiResult<MatterPayload> {
        let command =
            claim(input.lines, input.lump_sum).map(|claim| Command::SubmitPaymentClaim { claim });
        act(ctx, input.target, command).await
    }

    /// The center's coordinator approves a claim: the payment is recorded on the matter (T18: Nghị định 144/2017 Điều 15).
    async fn approve_payment_claim(
        &self,
        ctx: &Context<'_>,
        input: ApprovePaymentClaimInput,
    ) -> ApiResult<MatterPayload> {
        let command = parse_id::<ClaimId>("claimId", &input.claim_id)
            .map(|claim| Command::ApprovePaymentClaim { claim });
        act(ctx, input.target, command).await
    }

    /// The center's coordinator rejects a claim with written reasons; the provider may claim again.
    async fn reject_payment_claim(
        &self,
        ctx: &Context<'_>,
        input: RejectPaymentClaimInput,
    ) -> ApiResult<MatterPayload> {
        let command = parse_id::<ClaimId>("claimId", &input.claim_id).and_then(|claim| {
            Ok(Command::RejectPaymentClaim {
                claim,
                reason: reason(&input.reason)?,
            })
        });
        act(ctx, input.target, command).await
    }
}
