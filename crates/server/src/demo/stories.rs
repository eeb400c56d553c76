//! The demo's matters. [`simple`] seeds a dozen request → acceptance → assignment →
//! registration journeys from a table; [`tell`] walks the rest of the inter-agency plan
//! (rule set 2026.2): mandatory defence, immediate acceptance, paused and cancelled
//! clocks, stage transfers with a hearing, a transferred referral, a refused registration,
//! a closed and appraised file (paid and evaluated), and an escalated complaint. Every matter is driven through
//! the real engine with the demo's manual clock set in the past.

use anyhow::Context as _;
use baton_domain::BoundedText;
use baton_domain::agency::Principal;
use baton_domain::calendar::vn_offset;
use baton_domain::clock::ManualClock;
use baton_domain::decide::{Command, Creation};
use baton_domain::ids::MatterId;
use baton_domain::lifecycle::{Appraisal, EvaluationBasis};
use baton_domain::matter::{
    CustodyStatus, DiscontinueGround, EligibilityCategory, MandatoryGround, ProceduralRole,
    ProceedingKind, RawRequest, RefusalGround, RegistrationGround, Stage,
};
use baton_domain::pay::{ClaimRequest, Confirmation, ConfirmerRole, SessionInput};
use baton_engine::{Engine, Provider};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::{Agencies, BAC_NINH, act};

/// One step of a demo matter's story, `hours` before now.
enum Step {
    Accept,
    Refuse(RefusalGround, &'static str),
    Assign(usize, &'static str),
    Register(&'static str),
}

struct Story {
    by: usize,
    name: &'static str,
    eligibility: EligibilityCategory,
    custody: CustodyStatus,
    role: ProceduralRole,
    kind: ProceedingKind,
    case: &'static str,
    stage: Stage,
    received: i64,
    recorded: i64,
    steps: &'static [(Step, i64)],
}

#[rustfmt::skip]
const STORIES: &[Story] = {
    use CustodyStatus as C; use EligibilityCategory as E; use ProceduralRole as R;
    use ProceedingKind as P; use Stage as S; use Step::*;
    &[
        Story { by: 0, name: "Nguyễn Văn Nam", eligibility: E::PoorHousehold, custody: C::Arrested, role: R::Accused, kind: P::Criminal, case: "112/2026/HS-ĐT", stage: S::Investigation, received: 3, recorded: 2, steps: &[] },
        Story { by: 1, name: "Lò Văn Páo", eligibility: E::EthnicMinority, custody: C::Detained, role: R::Accused, kind: P::Criminal, case: "87/2026/HS-TT", stage: S::Prosecution, received: 26, recorded: 25, steps: &[(Accept, 20)] },
        Story { by: 0, name: "Hoàng Minh Đức", eligibility: E::Juvenile, custody: C::TemporaryCustody, role: R::Accused, kind: P::Criminal, case: "120/2026/HS-ĐT", stage: S::Investigation, received: 31, recorded: 30, steps: &[(Accept, 29)] },
        Story { by: 2, name: "Vũ Thị Mai", eligibility: E::DomesticViolenceVictim, custody: C::AtLiberty, role: R::Victim, kind: P::Criminal, case: "45/2026/HS-ST", stage: S::FirstInstanceTrial, received: 240, recorded: 239, steps: &[(Accept, 236), (Assign(0, "215/QĐ-TGPL"), 220), (Register("TB-45/2026"), 200)] },
        Story { by: 2, name: "Bùi Văn Tân", eligibility: E::Elderly, custody: C::AtLiberty, role: R::Accused, kind: P::Criminal, case: "51/2026/HS-ST", stage: S::FirstInstanceTrial, received: 100, recorded: 99, steps: &[(Refuse(RefusalGround::NotEligible, "Không có giấy tờ chứng minh khó khăn về tài chính; đã hướng dẫn người yêu cầu bổ sung."), 95)] },
        Story { by: 2, name: "Đinh Thị Hạnh", eligibility: E::Disabled, custody: C::Detained, role: R::Accused, kind: P::Criminal, case: "60/2026/HS-ST", stage: S::FirstInstanceTrial, received: 80, recorded: 79, steps: &[(Accept, 75), (Assign(2, "231/QĐ-TGPL"), 50)] },
        Story { by: 2, name: "Trương Văn Lực", eligibility: E::PoorHousehold, custody: C::AtLiberty, role: R::Litigant, kind: P::Civil, case: "19/2026/DS-ST", stage: S::FirstInstanceTrial, received: 30, recorded: 29, steps: &[(Accept, 26), (Assign(3, "236/QĐ-TGPL"), 24)] },
        Story { by: 0, name: "Phan Văn Khải", eligibility: E::AccusedNearPoor, custody: C::Arrested, role: R::Accused, kind: P::Criminal, case: "131/2026/HS-ĐT", stage: S::Investigation, received: 44, recorded: 4, steps: &[] },
        Story { by: 2, name: "Hà Thị Nhung", eligibility: E::Child, custody: C::AtLiberty, role: R::Victim, kind: P::Criminal, case: "72/2026/HS-ST", stage: S::FirstInstanceTrial, received: 200, recorded: 199, steps: &[(Accept, 190)] },
        Story { by: 0, name: "Lê Văn Thắng", eligibility: E::RevolutionaryMerit, custody: C::Arrested, role: R::Accused, kind: P::Criminal, case: "98/2026/HS-ĐT", stage: S::Investigation, received: 150, recorded: 149, steps: &[(Accept, 148), (Assign(1, "190/QĐ-TGPL"), 140), (Register("TB-98/2026"), 130)] },
        Story { by: 1, name: "Ngô Thị Loan", eligibility: E::TraffickingVictim, custody: C::AtLiberty, role: R::Victim, kind: P::Criminal, case: "33/2026/HS-TT", stage: S::Prosecution, received: 6, recorded: 5, steps: &[] },
        Story { by: 3, name: "Cao Văn Sơn", eligibility: E::HivPositive, custody: C::Detained, role: R::Accused, kind: P::Criminal, case: "140/2026/HS-ĐT", stage: S::Investigation, received: 10, recorded: 9, steps: &[] },
        Story { by: 4, name: "Mạc Thị Yến", eligibility: E::PoorHousehold, custody: C::AtLiberty, role: R::Litigant, kind: P::Administrative, case: "07/2026/HC-ST", stage: S::FirstInstanceTrial, received: 120, recorded: 119, steps: &[(Accept, 118)] },
    ]
};

/// Who and what the stories need.
pub(super) struct Cast<'a> {
    pub engine: &'a Engine,
    pub clock: &'a ManualClock,
    pub now: DateTime<Utc>,
    pub agencies: &'a Agencies,
    /// The Hà Nội center's roster, in the order of `super::roster`.
    pub providers: &'a [Provider],
    pub investigator: &'a Principal,
    pub prosecutor: &'a Principal,
    pub clerk: &'a Principal,
    pub detention: &'a Principal,
    pub coordinator: &'a Principal,
    /// Investigator, prosecutor, clerk, detention officer, Bắc Ninh clerk.
    pub requesters: &'a [Principal],
    pub bn_coordinator: &'a Principal,
    /// The Hà Nội justice department's supervisor.
    pub supervisor: &'a Principal,
}

/// The person and proceeding of a new matter.
struct Person {
    name: &'static str,
    birth: Option<(i32, u32, u32)>,
    eligibility: EligibilityCategory,
    proof: Option<&'static str>,
    custody: CustodyStatus,
    role: ProceduralRole,
    kind: ProceedingKind,
    case: &'static str,
    stage: Stage,
}

impl Cast<'_> {
    fn ago(&self, hours: i64) -> DateTime<Utc> {
        self.now - Duration::hours(hours)
    }

    /// 08:00 Hà Nội time, `days` after (or before, if negative) today: a hearing's start.
    fn morning_in(&self, days: i64) -> DateTime<Utc> {
        let offset = vn_offset();
        (self.now + Duration::days(days))
            .with_timezone(&offset)
            .date_naive()
            .and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN))
            .and_local_timezone(offset)
            .single()
            .map_or(self.now + Duration::days(days), |t| t.with_timezone(&Utc))
    }

    /// Creates a matter `recorded` hours ago for a request received `received` hours ago.
    async fn open(
        &self,
        who: &Principal,
        creating: Creation,
        p: &Person,
        received: i64,
        recorded: i64,
    ) -> anyhow::Result<MatterId> {
        self.clock.set(self.ago(recorded));
        let raw = RawRequest {
            full_name: p.name,
            birth_date: p
                .birth
                .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            eligibility: p.eligibility,
            proof_document: p.proof,
            custody: p.custody,
            procedural_role: p.role,
            proceeding_kind: p.kind,
            case_number: p.case,
            stage: p.stage,
            center: self.agencies.center.id,
            received_at: Some(self.ago(received)),
            disadvantaged_area: false,
        };
        let matter = self
            .engine
            .create(who, creating, raw, None)
            .await
            .with_context(|| format!("demo request for {}", p.name))?;
        Ok(matter.id)
    }

    /// Fires `steps` in order, each `hours` ago.
    async fn steps(
        &self,
        matter: MatterId,
        steps: Vec<(&Principal, i64, Command)>,
    ) -> anyhow::Result<()> {
        for (who, hours, action) in steps {
            self.clock.set(self.ago(hours));
            let kind = action.kind();
            act(self.engine, who, matter, action)
                .await
                .with_context(|| format!("demo step {kind}"))?;
        }
        Ok(())
    }

    fn assign(&self, i: usize, number: &str) -> Command {
        Command::AssignProvider {
            provider: self.providers[i].id,
            decision_number: Some(text(number)),
        }
    }
}

fn register(number: &str) -> Command {
    Command::RegisterCounsel {
        registration_number: Some(text(number)),
    }
}

/// Demo text, bounded like any input (the demo's texts are short and clean).
fn text(s: &str) -> BoundedText {
    BoundedText::parse(s, 2000).unwrap_or_else(|e| panic!("demo text {s:?}: {e}"))
}

/// Seeds the simple stories of `STORIES`.
pub(super) async fn simple(c: &Cast<'_>) -> anyhow::Result<()> {
    for story in STORIES {
        let requester = &c.requesters[story.by];
        let (center, coordinator) = if requester.agency.province == BAC_NINH.code {
            (c.agencies.bn_center.id, c.bn_coordinator)
        } else {
            (c.agencies.center.id, c.coordinator)
        };
        c.clock.set(c.now - Duration::hours(story.recorded));
        let matter = c
            .engine
            .create(
                requester,
                Creation::RequestLegalAid,
                RawRequest {
                    full_name: story.name,
                    birth_date: None,
                    eligibility: story.eligibility,
                    proof_document: Some(
                        "Giấy tờ chứng minh thuộc diện được trợ giúp pháp lý (bản sao)",
                    ),
                    custody: story.custody,
                    procedural_role: story.role,
                    proceeding_kind: story.kind,
                    case_number: story.case,
                    stage: story.stage,
                    center,
                    received_at: Some(c.now - Duration::hours(story.received)),
                    disadvantaged_area: false,
                },
                None,
            )
            .await
            .with_context(|| format!("demo request for {}", story.name))?;
        for (step, hours) in story.steps {
            c.clock.set(c.now - Duration::hours(*hours));
            let (who, action) = match step {
                Step::Accept => (coordinator, Command::AcceptReferral { note: None }),
                Step::Refuse(ground, reason) => (
                    coordinator,
                    Command::RefuseReferral {
                        ground: *ground,
                        reason: text(reason),
                    },
                ),
                Step::Assign(i, number) => (
                    coordinator,
                    Command::AssignProvider {
                        provider: c.providers[*i].id,
                        decision_number: Some(text(number)),
                    },
                ),
                Step::Register(number) => (requester, register(number)),
            };
            act(c.engine, who, matter.id, action)
                .await
                .with_context(|| format!("demo step for {}", story.name))?;
            if let Step::Assign(..) = step {
                // T7: the provider presents her papers to the agency at once; the
                // agency's registration clock runs from here.
                let papers = Command::PresentPapers { note: None };
                act(c.engine, coordinator, matter.id, papers)
                    .await
                    .with_context(|| format!("demo papers for {}", story.name))?;
            }
        }
    }
    Ok(())
}

/// Seeds every story of the whole plan.
#[rustfmt::skip]
pub(super) async fn tell(c: &Cast<'_>) -> anyhow::Result<()> {
    use CustodyStatus as C;
    use EligibilityCategory as E;
    use ProceduralRole as R;
    use ProceedingKind as P;
    use Stage as S;
    let (coord, clerk) = (c.coordinator, c.clerk);

    // T3m → T5i: a 16-year-old's mandatory defence, accepted at once with the birth
    // certificate to follow: assignment due "immediately", proof within 5 working days.
    let khoa = Person { name: "Triệu Văn Khoa", birth: Some((2010, 3, 15)), eligibility: E::Juvenile, proof: None, custody: C::TemporaryCustody, role: R::Accused, kind: P::Criminal, case: "152/2026/HS-ĐT", stage: S::Investigation };
    let grounds = vec![MandatoryGround::UnderEighteen, MandatoryGround::SevereCharge];
    let m = c.open(c.investigator, Creation::NotifyMandatoryDefence { grounds }, &khoa, 6, 6).await?;
    c.steps(m, vec![(coord, 5, Command::AcceptImmediately { note: Some(text("Thụ lý ngay (Điều 30(4) Luật TGPL); giấy khai sinh bổ sung sau")), force_majeure: false })]).await?;

    // T5–T10–T9: proof asked for (the assignment clock pauses) and received (it resumes,
    // due instant moved), registered at investigation, carried over to prosecution and
    // first-instance trial; the hearing is set, its schedule not yet sent.
    let thanh = Person { name: "Lương Văn Thành", birth: Some((1987, 7, 2)), eligibility: E::PoorHousehold, proof: Some("Giấy chứng nhận hộ nghèo (bản sao chưa chứng thực)"), custody: C::Detained, role: R::Accused, kind: P::Criminal, case: "76/2026/HS-ST", stage: S::Investigation };
    let m = c.open(c.investigator, Creation::RequestLegalAid, &thanh, 1000, 999).await?;
    c.steps(m, vec![
        (coord, 998, Command::AcceptReferral { note: None }),
        (coord, 997, Command::RequestProof { note: Some(text("Đề nghị bổ sung bản chứng thực Giấy chứng nhận hộ nghèo năm 2026")) }),
        (coord, 950, Command::ReceiveProof { document: text("Giấy chứng nhận hộ nghèo số 88/GCN-UBND (bản chứng thực)") }),
        (coord, 940, c.assign(1, "268/QĐ-TGPL")),
        (c.investigator, 930, register("TB-76/2026")),
        (c.investigator, 900, Command::RecordInterrogationNotice { at: c.morning_in(-36), note: Some(text("Hỏi cung bị can tại Trại tạm giam số 1")) }),
        (c.investigator, 600, Command::TransferStage { to_agency: c.agencies.procuracy.id, stage: S::Prosecution }),
        (c.prosecutor, 200, Command::TransferStage { to_agency: c.agencies.court.id, stage: S::FirstInstanceTrial }),
        (clerk, 24, Command::ScheduleHearing { hearing_at: c.morning_in(18), summary_procedure: false }),
    ]).await?;

    // T5t: the person lives in Bắc Ninh; the Hà Nội center passes the referral on, and it
    // waits in the Bắc Ninh center's inbox.
    let thao = Person { name: "Dương Thị Thảo", birth: None, eligibility: E::PoorHousehold, proof: Some("Giấy chứng nhận hộ nghèo do UBND tỉnh Bắc Ninh cấp"), custody: C::AtLiberty, role: R::Victim, kind: P::Criminal, case: "81/2026/HS-ST", stage: S::FirstInstanceTrial };
    let m = c.open(clerk, Creation::RequestLegalAid, &thao, 30, 29).await?;
    c.steps(m, vec![(coord, 26, Command::TransferReferral { to_center: c.agencies.bn_center.id, reason: text("Người được trợ giúp pháp lý cư trú tại tỉnh Bắc Ninh; chuyển Trung tâm Trợ giúp pháp lý nhà nước tỉnh Bắc Ninh thực hiện") })]).await?;

    // T8r: the court refuses to register the assigned lawyer; the center owes a
    // replacement within 24 hours.
    let hoa = Person { name: "Tạ Văn Hòa", birth: Some((1979, 11, 20)), eligibility: E::Disabled, proof: Some("Giấy xác nhận khuyết tật số 214/XN-UBND"), custody: C::Detained, role: R::Accused, kind: P::Criminal, case: "93/2026/HS-ST", stage: S::FirstInstanceTrial };
    let m = c.open(clerk, Creation::RequestLegalAid, &hoa, 30, 29).await?;
    c.steps(m, vec![
        (coord, 28, Command::AcceptReferral { note: None }),
        (coord, 26, c.assign(3, "252/QĐ-TGPL")),
        (clerk, 12, Command::RefuseRegistration { ground: RegistrationGround::Disqualified, reason: text("Luật sư là người thân thích của Thẩm phán được phân công giải quyết vụ án (Điều 72(4) BLTTHS)") }),
    ]).await?;

    // T9 → T14 → T15 → T16: a trial held, the aid completed, the file handed over and
    // numbered in the center's register, then appraised "good".
    let lan = Person { name: "Vi Thị Lan", birth: Some((1995, 1, 9)), eligibility: E::EthnicMinority, proof: Some("Giấy khai sinh và xác nhận cư trú tại xã vùng đặc biệt khó khăn"), custody: C::AtLiberty, role: R::Victim, kind: P::Criminal, case: "28/2026/HS-ST", stage: S::FirstInstanceTrial };
    let m = c.open(clerk, Creation::RequestLegalAid, &lan, 1100, 1099).await?;
    c.steps(m, vec![
        (coord, 1098, Command::AcceptReferral { note: None }),
        (coord, 1090, c.assign(0, "198/QĐ-TGPL")),
        (clerk, 1080, register("TB-28/2026")),
        (clerk, 1000, Command::ScheduleHearing { hearing_at: c.morning_in(-25), summary_procedure: false }),
        (clerk, 900, Command::SendHearingSchedule),
        (coord, 500, Command::Complete { note: Some(text("Bản án sơ thẩm số 28/2026/HS-ST đã có hiệu lực pháp luật")) }),
        (coord, 300, Command::HandOverFile),
        (coord, 100, Command::AppraiseQuality { appraisal: Appraisal::parse(28, 55, 9, false)? }),
    ]).await?;
    // T18 → T17: the officer's sessions claimed and paid (0.38 × 2 340 000 per half day),
    // then the justice department's planned sample evaluates the case.
    let session = |days_ago: i64, half_days: i32, activity: &str, role: ConfirmerRole, name: &str| SessionInput {
        worked_on: (c.now - Duration::days(days_ago)).with_timezone(&vn_offset()).date_naive(),
        half_days: Some(half_days),
        hours: None,
        activity: activity.to_owned(),
        confirmed_by: Some(Confirmation { role, name: text(name) }),
    };
    let claim = ClaimRequest::Sessions { lines: vec![
        session(44, 1, "meet_client", ConfirmerRole::CourtClerk, "Thư ký Tòa án Phạm Thu Trang"),
        session(30, 2, "study_file", ConfirmerRole::CourtClerk, "Thư ký Tòa án Phạm Thu Trang"),
        session(25, 2, "attend_hearing", ConfirmerRole::Judge, "Thẩm phán Nguyễn Văn Hải"),
    ] };
    c.steps(m, vec![(coord, 90, Command::SubmitPaymentClaim { claim })]).await?;
    let claims = c.engine.claims_of(&c.engine.matter(coord, m).await?).await?;
    let claim = claims.first().context("the demo claim was not recorded")?.id;
    c.steps(m, vec![
        (coord, 80, Command::ApprovePaymentClaim { claim }),
        (c.supervisor, 20, Command::RecordSupervisoryEvaluation {
            basis: EvaluationBasis::Plan,
            complaint: None,
            appraisal: Appraisal::parse(27, 52, 9, false)?,
            conclusion: text("Kiểm tra theo kế hoạch năm 2026: vụ việc thực hiện đúng quy trình, hồ sơ đầy đủ"),
        }),
    ]).await?;

    // C1: a refusal complained of, upheld by the center head, then taken to the director
    // of the justice department, who has 15 days.
    let tai = Person { name: "Lâm Văn Tài", birth: None, eligibility: E::PoorHousehold, proof: Some("Đơn đề nghị xác nhận hộ nghèo (chưa được xác nhận)"), custody: C::AtLiberty, role: R::Litigant, kind: P::Civil, case: "44/2026/DS-ST", stage: S::FirstInstanceTrial };
    let m = c.open(clerk, Creation::RequestLegalAid, &tai, 200, 199).await?;
    c.steps(m, vec![
        (coord, 190, Command::RefuseReferral { ground: RefusalGround::NotEligible, reason: text("Hộ gia đình không có tên trong danh sách hộ nghèo năm 2026 của Ủy ban nhân dân xã") }),
        (coord, 180, Command::FileComplaint { subject: text("Khiếu nại văn bản từ chối thụ lý: hộ gia đình được công nhận hộ nghèo từ tháng 9/2026") }),
        (coord, 150, Command::DecideComplaint { decision: text("Giữ nguyên văn bản từ chối: chưa có quyết định công nhận hộ nghèo"), upheld: false }),
        (coord, 100, Command::EscalateComplaint { reason: text("Người khiếu nại không đồng ý với quyết định giải quyết khiếu nại lần đầu") }),
    ]).await?;

    // A paused clock: a civil litigant's assignment (3 working days from acceptance, Luật
    // TGPL Điều 31(2)) stands still while the center waits for the child's birth certificate.
    let ngoc = Person { name: "Chu Thị Ngọc", birth: Some((2012, 5, 30)), eligibility: E::Child, proof: None, custody: C::AtLiberty, role: R::Litigant, kind: P::Civil, case: "39/2026/DS-ST", stage: S::FirstInstanceTrial };
    let m = c.open(clerk, Creation::RequestLegalAid, &ngoc, 50, 49).await?;
    c.steps(m, vec![
        (coord, 48, Command::AcceptReferral { note: None }),
        (coord, 30, Command::RequestProof { note: Some(text("Đề nghị bổ sung bản sao giấy khai sinh của đương sự")) }),
    ]).await?;

    // T4 → T5i → T13: a detainee's request forwarded, accepted at once, proof never
    // supplied: discontinued, its open duties cancelled, the file due within 30 days.
    let quyet = Person { name: "Hà Văn Quyết", birth: Some((1990, 8, 17)), eligibility: E::PoorHousehold, proof: None, custody: C::Detained, role: R::Accused, kind: P::Criminal, case: "144/2026/HS-ĐT", stage: S::Investigation };
    let m = c.open(c.detention, Creation::ForwardDetentionRequest, &quyet, 400, 395).await?;
    c.steps(m, vec![
        (coord, 390, Command::AcceptImmediately { note: None, force_majeure: false }),
        (coord, 100, Command::Discontinue { ground: DiscontinueGround::ProofNotSupplied, reason: text("Quá 05 ngày làm việc, người yêu cầu không bổ sung giấy chứng nhận hộ nghèo (Điều 6(2) Thông tư 12/2018/TT-BTP)") }),
    ]).await?;
    Ok(())
}
