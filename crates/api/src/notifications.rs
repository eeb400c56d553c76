//! The principal's notifications: deadline warnings, breaches and escalations sent to
//! them by the scheduler. Listed unread first; marked read by id.

use async_graphql::connection::{Connection, CursorType, Edge, OpaqueCursor};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use baton_engine::{Alert, EngineError, NoticeKey, NoticeKind, Notification};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::context::{engine, parse_id, principal};
use crate::error::{ApiResult, bad_input};
use crate::objects::MatterObject;

/// What a deadline alert says.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum AlertKind {
    /// A set share of the duty's time has passed.
    Warning,
    /// The duty's due instant has passed.
    Breach,
    /// The breach stayed open and went to the national authority.
    Escalation,
    /// The duty's due instant moved: the calendar or the rule set changed and an operator
    /// recomputed the deadlines (`dueAt` is the new one).
    DeadlineMoved,
}

impl From<Alert> for AlertKind {
    fn from(a: Alert) -> Self {
        match a {
            Alert::Warning => Self::Warning,
            Alert::Breach => Self::Breach,
            Alert::Escalation => Self::Escalation,
        }
    }
}

/// A notice to the caller about a duty's deadline.
pub struct NotificationObject(pub Notification);

#[Object(name = "Notification")]
impl NotificationObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn kind(&self) -> AlertKind {
        match self.0.kind {
            NoticeKind::Alert(alert) => alert.into(),
            NoticeKind::DueMoved => AlertKind::DeadlineMoved,
        }
    }

    /// The notice in Vietnamese.
    async fn message(&self) -> &str {
        &self.0.message
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Null while unread.
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.0.read_at
    }

    /// The handoff's kind (rule-set clock), e.g. `assign_provider`.
    async fn handoff_kind(&self) -> &str {
        &self.0.clock
    }

    async fn handoff_id(&self) -> ID {
        ID(self.0.handoff.to_string())
    }

    async fn due_at(&self) -> DateTime<Utc> {
        self.0.due_at
    }

    /// The matter's province.
    async fn province(&self) -> &str {
        &self.0.province
    }

    /// The matter, if the caller may still see it.
    async fn matter(&self, ctx: &Context<'_>) -> ApiResult<Option<MatterObject>> {
        match engine(ctx)?.matter(principal(ctx)?, self.0.matter).await {
            Ok(m) => Ok(Some(MatterObject(m))),
            Err(EngineError::NotFound(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

/// The caller's notifications.
#[derive(Default)]
pub struct NotificationQuery;

#[Object]
impl NotificationQuery {
    /// The caller's notifications, unread first, newest first within each part.
    #[graphql(complexity = "crate::paging::page_cost(first, child_complexity)")]
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only unread notifications (default false).")] unread_only: Option<bool>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<OpaqueCursor<NoticeKey>, NotificationObject>> {
        let key = after
            .as_deref()
            .map(|a| {
                OpaqueCursor::<NoticeKey>::decode_cursor(a)
                    .map(|c| c.0)
                    .map_err(|_| bad_input("after", "is not a cursor this list gave out"))
            })
            .transpose()?;
        let first = first
            .map(|f| u64::try_from(f).map_err(|_| bad_input("first", "must not be negative")))
            .transpose()?;
        let page = engine(ctx)?
            .notifications(principal(ctx)?, unread_only.unwrap_or(false), key, first)
            .await?;
        let mut conn = Connection::new(key.is_some(), page.has_next);
        conn.edges.extend(
            page.items
                .into_iter()
                .map(|n| Edge::new(OpaqueCursor(NoticeKey::of(&n)), NotificationObject(n))),
        );
        Ok(conn)
    }

    /// How many of the caller's notifications are unread.
    async fn unread_notification_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        let n = engine(ctx)?.unread_notifications(principal(ctx)?).await?;
        Ok(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

#[derive(InputObject)]
pub struct MarkNotificationsReadInput {
    /// The caller's own notifications (at most 500); others' ids change nothing.
    pub ids: Vec<ID>,
}

#[derive(SimpleObject)]
pub struct MarkNotificationsReadPayload {
    /// How many were unread and are now read.
    pub marked: i64,
    /// The caller's unread notifications left.
    pub unread_count: i64,
}

/// Marking notifications read.
#[derive(Default)]
pub struct NotificationMutation;

#[Object]
impl NotificationMutation {
    /// Marks some of the caller's notifications read.
    async fn mark_notifications_read(
        &self,
        ctx: &Context<'_>,
        input: MarkNotificationsReadInput,
    ) -> ApiResult<MarkNotificationsReadPayload> {
        let ids = input
            .ids
            .iter()
            .map(|id| parse_id::<Uuid>("ids", id))
            .collect::<Result<Vec<_>, _>>()?;
        let (engine, who) = (engine(ctx)?, principal(ctx)?);
        let marked = engine.mark_notifications_read(who, &ids).await?;
        let unread = engine.unread_notifications(who).await?;
        Ok(MarkNotificationsReadPayload {
            marked: i64::try_from(marked).unwrap_or(i64::MAX),
            unread_count: i64::try_from(unread).unwrap_or(i64::MAX),
        })
    }
}
