//! Issue 10: a resumed clock's computation explains its new due instant, and a recompute
//! with changed calendar data moves a due instant once, explaining why.

use super::*;
use crate::decide::{ClockState, Recomputed, recompute};

const Y2026: &str = include_str!("../../../rules/calendar/vn/2026.toml");
const Y2027: &str = include_str!("../../../rules/calendar/vn/2027.toml");

/// The bundled calendar with `year`'s file replaced by `text`.
fn calendar_with(year: i32, text: &str) -> WorkingCalendar {
    let files = [
        (
            "2024.toml",
            include_str!("../../../rules/calendar/vn/2024.toml"),
        ),
        (
            "2025.toml",
            include_str!("../../../rules/calendar/vn/2025.toml"),
        ),
        ("2026.toml", if year == 2026 { text } else { Y2026 }),
        ("2027.toml", if year == 2027 { text } else { Y2027 }),
    ];
    WorkingCalendar::from_year_files(files).unwrap()
}

/// 2027 once a swap is announced: Thu 29/4 off, worked back on Sat 8/5 (the kind of
/// announcement the 30/4 holidays get every year).
pub(super) fn swap_2027() -> WorkingCalendar {
    let text = Y2027
        .replace(
            "sources = [\n",
            "sources = [\n  { id = \"swap-2027\", kind = \"ministry_notice\", title = \"Hoán đổi ngày 29/4/2027\" },\n",
        )
        .replace(
            "  { date = \"2027-04-30\"",
            "  { date = \"2027-04-29\", kind = \"swapped_off\", name = \"Nghỉ hoán đổi, làm bù thứ Bảy 08/5\", pair = \"2027-05-08\", basis = [\"swap-2027\"] },\n  { date = \"2027-04-30\"",
        )
        .replace(
            "  { date = \"2027-09-02\"",
            "  { date = \"2027-05-08\", kind = \"make_up_work\", name = \"Làm bù cho thứ Năm 29/4\", pair = \"2027-04-29\", basis = [\"swap-2027\"] },\n  { date = \"2027-09-02\"",
        );
    calendar_with(2027, &text)
}

/// A civil matter accepted at `at`: its assign_provider duty (3 working days, Luật TGPL
/// Điều 31(2)) as `calendar` counts it.
fn accepted(
    w: &World,
    calendar: &WorkingCalendar,
    at: DateTime<Utc>,
) -> (Situation, PlannedHandoff) {
    let matter = civil(facts(w, MatterState::NotifiedToCenter, &[]));
    let principal = &w.coordinator;
    let d = decide(
        &rules(),
        calendar,
        principal,
        &matter,
        Command::AcceptReferral { note: None },
        at,
    )
    .unwrap();
    let plan = d.open[0].clone();
    assert_eq!(plan.clock, "assign_provider");
    let mut after = matter;
    after.facts = d.facts;
    (after, plan)
}

fn state<'a>(
    id: HandoffId,
    plan: &PlannedHandoff,
    due_at: DateTime<Utc>,
    pauses: &'a [(DateTime<Utc>, DateTime<Utc>)],
    computation: &'a Computation,
) -> ClockState<'a> {
    ClockState {
        id,
        clock: "assign_provider",
        started_at: plan.started_at,
        due_at,
        warn_at: plan.warn_at,
        paused_at: None,
        pauses,
        computation: Some(computation),
    }
}

/// Across Tết 2026: a clock paused on Wed 11 Feb with 2 working days left and resumed on
/// Fri 20 Feb stores a computation that says so, names the days of Tết it skipped after
/// the resume, and ends on the new due instant.
#[test]
fn a_resumed_working_day_clock_explains_its_new_due_instant_across_tet_2026() {
    let w = world();
    let (matter, plan) = accepted(&w, &calendar(), vn(2026, 2, 10, 10, 0));
    assert_eq!(plan.due_at, vn(2026, 2, 14, 0, 0));
    let mut paused = awaiting_assignment(
        &w,
        CustodyStatus::AtLiberty,
        plan.started_at,
        plan.due_at,
        plan.warn_at,
    );
    paused.facts = matter.facts.clone();
    paused.open_handoffs[0].paused_at = Some(vn(2026, 2, 11, 15, 0));
    paused.open_handoffs[0].computation = Some(plan.computation.clone());
    let d = receive_proof(&w, &paused, vn(2026, 2, 20, 16, 0));
    let c = d.resume[0]
        .computation
        .clone()
        .expect("the computation is kept");
    assert_eq!(c.due, vn(2026, 2, 25, 0, 0));
    assert_eq!(c.due, d.resume[0].due_at);
    assert_eq!(c.pauses.len(), 1);
    let p = &c.pauses[0];
    assert_eq!(
        (p.left.as_str(), p.left_en.as_str()),
        ("2 ngày làm việc", "2 working days")
    );
    assert_eq!(p.due_before, vn(2026, 2, 14, 0, 0));
    let names: Vec<_> = p.skipped.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        ["Thứ Bảy", "Chủ Nhật"],
        "Sat 21 and Sun 22 Feb, after Tết"
    );
    let vi = c.explanation_vi();
    assert!(vi.contains("tạm dừng lúc 15:00 11/02/2026 (hạn khi đó 24:00 13/02/2026), còn 2 ngày làm việc, tính tiếp từ 16:00 20/02/2026"), "{vi}");
    assert!(vi.ends_with("hạn 24:00 24/02/2026."), "{vi}");
    let en = c.explanation_en();
    assert!(
        en.contains(
            "paused at 15:00 11/02/2026 (then due 24:00 13/02/2026) with 2 working days left"
        ),
        "{en}"
    );

    // Replayed with the same calendar, the resumed clock does not move.
    let pauses = [(vn(2026, 2, 11, 15, 0), vn(2026, 2, 20, 16, 0))];
    let h = state(paused.open_handoffs[0].id, &plan, c.due, &pauses, &c);
    assert_eq!(
        recompute(
            &rules(),
            &calendar(),
            &matter.facts,
            Some(AgencyKind::LegalAidCenter),
            &h
        ),
        Recomputed::Unchanged
    );

    // A day off added after Tết (Mon 23 Feb) moves it a working day later, and says why.
    let extra = Y2026.replace(
        "  { date = \"2026-02-17\"",
        "  { date = \"2026-02-23\", kind = \"holiday\", name = \"Nghỉ thêm sau Tết\", basis = [\"blld-2019\"] },\n  { date = \"2026-02-17\"",
    );
    let changed = calendar_with(2026, &extra);
    let Recomputed::Moved(m) = recompute(
        &rules(),
        &changed,
        &matter.facts,
        Some(AgencyKind::LegalAidCenter),
        &h,
    ) else {
        panic!("the due instant moves");
    };
    assert_eq!(
        (m.old_due, m.due_at),
        (vn(2026, 2, 25, 0, 0), vn(2026, 2, 26, 0, 0))
    );
    assert_eq!(m.computation.pauses.len(), 1, "the pause is replayed");
    assert!(
        m.why_vi
            .contains("Lịch nghỉ năm 2026 thay đổi: thêm ngày nghỉ Nghỉ thêm sau Tết 23/02/2026"),
        "{}",
        m.why_vi
    );
    assert_eq!(
        m.warn_at - plan.warn_at,
        m.due_at - m.old_due,
        "the warning moves with it"
    );
    assert_eq!(m.calendar_revision, changed.revision());
}

/// The 30/4 swap of 2027: 3 working days from Tue 27 Apr end at 24:00 Tue 4 May with the
/// data shipped (Fri 30/4, Sat 1/5, Sun 2/5 and Mon 3/5 off); once Thu 29/4 is swapped
/// off they end at 24:00 Wed 5 May. A second recompute moves nothing.
#[test]
fn a_recompute_moves_a_working_day_deadline_once_when_the_30_4_swap_of_2027_is_announced() {
    let w = world();
    let (matter, plan) = accepted(&w, &calendar(), vn(2027, 4, 27, 10, 0));
    assert_eq!(plan.due_at, vn(2027, 5, 5, 0, 0));
    assert_eq!(plan.computation.provisional_years, [2027]);
    let id = HandoffId::generate();
    let kind = Some(AgencyKind::LegalAidCenter);
    let h = state(id, &plan, plan.due_at, &[], &plan.computation);
    assert_eq!(
        recompute(&rules(), &calendar(), &matter.facts, kind, &h),
        Recomputed::Unchanged,
        "same data, same due"
    );

    let swapped = swap_2027();
    let Recomputed::Moved(m) = recompute(&rules(), &swapped, &matter.facts, kind, &h) else {
        panic!("the swap moves the due instant");
    };
    assert_eq!(
        (m.old_due, m.due_at),
        (vn(2027, 5, 5, 0, 0), vn(2027, 5, 6, 0, 0))
    );
    assert_eq!(m.computation.due, m.due_at);
    assert!(m.computation.skipped.iter().any(
        |d| d.kind == "swapped_off" && d.date == NaiveDate::from_ymd_opt(2027, 4, 29).unwrap()
    ));
    assert_eq!(
        m.why_vi,
        "Lịch nghỉ năm 2027 thay đổi: thêm ngày nghỉ Nghỉ hoán đổi, làm bù thứ Bảy 08/5 29/04/2027"
    );
    assert_eq!(
        m.why_en,
        "The days off of 2027 changed: new day off: Nghỉ hoán đổi, làm bù thứ Bảy 08/5 29/04/2027"
    );
    assert_eq!(
        m.warn_at,
        clocks::warn_at(
            &rules(),
            rules().clock("assign_provider").unwrap(),
            plan.started_at,
            m.due_at
        )
    );

    let again = state(id, &plan, m.due_at, &[], &m.computation);
    assert_eq!(
        recompute(&rules(), &swapped, &matter.facts, kind, &again),
        Recomputed::Unchanged,
        "idempotent"
    );

    let decision = m.clone().decision(
        &matter.facts,
        Some("Lịch nghỉ năm 2027 thay đổi: hoán đổi ngày 30/4"),
        vn(2027, 4, 28, 8, 0),
    );
    assert_eq!(decision.event.code(), "deadline_recomputed");
    assert_eq!(
        decision.facts, matter.facts,
        "the matter's facts do not change"
    );
    let EventDetail::DeadlineRecomputed(moved) = &decision.detail else {
        panic!()
    };
    assert_eq!(
        moved.summary_vi(),
        "Hạn thay đổi (assign_provider): hạn cũ 24:00 04/05/2027, hạn mới 24:00 05/05/2027 — Lịch nghỉ năm 2027 thay đổi: hoán đổi ngày 30/4; Lịch nghỉ năm 2027 thay đổi: thêm ngày nghỉ Nghỉ hoán đổi, làm bù thứ Bảy 08/5 29/04/2027"
    );
}

/// An hour limit does not depend on the calendar: a changed calendar moves nothing.
#[test]
fn an_hour_limit_is_not_moved_by_a_calendar_change() {
    let w = world();
    let matter = facts(&w, MatterState::NotifiedToCenter, &[]);
    let d = decide(
        &rules(),
        &calendar(),
        &w.coordinator,
        &matter,
        Command::AcceptReferral { note: None },
        vn(2027, 4, 28, 10, 0),
    )
    .unwrap();
    for plan in &d.open {
        let h = ClockState {
            id: HandoffId::generate(),
            clock: &plan.clock,
            started_at: plan.started_at,
            due_at: plan.due_at,
            warn_at: plan.warn_at,
            paused_at: None,
            pauses: &[],
            computation: Some(&plan.computation),
        };
        if !plan.computation.day_based {
            assert_eq!(
                recompute(
                    &rules(),
                    &swap_2027(),
                    &d.facts,
                    Some(AgencyKind::LegalAidCenter),
                    &h
                ),
                Recomputed::Unchanged,
                "{}",
                plan.clock
            );
        }
    }
}
