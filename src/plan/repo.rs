//! SQL for the plan aggregate: plan, measure packages, milestones.

use chrono::NaiveDate;
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::model::{Milestone, MilestoneDraft, Package, PlanInfo};
use crate::domain::schedule::{Schedule, WorkStatus};

/// What an upsert did to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Unchanged,
}

#[derive(FromRow)]
struct PlanRow {
    id: i64,
    slug: String,
    title: String,
    owner: String,
    adopted_on: Option<NaiveDate>,
    description: String,
    is_example: bool,
}

impl PlanRow {
    fn split(self) -> (i64, PlanInfo) {
        let info = PlanInfo {
            slug: self.slug,
            title: self.title,
            owner: self.owner,
            adopted_on: self.adopted_on,
            description: self.description,
            is_example: self.is_example,
        };
        (self.id, info)
    }
}

#[derive(FromRow)]
struct PackageRow {
    number: i64,
    title: String,
    summary: String,
    goal: String,
    responsible_unit: String,
    source_reference: String,
}

impl From<PackageRow> for Package {
    fn from(row: PackageRow) -> Self {
        Package {
            number: row.number as u32,
            title: row.title,
            summary: row.summary,
            goal: row.goal,
            responsible_unit: row.responsible_unit,
            source_reference: row.source_reference,
        }
    }
}

#[derive(FromRow)]
struct MilestoneRow {
    id: i64,
    package_number: i64,
    title: String,
    description: String,
    demanded_on: Option<NaiveDate>,
    forecast_on: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    status: String,
    public_note: String,
}

fn work_status(code: &str) -> Result<WorkStatus, sqlx::Error> {
    WorkStatus::parse(code)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown status {code:?}").into()))
}

impl TryFrom<MilestoneRow> for Milestone {
    type Error = sqlx::Error;

    fn try_from(row: MilestoneRow) -> Result<Self, sqlx::Error> {
        Ok(Milestone {
            id: row.id,
            package_number: row.package_number as u32,
            title: row.title,
            description: row.description,
            schedule: Schedule {
                work: work_status(&row.status)?,
                demanded: row.demanded_on,
                forecast: row.forecast_on,
                completed: row.completed_on,
            },
            public_note: row.public_note,
        })
    }
}

const PLAN_COLUMNS: &str = "id, slug, title, owner, adopted_on, description, is_example";

/// The plan with this slug, or (without a slug) the first plan created.
pub async fn find_plan(
    pool: &SqlitePool,
    slug: Option<&str>,
) -> Result<Option<(i64, PlanInfo)>, sqlx::Error> {
    let row: Option<PlanRow> = match slug {
        Some(slug) => {
            sqlx::query_as(&format!("SELECT {PLAN_COLUMNS} FROM plan WHERE slug = ?"))
                .bind(slug)
                .fetch_optional(pool)
                .await?
        }
        None => {
            sqlx::query_as(&format!(
                "SELECT {PLAN_COLUMNS} FROM plan ORDER BY id LIMIT 1"
            ))
            .fetch_optional(pool)
            .await?
        }
    };
    Ok(row.map(PlanRow::split))
}

pub async fn count_plans(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM plan")
        .fetch_one(pool)
        .await
}

const PACKAGE_COLUMNS: &str = "number, title, summary, goal, responsible_unit, source_reference";

pub async fn packages(pool: &SqlitePool, plan_id: i64) -> Result<Vec<Package>, sqlx::Error> {
    let rows: Vec<PackageRow> = sqlx::query_as(&format!(
        "SELECT {PACKAGE_COLUMNS} FROM measure_package WHERE plan_id = ? ORDER BY number"
    ))
    .bind(plan_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Package::from).collect())
}

pub async fn package(
    pool: &SqlitePool,
    plan_id: i64,
    number: u32,
) -> Result<Option<Package>, sqlx::Error> {
    let row: Option<PackageRow> = sqlx::query_as(&format!(
        "SELECT {PACKAGE_COLUMNS} FROM measure_package WHERE plan_id = ? AND number = ?"
    ))
    .bind(plan_id)
    .bind(number)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Package::from))
}

pub async fn package_numbers(pool: &SqlitePool, plan_id: i64) -> Result<Vec<u32>, sqlx::Error> {
    sqlx::query_scalar("SELECT number FROM measure_package WHERE plan_id = ? ORDER BY number")
        .bind(plan_id)
        .fetch_all(pool)
        .await
}

const MILESTONE_SELECT: &str = "SELECT m.id, p.number AS package_number, m.title, m.description, \
     m.demanded_on, m.forecast_on, m.completed_on, m.status, m.public_note \
     FROM milestone m JOIN measure_package p ON p.id = m.package_id";

/// All milestones of a plan, in display order: by package, then by sort order.
pub async fn milestones(pool: &SqlitePool, plan_id: i64) -> Result<Vec<Milestone>, sqlx::Error> {
    let rows: Vec<MilestoneRow> = sqlx::query_as(&format!(
        "{MILESTONE_SELECT} WHERE p.plan_id = ? ORDER BY p.number, m.sort_order, m.id"
    ))
    .bind(plan_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Milestone::try_from).collect()
}

pub async fn package_milestones(
    pool: &SqlitePool,
    plan_id: i64,
    number: u32,
) -> Result<Vec<Milestone>, sqlx::Error> {
    let rows: Vec<MilestoneRow> = sqlx::query_as(&format!(
        "{MILESTONE_SELECT} WHERE p.plan_id = ? AND p.number = ? ORDER BY m.sort_order, m.id"
    ))
    .bind(plan_id)
    .bind(number)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Milestone::try_from).collect()
}

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// Creates the plan with this slug or updates its fields.
pub async fn upsert_plan(
    conn: &mut SqliteConnection,
    plan: &PlanInfo,
) -> Result<(i64, Change), sqlx::Error> {
    let existing: Option<PlanRow> =
        sqlx::query_as(&format!("SELECT {PLAN_COLUMNS} FROM plan WHERE slug = ?"))
            .bind(&plan.slug)
            .fetch_optional(&mut *conn)
            .await?;
    match existing.map(PlanRow::split) {
        Some((id, current)) if current == *plan => Ok((id, Change::Unchanged)),
        Some((id, _)) => {
            sqlx::query(&format!(
                "UPDATE plan SET title = ?, owner = ?, adopted_on = ?, description = ?, \
                 is_example = ?, updated_at = {NOW} WHERE id = ?"
            ))
            .bind(&plan.title)
            .bind(&plan.owner)
            .bind(plan.adopted_on)
            .bind(&plan.description)
            .bind(plan.is_example)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            Ok((id, Change::Updated))
        }
        None => {
            let id = sqlx::query_scalar(
                "INSERT INTO plan (slug, title, owner, adopted_on, description, is_example) \
                 VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(&plan.slug)
            .bind(&plan.title)
            .bind(&plan.owner)
            .bind(plan.adopted_on)
            .bind(&plan.description)
            .bind(plan.is_example)
            .fetch_one(&mut *conn)
            .await?;
            Ok((id, Change::Created))
        }
    }
}

/// Creates the package with this number in the plan or updates its texts.
pub async fn upsert_package(
    conn: &mut SqliteConnection,
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
    match existing.map(|found| (found.id, Package::from(found.row))) {
        Some((id, current)) if current == *package => Ok((id, Change::Unchanged)),
        Some((id, _)) => {
            sqlx::query(&format!(
                "UPDATE measure_package SET title = ?, summary = ?, goal = ?, \
                 responsible_unit = ?, source_reference = ?, updated_at = {NOW} WHERE id = ?"
            ))
            .bind(&package.title)
            .bind(&package.summary)
            .bind(&package.goal)
            .bind(&package.responsible_unit)
            .bind(&package.source_reference)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            Ok((id, Change::Updated))
        }
        None => {
            let id = sqlx::query_scalar(
                "INSERT INTO measure_package \
                 (plan_id, number, title, summary, goal, responsible_unit, source_reference) \
                 VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(plan_id)
            .bind(package.number)
            .bind(&package.title)
            .bind(&package.summary)
            .bind(&package.goal)
            .bind(&package.responsible_unit)
            .bind(&package.source_reference)
            .fetch_one(&mut *conn)
            .await?;
            Ok((id, Change::Created))
        }
    }
}

/// Creates the milestone with this import key in the package or updates it.
/// An update bumps the version, so an edit form loaded before the import notices.
pub async fn upsert_imported_milestone(
    conn: &mut SqliteConnection,
    package_id: i64,
    key: &str,
    draft: &MilestoneDraft,
    sort_order: i64,
) -> Result<Change, sqlx::Error> {
    #[derive(FromRow, PartialEq)]
    struct Stored {
        title: String,
        description: String,
        demanded_on: Option<NaiveDate>,
        forecast_on: Option<NaiveDate>,
        completed_on: Option<NaiveDate>,
        status: String,
        public_note: String,
        sort_order: i64,
    }
    let wanted = Stored {
        title: draft.title.clone(),
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
        stored: Stored,
    }
    let existing: Option<Found> = sqlx::query_as(
        "SELECT id, title, description, demanded_on, forecast_on, completed_on, status, \
         public_note, sort_order FROM milestone WHERE package_id = ? AND import_key = ?",
    )
    .bind(package_id)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(Found { id, stored }) = existing else {
        sqlx::query(
            "INSERT INTO milestone (package_id, import_key, title, description, demanded_on, \
             forecast_on, completed_on, status, public_note, sort_order) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(package_id)
        .bind(key)
        .bind(&wanted.title)
        .bind(&wanted.description)
        .bind(wanted.demanded_on)
        .bind(wanted.forecast_on)
        .bind(wanted.completed_on)
        .bind(&wanted.status)
        .bind(&wanted.public_note)
        .bind(wanted.sort_order)
        .execute(&mut *conn)
        .await?;
        return Ok(Change::Created);
    };
    if stored == wanted {
        return Ok(Change::Unchanged);
    }
    sqlx::query(&format!(
        "UPDATE milestone SET title = ?, description = ?, demanded_on = ?, forecast_on = ?, \
         completed_on = ?, status = ?, public_note = ?, sort_order = ?, version = version + 1, \
         updated_at = {NOW} WHERE id = ?"
    ))
    .bind(&wanted.title)
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
    Ok(Change::Updated)
}
