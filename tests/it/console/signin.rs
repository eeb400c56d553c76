//! Signing in and enrolling through the console's forms, over HTTP, on every backend.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

use super::*;

/// The sign-in (or enrolment) form's CSRF token and the cookie that carries it.
async fn form_token(app: &TestApp, path: &str) -> (String, String) {
    let page = get(app, path, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let set = page.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let cookie = set.split(';').next().unwrap().to_owned();
    let at = page.body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf: String = page.body[at..].chars().take_while(|c| *c != '"').collect();
    (cookie, csrf)
}

async fn post_with_cookie(app: &TestApp, path: &str, cookie: &str, body: String) -> Page {
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    send(app, request).await
}

const PASSWORD: &str = "mật khẩu đủ dài 2026";

backend_test! {
    async fn console_a_new_user_enrols_signs_in_and_wrong_passwords_are_throttled(app) {
        let w = World::build(&app).await;
        let login = baton_domain::credentials::derive_login(&w.clerk.name);

        // Enrolment: the link's page sets the password and signs the user in.
        let enrolment = app.engine.create_enrolment(None, w.clerk.user_id).await.unwrap();
        let path = format!("/enrol?code={}", enrolment.code);
        let (cookie, csrf) = form_token(&app, &path).await;
        let short = post_with_cookie(&app, "/enrol", &cookie, form(&[("csrf", &csrf), ("code", &enrolment.code), ("password", "ngắn"), ("confirm", "ngắn")])).await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(short.body.contains("Không thể đặt mật khẩu"), "{}", short.body);
        let no_csrf = post_with_cookie(&app, "/enrol", &cookie, form(&[("code", &enrolment.code), ("password", PASSWORD), ("confirm", PASSWORD)])).await;
        assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
        let done = post_with_cookie(&app, "/enrol", &cookie, form(&[("csrf", &csrf), ("code", &enrolment.code), ("password", PASSWORD), ("confirm", PASSWORD)])).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(done.location.as_deref(), Some("/"));
        let again = post_with_cookie(&app, "/enrol", &cookie, form(&[("csrf", &csrf), ("code", &enrolment.code), ("password", PASSWORD), ("confirm", PASSWORD)])).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "a code works once");

        // Sign-in: without the form's token, refused; with a wrong password, one message.
        let (cookie, csrf) = form_token(&app, "/signin").await;
        let forged = post_with_cookie(&app, "/signin", &cookie, form(&[("csrf", "x"), ("login", &login), ("password", PASSWORD)])).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        let wrong = post_with_cookie(&app, "/signin", &cookie, form(&[("csrf", &csrf), ("login", &login), ("password", "không phải mật khẩu")])).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert!(wrong.body.contains("Tên đăng nhập hoặc mật khẩu không đúng."));
        let unknown = post_with_cookie(&app, "/signin", &cookie, form(&[("csrf", &csrf), ("login", "khong-co-ai"), ("password", PASSWORD)])).await;
        assert!(unknown.body.contains("Tên đăng nhập hoặc mật khẩu không đúng."), "no hint of which accounts exist");

        let ok = post_with_cookie(&app, "/signin", &cookie, form(&[("csrf", &csrf), ("login", &login), ("password", PASSWORD)])).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let set: Vec<_> = ok.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        let session = set.iter().find(|c| c.starts_with("baton_session=")).unwrap();
        assert!(session.contains("HttpOnly; SameSite=Strict; Path=/") && !session.contains("Secure"), "{session}");
        let cookie = session.split(';').next().unwrap().to_owned();
        let home = send(&app, Request::get("/").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(home.body.contains(&w.clerk.name));

        // The address's failures: after the burst, even the right password is refused (one
        // router, as one server keeps one throttle).
        let (cookie, csrf) = form_token(&app, "/signin").await;
        let router = app_router(&app);
        let attempt = |password: &'static str, login: String| {
            let request = Request::post("/signin")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &cookie)
                .body(Body::from(form(&[("csrf", &csrf), ("login", &login), ("password", password)])))
                .unwrap();
            router.clone().oneshot(request)
        };
        for _ in 0..=baton_console::throttle::BURST {
            let refused = attempt("sai", "khong-co-ai".into()).await.unwrap();
            assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        }
        let throttled = attempt(PASSWORD, login.clone()).await.unwrap();
        assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
        let body = axum::body::to_bytes(throttled.into_body(), 1 << 20).await.unwrap();
        assert!(String::from_utf8_lossy(&body).contains("Đăng nhập sai quá nhiều lần từ địa chỉ này."));
        // A minute later the address may try again.
        app.clock.advance(chrono::Duration::seconds(61));
        let again = attempt(PASSWORD, login.clone()).await.unwrap();
        assert_eq!(again.status(), StatusCode::SEE_OTHER);
    }
}
