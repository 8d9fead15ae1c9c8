//! `/{plan}/pakete/{nr}`: one measure package with its milestones.

use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::indicators::pages::IndicatorTable;

use super::api::get_package_page;
use super::model::{plan_href, use_plan_slug, PackagePage, StatusUpdate};
use super::table::MilestoneTable;
use crate::charts::pages::PackageTimeline;
use crate::domain::access::Permission;
use crate::error::AppError;
use crate::history::page::{ChangeList, ForecastMoveList, RebaseliningList};
use crate::language::i18n::t_string;
use crate::language::use_i18n;
use crate::runtime::viewer::user_can;
use crate::ui::content::{german_only, localized, German};
use crate::ui::errors::ErrorPage;
use crate::ui::format::{link_host, DateText};
use crate::ui::status::{PackageStatusBadge, ProgressBar};

/// Package numbers in URLs are plain positive integers; anything else is a page that does not exist.
fn parse_number(raw: Option<String>) -> Option<u32> {
    let raw = raw?;
    let valid = !raw.is_empty() && raw.len() <= 4 && raw.bytes().all(|b| b.is_ascii_digit());
    valid
        .then(|| raw.parse().ok())
        .flatten()
        .filter(|&n| n >= 1)
}

#[component]
pub fn PackageDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let number = move || parse_number(params.read().get("nr"));
    // `?meldungen=N`: page N of the status updates.
    let updates_page = move || {
        query
            .read()
            .get("meldungen")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| (1..=100_000).contains(p))
            .unwrap_or(1)
    };
    // `?meilensteine=N`: page N of the milestones (a large package).
    let milestones_page = move || {
        query
            .read()
            .get("meilensteine")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| (1..=100_000).contains(p))
            .unwrap_or(1)
    };
    let slug = use_plan_slug();
    let data = Resource::new(
        move || (slug.clone(), number(), updates_page(), milestones_page()),
        |(slug, number, updates_page, milestones_page)| async move {
            match number {
                Some(number) => get_package_page(slug, number, updates_page, milestones_page).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p>{t_string!(i18n, paket.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <PackageView page/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PackageView(page: PackagePage) -> impl IntoView {
    let PackagePage {
        today,
        status_updates,
        updates_page,
        more_updates,
        rebaselinings,
        forecast_moves,
        history,
        more_history,
        package,
        progress,
        status,
        milestones,
        milestones_page,
        milestone_pages,
        timeline,
        previous,
        next,
        words,
        indicators,
    } = page;
    let can_edit = user_can(&use_plan_slug(), Permission::EditMilestones);
    let number = package.number;
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let shown = |german: &str, english: &str| {
        let (text, lang) = localized(locale, german, english);
        (text.to_owned(), lang)
    };
    let german = |text: String| (text, german_only(locale));
    // Each fact with the `lang` it needs on this page.
    let facts = [
        (
            t_string!(i18n, paket.summary),
            shown(&package.summary, &package.summary_en),
        ),
        (
            t_string!(i18n, paket.goal),
            shown(&package.goal, &package.goal_en),
        ),
        (
            t_string!(i18n, paket.responsible),
            german(package.responsible_unit),
        ),
        (
            t_string!(i18n, paket.source),
            german(package.source_reference),
        ),
    ];
    let (title, title_lang) = shown(&package.title, &package.title_en);
    let package_n = {
        let words = words.clone();
        move |n: u32| words.numbered(locale, n)
    };
    // One package's feeds, announced to feed readers and linked below.
    let atom = plan_href(&format!("/pakete/{number}/aenderungen.atom"));
    let ics = plan_href(&format!("/pakete/{number}/termine.ics"));
    view! {
        <Title text=format!("{}: {}", package_n(number), title)/>
        <Link rel="alternate" type_="application/atom+xml" href=atom.clone() title=t_string!(i18n, paket.follow_atom, package = words.numbered_in_sentence(locale, number)).to_string()/>
        <nav class="breadcrumb" aria-label=t_string!(i18n, paket.breadcrumb)>
            <ol>
                <li><a href=plan_href("")>{t_string!(i18n, paket.overview)}</a></li>
                <li><span aria-current="page">{package_n(number)}</span></li>
            </ol>
        </nav>
        <h1>
            <span class="eyebrow">{words.numbered(locale, number)}</span>
            <span lang=title_lang>{title}</span>
        </h1>
        <div class="package-summary">
            <p>{t_string!(i18n, paket.status)} " " <PackageStatusBadge status/></p>
            <ProgressBar progress/>
            <Show when=can_edit>
                <p><a class="button button--secondary" href=plan_href(&format!("/bearbeiten/pakete/{number}"))>{t_string!(i18n, paket.edit)}</a></p>
            </Show>
        </div>
        <dl class="facts">
            {facts
                .into_iter()
                .filter(|(_, (text, _))| !text.is_empty())
                .map(|(label, (text, lang))| view! {
                    <div class="facts__row">
                        <dt>{label}</dt>
                        <dd lang=lang>{text}</dd>
                    </div>
                })
                .collect_view()}
        </dl>
        <section aria-labelledby="meilensteine-titel">
            <h2 id="meilensteine-titel">{t_string!(i18n, paket.milestones)}</h2>
            <MilestoneTable number today milestones words=words.clone()/>
            {(milestone_pages > 1).then(|| view! {
                <nav class="pager" aria-label=t_string!(i18n, paket.milestones_pager)>
                    {(milestones_page > 1).then(|| view! {
                        <a class="pager__prev" href=milestones_href(number, milestones_page - 1)>{t_string!(i18n, paket.previous_milestones)}</a>
                    })}
                    <span class="pager__current">{t_string!(i18n, paket.milestones_page, page = milestones_page, pages = milestone_pages).to_string()}</span>
                    {(milestones_page < milestone_pages).then(|| view! {
                        <a class="pager__next" href=milestones_href(number, milestones_page + 1)>{t_string!(i18n, paket.next_milestones)}</a>
                    })}
                </nav>
            })}
            {timeline.map(|chart| view! {
                <h3>{t_string!(i18n, paket.timeline)}</h3>
                <PackageTimeline chart/>
            })}
        </section>
        {(!indicators.is_empty()).then(|| view! {
            <section aria-labelledby="kennzahlen-paket-titel">
                <h2 id="kennzahlen-paket-titel">{t_string!(i18n, kennzahlen.package_title)}</h2>
                <IndicatorTable
                    indicators
                    words=words.clone()
                    caption=t_string!(i18n, kennzahlen.package_caption).to_string()
                    stand=None
                    without_package=true
                />
            </section>
        })}
        {(!rebaselinings.is_empty()).then(|| view! {
            <section aria-labelledby="soll-termine-titel">
                <h2 id="soll-termine-titel">{t_string!(i18n, paket.rebaselined)}</h2>
                <RebaseliningList items=rebaselinings/>
            </section>
        })}
        {(!forecast_moves.is_empty()).then(|| view! {
            <section aria-labelledby="prognosen-titel">
                <h2 id="prognosen-titel">{t_string!(i18n, paket.forecast_moves)}</h2>
                <p>{t_string!(i18n, paket.forecast_moves_intro)}</p>
                <ForecastMoveList items=forecast_moves/>
            </section>
        })}
        <section aria-labelledby="meldungen-titel">
            <h2 id="meldungen-titel">{t_string!(i18n, paket.updates)}</h2>
            <StatusUpdates updates=status_updates/>
            {(updates_page > 1 || more_updates).then(|| view! {
                <nav class="pager" aria-label=t_string!(i18n, paket.updates_pager)>
                    {(updates_page > 1).then(|| view! {
                        <a class="pager__prev" href=updates_href(number, updates_page - 1)>{t_string!(i18n, paket.newer_updates)}</a>
                    })}
                    <span class="pager__current">{t_string!(i18n, paket.updates_page, page = updates_page).to_string()}</span>
                    {more_updates.then(|| view! {
                        <a class="pager__next" href=updates_href(number, updates_page + 1)>{t_string!(i18n, paket.older_updates)}</a>
                    })}
                </nav>
            })}
        </section>
        <section aria-labelledby="verlauf-titel">
            <h2 id="verlauf-titel">{t_string!(i18n, paket.history)}</h2>
            <ChangeList events=history words=words.clone()/>
            {more_history.then(|| view! { <p><a href=plan_href("/aenderungen")>{t_string!(i18n, paket.all_changes)}</a></p> })}
        </section>
        <section aria-labelledby="folgen-titel">
            <h2 id="folgen-titel">{t_string!(i18n, paket.follow)}</h2>
            <ul class="follow">
                <li><a type="application/atom+xml" href=atom.clone()>{t_string!(i18n, paket.follow_atom, package = words.numbered_in_sentence(locale, number)).to_string()}</a></li>
                <li><a type="text/calendar" href=ics.clone()>{t_string!(i18n, paket.follow_ics, package = words.numbered_in_sentence(locale, number)).to_string()}</a></li>
            </ul>
        </section>
        <nav class="pager" aria-label=t_string!(i18n, paket.pager)>
            {previous.map(|n| view! {
                <a class="pager__prev" href=plan_href(&format!("/pakete/{n}"))>{format!("← {}", package_n(n))}</a>
            })}
            {next.map(|n| view! {
                <a class="pager__next" href=plan_href(&format!("/pakete/{n}"))>{format!("{} →", package_n(n))}</a>
            })}
        </nav>
    }
    .into_any()
}

/// Page `page` of package `number`'s milestones (the first is the package's address).
fn milestones_href(number: u32, page: u32) -> String {
    if page <= 1 {
        plan_href(&format!("/pakete/{number}#meilensteine-titel"))
    } else {
        plan_href(&format!(
            "/pakete/{number}?meilensteine={page}#meilensteine-titel"
        ))
    }
}

/// Page `page` of package `number`'s status updates (the first is the package's address).
fn updates_href(number: u32, page: u32) -> String {
    if page <= 1 {
        plan_href(&format!("/pakete/{number}#meldungen-titel"))
    } else {
        plan_href(&format!(
            "/pakete/{number}?meldungen={page}#meldungen-titel"
        ))
    }
}

#[component]
fn StatusUpdates(updates: Vec<StatusUpdate>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = german_only(i18n.get_locale_untracked());
    if updates.is_empty() {
        return view! { <p>{t_string!(i18n, paket.no_updates)}</p> }.into_any();
    }
    view! {
        <ol class="timeline">
            {updates.into_iter().map(|update| view! {
                <li>
                    <p class="timeline__date"><DateText date=Some(update.occurred_on)/></p>
                    <p lang=lang>{update.body}</p>
                    {update.link.map(|link| view! {
                        <p><a href=link.clone() rel="nofollow noopener">{t_string!(i18n, paket.more, host = link_host(&link)).to_string()}</a></p>
                    })}
                    <p class="timeline__by">{update.author.map(|a| format!("{a}, ")).unwrap_or_default()}<German text=update.organisation/></p>
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::parse_number;

    #[test]
    fn package_numbers_in_urls_are_positive_integers() {
        assert_eq!(parse_number(Some("1".into())), Some(1));
        assert_eq!(parse_number(Some("13".into())), Some(13));
        for bad in ["0", "", "-1", "+1", "1.0", "abc", "99999", " 1"] {
            assert_eq!(parse_number(Some(bad.into())), None, "{bad:?}");
        }
        assert_eq!(parse_number(None), None);
    }
}
