//! T17 (supervisory evaluation) and T18 (payment claims), decided without a database.
#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, TimeZone};

use super::*;
use crate::agency::{AgencyKind, Role};
use crate::ids::UserId;
use crate::matter::{
    CustodyStatus, EligibilityCategory, ProceduralRole, ProceedingKind, RawRequest,
};
use crate::pay::{ClaimKind, ClaimStatus, Confirmation, ConfirmerRole, SessionInput};
use crate::ruleset::RuleBook;

fn rules() -> RuleSet {
    RuleBook::bundled()
        .unwrap()
        .version("2026.2")
        .unwrap()
        .clone()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 3, 0, 0).unwrap()
}

fn agency(kind: AgencyKind, province: &str) -> AgencyRef {
    AgencyRef {
        id: AgencyId::generate(),
        kind,
        province: province.into(),
    }
}

fn principal(agency: &AgencyRef, role: Role) -> Principal {
    Principal {
        user_id: UserId::generate(),
        name: "Đặng Minh Châu".into(),
        agency: agency.clone(),
        roles: vec![role],
        provider: None,
    }
}

struct World {
    department: AgencyRef,
    coordinator: Principal,
    provider: Principal,
    matter: Situation,
}

fn world(state: MatterState) -> World {
    let court = agency(AgencyKind::Court, "HN");
    let center = agency(AgencyKind::LegalAidCenter, "HN");
    let department = agency(AgencyKind::JusticeDepartment, "HN");
    let received = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap();
    let raw = RawRequest {
        full_name: "Trần Văn Bình",
        birth_date: None,
        eligibility: EligibilityCategory::PoorHousehold,
        proof_document: None,
        custody: CustodyStatus::Detained,
        procedural_role: ProceduralRole::Accused,
        proceeding_kind: ProceedingKind::Criminal,
        case_number: "45/2026/HS-ST",
        stage: Stage::FirstInstanceTrial,
        center: center.id,
        received_at: Some(received),
        disadvantaged_area: false,
    };
    let request = NewRequest::parse(raw, received).unwrap();
    let clerk = principal(&court, Role::AgencyOfficer);
    let mut facts = MatterFacts::new(state, &request, &clerk, &center, received);
    let assigned = ProviderId::generate();
    facts.provider = Some(assigned);
    let mut matter = Situation::of(facts);
    matter.department = Some(department.id);
    let mut provider = principal(&center, Role::Provider);
    provider.provider = Some(assigned);
    World {
        coordinator: principal(&center, Role::CenterCoordinator),
        provider,
        department,
        matter,
    }
}

fn decide_as(w: &World, who: &Principal, command: Command) -> Result<Decision, DomainError> {
    let calendar = WorkingCalendar::bundled().unwrap();
    decide(&rules(), &calendar, who, &w.matter, command, now())
}

fn text(s: &str) -> BoundedText {
    BoundedText::field("text", s, 2000).unwrap()
}

fn evaluation(basis: EvaluationBasis, complaint: Option<&str>) -> Command {
    Command::RecordSupervisoryEvaluation {
        basis,
        complaint: complaint.map(text),
        appraisal: Appraisal::parse(25, 45, 8, false).unwrap(),
        conclusion: text("Vụ việc bảo đảm chất lượng"),
    }
}

fn sessions(day: NaiveDate) -> Command {
    Command::SubmitPaymentClaim {
        claim: ClaimRequest::Sessions {
            lines: vec![SessionInput {
                worked_on: day,
                half_days: Some(2),
                hours: None,
                activity: "attend_hearing".into(),
                confirmed_by: Some(Confirmation {
                    role: ConfirmerRole::CourtClerk,
                    name: text("Thư ký Tòa án Phạm Thu Trang"),
                }),
            }],
        },
    }
}

fn field(err: DomainError) -> String {
    match err {
        DomainError::InvalidInput { field, .. } => field,
        other => panic!("not bad input: {other}"),
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn t17_tt_12_dieu_14_2_the_matters_justice_department_evaluates_by_plan_and_the_state_stays() {
    let w = world(MatterState::FileHandedOver);
    let supervisor = principal(&w.department, Role::Supervisor);
    let d = decide_as(&w, &supervisor, evaluation(EvaluationBasis::Plan, None)).unwrap();
    assert_eq!(d.facts.state, MatterState::FileHandedOver);
    assert!(d.open.is_empty());
    match d.detail {
        EventDetail::SupervisoryEvaluated { total, grade, .. } => {
            assert_eq!(total, 78);
            assert_eq!(grade, crate::lifecycle::QualityGrade::FairlyGood);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn t17_tt_12_dieu_14_3_the_national_authority_evaluates_a_matter_of_any_province() {
    let w = world(MatterState::QualityAppraised);
    let national = agency(AgencyKind::NationalAuthority, "VN");
    let supervisor = principal(&national, Role::Supervisor);
    let command = evaluation(
        EvaluationBasis::Complaint,
        Some("Đơn khiếu nại ngày 02/11/2026"),
    );
    assert!(decide_as(&w, &supervisor, command).is_ok());
}

#[test]
fn t17_another_provinces_justice_department_may_not_evaluate() {
    let w = world(MatterState::FileHandedOver);
    let other = principal(
        &agency(AgencyKind::JusticeDepartment, "BN"),
        Role::Supervisor,
    );
    let err = decide_as(&w, &other, evaluation(EvaluationBasis::Plan, None)).unwrap_err();
    assert!(matches!(err, DomainError::Forbidden(_)), "{err}");
}

#[test]
fn t17_tt_12_dieu_15_an_evaluation_on_a_complaint_names_it() {
    let w = world(MatterState::FileHandedOver);
    let supervisor = principal(&w.department, Role::Supervisor);
    let err = decide_as(
        &w,
        &supervisor,
        evaluation(EvaluationBasis::Complaint, None),
    );
    assert_eq!(field(err.unwrap_err()), "complaint");
    let err = decide_as(
        &w,
        &supervisor,
        evaluation(EvaluationBasis::Plan, Some("Đơn")),
    );
    assert_eq!(field(err.unwrap_err()), "complaint");
}

#[test]
fn t17_waits_for_the_case_file_to_be_handed_over() {
    let w = world(MatterState::Completed);
    let supervisor = principal(&w.department, Role::Supervisor);
    let err = decide_as(&w, &supervisor, evaluation(EvaluationBasis::Plan, None)).unwrap_err();
    assert!(
        matches!(err, DomainError::InvalidTransition { .. }),
        "{err}"
    );
}

#[test]
fn t18_nd_144_dieu_13_the_assigned_provider_claims_sessions_priced_at_their_days_base_salary() {
    let w = world(MatterState::Completed);
    let d = decide_as(&w, &w.provider, sessions(day(2026, 10, 5))).unwrap();
    let Some(PaymentChange::Submit {
        provider, claim, ..
    }) = d.payment
    else {
        panic!("{:?}", d.payment)
    };
    assert_eq!(Some(provider), w.matter.facts.provider);
    assert_eq!(claim.amount, 1_778_400);
    assert_eq!(d.facts, w.matter.facts);
}

#[test]
fn t18_nd_144_dieu_13_a_provider_not_assigned_to_the_matter_may_not_claim() {
    let w = world(MatterState::Completed);
    let mut other = w.provider.clone();
    other.provider = Some(ProviderId::generate());
    let err = decide_as(&w, &other, sessions(day(2026, 10, 5))).unwrap_err();
    assert_eq!(field(err), "matterId");
    // The coordinator claims on the assigned provider's behalf.
    assert!(decide_as(&w, &w.coordinator, sessions(day(2026, 10, 5))).is_ok());
}

#[test]
fn t18_a_claim_waits_until_the_aid_has_ended() {
    let w = world(MatterState::Registered);
    let err = decide_as(&w, &w.provider, sessions(day(2026, 10, 5))).unwrap_err();
    assert!(
        matches!(err, DomainError::InvalidTransition { .. }),
        "{err}"
    );
}

fn with_claim(mut w: World, kind: ClaimKind, status: ClaimStatus) -> (World, ClaimId) {
    let id = ClaimId::generate();
    w.matter.referenced.claims.push(ClaimRef {
        id,
        provider: w.matter.facts.provider.unwrap(),
        kind,
        status,
        hours: if kind == ClaimKind::Sessions { 116 } else { 0 },
        amount: 7_020_000,
    });
    (w, id)
}

#[test]
fn t18_nd_144_dieu_13_sessions_and_a_lump_sum_do_not_mix_and_the_cap_counts_earlier_claims() {
    let (w, _) = with_claim(
        world(MatterState::Completed),
        ClaimKind::Sessions,
        ClaimStatus::Submitted,
    );
    let lump = Command::SubmitPaymentClaim {
        claim: ClaimRequest::LumpSum {
            worked_on: day(2026, 10, 5),
            amount: 7_020_000,
        },
    };
    assert_eq!(
        field(decide_as(&w, &w.provider, lump).unwrap_err()),
        "lumpSum"
    );
    // 116 hours claimed: 8 more pass the 30 sessions (120 hours).
    let err = decide_as(&w, &w.provider, sessions(day(2026, 10, 5))).unwrap_err();
    assert_eq!(field(err), "lines");
    let (w, _) = with_claim(
        world(MatterState::Completed),
        ClaimKind::Sessions,
        ClaimStatus::Rejected,
    );
    assert!(decide_as(&w, &w.provider, sessions(day(2026, 10, 5))).is_ok());
}

#[test]
fn t18_nd_144_dieu_15_the_center_approves_a_claim_once() {
    let (w, id) = with_claim(
        world(MatterState::FileHandedOver),
        ClaimKind::LumpSum,
        ClaimStatus::Submitted,
    );
    let d = decide_as(
        &w,
        &w.coordinator,
        Command::ApprovePaymentClaim { claim: id },
    )
    .unwrap();
    assert_eq!(
        d.payment,
        Some(PaymentChange::Decide {
            id,
            status: ClaimStatus::Approved,
            reason: None
        })
    );
    let (w, id) = with_claim(
        world(MatterState::FileHandedOver),
        ClaimKind::LumpSum,
        ClaimStatus::Approved,
    );
    let err = decide_as(
        &w,
        &w.coordinator,
        Command::ApprovePaymentClaim { claim: id },
    )
    .unwrap_err();
    assert_eq!(field(err), "claimId");
    let err = decide_as(
        &w,
        &w.coordinator,
        Command::ApprovePaymentClaim {
            claim: ClaimId::generate(),
        },
    );
    assert_eq!(field(err.unwrap_err()), "claimId");
}

#[test]
fn t18_only_the_centers_coordinator_approves() {
    let (w, id) = with_claim(
        world(MatterState::Completed),
        ClaimKind::LumpSum,
        ClaimStatus::Submitted,
    );
    let err = decide_as(&w, &w.provider, Command::ApprovePaymentClaim { claim: id }).unwrap_err();
    assert!(matches!(err, DomainError::Forbidden(_)), "{err}");
    let other_center = principal(
        &agency(AgencyKind::LegalAidCenter, "HN"),
        Role::CenterCoordinator,
    );
    let err = decide_as(
        &w,
        &other_center,
        Command::ApprovePaymentClaim { claim: id },
    )
    .unwrap_err();
    assert!(matches!(err, DomainError::Forbidden(_)), "{err}");
}
