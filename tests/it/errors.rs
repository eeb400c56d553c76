//! Errors a client can act on: a unique key already taken is a `CONFLICT` that names what
//! collided (not a concurrent change, and no database text); a failure inside is
//! `INTERNAL` with nothing of its cause.

use baton_api::error::ApiError;
use baton_domain::agency::AgencyKind;
use baton_domain::ids::{MatterId, ProviderId};
use baton_domain::matter::ProviderKind;
use baton_engine::Provider;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::harness::*;

/// The code and message a client would get for an engine error.
fn on_the_wire(err: baton_engine::EngineError) -> (&'static str, String) {
    let err = ApiError::from(err);
    (err.code().as_str(), err.message().to_owned())
}

async fn execute(app: &TestApp, sql: &str) {
    let backend = app.db.get_database_backend();
    app.db
        .execute_raw(Statement::from_string(backend, sql))
        .await
        .unwrap();
}

/// No database text in what a client reads.
fn assert_no_sql(app: &TestApp, response: &serde_json::Value) {
    let text = response.to_string().to_lowercase();
    for word in [
        "unique",
        "constraint",
        "duplicate",
        "matter_file_code",
        "sql",
        "corrupt",
    ] {
        assert!(
            !text.contains(word),
            "[{}] {word} leaked: {response:#}",
            app.backend
        );
    }
}

backend_test! {
    async fn an_agency_added_twice_is_a_conflict_naming_the_agency(app) {
        let center = agency(&app, AgencyKind::LegalAidCenter, "Trung tâm TGPL Hà Nội", "HN").await;
        let err = app.engine.create_agency(&center).await.unwrap_err();
        assert_eq!(
            on_the_wire(err),
            ("CONFLICT", "an agency with this id already exists".to_owned()),
            "[{}]",
            app.backend
        );
    }
}

backend_test! {
    async fn a_provider_added_twice_is_a_conflict_naming_the_provider(app) {
        let center = agency(&app, AgencyKind::LegalAidCenter, "Trung tâm TGPL Hà Nội", "HN").await;
        let provider = Provider {
            id: ProviderId::generate(),
            center: center.id,
            name: "Luật sư Lê Minh Tuấn".into(),
            kind: ProviderKind::ContractedLawyer,
            card_number: None,
            active: true,
        };
        app.engine.create_provider(&provider).await.unwrap();
        let err = app.engine.create_provider(&provider).await.unwrap_err();
        assert_eq!(
            on_the_wire(err),
            ("CONFLICT", "a provider with this id is already on a roster".to_owned()),
            "[{}]",
            app.backend
        );
    }
}

const HAND_OVER: &str = r#"
mutation($input: HandOverFileInput!) {
  handOverFile(input: $input) { matter { id version fileCode } }
}"#;

backend_test! {
    /// The center's register says one file is numbered, but number 2 is already on a file
    /// (a register corrected by hand): the next file's number collides.
    async fn a_case_file_number_already_taken_is_a_conflict_naming_the_number(app) {
        let w = World::build(&app).await;
        let first = discontinued(&app, &w.clerk, &w.coordinator, &w.center).await;
        let second = discontinued(&app, &w.clerk, &w.coordinator, &w.center).await;
        let input = |id: MatterId| json!({ "input": { "matterId": id.to_string() } });
        let data = app.ok(&w.coordinator, HAND_OVER, input(first)).await;
        assert_eq!(data["handOverFile"]["matter"]["fileCode"], "TT.TGTT.01.2026");
        execute(
            &app,
            "UPDATE matter SET file_code = 'TT.TGTT.02.2026' WHERE file_code = 'TT.TGTT.01.2026'",
        )
        .await;

        let before = matter(&app, &w.coordinator, &second.to_string()).await;
        let response = app.gql(Some(&w.coordinator), HAND_OVER, input(second)).await;
        let error = &response["errors"][0];
        assert_eq!(error["extensions"]["code"], "CONFLICT", "[{}] {response:#}", app.backend);
        assert_eq!(
            error["message"],
            "a case file with this number already exists at this center",
            "[{}]",
            app.backend
        );
        assert_no_sql(&app, &response);
        let after = matter(&app, &w.coordinator, &second.to_string()).await;
        assert_eq!(after["version"], before["version"], "[{}] nothing written", app.backend);
    }
}

backend_test! {
    /// A row the domain cannot read (a hand-edited state) fails inside: the client reads
    /// only that it was logged.
    async fn an_internal_failure_shows_its_code_and_nothing_of_its_cause(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        execute(&app, "UPDATE matter SET state = 'no_such_state'").await;

        let response = app.gql(Some(&w.coordinator), MATTER, json!({ "id": id })).await;
        let error = &response["errors"][0];
        assert_eq!(error["extensions"]["code"], "INTERNAL", "[{}] {response:#}", app.backend);
        assert_eq!(error["message"], "internal error; it has been logged");
        assert!(!response.to_string().contains("no_such_state"), "[{}] {response:#}", app.backend);
        assert_no_sql(&app, &response);
    }
}

/// A refused command as the client reads it: (code, field, rule).
async fn refusal(
    app: &TestApp,
    who: &baton_domain::agency::Principal,
    mutation: &str,
    input: serde_json::Value,
) -> (String, String, String) {
    let mut name = mutation.to_owned();
    name[..1].make_ascii_uppercase();
    let doc = format!(
        "mutation($input: {name}Input!) {{ {mutation}(input: $input) {{ matter {{ id }} }} }}"
    );
    let response = app.gql(Some(who), &doc, json!({ "input": input })).await;
    let ext = &response["errors"][0]["extensions"];
    let text = |k: &str| ext[k].as_str().unwrap_or_default().to_owned();
    assert!(response["data"].is_null(), "[{}] {response:#}", app.backend);
    (text("code"), text("field"), text("rule"))
}

/// The matter's version and timeline, which a refused command must leave as they were.
async fn record(app: &TestApp, w: &World, id: &str) -> serde_json::Value {
    let q = "query($id: ID!) { matter(id: $id) { version state timeline { seq kind } handoffs { id dueAt status } } }";
    app.ok(&w.coordinator, q, json!({ "id": id })).await
}

backend_test! {
    async fn each_refused_command_names_its_field_and_article_and_writes_nothing(app) {
        let w = World::build(&app).await;
        let notified = civil_request(&app, &w).await;
        let accepted = civil_request(&app, &w).await;
        accept(&app, &w.coordinator, &accepted).await;
        let on = |m: &str, extra: serde_json::Value| {
            let mut input = json!({ "matterId": m });
            input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            input
        };
        // (matter, mutation, input, code, field, the article the rule starts with)
        let cases = [
            (&notified, "assignProvider", on(&notified, json!({ "providerId": w.officer.to_string() })),
             "INVALID_TRANSITION", "matterId", "Luật TGPL Điều 31(2)"),
            (&notified, "transferReferral", on(&notified, json!({ "toCenterId": w.court.id.to_string(), "reason": "Người yêu cầu cư trú tại tỉnh khác" })),
             "BAD_USER_INPUT", "toCenterId", "Luật TGPL Điều 35"),
            (&accepted, "assignProvider", on(&accepted, json!({ "providerId": w.collaborator.to_string() })),
             "BAD_USER_INPUT", "providerId", "Luật TGPL Điều 31(1)"),
            (&accepted, "assignProvider", on(&accepted, json!({ "providerId": w.other_center_officer.to_string() })),
             "BAD_USER_INPUT", "providerId", "Luật TGPL Điều 31(2)"),
        ];
        for (matter, mutation, input, code, field, rule) in cases {
            let before = record(&app, &w, matter).await;
            let (got_code, got_field, got_rule) = refusal(&app, &w.coordinator, mutation, input).await;
            let case = format!("[{}] {mutation}: {got_code} {got_field} {got_rule}", app.backend);
            assert_eq!((got_code.as_str(), got_field.as_str()), (code, field), "{case}");
            assert!(got_rule.starts_with(rule), "{case}");
            assert_eq!(record(&app, &w, matter).await, before, "{case}: nothing written");
        }
    }
}
