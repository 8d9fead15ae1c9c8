//! Backups taken while the app writes, restored and compared; the lock that keeps a
//! restore from overwriting a running server's database; the admins' download.

use crate::common;

use axum::http::StatusCode;
use common::{Session, TestApp};
use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::runtime::db;
use umsetzungsmonitor::server::backup::{self, ServerLock};

async fn post_updates(app: &TestApp, session: &Session, writer: &str, n: usize) -> usize {
    let mut acknowledged = 0;
    for i in 0..n {
        let body = format!("Meldung {writer}-{i}");
        let answer = app
            .post_as(
                "/api/bearbeiten/meldung",
                &[
                    ("plan", "potsdam-ag-auslaenderbehoerde"),
                    ("package", "4"),
                    ("occurred_on", "20.11.2026"),
                    ("body", &body),
                    ("link", ""),
                ],
                Some(session),
            )
            .await;
        if answer.status == StatusCode::OK {
            acknowledged += 1;
        }
    }
    acknowledged
}

fn count(counts: &backup::Counts, table: &str) -> i64 {
    counts.0.iter().find(|(t, _)| *t == table).unwrap().1
}

#[tokio::test]
async fn a_backup_under_write_load_is_consistent_and_restores() {
    let app = TestApp::with_example_on_sqlite().await;
    let ada = app.signed_in(Role::Member, "Ada").await;
    let bea = app.signed_in(Role::Member, "Bea").await;
    let before = app.count("status_update").await;
    let target = app.dir.path().join("sicherung.sqlite");

    let (a, b, counts) = tokio::join!(
        post_updates(&app, &ada, "a", 40),
        post_updates(&app, &bea, "b", 40),
        async {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            backup::backup(&app.pool, &target).await.expect("backup")
        }
    );
    assert_eq!(a + b, 80, "every write acknowledged");
    let after = app.count("status_update").await;
    assert_eq!(after, before + 80);
    let in_backup = count(&counts, "status_update");
    assert!(
        (before..=after).contains(&in_backup),
        "{before} ≤ {in_backup} ≤ {after}"
    );
    // One snapshot: no status update without its history, no history without its update.
    let copy = db::connect(target.to_str().unwrap()).await.unwrap();
    let orphans: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM status_update s WHERE NOT EXISTS \
           (SELECT 1 FROM history_entry h WHERE h.entity = 'status_update' AND h.entity_id = s.id)) \
         + (SELECT count(*) FROM history_entry h WHERE h.entity = 'status_update' AND NOT EXISTS \
           (SELECT 1 FROM status_update s WHERE s.id = h.entity_id))",
    )
    .fetch_one(&copy)
    .await
    .unwrap();
    assert_eq!(orphans, 0);
    // No live sessions in a backup: whoever holds the file cannot act as Ada or Bea.
    assert!(app.count("session").await >= 2);
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM session")
        .fetch_one(&copy)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
    copy.close().await;
    let bytes = std::fs::read(&target).unwrap();
    let cookie_id = ada.cookie.split_once('=').unwrap().1;
    assert!(
        !bytes
            .windows(cookie_id.len())
            .any(|w| w == cookie_id.as_bytes()),
        "not even deleted pages keep a session"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
    }

    // Restore into a new place: the same counts.
    let restored_path = app.dir.path().join("wiederhergestellt.sqlite");
    let restored_counts = backup::restore(&restored_path, &target, false)
        .await
        .unwrap()
        .counts;
    assert_eq!(restored_counts, counts);
    let restored = db::connect(restored_path.to_str().unwrap()).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM status_update")
        .fetch_one(&restored)
        .await
        .unwrap();
    assert_eq!(n, in_backup);
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&restored)
        .await
        .unwrap();
    assert_eq!(check, "ok");
}

#[tokio::test]
async fn a_restore_does_not_overwrite_a_running_servers_database_without_force() {
    let app = TestApp::with_example_on_sqlite().await;
    let target = app.dir.path().join("sicherung.sqlite");
    backup::backup(&app.pool, &target).await.unwrap();
    let live = app.dir.path().join("live.sqlite");
    let pool = db::connect(live.to_str().unwrap()).await.unwrap();
    sqlx::query("INSERT INTO plan (slug, title, owner) VALUES ('anders', 'Anderer Plan', 'X')")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let lock = ServerLock::share(&live).unwrap();
    let second_instance = ServerLock::share(&live).unwrap();
    assert!(
        ServerLock::acquire(&live).is_err(),
        "no restore while servers run"
    );
    drop(second_instance);
    let refused = backup::restore(&live, &target, false).await.unwrap_err();
    assert!(format!("{refused:#}").contains("--force"), "{refused:#}");
    let still: i64 = {
        let pool = db::connect(live.to_str().unwrap()).await.unwrap();
        sqlx::query_scalar("SELECT count(*) FROM plan WHERE slug = 'anders'")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    assert_eq!(still, 1, "nothing overwritten");
    backup::restore(&live, &target, true).await.unwrap();
    drop(lock);
    let pool = db::connect(live.to_str().unwrap()).await.unwrap();
    let gone: i64 = sqlx::query_scalar("SELECT count(*) FROM plan WHERE slug = 'anders'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(gone, 0, "the backup's content");
    // The replaced database was kept beside it.
    let kept = std::fs::read_dir(app.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .contains(".vor-wiederherstellung-")
        });
    assert!(kept);
}

#[tokio::test]
async fn broken_or_foreign_files_are_not_restored() {
    let app = TestApp::with_example_on_sqlite().await;
    let junk = app.dir.path().join("kaputt.sqlite");
    std::fs::write(&junk, b"keine Datenbank").unwrap();
    let target = app.dir.path().join("ziel.sqlite");
    let err = backup::restore(&target, &junk, false).await.unwrap_err();
    assert!(format!("{err:#}").contains("kaputt.sqlite"), "{err:#}");
    assert!(!target.exists());
    let missing = backup::restore(&target, &app.dir.path().join("fehlt.sqlite"), false)
        .await
        .unwrap_err();
    assert!(format!("{missing:#}").contains("gibt es nicht"));
    // A backup never overwrites an existing file.
    assert!(backup::backup(&app.pool, &junk).await.is_err());
    assert_eq!(std::fs::read(&junk).unwrap(), b"keine Datenbank");
}

#[tokio::test]
async fn admins_download_a_backup_others_do_not() {
    let app = TestApp::with_example_on_sqlite().await;
    let (status, _, _) = app.download("/verwaltung/sicherung", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let member = app.signed_in(Role::Member, "Mia").await;
    let (status, _, _) = app.download("/verwaltung/sicherung", Some(&member)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let verwaltung = app.signed_in(Role::Administration, "Vera").await;
    let (status, _, _) = app
        .download("/verwaltung/sicherung", Some(&verwaltung))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = app.signed_in(Role::Admin, "Ali").await;
    let (status, headers, bytes) = app.download("/verwaltung/sicherung", Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    assert_eq!(headers["cache-control"], "private, no-store");
    let file = app.dir.path().join("download.sqlite");
    std::fs::write(&file, &bytes).unwrap();
    let counts = backup::verify(&file).await.unwrap();
    assert_eq!(count(&counts, "measure_package"), 13);
    assert_eq!(count(&counts, "account"), 3);
    let copy = db::connect(file.to_str().unwrap()).await.unwrap();
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM session")
        .fetch_one(&copy)
        .await
        .unwrap();
    assert_eq!(
        sessions, 0,
        "the admin's own session is not in the download"
    );
    copy.close().await;
    // Nothing left behind, and nothing written to the shared temporary directory.
    let leftovers: Vec<String> = std::fs::read_dir(app.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".download-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// On PostgreSQL the app's backup is refused with the way that works there, and the
/// download is not offered; on SQLite both are there.
#[tokio::test]
async fn the_backup_is_the_files_and_postgresql_is_pointed_to_pg_dump() {
    let app = TestApp::with_example().await;
    let target = app.dir.path().join("sicherung.sqlite");
    let made = backup::backup(&app.pool, &target).await;
    let admin = app.signed_in(Role::Admin, "Ali").await;
    let (status, _, _) = app.download("/verwaltung/sicherung", Some(&admin)).await;
    let page = app.get_as("/verwaltung", Some(&admin)).await.body;
    if common::on_postgres() {
        let refused = made.unwrap_err().to_string();
        assert!(refused.contains("pg_dump"), "{refused}");
        assert!(!target.exists());
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(page.contains("<code>pg_dump</code>"), "{page}");
        assert!(
            !page.contains("/verwaltung/sicherung"),
            "no download offered"
        );
    } else {
        made.unwrap();
        assert!(backup::verify(&target).await.is_ok());
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("href=\"/verwaltung/sicherung\""), "{page}");
        assert!(!page.contains("pg_dump"));
    }
}

#[tokio::test]
async fn a_restore_ends_every_session_and_says_so() {
    let app = TestApp::with_example_on_sqlite().await;
    let admin = app.signed_in(Role::Admin, "Ali").await;
    // A backup as earlier versions made it: with the sessions table filled.
    let old_backup = app.dir.path().join("alt.sqlite");
    sqlx::query("VACUUM INTO ?")
        .bind(old_backup.to_str().unwrap())
        .execute(&app.pool)
        .await
        .unwrap();
    let live = app.dir.path().join("live.sqlite");
    let restored = backup::restore(&live, &old_backup, false).await.unwrap();
    assert!(restored.sessions_ended >= 1, "{restored:?}");
    let pool = db::connect(live.to_str().unwrap()).await.unwrap();
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM session")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
    // The app on the restored file does not know the admin's session.
    let restored_app = TestApp::on(pool, tempfile::tempdir().unwrap(), None);
    let page = restored_app.get_as("/api/konto", Some(&admin)).await;
    assert_eq!(page.body, "null", "{}", page.body);
}
