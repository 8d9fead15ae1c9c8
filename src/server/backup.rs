//! Backups while the app serves and writes (`VACUUM INTO`: one consistent snapshot),
//! restoring them, and the lock that tells whether a server uses a database file.
//!
//! A backup holds the record, the history and the accounts (with their password hashes),
//! but no sessions: whoever gets a backup cannot act as a signed-in member. It is written
//! readable by its owner only (mode 0600), and the admin's download is made beside the
//! database, never in a shared temporary directory, and removed on every path.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{bail, Context};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use crate::runtime::db::{Backend, Pool};

/// The tables whose row counts a backup reports.
pub const COUNTED: [&str; 6] = [
    "plan",
    "measure_package",
    "milestone",
    "status_update",
    "history_entry",
    "account",
];

/// Rows per table, in the order of `COUNTED`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts(pub Vec<(&'static str, i64)>);

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|(t, n)| format!("{t}: {n}")).collect();
        write!(f, "{}", parts.join(", "))
    }
}

/// The file behind a `DATABASE_URL` (`sqlite://x.sqlite`, `sqlite:x.sqlite?mode=rwc`, `x.sqlite`).
/// A PostgreSQL address names no file: its backups are `pg_dump`'s (README).
pub fn database_path(database_url: &str) -> anyhow::Result<PathBuf> {
    if Backend::of_url(database_url) == Backend::Postgres {
        bail!(
            "Die Datenbank ist PostgreSQL, keine Datei: sichern und wiederherstellen mit \
             pg_dump und pg_restore (README, „PostgreSQL“)"
        );
    }
    // As sqlx reads the address (percent-decoded, `sqlite:` and `sqlite://` alike).
    let options = crate::runtime::db::sqlite_options(database_url)?;
    let path = options.get_filename();
    let in_memory = path
        .to_str()
        .is_some_and(|p| p.starts_with("file:sqlx-in-memory"));
    if path.as_os_str().is_empty() || in_memory {
        bail!("DATABASE_URL „{database_url}“ nennt keine Datenbankdatei");
    }
    Ok(path.to_owned())
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A lock on `DATABASE.lock`: every running server holds it shared (several instances
/// may serve one database), a restore takes it alone and so sees whether any server
/// runs. The operating system releases it when the process ends, also after a crash.
#[derive(Debug)]
pub struct ServerLock {
    _file: File,
}

impl ServerLock {
    /// A server's share; fails only while a restore holds the database.
    pub fn share(database: &Path) -> anyhow::Result<ServerLock> {
        ServerLock::take(database, true)
    }

    /// The database alone: fails while any server (or another restore) holds it.
    pub fn acquire(database: &Path) -> anyhow::Result<ServerLock> {
        ServerLock::take(database, false)
    }

    fn take(database: &Path, shared: bool) -> anyhow::Result<ServerLock> {
        let file = ServerLock::open(database)?;
        let taken = if shared {
            file.try_lock_shared()
        } else {
            file.try_lock()
        };
        match taken {
            Ok(()) => Ok(ServerLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) if shared => bail!(
                "Die Datenbank {} wird gerade wiederhergestellt.",
                database.display()
            ),
            Err(std::fs::TryLockError::WouldBlock) => bail!(
                "Ein Server nutzt die Datenbank {} bereits.",
                database.display()
            ),
            Err(std::fs::TryLockError::Error(err)) => Err(err).context("Sperrdatei"),
        }
    }

    fn open(database: &Path) -> anyhow::Result<File> {
        let path = sibling(database, ".lock");
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("Sperrdatei {} lässt sich nicht öffnen", path.display()))
    }
}

/// A consistent copy of the live database in `target` (which must not exist yet),
/// taken while others keep reading and writing, without sessions. Returns the copy's row
/// counts.
pub async fn backup(pool: &Pool, target: &Path) -> anyhow::Result<Counts> {
    database_path(pool.connect_options().database_url.as_str())?;
    let name = target
        .to_str()
        .context("Der Pfad der Sicherung ist kein gültiges UTF-8")?;
    // Created empty and private first: VACUUM INTO fills an empty file and keeps its mode.
    private_new_file(target)?;
    let copied = async {
        sqlx::query("VACUUM INTO $1")
            .bind(name)
            .execute(pool)
            .await
            .with_context(|| format!("Sicherung nach {} fehlgeschlagen", target.display()))?;
        drop_sessions(target).await?;
        File::open(target)
            .and_then(|f| f.sync_all())
            .with_context(|| {
                format!(
                    "{} lässt sich nicht auf die Platte schreiben",
                    target.display()
                )
            })?;
        verify(target).await
    }
    .await;
    if copied.is_err() {
        let _ = std::fs::remove_file(target);
    }
    copied
}

/// Creates `path`, which must not exist, empty and readable by its owner only.
fn private_new_file(path: &Path) -> anyhow::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => bail!(
            "{} gibt es schon; eine Sicherung überschreibt nichts.",
            path.display()
        ),
        Err(err) => {
            Err(err).with_context(|| format!("{} lässt sich nicht anlegen", path.display()))
        }
    }
}

/// Deletes every session from the database file at `path`, so that no byte of them is left
/// (cleared pages, then VACUUM). Returns how many there were.
pub async fn drop_sessions(path: &Path) -> anyhow::Result<u64> {
    let mut conn: SqliteConnection = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Delete)
        .pragma("secure_delete", "ON")
        .connect()
        .await
        .with_context(|| format!("{} lässt sich nicht öffnen", path.display()))?;
    let ended = sqlx::query("DELETE FROM session")
        .execute(&mut conn)
        .await
        .with_context(|| format!("Sitzungen in {} nicht gelöscht", path.display()))?
        .rows_affected();
    sqlx::query("VACUUM").execute(&mut conn).await?;
    conn.close().await?;
    Ok(ended)
}

/// A file removed when this is dropped: after success, after an error, and when the request
/// that made it is cancelled.
struct RemovedOnDrop(PathBuf);

impl Drop for RemovedOnDrop {
    fn drop(&mut self) {
        if let Err(err) = std::fs::remove_file(&self.0) {
            if err.kind() != std::io::ErrorKind::NotFound {
                tracing::error!(path = %self.0.display(), error = %err, "backup file not removed");
            }
        }
    }
}

/// Opens a database file read-only, checks it and counts its rows.
pub async fn verify(path: &Path) -> anyhow::Result<Counts> {
    if !path.is_file() {
        bail!("{} gibt es nicht", path.display());
    }
    let mut conn: SqliteConnection = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("{} ist keine lesbare SQLite-Datenbank", path.display()))?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("{} ist keine SQLite-Datenbank", path.display()))?;
    if check != "ok" {
        bail!("{} ist beschädigt: {check}", path.display());
    }
    let mut counts = Vec::new();
    for table in COUNTED {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut conn)
            .await
            .with_context(|| {
                format!(
                    "{} ist keine Datenbank des Umsetzungsmonitors (Tabelle {table} fehlt)",
                    path.display()
                )
            })?;
        counts.push((table, n));
    }
    conn.close().await?;
    Ok(Counts(counts))
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub counts: Counts,
    /// Sessions in the restored file (backups from before sessions were left out), ended.
    pub sessions_ended: u64,
}

/// Replaces the database at `database` with the checked backup `source`. Refuses while
/// a server holds the database, unless `force`. The replaced database is kept beside
/// it as `….vor-wiederherstellung-<time>.sqlite`. Every session ends: everybody signs in
/// again.
pub async fn restore(database: &Path, source: &Path, force: bool) -> anyhow::Result<Restored> {
    let counts = verify(source).await?;
    let running = ServerLock::acquire(database);
    if running.is_err() && !force {
        bail!(
            "Ein Server nutzt {} gerade. Erst den Server beenden, oder mit --force \
             überschreiben und den Server danach sofort neu starten.",
            database.display()
        );
    }
    if database.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let keep = sibling(database, &format!(".vor-wiederherstellung-{stamp}.sqlite"));
        let options = SqliteConnectOptions::from_str("sqlite://")?.filename(database);
        let mut conn = options.connect().await?;
        sqlx::query("VACUUM INTO $1")
            .bind(keep.to_str().context("Pfad ist kein gültiges UTF-8")?)
            .execute(&mut conn)
            .await
            .context("Die bisherige Datenbank ließ sich nicht beiseitelegen")?;
        conn.close().await?;
        tracing::info!("Bisherige Datenbank gesichert als {}", keep.display());
    }
    let temporary = sibling(database, ".wiederherstellung.tmp");
    std::fs::copy(source, &temporary)
        .with_context(|| format!("{} lässt sich nicht kopieren", source.display()))?;
    let sessions_ended = drop_sessions(&temporary).await?;
    File::open(&temporary)?.sync_all()?;
    for stale in [sibling(database, "-wal"), sibling(database, "-shm")] {
        if stale.exists() {
            std::fs::remove_file(&stale)
                .with_context(|| format!("{} lässt sich nicht entfernen", stale.display()))?;
        }
    }
    std::fs::rename(&temporary, database)
        .with_context(|| format!("{} lässt sich nicht ersetzen", database.display()))?;
    if let Some(dir) = database.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir).and_then(|d| d.sync_all()).ok();
    }
    drop(running);
    Ok(Restored {
        counts,
        sessions_ended,
    })
}

/// `GET /verwaltung/sicherung`: an admin downloads a fresh backup.
pub async fn download(
    axum::extract::State(state): axum::extract::State<crate::runtime::state::AppState>,
    axum::Extension(crate::runtime::viewer::Viewer(user)): axum::Extension<
        crate::runtime::viewer::Viewer,
    >,
) -> Result<axum::response::Response, crate::error::AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;

    use crate::accounts::guard::AUDIT;
    use crate::domain::access::Permission;
    use crate::error::AppError;

    let user = user.ok_or(AppError::Unauthorized)?;
    if !user.can_in(0, Permission::ManageAccounts) {
        tracing::warn!(target: AUDIT, account = user.id, "refused: backup download");
        return Err(AppError::Forbidden);
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let suffix: u64 = rand::random();
    // Beside the database (same permissions as the database's directory), not in /tmp.
    let Ok(database) = database_path(state.pool.connect_options().database_url.as_str()) else {
        // PostgreSQL: the operator's pg_dump, not a download.
        return Err(AppError::NotFound);
    };
    let file = RemovedOnDrop(sibling(&database, &format!(".download-{stamp}-{suffix:x}")));
    let bytes = async {
        backup(&state.pool, &file.0).await?;
        Ok::<_, anyhow::Error>(tokio::fs::read(&file.0).await?)
    }
    .await
    .map_err(|error| {
        tracing::error!(error = %format!("{error:#}"), "backup download failed");
        AppError::Internal
    })?;
    drop(file);
    tracing::info!(target: AUDIT, account = user.id, bytes = bytes.len(), "backup downloaded");
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.sqlite3".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"umsetzungsmonitor-sicherung-{stamp}.sqlite\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_name_their_file() {
        for (url, path) in [
            (
                "sqlite://umsetzungsmonitor.sqlite",
                "umsetzungsmonitor.sqlite",
            ),
            (
                "sqlite:/var/lib/um/db.sqlite?mode=rwc",
                "/var/lib/um/db.sqlite",
            ),
            ("daten/db.sqlite", "daten/db.sqlite"),
        ] {
            assert_eq!(database_path(url).unwrap(), PathBuf::from(path));
        }
        assert!(database_path("sqlite::memory:").is_err());
        assert!(database_path("sqlite://").is_err());
    }
}
