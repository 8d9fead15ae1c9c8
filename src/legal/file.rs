//! Reading `betreiber.toml` (server only).

use std::path::Path;

use crate::runtime::operator::Operator;

/// The shipped example: placeholders only, clearly marked.
const EXAMPLE: &str = include_str!("../../catalogue/betreiber.beispiel.toml");

/// Why the operator file cannot be used, in German for the person starting the server.
#[derive(Debug, thiserror::Error)]
pub enum OperatorFileError {
    #[error("Betreiberdatei {path} kann nicht gelesen werden: {source}")]
    Unreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("Betreiberdatei {path} ist fehlerhaft: {message}")]
    Invalid { path: String, message: String },
}

impl Operator {
    /// The placeholders of `catalogue/betreiber.beispiel.toml`.
    pub fn example() -> Operator {
        parse(EXAMPLE, "betreiber.beispiel.toml").expect("the shipped example is valid")
    }

    /// The operator file at `path`, or the example's placeholders without one.
    pub fn load(path: Option<&Path>) -> Result<Operator, OperatorFileError> {
        let Some(path) = path else {
            return Ok(Operator::example());
        };
        let shown = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|source| OperatorFileError::Unreadable {
                path: shown.clone(),
                source,
            })?;
        parse(&text, &shown)
    }
}

fn parse(text: &str, path: &str) -> Result<Operator, OperatorFileError> {
    let invalid = |message: String| OperatorFileError::Invalid {
        path: path.to_owned(),
        message,
    };
    let operator: Operator = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
    let required = [
        ("betreiber.name", operator.provider.name.as_str()),
        ("betreiber.email", operator.provider.email.as_str()),
        ("inhalt.name", operator.content.name.as_str()),
        ("datenschutz.email", operator.privacy.email.as_str()),
        ("datenschutz.hosting", operator.privacy.hosting.as_str()),
        (
            "barrierefreiheit.email",
            operator.accessibility.email.as_str(),
        ),
    ];
    if let Some((key, _)) = required.iter().find(|(_, value)| value.trim().is_empty()) {
        return Err(invalid(format!("„{key}“ darf nicht leer sein.")));
    }
    if operator.provider.address.is_empty() || operator.content.address.is_empty() {
        return Err(invalid(
            "Eine Anschrift braucht mindestens eine Zeile.".to_owned(),
        ));
    }
    if !operator.placeholder {
        let texts = [
            &operator.provider.name,
            &operator.provider.email,
            &operator.content.name,
            &operator.privacy.email,
            &operator.privacy.hosting,
            &operator.accessibility.email,
        ];
        if texts.iter().any(|t| t.contains('[')) {
            return Err(invalid(
                "Es stehen noch Platzhalter in eckigen Klammern darin, aber „platzhalter = false“."
                    .to_owned(),
            ));
        }
    }
    Ok(operator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_marked_as_placeholders() {
        let example = Operator::example();
        assert!(example.placeholder);
        assert!(example.provider.name.starts_with('['));
        assert_eq!(example.privacy.log_days, 7);
    }

    #[test]
    fn a_real_file_needs_real_values() {
        let real = EXAMPLE.replace("platzhalter = true", "platzhalter = false");
        let error = parse(&real, "betreiber.toml").unwrap_err().to_string();
        assert!(error.contains("Platzhalter"), "{error}");

        let filled = real
            .replace(
                "[Name der Organisation, die diese Seite betreibt]",
                "Bündnis e. V.",
            )
            .replace("[E-Mail-Adresse für Anfragen]", "post@example.org")
            .replace(
                "[Name der für den Inhalt verantwortlichen Person]",
                "Erika Beispiel",
            )
            .replace(
                "[E-Mail-Adresse für Fragen zum Datenschutz]",
                "datenschutz@example.org",
            )
            .replace(
                "[Name und Sitz des Hosting-Anbieters, der den Server betreibt]",
                "Host GmbH, Berlin",
            )
            .replace(
                "[E-Mail-Adresse für Hinweise auf Barrieren]",
                "barrieren@example.org",
            );
        let operator = parse(&filled, "betreiber.toml").unwrap();
        assert!(!operator.placeholder);
        assert_eq!(operator.provider.name, "Bündnis e. V.");
    }

    #[test]
    fn mistakes_are_named() {
        let unknown = EXAMPLE.replace("[inhalt]", "[inhalt]\nfax = \"1\"");
        assert!(parse(&unknown, "b.toml")
            .unwrap_err()
            .to_string()
            .contains("fax"));
        let empty = EXAMPLE.replace("email = \"[E-Mail-Adresse für Anfragen]\"", "email = \" \"");
        assert!(parse(&empty, "b.toml")
            .unwrap_err()
            .to_string()
            .contains("betreiber.email"));
    }
}
