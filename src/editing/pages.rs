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
use crate::error::{EditConflict, FieldMap};
use crate::language::{use_i18n, Locale};
use crate::plan::api::get_dashboard;
use crate::plan::model::JudgedMilestone;
use crate::ui::errors::ErrorPage;
use crate::ui::form::{
    DateField, ErrorSummary, FormState, SelectField, SuccessNotice, TextArea, TextField,
};
use crate::ui::format::{work_status_label_for_code, work_status_options, DateText};
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

/// `/bearbeiten`: where editing starts.
#[component]
pub fn EditStartPage() -> impl IntoView {
    view! {
        <Title text="Bearbeiten"/>
        <RequirePermission permission=Permission::EditMilestones>
            <EditStart/>
        </RequirePermission>
    }
}

#[component]
fn EditStart() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_dashboard());
    view! {
        <h1>"Umsetzungsstand bearbeiten"</h1>
        <p class="intro">
            "Wählen Sie ein Maßnahmenpaket. Jede Änderung wird mit Zeitpunkt und Organisation im "
            <a href="/aenderungen">"öffentlichen Verlauf"</a> " festgehalten; interne Notizen sieht nur die Arbeitsgruppe."
        </p>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(dashboard)) => view! {
                        <ul class="link-list">
                            {dashboard.packages.into_iter().map(|card| view! {
                                <li>
                                    <a href=format!("/bearbeiten/pakete/{}", card.number)>
                                        {format!("Paket {}: {}", card.number, card.title)}
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Ok(None) => view! { <p>"Noch kein Plan erfasst."</p> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/bearbeiten/pakete/{nr}`: milestones (edit, order), status updates, package texts.
#[component]
pub fn PackageEditPage() -> impl IntoView {
    view! {
        <Title text="Paket bearbeiten"/>
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
    let notice = move || {
        let q = query.read();
        if q.get("angelegt").is_some() {
            Some("Der Meilenstein wurde angelegt.")
        } else if q.get("gespeichert").is_some() {
            Some("Der Meilenstein wurde gespeichert.")
        } else {
            None
        }
    };
    view! {
        {move || notice().map(|m| view! { <SuccessNotice message=m.to_owned()/> })}
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
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
        milestones,
        status_updates,
    } = view;
    let number = package.number;
    let can_edit_texts = user_can(Permission::EditPackages);
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
    view! {
        <Title text=format!("Paket {number} bearbeiten")/>
        <nav class="breadcrumb" aria-label="Brotkrumenpfad">
            <ol>
                <li><a href="/bearbeiten">"Bearbeiten"</a></li>
                <li><span aria-current="page">{format!("Paket {number}")}</span></li>
            </ol>
        </nav>
        <h1><span class="eyebrow">{format!("Maßnahmenpaket {number} bearbeiten")}</span>{package.title.clone()}</h1>
        <p><a href=format!("/pakete/{number}")>"Öffentliche Seite dieses Pakets ansehen"</a></p>

        <section aria-labelledby="meilensteine-titel">
            <h2 id="meilensteine-titel">"Meilensteine"</h2>
            <p><a class="button" href=format!("/bearbeiten/pakete/{number}/meilensteine/neu")>"Neuer Meilenstein"</a></p>
            {move || moving.value().get().and_then(|r| r.err()).map(|e| view! { <p class="field__error" role="alert">{e.to_string()}</p> })}
            <div class="table-wrap">
                <table class="data-table">
                    <caption>"Meilensteine in der öffentlichen Reihenfolge"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Meilenstein"</th>
                            <th scope="col">"Soll-Termin"</th>
                            <th scope="col">"Prognose"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Reihenfolge"</th>
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
            <h2 id="meldung-titel">"Meldung veröffentlichen"</h2>
            <p>"Was ist geschehen? Die Meldung erscheint mit Datum und Ihrer Organisation auf der öffentlichen Seite des Pakets."</p>
            {move || {
                let loaded = FieldMap::from([("occurred_on".to_owned(), format_de(today))]);
                let state = FormState::new(loaded, posting.value().get().as_ref());
                let posted = matches!(posting.value().get(), Some(Ok(())));
                view! {
                    {posted.then(|| view! { <SuccessNotice message="Die Meldung ist veröffentlicht.".to_owned()/> })}
                    <ErrorSummary state=state.clone() labels=STATUS_UPDATE_LABELS/>
                    <ActionForm action=posting attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="package" value=number.to_string()/>
                        <DateField name="occurred_on" label="Datum" value=state.value("occurred_on") error=state.error("occurred_on")/>
                        <TextArea name="body" label="Was ist geschehen?" value=if posted { String::new() } else { state.value("body") } error=state.error("body") required=true/>
                        <TextField name="link" label="Link (optional)" kind="url" value=if posted { String::new() } else { state.value("link") } error=state.error("link") hint=Some("Eine Adresse, die mit http:// oder https:// beginnt.")/>
                        <button type="submit" class="button">"Meldung veröffentlichen"</button>
                    </ActionForm>
                }
            }}
            {(!status_updates.is_empty()).then(|| view! {
                <h3>"Bisherige Meldungen"</h3>
                <ul class="timeline">
                    {status_updates.into_iter().map(|update| view! {
                        <li>
                            <p class="timeline__date"><DateText date=Some(update.occurred_on)/></p>
                            <p>{update.body}</p>
                            <p class="timeline__by">{update.author.map(|a| format!("{a}, ")).unwrap_or_default()}{update.organisation}</p>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>

        <Show when=can_edit_texts>
            <section aria-labelledby="texte-titel">
                <h2 id="texte-titel">"Texte des Pakets"</h2>
                {
                    let package_texts = package_texts.clone();
                    move || {
                        let state = FormState::new(package_texts.clone(), texts.value().get().as_ref());
                        let saved = matches!(texts.value().get(), Some(Ok(())));
                        view! {
                            {saved.then(|| view! { <SuccessNotice message="Die Texte sind gespeichert.".to_owned()/> })}
                            <ErrorSummary state=state.clone() labels=PACKAGE_LABELS/>
                            <ActionForm action=texts attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="package" value=number.to_string()/>
                                <TextField name="title" label="Titel" value=state.value("title") error=state.error("title") required=true/>
                                <TextArea name="summary" label="Zusammenfassung" value=state.value("summary") error=state.error("summary")/>
                                <TextArea name="goal" label="Ziel" rows=2 value=state.value("goal") error=state.error("goal")/>
                                <TextField name="responsible_unit" label="Zuständig" value=state.value("responsible_unit") error=state.error("responsible_unit")/>
                                <TextArea name="source_reference" label="Quelle" rows=2 value=state.value("source_reference") error=state.error("source_reference")/>
                                <fieldset class="fieldset">
                                    <legend>"Englische Fassung (freiwillig)"</legend>
                                    <input type="hidden" name="englisch" value="true"/>
                                    <p class="field__hint">"Erscheint auf den englischen Seiten. Leere Felder zeigen dort den deutschen Text."</p>
                                    <TextField name="title_en" label="Titel (englisch)" lang=Some("en") value=state.value("title_en") error=state.error("title_en")/>
                                    <TextArea name="summary_en" label="Zusammenfassung (englisch)" lang=Some("en") value=state.value("summary_en") error=state.error("summary_en")/>
                                    <TextArea name="goal_en" label="Ziel (englisch)" rows=2 lang=Some("en") value=state.value("goal_en") error=state.error("goal_en")/>
                                </fieldset>
                                <button type="submit" class="button">"Texte speichern"</button>
                            </ActionForm>
                        }
                    }
                }
            </section>
        </Show>
    }
    .into_any()
}

const STATUS_UPDATE_LABELS: &[(&str, &str)] =
    &[("occurred_on", "Datum"), ("body", "Text"), ("link", "Link")];
const PACKAGE_LABELS: &[(&str, &str)] = &[
    ("title", "Titel"),
    ("summary", "Zusammenfassung"),
    ("goal", "Ziel"),
    ("responsible_unit", "Zuständig"),
    ("source_reference", "Quelle"),
    ("title_en", "Titel (englisch)"),
    ("summary_en", "Zusammenfassung (englisch)"),
    ("goal_en", "Ziel (englisch)"),
];

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
                    <span class="visually-hidden">{format!("„{title}“ {label}")}</span>
                </button>
            </ActionForm>
        }
    };
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/bearbeiten/meilensteine/{}", milestone.id)>{milestone.title.clone()}</a>
                {milestone.internal_note.filter(|n| !n.is_empty()).map(|n| view! {
                    <span class="milestone__internal">"Intern: " {n}</span>
                })}
            </th>
            <td data-label="Soll-Termin"><DateText date=milestone.schedule.demanded/></td>
            <td data-label="Prognose"><DateText date=milestone.schedule.forecast/></td>
            <td data-label="Status"><StatusBadge status/></td>
            <td data-label="Reihenfolge" class="nowrap">
                {(!first).then(|| move_button("hoch", "nach oben", "↑"))}
                {(!last).then(|| move_button("runter", "nach unten", "↓"))}
            </td>
        </tr>
    }
    .into_any()
}

const MILESTONE_LABELS: &[(&str, &str)] = &[
    ("title", "Titel"),
    ("title_en", "Titel (englisch)"),
    ("description", "Beschreibung"),
    ("status", "Status"),
    ("demanded", "Soll-Termin"),
    ("forecast", "Prognose"),
    ("completed", "Erledigt am"),
    ("public_note", "Öffentlicher Hinweis"),
    ("internal_note", "Interne Notiz"),
    ("evidence", "Nachweise"),
    ("reason", "Begründung"),
];

/// The fields of a milestone form (new and edit alike).
#[component]
fn MilestoneFields(state: FormState, #[prop(optional)] with_demanded: bool) -> impl IntoView {
    view! {
        <TextField name="title" label="Titel" value=state.value("title") error=state.error("title") required=true hint=Some("Höchstens 200 Zeichen.")/>
        // Says the form carries the English fields (else a save keeps the stored ones).
        <input type="hidden" name="englisch" value="true"/>
        <TextField name="title_en" label="Titel (englisch, freiwillig)" lang=Some("en") value=state.value("title_en") error=state.error("title_en") hint=Some("Erscheint auf den englischen Seiten; leer zeigt dort den deutschen Titel.")/>
        <TextArea name="description" label="Beschreibung" rows=3 value=state.value("description") error=state.error("description")/>
        <SelectField name="status" label="Status" value=state.value("status") options=work_status_options(use_i18n().get_locale_untracked()) error=state.error("status")/>
        {with_demanded.then(|| view! {
            <DateField name="demanded" label="Soll-Termin (geforderter Zeitplan)" value=state.value("demanded") error=state.error("demanded")/>
        })}
        <DateField name="forecast" label="Prognose der Verwaltung" value=state.value("forecast") error=state.error("forecast")/>
        <DateField name="completed" label="Erledigt am" value=state.value("completed") error=state.error("completed") hint=Some("Nur bei Status „erledigt“, nicht in der Zukunft. Format TT.MM.JJJJ.")/>
        <TextArea name="public_note" label="Öffentlicher Hinweis" rows=3 value=state.value("public_note") error=state.error("public_note") hint=Some("Erscheint auf der öffentlichen Seite.")/>
        <TextArea name="internal_note" label="Interne Notiz" rows=3 value=state.value("internal_note") error=state.error("internal_note") hint=Some("Nur für angemeldete Mitglieder sichtbar, nie öffentlich.")/>
        <TextArea name="evidence" label="Nachweise (Links)" rows=3 value=state.value("evidence") error=state.error("evidence") hint=Some("Eine Adresse pro Zeile, jeweils mit http:// oder https://.")/>
    }
    .into_any()
}

/// `/bearbeiten/pakete/{nr}/meilensteine/neu`.
#[component]
pub fn NewMilestonePage() -> impl IntoView {
    view! {
        <Title text="Neuer Meilenstein"/>
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
    view! {
        {move || match number() {
            None => view! { <ErrorPage error=crate::error::AppError::NotFound/> }.into_any(),
            Some(number) => {
                let state = FormState::new(FieldMap::from([("status".to_owned(), "offen".to_owned())]), create.value().get().as_ref());
                view! {
                    <nav class="breadcrumb" aria-label="Brotkrumenpfad">
                        <ol>
                            <li><a href="/bearbeiten">"Bearbeiten"</a></li>
                            <li><a href=format!("/bearbeiten/pakete/{number}")>{format!("Paket {number}")}</a></li>
                            <li><span aria-current="page">"Neuer Meilenstein"</span></li>
                        </ol>
                    </nav>
                    <h1>{format!("Neuer Meilenstein in Paket {number}")}</h1>
                    {(!can_set_demanded()).then(|| view! {
                        <p class="field__hint">"Den Soll-Termin trägt die Administration des Monitors ein: er gehört zum geforderten Zeitplan."</p>
                    })}
                    <ErrorSummary state=state.clone() labels=MILESTONE_LABELS/>
                    <ActionForm action=create attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="package" value=number.to_string()/>
                        <MilestoneFields state with_demanded=can_set_demanded()/>
                        <button type="submit" class="button">"Meilenstein anlegen"</button>
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
    view! {
        <Title text="Meilenstein bearbeiten"/>
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
    view! {
        {move || rebaselined().then(|| view! { <SuccessNotice message="Der Soll-Termin wurde geändert; die Änderung steht mit Begründung im Verlauf.".to_owned()/> })}
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
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
    view! {
        <Title text=format!("Meilenstein bearbeiten: {title}")/>
        <nav class="breadcrumb" aria-label="Brotkrumenpfad">
            <ol>
                <li><a href="/bearbeiten">"Bearbeiten"</a></li>
                <li><a href=format!("/bearbeiten/pakete/{package_number}")>{format!("Paket {package_number}: {package_title}")}</a></li>
                <li><span aria-current="page">"Meilenstein"</span></li>
            </ol>
        </nav>
        <h1><span class="eyebrow">"Meilenstein bearbeiten"</span>{title.clone()}</h1>
        <p class="field__hint">
            "Soll-Termin: " <DateText date=demanded/>
            {last_saved.map(|(who, when)| format!(" · zuletzt gespeichert {when} von {who}"))}
        </p>
        {move || {
            let state = FormState::new(loaded.clone(), save.value().get().as_ref());
            let form_version = state.conflict.as_ref().map_or(version, |c| c.current_version);
            view! {
                {state.conflict.clone().map(|conflict| view! { <ConflictNotice conflict/> })}
                <ErrorSummary state=state.clone() labels=MILESTONE_LABELS/>
                <ActionForm action=save attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <input type="hidden" name="version" value=form_version.to_string()/>
                    <MilestoneFields state/>
                    <button type="submit" class="button">"Speichern"</button>
                </ActionForm>
            }
        }}
        <Show when=can_rebaseline>
            <section aria-labelledby="soll-termin-titel">
                <h2 id="soll-termin-titel">"Soll-Termin ändern"</h2>
                <p>"Der Soll-Termin ist der geforderte Zeitplan. Eine Änderung erscheint öffentlich als „Soll-Termin geändert von … auf …“ mit Ihrer Begründung."</p>
                {
                    let values = values.clone();
                    move || {
                        let state = FormState::new(values.clone(), rebaseline.value().get().as_ref());
                        let form_version = state.conflict.as_ref().map_or(version, |c| c.current_version);
                        view! {
                            {state.conflict.clone().map(|conflict| view! { <ConflictNotice conflict/> })}
                            <ErrorSummary state=state.clone() labels=MILESTONE_LABELS/>
                            <ActionForm action=rebaseline attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="id" value=id.to_string()/>
                                <input type="hidden" name="version" value=form_version.to_string()/>
                                <DateField name="demanded" label="Neuer Soll-Termin" value=state.value("demanded") error=state.error("demanded")/>
                                <TextArea name="reason" label="Begründung" rows=3 value=state.value("reason") error=state.error("reason") hint=Some("Pflicht, wenn ein bestehender Soll-Termin geändert wird. Wird öffentlich angezeigt.")/>
                                <button type="submit" class="button button--secondary">"Soll-Termin ändern"</button>
                            </ActionForm>
                        }
                    }
                }
            </section>
        </Show>
        {(!rebaselinings.is_empty()).then(|| view! {
            <section aria-labelledby="rebaselining-titel">
                <h2 id="rebaselining-titel">"Frühere Soll-Termine"</h2>
                <crate::history::page::RebaseliningList items=rebaselinings/>
            </section>
        })}
    }
    .into_any()
}

/// Someone saved between loading and saving: both versions side by side; the form
/// keeps what you typed and saving again overwrites knowingly.
#[component]
fn ConflictNotice(conflict: EditConflict) -> impl IntoView {
    let EditConflict {
        values,
        theirs,
        saved_by,
        saved_at,
        ..
    } = conflict;
    let rows: Vec<(&'static str, String, String)> = MILESTONE_LABELS
        .iter()
        .filter_map(|(field, label)| {
            let mine = values.get(*field)?.clone();
            let other = theirs.get(*field).cloned().unwrap_or_default();
            if *field == "status" {
                return Some((
                    *label,
                    work_status_label_for_code(Locale::de, &mine),
                    work_status_label_for_code(Locale::de, &other),
                ));
            }
            Some((*label, mine, other))
        })
        .collect();
    view! {
        <div class="conflict" role="alert" tabindex="-1">
            <h2>"Inzwischen hat jemand anderes gespeichert"</h2>
            <p>
                {format!("{saved_by} hat diesen Meilenstein am {saved_at} gespeichert, nachdem Sie das Formular geöffnet haben. ")}
                "Ihre Eingaben wurden nicht gespeichert und stehen unverändert im Formular. "
                "Vergleichen Sie und speichern Sie erneut, um Ihre Fassung zu übernehmen."
            </p>
            <div class="table-wrap">
                <table class="data-table">
                    <caption>"Ihre Eingabe und die inzwischen gespeicherte Fassung"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Feld"</th>
                            <th scope="col">"Ihre Eingabe"</th>
                            <th scope="col">"Inzwischen gespeichert"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|(label, mine, other)| {
                            let differs = mine != other;
                            view! {
                                <tr class=differs.then_some("is-different")>
                                    <th scope="row">{label}{differs.then(|| view! { <span class="visually-hidden">" (unterschiedlich)"</span> })}</th>
                                    <td data-label="Ihre Eingabe">{mine}</td>
                                    <td data-label="Gespeichert">{other}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
    .into_any()
}
