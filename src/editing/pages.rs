//! The pages under `/{plan}/bearbeiten`: work on packages and milestones, rendered on the server.
//! Every form works as a plain POST without JavaScript; the four in `islands.rs`
//! (milestone, new milestone, status update, package texts) also answer in place with it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{
    get_milestone_for_edit, get_package_for_edit, ChangeDemandedDate, CreateMilestone,
    MoveMilestone, PostStatusUpdate, SaveMilestone, SavePackageTexts,
};
use super::islands::{
    milestone_labels, MilestoneSaveForm, NewMilestoneForm, PackageTextsForm, StatusUpdateForm,
};
use super::model::{MilestoneEditView, PackageEditView};
use crate::accounts::pages::RequirePermission;
use crate::domain::access::Permission;
use crate::domain::dates::format_de;
use crate::error::FieldMap;
use crate::language::i18n::t_string;
use crate::language::use_i18n;
use crate::plan::api::get_dashboard;
use crate::plan::model::{plan_href, use_plan_slug, JudgedMilestone};
use crate::runtime::viewer::user_can;
use crate::ui::content::{german_only, German, Localized};
use crate::ui::errors::{error_message, ErrorPage};
use crate::ui::form::{
    ConflictNotice, DateField, ErrorSummary, FormState, SuccessNotice, TextArea,
};
use crate::ui::format::DateText;
use crate::ui::status::StatusBadge;

fn param_number(raw: Option<String>) -> Option<u32> {
    raw.filter(|r| !r.is_empty() && r.len() <= 4 && r.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|r| r.parse().ok())
}

/// `/{plan}/bearbeiten`: where editing starts.
#[component]
pub fn EditStartPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, bearbeiten.title)/>
        <RequirePermission permission=Permission::EditMilestones>
            <EditStart/>
        </RequirePermission>
    }
}

#[component]
fn EditStart() -> impl IntoView {
    let slug = use_plan_slug();
    let data = Resource::new(move || slug.clone(), get_dashboard);
    let i18n = use_i18n();
    view! {
        <h1>{t_string!(i18n, bearbeiten.start_heading)}</h1>
        <p class="intro">
            {t_string!(i18n, bearbeiten.start_intro_before)}
            <a href=plan_href("/aenderungen")>{t_string!(i18n, bearbeiten.start_intro_link)}</a>
            {t_string!(i18n, bearbeiten.start_intro_after)}
        </p>
        <p class="button-row">
            <a class="button button--secondary" href=plan_href("/bearbeiten/sitzung")>{t_string!(i18n, sitzung.link)}</a>
            " "
            <a class="button button--secondary" href=plan_href("/bearbeiten/tabelle")>{t_string!(i18n, tabelle.link)}</a>
            " "
            <a class="button button--secondary" href=plan_href("/bearbeiten/kennzahlen")>{t_string!(i18n, kennzahlen.edit_link)}</a>
        </p>
        <Suspense fallback=move || view! { <p>{t_string!(i18n, bearbeiten.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(dashboard) => {
                        let words = dashboard.plan.words.clone();
                        let locale = i18n.get_locale_untracked();
                        view! {
                        <ul class="link-list">
                            {dashboard.packages.into_iter().map(|card| view! {
                                <li>
                                    <a href=plan_href(&format!("/bearbeiten/pakete/{}", card.number))>
                                        {t_string!(i18n, bearbeiten.package_link, package = words.numbered(locale, card.number)).to_string()}
                                        <Localized german=card.title english=card.title_en/>
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/{plan}/bearbeiten/pakete/{nr}`: milestones (edit, order), status updates, package texts.
#[component]
pub fn PackageEditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, bearbeiten.package_title)/>
        <RequirePermission permission=Permission::EditMilestones>
            <PackageEdit/>
        </RequirePermission>
    }
}

#[component]
fn PackageEdit() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let number = move || param_number(params.read().get("nr"));
    let moving = ServerAction::<MoveMilestone>::new();
    let slug = use_plan_slug();
    let data = Resource::new(
        move || (slug.clone(), number()),
        |(slug, number)| async move {
            match number {
                Some(number) => get_package_for_edit(slug, number).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    let i18n = use_i18n();
    let notice = move || {
        let q = query.read();
        if q.get("angelegt").is_some() {
            Some(t_string!(i18n, bearbeiten.milestone_created))
        } else if q.get("gespeichert").is_some() {
            Some(t_string!(i18n, bearbeiten.milestone_saved))
        } else if q.get("gemeldet").is_some() {
            Some(t_string!(i18n, bearbeiten.update_posted))
        } else if q.get("texte").is_some() {
            Some(t_string!(i18n, bearbeiten.texts_saved))
        } else {
            None
        }
    };
    view! {
        {move || notice().map(|m| view! { <SuccessNotice message=m.to_owned()/> })}
        <Suspense fallback=move || view! { <p>{t_string!(i18n, bearbeiten.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <PackageEditor view moving/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PackageEditor(view: PackageEditView, moving: ServerAction<MoveMilestone>) -> impl IntoView {
    let PackageEditView {
        today,
        package,
        texts_version,
        milestones,
        status_updates,
        words,
    } = view;
    let number = package.number;
    let slug = use_plan_slug();
    let can_edit_texts = user_can(&slug, Permission::EditPackages);
    let can_redact = user_can(&slug, Permission::Redact);
    let package_texts = FieldMap::from([
        ("title".to_owned(), package.title.clone()),
        ("summary".to_owned(), package.summary.clone()),
        ("goal".to_owned(), package.goal.clone()),
        ("title_en".to_owned(), package.title_en.clone()),
        ("summary_en".to_owned(), package.summary_en.clone()),
        ("goal_en".to_owned(), package.goal_en.clone()),
        (
            "responsible_unit".to_owned(),
            package.responsible_unit.clone(),
        ),
        (
            "source_reference".to_owned(),
            package.source_reference.clone(),
        ),
    ]);
    let count = milestones.len();
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // What the last post of each form returned (a form sent without JavaScript).
    let posted = ServerAction::<PostStatusUpdate>::new()
        .value()
        .get_untracked();
    let texts_posted = ServerAction::<SavePackageTexts>::new()
        .value()
        .get_untracked();
    let today = format_de(today);
    view! {
        <Title text=t_string!(i18n, bearbeiten.package_title_number, package = words.numbered_in_sentence(locale, number)).to_string()/>
        <nav class="breadcrumb" aria-label=t_string!(i18n, bearbeiten.breadcrumb)>
            <ol>
                <li><a href=plan_href("/bearbeiten")>{t_string!(i18n, bearbeiten.title)}</a></li>
                <li><span aria-current="page">{words.numbered(locale, number)}</span></li>
            </ol>
        </nav>
        <h1>
            <span class="eyebrow">{t_string!(i18n, bearbeiten.package_eyebrow, package = words.numbered_in_sentence(locale, number)).to_string()}</span>
            <German text=package.title.clone()/>
        </h1>
        <p><a href=plan_href(&format!("/pakete/{number}"))>{t_string!(i18n, bearbeiten.public_page)}</a></p>

        <section aria-labelledby="meilensteine-titel">
            <h2 id="meilensteine-titel">{t_string!(i18n, bearbeiten.milestones)}</h2>
            <p><a class="button" href=plan_href(&format!("/bearbeiten/pakete/{number}/meilensteine/neu"))>{t_string!(i18n, bearbeiten.new_milestone)}</a></p>
            {move || moving.value().get().and_then(|r| r.err()).map(|e| view! { <p class="field__error" role="alert">{error_message(locale, &e)}</p> })}
            <div class="table-wrap">
                <table class="data-table">
                    <caption>{t_string!(i18n, bearbeiten.milestones_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, bearbeiten.col_milestone)}</th>
                            <th scope="col">{t_string!(i18n, bearbeiten.col_demanded)}</th>
                            <th scope="col">{t_string!(i18n, bearbeiten.col_forecast)}</th>
                            <th scope="col">{t_string!(i18n, bearbeiten.col_status)}</th>
                            <th scope="col">{t_string!(i18n, bearbeiten.col_order)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {milestones.into_iter().enumerate().map(|(index, judged)| {
                            view! { <EditRow judged first=index == 0 last=index + 1 == count moving/> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>

        <section aria-labelledby="meldung-titel">
            <h2 id="meldung-titel">{t_string!(i18n, bearbeiten.update_heading)}</h2>
            <p>{t_string!(i18n, bearbeiten.update_intro)}</p>
            <StatusUpdateForm locale plan=slug.clone() package=number today outcome=posted/>
            {(!status_updates.is_empty()).then(|| view! {
                <h3>{t_string!(i18n, bearbeiten.earlier_updates)}</h3>
                <ul class="timeline">
                    {status_updates.into_iter().map(|update| {
                        let redact_href = crate::history::redaction::redaction_path(&slug, "meldung", update.id);
                        let can_redact = can_redact.clone();
                        let removable = !update.redacted;
                        let label = t_string!(i18n, bearbeiten.redact_link_label, what = format_de(update.occurred_on)).to_string();
                        view! {
                            <li>
                                <p class="timeline__date"><DateText date=Some(update.occurred_on)/></p>
                                <p><German text=update.body/></p>
                                <p class="timeline__by"><German text=format!("{}{}", update.author.map(|a| format!("{a}, ")).unwrap_or_default(), update.organisation)/></p>
                                <Show when=move || removable && can_redact()>
                                    <p><a href=redact_href.clone() aria-label=label.clone()>{t_string!(i18n, bearbeiten.redact_link)}</a></p>
                                </Show>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>

        <Show when=can_edit_texts>
            <section aria-labelledby="texte-titel">
                <h2 id="texte-titel">{t_string!(i18n, bearbeiten.texts_heading)}</h2>
                <PackageTextsForm locale plan=slug.clone() package=number version=texts_version loaded=package_texts.clone() outcome=texts_posted.clone()/>
            </section>
        </Show>
    }
    .into_any()
}

#[component]
fn EditRow(
    judged: JudgedMilestone,
    first: bool,
    last: bool,
    moving: ServerAction<MoveMilestone>,
) -> impl IntoView {
    let JudgedMilestone {
        milestone, status, ..
    } = judged;
    let i18n = use_i18n();
    let id = milestone.id.to_string();
    let title = milestone.title.clone();
    let move_button = move |direction: &'static str, label: &'static str, symbol: &'static str| {
        let id = id.clone();
        let title = title.clone();
        view! {
            <ActionForm action=moving attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="direction" value=direction/>
                <button type="submit" class="button button--small button--secondary">
                    <span aria-hidden="true">{symbol}</span>
                    <span class="visually-hidden">{label} " " <German text=title/></span>
                </button>
            </ActionForm>
        }
    };
    view! {
        <tr>
            <th scope="row">
                <a href=plan_href(&format!("/bearbeiten/meilensteine/{}", milestone.id))><German text=milestone.title.clone()/></a>
                {milestone.internal_note.filter(|n| !n.is_empty()).map(|n| view! {
                    <span class="milestone__internal">{t_string!(i18n, bearbeiten.internal)} " " <German text=n/></span>
                })}
            </th>
            <td data-label=t_string!(i18n, bearbeiten.col_demanded)><DateText date=milestone.schedule.demanded/></td>
            <td data-label=t_string!(i18n, bearbeiten.col_forecast)><DateText date=milestone.schedule.forecast/></td>
            <td data-label=t_string!(i18n, bearbeiten.col_status)><StatusBadge status/></td>
            <td data-label=t_string!(i18n, bearbeiten.col_order) class="nowrap">
                {(!first).then(|| move_button("hoch", t_string!(i18n, bearbeiten.move_up), "↑"))}
                {(!last).then(|| move_button("runter", t_string!(i18n, bearbeiten.move_down), "↓"))}
            </td>
        </tr>
    }
    .into_any()
}

/// `/{plan}/bearbeiten/pakete/{nr}/meilensteine/neu`.
#[component]
pub fn NewMilestonePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, bearbeiten.new_title)/>
        <RequirePermission permission=Permission::EditMilestones>
            <NewMilestone/>
        </RequirePermission>
    }
}

#[component]
fn NewMilestone() -> impl IntoView {
    let params = use_params_map();
    let number = move || param_number(params.read().get("nr"));
    let outcome = ServerAction::<CreateMilestone>::new()
        .value()
        .get_untracked();
    let slug = use_plan_slug();
    let can_set_demanded = user_can(&slug, Permission::ChangeDemandedDates);
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let crate::plan::model::PlanInfoResource(plan) =
        expect_context::<crate::plan::model::PlanInfoResource>();
    view! {
        <Suspense fallback=|| ()>
        {move || {
        let slug = slug.clone();
        let can_set_demanded = can_set_demanded.clone();
        let outcome = outcome.clone();
        Suspend::new(async move {
        let words = plan.await.ok().flatten().map(|p| p.words).unwrap_or_default();
        match number() {
            None => view! { <ErrorPage error=crate::error::AppError::NotFound/> }.into_any(),
            Some(number) => {
                view! {
                    <nav class="breadcrumb" aria-label=t_string!(i18n, bearbeiten.breadcrumb)>
                        <ol>
                            <li><a href=plan_href("/bearbeiten")>{t_string!(i18n, bearbeiten.title)}</a></li>
                            <li><a href=plan_href(&format!("/bearbeiten/pakete/{number}"))>{words.numbered(locale, number)}</a></li>
                            <li><span aria-current="page">{t_string!(i18n, bearbeiten.new_title)}</span></li>
                        </ol>
                    </nav>
                    <h1>{t_string!(i18n, bearbeiten.new_heading, package = words.numbered_in_sentence(locale, number)).to_string()}</h1>
                    {(!can_set_demanded()).then(|| view! {
                        <p class="field__hint">{t_string!(i18n, bearbeiten.demanded_by_admin)}</p>
                    })}
                    <NewMilestoneForm locale plan=slug.clone() package=number with_demanded=can_set_demanded() outcome=outcome.clone()/>
                }
                .into_any()
            }
        }
        })
        }}
        </Suspense>
    }
}

/// `/{plan}/bearbeiten/meilensteine/{id}`.
#[component]
pub fn MilestoneEditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, bearbeiten.edit_title)/>
        <RequirePermission permission=Permission::EditMilestones>
            <MilestoneEdit/>
        </RequirePermission>
    }
}

#[component]
fn MilestoneEdit() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|raw| raw.parse::<i64>().ok())
    };
    let rebaseline = ServerAction::<ChangeDemandedDate>::new();
    let slug = use_plan_slug();
    let data = Resource::new(
        move || (slug.clone(), id()),
        |(slug, id)| async move {
            match id {
                Some(id) => get_milestone_for_edit(slug, id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    let rebaselined = move || query.read().get("soll-termin").is_some();
    let i18n = use_i18n();
    view! {
        {move || rebaselined().then(|| view! { <SuccessNotice message=t_string!(i18n, bearbeiten.rebaselined).to_owned()/> })}
        <Suspense fallback=move || view! { <p>{t_string!(i18n, bearbeiten.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <MilestoneEditor view rebaseline/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MilestoneEditor(
    view: MilestoneEditView,
    rebaseline: ServerAction<ChangeDemandedDate>,
) -> impl IntoView {
    let MilestoneEditView {
        id,
        version,
        package_number,
        package_title,
        values,
        demanded,
        last_saved,
        rebaselinings,
        words,
        voice,
        organisation,
        voices,
    } = view;
    let can_rebaseline = user_can(&use_plan_slug(), Permission::ChangeDemandedDates);
    let title = values.get("title").cloned().unwrap_or_default();
    let saved = ServerAction::<SaveMilestone>::new().value().get_untracked();
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <Title text=t_string!(i18n, bearbeiten.edit_title_named, title = title.clone()).to_string()/>
        <nav class="breadcrumb" aria-label=t_string!(i18n, bearbeiten.breadcrumb)>
            <ol>
                <li><a href=plan_href("/bearbeiten")>{t_string!(i18n, bearbeiten.title)}</a></li>
                <li>
                    <a href=plan_href(&format!("/bearbeiten/pakete/{package_number}"))>
                        {t_string!(i18n, bearbeiten.package_link, package = words.numbered(locale, package_number)).to_string()}
                        <German text=package_title/>
                    </a>
                </li>
                <li><span aria-current="page">{t_string!(i18n, bearbeiten.milestone)}</span></li>
            </ol>
        </nav>
        <h1><span class="eyebrow">{t_string!(i18n, bearbeiten.edit_title)}</span><German text=title.clone()/></h1>
        <p class="field__hint">
            {t_string!(i18n, bearbeiten.demanded_label)} " " <DateText date=demanded/>
            {last_saved.map(|(who, when)| t_string!(i18n, bearbeiten.last_saved, when, who).to_string())}
        </p>
        <VoicesNow voices/>
        <MilestoneSaveForm locale id version loaded=values.clone() outcome=saved voice organisation/>
        <Show when=can_rebaseline>
            <section aria-labelledby="soll-termin-titel">
                <h2 id="soll-termin-titel">{t_string!(i18n, bearbeiten.rebaseline_heading)}</h2>
                <p>{t_string!(i18n, bearbeiten.rebaseline_intro)}</p>
                {
                    let values = values.clone();
                    move || {
                        let state = FormState::new(values.clone(), rebaseline.value().get().as_ref());
                        let form_version = state.version(version);
                        view! {
                            {state.conflict.clone().map(|conflict| view! { <ConflictNotice conflict labels=milestone_labels(locale)/> })}
                            <ErrorSummary state=state.clone() labels=milestone_labels(locale)/>
                            <ActionForm action=rebaseline attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="id" value=id.to_string()/>
                                <input type="hidden" name="version" value=form_version.to_string()/>
                                <DateField name="demanded" label=t_string!(i18n, bearbeiten.new_demanded) value=state.value("demanded") error=state.error("demanded")/>
                                <TextArea name="reason" label=t_string!(i18n, bearbeiten.field_reason) rows=3 lang=german_only(locale) value=state.value("reason") error=state.error("reason") hint=Some(t_string!(i18n, bearbeiten.reason_hint))/>
                                <button type="submit" class="button button--secondary">{t_string!(i18n, bearbeiten.rebaseline_submit)}</button>
                            </ActionForm>
                        }
                    }
                }
            </section>
        </Show>
        {(!rebaselinings.is_empty()).then(|| view! {
            <section aria-labelledby="rebaselining-titel">
                <h2 id="rebaselining-titel">{t_string!(i18n, bearbeiten.earlier_demanded)}</h2>
                <crate::history::page::RebaseliningList items=rebaselinings/>
            </section>
        })}
    }
    .into_any()
}

/// The milestone's two voices as stored, above its form: who confirmed the statement
/// and what the working group said about it.
#[component]
fn VoicesNow(voices: crate::domain::voices::Voices) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="voices-now" aria-labelledby="stimmen-titel">
            <h2 id="stimmen-titel">{t_string!(i18n, bearbeiten.voices_now)}</h2>
            <crate::ui::voices::VoicesBlock voices/>
        </section>
    }
}
