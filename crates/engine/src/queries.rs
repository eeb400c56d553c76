//! Reads, each scoped to what the principal may see.

use std::collections::HashMap;

use baton_domain::DomainError;
use baton_domain::access::Operation;
use baton_domain::agency::{AgencyKind, Principal};
use baton_domain::ids::{AgencyId, MatterId, ProviderId};
use baton_domain::matter::{MatterState, limits};
use baton_store::auth::TokenSession;
use baton_store::handoffs::{self, Handoff, OverdueFilter};
use baton_store::matters::{self, Event, Matter};
use baton_store::officers::{self, Officer};
use baton_store::page::{Key, Page};
use baton_store::scope::{Scope, Visible};
use baton_store::{agencies, auth};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::admin::hash_token;
use crate::{Agency, Engine, EngineError, MAX_PAGE, Provider};

/// A filter's text, checked before it reaches a query (a NUL byte is refused, not sent to
/// the database); `field` names it as the API does.
fn lookup(value: Option<&str>, field: &str) -> Result<Option<String>, DomainError> {
    value
        .map(|v| baton_domain::lookup_text(field, v, limits::NAME))
        .transpose()
}

/// States in which a matter waits for its center: to be answered, assigned, or replaced.
pub const INBOX_STATES: &[MatterState] = &[
    MatterState::InformationSent,
    MatterState::NotifiedToCenter,
    MatterState::Accepted,
    MatterState::AcceptedDocsPending,
    MatterState::RegistrationRefused,
    MatterState::RegistrationCancelled,
    MatterState::ChangeRequested,
];

pub(crate) fn page_size(first: Option<u64>) -> Result<u64, EngineError> {
    match first.unwrap_or(20) {
        n @ 1..=MAX_PAGE => Ok(n),
        n => Err(DomainError::invalid("first", format!("must be 1 to {MAX_PAGE}, not {n}")).into()),
    }
}

/// The scope an operation reaches for the principal, or `FORBIDDEN` (the access table).
pub(crate) fn require(principal: &Principal, operation: Operation) -> Result<Scope, EngineError> {
    match Scope::for_operation(principal, operation) {
        scope if scope.is_nothing() => Err(DomainError::Forbidden(format!(
            "your roles do not allow: {} ({})",
            operation.code(),
            operation.label_vi()
        ))
        .into()),
        scope => Ok(scope),
    }
}

impl Engine {
    /// Can the database be reached?
    pub async fn health(&self) -> Result<(), EngineError> {
        Ok(self.db.ping().await?)
    }

    /// The principal behind a bearer token.
    pub async fn authenticate(&self, bearer: &str) -> Result<Principal, EngineError> {
        auth::principal_by_token(&self.db, &hash_token(bearer), self.now())
            .await?
            .ok_or(EngineError::Unauthenticated)
    }

    /// Like [`authenticate`](Self::authenticate), with the token's id and expiry: what a
    /// long-lived connection keeps to check its token again ([`resume`](Self::resume)) and
    /// to hear of its revocation.
    pub async fn sign_in(&self, bearer: &str) -> Result<TokenSession, EngineError> {
        auth::session_by_token(&self.db, &hash_token(bearer), self.now())
            .await?
            .ok_or(EngineError::Unauthenticated)
    }

    /// The principal behind the token with this id, as it stands now: refused once the
    /// token is revoked or expired.
    pub async fn resume(&self, token: Uuid) -> Result<Principal, EngineError> {
        auth::session_by_id(&self.db, token, self.now())
            .await?
            .map(|s| s.principal)
            .ok_or(EngineError::Unauthenticated)
    }

    /// A matter the principal may see.
    pub async fn matter(
        &self,
        principal: &Principal,
        id: MatterId,
    ) -> Result<Visible<Matter>, EngineError> {
        matters::find_visible(&self.db, &Scope::of(principal), id)
            .await?
            .ok_or(EngineError::NotFound("matter"))
    }

    /// The handoffs of a matter already shown to be visible.
    pub async fn handoffs_of(&self, matter: &Visible<Matter>) -> Result<Vec<Handoff>, EngineError> {
        Ok(handoffs::for_matter(&self.db, matter).await?)
    }

    /// The timeline of a matter already shown to be visible.
    pub async fn events_of(&self, matter: &Visible<Matter>) -> Result<Vec<Event>, EngineError> {
        Ok(matters::events(&self.db, matter).await?)
    }

    /// The coordinator's inbox: referrals to their center, newest received first.
    pub async fn inbox(
        &self,
        principal: &Principal,
        states: Option<&[MatterState]>,
        after: Option<Key>,
        first: Option<u64>,
    ) -> Result<Page<Visible<Matter>>, EngineError> {
        let scope = require(principal, Operation::Inbox)?;
        let limit = page_size(first)?;
        let states = states.filter(|s| !s.is_empty()).unwrap_or(INBOX_STATES);
        let center = Some(principal.agency.id);
        Ok(matters::list(&self.db, &scope, center, states, after, limit).await?)
    }

    /// Every matter the principal may see, newest received first: an agency's own
    /// requests, a center's referrals, a supervisor's province.
    pub async fn matters(
        &self,
        principal: &Principal,
        states: &[MatterState],
        after: Option<Key>,
        first: Option<u64>,
    ) -> Result<Page<Visible<Matter>>, EngineError> {
        let scope = require(principal, Operation::ListMatters)?;
        let limit = page_size(first)?;
        Ok(matters::list(&self.db, &scope, None, states, after, limit).await?)
    }

    /// Open handoffs past their due instant, most overdue first (supervisors only).
    pub async fn overdue_handoffs(
        &self,
        principal: &Principal,
        filter: &OverdueFilter,
        after: Option<Key>,
        first: Option<u64>,
    ) -> Result<Page<Handoff>, EngineError> {
        let scope = require(principal, Operation::OverdueHandoffs)?;
        let limit = page_size(first)?;
        let filter = OverdueFilter {
            province: lookup(filter.province.as_deref(), "filter.province")?,
            clock: lookup(filter.clock.as_deref(), "filter.kind")?,
            ..filter.clone()
        };
        Ok(handoffs::overdue(&self.db, &scope, &filter, self.now(), after, limit).await?)
    }

    /// The open duties the principal's agency owes, soonest due first (overdue ones
    /// first), optionally only those due before `due_before`. Paused clocks are left out.
    pub async fn duties_owed(
        &self,
        principal: &Principal,
        due_before: Option<DateTime<Utc>>,
        after: Option<Key>,
        first: Option<u64>,
    ) -> Result<Page<Handoff>, EngineError> {
        let scope = require(principal, Operation::DutiesOwed)?;
        let limit = page_size(first)?;
        let filter = OverdueFilter::default();
        Ok(handoffs::running(&self.db, &scope, &filter, due_before, after, limit).await?)
    }

    /// The agency directory: names, kinds and provinces are not confidential.
    pub async fn agencies(
        &self,
        kind: Option<AgencyKind>,
        province: Option<&str>,
    ) -> Result<Vec<Agency>, EngineError> {
        let province = lookup(province, "province")?;
        Ok(agencies::list(&self.db, kind, province.as_deref()).await?)
    }

    pub async fn agency(&self, id: AgencyId) -> Result<Agency, EngineError> {
        agencies::get(&self.db, id)
            .await?
            .ok_or(EngineError::NotFound("agency"))
    }

    /// The agencies among `ids`, by id; absent ids are left out. For batch loading.
    pub async fn agencies_by_id(
        &self,
        ids: &[AgencyId],
    ) -> Result<HashMap<AgencyId, Agency>, EngineError> {
        let found = agencies::get_many(&self.db, ids).await?;
        Ok(found.into_iter().map(|a| (a.id, a)).collect())
    }

    /// The providers among `ids`, by id; absent ids are left out. For batch loading.
    pub async fn providers_by_id(
        &self,
        ids: &[ProviderId],
    ) -> Result<HashMap<ProviderId, Provider>, EngineError> {
        let found = agencies::providers(&self.db, ids).await?;
        Ok(found.into_iter().map(|p| (p.id, p)).collect())
    }

    /// The officer in charge at each (matter, agency) pair: whoever at that agency last
    /// recorded a step on the matter (see [`baton_store::officers`]). Pairs nobody has acted
    /// on are absent. The caller has already been allowed to see the matter's duties.
    pub async fn officers_in_charge(
        &self,
        keys: &[(MatterId, AgencyId)],
    ) -> Result<HashMap<(MatterId, AgencyId), Officer>, EngineError> {
        Ok(officers::in_charge(&self.db, keys).await?)
    }

    /// A center's published roster of providers (Law on Legal Aid art. 8(5)).
    pub async fn roster(&self, center: AgencyId) -> Result<Vec<Provider>, EngineError> {
        Ok(agencies::roster(&self.db, center).await?)
    }

    pub async fn provider(&self, id: ProviderId) -> Result<Provider, EngineError> {
        agencies::provider(&self.db, id)
            .await?
            .ok_or(EngineError::NotFound("provider"))
    }
}
