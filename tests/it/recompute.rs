//! Issue 10, deadlines that repair themselves: a resumed clock's computation explains its
//! new due instant (through the API), and `baton recompute-deadlines` moves the due
//! instants of open handoffs when the calendar changes: once, with an event and a notice,
//! never a met duty, nothing in a dry run.

use std::sync::Arc;

use baton_domain::calendar::WorkingCalendar;
use baton_domain::ruleset::RuleBook;
use baton_engine::{Engine, RecomputeOptions};
use serde_json::{Value, json};

use crate::harness::*;
use crate::plan_world::{handoff, step};

/// 2027 once a swap is announced: Thu 29/4 off, worked back on Sat 8/5.
fn swap_2027() -> WorkingCalendar {
    let y2027 = include_str!("../../crates/domain/rules/calendar/vn/2027.toml")
        .replace(
            "sources = [\n",
            "sources = [\n  { id = \"swap-2027\", kind = \"ministry_notice\", title = \"Hoán đổi ngày 29/4/2027\" },\n",
        )
        .replace(
            "  { date = \"2027-04-30\"",
            "  { date = \"2027-04-29\", kind = \"swapped_off\", name = \"Nghỉ hoán đổi, làm bù thứ Bảy 08/5\", pair = \"2027-05-08\", basis = [\"swap-2027\"] },\n  { date = \"2027-04-30\"",
        )
        .replace(
            "  { date = \"2027-09-02\"",
            "  { date = \"2027-05-08\", kind = \"make_up_work\", name = \"Làm bù cho thứ Năm 29/4\", pair = \"2027-04-29\", basis = [\"swap-2027\"] },\n  { date = \"2027-09-02\"",
        );
    WorkingCalendar::from_year_files([
        (
            "2024.toml",
            include_str!("../../crates/domain/rules/calendar/vn/2024.toml"),
        ),
        (
            "2025.toml",
            include_str!("../../crates/domain/rules/calendar/vn/2025.toml"),
        ),
        (
            "2026.toml",
            include_str!("../../crates/domain/rules/calendar/vn/2026.toml"),
        ),
        ("2027.toml", y2027.as_str()),
    ])
    .unwrap()
}

/// The same database and clock, counted with another calendar: what the operator's
/// `baton recompute-deadlines --calendar-dir …` builds.
fn engine_with(app: &TestApp, calendar: WorkingCalendar) -> Engine {
    Engine::new(
        app.db.clone(),
        Arc::new(RuleBook::bundled().unwrap()),
        Arc::new(calendar),
        Arc::new(app.clock.clone()),
    )
}

const READ: &str = "query($id: ID!) { matter(id: $id) { version \
    handoffs { id kind dueAt status computation { due explanationVi explanationEn \
      skipped { date kind name } \
      pauses { pausedAt resumedAt dueBefore left leftEn due skipped { date name } } } } \
    timeline { seq kind summary detail } } }";

async fn read(app: &TestApp, w: &World, id: &str) -> Value {
    app.ok(&w.coordinator, READ, json!({ "id": id })).await["matter"].clone()
}

const NOTICES: &str =
    "{ notifications(first: 50) { edges { node { kind message dueAt handoffKind handoffId } } } }";

async fn notices(app: &TestApp, who: &baton_domain::agency::Principal) -> Vec<Value> {
    let data = app.ok(who, NOTICES, json!({})).await;
    data["notifications"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

backend_test! {
    async fn a_resumed_working_day_clock_explains_its_new_due_instant_across_tet_2026(app) {
        let w = World::build(&app).await;
        // Accepted Tue 10 Feb 2026: 3 working days end at 24:00 Fri 13 Feb.
        app.clock.set(vn(2026, 2, 10, 10, 0));
        let m = civil_request(&app, &w).await;
        accept(&app, &w.coordinator, &m).await;
        // Paused Wed 11 Feb at 15:00 (Thu 12 and Fri 13 left), resumed Fri 20 Feb 16:00.
        app.clock.set(vn(2026, 2, 11, 15, 0));
        let on = |extra: Value| {
            let mut input = json!({ "matterId": m });
            input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            input
        };
        step(&app, &w.coordinator, "requestProof", on(json!({ "note": "Thiếu giấy chứng nhận hộ nghèo" }))).await;
        app.clock.set(vn(2026, 2, 20, 16, 0));
        step(&app, &w.coordinator, "receiveProof", on(json!({ "document": "Giấy chứng nhận hộ nghèo số 7/2026" }))).await;

        let matter = read(&app, &w, &m).await;
        let assign = handoff(&matter, "assign_provider");
        let due = vn(2026, 2, 25, 0, 0).to_rfc3339();
        assert_eq!(assign["dueAt"], due, "[{}] Mon 23 and Tue 24 Feb", app.backend);
        let c = &assign["computation"];
        assert_eq!(c["due"], due, "[{}] the computation explains the due instant shown", app.backend);
        let p = &c["pauses"][0];
        assert_eq!(p["pausedAt"], vn(2026, 2, 11, 15, 0).to_rfc3339());
        assert_eq!(p["resumedAt"], vn(2026, 2, 20, 16, 0).to_rfc3339());
        assert_eq!(p["dueBefore"], vn(2026, 2, 14, 0, 0).to_rfc3339());
        assert_eq!((p["left"].as_str(), p["leftEn"].as_str()), (Some("2 ngày làm việc"), Some("2 working days")));
        assert_eq!(
            p["skipped"],
            json!([{ "date": "2026-02-21", "name": "Thứ Bảy" }, { "date": "2026-02-22", "name": "Chủ Nhật" }])
        );
        let vi = c["explanationVi"].as_str().unwrap();
        assert!(vi.contains("tạm dừng lúc 15:00 11/02/2026 (hạn khi đó 24:00 13/02/2026), còn 2 ngày làm việc, tính tiếp từ 16:00 20/02/2026"), "[{}] {vi}", app.backend);
        assert!(vi.ends_with("hạn 24:00 24/02/2026."), "{vi}");
        let en = c["explanationEn"].as_str().unwrap();
        assert!(en.contains("with 2 working days left"), "{en}");

        // Replayed with the same calendar, nothing moves.
        let report = app.engine.recompute_deadlines(&RecomputeOptions::default()).await.unwrap();
        assert_eq!(report.moved, 0, "[{}] {report}", app.backend);
    }
}

backend_test! {
    async fn a_recompute_moves_an_open_deadline_once_when_the_30_4_swap_of_2027_is_announced(app) {
        let w = World::build(&app).await;
        // Accepted Tue 27 Apr 2027: Wed 28, Thu 29, then Tue 4 May (30/4–3/5 off).
        app.clock.set(vn(2027, 4, 27, 10, 0));
        let open = civil_request(&app, &w).await;
        accept(&app, &w.coordinator, &open).await;
        let met = civil_request(&app, &w).await;
        accept(&app, &w.coordinator, &met).await;
        app.clock.set(vn(2027, 4, 27, 11, 0));
        step(&app, &w.coordinator, "assignProvider", json!({ "matterId": met, "providerId": w.officer.to_string() })).await;
        let old_due = vn(2027, 5, 5, 0, 0).to_rfc3339();
        let before = read(&app, &w, &open).await;
        assert_eq!(handoff(&before, "assign_provider")["dueAt"], old_due, "[{}]", app.backend);
        let met_before = read(&app, &w, &met).await;
        assert_eq!(handoff(&met_before, "assign_provider")["status"], "MET_ON_TIME");
        let notices_before = notices(&app, &w.coordinator).await;

        app.clock.set(vn(2027, 4, 28, 8, 0));
        let swapped = engine_with(&app, swap_2027());

        // A dry run reports the move and writes nothing.
        let dry = RecomputeOptions { dry_run: true, reason: None };
        let report = swapped.recompute_deadlines(&dry).await.unwrap();
        assert_eq!(report.moved, 1, "[{}] {report}", app.backend);
        let change = &report.changes[0];
        assert_eq!(change.new_due, vn(2027, 5, 6, 0, 0));
        assert_eq!(change.seq, None);
        assert_eq!(read(&app, &w, &open).await, before, "[{}] a dry run writes nothing", app.backend);
        assert_eq!(notices(&app, &w.coordinator).await, notices_before);

        // The run moves the open duty to 24:00 Wed 5 May and says why.
        let reason = "Lịch nghỉ năm 2027 thay đổi: hoán đổi ngày 30/4";
        let run = RecomputeOptions { dry_run: false, reason: Some(reason.into()) };
        let report = swapped.recompute_deadlines(&run).await.unwrap();
        assert_eq!((report.moved, report.conflicts), (1, 0), "[{}] {report}", app.backend);
        assert_eq!(report.checked, report.moved + report.unchanged + report.not_counted);
        let after = read(&app, &w, &open).await;
        let assign = handoff(&after, "assign_provider");
        let new_due = vn(2027, 5, 6, 0, 0).to_rfc3339();
        assert_eq!(assign["dueAt"], new_due, "[{}]", app.backend);
        assert_eq!(assign["computation"]["due"], new_due);
        assert!(
            assign["computation"]["skipped"].as_array().unwrap().iter()
                .any(|d| d["date"] == "2027-04-29" && d["kind"] == "swapped_off"),
            "{assign:#}"
        );
        assert_eq!(after["version"], before["version"].as_i64().unwrap() + 1);
        let event = after["timeline"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(event["kind"], "deadline_recomputed", "[{}]", app.backend);
        assert_eq!(event["seq"], after["version"]);
        assert_eq!(event["detail"]["old_due"], vn(2027, 5, 5, 0, 0).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
        let summary = event["summary"].as_str().unwrap();
        assert!(summary.starts_with("Hạn thay đổi (assign_provider): hạn cũ 24:00 04/05/2027, hạn mới 24:00 05/05/2027 — Lịch nghỉ năm 2027 thay đổi: hoán đổi ngày 30/4; Lịch nghỉ năm 2027 thay đổi: thêm ngày nghỉ Nghỉ hoán đổi"), "{summary}");
        assert!(summary.contains(" / Due instant moved (assign_provider): was 24:00 04/05/2027, now 24:00 05/05/2027"), "{summary}");

        // The responsible agency (the center) is told.
        let moved: Vec<Value> = notices(&app, &w.coordinator).await.into_iter()
            .filter(|n| n["kind"] == "DEADLINE_MOVED").collect();
        assert_eq!(moved.len(), 1, "[{}] {moved:#?}", app.backend);
        assert_eq!(moved[0]["dueAt"], new_due);
        assert_eq!(moved[0]["handoffId"], assign["id"]);
        let message = moved[0]["message"].as_str().unwrap();
        assert!(message.starts_with("Hạn đã thay đổi: "), "{message}");
        assert!(message.contains("hạn cũ 24:00 04/05/2027, hạn mới 24:00 05/05/2027"), "{message}");

        // The met duty is not touched.
        let met_after = read(&app, &w, &met).await;
        assert_eq!(handoff(&met_after, "assign_provider"), handoff(&met_before, "assign_provider"));
        assert!(met_after["timeline"].as_array().unwrap().iter().all(|e| e["kind"] != "deadline_recomputed"));

        // A second run moves nothing and writes nothing.
        let again = swapped.recompute_deadlines(&run).await.unwrap();
        assert_eq!((again.moved, again.checked), (0, report.checked), "[{}] {again}", app.backend);
        assert_eq!(read(&app, &w, &open).await, after);
        assert_eq!(notices(&app, &w.coordinator).await.len(), notices_before.len() + 1);
    }
}
