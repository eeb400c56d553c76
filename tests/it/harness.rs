//! The test harness: a fresh migrated database per test and backend, an engine on a
//! manual clock, a small world of agencies and users, and a GraphQL helper.

use std::sync::Arc;

use async_graphql::{Request, Variables};
use baton_api::BatonSchema;
use baton_domain::agency::{AgencyKind, Principal, Role};
use baton_domain::calendar::{WorkingCalendar, vn_offset};
use baton_domain::clock::ManualClock;
use baton_domain::ids::{AgencyId, ProviderId};
use baton_domain::matter::ProviderKind;
use baton_domain::ruleset::RuleBook;
use baton_engine::{Agency, Engine, Provider};
use baton_migration::{Migrator, MigratorTrait};
use baton_store::Db;
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

/// A local instant in Asia/Ho_Chi_Minh.
pub fn vn(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    vn_offset()
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// One backend's app under test.
pub struct TestApp {
    pub backend: &'static str,
    pub engine: Engine,
    pub schema: BatonSchema,
    pub clock: ManualClock,
    pub db: Db,
}

pub async fn fresh_postgres(base: &str) -> String {
    let admin = Database::connect(base).await.unwrap();
    let name = format!("baton_test_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let (root, _) = base.rsplit_once('/').unwrap();
    format!("{root}/{name}")
}

/// Every backend to run a test on: SQLite always, PostgreSQL when configured.
pub async fn apps() -> Vec<TestApp> {
    let mut urls = vec![("sqlite", "sqlite::memory:".to_owned())];
    if let Ok(base) = std::env::var("TEST_DATABASE_URL") {
        urls.push(("postgres", fresh_postgres(&base).await));
    }
    let mut apps = Vec::new();
    for (backend, url) in urls {
        apps.push(TestApp::start(backend, &url).await);
    }
    apps
}

impl TestApp {
    pub async fn start(backend: &'static str, url: &str) -> Self {
        let db = baton_store::connect(url).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        let clock = ManualClock::at(vn(2026, 3, 2, 9, 0));
        let engine = Engine::new(
            db.clone(),
            Arc::new(RuleBook::bundled().unwrap()),
            Arc::new(WorkingCalendar::bundled().unwrap()),
            Arc::new(clock.clone()),
        );
        let schema = baton_api::build_schema(engine.clone());
        Self {
            backend,
            engine,
            schema,
            clock,
            db,
        }
    }

    /// Runs a GraphQL request as `who` (or anonymously) and returns `{data, errors}` as JSON.
    pub async fn gql(&self, who: Option<&Principal>, query: &str, variables: Value) -> Value {
        let mut request = Request::new(query).variables(Variables::from_json(variables));
        if let Some(p) = who {
            request = request.data(p.clone());
        }
        serde_json::to_value(self.schema.execute(request).await).unwrap()
    }

    /// Like [`gql`](Self::gql), but fails the test on any error.
    pub async fn ok(&self, who: &Principal, query: &str, variables: Value) -> Value {
        let response = self.gql(Some(who), query, variables).await;
        assert!(
            response.get("errors").is_none(),
            "[{}] unexpected errors: {response:#}",
            self.backend
        );
        response["data"].clone()
    }

    /// The `extensions.code` of the first error, failing the test if there is none.
    pub async fn error_code(
        &self,
        who: Option<&Principal>,
        query: &str,
        variables: Value,
    ) -> String {
        let response = self.gql(who, query, variables).await;
        response["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("[{}] expected an error, got {response:#}", self.backend))
            .to_owned()
    }
}

/// A small world: two provinces' agencies and one user per role.
pub struct World {
    pub court: Agency,
    pub center: Agency,
    pub other_center: Agency,
    pub clerk: Principal,
    pub investigator: Principal,
    pub coordinator: Principal,
    pub other_clerk: Principal,
    pub other_coordinator: Principal,
    pub supervisor: Principal,
    pub other_supervisor: Principal,
    pub national: Principal,
    pub officer: ProviderId,
    pub lawyer: ProviderId,
    pub collaborator: ProviderId,
    pub other_center_officer: ProviderId,
}

/// A new agency, its province code doubling as its province name.
pub async fn agency(app: &TestApp, kind: AgencyKind, name: &str, province: &str) -> Agency {
    let a = Agency {
        id: AgencyId::generate(),
        kind,
        name: name.to_owned(),
        province: province.to_owned(),
        province_name: province.to_owned(),
        parent: None,
    };
    app.engine.create_agency(&a).await.unwrap();
    a
}

pub async fn user(app: &TestApp, agency: &Agency, name: &str, role: Role) -> Principal {
    signed_in(app, agency.id, name, role).await
}

/// Asserts that the database refuses each statement (an append-only table's guards).
pub async fn assert_refused(app: &TestApp, statements: &[&str]) {
    use sea_orm::{ConnectionTrait, Statement};
    let backend = app.db.get_database_backend();
    for sql in statements {
        let result = app
            .db
            .execute_raw(Statement::from_string(backend, *sql))
            .await;
        assert!(result.is_err(), "[{}] {sql} was allowed", app.backend);
    }
}

/// An administrator of the agency (a justice department), signed in.
pub async fn administrator(app: &TestApp, agency: AgencyId) -> Principal {
    signed_in(app, agency, "Quản trị Tạ Quang Huy", Role::Administrator).await
}

/// A new user of the agency with one role, signed in with a fresh token.
pub async fn signed_in(app: &TestApp, agency: AgencyId, name: &str, role: Role) -> Principal {
    let id = app.engine.create_user(agency, name, &[role]).await.unwrap();
    let token = app.engine.issue_token(id, None).await.unwrap();
    app.engine.authenticate(&token).await.unwrap()
}

async fn provider(app: &TestApp, center: &Agency, name: &str, kind: ProviderKind) -> ProviderId {
    let p = Provider {
        id: ProviderId::generate(),
        center: center.id,
        name: name.to_owned(),
        kind,
        card_number: None,
        active: true,
    };
    app.engine.create_provider(&p).await.unwrap();
    p.id
}

impl World {
    pub async fn build(app: &TestApp) -> Self {
        use AgencyKind as K;
        let court = agency(app, K::Court, "Tòa án nhân dân khu vực 1 - Hà Nội", "HN").await;
        let police = agency(
            app,
            K::InvestigationBody,
            "Cơ quan CSĐT Công an Hà Nội",
            "HN",
        )
        .await;
        let center = agency(
            app,
            K::LegalAidCenter,
            "Trung tâm TGPL nhà nước Hà Nội",
            "HN",
        )
        .await;
        let department = agency(app, K::JusticeDepartment, "Sở Tư pháp Hà Nội", "HN").await;
        let bn_court = agency(app, K::Court, "Tòa án nhân dân tỉnh Bắc Ninh", "BN").await;
        let other_center =
            agency(app, K::LegalAidCenter, "Trung tâm TGPL tỉnh Bắc Ninh", "BN").await;
        let other_department = agency(app, K::JusticeDepartment, "Sở Tư pháp Bắc Ninh", "BN").await;
        let national = agency(app, K::NationalAuthority, "Cục PBGDPL và TGPL", "VN").await;
        Self {
            clerk: user(app, &court, "Thư ký Phạm Thu Trang", Role::AgencyOfficer).await,
            investigator: user(
                app,
                &police,
                "Điều tra viên Nguyễn Đức Long",
                Role::AgencyOfficer,
            )
            .await,
            coordinator: user(
                app,
                &center,
                "Điều phối viên Vũ Thị Thanh",
                Role::CenterCoordinator,
            )
            .await,
            other_clerk: user(app, &bn_court, "Thư ký Nguyễn Thị Vân", Role::AgencyOfficer).await,
            other_coordinator: user(
                app,
                &other_center,
                "Điều phối viên Hoàng Văn Quân",
                Role::CenterCoordinator,
            )
            .await,
            supervisor: user(
                app,
                &department,
                "Chuyên viên Đặng Minh Châu",
                Role::Supervisor,
            )
            .await,
            other_supervisor: user(
                app,
                &other_department,
                "Chuyên viên Bắc Ninh",
                Role::Supervisor,
            )
            .await,
            national: user(
                app,
                &national,
                "Chuyên viên Cục Lý Thị Hoa",
                Role::Supervisor,
            )
            .await,
            officer: provider(
                app,
                &center,
                "Nguyễn Thị Thu Hà",
                ProviderKind::LegalAidOfficer,
            )
            .await,
            lawyer: provider(
                app,
                &center,
                "Luật sư Lê Minh Tuấn",
                ProviderKind::ContractedLawyer,
            )
            .await,
            collaborator: provider(app, &center, "Đỗ Văn Hùng", ProviderKind::Collaborator).await,
            other_center_officer: provider(
                app,
                &other_center,
                "Trần Văn Bắc",
                ProviderKind::LegalAidOfficer,
            )
            .await,
            court,
            center,
            other_center,
        }
    }
}

pub const REQUEST: &str = r#"
mutation($input: RequestLegalAidInput!) {
  requestLegalAid(input: $input) { matter { id version state } }
}"#;

pub const ACCEPT: &str = r#"
mutation($input: AcceptReferralInput!) {
  acceptReferral(input: $input) { matter { id version state } }
}"#;

pub const ASSIGN: &str = r#"
mutation($input: AssignProviderInput!) {
  assignProvider(input: $input) { matter { id version state } }
}"#;

pub const REGISTER: &str = r#"
mutation($input: RegisterCounselInput!) {
  registerCounsel(input: $input) { matter { id version state } }
}"#;

pub const REFUSE: &str = r#"
mutation($input: RefuseReferralInput!) {
  refuseReferral(input: $input) { matter { id version state } }
}"#;

/// Input for a criminal request by the world's clerk.
pub fn request_input(center: &Agency, custody: &str, received_at: Option<DateTime<Utc>>) -> Value {
    json!({ "input": {
        "person": {
            "fullName": "Trần Văn Bình",
            "birthDate": "1990-05-17",
            "eligibility": "POOR_HOUSEHOLD",
            "proofDocument": "Giấy chứng nhận hộ nghèo số 12/2026",
            "custody": custody,
            "proceduralRole": "ACCUSED",
        },
        "proceeding": { "kind": "CRIMINAL", "caseNumber": "45/2026/HS-ST", "stage": "FIRST_INSTANCE_TRIAL" },
        "centerId": center.id.to_string(),
        "receivedAt": received_at.map(|t| t.to_rfc3339()),
    }})
}

/// Records a request as `who` and returns the matter id.
pub async fn request(app: &TestApp, who: &Principal, center: &Agency, custody: &str) -> String {
    let data = app
        .ok(who, REQUEST, request_input(center, custody, None))
        .await;
    data["requestLegalAid"]["matter"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn accept(app: &TestApp, who: &Principal, matter: &str) -> Value {
    app.ok(who, ACCEPT, json!({ "input": { "matterId": matter } }))
        .await
}

pub const MATTER: &str = r#"
query($id: ID!) {
  matter(id: $id) {
    id version state stateLabel
    refusal { ground groundLabel reason }
    assignment { decisionNumber provider { name kind } }
    registration { registrationNumber registeredAt }
    handoffs { kind limit legalBasis startedAt dueAt dischargedAt onTime status responsibleAgency { name } }
    timeline { seq kind summary actorName actorAgency { name } occurredAt recordedAt }
  }
}"#;

pub async fn matter(app: &TestApp, who: &Principal, id: &str) -> Value {
    app.ok(who, MATTER, json!({ "id": id })).await["matter"].clone()
}
