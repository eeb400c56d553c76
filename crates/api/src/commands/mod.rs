//! The commands of the inter-agency plan as mutations, one file per area of the plan:
//! [`intake`], [`assignment`] (assignment and registration), [`proceedings`], [`closure`],
//! [`complaints`], [`supervision`] (T17) and [`payment`] (T18).
//!
//! Every resolver parses its input straight into the domain's
//! [`Command`](baton_domain::decide::Command) (text bounded and NFC-normalised, ids typed)
//! and hands it to the engine with the [`MatterTarget`] every command on a matter shares.

pub mod assignment;
pub mod closure;
pub mod complaints;
pub mod intake;
pub mod payment;
pub mod proceedings;
pub mod supervision;

use async_graphql::{Context, ID, InputObject, SimpleObject};
use baton_domain::BoundedText;
use baton_domain::decide::Command;
use baton_domain::ids::MatterId;
use baton_domain::matter::limits;
use baton_engine::Target;

use crate::context::{engine, parse_id, principal};
use crate::error::{ApiError, ApiResult};
use crate::objects::MatterObject;

/// Which matter a command acts on, and how it guards against races and replays.
#[derive(InputObject)]
pub struct MatterTarget {
    pub matter_id: ID,
    /// Fail with `CONFLICT` unless the matter is still at this version.
    pub expected_version: Option<i64>,
    /// Sending the same key again returns the first result and acts once.
    pub idempotency_key: Option<String>,
}

/// The matter as the mutation left it.
#[derive(SimpleObject)]
pub struct MatterPayload {
    pub matter: MatterObject,
}

/// Runs a command on the target matter as the signed-in principal.
pub(crate) async fn act(
    ctx: &Context<'_>,
    target: MatterTarget,
    command: Result<Command, ApiError>,
) -> ApiResult<MatterPayload> {
    let target = Target {
        matter: parse_id::<MatterId>("matterId", &target.matter_id)?,
        expected_version: target.expected_version,
        idempotency_key: target.idempotency_key,
    };
    let matter = engine(ctx)?.act(principal(ctx)?, target, command?).await?;
    Ok(MatterPayload {
        matter: MatterObject(matter),
    })
}

/// Written reasons: required, at most [`limits::REASON`] characters.
pub(crate) fn reason(raw: &str) -> Result<BoundedText, ApiError> {
    text("reason", raw, limits::REASON)
}

/// A required text field.
pub(crate) fn text(field: &str, raw: &str, max: usize) -> Result<BoundedText, ApiError> {
    Ok(BoundedText::field(field, raw, max)?)
}

/// An optional text field: absent or blank is none.
pub(crate) fn optional(
    field: &str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<BoundedText>, ApiError> {
    Ok(BoundedText::optional(field, raw, max)?)
}

/// An optional note, at most [`limits::REASON`] characters.
pub(crate) fn note(raw: Option<&str>) -> Result<Option<BoundedText>, ApiError> {
    optional("note", raw, limits::REASON)
}
