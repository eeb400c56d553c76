//! The sign-in form's POST: the password is checked by the engine
//! (`sign_in_with_password`: argon2id, and each account's own lockout); the console adds a
//! throttle per network address ([`crate::throttle`]). One message for every failure, so
//! the page does not tell which accounts exist.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{Extensions, HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};

use baton_domain::ids::UserId;

use crate::Console;
use crate::pages::error_page;
use crate::pages::signin::page;
use crate::session::{COOKIE, SIGNIN_COOKIE, check_csrf, clear_cookie, cookie, set_cookie};

/// The client's address, as the server accepted the connection.
fn address(extensions: &Extensions) -> IpAddr {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip())
}

const WRONG: &str = "Tên đăng nhập hoặc mật khẩu không đúng.";
const THROTTLED: &str = "Đăng nhập sai quá nhiều lần từ địa chỉ này. Vui lòng thử lại sau ít phút.";

pub(crate) async fn submit(
    State(console): State<Console>,
    extensions: Extensions,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let none = HashMap::new();
    let expected = cookie(&headers, SIGNIN_COOKIE).unwrap_or_default();
    if expected.is_empty() {
        return error_page(
            StatusCode::FORBIDDEN,
            "Yêu cầu bị từ chối: thiếu mã xác thực (CSRF). Vui lòng tải lại trang đăng nhập.",
        );
    }
    if let Err(refused) = check_csrf(&expected, &form) {
        return refused;
    }
    let login = form
        .get("login")
        .map(|l| l.trim().to_owned())
        .unwrap_or_default();
    let password = form.get("password").cloned().unwrap_or_default();
    let from = address(&extensions);
    if !console.throttle.admits(from) {
        return page(
            &console,
            StatusCode::TOO_MANY_REQUESTS,
            login,
            Some(THROTTLED),
            &none,
        );
    }
    let user = match console
        .engine
        .sign_in_with_password(&login, &password)
        .await
    {
        Ok(user) => user,
        Err(baton_engine::EngineError::SignInRefused) => {
            console.throttle.failed(from);
            return page(
                &console,
                StatusCode::UNAUTHORIZED,
                login,
                Some(WRONG),
                &none,
            );
        }
        Err(err) => {
            tracing::error!(error = %err, "console sign-in failed");
            return error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "Hệ thống tạm thời gián đoạn, vui lòng thử lại.",
            );
        }
    };
    start_session(&console, user).await
}

/// Opens a console session for `user`, who has just proved who they are (a password at
/// sign-in, or a new one at enrolment): the session cookie is set, the sign-in form's CSRF
/// cookie cleared, and the browser sent home.
pub(crate) async fn start_session(console: &Console, user: UserId) -> Response {
    match console.engine.open_console_session(user).await {
        Ok(session) => {
            let secure = console.settings.secure_cookies;
            (
                AppendHeaders([
                    (
                        header::SET_COOKIE,
                        set_cookie(COOKIE, &session.secret, secure),
                    ),
                    (header::SET_COOKIE, clear_cookie(SIGNIN_COOKIE, secure)),
                ]),
                Redirect::to("/"),
            )
                .into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "cannot open a console session");
            error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "Hệ thống tạm thời gián đoạn, vui lòng thử lại.",
            )
        }
    }
}
