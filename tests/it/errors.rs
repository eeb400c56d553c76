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
