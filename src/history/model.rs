//! The change history as pages show it: one event per save, with its field changes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntityKind {
    Plan,
    Package,
    Milestone,
    StatusUpdate,
    Account,
}

impl EntityKind {
    pub fn code(self) -> &'static str {
        match self {
            EntityKind::Plan => "plan",
            EntityKind::Package => "package",
            EntityKind::Milestone => "milestone",
            EntityKind::StatusUpdate => "status_update",
            EntityKind::Account => "account",
        }
    }

    pub fn parse(code: &str) -> Option<EntityKind> {
        [
            EntityKind::Plan,
            EntityKind::Package,
            EntityKind::Milestone,
            EntityKind::StatusUpdate,
            EntityKind::Account,
        ]
        .into_iter()
        .find(|kind| kind.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
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
    pub changes: Vec<FieldChange>,
}

impl ChangeEvent {
    /// Whether this save created the record (every field new).
    pub fn is_creation(&self) -> bool {
        !self.changes.is_empty() && self.changes.iter().all(|c| c.old_value.is_none())
    }
}

/// One page of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub events: Vec<ChangeEvent>,
    pub page: u32,
    pub has_next: bool,
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
