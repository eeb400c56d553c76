//! T17, the supervisory evaluation (TT 12 Điều 14(2)–(3), 15): the justice department
//! supervising the matter, or the national authority, evaluates a handed-over case by plan
//! or on a complaint; optional, with no clock, and on the matter and its timeline.

use serde_json::{Value, json};

use crate::harness::*;

const EVALUATE: &str = r#"
mutation($input: RecordSupervisoryEvaluationInput!) {
  recordSupervisoryEvaluation(input: $input) { matter { id version state
    supervisoryEvaluations { basis basisLabel complaint totalScore grade gradeLabel conclusion
      evaluatorName evaluatorAgency { name } }
    handoffs { kind status }
    timeline { kind summary } } }
}"#;

const HAND_OVER: &str = r#"
mutation($input: HandOverFileInput!) { handOverFile(input: $input) { matter { state } } }"#;

fn input(matter: &str, basis: &str, complaint: Value) -> Value {
    json!({ "input": {
        "matterId": matter, "basis": basis, "complaint": complaint,
        "responsibility": 25, "performance": 45, "satisfaction": 8, "prohibitedAct": false,
        "conclusion": "Trợ giúp viên thực hiện đúng quy trình; hồ sơ đầy đủ",
    }})
}

/// A matter of the world's center, discontinued and its file handed over.
async fn handed_over(app: &TestApp, w: &World) -> String {
    let id = discontinued(app, &w.clerk, &w.coordinator, &w.center)
        .await
        .to_string();
    let data = app
        .ok(
            &w.coordinator,
            HAND_OVER,
            json!({ "input": { "matterId": id } }),
        )
        .await;
    assert_eq!(data["handOverFile"]["matter"]["state"], "FILE_HANDED_OVER");
    id
}

backend_test! {
    async fn t17_tt_12_dieu_14_2_the_provinces_justice_department_evaluates_by_plan(app) {
        let w = World::build(&app).await;
        let id = handed_over(&app, &w).await;
        let data = app.readable(&w.supervisor, EVALUATE, input(&id, "PLAN", Value::Null)).await;
        let m = &data["recordSupervisoryEvaluation"]["matter"];
        assert_eq!(m["state"], "FILE_HANDED_OVER", "[{}] the evaluation is optional", app.backend);
        let e = &m["supervisoryEvaluations"][0];
        assert_eq!(e["basis"], "PLAN");
        assert_eq!(e["totalScore"], 78);
        assert_eq!(e["grade"], "FAIRLY_GOOD");
        assert_eq!(e["gradeLabel"], "Khá");
        assert_eq!(e["evaluatorAgency"]["name"], "Sở Tư pháp Hà Nội");
        assert_eq!(e["conclusion"], "Trợ giúp viên thực hiện đúng quy trình; hồ sơ đầy đủ");
        // No clock: nothing waits on it.
        let open: Vec<_> = m["handoffs"].as_array().unwrap().iter()
            .filter(|h| h["status"] == "OPEN").collect();
        assert!(open.iter().all(|h| h["kind"] != "record_supervisory_evaluation"), "{open:?}");
        let kinds: Vec<_> = m["timeline"].as_array().unwrap().iter().map(|e| e["kind"].clone()).collect();
        assert_eq!(kinds.last().unwrap(), "record_supervisory_evaluation");
    }
}

backend_test! {
    async fn t17_tt_12_dieu_14_3_the_national_authority_evaluates_on_a_complaint(app) {
        let w = World::build(&app).await;
        let id = handed_over(&app, &w).await;
        let complaint = json!("Đơn khiếu nại ngày 05/3/2026 của bà Trần Thị Lan");
        let data = app.readable(&w.national, EVALUATE, input(&id, "COMPLAINT", complaint.clone())).await;
        let e = &data["recordSupervisoryEvaluation"]["matter"]["supervisoryEvaluations"][0];
        assert_eq!(e["basis"], "COMPLAINT");
        assert_eq!(e["complaint"], complaint);
        assert_eq!(e["evaluatorName"], "Chuyên viên Cục Lý Thị Hoa");
        // The province's department reads the result on the matter.
        let q = "query($id: ID!) { matter(id: $id) { supervisoryEvaluations { basis grade } } }";
        let read = app.readable(&w.supervisor, q, json!({ "id": id })).await;
        assert_eq!(read["matter"]["supervisoryEvaluations"], json!([{ "basis": "COMPLAINT", "grade": "FAIRLY_GOOD" }]));
    }
}

backend_test! {
    async fn t17_refusals_name_the_rule_and_write_nothing(app) {
        let w = World::build(&app).await;
        let id = handed_over(&app, &w).await;
        let q = "query($id: ID!) { matter(id: $id) { version supervisoryEvaluations { basis } } }";
        let before = app.readable(&w.supervisor, q, json!({ "id": id })).await;
        // A complaint evaluation names its complaint (TT 12 Điều 15).
        let response = app.gql(Some(&w.supervisor), EVALUATE, input(&id, "COMPLAINT", Value::Null)).await;
        let e = &response["errors"][0];
        assert_eq!(e["extensions"]["code"], "BAD_USER_INPUT", "{response:#}");
        assert_eq!(e["extensions"]["field"], "complaint");
        assert!(e["message"].as_str().unwrap().contains("TT 12 Điều 14(2)–(3), 15"));
        // A score over its maximum names the score.
        let mut over = input(&id, "PLAN", Value::Null);
        over["input"]["performance"] = json!(61);
        let response = app.gql(Some(&w.supervisor), EVALUATE, over).await;
        assert_eq!(response["errors"][0]["extensions"]["field"], "performance", "{response:#}");
        // Another province's department does not see the matter; the center does not evaluate itself.
        let code = app.error_code(Some(&w.other_supervisor), EVALUATE, input(&id, "PLAN", Value::Null)).await;
        assert_eq!(code, "NOT_FOUND");
        let code = app.error_code(Some(&w.coordinator), EVALUATE, input(&id, "PLAN", Value::Null)).await;
        assert_eq!(code, "FORBIDDEN");
        let after = app.readable(&w.supervisor, q, json!({ "id": id })).await;
        assert_eq!(after, before, "[{}] a refused evaluation wrote something", app.backend);
    }
}

backend_test! {
    async fn t17_waits_for_the_case_file(app) {
        let w = World::build(&app).await;
        let id = discontinued(&app, &w.clerk, &w.coordinator, &w.center).await.to_string();
        let response = app.gql(Some(&w.supervisor), EVALUATE, input(&id, "PLAN", Value::Null)).await;
        assert_eq!(response["errors"][0]["extensions"]["code"], "INVALID_TRANSITION", "{response:#}");
    }
}
