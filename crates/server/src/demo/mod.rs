//! The demo province: a realistic Hà Nội set of agencies, a center roster, one user per
//! role and twenty-odd matters in various states of the whole plan, some overdue (see
//! [`stories`]). The matters are driven through the real engine with a clock set in the
//! past, so their events and clocks are exactly what Baton would have recorded.

mod stories;

use std::sync::Arc;

use anyhow::bail;
use baton_domain::agency::{AgencyKind, Principal, Role};
use baton_domain::calendar::WorkingCalendar;
use baton_domain::clock::ManualClock;
use baton_domain::decide::Command;
use baton_domain::ids::{AgencyId, MatterId, ProviderId, UserId};
use baton_domain::matter::ProviderKind;
use baton_domain::ruleset::RuleBook;
use baton_engine::{Agency, Engine, Provider, Target};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A demo user, printed as one JSON line: how to sign in (login and password, set through
/// the real one-time enrolment) and a bearer token (redeemed the same way).
#[derive(Debug, Clone, Serialize)]
pub struct DemoUser {
    pub role: &'static str,
    pub name: String,
    pub agency: String,
    pub login: String,
    pub password: String,
    pub token: String,
    #[serde(skip)]
    id: UserId,
    #[serde(skip)]
    agency_id: AgencyId,
}

/// Words without diacritics for readable demo passwords ("song-nui-hoa-4821").
const WORDS: &[&str] = &[
    "song", "nui", "hoa", "lua", "trang", "may", "gio", "bien", "rung", "sao", "mua", "nang",
    "cau", "duong", "lang", "pho", "tre", "sen", "dao", "mai", "chim", "thuyen", "den", "sach",
];

/// A random readable password of this run: three words and four digits (at least 12
/// characters).
fn demo_password() -> anyhow::Result<String> {
    let mut bytes = [0u8; 5];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let word = |b: u8| WORDS[usize::from(b) % WORDS.len()];
    let digits = u16::from_le_bytes([bytes[3], bytes[4]]) % 10_000;
    let password = format!(
        "{}-{}-{}-{digits:04}",
        word(bytes[0]),
        word(bytes[1]),
        word(bytes[2])
    );
    Ok(password)
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
    enroll(engine, id, agency, name, role, users).await
}

/// Enrols a new user the real way (the operator's one-time codes: one sets a password,
/// one is redeemed for a token) and lists them among the demo users.
async fn enroll(
    engine: &Engine,
    id: UserId,
    agency: &Agency,
    name: &str,
    role: Role,
    users: &mut Vec<DemoUser>,
) -> anyhow::Result<Principal> {
    let password = demo_password()?;
    let code = engine.create_enrolment(None, id).await?.code;
    engine
        .complete_enrolment_with_password(&code, &password)
        .await?;
    let code = engine.create_enrolment(None, id).await?.code;
    let token = engine.redeem_enrolment_for_token(&code, None).await?.token;
    let principal = engine.authenticate(&token).await?;
    users.push(DemoUser {
        role: role.code(),
        name: name.to_owned(),
        agency: agency.name.clone(),
        login: String::new(),
        password,
        token,
        id,
        agency_id: agency.id,
    });
    Ok(principal)
}

/// Fills in each demo user's login (derived from the name when the account was made).
async fn logins(db: &baton_store::Db, users: &mut [DemoUser]) -> anyhow::Result<()> {
    for u in users.iter_mut() {
        let accounts = baton_store::agencies::users_of(db, u.agency_id).await?;
        if let Some(account) = accounts.into_iter().find(|a| a.id == u.id) {
            u.login = account.login;
        }
    }
    Ok(())
}

/// Seeds the demo into an empty, migrated database, with matters dated relative to `now`.
pub async fn seed(
    db: baton_store::Db,
    rules: RuleBook,
    calendar: WorkingCalendar,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<DemoUser>> {
    let clock = ManualClock::at(now);
    let store = db.clone();
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
    // The legal aid officer's account reads the matters assigned to her roster entry.
    let name = "Trợ giúp viên Nguyễn Thị Thu Hà";
    let id = engine.create_provider_user(&providers[0], name).await?;
    enroll(&engine, id, &a.center, name, Role::Provider, &mut users).await?;
    let supervisor = user(
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

    let cast = stories::Cast {
        engine: &engine,
        clock: &clock,
        now,
        agencies: &a,
        providers: &providers,
        investigator: &requesters[0],
        prosecutor: &requesters[1],
        clerk: &requesters[2],
        detention: &requesters[3],
        coordinator: &coordinator,
        requesters: &requesters,
        bn_coordinator: &bn_coordinator,
        supervisor: &supervisor,
    };
    stories::simple(&cast).await?;
    stories::tell(&cast).await?;

    logins(&store, &mut users).await?;
    Ok(users)
}

async fn act(
    engine: &Engine,
    who: &Principal,
    matter: MatterId,
    command: Command,
) -> anyhow::Result<()> {
    let target = Target {
        matter,
        expected_version: None,
        idempotency_key: None,
    };
    engine.act(who, target, command).await?;
    Ok(())
}
