//! The chart files of each plan: `/{plan}/grafik/zeitplan.svg`, `/{plan}/grafik/fortschritt.svg`,
//! `/{plan}/grafik/pakete/{nr}.svg`, each with `?stand=YYYY-MM-DD` to draw "today" as that day
//! and `?sprache=en` for English words (German by default: the files are stable addresses
//! for embedding).

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use serde::Deserialize;

use super::render::{self, burnup, schedule, Chart};
use crate::domain::burnup::burn_up;
use crate::domain::dates::parse_stand;
use crate::domain::words::LevelWords;
use crate::error::AppError;
use crate::language::Locale;
use crate::plan::model::{Milestone, Package};
use crate::plan::repo;
use crate::runtime::state::AppState;

/// The plans compared (`/vergleich`), as a file.
pub const COMPARISON_SVG: &str = "/grafik/vergleich.svg";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(COMPARISON_SVG, get(comparison_file))
        .route("/{plan}/grafik/zeitplan.svg", get(schedule_file))
        .route("/{plan}/grafik/fortschritt.svg", get(progress_file))
        .route("/{plan}/grafik/pakete/{file}", get(package_file))
}

#[derive(Debug, Deserialize)]
pub struct StandQuery {
    pub stand: Option<String>,
    pub sprache: Option<String>,
}

impl StandQuery {
    /// The chart's language: German unless `?sprache=` names another one.
    pub fn locale(&self) -> Locale {
        self.sprache
            .as_deref()
            .and_then(|code| code.parse().ok())
            .unwrap_or_default()
    }
}

/// A chart file's address in `locale`.
pub fn file_url(path: &str, locale: Locale) -> String {
    match locale {
        Locale::de => path.to_owned(),
        other => format!("{path}?sprache={other}"),
    }
}

/// The day to draw as "today", and whether it was asked for (`?stand=`).
pub fn as_of(state: &AppState, query: &StandQuery) -> Result<(NaiveDate, bool), AppError> {
    match query.stand.as_deref() {
        None | Some("") => Ok((state.clock.today(), false)),
        Some(text) => parse_stand(text)
            .map(|date| (date, true))
            .map_err(AppError::BadRequest),
    }
}

/// The public packages and milestones of plan `slug`, and its words for them; 404 for a
/// plan the site lacks.
pub async fn public_plan(
    state: &AppState,
    slug: &str,
) -> Result<(Vec<Package>, Vec<Milestone>, LevelWords), AppError> {
    let (plan_id, info) = repo::find_plan(&state.pool, Some(slug))
        .await?
        .ok_or(AppError::NotFound)?;
    let (packages, milestones) = tokio::try_join!(
        repo::packages(&state.pool, plan_id),
        repo::milestones(&state.pool, plan_id, false)
    )?;
    Ok((packages, milestones, info.words))
}

pub(crate) fn drawn(result: Result<Chart, render::ChartError>) -> Result<Chart, AppError> {
    result.map_err(|error| {
        tracing::error!(%error, "chart rendering failed");
        AppError::Internal
    })
}

pub(crate) fn svg_response(chart: Chart) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            // Public data that changes with every edit: revalidate, but allow caches.
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        chart.svg,
    )
        .into_response()
}

async fn schedule_file(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    Query(query): Query<StandQuery>,
) -> Result<Response, AppError> {
    let (today, as_of) = as_of(&state, &query)?;
    let (packages, milestones, words) = public_plan(&state, &plan).await?;
    let groups = render::group(&packages, &milestones);
    let chart = drawn(schedule::render(
        &groups,
        schedule::Scope::Plan,
        today,
        as_of,
        "zeitplan",
        query.locale(),
        &words,
    ))?;
    Ok(svg_response(chart))
}

async fn progress_file(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    Query(query): Query<StandQuery>,
) -> Result<Response, AppError> {
    let (today, as_of) = as_of(&state, &query)?;
    let (_, milestones, _) = public_plan(&state, &plan).await?;
    let data = burn_up(milestones.iter().map(|m| &m.schedule), today);
    Ok(svg_response(drawn(burnup::render(
        &data,
        as_of,
        "fortschritt",
        query.locale(),
    ))?))
}

async fn package_file(
    State(state): State<AppState>,
    Path((plan, file)): Path<(String, String)>,
    Query(query): Query<StandQuery>,
) -> Result<Response, AppError> {
    let number: u32 = file
        .strip_suffix(".svg")
        .and_then(|n| n.parse().ok())
        .ok_or(AppError::NotFound)?;
    let (today, as_of) = as_of(&state, &query)?;
    let (packages, milestones, words) = public_plan(&state, &plan).await?;
    let chart = package_chart(
        &packages,
        &milestones,
        number,
        (today, as_of),
        query.locale(),
        &words,
    )?;
    Ok(svg_response(chart))
}

/// The comparison chart of `plans` (title and figures, in the site's order).
pub fn comparison_chart(
    plans: &[(
        crate::plan::model::PlanInfo,
        crate::domain::comparison::PlanFigures,
    )],
    locale: Locale,
) -> Result<Chart, AppError> {
    let rows: Vec<(String, crate::domain::comparison::PlanFigures)> = plans
        .iter()
        .map(|(info, figures)| {
            let (title, _) = crate::ui::content::localized(locale, &info.title, &info.title_en);
            (title.to_owned(), *figures)
        })
        .collect();
    drawn(render::comparison::render(&rows, "vergleich", locale))
}

async fn comparison_file(
    State(state): State<AppState>,
    Query(query): Query<StandQuery>,
) -> Result<Response, AppError> {
    let plans = crate::plan::compare::compared_plans(&state).await?;
    Ok(svg_response(comparison_chart(&plans, query.locale())?))
}

/// One package's timeline; `NotFound` for a number the plan does not have.
pub fn package_chart(
    packages: &[Package],
    milestones: &[Milestone],
    number: u32,
    (today, as_of): (NaiveDate, bool),
    locale: Locale,
    words: &LevelWords,
) -> Result<Chart, AppError> {
    let groups: Vec<_> = render::group(packages, milestones)
        .into_iter()
        .filter(|g| g.package.number == number)
        .collect();
    if groups.is_empty() {
        return Err(AppError::NotFound);
    }
    drawn(schedule::render(
        &groups,
        schedule::Scope::Package(number),
        today,
        as_of,
        &format!("paket-{number}"),
        locale,
        words,
    ))
}
