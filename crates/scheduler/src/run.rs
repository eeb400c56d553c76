//! The loop: sweep, then sleep until the next cron tick or the next alert's instant,
//! whichever is sooner; wake early when a command may have opened a nearer deadline.

use std::future::Future;

use baton_engine::{Engine, cause_chain};
use chrono::{DateTime, Utc};

use crate::{Config, sweep_once};

/// Runs the scheduler until `shutdown` completes. The first sweep runs at once, so that
/// whatever fell due while nothing ran is caught up. A failed sweep is logged and retried
/// at the next wake-up; a sweep in progress when `shutdown` completes is finished first
/// (its batches are short), so nothing is half-done.
pub async fn run(engine: Engine, config: Config, shutdown: impl Future<Output = ()>) {
    let wake = engine.bus().deadlines_changed();
    tokio::pin!(shutdown);
    let mut sweep_now = true;
    loop {
        if sweep_now {
            match sweep_once(&engine, &config).await {
                Ok(report) => tracing::debug!(alerts = report.total(), "sweep done"),
                Err(err) => {
                    let chain = cause_chain(&err);
                    tracing::error!(
                        error.message = %err,
                        error.cause_chain = %chain,
                        "sweep failed"
                    );
                }
            }
        }
        let now = engine.now();
        let Some(wake_at) = next_wake(&engine, &config, now).await else {
            tracing::warn!("the sweep schedule has no further ticks; the scheduler stops");
            shutdown.await;
            return;
        };
        let delay = (wake_at - now).to_std().unwrap_or_default();
        tracing::debug!(%wake_at, "scheduler sleeping");
        tokio::select! {
            () = tokio::time::sleep(delay) => sweep_now = true,
            () = wake.notified() => sweep_now = false,
            () = &mut shutdown => {
                tracing::info!("scheduler stopping");
                return;
            }
        }
    }
}

/// The next cron tick, or the next alert's instant if it comes first. Alerts already due
/// (left by a sweep because another process held them) wait for the tick, so the loop
/// never spins.
async fn next_wake(engine: &Engine, config: &Config, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let tick = config.schedule.after(&now).next();
    let due = match engine.next_alert_due(config.escalate_after).await {
        Ok(due) => due.filter(|d| *d > now),
        Err(err) => {
            tracing::warn!(error.message = %err, "cannot read the next deadline");
            None
        }
    };
    match (tick, due) {
        (Some(t), Some(d)) => Some(t.min(d)),
        (t, d) => t.or(d),
    }
}
