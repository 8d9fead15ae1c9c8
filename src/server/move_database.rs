//! `umsetzungsmonitor migrate-database --from … --to …` (issue 22): moves everything from
//! one database to another – SQLite to PostgreSQL or back, so nobody is locked in.
//!
//! Plans, packages, milestones, status updates, indicators, accounts with their roles,
//! redactions and the history with its ids, change sets and hash chain are copied row for
//! row, in one transaction on the target. Before it commits, the copy is checked: the same
//! number of rows in every table, and the history's chains verified on the target with
//! the same heads as on the source. Left behind on purpose: sessions (everyone signs in
//! again), the sign-in throttle's counts (they expire within the hour) and sqlx's own
//! migration bookkeeping (each database has its own migrations).

use anyhow::{bail, ensure, Context};
use sqlx::{Column, Row};

use crate::history::chain;
use crate::runtime::db::{self, Backend, Conn, Flag, Pool};

/// The tables copied, parents before children, with the key their rows are read in.
pub const COPIED: [(&str, &str); 12] = [
    ("plan", "id"),
    ("measure_package", "id"),
    ("milestone", "id"),
    ("account", "id"),
    ("plan_role", "account_id, plan_id"),
    ("redaction", "id"),
    ("status_update", "id"),
    ("sheet_upload", "token"),
    ("indicator", "id"),
    ("indicator_target", "id"),
    ("indicator_point", "id"),
    ("history_entry", "id"),
];

/// The tables not copied (see the module's text), and the chain's start, which stays the
/// target's own: every entry arrives there sealed, so none may be sealed later.
pub const LEFT_BEHIND: [&str; 4] = [
    "session",
    "sign_in_attempt",
    "sign_in_network",
    "history_chain_start",
];

/// Rows read and written at a time.
const BATCH: i64 = 2_000;

/// What the copy holds, as checked before it was committed.
#[derive(Debug)]
pub struct Moved {
    pub counts: Vec<(&'static str, i64)>,
    /// Verified chains and their entries.
    pub chains: usize,
    pub entries: u64,
}

impl std::fmt::Display for Moved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counts: Vec<String> = self
            .counts
            .iter()
            .map(|(table, n)| format!("{table}: {n}"))
            .collect();
        write!(
            f,
            "{}; Historie: {} Ketten mit {} Einträgen geprüft, Stände gleich",
            counts.join(", "),
            self.chains,
            self.entries
        )
    }
}

/// The command: opens both databases (migrating each to this version), copies, checks.
pub async fn run(from: &str, to: &str) -> anyhow::Result<()> {
    ensure!(
        db::any_url(from) != db::any_url(to),
        "--from und --to nennen dieselbe Datenbank"
    );
    // No server may write to a SQLite source meanwhile (what it wrote after the copy's
    // snapshot would be missing); for PostgreSQL the README says to stop them first.
    let _lock = match Backend::of_url(from) {
        Backend::Sqlite => Some(
            super::backup::ServerLock::acquire(&super::backup::database_path(from)?).context(
                "Die Quelle wird noch von einem Server genutzt; erst alle Server beenden",
            )?,
        ),
        Backend::Postgres => None,
    };
    let source = super::verify::open(from).await?;
    let target = db::connect(to).await?;
    let moved = copy(&source, &target).await?;
    println!(
        "Kopiert von {} nach {}: {moved}",
        db::shown(from),
        db::shown(to)
    );
    Ok(())
}

/// Copies everything from `source` into the empty `target`, checks the copy in the same
/// transaction and commits it only if it holds what the source holds.
pub async fn copy(source: &Pool, target: &Pool) -> anyhow::Result<Moved> {
    let mut read = db::begin_read(source).await?;
    let before = chain::verify_in(&mut read).await?;
    if let Some(broken) = before.breaks.first() {
        bail!("Die Hash-Kette der Quelle ist gebrochen ({broken}); `verify` nennt alle Befunde. Nichts kopiert.");
    }
    let mut write = db::begin_write(target).await?;
    let target_backend = Backend::of_pool(target);
    let mut counts = Vec::new();
    for (table, key) in COPIED {
        let there: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut *write)
            .await?;
        ensure!(
            there == 0,
            "Das Ziel ist nicht leer ({table}: {there} Zeilen); migrate-database füllt nur eine neue, leere Datenbank"
        );
        let types = column_kinds(&mut write, target_backend, table).await?;
        let mut copied = 0;
        loop {
            let rows = sqlx::query(&format!(
                "SELECT * FROM {table} ORDER BY {key} LIMIT {BATCH} OFFSET {copied}"
            ))
            .fetch_all(&mut *read)
            .await
            .with_context(|| format!("{table} lesen"))?;
            for row in &rows {
                insert(&mut write, table, &types, row)
                    .await
                    .with_context(|| format!("{table} schreiben"))?;
            }
            copied += rows.len() as i64;
            if (rows.len() as i64) < BATCH {
                break;
            }
        }
        let expected: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut *read)
            .await?;
        let arrived: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut *write)
            .await?;
        ensure!(
            expected == copied && arrived == expected,
            "{table}: {expected} Zeilen in der Quelle, {arrived} im Ziel – nichts übernommen"
        );
        if target_backend == Backend::Postgres && key == "id" {
            // Explicit ids leave the identity behind; new rows continue after the last.
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} \
                 HAVING count(*) > 0"
            ))
            .execute(&mut *write)
            .await?;
        }
        counts.push((table, arrived));
    }
    let after = chain::verify_in(&mut write).await?;
    if let Some(broken) = after.breaks.first() {
        bail!("Die kopierte Historie verifiziert nicht ({broken}) – nichts übernommen");
    }
    let heads = |findings: &chain::Findings| -> Vec<_> {
        findings.chains.iter().map(|c| c.head.clone()).collect()
    };
    ensure!(
        heads(&before) == heads(&after),
        "Die Stände der Historie weichen nach dem Kopieren ab – nichts übernommen"
    );
    write.commit().await?;
    read.commit().await?;
    Ok(Moved {
        counts,
        chains: after.chains.len(),
        entries: after.chains.iter().map(|c| c.entries).sum(),
    })
}

/// What a column holds, as the target stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Real,
    Text,
    Bytes,
    Flag,
}

/// The target's columns of `table` with their kinds.
async fn column_kinds(
    conn: &mut Conn,
    backend: Backend,
    table: &str,
) -> anyhow::Result<Vec<(String, Kind)>> {
    let columns: Vec<(String, String)> =
        match backend {
            Backend::Sqlite => {
                sqlx::query_as(&format!(
                    "SELECT name, upper(type) FROM pragma_table_info('{table}') ORDER BY cid"
                ))
                .fetch_all(&mut *conn)
                .await?
            }
            Backend::Postgres => sqlx::query_as(
                "SELECT column_name::text, upper(data_type::text) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(&mut *conn)
            .await?,
        };
    columns
        .into_iter()
        .map(|(name, declared)| {
            let kind = match declared.as_str() {
                "BOOLEAN" => Kind::Flag,
                t if t.contains("INT") => Kind::Integer,
                "REAL" | "DOUBLE PRECISION" => Kind::Real,
                "BLOB" | "BYTEA" => Kind::Bytes,
                "TEXT" => Kind::Text,
                other => bail!("{table}.{name}: Spaltentyp {other} wird nicht kopiert"),
            };
            Ok((name, kind))
        })
        .collect()
}

/// Inserts one source row, each value read as the target's column takes it.
async fn insert(
    conn: &mut Conn,
    table: &str,
    columns: &[(String, Kind)],
    row: &sqlx::any::AnyRow,
) -> anyhow::Result<()> {
    let names: Vec<&str> = row.columns().iter().map(|c| c.name()).collect();
    let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for (i, name) in names.iter().enumerate() {
        let kind = columns
            .iter()
            .find(|(column, _)| column == name)
            .map(|(_, kind)| *kind)
            .with_context(|| format!("{table}.{name} fehlt im Ziel"))?;
        query = match kind {
            Kind::Integer => query.bind(integer(row, i)?),
            Kind::Real => query.bind(row.try_get::<Option<f64>, _>(i)?),
            Kind::Text => query.bind(row.try_get::<Option<String>, _>(i)?),
            Kind::Bytes => query.bind(row.try_get::<Option<Vec<u8>>, _>(i)?),
            Kind::Flag => query.bind(row.try_get::<Option<Flag>, _>(i)?.map(bool::from)),
        };
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// An integer, or a PostgreSQL flag as SQLite's 0/1.
fn integer(row: &sqlx::any::AnyRow, i: usize) -> Result<Option<i64>, sqlx::Error> {
    use sqlx::ValueRef;
    let flag = row.try_get_raw(i)?.type_info().kind() == sqlx::any::AnyTypeInfoKind::Bool;
    if flag {
        Ok(row
            .try_get::<Option<Flag>, _>(i)?
            .map(|Flag(yes)| i64::from(yes)))
    } else {
        row.try_get::<Option<i64>, _>(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_copied_or_left_behind_once() {
        let mut all: Vec<&str> = COPIED.iter().map(|(t, _)| *t).chain(LEFT_BEHIND).collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}
