//! Credentials: one-time enrolment, passwords and sign-in.
//!
//! An administrator never learns a user's secret. They make a one-time enrolment code
//! ([`Engine::create_enrolment`]) and hand it to the user, who sets a password with it
//! ([`Engine::complete_enrolment_with_password`]) or takes a bearer token for a program
//! ([`Engine::redeem_enrolment_for_token`]). The code is shown once, stored as its
//! SHA-256, used at most once, and expires after [`ENROLMENT_HOURS`]; a new one for the
//! same user supersedes the unused ones. Every step is in the administration log.
//!
//! Sign-in ([`Engine::sign_in_with_password`]) gives one answer to every failure, costs
//! the same for an unknown login, and locks an account for [`LOCK_MINUTES`] after
//! [`LOCK_AFTER_FAILURES`] failures in a row (in the database: every replica sees it).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use baton_domain::access::AdminAction;
use baton_domain::agency::Principal;
use baton_domain::credentials::check_password;
use baton_domain::ids::UserId;
use baton_store::TransactionTrait;
use baton_store::auth;
use baton_store::credentials;
use chrono::{DateTime, Duration, Utc};

use crate::admin::{IssuedToken, check_token_days, hash_token};
use crate::passwords::{self, PasswordParams, Passwords};
use crate::{Engine, EngineError};

/// How long an enrolment code stays valid.
pub const ENROLMENT_HOURS: i64 = 72;
/// Failed sign-ins in a row that lock an account.
pub const LOCK_AFTER_FAILURES: i32 = 5;
/// How long a locked account refuses sign-in.
pub const LOCK_MINUTES: i64 = 15;

/// A one-time enrolment code as made: the only time it can be read.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub user: UserId,
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

impl Engine {
    /// Sets the cost of hashing new passwords (the default is [`PasswordParams::OWASP`]).
    pub fn with_password_params(mut self, params: PasswordParams) -> Result<Self, String> {
        self.passwords = std::sync::Arc::new(Passwords::new(params)?);
        Ok(self)
    }

    /// Makes a one-time enrolment code for `user`, superseding their unused ones. Only an
    /// administrator who manages the user's agency, or the operator (`by = None`).
    pub async fn create_enrolment(
        &self,
        by: Option<&Principal>,
        user: UserId,
    ) -> Result<Enrolment, EngineError> {
        let agency = self.managed_agency(by, user).await?;
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| EngineError::internal(format!("no randomness: {e}")))?;
        let code = URL_SAFE_NO_PAD.encode(bytes);
        let now = self.now();
        let expires_at = now + Duration::hours(ENROLMENT_HOURS);
        let txn = self.db.begin().await?;
        let by_user = by.map(|p| p.user_id);
        credentials::insert_enrolment(&txn, user, &hash_token(&code), by_user, now, expires_at)
            .await?;
        let detail = format!("enrolment for user {user}, expires {expires_at}");
        self.audit(
            &txn,
            by,
            AdminAction::CreateEnrolment,
            &agency,
            Some(user.0),
            &detail,
        )
        .await?;
        txn.commit().await?;
        Ok(Enrolment {
            user,
            code,
            expires_at,
        })
    }

    /// Uses an enrolment code to set the user's password (12 to 128 characters). A bad
    /// password is refused before the code is used, so the user can try again.
    pub async fn complete_enrolment_with_password(
        &self,
        code: &str,
        password: &str,
    ) -> Result<UserId, EngineError> {
        check_password(password)?;
        let hash = passwords::hash(&self.passwords, password).await?;
        let txn = self.db.begin().await?;
        let (user, principal) = self.consume(&txn, code).await?;
        credentials::set_password(&txn, user, &hash).await?;
        self.audit_own(&txn, &principal, AdminAction::SetPassword, "password set")
            .await?;
        txn.commit().await?;
        Ok(user)
    }

    /// Uses an enrolment code to issue the user's own bearer token (for programs), which
    /// expires after `days` (default [`crate::admin::DEFAULT_TOKEN_DAYS`]).
    pub async fn redeem_enrolment_for_token(
        &self,
        code: &str,
        days: Option<u32>,
    ) -> Result<IssuedToken, EngineError> {
        let days = check_token_days(days)?;
        let txn = self.db.begin().await?;
        let (user, principal) = self.consume(&txn, code).await?;
        let expires_at = self.now() + Duration::days(i64::from(days));
        let issued = self.new_token(&txn, user, Some(expires_at)).await?;
        let detail = format!("token {} for themselves, expires {expires_at}", issued.id);
        self.audit_own(&txn, &principal, AdminAction::RedeemEnrolment, &detail)
            .await?;
        txn.commit().await?;
        Ok(issued)
    }

    /// Checks a login and password; the user on success. Every failure is
    /// [`EngineError::SignInRefused`].
    pub async fn sign_in_with_password(
        &self,
        login: &str,
        password: &str,
    ) -> Result<UserId, EngineError> {
        let login = login.trim().to_ascii_lowercase();
        let found = credentials::by_login(&self.db, &login).await?;
        let now = self.now();
        let usable = found.filter(|c| c.locked_until.is_none_or(|until| until <= now));
        let Some(account) = usable else {
            // Unknown or locked: the same work as a wrong password, then the same answer.
            passwords::verify(&self.passwords, None, password).await?;
            return Err(EngineError::SignInRefused);
        };
        let stored = account.password_hash.clone();
        let has_password = stored.is_some();
        if passwords::verify(&self.passwords, stored, password).await? {
            credentials::reset_failures(&self.db, account.user).await?;
            return Ok(account.user);
        }
        if has_password {
            let until = now + Duration::minutes(LOCK_MINUTES);
            let locked =
                credentials::record_failure(&self.db, account.user, LOCK_AFTER_FAILURES, until)
                    .await?;
            if locked {
                tracing::warn!(user = %account.user, %until, "account locked after failed sign-ins");
            }
        }
        Err(EngineError::SignInRefused)
    }

    /// Uses the enrolment with this code, in `txn`; its user, as a principal.
    async fn consume(
        &self,
        txn: &baton_store::DatabaseTransaction,
        code: &str,
    ) -> Result<(UserId, Principal), EngineError> {
        let user = credentials::consume_enrolment(txn, &hash_token(code.trim()), self.now())
            .await?
            .ok_or(EngineError::EnrolmentRefused)?;
        let principal = auth::principal(txn, user)
            .await?
            .ok_or(EngineError::EnrolmentRefused)?;
        Ok((user, principal))
    }

    /// Records what a user did to their own account.
    async fn audit_own(
        &self,
        txn: &baton_store::DatabaseTransaction,
        principal: &Principal,
        action: AdminAction,
        detail: &str,
    ) -> Result<(), EngineError> {
        let agency = auth::user_agency(txn, principal.user_id)
            .await?
            .ok_or_else(|| EngineError::internal("an enrolled user has no agency"))?;
        let subject = Some(principal.user_id.0);
        self.audit(txn, Some(principal), action, &agency, subject, detail)
            .await
    }
}
