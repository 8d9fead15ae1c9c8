//! Content the working group writes (titles, summaries, notes) on pages in either language.
//!
//! Content is written in German; plan, package and milestone texts may carry an English
//! version. English pages show it where it exists and otherwise the German text, marked
//! `lang="de"` so screen readers switch their voice (WCAG 2.1, 3.1.2 Language of Parts).

use leptos::prelude::*;

use crate::language::{use_i18n, Locale};

/// The text to show on a page in `locale`, and the `lang` attribute it needs there.
pub fn localized<'a>(
    locale: Locale,
    german: &'a str,
    english: &'a str,
) -> (&'a str, Option<&'static str>) {
    match locale {
        Locale::en if !english.trim().is_empty() => (english, None),
        Locale::en => (german, Some("de")),
        Locale::de => (german, None),
    }
}

/// `lang` for German-only content (notes, names, history) on a page in `locale`.
pub fn german_only(locale: Locale) -> Option<&'static str> {
    (locale == Locale::en).then_some("de")
}

/// A content text inline: the English version on English pages where it exists.
#[component]
pub fn Localized(german: String, english: String) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (text, lang) = localized(locale, &german, &english);
    view! { <span lang=lang>{text.to_owned()}</span> }
}

/// German-only content inline, marked as German on English pages.
#[component]
pub fn German(text: String) -> impl IntoView {
    let lang = german_only(use_i18n().get_locale_untracked());
    view! { <span lang=lang>{text}</span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_pages_prefer_the_english_version() {
        assert_eq!(
            localized(Locale::en, "Leitbild", "Mission statement"),
            ("Mission statement", None)
        );
    }

    #[test]
    fn missing_english_falls_back_to_german_marked_as_such() {
        assert_eq!(
            localized(Locale::en, "Leitbild", ""),
            ("Leitbild", Some("de"))
        );
        assert_eq!(
            localized(Locale::en, "Leitbild", "  "),
            ("Leitbild", Some("de"))
        );
    }

    #[test]
    fn german_pages_always_show_the_original() {
        assert_eq!(
            localized(Locale::de, "Leitbild", "Mission statement"),
            ("Leitbild", None)
        );
        assert_eq!(german_only(Locale::de), None);
        assert_eq!(german_only(Locale::en), Some("de"));
    }
}
