use async_graphql::{Context, ID, Json, Object, SimpleObject};
use baton_domain::decide::EventDetail;
use baton_domain::ruleset::CommandKind;
use baton_engine::{Event, Matter, Visible};
use chrono::{DateTime, Utc};

use crate::context::{engine, log_read, principal};
use crate::enums::{
    AppointingBody, DiscontinueGround, MandatoryGround, MatterState, ProceedingKind, QualityGrade,
    RefusalGround, Stage,
};
use crate::error::{ApiResult, redacted};
use crate::objects::handoff;
use crate::objects::person::PersonObject;
use crate::objects::{AgencyObject, HandoffObject, ProviderObject};

/// One legal aid request for one person in one proceeding, from request to closure.
pub struct MatterObject(pub Visible<Matter>);

/// The proceeding the matter arises in.
#[derive(SimpleObject)]
pub struct Proceeding {
    kind: ProceedingKind,
    case_number: String,
    stage: Stage,
    stage_label: String,
}

/// Why the center refused (written reasons, Mẫu 08).
pub struct Refusal {
    ground: RefusalGround,
    ground_label: String,
    reason: String,
    matter: Visible<Matter>,
}

/// Why the center refused (written reasons, Mẫu 08).
#[Object]
impl Refusal {
    async fn ground(&self) -> RefusalGround {
        self.ground
    }

    async fn ground_label(&self) -> &str {
        &self.ground_label
    }

    /// The written reasons. Sensitive: free text about the person.
    async fn reason(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        read_text(ctx, &self.matter, "reason", "refusal.reason")
            .await
            .map(|allowed| allowed.then(|| self.reason.clone()))
    }
}

/// Whether the caller may read a sensitive text field of the matter: logs the read (once
/// per request), or answers `REDACTED` under the field's API name.
async fn read_text(
    ctx: &Context<'_>,
    matter: &Visible<Matter>,
    field: &str,
    logged: &'static str,
) -> ApiResult<bool> {
    let (engine, principal) = (engine(ctx)?, principal(ctx)?);
    if !engine.may_read_sensitive(principal, matter) {
        return Err(redacted(field));
    }
    log_read(ctx, engine, principal, matter, &[logged]).await?;
    Ok(true)
}

/// How a matter ended.
#[derive(SimpleObject)]
pub struct Closure {
    closed_at: DateTime<Utc>,
    /// Set when legal aid was discontinued (T13).
    ground: Option<DiscontinueGround>,
}

/// The appraiser's result (TT 12/2018 art. 17).
#[derive(SimpleObject)]
pub struct AppraisalResult {
    grade: QualityGrade,
    grade_label: String,
    /// Out of 100.
    total_score: i32,
}

/// Registration of the counsel by the handling agency.
#[derive(SimpleObject)]
pub struct Registration {
    registration_number: Option<String>,
    registered_at: DateTime<Utc>,
}

/// The center's decision assigning a provider (TP-TGPL-14).
pub struct Assignment<'a>(&'a Matter);

#[Object]
impl Assignment<'_> {
    async fn provider(&self, ctx: &Context<'_>) -> ApiResult<Option<ProviderObject>> {
        let Some(id) = self.0.facts.provider else {
            return Ok(None);
        };
        Ok(Some(ProviderObject(
            crate::loaders::provider(ctx, id).await?,
        )))
    }

    async fn decision_number(&self) -> Option<&str> {
        self.0.facts.decision_number.as_deref()
    }

    async fn assigned_at(&self) -> Option<DateTime<Utc>> {
        self.0.facts.assigned_at
    }
}

#[Object(name = "Matter")]
impl MatterObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Bumped by every command; send it back as `expectedVersion` to guard against races.
    async fn version(&self) -> i64 {
        self.0.version
    }

    async fn state(&self) -> MatterState {
        self.0.facts.state.into()
    }

    /// The state in Vietnamese.
    async fn state_label(&self) -> &str {
        self.0.facts.state.label_vi()
    }

    /// The rule-set version the matter was received under; it keeps it to the end.
    async fn ruleset_version(&self) -> &str {
        &self.0.ruleset_version
    }

    /// The person to be aided; sensitive fields only for those acting on the case.
    async fn person(&self, ctx: &Context<'_>) -> ApiResult<PersonObject> {
        PersonObject::load(ctx, engine(ctx)?, principal(ctx)?, &self.0).await
    }

    async fn proceeding(&self) -> Proceeding {
        let m = &self.0;
        Proceeding {
            kind: m.facts.proceeding_kind.into(),
            case_number: m.facts.case_number.clone(),
            stage: m.facts.stage.into(),
            stage_label: m.facts.stage.label_vi().to_owned(),
        }
    }

    /// The procedural agency handling the case, which requested the aid.
    async fn handling_agency(&self, ctx: &Context<'_>) -> ApiResult<AgencyObject> {
        let agency = crate::loaders::agency(ctx, self.0.facts.handling_agency).await?;
        Ok(AgencyObject(agency))
    }

    /// The legal aid center the matter was referred to.
    async fn center(&self, ctx: &Context<'_>) -> ApiResult<AgencyObject> {
        let agency = crate::loaders::agency(ctx, self.0.facts.center).await?;
        Ok(AgencyObject(agency))
    }

    async fn province(&self) -> &str {
        &self.0.facts.province
    }

    /// When the request was received (business time); clocks start here.
    async fn received_at(&self) -> DateTime<Utc> {
        self.0.facts.received_at
    }

    /// When the request was entered into Baton.
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    async fn refusal(&self) -> Option<Refusal> {
        let ground = self.0.facts.refusal_ground?;
        Some(Refusal {
            ground: ground.into(),
            ground_label: ground.label_vi().to_owned(),
            reason: self.0.facts.refusal_reason.clone().unwrap_or_default(),
            matter: self.0.clone(),
        })
    }

    async fn assignment(&self) -> Option<Assignment<'_>> {
        self.0.facts.provider.map(|_| Assignment(&self.0))
    }

    async fn registration(&self) -> Option<Registration> {
        Some(Registration {
            registration_number: self.0.facts.registration_number.clone(),
            registered_at: self.0.facts.registered_at?,
        })
    }

    /// The explanation record (Mẫu 02), when the right was explained (T1). Sensitive: it
    /// records where and why the person was held.
    async fn explanation_record(&self, ctx: &Context<'_>) -> ApiResult<Option<&str>> {
        let Some(record) = self.0.facts.explanation_record.as_deref() else {
            return Ok(None);
        };
        read_text(ctx, &self.0, "explanationRecord", "explanationRecord").await?;
        Ok(Some(record))
    }

    /// When the center was notified; null while only the right was explained.
    async fn notified_at(&self) -> Option<DateTime<Utc>> {
        self.0.facts.notified_at
    }

    /// The grounds of mandatory defence (BLTTHS Điều 76(1)), if it is one (an empty list if
    /// not). Sensitive: `null` with a `REDACTED` error for a caller who may not read it.
    async fn mandatory_grounds(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Option<Vec<MandatoryGround>>> {
        let (engine, principal) = (engine(ctx)?, principal(ctx)?);
        if !engine.may_read_sensitive(principal, &self.0) {
            return Err(redacted("mandatoryGrounds"));
        }
        log_read(ctx, engine, principal, &self.0, &["mandatoryGrounds"]).await?;
        Ok(Some(
            self.0
                .facts
                .mandatory_grounds
                .iter()
                .map(|g| (*g).into())
                .collect(),
        ))
    }

    /// Who appoints counsel when the person is not eligible for legal aid (BLTTHS Điều 76(2)).
    async fn appointing_body(&self) -> Option<AppointingBody> {
        self.0.facts.appointing_body.map(Into::into)
    }

    /// The center the referral was transferred from (T5t).
    async fn transferred_from(&self, ctx: &Context<'_>) -> ApiResult<Option<AgencyObject>> {
        let Some(id) = self.0.facts.transferred_from else {
            return Ok(None);
        };
        Ok(Some(AgencyObject(crate::loaders::agency(ctx, id).await?)))
    }

    /// The hearing date, once the court set it (T9).
    async fn hearing_at(&self) -> Option<DateTime<Utc>> {
        self.0.facts.hearing_at
    }

    /// How the matter ended, once closed (T12c–T14).
    async fn closure(&self) -> Option<Closure> {
        let closed_at = self.0.facts.closed_at?;
        Some(Closure {
            closed_at,
            ground: self.0.facts.closing_ground.map(Into::into),
        })
    }

    /// The case-file code in the center's register (T15), e.g. TT.TGTT.01.2026.
    async fn file_code(&self) -> Option<&str> {
        self.0.facts.file_code.as_deref()
    }

    /// The quality appraisal (T16).
    async fn appraisal(&self) -> Option<AppraisalResult> {
        Some(AppraisalResult {
            grade: self.0.facts.grade?.into(),
            grade_label: self.0.facts.grade?.label_vi().to_owned(),
            total_score: i32::from(self.0.facts.total_score?),
        })
    }

    /// The supervisors' evaluations (T17), oldest first.
    async fn supervisory_evaluations(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<crate::objects::payment::SupervisoryEvaluation>> {
        let events = engine(ctx)?.events_of(&self.0).await?;
        crate::objects::payment::evaluations(ctx, events).await
    }

    /// The provider's payment claims (T18), oldest first; an approved claim is a payment.
    async fn payment_claims(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<crate::objects::payment::PaymentClaimObject>> {
        let claims = engine(ctx)?.claims_of(&self.0).await?;
        Ok(claims
            .into_iter()
            .map(crate::objects::payment::PaymentClaimObject)
            .collect())
    }

    /// What the caller's rule set allows next from this state (whoever may fire it).
    async fn next_steps(&self, ctx: &Context<'_>) -> ApiResult<Vec<String>> {
        let rules = engine(ctx)?.rules().version(&self.0.ruleset_version);
        Ok(rules
            .map(|r| {
                r.allowed_from(self.0.facts.state)
                    .iter()
                    .map(|c| c.code().to_owned())
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Every duty of the matter, open and discharged, oldest first.
    async fn handoffs(&self, ctx: &Context<'_>) -> ApiResult<Vec<HandoffObject>> {
        let (engine, principal) = (engine(ctx)?, principal(ctx)?);
        let handoffs = engine.handoffs_of(&self.0).await?;
        let allowed = engine.may_read_sensitive(principal, &self.0);
        if allowed && !handoffs.is_empty() {
            // One row for the sensitive fields the query asks of the matter's handoffs.
            let look = ctx.look_ahead();
            let asked: Vec<&'static str> = handoff::SENSITIVE
                .iter()
                .filter(|f| look.field(f).exists())
                .map(|f| handoff::logged_name(f))
                .collect();
            log_read(ctx, engine, principal, &self.0, &asked).await?;
        }
        let readable = allowed.then(|| std::sync::Arc::new(self.0.clone()));
        Ok(handoffs
            .into_iter()
            .map(|h| HandoffObject::of_matter(h, readable.clone()))
            .collect())
    }

    /// What happened, in order: who, which agency, business time and recorded time.
    async fn timeline(&self, ctx: &Context<'_>) -> ApiResult<Vec<EventObject>> {
        let engine = engine(ctx)?;
        let principal = principal(ctx)?;
        let events = engine.events_of(&self.0).await?;
        let allowed = engine.may_read_sensitive(principal, &self.0);
        if allowed {
            let look = ctx.look_ahead();
            let asked: Vec<&'static str> = [
                ("detail", "timeline.detail"),
                ("summary", "timeline.summary"),
            ]
            .into_iter()
            .filter(|(f, _)| look.field(f).exists())
            .filter(|(f, _)| *f == "detail" || events.iter().any(carries_text))
            .map(|(_, logged)| logged)
            .collect();
            log_read(ctx, engine, principal, &self.0, &asked).await?;
        }
        Ok(events
            .into_iter()
            .map(|event| EventObject { event, allowed })
            .collect())
    }
}

/// One immutable event of a matter's timeline.
pub struct EventObject {
    event: Event,
    /// Whether the caller may read the event's data (it may be sensitive).
    allowed: bool,
}

#[Object(name = "Event")]
impl EventObject {
    /// 1, 2, 3, ... with no gap: the matter version this event produced.
    async fn seq(&self) -> i64 {
        self.event.seq
    }

    /// The command, e.g. `accept_referral`.
    async fn kind(&self) -> &str {
        &self.event.kind
    }

    /// What happened, in Vietnamese. Sensitive when the event carries text written about
    /// the person (a note, a reason, the proof document) or names their custody.
    async fn summary(&self) -> ApiResult<Option<String>> {
        if !self.allowed && carries_text(&self.event) {
            return Err(redacted("summary"));
        }
        Ok(Some(summary(&self.event)))
    }

    async fn actor_name(&self) -> &str {
        &self.event.actor_name
    }

    async fn actor_agency(&self, ctx: &Context<'_>) -> ApiResult<AgencyObject> {
        let agency = crate::loaders::agency(ctx, self.event.actor_agency).await?;
        Ok(AgencyObject(agency))
    }

    /// When it happened (business time).
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.event.occurred_at
    }

    /// When Baton recorded it.
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.event.recorded_at
    }

    /// The event's data as recorded. Sensitive: only for those acting on the case.
    async fn detail(&self) -> ApiResult<Option<Json<EventDetail>>> {
        if self.allowed {
            Ok(Some(Json(self.event.detail.clone())))
        } else {
            Err(redacted("detail"))
        }
    }
}

/// Does the event's summary carry text that can reveal a sensitive fact: free text written
/// about the person, the proof document, or a step that exists only for a person in
/// custody?
fn carries_text(event: &Event) -> bool {
    if event.kind == CommandKind::ForwardDetentionRequest.code() {
        return true;
    }
    match &event.detail {
        EventDetail::Accepted { note, .. } => note.is_some(),
        EventDetail::Noted { text } => text.is_some(),
        EventDetail::SuspectMet { note, .. } => note.is_some(),
        EventDetail::Closed { reason, .. } => reason.is_some(),
        EventDetail::SupervisoryEvaluated { .. } => true,
        EventDetail::Refused { .. }
        | EventDetail::Transferred { .. }
        | EventDetail::ProofReceived { .. }
        | EventDetail::RegistrationEnded { .. }
        | EventDetail::NewRegistrationRequired { .. }
        | EventDetail::CounselChanged { .. } => true,
        _ => false,
    }
}

fn summary(event: &Event) -> String {
    let label = CommandKind::from_code(&event.kind).map_or(event.kind.as_str(), |c| c.label_vi());
    let with = |text: &str| format!("{label}: {text}");
    match &event.detail {
        EventDetail::Requested {
            full_name,
            case_number,
            ..
        } => with(&format!("{full_name}, vụ án {case_number}")),
        EventDetail::Accepted { note: None, .. } | EventDetail::Noted { text: None } => {
            label.to_owned()
        }
        EventDetail::Accepted { note: Some(t), .. } | EventDetail::Noted { text: Some(t) } => {
            with(t)
        }
        EventDetail::RequestRecorded { received_at } => {
            with(&format!("nhận yêu cầu lúc {received_at}"))
        }
        EventDetail::Refused { ground, reason } => {
            with(&format!("{} — {reason}", ground.label_vi()))
        }
        EventDetail::Transferred { reason, .. } => with(reason),
        EventDetail::ProofReceived { document } => with(document),
        EventDetail::ProviderAssigned {
            provider_name,
            provider_kind,
            decision_number,
            ..
        } => match decision_number {
            Some(n) => with(&format!(
                "{provider_name} ({}), quyết định {n}",
                provider_kind.label_vi()
            )),
            None => with(&format!("{provider_name} ({})", provider_kind.label_vi())),
        },
        EventDetail::CounselRegistered {
            registration_number,
        } => match registration_number {
            Some(n) => with(&format!("số {n}")),
            None => label.to_owned(),
        },
        EventDetail::RegistrationEnded { ground, reason, .. } => {
            with(&format!("{} — {reason}", ground.label_vi()))
        }
        EventDetail::HearingScheduled { hearing_at, .. } => {
            with(&format!("xét xử lúc {hearing_at}"))
        }
        EventDetail::InterrogationNotice { at, .. } => with(&format!("lúc {at}")),
        EventDetail::SuspectMet { accepts, note } => {
            let answer = if *accepts {
                "bị can nhận người bào chữa được chỉ định"
            } else {
                "bị can không nhận người bào chữa được chỉ định"
            };
            match note {
                Some(n) => with(&format!("{answer} — {n}")),
                None => with(answer),
            }
        }
        EventDetail::InvestigationConcluded { concluded_at, .. } => {
            with(&format!("ngày ra bản kết luận {concluded_at}"))
        }
        EventDetail::StageTransferred { stage, .. } => with(stage.label_vi()),
        EventDetail::NewRegistrationRequired { reason, .. }
        | EventDetail::CounselChanged { reason } => with(reason),
        EventDetail::Closed { ground, reason } => match (ground, reason) {
            (Some(g), Some(r)) => with(&format!("{} — {r}", g.label_vi())),
            (None, Some(r)) => with(r),
            _ => label.to_owned(),
        },
        EventDetail::FileHandedOver { file_code } => with(&format!("mã hồ sơ {file_code}")),
        EventDetail::QualityAppraised { total, grade, .. } => {
            with(&format!("{total}/100 điểm, xếp loại {}", grade.label_vi()))
        }
        EventDetail::SupervisoryEvaluated {
            basis,
            total,
            grade,
            conclusion,
            ..
        } => with(&format!(
            "{}, {total}/100 điểm, xếp loại {} — {conclusion}",
            basis.label_vi(),
            grade.label_vi()
        )),
        EventDetail::PaymentClaimSubmitted { kind, amount, .. } => {
            with(&format!("{}, {amount} đồng", kind.label_vi()))
        }
        EventDetail::PaymentClaimDecided {
            amount,
            reason: None,
            ..
        } => with(&format!("{amount} đồng")),
        EventDetail::PaymentClaimDecided {
            amount,
            reason: Some(r),
            ..
        } => with(&format!("{amount} đồng — {r}")),
        EventDetail::DeadlineWarning { clock, due_at, .. } => {
            format!("Cảnh báo sắp hết hạn: {clock}, hạn {due_at}")
        }
        EventDetail::DeadlineBreached { clock, due_at, .. } => {
            format!("Quá hạn: {clock}, hạn {due_at}")
        }
        EventDetail::BreachEscalated { clock, due_at, .. } => {
            format!("Báo cáo vi phạm thời hạn lên cấp trung ương: {clock}, hạn {due_at}")
        }
        // Both languages: the operator's recompute speaks to officials and to auditors.
        EventDetail::DeadlineRecomputed(moved) => {
            format!("{} / {}", moved.summary_vi(), moved.summary_en())
        }
    }
}
