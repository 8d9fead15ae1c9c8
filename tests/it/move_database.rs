//! `umsetzungsmonitor migrate-database` (issue 22): everything moves to another database
//! and back, the history with its order and chain, and the copy is checked before it
//! counts. On the suite's PostgreSQL run the way is SQLite → PostgreSQL → SQLite; on its
//! SQLite run SQLite → SQLite → SQLite.

use axum::http::StatusCode;

use crate::common::endpoints::save_title;
use crate::common::{drop_history_trigger, empty_database, sqlite_database, TestApp, PLAN};
use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::runtime::db::{Backend, Pool};
use umsetzungsmonitor::server::move_database::{copy, COPIED, LEFT_BEHIND};

/// What the public and a verifier see of the plan: the record, the whole history with
/// its chain, and the changes page.
async fn published(app: &TestApp) -> Vec<String> {
    let mut seen = Vec::new();
    for path in [
        format!("{PLAN}/api/v1/plan.json"),
        format!("{PLAN}/api/v1/historie.json?je_seite=1000"),
        format!("{PLAN}/aenderungen"),
    ] {
        let (status, body) = app.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        seen.push(body);
    }
    seen
}

/// A record with edits by a member, a status update and accounts in it.
async fn worked_on() -> TestApp {
    let app = TestApp::with_example().await;
    let ada = app.signed_in(Role::Member, "Ada").await;
    for title in ["Erste Fassung", "Zweite Fassung"] {
        save_title(&app, &ada, "1.4", title).await;
    }
    app
}

/// A page without the moment it was made and its script nonce.
fn timeless(page: &str) -> Vec<char> {
    let mut parts = page.split("nonce=\"");
    let mut page = parts.next().unwrap_or_default().to_owned();
    for part in parts {
        page.push_str(part.split_once('"').map_or(part, |(_, rest)| rest));
    }
    page.lines()
        .filter(|line| !line.trim_start().starts_with("\"generated_at\""))
        .flat_map(|line| line.chars().chain(['\n']))
        .collect()
}

/// The same pages but for the moment they were made; a difference is shown where it is.
fn same(seen: &[String], expected: &[String], when: &str) {
    for (page, (a, b)) in seen.iter().zip(expected).enumerate() {
        let (a, b) = (timeless(a), timeless(b));
        if let Some(at) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
            let around = |s: &[char]| -> String {
                s[at.saturating_sub(120).min(s.len())..(at + 80).min(s.len())]
                    .iter()
                    .collect()
            };
            panic!(
                "{when}, page {page}: …{}… instead of …{}…",
                around(&a),
                around(&b)
            );
        }
    }
}

async fn counts(pool: &Pool) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    for table in COPIED.iter().map(|(t, _)| *t).chain(LEFT_BEHIND) {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(pool)
            .await
            .unwrap();
        counts.push((table.to_owned(), n));
    }
    counts
}

#[tokio::test]
async fn a_record_moves_to_another_database_and_back_unchanged() {
    let original = worked_on().await;
    let before = published(&original).await;
    let (middle_pool, middle_dir) = empty_database().await;
    let moved = copy(&original.pool, &middle_pool)
        .await
        .expect("first move");
    assert!(moved.entries > 0 && moved.chains >= 2, "{moved}");
    let (back_pool, back_dir) = sqlite_database().await;
    copy(&middle_pool, &back_pool).await.expect("move back");

    let source_counts = counts(&original.pool).await;
    assert!(source_counts.iter().any(|(t, n)| t == "session" && *n > 0));
    for pool in [&middle_pool, &back_pool] {
        let copied = counts(pool).await;
        for ((table, expected), (_, n)) in source_counts.iter().zip(&copied) {
            if table == "history_chain_start" {
                assert_eq!(*n, 1, "the target's own");
            } else if LEFT_BEHIND.contains(&table.as_str()) {
                assert_eq!(*n, 0, "{table} is left behind");
            } else {
                assert_eq!(n, expected, "{table}");
            }
        }
    }
    let middle = TestApp::on(middle_pool, middle_dir, None);
    let back = TestApp::on(back_pool, back_dir, None);
    same(&published(&middle).await, &before, "after the move");
    same(&published(&back).await, &before, "after the move back");

    // Both go on where the source stopped: new rows get new ids, the chain continues.
    for app in [&middle, &back] {
        let bea = app.signed_in(Role::Member, "Bea").await;
        save_title(app, &bea, "1.4", "Nach dem Umzug").await;
        let findings = umsetzungsmonitor::history::chain::verify(&app.pool)
            .await
            .unwrap();
        assert!(findings.is_intact(), "{:?}", findings.breaks);
    }
}

#[tokio::test]
async fn a_database_that_is_not_empty_is_refused_and_left_as_it_was() {
    let source = worked_on().await;
    let target = TestApp::with_example().await;
    let before = counts(&target.pool).await;
    let refused = copy(&source.pool, &target.pool).await.unwrap_err();
    assert!(format!("{refused:#}").contains("nicht leer"), "{refused:#}");
    assert_eq!(counts(&target.pool).await, before);
}

#[tokio::test]
async fn a_broken_source_is_not_copied() {
    let source = worked_on().await;
    // Rewritten past the app, as in the chain's own tests: the trigger dropped first.
    drop_history_trigger(&source.pool, "history_entry_is_append_only_update").await;
    sqlx::query(
        "UPDATE history_entry SET new_value = 'umgeschrieben' \
         WHERE id = (SELECT max(id) FROM history_entry WHERE new_value IS NOT NULL)",
    )
    .execute(&source.pool)
    .await
    .unwrap();
    let (target, _dir) = empty_database().await;
    let refused = copy(&source.pool, &target).await.unwrap_err();
    assert!(format!("{refused:#}").contains("gebrochen"), "{refused:#}");
    let plans: i64 = sqlx::query_scalar("SELECT count(*) FROM plan")
        .fetch_one(&target)
        .await
        .unwrap();
    assert_eq!(plans, 0);
}

#[tokio::test]
async fn every_table_of_the_schema_is_copied_or_left_behind() {
    let (pool, _dir) = empty_database().await;
    let sql = match Backend::of_pool(&pool) {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT IN ('_sqlx_migrations', 'sqlite_sequence') ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations' \
             ORDER BY table_name"
        }
    };
    let tables: Vec<String> = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
    let mut known: Vec<String> = COPIED
        .iter()
        .map(|(t, _)| *t)
        .chain(LEFT_BEHIND)
        .map(str::to_owned)
        .collect();
    known.sort();
    assert_eq!(tables, known);
}
