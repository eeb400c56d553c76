//! The half-year report: what supervisors count per province, agency and kind of duty.

use chrono::Duration;
use serde_json::json;

use crate::harness::*;

const REPORT: &str = "query($from: DateTime!, $to: DateTime!) { dutyStatistics(from: $from, to: $to) { \
    province kind agency { name } open overdue metOnTime metLate medianSecondsToDischarge } }";

backend_test! {
    async fn the_report_counts_met_late_and_overdue_duties_with_the_median_time(app) {
        let w = World::build(&app).await;
        let from = app.engine.now();
        // Three arrested persons' referrals: 12-hour assignment clocks.
        let mut matters = Vec::new();
        for _ in 0..3 {
            let m = request(&app, &w.clerk, &w.center, "ARRESTED").await;
            accept(&app, &w.coordinator, &m).await;
            matters.push(m);
        }
        let assign =
            |m: &str| json!({ "input": { "matterId": m, "providerId": w.officer.to_string() } });
        app.clock.advance(Duration::hours(2));
        app.ok(&w.coordinator, ASSIGN, assign(&matters[0])).await;
        present_papers(&app, &w.coordinator, &matters[0]).await;
        app.clock.advance(Duration::hours(12));
        app.ok(&w.coordinator, ASSIGN, assign(&matters[1])).await;
        present_papers(&app, &w.coordinator, &matters[1]).await;
        let to = app.engine.now() + Duration::minutes(1);

        let data = app
            .ok(
                &w.supervisor,
                REPORT,
                json!({ "from": from.to_rfc3339(), "to": to.to_rfc3339() }),
            )
            .await;
        let rows = data["dutyStatistics"].as_array().unwrap();
        let assign_row = rows
            .iter()
            .find(|r| r["kind"] == "assign_on_notice")
            .unwrap();
        assert_eq!(
            assign_row["agency"]["name"], w.center.name,
            "[{}]",
            app.backend
        );
        assert_eq!(
            (
                &assign_row["open"],
                &assign_row["overdue"],
                &assign_row["metOnTime"],
                &assign_row["metLate"]
            ),
            (&json!(1), &json!(1), &json!(1), &json!(1))
        );
        assert_eq!(
            assign_row["medianSecondsToDischarge"],
            8 * 3600,
            "median of 2 h and 14 h"
        );
        let register = rows
            .iter()
            .find(|r| r["kind"] == "register_counsel")
            .unwrap();
        assert_eq!(
            (&register["open"], &register["overdue"]),
            (&json!(2), &json!(0))
        );

        // Other provinces count nothing of it; clerks get no report; a period is checked.
        let theirs = app
            .ok(
                &w.other_supervisor,
                REPORT,
                json!({ "from": from.to_rfc3339(), "to": to.to_rfc3339() }),
            )
            .await;
        assert_eq!(theirs["dutyStatistics"], json!([]));
        let vars = json!({ "from": from.to_rfc3339(), "to": to.to_rfc3339() });
        assert_eq!(
            app.error_code(Some(&w.clerk), REPORT, vars).await,
            "FORBIDDEN"
        );
        let backwards = json!({ "from": to.to_rfc3339(), "to": from.to_rfc3339() });
        assert_eq!(
            app.error_code(Some(&w.supervisor), REPORT, backwards).await,
            "BAD_USER_INPUT"
        );
    }
}

backend_test! {
    async fn a_report_read_a_few_duties_at_a_time_counts_the_same(app) {
        let w = World::build(&app).await;
        let from = app.engine.now();
        for i in 0..7 {
            let m = request(&app, &w.clerk, &w.center, "ARRESTED").await;
            accept(&app, &w.coordinator, &m).await;
            if i % 2 == 0 {
                let input =
                    json!({ "input": { "matterId": m, "providerId": w.officer.to_string() } });
                app.ok(&w.coordinator, ASSIGN, input).await;
                present_papers(&app, &w.coordinator, &m).await;
            }
            app.clock.advance(Duration::hours(5));
        }
        let to = app.engine.now();
        let whole = app
            .engine
            .duty_statistics_in_pages(&w.supervisor, from, to, 10_000)
            .await
            .unwrap();
        let paged = app
            .engine
            .duty_statistics_in_pages(&w.supervisor, from, to, 2)
            .await
            .unwrap();
        assert_eq!(paged, whole, "[{}]", app.backend);
        let duties: u64 = whole
            .iter()
            .map(|s| s.open + s.met_on_time + s.met_late)
            .sum();
        // Per matter: notify_center (met), assign_provider; four assigned also opened
        // register_counsel.
        assert_eq!(duties, 7 + 7 + 4, "[{}] {whole:?}", app.backend);
    }
}
