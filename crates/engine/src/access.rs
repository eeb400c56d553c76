//! Personal data protection: who may read a matter's sensitive data, and the log of
//! every such read.

use baton_domain::access::{Operation, Reach, reach};
use baton_domain::agency::Principal;
use baton_domain::ids::MatterId;
use baton_store::access_log::{self, AccessEntry};
use baton_store::matters::Matter;
use baton_store::page::{Key, Page};

use crate::queries::{page_size, require};
use crate::{Engine, EngineError};

impl Engine {
    /// May the principal read this (visible) matter's sensitive data? Only the agencies
    /// acting on the person's case do: the handling agency and the center, not an agency
    /// the matter has moved on from, and not supervisors (the access table).
    pub fn may_read_sensitive(&self, principal: &Principal, matter: &Matter) -> bool {
        match reach(principal, Operation::ReadSensitive) {
            Some(Reach::Jurisdiction) => true,
            Some(Reach::OwnAgency) => {
                let agency = principal.agency.id;
                matter.handling_agency == agency || matter.center == agency
            }
            None => false,
        }
    }

    /// Appends a read of `fields` of a matter to the access log.
    pub async fn record_access(
        &self,
        principal: &Principal,
        matter: &Matter,
        fields: &[&str],
    ) -> Result<(), EngineError> {
        access_log::record(
            &self.db,
            principal,
            matter.id,
            &matter.province,
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
