//! The pages under `/bearbeiten`: work on packages and milestones. Every form works as a
//! plain POST without JavaScript and in place with it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{
    get_milestone_for_edit, get_package_for_edit, ChangeDemandedDate, CreateMilestone,
    MoveMilestone, PostStatusUpdate, SaveMilestone, SavePackageTexts,
};
use super::model::{MilestoneEditView, PackageEditView};
use crate::accounts::pages::RequirePermission;
use crate::app::CurrentUserResource;
use crate::domain::access::Permission;
use crate::domain::dates::format_de;
use crate::error::FieldMap;
use crate::language::i18n::{t_string, td_string};
use crate::language::{use_i18n, Locale};
use crate::plan::api::get_dashboard;
use crate::plan::model::JudgedMilestone;
use crate::ui::content::{german_only, German, Localized};
use crate::ui::errors::{error_message, ErrorPage};
use crate::ui::form::{
    ConflictNotice, DateField, ErrorSummary, FormState, SelectField, SuccessNotice, TextArea,
    TextField,
};
use crate::ui::format::{work_status_options, DateText};
use crate::ui::status::StatusBadge;

fn param_number(raw: Option<String>) -> Option<u32> {
    raw.filter(|r| !r.is_empty() && r.len() <= 4 && r.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|r| r.parse().ok())
}

/// Whether the signed-in account holds a permission (for what a page offers; the
/// server checks again on every save).
fn user_can(permission: Permission) -> impl Fn() -> bool + Copy {
    let CurrentUserResource(user) = expect_context::<CurrentUserResource>();
    move || {
        user.get()
            .and_then(|r| r.ok())
            .flatten()
            .is_some_and(|u| u.can(permission))
    }
}

/// The `lang` of the content fields (German) and of their English versions, where it
/// differs from the page's language.
fn text_langs(locale: Locale) -> (Option<&'static str>, Option<&'static str>) {
    (german_only(locale), (locale == Locale::de).then_some("en"))
}

/// `/bearbeiten`: where editing starts.
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
    let data = Resource::new(|| (), |_| get_dashboard());
    let i18n = use_i18n();
    view! {
        <h1>{t_string!(i18n, bearbeiten.start_heading)}</h1>
        <p class="intro">
            {t_string!(i18n, bearbeiten.start_intro_before)}
            <a href="/aenderungen">{t_string!(i18n, bearbeiten.start_intro_link)}</a>
            {t_string!(i18n, bearbeiten.start_intro_after)}
        </p>
        <Suspense fallback=move || view! { <p>{t_string!(i18n, bearbeiten.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(dashboard)) => view! {
                        <ul class="link-list">
                            {dashboard.packages.into_iter().map(|card| view! {
                                <li>
                                    <a href=format!("/bearbeiten/pakete/{}", card.number)>
                                        {t_string!(i18n, bearbeiten.package_link, number = card.number).to_string()}
                                        <Localized german=card.title english=card.title_en/>
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Ok(None) => view! { <p>{t_string!(i18n, bearbeiten.no_plan)}</p> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/bearbeiten/pakete/{nr}`: milestones (edit, order), status updates, package texts.
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
    let posting = ServerAction::<PostStatusUpdate>::new();
    let texts = ServerAction::<SavePackageTexts>::new();
    let data = Resource::new(
        move || {
            (
                number(),
                moving.version().get(),
                posting.version().get(),
                texts.version().get(),
            )
        },
        |(number, _, _, _)| async move {
            match number {
                Some(number) => get_package_for_edit(number).await,
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
        } else {
            None
        }
    };
    view! {
        {move || notice().map(|m| view! { <SuccessNotice message=m.to_owned()/> })}
        <Suspense fallback=move || view! { <p>{t_string!(i18n, bearbeiten.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <PackageEditor view moving posting texts/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PackageEditor(
    view: PackageEditView,
    moving: ServerAction<MoveMilestone>,
    posting: ServerAction<PostStatusUpdate>,
    texts: ServerAction<SavePackageTexts>,
) -> impl IntoView {
    let PackageEditView {
        today,
        package,
        texts_version,
        milestones,
        status_updates,
    } = view;
    let number = package.number;
    let can_edit_texts = user_can(Permission::EditPackages);
    let can_redact = user_can(Permission::Redact);
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
    let (german, english) = text_langs(locale);
    view! {
        <Title text=t_string!(i18n, bearbeiten.package_title_number, number).to_string()/>
        <nav class="breadcrumb" aria-label=t_string!(i18n, bearbeiten.breadcrumb)>
            <ol>
                <li><a href="/bearbeiten">{t_string!(i18n, bearbeiten.title)}</a></li>
                <li><span aria-current="page">{t_string!(i18n, bearbeiten.package_number, number).to_string()}</span></li>
            </ol>
        </nav>
        <h1>
            <span class="eyebrow">{t_string!(i18n, bearbeiten.package_eyebrow, number).to_string()}</span>
            <German text=package.title.clone()/>
        </h1>
        <p><a href=format!("/pakete/{number}")>{t_string!(i18n, bearbeiten.public_page)}</a></p>

        <section aria-labelledby="meilensteine-titel">
            <h2 id="meilensteine-titel">{t_string!(i18n, bearbeiten.milestones)}</h2>
            <p><a class="button" href=format!("/bearbeiten/pakete/{number}/meilensteine/neu")>{t_string!(i18n, bearbeiten.new_milestone)}</a></p>
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
            {move || {
                let loaded = FieldMap::from([("occurred_on".to_owned(), format_de(today))]);
                let state = FormState::new(loaded, posting.value().get().as_ref());
                let posted = matches!(posting.value().get(), Some(Ok(())));
                view! {
                    {posted.then(|| view! { <SuccessNotice message=t_string!(i18n, bearbeiten.update_posted).to_owned()/> })}
                    <ErrorSummary state=state.clone() labels=status_update_labels(locale)/>
                    <ActionForm action=posting attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="package" value=number.to_string()/>
                        <DateField name="occurred_on" label=t_string!(i18n, bearbeiten.update_date) value=state.value("occurred_on") error=state.error("occurred_on")/>
                        <TextArea name="body" label=t_string!(i18n, bearbeiten.update_body) value=if posted { String::new() } else { state.value("body") } error=state.error("body") required=true/>
                        <TextField name="link" label=t_string!(i18n, bearbeiten.update_link) kind="url" value=if posted { String::new() } else { state.value("link") } error=state.error("link") hint=Some(t_string!(i18n, bearbeiten.update_link_hint))/>
                        <button type="submit" class="button">{t_string!(i18n, bearbeiten.update_submit)}</button>
                    </ActionForm>
                }
            }}
            {(!status_updates.is_empty()).then(|| view! {
                <h3>{t_string!(i18n, bearbeiten.earlier_updates)}</h3>
                <ul class="timeline">
                    {status_updates.into_iter().map(|update| {
                        let removable = !update.redacted;
                        let label = t_string!(i18n, bearbeiten.redact_link_label, what = format_de(update.occurred_on)).to_string();
                        view! {
                            <li>
                                <p class="timeline__date"><DateText date=Some(update.occurred_on)/></p>
                                <p><German text=update.body/></p>
                                <p class="timeline__by"><German text=format!("{}{}", update.author.map(|a| format!("{a}, ")).unwrap_or_default(), update.organisation)/></p>
                                <Show when=move || removable && can_redact()>
                                    <p><a href=crate::editing::redaction::redaction_path("meldung", update.id) aria-label=label.clone()>{t_string!(i18n, bearbeiten.redact_link)}</a></p>
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
                {
                    let package_texts = package_texts.clone();
                    move || {
                        let state = FormState::new(package_texts.clone(), texts.value().get().as_ref());
                        let saved = matches!(texts.value().get(), Some(Ok(())));
                        // After a conflict the form carries the version now stored: saving
                        // again overwrites knowingly.
                        let form_version = state.conflict.as_ref().map_or(texts_version, |c| c.current_version);
                        view! {
                            {saved.then(|| view! { <SuccessNotice message=t_string!(i18n, bearbeiten.texts_saved).to_owned()/> })}
                            {state.conflict.clone().map(|conflict| view! { <ConflictNotice conflict labels=package_labels(locale)/> })}
                            <ErrorSummary state=state.clone() labels=package_labels(locale)/>
                            <ActionForm action=texts attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="package" value=number.to_string()/>
                                <input type="hidden" name="version" value=form_version.to_string()/>
                                // The texts are German, whatever the page's language.
                                <TextField name="title" label=t_string!(i18n, bearbeiten.field_title) lang=german value=state.value("title") error=state.error("title") required=true/>
                                <TextArea name="summary" label=t_string!(i18n, bearbeiten.field_summary) lang=german value=state.value("summary") error=state.error("summary")/>
                                <TextArea name="goal" label=t_string!(i18n, bearbeiten.field_goal) rows=2 lang=german value=state.value("goal") error=state.error("goal")/>
                                <TextField name="responsible_unit" label=t_string!(i18n, bearbeiten.field_responsible) lang=german value=state.value("responsible_unit") error=state.error("responsible_unit")/>
                                <TextArea name="source_reference" label=t_string!(i18n, bearbeiten.field_source) rows=2 lang=german value=state.value("source_reference") error=state.error("source_reference")/>
                                <fieldset class="fieldset">
                                    <legend>{t_string!(i18n, bearbeiten.english_legend)}</legend>
                                    <input type="hidden" name="englisch" value="true"/>
                                    <p class="field__hint">{t_string!(i18n, bearbeiten.english_hint)}</p>
                                    <TextField name="title_en" label=t_string!(i18n, bearbeiten.field_title_en) lang=english value=state.value("title_en") error=state.error("title_en")/>
                                    <TextArea name="summary_en" label=t_string!(i18n, bearbeiten.field_summary_en) lang=english value=state.value("summary_en") error=state.error("summary_en")/>
                                    <TextArea name="goal_en" label=t_string!(i18n, bearbeiten.field_goal_en) rows=2 lang=english value=state.value("goal_en") error=state.error("goal_en")/>
                                </fieldset>
                                <button type="submit" class="button">{t_string!(i18n, bearbeiten.texts_submit)}</button>
                            </ActionForm>
                        }
                    }
                }
            </section>
        </Show>
    }
    .into_any()
}

/// Field labels for the error summary of each form, in the page's language.
fn status_update_labels(locale: Locale) -> Vec<(&'static str, &'static str)> {
    vec![
        ("occurred_on", td_string!(locale, bearbeiten.update_date)),
        ("body", td_string!(locale, bearbeiten.update_body_short)),
        ("link", td_string!(locale, bearbeiten.update_link_short)),
    ]
}

fn package_labels(locale: Locale) -> Vec<(&'static str, &'static str)> {
    vec![
        ("title", td_string!(locale, bearbeiten.field_title)),
        ("summary", td_string!(locale, bearbeiten.field_summary)),
        ("goal", td_string!(locale, bearbeiten.field_goal)),
        (
            "responsible_unit",
            td_string!(locale, bearbeiten.field_responsible),
        ),
        (
            "source_reference",
            td_string!(locale, bearbeiten.field_source),
        ),
        ("title_en", td_string!(locale, bearbeiten.field_title_en)),
        (
            "summary_en",
            td_string!(locale, bearbeiten.field_summary_en),
        ),
        ("goal_en", td_string!(locale, bearbeiten.field_goal_en)),
    ]
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
                <a href=format!("/bearbeiten/meilensteine/{}", milestone.id)><German text=milestone.title.clone()/></a>
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

fn milestone_labels(locale: Locale) -> Vec<(&'static str, &'static str)> {
    vec![
        ("title", td_string!(locale, bearbeiten.field_title)),
        ("title_en", td_string!(locale, bearbeiten.field_title_en)),
        (
            "description",
            td_string!(locale, bearbeiten.field_description),
        ),
        ("status", td_string!(locale, bearbeiten.field_status)),
        ("demanded", td_string!(locale, bearbeiten.field_demanded)),
        ("forecast", td_string!(locale, bearbeiten.field_forecast)),
        ("completed", td_string!(locale, bearbeiten.field_completed)),
        (
            "public_note",
            td_string!(locale, bearbeiten.field_public_note),
        ),
        (
            "internal_note",
            td_string!(locale, bearbeiten.field_internal_note),
        ),
        ("evidence", td_string!(locale, bearbeiten.field_evidence)),
        ("reason", td_string!(locale, bearbeiten.field_reason)),
    ]
}

/// The fields of a milestone form (new and edit alike).
#[component]
fn MilestoneFields(state: FormState, #[prop(optional)] with_demanded: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (german, english) = text_langs(locale);
    view! {
        <TextField name="title" label=t_string!(i18n, bearbeiten.field_title) lang=german value=state.value("title") error=state.error("title") required=true hint=Some(t_string!(i18n, bearbeiten.title_hint))/>
        // Says the form carries the English fields (else a save keeps the stored ones).
        <input type="hidden" name="englisch" value="true"/>
        <TextField name="title_en" label=t_string!(i18n, bearbeiten.field_title_en_optional) lang=english value=state.value("title_en") error=state.error("title_en") hint=Some(t_string!(i18n, bearbeiten.title_en_hint))/>
        <TextArea name="description" label=t_string!(i18n, bearbeiten.field_description) rows=3 lang=german value=state.value("description") error=state.error("description")/>
        <SelectField name="status" label=t_string!(i18n, bearbeiten.field_status) value=state.value("status") options=work_status_options(locale) error=state.error("status")/>
        {with_demanded.then(|| view! {
            <DateField name="demanded" label=t_string!(i18n, bearbeiten.field_demanded_long) value=state.value("demanded") error=state.error("demanded")/>
        })}
        <DateField name="forecast" label=t_string!(i18n, bearbeiten.field_forecast_long) value=state.value("forecast") error=state.error("forecast")/>
        <DateField name="completed" label=t_string!(i18n, bearbeiten.field_completed) value=state.value("completed") error=state.error("completed") hint=Some(t_string!(i18n, bearbeiten.completed_hint))/>
        <TextArea name="public_note" label=t_string!(i18n, bearbeiten.field_public_note) rows=3 lang=german value=state.value("public_note") error=state.error("public_note") hint=Some(t_string!(i18n, bearbeiten.public_note_hint))/>
        <TextArea name="internal_note" label=t_string!(i18n, bearbeiten.field_internal_note) rows=3 lang=german value=state.value("internal_note") error=state.error("internal_note") hint=Some(t_string!(i18n, bearbeiten.internal_note_hint))/>
        <TextArea name="evidence" label=t_string!(i18n, bearbeiten.field_evidence_long) rows=3 value=state.value("evidence") error=state.error("evidence") hint=Some(t_string!(i18n, bearbeiten.evidence_hint))/>
    }
    .into_any()
}

/// `/bearbeiten/pakete/{nr}/meilensteine/neu`.
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
    let create = ServerAction::<CreateMilestone>::new();
    let can_set_demanded = user_can(Permission::ChangeDemandedDates);
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        {move || match number() {
            None => view! { <ErrorPage error=crate::error::AppError::NotFound/> }.into_any(),
            Some(number) => {
                let state = FormState::new(FieldMap::from([("status".to_owned(), "offen".to_owned())]), create.value().get().as_ref());
                view! {
                    <nav class="breadcrumb" aria-label=t_string!(i18n, bearbeiten.breadcrumb)>
                        <ol>
                            <li><a href="/bearbeiten">{t_string!(i18n, bearbeiten.title)}</a></li>
                            <li><a href=format!("/bearbeiten/pakete/{number}")>{t_string!(i18n, bearbeiten.package_number, number).to_string()}</a></li>
                            <li><span aria-current="page">{t_string!(i18n, bearbeiten.new_title)}</span></li>
                        </ol>
                    </nav>
                    <h1>{t_string!(i18n, bearbeiten.new_heading, number).to_string()}</h1>
                    {(!can_set_demanded()).then(|| view! {
                        <p class="field__hint">{t_string!(i18n, bearbeiten.demanded_by_admin)}</p>
                    })}
                    <ErrorSummary state=state.clone() labels=milestone_labels(locale)/>
                    <ActionForm action=create attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="package" value=number.to_string()/>
                        <MilestoneFields state with_demanded=can_set_demanded()/>
                        <button type="submit" class="button">{t_string!(i18n, bearbeiten.create_submit)}</button>
                    </ActionForm>
                }
                .into_any()
            }
        }}
    }
}

/// `/bearbeiten/meilensteine/{id}`.
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
    let save = ServerAction::<SaveMilestone>::new();
    let rebaseline = ServerAction::<ChangeDemandedDate>::new();
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_milestone_for_edit(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    let rebaselined = move || query.read().get("soll-termin").is_some();
    let i18n = use_i18n();
    view! {
        {move || rebaselined().then(|| view! { <SuccessNotice message=t_string!(i18n, bearbeiten.rebaselined).to_owned()/> })}
        <Suspense fallback=move || view! { <p>{t_string!(i18n, bearbeiten.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <MilestoneEditor view save rebaseline/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MilestoneEditor(
    view: MilestoneEditView,
    save: ServerAction<SaveMilestone>,
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
    } = view;
    let can_rebaseline = user_can(Permission::ChangeDemandedDates);
    let title = values.get("title").cloned().unwrap_or_default();
    let loaded = values.clone();
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <Title text=t_string!(i18n, bearbeiten.edit_title_named, title = title.clone()).to_string()/>
        <nav class="breadcrumb" aria-label=t_string!(i18n, bearbeiten.breadcrumb)>
            <ol>
                <li><a href="/bearbeiten">{t_string!(i18n, bearbeiten.title)}</a></li>
                <li>
                    <a href=format!("/bearbeiten/pakete/{package_number}")>
                        {t_string!(i18n, bearbeiten.package_link, number = package_number).to_string()}
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
        {move || {
            let state = FormState::new(loaded.clone(), save.value().get().as_ref());
            let form_version = state.conflict.as_ref().map_or(version, |c| c.current_version);
            view! {
                {state.conflict.clone().map(|conflict| view! { <ConflictNotice conflict labels=milestone_labels(locale)/> })}
                <ErrorSummary state=state.clone() labels=milestone_labels(locale)/>
                <ActionForm action=save attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <input type="hidden" name="version" value=form_version.to_string()/>
                    <MilestoneFields state/>
                    <button type="submit" class="button">{t_string!(i18n, bearbeiten.save)}</button>
                </ActionForm>
            }
        }}
        <Show when=can_rebaseline>
            <section aria-labelledby="soll-termin-titel">
                <h2 id="soll-termin-titel">{t_string!(i18n, bearbeiten.rebaseline_heading)}</h2>
                <p>{t_string!(i18n, bearbeiten.rebaseline_intro)}</p>
                {
                    let values = values.clone();
                    move || {
                        let state = FormState::new(values.clone(), rebaseline.value().get().as_ref());
                        let form_version = state.conflict.as_ref().map_or(version, |c| c.current_version);
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
