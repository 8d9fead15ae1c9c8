//! `/{plan}/bearbeiten/kennzahlen` and `/{plan}/bearbeiten/kennzahlen/{id}`: entering an
//! indicator's values, one period through a form or many pasted as CSV, each shown in a
//! dry run before anything is saved. Plain forms: the dry run is a GET of this page, the
//! saving a POST to `apply_indicator_values`.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::indicator_api::{
    get_indicator_edit, get_indicator_edit_list, ApplyIndicatorValues, EnteredValues,
    IndicatorEditList, IndicatorEditView, ValuesCheck,
};
use super::indicator_define_page::{AboutForm, TargetForm};
use super::indicator_values::{CheckedValue, FileProblem, ValueField, ValueOutcome, FILE_FIELD};
use super::messages::FieldMessage;
use crate::domain::access::Permission;
use crate::domain::indicators::{PublicValue, Unit};
use crate::error::AppError;
use crate::indicators::pages::IndicatorTable;
use crate::language::i18n::{t_string, td_string};
use crate::language::{use_i18n, Locale};
use crate::plan::model::{plan_href, use_plan_slug};
use crate::runtime::viewer::user_can;
use crate::ui::content::{german_only, localized};
use crate::ui::errors::ErrorPage;
use crate::ui::form::{FileField, SuccessNotice, TextArea, TextField};
use crate::ui::format::{indicator_value, period_label, target_text};

fn field_name(locale: Locale, field: ValueField) -> &'static str {
    match field {
        ValueField::Period => td_string!(locale, kennzahlen.col_period),
        ValueField::Value => td_string!(locale, kennzahlen.col_value),
        ValueField::Source => td_string!(locale, kennzahlen.col_source),
        ValueField::Note => td_string!(locale, kennzahlen.col_note),
        ValueField::Line => td_string!(locale, kennzahlen.edit_line),
    }
}

/// `/{plan}/bearbeiten/kennzahlen`.
#[component]
pub fn IndicatorEditListPage() -> impl IntoView {
    let slug = use_plan_slug();
    let can_define = user_can(&slug, Permission::DefineIndicators);
    let data = Resource::new(move || slug.clone(), get_indicator_edit_list);
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, kennzahlen.edit_title)/>
        <h1>{t_string!(i18n, kennzahlen.edit_title)}</h1>
        <p class="intro">{t_string!(i18n, kennzahlen.edit_intro)}</p>
        <Show when=can_define>
            <p><a class="button button--secondary" href=plan_href("/bearbeiten/kennzahlen/neu")>{t_string!(i18n, kennzahlen.define_link)}</a></p>
        </Show>
        <Suspense fallback=move || view! { <p>{t_string!(i18n, kennzahlen.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(IndicatorEditList { indicators, .. }) if indicators.is_empty() => {
                        view! { <p>{t_string!(i18n, kennzahlen.none)}</p> }.into_any()
                    }
                    Ok(IndicatorEditList { indicators, words, .. }) => {
                        let links = indicators
                            .iter()
                            .map(|i| {
                                let (name, lang) = localized(i18n.get_locale_untracked(), &i.name, &i.name_en);
                                let (name, lang) = (name.to_owned(), lang);
                                view! {
                                    <li>
                                        <a href=plan_href(&format!("/bearbeiten/kennzahlen/{}", i.id))>
                                            {t_string!(i18n, kennzahlen.edit_enter_for)} " " <span lang=lang>{name}</span>
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <ul class="link-list">{links}</ul>
                            <IndicatorTable
                                indicators
                                words
                                caption=t_string!(i18n, kennzahlen.edit_caption).to_string()
                                stand=None
                            />
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/{plan}/bearbeiten/kennzahlen/{id}`.
#[component]
pub fn IndicatorEditPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = params
        .read_untracked()
        .get("id")
        .filter(|raw| !raw.is_empty() && raw.len() <= 12 && raw.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|raw| raw.parse::<i64>().ok());
    let entered = {
        let q = query.read_untracked();
        EnteredValues {
            csv: q.get("csv"),
            period: q.get("zeitraum"),
            value: q.get("wert"),
            source: q.get("quelle"),
            note: q.get("hinweis"),
        }
    };
    let saved = query
        .read_untracked()
        .get("gespeichert")
        .and_then(|n| n.parse::<usize>().ok());
    let changed = query.read_untracked().get("veraendert").is_some();
    let created = query.read_untracked().get("angelegt").is_some();
    let file_problem = query
        .read_untracked()
        .get("datei")
        .and_then(|code| FileProblem::parse(&code));
    let target_saved = query.read_untracked().get("ziel").is_some();
    let about_saved = query
        .read_untracked()
        .get("angaben")
        .and_then(|n| n.parse::<usize>().ok());
    let slug = use_plan_slug();
    let shown = entered.clone();
    let data = Resource::new(
        move || (slug.clone(), id, entered.clone()),
        |(slug, id, entered)| async move {
            match id {
                Some(id) => get_indicator_edit(slug, id, entered).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p>{t_string!(i18n, kennzahlen.loading)}</p> }>
            {move || {
                let shown = shown.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! {
                            {created.then(|| view! { <SuccessNotice message=t_string!(i18n, kennzahlen.define_created).to_owned()/> })}
                            {target_saved.then(|| view! { <SuccessNotice message=t_string!(i18n, kennzahlen.target_saved).to_owned()/> })}
                            {about_saved.map(|count| {
                                let message = if count == 0 {
                                    t_string!(i18n, kennzahlen.about_unchanged).to_string()
                                } else {
                                    t_string!(i18n, kennzahlen.about_saved, count).to_string()
                                };
                                view! { <SuccessNotice message/> }
                            })}
                            <IndicatorEditView view entered=shown saved changed file_problem/>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn IndicatorEditView(
    view: IndicatorEditView,
    entered: EnteredValues,
    saved: Option<usize>,
    changed: bool,
    file_problem: Option<FileProblem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let IndicatorEditView {
        id,
        name,
        name_en,
        unit,
        direction,
        target,
        intermediate,
        version,
        small_count,
        points,
        check,
        about,
        words,
        packages,
    } = view;
    let can_define = user_can(&use_plan_slug(), Permission::DefineIndicators);
    let (title, lang) = localized(locale, &name, &name_en);
    let (title, lang) = (title.to_owned(), lang);
    let action = plan_href(&format!("/bearbeiten/kennzahlen/{id}"));
    // The one-period form's own errors stand beside its fields.
    let form_error = |field: ValueField| -> Option<String> {
        let check = check.as_ref().filter(|c| c.from_form)?;
        check.lines.iter().find_map(|line| match &line.outcome {
            ValueOutcome::Problem { field: f, problem } if *f == field => {
                Some(problem.message(locale))
            }
            _ => None,
        })
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let in_form = check.as_ref().is_some_and(|c| c.from_form);
    let form_value = |value: &Option<String>| if in_form { text(value) } else { String::new() };
    let hint_count = (unit == Unit::Count).then(|| {
        view! { <p>{t_string!(i18n, kennzahlen.small_rule, n = small_count).to_string()}</p> }
    });
    view! {
        <Title text=format!("{} – {title}", t_string!(i18n, kennzahlen.edit_title_short))/>
        <p><a href=plan_href("/bearbeiten/kennzahlen")>{t_string!(i18n, kennzahlen.edit_back)}</a></p>
        <h1>
            <span class="eyebrow">{t_string!(i18n, kennzahlen.edit_title_short)}</span>
            <span lang=lang>{title}</span>
        </h1>
        <p>{t_string!(i18n, kennzahlen.target_label)} ": " {target_text(locale, unit, direction, target)}</p>
        {hint_count}
        {saved.map(|count| view! {
            <SuccessNotice message=t_string!(i18n, kennzahlen.edit_saved, count).to_string()/>
        })}
        {changed.then(|| view! {
            <p class="notice" role="alert">{t_string!(i18n, kennzahlen.edit_changed)}</p>
        })}
        {check.clone().map(|check| view! { <DryRun check entered=entered.clone() id unit/> })}
        <section aria-labelledby="wert-erfassen">
            <h2 id="wert-erfassen">{t_string!(i18n, kennzahlen.edit_one_title)}</h2>
            <form method="get" action=action.clone() novalidate class="indicator-form">
                <TextField name="zeitraum" label=td_string!(locale, kennzahlen.col_period)
                    value=form_value(&entered.period) error=form_error(ValueField::Period)
                    hint=Some(td_string!(locale, kennzahlen.edit_period_hint)) required=true
                    autocomplete=Some("off")/>
                <TextField name="wert" label=td_string!(locale, kennzahlen.col_value)
                    value=form_value(&entered.value) error=form_error(ValueField::Value)
                    hint=Some(td_string!(locale, kennzahlen.edit_value_hint)) required=true
                    inputmode=Some("decimal") autocomplete=Some("off")/>
                <TextField name="quelle" label=td_string!(locale, kennzahlen.col_source)
                    value=form_value(&entered.source) error=form_error(ValueField::Source)/>
                <TextArea name="hinweis" label=td_string!(locale, kennzahlen.col_note)
                    value=form_value(&entered.note) error=form_error(ValueField::Note) rows=2/>
                <button type="submit" class="button">{t_string!(i18n, kennzahlen.edit_check)}</button>
            </form>
        </section>
        <section aria-labelledby="werte-einfuegen">
            <h2 id="werte-einfuegen">{t_string!(i18n, kennzahlen.edit_csv_title)}</h2>
            <form method="get" action=action novalidate>
                <TextArea name="csv" label=td_string!(locale, kennzahlen.edit_csv_label)
                    value=if in_form { String::new() } else { text(&entered.csv) }
                    hint=Some(td_string!(locale, kennzahlen.edit_csv_hint)) rows=8/>
                <button type="submit" class="button">{t_string!(i18n, kennzahlen.edit_check)}</button>
            </form>
            <h3>{t_string!(i18n, kennzahlen.edit_file_title)}</h3>
            <form method="post" enctype="multipart/form-data" novalidate
                action=plan_href(&format!("/bearbeiten/kennzahlen/{id}/datei"))>
                <FileField name=FILE_FIELD label=td_string!(locale, kennzahlen.edit_file_label)
                    accept=".csv,.txt,text/csv,text/plain"
                    hint=Some(td_string!(locale, kennzahlen.edit_file_hint))
                    error=file_problem.map(|p| p.message(locale))/>
                <button type="submit" class="button button--secondary">{t_string!(i18n, kennzahlen.edit_file_check)}</button>
            </form>
        </section>
        <Show when=can_define>
            <TargetForm id version target intermediate=intermediate.clone()/>
            <AboutForm id version unit about=about.clone() words=words.clone() packages=packages.clone()/>
        </Show>
        <section aria-labelledby="werte-bisher">
            <h2 id="werte-bisher">{t_string!(i18n, kennzahlen.edit_stored_title)}</h2>
            {if points.is_empty() {
                view! { <p>{t_string!(i18n, kennzahlen.no_values)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data-table">
                            <caption class="visually-hidden">{t_string!(i18n, kennzahlen.edit_stored_title)}</caption>
                            <thead><tr>
                                <th scope="col">{t_string!(i18n, kennzahlen.col_period)}</th>
                                <th scope="col">{t_string!(i18n, kennzahlen.col_value)}</th>
                                <th scope="col">{t_string!(i18n, kennzahlen.col_source)}</th>
                                <th scope="col">{t_string!(i18n, kennzahlen.col_note)}</th>
                            </tr></thead>
                            <tbody>
                                {points.into_iter().map(|p| view! {
                                    <tr>
                                        <th scope="row">{period_label(locale, p.period)}</th>
                                        <td>{indicator_value(locale, unit, PublicValue::Value(p.value))}</td>
                                        <td lang=german_only(locale)>{p.source_reference}</td>
                                        <td lang=german_only(locale)>{p.note}</td>
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

/// The dry run: each line's result, and the button that saves exactly that.
#[component]
fn DryRun(check: ValuesCheck, entered: EnteredValues, id: i64, unit: Unit) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let slug = use_plan_slug();
    let problems = check.count(CheckedValue::is_problem);
    let saving = check.count(CheckedValue::is_saved);
    let unchanged = check.count(|c| c.outcome == ValueOutcome::Unchanged);
    let value_text = move |v: f64| indicator_value(locale, unit, PublicValue::Value(v));
    let rows = check
        .lines
        .iter()
        .map(|line| {
            let period = line
                .period
                .map(|p| period_label(locale, p))
                .unwrap_or_default();
            let value = line.value.map(value_text).unwrap_or_default();
            let (class, result) = match &line.outcome {
                ValueOutcome::New => (
                    "dry-run--new",
                    t_string!(i18n, kennzahlen.outcome_new).to_string(),
                ),
                ValueOutcome::Changed { old_value, .. } => (
                    "dry-run--changed",
                    t_string!(
                        i18n,
                        kennzahlen.outcome_changed,
                        old = value_text(*old_value)
                    )
                    .to_string(),
                ),
                ValueOutcome::Unchanged => (
                    "dry-run--same",
                    t_string!(i18n, kennzahlen.outcome_unchanged).to_string(),
                ),
                ValueOutcome::Problem { field, problem } => (
                    "dry-run--problem",
                    format!(
                        "{}: {}",
                        field_name(locale, *field),
                        problem.message(locale)
                    ),
                ),
            };
            view! {
                <tr class=class>
                    <th scope="row">{line.line}</th>
                    <td>{period}</td>
                    <td>{value}</td>
                    <td>{result}</td>
                </tr>
            }
        })
        .collect_view();
    let apply = if problems > 0 {
        view! { <p>{t_string!(i18n, kennzahlen.edit_fix_first)}</p> }.into_any()
    } else if saving == 0 {
        view! { <p>{t_string!(i18n, kennzahlen.edit_nothing)}</p> }.into_any()
    } else {
        let hidden = |name: &'static str, value: Option<String>| {
            value.map(|value| view! { <input type="hidden" name=name value=value/> })
        };
        view! {
            <form method="post" action=ApplyIndicatorValues::PATH>
                <input type="hidden" name="plan" value=slug/>
                <input type="hidden" name="id" value=id.to_string()/>
                {hidden("csv", entered.csv.clone())}
                {hidden("period", entered.period.clone())}
                {hidden("value", entered.value.clone())}
                {hidden("source", entered.source.clone())}
                {hidden("note", entered.note.clone())}
                <input type="hidden" name="fingerprint" value=check.fingerprint.clone()/>
                <button type="submit" class="button">
                    {t_string!(i18n, kennzahlen.edit_apply, count = saving).to_string()}
                </button>
            </form>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="pruefung" class="dry-run">
            <h2 id="pruefung" tabindex="-1">{t_string!(i18n, kennzahlen.edit_dry_run)}</h2>
            <p>{t_string!(i18n, kennzahlen.edit_dry_run_counts, saving, unchanged, problems).to_string()}</p>
            <div class="table-wrap">
                <table class="data-table">
                    <caption>{t_string!(i18n, kennzahlen.edit_dry_run_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{t_string!(i18n, kennzahlen.edit_line)}</th>
                        <th scope="col">{t_string!(i18n, kennzahlen.col_period)}</th>
                        <th scope="col">{t_string!(i18n, kennzahlen.col_value)}</th>
                        <th scope="col">{t_string!(i18n, kennzahlen.edit_result)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {apply}
        </section>
    }
}
