//! SQL for the exports: the whole record of one plan, and the changes to undo for an
//! as-of record.

use crate::runtime::db::Pool;
use chrono::NaiveDate;
use sqlx::FromRow;

use super::record::{
    Audience, ForecastMoveRecord, MilestoneRecord, PackageRecord, PlanRecord, Rebaselining, Record,
    RecordedChange, RewindError, Stand, StatusUpdateRecord,
};
use crate::error::AppError;
use crate::history::chain as history_chain;
use crate::history::model::EntityKind;
use crate::history::repo as history_repo;
use crate::indicators::repo as indicator_repo;
use crate::plan::repo::{self as plan_repo, split_links, work_status, VoiceColumns, VOICE_COLUMNS};
use crate::runtime::clock::Clock;

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// `Some(day)` for `?stand=day`: the record as known at the end of that day.
    pub as_of: Option<NaiveDate>,
    pub audience: Audience,
}

/// The record of the plan `plan_slug` (or the first plan), now or as of a past day.
pub async fn load(
    pool: &Pool,
    clock: &Clock,
    plan_slug: Option<&str>,
    request: Request,
) -> Result<Record, AppError> {
    let (plan_id, info) = plan_repo::find_plan(pool, plan_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let internal = request.audience == Audience::Internal;
    // Everything recorded from this moment on is undone (none when no day is asked for).
    let cutoff = request.as_of.map(|day| {
        clock
            .end_of_day_utc(day)
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    });
    let until = cutoff.as_deref().unwrap_or("9999");
    // A rebuild reads every change since the day and works through it: at most two at a
    // time (the permit moves into the blocking work and ends with it), and a day before the
    // plan was recorded is refused before anything is read.
    let rebuild_slot = match (&cutoff, request.as_of) {
        (Some(cutoff), Some(day)) => {
            let first = first_recorded(pool, plan_id).await?;
            if first
                .as_deref()
                .is_some_and(|first| cutoff.as_str() <= first)
            {
                return Err(AppError::BadRequest(
                    RewindError::PlanNotYetRecorded(crate::domain::dates::format_de(day))
                        .to_string(),
                ));
            }
            Some(
                REBUILD_SLOTS
                    .acquire()
                    .await
                    .map_err(|_| AppError::Internal)?,
            )
        }
        _ => None,
    };
    // The indicators rewind themselves: values and targets as known on the day.
    let (
        packages,
        milestones,
        status_updates,
        revisions,
        rebaselinings,
        forecast_moves,
        indicators,
        history_head,
    ) = tokio::try_join!(
        packages(pool, plan_id),
        milestones(pool, plan_id, internal),
        status_updates(pool, plan_id),
        revisions(pool, plan_id, until),
        rebaselinings(pool, plan_id, until),
        history_repo::forecast_moves(pool, clock, plan_id, None, Some(until)),
        indicator_repo::indicators_as_of(pool, clock, plan_id, None, request.as_of),
        history_chain::head(pool, plan_id, cutoff.as_deref()),
    )?;
    let mut milestones = milestones;
    let revisions: std::collections::HashMap<i64, (String, i64)> = revisions
        .into_iter()
        .map(|(id, last, count)| (id, (last, count)))
        .collect();
    for milestone in &mut milestones {
        if let Some((last, count)) = revisions.get(&milestone.id) {
            milestone.last_changed = Some(last.clone());
            milestone.revisions = (*count).max(1) as u32;
        }
    }
    let mut record = Record {
        stand: Stand {
            day: request.as_of.unwrap_or_else(|| clock.today()),
            rebuilt: request.as_of.is_some(),
            generated_at: chrono::Utc::now(),
            timezone: clock.timezone,
            history_head: history_head.map(|head| head.digest()),
        },
        audience: request.audience,
        plan: PlanRecord {
            id: plan_id,
            slug: info.slug,
            title: info.title,
            owner: info.owner,
            adopted_on: info.adopted_on,
            description: info.description,
            is_example: info.is_example,
            title_en: info.title_en,
            description_en: info.description_en,
            words: info.words,
        },
        packages,
        milestones,
        status_updates,
        rebaselinings,
        forecast_moves: forecast_moves
            .into_iter()
            .map(ForecastMoveRecord::from)
            .collect(),
        indicators,
        only_package: None,
    };
    if let Some(cutoff) = &cutoff {
        let later = changes_since(pool, plan_id, cutoff, internal).await?;
        // CPU work off the async workers; the slot is released when it is really done.
        record = tokio::task::spawn_blocking(move || {
            let _slot = rebuild_slot;
            record.rewind(&later)?;
            let kept: std::collections::HashSet<i64> =
                record.milestones.iter().map(|m| m.id).collect();
            record
                .rebaselinings
                .retain(|r| kept.contains(&r.milestone_id));
            record
                .forecast_moves
                .retain(|r| kept.contains(&r.milestone_id));
            Ok::<_, RewindError>(record)
        })
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "rebuild failed");
            AppError::Internal
        })?
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    }
    Ok(record)
}

/// At most this many `?stand=` rebuilds at a time; more wait.
static REBUILD_SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// When the plan was first recorded (its creation in the history), if ever.
async fn first_recorded(pool: &Pool, plan_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT min(recorded_at) FROM history_entry \
         WHERE plan_id = $1 AND entity = 'plan' AND entity_id = $2 AND field = 'title' \
         AND old_value IS NULL",
    )
    .bind(plan_id)
    .bind(plan_id)
    .fetch_one(pool)
    .await
}

async fn packages(pool: &Pool, plan_id: i64) -> Result<Vec<PackageRecord>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        id: i64,
        number: i64,
        title: String,
        summary: String,
        goal: String,
        responsible_unit: String,
        source_reference: String,
        title_en: String,
        summary_en: String,
        goal_en: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, number, title, summary, goal, responsible_unit, source_reference, \
                title_en, summary_en, goal_en \
         FROM measure_package WHERE plan_id = $1 ORDER BY number",
    )
    .bind(plan_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PackageRecord {
            id: r.id,
            number: r.number as u32,
            title: r.title,
            summary: r.summary,
            goal: r.goal,
            responsible_unit: r.responsible_unit,
            source_reference: r.source_reference,
            title_en: r.title_en,
            summary_en: r.summary_en,
            goal_en: r.goal_en,
        })
        .collect())
}

async fn milestones(
    pool: &Pool,
    plan_id: i64,
    internal: bool,
) -> Result<Vec<MilestoneRecord>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        id: i64,
        package_id: i64,
        import_key: Option<String>,
        title: String,
        title_en: String,
        description: String,
        status: String,
        #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
        demanded_on: Option<NaiveDate>,
        #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
        forecast_on: Option<NaiveDate>,
        #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
        completed_on: Option<NaiveDate>,
        public_note: String,
        internal_note: String,
        evidence_links: String,
        sort_order: i64,
        updated_at: String,
        version: i64,
        #[sqlx(flatten)]
        voices: VoiceColumns,
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT m.id, m.package_id, m.import_key, m.title, m.title_en, m.description, m.status, \
                m.demanded_on, m.forecast_on, m.completed_on, m.public_note, m.internal_note, \
                m.evidence_links, m.sort_order, m.updated_at, m.version, {VOICE_COLUMNS} \
         FROM milestone m JOIN measure_package p ON p.id = m.package_id \
         WHERE p.plan_id = $1 ORDER BY p.number, m.sort_order, m.id"
    ))
    .bind(plan_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(MilestoneRecord {
                id: r.id,
                package_id: r.package_id,
                key: r.import_key,
                title: r.title,
                title_en: r.title_en,
                description: r.description,
                work: work_status(&r.status)?,
                demanded_on: r.demanded_on,
                forecast_on: r.forecast_on,
                completed_on: r.completed_on,
                public_note: r.public_note,
                internal_note: internal.then_some(r.internal_note),
                evidence_links: split_links(&r.evidence_links),
                voices: r.voices.voices(),
                sort_order: r.sort_order,
                last_changed: Some(r.updated_at),
                revisions: r.version.max(1) as u32,
            })
        })
        .collect()
}

async fn status_updates(pool: &Pool, plan_id: i64) -> Result<Vec<StatusUpdateRecord>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        id: i64,
        package_id: i64,
        #[sqlx(try_from = "crate::runtime::db::Day")]
        occurred_on: NaiveDate,
        body: String,
        link: String,
        organisation: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, s.package_id, s.occurred_on, s.body, s.link, s.organisation \
         FROM status_update s JOIN measure_package p ON p.id = s.package_id \
         WHERE p.plan_id = $1 ORDER BY s.occurred_on DESC, s.id DESC",
    )
    .bind(plan_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| StatusUpdateRecord {
            id: r.id,
            package_id: r.package_id,
            occurred_on: r.occurred_on,
            body: r.body,
            link: r.link,
            organisation: r.organisation,
        })
        .collect())
}

/// Per milestone: the last public change before `until` and how many saves changed it.
async fn revisions(
    pool: &Pool,
    plan_id: i64,
    until: &str,
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT entity_id, max(recorded_at), count(DISTINCT change_set) FROM history_entry \
         WHERE plan_id = $1 AND entity = 'milestone' AND visibility = 'public' AND recorded_at < $2 \
         GROUP BY entity_id",
    )
    .bind(plan_id)
    .bind(until)
    .fetch_all(pool)
    .await
}

async fn rebaselinings(
    pool: &Pool,
    plan_id: i64,
    until: &str,
) -> Result<Vec<Rebaselining>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        entity_id: i64,
        recorded_at: String,
        organisation: String,
        old_value: Option<String>,
        new_value: Option<String>,
        comment: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT entity_id, recorded_at, organisation, old_value, new_value, comment \
         FROM history_entry \
         WHERE plan_id = $1 AND entity = 'milestone' AND field = 'demanded_on' \
           AND old_value IS NOT NULL AND visibility = 'public' AND recorded_at < $2 \
         ORDER BY change_set DESC, id DESC",
    )
    .bind(plan_id)
    .bind(until)
    .fetch_all(pool)
    .await?;
    let date = |d: Option<String>| d.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    Ok(rows
        .into_iter()
        .map(|r| Rebaselining {
            milestone_id: r.entity_id,
            recorded_at: r.recorded_at,
            organisation: r.organisation,
            old_date: date(r.old_value),
            new_date: date(r.new_value),
            reason: r.comment,
        })
        .collect())
}

/// The plan's changes recorded at or after `cutoff`, newest first.
async fn changes_since(
    pool: &Pool,
    plan_id: i64,
    cutoff: &str,
    internal: bool,
) -> Result<Vec<RecordedChange>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        entity: String,
        entity_id: i64,
        field: String,
        old_value: Option<String>,
    }
    let visible = if internal {
        "visibility IN ('public', 'internal')"
    } else {
        "visibility = 'public'"
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT entity, entity_id, field, old_value FROM history_entry \
         WHERE plan_id = $1 AND recorded_at >= $2 AND {visible} \
         ORDER BY change_set DESC, id DESC"
    ))
    .bind(plan_id)
    .bind(cutoff)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(RecordedChange {
                entity: EntityKind::parse(&r.entity)?,
                entity_id: r.entity_id,
                field: r.field,
                old_value: r.old_value,
            })
        })
        .collect())
}
