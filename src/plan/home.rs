//! `/`: the plan's dashboard while the site holds one plan; with several, every plan with
//! its owner, how far it is and how many milestones are overdue.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::get_home;
use super::dashboard::{DashboardView, NoPlanYet};
use super::model::{Home, PlanSlug, PlanSummary};
use crate::domain::paths::plan_path;
use crate::language::i18n::t_string;
use crate::language::use_i18n;
use crate::ui::content::{German, Localized};
use crate::ui::errors::ErrorPage;
use crate::ui::format::number;
use crate::ui::status::ProgressBar;

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_home());
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p>{t_string!(i18n, uebersicht.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Home::Empty) => view! { <NoPlanYet/> }.into_any(),
                    Ok(Home::One(dashboard)) => {
                        provide_context(PlanSlug(dashboard.plan.slug.clone()));
                        view! { <DashboardView dashboard=*dashboard/> }.into_any()
                    }
                    Ok(Home::Several(plans)) => view! { <PlanList plans/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PlanList(plans: Vec<PlanSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, uebersicht.plans_title).to_string()/>
        <h1>{t_string!(i18n, uebersicht.plans_title)}</h1>
        <p class="intro">{t_string!(i18n, uebersicht.plans_intro)}</p>
        <p><a href="/vergleich">{t_string!(i18n, uebersicht.plans_compare)}</a></p>
        <ul class="cards cards--plans">
            {plans.into_iter().map(|plan| view! { <PlanCard plan/> }).collect_view()}
        </ul>
    }
}

#[component]
fn PlanCard(plan: PlanSummary) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let PlanSummary {
        plan: info,
        packages,
        totals,
        archived,
    } = plan;
    let heading_id = format!("plan-{}-titel", info.slug);
    let count = format!(
        "{} {}",
        number(locale, packages.into()),
        info.words.many(locale)
    );
    let labelled_by = heading_id.clone();
    let overdue = match totals.overdue {
        0 => t_string!(i18n, uebersicht.plan_overdue_none).to_string(),
        1 => t_string!(i18n, uebersicht.plan_overdue_one).to_string(),
        count => t_string!(
            i18n,
            uebersicht.plan_overdue_many,
            count = number(locale, count.into())
        )
        .to_string(),
    };
    let overdue_class = if totals.overdue > 0 {
        "card__overdue"
    } else {
        ""
    };
    let flags = [
        info.is_example
            .then(|| t_string!(i18n, uebersicht.plan_example).to_string()),
        archived.then(|| t_string!(i18n, uebersicht.plan_archived).to_string()),
    ];
    view! {
        <li class="card">
            <article aria-labelledby=labelled_by>
                <h2 class="card__title" id=heading_id>
                    <a href=plan_path(&info.slug, "")>
                        <span class="card__name"><Localized german=info.title english=info.title_en/></span>
                    </a>
                </h2>
                <p class="card__owner">{t_string!(i18n, uebersicht.owner)} " " <German text=info.owner/></p>
                {flags.into_iter().flatten().map(|flag| view! { <p class="card__flag">{flag}</p> }).collect_view()}
                <p>{count}</p>
                <ProgressBar progress=totals.progress/>
                <p class=overdue_class>{overdue}</p>
            </article>
        </li>
    }
}
