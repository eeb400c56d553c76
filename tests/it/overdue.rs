//! The supervisors' overdue list: how long, who owes it, how far the alerts have gone;
//! filters and pagination; each supervisor sees their own province.

use baton_scheduler::{Config, sweep_once};
use chrono::Duration;
use serde_json::{Value, json};

use crate::harness::{TestApp, World, accept, backend_test, request};

const OVERDUE: &str = r#"
query($filter: OverdueHandoffsFilter, $first: Int, $after: String) {
  overdueHandoffs(filter: $filter, first: $first, after: $after) {
    edges { node {
      kind overdueSeconds alertLevel warnedAt breachedAt escalatedAt province
      responsibleAgency { name } matter { id }
    } }
    pageInfo { hasNextPage endCursor }
  }
}"#;

async fn overdue(app: &TestApp, who: &baton_domain::agency::Principal, vars: Value) -> Vec<Value> {
    let d = app.ok(who, OVERDUE, vars).await;
    d["overdueHandoffs"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

fn filter(f: Value) -> Value {
    json!({ "filter": f })
}

backend_test! {
    async fn supervisors_list_overdue_duties_with_their_alerts_filtered_and_paged(app) {
        let w = World::build(&app).await;
        let first = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        accept(&app, &w.coordinator, &first).await;
        app.clock.advance(Duration::hours(1));
        let second = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        accept(&app, &w.coordinator, &second).await;
        let bn = request(&app, &w.other_clerk, &w.other_center, "ARRESTED").await;
        accept(&app, &w.other_coordinator, &bn).await;
        // The first is two hours overdue, the others one hour.
        app.clock.advance(Duration::hours(13));
        sweep_once(&app.engine, &Config::default()).await.unwrap();

        let all = overdue(&app, &w.supervisor, json!({})).await;
        let ids: Vec<_> = all.iter().map(|n| n["matter"]["id"].clone()).collect();
        assert_eq!(ids, [json!(first), json!(second)], "[{}]", app.backend);
        assert_eq!(all[0]["overdueSeconds"], 7_200);
        assert_eq!(all[0]["alertLevel"], "BREACHED");
        assert!(
            all[0]["warnedAt"].is_string(),
            "superseded warnings are marked done"
        );
        assert!(all[0]["escalatedAt"].is_null());
        assert_eq!(all[0]["responsibleAgency"]["name"], w.center.name);

        let by = |f: Value| overdue(&app, &w.supervisor, filter(f));
        assert_eq!(
            by(json!({ "agencyKind": "LEGAL_AID_CENTER" })).await.len(),
            2
        );
        assert_eq!(by(json!({ "agencyKind": "COURT" })).await.len(), 0);
        assert_eq!(by(json!({ "kind": "assign_on_notice" })).await.len(), 2);
        assert_eq!(
            by(json!({ "stage": "FIRST_INSTANCE_TRIAL" })).await.len(),
            2
        );
        assert_eq!(by(json!({ "stage": "INVESTIGATION" })).await.len(), 0);
        let long = by(json!({ "overdueByMoreThanSeconds": 5_400 })).await;
        assert_eq!(long.len(), 1);
        assert_eq!(long[0]["matter"]["id"], first.as_str());
        let agency = json!({ "agencyId": w.center.id.to_string() });
        assert_eq!(by(agency).await.len(), 2);
        // A provincial supervisor cannot widen the list to another province.
        assert_eq!(by(json!({ "province": "BN" })).await.len(), 0);

        assert_eq!(overdue(&app, &w.national, json!({})).await.len(), 3);
        let bn_only = overdue(&app, &w.national, filter(json!({ "province": "BN" }))).await;
        assert_eq!(bn_only.len(), 1);
        assert_eq!(bn_only[0]["matter"]["id"], bn.as_str());
        assert_eq!(overdue(&app, &w.other_supervisor, json!({})).await.len(), 1);

        let page = app.ok(&w.national, OVERDUE, json!({ "first": 2 })).await;
        assert_eq!(page["overdueHandoffs"]["pageInfo"]["hasNextPage"], true);
        let after = page["overdueHandoffs"]["pageInfo"]["endCursor"].clone();
        let rest = overdue(&app, &w.national, json!({ "first": 2, "after": after })).await;
        assert_eq!(rest.len(), 1, "[{}]", app.backend);

        let code = app
            .error_code(Some(&w.coordinator), OVERDUE, json!({}))
            .await;
        assert_eq!(code, "FORBIDDEN");
    }
}

const PERSONS: &str = r#"
query($id: ID!) {
  matter(id: $id) {
    handoffs { kind responsiblePerson { id name lastActedAt } }
  }
}"#;

/// The person each duty of a matter sits with, by kind of duty (null: nobody yet).
async fn persons(app: &TestApp, who: &baton_domain::agency::Principal, id: &str) -> Vec<Value> {
    let d = app.ok(who, PERSONS, json!({ "id": id })).await;
    d["matter"]["handoffs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| json!([h["kind"], h["responsiblePerson"]["name"]]))
        .collect()
}

backend_test! {
    async fn each_duty_names_the_officer_who_has_the_matter_in_hand_at_the_responsible_agency(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        // The coordinator who accepts takes the matter in hand at the center; the
        // scheduler's breach, recorded later, does not take it from them.
        accept(&app, &w.coordinator, &id).await;
        app.clock.advance(Duration::hours(13));
        sweep_once(&app.engine, &Config::default()).await.unwrap();
        let q = "query { overdueHandoffs { edges { node { kind responsiblePerson { name } } } } }";
        let d = app.ok(&w.supervisor, q, json!({})).await;
        let node = &d["overdueHandoffs"]["edges"][0]["node"];
        assert_eq!(node["kind"], "assign_on_notice", "[{}]", app.backend);
        assert_eq!(
            node["responsiblePerson"]["name"],
            "Điều phối viên Vũ Thị Thanh"
        );

        // A colleague who assigns takes it over; the court's duty to register sits with the
        // clerk who asked for the aid.
        let colleague = crate::harness::user(
            &app,
            &w.center,
            "Điều phối viên Trần Quốc Bảo",
            baton_domain::agency::Role::CenterCoordinator,
        )
        .await;
        let input = json!({ "input": {
            "matterId": id, "providerId": w.officer.to_string(), "decisionNumber": "7/QĐ-TGPL",
        }});
        app.ok(&colleague, crate::harness::ASSIGN, input).await;
        crate::harness::present_papers(&app, &colleague, &id).await;
        // A complaint, decided by the center's head, goes up to the justice department,
        // where nobody has acted yet: the duty has no officer (it sits with the
        // department's head).
        let steps = [
            (
                "fileComplaint",
                json!({ "subject": "Khiếu nại việc cử người" }),
            ),
            (
                "decideComplaint",
                json!({ "decision": "Giữ nguyên", "upheld": false }),
            ),
            (
                "escalateComplaint",
                json!({ "reason": "Khiếu nại lần hai" }),
            ),
        ];
        for (mutation, mut input) in steps {
            input["matterId"] = json!(id);
            let kind = format!("{}{}Input", mutation[..1].to_uppercase(), &mutation[1..]);
            let q = format!(
                "mutation($input: {kind}!) {{ {mutation}(input: $input) {{ matter {{ id }} }} }}"
            );
            app.ok(&colleague, &q, json!({ "input": input })).await;
        }
        assert_eq!(
            persons(&app, &w.clerk, &id).await,
            [
                json!(["notify_center", "Thư ký Phạm Thu Trang"]),
                json!(["assign_on_notice", "Điều phối viên Trần Quốc Bảo"]),
                json!(["register_counsel", "Thư ký Phạm Thu Trang"]),
                json!(["decide_complaint_center", "Điều phối viên Trần Quốc Bảo"]),
                json!(["decide_complaint_department", null]),
            ],
            "[{}]",
            app.backend
        );
        let d = app.ok(&w.clerk, PERSONS, json!({ "id": id })).await;
        let clerk = &d["matter"]["handoffs"][2]["responsiblePerson"];
        assert_eq!(clerk["id"], w.clerk.user_id.to_string());
        assert!(clerk["lastActedAt"].is_string());
    }
}

const OWED: &str = r#"
query($before: DateTime) {
  dutiesOwed(dueBefore: $before) { edges { node { kind dueAt status matter { id } } } }
}"#;

backend_test! {
    async fn each_agency_lists_the_duties_it_owes_soonest_due_first(app) {
        let w = World::build(&app).await;
        // One matter waits for the center's assignment (12 h), one for the court's
        // registration (24 h from the provider's papers, an hour later).
        let waiting = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        accept(&app, &w.coordinator, &waiting).await;
        app.clock.advance(Duration::hours(1));
        let assigned = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        accept(&app, &w.coordinator, &assigned).await;
        let input =
            json!({ "input": { "matterId": assigned, "providerId": w.officer.to_string() } });
        app.ok(&w.coordinator, crate::harness::ASSIGN, input).await;
        crate::harness::present_papers(&app, &w.coordinator, &assigned).await;
        let owed = |who, vars| {
            let app = &app;
            async move {
                let d = app.ok(who, OWED, vars).await;
                d["dutiesOwed"]["edges"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| (e["node"]["kind"].clone(), e["node"]["matter"]["id"].clone()))
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(
            owed(&w.coordinator, json!({})).await,
            [(json!("assign_on_notice"), json!(waiting))],
            "[{}]",
            app.backend
        );
        assert_eq!(
            owed(&w.clerk, json!({})).await,
            [(json!("register_counsel"), json!(assigned))]
        );
        assert!(owed(&w.other_clerk, json!({})).await.is_empty());
        // Due in the next 12 hours: the clerk has nothing yet.
        let soon = (app.engine.now() + Duration::hours(12)).to_rfc3339();
        assert!(owed(&w.clerk, json!({ "before": soon })).await.is_empty());
        // Supervisors use the overdue list; providers owe no duty of the plan.
        assert_eq!(
            app.error_code(Some(&w.supervisor), OWED, json!({})).await,
            "FORBIDDEN"
        );
    }
}

backend_test! {
    /// The requester owes the proof after immediate acceptance (TT 12 Điều 6(2)): the
    /// center, which waits on it, lists the duty, and the list says who owes it.
    async fn a_requesters_duty_is_listed_to_the_center_that_waits_on_it_tt_12_6_2(app) {
        let w = World::build(&app).await;
        let m = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        let input = json!({ "input": { "matterId": m } });
        let q = "mutation($input: AcceptImmediatelyInput!) { acceptImmediately(input: $input) { matter { id } } }";
        app.ok(&w.coordinator, q, input).await;
        let owed = "{ dutiesOwed { edges { node { kind owedBy owedByLabel responsibleAgency { id } } } } }";
        let data = app.ok(&w.coordinator, owed, json!({})).await;
        let nodes: Vec<_> = data["dutiesOwed"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"].clone())
            .collect();
        let proof = nodes.iter().find(|n| n["kind"] == "supply_proof").unwrap();
        assert_eq!(proof["owedBy"], "REQUESTER", "[{}]", app.backend);
        assert_eq!(proof["owedByLabel"], "Người được trợ giúp pháp lý");
        assert_eq!(proof["responsibleAgency"]["id"], w.center.id.to_string());
        let assign = nodes.iter().find(|n| n["kind"] == "assign_on_notice").unwrap();
        assert_eq!(assign["owedBy"], "CENTER");
    }
}
