//! The agency directory and the centers' rosters, kept by administrators (the Department
//! of Justice publishes the lists of providers: Law on Legal Aid art. 10, 17). Every change
//! is written to the administration log in the same transaction.

use baton_domain::access::{AdminAction, Operation, is_national};
use baton_domain::agency::{AgencyKind, Principal, check_placement};
use baton_domain::ids::{AgencyId, ProviderId};
use baton_domain::matter::{ProviderKind, limits};
use baton_domain::{BoundedText, DomainError};
use baton_store::TransactionTrait;
use baton_store::agencies::{self, Agency, Provider};

use crate::{Engine, EngineError};

/// An agency to add, as entered.
#[derive(Debug, Clone)]
pub struct NewAgency {
    pub kind: AgencyKind,
    pub name: String,
    /// Province code, e.g. "HN".
    pub province: String,
    pub province_name: String,
    /// The center a branch belongs to; only for a branch.
    pub parent: Option<AgencyId>,
}

/// A provider to put on a center's roster, as entered.
#[derive(Debug, Clone)]
pub struct NewProvider {
    pub center: AgencyId,
    pub name: String,
    pub kind: ProviderKind,
    /// The legal aid officer's or lawyer's card number.
    pub card_number: Option<String>,
}

fn text(field: &str, value: &str, max: usize) -> Result<String, DomainError> {
    BoundedText::field(field, value, max).map(BoundedText::into_string)
}

impl Engine {
    /// Adds an agency of `by`'s province (the national authority's: any). Only a national
    /// administrator or the operator (`by` = `None`) adds the national authority, and only
    /// at [`NATIONAL_PROVINCE`](baton_domain::agency::NATIONAL_PROVINCE), where no other
    /// agency may be. A legal aid branch names its center, in the same province; no other
    /// agency has a parent.
    pub async fn add_agency(
        &self,
        by: Option<&Principal>,
        new: NewAgency,
    ) -> Result<Agency, EngineError> {
        let agency = Agency {
            id: AgencyId::generate(),
            kind: new.kind,
            name: text("name", &new.name, limits::NAME)?,
            province: text("province", &new.province, limits::NAME)?,
            province_name: text("provinceName", &new.province_name, limits::NAME)?,
            parent: new.parent,
        };
        // Only a national administrator (or the operator) adds a national agency: a
        // provincial one adds agencies of its own province, which are never national.
        if agency.kind == AgencyKind::NationalAuthority && by.is_some_and(|p| !is_national(p)) {
            return Err(DomainError::Forbidden(
                "only a national administrator adds the national authority".into(),
            )
            .into());
        }
        self.may_administer(by, Operation::ManageDirectory, &agency.province)?;
        check_placement(agency.kind, &agency.province)?;
        match (agency.kind, agency.parent) {
            (AgencyKind::LegalAidBranch, Some(parent)) => {
                let center = agencies::get(&self.db, parent).await?;
                let fits = center.is_some_and(|c| {
                    c.kind == AgencyKind::LegalAidCenter && c.province == agency.province
                });
                if !fits {
                    return Err(DomainError::invalid(
                        "parentId",
                        "a branch belongs to a legal aid center of its province",
                    )
                    .into());
                }
            }
            (AgencyKind::LegalAidBranch, None) => {
                return Err(DomainError::invalid("parentId", "a branch names its center").into());
            }
            (_, Some(_)) => {
                return Err(DomainError::invalid("parentId", "only a branch has a parent").into());
            }
            (_, None) => {}
        }
        let detail = format!("{} ({})", agency.name, agency.kind.label_vi());
        let txn = self.db.begin().await?;
        agencies::insert(&txn, &agency).await?;
        self.audit(
            &txn,
            by,
            AdminAction::AddAgency,
            &agency,
            Some(agency.id.0),
            &detail,
        )
        .await?;
        txn.commit().await?;
        Ok(agency)
    }

    /// Puts a provider on a center's (or branch's) roster.
    pub async fn add_provider(
        &self,
        by: Option<&Principal>,
        new: NewProvider,
    ) -> Result<Provider, EngineError> {
        let provider = Provider {
            id: ProviderId::generate(),
            center: new.center,
            name: text("name", &new.name, limits::NAME)?,
            kind: new.kind,
            card_number: new
                .card_number
                .map(|c| text("cardNumber", &c, limits::NAME))
                .transpose()?,
            active: true,
        };
        let center = self.roster_agency(by, new.center, "centerId").await?;
        let detail = format!("{} ({})", provider.name, provider.kind.label_vi());
        let txn = self.db.begin().await?;
        agencies::insert_provider(&txn, &provider).await?;
        self.audit(
            &txn,
            by,
            AdminAction::AddProvider,
            &center,
            Some(provider.id.0),
            &detail,
        )
        .await?;
        txn.commit().await?;
        Ok(provider)
    }

    /// Marks a provider active, or no longer active: an inactive provider cannot be
    /// assigned (matters already assigned keep them until replaced).
    pub async fn set_provider_active(
        &self,
        by: Option<&Principal>,
        provider: ProviderId,
        active: bool,
    ) -> Result<Provider, EngineError> {
        let current = agencies::provider(&self.db, provider)
            .await?
            .ok_or(EngineError::NotFound("provider"))?;
        let center = self.roster_agency(by, current.center, "providerId").await?;
        let detail = format!(
            "{}: {}",
            current.name,
            if active {
                "hoạt động"
            } else {
                "ngừng hoạt động"
            }
        );
        let txn = self.db.begin().await?;
        let updated = agencies::set_provider_active(&txn, provider, active)
            .await?
            .ok_or(EngineError::NotFound("provider"))?;
        self.audit(
            &txn,
            by,
            AdminAction::SetProviderActive,
            &center,
            Some(provider.0),
            &detail,
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// The center (or branch) whose roster `by` changes, once they may.
    async fn roster_agency(
        &self,
        by: Option<&Principal>,
        center: AgencyId,
        field: &str,
    ) -> Result<Agency, EngineError> {
        let agency = agencies::get(&self.db, center)
            .await?
            .filter(|a| {
                matches!(
                    a.kind,
                    AgencyKind::LegalAidCenter | AgencyKind::LegalAidBranch
                )
            })
            .ok_or_else(|| DomainError::invalid(field, "no legal aid center has this id"))?;
        self.may_administer(by, Operation::ManageDirectory, &agency.province)?;
        Ok(agency)
    }
}
