//! Server functions that read the public record. All are GET: reading never changes state.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{Comparison, Dashboard, Home, PackagePage, PlanInfo};
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use crate::plan::model::{Dashboard, PlanInfo};
    use crate::plan::repo;
    use crate::runtime::state::AppState;

    /// The plan with this slug (from the page's address); 404 when there is none.
    pub async fn plan(state: &AppState, slug: &str) -> Result<(i64, PlanInfo), AppError> {
        repo::find_plan(&state.pool, Some(slug))
            .await?
            .ok_or_else(|| AppError::NotFound.set_response_status())
    }

    /// Indicators as the dashboard and the package pages show them: as the public sees
    /// them, for everyone (a member finds the exact figures on `/kennzahlen`).
    pub fn public_indicators(
        indicators: &[crate::indicators::model::StoredIndicator],
        today: chrono::NaiveDate,
    ) -> Vec<crate::indicators::model::IndicatorSummary> {
        indicators
            .iter()
            .map(|i| i.summary(today, crate::indicators::model::Audience::Public))
            .collect()
    }

    pub async fn dashboard(
        state: &AppState,
        plan_id: i64,
        plan: PlanInfo,
    ) -> Result<Dashboard, AppError> {
        let pool = &state.pool;
        let (packages, milestones, indicators) = tokio::try_join!(
            repo::packages(pool, plan_id),
            repo::milestones(pool, plan_id, false),
            crate::indicators::repo::indicators(pool, plan_id, None)
        )?;
        let today = state.clock.today();
        let mut dashboard = Dashboard::build(plan, &packages, &milestones, today);
        dashboard.indicators = public_indicators(&indicators, today);
        dashboard.progress = Some(crate::charts::inline::progress_overview(
            &dashboard.plan.slug,
            &milestones,
            today,
            crate::language::request_locale(),
        )?);
        Ok(dashboard)
    }
}

/// The title and flags of plan `plan` (a slug), for the header on every page; without a
/// slug (the site's own pages) the site's only plan, if it has exactly one.
#[server(input = GetUrl, prefix = "/api", endpoint = "plan")]
pub async fn get_plan_info(plan: Option<String>) -> Result<Option<PlanInfo>, AppError> {
    use crate::plan::repo;
    use crate::runtime::state::AppState;
    let state = AppState::from_context()?;
    Ok(match plan {
        Some(slug) => repo::find_plan(&state.pool, Some(&slug)).await?,
        None => repo::only_plan(&state.pool).await?,
    }
    .map(|(_, info)| info))
}

/// `/`: the one plan's dashboard, or every plan with its figures, or nothing yet.
#[server(input = GetUrl, prefix = "/api", endpoint = "start")]
pub async fn get_home() -> Result<Home, AppError> {
    use crate::domain::schedule::totals;
    use crate::plan::model::PlanSummary;
    use crate::plan::repo;
    use crate::runtime::state::AppState;
    let state = AppState::from_context()?;
    let plans = repo::all_plans(&state.pool).await?;
    match plans.len() {
        0 => Ok(Home::Empty),
        1 => {
            let (plan_id, info, _) = plans.into_iter().next().expect("one plan");
            Ok(Home::One(Box::new(
                ssr::dashboard(&state, plan_id, info).await?,
            )))
        }
        _ => {
            let today = state.clock.today();
            let mut summaries = Vec::with_capacity(plans.len());
            for (plan_id, plan, archived) in plans {
                let (packages, milestones) = tokio::try_join!(
                    repo::package_numbers(&state.pool, plan_id),
                    repo::milestones(&state.pool, plan_id, false)
                )?;
                summaries.push(PlanSummary {
                    plan,
                    packages: packages.len() as u32,
                    totals: totals(milestones.iter().map(|m| &m.schedule), today),
                    archived,
                });
            }
            Ok(Home::Several(summaries))
        }
    }
}

/// `/vergleich`: the plans side by side.
#[server(input = GetUrl, prefix = "/api", endpoint = "vergleich")]
pub async fn get_comparison() -> Result<Comparison, AppError> {
    use super::model::ComparedPlan;
    use crate::charts::figure::InlineChart;
    use crate::runtime::state::AppState;
    let state = AppState::from_context()?;
    let locale = crate::language::request_locale();
    let plans = super::compare::compared_plans(&state).await?;
    let chart = crate::charts::routes::comparison_chart(&plans, locale)?;
    Ok(Comparison {
        today: state.clock.today(),
        chart: InlineChart {
            svg: chart.svg,
            summary: chart.summary,
            file_url: crate::charts::routes::file_url(
                crate::charts::routes::COMPARISON_SVG,
                locale,
            ),
        },
        plans: plans
            .into_iter()
            .map(|(info, figures)| ComparedPlan {
                slug: info.slug,
                title: info.title,
                title_en: info.title_en,
                figures,
            })
            .collect(),
    })
}

/// Everything the dashboard of plan `plan` shows; 404 for a plan the site does not have.
#[server(input = GetUrl, prefix = "/api", endpoint = "dashboard")]
pub async fn get_dashboard(plan: String) -> Result<Dashboard, AppError> {
    use crate::runtime::state::AppState;
    let state = AppState::from_context()?;
    let (plan_id, info) = ssr::plan(&state, &plan).await?;
    ssr::dashboard(&state, plan_id, info).await
}

/// How many history events a package page shows before linking to `/aenderungen`.
pub const PACKAGE_HISTORY_EVENTS: u32 = 10;

/// How many status updates a package page shows at a time (older ones on further pages).
pub const STATUS_UPDATES_PER_PAGE: u32 = 20;

/// One measure package with its milestones, timeline and history; 404 for a number the
/// plan does not have. Internal notes and names only for the signed-in working group.
#[server(input = GetUrl, prefix = "/api", endpoint = "package")]
pub async fn get_package_page(
    plan: String,
    number: u32,
    #[server(default)] updates_page: u32,
    #[server(default)] milestones_page: u32,
) -> Result<PackagePage, AppError> {
    use super::model::MILESTONES_PER_PAGE;
    use crate::history::repo as history;
    use crate::plan::repo;
    use crate::runtime::state::AppState;
    use crate::runtime::viewer::sees_internal;
    let state = AppState::from_context()?;
    // Who asks and in which language, before the first await (`runtime::viewer::allowed_in`).
    let user = crate::runtime::viewer::current_user().await?;
    let locale = crate::language::request_locale();
    let result = async {
        let (plan_id, info) = ssr::plan(&state, &plan).await?;
        let internal = sees_internal(user.as_ref(), plan_id);
        let reader = crate::history::api::ssr::reader(user.as_ref(), plan_id);
        let pool = &state.pool;
        let (package, milestones, numbers) = tokio::try_join!(
            repo::package(pool, plan_id, number),
            repo::package_milestones(pool, plan_id, number, internal),
            repo::package_numbers(pool, plan_id)
        )?;
        let (package_id, package) = package.ok_or(AppError::NotFound)?;
        let updates_page = updates_page.clamp(1, 100_000);
        let ((status_updates, more_updates), rebaselinings, forecast_moves, history, indicators) =
            tokio::try_join!(
                repo::status_updates_page(
                    pool,
                    package_id,
                    internal,
                    updates_page,
                    STATUS_UPDATES_PER_PAGE
                ),
                history::rebaselinings(pool, &state.clock, plan_id, Some(package_id)),
                history::forecast_moves(pool, &state.clock, plan_id, Some(package_id), None),
                history::page(
                    pool,
                    &state.clock,
                    plan_id,
                    Some(package_id),
                    reader,
                    1,
                    PACKAGE_HISTORY_EVENTS
                ),
                crate::indicators::repo::indicators(pool, plan_id, Some(package_id))
            )?;
        let today = state.clock.today();
        let timeline = crate::charts::inline::package_timeline(
            (&plan, &info.words),
            &package,
            &milestones,
            today,
            locale,
        )?;
        let mut page = PackagePage::build(package, milestones, &numbers, today);
        page.timeline = timeline;
        page.words = info.words;
        page.indicators = ssr::public_indicators(&indicators, today);
        let pages = page.milestones.len().div_ceil(MILESTONES_PER_PAGE).max(1);
        let shown = (milestones_page as usize).clamp(1, pages);
        page.milestones = std::mem::take(&mut page.milestones)
            .into_iter()
            .skip((shown - 1) * MILESTONES_PER_PAGE)
            .take(MILESTONES_PER_PAGE)
            .collect();
        page.milestones_page = shown as u32;
        page.milestone_pages = pages as u32;
        page.status_updates = status_updates;
        page.updates_page = updates_page;
        page.more_updates = more_updates;
        page.rebaselinings = rebaselinings;
        for judged in &mut page.milestones {
            let id = judged.milestone.id;
            judged.postponements = crate::domain::postponement::summarize(
                forecast_moves
                    .iter()
                    .filter(|m| m.milestone_id == id)
                    .map(|m| m.dates()),
            );
        }
        page.forecast_moves = forecast_moves
            .into_iter()
            .map(|mut m| {
                m.when = state.clock.local_time_in(locale, &m.recorded_at);
                m
            })
            .collect();
        page.more_history = history.has_next;
        page.history = history.events;
        crate::history::model::localize_times(
            &state.clock,
            locale,
            &mut page.history,
            &mut page.rebaselinings,
        );
        Ok(page)
    }
    .await;
    result.map_err(AppError::set_response_status)
}
