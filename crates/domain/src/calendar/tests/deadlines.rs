//! §7 test cases T1–T15, the extra regression cases, and `deadline_before`.

use super::super::{Deadline, Limit};
use super::{at, calendar};

fn forward(start: &str, limit: Limit) -> Deadline {
    calendar().deadline(at(start), limit)
}

fn days(n: u32, rollover: bool) -> Limit {
    Limit::Days { n, rollover }
}

#[test]
fn t1_hour_limits_run_through_the_tet_holiday() {
    let d = forward("2026-02-16T09:00:00+07:00", Limit::Hours(24));
    assert_eq!(d.at, at("2026-02-17T09:00:00+07:00"));
    assert!(!d.provisional);
}

#[test]
fn t2_a_utc_start_counts_hours_through_the_30_april_holiday() {
    let d = forward("2026-04-29T20:30:00Z", Limit::Hours(12));
    assert_eq!(d.at, at("2026-04-30T15:30:00+07:00"));
}

#[test]
fn t3_day_limits_skip_the_event_day_and_end_at_midnight() {
    let d = forward("2025-03-03T10:00:00+07:00", days(3, false));
    assert_eq!(d.at, at("2025-03-07T00:00:00+07:00"));
}

#[test]
fn t4_civil_code_day_limit_ending_on_saturday_rolls_to_monday() {
    let d = forward("2025-03-07T10:00:00+07:00", days(15, true));
    assert_eq!(d.at, at("2025-03-25T00:00:00+07:00"));
    assert!(d.steps.iter().any(|s| s.starts_with("2025-03-22 skipped")));
}

#[test]
fn t5_civil_code_day_limit_ending_in_tet_rolls_past_the_whole_break() {
    let d = forward("2026-02-01T10:00:00+07:00", days(15, true));
    assert_eq!(d.at, at("2026-02-24T00:00:00+07:00"));
    assert!(
        d.steps.iter().any(
            |s| s.starts_with("2026-02-16 skipped: Tết Nguyên đán") && s.ends_with("(holiday)")
        ),
        "{:?}",
        d.steps
    );
}

#[test]
fn t6_criminal_procedure_day_limit_without_rollover_ends_inside_tet() {
    let d = forward("2026-02-01T10:00:00+07:00", days(15, false));
    assert_eq!(d.at, at("2026-02-17T00:00:00+07:00"));
}

#[test]
fn t7_month_limit_clamps_to_28_february_then_rolls_to_monday() {
    let d = forward(
        "2026-01-31T10:00:00+07:00",
        Limit::Months {
            n: 1,
            rollover: true,
        },
    );
    assert_eq!(d.at, at("2026-03-03T00:00:00+07:00"));
}

#[test]
fn t8_working_days_skip_the_weekend() {
    let d = forward("2025-06-05T10:00:00+07:00", Limit::WorkingDays(3));
    assert_eq!(d.at, at("2025-06-11T00:00:00+07:00"));
}

#[test]
fn t9_new_year_2026_swap_pushes_three_working_days_to_8_january() {
    let d = forward("2025-12-31T14:00:00+07:00", Limit::WorkingDays(3));
    assert_eq!(d.at, at("2026-01-08T00:00:00+07:00"));
    assert!(d.steps.iter().any(|s| s.starts_with("2026-01-02 skipped")));
}

#[test]
fn t10_make_up_saturday_10_january_2026_counts_as_a_working_day() {
    let d = forward("2026-01-08T10:00:00+07:00", Limit::WorkingDays(2));
    assert_eq!(d.at, at("2026-01-11T00:00:00+07:00"));
}

#[test]
fn t11_working_days_skip_the_2026_tet_break() {
    let d = forward("2026-02-12T09:00:00+07:00", Limit::WorkingDays(3));
    assert_eq!(d.at, at("2026-02-25T00:00:00+07:00"));
}

#[test]
fn t12_hung_kings_on_sunday_makes_monday_27_april_2026_a_compensatory_day() {
    let d = forward("2026-04-24T16:00:00+07:00", Limit::WorkingDays(1));
    assert_eq!(d.at, at("2026-04-29T00:00:00+07:00"));
}

#[test]
fn t13_culture_day_24_november_2026_is_skipped() {
    let d = forward("2026-11-23T15:00:00+07:00", Limit::WorkingDays(1));
    assert_eq!(d.at, at("2026-11-26T00:00:00+07:00"));
}

#[test]
fn t14_the_event_day_is_the_local_date_not_the_utc_date() {
    let d = forward("2025-06-05T18:00:00Z", Limit::WorkingDays(1));
    assert_eq!(d.at, at("2025-06-10T00:00:00+07:00"));
}

#[test]
fn t15_fallback_year_2028_compensates_saturday_new_year_and_is_provisional() {
    let d = forward("2027-12-31T10:00:00+07:00", Limit::WorkingDays(1));
    assert_eq!(d.at, at("2028-01-05T00:00:00+07:00"));
    assert!(d.provisional);
}

#[test]
fn days_from_announced_years_are_not_provisional() {
    for start in ["2025-12-31T14:00:00+07:00", "2027-02-03T10:00:00+07:00"] {
        let d = forward(start, Limit::WorkingDays(3));
        assert!(!d.provisional, "{start}");
        assert_eq!(d.calendar_revision, calendar().revision());
    }
}

#[test]
fn swap_of_29_april_2024_makes_saturday_4_may_the_third_working_day() {
    let d = forward("2024-04-26T10:00:00+07:00", Limit::WorkingDays(3));
    assert_eq!(d.at, at("2024-05-05T00:00:00+07:00"));
}

#[test]
fn make_up_saturday_26_april_2025_is_the_first_working_day() {
    let d = forward("2025-04-25T10:00:00+07:00", Limit::WorkingDays(1));
    assert_eq!(d.at, at("2025-04-27T00:00:00+07:00"));
}

#[test]
fn national_day_break_2026_pushes_one_working_day_to_3_september() {
    let d = forward("2026-08-28T10:00:00+07:00", Limit::WorkingDays(1));
    assert_eq!(d.at, at("2026-09-04T00:00:00+07:00"));
}

#[test]
fn partial_year_2027_tet_break_pushes_two_working_days_to_12_february() {
    let d = forward("2027-02-03T10:00:00+07:00", Limit::WorkingDays(2));
    assert_eq!(d.at, at("2027-02-13T00:00:00+07:00"));
}

#[test]
fn rollover_treats_a_swapped_weekday_as_a_rest_day_and_a_make_up_saturday_as_working() {
    // Q3: day 2 = Fri 2 Jan 2026 (swapped off) rolls to Mon 5 Jan.
    let d = forward("2025-12-31T10:00:00+07:00", days(2, true));
    assert_eq!(d.at, at("2026-01-06T00:00:00+07:00"));
    // Day 2 = Sat 10 Jan 2026 (make-up working day) does not roll.
    let d = forward("2026-01-08T10:00:00+07:00", days(2, true));
    assert_eq!(d.at, at("2026-01-11T00:00:00+07:00"));
}

#[test]
fn calendar_day_limits_without_rollover_do_not_depend_on_provisional_data() {
    let d = forward("2028-01-20T10:00:00+07:00", days(10, false));
    assert_eq!(d.at, at("2028-01-31T00:00:00+07:00"));
    assert!(!d.provisional);
}

#[test]
fn hearing_schedule_ten_days_before_a_hearing_is_due_by_the_end_of_29_november() {
    let cal = calendar();
    let d = cal.deadline_before(at("2026-12-10T08:00:00+07:00"), days(10, false));
    assert_eq!(d.at, at("2026-11-30T00:00:00+07:00"));
}

#[test]
fn backward_rollover_from_sunday_moves_to_the_end_of_friday_not_the_rest_saturday() {
    // The last day, Sun 29 Nov 2026, is a rest day; Sat 28 Nov is an ordinary rest Saturday
    // (the proposed make-up day was not adopted), so the end moves to Fri 27 Nov.
    let cal = calendar();
    let d = cal.deadline_before(at("2026-12-10T08:00:00+07:00"), days(10, true));
    assert_eq!(d.at, at("2026-11-28T00:00:00+07:00"));
}

#[test]
fn backward_hours_and_working_days_count_from_the_event() {
    let cal = calendar();
    let event = at("2026-02-23T08:00:00+07:00");
    let d = cal.deadline_before(event, Limit::Hours(48));
    assert_eq!(d.at, at("2026-02-21T08:00:00+07:00"));
    // WD 1 before Mon 23 Feb 2026 is Fri 13 Feb (the Tết break is skipped), WD 2 is Thu 12 Feb.
    let d = cal.deadline_before(event, Limit::WorkingDays(2));
    assert_eq!(d.at, at("2026-02-12T00:00:00+07:00"));
}

#[test]
fn backward_months_mirror_days() {
    let cal = calendar();
    let limit = Limit::Months {
        n: 1,
        rollover: true,
    };
    // 1 month before 31 Mar 2026 is 28 Feb; the act is due by the end of Fri 27 Feb.
    let d = cal.deadline_before(at("2026-03-31T09:00:00+07:00"), limit);
    assert_eq!(d.at, at("2026-02-28T00:00:00+07:00"));
}
