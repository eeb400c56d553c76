//! The scheduler's configuration: when to wake, when a breach escalates, how much to fire
//! per transaction. Escalation is a matter of administrative practice, not law, so it is
//! configuration rather than part of the rule set.

use std::str::FromStr;

use chrono::Duration;
use cron::Schedule;

/// How the scheduler runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// When to sweep (the cron crate's syntax: 6 or 7 fields, seconds first).
    pub schedule: Schedule,
    /// How long a breach may stay open after its due instant before it goes to the
    /// national authority.
    pub escalate_after: Duration,
    /// Handoffs fired per transaction. A process killed mid-sweep loses at most the
    /// uncommitted batch, which the next sweep fires.
    pub batch: u64,
}

impl Config {
    pub const DEFAULT_SCHEDULE: &'static str = "0 * * * * *";
    pub const DEFAULT_BATCH: u64 = 200;

    pub fn new(schedule: &str, escalate_after: Duration) -> Result<Self, ConfigError> {
        Ok(Self {
            schedule: parse_schedule(schedule)?,
            escalate_after,
            batch: Self::DEFAULT_BATCH,
        })
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            schedule: Schedule::from_str(Self::DEFAULT_SCHEDULE)
                .unwrap_or_else(|_| unreachable!("the default schedule parses")),
            escalate_after: Duration::hours(24),
            batch: Self::DEFAULT_BATCH,
        }
    }
}

/// A configuration value the scheduler cannot start with.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "invalid sweep schedule {expression:?}: the cron expression needs 6 or 7 fields, \
         seconds first: sec min hour day-of-month month day-of-week [year], \
         e.g. \"0 * * * * *\" for every minute"
    )]
    Schedule {
        expression: String,
        /// The cron crate's own message, often just the expression with a caret.
        reason: String,
    },
    #[error("invalid duration {0:?}: use a whole number and a unit, s, m, h or d (e.g. \"24h\")")]
    Duration(String),
}

/// Parses a cron expression; the error shows the expression and the expected form.
pub fn parse_schedule(expression: &str) -> Result<Schedule, ConfigError> {
    Schedule::from_str(expression.trim()).map_err(|e| ConfigError::Schedule {
        expression: expression.to_owned(),
        reason: e.to_string(),
    })
}

/// Parses "90s", "30m", "24h", "2d".
pub fn parse_duration(text: &str) -> Result<Duration, ConfigError> {
    let err = || ConfigError::Duration(text.to_owned());
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(err)?;
    let (number, unit) = t.split_at(split);
    let n: i64 = number.parse().map_err(|_| err())?;
    let d = match unit.trim() {
        "s" => Duration::try_seconds(n),
        "m" => Duration::try_minutes(n),
        "h" => Duration::try_hours(n),
        "d" => Duration::try_days(n),
        _ => None,
    };
    d.filter(|d| *d > Duration::zero()).ok_or_else(err)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_five_field_crontab_is_refused_with_the_expression_and_the_expected_form() {
        let err = parse_schedule("*/5 * * * *").unwrap_err().to_string();
        assert!(err.contains("\"*/5 * * * *\""), "{err}");
        assert!(err.contains("6 or 7 fields, seconds first"), "{err}");
    }

    #[test]
    fn six_and_seven_field_expressions_parse() {
        parse_schedule("0 * * * * *").unwrap();
        parse_schedule("0 0 8 * * Mon-Fri 2026").unwrap();
    }

    #[test]
    fn durations_take_a_unit() {
        assert_eq!(parse_duration("24h").unwrap(), Duration::hours(24));
        assert_eq!(parse_duration("90m").unwrap(), Duration::minutes(90));
        assert_eq!(parse_duration("2d").unwrap(), Duration::days(2));
        assert!(parse_duration("24").is_err());
        assert!(parse_duration("0h").is_err());
        assert!(parse_duration("h").is_err());
    }
}
