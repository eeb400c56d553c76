//! The inter-agency plan held as data: states, transitions (who may fire each), and the
//! clocks each transition opens and closes, every limit with its legal basis.
//!
//! Rule sets are TOML files in `rules/rulesets/`, compiled in as the default
//! ([`RuleBook::bundled`]) and loadable from other texts ([`RuleBook::from_files`]). A matter
//! is pinned to the version in force when it was received ([`RuleBook::in_force`]).

mod load;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::agency::{AgencyKind, Role};
use crate::calendar::Limit;
use crate::matter::{CustodyStatus, MatterState, ProceedingKind};

pub use load::RuleSetError;

name_enum!(
    /// What a user asks the engine to do; each is a transition of the rule set.
    CommandKind {
        RequestLegalAid = ("request_legal_aid", "Yêu cầu trợ giúp pháp lý và thông báo cho Trung tâm"),
        AcceptReferral = ("accept_referral", "Thụ lý vụ việc"),
        RefuseReferral = ("refuse_referral", "Từ chối thụ lý"),
        AssignProvider = ("assign_provider", "Cử người thực hiện trợ giúp pháp lý"),
        RegisterCounsel = ("register_counsel", "Đăng ký người bào chữa / người bảo vệ"),
    }
);

name_enum!(
    /// A party of a matter: the principal's agency must be this party to fire a transition,
    /// and a clock's duty is owed by this party.
    Party {
        HandlingAgency = ("handling_agency", "Cơ quan tiến hành tố tụng đang thụ lý vụ án"),
        Center = ("center", "Trung tâm trợ giúp pháp lý"),
    }
);

name_enum!(
    /// The instant a clock starts from.
    ClockStart {
        /// When the request was received (business time recorded on the matter).
        RequestReceived = ("request_received", "Từ khi nhận được yêu cầu"),
        /// When the transition that opens the clock took place.
        Transition = ("transition", "Từ khi thực hiện bước trước"),
    }
);

name_enum!(
    /// The unit a limit is counted in (vietnam-working-calendar.md §3.4).
    LimitUnit {
        Hours = ("hours", "giờ"),
        Days = ("days", "ngày"),
        WorkingDays = ("working_days", "ngày làm việc"),
        Months = ("months", "tháng"),
    }
);

/// One version of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub id: String,
    /// Unique across the rule book; stored on every matter received under it.
    pub version: String,
    /// Matters received on or after this local date fall under this version.
    pub effective_from: NaiveDate,
    pub title: String,
    pub states: Vec<MatterState>,
    pub transitions: Vec<Transition>,
    pub clocks: Vec<ClockRule>,
    /// Share of a clock's time after which a warning is due, in percent, unless the clock
    /// sets its own.
    pub warning_percent: u8,
}

/// A transition: who may fire it from which states, and which clocks it opens and closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub command: CommandKind,
    /// Empty for the transition that creates a matter.
    pub from: Vec<MatterState>,
    pub to: MatterState,
    /// The party of the matter the principal's agency must be.
    pub actor: Party,
    pub roles: Vec<Role>,
    pub agency_kinds: Vec<AgencyKind>,
    pub opens: Vec<String>,
    pub closes: Vec<String>,
    pub basis: String,
}

/// A duty with a clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockRule {
    pub id: String,
    pub label_vi: String,
    pub label_en: String,
    /// The party that owes the duty.
    pub responsible: Party,
    pub starts: ClockStart,
    /// Tried in order; the first whose condition matches applies. The last has no condition.
    pub limits: Vec<ClockLimit>,
    pub warning_percent: Option<u8>,
}

/// One limit of a clock, for the matters its condition matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockLimit {
    #[serde(default)]
    pub when: Condition,
    pub amount: u32,
    pub unit: LimitUnit,
    /// Day-based limits ending on a rest day move to the next working day's end.
    #[serde(default = "default_rollover")]
    pub rollover: bool,
    /// The article that sets this limit.
    pub basis: String,
    /// Why this value was chosen where the law is ambiguous.
    #[serde(default)]
    pub note: Option<String>,
}

fn default_rollover() -> bool {
    true
}

/// The matter facts a limit applies to; an empty list means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default)]
    pub custody: Vec<CustodyStatus>,
    #[serde(default)]
    pub proceeding: Vec<ProceedingKind>,
}

impl Condition {
    pub fn is_unconditional(&self) -> bool {
        self.custody.is_empty() && self.proceeding.is_empty()
    }

    pub fn matches(&self, custody: CustodyStatus, proceeding: ProceedingKind) -> bool {
        (self.custody.is_empty() || self.custody.contains(&custody))
            && (self.proceeding.is_empty() || self.proceeding.contains(&proceeding))
    }
}

impl ClockLimit {
    /// The calendar's view of this limit.
    pub fn limit(&self) -> Limit {
        let n = self.amount;
        match self.unit {
            LimitUnit::Hours => Limit::Hours(n),
            LimitUnit::Days => Limit::Days {
                n,
                rollover: self.rollover,
            },
            LimitUnit::WorkingDays => Limit::WorkingDays(n),
            LimitUnit::Months => Limit::Months {
                n,
                rollover: self.rollover,
            },
        }
    }

    /// How a person reads it: "12 giờ", "3 ngày làm việc".
    pub fn describe_vi(&self) -> String {
        format!("{} {}", self.amount, self.unit.label_vi())
    }
}

impl ClockRule {
    /// The limit that applies to a matter with these facts.
    pub fn limit_for(&self, custody: CustodyStatus, proceeding: ProceedingKind) -> &ClockLimit {
        // The loader guarantees a last, unconditional limit.
        self.limits
            .iter()
            .find(|l| l.when.matches(custody, proceeding))
            .unwrap_or_else(|| &self.limits[self.limits.len() - 1])
    }
}

impl RuleSet {
    pub fn transition(&self, command: CommandKind) -> Option<&Transition> {
        self.transitions.iter().find(|t| t.command == command)
    }

    pub fn clock(&self, id: &str) -> Option<&ClockRule> {
        self.clocks.iter().find(|c| c.id == id)
    }

    /// Commands the plan allows from `state`.
    pub fn allowed_from(&self, state: MatterState) -> Vec<CommandKind> {
        self.transitions
            .iter()
            .filter(|t| t.from.contains(&state))
            .map(|t| t.command)
            .collect()
    }
}

/// Every rule-set version Baton knows, oldest first.
#[derive(Debug, Clone)]
pub struct RuleBook {
    sets: Vec<RuleSet>,
}

const BUNDLED: &[(&str, &str)] = &[(
    "rules/rulesets/vn-tgpl-2026.1.toml",
    include_str!("../../rules/rulesets/vn-tgpl-2026.1.toml"),
)];

impl RuleBook {
    /// The rule sets compiled into the binary.
    pub fn bundled() -> Result<Self, RuleSetError> {
        Self::from_files(BUNDLED.iter().copied())
    }

    /// Loads and validates rule sets from (file name, TOML text) pairs.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, RuleSetError> {
        let mut sets = files
            .into_iter()
            .map(|(name, text)| load::parse(name, text))
            .collect::<Result<Vec<_>, _>>()?;
        if sets.is_empty() {
            return Err(RuleSetError::Empty);
        }
        sets.sort_by_key(|s| s.effective_from);
        for pair in sets.windows(2) {
            if pair[0].version == pair[1].version {
                return Err(RuleSetError::DuplicateVersion(pair[0].version.clone()));
            }
        }
        Ok(Self { sets })
    }

    /// The version in force on a local date: the latest whose effective date has come.
    pub fn in_force(&self, on: NaiveDate) -> Option<&RuleSet> {
        self.sets.iter().rev().find(|s| s.effective_from <= on)
    }

    /// A version by its name (the one a matter is pinned to).
    pub fn version(&self, version: &str) -> Option<&RuleSet> {
        self.sets.iter().find(|s| s.version == version)
    }

    pub fn all(&self) -> &[RuleSet] {
        &self.sets
    }
}

#[cfg(test)]
mod tests;
