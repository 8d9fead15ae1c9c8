//! Test harness: the real router on a fresh SQLite file in a temporary directory.
#![allow(dead_code)]

pub mod endpoints;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use tempfile::TempDir;
use tower::ServiceExt;
use umsetzungsmonitor::runtime::db::Pool;

use umsetzungsmonitor::accounts::{backend, service};
use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::domain::edits::AccountProfile;
use umsetzungsmonitor::domain::text::{Email, Password, Title};
use umsetzungsmonitor::error::AppError;
use umsetzungsmonitor::history::repo::Actor;
use umsetzungsmonitor::runtime::clock::Clock;
use umsetzungsmonitor::runtime::db;
use umsetzungsmonitor::runtime::state::AppState;
use umsetzungsmonitor::server::page_cache::{PageCache, SharedPageCache, DEFAULT_BUDGET_BYTES};
use umsetzungsmonitor::server::routes::router;

/// The example plan's address prefix.
pub const PLAN: &str = "/potsdam-ag-auslaenderbehoerde";
/// The example plan's slug, as forms send it.
pub const SLUG: &str = "potsdam-ag-auslaenderbehoerde";

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

pub struct TestApp {
    pub pool: Pool,
    pub router: Router,
    pub dir: TempDir,
    pub page_cache: SharedPageCache,
}

/// An empty, migrated database: a SQLite file in a temporary directory, or, when
/// `TEST_DATABASE_URL` names a PostgreSQL server (`postgres://…/postgres`, as
/// `scripts/test.sh` sets it for the suite's second run), a fresh database of its own on
/// that server. (The server is a throwaway cluster: the databases are not dropped.)
pub async fn empty_database() -> (Pool, TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = match std::env::var("TEST_DATABASE_URL") {
        Ok(server) if db::Backend::of_url(&server) == db::Backend::Postgres => {
            fresh_postgres_database(&server).await
        }
        _ => return sqlite_database().await,
    };
    let pool = db::connect(&url).await.expect("database");
    (pool, dir)
}

/// An empty, migrated SQLite file, whichever database the suite runs on.
pub async fn sqlite_database() -> (Pool, TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.sqlite");
    let pool = db::connect(path.to_str().unwrap()).await.expect("database");
    (pool, dir)
}

/// Whether this run of the suite is on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("TEST_DATABASE_URL")
        .is_ok_and(|url| db::Backend::of_url(&url) == db::Backend::Postgres)
}

/// SQL for a stored day (`YYYY-MM-DD`, or NULL) as a form shows it, `DD.MM.YYYY`, on
/// either database.
pub fn german_day_sql(column: &str) -> String {
    format!(
        "substr({column}, 9, 2) || '.' || substr({column}, 6, 2) || '.' || substr({column}, 1, 4)"
    )
}

/// The database's own consistency check, "ok" when it finds nothing: SQLite's
/// `PRAGMA integrity_check`; on PostgreSQL `amcheck` over every B-tree index of the app's
/// tables (each index agrees with its table).
pub async fn integrity_check(pool: &Pool) -> String {
    match db::Backend::of_pool(pool) {
        db::Backend::Sqlite => sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(pool)
            .await
            .expect("integrity_check runs"),
        db::Backend::Postgres => {
            sqlx::query("CREATE EXTENSION IF NOT EXISTS amcheck")
                .execute(pool)
                .await
                .expect("amcheck (in Debian's postgresql package)");
            let checked = sqlx::query(
                "SELECT bt_index_check(c.oid, true)::text FROM pg_index i \
                 JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE a.amname = 'btree' AND n.nspname = current_schema()",
            )
            .fetch_all(pool)
            .await;
            match checked {
                Ok(indexes) if !indexes.is_empty() => "ok".to_owned(),
                Ok(_) => "no index checked".to_owned(),
                Err(err) => err.to_string(),
            }
        }
    }
}

/// Drops a trigger on `history_entry`, as someone with the database at hand could: the
/// way to tamper with the history past the app.
pub async fn drop_history_trigger(pool: &Pool, trigger: &str) {
    let sql = match db::Backend::of_pool(pool) {
        db::Backend::Sqlite => format!("DROP TRIGGER IF EXISTS {trigger}"),
        db::Backend::Postgres => format!("DROP TRIGGER IF EXISTS {trigger} ON history_entry"),
    };
    sqlx::query(&sql)
        .execute(pool)
        .await
        .expect("trigger dropped");
}

/// A new, empty database on the PostgreSQL server `server` names; its address.
async fn fresh_postgres_database(server: &str) -> String {
    use sqlx::{Connection, Executor};
    let name = format!("test_{:016x}", rand::random::<u64>());
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .expect("the test PostgreSQL server answers");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("a test database");
    admin.close().await.ok();
    let mut url = url::Url::parse(server).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&name);
    url.to_string()
}

impl TestApp {
    /// A database with the example catalogue, as on first start.
    pub async fn with_example() -> TestApp {
        TestApp::empty().await.example_loaded().await
    }

    /// A SQLite file with the example catalogue, whichever database the suite runs on:
    /// for what only a file has (the app's own backup and restore).
    pub async fn with_example_on_sqlite() -> TestApp {
        let (pool, dir) = sqlite_database().await;
        TestApp::on(pool, dir, None).example_loaded().await
    }

    async fn example_loaded(self) -> TestApp {
        let app = self;
        umsetzungsmonitor::catalogue::load_example_if_empty(
            &app.pool,
            &umsetzungsmonitor::runtime::clock::Clock::fixed(today()),
        )
        .await
        .expect("example loads");
        app
    }

    /// A second app instance on this one's database file: its own pool, page cache and
    /// state, as a second process behind the same proxy has. Keep `self` alive: it owns
    /// the file.
    pub async fn another_instance(&self) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        if on_postgres() {
            let pool = db::connect(&self.database_url()).await.expect("database");
            return TestApp::on(pool, dir, None);
        }
        // Through a link to the directory: the same file under another name, so that
        // nothing kept in this process per file name can make the two agree.
        let link = dir.path().join("dieselbe");
        std::os::unix::fs::symlink(self.dir.path(), &link).expect("symlink");
        let path = link.join("test.sqlite");
        let pool = db::connect(path.to_str().unwrap()).await.expect("database");
        TestApp::on(pool, dir, None)
    }

    /// The address of this app's database, as another process would open it.
    pub fn database_url(&self) -> String {
        self.pool.connect_options().database_url.to_string()
    }

    pub async fn empty() -> TestApp {
        let (pool, dir) = empty_database().await;
        TestApp::on(pool, dir, None)
    }

    pub fn on(pool: Pool, dir: TempDir, plan: Option<String>) -> TestApp {
        TestApp::on_day(pool, dir, plan, today())
    }

    /// The app as if `day` were today: its changes are recorded on that day.
    pub fn on_day(pool: Pool, dir: TempDir, plan: Option<String>, day: NaiveDate) -> TestApp {
        let leptos_options = LeptosOptions::builder()
            .output_name("umsetzungsmonitor")
            .site_root("target/site")
            .build();
        let page_cache = std::sync::Arc::new(PageCache::new(DEFAULT_BUDGET_BYTES));
        let state = AppState {
            leptos_options,
            pool: pool.clone(),
            clock: Clock::fixed(day),
            login_throttle: Default::default(),
            trusted_proxies: [
                umsetzungsmonitor::accounts::address::parse_proxy("127.0.0.1").unwrap(),
            ]
            .into(),
            secure_cookies: false,
            public_url: Some("https://monitor.example.org".to_owned()),
            operator: std::sync::Arc::new(umsetzungsmonitor::runtime::operator::Operator::example()),
            plan,
        };
        TestApp {
            router: router(state, page_cache.clone()),
            pool,
            dir,
            page_cache,
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

    /// A file download: status, headers and the raw bytes.
    pub async fn download(
        &self,
        path: &str,
        session: Option<&Session>,
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut request = Request::builder().uri(path);
        if let Some(session) = session {
            request = request.header(header::COOKIE, &session.cookie);
        }
        let response = self
            .router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (status, headers, bytes.to_vec())
    }

    /// Sends a request as a browser on this site would (same-origin fetch, JSON answer).
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get_as(&self, path: &str, session: Option<&Session>) -> Answer {
        let mut request = Request::builder()
            .uri(path)
            .header(header::ACCEPT, "application/json");
        if let Some(session) = session {
            request = request.header(header::COOKIE, &session.cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// POSTs a form to a server function as the app's own JavaScript would.
    pub async fn post_as(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        session: Option<&Session>,
    ) -> Answer {
        self.post_with(path, fields, session, &[("sec-fetch-site", "same-origin")])
            .await
    }

    pub async fn post_with(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        session: Option<&Session>,
        extra_headers: &[(&str, &str)],
    ) -> Answer {
        let body = form_urlencoded(fields);
        let mut request = Request::builder()
            .method("POST")
            .uri(path)
            .header(header::HOST, "monitor.test")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if !extra_headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("accept"))
        {
            request = request.header(header::ACCEPT, "application/json");
        }
        for (name, value) in extra_headers {
            request = request.header(*name, *value);
        }
        if let Some(session) = session {
            request = request.header(header::COOKIE, &session.cookie);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Posts `bytes` as the file field `datei` of a multipart form, as a browser does
    /// from a page of the app (same origin); `cookie` is the whole Cookie header.
    pub async fn upload_file(
        &self,
        path: &str,
        file: (&str, &str),
        bytes: &[u8],
        cookie: &str,
    ) -> Answer {
        let (file_name, content_type) = file;
        let boundary = "----umsetzungsmonitor-test";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"{file_name}\"\r\n\
             Content-Type: {content_type}\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method("POST")
            .uri(path)
            .header(header::HOST, "monitor.test")
            .header("sec-fetch-site", "same-origin")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Creates an account with this role; returns its e-mail address and password.
    /// An account with `role` in every plan of the database (a site administrator for
    /// `Role::Admin`).
    pub async fn account(&self, role: Role, name: &str) -> (String, String) {
        let plans: Vec<String> = sqlx::query_scalar("SELECT slug FROM plan ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .unwrap();
        let plans: Vec<&str> = plans.iter().map(String::as_str).collect();
        self.account_in(role, name, &plans).await
    }

    /// An account with `role` in the plans `plans` (slugs) only.
    pub async fn account_in(&self, role: Role, name: &str, plans: &[&str]) -> (String, String) {
        let mut plan_ids = Vec::new();
        for slug in plans {
            let id: i64 = sqlx::query_scalar("SELECT id FROM plan WHERE slug = $1")
                .bind(slug)
                .fetch_one(&self.pool)
                .await
                .unwrap();
            plan_ids.push(id);
        }
        let email = format!(
            "{}@{}.test",
            name.to_lowercase().replace(' ', "."),
            role.code()
        );
        let password = format!("{name}-Passwort-2026");
        let profile = AccountProfile {
            display_name: Title::parse(name).unwrap(),
            organisation: Title::parse(&format!("Organisation {name}")).unwrap(),
            role,
        };
        let hash = backend::hash_password(&Password::parse(&password).unwrap())
            .await
            .unwrap();
        service::create(
            &self.pool,
            &Actor::command_line(),
            &Email::parse(&email).unwrap(),
            &profile,
            &plan_ids,
            &hash,
        )
        .await
        .unwrap()
        .expect("new account");
        (email, password)
    }

    pub async fn login(&self, email: &str, password: &str) -> Session {
        let answer = self
            .post_as(
                "/api/anmelden",
                &[("email", email), ("password", password)],
                None,
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "login failed: {}",
            answer.body
        );
        Session {
            cookie: answer.session_cookie().expect("session cookie"),
        }
    }

    /// An account with this role, signed in.
    pub async fn signed_in(&self, role: Role, name: &str) -> Session {
        let (email, password) = self.account(role, name).await;
        self.login(&email, &password).await
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

#[derive(Clone)]
pub struct Session {
    /// `sitzung=…`, ready for a Cookie header.
    pub cookie: String,
}

#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    /// The server function's error, decoded as the browser would.
    pub fn error(&self) -> AppError {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not an AppError ({e}): {}", self.body))
    }

    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("sitzung="))
            .map(|v| v.split(';').next().unwrap().to_owned())
    }
}

pub fn form_urlencoded(fields: &[(&str, &str)]) -> String {
    fn encode(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}
