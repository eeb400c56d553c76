//! How a handoff's due instant was computed (issue 10, "Deadlines that explain
//! themselves"): the limit and why it applies, the start, the days passed over, the
//! rollover and whether the calendar data is provisional. Built by `plan` next to the due
//! instant and kept with the handoff, so a person can check the arithmetic later.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::calendar::{DayInfo, DayKind, vn_offset};
use crate::ruleset::{ClockLimit, ClockStart, Condition, Direction, LimitUnit, Settings};

/// How a due instant was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computation {
    /// The limit as the law states it: "24 giờ", "3 ngày làm việc".
    pub limit: String,
    /// The same in English: "24 hours", "3 working days".
    pub limit_en: String,
    /// The article that sets the limit.
    pub basis: String,
    /// Which of the clock's limits applied and why: the `when` condition that matched, in
    /// codes ("custody arrested or temporary_custody"), "otherwise" for the last,
    /// unconditional limit, "always" when the clock has one limit.
    pub because: String,
    /// The same in Vietnamese.
    pub because_vi: String,
    /// Forward from the start, or back from the hearing.
    pub direction: Direction,
    /// The instant counted from: the clock's start, or the hearing for a backward clock.
    pub start: DateTime<Utc>,
    /// What the start instant is.
    pub start_kind: ClockStart,
    /// The start in words, resolved through the settings: "từ khi nhận được yêu cầu".
    pub start_vi: String,
    pub start_en: String,
    /// The due instant.
    pub due: DateTime<Utc>,
    /// A day-based limit: the due instant is 24:00 local of the day before `due`.
    pub day_based: bool,
    /// Rest days and holidays passed over between start and due (empty for hour limits
    /// that run through rest days).
    pub skipped: Vec<SkippedDay>,
    /// Whether the end moved off a rest day to a working day.
    pub rolled_over: bool,
    /// Calendar years the count relied on that are not announced in full (`partial`
    /// year files, or years with no file).
    pub provisional_years: Vec<i32>,
    /// The times the clock stood still and ran again, in order. `skipped` and
    /// `rolled_over` above are those of the first count; each pause counts what was left
    /// again from its resume instant, and `due` is the last pause's due instant.
    #[serde(default)]
    pub pauses: Vec<PauseStep>,
}

/// A pause of the clock and what was left of it when it ran again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PauseStep {
    pub paused_at: DateTime<Utc>,
    pub resumed_at: DateTime<Utc>,
    /// The due instant when the clock stopped.
    pub due_before: DateTime<Utc>,
    /// What was left, counted again from the resume instant: "2 ngày làm việc", "9 giờ".
    pub left: String,
    pub left_en: String,
    /// Rest days and holidays passed over after the resume instant.
    pub skipped: Vec<SkippedDay>,
    pub rolled_over: bool,
    pub provisional_years: Vec<i32>,
    /// The due instant after the clock ran again.
    pub due: DateTime<Utc>,
}

/// A day the count did not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedDay {
    pub date: NaiveDate,
    /// `weekly_rest`, `holiday`, `compensatory`, `swapped_off`.
    pub kind: String,
    /// The calendar's name of the day off (e.g. "Tết Nguyên đán, mùng 1"); for an ordinary
    /// weekend, the day of the week ("Thứ Bảy", "Chủ Nhật").
    pub name: String,
}

impl SkippedDay {
    pub(super) fn new(date: NaiveDate, info: &DayInfo) -> Self {
        let kind = match info.kind {
            DayKind::Working => "working",
            DayKind::WeeklyRest => "weekly_rest",
            DayKind::Holiday => "holiday",
            DayKind::Compensatory => "compensatory",
            DayKind::SwappedOff => "swapped_off",
            DayKind::MakeUpWork => "make_up_work",
        };
        let name = info
            .name
            .clone()
            .unwrap_or_else(|| weekday_vi(date.weekday()).to_owned());
        Self {
            date,
            kind: kind.to_owned(),
            name,
        }
    }
}

fn weekday_vi(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ Nhật",
    }
}

/// The limit in English: "24 hours", "3 working days", "immediately (12 hours)".
pub(super) fn limit_en(limit: &ClockLimit, settings: &Settings) -> String {
    let n = limit.amount;
    match limit.unit {
        LimitUnit::Immediately => {
            format!("immediately ({} hours)", settings.immediately_hours.value)
        }
        LimitUnit::Hours => format!("{n} hours"),
        LimitUnit::Days => format!("{n} days"),
        LimitUnit::WorkingDays => format!("{n} working days"),
        LimitUnit::Months => format!("{n} months"),
    }
}

/// Why a limit applies: its condition in codes and in Vietnamese. `only` is true when the
/// clock has no other limit.
pub(super) fn because(when: &Condition, only: bool) -> (String, String) {
    if when.is_unconditional() {
        return if only {
            ("always".into(), "mọi trường hợp".into())
        } else {
            ("otherwise".into(), "các trường hợp còn lại".into())
        };
    }
    let mut en = Vec::new();
    let mut vi = Vec::new();
    if !when.custody.is_empty() {
        let codes: Vec<_> = when.custody.iter().map(|c| c.code()).collect();
        en.push(format!("custody {}", codes.join(" or ")));
        let labels: Vec<_> = when.custody.iter().map(|c| c.label_vi()).collect();
        vi.push(labels.join(" hoặc "));
    }
    if !when.proceeding.is_empty() {
        let codes: Vec<_> = when.proceeding.iter().map(|c| c.code()).collect();
        en.push(format!("proceeding {}", codes.join(" or ")));
        let labels: Vec<_> = when.proceeding.iter().map(|c| c.label_vi()).collect();
        vi.push(labels.join(" hoặc "));
    }
    if !when.any_flag.is_empty() {
        let codes: Vec<_> = when.any_flag.iter().map(|c| c.code()).collect();
        en.push(format!("flag {}", codes.join(" or ")));
        let labels: Vec<_> = when.any_flag.iter().map(|c| c.label_vi()).collect();
        vi.push(labels.join(" hoặc "));
    }
    (en.join("; "), vi.join("; "))
}

/// "từ khi nhận được yêu cầu" / "from receipt of the request", resolved through the
/// settings for the assignment basis.
pub(super) fn start_words(
    start: ClockStart,
    assignment: crate::ruleset::AssignmentCountsFrom,
) -> (String, String) {
    use crate::ruleset::AssignmentCountsFrom;
    let (vi, en) = match start {
        ClockStart::RequestReceived => ("từ khi nhận được yêu cầu", "from receipt of the request"),
        ClockStart::Transition => ("từ khi thực hiện bước trước", "from the previous step"),
        ClockStart::Notice => (
            "từ khi Trung tâm nhận được thông báo",
            "from the center's receipt of the notice",
        ),
        ClockStart::Reported => (
            "từ thời điểm quyết định được ghi nhận",
            "from the reported decision",
        ),
        ClockStart::PapersPresented => (
            "từ khi nhận đủ giấy tờ đăng ký",
            "from receipt of the complete papers",
        ),
        ClockStart::AssignmentBasis => match assignment {
            AssignmentCountsFrom::Acceptance => ("từ khi thụ lý", "from acceptance"),
            AssignmentCountsFrom::Notice => ("từ khi nhận thông báo", "from the notice"),
        },
    };
    (vi.to_owned(), en.to_owned())
}

/// A due instant as people say it, in Asia/Ho_Chi_Minh: "24:00 05/03/2026" for a
/// day-based limit (stored as 00:00 of the next day), "09:00 02/03/2026" otherwise.
pub fn due_words(due: DateTime<Utc>, day_based: bool) -> String {
    let local = due.with_timezone(&vn_offset());
    if day_based && local.time() == NaiveTime::MIN {
        let day = local.date_naive().pred_opt().unwrap_or(local.date_naive());
        format!("24:00 {}", day.format("%d/%m/%Y"))
    } else {
        at_vi(due)
    }
}

fn skipped_list(days: &[SkippedDay]) -> String {
    days.iter()
        .map(|d| format!("{} {}", d.name, d.date.format("%d/%m")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "09:00 02/03/2026" in Asia/Ho_Chi_Minh.
fn at_vi(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&vn_offset())
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

impl Computation {
    /// Adds a pause: the due instant becomes the pause's, and its provisional years join
    /// the count's.
    pub(super) fn add_pause(&mut self, step: PauseStep) {
        self.due = step.due;
        for year in &step.provisional_years {
            if !self.provisional_years.contains(year) {
                self.provisional_years.push(*year);
            }
        }
        self.provisional_years.sort_unstable();
        self.pauses.push(step);
    }

    /// Every day the count passed over, the pauses' included.
    pub fn all_skipped(&self) -> impl Iterator<Item = &SkippedDay> {
        self.skipped
            .iter()
            .chain(self.pauses.iter().flat_map(|p| p.skipped.iter()))
    }

    /// The due instant as people say it: "24:00 05/03/2026" for a day-based limit.
    fn due_vi(&self) -> String {
        due_words(self.due, self.day_based)
    }

    /// The pauses in Vietnamese: "; tạm dừng lúc …, còn 2 ngày làm việc, tính lại từ …".
    fn pauses_vi(&self) -> String {
        let mut out = String::new();
        for p in &self.pauses {
            out.push_str(&format!(
                "; tạm dừng lúc {} (hạn khi đó {}), còn {}, tính tiếp từ {}",
                at_vi(p.paused_at),
                due_words(p.due_before, self.day_based),
                p.left,
                at_vi(p.resumed_at)
            ));
            if !p.skipped.is_empty() {
                out.push_str(&format!(", không tính {}", skipped_list(&p.skipped)));
            }
            if p.rolled_over {
                out.push_str(", ngày cuối là ngày nghỉ nên lùi sang ngày làm việc tiếp theo");
            }
        }
        out
    }

    fn pauses_en(&self) -> String {
        let mut out = String::new();
        for p in &self.pauses {
            out.push_str(&format!(
                "; paused at {} (then due {}) with {} left, counted again from {}",
                at_vi(p.paused_at),
                due_words(p.due_before, self.day_based),
                p.left_en,
                at_vi(p.resumed_at)
            ));
            if !p.skipped.is_empty() {
                out.push_str(&format!(", not counted: {}", skipped_list(&p.skipped)));
            }
            if p.rolled_over {
                out.push_str(", the last day was a day off, so it moved to the next working day");
            }
        }
        out
    }

    /// One sentence in Vietnamese, e.g. "3 ngày làm việc (Luật TGPL Điều 31(2)), các trường
    /// hợp còn lại, kể từ khi thụ lý lúc 09:00 12/02/2026; không tính Thứ Bảy 14/02, ...;
    /// hạn 24:00 24/02/2026."
    pub fn explanation_vi(&self) -> String {
        let mut out = format!("{} ({})", self.limit, self.basis);
        if self.because != "always" {
            out.push_str(&format!(" — áp dụng cho {}", self.because_vi));
        }
        match self.direction {
            Direction::Forward => {
                out.push_str(&format!(" kể {} lúc {}", self.start_vi, at_vi(self.start)));
            }
            Direction::BeforeHearing => {
                out.push_str(&format!(" tính lùi từ phiên tòa lúc {}", at_vi(self.start)));
            }
        }
        if !self.skipped.is_empty() {
            out.push_str(&format!("; không tính {}", skipped_list(&self.skipped)));
        }
        if self.rolled_over {
            out.push_str(match self.direction {
                Direction::Forward => {
                    "; ngày cuối là ngày nghỉ nên lùi sang ngày làm việc tiếp theo"
                }
                Direction::BeforeHearing => {
                    "; ngày cuối là ngày nghỉ nên chuyển về ngày làm việc liền trước"
                }
            });
        }
        out.push_str(&self.pauses_vi());
        out.push_str(&format!("; hạn {}", self.due_vi()));
        if !self.provisional_years.is_empty() {
            let years: Vec<_> = self.provisional_years.iter().map(i32::to_string).collect();
            out.push_str(&format!(
                " (lịch nghỉ năm {} chưa được công bố đầy đủ, hạn có thể thay đổi)",
                years.join(", ")
            ));
        }
        out.push('.');
        out
    }

    /// One sentence in English.
    pub fn explanation_en(&self) -> String {
        let mut out = format!("{} ({})", self.limit_en, self.basis);
        if self.because != "always" {
            out.push_str(&format!(", applied for {}", self.because));
        }
        match self.direction {
            Direction::Forward => {
                out.push_str(&format!(
                    ", counted {} at {}",
                    self.start_en,
                    at_vi(self.start)
                ));
            }
            Direction::BeforeHearing => {
                out.push_str(&format!(
                    ", counted back from the hearing at {}",
                    at_vi(self.start)
                ));
            }
        }
        if !self.skipped.is_empty() {
            out.push_str(&format!("; not counted: {}", skipped_list(&self.skipped)));
        }
        if self.rolled_over {
            out.push_str(match self.direction {
                Direction::Forward => {
                    "; the last day was a day off, so it moved to the next working day"
                }
                Direction::BeforeHearing => {
                    "; the last day was a day off, so it moved back to the previous working day"
                }
            });
        }
        out.push_str(&self.pauses_en());
        out.push_str(&format!("; due {} (Asia/Ho_Chi_Minh)", self.due_vi()));
        if !self.provisional_years.is_empty() {
            let years: Vec<_> = self.provisional_years.iter().map(i32::to_string).collect();
            out.push_str(&format!(
                " (the days off of {} are not fully announced; the due instant may change)",
                years.join(", ")
            ));
        }
        out.push('.');
        out
    }
}
