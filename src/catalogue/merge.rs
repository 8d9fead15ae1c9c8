//! Importing a catalogue again over a record the working group has edited since: which
//! of the file's values may replace the stored ones, which must stay, and which need a
//! reason. Pure: the caller supplies the stored values, the file's values and who last
//! changed each field.

use std::collections::BTreeMap;
use std::fmt;

use crate::domain::edits::ForecastReason;

/// A record's fields as the history stores them: text, `None` for empty.
pub type Values = BTreeMap<&'static str, Option<String>>;

/// The last recorded change of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    /// Saved by a signed-in person in the app (not by a catalogue import).
    pub by_person: bool,
    /// Name and organisation, as the history keeps them.
    pub who: String,
    /// RFC 3339.
    pub at: String,
}

/// What the operator allowed on the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy<'a> {
    /// Replace also values changed in the app since the last import (`--ueberschreiben`).
    pub overwrite: bool,
    /// Why demanded dates change (`--begruendung`); shown publicly like a re-baselining
    /// in the app.
    pub reason: Option<&'a str>,
    /// Why a forecast moves (a step of a catalogue's recorded past).
    pub forecast_reason: Option<&'a ForecastReason>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The file's value replaces one that an import set (or nobody changed).
    Applied,
    /// Changed in the app since the last import: the stored value stays.
    Kept { who: String, at: String },
    /// Changed in the app since the last import and replaced, as `--ueberschreiben` asked.
    Overwritten { who: String, at: String },
    /// A demanded date would change without a reason: the import writes nothing.
    ReasonMissing,
}

impl Outcome {
    /// Whether the file's value is written.
    pub fn applies(&self) -> bool {
        matches!(self, Outcome::Applied | Outcome::Overwritten { .. })
    }
}

/// One field whose value in the file differs from the stored one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDecision {
    pub field: &'static str,
    pub stored: Option<String>,
    pub catalogue: Option<String>,
    pub outcome: Outcome,
}

/// Fields taken or kept together: the schema ties a completion date to the status
/// "erledigt", so one of them must not come from the file and the other from the app.
const TOGETHER: &[&[&str]] = &[&["status", "completed_on"]];

fn group_of(field: &'static str) -> Vec<&'static str> {
    TOGETHER
        .iter()
        .find(|group| group.contains(&field))
        .map_or_else(|| vec![field], |group| group.to_vec())
}

/// Decides, for every field whose value differs between `stored` and `wanted`, whether
/// the import writes it. A field (or its group) whose last change was a person's in the
/// app stays unless `overwrite`; a demanded date that had a value changes only with a
/// reason.
pub fn decide(
    stored: &Values,
    wanted: &Values,
    last: &BTreeMap<String, LastChange>,
    policy: Policy<'_>,
) -> Vec<FieldDecision> {
    let mut decisions = Vec::new();
    for (&field, new) in wanted {
        let old = stored.get(field).cloned().flatten();
        if old == *new {
            continue;
        }
        // The newest change by a person to the field or to a field bound to it.
        let edited = group_of(field)
            .into_iter()
            .filter_map(|f| last.get(f).filter(|c| c.by_person))
            .max_by(|a, b| a.at.cmp(&b.at));
        let mut outcome = match (edited, policy.overwrite) {
            (None, _) => Outcome::Applied,
            (Some(change), false) => Outcome::Kept {
                who: change.who.clone(),
                at: change.at.clone(),
            },
            (Some(change), true) => Outcome::Overwritten {
                who: change.who.clone(),
                at: change.at.clone(),
            },
        };
        let rebaselined = field == "demanded_on" && old.is_some();
        let has_reason = policy.reason.is_some_and(|r| !r.trim().is_empty());
        if rebaselined && outcome.applies() && !has_reason {
            outcome = Outcome::ReasonMissing;
        }
        decisions.push(FieldDecision {
            field,
            stored: old,
            catalogue: new.clone(),
            outcome,
        });
    }
    decisions
}

/// Whether `field` is written, after `decide`.
pub fn takes(decisions: &[FieldDecision], field: &str) -> bool {
    decisions
        .iter()
        .any(|d| d.field == field && d.outcome.applies())
}

/// A field difference as the import report shows it, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// "Plan", "Paket 3", "Meilenstein 3.2".
    pub place: String,
    pub decision: FieldDecision,
}

fn shown(value: &Option<String>) -> String {
    match value {
        None => "(leer)".to_owned(),
        Some(text) => {
            let one_line = text.replace('\n', " ");
            let mut short: String = one_line.chars().take(60).collect();
            if short.len() < one_line.len() {
                short.push('…');
            }
            format!("„{short}“")
        }
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.decision;
        write!(
            f,
            "{}, Feld „{}“: {} → {}: ",
            self.place,
            d.field,
            shown(&d.stored),
            shown(&d.catalogue)
        )?;
        match &d.outcome {
            Outcome::Applied => write!(f, "übernommen"),
            Outcome::Kept { who, at } => write!(
                f,
                "NICHT übernommen, in der Anwendung geändert von {who} am {at} \
                 (mit --ueberschreiben übernehmen)"
            ),
            Outcome::Overwritten { who, at } => write!(
                f,
                "übernommen mit --ueberschreiben (zuvor in der Anwendung geändert von {who} am {at})"
            ),
            Outcome::ReasonMissing => write!(
                f,
                "Soll-Termin ändert sich: Begründung fehlt (--begruendung \"…\")"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&'static str, Option<&str>)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| (*k, v.map(str::to_owned)))
            .collect()
    }

    fn by(person: bool, at: &str) -> LastChange {
        LastChange {
            by_person: person,
            who: if person {
                "Ada (AG)".into()
            } else {
                "Katalog-Import".into()
            },
            at: at.into(),
        }
    }

    fn last(pairs: &[(&str, LastChange)]) -> BTreeMap<String, LastChange> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn equal_values_are_no_difference() {
        let v = values(&[("title", Some("A")), ("forecast_on", None)]);
        assert!(decide(&v, &v, &BTreeMap::new(), Policy::default()).is_empty());
    }

    #[test]
    fn a_value_the_import_set_is_replaced() {
        let stored = values(&[("forecast_on", Some("2027-01-01"))]);
        let wanted = values(&[("forecast_on", Some("2027-02-01"))]);
        let seen = last(&[("forecast_on", by(false, "2026-11-01"))]);
        let d = decide(&stored, &wanted, &seen, Policy::default());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].outcome, Outcome::Applied);
        assert!(takes(&d, "forecast_on"));
    }

    #[test]
    fn a_web_edit_stays_unless_overwrite() {
        let stored = values(&[("public_note", Some("aus der Sitzung"))]);
        let wanted = values(&[("public_note", None)]);
        let seen = last(&[("public_note", by(true, "2026-11-20"))]);
        let kept = decide(&stored, &wanted, &seen, Policy::default());
        assert!(matches!(kept[0].outcome, Outcome::Kept { .. }));
        assert!(!takes(&kept, "public_note"));
        let overwritten = decide(
            &stored,
            &wanted,
            &seen,
            Policy {
                overwrite: true,
                reason: None,
                forecast_reason: None,
            },
        );
        assert!(matches!(
            overwritten[0].outcome,
            Outcome::Overwritten { .. }
        ));
        assert!(takes(&overwritten, "public_note"));
    }

    #[test]
    fn status_and_completion_date_go_together() {
        // The app marked it done (both fields), the file says "in Arbeit" without a date.
        let stored = values(&[
            ("status", Some("erledigt")),
            ("completed_on", Some("2026-11-20")),
        ]);
        let wanted = values(&[("status", Some("in_arbeit")), ("completed_on", None)]);
        // Only the status entry is the person's (say the date came from an older import).
        let seen = last(&[
            ("status", by(true, "2026-11-20")),
            ("completed_on", by(false, "2026-10-01")),
        ]);
        let d = decide(&stored, &wanted, &seen, Policy::default());
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| matches!(d.outcome, Outcome::Kept { .. })));
    }

    #[test]
    fn a_changed_demanded_date_needs_a_reason_a_first_one_does_not() {
        let stored = values(&[("demanded_on", Some("2026-12-31"))]);
        let wanted = values(&[("demanded_on", Some("2027-06-30"))]);
        let none = BTreeMap::new();
        let d = decide(&stored, &wanted, &none, Policy::default());
        assert_eq!(d[0].outcome, Outcome::ReasonMissing);
        let blank = decide(
            &stored,
            &wanted,
            &none,
            Policy {
                overwrite: false,
                reason: Some("  "),
                forecast_reason: None,
            },
        );
        assert_eq!(blank[0].outcome, Outcome::ReasonMissing);
        let with_reason = decide(
            &stored,
            &wanted,
            &none,
            Policy {
                overwrite: false,
                reason: Some("Beschluss vom 1.12."),
                forecast_reason: None,
            },
        );
        assert_eq!(with_reason[0].outcome, Outcome::Applied);
        let first = decide(
            &values(&[("demanded_on", None)]),
            &wanted,
            &none,
            Policy::default(),
        );
        assert_eq!(first[0].outcome, Outcome::Applied);
    }

    #[test]
    fn a_kept_demanded_date_needs_no_reason() {
        let stored = values(&[("demanded_on", Some("2027-03-31"))]);
        let wanted = values(&[("demanded_on", Some("2026-12-31"))]);
        let seen = last(&[("demanded_on", by(true, "2026-11-25"))]);
        let d = decide(&stored, &wanted, &seen, Policy::default());
        assert!(matches!(d[0].outcome, Outcome::Kept { .. }));
    }

    #[test]
    fn the_report_line_names_place_values_and_what_to_do() {
        let line = Difference {
            place: "Meilenstein 2.3".into(),
            decision: FieldDecision {
                field: "public_note",
                stored: Some("aus der Sitzung".into()),
                catalogue: None,
                outcome: Outcome::Kept {
                    who: "Ada (AG)".into(),
                    at: "2026-11-20".into(),
                },
            },
        }
        .to_string();
        assert!(
            line.starts_with(
                "Meilenstein 2.3, Feld „public_note“: „aus der Sitzung“ → (leer): NICHT übernommen"
            ),
            "{line}"
        );
        assert!(line.contains("--ueberschreiben"), "{line}");
    }
}
