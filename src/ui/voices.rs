//! The two voices of a milestone as every page shows them: who confirmed the
//! administration's statement, and the working group's assessment of it – in words, with
//! a marker whose shape (not colour) tells the assessments apart.

use leptos::prelude::*;

use super::content::German;
use super::format::{assessment_label, format_date, link_host};
use crate::domain::voices::{Assessment, Voices};
use crate::language::i18n::td_string;
use crate::language::use_i18n;

/// The working group's assessment: its marker and its words.
#[component]
pub fn AssessmentBadge(assessment: Assessment) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <span class=format!("assessment assessment--{}", assessment.code())>
            <span class="assessment__symbol" aria-hidden="true">{assessment.symbol()}</span>
            {assessment_label(locale, Some(assessment))}
        </span>
    }
}

/// Both voices of a milestone, side by side where they differ: the administration's
/// (the statement's confirmation; its values are the milestone's status, dates and note)
/// and the working group's (assessment, reason, evidence, when checked, by whom).
#[component]
pub fn VoicesBlock(voices: Voices) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let differs = voices.difference().is_some();
    let older = voices.assessment_older();
    let confirmation = match voices.statement.on {
        Some(on) => td_string!(
            locale,
            status.statement_confirmed,
            organisation = voices.statement.organisation.clone(),
            date = format_date(locale, on)
        )
        .to_string(),
        None => td_string!(locale, status.statement_unconfirmed).to_string(),
    };
    let view_part = voices.view.assessment.map(|assessment| {
        let checked = voices.view.checked_on.map(|on| {
            td_string!(
                locale,
                status.assessment_checked,
                organisation = voices.view.organisation.clone(),
                date = format_date(locale, on)
            )
            .to_string()
        });
        let reason = voices.view.reason.clone();
        let evidence = voices.view.evidence.clone();
        view! {
            <div class="voice voice--group">
                <span class="voice__who">{td_string!(locale, status.voice_working_group)}</span>
                <AssessmentBadge assessment/>
                {(!reason.is_empty()).then(|| view! { <span class="voice__reason"><German text=reason/></span> })}
                {(!evidence.is_empty()).then(|| view! {
                    <span class="voice__evidence">
                        {td_string!(locale, status.assessment_evidence)} " "
                        {evidence.into_iter().enumerate().map(|(i, link)| view! {
                            {(i > 0).then_some(", ")}
                            <a href=link.clone() rel="nofollow noopener">{link_host(&link)}</a>
                        }).collect_view()}
                    </span>
                })}
                {checked.map(|text| view! { <span class="voice__when">{text}</span> })}
                {older.then(|| view! { <span class="voice__older">{td_string!(locale, status.assessment_older)}</span> })}
            </div>
        }
    });
    view! {
        <div class=if differs { "voices voices--differ" } else { "voices" }>
            <div class="voice voice--administration">
                <span class="voice__who">{td_string!(locale, status.voice_administration)}</span>
                <span class="voice__when">{confirmation}</span>
            </div>
            {view_part}
        </div>
    }
}
