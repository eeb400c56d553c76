//! Commands that create a matter, as callers send them.

use baton_domain::BoundedText;
use baton_domain::DomainError;
use baton_domain::decide::Creation;
use baton_domain::matter::{
    AppointingBody, EligibilityCategory, MandatoryGround, NewRequest, limits,
};
use baton_domain::ruleset::CommandKind;

/// How a matter starts.
#[derive(Debug, Clone)]
pub enum Creating {
    /// T1: the right explained, with the explanation record's reference (Mẫu 02).
    ExplainRight { record: String },
    /// T2: the person claims eligibility without asking: "information" (Mẫu 04).
    SendInformation,
    /// T2–T3: a request, notified to the center.
    RequestLegalAid,
    /// T3m: mandatory defence. With an eligible person the center appoints; with a person
    /// not eligible, `appointing_body` does (CPC art. 76(2)).
    MandatoryDefence {
        grounds: Vec<MandatoryGround>,
        appointing_body: Option<AppointingBody>,
    },
    /// T4: a detention facility forwards a detainee's request.
    ForwardDetentionRequest,
}

impl Creating {
    /// The rule-set command: mandatory defence splits on eligibility.
    pub fn kind(&self, eligibility: EligibilityCategory) -> CommandKind {
        match self {
            Self::ExplainRight { .. } => CommandKind::ExplainRight,
            Self::SendInformation => CommandKind::SendInformation,
            Self::RequestLegalAid => CommandKind::RequestLegalAid,
            Self::MandatoryDefence { .. } if eligibility == EligibilityCategory::NotEligible => {
                CommandKind::RecordOtherAppointment
            }
            Self::MandatoryDefence { .. } => CommandKind::NotifyMandatoryDefence,
            Self::ForwardDetentionRequest => CommandKind::ForwardDetentionRequest,
        }
    }

    /// The domain's creation, validated against the request.
    pub(crate) fn validate(&self, request: &NewRequest) -> Result<Creation, DomainError> {
        Ok(match self {
            Self::ExplainRight { record } => Creation::ExplainRight {
                record: BoundedText::field("explanationRecord", record, limits::DOCUMENT)?,
            },
            Self::SendInformation => Creation::SendInformation,
            Self::RequestLegalAid => Creation::RequestLegalAid,
            Self::ForwardDetentionRequest => Creation::ForwardDetentionRequest,
            Self::MandatoryDefence {
                grounds,
                appointing_body,
            } => match (request.person.eligibility, appointing_body) {
                (EligibilityCategory::NotEligible, Some(body)) => {
                    Creation::RecordOtherAppointment {
                        grounds: grounds.clone(),
                        body: *body,
                    }
                }
                (EligibilityCategory::NotEligible, None) => {
                    return Err(DomainError::invalid(
                        "appointingBody",
                        "a person not eligible for legal aid is appointed counsel by the bar \
                         association or the Fatherland Front (BLTTHS Điều 76(2)): name which",
                    ));
                }
                (_, Some(_)) => {
                    return Err(DomainError::invalid(
                        "appointingBody",
                        "an eligible person's mandatory defence goes to the legal aid center",
                    ));
                }
                (_, None) => Creation::NotifyMandatoryDefence {
                    grounds: grounds.clone(),
                },
            },
        })
    }
}
