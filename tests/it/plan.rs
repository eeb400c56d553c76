//! Whole lifecycles through the real schema: a mandatory-defence matter across all four
//! stages to quality appraisal, and a civil matter with a refused registration and a
//! retrial.

use chrono::Duration;
use serde_json::json;

use crate::harness::*;
use crate::plan_world::*;

backend_test! {
    async fn a_mandatory_defence_matter_crosses_all_four_stages_to_quality_appraisal(app) {
        let p = Plan::build(&app).await;
        let w = &p.w;
        let b = app.backend;
        // T3m: the investigator asks the center to appoint counsel for a 16-year-old.
        let input = new_matter(
            &w.center,
            accused("TEMPORARY_CUSTODY"),
            criminal("INVESTIGATION"),
            json!({ "grounds": ["UNDER_EIGHTEEN", "SEVERE_CHARGE"] }),
        );
        let m = step(&app, &w.investigator, "notifyMandatoryDefence", input).await;
        assert_eq!(m["state"], "NOTIFIED_TO_CENTER", "[{b}]");
        assert_eq!(m["rulesetVersion"], "2026.2");
        let notify = handoff(&m, "notify_mandatory");
        assert_eq!(
            (notify["limit"].as_str(), notify["status"].as_str()),
            (Some("ngay (12 giờ)"), Some("MET_ON_TIME"))
        );
        let matter = id(&m);
        let on = |extra: serde_json::Value| {
            let mut input = json!({ "matterId": matter });
            if let (Some(o), Some(e)) = (input.as_object_mut(), extra.as_object()) {
                o.extend(e.clone());
            }
            input
        };

        // T5i: accepted at once; assignment due immediately, proof within 5 working days.
        app.clock.advance(Duration::hours(1));
        let m = step(&app, &w.coordinator, "acceptImmediately", on(json!({}))).await;
        assert_eq!(m["state"], "ACCEPTED_DOCS_PENDING");
        assert_eq!(handoff(&m, "assign_on_notice")["limit"], "ngay (12 giờ)");
        assert_eq!(handoff(&m, "supply_proof")["limit"], "5 ngày làm việc");
        let m = step(
            &app,
            &w.coordinator,
            "receiveProof",
            on(json!({ "document": "Giấy chứng nhận hộ nghèo" })),
        )
        .await;
        assert_eq!(m["state"], "ACCEPTED");
        assert_eq!(handoff(&m, "supply_proof")["status"], "MET_ON_TIME");

        // T6–T8: assigned and registered by the investigation body.
        app.clock.advance(Duration::hours(2));
        let m = step(
            &app,
            &w.coordinator,
            "assignProvider",
            on(json!({ "providerId": w.officer.to_string(), "decisionNumber": "301/QĐ-TGPL" })),
        )
        .await;
        assert_eq!(handoff(&m, "assign_on_notice")["status"], "MET_ON_TIME");
        // T7: the provider presents her papers to the investigation body.
        let m = step(&app, &w.coordinator, "presentPapers", on(json!({}))).await;
        assert_eq!(
            handoff(&m, "register_counsel")["responsibleAgency"]["id"],
            p.police.id.to_string()
        );
        // TT 46/2019/TT-BCA Điều 5(2): the investigator meets the suspect within 24 h.
        assert_eq!(handoff(&m, "meet_suspect")["limit"], "24 giờ");
        step(&app, &w.investigator, "recordSuspectMeeting", on(json!({ "accepts": true }))).await;
        let m = step(
            &app,
            &w.investigator,
            "registerCounsel",
            on(json!({ "registrationNumber": "TB-120/2026" })),
        )
        .await;
        assert_eq!(m["state"], "REGISTERED");
        step(
            &app,
            &w.investigator,
            "recordInterrogationNotice",
            on(json!({ "at": (app.engine.now() + Duration::days(1)).to_rfc3339() })),
        )
        .await;
        // TT 46/2019/TT-BCA Điều 16(1): the conclusion goes to the suspect and counsel.
        step(&app, &w.investigator, "recordInvestigationConclusion", on(json!({}))).await;
        step(&app, &w.investigator, "sendInvestigationConclusion", on(json!({}))).await;

        // T10: investigation → prosecution → first-instance trial; nothing is requested again.
        let to = |agency: &baton_engine::Agency, stage: &str| {
            on(json!({ "toAgencyId": agency.id.to_string(), "stage": stage }))
        };
        let m = step(
            &app,
            &w.investigator,
            "transferStage",
            to(&p.procuracy, "PROSECUTION"),
        )
        .await;
        assert_eq!(m["handlingAgency"]["id"], p.procuracy.id.to_string());
        assert_eq!(
            m["registration"]["registrationNumber"], "TB-120/2026",
            "the registration carries over"
        );
        let m = step(
            &app,
            &p.prosecutor,
            "transferStage",
            to(&w.court, "FIRST_INSTANCE_TRIAL"),
        )
        .await;
        assert_eq!(m["state"], "REGISTERED");

        // T9: the court sets the hearing and sends the schedule 10 days ahead.
        let hearing = app.engine.now() + Duration::days(20);
        let m = step(
            &app,
            &w.clerk,
            "scheduleHearing",
            on(json!({ "hearingAt": hearing.to_rfc3339() })),
        )
        .await;
        assert_eq!(handoff(&m, "send_hearing_schedule")["status"], "OPEN");
        step(&app, &w.clerk, "sendHearingSchedule", on(json!({}))).await;

        // Appeal, with the provincial court.
        let m = step(
            &app,
            &w.clerk,
            "transferStage",
            to(&p.appeal_court, "APPEAL"),
        )
        .await;
        assert_eq!(
            m["handlingAgency"]["name"],
            "Tòa án nhân dân thành phố Hà Nội"
        );
        let hearing = app.engine.now() + Duration::days(15);
        step(
            &app,
            &p.appeal_clerk,
            "scheduleHearing",
            on(json!({ "hearingAt": hearing.to_rfc3339(), "summaryProcedure": true })),
        )
        .await;
        let m = step(&app, &p.appeal_clerk, "sendHearingSchedule", on(json!({}))).await;
        assert_eq!(handoff(&m, "send_hearing_schedule")["limit"], "7 ngày");

        // T14–T16: completed, file handed over and numbered, appraised.
        app.clock.advance(Duration::days(16));
        let m = step(
            &app,
            &w.coordinator,
            "complete",
            on(json!({ "note": "Bản án phúc thẩm đã có hiệu lực" })),
        )
        .await;
        assert_eq!(m["state"], "COMPLETED");
        assert_eq!(handoff(&m, "hand_over_file")["limit"], "30 ngày");
        app.clock.advance(Duration::days(10));
        let m = step(&app, &w.coordinator, "handOverFile", on(json!({}))).await;
        assert_eq!(m["fileCode"], "TT.TGTT.01.2026", "[{b}]");
        let m = step(&app, &w.coordinator, "appraiseQuality", on(json!({ "responsibility": 28, "performance": 55, "satisfaction": 9, "prohibitedAct": false }))).await;
        assert_eq!(m["state"], "QUALITY_APPRAISED");
        assert_eq!(m["appraisal"], json!({ "grade": "GOOD", "totalScore": 92 }));
        assert_eq!(
            m["nextSteps"],
            json!([
                "file_complaint",
                "decide_complaint",
                "escalate_complaint",
                "decide_escalated_complaint",
                "record_supervisory_evaluation",
                "submit_payment_claim",
                "approve_payment_claim",
                "reject_payment_claim"
            ])
        );

        // Every duty was met on time, and the timeline has no gap.
        for h in m["handoffs"].as_array().unwrap() {
            assert_eq!(h["status"], "MET_ON_TIME", "[{b}] {h:#}");
        }
        let seqs: Vec<i64> = m["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
        assert_eq!(seqs.len(), 20);
    }
}

backend_test! {
    async fn a_civil_matter_is_registered_in_3_working_days_replaced_in_2_and_registered_again_on_retrial(app) {
        let p = Plan::build(&app).await;
        let w = &p.w;
        let litigant = json!({
            "fullName": "Trương Văn Lực", "eligibility": "POOR_HOUSEHOLD",
            "custody": "AT_LIBERTY", "proceduralRole": "LITIGANT",
        });
        let civil = json!({ "kind": "CIVIL", "caseNumber": "19/2026/DS-ST", "stage": "FIRST_INSTANCE_TRIAL" });
        let m = step(
            &app,
            &w.clerk,
            "requestLegalAid",
            new_matter(&w.center, litigant, civil, json!({})),
        )
        .await;
        let matter = id(&m);
        let on = |extra: serde_json::Value| {
            let mut input = json!({ "matterId": matter });
            input
                .as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            input
        };
        // Mon 2 Mar 2026 09:00.
        step(&app, &w.coordinator, "acceptReferral", on(json!({}))).await;
        step(
            &app,
            &w.coordinator,
            "assignProvider",
            on(json!({ "providerId": w.lawyer.to_string() })),
        )
        .await;
        let m = step(&app, &w.coordinator, "presentPapers", on(json!({}))).await;
        let register = handoff(&m, "register_counsel");
        assert_eq!(register["limit"], "3 ngày làm việc");
        assert_eq!(register["dueAt"], vn(2026, 3, 6, 0, 0).to_rfc3339());
        assert!(
            register["legalBasis"]
                .as_str()
                .unwrap()
                .contains("BLTTDS Điều 75(5)")
        );

        // The court refuses the registration: the center replaces within 2 working days.
        let m = step(&app, &w.clerk, "refuseRegistration", on(json!({ "ground": "DISQUALIFIED", "reason": "Luật sư là người thân của đương sự bên kia" }))).await;
        assert_eq!(m["state"], "REGISTRATION_REFUSED");
        let replace = handoff(&m, "replace_provider");
        assert_eq!(replace["limit"], "2 ngày làm việc");
        assert_eq!(replace["dueAt"], vn(2026, 3, 5, 0, 0).to_rfc3339());
        step(
            &app,
            &w.coordinator,
            "assignProvider",
            on(json!({ "providerId": w.officer.to_string() })),
        )
        .await;
        step(&app, &w.coordinator, "presentPapers", on(json!({}))).await;
        let m = step(&app, &w.clerk, "registerCounsel", on(json!({}))).await;
        assert_eq!(m["state"], "REGISTERED");

        // Civil proceedings have no mandatory appointment and no counsel refusal.
        assert_eq!(
            refused(
                &app,
                &w.clerk,
                "recordCounselRefusal",
                on(json!({ "reason": "x" }))
            )
            .await,
            "BAD_USER_INPUT"
        );

        // A retrial (xét xử lại) needs a new registration with a new clock.
        app.clock.advance(Duration::days(30));
        let m = step(
            &app,
            &w.clerk,
            "requireNewRegistration",
            on(json!({ "reason": "Xét xử lại theo quyết định giám đốc thẩm" })),
        )
        .await;
        assert_eq!(m["state"], "PROVIDER_ASSIGNED");
        assert_eq!(m["registration"], serde_json::Value::Null);
        // The new clock runs once the provider presents the papers again (T7).
        let m = step(&app, &w.coordinator, "presentPapers", on(json!({}))).await;
        let open: Vec<_> = m["handoffs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["kind"] == "register_counsel" && h["status"] == "OPEN")
            .collect();
        assert_eq!(open.len(), 1, "[{}]", app.backend);
        step(&app, &w.clerk, "registerCounsel", on(json!({}))).await;
        step(&app, &w.coordinator, "complete", on(json!({}))).await;
        step(&app, &w.coordinator, "handOverFile", on(json!({}))).await;
        let m = step(&app, &w.coordinator, "appraiseQuality", on(json!({ "responsibility": 20, "performance": 30, "satisfaction": 5, "prohibitedAct": false }))).await;
        assert_eq!(
            m["appraisal"],
            json!({ "grade": "PASS", "totalScore": 55 }),
            "[{}]",
            app.backend
        );
    }
}
