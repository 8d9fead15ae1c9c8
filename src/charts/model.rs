//! What the chart pages receive from the server.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::burnup::YearRow;
use crate::plan::model::JudgedMilestone;

/// A chart to place in a page: the SVG markup, its summary in words, its file's URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineChart {
    pub svg: String,
    pub summary: String,
    pub file_url: String,
}

/// `/zeitplan`: the chart and the same data as tables, package by package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleOverview {
    pub today: NaiveDate,
    pub chart: InlineChart,
    pub packages: Vec<SchedulePackage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchedulePackage {
    pub number: u32,
    pub title: String,
    pub title_en: String,
    pub milestones: Vec<JudgedMilestone>,
}

/// The burn-up chart with its data as a table (state at each year's end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressOverview {
    pub chart: InlineChart,
    pub years: Vec<YearRow>,
    pub total: u32,
}

/// URL paths of the chart files.
pub const SCHEDULE_SVG: &str = "/grafik/zeitplan.svg";
pub const PROGRESS_SVG: &str = "/grafik/fortschritt.svg";

pub fn package_svg_url(number: u32) -> String {
    format!("/grafik/pakete/{number}.svg")
}
