//! A chart as a page carries it: the SVG (or, for a large one, none: the page shows its
//! file), its summary in words and its file's address; and the burn-up's data table.
//! Apart from the record's types so that the record's pages can carry charts.

use serde::{Deserialize, Serialize};

use crate::domain::burnup::YearRow;

/// A chart to place in a page: the SVG markup, its summary in words, its file's URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineChart {
    pub svg: String,
    pub summary: String,
    pub file_url: String,
}

/// The burn-up chart with its data as a table (state at each year's end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressOverview {
    pub chart: InlineChart,
    pub years: Vec<YearRow>,
    pub total: u32,
}
