//! A realistic national data set, written straight into the tables in bulk (the engine
//! would take hours for a million matters): every province with its court, investigation
//! body, legal aid center and justice department, and matters in every state with their
//! handoffs. Open handoffs fall into three groups, so that a benchmark or a test knows
//! exactly what a sweep at `now` has to fire:
//!
//! - `due_warnings` handoffs whose warning fell due in the last hour (due later);
//! - `due_breaches` handoffs that fell due in the last hour (already warned);
//! - every other open handoff is either not yet at its warning instant, or overdue with
//!   its warning, breach and escalation already recorded (what supervisors list).
//!
//! Columns are named as strings, like the migrations, so the seed needs no entity.

use baton_domain::agency::{AgencyKind, Role};
use baton_domain::decide::EventDetail;
use baton_domain::ids::AgencyId;
use baton_domain::matter::{CustodyStatus, EligibilityCategory, ProceedingKind, Stage};
use baton_engine::{Agency, Engine};
use baton_store::Db;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Alias, InsertStatement, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, TransactionTrait};
use uuid::Uuid;

/// What to seed.
#[derive(Debug, Clone)]
pub struct SeedSpec {
    pub matters: usize,
    pub provinces: usize,
    pub due_warnings: usize,
    pub due_breaches: usize,
    pub now: DateTime<Utc>,
}

/// The agencies of one province.
#[derive(Debug, Clone)]
pub struct ProvinceAgencies {
    pub code: String,
    pub court: AgencyId,
    pub police: AgencyId,
    pub center: AgencyId,
    pub department: AgencyId,
    /// The court's clerk, who asked for the aid in every seeded matter.
    pub clerk: Uuid,
    /// The center's coordinator, who accepted every seeded matter.
    pub coordinator: Uuid,
}

/// What was seeded.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub provinces: Vec<ProvinceAgencies>,
    pub open_handoffs: usize,
    pub overdue_handoffs: usize,
    /// A user id per agency (officers, coordinators, supervisors), for tokens.
    pub supervisor_of_first_province: Uuid,
    pub national_supervisor: Uuid,
}

async fn agency(engine: &Engine, kind: AgencyKind, name: String, province: &str) -> AgencyId {
    let a = Agency {
        id: AgencyId::generate(),
        kind,
        name,
        province: province.to_owned(),
        province_name: province.to_owned(),
        parent: None,
    };
    engine
        .create_agency(&a)
        .await
        .unwrap_or_else(|e| panic!("seed agency: {e}"));
    a.id
}

async fn user(engine: &Engine, agency: AgencyId, name: &str, role: Role) -> Uuid {
    engine
        .create_user(agency, name, &[role])
        .await
        .unwrap_or_else(|e| panic!("seed user: {e}"))
        .0
}

const CHUNK: usize = 500;

fn insert(table: &str, columns: &[&str]) -> InsertStatement {
    Query::insert()
        .into_table(Alias::new(table))
        .columns(columns.iter().map(|c| Alias::new(*c)))
        .to_owned()
}

#[rustfmt::skip]
const MATTER_COLUMNS: &[&str] = &[
    "id", "version", "state", "ruleset_version", "full_name", "eligibility", "custody",
    "procedural_role", "proceeding_kind", "case_number", "stage", "handling_agency_id",
    "center_id", "province", "received_at", "recorded_at", "updated_at", "created_by",
    "flags", "mandatory_grounds",
];
#[rustfmt::skip]
const HANDOFF_COLUMNS: &[&str] = &[
    "id", "matter_id", "clock", "responsible_agency_id", "responsible_kind", "province",
    "started_at", "due_at", "warn_at", "limit_text", "basis", "calendar_revision",
    "discharged_at", "warned_at", "breached_at", "escalated_at",
];

#[rustfmt::skip]
const EVENT_COLUMNS: &[&str] = &[
    "id", "matter_id", "seq", "kind", "actor_user_id", "actor_agency_id", "actor_name",
    "occurred_at", "recorded_at", "detail",
];
const CLERK: &str = "Thư ký";
const COORDINATOR: &str = "Điều phối viên";

/// Every seeded matter's timeline: the clerk's request (1), the coordinator's acceptance
/// (2). The matter's version is 2 to match.
const EVENTS: i64 = 2;

/// One handoff row's times: started, due, discharged, warned, breached, escalated.
type Times = (
    DateTime<Utc>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

/// Seeds `spec` through `engine`'s database.
pub async fn seed(engine: &Engine, db: &Db, spec: &SeedSpec) -> Result<Seeded, sea_orm::DbErr> {
    let national = agency(
        engine,
        AgencyKind::NationalAuthority,
        "Cục TGPL".into(),
        "VN",
    )
    .await;
    let national_supervisor = user(engine, national, "Chuyên viên Cục", Role::Supervisor).await;
    let mut provinces = Vec::new();
    let mut supervisor_of_first_province = Uuid::nil();
    for p in 0..spec.provinces.max(1) {
        let code = format!("P{p:02}");
        let mut pa = ProvinceAgencies {
            court: agency(engine, AgencyKind::Court, format!("Tòa án {code}"), &code).await,
            police: agency(
                engine,
                AgencyKind::InvestigationBody,
                format!("CQĐT {code}"),
                &code,
            )
            .await,
            center: agency(
                engine,
                AgencyKind::LegalAidCenter,
                format!("TTTGPL {code}"),
                &code,
            )
            .await,
            department: agency(
                engine,
                AgencyKind::JusticeDepartment,
                format!("STP {code}"),
                &code,
            )
            .await,
            code,
            clerk: Uuid::nil(),
            coordinator: Uuid::nil(),
        };
        pa.clerk = user(engine, pa.court, CLERK, Role::AgencyOfficer).await;
        user(engine, pa.police, "Điều tra viên", Role::AgencyOfficer).await;
        pa.coordinator = user(engine, pa.center, COORDINATOR, Role::CenterCoordinator).await;
        let sup = user(engine, pa.department, "Chuyên viên Sở", Role::Supervisor).await;
        if p == 0 {
            supervisor_of_first_province = sup;
        }
        provinces.push(pa);
    }
    let backend = db.get_database_backend();
    let now = spec.now;
    let (mut open, mut overdue) = (0, 0);
    let mut i = 0;
    while i < spec.matters {
        let end = (i + CHUNK).min(spec.matters);
        let mut matters = insert("matter", MATTER_COLUMNS);
        let mut handoffs = insert("handoff", HANDOFF_COLUMNS);
        let mut events = insert("matter_event", EVENT_COLUMNS);
        for n in i..end {
            let pa = &provinces[n % provinces.len()];
            let id = Uuid::now_v7();
            // Received somewhere in the last 180 days, spread evenly.
            let received = now
                - Duration::minutes((n as i64 * 259_200 / spec.matters.max(1) as i64) % 259_200)
                - Duration::hours(1);
            let (state, rows) = plan(n, spec, received, now);
            matters.values_panic(matter_values(id, state, pa, received));
            for row in event_values(id, pa, received) {
                events.values_panic(row);
            }
            for (clock, responsible, times) in rows {
                let (agency_id, kind) = if responsible {
                    (pa.center, "legal_aid_center")
                } else {
                    (pa.court, "court")
                };
                if times.2.is_none() {
                    open += 1;
                    if times.1 < now {
                        overdue += 1;
                    }
                }
                handoffs.values_panic(handoff_values(id, clock, agency_id, kind, &pa.code, times));
            }
        }
        let txn = db.begin().await?;
        txn.execute_raw(backend.build(&matters)).await?;
        txn.execute_raw(backend.build(&handoffs)).await?;
        txn.execute_raw(backend.build(&events)).await?;
        txn.commit().await?;
        i = end;
    }
    Ok(Seeded {
        provinces,
        open_handoffs: open,
        overdue_handoffs: overdue,
        supervisor_of_first_province,
        national_supervisor,
    })
}

/// The state of matter `n` and its handoffs: (clock, owed by the center?, times).
fn plan(
    n: usize,
    spec: &SeedSpec,
    received: DateTime<Utc>,
    now: DateTime<Utc>,
) -> (&'static str, Vec<(&'static str, bool, Times)>) {
    let h12 = Duration::hours(12);
    let notified: Times = (received, received + h12, Some(received), None, None, None);
    if n < spec.due_warnings {
        // Warning due within the last hour; due in a few hours.
        let due = now + Duration::minutes(180 - (n % 60) as i64);
        let start = due - Duration::hours(12);
        return (
            "accepted",
            vec![
                ("notify_center", false, notified),
                (
                    "assign_provider",
                    true,
                    (start, due, None, None, None, None),
                ),
            ],
        );
    }
    if n < spec.due_warnings + spec.due_breaches {
        let due = now - Duration::minutes(1 + (n % 59) as i64);
        let start = due - Duration::hours(12);
        let warned = Some(start + Duration::hours(9));
        return (
            "accepted",
            vec![
                ("notify_center", false, notified),
                (
                    "assign_provider",
                    true,
                    (start, due, None, warned, None, None),
                ),
            ],
        );
    }
    let accepted = received + Duration::hours(2);
    let assign_due = accepted + h12;
    match n % 20 {
        // Open and overdue, every alert already recorded.
        0..=1 => (
            "accepted",
            vec![
                ("notify_center", false, notified),
                (
                    "assign_provider",
                    true,
                    (
                        accepted,
                        assign_due,
                        None,
                        Some(accepted + Duration::hours(9)),
                        Some(assign_due + Duration::minutes(1)),
                        Some(assign_due + Duration::hours(24)),
                    ),
                ),
            ],
        ),
        // Open, not yet at its warning: due in the coming days.
        2..=4 => {
            let start = now - Duration::hours(1);
            let due = now + Duration::hours(24 + (n % 72) as i64);
            (
                "provider_assigned",
                vec![
                    ("notify_center", false, notified),
                    (
                        "assign_provider",
                        true,
                        (
                            accepted,
                            assign_due,
                            Some(accepted + Duration::hours(3)),
                            None,
                            None,
                            None,
                        ),
                    ),
                    (
                        "register_counsel",
                        false,
                        (start, due, None, None, None, None),
                    ),
                ],
            )
        }
        // Finished: met on time, or (one in ten) late.
        _ => {
            let late = n % 10 == 5;
            let met = if late {
                assign_due + Duration::hours(5)
            } else {
                accepted + Duration::hours(4)
            };
            let reg_due = met + Duration::hours(24);
            (
                "registered",
                vec![
                    ("notify_center", false, notified),
                    (
                        "assign_provider",
                        true,
                        (accepted, assign_due, Some(met), None, None, None),
                    ),
                    (
                        "register_counsel",
                        false,
                        (
                            met,
                            reg_due,
                            Some(met + Duration::hours(6)),
                            None,
                            None,
                            None,
                        ),
                    ),
                ],
            )
        }
    }
}

fn v<T: Into<sea_orm::Value>>(x: T) -> SimpleExpr {
    SimpleExpr::Value(x.into())
}

fn matter_values(
    id: Uuid,
    state: &str,
    pa: &ProvinceAgencies,
    received: DateTime<Utc>,
) -> Vec<SimpleExpr> {
    vec![
        v(id),
        v(EVENTS),
        v(state),
        v("2026.1"),
        v("Nguyễn Văn A"),
        v("poor_household"),
        v("arrested"),
        v("accused"),
        v("criminal"),
        v("1/2026/HS-ST"),
        v("investigation"),
        v(pa.court.0),
        v(pa.center.0),
        v(pa.code.clone()),
        v(received),
        v(received),
        v(received),
        v(Uuid::nil()),
        v("[]"),
        v("[]"),
    ]
}

fn event_values(
    matter: Uuid,
    pa: &ProvinceAgencies,
    received: DateTime<Utc>,
) -> [Vec<SimpleExpr>; 2] {
    let requested = EventDetail::Requested {
        full_name: "Nguyễn Văn A".into(),
        eligibility: EligibilityCategory::PoorHousehold,
        custody: CustodyStatus::Arrested,
        proceeding: ProceedingKind::Criminal,
        stage: Stage::Investigation,
        case_number: "1/2026/HS-ST".into(),
        mandatory_grounds: Vec::new(),
        appointing_body: None,
        explanation_record: None,
    };
    let accepted = EventDetail::Accepted {
        note: None,
        immediately: false,
    };
    let accepted_at = received + Duration::hours(2);
    let row = |seq: i64, kind: &str, actor: Uuid, agency: AgencyId, name: &str, at, detail| {
        vec![
            v(Uuid::now_v7()),
            v(matter),
            v(seq),
            v(kind),
            v(actor),
            v(agency.0),
            v(name),
            v(at),
            v(at),
            v(serde_json::to_string(&detail).unwrap_or_default()),
        ]
    };
    [
        row(
            1,
            "request_legal_aid",
            pa.clerk,
            pa.court,
            CLERK,
            received,
            requested,
        ),
        row(
            2,
            "accept_referral",
            pa.coordinator,
            pa.center,
            COORDINATOR,
            accepted_at,
            accepted,
        ),
    ]
}

fn handoff_values(
    matter: Uuid,
    clock: &str,
    agency: AgencyId,
    kind: &str,
    province: &str,
    (started, due, discharged, warned, breached, escalated): Times,
) -> Vec<SimpleExpr> {
    vec![
        v(Uuid::now_v7()),
        v(matter),
        v(clock),
        v(agency.0),
        v(kind),
        v(province),
        v(started),
        v(due),
        v(started + (due - started) * 3 / 4),
        v("12 giờ"),
        v("Luật TGPL Điều 31"),
        v("bench"),
        v(discharged),
        v(warned),
        v(breached),
        v(escalated),
    ]
}
