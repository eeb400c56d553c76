//! The signed-in viewer of a page: found from the session cookie (`baton_session`,
//! `HttpOnly; SameSite=Strict; Path=/`, `Secure` behind TLS) through the engine's session
//! store, or sent to the sign-in page; and the CSRF token every form carries, checked on
//! every POST.

use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use baton_domain::agency::{Principal, Role};
use baton_engine::sessions::SessionEnd;
use sha2::{Digest, Sha256};

use crate::Console;
use crate::pages::error_page;

/// The session cookie's name.
pub const COOKIE: &str = "baton_session";
/// The cookie that carries the sign-in form's CSRF token before any session exists.
pub const SIGNIN_COOKIE: &str = "baton_signin";
/// The form field of the CSRF token.
pub const CSRF_FIELD: &str = "csrf";

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub principal: Principal,
    /// The CSRF token this session's forms carry.
    pub csrf: String,
    /// The cookie's secret (to sign out).
    pub(crate) secret: String,
}

impl Viewer {
    pub fn has(&self, role: Role) -> bool {
        self.principal.roles.contains(&role)
    }
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty())
}

/// `Set-Cookie` for a cookie of the console: `HttpOnly; SameSite=Strict; Path=/`, and
/// `Secure` when served behind TLS.
pub fn set_cookie(name: &str, value: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/{secure}")
}

/// `Set-Cookie` that removes a cookie.
pub fn clear_cookie(name: &str, secure: bool) -> String {
    format!("{}; Max-Age=0", set_cookie(name, "", secure))
}

/// Where a request without a live session goes: the sign-in page, saying why.
fn to_sign_in(expired: bool, secure: bool) -> Response {
    let target = if expired {
        "/signin?expired=1"
    } else {
        "/signin"
    };
    (
        [(header::SET_COOKIE, clear_cookie(COOKIE, secure))],
        Redirect::to(target),
    )
        .into_response()
}

impl FromRequestParts<Console> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, console: &Console) -> Result<Self, Response> {
        let secure = console.settings.secure_cookies;
        let Some(secret) = cookie(&parts.headers, COOKIE) else {
            return Err(to_sign_in(false, secure));
        };
        match console.engine.console_session(&secret).await {
            Ok(Ok(session)) => Ok(Viewer {
                principal: session.principal,
                csrf: session.csrf,
                secret,
            }),
            Ok(Err(SessionEnd::Expired)) => Err(to_sign_in(true, secure)),
            Ok(Err(SessionEnd::Unknown)) => Err(to_sign_in(false, secure)),
            Err(err) => {
                tracing::error!(error = %err, "cannot read a console session");
                Err(error_page(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Hệ thống tạm thời gián đoạn, vui lòng thử lại.",
                ))
            }
        }
    }
}

/// Compares two tokens in constant time (by their digests).
pub fn same_token(a: &str, b: &str) -> bool {
    let (a, b) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// Refuses a POST whose form does not carry this session's CSRF token: 403. The error is
/// the response itself, which the handler returns as is.
#[allow(clippy::result_large_err)]
pub fn check_csrf(expected: &str, form: &HashMap<String, String>) -> Result<(), Response> {
    match form.get(CSRF_FIELD) {
        Some(sent) if same_token(sent, expected) => Ok(()),
        _ => Err(error_page(
            StatusCode::FORBIDDEN,
            "Yêu cầu bị từ chối: biểu mẫu thiếu mã xác thực (CSRF) hoặc mã không đúng. \
             Vui lòng tải lại trang và thử lại.",
        )),
    }
}
