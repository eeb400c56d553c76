//! How a duty's due instant was computed: the limit and why, the start, the days passed
//! over, the pauses, and the same in one sentence in Vietnamese and in English.

use async_graphql::Object;
use chrono::{DateTime, NaiveDate, Utc};

use crate::enums::{ClockDirection, ClockStart};

/// How a duty's due instant was computed (Asia/Ho_Chi_Minh dates).
pub struct ComputationObject(pub baton_domain::decide::Computation);

/// A day the count did not count: a weekend day, a holiday, a day given off.
#[derive(async_graphql::SimpleObject)]
pub struct SkippedDay {
    /// The local date.
    pub date: NaiveDate,
    /// `weekly_rest`, `holiday`, `compensatory` or `swapped_off`.
    pub kind: String,
    /// The calendar's name of the day (e.g. "Tết Nguyên đán, mùng 1"), or the day of the
    /// week for an ordinary weekend ("Thứ Bảy").
    pub name: String,
}

#[Object(name = "DeadlineComputation")]
impl ComputationObject {
    /// The limit applied, as the law states it: "24 giờ", "3 ngày làm việc".
    async fn limit(&self) -> &str {
        &self.0.limit
    }

    /// The limit in English: "24 hours", "3 working days".
    async fn limit_en(&self) -> &str {
        &self.0.limit_en
    }

    /// The article that sets the limit.
    async fn legal_basis(&self) -> &str {
        &self.0.basis
    }

    /// Which of the clock's limits applied: the condition that matched, in codes
    /// ("custody arrested or temporary_custody"), "otherwise" for the clock's last limit,
    /// "always" when it has only one.
    async fn because(&self) -> &str {
        &self.0.because
    }

    /// The same in Vietnamese.
    async fn because_vi(&self) -> &str {
        &self.0.because_vi
    }

    /// Forward from the start, or back from the hearing.
    async fn direction(&self) -> ClockDirection {
        self.0.direction.into()
    }

    /// The instant counted from: the clock's start, or the hearing for a clock counted
    /// back from it.
    async fn start(&self) -> DateTime<Utc> {
        self.0.start
    }

    /// What the start instant is.
    async fn start_kind(&self) -> ClockStart {
        self.0.start_kind.into()
    }

    /// The due instant computed.
    async fn due(&self) -> DateTime<Utc> {
        self.0.due
    }

    /// Rest days and holidays passed over by the first count, in order; empty for hour
    /// limits that run through rest days. The days passed over after a pause are in
    /// `pauses`.
    async fn skipped(&self) -> Vec<SkippedDay> {
        skipped_days(&self.0.skipped)
    }

    /// The times the clock stood still and ran again, oldest first: what was left and how
    /// it was counted again from the resume instant. The last one's `due` is `due`.
    async fn pauses(&self) -> Vec<DeadlinePause> {
        self.0.pauses.iter().cloned().map(DeadlinePause).collect()
    }

    /// Whether the end of the first count fell on a day off and moved to a working day.
    async fn rolled_over(&self) -> bool {
        self.0.rolled_over
    }

    /// Calendar years the count relied on whose days off are not announced in full
    /// (`partial` year files, or no file): the due instant may still change.
    async fn provisional_years(&self) -> &[i32] {
        &self.0.provisional_years
    }

    /// The computation in one Vietnamese sentence.
    async fn explanation_vi(&self) -> String {
        self.0.explanation_vi()
    }

    /// The computation in one English sentence.
    async fn explanation_en(&self) -> String {
        self.0.explanation_en()
    }
}

fn skipped_days(days: &[baton_domain::decide::SkippedDay]) -> Vec<SkippedDay> {
    days.iter()
        .map(|d| SkippedDay {
            date: d.date,
            kind: d.kind.clone(),
            name: d.name.clone(),
        })
        .collect()
}

/// A pause of a duty's clock (e.g. waiting for the requester's proof) and how what was
/// left was counted again when it ran again.
pub struct DeadlinePause(baton_domain::decide::PauseStep);

#[Object]
impl DeadlinePause {
    async fn paused_at(&self) -> DateTime<Utc> {
        self.0.paused_at
    }

    async fn resumed_at(&self) -> DateTime<Utc> {
        self.0.resumed_at
    }

    /// The due instant when the clock stopped.
    async fn due_before(&self) -> DateTime<Utc> {
        self.0.due_before
    }

    /// What was left, counted again from the resume instant: "2 ngày làm việc", "9 giờ".
    async fn left(&self) -> &str {
        &self.0.left
    }

    /// The same in English: "2 working days", "9 hours".
    async fn left_en(&self) -> &str {
        &self.0.left_en
    }

    /// Rest days and holidays passed over after the resume instant.
    async fn skipped(&self) -> Vec<SkippedDay> {
        skipped_days(&self.0.skipped)
    }

    /// Whether the new end fell on a day off and moved to a working day.
    async fn rolled_over(&self) -> bool {
        self.0.rolled_over
    }

    /// The due instant once the clock ran again.
    async fn due(&self) -> DateTime<Utc> {
        self.0.due
    }
}
