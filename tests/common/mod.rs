//! Test harness: the real router on a fresh SQLite file in a temporary directory.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use sqlx::SqlitePool;
use tempfile::TempDir;
use tower::ServiceExt;

use umsetzungsmonitor::server::clock::Clock;
use umsetzungsmonitor::server::db;
use umsetzungsmonitor::server::routes::router;
use umsetzungsmonitor::server::state::AppState;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

pub struct TestApp {
    pub pool: SqlitePool,
    pub router: Router,
    pub dir: TempDir,
}

/// An empty, migrated database.
pub async fn empty_database() -> (SqlitePool, TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.sqlite");
    let pool = db::connect(path.to_str().unwrap()).await.expect("database");
    (pool, dir)
}

impl TestApp {
    /// A database with the example catalogue, as on first start.
    pub async fn with_example() -> TestApp {
        let app = TestApp::empty().await;
        umsetzungsmonitor::catalogue::load_example_if_empty(&app.pool, today())
            .await
            .expect("example loads");
        app
    }

    pub async fn empty() -> TestApp {
        let (pool, dir) = empty_database().await;
        TestApp::on(pool, dir, None)
    }

    pub fn on(pool: SqlitePool, dir: TempDir, plan: Option<String>) -> TestApp {
        let leptos_options = LeptosOptions::builder()
            .output_name("umsetzungsmonitor")
            .site_root("target/site")
            .build();
        let state = AppState {
            leptos_options,
            pool: pool.clone(),
            clock: Clock::fixed(today()),
            login_throttle: Default::default(),
            secure_cookies: false,
            plan,
        };
        TestApp {
            router: router(state),
            pool,
            dir,
        }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let request = Request::builder().uri(path).body(Body::empty()).unwrap();
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("response");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (
            status,
            String::from_utf8(bytes.to_vec()).expect("utf-8 body"),
        )
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}

/// The `<main>` element of a page, where the page's own content lives.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page closes <main>");
    &html[start..end]
}
