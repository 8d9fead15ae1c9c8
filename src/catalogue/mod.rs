//! Catalogue files: reading a plan with its packages and milestones from TOML into
//! the database, all or nothing.

pub mod file;
pub mod merge;
pub mod repo;
pub mod timeline;

use std::fmt;

use crate::runtime::db::Pool;
use chrono::NaiveDate;

use crate::history::repo::{Actor, ChangeSet, Scope};
use crate::indicators::edit::PointTarget;
use crate::plan::model::{Milestone, Package};
use crate::plan::repo::{self as plan_repo, Change};

use crate::runtime::clock::Clock;
pub use file::{parse, Catalogue, CatalogueError};
use merge::{Difference, Outcome, Policy};

/// The example catalogue shipped with the app, loaded into an empty database.
pub const EXAMPLE_CATALOGUE: &str = include_str!("../../catalogue/beispiel-potsdam.toml");
pub const EXAMPLE_CATALOGUE_NAME: &str = "catalogue/beispiel-potsdam.toml";

/// The example catalogues a fresh site starts with, Potsdam's first (the plan the
/// addresses from before several plans lead to): the four programmes of the source texts.
pub const EXAMPLE_CATALOGUES: [(&str, &str); 4] = [
    (EXAMPLE_CATALOGUE_NAME, EXAMPLE_CATALOGUE),
    (
        "catalogue/beispiel-dresden.toml",
        include_str!("../../catalogue/beispiel-dresden.toml"),
    ),
    (
        "catalogue/beispiel-niedersachsen.toml",
        include_str!("../../catalogue/beispiel-niedersachsen.toml"),
    ),
    (
        "catalogue/beispiel-magdeburg.toml",
        include_str!("../../catalogue/beispiel-magdeburg.toml"),
    ),
];

/// The example catalogue as the public record would hold it, without a database
/// (ids in file order): for pure tests and benchmarks.
pub fn example_plan(today: NaiveDate) -> (Vec<Package>, Vec<Milestone>) {
    let catalogue = parse(EXAMPLE_CATALOGUE_NAME, EXAMPLE_CATALOGUE, today)
        .expect("the shipped example catalogue is valid (tested)");
    let mut packages = Vec::new();
    let mut milestones = Vec::new();
    for entry in catalogue.packages {
        for (_, draft) in entry.milestones {
            milestones.push(Milestone {
                id: milestones.len() as i64 + 1,
                package_number: entry.package.number,
                title: draft.title,
                title_en: draft.title_en,
                description: draft.description,
                schedule: draft.schedule,
                public_note: draft.public_note,
                internal_note: None,
                evidence_links: Vec::new(),
                voices: Default::default(),
            });
        }
        packages.push(entry.package);
    }
    (packages, milestones)
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
}

impl Counts {
    fn add(&mut self, change: Change) {
        match change {
            Change::Created => self.created += 1,
            Change::Updated => self.updated += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} neu, {} geändert, {} unverändert",
            self.created, self.updated, self.unchanged
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub plan_slug: String,
    pub plan: Change,
    pub packages: Counts,
    pub milestones: Counts,
    /// Indicators: created, or already there (left as they are).
    pub indicators: Counts,
    /// Values of indicators recorded by this import.
    pub values: u32,
    /// Values left out because their period has not begun yet.
    pub values_not_yet: u32,
    /// Every field of an existing record where the file differed, and what became of it.
    pub differences: Vec<Difference>,
    /// A dry run: nothing was written.
    pub dry_run: bool,
    /// The recorded past the file brought into a new plan: from which day, in how many
    /// saves (change sets).
    pub recorded_past: Option<(NaiveDate, usize)>,
}

impl ImportReport {
    /// Differences the file could not write because the app changed them since.
    pub fn kept(&self) -> impl Iterator<Item = &Difference> {
        self.differences
            .iter()
            .filter(|d| matches!(d.decision.outcome, Outcome::Kept { .. }))
    }

    fn missing_reasons(&self) -> bool {
        self.differences
            .iter()
            .any(|d| d.decision.outcome == Outcome::ReasonMissing)
    }
}

/// How to treat a record that already exists: see `merge::decide`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Replace also values changed in the app since the last import.
    pub overwrite: bool,
    /// Why demanded dates change; required when one that had a value changes.
    pub reason: Option<String>,
    /// Report the differences, write nothing.
    pub dry_run: bool,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plan = match self.plan {
            Change::Created => "neu angelegt",
            Change::Updated => "aktualisiert",
            Change::Unchanged => "unverändert",
        };
        if self.dry_run {
            write!(f, "Probelauf, nichts gespeichert. ")?;
        }
        write!(
            f,
            "Plan „{}“ {plan}; Maßnahmenpakete: {}; Meilensteine: {}.",
            self.plan_slug, self.packages, self.milestones
        )?;
        if self.indicators != Counts::default() {
            write!(
                f,
                " Kennzahlen: {}, {} neue Werte.",
                self.indicators, self.values
            )?;
            if self.values_not_yet > 0 {
                write!(
                    f,
                    " {} Werte für Zeiträume, die noch nicht begonnen haben, ausgelassen.",
                    self.values_not_yet
                )?;
            }
        }
        if let Some((start, saves)) = self.recorded_past {
            write!(
                f,
                " Verlauf ab {} mit {saves} Speicherungen eingelesen.",
                crate::domain::dates::format_de(start)
            )?;
        }
        if !self.differences.is_empty() {
            write!(f, "\nAbweichungen zwischen Datei und Datenbank:")?;
            for difference in &self.differences {
                write!(f, "\n  {difference}")?;
            }
        }
        let kept = self.kept().count();
        if kept > 0 {
            write!(
                f,
                "\n{kept} Wert(e) wurden seit dem letzten Einlesen in der Anwendung geändert und \
                 bleiben; mit --ueberschreiben übernimmt der Import die Werte der Datei."
            )?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Invalid(#[from] CatalogueError),
    #[error("Datenbankfehler beim Einlesen, nichts wurde übernommen: {0}")]
    Database(#[from] sqlx::Error),
    /// Demanded dates would change without a reason: nothing was written.
    #[error(
        "Soll-Termine würden sich ändern; eine Änderung des Soll-Termins braucht eine \
         öffentliche Begründung (--begruendung \"…\"). Nichts wurde übernommen.\n{0}"
    )]
    ReasonRequired(Box<ImportReport>),
}

/// Writes a checked catalogue in one transaction: creates what is new, updates what
/// changed in the file, leaves everything else (also milestones not in the file) as it
/// is. A value changed in the app since the last import stays unless `options.overwrite`;
/// a demanded date that had a value changes only with `options.reason`, else nothing is
/// written. Every created or changed field goes into the history, as one change set.
pub async fn import(
    pool: &Pool,
    source_name: &str,
    catalogue: &Catalogue,
    clock: &Clock,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let policy = Policy {
        overwrite: options.overwrite,
        reason: options.reason.as_deref(),
        forecast_reason: None,
    };
    let mut differences = Vec::new();
    let mut note = |place: String, decisions: Vec<merge::FieldDecision>| {
        differences.extend(decisions.into_iter().map(|decision| Difference {
            place: place.clone(),
            decision,
        }));
    };
    let mut tx = crate::runtime::db::begin_write(pool).await?;
    // A recorded past goes into a new plan only, which then opens on the past's first day;
    // into a plan that exists the file's present is merged as always.
    let past = match catalogue.history_start {
        Some(start) if !repo::plan_exists(&mut tx, &catalogue.plan.slug).await? => Some(start),
        _ => None,
    };
    let opening = past.map(Clock::fixed);
    let changes = ChangeSet::begin(
        &mut tx,
        Actor::catalogue_import(source_name),
        opening.as_ref().unwrap_or(clock),
    )
    .await?;
    let (plan_id, (plan, found)) =
        repo::upsert_plan(&mut tx, &changes, &catalogue.plan, policy).await?;
    note("Plan".to_owned(), found);
    let mut packages = Counts::default();
    let mut milestones = Counts::default();
    let mut scopes = Vec::with_capacity(catalogue.packages.len());
    for entry in &catalogue.packages {
        let number = entry.package.number;
        let (package_id, (change, found)) =
            repo::upsert_package(&mut tx, &changes, plan_id, &entry.package, policy).await?;
        packages.add(change);
        note(format!("Paket {number}"), found);
        let scope = Scope {
            plan_id: Some(plan_id),
            package_id: Some(package_id),
        };
        scopes.push(scope);
        for (position, (key, draft)) in entry.milestones.iter().enumerate() {
            // With a past, what was recorded later is created on its own day (below).
            let draft = match (past, entry.past.get(position)) {
                (Some(start), Some(steps)) => match steps.first() {
                    Some(first) if first.on == start => &first.draft,
                    _ => continue,
                },
                _ => draft,
            };
            let sort_order = (position as i64 + 1) * 10;
            let (change, found) =
                repo::upsert_milestone(&mut tx, &changes, scope, key, draft, sort_order, policy)
                    .await?;
            milestones.add(change);
            note(format!("Meilenstein {key}"), found);
        }
    }
    // Indicators: new ones are created (on the opening day of a recorded past); one that
    // exists keeps its definition and gets the values it does not have yet. With a past,
    // values are recorded on their own days (below), otherwise in this change set.
    let mut indicators = Counts::default();
    let mut values = 0;
    let mut targets = Vec::with_capacity(catalogue.indicators.len());
    for entry in &catalogue.indicators {
        let (target, change) =
            indicator_target(&mut tx, &changes, plan_id, catalogue, &scopes, entry).await?;
        indicators.add(change);
        if past.is_none() {
            for (_, point) in &entry.points {
                values += u32::from(
                    crate::indicators::edit::save_point_if_new(&mut tx, &changes, target, point)
                        .await?,
                );
            }
        }
        targets.push(target);
    }
    let recorded_past = match past {
        Some(start) => {
            let (created, saves, recorded_values) =
                record_past(&mut tx, source_name, catalogue, (&scopes, &targets), start).await?;
            milestones.created += created;
            values += recorded_values;
            Some((start, saves))
        }
        None => None,
    };
    let report = ImportReport {
        values_not_yet: catalogue.indicators.iter().map(|i| i.not_yet).sum(),
        indicators,
        values,
        recorded_past,
        plan_slug: catalogue.plan.slug.clone(),
        plan,
        packages,
        milestones,
        differences,
        dry_run: options.dry_run,
    };
    if report.missing_reasons() {
        // Dropping the transaction rolls everything back.
        return Err(ImportError::ReasonRequired(Box::new(report)));
    }
    if !options.dry_run {
        tx.commit().await?;
    }
    Ok(report)
}

/// Records a new plan's past as the file gives it, in date order, each step as its own
/// save dated on its day: milestones first recorded after the opening day, every later
/// step of a milestone (a moved demanded date with its reason), and the status updates.
/// Returns how many milestones it created and how many saves it recorded.
async fn record_past(
    conn: &mut crate::runtime::db::Conn,
    source_name: &str,
    catalogue: &Catalogue,
    (scopes, targets): (&[Scope], &[PointTarget]),
    start: NaiveDate,
) -> Result<(u32, usize, u32), sqlx::Error> {
    enum Event<'a> {
        Milestone {
            key: &'a str,
            position: usize,
            step: &'a timeline::Step,
            first: bool,
        },
        Report(&'a file::PastReport),
        Value(PointTarget, &'a crate::indicators::model::PointDraft),
    }
    let mut events = Vec::new();
    for (entry, &target) in catalogue.indicators.iter().zip(targets) {
        let scope = Scope {
            plan_id: Some(target.plan_id),
            package_id: target.package_id,
        };
        for (on, point) in &entry.points {
            events.push((*on, scope, Event::Value(target, point)));
        }
    }
    for (entry, &scope) in catalogue.packages.iter().zip(scopes) {
        for (position, ((key, _), steps)) in entry.milestones.iter().zip(&entry.past).enumerate() {
            for (index, step) in steps.iter().enumerate() {
                if index == 0 && step.on == start {
                    continue;
                }
                let event = Event::Milestone {
                    key,
                    position,
                    step,
                    first: index == 0,
                };
                events.push((step.on, scope, event));
            }
        }
        for report in &entry.reports {
            events.push((report.input.occurred_on, scope, Event::Report(report)));
        }
    }
    // Stable: on one day, in file order.
    events.sort_by_key(|(on, _, _)| *on);
    let actor = |by: &Option<String>| Actor {
        account_id: None,
        name: format!("Verlauf ({source_name})"),
        organisation: by.clone().unwrap_or_else(|| "Katalogdatei".to_owned()),
    };
    let mut created = 0;
    let mut values = 0;
    for (on, scope, event) in &events {
        let clock = Clock::fixed(*on);
        match event {
            Event::Milestone {
                key,
                position,
                step,
                first,
            } => {
                let changes = ChangeSet::begin(conn, actor(&step.by), &clock).await?;
                let policy = Policy {
                    overwrite: true,
                    reason: step.reason.as_deref(),
                    forecast_reason: step.forecast_reason.as_ref(),
                };
                let sort_order = (*position as i64 + 1) * 10;
                repo::upsert_milestone(
                    conn,
                    &changes,
                    *scope,
                    key,
                    &step.draft,
                    sort_order,
                    policy,
                )
                .await?;
                created += u32::from(*first);
            }
            Event::Report(report) => {
                let changes = ChangeSet::begin(conn, actor(&report.by), &clock).await?;
                crate::plan::repo::edit::insert_status_update(
                    conn,
                    &changes,
                    *scope,
                    &report.input,
                )
                .await?;
            }
            Event::Value(target, point) => {
                let by = Some("Katalogdatei (Kennzahlen)".to_owned());
                let changes = ChangeSet::begin(conn, actor(&by), &clock).await?;
                values += u32::from(
                    crate::indicators::edit::save_point_if_new(conn, &changes, *target, point)
                        .await?,
                );
            }
        }
    }
    Ok((created, events.len(), values))
}

/// The stored indicator of a catalogue entry: created when the plan does not have it
/// yet (with its package, as the file names it), else the one there.
async fn indicator_target(
    conn: &mut crate::runtime::db::Conn,
    changes: &ChangeSet,
    plan_id: i64,
    catalogue: &Catalogue,
    scopes: &[Scope],
    entry: &file::CatalogueIndicator,
) -> Result<(PointTarget, Change), sqlx::Error> {
    use crate::indicators::edit;
    let draft = &entry.draft;
    if let Some(found) = edit::find_by_key(conn, plan_id, &draft.key).await? {
        return Ok((found, Change::Unchanged));
    }
    let package_id = draft.package_number.and_then(|number| {
        catalogue
            .packages
            .iter()
            .zip(scopes)
            .find(|(p, _)| p.package.number == number)
            .and_then(|(_, scope)| scope.package_id)
    });
    let indicator_id = edit::insert_indicator(conn, changes, plan_id, package_id, draft).await?;
    Ok((
        PointTarget {
            plan_id,
            package_id,
            indicator_id,
            unit: draft.unit,
            small_count: draft.small_count,
        },
        Change::Created,
    ))
}

/// Parses and imports catalogue text; `source_name` names the file in error messages.
pub async fn import_text(
    pool: &Pool,
    source_name: &str,
    text: &str,
    clock: &Clock,
) -> Result<ImportReport, ImportError> {
    import_text_with(pool, source_name, text, clock, &ImportOptions::default()).await
}

/// `import_text` with the command line's choices for records that already exist.
pub async fn import_text_with(
    pool: &Pool,
    source_name: &str,
    text: &str,
    clock: &Clock,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let catalogue = parse(source_name, text, clock.today())?;
    import(pool, source_name, &catalogue, clock, options).await
}

/// Loads all example catalogues ([`EXAMPLE_CATALOGUES`]) if the database holds no plan
/// yet: what a fresh site shows. One report per catalogue.
pub async fn load_examples_if_empty(
    pool: &Pool,
    clock: &Clock,
) -> Result<Vec<ImportReport>, ImportError> {
    if plan_repo::count_plans(pool).await? > 0 {
        return Ok(Vec::new());
    }
    let mut reports = Vec::new();
    for (name, text) in EXAMPLE_CATALOGUES {
        reports.push(import_text(pool, name, text, clock).await?);
    }
    Ok(reports)
}

/// Loads the Potsdam example catalogue if the database holds no plan yet.
pub async fn load_example_if_empty(
    pool: &Pool,
    clock: &Clock,
) -> Result<Option<ImportReport>, ImportError> {
    if plan_repo::count_plans(pool).await? > 0 {
        return Ok(None);
    }
    import_text(pool, EXAMPLE_CATALOGUE_NAME, EXAMPLE_CATALOGUE, clock)
        .await
        .map(Some)
}
