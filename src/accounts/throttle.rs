//! Login throttling: too many failed sign-ins for an account or from an address lock
//! further attempts for a while. Only failures count; a success clears the account's.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub failures: usize,
    pub window: Duration,
}

pub struct LoginThrottle {
    per_account: Limit,
    per_address: Limit,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Default for LoginThrottle {
    /// 5 failures per account or 20 per address within 15 minutes.
    fn default() -> Self {
        let window = Duration::from_secs(15 * 60);
        LoginThrottle::new(
            Limit {
                failures: 5,
                window,
            },
            Limit {
                failures: 20,
                window,
            },
        )
    }
}

fn account_key(email: &str) -> String {
    format!("account:{email}")
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

impl LoginThrottle {
    pub fn new(per_account: Limit, per_address: Limit) -> Self {
        LoginThrottle {
            per_account,
            per_address,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(wait)` while the account or the address is locked.
    pub fn check(&self, email: &str, address: &str, now: Instant) -> Result<(), Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        prune(
            &mut failures,
            now,
            self.per_account.window.max(self.per_address.window),
        );
        let wait = |key: String, limit: Limit| -> Option<Duration> {
            let times = failures.get(&key)?;
            let recent: Vec<&Instant> = times
                .iter()
                .filter(|t| now.duration_since(**t) < limit.window)
                .collect();
            (recent.len() >= limit.failures).then(|| {
                // Locked until the oldest counted failure leaves the window.
                let oldest = recent[recent.len() - limit.failures];
                limit.window.saturating_sub(now.duration_since(*oldest))
            })
        };
        let account = wait(account_key(email), self.per_account);
        let address = wait(address_key(address), self.per_address);
        match account.into_iter().chain(address).max() {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    pub fn record_failure(&self, email: &str, address: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for key in [account_key(email), address_key(address)] {
            failures.entry(key).or_default().push_back(now);
        }
    }

    pub fn record_success(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&account_key(email));
    }
}

/// Forgets failures older than the longest window, so the map cannot grow without bound.
fn prune(failures: &mut HashMap<String, VecDeque<Instant>>, now: Instant, window: Duration) {
    failures.retain(|_, times| {
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            times.pop_front();
        }
        !times.is_empty()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle() -> LoginThrottle {
        let window = Duration::from_secs(900);
        LoginThrottle::new(
            Limit {
                failures: 3,
                window,
            },
            Limit {
                failures: 5,
                window,
            },
        )
    }

    #[test]
    fn an_account_locks_after_repeated_failures_and_unlocks_later() {
        let t = throttle();
        let start = Instant::now();
        for i in 0..3 {
            assert!(t.check("a@x.de", "1.1.1.1", start).is_ok(), "attempt {i}");
            t.record_failure("a@x.de", "1.1.1.1", start);
        }
        let wait = t
            .check("a@x.de", "2.2.2.2", start + Duration::from_secs(60))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(840), "from any address");
        assert!(
            t.check("b@x.de", "2.2.2.2", start).is_ok(),
            "other accounts are free"
        );
        assert!(t
            .check("a@x.de", "1.1.1.1", start + Duration::from_secs(900))
            .is_ok());
    }

    #[test]
    fn an_address_locks_after_failures_across_accounts() {
        let t = throttle();
        let now = Instant::now();
        for i in 0..5 {
            t.record_failure(&format!("u{i}@x.de"), "9.9.9.9", now);
        }
        assert!(t.check("neu@x.de", "9.9.9.9", now).is_err());
        assert!(t.check("neu@x.de", "8.8.8.8", now).is_ok());
    }

    #[test]
    fn success_clears_the_account_but_not_the_address() {
        let t = throttle();
        let now = Instant::now();
        for _ in 0..2 {
            t.record_failure("a@x.de", "1.1.1.1", now);
        }
        t.record_success("a@x.de");
        t.record_failure("a@x.de", "1.1.1.1", now);
        assert!(
            t.check("a@x.de", "3.3.3.3", now).is_ok(),
            "only one failure counts now"
        );
        for _ in 0..2 {
            t.record_failure("b@x.de", "1.1.1.1", now);
        }
        assert!(
            t.check("c@x.de", "1.1.1.1", now).is_err(),
            "address saw 5 failures"
        );
    }

    #[test]
    fn old_failures_are_forgotten() {
        let t = throttle();
        let start = Instant::now();
        t.record_failure("a@x.de", "1.1.1.1", start);
        let later = start + Duration::from_secs(901);
        assert!(t.check("x@x.de", "0.0.0.0", later).is_ok());
        assert!(t.failures.lock().unwrap().is_empty());
    }
}
