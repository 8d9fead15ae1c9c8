//! SQL that writes indicators, each change through the history in the caller's change
//! set: used by the catalogue import (and by the editing pages). Like `plan::repo::edit`,
//! it lives with the record it writes; the capabilities that write call it.

use crate::runtime::db::day;
use crate::runtime::db::Conn;
use chrono::NaiveDate;

use super::model::{
    fields, value_code, IndicatorAbout, IndicatorDraft, PointDraft, StoredIndicator,
};
use crate::domain::indicators::Unit;
use crate::history::model::EntityKind;
use crate::history::repo::{text, ChangeSet, Entry, FieldValues, Scope, Visibility};

/// Creates an indicator with its intermediate targets; returns its id.
pub async fn insert_indicator(
    conn: &mut Conn,
    changes: &ChangeSet,
    plan_id: i64,
    package_id: Option<i64>,
    draft: &IndicatorDraft,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO indicator (plan_id, package_id, key, sort_order, name, name_en, description, \
         description_en, unit, direction, method, source, small_count, target_value, target_on, \
         is_example) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
    )
    .bind(plan_id)
    .bind(package_id)
    .bind(&draft.key)
    .bind(draft.sort_order)
    .bind(&draft.name)
    .bind(&draft.name_en)
    .bind(&draft.description)
    .bind(&draft.description_en)
    .bind(draft.unit.code())
    .bind(draft.direction.code())
    .bind(&draft.method)
    .bind(&draft.source)
    .bind(i64::from(draft.small_count))
    .bind(draft.target.value)
    .bind(day(draft.target.due))
    .bind(draft.is_example)
    .fetch_one(&mut *conn)
    .await?;
    let scope = Scope {
        plan_id: Some(plan_id),
        package_id,
    };
    let values = FieldValues::from([
        ("title", text(&draft.name)),
        ("title_en", text(&draft.name_en)),
        ("description", text(&draft.description)),
        ("description_en", text(&draft.description_en)),
        ("unit", Some(draft.unit.code().to_owned())),
        ("direction", Some(draft.direction.code().to_owned())),
        ("method", text(&draft.method)),
        ("source", text(&draft.source)),
        ("small_count", Some(draft.small_count.to_string())),
        ("target_value", Some(value_code(draft.target.value))),
        (
            "target_on",
            Some(draft.target.due.format("%Y-%m-%d").to_string()),
        ),
        ("package", draft.package_number.map(|n| n.to_string())),
        ("is_example", draft.is_example.then(|| "true".to_owned())),
    ]);
    changes
        .record_diff(
            conn,
            scope,
            EntityKind::Indicator,
            id,
            None,
            &values,
            "",
            |_| Visibility::Public,
        )
        .await?;
    for target in &draft.intermediate {
        sqlx::query(
            "INSERT INTO indicator_target (indicator_id, due_on, value) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(day(target.due))
        .bind(target.value)
        .execute(&mut *conn)
        .await?;
        let value = value_code(target.value);
        changes
            .record(
                conn,
                Entry {
                    scope,
                    entity: EntityKind::Indicator,
                    entity_id: id,
                    field: &fields::intermediate(target.due),
                    old: None,
                    new: Some(&value),
                    comment: "",
                    visibility: Visibility::Public,
                },
            )
            .await?;
    }
    Ok(id)
}

/// What a stored indicator's points are written against.
#[derive(Debug, Clone, Copy)]
pub struct PointTarget {
    pub plan_id: i64,
    pub package_id: Option<i64>,
    pub indicator_id: i64,
    pub unit: Unit,
    pub small_count: u32,
}

impl super::model::StoredIndicator {
    /// What its values and targets are written against, in plan `plan_id`.
    pub fn point_target(&self, plan_id: i64) -> PointTarget {
        PointTarget {
            plan_id,
            package_id: self.package_id,
            indicator_id: self.id,
            unit: self.unit,
            small_count: self.small_count,
        }
    }
}

/// The indicator with `key` in the plan, if there is one.
pub async fn find_by_key(
    conn: &mut Conn,
    plan_id: i64,
    key: &str,
) -> Result<Option<PointTarget>, sqlx::Error> {
    let row: Option<(i64, Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT id, package_id, unit, small_count FROM indicator WHERE plan_id = $1 AND key = $2",
    )
    .bind(plan_id)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(
        row.and_then(|(indicator_id, package_id, unit, small_count)| {
            Some(PointTarget {
                plan_id,
                package_id,
                indicator_id,
                unit: Unit::parse(&unit)?,
                small_count: small_count.clamp(0, 1000) as u32,
            })
        }),
    )
}

/// Saves a period's value only when the indicator has none for it yet (a catalogue read
/// in again adds values, it never overwrites one entered in the app); returns whether it
/// saved.
pub async fn save_point_if_new(
    conn: &mut Conn,
    changes: &ChangeSet,
    target: PointTarget,
    point: &PointDraft,
) -> Result<bool, sqlx::Error> {
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM indicator_point WHERE indicator_id = $1 AND period = $2",
    )
    .bind(target.indicator_id)
    .bind(point.period.code())
    .fetch_optional(&mut *conn)
    .await?;
    if exists.is_some() {
        return Ok(false);
    }
    save_point(conn, changes, target, point).await
}

/// Whether a history entry of a value must stay with the working group: a count below
/// the threshold, before or after, is never shown to the public (not even in `/aenderungen`).
fn value_visibility(target: PointTarget, values: [Option<f64>; 2]) -> Visibility {
    let small = values
        .into_iter()
        .flatten()
        .any(|v| target.unit == Unit::Count && v < f64::from(target.small_count));
    if small {
        Visibility::Internal
    } else {
        Visibility::Public
    }
}

/// Saves one period's value (new, or changed); returns whether anything changed. Who
/// entered it is the change set's account.
pub async fn save_point(
    conn: &mut Conn,
    changes: &ChangeSet,
    target: PointTarget,
    point: &PointDraft,
) -> Result<bool, sqlx::Error> {
    let period = point.period.code();
    let old: Option<(f64, String, String)> = sqlx::query_as(
        "SELECT value, source_reference, note FROM indicator_point \
         WHERE indicator_id = $1 AND period = $2",
    )
    .bind(target.indicator_id)
    .bind(&period)
    .fetch_optional(&mut *conn)
    .await?;
    let new = (
        point.value,
        point.source_reference.clone(),
        point.note.clone(),
    );
    if old.as_ref() == Some(&new) {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO indicator_point (indicator_id, period, value, source_reference, note, account_id) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (indicator_id, period) DO UPDATE SET value = excluded.value, \
         source_reference = excluded.source_reference, note = excluded.note, \
         account_id = excluded.account_id",
    )
    .bind(target.indicator_id)
    .bind(&period)
    .bind(point.value)
    .bind(&point.source_reference)
    .bind(&point.note)
    .bind(changes.actor().account_id)
    .execute(&mut *conn)
    .await?;
    let scope = Scope {
        plan_id: Some(target.plan_id),
        package_id: target.package_id,
    };
    // The value first: a rewind (newest first) meets the texts while the point is still
    // there, and the value last, whose entry makes a created point disappear.
    let parts: [(&str, Option<String>, Option<String>, Visibility); 3] = [
        (
            "value",
            old.as_ref().map(|o| value_code(o.0)),
            Some(value_code(point.value)),
            value_visibility(target, [old.as_ref().map(|o| o.0), Some(point.value)]),
        ),
        (
            "source_reference",
            old.as_ref().and_then(|o| text(&o.1)),
            text(&point.source_reference),
            Visibility::Public,
        ),
        (
            "note",
            old.as_ref().and_then(|o| text(&o.2)),
            text(&point.note),
            Visibility::Public,
        ),
    ];
    for (part, before, after, visibility) in parts {
        if before == after {
            continue;
        }
        changes
            .record(
                conn,
                Entry {
                    scope,
                    entity: EntityKind::Indicator,
                    entity_id: target.indicator_id,
                    field: &fields::point(point.period, part),
                    old: before.as_deref(),
                    new: after.as_deref(),
                    comment: "",
                    visibility,
                },
            )
            .await?;
    }
    Ok(true)
}

/// Sets a new final target (value and date) with its public reason; returns whether
/// anything changed. A changed target shows publicly with the reason, like a re-baselined
/// demanded date.
pub async fn change_target(
    conn: &mut Conn,
    changes: &ChangeSet,
    target: PointTarget,
    new: crate::domain::indicators::Target,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let (old_value, old_on): (f64, String) =
        sqlx::query_as("SELECT target_value, target_on FROM indicator WHERE id = $1")
            .bind(target.indicator_id)
            .fetch_one(&mut *conn)
            .await?;
    let new_on = new.due.format("%Y-%m-%d").to_string();
    if old_value == new.value && old_on == new_on {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE indicator SET target_value = $1, target_on = $2, version = version + 1 WHERE id = $3",
    )
    .bind(new.value)
    .bind(&new_on)
    .bind(target.indicator_id)
    .execute(&mut *conn)
    .await?;
    let scope = Scope {
        plan_id: Some(target.plan_id),
        package_id: target.package_id,
    };
    let old = FieldValues::from([
        ("target_value", Some(value_code(old_value))),
        ("target_on", Some(old_on)),
    ]);
    let values = FieldValues::from([
        ("target_value", Some(value_code(new.value))),
        ("target_on", Some(new_on)),
    ]);
    changes
        .record_diff(
            conn,
            scope,
            EntityKind::Indicator,
            target.indicator_id,
            Some(&old),
            &values,
            reason,
            |_| Visibility::Public,
        )
        .await?;
    Ok(true)
}

/// Sets new targets, the final one and the intermediate ones (added, changed or removed),
/// all with the same public reason; returns whether anything changed.
pub async fn change_targets(
    conn: &mut Conn,
    changes: &ChangeSet,
    target: PointTarget,
    new: crate::domain::indicators::Target,
    intermediate: &[crate::domain::indicators::Target],
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let mut changed = change_target(conn, changes, target, new, reason).await?;
    let rows: Vec<(String, f64)> = sqlx::query_as(
        "SELECT due_on, value FROM indicator_target WHERE indicator_id = $1 ORDER BY due_on",
    )
    .bind(target.indicator_id)
    .fetch_all(&mut *conn)
    .await?;
    let old: Vec<(NaiveDate, f64)> = rows
        .into_iter()
        .filter_map(|(due, value)| Some((NaiveDate::parse_from_str(&due, "%Y-%m-%d").ok()?, value)))
        .collect();
    let scope = Scope {
        plan_id: Some(target.plan_id),
        package_id: target.package_id,
    };
    let mut days: Vec<NaiveDate> = old
        .iter()
        .map(|(due, _)| *due)
        .chain(intermediate.iter().map(|t| t.due))
        .collect();
    days.sort();
    days.dedup();
    for day in days {
        let before = old.iter().find(|(d, _)| *d == day).map(|(_, v)| *v);
        let after = intermediate.iter().find(|t| t.due == day).map(|t| t.value);
        if before == after {
            continue;
        }
        let sql = match (before, after) {
            (Some(_), Some(_)) => {
                "UPDATE indicator_target SET value = $1 WHERE indicator_id = $2 AND due_on = $3"
            }
            (None, _) => "INSERT INTO indicator_target (value, indicator_id, due_on) VALUES ($1, $2, $3)",
            (Some(_), None) => {
                "DELETE FROM indicator_target WHERE $1 IS NULL AND indicator_id = $2 AND due_on = $3"
            }
        };
        sqlx::query(sql)
            .bind(after)
            .bind(target.indicator_id)
            .bind(crate::runtime::db::day(day))
            .execute(&mut *conn)
            .await?;
        let (old_text, new_text) = (before.map(value_code), after.map(value_code));
        let field = fields::intermediate(day);
        changes
            .record(
                conn,
                Entry {
                    scope,
                    entity: EntityKind::Indicator,
                    entity_id: target.indicator_id,
                    field: &field,
                    old: old_text.as_deref(),
                    new: new_text.as_deref(),
                    comment: reason,
                    visibility: Visibility::Public,
                },
            )
            .await?;
        changed = true;
    }
    if changed {
        sqlx::query("UPDATE indicator SET version = version + 1 WHERE id = $1")
            .bind(target.indicator_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(changed)
}

/// The indicator's version: it grows with every change of its targets.
pub async fn version(conn: &mut Conn, indicator_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM indicator WHERE id = $1")
        .bind(indicator_id)
        .fetch_one(&mut *conn)
        .await
}

/// The history's fields and values of a description.
fn about_values(about: &IndicatorAbout) -> FieldValues {
    FieldValues::from([
        ("title", text(&about.name)),
        ("title_en", text(&about.name_en)),
        ("description", text(&about.description)),
        ("method", text(&about.method)),
        ("source", text(&about.source)),
        ("small_count", Some(about.small_count.to_string())),
        ("package", about.package_number.map(|n| n.to_string())),
    ])
}

/// Changes what describes `old` (names, package, texts, threshold) in plan `plan_id`;
/// `package_id` is the new package's id. Returns how many fields changed; every change is
/// public, in the scope of the new package.
pub async fn describe(
    conn: &mut Conn,
    changes: &ChangeSet,
    plan_id: i64,
    old: &StoredIndicator,
    package_id: Option<i64>,
    new: &IndicatorAbout,
) -> Result<usize, sqlx::Error> {
    let before = about_values(&old.about());
    let after = about_values(new);
    if before == after {
        return Ok(0);
    }
    sqlx::query(
        "UPDATE indicator SET package_id = $1, name = $2, name_en = $3, description = $4, method = $5, \
         source = $6, small_count = $7, version = version + 1 WHERE id = $8",
    )
    .bind(package_id)
    .bind(&new.name)
    .bind(&new.name_en)
    .bind(&new.description)
    .bind(&new.method)
    .bind(&new.source)
    .bind(i64::from(new.small_count))
    .bind(old.id)
    .execute(&mut *conn)
    .await?;
    changes
        .record_diff(
            conn,
            Scope {
                plan_id: Some(plan_id),
                package_id,
            },
            EntityKind::Indicator,
            old.id,
            Some(&before),
            &after,
            "",
            |_| Visibility::Public,
        )
        .await
}

/// Whether a value of the indicator below `threshold` has ever been public (in the
/// history, so in `/aenderungen` and the feed): a threshold raised above it could not
/// take that value back.
pub async fn published_below(
    conn: &mut Conn,
    indicator_id: i64,
    threshold: u32,
) -> Result<bool, sqlx::Error> {
    let crate::runtime::db::Flag(published) = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM history_entry WHERE entity = 'indicator' \
         AND entity_id = $1 AND field LIKE 'point:%:value' AND visibility = 'public' \
         AND (CAST(old_value AS DOUBLE PRECISION) < $2 OR CAST(new_value AS DOUBLE PRECISION) < $3))",
    )
    .bind(indicator_id)
    .bind(f64::from(threshold))
    .bind(f64::from(threshold))
    .fetch_one(&mut *conn)
    .await?;
    Ok(published)
}
