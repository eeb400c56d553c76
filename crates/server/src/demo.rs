//! The demo province: a realistic Hà Nội set of agencies, a center roster, one user per
//! role and a dozen matters in various states, some overdue. The matters are driven
//! through the real engine with a clock set in the past, so their events and clocks are
//! exactly what Baton would have recorded.

use std::sync::Arc;

use anyhow::{Context as _, bail};
use baton_domain::agency::{AgencyKind, Principal, Role};
use baton_domain::calendar::WorkingCalendar;
use baton_domain::clock::ManualClock;
use baton_domain::ids::{AgencyId, MatterId, ProviderId};
use baton_domain::matter::{
    CustodyStatus, EligibilityCategory, ProceduralRole, ProceedingKind, ProviderKind, RawRequest,
    RefusalGround, Stage,
};
use baton_domain::ruleset::RuleBook;
use baton_engine::{Action, Agency, Engine, Provider, Target};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// A demo user, printed as one JSON line.
#[derive(Debug, Clone, Serialize)]
pub struct DemoUser {
    pub role: &'static str,
    pub name: String,
    pub agency: String,
    pub token: String,
}

struct Province {
    code: &'static str,
    name: &'static str,
}

const HA_NOI: Province = Province {
    code: "HN",
    name: "Thành phố Hà Nội",
};
const BAC_NINH: Province = Province {
    code: "BN",
    name: "Tỉnh Bắc Ninh",
};

async fn agency(
    engine: &Engine,
    kind: AgencyKind,
    name: &str,
    province: &Province,
    parent: Option<AgencyId>,
) -> anyhow::Result<Agency> {
    let agency = Agency {
        id: AgencyId::generate(),
        kind,
        name: name.to_owned(),
        province: province.code.to_owned(),
        province_name: province.name.to_owned(),
        parent,
    };
    engine.create_agency(&agency).await?;
    Ok(agency)
}

/// The agencies of the demo, by role in the story.
struct Agencies {
    court: Agency,
    procuracy: Agency,
    police: Agency,
    detention: Agency,
    center: Agency,
    branch: Agency,
    department: Agency,
    national: Agency,
    bn_court: Agency,
    bn_center: Agency,
}

async fn agencies(engine: &Engine) -> anyhow::Result<Agencies> {
    use AgencyKind as K;
    let national = agency(
        engine,
        K::NationalAuthority,
        "Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý (Bộ Tư pháp)",
        &Province {
            code: "VN",
            name: "Toàn quốc",
        },
        None,
    )
    .await?;
    let center = agency(
        engine,
        K::LegalAidCenter,
        "Trung tâm Trợ giúp pháp lý nhà nước thành phố Hà Nội",
        &HA_NOI,
        None,
    )
    .await?;
    Ok(Agencies {
        court: agency(
            engine,
            K::Court,
            "Tòa án nhân dân khu vực 1 - Hà Nội",
            &HA_NOI,
            None,
        )
        .await?,
        procuracy: agency(
            engine,
            K::Procuracy,
            "Viện kiểm sát nhân dân khu vực 1 - Hà Nội",
            &HA_NOI,
            None,
        )
        .await?,
        police: agency(
            engine,
            K::InvestigationBody,
            "Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội",
            &HA_NOI,
            None,
        )
        .await?,
        detention: agency(
            engine,
            K::DetentionFacility,
            "Trại tạm giam số 1 Công an thành phố Hà Nội",
            &HA_NOI,
            None,
        )
        .await?,
        branch: agency(
            engine,
            K::LegalAidBranch,
            "Chi nhánh số 1 Trung tâm Trợ giúp pháp lý nhà nước thành phố Hà Nội",
            &HA_NOI,
            Some(center.id),
        )
        .await?,
        department: agency(
            engine,
            K::JusticeDepartment,
            "Sở Tư pháp thành phố Hà Nội",
            &HA_NOI,
            None,
        )
        .await?,
        bn_court: agency(
            engine,
            K::Court,
            "Tòa án nhân dân tỉnh Bắc Ninh",
            &BAC_NINH,
            None,
        )
        .await?,
        bn_center: agency(
            engine,
            K::LegalAidCenter,
            "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Bắc Ninh",
            &BAC_NINH,
            None,
        )
        .await?,
        center,
        national,
    })
}

async fn roster(engine: &Engine, center: &Agency) -> anyhow::Result<Vec<Provider>> {
    let people = [
        (
            "Nguyễn Thị Thu Hà",
            ProviderKind::LegalAidOfficer,
            "TGVPL-0112",
        ),
        (
            "Trần Quốc Khánh",
            ProviderKind::LegalAidOfficer,
            "TGVPL-0147",
        ),
        (
            "Luật sư Lê Minh Tuấn",
            ProviderKind::ContractedLawyer,
            "LS-10234",
        ),
        (
            "Luật sư Phạm Thị Lan",
            ProviderKind::ContractedLawyer,
            "LS-11876",
        ),
        ("Đỗ Văn Hùng", ProviderKind::Collaborator, "CTV-0031"),
    ];
    let mut providers = Vec::new();
    for (name, kind, card) in people {
        let p = Provider {
            id: ProviderId::generate(),
            center: center.id,
            name: name.to_owned(),
            kind,
            card_number: Some(card.to_owned()),
            active: true,
        };
        engine.create_provider(&p).await?;
        providers.push(p);
    }
    Ok(providers)
}

/// Creates a user with a token and returns it with the principal it authenticates as.
async fn user(
    engine: &Engine,
    agency: &Agency,
    name: &str,
    role: Role,
    users: &mut Vec<DemoUser>,
) -> anyhow::Result<Principal> {
    let id = engine.create_user(agency.id, name, &[role]).await?;
    let token = engine.issue_token(id, None).await?;
    let principal = engine.authenticate(&token).await?;
    users.push(DemoUser {
        role: role.code(),
        name: name.to_owned(),
        agency: agency.name.clone(),
        token,
    });
    Ok(principal)
}

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

/// Seeds the demo into an empty, migrated database, with matters dated relative to `now`.
pub async fn seed(
    db: baton_store::Db,
    rules: RuleBook,
    calendar: WorkingCalendar,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<DemoUser>> {
    let clock = ManualClock::at(now);
    let engine = Engine::new(
        db,
        Arc::new(rules),
        Arc::new(calendar),
        Arc::new(clock.clone()),
    );
    if !engine.agencies(None, None).await?.is_empty() {
        bail!("the database already has agencies: seed-demo loads only into an empty database");
    }
    let a = agencies(&engine).await?;
    let providers = roster(&engine, &a.center).await?;
    roster(&engine, &a.bn_center).await?;
    let mut users = Vec::new();
    let requesters = [
        user(
            &engine,
            &a.police,
            "Điều tra viên Nguyễn Đức Long",
            Role::AgencyOfficer,
            &mut users,
        )
        .await?,
        user(
            &engine,
            &a.procuracy,
            "Kiểm sát viên Trần Thị Hương",
            Role::AgencyOfficer,
            &mut users,
        )
        .await?,
        user(
            &engine,
            &a.court,
            "Thư ký Tòa án Phạm Thu Trang",
            Role::AgencyOfficer,
            &mut users,
        )
        .await?,
        user(
            &engine,
            &a.detention,
            "Cán bộ quản giáo Lê Văn Bình",
            Role::AgencyOfficer,
            &mut users,
        )
        .await?,
        user(
            &engine,
            &a.bn_court,
            "Thư ký Tòa án Nguyễn Thị Vân",
            Role::AgencyOfficer,
            &mut users,
        )
        .await?,
    ];
    let coordinator = user(
        &engine,
        &a.center,
        "Điều phối viên Vũ Thị Thanh",
        Role::CenterCoordinator,
        &mut users,
    )
    .await?;
    let bn_coordinator = user(
        &engine,
        &a.bn_center,
        "Điều phối viên Hoàng Văn Quân",
        Role::CenterCoordinator,
        &mut users,
    )
    .await?;
    user(
        &engine,
        &a.center,
        "Trợ giúp viên Nguyễn Thị Thu Hà",
        Role::Provider,
        &mut users,
    )
    .await?;
    user(
        &engine,
        &a.department,
        "Chuyên viên Sở Tư pháp Đặng Minh Châu",
        Role::Supervisor,
        &mut users,
    )
    .await?;
    user(
        &engine,
        &a.national,
        "Chuyên viên Cục Lý Thị Hoa",
        Role::Supervisor,
        &mut users,
    )
    .await?;
    user(
        &engine,
        &a.department,
        "Quản trị hệ thống Tạ Quang Huy",
        Role::Administrator,
        &mut users,
    )
    .await?;
    let _ = a.branch;

    for story in STORIES {
        let requester = &requesters[story.by];
        let (center, coordinator) = if requester.agency.province == BAC_NINH.code {
            (a.bn_center.id, &bn_coordinator)
        } else {
            (a.center.id, &coordinator)
        };
        clock.set(now - Duration::hours(story.recorded));
        let matter = engine
            .request_legal_aid(
                requester,
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
                    received_at: Some(now - Duration::hours(story.received)),
                    disadvantaged_area: false,
                },
                None,
            )
            .await
            .with_context(|| format!("demo request for {}", story.name))?;
        for (step, hours) in story.steps {
            clock.set(now - Duration::hours(*hours));
            let (who, action) = match step {
                Step::Accept => (coordinator, Action::Accept { note: None }),
                Step::Refuse(ground, reason) => (
                    coordinator,
                    Action::Refuse {
                        ground: *ground,
                        reason: (*reason).to_owned(),
                    },
                ),
                Step::Assign(i, number) => (
                    coordinator,
                    Action::Assign {
                        provider: providers[*i].id,
                        decision_number: Some((*number).to_owned()),
                    },
                ),
                Step::Register(number) => (
                    requester,
                    Action::Register {
                        registration_number: Some((*number).to_owned()),
                    },
                ),
            };
            act(&engine, who, matter.id, action)
                .await
                .with_context(|| format!("demo step for {}", story.name))?;
        }
    }
    Ok(users)
}

async fn act(
    engine: &Engine,
    who: &Principal,
    matter: MatterId,
    action: Action,
) -> anyhow::Result<()> {
    let target = Target {
        matter,
        expected_version: None,
        idempotency_key: None,
    };
    engine.act(who, target, action).await?;
    Ok(())
}
