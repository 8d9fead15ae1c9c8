//! The database: SQLite (a file, the default) or PostgreSQL (`postgres://…`), opened with
//! durable settings and migrated at start.
//!
//! One set of queries serves both, through sqlx's `Any` driver: the schemas are kept alike
//! (`migrations/` and `migrations/postgres/`, compared by `scripts/compare-schemas.py`),
//! every statement uses `$N` placeholders, dates and instants are ISO text in both. What
//! the two read back differently – SQLite has no booleans, `Any` knows no dates – the
//! types [`Flag`], [`Day`] and [`MaybeDay`] below take care of. The few statements that
//! must differ (starting a write, a backup) live here and in `server/backup.rs`.

use std::borrow::Cow;
use std::str::FromStr;

use anyhow::Context;
use chrono::NaiveDate;
use sqlx::any::{AnyPoolOptions, AnyTypeInfo, AnyTypeInfoKind, AnyValueRef};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Any, Decode, Encode, Executor, Transaction, Type, ValueRef};

/// The pool every repository takes: SQLite or PostgreSQL behind one type.
pub type Pool = sqlx::AnyPool;
/// One connection (or a transaction, which dereferences to one).
pub type Conn = sqlx::AnyConnection;

/// Which database a `DATABASE_URL` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(database_url: &str) -> Backend {
        if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn of_pool(pool: &Pool) -> Backend {
        Backend::of_url(pool.connect_options().database_url.as_str())
    }
}

/// SQLite's settings on every connection, whichever pool opens it.
const SQLITE_PRAGMAS: [(&str, &str); 5] = [
    // Concurrent readers beside one writer.
    ("journal_mode", "WAL"),
    // Every acknowledged write survives a power cut, not only a process crash.
    ("synchronous", "FULL"),
    ("foreign_keys", "ON"),
    // Text that is overwritten or deleted is zeroed in the file, not left in free
    // space: a redaction (personal data posted by mistake) really removes it.
    ("secure_delete", "ON"),
    // A writer waits for another one instead of failing at once.
    ("busy_timeout", "5000"),
];

/// `sqlite://file.db`, `sqlite:file.db` or a plain path, as a URL that creates the file.
fn sqlite_url(database_url: &str) -> String {
    let url = if database_url.starts_with("sqlite:") {
        database_url.to_owned()
    } else {
        format!("sqlite://{database_url}")
    };
    if url.contains("mode=") {
        url
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// SQLite's options for a pool of the concrete driver (sessions, backup).
pub fn sqlite_options(database_url: &str) -> anyhow::Result<SqliteConnectOptions> {
    let options = SqliteConnectOptions::from_str(&sqlite_url(database_url)).with_context(|| {
        format!("DATABASE_URL „{database_url}“ ist keine gültige SQLite-Adresse")
    })?;
    Ok(SQLITE_PRAGMAS
        .iter()
        .fold(options, |options, (name, value)| {
            options.pragma(*name, *value)
        }))
}

/// The URL as the `Any` pool takes it.
pub fn any_url(database_url: &str) -> String {
    match Backend::of_url(database_url) {
        Backend::Postgres => database_url.to_owned(),
        Backend::Sqlite => sqlite_url(database_url),
    }
}

/// Opens (creating the SQLite file if needed) and migrates the database.
pub async fn connect(database_url: &str) -> anyhow::Result<Pool> {
    let pool = open(database_url, 8).await?;
    migrate(&pool).await?;
    Ok(pool)
}

/// Opens the database without migrating it.
pub async fn open(database_url: &str, connections: u32) -> anyhow::Result<Pool> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(database_url);
    if backend == Backend::Sqlite {
        // Fails early, with a message naming the address, when it is not one.
        sqlite_options(database_url)?;
    }
    AnyPoolOptions::new()
        .max_connections(connections)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    for (name, value) in SQLITE_PRAGMAS {
                        conn.execute(format!("PRAGMA {name} = {value}").as_str())
                            .await?;
                    }
                }
                Ok(())
            })
        })
        .connect(&any_url(database_url))
        .await
        .with_context(|| {
            format!(
                "Datenbank „{}“ lässt sich nicht öffnen",
                shown(database_url)
            )
        })
}

/// The schema's migrations for this database.
pub async fn migrate(pool: &Pool) -> anyhow::Result<()> {
    let migrator = match Backend::of_pool(pool) {
        Backend::Sqlite => sqlx::migrate!(),
        Backend::Postgres => sqlx::migrate!("migrations/postgres"),
    };
    migrator
        .run(pool)
        .await
        .context("Datenbank-Migration fehlgeschlagen")
}

/// The address without a password, for messages and logs.
pub fn shown(database_url: &str) -> Cow<'_, str> {
    match url::Url::parse(database_url) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            Cow::Owned(url.to_string())
        }
        _ => Cow::Borrowed(database_url),
    }
}

/// A write transaction: every change to the record goes through one.
pub struct WriteTransaction {
    tx: Transaction<'static, Any>,
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTransaction {
    type Target = Conn;

    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTransaction {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// Any key: all writers of one database take the same lock.
const WRITE_LOCK: i64 = 0x756d_7365_747a;

/// Starts a write transaction that holds the database's write lock from its first
/// statement: writers take turns, and what one reads before it writes (the next change
/// set, a version to compare, a count of sign-in attempts) is still true when it commits,
/// in this process and in every other instance on the same database.
///
/// SQLite: `BEGIN IMMEDIATE` (a deferred transaction that reads first and writes later
/// fails with SQLITE_BUSY when another writer committed in between, as WAL snapshots
/// cannot be upgraded; taking the lock up front makes writers wait, busy_timeout).
/// PostgreSQL: a transaction-scoped advisory lock, taken before anything is read, so the
/// transaction's snapshot begins after the previous writer committed.
pub async fn begin_write(pool: &Pool) -> Result<WriteTransaction, sqlx::Error> {
    let tx = match Backend::of_pool(pool) {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => {
            let mut tx = pool
                .begin_with("BEGIN ISOLATION LEVEL READ COMMITTED")
                .await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK)
                .execute(&mut *tx)
                .await?;
            tx
        }
    };
    Ok(WriteTransaction { tx })
}

/// A read transaction that sees one state of the database throughout, while others write:
/// SQLite's snapshot (WAL) from its first read, PostgreSQL's repeatable read.
pub async fn begin_read(pool: &Pool) -> Result<Transaction<'static, Any>, sqlx::Error> {
    match Backend::of_pool(pool) {
        Backend::Sqlite => pool.begin().await,
        Backend::Postgres => {
            pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .await
        }
    }
}

/// A yes/no column: an integer 0/1 in SQLite, a BOOLEAN in PostgreSQL. Row fields of type
/// `bool` read it with `#[sqlx(try_from = "Flag")]`; binding a `bool` works in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <bool as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        ty.kind() == AnyTypeInfoKind::Bool || ty.kind().is_integer()
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        if value.type_info().kind() == AnyTypeInfoKind::Bool {
            Ok(Flag(<bool as Decode<Any>>::decode(value)?))
        } else {
            Ok(Flag(<i64 as Decode<Any>>::decode(value)? != 0))
        }
    }
}

/// A day, stored as ISO text (`YYYY-MM-DD`) in both databases. Row fields of type
/// `NaiveDate` read it with `#[sqlx(try_from = "Day")]`; bind with [`day`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub NaiveDate);

impl From<Day> for NaiveDate {
    fn from(day: Day) -> NaiveDate {
        day.0
    }
}

fn parse_day(text: &str) -> Result<NaiveDate, BoxDynError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|error| format!("„{text}“ ist kein Tag (JJJJ-MM-TT): {error}").into())
}

impl Type<Any> for Day {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <String as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for Day {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        parse_day(<&str as Decode<Any>>::decode(value)?).map(Day)
    }
}

/// A day that may be missing (NULL): for row fields of type `Option<NaiveDate>`, with
/// `#[sqlx(try_from = "MaybeDay")]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaybeDay(pub Option<NaiveDate>);

impl From<MaybeDay> for Option<NaiveDate> {
    fn from(day: MaybeDay) -> Option<NaiveDate> {
        day.0
    }
}

impl Type<Any> for MaybeDay {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <String as Type<Any>>::compatible(ty)
    }
}

impl From<NaiveDate> for MaybeDay {
    fn from(day: NaiveDate) -> MaybeDay {
        MaybeDay(Some(day))
    }
}

impl From<Option<NaiveDate>> for MaybeDay {
    fn from(day: Option<NaiveDate>) -> MaybeDay {
        MaybeDay(day)
    }
}

/// A day (or none) to bind: `.bind(day(milestone.demanded_on))`.
pub fn day(date: impl Into<MaybeDay>) -> MaybeDay {
    date.into()
}

impl<'q> Encode<'q, Any> for MaybeDay {
    fn encode_by_ref(
        &self,
        buf: &mut <Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<IsNull, BoxDynError> {
        let text = self.0.map(|day| day.format("%Y-%m-%d").to_string());
        <Option<String> as Encode<Any>>::encode(text, buf)
    }
}

impl<'r> Decode<'r, Any> for MaybeDay {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        if value.is_null() {
            return Ok(MaybeDay(None));
        }
        parse_day(<&str as Decode<Any>>::decode(value)?).map(|day| MaybeDay(Some(day)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_follows_the_address() {
        assert_eq!(Backend::of_url("postgres://u@h/db"), Backend::Postgres);
        assert_eq!(Backend::of_url("postgresql://u@h/db"), Backend::Postgres);
        assert_eq!(Backend::of_url("sqlite://a.db"), Backend::Sqlite);
        assert_eq!(Backend::of_url("daten/monitor.db"), Backend::Sqlite);
    }

    #[test]
    fn sqlite_addresses_create_the_file() {
        assert_eq!(sqlite_url("a.db"), "sqlite://a.db?mode=rwc");
        assert_eq!(sqlite_url("sqlite:a.db"), "sqlite:a.db?mode=rwc");
        assert_eq!(sqlite_url("sqlite://a.db?mode=ro"), "sqlite://a.db?mode=ro");
        assert_eq!(
            sqlite_url("sqlite://a.db?cache=shared"),
            "sqlite://a.db?cache=shared&mode=rwc"
        );
    }

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            shown("postgres://um:geheim@localhost/um"),
            "postgres://um:***@localhost/um"
        );
        assert_eq!(shown("monitor.db"), "monitor.db");
    }
}
