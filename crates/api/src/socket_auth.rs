//! What a `/graphql/ws` connection keeps ([`SocketSession`]) and the schema extension that
//! authorises each operation it starts ([`SocketAuth`]). Apart from `socket.rs`, which
//! serves the connection with the schema, so that the schema can use the extension.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::{Request, ServerResult};
use baton_domain::ids::UserId;
use baton_engine::{Engine, EngineError};
use uuid::Uuid;

use crate::error::{ApiError, rate_limited};
use crate::rate_limit::RateLimiter;

/// What a signed-in connection keeps: which token it signed in with, and whose.
#[derive(Debug, Clone, Copy)]
pub struct SocketSession {
    pub token: Uuid,
    pub user: UserId,
}

/// The schema extension that authorises each operation a connection starts: the token is
/// looked up again, and the operation runs as the principal it stands for now, or is
/// refused. Requests over HTTP carry no [`SocketSession`]; it leaves them alone.
pub struct SocketAuth;

impl ExtensionFactory for SocketAuth {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SocketAuth)
    }
}

#[async_trait::async_trait]
impl Extension for SocketAuth {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let request = match ctx.data_opt::<SocketSession>() {
            None => request,
            Some(session) => {
                let engine = ctx.data_opt::<Engine>().ok_or_else(|| {
                    ApiError::from(EngineError::internal("schema built without an engine"))
                        .into_server_error()
                })?;
                let principal = match engine.resume(session.token).await {
                    Ok(principal) => principal,
                    Err(err) => return Err(ApiError::from(err).into_server_error()),
                };
                if let Some(limiter) = ctx.data_opt::<RateLimiter>()
                    && let Err(limited) = limiter.admit_user(principal.user_id)
                {
                    let message = format!(
                        "too many operations for this user; retry in {} s",
                        limited.retry_after_secs()
                    );
                    return Err(rate_limited(&message).into_server_error());
                }
                request.data(principal)
            }
        };
        next.run(ctx, request).await
    }
}
