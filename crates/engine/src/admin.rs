//! Setting up agencies, users, rosters and tokens (used by the CLI and the demo seed).

use baton_domain::access::Operation;
use baton_domain::agency::{Principal, Role};
use baton_domain::ids::{AgencyId, ProviderId, UserId};
use baton_domain::matter::limits;
use baton_domain::{BoundedText, DomainError};
use baton_store::agencies::{self, Agency, Provider};
use baton_store::auth;
use baton_store::scope::Scope;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::queries::require;
use crate::{Engine, EngineError};

/// Tokens are `baton_` followed by 64 hex digits (256 random bits).
const TOKEN_PREFIX: &str = "baton_";

/// The stored form of a token: its SHA-256, hex.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Engine {
    pub async fn create_agency(&self, agency: &Agency) -> Result<(), EngineError> {
        Ok(agencies::insert(&self.db, agency).await?)
    }

    pub async fn create_provider(&self, provider: &Provider) -> Result<(), EngineError> {
        Ok(agencies::insert_provider(&self.db, provider).await?)
    }

    /// Adds a user without checks (set-up, demo, tests). A `provider` role without a
    /// roster entry reaches nothing: see [`Engine::create_provider_user`].
    pub async fn create_user(
        &self,
        agency: AgencyId,
        name: &str,
        roles: &[Role],
    ) -> Result<UserId, EngineError> {
        let id = UserId::generate();
        agencies::insert_user(&self.db, id, agency, name, roles, None, self.now()).await?;
        Ok(id)
    }

    /// Adds the account of a provider on a center's roster, without checks (set-up, demo,
    /// tests): it reads the matters assigned to that provider.
    pub async fn create_provider_user(
        &self,
        provider: &Provider,
        name: &str,
    ) -> Result<UserId, EngineError> {
        let id = UserId::generate();
        let roles = [Role::Provider];
        agencies::insert_user(
            &self.db,
            id,
            provider.center,
            name,
            &roles,
            Some(provider.id),
            self.now(),
        )
        .await?;
        Ok(id)
    }

    /// Issues a new bearer token for a user; only its hash is stored, so this is the one
    /// time it can be read.
    pub async fn issue_token(
        &self,
        user: UserId,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<String, EngineError> {
        Ok(self.new_token(user, expires_at).await?.token)
    }

    async fn new_token(
        &self,
        user: UserId,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<IssuedToken, EngineError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| EngineError::internal(format!("no randomness: {e}")))?;
        let token = format!("{TOKEN_PREFIX}{}", hex::encode(bytes));
        let id =
            auth::insert_token(&self.db, user, &hash_token(&token), self.now(), expires_at).await?;
        Ok(IssuedToken {
            id,
            user,
            token,
            expires_at,
        })
    }

    /// Checks that `by` (an administrator; `None` is the operator at the command line) may
    /// manage the users of `agency`: their province, or any for the national authority.
    fn may_manage(&self, by: Option<&Principal>, agency: &Agency) -> Result<(), EngineError> {
        let Some(by) = by else {
            return Ok(());
        };
        match require(by, Operation::ManageUsers)? {
            Scope::All => Ok(()),
            Scope::Province(p) if p == agency.province => Ok(()),
            _ => Err(DomainError::Forbidden(format!(
                "you manage the users of province {} only",
                by.agency.province
            ))
            .into()),
        }
    }

    /// Adds a user to an agency, with roles. A provider's account (role `provider`) is
    /// linked to their entry on that center's roster, and only a provider's is.
    pub async fn add_user(
        &self,
        by: Option<&Principal>,
        agency: AgencyId,
        name: &str,
        roles: &[Role],
        provider: Option<ProviderId>,
    ) -> Result<UserId, EngineError> {
        let name = BoundedText::parse(name, limits::NAME)
            .map_err(|e| DomainError::invalid("name", e.to_string()))?;
        if roles.is_empty() {
            return Err(DomainError::invalid("roles", "a user needs at least one role").into());
        }
        let target = agencies::get(&self.db, agency)
            .await?
            .ok_or_else(|| DomainError::invalid("agencyId", "no agency has this id"))?;
        self.may_manage(by, &target)?;
        let is_provider = roles.contains(&Role::Provider);
        match provider {
            None if is_provider => {
                return Err(DomainError::invalid(
                    "providerId",
                    "a provider's account must be linked to their entry on the center's roster",
                )
                .into());
            }
            Some(_) if !is_provider => {
                return Err(DomainError::invalid(
                    "providerId",
                    "only an account with the provider role is linked to a roster entry",
                )
                .into());
            }
            Some(p) => {
                let on_roster = agencies::provider(&self.db, p)
                    .await?
                    .is_some_and(|p| p.center == agency);
                if !on_roster {
                    return Err(DomainError::invalid(
                        "providerId",
                        "no provider on this agency's roster has this id",
                    )
                    .into());
                }
            }
            None => {}
        }
        let id = UserId::generate();
        agencies::insert_user(
            &self.db,
            id,
            agency,
            name.as_str(),
            roles,
            provider,
            self.now(),
        )
        .await?;
        Ok(id)
    }

    /// Issues a token that expires after `days` (default [`DEFAULT_TOKEN_DAYS`]).
    pub async fn issue_token_for(
        &self,
        by: Option<&Principal>,
        user: UserId,
        days: Option<u32>,
    ) -> Result<IssuedToken, EngineError> {
        let days = days.unwrap_or(DEFAULT_TOKEN_DAYS);
        if !(1..=MAX_TOKEN_DAYS).contains(&days) {
            return Err(DomainError::invalid(
                "expiresInDays",
                format!("must be 1 to {MAX_TOKEN_DAYS}"),
            )
            .into());
        }
        let agency = auth::user_agency(&self.db, user)
            .await?
            .ok_or_else(|| DomainError::invalid("userId", "no user has this id"))?;
        self.may_manage(by, &agency)?;
        self.new_token(user, Some(self.now() + Duration::days(i64::from(days))))
            .await
    }

    /// Revokes a token: it stops working at once. Returns when it was revoked.
    pub async fn revoke_token(
        &self,
        by: Option<&Principal>,
        token: Uuid,
    ) -> Result<DateTime<Utc>, EngineError> {
        let (_, agency) = auth::token_owner(&self.db, token)
            .await?
            .ok_or(EngineError::NotFound("token"))?;
        self.may_manage(by, &agency)?;
        auth::revoke_token(&self.db, token, self.now())
            .await?
            .ok_or(EngineError::NotFound("token"))
    }
}

/// Tokens last 90 days unless asked otherwise; at most a year.
pub const DEFAULT_TOKEN_DAYS: u32 = 90;
pub const MAX_TOKEN_DAYS: u32 = 366;

/// A token as issued: the only time its text can be read.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub id: Uuid,
    pub user: UserId,
    pub token: String,
    pub expires_at: Option<DateTime<Utc>>,
}
