//! The commands after the aid ended: the supervisor's evaluation (T17: TT 12 Điều 14(2)–(3),
//! 15) and the provider's pay (T18: Nghị định 144/2017/NĐ-CP Điều 13, 15; Thông tư
//! 02/2021/TT-BTP). None changes a fact of the matter: the evaluation is on the timeline,
//! a claim in the claims table ([`PaymentChange`]) and on the timeline.

use chrono::{DateTime, Utc};

use super::{Command, EventDetail, Situation};
use crate::agency::{Principal, Role};
use crate::calendar::vn_offset;
use crate::error::DomainError;
use crate::ids::ClaimId;
use crate::lifecycle::EvaluationBasis;
use crate::pay::{ClaimKind, ClaimRef, ClaimRequest, ClaimStatus, PayTable, PaymentChange};

/// The event and the claims-table change of a T17 or T18 command; `None` for the others,
/// which [`super::commands::detail`] decides.
pub(super) fn detail(
    principal: &Principal,
    command: Command,
    matter: &Situation,
    now: DateTime<Utc>,
) -> Result<(EventDetail, Option<PaymentChange>), DomainError> {
    match command {
        Command::RecordSupervisoryEvaluation {
            basis,
            complaint,
            appraisal,
            conclusion,
        } => {
            match (basis, &complaint) {
                (EvaluationBasis::Complaint, None) => {
                    return Err(DomainError::invalid(
                        "complaint",
                        "an evaluation triggered by a complaint names the complaint \
                         (TT 12 Điều 14(2)–(3), 15)",
                    ));
                }
                (EvaluationBasis::Plan, Some(_)) => {
                    return Err(DomainError::invalid(
                        "complaint",
                        "an evaluation by the plan's sample names no complaint: choose the \
                         basis COMPLAINT (TT 12 Điều 14(2)–(3), 15)",
                    ));
                }
                _ => {}
            }
            let detail = EventDetail::SupervisoryEvaluated {
                basis,
                complaint: complaint.map(crate::BoundedText::into_string),
                appraisal,
                total: appraisal.total(),
                grade: appraisal.grade(),
                conclusion: conclusion.into_string(),
            };
            Ok((detail, None))
        }
        Command::SubmitPaymentClaim { claim } => submit(principal, &claim, matter, now),
        Command::ApprovePaymentClaim { claim } => decide_claim(matter, claim, None),
        Command::RejectPaymentClaim { claim, reason } => {
            decide_claim(matter, claim, Some(reason.into_string()))
        }
        other => Err(DomainError::Forbidden(format!(
            "{} is not a command after the aid",
            other.kind()
        ))),
    }
}

const PAY_BASIS: &str = "Nghị định 144/2017/NĐ-CP Điều 13";

fn live(claims: &[ClaimRef]) -> impl Iterator<Item = &ClaimRef> {
    claims.iter().filter(|c| c.status != ClaimStatus::Rejected)
}

fn submit(
    principal: &Principal,
    request: &ClaimRequest,
    matter: &Situation,
    now: DateTime<Utc>,
) -> Result<(EventDetail, Option<PaymentChange>), DomainError> {
    let facts = &matter.facts;
    let provider = facts.provider.ok_or_else(|| {
        DomainError::invalid(
            "matterId",
            format!("no provider was assigned to this matter: no one is paid for it ({PAY_BASIS})"),
        )
    })?;
    // A provider claims for themself; the center's coordinator claims on their behalf.
    if !principal.has_role(Role::CenterCoordinator) && principal.provider != Some(provider) {
        return Err(DomainError::invalid(
            "matterId",
            format!(
                "the matter is not assigned to you: a provider claims pay only for the matters \
                 assigned to them ({PAY_BASIS})"
            ),
        ));
    }
    let claims = &matter.referenced.claims;
    let (field, mixes) = match request {
        ClaimRequest::LumpSum { .. } => ("lumpSum", live(claims).next().is_some()),
        ClaimRequest::Sessions { .. } => {
            ("lines", live(claims).any(|c| c.kind == ClaimKind::LumpSum))
        }
    };
    if mixes {
        return Err(DomainError::invalid(
            field,
            format!(
                "the matter already has a claim that is not rejected: a matter is paid by \
                 sessions or by one lump sum ({PAY_BASIS})"
            ),
        ));
    }
    let hours_before = live(claims).map(|c| c.hours).sum();
    let today = now.with_timezone(&vn_offset()).date_naive();
    let received = facts.received_at.with_timezone(&vn_offset()).date_naive();
    let claim = PayTable::bundled().price(
        facts.proceeding_kind,
        request,
        hours_before,
        received,
        today,
    )?;
    let id = ClaimId::generate();
    let detail = EventDetail::PaymentClaimSubmitted {
        claim: id,
        kind: claim.kind,
        hours: claim.hours,
        amount: claim.amount,
    };
    Ok((
        detail,
        Some(PaymentChange::Submit {
            id,
            provider,
            claim,
        }),
    ))
}

fn decide_claim(
    matter: &Situation,
    id: ClaimId,
    reason: Option<String>,
) -> Result<(EventDetail, Option<PaymentChange>), DomainError> {
    let claim = matter
        .referenced
        .claims
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| DomainError::invalid("claimId", "no claim of this matter has this id"))?;
    if claim.status != ClaimStatus::Submitted {
        return Err(DomainError::invalid(
            "claimId",
            format!(
                "the claim is already {} ({}): the center decides a claim once \
                 (Nghị định 144/2017/NĐ-CP Điều 15)",
                claim.status,
                claim.status.label_vi()
            ),
        ));
    }
    let status = if reason.is_some() {
        ClaimStatus::Rejected
    } else {
        ClaimStatus::Approved
    };
    let detail = EventDetail::PaymentClaimDecided {
        claim: id,
        approved: reason.is_none(),
        amount: claim.amount,
        reason: reason.clone(),
    };
    Ok((detail, Some(PaymentChange::Decide { id, status, reason })))
}
