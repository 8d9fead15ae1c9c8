//! The hash chain in the database (issue 21): every entry is sealed as it is written
//! (salts, commitments, the chain's hash after it), entries from before the chain are
//! sealed once, and the whole history is checked (`umsetzungsmonitor verify`, the start of
//! the server, a restore). The rules themselves are pure: `domain::chain`.

use std::collections::BTreeMap;

use crate::runtime::db::{Conn, Pool};
use sqlx::FromRow;

use crate::domain::chain::{self, Before, Break, Head, Link, Sealed, Side, Value};

/// An entry's chained fields with its texts, before it is sealed.
pub struct Unsealed<'a> {
    pub plan_id: Option<i64>,
    pub change_set: i64,
    pub recorded_at: &'a str,
    pub package_id: Option<i64>,
    pub entity: &'a str,
    pub entity_id: i64,
    pub field: &'a str,
    pub visibility: &'a str,
    pub reason_category: Option<&'a str>,
    /// In the order of `Side::ALL` (domain::chain).
    pub texts: [Option<&'a str>; 5],
}

/// What an entry stores of the chain.
pub struct Seal {
    /// In the order of `Side::ALL` (domain::chain).
    pub salts: [Option<String>; 5],
    pub commitments: [Option<String>; 5],
    pub chain_hash: String,
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl Seal {
    /// The columns [`Seal::bind`] binds, in its order.
    pub const COLUMNS: &'static str =
        "salt_actor, salt_organisation, salt_old, salt_new, salt_comment, commit_actor, \
         commit_organisation, commit_old, commit_new, commit_comment, chain_hash";

    /// Binds the salts, the commitments and the chain's hash, in the order of
    /// [`Seal::COLUMNS`].
    pub fn bind(self, query: AnyQuery<'_>) -> AnyQuery<'_> {
        let query = self.salts.into_iter().fold(query, |q, salt| q.bind(salt));
        let query = self.commitments.into_iter().fold(query, |q, c| q.bind(c));
        query.bind(self.chain_hash)
    }
}

fn new_salt() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The chain an entry of `plan_id` belongs to (0: entries of no plan, the accounts).
pub fn chain_of(plan_id: Option<i64>) -> i64 {
    plan_id.unwrap_or(0)
}

/// Where `chain` stands now: its last entry's hash and change set.
async fn last_of(conn: &mut Conn, chain: i64) -> Result<Before, sqlx::Error> {
    let last: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT change_set, chain_hash FROM history_entry \
         WHERE coalesce(plan_id, 0) = $1 AND chain_hash IS NOT NULL \
         ORDER BY change_set DESC, id DESC LIMIT 1",
    )
    .bind(chain)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match last {
        Some((change_set, Some(hash))) => Before {
            hash,
            change_set: Some(change_set),
        },
        _ => Before::genesis(),
    })
}

fn seal_after(before: &Before, entry: &Unsealed<'_>) -> Result<Seal, sqlx::Error> {
    let salts = entry.texts.map(|text| text.map(|_| new_salt()));
    let mut commitments: [Option<String>; 5] = Default::default();
    for (i, text) in entry.texts.iter().enumerate() {
        commitments[i] = text
            .zip(salts[i].as_deref())
            .map(|(t, s)| chain::commitment(s, t));
    }
    let missing = || sqlx::Error::Protocol("history entry without a required value".into());
    let sealed = Sealed {
        chain: chain_of(entry.plan_id),
        change_set: entry.change_set,
        recorded_at: entry.recorded_at,
        package_id: entry.package_id,
        entity: entry.entity,
        entity_id: entry.entity_id,
        field: entry.field,
        visibility: entry.visibility,
        reason_category: entry.reason_category,
        actor: commitments[0].as_deref().ok_or_else(missing)?,
        organisation: commitments[1].as_deref().ok_or_else(missing)?,
        old: commitments[2].as_deref(),
        new: commitments[3].as_deref(),
        comment: commitments[4].as_deref().ok_or_else(missing)?,
    };
    let chain_hash = chain::entry_hash(before, &sealed).ok_or_else(|| {
        sqlx::Error::Protocol(format!(
            "history identifier with a tab or line break: {}",
            entry.field
        ))
    })?;
    Ok(Seal {
        salts,
        commitments,
        chain_hash,
    })
}

/// Seals a new entry: inside the transaction that writes it, after every entry before it
/// (`known`: the chain's end as the caller wrote it last in this transaction; else read).
pub async fn seal(
    conn: &mut Conn,
    known: Option<Before>,
    entry: &Unsealed<'_>,
) -> Result<Seal, sqlx::Error> {
    let before = match known {
        Some(before) => before,
        None => last_of(conn, chain_of(entry.plan_id)).await?,
    };
    seal_after(&before, entry)
}

#[derive(FromRow)]
struct Row {
    id: i64,
    change_set: i64,
    recorded_at: String,
    plan_id: Option<i64>,
    package_id: Option<i64>,
    entity: String,
    entity_id: i64,
    field: String,
    visibility: String,
    reason_category: Option<String>,
    actor_name: String,
    organisation: String,
    old_value: Option<String>,
    new_value: Option<String>,
    comment: String,
    salt_actor: Option<String>,
    salt_organisation: Option<String>,
    salt_old: Option<String>,
    salt_new: Option<String>,
    salt_comment: Option<String>,
    commit_actor: Option<String>,
    commit_organisation: Option<String>,
    commit_old: Option<String>,
    commit_new: Option<String>,
    commit_comment: Option<String>,
    redaction_id: Option<i64>,
    chain_hash: Option<String>,
}

const ROW_COLUMNS: &str =
    "id, change_set, recorded_at, plan_id, package_id, entity, entity_id, field, \
     visibility, reason_category, actor_name, organisation, old_value, new_value, comment, \
     salt_actor, salt_organisation, salt_old, salt_new, salt_comment, commit_actor, \
     commit_organisation, commit_old, commit_new, commit_comment, redaction_id, chain_hash";

impl Row {
    fn into_link(self) -> Link {
        let value =
            |text: Option<String>, salt: Option<String>, commitment: Option<String>| Value {
                commitment,
                text,
                salt,
            };
        Link {
            id: self.id,
            chain: chain_of(self.plan_id),
            change_set: self.change_set,
            recorded_at: self.recorded_at,
            package_id: self.package_id,
            entity: self.entity,
            entity_id: self.entity_id,
            field: self.field,
            visibility: self.visibility,
            reason_category: self.reason_category,
            values: [
                value(Some(self.actor_name), self.salt_actor, self.commit_actor),
                value(
                    Some(self.organisation),
                    self.salt_organisation,
                    self.commit_organisation,
                ),
                value(self.old_value, self.salt_old, self.commit_old),
                value(self.new_value, self.salt_new, self.commit_new),
                value(Some(self.comment), self.salt_comment, self.commit_comment),
            ],
            redacted: self.redaction_id.is_some(),
            chain_hash: self.chain_hash,
        }
    }
}

/// Seals, once and in order, the entries written before the chain began (migration
/// 20261207000000 names the last of them). Returns how many it sealed.
pub async fn seal_earlier_entries(pool: &Pool) -> Result<u64, sqlx::Error> {
    let mut tx = crate::runtime::db::begin_write(pool).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {ROW_COLUMNS} FROM history_entry \
         WHERE chain_hash IS NULL \
           AND change_set <= (SELECT sealed_through FROM history_chain_start WHERE id = 1) \
         ORDER BY coalesce(plan_id, 0), change_set, id"
    ))
    .fetch_all(&mut *tx)
    .await?;
    let update = format!(
        "UPDATE history_entry SET ({}) = ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) WHERE id = $12",
        Seal::COLUMNS
    );
    let mut sealed = 0;
    let mut current: Option<(i64, Before)> = None;
    for row in rows {
        let chain = chain_of(row.plan_id);
        let before = match current.take() {
            Some((c, before)) if c == chain => before,
            _ => last_of(&mut tx, chain).await?,
        };
        let entry = Unsealed {
            plan_id: row.plan_id,
            change_set: row.change_set,
            recorded_at: &row.recorded_at,
            package_id: row.package_id,
            entity: &row.entity,
            entity_id: row.entity_id,
            field: &row.field,
            visibility: &row.visibility,
            reason_category: row.reason_category.as_deref(),
            texts: [
                Some(&row.actor_name),
                Some(&row.organisation),
                row.old_value.as_deref(),
                row.new_value.as_deref(),
                Some(&row.comment),
            ],
        };
        let seal = seal_after(&before, &entry)?;
        let hash = seal.chain_hash.clone();
        seal.bind(sqlx::query(&update))
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        sealed += 1;
        current = Some((
            chain,
            Before {
                hash,
                change_set: Some(row.change_set),
            },
        ));
    }
    tx.commit().await?;
    Ok(sealed)
}

/// A chain that verified: its head and the hash at the end of each change set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub head: Head,
    pub ends: BTreeMap<i64, String>,
    pub entries: u64,
}

/// What a check of the whole history found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Findings {
    pub chains: Vec<Verified>,
    pub breaks: Vec<Break>,
    /// A record that says something else than its history's last entry.
    pub records: Vec<RecordDiffers>,
}

impl Findings {
    pub fn is_intact(&self) -> bool {
        self.breaks.is_empty() && self.records.is_empty()
    }

    /// The chain of `plan_id`, if it verified.
    pub fn chain(&self, plan_id: i64) -> Option<&Verified> {
        self.chains.iter().find(|c| c.head.chain == plan_id)
    }
}

/// A record whose field holds another value than the history's last entry for it:
/// changed past the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordDiffers {
    pub entity: &'static str,
    pub entity_id: i64,
    pub field: &'static str,
    pub change_set: i64,
}

impl std::fmt::Display for RecordDiffers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}, Feld „{}“: der Datensatz weicht vom letzten Eintrag der Historie ab (Änderung {}); er wurde an der App vorbei geändert",
            self.entity, self.entity_id, self.field, self.change_set
        )
    }
}

/// The record columns that every save records in the history, field by field: a record
/// whose column differs from its history's last value was changed past the app. (A
/// redacted entry holds the notice; its record may hold the notice or nothing, as a
/// withdrawn status update's link.)
const RECORDED_COLUMNS: &[(&str, &str, &[&str])] = &[
    (
        "milestone",
        "milestone",
        &[
            "title",
            "title_en",
            "description",
            "status",
            "demanded_on",
            "forecast_on",
            "completed_on",
            "public_note",
            "internal_note",
            "evidence_links",
        ],
    ),
    (
        "package",
        "measure_package",
        &[
            "title",
            "summary",
            "goal",
            "responsible_unit",
            "source_reference",
            "title_en",
            "summary_en",
            "goal_en",
        ],
    ),
    (
        "status_update",
        "status_update",
        &["body", "link", "occurred_on"],
    ),
];

async fn records_against_history(
    conn: &mut crate::runtime::db::Conn,
) -> Result<Vec<RecordDiffers>, sqlx::Error> {
    let mut found = Vec::new();
    for (entity, table, fields) in RECORDED_COLUMNS {
        // One pass per table: the last entry of every (record, field), then the record's
        // column of that field beside it. (A correlated "last entry of this field" per
        // record took minutes on 100,000 entries.) `table` and the columns come from the
        // fixed list above.
        let column = fields
            .iter()
            .map(|field| format!("WHEN '{field}' THEN CAST(r.{field} AS TEXT)"))
            .collect::<Vec<_>>()
            .join(" ");
        let listed = fields
            .iter()
            .map(|field| format!("'{field}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT r.id, l.field, h.change_set \
             FROM (SELECT entity_id, field, max(id) AS last FROM history_entry \
                   WHERE entity = $1 AND field IN ({listed}) GROUP BY entity_id, field) l \
             JOIN history_entry h ON h.id = l.last \
             JOIN {table} r ON r.id = l.entity_id \
             WHERE h.redaction_id IS NULL \
               AND h.new_value IS DISTINCT FROM nullif(CASE l.field {column} END, '') \
             ORDER BY r.id, l.field"
        );
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(&sql)
            .bind(entity)
            .fetch_all(&mut *conn)
            .await?;
        found.extend(rows.into_iter().filter_map(|(id, field, change_set)| {
            let field = fields.iter().find(|f| **f == field)?;
            Some(RecordDiffers {
                entity,
                entity_id: id,
                field,
                change_set,
            })
        }));
    }
    Ok(found)
}

/// Checks every chain and every record against its history, all in one read transaction:
/// saves by a running server meanwhile are not half seen.
pub async fn verify(pool: &Pool) -> Result<Findings, sqlx::Error> {
    let mut snapshot = crate::runtime::db::begin_read(pool).await?;
    let findings = verify_in(&mut snapshot).await?;
    snapshot.commit().await?;
    Ok(findings)
}

/// [`verify`] on one connection, in the transaction it may be in (`migrate-database`
/// verifies the copy before it commits).
pub async fn verify_in(snapshot: &mut crate::runtime::db::Conn) -> Result<Findings, sqlx::Error> {
    let chains: Vec<(i64,)> =
        sqlx::query_as("SELECT DISTINCT coalesce(plan_id, 0) FROM history_entry ORDER BY 1")
            .fetch_all(&mut *snapshot)
            .await?;
    let mut findings = Findings::default();
    for (chain,) in chains {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {ROW_COLUMNS} FROM history_entry WHERE coalesce(plan_id, 0) = $1 \
             ORDER BY change_set, id"
        ))
        .bind(chain)
        .fetch_all(&mut *snapshot)
        .await?;
        let links: Vec<Link> = rows.into_iter().map(Row::into_link).collect();
        let mut ends = BTreeMap::new();
        match chain::walk(chain, &links, |link, hash| {
            ends.insert(link.change_set, hash.to_owned());
        }) {
            Ok(Some(head)) => findings.chains.push(Verified {
                head,
                ends,
                entries: links.len() as u64,
            }),
            Ok(None) => {}
            Err(broken) => findings.breaks.push(broken),
        }
    }
    findings.records = records_against_history(snapshot).await?;
    Ok(findings)
}

/// The head of `plan_id`'s chain as stored (not verified): what exports publish. With
/// `until` (RFC 3339), the head as it stood then: the last change set recorded before it.
pub async fn head(
    conn: impl sqlx::any::AnyExecutor<'_>,
    plan_id: i64,
    until: Option<&str>,
) -> Result<Option<Head>, sqlx::Error> {
    let last: Option<(i64, String)> = sqlx::query_as(
        "SELECT change_set, chain_hash FROM history_entry \
         WHERE coalesce(plan_id, 0) = $1 AND chain_hash IS NOT NULL \
           AND ($2 IS NULL OR recorded_at < $3) \
         ORDER BY change_set DESC, id DESC LIMIT 1",
    )
    .bind(plan_id)
    .bind(until)
    .bind(until)
    .fetch_optional(conn)
    .await?;
    Ok(last.map(|(change_set, hash)| Head {
        chain: plan_id,
        change_set,
        hash,
    }))
}

/// How many entries `plan_id`'s chain has.
pub async fn length(pool: &Pool, plan_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM history_entry WHERE coalesce(plan_id, 0) = $1")
        .bind(plan_id)
        .fetch_one(pool)
        .await
}

/// A day's closing head: the chain's head after the day's last change set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub day: chrono::NaiveDate,
    /// When the day's last change set was recorded (RFC 3339).
    pub recorded_at: String,
    pub head: Head,
}

/// The heads of `plan_id`'s chain at the end of each of the last `days` days that had a
/// change set recorded before `until` (RFC 3339), newest first: a day is the plan's local
/// day of a change set's time (`day_of`).
pub async fn closing_heads(
    pool: &Pool,
    plan_id: i64,
    until: &str,
    day_of: impl Fn(&str) -> Option<chrono::NaiveDate>,
    days: usize,
) -> Result<Vec<Closing>, sqlx::Error> {
    // The last entry of each change set, newest first, a batch at a time until enough
    // days are found.
    let mut found: Vec<Closing> = Vec::new();
    let mut below = i64::MAX;
    loop {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT change_set, recorded_at, chain_hash FROM history_entry h \
             WHERE coalesce(plan_id, 0) = $1 AND chain_hash IS NOT NULL AND change_set < $2 \
               AND recorded_at < $3 \
               AND id = (SELECT max(l.id) FROM history_entry l \
                         WHERE l.change_set = h.change_set AND coalesce(l.plan_id, 0) = $1) \
             ORDER BY change_set DESC LIMIT 200",
        )
        .bind(plan_id)
        .bind(below)
        .bind(until)
        .fetch_all(pool)
        .await?;
        let Some(last) = rows.last() else {
            return Ok(found);
        };
        below = last.0;
        for (change_set, recorded_at, hash) in rows {
            let Some(day) = day_of(&recorded_at) else {
                continue;
            };
            if found.last().is_some_and(|c| c.day == day) {
                continue;
            }
            if found.len() == days {
                return Ok(found);
            }
            found.push(Closing {
                day,
                recorded_at,
                head: Head {
                    chain: plan_id,
                    change_set,
                    hash,
                },
            });
        }
    }
}

/// What `/{plan}/api/v1/historie.json` may show of an entry's value: text and salt of a
/// public entry's organisation, values and comment (unless redacted); of everything else,
/// the name above all, only the commitment.
fn published(link: &mut Link) {
    let public = link.visibility == "public";
    for (side, value) in Side::ALL.iter().zip(link.values.iter_mut()) {
        let shown = public && *side != Side::Actor && value.salt.is_some();
        if !shown {
            value.text = None;
            value.salt = None;
        }
    }
}

/// One page of a chain as published, oldest first, and the hash before its first entry.
pub struct PublishedPage {
    pub before: Before,
    pub links: Vec<Link>,
    pub total: i64,
}

/// Entries `offset..offset + limit` of `plan_id`'s chain, as the public may see them.
pub async fn published_page(
    pool: &Pool,
    plan_id: i64,
    offset: i64,
    limit: i64,
) -> Result<PublishedPage, sqlx::Error> {
    let total = length(pool, plan_id).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {ROW_COLUMNS} FROM history_entry WHERE coalesce(plan_id, 0) = $1 \
         ORDER BY change_set, id LIMIT $2 OFFSET $3"
    ))
    .bind(plan_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let before = if offset == 0 {
        Before::genesis()
    } else {
        let last: Option<(i64, Option<String>)> = sqlx::query_as(
            "SELECT change_set, chain_hash FROM history_entry WHERE coalesce(plan_id, 0) = $1 \
             ORDER BY change_set, id LIMIT 1 OFFSET $2",
        )
        .bind(plan_id)
        .bind(offset - 1)
        .fetch_optional(pool)
        .await?;
        match last {
            Some((change_set, hash)) => Before {
                hash: hash.unwrap_or_default(),
                change_set: Some(change_set),
            },
            None => Before::genesis(),
        }
    };
    let links = rows
        .into_iter()
        .map(|row| {
            let mut link = row.into_link();
            published(&mut link);
            link
        })
        .collect();
    Ok(PublishedPage {
        before,
        links,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(visibility: &str, redacted_new: bool) -> Link {
        let value = |text: &str| Value {
            commitment: Some(chain::commitment("00", text)),
            text: Some(text.to_owned()),
            salt: Some("00".to_owned()),
        };
        let mut new = value("neu");
        if redacted_new {
            new.text = Some("[entfernt]".to_owned());
            new.salt = None;
        }
        Link {
            id: 1,
            chain: 1,
            change_set: 1,
            recorded_at: "2026-01-01T00:00:00.000Z".to_owned(),
            package_id: None,
            entity: "milestone".to_owned(),
            entity_id: 1,
            field: "status".to_owned(),
            visibility: visibility.to_owned(),
            reason_category: None,
            values: [
                value("Erika Muster"),
                value("AG"),
                value("alt"),
                new,
                value("weil"),
            ],
            redacted: redacted_new,
            chain_hash: None,
        }
    }

    #[test]
    fn the_public_sees_names_and_internal_values_only_as_commitments() {
        let mut public = link("public", false);
        published(&mut public);
        let shown: Vec<bool> = public.values.iter().map(|v| v.text.is_some()).collect();
        assert_eq!(shown, [false, true, true, true, true]);
        assert!(public.values.iter().all(|v| v.commitment.is_some()));
        assert_eq!(public.values[0].salt, None);

        let mut internal = link("internal", false);
        published(&mut internal);
        assert!(internal
            .values
            .iter()
            .all(|v| v.text.is_none() && v.salt.is_none() && v.commitment.is_some()));

        let mut redacted = link("public", true);
        published(&mut redacted);
        assert_eq!(redacted.values[3].text, None, "a notice without salt");
        assert_eq!(redacted.values[2].text.as_deref(), Some("alt"));
    }

    #[test]
    fn salts_are_32_hex_digits_and_differ() {
        let (a, b) = (new_salt(), new_salt());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
