//! The console's sign-in sessions: opened after a password sign-in, found again by the
//! cookie's secret, expired when idle too long or too old (by the engine's clock, so tests
//! control it), closed by signing out.

use baton_domain::agency::Principal;
use baton_domain::ids::UserId;
use baton_store::{auth, console_sessions};
use chrono::{DateTime, Duration, Utc};

use crate::admin::hash_token;
use crate::{Engine, EngineError};

/// A session ends after this long without a request.
pub const IDLE_EXPIRY: Duration = Duration::minutes(30);
/// A session ends this long after sign-in, however busy.
pub const ABSOLUTE_EXPIRY: Duration = Duration::hours(12);

/// A session just opened: the secret for the cookie (shown once, stored only hashed) and
/// the CSRF secret its forms carry.
#[derive(Debug, Clone)]
pub struct OpenedSession {
    pub secret: String,
    pub csrf: String,
}

/// A live session: who it is, and its CSRF secret.
#[derive(Debug, Clone)]
pub struct ConsoleSession {
    pub principal: Principal,
    pub csrf: String,
    pub created_at: DateTime<Utc>,
}

/// Why a session cookie does not sign anyone in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// No session has this secret (never existed, or signed out).
    Unknown,
    /// It existed but was idle too long or is too old; it is now deleted.
    Expired,
}

fn random_hex() -> Result<String, EngineError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| EngineError::internal(format!("no randomness: {e}")))?;
    Ok(hex::encode(bytes))
}

impl Engine {
    /// Opens a console session for a user who has just proved who they are.
    pub async fn open_console_session(&self, user: UserId) -> Result<OpenedSession, EngineError> {
        let secret = random_hex()?;
        let csrf = random_hex()?;
        console_sessions::insert(&self.db, &hash_token(&secret), user, &csrf, self.now()).await?;
        Ok(OpenedSession { secret, csrf })
    }

    /// The session behind a cookie's secret, marking it used now; an idle or too old one is
    /// deleted and answered [`SessionEnd::Expired`].
    pub async fn console_session(
        &self,
        secret: &str,
    ) -> Result<Result<ConsoleSession, SessionEnd>, EngineError> {
        let hash = hash_token(secret);
        let Some(row) = console_sessions::find(&self.db, &hash).await? else {
            return Ok(Err(SessionEnd::Unknown));
        };
        let now = self.now();
        if now - row.last_seen_at >= IDLE_EXPIRY || now - row.created_at >= ABSOLUTE_EXPIRY {
            console_sessions::delete(&self.db, &hash).await?;
            return Ok(Err(SessionEnd::Expired));
        }
        let Some(principal) = auth::principal(&self.db, row.user).await? else {
            console_sessions::delete(&self.db, &hash).await?;
            return Ok(Err(SessionEnd::Unknown));
        };
        console_sessions::touch(&self.db, &hash, now).await?;
        Ok(Ok(ConsoleSession {
            principal,
            csrf: row.csrf_secret,
            created_at: row.created_at,
        }))
    }

    /// Signs a session out: its cookie signs nobody in again.
    pub async fn close_console_session(&self, secret: &str) -> Result<(), EngineError> {
        Ok(console_sessions::delete(&self.db, &hash_token(secret)).await?)
    }

    /// Ends every console session of a user (e.g. after a password change).
    pub async fn close_console_sessions_of(&self, user: UserId) -> Result<u64, EngineError> {
        Ok(console_sessions::delete_for_user(&self.db, user).await?)
    }
}
