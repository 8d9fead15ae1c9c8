//! The SQLite database: opened with durable settings and migrated at start.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

/// Accepts `sqlite://file.db`, `sqlite:file.db` or a plain path.
fn connect_options(database_url: &str) -> anyhow::Result<SqliteConnectOptions> {
    let url = if database_url.starts_with("sqlite:") {
        database_url.to_owned()
    } else {
        format!("sqlite://{database_url}")
    };
    let options = SqliteConnectOptions::from_str(&url).with_context(|| {
        format!("DATABASE_URL „{database_url}“ ist keine gültige SQLite-Adresse")
    })?;
    Ok(options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // Every acknowledged write survives a power cut, not only a process crash.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Text that is overwritten or deleted is zeroed in the file, not left in free
        // space: a redaction (personal data posted by mistake) really removes it.
        .pragma("secure_delete", "ON")
        .busy_timeout(Duration::from_secs(5)))
}

/// Opens (creating if needed) and migrates the database.
pub async fn connect(database_url: &str) -> anyhow::Result<SqlitePool> {
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(connect_options(database_url)?)
        .await
        .with_context(|| format!("Datenbank „{database_url}“ lässt sich nicht öffnen"))?;
    sqlx::migrate!()
        .run(&pool)
        .await
        .context("Datenbank-Migration fehlgeschlagen")?;
    Ok(pool)
}

/// A write transaction: every change to the record goes through one.
pub struct WriteTransaction {
    tx: Transaction<'static, Sqlite>,
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTransaction {
    type Target = sqlx::SqliteConnection;

    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTransaction {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// Starts a write transaction that takes the write lock at once (`BEGIN IMMEDIATE`).
///
/// A deferred transaction that reads first and writes later fails with SQLITE_BUSY when
/// another writer committed in between (WAL snapshots cannot be upgraded); taking the
/// lock up front makes concurrent writers wait their turn (busy_timeout) instead.
pub async fn begin_write(pool: &SqlitePool) -> Result<WriteTransaction, sqlx::Error> {
    let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    Ok(WriteTransaction { tx })
}
