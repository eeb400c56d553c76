#![allow(clippy::unwrap_used)]

use chrono::{Duration, TimeZone};

use super::*;
use crate::agency::Role;
use crate::ids::UserId;
use crate::matter::{ProceduralRole, RawRequest};
use crate::ruleset::RuleBook;

fn rules() -> RuleSet {
    RuleBook::bundled().unwrap().all()[0].clone()
}

fn calendar() -> WorkingCalendar {
    WorkingCalendar::bundled().unwrap()
}

fn vn(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    crate::calendar::vn_offset()
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn agency(kind: AgencyKind) -> AgencyRef {
    AgencyRef {
        id: AgencyId::generate(),
        kind,
        province: "HN".into(),
    }
}

fn principal(agency: &AgencyRef, role: Role) -> Principal {
    Principal {
        user_id: UserId::generate(),
        name: "Nguyễn Văn An".into(),
        agency: agency.clone(),
        roles: vec![role],
    }
}

fn request(center: AgencyId, custody: CustodyStatus, received_at: DateTime<Utc>) -> NewRequest {
    NewRequest::parse(
        RawRequest {
            full_name: "Trần Văn Bình",
            birth_date: None,
            eligibility: EligibilityCategory::PoorHousehold,
            proof_document: Some("Giấy chứng nhận hộ nghèo số 12/2026"),
            custody,
            procedural_role: ProceduralRole::Accused,
            proceeding_kind: ProceedingKind::Criminal,
            case_number: "45/2026/HS-ST",
            stage: Stage::Investigation,
            center,
            received_at: Some(received_at),
        },
        received_at + Duration::hours(1),
    )
    .unwrap()
}

fn facts(court: &AgencyRef, center: &AgencyRef, state: MatterState) -> MatterFacts {
    MatterFacts {
        state,
        custody: CustodyStatus::Detained,
        proceeding: ProceedingKind::Criminal,
        handling_agency: court.id,
        center: center.id,
        received_at: vn(2026, 2, 10, 9, 0),
        open_handoffs: vec![(HandoffId::generate(), "assign_provider".into())],
    }
}

#[test]
fn a_request_opens_the_notification_clock_at_receipt_and_discharges_it_when_recorded() {
    let court = agency(AgencyKind::Court);
    let center = agency(AgencyKind::LegalAidCenter);
    let received = vn(2026, 3, 2, 8, 0);
    let recorded = received + Duration::hours(30);
    let req = request(center.id, CustodyStatus::Arrested, received);
    let clerk = principal(&court, Role::AgencyOfficer);

    let d = decide_request(&rules(), &calendar(), &clerk, &req, &center, recorded).unwrap();

    assert_eq!(d.to, MatterState::NotifiedToCenter);
    let notify = &d.open[0];
    assert_eq!(notify.clock, "notify_center");
    assert_eq!(notify.responsible, court.id);
    assert_eq!(notify.started_at, received);
    assert_eq!(notify.due_at, received + Duration::hours(12));
    assert_eq!(notify.warn_at, received + Duration::hours(9));
    assert_eq!(
        notify.discharged_at,
        Some(recorded),
        "recorded late: 30 h > 12 h"
    );
}

#[test]
fn a_request_must_go_to_a_legal_aid_center() {
    let court = agency(AgencyKind::Court);
    let other_court = agency(AgencyKind::Court);
    let req = request(
        other_court.id,
        CustodyStatus::AtLiberty,
        vn(2026, 3, 2, 8, 0),
    );
    let clerk = principal(&court, Role::AgencyOfficer);
    let err = decide_request(
        &rules(),
        &calendar(),
        &clerk,
        &req,
        &other_court,
        vn(2026, 3, 2, 9, 0),
    )
    .unwrap_err();
    assert!(matches!(err, DomainError::InvalidInput { ref field, .. } if field == "centerId"));
}

#[test]
fn a_coordinator_cannot_record_a_request() {
    let center = agency(AgencyKind::LegalAidCenter);
    let req = request(center.id, CustodyStatus::AtLiberty, vn(2026, 3, 2, 8, 0));
    let coordinator = principal(&center, Role::CenterCoordinator);
    let err = decide_request(
        &rules(),
        &calendar(),
        &coordinator,
        &req,
        &center,
        vn(2026, 3, 2, 9, 0),
    )
    .unwrap_err();
    assert!(matches!(err, DomainError::Forbidden(_)), "{err:?}");
}

#[test]
fn accepting_opens_three_working_days_to_assign_skipping_tet_2026() {
    let court = agency(AgencyKind::Court);
    let center = agency(AgencyKind::LegalAidCenter);
    let matter = facts(&court, &center, MatterState::NotifiedToCenter);
    let coordinator = principal(&center, Role::CenterCoordinator);
    // Thu 12 Feb 2026: WD1 Fri 13, Tết 14–22 Feb, WD2 Mon 23, WD3 Tue 24 → 24:00 on 24 Feb.
    let now = vn(2026, 2, 12, 9, 0);
    let d = decide(
        &rules(),
        &calendar(),
        &coordinator,
        &matter,
        Command::AcceptReferral { note: None },
        now,
    )
    .unwrap();
    assert_eq!(d.to, MatterState::Accepted);
    assert_eq!(d.open[0].clock, "assign_provider");
    assert_eq!(d.open[0].responsible, center.id);
    assert_eq!(d.open[0].due_at, vn(2026, 2, 25, 0, 0));
    assert_eq!(d.open[0].limit, "3 ngày làm việc");
}

#[test]
fn a_coordinator_of_another_center_is_forbidden() {
    let court = agency(AgencyKind::Court);
    let center = agency(AgencyKind::LegalAidCenter);
    let other = agency(AgencyKind::LegalAidCenter);
    let matter = facts(&court, &center, MatterState::NotifiedToCenter);
    let err = decide(
        &rules(),
        &calendar(),
        &principal(&other, Role::CenterCoordinator),
        &matter,
        Command::AcceptReferral { note: None },
        vn(2026, 3, 2, 9, 0),
    )
    .unwrap_err();
    assert!(matches!(err, DomainError::Forbidden(_)), "{err:?}");
}

#[test]
fn an_invalid_transition_says_the_state_and_what_is_allowed() {
    let court = agency(AgencyKind::Court);
    let center = agency(AgencyKind::LegalAidCenter);
    let matter = facts(&court, &center, MatterState::NotifiedToCenter);
    let err = decide(
        &rules(),
        &calendar(),
        &principal(&court, Role::AgencyOfficer),
        &matter,
        Command::RegisterCounsel {
            registration_number: None,
        },
        vn(2026, 3, 2, 9, 0),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot register_counsel: the matter is notified_to_center (Đã thông báo cho Trung tâm); \
         allowed from there: accept_referral, refuse_referral"
    );
}

#[test]
fn assigning_discharges_the_assignment_clock_and_opens_24_hour_registration() {
    let court = agency(AgencyKind::Court);
    let center = agency(AgencyKind::LegalAidCenter);
    let matter = facts(&court, &center, MatterState::Accepted);
    let provider = ProviderRef {
        id: ProviderId::generate(),
        center: center.id,
        kind: ProviderKind::LegalAidOfficer,
        active: true,
        name: "Lê Thị Cúc".into(),
    };
    let now = vn(2026, 3, 3, 10, 0);
    let d = decide(
        &rules(),
        &calendar(),
        &principal(&center, Role::CenterCoordinator),
        &matter,
        Command::AssignProvider {
            provider,
            decision_number: None,
        },
        now,
    )
    .unwrap();
    assert_eq!(d.discharge.len(), 1);
    assert_eq!(d.discharge[0].handoff, matter.open_handoffs[0].0);
    assert_eq!(d.open[0].clock, "register_counsel");
    assert_eq!(d.open[0].responsible, court.id);
    assert_eq!(d.open[0].due_at, now + Duration::hours(24));
}

#[test]
fn a_collaborator_or_another_centers_provider_cannot_be_assigned() {
    let court = agency(AgencyKind::Court);
    let center = agency(AgencyKind::LegalAidCenter);
    let matter = facts(&court, &center, MatterState::Accepted);
    let coordinator = principal(&center, Role::CenterCoordinator);
    let attempt = |provider: ProviderRef| {
        decide(
            &rules(),
            &calendar(),
            &coordinator,
            &matter,
            Command::AssignProvider {
                provider,
                decision_number: None,
            },
            vn(2026, 3, 3, 10, 0),
        )
        .unwrap_err()
        .to_string()
    };
    let collaborator = ProviderRef {
        id: ProviderId::generate(),
        center: center.id,
        kind: ProviderKind::Collaborator,
        active: true,
        name: "Phạm Văn Dũng".into(),
    };
    assert!(attempt(collaborator.clone()).contains("Điều 31(1)"));
    let foreign = ProviderRef {
        center: AgencyId::generate(),
        kind: ProviderKind::ContractedLawyer,
        ..collaborator
    };
    assert!(attempt(foreign).contains("not on this center's roster"));
}

#[test]
fn civil_requests_reject_criminal_only_facts() {
    let raw = RawRequest {
        full_name: "Hoàng Thị Em",
        birth_date: None,
        eligibility: EligibilityCategory::Disabled,
        proof_document: None,
        custody: CustodyStatus::Arrested,
        procedural_role: ProceduralRole::Litigant,
        proceeding_kind: ProceedingKind::Civil,
        case_number: "12/2026/DS-ST",
        stage: Stage::FirstInstanceTrial,
        center: AgencyId::generate(),
        received_at: None,
    };
    let err = NewRequest::parse(raw, vn(2026, 3, 2, 9, 0)).unwrap_err();
    assert!(
        matches!(err, DomainError::InvalidInput { ref field, .. } if field == "person.proceduralRole")
    );
}

#[test]
fn a_request_received_in_the_future_is_rejected() {
    let now = vn(2026, 3, 2, 9, 0);
    let raw = RawRequest {
        full_name: "Hoàng Thị Em",
        birth_date: None,
        eligibility: EligibilityCategory::Disabled,
        proof_document: None,
        custody: CustodyStatus::AtLiberty,
        procedural_role: ProceduralRole::Victim,
        proceeding_kind: ProceedingKind::Criminal,
        case_number: "12/2026/HS-ST",
        stage: Stage::FirstInstanceTrial,
        center: AgencyId::generate(),
        received_at: Some(now + Duration::minutes(5)),
    };
    let err = NewRequest::parse(raw, now).unwrap_err();
    assert!(matches!(err, DomainError::InvalidInput { ref field, .. } if field == "receivedAt"));
}
