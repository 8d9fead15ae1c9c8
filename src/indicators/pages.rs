//! `/{plan}/kennzahlen`, `/{plan}/kennzahlen/{id}`, and the indicator lists that the
//! dashboard and the package pages carry.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{get_indicator, get_indicators};
use super::model::{IndicatorDetail, IndicatorList, IndicatorSummary, ShownPoint, TargetChange};
use crate::charts::pages::ChartFigure;
use crate::domain::indicators::{IndicatorStatus, PublicValue, Unit};
use crate::domain::words::LevelWords;
use crate::error::AppError;
use crate::language::i18n::t_string;
use crate::language::{use_i18n, Locale};
use crate::plan::model::{plan_href, use_plan_slug};
use crate::ui::content::{german_only, localized, German};
use crate::ui::errors::ErrorPage;
use crate::ui::format::{
    direction_label, format_date, indicator_status_label, indicator_value, period_label,
    target_text, unit_label,
};

/// The status in words with a shape beside it (the schedule's badge styles).
#[component]
pub fn IndicatorStatusBadge(status: IndicatorStatus) -> impl IntoView {
    let (modifier, symbol) = match status {
        IndicatorStatus::Reached => ("done", "✓"),
        IndicatorStatus::OnCourse => ("on-track", "→"),
        IndicatorStatus::Missed => ("overdue", "✗"),
        IndicatorStatus::Stale => ("unscheduled", "?"),
        IndicatorStatus::NoData => ("empty", "·"),
    };
    let locale = use_i18n().get_locale_untracked();
    view! {
        <span class=format!("status status--{modifier}")>
            <span class="status__symbol" aria-hidden="true">{symbol}</span>
            {indicator_status_label(locale, status)}
        </span>
    }
}

/// `?stand=` of the page's address, as the server function takes it.
fn stand_of_query() -> Option<String> {
    use_query_map()
        .read_untracked()
        .get("stand")
        .filter(|s| !s.trim().is_empty())
}

/// The latest value with its period ("23 Tage (3. Quartal 2026)"), or a dash.
fn latest_text(locale: Locale, unit: Unit, latest: Option<&ShownPoint>) -> String {
    match latest {
        Some(point) => format!(
            "{} ({})",
            indicator_value(locale, unit, point.value),
            period_label(locale, point.period)
        ),
        None => "–".to_owned(),
    }
}

/// A table of indicators: name, package, latest value, target, status. `stand` carries
/// an as-of day into the links.
#[component]
pub fn IndicatorTable(
    indicators: Vec<IndicatorSummary>,
    words: LevelWords,
    #[prop(into)] caption: String,
    stand: Option<NaiveDate>,
    /// Leave out the package column (a package's own page).
    #[prop(optional)]
    without_package: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let suffix = stand.map_or_else(String::new, |d| format!("?stand={}", d.format("%Y-%m-%d")));
    view! {
        <div class="table-wrap">
            <table class="data-table indicator-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, kennzahlen.col_indicator)}</th>
                        {(!without_package).then(|| view! { <th scope="col">{words.one(locale).to_owned()}</th> })}
                        <th scope="col">{t_string!(i18n, kennzahlen.col_latest)}</th>
                        <th scope="col">{t_string!(i18n, kennzahlen.col_target)}</th>
                        <th scope="col">{t_string!(i18n, kennzahlen.col_status)}</th>
                    </tr>
                </thead>
                <tbody>
                    {indicators
                        .into_iter()
                        .map(|indicator| {
                            let href = plan_href(&format!("/kennzahlen/{}{suffix}", indicator.id));
                            let (name, lang) = localized(locale, &indicator.name, &indicator.name_en);
                            let (name, lang) = (name.to_owned(), lang);
                            let package = (!without_package).then(|| {
                                let cell = indicator.package_number.map(|n| {
                                    view! { <a href=plan_href(&format!("/pakete/{n}"))>{words.numbered(locale, n)}</a> }
                                });
                                view! { <td>{cell}</td> }
                            });
                            let example = indicator.is_example.then(|| view! {
                                " " <span class="indicator-example">{t_string!(i18n, kennzahlen.example_mark)}</span>
                            });
                            view! {
                                <tr>
                                    <th scope="row"><a href=href lang=lang>{name}</a>{example}</th>
                                    {package}
                                    <td>{latest_text(locale, indicator.unit, indicator.latest.as_ref())}</td>
                                    <td>{target_text(locale, indicator.unit, indicator.direction, indicator.target)}</td>
                                    <td><IndicatorStatusBadge status=indicator.status/></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The dashboard's compact row: one card per indicator.
#[component]
pub fn IndicatorRow(indicators: Vec<IndicatorSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    (!indicators.is_empty()).then(|| {
        view! {
            <section aria-labelledby="wirkung-titel">
                <h2 id="wirkung-titel">{t_string!(i18n, kennzahlen.dashboard_title)}</h2>
                <ul class="indicator-row">
                    {indicators
                        .into_iter()
                        .map(|indicator| {
                            let (name, lang) = localized(locale, &indicator.name, &indicator.name_en);
                            let (name, lang) = (name.to_owned(), lang);
                            let href = plan_href(&format!("/kennzahlen/{}", indicator.id));
                            view! {
                                <li class="indicator-card">
                                    <a class="indicator-card__name" href=href lang=lang>{name}</a>
                                    <span class="indicator-card__value">
                                        {latest_text(locale, indicator.unit, indicator.latest.as_ref())}
                                    </span>
                                    <span class="indicator-card__target">
                                        {t_string!(i18n, kennzahlen.target_label)} ": "
                                        {target_text(locale, indicator.unit, indicator.direction, indicator.target)}
                                    </span>
                                    <IndicatorStatusBadge status=indicator.status/>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <p><a href=plan_href("/kennzahlen")>{t_string!(i18n, kennzahlen.to_all)}</a></p>
            </section>
        }
    })
}

/// The notice above an as-of view, with the way back to today.
#[component]
fn AsOfNotice(today: NaiveDate, #[prop(into)] back: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <div class="notice" role="note">
            <p>
                {t_string!(i18n, kennzahlen.as_of_notice, date = format_date(locale, today)).to_string()}
                " " <a href=back>{t_string!(i18n, kennzahlen.as_of_back)}</a>
            </p>
        </div>
    }
}

/// `/{plan}/kennzahlen`.
#[component]
pub fn IndicatorsPage() -> impl IntoView {
    let slug = use_plan_slug();
    let stand = stand_of_query();
    let data = Resource::new(
        move || (slug.clone(), stand.clone()),
        |(slug, stand)| get_indicators(slug, stand),
    );
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, kennzahlen.title)/>
        <h1>{t_string!(i18n, kennzahlen.title)}</h1>
        <p class="intro">{t_string!(i18n, kennzahlen.intro)}</p>
        <Suspense fallback=move || view! { <p>{t_string!(i18n, kennzahlen.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <IndicatorListView list/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IndicatorListView(list: IndicatorList) -> impl IntoView {
    let IndicatorList {
        indicators,
        today,
        as_of,
        words,
    } = list;
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let notice = as_of.then(|| view! { <AsOfNotice today back=plan_href("/kennzahlen")/> });
    let examples = indicators.iter().any(|i| i.is_example);
    let body = if indicators.is_empty() {
        view! { <p>{t_string!(i18n, kennzahlen.none)}</p> }.into_any()
    } else {
        let caption = t_string!(
            i18n,
            kennzahlen.table_caption,
            date = format_date(locale, today)
        )
        .to_string();
        view! {
            <IndicatorTable indicators words caption stand=as_of.then_some(today)/>
        }
        .into_any()
    };
    view! {
        {notice}
        {examples.then(|| view! { <p class="notice" role="note">{t_string!(i18n, kennzahlen.example_notice)}</p> })}
        {body}
        <section aria-labelledby="kennzahlen-lesen">
            <h2 id="kennzahlen-lesen">{t_string!(i18n, kennzahlen.reading_title)}</h2>
            <dl class="facts">
                <div class="facts__row">
                    <dt><IndicatorStatusBadge status=IndicatorStatus::Reached/></dt>
                    <dd>{t_string!(i18n, kennzahlen.explain_reached)}</dd>
                </div>
                <div class="facts__row">
                    <dt><IndicatorStatusBadge status=IndicatorStatus::OnCourse/></dt>
                    <dd>{t_string!(i18n, kennzahlen.explain_on_course)}</dd>
                </div>
                <div class="facts__row">
                    <dt><IndicatorStatusBadge status=IndicatorStatus::Missed/></dt>
                    <dd>{t_string!(i18n, kennzahlen.explain_missed)}</dd>
                </div>
                <div class="facts__row">
                    <dt><IndicatorStatusBadge status=IndicatorStatus::Stale/></dt>
                    <dd>{t_string!(i18n, kennzahlen.explain_stale)}</dd>
                </div>
            </dl>
            <p>{t_string!(i18n, kennzahlen.explain_small)}</p>
        </section>
    }
}

/// `/{plan}/kennzahlen/{id}`.
#[component]
pub fn IndicatorPage() -> impl IntoView {
    let params = use_params_map();
    let id = params
        .read_untracked()
        .get("id")
        .filter(|raw| !raw.is_empty() && raw.len() <= 12 && raw.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|raw| raw.parse::<i64>().ok());
    let slug = use_plan_slug();
    let stand = stand_of_query();
    let data = Resource::new(
        move || (slug.clone(), id, stand.clone()),
        |(slug, id, stand)| async move {
            match id {
                Some(id) => get_indicator(slug, id, stand).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p>{t_string!(i18n, kennzahlen.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(detail) => view! { <IndicatorDetailView detail/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IndicatorDetailView(detail: IndicatorDetail) -> impl IntoView {
    let IndicatorDetail {
        summary,
        description,
        description_en,
        method,
        source,
        small_count,
        intermediate,
        points,
        chart,
        target_changes,
        today,
        as_of,
        words,
    } = detail;
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (name, name_lang) = localized(locale, &summary.name, &summary.name_en);
    let (name, name_lang) = (name.to_owned(), name_lang);
    let unit = summary.unit;
    let notice = as_of.then(|| {
        view! { <AsOfNotice today back=plan_href(&format!("/kennzahlen/{}", summary.id))/> }
    });
    let package = summary.package_number.map(|n| {
        view! {
            <div class="facts__row">
                <dt>{words.one(locale).to_owned()}</dt>
                <dd><a href=plan_href(&format!("/pakete/{n}"))>{words.numbered(locale, n)}</a></dd>
            </div>
        }
    });
    let intermediate_text = (!intermediate.is_empty()).then(|| {
        let text = intermediate
            .iter()
            .map(|t| target_text(locale, unit, summary.direction, *t))
            .collect::<Vec<_>>()
            .join("; ");
        view! {
            <div class="facts__row">
                <dt>{t_string!(i18n, kennzahlen.intermediate_label)}</dt>
                <dd>{text}</dd>
            </div>
        }
    });
    let text_row = |label: String, text: String, lang: Option<&'static str>| {
        (!text.trim().is_empty()).then(|| {
            view! {
                <div class="facts__row">
                    <dt>{label}</dt>
                    <dd lang=lang>{text}</dd>
                </div>
            }
        })
    };
    let (description, description_lang) = localized(locale, &description, &description_en);
    let description = text_row(
        t_string!(i18n, kennzahlen.description_label).to_string(),
        description.to_owned(),
        description_lang,
    );
    let method = text_row(
        t_string!(i18n, kennzahlen.method_label).to_string(),
        method,
        german_only(locale),
    );
    let source = text_row(
        t_string!(i18n, kennzahlen.source_label).to_string(),
        source,
        german_only(locale),
    );
    let withheld = unit == Unit::Count;
    let example = summary.is_example.then(|| {
        view! { <p class="notice" role="note">{t_string!(i18n, kennzahlen.example_notice)}</p> }
    });
    let table_caption = t_string!(i18n, kennzahlen.values_caption, name = name.clone()).to_string();
    let has_points = !points.is_empty();
    view! {
        <Title text=name.clone()/>
        <nav class="breadcrumb" aria-label=t_string!(i18n, kennzahlen.breadcrumb)>
            <ol>
                <li><a href=plan_href("")>{t_string!(i18n, kennzahlen.overview)}</a></li>
                <li><a href=plan_href("/kennzahlen")>{t_string!(i18n, kennzahlen.title_short)}</a></li>
                <li><span aria-current="page" lang=name_lang>{name.clone()}</span></li>
            </ol>
        </nav>
        <h1 lang=name_lang>{name}</h1>
        {notice}
        {example}
        <p class="lead">
            <IndicatorStatusBadge status=summary.status/> " "
            {t_string!(i18n, kennzahlen.latest_label)} ": "
            {latest_text(locale, unit, summary.latest.as_ref())}
        </p>
        <dl class="facts">
            {description}
            <div class="facts__row">
                <dt>{t_string!(i18n, kennzahlen.target_label)}</dt>
                <dd>{target_text(locale, unit, summary.direction, summary.target)}</dd>
            </div>
            {intermediate_text}
            <div class="facts__row">
                <dt>{t_string!(i18n, kennzahlen.unit_label)}</dt>
                <dd>{unit_label(locale, unit)} " · " {direction_label(locale, summary.direction)}</dd>
            </div>
            {method}
            {source}
            {package}
        </dl>
        <section aria-labelledby="kennzahl-verlauf">
            <h2 id="kennzahl-verlauf">{t_string!(i18n, kennzahlen.course_title)}</h2>
            {if has_points {
                view! {
                    <ChartFigure chart table_hint=t_string!(i18n, kennzahlen.table_hint)/>
                    <ValuesTable points unit caption=table_caption/>
                }
                .into_any()
            } else {
                view! { <p>{t_string!(i18n, kennzahlen.no_values)}</p> }.into_any()
            }}
            {withheld.then(|| view! {
                <p>{t_string!(i18n, kennzahlen.small_rule, n = small_count).to_string()}</p>
            })}
        </section>
        <TargetChanges changes=target_changes unit/>
    }
}

#[component]
fn ValuesTable(points: Vec<ShownPoint>, unit: Unit, caption: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <div class="table-wrap">
            <table class="data-table" id="werte">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, kennzahlen.col_period)}</th>
                        <th scope="col">{t_string!(i18n, kennzahlen.col_value)}</th>
                        <th scope="col">{t_string!(i18n, kennzahlen.col_source)}</th>
                        <th scope="col">{t_string!(i18n, kennzahlen.col_note)}</th>
                    </tr>
                </thead>
                <tbody>
                    {points
                        .into_iter()
                        .rev()
                        .map(|point| {
                            let withheld = matches!(point.value, PublicValue::FewerThan(_));
                            view! {
                                <tr class:indicator-withheld=withheld>
                                    <th scope="row">{period_label(locale, point.period)}</th>
                                    <td>{indicator_value(locale, unit, point.value)}</td>
                                    <td><German text=point.source_reference/></td>
                                    <td><German text=point.note/></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Targets changed after they were set: shown publicly with their reasons.
#[component]
fn TargetChanges(changes: Vec<TargetChange>, unit: Unit) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    (!changes.is_empty()).then(|| {
        let value = move |field: &str, text: Option<String>| -> String {
            let Some(text) = text else {
                return "–".to_owned();
            };
            if field == "target_on" {
                return chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .map(|d| format_date(locale, d))
                    .unwrap_or(text);
            }
            text.parse::<f64>()
                .map(|v| indicator_value(locale, unit, PublicValue::Value(v)))
                .unwrap_or(text)
        };
        view! {
            <section aria-labelledby="ziel-aenderungen">
                <h2 id="ziel-aenderungen">{t_string!(i18n, kennzahlen.target_changes_title)}</h2>
                <ul class="rebaselinings">
                    {changes
                        .into_iter()
                        .map(|change| {
                            let what = match change.field.as_str() {
                                "target_value" => t_string!(i18n, kennzahlen.changed_target_value).to_string(),
                                "target_on" => t_string!(i18n, kennzahlen.changed_target_on).to_string(),
                                other => {
                                    let date = other
                                        .strip_prefix("target:")
                                        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                                        .map(|d| format_date(locale, d))
                                        .unwrap_or_default();
                                    t_string!(i18n, kennzahlen.changed_intermediate, date).to_string()
                                }
                            };
                            let field = change.field.clone();
                            view! {
                                <li>
                                    <strong>{what}</strong> ": "
                                    {value(&field, change.old_value)} " → " {value(&field, change.new_value)}
                                    " (" {change.when} ", " <German text=change.organisation/> ")"
                                    {(!change.reason.is_empty()).then(|| view! {
                                        <br/> {t_string!(i18n, kennzahlen.reason)} ": " <German text=change.reason/>
                                    })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
