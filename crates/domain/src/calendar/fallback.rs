//! The computed layers (vietnam-working-calendar.md §6.1 layers 2–3, §6.4): statutory days,
//! the Tết and National Day heuristics, and Art 111(3) compensation. Never swaps.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::data::{Entry, EntryKind, is_weekend};
use super::{Certainty, DayInfo, DayKind, lunar};

/// Bump whenever these rules change, so that `WorkingCalendar::revision` changes too.
pub(crate) const VERSION: u32 = 1;

/// Ngày Văn hóa Việt Nam (24 Nov) is a day off from this year (NQ 28/2026/QH16).
const CULTURE_DAY_FROM: i32 = 2026;
const CULTURE_DAY: &str = "Ngày Văn hóa Việt Nam";

/// A computed holiday before compensation.
struct Holiday {
    date: NaiveDate,
    name: String,
    certainty: Certainty,
}

/// The computed days of `year` that `listed` (the entries of a `partial` file, or nothing when
/// the year has no file) does not already express. Each value is a day off.
///
/// - Fixed dates and Hùng Kings are `Statutory`; the Tết block and the second National Day day
///   are heuristics, hence `Provisional`, and are skipped when the file announces them.
/// - Every weekend holiday without a `compensatory` entry gives the next weekday that is not
///   already off (Art 111(3)). The compensation is `Provisional` when its holiday is, and for
///   24 Nov, whose compensation the law does not yet settle (Q1).
pub(crate) fn fill(year: i32, listed: &BTreeMap<NaiveDate, Entry>) -> BTreeMap<NaiveDate, DayInfo> {
    let is_listed_holiday = |date: Option<NaiveDate>| {
        date.and_then(|d| listed.get(&d))
            .is_some_and(|e| e.kind == EntryKind::Holiday)
    };
    let mut holidays = Vec::new();
    let mut add = |date: Option<NaiveDate>, name: &str, certainty| {
        if let Some(date) = date.filter(|d| !listed.contains_key(d)) {
            let name = name.to_owned();
            holidays.push(Holiday {
                date,
                name,
                certainty,
            });
        }
    };
    let statutory = Certainty::Statutory;
    add(ymd(year, 1, 1), "Tết Dương lịch", statutory);
    add(ymd(year, 4, 30), "Ngày Chiến thắng", statutory);
    add(ymd(year, 5, 1), "Ngày Quốc tế Lao động", statutory);
    add(ymd(year, 9, 2), "Quốc khánh", statutory);
    if year >= CULTURE_DAY_FROM {
        add(ymd(year, 11, 24), CULTURE_DAY, statutory);
    }
    add(lunar::hung_kings(year), "Giỗ Tổ Hùng Vương", statutory);
    if let Some(t1) = lunar::tet(year).filter(|&t1| !is_listed_holiday(Some(t1))) {
        for date in tet_block(t1) {
            add(Some(date), "Tết Nguyên đán", Certainty::Provisional);
        }
    }
    let sep2 = ymd(year, 9, 2);
    let adjacent_listed = is_listed_holiday(ymd(year, 9, 1)) || is_listed_holiday(ymd(year, 9, 3));
    if !(is_listed_holiday(sep2) && adjacent_listed) {
        let second = sep2.and_then(second_national_day);
        add(second, "Quốc khánh, ngày liền kề", Certainty::Provisional);
    }

    let mut off: BTreeSet<NaiveDate> = holidays.iter().map(|h| h.date).collect();
    off.extend(
        listed
            .iter()
            .filter(|(_, e)| e.kind != EntryKind::MakeUpWork)
            .map(|(&d, _)| d),
    );
    let compensated: BTreeSet<NaiveDate> = listed.values().filter_map(|e| e.for_date).collect();
    let mut weekend: Vec<(NaiveDate, String, Certainty)> = holidays
        .iter()
        .filter(|h| is_weekend(h.date))
        .map(|h| {
            (
                h.date,
                h.name.clone(),
                compensation_certainty(h.date, h.certainty),
            )
        })
        .collect();
    weekend.extend(
        listed
            .iter()
            .filter(|(d, e)| {
                e.kind == EntryKind::Holiday && is_weekend(**d) && !compensated.contains(*d)
            })
            .map(|(&d, e)| {
                let name = e.name.clone().unwrap_or_else(|| "ngày lễ".to_owned());
                (d, name, compensation_certainty(d, Certainty::Statutory))
            }),
    );
    weekend.sort_by_key(|w| w.0);

    let mut days: BTreeMap<NaiveDate, DayInfo> = holidays
        .into_iter()
        .map(|h| (h.date, info(DayKind::Holiday, h.certainty, h.name)))
        .collect();
    for (holiday, name, certainty) in weekend {
        let mut date = holiday;
        while is_weekend(date) || off.contains(&date) {
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
        off.insert(date);
        let name = format!("Nghỉ bù {name} {}", holiday.format("%d/%m"));
        days.insert(date, info(DayKind::Compensatory, certainty, name));
    }
    days
}

/// Compensation for 24 Nov is not settled in law (Q1), so it is only ever `Provisional`.
fn compensation_certainty(holiday: NaiveDate, certainty: Certainty) -> Certainty {
    let culture_day =
        holiday.year() >= CULTURE_DAY_FROM && holiday.month() == 11 && holiday.day() == 24;
    if culture_day {
        Certainty::Provisional
    } else {
        certainty
    }
}

fn info(kind: DayKind, certainty: Certainty, name: String) -> DayInfo {
    DayInfo {
        kind,
        certainty,
        name: Some(name),
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// §6.4 step 3: 1 day before + 4 after Tết when that overlaps fewer weekend days than
/// 2 before + 3 after; otherwise 2 + 3.
pub(crate) fn tet_block(t1: NaiveDate) -> Vec<NaiveDate> {
    let block = |before: u64| -> Vec<NaiveDate> {
        let Some(first) = t1.checked_sub_days(Days::new(before)) else {
            return Vec::new();
        };
        first.iter_days().take(5).collect()
    };
    let weekend_days = |days: &[NaiveDate]| days.iter().filter(|d| is_weekend(**d)).count();
    let (one_four, two_three) = (block(1), block(2));
    if weekend_days(&one_four) < weekend_days(&two_three) {
        one_four
    } else {
        two_three
    }
}

/// §1.3: the second National Day day, by the weekday of 2 Sep (python-holidays' rule).
pub(crate) fn second_national_day(sep2: NaiveDate) -> Option<NaiveDate> {
    match sep2.weekday() {
        Weekday::Mon | Weekday::Thu | Weekday::Sun => sep2.succ_opt(),
        Weekday::Tue | Weekday::Wed | Weekday::Fri | Weekday::Sat => sep2.pred_opt(),
    }
}
