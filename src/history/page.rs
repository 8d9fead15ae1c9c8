//! `/aenderungen` and the history lists on package pages: who changed what, when.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::get_changes;
use super::model::{ChangeEvent, EntityKind, FieldChange, ForecastMove, Rebaselining};
use super::redaction::is_redactable;
use super::redaction::redaction_path;
use crate::domain::access::Role;
use crate::domain::dates::parse_date;
use crate::domain::indicators::{Direction, Unit};
use crate::domain::postponement::summarize;
use crate::domain::voices::Assessment;
use crate::domain::words::LevelWords;
use crate::language::i18n::{t_string, td_string};
use crate::language::{use_i18n, Locale};
use crate::plan::model::{plan_href, use_plan_slug};
use crate::ui::content::german_only;
use crate::ui::errors::ErrorPage;
use crate::ui::form::SuccessNotice;
use crate::ui::format::{
    assessment_label, decimal, delay_category_label, direction_label, format_date, period_label,
    postponement_summary, signed_days, unit_label, work_status_label_for_code,
};

/// Field keys in words.
pub fn field_label(locale: Locale, field: &str) -> String {
    use crate::indicators::model::fields::{self, Part};
    match fields::parse(field) {
        Some(Part::Point(period, part)) => {
            let period = period_label(locale, period);
            return match part {
                "value" => td_string!(locale, aenderungen.field_point_value, period),
                "source_reference" => td_string!(locale, aenderungen.field_point_source, period),
                _ => td_string!(locale, aenderungen.field_point_note, period),
            }
            .to_string();
        }
        Some(Part::Intermediate(due)) => {
            let date = format_date(locale, due);
            return td_string!(locale, aenderungen.field_intermediate, date).to_string();
        }
        _ => {}
    }
    fixed_field_label(locale, field).to_owned()
}

fn fixed_field_label(locale: Locale, field: &str) -> &str {
    match field {
        "target_value" => td_string!(locale, aenderungen.field_target_value),
        "target_on" => td_string!(locale, aenderungen.field_target_on),
        "unit" => td_string!(locale, aenderungen.field_unit),
        "direction" => td_string!(locale, aenderungen.field_direction),
        "method" => td_string!(locale, aenderungen.field_method),
        "source" => td_string!(locale, aenderungen.field_source),
        "small_count" => td_string!(locale, aenderungen.field_small_count),
        "package" => td_string!(locale, aenderungen.field_package),
        "title" => td_string!(locale, aenderungen.field_title),
        "title_en" => td_string!(locale, aenderungen.field_title_en),
        "summary_en" => td_string!(locale, aenderungen.field_summary_en),
        "goal_en" => td_string!(locale, aenderungen.field_goal_en),
        "description_en" => td_string!(locale, aenderungen.field_description_en),
        "description" => td_string!(locale, aenderungen.field_description),
        "status" => td_string!(locale, aenderungen.field_status),
        "demanded_on" => td_string!(locale, aenderungen.field_demanded_on),
        "forecast_on" => td_string!(locale, aenderungen.field_forecast_on),
        "completed_on" => td_string!(locale, aenderungen.field_completed_on),
        "public_note" => td_string!(locale, aenderungen.field_public_note),
        "internal_note" => td_string!(locale, aenderungen.field_internal_note),
        "evidence_links" => td_string!(locale, aenderungen.field_evidence_links),
        "sort_order" => td_string!(locale, aenderungen.field_sort_order),
        "summary" => td_string!(locale, aenderungen.field_summary),
        "goal" => td_string!(locale, aenderungen.field_goal),
        "responsible_unit" => td_string!(locale, aenderungen.field_responsible_unit),
        "source_reference" => td_string!(locale, aenderungen.field_source_reference),
        "owner" => td_string!(locale, aenderungen.field_owner),
        "adopted_on" => td_string!(locale, aenderungen.field_adopted_on),
        "is_example" => td_string!(locale, aenderungen.field_is_example),
        "archived" => td_string!(locale, aenderungen.field_archived),
        "level_one" => td_string!(locale, aenderungen.field_level_one),
        "level_many" => td_string!(locale, aenderungen.field_level_many),
        "level_one_en" => td_string!(locale, aenderungen.field_level_one_en),
        "level_many_en" => td_string!(locale, aenderungen.field_level_many_en),
        "occurred_on" => td_string!(locale, aenderungen.field_occurred_on),
        "body" => td_string!(locale, aenderungen.field_body),
        "link" => td_string!(locale, aenderungen.field_link),
        "display_name" => td_string!(locale, aenderungen.field_display_name),
        "organisation" => td_string!(locale, aenderungen.field_organisation),
        "role" => td_string!(locale, aenderungen.field_role),
        "plan_role" => td_string!(locale, aenderungen.field_plan_role),
        "email" => td_string!(locale, aenderungen.field_email),
        "disabled" => td_string!(locale, aenderungen.field_disabled),
        "password" => td_string!(locale, aenderungen.field_password),
        "redaction" => td_string!(locale, aenderungen.field_redaction),
        "statement_confirmed_on" => td_string!(locale, aenderungen.field_statement_confirmed_on),
        "statement_organisation" => td_string!(locale, aenderungen.field_statement_organisation),
        "assessment" => td_string!(locale, aenderungen.field_assessment),
        "assessment_reason" => td_string!(locale, aenderungen.field_assessment_reason),
        "assessment_evidence" => td_string!(locale, aenderungen.field_assessment_evidence),
        "assessment_checked_on" => td_string!(locale, aenderungen.field_assessment_checked_on),
        "assessment_organisation" => {
            td_string!(locale, aenderungen.field_assessment_organisation)
        }
        other => other,
    }
}

pub fn role_label(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Admin => td_string!(locale, aenderungen.role_admin),
        Role::Member => td_string!(locale, aenderungen.role_member),
        Role::Administration => td_string!(locale, aenderungen.role_administration),
    }
}

/// Whether a field's values are content the working group wrote (German), rather than
/// dates, codes and flags that read in the page's language.
pub fn is_content(field: &str) -> bool {
    !matches!(
        field,
        "status"
            | "role"
            | "plan_role"
            | "is_example"
            | "archived"
            | "disabled"
            | "sort_order"
            | "redaction"
            | "assessment"
    ) && !field.ends_with("_on")
        && !field.ends_with("_en")
}

/// A stored value in words: dates in the page's language, codes as labels.
pub fn value_text(locale: Locale, field: &str, value: Option<&str>) -> String {
    let Some(value) = value else {
        return "–".to_owned();
    };
    match field {
        "status" => work_status_label_for_code(locale, value),
        "unit" => Unit::parse(value)
            .map_or_else(|| value.to_owned(), |u| unit_label(locale, u).to_owned()),
        "direction" => Direction::parse(value).map_or_else(
            || value.to_owned(),
            |d| direction_label(locale, d).to_owned(),
        ),
        "assessment" => Assessment::parse(value).map_or_else(
            || value.to_owned(),
            |a| assessment_label(locale, Some(a)).to_owned(),
        ),
        // A redaction names the field whose text it removed.
        "redaction" => field_label(locale, value),
        "role" | "plan_role" => Role::parse(value)
            .map_or_else(|| value.to_owned(), |r| role_label(locale, r).to_owned()),
        "is_example" | "archived" | "disabled" => if value == "true" {
            td_string!(locale, aenderungen.yes)
        } else {
            td_string!(locale, aenderungen.no)
        }
        .to_owned(),
        // An indicator's figures (`target_value`, `target:…`, `point:…:value`).
        f if f == "target_value" || f.starts_with("target:") || f.ends_with(":value") => value
            .parse::<f64>()
            .map_or_else(|_| value.to_owned(), |v| decimal(locale, v)),
        f if f.ends_with("_on") => parse_date(value)
            .map(|date| format_date(locale, date))
            .unwrap_or_else(|_| value.to_owned()),
        _ => value.to_owned(),
    }
}

/// Stands in for the title while the heading's words are put together.
const TITLE_MARK: &str = "\u{1}";

/// A save's heading in three parts: the words before the title, the title (German
/// content), the words after it.
fn heading_parts(
    locale: Locale,
    event: &ChangeEvent,
    words: &LevelWords,
) -> (String, String, String) {
    let number = event.package_number.unwrap_or_default();
    let level = words.one(locale);
    let level_inside = words.one_in_sentence(locale);
    let package = event
        .package_number
        .map(|n| {
            format!(
                " {}",
                td_string!(
                    locale,
                    aenderungen.in_package,
                    level = &level_inside,
                    number = n
                )
            )
        })
        .unwrap_or_default();
    let verb = if event.is_creation() {
        td_string!(locale, aenderungen.created)
    } else {
        td_string!(locale, aenderungen.changed)
    };
    let title = TITLE_MARK;
    let text = match event.entity {
        EntityKind::Milestone => {
            td_string!(locale, aenderungen.heading_milestone, title, package, verb).to_string()
        }
        EntityKind::Package => td_string!(
            locale,
            aenderungen.heading_package,
            level = &level,
            number,
            title,
            verb
        )
        .to_string(),
        EntityKind::StatusUpdate => td_string!(
            locale,
            aenderungen.heading_update,
            level = &level_inside,
            number
        )
        .to_string(),
        EntityKind::Plan => td_string!(locale, aenderungen.heading_plan, title, verb).to_string(),
        EntityKind::Account => {
            td_string!(locale, aenderungen.heading_account, title, verb).to_string()
        }
        EntityKind::Indicator => {
            td_string!(locale, aenderungen.heading_indicator, title, package, verb).to_string()
        }
    };
    match text.split_once(TITLE_MARK) {
        Some((before, after)) => (
            before.to_owned(),
            event.entity_title.clone(),
            after.to_owned(),
        ),
        None => (text, String::new(), String::new()),
    }
}

/// One line for a save: what changed, in which package (named in the plan's `words`).
pub fn event_heading(locale: Locale, event: &ChangeEvent, words: &LevelWords) -> String {
    let (before, title, after) = heading_parts(locale, event, words);
    format!("{before}{title}{after}")
}

/// The events of a history page; `heading_level` 2 or 3 keeps the outline sane.
#[component]
pub fn ChangeList(
    events: Vec<ChangeEvent>,
    #[prop(default = 3)] heading_level: u8,
    /// Offer admins to remove text posted by mistake, beside each removable value.
    #[prop(optional)]
    can_redact: bool,
    /// What the plan calls its packages.
    #[prop(optional)]
    words: LevelWords,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let slug = use_plan_slug();
    // What people wrote is German: marked so on English pages.
    let german = german_only(locale);
    if events.is_empty() {
        return view! { <p>{t_string!(i18n, aenderungen.none)}</p> }.into_any();
    }
    view! {
        <ol class="changes">
            {events.into_iter().map(|event| {
                let (before, entity_title, after) = heading_parts(locale, &event, &words);
                let heading = view! {
                    {before}
                    {(!entity_title.is_empty()).then(|| view! { <span lang=german>{entity_title}</span> })}
                    {after}
                };
                let creation = event.is_creation();
                let who = match &event.actor_name {
                    Some(name) => format!("{name} ({})", event.organisation),
                    None => event.organisation.clone(),
                };
                let href = match (event.entity, event.package_number) {
                    (EntityKind::Account, _) => None,
                    (EntityKind::Indicator, _) => {
                        Some(plan_href(&format!("/kennzahlen/{}", event.entity_id)))
                    }
                    (_, Some(n)) => Some(plan_href(&format!("/pakete/{n}"))),
                    _ => None,
                };
                let title = match href {
                    Some(href) => view! { <a href=href>{heading}</a> }.into_any(),
                    None => view! { <span>{heading}</span> }.into_any(),
                };
                let title = if heading_level == 2 {
                    view! { <h2 class="changes__title">{title}</h2> }.into_any()
                } else {
                    view! { <h3 class="changes__title">{title}</h3> }.into_any()
                };
                let entity = event.entity;
                let changes: Vec<FieldChange> = event
                    .changes
                    .into_iter()
                    .filter(|c| !(creation && c.field == "sort_order"))
                    .collect();
                view! {
                    <li class="changes__event">
                        {title}
                        <p class="changes__meta">
                            <time datetime=event.recorded_at.clone()>{event.when.clone()}</time>
                            " · " <span lang=german>{who}</span>
                        </p>
                        {(!event.comment.is_empty()).then(|| view! {
                            <p class="changes__reason">
                                {t_string!(i18n, aenderungen.reason)} " "
                                {event.reason_category.map(|category| view! {
                                    <span class="forecast-moves__category">{delay_category_label(locale, Some(category))}</span>
                                    " – "
                                })}
                                <span lang=german>{event.comment.clone()}</span>
                            </p>
                        })}
                        <dl class="changes__fields">
                            {changes.into_iter().map(|change| {
                                let label = field_label(locale, &change.field).to_owned();
                                let lang = if is_content(&change.field) { german } else { None };
                                let new = value_text(locale, &change.field, change.new_value.as_deref());
                                let old = change.old_value.as_deref().map(|old| value_text(locale, &change.field, Some(old)));
                                let redact = (can_redact && is_redactable(entity, &change.field)).then(|| {
                                    let what = format!("{label}, {}", event.when);
                                    view! {
                                        " "
                                        <a class="changes__redact" href=redaction_path(&slug, "eintrag", change.entry_id)
                                            aria-label=td_string!(locale, bearbeiten.redact_link_label, what).to_string()>
                                            {td_string!(locale, bearbeiten.redact_link)}
                                        </a>
                                    }
                                });
                                view! {
                                    <div class="changes__field">
                                        <dt>{label}</dt>
                                        <dd>
                                            {old.map(|old| view! { <span class="changes__old" lang=lang>{old}</span>" → " })}
                                            <span class="changes__new" lang=lang>{new}</span>
                                            {redact}
                                        </dd>
                                    </div>
                                }
                            }).collect_view()}
                        </dl>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// Demanded dates that were changed, with reasons: "Soll-Termin geändert von … auf …".
#[component]
pub fn RebaseliningList(items: Vec<Rebaselining>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let german = german_only(locale);
    view! {
        <ul class="rebaselinings">
            {items.into_iter().map(|item| {
                let old = value_text(locale, "demanded_on", item.old_date.as_deref());
                let new = value_text(locale, "demanded_on", item.new_date.as_deref());
                let (from, to) = (
                    t_string!(i18n, aenderungen.rebaselined_from),
                    t_string!(i18n, aenderungen.rebaselined_to),
                );
                view! {
                    <li>
                        <p>
                            <strong lang=german>{item.milestone_title}</strong>
                            {format!(": {from} ")}
                            <span class="changes__old">{old}</span>
                            {format!(" {to} ")}
                            <strong>{new}</strong>
                        </p>
                        <p class="changes__reason">
                            {t_string!(i18n, aenderungen.reason)} " "
                            <span lang=german>{item.reason}</span>
                        </p>
                        <p class="changes__meta">{item.when}" · "<span lang=german>{item.organisation}</span></p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Forecasts that moved, by milestone (in the order the milestones first moved): what
/// they add up to, then each move with its reason. Each milestone's part is the target
/// `#prognose-{id}` of the summary in the milestone table.
#[component]
pub fn ForecastMoveList(items: Vec<ForecastMove>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let german = german_only(locale);
    let mut groups: Vec<(i64, String, Vec<ForecastMove>)> = Vec::new();
    for item in items {
        match groups
            .iter_mut()
            .find(|(id, _, _)| *id == item.milestone_id)
        {
            Some((_, _, moves)) => moves.push(item),
            None => groups.push((item.milestone_id, item.milestone_title.clone(), vec![item])),
        }
    }
    view! {
        <ul class="rebaselinings forecast-moves">
            {groups.into_iter().map(|(id, title, moves)| {
                let summary = postponement_summary(
                    locale,
                    &summarize(moves.iter().map(ForecastMove::dates)),
                );
                view! {
                    <li id=format!("prognose-{id}") tabindex="-1">
                        <p><strong lang=german>{title}</strong>{summary.map(|s| format!(": {s}"))}</p>
                        <ol class="forecast-moves__steps">
                            {moves.into_iter().map(|item| {
                                let days = signed_days(item.dates().days());
                                let (from, to) = (format_date(locale, item.from), format_date(locale, item.to));
                                view! {
                                    <li>
                                        <p>{t_string!(i18n, status.move_from_to, from = from, to = to, days = days).to_string()}</p>
                                        <p class="changes__reason">
                                            {t_string!(i18n, aenderungen.reason)} " "
                                            <span class="forecast-moves__category">{delay_category_label(locale, item.category)}</span>
                                            {(!item.reason.is_empty()).then(|| view! { " – " <span lang=german>{item.reason}</span> })}
                                        </p>
                                        <p class="changes__meta">{item.when}" · "<span lang=german>{item.organisation}</span></p>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// `/aenderungen?seite=N`.
#[component]
pub fn ChangesPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("seite")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| (1..=100_000).contains(p))
            .unwrap_or(1)
    };
    let slug = use_plan_slug();
    let data = Resource::new(
        move || (slug.clone(), page()),
        |(slug, page)| get_changes(slug, page),
    );
    let redacted = move || query.read().get("entfernt").is_some();
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, aenderungen.short_title)/>
        <h1>{t_string!(i18n, aenderungen.title)}</h1>
        {move || redacted().then(|| view! { <SuccessNotice message=t_string!(i18n, aenderungen.redacted).to_owned()/> })}
        <p class="intro">{t_string!(i18n, aenderungen.intro)}</p>
        <Suspense fallback=move || view! { <p>{t_string!(i18n, aenderungen.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(history) => {
                        let current = history.page;
                        view! {
                            <ChangeList events=history.events heading_level=2 can_redact=history.can_redact words=history.words.clone()/>
                            <nav class="pager" aria-label=t_string!(i18n, aenderungen.pager)>
                                {(current > 1).then(|| view! {
                                    <a class="pager__prev" href=plan_href(&format!("/aenderungen?seite={}", current - 1))>{t_string!(i18n, aenderungen.newer)}</a>
                                })}
                                <span class="pager__current">{t_string!(i18n, aenderungen.page, page = current).to_string()}</span>
                                {history.has_next.then(|| view! {
                                    <a class="pager__next" href=plan_href(&format!("/aenderungen?seite={}", current + 1))>{t_string!(i18n, aenderungen.older)}</a>
                                })}
                            </nav>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_words() {
        let german = Locale::de;
        assert_eq!(
            value_text(german, "demanded_on", Some("2026-12-31")),
            "31.12.2026"
        );
        assert_eq!(value_text(german, "status", Some("in_arbeit")), "in Arbeit");
        assert_eq!(
            value_text(german, "role", Some("member")),
            "Mitglied der Arbeitsgruppe"
        );
        assert_eq!(value_text(german, "is_example", Some("true")), "ja");
        assert_eq!(value_text(german, "title", None), "–");
        assert_eq!(field_label(german, "forecast_on"), "Prognose");
    }

    #[test]
    fn values_read_in_english_but_content_stays_as_written() {
        let english = Locale::en;
        assert_eq!(
            value_text(english, "demanded_on", Some("2026-12-31")),
            "31 December 2026"
        );
        assert_eq!(
            value_text(english, "status", Some("in_arbeit")),
            "in progress"
        );
        assert_eq!(value_text(english, "is_example", Some("false")), "no");
        assert_eq!(
            value_text(english, "public_note", Some("Entwurf")),
            "Entwurf"
        );
        assert_eq!(field_label(english, "forecast_on"), "Forecast");
        assert_eq!(field_label(english, "unknown_field"), "unknown_field");
        assert!(is_content("public_note") && is_content("title"));
        assert!(!is_content("status") && !is_content("forecast_on") && !is_content("title_en"));
    }

    #[test]
    fn headings_keep_the_title_apart_for_its_language_mark() {
        let event = ChangeEvent {
            change_set: 1,
            recorded_at: "2026-11-21T13:05:00Z".into(),
            when: String::new(),
            actor_name: None,
            organisation: "AG".into(),
            entity: EntityKind::Milestone,
            entity_id: 7,
            entity_title: "Weisungen veröffentlicht".into(),
            package_number: Some(2),
            comment: String::new(),
            reason_category: None,
            changes: vec![FieldChange {
                entry_id: 1,
                field: "status".into(),
                old_value: Some("offen".into()),
                new_value: Some("erledigt".into()),
            }],
        };
        assert_eq!(
            event_heading(Locale::de, &event, &LevelWords::default()),
            "Meilenstein „Weisungen veröffentlicht“ (Paket 2) geändert"
        );
        assert_eq!(
            heading_parts(Locale::en, &event, &LevelWords::default()),
            (
                "Milestone “".to_owned(),
                "Weisungen veröffentlicht".to_owned(),
                "” (package 2) changed".to_owned()
            )
        );
        let words = LevelWords {
            one: "Teilprojekt".into(),
            many: "Teilprojekte".into(),
            one_en: "Sub-project".into(),
            many_en: "Sub-projects".into(),
        };
        assert_eq!(
            event_heading(Locale::de, &event, &words),
            "Meilenstein „Weisungen veröffentlicht“ (Teilprojekt 2) geändert"
        );
    }
}
