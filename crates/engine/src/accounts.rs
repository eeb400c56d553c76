//! What administrators do to accounts, each recorded in the administration log in the same
//! transaction (append-only; supervisors and administrators of the province read it):
//! adding users, issuing and revoking tokens. Also the reads they need to do it: an
//! agency's users and a user's tokens (never a token's text).

use baton_domain::access::{self, AdminAction, Operation};
use baton_domain::agency::{Principal, Role};
use baton_domain::ids::{AgencyId, ProviderId, UserId};
use baton_domain::matter::limits;
use baton_domain::{BoundedText, DomainError, credentials};
use baton_store::admin_log::{self, Action, AdminEntry};
use baton_store::agencies::{self, Agency, User};
use baton_store::auth::{self, TokenInfo};
use baton_store::page::{Key, Page};
use baton_store::{ConnectionTrait, TransactionTrait};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::admin::{IssuedToken, check_token_days};
use crate::bus::{Published, Revoked};
use crate::queries::{page_size, require};
use crate::{Engine, EngineError};

/// A user account and its tokens, as administrators see them.
#[derive(Debug, Clone)]
pub struct Account {
    pub user: User,
    pub tokens: Vec<TokenInfo>,
}

impl Engine {
    /// Adds a user to an agency, with roles that fit its kind ([`access::check_roles`]) and
    /// that `by` may grant there ([`access::check_grant`]: refused as forbidden on `roles`,
    /// and the refusal recorded in the administration log). A
    /// provider's account (role `provider`) is linked to their entry on that center's
    /// roster, and only a provider's is. The user signs in as `login` (by default derived
    /// from the name, numbered if taken; a chosen login already taken is a conflict on
    /// `login`) once enrolled ([`Engine::create_enrolment`]).
    pub async fn add_user(
        &self,
        by: Option<&Principal>,
        agency: AgencyId,
        name: &str,
        login: Option<&str>,
        roles: &[Role],
        provider: Option<ProviderId>,
    ) -> Result<UserId, EngineError> {
        let name = BoundedText::field("name", name, limits::NAME)?;
        let login = login
            .map(|l| credentials::parse_login("login", l))
            .transpose()?;
        if roles.is_empty() {
            return Err(DomainError::invalid("roles", "a user needs at least one role").into());
        }
        let target = agencies::get(&self.db, agency)
            .await?
            .ok_or_else(|| DomainError::invalid("agencyId", "no agency has this id"))?;
        if let Some(by) = by {
            require(by, Operation::ManageUsers)?;
        }
        access::check_roles(target.kind, roles)?;
        // Who may grant which role, province included ([`access::GRANTS`]); a refusal is
        // recorded, and no user written.
        let codes: Vec<_> = roles.iter().map(|r| r.code()).collect();
        if let Some(by) = by
            && let Err(refused) = access::check_grant(by, &target.as_ref(), roles)
        {
            let detail = format!("{} ({}): {refused}", name.as_str(), codes.join(", "));
            let action = AdminAction::RefusedAddUser;
            return Err(self
                .refuse(by, action, &target, None, &detail, refused)
                .await);
        }
        self.check_provider_link(agency, roles, provider).await?;
        let login = match login {
            Some(l) => l,
            None => self.free_login(name.as_str()).await?,
        };
        let id = UserId::generate();
        let detail = format!("{} ({}), login {login}", name.as_str(), codes.join(", "));
        let txn = self.db.begin().await?;
        let now = self.now();
        let name = name.as_str();
        agencies::insert_user(&txn, id, agency, name, &login, roles, provider, now).await?;
        self.audit(&txn, by, AdminAction::AddUser, &target, Some(id.0), &detail)
            .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// A provider's account needs a roster entry of that center; no other account has one.
    async fn check_provider_link(
        &self,
        agency: AgencyId,
        roles: &[Role],
        provider: Option<ProviderId>,
    ) -> Result<(), EngineError> {
        let refuse = |why: &str| Err(DomainError::invalid("providerId", why).into());
        let is_provider = roles.contains(&Role::Provider);
        match provider {
            None if is_provider => {
                refuse("a provider's account must be linked to their entry on the center's roster")
            }
            None => Ok(()),
            Some(_) if !is_provider => {
                refuse("only an account with the provider role is linked to a roster entry")
            }
            Some(p) => {
                let on_roster = agencies::provider(&self.db, p)
                    .await?
                    .is_some_and(|p| p.center == agency);
                if on_roster {
                    Ok(())
                } else {
                    refuse("no provider on this agency's roster has this id")
                }
            }
        }
    }

    /// Issues a token that expires after `days` (default [`DEFAULT_TOKEN_DAYS`]) for the
    /// signed-in user themselves (`by` is `user`), or, at the command line (`by` is `None`),
    /// for any user: the operator's bootstrap of the first national administrator. Nobody
    /// issues a token for someone else, administrators included: a token reaches its user
    /// through a one-time enrolment ([`Engine::create_enrolment`]). Such a request is
    /// refused and the refusal recorded in the administration log.
    pub async fn issue_token_for(
        &self,
        by: Option<&Principal>,
        user: UserId,
        days: Option<u32>,
    ) -> Result<IssuedToken, EngineError> {
        let days = check_token_days(days)?;
        let agency = auth::user_agency(&self.db, user)
            .await?
            .ok_or_else(|| DomainError::invalid("userId", "no user has this id"))?;
        if let Some(by) = by
            && by.user_id != user
        {
            let refused = DomainError::forbidden(
                "userId",
                "a token is issued only to its own user; give them a one-time enrolment code \
                 (createEnrolment) instead",
            );
            let detail = format!("token for user {user} asked by user {}", by.user_id);
            let action = AdminAction::RefusedIssueToken;
            return Err(self
                .refuse(by, action, &agency, Some(user.0), &detail, refused)
                .await);
        }
        let expires_at = self.now() + Duration::days(i64::from(days));
        let txn = self.db.begin().await?;
        let issued = self.new_token(&txn, user, Some(expires_at)).await?;
        let detail = format!("token {} for user {user}, expires {expires_at}", issued.id);
        self.audit(
            &txn,
            by,
            AdminAction::IssueToken,
            &agency,
            Some(issued.id),
            &detail,
        )
        .await?;
        txn.commit().await?;
        Ok(issued)
    }

    /// Revokes a token: it stops working at once, and the connections signed in with it, on
    /// every replica, close ([`Published::Revoked`]). Returns when it was revoked (the first
    /// time, if it was revoked before).
    pub async fn revoke_token(
        &self,
        by: Option<&Principal>,
        token: Uuid,
    ) -> Result<DateTime<Utc>, EngineError> {
        let (user, agency) = auth::token_owner(&self.db, token)
            .await?
            .ok_or(EngineError::NotFound("token"))?;
        self.may_manage(by, &agency)?;
        let txn = self.db.begin().await?;
        let revoked_at = auth::revoke_token(&txn, token, self.now())
            .await?
            .ok_or(EngineError::NotFound("token"))?;
        let detail = format!("token {token} of user {user}");
        self.audit(
            &txn,
            by,
            AdminAction::RevokeToken,
            &agency,
            Some(token),
            &detail,
        )
        .await?;
        let revoked = Revoked {
            user,
            token: Some(token),
        };
        self.relay_revoked(&txn, revoked).await?;
        txn.commit().await?;
        self.bus.publish(Published::Revoked(revoked));
        Ok(revoked_at)
    }

    /// Revokes every token of a user (someone who left the office), closing their open
    /// connections on every replica; returns how many it revoked (tokens revoked before
    /// are not counted again).
    pub async fn revoke_user_tokens(
        &self,
        by: Option<&Principal>,
        user: UserId,
    ) -> Result<u64, EngineError> {
        let agency = self.managed_agency(by, user).await?;
        let txn = self.db.begin().await?;
        let revoked = auth::revoke_all(&txn, user, self.now()).await?;
        let detail = format!("{revoked} token(s) of user {user}");
        self.audit(
            &txn,
            by,
            AdminAction::RevokeUserTokens,
            &agency,
            Some(user.0),
            &detail,
        )
        .await?;
        // Announced even when nothing was left to revoke: a connection is cut off anyway.
        let all = Revoked { user, token: None };
        self.relay_revoked(&txn, all).await?;
        txn.commit().await?;
        self.bus.publish(Published::Revoked(all));
        Ok(revoked)
    }

    /// An agency's accounts, by name, each with its tokens newest first (when issued,
    /// expiring and revoked; never the text). Administrators of its province.
    pub async fn users(
        &self,
        by: &Principal,
        agency: AgencyId,
    ) -> Result<Vec<Account>, EngineError> {
        let target = agencies::get(&self.db, agency)
            .await?
            .ok_or(EngineError::NotFound("agency"))?;
        self.may_manage(Some(by), &target)?;
        let users = agencies::users_of(&self.db, agency).await?;
        let ids: Vec<_> = users.iter().map(|u| u.id).collect();
        let mut tokens = auth::tokens_of(&self.db, &ids).await?;
        Ok(users
            .into_iter()
            .map(|user| {
                let (own, rest) = tokens.drain(..).partition(|t| t.user == user.id);
                tokens = rest;
                Account { user, tokens: own }
            })
            .collect())
    }

    /// The administration log the principal may read, newest first.
    pub async fn admin_log(
        &self,
        principal: &Principal,
        after: Option<Key>,
        first: Option<u64>,
    ) -> Result<Page<AdminEntry>, EngineError> {
        let scope = require(principal, Operation::ReadAdminLog)?;
        let limit = page_size(first)?;
        Ok(admin_log::list(&self.db, &scope, after, limit).await?)
    }

    /// The agency of `user`, once `by` may manage it.
    pub(crate) async fn managed_agency(
        &self,
        by: Option<&Principal>,
        user: UserId,
    ) -> Result<Agency, EngineError> {
        let agency = auth::user_agency(&self.db, user)
            .await?
            .ok_or_else(|| DomainError::invalid("userId", "no user has this id"))?;
        self.may_manage(by, &agency)?;
        Ok(agency)
    }

    /// Records a refused administrative act in the administration log (in its own
    /// transaction: nothing else is written) and returns the refusal to give the caller.
    async fn refuse(
        &self,
        by: &Principal,
        action: AdminAction,
        agency: &Agency,
        subject: Option<Uuid>,
        detail: &str,
        refused: DomainError,
    ) -> EngineError {
        let recorded = async {
            let txn = self.db.begin().await?;
            self.audit(&txn, Some(by), action, agency, subject, detail)
                .await?;
            txn.commit().await?;
            Ok::<_, EngineError>(())
        };
        match recorded.await {
            Ok(()) => refused.into(),
            Err(failed) => failed,
        }
    }

    pub(crate) async fn audit(
        &self,
        db: &impl ConnectionTrait,
        by: Option<&Principal>,
        action: AdminAction,
        agency: &Agency,
        subject: Option<Uuid>,
        detail: &str,
    ) -> Result<(), EngineError> {
        let entry = Action {
            action,
            agency,
            subject,
            detail,
        };
        Ok(admin_log::record(db, by, entry, self.now()).await?)
    }
}
