//! The inter-agency plan held as data: states, transitions (who may fire each), and the
//! clocks each transition opens and closes, every limit with its legal basis.
//!
//! Rule sets are TOML files in `rules/rulesets/`, compiled in as the default
//! ([`RuleBook::bundled`]) and loadable from other texts ([`RuleBook::from_files`]). A matter
//! is pinned to the version in force when it was received ([`RuleBook::in_force`]).

pub mod doc;
mod load;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::agency::{AgencyKind, Role};
use crate::calendar::Limit;
use crate::matter::{CustodyStatus, MatterState, ProceedingKind};

pub use load::RuleSetError;

name_enum!(
    /// What a user asks the engine to do; each is fired through one or more transitions of
    /// the rule set (one per state it may start from). Numbers are the domain brief's.
    CommandKind {
        ExplainRight = ("explain_right", "Giải thích quyền được trợ giúp pháp lý (T1)"),
        SendInformation = ("send_information", "Gửi thông tin về người thuộc diện trợ giúp pháp lý (T2)"),
        RequestLegalAid = ("request_legal_aid", "Yêu cầu trợ giúp pháp lý và thông báo cho Trung tâm"),
        RecordRequest = ("record_request", "Ghi nhận yêu cầu trợ giúp pháp lý (T2–T3)"),
        NotifyMandatoryDefence = ("notify_mandatory_defence", "Đề nghị cử người bào chữa bắt buộc (T3m)"),
        RecordOtherAppointment = ("record_other_appointment", "Ghi nhận Đoàn luật sư / Mặt trận Tổ quốc cử người bào chữa (T3m)"),
        ForwardDetentionRequest = ("forward_detention_request", "Chuyển yêu cầu của người bị tạm giữ, tạm giam (T4)"),
        AcceptReferral = ("accept_referral", "Thụ lý vụ việc"),
        AcceptImmediately = ("accept_immediately", "Thụ lý ngay, bổ sung giấy tờ sau (T5i)"),
        RefuseReferral = ("refuse_referral", "Từ chối thụ lý"),
        TransferReferral = ("transfer_referral", "Chuyển yêu cầu đến Trung tâm có thẩm quyền (T5t)"),
        ReportNotEligible = ("report_not_eligible", "Thông báo không thuộc diện trợ giúp pháp lý (T5n)"),
        RequestProof = ("request_proof", "Đề nghị bổ sung giấy tờ chứng minh"),
        ReceiveProof = ("receive_proof", "Nhận giấy tờ chứng minh"),
        AssignProvider = ("assign_provider", "Cử người thực hiện trợ giúp pháp lý"),
        PresentPapers = ("present_papers", "Xuất trình thẻ và quyết định cử người thực hiện TGPL (T7)"),
        RegisterCounsel = ("register_counsel", "Đăng ký người bào chữa / người bảo vệ"),
        RefuseRegistration = ("refuse_registration", "Từ chối đăng ký bào chữa (T8r)"),
        CancelRegistration = ("cancel_registration", "Hủy bỏ việc đăng ký bào chữa (T11)"),
        ScheduleHearing = ("schedule_hearing", "Ấn định ngày xét xử (T9)"),
        SendHearingSchedule = ("send_hearing_schedule", "Gửi lịch xét xử cho Trung tâm và người thực hiện TGPL (T9)"),
        RecordInterrogationNotice = ("record_interrogation_notice", "Thông báo lịch hỏi cung, lấy lời khai (T9)"),
        RecordSuspectMeeting = ("record_suspect_meeting", "Gặp bị can để xác định có nhận người bào chữa được chỉ định (TT 46/2019 Điều 5(2))"),
        RecordInvestigationConclusion = ("record_investigation_conclusion", "Ghi nhận bản kết luận điều tra (T9)"),
        SendInvestigationConclusion = ("send_investigation_conclusion", "Gửi bản kết luận điều tra cho bị can và người bào chữa (TT 46/2019 Điều 16(1))"),
        TransferStage = ("transfer_stage", "Chuyển giai đoạn tố tụng (T10)"),
        RequireNewRegistration = ("require_new_registration", "Yêu cầu đăng ký lại: điều tra lại, xét xử lại (T10)"),
        RequestProviderChange = ("request_provider_change", "Đề nghị thay đổi người thực hiện TGPL (T12)"),
        DeclineProviderChange = ("decline_provider_change", "Không chấp nhận thay đổi người thực hiện TGPL (T12)"),
        RecordCounselChange = ("record_counsel_change", "Người bị buộc tội đề nghị thay đổi người bào chữa (T12c)"),
        RecordCounselRefusal = ("record_counsel_refusal", "Người bị buộc tội từ chối người bào chữa (T12c)"),
        Discontinue = ("discontinue", "Không tiếp tục thực hiện trợ giúp pháp lý (T13)"),
        Complete = ("complete", "Kết thúc vụ việc: hoàn thành (T14)"),
        TerminateByProcedure = ("terminate_by_procedure", "Kết thúc vụ việc: đình chỉ tố tụng (T14)"),
        HandOverFile = ("hand_over_file", "Nộp hồ sơ vụ việc (T15)"),
        AppraiseQuality = ("appraise_quality", "Thẩm định chất lượng vụ việc (T16)"),
        FileComplaint = ("file_complaint", "Khiếu nại về trợ giúp pháp lý (C1)"),
        DecideComplaint = ("decide_complaint", "Giải quyết khiếu nại (C1)"),
        EscalateComplaint = ("escalate_complaint", "Khiếu nại lần hai lên Giám đốc Sở Tư pháp (C1)"),
        DecideEscalatedComplaint = ("decide_escalated_complaint", "Giám đốc Sở Tư pháp giải quyết khiếu nại (C1)"),
        RecordSupervisoryEvaluation = ("record_supervisory_evaluation", "Kiểm tra, đánh giá chất lượng vụ việc theo kế hoạch hoặc khiếu nại (T17)"),
        SubmitPaymentClaim = ("submit_payment_claim", "Đề nghị thanh toán thù lao thực hiện trợ giúp pháp lý (T18)"),
        ApprovePaymentClaim = ("approve_payment_claim", "Duyệt thanh toán thù lao (T18)"),
        RejectPaymentClaim = ("reject_payment_claim", "Không duyệt thanh toán thù lao (T18)"),
    }
);

name_enum!(
    /// A party of a matter: the principal's agency must be this party to fire a transition,
    /// and a clock's duty is owed by this party.
    Party {
        HandlingAgency = ("handling_agency", "Cơ quan tiến hành tố tụng đang thụ lý vụ án"),
        Center = ("center", "Trung tâm trợ giúp pháp lý"),
        /// The provincial justice department of the matter's province (complaints).
        JusticeDepartment = ("justice_department", "Sở Tư pháp"),
        /// Who supervises the matter's quality (T17, TT 12 Điều 14(2)–(3)): the justice
        /// department of the matter's province, or the national authority for any matter.
        Supervisor = ("supervisor", "Sở Tư pháp quản lý vụ việc hoặc Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý"),
        /// The person who asked for legal aid (e.g. owes the proof, TT 12 Điều 6(2)). Owes
        /// a duty only: the center waits on it and follows it up, so the handoff's
        /// responsible agency is the center. Never a transition's actor.
        Requester = ("requester", "Người được trợ giúp pháp lý"),
        /// The assigned legal aid officer or lawyer (e.g. hands the file over, Luật TGPL
        /// Điều 39(1)). Owes a duty only; the center follows it up. Never an actor.
        Provider = ("provider", "Người thực hiện trợ giúp pháp lý"),
    }
);

name_enum!(
    /// The instant a clock starts from.
    ClockStart {
        /// When the request was received (business time recorded on the matter).
        RequestReceived = ("request_received", "Từ khi nhận được yêu cầu"),
        /// When the transition that opens the clock took place.
        Transition = ("transition", "Từ khi thực hiện bước trước"),
        /// When the center received the notice: the request's recording.
        Notice = ("notice", "Từ khi Trung tâm nhận được thông báo"),
        /// Acceptance or notice, as the rule set's `assignment_counts_from` setting says.
        AssignmentBasis = ("assignment_basis", "Theo thiết lập: từ khi thụ lý hoặc từ khi nhận thông báo"),
        /// The business instant the command reports (e.g. when a cancellation was decided).
        Reported = ("reported", "Từ thời điểm quyết định được ghi nhận"),
        /// When the handling agency received the complete papers (T7): the start of the
        /// registration duty still owed (`register_counsel`), else the transition.
        PapersPresented = ("papers_presented", "Từ khi nhận đủ giấy tờ đăng ký (T7)"),
    }
);

name_enum!(
    /// The unit a limit is counted in (vietnam-working-calendar.md §3.4).
    LimitUnit {
        Hours = ("hours", "giờ"),
        Days = ("days", "ngày"),
        WorkingDays = ("working_days", "ngày làm việc"),
        Months = ("months", "tháng"),
        /// "Immediately" (ngay): the rule set's `immediately_hours` setting.
        Immediately = ("immediately", "ngay"),
    }
);

name_enum!(
    /// Which way a clock counts: forward from its start, or backward from an event (a
    /// hearing) by which the duty must be done.
    Direction {
        Forward = ("forward", "Tính từ thời điểm bắt đầu"),
        BeforeHearing = ("before_hearing", "Tính lùi từ ngày xét xử"),
    }
);

name_enum!(
    /// A fact of a matter or command that a limit may depend on.
    Flag {
        /// The person lives in an especially disadvantaged area (TT 12 Điều 6(2)).
        DisadvantagedArea = ("disadvantaged_area", "Cư trú ở vùng đặc biệt khó khăn"),
        /// Force majeure delays the proof (TT 12 Điều 6(2)).
        ForceMajeure = ("force_majeure", "Sự kiện bất khả kháng"),
        /// The hearing is under summary procedure (TTLT 10 Điều 9(3)(a)).
        SummaryProcedure = ("summary_procedure", "Thủ tục rút gọn"),
    }
);

/// A value chosen where the law is ambiguous, with the reason for the choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting<T> {
    pub value: T,
    pub reason: String,
}

name_enum!(
    /// What the assignment clock of a notified case counts from (brief §6.2).
    AssignmentCountsFrom {
        Acceptance = ("acceptance", "Từ khi thụ lý (Luật TGPL Điều 31(2))"),
        Notice = ("notice", "Từ khi nhận thông báo (TTLT 10 Điều 3(4))"),
    }
);

/// The ambiguous points of the law, decided per rule set (brief §6, calendar brief Q5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Which assignment clock governs a notified case.
    pub assignment_counts_from: Setting<AssignmentCountsFrom>,
    /// Whether detention facilities get the 12 h / 24 h forwarding clock by analogy with
    /// CPC art. 75(2); JC 10 sets none.
    pub detention_forwarding_by_analogy: Setting<bool>,
    /// Whether hour limits run through nights and days off (true) or count only the hours
    /// of working days (false).
    pub hour_clocks_run_through_rest_days: Setting<bool>,
    /// How many hours "immediately" (ngay) allows.
    pub immediately_hours: Setting<u32>,
    /// Whether a branch may assign providers on its center's roster as well as its own
    /// (Decree 144/2017 art. 5: a branch is a dependent unit of the center).
    pub branch_assigns_from_center_roster: Setting<bool>,
}

/// One version of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub id: String,
    /// Unique across the rule book; stored on every matter received under it.
    pub version: String,
    /// Matters received on or after this local date fall under this version.
    pub effective_from: NaiveDate,
    pub title: String,
    /// Why personal data may pass between agencies with each handoff (Personal Data
    /// Protection Law 91/2025/QH15), cited beside the transition's own article.
    pub data_protection_basis: String,
    pub settings: Settings,
    pub states: Vec<MatterState>,
    /// The states where the plan ends: no transition leaves them (checked by the loader).
    pub terminal_states: Vec<MatterState>,
    pub transitions: Vec<Transition>,
    pub clocks: Vec<ClockRule>,
    /// Share of a clock's time after which a warning is due, in percent, unless the clock
    /// sets its own.
    pub warning_percent: u8,
}

/// A transition: who may fire a command from which states, where it leads, and which
/// clocks it opens, closes, pauses and resumes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub command: CommandKind,
    /// Empty for a transition that creates a matter.
    pub from: Vec<MatterState>,
    /// `None` keeps the state (hearing schedules, complaints, stage transfers, ...).
    pub to: Option<MatterState>,
    /// The party of the matter the principal's agency must be.
    pub actor: Party,
    pub roles: Vec<Role>,
    pub agency_kinds: Vec<AgencyKind>,
    pub opens: Vec<String>,
    pub closes: Vec<String>,
    /// Duties the transition makes moot: no longer owed, neither met nor breached.
    pub cancels: Vec<String>,
    pub pauses: Vec<String>,
    pub resumes: Vec<String>,
    pub basis: String,
}

impl Transition {
    /// The state after the transition, given the state before.
    pub fn target(&self, from: MatterState) -> MatterState {
        self.to.unwrap_or(from)
    }
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
    pub direction: Direction,
    /// Opened only when this boolean setting is true (e.g. the detention analogy).
    pub enabled_by: Option<String>,
    /// Opened only for matters these facts describe (e.g. the notice of Luật TGPL Điều
    /// 31(3) exists only in criminal proceedings); unconditional by default.
    pub applies_when: Condition,
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
    /// Every flag listed must hold; `any_flag` needs one of its flags.
    #[serde(default)]
    pub any_flag: Vec<Flag>,
    /// The kind of the agency handling the matter: a duty that binds one kind of agency
    /// only (e.g. TT 46/2019/TT-BCA binds investigation bodies).
    #[serde(default)]
    pub agency_kind: Vec<AgencyKind>,
    /// `true`: only a mandatory defence (BLTTHS Điều 76, a matter with mandatory grounds);
    /// `false`: only other matters; absent: any.
    #[serde(default)]
    pub mandatory_defence: Option<bool>,
}

/// The facts a clock's limit is chosen by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitFacts<'a> {
    pub custody: CustodyStatus,
    pub proceeding: ProceedingKind,
    pub flags: &'a [Flag],
    /// The kind of the agency handling the matter, when known.
    pub agency_kind: Option<AgencyKind>,
    pub mandatory_defence: bool,
}

impl Condition {
    pub fn is_unconditional(&self) -> bool {
        self.custody.is_empty()
            && self.proceeding.is_empty()
            && self.any_flag.is_empty()
            && self.agency_kind.is_empty()
            && self.mandatory_defence.is_none()
    }

    pub fn matches(&self, facts: LimitFacts<'_>) -> bool {
        (self.custody.is_empty() || self.custody.contains(&facts.custody))
            && (self.proceeding.is_empty() || self.proceeding.contains(&facts.proceeding))
            && (self.any_flag.is_empty() || self.any_flag.iter().any(|f| facts.flags.contains(f)))
            && (self.agency_kind.is_empty()
                || facts
                    .agency_kind
                    .is_some_and(|k| self.agency_kind.contains(&k)))
            && self
                .mandatory_defence
                .is_none_or(|m| m == facts.mandatory_defence)
    }
}

impl ClockLimit {
    /// The calendar's view of this limit; "immediately" resolves through the settings.
    pub fn limit(&self, settings: &Settings) -> Limit {
        let n = self.amount;
        match self.unit {
            LimitUnit::Hours => Limit::Hours(n),
            LimitUnit::Immediately => Limit::Hours(settings.immediately_hours.value),
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

    /// How a person reads it: "12 giờ", "3 ngày làm việc", "ngay (12 giờ)".
    pub fn describe_vi(&self, settings: &Settings) -> String {
        match self.unit {
            LimitUnit::Immediately => {
                format!("ngay ({} giờ)", settings.immediately_hours.value)
            }
            unit => format!("{} {}", self.amount, unit.label_vi()),
        }
    }
}

impl ClockRule {
    /// The limit that applies to a matter with these facts.
    pub fn limit_for(&self, facts: LimitFacts<'_>) -> &ClockLimit {
        // The loader guarantees a last, unconditional limit.
        self.limits
            .iter()
            .find(|l| l.when.matches(facts))
            .unwrap_or_else(|| &self.limits[self.limits.len() - 1])
    }
}

impl Party {
    /// Whether a principal's agency can be this party (a transition's actor).
    pub fn is_agency(self) -> bool {
        matches!(
            self,
            Party::HandlingAgency | Party::Center | Party::JusticeDepartment | Party::Supervisor
        )
    }
}

impl RuleSet {
    /// The transition of `command` from `state`; `None` when the plan has none.
    pub fn transition_from(&self, command: CommandKind, state: MatterState) -> Option<&Transition> {
        self.transitions
            .iter()
            .find(|t| t.command == command && t.from.contains(&state))
    }

    /// The transition of `command` that creates a matter.
    pub fn creating(&self, command: CommandKind) -> Option<&Transition> {
        self.transitions
            .iter()
            .find(|t| t.command == command && t.from.is_empty())
    }

    /// Any transition of `command` (to check who may fire it before the state).
    pub fn any_transition(&self, command: CommandKind) -> Option<&Transition> {
        self.transitions.iter().find(|t| t.command == command)
    }

    pub fn clock(&self, id: &str) -> Option<&ClockRule> {
        self.clocks.iter().find(|c| c.id == id)
    }

    /// Commands the plan allows from `state`.
    pub fn allowed_from(&self, state: MatterState) -> Vec<CommandKind> {
        let mut commands: Vec<_> = self
            .transitions
            .iter()
            .filter(|t| t.from.contains(&state))
            .map(|t| t.command)
            .collect();
        commands.dedup();
        commands
    }

    /// Whether a clock is switched on by the settings.
    pub fn clock_enabled(&self, clock: &ClockRule) -> bool {
        match clock.enabled_by.as_deref() {
            None => true,
            Some("detention_forwarding_by_analogy") => {
                self.settings.detention_forwarding_by_analogy.value
            }
            Some(_) => false,
        }
    }
}

/// Every rule-set version Baton knows, oldest first.
#[derive(Debug, Clone)]
pub struct RuleBook {
    sets: Vec<RuleSet>,
}

const BUNDLED: &[(&str, &str)] = &[
    (
        "rules/rulesets/vn-tgpl-2026.1.toml",
        include_str!("../../rules/rulesets/vn-tgpl-2026.1.toml"),
    ),
    (
        "rules/rulesets/vn-tgpl-2026.2.toml",
        include_str!("../../rules/rulesets/vn-tgpl-2026.2.toml"),
    ),
];

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
