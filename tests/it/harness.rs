//! The test harness: one test case per backend ([`backend_test!`]), a fresh migrated
//! database per case, an engine on a manual clock, a small world of agencies and users,
//! and a GraphQL helper.
//!
//! Every case runs under [`CASE_LIMIT`], and every wait inside a test under [`WAIT_LIMIT`]
//! ([`waited`]): a test fails, it never hangs. With `TEST_LOG` set, a failing case shows
//! its traces ([`init_tracing`]).

use std::future::Future;
use std::sync::{Arc, Once};
use std::time::Duration;

use async_graphql::{Request, Variables};
use baton_api::BatonSchema;
use baton_domain::BoundedText;
use baton_domain::agency::{AgencyKind, Principal, Role};
use baton_domain::calendar::{WorkingCalendar, vn_offset};
use baton_domain::clock::ManualClock;
use baton_domain::decide::Command;
use baton_domain::ids::{AgencyId, MatterId, ProviderId};
use baton_domain::matter::{DiscontinueGround, ProviderKind};
use baton_domain::ruleset::RuleBook;
use baton_engine::{Agency, Engine, Provider, Target};
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

/// The tests hash passwords at argon2's lowest cost ([`Engine::with_password_params`]);
/// production keeps the OWASP default. What is tested here is the logic, not the cost.
pub const TEST_PASSWORD_COST: baton_engine::PasswordParams = baton_engine::PasswordParams {
    memory_kib: 8,
    iterations: 1,
    parallelism: 1,
};

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

/// A database a test case runs on: SQLite in memory always, PostgreSQL when
/// `TEST_DATABASE_URL` is set (each case gets a fresh database on that server).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The name of the backend, as in `[sqlite]` messages and test case names.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// The URL of a new, empty database on this backend.
    pub async fn fresh_url(self) -> String {
        match self {
            Backend::Sqlite => "sqlite::memory:".to_owned(),
            Backend::Postgres => {
                let base = postgres_base().expect("TEST_DATABASE_URL is set");
                fresh_postgres(&base).await
            }
        }
    }

    /// An app on a new, migrated database of this backend.
    pub async fn app(self) -> TestApp {
        TestApp::start(self.name(), &self.fresh_url().await).await
    }

    /// Two replicas on one new database, each relaying its commits to the other
    /// (PostgreSQL only). Abort the relays when the test is done.
    pub async fn two_replicas(self) -> (TestApp, TestApp, [tokio::task::JoinHandle<()>; 2]) {
        let url = self.fresh_url().await;
        let a = TestApp::start(self.name(), &url).await;
        let b = TestApp::start(self.name(), &url).await;
        let relays = [relay_of(&a).await, relay_of(&b).await];
        (a, b, relays)
    }
}

/// Starts an app's relay between replicas (PostgreSQL only).
async fn relay_of(app: &TestApp) -> tokio::task::JoinHandle<()> {
    app.engine
        .start_relay()
        .await
        .unwrap()
        .expect("PostgreSQL relays")
}

/// The PostgreSQL server's URL, when the tests have one.
pub fn postgres_base() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// How long one test case may run before it fails as hung.
pub const CASE_LIMIT: Duration = Duration::from_secs(120);

/// How long a test waits for one thing (a message, a wake-up, a task to stop).
pub const WAIT_LIMIT: Duration = Duration::from_secs(30);

/// Runs one test case, `test` on `backend`: traces set up, skipped (passing, with a note)
/// on PostgreSQL when `TEST_DATABASE_URL` is not set, and failed if it runs longer than
/// `limit`. [`backend_test!`] calls this; a test of its own shape (two apps, several
/// pools) calls it with its one backend.
pub async fn run_case<F, Fut>(backend: Backend, test: &str, limit: Duration, body: F)
where
    F: FnOnce(Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    init_tracing();
    // As libtest names it: the module path without the crate's name.
    let test = test.split_once("::").map_or(test, |(_, path)| path);
    let case = format!("{test}::{}", backend.name());
    if backend == Backend::Postgres && postgres_base().is_none() {
        eprintln!("{case}: skipped, TEST_DATABASE_URL is not set");
        return;
    }
    if tokio::time::timeout(limit, body(backend)).await.is_err() {
        panic!("{case} hung: still running after {} s", limit.as_secs());
    }
}

/// Awaits `future`, failing the test if it takes longer than [`WAIT_LIMIT`] (the bound
/// guards a hang; it is not a timing assertion).
pub async fn waited<T>(what: &str, future: impl Future<Output = T>) -> T {
    match tokio::time::timeout(WAIT_LIMIT, future).await {
        Ok(value) => value,
        Err(_) => panic!("waited {} s for {what} in vain", WAIT_LIMIT.as_secs()),
    }
}

/// With `TEST_LOG` set (to anything but `0`), sends traces to the test's captured output,
/// so a failing test shows them (`--nocapture` shows every test's). `RUST_LOG` filters
/// them, `info,sqlx=warn` by default. Installs the subscriber once per test binary.
pub fn init_tracing() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let wanted = std::env::var("TEST_LOG").is_ok_and(|v| !v.is_empty() && v != "0");
        if !wanted {
            return;
        }
        let filter = tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_test_writer()
            .try_init();
    });
}

/// Declares a test that runs once per backend, each run its own test case:
///
/// ```ignore
/// backend_test! {
///     /// What the test shows.
///     async fn a_matter_is_accepted(app) {
///         let w = World::build(&app).await;
///         assert_eq!(..., "[{}]", app.backend);
///     }
/// }
/// ```
///
/// expands to a module named after the test, with one `#[tokio::test]` per backend:
///
/// ```ignore
/// /// What the test shows.
/// mod a_matter_is_accepted {
///     use super::*;
///     #[tokio::test]
///     async fn sqlite() { /* the body, with `app` on a fresh SQLite database */ }
///     #[tokio::test]
///     async fn postgres() { /* the body, with `app` on a fresh PostgreSQL database */ }
/// }
/// ```
///
/// so the cases are `<file>::a_matter_is_accepted::sqlite` and `...::postgres`, and one
/// backend's failure does not hide the other's result. The body sees its file's items
/// (`use super::*`). Each case goes through [`run_case`]: traces when `TEST_LOG` is set, a
/// panic after [`CASE_LIMIT`] instead of a hang, and on PostgreSQL an early pass with a
/// note when `TEST_DATABASE_URL` is not set.
///
/// A test that makes its own databases takes the [`Backend`] instead of an app:
/// `async fn name(backend: Backend) { ... }`.
///
/// The body is inside a macro call, which rustfmt leaves alone: format it by hand.
macro_rules! backend_test {
    (
        $(#[$attr:meta])*
        async fn $name:ident($app:ident) { $($body:tt)* }
    ) => {
        $crate::harness::backend_test! {
            $(#[$attr])*
            async fn $name(backend: Backend) {
                let $app = backend.app().await;
                $($body)*
            }
        }
    };
    (
        $(#[$attr:meta])*
        async fn $name:ident($backend:ident: Backend) { $($body:tt)* }
    ) => {
        $(#[$attr])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                $crate::harness::run_case(
                    $crate::harness::Backend::Sqlite,
                    module_path!(),
                    $crate::harness::CASE_LIMIT,
                    |$backend| async move { $($body)* },
                )
                .await;
            }

            #[tokio::test]
            async fn postgres() {
                $crate::harness::run_case(
                    $crate::harness::Backend::Postgres,
                    module_path!(),
                    $crate::harness::CASE_LIMIT,
                    |$backend| async move { $($body)* },
                )
                .await;
            }
        }
    };
}
pub(crate) use backend_test;

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
        )
        .with_password_params(TEST_PASSWORD_COST)
        .unwrap();
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

    /// Like [`ok`](Self::ok), but a field the caller may not read (`REDACTED`, null) is
    /// accepted: for those who see the matter without acting on the person's case.
    pub async fn readable(&self, who: &Principal, query: &str, variables: Value) -> Value {
        let response = self.gql(Some(who), query, variables).await;
        let errors = response["errors"].as_array().cloned().unwrap_or_default();
        assert!(
            errors.iter().all(|e| e["extensions"]["code"] == "REDACTED"),
            "[{}] unexpected errors: {response:#}",
            self.backend
        );
        response["data"].clone()
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

pub const PAPERS: &str = r#"
mutation($input: PresentPapersInput!) {
  presentPapers(input: $input) { matter { id version state } }
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

/// T7: the assigned provider's papers presented (recorded by `who`, the provider or the
/// center's coordinator): the handling agency's registration clock starts.
pub async fn present_papers(app: &TestApp, who: &Principal, matter: &str) -> Value {
    app.ok(who, PAPERS, json!({ "input": { "matterId": matter } }))
        .await
}

/// Walks a center's new matter to `discontinued`, ready for its file to be handed over.
pub async fn discontinued(
    app: &TestApp,
    clerk: &Principal,
    coordinator: &Principal,
    center: &Agency,
) -> MatterId {
    let id: MatterId = request(app, clerk, center, "AT_LIBERTY")
        .await
        .parse()
        .unwrap();
    accept(app, coordinator, &id.to_string()).await;
    let target = Target {
        matter: id,
        expected_version: None,
        idempotency_key: None,
    };
    let action = Command::Discontinue {
        ground: DiscontinueGround::Withdrawal,
        reason: BoundedText::parse("Người được trợ giúp rút yêu cầu", 100).unwrap(),
    };
    app.engine.act(coordinator, target, action).await.unwrap();
    id
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

/// The matter as `who` reads it; fields they may not read are null (`REDACTED`).
pub async fn matter(app: &TestApp, who: &Principal, id: &str) -> Value {
    app.readable(who, MATTER, json!({ "id": id })).await["matter"].clone()
}

/// A civil request from the world's clerk, received now; returns the matter id.
pub async fn civil_request(app: &TestApp, w: &World) -> String {
    let input = json!({ "input": {
        "person": {
            "fullName": "Lê Thị Mai", "eligibility": "POOR_HOUSEHOLD",
            "custody": "AT_LIBERTY", "proceduralRole": "LITIGANT",
        },
        "proceeding": { "kind": "CIVIL", "caseNumber": "12/2026/DS-ST", "stage": "FIRST_INSTANCE_TRIAL" },
        "centerId": w.center.id.to_string(),
    }});
    let data = app.ok(&w.clerk, REQUEST, input).await;
    data["requestLegalAid"]["matter"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}
