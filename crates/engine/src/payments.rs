//! Reads of the providers' payment claims (T18): a matter's claims, and the supervisors'
//! totals of approved payments per province and period.

use baton_domain::DomainError;
use baton_domain::access::Operation;
use baton_domain::agency::Principal;
use baton_store::matters::Matter;
use baton_store::payment_claims::{self, Claim, ProvinceTotal};
use baton_store::scope::Visible;
use chrono::{DateTime, Duration, Utc};

use crate::queries::require;
use crate::{Engine, EngineError};

impl Engine {
    /// The payment claims of a matter already shown to be visible, oldest first.
    pub async fn claims_of(&self, matter: &Visible<Matter>) -> Result<Vec<Claim>, EngineError> {
        Ok(payment_claims::for_matter(&self.db, matter).await?)
    }

    /// Totals of the payments approved in `[from, to)` (at most a year), per province of
    /// the supervisor's jurisdiction: every province for the national authority.
    pub async fn payment_totals(
        &self,
        principal: &Principal,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ProvinceTotal>, EngineError> {
        let scope = require(principal, Operation::PaymentTotals)?;
        if from >= to || to - from > Duration::days(366) {
            return Err(
                DomainError::invalid("to", "a period is from before to, at most one year").into(),
            );
        }
        Ok(payment_claims::approved_totals(&self.db, &scope, from, to).await?)
    }
}
