//! Complaints about the aid (C1: Luật TGPL Điều 45): the center's head decides first, then
//! the director of the provincial justice department.

use async_graphql::{Context, InputObject, Object};
use baton_domain::decide::Command;
use baton_domain::matter::limits;

use super::{MatterPayload, MatterTarget, act, reason, text};
use crate::error::ApiResult;

/// Input of `fileComplaint`.
#[derive(InputObject)]
pub struct FileComplaintInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// What the complaint is about.
    pub subject: String,
}

/// Input of `decideComplaint`.
#[derive(InputObject)]
pub struct DecideComplaintInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub decision: String,
    pub upheld: bool,
}

/// Input of `escalateComplaint`.
#[derive(InputObject)]
pub struct EscalateComplaintInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The written reasons.
    pub reason: String,
}

/// Input of `decideEscalatedComplaint`.
#[derive(InputObject)]
pub struct DecideEscalatedComplaintInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub decision: String,
    pub upheld: bool,
}

/// Complaints and their decisions.
#[derive(Default)]
pub struct ComplaintsMutation;

#[Object]
impl ComplaintsMutation {
    /// A complaint about the aid, recorded by the center; its head decides within 3 working days (C1: Luật TGPL Điều 45).
    async fn file_complaint(
        &self,
        ctx: &Context<'_>,
        input: FileComplaintInput,
    ) -> ApiResult<MatterPayload> {
        let subject = text("subject", &input.subject, limits::REASON);
        let command = subject.map(|subject| Command::FileComplaint { subject });
        act(ctx, input.target, command).await
    }

    /// The center head decides the complaint (C1).
    async fn decide_complaint(
        &self,
        ctx: &Context<'_>,
        input: DecideComplaintInput,
    ) -> ApiResult<MatterPayload> {
        let decision = text("decision", &input.decision, limits::REASON);
        let command = decision.map(|decision| Command::DecideComplaint {
            decision,
            upheld: input.upheld,
        });
        act(ctx, input.target, command).await
    }

    /// The complainant takes the complaint to the director of the provincial justice department, who decides within 15 days (C1).
    async fn escalate_complaint(
        &self,
        ctx: &Context<'_>,
        input: EscalateComplaintInput,
    ) -> ApiResult<MatterPayload> {
        let command = reason(&input.reason).map(|reason| Command::EscalateComplaint { reason });
        act(ctx, input.target, command).await
    }

    /// The justice department decides the escalated complaint (C1).
    async fn decide_escalated_complaint(
        &self,
        ctx: &Context<'_>,
        input: DecideEscalatedComplaintInput,
    ) -> ApiResult<MatterPayload> {
        let decision = text("decision", &input.decision, limits::REASON);
        let command = decision.map(|decision| Command::DecideEscalatedComplaint {
            decision,
            upheld: input.upheld,
        });
        act(ctx, input.target, command).await
    }
}
