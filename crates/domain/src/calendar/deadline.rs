//! Deadline arithmetic (vietnam-working-calendar.md §3.4).
//!
//! All day arithmetic runs on the local date in Asia/Ho_Chi_Minh. Day-based limits end at
//! 24:00 local on their last day, stored as the exclusive instant 00:00 +07:00 of the next day.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, TimeDelta, Utc};

use super::{Certainty, DayInfo, DayKind, Deadline, Limit, WorkingCalendar, YearDays};
use super::{is_working, vn_offset};

impl WorkingCalendar {
    /// The deadline of `limit` started at `start` (§3.4 semantics; the event day is never counted; day-based limits end at 24:00 local; rollover moves the end past rest days, which include swapped weekdays and exclude make-up Saturdays).
    ///
    /// A limit so long that it leaves chrono's date range ends at `DateTime::<Utc>::MAX_UTC`.
    pub fn deadline(&self, start: DateTime<Utc>, limit: Limit) -> Deadline {
        let mut run = Run::new(self);
        let at = run.forward(start, limit);
        run.finish(at, DateTime::<Utc>::MAX_UTC)
    }

    /// Same, counting backwards: the latest instant by which something must be done that must happen `limit` before `event` (e.g. "send the hearing schedule at least 10 days before the hearing"): for Days{n,..} the answer is 00:00 local of (local_date(event) - n days), i.e. the end of the day before; for Hours, event - n h; WorkingDays counts working days backwards. Rollover backwards moves to the previous working day's end.
    ///
    /// `WorkingDays(n)` ends at 00:00 local of the n-th working day before the event day, so
    /// that n whole working days lie between the act and the event. `Months` mirrors `Days`.
    /// A limit that leaves chrono's date range ends at `DateTime::<Utc>::MIN_UTC`.
    pub fn deadline_before(&self, event: DateTime<Utc>, limit: Limit) -> Deadline {
        let mut run = Run::new(self);
        let at = run.backward(event, limit);
        run.finish(at, DateTime::<Utc>::MIN_UTC)
    }
}

/// One computation: reads days a year at a time, records the steps, and notes whether any day
/// it relied on was provisional.
struct Run<'a> {
    calendar: &'a WorkingCalendar,
    year: Option<(i32, Cow<'a, YearDays>)>,
    provisional: bool,
    steps: Vec<String>,
    skipped: Vec<(NaiveDate, DayInfo)>,
    rolled_over: bool,
    provisional_years: Vec<i32>,
}

impl<'a> Run<'a> {
    fn new(calendar: &'a WorkingCalendar) -> Self {
        Self {
            calendar,
            year: None,
            provisional: false,
            steps: Vec::new(),
            skipped: Vec::new(),
            rolled_over: false,
            provisional_years: Vec::new(),
        }
    }

    fn finish(mut self, at: Option<DateTime<Utc>>, out_of_range: DateTime<Utc>) -> Deadline {
        let at = at.unwrap_or_else(|| {
            self.steps
                .push("the limit leaves the supported date range".to_owned());
            out_of_range
        });
        Deadline {
            at,
            provisional: self.provisional,
            calendar_revision: self.calendar.revision(),
            steps: self.steps,
            skipped: self.skipped,
            rolled_over: self.rolled_over,
            provisional_years: self.provisional_years,
        }
    }

    fn read(&mut self, date: NaiveDate) -> DayInfo {
        let year = date.year();
        let days = match &mut self.year {
            Some((y, days)) if *y == year => days,
            slot => {
                let days = self.calendar.year_days(year);
                if days.base != Certainty::Official && !self.provisional_years.contains(&year) {
                    self.provisional_years.push(year);
                }
                &mut slot.insert((year, days)).1
            }
        };
        let info = days.day(date);
        if info.certainty == Certainty::Provisional {
            self.provisional = true;
        }
        info
    }

    fn step(&mut self, text: String) {
        self.steps.push(text);
    }

    fn skipped(&mut self, date: NaiveDate, info: &DayInfo) {
        self.step(format!("{date} skipped: {}", describe(date, info)));
        self.skipped.push((date, info.clone()));
    }

    fn forward(&mut self, start: DateTime<Utc>, limit: Limit) -> Option<DateTime<Utc>> {
        let d0 = local_date(start);
        match limit {
            Limit::Hours(n) => {
                let at = start.checked_add_signed(TimeDelta::hours(i64::from(n)))?;
                self.step(format!(
                    "{} + {n} h, counted continuously through nights, weekends and holidays = {}",
                    local(start),
                    local(at)
                ));
                Some(at)
            }
            Limit::Days { n, rollover } => {
                self.step(format!("event day {} not counted", day_label(d0)));
                let last = d0.checked_add_days(Days::new(u64::from(n)))?;
                self.step(format!("day {n} = {}", day_label(last)));
                let last = if rollover {
                    self.roll(last, true)?
                } else {
                    last
                };
                self.end_of(last)
            }
            Limit::Months { n, rollover } => {
                let last = d0.checked_add_months(Months::new(n))?;
                self.month_step(n, "after", d0, last);
                let last = if rollover {
                    self.roll(last, true)?
                } else {
                    last
                };
                self.end_of(last)
            }
            Limit::WorkingDays(n) => {
                self.step(format!("event day {} not counted", day_label(d0)));
                let last = self.count_working_days(d0, n, true)?;
                self.end_of(last)
            }
        }
    }

    fn backward(&mut self, event: DateTime<Utc>, limit: Limit) -> Option<DateTime<Utc>> {
        let e0 = local_date(event);
        match limit {
            Limit::Hours(n) => {
                let at = event.checked_sub_signed(TimeDelta::hours(i64::from(n)))?;
                self.step(format!(
                    "{} − {n} h, counted continuously = {}",
                    local(event),
                    local(at)
                ));
                Some(at)
            }
            Limit::Days { n, rollover } => {
                let first = e0.checked_sub_days(Days::new(u64::from(n)))?;
                self.step(format!(
                    "{n} whole days before the event day {}: {} onwards",
                    day_label(e0),
                    day_label(first)
                ));
                self.done_by_day_before(first, rollover)
            }
            Limit::Months { n, rollover } => {
                let first = e0.checked_sub_months(Months::new(n))?;
                self.month_step(n, "before", e0, first);
                self.done_by_day_before(first, rollover)
            }
            Limit::WorkingDays(n) => {
                self.step(format!("event day {} not counted", day_label(e0)));
                let first = self.count_working_days(e0, n, false)?;
                let at = start_of(first)?;
                self.step(format!("must be done before {}", local(at)));
                Some(at)
            }
        }
    }

    /// Backwards: the act must be done by the end of the day before `first`, moved back to the
    /// previous working day's end when `rollover` is set.
    fn done_by_day_before(&mut self, first: NaiveDate, rollover: bool) -> Option<DateTime<Utc>> {
        let last = first.pred_opt()?;
        let last = if rollover {
            self.roll(last, false)?
        } else {
            last
        };
        self.end_of(last)
    }

    fn month_step(&mut self, n: u32, direction: &str, from: NaiveDate, to: NaiveDate) {
        let clamped = if to.day() == from.day() {
            ""
        } else {
            " (no such day in that month: its last day)"
        };
        self.step(format!(
            "{n} month(s) {direction} {} = {}{clamped}",
            day_label(from),
            day_label(to)
        ));
    }

    /// The n-th working day after (`forward`) or before `from`, skipping rest days.
    fn count_working_days(&mut self, from: NaiveDate, n: u32, forward: bool) -> Option<NaiveDate> {
        let mut date = from;
        let mut count = 0;
        while count < n {
            date = if forward {
                date.succ_opt()?
            } else {
                date.pred_opt()?
            };
            let info = self.read(date);
            if is_working(info.kind) {
                count += 1;
                let note = match info.kind {
                    DayKind::MakeUpWork => format!(", {}", describe(date, &info)),
                    _ => String::new(),
                };
                self.step(format!("WD {count} = {}{note}", day_label(date)));
            } else {
                self.skipped(date, &info);
            }
        }
        Some(date)
    }

    /// Rollover (CC 148(5), CPC 134): move off rest days, forwards or backwards.
    fn roll(&mut self, mut date: NaiveDate, forward: bool) -> Option<NaiveDate> {
        let mut moved = false;
        loop {
            let info = self.read(date);
            if is_working(info.kind) {
                if moved {
                    self.rolled_over = true;
                    self.step(format!(
                        "rolled over to the working day {}",
                        day_label(date)
                    ));
                }
                return Some(date);
            }
            self.skipped(date, &info);
            moved = true;
            date = if forward {
                date.succ_opt()?
            } else {
                date.pred_opt()?
            };
        }
    }

    fn end_of(&mut self, last: NaiveDate) -> Option<DateTime<Utc>> {
        let at = start_of(last.succ_opt()?)?;
        self.step(format!("ends 24:00 on {last} = {}", local(at)));
        Some(at)
    }
}

fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&vn_offset()).date_naive()
}

/// 00:00 local (+07:00) of `date`.
fn start_of(date: NaiveDate) -> Option<DateTime<Utc>> {
    date.and_time(NaiveTime::MIN)
        .and_local_timezone(vn_offset())
        .single()
        .map(|t| t.to_utc())
}

fn local(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&vn_offset())
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn day_label(date: NaiveDate) -> String {
    date.format("%Y-%m-%d (%a)").to_string()
}

/// E.g. "Tết Nguyên đán, 29 tháng Chạp (holiday)", "Saturday (weekly rest)".
fn describe(date: NaiveDate, info: &DayInfo) -> String {
    let label = match info.kind {
        DayKind::Working => "working day",
        DayKind::WeeklyRest => "weekly rest",
        DayKind::Holiday => "holiday",
        DayKind::Compensatory => "compensatory day off",
        DayKind::SwappedOff => "swapped weekday off",
        DayKind::MakeUpWork => "make-up working day",
    };
    let what = match (&info.name, info.kind) {
        (Some(name), _) => format!("{name} ({label})"),
        (None, DayKind::WeeklyRest) => format!("{} ({label})", date.format("%A")),
        (None, _) => label.to_owned(),
    };
    match info.certainty {
        Certainty::Provisional => format!("{what} [provisional]"),
        Certainty::Official | Certainty::Statutory => what,
    }
}
