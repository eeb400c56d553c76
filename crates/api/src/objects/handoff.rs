use std::sync::{Arc, OnceLock};

use async_graphql::{Context, ID, Object};
use baton_domain::access::Operation;
use baton_engine::{EngineError, Handoff, Matter, Officer, Visible};
use chrono::{DateTime, Utc};

use crate::context::{engine, log_read, principal};
use crate::enums::{AgencyKind, HandoffStatus, Party};
use crate::error::{ApiResult, redacted};
use crate::objects::computation::ComputationObject;
use crate::objects::{AgencyObject, MatterObject};

/// The newest rule set's definition of a clock (clock ids keep their meaning across
/// versions).
fn clock_rule<'a>(
    ctx: &Context<'a>,
    clock: &str,
) -> ApiResult<Option<&'a baton_domain::ruleset::ClockRule>> {
    let rules = engine(ctx)?.rules();
    Ok(rules.all().iter().rev().find_map(|r| r.clock(clock)))
}

/// How far the scheduler's alerts have gone for a duty.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum AlertLevel {
    /// No alert recorded.
    None,
    /// A set share of the time has passed.
    Warned,
    /// The due instant has passed.
    Breached,
    /// The breach stayed open and went to the national authority.
    Escalated,
}

/// An official who has a matter in hand at an agency.
pub struct OfficerObject(pub Officer);

#[Object(name = "Officer")]
impl OfficerObject {
    /// The user's id.
    async fn id(&self) -> ID {
        ID(self.0.user.to_string())
    }

    /// The name as recorded with their last step.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// When they last recorded a step on the matter.
    async fn last_acted_at(&self) -> DateTime<Utc> {
        self.0.last_acted_at
    }
}

/// A duty one agency owes inside a matter, with its clock and the law that sets it.
pub struct HandoffObject {
    handoff: Handoff,
    /// The handoff's matter and whether the caller may read its sensitive data, once known.
    access: OnceLock<Access>,
}

/// Whether the caller may read a handoff's text that can reveal a sensitive fact.
#[derive(Clone)]
enum Access {
    /// Yes, with the matter, for the access log.
    Allowed(Arc<Visible<Matter>>),
    Denied,
}

/// The handoff fields whose text can reveal a sensitive fact: the limit and its basis are
/// chosen by conditions such as custody ("12 giờ đối với người bị bắt").
pub const SENSITIVE: &[&str] = &["limit", "legalBasis", "computation"];

/// A handoff field as the access log names it.
pub(crate) fn logged_name(field: &str) -> &'static str {
    match field {
        "limit" => "handoffs.limit",
        "legalBasis" => "handoffs.legalBasis",
        _ => "handoffs.computation",
    }
}

impl HandoffObject {
    /// A handoff reached from a list: its matter is loaded if a sensitive field is asked.
    pub fn new(handoff: Handoff) -> Self {
        Self {
            handoff,
            access: OnceLock::new(),
        }
    }

    /// A handoff of a matter already loaded and judged: `readable` is the matter if the
    /// caller may read its sensitive data.
    pub fn of_matter(handoff: Handoff, readable: Option<Arc<Visible<Matter>>>) -> Self {
        let access = OnceLock::new();
        let _ = access.set(readable.map_or(Access::Denied, Access::Allowed));
        Self { handoff, access }
    }

    /// Decides (once) whether the caller may read the handoff's sensitive text.
    async fn access(&self, ctx: &Context<'_>) -> ApiResult<Access> {
        if let Some(access) = self.access.get() {
            return Ok(access.clone());
        }
        let (engine, principal) = (engine(ctx)?, principal(ctx)?);
        let access = if engine.permits(principal, Operation::ReadSensitive) {
            match engine.matter(principal, self.handoff.matter).await {
                Ok(m) if engine.may_read_sensitive(principal, &m) => Access::Allowed(Arc::new(m)),
                Ok(_) | Err(EngineError::NotFound(_)) => Access::Denied,
                Err(e) => return Err(e.into()),
            }
        } else {
            Access::Denied
        };
        Ok(self.access.get_or_init(|| access).clone())
    }

    /// The value for a caller who may read it (the read is logged), or `REDACTED`.
    async fn sensitive<T>(
        &self,
        ctx: &Context<'_>,
        field: &'static str,
        value: impl FnOnce(&Handoff) -> T,
    ) -> ApiResult<T> {
        match self.access(ctx).await? {
            Access::Allowed(matter) => {
                let (engine, principal) = (engine(ctx)?, principal(ctx)?);
                log_read(ctx, engine, principal, &matter, &[logged_name(field)]).await?;
                Ok(value(&self.handoff))
            }
            Access::Denied => Err(redacted(field)),
        }
    }
}

/// One change to a handoff's clock.
#[derive(async_graphql::SimpleObject)]
pub struct ClockEvent {
    /// `opened`, `paused`, `resumed`, `discharged` or `cancelled`.
    what: String,
    at: DateTime<Utc>,
    /// The due instant after the change.
    due_at: DateTime<Utc>,
}

#[Object(name = "Handoff")]
impl HandoffObject {
    async fn id(&self) -> ID {
        ID(self.handoff.id.to_string())
    }

    /// The rule-set clock, e.g. `notify_center`, `assign_provider`, `register_counsel`.
    async fn kind(&self) -> &str {
        &self.handoff.clock
    }

    /// What is owed, in Vietnamese.
    async fn label(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let rule = clock_rule(ctx, &self.handoff.clock)?;
        Ok(rule.map_or_else(|| self.handoff.clock.clone(), |c| c.label_vi.clone()))
    }

    /// Who owes the duty: an agency of the matter, or the requester (the proof, TT 12 Điều
    /// 6(2)) or the provider (the case file, Luật TGPL Điều 39(1)), whose duties the
    /// center waits on and follows up (`responsibleAgency` is then the center).
    async fn owed_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Party>> {
        Ok(clock_rule(ctx, &self.handoff.clock)?.map(|c| c.responsible.into()))
    }

    /// Who owes the duty, in Vietnamese.
    async fn owed_by_label(&self, ctx: &Context<'_>) -> ApiResult<Option<&'static str>> {
        Ok(clock_rule(ctx, &self.handoff.clock)?.map(|c| c.responsible.label_vi()))
    }

    async fn status(&self, ctx: &Context<'_>) -> ApiResult<HandoffStatus> {
        let now = engine(ctx)?.now();
        Ok(match self.handoff.on_time() {
            _ if self.handoff.cancelled => HandoffStatus::Cancelled,
            Some(true) => HandoffStatus::MetOnTime,
            Some(false) => HandoffStatus::MetLate,
            None if self.handoff.paused_at.is_some() => HandoffStatus::Paused,
            None if self.handoff.due_at < now => HandoffStatus::Overdue,
            None => HandoffStatus::Open,
        })
    }

    /// The legal basis for passing the person's data on with this handoff: the
    /// transition's article and the Personal Data Protection Law.
    async fn data_sharing_basis(&self) -> &str {
        &self.handoff.data_basis
    }

    /// What happened to the clock: opened, paused, resumed (with the due instant moved by
    /// the time it stood still), discharged or cancelled.
    async fn history(&self) -> Vec<ClockEvent> {
        self.handoff
            .history
            .iter()
            .map(|h| ClockEvent {
                what: h.what.clone(),
                at: h.at,
                due_at: h.due_at,
            })
            .collect()
    }

    async fn responsible_agency(&self, ctx: &Context<'_>) -> ApiResult<AgencyObject> {
        let agency = crate::loaders::agency(ctx, self.handoff.responsible).await?;
        Ok(AgencyObject(agency))
    }

    /// The person at the responsible agency who has the matter in hand: whoever there last
    /// recorded a step on it. Null until somebody at the agency has acted; the duty then
    /// sits with the agency's head (e.g. the center's director).
    async fn responsible_person(&self, ctx: &Context<'_>) -> ApiResult<Option<OfficerObject>> {
        let officer =
            crate::loaders::officer(ctx, self.handoff.matter, self.handoff.responsible).await?;
        Ok(officer.map(OfficerObject))
    }

    async fn responsible_kind(&self) -> AgencyKind {
        self.handoff.responsible_kind.into()
    }

    async fn province(&self) -> &str {
        &self.handoff.province
    }

    /// When the clock started (business time).
    async fn started_at(&self) -> DateTime<Utc> {
        self.handoff.started_at
    }

    /// The legal end of the limit (exclusive): day-based limits end at 24:00 Asia/Ho_Chi_Minh.
    async fn due_at(&self) -> DateTime<Utc> {
        self.handoff.due_at
    }

    /// When a warning is due (a set share of the time has passed).
    async fn warn_at(&self) -> DateTime<Utc> {
        self.handoff.warn_at
    }

    async fn discharged_at(&self) -> Option<DateTime<Utc>> {
        self.handoff.discharged_at
    }

    /// Discharged by the due instant? Null while open.
    async fn on_time(&self) -> Option<bool> {
        self.handoff.on_time()
    }

    /// Seconds past the due instant while open and overdue; null otherwise.
    async fn overdue_seconds(&self, ctx: &Context<'_>) -> ApiResult<Option<i64>> {
        let now = engine(ctx)?.now();
        Ok(
            (self.handoff.discharged_at.is_none() && self.handoff.due_at < now)
                .then(|| (now - self.handoff.due_at).num_seconds()),
        )
    }

    /// When the scheduler recorded the warning; null until then.
    async fn warned_at(&self) -> Option<DateTime<Utc>> {
        self.handoff.warned_at
    }

    /// When the scheduler recorded the breach; null until then.
    async fn breached_at(&self) -> Option<DateTime<Utc>> {
        self.handoff.breached_at
    }

    /// When the breach was escalated to the national authority; null until then.
    async fn escalated_at(&self) -> Option<DateTime<Utc>> {
        self.handoff.escalated_at
    }

    /// The furthest alert the scheduler has recorded for this duty.
    async fn alert_level(&self) -> AlertLevel {
        let h = &self.handoff;
        if h.escalated_at.is_some() {
            AlertLevel::Escalated
        } else if h.breached_at.is_some() {
            AlertLevel::Breached
        } else if h.warned_at.is_some() {
            AlertLevel::Warned
        } else {
            AlertLevel::None
        }
    }

    /// The limit as the law states it, e.g. "12 giờ", "3 ngày làm việc". Sensitive: the
    /// limit can follow from the person's custody.
    async fn limit(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        self.sensitive(ctx, "limit", |h| Some(h.limit.clone()))
            .await
    }

    /// The article that sets the limit. Sensitive, as `limit`.
    async fn legal_basis(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        self.sensitive(ctx, "legalBasis", |h| Some(h.basis.clone()))
            .await
    }

    /// The working-calendar data the due instant was computed with.
    async fn calendar_revision(&self) -> &str {
        &self.handoff.calendar_revision
    }

    /// How the due instant was computed: the limit and why it applies, the start, the days
    /// not counted, the rollover. Null for duties opened before Baton kept it. Sensitive,
    /// as `limit`: it names the condition that chose the limit.
    async fn computation(&self, ctx: &Context<'_>) -> ApiResult<Option<ComputationObject>> {
        self.sensitive(ctx, "computation", |h| {
            h.computation.clone().map(ComputationObject)
        })
        .await
    }

    /// The matter this duty belongs to.
    async fn matter(&self, ctx: &Context<'_>) -> ApiResult<MatterObject> {
        let matter = engine(ctx)?
            .matter(principal(ctx)?, self.handoff.matter)
            .await?;
        Ok(MatterObject(matter))
    }
}
