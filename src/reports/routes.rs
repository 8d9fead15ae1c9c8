//! The export endpoints of each plan, under its slug (`/{plan}/export/…`, `/{plan}/feeds/…`,
//! `/{plan}/api/v1/plan.json`), and the site's list of plans. Each plan's file takes `?stand=JJJJ-MM-TT` (the record as known at the end
//! of that day, rebuilt from the history) and `?intern=1` (internal notes; signed-in
//! administration and admin accounts only, 403 for everyone else).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::record::{Audience, Record};
use super::repo::{self, Request};
use super::since::{self, Changes};
use super::{atom_file, csv_file, ics_file, json_file, pdf_file, xlsx_file};
use crate::charts::render::{self as chart_render, schedule};
use crate::domain::access::Permission;
use crate::domain::dates::parse_stand;
use crate::error::AppError;
use crate::history::repo::public_events_until;
use crate::plan::model::{Milestone, Package};
use crate::runtime::state::AppState;
use crate::runtime::viewer::{Viewer, AUDIT};
use axum::Extension;

/// Each plan's files, below its slug (`/{plan}` + one of these).
pub const PDF: &str = "/export/sachstandsbericht.pdf";
pub const XLSX: &str = "/export/meilensteine.xlsx";
pub const CSV: &str = "/export/meilensteine.csv";
pub const INDICATORS_CSV: &str = "/export/kennzahlen.csv";
pub const JSON: &str = "/api/v1/plan.json";
pub const ICS: &str = "/feeds/termine.ics";
pub const ATOM: &str = "/feeds/aenderungen.atom";
/// One package's feeds, below the plan (`/{plan}/pakete/3/termine.ics`).
pub const PACKAGE_ICS: &str = "/pakete/{nr}/termine.ics";
pub const PACKAGE_ATOM: &str = "/pakete/{nr}/aenderungen.atom";
/// The site's own files.
pub const SCHEMA: &str = "/api/v1/schema.json";

pub fn routes() -> Router<AppState> {
    let under_plan = |file: &str| format!("/{{plan}}{file}");
    Router::new()
        .route(&under_plan(PDF), get(pdf))
        .route(&under_plan(XLSX), get(xlsx))
        .route(&under_plan(CSV), get(csv))
        .route(&under_plan(INDICATORS_CSV), get(indicators_csv))
        .route(&under_plan(JSON), get(json))
        .route(&under_plan(ICS), get(ics))
        .route(&under_plan(ATOM), get(atom))
        .route(&under_plan(PACKAGE_ICS), get(package_ics))
        .route(&under_plan(PACKAGE_ATOM), get(package_atom))
        .route(SCHEMA, get(schema))
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    pub stand: Option<String>,
    pub intern: Option<String>,
    /// The status report's section "Änderungen seit …" (`?seit=JJJJ-MM-TT`).
    pub seit: Option<String>,
}

/// `?seit=`: a day, or none (then three months before the stand).
fn since_day(query: &ExportQuery) -> Result<Option<chrono::NaiveDate>, AppError> {
    match query.seit.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => parse_stand(text)
            .map(Some)
            .map_err(|e| AppError::BadRequest(e.replace("Stand", "Datum „seit“"))),
    }
}

/// What changed between `since` (default: three months before the stand) and the stand
/// of `record`: the record as of `since`, rebuilt like any `?stand=`, compared with it.
async fn changes_since(
    state: &AppState,
    slug: &str,
    viewer: Viewer,
    query: &ExportQuery,
    record: &Record,
    since: Option<chrono::NaiveDate>,
) -> Result<Changes, AppError> {
    let stand = record.stand.day;
    let since = since.unwrap_or_else(|| since::default_since(stand));
    if since >= stand {
        return Err(AppError::BadRequest(format!(
            "Das Datum „seit“ ({}) muss vor dem Stand ({}) liegen.",
            crate::domain::dates::format_de(since),
            crate::domain::dates::format_de(stand)
        )));
    }
    let earlier = ExportQuery {
        stand: Some(since.format("%Y-%m-%d").to_string()),
        intern: query.intern.clone(),
        seit: None,
    };
    // A plan recorded only after `since` had nothing then.
    let before = match load(state, slug, viewer, &earlier).await {
        Ok(before) => Some(before),
        Err(AppError::BadRequest(_)) => None,
        Err(other) => return Err(other),
    };
    Ok(since::compare(since, before.as_ref(), record))
}

/// Checks the query and the reader: which record of plan `plan_id`, for whom.
fn request(
    query: &ExportQuery,
    user: Option<&crate::runtime::viewer::CurrentUser>,
    plan_id: i64,
    today: chrono::NaiveDate,
) -> Result<Request, AppError> {
    let as_of = match query.stand.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => {
            let day = parse_stand(text).map_err(AppError::BadRequest)?;
            if day > today {
                return Err(AppError::BadRequest(format!(
                    "Der Stand {} liegt in der Zukunft. Bitte einen Tag bis heute angeben.",
                    crate::domain::dates::format_de(day)
                )));
            }
            Some(day)
        }
    };
    let audience = match query.intern.as_deref() {
        None | Some("") | Some("0") => Audience::Public,
        Some("1") => match user {
            Some(user) if user.can_in(plan_id, Permission::ExportInternal) => {
                tracing::info!(target: AUDIT, account = user.id, "internal export");
                Audience::Internal
            }
            Some(user) => {
                tracing::warn!(target: AUDIT, account = user.id, "refused: internal export");
                return Err(AppError::Forbidden);
            }
            None => return Err(AppError::Forbidden),
        },
        Some(_) => {
            return Err(AppError::BadRequest(
                "„intern“ kennt nur die Werte 1 (mit internen Notizen) und 0.".to_owned(),
            ))
        }
    };
    Ok(Request { as_of, audience })
}

/// The record of plan `slug` (404 for a plan the site lacks) as the query asks for it.
async fn load(
    state: &AppState,
    slug: &str,
    Viewer(user): Viewer,
    query: &ExportQuery,
) -> Result<Record, AppError> {
    let (plan_id, _) = crate::plan::repo::find_plan(&state.pool, Some(slug))
        .await?
        .ok_or(AppError::NotFound)?;
    let request = request(query, user.as_ref(), plan_id, state.clock.today())?;
    repo::load(&state.pool, &state.clock, Some(slug), request).await
}

/// The site's address for links inside files: configured, else from the request.
pub(super) fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    state.site_address(headers)
}

/// The plan's address, for links inside its files.
fn plan_url(state: &AppState, headers: &HeaderMap, record: &Record) -> String {
    format!("{}/{}", base_url(state, headers), record.plan.slug)
}

/// `sachstandsbericht-beispiel-2026-11-21-intern.pdf`
fn file_name(stem: &str, record: &Record, extension: &str) -> String {
    let intern = if record.internal() { "-intern" } else { "" };
    format!(
        "{stem}-{}-{}{intern}.{extension}",
        record.plan.slug,
        record.stand.day_iso()
    )
}

fn file_response(
    record: &Record,
    content_type: &'static str,
    disposition: &str,
    name: String,
    body: Vec<u8>,
) -> Response {
    let cache = if record.internal() {
        "private, no-store"
    } else {
        "public, max-age=300"
    };
    let disposition = HeaderValue::from_str(&format!("{disposition}; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

fn failed(what: &str, error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "{what} export failed");
    AppError::Internal
}

/// The record as the plan model the charts draw.
fn chart_model(record: &Record) -> (Vec<Package>, Vec<Milestone>) {
    let packages = record
        .packages
        .iter()
        .map(|p| Package {
            number: p.number,
            title: p.title.clone(),
            summary: p.summary.clone(),
            goal: p.goal.clone(),
            responsible_unit: p.responsible_unit.clone(),
            source_reference: p.source_reference.clone(),
            // Exports and their charts are German.
            title_en: String::new(),
            summary_en: String::new(),
            goal_en: String::new(),
        })
        .collect();
    let milestones = record
        .judged()
        .into_iter()
        .map(|j| Milestone {
            id: j.milestone.id,
            package_number: j.package.number,
            title: j.milestone.title.clone(),
            title_en: String::new(),
            description: j.milestone.description.clone(),
            schedule: j.milestone.schedule(),
            public_note: j.milestone.public_note.clone(),
            internal_note: None,
            evidence_links: j.milestone.evidence_links.clone(),
            voices: j.milestone.voices.clone(),
        })
        .collect();
    (packages, milestones)
}

/// The whole PDF, charts included (the schedule and each indicator's); CPU-bound.
pub fn render_pdf(
    record: &Record,
    changes: Option<&Changes>,
    base: &str,
) -> Result<Vec<u8>, AppError> {
    let (packages, milestones) = chart_model(record);
    let groups = chart_render::group(&packages, &milestones);
    let chart = schedule::render(
        &groups,
        schedule::Scope::Plan,
        record.stand.day,
        record.stand.rebuilt,
        "bericht-zeitplan",
        crate::language::Locale::de,
        &record.plan.words,
    )
    .map_err(|e| failed("chart", e))?;
    let indicators = record
        .indicators
        .iter()
        .map(|i| {
            let chart = crate::indicators::api::ssr::chart(
                i,
                record.stand.day,
                record.stand.rebuilt,
                record.indicator_audience(),
                crate::language::Locale::de,
            )?;
            Ok(pdf_file::IndicatorChart {
                id: i.id,
                svg: chart.svg,
                summary: chart.summary,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let charts = pdf_file::ReportCharts {
        schedule: chart.svg,
        indicators,
    };
    pdf_file::render(record, changes, &charts, base).map_err(|e| failed("pdf", e))
}

/// Typesetting and zipping take whole CPU cores: at most one job per core at a time,
/// so a burst of report downloads queues instead of starving the page requests.
static RENDER_SLOTS: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    tokio::sync::Semaphore::new(cores)
});

/// Runs `job` on the blocking pool in a render slot. The slot goes with the job and is
/// released when the job has really finished, also when the request gave up earlier
/// (timeout, closed connection): an abandoned typst run still holds its core.
async fn blocking<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let slot = RENDER_SLOTS
        .acquire()
        .await
        .map_err(|e| failed("render slot", e))?;
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        job()
    })
    .await
    .map_err(|e| failed("blocking", e))?
}

async fn pdf(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    Extension(viewer): Extension<Viewer>,
    headers: HeaderMap,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let since = since_day(&query)?;
    let record = load(&state, &plan, viewer.clone(), &query).await?;
    let changes = changes_since(&state, &plan, viewer, &query, &record, since).await?;
    let base = plan_url(&state, &headers, &record);
    let (record, body) = blocking(move || {
        let body = render_pdf(&record, Some(&changes), &base)?;
        Ok((record, body))
    })
    .await?;
    let name = file_name("sachstandsbericht", &record, "pdf");
    Ok(file_response(
        &record,
        "application/pdf",
        "inline",
        name,
        body,
    ))
}

async fn xlsx(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let record = load(&state, &plan, viewer, &query).await?;
    let (record, body) = blocking(move || {
        let body = xlsx_file::render(&record).map_err(|e| failed("xlsx", e))?;
        Ok((record, body))
    })
    .await?;
    let name = file_name("meilensteine", &record, "xlsx");
    Ok(file_response(
        &record,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "attachment",
        name,
        body,
    ))
}

async fn csv(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let record = load(&state, &plan, viewer, &query).await?;
    let body = csv_file::render(&record).map_err(|e| failed("csv", e))?;
    Ok(csv_response(&record, "meilensteine", body))
}

/// `/{plan}/export/kennzahlen.csv`: every value of the plan's indicators.
async fn indicators_csv(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let record = load(&state, &plan, viewer, &query).await?;
    let body = csv_file::render_indicators(&record).map_err(|e| failed("csv", e))?;
    Ok(csv_response(&record, "kennzahlen", body))
}

/// A CSV file to download, named `{stem}-…` after the plan and its day.
fn csv_response(record: &Record, stem: &str, body: Vec<u8>) -> Response {
    let name = file_name(stem, record, "csv");
    file_response(
        record,
        "text/csv; charset=utf-8; header=present",
        "attachment",
        name,
        body,
    )
}

async fn json(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let record = load(&state, &plan, viewer, &query).await?;
    let body = json_file::render(&record).map_err(|e| failed("json", e))?;
    let name = file_name("plan", &record, "json");
    Ok(file_response(
        &record,
        "application/json",
        "inline",
        name,
        body,
    ))
}

async fn schema() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/schema+json"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        json_file::SCHEMA,
    )
        .into_response()
}

async fn ics(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    Extension(viewer): Extension<Viewer>,
    headers: HeaderMap,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let record = load(&state, &plan, viewer, &query).await?;
    Ok(ics_response(&state, &headers, &record))
}

/// `/{plan}/pakete/{nr}/termine.ics`: the calendar of one package, for people who follow
/// it. Same events and UIDs as in the plan's calendar.
async fn package_ics(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, String)>,
    Extension(viewer): Extension<Viewer>,
    headers: HeaderMap,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let record = load_package(&state, &plan, &number, viewer, &query).await?;
    Ok(ics_response(&state, &headers, &record))
}

fn ics_response(state: &AppState, headers: &HeaderMap, record: &Record) -> Response {
    let body = ics_file::render(record, &plan_url(state, headers, record));
    file_response(
        record,
        "text/calendar; charset=utf-8",
        "inline",
        feed_name("termine", record, "ics"),
        body.into_bytes(),
    )
}

async fn atom(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    Extension(viewer): Extension<Viewer>,
    headers: HeaderMap,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let record = load(&state, &plan, viewer, &query).await?;
    atom_response(&state, &headers, &record).await
}

/// `/{plan}/pakete/{nr}/aenderungen.atom`: the saves of one package (its milestones, its
/// texts, its status updates).
async fn package_atom(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, String)>,
    Extension(viewer): Extension<Viewer>,
    headers: HeaderMap,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let record = load_package(&state, &plan, &number, viewer, &query).await?;
    atom_response(&state, &headers, &record).await
}

async fn atom_response(
    state: &AppState,
    headers: &HeaderMap,
    record: &Record,
) -> Result<Response, AppError> {
    let until = if record.stand.rebuilt {
        state
            .clock
            .end_of_day_utc(record.stand.day)
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    } else {
        "9999".to_owned()
    };
    let events = public_events_until(
        &state.pool,
        &state.clock,
        record.plan.id,
        record.the_package().map(|p| p.id),
        &until,
        atom_file::ENTRIES,
    )
    .await?;
    // The plan's feed carries each day's closing digest of the history (issue 21).
    let closings = match record.the_package() {
        Some(_) => Vec::new(),
        None => {
            crate::history::chain::closing_heads(
                &state.pool,
                record.plan.id,
                &until,
                |at| state.clock.local_day(at),
                atom_file::ENTRIES as usize,
            )
            .await?
        }
    };
    let body = atom_file::render(record, &events, &closings, &base_url(state, headers));
    Ok(file_response(
        record,
        "application/atom+xml; charset=utf-8",
        "inline",
        feed_name("aenderungen", record, "atom"),
        body.into_bytes(),
    ))
}

/// The record of one package of plan `slug` (404 for a number the plan lacks).
async fn load_package(
    state: &AppState,
    slug: &str,
    number: &str,
    viewer: Viewer,
    query: &ExportQuery,
) -> Result<Record, AppError> {
    let number: u32 = number.parse().map_err(|_| AppError::NotFound)?;
    load(state, slug, viewer, query)
        .await?
        .only_package(number)
        .ok_or(AppError::NotFound)
}

/// A feed's file name; one package's feed names its number (`termine-…-paket-3-…`).
fn feed_name(stem: &str, record: &Record, extension: &str) -> String {
    match record.the_package() {
        Some(package) => file_name(
            &format!("{stem}-paket-{}", package.number),
            record,
            extension,
        ),
        None => file_name(stem, record, extension),
    }
}

#[cfg(test)]
mod slot_tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_render_slot_stays_taken_until_an_abandoned_job_has_finished() {
        let free_render_slots = || RENDER_SLOTS.available_permits();
        let before = free_render_slots();
        let (finish, finished) = std::sync::mpsc::channel::<()>();
        let request = blocking(move || {
            finished.recv().ok();
            Ok(())
        });
        // The request gives up (as after the server's timeout); the job runs on.
        assert!(tokio::time::timeout(Duration::from_millis(50), request)
            .await
            .is_err());
        assert_eq!(
            free_render_slots(),
            before - 1,
            "the job still holds its core"
        );
        finish.send(()).unwrap();
        for _ in 0..200 {
            if free_render_slots() == before {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(free_render_slots(), before, "released when the job ends");
    }
}
