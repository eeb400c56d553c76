//! Setting up agencies, users, rosters and tokens without checks (the CLI's set-up, the
//! demo seed, tests), and who may manage whose accounts. What administrators do through the
//! API is in `accounts.rs`, audited.

use baton_domain::DomainError;
use baton_domain::access::Operation;
use baton_domain::agency::{Principal, Role};
use baton_domain::credentials;
use baton_domain::ids::{AgencyId, UserId};
use baton_store::ConnectionTrait;
use baton_store::agencies::{self, Agency, Provider};
use baton_store::auth;
use baton_store::credentials as store_credentials;

use chrono::{DateTime, Utc};
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
        let login = self.free_login(name).await?;
        agencies::insert_user(&self.db, id, agency, name, &login, roles, None, self.now()).await?;
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
        let login = self.free_login(name).await?;
        agencies::insert_user(
            &self.db,
            id,
            provider.center,
            name,
            &login,
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
        Ok(self.new_token(&self.db, user, expires_at).await?.token)
    }

    pub(crate) async fn new_token(
        &self,
        db: &impl ConnectionTrait,
        user: UserId,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<IssuedToken, EngineError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| EngineError::internal(format!("no randomness: {e}")))?;
        let token = format!("{TOKEN_PREFIX}{}", hex::encode(bytes));
        let id = auth::insert_token(db, user, &hash_token(&token), self.now(), expires_at).await?;
        Ok(IssuedToken {
            id,
            user,
            token,
            expires_at,
        })
    }

    /// The login a name gives ([`credentials::derive_login`]), numbered (`-2`, `-3`, …)
    /// until no user has it. A concurrent add may still take it first: the insert then
    /// fails as a conflict on `login`.
    pub(crate) async fn free_login(&self, name: &str) -> Result<String, EngineError> {
        let base = credentials::derive_login(name);
        let mut login = base.clone();
        let mut n = 2;
        while store_credentials::login_taken(&self.db, &login).await? {
            login = credentials::numbered_login(&base, n);
            n += 1;
        }
        Ok(login)
    }

    /// Checks that `by` (an administrator; `None` is the operator at the command line) may
    /// manage the users of `agency`: their province, or any for the national authority.
    pub(crate) fn may_manage(
        &self,
        by: Option<&Principal>,
        agency: &Agency,
    ) -> Result<(), EngineError> {
        self.may_administer(by, Operation::ManageUsers, &agency.province)
    }

    /// Checks that `by` (`None`: the operator at the command line) has `operation` over
    /// `province`: their own, or any for the national authority.
    pub(crate) fn may_administer(
        &self,
        by: Option<&Principal>,
        operation: Operation,
        province: &str,
    ) -> Result<(), EngineError> {
        let Some(by) = by else {
            return Ok(());
        };
        match require(by, operation)? {
            scope if scope.covers_province(province) => Ok(()),
            _ => Err(DomainError::Forbidden(format!(
                "you administer province {} only",
                by.agency.province
            ))
            .into()),
        }
    }
}

/// Tokens last 90 days unless asked otherwise; at most a year.
pub const DEFAULT_TOKEN_DAYS: u32 = 90;
pub const MAX_TOKEN_DAYS: u32 = 366;

/// A token's lifetime in days: the default, or 1 to [`MAX_TOKEN_DAYS`] (the refusal names
/// `expiresInDays`).
pub(crate) fn check_token_days(days: Option<u32>) -> Result<u32, EngineError> {
    let days = days.unwrap_or(DEFAULT_TOKEN_DAYS);
    if (1..=MAX_TOKEN_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(DomainError::invalid("expiresInDays", format!("must be 1 to {MAX_TOKEN_DAYS}")).into())
    }
}

/// A token as issued: the only time its text can be read.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub id: Uuid,
    pub user: UserId,
    pub token: String,
    pub expires_at: Option<DateTime<Utc>>,
}
