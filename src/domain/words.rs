//! The words a plan uses for the level below it (its packages).

use serde::{Deserialize, Serialize};

use crate::language::Locale;

/// How a plan names the level below it ("Maßnahmenpaket", "Teilprojekt", "Handlungsfeld",
/// "Modellbehörde"), one and many, German and English, as it begins a label ("Teilprojekt
/// 3", "Sub-project 3"). Empty: the site's words ("Paket", "Maßnahmenpakete").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelWords {
    pub one: String,
    pub many: String,
    pub one_en: String,
    pub many_en: String,
}

impl LevelWords {
    /// The word for one package, in `locale` (English falls back to the German word).
    pub fn one(&self, locale: Locale) -> String {
        use crate::language::i18n::td_string;
        pick(
            locale,
            &self.one,
            &self.one_en,
            td_string!(locale, uebersicht.level_one),
        )
    }

    /// The word for several packages, as a heading uses it.
    pub fn many(&self, locale: Locale) -> String {
        use crate::language::i18n::td_string;
        pick(
            locale,
            &self.many,
            &self.many_en,
            td_string!(locale, uebersicht.packages),
        )
    }

    /// "Paket 3", "Teilprojekt 3", "Sub-project 3".
    pub fn numbered(&self, locale: Locale, number: u32) -> String {
        format!("{} {number}", self.one(locale))
    }

    /// As [`Self::numbered`], inside a sentence: English words start in lower case
    /// ("Schedule of sub-project 3"); German nouns keep their capital.
    pub fn numbered_in_sentence(&self, locale: Locale, number: u32) -> String {
        in_sentence(locale, self.numbered(locale, number))
    }

    /// As [`Self::one`], inside a sentence.
    pub fn one_in_sentence(&self, locale: Locale) -> String {
        in_sentence(locale, self.one(locale))
    }

    /// As [`Self::many`], inside a sentence.
    pub fn many_in_sentence(&self, locale: Locale) -> String {
        in_sentence(locale, self.many(locale))
    }
}

fn in_sentence(locale: Locale, text: String) -> String {
    if locale == Locale::de {
        return text;
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

fn pick(locale: Locale, german: &str, english: &str, default: &str) -> String {
    let own = match locale {
        Locale::de => german,
        _ if !english.is_empty() => english,
        _ => german,
    };
    if own.is_empty() {
        default.to_owned()
    } else {
        own.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_s_own_words_else_the_site_s() {
        let site = LevelWords::default();
        assert_eq!(site.numbered(Locale::de, 3), "Paket 3");
        assert_eq!(site.numbered(Locale::en, 3), "Package 3");
        assert_eq!(site.many(Locale::de), "Maßnahmenpakete");
        assert_eq!(site.many_in_sentence(Locale::en), "measure packages");
        assert_eq!(site.numbered_in_sentence(Locale::de, 3), "Paket 3");
        let magdeburg = LevelWords {
            one: "Teilprojekt".into(),
            many: "Teilprojekte".into(),
            one_en: "Sub-project".into(),
            many_en: String::new(),
        };
        assert_eq!(magdeburg.numbered(Locale::de, 2), "Teilprojekt 2");
        assert_eq!(magdeburg.numbered(Locale::en, 2), "Sub-project 2");
        assert_eq!(
            magdeburg.many(Locale::en),
            "Teilprojekte",
            "no English word: the German one"
        );
    }
}
