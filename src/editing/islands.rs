//! The editing forms that answer in place: Leptos islands beside the pages that use them
//! (`pages.rs`). Everything else on an editing page is rendered on the server only.
//!
//! Each island is the whole form: with JavaScript it posts in the background and shows
//! a refusal (errors beside the fields, the conflict view) without reloading; a save
//! that succeeds answers with a redirect, which the browser follows to the page with its
//! notice. Without JavaScript the same form posts as plain HTML and the page comes back
//! with the same errors: the page hands what the last post of this form returned to the
//! island as `outcome` (the browser has no other way to know it). The forms post through
//! `ui::island::IslandForm`.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::api::{CreateMilestone, PostStatusUpdate, SaveMilestone, SavePackageTexts};
use crate::domain::voices::Voice;
use crate::error::FieldMap;
use crate::language::i18n::td_string;
use crate::language::{page_locale, Locale};
use crate::ui::content::german_only;
use crate::ui::form::{
    ConflictNotice, DateField, ErrorSummary, FormState, SelectField, TextArea, TextField,
};
use crate::ui::format::{assessment_options, delay_category_options, work_status_options};
use crate::ui::island::{IslandForm, IslandFrame, Outcome};

/// `/{plan}/bearbeiten/meilensteine/{id}`: the milestone's fields, with the conflict view.
#[island]
pub fn MilestoneSaveForm(
    locale: Locale,
    id: i64,
    version: i64,
    loaded: FieldMap,
    outcome: Outcome,
    voice: Voice,
    organisation: String,
) -> impl IntoView {
    view! { <IslandFrame locale><MilestoneSave id version loaded outcome voice organisation/></IslandFrame> }
}

#[component]
fn MilestoneSave(
    id: i64,
    version: i64,
    loaded: FieldMap,
    outcome: Outcome,
    voice: Voice,
    organisation: String,
) -> impl IntoView {
    let outcome = RwSignal::new(outcome);
    let locale = page_locale();
    move || {
        let state = FormState::new(loaded.clone(), outcome.get().as_ref());
        let form_version = state.version(version);
        let organisation = organisation.clone();
        view! {
            {state.conflict.clone().map(|conflict| view! { <ConflictNotice conflict labels=milestone_labels(locale)/> })}
            <ErrorSummary state=state.clone() labels=milestone_labels(locale)/>
            <IslandForm action=SaveMilestone::PATH outcome class="form">
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="version" value=form_version.to_string()/>
                <MilestoneFields state=state.clone() with_move_reason=true/>
                {match voice {
                    Voice::WorkingGroup => view! { <AssessmentFields state organisation=organisation.clone()/> }.into_any(),
                    Voice::Administration => view! {
                        <p class="notice notice--info" id="stellungnahme-hinweis">
                            {td_string!(locale, bearbeiten.statement_confirms, organisation = organisation.clone()).to_string()}
                        </p>
                    }.into_any(),
                }}
                <button type="submit" class="button">{td_string!(locale, bearbeiten.save)}</button>
            </IslandForm>
        }
    }
}

/// The working group's assessment of the administration's statement: a fieldset of the
/// milestone form for the accounts that speak for the working group.
#[component]
fn AssessmentFields(state: FormState, organisation: String) -> impl IntoView {
    let locale = page_locale();
    let (german, _) = text_langs(locale);
    view! {
        <fieldset class="fieldset" id="einschaetzung">
            <legend>{td_string!(locale, bearbeiten.assessment_legend)}</legend>
            <p class="field__hint">{td_string!(locale, bearbeiten.assessment_hint, organisation = organisation).to_string()}</p>
            // Says the form carries the assessment (else a save keeps the stored one).
            <input type="hidden" name="einschaetzung" value="true"/>
            <SelectField name="assessment" label=td_string!(locale, bearbeiten.field_assessment) value=state.value("assessment") options=assessment_options(locale) error=state.error("assessment")/>
            <TextArea name="assessment_reason" label=td_string!(locale, bearbeiten.field_assessment_reason) rows=3 lang=german value=state.value("assessment_reason") error=state.error("assessment_reason")/>
            <TextArea name="assessment_evidence" label=td_string!(locale, bearbeiten.field_assessment_evidence) rows=2 value=state.value("assessment_evidence") error=state.error("assessment_evidence") hint=Some(td_string!(locale, bearbeiten.evidence_hint))/>
        </fieldset>
    }
}

/// `/{plan}/bearbeiten/pakete/{nr}/meilensteine/neu`.
#[island]
pub fn NewMilestoneForm(
    locale: Locale,
    plan: String,
    package: u32,
    with_demanded: bool,
    outcome: Outcome,
) -> impl IntoView {
    view! { <IslandFrame locale><NewMilestone plan package with_demanded outcome/></IslandFrame> }
}

#[component]
fn NewMilestone(
    plan: String,
    package: u32,
    with_demanded: bool,
    outcome: Outcome,
) -> impl IntoView {
    let outcome = RwSignal::new(outcome);
    let locale = page_locale();
    let loaded = FieldMap::from([("status".to_owned(), "offen".to_owned())]);
    let plan = StoredValue::new(plan);
    move || {
        let state = FormState::new(loaded.clone(), outcome.get().as_ref());
        view! {
            <ErrorSummary state=state.clone() labels=milestone_labels(locale)/>
            <IslandForm action=CreateMilestone::PATH outcome class="form">
                <input type="hidden" name="plan" value=plan.get_value()/>
                <input type="hidden" name="package" value=package.to_string()/>
                <MilestoneFields state with_demanded/>
                <button type="submit" class="button">{td_string!(locale, bearbeiten.create_submit)}</button>
            </IslandForm>
        }
    }
}

/// `/{plan}/bearbeiten/pakete/{nr}`: a new status update; `today` is the date field's default.
#[island]
pub fn StatusUpdateForm(
    locale: Locale,
    plan: String,
    package: u32,
    today: String,
    outcome: Outcome,
) -> impl IntoView {
    view! { <IslandFrame locale><StatusUpdate plan package today outcome/></IslandFrame> }
}

#[component]
fn StatusUpdate(plan: String, package: u32, today: String, outcome: Outcome) -> impl IntoView {
    let outcome = RwSignal::new(outcome);
    let locale = page_locale();
    let loaded = FieldMap::from([("occurred_on".to_owned(), today)]);
    let plan = StoredValue::new(plan);
    move || {
        let state = FormState::new(loaded.clone(), outcome.get().as_ref());
        view! {
            <ErrorSummary state=state.clone() labels=status_update_labels(locale)/>
            <IslandForm action=PostStatusUpdate::PATH outcome class="form">
                <input type="hidden" name="plan" value=plan.get_value()/>
                <input type="hidden" name="package" value=package.to_string()/>
                <DateField name="occurred_on" label=td_string!(locale, bearbeiten.update_date) value=state.value("occurred_on") error=state.error("occurred_on")/>
                <TextArea name="body" label=td_string!(locale, bearbeiten.update_body) value=state.value("body") error=state.error("body") required=true/>
                <TextField name="link" label=td_string!(locale, bearbeiten.update_link) kind="url" value=state.value("link") error=state.error("link") hint=Some(td_string!(locale, bearbeiten.update_link_hint))/>
                <button type="submit" class="button">{td_string!(locale, bearbeiten.update_submit)}</button>
            </IslandForm>
        }
    }
}

/// `/{plan}/bearbeiten/pakete/{nr}`: the package's texts, with the conflict view.
#[island]
pub fn PackageTextsForm(
    locale: Locale,
    plan: String,
    package: u32,
    version: i64,
    loaded: FieldMap,
    outcome: Outcome,
) -> impl IntoView {
    view! { <IslandFrame locale><PackageTexts plan package version loaded outcome/></IslandFrame> }
}

#[component]
fn PackageTexts(
    plan: String,
    package: u32,
    version: i64,
    loaded: FieldMap,
    outcome: Outcome,
) -> impl IntoView {
    let outcome = RwSignal::new(outcome);
    let locale = page_locale();
    let (german, english) = text_langs(locale);
    let plan = StoredValue::new(plan);
    move || {
        let state = FormState::new(loaded.clone(), outcome.get().as_ref());
        let form_version = state.version(version);
        view! {
            {state.conflict.clone().map(|conflict| view! { <ConflictNotice conflict labels=package_labels(locale)/> })}
            <ErrorSummary state=state.clone() labels=package_labels(locale)/>
            <IslandForm action=SavePackageTexts::PATH outcome class="form">
                <input type="hidden" name="plan" value=plan.get_value()/>
                <input type="hidden" name="package" value=package.to_string()/>
                <input type="hidden" name="version" value=form_version.to_string()/>
                // The texts are German, whatever the page's language.
                <TextField name="title" label=td_string!(locale, bearbeiten.field_title) lang=german value=state.value("title") error=state.error("title") required=true/>
                <TextArea name="summary" label=td_string!(locale, bearbeiten.field_summary) lang=german value=state.value("summary") error=state.error("summary")/>
                <TextArea name="goal" label=td_string!(locale, bearbeiten.field_goal) rows=2 lang=german value=state.value("goal") error=state.error("goal")/>
                <TextField name="responsible_unit" label=td_string!(locale, bearbeiten.field_responsible) lang=german value=state.value("responsible_unit") error=state.error("responsible_unit")/>
                <TextArea name="source_reference" label=td_string!(locale, bearbeiten.field_source) rows=2 lang=german value=state.value("source_reference") error=state.error("source_reference")/>
                <fieldset class="fieldset">
                    <legend>{td_string!(locale, bearbeiten.english_legend)}</legend>
                    <input type="hidden" name="englisch" value="true"/>
                    <p class="field__hint">{td_string!(locale, bearbeiten.english_hint)}</p>
                    <TextField name="title_en" label=td_string!(locale, bearbeiten.field_title_en) lang=english value=state.value("title_en") error=state.error("title_en")/>
                    <TextArea name="summary_en" label=td_string!(locale, bearbeiten.field_summary_en) lang=english value=state.value("summary_en") error=state.error("summary_en")/>
                    <TextArea name="goal_en" label=td_string!(locale, bearbeiten.field_goal_en) rows=2 lang=english value=state.value("goal_en") error=state.error("goal_en")/>
                </fieldset>
                <button type="submit" class="button">{td_string!(locale, bearbeiten.texts_submit)}</button>
            </IslandForm>
        }
    }
}

/// The `lang` of the content fields (German) and of their English versions, where it
/// differs from the page's language.
fn text_langs(locale: Locale) -> (Option<&'static str>, Option<&'static str>) {
    (german_only(locale), (locale == Locale::de).then_some("en"))
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

pub(super) fn milestone_labels(locale: Locale) -> Vec<(&'static str, &'static str)> {
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
        (
            "forecast_category",
            td_string!(locale, bearbeiten.field_forecast_category),
        ),
        (
            "forecast_reason",
            td_string!(locale, bearbeiten.field_forecast_reason),
        ),
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
        (
            "assessment",
            td_string!(locale, bearbeiten.field_assessment),
        ),
        (
            "assessment_reason",
            td_string!(locale, bearbeiten.field_assessment_reason),
        ),
        (
            "assessment_evidence",
            td_string!(locale, bearbeiten.field_assessment_evidence),
        ),
    ]
}

/// The fields of a milestone form (new and edit alike).
#[component]
fn MilestoneFields(
    state: FormState,
    #[prop(optional)] with_demanded: bool,
    // An existing milestone: a later forecast needs its reason.
    #[prop(optional)] with_move_reason: bool,
) -> impl IntoView {
    let locale = page_locale();
    let (german, english) = text_langs(locale);
    view! {
        <TextField name="title" label=td_string!(locale, bearbeiten.field_title) lang=german value=state.value("title") error=state.error("title") required=true hint=Some(td_string!(locale, bearbeiten.title_hint))/>
        // Says the form carries the English fields (else a save keeps the stored ones).
        <input type="hidden" name="englisch" value="true"/>
        <TextField name="title_en" label=td_string!(locale, bearbeiten.field_title_en_optional) lang=english value=state.value("title_en") error=state.error("title_en") hint=Some(td_string!(locale, bearbeiten.title_en_hint))/>
        <TextArea name="description" label=td_string!(locale, bearbeiten.field_description) rows=3 lang=german value=state.value("description") error=state.error("description")/>
        <SelectField name="status" label=td_string!(locale, bearbeiten.field_status) value=state.value("status") options=work_status_options(locale) error=state.error("status")/>
        {with_demanded.then(|| view! {
            <DateField name="demanded" label=td_string!(locale, bearbeiten.field_demanded_long) value=state.value("demanded") error=state.error("demanded")/>
        })}
        <DateField name="forecast" label=td_string!(locale, bearbeiten.field_forecast_long) value=state.value("forecast") error=state.error("forecast")/>
        {with_move_reason.then(|| view! {
            <fieldset class="fieldset">
                <legend>{td_string!(locale, bearbeiten.forecast_move_legend)}</legend>
                <p class="field__hint">{td_string!(locale, bearbeiten.forecast_move_hint)}</p>
                <SelectField name="forecast_category" label=td_string!(locale, bearbeiten.field_forecast_category) value=state.value("forecast_category") options=delay_category_options(locale) error=state.error("forecast_category")/>
                <TextArea name="forecast_reason" label=td_string!(locale, bearbeiten.field_forecast_reason) rows=2 lang=german value=state.value("forecast_reason") error=state.error("forecast_reason")/>
            </fieldset>
        })}
        <DateField name="completed" label=td_string!(locale, bearbeiten.field_completed) value=state.value("completed") error=state.error("completed") hint=Some(td_string!(locale, bearbeiten.completed_hint))/>
        <TextArea name="public_note" label=td_string!(locale, bearbeiten.field_public_note) rows=3 lang=german value=state.value("public_note") error=state.error("public_note") hint=Some(td_string!(locale, bearbeiten.public_note_hint))/>
        <TextArea name="internal_note" label=td_string!(locale, bearbeiten.field_internal_note) rows=3 lang=german value=state.value("internal_note") error=state.error("internal_note") hint=Some(td_string!(locale, bearbeiten.internal_note_hint))/>
        <TextArea name="evidence" label=td_string!(locale, bearbeiten.field_evidence_long) rows=3 value=state.value("evidence") error=state.error("evidence") hint=Some(td_string!(locale, bearbeiten.evidence_hint))/>
    }
    .into_any()
}
