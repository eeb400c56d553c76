//! Who may act and see: every forbidden attempt is refused and writes nothing.

use serde_json::json;

use crate::harness::*;

backend_test! {
    async fn cross_agency_attempts_are_refused_and_write_nothing(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        let accept_input = json!({ "input": { "matterId": id } });
        let b = app.backend;

        // Another center's coordinator cannot even see the referral.
        let code = app
            .error_code(Some(&w.other_coordinator), ACCEPT, accept_input.clone())
            .await;
        assert_eq!(code, "NOT_FOUND", "[{b}]");
        // The requesting clerk sees it but may not accept it.
        assert_eq!(
            app.error_code(Some(&w.clerk), ACCEPT, accept_input.clone())
                .await,
            "FORBIDDEN"
        );
        // A supervisor sees it but may not accept it.
        assert_eq!(
            app.error_code(Some(&w.supervisor), ACCEPT, accept_input)
                .await,
            "FORBIDDEN"
        );
        // A coordinator may not record requests.
        let input = request_input(&w.center, "ARRESTED", None);
        assert_eq!(
            app.error_code(Some(&w.coordinator), REQUEST, input).await,
            "FORBIDDEN"
        );

        accept(&app, &w.coordinator, &id).await;
        let input = json!({ "input": { "matterId": id, "providerId": w.officer.to_string() } });
        app.ok(&w.coordinator, ASSIGN, input).await;
        // Another court's clerk cannot register counsel on this court's matter; neither
        // can an investigator, who sees nothing of it.
        let register = json!({ "input": { "matterId": id } });
        assert_eq!(
            app.error_code(Some(&w.other_clerk), REGISTER, register.clone())
                .await,
            "NOT_FOUND"
        );
        assert_eq!(
            app.error_code(Some(&w.investigator), REGISTER, register.clone())
                .await,
            "NOT_FOUND"
        );
        // The center may not register on the agency's behalf.
        assert_eq!(
            app.error_code(Some(&w.coordinator), REGISTER, register)
                .await,
            "FORBIDDEN"
        );
        // Nobody may act without a token.
        let anonymous = json!({ "input": { "matterId": id } });
        assert_eq!(
            app.error_code(None, REGISTER, anonymous).await,
            "UNAUTHENTICATED"
        );

        let m = matter(&app, &w.clerk, &id).await;
        assert_eq!(
            m["version"], 3,
            "[{b}] only the permitted commands were written"
        );
        assert_eq!(m["state"], "PROVIDER_ASSIGNED");
        assert_eq!(m["timeline"].as_array().unwrap().len(), 3);
    }
}

backend_test! {
    async fn a_matter_is_visible_to_its_agencies_and_supervisors_only(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        let q = "query($id: ID!) { matter(id: $id) { id } }";
        for who in [&w.clerk, &w.coordinator, &w.supervisor, &w.national] {
            app.ok(who, q, json!({ "id": id })).await;
        }
        for who in [
            &w.other_clerk,
            &w.other_coordinator,
            &w.other_supervisor,
            &w.investigator,
        ] {
            let code = app.error_code(Some(who), q, json!({ "id": id })).await;
            assert_eq!(code, "NOT_FOUND", "[{}] {}", app.backend, who.name);
        }
        // Absent and invisible look the same.
        let absent = json!({ "id": uuid::Uuid::now_v7().to_string() });
        assert_eq!(app.error_code(Some(&w.clerk), q, absent).await, "NOT_FOUND");
        assert_eq!(
            app.error_code(None, q, json!({ "id": id })).await,
            "UNAUTHENTICATED"
        );
    }
}

backend_test! {
    /// The caller's right is checked before the records a command names are looked up:
    /// a clerk probing provider ids learns nothing of which exist.
    async fn a_caller_without_the_right_learns_nothing_of_the_records_a_command_names(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        accept(&app, &w.coordinator, &id).await;
        let invented = uuid::Uuid::new_v4().to_string();
        let input = json!({ "input": { "matterId": id, "providerId": invented } });
        assert_eq!(
            app.error_code(Some(&w.clerk), ASSIGN, input.clone()).await,
            "FORBIDDEN",
            "[{}]",
            app.backend
        );
        // The coordinator, who may assign, is told the provider does not exist.
        assert_eq!(
            app.error_code(Some(&w.coordinator), ASSIGN, input).await,
            "BAD_USER_INPUT"
        );
    }
}
