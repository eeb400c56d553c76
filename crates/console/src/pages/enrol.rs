//! Account enrolment (Kích hoạt tài khoản): a new user opens the one-time link the
//! administrator handed over (`/enrol?code=…`) and sets a password. The engine checks the
//! code and the password's rules and stores its argon2id hash
//! (`complete_enrolment_with_password`); the user is then signed in.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::Console;
use crate::assets::CSS_URL;
use crate::pages::signin::random_token;
use crate::pages::signin_submit::start_session;
use crate::pages::{error_page, render};
use crate::session::{SIGNIN_COOKIE, check_csrf, cookie, set_cookie};

#[derive(Template)]
#[template(path = "enrol.html")]
struct EnrolPage {
    css: &'static str,
    csrf: String,
    code: String,
    error: Option<String>,
}

fn page(console: &Console, status: StatusCode, code: String, error: Option<String>) -> Response {
    let csrf = random_token();
    let set = set_cookie(SIGNIN_COOKIE, &csrf, console.settings.secure_cookies);
    let body = render(
        status,
        &EnrolPage {
            css: CSS_URL.as_str(),
            csrf,
            code,
            error,
        },
    );
    ([(header::SET_COOKIE, set)], body).into_response()
}

pub(crate) async fn form(
    State(console): State<Console>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let code = query.get("code").cloned().unwrap_or_default();
    if code.is_empty() {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Đường dẫn kích hoạt tài khoản không đầy đủ. Vui lòng liên hệ quản trị viên.",
        );
    }
    page(&console, StatusCode::OK, code, None)
}

pub(crate) async fn submit(
    State(console): State<Console>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let expected = cookie(&headers, SIGNIN_COOKIE).unwrap_or_default();
    if expected.is_empty() {
        return error_page(
            StatusCode::FORBIDDEN,
            "Yêu cầu bị từ chối: thiếu mã xác thực (CSRF). Vui lòng mở lại đường dẫn kích hoạt.",
        );
    }
    if let Err(refused) = check_csrf(&expected, &form) {
        return refused;
    }
    let code = form.get("code").cloned().unwrap_or_default();
    let password = form.get("password").cloned().unwrap_or_default();
    if form.get("confirm") != Some(&password) {
        let message = "Hai mật khẩu không khớp nhau.".to_owned();
        return page(
            &console,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
            Some(message),
        );
    }
    let user = match console
        .engine
        .complete_enrolment_with_password(&code, &password)
        .await
    {
        Ok(user) => user,
        Err(err) => {
            let message = match &err {
                baton_engine::EngineError::Domain(e) => format!(
                    "Không thể đặt mật khẩu: {e}. Nếu đường dẫn đã hết hạn hoặc đã dùng, \
                     vui lòng xin quản trị viên cấp đường dẫn mới."
                ),
                _ => "Đường dẫn kích hoạt không hợp lệ, đã dùng hoặc đã hết hạn. \
                      Vui lòng xin quản trị viên cấp đường dẫn mới."
                    .to_owned(),
            };
            return page(
                &console,
                StatusCode::UNPROCESSABLE_ENTITY,
                code,
                Some(message),
            );
        }
    };
    start_session(&console, user).await
}
