//! The attacks of issue 11, replayed as a hostile client would send them, through GraphQL
//! (and HTTP where the hole was in HTTP). Each failed before its fix.

use async_graphql::Request;
use baton_domain::DomainError;
use baton_domain::agency::{AgencyKind, Principal, Role};
use baton_domain::ids::UserId;
use baton_engine::{EngineError, NewAgency};
use chrono::Duration;
use futures::{FutureExt, StreamExt};
use serde_json::{Value, json};

use crate::harness::*;
use crate::subscriptions::next;

const ADD_AGENCY: &str = "mutation($input: AddAgencyInput!) { addAgency(input: $input) { id } }";
const ADD_USER: &str = "mutation($input: AddUserInput!) { addUser(input: $input) { userId } }";
const ISSUE: &str = "mutation($input: IssueTokenInput!) { issueToken(input: $input) { token } }";

fn new_agency(kind: &str, province: &str) -> Value {
    json!({ "input": {
        "kind": kind, "name": "Cục Trợ giúp pháp lý", "province": province,
        "provinceName": "Toàn quốc",
    }})
}

fn new_user(agency: &baton_engine::Agency, role: &str) -> Value {
    json!({ "input": {
        "agencyId": agency.id.to_string(), "name": "Nguyễn Văn Mạo Danh", "roles": [role],
    }})
}

fn error(response: &Value) -> (&str, &str) {
    let e = &response["errors"][0]["extensions"];
    let code = e["code"].as_str();
    let code = code.unwrap_or_else(|| panic!("expected an error, got {response:#}"));
    (code, e["field"].as_str().unwrap_or_default())
}

const CREATE_ENROLMENT: &str =
    "mutation($input: CreateEnrolmentInput!) { createEnrolment(input: $input) { code } }";

/// Adds a user through GraphQL as `admin`, who gives them a one-time enrolment code the
/// same way; the user redeems it for their token and signs in.
async fn enrol(app: &TestApp, admin: &Principal, input: Value) -> Principal {
    let added = app.ok(admin, ADD_USER, input).await;
    let user = added["addUser"]["userId"].as_str().unwrap();
    let created = app
        .ok(
            admin,
            CREATE_ENROLMENT,
            json!({ "input": { "userId": user } }),
        )
        .await;
    let code = created["createEnrolment"]["code"].as_str().unwrap();
    let issued = app
        .engine
        .redeem_enrolment_for_token(code, None)
        .await
        .unwrap();
    app.engine.authenticate(&issued.token).await.unwrap()
}

async fn national_agencies(app: &TestApp, who: &Principal) -> usize {
    let q = "{ agencies(kind: NATIONAL_AUTHORITY) { id } }";
    app.ok(who, q, json!({})).await["agencies"]
        .as_array()
        .unwrap()
        .len()
}

backend_test! {
    /// Item 1: the Hà Nội administrator adds a "national authority" in Hà Nội, staffs it
    /// and signs in as it, to read and administer every province.
    async fn a_provincial_administrator_cannot_make_themselves_national(app) {
        let w = World::build(&app).await;
        let hn_admin = administrator(&app, w.supervisor.agency.id).await;
        let bn_matter = request(&app, &w.other_clerk, &w.other_center, "ARRESTED").await;
        let hn_matter = request(&app, &w.clerk, &w.center, "ARRESTED").await;

        for province in ["HN", "VN"] {
            let r = app
                .gql(Some(&hn_admin), ADD_AGENCY, new_agency("NATIONAL_AUTHORITY", province))
                .await;
            assert_eq!(error(&r).0, "FORBIDDEN", "[{}] {province}: {r:#}", app.backend);
        }
        assert_eq!(national_agencies(&app, &hn_admin).await, 1, "[{}]", app.backend);

        // An agency of that kind already in a province (added before the fix) is not
        // national: whoever is made supervisor or administrator there stays in Hà Nội.
        let misplaced = agency(&app, AgencyKind::NationalAuthority, "Cục giả", "HN").await;
        let fake_supervisor = enrol(&app, &hn_admin, new_user(&misplaced, "SUPERVISOR")).await;
        // Nor may it make an administrator there (only a national administrator grants
        // that role); the operator could, before the fix.
        let r = app
            .gql(Some(&hn_admin), ADD_USER, new_user(&misplaced, "ADMINISTRATOR"))
            .await;
        assert_eq!(error(&r), ("FORBIDDEN", "roles"), "[{}] {r:#}", app.backend);
        let fake_admin = app
            .engine
            .add_user(None, misplaced.id, "Nguyễn Văn Giả", None, &[Role::Administrator], None)
            .await
            .unwrap();
        let fake_admin = signed_in_as(&app, fake_admin).await;
        let listed = app
            .ok(&fake_supervisor, "{ matters(first: 100) { edges { node { id } } } }", json!({}))
            .await;
        let ids: Vec<_> = listed["matters"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids, [hn_matter], "[{}] Hà Nội only", app.backend);
        let q = "query($id: ID!) { matter(id: $id) { id } }";
        let r = app.gql(Some(&fake_supervisor), q, json!({ "id": bn_matter })).await;
        assert_eq!(error(&r).0, "NOT_FOUND", "[{}]", app.backend);
        let bn_clerk = w.other_clerk.user_id.to_string();
        let r = app
            .gql(Some(&fake_admin), ISSUE, json!({ "input": { "userId": bn_clerk } }))
            .await;
        assert_eq!(error(&r).0, "FORBIDDEN", "[{}]", app.backend);
        // Nor does it receive the escalations of every province, meant for the national
        // authority.
        accept(&app, &w.other_coordinator, &bn_matter).await;
        for hours in [9, 4, 24] {
            app.clock.advance(Duration::hours(hours));
            baton_scheduler::sweep_once(&app.engine, &baton_scheduler::Config::default())
                .await
                .unwrap();
        }
        let notified = "{ notifications { edges { node { kind } } } }";
        let national = app.ok(&w.national, notified, json!({})).await;
        assert!(national.to_string().contains("ESCALATION"), "[{}] {national}", app.backend);
        let fake = app.ok(&fake_supervisor, notified, json!({})).await;
        assert_eq!(fake["notifications"]["edges"], json!([]), "[{}]", app.backend);

        // The real national authority's administrator adds national agencies, at the
        // national marker only; and no other agency may take that marker.
        let national_admin = administrator(&app, w.national.agency.id).await;
        app.ok(&national_admin, ADD_AGENCY, new_agency("NATIONAL_AUTHORITY", "VN"))
            .await;
        for (kind, province) in [("NATIONAL_AUTHORITY", "HN"), ("JUSTICE_DEPARTMENT", "VN")] {
            let r = app
                .gql(Some(&national_admin), ADD_AGENCY, new_agency(kind, province))
                .await;
            assert_eq!(error(&r), ("BAD_USER_INPUT", "province"), "[{}] {kind}", app.backend);
        }
        // So does the operator (`baton agency add`), under the same rule.
        let operator = |province: &str| NewAgency {
            kind: AgencyKind::NationalAuthority,
            name: "Cục Trợ giúp pháp lý".into(),
            province: province.into(),
            province_name: "Toàn quốc".into(),
            parent: None,
        };
        assert!(app.engine.add_agency(None, operator("HN")).await.is_err());
        app.engine.add_agency(None, operator("VN")).await.unwrap();
        // The first, the misplaced one, the national administrator's and the operator's.
        assert_eq!(national_agencies(&app, &hn_admin).await, 4, "[{}]", app.backend);
    }
}

backend_test! {
    /// Item 3 (in part): an administrator, who sees no matter, opens accounts whose roles
    /// do not fit the agency: a coordinator at a court, a supervisor at a center.
    async fn an_administrator_cannot_give_roles_that_do_not_fit_the_agency(app) {
        let w = World::build(&app).await;
        let admin = administrator(&app, w.supervisor.agency.id).await;
        let department = app.engine.agency(w.supervisor.agency.id).await.unwrap();
        let misfits = [
            (&w.court, "CENTER_COORDINATOR"),
            (&w.court, "SUPERVISOR"),
            (&w.court, "ADMINISTRATOR"),
            (&w.center, "SUPERVISOR"),
            (&w.center, "AGENCY_OFFICER"),
            (&w.center, "ADMINISTRATOR"),
            (&department, "CENTER_COORDINATOR"),
            (&department, "AGENCY_OFFICER"),
            (&department, "PROVIDER"),
        ];
        for (agency, role) in misfits {
            let r = app.gql(Some(&admin), ADD_USER, new_user(agency, role)).await;
            assert_eq!(error(&r), ("BAD_USER_INPUT", "roles"), "[{}] {role}: {r:#}", app.backend);
            let message = r["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains(&role.to_lowercase()), "names the rule: {message}");
        }
        let users = "query($a: ID!) { users(agencyId: $a) { name } }";
        for agency in [&w.court, &w.center, &department] {
            let listed = app.ok(&admin, users, json!({ "a": agency.id.to_string() })).await;
            assert!(
                !listed.to_string().contains("Mạo Danh"),
                "[{}] nothing written",
                app.backend
            );
        }
        // Roles that fit still work; the operator (`baton user add`) is held to the rule too.
        app.ok(&admin, ADD_USER, new_user(&w.court, "AGENCY_OFFICER")).await;
        app.ok(&admin, ADD_USER, new_user(&department, "SUPERVISOR")).await;
        let refused = app
            .engine
            .add_user(None, w.court.id, "Nguyễn Văn Mạo Danh", None, &[Role::Supervisor], None)
            .await;
        assert!(
            matches!(
                &refused,
                Err(EngineError::Domain(DomainError::InvalidInput { field, .. })) if field == "roles"
            ),
            "{refused:?}"
        );
    }
}

const REDEEM: &str =
    "mutation($input: RedeemEnrolmentInput!) { redeemEnrolment(input: $input) { token } }";
const ADMIN_LOG: &str = "{ adminLog { edges { node { action actorName subjectId detail } } } }";

backend_test! {
    /// Item 3: an administrator, who sees no matter, opens a coordinator's account at a
    /// center and a supervisor's at a court, takes a token for each and acts as them. Now
    /// a token goes to its user only: asking for someone else's is refused and recorded,
    /// and the one-time enrolment code is worth nothing once the user has redeemed it.
    async fn an_administrator_cannot_take_a_token_for_someone_else(app) {
        let w = World::build(&app).await;
        let admin = administrator(&app, w.supervisor.agency.id).await;

        let added = app.ok(&admin, ADD_USER, new_user(&w.center, "CENTER_COORDINATOR")).await;
        let coordinator = added["addUser"]["userId"].as_str().unwrap().to_owned();
        let r = app
            .gql(Some(&admin), ISSUE, json!({ "input": { "userId": coordinator } }))
            .await;
        assert_eq!(error(&r), ("FORBIDDEN", "userId"), "[{}] {r:#}", app.backend);
        assert!(r["data"].is_null(), "[{}] no token: {r:#}", app.backend);
        let log = app.ok(&w.supervisor, ADMIN_LOG, json!({})).await;
        let newest = &log["adminLog"]["edges"][0]["node"];
        assert_eq!(newest["action"], "REFUSED_ISSUE_TOKEN", "[{}] {log:#}", app.backend);
        assert_eq!(newest["actorName"], "Quản trị Tạ Quang Huy");
        assert_eq!(newest["subjectId"], coordinator.as_str());

        // A supervisor at a court: refused, nothing written.
        let r = app.gql(Some(&admin), ADD_USER, new_user(&w.court, "SUPERVISOR")).await;
        assert_eq!(error(&r), ("BAD_USER_INPUT", "roles"), "[{}] {r:#}", app.backend);
        // Nor an administrator at its own department, who could then do the same.
        let department = app.engine.agency(w.supervisor.agency.id).await.unwrap();
        let r = app.gql(Some(&admin), ADD_USER, new_user(&department, "ADMINISTRATOR")).await;
        assert_eq!(error(&r), ("FORBIDDEN", "roles"), "[{}] {r:#}", app.backend);
        let users = "query($a: ID!) { users(agencyId: $a) { name } }";
        for agency in [&w.court, &department] {
            let listed = app.ok(&admin, users, json!({ "a": agency.id.to_string() })).await;
            assert!(!listed.to_string().contains("Mạo Danh"), "[{}] nothing written", app.backend);
        }

        // The enrolment code reaches the user, who redeems it; then it is useless to anyone,
        // the administrator who saw it included.
        let created = app
            .ok(&admin, CREATE_ENROLMENT, json!({ "input": { "userId": coordinator } }))
            .await;
        let code = created["createEnrolment"]["code"].as_str().unwrap().to_owned();
        let redeemed = app.gql(None, REDEEM, json!({ "input": { "code": code } })).await;
        let token = redeemed["data"]["redeemEnrolment"]["token"].as_str().unwrap();
        let me = app.engine.authenticate(token).await.unwrap();
        assert_eq!(me.user_id.to_string(), coordinator, "[{}]", app.backend);
        for who in [None, Some(&admin)] {
            let again = app.gql(who, REDEEM, json!({ "input": { "code": code } })).await;
            assert_eq!(error(&again).0, "UNAUTHENTICATED", "[{}] {again:#}", app.backend);
            assert!(again["data"].is_null(), "[{}] {again:#}", app.backend);
        }
        // The user takes a further token for themselves.
        let own = app.ok(&me, ISSUE, json!({ "input": {} })).await;
        assert!(own["issueToken"]["token"].is_string(), "[{}]", app.backend);
    }
}

backend_test! {
    /// Item 8: a provider subscribed to `deadlineAlerts` heard the breaches of her
    /// center's matters that are not assigned to her. Alerts follow the lists of duties
    /// (`dutiesOwed`, `overdueHandoffs`), which a provider and an administrator may not read.
    async fn deadline_alerts_reach_no_one_the_lists_of_duties_would_not(app) {
        let w = World::build(&app).await;
        let provider = app
            .engine
            .add_user(None, w.center.id, "Trợ giúp viên Hà", None, &[Role::Provider], Some(w.officer))
            .await
            .unwrap();
        let provider = signed_in_as(&app, provider).await;
        let admin = administrator(&app, w.supervisor.agency.id).await;
        let query = "subscription { deadlineAlerts { kind handoff { kind matter { id } } } }";
        let open = |who: &Principal| {
            let mut stream = app
                .schema
                .execute_stream(Request::new(query).data(who.clone()))
                .boxed();
            let first = stream.next().now_or_never().flatten();
            (stream, first)
        };
        let (mut providers, provider_first) = open(&provider);
        let (mut admins, admin_first) = open(&admin);
        let (mut coordinators, coordinator_first) = open(&w.coordinator);
        assert!(coordinator_first.is_none(), "the coordinator is listening");

        let theirs = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        accept(&app, &w.coordinator, &theirs).await;
        app.clock.advance(Duration::hours(10));
        baton_scheduler::sweep_once(&app.engine, &baton_scheduler::Config::default())
            .await
            .unwrap();

        let heard = next(&mut coordinators).await;
        assert_eq!(heard["data"]["deadlineAlerts"]["handoff"]["matter"]["id"], theirs.as_str());
        for (who, first, stream) in [
            ("provider", provider_first, &mut providers),
            ("administrator", admin_first, &mut admins),
        ] {
            let answer = match first {
                Some(r) => serde_json::to_value(r).unwrap(),
                None => next(stream).await,
            };
            assert_eq!(
                answer["errors"][0]["extensions"]["code"], "FORBIDDEN",
                "[{}] the {who} hears nothing: {answer:#}",
                app.backend
            );
            assert!(answer["data"].is_null(), "[{}] {answer:#}", app.backend);
        }
    }
}

async fn signed_in_as(app: &TestApp, user: UserId) -> Principal {
    let token = app.engine.issue_token(user, None).await.unwrap();
    app.engine.authenticate(&token).await.unwrap()
}

backend_test! {
    /// Item 9: a NUL byte in text that reaches a query answered INTERNAL on PostgreSQL
    /// (error 22021). It is bad input on the field, on every database, and writes nothing.
    async fn a_nul_byte_is_bad_input_on_its_field(app) {
        let w = World::build(&app).await;
        let nul = "H\u{0}N";
        let agencies = "query($p: String) { agencies(province: $p) { id } }";
        let overdue = "query($f: OverdueHandoffsFilter) { \
            overdueHandoffs(filter: $f) { edges { node { id } } } }";
        let accept = "mutation($input: AcceptReferralInput!) { \
            acceptReferral(input: $input) { matter { id } } }";
        let matter = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        let mut create = request_input(&w.center, "ARRESTED", None);
        create["input"]["idempotencyKey"] = json!(format!("yeu-cau-{nul}"));
        let cases: [(&Principal, &str, Value, &str); 7] = [
            (&w.clerk, agencies, json!({ "p": nul }), "province"),
            (&w.clerk, r#"{ agencies(province: "\u0000") { id } }"#, json!({}), "province"),
            (&w.supervisor, overdue, json!({ "f": { "province": nul } }), "filter.province"),
            (&w.supervisor, overdue, json!({ "f": { "kind": "assign\u{0}" } }), "filter.kind"),
            (&w.supervisor, overdue, json!({ "f": { "kind": "assign\u{1b}[2J" } }), "filter.kind"),
            (&w.clerk, REQUEST, create, "idempotencyKey"),
            (
                &w.coordinator,
                accept,
                json!({ "input": { "matterId": matter, "idempotencyKey": "\u{0}" } }),
                "idempotencyKey",
            ),
        ];
        for (who, query, variables, field) in cases {
            let r = app.gql(Some(who), query, variables).await;
            assert_eq!(error(&r), ("BAD_USER_INPUT", field), "[{}] {r:#}", app.backend);
        }
        let q = "{ matters { edges { node { id state } } } }";
        let listed = app.ok(&w.clerk, q, json!({})).await;
        let edges = listed["matters"]["edges"].as_array().unwrap();
        assert_eq!(edges.len(), 1, "[{}] no matter created", app.backend);
        let state = &edges[0]["node"]["state"];
        assert_eq!(state, "NOTIFIED_TO_CENTER", "[{}] not accepted", app.backend);
        // Clean text still finds what it names.
        let found = app.ok(&w.clerk, agencies, json!({ "p": "BN" })).await;
        assert_eq!(found["agencies"].as_array().unwrap().len(), 3, "[{}]", app.backend);
    }
}

/// `matters(first: …)`, each matter with its handoffs and timeline.
fn page(first: &str) -> String {
    format!(
        "matters(first: {first}) {{ edges {{ node {{ id state person {{ fullName }} \
         handoffs {{ id kind label status }} timeline {{ seq kind summary actorName }} }} }} }}"
    )
}

/// Ten aliases of [`page`].
fn ten_pages(first: &str) -> String {
    let aliases: String = (0..10).map(|i| format!("a{i}: {} ", page(first))).collect();
    let variables = if first == "$n" { "($n: Int)" } else { "" };
    format!("query{variables} {{ {aliases} }}")
}

backend_test! {
    /// Item 5: ten aliased `matters(first: 100)` with nested handoffs and timelines passed
    /// the depth and complexity limits (a page counted as one matter) and stalled the
    /// server. A page now counts as many times as the items it asks for, so the query is
    /// refused before it runs; one such page, or ten default pages of ids, still pass.
    async fn a_query_asking_for_ten_pages_of_a_hundred_matters_is_too_complex(app) {
        let w = World::build(&app).await;
        for _ in 0..3 {
            request(&app, &w.clerk, &w.center, "ARRESTED").await;
        }
        for (first, variables) in [("100", json!({})), ("$n", json!({ "n": 100 }))] {
            let r = app.gql(Some(&w.supervisor), &ten_pages(first), variables).await;
            assert_eq!(error(&r).0, "BAD_USER_INPUT", "[{}] {first}: {r:#}", app.backend);
            let message = r["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains("complex"), "[{}] {message}", app.backend);
            assert!(r["data"].is_null(), "[{}] nothing ran", app.backend);
        }
        // Every other paged list counts its page size too.
        let lists = [
            "inbox", "overdueHandoffs", "dutiesOwed", "notifications", "accessLog", "adminLog",
        ];
        for list in lists {
            let many: String = (0..25)
                .map(|i| {
                    format!("a{i}: {list}(first: 100) {{ edges {{ cursor node {{ __typename }} }} }} ")
                })
                .collect();
            let many = format!("{{ {many} }}");
            let r = app.gql(Some(&w.supervisor), &many, json!({})).await;
            let message = r["errors"][0]["message"].as_str().unwrap_or_default();
            assert!(message.contains("complex"), "[{}] {list}: {r:#}", app.backend);
        }

        // One page of a hundred, nested as before, is a legitimate query.
        let one = format!("{{ a0: {} }}", page("100"));
        let r = app.ok(&w.supervisor, &one, json!({})).await;
        assert_eq!(r["a0"]["edges"].as_array().unwrap().len(), 3, "[{}]", app.backend);
        let r = app.ok(&w.supervisor, &ten_pages("2"), json!({})).await;
        assert_eq!(r["a9"]["edges"].as_array().unwrap().len(), 2, "[{}]", app.backend);
    }
}

/// Runs `query` as `who` on `schema` (one built with other options than the app's).
fn run(
    schema: &baton_api::BatonSchema,
    who: &Principal,
    query: &str,
    variables: Value,
) -> impl std::future::Future<Output = Value> + use<> {
    let request = Request::new(query)
        .variables(async_graphql::Variables::from_json(variables))
        .data(who.clone());
    let schema = schema.clone();
    async move { serde_json::to_value(schema.execute(request).await).unwrap() }
}

backend_test! {
    /// Item 5: a heavy query held the database for seconds. A query has a time budget
    /// (`BATON_QUERY_TIME_BUDGET_MS`): past it, it is stopped and answered `TIMEOUT`, and
    /// the server goes on serving. Mutations, one command in one transaction, are not cut.
    async fn a_query_past_its_time_budget_is_stopped_and_answered_timeout(app) {
        let w = World::build(&app).await;
        let m = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        let options = baton_api::SchemaOptions {
            time_budget: std::time::Duration::ZERO,
            ..Default::default()
        };
        let hurried = baton_api::build_schema_with(app.engine.clone(), options);
        let query = format!("{{ {} }}", page("100"));
        let r = run(&hurried, &w.supervisor, &query, json!({})).await;
        assert_eq!(error(&r).0, "TIMEOUT", "[{}] {r:#}", app.backend);
        assert!(r["data"].is_null(), "[{}] {r:#}", app.backend);
        // A mutation is not cut short.
        let r = run(&hurried, &w.coordinator, ACCEPT, json!({ "input": { "matterId": m } })).await;
        assert!(r.get("errors").is_none(), "[{}] {r:#}", app.backend);
        // The server goes on: the same query within the default budget answers.
        let r = app.ok(&w.supervisor, &query, json!({})).await;
        let state = &r["matters"]["edges"][0]["node"]["state"];
        assert_eq!(state, "ACCEPTED", "[{}] {r:#}", app.backend);
    }
}

backend_test! {
    /// Item 5: eight heavy queries at once from one caller held SQLite's connection from
    /// every other user. A caller runs at most `BATON_OPERATIONS_PER_CALLER` operations at
    /// once (here one); its next waits its turn, and another caller does not wait.
    async fn one_caller_runs_a_bounded_number_of_operations_at_once(app) {
        let w = World::build(&app).await;
        request(&app, &w.clerk, &w.center, "ARRESTED").await;
        let options = baton_api::SchemaOptions {
            operations_per_caller: 1,
            ..Default::default()
        };
        let tight = baton_api::build_schema_with(app.engine.clone(), options);
        let me = "{ me { name } }";
        let query = format!("{{ {} }}", page("100"));

        let mut heavy = Box::pin(run(&tight, &w.supervisor, &query, json!({})));
        assert!((&mut heavy).now_or_never().is_none(), "[{}] it reads the database", app.backend);
        let mut next = Box::pin(run(&tight, &w.supervisor, me, json!({})));
        let waits = (&mut next).now_or_never();
        assert!(waits.is_none(), "[{}] ran beside the heavy one: {waits:?}", app.backend);
        let other = run(&tight, &w.other_supervisor, me, json!({})).now_or_never();
        let other = other.unwrap_or_else(|| panic!("[{}] another caller waited", app.backend));
        assert_eq!(other["data"]["me"]["name"], json!(w.other_supervisor.name));

        let heavy = waited("the heavy query", heavy).await;
        assert!(heavy.get("errors").is_none(), "[{}] {heavy:#}", app.backend);
        let next = waited("the caller's next query", next).await;
        assert_eq!(next["data"]["me"]["name"], json!(w.supervisor.name), "[{}]", app.backend);
    }
}

backend_test! {
    /// Item 6: 29 aliases of `person { birthDate }` over 100 matters wrote 1,392 permanent
    /// rows. A request logs one row per matter and field group, however many aliases
    /// repeat the read; another request logs again.
    async fn aliases_repeating_a_sensitive_read_log_it_once(app) {
        let w = World::build(&app).await;
        let mut matters = Vec::new();
        for _ in 0..3 {
            matters.push(request(&app, &w.clerk, &w.center, "ARRESTED").await);
        }
        let list: String = (0..8)
            .map(|i| {
                format!("l{i}: matters {{ edges {{ node {{ person {{ birthDate custody }} }} }} }} ")
            })
            .collect();
        let one: String = (0..8)
            .map(|i| {
                format!(
                    "m{i}: matter(id: $id) {{ \
                     person {{ custody birthDate fullName }} mandatoryGrounds }} "
                )
            })
            .collect();
        let query = format!("query($id: ID!) {{ {list} {one} }}");
        let r = app.ok(&w.coordinator, &query, json!({ "id": matters[0] })).await;
        assert_eq!(r["m7"]["person"]["custody"], "ARRESTED", "[{}]", app.backend);

        let log = "{ accessLog(first: 100) { edges { node { matterId fields } } } }";
        let rows = |r: &Value| -> Vec<(String, Value)> {
            let mut rows: Vec<_> = r["accessLog"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    let matter = e["node"]["matterId"].as_str().unwrap().to_owned();
                    (matter, e["node"]["fields"].clone())
                })
                .collect();
            rows.sort_by(|a, b| (&a.0, a.1.to_string()).cmp(&(&b.0, b.1.to_string())));
            rows
        };
        let mut expected: Vec<(String, Value)> = matters
            .iter()
            .map(|m| (m.clone(), json!(["birthDate", "custody"])))
            .collect();
        expected.push((matters[0].clone(), json!(["mandatoryGrounds"])));
        expected.sort_by(|a, b| (&a.0, a.1.to_string()).cmp(&(&b.0, b.1.to_string())));
        let logged = app.ok(&w.supervisor, log, json!({})).await;
        assert_eq!(rows(&logged), expected, "[{}] one row per matter and group", app.backend);

        // The next request is another read, logged again.
        app.ok(&w.coordinator, &query, json!({ "id": matters[0] })).await;
        let logged = app.ok(&w.supervisor, log, json!({})).await;
        assert_eq!(rows(&logged).len(), 2 * expected.len(), "[{}]", app.backend);
    }
}

/// Item 11: a GET request's span carried its whole URI, so the log held the variables
/// (personal data). It carries the path and the operation's name.
#[tokio::test]
async fn a_get_request_is_logged_without_its_variables() {
    use axum::body::Body;
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use tower::ServiceExt;
    use tracing_subscriber::fmt::format::FmtSpan;
    use tracing_subscriber::util::SubscriberInitExt;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);
    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    let app = Backend::Sqlite.app().await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let guard = subscriber.set_default();
    let uri = "/graphql?query=query%20Tra%28%24p%3A%20String%29%20%7B%20agencies%28province%3A%20%24p%29%20%7B%20id%20%7D%20%7D\
        &variables=%7B%22p%22%3A%22Nguyen-Van-Bi-Mat%22%7D";
    let request = axum::http::Request::get(uri).body(Body::empty()).unwrap();
    let router = baton_api::router(app.schema.clone(), app.engine.clone());
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(response.status(), axum::http::StatusCode::OK);
    drop(guard);

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("path=/graphql"), "{log}");
    assert!(
        log.contains("operation=Tra"),
        "the operation is named: {log}"
    );
    for secret in ["Bi-Mat", "variables", "query="] {
        assert!(!log.contains(secret), "{secret} is logged: {log}");
    }
}

/// Every field of a matter from which a sensitive fact could be read.
const EVERY_FIELD: &str = r#"query($id: ID!) { matter(id: $id) {
  id state stateLabel explanationRecord mandatoryGrounds
  person { fullName birthDate custody custodyLabel eligibility eligibilityLabel proofDocument }
  proceeding { kind caseNumber stage stageLabel }
  refusal { ground groundLabel reason }
  handoffs {
    kind label status dueAt limit legalBasis dataSharingBasis history { what }
    responsibleAgency { name }
    computation { limit limitEn legalBasis because becauseVi explanationVi explanationEn }
  }
  timeline { seq kind summary detail }
} }"#;

const EXPLAIN: &str =
    "mutation($input: ExplainRightInput!) { explainRight(input: $input) { matter { id } } }";

/// Words that reveal the custody, and the written reasons.
const REASON: &str = "Người bị bắt đã có luật sư do gia đình mời";
const RECORD: &str = "BB-02/2026/CSĐT: giải thích quyền cho người bị bắt tại trụ sở";
const SECRETS: [&str; 6] = ["bị bắt", "arrested", "tạm giữ", "ARRESTED", REASON, RECORD];

fn leaked(data: &Value) -> Vec<&'static str> {
    let text = data.to_string();
    SECRETS.into_iter().filter(|s| text.contains(s)).collect()
}

backend_test! {
    /// Item 4: a supervisor for whom `person { custody }` is REDACTED read it from the
    /// handoffs' limits and legal bases, the timeline's summaries, the refusal's reasons
    /// and the explanation record.
    async fn no_field_reveals_a_sensitive_fact_to_a_role_that_may_not_read_it(app) {
        let w = World::build(&app).await;
        // An arrested person's request, refused with written reasons.
        let refused = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        let input = json!({ "input": {
            "matterId": refused, "ground": "NOT_ELIGIBLE", "reason": REASON,
        }});
        app.ok(&w.coordinator, REFUSE, input).await;
        // An arrested person to whom the investigator explained the right (Mẫu 02).
        let mut input = request_input(&w.center, "ARRESTED", None);
        input["input"]["proceeding"]["stage"] = json!("INVESTIGATION");
        input["input"]["explanationRecord"] = json!(RECORD);
        let explained = app.ok(&w.investigator, EXPLAIN, input).await;
        let explained = explained["explainRight"]["matter"]["id"].as_str().unwrap().to_owned();

        for id in [&refused, &explained] {
            for who in [&w.supervisor, &w.national] {
                let r = app.gql(Some(who), EVERY_FIELD, json!({ "id": id })).await;
                let m = &r["data"]["matter"];
                assert_eq!(leaked(&r["data"]), Vec::<&str>::new(), "[{}] {r:#}", app.backend);
                // They still supervise the deadlines.
                let handoffs = m["handoffs"].as_array().unwrap();
                assert!(handoffs.iter().all(|h| h["dueAt"].is_string() && h["status"].is_string()));
                assert!(m["timeline"].as_array().is_some_and(|t| !t.is_empty()));
                let errors = r["errors"].as_array().unwrap();
                assert!(errors.iter().all(|e| e["extensions"]["code"] == "REDACTED"), "{r:#}");
                if id == &refused {
                    assert!(!handoffs.is_empty(), "{r:#}");
                    let paths: Vec<String> = errors.iter().map(|e| e["path"].to_string()).collect();
                    for field in ["\"limit\"", "\"legalBasis\"", "\"computation\"", "\"reason\""] {
                        assert!(paths.iter().any(|p| p.ends_with(&format!("{field}]"))), "{paths:?}");
                    }
                }
            }
            // The center, acting on the case, reads it all.
            let r = app.ok(&w.coordinator, EVERY_FIELD, json!({ "id": id })).await;
            assert!(leaked(&r).contains(&"bị bắt"), "[{}] {r:#}", app.backend);
        }
        let r = app.ok(&w.coordinator, EVERY_FIELD, json!({ "id": refused })).await;
        assert_eq!(r["matter"]["refusal"]["reason"], REASON);
        let r = app.ok(&w.coordinator, EVERY_FIELD, json!({ "id": explained })).await;
        assert_eq!(r["matter"]["explanationRecord"], RECORD);

        // Nor through the supervisors' own list of duties.
        let q = "{ overdueHandoffs(first: 100) { edges { node { dueAt limit legalBasis \
                 computation { becauseVi } matter { id } } } } }";
        for who in [&w.supervisor, &w.national] {
            let r = app.gql(Some(who), q, json!({})).await;
            assert_eq!(leaked(&r["data"]), Vec::<&str>::new(), "[{}] {r:#}", app.backend);
        }

        // The reads of those who may are logged, under the fields' names.
        let log = app
            .ok(
                &w.supervisor,
                "query($id: ID) { accessLog(matterId: $id) { edges { node { fields } } } }",
                json!({ "id": refused }),
            )
            .await;
        let fields: Vec<String> = log["accessLog"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["node"]["fields"].as_array().unwrap().clone())
            .map(|f| f.as_str().unwrap().to_owned())
            .collect();
        for field in ["handoffs.limit", "handoffs.legalBasis", "handoffs.computation", "refusal.reason", "timeline.summary"] {
            assert!(fields.iter().any(|f| f == field), "[{}] {field} not in {fields:?}", app.backend);
        }
    }
}
