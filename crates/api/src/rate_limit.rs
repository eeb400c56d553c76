//! Requests per token per minute, counted in fixed one-minute windows of the engine's
//! clock (so tests move time instead of waiting). Each replica counts its own requests:
//! with N replicas behind a balancer a token gets at most N times the limit.
//!
//! Invented tokens would each get a fresh count, and each costs a database lookup; so a
//! replica also counts failed sign-ins per minute. Over that budget it looks up only tokens
//! that signed in on it within the last hour, and refuses the others until the minute ends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// The default: generous for a person, a wall for a runaway script.
pub const DEFAULT_PER_MINUTE: u32 = 600;

/// Failed sign-ins a replica accepts per minute before it looks up only known tokens.
pub const DEFAULT_FAILURES_PER_MINUTE: u32 = 100;

/// How long a token that signed in stays known, in minutes.
const KNOWN_FOR_MINUTES: i64 = 60;

type Digest32 = [u8; 32];

/// The current minute and the requests each key (a token's SHA-256) made in it.
#[derive(Debug, Default)]
struct Window {
    minute: i64,
    counts: HashMap<Digest32, u32>,
    failures: u32,
    /// Tokens that signed in, with the minute they last did.
    known: HashMap<Digest32, i64>,
}

impl Window {
    /// Moves to `minute`, forgetting the counts of the previous one.
    fn at(&mut self, minute: i64) {
        if self.minute != minute {
            self.minute = minute;
            self.counts.clear();
            self.failures = 0;
            self.known
                .retain(|_, seen| minute - *seen < KNOWN_FOR_MINUTES);
        }
    }
}

#[derive(Debug, Clone)]
pub struct RateLimiter {
    per_minute: u32,
    failures_per_minute: u32,
    window: Arc<Mutex<Window>>,
}

fn digest(key: &str) -> Digest32 {
    Sha256::digest(key.as_bytes()).into()
}

fn minute(now: DateTime<Utc>) -> i64 {
    now.timestamp().div_euclid(60)
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self::with_failure_budget(per_minute, DEFAULT_FAILURES_PER_MINUTE)
    }

    /// A limiter that, after `failures_per_minute` failed sign-ins in a minute, looks up
    /// only tokens it has seen sign in.
    pub fn with_failure_budget(per_minute: u32, failures_per_minute: u32) -> Self {
        Self {
            per_minute,
            failures_per_minute,
            window: Arc::new(Mutex::new(Window {
                minute: i64::MIN,
                ..Window::default()
            })),
        }
    }

    fn window(&self, now: DateTime<Utc>) -> std::sync::MutexGuard<'_, Window> {
        let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        window.at(minute(now));
        window
    }

    /// Counts a request for `key` (a bearer token, or "" for anonymous callers) at `now`;
    /// `false` once the key is over its limit for this minute.
    pub fn admit(&self, key: &str, now: DateTime<Utc>) -> bool {
        let mut window = self.window(now);
        let count = window.counts.entry(digest(key)).or_insert(0);
        *count = count.saturating_add(1);
        *count <= self.per_minute
    }

    /// Whether a token may be looked up now: always, unless this minute's failed sign-ins
    /// are over budget and the token has not signed in here lately.
    pub fn may_look_up(&self, token: &str, now: DateTime<Utc>) -> bool {
        let window = self.window(now);
        window.failures < self.failures_per_minute || window.known.contains_key(&digest(token))
    }

    /// Records how a sign-in with `token` went.
    pub fn signed_in(&self, token: &str, ok: bool, now: DateTime<Utc>) {
        let mut window = self.window(now);
        if ok {
            let minute = window.minute;
            window.known.insert(digest(token), minute);
        } else {
            window.failures = window.failures.saturating_add(1);
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
    use chrono::{Duration, TimeZone};

    use super::*;

    #[test]
    fn a_token_over_its_limit_waits_for_the_next_minute_and_others_are_unaffected() {
        let limiter = RateLimiter::new(2);
        let t = Utc
            .with_ymd_and_hms(2026, 3, 2, 9, 0, 10)
            .single()
            .unwrap_or_default();
        assert!(limiter.admit("a", t));
        assert!(limiter.admit("a", t));
        assert!(!limiter.admit("a", t + Duration::seconds(30)));
        assert!(limiter.admit("b", t));
        assert!(limiter.admit("a", t + Duration::seconds(50)));
    }

    #[test]
    fn over_the_failure_budget_only_tokens_that_signed_in_lately_are_looked_up() {
        let limiter = RateLimiter::with_failure_budget(600, 2);
        let t = Utc
            .with_ymd_and_hms(2026, 3, 2, 9, 0, 10)
            .single()
            .unwrap_or_default();
        limiter.signed_in("good", true, t);
        for bogus in ["x1", "x2"] {
            assert!(limiter.may_look_up(bogus, t));
            limiter.signed_in(bogus, false, t);
        }
        assert!(
            !limiter.may_look_up("x3", t),
            "over budget: unknown tokens wait"
        );
        assert!(
            limiter.may_look_up("good", t),
            "a known token still signs in"
        );
        let next = t + Duration::minutes(1);
        assert!(
            limiter.may_look_up("x3", next),
            "a new minute, a new budget"
        );
        let later = t + Duration::minutes(61);
        limiter.signed_in("y1", false, later);
        limiter.signed_in("y2", false, later);
        assert!(
            !limiter.may_look_up("good", later),
            "known for an hour only"
        );
    }
}
