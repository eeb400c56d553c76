//! The console's pages: one module per area, each page a typed askama template.

pub(crate) mod actions;
pub(crate) mod enrol;
pub(crate) mod home;
pub(crate) mod intake;
pub(crate) mod matter;
pub(crate) mod signin;
pub(crate) mod signin_submit;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use baton_domain::agency::Role;

use crate::assets::{CSS_URL, JS_URL};
use crate::gql::Refused;
use crate::session::Viewer;

/// What the frame of every signed-in page shows: who is signed in, the bell, the menu.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub name: String,
    pub agency: String,
    pub role: &'static str,
    pub unread: i64,
    pub csrf: String,
    pub css: &'static str,
    pub js: &'static str,
    pub may_request: bool,
}

impl Chrome {
    pub fn new(viewer: &Viewer, agency: &str, unread: i64) -> Self {
        let p = &viewer.principal;
        Chrome {
            name: p.name.clone(),
            agency: agency.to_owned(),
            role: p.roles.first().map_or("", |r| r.label_vi()),
            unread,
            csrf: viewer.csrf.clone(),
            css: CSS_URL.as_str(),
            js: JS_URL.as_str(),
            may_request: viewer.has(Role::AgencyOfficer),
        }
    }
}

/// Renders a template, or a plain error if it cannot be.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "a console template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "lỗi hiển thị trang").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    css: &'a str,
    message: &'a str,
    status: u16,
}

/// A page that says what went wrong, in Vietnamese, with a way back.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    render(
        status,
        &ErrorPage {
            css: CSS_URL.as_str(),
            message,
            status: status.as_u16(),
        },
    )
}

/// A refused operation as a page: not found, forbidden or anything else.
pub fn refused_page(refused: &Refused) -> Response {
    let status = match refused.code() {
        "NOT_FOUND" => StatusCode::NOT_FOUND,
        "FORBIDDEN" => StatusCode::FORBIDDEN,
        "UNAUTHENTICATED" => StatusCode::UNAUTHORIZED,
        "RATE_LIMITED" => StatusCode::TOO_MANY_REQUESTS,
        "BAD_USER_INPUT" => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let message = refused
        .0
        .first()
        .map_or("Đã có lỗi trong hệ thống.", |e| e.message.as_str());
    error_page(status, message)
}

/// One open duty as a list shows it.
#[derive(Debug, Clone)]
pub struct DutyRow {
    pub matter_id: String,
    pub label: String,
    pub who: String,
    pub case_number: String,
    pub due: String,
    pub left: String,
    pub overdue: bool,
    pub basis: String,
}
