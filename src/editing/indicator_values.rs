//! Entering an indicator's values: one period through a form, or many pasted as CSV
//! (`Zeitraum;Wert;Quelle;Hinweis`, one line per period). Before anything is saved, a dry
//! run shows each line's result: new, changed (from what), unchanged, or what is wrong
//! with it, by line and field. Pure: the server reads the lines against the stored values
//! and saves exactly what the dry run showed (`fingerprint`), or nothing.

use serde::{Deserialize, Serialize};

use crate::domain::indicators::Period;

/// At most this many characters of pasted text (the dry run travels in the address).
pub const MAX_TEXT: usize = 8_000;
/// At most this many lines with a value.
pub const MAX_LINES: usize = 200;
/// The largest CSV file taken for upload (its text must also fit [`MAX_TEXT`]).
pub const MAX_FILE_BYTES: usize = 64 * 1024;
/// The upload form's file field.
pub const FILE_FIELD: &str = "datei";

/// What is wrong with an uploaded file as a whole; its lines are the dry run's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    Empty,
    TooLarge,
    /// Not text (a spreadsheet file, an image).
    Unreadable,
}

impl FileProblem {
    pub const ALL: [FileProblem; 3] = [
        FileProblem::Empty,
        FileProblem::TooLarge,
        FileProblem::Unreadable,
    ];

    /// In the address of the form it goes back to (`?datei=leer`).
    pub fn code(self) -> &'static str {
        match self {
            FileProblem::Empty => "leer",
            FileProblem::TooLarge => "zu-gross",
            FileProblem::Unreadable => "nicht-lesbar",
        }
    }

    pub fn parse(code: &str) -> Option<FileProblem> {
        FileProblem::ALL.into_iter().find(|p| p.code() == code)
    }
}
/// The longest source reference and note.
pub const MAX_SOURCE: usize = 2_000;
pub const MAX_NOTE: usize = 5_000;

/// Which field of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValueField {
    Period,
    Value,
    Source,
    Note,
    /// The line as a whole (too many columns, a duplicate period).
    Line,
}

/// What is wrong with a line; the page says it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValueProblem {
    PeriodMissing,
    /// Not a period (the text as given).
    NotAPeriod(String),
    PeriodOutOfRange(String),
    /// The period has not begun yet.
    PeriodAhead(String),
    ValueMissing,
    NotANumber(String),
    Negative,
    PercentOver100,
    /// A count with decimals.
    NotWhole,
    TooLong {
        max: usize,
    },
    TooManyColumns,
    /// The period came already in line `first`.
    Duplicate {
        first: usize,
    },
    /// More lines than [`MAX_LINES`], or more text than [`MAX_TEXT`].
    TooMuch,
}

/// One line's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ValueOutcome {
    New,
    Changed {
        old_value: f64,
        old_source: String,
        old_note: String,
    },
    Unchanged,
    Problem {
        field: ValueField,
        problem: ValueProblem,
    },
}

/// A line of the dry run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckedValue {
    /// From 1, as an editor counts the pasted lines.
    pub line: usize,
    pub period: Option<Period>,
    pub value: Option<f64>,
    pub source: String,
    pub note: String,
    pub outcome: ValueOutcome,
}

impl CheckedValue {
    pub fn is_problem(&self) -> bool {
        matches!(self.outcome, ValueOutcome::Problem { .. })
    }

    /// Saved when applied.
    pub fn is_saved(&self) -> bool {
        matches!(
            self.outcome,
            ValueOutcome::New | ValueOutcome::Changed { .. }
        )
    }
}

/// A figure as people type it: `23`, `23,5` or `23.5`; no thousands separators.
pub fn parse_figure(text: &str) -> Result<f64, ValueProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ValueProblem::ValueMissing);
    }
    let wrong = || ValueProblem::NotANumber(text.chars().take(40).collect());
    if text.contains(',') && text.contains('.') {
        return Err(wrong());
    }
    let value: f64 = text.replace(',', ".").parse().map_err(|_| wrong())?;
    if !value.is_finite() {
        return Err(wrong());
    }
    Ok(value)
}

#[cfg(feature = "ssr")]
pub use reader::{check_lines, fingerprint, split, Line};

#[cfg(feature = "ssr")]
mod reader {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::indicators::{PeriodError, Unit};
    use crate::indicators::model::StoredPoint;

    /// A line as entered, before any check.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Line {
        pub line: usize,
        pub fields: Vec<String>,
    }

    /// Splits pasted text into lines of fields: separated by `;`, a tab or `,` (whichever
    /// the first line uses; `;` when a German spreadsheet wrote it), quotes as in CSV.
    /// A first line naming the columns ("Zeitraum;Wert…") is left out; empty lines too.
    pub fn split(text: &str) -> Vec<Line> {
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let delimiter = if first.contains(';') {
            b';'
        } else if first.contains('\t') {
            b'\t'
        } else {
            b','
        };
        let mut lines = Vec::new();
        // Line by line, so each keeps the number an editor sees.
        for (index, raw) in text.lines().enumerate() {
            if raw.trim().is_empty() {
                continue;
            }
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(raw.as_bytes());
            let fields: Vec<String> = match reader.records().next() {
                Some(Ok(record)) => record.iter().map(|f| f.trim().to_owned()).collect(),
                // An unbalanced quote: the line as one field, to be named as wrong.
                _ => vec![raw.trim().to_owned()],
            };
            let header = lines.is_empty()
                && fields.first().is_some_and(|f| {
                    let f = f.to_lowercase();
                    f.starts_with("zeitraum") || f.starts_with("period")
                });
            if !header {
                lines.push(Line {
                    line: index + 1,
                    fields,
                });
            }
        }
        lines
    }

    /// A line's period and figure, or which field is wrong and why.
    fn read_line(
        line: &Line,
        unit: Unit,
        today: NaiveDate,
    ) -> Result<(Period, f64), (ValueField, ValueProblem)> {
        let field = |i: usize| line.fields.get(i).map(String::as_str).unwrap_or("");
        if line.fields.len() > 4 {
            return Err((ValueField::Line, ValueProblem::TooManyColumns));
        }
        let period_text = field(0);
        if period_text.is_empty() {
            return Err((ValueField::Period, ValueProblem::PeriodMissing));
        }
        let period = Period::parse(period_text).map_err(|error| {
            let problem = match error {
                PeriodError::Format(text) => ValueProblem::NotAPeriod(text),
                PeriodError::OutOfRange(text) => ValueProblem::PeriodOutOfRange(text),
            };
            (ValueField::Period, problem)
        })?;
        if period.start() > today {
            return Err((ValueField::Period, ValueProblem::PeriodAhead(period.code())));
        }
        let value = parse_figure(field(1)).map_err(|p| (ValueField::Value, p))?;
        let wrong = if value < 0.0 {
            Some(ValueProblem::Negative)
        } else if unit == Unit::Percent && value > 100.0 {
            Some(ValueProblem::PercentOver100)
        } else if unit == Unit::Count && value.fract() != 0.0 {
            Some(ValueProblem::NotWhole)
        } else {
            None
        };
        if let Some(problem) = wrong {
            return Err((ValueField::Value, problem));
        }
        if field(2).chars().count() > MAX_SOURCE {
            return Err((
                ValueField::Source,
                ValueProblem::TooLong { max: MAX_SOURCE },
            ));
        }
        if field(3).chars().count() > MAX_NOTE {
            return Err((ValueField::Note, ValueProblem::TooLong { max: MAX_NOTE }));
        }
        Ok((period, value))
    }

    fn check_line(line: &Line, unit: Unit, today: NaiveDate) -> CheckedValue {
        let text = |i: usize| line.fields.get(i).cloned().unwrap_or_default();
        let (period, value, outcome) = match read_line(line, unit, today) {
            Ok((period, value)) => (Some(period), Some(value), ValueOutcome::New),
            Err((field, problem)) => (None, None, ValueOutcome::Problem { field, problem }),
        };
        CheckedValue {
            line: line.line,
            period,
            value,
            source: text(2),
            note: text(3),
            outcome,
        }
    }

    /// Every line's result against the stored `points`.
    pub fn check_lines(
        lines: &[Line],
        unit: Unit,
        points: &[StoredPoint],
        today: NaiveDate,
    ) -> Vec<CheckedValue> {
        if lines.len() > MAX_LINES {
            let mut first = check_line(&lines[MAX_LINES], unit, today);
            first.outcome = ValueOutcome::Problem {
                field: ValueField::Line,
                problem: ValueProblem::TooMuch,
            };
            return vec![first];
        }
        let mut seen: Vec<(Period, usize)> = Vec::new();
        lines
            .iter()
            .map(|line| {
                let mut checked = check_line(line, unit, today);
                let Some(period) = checked.period else {
                    return checked;
                };
                if let Some((_, first)) = seen.iter().find(|(p, _)| *p == period) {
                    checked.outcome = ValueOutcome::Problem {
                        field: ValueField::Period,
                        problem: ValueProblem::Duplicate { first: *first },
                    };
                    return checked;
                }
                seen.push((period, line.line));
                if let Some(stored) = points.iter().find(|p| p.period == period) {
                    let same = Some(stored.value) == checked.value
                        && stored.source_reference == checked.source
                        && stored.note == checked.note;
                    checked.outcome = if same {
                        ValueOutcome::Unchanged
                    } else {
                        ValueOutcome::Changed {
                            old_value: stored.value,
                            old_source: stored.source_reference.clone(),
                            old_note: stored.note.clone(),
                        }
                    };
                }
                checked
            })
            .collect()
    }

    /// What the dry run showed, in a form that changes when anything it depends on
    /// changes: each line's outcome with the stored value it was judged against.
    pub fn fingerprint(checked: &[CheckedValue]) -> String {
        checked
            .iter()
            .map(|c| match (&c.period, &c.outcome) {
                (Some(p), ValueOutcome::New) => format!("{}:neu", p.code()),
                (Some(p), ValueOutcome::Changed { old_value, .. }) => {
                    format!("{}:{old_value}", p.code())
                }
                (Some(p), ValueOutcome::Unchanged) => format!("{}:gleich", p.code()),
                _ => format!("{}:fehler", c.line),
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn day(y: i32, m: u32, d: u32) -> NaiveDate {
            NaiveDate::from_ymd_opt(y, m, d).unwrap()
        }

        fn stored(code: &str, value: f64) -> StoredPoint {
            StoredPoint {
                period: Period::parse(code).unwrap(),
                value,
                source_reference: String::new(),
                note: String::new(),
            }
        }

        fn outcomes(text: &str, unit: Unit) -> Vec<(usize, ValueOutcome)> {
            let points = [stored("2026-Q1", 25.0), stored("2026-Q2", 23.0)];
            check_lines(&split(text), unit, &points, day(2026, 11, 21))
                .into_iter()
                .map(|c| (c.line, c.outcome))
                .collect()
        }

        fn problem(field: ValueField, problem: ValueProblem) -> ValueOutcome {
            ValueOutcome::Problem { field, problem }
        }

        #[test]
        fn each_line_is_new_changed_unchanged_or_wrong_with_line_and_field() {
            let text = "Zeitraum;Wert;Quelle;Hinweis\n\
                        2026-Q1;25\n\
                        2026-Q2;22,5;Quartalsbericht\n\
                        2026-Q3;21\n\
                        \n\
                        2026-13;20\n\
                        2027-Q1;19\n\
                        2025;zwanzig\n\
                        2025-Q3;-1\n\
                        2026-Q3;20\n\
                        ;20\n\
                        2024;1;2;3;4\n";
            assert_eq!(
                outcomes(text, Unit::Days),
                vec![
                    (2, ValueOutcome::Unchanged),
                    (
                        3,
                        ValueOutcome::Changed {
                            old_value: 23.0,
                            old_source: String::new(),
                            old_note: String::new()
                        }
                    ),
                    (4, ValueOutcome::New),
                    (
                        6,
                        problem(
                            ValueField::Period,
                            ValueProblem::NotAPeriod("2026-13".into())
                        )
                    ),
                    (
                        7,
                        problem(
                            ValueField::Period,
                            ValueProblem::PeriodAhead("2027-Q1".into())
                        )
                    ),
                    (
                        8,
                        problem(
                            ValueField::Value,
                            ValueProblem::NotANumber("zwanzig".into())
                        )
                    ),
                    (9, problem(ValueField::Value, ValueProblem::Negative)),
                    (
                        10,
                        problem(ValueField::Period, ValueProblem::Duplicate { first: 4 })
                    ),
                    (11, problem(ValueField::Period, ValueProblem::PeriodMissing)),
                    (12, problem(ValueField::Line, ValueProblem::TooManyColumns)),
                ]
            );
        }

        #[test]
        fn commas_tabs_quotes_and_units() {
            // Comma-separated with a quoted note that holds a comma.
            let lines = split("2026-03,12.5,\"Bericht, S. 4\",vorläufig\n");
            assert_eq!(
                lines[0].fields,
                ["2026-03", "12.5", "Bericht, S. 4", "vorläufig"]
            );
            let lines = split("2026-03\t12\n");
            assert_eq!(lines[0].fields, ["2026-03", "12"]);
            assert_eq!(
                outcomes("2026;101", Unit::Percent)[0].1,
                problem(ValueField::Value, ValueProblem::PercentOver100)
            );
            assert_eq!(
                outcomes("2026;1.234", Unit::Count)[0].1,
                problem(ValueField::Value, ValueProblem::NotWhole)
            );
            assert_eq!(
                outcomes("2026;1.234,5", Unit::Days)[0].1,
                problem(
                    ValueField::Value,
                    ValueProblem::NotANumber("1.234,5".into())
                )
            );
            assert_eq!(outcomes("2026;100", Unit::Percent)[0].1, ValueOutcome::New);
        }

        #[test]
        fn the_fingerprint_changes_with_the_stored_value() {
            let lines = split("2026-Q2;22\n");
            let day = day(2026, 11, 21);
            let before = fingerprint(&check_lines(
                &lines,
                Unit::Days,
                &[stored("2026-Q2", 23.0)],
                day,
            ));
            let after = fingerprint(&check_lines(
                &lines,
                Unit::Days,
                &[stored("2026-Q2", 24.0)],
                day,
            ));
            assert_ne!(before, after);
        }
    }
}
