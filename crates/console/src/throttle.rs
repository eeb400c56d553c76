//! A throttle on failed sign-ins per network address ([`governor`]'s GCRA on the engine's
//! clock): a few failures at once, then one a minute; past that the address is refused
//! until its allowance refills, whatever the password. Each account's own lockout is the
//! engine's (`sign_in_with_password`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use baton_domain::clock::Clock as BatonClock;
use chrono::{DateTime, Utc};
use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};

/// Failed sign-ins an address may make at once.
pub const BURST: u32 = 5;
/// After the burst, one more failure is allowed per this period.
pub const REFILL: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
struct EngineTime(Arc<dyn BatonClock>);

impl Clock for EngineTime {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        let nanos = self.0.now().timestamp_nanos_opt().unwrap_or_default();
        Nanos::from(u64::try_from(nanos).unwrap_or_default())
    }
}

type Keyed = RateLimiter<IpAddr, DashMapStateStore<IpAddr>, EngineTime, NoOpMiddleware<Nanos>>;

/// Failed sign-ins per address.
#[derive(Clone)]
pub struct SignInThrottle {
    limiter: Arc<Keyed>,
    blocked: Arc<Mutex<HashMap<IpAddr, DateTime<Utc>>>>,
    clock: Arc<dyn BatonClock>,
}

impl SignInThrottle {
    pub fn new(clock: Arc<dyn BatonClock>) -> Self {
        let quota = Quota::with_period(REFILL)
            .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(BURST).unwrap_or(NonZeroU32::MIN));
        Self {
            limiter: Arc::new(RateLimiter::dashmap_with_clock(
                quota,
                EngineTime(clock.clone()),
            )),
            blocked: Arc::default(),
            clock,
        }
    }

    /// Whether this address may try to sign in now.
    pub fn admits(&self, address: IpAddr) -> bool {
        let now = self.clock.now();
        let mut blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        blocked.retain(|_, until| *until > now);
        !blocked.contains_key(&address)
    }

    /// Counts a failed sign-in from this address; past the allowance the address is refused
    /// until it refills.
    pub fn failed(&self, address: IpAddr) {
        if let Err(not_until) = self.limiter.check_key(&address) {
            let wait = not_until.wait_time_from(EngineTime(self.clock.clone()).now());
            let until = self.clock.now()
                + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::minutes(1));
            let mut blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
            blocked.insert(address, until);
        }
        self.limiter.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use baton_domain::clock::ManualClock;

    #[test]
    fn an_address_is_refused_after_its_failures_and_admitted_again_once_it_refills() {
        let start = DateTime::parse_from_rfc3339("2026-11-25T01:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        let clock = Arc::new(ManualClock::at(start));
        let throttle = SignInThrottle::new(clock.clone());
        let here: IpAddr = [10, 0, 0, 7].into();
        let there: IpAddr = [10, 0, 0, 8].into();
        for _ in 0..=BURST {
            assert!(throttle.admits(here));
            throttle.failed(here);
        }
        assert!(!throttle.admits(here), "refused after the burst");
        assert!(throttle.admits(there), "another address is not");
        clock.advance(chrono::Duration::seconds(61));
        assert!(throttle.admits(here), "admitted once the allowance refills");
    }
}
