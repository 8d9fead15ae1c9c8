//! Text fields that must hold a value of bounded length.
//!
//! Parsed once at the edge (catalogue import, later the edit forms); past that point
//! an invalid title cannot exist.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TextError {
    #[error("Bitte ausfüllen.")]
    Empty,
    #[error("Höchstens {max} Zeichen erlaubt (jetzt {actual}).")]
    TooLong { max: usize, actual: usize },
    #[error("Enthält unsichtbare Steuerzeichen (etwa aus einer kopierten Datei); bitte den Text neu eingeben.")]
    ControlCharacter,
}

/// Line breaks and tabs belong in longer texts only; other control characters (NUL,
/// escape sequences) nowhere.
fn allowed_character(c: char, multiline: bool) -> bool {
    !c.is_control() || (multiline && matches!(c, '\n' | '\r' | '\t'))
}

/// Line breaks as `\n` only: browsers send `\r\n` from text areas, and a bare `\r` would
/// read as a line break in some programs but not in others (calendar files, CSV).
pub fn normalise_line_breaks(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

fn bounded(input: &str, max: usize, required: bool, multiline: bool) -> Result<String, TextError> {
    let normalised = normalise_line_breaks(input);
    let text = if multiline {
        normalised.trim()
    } else {
        input.trim()
    };
    if required && text.is_empty() {
        return Err(TextError::Empty);
    }
    if !text.chars().all(|c| allowed_character(c, multiline)) {
        return Err(TextError::ControlCharacter);
    }
    let actual = text.chars().count();
    if actual > max {
        return Err(TextError::TooLong { max, actual });
    }
    Ok(text.to_owned())
}

macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, max = $max:expr, required = $required:expr, multiline = $multiline:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(input: &str) -> Result<Self, TextError> {
                bounded(input, $max, $required, $multiline).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }
    };
}

bounded_text!(
    /// A title or name (plan, package, milestone, organisation, unit): 1–200 characters.
    Title, max = 200, required = true, multiline = false
);
bounded_text!(
    /// A short public reason on one line (a redaction's): 1–300 characters.
    Reason, max = 300, required = true, multiline = false
);
bounded_text!(
    /// A longer free text (summary, description, note): up to 5,000 characters, may be empty.
    LongText, max = 5000, required = false, multiline = true
);
/// An e-mail address used as login name: trimmed, lower-cased, plausibly shaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EmailError {
    #[error("Bitte eine E-Mail-Adresse angeben.")]
    Empty,
    #[error("„{0}“ ist keine gültige E-Mail-Adresse.")]
    Invalid(String),
}

impl Email {
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(EmailError::Empty);
        }
        let valid = text.len() <= 254
            && text.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
            })
            && !text.chars().any(|c| c.is_whitespace() || c.is_control());
        if valid {
            Ok(Email(text.to_lowercase()))
        } else {
            Err(EmailError::Invalid(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: long rather than complicated (BSI: length matters most).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PasswordError {
    #[error("Das Passwort muss mindestens 12 Zeichen lang sein.")]
    TooShort,
    #[error("Das Passwort darf höchstens 200 Zeichen lang sein.")]
    TooLong,
}

impl Password {
    pub const MIN_CHARS: usize = 12;

    pub fn parse(input: &str) -> Result<Password, PasswordError> {
        let count = input.chars().count();
        if count < Self::MIN_CHARS {
            Err(PasswordError::TooShort)
        } else if count > 200 {
            Err(PasswordError::TooLong)
        } else {
            Ok(Password(input.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_but_long_texts_keep_their_lines() {
        for bad in [
            "a\u{0}b",
            "Titel\u{1b}[31m",
            "zwei\nZeilen",
            "Tab\tim Titel",
        ] {
            assert_eq!(
                Title::parse(bad),
                Err(TextError::ControlCharacter),
                "{bad:?}"
            );
        }
        assert_eq!(LongText::parse("a\u{0}b"), Err(TextError::ControlCharacter));
        assert_eq!(
            LongText::parse("Erste Zeile\r\nzweite\tZeile\rdritte\n\rvierte")
                .unwrap()
                .as_str(),
            "Erste Zeile\nzweite\tZeile\ndritte\n\nvierte",
            "line breaks are stored as \\n only"
        );
        assert_eq!(
            Title::parse("Titel\rX-INJECTED:1"),
            Err(TextError::ControlCharacter)
        );
        // Right-to-left text and emoji are text, not control characters.
        assert!(Title::parse("مكتب الهجرة 👍🏽").is_ok());
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse(" Ada@Example.ORG ").unwrap().as_str(),
            "ada@example.org"
        );
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        for bad in [
            "ada",
            "ada@",
            "@example.org",
            "ada@example",
            "a b@example.org",
            "a@b@c.de",
            "ada@.de",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_need_twelve_characters_and_never_print() {
        assert_eq!(Password::parse("kurz"), Err(PasswordError::TooShort));
        assert!(Password::parse("zwölf Zeichen").is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(201)),
            Err(PasswordError::TooLong)
        );
        let secret = Password::parse("geheimes Passwort").unwrap();
        assert!(!format!("{secret:?}").contains("geheim"));
    }

    #[test]
    fn title_is_trimmed_and_required() {
        assert_eq!(Title::parse("  Leitbild ").unwrap().as_str(), "Leitbild");
        assert_eq!(Title::parse("   "), Err(TextError::Empty));
    }

    #[test]
    fn title_counts_characters_not_bytes() {
        let umlauts = "ä".repeat(200);
        assert!(
            Title::parse(&umlauts).is_ok(),
            "200 umlauts are 400 bytes but 200 characters"
        );
        assert_eq!(
            Title::parse(&"x".repeat(201)),
            Err(TextError::TooLong {
                max: 200,
                actual: 201
            })
        );
    }

    #[test]
    fn long_text_may_be_empty_but_not_endless() {
        assert_eq!(LongText::parse("").unwrap().as_str(), "");
        assert!(LongText::parse(&"a".repeat(5000)).is_ok());
        let err = LongText::parse(&"a".repeat(5001)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Höchstens 5000 Zeichen erlaubt (jetzt 5001)."
        );
    }
}
