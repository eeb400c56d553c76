//! Deadlines that repair themselves (issue 10): when the calendar data or a rule set
//! changes, an operator's recompute counts an open handoff's due instant again from its
//! stored start and pauses with the calendar and rule book loaded now. Nothing moves
//! without it: commands and resumes count from the stored due instant.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::computation::{Computation, SkippedDay, due_words};
use super::{Decision, EventDetail, EventKind, clocks, pause};
use crate::agency::AgencyKind;
use crate::calendar::WorkingCalendar;
use crate::facts::MatterFacts;
use crate::ids::HandoffId;
use crate::ruleset::{LimitFacts, RuleSet};

/// The event kind a moved due instant records on the timeline.
pub const EVENT_KIND: &str = "deadline_recomputed";

/// An open handoff's clock as stored: what a recompute counts from.
#[derive(Debug, Clone)]
pub struct ClockState<'a> {
    pub id: HandoffId,
    pub clock: &'a str,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub warn_at: DateTime<Utc>,
    /// Set while the clock stands still: the due instant is the one it will resume from.
    pub paused_at: Option<DateTime<Utc>>,
    /// The pauses that ended, oldest first: (paused, resumed).
    pub pauses: &'a [(DateTime<Utc>, DateTime<Utc>)],
    /// The stored computation (`None` for handoffs opened before it was kept).
    pub computation: Option<&'a Computation>,
}

/// What a recompute found for one handoff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recomputed {
    /// The same due instant: nothing to write.
    Unchanged,
    /// The matter's rule set has no such clock any more, or a clock counted back from a
    /// hearing has no hearing: left as it is.
    NotCounted,
    Moved(Box<Moved>),
}

/// A due instant that moved, with everything the handoff and the timeline record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub handoff: HandoffId,
    pub clock: String,
    pub old_due: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub warn_at: DateTime<Utc>,
    pub computation: Computation,
    pub calendar_revision: String,
    /// What changed in the count, e.g. "Lịch nghỉ năm 2027 thay đổi: thêm Nghỉ hoán đổi
    /// 29/04/2027", and in English.
    pub why_vi: String,
    pub why_en: String,
}

/// The timeline's record of a moved due instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueMoved {
    pub handoff: HandoffId,
    pub clock: String,
    pub old_due: DateTime<Utc>,
    pub new_due: DateTime<Utc>,
    /// The operator's reason, as given to the command ("Lịch nghỉ năm 2027 thay đổi:
    /// hoán đổi ngày 30/4"), if any.
    pub reason: Option<String>,
    pub why_vi: String,
    pub why_en: String,
    pub calendar_revision: String,
}

/// Counts the handoff's clock again with `rules` (the matter's rule set as loaded now),
/// `calendar` and the matter's facts as they stand: the limit that applies, from the
/// stored start (or the hearing), then each ended pause from its resume instant.
pub fn recompute(
    rules: &RuleSet,
    calendar: &WorkingCalendar,
    facts: &MatterFacts,
    agency_kind: Option<AgencyKind>,
    h: &ClockState<'_>,
) -> Recomputed {
    let Some(clock) = rules.clock(h.clock) else {
        return Recomputed::NotCounted;
    };
    let limits = LimitFacts {
        custody: facts.custody,
        proceeding: facts.proceeding_kind,
        flags: &facts.flags,
        agency_kind,
        mandatory_defence: !facts.mandatory_grounds.is_empty(),
    };
    // A hearing clock counts back from the hearing it was opened for.
    let hearing = h.computation.map(|c| c.start).or(facts.hearing_at);
    let Some((deadline, mut computation)) =
        clocks::count(rules, calendar, clock, limits, h.started_at, hearing)
    else {
        return Recomputed::NotCounted;
    };
    let day_limit = clocks::day_limit(rules, h.clock, limits);
    for &(paused, resumed) in h.pauses {
        let step = pause::resume_step(calendar, day_limit, paused, computation.due, resumed);
        computation.add_pause(step);
    }
    let due_at = computation.due;
    if due_at == h.due_at {
        return Recomputed::Unchanged;
    }
    let warn_at = if h.pauses.is_empty() && h.paused_at.is_none() {
        clocks::warn_at(rules, clock, h.started_at, due_at)
    } else {
        h.warn_at + (due_at - h.due_at)
    };
    let (why_vi, why_en) = why(h.computation, &computation, h.due_at);
    Recomputed::Moved(Box::new(Moved {
        handoff: h.id,
        clock: h.clock.to_owned(),
        old_due: h.due_at,
        due_at,
        warn_at,
        computation,
        calendar_revision: deadline.calendar_revision,
        why_vi,
        why_en,
    }))
}

impl Moved {
    /// The decision that records the move on the matter's timeline: the facts do not
    /// change; the handoff's due, warning and computation do.
    pub fn decision(
        self,
        facts: &MatterFacts,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Decision {
        let detail = EventDetail::DeadlineRecomputed(DueMoved {
            handoff: self.handoff,
            clock: self.clock.clone(),
            old_due: self.old_due,
            new_due: self.due_at,
            reason: reason.map(str::to_owned),
            why_vi: self.why_vi.clone(),
            why_en: self.why_en.clone(),
            calendar_revision: self.calendar_revision.clone(),
        });
        Decision {
            event: EventKind::Recompute,
            occurred_at: now,
            facts: facts.clone(),
            detail,
            open: Vec::new(),
            discharge: Vec::new(),
            cancel: Vec::new(),
            pause: Vec::new(),
            resume: Vec::new(),
            moved: vec![self],
            payment: None,
        }
    }
}

impl DueMoved {
    /// "Hạn thay đổi (assign_provider): hạn cũ 24:00 29/04/2027, hạn mới 24:00 05/05/2027 —
    /// Lịch nghỉ năm 2027 thay đổi: thêm …".
    pub fn summary_vi(&self) -> String {
        let mut out = format!(
            "Hạn thay đổi ({}): hạn cũ {}, hạn mới {} — ",
            self.clock,
            due_words(self.old_due, true),
            due_words(self.new_due, true)
        );
        if let Some(reason) = &self.reason {
            out.push_str(&format!("{reason}; "));
        }
        out.push_str(&self.why_vi);
        out
    }

    pub fn summary_en(&self) -> String {
        let mut out = format!(
            "Due instant moved ({}): was {}, now {} (Asia/Ho_Chi_Minh) — ",
            self.clock,
            due_words(self.old_due, true),
            due_words(self.new_due, true)
        );
        if let Some(reason) = &self.reason {
            out.push_str(&format!("{reason}; "));
        }
        out.push_str(&self.why_en);
        out
    }
}

/// What changed between the stored count and the new one: the limit, and the days off the
/// old count crossed that the new one counts differently (only days before both ends, so
/// a count that merely runs further does not list the days it newly reaches).
fn why(old: Option<&Computation>, new: &Computation, old_due: DateTime<Utc>) -> (String, String) {
    let Some(old) = old else {
        return (
            "tính lại theo lịch làm việc và bộ quy tắc hiện hành".into(),
            "counted again with the calendar and rule set in force".into(),
        );
    };
    let mut vi = Vec::new();
    let mut en = Vec::new();
    if old.limit != new.limit || old.basis != new.basis {
        vi.push(format!(
            "thời hạn đổi từ {} ({}) thành {} ({})",
            old.limit, old.basis, new.limit, new.basis
        ));
        en.push(format!(
            "the limit changed from {} ({}) to {} ({})",
            old.limit_en, old.basis, new.limit_en, new.basis
        ));
    }
    let horizon = pause::local_date(old_due.min(new.due));
    let within = |d: &&SkippedDay| d.date < horizon;
    let has = |c: &Computation, d: &SkippedDay| c.all_skipped().any(|x| x.date == d.date);
    let added: Vec<&SkippedDay> = new
        .all_skipped()
        .filter(within)
        .filter(|d| !has(old, d))
        .collect();
    let removed: Vec<&SkippedDay> = old
        .all_skipped()
        .filter(within)
        .filter(|d| !has(new, d))
        .collect();
    let mut years: Vec<i32> = added
        .iter()
        .chain(&removed)
        .map(|d| chrono::Datelike::year(&d.date))
        .collect();
    years.sort_unstable();
    years.dedup();
    for year in years {
        let of_year = |days: &[&SkippedDay]| -> String {
            days.iter()
                .filter(|d| chrono::Datelike::year(&d.date) == year)
                .map(|d| format!("{} {}", d.name, d.date.format("%d/%m/%Y")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (plus, minus) = (of_year(&added), of_year(&removed));
        let mut parts_vi = Vec::new();
        let mut parts_en = Vec::new();
        if !plus.is_empty() {
            parts_vi.push(format!("thêm ngày nghỉ {plus}"));
            parts_en.push(format!("new day off: {plus}"));
        }
        if !minus.is_empty() {
            parts_vi.push(format!("thành ngày làm việc {minus}"));
            parts_en.push(format!("now a working day: {minus}"));
        }
        vi.push(format!(
            "Lịch nghỉ năm {year} thay đổi: {}",
            parts_vi.join("; ")
        ));
        en.push(format!(
            "The days off of {year} changed: {}",
            parts_en.join("; ")
        ));
    }
    if vi.is_empty() {
        vi.push("lịch làm việc hoặc bộ quy tắc thay đổi".into());
        en.push("the calendar or the rule set changed".into());
    }
    (vi.join("; "), en.join("; "))
}
