//! Baton's workflow engine.
//!
//! Every command runs in one transaction: authorize and decide with the domain, append the
//! event, open and close handoffs, bump the matter's version (a stale version loses with
//! [`EngineError::Conflict`] and changes nothing), and record the idempotency key. Queries
//! return only what the principal may see.
//!
//! Depends on the domain and the store; knows nothing of GraphQL or HTTP.

mod access;
pub mod accounts;
pub mod admin;
mod bus;
mod commands;
mod directory;
mod enrolment;
mod error;
mod notices;
mod passwords;
mod payments;
mod queries;
mod relay;
pub mod sessions;
pub mod stats;

use std::sync::Arc;

use baton_domain::calendar::WorkingCalendar;
use baton_domain::clock::Clock;
use baton_domain::ruleset::RuleBook;
use baton_store::Db;
use chrono::{DateTime, SubsecRound, Utc};

pub use baton_store::access_log::AccessEntry;
pub use baton_store::admin_log::AdminEntry;
pub use baton_store::agencies::User;
pub use baton_store::agencies::{Agency, Provider};
pub use baton_store::auth::{TokenInfo, TokenSession};
pub use baton_store::handoffs::{Handoff, OverdueFilter};
pub use baton_store::matters::{Event, Matter};
pub use baton_store::notifications::{NoticeKey, NoticeKind, Notification};
pub use baton_store::officers::Officer;
pub use baton_store::page::{Key, Page};
pub use baton_store::payment_claims::{Claim, ProvinceTotal};
pub use baton_store::scope::Visible;
pub use baton_store::sweep::Alert;
pub use bus::{AlertFired, Bus, Published, Revoked};
pub use commands::{AlertOutcome, DueChange, RecomputeOptions, RecomputeReport, Target};
pub use directory::{NewAgency, NewProvider};
pub use enrolment::{ENROLMENT_HOURS, Enrolment, LOCK_AFTER_FAILURES, LOCK_MINUTES};
pub use error::{EngineError, cause_chain};
pub use passwords::PasswordParams;

/// Largest page any list returns.
pub const MAX_PAGE: u64 = 100;

/// The engine: storage plus the rules, the calendar and the clock it decides with.
#[derive(Debug, Clone)]
pub struct Engine {
    db: Db,
    rules: Arc<RuleBook>,
    calendar: Arc<WorkingCalendar>,
    clock: Arc<dyn Clock>,
    /// Committed changes, announced to subscribers (shared by clones).
    bus: Bus,
    /// Password hashing at the configured cost ([`Engine::with_password_params`]).
    passwords: Arc<passwords::Passwords>,
}

impl Engine {
    pub fn new(
        db: Db,
        rules: Arc<RuleBook>,
        calendar: Arc<WorkingCalendar>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            db,
            rules,
            calendar,
            clock,
            bus: Bus::default(),
            passwords: Arc::new(
                passwords::Passwords::new(PasswordParams::OWASP)
                    .expect("OWASP's argon2 parameters are valid"),
            ),
        }
    }

    /// The clock the engine decides with (for rate limiters that must agree with it).
    pub fn clock(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock)
    }

    /// "Now", at the microsecond precision both databases store.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now().trunc_subsecs(6)
    }

    /// A transaction for one batch of the scheduler's system work (the sweep): its alerts
    /// go through [`Engine::record_alert`] and commit together.
    pub async fn begin_batch(&self) -> Result<baton_store::DatabaseTransaction, EngineError> {
        use baton_store::TransactionTrait;
        Ok(self.db.begin().await?)
    }

    /// The earliest instant at which some alert falls due, for the scheduler's next wake-up.
    pub async fn next_alert_due(
        &self,
        escalate_after: chrono::Duration,
    ) -> Result<Option<DateTime<Utc>>, EngineError> {
        Ok(baton_store::sweep::next_due(&self.db, escalate_after).await?)
    }

    pub fn rules(&self) -> &RuleBook {
        &self.rules
    }

    pub fn calendar(&self) -> &WorkingCalendar {
        &self.calendar
    }
}
