//! Writes of a catalogue import: create or update plan, packages and milestones, and
//! record every created or changed field in the history.

use crate::runtime::db::Conn;
use crate::runtime::db::{day, Flag};
use chrono::NaiveDate;
use sqlx::FromRow;

use super::merge::{self, FieldDecision, LastChange, Policy};
use crate::history::model::EntityKind;
use crate::history::repo::{self as history, text, ChangeSet, FieldValues, Scope, Visibility};
use crate::plan::model::{MilestoneDraft, Package, PlanInfo};
use crate::plan::repo::{
    iso, package_values, Change, PackageRow, PlanRow, NOW, PACKAGE_COLUMNS, PLAN_COLUMNS,
};

/// What an upsert did, and every field where the file and the record differed.
pub type Upserted = (Change, Vec<FieldDecision>);

/// Which of the file's values replace the stored ones of a record (see `merge::decide`).
async fn decide(
    conn: &mut Conn,
    entity: EntityKind,
    id: i64,
    stored: &FieldValues,
    wanted: &FieldValues,
    policy: Policy<'_>,
) -> Result<Vec<FieldDecision>, sqlx::Error> {
    let last = history::last_change_per_field(&mut *conn, entity, id)
        .await?
        .into_iter()
        .map(|c| {
            let change = LastChange {
                by_person: c.by_person,
                who: format!("{} ({})", c.actor_name, c.organisation),
                at: c.recorded_at,
            };
            (c.field, change)
        })
        .collect();
    Ok(merge::decide(stored, wanted, &last, policy))
}

/// The file's value where the decisions take it, else the stored one.
fn pick<T: Clone>(decisions: &[FieldDecision], field: &str, wanted: &T, stored: &T) -> T {
    if merge::takes(decisions, field) {
        wanted.clone()
    } else {
        stored.clone()
    }
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
        ("level_one", text(&plan.words.one)),
        ("level_many", text(&plan.words.many)),
        ("level_one_en", text(&plan.words.one_en)),
        ("level_many_en", text(&plan.words.many_en)),
    ])
}

/// Whether a plan with this slug is stored.
pub async fn plan_exists(conn: &mut Conn, slug: &str) -> Result<bool, sqlx::Error> {
    let Flag(exists) = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM plan WHERE slug = $1)")
        .bind(slug)
        .fetch_one(conn)
        .await?;
    Ok(exists)
}

/// Creates the plan with this slug or updates its fields (those `policy` lets the file change).
pub async fn upsert_plan(
    conn: &mut Conn,
    changes: &ChangeSet,
    plan: &PlanInfo,
    policy: Policy<'_>,
) -> Result<(i64, Upserted), sqlx::Error> {
    let existing: Option<PlanRow> =
        sqlx::query_as(&format!("SELECT {PLAN_COLUMNS} FROM plan WHERE slug = $1"))
            .bind(&plan.slug)
            .fetch_optional(&mut *conn)
            .await?;
    let scope = |id| Scope {
        plan_id: Some(id),
        package_id: None,
    };
    let Some((id, current)) = existing.map(PlanRow::split) else {
        let id = sqlx::query_scalar(
            "INSERT INTO plan (slug, title, owner, adopted_on, description, is_example, \
             title_en, description_en, level_one, level_many, level_one_en, level_many_en) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(&plan.slug)
        .bind(&plan.title)
        .bind(&plan.owner)
        .bind(day(plan.adopted_on))
        .bind(&plan.description)
        .bind(plan.is_example)
        .bind(&plan.title_en)
        .bind(&plan.description_en)
        .bind(&plan.words.one)
        .bind(&plan.words.many)
        .bind(&plan.words.one_en)
        .bind(&plan.words.many_en)
        .fetch_one(&mut *conn)
        .await?;
        let new = plan_values(plan);
        record(
            changes,
            conn,
            scope(id),
            EntityKind::Plan,
            id,
            None,
            &new,
            "",
        )
        .await?;
        return Ok((id, (Change::Created, Vec::new())));
    };
    if current == *plan {
        return Ok((id, (Change::Unchanged, Vec::new())));
    }
    let old = plan_values(&current);
    let d = decide(conn, EntityKind::Plan, id, &old, &plan_values(plan), policy).await?;
    let merged = PlanInfo {
        slug: current.slug.clone(),
        title: pick(&d, "title", &plan.title, &current.title),
        owner: pick(&d, "owner", &plan.owner, &current.owner),
        adopted_on: pick(&d, "adopted_on", &plan.adopted_on, &current.adopted_on),
        description: pick(&d, "description", &plan.description, &current.description),
        is_example: pick(&d, "is_example", &plan.is_example, &current.is_example),
        archived: current.archived,
        words: crate::plan::model::LevelWords {
            one: pick(&d, "level_one", &plan.words.one, &current.words.one),
            many: pick(&d, "level_many", &plan.words.many, &current.words.many),
            one_en: pick(
                &d,
                "level_one_en",
                &plan.words.one_en,
                &current.words.one_en,
            ),
            many_en: pick(
                &d,
                "level_many_en",
                &plan.words.many_en,
                &current.words.many_en,
            ),
        },
        title_en: pick(&d, "title_en", &plan.title_en, &current.title_en),
        description_en: pick(
            &d,
            "description_en",
            &plan.description_en,
            &current.description_en,
        ),
    };
    if merged == current {
        return Ok((id, (Change::Unchanged, d)));
    }
    sqlx::query(&format!(
        "UPDATE plan SET title = $1, owner = $2, adopted_on = $3, description = $4, \
         is_example = $5, title_en = $6, description_en = $7, level_one = $8, level_many = $9, \
         level_one_en = $10, level_many_en = $11, updated_at = {NOW} WHERE id = $12"
    ))
    .bind(&merged.title)
    .bind(&merged.owner)
    .bind(day(merged.adopted_on))
    .bind(&merged.description)
    .bind(merged.is_example)
    .bind(&merged.title_en)
    .bind(&merged.description_en)
    .bind(&merged.words.one)
    .bind(&merged.words.many)
    .bind(&merged.words.one_en)
    .bind(&merged.words.many_en)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let new = plan_values(&merged);
    record(
        changes,
        conn,
        scope(id),
        EntityKind::Plan,
        id,
        Some(&old),
        &new,
        "",
    )
    .await?;
    Ok((id, (Change::Updated, d)))
}

/// Records the fields that differ between `old` (none: created) and `new`.
#[allow(clippy::too_many_arguments)]
async fn record(
    changes: &ChangeSet,
    conn: &mut Conn,
    scope: Scope,
    entity: EntityKind,
    id: i64,
    old: Option<&FieldValues>,
    new: &FieldValues,
    comment: &str,
) -> Result<(), sqlx::Error> {
    changes
        .record_diff(conn, scope, entity, id, old, new, comment, |_| {
            Visibility::Public
        })
        .await?;
    Ok(())
}

/// Creates the package with this number in the plan or updates its texts (those
/// `policy` lets the file change).
pub async fn upsert_package(
    conn: &mut Conn,
    changes: &ChangeSet,
    plan_id: i64,
    package: &Package,
    policy: Policy<'_>,
) -> Result<(i64, Upserted), sqlx::Error> {
    #[derive(FromRow)]
    struct Existing {
        id: i64,
        #[sqlx(flatten)]
        row: PackageRow,
    }
    let existing: Option<Existing> = sqlx::query_as(&format!(
        "SELECT id, {PACKAGE_COLUMNS} FROM measure_package WHERE plan_id = $1 AND number = $2"
    ))
    .bind(plan_id)
    .bind(i64::from(package.number))
    .fetch_optional(&mut *conn)
    .await?;
    let scope = |id| Scope {
        plan_id: Some(plan_id),
        package_id: Some(id),
    };
    let Some((id, current)) = existing.map(|found| (found.id, Package::from(found.row))) else {
        let id = sqlx::query_scalar(
            "INSERT INTO measure_package (plan_id, number, title, summary, goal, \
             responsible_unit, source_reference, title_en, summary_en, goal_en) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(plan_id)
        .bind(i64::from(package.number))
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
        let new = package_values(package);
        record(
            changes,
            conn,
            scope(id),
            EntityKind::Package,
            id,
            None,
            &new,
            "",
        )
        .await?;
        return Ok((id, (Change::Created, Vec::new())));
    };
    if current == *package {
        return Ok((id, (Change::Unchanged, Vec::new())));
    }
    let old = package_values(&current);
    let d = decide(
        conn,
        EntityKind::Package,
        id,
        &old,
        &package_values(package),
        policy,
    )
    .await?;
    let (p, c) = (package, &current);
    let merged = Package {
        number: c.number,
        title: pick(&d, "title", &p.title, &c.title),
        summary: pick(&d, "summary", &p.summary, &c.summary),
        goal: pick(&d, "goal", &p.goal, &c.goal),
        responsible_unit: pick(
            &d,
            "responsible_unit",
            &p.responsible_unit,
            &c.responsible_unit,
        ),
        source_reference: pick(
            &d,
            "source_reference",
            &p.source_reference,
            &c.source_reference,
        ),
        title_en: pick(&d, "title_en", &p.title_en, &c.title_en),
        summary_en: pick(&d, "summary_en", &p.summary_en, &c.summary_en),
        goal_en: pick(&d, "goal_en", &p.goal_en, &c.goal_en),
    };
    if merged == current {
        return Ok((id, (Change::Unchanged, d)));
    }
    sqlx::query(&format!(
        "UPDATE measure_package SET title = $1, summary = $2, goal = $3, \
         responsible_unit = $4, source_reference = $5, title_en = $6, summary_en = $7, \
         goal_en = $8, version = version + 1, updated_at = {NOW} WHERE id = $9"
    ))
    .bind(&merged.title)
    .bind(&merged.summary)
    .bind(&merged.goal)
    .bind(&merged.responsible_unit)
    .bind(&merged.source_reference)
    .bind(&merged.title_en)
    .bind(&merged.summary_en)
    .bind(&merged.goal_en)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let new = package_values(&merged);
    record(
        changes,
        conn,
        scope(id),
        EntityKind::Package,
        id,
        Some(&old),
        &new,
        "",
    )
    .await?;
    Ok((id, (Change::Updated, d)))
}

#[derive(FromRow, PartialEq)]
struct CatalogueFields {
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
/// catalogue defines and `policy` lets it change (internal notes and evidence stay as
/// the working group set them). An update bumps the version, so an edit form loaded
/// before the import notices. A changed demanded date carries the policy's reason.
pub async fn upsert_milestone(
    conn: &mut Conn,
    changes: &ChangeSet,
    scope: Scope,
    key: &str,
    draft: &MilestoneDraft,
    sort_order: i64,
    policy: Policy<'_>,
) -> Result<Upserted, sqlx::Error> {
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
        #[sqlx(try_from = "crate::runtime::db::MaybeDay")]
        statement_confirmed_on: Option<NaiveDate>,
        statement_organisation: String,
    }
    let existing: Option<Found> = sqlx::query_as(
        "SELECT id, title, title_en, description, demanded_on, forecast_on, completed_on, status, \
         public_note, sort_order, statement_confirmed_on, statement_organisation \
         FROM milestone WHERE package_id = $1 AND import_key = $2",
    )
    .bind(package_id)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(Found {
        id,
        stored,
        statement_confirmed_on,
        statement_organisation,
    }) = existing
    else {
        let id = sqlx::query_scalar(
            "INSERT INTO milestone (package_id, import_key, title, title_en, description, \
             demanded_on, forecast_on, completed_on, status, public_note, sort_order) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(package_id)
        .bind(key)
        .bind(&wanted.title)
        .bind(&wanted.title_en)
        .bind(&wanted.description)
        .bind(day(wanted.demanded_on))
        .bind(day(wanted.forecast_on))
        .bind(day(wanted.completed_on))
        .bind(&wanted.status)
        .bind(&wanted.public_note)
        .bind(wanted.sort_order)
        .fetch_one(&mut *conn)
        .await?;
        let new = wanted.values();
        record(
            changes,
            conn,
            scope,
            EntityKind::Milestone,
            id,
            None,
            &new,
            "",
        )
        .await?;
        return Ok((Change::Created, Vec::new()));
    };
    if stored == wanted {
        return Ok((Change::Unchanged, Vec::new()));
    }
    let old = stored.values();
    let d = decide(
        conn,
        EntityKind::Milestone,
        id,
        &old,
        &wanted.values(),
        policy,
    )
    .await?;
    let (w, s) = (&wanted, &stored);
    let merged = CatalogueFields {
        title: pick(&d, "title", &w.title, &s.title),
        title_en: pick(&d, "title_en", &w.title_en, &s.title_en),
        description: pick(&d, "description", &w.description, &s.description),
        demanded_on: pick(&d, "demanded_on", &w.demanded_on, &s.demanded_on),
        forecast_on: pick(&d, "forecast_on", &w.forecast_on, &s.forecast_on),
        completed_on: pick(&d, "completed_on", &w.completed_on, &s.completed_on),
        status: pick(&d, "status", &w.status, &s.status),
        public_note: pick(&d, "public_note", &w.public_note, &s.public_note),
        sort_order: pick(&d, "sort_order", &w.sort_order, &s.sort_order),
    };
    if merged == stored {
        return Ok((Change::Unchanged, d));
    }
    // What the administration confirmed is no longer what the milestone says when the
    // catalogue changes its statement (domain::voices::confirmation_after).
    let statement_changed = merged.status != stored.status
        || merged.forecast_on != stored.forecast_on
        || merged.completed_on != stored.completed_on
        || merged.public_note != stored.public_note;
    let unconfirm = statement_changed && statement_confirmed_on.is_some();
    sqlx::query(&format!(
        "UPDATE milestone SET title = $1, title_en = $2, description = $3, demanded_on = $4, \
         forecast_on = $5, completed_on = $6, status = $7, public_note = $8, sort_order = $9, \
         statement_confirmed_on = CASE WHEN $10 THEN NULL ELSE statement_confirmed_on END, \
         statement_organisation = CASE WHEN $11 THEN '' ELSE statement_organisation END, \
         version = version + 1, updated_at = {NOW} WHERE id = $12"
    ))
    .bind(&merged.title)
    .bind(&merged.title_en)
    .bind(&merged.description)
    .bind(day(merged.demanded_on))
    .bind(day(merged.forecast_on))
    .bind(day(merged.completed_on))
    .bind(&merged.status)
    .bind(&merged.public_note)
    .bind(merged.sort_order)
    .bind(unconfirm)
    .bind(unconfirm)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    // The reason of a re-baselining stands beside the change, as when it is made in the app.
    let rebaselined = stored.demanded_on.is_some() && merged.demanded_on != stored.demanded_on;
    let comment = if rebaselined {
        policy.reason.unwrap_or_default().trim()
    } else {
        ""
    };
    let (mut old, mut new) = (old, merged.values());
    if unconfirm {
        old.insert("statement_confirmed_on", iso(statement_confirmed_on));
        old.insert("statement_organisation", text(&statement_organisation));
        new.insert("statement_confirmed_on", None);
        new.insert("statement_organisation", None);
    }
    changes
        .record_forecast_move(
            conn,
            scope,
            id,
            (&mut old, &mut new),
            policy.forecast_reason,
        )
        .await?;
    record(
        changes,
        conn,
        scope,
        EntityKind::Milestone,
        id,
        Some(&old),
        &new,
        comment,
    )
    .await?;
    Ok((Change::Updated, d))
}

/// What a plan operation (`umsetzungsmonitor plan …`) changes: the title (and its English
/// version), or whether the plan is archived. Recorded in the plan's public history.
pub enum PlanChange<'a> {
    Rename {
        title: &'a str,
        title_en: Option<&'a str>,
    },
    Archive(bool),
}

/// Applies `change` to plan `plan_id` in the change set `changes`; false if nothing changed.
pub async fn change_plan(
    conn: &mut Conn,
    changes: &ChangeSet,
    plan_id: i64,
    change: PlanChange<'_>,
) -> Result<bool, sqlx::Error> {
    let (title, title_en, Flag(archived)): (String, String, Flag) =
        sqlx::query_as("SELECT title, title_en, archived_at IS NOT NULL FROM plan WHERE id = $1")
            .bind(plan_id)
            .fetch_one(&mut *conn)
            .await?;
    let old = FieldValues::from([
        ("title", text(&title)),
        ("title_en", text(&title_en)),
        ("archived", Some(archived.to_string())),
    ]);
    let mut new = old.clone();
    match change {
        PlanChange::Rename {
            title: new_title,
            title_en: new_title_en,
        } => {
            sqlx::query(&format!(
                "UPDATE plan SET title = $1, title_en = coalesce($2, title_en), updated_at = {NOW} WHERE id = $3"
            ))
            .bind(new_title)
            .bind(new_title_en)
            .bind(plan_id)
            .execute(&mut *conn)
            .await?;
            new.insert("title", text(new_title));
            if let Some(english) = new_title_en {
                new.insert("title_en", text(english));
            }
        }
        PlanChange::Archive(archive) => {
            sqlx::query(&format!(
                "UPDATE plan SET archived_at = CASE WHEN $1 THEN coalesce(archived_at, {NOW}) END, \
                 updated_at = {NOW} WHERE id = $2"
            ))
            .bind(archive)
            .bind(plan_id)
            .execute(&mut *conn)
            .await?;
            new.insert("archived", Some(archive.to_string()));
        }
    }
    if new == old {
        return Ok(false);
    }
    changes
        .record_diff(
            conn,
            Scope {
                plan_id: Some(plan_id),
                package_id: None,
            },
            EntityKind::Plan,
            plan_id,
            Some(&old),
            &new,
            "",
            |_| Visibility::Public,
        )
        .await?;
    Ok(true)
}
