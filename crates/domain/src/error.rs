//! What can go wrong when the rules are asked to decide, in business terms.

use crate::matter::MatterState;
use crate::ruleset::CommandKind;

/// A refusal by the rules. Each variant maps to one stable API code in the api crate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// Input that breaks a rule of form or plausibility; `field` names it as the API spells
    /// it, `rule` the article it breaks when the law sets it (e.g. "Luật TGPL Điều 31(1)").
    #[error("{field}: {message}")]
    InvalidInput {
        field: String,
        message: String,
        rule: Option<String>,
    },
    /// The principal's role or agency may not fire this command on this matter.
    #[error("{0}")]
    Forbidden(String),
    /// Like [`DomainError::Forbidden`], naming the field whose value is not the principal's
    /// to give (e.g. `roles` an administrator may not grant).
    #[error("{field}: {message}")]
    ForbiddenField { field: String, message: String },
    /// The command is not allowed from the matter's current state.
    #[error("{}", invalid_transition_message(*.command, *.state, allowed))]
    InvalidTransition {
        command: CommandKind,
        state: MatterState,
        /// Commands the rule set allows from `state`.
        allowed: Vec<CommandKind>,
        /// The legal basis of the refused command's transitions in the matter's rule set.
        rule: Option<String>,
    },
}

impl DomainError {
    pub fn forbidden(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::ForbiddenField {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::InvalidInput {
            field: field.into(),
            message: message.into(),
            rule: None,
        }
    }

    /// The same refusal, naming the article it applies (bad input or a refused transition).
    #[must_use]
    pub fn under(mut self, article: impl Into<String>) -> Self {
        match &mut self {
            Self::InvalidInput { rule, .. } | Self::InvalidTransition { rule, .. } => {
                *rule = Some(article.into());
            }
            Self::Forbidden(_) | Self::ForbiddenField { .. } => {}
        }
        self
    }

    /// The article the refusal applies, when known.
    pub fn rule(&self) -> Option<&str> {
        match self {
            Self::InvalidInput { rule, .. } | Self::InvalidTransition { rule, .. } => {
                rule.as_deref()
            }
            Self::Forbidden(_) | Self::ForbiddenField { .. } => None,
        }
    }
}

fn invalid_transition_message(
    command: CommandKind,
    state: MatterState,
    allowed: &[CommandKind],
) -> String {
    let allowed = if allowed.is_empty() {
        "nothing (the matter is closed)".to_owned()
    } else {
        allowed
            .iter()
            .map(|c| c.code())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "cannot {command}: the matter is {state} ({}); allowed from there: {allowed}",
        state.label_vi()
    )
}

/// A stored or written code that is not one of a vocabulary's (e.g. a state no rule set
/// knows): corrupt data when it comes from storage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code:?} is not a {vocabulary}")]
pub struct UnknownCode {
    pub vocabulary: &'static str,
    pub code: String,
}
