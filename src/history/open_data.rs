//! `/{plan}/api/v1/historie.json?seite=N`: the plan's whole history with its hash chain,
//! oldest first, a page of [`PAGE_ENTRIES`] entries at a time (issue 21). Anyone can
//! recompute every hash from it (`docs/historie-pruefen.md`, `docs/historie_pruefen.py`):
//! public values come with their salts; names, internal values and redacted texts only as
//! commitments, so nothing that is not public is in the file.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};

use super::chain::{self as stored, PublishedPage};
use crate::domain::chain::{self, Link, Side, Value};
use crate::error::AppError;
use crate::runtime::state::AppState;

use super::verification_page::{ALGORITHM, SCRIPT};
use super::HISTORY_JSON;

/// Entries per page unless `?je_seite=` asks for fewer (or up to [`MAX_PAGE_ENTRIES`]).
pub const PAGE_ENTRIES: i64 = 500;
pub const MAX_PAGE_ENTRIES: i64 = 1000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&format!("/{{plan}}{HISTORY_JSON}"), get(history_json))
        .route(
            SCRIPT,
            get(|| async { text_file("text/x-python; charset=utf-8", VERIFIER) }),
        )
        .route(
            ALGORITHM,
            get(|| async { text_file("text/markdown; charset=utf-8", DESCRIPTION) }),
        )
}

/// The independent verifier and the description it follows, as the repository has them.
const VERIFIER: &str = include_str!("../../docs/historie_pruefen.py");
const DESCRIPTION: &str = include_str!("../../docs/historie-pruefen.md");

fn text_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
        .into_response()
}

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub seite: Option<String>,
    pub je_seite: Option<String>,
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    plan: &'a str,
    /// The chain's number (the plan's id) as the hashes encode it.
    chain: i64,
    genesis: &'static str,
    /// `<change set>:<hash>` of the chain's last change set, as exports publish it.
    head: Option<String>,
    page: i64,
    pages: i64,
    entries_total: i64,
    /// The hash before this page's first entry and its change set (the genesis value and
    /// `null` on the first page): a page can be checked on its own.
    before: Before<'a>,
    previous: Option<String>,
    next: Option<String>,
    entries: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Before<'a> {
    hash: &'a str,
    change_set: Option<i64>,
}

#[derive(Serialize)]
struct Entry<'a> {
    id: i64,
    change_set: i64,
    recorded_at: &'a str,
    package_id: Option<i64>,
    entity: &'a str,
    entity_id: i64,
    field: &'a str,
    visibility: &'a str,
    reason_category: Option<&'a str>,
    redacted: bool,
    actor: Option<Committed<'a>>,
    organisation: Option<Committed<'a>>,
    old: Option<Committed<'a>>,
    new: Option<Committed<'a>>,
    comment: Option<Committed<'a>>,
    hash: Option<&'a str>,
}

/// A value: its commitment, with text and salt where the value is public.
#[derive(Serialize)]
struct Committed<'a> {
    commitment: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    salt: Option<&'a str>,
}

fn committed(value: &Value) -> Option<Committed<'_>> {
    Some(Committed {
        commitment: value.commitment.as_deref()?,
        text: value.text.as_deref(),
        salt: value.salt.as_deref(),
    })
}

fn entry(link: &Link) -> Entry<'_> {
    let value = |side: Side| committed(link.value(side));
    Entry {
        id: link.id,
        change_set: link.change_set,
        recorded_at: &link.recorded_at,
        package_id: link.package_id,
        entity: &link.entity,
        entity_id: link.entity_id,
        field: &link.field,
        visibility: &link.visibility,
        reason_category: link.reason_category.as_deref(),
        redacted: link.redacted,
        actor: value(Side::Actor),
        organisation: value(Side::Organisation),
        old: value(Side::Old),
        new: value(Side::New),
        comment: value(Side::Comment),
        hash: link.chain_hash.as_deref(),
    }
}

/// `?seite=` (from 1 on, default 1) and `?je_seite=` (1 to [`MAX_PAGE_ENTRIES`], default
/// [`PAGE_ENTRIES`]).
fn paging(query: &PageQuery) -> Result<(i64, i64), AppError> {
    let number = |value: &Option<String>, name: &str, default: i64, max: i64| match value
        .as_deref()
        .map(str::trim)
    {
        None | Some("") => Ok(default),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "„{name}“ ist eine Zahl von 1 bis {max}, nicht „{}“.",
                    text.chars().take(20).collect::<String>()
                ))
            }),
    };
    Ok((
        number(&query.seite, "seite", 1, i64::from(u32::MAX))?,
        number(&query.je_seite, "je_seite", PAGE_ENTRIES, MAX_PAGE_ENTRIES)?,
    ))
}

async fn history_json(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let (page, per_page) = paging(&query)?;
    let (plan_id, info) = crate::plan::repo::find_plan(&state.pool, Some(&plan))
        .await?
        .ok_or(AppError::NotFound)?;
    let PublishedPage {
        before,
        links,
        total,
    } = stored::published_page(&state.pool, plan_id, (page - 1) * per_page, per_page).await?;
    let pages = ((total + per_page - 1) / per_page).max(1);
    if page > pages {
        return Err(AppError::NotFound);
    }
    let head = stored::head(&state.pool, plan_id, None).await?;
    let address = |n: i64| match query.je_seite {
        Some(_) => format!("/{}{HISTORY_JSON}?seite={n}&je_seite={per_page}", info.slug),
        None => format!("/{}{HISTORY_JSON}?seite={n}", info.slug),
    };
    let document = Document {
        format: chain::FORMAT,
        plan: &info.slug,
        chain: plan_id,
        genesis: chain::GENESIS,
        head: head.map(|h| h.digest()),
        page,
        pages,
        entries_total: total,
        before: Before {
            hash: &before.hash,
            change_set: before.change_set,
        },
        previous: (page > 1).then(|| address(page - 1)),
        next: (page < pages).then(|| address(page + 1)),
        entries: links.iter().map(entry).collect(),
    };
    let body = serde_json::to_vec_pretty(&document).map_err(|error| {
        tracing::error!(%error, "historie.json failed");
        AppError::Internal
    })?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            ),
        ],
        body,
    )
        .into_response())
}
