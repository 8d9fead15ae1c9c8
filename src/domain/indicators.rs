//! Indicators with targets (issue 20): whether the reform makes a difference, not only
//! whether milestones are ticked. An indicator has a direction (lower or higher is
//! better), a target value with a target date, optional intermediate targets, and data
//! points per period (month, quarter or year) – aggregated figures only, never data about
//! a person. A count below a threshold is shown publicly as "fewer than N", never as the
//! number.
//!
//! Pure: the status of an indicator on a day, periods, and what the public may see.

use std::cmp::Ordering;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    /// Lower is better (days of waiting, open applications).
    Lower,
    /// Higher is better (a share of consultations with an interpreter).
    Higher,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::Lower => "niedriger",
            Direction::Higher => "hoeher",
        }
    }

    pub fn parse(input: &str) -> Option<Direction> {
        [Direction::Lower, Direction::Higher]
            .into_iter()
            .find(|d| d.code() == input.trim())
    }

    /// Whether `value` meets `target` (reaching it exactly counts).
    pub fn meets(self, value: f64, target: f64) -> bool {
        match self {
            Direction::Lower => value <= target,
            Direction::Higher => value >= target,
        }
    }
}

/// What an indicator counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    Days,
    Percent,
    /// A number of cases, applications, people trained: small ones are not shown.
    Count,
}

impl Unit {
    pub const ALL: [Unit; 3] = [Unit::Days, Unit::Percent, Unit::Count];

    pub fn code(self) -> &'static str {
        match self {
            Unit::Days => "tage",
            Unit::Percent => "prozent",
            Unit::Count => "anzahl",
        }
    }

    pub fn parse(input: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.code() == input.trim())
    }
}

/// The period a data point covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
}

/// Why a text is no period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("„{0}“ ist kein Zeitraum. Bitte als Monat (2026-03), Quartal (2026-Q1) oder Jahr (2026) angeben.")]
    Format(String),
    #[error("Der Zeitraum {0} liegt außerhalb der Jahre 1990 bis 2100.")]
    OutOfRange(String),
}

impl Period {
    /// Reads `2026-03` (also `03/2026`), `2026-Q1` (also `Q1/2026`, `2026-q1`) or `2026`.
    pub fn parse(input: &str) -> Result<Period, PeriodError> {
        let text = input.trim();
        let wrong = || PeriodError::Format(text.to_owned());
        let number = |s: &str| -> Option<u32> {
            (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let (year, rest) = if let Some((a, b)) = text.split_once('-') {
            (number(a).filter(|_| a.len() == 4), Some(b))
        } else if let Some((a, b)) = text.split_once('/') {
            (number(b).filter(|_| b.len() == 4), Some(a))
        } else {
            (number(text).filter(|_| text.len() == 4), None)
        };
        let year = year.ok_or_else(wrong)? as i32;
        let period = match rest {
            None => Period::Year { year },
            Some(part) => {
                let part = part.trim();
                if let Some(q) = part.strip_prefix(['Q', 'q']) {
                    match number(q) {
                        Some(quarter @ 1..=4) if q.len() == 1 => Period::Quarter { year, quarter },
                        _ => return Err(wrong()),
                    }
                } else {
                    match number(part) {
                        Some(month @ 1..=12) if part.len() <= 2 => Period::Month { year, month },
                        _ => return Err(wrong()),
                    }
                }
            }
        };
        if !(1990..=2100).contains(&year) {
            return Err(PeriodError::OutOfRange(text.to_owned()));
        }
        Ok(period)
    }

    /// As stored and exported: `2026-03`, `2026-Q1`, `2026`.
    pub fn code(self) -> String {
        match self {
            Period::Month { year, month } => format!("{year}-{month:02}"),
            Period::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            Period::Year { year } => format!("{year}"),
        }
    }

    pub fn start(self) -> NaiveDate {
        let (year, month) = match self {
            Period::Month { year, month } => (year, month),
            Period::Quarter { year, quarter } => (year, 3 * quarter - 2),
            Period::Year { year } => (year, 1),
        };
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the period.
    pub fn end(self) -> NaiveDate {
        self.next().start().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// The period of the same kind that follows.
    pub fn next(self) -> Period {
        match self {
            Period::Month { year, month: 12 } => Period::Month {
                year: year + 1,
                month: 1,
            },
            Period::Month { year, month } => Period::Month {
                year,
                month: month + 1,
            },
            Period::Quarter { year, quarter: 4 } => Period::Quarter {
                year: year + 1,
                quarter: 1,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year,
                quarter: quarter + 1,
            },
            Period::Year { year } => Period::Year { year: year + 1 },
        }
    }

    /// The period of this kind that contains `day`.
    pub fn containing(self, day: NaiveDate) -> Period {
        match self {
            Period::Month { .. } => Period::Month {
                year: day.year(),
                month: day.month(),
            },
            Period::Quarter { .. } => Period::Quarter {
                year: day.year(),
                quarter: (day.month() - 1) / 3 + 1,
            },
            Period::Year { .. } => Period::Year { year: day.year() },
        }
    }
}

/// Periods in time: by their end, then by their start (a month before the quarter that
/// ends with it, a quarter before the year).
impl Ord for Period {
    fn cmp(&self, other: &Period) -> Ordering {
        (self.end(), other.start()).cmp(&(other.end(), self.start()))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A value to reach by a day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub value: f64,
    pub due: NaiveDate,
}

/// One period's value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DataPoint {
    pub period: Period,
    pub value: f64,
}

/// What an indicator's figures say on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IndicatorStatus {
    /// "Ziel erreicht": the latest value meets the target.
    Reached,
    /// "auf Kurs": not yet, the target date is ahead, and no intermediate target that is
    /// due was missed.
    OnCourse,
    /// "verfehlt": the target date has passed without it, or the intermediate target
    /// due last was missed.
    Missed,
    /// "keine aktuellen Daten": the period after the latest value has ended too.
    Stale,
    /// No value yet.
    NoData,
}

impl IndicatorStatus {
    pub fn code(self) -> &'static str {
        match self {
            IndicatorStatus::Reached => "erreicht",
            IndicatorStatus::OnCourse => "auf_kurs",
            IndicatorStatus::Missed => "verfehlt",
            IndicatorStatus::Stale => "veraltet",
            IndicatorStatus::NoData => "keine_daten",
        }
    }
}

/// The indicator's status on `today`: `target` is the final one, `intermediate` the
/// ones before it (any order), `points` the values (any order).
pub fn status(
    direction: Direction,
    target: Target,
    intermediate: &[Target],
    points: &[DataPoint],
    today: NaiveDate,
) -> IndicatorStatus {
    let Some(latest) = points.iter().max_by_key(|p| p.period) else {
        return IndicatorStatus::NoData;
    };
    // A period's value is due within the next period; after that it is out of date,
    // whatever it said.
    if today > latest.period.next().end() {
        return IndicatorStatus::Stale;
    }
    if direction.meets(latest.value, target.value) {
        return IndicatorStatus::Reached;
    }
    if today > target.due {
        return IndicatorStatus::Missed;
    }
    // The intermediate target due last, judged by the value known for its date (the
    // latest period that ended by then; without one, the latest value).
    let due = intermediate
        .iter()
        .filter(|t| t.due < today && t.due <= target.due)
        .max_by_key(|t| t.due);
    if let Some(due) = due {
        let known = points
            .iter()
            .filter(|p| p.period.end() <= due.due)
            .max_by_key(|p| p.period)
            .unwrap_or(latest);
        if !direction.meets(known.value, due.value) {
            return IndicatorStatus::Missed;
        }
    }
    IndicatorStatus::OnCourse
}

/// The threshold below which a count is not shown publicly, unless an indicator sets its own.
pub const DEFAULT_SMALL_COUNT: u32 = 5;

/// A value as a signed-out reader may see it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum PublicValue {
    Value(f64),
    /// A count below the threshold: "weniger als {threshold}", never the number.
    FewerThan(u32),
}

/// What the public sees of `value`: counts below `threshold` only as "fewer than".
pub fn public_value(unit: Unit, value: f64, threshold: u32) -> PublicValue {
    if unit == Unit::Count && value < f64::from(threshold) {
        PublicValue::FewerThan(threshold)
    } else {
        PublicValue::Value(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn month(year: i32, month: u32, value: f64) -> DataPoint {
        DataPoint {
            period: Period::Month { year, month },
            value,
        }
    }

    /// Days to an appointment, target ≤ 21 by the end of 2026.
    const WAIT: Target = Target {
        value: 21.0,
        due: NaiveDate::from_ymd_opt(2026, 12, 31).expect("a day"),
    };

    #[test]
    fn periods_read_write_and_end() {
        for (text, code) in [
            ("2026-03", "2026-03"),
            ("3/2026", "2026-03"),
            (" 2026-q4 ", "2026-Q4"),
            ("Q1/2026", "2026-Q1"),
            ("2026", "2026"),
        ] {
            assert_eq!(Period::parse(text).unwrap().code(), code, "{text}");
        }
        for bad in [
            "",
            "26",
            "2026-13",
            "2026-Q5",
            "2026-Q",
            "März 2026",
            "2026-3-1",
            "20261",
        ] {
            assert!(
                matches!(Period::parse(bad), Err(PeriodError::Format(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            Period::parse("1989"),
            Err(PeriodError::OutOfRange(_))
        ));
        assert_eq!(Period::parse("2024-02").unwrap().end(), day(2024, 2, 29));
        assert_eq!(Period::parse("2026-Q4").unwrap().end(), day(2026, 12, 31));
        assert_eq!(
            Period::parse("2026-12").unwrap().next(),
            Period::Month {
                year: 2027,
                month: 1
            }
        );
        assert_eq!(Period::parse("2026-Q2").unwrap().start(), day(2026, 4, 1));
        assert_eq!(
            Period::Quarter {
                year: 2000,
                quarter: 1
            }
            .containing(day(2026, 8, 15))
            .code(),
            "2026-Q3"
        );
        let mut periods: Vec<Period> = ["2026", "2026-Q4", "2026-12", "2026-01", "2025"]
            .into_iter()
            .map(|p| Period::parse(p).unwrap())
            .collect();
        periods.sort();
        let codes: Vec<String> = periods.into_iter().map(Period::code).collect();
        assert_eq!(codes, ["2025", "2026-01", "2026-12", "2026-Q4", "2026"]);
    }

    #[test]
    fn no_data_and_stale_data_say_so() {
        assert_eq!(
            status(Direction::Lower, WAIT, &[], &[], day(2026, 5, 1)),
            IndicatorStatus::NoData
        );
        let march = [month(2026, 3, 10.0)];
        // March's value may come in April; from May on it is out of date.
        assert_eq!(
            status(Direction::Lower, WAIT, &[], &march, day(2026, 4, 30)),
            IndicatorStatus::Reached
        );
        assert_eq!(
            status(Direction::Lower, WAIT, &[], &march, day(2026, 5, 1)),
            IndicatorStatus::Stale,
            "even a value that met the target"
        );
        let yearly = [DataPoint {
            period: Period::Year { year: 2025 },
            value: 30.0,
        }];
        assert_eq!(
            status(Direction::Lower, WAIT, &[], &yearly, day(2026, 12, 31)),
            IndicatorStatus::OnCourse
        );
        assert_eq!(
            status(Direction::Lower, WAIT, &[], &yearly, day(2027, 1, 1)),
            IndicatorStatus::Stale
        );
    }

    #[test]
    fn the_direction_decides_what_reached_means() {
        let points = [month(2026, 2, 40.0), month(2026, 3, 21.0)];
        assert_eq!(
            status(Direction::Lower, WAIT, &[], &points, day(2026, 4, 2)),
            IndicatorStatus::Reached,
            "exactly the target counts"
        );
        let share = Target {
            value: 80.0,
            due: day(2026, 12, 31),
        };
        let shares = [month(2026, 3, 79.5)];
        assert_eq!(
            status(Direction::Higher, share, &[], &shares, day(2026, 4, 2)),
            IndicatorStatus::OnCourse
        );
        assert_eq!(
            status(Direction::Lower, share, &[], &shares, day(2026, 4, 2)),
            IndicatorStatus::Reached
        );
        // Only the latest value counts, in whatever order the points come.
        let unordered = [month(2026, 3, 25.0), month(2026, 1, 15.0)];
        assert_eq!(
            status(Direction::Lower, WAIT, &[], &unordered, day(2026, 4, 2)),
            IndicatorStatus::OnCourse
        );
    }

    #[test]
    fn a_passed_target_date_without_the_target_is_missed() {
        let points = [month(2026, 12, 30.0)];
        assert_eq!(
            status(Direction::Lower, WAIT, &[], &points, day(2026, 12, 31)),
            IndicatorStatus::OnCourse,
            "on the target date itself there is still time"
        );
        assert_eq!(
            status(Direction::Lower, WAIT, &[], &points, day(2027, 1, 1)),
            IndicatorStatus::Missed
        );
        let late = [month(2026, 12, 30.0), month(2027, 1, 20.0)];
        assert_eq!(
            status(Direction::Lower, WAIT, &[], &late, day(2027, 2, 1)),
            IndicatorStatus::Reached,
            "reached late is reached"
        );
    }

    #[test]
    fn an_intermediate_target_due_last_is_judged_by_the_value_known_then() {
        let halfway = Target {
            value: 35.0,
            due: day(2026, 6, 30),
        };
        let points = [
            month(2026, 5, 40.0),
            month(2026, 6, 34.0),
            month(2026, 7, 36.0),
        ];
        // June's 34 met the 35 due at the end of June; July's 36 does not undo that.
        assert_eq!(
            status(
                Direction::Lower,
                WAIT,
                &[halfway],
                &points,
                day(2026, 8, 10)
            ),
            IndicatorStatus::OnCourse
        );
        let missed = [month(2026, 5, 40.0), month(2026, 6, 38.0)];
        assert_eq!(
            status(
                Direction::Lower,
                WAIT,
                &[halfway],
                &missed,
                day(2026, 7, 10)
            ),
            IndicatorStatus::Missed
        );
        // Before its date an intermediate target is not judged.
        assert_eq!(
            status(
                Direction::Lower,
                WAIT,
                &[halfway],
                &missed[..1],
                day(2026, 6, 10)
            ),
            IndicatorStatus::OnCourse
        );
        // Only the one due last counts: an earlier miss is history.
        let early = Target {
            value: 30.0,
            due: day(2026, 3, 31),
        };
        assert_eq!(
            status(
                Direction::Lower,
                WAIT,
                &[early, halfway],
                &points,
                day(2026, 8, 10)
            ),
            IndicatorStatus::OnCourse
        );
        // No value by its date: the latest value stands in.
        let after = [month(2026, 7, 33.0)];
        assert_eq!(
            status(Direction::Lower, WAIT, &[halfway], &after, day(2026, 8, 10)),
            IndicatorStatus::OnCourse
        );
    }

    #[test]
    fn small_counts_are_never_shown_as_numbers() {
        assert_eq!(
            public_value(Unit::Count, 4.0, DEFAULT_SMALL_COUNT),
            PublicValue::FewerThan(5)
        );
        assert_eq!(
            public_value(Unit::Count, 0.0, DEFAULT_SMALL_COUNT),
            PublicValue::FewerThan(5)
        );
        assert_eq!(
            public_value(Unit::Count, 5.0, DEFAULT_SMALL_COUNT),
            PublicValue::Value(5.0)
        );
        assert_eq!(
            public_value(Unit::Count, 9.0, 10),
            PublicValue::FewerThan(10)
        );
        assert_eq!(
            public_value(Unit::Percent, 3.0, DEFAULT_SMALL_COUNT),
            PublicValue::Value(3.0),
            "a share is no count"
        );
        assert_eq!(Unit::parse("anzahl"), Some(Unit::Count));
        assert_eq!(Direction::parse("hoeher"), Some(Direction::Higher));
        assert_eq!(IndicatorStatus::Stale.code(), "veraltet");
    }
}
