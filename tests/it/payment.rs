//! T18, the provider's pay (Nghị định 144/2017/NĐ-CP Điều 13, 15; Thông tư 02/2021/TT-BTP):
//! a claim priced from the base salary of each day of work, approved once by the center,
//! totalled for supervisors per province; every refusal names its field and article and
//! writes nothing.

use baton_domain::agency::Principal;
use chrono::Duration;
use serde_json::{Value, json};

use crate::harness::*;

const SUBMIT: &str = r#"
mutation($input: SubmitPaymentClaimInput!) {
  submitPaymentClaim(input: $input) { matter { id version state
    paymentClaims { id kind status amount hours workFrom workTo submittedByName
      lines { workedOn hours activity activityLabel confirmerRole confirmerName baseSalary amount } }
    timeline { kind summary } } }
}"#;

const APPROVE: &str = r#"
mutation($input: ApprovePaymentClaimInput!) {
  approvePaymentClaim(input: $input) { matter { id version
    paymentClaims { id status amount decidedByName decidedAt } timeline { kind summary } } }
}"#;

const REJECT: &str = r#"
mutation($input: RejectPaymentClaimInput!) {
  rejectPaymentClaim(input: $input) { matter { id version paymentClaims { id status reason } } }
}"#;

const TOTALS: &str = r#"
query($from: DateTime!, $to: DateTime!) {
  paymentTotals(from: $from, to: $to) { province claims hours amount }
}"#;

const CLAIMS: &str = r#"
query($id: ID!) { matter(id: $id) { version state paymentClaims { id status amount } } }"#;

/// A criminal matter of the world's center with the officer assigned, registered and
/// completed; returns its id and the officer's own account.
async fn completed(app: &TestApp, w: &World) -> (String, Principal) {
    let id = request(app, &w.clerk, &w.center, "AT_LIBERTY").await;
    accept(app, &w.coordinator, &id).await;
    let input = json!({ "input": { "matterId": id, "providerId": w.officer.to_string() } });
    app.ok(&w.coordinator, ASSIGN, input).await;
    present_papers(app, &w.coordinator, &id).await;
    app.ok(&w.clerk, REGISTER, json!({ "input": { "matterId": id } }))
        .await;
    let complete =
        "mutation($input: CompleteInput!) { complete(input: $input) { matter { state } } }";
    let data = app
        .ok(
            &w.coordinator,
            complete,
            json!({ "input": { "matterId": id } }),
        )
        .await;
    assert_eq!(data["complete"]["matter"]["state"], "COMPLETED");
    let officer = app.engine.provider(w.officer).await.unwrap();
    let user = app
        .engine
        .create_provider_user(&officer, "Trợ giúp viên Nguyễn Thị Thu Hà")
        .await
        .unwrap();
    let token = app.engine.issue_token(user, None).await.unwrap();
    (id, app.engine.authenticate(&token).await.unwrap())
}

fn confirmed(day: &str, half_days: Value, hours: Value, activity: &str, role: &str) -> Value {
    json!({
        "workedOn": day, "halfDays": half_days, "hours": hours, "activity": activity,
        "confirmedBy": { "role": role, "name": "Thư ký Tòa án Phạm Thu Trang" },
    })
}

/// The first error's code and field.
async fn refusal(
    app: &TestApp,
    who: &Principal,
    doc: &str,
    input: Value,
) -> (String, String, String) {
    let response = app.gql(Some(who), doc, json!({ "input": input })).await;
    let e = &response["errors"][0];
    (
        e["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("{response:#}"))
            .to_owned(),
        e["extensions"]["field"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        e["message"].as_str().unwrap_or_default().to_owned(),
    )
}

backend_test! {
    async fn t18_nd_144_dieu_13_15_a_provider_claims_sessions_and_the_center_approves_the_payment(app) {
        let w = World::build(&app).await;
        let (id, officer) = completed(&app, &w).await;
        app.clock.advance(Duration::days(9)); // 2026-03-11
        let lines = json!([
            confirmed("2026-03-03", json!(2), Value::Null, "attend_hearing", "COURT_CLERK"),
            confirmed("2026-03-05", Value::Null, json!(3), "meet_client", "DETENTION_OFFICER"),
        ]);
        let data = app.ok(&officer, SUBMIT, json!({ "input": { "matterId": id, "lines": lines } })).await;
        let m = &data["submitPaymentClaim"]["matter"];
        assert_eq!(m["state"], "COMPLETED", "[{}] payment does not move the plan", app.backend);
        let claim = &m["paymentClaims"][0];
        // 2 × 0.38 × 2 340 000 + 3/4 × 0.38 × 2 340 000 (NĐ 73/2024 in force on both days).
        assert_eq!(claim["amount"], 2_445_300, "[{}] {claim:#}", app.backend);
        assert_eq!(claim["status"], "SUBMITTED");
        assert_eq!(claim["kind"], "SESSIONS");
        assert_eq!(claim["hours"], 11);
        assert_eq!(claim["lines"][0]["baseSalary"], 2_340_000);
        assert_eq!(claim["lines"][0]["amount"], 1_778_400);
        assert_eq!(claim["lines"][1]["activityLabel"], "Gặp, tiếp xúc người được trợ giúp pháp lý");
        assert_eq!(claim["lines"][1]["confirmerRole"], "DETENTION_OFFICER");
        assert_eq!(claim["submittedByName"], "Trợ giúp viên Nguyễn Thị Thu Hà");
        let last = m["timeline"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["kind"], "submit_payment_claim");
        assert_eq!(
            last["summary"],
            "Đề nghị thanh toán thù lao thực hiện trợ giúp pháp lý (T18): Thù lao theo buổi, 2445300 đồng"
        );
        let claim_id = claim["id"].as_str().unwrap().to_owned();

        // The provider does not approve her own claim.
        let input = json!({ "matterId": id, "claimId": claim_id });
        let (code, _, _) = refusal(&app, &officer, APPROVE, input.clone()).await;
        assert_eq!(code, "FORBIDDEN");

        app.clock.advance(Duration::days(1));
        let data = app.ok(&w.coordinator, APPROVE, json!({ "input": input })).await;
        let m = &data["approvePaymentClaim"]["matter"];
        assert_eq!(m["paymentClaims"][0]["status"], "APPROVED");
        assert_eq!(m["paymentClaims"][0]["decidedByName"], "Điều phối viên Vũ Thị Thanh");
        let version = m["version"].clone();

        // A second approval names the claim and the article, and changes nothing.
        let (code, field, message) = refusal(&app, &w.coordinator, APPROVE, input.clone()).await;
        assert_eq!((code.as_str(), field.as_str()), ("BAD_USER_INPUT", "claimId"));
        assert!(message.contains("Nghị định 144/2017/NĐ-CP Điều 15"), "{message}");
        let (code, field, _) = refusal(
            &app, &w.coordinator, REJECT,
            json!({ "matterId": id, "claimId": claim_id, "reason": "Sai số buổi" }),
        ).await;
        assert_eq!((code.as_str(), field.as_str()), ("BAD_USER_INPUT", "claimId"));
        let now = app.ok(&w.coordinator, CLAIMS, json!({ "id": id })).await;
        assert_eq!(now["matter"]["version"], version);
        assert_eq!(now["matter"]["paymentClaims"].as_array().unwrap().len(), 1);

        // Supervisors total the approved payments of their jurisdiction.
        let period = json!({ "from": "2026-03-01T00:00:00+07:00", "to": "2026-04-01T00:00:00+07:00" });
        let hn = json!([{ "province": "HN", "claims": 1, "hours": 11, "amount": 2_445_300 }]);
        let totals = app.ok(&w.supervisor, TOTALS, period.clone()).await;
        assert_eq!(totals["paymentTotals"], hn, "[{}]", app.backend);
        let totals = app.ok(&w.national, TOTALS, period.clone()).await;
        assert_eq!(totals["paymentTotals"], hn, "[{}]", app.backend);
        let totals = app.ok(&w.other_supervisor, TOTALS, period).await;
        assert_eq!(totals["paymentTotals"], json!([]), "[{}]", app.backend);
        let april = json!({ "from": "2026-04-01T00:00:00+07:00", "to": "2026-05-01T00:00:00+07:00" });
        let totals = app.ok(&w.national, TOTALS, april).await;
        assert_eq!(totals["paymentTotals"], json!([]), "[{}]", app.backend);
        let code = app
            .error_code(Some(&w.coordinator), TOTALS, json!({ "from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z" }))
            .await;
        assert_eq!(code, "FORBIDDEN");
    }
}

backend_test! {
    async fn t18_a_rejected_claim_leaves_room_for_a_lump_sum_checked_against_its_range(app) {
        let w = World::build(&app).await;
        let (id, _) = completed(&app, &w).await;
        let lines = json!([confirmed("2026-03-02", json!(1), Value::Null, "study_file", "JUDGE")]);
        let data = app.ok(&w.coordinator, SUBMIT, json!({ "input": { "matterId": id, "lines": lines } })).await;
        let claim_id = data["submitPaymentClaim"]["matter"]["paymentClaims"][0]["id"].clone();
        let data = app.ok(&w.coordinator, REJECT, json!({ "input": {
            "matterId": id, "claimId": claim_id, "reason": "Thiếu xác nhận của Tòa án",
        }})).await;
        let claims = &data["rejectPaymentClaim"]["matter"]["paymentClaims"];
        assert_eq!(claims[0]["status"], "REJECTED");
        assert_eq!(claims[0]["reason"], "Thiếu xác nhận của Tòa án");

        // 3–10 × 2 340 000 on the day the work ended (NĐ 144 Điều 13).
        let lump = |amount: i64| json!({ "matterId": id, "lumpSum": { "workedOn": "2026-03-02", "amount": amount } });
        let (code, field, message) = refusal(&app, &w.coordinator, SUBMIT, lump(7_019_999)).await;
        assert_eq!((code.as_str(), field.as_str()), ("BAD_USER_INPUT", "lumpSum.amount"));
        assert!(message.contains("Nghị định 144/2017/NĐ-CP Điều 13"), "{message}");
        let data = app.ok(&w.coordinator, SUBMIT, json!({ "input": lump(7_020_000) })).await;
        let claims = &data["submitPaymentClaim"]["matter"]["paymentClaims"];
        assert_eq!(claims[1]["kind"], "LUMP_SUM");
        assert_eq!(claims[1]["amount"], 7_020_000);
        // Sessions do not mix with a lump sum.
        let lines = json!([confirmed("2026-03-02", json!(1), Value::Null, "study_file", "JUDGE")]);
        let (code, field, _) = refusal(&app, &w.coordinator, SUBMIT, json!({ "matterId": id, "lines": lines })).await;
        assert_eq!((code.as_str(), field.as_str()), ("BAD_USER_INPUT", "lines"));
    }
}

backend_test! {
    async fn t18_refused_claims_name_the_field_and_the_article_and_write_nothing(app) {
        let w = World::build(&app).await;
        let (id, officer) = completed(&app, &w).await;
        let before = app.ok(&w.coordinator, CLAIMS, json!({ "id": id })).await;
        let day = |d: &str| confirmed(d, json!(2), Value::Null, "attend_hearing", "JUDGE");
        let cases = [
            // A work date before the first base salary (NĐ 47/2017, from 2017-07-01).
            (json!([day("2017-06-30")]), "lines[0].workedOn", "Nghị định 47/2017/NĐ-CP"),
            // Work before the request was received.
            (json!([day("2026-02-27")]), "lines[0].workedOn", "before the request was received"),
            // 16 days of 2 sessions: 32 sessions, over the 30 of NĐ 144 Điều 13.
            (
                json!((0..16).map(|i| day(&format!("2026-03-{:02}", 2 + i))).collect::<Vec<_>>()),
                "lines",
                "Nghị định 144/2017/NĐ-CP Điều 13",
            ),
            // A session without confirmation (TT 02/2021 Điều 4(3)(h)).
            (
                json!([{ "workedOn": "2026-03-02", "halfDays": 1, "activity": "attend_hearing" }]),
                "lines[0].confirmedBy",
                "Thông tư 02/2021/TT-BTP Điều 4(3)(h)",
            ),
            // An activity of civil proceedings on a criminal matter.
            (
                json!([confirmed("2026-03-02", json!(1), Value::Null, "attend_mediation", "JUDGE")]),
                "lines[0].activity",
                "Thông tư 02/2021/TT-BTP",
            ),
        ];
        app.clock.advance(Duration::days(40));
        for (lines, want_field, want_article) in cases {
            let (code, field, message) =
                refusal(&app, &officer, SUBMIT, json!({ "matterId": id, "lines": lines })).await;
            assert_eq!(code, "BAD_USER_INPUT", "[{}] {message}", app.backend);
            assert_eq!(field, want_field, "[{}] {message}", app.backend);
            assert!(message.contains(want_article), "[{}] {message}", app.backend);
        }
        // Neither lines nor a lump sum.
        let (code, field, _) = refusal(&app, &officer, SUBMIT, json!({ "matterId": id })).await;
        assert_eq!((code.as_str(), field.as_str()), ("BAD_USER_INPUT", "lines"));

        // A claim on a matter not assigned to the caller: another provider, or another
        // province's center, does not even see it.
        let lawyer = app.engine.provider(w.lawyer).await.unwrap();
        let user = app.engine.create_provider_user(&lawyer, "Luật sư Lê Minh Tuấn").await.unwrap();
        let token = app.engine.issue_token(user, None).await.unwrap();
        let lawyer = app.engine.authenticate(&token).await.unwrap();
        let lines = json!([day("2026-03-03")]);
        for who in [&lawyer, &w.other_coordinator] {
            let (code, _, _) = refusal(&app, who, SUBMIT, json!({ "matterId": id, "lines": lines })).await;
            assert_eq!(code, "NOT_FOUND", "[{}]", app.backend);
        }
        let after = app.ok(&w.coordinator, CLAIMS, json!({ "id": id })).await;
        assert_eq!(after, before, "[{}] a refused claim wrote something", app.backend);
        assert_eq!(after["matter"]["paymentClaims"], json!([]));
    }
}

backend_test! {
    async fn t18_a_claim_waits_until_the_aid_has_ended(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        accept(&app, &w.coordinator, &id).await;
        let input = json!({ "input": { "matterId": id, "providerId": w.officer.to_string() } });
        app.ok(&w.coordinator, ASSIGN, input).await;
        let lines = json!([confirmed("2026-03-02", json!(1), Value::Null, "meet_client", "INVESTIGATOR")]);
        let response = app.gql(Some(&w.coordinator), SUBMIT, json!({ "input": { "matterId": id, "lines": lines } })).await;
        assert_eq!(response["errors"][0]["extensions"]["code"], "INVALID_TRANSITION", "{response:#}");
        assert_eq!(response["errors"][0]["extensions"]["state"], "provider_assigned");
    }
}
