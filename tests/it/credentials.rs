//! Passwords and one-time enrolment (issue 11, item 3): an administrator makes a code, the
//! user sets a password with it and signs in; the code works once and expires; sign-in
//! locks after five failures in a row and gives one answer to every failure.

use baton_api::error::{ApiError, Code};
use baton_domain::agency::Role;
use baton_domain::ids::UserId;
use baton_engine::{ENROLMENT_HOURS, EngineError, LOCK_MINUTES};
use chrono::Duration;
use serde_json::json;

use crate::harness::*;

const PASSWORD: &str = "Mật khẩu đủ dài 2026";

/// What a client is told for an engine error: its code and message.
fn seen<T: std::fmt::Debug>(result: Result<T, EngineError>) -> (Code, String) {
    let err = ApiError::from(result.expect_err("refused"));
    (err.code(), err.message().to_owned())
}

/// A court clerk added by the department's administrator, and that administrator.
async fn clerk(app: &TestApp, w: &World) -> (UserId, baton_domain::agency::Principal) {
    let admin = administrator(app, w.supervisor.agency.id).await;
    let user = app
        .engine
        .add_user(
            Some(&admin),
            w.court.id,
            "Thư ký Đỗ Thị Lan",
            None,
            &[Role::AgencyOfficer],
            None,
        )
        .await
        .unwrap();
    (user, admin)
}

backend_test! {
    async fn a_user_enrols_sets_a_password_and_signs_in(app) {
        let w = World::build(&app).await;
        let (user, admin) = clerk(&app, &w).await;
        let enrolment = app.engine.create_enrolment(Some(&admin), user).await.unwrap();
        assert_eq!(enrolment.user, user);
        assert_eq!(enrolment.expires_at, app.engine.now() + Duration::hours(ENROLMENT_HOURS));

        // Not before enrolment: the account has no password yet.
        let before = app.engine.sign_in_with_password("thu.ky.do.thi.lan", PASSWORD).await;
        assert_eq!(seen(before).0, Code::Unauthenticated, "[{}]", app.backend);

        // Too short a password is refused by name, and the code still works after.
        let short = app.engine.complete_enrolment_with_password(&enrolment.code, "ngắn").await;
        match ApiError::from(short.unwrap_err()) {
            e if e.code() == Code::BadUserInput && e.message().starts_with("password:") => {}
            e => panic!("[{}] {e:?}", app.backend),
        }
        let done = app
            .engine
            .complete_enrolment_with_password(&enrolment.code, PASSWORD)
            .await
            .unwrap();
        assert_eq!(done, user);

        // The login was derived from the name, without diacritics.
        let signed = app.engine.sign_in_with_password("thu.ky.do.thi.lan", PASSWORD).await.unwrap();
        assert_eq!(signed, user, "[{}]", app.backend);
        let typed = app.engine.sign_in_with_password(" Thu.Ky.Do.Thi.Lan ", PASSWORD).await.unwrap();
        assert_eq!(typed, user);

        // The administrator saw the account listed with its login, and the log has both steps.
        let accounts = app.engine.users(&admin, w.court.id).await.unwrap();
        let account = accounts.iter().find(|a| a.user.id == user).unwrap();
        assert_eq!(account.user.login, "thu.ky.do.thi.lan");
        assert!(account.user.has_password);
        let log = app
            .ok(&admin, "{ adminLog { edges { node { action actorName subjectId } } } }", json!({}))
            .await;
        let actions: Vec<_> = log["adminLog"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["node"]["action"].as_str().unwrap().to_owned(), e["node"]["actorName"].as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(actions[0], ("SET_PASSWORD".to_owned(), "Thư ký Đỗ Thị Lan".to_owned()));
        assert_eq!(actions[1], ("CREATE_ENROLMENT".to_owned(), "Quản trị Tạ Quang Huy".to_owned()));
    }
}

backend_test! {
    async fn an_enrolment_code_works_once(app) {
        let w = World::build(&app).await;
        let (user, admin) = clerk(&app, &w).await;
        let code = app.engine.create_enrolment(Some(&admin), user).await.unwrap().code;
        app.engine.complete_enrolment_with_password(&code, PASSWORD).await.unwrap();

        let again = app.engine.complete_enrolment_with_password(&code, "Mật khẩu của kẻ khác 1").await;
        let (code_seen, message) = seen(again);
        assert_eq!(code_seen, Code::Unauthenticated, "[{}]", app.backend);
        assert!(message.contains("enrolment code is not valid"), "{message}");
        let token = app.engine.redeem_enrolment_for_token(&code, None).await;
        assert_eq!(seen(token).0, Code::Unauthenticated);
        // The first password still stands.
        app.engine.sign_in_with_password("thu.ky.do.thi.lan", PASSWORD).await.unwrap();
        let other = app.engine.sign_in_with_password("thu.ky.do.thi.lan", "Mật khẩu của kẻ khác 1").await;
        assert_eq!(seen(other).0, Code::Unauthenticated);
    }
}

backend_test! {
    async fn two_uses_of_one_code_at_once_give_one_success(app) {
        let w = World::build(&app).await;
        let (user, admin) = clerk(&app, &w).await;
        let code = app.engine.create_enrolment(Some(&admin), user).await.unwrap().code;
        let (a, b) = tokio::join!(
            app.engine.redeem_enrolment_for_token(&code, None),
            app.engine.complete_enrolment_with_password(&code, PASSWORD),
        );
        assert_eq!(usize::from(a.is_ok()) + usize::from(b.is_ok()), 1, "[{}] {a:?} {b:?}", app.backend);
    }
}

backend_test! {
    async fn an_expired_or_superseded_code_is_refused_and_changes_nothing(app) {
        let w = World::build(&app).await;
        let (user, admin) = clerk(&app, &w).await;
        let first = app.engine.create_enrolment(Some(&admin), user).await.unwrap().code;
        let second = app.engine.create_enrolment(Some(&admin), user).await.unwrap().code;
        let superseded = app.engine.complete_enrolment_with_password(&first, PASSWORD).await;
        assert_eq!(seen(superseded).0, Code::Unauthenticated, "[{}]", app.backend);

        app.clock.advance(Duration::hours(ENROLMENT_HOURS));
        let late = app.engine.complete_enrolment_with_password(&second, PASSWORD).await;
        assert_eq!(seen(late).0, Code::Unauthenticated, "[{}]", app.backend);
        let token = app.engine.redeem_enrolment_for_token(&second, None).await;
        assert_eq!(seen(token).0, Code::Unauthenticated);
        let unknown = app.engine.redeem_enrolment_for_token("not-a-code", None).await;
        assert_eq!(seen(unknown).0, Code::Unauthenticated);

        // No password was set.
        let sign_in = app.engine.sign_in_with_password("thu.ky.do.thi.lan", PASSWORD).await;
        assert_eq!(seen(sign_in).0, Code::Unauthenticated);
        let accounts = app.engine.users(&admin, w.court.id).await.unwrap();
        assert!(accounts.iter().all(|a| !a.user.has_password));
    }
}

backend_test! {
    async fn five_failures_lock_the_account_for_fifteen_minutes(app) {
        let w = World::build(&app).await;
        let (user, admin) = clerk(&app, &w).await;
        let code = app.engine.create_enrolment(Some(&admin), user).await.unwrap().code;
        app.engine.complete_enrolment_with_password(&code, PASSWORD).await.unwrap();

        // Four failures, then a success: the count starts again.
        for _ in 0..4 {
            assert!(app.engine.sign_in_with_password("thu.ky.do.thi.lan", "sai mật khẩu rồi").await.is_err());
        }
        app.engine.sign_in_with_password("thu.ky.do.thi.lan", PASSWORD).await.unwrap();
        for _ in 0..4 {
            assert!(app.engine.sign_in_with_password("thu.ky.do.thi.lan", "sai mật khẩu rồi").await.is_err());
        }
        app.engine.sign_in_with_password("thu.ky.do.thi.lan", PASSWORD).await.unwrap();

        // Five in a row: even the right password is refused, with the same answer.
        for _ in 0..5 {
            assert!(app.engine.sign_in_with_password("thu.ky.do.thi.lan", "sai mật khẩu rồi").await.is_err());
        }
        let wrong = seen(app.engine.sign_in_with_password("thu.ky.do.thi.lan", "sai mật khẩu rồi").await);
        let locked = seen(app.engine.sign_in_with_password("thu.ky.do.thi.lan", PASSWORD).await);
        assert_eq!(locked, wrong, "[{}]", app.backend);
        assert_eq!(locked.0, Code::Unauthenticated);

        app.clock.advance(Duration::minutes(LOCK_MINUTES) - Duration::seconds(1));
        assert!(app.engine.sign_in_with_password("thu.ky.do.thi.lan", PASSWORD).await.is_err());
        app.clock.advance(Duration::seconds(1));
        let back = app.engine.sign_in_with_password("thu.ky.do.thi.lan", PASSWORD).await.unwrap();
        assert_eq!(back, user, "[{}]", app.backend);
    }
}

backend_test! {
    async fn a_wrong_password_and_an_unknown_login_give_the_same_answer(app) {
        let w = World::build(&app).await;
        let (user, admin) = clerk(&app, &w).await;
        let code = app.engine.create_enrolment(Some(&admin), user).await.unwrap().code;
        app.engine.complete_enrolment_with_password(&code, PASSWORD).await.unwrap();

        let wrong = seen(app.engine.sign_in_with_password("thu.ky.do.thi.lan", "sai mật khẩu rồi").await);
        let unknown = seen(app.engine.sign_in_with_password("khong.co.ai", PASSWORD).await);
        // A user added without ever enrolling has no password.
        app.engine
            .add_user(Some(&admin), w.court.id, "Thư ký Lê Văn Tâm", Some("le.tam"), &[Role::AgencyOfficer], None)
            .await
            .unwrap();
        let no_password = seen(app.engine.sign_in_with_password("le.tam", PASSWORD).await);
        assert_eq!(wrong, unknown, "[{}]", app.backend);
        assert_eq!(no_password, unknown);
        assert_eq!(wrong.0, Code::Unauthenticated);
        assert!(!wrong.1.contains("thu.ky.do.thi.lan"));
    }
}

backend_test! {
    async fn a_login_is_chosen_or_derived_and_a_taken_one_is_a_conflict_on_login(app) {
        let w = World::build(&app).await;
        let admin = administrator(&app, w.supervisor.agency.id).await;
        const ADD: &str = "mutation($input: AddUserInput!) { addUser(input: $input) { userId } }";
        let input = |login: Option<&str>| json!({ "input": {
            "agencyId": w.court.id.to_string(), "name": "Thư ký Đỗ Thị Lan",
            "login": login, "roles": ["AGENCY_OFFICER"] } });
        app.ok(&admin, ADD, input(None)).await;
        app.ok(&admin, ADD, input(None)).await;
        app.ok(&admin, ADD, input(Some("lan.dt"))).await;
        let users = app.ok(&admin, "query($a: ID!) { users(agencyId: $a) { login } }",
            json!({ "a": w.court.id.to_string() })).await;
        let mut logins: Vec<_> = users["users"].as_array().unwrap().iter()
            .filter_map(|u| u["login"].as_str()).filter(|l| l.contains("lan")).collect();
        logins.sort_unstable();
        assert_eq!(logins, ["lan.dt", "thu.ky.do.thi.lan", "thu.ky.do.thi.lan-2"], "[{}]", app.backend);

        let taken = app.gql(Some(&admin), ADD, input(Some("lan.dt"))).await;
        assert_eq!(taken["errors"][0]["extensions"]["code"], "CONFLICT", "{taken:#}");
        assert_eq!(taken["errors"][0]["extensions"]["field"], "login");
        let bad = app.gql(Some(&admin), ADD, input(Some("Lan ĐT"))).await;
        assert_eq!(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
        assert_eq!(bad["errors"][0]["extensions"]["field"], "login");
    }
}

const CREATE: &str = "mutation($input: CreateEnrolmentInput!) { \
    createEnrolment(input: $input) { userId code expiresAt link } }";
const REDEEM: &str = "mutation($input: RedeemEnrolmentInput!) { \
    redeemEnrolment(input: $input) { token expiresAt } }";

backend_test! {
    async fn a_code_handed_over_through_the_api_redeems_once_for_the_users_own_token(app) {
        let w = World::build(&app).await;
        let (user, admin) = clerk(&app, &w).await;
        let input = json!({ "input": { "userId": user.to_string() } });
        // Another province's administrator may not make one.
        let bn_admin = administrator(&app, w.other_supervisor.agency.id).await;
        assert_eq!(app.error_code(Some(&bn_admin), CREATE, input.clone()).await, "FORBIDDEN");

        let made = app.ok(&admin, CREATE, input).await["createEnrolment"].clone();
        let code = made["code"].as_str().unwrap().to_owned();
        assert_eq!(made["link"], format!("/enrol?code={code}"), "[{}]", app.backend);

        // No token is needed to redeem it; the token is the user's own.
        let redeem = json!({ "input": { "code": code, "expiresInDays": 30 } });
        let redeemed = app.gql(None, REDEEM, redeem.clone()).await;
        let token = redeemed["data"]["redeemEnrolment"]["token"].as_str().unwrap().to_owned();
        let me = app.engine.authenticate(&token).await.unwrap();
        assert_eq!(me.user_id, user, "[{}]", app.backend);
        assert_eq!(me.name, "Thư ký Đỗ Thị Lan");
        // Once.
        assert_eq!(app.error_code(None, REDEEM, redeem).await, "UNAUTHENTICATED");
    }
}
