//! `/{plan}/bearbeiten/sitzung`: the meeting form (see `meeting.rs` for what it saves).
//!
//! One table, one form, one row per open milestone, rendered on the server: a plain form
//! (Tab moves through the fields, Enter or the button saves the rows that changed; a
//! refusal comes back on the page with everything typed). With JavaScript a small island
//! around it (`MeetingKeys`, no view of its own but a live count) marks changed rows and
//! counts them, moves Enter to the same field in the next row (Shift+Enter: the row
//! above) and saves with Ctrl+Enter. The table itself is not hydrated: the bundle grows
//! by a few event handlers, not by the table's views.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{get_meeting, SaveMeeting};
use super::meeting::{key, MeetingMilestone};
use super::model::MeetingView;
use crate::accounts::pages::RequirePermission;
use crate::domain::access::Permission;
use crate::domain::voices::Voice;
use crate::domain::words::LevelWords;
use crate::error::{AppError, FieldMap, RowConflict};
use crate::language::i18n::{t_string, td_string};
use crate::language::{page_locale, use_i18n, Locale};
use crate::plan::model::{plan_href, use_plan_slug};
use crate::ui::content::german_only;
use crate::ui::errors::{error_message, ErrorPage};
use crate::ui::form::SuccessNotice;
use crate::ui::format::{delay_category_options, work_status_label_for_code, work_status_options};
use crate::ui::island::{IslandFrame, Outcome};

#[component]
pub fn MeetingPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, sitzung.title)/>
        <RequirePermission permission=Permission::EditMilestones>
            <Meeting/>
        </RequirePermission>
    }
}

#[component]
fn Meeting() -> impl IntoView {
    let query = use_query_map();
    let package = move || {
        query
            .read()
            .get("paket")
            .and_then(|n| n.parse::<u32>().ok())
    };
    let saved = move || {
        query
            .read()
            .get("gespeichert")
            .and_then(|n| n.parse::<u32>().ok())
    };
    let slug = use_plan_slug();
    let data = Resource::new(
        move || (slug.clone(), package()),
        |(slug, package)| get_meeting(slug, package),
    );
    let i18n = use_i18n();
    view! {
        <nav class="breadcrumb" aria-label=t_string!(i18n, bearbeiten.breadcrumb)>
            <ol>
                <li><a href=plan_href("/bearbeiten")>{t_string!(i18n, bearbeiten.title)}</a></li>
                <li><span aria-current="page">{t_string!(i18n, sitzung.title)}</span></li>
            </ol>
        </nav>
        <h1>{t_string!(i18n, sitzung.title)}</h1>
        {move || saved().map(|count| view! {
            <SuccessNotice message=t_string!(i18n, sitzung.saved, count).to_string()/>
        })}
        <Suspense fallback=move || view! { <p>{t_string!(i18n, bearbeiten.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <MeetingBody view/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MeetingBody(view: MeetingView) -> impl IntoView {
    let MeetingView {
        packages,
        package,
        limited,
        milestones,
        words,
        voice,
        organisation,
        ..
    } = view;
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let outcome = ServerAction::<SaveMeeting>::new().value().get_untracked();
    let slug = use_plan_slug();
    let filter_options = packages.clone();
    view! {
        <p class="intro">{t_string!(i18n, sitzung.intro)}</p>
        <p class="field__hint">{t_string!(i18n, sitzung.keys)}</p>
        {limited.map(|count| view! {
            <p class="notice notice--info">{t_string!(i18n, sitzung.limited, count).to_string()}</p>
        })}
        {(voice == Voice::Administration).then(|| view! {
            <p class="notice notice--info">
                {t_string!(i18n, sitzung.confirms, organisation = organisation.clone()).to_string()}
            </p>
        })}
        <form method="get" class="meeting-filter">
            <label for="sitzung-paket">{words.one(locale)}</label>
            <select id="sitzung-paket" name="paket">
                <option value="" selected=package.is_none()>{t_string!(i18n, sitzung.all_packages)}</option>
                {filter_options.into_iter().map(|(number, title)| view! {
                    <option value=number.to_string() selected=package == Some(number)>
                        {format!("{}: {title}", words.numbered(locale, number))}
                    </option>
                }).collect_view()}
            </select>
            <button type="submit" class="button button--secondary">{t_string!(i18n, sitzung.show)}</button>
        </form>
        {if milestones.is_empty() {
            view! { <p>{t_string!(i18n, sitzung.none_open)}</p> }.into_any()
        } else {
            view! {
                <MeetingKeys locale>
                    <MeetingRows plan=slug.clone() package milestones packages words outcome/>
                </MeetingKeys>
            }.into_any()
        }}
    }
}

/// The keyboard and the change marks around the server-rendered meeting form: its
/// children stay as the server sent them; only this wrapper's handlers run.
#[island]
pub fn MeetingKeys(locale: Locale, children: Children) -> impl IntoView {
    view! { <IslandFrame locale><KeysFrame>{children()}</KeysFrame></IslandFrame> }
}

#[component]
fn KeysFrame(children: Children) -> impl IntoView {
    let changed = RwSignal::new(0usize);
    let locale = page_locale();
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        #[cfg(feature = "hydrate")]
        keys::keydown(&event);
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    let on_input = move |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        if let Some(count) = keys::mark_changed(&event) {
            changed.set(count);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    view! {
        <div class="meeting-keys" on:keydown=on_keydown on:input=on_input on:change=on_input>
            <p class="meeting__changed" aria-live="polite">
                {move || match changed.get() {
                    0 => String::new(),
                    count => td_string!(locale, sitzung.changed_rows, count).to_string(),
                }}
            </p>
            {children()}
        </div>
    }
}

/// What the form shows after the last post: the rows' values, what each row counts as
/// loaded (and its version), errors beside fields, and the rows refused as stale.
#[derive(Clone, Default)]
struct MeetingState {
    values: FieldMap,
    loaded: FieldMap,
    versions: std::collections::BTreeMap<i64, i64>,
    errors: FieldMap,
    conflicts: Vec<RowConflict>,
    general: Option<String>,
}

impl MeetingState {
    fn new(milestones: &[MeetingMilestone], outcome: Option<&Result<(), AppError>>) -> Self {
        let mut loaded = FieldMap::new();
        let mut versions = std::collections::BTreeMap::new();
        for m in milestones {
            for field in super::meeting::FIELDS {
                loaded.insert(key(m.id, field), m.value(field).to_owned());
            }
            versions.insert(m.id, m.version);
        }
        let mut state = MeetingState {
            values: loaded.clone(),
            loaded,
            versions,
            ..MeetingState::default()
        };
        match outcome {
            Some(Err(AppError::Invalid(rejection))) => {
                state.values.extend(rejection.values.clone());
                state.errors = rejection.errors.clone();
                state.general = rejection.general.clone();
            }
            Some(Err(AppError::RowConflicts(conflicts))) => {
                state.values.extend(conflicts.values.clone());
                // Saved rows now stand as typed; stale rows count as loaded with the
                // values saved meanwhile, so saving again overwrites knowingly.
                for &(id, version) in &conflicts.saved {
                    for field in super::meeting::FIELDS {
                        let typed = state.values.get(&key(id, field)).cloned();
                        state
                            .loaded
                            .insert(key(id, field), typed.unwrap_or_default());
                    }
                    state.versions.insert(id, version);
                }
                for row in &conflicts.rows {
                    for field in super::meeting::FIELDS {
                        let theirs = row.theirs.get(field).cloned().unwrap_or_default();
                        state.loaded.insert(key(row.id, field), theirs);
                    }
                    state.versions.insert(row.id, row.current_version);
                }
                state.conflicts = conflicts.rows.clone();
                state.general = Some(error_message(
                    page_locale(),
                    &AppError::RowConflicts(conflicts.clone()),
                ));
            }
            Some(Err(other)) => state.general = Some(error_message(page_locale(), other)),
            _ => {}
        }
        state
    }

    fn value(&self, id: i64, field: &str) -> String {
        self.values
            .get(&key(id, field))
            .cloned()
            .unwrap_or_default()
    }

    fn loaded(&self, id: i64, field: &str) -> String {
        self.loaded
            .get(&key(id, field))
            .cloned()
            .unwrap_or_default()
    }

    fn error(&self, id: i64, field: &str) -> Option<String> {
        self.errors.get(&key(id, field)).cloned()
    }
}

/// The id of a row's control, and of its error.
fn control_id(id: i64, field: &str) -> String {
    format!("sitzung-{id}-{field}")
}

#[component]
fn MeetingRows(
    plan: String,
    package: Option<u32>,
    milestones: Vec<MeetingMilestone>,
    packages: Vec<(u32, String)>,
    words: LevelWords,
    outcome: Outcome,
) -> impl IntoView {
    let locale = page_locale();
    let state = MeetingState::new(&milestones, outcome.as_ref());
    let mut index = 0usize;
    let groups = packages
        .into_iter()
        .filter_map(|(number, title)| {
            let rows: Vec<&MeetingMilestone> = milestones
                .iter()
                .filter(|m| m.package_number == number)
                .collect();
            if rows.is_empty() {
                return None;
            }
            let heading = format!("{}: {title}", words.numbered(locale, number));
            let rows = rows
                .into_iter()
                .map(|m| {
                    let row = index;
                    index += 1;
                    view! { <MeetingRowView row m=m.clone() state=state.clone()/> }
                })
                .collect_view();
            Some(view! {
                <tbody>
                    <tr class="meeting__group">
                        <th scope="colgroup" colspan="6" lang=german_only(locale)>{heading}</th>
                    </tr>
                    {rows}
                </tbody>
            })
        })
        .collect_view();
    view! {
        <MeetingSummary state=state.clone()/>
        <form action=SaveMeeting::PATH method="post" class="meeting" novalidate>
            <input type="hidden" name="plan" value=plan/>
            {package.map(|number| view! { <input type="hidden" name="paket" value=number.to_string()/> })}
            <div class="table-wrap">
                <table class="data-table meeting-table">
                    <caption>{td_string!(locale, sitzung.caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col" id="sitzung-spalte-titel">{td_string!(locale, sitzung.col_milestone)}</th>
                            <th scope="col" id="sitzung-spalte-status">{td_string!(locale, sitzung.col_status)}</th>
                            <th scope="col" id="sitzung-spalte-forecast">{td_string!(locale, sitzung.col_forecast)}</th>
                            <th scope="col" id="sitzung-spalte-reason">{td_string!(locale, sitzung.col_reason)}</th>
                            <th scope="col" id="sitzung-spalte-completed">{td_string!(locale, sitzung.col_completed)}</th>
                            <th scope="col" id="sitzung-spalte-note">{td_string!(locale, sitzung.col_note)}</th>
                        </tr>
                    </thead>
                    {groups}
                </table>
            </div>
            <button type="submit" class="button">{td_string!(locale, sitzung.submit)}</button>
        </form>
    }
}

/// The problems of the last post, each linking to its field, and the rows refused.
#[component]
fn MeetingSummary(state: MeetingState) -> impl IntoView {
    let locale = page_locale();
    (state.general.is_some() || !state.errors.is_empty()).then(|| {
        let items = state
            .errors
            .iter()
            .map(|(field_key, message)| {
                let href = field_key
                    .strip_prefix('m')
                    .and_then(|rest| rest.split_once('.'))
                    .map(|(id, field)| format!("#sitzung-{id}-{field}"))
                    .unwrap_or_default();
                view! { <li><a href=href>{message.clone()}</a></li> }
            })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2 class="error-summary__title">{td_string!(locale, rahmen.form_error_title)}</h2>
                {state.general.clone().map(|g| view! { <p>{g}</p> })}
                <ul>{items}</ul>
            </div>
        }
    })
}

#[component]
fn MeetingRowView(row: usize, m: MeetingMilestone, state: MeetingState) -> impl IntoView {
    let locale = page_locale();
    let id = m.id;
    let name = move |field: &str| format!("rows[{row}][{field}]");
    let title_id = control_id(id, "titel");
    let conflict = state.conflicts.iter().find(|c| c.id == id).cloned();
    let labelled = move |column: &str| format!("sitzung-spalte-{column} sitzung-{id}-titel");
    // A control: its name, the loaded value it is compared with, its error beside it.
    let error_of = |field: &str| {
        state.error(id, field).map(|message| {
            view! {
                <p class="field__error" id=format!("{}-fehler", control_id(id, field))>
                    <span class="visually-hidden">{td_string!(locale, rahmen.form_error_prefix)} " "</span>
                    {message}
                </p>
            }
        })
    };
    let described = |field: &str| {
        state
            .error(id, field)
            .map(|_| format!("{}-fehler", control_id(id, field)))
    };
    let invalid = |field: &str| state.error(id, field).map(|_| "true");
    let status_value = state.value(id, "status");
    let category_value = state.value(id, "forecast_category");
    let version = state.versions.get(&id).copied().unwrap_or(m.version);
    let row_class = if conflict.is_some() {
        "meeting__row is-stale"
    } else {
        "meeting__row"
    };
    view! {
        <tr class=row_class data-row=row.to_string()>
            <th scope="row" id=title_id lang=german_only(locale)>
                <span class="milestone__title">{m.title.clone()}</span>
                {(!m.demanded.is_empty()).then(|| view! {
                    <span class="meeting__demanded">{td_string!(locale, sitzung.demanded)} " " {m.demanded.clone()}</span>
                })}
                {conflict.map(|c| {
                    let theirs = |field: &str| c.theirs.get(field).cloned().unwrap_or_default();
                    let status = work_status_label_for_code(locale, &theirs("status"));
                    view! {
                        <span class="meeting__conflict" role="note">
                            {td_string!(locale, sitzung.conflict, who = c.saved_by.clone(), when = c.saved_at.clone()).to_string()}
                            " " {status} ", " {td_string!(locale, sitzung.col_forecast)} " " {dash(theirs("forecast"))}
                            ", " {td_string!(locale, sitzung.col_completed)} " " {dash(theirs("completed"))}
                            ", " {td_string!(locale, sitzung.col_note)} " " {dash(theirs("note"))}
                        </span>
                    }
                })}
                <input type="hidden" name=name("id") value=id.to_string()/>
                <input type="hidden" name=name("version") value=version.to_string()/>
                {super::meeting::FIELDS.iter().map(|field| view! {
                    <input type="hidden" name=name(&format!("was_{field}")) value=state.loaded(id, field)/>
                }).collect_view()}
            </th>
            <td>
                <select id=control_id(id, "status") name=name("status") data-col="status" data-was=state.loaded(id, "status")
                    aria-labelledby=labelled("status") aria-describedby=described("status") aria-invalid=invalid("status")>
                    {work_status_options(locale).into_iter().map(|(code, text)| view! {
                        <option value=code selected=code == status_value>{text}</option>
                    }).collect_view()}
                </select>
                {error_of("status")}
            </td>
            <td>
                <input type="text" inputmode="numeric" size="10" id=control_id(id, "forecast") name=name("forecast") data-col="forecast"
                    data-was=state.loaded(id, "forecast") value=state.value(id, "forecast") autocomplete="off"
                    aria-labelledby=labelled("forecast") aria-describedby=described("forecast") aria-invalid=invalid("forecast")/>
                {error_of("forecast")}
            </td>
            <td>
                <select id=control_id(id, "forecast_category") name=name("forecast_category") data-col="forecast_category"
                    aria-labelledby=labelled("reason") aria-describedby=described("forecast_category") aria-invalid=invalid("forecast_category")>
                    {delay_category_options(locale).into_iter().map(|(code, text)| view! {
                        <option value=code selected=code == category_value>{text}</option>
                    }).collect_view()}
                </select>
                {error_of("forecast_category")}
                <input type="text" id=control_id(id, "forecast_reason") name=name("forecast_reason") data-col="forecast_reason"
                    value=state.value(id, "forecast_reason") autocomplete="off" lang=german_only(locale)
                    aria-labelledby=labelled("reason") aria-describedby=described("forecast_reason") aria-invalid=invalid("forecast_reason")/>
                {error_of("forecast_reason")}
            </td>
            <td>
                <input type="text" inputmode="numeric" size="10" id=control_id(id, "completed") name=name("completed") data-col="completed"
                    data-was=state.loaded(id, "completed") value=state.value(id, "completed") autocomplete="off"
                    aria-labelledby=labelled("completed") aria-describedby=described("completed") aria-invalid=invalid("completed")/>
                {error_of("completed")}
            </td>
            <td>
                <input type="text" id=control_id(id, "note") name=name("note") data-col="note" data-was=state.loaded(id, "note")
                    value=state.value(id, "note") autocomplete="off" lang=german_only(locale)
                    aria-labelledby=labelled("note") aria-describedby=described("note") aria-invalid=invalid("note")/>
                {error_of("note")}
            </td>
        </tr>
    }
}

fn dash(value: String) -> String {
    if value.is_empty() {
        "–".to_owned()
    } else {
        value
    }
}

/// The keyboard and the change marks, in the browser only.
#[cfg(feature = "hydrate")]
mod keys {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

    fn target(event: &web_sys::Event) -> Option<HtmlElement> {
        event.target()?.dyn_into::<HtmlElement>().ok()
    }

    fn row_of(element: &Element) -> Option<(Element, i32)> {
        let row = element.closest("tr[data-row]").ok()??;
        let index = row.get_attribute("data-row")?.parse().ok()?;
        Some((row, index))
    }

    /// Enter: the same field one row down (Shift: up); Ctrl+Enter: save. Only in text
    /// fields – a select keeps its own keys.
    pub fn keydown(event: &leptos::ev::KeyboardEvent) {
        if event.key() != "Enter" {
            return;
        }
        let Some(element) = target(event) else { return };
        if element.dyn_ref::<HtmlInputElement>().is_none() {
            return;
        }
        event.prevent_default();
        if event.ctrl_key() || event.meta_key() {
            if let Some(form) = element
                .closest("form")
                .ok()
                .flatten()
                .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
            {
                let _ = form.request_submit();
            }
            return;
        }
        let (Some(column), Some((_, row))) = (element.get_attribute("data-col"), row_of(&element))
        else {
            return;
        };
        let next = if event.shift_key() { row - 1 } else { row + 1 };
        let selector = format!("tr[data-row=\"{next}\"] [data-col=\"{column}\"]");
        if let Some(next) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            let _ = next.focus();
        }
    }

    fn value(element: &Element) -> Option<String> {
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            return Some(input.value());
        }
        element.dyn_ref::<HtmlSelectElement>().map(|s| s.value())
    }

    /// Marks the row of the changed field when it differs from what was loaded; returns
    /// how many rows differ now.
    pub fn mark_changed(event: &web_sys::Event) -> Option<usize> {
        let element = target(event)?;
        let (row, _) = row_of(&element)?;
        let controls = row.query_selector_all("[data-was]").ok()?;
        let differs = (0..controls.length())
            .filter_map(|i| controls.item(i)?.dyn_into::<Element>().ok())
            .any(|control| {
                let was = control.get_attribute("data-was").unwrap_or_default();
                value(&control).is_some_and(|now| now.trim() != was.trim())
            });
        let _ = row.class_list().toggle_with_force("is-changed", differs);
        let table = row.closest("table").ok()??;
        Some(table.query_selector_all("tr.is-changed").ok()?.length() as usize)
    }
}
