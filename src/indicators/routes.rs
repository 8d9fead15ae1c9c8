//! An indicator's chart as a file: `/{plan}/grafik/kennzahlen/{id}.svg`, with `?stand=`
//! (the figures as known at the end of that day) and `?sprache=en`. Always as the public
//! sees it: small counts are drawn without their number.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::api::ssr::{chart, stand};
use super::model::Audience;
use super::repo;
use crate::charts::routes::{svg_response, StandQuery};
use crate::error::AppError;
use crate::runtime::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/{plan}/grafik/kennzahlen/{file}", get(indicator_file))
}

async fn indicator_file(
    State(state): State<AppState>,
    Path((plan, file)): Path<(String, String)>,
    Query(query): Query<StandQuery>,
) -> Result<Response, AppError> {
    let id: i64 = file
        .strip_suffix(".svg")
        .filter(|n| !n.is_empty() && n.len() <= 12 && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse().ok())
        .ok_or(AppError::NotFound)?;
    let as_of = stand(query.stand.as_deref())?;
    let (plan_id, _) = crate::plan::api::ssr::plan(&state, &plan).await?;
    let indicators =
        repo::indicators_as_of(&state.pool, &state.clock, plan_id, None, as_of).await?;
    let indicator = indicators
        .iter()
        .find(|i| i.id == id)
        .ok_or(AppError::NotFound)?;
    let today = as_of.unwrap_or_else(|| state.clock.today());
    let drawn = chart(
        indicator,
        today,
        as_of.is_some(),
        Audience::Public,
        query.locale(),
    )?;
    Ok(svg_response(drawn))
}
