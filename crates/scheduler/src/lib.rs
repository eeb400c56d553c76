//! Baton's deadline scheduler.
//!
//! [`run`] wakes on a cron schedule, and earlier when the next warning, breach or
//! escalation falls due before the next tick, then sweeps. [`sweep_once`] is one sweep:
//! for every open handoff it records a **warning** once its `warn_at` has passed, a
//! **breach** once its due instant has passed, and an **escalation** when a breach is
//! still open [`Config::escalate_after`] after the due instant. Each is an event on the
//! matter and notifications to the people who must act, written in one transaction with
//! the conditional update that makes it once-only; see `baton_store::sweep`.
//!
//! Time comes from the engine's clock, so tests move time instead of sleeping. The crate
//! depends on the engine, the store and the domain; it knows nothing of GraphQL or HTTP.

mod config;
mod recipients;
mod run;
mod sweep;

pub use config::{Config, ConfigError, parse_duration, parse_schedule};
pub use run::run;
pub use sweep::{Fired, SweepReport, sweep_once};

/// What can stop a sweep. The loop logs it and tries again at the next tick.
#[derive(Debug, thiserror::Error)]
pub enum SchedulerError {
    #[error("sweep failed")]
    Store(#[from] baton_store::StoreError),
    #[error("sweep failed")]
    Engine(#[from] baton_engine::EngineError),
}

impl From<baton_store::DbErr> for SchedulerError {
    fn from(err: baton_store::DbErr) -> Self {
        Self::Store(err.into())
    }
}
