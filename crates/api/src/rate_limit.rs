//! Requests per token per minute, counted in fixed one-minute windows of the engine's
//! clock (so tests move time instead of waiting). Each replica counts its own requests:
//! with N replicas behind a balancer a token gets at most N times the limit.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// The default: generous for a person, a wall for a runaway script.
pub const DEFAULT_PER_MINUTE: u32 = 600;

/// The current minute and the requests each key (a token's SHA-256) made in it.
#[derive(Debug, Default)]
struct Window {
    minute: i64,
    counts: HashMap<[u8; 32], u32>,
}

#[derive(Debug, Clone)]
pub struct RateLimiter {
    per_minute: u32,
    window: Arc<Mutex<Window>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            window: Arc::new(Mutex::new(Window {
                minute: i64::MIN,
                counts: HashMap::new(),
            })),
        }
    }

    /// Counts a request for `key` (a bearer token, or "" for anonymous callers) at `now`;
    /// `false` once the key is over its limit for this minute.
    pub fn admit(&self, key: &str, now: DateTime<Utc>) -> bool {
        let minute = now.timestamp().div_euclid(60);
        let digest: [u8; 32] = Sha256::digest(key.as_bytes()).into();
        let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        if window.minute != minute {
            window.minute = minute;
            window.counts.clear();
        }
        let count = window.counts.entry(digest).or_insert(0);
        *count = count.saturating_add(1);
        *count <= self.per_minute
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
}
