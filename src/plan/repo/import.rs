//! Writes of a catalogue import: create or update plan, packages and milestones, and
//! record every created or changed field in the history.

use chrono::NaiveDate;
use sqlx::{FromRow, SqliteConnection};

use super::{Change, PackageRow, PlanRow, NOW, PACKAGE_COLUMNS, PLAN_COLUMNS};
use crate::domain::dates::format_iso;
use crate::history::model::EntityKind;
use crate::history::repo::{text, ChangeSet, FieldValues, Scope, Visibility};
use crate::plan::model::{MilestoneDraft, Package, PlanInfo};

pub(crate) fn iso(date: Option<NaiveDate>) -> Option<String> {
    date.map(format_iso)
}

fn plan_values(plan: &PlanInfo) -> FieldValues {
    FieldValues::from([
        ("title", text(&plan.title)),
        ("owner", text(&plan.owner)),
        ("adopted_on", iso(plan.adopted_on)),
        ("description", text(&plan.description)),
        ("is_example", Some(plan.is_example.to_string())),
        ("title_en", text(&plan.title_en)),
        ("description_en", text(&plan.description_en)),
    ])
}

pub(crate) fn package_values(package: &Package) -> FieldValues {
    FieldValues::from([
        ("title", text(&package.title)),
        ("summary", text(&package.summary)),
        ("goal", text(&package.goal)),
        ("responsible_unit", text(&package.responsible_unit)),
        ("source_reference", text(&package.source_reference)),
        ("title_en", text(&package.title_en)),
        ("summary_en", text(&package.summary_en)),
        ("goal_en", text(&package.goal_en)),
    ])
}

/// Creates the plan with this slug or updates its fields.
pub async fn upsert_plan(
    conn: &mut SqliteConnection,
    changes: &ChangeSet,
    plan: &PlanInfo,
) -> Result<(i64, Change), sqlx::Error> {
    let existing: Option<PlanRow> =
        sqlx::query_as(&format!("SELECT {PLAN_COLUMNS} FROM plan WHERE slug = ?"))
            .bind(&plan.slug)
            .fetch_optional(&mut *conn)
            .await?;
    let (id, current, change) = match existing.map(PlanRow::split) {
        Some((id, current)) if current == *plan => return Ok((id, Change::Unchanged)),
        Some((id, current)) => {
            sqlx::query(&format!(
                "UPDATE plan SET title = ?, owner = ?, adopted_on = ?, description = ?, \
                 is_example = ?, title_en = ?, description_en = ?, updated_at = {NOW} WHERE id = ?"
            ))
            .bind(&plan.title)
            .bind(&plan.owner)
            .bind(plan.adopted_on)
            .bind(&plan.description)
            .bind(plan.is_example)
            .bind(&plan.title_en)
            .bind(&plan.description_en)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            (id, Some(current), Change::Updated)
        }
        None => {
            let id = sqlx::query_scalar(
                "INSERT INTO plan (slug, title, owner, adopted_on, description, is_example, \
                 title_en, description_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(&plan.slug)
            .bind(&plan.title)
            .bind(&plan.owner)
            .bind(plan.adopted_on)
            .bind(&plan.description)
            .bind(plan.is_example)
            .bind(&plan.title_en)
            .bind(&plan.description_en)
            .fetch_one(&mut *conn)
            .await?;
            (id, None, Change::Created)
        }
    };
    let scope = Scope {
        plan_id: Some(id),
        package_id: None,
    };
    let old = current.as_ref().map(plan_values);
    changes
        .record_diff(
            conn,
            scope,
            EntityKind::Plan,
            id,
            old.as_ref(),
            &plan_values(plan),
            "",
            |_| Visibility::Public,
        )
        .await?;
    Ok((id, change))
}

/// Creates the package with this number in the plan or updates its texts.
pub async fn upsert_package(
    conn: &mut SqliteConnection,
    changes: &ChangeSet,
    plan_id: i64,
    package: &Package,
) -> Result<(i64, Change), sqlx::Error> {
    #[derive(FromRow)]
    struct Existing {
        id: i64,
        #[sqlx(flatten)]
        row: PackageRow,
    }
    let existing: Option<Existing> = sqlx::query_as(&format!(
        "SELECT id, {PACKAGE_COLUMNS} FROM measure_package WHERE plan_id = ? AND number = ?"
    ))
    .bind(plan_id)
    .bind(package.number)
    .fetch_optional(&mut *conn)
    .await?;
    let (id, current, change) = match existing.map(|found| (found.id, Package::from(found.row))) {
        Some((id, current)) if current == *package => return Ok((id, Change::Unchanged)),
        Some((id, current)) => {
            sqlx::query(&format!(
                "UPDATE measure_package SET title = ?, summary = ?, goal = ?, \
                 responsible_unit = ?, source_reference = ?, title_en = ?, summary_en = ?, \
                 goal_en = ?, version = version + 1, updated_at = {NOW} WHERE id = ?"
            ))
            .bind(&package.title)
            .bind(&package.summary)
            .bind(&package.goal)
            .bind(&package.responsible_unit)
            .bind(&package.source_reference)
            .bind(&package.title_en)
            .bind(&package.summary_en)
            .bind(&package.goal_en)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            (id, Some(current), Change::Updated)
        }
        None => {
            let id = sqlx::query_scalar(
                "INSERT INTO measure_package (plan_id, number, title, summary, goal, \
                 responsible_unit, source_reference, title_en, summary_en, goal_en) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(plan_id)
            .bind(package.number)
            .bind(&package.title)
            .bind(&package.summary)
            .bind(&package.goal)
            .bind(&package.responsible_unit)
            .bind(&package.source_reference)
            .bind(&package.title_en)
            .bind(&package.summary_en)
            .bind(&package.goal_en)
            .fetch_one(&mut *conn)
            .await?;
            (id, None, Change::Created)
        }
    };
    let scope = Scope {
        plan_id: Some(plan_id),
        package_id: Some(id),
    };
    let old = current.as_ref().map(package_values);
    changes
        .record_diff(
            conn,
            scope,
            EntityKind::Package,
            id,
            old.as_ref(),
            &package_values(package),
            "",
            |_| Visibility::Public,
        )
        .await?;
    Ok((id, change))
}

#[derive(FromRow, PartialEq)]
struct CatalogueFields {
    title: String,
    title_en: String,
    description: String,
    demanded_on: Option<NaiveDate>,
    forecast_on: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    status: String,
    public_note: String,
    sort_order: i64,
}

impl CatalogueFields {
    fn values(&self) -> FieldValues {
        FieldValues::from([
            ("title", text(&self.title)),
            ("title_en", text(&self.title_en)),
            ("description", text(&self.description)),
            ("demanded_on", iso(self.demanded_on)),
            ("forecast_on", iso(self.forecast_on)),
            ("completed_on", iso(self.completed_on)),
            ("status", Some(self.status.clone())),
            ("public_note", text(&self.public_note)),
            ("sort_order", Some(self.sort_order.to_string())),
        ])
    }
}

/// Creates the milestone with this import key in the package or updates the fields a
/// catalogue defines (internal notes and evidence stay as the working group set them).
/// An update bumps the version, so an edit form loaded before the import notices.
pub async fn upsert_milestone(
    conn: &mut SqliteConnection,
    changes: &ChangeSet,
    scope: Scope,
    key: &str,
    draft: &MilestoneDraft,
    sort_order: i64,
) -> Result<Change, sqlx::Error> {
    let package_id = scope.package_id.unwrap_or_default();
    let wanted = CatalogueFields {
        title: draft.title.clone(),
        title_en: draft.title_en.clone(),
        description: draft.description.clone(),
        demanded_on: draft.schedule.demanded,
        forecast_on: draft.schedule.forecast,
        completed_on: draft.schedule.completed,
        status: draft.schedule.work.code().to_owned(),
        public_note: draft.public_note.clone(),
        sort_order,
    };
    #[derive(FromRow)]
    struct Found {
        id: i64,
        #[sqlx(flatten)]
        stored: CatalogueFields,
    }
    let existing: Option<Found> = sqlx::query_as(
        "SELECT id, title, title_en, description, demanded_on, forecast_on, completed_on, status, \
         public_note, sort_order FROM milestone WHERE package_id = ? AND import_key = ?",
    )
    .bind(package_id)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    let (id, old, change) = match existing {
        Some(Found { stored, .. }) if stored == wanted => return Ok(Change::Unchanged),
        Some(Found { id, stored }) => {
            sqlx::query(&format!(
                "UPDATE milestone SET title = ?, title_en = ?, description = ?, demanded_on = ?, \
                 forecast_on = ?, completed_on = ?, status = ?, public_note = ?, sort_order = ?, \
                 version = version + 1, updated_at = {NOW} WHERE id = ?"
            ))
            .bind(&wanted.title)
            .bind(&wanted.title_en)
            .bind(&wanted.description)
            .bind(wanted.demanded_on)
            .bind(wanted.forecast_on)
            .bind(wanted.completed_on)
            .bind(&wanted.status)
            .bind(&wanted.public_note)
            .bind(wanted.sort_order)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            (id, Some(stored.values()), Change::Updated)
        }
        None => {
            let id = sqlx::query_scalar(
                "INSERT INTO milestone (package_id, import_key, title, title_en, description, \
                 demanded_on, forecast_on, completed_on, status, public_note, sort_order) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(package_id)
            .bind(key)
            .bind(&wanted.title)
            .bind(&wanted.title_en)
            .bind(&wanted.description)
            .bind(wanted.demanded_on)
            .bind(wanted.forecast_on)
            .bind(wanted.completed_on)
            .bind(&wanted.status)
            .bind(&wanted.public_note)
            .bind(wanted.sort_order)
            .fetch_one(&mut *conn)
            .await?;
            (id, None, Change::Created)
        }
    };
    changes
        .record_diff(
            conn,
            scope,
            EntityKind::Milestone,
            id,
            old.as_ref(),
            &wanted.values(),
            "",
            |_| Visibility::Public,
        )
        .await?;
    Ok(change)
}
