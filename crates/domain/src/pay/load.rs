//! Parsing and checking the pay table. Every error names the file and the place.

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Activity, BaseSalary, LumpSumRule, PayTable, SessionRule};
use crate::matter::ProceedingKind;

/// Why a pay table could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {place}: {message}")]
pub struct PayTableError {
    pub file: String,
    pub place: String,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    id: String,
    title: String,
    base_salary: Vec<RawBase>,
    session: RawSession,
    lump_sum: RawLump,
    confirmation: RawConfirmation,
    activity: Vec<RawActivity>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBase {
    from: NaiveDate,
    amount: i64,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    coefficient_permille: i64,
    max_sessions: u32,
    hours_per_session: u32,
    max_sessions_per_day: u32,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLump {
    min_multiple: i64,
    max_multiple: i64,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfirmation {
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActivity {
    code: String,
    label: String,
    proceedings: Vec<ProceedingKind>,
    basis: String,
}

impl PayTable {
    /// Parses and checks a pay table file.
    pub fn parse(file: &str, text: &str) -> Result<Self, PayTableError> {
        let err = |place: String, message: String| PayTableError {
            file: file.to_owned(),
            place,
            message,
        };
        let raw: Raw = toml::from_str(text).map_err(|e| err("syntax".into(), e.to_string()))?;
        let basis = |place: String, b: &str| {
            if b.trim().is_empty() {
                Err(err(place, "every value needs its legal basis".into()))
            } else {
                Ok(())
            }
        };
        if raw.base_salary.is_empty() {
            return Err(err("base_salary".into(), "at least one is needed".into()));
        }
        for (i, b) in raw.base_salary.iter().enumerate() {
            let place = format!("base_salary[{i}]");
            basis(format!("{place}.basis"), &b.basis)?;
            if b.amount <= 0 {
                return Err(err(format!("{place}.amount"), "must be positive".into()));
            }
            if i > 0 && raw.base_salary[i - 1].from >= b.from {
                return Err(err(
                    format!("{place}.from"),
                    "base salaries are listed in date order, each from a later day".into(),
                ));
            }
        }
        let s = &raw.session;
        basis("session.basis".into(), &s.basis)?;
        if s.coefficient_permille <= 0
            || s.max_sessions == 0
            || s.hours_per_session == 0
            || s.max_sessions_per_day == 0
        {
            return Err(err(
                "session".into(),
                "every number must be positive".into(),
            ));
        }
        let l = &raw.lump_sum;
        basis("lump_sum.basis".into(), &l.basis)?;
        if l.min_multiple <= 0 || l.min_multiple > l.max_multiple {
            return Err(err(
                "lump_sum".into(),
                "needs 0 < min_multiple <= max_multiple".into(),
            ));
        }
        basis("confirmation.basis".into(), &raw.confirmation.basis)?;
        for (i, a) in raw.activity.iter().enumerate() {
            let place = format!("activity[{i}] ({})", a.code);
            basis(format!("{place}.basis"), &a.basis)?;
            if a.proceedings.is_empty() {
                return Err(err(place, "names no procedure type".into()));
            }
            if raw.activity[..i].iter().any(|b| b.code == a.code) {
                return Err(err(place, "a second activity with this code".into()));
            }
        }
        Ok(Self {
            id: raw.id,
            title: raw.title,
            base_salaries: raw
                .base_salary
                .into_iter()
                .map(|b| BaseSalary {
                    from: b.from,
                    amount: b.amount,
                    basis: b.basis,
                })
                .collect(),
            session: SessionRule {
                coefficient_permille: s.coefficient_permille,
                max_sessions: s.max_sessions,
                hours_per_session: s.hours_per_session,
                max_sessions_per_day: s.max_sessions_per_day,
                basis: raw.session.basis,
            },
            lump_sum: LumpSumRule {
                min_multiple: l.min_multiple,
                max_multiple: l.max_multiple,
                basis: raw.lump_sum.basis,
            },
            confirmation_basis: raw.confirmation.basis,
            activities: raw
                .activity
                .into_iter()
                .map(|a| Activity {
                    code: a.code,
                    label: a.label,
                    proceedings: a.proceedings,
                    basis: a.basis,
                })
                .collect(),
        })
    }
}
