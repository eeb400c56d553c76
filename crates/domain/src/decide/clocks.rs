//! Which handoffs a transition opens, discharges, cancels, pauses and resumes, and when
//! each new one falls due.

use chrono::{DateTime, Duration, NaiveTime, Utc};

use super::computation::{self, Computation, SkippedDay};
use super::{Decision, EventDetail, EventKind, Situation};
use crate::agency::AgencyKind;
use crate::calendar::{Deadline, Limit, WorkingCalendar, vn_offset};
use crate::facts::MatterFacts;
use crate::ids::{AgencyId, HandoffId};
use crate::ruleset::{
    AssignmentCountsFrom, ClockRule, ClockStart, Direction, LimitFacts, Party, RuleSet, Transition,
};
use chrono::NaiveDate;

/// A handoff the decision opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedHandoff {
    pub clock: String,
    /// The party that owes the duty (the clock's `responsible`).
    pub owed_by: Party,
    /// The agency that follows the duty up: the owing agency, or the center when the
    /// requester or the provider owes it.
    pub responsible: AgencyId,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub warn_at: DateTime<Utc>,
    /// "12 giờ", "3 ngày làm việc".
    pub limit: String,
    pub basis: String,
    pub calendar_revision: String,
    /// The legal basis for passing the person's data on with this handoff.
    pub data_basis: String,
    /// Set when the same transition also discharges it (the request is the notice).
    pub discharged_at: Option<DateTime<Utc>>,
    /// How `due_at` was computed.
    pub computation: Computation,
}

/// A handoff the decision discharges: the duty was met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discharge {
    pub handoff: HandoffId,
    pub at: DateTime<Utc>,
}

/// A paused handoff whose clock runs again. An hour limit's due and warning instants move
/// later by the time it stood still; a day-based limit counts the days it still had from
/// the resume instant and ends at 24:00 local ([`resume`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    pub handoff: HandoffId,
    pub paused_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub warn_at: DateTime<Utc>,
}

/// Builds the decision once the command is allowed. `before` is the matter as it stood,
/// `after` its complete facts once the command applies (new handling agency, hearing
/// date, ...); new clocks are computed from `after`.
#[allow(clippy::too_many_arguments)]
pub(super) fn apply(
    rules: &RuleSet,
    calendar: &WorkingCalendar,
    transition: &Transition,
    before: &Situation,
    mut after: MatterFacts,
    detail: EventDetail,
    now: DateTime<Utc>,
    reported_at: DateTime<Utc>,
) -> Decision {
    // The kind of the agency handling the matter after the command: the same agency's, or
    // the one the command hands the matter to.
    let agency_kind = if after.handling_agency == before.facts.handling_agency {
        before.handling_agency_kind
    } else {
        before
            .referenced
            .agency
            .as_ref()
            .filter(|a| a.id == after.handling_agency)
            .map(|a| a.kind)
    };
    // The complete papers were received when the registration duty still owed began.
    let papers_at = before
        .open_handoffs
        .iter()
        .find(|h| h.clock == "register_counsel")
        .map_or(now, |h| h.started_at);
    let starts = Starts {
        now,
        reported_at,
        papers_at,
    };
    let open = transition
        .opens
        .iter()
        .filter_map(|id| rules.clock(id))
        .filter(|clock| rules.clock_enabled(clock))
        .filter(|clock| clock.applies_when.matches(limit_facts(&after, agency_kind)))
        .filter_map(|clock| {
            let department = before.department;
            plan(
                rules,
                calendar,
                transition,
                clock,
                (&after, agency_kind),
                department,
                starts,
            )
        })
        .collect();
    let owed = |ids: &[String]| -> Vec<&super::OpenHandoff> {
        before
            .open_handoffs
            .iter()
            .filter(|h| ids.contains(&h.clock))
            .collect()
    };
    let discharge = owed(&transition.closes)
        .into_iter()
        .map(|h| Discharge {
            handoff: h.id,
            at: now,
        })
        .collect();
    let cancel = owed(&transition.cancels)
        .into_iter()
        .map(|h| h.id)
        .collect();
    let pause = owed(&transition.pauses)
        .into_iter()
        .filter(|h| h.paused_at.is_none())
        .map(|h| h.id)
        .collect();
    let resume = owed(&transition.resumes)
        .into_iter()
        .filter_map(|h| {
            let facts = limit_facts(&before.facts, before.handling_agency_kind);
            resume(rules, calendar, facts, h, now)
        })
        .collect();
    after.state = transition.target(before.facts.state);
    Decision {
        event: EventKind::Command(transition.command),
        occurred_at: now,
        facts: after,
        detail,
        open,
        discharge,
        cancel,
        pause,
        resume,
        payment: None,
    }
}

/// The facts a clock's condition and limits are chosen by.
fn limit_facts(facts: &MatterFacts, agency_kind: Option<AgencyKind>) -> LimitFacts<'_> {
    LimitFacts {
        custody: facts.custody,
        proceeding: facts.proceeding_kind,
        flags: &facts.flags,
        agency_kind,
        mandatory_defence: !facts.mandatory_grounds.is_empty(),
    }
}

/// The instants a new clock may start from, besides the matter's own facts.
#[derive(Debug, Clone, Copy)]
struct Starts {
    now: DateTime<Utc>,
    reported_at: DateTime<Utc>,
    papers_at: DateTime<Utc>,
}

fn plan(
    rules: &RuleSet,
    calendar: &WorkingCalendar,
    transition: &Transition,
    clock: &ClockRule,
    (facts, agency_kind): (&MatterFacts, Option<AgencyKind>),
    department: Option<AgencyId>,
    starts: Starts,
) -> Option<PlannedHandoff> {
    let Starts {
        now,
        reported_at,
        papers_at,
    } = starts;
    let limit_rule = clock.limit_for(limit_facts(facts, agency_kind));
    let limit = limit_rule.limit(&rules.settings);
    let notice = facts.notified_at.unwrap_or(now);
    let started_at = match clock.starts {
        ClockStart::RequestReceived => facts.received_at,
        ClockStart::Transition => now,
        ClockStart::Notice => notice,
        ClockStart::Reported => reported_at,
        ClockStart::PapersPresented => papers_at,
        ClockStart::AssignmentBasis => match rules.settings.assignment_counts_from.value {
            AssignmentCountsFrom::Acceptance => now,
            AssignmentCountsFrom::Notice => notice,
        },
    };
    let continuous = rules.settings.hour_clocks_run_through_rest_days.value;
    let (counted_from, deadline) = match clock.direction {
        Direction::Forward => (started_at, forward(calendar, started_at, limit, continuous)),
        // A hearing clock needs its hearing; without one there is nothing to count from.
        Direction::BeforeHearing => {
            let hearing = facts.hearing_at?;
            (hearing, calendar.deadline_before(hearing, limit))
        }
    };
    let (because, because_vi) = computation::because(&limit_rule.when, clock.limits.len() == 1);
    let (start_vi, start_en) =
        computation::start_words(clock.starts, rules.settings.assignment_counts_from.value);
    let computation = Computation {
        limit: limit_rule.describe_vi(&rules.settings),
        limit_en: computation::limit_en(limit_rule, &rules.settings),
        basis: limit_rule.basis.clone(),
        because,
        because_vi,
        direction: clock.direction,
        start: counted_from,
        start_kind: clock.starts,
        start_vi,
        start_en,
        due: deadline.at,
        day_based: !matches!(limit, Limit::Hours(_)),
        skipped: deadline
            .skipped
            .iter()
            .map(|(date, info)| SkippedDay::new(*date, info))
            .collect(),
        rolled_over: deadline.rolled_over,
        provisional_years: deadline.provisional_years.clone(),
    };
    let percent = i32::from(clock.warning_percent.unwrap_or(rules.warning_percent));
    let span = (deadline.at - started_at).max(Duration::zero());
    let responsible = match clock.responsible {
        Party::HandlingAgency => facts.handling_agency,
        // The center waits on the requester's proof and the provider's file.
        Party::Center | Party::Requester | Party::Provider => facts.center,
        // A command that opens such a duty checks that the department exists.
        Party::JusticeDepartment | Party::Supervisor => department?,
    };
    Some(PlannedHandoff {
        clock: clock.id.clone(),
        owed_by: clock.responsible,
        responsible,
        started_at,
        due_at: deadline.at,
        warn_at: started_at + span * percent / 100,
        limit: limit_rule.describe_vi(&rules.settings),
        basis: limit_rule.basis.clone(),
        calendar_revision: deadline.calendar_revision,
        data_basis: if rules.data_protection_basis.is_empty() {
            transition.basis.clone()
        } else {
            format!("{}; {}", transition.basis, rules.data_protection_basis)
        },
        discharged_at: transition.closes.contains(&clock.id).then_some(now),
        computation,
    })
}

/// A forward deadline. Hour limits either run through rest days or, when the rule set
/// says they do not, count only the hours of working days.
fn forward(
    calendar: &WorkingCalendar,
    start: DateTime<Utc>,
    limit: Limit,
    continuous: bool,
) -> Deadline {
    match limit {
        Limit::Hours(n) if !continuous => {
            let mut deadline = calendar.deadline(start, Limit::Hours(0));
            deadline.at = working_hours_end(calendar, start, i64::from(n));
            // The rest days the hours did not run through.
            let mut day = local_date(start);
            while day <= local_date(deadline.at) {
                let info = calendar.day(day);
                if !calendar.is_working_day(day) {
                    deadline.skipped.push((day, info));
                }
                match day.succ_opt() {
                    Some(next) => day = next,
                    None => break,
                }
            }
            deadline
        }
        _ => calendar.deadline(start, limit),
    }
}

/// The instant `hours` working-day hours after `start` (rest days do not count).
fn working_hours_end(
    calendar: &WorkingCalendar,
    start: DateTime<Utc>,
    hours: i64,
) -> DateTime<Utc> {
    let offset = vn_offset();
    let mut remaining = Duration::hours(hours);
    let mut cursor = start.with_timezone(&offset);
    loop {
        let day = cursor.date_naive();
        let next_midnight = (day + Duration::days(1))
            .and_time(NaiveTime::MIN)
            .and_local_timezone(offset)
            .single()
            .unwrap_or(cursor);
        if calendar.is_working_day(day) {
            let left_today = next_midnight - cursor;
            if remaining <= left_today {
                return (cursor + remaining).with_timezone(&Utc);
            }
            remaining -= left_today;
        }
        cursor = next_midnight;
    }
}

/// Resumes a paused handoff at `now` (issue 10 item 9: pausing a working-day clock pauses
/// working time).
///
/// - An hour limit (and a clock counted back from a hearing, or one whose rule is no longer
///   in the rule set) moves later by the time it stood still, as before.
/// - A forward day-based limit (working days, calendar days, months) keeps the days it
///   still had when paused: the days after the pause day up to its last day (working days
///   for a working-day limit, calendar days otherwise). They are counted again from the
///   resume instant with the calendar, the resume day not counted, ending at 24:00 local
///   and rolling over rest days as the limit says. A clock paused on its last day keeps the
///   rest of a day: it ends at 24:00 of the resume day, or of the next working day when
///   that is a rest day. A clock paused when already overdue stays due when it was.
/// - The warning instant moves by as much as the due instant.
fn resume(
    rules: &RuleSet,
    calendar: &WorkingCalendar,
    facts: LimitFacts<'_>,
    h: &super::OpenHandoff,
    now: DateTime<Utc>,
) -> Option<Resume> {
    let paused_at = h.paused_at?;
    let elapsed = || {
        let stood_still = now - paused_at;
        Resume {
            handoff: h.id,
            paused_at,
            due_at: h.due_at + stood_still,
            warn_at: h.warn_at + stood_still,
        }
    };
    let Some(clock) = rules.clock(&h.clock) else {
        return Some(elapsed());
    };
    if clock.direction != Direction::Forward {
        return Some(elapsed());
    }
    let limit = clock.limit_for(facts).limit(&rules.settings);
    if matches!(limit, Limit::Hours(_)) {
        return Some(elapsed());
    }
    if paused_at >= h.due_at {
        return Some(Resume {
            handoff: h.id,
            paused_at,
            due_at: h.due_at,
            warn_at: h.warn_at,
        });
    }
    match working_time_left(calendar, limit, paused_at, h.due_at, now) {
        Some(due_at) => Some(Resume {
            handoff: h.id,
            paused_at,
            due_at,
            warn_at: h.warn_at + (due_at - h.due_at),
        }),
        // Out of chrono's date range: nothing sensible to count.
        None => Some(elapsed()),
    }
}

/// The new due instant of a day-based `limit` paused at `paused_at` (before `due_at`) and
/// resumed at `now`; `None` only out of chrono's date range.
fn working_time_left(
    calendar: &WorkingCalendar,
    limit: Limit,
    paused_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let paused_day = local_date(paused_at);
    let last_day = last_day_of(due_at);
    let remaining = match limit {
        Limit::WorkingDays(_) => {
            let mut count = 0u32;
            let mut day = paused_day;
            while day < last_day {
                day = day.succ_opt()?;
                if calendar.is_working_day(day) {
                    count += 1;
                }
            }
            if count == 0 {
                // Paused on the last day: the rest of a day, on a working day.
                let mut day = local_date(now);
                while !calendar.is_working_day(day) {
                    day = day.succ_opt()?;
                }
                return start_of(day.succ_opt()?);
            }
            Limit::WorkingDays(count)
        }
        // Zero days left ends at 24:00 of the resume day, rolled over as the limit says.
        Limit::Days { rollover, .. } | Limit::Months { rollover, .. } => Limit::Days {
            n: u32::try_from((last_day - paused_day).num_days().max(0)).ok()?,
            rollover,
        },
        Limit::Hours(_) => return None,
    };
    Some(calendar.deadline(now, remaining).at)
}

fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&vn_offset()).date_naive()
}

/// The last local day a day-based due instant covers: the day before when it is 00:00
/// local (24:00 of that day), else its own day.
fn last_day_of(due_at: DateTime<Utc>) -> NaiveDate {
    let local = due_at.with_timezone(&vn_offset());
    let day = local.date_naive();
    if local.time() == NaiveTime::MIN {
        day.pred_opt().unwrap_or(day)
    } else {
        day
    }
}

/// 00:00 local (+07:00) of `day`.
fn start_of(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_time(NaiveTime::MIN)
        .and_local_timezone(vn_offset())
        .single()
        .map(|t| t.to_utc())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::TimeZone;

    use super::*;

    fn vn(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        vn_offset()
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    /// A calendar-day limit keeps the calendar days it had and rolls its new last day off
    /// a rest day (Civil Code Điều 148(5)), here off Tết 2026.
    #[test]
    fn a_paused_calendar_day_limit_keeps_its_days_and_rolls_over_rest_days_blds_148_5() {
        let calendar = WorkingCalendar::bundled().unwrap();
        let limit = Limit::Days {
            n: 10,
            rollover: true,
        };
        // Due 24:00 Fri 13 Feb; paused Mon 9 Feb: 10, 11, 12, 13 Feb (4 days) remain.
        let (paused, due) = (vn(2026, 2, 9, 15), vn(2026, 2, 14, 0));
        // Resumed Wed 18 Feb: day 4 is Sun 22 Feb, rolled over to Mon 23 Feb.
        let new_due = working_time_left(&calendar, limit, paused, due, vn(2026, 2, 18, 9));
        assert_eq!(new_due, Some(vn(2026, 2, 24, 0)));
        let no_rollover = Limit::Days {
            n: 10,
            rollover: false,
        };
        let new_due = working_time_left(&calendar, no_rollover, paused, due, vn(2026, 2, 18, 9));
        assert_eq!(new_due, Some(vn(2026, 2, 23, 0)), "24:00 Sun 22 Feb");
    }
}
