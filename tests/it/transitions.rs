//! One test per transition and clock of the plan that the lifecycles do not cover, each
//! named for its article, through the real schema on every backend.

use chrono::Duration;
use serde_json::{Value, json};

use crate::harness::*;
use crate::plan_world::*;

fn on(matter: &str, extra: Value) -> Value {
    let mut input = json!({ "matterId": matter });
    input
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    input
}

/// A registered criminal matter for a detained defendant at the court.
async fn registered(app: &TestApp, w: &World) -> String {
    let m = request(app, &w.clerk, &w.center, "DETAINED").await;
    accept(app, &w.coordinator, &m).await;
    step(
        app,
        &w.coordinator,
        "assignProvider",
        on(&m, json!({ "providerId": w.officer.to_string() })),
    )
    .await;
    step(app, &w.clerk, "registerCounsel", on(&m, json!({}))).await;
    m
}

backend_test! {
    async fn t1_t2_the_right_explained_then_the_request_notifies_the_center_blhs_71_luat_tgpl_31_3(app) {
        let w = World::build(&app).await;
        let input = new_matter(
            &w.center,
            accused("ARRESTED"),
            criminal("INVESTIGATION"),
            json!({ "explanationRecord": "BB-02/2026/CSĐT" }),
        );
        let m = step(&app, &w.investigator, "explainRight", input).await;
        assert_eq!(m["state"], "RIGHT_EXPLAINED", "[{}]", app.backend);
        assert!(
            m["handoffs"].as_array().unwrap().is_empty(),
            "no clock before a request"
        );
        let inbox = app
            .ok(
                &w.coordinator,
                "{ inbox { edges { node { id } } } }",
                json!({}),
            )
            .await;
        assert_eq!(
            inbox["inbox"]["edges"],
            json!([]),
            "the center is not notified yet"
        );

        app.clock.advance(Duration::hours(3));
        let received = app.engine.now() - Duration::hours(1);
        let m = step(
            &app,
            &w.investigator,
            "recordRequest",
            on(&id(&m), json!({ "receivedAt": received.to_rfc3339() })),
        )
        .await;
        assert_eq!(m["state"], "NOTIFIED_TO_CENTER");
        let notify = handoff(&m, "notify_center");
        assert_eq!(notify["startedAt"], received.to_rfc3339());
        assert_eq!(notify["limit"], "12 giờ");
        assert_eq!(notify["status"], "MET_ON_TIME");
    }
}

backend_test! {
    async fn t2_t5n_information_without_a_request_and_not_eligible_reported_back_ttlt_10_7_2_3_4(app) {
        let w = World::build(&app).await;
        let m = step(
            &app,
            &w.investigator,
            "sendInformation",
            new_matter(
                &w.center,
                accused("AT_LIBERTY"),
                criminal("INVESTIGATION"),
                json!({}),
            ),
        )
        .await;
        assert_eq!(m["state"], "INFORMATION_SENT");
        assert_eq!(handoff(&m, "notify_center")["limit"], "24 giờ");
        let m = step(
            &app,
            &w.coordinator,
            "reportNotEligible",
            on(
                &id(&m),
                json!({ "reason": "Không thuộc hộ nghèo theo xác minh" }),
            ),
        )
        .await;
        assert_eq!(m["state"], "NOT_ELIGIBLE_REPORTED", "[{}]", app.backend);
    }
}

backend_test! {
    async fn t3m_a_person_not_eligible_is_appointed_counsel_by_the_bar_association_blhs_76_2(app) {
        let w = World::build(&app).await;
        let mut person = accused("DETAINED");
        person["eligibility"] = json!("NOT_ELIGIBLE");
        let input = new_matter(
            &w.center,
            person.clone(),
            criminal("INVESTIGATION"),
            json!({ "grounds": ["SEVERE_CHARGE"] }),
        );
        assert_eq!(
            refused(&app, &w.investigator, "notifyMandatoryDefence", input).await,
            "BAD_USER_INPUT"
        );
        let input = new_matter(
            &w.center,
            person,
            criminal("INVESTIGATION"),
            json!({ "grounds": ["SEVERE_CHARGE"], "appointingBody": "BAR_ASSOCIATION" }),
        );
        let m = step(&app, &w.investigator, "notifyMandatoryDefence", input).await;
        assert_eq!(m["state"], "APPOINTED_ELSEWHERE", "[{}]", app.backend);
        assert_eq!(m["nextSteps"], json!([]));
    }
}

backend_test! {
    async fn t4_a_detention_facility_forwards_within_24_hours_by_analogy_with_blhs_75_2(app) {
        let p = Plan::build(&app).await;
        let received = app.engine.now() - Duration::hours(30);
        let input = new_matter(
            &p.w.center,
            accused("DETAINED"),
            criminal("PROSECUTION"),
            json!({ "receivedAt": received.to_rfc3339() }),
        );
        let m = step(
            &app,
            &p.detention_officer,
            "forwardDetentionRequest",
            input.clone(),
        )
        .await;
        let forward = handoff(&m, "forward_detention_request");
        assert_eq!(forward["limit"], "24 giờ");
        assert_eq!(
            forward["status"], "MET_LATE",
            "[{}] forwarded 30 h after the request",
            app.backend
        );
        assert!(
            forward["legalBasis"]
                .as_str()
                .unwrap()
                .contains("Điều 75(2)")
        );
        assert_eq!(
            refused(&app, &p.w.clerk, "forwardDetentionRequest", input).await,
            "FORBIDDEN"
        );
    }
}

backend_test! {
    async fn t5t_a_transferred_referral_reaches_the_competent_centers_inbox_luat_tgpl_35(app) {
        let w = World::build(&app).await;
        let m = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        let input = on(
            &m,
            json!({ "toCenterId": w.other_center.id.to_string(), "reason": "Người được trợ giúp cư trú tại Bắc Ninh" }),
        );
        let matter = step(&app, &w.coordinator, "transferReferral", input).await;
        assert_eq!(matter["center"]["id"], w.other_center.id.to_string());
        assert_eq!(matter["transferredFrom"]["id"], w.center.id.to_string());
        let inbox = app
            .ok(
                &w.other_coordinator,
                "{ inbox { edges { node { id } } } }",
                json!({}),
            )
            .await;
        assert_eq!(
            inbox["inbox"]["edges"][0]["node"]["id"],
            m.as_str(),
            "[{}]",
            app.backend
        );
        // The requesting agency still sees it; the first center sees what it did but no
        // longer acts on it.
        matter_of(&app, &w.clerk, &m).await;
        matter_of(&app, &w.coordinator, &m).await;
        assert_eq!(
            refused(&app, &w.coordinator, "acceptReferral", on(&m, json!({}))).await,
            "FORBIDDEN"
        );
        step(
            &app,
            &w.other_coordinator,
            "acceptReferral",
            on(&m, json!({})),
        )
        .await;
    }
}

async fn matter_of(app: &TestApp, who: &baton_domain::agency::Principal, m: &str) -> Value {
    matter(app, who, m).await
}

backend_test! {
    async fn waiting_for_proof_stops_a_civil_assignment_clock_and_its_history_shows_it_luat_tgpl_30(app) {
        let w = World::build(&app).await;
        // A notified criminal matter is assigned at once (Luật TGPL Điều 31(3)): waiting
        // for proof does not stop that clock.
        let criminal = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        accept(&app, &w.coordinator, &criminal).await;
        let input = on(&criminal, json!({ "note": "Thiếu giấy chứng nhận hộ nghèo" }));
        let still = step(&app, &w.coordinator, "requestProof", input).await;
        assert_eq!(handoff(&still, "assign_on_notice")["status"], "OPEN");

        // A civil litigant's assignment (Điều 31(2), 3 working days) stands still.
        let m = civil_request(&app, &w).await;
        accept(&app, &w.coordinator, &m).await;
        let before = handoff(&matter_full(&app, &w, &m).await, "assign_provider")["dueAt"].clone();
        app.clock.advance(Duration::hours(2));
        let paused = step(
            &app,
            &w.coordinator,
            "requestProof",
            on(&m, json!({ "note": "Thiếu giấy chứng nhận hộ nghèo" })),
        )
        .await;
        assert_eq!(handoff(&paused, "assign_provider")["status"], "PAUSED");
        app.clock.advance(Duration::hours(30));
        step(
            &app,
            &w.coordinator,
            "receiveProof",
            on(&m, json!({ "document": "Giấy chứng nhận hộ nghèo số 7" })),
        )
        .await;
        let full = matter_full(&app, &w, &m).await;
        let assign = handoff(&full, "assign_provider");
        // Accepted Mon 2 Mar: due 24:00 Thu 5 Mar. Paused that Monday, resumed Tue 3 Mar
        // at 17:00 with its 3 working days still to run: Wed 4, Thu 5, Fri 6 Mar, ending at
        // 24:00 Fri 6 Mar, not 30 h after the old due instant (issue 10 item 9).
        assert_eq!(before, vn(2026, 3, 6, 0, 0).to_rfc3339());
        assert_eq!(
            assign["dueAt"],
            vn(2026, 3, 7, 0, 0).to_rfc3339(),
            "[{}]",
            app.backend
        );
        assert_eq!(assign["status"], "OPEN");
        let history: Vec<&str> = assign["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["what"].as_str().unwrap())
            .collect();
        assert_eq!(history, ["opened", "paused", "resumed"]);
    }
}

async fn matter_full(app: &TestApp, w: &World, m: &str) -> Value {
    let q = "query($id: ID!) { matter(id: $id) { handoffs { kind status dueAt history { what at dueAt } } } }";
    app.ok(&w.coordinator, q, json!({ "id": m })).await["matter"].clone()
}

backend_test! {
    async fn t11_a_cancelled_registration_is_notified_within_24_hours_and_replaced_within_24_ttlt_10_15_6_2(app) {
        let w = World::build(&app).await;
        let m = registered(&app, &w).await;
        app.clock.advance(Duration::days(2));
        let decided = app.engine.now() - Duration::hours(30);
        let input = on(
            &m,
            json!({ "ground": "BREACH_OF_LAW", "reason": "Vi phạm pháp luật khi bào chữa", "decidedAt": decided.to_rfc3339() }),
        );
        let matter = step(&app, &w.clerk, "cancelRegistration", input).await;
        assert_eq!(matter["state"], "REGISTRATION_CANCELLED");
        let notice = handoff(&matter, "notify_cancellation");
        assert_eq!(notice["startedAt"], decided.to_rfc3339());
        assert_eq!(
            notice["status"], "MET_LATE",
            "[{}] recorded 30 h after the decision",
            app.backend
        );
        let replace = handoff(&matter, "replace_cancelled_provider");
        assert_eq!(replace["limit"], "24 giờ");
        let matter = step(
            &app,
            &w.coordinator,
            "assignProvider",
            on(&m, json!({ "providerId": w.lawyer.to_string() })),
        )
        .await;
        assert_eq!(matter["state"], "PROVIDER_ASSIGNED");
        assert_eq!(
            handoff(&matter, "replace_cancelled_provider")["status"],
            "MET_ON_TIME"
        );
    }
}

backend_test! {
    async fn t12_the_center_answers_a_request_to_change_provider_within_3_working_days_tt_12_9_1(app) {
        let w = World::build(&app).await;
        let m = registered(&app, &w).await;
        let matter = step(
            &app,
            &w.coordinator,
            "requestProviderChange",
            on(
                &m,
                json!({ "reason": "Người được trợ giúp đề nghị đổi luật sư" }),
            ),
        )
        .await;
        assert_eq!(matter["state"], "CHANGE_REQUESTED");
        assert_eq!(
            handoff(&matter, "answer_provider_change")["limit"],
            "3 ngày làm việc"
        );
        let matter = step(
            &app,
            &w.coordinator,
            "declineProviderChange",
            on(&m, json!({ "reason": "Không có căn cứ tại Điều 25" })),
        )
        .await;
        assert_eq!(matter["state"], "REGISTERED");
        step(
            &app,
            &w.coordinator,
            "requestProviderChange",
            on(&m, json!({ "reason": "Đề nghị lần hai" })),
        )
        .await;
        let matter = step(
            &app,
            &w.coordinator,
            "assignProvider",
            on(&m, json!({ "providerId": w.lawyer.to_string() })),
        )
        .await;
        assert_eq!(
            matter["state"], "PROVIDER_ASSIGNED",
            "[{}] a new provider must be registered anew",
            app.backend
        );
        assert_eq!(
            matter["assignment"]["provider"]["name"],
            "Luật sư Lê Minh Tuấn"
        );
    }
}

backend_test! {
    async fn t12c_a_minors_refusal_ends_the_appointment_only_after_a_change_ttlt_06_2018_10_3(app) {
        let p = Plan::build(&app).await;
        let w = &p.w;
        let input = new_matter(
            &w.center,
            accused("TEMPORARY_CUSTODY"),
            criminal("INVESTIGATION"),
            json!({ "grounds": ["UNDER_EIGHTEEN"] }),
        );
        let m = id(&step(&app, &w.investigator, "notifyMandatoryDefence", input).await);
        accept(&app, &w.coordinator, &m).await;
        step(
            &app,
            &w.coordinator,
            "assignProvider",
            on(&m, json!({ "providerId": w.officer.to_string() })),
        )
        .await;
        step(&app, &w.coordinator, "presentPapers", on(&m, json!({}))).await;
        step(&app, &w.investigator, "registerCounsel", on(&m, json!({}))).await;
        let refuse = on(&m, json!({ "reason": "Bị can từ chối người bào chữa" }));
        assert_eq!(
            refused(
                &app,
                &w.investigator,
                "recordCounselRefusal",
                refuse.clone()
            )
            .await,
            "BAD_USER_INPUT"
        );
        let matter = step(
            &app,
            &w.investigator,
            "recordCounselChange",
            on(&m, json!({ "reason": "Bị can đề nghị đổi người bào chữa" })),
        )
        .await;
        assert_eq!(matter["state"], "REGISTRATION_REFUSED");
        assert_eq!(handoff(&matter, "replace_provider")["limit"], "24 giờ");
        step(
            &app,
            &w.coordinator,
            "assignProvider",
            on(&m, json!({ "providerId": w.lawyer.to_string() })),
        )
        .await;
        step(&app, &w.coordinator, "presentPapers", on(&m, json!({}))).await;
        let matter = step(&app, &w.investigator, "recordCounselRefusal", refuse).await;
        assert_eq!(matter["state"], "APPOINTMENT_ENDED", "[{}]", app.backend);
        assert_eq!(handoff(&matter, "register_counsel")["status"], "CANCELLED");
    }
}

backend_test! {
    async fn t13_discontinuing_for_missing_proof_makes_every_open_duty_moot_luat_tgpl_37(app) {
        let w = World::build(&app).await;
        let m = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        step(&app, &w.coordinator, "acceptImmediately", on(&m, json!({}))).await;
        app.clock.advance(Duration::days(9));
        let input = on(
            &m,
            json!({ "ground": "PROOF_NOT_SUPPLIED", "reason": "Quá 05 ngày làm việc không bổ sung giấy tờ" }),
        );
        let matter = step(&app, &w.coordinator, "discontinue", input).await;
        assert_eq!(matter["state"], "DISCONTINUED");
        assert_eq!(matter["closure"]["ground"], "PROOF_NOT_SUPPLIED");
        for kind in ["assign_on_notice", "supply_proof"] {
            assert_eq!(
                handoff(&matter, kind)["status"],
                "CANCELLED",
                "[{}] {kind}",
                app.backend
            );
        }
        assert_eq!(handoff(&matter, "hand_over_file")["status"], "OPEN");
    }
}

backend_test! {
    async fn t14_proceedings_closed_by_law_end_the_aid_and_open_the_file_clock_tt_12_10(app) {
        let w = World::build(&app).await;
        let m = registered(&app, &w).await;
        let matter = step(
            &app,
            &w.coordinator,
            "terminateByProcedure",
            on(&m, json!({ "reason": "Đình chỉ vụ án" })),
        )
        .await;
        assert_eq!(
            matter["state"], "TERMINATED_BY_PROCEDURE",
            "[{}]",
            app.backend
        );
        assert_eq!(handoff(&matter, "hand_over_file")["limit"], "30 ngày");
    }
}

backend_test! {
    async fn c1_complaints_go_to_the_center_head_in_3_working_days_then_the_department_in_15_days_luat_tgpl_45(app) {
        let w = World::build(&app).await;
        let m = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        step(
            &app,
            &w.coordinator,
            "refuseReferral",
            on(
                &m,
                json!({ "ground": "NOT_ELIGIBLE", "reason": "Không đủ điều kiện" }),
            ),
        )
        .await;
        let nothing_to_decide = on(
            &m,
            json!({ "decision": "Không có khiếu nại", "upheld": false }),
        );
        assert_eq!(
            refused(&app, &w.coordinator, "decideComplaint", nothing_to_decide).await,
            "BAD_USER_INPUT"
        );
        let matter = step(
            &app,
            &w.coordinator,
            "fileComplaint",
            on(&m, json!({ "subject": "Khiếu nại việc từ chối thụ lý" })),
        )
        .await;
        assert_eq!(matter["state"], "REFUSED");
        assert_eq!(
            handoff(&matter, "decide_complaint_center")["limit"],
            "3 ngày làm việc"
        );
        step(
            &app,
            &w.coordinator,
            "decideComplaint",
            on(
                &m,
                json!({ "decision": "Giữ nguyên quyết định từ chối", "upheld": false }),
            ),
        )
        .await;
        let matter = step(
            &app,
            &w.coordinator,
            "escalateComplaint",
            on(&m, json!({ "reason": "Khiếu nại lần hai" })),
        )
        .await;
        let department = handoff(&matter, "decide_complaint_department");
        assert_eq!(department["limit"], "15 ngày");
        assert_eq!(
            department["responsibleAgency"]["id"],
            w.supervisor.agency.id.to_string()
        );
        // Only the province's justice department decides it.
        let decide = on(
            &m,
            json!({ "decision": "Chấp nhận khiếu nại", "upheld": true }),
        );
        assert_eq!(
            refused(
                &app,
                &w.coordinator,
                "decideEscalatedComplaint",
                decide.clone()
            )
            .await,
            "FORBIDDEN"
        );
        let matter = step(&app, &w.supervisor, "decideEscalatedComplaint", decide).await;
        assert_eq!(
            handoff(&matter, "decide_complaint_department")["status"],
            "MET_ON_TIME",
            "[{}]",
            app.backend
        );
    }
}

backend_test! {
    /// A matter received in 2025 keeps rule set 2026.1, which carries the whole plan as the
    /// law stood from 2018 (TTLT 10/2018): it can be closed, handed over and appraised.
    async fn a_2025_matter_keeps_its_rule_set_and_goes_from_request_to_quality_appraisal(app) {
        let w = World::build(&app).await;
        app.clock.set(vn(2026, 1, 3, 9, 0));
        let received = vn(2025, 12, 30, 9, 0);
        let data = app
            .ok(
                &w.clerk,
                REQUEST,
                request_input(&w.center, "DETAINED", Some(received)),
            )
            .await;
        let m = data["requestLegalAid"]["matter"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let matter = step(&app, &w.coordinator, "acceptReferral", on(&m, json!({}))).await;
        assert_eq!(matter["rulesetVersion"], "2026.1", "[{}]", app.backend);
        let assign = on(&m, json!({ "providerId": w.officer.to_string() }));
        step(&app, &w.coordinator, "assignProvider", assign).await;
        step(&app, &w.coordinator, "presentPapers", on(&m, json!({}))).await;
        step(&app, &w.clerk, "registerCounsel", on(&m, json!({}))).await;
        app.clock.advance(Duration::days(40));
        step(&app, &w.coordinator, "complete", on(&m, json!({}))).await;
        let filed = step(&app, &w.coordinator, "handOverFile", on(&m, json!({}))).await;
        assert_eq!(filed["state"], "FILE_HANDED_OVER");
        let scores = json!({ "responsibility": 25, "performance": 50, "satisfaction": 8, "prohibitedAct": false });
        let matter = step(&app, &w.coordinator, "appraiseQuality", on(&m, scores)).await;
        assert_eq!(matter["state"], "QUALITY_APPRAISED", "[{}]", app.backend);
        assert_eq!(matter["rulesetVersion"], "2026.1");
        // Before Law 91/2025, personal data passed under Nghị định 13/2023.
        let q = "query($id: ID!) { matter(id: $id) { handoffs { kind dataSharingBasis } } }";
        let read = app.ok(&w.coordinator, q, json!({ "id": m })).await;
        let basis = handoff(&read["matter"], "register_counsel")["dataSharingBasis"].clone();
        assert!(
            basis.as_str().unwrap_or_default().contains("Nghị định 13/2023"),
            "[{}] {basis}",
            app.backend
        );
    }
}

backend_test! {
    async fn the_rule_set_in_force_shows_its_clocks_bases_and_settings(app) {
        let w = World::build(&app).await;
        let q = "{ ruleSet { version effectiveFrom settings { name value reason } \
                 clocks { id responsible direction limits { limit legalBasis note } } \
                 transitions { command from to legalBasis } } ruleSetVersions }";
        let data = app.ok(&w.clerk, q, json!({})).await;
        let rs = &data["ruleSet"];
        assert_eq!(rs["version"], "2026.2");
        assert_eq!(data["ruleSetVersions"], json!(["2026.1", "2026.2"]));
        let settings = rs["settings"].as_array().unwrap();
        assert_eq!(settings.len(), 5);
        assert!(
            settings
                .iter()
                .all(|s| s["reason"].as_str().unwrap().len() > 40)
        );
        let hearing = rs["clocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "send_hearing_schedule")
            .unwrap();
        assert_eq!(hearing["direction"], "before_hearing");
        assert!(
            hearing["limits"][1]["legalBasis"]
                .as_str()
                .unwrap()
                .contains("Điều 9(3)(a)")
        );
        let transitions = rs["transitions"].as_array().unwrap();
        assert!(
            transitions
                .iter()
                .all(|t| t["legalBasis"].as_str().unwrap().contains("Điều")),
            "[{}]",
            app.backend
        );
    }
}

backend_test! {
    async fn t5i_force_majeure_gives_the_requester_10_working_days_for_proof_tt_12_6_2(app) {
        let w = World::build(&app).await;
        let m = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        let matter = step(
            &app,
            &w.coordinator,
            "acceptImmediately",
            on(&m, json!({ "forceMajeure": true })),
        )
        .await;
        let proof = handoff(&matter, "supply_proof");
        assert_eq!(proof["limit"], "10 ngày làm việc", "[{}]", app.backend);
        // Mon 2 Mar 2026: the tenth working day is Mon 16 Mar; the limit ends at its 24:00.
        assert_eq!(proof["dueAt"], vn(2026, 3, 17, 0, 0).to_rfc3339());
    }
}

backend_test! {
    async fn a_handoff_explains_its_due_instant_skipping_tet_2026_by_name_luat_tgpl_31_2(app) {
        let w = World::build(&app).await;
        // Thu 12 Feb 2026, 09:00: 3 working days are Fri 13, Mon 23, Tue 24 Feb.
        app.clock.set(vn(2026, 2, 12, 9, 0));
        let m = civil_request(&app, &w).await;
        accept(&app, &w.coordinator, &m).await;
        let q = "query($id: ID!) { matter(id: $id) { handoffs { kind dueAt \
                 computation { because explanationVi explanationEn rolledOver \
                 provisionalYears skipped { date name } } } } }";
        let read = app.ok(&w.coordinator, q, json!({ "id": m })).await;
        let assign = handoff(&read["matter"], "assign_provider");
        assert_eq!(assign["dueAt"], vn(2026, 2, 25, 0, 0).to_rfc3339(), "[{}]", app.backend);
        let c = &assign["computation"];
        assert_eq!(c["because"], "otherwise");
        assert_eq!(c["rolledOver"], false);
        assert_eq!(c["provisionalYears"], json!([]));
        let skipped = c["skipped"].as_array().unwrap();
        assert_eq!(skipped.len(), 9, "[{}] {c:#}", app.backend);
        assert_eq!(skipped[0], json!({ "date": "2026-02-14", "name": "Thứ Bảy" }));
        assert_eq!(
            skipped[3],
            json!({ "date": "2026-02-17", "name": "Tết Nguyên đán, mùng 1" })
        );
        let vi = c["explanationVi"].as_str().unwrap();
        assert!(vi.starts_with("3 ngày làm việc ("), "{vi}");
        assert!(vi.contains("lúc 09:00 12/02/2026"), "{vi}");
        assert!(vi.contains("không tính Thứ Bảy 14/02, Chủ Nhật 15/02, Tết Nguyên đán"), "{vi}");
        assert!(vi.ends_with("hạn 24:00 24/02/2026."), "{vi}");
        assert!(c["explanationEn"].as_str().unwrap().starts_with("3 working days ("));
    }
}

/// A mandatory defence notified by `who` at `stage`, its provider assigned.
async fn appointed(
    app: &TestApp,
    w: &World,
    who: &baton_domain::agency::Principal,
    stage: &str,
) -> String {
    let input = new_matter(
        &w.center,
        accused("DETAINED"),
        criminal(stage),
        json!({ "grounds": ["SEVERE_CHARGE"] }),
    );
    let m = id(&step(app, who, "notifyMandatoryDefence", input).await);
    accept(app, &w.coordinator, &m).await;
    step(
        app,
        &w.coordinator,
        "assignProvider",
        on(&m, json!({ "providerId": w.officer.to_string() })),
    )
    .await;
    m
}

fn has_handoff(matter: &Value, kind: &str) -> bool {
    matter["handoffs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["kind"] == kind)
}

backend_test! {
    async fn tt_46_2019_the_investigation_bodys_own_duties_article_5_2_6_3_16_1_bind_it_and_not_a_court(app) {
        let p = Plan::build(&app).await;
        let w = &p.w;

        // Điều 5(2): the investigator meets the suspect within 24 h of the assignment letter.
        let m = appointed(&app, w, &w.investigator, "INVESTIGATION").await;
        let matter = step(&app, &w.coordinator, "presentPapers", on(&m, json!({}))).await;
        let meet = handoff(&matter, "meet_suspect");
        assert_eq!(meet["status"], "OPEN", "[{}]", app.backend);
        assert_eq!(meet["limit"], "24 giờ");
        app.clock.advance(Duration::hours(5));
        let matter = step(
            &app,
            &w.investigator,
            "recordSuspectMeeting",
            on(&m, json!({ "accepts": true, "note": "Biên bản gặp bị can số 7" })),
        )
        .await;
        assert_eq!(handoff(&matter, "meet_suspect")["status"], "MET_ON_TIME");
        step(&app, &w.investigator, "registerCounsel", on(&m, json!({}))).await;

        // Điều 16(1): the conclusion goes to the suspect and counsel within 2 days; the
        // matter is handed on only once it has.
        let matter = step(&app, &w.investigator, "recordInvestigationConclusion", on(&m, json!({}))).await;
        let send = handoff(&matter, "send_investigation_conclusion");
        assert_eq!(send["status"], "OPEN");
        assert_eq!(send["limit"], "2 ngày");
        let transfer = on(
            &m,
            json!({ "toAgencyId": p.procuracy.id.to_string(), "stage": "PROSECUTION" }),
        );
        assert_eq!(
            refused(&app, &w.investigator, "transferStage", transfer.clone()).await,
            "BAD_USER_INPUT"
        );
        app.clock.advance(Duration::hours(20));
        let matter = step(&app, &w.investigator, "sendInvestigationConclusion", on(&m, json!({}))).await;
        assert_eq!(
            handoff(&matter, "send_investigation_conclusion")["status"],
            "MET_ON_TIME"
        );
        step(&app, &w.investigator, "transferStage", transfer).await;

        // Điều 6(3): a refusal records its written reasons, within 24 h of the papers.
        let r = appointed(&app, w, &w.investigator, "INVESTIGATION").await;
        step(&app, &w.coordinator, "presentPapers", on(&r, json!({}))).await;
        let refuse = json!({ "ground": "DISQUALIFIED", "reason": "Người bào chữa là người thân của điều tra viên" });
        let matter = step(&app, &w.investigator, "refuseRegistration", on(&r, refuse.clone())).await;
        assert_eq!(handoff(&matter, "give_refusal_reasons")["status"], "MET_ON_TIME");
        assert_eq!(handoff(&matter, "meet_suspect")["status"], "CANCELLED");

        // A court's mandatory defence owes none of them, and a court cannot fire them.
        let c = appointed(&app, w, &w.clerk, "FIRST_INSTANCE_TRIAL").await;
        let matter = step(&app, &w.coordinator, "presentPapers", on(&c, json!({}))).await;
        assert!(!has_handoff(&matter, "meet_suspect"), "{matter:#}");
        assert_eq!(
            refused(&app, &w.clerk, "recordSuspectMeeting", on(&c, json!({ "accepts": true }))).await,
            "FORBIDDEN"
        );
        let matter = step(&app, &w.clerk, "refuseRegistration", on(&c, refuse)).await;
        assert!(!has_handoff(&matter, "give_refusal_reasons"), "{matter:#}");
        assert_eq!(
            refused(&app, &w.clerk, "recordInvestigationConclusion", on(&c, json!({}))).await,
            "FORBIDDEN"
        );
    }
}
