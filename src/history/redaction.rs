//! Removing text posted by mistake (personal data in a note or a status update): which
//! texts an admin may remove and what stands in their place. The SQL is in
//! `redact.rs`; the page in `editing::redaction`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::EntityKind;
use crate::domain::dates::format_de;

/// Where the live value of a redactable field is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveColumn {
    pub table: &'static str,
    pub column: &'static str,
}

/// The free texts people write (and could put a name into): notes, descriptions,
/// package texts, status updates. Dates, statuses, titles and accounts are not
/// redactable: they hold no free text of that kind or are changed by editing.
pub fn live_column(entity: EntityKind, field: &str) -> Option<LiveColumn> {
    let (table, columns): (&'static str, &[&'static str]) = match entity {
        EntityKind::Milestone => (
            "milestone",
            &["public_note", "internal_note", "description"],
        ),
        EntityKind::Package => (
            "measure_package",
            &[
                "summary",
                "goal",
                "summary_en",
                "goal_en",
                "responsible_unit",
                "source_reference",
            ],
        ),
        EntityKind::Plan => ("plan", &["description", "description_en"]),
        EntityKind::StatusUpdate => ("status_update", &["body", "link"]),
        // An indicator's texts are not redactable yet (its notes are short and public).
        EntityKind::Account | EntityKind::Indicator => return None,
    };
    columns
        .iter()
        .find(|c| **c == field)
        .map(|column| LiveColumn { table, column })
}

/// Whether an admin may remove a value of this field.
pub fn is_redactable(entity: EntityKind, field: &str) -> bool {
    live_column(entity, field).is_some()
}

/// The notice that replaces removed text, in the record and in the history. German,
/// like the content it replaces.
pub fn notice(on: NaiveDate, reason: &str) -> String {
    format!("entfernt am {} ({reason})", format_de(on))
}

/// Which value of a history entry to remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    Old,
    New,
}

impl Side {
    pub fn code(self) -> &'static str {
        match self {
            Side::Old => "alt",
            Side::New => "neu",
        }
    }

    pub fn parse(code: &str) -> Option<Side> {
        match code {
            "alt" => Some(Side::Old),
            "neu" => Some(Side::New),
            _ => None,
        }
    }
}

/// What the redaction page shows before an admin confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactionView {
    /// `eintrag` or `meldung`, and its id: what the form posts back.
    pub target_kind: String,
    pub target_id: i64,
    pub entity: EntityKind,
    pub entity_title: String,
    pub package_number: Option<u32>,
    pub field: String,
    /// The values that may be removed, with the side they stand on.
    pub values: Vec<(Side, String)>,
    /// RFC 3339 of the entry (or the status update's day), as pages show it.
    pub when: String,
    pub organisation: String,
    /// What the plan calls its packages.
    #[serde(default)]
    pub words: crate::domain::words::LevelWords,
}

/// The address of the page that removes a history entry's value or a status update
/// (`target_kind`: `eintrag` or `meldung`).
pub fn redaction_path(slug: &str, target_kind: &str, id: i64) -> String {
    format!("/{slug}/bearbeiten/entfernen?{target_kind}={id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_texts_are_redactable_dates_titles_and_accounts_are_not() {
        assert!(is_redactable(EntityKind::Milestone, "public_note"));
        assert!(is_redactable(EntityKind::Milestone, "internal_note"));
        assert!(is_redactable(EntityKind::StatusUpdate, "body"));
        assert!(is_redactable(EntityKind::Package, "summary"));
        assert!(!is_redactable(EntityKind::Milestone, "demanded_on"));
        assert!(!is_redactable(EntityKind::Milestone, "status"));
        assert!(!is_redactable(EntityKind::Milestone, "title"));
        assert!(!is_redactable(EntityKind::Account, "display_name"));
        assert!(!is_redactable(
            EntityKind::Milestone,
            "public_note; DROP TABLE"
        ));
        assert_eq!(
            live_column(EntityKind::StatusUpdate, "body"),
            Some(LiveColumn {
                table: "status_update",
                column: "body"
            })
        );
    }

    #[test]
    fn the_notice_says_when_and_why() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(
            notice(day, "personenbezogene Daten"),
            "entfernt am 30.11.2026 (personenbezogene Daten)"
        );
    }

    #[test]
    fn sides_round_trip() {
        for side in [Side::Old, Side::New] {
            assert_eq!(Side::parse(side.code()), Some(side));
        }
        assert_eq!(Side::parse("beide"), None);
    }
}
