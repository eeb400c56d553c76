//! The sign-in page and signing out. The sign-in form carries a CSRF token too, bound to a
//! cookie set with the form (no session exists yet); its POST is
//! [`signin_submit`](super::signin_submit).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::Console;
use crate::assets::CSS_URL;
use crate::pages::render;
use crate::session::{COOKIE, SIGNIN_COOKIE, Viewer, check_csrf, clear_cookie, set_cookie};

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    css: &'static str,
    csrf: String,
    login: String,
    error: Option<&'static str>,
    expired: bool,
    signed_out: bool,
}

/// A fresh random token (hex).
pub(crate) fn random_token() -> String {
    uuid::Uuid::new_v4().simple().to_string() + &uuid::Uuid::new_v4().simple().to_string()
}

pub(crate) fn page(
    console: &Console,
    status: StatusCode,
    login: String,
    error: Option<&'static str>,
    query: &HashMap<String, String>,
) -> Response {
    let csrf = random_token();
    let set = set_cookie(SIGNIN_COOKIE, &csrf, console.settings.secure_cookies);
    let body = render(
        status,
        &SignInPage {
            css: CSS_URL.as_str(),
            csrf,
            login,
            error,
            expired: query.contains_key("expired"),
            signed_out: query.contains_key("signed_out"),
        },
    );
    ([(header::SET_COOKIE, set)], body).into_response()
}

pub(crate) async fn form(
    State(console): State<Console>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    page(&console, StatusCode::OK, String::new(), None, &query)
}

pub(crate) async fn sign_out(
    State(console): State<Console>,
    viewer: Viewer,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = check_csrf(&viewer.csrf, &form) {
        return refused;
    }
    if let Err(err) = console.engine.close_console_session(&viewer.secret).await {
        tracing::error!(error = %err, "cannot close a console session");
    }
    (
        [(
            header::SET_COOKIE,
            clear_cookie(COOKIE, console.settings.secure_cookies),
        )],
        Redirect::to("/signin?signed_out=1"),
    )
        .into_response()
}
