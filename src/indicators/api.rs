//! Server functions that read indicators. All are GET: reading never changes state.
//! A signed-out reader (and a member of another plan) gets small counts only as "fewer
//! than N": the values are made safe here, before anything leaves the server.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{IndicatorDetail, IndicatorList};
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub mod ssr {
    use chrono::NaiveDate;

    use crate::charts::figure::InlineChart;
    use crate::charts::render::indicator::{render, IndicatorFigures};
    use crate::charts::render::Chart;
    use crate::domain::dates::parse_stand;
    use crate::error::AppError;
    use crate::indicators::model::{Audience, StoredIndicator};
    use crate::language::Locale;

    /// `?stand=`: the day, or none for today.
    pub fn stand(text: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
        match text.map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => parse_stand(text).map(Some).map_err(AppError::BadRequest),
        }
    }

    /// The address of an indicator's chart file.
    pub fn chart_path(slug: &str, id: i64) -> String {
        crate::domain::paths::plan_path(slug, &format!("/grafik/kennzahlen/{id}.svg"))
    }

    /// An indicator's chart as `audience` may see it.
    pub fn chart(
        indicator: &StoredIndicator,
        today: NaiveDate,
        as_of: bool,
        audience: Audience,
        locale: Locale,
    ) -> Result<Chart, AppError> {
        let points: Vec<_> = indicator
            .shown_points(audience)
            .into_iter()
            .map(|p| (p.period, p.value))
            .collect();
        let (name, _) = crate::ui::content::localized(locale, &indicator.name, &indicator.name_en);
        let figures = IndicatorFigures {
            name,
            unit: indicator.unit,
            direction: indicator.direction,
            target: indicator.target,
            intermediate: &indicator.intermediate,
            points: &points,
            today,
            as_of,
        };
        crate::charts::routes::drawn(render(
            &figures,
            &format!("kennzahl-{}", indicator.id),
            locale,
        ))
    }

    pub fn inline(chart: Chart, file_url: String) -> InlineChart {
        InlineChart {
            svg: chart.svg,
            summary: chart.summary,
            file_url,
        }
    }
}

/// `/{plan}/kennzahlen`: every indicator of the plan with its latest value, target and
/// status, now or as known at the end of `stand` (JJJJ-MM-TT).
#[server(input = GetUrl, prefix = "/api", endpoint = "kennzahlen")]
pub async fn get_indicators(
    plan: String,
    #[server(default)] stand: Option<String>,
) -> Result<IndicatorList, AppError> {
    use super::model::Audience;
    use super::repo;
    use crate::runtime::state::AppState;
    use crate::runtime::viewer::sees_internal;
    let state = AppState::from_context()?;
    let user = crate::runtime::viewer::current_user().await?;
    let as_of = ssr::stand(stand.as_deref())?;
    let (plan_id, info) = crate::plan::api::ssr::plan(&state, &plan).await?;
    let audience = if sees_internal(user.as_ref(), plan_id) {
        Audience::Members
    } else {
        Audience::Public
    };
    let indicators =
        repo::indicators_as_of(&state.pool, &state.clock, plan_id, None, as_of).await?;
    let today = as_of.unwrap_or_else(|| state.clock.today());
    Ok(IndicatorList {
        indicators: indicators
            .iter()
            .map(|i| i.summary(today, audience))
            .collect(),
        today,
        as_of: as_of.is_some(),
        words: info.words,
    })
}

/// `/{plan}/kennzahlen/{id}`: one indicator with its chart, values and changed targets;
/// 404 for one the plan does not have (or did not have yet on `stand`).
#[server(input = GetUrl, prefix = "/api", endpoint = "kennzahl")]
pub async fn get_indicator(
    plan: String,
    id: i64,
    #[server(default)] stand: Option<String>,
) -> Result<IndicatorDetail, AppError> {
    use super::model::Audience;
    use super::repo;
    use crate::runtime::state::AppState;
    use crate::runtime::viewer::sees_internal;
    let state = AppState::from_context()?;
    let user = crate::runtime::viewer::current_user().await?;
    let locale = crate::language::request_locale();
    let as_of = ssr::stand(stand.as_deref())?;
    let (plan_id, info) = crate::plan::api::ssr::plan(&state, &plan).await?;
    let audience = if sees_internal(user.as_ref(), plan_id) {
        Audience::Members
    } else {
        Audience::Public
    };
    let indicators =
        repo::indicators_as_of(&state.pool, &state.clock, plan_id, None, as_of).await?;
    let indicator = indicators
        .into_iter()
        .find(|i| i.id == id)
        .ok_or_else(|| AppError::NotFound.set_response_status())?;
    let until = as_of.map(|day| {
        state
            .clock
            .end_of_day_utc(day)
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    });
    let target_changes =
        repo::target_changes(&state.pool, &state.clock, locale, id, until.as_deref()).await?;
    let today = as_of.unwrap_or_else(|| state.clock.today());
    let chart = ssr::chart(&indicator, today, as_of.is_some(), audience, locale)?;
    let mut file_url = crate::charts::routes::file_url(&ssr::chart_path(&info.slug, id), locale);
    if let Some(day) = as_of {
        let join = if file_url.contains('?') { '&' } else { '?' };
        file_url.push_str(&format!("{join}stand={}", day.format("%Y-%m-%d")));
    }
    Ok(IndicatorDetail {
        summary: indicator.summary(today, audience),
        description: indicator.description.clone(),
        description_en: indicator.description_en.clone(),
        method: indicator.method.clone(),
        source: indicator.source.clone(),
        small_count: indicator.small_count,
        intermediate: indicator.intermediate.clone(),
        points: indicator.shown_points(audience),
        chart: ssr::inline(chart, file_url),
        target_changes,
        today,
        as_of: as_of.is_some(),
        words: info.words,
    })
}
