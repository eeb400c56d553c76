//! Intake: the procedural agency opens a matter (T1–T4), the center takes it in or not
//! (T5), the requester's request and proof arrive.

use async_graphql::{Context, ID, InputObject, Object};
use baton_domain::BoundedText;
use baton_domain::decide::{Command, Creation};
use baton_domain::ids::AgencyId;
use baton_domain::matter::{RawRequest, limits};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};

use super::{MatterPayload, MatterTarget, act, note, reason, text};
use crate::context::{engine, parse_id, principal};
use crate::enums::{
    AppointingBody, CustodyStatus, EligibilityCategory, MandatoryGround, ProceduralRole,
    ProceedingKind, RefusalGround, Stage,
};
use crate::error::{ApiError, ApiResult};
use crate::objects::MatterObject;

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
#[derive(InputObject)]
pub struct NewMatter {
    pub person: PersonInput,
    pub proceeding: ProceedingInput,
    /// The state legal aid center the matter goes to.
    pub center_id: ID,
    /// When the request (or the need for aid) arose (business time; defaults to now).
    /// Clocks start here.
    pub received_at: Option<DateTime<Utc>>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
}

impl NewMatter {
    fn raw(&self) -> Result<RawRequest<'_>, ApiError> {
        let (person, proceeding) = (&self.person, &self.proceeding);
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
            center: parse_id::<AgencyId>("centerId", &self.center_id)?,
            received_at: self.received_at,
            disadvantaged_area: person.disadvantaged_area.unwrap_or(false),
        })
    }
}

/// Input of `requestLegalAid`.
#[derive(InputObject)]
pub struct RequestLegalAidInput {
    #[graphql(flatten)]
    pub matter: NewMatter,
}

/// Input of `sendInformation`.
#[derive(InputObject)]
pub struct SendInformationInput {
    #[graphql(flatten)]
    pub matter: NewMatter,
}

/// Input of `forwardDetentionRequest`.
#[derive(InputObject)]
pub struct ForwardDetentionRequestInput {
    #[graphql(flatten)]
    pub matter: NewMatter,
}

/// Input of `explainRight`.
#[derive(InputObject)]
pub struct ExplainRightInput {
    #[graphql(flatten)]
    pub matter: NewMatter,
    /// The explanation record (biên bản giải thích, Mẫu 02), e.g. its number.
    pub explanation_record: String,
}

/// Input of `notifyMandatoryDefence`.
#[derive(InputObject)]
pub struct NotifyMandatoryDefenceInput {
    #[graphql(flatten)]
    pub matter: NewMatter,
    /// The grounds of BLTTHS Điều 76(1) that apply.
    pub grounds: Vec<MandatoryGround>,
    /// Only for a person not eligible for legal aid: who appoints instead.
    pub appointing_body: Option<AppointingBody>,
}

/// Creates a matter as the signed-in principal.
async fn create(
    ctx: &Context<'_>,
    matter: &NewMatter,
    creation: Result<Creation, ApiError>,
) -> ApiResult<MatterPayload> {
    let key = matter.idempotency_key.as_deref();
    let matter = engine(ctx)?
        .create(principal(ctx)?, creation?, matter.raw()?, key)
        .await?;
    Ok(MatterPayload {
        matter: MatterObject(matter),
    })
}

/// Input of `acceptReferral`.
#[derive(InputObject)]
pub struct AcceptReferralInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub note: Option<String>,
}

/// Input of `refuseReferral`.
#[derive(InputObject)]
pub struct RefuseReferralInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The legal ground (Law on Legal Aid art. 30(3)).
    pub ground: RefusalGround,
    /// The written reasons sent to the requester and the agency (Mẫu 08).
    pub reason: String,
}

/// Input of `acceptImmediately`.
#[derive(InputObject)]
pub struct AcceptImmediatelyInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub note: Option<String>,
    /// Force majeure delays the proof: 10 working days instead of 5 (TT 12 Điều 6(2)).
    pub force_majeure: Option<bool>,
}

/// Input of `transferReferral`.
#[derive(InputObject)]
pub struct TransferReferralInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The receiving state legal aid center.
    pub to_center_id: ID,
    /// The written reasons.
    pub reason: String,
}

/// Input of `reportNotEligible`.
#[derive(InputObject)]
pub struct ReportNotEligibleInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The written reasons.
    pub reason: String,
}

/// Input of `requestProof`.
#[derive(InputObject)]
pub struct RequestProofInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    pub note: Option<String>,
}

/// Input of `receiveProof`.
#[derive(InputObject)]
pub struct ReceiveProofInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// The proof document received.
    pub document: String,
}

/// Input of `recordRequest`.
#[derive(InputObject)]
pub struct RecordRequestInput {
    #[graphql(flatten)]
    pub target: MatterTarget,
    /// When the request was received (business time; defaults to now).
    pub received_at: Option<DateTime<Utc>>,
}

/// Opening a matter and the center's intake.
#[derive(Default)]
pub struct IntakeMutation;

#[Object]
impl IntakeMutation {
    /// A court clerk, investigator, prosecutor or detention officer records a legal aid
    /// request; it is the written notice to the center (Law on Legal Aid art. 31(3)).
    async fn request_legal_aid(
        &self,
        ctx: &Context<'_>,
        input: RequestLegalAidInput,
    ) -> ApiResult<MatterPayload> {
        create(ctx, &input.matter, Ok(Creation::RequestLegalAid)).await
    }

    /// An officer explains the right to legal aid and records it (T1: BLTTHS Điều 71; TTLT
    /// 10 Điều 7(1)). The center is notified only once the person asks (`recordRequest`).
    async fn explain_right(
        &self,
        ctx: &Context<'_>,
        input: ExplainRightInput,
    ) -> ApiResult<MatterPayload> {
        let record = text(
            "explanationRecord",
            &input.explanation_record,
            limits::DOCUMENT,
        );
        let creation = record.map(|record| Creation::ExplainRight { record });
        create(ctx, &input.matter, creation).await
    }

    /// The person says they are eligible but makes no request: the agency sends the center
    /// "information", not a notice (T2: TTLT 10 Điều 7(2), Mẫu 04).
    async fn send_information(
        &self,
        ctx: &Context<'_>,
        input: SendInformationInput,
    ) -> ApiResult<MatterPayload> {
        create(ctx, &input.matter, Ok(Creation::SendInformation)).await
    }

    /// Mandatory defence (T3m: BLTTHS Điều 76). An eligible person's case goes to the center,
    /// which must appoint "immediately" (TTLT 10 Điều 7(3)); for a person not eligible the
    /// matter records that the bar association or the Fatherland Front appoints.
    async fn notify_mandatory_defence(
        &self,
        ctx: &Context<'_>,
        input: NotifyMandatoryDefenceInput,
    ) -> ApiResult<MatterPayload> {
        let creation = Creation::mandatory_defence(
            input.grounds.iter().map(|g| (*g).into()).collect(),
            input.appointing_body.map(Into::into),
            input.matter.person.eligibility.into(),
        )
        .map_err(ApiError::from);
        create(ctx, &input.matter, creation).await
    }

    /// A detention facility forwards a detainee's request to the center (T4: TTLT 10 Điều 11).
    async fn forward_detention_request(
        &self,
        ctx: &Context<'_>,
        input: ForwardDetentionRequestInput,
    ) -> ApiResult<MatterPayload> {
        create(ctx, &input.matter, Ok(Creation::ForwardDetentionRequest)).await
    }

    /// The center accepts the referral (enters it in the register).
    async fn accept_referral(
        &self,
        ctx: &Context<'_>,
        input: AcceptReferralInput,
    ) -> ApiResult<MatterPayload> {
        let command = note(input.note.as_deref()).map(|note| Command::AcceptReferral { note });
        act(ctx, input.target, command).await
    }

    /// The center refuses the referral with a legal ground and written reasons.
    async fn refuse_referral(
        &self,
        ctx: &Context<'_>,
        input: RefuseReferralInput,
    ) -> ApiResult<MatterPayload> {
        let command = reason(&input.reason).map(|reason| Command::RefuseReferral {
            ground: input.ground.into(),
            reason,
        });
        act(ctx, input.target, command).await
    }

    /// The center accepts at once, proof to follow (T5i: Luật TGPL Điều 30(4); TT 12 Điều 6). Assignment is then due immediately and the requester has 5 working days (10 in especially disadvantaged areas) for the proof.
    async fn accept_immediately(
        &self,
        ctx: &Context<'_>,
        input: AcceptImmediatelyInput,
    ) -> ApiResult<MatterPayload> {
        let command = note(input.note.as_deref()).map(|note| Command::AcceptImmediately {
            note,
            force_majeure: input.force_majeure.unwrap_or(false),
        });
        act(ctx, input.target, command).await
    }

    /// The center passes the referral to the competent center (T5t: Luật TGPL Điều 35), whose inbox it then reaches.
    async fn transfer_referral(
        &self,
        ctx: &Context<'_>,
        input: TransferReferralInput,
    ) -> ApiResult<MatterPayload> {
        let command = (|| {
            Ok(Command::TransferReferral {
                to_center: parse_id("toCenterId", &input.to_center_id)?,
                reason: reason(&input.reason)?,
            })
        })();
        act(ctx, input.target, command).await
    }

    /// The center reports back that the person is not eligible (T5n: TTLT 10 Điều 3(4)).
    async fn report_not_eligible(
        &self,
        ctx: &Context<'_>,
        input: ReportNotEligibleInput,
    ) -> ApiResult<MatterPayload> {
        let command = reason(&input.reason).map(|reason| Command::ReportNotEligible { reason });
        act(ctx, input.target, command).await
    }

    /// The center asks the requester for missing proof: the assignment clock stands still until it arrives.
    async fn request_proof(
        &self,
        ctx: &Context<'_>,
        input: RequestProofInput,
    ) -> ApiResult<MatterPayload> {
        let command = note(input.note.as_deref()).map(|note| Command::RequestProof { note });
        act(ctx, input.target, command).await
    }

    /// The requester's proof arrived: a paused assignment clock runs again; immediate acceptance's proof duty is met.
    async fn receive_proof(
        &self,
        ctx: &Context<'_>,
        input: ReceiveProofInput,
    ) -> ApiResult<MatterPayload> {
        let document = BoundedText::field("document", &input.document, limits::DOCUMENT);
        let command = document
            .map(|document| Command::ReceiveProof { document })
            .map_err(ApiError::from);
        act(ctx, input.target, command).await
    }

    /// The person whose right was explained (or who was reported by information) asks for legal aid: the center is notified (T2–T3).
    async fn record_request(
        &self,
        ctx: &Context<'_>,
        input: RecordRequestInput,
    ) -> ApiResult<MatterPayload> {
        let command = Command::RecordRequest {
            received_at: input.received_at.map(|t| t.trunc_subsecs(6)),
        };
        act(ctx, input.target, Ok(command)).await
    }
}
