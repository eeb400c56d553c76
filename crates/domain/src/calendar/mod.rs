//! The Vietnamese agencies' working-day calendar and statutory deadline arithmetic
//! (shared/domain/vietnam-working-calendar.md).
//!
//! Pure: no I/O, no clock, no async. The yearly data is compiled in from
//! `rules/calendar/vn/<year>.toml`; a caller that wants to override it reads the files itself and
//! hands their texts to [`WorkingCalendar::from_year_files`].
//!
//! Layers, highest first (§6.1): the announced year file; the statutory rules (fixed dates,
//! Hùng Kings from the lunar table, Art 111(3) compensation); for years without a file, the Tết
//! and National Day heuristics; then the Monday–Friday week.

mod data;
mod deadline;
mod fallback;
mod lunar;
#[cfg(test)]
mod lunar_algo;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc, Weekday};

use data::{EntryKind, Status};

const VN_OFFSET: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("+07:00 is a valid offset"),
};

/// Asia/Ho_Chi_Minh: UTC+07:00 all year, no DST.
pub fn vn_offset() -> FixedOffset {
    VN_OFFSET
}

/// What kind of day a local date is for agencies on the Monday–Friday week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// An ordinary Monday–Friday working day.
    Working,
    /// An ordinary Saturday or Sunday.
    WeeklyRest,
    /// A statutory holiday (possibly on a weekend, which changes nothing by itself).
    Holiday,
    /// *Nghỉ bù*: a weekday given back for a holiday that fell on a weekend (Art 111(3)).
    Compensatory,
    /// A weekday given off in exchange for a make-up Saturday (*ngày nghỉ hoán đổi*).
    SwappedOff,
    /// A weekend day worked in exchange for a swapped weekday (*ngày làm bù*): a working day.
    MakeUpWork,
}

/// Where a day's classification comes from, so callers know how far to trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certainty {
    /// From an announced year file (and, in an `official` file, the ordinary days too).
    Official,
    /// Computed from the law: fixed dates, lunar dates, compensation; and the ordinary days of a
    /// `partial` year.
    Statutory,
    /// A heuristic, or any day of a year with no file: an announcement may still change it.
    Provisional,
}

/// The classification of one local date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayInfo {
    /// Working or not, and why.
    pub kind: DayKind,
    /// How far to trust `kind`: announced, computed from law, or a projection.
    pub certainty: Certainty,
    /// The Vietnamese name of the holiday or day off, when the data gives one.
    pub name: Option<String>,
}

/// A statutory time limit (vietnam-working-calendar.md §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Clock hours, run continuously through nights, weekends and holidays.
    Hours(u32),
    /// Calendar days; `rollover` moves an end on a rest day to the next working day's end.
    Days { n: u32, rollover: bool },
    /// Calendar months, clamped to the month's end; `rollover` as for days.
    Months { n: u32, rollover: bool },
    /// Working days on the agencies' calendar.
    WorkingDays(u32),
}

/// The end of a limit: an exclusive instant (day-based limits end at 00:00 +07:00 of the day after the last day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub at: DateTime<Utc>,
    /// True when a day the count relied on comes from the heuristic fallback (no announced year file).
    pub provisional: bool,
    /// [`WorkingCalendar::revision`] of the data used; recompute when it changes (§6.5).
    pub calendar_revision: String,
    /// Human-readable arithmetic, e.g. "2026-02-16 skipped: Tết Nguyên đán (holiday)".
    pub steps: Vec<String>,
    /// The rest days and holidays the count passed over (working-day counts and rollover),
    /// in the order met.
    pub skipped: Vec<(NaiveDate, DayInfo)>,
    /// Whether the end moved off a rest day (rollover).
    pub rolled_over: bool,
    /// The years whose days the count read that are not announced in full: a `partial`
    /// year file, or a year with no file at all.
    pub provisional_years: Vec<i32>,
}

/// A year file that cannot be loaded. Every message names the file, and the date when one entry
/// is at fault.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("{file}: not a valid calendar year file: {source}")]
    Parse {
        file: String,
        #[source]
        source: toml::de::Error,
    },
    #[error("{file}: {problem}")]
    InvalidFile { file: String, problem: String },
    #[error("{file}: year {year} is already defined by {other}")]
    DuplicateYear {
        file: String,
        other: String,
        year: i32,
    },
    #[error("{file}: day {date}: {problem}")]
    InvalidDay {
        file: String,
        /// The entry's date as written in the file.
        date: String,
        problem: DayProblem,
    },
}

/// What is wrong with one `days` entry (§6.6 invariants).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DayProblem {
    #[error("{field} {value:?} is not a YYYY-MM-DD date")]
    BadDate { field: &'static str, value: String },
    #[error("unknown kind {0:?} (expected holiday, compensatory, swapped_off or make_up_work)")]
    UnknownKind(String),
    #[error("the date lies outside the file's year {0}")]
    OutsideYear(i32),
    #[error("the date is listed more than once")]
    Duplicate,
    #[error("no basis: every entry needs at least one source id")]
    NoBasis,
    #[error("basis {0:?} is not among the file's sources")]
    UnknownBasis(String),
    #[error("this kind requires `{0}`")]
    MissingField(&'static str),
    #[error("`{0}` does not apply to this kind")]
    UnexpectedField(&'static str),
    #[error("make_up_work must fall on a Saturday or Sunday")]
    MakeUpWorkOnWeekday,
    #[error("swapped_off and compensatory days must fall on a weekday")]
    DayOffOnWeekend,
    #[error("on_weekend does not match the date (weekend: {weekend})")]
    OnWeekendMismatch { weekend: bool },
    #[error("pair {pair} is not a {expected} entry that pairs back with this day")]
    BadPair {
        pair: NaiveDate,
        expected: &'static str,
    },
    #[error("for = {0} is not an earlier weekend holiday in this file")]
    CompensatesNothing(NaiveDate),
}

/// The year files compiled into the binary: (name used in error messages, contents).
const BUNDLED: [(&str, &str); 4] = [
    (
        "rules/calendar/vn/2024.toml",
        include_str!("../../rules/calendar/vn/2024.toml"),
    ),
    (
        "rules/calendar/vn/2025.toml",
        include_str!("../../rules/calendar/vn/2025.toml"),
    ),
    (
        "rules/calendar/vn/2026.toml",
        include_str!("../../rules/calendar/vn/2026.toml"),
    ),
    (
        "rules/calendar/vn/2027.toml",
        include_str!("../../rules/calendar/vn/2027.toml"),
    ),
];

/// The agencies' calendar: validated year files plus the computed fallback.
#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    /// One entry per year file, with a `partial` file's statutory fill already merged in.
    years: BTreeMap<i32, YearDays>,
    revision: String,
}

/// The days of one year that are not ordinary Mon–Fri working days or Sat–Sun rest days.
#[derive(Debug, Clone)]
struct YearDays {
    special: BTreeMap<NaiveDate, DayInfo>,
    /// Certainty of the ordinary days.
    base: Certainty,
}

impl YearDays {
    fn day(&self, date: NaiveDate) -> DayInfo {
        if let Some(info) = self.special.get(&date) {
            return info.clone();
        }
        let kind = match date.weekday() {
            Weekday::Sat | Weekday::Sun => DayKind::WeeklyRest,
            _ => DayKind::Working,
        };
        DayInfo {
            kind,
            certainty: self.base,
            name: None,
        }
    }
}

impl WorkingCalendar {
    /// The year files compiled into the binary.
    ///
    /// # Errors
    /// Only if a bundled file is invalid, which the unit tests rule out.
    pub fn bundled() -> Result<Self, CalendarError> {
        Self::from_year_files(BUNDLED)
    }

    /// Build from year-file texts: (file name for error messages, TOML contents). Used to override the bundled data from a directory (the caller does the I/O).
    ///
    /// # Errors
    /// [`CalendarError`] naming the file (and the date) when a file is not valid TOML in the
    /// §6.2 format, breaks a §6.6 invariant (unknown kind, date outside the year, duplicate date,
    /// unpaired or misplaced swap, unknown basis, …), or repeats a year another file defines.
    pub fn from_year_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, CalendarError> {
        let mut parsed: BTreeMap<i32, data::YearFile> = BTreeMap::new();
        let mut hashes: BTreeMap<i32, u64> = BTreeMap::new();
        for (name, text) in files {
            let file = data::parse(name, text)?;
            if let Some(other) = parsed.get(&file.year) {
                return Err(CalendarError::DuplicateYear {
                    file: name.to_owned(),
                    other: other.file.clone(),
                    year: file.year,
                });
            }
            hashes.insert(file.year, fnv1a64(text.as_bytes()));
            parsed.insert(file.year, file);
        }
        data::check_pairs(&parsed)?;

        let mut revision = parsed
            .values()
            .map(|f| format!("{}r{}", f.year, f.revision))
            .collect::<Vec<_>>()
            .join(",");
        let digest = fnv1a64(
            &hashes
                .values()
                .flat_map(|h| h.to_le_bytes())
                .collect::<Vec<_>>(),
        );
        revision = format!("vn:{revision};fallback{};{digest:016x}", fallback::VERSION);

        let years = parsed
            .into_iter()
            .map(|(year, file)| (year, year_days(&file)))
            .collect();
        Ok(Self { years, revision })
    }

    /// Classify a local (Asia/Ho_Chi_Minh) date: year file first, then statutory rules, then heuristic fallback, then the Mon–Fri week (§6.1).
    pub fn day(&self, date: NaiveDate) -> DayInfo {
        self.year_days(date.year()).day(date)
    }

    /// A make-up Saturday is a working day; a swapped weekday is not (§3.3).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        is_working(self.day(date).kind)
    }

    /// Identifies the data: changes whenever any year file's revision changes.
    ///
    /// Format: `vn:<year>r<revision>,…;fallback<rules version>;<FNV-1a of the file texts>`, so an
    /// edit that forgets to bump `revision` still changes it.
    pub fn revision(&self) -> String {
        self.revision.clone()
    }

    fn year_days(&self, year: i32) -> Cow<'_, YearDays> {
        match self.years.get(&year) {
            Some(days) => Cow::Borrowed(days),
            None => Cow::Owned(YearDays {
                special: fallback::fill(year, &BTreeMap::new()),
                base: Certainty::Provisional,
            }),
        }
    }
}

fn is_working(kind: DayKind) -> bool {
    matches!(kind, DayKind::Working | DayKind::MakeUpWork)
}

/// A file's entries are `Official`; a `partial` file is topped up by the statutory layer.
fn year_days(file: &data::YearFile) -> YearDays {
    let mut special: BTreeMap<NaiveDate, DayInfo> = file
        .entries
        .iter()
        .map(|(&date, entry)| {
            let kind = match entry.kind {
                EntryKind::Holiday => DayKind::Holiday,
                EntryKind::Compensatory => DayKind::Compensatory,
                EntryKind::SwappedOff => DayKind::SwappedOff,
                EntryKind::MakeUpWork => DayKind::MakeUpWork,
            };
            let info = DayInfo {
                kind,
                certainty: Certainty::Official,
                name: entry.name.clone(),
            };
            (date, info)
        })
        .collect();
    let base = match file.status {
        Status::Official => Certainty::Official,
        Status::Partial => {
            for (date, info) in fallback::fill(file.year, &file.entries) {
                special.entry(date).or_insert(info);
            }
            Certainty::Statutory
        }
    };
    YearDays { special, base }
}

/// FNV-1a, 64 bit: a stable, dependency-free fingerprint of the year-file texts.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
