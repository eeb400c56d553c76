//! Pricing a claim: each session line at the base salary in force on the day of the work,
//! the cap of sessions per matter, and the lump sum's range.

use chrono::NaiveDate;

use super::{BaseSalary, ClaimKind, ClaimRequest, PayTable, PricedClaim, PricedLine, SessionInput};
use crate::error::DomainError;
use crate::matter::ProceedingKind;

/// `n / d` rounded half up, for `n >= 0` and `d > 0`: whole đồng.
fn round_half_up(n: i64, d: i64) -> i64 {
    (n + d / 2) / d
}

impl PayTable {
    /// The base salary in force on `day`, or a refusal on `field` naming the first one.
    fn base_for(&self, field: &str, day: NaiveDate) -> Result<&BaseSalary, DomainError> {
        self.base_salary_on(day).ok_or_else(|| {
            let first = &self.base_salaries[0];
            DomainError::invalid(
                field,
                format!(
                    "no base salary (mức lương cơ sở) was in force on {day}: the first Baton \
                     knows is {} đồng from {} ({})",
                    first.amount, first.from, first.basis
                ),
            )
        })
    }

    /// One session's pay on a day whose base salary is `base`, for `hours` of work:
    /// coefficient × base × hours / hours-per-session, rounded half up to a whole đồng.
    pub fn session_amount(&self, base: i64, hours: u32) -> i64 {
        let s = &self.session;
        round_half_up(
            base * s.coefficient_permille * i64::from(hours),
            1000 * i64::from(s.hours_per_session),
        )
    }

    /// Prices a claim on a matter of `proceeding` received on `received` (local date),
    /// given the hours already claimed on the matter by claims not rejected, on `today`
    /// (local date). Every refusal names the field, as the API spells it, and the article.
    pub fn price(
        &self,
        proceeding: ProceedingKind,
        request: &ClaimRequest,
        hours_before: u32,
        received: NaiveDate,
        today: NaiveDate,
    ) -> Result<PricedClaim, DomainError> {
        let within = |field: String, day: NaiveDate| {
            if day < received {
                Err(DomainError::invalid(
                    field,
                    format!("lies before the request was received ({received}): no aid was given"),
                ))
            } else {
                Ok(())
            }
        };
        let claim = match request {
            ClaimRequest::Sessions { lines } => {
                self.price_sessions(proceeding, lines, hours_before, today)?
            }
            ClaimRequest::LumpSum { worked_on, amount } => {
                self.price_lump_sum(*worked_on, *amount, today)?
            }
        };
        match request {
            ClaimRequest::Sessions { lines } => {
                for (i, line) in lines.iter().enumerate() {
                    within(format!("lines[{i}].workedOn"), line.worked_on)?;
                }
            }
            ClaimRequest::LumpSum { worked_on, .. } => {
                within("lumpSum.workedOn".into(), *worked_on)?;
            }
        }
        Ok(claim)
    }

    fn price_sessions(
        &self,
        proceeding: ProceedingKind,
        lines: &[SessionInput],
        hours_before: u32,
        today: NaiveDate,
    ) -> Result<PricedClaim, DomainError> {
        let s = &self.session;
        if lines.is_empty() {
            return Err(DomainError::invalid(
                "lines",
                "a claim by sessions lists at least one session",
            ));
        }
        let day_hours = s.max_sessions_per_day * s.hours_per_session;
        let mut priced: Vec<PricedLine> = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            let field = |name: &str| format!("lines[{i}].{name}");
            if line.worked_on > today {
                return Err(DomainError::invalid(
                    field("workedOn"),
                    "cannot lie in the future",
                ));
            }
            let base = self.base_for(&field("workedOn"), line.worked_on)?;
            let hours = self.line_hours(line, &field)?;
            let activity = self.activity(&line.activity).ok_or_else(|| {
                let known: Vec<_> = self.activities.iter().map(|a| a.code.as_str()).collect();
                DomainError::invalid(
                    field("activity"),
                    format!("unknown activity; one of: {}", known.join(", ")),
                )
            })?;
            if !activity.proceedings.contains(&proceeding) {
                return Err(DomainError::invalid(
                    field("activity"),
                    format!(
                        "{} ({}) is not paid in {} ({})",
                        activity.code,
                        activity.label,
                        proceeding.label_vi(),
                        activity.basis
                    ),
                ));
            }
            let confirmation = line.confirmed_by.as_ref().ok_or_else(|| {
                DomainError::invalid(
                    field("confirmedBy"),
                    format!(
                        "a session's time is confirmed by the investigator, prosecutor, judge, \
                         court clerk or detention officer before whom it was worked ({})",
                        self.confirmation_basis
                    ),
                )
            })?;
            let same_day: u32 = priced
                .iter()
                .filter(|p| p.worked_on == line.worked_on)
                .map(|p| p.hours)
                .sum();
            if same_day + hours > day_hours {
                return Err(DomainError::invalid(
                    field("hours"),
                    format!(
                        "{} holds more than {} sessions ({day_hours} hours) ({})",
                        line.worked_on, s.max_sessions_per_day, s.basis
                    ),
                ));
            }
            priced.push(PricedLine {
                worked_on: line.worked_on,
                hours,
                activity: activity.code.clone(),
                confirmer_role: Some(confirmation.role),
                confirmer_name: Some(confirmation.name.as_str().to_owned()),
                base_salary: base.amount,
                amount: self.session_amount(base.amount, hours),
            });
        }
        let hours: u32 = priced.iter().map(|p| p.hours).sum();
        let cap = s.max_sessions * s.hours_per_session;
        if hours_before + hours > cap {
            return Err(DomainError::invalid(
                "lines",
                format!(
                    "{} hours with the matter's earlier claims ({hours_before} hours): at most {} \
                     sessions of {} hours ({cap} hours) are paid per matter ({})",
                    hours_before + hours,
                    s.max_sessions,
                    s.hours_per_session,
                    s.basis
                ),
            ));
        }
        let (work_from, work_to) = span(priced.iter().map(|p| p.worked_on));
        Ok(PricedClaim {
            kind: ClaimKind::Sessions,
            amount: priced.iter().map(|p| p.amount).sum(),
            lines: priced,
            hours,
            work_from,
            work_to,
        })
    }

    /// The hours of a line: its half-day sessions or its hours, exactly one of them.
    fn line_hours(
        &self,
        line: &SessionInput,
        field: &dyn Fn(&str) -> String,
    ) -> Result<u32, DomainError> {
        let s = &self.session;
        let day_hours = s.max_sessions_per_day * s.hours_per_session;
        let in_range =
            |value: i32, max: u32| u32::try_from(value).ok().filter(|v| (1..=max).contains(v));
        match (line.half_days, line.hours) {
            (Some(n), None) => in_range(n, s.max_sessions_per_day)
                .map(|n| n * s.hours_per_session)
                .ok_or_else(|| {
                    DomainError::invalid(
                        field("halfDays"),
                        format!(
                            "a day holds 1 to {} half-day sessions (buổi), not {n} ({})",
                            s.max_sessions_per_day, s.basis
                        ),
                    )
                }),
            (None, Some(h)) => in_range(h, day_hours).ok_or_else(|| {
                DomainError::invalid(
                    field("hours"),
                    format!(
                        "a day holds 1 to {day_hours} hours of sessions, not {h} ({})",
                        s.basis
                    ),
                )
            }),
            _ => Err(DomainError::invalid(
                field("halfDays"),
                "give either the half-day sessions (halfDays) or the hours, exactly one",
            )),
        }
    }

    fn price_lump_sum(
        &self,
        worked_on: NaiveDate,
        amount: i64,
        today: NaiveDate,
    ) -> Result<PricedClaim, DomainError> {
        if worked_on > today {
            return Err(DomainError::invalid(
                "lumpSum.workedOn",
                "cannot lie in the future",
            ));
        }
        let base = self.base_for("lumpSum.workedOn", worked_on)?;
        let l = &self.lump_sum;
        let (min, max) = (l.min_multiple * base.amount, l.max_multiple * base.amount);
        if !(min..=max).contains(&amount) {
            return Err(DomainError::invalid(
                "lumpSum.amount",
                format!(
                    "a lump sum is {} to {} × the base salary in force on {worked_on} ({} đồng): \
                     {min} to {max} đồng, not {amount} ({})",
                    l.min_multiple, l.max_multiple, base.amount, l.basis
                ),
            ));
        }
        Ok(PricedClaim {
            kind: ClaimKind::LumpSum,
            lines: vec![PricedLine {
                worked_on,
                hours: 0,
                activity: String::new(),
                confirmer_role: None,
                confirmer_name: None,
                base_salary: base.amount,
                amount,
            }],
            hours: 0,
            amount,
            work_from: worked_on,
            work_to: worked_on,
        })
    }
}

/// The first and last day of a non-empty list of days.
fn span(days: impl Iterator<Item = NaiveDate> + Clone) -> (NaiveDate, NaiveDate) {
    let from = days.clone().min().unwrap_or_default();
    let to = days.max().unwrap_or_default();
    (from, to)
}
