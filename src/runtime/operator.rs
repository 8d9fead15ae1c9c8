//! What the legal pages say about the operator: read from `betreiber.toml`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The operator's details for the imprint, the privacy notice and the accessibility
/// statement. The file's keys are German, as the operator edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// The values are placeholders (the shipped example): the pages say so.
    #[serde(rename = "platzhalter", default)]
    pub placeholder: bool,
    #[serde(rename = "betreiber")]
    pub provider: Provider,
    #[serde(rename = "inhalt")]
    pub content: Responsible,
    #[serde(rename = "datenschutz")]
    pub privacy: Privacy,
    #[serde(rename = "barrierefreiheit")]
    pub accessibility: Accessibility,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub name: String,
    #[serde(rename = "anschrift")]
    pub address: Vec<String>,
    #[serde(rename = "vertreten_durch", default)]
    pub represented_by: String,
    pub email: String,
    #[serde(rename = "telefon", default)]
    pub phone: String,
    #[serde(default)]
    pub register: String,
}

/// Responsible for the content (§ 18 Abs. 2 MStV).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsible {
    pub name: String,
    #[serde(rename = "anschrift")]
    pub address: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    pub email: String,
    /// Data protection officer with contact, if the operator has one.
    #[serde(rename = "beauftragte", default)]
    pub officer: String,
    pub hosting: String,
    /// How long the server keeps its logs.
    #[serde(rename = "protokoll_tage")]
    pub log_days: u32,
    #[serde(rename = "aufsichtsbehoerde")]
    pub authority: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    #[serde(rename = "erstellt_am")]
    pub prepared_on: NaiveDate,
    pub email: String,
    #[serde(rename = "telefon", default)]
    pub phone: String,
    #[serde(rename = "durchsetzungsstelle")]
    pub enforcement_body: Vec<String>,
    #[serde(rename = "durchsetzungsstelle_email")]
    pub enforcement_email: String,
    #[serde(rename = "durchsetzungsstelle_web")]
    pub enforcement_web: String,
}
