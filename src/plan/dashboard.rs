//! `/{plan}` (and `/` while the site holds one plan): headline figures, a card per
//! package, the next deadlines.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::get_dashboard;
use super::model::{plan_href, use_plan_slug, Dashboard, Deadline, LevelWords, PackageCard};
use crate::charts::pages::ProgressSection;
use crate::domain::schedule::{ScheduleStatus, Totals};
use crate::domain::voices::{Assessment, VoiceCounts};
use crate::indicators::pages::IndicatorRow;
use crate::language::i18n::t_string;
use crate::language::use_i18n;
use crate::ui::content::{localized, German, Localized};
use crate::ui::errors::ErrorPage;
use crate::ui::format::{count_noun, format_date, number, DateText};
use crate::ui::status::{PackageStatusBadge, ProgressBar, StatusBadge};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let slug = use_plan_slug();
    let data = Resource::new(move || slug.clone(), get_dashboard);
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p>{t_string!(i18n, uebersicht.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(dashboard) => view! { <DashboardView dashboard/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub(crate) fn NoPlanYet() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, uebersicht.no_plan_short).to_string()/>
        <h1>{t_string!(i18n, uebersicht.no_plan_title)}</h1>
        <p>
            {t_string!(i18n, uebersicht.no_plan_text)} " "
            <code>"umsetzungsmonitor import DATEI.toml"</code>
        </p>
    }
}

#[component]
pub(crate) fn DashboardView(dashboard: Dashboard) -> impl IntoView {
    let Dashboard {
        plan,
        today,
        totals,
        packages,
        upcoming,
        progress,
        voices,
        indicators,
    } = dashboard;
    let words = plan.words.clone();
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let adopted = plan.adopted_on.map(|date| {
        format!(
            " · {} {}",
            t_string!(i18n, uebersicht.adopted),
            format_date(locale, date)
        )
    });
    let (title, title_lang) = localized(locale, &plan.title, &plan.title_en);
    let (title, title_lang) = (title.to_owned(), title_lang);
    let (description, description_lang) =
        localized(locale, &plan.description, &plan.description_en);
    let description = (!description.is_empty())
        .then(|| view! { <p class="intro" lang=description_lang>{description.to_owned()}</p> });
    view! {
        <Title text=title.clone()/>
        <h1 lang=title_lang>{title}</h1>
        <p class="lead">
            {t_string!(i18n, uebersicht.owner)} " " <German text=plan.owner/> {adopted}
        </p>
        {description}
        <p class="as-of">{t_string!(i18n, uebersicht.as_of)} " " <DateText date=Some(today)/></p>
        <HeadlineFigures totals voices/>
        {progress.map(|overview| view! { <ProgressSection overview/> })}
        <IndicatorRow indicators/>
        <section aria-labelledby="pakete-titel">
            <h2 id="pakete-titel">{words.many(locale)}</h2>
            <ul class="cards">
                {packages.into_iter().map(|card| view! { <PackageCardView card words=words.clone()/> }).collect_view()}
            </ul>
        </section>
        <UpcomingDeadlines upcoming words=words.clone()/>
    }
    .into_any()
}

#[component]
fn HeadlineFigures(totals: Totals, voices: VoiceCounts) -> impl IntoView {
    let progress = totals.progress;
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let n = move |value: u32| number(locale, value.into());
    let milestones = move |count: u32| {
        count_noun(
            locale,
            count,
            t_string!(i18n, uebersicht.milestone_one),
            t_string!(i18n, uebersicht.milestone_many),
        )
    };
    let dropped = match totals.dropped {
        0 => None,
        1 => Some(t_string!(i18n, uebersicht.dropped_one).to_string()),
        count => Some(t_string!(i18n, uebersicht.dropped_many, count = n(count)).to_string()),
    };
    let of_done = move |count: u32| {
        t_string!(
            i18n,
            uebersicht.of_done,
            count = n(count),
            done = n(progress.done)
        )
        .to_string()
    };
    let percent =
        move |value: u32| t_string!(i18n, uebersicht.percent, percent = value).to_string();
    view! {
        <section aria-labelledby="kennzahlen-titel" class="figures-section">
            <h2 id="kennzahlen-titel">{t_string!(i18n, uebersicht.figures)}</h2>
            <dl class="figures">
                <div class="figure">
                    <dt>{t_string!(i18n, uebersicht.done)}</dt>
                    <dd>
                        <span class="figure__value">
                            {t_string!(i18n, uebersicht.done_value, done = n(progress.done), total = n(progress.total)).to_string()}
                        </span>
                        <span class="figure__detail">
                            {t_string!(i18n, uebersicht.done_detail, percent = progress.percent()).to_string()}
                        </span>
                    </dd>
                </div>
                <div class="figure figure--overdue">
                    <dt>{t_string!(i18n, uebersicht.overdue)}</dt>
                    <dd>
                        <span class="figure__value">{n(totals.overdue)}</span>
                        <span class="figure__detail">{t_string!(i18n, uebersicht.overdue_detail)}</span>
                    </dd>
                </div>
                <div class="figure">
                    <dt>{t_string!(i18n, uebersicht.on_time)}</dt>
                    <dd>
                        <span class="figure__value">{percent(totals.percent_on_time())}</span>
                        <span class="figure__detail">{of_done(totals.done_on_time)}</span>
                    </dd>
                </div>
                <div class="figure">
                    <dt>{t_string!(i18n, uebersicht.late)}</dt>
                    <dd>
                        <span class="figure__value">{percent(totals.percent_late())}</span>
                        <span class="figure__detail">{of_done(totals.done_late)}</span>
                    </dd>
                </div>
                <div class="figure figure--disagreements" id="widerspruch">
                    <dt>
                        <span class="assessment__symbol" aria-hidden="true">{Assessment::Disagrees.symbol()}</span>
                        " " {t_string!(i18n, uebersicht.disagreements)}
                    </dt>
                    <dd>
                        <span class="figure__value">{n(voices.disagreements)}</span>
                        <span class="figure__detail">
                            {t_string!(
                                i18n,
                                uebersicht.disagreements_detail,
                                doubts = n(voices.doubts),
                                confirmed = n(voices.confirmed),
                                total = n(voices.milestones)
                            ).to_string()}
                        </span>
                    </dd>
                </div>
            </dl>
            <p class="figures-note">
                {t_string!(
                    i18n,
                    uebersicht.also,
                    at_risk = milestones(totals.at_risk),
                    not_scheduled = milestones(totals.not_scheduled)
                ).to_string()}
                {dropped.map(|text| format!(" {text}"))}
            </p>
        </section>
    }
}

#[component]
fn PackageCardView(card: PackageCard, words: LevelWords) -> impl IntoView {
    let href = plan_href(&format!("/pakete/{}", card.number));
    let heading_id = format!("paket-{}-titel", card.number);
    let labelled_by = heading_id.clone();
    let i18n = use_i18n();
    view! {
        <li class="card">
            <article aria-labelledby=labelled_by>
                <h3 class="card__title" id=heading_id>
                    <a href=href>
                        <span class="card__number">{words.numbered(i18n.get_locale_untracked(), card.number)}</span>
                        <span class="card__name"><Localized german=card.title english=card.title_en/></span>
                    </a>
                </h3>
                <p class="card__status">{t_string!(i18n, uebersicht.status)} " " <PackageStatusBadge status=card.status/></p>
                <ProgressBar progress=card.progress/>
                {(card.differing > 0).then(|| view! {
                    <p class="card__differing">
                        <span class="assessment__symbol" aria-hidden="true">{Assessment::Disagrees.symbol()}</span>
                        " " {t_string!(i18n, uebersicht.card_differing, count = number(i18n.get_locale_untracked(), card.differing.into())).to_string()}
                    </p>
                })}
                {card.next_due.map(|due| {
                    // The earliest open deadline may lie in the past: say so in words.
                    let lead = if due.status == ScheduleStatus::Overdue {
                        t_string!(i18n, uebersicht.overdue_since)
                    } else {
                        t_string!(i18n, uebersicht.next_date)
                    };
                    view! {
                        <p class="card__next">
                            {lead} " " <DateText date=Some(due.demanded)/> ": "
                            <span class="card__next-title"><Localized german=due.milestone_title english=due.milestone_title_en/></span>
                        </p>
                    }
                })}
            </article>
        </li>
    }
}

#[component]
fn UpcomingDeadlines(upcoming: Vec<Deadline>, words: LevelWords) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let col_demanded = t_string!(i18n, uebersicht.col_demanded);
    let col_milestone = t_string!(i18n, uebersicht.col_milestone);
    let col_package = words.one(locale);
    let col_forecast = t_string!(i18n, uebersicht.col_forecast);
    let col_status = t_string!(i18n, uebersicht.col_status);
    view! {
        <section aria-labelledby="termine-titel">
            <h2 id="termine-titel">{t_string!(i18n, uebersicht.upcoming)}</h2>
            {if upcoming.is_empty() {
                view! { <p>{t_string!(i18n, uebersicht.upcoming_none)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data-table">
                            <caption>{t_string!(i18n, uebersicht.upcoming_caption)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{col_demanded}</th>
                                    <th scope="col">{col_milestone}</th>
                                    <th scope="col">{col_package.clone()}</th>
                                    <th scope="col">{col_forecast}</th>
                                    <th scope="col">{col_status}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {upcoming.into_iter().map(|due| view! {
                                    <tr>
                                        <td class="nowrap" data-label=col_demanded><DateText date=Some(due.demanded)/></td>
                                        <td data-label=col_milestone><Localized german=due.milestone_title english=due.milestone_title_en/></td>
                                        <td data-label=col_package.clone()>
                                            <a href=plan_href(&format!("/pakete/{}", due.package_number))>
                                                {words.numbered(locale, due.package_number)} ": " <Localized german=due.package_title english=due.package_title_en/>
                                            </a>
                                        </td>
                                        <td class="nowrap" data-label=col_forecast><DateText date=due.forecast/></td>
                                        <td data-label=col_status><StatusBadge status=due.status/></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
