//! Parsing and validating a rule-set file. Every error names the file and the place.

use std::collections::{HashSet, VecDeque};

use chrono::NaiveDate;
use serde::Deserialize;

use super::{
    ClockLimit, ClockRule, ClockStart, CommandKind, Condition, Direction, Party, RuleSet, Settings,
    Transition,
};
use crate::access::{Operation, role_fits, role_reach};
use crate::agency::{AgencyKind, Role};
use crate::matter::MatterState;

/// Why a rule set could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleSetError {
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: {place}: {message}")]
    Invalid {
        file: String,
        place: String,
        message: String,
    },
    #[error("no rule set was given")]
    Empty,
    #[error("rule-set version {0} is defined twice")]
    DuplicateVersion(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRuleSet {
    id: String,
    version: String,
    effective_from: NaiveDate,
    title: String,
    #[serde(default = "default_warning")]
    warning_percent: u8,
    #[serde(default)]
    data_protection_basis: String,
    settings: Settings,
    states: Vec<MatterState>,
    /// The states where the plan ends; every other state needs a way out.
    #[serde(default)]
    terminal_states: Vec<MatterState>,
    #[serde(rename = "transition")]
    transitions: Vec<RawTransition>,
    #[serde(rename = "clock", default)]
    clocks: Vec<RawClock>,
}

fn default_warning() -> u8 {
    75
}

fn forward() -> Direction {
    Direction::Forward
}

/// The boolean settings a clock may be switched by.
const BOOLEAN_SETTINGS: &[&str] = &["detention_forwarding_by_analogy"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransition {
    command: CommandKind,
    #[serde(default)]
    from: Vec<MatterState>,
    #[serde(default)]
    to: Option<MatterState>,
    actor: Party,
    roles: Vec<Role>,
    agency_kinds: Vec<AgencyKind>,
    #[serde(default)]
    opens: Vec<String>,
    #[serde(default)]
    closes: Vec<String>,
    #[serde(default)]
    cancels: Vec<String>,
    #[serde(default)]
    pauses: Vec<String>,
    #[serde(default)]
    resumes: Vec<String>,
    #[serde(default)]
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClock {
    id: String,
    label_vi: String,
    label_en: String,
    responsible: Party,
    starts: ClockStart,
    #[serde(default = "forward")]
    direction: Direction,
    #[serde(default)]
    enabled_by: Option<String>,
    #[serde(default)]
    applies_when: Condition,
    #[serde(default)]
    warning_percent: Option<u8>,
    #[serde(rename = "limit")]
    limits: Vec<ClockLimit>,
}

pub(super) fn parse(file: &str, text: &str) -> Result<RuleSet, RuleSetError> {
    let raw: RawRuleSet = toml::from_str(text).map_err(|e| RuleSetError::Syntax {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    let invalid = |place: String, message: String| RuleSetError::Invalid {
        file: file.to_owned(),
        place,
        message,
    };
    validate_percent(raw.warning_percent).map_err(|m| invalid("warning_percent".into(), m))?;
    validate_settings(&raw.settings).map_err(|(place, m)| invalid(place, m))?;

    let mut clock_ids = HashSet::new();
    let mut clocks = Vec::with_capacity(raw.clocks.len());
    for (i, c) in raw.clocks.into_iter().enumerate() {
        let place = format!("clock[{i}] ({})", c.id);
        if !clock_ids.insert(c.id.clone()) {
            return Err(invalid(place, "clock id is defined twice".into()));
        }
        if let Some(p) = c.warning_percent {
            validate_percent(p).map_err(|m| invalid(format!("{place}.warning_percent"), m))?;
        }
        validate_limits(&c.limits).map_err(|(j, m)| invalid(format!("{place}.limit[{j}]"), m))?;
        if let Some(setting) = &c.enabled_by
            && !BOOLEAN_SETTINGS.contains(&setting.as_str())
        {
            return Err(invalid(
                place,
                format!("enabled_by names no boolean setting: {setting}"),
            ));
        }
        clocks.push(ClockRule {
            id: c.id,
            label_vi: c.label_vi,
            label_en: c.label_en,
            responsible: c.responsible,
            starts: c.starts,
            direction: c.direction,
            enabled_by: c.enabled_by,
            applies_when: c.applies_when,
            limits: c.limits,
            warning_percent: c.warning_percent,
        });
    }

    let known_states: HashSet<_> = raw.states.iter().copied().collect();
    // A command may have several transitions, but never two from the same state, and at
    // most one that creates a matter.
    let mut seen: HashSet<(CommandKind, Option<MatterState>)> = HashSet::new();
    let mut transitions = Vec::with_capacity(raw.transitions.len());
    for (i, t) in raw.transitions.into_iter().enumerate() {
        let place = format!("transition[{i}] ({})", t.command);
        let starts: Vec<Option<MatterState>> = if t.from.is_empty() {
            vec![None]
        } else {
            t.from.iter().copied().map(Some).collect()
        };
        for start in starts {
            if !seen.insert((t.command, start)) {
                let from = start.map_or("nothing (creation)".to_owned(), |s| s.to_string());
                return Err(invalid(place, format!("a second transition from {from}")));
            }
        }
        if t.from.is_empty() && t.to.is_none() {
            return Err(invalid(
                place,
                "a transition that creates a matter needs `to`".into(),
            ));
        }
        for s in t.from.iter().chain(t.to.iter()) {
            if !known_states.contains(s) {
                return Err(invalid(place, format!("state {s} is not in `states`")));
            }
        }
        let clocks_named = t
            .opens
            .iter()
            .chain(&t.closes)
            .chain(&t.cancels)
            .chain(&t.pauses)
            .chain(&t.resumes);
        if let Some(unknown) = clocks_named.clone().find(|c| !clock_ids.contains(*c)) {
            return Err(invalid(place, format!("clock {unknown} is not defined")));
        }
        if t.roles.is_empty() || t.agency_kinds.is_empty() {
            return Err(invalid(
                place,
                "roles and agency_kinds must name someone".into(),
            ));
        }
        if !t.actor.is_agency() {
            return Err(invalid(
                format!("{place}.actor"),
                format!(
                    "{} owes duties but fires no transition: the actor must be an agency \
                     (handling_agency, center or justice_department)",
                    t.actor
                ),
            ));
        }
        if !can_fire(&t) {
            let roles: Vec<_> = t.roles.iter().map(|r| r.code()).collect();
            let kinds: Vec<_> = t.agency_kinds.iter().map(|k| k.code()).collect();
            let may = if t.from.is_empty() {
                "create a matter"
            } else {
                "act on a matter"
            };
            return Err(invalid(
                format!("{place}.roles"),
                format!(
                    "no one can fire it: no role of [{}] is held at an agency of kind [{}] \
                     with the permission to {may}",
                    roles.join(", "),
                    kinds.join(", ")
                ),
            ));
        }
        if t.basis.trim().is_empty() {
            return Err(invalid(place, "a transition needs its legal basis".into()));
        }
        transitions.push(Transition {
            command: t.command,
            from: t.from,
            to: t.to,
            actor: t.actor,
            roles: t.roles,
            agency_kinds: t.agency_kinds,
            opens: t.opens,
            closes: t.closes,
            cancels: t.cancels,
            pauses: t.pauses,
            resumes: t.resumes,
            basis: t.basis,
        });
    }
    if let Some(state) = unreachable_state(&raw.states, &transitions) {
        return Err(invalid(
            "states".into(),
            format!("state {state} cannot be reached by any transition"),
        ));
    }
    check_ends(&raw.states, &raw.terminal_states, &transitions)
        .map_err(|(place, m)| invalid(place, m))?;
    if let Some((i, clock)) = never_closed(&transitions) {
        let t = &transitions[i];
        return Err(invalid(
            format!("transition[{i}] ({}).opens", t.command),
            format!(
                "clock {clock} is never closed or cancelled by a transition that can follow \
                 this one: the duty would stay open forever"
            ),
        ));
    }
    Ok(RuleSet {
        id: raw.id,
        version: raw.version,
        effective_from: raw.effective_from,
        title: raw.title,
        states: raw.states,
        terminal_states: raw.terminal_states,
        transitions,
        clocks,
        settings: raw.settings,
        data_protection_basis: raw.data_protection_basis,
        warning_percent: raw.warning_percent,
    })
}

fn validate_settings(settings: &Settings) -> Result<(), (String, String)> {
    let reasons = [
        (
            "settings.assignment_counts_from",
            &settings.assignment_counts_from.reason,
        ),
        (
            "settings.detention_forwarding_by_analogy",
            &settings.detention_forwarding_by_analogy.reason,
        ),
        (
            "settings.hour_clocks_run_through_rest_days",
            &settings.hour_clocks_run_through_rest_days.reason,
        ),
        (
            "settings.immediately_hours",
            &settings.immediately_hours.reason,
        ),
        (
            "settings.branch_assigns_from_center_roster",
            &settings.branch_assigns_from_center_roster.reason,
        ),
    ];
    if let Some((place, _)) = reasons.iter().find(|(_, r)| r.trim().is_empty()) {
        return Err((
            (*place).to_owned(),
            "a setting needs the reason for its value".into(),
        ));
    }
    if settings.immediately_hours.value == 0 {
        return Err((
            "settings.immediately_hours".into(),
            "must be at least 1 hour".into(),
        ));
    }
    Ok(())
}

fn validate_percent(p: u8) -> Result<(), String> {
    if (1..=99).contains(&p) {
        Ok(())
    } else {
        Err(format!("{p} is not a share between 1 and 99 percent"))
    }
}

fn validate_limits(limits: &[ClockLimit]) -> Result<(), (usize, String)> {
    if limits.is_empty() {
        return Err((0, "a clock needs at least one limit".into()));
    }
    for (j, l) in limits.iter().enumerate() {
        if l.basis.trim().is_empty() {
            return Err((j, "a limit needs its legal basis".into()));
        }
        if l.amount == 0 {
            return Err((j, "a limit of zero is not a limit".into()));
        }
        let last = j + 1 == limits.len();
        if last != l.when.is_unconditional() {
            return Err((
                j,
                "exactly the last limit must have no `when` (it is the default)".into(),
            ));
        }
    }
    Ok(())
}

/// A state that no path of transitions from the creating transition reaches.
fn unreachable_state(states: &[MatterState], transitions: &[Transition]) -> Option<MatterState> {
    let mut reached: HashSet<MatterState> = HashSet::new();
    let mut queue: VecDeque<MatterState> = transitions
        .iter()
        .filter(|t| t.from.is_empty())
        .filter_map(|t| t.to)
        .collect();
    while let Some(s) = queue.pop_front() {
        if reached.insert(s) {
            queue.extend(
                transitions
                    .iter()
                    .filter(|t| t.from.contains(&s))
                    .filter_map(|t| t.to),
            );
        }
    }
    states.iter().copied().find(|s| !reached.contains(s))
}

/// Can some account fire the transition: a role of `roles` that is held at an agency of a
/// kind in `agency_kinds` (access::ROLE_AGENCIES) and may create a matter (a creating
/// transition) or act on one (access::PERMISSIONS)?
fn can_fire(t: &RawTransition) -> bool {
    let operation = if t.from.is_empty() {
        Operation::CreateMatter
    } else {
        Operation::ActOnMatter
    };
    t.roles.iter().any(|r| {
        role_reach(*r, operation).is_some() && t.agency_kinds.iter().any(|k| role_fits(*r, *k))
    })
}

/// Does `t` move a matter out of `state` (to another state)?
fn leads_out(t: &Transition, state: MatterState) -> bool {
    t.from.contains(&state) && t.to.is_some_and(|to| to != state)
}

/// Every state is either left by some transition or declared terminal, and no declared
/// terminal state is left. The error names the place in `states` or `terminal_states`.
fn check_ends(
    states: &[MatterState],
    terminal: &[MatterState],
    transitions: &[Transition],
) -> Result<(), (String, String)> {
    for (k, s) in terminal.iter().enumerate() {
        let place = format!("terminal_states[{k}] ({s})");
        if !states.contains(s) {
            return Err((place, format!("state {s} is not in `states`")));
        }
        if let Some(t) = transitions.iter().find(|t| leads_out(t, *s)) {
            let to = t.to.map_or(String::new(), |to| to.to_string());
            return Err((
                place,
                format!(
                    "a transition leads out of it ({} → {to}): a terminal state has no way out",
                    t.command
                ),
            ));
        }
    }
    for (k, s) in states.iter().enumerate() {
        if !terminal.contains(s) && !transitions.iter().any(|t| leads_out(t, *s)) {
            return Err((
                format!("states[{k}] ({s})"),
                "no transition leads out of this state and it is not in `terminal_states`: \
                 a matter would be stuck in it"
                    .into(),
            ));
        }
    }
    Ok(())
}

/// The first transition (by index) that opens a clock which no transition that can fire
/// once it has (from its target state, or from its starting states when it stays, and on
/// from there) closes or cancels, with that clock. A clock the same transition opens and
/// closes is created discharged and needs nothing later.
fn never_closed(transitions: &[Transition]) -> Option<(usize, &str)> {
    transitions.iter().enumerate().find_map(|(i, t)| {
        let starts: Vec<MatterState> = match t.to {
            Some(to) => vec![to],
            None => t.from.clone(),
        };
        let reachable = reachable_from(starts, transitions);
        t.opens
            .iter()
            .filter(|c| !t.closes.contains(c))
            .find(|c| {
                !transitions.iter().any(|u| {
                    u.from.iter().any(|s| reachable.contains(s))
                        && (u.closes.contains(c) || u.cancels.contains(c))
                })
            })
            .map(|c| (i, c.as_str()))
    })
}

/// The states a matter can be in from `starts` on, `starts` included.
fn reachable_from(starts: Vec<MatterState>, transitions: &[Transition]) -> HashSet<MatterState> {
    let mut reached = HashSet::new();
    let mut queue: VecDeque<MatterState> = starts.into();
    while let Some(s) = queue.pop_front() {
        if reached.insert(s) {
            queue.extend(
                transitions
                    .iter()
                    .filter(|t| t.from.contains(&s))
                    .filter_map(|t| t.to),
            );
        }
    }
    reached
}
