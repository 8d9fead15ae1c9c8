//! Several app instances on one database (issue 22): what one instance does, the other
//! sees at its next request – saves, sessions, sign-in limits – and concurrent saves of
//! the same milestone through both end with exactly one winner.

use std::time::Duration;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};

use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::error::AppError;
use umsetzungsmonitor::runtime::throttle::{Limit, Limits, LoginThrottle};

use crate::common::endpoints::{milestone_form, milestone_id, pairs, version};
use crate::common::{TestApp, PLAN};

const MINUTE: Duration = Duration::from_secs(60);

fn small_limits() -> Limits {
    Limits {
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
    }
}

fn start() -> DateTime<Utc> {
    "2026-12-02T10:00:00Z".parse().unwrap()
}

fn after(minutes: u64) -> DateTime<Utc> {
    start() + chrono::Duration::minutes(minutes as i64)
}

/// Two instances' throttles, each on its own pool to the same file.
async fn two_throttles() -> (TestApp, TestApp, LoginThrottle, LoginThrottle) {
    let a = TestApp::empty().await;
    let b = a.another_instance().await;
    (
        a,
        b,
        LoginThrottle::new(small_limits()),
        LoginThrottle::new(small_limits()),
    )
}

#[tokio::test]
async fn attempts_count_on_every_instance_before_the_password_is_checked() {
    let (a, b, ta, tb) = two_throttles().await;
    // Three attempts begun on two instances, none finished: the fourth is refused on either.
    for (throttle, app) in [(&ta, &a), (&tb, &b), (&ta, &a)] {
        throttle
            .begin(&app.pool, "a@x.de", "1.1.1.1", start())
            .await
            .unwrap()
            .expect("below the limit");
    }
    let refused = tb
        .begin(&b.pool, "A@X.DE", "1.1.1.1", after(1))
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(refused, 14 * MINUTE, "the same account however it is spelt");
    assert!(
        ta.begin(&a.pool, "a@x.de", "2.2.2.2", after(1))
            .await
            .unwrap()
            .is_ok(),
        "the owner elsewhere is not locked out"
    );
    assert!(tb
        .begin(&b.pool, "a@x.de", "1.1.1.1", after(15))
        .await
        .unwrap()
        .is_ok());
}

#[tokio::test]
async fn a_network_locks_after_attempts_across_accounts() {
    let (a, b, ta, tb) = two_throttles().await;
    for i in 0..5 {
        let (throttle, app) = if i % 2 == 0 { (&ta, &a) } else { (&tb, &b) };
        throttle
            .begin(&app.pool, &format!("u{i}@x.de"), "9.9.9.9", start())
            .await
            .unwrap()
            .unwrap();
    }
    assert!(ta
        .begin(&a.pool, "neu@x.de", "9.9.9.9", start())
        .await
        .unwrap()
        .is_err());
    assert!(tb
        .begin(&b.pool, "neu@x.de", "8.8.8.8", start())
        .await
        .unwrap()
        .is_ok());
}

#[tokio::test]
async fn guessing_from_many_networks_is_bounded_but_spares_known_networks() {
    let (a, b, ta, tb) = two_throttles().await;
    let home = ta
        .begin(&a.pool, "admin@x.de", "7.7.7.7", start())
        .await
        .unwrap()
        .unwrap();
    ta.succeeded(&a.pool, home).await.unwrap();
    let mut passed = 0;
    for i in 0..20 {
        let (throttle, app) = if i % 2 == 0 { (&ta, &a) } else { (&tb, &b) };
        if throttle
            .begin(&app.pool, "admin@x.de", &format!("10.0.0.{i}"), after(1))
            .await
            .unwrap()
            .is_ok()
        {
            passed += 1;
        }
    }
    assert_eq!(passed, 8, "the daily limit for new networks");
    assert!(tb
        .begin(&b.pool, "admin@x.de", "10.0.1.1", after(2))
        .await
        .unwrap()
        .is_err());
    assert!(
        tb.begin(&b.pool, "admin@x.de", "7.7.7.7", after(2))
            .await
            .unwrap()
            .is_ok(),
        "where the admin signed in before, they still can – on the other instance too"
    );
}

#[tokio::test]
async fn success_takes_its_attempt_back_and_forgives_the_network() {
    let (a, b, ta, tb) = two_throttles().await;
    for _ in 0..2 {
        ta.begin(&a.pool, "a@x.de", "1.1.1.1", start())
            .await
            .unwrap()
            .unwrap();
    }
    let ok = tb
        .begin(&b.pool, "a@x.de", "1.1.1.1", after(1))
        .await
        .unwrap()
        .unwrap();
    tb.succeeded(&b.pool, ok).await.unwrap();
    for _ in 0..3 {
        assert!(ta
            .begin(&a.pool, "a@x.de", "1.1.1.1", after(2))
            .await
            .unwrap()
            .is_ok());
    }
    // The network saw 2 failed + 3 new attempts = 5 counted: locked for everyone.
    assert!(tb
        .begin(&b.pool, "c@x.de", "1.1.1.1", after(2))
        .await
        .unwrap()
        .is_err());
}

#[tokio::test]
async fn old_attempts_and_known_networks_leave_the_database() {
    let (a, _b, ta, _tb) = two_throttles().await;
    let ok = ta
        .begin(&a.pool, "a@x.de", "1.1.1.1", start())
        .await
        .unwrap()
        .unwrap();
    ta.succeeded(&a.pool, ok).await.unwrap();
    ta.begin(&a.pool, "b@x.de", "1.1.1.1", start())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.count("sign_in_attempt").await, 1);
    assert_eq!(a.count("sign_in_network").await, 1);
    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT account, network FROM sign_in_attempt")
            .fetch_all(&a.pool)
            .await
            .unwrap();
    assert!(
        stored
            .iter()
            .all(|(account, network)| !account.contains('@') && !network.contains("1.1")),
        "digests only: {stored:?}"
    );
    ta.begin(&a.pool, "x@x.de", "0.0.0.0", after(31 * 24 * 60))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.count("sign_in_attempt").await, 1, "only the new attempt");
    assert_eq!(a.count("sign_in_network").await, 0);
}

#[tokio::test]
async fn sign_in_failures_through_one_instance_lock_the_other_too() {
    let a = TestApp::with_example().await;
    let b = a.another_instance().await;
    let (email, password) = a.account(Role::Member, "Mitglied").await;
    for attempt in 0..5 {
        let app = if attempt % 2 == 0 { &a } else { &b };
        let answer = app
            .post_as(
                "/api/anmelden",
                &[("email", &email), ("password", "falsch-falsch-falsch")],
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "attempt {attempt}");
    }
    for app in [&a, &b] {
        let locked = app
            .post_as(
                "/api/anmelden",
                &[("email", &email), ("password", &password)],
                None,
            )
            .await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test]
async fn a_session_begun_on_one_instance_is_signed_in_on_the_other() {
    let a = TestApp::with_example().await;
    let b = a.another_instance().await;
    let member = a.signed_in(Role::Member, "Ada").await;
    let account = b.get_as("/api/konto", Some(&member)).await;
    assert_eq!(account.status, StatusCode::OK, "{}", account.body);
    assert!(
        account.body.contains("Ada"),
        "signed in on the other instance: {}",
        account.body
    );
    let signed_out = b.get_as("/api/konto", None).await;
    assert!(!signed_out.body.contains("Ada"), "{}", signed_out.body);
}

#[tokio::test]
async fn a_save_through_one_instance_shows_on_the_other_at_its_next_request() {
    let a = TestApp::with_example().await;
    let b = a.another_instance().await;
    let page = format!("{PLAN}/pakete/2");
    // The other instance has the page in its cache, twice to be sure.
    for _ in 0..2 {
        let (status, body) = b.get(&page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!body.contains("Neu über Instanz A"));
    }
    let hits = b.page_cache.stats().hits;
    assert!(hits >= 1, "the second read came from the cache");
    let member = a.signed_in(Role::Member, "Ada").await;
    let id = milestone_id(&a, "2.3").await;
    let saved = a
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&milestone_form(
                id,
                version(&a, id).await,
                "Neu über Instanz A",
            )),
            Some(&member),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    // No wait: the very next request to the other instance.
    let (status, body) = b.get(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("Neu über Instanz A"),
        "instance B is not stale"
    );
}

#[tokio::test]
async fn concurrent_saves_of_one_milestone_through_both_instances_leave_one_winner() {
    let a = TestApp::with_example().await;
    let b = a.another_instance().await;
    let ada = a.signed_in(Role::Member, "Ada").await;
    let bea = a.signed_in(Role::Member, "Bea").await;
    let id = milestone_id(&a, "2.3").await;
    let loaded = version(&a, id).await;
    let history_before = a.count("history_entry").await;
    for round in 0..5 {
        let loaded = loaded + round;
        let form_a = milestone_form(id, loaded, &format!("Ada, Runde {round}"));
        let form_b = milestone_form(id, loaded, &format!("Bea, Runde {round}"));
        let (fields_a, fields_b) = (pairs(&form_a), pairs(&form_b));
        let (first, second) = tokio::join!(
            a.post_as(
                "/api/bearbeiten/meilenstein-speichern",
                &fields_a,
                Some(&ada)
            ),
            b.post_as(
                "/api/bearbeiten/meilenstein-speichern",
                &fields_b,
                Some(&bea)
            ),
        );
        let statuses = [first.status, second.status];
        assert!(
            statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT),
            "round {round}: exactly one wins: {statuses:?} {} {}",
            first.body,
            second.body
        );
        let loser = if first.status == StatusCode::CONFLICT {
            &first
        } else {
            &second
        };
        let AppError::Conflict(conflict) = loser.error() else {
            panic!("the conflict view: {}", loser.body)
        };
        assert_eq!(conflict.current_version, loaded + 1);
        assert_eq!(
            version(&b, id).await,
            loaded + 1,
            "one save, one new version"
        );
    }
    assert!(a.count("history_entry").await > history_before);
    // The chain still holds after the races.
    let report = umsetzungsmonitor::history::chain::verify(&a.pool)
        .await
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
}
