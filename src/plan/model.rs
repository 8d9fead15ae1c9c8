//! What the public pages show of a plan, as sent from server to browser.
//!
//! The server judges every milestone against "today" once (see `domain::schedule`) and
//! sends the verdicts along, so browser and server always agree.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::charts::figure::{InlineChart, ProgressOverview};
use crate::domain::schedule::{
    self, milestone_status, package_status, punctuality, PackageStatus, Progress, Punctuality,
    Schedule, ScheduleStatus, Totals,
};
pub use crate::domain::words::LevelWords;
use crate::error::AppError;
use crate::history::model::{ChangeEvent, ForecastMove, Rebaselining};
use crate::indicators::model::IndicatorSummary;

/// How many upcoming deadlines the dashboard lists.
pub const UPCOMING_LIMIT: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInfo {
    pub slug: String,
    pub title: String,
    pub owner: String,
    pub adopted_on: Option<NaiveDate>,
    pub description: String,
    /// English versions: empty where nobody translated (then pages show the German text).
    pub title_en: String,
    pub description_en: String,
    /// The plan is an example catalogue; the UI says so plainly.
    pub is_example: bool,
    /// Archived: readable, no more changes (`umsetzungsmonitor plan archive`).
    #[serde(default)]
    pub archived: bool,
    /// What the plan calls its packages.
    #[serde(default)]
    pub words: LevelWords,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub number: u32,
    pub title: String,
    pub summary: String,
    pub goal: String,
    pub responsible_unit: String,
    pub source_reference: String,
    /// English versions, empty where not translated.
    pub title_en: String,
    pub summary_en: String,
    pub goal_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: i64,
    pub package_number: u32,
    pub title: String,
    /// English title, empty where not translated.
    pub title_en: String,
    pub description: String,
    pub schedule: Schedule,
    pub public_note: String,
    /// Only filled for readers who may see internal notes; `None` otherwise.
    pub internal_note: Option<String>,
    /// Evidence: http(s) addresses.
    pub evidence_links: Vec<String>,
    /// Who confirmed the statement above, and the working group's assessment of it.
    #[serde(default)]
    pub voices: crate::domain::voices::Voices,
}

/// An entry of a package's public timeline: what happened, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdate {
    pub id: i64,
    pub occurred_on: NaiveDate,
    pub body: String,
    pub link: Option<String>,
    pub organisation: String,
    /// The author's name: only for signed-in working-group members.
    pub author: Option<String>,
    /// Withdrawn by an admin: `body` is the notice "entfernt am … (Grund)".
    #[serde(default)]
    pub redacted: bool,
}

/// A milestone's content as a catalogue file defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneDraft {
    pub title: String,
    pub title_en: String,
    pub description: String,
    pub schedule: Schedule,
    pub public_note: String,
}

/// A milestone with its verdict for the day the page was built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgedMilestone {
    pub milestone: Milestone,
    pub status: ScheduleStatus,
    pub punctuality: Option<Punctuality>,
    /// How often its forecast moved, where a page says so (the package page).
    #[serde(default)]
    pub postponements: crate::domain::postponement::Postponements,
}

impl JudgedMilestone {
    pub fn judge(milestone: Milestone, today: NaiveDate) -> Self {
        JudgedMilestone {
            status: milestone_status(&milestone.schedule, today),
            punctuality: punctuality(&milestone.schedule),
            postponements: Default::default(),
            milestone,
        }
    }
}

/// A milestone that is still due, with the package it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub package_number: u32,
    pub package_title: String,
    pub package_title_en: String,
    pub milestone_title: String,
    pub milestone_title_en: String,
    pub demanded: NaiveDate,
    pub forecast: Option<NaiveDate>,
    pub status: ScheduleStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageCard {
    pub number: u32,
    pub title: String,
    pub title_en: String,
    pub progress: Progress,
    pub status: PackageStatus,
    /// The open milestone with the earliest demanded date (overdue ones first).
    pub next_due: Option<Deadline>,
    pub dropped: u32,
    /// Milestones where the working group doubts or contradicts the statement.
    #[serde(default)]
    pub differing: u32,
}

/// The plan's title, owner and example flag (or none before any import), loaded once per
/// page by the shell and read by the pages that show them.
#[derive(Clone, Copy)]
pub struct PlanInfoResource(pub leptos::prelude::Resource<Result<Option<PlanInfo>, AppError>>);

/// The plan a page belongs to: the slug its address starts with (`/{plan}/…`, see
/// `domain::paths`). Provided by the shell around the plan's pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSlug(pub String);

/// The slug of the plan whose page is rendered.
pub fn use_plan_slug() -> String {
    leptos::prelude::use_context::<PlanSlug>()
        .map(|PlanSlug(slug)| slug)
        .unwrap_or_default()
}

/// The address `rest` (`/pakete/3`, or empty for the dashboard) in the plan of this page.
pub fn plan_href(rest: &str) -> String {
    crate::domain::paths::plan_path(&use_plan_slug(), rest)
}

/// A plan as `/` lists it when the site holds several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub plan: PlanInfo,
    pub packages: u32,
    pub totals: Totals,
    pub archived: bool,
}

/// `/vergleich`: every plan's figures, as a chart and a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub today: NaiveDate,
    pub plans: Vec<ComparedPlan>,
    pub chart: InlineChart,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparedPlan {
    pub slug: String,
    pub title: String,
    pub title_en: String,
    pub figures: crate::domain::comparison::PlanFigures,
}

/// What `/` shows: nothing yet, the one plan's dashboard, or the list of plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Home {
    Empty,
    One(Box<Dashboard>),
    Several(Vec<PlanSummary>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub plan: PlanInfo,
    pub today: NaiveDate,
    pub totals: Totals,
    pub packages: Vec<PackageCard>,
    /// Open milestones due today or later, soonest first.
    pub upcoming: Vec<Deadline>,
    /// The burn-up chart and its table, drawn from the same milestones.
    pub progress: Option<ProgressOverview>,
    /// Where the working group doubts or contradicts the administration's statement.
    #[serde(default)]
    pub voices: crate::domain::voices::VoiceCounts,
    /// The plan's indicators, as the public sees them.
    #[serde(default)]
    pub indicators: Vec<IndicatorSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackagePage {
    pub today: NaiveDate,
    /// One page of the status updates, newest first.
    pub status_updates: Vec<StatusUpdate>,
    /// Which page of the status updates (from 1), and whether older ones follow.
    pub updates_page: u32,
    pub more_updates: bool,
    /// Demanded dates changed after they were set, with reasons.
    pub rebaselinings: Vec<Rebaselining>,
    /// Forecasts moved from one date to another, oldest first, with reasons.
    #[serde(default)]
    pub forecast_moves: Vec<ForecastMove>,
    /// The newest changes in this package.
    pub history: Vec<ChangeEvent>,
    /// More history than `history` shows.
    pub more_history: bool,
    pub package: Package,
    pub progress: Progress,
    pub status: PackageStatus,
    /// One page of the milestones (all of them up to [`MILESTONES_PER_PAGE`]).
    pub milestones: Vec<JudgedMilestone>,
    /// Which page of the milestones (from 1), of how many.
    pub milestones_page: u32,
    pub milestone_pages: u32,
    /// The package's timeline, drawn from all its milestones.
    pub timeline: Option<InlineChart>,
    pub previous: Option<u32>,
    pub next: Option<u32>,
    /// What the plan calls its packages.
    #[serde(default)]
    pub words: LevelWords,
    /// The package's indicators, as the public sees them.
    #[serde(default)]
    pub indicators: Vec<IndicatorSummary>,
}

/// How many milestones a package page lists at a time (a package of 200 made a page of
/// 1.5 MB); the timeline above shows all of them.
pub const MILESTONES_PER_PAGE: usize = 50;

fn deadline(package: &Package, milestone: &Milestone, today: NaiveDate) -> Option<Deadline> {
    schedule::due_date(&milestone.schedule, today).map(|demanded| Deadline {
        package_number: package.number,
        package_title: package.title.clone(),
        package_title_en: package.title_en.clone(),
        milestone_title: milestone.title.clone(),
        milestone_title_en: milestone.title_en.clone(),
        demanded,
        forecast: milestone.schedule.forecast,
        status: milestone_status(&milestone.schedule, today),
    })
}

impl Dashboard {
    /// `packages` in display order; `milestones` in display order within each package.
    pub fn build(
        plan: PlanInfo,
        packages: &[Package],
        milestones: &[Milestone],
        today: NaiveDate,
    ) -> Dashboard {
        let totals = schedule::totals(milestones.iter().map(|m| &m.schedule), today);
        let mut upcoming = Vec::new();
        let cards = packages
            .iter()
            .map(|package| {
                let own: Vec<&Milestone> = milestones
                    .iter()
                    .filter(|m| m.package_number == package.number)
                    .collect();
                let schedules = own.iter().map(|m| &m.schedule);
                let deadlines: Vec<Deadline> = own
                    .iter()
                    .filter_map(|m| deadline(package, m, today))
                    .collect();
                let next_due = deadlines.iter().min_by_key(|d| d.demanded).cloned();
                upcoming.extend(deadlines.into_iter().filter(|d| d.demanded >= today));
                PackageCard {
                    number: package.number,
                    title: package.title.clone(),
                    title_en: package.title_en.clone(),
                    progress: schedule::progress(schedules.clone()),
                    status: package_status(schedules, today),
                    next_due,
                    dropped: own
                        .iter()
                        .filter(|m| m.schedule.work == schedule::WorkStatus::Dropped)
                        .count() as u32,
                    differing: own
                        .iter()
                        .filter(|m| m.voices.difference().is_some())
                        .count() as u32,
                }
            })
            .collect();
        upcoming.sort_by_key(|d| (d.demanded, d.package_number));
        upcoming.truncate(UPCOMING_LIMIT);
        Dashboard {
            plan,
            today,
            totals,
            packages: cards,
            upcoming,
            progress: None,
            voices: crate::domain::voices::VoiceCounts::count(milestones.iter().map(|m| &m.voices)),
            indicators: Vec::new(),
        }
    }
}

impl PackagePage {
    /// `numbers` are all package numbers of the plan, ascending, for the previous/next links.
    pub fn build(
        package: Package,
        milestones: Vec<Milestone>,
        numbers: &[u32],
        today: NaiveDate,
    ) -> PackagePage {
        let schedules = milestones.iter().map(|m| &m.schedule);
        let progress = schedule::progress(schedules.clone());
        let status = package_status(schedules, today);
        let position = numbers.iter().position(|&n| n == package.number);
        PackagePage {
            today,
            status_updates: Vec::new(),
            updates_page: 1,
            more_updates: false,
            rebaselinings: Vec::new(),
            forecast_moves: Vec::new(),
            history: Vec::new(),
            more_history: false,
            progress,
            status,
            previous: position.and_then(|i| i.checked_sub(1)).map(|i| numbers[i]),
            next: position.and_then(|i| numbers.get(i + 1).copied()),
            milestones: milestones
                .into_iter()
                .map(|m| JudgedMilestone::judge(m, today))
                .collect(),
            milestones_page: 1,
            milestone_pages: 1,
            timeline: None,
            words: LevelWords::default(),
            indicators: Vec::new(),
            package,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::WorkStatus;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn plan() -> PlanInfo {
        PlanInfo {
            slug: "p".into(),
            title: "Plan".into(),
            owner: "AG".into(),
            adopted_on: None,
            description: String::new(),
            title_en: String::new(),
            description_en: String::new(),
            is_example: true,
            archived: false,
            words: LevelWords::default(),
        }
    }

    fn package(number: u32) -> Package {
        Package {
            number,
            title: format!("Paket {number}"),
            summary: String::new(),
            goal: String::new(),
            responsible_unit: String::new(),
            source_reference: String::new(),
            title_en: String::new(),
            summary_en: String::new(),
            goal_en: String::new(),
        }
    }

    fn milestone(
        id: i64,
        package_number: u32,
        work: WorkStatus,
        demanded: Option<NaiveDate>,
    ) -> Milestone {
        Milestone {
            id,
            package_number,
            title: format!("M{id}"),
            title_en: String::new(),
            description: String::new(),
            schedule: Schedule {
                work,
                demanded,
                forecast: None,
                completed: (work == WorkStatus::Done).then_some(d(2020, 1, 1)),
            },
            public_note: String::new(),
            internal_note: None,
            evidence_links: Vec::new(),
            voices: Default::default(),
        }
    }

    #[test]
    fn dashboard_cards_follow_package_order_and_next_due_is_earliest_open() {
        let today = d(2024, 6, 15);
        let packages = [package(1), package(2), package(3)];
        let milestones = [
            milestone(1, 1, WorkStatus::Open, Some(d(2025, 1, 1))),
            milestone(2, 1, WorkStatus::Open, Some(d(2023, 1, 1))), // overdue
            milestone(3, 1, WorkStatus::Done, Some(d(2019, 1, 1))),
            milestone(4, 2, WorkStatus::Dropped, Some(d(2024, 7, 1))),
            milestone(5, 2, WorkStatus::InProgress, Some(d(2024, 6, 15))), // due today
        ];
        let dash = Dashboard::build(plan(), &packages, &milestones, today);
        let numbers: Vec<u32> = dash.packages.iter().map(|c| c.number).collect();
        assert_eq!(numbers, [1, 2, 3]);

        let first = &dash.packages[0];
        assert_eq!(first.next_due.as_ref().unwrap().milestone_title, "M2");
        assert_eq!(first.status, PackageStatus::Open(ScheduleStatus::Overdue));
        assert_eq!(first.progress, Progress { done: 1, total: 3 });

        let second = &dash.packages[1];
        assert_eq!(second.next_due.as_ref().unwrap().milestone_title, "M5");
        assert_eq!(second.dropped, 1);
        assert_eq!(dash.packages[2].status, PackageStatus::Empty);
        assert_eq!(dash.packages[2].next_due, None);

        // Upcoming: due today or later, open only, soonest first; overdue and dropped left out.
        let upcoming: Vec<&str> = dash
            .upcoming
            .iter()
            .map(|d| d.milestone_title.as_str())
            .collect();
        assert_eq!(upcoming, ["M5", "M1"]);
        assert_eq!(dash.totals.overdue, 1);
        assert_eq!(dash.totals.progress, Progress { done: 1, total: 4 });
    }

    #[test]
    fn upcoming_list_is_capped() {
        let today = d(2024, 1, 1);
        let milestones: Vec<Milestone> = (0..20)
            .map(|i| milestone(i, 1, WorkStatus::Open, Some(d(2025, 1, 1 + i as u32))))
            .collect();
        let dash = Dashboard::build(plan(), &[package(1)], &milestones, today);
        assert_eq!(dash.upcoming.len(), UPCOMING_LIMIT);
        assert_eq!(dash.upcoming[0].demanded, d(2025, 1, 1));
    }

    #[test]
    fn package_page_links_neighbours_by_number() {
        let today = d(2024, 1, 1);
        let numbers = [1, 2, 3];
        let first = PackagePage::build(package(1), vec![], &numbers, today);
        assert_eq!((first.previous, first.next), (None, Some(2)));
        let middle = PackagePage::build(package(2), vec![], &numbers, today);
        assert_eq!((middle.previous, middle.next), (Some(1), Some(3)));
        let last = PackagePage::build(package(3), vec![], &numbers, today);
        assert_eq!((last.previous, last.next), (Some(2), None));
        assert_eq!(last.status, PackageStatus::Empty);
    }

    #[test]
    fn package_page_judges_each_milestone() {
        let today = d(2024, 6, 15);
        let page = PackagePage::build(
            package(1),
            vec![
                milestone(1, 1, WorkStatus::Open, Some(d(2024, 1, 1))),
                milestone(2, 1, WorkStatus::Done, Some(d(2019, 1, 1))),
            ],
            &[1],
            today,
        );
        let statuses: Vec<ScheduleStatus> = page.milestones.iter().map(|m| m.status).collect();
        assert_eq!(statuses, [ScheduleStatus::Overdue, ScheduleStatus::Done]);
        assert_eq!(
            page.milestones[1].punctuality,
            Some(Punctuality::Late { days: 365 })
        );
    }
}
