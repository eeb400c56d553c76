//! `/graphql/ws`: GraphQL over a long-lived WebSocket (graphql-ws), held to the same rules
//! as a request over HTTP.
//!
//! - The bearer token comes in the `connection_init` payload (`{"Authorization": "Bearer
//!   …"}`); without a valid one the connection is closed with 4403 (Forbidden), and an
//!   operation sent before `connection_ack` closes it with 4401 (Unauthorized), as the
//!   graphql-transport-ws protocol has it.
//! - The connection keeps the token's id ([`SocketSession`]), never a principal: every
//!   operation it starts (query, mutation or subscription) checks the token again and runs
//!   as the principal it stands for now ([`SocketAuth`](crate::socket_auth::SocketAuth)). A revoked or expired token's
//!   operations are refused `UNAUTHENTICATED`.
//! - Each operation counts against its user's rate limit, the same allowance as over HTTP
//!   ([`crate::rate_limit`]); over it, the operation is refused `RATE_LIMITED`. A failed
//!   `connection_init` counts against the allowance shared by callers without a token.
//! - Revoking the token, or all of its user's tokens, on any replica closes the connection
//!   at once with 4403 (Forbidden), ending its subscriptions.
//! - A connection lives at most [`DEFAULT_MAX_LIFETIME`] (configurable), and never past its
//!   token's expiry; then it closes with 4403 if the token expired, 1000 otherwise. The
//!   client connects again, with a token that is still valid.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use baton_engine::{Engine, Published};
use futures::{SinkExt, StreamExt};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, oneshot};

use crate::rate_limit::RateLimiter;
use crate::schema::BatonSchema;
use crate::socket_auth::SocketSession;

/// How long a connection may stay open by default (`BATON_WS_MAX_LIFETIME_SECS`).
pub const DEFAULT_MAX_LIFETIME: Duration = Duration::from_secs(3_600);

/// graphql-ws's close code for a connection that may no longer be served.
pub const CLOSE_FORBIDDEN: u16 = 4403;
/// graphql-ws's close code for an operation sent before the connection was acknowledged.
pub const CLOSE_UNAUTHORIZED: u16 = 4401;
/// The WebSocket close code for a normal end (the lifetime ran out).
pub const CLOSE_NORMAL: u16 = 1000;

/// Serves one upgraded connection until the client leaves, its token is revoked, or its
/// lifetime runs out.
pub(crate) async fn serve(
    socket: WebSocket,
    protocol: GraphQLProtocol,
    schema: BatonSchema,
    engine: Engine,
    limiter: RateLimiter,
    max_lifetime: Duration,
) {
    // Listening before signing in: a revocation committed meanwhile is not missed.
    let announcements = engine.bus().subscribe();
    let (signed_in_tx, signed_in) = oneshot::channel();
    let (mut sink, incoming) = socket.split();
    // The GraphQL side writes here; this loop forwards, and may close the socket instead.
    let (outgoing, mut to_client) = futures::channel::mpsc::channel::<Message>(16);
    let sign_in_engine = engine.clone();
    // Set when `connection_init` is refused: async-graphql then closes with 1002.
    let refused = Arc::new(AtomicBool::new(false));
    let refused_in_init = refused.clone();
    let graphql = GraphQLWebSocket::new_with_pair(outgoing, incoming, schema, protocol)
        .on_connection_init(move |payload| async move {
            let token = payload
                .get("Authorization")
                .and_then(|v| v.as_str())
                .and_then(|v| v.split_once(' '))
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                .map(|(_, token)| token.trim().to_owned())
                .unwrap_or_default();
            let engine = sign_in_engine;
            let now = engine.now();
            let signed_in = match engine.sign_in(&token).await {
                Ok(signed_in) => signed_in,
                Err(_) => {
                    let message = match limiter.admit_unauthenticated() {
                        Ok(()) if token.is_empty() => "authentication required",
                        Ok(()) => "the token is not valid",
                        Err(_) => "too many failed sign-ins on this server; wait",
                    };
                    refused_in_init.store(true, Ordering::Relaxed);
                    return Err(async_graphql::Error::new(message));
                }
            };
            if limiter.admit_user(signed_in.principal.user_id).is_err() {
                refused_in_init.store(true, Ordering::Relaxed);
                return Err(async_graphql::Error::new(
                    "too many requests for this user; wait",
                ));
            }
            let session = SocketSession {
                token: signed_in.token,
                user: signed_in.principal.user_id,
            };
            let expires_in = signed_in
                .expires_at
                .map(|at| (at - now).to_std().unwrap_or_default());
            let _ = signed_in_tx.send((session, expires_in));
            let mut data = async_graphql::Data::default();
            data.insert(session);
            data.insert(limiter);
            Ok(data)
        })
        .serve();
    let closing = closing(engine, announcements, signed_in, max_lifetime);
    tokio::pin!(graphql, closing);
    let mut served = false;
    loop {
        tokio::select! {
            (code, reason) = &mut closing => {
                tracing::info!(code, reason, "closing a graphql-ws connection");
                let frame = CloseFrame { code, reason: reason.into() };
                let _ = sink.send(Message::Close(Some(frame))).await;
                let _ = sink.close().await;
                return;
            }
            message = to_client.next() => match message {
                Some(message) => {
                    let message = protocol_close(message, refused.load(Ordering::Relaxed));
                    if sink.send(message).await.is_err() {
                        return;
                    }
                }
                // The GraphQL side ended (the client left or was refused) and all it
                // wrote was forwarded.
                None => return,
            },
            () = &mut graphql, if !served => served = true,
        }
    }
}

/// graphql-transport-ws's close codes where async-graphql closes with its own: a refused
/// `connection_init` (no token, an invalid one, or too many attempts) closes with 4403
/// (Forbidden), an operation sent before `connection_ack` with 4401 (Unauthorized).
fn protocol_close(message: Message, init_refused: bool) -> Message {
    match message {
        Message::Close(Some(frame)) if frame.code == 1002 && init_refused => {
            Message::Close(Some(CloseFrame {
                code: CLOSE_FORBIDDEN,
                reason: format!("Forbidden: {}", frame.reason.as_str()).into(),
            }))
        }
        Message::Close(Some(frame)) if frame.code == 1011 => Message::Close(Some(CloseFrame {
            code: CLOSE_UNAUTHORIZED,
            reason: "Unauthorized: send connection_init and wait for connection_ack".into(),
        })),
        other => other,
    }
}

/// Completes, with the close code and reason, when the connection must end: its token (or
/// all of its user's) revoked, or its lifetime or its token's run out. Never completes for
/// a connection that does not sign in (the GraphQL side refuses it).
async fn closing(
    engine: Engine,
    mut announcements: broadcast::Receiver<Published>,
    signed_in: oneshot::Receiver<(SocketSession, Option<Duration>)>,
    max_lifetime: Duration,
) -> (u16, &'static str) {
    let lifetime = tokio::time::sleep(max_lifetime);
    tokio::pin!(lifetime);
    let (session, expires_in) = tokio::select! {
        () = &mut lifetime => return (CLOSE_NORMAL, "the connection reached its maximum lifetime"),
        signed_in = signed_in => match signed_in {
            Ok(s) => s,
            Err(_) => return std::future::pending().await,
        },
    };
    let expiry = tokio::time::sleep(expires_in.unwrap_or(max_lifetime));
    tokio::pin!(expiry);
    loop {
        tokio::select! {
            () = &mut lifetime => return (CLOSE_NORMAL, "the connection reached its maximum lifetime"),
            () = &mut expiry, if expires_in.is_some() => return (CLOSE_FORBIDDEN, "Forbidden: the token expired"),
            message = announcements.recv() => match message {
                Ok(Published::Revoked(r)) if r.covers(session.user, session.token) => {
                    return (CLOSE_FORBIDDEN, "Forbidden: the token was revoked");
                }
                Ok(_) => {}
                // Fell behind: a revocation may be among what was lost; ask the database.
                Err(RecvError::Lagged(_)) => {
                    if engine.resume(session.token).await.is_err() {
                        return (CLOSE_FORBIDDEN, "Forbidden: the token is no longer valid");
                    }
                }
                Err(RecvError::Closed) => return std::future::pending().await,
            },
        }
    }
}
