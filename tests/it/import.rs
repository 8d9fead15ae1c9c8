//! Database set-up and catalogue import against a real database.

use crate::common;

use common::{empty_database, today, TestApp};
use umsetzungsmonitor::catalogue::{self, ImportError};
use umsetzungsmonitor::plan::repo::Change;
use umsetzungsmonitor::runtime::db::Backend;

#[tokio::test]
async fn database_is_migrated_with_durable_settings() {
    let (pool, _dir) = empty_database().await;
    let mut conn = pool.acquire().await.unwrap();
    let tables = match Backend::of_pool(&pool) {
        Backend::Sqlite => {
            let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            assert_eq!(journal, "wal");
            assert_eq!(synchronous, 2, "synchronous=FULL");
            assert_eq!(foreign_keys, 1);
            assert!(busy >= 1000, "busy timeout set, got {busy}");
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1"
        }
        Backend::Postgres => {
            // A commit returns once its WAL is on disk: the server's default, which the app
            // relies on and does not weaken for its sessions.
            let synchronous: String = sqlx::query_scalar("SHOW synchronous_commit")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            assert_eq!(synchronous, "on");
            "SELECT count(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = $1"
        }
    };
    for table in ["plan", "measure_package", "milestone"] {
        let exists: i64 = sqlx::query_scalar(tables)
            .bind(table)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(exists, 1, "table {table}");
    }
}

#[tokio::test]
async fn reopening_an_existing_database_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keep.sqlite");
    let url = path.to_str().unwrap();
    {
        let pool = umsetzungsmonitor::runtime::db::connect(url).await.unwrap();
        catalogue::load_example_if_empty(
            &pool,
            &umsetzungsmonitor::runtime::clock::Clock::fixed(today()),
        )
        .await
        .unwrap();
        pool.close().await;
    }
    let pool = umsetzungsmonitor::runtime::db::connect(&format!("sqlite://{url}"))
        .await
        .unwrap();
    let again = catalogue::load_example_if_empty(
        &pool,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(today()),
    )
    .await
    .unwrap();
    assert!(
        again.is_none(),
        "a database with a plan is not filled again"
    );
    let milestones: i64 = sqlx::query_scalar("SELECT count(*) FROM milestone")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(milestones, 43);
}

#[tokio::test]
async fn example_catalogue_loads_once_into_an_empty_database() {
    let app = TestApp::empty().await;
    let report = catalogue::load_example_if_empty(
        &app.pool,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(today()),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(report.plan, Change::Created);
    assert_eq!(report.packages.created, 13);
    assert_eq!(report.milestones.created, 43);
    assert_eq!(app.count("plan").await, 1);
    assert_eq!(app.count("measure_package").await, 13);
    assert_eq!(app.count("milestone").await, 43);
    let example: umsetzungsmonitor::runtime::db::Flag =
        sqlx::query_scalar("SELECT is_example FROM plan")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(example.0);
    assert!(catalogue::load_example_if_empty(
        &app.pool,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(today())
    )
    .await
    .unwrap()
    .is_none());
}

#[tokio::test]
async fn re_importing_the_same_file_changes_nothing() {
    let app = TestApp::with_example().await;
    let versions_before: Vec<i64> = sqlx::query_scalar("SELECT version FROM milestone ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let report = catalogue::import_text(
        &app.pool,
        "beispiel",
        catalogue::EXAMPLE_CATALOGUE,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(today()),
    )
    .await
    .unwrap();
    assert_eq!(report.plan, Change::Unchanged);
    assert_eq!(
        (
            report.packages.created,
            report.packages.updated,
            report.packages.unchanged
        ),
        (0, 0, 13)
    );
    assert_eq!(
        (
            report.milestones.created,
            report.milestones.updated,
            report.milestones.unchanged
        ),
        (0, 0, 43)
    );
    assert_eq!(app.count("measure_package").await, 13);
    assert_eq!(app.count("milestone").await, 43);
    let versions_after: Vec<i64> = sqlx::query_scalar("SELECT version FROM milestone ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(versions_before, versions_after);
}

#[tokio::test]
async fn re_importing_a_changed_file_updates_in_place_and_bumps_the_version() {
    let app = TestApp::with_example().await;
    let changed = catalogue::EXAMPLE_CATALOGUE
        .replace("titel = \"Weisungen öffentlich zugänglich gemacht\"", "titel = \"Weisungen im Internet veröffentlicht\"")
        .replace("# ---------------------------------------------------------------------------\n[[paket]]\nnummer = 13", "[[paket.meilenstein]]\nkennung = \"12.6\"\ntitel = \"Neuer Meilenstein\"\nsoll = 2026-12-31\n\n[[paket]]\nnummer = 13");
    let report = catalogue::import_text(
        &app.pool,
        "geaendert.toml",
        &changed,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(today()),
    )
    .await
    .unwrap();
    assert_eq!(report.milestones.updated, 1);
    assert_eq!(report.milestones.created, 1);
    assert_eq!(report.milestones.unchanged, 42);
    assert_eq!(app.count("milestone").await, 44);
    let (title, version): (String, i64) =
        sqlx::query_as("SELECT title, version FROM milestone WHERE import_key = '2.3'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(title, "Weisungen im Internet veröffentlicht");
    assert_eq!(version, 2);
}

#[tokio::test]
async fn an_invalid_file_writes_nothing_and_names_the_problem() {
    let app = TestApp::empty().await;
    let broken =
        catalogue::EXAMPLE_CATALOGUE.replace("status = \"entfallen\"", "status = \"abgesagt\"");
    let err = catalogue::import_text(
        &app.pool,
        "kaputt.toml",
        &broken,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(today()),
    )
    .await
    .unwrap_err();
    let ImportError::Invalid(err) = err else {
        panic!("expected a validation error, got {err:?}");
    };
    let line = broken.lines().position(|l| l.contains("abgesagt")).unwrap() + 1;
    let text = err.to_string();
    assert!(
        text.contains(&format!("kaputt.toml, Zeile {line}")),
        "{text}"
    );
    assert!(
        text.contains("Paket 7, Meilenstein 7.3, Feld „status“"),
        "{text}"
    );
    assert_eq!(app.count("plan").await, 0);
    assert_eq!(app.count("milestone").await, 0);
}

#[tokio::test]
async fn a_failure_halfway_through_rolls_back_the_whole_import() {
    let app = TestApp::empty().await;
    // Make the database refuse the very last milestone of the file.
    let refuse_last: &[&str] = match Backend::of_pool(&app.pool) {
        Backend::Sqlite => &["CREATE TRIGGER refuse_last BEFORE INSERT ON milestone \
             WHEN NEW.import_key = '13.3' \
             BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"],
        Backend::Postgres => &[
            "CREATE FUNCTION refuse_last() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'refused for the test'; END $$",
            "CREATE TRIGGER refuse_last BEFORE INSERT ON milestone FOR EACH ROW \
             WHEN (NEW.import_key = '13.3') EXECUTE FUNCTION refuse_last()",
        ],
    };
    for sql in refuse_last {
        sqlx::query(sql).execute(&app.pool).await.unwrap();
    }
    let err = catalogue::load_example_if_empty(
        &app.pool,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(today()),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ImportError::Database(_)), "{err:?}");
    assert_eq!(app.count("plan").await, 0, "no plan half-imported");
    assert_eq!(app.count("measure_package").await, 0);
    assert_eq!(app.count("milestone").await, 0);
}

#[tokio::test]
async fn the_schema_refuses_inconsistent_rows_even_past_the_app() {
    let app = TestApp::with_example().await;
    let done_without_date = sqlx::query(
        "UPDATE milestone SET status = 'erledigt', completed_on = NULL WHERE import_key = '13.3'",
    )
    .execute(&app.pool)
    .await;
    assert!(done_without_date.is_err());
    let bad_date =
        sqlx::query("UPDATE milestone SET demanded_on = '31.12.2021' WHERE import_key = '13.3'")
            .execute(&app.pool)
            .await;
    assert!(bad_date.is_err(), "dates are stored as ISO only");
    let orphan = sqlx::query("INSERT INTO milestone (package_id, title) VALUES (9999, 'x')")
        .execute(&app.pool)
        .await;
    assert!(orphan.is_err(), "foreign keys are enforced");
}
