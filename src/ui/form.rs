//! Form building blocks: every control labelled, its error beside it and announced,
//! and what was typed shown again after a refused save (with or without JavaScript).

use leptos::prelude::*;

use crate::error::{AppError, EditConflict, FieldMap};
use crate::language::i18n::td_string;
use crate::language::page_locale;
use crate::ui::content::german_only;
use crate::ui::errors::error_message;
use crate::ui::format::work_status_label_for_code;

/// What a form shows: the stored values, or what was typed when the save was refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormState {
    pub values: FieldMap,
    pub errors: FieldMap,
    /// A message for the whole form (refused sign-in, missing permission, …).
    pub general: Option<String>,
    pub conflict: Option<EditConflict>,
}

impl FormState {
    /// `loaded`: the record's values; `outcome`: the last submission of this form.
    pub fn new(loaded: FieldMap, outcome: Option<&Result<(), AppError>>) -> FormState {
        match outcome {
            Some(Err(AppError::Invalid(rejection))) => {
                let mut values = loaded;
                values.extend(rejection.values.clone());
                FormState {
                    values,
                    errors: rejection.errors.clone(),
                    general: rejection.general.clone(),
                    conflict: None,
                }
            }
            Some(Err(AppError::Conflict(conflict))) => {
                let mut values = loaded;
                values.extend(conflict.values.clone());
                FormState {
                    values,
                    errors: FieldMap::new(),
                    general: None,
                    conflict: Some((**conflict).clone()),
                }
            }
            Some(Err(other)) => FormState {
                values: loaded,
                general: Some(error_message(page_locale(), other)),
                ..FormState::default()
            },
            _ => FormState {
                values: loaded,
                ..FormState::default()
            },
        }
    }

    /// The record's version the form sends back: the loaded one, or after a conflict the
    /// one stored now (saving again then overwrites knowingly).
    pub fn version(&self, loaded: i64) -> i64 {
        self.conflict.as_ref().map_or(loaded, |c| c.current_version)
    }

    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).cloned()
    }
}

fn describedby(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hinweis"));
    }
    if error {
        ids.push(format!("{id}-fehler"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The shared frame of a field: label, hint, error.
#[component]
fn FieldFrame(
    id: String,
    label: &'static str,
    hint: Option<&'static str>,
    error: Option<String>,
    children: Children,
) -> impl IntoView {
    let class = if error.is_some() {
        "field field--error"
    } else {
        "field"
    };
    let locale = page_locale();
    view! {
        <div class=class>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="field__hint" id=format!("{id}-hinweis")>{h}</p> })}
            {error.map(|e| view! {
                <p class="field__error" id=format!("{id}-fehler")>
                    <span class="visually-hidden">{td_string!(locale, rahmen.form_error_prefix)} " "</span>{e}
                </p>
            })}
            {children()}
        </div>
    }
}

/// A one-line text input (`kind` is the input type).
#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    value: String,
    #[prop(optional_no_strip)] error: Option<String>,
    #[prop(optional_no_strip)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional_no_strip)] autocomplete: Option<&'static str>,
    #[prop(optional_no_strip)] inputmode: Option<&'static str>,
    /// The language of the value when it differs from the page's (an English version).
    #[prop(optional_no_strip)]
    lang: Option<&'static str>,
) -> impl IntoView {
    let id = format!("feld-{name}");
    let described = describedby(&id, hint.is_some(), error.is_some());
    let invalid = error.is_some().then_some("true");
    view! {
        <FieldFrame id=id.clone() label hint error>
            <input
                id=id
                name=name
                type=kind
                value=value
                required=required
                autocomplete=autocomplete
                inputmode=inputmode
                lang=lang
                aria-describedby=described
                aria-invalid=invalid
            />
        </FieldFrame>
    }
}

/// A date typed as 31.12.2021 (ISO works too).
#[component]
pub fn DateField(
    name: &'static str,
    label: &'static str,
    value: String,
    #[prop(optional_no_strip)] error: Option<String>,
    #[prop(optional_no_strip)] hint: Option<&'static str>,
) -> impl IntoView {
    let locale = page_locale();
    let hint = hint.or(Some(td_string!(locale, formular.date_hint)));
    view! {
        <div class="field-date">
            <TextField name label value error hint inputmode=Some("numeric") autocomplete=Some("off")/>
        </div>
    }
}

#[component]
pub fn TextArea(
    name: &'static str,
    label: &'static str,
    value: String,
    #[prop(optional_no_strip)] error: Option<String>,
    #[prop(optional_no_strip)] hint: Option<&'static str>,
    #[prop(default = 4)] rows: u32,
    #[prop(optional)] required: bool,
    /// The language of the value when it differs from the page's (an English version).
    #[prop(optional_no_strip)]
    lang: Option<&'static str>,
) -> impl IntoView {
    let id = format!("feld-{name}");
    let described = describedby(&id, hint.is_some(), error.is_some());
    let invalid = error.is_some().then_some("true");
    // tachys 0.2.19 writes `<textarea>` children to HTML unescaped (leptos#4730, fixed
    // upstream by #4821, not yet released): `</textarea>` in a stored text would end the
    // field and inject markup. The server escapes; in the browser the text node takes the
    // text as it is, and hydration leaves textarea children alone.
    #[cfg(feature = "ssr")]
    let value = html_escape::encode_text(&value).into_owned();
    view! {
        <FieldFrame id=id.clone() label hint error>
            <textarea
                id=id
                name=name
                rows=rows
                required=required
                lang=lang
                aria-describedby=described
                aria-invalid=invalid
            >
                {value}
            </textarea>
        </FieldFrame>
    }
}

/// A file to upload (`accept`: the types offered); focused when it comes back refused.
#[component]
pub fn FileField(
    name: &'static str,
    label: &'static str,
    accept: &'static str,
    #[prop(optional_no_strip)] error: Option<String>,
    #[prop(optional_no_strip)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = format!("feld-{name}");
    let described = describedby(&id, hint.is_some(), error.is_some());
    let invalid = error.is_some();
    view! {
        <FieldFrame id=id.clone() label hint error>
            <input type="file" id=id name=name accept=accept aria-describedby=described
                aria-invalid=invalid.then_some("true") autofocus=invalid/>
        </FieldFrame>
    }
}

/// A choice from `options` (code, text): fixed words, or names read from the record.
#[component]
pub fn SelectField<C, T>(
    name: &'static str,
    label: &'static str,
    value: String,
    options: Vec<(C, T)>,
    #[prop(optional_no_strip)] error: Option<String>,
    #[prop(optional_no_strip)] hint: Option<&'static str>,
) -> impl IntoView
where
    C: Into<String> + Send + Sync + 'static,
    T: Into<String> + Send + Sync + 'static,
{
    let id = format!("feld-{name}");
    let described = describedby(&id, hint.is_some(), error.is_some());
    let invalid = error.is_some().then_some("true");
    view! {
        <FieldFrame id=id.clone() label hint error>
            <select id=id name=name aria-describedby=described aria-invalid=invalid>
                {options
                    .into_iter()
                    .map(|(code, text)| {
                        let (code, text): (String, String) = (code.into(), text.into());
                        let selected = code == value;
                        view! { <option value=code selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </FieldFrame>
    }
}

/// Lists a refused form's problems at its top, each linking to its field; announced to
/// screen readers as an alert.
#[component]
pub fn ErrorSummary(
    state: FormState,
    /// Field names and their labels, for the links to the fields.
    #[prop(into)]
    labels: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    let locale = page_locale();
    let has_errors = !state.errors.is_empty() || state.general.is_some();
    has_errors.then(|| {
        let items = state
            .errors
            .iter()
            .map(|(field, message)| {
                let label = labels
                    .iter()
                    .find(|(f, _)| f == field)
                    .map_or(field.as_str(), |(_, l)| *l);
                let href = format!("#feld-{field}");
                view! { <li><a href=href>{format!("{label}: {message}")}</a></li> }
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

/// A short confirmation after a save, announced politely.
#[component]
pub fn SuccessNotice(message: String) -> impl IntoView {
    view! { <div class="success-notice" role="status"><p>{message}</p></div> }
}

/// Someone saved between loading and saving: both versions side by side; the form
/// keeps what you typed and saving again overwrites knowingly.
///
/// `labels` name the form's fields in order; a `status` value is shown as its label, other
/// values as typed (German content unless the field ends in `_en`; codes such as roles are
/// best translated by the caller before).
#[component]
pub fn ConflictNotice(
    conflict: EditConflict,
    labels: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    let EditConflict {
        values,
        theirs,
        saved_by,
        saved_at,
        ..
    } = conflict;
    let locale = page_locale();
    // Status codes read in the page's language; everything else is what people wrote.
    let rows: Vec<(&'static str, String, String, bool)> = labels
        .into_iter()
        .filter_map(|(field, label)| {
            let mine = values.get(field)?.clone();
            let other = theirs.get(field).cloned().unwrap_or_default();
            if field == "status" {
                return Some((
                    label,
                    work_status_label_for_code(locale, &mine),
                    work_status_label_for_code(locale, &other),
                    false,
                ));
            }
            Some((
                label,
                mine,
                other,
                !field.ends_with("_en") && field != "role",
            ))
        })
        .collect();
    view! {
        <div class="conflict" role="alert" tabindex="-1">
            <h2>{td_string!(locale, bearbeiten.conflict_heading)}</h2>
            <p>
                {td_string!(locale, bearbeiten.conflict_who, who = saved_by, when = saved_at).to_string()}
                " " {td_string!(locale, bearbeiten.conflict_kept)}
                " " {td_string!(locale, bearbeiten.conflict_compare)}
            </p>
            <div class="table-wrap">
                <table class="data-table">
                    <caption>{td_string!(locale, bearbeiten.conflict_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(locale, bearbeiten.col_field)}</th>
                            <th scope="col">{td_string!(locale, bearbeiten.col_yours)}</th>
                            <th scope="col">{td_string!(locale, bearbeiten.col_theirs)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|(label, mine, other, content)| {
                            let differs = mine != other;
                            let lang = if content { german_only(locale) } else { None };
                            view! {
                                <tr class=differs.then_some("is-different")>
                                    <th scope="row">{label}{differs.then(|| view! { <span class="visually-hidden">" " {td_string!(locale, bearbeiten.different)}</span> })}</th>
                                    <td data-label=td_string!(locale, bearbeiten.col_yours) lang=lang>{mine}</td>
                                    <td data-label=td_string!(locale, bearbeiten.col_theirs_short) lang=lang>{other}</td>
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
