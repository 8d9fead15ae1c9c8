//! `/`: headline figures, a card per package, the next deadlines.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::get_dashboard;
use super::model::{Dashboard, Deadline, PackageCard};
use crate::charts::pages::ProgressSection;
use crate::domain::dates::format_de;
use crate::domain::schedule::{ScheduleStatus, Totals};
use crate::ui::errors::ErrorPage;
use crate::ui::format::{count_noun, DateText};
use crate::ui::status::{PackageStatusBadge, ProgressBar, StatusBadge};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_dashboard());
    view! {
        <Suspense fallback=|| view! { <p>"Die Übersicht wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(dashboard)) => view! { <DashboardView dashboard/> }.into_any(),
                    Ok(None) => view! { <NoPlanYet/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NoPlanYet() -> impl IntoView {
    view! {
        <Title text="Noch kein Plan"/>
        <h1>"Noch kein Maßnahmenplan erfasst"</h1>
        <p>
            "In dieser Datenbank ist noch kein Plan angelegt. Ein Katalog wird mit "
            <code>"umsetzungsmonitor import DATEI.toml"</code> " eingelesen."
        </p>
    }
}

#[component]
fn DashboardView(dashboard: Dashboard) -> impl IntoView {
    let Dashboard {
        plan,
        today,
        totals,
        packages,
        upcoming,
    } = dashboard;
    let adopted = plan
        .adopted_on
        .map(|date| format!(" · Beschlossen am {}", format_de(date)));
    view! {
        <Title text=plan.title.clone()/>
        <h1>{plan.title}</h1>
        <p class="lead">
            "Träger: " {plan.owner} {adopted}
        </p>
        {(!plan.description.is_empty()).then(|| view! { <p class="intro">{plan.description}</p> })}
        <p class="as-of">"Stand: " <DateText date=Some(today)/></p>
        <HeadlineFigures totals/>
        <ProgressSection/>
        <section aria-labelledby="pakete-titel">
            <h2 id="pakete-titel">"Maßnahmenpakete"</h2>
            <ul class="cards">
                {packages.into_iter().map(|card| view! { <PackageCardView card/> }).collect_view()}
            </ul>
        </section>
        <UpcomingDeadlines upcoming/>
    }
    .into_any()
}

#[component]
fn HeadlineFigures(totals: Totals) -> impl IntoView {
    let progress = totals.progress;
    view! {
        <section aria-labelledby="kennzahlen-titel" class="figures-section">
            <h2 id="kennzahlen-titel">"Auf einen Blick"</h2>
            <dl class="figures">
                <div class="figure">
                    <dt>"Erledigt"</dt>
                    <dd>
                        <span class="figure__value">{format!("{} von {}", progress.done, progress.total)}</span>
                        <span class="figure__detail">{format!("Meilensteinen ({} %)", progress.percent())}</span>
                    </dd>
                </div>
                <div class="figure figure--overdue">
                    <dt>"Überfällig"</dt>
                    <dd>
                        <span class="figure__value">{totals.overdue}</span>
                        <span class="figure__detail">"nicht erledigt, Soll-Termin überschritten"</span>
                    </dd>
                </div>
                <div class="figure">
                    <dt>"Fristgerecht erledigt"</dt>
                    <dd>
                        <span class="figure__value">{format!("{} %", totals.percent_on_time())}</span>
                        <span class="figure__detail">
                            {format!("{} der {} erledigten", totals.done_on_time, progress.done)}
                        </span>
                    </dd>
                </div>
                <div class="figure">
                    <dt>"Verspätet erledigt"</dt>
                    <dd>
                        <span class="figure__value">{format!("{} %", totals.percent_late())}</span>
                        <span class="figure__detail">
                            {format!("{} der {} erledigten", totals.done_late, progress.done)}
                        </span>
                    </dd>
                </div>
            </dl>
            <p class="figures-note">
                {format!(
                    "Außerdem: {} gefährdet (Prognose nach Soll-Termin), {} ohne Soll-Termin. ",
                    count_noun(totals.at_risk, "Meilenstein", "Meilensteine"),
                    count_noun(totals.not_scheduled, "Meilenstein", "Meilensteine"),
                )}
                {(totals.dropped > 0).then(|| format!(
                    "{} entfallen und in keiner Zahl mitgezählt.",
                    count_noun(totals.dropped, "Meilenstein ist", "Meilensteine sind"),
                ))}
            </p>
        </section>
    }
}

#[component]
fn PackageCardView(card: PackageCard) -> impl IntoView {
    let href = format!("/pakete/{}", card.number);
    let heading_id = format!("paket-{}-titel", card.number);
    let labelled_by = heading_id.clone();
    view! {
        <li class="card">
            <article aria-labelledby=labelled_by>
                <h3 class="card__title" id=heading_id>
                    <a href=href>
                        <span class="card__number">{format!("Paket {}", card.number)}</span>
                        <span class="card__name">{card.title}</span>
                    </a>
                </h3>
                <p class="card__status">"Status: " <PackageStatusBadge status=card.status/></p>
                <ProgressBar progress=card.progress/>
                {card.next_due.map(|due| {
                    // The earliest open deadline may lie in the past: say so in words.
                    let lead = if due.status == ScheduleStatus::Overdue {
                        "Überfällig seit "
                    } else {
                        "Nächster Termin: "
                    };
                    view! {
                        <p class="card__next">
                            {lead} <DateText date=Some(due.demanded)/> ": "
                            <span class="card__next-title">{due.milestone_title}</span>
                        </p>
                    }
                })}
            </article>
        </li>
    }
}

#[component]
fn UpcomingDeadlines(upcoming: Vec<Deadline>) -> impl IntoView {
    view! {
        <section aria-labelledby="termine-titel">
            <h2 id="termine-titel">"Nächste Termine"</h2>
            {if upcoming.is_empty() {
                view! { <p>"Kein offener Meilenstein hat einen Soll-Termin ab heute."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data-table">
                            <caption>"Offene Meilensteine mit Soll-Termin ab heute, der früheste zuerst"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Soll-Termin"</th>
                                    <th scope="col">"Meilenstein"</th>
                                    <th scope="col">"Paket"</th>
                                    <th scope="col">"Prognose"</th>
                                    <th scope="col">"Status"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {upcoming.into_iter().map(|due| view! {
                                    <tr>
                                        <td class="nowrap" data-label="Soll-Termin"><DateText date=Some(due.demanded)/></td>
                                        <td data-label="Meilenstein">{due.milestone_title}</td>
                                        <td data-label="Paket">
                                            <a href=format!("/pakete/{}", due.package_number)>
                                                {format!("Paket {}: {}", due.package_number, due.package_title)}
                                            </a>
                                        </td>
                                        <td class="nowrap" data-label="Prognose"><DateText date=due.forecast/></td>
                                        <td data-label="Status"><StatusBadge status=due.status/></td>
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
