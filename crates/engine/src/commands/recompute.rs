//! `baton recompute-deadlines` (issue 10, deadlines that repair themselves): after the
//! calendar data or a rule set changed, count the due instant of every open handoff again
//! with the calendar and rule book this engine was built with. A moved due instant is a
//! system event on the matter's timeline, written by [`Engine::persist`] like every
//! command (version-guarded), and a notice to the users of the responsible agency.

use std::fmt;

use baton_domain::agency::{AgencyRef, Principal};
use baton_domain::calendar::vn_offset;
use baton_domain::decide::{ClockState, Moved, Recomputed, due_words, recompute};
use baton_domain::ids::{HandoffId, MatterId};
use baton_domain::lookup_text;
use baton_store::handoffs::{self, Handoff};
use baton_store::matters;
use baton_store::notifications::{self, NoticeKind, Notification};
use baton_store::scope::Scope;
use baton_store::{DatabaseTransaction, TransactionTrait, agencies};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::{Engine, EngineError};

/// Handoffs read per page.
const PAGE: u64 = 500;

/// Longest reason an operator may give.
const MAX_REASON: usize = 500;

/// How to run a recompute.
#[derive(Debug, Clone, Default)]
pub struct RecomputeOptions {
    /// Report what would move; write nothing.
    pub dry_run: bool,
    /// Why the data changed, in the operator's words, recorded on every event, e.g. "Lịch
    /// nghỉ năm 2027 thay đổi: hoán đổi ngày 30/4".
    pub reason: Option<String>,
}

/// One due instant that moved (or would move, in a dry run).
#[derive(Debug, Clone, Serialize)]
pub struct DueChange {
    pub matter: MatterId,
    pub handoff: HandoffId,
    pub clock: String,
    pub old_due: DateTime<Utc>,
    pub new_due: DateTime<Utc>,
    pub why_vi: String,
    pub why_en: String,
    /// The matter's version (and event `seq`) the change produced; `None` in a dry run.
    pub seq: Option<i64>,
    pub notified: usize,
}

/// What a recompute did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RecomputeReport {
    pub dry_run: bool,
    /// Open handoffs (not met, not cancelled) looked at.
    pub checked: u64,
    pub moved: u64,
    pub unchanged: u64,
    /// Clocks the matter's rule set no longer has, or hearing clocks without a hearing:
    /// left as they are.
    pub not_counted: u64,
    /// Handoffs met or changed by a command while the recompute ran: left to the next run.
    pub conflicts: u64,
    pub changes: Vec<DueChange>,
}

impl fmt::Display for RecomputeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.dry_run { "would move" } else { "moved" };
        writeln!(
            f,
            "{} open handoffs checked: {} {verb}, {} unchanged, {} not counted, {} conflicts{}",
            self.checked,
            self.moved,
            self.unchanged,
            self.not_counted,
            self.conflicts,
            if self.dry_run {
                " (dry run: nothing written)"
            } else {
                ""
            },
        )?;
        for c in &self.changes {
            writeln!(
                f,
                "  {} {:<16} matter {} due {} -> {}: {}",
                c.handoff,
                c.clock,
                c.matter,
                c.old_due.with_timezone(&vn_offset()).to_rfc3339(),
                c.new_due.with_timezone(&vn_offset()).to_rfc3339(),
                c.why_vi,
            )?;
        }
        Ok(())
    }
}

/// The pauses of a handoff that ended, from its history: (paused, resumed).
fn ended_pauses(h: &Handoff) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut pauses = Vec::new();
    let mut since = None;
    for entry in &h.history {
        match entry.what.as_str() {
            "paused" => since = Some(entry.at),
            "resumed" => {
                if let Some(paused) = since.take() {
                    pauses.push((paused, entry.at));
                }
            }
            _ => {}
        }
    }
    pauses
}

impl Engine {
    /// Counts every open handoff's due instant again with this engine's calendar and rule
    /// book; moves those that changed (unless `dry_run`). Idempotent: a second run finds
    /// nothing to move.
    #[tracing::instrument(skip_all, fields(dry_run = options.dry_run))]
    pub async fn recompute_deadlines(
        &self,
        options: &RecomputeOptions,
    ) -> Result<RecomputeReport, EngineError> {
        let reason = options
            .reason
            .as_deref()
            .map(|r| lookup_text("reason", r, MAX_REASON))
            .transpose()?;
        let options = &RecomputeOptions {
            dry_run: options.dry_run,
            reason,
        };
        let mut report = RecomputeReport {
            dry_run: options.dry_run,
            ..RecomputeReport::default()
        };
        let mut after = None;
        loop {
            let page = handoffs::open_page(&self.db, after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = Some(last.id);
            for h in &page {
                report.checked += 1;
                self.recompute_one(h.id, options, &mut report).await?;
            }
            if (page.len() as u64) < PAGE {
                break;
            }
        }
        if report.moved > 0 {
            tracing::info!(
                checked = report.checked,
                moved = report.moved,
                dry_run = report.dry_run,
                "recompute found due instants that changed"
            );
        }
        Ok(report)
    }

    /// One handoff, in its own transaction.
    async fn recompute_one(
        &self,
        id: HandoffId,
        options: &RecomputeOptions,
        report: &mut RecomputeReport,
    ) -> Result<(), EngineError> {
        let txn = self.db.begin().await?;
        // Read again inside the transaction: a command may have met it meanwhile.
        let Some(h) = handoffs::get(&txn, id).await? else {
            report.conflicts += 1;
            return Ok(());
        };
        if h.discharged_at.is_some() {
            report.conflicts += 1;
            return Ok(());
        }
        let moved = match self.count_again(&txn, &h).await? {
            Recomputed::Unchanged => {
                report.unchanged += 1;
                return Ok(());
            }
            Recomputed::NotCounted => {
                report.not_counted += 1;
                return Ok(());
            }
            Recomputed::Moved(moved) => moved,
        };
        let mut change = DueChange {
            matter: h.matter,
            handoff: h.id,
            clock: h.clock.clone(),
            old_due: moved.old_due,
            new_due: moved.due_at,
            why_vi: moved.why_vi.clone(),
            why_en: moved.why_en.clone(),
            seq: None,
            notified: 0,
        };
        report.moved += 1;
        if options.dry_run {
            report.changes.push(change);
            return Ok(());
        }
        match self
            .write_move(&txn, &h, *moved, options.reason.as_deref())
            .await
        {
            Ok((seq, notified)) => {
                txn.commit().await?;
                change.seq = Some(seq);
                change.notified = notified;
                report.changes.push(change);
                let matter = matters::find_visible(&self.db, &Scope::system(), h.matter).await?;
                if let Some(m) = matter {
                    self.committed(&m);
                }
            }
            Err(EngineError::Conflict(_)) => {
                txn.rollback().await?;
                report.moved -= 1;
                report.conflicts += 1;
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }

    /// The handoff counted again with the matter's rule set and the engine's calendar.
    async fn count_again(
        &self,
        txn: &DatabaseTransaction,
        h: &Handoff,
    ) -> Result<Recomputed, EngineError> {
        let matter = matters::find_visible(txn, &Scope::system(), h.matter)
            .await?
            .ok_or_else(|| EngineError::internal("a handoff's matter vanished"))?;
        let Some(rules) = self.rules.version(&matter.ruleset_version) else {
            return Ok(Recomputed::NotCounted);
        };
        let agency_kind = agencies::get(txn, matter.facts.handling_agency)
            .await?
            .map(|a| a.kind);
        let pauses = ended_pauses(h);
        let state = ClockState {
            id: h.id,
            clock: &h.clock,
            started_at: h.started_at,
            due_at: h.due_at,
            warn_at: h.warn_at,
            paused_at: h.paused_at,
            pauses: &pauses,
            computation: h.computation.as_ref(),
        };
        Ok(recompute(
            rules,
            &self.calendar,
            &matter.facts,
            agency_kind,
            &state,
        ))
    }

    /// Records the move as the matter's next event, signed by the system for the agency
    /// that owes the duty, and notifies that agency's users. Returns (seq, notified).
    async fn write_move(
        &self,
        txn: &DatabaseTransaction,
        h: &Handoff,
        moved: Moved,
        reason: Option<&str>,
    ) -> Result<(i64, usize), EngineError> {
        let matter = matters::find_visible(txn, &Scope::system(), h.matter)
            .await?
            .ok_or_else(|| EngineError::internal("a handoff's matter vanished"))?;
        let now = self.now();
        let message = self.due_moved_message(txn, h, &moved).await?;
        let new_due = moved.due_at;
        let decision = moved.decision(&matter.facts, reason, now);
        let system = Principal::system(AgencyRef {
            id: h.responsible,
            kind: h.responsible_kind,
            province: h.province.clone(),
        });
        let seq = self
            .persist(txn, &system, matter.id, matter.version, decision, now)
            .await?;
        let users = notifications::agency_users(txn, h.responsible).await?;
        let notices: Vec<Notification> = users
            .into_iter()
            .map(|user| Notification {
                id: Uuid::now_v7(),
                user,
                kind: NoticeKind::DueMoved,
                matter: h.matter,
                handoff: h.id,
                agency: h.responsible,
                province: h.province.clone(),
                clock: h.clock.clone(),
                due_at: new_due,
                message: message.clone(),
                created_at: now,
                read_at: None,
            })
            .collect();
        notifications::replace_due_moved(txn, &notices).await?;
        self.relay_matter(txn, matter.id).await?;
        Ok((seq, notices.len()))
    }

    /// "Hạn đã thay đổi: Cử người thực hiện trợ giúp pháp lý (Trung tâm …), hạn cũ 24:00
    /// 04/05/2027, hạn mới 24:00 05/05/2027 — Lịch nghỉ năm 2027 thay đổi: …".
    async fn due_moved_message(
        &self,
        txn: &DatabaseTransaction,
        h: &Handoff,
        moved: &Moved,
    ) -> Result<String, EngineError> {
        let agency = agencies::get(txn, h.responsible)
            .await?
            .map_or_else(|| h.responsible.to_string(), |a| a.name);
        let label = self
            .rules
            .all()
            .iter()
            .rev()
            .find_map(|r| r.clock(&h.clock))
            .map_or_else(|| h.clock.clone(), |c| c.label_vi.clone());
        let day_based = moved.computation.day_based;
        Ok(format!(
            "Hạn đã thay đổi: {label} ({agency}), hạn cũ {}, hạn mới {} — {}",
            due_words(moved.old_due, day_based),
            due_words(moved.due_at, day_based),
            moved.why_vi
        ))
    }
}
