//! SQL for the plan aggregate: plan, measure packages, milestones, status updates.
//! Reads live here; writes by import and by editing in the submodules.

pub mod edit;

use crate::runtime::db::Pool;
use chrono::NaiveDate;
use sqlx::FromRow;

use super::model::{Milestone, Package, PlanInfo, StatusUpdate};
use crate::domain::dates::format_iso;
use crate::domain::schedule::{Schedule, WorkStatus};
use crate::domain::voices::{Assessment, Confirmation, Voices, WorkingGroupView};
use crate::history::repo::{text, FieldValues};

/// What an upsert did to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Unchanged,
}

pub(crate) const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

#[derive(FromRow)]
pub(crate) struct PlanRow {
    id: i64,
    slug: String,
    title: String,
    owner: String,
    #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
    adopted_on: Option<NaiveDate>,
    description: String,
    #[sqlx(try_from = "crate::runtime::db::Flag")]
    is_example: bool,
    #[sqlx(try_from = "crate::runtime::db::Flag")]
    archived: bool,
    level_one: String,
    level_many: String,
    level_one_en: String,
    level_many_en: String,
    title_en: String,
    description_en: String,
}

impl PlanRow {
    pub(crate) fn split(self) -> (i64, PlanInfo) {
        let info = PlanInfo {
            slug: self.slug,
            title: self.title,
            owner: self.owner,
            adopted_on: self.adopted_on,
            description: self.description,
            title_en: self.title_en,
            description_en: self.description_en,
            is_example: self.is_example,
            archived: self.archived,
            words: crate::plan::model::LevelWords {
                one: self.level_one,
                many: self.level_many,
                one_en: self.level_one_en,
                many_en: self.level_many_en,
            },
        };
        (self.id, info)
    }
}

#[derive(FromRow)]
pub(crate) struct PackageRow {
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

impl From<PackageRow> for Package {
    fn from(row: PackageRow) -> Self {
        Package {
            number: row.number as u32,
            title: row.title,
            summary: row.summary,
            goal: row.goal,
            responsible_unit: row.responsible_unit,
            source_reference: row.source_reference,
            title_en: row.title_en,
            summary_en: row.summary_en,
            goal_en: row.goal_en,
        }
    }
}

#[derive(FromRow)]
struct MilestoneRow {
    id: i64,
    package_number: i64,
    title: String,
    title_en: String,
    description: String,
    #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
    demanded_on: Option<NaiveDate>,
    #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
    forecast_on: Option<NaiveDate>,
    #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
    completed_on: Option<NaiveDate>,
    status: String,
    public_note: String,
    internal_note: Option<String>,
    evidence_links: String,
    #[sqlx(flatten)]
    voices: VoiceColumns,
}

/// The two voices' columns (`VOICE_COLUMNS`), as every read of a milestone takes them.
#[derive(FromRow, Debug, Clone, Default)]
pub struct VoiceColumns {
    #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
    pub statement_confirmed_on: Option<NaiveDate>,
    pub statement_organisation: String,
    pub assessment: Option<String>,
    pub assessment_reason: String,
    pub assessment_evidence: String,
    #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
    pub assessment_checked_on: Option<NaiveDate>,
    pub assessment_organisation: String,
}

/// The columns of [`VoiceColumns`], for a `SELECT` on `milestone m`.
pub(crate) const VOICE_COLUMNS: &str =
    "m.statement_confirmed_on, m.statement_organisation, m.assessment, m.assessment_reason, \
     m.assessment_evidence, m.assessment_checked_on, m.assessment_organisation";

impl VoiceColumns {
    pub fn voices(&self) -> Voices {
        Voices {
            statement: Confirmation {
                on: self.statement_confirmed_on,
                organisation: self.statement_organisation.clone(),
            },
            view: WorkingGroupView {
                assessment: self.assessment.as_deref().and_then(Assessment::parse),
                reason: self.assessment_reason.clone(),
                evidence: split_links(&self.assessment_evidence),
                checked_on: self.assessment_checked_on,
                organisation: self.assessment_organisation.clone(),
            },
        }
    }

    /// The columns as the history records them.
    pub(crate) fn values(&self) -> FieldValues {
        FieldValues::from([
            ("statement_confirmed_on", iso(self.statement_confirmed_on)),
            ("statement_organisation", text(&self.statement_organisation)),
            ("assessment", self.assessment.clone()),
            ("assessment_reason", text(&self.assessment_reason)),
            ("assessment_evidence", text(&self.assessment_evidence)),
            ("assessment_checked_on", iso(self.assessment_checked_on)),
            (
                "assessment_organisation",
                text(&self.assessment_organisation),
            ),
        ])
    }

    pub(crate) fn from_voices(voices: &Voices) -> VoiceColumns {
        VoiceColumns {
            statement_confirmed_on: voices.statement.on,
            statement_organisation: voices.statement.organisation.clone(),
            assessment: voices.view.assessment.map(|a| a.code().to_owned()),
            assessment_reason: voices.view.reason.clone(),
            assessment_evidence: voices.view.evidence.join("\n"),
            assessment_checked_on: voices.view.checked_on,
            assessment_organisation: voices.view.organisation.clone(),
        }
    }
}

pub(crate) fn work_status(code: &str) -> Result<WorkStatus, sqlx::Error> {
    WorkStatus::parse(code)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown status {code:?}").into()))
}

/// Stored link lists: one address per line.
pub(crate) fn split_links(stored: &str) -> Vec<String> {
    stored
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

impl TryFrom<MilestoneRow> for Milestone {
    type Error = sqlx::Error;

    fn try_from(row: MilestoneRow) -> Result<Self, sqlx::Error> {
        Ok(Milestone {
            id: row.id,
            package_number: row.package_number as u32,
            title: row.title,
            title_en: row.title_en,
            description: row.description,
            schedule: Schedule {
                work: work_status(&row.status)?,
                demanded: row.demanded_on,
                forecast: row.forecast_on,
                completed: row.completed_on,
            },
            public_note: row.public_note,
            internal_note: row.internal_note,
            evidence_links: split_links(&row.evidence_links),
            voices: row.voices.voices(),
        })
    }
}

pub(crate) const PLAN_COLUMNS: &str =
    "id, slug, title, owner, adopted_on, description, is_example, title_en, description_en, \
     archived_at IS NOT NULL AS archived, level_one, level_many, level_one_en, level_many_en";

/// The plan with this slug, or (without a slug) the first plan created.
pub async fn find_plan(
    pool: &Pool,
    slug: Option<&str>,
) -> Result<Option<(i64, PlanInfo)>, sqlx::Error> {
    let row: Option<PlanRow> = match slug {
        Some(slug) => {
            sqlx::query_as(&format!("SELECT {PLAN_COLUMNS} FROM plan WHERE slug = $1"))
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

/// The site's only plan, if it holds exactly one.
pub async fn only_plan(pool: &Pool) -> Result<Option<(i64, PlanInfo)>, sqlx::Error> {
    let rows: Vec<PlanRow> = sqlx::query_as(&format!(
        "SELECT {PLAN_COLUMNS} FROM plan ORDER BY id LIMIT 2"
    ))
    .fetch_all(pool)
    .await?;
    Ok(match <[PlanRow; 1]>::try_from(rows) {
        Ok([row]) => Some(row.split()),
        Err(_) => None,
    })
}

/// Every plan in the order they were created, with whether it is archived.
pub async fn all_plans(pool: &Pool) -> Result<Vec<(i64, PlanInfo, bool)>, sqlx::Error> {
    let rows: Vec<PlanRow> =
        sqlx::query_as(&format!("SELECT {PLAN_COLUMNS} FROM plan ORDER BY id"))
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (id, info) = row.split();
            let archived = info.archived;
            (id, info, archived)
        })
        .collect())
}

/// The slug of the plan `milestone_id` belongs to.
pub async fn plan_of_milestone(
    pool: &Pool,
    milestone_id: i64,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT plan.id, plan.slug FROM milestone JOIN measure_package p ON p.id = milestone.package_id \
         JOIN plan ON plan.id = p.plan_id WHERE milestone.id = $1",
    )
    .bind(milestone_id)
    .fetch_optional(pool)
    .await
}

pub async fn count_plans(pool: &Pool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM plan")
        .fetch_one(pool)
        .await
}

pub(crate) const PACKAGE_COLUMNS: &str =
    "number, title, summary, goal, responsible_unit, source_reference, title_en, summary_en, goal_en";

pub async fn packages(pool: &Pool, plan_id: i64) -> Result<Vec<Package>, sqlx::Error> {
    let rows: Vec<PackageRow> = sqlx::query_as(&format!(
        "SELECT {PACKAGE_COLUMNS} FROM measure_package WHERE plan_id = $1 ORDER BY number"
    ))
    .bind(plan_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Package::from).collect())
}

/// A package with its row id.
pub async fn package(
    pool: &Pool,
    plan_id: i64,
    number: u32,
) -> Result<Option<(i64, Package)>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        id: i64,
        #[sqlx(flatten)]
        package: PackageRow,
    }
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT id, {PACKAGE_COLUMNS} FROM measure_package WHERE plan_id = $1 AND number = $2"
    ))
    .bind(plan_id)
    .bind(i64::from(number))
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| (r.id, Package::from(r.package))))
}

pub async fn package_numbers(pool: &Pool, plan_id: i64) -> Result<Vec<u32>, sqlx::Error> {
    let numbers: Vec<i64> =
        sqlx::query_scalar("SELECT number FROM measure_package WHERE plan_id = $1 ORDER BY number")
            .bind(plan_id)
            .fetch_all(pool)
            .await?;
    // Package numbers are 1–999 (a check in the schema).
    Ok(numbers.into_iter().map(|number| number as u32).collect())
}

/// `internal` decides in SQL whether internal notes leave the database at all.
fn milestone_select(internal: bool) -> String {
    let internal_note = if internal { "m.internal_note" } else { "NULL" };
    format!(
        "SELECT m.id, p.number AS package_number, m.title, m.title_en, m.description, m.demanded_on, \
         m.forecast_on, m.completed_on, m.status, m.public_note, {internal_note} AS internal_note, \
         m.evidence_links, {VOICE_COLUMNS} FROM milestone m JOIN measure_package p ON p.id = m.package_id"
    )
}

/// All milestones of a plan, in display order: by package, then by sort order.
pub async fn milestones(
    pool: &Pool,
    plan_id: i64,
    internal: bool,
) -> Result<Vec<Milestone>, sqlx::Error> {
    let rows: Vec<MilestoneRow> = sqlx::query_as(&format!(
        "{} WHERE p.plan_id = $1 ORDER BY p.number, m.sort_order, m.id",
        milestone_select(internal)
    ))
    .bind(plan_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Milestone::try_from).collect()
}

pub async fn package_milestones(
    pool: &Pool,
    plan_id: i64,
    number: u32,
    internal: bool,
) -> Result<Vec<Milestone>, sqlx::Error> {
    let rows: Vec<MilestoneRow> = sqlx::query_as(&format!(
        "{} WHERE p.plan_id = $1 AND p.number = $2 ORDER BY m.sort_order, m.id",
        milestone_select(internal)
    ))
    .bind(plan_id)
    .bind(i64::from(number))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Milestone::try_from).collect()
}

/// A package's timeline, newest first. Author names only for the working group.
pub async fn status_updates(
    pool: &Pool,
    package_id: i64,
    with_names: bool,
) -> Result<Vec<StatusUpdate>, sqlx::Error> {
    status_updates_from(pool, package_id, with_names, i64::MAX, 0).await
}

/// Page `page` (from 1) of a package's status updates, newest first, `size` per page, and
/// whether older ones follow.
pub async fn status_updates_page(
    pool: &Pool,
    package_id: i64,
    with_names: bool,
    page: u32,
    size: u32,
) -> Result<(Vec<StatusUpdate>, bool), sqlx::Error> {
    let offset = i64::from(page.saturating_sub(1)) * i64::from(size);
    let mut updates =
        status_updates_from(pool, package_id, with_names, i64::from(size) + 1, offset).await?;
    let more = updates.len() > size as usize;
    updates.truncate(size as usize);
    Ok((updates, more))
}

async fn status_updates_from(
    pool: &Pool,
    package_id: i64,
    with_names: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<StatusUpdate>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        id: i64,
        #[sqlx(try_from = "crate::runtime::db::Day")]
        occurred_on: NaiveDate,
        body: String,
        link: String,
        organisation: String,
        author: String,
        #[sqlx(try_from = "crate::runtime::db::Flag")]
        redacted: bool,
    }
    // The organisation and name stored with the update: as they were when it was posted.
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, s.occurred_on, s.body, s.link, s.organisation, s.author_name AS author, \
                s.redaction_id IS NOT NULL AS redacted \
         FROM status_update s \
         WHERE s.package_id = $1 ORDER BY s.occurred_on DESC, s.id DESC LIMIT $2 OFFSET $3",
    )
    .bind(package_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| StatusUpdate {
            id: r.id,
            occurred_on: r.occurred_on,
            body: r.body,
            link: (!r.link.is_empty()).then_some(r.link),
            organisation: r.organisation,
            redacted: r.redacted,
            author: (with_names && !r.author.is_empty()).then_some(r.author),
        })
        .collect())
}

/// A date as the history and the columns store it.
pub(crate) fn iso(date: Option<NaiveDate>) -> Option<String> {
    date.map(format_iso)
}

/// A package's texts as the history records them.
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
