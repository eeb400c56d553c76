//! The principal's own notifications: listed unread first, marked read one by one.

use baton_domain::DomainError;
use baton_domain::agency::Principal;
use baton_store::notifications::{self, NoticeKey, Notification};
use baton_store::page::Page;
use uuid::Uuid;

use crate::{Engine, EngineError, MAX_PAGE};

/// Most ids one call may mark read.
pub const MAX_MARK: usize = 500;

impl Engine {
    /// The principal's notifications: unread first, then read ones; newest first in each.
    pub async fn notifications(
        &self,
        principal: &Principal,
        unread_only: bool,
        after: Option<NoticeKey>,
        first: Option<u64>,
    ) -> Result<Page<Notification>, EngineError> {
        let limit = match first.unwrap_or(20) {
            n @ 1..=MAX_PAGE => n,
            n => {
                return Err(DomainError::invalid(
                    "first",
                    format!("must be 1 to {MAX_PAGE}, not {n}"),
                )
                .into());
            }
        };
        let user = principal.user_id;
        Ok(notifications::list(&self.db, user, unread_only, after, limit).await?)
    }

    /// How many of the principal's notifications are unread.
    pub async fn unread_notifications(&self, principal: &Principal) -> Result<u64, EngineError> {
        Ok(notifications::unread_count(&self.db, principal.user_id).await?)
    }

    /// Marks the principal's own notifications read; ids of others' notifications, or
    /// already read ones, change nothing. Returns how many changed.
    pub async fn mark_notifications_read(
        &self,
        principal: &Principal,
        ids: &[Uuid],
    ) -> Result<u64, EngineError> {
        if ids.len() > MAX_MARK {
            return Err(
                DomainError::invalid("ids", format!("at most {MAX_MARK} ids per call")).into(),
            );
        }
        let now = self.now();
        Ok(notifications::mark_read(&self.db, principal.user_id, ids, now).await?)
    }
}
