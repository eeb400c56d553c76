//! Parsing and validating the year files (vietnam-working-calendar.md §6.2, §6.6).
//!
//! A year file is hand-entered from a VPCP letter or ministry notice, so every check here exists
//! to catch a data-entry mistake at load time, with the file and the date in the message.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use super::{CalendarError, DayProblem};

/// The only `scope` this module understands: the QĐ 188/1999/QĐ-TTg Monday–Friday week.
const SCOPE: &str = "vn-agencies-mon-fri";
const SCHEMA: u32 = 1;

/// How complete a year file is: `partial` files are topped up by the statutory rules (§6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Official,
    Partial,
}

/// The closed set of `kind` values (§6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    Holiday,
    Compensatory,
    SwappedOff,
    MakeUpWork,
}

/// One validated `days` entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) kind: EntryKind,
    pub(crate) name: Option<String>,
    /// For `swapped_off` / `make_up_work`: the other half of the swap.
    pub(crate) pair: Option<NaiveDate>,
    /// For `compensatory`: the weekend holiday it gives back.
    pub(crate) for_date: Option<NaiveDate>,
}

/// A validated year file. Pairs are checked across files by [`check_pairs`].
#[derive(Debug, Clone)]
pub(crate) struct YearFile {
    pub(crate) file: String,
    pub(crate) year: i32,
    pub(crate) status: Status,
    pub(crate) revision: u32,
    pub(crate) entries: BTreeMap<NaiveDate, Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema: u32,
    year: i32,
    scope: String,
    status: String,
    revision: u32,
    updated: String,
    #[serde(default, rename = "note")]
    _note: Option<String>,
    #[serde(default)]
    sources: Vec<RawSource>,
    #[serde(default)]
    days: Vec<RawDay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    #[serde(rename = "kind")]
    _kind: String,
    #[serde(default)]
    issued: Option<String>,
    #[serde(default)]
    in_force: Option<String>,
    #[serde(default, rename = "title")]
    _title: Option<String>,
    #[serde(default, rename = "url")]
    _url: Option<String>,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDay {
    date: String,
    kind: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    pair: Option<String>,
    #[serde(default, rename = "for")]
    for_date: Option<String>,
    #[serde(default)]
    basis: Vec<String>,
    #[serde(default)]
    on_weekend: Option<bool>,
}

fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

pub(crate) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Parse one year file and check every invariant that needs only that file.
pub(crate) fn parse(file: &str, text: &str) -> Result<YearFile, CalendarError> {
    let raw: RawFile = toml::from_str(text).map_err(|source| CalendarError::Parse {
        file: file.to_owned(),
        source,
    })?;
    let invalid = |problem: String| CalendarError::InvalidFile {
        file: file.to_owned(),
        problem,
    };
    if raw.schema != SCHEMA {
        return Err(invalid(format!(
            "schema {} is not supported (expected {SCHEMA})",
            raw.schema
        )));
    }
    if raw.scope != SCOPE {
        return Err(invalid(format!(
            "scope {:?} is not supported (expected {SCOPE:?})",
            raw.scope
        )));
    }
    let status = match raw.status.as_str() {
        "official" => Status::Official,
        "partial" => Status::Partial,
        other => {
            return Err(invalid(format!(
                "status {other:?} is not official or partial"
            )));
        }
    };
    if parse_date(&raw.updated).is_none() {
        return Err(invalid(format!(
            "updated {:?} is not a YYYY-MM-DD date",
            raw.updated
        )));
    }
    let mut source_ids = BTreeSet::new();
    for source in &raw.sources {
        if !source_ids.insert(source.id.as_str()) {
            return Err(invalid(format!(
                "source id {:?} is listed twice",
                source.id
            )));
        }
        for (field, value) in [("issued", &source.issued), ("in_force", &source.in_force)] {
            if let Some(value) = value.as_deref().filter(|v| parse_date(v).is_none()) {
                return Err(invalid(format!(
                    "source {:?}: {field} {value:?} is not a YYYY-MM-DD date",
                    source.id
                )));
            }
        }
    }

    let mut entries = BTreeMap::new();
    for day in &raw.days {
        let (date, entry) = parse_day(file, raw.year, &source_ids, day)?;
        if entries.insert(date, entry).is_some() {
            return Err(day_error(file, date, DayProblem::Duplicate));
        }
    }
    check_compensations(file, &entries)?;
    Ok(YearFile {
        file: file.to_owned(),
        year: raw.year,
        status,
        revision: raw.revision,
        entries,
    })
}

fn day_error(file: &str, date: impl ToString, problem: DayProblem) -> CalendarError {
    CalendarError::InvalidDay {
        file: file.to_owned(),
        date: date.to_string(),
        problem,
    }
}

fn parse_day(
    file: &str,
    year: i32,
    source_ids: &BTreeSet<&str>,
    day: &RawDay,
) -> Result<(NaiveDate, Entry), CalendarError> {
    let bad_date = |field: &'static str, value: &str| {
        day_error(
            file,
            &day.date,
            DayProblem::BadDate {
                field,
                value: value.to_owned(),
            },
        )
    };
    let date = parse_date(&day.date).ok_or_else(|| bad_date("date", &day.date))?;
    let fail = |problem| Err(day_error(file, date, problem));
    let kind = match day.kind.as_str() {
        "holiday" => EntryKind::Holiday,
        "compensatory" => EntryKind::Compensatory,
        "swapped_off" => EntryKind::SwappedOff,
        "make_up_work" => EntryKind::MakeUpWork,
        other => return fail(DayProblem::UnknownKind(other.to_owned())),
    };
    if date.year() != year {
        return fail(DayProblem::OutsideYear(year));
    }
    if day.basis.is_empty() {
        return fail(DayProblem::NoBasis);
    }
    if let Some(basis) = day.basis.iter().find(|b| !source_ids.contains(b.as_str())) {
        return fail(DayProblem::UnknownBasis(basis.clone()));
    }
    let pair = match &day.pair {
        Some(value) => Some(parse_date(value).ok_or_else(|| bad_date("pair", value))?),
        None => None,
    };
    let for_date = match &day.for_date {
        Some(value) => Some(parse_date(value).ok_or_else(|| bad_date("for", value))?),
        None => None,
    };
    let wants_pair = matches!(kind, EntryKind::SwappedOff | EntryKind::MakeUpWork);
    match (wants_pair, pair.is_some()) {
        (true, false) => return fail(DayProblem::MissingField("pair")),
        (false, true) => return fail(DayProblem::UnexpectedField("pair")),
        _ => {}
    }
    match (kind == EntryKind::Compensatory, for_date.is_some()) {
        (true, false) => return fail(DayProblem::MissingField("for")),
        (false, true) => return fail(DayProblem::UnexpectedField("for")),
        _ => {}
    }
    if kind != EntryKind::Holiday && day.on_weekend.is_some() {
        return fail(DayProblem::UnexpectedField("on_weekend"));
    }
    let weekend = is_weekend(date);
    match kind {
        EntryKind::MakeUpWork if !weekend => return fail(DayProblem::MakeUpWorkOnWeekday),
        EntryKind::SwappedOff | EntryKind::Compensatory if weekend => {
            return fail(DayProblem::DayOffOnWeekend);
        }
        EntryKind::Holiday if day.on_weekend.unwrap_or(false) != weekend => {
            return fail(DayProblem::OnWeekendMismatch { weekend });
        }
        _ => {}
    }
    let entry = Entry {
        kind,
        name: day.name.clone(),
        pair,
        for_date,
    };
    Ok((date, entry))
}

/// Every `compensatory` day gives back an earlier weekend holiday of the same file.
fn check_compensations(
    file: &str,
    entries: &BTreeMap<NaiveDate, Entry>,
) -> Result<(), CalendarError> {
    for (&date, entry) in entries {
        let Some(target) = entry.for_date else {
            continue;
        };
        let ok = target < date
            && is_weekend(target)
            && entries
                .get(&target)
                .is_some_and(|e| e.kind == EntryKind::Holiday);
        if !ok {
            return Err(day_error(
                file,
                date,
                DayProblem::CompensatesNothing(target),
            ));
        }
    }
    Ok(())
}

/// Swaps are one-to-one: each `make_up_work` Saturday pairs with a `swapped_off` weekday that
/// pairs back, and vice versa. Checked over all files, since a swap may cross a year end.
pub(crate) fn check_pairs(files: &BTreeMap<i32, YearFile>) -> Result<(), CalendarError> {
    for file in files.values() {
        for (&date, entry) in &file.entries {
            let (Some(pair), expected) = (entry.pair, entry.kind) else {
                continue;
            };
            let want = match expected {
                EntryKind::MakeUpWork => EntryKind::SwappedOff,
                _ => EntryKind::MakeUpWork,
            };
            let matched = files
                .get(&pair.year())
                .and_then(|other| other.entries.get(&pair))
                .is_some_and(|other| other.kind == want && other.pair == Some(date));
            if !matched {
                let problem = DayProblem::BadPair {
                    pair,
                    expected: match want {
                        EntryKind::SwappedOff => "swapped_off weekday",
                        _ => "make_up_work weekend day",
                    },
                };
                return Err(day_error(&file.file, date, problem));
            }
        }
    }
    Ok(())
}
