//! The authorization matrix: the test walks the access table (`baton_domain::access`) and,
//! for every role × operation × (own agency / another agency of the province / another
//! province), asserts through the real schema that the operation is allowed or refused.
//! A refused read answers NOT_FOUND (as if the matter did not exist), a refused list or
//! operation FORBIDDEN, a refused sensitive field REDACTED; nothing refused writes.

use baton_domain::access::{Operation, Reach, role_fits, role_reach};
use baton_domain::agency::{AgencyKind, Principal, Role};
use baton_domain::ids::ProviderId;
use baton_domain::matter::ProviderKind;
use baton_engine::{Agency, Provider};
use chrono::Duration;
use serde_json::{Value, json};

use crate::harness::*;

/// Whose resource a check targets, seen from the principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    OwnAgency,
    OtherAgencySameProvince,
    OtherProvince,
}

const TARGETS: [Target; 3] = [
    Target::OwnAgency,
    Target::OtherAgencySameProvince,
    Target::OtherProvince,
];

fn expected(role: Role, operation: Operation, target: Target) -> bool {
    match role_reach(role, operation) {
        None => false,
        // The provider principal is the one assigned to the own side's matter.
        Some(Reach::Assigned | Reach::OwnAgency) => target == Target::OwnAgency,
        Some(Reach::Jurisdiction) => target != Target::OtherProvince,
    }
}

struct Matrix {
    /// Matters handled by court `i` and referred to center `i`: 0 and 1 in Hà Nội, 2 in Bắc Ninh.
    matters: [String; 3],
    /// Like `matters`, but accepted and not yet assigned: waiting in the center's inbox.
    inbox: [String; 3],
    /// A user added (by the operator, so logged) to court `i`: the admin log's entries.
    admin_subjects: [String; 3],
    courts: [Agency; 3],
    centers: [Agency; 3],
    department: Agency,
    /// One principal per role, all in agencies of matter 0's side in Hà Nội.
    principals: Vec<(Role, Principal)>,
}

async fn user(app: &TestApp, agency: &Agency, role: Role) -> Principal {
    let name = format!("{} {}", role.label_vi(), agency.name);
    signed_in(app, agency.id, &name, role).await
}

impl Matrix {
    async fn build(app: &TestApp) -> Self {
        use AgencyKind as K;
        let courts = [
            agency(app, K::Court, "Tòa án khu vực 1 - Hà Nội", "HN").await,
            agency(app, K::Court, "Tòa án khu vực 2 - Hà Nội", "HN").await,
            agency(app, K::Court, "Tòa án tỉnh Bắc Ninh", "BN").await,
        ];
        let centers = [
            agency(app, K::LegalAidCenter, "Trung tâm TGPL Hà Nội", "HN").await,
            agency(
                app,
                K::LegalAidCenter,
                "Trung tâm TGPL Hà Nội (thử nghiệm)",
                "HN",
            )
            .await,
            agency(app, K::LegalAidCenter, "Trung tâm TGPL Bắc Ninh", "BN").await,
        ];
        let department = agency(app, K::JusticeDepartment, "Sở Tư pháp Hà Nội", "HN").await;
        let mut matters = Vec::new();
        let mut providers = Vec::new();
        let mut inbox = Vec::new();
        let mut admin_subjects = Vec::new();
        for i in 0..3 {
            let clerk = user(app, &courts[i], Role::AgencyOfficer).await;
            let coordinator = user(app, &centers[i], Role::CenterCoordinator).await;
            let provider = Provider {
                id: ProviderId::generate(),
                center: centers[i].id,
                name: format!("Trợ giúp viên {i}"),
                kind: ProviderKind::LegalAidOfficer,
                card_number: None,
                active: true,
            };
            app.engine.create_provider(&provider).await.unwrap();
            let id = request(app, &clerk, &centers[i], "ARRESTED").await;
            accept(app, &coordinator, &id).await;
            let assign =
                json!({ "input": { "matterId": id, "providerId": provider.id.to_string() } });
            app.ok(&coordinator, ASSIGN, assign).await;
            present_papers(app, &coordinator, &id).await;
            providers.push(provider);
            let waiting = request(app, &clerk, &centers[i], "ARRESTED").await;
            accept(app, &coordinator, &waiting).await;
            inbox.push(waiting);
            let added = app
                .engine
                .add_user(
                    None,
                    courts[i].id,
                    "Thư ký mới",
                    None,
                    &[Role::AgencyOfficer],
                    None,
                )
                .await
                .unwrap();
            admin_subjects.push(added.to_string());
            // The clerk reads the sensitive data once: an access-log entry per matter.
            let q = "query($id: ID!) { matter(id: $id) { person { birthDate } } }";
            app.ok(&clerk, q, json!({ "id": id })).await;
            matters.push(id);
        }
        // Every registration clock (24 h) is now overdue.
        app.clock.advance(Duration::hours(25));
        let provider_user = app
            .engine
            .create_provider_user(&providers[0], "Trợ giúp viên của vụ việc 0")
            .await
            .unwrap();
        let token = app.engine.issue_token(provider_user, None).await.unwrap();
        let provider = app.engine.authenticate(&token).await.unwrap();
        let principals = vec![
            (
                Role::AgencyOfficer,
                user(app, &courts[0], Role::AgencyOfficer).await,
            ),
            (
                Role::CenterCoordinator,
                user(app, &centers[0], Role::CenterCoordinator).await,
            ),
            (Role::Provider, provider),
            (
                Role::Supervisor,
                user(app, &department, Role::Supervisor).await,
            ),
            (
                Role::Administrator,
                user(app, &department, Role::Administrator).await,
            ),
        ];
        Self {
            matters: matters.try_into().unwrap(),
            inbox: inbox.try_into().unwrap(),
            admin_subjects: admin_subjects.try_into().unwrap(),
            courts,
            centers,
            department,
            principals,
        }
    }

    fn matter(&self, target: Target) -> &str {
        &self.matters[target as usize]
    }

    /// The agency of the target's side that users of `role` belong to.
    fn agency_for(&self, role: Role, target: Target) -> &Agency {
        let i = target as usize;
        match role {
            Role::AgencyOfficer => &self.courts[i],
            Role::CenterCoordinator | Role::Provider => &self.centers[i],
            Role::Supervisor | Role::Administrator if target == Target::OwnAgency => {
                &self.department
            }
            Role::Supervisor | Role::Administrator => &self.courts[i],
        }
    }
}

fn ids(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .map(|e| {
                    let n = &e["node"];
                    n["id"]
                        .as_str()
                        .or(n["matter"]["id"].as_str())
                        .or(n["matterId"].as_str())
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Runs one cell of the matrix; returns whether the operation was allowed.
async fn attempt(
    app: &TestApp,
    m: &Matrix,
    role: Role,
    who: &Principal,
    operation: Operation,
    target: Target,
) -> bool {
    let matter = match operation {
        Operation::Inbox => &m.inbox[target as usize],
        _ => m.matter(target),
    };
    let code_of = |r: &Value| {
        r["errors"][0]["extensions"]["code"]
            .as_str()
            .map(str::to_owned)
    };
    match operation {
        Operation::ReadMatter => {
            let r = app
                .gql(
                    Some(who),
                    "query($id: ID!) { matter(id: $id) { id } }",
                    json!({ "id": matter }),
                )
                .await;
            match code_of(&r) {
                None => true,
                Some(code) => {
                    assert_eq!(code, "NOT_FOUND", "a refused read looks like absence");
                    false
                }
            }
        }
        Operation::ReadSensitive => {
            let r = app
                .gql(
                    Some(who),
                    "query($id: ID!) { matter(id: $id) { person { birthDate custody } } }",
                    json!({ "id": matter }),
                )
                .await;
            match code_of(&r) {
                None => {
                    assert_eq!(r["data"]["matter"]["person"]["birthDate"], "1990-05-17");
                    true
                }
                Some(code) => {
                    assert!(code == "REDACTED" || code == "NOT_FOUND", "{code}");
                    if code == "REDACTED" {
                        assert_eq!(r["data"]["matter"]["person"]["birthDate"], Value::Null);
                    }
                    false
                }
            }
        }
        Operation::ListMatters
        | Operation::Inbox
        | Operation::OverdueHandoffs
        | Operation::ReadAccessLog => {
            let (field, q) = match operation {
                Operation::ListMatters => (
                    "matters",
                    "{ matters(first: 100) { edges { node { id } } } }",
                ),
                Operation::Inbox => ("inbox", "{ inbox(first: 100) { edges { node { id } } } }"),
                Operation::OverdueHandoffs => (
                    "overdueHandoffs",
                    "{ overdueHandoffs(first: 100) { edges { node { matter { id } } } } }",
                ),
                _ => (
                    "accessLog",
                    "{ accessLog(first: 100) { edges { node { matterId } } } }",
                ),
            };
            let r = app.gql(Some(who), q, json!({})).await;
            if let Some(code) = code_of(&r) {
                assert_eq!(code, "FORBIDDEN");
                return false;
            }
            ids(&r["data"][field]).iter().any(|id| id == matter)
        }
        Operation::DutiesOwed => {
            let q = "{ dutiesOwed(first: 100) { edges { node { matter { id } } } } }";
            let r = app.gql(Some(who), q, json!({})).await;
            if let Some(code) = code_of(&r) {
                assert_eq!(code, "FORBIDDEN");
                return false;
            }
            // The court owes the registration of the assigned matter; the center the
            // assignment of the one in its inbox.
            let i = target as usize;
            ids(&r["data"]["dutiesOwed"])
                .iter()
                .any(|id| *id == m.matters[i] || *id == m.inbox[i])
        }
        Operation::ReadAdminLog => {
            let q = "{ adminLog(first: 100) { edges { node { subjectId } } } }";
            let r = app.gql(Some(who), q, json!({})).await;
            if let Some(code) = code_of(&r) {
                assert_eq!(code, "FORBIDDEN");
                return false;
            }
            let subject = &m.admin_subjects[target as usize];
            r["data"]["adminLog"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["node"]["subjectId"] == subject.as_str())
        }
        Operation::ManageDirectory => {
            let center = &m.centers[target as usize];
            let q = "mutation($input: AddProviderInput!) { addProvider(input: $input) { id } }";
            let input = json!({ "input": { "centerId": center.id.to_string(), "name": "Luật sư Mới", "kind": "CONTRACTED_LAWYER" } });
            match code_of(&app.gql(Some(who), q, input).await) {
                None => true,
                Some(code) => {
                    assert_eq!(code, "FORBIDDEN");
                    false
                }
            }
        }
        Operation::ManageUsers => {
            let agency = m.agency_for(role, target);
            // A role that fits the agency (roles must fit: `access::check_roles`).
            let fitting = Role::ALL
                .iter()
                .find(|r| **r != Role::Provider && role_fits(**r, agency.kind))
                .unwrap()
                .code()
                .to_uppercase();
            let q = "mutation($input: AddUserInput!) { addUser(input: $input) { userId } }";
            let input = json!({ "input": { "agencyId": agency.id.to_string(), "name": "Nguyễn Văn Mới", "roles": [fitting] } });
            match code_of(&app.gql(Some(who), q, input).await) {
                None => true,
                Some(code) => {
                    assert_eq!(code, "FORBIDDEN");
                    false
                }
            }
        }
        Operation::CreateMatter => {
            // A matter is always created for the principal's own agency.
            if target != Target::OwnAgency {
                return expected(role, operation, target);
            }
            let r = app
                .gql(
                    Some(who),
                    REQUEST,
                    request_input(&m.centers[0], "AT_LIBERTY", None),
                )
                .await;
            match code_of(&r) {
                None => true,
                Some(code) => {
                    assert_eq!(code, "FORBIDDEN");
                    false
                }
            }
        }
        Operation::ActOnMatter => {
            // Filing a complaint is harmless to the matrix (the state stays); the rule set
            // then decides which party fires it, so only refusals are compared here.
            let q = "mutation($input: FileComplaintInput!) { fileComplaint(input: $input) { matter { id } } }";
            let r = app
                .gql(
                    Some(who),
                    q,
                    json!({ "input": { "matterId": matter, "subject": "Kiểm tra quyền" } }),
                )
                .await;
            match code_of(&r).as_deref() {
                None => true,
                Some("FORBIDDEN") if role_reach(role, operation).is_some() => {
                    expected(role, operation, target)
                }
                Some("FORBIDDEN") | Some("NOT_FOUND") => false,
                Some(other) => panic!("unexpected {other}"),
            }
        }
    }
}

backend_test! {
    async fn every_role_operation_and_reach_of_the_access_table_is_enforced(app) {
        let m = Matrix::build(&app).await;
        for (role, who) in &m.principals {
            for operation in Operation::ALL {
                for target in TARGETS {
                    let allowed = attempt(&app, &m, *role, who, *operation, target).await;
                    assert_eq!(
                        allowed,
                        expected(*role, *operation, target),
                        "[{}] {role} {operation} on {target:?}",
                        app.backend
                    );
                }
            }
        }
    }
}

backend_test! {
    async fn the_national_authority_supervises_every_province_without_sensitive_data(app) {
        let m = Matrix::build(&app).await;
        let national = agency(
            &app,
            AgencyKind::NationalAuthority,
            "Cục PBGDPL và TGPL",
            "VN",
        )
        .await;
        let supervisor = user(&app, &national, Role::Supervisor).await;
        let listed = app
            .ok(
                &supervisor,
                "{ overdueHandoffs(first: 100) { edges { node { matter { id } } } } }",
                json!({}),
            )
            .await;
        let listed = ids(&listed["overdueHandoffs"]);
        for matter in &m.matters {
            assert!(listed.contains(matter), "[{}]", app.backend);
        }
        let q = "query($id: ID!) { matter(id: $id) { person { fullName birthDate } } }";
        let r = app
            .gql(Some(&supervisor), q, json!({ "id": m.matters[2] }))
            .await;
        assert_eq!(r["errors"][0]["extensions"]["code"], "REDACTED");
        assert_eq!(r["data"]["matter"]["person"]["fullName"], "Trần Văn Bình");
    }
}

backend_test! {
    async fn a_branch_works_its_own_referrals_and_its_center_sees_them(app) {
        let w = World::build(&app).await;
        let branch = Agency {
            id: baton_domain::ids::AgencyId::generate(),
            kind: AgencyKind::LegalAidBranch,
            name: "Chi nhánh số 1 Trung tâm TGPL Hà Nội".into(),
            province: "HN".into(),
            province_name: "Thành phố Hà Nội".into(),
            parent: Some(w.center.id),
        };
        app.engine.create_agency(&branch).await.unwrap();
        let branch_coordinator = user(&app, &branch, Role::CenterCoordinator).await;
        let m = request(&app, &w.clerk, &branch, "AT_LIBERTY").await;

        let inbox = app
            .ok(
                &branch_coordinator,
                "{ inbox { edges { node { id } } } }",
                json!({}),
            )
            .await;
        assert_eq!(
            ids(&inbox["inbox"]),
            std::slice::from_ref(&m),
            "[{}]",
            app.backend
        );
        accept(&app, &branch_coordinator, &m).await;

        // The center sees its branch's matter (the branch reports to it) but does not act on it.
        let listed = app
            .ok(
                &w.coordinator,
                "{ matters { edges { node { id } } } }",
                json!({}),
            )
            .await;
        assert_eq!(ids(&listed["matters"]), std::slice::from_ref(&m));
        let center_inbox = app
            .ok(
                &w.coordinator,
                "{ inbox { edges { node { id } } } }",
                json!({}),
            )
            .await;
        assert_eq!(ids(&center_inbox["inbox"]), Vec::<String>::new());
        let input = json!({ "input": { "matterId": m, "providerId": w.officer.to_string() } });
        assert_eq!(
            app.error_code(Some(&w.coordinator), ASSIGN, input).await,
            "FORBIDDEN"
        );
    }
}

backend_test! {
    async fn a_provider_reads_the_matters_assigned_to_them_and_no_other_of_their_center(app) {
        let w = World::build(&app).await;
        let mut matters = Vec::new();
        for provider in [w.officer, w.lawyer] {
            let id = request(&app, &w.clerk, &w.center, "ARRESTED").await;
            accept(&app, &w.coordinator, &id).await;
            let assign = json!({ "input": { "matterId": id, "providerId": provider.to_string() } });
            app.ok(&w.coordinator, ASSIGN, assign).await;
            matters.push(id);
        }
        let unassigned = request(&app, &w.clerk, &w.center, "ARRESTED").await;

        // An administrator opens the officer's account, linked to her roster entry.
        let admin = administrator(&app, w.supervisor.agency.id).await;
        let add = "mutation($input: AddUserInput!) { addUser(input: $input) { userId } }";
        let input = |roles: Value, provider: Option<ProviderId>| {
            json!({ "input": {
                "agencyId": w.center.id.to_string(), "name": "Trợ giúp viên Nguyễn Thị Thu Hà",
                "roles": roles, "providerId": provider.map(|p| p.to_string()),
            }})
        };
        let refused = [
            input(json!(["PROVIDER"]), None),
            input(json!(["PROVIDER"]), Some(w.other_center_officer)),
            input(json!(["CENTER_COORDINATOR"]), Some(w.officer)),
        ];
        for bad in refused {
            let r = app.gql(Some(&admin), add, bad).await;
            assert_eq!(
                r["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
                "{r:#}"
            );
            assert_eq!(r["errors"][0]["extensions"]["field"], "providerId");
        }
        let added = app
            .ok(&admin, add, input(json!(["PROVIDER"]), Some(w.officer)))
            .await;
        let user: uuid::Uuid = added["addUser"]["userId"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let token = app
            .engine
            .issue_token(baton_domain::ids::UserId(user), None)
            .await
            .unwrap();
        let officer = app.engine.authenticate(&token).await.unwrap();

        let listed = app
            .ok(&officer, "{ matters { edges { node { id } } } }", json!({}))
            .await;
        assert_eq!(
            ids(&listed["matters"]),
            std::slice::from_ref(&matters[0]),
            "[{}] only her own case",
            app.backend
        );
        let q = "query($id: ID!) { matter(id: $id) { person { birthDate } } }";
        let own = app.ok(&officer, q, json!({ "id": matters[0] })).await;
        assert_eq!(own["matter"]["person"]["birthDate"], "1990-05-17");
        for other in [&matters[1], &unassigned] {
            let code = app
                .error_code(Some(&officer), q, json!({ "id": other }))
                .await;
            assert_eq!(code, "NOT_FOUND", "[{}]", app.backend);
        }

        // T7: she records presenting her own papers (BLTTHS Điều 78(2)(d)); the court's
        // registration clock starts. She cannot record it for a colleague's matter, nor
        // fire any other step of the plan.
        let papers = present_papers(&app, &officer, &matters[0]).await;
        assert_eq!(papers["presentPapers"]["matter"]["state"], "PROVIDER_ASSIGNED");
        let on = |id: &str| json!({ "input": { "matterId": id } });
        assert_eq!(app.error_code(Some(&officer), PAPERS, on(&matters[1])).await, "NOT_FOUND");
        assert_eq!(app.error_code(Some(&officer), REGISTER, on(&matters[0])).await, "FORBIDDEN");
    }
}
