//! Property tests over every parser of user input: whatever arrives, the parser answers
//! with a value or a clear German message, and never panics.
//!
//! Strings are drawn from a mix of arbitrary Unicode, near-misses of valid values
//! (dates, links, numbers) and known-hostile text, so the interesting branches are hit.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use umsetzungsmonitor::catalogue;
use umsetzungsmonitor::domain::dates::{format_de, format_iso, parse_date, parse_stand};
use umsetzungsmonitor::domain::link::{parse_link_list, parse_optional_link, WebLink};
use umsetzungsmonitor::domain::schedule::WorkStatus;
use umsetzungsmonitor::domain::text::{Email, LongText, Password, Title};
use umsetzungsmonitor::editing::form;
use umsetzungsmonitor::error::{FieldMap, FormRejection};
use umsetzungsmonitor::language::Locale;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "'; DROP TABLE milestone; --",
    "\" onmouseover=\"alert(1)",
    "javascript:alert(1)",
    "\u{0}",
    "\u{202e}gnp.exe",
    "../../../../etc/passwd",
    "%00%ff",
    "99999999999999999999999999",
    "-1",
    "NaN",
    "31.02.2021",
    "2021-13-01",
    "0001-01-01",
    "+275760-09-13",
    "1.1.",
    "https://",
    "https://exa mple.org",
    "http://[::1",
    "ftp://example.org",
    "😀👍🏽",
    " ",
    "",
];

/// Text a person (or an attacker) might send in one field.
fn field_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[0-9]{0,6}[.\\-/ ]{0,2}[0-9]{0,4}[.\\-/ ]{0,2}[0-9]{0,6}",
        2 => "(https?|ftp|javascript)?:?/{0,3}[a-zäöü.\\-]{0,20}(/[^ ]{0,10})?",
        2 => prop::sample::select(HOSTILE).prop_map(str::to_owned),
        1 => ".{5000,5010}",
    ]
}

/// A form: the given field names with hostile or random values, some missing.
fn form_with(names: &'static [&'static str]) -> impl Strategy<Value = FieldMap> {
    prop::collection::vec(prop::option::weighted(0.85, field_text()), names.len()).prop_map(
        move |values| {
            names
                .iter()
                .zip(values)
                .filter_map(|(name, value)| value.map(|v| ((*name).to_owned(), v)))
                .collect::<BTreeMap<_, _>>()
        },
    )
}

/// Either language a form may be sent from.
fn any_locale() -> impl Strategy<Value = Locale> {
    prop_oneof![Just(Locale::de), Just(Locale::en)]
}

/// A rejection must say, in the form's language, what is wrong: a message per failing field (or a
/// general one), never empty, and must give back what was typed.
fn assert_clear(rejection: &FormRejection, values: &FieldMap) -> Result<(), TestCaseError> {
    prop_assert!(
        !rejection.errors.is_empty() || rejection.general.is_some(),
        "rejected without a reason"
    );
    for (field, message) in &rejection.errors {
        prop_assert!(!message.trim().is_empty(), "empty message for {field}");
        prop_assert!(
            message.ends_with('.') || message.ends_with('?'),
            "{message}"
        );
    }
    for (field, value) in values {
        if let Some(kept) = rejection.values.get(field) {
            prop_assert_eq!(kept, value, "input of {} not kept", field);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn dates_parse_or_explain(input in field_text()) {
        match parse_date(&input) {
            Ok(date) => {
                // What was accepted reads back the same in both spellings.
                prop_assert_eq!(parse_date(&format_de(date)).ok(), Some(date));
                prop_assert_eq!(parse_date(&format_iso(date)).ok(), Some(date));
            }
            Err(err) => prop_assert!(!err.to_string().is_empty()),
        }
        match parse_stand(&input) {
            Ok(date) => prop_assert_eq!(format_iso(date), input.trim()),
            Err(message) => {
                prop_assert!(message.starts_with("Der Stand"));
                // The echo is cut short: a huge parameter does not come back whole.
                prop_assert!(message.chars().count() < 300);
            }
        }
        let _ = form::optional_date(&input);
    }

    #[test]
    fn any_real_date_round_trips(days in 0i64..40_000) {
        let date = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(days);
        prop_assume!(date.year_ce().1 <= 2100);
        prop_assert_eq!(parse_date(&format_de(date)).unwrap(), date);
        prop_assert_eq!(parse_stand(&format_iso(date)).unwrap(), date);
    }

    #[test]
    fn text_fields_bound_their_length(input in field_text()) {
        if let Ok(title) = Title::parse(&input) {
            prop_assert!(!title.as_str().is_empty());
            prop_assert!(title.as_str().chars().count() <= Title::MAX_CHARS);
        }
        if let Ok(text) = LongText::parse(&input) {
            prop_assert!(text.as_str().chars().count() <= LongText::MAX_CHARS);
        }
        if let Err(err) = Email::parse(&input) {
            prop_assert!(!err.to_string().is_empty());
        }
        if let Err(err) = Password::parse(&input) {
            prop_assert!(!err.to_string().is_empty());
        }
        let _ = WorkStatus::parse(&input);
    }

    #[test]
    fn links_are_http_or_explained(input in field_text()) {
        match WebLink::parse(&input) {
            Ok(link) => prop_assert!(
                link.as_str().starts_with("https://") || link.as_str().starts_with("http://")
            ),
            Err(err) => prop_assert!(!err.to_string().is_empty()),
        }
        let _ = parse_optional_link(&input);
        if let Ok(links) = parse_link_list(&input) {
            prop_assert!(links.iter().all(|l| !l.as_str().contains(char::is_whitespace)));
        }
    }

    #[test]
    fn milestone_form(values in form_with(&[
        "title", "description", "status", "forecast", "completed",
        "public_note", "internal_note", "evidence", "forecast_category", "forecast_reason",
    ]), locale in any_locale()) {
        let stored = form::Stored {
            demanded: NaiveDate::from_ymd_opt(2025, 6, 30),
            forecast: NaiveDate::from_ymd_opt(2025, 3, 1),
        };
        if let Err(rejection) = form::parse_milestone(&values, stored, today(), locale) {
            assert_clear(&rejection, &values)?;
        }
    }

    #[test]
    fn demanded_date_form(values in form_with(&["demanded", "reason"]), locale in any_locale()) {
        if let Err(rejection) = form::parse_demanded_date(&values, NaiveDate::from_ymd_opt(2025, 6, 30), locale) {
            assert_clear(&rejection, &values)?;
        }
    }

    #[test]
    fn status_update_form(values in form_with(&["occurred_on", "body", "link"]), locale in any_locale()) {
        match form::parse_status_update(&values, today(), locale) {
            Ok(update) => prop_assert!(update.occurred_on <= today()),
            Err(rejection) => assert_clear(&rejection, &values)?,
        }
    }

    #[test]
    fn package_texts_form(values in form_with(&[
        "title", "summary", "goal", "responsible_unit", "source_reference",
    ]), locale in any_locale()) {
        if let Err(rejection) = form::parse_package_texts(&values, locale) {
            assert_clear(&rejection, &values)?;
        }
    }

    #[test]
    fn account_forms(values in form_with(&[
        "email", "display_name", "organisation", "role", "password",
    ]), locale in any_locale()) {
        if let Err(rejection) = form::parse_account_profile(&values, locale) {
            assert_clear(&rejection, &values)?;
        }
        if let Err(rejection) = form::parse_new_account(&values, locale) {
            assert_clear(&rejection, &values)?;
            // A password is never sent back to the browser.
            prop_assert!(!rejection.values.contains_key("password"));
        }
    }
}

/// Catalogue files: random text, and the shipped catalogue with random damage.
mod catalogue_files {
    use super::*;

    const EXAMPLE: &str = include_str!("../../catalogue/beispiel-potsdam.toml");

    fn check(text: &str) -> Result<(), TestCaseError> {
        match catalogue::parse("test.toml", text, today()) {
            Ok(parsed) => prop_assert!(parsed.packages.len() <= 999),
            Err(err) => {
                prop_assert!(!err.problems.is_empty());
                let message = err.to_string();
                prop_assert!(message.starts_with("test.toml"), "{message}");
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn random_text(text in any::<String>()) {
            check(&text)?;
        }

        #[test]
        fn damaged_example(
            cut in 0usize..EXAMPLE.len(),
            length in 0usize..200,
            insert in field_text(),
        ) {
            // Replace a stretch of the file (on character boundaries) with something else.
            let start = (0..=cut).rev().find(|&i| EXAMPLE.is_char_boundary(i)).unwrap_or(0);
            let end = (start + length).min(EXAMPLE.len());
            let end = (end..=EXAMPLE.len()).find(|&i| EXAMPLE.is_char_boundary(i)).unwrap();
            let text = format!("{}{}{}", &EXAMPLE[..start], insert, &EXAMPLE[end..]);
            check(&text)?;
        }
    }

    #[test]
    fn deeply_nested_and_huge_files_are_refused_without_crashing() {
        let deep = format!("x = {}1{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = catalogue::parse("tief.toml", &deep, today()).unwrap_err();
        assert!(err.to_string().starts_with("tief.toml"), "{err}");

        let tables = format!("{}x = 1", "[a.".repeat(50_000));
        assert!(catalogue::parse("tief.toml", &tables, today()).is_err());

        // 5,000 packages: far more than the schema allows (1–999).
        let mut many = EXAMPLE.to_owned();
        for number in 1000..6000 {
            many.push_str(&format!(
                "\n[[paket]]\nnummer = {number}\ntitel = \"Paket {number}\"\n"
            ));
        }
        let err = catalogue::parse("viele.toml", &many, today()).unwrap_err();
        assert!(err.to_string().contains("viele.toml"));
    }
}
