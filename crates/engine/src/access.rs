//! Personal data protection: who may read a matter's sensitive data, and the log of
//! every such read.

use baton_domain::access::{Operation, Reach, reach};
use baton_domain::agency::Principal;
use baton_domain::ids::MatterId;
use baton_domain::matter::MatterState;
use baton_store::access_log::{self, AccessEntry};
use baton_store::handoffs::Handoff;
use baton_store::matters::Matter;
use baton_store::page::{Key, Page};
use baton_store::scope::{Scope, Visible};

use crate::queries::{page_size, require};
use crate::{Engine, EngineError};

/// The lists a deadline alert belongs to: whoever may read one of them hears its alerts.
const ALERT_OPERATIONS: [Operation; 2] = [Operation::DutiesOwed, Operation::OverdueHandoffs];

impl Engine {
    /// May the principal read this (visible) matter's sensitive data? Only those acting on
    /// the person's case do: the handling agency, the center and the provider assigned,
    /// not an agency the matter has moved on from, and not supervisors (the access table).
    pub fn may_read_sensitive(&self, principal: &Principal, matter: &Visible<Matter>) -> bool {
        match reach(principal, Operation::ReadSensitive) {
            Some(Reach::Jurisdiction) => true,
            Some(Reach::Assigned) => {
                principal.provider.is_some() && matter.facts.provider == principal.provider
            }
            Some(Reach::OwnAgency) => {
                let agency = principal.agency.id;
                matter.facts.handling_agency == agency || matter.facts.center == agency
            }
            None => false,
        }
    }

    /// Should this principal be told, live, of a deadline alert on this handoff? By the
    /// same rules as the lists of duties: `dutiesOwed` (the officers and coordinators of
    /// the agency that owes it) and `overdueHandoffs` (the supervisors of its
    /// jurisdiction). Nobody else: not a provider (who owes no duty of the plan), not an
    /// administrator, even at the agency that owes it.
    pub fn may_see_alert(&self, principal: &Principal, handoff: &Handoff) -> bool {
        ALERT_OPERATIONS
            .iter()
            .any(|op| handoff.admitted_by(&Scope::for_operation(principal, *op)))
    }

    /// May the principal hear deadline alerts at all?
    pub fn may_hear_alerts(&self, principal: &Principal) -> bool {
        ALERT_OPERATIONS
            .iter()
            .any(|op| reach(principal, *op).is_some())
    }

    /// Does the access table give the principal this operation at all?
    pub fn permits(&self, principal: &Principal, operation: Operation) -> bool {
        reach(principal, operation).is_some()
    }

    /// The matter, if it is a referral waiting in the principal's inbox.
    pub fn new_referral_for(
        &self,
        principal: &Principal,
        matter: &Matter,
    ) -> Option<Visible<Matter>> {
        let waiting = reach(principal, Operation::Inbox).is_some()
            && matter.facts.center == principal.agency.id
            && matter.facts.state == MatterState::NotifiedToCenter;
        waiting
            .then(|| matter.admitted_by(&Scope::of(principal)))
            .flatten()
    }

    /// Appends a read of `fields` of a matter to the access log.
    pub async fn record_access(
        &self,
        principal: &Principal,
        matter: &Visible<Matter>,
        fields: &[&str],
    ) -> Result<(), EngineError> {
        access_log::record(
            &self.db,
            principal,
            matter.id,
            &matter.facts.province,
            fields,
            self.now(),
        )
        .await?;
        Ok(())
    }

    /// The access log a supervisor may read: their province's matters, newest first.
    pub async fn access_log(
        &self,
        principal: &Principal,
        matter: Option<MatterId>,
        after: Option<Key>,
        first: Option<u64>,
    ) -> Result<Page<AccessEntry>, EngineError> {
        let scope = require(principal, Operation::ReadAccessLog)?;
        let limit = page_size(first)?;
        Ok(access_log::list(&self.db, &scope, matter, after, limit).await?)
    }
}
