//! SQL for the append-only history.

use std::collections::BTreeMap;

use crate::runtime::db::{Conn, Pool};
use sqlx::FromRow;

use super::model::{ChangeEvent, EntityKind, FieldChange, ForecastMove, HistoryPage, Rebaselining};
use crate::domain::edits::ForecastReason;
use crate::domain::postponement::DelayCategory;
use crate::runtime::clock::Clock;
use crate::runtime::viewer::CurrentUser;

/// Who made a change, as the record keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account_id: Option<i64>,
    pub name: String,
    pub organisation: String,
}

impl Actor {
    pub fn person(user: &CurrentUser) -> Actor {
        Actor {
            account_id: Some(user.id),
            name: user.display_name.clone(),
            organisation: user.organisation.clone(),
        }
    }

    /// A catalogue file read in on the command line or at first start.
    pub fn catalogue_import(source_name: &str) -> Actor {
        Actor {
            account_id: None,
            name: format!("Katalog-Import ({source_name})"),
            organisation: "Katalogdatei".to_owned(),
        }
    }

    pub fn command_line() -> Actor {
        Actor {
            account_id: None,
            name: "Kommandozeile".to_owned(),
            organisation: "Betrieb".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Public,
    /// Signed-in working group only (internal notes).
    Internal,
    /// Admins only (accounts).
    Admin,
}

impl Visibility {
    pub fn parse(code: &str) -> Option<Visibility> {
        [Visibility::Public, Visibility::Internal, Visibility::Admin]
            .into_iter()
            .find(|v| v.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
            Visibility::Admin => "admin",
        }
    }
}

/// Where a change belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub plan_id: Option<i64>,
    pub package_id: Option<i64>,
}

/// One save: its entries share a change-set number and a timestamp. Must be begun
/// inside the write transaction of the change it records.
pub struct ChangeSet {
    id: i64,
    recorded_at: String,
    actor: Actor,
    /// The chain and its hash after this change set's last entry: the next entry of the
    /// same chain follows it without asking the database (the write transaction keeps
    /// every other writer out).
    chain_end: std::sync::Mutex<Option<(i64, crate::domain::chain::Before)>>,
}

pub struct Entry<'a> {
    pub scope: Scope,
    pub entity: EntityKind,
    pub entity_id: i64,
    pub field: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub comment: &'a str,
    pub visibility: Visibility,
}

impl ChangeSet {
    /// The change-set number.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// RFC 3339, UTC.
    pub fn recorded_at(&self) -> &str {
        &self.recorded_at
    }

    /// Who saves (as named at the time of the save).
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// `clock` gives the moment recorded (the calendar, or a fixed day in tests).
    pub async fn begin(
        conn: &mut Conn,
        actor: Actor,
        clock: &Clock,
    ) -> Result<ChangeSet, sqlx::Error> {
        let (id,): (i64,) =
            sqlx::query_as("SELECT coalesce(max(change_set), 0) + 1 FROM history_entry")
                .fetch_one(&mut *conn)
                .await?;
        let recorded_at = clock.now_rfc3339();
        Ok(ChangeSet {
            id,
            recorded_at,
            actor,
            chain_end: std::sync::Mutex::new(None),
        })
    }

    pub async fn record(&self, conn: &mut Conn, entry: Entry<'_>) -> Result<(), sqlx::Error> {
        self.record_with_category(conn, entry, None).await
    }

    /// Records an entry whose comment is a reason of `category` (a forecast moved later).
    pub async fn record_with_category(
        &self,
        conn: &mut Conn,
        entry: Entry<'_>,
        category: Option<DelayCategory>,
    ) -> Result<(), sqlx::Error> {
        let visibility = entry.visibility.code();
        let category = category.map(DelayCategory::code);
        let chain = super::chain::chain_of(entry.scope.plan_id);
        let known = self
            .chain_end
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .filter(|(c, _)| *c == chain)
            .map(|(_, before)| before);
        let seal = super::chain::seal(
            conn,
            known,
            &super::chain::Unsealed {
                plan_id: entry.scope.plan_id,
                change_set: self.id,
                recorded_at: &self.recorded_at,
                package_id: entry.scope.package_id,
                entity: entry.entity.code(),
                entity_id: entry.entity_id,
                field: entry.field,
                visibility,
                reason_category: category,
                texts: [
                    Some(&self.actor.name),
                    Some(&self.actor.organisation),
                    entry.old,
                    entry.new,
                    Some(entry.comment),
                ],
            },
        )
        .await?;
        let query = format!(
            "INSERT INTO history_entry (change_set, recorded_at, account_id, actor_name, organisation, \
             plan_id, package_id, entity, entity_id, field, old_value, new_value, comment, visibility, \
             reason_category, {}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)",
            super::chain::Seal::COLUMNS
        );
        let query = sqlx::query(&query)
            .bind(self.id)
            .bind(&self.recorded_at)
            .bind(self.actor.account_id)
            .bind(&self.actor.name)
            .bind(&self.actor.organisation)
            .bind(entry.scope.plan_id)
            .bind(entry.scope.package_id)
            .bind(entry.entity.code())
            .bind(entry.entity_id)
            .bind(entry.field)
            .bind(entry.old)
            .bind(entry.new)
            .bind(entry.comment)
            .bind(visibility)
            .bind(category);
        let end = crate::domain::chain::Before {
            hash: seal.chain_hash.clone(),
            change_set: Some(self.id),
        };
        seal.bind(query).execute(conn).await?;
        *self.chain_end.lock().unwrap_or_else(|e| e.into_inner()) = Some((chain, end));
        Ok(())
    }

    /// Records a milestone's moved forecast, if `forecast_on` differs between `old` and
    /// `new`, with `reason` (its text as the comment, its category beside it), and takes
    /// the field out of both maps so the `record_diff` that follows leaves it alone.
    pub async fn record_forecast_move(
        &self,
        conn: &mut Conn,
        scope: Scope,
        milestone_id: i64,
        (old, new): (&mut FieldValues, &mut FieldValues),
        reason: Option<&ForecastReason>,
    ) -> Result<(), sqlx::Error> {
        const FIELD: &str = "forecast_on";
        let (before, after) = (old.remove(FIELD).flatten(), new.remove(FIELD).flatten());
        if before == after {
            return Ok(());
        }
        let entry = Entry {
            scope,
            entity: EntityKind::Milestone,
            entity_id: milestone_id,
            field: FIELD,
            old: before.as_deref(),
            new: after.as_deref(),
            comment: reason.map_or("", |r| r.text.as_str()),
            visibility: Visibility::Public,
        };
        self.record_with_category(conn, entry, reason.map(|r| r.category))
            .await
    }

    /// Records every field whose value differs between `old` and `new` (a missing old
    /// map means the record was created). Returns how many fields changed.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_diff(
        &self,
        conn: &mut Conn,
        scope: Scope,
        entity: EntityKind,
        entity_id: i64,
        old: Option<&FieldValues>,
        new: &FieldValues,
        comment: &str,
        visibility_of: impl Fn(&str) -> Visibility,
    ) -> Result<usize, sqlx::Error> {
        let mut changed = 0;
        for (field, new_value) in new {
            let old_value = old.and_then(|o| o.get(field).cloned().flatten());
            let unchanged = match old {
                Some(old) => old.get(field).cloned().flatten() == *new_value,
                // On creation, empty fields are not worth an entry.
                None => new_value.is_none(),
            };
            if unchanged {
                continue;
            }
            self.record(
                conn,
                Entry {
                    scope,
                    entity,
                    entity_id,
                    field,
                    old: old_value.as_deref(),
                    new: new_value.as_deref(),
                    comment,
                    visibility: visibility_of(field),
                },
            )
            .await?;
            changed += 1;
        }
        Ok(changed)
    }
}

/// A record's fields as history stores them: text, `None` for empty.
pub type FieldValues = BTreeMap<&'static str, Option<String>>;

/// Turns empty strings into `None`, the history's "no value".
pub fn text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

#[derive(FromRow)]
struct EntryRow {
    id: i64,
    change_set: i64,
    recorded_at: String,
    actor_name: String,
    organisation: String,
    entity: String,
    entity_id: i64,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
    comment: String,
    reason_category: Option<String>,
    entity_title: Option<String>,
    package_number: Option<i64>,
}

/// What a history entry `h` is about, as it is named now: `entity_title` (milestone,
/// package, the package of a status update, account or plan) and `package_number`.
pub(super) const ENTRY_PLACE_COLUMNS: &str =
    "coalesce(m.title, p.title, su_p.title, a.display_name, pl.title, ind.name) AS entity_title, \
     coalesce(mp.number, p.number, su_p.number, ind_p.number) AS package_number";

/// The joins `ENTRY_PLACE_COLUMNS` reads from.
pub(super) const ENTRY_PLACE_JOINS: &str =
    "LEFT JOIN milestone m ON h.entity = 'milestone' AND m.id = h.entity_id \
     LEFT JOIN measure_package mp ON mp.id = m.package_id \
     LEFT JOIN measure_package p ON h.entity = 'package' AND p.id = h.entity_id \
     LEFT JOIN status_update su ON h.entity = 'status_update' AND su.id = h.entity_id \
     LEFT JOIN measure_package su_p ON su_p.id = su.package_id \
     LEFT JOIN account a ON h.entity = 'account' AND a.id = h.entity_id \
     LEFT JOIN plan pl ON h.entity = 'plan' AND pl.id = h.entity_id \
     LEFT JOIN indicator ind ON h.entity = 'indicator' AND ind.id = h.entity_id \
     LEFT JOIN measure_package ind_p ON ind_p.id = ind.package_id";

/// Which entries a reader may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Public,
    Member,
    Admin,
}

impl Reader {
    fn visibility_filter(self) -> &'static str {
        match self {
            Reader::Public => "h.visibility = 'public'",
            Reader::Member => "h.visibility IN ('public', 'internal')",
            Reader::Admin => "1 = 1",
        }
    }
}

pub const PAGE_SIZE: u32 = 25;

/// Newest first; `package_id` narrows to one package.
pub async fn page(
    pool: &Pool,
    clock: &Clock,
    plan_id: i64,
    package_id: Option<i64>,
    reader: Reader,
    page: u32,
    page_size: u32,
) -> Result<HistoryPage, sqlx::Error> {
    let offset = i64::from(page.saturating_sub(1)) * i64::from(page_size);
    let query = EventQuery {
        plan_id,
        package_id,
        reader,
        until: None,
    };
    let mut events = query
        .run(pool, clock, i64::from(page_size) + 1, offset)
        .await?;
    let has_next = events.len() > page_size as usize;
    events.truncate(page_size as usize);
    Ok(HistoryPage {
        events,
        page: page.max(1),
        has_next,
        can_redact: false,
        words: Default::default(),
    })
}

/// The newest `limit` public saves recorded before `until` (RFC 3339), of the plan or of
/// one of its packages, for feeds.
pub async fn public_events_until(
    pool: &Pool,
    clock: &Clock,
    plan_id: i64,
    package_id: Option<i64>,
    until: &str,
    limit: u32,
) -> Result<Vec<ChangeEvent>, sqlx::Error> {
    let query = EventQuery {
        plan_id,
        package_id,
        reader: Reader::Public,
        until: Some(until),
    };
    query.run(pool, clock, i64::from(limit), 0).await
}

struct EventQuery<'a> {
    plan_id: i64,
    package_id: Option<i64>,
    reader: Reader,
    until: Option<&'a str>,
}

impl EventQuery<'_> {
    async fn run(
        &self,
        pool: &Pool,
        clock: &Clock,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ChangeEvent>, sqlx::Error> {
        let visible = self.reader.visibility_filter();
        let plan_filter = if self.reader == Reader::Admin {
            "(h.plan_id = $1 OR h.plan_id IS NULL)"
        } else {
            "h.plan_id = $1"
        };
        let sql = format!(
            "WITH sets AS ( \
               SELECT DISTINCT h.change_set FROM history_entry h \
               WHERE {plan_filter} AND {visible} AND ($2 IS NULL OR h.package_id = $2) \
                 AND ($5 IS NULL OR h.recorded_at < $5) \
               ORDER BY h.change_set DESC LIMIT $3 OFFSET $4 \
             ) \
             SELECT h.id, h.change_set, h.recorded_at, h.actor_name, h.organisation, h.entity, h.entity_id, \
                    h.field, h.old_value, h.new_value, h.comment, h.reason_category, \
                    {ENTRY_PLACE_COLUMNS} \
             FROM history_entry h \
             JOIN sets ON sets.change_set = h.change_set \
             {ENTRY_PLACE_JOINS} \
             WHERE {visible} AND ($2 IS NULL OR h.package_id = $2) \
             ORDER BY h.change_set DESC, h.id"
        );
        let rows: Vec<EntryRow> = sqlx::query_as(&sql)
            .bind(self.plan_id)
            .bind(self.package_id)
            .bind(limit)
            .bind(offset)
            .bind(self.until)
            .fetch_all(pool)
            .await?;
        Ok(group(rows, self.reader != Reader::Public, clock))
    }
}

fn group(rows: Vec<EntryRow>, with_names: bool, clock: &Clock) -> Vec<ChangeEvent> {
    let mut events: Vec<ChangeEvent> = Vec::new();
    for row in rows {
        let category = row
            .reason_category
            .as_deref()
            .and_then(DelayCategory::parse);
        let change = FieldChange {
            entry_id: row.id,
            field: row.field,
            old_value: row.old_value,
            new_value: row.new_value,
        };
        if let Some(last) = events.last_mut() {
            if last.change_set == row.change_set
                && last.entity.code() == row.entity
                && last.entity_id == row.entity_id
            {
                last.changes.push(change);
                if last.comment.is_empty() {
                    last.comment = row.comment;
                }
                last.reason_category = last.reason_category.or(category);
                continue;
            }
        }
        let Some(entity) = EntityKind::parse(&row.entity) else {
            continue;
        };
        events.push(ChangeEvent {
            change_set: row.change_set,
            when: clock.local_time(&row.recorded_at),
            recorded_at: row.recorded_at,
            actor_name: with_names.then_some(row.actor_name),
            organisation: row.organisation,
            entity,
            entity_id: row.entity_id,
            entity_title: row.entity_title.unwrap_or_default(),
            package_number: row.package_number.map(|n| n as u32),
            comment: row.comment,
            reason_category: category,
            changes: vec![change],
        });
    }
    events
}

/// Changes of demanded dates that replaced an earlier date, with their reasons.
pub async fn rebaselinings(
    pool: &Pool,
    clock: &Clock,
    plan_id: i64,
    package_id: Option<i64>,
) -> Result<Vec<Rebaselining>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        entity_id: i64,
        title: String,
        recorded_at: String,
        organisation: String,
        old_value: Option<String>,
        new_value: Option<String>,
        comment: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT h.entity_id, m.title, h.recorded_at, h.organisation, h.old_value, h.new_value, h.comment \
         FROM history_entry h JOIN milestone m ON m.id = h.entity_id \
         WHERE h.entity = 'milestone' AND h.field = 'demanded_on' AND h.old_value IS NOT NULL \
           AND h.plan_id = $1 AND ($2 IS NULL OR h.package_id = $3) AND h.visibility = 'public' \
         ORDER BY h.change_set DESC",
    )
    .bind(plan_id)
    .bind(package_id)
    .bind(package_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Rebaselining {
            milestone_id: r.entity_id,
            milestone_title: r.title,
            when: clock.local_time(&r.recorded_at),
            recorded_at: r.recorded_at,
            organisation: r.organisation,
            old_date: r.old_value,
            new_date: r.new_value,
            reason: r.comment,
        })
        .collect())
}

/// The moves of forecasts from one date to another (not a first forecast, not a removed
/// one) recorded before `until` (RFC 3339; `None`: all), oldest first, with their reasons:
/// for the package pages and, with `until`, for the exports' as-of records.
pub async fn forecast_moves(
    pool: &Pool,
    clock: &Clock,
    plan_id: i64,
    package_id: Option<i64>,
    until: Option<&str>,
) -> Result<Vec<ForecastMove>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        entity_id: i64,
        title: String,
        recorded_at: String,
        organisation: String,
        old_value: String,
        new_value: String,
        comment: String,
        reason_category: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT h.entity_id, m.title, h.recorded_at, h.organisation, h.old_value, h.new_value, \
         h.comment, h.reason_category \
         FROM history_entry h JOIN milestone m ON m.id = h.entity_id \
         WHERE h.plan_id = $1 AND h.entity = 'milestone' AND h.field = 'forecast_on' \
           AND h.old_value IS NOT NULL AND h.new_value IS NOT NULL \
           AND ($2 IS NULL OR h.package_id = $2) AND h.visibility = 'public' \
           AND ($3 IS NULL OR h.recorded_at < $3) \
         ORDER BY h.change_set, h.id",
    )
    .bind(plan_id)
    .bind(package_id)
    .bind(until)
    .fetch_all(pool)
    .await?;
    let date = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(ForecastMove {
                milestone_id: r.entity_id,
                milestone_title: r.title,
                when: clock.local_time(&r.recorded_at),
                recorded_at: r.recorded_at,
                organisation: r.organisation,
                from: date(&r.old_value)?,
                to: date(&r.new_value)?,
                category: r
                    .reason_category
                    .as_deref()
                    .and_then(crate::domain::postponement::DelayCategory::parse),
                reason: r.comment,
            })
        })
        .collect())
}

/// Who saved a record last and when (for conflict messages and edit forms).
pub async fn last_change(
    conn: impl sqlx::any::AnyExecutor<'_>,
    entity: EntityKind,
    entity_id: i64,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT actor_name, organisation, recorded_at FROM history_entry \
         WHERE entity = $1 AND entity_id = $2 ORDER BY change_set DESC, id DESC LIMIT 1",
    )
    .bind(entity.code())
    .bind(entity_id)
    .fetch_optional(conn)
    .await
}

/// The last recorded change of each field of a record.
#[derive(Debug, Clone, FromRow)]
pub struct FieldLastChange {
    pub field: String,
    /// Saved by a signed-in account (not by an import or the command line).
    #[sqlx(try_from = "crate::runtime::db::Flag")]
    pub by_person: bool,
    pub actor_name: String,
    pub organisation: String,
    pub recorded_at: String,
}

/// Per field of `entity` `entity_id`: its newest history entry.
pub async fn last_change_per_field(
    conn: impl sqlx::any::AnyExecutor<'_>,
    entity: EntityKind,
    entity_id: i64,
) -> Result<Vec<FieldLastChange>, sqlx::Error> {
    sqlx::query_as(
        "SELECT h.field, h.account_id IS NOT NULL AS by_person, h.actor_name, h.organisation, \
                h.recorded_at \
         FROM history_entry h \
         WHERE h.entity = $1 AND h.entity_id = $2 AND h.id = ( \
             SELECT max(l.id) FROM history_entry l \
             WHERE l.entity = $1 AND l.entity_id = $2 AND l.field = h.field)",
    )
    .bind(entity.code())
    .bind(entity_id)
    .fetch_all(conn)
    .await
}
