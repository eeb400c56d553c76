//! What the rules need to see before they decide: the matter's situation (its facts, the
//! duties still owed, its neighbours) and the records the command names.

use baton_domain::DomainError;
use baton_domain::agency::AgencyKind;
use baton_domain::calendar::vn_offset;
use baton_domain::decide::{FileRegister, OpenHandoff, Referenced, References, Situation};
use baton_domain::ruleset::RuleSet;
use baton_store::matters::{self, Matter};
use baton_store::scope::Visible;
use baton_store::{DatabaseTransaction, agencies, handoffs, payment_claims};
use chrono::{DateTime, Datelike, Utc};

use crate::EngineError;

/// The matter as the rules see it; what the command names is loaded apart
/// ([`referenced`]), once the caller is known to be allowed.
pub(super) async fn situation(
    txn: &DatabaseTransaction,
    matter: &Visible<Matter>,
    rules: &RuleSet,
) -> Result<Situation, EngineError> {
    let facts = &matter.facts;
    let (open, closed): (Vec<_>, Vec<_>) = handoffs::for_matter(txn, matter)
        .await?
        .into_iter()
        .partition(|h| h.discharged_at.is_none());
    let open_handoffs = open
        .into_iter()
        .map(|h| OpenHandoff {
            id: h.id,
            clock: h.clock,
            started_at: h.started_at,
            due_at: h.due_at,
            warn_at: h.warn_at,
            paused_at: h.paused_at,
            computation: h.computation,
        })
        .collect();
    // Only the branch-roster setting asks which center a branch belongs to.
    let center_parent = if rules.settings.branch_assigns_from_center_roster.value {
        agencies::get(txn, facts.center)
            .await?
            .and_then(|c| c.parent)
    } else {
        None
    };
    let department = agencies::list(
        txn,
        Some(AgencyKind::JusticeDepartment),
        Some(&facts.province),
    )
    .await?
    .first()
    .map(|a| a.id);
    let handling_agency_kind = agencies::get(txn, facts.handling_agency)
        .await?
        .map(|a| a.kind);
    Ok(Situation {
        facts: facts.clone(),
        center_parent,
        department,
        handling_agency_kind,
        open_handoffs,
        closed_duties: closed.into_iter().map(|h| h.clock).collect(),
        referenced: Referenced::default(),
    })
}

/// Loads the records a command names; one that does not exist is bad input on its field.
pub(super) async fn referenced(
    txn: &DatabaseTransaction,
    matter: &Visible<Matter>,
    refs: References,
    now: DateTime<Utc>,
) -> Result<Referenced, EngineError> {
    let mut loaded = Referenced::default();
    if let Some(id) = refs.provider {
        let provider = agencies::provider(txn, id)
            .await?
            .ok_or_else(|| DomainError::invalid("providerId", "no provider has this id"))?;
        loaded.provider = Some(provider.as_ref());
    }
    if let Some((field, id)) = refs.agency {
        let agency = agencies::get(txn, id)
            .await?
            .ok_or_else(|| DomainError::invalid(field, "no agency has this id"))?;
        loaded.agency = Some(agency.as_ref());
    }
    if refs.file_register {
        loaded.file_register = Some(file_register(txn, matter, now).await?);
    }
    if refs.claims {
        loaded.claims = payment_claims::for_matter(txn, matter)
            .await?
            .iter()
            .map(payment_claims::Claim::as_ref)
            .collect();
    }
    Ok(loaded)
}

/// The center's register of case files this year, locked until the transaction ends so
/// that two hand-overs cannot take the same number (TT 12 Điều 11).
async fn file_register(
    txn: &DatabaseTransaction,
    matter: &Visible<Matter>,
    now: DateTime<Utc>,
) -> Result<FileRegister, EngineError> {
    let center_id = matter.facts.center;
    agencies::lock_register(txn, center_id).await?;
    let center = agencies::get(txn, center_id)
        .await?
        .ok_or_else(|| EngineError::internal("the matter's center vanished"))?;
    let year = now.with_timezone(&vn_offset()).year();
    Ok(FileRegister {
        branch_number: agencies::branch_number(txn, &center).await?,
        numbered: matters::count_file_codes(txn, center_id, year).await?,
    })
}
