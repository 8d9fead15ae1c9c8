//! SQL of a redaction (see `redaction.rs`): the removed text is replaced by the notice in
//! the record and in every history entry of that record that holds it, and the
//! redaction is recorded as a change set of its own. One write transaction.

use crate::runtime::db::{Backend, Conn, Pool};
use sqlx::FromRow;

use super::model::EntityKind;
use super::redaction::{live_column, Side};
use super::repo::{ChangeSet, Entry, Scope, Visibility, ENTRY_PLACE_COLUMNS, ENTRY_PLACE_JOINS};

/// The text to remove, and where it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub entity: EntityKind,
    pub entity_id: i64,
    pub field: String,
    pub value: String,
    pub scope: Scope,
    pub visibility: Visibility,
}

#[derive(FromRow)]
struct EntryRow {
    entity: String,
    entity_id: i64,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
    plan_id: Option<i64>,
    package_id: Option<i64>,
    visibility: String,
}

/// One value of history entry `id` (of plan `plan_id`), if it is removable text.
pub async fn target_of_entry(
    conn: &mut Conn,
    plan_id: i64,
    id: i64,
    side: Side,
) -> Result<Option<Target>, sqlx::Error> {
    let row: Option<EntryRow> = sqlx::query_as(
        "SELECT entity, entity_id, field, old_value, new_value, plan_id, package_id, visibility \
         FROM history_entry WHERE id = $1 AND plan_id = $2",
    )
    .bind(id)
    .bind(plan_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let (Some(entity), Some(visibility)) = (
        EntityKind::parse(&row.entity),
        Visibility::parse(&row.visibility),
    ) else {
        return Ok(None);
    };
    if live_column(entity, &row.field).is_none() {
        return Ok(None);
    }
    let value = match side {
        Side::Old => row.old_value,
        Side::New => row.new_value,
    };
    Ok(value.filter(|v| !v.is_empty()).map(|value| Target {
        entity,
        entity_id: row.entity_id,
        field: row.field,
        value,
        scope: Scope {
            plan_id: row.plan_id,
            package_id: row.package_id,
        },
        visibility,
    }))
}

/// Status update `id` (of plan `plan_id`) as a whole, unless it is removed already.
pub async fn target_of_status_update(
    conn: &mut Conn,
    plan_id: i64,
    id: i64,
) -> Result<Option<Target>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT su.body, su.package_id FROM status_update su \
         JOIN measure_package p ON p.id = su.package_id \
         WHERE su.id = $1 AND p.plan_id = $2 AND su.redaction_id IS NULL",
    )
    .bind(id)
    .bind(plan_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(body, package_id)| Target {
        entity: EntityKind::StatusUpdate,
        entity_id: id,
        field: "body".to_owned(),
        value: body,
        scope: Scope {
            plan_id: Some(plan_id),
            package_id: Some(package_id),
        },
        visibility: Visibility::Public,
    }))
}

/// What a redaction replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Redacted {
    /// History entries that held the text.
    pub entries: u64,
    /// Whether the record itself still held it.
    pub live: bool,
}

/// Replaces `target`'s text by `notice` everywhere and records the redaction (with
/// `reason`) in `changes`. A status update loses its link as well.
pub async fn redact(
    conn: &mut Conn,
    changes: &ChangeSet,
    target: &Target,
    reason: &str,
    notice: &str,
) -> Result<Redacted, sqlx::Error> {
    let Some(live) = live_column(target.entity, &target.field) else {
        return Err(sqlx::Error::Protocol(format!(
            "{} {} is not redactable",
            target.entity.code(),
            target.field
        )));
    };
    let redaction_id: i64 = sqlx::query_scalar(
        "INSERT INTO redaction (change_set, recorded_at, account_id, entity, entity_id, field, \
         reason, replacement) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(changes.id())
    .bind(changes.recorded_at())
    .bind(changes.actor().account_id)
    .bind(target.entity.code())
    .bind(target.entity_id)
    .bind(&target.field)
    .bind(reason)
    .bind(notice)
    .fetch_one(&mut *conn)
    .await?;
    // First the record of the redaction: the history accepts a replaced value only from a
    // redaction that is itself in the history. The replaced values keep their commitments
    // and lose their salts, so the hash chain still verifies (domain::chain).
    changes
        .record(
            conn,
            Entry {
                scope: target.scope,
                entity: target.entity,
                entity_id: target.entity_id,
                field: "redaction",
                old: None,
                new: Some(&target.field),
                comment: reason,
                visibility: target.visibility,
            },
        )
        .await?;
    let mut entries = sqlx::query(
        "UPDATE history_entry SET \
           old_value = CASE WHEN old_value = $1 THEN $2 ELSE old_value END, \
           salt_old = CASE WHEN old_value = $1 THEN NULL ELSE salt_old END, \
           new_value = CASE WHEN new_value = $1 THEN $2 ELSE new_value END, \
           salt_new = CASE WHEN new_value = $1 THEN NULL ELSE salt_new END, \
           redaction_id = $3 \
         WHERE entity = $4 AND entity_id = $5 AND field = $6 AND (old_value = $1 OR new_value = $1)",
    )
    .bind(&target.value)
    .bind(notice)
    .bind(redaction_id)
    .bind(target.entity.code())
    .bind(target.entity_id)
    .bind(&target.field)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    let live_changed = if target.entity == EntityKind::StatusUpdate {
        // The update is withdrawn as a whole: its link may name someone too.
        entries += sqlx::query(
            "UPDATE history_entry SET \
               old_value = CASE WHEN old_value IS NULL THEN NULL ELSE $1 END, \
               new_value = CASE WHEN new_value IS NULL THEN NULL ELSE $1 END, \
               salt_old = NULL, salt_new = NULL, \
               redaction_id = $2 \
             WHERE entity = 'status_update' AND entity_id = $3 AND field = 'link' \
               AND (old_value IS NOT NULL OR new_value IS NOT NULL)",
        )
        .bind(notice)
        .bind(redaction_id)
        .bind(target.entity_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        sqlx::query(
            "UPDATE status_update SET body = $1, link = '', redaction_id = $2 \
             WHERE id = $3 AND redaction_id IS NULL",
        )
        .bind(notice)
        .bind(redaction_id)
        .bind(target.entity_id)
        .execute(&mut *conn)
        .await?
        .rows_affected()
    } else {
        // An edit form loaded before still holds the text: its version is outdated now,
        // so saving it again is refused as a conflict instead of bringing the text back.
        let version = if live.table == "plan" {
            ""
        } else {
            ", version = version + 1"
        };
        // `table` and `column` come from the fixed list in `live_column`.
        sqlx::query(&format!(
            "UPDATE {table} SET {column} = $1{version} WHERE id = $2 AND {column} = $3",
            table = live.table,
            column = live.column,
        ))
        .bind(notice)
        .bind(target.entity_id)
        .bind(&target.value)
        .execute(&mut *conn)
        .await?
        .rows_affected()
    };
    Ok(Redacted {
        entries,
        live: live_changed > 0,
    })
}

/// After the commit: removes the old versions of the changed rows.
///
/// SQLite: moves the changed pages from the write-ahead log into the database file, so
/// the removed text does not linger in the log (`secure_delete` zeroes it in the file).
/// PostgreSQL: `VACUUM FULL ANALYZE` of the tables a redaction writes, which copies their live rows
/// into new files and truncates the old ones at commit (a plain `VACUUM` frees the old row
/// versions' space without overwriting it). The tables are locked for the copy, a moment
/// at the sizes a plan has. The server's WAL, its archive and base backups keep the old
/// text until they are recycled or expire (README, „PostgreSQL“). Best effort either way:
/// a reader holding an old snapshot can delay it.
pub async fn flush_removed_text(pool: &Pool) {
    let statements: &[&str] = match Backend::of_pool(pool) {
        Backend::Sqlite => &["PRAGMA wal_checkpoint(TRUNCATE)"],
        // ANALYZE too: the planner's statistics (pg_statistic) keep sampled column values,
        // and the text may be among them. Their old versions go with `VACUUM FULL
        // pg_statistic`, which PostgreSQL allows a superuser only and otherwise skips with a
        // warning; autovacuum frees them later then (README, „PostgreSQL“).
        Backend::Postgres => &[
            "VACUUM FULL ANALYZE history_entry, status_update, milestone, measure_package, plan",
            "VACUUM FULL pg_statistic",
        ],
    };
    for sql in statements {
        if let Err(err) = sqlx::query(sql).execute(pool).await {
            tracing::warn!(%err, "clean-up after a redaction failed");
        }
    }
}

/// What the redaction page shows for history entry `id`: its removable values.
pub async fn entry_view(
    conn: &mut Conn,
    plan_id: i64,
    id: i64,
) -> Result<Option<super::redaction::RedactionView>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        entity: String,
        field: String,
        old_value: Option<String>,
        new_value: Option<String>,
        recorded_at: String,
        organisation: String,
        entity_title: Option<String>,
        package_number: Option<i64>,
    }
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT h.entity, h.field, h.old_value, h.new_value, h.recorded_at, h.organisation, \
                {ENTRY_PLACE_COLUMNS} \
         FROM history_entry h {ENTRY_PLACE_JOINS} \
         WHERE h.id = $1 AND h.plan_id = $2"
    ))
    .bind(id)
    .bind(plan_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let Some(entity) = EntityKind::parse(&row.entity) else {
        return Ok(None);
    };
    if live_column(entity, &row.field).is_none() {
        return Ok(None);
    }
    let values: Vec<(Side, String)> = [(Side::Old, row.old_value), (Side::New, row.new_value)]
        .into_iter()
        .filter_map(|(side, v)| v.filter(|v| !v.is_empty()).map(|v| (side, v)))
        .collect();
    if values.is_empty() {
        return Ok(None);
    }
    Ok(Some(super::redaction::RedactionView {
        target_kind: "eintrag".to_owned(),
        target_id: id,
        entity,
        entity_title: row.entity_title.unwrap_or_default(),
        package_number: row.package_number.map(|n| n as u32),
        field: row.field,
        values,
        when: row.recorded_at,
        organisation: row.organisation,
        words: Default::default(),
    }))
}

/// What the redaction page shows for status update `id`.
pub async fn status_update_view(
    conn: &mut Conn,
    plan_id: i64,
    id: i64,
) -> Result<Option<super::redaction::RedactionView>, sqlx::Error> {
    let row: Option<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT su.body, su.occurred_on, su.organisation, p.title, p.number \
         FROM status_update su JOIN measure_package p ON p.id = su.package_id \
         WHERE su.id = $1 AND p.plan_id = $2 AND su.redaction_id IS NULL",
    )
    .bind(id)
    .bind(plan_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(body, occurred_on, organisation, title, number)| {
        super::redaction::RedactionView {
            target_kind: "meldung".to_owned(),
            target_id: id,
            entity: EntityKind::StatusUpdate,
            entity_title: title,
            package_number: Some(number as u32),
            field: "body".to_owned(),
            values: vec![(Side::New, body)],
            when: occurred_on,
            organisation,
            words: Default::default(),
        }
    }))
}
