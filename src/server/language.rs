//! `GET /sprache/{de|en}?zurueck=…`: remember the language, then show the page again.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::language::{safe_return_path, Locale, LANGUAGE_COOKIE};
use crate::runtime::state::AppState;
use leptos_i18n::Locale as _;

/// A year: the choice outlives the browser session, as readers expect of a language.
const COOKIE_MAX_AGE_SECONDS: u32 = 365 * 24 * 60 * 60;

pub fn routes() -> Router<AppState> {
    Router::new().route("/sprache/{locale}", get(switch))
}

#[derive(Deserialize)]
struct Back {
    zurueck: Option<String>,
}

async fn switch(
    State(state): State<AppState>,
    Path(locale): Path<String>,
    Query(back): Query<Back>,
) -> Response {
    let Ok(locale) = locale.parse::<Locale>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let target = safe_return_path(back.zurueck.as_deref());
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age={COOKIE_MAX_AGE_SECONDS}; SameSite=Lax; HttpOnly{secure}",
        locale.as_str()
    );
    // A path the header cannot carry (non-ASCII after decoding) falls back to the start page.
    let location = HeaderValue::from_str(target).unwrap_or(HeaderValue::from_static("/"));
    match HeaderValue::from_str(&cookie) {
        Ok(cookie) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, location), (header::SET_COOKIE, cookie)],
        )
            .into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}
