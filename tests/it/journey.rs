//! The clerk → center → provider journey, through the real schema.

use chrono::Duration;
use serde_json::json;

use crate::harness::*;

backend_test! {
    async fn the_journey_from_request_to_registration_discharges_every_clock_on_time(app) {
        let w = World::build(&app).await;
        // Mon 2 Mar 2026 09:00: a detained defendant's request, received at 08:00.
        let received = vn(2026, 3, 2, 8, 0);
        let data = app
            .ok(
                &w.clerk,
                REQUEST,
                request_input(&w.center, "DETAINED", Some(received)),
            )
            .await;
        let id = data["requestLegalAid"]["matter"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            data["requestLegalAid"]["matter"]["state"],
            "NOTIFIED_TO_CENTER"
        );

        app.clock.advance(Duration::hours(2));
        let data = app
            .ok(
                &w.coordinator,
                ACCEPT,
                json!({ "input": { "matterId": id, "expectedVersion": 1, "note": "Thụ lý ngay" } }),
            )
            .await;
        assert_eq!(data["acceptReferral"]["matter"]["version"], 2);

        // Notified by the court, the matter is accepted and assigned at once (Luật TGPL
        // Điều 31(3)): within 12 h of the notice, whenever the acceptance is recorded.
        app.clock.advance(Duration::hours(8));
        let input = json!({ "input": {
            "matterId": id, "expectedVersion": 2,
            "providerId": w.officer.to_string(), "decisionNumber": "215/QĐ-TGPL",
        }});
        app.ok(&w.coordinator, ASSIGN, input).await;

        // T7: the provider presents her card and the decision to the court an hour later;
        // the court's 24 hours to register run from then (BLTTHS Điều 78(4)).
        app.clock.advance(Duration::hours(1));
        present_papers(&app, &w.coordinator, &id).await;

        app.clock.advance(Duration::hours(5));
        let input = json!({ "input": { "matterId": id, "registrationNumber": "TB-45/2026" } });
        let data = app.ok(&w.clerk, REGISTER, input).await;
        assert_eq!(
            data["registerCounsel"]["matter"]["state"], "REGISTERED",
            "[{}]",
            app.backend
        );

        let m = matter(&app, &w.clerk, &id).await;
        assert_eq!(m["version"], 5);
        assert_eq!(m["assignment"]["decisionNumber"], "215/QĐ-TGPL");
        assert_eq!(m["assignment"]["provider"]["name"], "Nguyễn Thị Thu Hà");
        assert_eq!(m["registration"]["registrationNumber"], "TB-45/2026");

        let handoffs = m["handoffs"].as_array().unwrap();
        let kinds: Vec<_> = handoffs
            .iter()
            .map(|h| h["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["notify_center", "assign_on_notice", "register_counsel"]
        );
        for h in handoffs {
            assert_eq!(h["status"], "MET_ON_TIME", "[{}] {h:#}", app.backend);
            assert_eq!(h["onTime"], true);
        }
        // Detained (not arrested or held): 24 h to notify, at once (12 h) from the notice to
        // accept and assign, 24 h to register.
        assert_eq!(handoffs[0]["limit"], "24 giờ");
        assert_eq!(handoffs[0]["startedAt"], received.to_rfc3339());
        assert_eq!(handoffs[0]["responsibleAgency"]["name"], w.court.name);
        assert_eq!(handoffs[1]["limit"], "ngay (12 giờ)");
        assert_eq!(handoffs[1]["dueAt"], vn(2026, 3, 2, 21, 0).to_rfc3339());
        assert!(
            handoffs[1]["legalBasis"]
                .as_str()
                .unwrap()
                .contains("Điều 31(3)")
        );
        assert_eq!(handoffs[2]["limit"], "24 giờ");
        assert!(
            handoffs[2]["legalBasis"]
                .as_str()
                .unwrap()
                .contains("Điều 78(4)")
        );

        let timeline = m["timeline"].as_array().unwrap();
        let seqs: Vec<_> = timeline
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(seqs, [1, 2, 3, 4, 5]);
        assert_eq!(timeline[3]["kind"], "present_papers");
        assert_eq!(timeline[1]["kind"], "accept_referral");
        assert_eq!(timeline[1]["actorName"], "Điều phối viên Vũ Thị Thanh");
        assert_eq!(timeline[1]["actorAgency"]["name"], w.center.name);
        assert!(
            timeline[2]["summary"]
                .as_str()
                .unwrap()
                .contains("215/QĐ-TGPL")
        );
    }
}

backend_test! {
    async fn a_notification_recorded_after_its_12_hours_is_met_late(app) {
        let w = World::build(&app).await;
        let received = app.engine.now() - Duration::hours(30);
        let data = app
            .ok(
                &w.clerk,
                REQUEST,
                request_input(&w.center, "ARRESTED", Some(received)),
            )
            .await;
        let id = data["requestLegalAid"]["matter"]["id"].as_str().unwrap();
        let m = matter(&app, &w.coordinator, id).await;
        let notify = &m["handoffs"][0];
        assert_eq!(notify["limit"], "12 giờ");
        assert_eq!(
            notify["dueAt"],
            (received + Duration::hours(12)).to_rfc3339()
        );
        assert_eq!(notify["status"], "MET_LATE", "[{}]", app.backend);
        assert_eq!(notify["onTime"], false);
    }
}

backend_test! {
    async fn a_refusal_and_its_reason_are_seen_by_the_requesting_agency(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        let input = json!({ "input": {
            "matterId": id, "ground": "NOT_ELIGIBLE",
            "reason": "Không có giấy tờ chứng minh thuộc hộ nghèo",
        }});
        app.ok(&w.coordinator, REFUSE, input).await;
        let m = matter(&app, &w.clerk, &id).await;
        assert_eq!(m["state"], "REFUSED");
        assert_eq!(m["stateLabel"], "Từ chối thụ lý");
        assert_eq!(m["refusal"]["ground"], "NOT_ELIGIBLE");
        assert_eq!(
            m["refusal"]["reason"],
            "Không có giấy tờ chứng minh thuộc hộ nghèo"
        );
        assert_eq!(
            m["refusal"]["groundLabel"],
            "Không thuộc diện người được trợ giúp pháp lý"
        );
    }
}

backend_test! {
    async fn an_invalid_transition_says_the_state_and_what_is_allowed_and_changes_nothing(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        let response = app
            .gql(
                Some(&w.clerk),
                REGISTER,
                json!({ "input": { "matterId": id } }),
            )
            .await;
        let error = &response["errors"][0];
        assert_eq!(error["extensions"]["code"], "INVALID_TRANSITION");
        assert_eq!(error["extensions"]["state"], "notified_to_center");
        assert_eq!(
            error["extensions"]["allowed"],
            json!([
                "accept_referral",
                "accept_immediately",
                "refuse_referral",
                "transfer_referral",
                "report_not_eligible"
            ])
        );
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("notified_to_center")
        );
        assert_eq!(matter(&app, &w.clerk, &id).await["version"], 1);
    }
}

backend_test! {
    async fn a_deadline_alert_does_not_make_the_version_a_user_holds_stale(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        accept(&app, &w.coordinator, &id).await;
        // 10 of the 12 hours to assign pass: the scheduler records a warning (version 3).
        app.clock.advance(Duration::hours(10));
        let config = baton_scheduler::Config::default();
        let report = baton_scheduler::sweep_once(&app.engine, &config)
            .await
            .unwrap();
        assert_eq!(report.warnings, 1, "[{}]", app.backend);
        assert_eq!(matter(&app, &w.coordinator, &id).await["version"], 3);

        // The coordinator still holds version 2 from before the warning.
        let input = json!({ "input": { "matterId": id, "expectedVersion": 2, "providerId": w.officer.to_string() } });
        let data = app.ok(&w.coordinator, ASSIGN, input).await;
        assert_eq!(
            data["assignProvider"]["matter"]["version"], 4,
            "[{}]",
            app.backend
        );
        assert_eq!(
            data["assignProvider"]["matter"]["state"],
            "PROVIDER_ASSIGNED"
        );

        // A user's change since the version held is still a conflict.
        let input = json!({ "input": { "matterId": id, "expectedVersion": 3, "registrationNumber": "TB-1/2026" } });
        let code = app.error_code(Some(&w.clerk), REGISTER, input).await;
        assert_eq!(code, "CONFLICT", "[{}]", app.backend);
        assert_eq!(
            matter(&app, &w.clerk, &id).await["state"],
            "PROVIDER_ASSIGNED"
        );
    }
}

backend_test! {
    async fn a_stale_expected_version_is_a_conflict_and_changes_nothing(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        accept(&app, &w.coordinator, &id).await;
        let input = json!({ "input": { "matterId": id, "expectedVersion": 1, "providerId": w.lawyer.to_string() } });
        let code = app.error_code(Some(&w.coordinator), ASSIGN, input).await;
        assert_eq!(code, "CONFLICT");
        let m = matter(&app, &w.coordinator, &id).await;
        assert_eq!(m["version"], 2);
        assert_eq!(m["state"], "ACCEPTED");
    }
}

backend_test! {
    async fn bad_input_names_the_field_and_writes_nothing(app) {
        let w = World::build(&app).await;
        let mut input = request_input(&w.center, "ARRESTED", None);
        input["input"]["person"]["fullName"] = json!("   ");
        let response = app.gql(Some(&w.clerk), REQUEST, input).await;
        assert_eq!(
            response["errors"][0]["extensions"]["code"],
            "BAD_USER_INPUT"
        );
        assert_eq!(
            response["errors"][0]["extensions"]["field"],
            "person.fullName"
        );

        let mut input = request_input(&w.center, "ARRESTED", None);
        input["input"]["centerId"] = json!("not-an-id");
        let response = app.gql(Some(&w.clerk), REQUEST, input).await;
        assert_eq!(response["errors"][0]["extensions"]["field"], "centerId");

        let mut input = request_input(&w.center, "ARRESTED", None);
        input["input"]["centerId"] = json!(w.court.id.to_string());
        let response = app.gql(Some(&w.clerk), REQUEST, input).await;
        assert_eq!(
            response["errors"][0]["extensions"]["code"],
            "BAD_USER_INPUT"
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
            "[{}] nothing was written",
            app.backend
        );
    }
}

backend_test! {
    async fn a_provider_who_may_not_act_in_proceedings_cannot_be_assigned(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        accept(&app, &w.coordinator, &id).await;
        for provider in [w.collaborator, w.other_center_officer] {
            let input = json!({ "input": { "matterId": id, "providerId": provider.to_string() } });
            let response = app.gql(Some(&w.coordinator), ASSIGN, input).await;
            assert_eq!(
                response["errors"][0]["extensions"]["code"],
                "BAD_USER_INPUT"
            );
            assert_eq!(response["errors"][0]["extensions"]["field"], "providerId");
        }
        assert_eq!(matter(&app, &w.coordinator, &id).await["state"], "ACCEPTED");
    }
}

backend_test! {
    async fn an_idempotency_key_replays_the_first_result_and_acts_once(app) {
        let w = World::build(&app).await;
        let mut input = request_input(&w.center, "ARRESTED", None);
        input["input"]["idempotencyKey"] = json!("yeu-cau-45-2026");
        let first = app.ok(&w.clerk, REQUEST, input.clone()).await;
        app.clock.advance(Duration::minutes(3));
        let second = app.ok(&w.clerk, REQUEST, input).await;
        assert_eq!(first, second, "[{}]", app.backend);
        let inbox = app
            .ok(
                &w.coordinator,
                "{ inbox { edges { node { id } } } }",
                json!({}),
            )
            .await;
        assert_eq!(inbox["inbox"]["edges"].as_array().unwrap().len(), 1);

        let id = first["requestLegalAid"]["matter"]["id"].as_str().unwrap();
        let accept_input = json!({ "input": { "matterId": id, "idempotencyKey": "thu-ly-1" } });
        app.ok(&w.coordinator, ACCEPT, accept_input.clone()).await;
        let replay = app.ok(&w.coordinator, ACCEPT, accept_input).await;
        assert_eq!(
            replay["acceptReferral"]["matter"]["version"], 2,
            "acted once"
        );
        assert_eq!(
            matter(&app, &w.coordinator, id).await["timeline"]
                .as_array()
                .unwrap()
                .len(),
            2
        );

        // The same key for another command is refused.
        let reuse = json!({ "input": { "matterId": id, "idempotencyKey": "thu-ly-1", "providerId": w.lawyer.to_string() } });
        assert_eq!(
            app.error_code(Some(&w.coordinator), ASSIGN, reuse).await,
            "CONFLICT"
        );
    }
}
