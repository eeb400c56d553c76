//! The home page, by role: an agency officer's matters and the duties their agency owes;
//! a coordinator's inbox (newest first, with the time left on each clock) and duties; a
//! supervisor's overdue duties by province, agency and kind, with their age and who owes
//! them.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use baton_domain::agency::Role;

use crate::gql::{self, CoordinatorHome, Me, OfficerHome, ProviderHome, SupervisorHome};
use crate::pages::{Chrome, DutyRow, refused_page, render};
use crate::session::Viewer;
use crate::{Console, fmt};

/// One matter in a list.
#[derive(Debug, Clone)]
pub struct MatterRow {
    pub id: String,
    pub case_number: String,
    pub person: String,
    pub state: String,
    pub received: String,
    pub other: String,
    pub waits: String,
    pub left: String,
    pub overdue: bool,
}

/// Overdue duties of one province, agency and kind.
#[derive(Debug, Clone)]
pub struct OverdueGroup {
    pub province: String,
    pub agency: String,
    pub kind: String,
    pub count: usize,
    pub oldest: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    heading: String,
    matters_title: &'static str,
    other_column: &'static str,
    matters: Option<Vec<MatterRow>>,
    duties_title: &'static str,
    duties: Option<Vec<DutyRow>>,
    groups: Option<Vec<OverdueGroup>>,
}

pub(crate) async fn home(State(console): State<Console>, viewer: Viewer) -> Response {
    let result = if viewer.has(Role::CenterCoordinator) {
        coordinator(&console, &viewer).await
    } else if viewer.has(Role::AgencyOfficer) {
        officer(&console, &viewer).await
    } else if viewer.has(Role::Provider) {
        provider(&console, &viewer).await
    } else if viewer.has(Role::Supervisor) {
        supervisor(&console, &viewer).await
    } else {
        anyone(&console, &viewer).await
    };
    match result {
        Ok(page) => render(StatusCode::OK, &page),
        Err(refused) => refused_page(&refused),
    }
}

fn duty_rows<'a>(
    items: impl Iterator<
        Item = (
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            String,
        ),
    > + 'a,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<DutyRow> {
    items
        .map(|(matter_id, label, who, case_number, due, basis, _)| {
            let left = fmt::time_left(&due, now);
            DutyRow {
                overdue: left.starts_with("Quá hạn"),
                matter_id,
                label,
                who,
                case_number,
                due: fmt::date_time(&due),
                left,
                basis: basis.unwrap_or_default(),
            }
        })
        .collect()
}

async fn officer(console: &Console, viewer: &Viewer) -> Result<HomePage, gql::Refused> {
    let data = gql::run::<OfficerHome>(
        &console.schema,
        &viewer.principal,
        gql::officer_home::Variables,
    )
    .await?;
    let now = console.engine.now();
    let matters = data
        .matters
        .nodes
        .into_iter()
        .map(|m| MatterRow {
            id: m.id,
            case_number: m.proceeding.case_number,
            person: m.person.full_name,
            state: m.state_label,
            received: fmt::date_time(&m.received_at),
            other: m.center.name,
            waits: String::new(),
            left: String::new(),
            overdue: false,
        })
        .collect();
    let duties = duty_rows(
        data.duties_owed.nodes.into_iter().map(|d| {
            (
                d.matter.id,
                d.label,
                d.matter.person.full_name,
                d.matter.proceeding.case_number,
                d.due_at,
                d.legal_basis,
                String::new(),
            )
        }),
        now,
    );
    Ok(HomePage {
        chrome: Chrome::new(viewer, &data.me.agency.name, data.unread_notification_count),
        heading: data.me.agency.name,
        matters_title: "Vụ việc của cơ quan",
        other_column: "Trung tâm",
        matters: Some(matters),
        duties_title: "Việc cơ quan phải làm (hạn gần nhất trước)",
        duties: Some(duties),
        groups: None,
    })
}

/// A provider: the matters assigned to them (they owe no agency's duties).
async fn provider(console: &Console, viewer: &Viewer) -> Result<HomePage, gql::Refused> {
    let data = gql::run::<ProviderHome>(
        &console.schema,
        &viewer.principal,
        gql::provider_home::Variables,
    )
    .await?;
    let matters = data
        .matters
        .nodes
        .into_iter()
        .map(|m| MatterRow {
            id: m.id,
            case_number: m.proceeding.case_number,
            person: m.person.full_name,
            state: m.state_label,
            received: fmt::date_time(&m.received_at),
            other: m.handling_agency.name,
            waits: String::new(),
            left: String::new(),
            overdue: false,
        })
        .collect();
    Ok(HomePage {
        chrome: Chrome::new(viewer, &data.me.agency.name, data.unread_notification_count),
        heading: data.me.agency.name,
        matters_title: "Vụ việc được cử thực hiện",
        other_column: "Cơ quan đang thụ lý vụ án",
        matters: Some(matters),
        duties_title: "",
        duties: None,
        groups: None,
    })
}

async fn coordinator(console: &Console, viewer: &Viewer) -> Result<HomePage, gql::Refused> {
    let data = gql::run::<CoordinatorHome>(
        &console.schema,
        &viewer.principal,
        gql::coordinator_home::Variables,
    )
    .await?;
    let now = console.engine.now();
    let matters = data
        .inbox
        .nodes
        .into_iter()
        .map(|m| {
            use gql::coordinator_home::HandoffStatus as S;
            let open = m
                .handoffs
                .iter()
                .filter(|h| matches!(h.status, S::OPEN | S::OVERDUE))
                .min_by(|a, b| a.due_at.cmp(&b.due_at));
            let (waits, left) = open.map_or((String::new(), String::new()), |h| {
                (h.label.clone(), fmt::time_left(&h.due_at, now))
            });
            MatterRow {
                overdue: left.starts_with("Quá hạn"),
                id: m.id,
                case_number: m.proceeding.case_number,
                person: m.person.full_name,
                state: m.state_label,
                received: fmt::date_time(&m.received_at),
                other: m.handling_agency.name,
                waits,
                left,
            }
        })
        .collect();
    let duties = duty_rows(
        data.duties_owed.nodes.into_iter().map(|d| {
            (
                d.matter.id,
                d.label,
                d.matter.person.full_name,
                d.matter.proceeding.case_number,
                d.due_at,
                d.legal_basis,
                String::new(),
            )
        }),
        now,
    );
    Ok(HomePage {
        chrome: Chrome::new(viewer, &data.me.agency.name, data.unread_notification_count),
        heading: data.me.agency.name,
        matters_title: "Vụ việc chờ xử lý (hộp thư đến)",
        other_column: "Cơ quan đang thụ lý vụ án",
        matters: Some(matters),
        duties_title: "Việc Trung tâm phải làm (hạn gần nhất trước)",
        duties: Some(duties),
        groups: None,
    })
}

async fn supervisor(console: &Console, viewer: &Viewer) -> Result<HomePage, gql::Refused> {
    let data = gql::run::<SupervisorHome>(
        &console.schema,
        &viewer.principal,
        gql::supervisor_home::Variables,
    )
    .await?;
    let now = console.engine.now();
    let mut groups: BTreeMap<(String, String, String), (usize, i64)> = BTreeMap::new();
    for h in &data.overdue_handoffs.nodes {
        let key = (
            h.province.clone(),
            h.responsible_agency.name.clone(),
            h.label.clone(),
        );
        let entry = groups.entry(key).or_default();
        entry.0 += 1;
        entry.1 = entry.1.max(h.overdue_seconds.unwrap_or_default());
    }
    let groups = groups
        .into_iter()
        .map(|((province, agency, kind), (count, oldest))| OverdueGroup {
            province,
            agency,
            kind,
            count,
            oldest: fmt::span(oldest),
        })
        .collect();
    let duties = duty_rows(
        data.overdue_handoffs.nodes.into_iter().map(|h| {
            (
                h.matter.id,
                h.label,
                h.responsible_agency.name,
                h.matter.proceeding.case_number,
                h.due_at,
                h.legal_basis,
                h.province,
            )
        }),
        now,
    );
    Ok(HomePage {
        chrome: Chrome::new(viewer, &data.me.agency.name, data.unread_notification_count),
        heading: data.me.agency.name,
        matters_title: "",
        other_column: "",
        matters: None,
        duties_title: "Việc quá hạn (quá hạn lâu nhất trước)",
        duties: Some(duties),
        groups: Some(groups),
    })
}

async fn anyone(console: &Console, viewer: &Viewer) -> Result<HomePage, gql::Refused> {
    let data = gql::run::<Me>(&console.schema, &viewer.principal, gql::me::Variables).await?;
    Ok(HomePage {
        chrome: Chrome::new(viewer, &data.me.agency.name, data.unread_notification_count),
        heading: data.me.agency.name,
        matters_title: "",
        other_column: "",
        matters: None,
        duties_title: "",
        duties: None,
        groups: None,
    })
}
