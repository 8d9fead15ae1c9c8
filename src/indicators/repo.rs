//! SQL for reading indicators: a plan's indicators with their targets and data points,
//! the changes to undo for an as-of view, and the public record of changed targets.

use std::collections::HashMap;

use crate::runtime::db::Pool;
use chrono::NaiveDate;
use sqlx::FromRow;

use super::model::{IndicatorChange, StoredIndicator, StoredPoint, TargetChange};
use crate::domain::indicators::{Direction, Period, Target, Unit};
use crate::runtime::clock::Clock;

#[derive(FromRow)]
struct IndicatorRow {
    id: i64,
    key: String,
    package_id: Option<i64>,
    package_number: Option<i64>,
    sort_order: i64,
    name: String,
    name_en: String,
    description: String,
    description_en: String,
    unit: String,
    direction: String,
    method: String,
    source: String,
    small_count: i64,
    target_value: f64,
    target_on: String,
    #[sqlx(try_from = "crate::runtime::db::Flag")]
    is_example: bool,
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The indicators of a plan (of one package: `package_id`), in their order, each with its
/// intermediate targets and data points. Three queries, whatever the number.
pub async fn indicators(
    pool: &Pool,
    plan_id: i64,
    package_id: Option<i64>,
) -> Result<Vec<StoredIndicator>, sqlx::Error> {
    let rows: Vec<IndicatorRow> = sqlx::query_as(
        "SELECT i.id, i.key, i.package_id, p.number AS package_number, i.sort_order, i.name, i.name_en, \
                i.description, i.description_en, i.unit, i.direction, i.method, i.source, \
                i.small_count, i.target_value, i.target_on, i.is_example \
         FROM indicator i LEFT JOIN measure_package p ON p.id = i.package_id \
         WHERE i.plan_id = $1 AND ($2 IS NULL OR i.package_id = $2) \
         ORDER BY i.sort_order, i.id",
    )
    .bind(plan_id)
    .bind(package_id)
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(FromRow)]
    struct TargetRow {
        indicator_id: i64,
        due_on: String,
        value: f64,
    }
    #[derive(FromRow)]
    struct PointRow {
        indicator_id: i64,
        period: String,
        value: f64,
        source_reference: String,
        note: String,
    }
    let (targets, points) = tokio::try_join!(
        sqlx::query_as::<_, TargetRow>(
            "SELECT t.indicator_id, t.due_on, t.value FROM indicator_target t \
             JOIN indicator i ON i.id = t.indicator_id \
             WHERE i.plan_id = $1 AND ($2 IS NULL OR i.package_id = $2) ORDER BY t.due_on",
        )
        .bind(plan_id)
        .bind(package_id)
        .fetch_all(pool),
        sqlx::query_as::<_, PointRow>(
            "SELECT d.indicator_id, d.period, d.value, d.source_reference, d.note \
             FROM indicator_point d JOIN indicator i ON i.id = d.indicator_id \
             WHERE i.plan_id = $1 AND ($2 IS NULL OR i.package_id = $2)",
        )
        .bind(plan_id)
        .bind(package_id)
        .fetch_all(pool),
    )?;
    let mut by_id: HashMap<i64, (Vec<Target>, Vec<StoredPoint>)> = HashMap::new();
    for t in targets {
        if let Some(due) = day(&t.due_on) {
            by_id.entry(t.indicator_id).or_default().0.push(Target {
                value: t.value,
                due,
            });
        }
    }
    for p in points {
        if let Ok(period) = Period::parse(&p.period) {
            by_id
                .entry(p.indicator_id)
                .or_default()
                .1
                .push(StoredPoint {
                    period,
                    value: p.value,
                    source_reference: p.source_reference,
                    note: p.note,
                });
        }
    }
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let (intermediate, mut points) = by_id.remove(&r.id).unwrap_or_default();
            points.sort_by_key(|p| p.period);
            Some(StoredIndicator {
                id: r.id,
                key: r.key,
                package_id: r.package_id,
                package_number: r.package_number.map(|n| n as u32),
                sort_order: r.sort_order,
                name: r.name,
                name_en: r.name_en,
                description: r.description,
                description_en: r.description_en,
                unit: Unit::parse(&r.unit)?,
                direction: Direction::parse(&r.direction)?,
                method: r.method,
                source: r.source,
                small_count: r.small_count.clamp(0, 1000) as u32,
                target: Target {
                    value: r.target_value,
                    due: day(&r.target_on)?,
                },
                intermediate,
                points,
                is_example: r.is_example,
            })
        })
        .collect())
}

/// The indicators of a plan as known at the end of `as_of` (`None`: now).
pub async fn indicators_as_of(
    pool: &Pool,
    clock: &Clock,
    plan_id: i64,
    package_id: Option<i64>,
    as_of: Option<NaiveDate>,
) -> Result<Vec<StoredIndicator>, sqlx::Error> {
    let mut indicators = indicators(pool, plan_id, package_id).await?;
    if let Some(day) = as_of {
        let cutoff = clock
            .end_of_day_utc(day)
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let later = changes_since(pool, plan_id, &cutoff).await?;
        super::model::rewind(&mut indicators, &later);
    }
    Ok(indicators)
}

/// Every change of the plan's indicators recorded from `cutoff` on, newest first. All of
/// them, whoever may see the entry: what the rewound values show is decided afterwards,
/// like for the present values.
async fn changes_since(
    pool: &Pool,
    plan_id: i64,
    cutoff: &str,
) -> Result<Vec<IndicatorChange>, sqlx::Error> {
    let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT entity_id, field, old_value FROM history_entry \
         WHERE plan_id = $1 AND entity = 'indicator' AND recorded_at >= $2 \
         ORDER BY change_set DESC, id DESC",
    )
    .bind(plan_id)
    .bind(cutoff)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(indicator_id, field, old_value)| IndicatorChange {
            indicator_id,
            field,
            old_value,
        })
        .collect())
}

/// The public changes of an indicator's targets after they were first set (recorded up
/// to `until`, RFC 3339), newest first, with their reasons.
pub async fn target_changes(
    pool: &Pool,
    clock: &Clock,
    locale: crate::language::Locale,
    indicator_id: i64,
    until: Option<&str>,
) -> Result<Vec<TargetChange>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        recorded_at: String,
        organisation: String,
        field: String,
        old_value: Option<String>,
        new_value: Option<String>,
        comment: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT recorded_at, organisation, field, old_value, new_value, comment \
         FROM history_entry \
         WHERE entity = 'indicator' AND entity_id = $1 AND visibility = 'public' \
           AND recorded_at < $2 \
           AND (field IN ('target_value', 'target_on') OR field LIKE 'target:%') \
           AND change_set > (SELECT min(change_set) FROM history_entry \
                             WHERE entity = 'indicator' AND entity_id = $1) \
         ORDER BY change_set DESC, id",
    )
    .bind(indicator_id)
    .bind(until.unwrap_or("9999"))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TargetChange {
            when: clock.local_time_in(locale, &r.recorded_at),
            organisation: r.organisation,
            field: r.field,
            old_value: r.old_value,
            new_value: r.new_value,
            reason: r.comment,
        })
        .collect())
}
