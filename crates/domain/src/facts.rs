//! The facts of one matter: everything its row holds that the rules decide. A decision
//! carries the matter's complete new facts, and storage writes them as they are: no
//! layer below the domain derives a fact again.

use chrono::{DateTime, NaiveDate, Utc};

use crate::agency::{AgencyRef, Principal};
use crate::calendar::vn_offset;
use crate::ids::{AgencyId, ProviderId};
use crate::lifecycle::QualityGrade;
use crate::matter::{
    AppointingBody, CustodyStatus, DiscontinueGround, EligibilityCategory, MandatoryGround,
    MatterState, NewRequest, ProceduralRole, ProceedingKind, RefusalGround, Stage,
};
use crate::ruleset::Flag;

/// A matter's facts as the rules last decided them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatterFacts {
    pub state: MatterState,
    // The person.
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub eligibility: EligibilityCategory,
    pub proof_document: Option<String>,
    pub custody: CustodyStatus,
    pub procedural_role: ProceduralRole,
    // The proceeding and who holds it.
    pub proceeding_kind: ProceedingKind,
    pub case_number: String,
    pub stage: Stage,
    pub handling_agency: AgencyId,
    pub center: AgencyId,
    /// The province of the center now handling the matter: its justice department
    /// supervises it and decides escalated complaints, and its supervisors list it.
    pub province: String,
    /// The center a transferred referral came from.
    pub transferred_from: Option<AgencyId>,
    // Intake.
    /// When the request was received (business time); intake clocks start here.
    pub received_at: DateTime<Utc>,
    /// When the center was notified (the request recorded), if it was.
    pub notified_at: Option<DateTime<Utc>>,
    /// The explanation record (biên bản giải thích, Mẫu 02), when the right was explained.
    pub explanation_record: Option<String>,
    /// BLTTHS Điều 76(1) grounds of a mandatory defence.
    pub mandatory_grounds: Vec<MandatoryGround>,
    /// Who appoints counsel for a person not eligible (BLTTHS Điều 76(2)).
    pub appointing_body: Option<AppointingBody>,
    /// Facts some limits depend on: disadvantaged area, force majeure, summary procedure.
    pub flags: Vec<Flag>,
    pub refusal_ground: Option<RefusalGround>,
    pub refusal_reason: Option<String>,
    // Assignment and registration.
    pub provider: Option<ProviderId>,
    pub decision_number: Option<String>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub registration_number: Option<String>,
    pub registered_at: Option<DateTime<Utc>>,
    // Proceedings.
    pub hearing_at: Option<DateTime<Utc>>,
    /// How many times the accused has asked to change appointed counsel.
    pub counsel_changes: u32,
    // Closure.
    pub closing_ground: Option<DiscontinueGround>,
    pub closed_at: Option<DateTime<Utc>>,
    pub file_code: Option<String>,
    pub grade: Option<QualityGrade>,
    pub total_score: Option<u8>,
}

impl MatterFacts {
    /// The facts of a new matter: the request as the principal's agency recorded it, sent
    /// to `center`, in `state`. Everything a later command decides starts empty.
    pub fn new(
        state: MatterState,
        request: &NewRequest,
        principal: &Principal,
        center: &AgencyRef,
        now: DateTime<Utc>,
    ) -> Self {
        let person = &request.person;
        Self {
            state,
            full_name: person.full_name.as_str().to_owned(),
            birth_date: person.birth_date,
            eligibility: person.eligibility,
            proof_document: person
                .proof_document
                .as_ref()
                .map(|d| d.as_str().to_owned()),
            custody: person.custody,
            procedural_role: person.procedural_role,
            proceeding_kind: request.proceeding.kind,
            case_number: request.proceeding.case_number.as_str().to_owned(),
            stage: request.proceeding.stage,
            handling_agency: principal.agency.id,
            center: request.center,
            province: center.province.clone(),
            transferred_from: None,
            received_at: request.received_at,
            // A matter whose right was only explained has not yet notified the center.
            notified_at: (state != MatterState::RightExplained).then_some(now),
            explanation_record: None,
            mandatory_grounds: Vec::new(),
            appointing_body: None,
            flags: request.flags.clone(),
            refusal_ground: None,
            refusal_reason: None,
            provider: None,
            decision_number: None,
            assigned_at: None,
            registration_number: None,
            registered_at: None,
            hearing_at: None,
            counsel_changes: 0,
            closing_ground: None,
            closed_at: None,
            file_code: None,
            grade: None,
            total_score: None,
        }
    }

    /// Under 18 when the request was received, if the birth date is known.
    pub fn minor(&self) -> bool {
        let received = self.received_at.with_timezone(&vn_offset()).date_naive();
        self.birth_date
            .and_then(|b| received.years_since(b))
            .is_some_and(|age| age < 18)
    }

    /// The counsel is no longer registered (a new assignment, a refusal, a cancellation).
    pub(crate) fn clear_registration(&mut self) {
        self.registration_number = None;
        self.registered_at = None;
    }

    pub(crate) fn set_flag(&mut self, flag: Flag, on: bool) {
        self.flags.retain(|f| *f != flag);
        if on {
            self.flags.push(flag);
        }
    }
}
