//! Server functions that give the pages their charts (GET: reading changes nothing).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{InlineChart, ProgressOverview, ScheduleOverview};
use crate::error::AppError;

/// `/zeitplan`: the schedule chart and its data as tables.
#[server(input = GetUrl, prefix = "/api", endpoint = "zeitplan")]
pub async fn get_schedule_overview() -> Result<ScheduleOverview, AppError> {
    use super::model::{SchedulePackage, SCHEDULE_SVG};
    use super::render::{self, schedule};
    use super::routes::{drawn, file_url, public_plan};
    use crate::language::request_locale;
    use crate::plan::model::JudgedMilestone;
    use crate::server::state::AppState;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let result = async {
        let today = state.clock.today();
        let (packages, milestones) = public_plan(&state).await?;
        let groups = render::group(&packages, &milestones);
        let chart = drawn(schedule::render(
            &groups,
            schedule::Scope::Plan,
            today,
            false,
            "zeitplan",
            locale,
        ))?;
        let packages = groups
            .iter()
            .map(|group| SchedulePackage {
                number: group.package.number,
                title: group.package.title.clone(),
                title_en: group.package.title_en.clone(),
                milestones: group
                    .milestones
                    .iter()
                    .map(|m| JudgedMilestone::judge((*m).clone(), today))
                    .collect(),
            })
            .collect();
        Ok(ScheduleOverview {
            today,
            chart: InlineChart {
                svg: chart.svg,
                summary: chart.summary,
                file_url: file_url(SCHEDULE_SVG, locale),
            },
            packages,
        })
    }
    .await;
    result.map_err(AppError::set_response_status)
}

/// The dashboard's burn-up chart with its table.
#[server(input = GetUrl, prefix = "/api", endpoint = "fortschritt")]
pub async fn get_progress_overview() -> Result<ProgressOverview, AppError> {
    use super::model::PROGRESS_SVG;
    use super::render::burnup;
    use super::routes::{drawn, file_url, public_plan};
    use crate::domain::burnup::burn_up;
    use crate::language::request_locale;
    use crate::server::state::AppState;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let result = async {
        let (_, milestones) = public_plan(&state).await?;
        let data = burn_up(milestones.iter().map(|m| &m.schedule), state.clock.today());
        let chart = drawn(burnup::render(&data, false, "fortschritt", locale))?;
        Ok(ProgressOverview {
            years: data.year_rows(),
            total: data.total,
            chart: InlineChart {
                svg: chart.svg,
                summary: chart.summary,
                file_url: file_url(PROGRESS_SVG, locale),
            },
        })
    }
    .await;
    result.map_err(AppError::set_response_status)
}

/// A package's timeline for its page.
#[server(input = GetUrl, prefix = "/api", endpoint = "paket-zeitplan")]
pub async fn get_package_timeline(number: u32) -> Result<InlineChart, AppError> {
    use super::model::package_svg_url;
    use super::routes::{file_url, package_chart, public_plan};
    use crate::language::request_locale;
    use crate::server::state::AppState;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let result = async {
        let (packages, milestones) = public_plan(&state).await?;
        let today = (state.clock.today(), false);
        let chart = package_chart(&packages, &milestones, number, today, locale)?;
        Ok(InlineChart {
            svg: chart.svg,
            summary: chart.summary,
            file_url: file_url(&package_svg_url(number), locale),
        })
    }
    .await;
    result.map_err(AppError::set_response_status)
}
