//! Indicators as the record keeps them and as pages show them.
//!
//! [`StoredIndicator`] is the whole truth, small counts included; it never leaves the
//! server. What a page receives ([`IndicatorSummary`], [`IndicatorDetail`]) is made by
//! [`StoredIndicator::summary`] and [`StoredIndicator::shown_points`] for one audience: a
//! signed-out reader gets a count below the indicator's threshold as
//! [`PublicValue::FewerThan`], never the number.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::charts::figure::InlineChart;
use crate::domain::indicators::{
    public_value, status, DataPoint, Direction, IndicatorStatus, Period, PublicValue, Target, Unit,
};
use crate::domain::words::LevelWords;

/// One period's value with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPoint {
    pub period: Period,
    pub value: f64,
    pub source_reference: String,
    pub note: String,
}

/// An indicator with everything recorded about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredIndicator {
    pub id: i64,
    pub key: String,
    /// The package it belongs to (`None`: the whole plan), by id and by number.
    pub package_id: Option<i64>,
    pub package_number: Option<u32>,
    pub sort_order: i64,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub description_en: String,
    pub unit: Unit,
    pub direction: Direction,
    pub method: String,
    pub source: String,
    pub small_count: u32,
    pub target: Target,
    /// Targets on the way, by date.
    pub intermediate: Vec<Target>,
    /// By period, oldest first.
    pub points: Vec<StoredPoint>,
    pub is_example: bool,
}

/// What describes an indicator and may change at any time (admins): not its key, unit
/// or direction, which give its recorded values their meaning, nor its targets, which
/// change with a public reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorAbout {
    pub name: String,
    pub name_en: String,
    /// `None`: the whole plan.
    pub package_number: Option<u32>,
    pub description: String,
    pub method: String,
    pub source: String,
    pub small_count: u32,
}

/// A new indicator, checked (catalogue import, editing).
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorDraft {
    pub key: String,
    pub package_number: Option<u32>,
    pub sort_order: i64,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub description_en: String,
    pub unit: Unit,
    pub direction: Direction,
    pub method: String,
    pub source: String,
    pub small_count: u32,
    pub target: Target,
    pub intermediate: Vec<Target>,
    pub is_example: bool,
}

/// One period's value to save, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct PointDraft {
    pub period: Period,
    pub value: f64,
    pub source_reference: String,
    pub note: String,
}

/// Who reads: the public sees small counts only as "fewer than N".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    /// The signed-in working group of the plan.
    Members,
}

/// A value as a page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShownPoint {
    pub period: Period,
    pub value: PublicValue,
    pub source_reference: String,
    pub note: String,
}

/// One indicator in a list: its latest value, target and status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSummary {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub name_en: String,
    pub package_number: Option<u32>,
    pub unit: Unit,
    pub direction: Direction,
    pub target: Target,
    pub latest: Option<ShownPoint>,
    pub status: IndicatorStatus,
    pub is_example: bool,
}

/// A target changed after it was set, with the public reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetChange {
    /// Local time, as pages show it.
    pub when: String,
    pub organisation: String,
    /// `target_value`, `target_on` or `target:JJJJ-MM-TT` (an intermediate target).
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: String,
}

/// `/{plan}/kennzahlen`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorList {
    pub indicators: Vec<IndicatorSummary>,
    /// The day the statuses are judged on: today, or the `?stand=` day.
    pub today: NaiveDate,
    pub as_of: bool,
    pub words: LevelWords,
}

/// `/{plan}/kennzahlen/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorDetail {
    pub summary: IndicatorSummary,
    pub description: String,
    pub description_en: String,
    pub method: String,
    pub source: String,
    pub small_count: u32,
    pub intermediate: Vec<Target>,
    /// Oldest first.
    pub points: Vec<ShownPoint>,
    pub chart: InlineChart,
    pub target_changes: Vec<TargetChange>,
    pub today: NaiveDate,
    pub as_of: bool,
    pub words: LevelWords,
}

impl StoredIndicator {
    pub fn data_points(&self) -> Vec<DataPoint> {
        self.points
            .iter()
            .map(|p| DataPoint {
                period: p.period,
                value: p.value,
            })
            .collect()
    }

    /// The status on `today`, judged on the true values.
    pub fn status(&self, today: NaiveDate) -> IndicatorStatus {
        status(
            self.direction,
            self.target,
            &self.intermediate,
            &self.data_points(),
            today,
        )
    }

    fn shown(&self, point: &StoredPoint, audience: Audience) -> ShownPoint {
        let value = match audience {
            Audience::Public => public_value(self.unit, point.value, self.small_count),
            Audience::Members => PublicValue::Value(point.value),
        };
        ShownPoint {
            period: point.period,
            value,
            source_reference: point.source_reference.clone(),
            note: point.note.clone(),
        }
    }

    /// The values as `audience` may see them, oldest first.
    pub fn shown_points(&self, audience: Audience) -> Vec<ShownPoint> {
        self.points
            .iter()
            .map(|p| self.shown(p, audience))
            .collect()
    }

    pub fn summary(&self, today: NaiveDate, audience: Audience) -> IndicatorSummary {
        IndicatorSummary {
            id: self.id,
            key: self.key.clone(),
            name: self.name.clone(),
            name_en: self.name_en.clone(),
            package_number: self.package_number,
            unit: self.unit,
            direction: self.direction,
            target: self.target,
            latest: self
                .points
                .iter()
                .max_by_key(|p| p.period)
                .map(|p| self.shown(p, audience)),
            status: self.status(today),
            is_example: self.is_example,
        }
    }
}

/// How a value is written into the history (and read back): Rust's shortest form that
/// reads back as the same number ("21", "12.5").
pub fn value_code(value: f64) -> String {
    value.to_string()
}

/// The history's field names for an indicator's parts.
pub mod fields {
    use crate::domain::indicators::Period;
    use chrono::NaiveDate;

    /// What part of an indicator a history field names.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Part<'a> {
        /// A field of the indicator itself (`title`, `target_value`, …).
        Own(&'a str),
        /// An intermediate target's value.
        Intermediate(NaiveDate),
        /// A data point's `value`, `source_reference` or `note`.
        Point(Period, &'a str),
    }

    pub const POINT_PARTS: [&str; 3] = ["value", "source_reference", "note"];

    pub fn intermediate(due: NaiveDate) -> String {
        format!("target:{}", due.format("%Y-%m-%d"))
    }

    pub fn point(period: Period, part: &str) -> String {
        format!("point:{}:{part}", period.code())
    }

    pub fn parse(field: &str) -> Option<Part<'_>> {
        if let Some(day) = field.strip_prefix("target:") {
            return NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .ok()
                .map(Part::Intermediate);
        }
        if let Some(rest) = field.strip_prefix("point:") {
            let (period, part) = rest.rsplit_once(':')?;
            let period = Period::parse(period).ok()?;
            return POINT_PARTS
                .contains(&part)
                .then_some(Part::Point(period, part));
        }
        Some(Part::Own(field))
    }
}

/// One recorded change of an indicator, newest first in a rewind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorChange {
    pub indicator_id: i64,
    pub field: String,
    pub old_value: Option<String>,
}

/// Undoes `later` (newest first) on `indicators`: what they were before those changes.
/// An indicator created among them disappears, and so does a point or an intermediate
/// target that was added.
pub fn rewind(indicators: &mut Vec<StoredIndicator>, later: &[IndicatorChange]) {
    use fields::Part;
    let mut gone = std::collections::HashSet::new();
    for change in later {
        let Some(indicator) = indicators.iter_mut().find(|i| i.id == change.indicator_id) else {
            continue;
        };
        let old = change.old_value.as_deref();
        let number = |text: Option<&str>| text.and_then(|t| t.parse::<f64>().ok());
        match fields::parse(&change.field) {
            Some(Part::Own("title")) if old.is_none() => {
                gone.insert(indicator.id);
            }
            Some(Part::Own(field)) => indicator.restore(field, old),
            Some(Part::Intermediate(due)) => {
                indicator.intermediate.retain(|t| t.due != due);
                if let Some(value) = number(old) {
                    indicator.intermediate.push(Target { value, due });
                    indicator.intermediate.sort_by_key(|t| t.due);
                }
            }
            Some(Part::Point(period, part)) => {
                let at = indicator.points.iter().position(|p| p.period == period);
                match (part, at, old) {
                    ("value", Some(at), None) => {
                        indicator.points.remove(at);
                    }
                    ("value", Some(at), Some(old)) => {
                        if let Some(value) = number(Some(old)) {
                            indicator.points[at].value = value;
                        }
                    }
                    // A point removed later: it comes back with its value (its texts
                    // follow from their own entries, older in the rewind).
                    ("value", None, Some(old)) => {
                        if let Some(value) = number(Some(old)) {
                            indicator.points.push(StoredPoint {
                                period,
                                value,
                                source_reference: String::new(),
                                note: String::new(),
                            });
                            indicator.points.sort_by_key(|p| p.period);
                        }
                    }
                    ("source_reference", Some(at), old) => {
                        indicator.points[at].source_reference = old.unwrap_or("").to_owned();
                    }
                    ("note", Some(at), old) => {
                        indicator.points[at].note = old.unwrap_or("").to_owned();
                    }
                    _ => {}
                }
            }
            None => {}
        }
    }
    indicators.retain(|i| !gone.contains(&i.id));
}

impl StoredIndicator {
    /// Its description as it stands.
    pub fn about(&self) -> IndicatorAbout {
        IndicatorAbout {
            name: self.name.clone(),
            name_en: self.name_en.clone(),
            package_number: self.package_number,
            description: self.description.clone(),
            method: self.method.clone(),
            source: self.source.clone(),
            small_count: self.small_count,
        }
    }

    fn restore(&mut self, field: &str, old: Option<&str>) {
        let text = || old.unwrap_or("").to_owned();
        let number = || old.and_then(|t| t.parse::<f64>().ok());
        match field {
            "title" => self.name = text(),
            "title_en" => self.name_en = text(),
            "description" => self.description = text(),
            "description_en" => self.description_en = text(),
            "method" => self.method = text(),
            "source" => self.source = text(),
            "unit" => {
                if let Some(unit) = old.and_then(Unit::parse) {
                    self.unit = unit;
                }
            }
            "direction" => {
                if let Some(direction) = old.and_then(Direction::parse) {
                    self.direction = direction;
                }
            }
            "small_count" => {
                if let Some(n) = old.and_then(|t| t.parse().ok()) {
                    self.small_count = n;
                }
            }
            "target_value" => {
                if let Some(value) = number() {
                    self.target.value = value;
                }
            }
            "target_on" => {
                if let Some(due) = old.and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()) {
                    self.target.due = due;
                }
            }
            "package" => self.package_number = old.and_then(|t| t.parse().ok()),
            "sort_order" => {
                if let Some(n) = old.and_then(|t| t.parse().ok()) {
                    self.sort_order = n;
                }
            }
            "is_example" => self.is_example = old == Some("true"),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn point(code: &str, value: f64) -> StoredPoint {
        StoredPoint {
            period: Period::parse(code).unwrap(),
            value,
            source_reference: String::new(),
            note: String::new(),
        }
    }

    fn open_cases() -> StoredIndicator {
        StoredIndicator {
            id: 4,
            key: "K4".into(),
            package_id: Some(2),
            package_number: Some(2),
            sort_order: 40,
            name: "Offene Anträge älter als drei Monate".into(),
            name_en: String::new(),
            description: String::new(),
            description_en: String::new(),
            unit: Unit::Count,
            direction: Direction::Lower,
            method: String::new(),
            source: String::new(),
            small_count: 5,
            target: Target {
                value: 10.0,
                due: day(2026, 12, 31),
            },
            intermediate: vec![],
            points: vec![point("2026-Q2", 40.0), point("2026-Q3", 3.0)],
            is_example: true,
        }
    }

    fn change(field: &str, old: Option<&str>) -> IndicatorChange {
        IndicatorChange {
            indicator_id: 4,
            field: field.into(),
            old_value: old.map(str::to_owned),
        }
    }

    #[test]
    fn the_public_sees_a_small_count_only_as_fewer_than_the_threshold() {
        let indicator = open_cases();
        let today = day(2026, 11, 21);
        let public = indicator.summary(today, Audience::Public);
        assert_eq!(public.latest.unwrap().value, PublicValue::FewerThan(5));
        // The status is judged on the true value: 3 meets "at most 10".
        assert_eq!(public.status, IndicatorStatus::Reached);
        let members = indicator.summary(today, Audience::Members);
        assert_eq!(members.latest.unwrap().value, PublicValue::Value(3.0));
        let shown = indicator.shown_points(Audience::Public);
        assert_eq!(shown[0].value, PublicValue::Value(40.0));
        assert_eq!(shown[1].value, PublicValue::FewerThan(5));
    }

    #[test]
    fn field_names_round_trip() {
        let period = Period::parse("2026-Q1").unwrap();
        assert_eq!(fields::point(period, "value"), "point:2026-Q1:value");
        assert_eq!(
            fields::parse("point:2026-Q1:note"),
            Some(fields::Part::Point(period, "note"))
        );
        assert_eq!(
            fields::parse(&fields::intermediate(day(2027, 6, 30))),
            Some(fields::Part::Intermediate(day(2027, 6, 30)))
        );
        assert_eq!(fields::parse("point:2026-Q1:other"), None);
        assert_eq!(
            fields::parse("target_value"),
            Some(fields::Part::Own("target_value"))
        );
        assert_eq!(value_code(21.0), "21");
        assert_eq!(value_code(12.5), "12.5");
    }

    #[test]
    fn rewinding_undoes_points_targets_and_creation_newest_first() {
        let mut indicators = vec![open_cases()];
        indicators[0].intermediate = vec![Target {
            value: 20.0,
            due: day(2026, 6, 30),
        }];
        rewind(
            &mut indicators,
            &[
                // Newest first: the Q3 value was added, then the target raised from 5,
                // then the Q2 value corrected from 45 and its note written.
                change("point:2026-Q3:value", None),
                change("target_value", Some("5")),
                change("target:2026-06-30", None),
                change("point:2026-Q2:value", Some("45")),
                change("point:2026-Q2:note", Some("vorläufig")),
            ],
        );
        let indicator = &indicators[0];
        assert_eq!(indicator.points.len(), 1);
        assert_eq!(indicator.points[0].value, 45.0);
        assert_eq!(indicator.points[0].note, "vorläufig");
        assert_eq!(indicator.target.value, 5.0);
        assert!(indicator.intermediate.is_empty());

        rewind(&mut indicators, &[change("title", None)]);
        assert!(indicators.is_empty(), "created later: not there yet");
    }

    #[test]
    fn a_point_removed_later_comes_back() {
        let mut indicators = vec![open_cases()];
        rewind(
            &mut indicators,
            &[change("point:2026-Q1:value", Some("52"))],
        );
        let periods: Vec<String> = indicators[0]
            .points
            .iter()
            .map(|p| p.period.code())
            .collect();
        assert_eq!(periods, ["2026-Q1", "2026-Q2", "2026-Q3"]);
    }
}
