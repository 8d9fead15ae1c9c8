//! Charts drawn into the pages that carry them, from the milestones the page has read
//! already (a page reads them once).

use chrono::NaiveDate;

use super::figure::{InlineChart, ProgressOverview};
use super::model::{package_svg_url, progress_svg_url};
use super::render::{self, burnup, schedule};
use super::routes::{drawn, file_url};
use crate::domain::burnup::burn_up;
use crate::domain::words::LevelWords;
use crate::error::AppError;
use crate::language::Locale;
use crate::plan::model::{Milestone, Package};

/// Above this many milestones a package's timeline comes as its file (an `<img>`), not
/// inline: the page stays small, the chart stays readable at its own size.
pub const INLINE_TIMELINE_LIMIT: usize = 60;

/// The dashboard's burn-up chart and its table, from all of the plan's milestones.
pub fn progress_overview(
    slug: &str,
    milestones: &[Milestone],
    today: NaiveDate,
    locale: Locale,
) -> Result<ProgressOverview, AppError> {
    let data = burn_up(milestones.iter().map(|m| &m.schedule), today);
    let chart = drawn(burnup::render(&data, false, "fortschritt", locale))?;
    Ok(ProgressOverview {
        years: data.year_rows(),
        total: data.total,
        chart: InlineChart {
            svg: chart.svg,
            summary: chart.summary,
            file_url: file_url(&progress_svg_url(slug), locale),
        },
    })
}

/// A package's timeline, from its milestones (`None` without any).
pub fn package_timeline(
    (slug, words): (&str, &LevelWords),
    package: &Package,
    milestones: &[Milestone],
    today: NaiveDate,
    locale: Locale,
) -> Result<Option<InlineChart>, AppError> {
    if milestones.is_empty() {
        return Ok(None);
    }
    let number = package.number;
    let groups = render::group(std::slice::from_ref(package), milestones);
    let chart = drawn(schedule::render(
        &groups,
        schedule::Scope::Package(number),
        today,
        false,
        &format!("paket-{number}"),
        locale,
        words,
    ))?;
    Ok(Some(InlineChart {
        svg: if milestones.len() > INLINE_TIMELINE_LIMIT {
            String::new()
        } else {
            chart.svg
        },
        summary: chart.summary,
        file_url: file_url(&package_svg_url(slug, number), locale),
    }))
}
