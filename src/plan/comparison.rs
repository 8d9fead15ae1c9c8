//! `/vergleich`: the plans side by side – a chart of the shares done and done on time,
//! and every figure in a table (the chart's text alternative), with how each is formed.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::get_comparison;
use super::model::{ComparedPlan, Comparison};
use crate::charts::pages::ChartFigure;
use crate::domain::paths::plan_path;
use crate::language::i18n::t_string;
use crate::language::use_i18n;
use crate::ui::content::Localized;
use crate::ui::errors::ErrorPage;
use crate::ui::format::{number, DateText};

#[component]
pub fn ComparisonPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_comparison());
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, vergleich.title)/>
        <h1>{t_string!(i18n, vergleich.title)}</h1>
        <p class="intro">{t_string!(i18n, vergleich.intro)}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(comparison) => view! { <ComparisonView comparison/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ComparisonView(comparison: Comparison) -> impl IntoView {
    let Comparison {
        today,
        plans,
        chart,
    } = comparison;
    let i18n = use_i18n();
    if plans.is_empty() {
        return view! { <p>{t_string!(i18n, vergleich.no_plans)}</p> }.into_any();
    }
    view! {
        <p class="as-of">{t_string!(i18n, uebersicht.as_of)} " " <DateText date=Some(today)/></p>
        <ChartFigure chart table_hint=t_string!(i18n, vergleich.table_hint)/>
        <FiguresTable plans/>
        <h2>{t_string!(i18n, vergleich.definitions)}</h2>
        <ul>
            <li>{t_string!(i18n, vergleich.def_done)}</li>
            <li>{t_string!(i18n, vergleich.def_on_time)}</li>
            <li>{t_string!(i18n, vergleich.def_overdue)}</li>
            <li>{t_string!(i18n, vergleich.def_median)}</li>
            <li>{t_string!(i18n, vergleich.def_rebaselinings)}</li>
        </ul>
    }
    .into_any()
}

#[component]
fn FiguresTable(plans: Vec<ComparedPlan>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let n = move |value: u32| number(locale, value.into());
    let share = move |percent: u32, count: u32| {
        t_string!(
            i18n,
            vergleich.percent_of,
            percent = percent,
            count = n(count)
        )
        .to_string()
    };
    let delay = move |days: Option<i64>| match days {
        None => t_string!(i18n, vergleich.no_value).to_string(),
        Some(0) => t_string!(i18n, vergleich.days_none).to_string(),
        Some(d) if d > 0 => t_string!(i18n, vergleich.days_late, days = n(d as u32)).to_string(),
        Some(d) => t_string!(
            i18n,
            vergleich.days_early,
            days = n(d.unsigned_abs() as u32)
        )
        .to_string(),
    };
    let columns = [
        t_string!(i18n, vergleich.col_milestones),
        t_string!(i18n, vergleich.col_done),
        t_string!(i18n, vergleich.col_on_time),
        t_string!(i18n, vergleich.col_overdue),
        t_string!(i18n, vergleich.col_median),
        t_string!(i18n, vergleich.col_rebaselinings),
    ];
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption>{t_string!(i18n, vergleich.table_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, vergleich.col_plan)}</th>
                        {columns.iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {plans.into_iter().map(|plan| {
                        let f = plan.figures;
                        view! {
                            <tr>
                                <th scope="row">
                                    <a href=plan_path(&plan.slug, "")><Localized german=plan.title english=plan.title_en/></a>
                                </th>
                                <td data-label=columns[0]>{n(f.milestones)}</td>
                                <td data-label=columns[1]>{share(f.percent_done(), f.done)}</td>
                                <td data-label=columns[2]>{share(f.percent_done_on_time(), f.done_on_time)}</td>
                                <td data-label=columns[3]>{n(f.overdue)}</td>
                                <td data-label=columns[4]>{delay(f.median_delay_days)}</td>
                                <td data-label=columns[5]>{n(f.rebaselinings)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
