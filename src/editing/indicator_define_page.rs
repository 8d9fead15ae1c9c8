//! The admins' forms for indicators: `/{plan}/bearbeiten/kennzahlen/neu` defines a new
//! one; on `/{plan}/bearbeiten/kennzahlen/{id}` the target form changes its targets with
//! a public reason, and "Angaben ändern" what describes it. Plain forms posting to server functions: they work without
//! JavaScript, and a refused form comes back with its errors beside the fields and
//! everything typed kept.

use leptos::prelude::*;
use leptos_meta::Title;

use super::indicator_api::{
    get_indicator_edit_list, ChangeIndicatorTargets, CreateIndicator, DescribeIndicator,
    IndicatorEditList,
};
use super::indicator_form::{fields, intermediate_text};
use crate::accounts::pages::RequirePermission;
use crate::domain::access::Permission;
use crate::domain::indicators::{Direction, Target, Unit};
use crate::domain::words::LevelWords;
use crate::error::FieldMap;
use crate::indicators::model::IndicatorAbout;
use crate::language::i18n::{t_string, td_string};
use crate::language::{use_i18n, Locale};
use crate::plan::model::{plan_href, use_plan_slug};
use crate::ui::content::localized;
use crate::ui::errors::ErrorPage;
use crate::ui::form::{DateField, ErrorSummary, FormState, SelectField, TextArea, TextField};
use crate::ui::format::{decimal, direction_label, unit_label};

fn labels(locale: Locale) -> Vec<(&'static str, &'static str)> {
    vec![
        (fields::KEY, td_string!(locale, kennzahlen.field_key)),
        (fields::NAME, td_string!(locale, kennzahlen.field_name)),
        (
            fields::NAME_EN,
            td_string!(locale, kennzahlen.field_name_en),
        ),
        (
            fields::PACKAGE,
            td_string!(locale, kennzahlen.field_package),
        ),
        (fields::UNIT, td_string!(locale, kennzahlen.field_unit)),
        (
            fields::DIRECTION,
            td_string!(locale, kennzahlen.field_direction),
        ),
        (
            fields::DESCRIPTION,
            td_string!(locale, kennzahlen.field_description),
        ),
        (fields::METHOD, td_string!(locale, kennzahlen.field_method)),
        (fields::SOURCE, td_string!(locale, kennzahlen.field_source)),
        (
            fields::SMALL_COUNT,
            td_string!(locale, kennzahlen.field_threshold),
        ),
        (
            fields::TARGET_VALUE,
            td_string!(locale, kennzahlen.field_target_value),
        ),
        (
            fields::TARGET_ON,
            td_string!(locale, kennzahlen.field_target_on),
        ),
        (
            fields::INTERMEDIATE,
            td_string!(locale, kennzahlen.field_intermediate),
        ),
        (fields::REASON, td_string!(locale, kennzahlen.field_reason)),
    ]
}

/// `/{plan}/bearbeiten/kennzahlen/neu`.
#[component]
pub fn IndicatorNewPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, kennzahlen.define_title)/>
        <RequirePermission permission=Permission::DefineIndicators>
            <NewIndicator/>
        </RequirePermission>
    }
}

#[component]
fn NewIndicator() -> impl IntoView {
    let slug = use_plan_slug();
    let data = Resource::new(move || slug.clone(), get_indicator_edit_list);
    let outcome = ServerAction::<CreateIndicator>::new();
    let i18n = use_i18n();
    view! {
        <p><a href=plan_href("/bearbeiten/kennzahlen")>{t_string!(i18n, kennzahlen.edit_back)}</a></p>
        <h1>{t_string!(i18n, kennzahlen.define_title)}</h1>
        <p class="intro">{t_string!(i18n, kennzahlen.define_intro)}</p>
        <Suspense fallback=move || view! { <p>{t_string!(i18n, kennzahlen.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <DefinitionForm list outcome/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DefinitionForm(
    list: IndicatorEditList,
    outcome: ServerAction<CreateIndicator>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let slug = use_plan_slug();
    let IndicatorEditList {
        packages, words, ..
    } = list;
    let loaded = FieldMap::from([
        (fields::SMALL_COUNT.to_owned(), "5".to_owned()),
        (fields::UNIT.to_owned(), Unit::Days.code().to_owned()),
        (
            fields::DIRECTION.to_owned(),
            Direction::Lower.code().to_owned(),
        ),
    ]);
    move || {
        let plan = slug.clone();
        let state = FormState::new(loaded.clone(), outcome.value().get().as_ref());
        let package_options = package_options(locale, &words, &packages);
        let units: Vec<(&'static str, &'static str)> = Unit::ALL
            .iter()
            .map(|u| (u.code(), unit_label(locale, *u)))
            .collect();
        let directions: Vec<(&'static str, &'static str)> = [Direction::Lower, Direction::Higher]
            .iter()
            .map(|d| (d.code(), direction_label(locale, *d)))
            .collect();
        view! {
            <ErrorSummary state=state.clone() labels=labels(locale)/>
            <ActionForm action=outcome attr:class="form" attr:novalidate=true>
                <input type="hidden" name="plan" value=plan/>
                <TextField name=fields::KEY label=td_string!(locale, kennzahlen.field_key)
                    value=state.value(fields::KEY) error=state.error(fields::KEY)
                    hint=Some(td_string!(locale, kennzahlen.field_key_hint)) required=true autocomplete=Some("off")/>
                <AboutFields state=state.clone() locale options=package_options/>
                <SelectField name=fields::UNIT label=td_string!(locale, kennzahlen.field_unit)
                    value=state.value(fields::UNIT) options=units error=state.error(fields::UNIT)/>
                <SelectField name=fields::DIRECTION label=td_string!(locale, kennzahlen.field_direction)
                    value=state.value(fields::DIRECTION) options=directions error=state.error(fields::DIRECTION)/>
                <ThresholdField state=state.clone() locale/>
                <TargetFields state=state.clone() locale/>
                <button type="submit" class="button">{t_string!(i18n, kennzahlen.define_submit)}</button>
            </ActionForm>
        }
    }
}

/// "Zum ganzen Plan" and each package of the plan, for the package field.
fn package_options(
    locale: Locale,
    words: &LevelWords,
    packages: &[(u32, String, String)],
) -> Vec<(String, String)> {
    std::iter::once((
        String::new(),
        td_string!(locale, kennzahlen.field_package_none).to_owned(),
    ))
    .chain(packages.iter().map(|(number, title, title_en)| {
        let (title, _) = localized(locale, title, title_en);
        (
            number.to_string(),
            format!("{}: {title}", words.numbered(locale, *number)),
        )
    }))
    .collect()
}

/// The fields that describe an indicator, shared by the new one's form and "Angaben
/// ändern".
#[component]
fn AboutFields(state: FormState, locale: Locale, options: Vec<(String, String)>) -> impl IntoView {
    view! {
        <TextField name=fields::NAME label=td_string!(locale, kennzahlen.field_name)
            value=state.value(fields::NAME) error=state.error(fields::NAME) required=true/>
        <TextField name=fields::NAME_EN label=td_string!(locale, kennzahlen.field_name_en)
            value=state.value(fields::NAME_EN) error=state.error(fields::NAME_EN) lang=Some("en")/>
        <SelectField name=fields::PACKAGE label=td_string!(locale, kennzahlen.field_package)
            value=state.value(fields::PACKAGE) options error=state.error(fields::PACKAGE)/>
        <TextArea name=fields::DESCRIPTION label=td_string!(locale, kennzahlen.field_description)
            value=state.value(fields::DESCRIPTION) error=state.error(fields::DESCRIPTION) rows=3/>
        <TextArea name=fields::METHOD label=td_string!(locale, kennzahlen.field_method)
            value=state.value(fields::METHOD) error=state.error(fields::METHOD) rows=2/>
        <TextField name=fields::SOURCE label=td_string!(locale, kennzahlen.field_source)
            value=state.value(fields::SOURCE) error=state.error(fields::SOURCE)/>
    }
}

#[component]
fn ThresholdField(state: FormState, locale: Locale) -> impl IntoView {
    view! {
        <TextField name=fields::SMALL_COUNT label=td_string!(locale, kennzahlen.field_threshold)
            value=state.value(fields::SMALL_COUNT) error=state.error(fields::SMALL_COUNT)
            hint=Some(td_string!(locale, kennzahlen.field_threshold_hint)) inputmode=Some("numeric")/>
    }
}

/// "Angaben ändern" on an indicator's editing page, for admins: its key, unit and
/// direction stay, because they give the recorded values their meaning.
#[component]
pub fn AboutForm(
    id: i64,
    version: i64,
    unit: Unit,
    about: IndicatorAbout,
    words: LevelWords,
    packages: Vec<(u32, String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let slug = use_plan_slug();
    let outcome = ServerAction::<DescribeIndicator>::new();
    let options = package_options(locale, &words, &packages);
    let small_count = about.small_count.to_string();
    let loaded = FieldMap::from([
        (fields::NAME.to_owned(), about.name),
        (fields::NAME_EN.to_owned(), about.name_en),
        (
            fields::PACKAGE.to_owned(),
            about
                .package_number
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ),
        (fields::DESCRIPTION.to_owned(), about.description),
        (fields::METHOD.to_owned(), about.method),
        (fields::SOURCE.to_owned(), about.source),
        (fields::SMALL_COUNT.to_owned(), small_count.clone()),
    ]);
    view! {
        <section aria-labelledby="angaben-aendern">
            <h2 id="angaben-aendern">{t_string!(i18n, kennzahlen.about_heading)}</h2>
            <p>{t_string!(i18n, kennzahlen.about_intro)}</p>
            {move || {
                let plan = slug.clone();
                let options = options.clone();
                let state = FormState::new(loaded.clone(), outcome.value().get().as_ref());
                // The threshold only hides counts; other units keep theirs unseen.
                let threshold = if unit == Unit::Count {
                    view! { <ThresholdField state=state.clone() locale/> }.into_any()
                } else {
                    view! { <input type="hidden" name=fields::SMALL_COUNT value=small_count.clone()/> }
                        .into_any()
                };
                view! {
                    <ErrorSummary state=state.clone() labels=labels(locale)/>
                    <ActionForm action=outcome attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="plan" value=plan/>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <input type="hidden" name="version" value=version.to_string()/>
                        <AboutFields state=state.clone() locale options/>
                        {threshold}
                        <button type="submit" class="button button--secondary">{t_string!(i18n, kennzahlen.about_submit)}</button>
                    </ActionForm>
                }
            }}
        </section>
    }
}

/// The target's three fields, shared by both forms.
#[component]
fn TargetFields(state: FormState, locale: Locale) -> impl IntoView {
    view! {
        <TextField name=fields::TARGET_VALUE label=td_string!(locale, kennzahlen.field_target_value)
            value=state.value(fields::TARGET_VALUE) error=state.error(fields::TARGET_VALUE)
            hint=Some(td_string!(locale, kennzahlen.edit_value_hint)) required=true inputmode=Some("decimal")/>
        <DateField name=fields::TARGET_ON label=td_string!(locale, kennzahlen.field_target_on)
            value=state.value(fields::TARGET_ON) error=state.error(fields::TARGET_ON)/>
        <TextArea name=fields::INTERMEDIATE label=td_string!(locale, kennzahlen.field_intermediate)
            value=state.value(fields::INTERMEDIATE) error=state.error(fields::INTERMEDIATE)
            hint=Some(td_string!(locale, kennzahlen.field_intermediate_hint)) rows=3/>
    }
}

/// "Ziel ändern" on an indicator's editing page, for admins.
#[component]
pub fn TargetForm(
    id: i64,
    version: i64,
    target: Target,
    intermediate: Vec<Target>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let slug = use_plan_slug();
    let outcome = ServerAction::<ChangeIndicatorTargets>::new();
    let loaded = FieldMap::from([
        (
            fields::TARGET_VALUE.to_owned(),
            decimal(locale, target.value),
        ),
        (
            fields::TARGET_ON.to_owned(),
            target.due.format("%d.%m.%Y").to_string(),
        ),
        (
            fields::INTERMEDIATE.to_owned(),
            intermediate_text(&intermediate),
        ),
    ]);
    view! {
        <section aria-labelledby="ziel-aendern">
            <h2 id="ziel-aendern">{t_string!(i18n, kennzahlen.target_heading)}</h2>
            <p>{t_string!(i18n, kennzahlen.target_intro)}</p>
            {move || {
                let plan = slug.clone();
                let state = FormState::new(loaded.clone(), outcome.value().get().as_ref());
                view! {
                    <ErrorSummary state=state.clone() labels=labels(locale)/>
                    <ActionForm action=outcome attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="plan" value=plan/>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <input type="hidden" name="version" value=version.to_string()/>
                        <TargetFields state=state.clone() locale/>
                        <TextArea name=fields::REASON label=td_string!(locale, kennzahlen.field_reason)
                            value=state.value(fields::REASON) error=state.error(fields::REASON)
                            hint=Some(td_string!(locale, kennzahlen.field_reason_hint)) rows=2 required=true/>
                        <button type="submit" class="button button--secondary">{t_string!(i18n, kennzahlen.target_submit)}</button>
                    </ActionForm>
                }
            }}
        </section>
    }
}
