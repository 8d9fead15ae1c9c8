//! The forms that define an indicator and change its targets (admins), parsed at the
//! edge: the raw strings become a definition or a target change, or a rejection that
//! names each invalid field in the reader's language and keeps what was typed.
//! Pure: whether a key or a package exists is checked by the caller against the plan.

use chrono::NaiveDate;

use super::form::{optional_title, FormParser};
use super::indicator_values::{parse_figure, ValueProblem};
use super::messages::IndicatorRule;
use crate::domain::dates::parse_date;
use crate::domain::indicators::{Direction, Target, Unit, DEFAULT_SMALL_COUNT};
use crate::domain::text::{LongText, Reason, Title};
use crate::error::{FieldMap, FormRejection};
use crate::indicators::model::IndicatorAbout;
use crate::language::Locale;

/// The forms' field names.
pub mod fields {
    pub const KEY: &str = "key";
    pub const NAME: &str = "name";
    pub const NAME_EN: &str = "name_en";
    pub const PACKAGE: &str = "package";
    pub const UNIT: &str = "unit";
    pub const DIRECTION: &str = "direction";
    pub const DESCRIPTION: &str = "description";
    pub const METHOD: &str = "method";
    pub const SOURCE: &str = "source";
    pub const SMALL_COUNT: &str = "small_count";
    pub const TARGET_VALUE: &str = "target_value";
    pub const TARGET_ON: &str = "target_on";
    pub const INTERMEDIATE: &str = "intermediate";
    pub const REASON: &str = "reason";
}

/// A new indicator as an admin defined it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorDefinition {
    pub key: String,
    pub unit: Unit,
    pub direction: Direction,
    pub about: IndicatorAbout,
    pub target: Target,
    /// Earliest first.
    pub intermediate: Vec<Target>,
}

/// New targets for an indicator, with the public reason.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetsChange {
    pub target: Target,
    /// Earliest first.
    pub intermediate: Vec<Target>,
    pub reason: String,
}

/// A key: 1 to 32 characters, no white space.
fn key(input: &str) -> Result<String, IndicatorRule> {
    let key = input.trim();
    if (1..=32).contains(&key.chars().count()) && !key.chars().any(char::is_whitespace) {
        Ok(key.to_owned())
    } else {
        Err(IndicatorRule::KeyInvalid)
    }
}

/// A figure of `unit`: a number, not negative, a share at most 100.
pub fn figure(input: &str, unit: Unit) -> Result<f64, ValueProblem> {
    let value = parse_figure(input)?;
    if value < 0.0 {
        return Err(ValueProblem::Negative);
    }
    if unit == Unit::Percent && value > 100.0 {
        return Err(ValueProblem::PercentOver100);
    }
    Ok(value)
}

/// "30.06.2025; 35" per line, read against the final target's date.
fn intermediate(
    input: &str,
    unit: Unit,
    due: Option<NaiveDate>,
) -> Result<Vec<Target>, IndicatorRule> {
    let mut targets: Vec<Target> = Vec::new();
    for (index, line) in input.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let (day, value) = line
            .split_once([';', '\t'])
            .ok_or(IndicatorRule::IntermediateLine(number))?;
        let day = parse_date(day).map_err(|_| IndicatorRule::IntermediateLine(number))?;
        let value = figure(value, unit).map_err(|_| IndicatorRule::IntermediateLine(number))?;
        if due.is_some_and(|due| day >= due) {
            return Err(IndicatorRule::IntermediateLate(number));
        }
        if targets.iter().any(|t| t.due == day) {
            return Err(IndicatorRule::IntermediateTwice(number));
        }
        targets.push(Target { value, due: day });
    }
    targets.sort_by_key(|t| t.due);
    Ok(targets)
}

/// The intermediate targets as the form shows them: "30.06.2025; 35" per line.
pub fn intermediate_text(targets: &[Target]) -> String {
    targets
        .iter()
        .map(|t| {
            format!(
                "{}; {}",
                t.due.format("%d.%m.%Y"),
                crate::ui::format::decimal(Locale::de, t.value)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The final target and the intermediate ones of a form, for `unit`.
fn targets(form: &mut FormParser<'_>, unit: Option<Unit>) -> Option<(Target, Vec<Target>)> {
    let unit_or_days = unit.unwrap_or(Unit::Days);
    let value = form.field(fields::TARGET_VALUE, |v| figure(v, unit_or_days));
    let due = form.field(fields::TARGET_ON, parse_date);
    let intermediate = form.field(fields::INTERMEDIATE, |text| {
        intermediate(text, unit_or_days, due)
    });
    Some((
        Target {
            value: value?,
            due: due?,
        },
        intermediate?,
    ))
}

/// The fields that describe an indicator; `packages` are the plan's package numbers.
fn about(form: &mut FormParser<'_>, packages: &[u32]) -> Option<IndicatorAbout> {
    let name = form.field(fields::NAME, |v| Title::parse(v).map(Title::into_inner));
    let name_en = form.field(fields::NAME_EN, optional_title);
    let package_number = form.field(fields::PACKAGE, |v| match v.trim() {
        "" => Ok(None),
        number => number
            .parse::<u32>()
            .ok()
            .filter(|n| packages.contains(n))
            .map(Some)
            .ok_or(IndicatorRule::PackageFromList),
    });
    let description = form.field(fields::DESCRIPTION, |v| {
        LongText::parse(v).map(LongText::into_inner)
    });
    let method = form.field(fields::METHOD, |v| {
        LongText::parse(v).map(LongText::into_inner)
    });
    let source = form.field(fields::SOURCE, optional_title);
    let small_count = form.field(fields::SMALL_COUNT, |v| match v.trim() {
        "" => Ok(DEFAULT_SMALL_COUNT),
        n => n
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= 1000)
            .ok_or(IndicatorRule::ThresholdRange),
    });
    Some(IndicatorAbout {
        name: name?,
        name_en: name_en?,
        package_number: package_number?,
        description: description?,
        method: method?,
        source: source?,
        small_count: small_count?,
    })
}

/// A new indicator; `packages` are the plan's package numbers.
pub fn parse_definition(
    values: &FieldMap,
    packages: &[u32],
    locale: Locale,
) -> Result<IndicatorDefinition, FormRejection> {
    let mut form = FormParser::new(values, locale);
    let key = form.field(fields::KEY, key);
    let about = about(&mut form, packages);
    let unit = form.field(fields::UNIT, |v| {
        Unit::parse(v).ok_or(IndicatorRule::UnitFromList)
    });
    let direction = form.field(fields::DIRECTION, |v| {
        Direction::parse(v).ok_or(IndicatorRule::DirectionFromList)
    });
    let targets = targets(&mut form, unit);
    let definition = (|| {
        let (target, intermediate) = targets?;
        Some(IndicatorDefinition {
            key: key?,
            unit: unit?,
            direction: direction?,
            about: about?,
            target,
            intermediate,
        })
    })();
    form.finish(definition)
}

/// A changed description of an indicator; `packages` are the plan's package numbers.
pub fn parse_about(
    values: &FieldMap,
    packages: &[u32],
    locale: Locale,
) -> Result<IndicatorAbout, FormRejection> {
    let mut form = FormParser::new(values, locale);
    let about = about(&mut form, packages);
    form.finish(about)
}

/// New targets for an indicator of `unit` whose targets are `current` (final, then
/// intermediate): something must change, and the reason is required.
pub fn parse_targets(
    values: &FieldMap,
    unit: Unit,
    current: (Target, &[Target]),
    locale: Locale,
) -> Result<TargetsChange, FormRejection> {
    let mut form = FormParser::new(values, locale);
    let targets = targets(&mut form, Some(unit));
    let reason = form.field(fields::REASON, |v| {
        Reason::parse(v)
            .map(Reason::into_inner)
            .map_err(|_| IndicatorRule::TargetReasonRequired)
    });
    if let Some((target, intermediate)) = &targets {
        if *target == current.0 && intermediate.as_slice() == current.1 {
            form.fail(fields::TARGET_VALUE, &IndicatorRule::TargetUnchanged);
        }
    }
    let change = (|| {
        let (target, intermediate) = targets?;
        Some(TargetsChange {
            target,
            intermediate,
            reason: reason?,
        })
    })();
    form.finish(change)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn form(pairs: &[(&str, &str)]) -> FieldMap {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn complete() -> FieldMap {
        form(&[
            ("key", " K5 "),
            ("name", "Wartezeit auf einen Termin"),
            ("name_en", ""),
            ("package", "3"),
            ("unit", "tage"),
            ("direction", "niedriger"),
            ("description", "Median der Tage"),
            ("method", ""),
            ("source", "Ausländerbehörde"),
            ("small_count", ""),
            ("target_value", "21"),
            ("target_on", "31.12.2027"),
            ("intermediate", "30.06.2026; 35\n\n2025-12-31;40,5"),
        ])
    }

    #[test]
    fn a_complete_definition_parses() {
        let definition = parse_definition(&complete(), &[1, 2, 3], Locale::de).unwrap();
        assert_eq!(definition.key, "K5");
        assert_eq!(definition.about.package_number, Some(3));
        assert_eq!(definition.about.small_count, DEFAULT_SMALL_COUNT);
        assert_eq!(
            definition.target,
            Target {
                value: 21.0,
                due: day("2027-12-31")
            }
        );
        assert_eq!(
            definition.intermediate,
            [
                Target {
                    value: 40.5,
                    due: day("2025-12-31")
                },
                Target {
                    value: 35.0,
                    due: day("2026-06-30")
                }
            ],
            "sorted, blank lines skipped, both date forms and decimal commas"
        );
        assert_eq!(
            intermediate_text(&definition.intermediate),
            "31.12.2025; 40,5\n30.06.2026; 35"
        );
    }

    #[test]
    fn each_bad_field_is_named_and_the_input_kept() {
        let mut values = complete();
        for (field, value) in [
            ("key", "K 5"),
            ("name", ""),
            ("package", "9"),
            ("unit", "stück"),
            ("direction", "seitwärts"),
            ("small_count", "1001"),
            ("target_value", "-1"),
            ("target_on", "morgen"),
        ] {
            values.insert(field.to_owned(), value.to_owned());
        }
        let rejection = parse_definition(&values, &[1, 2, 3], Locale::de).unwrap_err();
        for field in [
            "key",
            "name",
            "package",
            "unit",
            "direction",
            "small_count",
            "target_value",
            "target_on",
        ] {
            assert!(
                rejection.errors.contains_key(field),
                "{field}: {rejection:?}"
            );
        }
        assert_eq!(rejection.values["key"], "K 5");
        assert_eq!(
            rejection.errors["package"],
            "Bitte ein Paket aus der Liste wählen oder „zum ganzen Plan“."
        );
    }

    #[test]
    fn a_description_is_read_without_key_unit_direction_or_targets() {
        let about = parse_about(&complete(), &[3], Locale::de).unwrap();
        assert_eq!(about.name, "Wartezeit auf einen Termin");
        assert_eq!(about.package_number, Some(3));
        assert_eq!(about.source, "Ausländerbehörde");
        let mut values = form(&[("name", " "), ("package", ""), ("small_count", "x")]);
        let rejection = parse_about(&values, &[3], Locale::en).unwrap_err();
        assert_eq!(
            rejection.errors.keys().collect::<Vec<_>>(),
            ["name", "small_count"],
            "the missing texts are optional, the package the whole plan"
        );
        values.insert("name".into(), "Offene Anträge".into());
        values.insert("small_count".into(), "10".into());
        let about = parse_about(&values, &[3], Locale::en).unwrap();
        assert_eq!((about.package_number, about.small_count), (None, 10));
    }

    #[test]
    fn intermediate_targets_are_read_line_by_line() {
        let check = |text: &str, unit: Unit| intermediate(text, unit, Some(day("2027-01-01")));
        assert_eq!(
            check("30.06.2026 35", Unit::Days),
            Err(IndicatorRule::IntermediateLine(1))
        );
        assert_eq!(
            check("\n2026-13-01; 3", Unit::Days),
            Err(IndicatorRule::IntermediateLine(2))
        );
        assert_eq!(
            check("2026-01-01; 120", Unit::Percent),
            Err(IndicatorRule::IntermediateLine(1))
        );
        assert_eq!(
            check("2027-01-01; 3", Unit::Days),
            Err(IndicatorRule::IntermediateLate(1))
        );
        assert_eq!(
            check("2026-01-01; 3\n01.01.2026; 4", Unit::Days),
            Err(IndicatorRule::IntermediateTwice(2))
        );
        assert_eq!(check("", Unit::Days), Ok(Vec::new()));
        let rejection = {
            let mut values = complete();
            values.insert("intermediate".into(), "2028-01-01; 3".into());
            parse_definition(&values, &[3], Locale::en).unwrap_err()
        };
        assert_eq!(
            rejection.errors["intermediate"],
            "Line 1: an intermediate target lies before the target date."
        );
    }

    #[test]
    fn a_target_change_needs_a_change_and_a_reason() {
        let current = Target {
            value: 21.0,
            due: day("2026-12-31"),
        };
        let earlier = [Target {
            value: 35.0,
            due: day("2025-06-30"),
        }];
        let same = form(&[
            ("target_value", "21"),
            ("target_on", "31.12.2026"),
            ("intermediate", "30.06.2025; 35"),
            ("reason", ""),
        ]);
        let rejection =
            parse_targets(&same, Unit::Days, (current, &earlier), Locale::de).unwrap_err();
        assert!(rejection.errors["target_value"].contains("unverändert"));
        assert!(rejection.errors["reason"].contains("Begründung"));

        let moved = form(&[
            ("target_value", "18"),
            ("target_on", "30.06.2027"),
            ("intermediate", ""),
            ("reason", "Neue Zielvereinbarung"),
        ]);
        let change = parse_targets(&moved, Unit::Days, (current, &earlier), Locale::de).unwrap();
        assert_eq!(change.target.value, 18.0);
        assert!(
            change.intermediate.is_empty(),
            "an intermediate target removed"
        );
        assert_eq!(change.reason, "Neue Zielvereinbarung");
    }
}
