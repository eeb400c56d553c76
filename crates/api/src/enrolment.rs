//! One-time enrolment: an administrator makes a code for a user (`createEnrolment`) and
//! hands it over; the user, and nobody else, turns it into their own bearer token
//! (`redeemEnrolment`, no token needed) or, in the console, into a password (`/enrol`).

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use baton_domain::ids::UserId;
use chrono::{DateTime, Utc};

use crate::admin::IssueTokenPayload;
use crate::context::{engine, parse_id, principal};
use crate::error::{ApiResult, bad_input};

/// The console page where a user sets their password with a code.
pub const ENROL_PATH: &str = "/enrol";

#[derive(Default)]
pub struct EnrolmentMutation;

#[derive(InputObject)]
pub struct CreateEnrolmentInput {
    pub user_id: ID,
}

/// A one-time code, shown this once: only its hash is stored. Hand it to the user.
#[derive(SimpleObject)]
pub struct CreateEnrolmentPayload {
    pub user_id: ID,
    pub code: String,
    pub expires_at: DateTime<Utc>,
    /// The console page, with the code, where the user sets their password:
    /// `/enrol?code=…`.
    pub link: String,
}

#[derive(InputObject)]
pub struct RedeemEnrolmentInput {
    /// The code from `createEnrolment`.
    pub code: String,
    /// Days until the token expires: 1 to 366, default 90.
    pub expires_in_days: Option<i32>,
}

#[Object]
impl EnrolmentMutation {
    /// An administrator makes a one-time enrolment code for a user of their province (the
    /// national authority's: any); it expires after 72 hours and supersedes the user's
    /// unused codes. The user sets a password with it in the console, or redeems it for a
    /// token; the administrator never holds the user's secret.
    async fn create_enrolment(
        &self,
        ctx: &Context<'_>,
        input: CreateEnrolmentInput,
    ) -> ApiResult<CreateEnrolmentPayload> {
        let user: UserId = parse_id("userId", &input.user_id)?;
        let enrolment = engine(ctx)?
            .create_enrolment(Some(principal(ctx)?), user)
            .await?;
        Ok(CreateEnrolmentPayload {
            user_id: input.user_id,
            link: format!("{ENROL_PATH}?code={}", enrolment.code),
            code: enrolment.code,
            expires_at: enrolment.expires_at,
        })
    }

    /// A user turns their enrolment code into their own bearer token (for programs). No
    /// token is needed; the code works once. An unknown, used or expired code is
    /// `UNAUTHENTICATED`, whatever the reason.
    async fn redeem_enrolment(
        &self,
        ctx: &Context<'_>,
        input: RedeemEnrolmentInput,
    ) -> ApiResult<IssueTokenPayload> {
        let days = input
            .expires_in_days
            .map(|d| u32::try_from(d).map_err(|_| bad_input("expiresInDays", "must be 1 to 366")))
            .transpose()?;
        let issued = engine(ctx)?
            .redeem_enrolment_for_token(&input.code, days)
            .await?;
        Ok(IssueTokenPayload {
            token_id: ID(issued.id.to_string()),
            token: issued.token,
            expires_at: issued.expires_at,
        })
    }
}
