//! Providers' payment claims (T18): written by the engine from a decision's
//! [`PaymentChange`], read through a visible matter, and totalled per province for
//! supervisors within their scope.

use baton_domain::agency::Principal;
use baton_domain::ids::{AgencyId, ClaimId, MatterId, ProviderId, UserId};
use baton_domain::pay::{ClaimKind, ClaimRef, ClaimStatus, PricedClaim, PricedLine};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::StoreError;
use crate::convert::code;
use crate::entity::payment_claim;
use crate::matters::Matter;
use crate::scope::{Scope, Visible};

/// A claim as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub id: ClaimId,
    pub matter: MatterId,
    pub province: String,
    pub center: AgencyId,
    pub provider: ProviderId,
    pub status: ClaimStatus,
    pub priced: PricedClaim,
    pub submitted_by: UserId,
    pub submitted_by_name: String,
    pub submitted_at: DateTime<Utc>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
}

impl Claim {
    /// What the rules see of it.
    pub fn as_ref(&self) -> ClaimRef {
        ClaimRef {
            id: self.id,
            provider: self.provider,
            kind: self.priced.kind,
            status: self.status,
            hours: self.priced.hours,
            amount: self.priced.amount,
        }
    }
}

impl TryFrom<payment_claim::Model> for Claim {
    type Error = StoreError;

    fn try_from(m: payment_claim::Model) -> Result<Self, StoreError> {
        let lines: Vec<PricedLine> = serde_json::from_str(&m.lines)
            .map_err(|e| StoreError::Corrupt(format!("claim {} lines: {e}", m.id)))?;
        let corrupt = |what: &str| StoreError::Corrupt(format!("claim {}: {what}", m.id));
        Ok(Self {
            id: ClaimId(m.id),
            matter: MatterId(m.matter_id),
            province: m.province,
            center: AgencyId(m.center_id),
            provider: ProviderId(m.provider_id),
            status: code(&m.status, "claim status", ClaimStatus::from_code)?,
            priced: PricedClaim {
                kind: code(&m.kind, "claim kind", ClaimKind::from_code)?,
                lines,
                hours: u32::try_from(m.hours).map_err(|_| corrupt("negative hours"))?,
                amount: m.amount,
                work_from: m.work_from,
                work_to: m.work_to,
            },
            submitted_by: UserId(m.submitted_by),
            submitted_by_name: m.submitted_by_name,
            submitted_at: m.submitted_at,
            decided_by_name: m.decided_by_name,
            decided_at: m.decided_at,
            reason: m.reason,
        })
    }
}

/// Writes a submitted claim on the matter (`province`, `center`: the matter's now).
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    db: &impl ConnectionTrait,
    id: ClaimId,
    matter: MatterId,
    province: &str,
    center: AgencyId,
    provider: ProviderId,
    claim: &PricedClaim,
    principal: &Principal,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let lines = serde_json::to_string(&claim.lines)
        .map_err(|e| StoreError::Corrupt(format!("claim lines do not serialize: {e}")))?;
    let hours = i32::try_from(claim.hours)
        .map_err(|_| StoreError::Corrupt("claim hours out of range".into()))?;
    payment_claim::ActiveModel {
        id: Set(id.0),
        matter_id: Set(matter.0),
        province: Set(province.to_owned()),
        center_id: Set(center.0),
        provider_id: Set(provider.0),
        kind: Set(claim.kind.code().to_owned()),
        status: Set(ClaimStatus::Submitted.code().to_owned()),
        hours: Set(hours),
        amount: Set(claim.amount),
        work_from: Set(claim.work_from),
        work_to: Set(claim.work_to),
        lines: Set(lines),
        submitted_by: Set(principal.user_id.0),
        submitted_by_name: Set(principal.name.clone()),
        submitted_at: Set(now),
        decided_by: Set(None),
        decided_by_name: Set(None),
        decided_at: Set(None),
        reason: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Approves or rejects a submitted claim; a claim already decided is a
/// [`StoreError::Conflict`] (the rules refuse it first; this is the last guard).
pub async fn decide(
    db: &impl ConnectionTrait,
    id: ClaimId,
    status: ClaimStatus,
    reason: Option<&str>,
    principal: &Principal,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let result = payment_claim::Entity::update_many()
        .col_expr(payment_claim::Column::Status, Expr::value(status.code()))
        .col_expr(
            payment_claim::Column::DecidedBy,
            Expr::value(principal.user_id.0),
        )
        .col_expr(
            payment_claim::Column::DecidedByName,
            Expr::value(principal.name.clone()),
        )
        .col_expr(payment_claim::Column::DecidedAt, Expr::value(now))
        .col_expr(
            payment_claim::Column::Reason,
            Expr::value(reason.map(str::to_owned)),
        )
        .filter(payment_claim::Column::Id.eq(id.0))
        .filter(payment_claim::Column::Status.eq(ClaimStatus::Submitted.code()))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(StoreError::Conflict(format!(
            "claim {id} is no longer waiting for a decision"
        )));
    }
    Ok(())
}

/// The claims of a matter the caller may see, oldest first.
pub async fn for_matter(
    db: &impl ConnectionTrait,
    matter: &Visible<Matter>,
) -> Result<Vec<Claim>, StoreError> {
    payment_claim::Entity::find()
        .filter(payment_claim::Column::MatterId.eq(matter.id.0))
        .order_by_asc(payment_claim::Column::SubmittedAt)
        .order_by_asc(payment_claim::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Claim::try_from)
        .collect()
}

/// The approved payments of one province in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvinceTotal {
    pub province: String,
    pub claims: u64,
    /// Hours paid by sessions.
    pub hours: u64,
    /// Whole đồng.
    pub amount: i64,
}

/// Totals of the claims approved in `[from, to)`, per province, in the provinces the scope
/// reaches (every province for the national authority, its own for a provincial
/// supervisor, none for anyone else), in province order.
pub async fn approved_totals(
    db: &impl ConnectionTrait,
    scope: &Scope,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ProvinceTotal>, StoreError> {
    let Some(reach) = scope.by_province(payment_claim::Column::Province) else {
        return Ok(Vec::new());
    };
    let rows: Vec<(String, i32, i64)> = payment_claim::Entity::find()
        .select_only()
        .columns([
            payment_claim::Column::Province,
            payment_claim::Column::Hours,
            payment_claim::Column::Amount,
        ])
        .filter(reach)
        .filter(payment_claim::Column::Status.eq(ClaimStatus::Approved.code()))
        .filter(payment_claim::Column::DecidedAt.gte(from))
        .filter(payment_claim::Column::DecidedAt.lt(to))
        .order_by_asc(payment_claim::Column::Province)
        .into_tuple()
        .all(db)
        .await?;
    let mut totals: Vec<ProvinceTotal> = Vec::new();
    for (province, hours, amount) in rows {
        if totals.last().is_none_or(|t| t.province != province) {
            totals.push(ProvinceTotal {
                province,
                claims: 0,
                hours: 0,
                amount: 0,
            });
        }
        if let Some(t) = totals.last_mut() {
            t.claims += 1;
            t.hours += u64::try_from(hours).unwrap_or(0);
            t.amount += amount;
        }
    }
    Ok(totals)
}
