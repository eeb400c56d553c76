//! Setting up agencies, users, rosters and tokens (used by the CLI and the demo seed).

use baton_domain::agency::Role;
use baton_domain::ids::UserId;
use baton_store::agencies::{self, Agency, Provider};
use baton_store::auth;
use chrono::{DateTime, Utc};
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
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| EngineError::internal(format!("no randomness: {e}")))?;
        let token = format!("{TOKEN_PREFIX}{}", hex::encode(bytes));
        auth::insert_token(&self.db, user, &hash_token(&token), self.now(), expires_at).await?;
        Ok(token)
    }
}
