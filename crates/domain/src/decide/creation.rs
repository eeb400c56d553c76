//! Commands that create a matter (T1–T4): what they are, what they check of the request,
//! and what the new matter's facts and first event record.

use chrono::Datelike;
use serde::Serialize;

use super::EventDetail;
use crate::agency::{AgencyKind, Principal};
use crate::calendar::vn_offset;
use crate::error::DomainError;
use crate::facts::MatterFacts;
use crate::matter::{
    AppointingBody, EligibilityCategory, MandatoryGround, NewRequest, ProceduralRole,
    ProceedingKind,
};
use crate::ruleset::CommandKind;
use crate::text::BoundedText;

/// A command that creates a matter, with its validated request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Creation {
    /// T1: the right explained; `record` is the explanation record (Mẫu 02).
    ExplainRight { record: BoundedText },
    /// T2: the person claims eligibility but makes no request: "information" (Mẫu 04).
    SendInformation,
    /// T2–T3: a request, notified to the center (Mẫu 03).
    RequestLegalAid,
    /// T3m: mandatory defence for an eligible person: the center must appoint.
    NotifyMandatoryDefence { grounds: Vec<MandatoryGround> },
    /// T3m: mandatory defence for a person not eligible: another body appoints.
    RecordOtherAppointment {
        grounds: Vec<MandatoryGround>,
        body: AppointingBody,
    },
    /// T4: a detention facility forwards a detainee's request.
    ForwardDetentionRequest,
}

impl Creation {
    pub fn kind(&self) -> CommandKind {
        match self {
            Self::ExplainRight { .. } => CommandKind::ExplainRight,
            Self::SendInformation => CommandKind::SendInformation,
            Self::RequestLegalAid => CommandKind::RequestLegalAid,
            Self::NotifyMandatoryDefence { .. } => CommandKind::NotifyMandatoryDefence,
            Self::RecordOtherAppointment { .. } => CommandKind::RecordOtherAppointment,
            Self::ForwardDetentionRequest => CommandKind::ForwardDetentionRequest,
        }
    }

    /// A mandatory-defence notice (BLTTHS Điều 76): an eligible person's goes to the
    /// center; for a person not eligible, `appointing_body` appoints (Điều 76(2)).
    pub fn mandatory_defence(
        grounds: Vec<MandatoryGround>,
        appointing_body: Option<AppointingBody>,
        eligibility: EligibilityCategory,
    ) -> Result<Self, DomainError> {
        match (eligibility, appointing_body) {
            (EligibilityCategory::NotEligible, Some(body)) => {
                Ok(Self::RecordOtherAppointment { grounds, body })
            }
            (EligibilityCategory::NotEligible, None) => Err(DomainError::invalid(
                "appointingBody",
                "a person not eligible for legal aid is appointed counsel by the bar \
                 association or the Fatherland Front (BLTTHS Điều 76(2)): name which",
            )
            .under("BLTTHS Điều 76(2)")),
            (_, Some(_)) => Err(DomainError::invalid(
                "appointingBody",
                "an eligible person's mandatory defence goes to the legal aid center",
            )),
            (_, None) => Ok(Self::NotifyMandatoryDefence { grounds }),
        }
    }
}

/// Age in whole years on a date.
fn age_on(birth: chrono::NaiveDate, on: chrono::NaiveDate) -> i32 {
    let years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years - 1
    } else {
        years
    }
}

/// Checks the CPC art. 76(1) grounds against the facts of the request.
fn check_mandatory(grounds: &[MandatoryGround], request: &NewRequest) -> Result<(), DomainError> {
    if request.proceeding.kind != ProceedingKind::Criminal
        || request.person.procedural_role != ProceduralRole::Accused
    {
        return Err(DomainError::invalid(
            "proceeding.kind",
            "mandatory defence exists only for accused persons in criminal proceedings (BLTTHS Điều 76)",
        )
.under("BLTTHS Điều 76"));
    }
    if grounds.is_empty() {
        return Err(DomainError::invalid(
            "grounds",
            "name at least one ground of BLTTHS Điều 76(1)",
        )
        .under("BLTTHS Điều 76(1)"));
    }
    if grounds.contains(&MandatoryGround::UnderEighteen) {
        // The age on the local (Asia/Ho_Chi_Minh) date the need arose.
        let on = request.received_at.with_timezone(&vn_offset()).date_naive();
        match request.person.birth_date {
            Some(birth) if age_on(birth, on) < 18 => {}
            Some(_) => {
                return Err(DomainError::invalid(
                    "grounds",
                    "the person was 18 or older when the need arose",
                ));
            }
            None => {
                return Err(DomainError::invalid(
                    "person.birthDate",
                    "the birth date is needed to rely on the under-18 ground",
                ));
            }
        }
    }
    Ok(())
}

/// The event a creation records; the grounds, appointing body and explanation record go
/// into the new matter's `facts`.
pub(super) fn detail(
    creation: Creation,
    principal: &Principal,
    request: &NewRequest,
    facts: &mut MatterFacts,
) -> Result<EventDetail, DomainError> {
    let not_eligible = request.person.eligibility == EligibilityCategory::NotEligible;
    let (mandatory_grounds, appointing_body, explanation_record) = match creation {
        Creation::RecordOtherAppointment { grounds, body } => {
            check_mandatory(&grounds, request)?;
            if !not_eligible {
                return Err(DomainError::invalid(
                    "person.eligibility",
                    "an eligible person's mandatory defence goes to the legal aid center",
                ));
            }
            (grounds, Some(body), None)
        }
        _ if not_eligible => {
            return Err(DomainError::invalid(
                "person.eligibility",
                "a person not eligible for legal aid cannot be referred to the center",
            ));
        }
        Creation::NotifyMandatoryDefence { grounds } => {
            check_mandatory(&grounds, request)?;
            (grounds, None, None)
        }
        Creation::ExplainRight { record } => (Vec::new(), None, Some(record.into_string())),
        Creation::ForwardDetentionRequest => {
            if principal.agency.kind != AgencyKind::DetentionFacility {
                return Err(DomainError::Forbidden(
                    "only a detention facility forwards a detainee's request".into(),
                ));
            }
            (Vec::new(), None, None)
        }
        Creation::SendInformation | Creation::RequestLegalAid => (Vec::new(), None, None),
    };
    facts.mandatory_grounds.clone_from(&mandatory_grounds);
    facts.appointing_body = appointing_body;
    facts.explanation_record.clone_from(&explanation_record);
    Ok(EventDetail::Requested {
        full_name: request.person.full_name.as_str().to_owned(),
        eligibility: request.person.eligibility,
        custody: request.person.custody,
        proceeding: request.proceeding.kind,
        stage: request.proceeding.stage,
        case_number: request.proceeding.case_number.as_str().to_owned(),
        mandatory_grounds,
        appointing_body,
        explanation_record,
    })
}
