//! Server functions that give the pages their charts (GET: reading changes nothing).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::ScheduleOverview;
use crate::error::AppError;

/// `/{plan}/zeitplan`: the schedule chart and its data as tables.
#[server(input = GetUrl, prefix = "/api", endpoint = "zeitplan")]
pub async fn get_schedule_overview(plan: String) -> Result<ScheduleOverview, AppError> {
    use super::figure::InlineChart;
    use super::model::{schedule_svg_url, SchedulePackage, INLINE_SCHEDULE_LIMIT};
    use super::render::{self, schedule};
    use super::routes::{drawn, file_url, public_plan};
    use crate::domain::schedule::ScheduleStatus;
    use crate::language::request_locale;
    use crate::plan::model::JudgedMilestone;
    use crate::runtime::state::AppState;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let result = async {
        let today = state.clock.today();
        let (packages, milestones, words) = public_plan(&state, &plan).await?;
        let groups = render::group(&packages, &milestones);
        let chart = drawn(schedule::render(
            &groups,
            schedule::Scope::Plan,
            today,
            false,
            "zeitplan",
            locale,
            &words,
        ))?;
        let compact = milestones.len() > INLINE_SCHEDULE_LIMIT;
        let packages = groups
            .iter()
            .map(|group| {
                let judged: Vec<JudgedMilestone> = group
                    .milestones
                    .iter()
                    .map(|m| JudgedMilestone::judge((*m).clone(), today))
                    .collect();
                SchedulePackage {
                    number: group.package.number,
                    title: group.package.title.clone(),
                    title_en: group.package.title_en.clone(),
                    count: judged.len(),
                    overdue: judged
                        .iter()
                        .filter(|m| m.status == ScheduleStatus::Overdue)
                        .count(),
                    milestones: if compact { Vec::new() } else { judged },
                }
            })
            .collect();
        Ok(ScheduleOverview {
            today,
            chart: InlineChart {
                svg: if compact { String::new() } else { chart.svg },
                summary: chart.summary,
                file_url: file_url(&schedule_svg_url(&plan), locale),
            },
            packages,
            compact,
            total: milestones.len(),
            words,
        })
    }
    .await;
    result.map_err(AppError::set_response_status)
}
