//! Accounts, for administrators: an agency's users with their tokens (never a token's
//! text), revoking every token of a user, and the administration log (administrators and
//! supervisors of the province; the national authority: all).

use async_graphql::connection::{Connection, OpaqueCursor};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use baton_domain::ids::{AgencyId, UserId};
use baton_engine::accounts::Account;
use baton_engine::{AdminEntry, Key, TokenInfo};
use chrono::{DateTime, Utc};

use crate::context::{engine, parse_id, principal};
use crate::enums::{AdminAction, Role};
use crate::error::ApiResult;
use crate::objects::AgencyObject;
use crate::paging::{connection, decode_after, page_size};

/// Reads for administrators and supervisors.
#[derive(Default)]
pub struct AccountsQuery;

/// A user account, as administrators see it.
pub struct UserObject(Account);

#[Object(name = "User")]
impl UserObject {
    async fn id(&self) -> ID {
        ID(self.0.user.id.to_string())
    }

    async fn name(&self) -> &str {
        &self.0.user.name
    }

    /// The sign-in name.
    async fn login(&self) -> &str {
        &self.0.user.login
    }

    /// Whether the user has set a password (through a one-time enrolment).
    async fn has_password(&self) -> bool {
        self.0.user.has_password
    }

    async fn roles(&self) -> Vec<Role> {
        self.0.user.roles.iter().map(|r| (*r).into()).collect()
    }

    /// For a provider's account: their id on the center's roster.
    async fn provider_id(&self) -> Option<ID> {
        self.0.user.provider.map(|p| ID(p.to_string()))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.user.created_at
    }

    /// The user's tokens, newest first; their text is never shown again after issue.
    async fn tokens(&self) -> Vec<TokenObject> {
        self.0.tokens.iter().cloned().map(TokenObject).collect()
    }
}

/// A bearer token, without its text.
pub struct TokenObject(TokenInfo);

#[Object(name = "ApiToken")]
impl TokenObject {
    /// What `revokeToken` takes.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn issued_at(&self) -> DateTime<Utc> {
        self.0.issued_at
    }

    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }

    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }

    /// Neither revoked nor expired now.
    async fn active(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let now = engine(ctx)?.now();
        Ok(self.0.revoked_at.is_none() && self.0.expires_at.is_none_or(|e| e > now))
    }
}

/// One entry of the administration log.
pub struct AdminEntryObject(AdminEntry);

#[Object(name = "AdminLogEntry")]
impl AdminEntryObject {
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }

    /// Null for the operator at the command line.
    async fn actor_id(&self) -> Option<ID> {
        self.0.actor.map(|u| ID(u.to_string()))
    }

    async fn actor_name(&self) -> &str {
        &self.0.actor_name
    }

    async fn action(&self) -> AdminAction {
        self.0.action.into()
    }

    /// The action in Vietnamese, e.g. "Thu hồi mã truy cập".
    async fn action_label(&self) -> &str {
        self.0.action.label_vi()
    }

    /// The agency whose users were managed.
    async fn agency(&self, ctx: &Context<'_>) -> ApiResult<AgencyObject> {
        Ok(AgencyObject(
            crate::loaders::agency(ctx, self.0.agency).await?,
        ))
    }

    /// The user or token acted on.
    async fn subject_id(&self) -> Option<ID> {
        self.0.subject.map(|s| ID(s.to_string()))
    }

    async fn detail(&self) -> &str {
        &self.0.detail
    }
}

#[Object]
impl AccountsQuery {
    /// An agency's users, by name (administrators: agencies of their province; the
    /// national authority's: any).
    async fn users(&self, ctx: &Context<'_>, agency_id: ID) -> ApiResult<Vec<UserObject>> {
        let agency: AgencyId = parse_id("agencyId", &agency_id)?;
        let users = engine(ctx)?.users(principal(ctx)?, agency).await?;
        Ok(users.into_iter().map(UserObject).collect())
    }

    /// Who added which user and issued or revoked which token, newest first
    /// (administrators and supervisors: their province; the national authority: all).
    /// Append-only.
    #[graphql(complexity = "crate::paging::page_cost(first, child_complexity)")]
    async fn admin_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<OpaqueCursor<Key>, AdminEntryObject>> {
        let after_key = decode_after(after.as_deref())?;
        let first = page_size(first)?;
        let page = engine(ctx)?
            .admin_log(principal(ctx)?, after_key, first)
            .await?;
        Ok(connection(
            page,
            after.is_some(),
            |e| Key { at: e.at, id: e.id },
            AdminEntryObject,
        ))
    }
}

/// Account administration beyond one token.
#[derive(Default)]
pub struct AccountsMutation;

#[derive(InputObject)]
pub struct RevokeUserTokensInput {
    pub user_id: ID,
}

#[derive(SimpleObject)]
pub struct RevokeUserTokensPayload {
    pub user_id: ID,
    /// How many tokens were revoked now (those revoked before are not counted).
    pub revoked: u64,
}

#[Object]
impl AccountsMutation {
    /// Revokes every token of a user, e.g. an official who left the office: they stop
    /// working at once.
    async fn revoke_user_tokens(
        &self,
        ctx: &Context<'_>,
        input: RevokeUserTokensInput,
    ) -> ApiResult<RevokeUserTokensPayload> {
        let user: UserId = parse_id("userId", &input.user_id)?;
        let revoked = engine(ctx)?
            .revoke_user_tokens(Some(principal(ctx)?), user)
            .await?;
        Ok(RevokeUserTokensPayload {
            user_id: input.user_id,
            revoked,
        })
    }
}
