//! The public record of one plan as every export sees it, and how it is rebuilt "as of"
//! a past day: the changes recorded after that day are undone, newest first.
//! Pure: no database, no clock; `today` and the changes are handed in.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::dates::format_de;
use crate::domain::postponement::{summarize, DelayCategory, ForecastMove, Postponements};
use crate::domain::schedule::{
    milestone_status, package_status, progress, totals, PackageStatus, Progress, Schedule,
    ScheduleStatus, Totals, WorkStatus,
};
use crate::domain::voices::{Assessment, Voices};
use crate::history::model::EntityKind;
use crate::indicators::model::{self as indicator_model, ShownPoint, StoredIndicator};

/// Who the file is for: the public, or the working group and the administration
/// (`?intern=1`), which also sees internal notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    Internal,
}

/// The day a record stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stand {
    /// Today, or the day asked for with `?stand=`; statuses are judged on this day.
    pub day: NaiveDate,
    /// Rebuilt from the history (`?stand=` given) rather than read as it is now.
    pub rebuilt: bool,
    /// When the file was made.
    pub generated_at: DateTime<Utc>,
    /// The plan's time zone: a moment of the history is dated on its local day there.
    pub timezone: chrono_tz::Tz,
    /// The head of the plan's history chain at this stand (`<change set>:<hash>`, issue
    /// 21): whoever keeps the file can later prove that the history still extends it.
    pub history_head: Option<String>,
}

impl Stand {
    pub fn day_de(&self) -> String {
        format_de(self.day)
    }

    pub fn day_iso(&self) -> String {
        self.day.format("%Y-%m-%d").to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub owner: String,
    pub adopted_on: Option<NaiveDate>,
    pub description: String,
    pub is_example: bool,
    /// English versions; empty where not translated.
    pub title_en: String,
    pub description_en: String,
    /// What the plan calls its packages (German in the files).
    pub words: crate::domain::words::LevelWords,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageRecord {
    pub id: i64,
    pub number: u32,
    pub title: String,
    pub summary: String,
    pub goal: String,
    pub responsible_unit: String,
    pub source_reference: String,
    /// English versions; empty where not translated.
    pub title_en: String,
    pub summary_en: String,
    pub goal_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneRecord {
    pub id: i64,
    pub package_id: i64,
    /// The catalogue key ("3.1"), if the milestone came from a catalogue file.
    pub key: Option<String>,
    pub title: String,
    /// English title; empty where not translated.
    pub title_en: String,
    pub description: String,
    pub work: WorkStatus,
    pub demanded_on: Option<NaiveDate>,
    pub forecast_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub public_note: String,
    /// Only in internal records.
    pub internal_note: Option<String>,
    pub evidence_links: Vec<String>,
    /// Who confirmed the statement, and the working group's assessment.
    pub voices: Voices,
    pub sort_order: i64,
    /// The last public change up to the stand (RFC 3339), if the history knows it.
    pub last_changed: Option<String>,
    /// How many saves changed it up to the stand (calendar apps' SEQUENCE).
    pub revisions: u32,
}

impl MilestoneRecord {
    pub fn schedule(&self) -> Schedule {
        Schedule {
            work: self.work,
            demanded: self.demanded_on,
            forecast: self.forecast_on,
            completed: self.completed_on,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusUpdateRecord {
    pub id: i64,
    pub package_id: i64,
    pub occurred_on: NaiveDate,
    pub body: String,
    pub link: String,
    pub organisation: String,
}

/// A demanded date that replaced an earlier one, with the reason given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebaselining {
    pub milestone_id: i64,
    pub recorded_at: String,
    pub organisation: String,
    pub old_date: Option<NaiveDate>,
    pub new_date: Option<NaiveDate>,
    pub reason: String,
}

/// A forecast moved from one date to another, with the reason given (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastMoveRecord {
    pub milestone_id: i64,
    pub recorded_at: String,
    pub organisation: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub category: Option<DelayCategory>,
    pub reason: String,
}

impl From<crate::history::model::ForecastMove> for ForecastMoveRecord {
    fn from(moved: crate::history::model::ForecastMove) -> Self {
        ForecastMoveRecord {
            milestone_id: moved.milestone_id,
            recorded_at: moved.recorded_at,
            organisation: moved.organisation,
            from: moved.from,
            to: moved.to,
            category: moved.category,
            reason: moved.reason,
        }
    }
}

impl ForecastMoveRecord {
    pub fn dates(&self) -> ForecastMove {
        ForecastMove {
            from: self.from,
            to: self.to,
        }
    }

    /// The day it was recorded, in time zone `timezone` (a save at 00:30 in Potsdam
    /// is on that day, not on the day before as in UTC).
    pub fn recorded_on(&self, timezone: chrono_tz::Tz) -> Option<NaiveDate> {
        DateTime::parse_from_rfc3339(&self.recorded_at)
            .ok()
            .map(|t| t.with_timezone(&timezone).date_naive())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub stand: Stand,
    pub audience: Audience,
    pub plan: PlanRecord,
    /// By number.
    pub packages: Vec<PackageRecord>,
    /// By package number, then display order.
    pub milestones: Vec<MilestoneRecord>,
    /// Newest first within a package.
    pub status_updates: Vec<StatusUpdateRecord>,
    /// Newest first.
    pub rebaselinings: Vec<Rebaselining>,
    /// Oldest first.
    pub forecast_moves: Vec<ForecastMoveRecord>,
    /// The plan's indicators with every value, small counts included (as known on the
    /// stand): what a file shows of them is decided by [`Record::indicator_points`].
    pub indicators: Vec<StoredIndicator>,
    /// The number of the one package this record was narrowed to (`only_package`), for
    /// the feeds of one package; `None` for the whole plan.
    pub only_package: Option<u32>,
}

/// One recorded field change, as the rewind needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedChange {
    pub entity: EntityKind,
    pub entity_id: i64,
    pub field: String,
    pub old_value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RewindError {
    #[error("Zum Stand {0} war dieser Plan noch nicht erfasst.")]
    PlanNotYetRecorded(String),
}

/// A milestone judged on the record's day.
#[derive(Debug, Clone, Copy)]
pub struct Judged<'a> {
    pub milestone: &'a MilestoneRecord,
    pub package: &'a PackageRecord,
    pub status: ScheduleStatus,
}

/// A package with what belongs to it, judged on the record's day.
#[derive(Debug, Clone)]
pub struct PackageView<'a> {
    pub package: &'a PackageRecord,
    pub milestones: Vec<Judged<'a>>,
    pub status_updates: Vec<&'a StatusUpdateRecord>,
    pub progress: Progress,
    pub status: PackageStatus,
}

impl Record {
    pub fn internal(&self) -> bool {
        self.audience == Audience::Internal
    }

    /// Who reads the indicators of this file: the public sees a small count only as
    /// "fewer than N"; an internal file (working group, administration) the figure.
    pub fn indicator_audience(&self) -> indicator_model::Audience {
        match self.audience {
            Audience::Public => indicator_model::Audience::Public,
            Audience::Internal => indicator_model::Audience::Members,
        }
    }

    /// The values of `indicator` as this file may show them, oldest first.
    pub fn indicator_points(&self, indicator: &StoredIndicator) -> Vec<ShownPoint> {
        indicator.shown_points(self.indicator_audience())
    }

    /// The record of package `number` alone: the package, its milestones, its status
    /// updates and the re-baselinings of its milestones. `None` when the plan has no
    /// such package (on the record's day).
    pub fn only_package(mut self, number: u32) -> Option<Record> {
        let package = self.packages.iter().find(|p| p.number == number)?.id;
        self.packages.retain(|p| p.id == package);
        self.milestones.retain(|m| m.package_id == package);
        self.status_updates.retain(|s| s.package_id == package);
        let kept: std::collections::HashSet<i64> = self.milestones.iter().map(|m| m.id).collect();
        self.rebaselinings
            .retain(|r| kept.contains(&r.milestone_id));
        self.forecast_moves
            .retain(|r| kept.contains(&r.milestone_id));
        self.indicators.retain(|i| i.package_number == Some(number));
        self.only_package = Some(number);
        Some(self)
    }

    /// What the record covers, for the titles of its feeds: the plan's title, or for a
    /// narrowed record `Paket 3 „…“ – {plan}` in the plan's own word.
    pub fn scope_title(&self) -> String {
        match self.the_package() {
            Some(package) => format!(
                "{} „{}“ – {}",
                self.plan
                    .words
                    .numbered(crate::language::Locale::de, package.number),
                package.title,
                self.plan.title
            ),
            None => self.plan.title.clone(),
        }
    }

    /// The one package of a narrowed record (see `only_package`).
    pub fn the_package(&self) -> Option<&PackageRecord> {
        self.only_package
            .and_then(|number| self.packages.iter().find(|p| p.number == number))
    }

    pub fn package(&self, id: i64) -> Option<&PackageRecord> {
        self.packages.iter().find(|p| p.id == id)
    }

    /// What the moves of a milestone's forecast add up to, up to the stand.
    pub fn postponements(&self, milestone_id: i64) -> Postponements {
        summarize(
            self.forecast_moves
                .iter()
                .filter(|m| m.milestone_id == milestone_id)
                .map(ForecastMoveRecord::dates),
        )
    }

    pub fn milestone(&self, id: i64) -> Option<&MilestoneRecord> {
        self.milestones.iter().find(|m| m.id == id)
    }

    /// Every milestone with its package and status, in display order.
    pub fn judged(&self) -> Vec<Judged<'_>> {
        self.milestones
            .iter()
            .filter_map(|m| {
                let package = self.package(m.package_id)?;
                Some(Judged {
                    milestone: m,
                    package,
                    status: milestone_status(&m.schedule(), self.stand.day),
                })
            })
            .collect()
    }

    pub fn package_views(&self) -> Vec<PackageView<'_>> {
        let judged = self.judged();
        self.packages
            .iter()
            .map(|package| {
                let milestones: Vec<Judged<'_>> = judged
                    .iter()
                    .filter(|j| j.package.id == package.id)
                    .copied()
                    .collect();
                let schedules: Vec<Schedule> =
                    milestones.iter().map(|j| j.milestone.schedule()).collect();
                PackageView {
                    package,
                    progress: progress(&schedules),
                    status: package_status(&schedules, self.stand.day),
                    milestones,
                    status_updates: self
                        .status_updates
                        .iter()
                        .filter(|s| s.package_id == package.id)
                        .collect(),
                }
            })
            .collect()
    }

    pub fn totals(&self) -> Totals {
        let schedules: Vec<Schedule> = self.milestones.iter().map(|m| m.schedule()).collect();
        totals(&schedules, self.stand.day)
    }

    /// Undoes `later` (the changes recorded after the stand, newest first): fields get
    /// their old values back, and what was created later disappears. Linear in the number
    /// of changes and records (one index per kind, one removal pass each).
    pub fn rewind(&mut self, later: &[RecordedChange]) -> Result<(), RewindError> {
        use std::collections::{HashMap, HashSet};

        fn index<T>(items: &[T], id: impl Fn(&T) -> i64) -> HashMap<i64, usize> {
            items
                .iter()
                .enumerate()
                .map(|(i, item)| (id(item), i))
                .collect()
        }
        let packages = index(&self.packages, |p| p.id);
        let milestones = index(&self.milestones, |m| m.id);
        let updates = index(&self.status_updates, |s| s.id);
        let mut created_later: HashSet<(EntityKind, i64)> = HashSet::new();
        for change in later {
            let old = change.old_value.as_deref();
            let field = change.field.as_str();
            let id = change.entity_id;
            let creation = match change.entity {
                EntityKind::StatusUpdate => field == "body" && old.is_none(),
                _ => field == "title" && old.is_none(),
            };
            match change.entity {
                EntityKind::Plan if id == self.plan.id => {
                    if creation {
                        return Err(RewindError::PlanNotYetRecorded(self.stand.day_de()));
                    }
                    self.plan.restore(field, old);
                }
                EntityKind::Package | EntityKind::Milestone | EntityKind::StatusUpdate
                    if creation =>
                {
                    created_later.insert((change.entity, id));
                }
                EntityKind::Package => {
                    if let Some(&i) = packages.get(&id) {
                        self.packages[i].restore(field, old);
                    }
                }
                EntityKind::Milestone => {
                    if let Some(&i) = milestones.get(&id) {
                        self.milestones[i].restore(field, old);
                    }
                }
                EntityKind::StatusUpdate => {
                    if let Some(&i) = updates.get(&id) {
                        self.status_updates[i].restore(field, old);
                    }
                }
                // Indicators are rewound by `indicators::model::rewind`.
                EntityKind::Plan | EntityKind::Account | EntityKind::Indicator => {}
            }
        }
        let later_created = |kind: EntityKind, id: i64| created_later.contains(&(kind, id));
        self.packages
            .retain(|p| !later_created(EntityKind::Package, p.id));
        self.status_updates
            .retain(|s| !later_created(EntityKind::StatusUpdate, s.id));
        let numbers: HashMap<i64, u32> = self.packages.iter().map(|p| (p.id, p.number)).collect();
        self.milestones.retain(|m| {
            !later_created(EntityKind::Milestone, m.id) && numbers.contains_key(&m.package_id)
        });
        self.milestones
            .sort_by_key(|m| (numbers.get(&m.package_id).copied(), m.sort_order, m.id));
        self.status_updates
            .sort_by_key(|s| std::cmp::Reverse((s.occurred_on, s.id)));
        Ok(())
    }
}

fn text(old: Option<&str>) -> String {
    old.unwrap_or_default().to_owned()
}

fn links(old: Option<&str>) -> Vec<String> {
    old.unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn date(old: Option<&str>) -> Option<NaiveDate> {
    old.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

impl PlanRecord {
    fn restore(&mut self, field: &str, old: Option<&str>) {
        match field {
            "title" => self.title = text(old),
            "owner" => self.owner = text(old),
            "adopted_on" => self.adopted_on = date(old),
            "description" => self.description = text(old),
            "is_example" => self.is_example = old == Some("true"),
            "title_en" => self.title_en = text(old),
            "description_en" => self.description_en = text(old),
            _ => {}
        }
    }
}

impl PackageRecord {
    fn restore(&mut self, field: &str, old: Option<&str>) {
        match field {
            "title" => self.title = text(old),
            "summary" => self.summary = text(old),
            "goal" => self.goal = text(old),
            "responsible_unit" => self.responsible_unit = text(old),
            "source_reference" => self.source_reference = text(old),
            "title_en" => self.title_en = text(old),
            "summary_en" => self.summary_en = text(old),
            "goal_en" => self.goal_en = text(old),
            _ => {}
        }
    }
}

impl MilestoneRecord {
    fn restore(&mut self, field: &str, old: Option<&str>) {
        match field {
            "title" => self.title = text(old),
            "title_en" => self.title_en = text(old),
            "description" => self.description = text(old),
            "status" => {
                if let Some(work) = old.and_then(WorkStatus::parse) {
                    self.work = work;
                }
            }
            "demanded_on" => self.demanded_on = date(old),
            "forecast_on" => self.forecast_on = date(old),
            "completed_on" => self.completed_on = date(old),
            "public_note" => self.public_note = text(old),
            "internal_note" if self.internal_note.is_some() => {
                self.internal_note = Some(text(old));
            }
            "evidence_links" => self.evidence_links = links(old),
            "sort_order" => {
                if let Some(order) = old.and_then(|o| o.parse().ok()) {
                    self.sort_order = order;
                }
            }
            "statement_confirmed_on" => self.voices.statement.on = date(old),
            "statement_organisation" => self.voices.statement.organisation = text(old),
            "assessment" => self.voices.view.assessment = old.and_then(Assessment::parse),
            "assessment_reason" => self.voices.view.reason = text(old),
            "assessment_evidence" => self.voices.view.evidence = links(old),
            "assessment_checked_on" => self.voices.view.checked_on = date(old),
            "assessment_organisation" => self.voices.view.organisation = text(old),
            _ => {}
        }
    }
}

impl StatusUpdateRecord {
    fn restore(&mut self, field: &str, old: Option<&str>) {
        match field {
            "occurred_on" => {
                if let Some(day) = date(old) {
                    self.occurred_on = day;
                }
            }
            "body" => self.body = text(old),
            "link" => self.link = text(old),
            _ => {}
        }
    }
}

/// Shared by the export tests: a small record with two packages.
#[cfg(test)]
pub(crate) mod fixture {
    use super::*;

    pub fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    pub fn milestone(id: i64, package_id: i64, title: &str, demanded: &str) -> MilestoneRecord {
        MilestoneRecord {
            id,
            package_id,
            key: Some(format!("{package_id}.{id}")),
            title: title.to_owned(),
            title_en: String::new(),
            description: String::new(),
            work: WorkStatus::Open,
            demanded_on: Some(day(demanded)),
            forecast_on: None,
            completed_on: None,
            public_note: String::new(),
            internal_note: None,
            evidence_links: Vec::new(),
            voices: Voices::default(),
            sort_order: id * 10,
            last_changed: None,
            revisions: 1,
        }
    }

    pub fn record() -> Record {
        let package = |id: i64, title: &str| PackageRecord {
            id,
            number: id as u32,
            title: title.to_owned(),
            summary: String::new(),
            goal: String::new(),
            responsible_unit: "Bereich Öffentliche Ordnung".to_owned(),
            source_reference: String::new(),
            title_en: String::new(),
            summary_en: String::new(),
            goal_en: String::new(),
        };
        let mut done = milestone(2, 1, "Stellen besetzt", "2025-06-30");
        done.work = WorkStatus::Done;
        done.completed_on = Some(day("2025-07-15"));
        Record {
            stand: Stand {
                day: day("2026-11-21"),
                rebuilt: false,
                generated_at: "2026-11-21T10:00:00Z".parse().unwrap(),
                timezone: chrono_tz::Europe::Berlin,
                history_head: Some(format!("812:{}", "3f".repeat(32))),
            },
            audience: Audience::Public,
            plan: PlanRecord {
                id: 1,
                slug: "beispiel".to_owned(),
                title: "Maßnahmenplan Ausländerbehörde".to_owned(),
                owner: "Landeshauptstadt Potsdam".to_owned(),
                adopted_on: Some(day("2021-03-01")),
                description: String::new(),
                is_example: true,
                title_en: String::new(),
                description_en: String::new(),
                words: Default::default(),
            },
            packages: vec![
                package(1, "Personal & Ausstattung"),
                package(2, "Digitale Terminvergabe „Online“"),
            ],
            milestones: vec![
                milestone(1, 1, "Konzept <vorgelegt>", "2026-01-31"),
                done,
                milestone(3, 2, "Pilotbetrieb", "2027-03-01"),
            ],
            status_updates: vec![StatusUpdateRecord {
                id: 1,
                package_id: 2,
                occurred_on: day("2026-10-01"),
                body: "Ausschreibung veröffentlicht".to_owned(),
                link: String::new(),
                organisation: "AG Ausländerbehörde".to_owned(),
            }],
            rebaselinings: Vec::new(),
            forecast_moves: vec![
                ForecastMoveRecord {
                    milestone_id: 3,
                    recorded_at: "2026-05-04T08:00:00.000Z".to_owned(),
                    organisation: "Landeshauptstadt Potsdam".to_owned(),
                    from: day("2026-12-01"),
                    to: day("2027-02-01"),
                    category: Some(DelayCategory::Budget),
                    reason: "Haushaltssperre".to_owned(),
                },
                ForecastMoveRecord {
                    milestone_id: 3,
                    recorded_at: "2026-09-01T08:00:00.000Z".to_owned(),
                    organisation: "Landeshauptstadt Potsdam".to_owned(),
                    from: day("2027-02-01"),
                    to: day("2027-04-01"),
                    category: None,
                    reason: String::new(),
                },
            ],
            indicators: vec![indicator()],
            only_package: None,
        }
    }

    /// Open applications (a count, threshold 5) in package 1: 12 in 2025, 3 in Q1 2026.
    pub fn indicator() -> StoredIndicator {
        use crate::domain::indicators::{Direction, Period, Target, Unit};
        use crate::indicators::model::StoredPoint;
        let point = |period: &str, value: f64| StoredPoint {
            period: Period::parse(period).unwrap(),
            value,
            source_reference: "Statistik ABH".to_owned(),
            note: String::new(),
        };
        StoredIndicator {
            id: 7,
            key: "K4".to_owned(),
            package_id: Some(1),
            package_number: Some(1),
            sort_order: 1,
            name: "Offene Anträge älter als drei Monate".to_owned(),
            name_en: String::new(),
            description: String::new(),
            description_en: String::new(),
            unit: Unit::Count,
            direction: Direction::Lower,
            method: "Stichtagszählung".to_owned(),
            source: "Ausländerbehörde".to_owned(),
            small_count: 5,
            target: Target {
                value: 0.0,
                due: day("2026-12-31"),
            },
            intermediate: Vec::new(),
            points: vec![point("2025", 12.0), point("2026-Q1", 3.0)],
            is_example: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;

    #[test]
    fn a_record_narrowed_to_one_package_keeps_only_what_belongs_to_it() {
        let mut whole = record();
        whole.rebaselinings = vec![
            Rebaselining {
                milestone_id: 1,
                recorded_at: "2026-01-01T10:00:00Z".to_owned(),
                old_date: None,
                new_date: Some(day("2026-01-31")),
                reason: "Neu".to_owned(),
                organisation: "AG".to_owned(),
            },
            Rebaselining {
                milestone_id: 3,
                recorded_at: "2026-02-01T10:00:00Z".to_owned(),
                old_date: Some(day("2026-12-31")),
                new_date: Some(day("2027-03-01")),
                reason: "Haushalt".to_owned(),
                organisation: "AG".to_owned(),
            },
        ];
        let second = whole.clone().only_package(2).unwrap();
        assert_eq!(second.only_package, Some(2));
        assert_eq!(second.the_package().map(|p| p.number), Some(2));
        assert_eq!(second.packages.len(), 1);
        assert_eq!(
            second.milestones.iter().map(|m| m.id).collect::<Vec<_>>(),
            [3]
        );
        assert_eq!(second.status_updates.len(), 1);
        assert_eq!(second.rebaselinings.len(), 1);
        assert_eq!(second.rebaselinings[0].reason, "Haushalt");
        assert_eq!(second.forecast_moves.len(), 2);
        let first = whole.clone().only_package(1).unwrap();
        assert!(first.status_updates.is_empty());
        assert_eq!(first.milestones.len(), 2);
        assert!(first.forecast_moves.is_empty());
        assert!(whole.only_package(9).is_none());
    }

    #[test]
    fn a_milestones_forecast_moves_add_up() {
        let record = record();
        let moved = record.postponements(3);
        assert_eq!((moved.later, moved.net_days()), (2, 62 + 59));
        assert!(record.postponements(1).is_empty());
        let berlin = record.stand.timezone;
        assert_eq!(
            record.forecast_moves[0].recorded_on(berlin),
            Some(day("2026-05-04"))
        );
        // Saved at 00:30 in Potsdam (22:30 UTC the day before): Potsdam's day.
        let mut late = record.forecast_moves[0].clone();
        late.recorded_at = "2026-05-03T22:30:00.000Z".to_owned();
        assert_eq!(late.recorded_on(berlin), Some(day("2026-05-04")));
        assert_eq!(late.recorded_on(chrono_tz::UTC), Some(day("2026-05-03")));
    }
    use super::*;

    fn change(entity: EntityKind, id: i64, field: &str, old: Option<&str>) -> RecordedChange {
        RecordedChange {
            entity,
            entity_id: id,
            field: field.to_owned(),
            old_value: old.map(str::to_owned),
        }
    }

    #[test]
    fn rewinding_restores_old_values_newest_first() {
        let mut record = record();
        record.milestones[0].forecast_on = Some(day("2026-12-31"));
        // Two later edits of the same field: first to 2026-06-30, then to 2026-12-31.
        let later = [
            change(EntityKind::Milestone, 1, "forecast_on", Some("2026-06-30")),
            change(EntityKind::Milestone, 1, "forecast_on", None),
            change(EntityKind::Milestone, 1, "status", Some("in_arbeit")),
        ];
        record.rewind(&later).unwrap();
        assert_eq!(record.milestones[0].forecast_on, None);
        assert_eq!(record.milestones[0].work, WorkStatus::InProgress);
    }

    #[test]
    fn english_versions_are_rewound_too() {
        let mut record = record();
        record.plan.title_en = "Action plan".to_owned();
        record.packages[0].summary_en = "Staff".to_owned();
        record.milestones[0].title_en = "Concept presented".to_owned();
        let later = [
            change(EntityKind::Plan, 1, "title_en", Some("Plan")),
            change(EntityKind::Package, 1, "summary_en", Some("")),
            change(EntityKind::Milestone, 1, "title_en", Some("Draft")),
        ];
        record.rewind(&later).unwrap();
        assert_eq!(record.plan.title_en, "Plan");
        assert_eq!(record.packages[0].summary_en, "");
        assert_eq!(record.milestones[0].title_en, "Draft");
    }

    #[test]
    fn what_was_created_later_disappears() {
        let mut record = record();
        let later = [
            change(EntityKind::Milestone, 3, "demanded_on", None),
            change(EntityKind::Milestone, 3, "title", None),
            change(EntityKind::StatusUpdate, 1, "body", None),
        ];
        record.rewind(&later).unwrap();
        assert_eq!(
            record.milestones.iter().map(|m| m.id).collect::<Vec<_>>(),
            [1, 2]
        );
        assert!(record.status_updates.is_empty());
    }

    #[test]
    fn a_package_created_later_takes_its_milestones_along() {
        let mut record = record();
        record
            .rewind(&[change(EntityKind::Package, 2, "title", None)])
            .unwrap();
        assert_eq!(record.packages.len(), 1);
        assert!(record.milestones.iter().all(|m| m.package_id == 1));
    }

    #[test]
    fn a_plan_created_later_is_an_error_in_german() {
        let mut record = record();
        let err = record
            .rewind(&[change(EntityKind::Plan, 1, "title", None)])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Zum Stand 21.11.2026 war dieser Plan noch nicht erfasst."
        );
    }

    #[test]
    fn internal_notes_are_only_rewound_where_they_are_shown() {
        let mut public = record();
        public
            .rewind(&[change(
                EntityKind::Milestone,
                1,
                "internal_note",
                Some("geheim"),
            )])
            .unwrap();
        assert_eq!(public.milestones[0].internal_note, None);

        let mut internal = record();
        internal.milestones[0].internal_note = Some("neu".to_owned());
        internal
            .rewind(&[change(
                EntityKind::Milestone,
                1,
                "internal_note",
                Some("alt"),
            )])
            .unwrap();
        assert_eq!(internal.milestones[0].internal_note.as_deref(), Some("alt"));
    }

    #[test]
    fn a_moved_milestone_returns_to_its_old_place() {
        let mut record = record();
        record.milestones[0].sort_order = 30;
        record
            .milestones
            .sort_by_key(|m| (m.package_id, m.sort_order));
        assert_eq!(record.milestones[0].id, 2);
        record
            .rewind(&[change(EntityKind::Milestone, 1, "sort_order", Some("10"))])
            .unwrap();
        assert_eq!(record.milestones[0].id, 1);
    }

    #[test]
    fn statuses_are_judged_on_the_stand_day() {
        let mut record = record();
        let overdue = |r: &Record| {
            r.judged()
                .iter()
                .filter(|j| j.status == ScheduleStatus::Overdue)
                .count()
        };
        assert_eq!(overdue(&record), 1);
        record.stand.day = day("2026-01-01");
        assert_eq!(overdue(&record), 0);
        let views = record.package_views();
        assert_eq!(views.len(), 2);
        assert_eq!(views[1].status_updates.len(), 1);
        assert_eq!(views[0].progress.done, 1);
    }
}
