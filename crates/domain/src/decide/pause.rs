//! A paused clock that runs again (issue 10 item 9: pausing a working-day clock pauses
//! working time): the new due instant, and the step of the computation that explains it.
//! Used when a command resumes a clock ([`super::clocks`]) and when a recompute replays a
//! clock's pauses with the calendar in force now ([`super::recompute`]).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::computation::{PauseStep, SkippedDay};
use crate::calendar::{Limit, WorkingCalendar, vn_offset};

/// The step of a clock paused at `paused_at` with `due_before` still to run, resumed at
/// `resumed`. `limit` is the forward day-based limit the clock counts (working days,
/// calendar days, months); `None` for an hour limit, a clock counted back from a hearing,
/// or one whose rule is no longer in the rule set.
///
/// - Without a day-based limit, the due instant moves later by the time it stood still.
/// - A day-based limit keeps the days it still had when paused: the days after the pause
///   day up to its last day (working days for a working-day limit, calendar days
///   otherwise). They are counted again from the resume instant with the calendar, the
///   resume day not counted, ending at 24:00 local and rolling over rest days as the limit
///   says. A clock paused on its last day keeps the rest of a day: it ends at 24:00 of the
///   resume day, or of the next working day when that is a rest day.
/// - A clock paused when already overdue stays due when it was.
pub(super) fn resume_step(
    calendar: &WorkingCalendar,
    limit: Option<Limit>,
    paused_at: DateTime<Utc>,
    due_before: DateTime<Utc>,
    resumed: DateTime<Utc>,
) -> PauseStep {
    let mut step = PauseStep {
        paused_at,
        resumed_at: resumed,
        due_before,
        left: String::new(),
        left_en: String::new(),
        skipped: Vec::new(),
        rolled_over: false,
        provisional_years: Vec::new(),
        due: due_before,
    };
    let elapsed = |mut step: PauseStep| {
        let left = (due_before - paused_at).max(Duration::zero());
        (step.left, step.left_en) = duration_words(left);
        step.due = due_before + (resumed - paused_at);
        step
    };
    let Some(limit) = limit.filter(|l| !matches!(l, Limit::Hours(_))) else {
        return elapsed(step);
    };
    if paused_at >= due_before {
        step.left = "không còn (đã quá hạn khi tạm dừng)".into();
        step.left_en = "nothing (already overdue when paused)".into();
        return step;
    }
    match days_left(calendar, limit, paused_at, due_before, resumed) {
        Some(left) => {
            step.left = left.words.0;
            step.left_en = left.words.1;
            step.due = left.due;
            step.skipped = left.skipped;
            step.rolled_over = left.rolled_over;
            step.provisional_years = left.provisional_years;
            step
        }
        // Out of chrono's date range: nothing sensible to count.
        None => elapsed(step),
    }
}

/// What a day-based limit still had, counted again from the resume instant.
struct DaysLeft {
    words: (String, String),
    due: DateTime<Utc>,
    skipped: Vec<SkippedDay>,
    rolled_over: bool,
    provisional_years: Vec<i32>,
}

/// `None` only out of chrono's date range.
fn days_left(
    calendar: &WorkingCalendar,
    limit: Limit,
    paused_at: DateTime<Utc>,
    due_before: DateTime<Utc>,
    resumed: DateTime<Utc>,
) -> Option<DaysLeft> {
    let paused_day = local_date(paused_at);
    let last_day = last_day_of(due_before);
    let (remaining, words) = match limit {
        Limit::WorkingDays(_) => {
            let mut count = 0u32;
            let mut day = paused_day;
            while day < last_day {
                day = day.succ_opt()?;
                if calendar.is_working_day(day) {
                    count += 1;
                }
            }
            if count == 0 {
                return rest_of_last_day(calendar, resumed);
            }
            let words = (
                format!("{count} ngày làm việc"),
                format!("{count} working days"),
            );
            (Limit::WorkingDays(count), words)
        }
        // Zero days left ends at 24:00 of the resume day, rolled over as the limit says.
        Limit::Days { rollover, .. } | Limit::Months { rollover, .. } => {
            let n = u32::try_from((last_day - paused_day).num_days().max(0)).ok()?;
            (
                Limit::Days { n, rollover },
                (format!("{n} ngày"), format!("{n} days")),
            )
        }
        Limit::Hours(_) => return None,
    };
    let deadline = calendar.deadline(resumed, remaining);
    Some(DaysLeft {
        words,
        due: deadline.at,
        skipped: deadline
            .skipped
            .iter()
            .map(|(date, info)| SkippedDay::new(*date, info))
            .collect(),
        rolled_over: deadline.rolled_over,
        provisional_years: deadline.provisional_years,
    })
}

/// A working-day clock paused on its last day: 24:00 of the first working day from the
/// resume day on.
fn rest_of_last_day(calendar: &WorkingCalendar, resumed: DateTime<Utc>) -> Option<DaysLeft> {
    let mut skipped = Vec::new();
    let mut day = local_date(resumed);
    while !calendar.is_working_day(day) {
        skipped.push(SkippedDay::new(day, &calendar.day(day)));
        day = day.succ_opt()?;
    }
    Some(DaysLeft {
        words: (
            "phần còn lại của ngày làm việc cuối cùng".into(),
            "the rest of the last working day".into(),
        ),
        due: start_of(day.succ_opt()?)?,
        rolled_over: !skipped.is_empty(),
        skipped,
        provisional_years: Vec::new(),
    })
}

/// "5 giờ 30 phút" / "5 hours 30 minutes".
fn duration_words(d: Duration) -> (String, String) {
    let (h, m) = (d.num_hours(), d.num_minutes() % 60);
    if m == 0 {
        (format!("{h} giờ"), format!("{h} hours"))
    } else {
        (
            format!("{h} giờ {m} phút"),
            format!("{h} hours {m} minutes"),
        )
    }
}

pub(super) fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&vn_offset()).date_naive()
}

/// The last local day a day-based due instant covers: the day before when it is 00:00
/// local (24:00 of that day), else its own day.
fn last_day_of(due_at: DateTime<Utc>) -> NaiveDate {
    let local = due_at.with_timezone(&vn_offset());
    let day = local.date_naive();
    if local.time() == NaiveTime::MIN {
        day.pred_opt().unwrap_or(day)
    } else {
        day
    }
}

/// 00:00 local (+07:00) of `day`.
fn start_of(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_time(NaiveTime::MIN)
        .and_local_timezone(vn_offset())
        .single()
        .map(|t| t.to_utc())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::TimeZone;

    use super::*;

    fn vn(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        vn_offset()
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    /// A calendar-day limit keeps the calendar days it had and rolls its new last day off
    /// a rest day (Civil Code Điều 148(5)), here off Tết 2026.
    #[test]
    fn a_paused_calendar_day_limit_keeps_its_days_and_rolls_over_rest_days_blds_148_5() {
        let calendar = WorkingCalendar::bundled().unwrap();
        let limit = Limit::Days {
            n: 10,
            rollover: true,
        };
        // Due 24:00 Fri 13 Feb; paused Mon 9 Feb: 10, 11, 12, 13 Feb (4 days) remain.
        let (paused, due) = (vn(2026, 2, 9, 15), vn(2026, 2, 14, 0));
        // Resumed Wed 18 Feb: day 4 is Sun 22 Feb, rolled over to Mon 23 Feb.
        let step = resume_step(&calendar, Some(limit), paused, due, vn(2026, 2, 18, 9));
        assert_eq!(step.due, vn(2026, 2, 24, 0));
        assert_eq!(step.left, "4 ngày");
        assert!(step.rolled_over);
        let no_rollover = Limit::Days {
            n: 10,
            rollover: false,
        };
        let step = resume_step(
            &calendar,
            Some(no_rollover),
            paused,
            due,
            vn(2026, 2, 18, 9),
        );
        assert_eq!(step.due, vn(2026, 2, 23, 0), "24:00 Sun 22 Feb");
        assert!(!step.rolled_over);
    }

    /// An hour limit moves by the time it stood still and says how much it had left.
    #[test]
    fn an_hour_limit_keeps_the_hours_it_had() {
        let calendar = WorkingCalendar::bundled().unwrap();
        let (paused, due) = (vn(2026, 3, 2, 12), vn(2026, 3, 2, 21));
        let step = resume_step(&calendar, None, paused, due, vn(2026, 3, 3, 18));
        assert_eq!(step.due, due + Duration::hours(30));
        assert_eq!(
            (step.left.as_str(), step.left_en.as_str()),
            ("9 giờ", "9 hours")
        );
        assert!(step.skipped.is_empty());
    }
}
