//! The site's own open data, across its plans: `/api/v1/plaene.json` (every plan with its
//! figures and the addresses of its files) and `/feeds/alle-plaene.atom` (the newest
//! public changes of every plan in one feed).

use atom_syndication::{Entry, Feed, Generator, Person, Text};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;

use super::atom_file::{self, entry, link, time};
use super::routes::{base_url, ATOM, CSV, ICS, INDICATORS_CSV, JSON, PDF, XLSX};
use crate::domain::schedule::totals;
use crate::error::AppError;
use crate::history::model::ChangeEvent;
use crate::history::page::event_heading;
use crate::history::repo::public_events_until;
use crate::language::Locale;
use crate::plan::model::PlanInfo;
use crate::plan::repo;
use crate::runtime::state::AppState;

pub const SITE_JSON: &str = "/api/v1/plaene.json";
pub const SITE_ATOM: &str = "/feeds/alle-plaene.atom";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(SITE_JSON, get(plans_json))
        .route(SITE_ATOM, get(plans_atom))
}

#[derive(Serialize)]
struct PlanList {
    schema_version: u32,
    generated_at: String,
    plans: Vec<PlanEntry>,
}

#[derive(Serialize)]
struct PlanEntry {
    slug: String,
    title: String,
    owner: String,
    is_example: bool,
    archived: bool,
    milestones: u32,
    done: u32,
    percent_done: u32,
    overdue: u32,
    /// The plan's pages and files.
    address: String,
    plan_json: String,
    changes_atom: String,
    dates_ics: String,
    milestones_csv: String,
    milestones_xlsx: String,
    status_report_pdf: String,
    indicators_csv: String,
}

fn failed(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "site export failed");
    AppError::Internal
}

/// `/api/v1/plaene.json`.
pub async fn plans_json(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let site = base_url(&state, &headers);
    let today = state.clock.today();
    let mut plans = Vec::new();
    for (plan_id, info, archived) in repo::all_plans(&state.pool).await? {
        let milestones = repo::milestones(&state.pool, plan_id, false).await?;
        let figures = totals(milestones.iter().map(|m| &m.schedule), today);
        let at = |file: &str| format!("{site}/{}{file}", info.slug);
        plans.push(PlanEntry {
            address: at(""),
            plan_json: at(JSON),
            changes_atom: at(ATOM),
            dates_ics: at(ICS),
            milestones_csv: at(CSV),
            milestones_xlsx: at(XLSX),
            status_report_pdf: at(PDF),
            indicators_csv: at(INDICATORS_CSV),
            milestones: figures.progress.total,
            done: figures.progress.done,
            percent_done: figures.progress.percent(),
            overdue: figures.overdue,
            slug: info.slug,
            title: info.title,
            owner: info.owner,
            is_example: info.is_example,
            archived,
        });
    }
    let list = PlanList {
        schema_version: super::json_file::SCHEMA_VERSION,
        generated_at: state.clock.now_utc().to_rfc3339(),
        plans,
    };
    let body = serde_json::to_vec_pretty(&list).map_err(failed)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response())
}

/// `/feeds/alle-plaene.atom`: the newest public changes of all plans, newest first.
pub async fn plans_atom(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let site = base_url(&state, &headers);
    let mut events: Vec<(PlanInfo, ChangeEvent)> = Vec::new();
    for (plan_id, info, _) in repo::all_plans(&state.pool).await? {
        let plan_events = public_events_until(
            &state.pool,
            &state.clock,
            plan_id,
            None,
            "9999",
            atom_file::ENTRIES,
        )
        .await?;
        events.extend(plan_events.into_iter().map(|e| (info.clone(), e)));
    }
    events.sort_by(|(_, a), (_, b)| {
        b.recorded_at
            .cmp(&a.recorded_at)
            .then(b.change_set.cmp(&a.change_set))
    });
    events.truncate(atom_file::ENTRIES as usize);
    let xml = render(&events, &site, state.clock.now_utc().fixed_offset());
    Ok((
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        xml,
    )
        .into_response())
}

/// The feed of `events` (newest first), each named with its plan.
fn render(
    events: &[(PlanInfo, ChangeEvent)],
    site: &str,
    now: atom_syndication::FixedDateTime,
) -> String {
    let mut feed = Feed::default();
    feed.set_title(Text::plain("Änderungen aller Pläne – Umsetzungsmonitor"));
    feed.set_subtitle(Some(Text::plain(
        "Statusmeldungen und Änderungen an Meilensteinen aller Maßnahmenpläne dieser Website, neueste zuerst.",
    )));
    let self_address = format!("{site}{SITE_ATOM}");
    feed.set_id(self_address.clone());
    feed.set_updated(
        events
            .first()
            .map(|(_, e)| time(&e.recorded_at, now))
            .unwrap_or(now),
    );
    feed.set_lang(Some("de".to_owned()));
    let mut author = Person::default();
    author.set_name("Umsetzungsmonitor".to_owned());
    feed.set_authors(vec![author]);
    feed.set_links(vec![
        link(self_address, "self", Some("application/atom+xml")),
        link(format!("{site}/"), "alternate", Some("text/html")),
    ]);
    let mut generator = Generator::default();
    generator.set_value("Umsetzungsmonitor");
    feed.set_generator(Some(generator));
    feed.set_entries(
        events
            .iter()
            .map(|(plan, event)| {
                let title = format!(
                    "{}: {}",
                    plan.title,
                    event_heading(Locale::de, event, &plan.words)
                );
                let plan_address = format!("{site}/{}", plan.slug);
                entry(event, title, (site, &plan_address), now)
            })
            .collect::<Vec<Entry>>(),
    );
    feed.to_string()
}
