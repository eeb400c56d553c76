//! Fan-out across replicas. Several `baton` processes share one PostgreSQL; a change one of
//! them commits must reach the subscribers and the scheduler of all.
//!
//! Each committing transaction queues a message naming what changed (a matter, a fired
//! alert, or a revoked token) on PostgreSQL's notification channel; PostgreSQL delivers it to every replica when,
//! and only if, the transaction commits. Each replica's relay reloads what the message names
//! and publishes it on its own [`Bus`](crate::Bus), which wakes its subscriptions and its
//! scheduler. A replica skips the messages it sent itself: it published them already.
//!
//! Best-effort, like the bus: a message sent while a relay is reconnecting is lost (it is
//! logged); the timeline and the notifications table are the durable record. On SQLite there
//! is one process and nothing to relay.

use std::sync::Arc;
use std::time::Duration;

use baton_domain::ids::{HandoffId, MatterId, UserId};
use baton_store::DatabaseTransaction;
use baton_store::handoffs;
use baton_store::matters;
use baton_store::relay::{self, Listener};
use baton_store::scope::Scope;
use baton_store::sweep::Alert;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::bus::{AlertFired, Published, Revoked};
use crate::{Engine, EngineError};

/// How long a relay waits before it tries to listen again after failing to connect.
const RECONNECT_AFTER: Duration = Duration::from_secs(2);

/// What travels between replicas: ids only (PostgreSQL caps a payload at 8000 bytes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
enum Message {
    /// A command committed a change to this matter.
    Matter { origin: Uuid, matter: Uuid },
    /// The scheduler fired this alert for this handoff at `at`.
    Alert {
        origin: Uuid,
        handoff: Uuid,
        alert: String,
        at: DateTime<Utc>,
    },
    /// A token of `user` (`token`), or all of the user's tokens (`token: None`), was revoked.
    Revoked {
        origin: Uuid,
        user: Uuid,
        token: Option<Uuid>,
    },
}

impl Message {
    fn origin(&self) -> Uuid {
        match self {
            Self::Matter { origin, .. }
            | Self::Alert { origin, .. }
            | Self::Revoked { origin, .. } => *origin,
        }
    }
}

impl Engine {
    /// Inside a command's transaction: tells the other replicas, on commit, that `matter`
    /// changed.
    pub(crate) async fn relay_matter(
        &self,
        txn: &DatabaseTransaction,
        matter: MatterId,
    ) -> Result<(), EngineError> {
        let message = Message::Matter {
            origin: self.bus.origin(),
            matter: matter.0,
        };
        self.send(txn, &message).await
    }

    /// Inside the scheduler's transaction: tells the other replicas, on commit, that
    /// `alert` fired for `handoff` at `at`.
    pub async fn relay_alert(
        &self,
        txn: &DatabaseTransaction,
        alert: Alert,
        handoff: HandoffId,
        at: DateTime<Utc>,
    ) -> Result<(), EngineError> {
        let message = Message::Alert {
            origin: self.bus.origin(),
            handoff: handoff.0,
            alert: alert.code().to_owned(),
            at,
        };
        self.send(txn, &message).await
    }

    /// Inside the revoking transaction: tells the other replicas, on commit, to close the
    /// connections signed in with the revoked token(s).
    pub(crate) async fn relay_revoked(
        &self,
        txn: &DatabaseTransaction,
        revoked: Revoked,
    ) -> Result<(), EngineError> {
        let message = Message::Revoked {
            origin: self.bus.origin(),
            user: revoked.user.0,
            token: revoked.token,
        };
        self.send(txn, &message).await
    }

    async fn send(&self, txn: &DatabaseTransaction, message: &Message) -> Result<(), EngineError> {
        let payload = serde_json::to_string(message)
            .map_err(|e| EngineError::internal(format!("relay message: {e}")))?;
        Ok(relay::notify(txn, &payload).await?)
    }

    /// Starts relaying other replicas' changes onto this engine's bus, until the runtime
    /// stops; `None` on SQLite. Returns once listening, so that nothing committed after it
    /// returns is missed.
    pub async fn start_relay(&self) -> Result<Option<JoinHandle<()>>, EngineError> {
        let Some(listener) = Listener::connect(&self.db).await? else {
            return Ok(None);
        };
        let engine = self.clone();
        Ok(Some(tokio::spawn(
            async move { engine.relay(listener).await },
        )))
    }

    async fn relay(self, mut listener: Listener) {
        loop {
            match listener.recv().await {
                Ok(payload) => {
                    if let Err(err) = self.receive(&payload).await {
                        tracing::warn!(error = ?err, payload, "a relayed change was not published");
                    }
                }
                Err(err) => {
                    tracing::warn!(error = ?err, "relay lost its connection; changes sent meanwhile are missed");
                    listener = loop {
                        match Listener::connect(&self.db).await {
                            Ok(Some(l)) => {
                                // A deadline may have opened meanwhile: the scheduler
                                // looks again rather than wait for its next tick.
                                self.bus.deadlines_changed().notify_one();
                                break l;
                            }
                            Ok(None) => return,
                            Err(err) => {
                                tracing::warn!(error = ?err, "relay cannot listen yet");
                                tokio::time::sleep(RECONNECT_AFTER).await;
                            }
                        }
                    };
                }
            }
        }
    }

    /// Publishes what another replica committed, as it now stands.
    async fn receive(&self, payload: &str) -> Result<(), EngineError> {
        let message: Message = serde_json::from_str(payload)
            .map_err(|e| EngineError::internal(format!("unreadable relay message: {e}")))?;
        if message.origin() == self.bus.origin() {
            return Ok(());
        }
        match message {
            Message::Matter { matter, .. } => {
                if let Some(m) =
                    matters::find_visible(&self.db, &Scope::system(), MatterId(matter)).await?
                {
                    self.committed(&m);
                }
            }
            Message::Alert {
                handoff, alert, at, ..
            } => {
                let alert = Alert::from_code(&alert)
                    .ok_or_else(|| EngineError::internal(format!("unknown alert {alert}")))?;
                if let Some(handoff) = handoffs::get(&self.db, HandoffId(handoff)).await? {
                    self.bus.publish(Published::Alert(Arc::new(AlertFired {
                        alert,
                        handoff,
                        at,
                    })));
                }
            }
            Message::Revoked { user, token, .. } => {
                self.bus.publish(Published::Revoked(Revoked {
                    user: UserId(user),
                    token,
                }));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_what_changed_in_a_small_tagged_payload() {
        let origin = Uuid::nil();
        let m = Message::Matter {
            origin,
            matter: Uuid::max(),
        };
        let text = serde_json::to_string(&m).expect("serializes");
        assert!(text.starts_with(r#"{"t":"matter","#), "{text}");
        assert_eq!(serde_json::from_str::<Message>(&text).ok(), Some(m));
        assert!(text.len() < 8_000);
    }

    #[test]
    fn a_revocation_names_the_user_and_the_token_if_one() {
        let m = Message::Revoked {
            origin: Uuid::nil(),
            user: Uuid::max(),
            token: None,
        };
        let text = serde_json::to_string(&m).expect("serializes");
        assert!(text.starts_with(r#"{"t":"revoked","#), "{text}");
        assert_eq!(serde_json::from_str::<Message>(&text).ok(), Some(m));
    }
}
