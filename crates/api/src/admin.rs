//! Administration and oversight: users and tokens (administrators), and the access log of
//! sensitive personal data (supervisors).

use async_graphql::connection::{Connection, OpaqueCursor};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use baton_domain::ids::{AgencyId, MatterId, UserId};
use baton_engine::{AccessEntry, Key};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::context::{engine, parse_id, principal};
use crate::enums::Role;
use crate::error::{ApiResult, bad_input};
use crate::objects::AgencyObject;
use crate::paging::{connection, decode_after, page_size};

/// Reads for oversight.
#[derive(Default)]
pub struct AdminQuery;

/// One read of a matter's sensitive personal data.
pub struct AccessEntryObject(AccessEntry);

#[Object(name = "AccessLogEntry")]
impl AccessEntryObject {
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }

    async fn user_id(&self) -> ID {
        ID(self.0.user.to_string())
    }

    async fn user_name(&self) -> &str {
        &self.0.user_name
    }

    async fn agency(&self, ctx: &Context<'_>) -> ApiResult<AgencyObject> {
        Ok(AgencyObject(
            crate::loaders::agency(ctx, self.0.agency).await?,
        ))
    }

    async fn matter_id(&self) -> ID {
        ID(self.0.matter.to_string())
    }

    /// The sensitive fields read, as the API names them.
    async fn fields(&self) -> &[String] {
        &self.0.fields
    }
}

#[Object]
impl AdminQuery {
    /// Who read which matter's sensitive personal data, and when, newest first
    /// (supervisors: their province; the national authority: all). Append-only.
    #[graphql(complexity = "crate::paging::page_cost(first, child_complexity)")]
    async fn access_log(
        &self,
        ctx: &Context<'_>,
        matter_id: Option<ID>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<OpaqueCursor<Key>, AccessEntryObject>> {
        let matter = matter_id
            .map(|m| parse_id::<MatterId>("matterId", &m))
            .transpose()?;
        let after_key = decode_after(after.as_deref())?;
        let first = page_size(first)?;
        let page = engine(ctx)?
            .access_log(principal(ctx)?, matter, after_key, first)
            .await?;
        Ok(connection(
            page,
            after.is_some(),
            |e| Key { at: e.at, id: e.id },
            AccessEntryObject,
        ))
    }
}

/// User and token administration.
#[derive(Default)]
pub struct AdminMutation;

#[derive(InputObject)]
pub struct AddUserInput {
    pub agency_id: ID,
    /// The user's full name (at most 200 characters).
    pub name: String,
    /// The sign-in name: 3 to 40 of `a-z 0-9 . _ -`. By default the name without
    /// diacritics, words joined by dots ("Đỗ Thị Lan" → `do.thi.lan`), numbered if taken.
    /// One already taken is a `CONFLICT` with `field: login`.
    pub login: Option<String>,
    pub roles: Vec<Role>,
    /// For a provider's account (role `PROVIDER`, required there): their id on the
    /// center's roster. They read the matters assigned to them.
    pub provider_id: Option<ID>,
}

#[derive(InputObject)]
pub struct IssueTokenInput {
    /// Your own id, or nothing: a token is issued only to the signed-in user. Another user
    /// gets theirs through a one-time enrolment (`createEnrolment`); asking for theirs is
    /// refused (FORBIDDEN on `userId`) and recorded in the administration log.
    pub user_id: Option<ID>,
    /// Days until it expires: 1 to 366, default 90.
    pub expires_in_days: Option<i32>,
}

#[derive(InputObject)]
pub struct RevokeTokenInput {
    pub token_id: ID,
}

#[derive(SimpleObject)]
pub struct AddUserPayload {
    pub user_id: ID,
}

/// A new token. `token` is shown this once: only its hash is stored.
#[derive(SimpleObject)]
pub struct IssueTokenPayload {
    pub token_id: ID,
    pub token: String,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(SimpleObject)]
pub struct RevokeTokenPayload {
    pub token_id: ID,
    /// When it stopped working (the first revocation, if revoked twice).
    pub revoked_at: DateTime<Utc>,
}

#[Object]
impl AdminMutation {
    /// An administrator adds a user to an agency of their province (the national
    /// authority's: any).
    async fn add_user(&self, ctx: &Context<'_>, input: AddUserInput) -> ApiResult<AddUserPayload> {
        let agency: AgencyId = parse_id("agencyId", &input.agency_id)?;
        let roles: Vec<_> = input.roles.iter().map(|r| (*r).into()).collect();
        let provider = input
            .provider_id
            .as_ref()
            .map(|id| parse_id("providerId", id))
            .transpose()?;
        let user = engine(ctx)?
            .add_user(
                Some(principal(ctx)?),
                agency,
                &input.name,
                input.login.as_deref(),
                &roles,
                provider,
            )
            .await?;
        Ok(AddUserPayload {
            user_id: ID(user.to_string()),
        })
    }

    /// Issues a new bearer token for the signed-in user (e.g. before the old one expires);
    /// it expires. Never for someone else.
    async fn issue_token(
        &self,
        ctx: &Context<'_>,
        input: IssueTokenInput,
    ) -> ApiResult<IssueTokenPayload> {
        let user: UserId = match &input.user_id {
            Some(id) => parse_id("userId", id)?,
            None => principal(ctx)?.user_id,
        };
        let days = input
            .expires_in_days
            .map(|d| u32::try_from(d).map_err(|_| bad_input("expiresInDays", "must be 1 to 366")))
            .transpose()?;
        let issued = engine(ctx)?
            .issue_token_for(Some(principal(ctx)?), user, days)
            .await?;
        Ok(IssueTokenPayload {
            token_id: ID(issued.id.to_string()),
            token: issued.token,
            expires_at: issued.expires_at,
        })
    }

    /// Revokes a token: it stops working at once.
    async fn revoke_token(
        &self,
        ctx: &Context<'_>,
        input: RevokeTokenInput,
    ) -> ApiResult<RevokeTokenPayload> {
        let token: Uuid = parse_id("tokenId", &input.token_id)?;
        let revoked_at = engine(ctx)?
            .revoke_token(Some(principal(ctx)?), token)
            .await?;
        Ok(RevokeTokenPayload {
            token_id: input.token_id,
            revoked_at,
        })
    }
}
