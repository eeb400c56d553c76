//! The matter page: the person and the proceedings, every deadline with its legal basis,
//! due instant and status, the timeline, and the actions the user may take now (from the
//! API's `nextSteps`). Also its print view (A4), which carries the assignment decision.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use baton_domain::agency::Role;

use crate::gql::matter_page::{HandoffStatus, MatterPageMatter};
use crate::gql::{self, MatterPage, Refused};
use crate::pages::{Chrome, refused_page, render};
use crate::session::Viewer;
use crate::{Console, fmt};

/// One deadline as the page shows it.
#[derive(Debug, Clone)]
pub struct ClockRow {
    pub label: String,
    pub limit: String,
    pub basis: String,
    pub owed_by: String,
    pub started: String,
    pub due: String,
    pub done: String,
    pub status: &'static str,
    pub left: String,
    pub late: bool,
}

/// One event of the timeline.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub at: String,
    pub summary: String,
    pub actor: String,
}

/// A provider the coordinator may assign.
#[derive(Debug, Clone)]
pub struct ProviderChoice {
    pub id: String,
    pub label: String,
}

/// Errors of a refused action, shown next to the field they concern.
#[derive(Debug, Clone, Default)]
pub struct FormErrors {
    pub action: String,
    pub general: Vec<String>,
    pub fields: HashMap<String, String>,
    pub conflict: bool,
}

impl FormErrors {
    pub fn from_refused(action: &str, refused: &Refused) -> Self {
        let mut errors = FormErrors {
            action: action.to_owned(),
            conflict: refused.code() == "CONFLICT",
            ..Default::default()
        };
        for e in &refused.0 {
            match &e.field {
                Some(field) => {
                    errors.fields.insert(field.clone(), e.message.clone());
                }
                None => errors.general.push(e.message.clone()),
            }
        }
        errors
    }

    /// The error of a field of this action's form, if any.
    pub fn field(&self, action: &str, field: &str) -> Option<&String> {
        (self.action == action)
            .then(|| self.fields.get(field))
            .flatten()
    }

    /// The errors of this action's form that concern no field.
    pub fn general_for(&self, action: &str) -> &[String] {
        if self.action == action {
            &self.general
        } else {
            &[]
        }
    }
}

/// The page's model: the matter, ready to show.
#[derive(Debug, Clone)]
pub struct MatterView {
    pub id: String,
    pub version: i64,
    pub state: String,
    pub case_number: String,
    pub stage: String,
    pub person: String,
    pub birth: String,
    pub eligibility: String,
    pub custody: String,
    pub proof: String,
    pub handling: String,
    pub center: String,
    pub province: String,
    pub received: String,
    pub ruleset: String,
    pub refusal: String,
    pub assignment: Option<(String, String, String, String)>,
    pub registration: String,
    pub clocks: Vec<ClockRow>,
    pub timeline: Vec<EventRow>,
    pub steps: Vec<String>,
    pub providers: Vec<ProviderChoice>,
}

#[derive(Template)]
#[template(path = "matter.html")]
pub(crate) struct MatterPageView {
    pub chrome: Chrome,
    pub m: MatterView,
    pub done: String,
    pub errors: FormErrors,
    pub coordinator: bool,
    pub officer: bool,
}

impl MatterPageView {
    fn may(&self, step: &str) -> bool {
        let center = [
            "accept_referral",
            "accept_immediately",
            "refuse_referral",
            "assign_provider",
            "present_papers",
        ];
        let agency = ["register_counsel"];
        self.m.steps.iter().any(|s| s == step)
            && ((self.coordinator && center.contains(&step))
                || (self.officer && agency.contains(&step)))
    }

    fn messages_conflict(&self) -> &'static str {
        crate::messages::for_code("CONFLICT", None)
    }

    /// Steps the console has no form for, named for the user.
    fn other_steps(&self) -> Vec<&String> {
        let known = [
            "accept_referral",
            "accept_immediately",
            "refuse_referral",
            "assign_provider",
            "present_papers",
            "register_counsel",
        ];
        self.m
            .steps
            .iter()
            .filter(|s| !known.contains(&s.as_str()))
            .collect()
    }
}

#[derive(Template)]
#[template(path = "print.html")]
struct PrintView {
    css: &'static str,
    m: MatterView,
    printed: String,
}

fn status_label(status: &HandoffStatus) -> &'static str {
    match status {
        HandoffStatus::OPEN => "Đang mở",
        HandoffStatus::OVERDUE => "Quá hạn",
        HandoffStatus::MET_ON_TIME => "Đúng hạn",
        HandoffStatus::MET_LATE => "Trễ hạn",
        HandoffStatus::PAUSED => "Tạm dừng",
        HandoffStatus::CANCELLED => "Đã hủy",
        HandoffStatus::Other(_) => "",
    }
}

fn view(m: MatterPageMatter, now: chrono::DateTime<chrono::Utc>) -> MatterView {
    let clocks = m
        .handoffs
        .into_iter()
        .map(|h| {
            let open = matches!(h.status, HandoffStatus::OPEN | HandoffStatus::OVERDUE);
            ClockRow {
                label: h.label,
                limit: h.limit.unwrap_or_default(),
                basis: h.legal_basis.unwrap_or_default(),
                owed_by: h.responsible_agency.name,
                started: fmt::date_time(&h.started_at),
                due: fmt::date_time(&h.due_at),
                done: h
                    .discharged_at
                    .as_deref()
                    .map(fmt::date_time)
                    .unwrap_or_default(),
                status: status_label(&h.status),
                left: if open {
                    fmt::time_left(&h.due_at, now)
                } else {
                    String::new()
                },
                late: matches!(h.status, HandoffStatus::OVERDUE | HandoffStatus::MET_LATE),
            }
        })
        .collect();
    let timeline = m
        .timeline
        .into_iter()
        .map(|e| EventRow {
            at: fmt::date_time(&e.occurred_at),
            summary: e.summary.unwrap_or_else(|| e.kind.clone()),
            actor: format!("{} ({})", e.actor_name, e.actor_agency.name),
        })
        .collect();
    let providers = m
        .center
        .providers
        .iter()
        .filter(|p| p.active && p.may_act_in_proceedings)
        .map(|p| ProviderChoice {
            id: p.id.clone(),
            label: match &p.card_number {
                Some(card) => format!("{} · {} · {card}", p.name, p.kind_label),
                None => format!("{} · {}", p.name, p.kind_label),
            },
        })
        .collect();
    MatterView {
        id: m.id,
        version: m.version,
        state: m.state_label,
        case_number: m.proceeding.case_number,
        stage: m.proceeding.stage_label,
        person: m.person.full_name,
        birth: m
            .person
            .birth_date
            .as_deref()
            .map(fmt::date)
            .unwrap_or_default(),
        eligibility: m
            .person
            .eligibility_label
            .unwrap_or_else(|| "(không hiển thị)".into()),
        custody: m
            .person
            .custody_label
            .unwrap_or_else(|| "(không hiển thị)".into()),
        proof: m.person.proof_document.unwrap_or_default(),
        handling: m.handling_agency.name,
        center: m.center.name,
        province: m.center.province_name,
        received: fmt::date_time(&m.received_at),
        ruleset: m.ruleset_version,
        refusal: m.refusal.and_then(|r| r.reason).unwrap_or_default(),
        assignment: m.assignment.map(|a| {
            let (name, kind) = a
                .provider
                .map(|p| (p.name, p.kind_label))
                .unwrap_or_default();
            (
                name,
                kind,
                a.decision_number.unwrap_or_default(),
                a.assigned_at
                    .as_deref()
                    .map(fmt::date_time)
                    .unwrap_or_default(),
            )
        }),
        registration: m
            .registration
            .map(|r| {
                format!(
                    "{} ({})",
                    r.registration_number.unwrap_or_default(),
                    fmt::date_time(&r.registered_at)
                )
            })
            .unwrap_or_default(),
        clocks,
        timeline,
        steps: m.next_steps,
        providers,
    }
}

/// Loads the matter page's data as the viewer and renders it (with the errors of a refused
/// action, when there are some).
pub(crate) async fn show(
    console: &Console,
    viewer: &Viewer,
    id: &str,
    done: String,
    errors: FormErrors,
    status: StatusCode,
) -> Response {
    let vars = gql::matter_page::Variables { id: id.to_owned() };
    let data = match gql::run::<MatterPage>(&console.schema, &viewer.principal, vars).await {
        Ok(data) => data,
        Err(refused) => return refused_page(&refused),
    };
    let page = MatterPageView {
        chrome: Chrome::new(viewer, &data.me.agency.name, data.unread_notification_count),
        m: view(data.matter, console.engine.now()),
        done,
        errors,
        coordinator: viewer.has(Role::CenterCoordinator),
        officer: viewer.has(Role::AgencyOfficer),
    };
    render(status, &page)
}

pub(crate) async fn page(
    State(console): State<Console>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let done = query
        .get("done")
        .map(|d| done_message(d))
        .unwrap_or_default();
    show(
        &console,
        &viewer,
        &id,
        done.to_owned(),
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// What the page says after an action succeeded.
pub fn done_message(action: &str) -> &'static str {
    match action {
        "accept_referral" | "accept_immediately" => "Đã thụ lý vụ việc.",
        "assign_provider" => "Đã cử người thực hiện trợ giúp pháp lý.",
        "refuse_referral" => "Đã từ chối thụ lý.",
        "register_counsel" => "Đã đăng ký bào chữa.",
        "created" => "Đã ghi nhận yêu cầu và thông báo cho Trung tâm.",
        _ => "Đã lưu.",
    }
}

pub(crate) async fn print(
    State(console): State<Console>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Response {
    let vars = gql::matter_page::Variables { id };
    match gql::run::<MatterPage>(&console.schema, &viewer.principal, vars).await {
        Ok(data) => {
            let now = console.engine.now();
            render(
                StatusCode::OK,
                &PrintView {
                    css: crate::assets::CSS_URL.as_str(),
                    m: view(data.matter, now),
                    printed: fmt::date_time(&now.to_rfc3339()),
                },
            )
        }
        Err(refused) => refused_page(&refused),
    }
}
