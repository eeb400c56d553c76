//! The facts of a legal aid matter: who is aided, in which proceeding, and the vocabulary
//! of its lifecycle. Raw input becomes these types at the edge ([`NewRequest::parse`]).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::ids::{AgencyId, ProviderId};
use crate::ruleset::Flag;
use crate::text::BoundedText;

name_enum!(
    /// Where the matter stands in the inter-agency plan (legal-aid-coordination.md §3.1).
    MatterState {
        /// The right to legal aid was explained (biên bản giải thích, Mẫu 02) (T1).
        RightExplained = ("right_explained", "Đã giải thích quyền được trợ giúp pháp lý"),
        /// The person claims eligibility without asking: "information" went to the center (Mẫu 04).
        InformationSent = ("information_sent", "Đã gửi thông tin cho Trung tâm"),
        /// The request reached the center's inbox (NOTIFIED_TO_CENTER).
        NotifiedToCenter = ("notified_to_center", "Đã thông báo cho Trung tâm"),
        /// Entered in the center's register (thụ lý).
        Accepted = ("accepted", "Đã thụ lý"),
        /// Accepted immediately; the requester still owes the proof (T5i).
        AcceptedDocsPending = ("accepted_docs_pending", "Đã thụ lý ngay, chờ bổ sung giấy tờ"),
        /// Refused with written reasons (Mẫu 08).
        Refused = ("refused", "Từ chối thụ lý"),
        /// Not eligible: reported back to the notifying agency (T5n).
        NotEligibleReported = ("not_eligible_reported", "Đã thông báo không thuộc diện trợ giúp pháp lý"),
        /// Mandatory defence, but the person is not eligible for legal aid: the bar
        /// association or the Fatherland Front appoints (CPC art. 76(2)).
        AppointedElsewhere = ("appointed_elsewhere", "Đoàn luật sư / Mặt trận Tổ quốc cử người bào chữa"),
        /// A provider was assigned (decision TP-TGPL-14); registration pending.
        ProviderAssigned = ("provider_assigned", "Đã cử người thực hiện TGPL, chờ đăng ký"),
        /// The handling agency registered the counsel: aid is active.
        Registered = ("registered", "Đã đăng ký bào chữa / bảo vệ"),
        /// The agency refused registration; the center must replace the provider (T8r).
        RegistrationRefused = ("registration_refused", "Bị từ chối đăng ký, chờ cử người khác"),
        /// The agency cancelled the registration; the center must replace (T11).
        RegistrationCancelled = ("registration_cancelled", "Bị hủy bỏ đăng ký, chờ cử người khác"),
        /// The aided person asked to change provider; the center must answer (T12).
        ChangeRequested = ("change_requested", "Đề nghị thay đổi người thực hiện TGPL"),
        /// The accused refused appointed counsel: the appointment ended (CPC art. 77(3)).
        AppointmentEnded = ("appointment_ended", "Chấm dứt việc chỉ định người bào chữa"),
        Discontinued = ("discontinued", "Không tiếp tục thực hiện trợ giúp pháp lý"),
        Completed = ("completed", "Hoàn thành vụ việc"),
        TerminatedByProcedure = ("terminated_by_procedure", "Kết thúc do đình chỉ tố tụng"),
        /// The provider handed the case file to the center (T15).
        FileHandedOver = ("file_handed_over", "Đã nộp hồ sơ vụ việc"),
        /// Quality appraised (T16).
        QualityAppraised = ("quality_appraised", "Đã thẩm định chất lượng"),
    }
);

name_enum!(
    /// Custody status of the person; it decides the 12 h or 24 h clocks.
    CustodyStatus {
        Arrested = ("arrested", "Người bị bắt"),
        TemporaryCustody = ("temporary_custody", "Người bị tạm giữ"),
        Detained = ("detained", "Người bị tạm giam"),
        AtLiberty = ("at_liberty", "Tại ngoại"),
    }
);

name_enum!(
    /// The person's role in the proceeding.
    ProceduralRole {
        Accused = ("accused", "Người bị buộc tội"),
        Victim = ("victim", "Bị hại"),
        Litigant = ("litigant", "Đương sự"),
    }
);

name_enum!(
    /// Which procedure law governs.
    ProceedingKind {
        Criminal = ("criminal", "Tố tụng hình sự"),
        Civil = ("civil", "Tố tụng dân sự"),
        Administrative = ("administrative", "Tố tụng hành chính"),
    }
);

name_enum!(
    /// The stage of the proceeding (the assignment follows the case through all of them).
    Stage {
        Investigation = ("investigation", "Điều tra"),
        Prosecution = ("prosecution", "Truy tố"),
        FirstInstanceTrial = ("first_instance_trial", "Xét xử sơ thẩm"),
        Appeal = ("appeal", "Xét xử phúc thẩm"),
    }
);

name_enum!(
    /// Who is eligible for legal aid: Law on Legal Aid 2017 art. 7, as amended (items 5 and
    /// 6a from 2025–2026).
    EligibilityCategory {
        RevolutionaryMerit = ("revolutionary_merit", "Người có công với cách mạng (Điều 7.1)"),
        PoorHousehold = ("poor_household", "Người thuộc hộ nghèo (Điều 7.2)"),
        Child = ("child", "Trẻ em (Điều 7.3)"),
        EthnicMinority = ("ethnic_minority", "Người dân tộc thiểu số cư trú ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn (Điều 7.4)"),
        Juvenile = ("juvenile", "Người từ đủ 16 tuổi đến dưới 18 tuổi (Điều 7.5)"),
        AccusedNearPoor = ("accused_near_poor", "Người bị buộc tội thuộc hộ cận nghèo (Điều 7.6)"),
        TraffickingVictim = ("trafficking_victim", "Nạn nhân mua bán người (Điều 7.6a)"),
        MartyrRelative = ("martyr_relative", "Thân nhân liệt sĩ có khó khăn về tài chính (Điều 7.7a)"),
        AgentOrangeVictim = ("agent_orange_victim", "Người nhiễm chất độc da cam có khó khăn về tài chính (Điều 7.7b)"),
        Elderly = ("elderly", "Người cao tuổi có khó khăn về tài chính (Điều 7.7c)"),
        Disabled = ("disabled", "Người khuyết tật có khó khăn về tài chính (Điều 7.7d)"),
        DomesticViolenceVictim = ("domestic_violence_victim", "Nạn nhân bạo lực gia đình có khó khăn về tài chính (Điều 7.7e)"),
        HivPositive = ("hiv_positive", "Người nhiễm HIV có khó khăn về tài chính (Điều 7.7h)"),
        /// Not eligible for legal aid: only for mandatory defence appointed by the bar
        /// association or the Fatherland Front (CPC art. 76(2)).
        NotEligible = ("not_eligible", "Không thuộc diện người được trợ giúp pháp lý"),
    }
);

name_enum!(
    /// Why defence is mandatory (CPC art. 76(1)).
    MandatoryGround {
        SevereCharge = ("severe_charge", "Bị truy cứu về tội có khung hình phạt cao nhất 20 năm tù, tù chung thân hoặc tử hình"),
        UnderEighteen = ("under_eighteen", "Người dưới 18 tuổi"),
        Disability = ("disability", "Người có nhược điểm về thể chất, tâm thần"),
    }
);

name_enum!(
    /// Who appoints mandatory defence when the person is not eligible for legal aid
    /// (CPC art. 76(2)).
    AppointingBody {
        BarAssociation = ("bar_association", "Đoàn luật sư"),
        FatherlandFront = ("fatherland_front", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    }
);

name_enum!(
    /// Why a matter is discontinued (Law on Legal Aid art. 37; TT 12 art. 6(2)).
    DiscontinueGround {
        Withdrawal = ("withdrawal", "Người được trợ giúp pháp lý rút yêu cầu"),
        ProhibitedAct = ("prohibited_act", "Người được trợ giúp pháp lý có hành vi bị nghiêm cấm"),
        RefusalGroundFound = ("refusal_ground_found", "Phát hiện căn cứ từ chối thụ lý"),
        ProofNotSupplied = ("proof_not_supplied", "Không bổ sung giấy tờ chứng minh trong thời hạn"),
    }
);

name_enum!(
    /// Why an agency refuses or cancels a registration (CPC art. 78(5), (7)).
    RegistrationGround {
        Disqualified = ("disqualified", "Người bào chữa thuộc trường hợp không được bào chữa"),
        AccusedRefuses = ("accused_refuses", "Người bị buộc tội từ chối người bào chữa"),
        BreachOfLaw = ("breach_of_law", "Người bào chữa vi phạm pháp luật"),
    }
);

name_enum!(
    /// Grounds on which a center refuses a request: Law on Legal Aid art. 30(3), art. 35.
    RefusalGround {
        NotEligible = ("not_eligible", "Không thuộc diện người được trợ giúp pháp lý"),
        NoConcreteCase = ("no_concrete_case", "Không có vụ việc cụ thể liên quan đến quyền, lợi ích hợp pháp"),
        UnlawfulContent = ("unlawful_content", "Nội dung yêu cầu trái pháp luật"),
        PersonDied = ("person_died", "Người được trợ giúp pháp lý đã chết"),
        HandledElsewhere = ("handled_elsewhere", "Vụ việc đang được tổ chức khác thực hiện trợ giúp pháp lý"),
    }
);

name_enum!(
    /// Kinds of provider (Law on Legal Aid art. 17). Only the first three may act in
    /// proceedings (art. 31(1)).
    ProviderKind {
        LegalAidOfficer = ("legal_aid_officer", "Trợ giúp viên pháp lý"),
        ContractedLawyer = ("contracted_lawyer", "Luật sư ký hợp đồng với Trung tâm"),
        ParticipatingLawyer = ("participating_lawyer", "Luật sư của tổ chức tham gia TGPL"),
        LegalConsultant = ("legal_consultant", "Tư vấn viên pháp luật"),
        Collaborator = ("collaborator", "Cộng tác viên trợ giúp pháp lý"),
    }
);

impl ProviderKind {
    /// May this kind of provider act in court proceedings (art. 31(1))?
    pub fn may_act_in_proceedings(self) -> bool {
        matches!(
            self,
            Self::LegalAidOfficer | Self::ContractedLawyer | Self::ParticipatingLawyer
        )
    }
}

/// Length limits for free text, shared by the API (for its error messages) and the rules.
pub mod limits {
    pub const NAME: usize = 200;
    pub const CASE_NUMBER: usize = 100;
    pub const DOCUMENT: usize = 500;
    pub const REASON: usize = 2000;
    pub const DECISION_NUMBER: usize = 100;
}

/// The person to be aided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub full_name: BoundedText,
    pub birth_date: Option<NaiveDate>,
    pub eligibility: EligibilityCategory,
    /// The proof document offered (TT 08/2017 art. 33), if any yet.
    pub proof_document: Option<BoundedText>,
    pub custody: CustodyStatus,
    pub procedural_role: ProceduralRole,
}

/// The proceeding the request arises in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proceeding {
    pub kind: ProceedingKind,
    pub case_number: BoundedText,
    pub stage: Stage,
}

/// A validated legal aid request, as a procedural agency records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRequest {
    pub person: Person,
    pub proceeding: Proceeding,
    pub center: AgencyId,
    /// When the request was received (business time); clocks start here.
    pub received_at: DateTime<Utc>,
    /// Facts some limits depend on (e.g. an especially disadvantaged area).
    pub flags: Vec<Flag>,
}

/// Raw request fields as they arrive from the edge, before validation.
#[derive(Debug, Clone, Serialize)]
pub struct RawRequest<'a> {
    pub full_name: &'a str,
    pub birth_date: Option<NaiveDate>,
    pub eligibility: EligibilityCategory,
    pub proof_document: Option<&'a str>,
    pub custody: CustodyStatus,
    pub procedural_role: ProceduralRole,
    pub proceeding_kind: ProceedingKind,
    pub case_number: &'a str,
    pub stage: Stage,
    pub center: AgencyId,
    pub received_at: Option<DateTime<Utc>>,
    /// The person lives in an especially disadvantaged area (10 working days for proof).
    pub disadvantaged_area: bool,
}

/// How far in the past a request may be dated: a request older than this is a typing error.
const MAX_BACKDATE_DAYS: i64 = 366;

impl NewRequest {
    /// Validates raw input against `now`; every error names the field at fault.
    pub fn parse(raw: RawRequest<'_>, now: DateTime<Utc>) -> Result<Self, DomainError> {
        let text = BoundedText::field;
        let full_name = text("person.fullName", raw.full_name, limits::NAME)?;
        let case_number = text(
            "proceeding.caseNumber",
            raw.case_number,
            limits::CASE_NUMBER,
        )?;
        let proof_document = raw
            .proof_document
            .filter(|d| !d.trim().is_empty())
            .map(|d| text("person.proofDocument", d, limits::DOCUMENT))
            .transpose()?;
        if let Some(birth) = raw.birth_date {
            let today = now.date_naive();
            if birth > today || birth.year() < 1900 {
                return Err(DomainError::invalid(
                    "person.birthDate",
                    format!("{birth} is not a plausible birth date"),
                ));
            }
        }
        if raw.proceeding_kind != ProceedingKind::Criminal {
            if matches!(raw.stage, Stage::Investigation | Stage::Prosecution) {
                return Err(DomainError::invalid(
                    "proceeding.stage",
                    "civil and administrative proceedings have no investigation or prosecution stage",
                ));
            }
            if raw.custody != CustodyStatus::AtLiberty
                || raw.procedural_role != ProceduralRole::Litigant
            {
                return Err(DomainError::invalid(
                    "person.proceduralRole",
                    "in civil and administrative proceedings the person is a litigant at liberty",
                ));
            }
        } else if raw.procedural_role == ProceduralRole::Litigant {
            return Err(DomainError::invalid(
                "person.proceduralRole",
                "criminal proceedings have accused persons and victims, not litigants",
            ));
        }
        let received_at = raw.received_at.unwrap_or(now);
        if received_at > now {
            return Err(DomainError::invalid(
                "receivedAt",
                "the request cannot have been received in the future",
            ));
        }
        if now - received_at > chrono::Duration::days(MAX_BACKDATE_DAYS) {
            return Err(DomainError::invalid(
                "receivedAt",
                format!(
                    "a request received more than {MAX_BACKDATE_DAYS} days ago cannot be recorded"
                ),
            ));
        }
        Ok(Self {
            person: Person {
                full_name,
                birth_date: raw.birth_date,
                eligibility: raw.eligibility,
                proof_document,
                custody: raw.custody,
                procedural_role: raw.procedural_role,
            },
            proceeding: Proceeding {
                kind: raw.proceeding_kind,
                case_number,
                stage: raw.stage,
            },
            center: raw.center,
            received_at,
            flags: if raw.disadvantaged_area {
                vec![Flag::DisadvantagedArea]
            } else {
                Vec::new()
            },
        })
    }
}

/// A provider as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRef {
    pub id: ProviderId,
    pub center: AgencyId,
    pub kind: ProviderKind,
    pub active: bool,
    pub name: String,
}
