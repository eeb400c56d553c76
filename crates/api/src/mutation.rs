//! Mutations on matters: one mutation per thing a user does, each taking one `input` and
//! returning a payload with the changed matter.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use baton_domain::ids::{AgencyId, MatterId, ProviderId};
use baton_domain::matter::RawRequest;
use baton_engine::{Action, Target};
use chrono::{DateTime, NaiveDate, Utc};

use crate::context::{engine, parse_id, principal};
use crate::enums::{
    CustodyStatus, EligibilityCategory, ProceduralRole, ProceedingKind, RefusalGround, Stage,
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
}

/// The proceeding the request arises in; the handling agency is the caller's agency.
#[derive(InputObject)]
pub struct ProceedingInput {
    pub kind: ProceedingKind,
    /// The case number, e.g. "45/2026/HS-ST".
    pub case_number: String,
    pub stage: Stage,
}

#[derive(InputObject)]
pub struct RequestLegalAidInput {
    pub person: PersonInput,
    pub proceeding: ProceedingInput,
    /// The state legal aid center the request goes to.
    pub center_id: ID,
    /// When the request was received (business time; defaults to now). Clocks start here.
    pub received_at: Option<DateTime<Utc>>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
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

/// The inputs of commands on an existing matter share how they name and guard it.
macro_rules! targeted_inputs {
    ($($input:ty),+) => {$(
        impl $input {
            fn target(&self) -> Result<Target, ApiError> {
                Ok(Target {
                    matter: parse_id::<MatterId>("matterId", &self.matter_id)?,
                    expected_version: self.expected_version,
                    idempotency_key: self.idempotency_key.clone(),
                })
            }
        }
    )+};
}

targeted_inputs!(
    AcceptReferralInput,
    RefuseReferralInput,
    AssignProviderInput,
    RegisterCounselInput
);

impl MatterMutation {
    async fn act(ctx: &Context<'_>, target: Target, action: Action) -> ApiResult<MatterPayload> {
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
        let center: AgencyId = parse_id("centerId", &input.center_id)?;
        let raw = RawRequest {
            full_name: &input.person.full_name,
            birth_date: input.person.birth_date,
            eligibility: input.person.eligibility.into(),
            proof_document: input.person.proof_document.as_deref(),
            custody: input.person.custody.into(),
            procedural_role: input.person.procedural_role.into(),
            proceeding_kind: input.proceeding.kind.into(),
            case_number: &input.proceeding.case_number,
            stage: input.proceeding.stage.into(),
            center,
            received_at: input.received_at,
        };
        let matter = engine(ctx)?
            .request_legal_aid(principal(ctx)?, raw, input.idempotency_key.as_deref())
            .await
            .map_err(ApiError)?;
        Ok(MatterPayload {
            matter: MatterObject(matter),
        })
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
