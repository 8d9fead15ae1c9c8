//! The chart in a page (`ChartFigure`), the schedule page `/zeitplan`, the dashboard's
//! progress section and a package's timeline.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{get_package_timeline, get_progress_overview, get_schedule_overview};
use super::model::{InlineChart, ProgressOverview, ScheduleOverview};
use crate::domain::burnup::YearRow;
use crate::plan::package::MilestoneTable;
use crate::ui::errors::ErrorPage;

/// An SVG chart inline (it is `role="img"` with title and description), its summary in
/// words as caption, and its file for download or embedding.
#[component]
pub fn ChartFigure(chart: InlineChart, #[prop(into)] table_hint: String) -> impl IntoView {
    let InlineChart {
        svg,
        summary,
        file_url,
    } = chart;
    view! {
        <figure class="chart">
            <div class="chart__image" inner_html=svg></div>
            <figcaption>
                <p>{summary}</p>
                <p class="chart__links">
                    {table_hint} " "
                    <a href=file_url.clone()>"Grafik als SVG-Datei öffnen"</a>
                    " (zum Einbinden: " <code>{file_url}</code> ")"
                </p>
            </figcaption>
        </figure>
    }
}

/// `/zeitplan`.
#[component]
pub fn SchedulePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_schedule_overview());
    view! {
        <Title text="Zeitplan: Soll, Prognose und Ist"/>
        <h1>"Zeitplan: Soll, Prognose und Ist"</h1>
        <p class="intro">
            "Für jedes Maßnahmenpaket zeigt die Grafik, wann das Bündnis jeden Meilenstein "
            "gefordert hat (Soll-Termin), wann die Verwaltung ihn erwartet (Prognose) und "
            "wann er erledigt wurde. Linien zeigen die Verzögerung."
        </p>
        <Suspense fallback=|| view! { <p>"Der Zeitplan wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(overview) => view! { <ScheduleView overview/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ScheduleView(overview: ScheduleOverview) -> impl IntoView {
    let ScheduleOverview {
        today,
        chart,
        packages,
    } = overview;
    view! {
        <ChartFigure chart table_hint="Dieselben Angaben stehen unten als Tabellen."/>
        <section aria-labelledby="zeitplan-tabellen">
            <h2 id="zeitplan-tabellen">"Die Meilensteine als Tabellen"</h2>
            {packages
                .into_iter()
                .map(|package| {
                    let number = package.number;
                    view! {
                        <h3 id=format!("paket-{number}")>
                            <a href=format!("/pakete/{number}")>{format!("Paket {number}: {}", package.title)}</a>
                        </h3>
                        <MilestoneTable number today milestones=package.milestones/>
                    }
                })
                .collect_view()}
        </section>
    }
    .into_any()
}

/// The dashboard's progress section: burn-up chart and its table.
#[component]
pub fn ProgressSection() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_progress_overview());
    view! {
        <section aria-labelledby="fortschritt-titel">
            <h2 id="fortschritt-titel">"Fortschritt gegenüber dem geforderten Zeitplan"</h2>
            <Suspense fallback=|| view! { <p>"Die Grafik wird geladen …"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(overview) => view! { <ProgressView overview/> }.into_any(),
                        Err(_) => view! { <p>"Die Grafik ist gerade nicht verfügbar."</p> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/zeitplan">"Zum Zeitplan aller Meilensteine"</a></p>
        </section>
    }
}

#[component]
fn ProgressView(overview: ProgressOverview) -> impl IntoView {
    let ProgressOverview {
        chart,
        years,
        total,
    } = overview;
    view! {
        <ChartFigure chart table_hint="Die Tabelle darunter nennt die Zahlen je Jahresende."/>
        <details class="chart-table">
            <summary>"Zahlen zur Grafik als Tabelle"</summary>
            <div class="table-wrap">
                <table class="data-table">
                    <caption>{format!("Erledigte Meilensteine (von {total}) jeweils zum 31. Dezember")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Jahr"</th>
                            <th scope="col">"laut Soll-Terminen fällig"</th>
                            <th scope="col">"tatsächlich erledigt"</th>
                            <th scope="col">"laut Prognose erledigt"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {years.into_iter().map(|row| view! { <YearRowView row/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}

#[component]
fn YearRowView(row: YearRow) -> impl IntoView {
    let dash = || "–".to_owned();
    view! {
        <tr>
            <th scope="row">{row.year}</th>
            <td data-label="laut Soll-Terminen fällig">{row.expected}</td>
            <td data-label="tatsächlich erledigt">{row.actual.map_or_else(dash, |n| n.to_string())}</td>
            <td data-label="laut Prognose erledigt">{row.forecast.map_or_else(dash, |n| n.to_string())}</td>
        </tr>
    }
}

/// A package's timeline, for its page (the milestone table there holds the same data).
#[component]
pub fn PackageTimeline(number: u32) -> impl IntoView {
    let data = Resource::new(move || number, get_package_timeline);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().map(|chart| view! {
                    <ChartFigure chart table_hint="Die Tabelle oben enthält dieselben Angaben."/>
                })
            })}
        </Suspense>
    }
}
