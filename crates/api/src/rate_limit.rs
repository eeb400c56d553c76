//! Rate limits, by [`governor`]'s GCRA (generic cell rate algorithm): a caller's allowance
//! refills continuously, one request every `60 s / per_minute`, and may be spent at most
//! [`burst`] at a time. There are no window edges: over any sixty seconds a caller gets at
//! most `per_minute + burst` requests, never twice the limit around a minute's turn.
//!
//! - **Signed-in callers** are keyed by their user id (all of a user's tokens and
//!   connections share one allowance), over HTTP and for each operation on `/graphql/ws`.
//! - **Everyone else** (requests without a token, and tokens that fail to sign in, such as
//!   invented ones) shares one allowance. An invented token never gets a key of its own, so
//!   a flood of them neither grows memory nor touches a real user's allowance: a valid
//!   token is always looked up, and once it signs in only its user's allowance counts.
//! - Memory is bounded: keys are user ids of callers that signed in, and every
//!   [`SWEEP_EVERY`] decisions the store forgets users whose allowance is full again
//!   (`retain_recent`) and gives the memory back (`shrink_to_fit`).
//!
//! Each replica keeps its own allowances: with N replicas behind a balancer a user gets at
//! most N times the limit. Time is the engine's clock (tests move it instead of waiting).

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use baton_domain::clock::{Clock as BatonClock, SystemClock};
use baton_domain::ids::UserId;
use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DashMapStateStore;
use governor::state::{InMemoryState, NotKeyed};
use governor::{NotUntil, Quota};

/// The default: generous for a person, a wall for a runaway script.
pub const DEFAULT_PER_MINUTE: u32 = 600;

/// Requests per minute shared by all callers without a valid token.
pub const DEFAULT_FAILURES_PER_MINUTE: u32 = 100;

/// How many decisions pass between two sweeps of the per-user store.
pub const SWEEP_EVERY: u64 = 1_024;

/// The most requests a caller may send at once: a tenth of the minute's quota (at least
/// one). After a burst the allowance refills at `per_minute` a minute.
pub fn burst(per_minute: u32) -> u32 {
    (per_minute / 10).max(1)
}

/// Governor's view of the engine's clock: nanoseconds since the Unix epoch.
#[derive(Debug, Clone)]
pub struct EngineClock(Arc<dyn BatonClock>);

impl Clock for EngineClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        let now = self.0.now();
        let nanos = now.timestamp_nanos_opt().unwrap_or_default();
        Nanos::from(u64::try_from(nanos).unwrap_or_default())
    }
}

type Keyed =
    governor::RateLimiter<UserId, DashMapStateStore<UserId>, EngineClock, NoOpMiddleware<Nanos>>;
type Direct = governor::RateLimiter<NotKeyed, InMemoryState, EngineClock, NoOpMiddleware<Nanos>>;

/// Over the limit: how long until the next request would pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    pub retry_after: Duration,
}

impl Limited {
    /// `Retry-After` in whole seconds, rounded up, at least one.
    pub fn retry_after_secs(&self) -> u64 {
        let secs = self.retry_after.as_secs();
        let secs = if self.retry_after.subsec_nanos() > 0 {
            secs + 1
        } else {
            secs
        };
        secs.max(1)
    }
}

/// The limiters, made on first use with the clock bound then (governor measures time from
/// the instant a limiter is made).
#[derive(Debug)]
struct Limiters {
    clock: EngineClock,
    users: Keyed,
    unauthenticated: Direct,
}

#[derive(Debug, Clone)]
pub struct RateLimiter {
    per_minute: u32,
    failures_per_minute: u32,
    limiters: Arc<OnceLock<Limiters>>,
    decisions: Arc<AtomicU64>,
}

fn quota(per_minute: u32) -> Quota {
    let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(burst(per_minute.get())).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(per_minute).allow_burst(burst)
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self::with_failure_budget(per_minute, DEFAULT_FAILURES_PER_MINUTE)
    }

    /// `per_minute` requests per signed-in user; `failures_per_minute` shared by all
    /// requests without a token or with one that does not sign in.
    pub fn with_failure_budget(per_minute: u32, failures_per_minute: u32) -> Self {
        Self {
            per_minute,
            failures_per_minute,
            limiters: Arc::new(OnceLock::new()),
            decisions: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Uses `clock` (the engine's). Only a call before the limiter's first decision
    /// counts; until then, or without a call, it uses the system clock.
    pub fn bind_clock(&self, clock: Arc<dyn BatonClock>) {
        let _ = self.limiters(|| clock);
    }

    fn limiters(&self, clock: impl FnOnce() -> Arc<dyn BatonClock>) -> &Limiters {
        self.limiters.get_or_init(|| {
            let clock = EngineClock(clock());
            Limiters {
                users: governor::RateLimiter::dashmap_with_clock(
                    quota(self.per_minute),
                    clock.clone(),
                ),
                unauthenticated: governor::RateLimiter::direct_with_clock(
                    quota(self.failures_per_minute),
                    clock.clone(),
                ),
                clock,
            }
        })
    }

    fn get(&self) -> &Limiters {
        self.limiters(|| Arc::new(SystemClock))
    }

    /// Counts a request by a signed-in `user`.
    pub fn admit_user(&self, user: UserId) -> Result<(), Limited> {
        self.sweep();
        let limiters = self.get();
        limiters
            .users
            .check_key(&user)
            .map_err(|n| limiters.limited(&n))
    }

    /// Counts a request without a valid token (anonymous, or a token that did not sign
    /// in): all of them share one allowance.
    pub fn admit_unauthenticated(&self) -> Result<(), Limited> {
        let limiters = self.get();
        limiters
            .unauthenticated
            .check()
            .map_err(|n| limiters.limited(&n))
    }

    /// How many users the per-user store holds now.
    pub fn tracked_users(&self) -> usize {
        self.get().users.len()
    }

    /// Every [`SWEEP_EVERY`] decisions, forgets users whose allowance is full again.
    fn sweep(&self) {
        if self.decisions.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            let users = &self.get().users;
            users.retain_recent();
            users.shrink_to_fit();
        }
    }
}

impl Limiters {
    fn limited(&self, not_until: &NotUntil<Nanos>) -> Limited {
        Limited {
            retry_after: not_until.wait_time_from(self.clock.now()),
        }
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self::new(DEFAULT_PER_MINUTE)
    }
}

#[cfg(test)]
mod tests {
    use baton_domain::clock::ManualClock;
    use chrono::{Duration as Span, TimeZone, Utc};

    use super::*;

    fn at_nine() -> ManualClock {
        ManualClock::at(
            Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
                .single()
                .unwrap_or_default(),
        )
    }

    fn limiter(per_minute: u32, failures: u32, clock: &ManualClock) -> RateLimiter {
        let limiter = RateLimiter::with_failure_budget(per_minute, failures);
        limiter.bind_clock(Arc::new(clock.clone()));
        limiter
    }

    fn user() -> UserId {
        UserId::generate()
    }

    #[test]
    fn a_burst_then_one_request_per_period_and_users_do_not_share() {
        let clock = at_nine();
        // 60 a minute: a burst of 6, then one a second.
        let limiter = limiter(60, 10, &clock);
        let (a, b) = (user(), user());
        for _ in 0..6 {
            assert!(limiter.admit_user(a).is_ok());
        }
        let refused = limiter.admit_user(a).err();
        assert_eq!(refused.map(|l| l.retry_after_secs()), Some(1));
        assert!(limiter.admit_user(b).is_ok(), "another user is unaffected");
        clock.advance(Span::seconds(1));
        assert!(limiter.admit_user(a).is_ok());
        assert!(limiter.admit_user(a).is_err());
    }

    #[test]
    fn no_burst_at_window_edges() {
        let clock = at_nine();
        let limiter = limiter(600, 10, &clock);
        let u = user();
        // Requests spread over 09:00:59.5 to 09:01:00.5 (the old windows' edge): twice the
        // limit used to pass; now only the burst and what refilled meanwhile.
        clock.advance(Span::milliseconds(59_500));
        let mut passed = 0;
        for _ in 0..1_000 {
            passed += usize::from(limiter.admit_user(u).is_ok());
            clock.advance(Span::microseconds(1_000));
        }
        // A burst of 60, then one every 100 ms over one second: 70 at most.
        assert!(passed <= 71, "{passed} passed");
        assert!(passed >= 60, "{passed} passed");
        // Over a whole minute, at most per_minute + burst.
        let mut passed = 0;
        for _ in 0..6_000 {
            passed += usize::from(limiter.admit_user(u).is_ok());
            clock.advance(Span::milliseconds(10));
        }
        assert!(passed <= 660, "{passed} passed");
    }

    #[test]
    fn invented_tokens_share_one_allowance_and_cannot_starve_a_user() {
        let clock = at_nine();
        let limiter = limiter(600, 100, &clock);
        let real = user();
        let refused = (0..1_000)
            .filter(|_| limiter.admit_unauthenticated().is_err())
            .count();
        assert_eq!(refused, 1_000 - 10, "the shared burst is 10");
        assert!(limiter.admit_user(real).is_ok(), "a real user still passes");
        assert_eq!(limiter.tracked_users(), 1);
    }

    #[test]
    fn a_flood_of_invented_tokens_keeps_the_store_bounded() {
        let clock = at_nine();
        let limiter = limiter(600, 100, &clock);
        for _ in 0..1_000_000 {
            let _ = limiter.admit_unauthenticated();
        }
        assert_eq!(limiter.tracked_users(), 0, "invented tokens get no keys");
        // Many real users over time: those whose allowance refilled are forgotten.
        for _ in 0..20 {
            for _ in 0..SWEEP_EVERY {
                let _ = limiter.admit_user(user());
            }
            clock.advance(Span::minutes(1));
        }
        assert!(
            limiter.tracked_users() <= 2 * SWEEP_EVERY as usize,
            "{} users tracked",
            limiter.tracked_users()
        );
    }
}
