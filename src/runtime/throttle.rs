//! Login throttling. Every attempt counts the moment it starts, before the password is
//! checked, so a burst of parallel guesses cannot slip past the limits; a successful
//! sign-in takes its own attempt back.
//!
//! Three limits:
//! - one account from one network (an IPv4 address or an IPv6 /64): 5 per 15 minutes;
//! - one network, whatever the accounts: 20 per 15 minutes;
//! - one account from networks it has not signed in from before: 50 per day. Guessing from
//!   many addresses stays slow, and a member signing in from where they signed in before
//!   is never locked out by someone else's guesses.
//!
//! The attempts live in the database (`sign_in_attempt`, `sign_in_network`), so every app
//! instance on it counts the same ones and a restart forgets nothing; an attempt is
//! checked and counted in one write transaction. Accounts and networks are stored as
//! SHA-256 digests only, and rows leave once their window has passed. The rule that
//! decides ([`wait`]) is pure and tested on its own.

use std::time::Duration;

use crate::runtime::db::Pool;
use chrono::{DateTime, Utc};

use super::db::begin_write;
use crate::domain::chain::sha256_hex;

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

impl Limits {
    /// The longest any row must be kept for a limit.
    fn longest_window(&self) -> Duration {
        self.account_from_network
            .window
            .max(self.network.window)
            .max(self.account_from_new_networks.window)
    }
}

/// How long to wait before `limit` allows another attempt, given the times (milliseconds)
/// of the attempts it counts, newest first and inside its window; `None`: allowed now.
pub fn wait(limit: Limit, newest_first: &[i64], now_ms: i64) -> Option<Duration> {
    let oldest_that_counts = *newest_first.get(limit.attempts.checked_sub(1)?)?;
    // Free again when that attempt leaves the window.
    let age = Duration::from_millis(u64::try_from(now_ms - oldest_that_counts).unwrap_or(0));
    Some(limit.window.saturating_sub(age))
}

fn millis(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

fn window_ms(window: Duration) -> i64 {
    i64::try_from(window.as_millis()).unwrap_or(i64::MAX)
}

/// Accounts and networks as the tables keep them.
fn digest(kind: &str, text: &str) -> String {
    sha256_hex(format!("umsetzungsmonitor-anmeldung:{kind}:{text}").as_bytes())
}

#[derive(Default)]
pub struct LoginThrottle {
    limits: Limits,
}

/// A counted attempt; [`LoginThrottle::succeeded`] takes it back.
#[derive(Debug)]
pub struct Attempt {
    id: i64,
    account: String,
    network: String,
    at_ms: i64,
}

impl LoginThrottle {
    pub fn new(limits: Limits) -> Self {
        LoginThrottle { limits }
    }

    /// Counts an attempt to sign in as `email` from `network`, or `Ok(Err(wait))` while a
    /// limit is reached (then nothing is counted and no password may be checked).
    pub async fn begin(
        &self,
        pool: &Pool,
        email: &str,
        network: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<Attempt, Duration>, sqlx::Error> {
        let account = digest("konto", &email.to_lowercase());
        let network = digest("netz", network);
        let now_ms = millis(now);
        let limits = &self.limits;
        let mut tx = begin_write(pool).await?;
        sqlx::query("DELETE FROM sign_in_attempt WHERE at_ms <= $1")
            .bind(now_ms - window_ms(limits.longest_window()))
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sign_in_network WHERE at_ms <= $1")
            .bind(now_ms - window_ms(limits.remember_network))
            .execute(&mut *tx)
            .await?;
        let known_since: Option<i64> = sqlx::query_scalar(
            "SELECT at_ms FROM sign_in_network WHERE account = $1 AND network = $2",
        )
        .bind(&account)
        .bind(&network)
        .fetch_optional(&mut *tx)
        .await?;
        // The pair's attempts before its last sign-in are forgiven.
        let pair_after = (now_ms - window_ms(limits.account_from_network.window))
            .max(known_since.unwrap_or(i64::MIN));
        let mut checks = vec![
            (
                "SELECT at_ms FROM sign_in_attempt WHERE account = $1 AND network = $2 \
                 AND at_ms > $3 ORDER BY at_ms DESC LIMIT $4",
                vec![&account, &network],
                pair_after,
                limits.account_from_network,
            ),
            (
                "SELECT at_ms FROM sign_in_attempt WHERE network = $1 \
                 AND at_ms > $2 ORDER BY at_ms DESC LIMIT $3",
                vec![&network],
                now_ms - window_ms(limits.network.window),
                limits.network,
            ),
        ];
        // From known networks the account's daily limit does not apply (but they count).
        if known_since.is_none() {
            checks.push((
                "SELECT at_ms FROM sign_in_attempt WHERE account = $1 \
                 AND at_ms > $2 ORDER BY at_ms DESC LIMIT $3",
                vec![&account],
                now_ms - window_ms(limits.account_from_new_networks.window),
                limits.account_from_new_networks,
            ));
        }
        let mut longest: Option<Duration> = None;
        for (sql, keys, after, limit) in checks {
            let mut query = sqlx::query_scalar::<_, i64>(sql);
            for key in keys {
                query = query.bind(key);
            }
            let newest_first = query
                .bind(after)
                .bind(i64::try_from(limit.attempts).unwrap_or(i64::MAX))
                .fetch_all(&mut *tx)
                .await?;
            longest = longest.max(wait(limit, &newest_first, now_ms));
        }
        if let Some(wait) = longest {
            // Nothing counted: the transaction only pruned.
            tx.commit().await?;
            return Ok(Err(wait));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sign_in_attempt (account, network, at_ms) VALUES ($1, $2, $3) \
             RETURNING id",
        )
        .bind(&account)
        .bind(&network)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(Attempt {
            id,
            account,
            network,
            at_ms: now_ms,
        }))
    }

    /// The attempt signed in: it no longer counts, the account's earlier failures from this
    /// network are forgiven, and the network becomes known for the account.
    pub async fn succeeded(&self, pool: &Pool, attempt: Attempt) -> Result<(), sqlx::Error> {
        let mut tx = begin_write(pool).await?;
        sqlx::query("DELETE FROM sign_in_attempt WHERE id = $1")
            .bind(attempt.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sign_in_network (account, network, at_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (account, network) DO UPDATE SET at_ms = excluded.at_ms",
        )
        .bind(&attempt.account)
        .bind(&attempt.network)
        .bind(attempt.at_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);
    const MINUTE_MS: i64 = 60_000;

    fn limit(attempts: usize) -> Limit {
        Limit {
            attempts,
            window: 15 * MINUTE,
        }
    }

    #[test]
    fn below_the_limit_nothing_waits() {
        assert_eq!(wait(limit(3), &[], 0), None);
        assert_eq!(wait(limit(3), &[10, 5], 20), None);
    }

    #[test]
    fn at_the_limit_the_wait_ends_when_the_oldest_counted_attempt_leaves_the_window() {
        let now = 100 * MINUTE_MS;
        // Newest first: one minute ago, two, three (and an older one that no longer matters).
        let times = [
            now - MINUTE_MS,
            now - 2 * MINUTE_MS,
            now - 3 * MINUTE_MS,
            now - 9 * MINUTE_MS,
        ];
        assert_eq!(wait(limit(3), &times, now), Some(12 * MINUTE));
        assert_eq!(wait(limit(4), &times, now), Some(6 * MINUTE));
        assert_eq!(wait(limit(5), &times, now), None);
    }

    #[test]
    fn a_limit_of_none_allows_nothing_and_past_windows_wait_zero() {
        assert_eq!(wait(limit(0), &[], 0), None, "0 attempts: no such limit");
        assert_eq!(
            wait(limit(1), &[0], 20 * MINUTE_MS),
            Some(Duration::ZERO),
            "an attempt older than its window (not yet pruned) does not add time"
        );
    }

    #[test]
    fn accounts_and_networks_are_kept_as_digests_only() {
        let account = digest("konto", "a@x.de");
        assert_eq!(account.len(), 64);
        assert!(!account.contains("a@x.de"));
        assert_ne!(account, digest("netz", "a@x.de"), "kinds never collide");
    }
}
