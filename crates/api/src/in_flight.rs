//! How many operations one caller may run at once. A caller firing many heavy queries in
//! parallel would otherwise hold every database connection (SQLite has one) while other
//! users wait; past the limit, a caller's operations wait their turn (a query's waiting
//! counts against its time budget), and other callers' do not wait behind them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use baton_domain::ids::UserId;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The default: operations one caller may run at once, per replica.
pub const DEFAULT_PER_CALLER: usize = 4;

/// Who an operation is run for: a user, or every anonymous client together.
type Caller = Option<UserId>;

/// The operations running per caller: each caller with an operation running or waiting
/// has its semaphore and the number of those operations (the map holds only such callers:
/// its size is bounded by the requests in flight).
#[derive(Debug)]
pub struct InFlight {
    per_caller: usize,
    callers: Mutex<HashMap<Caller, (Arc<Semaphore>, usize)>>,
}

impl Default for InFlight {
    fn default() -> Self {
        Self::new(DEFAULT_PER_CALLER)
    }
}

impl InFlight {
    /// At most `per_caller` operations of one caller at once (at least one).
    pub fn new(per_caller: usize) -> Self {
        Self {
            per_caller: per_caller.max(1),
            callers: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for one of the caller's slots; the operation runs while the slot is held.
    pub async fn enter(self: &Arc<Self>, caller: Option<UserId>) -> Slot {
        let semaphore = {
            let mut callers = self.callers.lock().unwrap_or_else(PoisonError::into_inner);
            let (semaphore, operations) = callers
                .entry(caller)
                .or_insert_with(|| (Arc::new(Semaphore::new(self.per_caller)), 0));
            *operations += 1;
            semaphore.clone()
        };
        // The slot exists before the wait: a wait given up (the time budget) cleans up too.
        let mut slot = Slot {
            in_flight: self.clone(),
            caller,
            permit: None,
        };
        slot.permit = semaphore.acquire_owned().await.ok();
        slot
    }

    /// How many callers have an operation running or waiting.
    pub fn callers(&self) -> usize {
        self.callers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// One running (or waiting) operation of a caller.
#[derive(Debug)]
pub struct Slot {
    in_flight: Arc<InFlight>,
    caller: Caller,
    permit: Option<OwnedSemaphorePermit>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.permit.take();
        let mut callers = self
            .in_flight
            .callers
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((_, operations)) = callers.get_mut(&self.caller) {
            *operations -= 1;
            if *operations == 0 {
                callers.remove(&self.caller);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use futures::FutureExt;

    use super::*;

    #[tokio::test]
    async fn a_caller_waits_past_its_limit_others_do_not_and_the_map_empties() {
        let in_flight = Arc::new(InFlight::new(2));
        let a = Some(UserId::generate());
        let first = in_flight.enter(a).await;
        let _second = in_flight.enter(a).await;
        assert!(in_flight.enter(a).now_or_never().is_none(), "a third waits");
        let other = in_flight.enter(Some(UserId::generate())).now_or_never();
        assert!(other.is_some(), "another caller does not wait");
        drop(other);
        let mut third = Box::pin(in_flight.enter(a));
        assert!((&mut third).now_or_never().is_none());
        drop(first);
        let third = third.now_or_never().expect("a slot came free");
        drop(third);
        assert_eq!(in_flight.callers(), 1);
        drop(_second);
        assert_eq!(
            in_flight.callers(),
            0,
            "a wait given up leaves nothing behind"
        );
    }
}
