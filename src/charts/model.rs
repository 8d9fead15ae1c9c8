//! What the chart pages receive from the server.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::figure::InlineChart;
use crate::plan::model::JudgedMilestone;

/// Above this many milestones `/zeitplan` stays small: the chart comes as a file (`<img>`)
/// and each package's table stays on its package page, instead of all of them inline (a
/// plan of 2,600 milestones made a 5 MB page).
pub const INLINE_SCHEDULE_LIMIT: usize = 150;

/// `/zeitplan`: the chart and the same data as tables, package by package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleOverview {
    pub today: NaiveDate,
    /// Without `svg` when `compact`: the page shows the chart's file.
    pub chart: InlineChart,
    pub packages: Vec<SchedulePackage>,
    /// More than [`INLINE_SCHEDULE_LIMIT`] milestones: no inline chart, no tables.
    pub compact: bool,
    pub total: usize,
    /// What the plan calls its packages.
    #[serde(default)]
    pub words: crate::plan::model::LevelWords,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchedulePackage {
    pub number: u32,
    pub title: String,
    pub title_en: String,
    /// Empty when the overview is compact (the counts still hold).
    pub milestones: Vec<JudgedMilestone>,
    pub count: usize,
    pub overdue: usize,
}

/// URL paths of the chart files.
/// The schedule chart of plan `slug` as a file.
pub fn schedule_svg_url(slug: &str) -> String {
    format!("/{slug}/grafik/zeitplan.svg")
}

/// The burn-up chart of plan `slug` as a file.
pub fn progress_svg_url(slug: &str) -> String {
    format!("/{slug}/grafik/fortschritt.svg")
}

pub fn package_svg_url(slug: &str, number: u32) -> String {
    format!("/{slug}/grafik/pakete/{number}.svg")
}
