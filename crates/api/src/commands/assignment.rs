//! Assignment and registration: the center assigns a provider, the handling agency
//! registers, refuses or cancels the registration, and counsel is changed.

use async_graphql::{Context, ID, InputObject, Object};
use baton_domain::decide::Command;
use baton_domain::matter::limits;
use chrono::{DateTime, SubsecRound, Utc};

use super::{MatterPayload, MatterTarget, act, note, optional, reason};
use crate::context::parse_id;
use crate::enums::RegistrationGround;
use crate::error::ApiResult;

/// Input of `assignProvider`.
#[derive(InputObject)]
pub struct AssignProviderInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// A provider on the center's roster who may act in proceedings.
    pub provider_id: ID,
    /// Number of the assignment decision (TP-TGPL-14).
    pub decision_number: Option<String>,
}

/// Input of `presentPapers`.
#[derive(InputObject)]
pub struct PresentPapersInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// E.g. how the papers went: "Xuất trình trực tiếp", "Gửi bản sao có chứng thực".
    pub note: Option<String>,
}

/// Input of `registerCounsel`.
#[derive(InputObject)]
pub struct RegisterCounselInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// Number of the defence-counsel notice (thông báo người bào chữa).
    pub registration_number: Option<String>,
}

/// Input of `recordSuspectMeeting`.
#[derive(InputObject)]
pub struct RecordSuspectMeetingInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// Whether the suspect accepts the appointed counsel.
    pub accepts: bool,
    /// E.g. the number of the record (biên bản) of the meeting.
    pub note: Option<String>,
}

/// Input of `refuseRegistration`.
#[derive(InputObject)]
pub struct RefuseRegistrationInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub ground: RegistrationGround,
    /// The written reasons.
    pub reason: String,
}

/// Input of `cancelRegistration`.
#[derive(InputObject)]
pub struct CancelRegistrationInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub ground: RegistrationGround,
    /// The written reasons.
    pub reason: String,
    /// When the cancellation was decided (business time; defaults to now).
    pub decided_at: Option<DateTime<Utc>>,
}

/// Input of `requestProviderChange`.
#[derive(InputObject)]
pub struct RequestProviderChangeInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The written reasons.
    pub reason: String,
}

/// Input of `declineProviderChange`.
#[derive(InputObject)]
pub struct DeclineProviderChangeInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The written reasons.
    pub reason: String,
}

/// Input of `recordCounselChange`.
#[derive(InputObject)]
pub struct RecordCounselChangeInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The written reasons.
    pub reason: String,
}

/// Input of `recordCounselRefusal`.
#[derive(InputObject)]
pub struct RecordCounselRefusalInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The written reasons.
    pub reason: String,
}

/// Assignment, registration and changes of counsel.
#[derive(Default)]
pub struct AssignmentMutation;

#[Object]
impl AssignmentMutation {
    /// The center assigns a provider from its roster (decision TP-TGPL-14).
    async fn assign_provider(
        &self,
        ctx: &Context<'_>,
        input: AssignProviderInput,
    ) -> ApiResult<MatterPayload> {
        let number = input.decision_number.as_deref();
        let command = (|| {
            Ok(Command::AssignProvider {
                provider: parse_id("providerId", &input.provider_id)?,
                decision_number: optional("decisionNumber", number, limits::DECISION_NUMBER)?,
            })
        })();
        act(ctx, input.target, command).await
    }

    /// The provider (or the center for them) presented the card and the assignment decision to the handling agency (T7: BLTTHS Điều 78(2)(d), 78(3)(c); TTLT 10 Điều 12(1), 12(3)); the agency's registration clock runs from here.
    async fn present_papers(
        &self,
        ctx: &Context<'_>,
        input: PresentPapersInput,
    ) -> ApiResult<MatterPayload> {
        let command = note(input.note.as_deref()).map(|note| Command::PresentPapers { note });
        act(ctx, input.target, command).await
    }

    /// The handling agency registers the assigned counsel (CPC art. 78(4)).
    async fn register_counsel(
        &self,
        ctx: &Context<'_>,
        input: RegisterCounselInput,
    ) -> ApiResult<MatterPayload> {
        let number = input.registration_number.as_deref();
        let command = optional("registrationNumber", number, limits::DECISION_NUMBER).map(
            |registration_number| Command::RegisterCounsel {
                registration_number,
            },
        );
        act(ctx, input.target, command).await
    }

    /// The investigator met the suspect of a mandatory defence and records whether they accept the appointed counsel (TT 46/2019/TT-BCA Điều 5(2): within 24 h of receiving the assignment letter, T7). Investigation bodies only; a refusal is then recorded with `recordCounselRefusal`.
    async fn record_suspect_meeting(
        &self,
        ctx: &Context<'_>,
        input: RecordSuspectMeetingInput,
    ) -> ApiResult<MatterPayload> {
        let command = note(input.note.as_deref()).map(|note| Command::RecordSuspectMeeting {
            accepts: input.accepts,
            note,
        });
        act(ctx, input.target, command).await
    }

    /// The handling agency refuses to register the assigned counsel, in writing with reasons (T8r: BLTTHS Điều 78(5)); `reason` is the written reasons, so for an investigation body the refusal also meets TT 46/2019/TT-BCA Điều 6(3) (24 h from the complete papers). The center must replace within 24 h (2 working days in civil and administrative proceedings).
    async fn refuse_registration(
        &self,
        ctx: &Context<'_>,
        input: RefuseRegistrationInput,
    ) -> ApiResult<MatterPayload> {
        let command = reason(&input.reason).map(|reason| Command::RefuseRegistration {
            ground: input.ground.into(),
            reason,
        });
        act(ctx, input.target, command).await
    }

    /// The handling agency cancels a registration (T11: BLTTHS Điều 78(7)); recording it is the notice to the center and the provider (24 h, TTLT 10 Điều 15).
    async fn cancel_registration(
        &self,
        ctx: &Context<'_>,
        input: CancelRegistrationInput,
    ) -> ApiResult<MatterPayload> {
        let command = reason(&input.reason).map(|reason| Command::CancelRegistration {
            ground: input.ground.into(),
            reason,
            decided_at: input.decided_at.map(|t| t.trunc_subsecs(6)),
        });
        act(ctx, input.target, command).await
    }

    /// The aided person asks to change provider (T12: TT 12 Điều 9(1), Mẫu 04-TP-TGPL); the center answers within 3 working days, by assigning another provider or declining.
    async fn request_provider_change(
        &self,
        ctx: &Context<'_>,
        input: RequestProviderChangeInput,
    ) -> ApiResult<MatterPayload> {
        let command = reason(&input.reason).map(|reason| Command::RequestProviderChange { reason });
        act(ctx, input.target, command).await
    }

    /// The center declines the request to change provider, with reasons (T12).
    async fn decline_provider_change(
        &self,
        ctx: &Context<'_>,
        input: DeclineProviderChangeInput,
    ) -> ApiResult<MatterPayload> {
        let command = reason(&input.reason).map(|reason| Command::DeclineProviderChange { reason });
        act(ctx, input.target, command).await
    }

    /// The accused asks to change appointed counsel (T12c: BLTTHS Điều 77): the center appoints again.
    async fn record_counsel_change(
        &self,
        ctx: &Context<'_>,
        input: RecordCounselChangeInput,
    ) -> ApiResult<MatterPayload> {
        let command = reason(&input.reason).map(|reason| Command::RecordCounselChange { reason });
        act(ctx, input.target, command).await
    }

    /// The accused refuses appointed counsel: the appointment ends (T12c: BLTTHS Điều 77(3)); for a person under 18 only after a changed counsel is refused again.
    async fn record_counsel_refusal(
        &self,
        ctx: &Context<'_>,
        input: RecordCounselRefusalInput,
    ) -> ApiResult<MatterPayload> {
        let command = reason(&input.reason).map(|reason| Command::RecordCounselRefusal { reason });
        act(ctx, input.target, command).await
    }
}
