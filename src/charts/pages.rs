//! The chart in a page (`ChartFigure`), the schedule page `/zeitplan`, the dashboard's
//! progress section and a package's timeline.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::get_schedule_overview;
use super::figure::{InlineChart, ProgressOverview};
use super::model::ScheduleOverview;
use crate::domain::burnup::YearRow;
use crate::language::i18n::t_string;
use crate::language::use_i18n;
use crate::plan::table::MilestoneTable;
use crate::ui::content::Localized;
use crate::ui::errors::ErrorPage;
use crate::ui::format::number;

/// An SVG chart inline (it is `role="img"` with title and description), its summary in
/// words as caption, and its file for download or embedding. The server drew both in the
/// reader's language.
#[component]
pub fn ChartFigure(chart: InlineChart, #[prop(into)] table_hint: String) -> impl IntoView {
    let InlineChart {
        svg,
        summary,
        file_url,
    } = chart;
    let i18n = use_i18n();
    // A chart too large for the page (`ScheduleOverview::compact`) comes as its file.
    let image = if svg.is_empty() {
        view! {
            <a class="chart__image" href=file_url.clone()>
                <img src=file_url.clone() alt=t_string!(i18n, zeitplan.chart_alt) loading="lazy"/>
            </a>
        }
        .into_any()
    } else {
        view! { <div class="chart__image" inner_html=svg></div> }.into_any()
    };
    view! {
        <figure class="chart">
            {image}
            <figcaption>
                <p>{summary}</p>
                <p class="chart__links">
                    {table_hint} " "
                    <a href=file_url.clone()>{t_string!(i18n, zeitplan.open_svg)}</a>
                    " (" {t_string!(i18n, zeitplan.embed)} " " <code>{file_url}</code> ")"
                </p>
            </figcaption>
        </figure>
    }
}

/// `/zeitplan`.
#[component]
pub fn SchedulePage() -> impl IntoView {
    let slug = crate::plan::model::use_plan_slug();
    let data = Resource::new(move || slug.clone(), get_schedule_overview);
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, zeitplan.title)/>
        <h1>{t_string!(i18n, zeitplan.title)}</h1>
        <p class="intro">{t_string!(i18n, zeitplan.intro)}</p>
        <Suspense fallback=move || view! { <p>{t_string!(i18n, zeitplan.loading)}</p> }>
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
        compact,
        total,
        words,
    } = overview;
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if compact {
        return view! { <CompactSchedule chart packages total words/> }.into_any();
    }
    view! {
        <ChartFigure chart table_hint=t_string!(i18n, zeitplan.tables_hint)/>
        <section aria-labelledby="zeitplan-tabellen">
            <h2 id="zeitplan-tabellen">{t_string!(i18n, zeitplan.tables_title)}</h2>
            {packages
                .into_iter()
                .map(|package| {
                    let number = package.number;
                    view! {
                        <h3 id=format!("paket-{number}")>
                            <a href=crate::plan::model::plan_href(&format!("/pakete/{number}"))>
                                {words.numbered(locale, number)} ": "
                                <Localized german=package.title english=package.title_en/>
                            </a>
                        </h3>
                        <MilestoneTable number today milestones=package.milestones words=words.clone()/>
                    }
                })
                .collect_view()}
        </section>
    }
    .into_any()
}

/// `/zeitplan` of a large plan: the chart as a file, and per package a link to its page,
/// which holds the package's own chart and table.
#[component]
fn CompactSchedule(
    chart: InlineChart,
    packages: Vec<super::model::SchedulePackage>,
    total: usize,
    words: crate::plan::model::LevelWords,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let hint = t_string!(i18n, zeitplan.tables_hint_compact, total).to_string();
    view! {
        <ChartFigure chart table_hint=hint/>
        <section aria-labelledby="zeitplan-tabellen">
            <h2 id="zeitplan-tabellen">{t_string!(i18n, zeitplan.tables_title_compact)}</h2>
            <ul class="package-links">
                {packages
                    .into_iter()
                    .map(|package| {
                        let number = package.number;
                        let (count, overdue) = (package.count, package.overdue);
                        view! {
                            <li>
                                <a href=crate::plan::model::plan_href(&format!("/pakete/{number}"))>
                                    {words.numbered(locale, number)} ": "
                                    <Localized german=package.title english=package.title_en/>
                                </a>
                                <br/>
                                {t_string!(i18n, zeitplan.package_milestones, count, overdue).to_string()}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The dashboard's progress section: burn-up chart and its table.
#[component]
pub fn ProgressSection(overview: ProgressOverview) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="fortschritt-titel">
            <h2 id="fortschritt-titel">{t_string!(i18n, zeitplan.progress_title)}</h2>
            <ProgressView overview/>
            <p><a href=crate::plan::model::plan_href("/zeitplan")>{t_string!(i18n, zeitplan.to_schedule)}</a></p>
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
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <ChartFigure chart table_hint=t_string!(i18n, zeitplan.progress_hint)/>
        <details class="chart-table">
            <summary>{t_string!(i18n, zeitplan.table_summary)}</summary>
            <div class="table-wrap">
                <table class="data-table">
                    <caption>{t_string!(i18n, zeitplan.table_caption, total = number(locale, total.into())).to_string()}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, zeitplan.col_year)}</th>
                            <th scope="col">{t_string!(i18n, zeitplan.col_expected)}</th>
                            <th scope="col">{t_string!(i18n, zeitplan.col_actual)}</th>
                            <th scope="col">{t_string!(i18n, zeitplan.col_forecast)}</th>
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
    let i18n = use_i18n();
    let dash = || "–".to_owned();
    view! {
        <tr>
            <th scope="row">{row.year}</th>
            <td data-label=t_string!(i18n, zeitplan.col_expected)>{row.expected}</td>
            <td data-label=t_string!(i18n, zeitplan.col_actual)>{row.actual.map_or_else(dash, |n| n.to_string())}</td>
            <td data-label=t_string!(i18n, zeitplan.col_forecast)>{row.forecast.map_or_else(dash, |n| n.to_string())}</td>
        </tr>
    }
}

/// A package's timeline, for its page (the milestone table there holds the same data).
#[component]
pub fn PackageTimeline(chart: InlineChart) -> impl IntoView {
    let i18n = use_i18n();
    view! { <ChartFigure chart table_hint=t_string!(i18n, zeitplan.timeline_hint)/> }
}
