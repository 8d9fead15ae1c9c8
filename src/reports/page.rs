//! `/berichte`: what each export contains, for whom, and its address, with a form to
//! pick a past "Stand". A plain GET form: works the same with and without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::app::CurrentUserResource;
use crate::domain::access::Permission;
use crate::domain::dates::{format_de, parse_stand};
use crate::ui::form::TextField;

struct Export {
    title: &'static str,
    path: &'static str,
    format: &'static str,
    text: &'static str,
}

const EXPORTS: [Export; 6] = [
    Export {
        title: "Sachstandsbericht",
        path: "/export/sachstandsbericht.pdf",
        format: "PDF, A4",
        text: "Für den Stadtrat: Titelseite mit Stand und Kennzahlen, der Zeitplan als Grafik, \
               eine Tabelle je Maßnahmenpaket mit Soll-Termin, Prognose, Erledigung und Status, \
               die überfälligen Meilensteine und alle geänderten Soll-Termine mit Begründung.",
    },
    Export {
        title: "Meilensteine als Tabelle",
        path: "/export/meilensteine.xlsx",
        format: "Excel/LibreOffice (XLSX)",
        text: "Je ein Tabellenblatt für die Übersicht, die Maßnahmenpakete, die Meilensteine \
               und die Statusmeldungen; Daten als echte Datumszellen, Kopfzeile fixiert, mit Filter.",
    },
    Export {
        title: "Meilensteine als CSV",
        path: "/export/meilensteine.csv",
        format: "CSV, UTF-8, Semikolon",
        text: "Eine Zeile je Meilenstein, Trennzeichen Semikolon, Daten als JJJJ-MM-TT. \
               Öffnet sich in LibreOffice und im deutschen Excel ohne Importeinstellungen.",
    },
    Export {
        title: "Offene Daten",
        path: "/api/v1/plan.json",
        format: "JSON, Schema Version 1",
        text: "Der ganze öffentliche Stand: Plan, Pakete, Meilensteine, Statusmeldungen und \
               geänderte Soll-Termine, mit stabilen ids. Das Schema beschreibt jedes Feld.",
    },
    Export {
        title: "Termine abonnieren",
        path: "/feeds/termine.ics",
        format: "iCalendar",
        text: "Jeder offene Meilenstein als ganztägiger Termin an seinem Soll-Termin, die \
               Prognose in der Beschreibung. Im Kalender abonniert, aktualisieren sich \
               verschobene Termine, statt doppelt zu erscheinen.",
    },
    Export {
        title: "Änderungen abonnieren",
        path: "/feeds/aenderungen.atom",
        format: "Atom-Feed",
        text: "Statusmeldungen und Änderungen an Meilensteinen, neueste zuerst, für \
               Feedreader.",
    },
];

fn with_query(path: &str, stand: Option<&str>, intern: bool) -> String {
    let mut query = Vec::new();
    if let Some(stand) = stand {
        query.push(format!("stand={stand}"));
    }
    if intern {
        query.push("intern=1".to_owned());
    }
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let query = use_query_map();
    // (typed text, valid ISO day, error)
    let stand = move || {
        let typed = query.read().get("stand").unwrap_or_default();
        if typed.trim().is_empty() {
            return (typed, None, None);
        }
        match parse_stand(&typed) {
            Ok(day) => (typed, Some(day), None),
            Err(error) => (typed, None, Some(error)),
        }
    };
    let CurrentUserResource(user) = expect_context::<CurrentUserResource>();
    view! {
        <Title text="Berichte und offene Daten"/>
        <h1>"Berichte und offene Daten"</h1>
        <p class="intro">
            "Alle Angaben dieses Monitors gibt es auch als Dateien: zum Ausdrucken, zum "
            "Weiterrechnen und zum Abonnieren. Jede Datei nennt ihren Stand. Öffentliche Dateien "
            "enthalten nur öffentliche Angaben, nie interne Notizen und nie Namen."
        </p>
        <section aria-labelledby="stand-titel">
            <h2 id="stand-titel">"Stand wählen"</h2>
            <p>
                "Ohne Auswahl zeigen die Dateien den heutigen Stand. Mit einem Tag zeigen sie, "
                "was am Ende dieses Tages öffentlich bekannt war – aus der lückenlosen "
                "Änderungshistorie wiederhergestellt: später angelegte Meilensteine fehlen, "
                "geänderte Termine stehen mit ihrem damaligen Wert."
            </p>
            <form method="get" action="/berichte" class="form form--inline">
                {move || {
                    let (typed, _, error) = stand();
                    view! {
                        <TextField
                            name="stand"
                            label="Stand (Tag)"
                            kind="date"
                            value=typed
                            error=error
                            hint=Some("Als JJJJ-MM-TT, zum Beispiel 2025-12-31.")
                        />
                    }
                }}
                <button type="submit" class="button">"Links für diesen Stand"</button>
            </form>
        </section>
        <section aria-labelledby="dateien-titel">
            <h2 id="dateien-titel">
                {move || match stand().1 {
                    Some(day) => format!("Dateien zum Stand {}", format_de(day)),
                    None => "Dateien zum heutigen Stand".to_owned(),
                }}
            </h2>
            <ul class="export-list">
                {EXPORTS
                    .iter()
                    .map(|export| {
                        let href = move || {
                            let day = stand().1.map(|d| d.format("%Y-%m-%d").to_string());
                            with_query(export.path, day.as_deref(), false)
                        };
                        view! {
                            <li class="export">
                                <h3 class="export__title">
                                    <a href=href rel="external">{export.title}</a>
                                    " "
                                    <span class="export__format">{format!("({})", export.format)}</span>
                                </h3>
                                <p>{export.text}</p>
                                <p class="export__address">
                                    "Adresse: " <code>{href}</code>
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p>
                "Das Schema der offenen Daten: "
                <a href="/api/v1/schema.json" rel="external">"/api/v1/schema.json"</a>
                " (JSON Schema). Version 1 wächst nur um neue, optionale Felder."
            </p>
        </section>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let internal = user
                    .await
                    .ok()
                    .flatten()
                    .is_some_and(|u| u.can(Permission::ExportInternal));
                internal.then(|| view! {
                    <section aria-labelledby="intern-titel">
                        <h2 id="intern-titel">"Interne Fassungen"</h2>
                        <p>
                            "Mit Ihrem Konto können Sie Dateien mit den internen Notizen der "
                            "Arbeitsgruppe abrufen. Jede Seite und jedes Tabellenblatt trägt dann "
                            "den Hinweis „INTERN“. Bitte nicht veröffentlichen."
                        </p>
                        <ul>
                            {EXPORTS[..3]
                                .iter()
                                .map(|export| {
                                    let href = move || {
                                        let day = stand().1.map(|d| d.format("%Y-%m-%d").to_string());
                                        with_query(export.path, day.as_deref(), true)
                                    };
                                    view! {
                                        <li>
                                            <a href=href rel="external">
                                                {format!("{} (intern)", export.title)}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_stand_and_intern() {
        assert_eq!(with_query("/a.pdf", None, false), "/a.pdf");
        assert_eq!(
            with_query("/a.pdf", Some("2025-12-31"), true),
            "/a.pdf?stand=2025-12-31&intern=1"
        );
    }
}
