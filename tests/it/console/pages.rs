//! The console's pages and protections over HTTP, on every backend.

use axum::http::{StatusCode, header};
use chrono::Duration;
use serde_json::json;

use super::*;

async fn matter_state(app: &TestApp, who: &Principal, id: &str) -> String {
    let data = app
        .ok(
            who,
            "query($id: ID!) { matter(id: $id) { state } }",
            json!({ "id": id }),
        )
        .await;
    data["matter"]["state"].as_str().unwrap().to_owned()
}

backend_test! {
    async fn console_without_a_session_sends_to_sign_in_and_an_idle_session_expires(app) {
        let w = World::build(&app).await;
        let page = get(&app, "/", None).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(page.location.as_deref(), Some("/signin"));

        let s = session(&app, &w.clerk).await;
        let page = get(&app, "/", Some(&s)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("Thư ký Phạm Thu Trang"), "{}", page.body);

        // Used 29 minutes later it lives on; 30 idle minutes after that it has expired.
        app.clock.advance(Duration::minutes(29));
        assert_eq!(get(&app, "/", Some(&s)).await.status, StatusCode::OK);
        app.clock.advance(Duration::minutes(30));
        let page = get(&app, "/", Some(&s)).await;
        assert_eq!(page.location.as_deref(), Some("/signin?expired=1"));
        let signin = get(&app, "/signin?expired=1", None).await;
        assert!(signin.body.contains("Phiên làm việc đã hết hạn, vui lòng đăng nhập lại."));
        // Expired is gone: the same cookie is now simply unknown.
        let page = get(&app, "/", Some(&s)).await;
        assert_eq!(page.location.as_deref(), Some("/signin"));
    }
}

backend_test! {
    async fn console_sessions_end_twelve_hours_after_sign_in_however_busy(app) {
        let w = World::build(&app).await;
        let s = session(&app, &w.clerk).await;
        for _ in 0..24 {
            assert_eq!(get(&app, "/", Some(&s)).await.status, StatusCode::OK);
            app.clock.advance(Duration::minutes(29));
        }
        // 24 × 29 min = 11 h 36 min, never idle 30 minutes; at 12 h it ends all the same.
        assert_eq!(get(&app, "/", Some(&s)).await.status, StatusCode::OK);
        app.clock.advance(Duration::minutes(24));
        let page = get(&app, "/", Some(&s)).await;
        assert_eq!(page.location.as_deref(), Some("/signin?expired=1"));
    }
}

backend_test! {
    async fn console_a_post_without_its_csrf_token_is_refused_and_changes_nothing(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "DETAINED").await;
        let s = session(&app, &w.coordinator).await;
        let path = format!("/matters/{id}/act");
        let page = post(&app, &path, Some(&s), form(&[("action", "accept_referral"), ("version", "1")])).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(page.body.contains("CSRF"), "{}", page.body);
        let page = post(&app, &path, Some(&s), form(&[("action", "accept_referral"), ("csrf", "forged")])).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        // Another session's token is not this one's.
        let other = session(&app, &w.coordinator).await;
        let page = post(&app, &path, Some(&s), form(&[("action", "accept_referral"), ("csrf", &other.csrf)])).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert_eq!(matter_state(&app, &w.coordinator, &id).await, "NOTIFIED_TO_CENTER");
        let page = post(&app, "/signout", Some(&s), form(&[])).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "sign-out needs the token too");
    }
}

backend_test! {
    async fn console_coordinator_accepts_and_assigns_through_the_forms_and_sees_errors_by_their_field(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "DETAINED").await;
        let s = session(&app, &w.coordinator).await;

        let home = get(&app, "/", Some(&s)).await;
        assert!(home.body.contains("Vụ việc chờ xử lý (hộp thư đến)"), "{}", home.body);
        assert!(home.body.contains("Trần Văn Bình") && home.body.contains(&format!("/matters/{id}")));
        assert!(home.body.contains("Còn lại"), "time left on the clock: {}", home.body);

        let page = get(&app, &format!("/matters/{id}"), Some(&s)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Thông báo cho Trung tâm trợ giúp pháp lý"), "{}", page.body);
        assert!(page.body.contains("Luật TGPL Điều 31(3)"));
        assert!(page.body.contains("02/03/2026 09:00"), "dates in Vietnam time: {}", page.body);
        assert!(page.body.contains("value=\"accept_referral\""));

        let path = format!("/matters/{id}/act");
        let accepted = post(&app, &path, Some(&s), form(&[("csrf", &s.csrf), ("action", "accept_referral"), ("version", "1")])).await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
        assert_eq!(accepted.location, Some(format!("/matters/{id}?done=accept_referral")));
        let page = get(&app, accepted.location.as_deref().unwrap(), Some(&s)).await;
        assert!(page.body.contains("Đã thụ lý vụ việc."));
        assert!(page.body.contains("Cử người thực hiện trợ giúp pháp lý"));
        assert!(!page.body.contains("Đỗ Văn Hùng"), "a collaborator may not act in proceedings");

        // The same form again from the stale page: the matter moved on.
        let stale = post(&app, &path, Some(&s), form(&[("csrf", &s.csrf), ("action", "accept_referral"), ("version", "1")])).await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert!(stale.body.contains("Vụ việc vừa được người khác cập nhật. Vui lòng tải lại để xem thay đổi."));

        // A collaborator posted anyway: refused by the API, shown next to the field.
        let wrong = post(&app, &path, Some(&s), form(&[("csrf", &s.csrf), ("action", "assign_provider"), ("version", "2"), ("providerId", &w.collaborator.to_string())])).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.body);
        assert!(wrong.body.contains("id=\"providerId-error\""), "{}", wrong.body);
        assert!(wrong.body.contains("Trường này chưa hợp lệ. Người thực hiện trợ giúp pháp lý"));

        let assigned = post(&app, &path, Some(&s), form(&[("csrf", &s.csrf), ("action", "assign_provider"), ("version", "2"), ("providerId", &w.officer.to_string()), ("decisionNumber", "245/QĐ-TGPL")])).await;
        assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.body);
        assert_eq!(matter_state(&app, &w.coordinator, &id).await, "PROVIDER_ASSIGNED");
        let print = get(&app, &format!("/matters/{id}/print"), Some(&s)).await;
        assert!(print.body.contains("Quyết định cử người thực hiện trợ giúp pháp lý · Số quyết định 245/QĐ-TGPL"), "{}", print.body);
    }
}

backend_test! {
    async fn console_the_clerk_records_a_request_and_a_missing_field_is_named_in_vietnamese(app) {
        let w = World::build(&app).await;
        let s = session(&app, &w.clerk).await;
        let page = get(&app, "/requests/new", Some(&s)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<label for=\"fullName\">Họ và tên</label>"));
        assert!(page.body.contains(&w.center.id.to_string()));
        assert!(!page.body.contains(&w.other_center.id.to_string()), "only the province's center");

        let mut fields = vec![
            ("csrf", s.csrf.as_str()), ("fullName", ""), ("eligibility", "POOR_HOUSEHOLD"),
            ("custody", "DETAINED"), ("proceduralRole", "ACCUSED"), ("kind", "CRIMINAL"),
            ("caseNumber", "77/2026/HS-ST"), ("stage", "FIRST_INSTANCE_TRIAL"),
        ];
        let center = w.center.id.to_string();
        fields.push(("centerId", &center));
        let missing = post(&app, "/requests/new", Some(&s), form(&fields)).await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(missing.body.contains("id=\"fullName-error\">Vui lòng nhập họ và tên."), "{}", missing.body);
        assert!(missing.body.contains("value=\"77/2026/HS-ST\""), "what was typed stays");

        fields[1] = ("fullName", "Lê Thị Mai");
        let created = post(&app, "/requests/new", Some(&s), form(&fields)).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let page = get(&app, created.location.as_deref().unwrap(), Some(&s)).await;
        assert!(page.body.contains("Đã ghi nhận yêu cầu và thông báo cho Trung tâm."));
        assert!(page.body.contains("Lê Thị Mai") && page.body.contains("77/2026/HS-ST"));
    }
}

backend_test! {
    async fn console_a_user_of_another_province_sees_nothing_of_the_matter(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "DETAINED").await;
        let s = session(&app, &w.other_coordinator).await;
        let page = get(&app, &format!("/matters/{id}"), Some(&s)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.body.contains("Không tìm thấy vụ việc."));
        assert!(!page.body.contains("Trần Văn Bình"));
        let home = get(&app, "/", Some(&s)).await;
        assert!(!home.body.contains("Trần Văn Bình") && home.body.contains("Không có vụ việc."), "{}", home.body);
        let s = session(&app, &w.other_supervisor).await;
        assert_eq!(get(&app, &format!("/matters/{id}"), Some(&s)).await.status, StatusCode::NOT_FOUND);
    }
}

backend_test! {
    async fn console_the_supervisor_sees_overdue_duties_by_province_agency_and_kind(app) {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "DETAINED").await;
        accept(&app, &w.coordinator, &id).await;
        app.clock.advance(Duration::days(10));
        let s = session(&app, &w.supervisor).await;
        let home = get(&app, "/", Some(&s)).await;
        assert!(home.body.contains("Việc quá hạn theo tỉnh, cơ quan và loại việc"), "{}", home.body);
        assert!(home.body.contains("Trung tâm TGPL nhà nước Hà Nội"), "who owes it: {}", home.body);
        assert!(home.body.contains("Quá hạn"), "{}", home.body);
        assert!(home.body.contains(&format!("/matters/{id}")), "drill-down to the matter");
        let s = session(&app, &w.other_supervisor).await;
        let home = get(&app, "/", Some(&s)).await;
        assert!(home.body.contains("Không có việc quá hạn."), "{}", home.body);
    }
}

backend_test! {
    async fn console_pages_carry_a_strict_policy_and_assets_are_immutable(app) {
        let w = World::build(&app).await;
        let s = session(&app, &w.clerk).await;
        let page = get(&app, "/", Some(&s)).await;
        let csp = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
        assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
        let css = baton_console::assets::CSS_URL.as_str();
        assert!(page.body.contains(css));
        let asset = get(&app, css, None).await;
        assert_eq!(asset.status, StatusCode::OK);
        assert!(asset.headers[header::CACHE_CONTROL].to_str().unwrap().contains("immutable"));
        assert!(!page.body.contains("http://") && !page.body.contains("https://"), "nothing from another host");

        let out = post(&app, "/signout", Some(&s), form(&[("csrf", &s.csrf)])).await;
        assert_eq!(out.location.as_deref(), Some("/signin?signed_out=1"));
        let cleared = out.headers[header::SET_COOKIE].to_str().unwrap();
        assert!(cleared.contains("HttpOnly") && cleared.contains("SameSite=Strict") && cleared.contains("Max-Age=0"));
        assert_eq!(get(&app, "/", Some(&s)).await.location.as_deref(), Some("/signin"));
    }
}
