//! Setting up agencies, users, rosters and tokens (used by the CLI and the demo seed).

use baton_domain::access::Operation;
use baton_domain::agency::Principal;
use baton_domain::agency::Role;
use baton_domain::ids::AgencyId;
use baton_domain::ids::UserId;
use baton_domain::matter::limits;
use baton_domain::{BoundedText, DomainError};
use baton_store::agencies::{self, Agency, Provider};
use baton_store::auth;
use baton_store::scope::Scope;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::queries::require;
use sha2::{Digest, Sha256};

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

    pub async fn create_user(
        &self,
        agency: baton_domain::ids::AgencyId,
        name: &str,
        roles: &[Role],
    ) -> Result<UserId, EngineError> {
        let id = UserId::generate();
        agencies::insert_user(&self.db, id, agency, name, roles, self.now()).await?;
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

    /// Adds a user to an agency, with roles.
    pub async fn add_user(
        &self,
        by: Option<&Principal>,
        agency: AgencyId,
        name: &str,
        roles: &[Role],
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
        self.create_user(agency, name.as_str(), roles).await
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
