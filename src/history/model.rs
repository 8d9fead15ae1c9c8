//! The change history as pages show it: one event per save, with its field changes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityKind {
    Plan,
    Package,
    Milestone,
    StatusUpdate,
    Account,
    /// An indicator with its targets and data points (the field names which).
    Indicator,
}

impl EntityKind {
    pub fn code(self) -> &'static str {
        match self {
            EntityKind::Plan => "plan",
            EntityKind::Package => "package",
            EntityKind::Milestone => "milestone",
            EntityKind::StatusUpdate => "status_update",
            EntityKind::Account => "account",
            EntityKind::Indicator => "indicator",
        }
    }

    pub fn parse(code: &str) -> Option<EntityKind> {
        [
            EntityKind::Plan,
            EntityKind::Package,
            EntityKind::Milestone,
            EntityKind::StatusUpdate,
            EntityKind::Account,
            EntityKind::Indicator,
        ]
        .into_iter()
        .find(|kind| kind.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The history entry's id (an admin removes a value by it).
    #[serde(default)]
    pub entry_id: i64,
    /// Stable field key, e.g. `demanded_on`, `status`, `title`.
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// All changes of one save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeEvent {
    pub change_set: i64,
    /// RFC 3339, UTC.
    pub recorded_at: String,
    /// `recorded_at` in local time, as pages show it.
    pub when: String,
    /// The person's name: only for signed-in working-group members.
    pub actor_name: Option<String>,
    pub organisation: String,
    pub entity: EntityKind,
    pub entity_id: i64,
    /// The title of what changed (milestone, package), as it is now.
    pub entity_title: String,
    pub package_number: Option<u32>,
    pub comment: String,
    /// The category of the reason, when the save moved a forecast later.
    #[serde(default)]
    pub reason_category: Option<crate::domain::postponement::DelayCategory>,
    pub changes: Vec<FieldChange>,
}

impl ChangeEvent {
    /// Whether this save created the record: a field every record has (title, text,
    /// e-mail) appeared. Filling fields that were empty is an edit, not a creation.
    pub fn is_creation(&self) -> bool {
        self.changes.iter().any(|c| {
            c.old_value.is_none() && matches!(c.field.as_str(), "title" | "body" | "email")
        })
    }
}

/// One page of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub events: Vec<ChangeEvent>,
    pub page: u32,
    pub has_next: bool,
    /// The reader may remove text posted by mistake (admins).
    #[serde(default)]
    pub can_redact: bool,
    /// What the plan calls its packages.
    #[serde(default)]
    pub words: crate::domain::words::LevelWords,
}

/// A demanded date changed after it was set: shown publicly with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rebaselining {
    pub milestone_id: i64,
    pub milestone_title: String,
    pub recorded_at: String,
    /// `recorded_at` in local time, as pages show it.
    pub when: String,
    pub organisation: String,
    pub old_date: Option<String>,
    pub new_date: Option<String>,
    pub reason: String,
}

/// A forecast moved from one date to another, with the reason given (if any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastMove {
    pub milestone_id: i64,
    pub milestone_title: String,
    pub recorded_at: String,
    /// `recorded_at` in local time, as pages show it.
    pub when: String,
    pub organisation: String,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub category: Option<crate::domain::postponement::DelayCategory>,
    pub reason: String,
}

impl ForecastMove {
    pub fn dates(&self) -> crate::domain::postponement::ForecastMove {
        crate::domain::postponement::ForecastMove {
            from: self.from,
            to: self.to,
        }
    }
}

/// Times as the reader's language writes them (`when` comes from the server in German).
#[cfg(feature = "ssr")]
pub fn localize_times(
    clock: &crate::runtime::clock::Clock,
    locale: crate::language::Locale,
    events: &mut [ChangeEvent],
    rebaselinings: &mut [Rebaselining],
) {
    for event in events {
        event.when = clock.local_time_in(locale, &event.recorded_at);
    }
    for item in rebaselinings {
        item.when = clock.local_time_in(locale, &item.recorded_at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(changes: &[(&str, Option<&str>, Option<&str>)]) -> ChangeEvent {
        ChangeEvent {
            change_set: 1,
            recorded_at: String::new(),
            when: String::new(),
            actor_name: None,
            organisation: String::new(),
            entity: EntityKind::Milestone,
            entity_id: 1,
            entity_title: String::new(),
            package_number: None,
            comment: String::new(),
            reason_category: None,
            changes: changes
                .iter()
                .map(|(f, o, n)| FieldChange {
                    entry_id: 0,
                    field: f.to_string(),
                    old_value: o.map(str::to_owned),
                    new_value: n.map(str::to_owned),
                })
                .collect(),
        }
    }

    #[test]
    fn filling_empty_fields_is_an_edit_not_a_creation() {
        assert!(event(&[
            ("title", None, Some("Neu")),
            ("status", None, Some("offen"))
        ])
        .is_creation());
        assert!(!event(&[
            ("internal_note", None, Some("x")),
            ("forecast_on", None, Some("2027-01-01"))
        ])
        .is_creation());
        assert!(!event(&[("title", Some("Alt"), Some("Neu"))]).is_creation());
    }
}

/// Where plan's history chain stands (`/{plan}/pruefung`): its head and its length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainStand {
    pub change_set: i64,
    pub hash: String,
    pub entries: i64,
    /// The plan's address (`https://monitor.example.org/potsdam`), for the example command.
    pub plan_address: String,
}

impl ChainStand {
    /// `<change set>:<hash>`, as exports publish it.
    pub fn digest(&self) -> String {
        format!("{}:{}", self.change_set, self.hash)
    }
}
