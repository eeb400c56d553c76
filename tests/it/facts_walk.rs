//! Matters walked through every command of the plan, each fired through the schema by the
//! user whose job it is. After every step the matter is read back whole (every fact the
//! `Matter` object exposes, plus the facts only its row holds: the flags and the count of
//! counsel changes) and compared with the facts every step so far has set: a command that
//! loses a fact an earlier one set fails the walk at that step, not only a command that
//! gets its own change wrong.

use baton_domain::agency::{AgencyKind, Principal, Role};
use baton_domain::ids::{AgencyId, MatterId, ProviderId};
use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value, json};

use crate::harness::*;
use crate::plan_world::*;

/// Every fact the `Matter` object exposes.
const FACTS: &str = "state rulesetVersion \
    person { fullName proceduralRole birthDate eligibility proofDocument custody } \
    proceeding { kind caseNumber stage } handlingAgency { id } center { id } province \
    receivedAt notifiedAt explanationRecord mandatoryGrounds appointingBody \
    transferredFrom { id } refusal { ground reason } \
    assignment { provider { id } decisionNumber assignedAt } \
    registration { registrationNumber registeredAt } hearingAt closure { closedAt ground } \
    fileCode appraisal { grade totalScore }";

fn at(t: DateTime<Utc>) -> Value {
    json!(t.to_rfc3339())
}

fn the(id: impl ToString) -> Value {
    json!({ "id": id.to_string() })
}

/// `changes` laid over `facts`: objects merge key by key, anything else replaces.
fn merge(facts: &mut Value, changes: &Value) {
    match (facts, changes) {
        (Value::Object(facts), Value::Object(changes)) => {
            for (key, change) in changes {
                match facts.get_mut(key) {
                    Some(fact @ Value::Object(_)) if change.is_object() => merge(fact, change),
                    _ => {
                        facts.insert(key.clone(), change.clone());
                    }
                }
            }
        }
        (facts, changes) => *facts = changes.clone(),
    }
}

/// The facts that differ, one line each.
fn differences(expected: &Map<String, Value>, found: &Map<String, Value>) -> String {
    let mut keys: Vec<&String> = expected.keys().chain(found.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| expected.get(*k) != found.get(*k))
        .map(|k| {
            format!(
                "  {k}: expected {}, found {}",
                expected.get(k).unwrap_or(&Value::Null),
                found.get(k).unwrap_or(&Value::Null)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One matter on its walk, with the facts it must have.
struct Walk<'a> {
    app: &'a TestApp,
    /// Acts on the matter from start to end, so reads its sensitive data.
    reader: &'a Principal,
    /// Sees every matter: reads the facts only the row holds.
    national: &'a Principal,
    id: String,
    version: i64,
    expected: Value,
}

impl<'a> Walk<'a> {
    /// Creates the matter with `mutation` as `who`; `expected` is every fact it must start
    /// with.
    async fn start(
        app: &'a TestApp,
        (reader, national): (&'a Principal, &'a Principal),
        who: &Principal,
        mutation: &str,
        input: Value,
        expected: Value,
    ) -> Walk<'a> {
        let matter = fire(app, who, mutation, input).await;
        let mut walk = Walk {
            app,
            reader,
            national,
            id: matter["id"].as_str().unwrap().to_owned(),
            version: 0,
            expected,
        };
        walk.check(mutation, &matter).await;
        walk
    }

    /// Fires `mutation` on the matter as `who` with the `input` fields besides the target,
    /// then checks every fact: the ones so far, with `changes` laid over them.
    async fn step(&mut self, who: &Principal, mutation: &str, input: Value, changes: Value) {
        let mut input = input;
        input["matterId"] = json!(self.id);
        input["expectedVersion"] = json!(self.version);
        let matter = fire(self.app, who, mutation, input).await;
        merge(&mut self.expected, &changes);
        self.check(mutation, &matter).await;
    }

    /// The matter as `mutation` left it is one version on, in the expected state, and
    /// every fact read back is the expected one.
    async fn check(&mut self, mutation: &str, payload: &Value) {
        let b = self.app.backend;
        self.version += 1;
        assert_eq!(
            (&payload["version"], &payload["state"]),
            (&json!(self.version), &self.expected["state"]),
            "[{b}] {mutation}: the payload"
        );
        let found = self.facts().await;
        let (expected, found) = (
            self.expected.as_object().unwrap(),
            found.as_object().unwrap(),
        );
        assert!(
            expected == found,
            "[{b}] after {mutation}, facts differ from what the steps so far set:\n{}",
            differences(expected, found)
        );
    }

    /// Every fact of the matter as stored: the `Matter` object's, and the row's flags and
    /// count of counsel changes, which the object does not expose.
    async fn facts(&self) -> Value {
        let query = format!("query($id: ID!) {{ matter(id: $id) {{ {FACTS} }} }}");
        let data = self
            .app
            .ok(self.reader, &query, json!({ "id": self.id }))
            .await;
        let mut facts = data["matter"].clone();
        let id: MatterId = self.id.parse().unwrap();
        let row = self.app.engine.matter(self.national, id).await.unwrap();
        let mut flags: Vec<&str> = row.facts.flags.iter().map(|f| f.code()).collect();
        flags.sort_unstable();
        facts["flags"] = json!(flags);
        facts["counselChanges"] = json!(row.facts.counsel_changes);
        facts
    }
}

/// Fires `mutation` as `who`, failing on any error; returns `{ id version state }`.
async fn fire(app: &TestApp, who: &Principal, mutation: &str, input: Value) -> Value {
    let mut name = mutation.to_owned();
    name[..1].make_ascii_uppercase();
    let document = format!(
        "mutation($input: {name}Input!) {{ {mutation}(input: $input) {{ matter {{ id version state }} }} }}"
    );
    let data = app.ok(who, &document, json!({ "input": input })).await;
    data[mutation]["matter"].clone()
}

/// The facts of a new matter as its request gave them, its center and instants left for
/// the caller to lay over; everything a later command decides is empty.
fn new_facts(state: &str, person: &Value, proceeding: &Value, handling: &Value) -> Value {
    json!({
        "state": state,
        "rulesetVersion": "2026.2",
        "person": {
            "fullName": person["fullName"],
            "proceduralRole": person["proceduralRole"],
            "birthDate": person.get("birthDate").cloned().unwrap_or(Value::Null),
            "eligibility": person["eligibility"],
            "proofDocument": person.get("proofDocument").cloned().unwrap_or(Value::Null),
            "custody": person["custody"],
        },
        "proceeding": proceeding,
        "handlingAgency": handling,
        "center": null,
        "province": "HN",
        "receivedAt": null,
        "notifiedAt": null,
        "explanationRecord": null,
        "mandatoryGrounds": [],
        "appointingBody": null,
        "transferredFrom": null,
        "refusal": null,
        "assignment": null,
        "registration": null,
        "hearingAt": null,
        "closure": null,
        "fileCode": null,
        "appraisal": null,
        "flags": [],
        "counselChanges": 0,
    })
}

backend_test! {
    /// The two bugs of the old design would fail here: scheduling a hearing erased the
    /// disadvantaged-area flag, and a reported force majeure was never stored.
    async fn every_command_of_the_plan_keeps_every_fact_the_earlier_commands_set(app) {
        let p = Plan::build(&app).await;
        let w = &p.w;
        let retrial_court = agency(
            &app,
            AgencyKind::Court,
            "Tòa án nhân dân khu vực 2 - Hà Nội",
            "HN",
        )
        .await;
        let retrial_clerk = user(
            &app,
            &retrial_court,
            "Thư ký Đinh Thị Mai",
            Role::AgencyOfficer,
        )
        .await;
        let readers = (&w.coordinator, &w.national);
        let now = || app.engine.now();

        // T1: the investigator explains the right to an accused from an especially
        // disadvantaged area.
        let person = json!({
            "fullName": "Lò Văn Páo",
            "birthDate": "1990-05-17",
            "eligibility": "ETHNIC_MINORITY",
            "custody": "AT_LIBERTY",
            "proceduralRole": "ACCUSED",
            "disadvantagedArea": true,
        });
        let proceeding =
            json!({ "kind": "CRIMINAL", "caseNumber": "77/2026/HS-ĐT", "stage": "INVESTIGATION" });
        let mut expected = new_facts("RIGHT_EXPLAINED", &person, &proceeding, &the(p.police.id));
        merge(
            &mut expected,
            &json!({
                "center": the(w.center.id),
                "receivedAt": at(now()),
                "explanationRecord": "BB-02/2026/CSĐT",
                "flags": ["disadvantaged_area"],
            }),
        );
        let input = new_matter(
            &w.center,
            person,
            proceeding,
            json!({ "explanationRecord": "BB-02/2026/CSĐT" }),
        );
        let mut m = Walk::start(
            &app,
            readers,
            &w.investigator,
            "explainRight",
            input,
            expected,
        )
        .await;

        // T2–T3: the person asks; the center is notified.
        app.clock.advance(Duration::hours(3));
        let asked = now() - Duration::hours(1);
        m.step(
            &w.investigator,
            "recordRequest",
            json!({ "receivedAt": at(asked) }),
            json!({
                "state": "NOTIFIED_TO_CENTER",
                "receivedAt": at(asked),
                "notifiedAt": at(now()),
            }),
        )
        .await;

        // T5i: accepted at once; the requester reports force majeure delaying the proof.
        app.clock.advance(Duration::hours(1));
        m.step(
            &w.coordinator,
            "acceptImmediately",
            json!({ "note": "Lũ quét chia cắt bản", "forceMajeure": true }),
            json!({
                "state": "ACCEPTED_DOCS_PENDING",
                "flags": ["disadvantaged_area", "force_majeure"],
            }),
        )
        .await;
        app.clock.advance(Duration::hours(2));
        m.step(
            &w.coordinator,
            "receiveProof",
            json!({ "document": "Giấy xác nhận cư trú số 5/2026" }),
            json!({
                "state": "ACCEPTED",
                "person": { "proofDocument": "Giấy xác nhận cư trú số 5/2026" },
            }),
        )
        .await;
        m.step(
            &w.coordinator,
            "requestProof",
            json!({ "note": "Thiếu giấy xác nhận dân tộc" }),
            json!({}),
        )
        .await;
        app.clock.advance(Duration::hours(1));
        m.step(
            &w.coordinator,
            "receiveProof",
            json!({ "document": "Giấy xác nhận dân tộc số 9/2026" }),
            json!({ "person": { "proofDocument": "Giấy xác nhận dân tộc số 9/2026" } }),
        )
        .await;

        // T6–T8: assigned, refused by the investigation body, replaced and registered.
        let assignment = |provider: ProviderId, number: &str, when: DateTime<Utc>| {
            json!({ "provider": the(provider), "decisionNumber": number, "assignedAt": at(when) })
        };
        m.step(
            &w.coordinator,
            "assignProvider",
            json!({ "providerId": w.officer.to_string(), "decisionNumber": "301/QĐ-TGPL" }),
            json!({
                "state": "PROVIDER_ASSIGNED",
                "assignment": assignment(w.officer, "301/QĐ-TGPL", now()),
            }),
        )
        .await;
        app.clock.advance(Duration::hours(2));
        m.step(
            &w.investigator,
            "refuseRegistration",
            json!({
                "ground": "DISQUALIFIED",
                "reason": "Người bào chữa là người thân của bị hại",
            }),
            json!({ "state": "REGISTRATION_REFUSED" }),
        )
        .await;
        m.step(
            &w.coordinator,
            "assignProvider",
            json!({ "providerId": w.lawyer.to_string(), "decisionNumber": "302/QĐ-TGPL" }),
            json!({
                "state": "PROVIDER_ASSIGNED",
                "assignment": assignment(w.lawyer, "302/QĐ-TGPL", now()),
            }),
        )
        .await;
        app.clock.advance(Duration::hours(1));
        m.step(&w.coordinator, "presentPapers", json!({}), json!({}))
            .await;
        app.clock.advance(Duration::hours(1));
        m.step(
            &w.investigator,
            "registerCounsel",
            json!({ "registrationNumber": "TB-77/2026" }),
            json!({
                "state": "REGISTERED",
                "registration": { "registrationNumber": "TB-77/2026", "registeredAt": at(now()) },
            }),
        )
        .await;

        // T9–T10: an interrogation at each stage; investigation → prosecution → trial.
        m.step(
            &w.investigator,
            "recordInterrogationNotice",
            json!({ "at": at(now() + Duration::days(1)), "note": "Hỏi cung lần 1" }),
            json!({}),
        )
        .await;
        app.clock.advance(Duration::days(1));
        m.step(
            &w.investigator,
            "transferStage",
            json!({ "toAgencyId": p.procuracy.id.to_string(), "stage": "PROSECUTION" }),
            json!({
                "handlingAgency": the(p.procuracy.id),
                "proceeding": { "stage": "PROSECUTION" },
            }),
        )
        .await;
        m.step(
            &p.prosecutor,
            "recordInterrogationNotice",
            json!({ "at": at(now() + Duration::days(2)) }),
            json!({}),
        )
        .await;
        app.clock.advance(Duration::days(3));
        m.step(
            &p.prosecutor,
            "transferStage",
            json!({ "toAgencyId": w.court.id.to_string(), "stage": "FIRST_INSTANCE_TRIAL" }),
            json!({
                "handlingAgency": the(w.court.id),
                "proceeding": { "stage": "FIRST_INSTANCE_TRIAL" },
            }),
        )
        .await;

        // T9: the hearing is set; the disadvantaged area and force majeure stay recorded.
        let hearing = now() + Duration::days(20);
        m.step(
            &w.clerk,
            "scheduleHearing",
            json!({ "hearingAt": at(hearing) }),
            json!({ "hearingAt": at(hearing) }),
        )
        .await;
        m.step(&w.clerk, "sendHearingSchedule", json!({}), json!({}))
            .await;

        // T12: a change of provider asked and declined.
        m.step(
            &w.coordinator,
            "requestProviderChange",
            json!({ "reason": "Bị can đề nghị đổi luật sư" }),
            json!({ "state": "CHANGE_REQUESTED" }),
        )
        .await;
        m.step(
            &w.coordinator,
            "declineProviderChange",
            json!({ "reason": "Không có căn cứ thay đổi" }),
            json!({ "state": "REGISTERED" }),
        )
        .await;

        // T11: the court cancels the registration; the center replaces the provider.
        app.clock.advance(Duration::days(1));
        m.step(
            &w.clerk,
            "cancelRegistration",
            json!({
                "ground": "BREACH_OF_LAW",
                "reason": "Vi phạm pháp luật khi bào chữa",
                "decidedAt": at(now() - Duration::hours(2)),
            }),
            json!({ "state": "REGISTRATION_CANCELLED", "registration": null }),
        )
        .await;
        m.step(
            &w.coordinator,
            "assignProvider",
            json!({ "providerId": w.officer.to_string(), "decisionNumber": "303/QĐ-TGPL" }),
            json!({
                "state": "PROVIDER_ASSIGNED",
                "assignment": assignment(w.officer, "303/QĐ-TGPL", now()),
            }),
        )
        .await;
        m.step(
            &w.clerk,
            "registerCounsel",
            json!({ "registrationNumber": "TB-77/2026-2" }),
            json!({
                "state": "REGISTERED",
                "registration": { "registrationNumber": "TB-77/2026-2", "registeredAt": at(now()) },
            }),
        )
        .await;

        // The hearing moves, in summary procedure.
        let hearing = now() + Duration::days(15);
        m.step(
            &w.clerk,
            "scheduleHearing",
            json!({ "hearingAt": at(hearing), "summaryProcedure": true }),
            json!({
                "hearingAt": at(hearing),
                "flags": ["disadvantaged_area", "force_majeure", "summary_procedure"],
            }),
        )
        .await;
        m.step(&w.clerk, "sendHearingSchedule", json!({}), json!({}))
            .await;

        // T12c: the accused asks to change appointed counsel.
        m.step(
            &w.clerk,
            "recordCounselChange",
            json!({ "reason": "Bị cáo đề nghị thay người bào chữa" }),
            json!({ "state": "REGISTRATION_REFUSED", "registration": null, "counselChanges": 1 }),
        )
        .await;
        m.step(
            &w.coordinator,
            "assignProvider",
            json!({ "providerId": w.lawyer.to_string(), "decisionNumber": "304/QĐ-TGPL" }),
            json!({
                "state": "PROVIDER_ASSIGNED",
                "assignment": assignment(w.lawyer, "304/QĐ-TGPL", now()),
            }),
        )
        .await;
        m.step(
            &w.clerk,
            "registerCounsel",
            json!({}),
            json!({
                "state": "REGISTERED",
                "registration": { "registrationNumber": null, "registeredAt": at(now()) },
            }),
        )
        .await;

        // T10: a retrial at another court needs a new registration there.
        app.clock.advance(Duration::days(10));
        m.step(
            &w.clerk,
            "requireNewRegistration",
            json!({
                "reason": "Xét xử lại theo quyết định giám đốc thẩm",
                "handlingAgencyId": retrial_court.id.to_string(),
            }),
            json!({
                "state": "PROVIDER_ASSIGNED",
                "registration": null,
                "handlingAgency": the(retrial_court.id),
            }),
        )
        .await;
        m.step(
            &retrial_clerk,
            "registerCounsel",
            json!({ "registrationNumber": "TB-12/2026-XXL" }),
            json!({
                "state": "REGISTERED",
                "registration": {
                    "registrationNumber": "TB-12/2026-XXL",
                    "registeredAt": at(now()),
                },
            }),
        )
        .await;

        // T14–T16: completed (a closure like every other way a matter ends), file handed
        // over and numbered, appraised.
        app.clock.advance(Duration::days(20));
        m.step(
            &w.coordinator,
            "complete",
            json!({ "note": "Bản án đã có hiệu lực" }),
            json!({ "state": "COMPLETED", "closure": { "closedAt": at(now()), "ground": null } }),
        )
        .await;
        app.clock.advance(Duration::days(5));
        m.step(
            &w.coordinator,
            "handOverFile",
            json!({}),
            json!({ "state": "FILE_HANDED_OVER", "fileCode": "TT.TGTT.01.2026" }),
        )
        .await;
        m.step(
            &w.coordinator,
            "appraiseQuality",
            json!({
                "responsibility": 28,
                "performance": 55,
                "satisfaction": 9,
                "prohibitedAct": false,
            }),
            json!({
                "state": "QUALITY_APPRAISED",
                "appraisal": { "grade": "GOOD", "totalScore": 92 },
            }),
        )
        .await;
        m.step(
            &w.coordinator,
            "fileComplaint",
            json!({ "subject": "Khiếu nại về kết quả thẩm định" }),
            json!({}),
        )
        .await;

        // A second matter takes the branches the first could not: transferred, refused,
        // complained of up to the justice department.
        let person = json!({
            "fullName": "Trần Thị Lan",
            "birthDate": "1985-11-02",
            "eligibility": "POOR_HOUSEHOLD",
            "proofDocument": "Giấy chứng nhận hộ nghèo số 31/2026",
            "custody": "DETAINED",
            "proceduralRole": "ACCUSED",
        });
        let proceeding = json!({
            "kind": "CRIMINAL",
            "caseNumber": "88/2026/HS-ST",
            "stage": "FIRST_INSTANCE_TRIAL",
        });
        let received = now() - Duration::hours(2);
        let mut expected = new_facts("NOTIFIED_TO_CENTER", &person, &proceeding, &the(w.court.id));
        merge(
            &mut expected,
            &json!({
                "center": the(w.center.id),
                "receivedAt": at(received),
                "notifiedAt": at(now()),
            }),
        );
        let input = new_matter(
            &w.center,
            person,
            proceeding,
            json!({ "receivedAt": at(received) }),
        );
        // The clerk's court handles it throughout: the clerk reads it.
        let readers = (&w.clerk, &w.national);
        let mut m = Walk::start(&app, readers, &w.clerk, "requestLegalAid", input, expected).await;
        app.clock.advance(Duration::hours(1));
        m.step(
            &w.coordinator,
            "transferReferral",
            json!({
                "toCenterId": w.other_center.id.to_string(),
                "reason": "Bị cáo cư trú tại Bắc Ninh",
            }),
            // The matter now belongs to the receiving center's province (Bắc Ninh).
            json!({
                "center": the(w.other_center.id),
                "transferredFrom": the(w.center.id),
                "notifiedAt": at(now()),
                "province": "BN",
            }),
        )
        .await;
        app.clock.advance(Duration::hours(1));
        m.step(
            &w.other_coordinator,
            "refuseReferral",
            json!({
                "ground": "HANDLED_ELSEWHERE",
                "reason": "Luật sư do gia đình mời đang bào chữa",
            }),
            json!({
                "state": "REFUSED",
                "refusal": {
                    "ground": "HANDLED_ELSEWHERE",
                    "reason": "Luật sư do gia đình mời đang bào chữa",
                },
            }),
        )
        .await;
        m.step(
            &w.other_coordinator,
            "fileComplaint",
            json!({ "subject": "Khiếu nại việc từ chối thụ lý" }),
            json!({}),
        )
        .await;
        m.step(
            &w.other_coordinator,
            "decideComplaint",
            json!({ "decision": "Giữ nguyên quyết định từ chối", "upheld": false }),
            json!({}),
        )
        .await;
        m.step(
            &w.other_coordinator,
            "escalateComplaint",
            json!({ "reason": "Không đồng ý với quyết định giải quyết" }),
            json!({}),
        )
        .await;
        m.step(
            &w.other_supervisor,
            "decideEscalatedComplaint",
            json!({ "decision": "Chấp nhận khiếu nại", "upheld": true }),
            json!({}),
        )
        .await;
    }
}

backend_test! {
    /// The other ways a matter opens (information, mandatory defence, a detainee's request,
    /// another appointing body) and ends (not eligible, the accused refusing counsel, the
    /// aid discontinued, the proceedings closed by law).
    async fn every_other_way_in_and_out_keeps_every_fact_the_earlier_commands_set(app) {
        let p = Plan::build(&app).await;
        let w = &p.w;
        let readers = (&w.coordinator, &w.national);
        let now = || app.engine.now();
        let person = |name: &str, custody: &str| {
            json!({
                "fullName": name,
                "birthDate": "1992-01-20",
                "eligibility": "POOR_HOUSEHOLD",
                "custody": custody,
                "proceduralRole": "ACCUSED",
            })
        };
        let investigation =
            json!({ "kind": "CRIMINAL", "caseNumber": "91/2026/HS-ĐT", "stage": "INVESTIGATION" });
        let starts = |state: &str,
                      person: &Value,
                      proceeding: &Value,
                      handling: AgencyId,
                      changes: Value| {
            let mut facts = new_facts(state, person, proceeding, &the(handling));
            merge(
                &mut facts,
                &json!({ "center": the(w.center.id), "receivedAt": at(now()) }),
            );
            merge(&mut facts, &changes);
            facts
        };

        // T2, T5n: information without a request, then a request, then not eligible.
        let someone = person("Vàng Thị Dợ", "AT_LIBERTY");
        let expected = starts(
            "INFORMATION_SENT",
            &someone,
            &investigation,
            p.police.id,
            json!({ "notifiedAt": at(now()) }),
        );
        let input = new_matter(&w.center, someone, investigation.clone(), json!({}));
        let mut m = Walk::start(
            &app,
            readers,
            &w.investigator,
            "sendInformation",
            input,
            expected,
        )
        .await;
        app.clock.advance(Duration::hours(2));
        m.step(
            &w.coordinator,
            "reportNotEligible",
            json!({ "reason": "Không thuộc hộ nghèo theo xác minh" }),
            json!({ "state": "NOT_ELIGIBLE_REPORTED" }),
        )
        .await;

        // T3m, T12c: mandatory defence; the accused refuses appointed counsel.
        let accused = person("Sùng A Chở", "TEMPORARY_CUSTODY");
        let expected = starts(
            "NOTIFIED_TO_CENTER",
            &accused,
            &investigation,
            p.police.id,
            json!({ "notifiedAt": at(now()), "mandatoryGrounds": ["SEVERE_CHARGE"] }),
        );
        let input = new_matter(
            &w.center,
            accused,
            investigation.clone(),
            json!({ "grounds": ["SEVERE_CHARGE"] }),
        );
        let mut m = Walk::start(
            &app,
            readers,
            &w.investigator,
            "notifyMandatoryDefence",
            input,
            expected,
        )
        .await;
        m.step(
            &w.coordinator,
            "acceptReferral",
            json!({}),
            json!({ "state": "ACCEPTED" }),
        )
        .await;
        m.step(
            &w.coordinator,
            "assignProvider",
            json!({ "providerId": w.officer.to_string() }),
            json!({
                "state": "PROVIDER_ASSIGNED",
                "assignment": {
                    "provider": the(w.officer),
                    "decisionNumber": null,
                    "assignedAt": at(now()),
                },
            }),
        )
        .await;
        m.step(
            &w.investigator,
            "registerCounsel",
            json!({}),
            json!({
                "state": "REGISTERED",
                "registration": { "registrationNumber": null, "registeredAt": at(now()) },
            }),
        )
        .await;
        app.clock.advance(Duration::days(2));
        m.step(
            &w.investigator,
            "recordCounselRefusal",
            json!({ "reason": "Bị can từ chối người bào chữa" }),
            json!({
                "state": "APPOINTMENT_ENDED",
                "closure": { "closedAt": at(now()), "ground": null },
            }),
        )
        .await;
        m.step(
            &w.coordinator,
            "handOverFile",
            json!({}),
            json!({ "state": "FILE_HANDED_OVER", "fileCode": "TT.TGTT.01.2026" }),
        )
        .await;

        // T3m, BLTTHS Điều 76(2): a person not eligible is appointed counsel elsewhere.
        let mut not_eligible = person("Hà Văn Tỉnh", "DETAINED");
        not_eligible["eligibility"] = json!("NOT_ELIGIBLE");
        let expected = starts(
            "APPOINTED_ELSEWHERE",
            &not_eligible,
            &investigation,
            p.police.id,
            json!({
                "notifiedAt": at(now()),
                "mandatoryGrounds": ["SEVERE_CHARGE"],
                "appointingBody": "BAR_ASSOCIATION",
            }),
        );
        let input = new_matter(
            &w.center,
            not_eligible,
            investigation.clone(),
            json!({ "grounds": ["SEVERE_CHARGE"], "appointingBody": "BAR_ASSOCIATION" }),
        );
        Walk::start(
            &app,
            readers,
            &w.investigator,
            "notifyMandatoryDefence",
            input,
            expected,
        )
        .await;

        // T1, T13: the right explained, the request recorded, the aid discontinued.
        let someone = person("Giàng Thị Mỷ", "AT_LIBERTY");
        let expected = starts(
            "RIGHT_EXPLAINED",
            &someone,
            &investigation,
            p.police.id,
            json!({ "explanationRecord": "BB-07/2026/CSĐT" }),
        );
        let input = new_matter(
            &w.center,
            someone,
            investigation.clone(),
            json!({ "explanationRecord": "BB-07/2026/CSĐT" }),
        );
        let mut m = Walk::start(
            &app,
            readers,
            &w.investigator,
            "explainRight",
            input,
            expected,
        )
        .await;
        app.clock.advance(Duration::hours(1));
        m.step(
            &w.investigator,
            "recordRequest",
            json!({}),
            json!({
                "state": "NOTIFIED_TO_CENTER",
                "receivedAt": at(now()),
                "notifiedAt": at(now()),
            }),
        )
        .await;
        m.step(
            &w.coordinator,
            "acceptReferral",
            json!({}),
            json!({ "state": "ACCEPTED" }),
        )
        .await;
        m.step(
            &w.coordinator,
            "requestProof",
            json!({ "note": "Thiếu giấy chứng nhận hộ nghèo" }),
            json!({}),
        )
        .await;
        app.clock.advance(Duration::days(6));
        m.step(
            &w.coordinator,
            "discontinue",
            json!({ "ground": "WITHDRAWAL", "reason": "Người được trợ giúp rút yêu cầu" }),
            json!({
                "state": "DISCONTINUED",
                "closure": { "closedAt": at(now()), "ground": "WITHDRAWAL" },
            }),
        )
        .await;

        // T4, T14: a detainee's request forwarded; the proceedings closed by law.
        let detainee = person("Lường Văn Khăm", "DETAINED");
        let prosecution =
            json!({ "kind": "CRIMINAL", "caseNumber": "92/2026/HS-TT", "stage": "PROSECUTION" });
        let expected = starts(
            "NOTIFIED_TO_CENTER",
            &detainee,
            &prosecution,
            p.detention_officer.agency.id,
            json!({ "notifiedAt": at(now()) }),
        );
        let input = new_matter(&w.center, detainee, prosecution, json!({}));
        let mut m = Walk::start(
            &app,
            readers,
            &p.detention_officer,
            "forwardDetentionRequest",
            input,
            expected,
        )
        .await;
        m.step(
            &w.coordinator,
            "acceptReferral",
            json!({}),
            json!({ "state": "ACCEPTED" }),
        )
        .await;
        m.step(
            &w.coordinator,
            "assignProvider",
            json!({ "providerId": w.lawyer.to_string(), "decisionNumber": "310/QĐ-TGPL" }),
            json!({
                "state": "PROVIDER_ASSIGNED",
                "assignment": {
                    "provider": the(w.lawyer),
                    "decisionNumber": "310/QĐ-TGPL",
                    "assignedAt": at(now()),
                },
            }),
        )
        .await;
        app.clock.advance(Duration::days(1));
        m.step(
            &w.coordinator,
            "terminateByProcedure",
            json!({ "reason": "Đình chỉ vụ án" }),
            json!({
                "state": "TERMINATED_BY_PROCEDURE",
                "closure": { "closedAt": at(now()), "ground": null },
            }),
        )
        .await;
        m.step(
            &w.coordinator,
            "handOverFile",
            json!({}),
            json!({ "state": "FILE_HANDED_OVER", "fileCode": "TT.TGTT.02.2026" }),
        )
        .await;
    }
}
