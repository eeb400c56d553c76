//! Mutations on matters: one mutation per thing a user does, each taking one `input` and
//! returning a payload with the changed matter.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use baton_domain::ids::{AgencyId, ProviderId};
use baton_domain::matter::RawRequest;
use baton_engine::{Action, Creating, Target};
use chrono::{DateTime, NaiveDate, Utc};

use crate::context::{engine, parse_id, principal};
use crate::enums::{
    AppointingBody, CustodyStatus, EligibilityCategory, MandatoryGround, ProceduralRole,
    ProceedingKind, RefusalGround, Stage,
};
use crate::error::{ApiError, ApiResult};
use crate::objects::MatterObject;

/// The commands of the inter-agency plan.
#[derive(Default)]
pub struct MatterMutation;

/// The person to be aided.
#[derive(InputObject)]
pub struct PersonInput {
    /// Full name, with diacritics (at most 200 characters).
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub eligibility: EligibilityCategory,
    /// The proof document offered, e.g. "Giấy chứng nhận hộ nghèo số 12/2026".
    pub proof_document: Option<String>,
    pub custody: CustodyStatus,
    pub procedural_role: ProceduralRole,
    /// Lives in an especially disadvantaged area (10 working days for proof, TT 12 Điều 6(2)).
    pub disadvantaged_area: Option<bool>,
}

/// The proceeding the request arises in; the handling agency is the caller's agency.
#[derive(InputObject)]
pub struct ProceedingInput {
    pub kind: ProceedingKind,
    /// The case number, e.g. "45/2026/HS-ST".
    pub case_number: String,
    pub stage: Stage,
}

/// How a new matter is described, shared by every mutation that creates one.
macro_rules! new_matter_input {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(InputObject)]
        pub struct $name {
            pub person: PersonInput,
            pub proceeding: ProceedingInput,
            /// The state legal aid center the matter goes to.
            pub center_id: ID,
            /// When the request (or the need for aid) arose (business time; defaults to
            /// now). Clocks start here.
            pub received_at: Option<DateTime<Utc>>,
            /// Sending the same key again returns the first result and acts once.
            pub idempotency_key: Option<String>,
            $($(#[$fdoc])* pub $field: $ty,)*
        }

        impl $name {
            fn raw(&self) -> Result<RawRequest<'_>, ApiError> {
                raw_request(&self.person, &self.proceeding, &self.center_id, self.received_at)
            }
        }
    };
}

new_matter_input!(
    /// Input of `requestLegalAid`.
    RequestLegalAidInput {}
);

new_matter_input!(
    /// Input of `explainRight`.
    ExplainRightInput {
        /// The explanation record (biên bản giải thích, Mẫu 02), e.g. its number.
        explanation_record: String,
    }
);

new_matter_input!(
    /// Input of `sendInformation`.
    SendInformationInput {}
);

new_matter_input!(
    /// Input of `notifyMandatoryDefence`.
    NotifyMandatoryDefenceInput {
        /// The grounds of BLTTHS Điều 76(1) that apply.
        grounds: Vec<MandatoryGround>,
        /// Only for a person not eligible for legal aid: who appoints instead.
        appointing_body: Option<AppointingBody>,
    }
);

new_matter_input!(
    /// Input of `forwardDetentionRequest`.
    ForwardDetentionRequestInput {}
);

fn raw_request<'a>(
    person: &'a PersonInput,
    proceeding: &'a ProceedingInput,
    center_id: &ID,
    received_at: Option<DateTime<Utc>>,
) -> Result<RawRequest<'a>, ApiError> {
    Ok(RawRequest {
        full_name: &person.full_name,
        birth_date: person.birth_date,
        eligibility: person.eligibility.into(),
        proof_document: person.proof_document.as_deref(),
        custody: person.custody.into(),
        procedural_role: person.procedural_role.into(),
        proceeding_kind: proceeding.kind.into(),
        case_number: &proceeding.case_number,
        stage: proceeding.stage.into(),
        center: parse_id::<AgencyId>("centerId", center_id)?,
        received_at,
        disadvantaged_area: person.disadvantaged_area.unwrap_or(false),
    })
}

#[derive(InputObject)]
pub struct AcceptReferralInput {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    pub idempotency_key: Option<String>,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct RefuseReferralInput {
    pub matter_id: ID,
    pub expected_version: Option<i64>,
    pub idempotency_key: Option<String>,
    /// The legal ground (Law on Legal Aid art. 30(3)).
    pub ground: RefusalGround,
    /// The written reasons sent to the requester and the agency (Mẫu 08).
    pub reason: String,
}

#[derive(InputObject)]
pub struct AssignProviderInput {
    pub matter_id: ID,
    pub expected_version: Option<i64>,
    pub idempotency_key: Option<String>,
    /// A provider on the center's roster who may act in proceedings.
    pub provider_id: ID,
    /// Number of the assignment decision (TP-TGPL-14).
    pub decision_number: Option<String>,
}

#[derive(InputObject)]
pub struct RegisterCounselInput {
    pub matter_id: ID,
    pub expected_version: Option<i64>,
    pub idempotency_key: Option<String>,
    /// Number of the defence-counsel notice (thông báo người bào chữa).
    pub registration_number: Option<String>,
}

/// The matter as the mutation left it.
#[derive(SimpleObject)]
pub struct MatterPayload {
    pub matter: MatterObject,
}

targeted_inputs!(
    AcceptReferralInput,
    RefuseReferralInput,
    AssignProviderInput,
    RegisterCounselInput
);

impl MatterMutation {
    async fn create(
        ctx: &Context<'_>,
        creating: Creating,
        raw: RawRequest<'_>,
        idempotency_key: Option<&str>,
    ) -> ApiResult<MatterPayload> {
        let matter = engine(ctx)?
            .create(principal(ctx)?, creating, raw, idempotency_key)
            .await
            .map_err(ApiError)?;
        Ok(MatterPayload {
            matter: MatterObject(matter),
        })
    }

    pub(crate) async fn act(
        ctx: &Context<'_>,
        target: Target,
        action: Action,
    ) -> ApiResult<MatterPayload> {
        let matter = engine(ctx)?
            .act(principal(ctx)?, target, action)
            .await
            .map_err(ApiError)?;
        Ok(MatterPayload {
            matter: MatterObject(matter),
        })
    }
}

#[Object]
impl MatterMutation {
    /// A court clerk, investigator, prosecutor or detention officer records a legal aid
    /// request; it is the written notice to the center (Law on Legal Aid art. 31(3)).
    async fn request_legal_aid(
        &self,
        ctx: &Context<'_>,
        input: RequestLegalAidInput,
    ) -> ApiResult<MatterPayload> {
        let raw = input.raw()?;
        let key = input.idempotency_key.as_deref();
        Self::create(ctx, Creating::RequestLegalAid, raw, key).await
    }

    /// An officer explains the right to legal aid and records it (T1: BLTTHS Điều 71; TTLT
    /// 10 Điều 7(1)). The center is notified only once the person asks (`recordRequest`).
    async fn explain_right(
        &self,
        ctx: &Context<'_>,
        input: ExplainRightInput,
    ) -> ApiResult<MatterPayload> {
        let creating = Creating::ExplainRight {
            record: input.explanation_record.clone(),
        };
        Self::create(
            ctx,
            creating,
            input.raw()?,
            input.idempotency_key.as_deref(),
        )
        .await
    }

    /// The person says they are eligible but makes no request: the agency sends the center
    /// "information", not a notice (T2: TTLT 10 Điều 7(2), Mẫu 04).
    async fn send_information(
        &self,
        ctx: &Context<'_>,
        input: SendInformationInput,
    ) -> ApiResult<MatterPayload> {
        Self::create(
            ctx,
            Creating::SendInformation,
            input.raw()?,
            input.idempotency_key.as_deref(),
        )
        .await
    }

    /// Mandatory defence (T3m: BLTTHS Điều 76). An eligible person's case goes to the center,
    /// which must appoint "immediately" (TTLT 10 Điều 7(3)); for a person not eligible the
    /// matter records that the bar association or the Fatherland Front appoints.
    async fn notify_mandatory_defence(
        &self,
        ctx: &Context<'_>,
        input: NotifyMandatoryDefenceInput,
    ) -> ApiResult<MatterPayload> {
        let creating = Creating::MandatoryDefence {
            grounds: input.grounds.iter().map(|g| (*g).into()).collect(),
            appointing_body: input.appointing_body.map(Into::into),
        };
        Self::create(
            ctx,
            creating,
            input.raw()?,
            input.idempotency_key.as_deref(),
        )
        .await
    }

    /// A detention facility forwards a detainee's request to the center (T4: TTLT 10 Điều 11).
    async fn forward_detention_request(
        &self,
        ctx: &Context<'_>,
        input: ForwardDetentionRequestInput,
    ) -> ApiResult<MatterPayload> {
        Self::create(
            ctx,
            Creating::ForwardDetentionRequest,
            input.raw()?,
            input.idempotency_key.as_deref(),
        )
        .await
    }

    /// The center accepts the referral (enters it in the register).
    async fn accept_referral(
        &self,
        ctx: &Context<'_>,
        input: AcceptReferralInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::Accept { note: input.note };
        Self::act(ctx, target, action).await
    }

    /// The center refuses the referral with a legal ground and written reasons.
    async fn refuse_referral(
        &self,
        ctx: &Context<'_>,
        input: RefuseReferralInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::Refuse {
            ground: input.ground.into(),
            reason: input.reason,
        };
        Self::act(ctx, target, action).await
    }

    /// The center assigns a provider from its roster (decision TP-TGPL-14).
    async fn assign_provider(
        &self,
        ctx: &Context<'_>,
        input: AssignProviderInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::Assign {
            provider: parse_id::<ProviderId>("providerId", &input.provider_id)?,
            decision_number: input.decision_number,
        };
        Self::act(ctx, target, action).await
    }

    /// The handling agency registers the assigned counsel (CPC art. 78(4)).
    async fn register_counsel(
        &self,
        ctx: &Context<'_>,
        input: RegisterCounselInput,
    ) -> ApiResult<MatterPayload> {
        let target = input.target()?;
        let action = Action::Register {
            registration_number: input.registration_number,
        };
        Self::act(ctx, target, action).await
    }
}
