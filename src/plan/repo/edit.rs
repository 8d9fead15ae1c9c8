//! Writes by the working group: milestones, demanded dates, order, status updates and
//! package texts. Each runs inside the caller's write transaction and records its
//! history diff there, so a change and its history entry commit together or not at all.

use crate::runtime::db::day;
use crate::runtime::db::Conn;
use chrono::NaiveDate;
use sqlx::FromRow;

use super::{iso, package_values};
use super::{PackageRow, VoiceColumns, NOW, PACKAGE_COLUMNS, VOICE_COLUMNS};
use crate::domain::edits::{
    DemandedDateChange, MilestoneEdit, PackageTexts, Speaker, StatusUpdateInput,
};
use crate::domain::link::join_links;
use crate::domain::voices::{checked, confirmation_after, Voice, Voices};
use crate::history::model::EntityKind;
use crate::history::repo::{text, ChangeSet, Entry, FieldValues, Scope, Visibility};
use crate::plan::model::Package;

/// A milestone as stored, with what an edit needs to know about it.
#[derive(Debug, Clone, FromRow)]
pub struct MilestoneRecord {
    pub id: i64,
    pub package_id: i64,
    pub plan_id: i64,
    /// The plan's slug, for the addresses a save answers with.
    pub plan_slug: String,
    /// The plan is archived: no more changes.
    #[sqlx(try_from = "crate::runtime::db::Flag")]
    pub plan_archived: bool,
    pub package_number: i64,
    pub package_title: String,
    pub version: i64,
    pub title: String,
    pub title_en: String,
    pub description: String,
    #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
    pub demanded_on: Option<NaiveDate>,
    #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
    pub forecast_on: Option<NaiveDate>,
    #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
    pub completed_on: Option<NaiveDate>,
    pub status: String,
    pub public_note: String,
    pub internal_note: String,
    pub evidence_links: String,
    pub sort_order: i64,
    pub updated_at: String,
    #[sqlx(flatten)]
    pub voices: VoiceColumns,
}

impl MilestoneRecord {
    pub fn scope(&self) -> Scope {
        Scope {
            plan_id: Some(self.plan_id),
            package_id: Some(self.package_id),
        }
    }

    /// The fields an edit may change, as history stores them.
    fn edit_values(&self) -> FieldValues {
        FieldValues::from([
            ("title", text(&self.title)),
            ("title_en", text(&self.title_en)),
            ("description", text(&self.description)),
            ("status", Some(self.status.clone())),
            ("forecast_on", iso(self.forecast_on)),
            ("completed_on", iso(self.completed_on)),
            ("public_note", text(&self.public_note)),
            ("internal_note", text(&self.internal_note)),
            ("evidence_links", text(&self.evidence_links)),
        ])
    }

    /// The fields an edit may change with both voices, as history stores them.
    fn stored_values(&self) -> FieldValues {
        let mut values = self.edit_values();
        values.extend(self.voices.values());
        values
    }
}

/// What the administration's statement says: the fields whose change by the working
/// group ends the administration's confirmation.
const STATEMENT_FIELDS: [&str; 5] = [
    "status",
    "forecast_on",
    "completed_on",
    "public_note",
    "evidence_links",
];

/// Both voices after `speaker` saved `edit` over `before` (`None` for a new milestone).
fn voices_after(
    before: Option<&MilestoneRecord>,
    new_values: &FieldValues,
    edit: &MilestoneEdit,
    speaker: &Speaker,
) -> VoiceColumns {
    let (old, stored) = match before {
        Some(record) => (Some(record.edit_values()), record.voices.voices()),
        None => (None, Voices::default()),
    };
    let statement_changed = STATEMENT_FIELDS.iter().any(|field| {
        old.as_ref().and_then(|o| o.get(field)) != Some(new_values.get(field).unwrap_or(&None))
    });
    let statement = confirmation_after(
        speaker.voice,
        statement_changed,
        &stored.statement,
        speaker.today,
        &speaker.organisation,
    );
    // Only the working group speaks for itself; the server refuses the fields from
    // anyone else before this (`editing::api`), and they would be ignored here.
    let view = match (&edit.assessment, speaker.voice) {
        (Some(given), Voice::WorkingGroup) => checked(
            given.assessment,
            given.reason.as_str(),
            given
                .evidence
                .iter()
                .map(|l| l.as_str().to_owned())
                .collect(),
            speaker.today,
            &speaker.organisation,
        ),
        _ => stored.view,
    };
    VoiceColumns::from_voices(&Voices { statement, view })
}

fn edit_values(edit: &MilestoneEdit) -> FieldValues {
    FieldValues::from([
        ("title", text(edit.title.as_str())),
        (
            "title_en",
            text(edit.title_en.as_deref().unwrap_or_default()),
        ),
        ("description", text(edit.description.as_str())),
        ("status", Some(edit.work.code().to_owned())),
        ("forecast_on", iso(edit.forecast)),
        ("completed_on", iso(edit.completed)),
        ("public_note", text(edit.public_note.as_str())),
        ("internal_note", text(edit.internal_note.as_str())),
        ("evidence_links", text(&join_links(&edit.evidence))),
    ])
}

/// Internal notes stay with the working group; everything else is public record.
fn milestone_visibility(field: &str) -> Visibility {
    if field == "internal_note" {
        Visibility::Internal
    } else {
        Visibility::Public
    }
}

/// A milestone as an edit loads it; `{filter}` completes the `WHERE`.
fn record_select(filter: &str) -> String {
    format!(
        "SELECT m.id, m.package_id, p.plan_id, plan.slug AS plan_slug, \
         plan.archived_at IS NOT NULL AS plan_archived, p.number AS package_number, \
         p.title AS package_title, m.version, m.title, m.title_en, m.description, m.demanded_on, \
         m.forecast_on, m.completed_on, m.status, m.public_note, m.internal_note, m.evidence_links, \
         m.sort_order, m.updated_at, {VOICE_COLUMNS} \
         FROM milestone m JOIN measure_package p ON p.id = m.package_id \
         JOIN plan ON plan.id = p.plan_id WHERE {filter}"
    )
}

pub async fn load_milestone(
    conn: &mut Conn,
    id: i64,
) -> Result<Option<MilestoneRecord>, sqlx::Error> {
    sqlx::query_as(&record_select("m.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// How many open milestones (open or in progress) each package of plan `plan_id` has,
/// packages without any left out, by number.
pub async fn open_per_package(
    pool: &crate::runtime::db::Pool,
    plan_id: i64,
) -> Result<Vec<(u32, i64)>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT p.number, count(*) FROM milestone m JOIN measure_package p ON p.id = m.package_id \
         WHERE p.plan_id = $1 AND m.status IN ('offen', 'in_arbeit') GROUP BY p.number ORDER BY p.number",
    )
    .bind(plan_id)
    .fetch_all(pool)
    .await?;
    // Package numbers are 1–999 (a check in the schema).
    Ok(rows
        .into_iter()
        .map(|(number, open)| (number as u32, open))
        .collect())
}

/// The open milestones (open or in progress) of plan `plan_id`, of one package or all,
/// in display order: what a meeting goes through.
pub async fn open_milestones(
    pool: &crate::runtime::db::Pool,
    plan_id: i64,
    package: Option<u32>,
) -> Result<Vec<MilestoneRecord>, sqlx::Error> {
    sqlx::query_as(&record_select(
        "p.plan_id = $1 AND ($2 IS NULL OR p.number = $3) AND m.status IN ('offen', 'in_arbeit') \
         ORDER BY p.number, m.sort_order, m.id",
    ))
    .bind(plan_id)
    .bind(package.map(i64::from))
    .bind(package.map(i64::from))
    .fetch_all(pool)
    .await
}

/// Every milestone of plan `plan_id`, in display order: the spreadsheet to edit.
pub async fn plan_milestones(
    conn: &mut Conn,
    plan_id: i64,
) -> Result<Vec<MilestoneRecord>, sqlx::Error> {
    sqlx::query_as(&record_select(
        "p.plan_id = $1 ORDER BY p.number, m.sort_order, m.id",
    ))
    .bind(plan_id)
    .fetch_all(conn)
    .await
}

/// The outcome of a save that checks the version the form was loaded with.
#[derive(Debug)]
pub enum Saved {
    Saved(MilestoneRecord),
    /// Someone saved in between: the record as it is now.
    Conflict(MilestoneRecord),
    NotFound,
}

pub async fn create_milestone(
    conn: &mut Conn,
    changes: &ChangeSet,
    scope: Scope,
    edit: &MilestoneEdit,
    demanded: Option<NaiveDate>,
    speaker: &Speaker,
) -> Result<i64, sqlx::Error> {
    let mut values = edit_values(edit);
    let voices = voices_after(None, &values, edit, speaker);
    let package_id = scope.package_id.unwrap_or_default();
    let sort_order: i64 = sqlx::query_scalar(
        "SELECT coalesce(max(sort_order), 0) + 10 FROM milestone WHERE package_id = $1",
    )
    .bind(package_id)
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO milestone (package_id, title, title_en, description, demanded_on, forecast_on, \
         completed_on, status, public_note, internal_note, evidence_links, sort_order, \
         statement_confirmed_on, statement_organisation, assessment, assessment_reason, \
         assessment_evidence, assessment_checked_on, assessment_organisation) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
    )
    .bind(package_id)
    .bind(edit.title.as_str())
    .bind(edit.title_en.as_deref().unwrap_or_default())
    .bind(edit.description.as_str())
    .bind(day(demanded))
    .bind(day(edit.forecast))
    .bind(day(edit.completed))
    .bind(edit.work.code())
    .bind(edit.public_note.as_str())
    .bind(edit.internal_note.as_str())
    .bind(join_links(&edit.evidence))
    .bind(sort_order)
    .bind(day(voices.statement_confirmed_on))
    .bind(&voices.statement_organisation)
    .bind(&voices.assessment)
    .bind(&voices.assessment_reason)
    .bind(&voices.assessment_evidence)
    .bind(day(voices.assessment_checked_on))
    .bind(&voices.assessment_organisation)
    .fetch_one(&mut *conn)
    .await?;
    values.extend(voices.values());
    values.insert("demanded_on", iso(demanded));
    values.insert("sort_order", Some(sort_order.to_string()));
    changes
        .record_diff(
            conn,
            scope,
            EntityKind::Milestone,
            id,
            None,
            &values,
            "",
            milestone_visibility,
        )
        .await?;
    Ok(id)
}

/// Saves an edit if the milestone is still at `version`.
pub async fn update_milestone(
    conn: &mut Conn,
    changes: &ChangeSet,
    id: i64,
    version: i64,
    edit: &MilestoneEdit,
    speaker: &Speaker,
) -> Result<Saved, sqlx::Error> {
    let Some(current) = load_milestone(conn, id).await? else {
        return Ok(Saved::NotFound);
    };
    if current.version != version {
        return Ok(Saved::Conflict(current));
    }
    // A form without the English fields leaves the stored English title alone.
    let kept;
    let edit = match edit.title_en {
        Some(_) => edit,
        None => {
            kept = MilestoneEdit {
                title_en: Some(current.title_en.clone()),
                ..edit.clone()
            };
            &kept
        }
    };
    let mut new_values = edit_values(edit);
    let voices = voices_after(Some(&current), &new_values, edit, speaker);
    new_values.extend(voices.values());
    if new_values == current.stored_values() {
        return Ok(Saved::Saved(current));
    }
    let updated = sqlx::query(&format!(
        "UPDATE milestone SET title = $1, title_en = $2, description = $3, status = $4, forecast_on = $5, \
         completed_on = $6, public_note = $7, internal_note = $8, evidence_links = $9, \
         statement_confirmed_on = $10, statement_organisation = $11, assessment = $12, assessment_reason = $13, \
         assessment_evidence = $14, assessment_checked_on = $15, assessment_organisation = $16, \
         version = version + 1, updated_at = {NOW} WHERE id = $17 AND version = $18"
    ))
    .bind(edit.title.as_str())
    .bind(edit.title_en.as_deref().unwrap_or_default())
    .bind(edit.description.as_str())
    .bind(edit.work.code())
    .bind(day(edit.forecast))
    .bind(day(edit.completed))
    .bind(edit.public_note.as_str())
    .bind(edit.internal_note.as_str())
    .bind(join_links(&edit.evidence))
    .bind(day(voices.statement_confirmed_on))
    .bind(&voices.statement_organisation)
    .bind(&voices.assessment)
    .bind(&voices.assessment_reason)
    .bind(&voices.assessment_evidence)
    .bind(day(voices.assessment_checked_on))
    .bind(&voices.assessment_organisation)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(Saved::Conflict(current));
    }
    record_edit(conn, changes, &current, &new_values, edit).await?;
    Ok(load_milestone(conn, id)
        .await?
        .map_or(Saved::NotFound, Saved::Saved))
}

/// Records the fields an edit changed; a moved forecast carries the edit's reason.
async fn record_edit(
    conn: &mut Conn,
    changes: &ChangeSet,
    current: &MilestoneRecord,
    new_values: &FieldValues,
    edit: &MilestoneEdit,
) -> Result<(), sqlx::Error> {
    let mut old_values = current.stored_values();
    let mut new_values = new_values.clone();
    changes
        .record_forecast_move(
            conn,
            current.scope(),
            current.id,
            (&mut old_values, &mut new_values),
            edit.forecast_reason.as_ref(),
        )
        .await?;
    changes
        .record_diff(
            conn,
            current.scope(),
            EntityKind::Milestone,
            current.id,
            Some(&old_values),
            &new_values,
            "",
            milestone_visibility,
        )
        .await?;
    Ok(())
}

/// Sets or changes the demanded date; the reason goes into the history entry, where the
/// public pages show it as a re-baselining.
pub async fn change_demanded_date(
    conn: &mut Conn,
    changes: &ChangeSet,
    id: i64,
    version: i64,
    change: &DemandedDateChange,
) -> Result<Saved, sqlx::Error> {
    let Some(current) = load_milestone(conn, id).await? else {
        return Ok(Saved::NotFound);
    };
    if current.version != version {
        return Ok(Saved::Conflict(current));
    }
    sqlx::query(&format!(
        "UPDATE milestone SET demanded_on = $1, version = version + 1, updated_at = {NOW} WHERE id = $2 AND version = $3"
    ))
    .bind(day(change.date))
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    changes
        .record(
            conn,
            Entry {
                scope: current.scope(),
                entity: EntityKind::Milestone,
                entity_id: id,
                field: "demanded_on",
                old: iso(current.demanded_on).as_deref(),
                new: iso(change.date).as_deref(),
                comment: &change.reason,
                visibility: Visibility::Public,
            },
        )
        .await?;
    Ok(load_milestone(conn, id)
        .await?
        .map_or(Saved::NotFound, Saved::Saved))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// Swaps a milestone with its neighbour in the package. Returns false at either end.
/// Order is not content: the version stays, so nobody's open edit form conflicts.
pub async fn move_milestone(
    conn: &mut Conn,
    changes: &ChangeSet,
    id: i64,
    direction: Direction,
) -> Result<Option<bool>, sqlx::Error> {
    let Some(current) = load_milestone(conn, id).await? else {
        return Ok(None);
    };
    let neighbour: Option<(i64, i64)> = match direction {
        Direction::Up => sqlx::query_as(
            "SELECT id, sort_order FROM milestone WHERE package_id = $1 AND (sort_order < $2 OR (sort_order = $3 AND id < $4)) \
             ORDER BY sort_order DESC, id DESC LIMIT 1",
        ),
        Direction::Down => sqlx::query_as(
            "SELECT id, sort_order FROM milestone WHERE package_id = $1 AND (sort_order > $2 OR (sort_order = $3 AND id > $4)) \
             ORDER BY sort_order, id LIMIT 1",
        ),
    }
    .bind(current.package_id)
    .bind(current.sort_order)
    .bind(current.sort_order)
    .bind(current.id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((other_id, other_order)) = neighbour else {
        return Ok(Some(false));
    };
    // Equal sort orders (possible after imports) are separated so the swap shows.
    let (mine, theirs) = if other_order == current.sort_order {
        match direction {
            Direction::Up => (other_order, other_order + 1),
            Direction::Down => (other_order + 1, other_order),
        }
    } else {
        (other_order, current.sort_order)
    };
    for (milestone, old, new) in [
        (current.id, current.sort_order, mine),
        (other_id, other_order, theirs),
    ] {
        sqlx::query("UPDATE milestone SET sort_order = $1 WHERE id = $2")
            .bind(new)
            .bind(milestone)
            .execute(&mut *conn)
            .await?;
        if old != new {
            changes
                .record(
                    conn,
                    Entry {
                        scope: current.scope(),
                        entity: EntityKind::Milestone,
                        entity_id: milestone,
                        field: "sort_order",
                        old: Some(&old.to_string()),
                        new: Some(&new.to_string()),
                        comment: "",
                        visibility: Visibility::Public,
                    },
                )
                .await?;
        }
    }
    Ok(Some(true))
}

pub async fn insert_status_update(
    conn: &mut Conn,
    changes: &ChangeSet,
    scope: Scope,
    input: &StatusUpdateInput,
) -> Result<i64, sqlx::Error> {
    let link = input
        .link
        .as_ref()
        .map(|l| l.as_str().to_owned())
        .unwrap_or_default();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO status_update (package_id, occurred_on, body, link, account_id, organisation, author_name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(scope.package_id)
    .bind(day(input.occurred_on))
    .bind(input.body.as_str())
    .bind(&link)
    .bind(changes.actor().account_id)
    // As named today; a later rename of the account leaves this update's attribution alone.
    .bind(&changes.actor().organisation)
    .bind(&changes.actor().name)
    .fetch_one(&mut *conn)
    .await?;
    let values = FieldValues::from([
        ("occurred_on", iso(Some(input.occurred_on))),
        ("body", text(input.body.as_str())),
        ("link", text(&link)),
    ]);
    changes
        .record_diff(
            conn,
            scope,
            EntityKind::StatusUpdate,
            id,
            None,
            &values,
            "",
            |_| Visibility::Public,
        )
        .await?;
    Ok(id)
}

/// Updates a package's texts; returns false when nothing changed.
/// What saving a package's texts did.
#[derive(Debug)]
pub enum TextsSaved {
    Saved,
    /// Nothing differed from what is stored.
    Unchanged,
    /// Someone saved after the form was loaded: the texts and version as they are now.
    Conflict(Box<Package>, i64),
}

/// The version of a package's texts (counts saves), for the edit form.
pub async fn package_version(
    conn: impl sqlx::any::AnyExecutor<'_>,
    package_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM measure_package WHERE id = $1")
        .bind(package_id)
        .fetch_one(conn)
        .await
}

/// Saves the texts of a package whose form was loaded at `version`.
pub async fn update_package_texts(
    conn: &mut Conn,
    changes: &ChangeSet,
    scope: Scope,
    texts: &PackageTexts,
    version: i64,
) -> Result<TextsSaved, sqlx::Error> {
    let package_id = scope.package_id.unwrap_or_default();
    let row: PackageRow = sqlx::query_as(&format!(
        "SELECT {PACKAGE_COLUMNS} FROM measure_package WHERE id = $1"
    ))
    .bind(package_id)
    .fetch_one(&mut *conn)
    .await?;
    let current = Package::from(row);
    let stored_version = package_version(&mut *conn, package_id).await?;
    if stored_version != version {
        return Ok(TextsSaved::Conflict(Box::new(current), stored_version));
    }
    let wanted = Package {
        number: current.number,
        title: texts.title.as_str().to_owned(),
        summary: texts.summary.as_str().to_owned(),
        goal: texts.goal.as_str().to_owned(),
        responsible_unit: texts.responsible_unit.clone(),
        source_reference: texts.source_reference.as_str().to_owned(),
        ..match &texts.english {
            Some(english) => Package {
                title_en: english.title.clone(),
                summary_en: english.summary.as_str().to_owned(),
                goal_en: english.goal.as_str().to_owned(),
                ..current.clone()
            },
            None => current.clone(),
        }
    };
    if wanted == current {
        return Ok(TextsSaved::Unchanged);
    }
    sqlx::query(&format!(
        "UPDATE measure_package SET title = $1, summary = $2, goal = $3, responsible_unit = $4, source_reference = $5, \
         title_en = $6, summary_en = $7, goal_en = $8, version = version + 1, updated_at = {NOW} WHERE id = $9"
    ))
    .bind(&wanted.title)
    .bind(&wanted.summary)
    .bind(&wanted.goal)
    .bind(&wanted.responsible_unit)
    .bind(&wanted.source_reference)
    .bind(&wanted.title_en)
    .bind(&wanted.summary_en)
    .bind(&wanted.goal_en)
    .bind(package_id)
    .execute(&mut *conn)
    .await?;
    changes
        .record_diff(
            conn,
            scope,
            EntityKind::Package,
            package_id,
            Some(&package_values(&current)),
            &package_values(&wanted),
            "",
            |_| Visibility::Public,
        )
        .await?;
    Ok(TextsSaved::Saved)
}
