//! Meeting mode (`/{plan}/bearbeiten/sitzung`): every open milestone of the plan in one
//! table, editable row by row – status, forecast, completion date, short (public) note.
//!
//! One form carries all rows. Each row posts its milestone's id and version, what it
//! shows now and what it showed when the page was loaded (`was_*`): only rows that differ
//! from what was loaded are saved, each with its own version check, so a row nobody
//! touched never overwrites what someone else saved meanwhile, and a changed row that
//! someone else saved meanwhile is refused alone, with both values, while the others are
//! saved. Pure: the form's rows in, what to save and how a refusal reads out.

use serde::{Deserialize, Serialize};

use crate::error::FieldMap;

/// The fields a row edits, as the form names them.
pub const FIELDS: [&str; 4] = ["status", "forecast", "completed", "note"];

/// One row of the meeting form as the browser posts it (`rows[i][field]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRow {
    pub id: i64,
    /// The milestone's version when the page was loaded.
    pub version: i64,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub forecast: String,
    #[serde(default)]
    pub completed: String,
    #[serde(default)]
    pub note: String,
    /// Why the forecast moves later (required then, as on the milestone's own form).
    #[serde(default)]
    pub forecast_category: String,
    #[serde(default)]
    pub forecast_reason: String,
    #[serde(default)]
    pub was_status: String,
    #[serde(default)]
    pub was_forecast: String,
    #[serde(default)]
    pub was_completed: String,
    #[serde(default)]
    pub was_note: String,
}

impl MeetingRow {
    pub fn value(&self, field: &str) -> &str {
        match field {
            "status" => &self.status,
            "forecast" => &self.forecast,
            "completed" => &self.completed,
            "note" => &self.note,
            "forecast_category" => &self.forecast_category,
            "forecast_reason" => &self.forecast_reason,
            _ => "",
        }
    }

    pub fn loaded(&self, field: &str) -> &str {
        match field {
            "status" => &self.was_status,
            "forecast" => &self.was_forecast,
            "completed" => &self.was_completed,
            "note" => &self.was_note,
            _ => "",
        }
    }

    /// Whether the row shows something else than when the page was loaded (spaces at
    /// either end do not count). A reason alone changes nothing.
    pub fn changed(&self) -> bool {
        FIELDS
            .iter()
            .any(|f| self.value(f).trim() != self.loaded(f).trim())
    }

    /// What the row shows, keyed for the page ([`key`]), with the reason fields.
    pub fn shown(&self) -> FieldMap {
        FIELDS
            .iter()
            .chain(&["forecast_category", "forecast_reason"])
            .map(|f| (key(self.id, f), self.value(f).to_owned()))
            .collect()
    }

    /// The milestone form's values for this row over `stored` (the milestone's form
    /// values as saved): the row's four fields and its reason replace theirs.
    pub fn over(&self, mut stored: FieldMap) -> FieldMap {
        for (field, value) in [
            ("status", &self.status),
            ("forecast", &self.forecast),
            ("completed", &self.completed),
            ("public_note", &self.note),
            ("forecast_category", &self.forecast_category),
            ("forecast_reason", &self.forecast_reason),
        ] {
            stored.insert(field.to_owned(), value.clone());
        }
        stored
    }
}

/// The key of a row's field in the page's values and errors: by milestone, not by row
/// position, so a message stays with its milestone whatever the order.
pub fn key(id: i64, field: &str) -> String {
    format!("m{id}.{field}")
}

/// A milestone form's field as the meeting row names it (`public_note` is the note);
/// `None` for fields the row does not show.
pub fn row_field(milestone_field: &str) -> Option<&'static str> {
    match milestone_field {
        "status" => Some("status"),
        "forecast" => Some("forecast"),
        "completed" => Some("completed"),
        "public_note" => Some("note"),
        "forecast_category" => Some("forecast_category"),
        "forecast_reason" => Some("forecast_reason"),
        _ => None,
    }
}

/// A milestone form's errors for row `id`, keyed for the page. An error in a field the
/// row does not show (a stored title that no longer passes) stands beside its note.
pub fn row_errors(id: i64, errors: &FieldMap) -> FieldMap {
    let mut keyed = FieldMap::new();
    // The note's own error wins over one of a field the row does not show.
    let (shown, hidden): (Vec<_>, Vec<_>) = errors
        .iter()
        .partition(|(field, _)| row_field(field).is_some());
    for (field, message) in hidden.into_iter().chain(shown) {
        keyed.insert(key(id, row_field(field).unwrap_or("note")), message.clone());
    }
    keyed
}

/// The rows worth saving: changed ones, each milestone once (a second row with the same
/// id is ignored: a tampered form cannot save one milestone twice in one go).
pub fn changed_rows(rows: &[MeetingRow]) -> Vec<&MeetingRow> {
    let mut seen = std::collections::HashSet::new();
    rows.iter()
        .filter(|row| seen.insert(row.id) && row.changed())
        .collect()
}

/// One open milestone as the meeting page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingMilestone {
    pub id: i64,
    pub version: i64,
    pub package_number: u32,
    pub title: String,
    /// The demanded date in the page's language, empty without one (formatted on the
    /// server: the browser bundle carries no date code).
    pub demanded: String,
    /// The four fields as the form shows them (dates as 31.12.2026).
    pub status: String,
    pub forecast: String,
    pub completed: String,
    pub note: String,
}

impl MeetingMilestone {
    pub fn value(&self, field: &str) -> &str {
        match field {
            "status" => &self.status,
            "forecast" => &self.forecast,
            "completed" => &self.completed,
            "note" => &self.note,
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64) -> MeetingRow {
        MeetingRow {
            id,
            version: 3,
            status: "offen".into(),
            forecast: "30.06.2027".into(),
            note: "Termin steht.".into(),
            was_status: "offen".into(),
            was_forecast: "30.06.2027".into(),
            was_note: "Termin steht.".into(),
            ..MeetingRow::default()
        }
    }

    #[test]
    fn only_rows_that_differ_from_what_was_loaded_are_saved() {
        let same = row(1);
        assert!(!same.changed());
        let spaces = MeetingRow {
            note: " Termin steht. ".into(),
            ..row(2)
        };
        assert!(!spaces.changed(), "spaces at either end are no change");
        let reason_only = MeetingRow {
            forecast_category: "haushalt".into(),
            ..row(3)
        };
        assert!(!reason_only.changed());
        for field in FIELDS {
            let mut changed = row(4);
            match field {
                "status" => changed.status = "in_arbeit".into(),
                "forecast" => changed.forecast = String::new(),
                "completed" => changed.completed = "01.12.2026".into(),
                _ => changed.note = "Neu.".into(),
            }
            assert!(changed.changed(), "{field}");
        }
        let moved = MeetingRow {
            status: "in_arbeit".into(),
            ..row(5)
        };
        let twice = MeetingRow {
            note: "anders".into(),
            ..row(5)
        };
        let rows = [same, moved, twice, reason_only];
        let ids: Vec<i64> = changed_rows(&rows).iter().map(|r| r.id).collect();
        assert_eq!(ids, [5], "each milestone once, the first row of it");
    }

    #[test]
    fn a_row_fills_the_milestone_form_over_what_is_stored() {
        let stored = FieldMap::from([
            ("title".to_owned(), "Titel".to_owned()),
            ("public_note".to_owned(), "alt".to_owned()),
            ("internal_note".to_owned(), "intern".to_owned()),
        ]);
        let row = MeetingRow {
            note: "neu".into(),
            forecast_category: "personal".into(),
            ..row(7)
        };
        let values = row.over(stored);
        assert_eq!(values["public_note"], "neu");
        assert_eq!(values["title"], "Titel", "what the row does not show stays");
        assert_eq!(values["internal_note"], "intern");
        assert_eq!(values["forecast"], "30.06.2027");
        assert_eq!(values["forecast_category"], "personal");
    }

    #[test]
    fn errors_stay_with_their_milestone() {
        let errors = FieldMap::from([
            ("forecast".to_owned(), "kein Datum".to_owned()),
            ("public_note".to_owned(), "zu lang".to_owned()),
            ("title".to_owned(), "leer".to_owned()),
        ]);
        let keyed = row_errors(12, &errors);
        assert_eq!(keyed["m12.forecast"], "kein Datum");
        assert_eq!(keyed["m12.note"], "zu lang", "the note's own error first");
        assert_eq!(
            keyed.len(),
            2,
            "the title's error stands beside the note: {keyed:?}"
        );
        assert_eq!(row(12).shown()["m12.note"], "Termin steht.");
    }
}
