//! A package's milestones as a table: on its page and, for a small plan, on `/zeitplan`.

use leptos::prelude::*;

use super::model::JudgedMilestone;
use crate::domain::schedule::ScheduleStatus;
use crate::language::i18n::t_string;
use crate::language::use_i18n;
use crate::ui::content::{german_only, German, Localized};
use crate::ui::format::{link_host, postponement_summary, punctuality_text, DateText};
use crate::ui::status::StatusBadge;
use crate::ui::voices::VoicesBlock;

#[component]
pub fn MilestoneTable(
    number: u32,
    today: chrono::NaiveDate,
    milestones: Vec<JudgedMilestone>,
    /// What the plan calls its packages.
    #[prop(optional)]
    words: crate::domain::words::LevelWords,
) -> impl IntoView {
    let i18n = use_i18n();
    let package = words.numbered_in_sentence(i18n.get_locale_untracked(), number);
    if milestones.is_empty() {
        return view! { <p>{t_string!(i18n, paket.no_milestones)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data-table milestones">
                <caption>
                    {t_string!(i18n, paket.caption, package = package.clone()).to_string()} " "
                    <DateText date=Some(today)/>
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, paket.col_milestone)}</th>
                        <th scope="col">{t_string!(i18n, paket.col_demanded)}</th>
                        <th scope="col">{t_string!(i18n, paket.col_forecast)}</th>
                        <th scope="col">{t_string!(i18n, paket.col_completed)}</th>
                        <th scope="col">{t_string!(i18n, paket.col_status)}</th>
                    </tr>
                </thead>
                <tbody>
                    {milestones.into_iter().map(|judged| view! { <MilestoneRow judged/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn MilestoneRow(judged: JudgedMilestone) -> impl IntoView {
    let JudgedMilestone {
        milestone,
        status,
        punctuality,
        postponements,
    } = judged;

    let row_class = (status == ScheduleStatus::Dropped).then_some("is-dropped");
    let schedule = milestone.schedule;
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // "3× verschoben, zusammen +147 Tage", linking to the moves further down the page.
    let moves = postponement_summary(locale, &postponements);
    let moves_href = format!("#prognose-{}", milestone.id);
    view! {
        <tr class=row_class>
            <th scope="row">
                <span class="milestone__title"><Localized german=milestone.title english=milestone.title_en/></span>
                {(!milestone.description.is_empty()).then(|| view! {
                    <span class="milestone__text" lang=german_only(locale)>{milestone.description}</span>
                })}
                {(!milestone.public_note.is_empty()).then(|| view! {
                    <span class="milestone__note">{t_string!(i18n, paket.note)} " " <German text=milestone.public_note/></span>
                })}
                {(!milestone.evidence_links.is_empty()).then(|| view! {
                    <span class="milestone__evidence">
                        {t_string!(i18n, paket.evidence)} " "
                        {milestone.evidence_links.into_iter().enumerate().map(|(i, link)| view! {
                            {(i > 0).then_some(", ")}
                            <a href=link.clone() rel="nofollow noopener">{link_host(&link)}</a>
                        }).collect_view()}
                    </span>
                })}
                {milestone.internal_note.filter(|n| !n.is_empty()).map(|note| view! {
                    <span class="milestone__internal">{t_string!(i18n, paket.internal_note)} " " <German text=note/></span>
                })}
                <VoicesBlock voices=milestone.voices/>
            </th>
            <td class="nowrap" data-label=t_string!(i18n, paket.col_demanded)><DateText date=schedule.demanded/></td>
            <td data-label=t_string!(i18n, paket.col_forecast)>
                <span class="nowrap"><DateText date=schedule.forecast/></span>
                {moves.map(|text| view! { <a class="milestone__moves" href=moves_href>{text}</a> })}
            </td>
            <td class="nowrap" data-label=t_string!(i18n, paket.col_completed)><DateText date=schedule.completed/></td>
            <td data-label=t_string!(i18n, paket.col_status)>
                <StatusBadge status/>
                {punctuality.map(|p| view! { <span class="milestone__punctuality">{punctuality_text(locale, p)}</span> })}
            </td>
        </tr>
    }
    .into_any()
}
