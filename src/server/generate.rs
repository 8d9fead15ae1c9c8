//! `umsetzungsmonitor generate`: fills an empty database with large synthetic plans (one
//! by default) and years of history, for benchmarks and load tests. Everything goes through the same
//! write functions the app uses (catalogue import, milestone edits, status updates), so
//! rows, versions and history look exactly like real use.

use std::fmt;

use crate::runtime::db::Pool;
use anyhow::{bail, Context};
use chrono::NaiveDate;

use crate::accounts::repo::{self as accounts, NewAccount};
use crate::catalogue::file::CataloguePackage;
use crate::catalogue::{self, Catalogue};
use crate::domain::access::Role;
use crate::domain::edits::{
    DemandedDateChange, ForecastReason, MilestoneEdit, Speaker, StatusUpdateInput,
};
use crate::domain::link::parse_link_list;
use crate::domain::link::WebLink;
use crate::domain::postponement::{needs_reason, DelayCategory};
use crate::domain::schedule::{Schedule, WorkStatus};
use crate::domain::text::{LongText, Title};
use crate::domain::voices::Voice;
use crate::history::repo::{Actor, ChangeSet, Scope};
use crate::plan::model::{Milestone, MilestoneDraft, PlanInfo};
use crate::plan::repo::edit::{self, MilestoneRecord, Saved};
use crate::plan::synthetic::{self, Event};
use crate::runtime::clock::Clock;

#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub packages: u32,
    pub milestones_per_package: u32,
    /// History entries wanted per plan (the import's included).
    pub history: u64,
    pub seed: u64,
    /// How many plans of this size (each with its own seed, `seed + n - 1`).
    pub plans: u32,
}

#[derive(Debug)]
pub struct Summary {
    pub packages: i64,
    pub milestones: i64,
    pub status_updates: i64,
    pub history_entries: i64,
    pub change_sets: i64,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} Pakete, {} Meilensteine, {} Statusmeldungen, {} Verlaufseinträge in {} Speichervorgängen",
            self.packages, self.milestones, self.status_updates, self.history_entries, self.change_sets
        )
    }
}

/// The (first) synthetic plan's identifier.
pub const PLAN_SLUG: &str = "synthetisch";

/// The identifier of synthetic plan `number` (from 1): `synthetisch`, `synthetisch-2`, …
pub fn plan_slug(number: u32) -> String {
    if number <= 1 {
        PLAN_SLUG.to_owned()
    } else {
        format!("{PLAN_SLUG}-{number}")
    }
}

const MEMBERS: [(&str, &str); 6] = [
    ("Mitglied A", "Synthetische Initiative 1"),
    ("Mitglied B", "Synthetische Initiative 2"),
    ("Mitglied C", "Synthetischer Verein"),
    ("Mitglied D", "Synthetische Beratungsstelle"),
    ("Verwaltung E", "Synthetische Verwaltung"),
    ("Verwaltung F", "Synthetische Verwaltung"),
];

pub async fn generate(pool: &Pool, clock: &Clock, spec: Spec) -> anyhow::Result<Summary> {
    if !(1..=999).contains(&spec.packages) {
        bail!("--packages muss zwischen 1 und 999 liegen.");
    }
    if !(1..=99).contains(&spec.plans) {
        bail!("--plans muss zwischen 1 und 99 liegen.");
    }
    if crate::plan::repo::count_plans(pool).await? > 0 {
        bail!("Die Datenbank enthält schon einen Plan; generate füllt nur eine leere Datenbank.");
    }
    let members = insert_members(pool).await?;
    for number in 1..=spec.plans {
        generate_plan(pool, clock, &spec, number, &members)
            .await
            .with_context(|| format!("Plan {}", plan_slug(number)))?;
    }
    Ok(Summary {
        packages: count(pool, "SELECT count(*) FROM measure_package").await?,
        milestones: count(pool, "SELECT count(*) FROM milestone").await?,
        status_updates: count(pool, "SELECT count(*) FROM status_update").await?,
        history_entries: count(pool, "SELECT count(*) FROM history_entry").await?,
        change_sets: count(pool, "SELECT count(DISTINCT change_set) FROM history_entry").await?,
    })
}

/// One synthetic plan: its catalogue as first published, then its history day by day.
async fn generate_plan(
    pool: &Pool,
    clock: &Clock,
    spec: &Spec,
    number: u32,
    members: &[Actor],
) -> anyhow::Result<()> {
    let today = clock.today();
    let seed = spec.seed.wrapping_add(u64::from(number) - 1);
    let (packages, milestones) =
        synthetic::plan(spec.packages, spec.milestones_per_package, today, seed);
    let catalogue = initial_catalogue(&packages, &milestones, number);
    let report = catalogue::import(
        pool,
        &format!("{}.toml", plan_slug(number)),
        &catalogue,
        &Clock::fixed(synthetic::import_day()),
        &catalogue::ImportOptions::default(),
    )
    .await
    .context("Synthetischen Katalog einlesen")?;
    let plan_id: i64 = sqlx::query_scalar("SELECT id FROM plan WHERE slug = $1")
        .bind(&report.plan_slug)
        .fetch_one(pool)
        .await?;
    let imported: i64 = sqlx::query_scalar("SELECT count(*) FROM history_entry WHERE plan_id = $1")
        .bind(plan_id)
        .fetch_one(pool)
        .await?;
    let wanted = spec.history.saturating_sub(imported as u64);
    let events = synthetic::history(spec.packages, &milestones, today, wanted, seed);
    let ids = milestone_ids(pool, plan_id).await?;
    let package_ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM measure_package WHERE plan_id = $1 ORDER BY number")
            .bind(plan_id)
            .fetch_all(pool)
            .await?;
    let target = Target {
        plan_id,
        package_ids,
        milestone_ids: ids,
        milestones,
    };
    // One transaction per day: a day's saves commit together (fast), each is its own
    // change set with its own author.
    for (position, day_events) in events.chunk_by(|(a, _), (b, _)| a == b).enumerate() {
        let day = day_events[0].0;
        let clock = Clock::fixed(day);
        let mut tx = crate::runtime::db::begin_write(pool).await?;
        for (offset, (_, event)) in day_events.iter().enumerate() {
            let actor = members[(position + offset) % members.len()].clone();
            let changes = ChangeSet::begin(&mut tx, actor, &clock).await?;
            target
                .apply(&mut tx, &changes, day, event)
                .await
                .with_context(|| format!("{day}: {event:?}"))?;
        }
        tx.commit().await?;
    }
    Ok(())
}

async fn count(pool: &Pool, sql: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(sql).fetch_one(pool).await
}

/// The catalogue as first published: every milestone open, no forecasts, re-baselined
/// ones on their earlier date. The history then leads to the plan's state today.
fn initial_catalogue(
    packages: &[crate::plan::model::Package],
    milestones: &[Milestone],
    number: u32,
) -> Catalogue {
    let title = if number <= 1 {
        "Synthetischer Maßnahmenplan (Lastdaten)".to_owned()
    } else {
        format!("Synthetischer Maßnahmenplan {number} (Lastdaten)")
    };
    let plan = PlanInfo {
        slug: plan_slug(number),
        title,
        owner: "Umsetzungsmonitor – erzeugte Messdaten".to_owned(),
        adopted_on: Some(synthetic::import_day()),
        description:
            "Von „umsetzungsmonitor generate“ erzeugte Daten für Messungen; nichts davon ist echt."
                .to_owned(),
        title_en: "Synthetic action plan (load data)".to_owned(),
        description_en: String::new(),
        is_example: true,
        archived: false,
        words: Default::default(),
    };
    let packages = packages
        .iter()
        .map(|package| CataloguePackage {
            package: package.clone(),
            milestones: milestones
                .iter()
                .enumerate()
                .filter(|(_, m)| m.package_number == package.number)
                .map(|(index, m)| {
                    let demanded = m.schedule.demanded.map(|day| {
                        if synthetic::is_rebaselined(index) {
                            day - synthetic::REBASELINED_BY
                        } else {
                            day
                        }
                    });
                    let draft = MilestoneDraft {
                        title: m.title.clone(),
                        title_en: m.title_en.clone(),
                        description: m.description.clone(),
                        schedule: Schedule {
                            work: WorkStatus::Open,
                            demanded,
                            forecast: None,
                            completed: None,
                        },
                        public_note: m.public_note.clone(),
                    };
                    (key(index), draft)
                })
                .collect(),
            past: Vec::new(),
            reports: Vec::new(),
        })
        .collect();
    Catalogue {
        plan,
        packages,
        history_start: None,
        indicators: Vec::new(),
    }
}

fn key(index: usize) -> String {
    format!("s{index}")
}

async fn insert_members(pool: &Pool) -> anyhow::Result<Vec<Actor>> {
    // Nobody knows this password: the accounts only sign the synthetic history.
    let secret = accounts::new_session_token();
    let hash = tokio::task::spawn_blocking(move || password_auth::generate_hash(secret)).await?;
    let mut conn = pool.acquire().await?;
    let mut actors = Vec::new();
    for (number, (name, organisation)) in MEMBERS.into_iter().enumerate() {
        let email = format!("mitglied-{}@synthetisch.invalid", number + 1);
        let id = accounts::insert(
            &mut conn,
            &NewAccount {
                email: &email,
                display_name: name,
                organisation,
                role: if name.starts_with("Verwaltung") {
                    Role::Administration
                } else {
                    Role::Member
                },
                password_hash: &hash,
            },
        )
        .await?;
        actors.push(Actor {
            account_id: Some(id),
            name: name.to_owned(),
            organisation: organisation.to_owned(),
        });
    }
    Ok(actors)
}

/// Milestone ids by their index in a synthetic plan (import keys `s{index}`).
async fn milestone_ids(pool: &Pool, plan_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT m.import_key, m.id FROM milestone m JOIN measure_package p ON p.id = m.package_id \
         WHERE p.plan_id = $1 AND m.import_key IS NOT NULL",
    )
    .bind(plan_id)
    .fetch_all(pool)
    .await?;
    let mut ids = vec![0; rows.len()];
    for (key, id) in rows {
        if let Some(index) = key.strip_prefix('s').and_then(|n| n.parse::<usize>().ok()) {
            if let Some(slot) = ids.get_mut(index) {
                *slot = id;
            }
        }
    }
    Ok(ids)
}

/// The edit form's values for a stored milestone, so one field can be changed.
fn edit_of(record: &MilestoneRecord) -> anyhow::Result<MilestoneEdit> {
    Ok(MilestoneEdit {
        title: Title::parse(&record.title)?,
        title_en: Some(record.title_en.clone()),
        description: LongText::parse(&record.description)?,
        work: WorkStatus::parse(&record.status).context("Status")?,
        forecast: record.forecast_on,
        forecast_reason: None,
        completed: record.completed_on,
        public_note: LongText::parse(&record.public_note)?,
        internal_note: LongText::parse(&record.internal_note)?,
        evidence: parse_link_list(&record.evidence_links)?,
        assessment: None,
    })
}

/// What the events refer to: the stored plan and the synthetic milestones by index.
struct Target {
    plan_id: i64,
    package_ids: Vec<i64>,
    milestone_ids: Vec<i64>,
    milestones: Vec<Milestone>,
}

impl Target {
    async fn apply(
        &self,
        conn: &mut crate::runtime::db::Conn,
        changes: &ChangeSet,
        day: NaiveDate,
        event: &Event,
    ) -> anyhow::Result<()> {
        let index = match *event {
            Event::StatusUpdate {
                package,
                serial,
                with_link,
            } => {
                return self
                    .status_update(conn, changes, day, package, serial, with_link)
                    .await
            }
            Event::Start { milestone }
            | Event::Complete { milestone, .. }
            | Event::Drop { milestone }
            | Event::Forecast { milestone, .. }
            | Event::Rebaseline { milestone }
            | Event::Note { milestone, .. } => milestone,
        };
        let id = self.milestone_ids[index];
        let record = edit::load_milestone(conn, id)
            .await?
            .context("Meilenstein fehlt")?;
        let mut values = edit_of(&record)?;
        match *event {
            Event::Rebaseline { .. } => {
                let change = DemandedDateChange {
                    date: self.milestones[index].schedule.demanded,
                    reason: "Neuer Zeitplan nach Abstimmung mit der Verwaltung (synthetisch)."
                        .to_owned(),
                };
                edit::change_demanded_date(conn, changes, id, record.version, &change).await?;
                return Ok(());
            }
            Event::Start { .. } => values.work = WorkStatus::InProgress,
            Event::Complete { on, .. } => {
                values.work = WorkStatus::Done;
                values.completed = Some(on);
            }
            Event::Drop { .. } => values.work = WorkStatus::Dropped,
            Event::Forecast { forecast, .. } => {
                // A later forecast says why, as the edit form asks; the category
                // varies with the milestone.
                if needs_reason(values.forecast, Some(forecast)) {
                    let category = DelayCategory::ALL[index % DelayCategory::ALL.len()];
                    values.forecast_reason = Some(ForecastReason {
                        category,
                        text: "Verzögerung nach Auskunft der Verwaltung (synthetisch).".to_owned(),
                    });
                }
                values.forecast = Some(forecast);
            }
            Event::Note { serial, .. } => {
                values.public_note = LongText::parse(&format!(
                    "Stand {day}: Umsetzung läuft, Rückmeldung der Verwaltung liegt vor ({serial})."
                ))?
            }
            Event::StatusUpdate { .. } => {}
        }
        let speaker = Speaker {
            voice: Voice::WorkingGroup,
            organisation: changes.actor().organisation.clone(),
            today: day,
        };
        match edit::update_milestone(conn, changes, id, record.version, &values, &speaker).await? {
            Saved::Saved(_) => Ok(()),
            other => bail!("Speichern fehlgeschlagen: {other:?}"),
        }
    }

    async fn status_update(
        &self,
        conn: &mut crate::runtime::db::Conn,
        changes: &ChangeSet,
        day: NaiveDate,
        package: u32,
        serial: usize,
        with_link: bool,
    ) -> anyhow::Result<()> {
        let link = with_link
            .then(|| WebLink::parse(&format!("https://example.org/synthetisch/{serial}")))
            .transpose()?;
        let input = StatusUpdateInput {
            occurred_on: day,
            body: LongText::parse(&format!(
                "Sachstand {serial}: Die Verwaltung hat im Arbeitskreis über den Fortschritt \
                 berichtet; nächste Schritte sind abgestimmt."
            ))?,
            link,
        };
        let scope = Scope {
            plan_id: Some(self.plan_id),
            package_id: (package as usize)
                .checked_sub(1)
                .and_then(|i| self.package_ids.get(i))
                .copied(),
        };
        edit::insert_status_update(conn, changes, scope, &input).await?;
        Ok(())
    }
}
