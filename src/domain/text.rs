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
}

fn bounded(input: &str, max: usize, required: bool) -> Result<String, TextError> {
    let text = input.trim();
    if required && text.is_empty() {
        return Err(TextError::Empty);
    }
    let actual = text.chars().count();
    if actual > max {
        return Err(TextError::TooLong { max, actual });
    }
    Ok(text.to_owned())
}

macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, max = $max:expr, required = $required:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(input: &str) -> Result<Self, TextError> {
                bounded(input, $max, $required).map(Self)
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
    Title, max = 200, required = true
);
bounded_text!(
    /// A longer free text (summary, description, note): up to 5,000 characters, may be empty.
    LongText, max = 5000, required = false
);
#[cfg(test)]
mod tests {
    use super::*;

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
