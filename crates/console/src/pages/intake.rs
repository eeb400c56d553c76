//! Recording a legal aid request (Ghi nhận yêu cầu trợ giúp pháp lý): the agency officer's
//! form, which is also the written notice to the center (Mẫu 03). Each field explains
//! itself; a refusal shows the API's reason in Vietnamese next to the field.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::Console;
use crate::gql::request_legal_aid as op;
use crate::gql::{self, Centers, Refused};
use crate::pages::{Chrome, refused_page, render};
use crate::session::{Viewer, check_csrf};

/// A choice of a select: value, label.
pub type Choice = (&'static str, &'static str);

pub const ELIGIBILITY: &[Choice] = &[
    (
        "REVOLUTIONARY_MERIT",
        "Người có công với cách mạng (Điều 7.1)",
    ),
    ("POOR_HOUSEHOLD", "Người thuộc hộ nghèo (Điều 7.2)"),
    ("CHILD", "Trẻ em (Điều 7.3)"),
    (
        "ETHNIC_MINORITY",
        "Người dân tộc thiểu số ở vùng khó khăn (Điều 7.4)",
    ),
    (
        "JUVENILE",
        "Người bị buộc tội từ đủ 16 đến dưới 18 tuổi (Điều 7.5)",
    ),
    (
        "ACCUSED_NEAR_POOR",
        "Người bị buộc tội thuộc hộ cận nghèo (Điều 7.6)",
    ),
    ("TRAFFICKING_VICTIM", "Nạn nhân mua bán người (Điều 7.7)"),
    ("MARTYR_RELATIVE", "Thân nhân liệt sĩ (Điều 7.7)"),
    (
        "AGENT_ORANGE_VICTIM",
        "Người nhiễm chất độc da cam (Điều 7.7)",
    ),
    (
        "ELDERLY",
        "Người cao tuổi có khó khăn về tài chính (Điều 7.7)",
    ),
    (
        "DISABLED",
        "Người khuyết tật có khó khăn về tài chính (Điều 7.7)",
    ),
    (
        "DOMESTIC_VIOLENCE_VICTIM",
        "Nạn nhân bạo lực gia đình (Điều 7.7)",
    ),
    (
        "HIV_POSITIVE",
        "Người nhiễm HIV có khó khăn về tài chính (Điều 7.7)",
    ),
];
pub const CUSTODY: &[Choice] = &[
    ("ARRESTED", "Người bị bắt"),
    ("TEMPORARY_CUSTODY", "Người bị tạm giữ"),
    ("DETAINED", "Người bị tạm giam"),
    ("AT_LIBERTY", "Tại ngoại"),
];
pub const ROLES: &[Choice] = &[
    ("ACCUSED", "Bị can, bị cáo (người bị buộc tội)"),
    ("VICTIM", "Bị hại"),
    ("LITIGANT", "Đương sự"),
];
pub const KINDS: &[Choice] = &[
    ("CRIMINAL", "Hình sự"),
    ("CIVIL", "Dân sự"),
    ("ADMINISTRATIVE", "Hành chính"),
];
pub const STAGES: &[Choice] = &[
    ("INVESTIGATION", "Điều tra"),
    ("PROSECUTION", "Truy tố"),
    ("FIRST_INSTANCE_TRIAL", "Xét xử sơ thẩm"),
    ("APPEAL", "Xét xử phúc thẩm"),
];

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage {
    chrome: Chrome,
    centers: Vec<(String, String)>,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
    general: Vec<String>,
}

impl IntakePage {
    fn value(&self, key: &str) -> &str {
        self.values.get(key).map_or("", String::as_str)
    }

    fn error(&self, key: &str) -> Option<&String> {
        self.errors.get(key)
    }

    fn selected(&self, key: &str, value: &str) -> bool {
        self.value(key) == value
    }

    fn eligibility(&self) -> &'static [Choice] {
        ELIGIBILITY
    }
    fn custody(&self) -> &'static [Choice] {
        CUSTODY
    }
    fn roles(&self) -> &'static [Choice] {
        ROLES
    }
    fn kinds(&self) -> &'static [Choice] {
        KINDS
    }
    fn stages(&self) -> &'static [Choice] {
        STAGES
    }
}

async fn page(
    console: &Console,
    viewer: &Viewer,
    values: HashMap<String, String>,
    refused: Option<&Refused>,
    status: StatusCode,
) -> Response {
    let data = match gql::run::<Centers>(
        &console.schema,
        &viewer.principal,
        gql::centers::Variables,
    )
    .await
    {
        Ok(d) => d,
        Err(r) => return refused_page(&r),
    };
    let province = data.me.agency.province.clone();
    let centers = data
        .agencies
        .into_iter()
        .filter(|a| a.province == province)
        .map(|a| (a.id, a.name))
        .collect();
    let mut errors = HashMap::new();
    let mut general = Vec::new();
    for e in refused.map(|r| r.0.as_slice()).unwrap_or_default() {
        match &e.field {
            Some(f) => {
                let key = f.rsplit('.').next().unwrap_or(f).to_owned();
                errors.insert(key, e.message.clone());
            }
            None => general.push(e.message.clone()),
        }
    }
    render(
        status,
        &IntakePage {
            chrome: Chrome::new(viewer, &data.me.agency.name, data.unread_notification_count),
            centers,
            values,
            errors,
            general,
        },
    )
}

pub(crate) async fn form(State(console): State<Console>, viewer: Viewer) -> Response {
    page(&console, &viewer, HashMap::new(), None, StatusCode::OK).await
}

fn choose<T>(value: Option<&String>, pick: impl Fn(&str) -> Option<T>) -> Option<T> {
    value.and_then(|v| pick(v))
}

fn input(form: &HashMap<String, String>) -> Result<op::RequestLegalAidInput, Refused> {
    let get = |k: &str| {
        form.get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let missing = |field: &str, message: &str| {
        Refused(vec![gql::ApiError {
            code: "BAD_USER_INPUT".into(),
            field: Some(field.into()),
            message: message.into(),
            detail: format!("{field}: missing"),
        }])
    };
    use op::{
        CustodyStatus as C, EligibilityCategory as E, ProceduralRole as R, ProceedingKind as K,
        Stage as S,
    };
    let eligibility = choose(form.get("eligibility"), |v| {
        Some(match v {
            "REVOLUTIONARY_MERIT" => E::REVOLUTIONARY_MERIT,
            "POOR_HOUSEHOLD" => E::POOR_HOUSEHOLD,
            "CHILD" => E::CHILD,
            "ETHNIC_MINORITY" => E::ETHNIC_MINORITY,
            "JUVENILE" => E::JUVENILE,
            "ACCUSED_NEAR_POOR" => E::ACCUSED_NEAR_POOR,
            "TRAFFICKING_VICTIM" => E::TRAFFICKING_VICTIM,
            "MARTYR_RELATIVE" => E::MARTYR_RELATIVE,
            "AGENT_ORANGE_VICTIM" => E::AGENT_ORANGE_VICTIM,
            "ELDERLY" => E::ELDERLY,
            "DISABLED" => E::DISABLED,
            "DOMESTIC_VIOLENCE_VICTIM" => E::DOMESTIC_VIOLENCE_VICTIM,
            "HIV_POSITIVE" => E::HIV_POSITIVE,
            _ => return None,
        })
    })
    .ok_or_else(|| {
        missing(
            "eligibility",
            "Vui lòng chọn diện người được trợ giúp pháp lý.",
        )
    })?;
    let custody = choose(form.get("custody"), |v| {
        Some(match v {
            "ARRESTED" => C::ARRESTED,
            "TEMPORARY_CUSTODY" => C::TEMPORARY_CUSTODY,
            "DETAINED" => C::DETAINED,
            "AT_LIBERTY" => C::AT_LIBERTY,
            _ => return None,
        })
    })
    .ok_or_else(|| missing("custody", "Vui lòng chọn tình trạng."))?;
    let role = choose(form.get("proceduralRole"), |v| {
        Some(match v {
            "ACCUSED" => R::ACCUSED,
            "VICTIM" => R::VICTIM,
            "LITIGANT" => R::LITIGANT,
            _ => return None,
        })
    })
    .ok_or_else(|| missing("proceduralRole", "Vui lòng chọn tư cách tham gia tố tụng."))?;
    let kind = choose(form.get("kind"), |v| {
        Some(match v {
            "CRIMINAL" => K::CRIMINAL,
            "CIVIL" => K::CIVIL,
            "ADMINISTRATIVE" => K::ADMINISTRATIVE,
            _ => return None,
        })
    })
    .ok_or_else(|| missing("kind", "Vui lòng chọn loại vụ án."))?;
    let stage = choose(form.get("stage"), |v| {
        Some(match v {
            "INVESTIGATION" => S::INVESTIGATION,
            "PROSECUTION" => S::PROSECUTION,
            "FIRST_INSTANCE_TRIAL" => S::FIRST_INSTANCE_TRIAL,
            "APPEAL" => S::APPEAL,
            _ => return None,
        })
    })
    .ok_or_else(|| missing("stage", "Vui lòng chọn giai đoạn tố tụng."))?;
    let full_name =
        get("fullName").ok_or_else(|| missing("fullName", "Vui lòng nhập họ và tên."))?;
    let case_number =
        get("caseNumber").ok_or_else(|| missing("caseNumber", "Vui lòng nhập số vụ án."))?;
    let center_id =
        get("centerId").ok_or_else(|| missing("centerId", "Vui lòng chọn Trung tâm."))?;
    Ok(op::RequestLegalAidInput {
        person: op::PersonInput {
            full_name,
            birth_date: get("birthDate"),
            eligibility,
            proof_document: get("proofDocument"),
            custody,
            procedural_role: role,
            disadvantaged_area: None,
        },
        proceeding: op::ProceedingInput {
            kind,
            case_number,
            stage,
        },
        center_id,
        received_at: None,
        idempotency_key: get("idempotencyKey"),
    })
}

pub(crate) async fn submit(
    State(console): State<Console>,
    viewer: Viewer,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = check_csrf(&viewer.csrf, &form) {
        return refused;
    }
    let result = match input(&form) {
        Ok(input) => {
            gql::run::<gql::RequestLegalAid>(
                &console.schema,
                &viewer.principal,
                op::Variables { input },
            )
            .await
        }
        Err(refused) => Err(refused),
    };
    match result {
        Ok(data) => {
            let id = data.request_legal_aid.matter.id;
            Redirect::to(&format!("/matters/{id}?done=created")).into_response()
        }
        Err(refused) => {
            page(
                &console,
                &viewer,
                form,
                Some(&refused),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
