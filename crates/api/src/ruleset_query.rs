//! The rule set in force, as users see it: states, transitions, clocks with their legal
//! bases, and the settings chosen where the law is ambiguous.

use async_graphql::{Context, Object, SimpleObject};
use baton_domain::calendar::vn_offset;
use baton_domain::ruleset::{ClockLimit, ClockRule, RuleSet, Transition};
use chrono::NaiveDate;

use crate::context::engine;
use crate::error::{ApiResult, bad_input};

/// Reads of the inter-agency plan.
#[derive(Default)]
pub struct RuleSetQuery;

#[Object]
impl RuleSetQuery {
    /// The rule set in force on a date (default: today), or a version by name. Every
    /// matter keeps the version in force when it was received (`Matter.rulesetVersion`).
    async fn rule_set(
        &self,
        ctx: &Context<'_>,
        version: Option<String>,
        on: Option<NaiveDate>,
    ) -> ApiResult<RuleSetObject> {
        let engine = engine(ctx)?;
        let book = engine.rules();
        let rules = match (&version, on) {
            (Some(v), _) => book.version(v),
            (None, Some(day)) => book.in_force(day),
            (None, None) => book.in_force(engine.now().with_timezone(&vn_offset()).date_naive()),
        };
        let rules = rules.ok_or_else(|| bad_input("version", "no such rule set is in force"))?;
        Ok(RuleSetObject(rules.clone()))
    }

    /// Every rule-set version Baton knows, oldest first.
    async fn rule_set_versions(&self, ctx: &Context<'_>) -> ApiResult<Vec<String>> {
        Ok(engine(ctx)?
            .rules()
            .all()
            .iter()
            .map(|r| r.version.clone())
            .collect())
    }
}

/// One version of the inter-agency plan.
pub struct RuleSetObject(RuleSet);

/// A state and its Vietnamese name.
#[derive(SimpleObject)]
pub struct StateDef {
    code: String,
    label: String,
}

/// A value chosen where the law is ambiguous, and why.
#[derive(SimpleObject)]
pub struct SettingDef {
    name: String,
    value: String,
    reason: String,
}

/// One limit of a clock and the matters it applies to.
#[derive(SimpleObject)]
pub struct LimitDef {
    /// Custody statuses it applies to (empty: any).
    custody: Vec<String>,
    /// Proceeding kinds it applies to (empty: any).
    proceeding: Vec<String>,
    /// Facts of which one must hold (empty: none needed).
    any_flag: Vec<String>,
    /// As the law states it, e.g. "12 giờ", "3 ngày làm việc".
    limit: String,
    rollover: bool,
    legal_basis: String,
    /// Why this value was chosen where the law is ambiguous.
    note: Option<String>,
}

#[Object(name = "RuleSet")]
impl RuleSetObject {
    async fn version(&self) -> &str {
        &self.0.version
    }

    async fn effective_from(&self) -> NaiveDate {
        self.0.effective_from
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    async fn warning_percent(&self) -> i32 {
        i32::from(self.0.warning_percent)
    }

    async fn states(&self) -> Vec<StateDef> {
        self.0
            .states
            .iter()
            .map(|s| StateDef {
                code: s.code().to_owned(),
                label: s.label_vi().to_owned(),
            })
            .collect()
    }

    async fn settings(&self) -> Vec<SettingDef> {
        let s = &self.0.settings;
        vec![
            SettingDef {
                name: "assignment_counts_from".into(),
                value: s.assignment_counts_from.value.code().into(),
                reason: s.assignment_counts_from.reason.clone(),
            },
            SettingDef {
                name: "detention_forwarding_by_analogy".into(),
                value: s.detention_forwarding_by_analogy.value.to_string(),
                reason: s.detention_forwarding_by_analogy.reason.clone(),
            },
            SettingDef {
                name: "hour_clocks_run_through_rest_days".into(),
                value: s.hour_clocks_run_through_rest_days.value.to_string(),
                reason: s.hour_clocks_run_through_rest_days.reason.clone(),
            },
            SettingDef {
                name: "immediately_hours".into(),
                value: s.immediately_hours.value.to_string(),
                reason: s.immediately_hours.reason.clone(),
            },
            SettingDef {
                name: "branch_assigns_from_center_roster".into(),
                value: s.branch_assigns_from_center_roster.value.to_string(),
                reason: s.branch_assigns_from_center_roster.reason.clone(),
            },
        ]
    }

    async fn transitions(&self) -> Vec<TransitionObject> {
        self.0
            .transitions
            .iter()
            .cloned()
            .map(TransitionObject)
            .collect()
    }

    async fn clocks(&self) -> Vec<ClockObject> {
        let settings = &self.0.settings;
        self.0
            .clocks
            .iter()
            .map(|c| ClockObject {
                limits: c.limits.iter().map(|l| limit_def(l, settings)).collect(),
                rule: c.clone(),
            })
            .collect()
    }
}

fn limit_def(l: &ClockLimit, settings: &baton_domain::ruleset::Settings) -> LimitDef {
    LimitDef {
        custody: l.when.custody.iter().map(|c| c.code().to_owned()).collect(),
        proceeding: l
            .when
            .proceeding
            .iter()
            .map(|p| p.code().to_owned())
            .collect(),
        any_flag: l
            .when
            .any_flag
            .iter()
            .map(|f| f.code().to_owned())
            .collect(),
        limit: l.describe_vi(settings),
        rollover: l.rollover,
        legal_basis: l.basis.clone(),
        note: l.note.clone(),
    }
}

/// A transition: who may fire a command from which states.
pub struct TransitionObject(Transition);

fn codes<T: Copy>(values: &[T], code: fn(T) -> &'static str) -> Vec<String> {
    values.iter().map(|v| code(*v).to_owned()).collect()
}

#[Object(name = "TransitionDef")]
impl TransitionObject {
    /// The command, e.g. `accept_referral`.
    async fn command(&self) -> &str {
        self.0.command.code()
    }

    async fn label(&self) -> &str {
        self.0.command.label_vi()
    }

    /// States it may start from; empty when it creates a matter.
    async fn from(&self) -> Vec<String> {
        codes(&self.0.from, |s| s.code())
    }

    /// The state it leads to; null when the state stays.
    async fn to(&self) -> Option<&str> {
        self.0.to.map(|s| s.code())
    }

    /// The party of the matter that fires it.
    async fn actor(&self) -> &str {
        self.0.actor.code()
    }

    async fn roles(&self) -> Vec<String> {
        codes(&self.0.roles, |r| r.code())
    }

    async fn agency_kinds(&self) -> Vec<String> {
        codes(&self.0.agency_kinds, |k| k.code())
    }

    async fn opens(&self) -> &[String] {
        &self.0.opens
    }

    async fn closes(&self) -> &[String] {
        &self.0.closes
    }

    async fn cancels(&self) -> &[String] {
        &self.0.cancels
    }

    async fn pauses(&self) -> &[String] {
        &self.0.pauses
    }

    async fn resumes(&self) -> &[String] {
        &self.0.resumes
    }

    async fn legal_basis(&self) -> &str {
        &self.0.basis
    }
}

/// A duty with a clock.
pub struct ClockObject {
    rule: ClockRule,
    limits: Vec<LimitDef>,
}

#[Object(name = "ClockDef")]
impl ClockObject {
    async fn id(&self) -> &str {
        &self.rule.id
    }

    async fn label(&self) -> &str {
        &self.rule.label_vi
    }

    async fn label_en(&self) -> &str {
        &self.rule.label_en
    }

    /// The party that owes the duty.
    async fn responsible(&self) -> &str {
        self.rule.responsible.code()
    }

    /// What the clock counts from.
    async fn starts(&self) -> &str {
        self.rule.starts.code()
    }

    /// `forward`, or `before_hearing` for limits counted back from a hearing.
    async fn direction(&self) -> &str {
        self.rule.direction.code()
    }

    /// The limits, tried in order; the first that matches the matter applies.
    async fn limits(&self) -> &[LimitDef] {
        &self.limits
    }
}
