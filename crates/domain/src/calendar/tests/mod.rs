//! Unit tests for the calendar, split by concern. Fixtures are the bundled year files.

#![allow(clippy::unwrap_used)]

mod days;
mod deadlines;
mod loading;

use chrono::{DateTime, NaiveDate, Utc};

use super::WorkingCalendar;

fn calendar() -> WorkingCalendar {
    WorkingCalendar::bundled().expect("the bundled year files load")
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// An RFC 3339 instant, e.g. "2026-02-16T09:00:00+07:00".
fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}
