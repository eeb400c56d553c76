#![allow(clippy::unwrap_used)]

use chrono::{Duration, NaiveDate, TimeZone};

use super::*;
use crate::agency::{AgencyKind, Role};
use crate::facts::MatterFacts;
use crate::ids::UserId;
use crate::lifecycle::QualityGrade;
use crate::matter::{
    AppointingBody, CustodyStatus, DiscontinueGround, EligibilityCategory, MandatoryGround,
    ProceduralRole, ProceedingKind, ProviderKind, RawRequest,
};
use crate::ruleset::{ClockStart, Direction, Flag, RuleBook};

fn rules() -> RuleSet {
    RuleBook::bundled()
        .unwrap()
        .version("2026.2")
        .unwrap()
        .clone()
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
        provider: None,
    }
}

fn raw(
    center: AgencyId,
    custody: CustodyStatus,
    received_at: DateTime<Utc>,
) -> RawRequest<'static> {
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
        disadvantaged_area: false,
    }
}

fn request(center: AgencyId, custody: CustodyStatus, received_at: DateTime<Utc>) -> NewRequest {
    NewRequest::parse(
        raw(center, custody, received_at),
        received_at + Duration::hours(1),
    )
    .unwrap()
}

struct World {
    court: AgencyRef,
    center: AgencyRef,
    clerk: Principal,
    coordinator: Principal,
}

fn world() -> World {
    let court = agency(AgencyKind::Court);
    let center = agency(AgencyKind::LegalAidCenter);
    World {
        clerk: principal(&court, Role::AgencyOfficer),
        coordinator: principal(&center, Role::CenterCoordinator),
        court,
        center,
    }
}

fn facts(w: &World, state: MatterState, open: &[&str]) -> Situation {
    let started = vn(2026, 3, 2, 9, 0);
    let mut request = request(w.center.id, CustodyStatus::Detained, started);
    request.proceeding.stage = Stage::FirstInstanceTrial;
    let mut facts = MatterFacts::new(state, &request, &w.clerk, &w.center, started);
    facts.birth_date = None;
    Situation {
        open_handoffs: open
            .iter()
            .map(|clock| OpenHandoff {
                id: HandoffId::generate(),
                clock: (*clock).to_owned(),
                started_at: started,
                due_at: started + Duration::hours(24),
                warn_at: started + Duration::hours(18),
                paused_at: None,
                computation: None,
            })
            .collect(),
        handling_agency_kind: Some(AgencyKind::Court),
        ..Situation::of(facts)
    }
}

/// A provider on the world's center roster, loaded for `assignProvider`.
fn provider(w: &World, kind: ProviderKind, name: &str) -> ProviderRef {
    ProviderRef {
        id: ProviderId::generate(),
        center: w.center.id,
        kind,
        active: true,
        name: name.into(),
    }
}

/// `assignProvider` of `provider`, as the engine loads it into the situation.
fn assign(matter: &Situation, provider: ProviderRef) -> (Situation, Command) {
    let command = Command::AssignProvider {
        provider: provider.id,
        decision_number: None,
    };
    let mut matter = matter.clone();
    matter.referenced.provider = Some(provider);
    (matter, command)
}

fn run(
    w: &World,
    who: &Principal,
    matter: &Situation,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Decision, DomainError> {
    let _ = w;
    decide(&rules(), &calendar(), who, matter, command, now)
}

fn text(s: &str) -> BoundedText {
    BoundedText::parse(s, 500).unwrap()
}

#[test]
fn a_request_opens_the_notification_clock_at_receipt_and_discharges_it_when_recorded() {
    let w = world();
    let received = vn(2026, 3, 2, 8, 0);
    let recorded = received + Duration::hours(30);
    let req = request(w.center.id, CustodyStatus::Arrested, received);
    let d = decide_creation(
        &rules(),
        &calendar(),
        &w.clerk,
        Creation::RequestLegalAid,
        &req,
        &w.center,
        recorded,
    )
    .unwrap();
    assert_eq!(d.facts.state, MatterState::NotifiedToCenter);
    let notify = &d.open[0];
    assert_eq!(notify.clock, "notify_center");
    assert_eq!(notify.responsible, w.court.id);
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
    let w = world();
    let req = request(w.court.id, CustodyStatus::AtLiberty, vn(2026, 3, 2, 8, 0));
    let err = decide_creation(
        &rules(),
        &calendar(),
        &w.clerk,
        Creation::RequestLegalAid,
        &req,
        &w.court,
        vn(2026, 3, 2, 9, 0),
    )
    .unwrap_err();
    assert!(matches!(err, DomainError::InvalidInput { ref field, .. } if field == "centerId"));
}

#[test]
fn a_coordinator_cannot_record_a_request() {
    let w = world();
    let req = request(w.center.id, CustodyStatus::AtLiberty, vn(2026, 3, 2, 8, 0));
    let err = decide_creation(
        &rules(),
        &calendar(),
        &w.coordinator,
        Creation::RequestLegalAid,
        &req,
        &w.center,
        vn(2026, 3, 2, 9, 0),
    )
    .unwrap_err();
    assert!(matches!(err, DomainError::Forbidden(_)), "{err:?}");
}

#[test]
fn only_a_detention_facility_forwards_a_detainees_request_tt_10_article_11() {
    let w = world();
    let req = request(w.center.id, CustodyStatus::Detained, vn(2026, 3, 2, 8, 0));
    let err = decide_creation(
        &rules(),
        &calendar(),
        &w.clerk,
        Creation::ForwardDetentionRequest,
        &req,
        &w.center,
        vn(2026, 3, 2, 9, 0),
    )
    .unwrap_err();
    assert!(matches!(err, DomainError::Forbidden(_)), "{err:?}");
    let facility = agency(AgencyKind::DetentionFacility);
    let staff = principal(&facility, Role::AgencyOfficer);
    let d = decide_creation(
        &rules(),
        &calendar(),
        &staff,
        Creation::ForwardDetentionRequest,
        &req,
        &w.center,
        vn(2026, 3, 2, 9, 0),
    )
    .unwrap();
    assert_eq!(d.open[0].clock, "forward_detention_request");
    assert_eq!(
        d.open[0].due_at,
        vn(2026, 3, 3, 8, 0),
        "24 h for a detainee, by analogy with BLTTHS 75(2)"
    );
}

#[test]
fn mandatory_defence_for_a_minor_needs_the_birth_date_blhs_76() {
    let w = world();
    let received = vn(2026, 3, 2, 8, 0);
    let mut r = raw(w.center.id, CustodyStatus::TemporaryCustody, received);
    let grounds = vec![MandatoryGround::UnderEighteen];
    let req = NewRequest::parse(r.clone(), received).unwrap();
    let err = decide_creation(
        &rules(),
        &calendar(),
        &w.clerk,
        Creation::NotifyMandatoryDefence {
            grounds: grounds.clone(),
        },
        &req,
        &w.center,
        received,
    )
    .unwrap_err();
    assert!(
        matches!(err, DomainError::InvalidInput { ref field, .. } if field == "person.birthDate")
    );

    r.birth_date = NaiveDate::from_ymd_opt(2009, 6, 1);
    let req = NewRequest::parse(r, received).unwrap();
    let d = decide_creation(
        &rules(),
        &calendar(),
        &w.clerk,
        Creation::NotifyMandatoryDefence { grounds },
        &req,
        &w.center,
        received,
    )
    .unwrap();
    assert_eq!(d.open[0].clock, "notify_mandatory");
    assert_eq!(d.open[0].limit, "ngay (12 giờ)");
    assert_eq!(d.open[0].due_at, received + Duration::hours(12));
}

#[test]
fn the_under_18_ground_is_judged_on_the_local_date_blhs_76_1_b() {
    let w = world();
    // 06:00 on 1 June 2026 in Hà Nội is still 31 May in UTC: the person born on
    // 1 June 2008 turned 18 that morning, so the under-18 ground no longer holds.
    let received = vn(2026, 6, 1, 6, 0);
    let mut r = raw(w.center.id, CustodyStatus::TemporaryCustody, received);
    r.birth_date = NaiveDate::from_ymd_opt(2008, 6, 1);
    let req = NewRequest::parse(r, received).unwrap();
    let err = decide_creation(
        &rules(),
        &calendar(),
        &w.clerk,
        Creation::NotifyMandatoryDefence {
            grounds: vec![MandatoryGround::UnderEighteen],
        },
        &req,
        &w.center,
        received,
    )
    .unwrap_err();
    assert!(
        matches!(err, DomainError::InvalidInput { ref field, ref message, .. } if field == "grounds" && message.contains("18")),
        "{err:?}"
    );
}

#[test]
fn completing_the_aid_closes_the_matter_tt_12_article_10() {
    let w = world();
    let matter = facts(&w, MatterState::Registered, &[]);
    let now = vn(2026, 3, 20, 9, 0);
    let d = run(
        &w,
        &w.coordinator,
        &matter,
        Command::Complete { note: None },
        now,
    )
    .unwrap();
    assert_eq!(d.facts.state, MatterState::Completed);
    assert_eq!(d.facts.closed_at, Some(now));
    assert_eq!(d.facts.closing_ground, None);
}

#[test]
fn a_person_not_eligible_goes_to_the_bar_association_not_the_center_blhs_76_2() {
    let w = world();
    let received = vn(2026, 3, 2, 8, 0);
    let mut r = raw(w.center.id, CustodyStatus::Detained, received);
    r.eligibility = EligibilityCategory::NotEligible;
    let req = NewRequest::parse(r, received).unwrap();
    let grounds = vec![MandatoryGround::SevereCharge];
    let err = decide_creation(
        &rules(),
        &calendar(),
        &w.clerk,
        Creation::NotifyMandatoryDefence {
            grounds: grounds.clone(),
        },
        &req,
        &w.center,
        received,
    )
    .unwrap_err();
    assert!(err.to_string().contains("person.eligibility"), "{err}");
    let creation = Creation::RecordOtherAppointment {
        grounds,
        body: AppointingBody::BarAssociation,
    };
    let d = decide_creation(
        &rules(),
        &calendar(),
        &w.clerk,
        creation,
        &req,
        &w.center,
        received,
    )
    .unwrap();
    assert_eq!(d.facts.state, MatterState::AppointedElsewhere);
    assert!(d.open.is_empty());
}

/// A civil litigant's matter: not in Luật TGPL Điều 31(3), so its assignment follows
/// Điều 31(2), 3 working days from acceptance.
fn civil(mut matter: Situation) -> Situation {
    matter.facts.proceeding_kind = ProceedingKind::Civil;
    matter.facts.procedural_role = ProceduralRole::Litigant;
    matter.facts.custody = CustodyStatus::AtLiberty;
    matter
}

#[test]
fn accepting_a_civil_matter_opens_three_working_days_to_assign_skipping_tet_2026_luat_tgpl_31_2() {
    let w = world();
    let matter = civil(facts(&w, MatterState::NotifiedToCenter, &[]));
    // Thu 12 Feb 2026: WD1 Fri 13, Tết 14–22 Feb, WD2 Mon 23, WD3 Tue 24 → 24:00 on 24 Feb.
    let d = run(
        &w,
        &w.coordinator,
        &matter,
        Command::AcceptReferral { note: None },
        vn(2026, 2, 12, 9, 0),
    )
    .unwrap();
    assert_eq!(d.facts.state, MatterState::Accepted);
    assert_eq!(d.open[0].clock, "assign_provider");
    assert_eq!(d.open[0].responsible, w.center.id);
    assert_eq!(d.open[0].due_at, vn(2026, 2, 25, 0, 0));
    assert_eq!(d.open[0].limit, "3 ngày làm việc");
}

#[test]
fn a_notified_criminal_matter_is_accepted_and_assigned_at_once_from_the_notice_luat_tgpl_31_3() {
    let w = world();
    // A defendant's request, received at 08:00, notified at 10:00.
    let received = vn(2026, 3, 2, 8, 0);
    let notified = vn(2026, 3, 2, 10, 0);
    let req = request(w.center.id, CustodyStatus::Detained, received);
    let d = decide_creation(
        &rules(),
        &calendar(),
        &w.clerk,
        Creation::RequestLegalAid,
        &req,
        &w.center,
        notified,
    )
    .unwrap();
    let assign = d
        .open
        .iter()
        .find(|h| h.clock == "assign_on_notice")
        .unwrap();
    assert_eq!(assign.responsible, w.center.id);
    assert_eq!(assign.started_at, notified);
    assert_eq!(
        assign.due_at,
        notified + Duration::hours(12),
        "'ngay' is 12 h"
    );

    // The coordinator accepts two days later: no 3-working-day clock of Điều 31(2), and the
    // assignment is still due from the notice.
    let mut matter = facts(&w, MatterState::NotifiedToCenter, &["assign_on_notice"]);
    matter.facts.notified_at = Some(notified);
    let accepted = notified + Duration::days(2);
    let d = run(
        &w,
        &w.coordinator,
        &matter,
        Command::AcceptReferral { note: None },
        accepted,
    )
    .unwrap();
    assert_eq!(d.facts.state, MatterState::Accepted);
    assert!(d.open.is_empty(), "{:?}", d.open);
    let d = run(
        &w,
        &w.coordinator,
        &matter,
        Command::AcceptImmediately {
            note: None,
            force_majeure: false,
        },
        accepted,
    )
    .unwrap();
    let opened: Vec<_> = d.open.iter().map(|h| h.clock.as_str()).collect();
    assert_eq!(opened, ["supply_proof"]);
}

#[test]
fn a_civil_litigants_notice_has_no_notice_clock_luat_tgpl_31_3() {
    let w = world();
    let received = vn(2026, 3, 2, 8, 0);
    let mut raw = raw(w.center.id, CustodyStatus::AtLiberty, received);
    raw.proceeding_kind = ProceedingKind::Civil;
    raw.procedural_role = ProceduralRole::Litigant;
    raw.stage = Stage::FirstInstanceTrial;
    let req = NewRequest::parse(raw, received + Duration::hours(1)).unwrap();
    let d = decide_creation(
        &rules(),
        &calendar(),
        &w.clerk,
        Creation::RequestLegalAid,
        &req,
        &w.center,
        received + Duration::days(3),
    )
    .unwrap();
    assert!(d.open.is_empty(), "{:?}", d.open);
}

#[test]
fn accepting_immediately_opens_immediate_assignment_and_five_working_days_for_proof_tt_12_article_6()
 {
    let w = world();
    let matter = facts(&w, MatterState::NotifiedToCenter, &[]);
    let now = vn(2026, 3, 2, 9, 0); // Monday
    let d = run(
        &w,
        &w.coordinator,
        &matter,
        Command::AcceptImmediately {
            note: None,
            force_majeure: false,
        },
        now,
    )
    .unwrap();
    assert_eq!(d.facts.state, MatterState::AcceptedDocsPending);
    let clocks: Vec<_> = d
        .open
        .iter()
        .map(|h| (h.clock.as_str(), h.due_at))
        .collect();
    // A criminal matter's assignment is due from the notice already (assign_on_notice).
    assert_eq!(clocks, [("supply_proof", vn(2026, 3, 10, 0, 0))]);
    let d = run(
        &w,
        &w.coordinator,
        &civil(matter.clone()),
        Command::AcceptImmediately {
            note: None,
            force_majeure: false,
        },
        now,
    )
    .unwrap();
    assert_eq!(d.open[0].clock, "assign_immediately");
    assert_eq!(d.open[0].due_at, now + Duration::hours(12));

    let mut remote = matter.clone();
    remote.facts.flags.push(Flag::DisadvantagedArea);
    let d = run(
        &w,
        &w.coordinator,
        &remote,
        Command::AcceptImmediately {
            note: None,
            force_majeure: false,
        },
        now,
    )
    .unwrap();
    assert_eq!(
        d.open[0].due_at,
        vn(2026, 3, 17, 0, 0),
        "10 working days in especially disadvantaged areas"
    );
}

/// A civil matter accepted at `opened` whose `assign_provider` clock (3 working days, or
/// 12 h for an arrested person) is open with the given due and warning instants.
fn awaiting_assignment(
    w: &World,
    custody: CustodyStatus,
    opened: DateTime<Utc>,
    due_at: DateTime<Utc>,
    warn_at: DateTime<Utc>,
) -> Situation {
    let mut matter = facts(w, MatterState::Accepted, &["assign_provider"]);
    matter.facts.proceeding_kind = ProceedingKind::Civil;
    matter.facts.custody = custody;
    let h = &mut matter.open_handoffs[0];
    h.started_at = opened;
    h.due_at = due_at;
    h.warn_at = warn_at;
    matter
}

fn receive_proof(w: &World, paused: &Situation, at: DateTime<Utc>) -> Decision {
    run(
        w,
        &w.coordinator,
        paused,
        Command::ReceiveProof {
            document: text("Giấy chứng nhận hộ nghèo"),
        },
        at,
    )
    .unwrap()
}

#[test]
fn waiting_for_proof_pauses_the_assignment_clock_and_resuming_an_hour_limit_adds_the_time_it_stood_still()
 {
    let w = world();
    let opened = vn(2026, 3, 2, 9, 0);
    let matter = awaiting_assignment(
        &w,
        CustodyStatus::Arrested,
        opened,
        opened + Duration::hours(12),
        opened + Duration::hours(9),
    );
    let asked = vn(2026, 3, 2, 12, 0);
    let d = run(
        &w,
        &w.coordinator,
        &matter,
        Command::RequestProof { note: None },
        asked,
    )
    .unwrap();
    assert_eq!(d.facts.state, MatterState::Accepted);
    assert_eq!(d.pause, [matter.open_handoffs[0].id]);

    let mut paused = matter.clone();
    paused.open_handoffs[0].paused_at = Some(asked);
    let d = receive_proof(&w, &paused, asked + Duration::hours(30));
    assert_eq!(d.resume.len(), 1);
    assert_eq!(
        d.resume[0].due_at,
        matter.open_handoffs[0].due_at + Duration::hours(30)
    );
    assert_eq!(
        d.resume[0].warn_at,
        matter.open_handoffs[0].warn_at + Duration::hours(30)
    );
}

/// Issue 10 item 9 (vietnam-working-calendar.md §0.4): a working-day limit that stood
/// still counts the working days it still had from the resume instant, and ends at 24:00
/// local on a working day, across Tết 2026 (rest days 14–22 Feb).
#[test]
fn pausing_a_working_day_clock_pauses_working_time_luat_tgpl_article_31_2_across_tet_2026() {
    let w = world();
    // Accepted Tue 10 Feb: 3 working days are Wed 11, Thu 12, Fri 13 Feb; due 24:00 Fri 13.
    let opened = vn(2026, 2, 10, 10, 0);
    let due = vn(2026, 2, 14, 0, 0);
    let warn = vn(2026, 2, 12, 10, 0);
    assert_eq!(
        calendar()
            .deadline(opened, crate::calendar::Limit::WorkingDays(3))
            .at,
        due
    );
    let matter = awaiting_assignment(&w, CustodyStatus::AtLiberty, opened, due, warn);
    // Paused Wed 11 Feb afternoon: Thu 12 and Fri 13 (2 working days) remain.
    let mut paused = matter.clone();
    paused.open_handoffs[0].paused_at = Some(vn(2026, 2, 11, 15, 0));
    for resumed in [
        vn(2026, 2, 20, 16, 0), // Fri 20 Feb, the last statutory day of Tết
        vn(2026, 2, 21, 10, 0), // Sat 21 Feb, still in the break
        vn(2026, 2, 22, 23, 0), // Sun 22 Feb, the break's last evening
    ] {
        let d = receive_proof(&w, &paused, resumed);
        assert_eq!(d.resume.len(), 1);
        // Mon 23 and Tue 24 Feb: due 24:00 Tue 24 Feb (00:00 Wed 25 Feb +07:00).
        let new_due = d.resume[0].due_at;
        assert_eq!(new_due, vn(2026, 2, 25, 0, 0), "resumed {resumed}");
        let local = new_due.with_timezone(&crate::calendar::vn_offset());
        assert_eq!(local.time(), chrono::NaiveTime::MIN, "24:00 local");
        assert!(
            calendar().is_working_day(local.date_naive() - Duration::days(1)),
            "the last day is a working day"
        );
        assert_eq!(
            d.resume[0].warn_at - warn,
            new_due - due,
            "the warning moves with the due instant"
        );
    }
    // Resumed on a working day before Tết: counted from the next day, skipping Tết.
    let d = receive_proof(&w, &paused, vn(2026, 2, 12, 9, 0));
    assert_eq!(
        d.resume[0].due_at,
        vn(2026, 2, 24, 0, 0),
        "Fri 13 Feb, then Mon 23 Feb after Tết: 24:00 Mon 23 Feb"
    );
}

/// A working-day clock paused on its last day keeps the rest of a day: it ends at 24:00
/// of the resume day, or of the next working day when resumed on a rest day; one paused
/// when already overdue stays due when it was.
#[test]
fn a_working_day_clock_paused_on_its_last_day_ends_at_24_00_of_a_working_day() {
    let w = world();
    let opened = vn(2026, 2, 10, 10, 0);
    let due = vn(2026, 2, 14, 0, 0);
    let matter = awaiting_assignment(
        &w,
        CustodyStatus::AtLiberty,
        opened,
        due,
        vn(2026, 2, 12, 10, 0),
    );
    let mut paused = matter.clone();
    paused.open_handoffs[0].paused_at = Some(vn(2026, 2, 13, 11, 0));
    let d = receive_proof(&w, &paused, vn(2026, 2, 18, 9, 0));
    assert_eq!(
        d.resume[0].due_at,
        vn(2026, 2, 24, 0, 0),
        "24:00 Mon 23 Feb"
    );
    let d = receive_proof(&w, &paused, vn(2026, 2, 24, 9, 0));
    assert_eq!(
        d.resume[0].due_at,
        vn(2026, 2, 25, 0, 0),
        "24:00 Tue 24 Feb"
    );

    paused.open_handoffs[0].paused_at = Some(vn(2026, 2, 14, 11, 0));
    let d = receive_proof(&w, &paused, vn(2026, 2, 24, 9, 0));
    assert_eq!(
        d.resume[0].due_at, due,
        "overdue when paused: still overdue"
    );
}

#[test]
fn a_coordinator_of_another_center_is_forbidden() {
    let w = world();
    let other = agency(AgencyKind::LegalAidCenter);
    let matter = facts(&w, MatterState::NotifiedToCenter, &[]);
    let err = run(
        &w,
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
    let w = world();
    let matter = facts(&w, MatterState::NotifiedToCenter, &[]);
    let err = run(
        &w,
        &w.clerk,
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
         allowed from there: accept_referral, accept_immediately, refuse_referral, \
         transfer_referral, report_not_eligible"
    );
}

#[test]
fn assigning_discharges_the_assignment_clock_and_registration_runs_from_the_papers_blhs_78() {
    let w = world();
    let matter = facts(&w, MatterState::Accepted, &["assign_provider"]);
    let (loaded, command) = assign(
        &matter,
        provider(&w, ProviderKind::LegalAidOfficer, "Lê Thị Cúc"),
    );
    let now = vn(2026, 3, 3, 10, 0);
    let d = run(&w, &w.coordinator, &loaded, command, now).unwrap();
    assert_eq!(d.discharge.len(), 1);
    assert_eq!(d.discharge[0].handoff, matter.open_handoffs[0].id);
    assert!(
        d.open.is_empty(),
        "registration waits for the papers: {:?}",
        d.open
    );

    // T7: the papers presented a day later start the agency's 24 hours (BLTTHS Điều 78(4)).
    let assigned = facts(&w, MatterState::ProviderAssigned, &[]);
    let presented = now + Duration::days(1);
    let d = run(&w, &w.coordinator, &assigned, papers(), presented).unwrap();
    assert_eq!(d.facts.state, MatterState::ProviderAssigned);
    assert_eq!(d.open[0].clock, "register_counsel");
    assert_eq!(d.open[0].responsible, w.court.id);
    assert_eq!(d.open[0].started_at, presented);
    assert_eq!(d.open[0].due_at, presented + Duration::hours(24));

    // Presenting them again while the registration is due changes nothing.
    let owed = facts(&w, MatterState::ProviderAssigned, &["register_counsel"]);
    let err = run(&w, &w.coordinator, &owed, papers(), presented).unwrap_err();
    assert!(err.to_string().contains("already presented"), "{err}");
}

fn papers() -> Command {
    Command::PresentPapers { note: None }
}

#[test]
fn a_collaborator_or_another_centers_provider_cannot_be_assigned() {
    let w = world();
    let matter = facts(&w, MatterState::Accepted, &["assign_provider"]);
    let attempt = |provider: ProviderRef| {
        let (loaded, command) = assign(&matter, provider);
        run(&w, &w.coordinator, &loaded, command, vn(2026, 3, 3, 10, 0))
            .unwrap_err()
            .to_string()
    };
    let collaborator = provider(&w, ProviderKind::Collaborator, "Phạm Văn Dũng");
    assert!(attempt(collaborator.clone()).contains("Điều 31(1)"));
    let foreign = ProviderRef {
        center: AgencyId::generate(),
        kind: ProviderKind::ContractedLawyer,
        ..collaborator
    };
    assert!(attempt(foreign).contains("not on this center's roster"));
}

#[test]
fn the_hearing_schedule_is_due_ten_days_before_the_hearing_or_seven_in_summary_procedure_ttlt_10_article_9()
 {
    let w = world();
    let matter = facts(&w, MatterState::Registered, &[]);
    let hearing = vn(2026, 12, 10, 8, 0);
    let now = vn(2026, 11, 2, 9, 0);
    let d = run(
        &w,
        &w.clerk,
        &matter,
        Command::ScheduleHearing {
            hearing_at: hearing,
            summary_procedure: false,
        },
        now,
    )
    .unwrap();
    assert_eq!(d.facts.state, MatterState::Registered);
    assert_eq!(d.open[0].clock, "send_hearing_schedule");
    assert_eq!(
        d.open[0].due_at,
        vn(2026, 11, 30, 0, 0),
        "by the end of 29 Nov, 10 days before 10 Dec"
    );
    // The computation counts back from the hearing.
    let c = &d.open[0].computation;
    assert_eq!(c.direction, Direction::BeforeHearing);
    assert_eq!(c.start, hearing);
    let vi = c.explanation_vi();
    assert!(vi.contains("tính lùi từ phiên tòa lúc"), "{vi}");
    assert!(vi.ends_with("hạn 24:00 29/11/2026."), "{vi}");
    assert!(c.explanation_en().contains("counted back from the hearing"));
    let d = run(
        &w,
        &w.clerk,
        &matter,
        Command::ScheduleHearing {
            hearing_at: hearing,
            summary_procedure: true,
        },
        now,
    )
    .unwrap();
    assert_eq!(
        d.open[0].due_at,
        vn(2026, 12, 3, 0, 0),
        "7 days in summary procedure"
    );
}

#[test]
fn a_stage_transfer_moves_the_file_to_the_next_agency_without_a_new_registration_blhs_78_6() {
    let w = world();
    let mut matter = facts(&w, MatterState::Registered, &[]);
    matter.facts.stage = Stage::Investigation;
    let police = agency(AgencyKind::InvestigationBody);
    matter.facts.handling_agency = police.id;
    let investigator = principal(&police, Role::AgencyOfficer);
    let procuracy = agency(AgencyKind::Procuracy);
    let mut to_procuracy = matter.clone();
    to_procuracy.referenced.agency = Some(procuracy.clone());
    let d = run(
        &w,
        &investigator,
        &to_procuracy,
        Command::TransferStage {
            to_agency: procuracy.id,
            stage: Stage::Prosecution,
        },
        vn(2026, 3, 3, 9, 0),
    )
    .unwrap();
    assert_eq!(d.facts.state, MatterState::Registered);
    assert!(d.open.is_empty() && d.discharge.is_empty());
    assert_eq!(
        d.detail,
        EventDetail::StageTransferred {
            from_agency: police.id,
            to_agency: procuracy.id,
            stage: Stage::Prosecution
        }
    );
    let mut to_court = matter.clone();
    to_court.referenced.agency = Some(w.court.clone());
    let err = run(
        &w,
        &investigator,
        &to_court,
        Command::TransferStage {
            to_agency: w.court.id,
            stage: Stage::Appeal,
        },
        vn(2026, 3, 3, 9, 0),
    )
    .unwrap_err();
    assert!(matches!(err, DomainError::InvalidInput { ref field, .. } if field == "stage"));
}

#[test]
fn a_minor_refusing_counsel_first_needs_a_change_of_counsel_ttlt_06_2018_article_10() {
    let w = world();
    let mut matter = facts(&w, MatterState::Registered, &[]);
    matter.facts.birth_date = NaiveDate::from_ymd_opt(2010, 5, 1);
    let refuse = || Command::RecordCounselRefusal {
        reason: text("Bị cáo từ chối người bào chữa"),
    };
    let err = run(&w, &w.clerk, &matter, refuse(), vn(2026, 3, 3, 9, 0)).unwrap_err();
    assert!(err.to_string().contains("TTLT 06/2018"), "{err}");
    matter.facts.counsel_changes = 1;
    let d = run(&w, &w.clerk, &matter, refuse(), vn(2026, 3, 3, 9, 0)).unwrap();
    assert_eq!(d.facts.state, MatterState::AppointmentEnded);
    assert_eq!(d.open[0].clock, "hand_over_file");
}

#[test]
fn discontinuing_makes_every_open_duty_moot_luat_tgpl_37() {
    let w = world();
    let matter = facts(
        &w,
        MatterState::AcceptedDocsPending,
        &["assign_immediately", "supply_proof"],
    );
    let d = run(
        &w,
        &w.coordinator,
        &matter,
        Command::Discontinue {
            ground: DiscontinueGround::ProofNotSupplied,
            reason: text("Quá 05 ngày làm việc"),
        },
        vn(2026, 3, 10, 9, 0),
    )
    .unwrap();
    assert_eq!(d.facts.state, MatterState::Discontinued);
    assert_eq!(d.cancel.len(), 2);
    assert!(d.discharge.is_empty());
}

#[test]
fn hour_clocks_can_be_set_to_count_only_working_days() {
    let mut rules = rules();
    rules.settings.hour_clocks_run_through_rest_days.value = false;
    let w = world();
    // Papers presented Friday 20:00; 24 working-day hours to register: 4 h on Friday,
    // Saturday and Sunday skipped, 20 h on Monday → Monday 20:00.
    let now = vn(2026, 3, 6, 20, 0);
    let assigned = facts(&w, MatterState::ProviderAssigned, &[]);
    let d = decide(
        &rules,
        &calendar(),
        &w.coordinator,
        &assigned,
        papers(),
        now,
    )
    .unwrap();
    assert_eq!(d.open[0].due_at, vn(2026, 3, 9, 20, 0));
}

#[test]
fn a_complaint_goes_to_the_department_once_the_center_head_decided_or_let_the_time_pass() {
    let w = world();
    let escalate = || Command::EscalateComplaint {
        reason: text("Không đồng ý với quyết định giải quyết khiếu nại"),
    };
    let refused_on =
        |matter: &Situation, now| match run(&w, &w.coordinator, matter, escalate(), now)
            .unwrap_err()
        {
            DomainError::InvalidInput { field, message, .. } => {
                assert_eq!(field, "matterId");
                message
            }
            other => panic!("{other:?}"),
        };
    // No complaint was ever filed with the center's head.
    let never = facts(&w, MatterState::Refused, &[]);
    let now = vn(2026, 3, 2, 10, 0);
    assert!(refused_on(&never, now).contains("first"));

    // Filed, and the head's 3 working days (24 h in the fixture) have not passed.
    let department = agency(AgencyKind::JusticeDepartment);
    let mut waiting = facts(&w, MatterState::Refused, &["decide_complaint_center"]);
    waiting.department = Some(department.id);
    assert!(refused_on(&waiting, now).contains("still has time"));

    // The time passed without a decision: the person may go up (Luật TGPL Điều 45), to
    // the justice department of the center's province.
    let late = vn(2026, 3, 3, 10, 0);
    let d = run(&w, &w.coordinator, &waiting, escalate(), late).unwrap();
    let up = d
        .open
        .iter()
        .find(|h| h.clock == "decide_complaint_department");
    assert_eq!(up.map(|h| h.responsible), Some(department.id));

    // Decided: the person may go up.
    let mut decided = facts(&w, MatterState::Refused, &[]);
    decided.department = Some(department.id);
    decided.closed_duties.push("decide_complaint_center".into());
    let d = run(&w, &w.coordinator, &decided, escalate(), now).unwrap();
    assert!(
        d.open
            .iter()
            .any(|h| h.clock == "decide_complaint_department")
    );

    // With no justice department in the province, the center never decides a complaint
    // against itself: the escalation is refused until one is added.
    decided.department = None;
    assert!(refused_on(&decided, now).contains("no justice department"));
}

#[test]
fn a_transferred_matter_belongs_to_the_province_of_its_new_center_luat_tgpl_35() {
    let w = world();
    let other = AgencyRef {
        province: "BN".into(),
        ..agency(AgencyKind::LegalAidCenter)
    };
    let mut matter = facts(&w, MatterState::NotifiedToCenter, &[]);
    matter.referenced.agency = Some(other.clone());
    let command = Command::TransferReferral {
        to_center: other.id,
        reason: text("Người được trợ giúp cư trú tại Bắc Ninh"),
    };
    let d = run(&w, &w.coordinator, &matter, command, vn(2026, 3, 2, 10, 0)).unwrap();
    assert_eq!(d.facts.center, other.id);
    assert_eq!(d.facts.province, "BN");
}

#[test]
fn a_branch_assigns_from_its_centers_roster_only_when_the_rule_set_says_so() {
    let w = world();
    let branch = agency(AgencyKind::LegalAidBranch);
    let head = principal(&branch, Role::CenterCoordinator);
    let mut matter = facts(&w, MatterState::Accepted, &["assign_provider"]);
    matter.facts.center = branch.id;
    matter.center_parent = Some(w.center.id);
    let centers_officer = provider(&w, ProviderKind::LegalAidOfficer, "Lê Thị Cúc");
    let (loaded, command) = assign(&matter, centers_officer);
    let assign = |rules: &RuleSet| {
        let now = vn(2026, 3, 3, 10, 0);
        decide(rules, &calendar(), &head, &loaded, command.clone(), now)
    };
    let mut rules = rules();
    assert!(!rules.settings.branch_assigns_from_center_roster.value);
    let refused = assign(&rules).unwrap_err().to_string();
    assert!(refused.contains("roster"), "{refused}");

    rules.settings.branch_assigns_from_center_roster.value = true;
    let d = assign(&rules).unwrap();
    assert_eq!(d.facts.state, MatterState::ProviderAssigned);
}

#[test]
fn scheduling_a_hearing_keeps_the_disadvantaged_area_flag() {
    let w = world();
    let mut matter = facts(&w, MatterState::Registered, &[]);
    matter.facts.flags = vec![Flag::DisadvantagedArea];
    let schedule = |matter: &Situation, summary_procedure| {
        run(
            &w,
            &w.clerk,
            matter,
            Command::ScheduleHearing {
                hearing_at: vn(2026, 12, 10, 8, 0),
                summary_procedure,
            },
            vn(2026, 11, 2, 9, 0),
        )
        .unwrap()
    };
    let d = schedule(&matter, false);
    assert_eq!(d.facts.flags, [Flag::DisadvantagedArea]);

    let d = schedule(&matter, true);
    assert_eq!(
        d.facts.flags,
        [Flag::DisadvantagedArea, Flag::SummaryProcedure]
    );

    // Set again without summary procedure: only that flag goes.
    let summary = Situation::of(d.facts);
    let d = schedule(&summary, false);
    assert_eq!(d.facts.flags, [Flag::DisadvantagedArea]);
}

#[test]
fn a_reported_force_majeure_is_kept_in_the_matters_facts() {
    let w = world();
    let mut matter = facts(&w, MatterState::NotifiedToCenter, &[]);
    matter.facts.flags = vec![Flag::DisadvantagedArea];
    let accept = |force_majeure| {
        run(
            &w,
            &w.coordinator,
            &matter,
            Command::AcceptImmediately {
                note: None,
                force_majeure,
            },
            vn(2026, 3, 2, 9, 0),
        )
        .unwrap()
    };
    let d = accept(true);
    assert_eq!(d.facts.flags, [Flag::DisadvantagedArea, Flag::ForceMajeure]);

    let d = accept(false);
    assert_eq!(
        d.facts.flags,
        [Flag::DisadvantagedArea],
        "no force majeure reported, none recorded"
    );
}

/// A matter whose every fact is set, in `state`, with `open` duties: a command that
/// forgot to carry a fact over would show it.
fn every_fact_set(w: &World, state: MatterState, open: &[&str]) -> Situation {
    let mut matter = facts(w, state, open);
    let f = &mut matter.facts;
    f.birth_date = NaiveDate::from_ymd_opt(1990, 5, 17);
    f.explanation_record = Some("BB-02/2026/CSĐT".into());
    f.mandatory_grounds = vec![MandatoryGround::SevereCharge];
    f.flags = vec![Flag::DisadvantagedArea, Flag::ForceMajeure];
    f.transferred_from = Some(AgencyId::generate());
    f.refusal_ground = Some(RefusalGround::HandledElsewhere);
    f.refusal_reason = Some("Trung tâm khác đang thực hiện".into());
    f.provider = Some(ProviderId::generate());
    f.decision_number = Some("301/QĐ-TGPL".into());
    f.assigned_at = Some(vn(2026, 3, 3, 9, 0));
    f.registration_number = Some("TB-45/2026".into());
    f.registered_at = Some(vn(2026, 3, 3, 15, 0));
    f.hearing_at = Some(vn(2026, 12, 10, 8, 0));
    f.counsel_changes = 1;
    f.closing_ground = Some(DiscontinueGround::Withdrawal);
    f.closed_at = Some(vn(2026, 3, 20, 9, 0));
    f.file_code = Some("TT.TGTT.07.2026".into());
    f.grade = Some(QualityGrade::Good);
    f.total_score = Some(92);
    matter
}

#[test]
fn a_decision_carries_every_fact_it_did_not_change() {
    let w = world();
    let now = vn(2026, 11, 2, 9, 0);

    // A new provider replaces the one whose change was asked: the assignment is new and
    // the registration goes; nothing else moves.
    let matter = every_fact_set(
        &w,
        MatterState::ChangeRequested,
        &["answer_provider_change"],
    );
    let lawyer = provider(&w, ProviderKind::ContractedLawyer, "Luật sư Lê Minh Tuấn");
    let (loaded, _) = assign(&matter, lawyer.clone());
    let command = Command::AssignProvider {
        provider: lawyer.id,
        decision_number: Some(text("302/QĐ-TGPL")),
    };
    let d = run(&w, &w.coordinator, &loaded, command, now).unwrap();
    let expected = MatterFacts {
        state: MatterState::ProviderAssigned,
        provider: Some(lawyer.id),
        decision_number: Some("302/QĐ-TGPL".into()),
        assigned_at: Some(now),
        registration_number: None,
        registered_at: None,
        ..matter.facts.clone()
    };
    assert_eq!(d.facts, expected);

    // The same holds for the commands that change one fact, or none.
    let registered = every_fact_set(&w, MatterState::Registered, &[]);
    let hearing_at = vn(2026, 12, 20, 8, 0);
    let d = run(
        &w,
        &w.clerk,
        &registered,
        Command::ScheduleHearing {
            hearing_at,
            summary_procedure: false,
        },
        now,
    )
    .unwrap();
    let expected = MatterFacts {
        hearing_at: Some(hearing_at),
        ..registered.facts.clone()
    };
    assert_eq!(d.facts, expected, "schedule_hearing");

    let d = run(&w, &w.clerk, &registered, Command::SendHearingSchedule, now).unwrap();
    assert_eq!(d.facts, registered.facts, "send_hearing_schedule");

    let appeal_court = agency(AgencyKind::Court);
    let mut to_appeal = registered.clone();
    to_appeal.referenced.agency = Some(appeal_court.clone());
    let d = run(
        &w,
        &w.clerk,
        &to_appeal,
        Command::TransferStage {
            to_agency: appeal_court.id,
            stage: Stage::Appeal,
        },
        now,
    )
    .unwrap();
    let expected = MatterFacts {
        handling_agency: appeal_court.id,
        stage: Stage::Appeal,
        ..registered.facts.clone()
    };
    assert_eq!(d.facts, expected, "transfer_stage");

    let d = run(
        &w,
        &w.coordinator,
        &registered,
        Command::ReceiveProof {
            document: text("Giấy chứng nhận hộ nghèo số 13/2026"),
        },
        now,
    )
    .unwrap();
    let expected = MatterFacts {
        proof_document: Some("Giấy chứng nhận hộ nghèo số 13/2026".into()),
        ..registered.facts.clone()
    };
    assert_eq!(d.facts, expected, "receive_proof");
}

/// Issue 10 item 4: the requester owes the proof (TT 12 Điều 6(2)); the center waits on it
/// and follows it up.
#[test]
fn supply_proof_is_owed_by_the_requester_and_followed_up_by_the_center_tt_12_article_6_2() {
    let w = world();
    let matter = facts(&w, MatterState::NotifiedToCenter, &[]);
    let d = run(
        &w,
        &w.coordinator,
        &matter,
        Command::AcceptImmediately {
            note: None,
            force_majeure: false,
        },
        vn(2026, 3, 2, 9, 0),
    )
    .unwrap();
    let proof = d.open.iter().find(|h| h.clock == "supply_proof").unwrap();
    assert_eq!(proof.owed_by, Party::Requester);
    assert_eq!(proof.responsible, w.center.id);
}

/// Issue 10 item 4: the provider owes the case file (Luật TGPL Điều 39(1)); the center
/// receives it and follows it up.
#[test]
fn hand_over_file_is_owed_by_the_provider_and_followed_up_by_the_center_luat_tgpl_article_39_1() {
    let w = world();
    let mut matter = facts(&w, MatterState::Registered, &[]);
    matter.facts.birth_date = NaiveDate::from_ymd_opt(2010, 5, 1);
    matter.facts.counsel_changes = 1;
    let d = run(
        &w,
        &w.clerk,
        &matter,
        Command::RecordCounselRefusal {
            reason: text("Bị cáo từ chối người bào chữa"),
        },
        vn(2026, 3, 3, 9, 0),
    )
    .unwrap();
    let file = d.open.iter().find(|h| h.clock == "hand_over_file").unwrap();
    assert_eq!(file.owed_by, Party::Provider);
    assert_eq!(file.responsible, w.center.id);
}

/// Issue 10, deadlines that explain themselves: three working days from Thu 12 Feb 2026
/// pass over the weekend and Tết, each day named, and the limit says why it applies.
#[test]
fn a_working_day_clock_explains_the_tet_2026_days_it_skipped_luat_tgpl_31_2() {
    let w = world();
    let matter = civil(facts(&w, MatterState::NotifiedToCenter, &[]));
    let d = run(
        &w,
        &w.coordinator,
        &matter,
        Command::AcceptReferral { note: None },
        vn(2026, 2, 12, 9, 0),
    )
    .unwrap();
    let c = &d.open[0].computation;
    assert_eq!(c.because, "otherwise", "not arrested or held");
    assert_eq!(c.because_vi, "các trường hợp còn lại");
    assert_eq!(c.start, vn(2026, 2, 12, 9, 0));
    assert_eq!(c.due, d.open[0].due_at);
    assert!(!c.rolled_over);
    assert!(c.provisional_years.is_empty(), "2026 is official");
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let skipped: Vec<_> = c
        .skipped
        .iter()
        .map(|s| (s.date, s.name.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (day(2, 14), "Thứ Bảy"),
            (day(2, 15), "Chủ Nhật"),
            (day(2, 16), "Tết Nguyên đán, 29 tháng Chạp, Giao thừa"),
            (day(2, 17), "Tết Nguyên đán, mùng 1"),
            (day(2, 18), "Tết Nguyên đán, mùng 2"),
            (day(2, 19), "Tết Nguyên đán, mùng 3"),
            (day(2, 20), "Tết Nguyên đán, mùng 4"),
            (day(2, 21), "Thứ Bảy"),
            (day(2, 22), "Chủ Nhật"),
        ]
    );
    let vi = c.explanation_vi();
    assert!(vi.starts_with("3 ngày làm việc ("), "{vi}");
    assert!(vi.contains("lúc 09:00 12/02/2026"), "{vi}");
    assert!(vi.contains("Tết Nguyên đán, mùng 1 17/02"), "{vi}");
    assert!(vi.ends_with("hạn 24:00 24/02/2026."), "{vi}");
    let en = c.explanation_en();
    assert!(en.starts_with("3 working days ("), "{en}");
    assert!(en.contains("applied for otherwise"), "{en}");
}

/// A 12-hour clock runs through the night and the weekend: nothing is skipped, and the
/// matched condition (the person was arrested) is named.
#[test]
fn an_hour_clock_skips_nothing_and_names_the_custody_that_chose_it_luat_tgpl_31_3() {
    let w = world();
    // Fri 6 Mar 2026, 20:00: due Sat 7 Mar, 08:00.
    let received = vn(2026, 3, 6, 20, 0);
    let req = request(w.center.id, CustodyStatus::Arrested, received);
    let d = decide_creation(
        &rules(),
        &calendar(),
        &w.clerk,
        Creation::RequestLegalAid,
        &req,
        &w.center,
        received,
    )
    .unwrap();
    let notify = d.open.iter().find(|h| h.clock == "notify_center").unwrap();
    let c = &notify.computation;
    assert_eq!(c.limit, "12 giờ");
    assert_eq!(c.limit_en, "12 hours");
    assert_eq!(c.because, "custody arrested or temporary_custody");
    assert_eq!(c.because_vi, "Người bị bắt hoặc Người bị tạm giữ");
    assert_eq!(c.start_kind, ClockStart::RequestReceived);
    assert!(c.skipped.is_empty(), "{:?}", c.skipped);
    assert!(!c.rolled_over);
    assert_eq!(
        c.explanation_vi(),
        "12 giờ (Luật TGPL Điều 31(3): 12 giờ đối với người bị bắt, người bị tạm giữ) — áp \
         dụng cho Người bị bắt hoặc Người bị tạm giữ kể từ khi nhận được yêu cầu lúc 20:00 \
         06/03/2026; hạn 08:00 07/03/2026."
    );
}

/// A mandatory defence handled by an investigation body, in `state`, with `open` duties
/// (each started at 09:00 Mon 2 Mar 2026), and its investigator.
fn police_matter(w: &World, state: MatterState, open: &[&str]) -> (Situation, Principal) {
    let mut matter = facts(w, state, open);
    let police = agency(AgencyKind::InvestigationBody);
    matter.facts.stage = Stage::Investigation;
    matter.facts.handling_agency = police.id;
    matter.facts.mandatory_grounds = vec![MandatoryGround::SevereCharge];
    matter.handling_agency_kind = Some(AgencyKind::InvestigationBody);
    (matter, principal(&police, Role::AgencyOfficer))
}

fn opened(d: &Decision, clock: &str) -> Option<PlannedHandoff> {
    d.open.iter().find(|h| h.clock == clock).cloned()
}

#[test]
fn the_investigator_meets_the_suspect_within_24_hours_of_the_assignment_letter_tt_46_2019_article_5_2()
 {
    let w = world();
    let (matter, investigator) = police_matter(&w, MatterState::ProviderAssigned, &[]);
    let presented = vn(2026, 3, 3, 15, 30);
    let d = run(&w, &w.coordinator, &matter, papers(), presented).unwrap();
    let meet = opened(&d, "meet_suspect").expect("an investigation body meets the suspect");
    assert_eq!(meet.owed_by, Party::HandlingAgency);
    assert_eq!(meet.responsible, matter.facts.handling_agency);
    assert_eq!(meet.started_at, presented);
    assert_eq!(meet.due_at, vn(2026, 3, 4, 15, 30));
    assert!(meet.basis.contains("TT 46/2019/TT-BCA Điều 5(2)"));
    assert!(meet.discharged_at.is_none());

    // Not a mandatory defence, or not an investigation body: no such duty.
    let mut chosen = matter.clone();
    chosen.facts.mandatory_grounds.clear();
    let d = run(&w, &w.coordinator, &chosen, papers(), presented).unwrap();
    assert!(opened(&d, "meet_suspect").is_none());
    let mut court = facts(&w, MatterState::ProviderAssigned, &[]);
    court.facts.mandatory_grounds = vec![MandatoryGround::SevereCharge];
    let d = run(&w, &w.coordinator, &court, papers(), presented).unwrap();
    assert!(opened(&d, "meet_suspect").is_none(), "{:?}", d.open);
    assert!(opened(&d, "register_counsel").is_some());

    // The investigator records the meeting: the duty is met, with the suspect's answer.
    let owed = police_matter(&w, MatterState::ProviderAssigned, &["meet_suspect"]).0;
    let owed = Situation {
        facts: matter.facts.clone(),
        ..owed
    };
    let meeting = Command::RecordSuspectMeeting {
        accepts: true,
        note: Some(text("Biên bản số 12")),
    };
    let d = run(
        &w,
        &investigator,
        &owed,
        meeting.clone(),
        vn(2026, 3, 4, 9, 0),
    )
    .unwrap();
    assert_eq!(d.discharge.len(), 1);
    assert_eq!(d.discharge[0].handoff, owed.open_handoffs[0].id);
    assert_eq!(d.facts.state, MatterState::ProviderAssigned);
    assert_eq!(
        d.detail,
        EventDetail::SuspectMet {
            accepts: true,
            note: Some("Biên bản số 12".into())
        }
    );
    // A court does not record such a meeting.
    let court_matter = facts(&w, MatterState::ProviderAssigned, &[]);
    let err = run(&w, &w.clerk, &court_matter, meeting, vn(2026, 3, 4, 9, 0)).unwrap_err();
    assert!(matches!(err, DomainError::Forbidden(_)), "{err}");
}

#[test]
fn an_investigation_body_refusing_registration_gives_written_reasons_within_24_hours_tt_46_2019_article_6_3()
 {
    let w = world();
    // The papers were presented at 09:00 Mon 2 Mar (the registration duty's start).
    let (matter, investigator) =
        police_matter(&w, MatterState::ProviderAssigned, &["register_counsel"]);
    let refuse = || Command::RefuseRegistration {
        ground: RegistrationGround::AccusedRefuses,
        reason: text("Bị can từ chối người bào chữa được chỉ định"),
    };
    let now = vn(2026, 3, 3, 15, 0);
    let d = run(&w, &investigator, &matter, refuse(), now).unwrap();
    let reasons = opened(&d, "give_refusal_reasons").expect("the written reasons are owed");
    assert_eq!(reasons.started_at, vn(2026, 3, 2, 9, 0));
    assert_eq!(reasons.due_at, vn(2026, 3, 3, 9, 0));
    assert_eq!(
        reasons.discharged_at,
        Some(now),
        "the refusal carries its reasons: met when recorded (here 6 h late)"
    );
    assert!(reasons.basis.contains("TT 46/2019/TT-BCA Điều 6(3)"));
    assert!(opened(&d, "replace_provider").is_some());

    // A court's refusal owes no TT 46 reasons clock.
    let court = facts(&w, MatterState::ProviderAssigned, &["register_counsel"]);
    let d = run(&w, &w.clerk, &court, refuse(), now).unwrap();
    assert!(opened(&d, "give_refusal_reasons").is_none(), "{:?}", d.open);
}

#[test]
fn the_conclusion_of_the_investigation_goes_to_the_suspect_and_counsel_within_2_days_tt_46_2019_article_16_1()
 {
    let w = world();
    let (matter, investigator) = police_matter(&w, MatterState::Registered, &[]);
    let conclude = |at| Command::RecordInvestigationConclusion {
        concluded_at: Some(at),
        note: None,
    };
    // Concluded Mon 2 Mar 2026 at 16:00: due by 24:00 Wed 4 Mar.
    let now = vn(2026, 3, 2, 18, 0);
    let d = run(
        &w,
        &investigator,
        &matter,
        conclude(vn(2026, 3, 2, 16, 0)),
        now,
    )
    .unwrap();
    let send = opened(&d, "send_investigation_conclusion").expect("owed");
    assert_eq!(send.started_at, vn(2026, 3, 2, 16, 0));
    assert_eq!(send.due_at, vn(2026, 3, 5, 0, 0));
    assert_eq!(send.responsible, matter.facts.handling_agency);
    assert!(send.basis.contains("TT 46/2019/TT-BCA Điều 16(1)"));
    // Concluded Thu 5 Mar: day 2 is Sat 7 Mar, rolled over to Mon 9 Mar (BLDS Điều 148(5)).
    let d = run(
        &w,
        &investigator,
        &matter,
        conclude(vn(2026, 3, 5, 10, 0)),
        vn(2026, 3, 5, 11, 0),
    )
    .unwrap();
    let send = opened(&d, "send_investigation_conclusion").unwrap();
    assert_eq!(send.due_at, vn(2026, 3, 10, 0, 0));

    // While it is owed, the investigation body sends it before handing the matter on.
    let owed = Situation {
        facts: matter.facts.clone(),
        handling_agency_kind: matter.handling_agency_kind,
        ..facts(
            &w,
            MatterState::Registered,
            &["send_investigation_conclusion"],
        )
    };
    let procuracy = agency(AgencyKind::Procuracy);
    let mut to_procuracy = owed.clone();
    to_procuracy.referenced.agency = Some(procuracy.clone());
    let transfer = Command::TransferStage {
        to_agency: procuracy.id,
        stage: Stage::Prosecution,
    };
    let err = run(&w, &investigator, &to_procuracy, transfer, now).unwrap_err();
    assert!(err.to_string().contains("Điều 16(1)"), "{err}");
    let again = run(
        &w,
        &investigator,
        &owed,
        conclude(vn(2026, 3, 2, 16, 0)),
        now,
    );
    assert!(again.is_err(), "one conclusion at a time");
    let sent = Command::SendInvestigationConclusion { note: None };
    let d = run(&w, &investigator, &owed, sent.clone(), vn(2026, 3, 3, 9, 0)).unwrap();
    assert_eq!(d.discharge.len(), 1);
    assert_eq!(d.discharge[0].handoff, owed.open_handoffs[0].id);
    // Nothing to send before a conclusion; no conclusion after the investigation.
    assert!(run(&w, &investigator, &matter, sent, now).is_err());
    let mut prosecuted = matter.clone();
    prosecuted.facts.stage = Stage::Prosecution;
    let err = run(&w, &investigator, &prosecuted, conclude(now), now).unwrap_err();
    assert!(err.to_string().contains("investigation"), "{err}");
    // A court concludes no investigation.
    let court = facts(&w, MatterState::Registered, &[]);
    let err = run(&w, &w.clerk, &court, conclude(now), now).unwrap_err();
    assert!(matches!(err, DomainError::Forbidden(_)), "{err}");
}

mod recompute;
