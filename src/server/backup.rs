//! Backups while the app serves and writes (`VACUUM INTO`: one consistent snapshot),
//! restoring them, and the lock that tells whether a server uses a database file.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{bail, Context};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection, SqlitePool};

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
pub fn database_path(database_url: &str) -> anyhow::Result<PathBuf> {
    let rest = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .unwrap_or(database_url);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        bail!("DATABASE_URL „{database_url}“ nennt keine Datenbankdatei");
    }
    Ok(PathBuf::from(path))
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Held by a running server for its database: a second server, or a restore without
/// `--force`, sees it and stops. The operating system releases it when the process
/// ends, also after a crash.
#[derive(Debug)]
pub struct ServerLock {
    _file: File,
}

impl ServerLock {
    pub fn acquire(database: &Path) -> anyhow::Result<ServerLock> {
        let path = sibling(database, ".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("Sperrdatei {} lässt sich nicht öffnen", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(ServerLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => bail!(
                "Ein Server nutzt die Datenbank {} bereits.",
                database.display()
            ),
            Err(std::fs::TryLockError::Error(err)) => {
                Err(err).with_context(|| format!("Sperrdatei {}", path.display()))
            }
        }
    }
}

/// A consistent copy of the live database in `target` (which must not exist yet),
/// taken while others keep reading and writing. Returns the copy's row counts.
pub async fn backup(pool: &SqlitePool, target: &Path) -> anyhow::Result<Counts> {
    if target.exists() {
        bail!(
            "{} gibt es schon; eine Sicherung überschreibt nichts.",
            target.display()
        );
    }
    let name = target
        .to_str()
        .context("Der Pfad der Sicherung ist kein gültiges UTF-8")?;
    sqlx::query("VACUUM INTO ?")
        .bind(name)
        .execute(pool)
        .await
        .with_context(|| format!("Sicherung nach {} fehlgeschlagen", target.display()))?;
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

/// Replaces the database at `database` with the checked backup `source`. Refuses while
/// a server holds the database, unless `force`. The replaced database is kept beside
/// it as `….vor-wiederherstellung-<time>.sqlite`.
pub async fn restore(database: &Path, source: &Path, force: bool) -> anyhow::Result<Counts> {
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
        sqlx::query("VACUUM INTO ?")
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
    Ok(counts)
}

/// `GET /verwaltung/sicherung`: an admin downloads a fresh backup.
pub async fn download(
    axum::extract::State(state): axum::extract::State<super::state::AppState>,
    auth: crate::accounts::backend::AuthSession,
) -> Result<axum::response::Response, crate::error::AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;

    use crate::accounts::guard::AUDIT;
    use crate::domain::access::Permission;
    use crate::error::AppError;

    let user = auth
        .user
        .as_ref()
        .map(|u| &u.account)
        .ok_or(AppError::Unauthorized)?;
    if !user.can(Permission::ManageAccounts) {
        tracing::warn!(target: AUDIT, account = user.id, "refused: backup download");
        return Err(AppError::Forbidden);
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let suffix: u64 = rand::random();
    let path = std::env::temp_dir().join(format!("umsetzungsmonitor-{stamp}-{suffix:x}.sqlite"));
    let result = async {
        backup(&state.pool, &path).await?;
        Ok::<_, anyhow::Error>(tokio::fs::read(&path).await?)
    }
    .await;
    let _ = std::fs::remove_file(&path);
    let bytes = result.map_err(|error| {
        tracing::error!(error = %format!("{error:#}"), "backup download failed");
        AppError::Internal
    })?;
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
