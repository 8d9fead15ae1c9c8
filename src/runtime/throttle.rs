//! Login throttling. Every attempt counts the moment it starts, before the password is
//! checked, so a burst of parallel guesses cannot slip past the limits; a successful
//! sign-in takes its own attempt back.
//!
//! Three limits, all in memory (a restart forgets them):
//! - one account from one network (an IPv4 address or an IPv6 /64): 5 per 15 minutes;
//! - one network, whatever the accounts: 20 per 15 minutes;
//! - one account from networks it has not signed in from before: 50 per day. Guessing from
//!   many addresses stays slow, and a member signing in from where they signed in before
//!   is never locked out by someone else's guesses.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub attempts: usize,
    pub window: Duration,
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub account_from_network: Limit,
    pub network: Limit,
    pub account_from_new_networks: Limit,
    /// How long a network where the account signed in stays known.
    pub remember_network: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        let quarter_hour = Duration::from_secs(15 * 60);
        Limits {
            account_from_network: Limit {
                attempts: 5,
                window: quarter_hour,
            },
            network: Limit {
                attempts: 20,
                window: quarter_hour,
            },
            account_from_new_networks: Limit {
                attempts: 50,
                window: Duration::from_secs(24 * 60 * 60),
            },
            remember_network: Duration::from_secs(30 * 24 * 60 * 60),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    AccountFromNetwork(String, String),
    Network(String),
    Account(String),
}

#[derive(Default)]
struct Counts {
    attempts: HashMap<Key, VecDeque<Instant>>,
    /// (account, network) pairs with a successful sign-in, and when.
    known: HashMap<(String, String), Instant>,
}

#[derive(Default)]
pub struct LoginThrottle {
    limits: Limits,
    counts: Mutex<Counts>,
}

/// A counted attempt; [`LoginThrottle::succeeded`] takes it back.
#[derive(Debug)]
pub struct Attempt {
    email: String,
    network: String,
    at: Instant,
}

impl LoginThrottle {
    pub fn new(limits: Limits) -> Self {
        LoginThrottle {
            limits,
            counts: Mutex::new(Counts::default()),
        }
    }

    fn limit(&self, key: &Key) -> Limit {
        match key {
            Key::AccountFromNetwork(..) => self.limits.account_from_network,
            Key::Network(_) => self.limits.network,
            Key::Account(_) => self.limits.account_from_new_networks,
        }
    }

    /// Counts an attempt to sign in as `email` from `network`, or `Err(wait)` while a limit
    /// is reached (then nothing is counted and no password may be checked).
    pub fn begin(&self, email: &str, network: &str, now: Instant) -> Result<Attempt, Duration> {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        self.prune(&mut counts, now);
        let known = counts
            .known
            .contains_key(&(email.to_owned(), network.to_owned()));
        let mut keys = vec![
            Key::AccountFromNetwork(email.to_owned(), network.to_owned()),
            Key::Network(network.to_owned()),
        ];
        let account = Key::Account(email.to_owned());
        let wait = keys
            .iter()
            .chain((!known).then_some(&account))
            .filter_map(|key| {
                let limit = self.limit(key);
                let times = counts.attempts.get(key)?;
                (times.len() >= limit.attempts).then(|| {
                    // Free again when the oldest counted attempt leaves the window.
                    let oldest = times[times.len() - limit.attempts];
                    limit.window.saturating_sub(now.duration_since(oldest))
                })
            })
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        // From known networks too: they count towards the limit for new networks.
        keys.push(account);
        for key in keys {
            counts.attempts.entry(key).or_default().push_back(now);
        }
        Ok(Attempt {
            email: email.to_owned(),
            network: network.to_owned(),
            at: now,
        })
    }

    /// The attempt signed in: it no longer counts, the account's earlier failures from this
    /// network are forgiven, and the network becomes known for the account.
    pub fn succeeded(&self, attempt: Attempt) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.attempts.remove(&Key::AccountFromNetwork(
            attempt.email.clone(),
            attempt.network.clone(),
        ));
        for key in [
            Key::Network(attempt.network.clone()),
            Key::Account(attempt.email.clone()),
        ] {
            if let Some(times) = counts.attempts.get_mut(&key) {
                if let Some(i) = times.iter().rposition(|t| *t == attempt.at) {
                    times.remove(i);
                }
            }
        }
        counts
            .known
            .insert((attempt.email, attempt.network), attempt.at);
    }

    /// Forgets attempts and known networks older than their windows, so the maps stay
    /// bounded by what the limits allow.
    fn prune(&self, counts: &mut Counts, now: Instant) {
        counts.attempts.retain(|key, times| {
            let window = self.limit(key).window;
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) >= window)
            {
                times.pop_front();
            }
            !times.is_empty()
        });
        let remember = self.limits.remember_network;
        counts
            .known
            .retain(|_, at| now.duration_since(*at) < remember);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(Limits {
            account_from_network: Limit {
                attempts: 3,
                window: 15 * MINUTE,
            },
            network: Limit {
                attempts: 5,
                window: 15 * MINUTE,
            },
            account_from_new_networks: Limit {
                attempts: 8,
                window: 24 * 60 * MINUTE,
            },
            remember_network: 30 * 24 * 60 * MINUTE,
        })
    }

    #[test]
    fn attempts_count_before_the_password_is_checked() {
        let t = throttle();
        let now = Instant::now();
        // Three attempts started at once, none finished: the fourth is refused already.
        let started: Vec<_> = (0..3)
            .map(|_| t.begin("a@x.de", "1.1.1.1", now).unwrap())
            .collect();
        assert_eq!(t.begin("a@x.de", "1.1.1.1", now).unwrap_err(), 15 * MINUTE);
        assert_eq!(started.len(), 3);
    }

    #[test]
    fn an_account_locks_for_one_network_and_unlocks_later() {
        let t = throttle();
        let start = Instant::now();
        for _ in 0..3 {
            t.begin("a@x.de", "1.1.1.1", start).unwrap();
        }
        let wait = t.begin("a@x.de", "1.1.1.1", start + MINUTE).unwrap_err();
        assert_eq!(wait, 14 * MINUTE);
        assert!(
            t.begin("a@x.de", "2.2.2.2", start).is_ok(),
            "the owner elsewhere is not locked out"
        );
        assert!(t.begin("a@x.de", "1.1.1.1", start + 15 * MINUTE).is_ok());
    }

    #[test]
    fn a_network_locks_after_attempts_across_accounts() {
        let t = throttle();
        let now = Instant::now();
        for i in 0..5 {
            t.begin(&format!("u{i}@x.de"), "9.9.9.9", now).unwrap();
        }
        assert!(t.begin("neu@x.de", "9.9.9.9", now).is_err());
        assert!(t.begin("neu@x.de", "8.8.8.8", now).is_ok());
    }

    #[test]
    fn guessing_from_many_networks_is_bounded_but_spares_known_networks() {
        let t = throttle();
        let now = Instant::now();
        let home = t.begin("admin@x.de", "7.7.7.7", now).unwrap();
        t.succeeded(home);
        let passed = (0..100)
            .filter(|i| t.begin("admin@x.de", &format!("10.0.0.{i}"), now).is_ok())
            .count();
        assert_eq!(passed, 8, "the daily limit for new networks");
        assert!(t.begin("admin@x.de", "10.0.1.1", now).is_err());
        assert!(
            t.begin("admin@x.de", "7.7.7.7", now).is_ok(),
            "where the admin signed in before, they still can"
        );
    }

    #[test]
    fn success_takes_its_attempt_back_and_forgives_the_network() {
        let t = throttle();
        let now = Instant::now();
        for _ in 0..2 {
            t.begin("a@x.de", "1.1.1.1", now).unwrap();
        }
        let ok = t.begin("a@x.de", "1.1.1.1", now).unwrap();
        t.succeeded(ok);
        for _ in 0..3 {
            assert!(t.begin("a@x.de", "1.1.1.1", now).is_ok());
        }
        // The network saw 2 failed + 3 new attempts = 5 counted: locked for everyone.
        assert!(t.begin("c@x.de", "1.1.1.1", now).is_err());
    }

    #[test]
    fn old_attempts_and_known_networks_are_forgotten() {
        let t = throttle();
        let start = Instant::now();
        let ok = t.begin("a@x.de", "1.1.1.1", start).unwrap();
        t.succeeded(ok);
        t.begin("b@x.de", "1.1.1.1", start).unwrap();
        let later = start + 31 * 24 * 60 * MINUTE;
        assert!(t.begin("x@x.de", "0.0.0.0", later).is_ok());
        let counts = t.counts.lock().unwrap();
        assert!(counts.known.is_empty());
        assert!(counts
            .attempts
            .keys()
            .all(|k| !matches!(k, Key::Network(n) if n == "1.1.1.1")));
    }
}
