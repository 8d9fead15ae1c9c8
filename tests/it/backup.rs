//! Backups taken while the app writes, restored and compared; the lock that keeps a
//! restore from overwriting a running server's database; the admins' download.

use crate::common;

use axum::http::StatusCode;
use common::{Session, TestApp};
use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::server::backup::{self, ServerLock};
use umsetzungsmonitor::server::db;

async fn post_updates(app: &TestApp, session: &Session, writer: &str, n: usize) -> usize {
    let mut acknowledged = 0;
    for i in 0..n {
        let body = format!("Meldung {writer}-{i}");
        let answer = app
            .post_as(
                "/api/bearbeiten/meldung",
                &[
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
    let app = TestApp::with_example().await;
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
    copy.close().await;

    // Restore into a new place: the same counts.
    let restored_path = app.dir.path().join("wiederhergestellt.sqlite");
    let restored_counts = backup::restore(&restored_path, &target, false)
        .await
        .unwrap();
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
    let app = TestApp::with_example().await;
    let target = app.dir.path().join("sicherung.sqlite");
    backup::backup(&app.pool, &target).await.unwrap();
    let live = app.dir.path().join("live.sqlite");
    let pool = db::connect(live.to_str().unwrap()).await.unwrap();
    sqlx::query("INSERT INTO plan (slug, title, owner) VALUES ('anders', 'Anderer Plan', 'X')")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let lock = ServerLock::acquire(&live).unwrap();
    assert!(
        ServerLock::acquire(&live).is_err(),
        "one server per database"
    );
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
    let app = TestApp::with_example().await;
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
    let app = TestApp::with_example().await;
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
}
