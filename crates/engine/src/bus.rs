//! What happened, announced after it was committed: matters changed by commands, deadline
//! alerts fired by the scheduler, tokens revoked (open connections signed in with them
//! close). Subscribers (GraphQL subscriptions, the scheduler's
//! early wake-up) filter what they may see. Delivery is best-effort: a subscriber that
//! falls more than [`CAPACITY`] messages behind loses the oldest; the timeline and the
//! notifications table are the durable record.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use baton_domain::ids::UserId;
use baton_store::handoffs::Handoff;
use baton_store::matters::Matter;
use baton_store::scope::Visible;
use baton_store::sweep::Alert;
use chrono::{DateTime, Utc};
use tokio::sync::{Notify, broadcast};
use uuid::Uuid;

use crate::Engine;

/// Messages a slow subscriber may fall behind by before it loses the oldest.
pub const CAPACITY: usize = 4_096;

/// How many recent (matter, version) pairs are remembered, so that an idempotent replay
/// does not announce the same change twice.
const REMEMBERED: usize = 4_096;

/// A committed change, shared by every subscriber.
#[derive(Debug, Clone)]
pub enum Published {
    /// A command created or changed this matter; it is shown as committed.
    Matter(Arc<Matter>),
    /// The scheduler fired an alert for this handoff (shown after the firing).
    Alert(Arc<AlertFired>),
    /// A token, or every token of a user, was revoked: connections signed in with it end.
    Revoked(Revoked),
}

/// A revocation: one token of `user`, or (`token: None`) all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revoked {
    pub user: UserId,
    pub token: Option<Uuid>,
}

impl Revoked {
    /// Whether a connection signed in as `user` with `token` is cut off by this.
    pub fn covers(&self, user: UserId, token: Uuid) -> bool {
        self.user == user && self.token.is_none_or(|t| t == token)
    }
}

/// One deadline alert, as fired.
#[derive(Debug, Clone)]
pub struct AlertFired {
    pub alert: Alert,
    pub handoff: Handoff,
    /// When it was recorded.
    pub at: DateTime<Utc>,
}

#[derive(Debug, Default)]
struct Seen {
    set: HashSet<(Uuid, i64)>,
    order: VecDeque<(Uuid, i64)>,
}

impl Seen {
    /// `true` the first time a pair is offered (within the window).
    fn first(&mut self, key: (Uuid, i64)) -> bool {
        if !self.set.insert(key) {
            return false;
        }
        self.order.push_back(key);
        if self.order.len() > REMEMBERED
            && let Some(old) = self.order.pop_front()
        {
            self.set.remove(&old);
        }
        true
    }
}

/// The broadcast channel, plus a wake-up for the scheduler when deadlines may have moved.
#[derive(Debug, Clone)]
pub struct Bus {
    tx: broadcast::Sender<Published>,
    deadlines_changed: Arc<Notify>,
    seen: Arc<Mutex<Seen>>,
    /// This replica, as the relay between replicas names it.
    origin: Uuid,
}

impl Default for Bus {
    fn default() -> Self {
        Self {
            tx: broadcast::channel(CAPACITY).0,
            deadlines_changed: Arc::new(Notify::new()),
            seen: Arc::default(),
            origin: Uuid::now_v7(),
        }
    }
}

impl Bus {
    pub fn subscribe(&self) -> broadcast::Receiver<Published> {
        self.tx.subscribe()
    }

    /// How many are listening (each subscription, and each open WebSocket connection).
    pub fn listeners(&self) -> usize {
        self.tx.receiver_count()
    }

    /// This replica's name on the relay between replicas.
    pub fn origin(&self) -> Uuid {
        self.origin
    }

    /// Announces a committed change; nobody listening is not an error.
    pub fn publish(&self, message: Published) {
        let _ = self.tx.send(message);
    }

    /// Notified after every committed command: a handoff may have opened with a deadline
    /// nearer than the scheduler's next wake-up. Notifications coalesce.
    pub fn deadlines_changed(&self) -> Arc<Notify> {
        Arc::clone(&self.deadlines_changed)
    }
}

impl Engine {
    /// The engine's announcements.
    pub fn bus(&self) -> &Bus {
        &self.bus
    }

    /// Called once a command has committed, with the matter as it now stands.
    pub(crate) fn committed(&self, matter: &Visible<Matter>) {
        let first = self
            .bus
            .seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .first((matter.id.0, matter.version));
        if first {
            self.bus
                .publish(Published::Matter(Arc::new(Matter::clone(matter))));
            self.bus.deadlines_changed.notify_one();
        }
    }
}
