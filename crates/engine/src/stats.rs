//! Statistics for the half-year report (JC 10 art. 20(5)): per province, responsible
//! agency and kind of duty, what was open, met on time, met late and overdue in a period,
//! and the median time to discharge.

use std::collections::BTreeMap;

use baton_domain::DomainError;
use baton_domain::access::Operation;
use baton_domain::agency::Principal;
use baton_domain::ids::AgencyId;
use baton_store::ConnectionTrait;
use baton_store::scope::Scope;
use baton_store::stats::{self, DutyRow};
use chrono::{DateTime, Duration, Utc};

use crate::queries::require;
use crate::{Engine, EngineError};

/// How many duties a report reads at a time.
pub const PAGE: u64 = 10_000;

/// The figures of one province, agency and kind of duty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyStatistics {
    pub province: String,
    pub agency: AgencyId,
    pub clock: String,
    /// Still owed at the end of the period.
    pub open: u64,
    /// Owed at the end of the period and past due then.
    pub overdue: u64,
    /// Discharged within the period, by the due instant.
    pub met_on_time: u64,
    /// Discharged within the period, after the due instant.
    pub met_late: u64,
    /// Median time from start to discharge of those discharged in the period.
    pub median_seconds_to_discharge: Option<i64>,
}

/// Counts the rows into one line per (province, agency, kind), in that order.
pub fn aggregate(rows: &[DutyRow], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DutyStatistics> {
    let mut tally = Tally::default();
    for row in rows {
        tally.add(row, from, to);
    }
    tally.finish()
}

/// The report as it is counted, one duty at a time: per group its figures and the times
/// to discharge (for the median).
#[derive(Debug, Default)]
pub struct Tally {
    groups: BTreeMap<(String, AgencyId, String), (DutyStatistics, Vec<i64>)>,
}

impl Tally {
    /// Counts one duty owed at some point of `[from, to)`.
    pub fn add(&mut self, row: &DutyRow, from: DateTime<Utc>, to: DateTime<Utc>) {
        let key = (row.province.clone(), row.agency, row.clock.clone());
        let (s, durations) = self.groups.entry(key).or_insert_with(|| {
            let stats = DutyStatistics {
                province: row.province.clone(),
                agency: row.agency,
                clock: row.clock.clone(),
                open: 0,
                overdue: 0,
                met_on_time: 0,
                met_late: 0,
                median_seconds_to_discharge: None,
            };
            (stats, Vec::new())
        });
        match row.discharged_at {
            Some(at) if at >= from && at < to => {
                if at <= row.due_at {
                    s.met_on_time += 1;
                } else {
                    s.met_late += 1;
                }
                durations.push((at - row.started_at).num_seconds());
            }
            Some(at) if at < from => {}
            _ => {
                s.open += 1;
                if row.due_at < to {
                    s.overdue += 1;
                }
            }
        }
    }

    /// One line per (province, agency, kind), in that order.
    pub fn finish(self) -> Vec<DutyStatistics> {
        self.groups
            .into_values()
            .map(|(mut s, mut durations)| {
                durations.sort_unstable();
                s.median_seconds_to_discharge = median(&durations);
                s
            })
            .collect()
    }
}

fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

impl Engine {
    /// The report of the principal's jurisdiction for `[from, to)` (supervisors).
    pub async fn duty_statistics(
        &self,
        principal: &Principal,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<DutyStatistics>, EngineError> {
        self.duty_statistics_in_pages(principal, from, to, PAGE)
            .await
    }

    /// [`Engine::duty_statistics`], reading `page` duties at a time (tests use small pages).
    pub async fn duty_statistics_in_pages(
        &self,
        principal: &Principal,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        page: u64,
    ) -> Result<Vec<DutyStatistics>, EngineError> {
        let scope = require(principal, Operation::OverdueHandoffs)?;
        if from >= to || to - from > Duration::days(366) {
            return Err(
                DomainError::invalid("to", "a period is from before to, at most one year").into(),
            );
        }
        let page = page.max(1);
        let lines = match stats::snapshot(&self.db).await? {
            Some(txn) => {
                let lines = tally_pages(&txn, &scope, from, to, page).await?;
                txn.commit().await?;
                lines
            }
            None => tally_pages(&self.db, &scope, from, to, page).await?,
        };
        Ok(lines)
    }
}

/// Reads the period's duties `page` at a time and counts them.
async fn tally_pages(
    db: &impl ConnectionTrait,
    scope: &Scope,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    page: u64,
) -> Result<Vec<DutyStatistics>, EngineError> {
    let mut tally = Tally::default();
    let mut after = None;
    loop {
        let rows = stats::duties_in_period(db, scope, from, to, after, page).await?;
        for (_, row) in &rows {
            tally.add(row, from, to);
        }
        after = rows.last().map(|(id, _)| *id);
        if (rows.len() as u64) < page {
            break;
        }
    }
    Ok(tally.finish())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::TimeZone;

    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
    }

    fn row(
        clock: &str,
        started: DateTime<Utc>,
        due: DateTime<Utc>,
        done: Option<DateTime<Utc>>,
    ) -> DutyRow {
        DutyRow {
            province: "HN".into(),
            agency: AgencyId(uuid::Uuid::nil()),
            clock: clock.into(),
            started_at: started,
            due_at: due,
            discharged_at: done,
        }
    }

    #[test]
    fn duties_are_counted_as_open_overdue_met_on_time_or_late_with_the_median_time() {
        let (from, to) = (at(1, 0), at(11, 0));
        let rows = [
            row("assign_provider", at(2, 0), at(3, 0), Some(at(2, 12))),
            row("assign_provider", at(2, 0), at(3, 0), Some(at(4, 0))),
            row("assign_provider", at(2, 0), at(3, 0), Some(at(2, 2))),
            row("assign_provider", at(9, 0), at(10, 0), None),
            row("assign_provider", at(9, 0), at(12, 0), None),
            // Discharged before the period: not counted.
            row("assign_provider", at(1, 0), at(1, 5), Some(at(1, 0))),
            // Discharged after the period: open at its end.
            row("register_counsel", at(5, 0), at(6, 0), Some(at(12, 0))),
        ];
        let mut rows = rows.to_vec();
        rows[5].discharged_at = Some(from - Duration::hours(1));
        let stats = aggregate(&rows, from, to);
        assert_eq!(stats.len(), 2);
        let assign = &stats[0];
        assert_eq!(
            (
                assign.open,
                assign.overdue,
                assign.met_on_time,
                assign.met_late
            ),
            (2, 1, 2, 1)
        );
        assert_eq!(assign.median_seconds_to_discharge, Some(12 * 3600));
        let register = &stats[1];
        assert_eq!((register.open, register.overdue), (1, 1));
        assert_eq!(register.median_seconds_to_discharge, None);
    }
}
