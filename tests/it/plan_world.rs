//! Helpers for the whole-plan tests: the agencies of all four stages and a one-line way
//! to fire any mutation of the plan and read the matter back.

use baton_domain::agency::{AgencyKind, Principal, Role};
use baton_engine::Agency;
use serde_json::{Value, json};

use crate::harness::*;

/// The matter fields the plan tests read after every step.
pub const MATTER_FIELDS: &str = "id version state rulesetVersion handlingAgency { id name } \
    center { id } transferredFrom { id } hearingAt fileCode nextSteps \
    registration { registrationNumber } assignment { provider { name } } \
    closure { ground } appraisal { grade totalScore } \
    handoffs { kind status limit legalBasis startedAt dueAt dischargedAt onTime responsibleAgency { id } } \
    timeline { seq kind summary }";

/// The world plus the agencies of every stage.
pub struct Plan {
    pub w: World,
    pub procuracy: Agency,
    pub prosecutor: Principal,
    pub appeal_court: Agency,
    pub appeal_clerk: Principal,
    pub police: Agency,
    pub detention_officer: Principal,
}

impl Plan {
    pub async fn build(app: &TestApp) -> Self {
        let w = World::build(app).await;
        let police = app.engine.agency(w.investigator.agency.id).await.unwrap();
        let procuracy = new_agency(
            app,
            AgencyKind::Procuracy,
            "Viện kiểm sát nhân dân khu vực 1 - Hà Nội",
        )
        .await;
        let appeal_court =
            new_agency(app, AgencyKind::Court, "Tòa án nhân dân thành phố Hà Nội").await;
        let detention = new_agency(
            app,
            AgencyKind::DetentionFacility,
            "Trại tạm giam số 1 Công an Hà Nội",
        )
        .await;
        Self {
            prosecutor: new_user(app, &procuracy, "Kiểm sát viên Trần Thị Hương").await,
            appeal_clerk: new_user(app, &appeal_court, "Thư ký Tòa án Lê Minh").await,
            detention_officer: new_user(app, &detention, "Cán bộ quản giáo Lê Văn Bình").await,
            w,
            procuracy,
            appeal_court,
            police,
        }
    }
}

async fn new_agency(app: &TestApp, kind: AgencyKind, name: &str) -> Agency {
    let a = Agency {
        id: baton_domain::ids::AgencyId::generate(),
        kind,
        name: name.to_owned(),
        province: "HN".into(),
        province_name: "Thành phố Hà Nội".into(),
        parent: None,
    };
    app.engine.create_agency(&a).await.unwrap();
    a
}

async fn new_user(app: &TestApp, agency: &Agency, name: &str) -> Principal {
    let id = app
        .engine
        .create_user(agency.id, name, &[Role::AgencyOfficer])
        .await
        .unwrap();
    let token = app.engine.issue_token(id, None).await.unwrap();
    app.engine.authenticate(&token).await.unwrap()
}

fn pascal(name: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in name.chars() {
        if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn document(mutation: &str) -> String {
    format!(
        "mutation($input: {}Input!) {{ {mutation}(input: $input) {{ matter {{ {MATTER_FIELDS} }} }} }}",
        pascal(mutation)
    )
}

/// Fires `mutation` with `input` as `who`; returns the matter, failing on any error but
/// `REDACTED` (a step can move the matter on from the caller's agency).
pub async fn step(app: &TestApp, who: &Principal, mutation: &str, input: Value) -> Value {
    let data = app
        .readable(who, &document(mutation), json!({ "input": input }))
        .await;
    data[mutation]["matter"].clone()
}

/// Fires `mutation` expecting an error; returns its `extensions.code`.
pub async fn refused(app: &TestApp, who: &Principal, mutation: &str, input: Value) -> String {
    app.error_code(Some(who), &document(mutation), json!({ "input": input }))
        .await
}

/// A new matter's input: person, proceeding, center, plus `extra` fields.
pub fn new_matter(center: &Agency, person: Value, proceeding: Value, extra: Value) -> Value {
    let mut input = json!({
        "person": person,
        "proceeding": proceeding,
        "centerId": center.id.to_string(),
    });
    if let (Some(obj), Some(more)) = (input.as_object_mut(), extra.as_object()) {
        obj.extend(more.clone());
    }
    input
}

pub fn accused(custody: &str) -> Value {
    json!({
        "fullName": "Hoàng Minh Đức",
        "birthDate": "2009-06-01",
        "eligibility": "POOR_HOUSEHOLD",
        "custody": custody,
        "proceduralRole": "ACCUSED",
    })
}

pub fn criminal(stage: &str) -> Value {
    json!({ "kind": "CRIMINAL", "caseNumber": "120/2026/HS-ĐT", "stage": stage })
}

/// The handoff of `kind` (the last one opened, if several).
pub fn handoff<'a>(matter: &'a Value, kind: &str) -> &'a Value {
    matter["handoffs"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|h| h["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} handoff in {matter:#}"))
}

pub fn id(matter: &Value) -> String {
    matter["id"].as_str().unwrap().to_owned()
}
