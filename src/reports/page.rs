//! `/berichte`: what each export contains, for whom, and its address, with a form to
//! pick a past "Stand". A plain GET form: works the same with and without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::domain::access::Permission;
use crate::domain::dates::parse_stand;
use crate::language::i18n::{t_string, td_string};
use crate::language::{use_i18n, Locale};
use crate::runtime::viewer::CurrentUserResource;
use crate::ui::form::TextField;
use crate::ui::format::format_date;

/// The exports, each with its address. Their files are German (the council's reports).
#[derive(Clone, Copy)]
enum Export {
    Pdf,
    Xlsx,
    Csv,
    IndicatorsCsv,
    Json,
    Ics,
    Atom,
}

const EXPORTS: [Export; 7] = [
    Export::Pdf,
    Export::Xlsx,
    Export::Csv,
    Export::IndicatorsCsv,
    Export::Json,
    Export::Ics,
    Export::Atom,
];

impl Export {
    fn path(self) -> &'static str {
        match self {
            Export::Pdf => "/export/sachstandsbericht.pdf",
            Export::Xlsx => "/export/meilensteine.xlsx",
            Export::Csv => "/export/meilensteine.csv",
            Export::IndicatorsCsv => "/export/kennzahlen.csv",
            Export::Json => "/api/v1/plan.json",
            Export::Ics => "/feeds/termine.ics",
            Export::Atom => "/feeds/aenderungen.atom",
        }
    }

    /// Title, format and description in `locale`.
    fn words(self, locale: Locale) -> (&'static str, &'static str, &'static str) {
        match self {
            Export::Pdf => (
                td_string!(locale, berichte.pdf_title),
                td_string!(locale, berichte.pdf_format),
                td_string!(locale, berichte.pdf_text),
            ),
            Export::Xlsx => (
                td_string!(locale, berichte.xlsx_title),
                td_string!(locale, berichte.xlsx_format),
                td_string!(locale, berichte.xlsx_text),
            ),
            Export::Csv => (
                td_string!(locale, berichte.csv_title),
                td_string!(locale, berichte.csv_format),
                td_string!(locale, berichte.csv_text),
            ),
            Export::IndicatorsCsv => (
                td_string!(locale, berichte.indicators_csv_title),
                td_string!(locale, berichte.csv_format),
                td_string!(locale, berichte.indicators_csv_text),
            ),
            Export::Json => (
                td_string!(locale, berichte.json_title),
                td_string!(locale, berichte.json_format),
                td_string!(locale, berichte.json_text),
            ),
            Export::Ics => (
                td_string!(locale, berichte.ics_title),
                td_string!(locale, berichte.ics_format),
                td_string!(locale, berichte.ics_text),
            ),
            Export::Atom => (
                td_string!(locale, berichte.atom_title),
                td_string!(locale, berichte.atom_format),
                td_string!(locale, berichte.atom_text),
            ),
        }
    }
}

/// `seit`: the status report's "Änderungen seit …" (only the PDF takes it).
fn with_query(path: &str, stand: Option<&str>, seit: Option<&str>, intern: bool) -> String {
    let mut query = Vec::new();
    if let Some(stand) = stand {
        query.push(format!("stand={stand}"));
    }
    if let Some(seit) = seit {
        query.push(format!("seit={seit}"));
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

/// A day typed into the form: (as typed, the day if valid, the message if not); empty is
/// no day and no problem. `invalid` says what is wrong with the text shown.
fn day_field(
    typed: String,
    invalid: impl FnOnce(String) -> String,
) -> (String, Option<chrono::NaiveDate>, Option<String>) {
    if typed.trim().is_empty() {
        return (typed, None, None);
    }
    match parse_stand(&typed) {
        Ok(day) => (typed, Some(day), None),
        Err(_) => {
            let shown: String = typed.trim().chars().take(40).collect();
            let error = invalid(shown);
            (typed, None, Some(error))
        }
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let query = use_query_map();
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // (typed text, valid ISO day, error)
    let stand = move || {
        day_field(query.read().get("stand").unwrap_or_default(), |shown| {
            t_string!(i18n, berichte.stand_invalid, shown).to_string()
        })
    };
    // The same for `seit`, which must lie before the chosen stand.
    let seit = move || {
        let field = day_field(query.read().get("seit").unwrap_or_default(), |shown| {
            t_string!(i18n, berichte.seit_invalid, shown).to_string()
        });
        match (field.1, stand().1) {
            (Some(day), Some(stand)) if day >= stand => {
                let error = t_string!(i18n, berichte.seit_after_stand).to_string();
                (field.0, None, Some(error))
            }
            _ => field,
        }
    };
    let iso = |day: Option<chrono::NaiveDate>| day.map(|d| d.format("%Y-%m-%d").to_string());
    let CurrentUserResource(user) = expect_context::<CurrentUserResource>();
    let slug = crate::plan::model::use_plan_slug();
    let slug_for_internal = slug.clone();
    view! {
        <Title text=t_string!(i18n, berichte.title)/>
        <h1>{t_string!(i18n, berichte.title)}</h1>
        <p class="intro">{t_string!(i18n, berichte.intro)}</p>
        {(locale != Locale::de).then(|| view! { <p>{t_string!(i18n, berichte.german_files)}</p> })}
        <section aria-labelledby="stand-titel">
            <h2 id="stand-titel">{t_string!(i18n, berichte.stand_title)}</h2>
            <p>{t_string!(i18n, berichte.stand_text)}</p>
            <form method="get" action=crate::plan::model::plan_href("/berichte") class="form form--inline">
                {move || {
                    let (typed, _, error) = stand();
                    view! {
                        <TextField
                            name="stand"
                            label=t_string!(i18n, berichte.stand_label)
                            kind="date"
                            value=typed
                            error=error
                            hint=Some(t_string!(i18n, berichte.stand_hint))
                        />
                    }
                }}
                {move || {
                    let (typed, _, error) = seit();
                    view! {
                        <TextField
                            name="seit"
                            label=t_string!(i18n, berichte.seit_label)
                            kind="date"
                            value=typed
                            error=error
                            hint=Some(t_string!(i18n, berichte.seit_hint))
                        />
                    }
                }}
                <button type="submit" class="button">{t_string!(i18n, berichte.stand_submit)}</button>
            </form>
        </section>
        <section aria-labelledby="dateien-titel">
            <h2 id="dateien-titel">
                {move || match stand().1 {
                    Some(day) => {
                        let date = format_date(locale, day);
                        t_string!(i18n, berichte.files_as_of, date).to_string()
                    }
                    None => t_string!(i18n, berichte.files_today).to_owned(),
                }}
            </h2>
            <ul class="export-list">
                {EXPORTS
                    .iter()
                    .map(|&export| {
                        let path = StoredValue::new(format!("/{slug}{}", export.path()));
                        let href = move || {
                            let since = matches!(export, Export::Pdf).then(|| iso(seit().1)).flatten();
                            with_query(&path.read_value(), iso(stand().1).as_deref(), since.as_deref(), false)
                        };
                        let (title, format, text) = export.words(locale);
                        view! {
                            <li class="export">
                                <h3 class="export__title">
                                    <a href=href>{title}</a>
                                    " "
                                    <span class="export__format">{format!("({format})")}</span>
                                </h3>
                                <p>{text}</p>
                                <p class="export__address">
                                    {t_string!(i18n, berichte.address)} " " <code>{href}</code>
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p>
                {t_string!(i18n, berichte.schema)} " "
                <a href="/api/v1/schema.json">"/api/v1/schema.json"</a>
                " " {t_string!(i18n, berichte.schema_note)}
            </p>
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let slug_for_internal = slug_for_internal.clone();
                Suspend::new(async move {
                let internal = user
                    .await
                    .ok()
                    .flatten()
                    .is_some_and(|u| u.can_in_plan(&slug_for_internal, Permission::ExportInternal));
                let slug = slug_for_internal.clone();
                internal.then(|| view! {
                    <section aria-labelledby="intern-titel">
                        <h2 id="intern-titel">{t_string!(i18n, berichte.internal_title)}</h2>
                        <p>{t_string!(i18n, berichte.internal_text)}</p>
                        <ul>
                            {EXPORTS[..3]
                                .iter()
                                .map(|&export| {
                                    let path = format!("/{slug}{}", export.path());
                                    let href = move || {
                                        let since = matches!(export, Export::Pdf).then(|| iso(seit().1)).flatten();
                                        with_query(&path, iso(stand().1).as_deref(), since.as_deref(), true)
                                    };
                                    let (title, _, _) = export.words(locale);
                                    let suffix = t_string!(i18n, berichte.internal_suffix);
                                    view! {
                                        <li>
                                            <a href=href>{format!("{title} {suffix}")}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                })
            })}}
        </Suspense>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_stand_and_intern() {
        assert_eq!(with_query("/a.pdf", None, None, false), "/a.pdf");
        assert_eq!(
            with_query("/a.pdf", Some("2025-12-31"), None, true),
            "/a.pdf?stand=2025-12-31&intern=1"
        );
        assert_eq!(
            with_query("/a.pdf", None, Some("2025-09-30"), false),
            "/a.pdf?seit=2025-09-30"
        );
    }
}
