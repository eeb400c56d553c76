//! One sweep: warnings, then breaches, then escalations, each in batches of one
//! transaction. A batch fires its alerts, appends their events and writes their
//! notifications, commits, and only then announces them on the bus. A process killed
//! mid-batch commits nothing of it; the next sweep fires it again, since nothing changed.

use std::fmt;
use std::sync::Arc;

use baton_domain::calendar::vn_offset;
use baton_domain::ids::{AgencyId, HandoffId, MatterId};
use baton_engine::{Alert, AlertFired, AlertOutcome, Engine, Handoff, Published};
use baton_store::notifications::{self, Notification};
use baton_store::{DatabaseTransaction, sweep};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::recipients::Recipients;
use crate::{Config, SchedulerError};

/// One alert recorded by a sweep.
#[derive(Debug, Clone, Serialize)]
pub struct Fired {
    pub alert: Alert,
    pub handoff: HandoffId,
    pub matter: MatterId,
    pub clock: String,
    pub agency: AgencyId,
    pub province: String,
    pub due_at: DateTime<Utc>,
    /// The matter's version (and event `seq`) the alert produced.
    pub seq: i64,
    pub notified: usize,
}

/// What one sweep did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SweepReport {
    /// The sweep's "now": everything due by then was considered.
    pub at: Option<DateTime<Utc>>,
    pub warnings: u64,
    pub breaches: u64,
    pub escalations: u64,
    /// Warnings not sent because the handoff was already past due: the breach says more.
    pub warnings_superseded: u64,
    pub notifications: u64,
    /// Transactions committed.
    pub batches: u64,
    /// Handoffs whose matter another process held (PostgreSQL): left to that process or to
    /// a later batch.
    pub skipped_locked: u64,
    /// Handoffs another process fired first, or that were discharged meanwhile.
    pub lost_races: u64,
    pub fired: Vec<Fired>,
}

impl SweepReport {
    /// Alerts recorded.
    pub fn total(&self) -> u64 {
        self.warnings + self.breaches + self.escalations
    }

    fn count(&mut self, alert: Alert) {
        match alert {
            Alert::Warning => self.warnings += 1,
            Alert::Breach => self.breaches += 1,
            Alert::Escalation => self.escalations += 1,
        }
    }
}

impl fmt::Display for SweepReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self
            .at
            .map(|t| t.with_timezone(&vn_offset()).to_rfc3339())
            .unwrap_or_default();
        writeln!(
            f,
            "sweep at {at}: {} warnings, {} breaches, {} escalations, {} notifications \
             ({} warnings superseded by a breach, {} batches, {} skipped as locked, {} lost races)",
            self.warnings,
            self.breaches,
            self.escalations,
            self.notifications,
            self.warnings_superseded,
            self.batches,
            self.skipped_locked,
            self.lost_races,
        )?;
        for x in &self.fired {
            writeln!(
                f,
                "  {:<17} {} {:<16} due {} matter {} (event {}) agency {} [{}], {} notified",
                x.alert.code(),
                x.handoff,
                x.clock,
                x.due_at.with_timezone(&vn_offset()).to_rfc3339(),
                x.matter,
                x.seq,
                x.agency,
                x.province,
                x.notified,
            )?;
        }
        Ok(())
    }
}

/// Runs one sweep at the engine's "now" and reports what it did.
#[tracing::instrument(skip_all)]
pub async fn sweep_once(engine: &Engine, config: &Config) -> Result<SweepReport, SchedulerError> {
    let now = engine.now();
    let mut report = SweepReport {
        at: Some(now),
        ..SweepReport::default()
    };
    let mut recipients = Recipients::default();
    for alert in Alert::ALL {
        loop {
            let txn = engine.begin_batch().await?;
            let batch = Batch {
                engine,
                config,
                alert,
                now,
            };
            let (claimed, progress, fired) = batch.run(&txn, &mut recipients, &mut report).await?;
            txn.commit().await?;
            report.batches += 1;
            for (f, handoff) in fired {
                engine.bus().publish(Published::Alert(Arc::new(AlertFired {
                    alert,
                    handoff,
                    at: now,
                })));
                report.fired.push(f);
            }
            // A short batch was the last; a batch that moved nothing means the rest is
            // held by other processes, which will finish it.
            if claimed < config.batch || progress == 0 {
                break;
            }
        }
    }
    if report.total() > 0 {
        tracing::info!(
            warnings = report.warnings,
            breaches = report.breaches,
            escalations = report.escalations,
            notifications = report.notifications,
            "sweep recorded alerts"
        );
    }
    Ok(report)
}

struct Batch<'a> {
    engine: &'a Engine,
    config: &'a Config,
    alert: Alert,
    now: DateTime<Utc>,
}

type BatchOutcome = (u64, u64, Vec<(Fired, Handoff)>);

impl Batch<'_> {
    /// Fires one batch inside `txn`: (claimed, progress, fired).
    async fn run(
        &self,
        txn: &DatabaseTransaction,
        recipients: &mut Recipients,
        report: &mut SweepReport,
    ) -> Result<BatchOutcome, SchedulerError> {
        let (engine, alert, now) = (self.engine, self.alert, self.now);
        let escalate_after = self.config.escalate_after;
        let mut due = sweep::pending(txn, alert, now, escalate_after, self.config.batch).await?;
        let claimed = due.len() as u64;
        // Matter locks in one order, so that two sweepers never wait on each other.
        due.sort_by_key(|h| (h.matter.0, h.id.0));
        let mut progress = 0;
        let mut fired = Vec::new();
        let mut notices: Vec<Notification> = Vec::new();
        for mut h in due {
            let seq = match engine
                .record_alert(txn, alert, &h, escalate_after, now)
                .await?
            {
                AlertOutcome::Locked => {
                    report.skipped_locked += 1;
                    continue;
                }
                AlertOutcome::LostRace => {
                    report.lost_races += 1;
                    continue;
                }
                AlertOutcome::Superseded => {
                    progress += 1;
                    report.warnings_superseded += 1;
                    continue;
                }
                AlertOutcome::Recorded { seq } => seq,
            };
            progress += 1;
            match alert {
                Alert::Warning => h.warned_at = Some(now),
                Alert::Breach => h.breached_at = Some(now),
                Alert::Escalation => h.escalated_at = Some(now),
            }
            let mine = recipients.notices(txn, self.engine, alert, &h, now).await?;
            self.engine.relay_alert(txn, alert, h.id, now).await?;
            report.count(alert);
            report.notifications += mine.len() as u64;
            fired.push((
                Fired {
                    alert,
                    handoff: h.id,
                    matter: h.matter,
                    clock: h.clock.clone(),
                    agency: h.responsible,
                    province: h.province.clone(),
                    due_at: h.due_at,
                    seq,
                    notified: mine.len(),
                },
                h,
            ));
            notices.extend(mine);
        }
        notifications::insert(txn, &notices).await?;
        Ok((claimed, progress, fired))
    }
}
