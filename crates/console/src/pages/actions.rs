//! The actions of the matter page: one POST per form, checked for its CSRF token, run as a
//! GraphQL mutation with the version the user saw (`expectedVersion`: a change by someone
//! else is a CONFLICT, shown with a link to reload). Success redirects back to the matter
//! (303, so a reload does not post again); a refusal shows the page again with the errors
//! next to their fields.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::Console;
use crate::gql::{self, Refused};
use crate::pages::matter::{FormErrors, show};
use crate::session::{Viewer, check_csrf};

fn text(form: &HashMap<String, String>, key: &str) -> Option<String> {
    form.get(key)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn missing(field: &str, message: &str) -> Refused {
    Refused(vec![gql::ApiError {
        code: "BAD_USER_INPUT".into(),
        field: Some(field.into()),
        message: message.into(),
        detail: format!("{field}: missing"),
    }])
}

pub(crate) async fn act(
    State(console): State<Console>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = check_csrf(&viewer.csrf, &form) {
        return refused;
    }
    let action = form.get("action").cloned().unwrap_or_default();
    let version = form.get("version").and_then(|v| v.parse::<i64>().ok());
    let (s, p) = (&console.schema, &viewer.principal);
    let matter_id = id.clone();
    let result: Result<(), Refused> = match action.as_str() {
        "accept_referral" => {
            use gql::accept_referral::{AcceptReferralInput, Variables};
            let input = AcceptReferralInput {
                matter_id,
                expected_version: version,
                idempotency_key: None,
                note: text(&form, "note"),
            };
            gql::run::<gql::AcceptReferral>(s, p, Variables { input })
                .await
                .map(drop)
        }
        "accept_immediately" => {
            use gql::accept_immediately::{AcceptImmediatelyInput, Variables};
            let input = AcceptImmediatelyInput {
                matter_id,
                expected_version: version,
                idempotency_key: None,
                note: None,
                force_majeure: None,
            };
            gql::run::<gql::AcceptImmediately>(s, p, Variables { input })
                .await
                .map(drop)
        }
        "refuse_referral" => {
            use gql::refuse_referral::{RefusalGround, RefuseReferralInput, Variables};
            let ground = match form.get("ground").map(String::as_str) {
                Some("NO_CONCRETE_CASE") => RefusalGround::NO_CONCRETE_CASE,
                Some("UNLAWFUL_CONTENT") => RefusalGround::UNLAWFUL_CONTENT,
                Some("PERSON_DIED") => RefusalGround::PERSON_DIED,
                Some("HANDLED_ELSEWHERE") => RefusalGround::HANDLED_ELSEWHERE,
                _ => RefusalGround::NOT_ELIGIBLE,
            };
            match text(&form, "reason") {
                None => Err(missing(
                    "reason",
                    "Vui lòng ghi lý do từ chối bằng văn bản.",
                )),
                Some(reason) => {
                    let input = RefuseReferralInput {
                        matter_id,
                        expected_version: version,
                        idempotency_key: None,
                        ground,
                        reason,
                    };
                    gql::run::<gql::RefuseReferral>(s, p, Variables { input })
                        .await
                        .map(drop)
                }
            }
        }
        "assign_provider" => {
            use gql::assign_provider::{AssignProviderInput, Variables};
            match text(&form, "providerId") {
                None => Err(missing(
                    "providerId",
                    "Vui lòng chọn người thực hiện trợ giúp pháp lý.",
                )),
                Some(provider_id) => {
                    let input = AssignProviderInput {
                        matter_id,
                        expected_version: version,
                        idempotency_key: None,
                        provider_id,
                        decision_number: text(&form, "decisionNumber"),
                    };
                    gql::run::<gql::AssignProvider>(s, p, Variables { input })
                        .await
                        .map(drop)
                }
            }
        }
        "present_papers" => {
            use gql::present_papers::{PresentPapersInput, Variables};
            let input = PresentPapersInput {
                matter_id,
                expected_version: version,
                idempotency_key: None,
                note: None,
            };
            gql::run::<gql::PresentPapers>(s, p, Variables { input })
                .await
                .map(drop)
        }
        "register_counsel" => {
            use gql::register_counsel::{RegisterCounselInput, Variables};
            let input = RegisterCounselInput {
                matter_id,
                expected_version: version,
                idempotency_key: None,
                registration_number: text(&form, "registrationNumber"),
            };
            gql::run::<gql::RegisterCounsel>(s, p, Variables { input })
                .await
                .map(drop)
        }
        _ => Err(missing("action", "Thao tác không hợp lệ.")),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/matters/{id}?done={action}")).into_response(),
        Err(refused) => {
            let status = if refused.code() == "CONFLICT" {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let errors = FormErrors::from_refused(&action, &refused);
            show(&console, &viewer, &id, String::new(), errors, status).await
        }
    }
}
