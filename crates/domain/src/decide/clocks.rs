//! Which handoffs a transition opens, discharges, cancels, pauses and resumes, and when
//! each new one falls due.

use chrono::{DateTime, Duration, NaiveTime, Utc};

use super::computation::{self, Computation, SkippedDay};
use super::pause;
use super::{Decision, EventDetail, EventKind, Situation};
use crate::agency::AgencyKind;
use crate::calendar::{Deadline, Limit, WorkingCalendar, vn_offset};
use crate::facts::MatterFacts;
use crate::ids::{AgencyId, HandoffId};
use crate::ruleset::{
    AssignmentCountsFrom, ClockRule, ClockStart, Direction, LimitFacts, Party, RuleSet, Transition,
};

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
/// the resume instant and ends at 24:00 local ([`pause::resume_step`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    pub handoff: HandoffId,
    pub paused_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub warn_at: DateTime<Utc>,
    /// The stored computation with this pause added (`None` when the handoff kept none).
    pub computation: Option<Computation>,
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
        moved: Vec::new(),
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

/// Counts a clock's limit for these facts: forward from `started_at`, or back from the
/// hearing (`None` when a clock counted back from the hearing has none). The deadline and
/// the computation that explains it, with no pause yet.
pub(super) fn count(
    rules: &RuleSet,
    calendar: &WorkingCalendar,
    clock: &ClockRule,
    facts: LimitFacts<'_>,
    started_at: DateTime<Utc>,
    hearing_at: Option<DateTime<Utc>>,
) -> Option<(Deadline, Computation)> {
    let limit_rule = clock.limit_for(facts);
    let limit = limit_rule.limit(&rules.settings);
    let continuous = rules.settings.hour_clocks_run_through_rest_days.value;
    let (counted_from, deadline) = match clock.direction {
        Direction::Forward => (started_at, forward(calendar, started_at, limit, continuous)),
        // A hearing clock needs its hearing; without one there is nothing to count from.
        Direction::BeforeHearing => {
            let hearing = hearing_at?;
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
        pauses: Vec::new(),
    };
    Some((deadline, computation))
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
    let limits = limit_facts(facts, agency_kind);
    let limit_rule = clock.limit_for(limits);
    let (deadline, computation) =
        count(rules, calendar, clock, limits, started_at, facts.hearing_at)?;
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
        warn_at: warn_at(rules, clock, started_at, deadline.at),
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

/// The warning instant: the clock's (or the rule set's) share of the time from the start to
/// the due instant.
pub(super) fn warn_at(
    rules: &RuleSet,
    clock: &ClockRule,
    started_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
) -> DateTime<Utc> {
    let percent = i32::from(clock.warning_percent.unwrap_or(rules.warning_percent));
    let span = (due_at - started_at).max(Duration::zero());
    started_at + span * percent / 100
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
            let mut day = pause::local_date(start);
            while day <= pause::local_date(deadline.at) {
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
/// working time): [`pause::resume_step`] with the clock's limit for the matter's facts,
/// from the stored due instant. The warning instant moves by as much as the due instant,
/// and the stored computation gains the pause.
fn resume(
    rules: &RuleSet,
    calendar: &WorkingCalendar,
    facts: LimitFacts<'_>,
    h: &super::OpenHandoff,
    now: DateTime<Utc>,
) -> Option<Resume> {
    let paused_at = h.paused_at?;
    let limit = day_limit(rules, &h.clock, facts);
    let step = pause::resume_step(calendar, limit, paused_at, h.due_at, now);
    let due_at = step.due;
    let computation = h.computation.clone().map(|mut c| {
        c.add_pause(step);
        c
    });
    Some(Resume {
        handoff: h.id,
        paused_at,
        due_at,
        warn_at: h.warn_at + (due_at - h.due_at),
        computation,
    })
}

/// The forward day-based limit a clock counts for these facts; `None` for an hour limit,
/// a clock counted back from a hearing, or a clock the rule set no longer has.
pub(super) fn day_limit(rules: &RuleSet, clock: &str, facts: LimitFacts<'_>) -> Option<Limit> {
    let clock = rules.clock(clock)?;
    if clock.direction != Direction::Forward {
        return None;
    }
    Some(clock.limit_for(facts).limit(&rules.settings)).filter(|l| !matches!(l, Limit::Hours(_)))
}
