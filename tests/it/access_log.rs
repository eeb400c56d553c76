//! Every read of sensitive personal data is logged, append-only, and supervisors read the
//! log of their province.

use serde_json::json;

use crate::harness::*;

const SENSITIVE: &str =
    "query($id: ID!) { matter(id: $id) { person { fullName birthDate custody } } }";
const LOG: &str = "query($id: ID) { accessLog(matterId: $id) { edges { node { userName fields matterId agency { name } } } } }";

backend_test! {
    async fn reads_of_sensitive_data_are_logged_and_supervisors_read_the_log_but_not_the_data(app) {
        let w = World::build(&app).await;
        let m = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        let data = app.ok(&w.coordinator, SENSITIVE, json!({ "id": m })).await;
        assert_eq!(data["matter"]["person"]["custody"], "ARRESTED");
        // Not asking for sensitive fields logs nothing.
        app.ok(
            &w.clerk,
            "query($id: ID!) { matter(id: $id) { person { fullName } } }",
            json!({ "id": m }),
        )
        .await;

        let log = app.ok(&w.supervisor, LOG, json!({ "id": m })).await;
        let entries = log["accessLog"]["edges"].as_array().unwrap();
        assert_eq!(entries.len(), 1, "[{}] {log:#}", app.backend);
        assert_eq!(entries[0]["node"]["userName"], w.coordinator.name);
        assert_eq!(
            entries[0]["node"]["fields"],
            json!(["birthDate", "custody"])
        );
        assert_eq!(entries[0]["node"]["agency"]["name"], w.center.name);

        // The supervisor's own attempt is redacted and logs nothing.
        let r = app
            .gql(Some(&w.supervisor), SENSITIVE, json!({ "id": m }))
            .await;
        assert_eq!(r["errors"][0]["extensions"]["code"], "REDACTED");
        assert_eq!(r["data"]["matter"]["person"]["fullName"], "Trần Văn Bình");
        let again = app.ok(&w.supervisor, LOG, json!({ "id": m })).await;
        assert_eq!(again["accessLog"]["edges"].as_array().unwrap().len(), 1);

        // Another province's supervisor sees no entry; a clerk may not read the log.
        let theirs = app.ok(&w.other_supervisor, LOG, json!({ "id": m })).await;
        assert_eq!(theirs["accessLog"]["edges"], json!([]));
        assert_eq!(
            app.error_code(Some(&w.clerk), LOG, json!({ "id": m }))
                .await,
            "FORBIDDEN"
        );
    }
}

backend_test! {
    async fn the_access_log_refuses_updates_and_deletes(app) {
        let w = World::build(&app).await;
        let m = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        app.ok(&w.clerk, SENSITIVE, json!({ "id": m })).await;
        assert_refused(
            &app,
            &[
                "UPDATE access_log SET user_name = 'x'",
                "DELETE FROM access_log",
            ],
        )
        .await;
        let log = app.ok(&w.supervisor, LOG, json!({ "id": m })).await;
        assert_eq!(log["accessLog"]["edges"].as_array().unwrap().len(), 1);
    }
}

backend_test! {
    async fn reading_the_grounds_of_a_mandatory_defence_or_an_event_detail_is_logged(app) {
        let w = World::build(&app).await;
        let m = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        let q = "query($id: ID!) { matter(id: $id) { mandatoryGrounds } }";
        app.ok(&w.coordinator, q, json!({ "id": m })).await;
        let q = "query($id: ID!) { matter(id: $id) { timeline { detail } } }";
        app.ok(&w.clerk, q, json!({ "id": m })).await;
        let log = app.ok(&w.supervisor, LOG, json!({ "id": m })).await;
        let fields: Vec<_> = log["accessLog"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["node"]["userName"].clone(), e["node"]["fields"].clone()))
            .collect();
        assert_eq!(
            fields,
            [
                (json!(w.clerk.name), json!(["timeline.detail"])),
                (json!(w.coordinator.name), json!(["mandatoryGrounds"])),
            ],
            "[{}]",
            app.backend
        );
    }
}
