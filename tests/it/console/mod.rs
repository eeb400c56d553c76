//! The console over HTTP (without a browser): sessions, CSRF, headers, and the pages of the
//! main journey rendered from the API as the signed-in user. The browser plays the same
//! journeys in [`browser`].

mod browser;
mod pages;
mod signin;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use baton_domain::agency::Principal;
use tower::ServiceExt;

use crate::harness::*;

/// The app as `baton serve` builds it: the console beside the API.
pub fn app_router(app: &TestApp) -> Router {
    baton_console::router(
        app.schema.clone(),
        app.engine.clone(),
        baton_console::Settings::default(),
    )
    .merge(baton_api::router(app.schema.clone(), app.engine.clone()))
}

/// A console session for `who`: the cookie header and the CSRF token of its forms.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

pub async fn session(app: &TestApp, who: &Principal) -> Session {
    let opened = app.engine.open_console_session(who.user_id).await.unwrap();
    Session {
        cookie: format!("{}={}", baton_console::session::COOKIE, opened.secret),
        csrf: opened.csrf,
    }
}

/// A response as a test reads it.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

pub async fn send(app: &TestApp, request: Request<Body>) -> Page {
    let response = app_router(app).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let location = headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    let body = to_bytes(response.into_body(), 4 << 20).await.unwrap();
    Page {
        status,
        location,
        headers,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

pub async fn get(app: &TestApp, path: &str, session: Option<&Session>) -> Page {
    let mut request = Request::get(path);
    if let Some(s) = session {
        request = request.header(header::COOKIE, &s.cookie);
    }
    send(app, request.body(Body::empty()).unwrap()).await
}

/// `application/x-www-form-urlencoded`.
pub fn form(fields: &[(&str, &str)]) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub async fn post(app: &TestApp, path: &str, session: Option<&Session>, body: String) -> Page {
    let mut request =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(s) = session {
        request = request.header(header::COOKIE, &s.cookie);
    }
    send(app, request.body(Body::from(body)).unwrap()).await
}
