//! Dates and durations as Vietnamese officials read them: `dd/mm/yyyy HH:mm` in giờ Việt
//! Nam (UTC+7, no daylight saving), time left as "Còn lại 3 giờ 20 phút", overdue as
//! "Quá hạn 2 ngày 4 giờ".

use chrono::{DateTime, FixedOffset, Utc};

/// Asia/Ho_Chi_Minh: UTC+7 all year.
pub const VIETNAM: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

/// Parses an RFC 3339 instant from the API.
pub fn parse(instant: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(instant)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// `25/11/2026 14:30` in Vietnam time; the raw text if it is not an instant.
pub fn date_time(instant: &str) -> String {
    match parse(instant) {
        Some(at) => at
            .with_timezone(&VIETNAM)
            .format("%d/%m/%Y %H:%M")
            .to_string(),
        None => instant.to_owned(),
    }
}

/// `25/11/2026` from an API date (`2026-11-25`).
pub fn date(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| day.to_owned())
}

/// A length of time in days, hours and minutes: `2 ngày 4 giờ`, `3 giờ 20 phút`, `5 phút`.
pub fn span(seconds: i64) -> String {
    let minutes = seconds.max(0) / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m} phút"),
        (0, h, 0) => format!("{h} giờ"),
        (0, h, m) => format!("{h} giờ {m} phút"),
        (d, 0, _) => format!("{d} ngày"),
        (d, h, _) => format!("{d} ngày {h} giờ"),
    }
}

/// What an official reads about a clock due at `due`, seen at `now`: `Còn lại …` or
/// `Quá hạn …`.
pub fn time_left(due: &str, now: DateTime<Utc>) -> String {
    match parse(due) {
        Some(due) if due > now => format!("Còn lại {}", span((due - now).num_seconds())),
        Some(due) => format!("Quá hạn {}", span((now - due).num_seconds())),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_shown_in_vietnam_time() {
        assert_eq!(date_time("2026-11-25T17:00:00+00:00"), "26/11/2026 00:00");
        assert_eq!(date_time("2026-11-25T07:30:00Z"), "25/11/2026 14:30");
        assert_eq!(date("2026-04-12"), "12/04/2026");
    }

    #[test]
    fn time_left_and_overdue_read_as_officials_say_them() {
        let now = parse("2026-11-25T00:00:00Z").unwrap_or_default();
        assert_eq!(
            time_left("2026-11-25T03:20:00Z", now),
            "Còn lại 3 giờ 20 phút"
        );
        assert_eq!(
            time_left("2026-11-23T20:00:00Z", now),
            "Quá hạn 1 ngày 4 giờ"
        );
        assert_eq!(time_left("2026-11-25T00:05:00Z", now), "Còn lại 5 phút");
        assert_eq!(span(2 * 86400), "2 ngày");
    }
}
