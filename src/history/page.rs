//! `/aenderungen` and the history lists on package pages: who changed what, when.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::get_changes;
use super::model::{ChangeEvent, EntityKind, FieldChange, Rebaselining};
use crate::domain::access::Role;
use crate::domain::dates::{format_de, parse_date};
use crate::language::{use_i18n, Locale};
use crate::ui::content::german_only;
use crate::ui::errors::ErrorPage;
use crate::ui::format::work_status_label_for_code;

/// Field keys in words.
pub fn field_label(field: &str) -> &str {
    match field {
        "title" => "Titel",
        "title_en" => "Titel (englisch)",
        "summary_en" => "Zusammenfassung (englisch)",
        "goal_en" => "Ziel (englisch)",
        "description_en" => "Beschreibung (englisch)",
        "description" => "Beschreibung",
        "status" => "Status",
        "demanded_on" => "Soll-Termin",
        "forecast_on" => "Prognose",
        "completed_on" => "Erledigt am",
        "public_note" => "Hinweis",
        "internal_note" => "Interne Notiz",
        "evidence_links" => "Nachweise",
        "sort_order" => "Reihenfolge",
        "summary" => "Zusammenfassung",
        "goal" => "Ziel",
        "responsible_unit" => "Zuständig",
        "source_reference" => "Quelle",
        "owner" => "Träger",
        "adopted_on" => "Beschlossen am",
        "is_example" => "Beispieldaten",
        "occurred_on" => "Datum",
        "body" => "Text",
        "link" => "Link",
        "display_name" => "Name",
        "organisation" => "Organisation",
        "role" => "Rolle",
        "email" => "E-Mail-Adresse",
        "disabled" => "Gesperrt",
        "password" => "Passwort",
        other => other,
    }
}

/// A stored value in words: dates German, codes as labels.
pub fn value_text(field: &str, value: Option<&str>) -> String {
    let Some(value) = value else {
        return "–".to_owned();
    };
    match field {
        "status" => work_status_label_for_code(Locale::de, value),
        "role" => Role::parse(value).map_or_else(|| value.to_owned(), |r| r.label().to_owned()),
        "is_example" | "disabled" => if value == "true" { "ja" } else { "nein" }.to_owned(),
        f if f.ends_with("_on") => parse_date(value)
            .map(format_de)
            .unwrap_or_else(|_| value.to_owned()),
        _ => value.to_owned(),
    }
}

/// One line for a save: what changed, in which package.
pub fn event_heading(event: &ChangeEvent) -> String {
    let package = event
        .package_number
        .map(|n| format!(" (Paket {n})"))
        .unwrap_or_default();
    let verb = if event.is_creation() {
        "angelegt"
    } else {
        "geändert"
    };
    match event.entity {
        EntityKind::Milestone => format!("Meilenstein „{}“{package} {verb}", event.entity_title),
        EntityKind::Package => format!(
            "Paket {}: „{}“ {verb}",
            event.package_number.unwrap_or_default(),
            event.entity_title
        ),
        EntityKind::StatusUpdate => format!(
            "Meldung zu Paket {} veröffentlicht",
            event.package_number.unwrap_or_default()
        ),
        EntityKind::Plan => format!("Plan „{}“ {verb}", event.entity_title),
        EntityKind::Account => format!("Konto „{}“ {verb}", event.entity_title),
    }
}

/// The events of a history page; `heading_level` 2 or 3 keeps the outline sane.
#[component]
pub fn ChangeList(
    events: Vec<ChangeEvent>,
    #[prop(default = 3)] heading_level: u8,
) -> impl IntoView {
    // Not translated yet: German, and marked so on English pages.
    let lang = german_only(use_i18n().get_locale_untracked());
    if events.is_empty() {
        return view! { <p lang=lang>"Noch keine Änderungen erfasst."</p> }.into_any();
    }
    view! {
        <ol class="changes" lang=lang>
            {events.into_iter().map(|event| {
                let heading = event_heading(&event);
                let creation = event.is_creation();
                let who = match &event.actor_name {
                    Some(name) => format!("{name} ({})", event.organisation),
                    None => event.organisation.clone(),
                };
                let href = match (event.entity, event.package_number) {
                    (EntityKind::Account, _) => None,
                    (_, Some(n)) => Some(format!("/pakete/{n}")),
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
                            " · " {who}
                        </p>
                        {(!event.comment.is_empty()).then(|| view! {
                            <p class="changes__reason">"Begründung: " {event.comment.clone()}</p>
                        })}
                        <dl class="changes__fields">
                            {changes.into_iter().map(|change| {
                                let label = field_label(&change.field).to_owned();
                                let new = value_text(&change.field, change.new_value.as_deref());
                                let old = change.old_value.as_deref().map(|old| value_text(&change.field, Some(old)));
                                view! {
                                    <div class="changes__field">
                                        <dt>{label}</dt>
                                        <dd>
                                            {old.map(|old| view! { <span class="changes__old">{old}</span>" → " })}
                                            <span class="changes__new">{new}</span>
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
    let lang = german_only(use_i18n().get_locale_untracked());
    view! {
        <ul class="rebaselinings" lang=lang>
            {items.into_iter().map(|item| {
                let old = value_text("demanded_on", item.old_date.as_deref());
                let new = value_text("demanded_on", item.new_date.as_deref());
                view! {
                    <li>
                        <p>
                            <strong>{item.milestone_title}</strong>": Soll-Termin geändert von "
                            <span class="changes__old">{old}</span>" auf "<strong>{new}</strong>
                        </p>
                        <p class="changes__reason">"Begründung: " {item.reason}</p>
                        <p class="changes__meta">{item.when}" · "{item.organisation}</p>
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
    let data = Resource::new(page, get_changes);
    view! {
        <Title text="Änderungen"/>
        <h1>"Alle Änderungen"</h1>
        <p class="intro">
            "Jede Änderung am Umsetzungsstand wird mit Zeitpunkt und Organisation festgehalten und kann "
            "nicht nachträglich verändert oder gelöscht werden. Die neuesten stehen oben."
        </p>
        <Suspense fallback=|| view! { <p>"Änderungen werden geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(history) => {
                        let current = history.page;
                        view! {
                            <ChangeList events=history.events heading_level=2/>
                            <nav class="pager" aria-label="Seiten der Änderungen">
                                {(current > 1).then(|| view! {
                                    <a class="pager__prev" href=format!("/aenderungen?seite={}", current - 1)>"← Neuere Änderungen"</a>
                                })}
                                <span class="pager__current">{format!("Seite {current}")}</span>
                                {history.has_next.then(|| view! {
                                    <a class="pager__next" href=format!("/aenderungen?seite={}", current + 1)>"Ältere Änderungen →"</a>
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
        assert_eq!(value_text("demanded_on", Some("2026-12-31")), "31.12.2026");
        assert_eq!(value_text("status", Some("in_arbeit")), "in Arbeit");
        assert_eq!(
            value_text("role", Some("member")),
            "Mitglied der Arbeitsgruppe"
        );
        assert_eq!(value_text("is_example", Some("true")), "ja");
        assert_eq!(value_text("title", None), "–");
        assert_eq!(field_label("forecast_on"), "Prognose");
    }
}
