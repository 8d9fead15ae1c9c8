//! Moves of the administration's forecast (Prognose): why a forecast moved later, and
//! what the moves of one milestone add up to ("3× verschoben, zusammen +147 Tage").
//!
//! Pure: the moves come from the history, the words from the locale files.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why a forecast moved later: the categories the working group reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DelayCategory {
    /// Staff: vacancies, illness, training.
    Staff,
    /// An open legal question.
    Legal,
    /// Budget or procurement.
    Budget,
    /// Waiting for another body (ministry, federal office, IT provider).
    Dependency,
    Other,
}

impl DelayCategory {
    pub const ALL: [DelayCategory; 5] = [
        DelayCategory::Staff,
        DelayCategory::Legal,
        DelayCategory::Budget,
        DelayCategory::Dependency,
        DelayCategory::Other,
    ];

    /// The value stored in the history, sent by forms and written in exports.
    pub fn code(self) -> &'static str {
        match self {
            DelayCategory::Staff => "personal",
            DelayCategory::Legal => "rechtsfrage",
            DelayCategory::Budget => "haushalt",
            DelayCategory::Dependency => "abhaengigkeit",
            DelayCategory::Other => "sonstiges",
        }
    }

    pub fn parse(input: &str) -> Option<DelayCategory> {
        let input = input.trim();
        DelayCategory::ALL.into_iter().find(|c| c.code() == input)
    }
}

/// A forecast that was changed from one date to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastMove {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl ForecastMove {
    /// Days moved: positive when later.
    pub fn days(self) -> i64 {
        (self.to - self.from).num_days()
    }
}

/// Whether changing a forecast from `old` to `new` must say why: only a move to a later
/// date does. Setting a first forecast, bringing it forward or removing it does not
/// (removing leaves the milestone without a forecast, which the pages say).
pub fn needs_reason(old: Option<NaiveDate>, new: Option<NaiveDate>) -> bool {
    matches!((old, new), (Some(old), Some(new)) if new > old)
}

/// What the moves of one milestone add up to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Postponements {
    /// Moves to a later date, and their days together.
    pub later: u32,
    pub later_days: i64,
    /// Moves to an earlier date, and their days together (a positive number).
    pub earlier: u32,
    pub earlier_days: i64,
}

impl Postponements {
    pub fn is_empty(&self) -> bool {
        self.later == 0 && self.earlier == 0
    }

    /// Days from the first forecast to the current one, over all moves.
    pub fn net_days(&self) -> i64 {
        self.later_days - self.earlier_days
    }
}

/// Adds up moves in any order; a "move" to the same date counts as none.
pub fn summarize(moves: impl IntoIterator<Item = ForecastMove>) -> Postponements {
    moves
        .into_iter()
        .fold(Postponements::default(), |mut sum, step| {
            let days = step.days();
            if days > 0 {
                sum.later += 1;
                sum.later_days += days;
            } else if days < 0 {
                sum.earlier += 1;
                sum.earlier_days -= days;
            }
            sum
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn step(from: NaiveDate, to: NaiveDate) -> ForecastMove {
        ForecastMove { from, to }
    }

    #[test]
    fn only_a_later_date_needs_a_reason() {
        let (may, june) = (day(2026, 5, 1), day(2026, 6, 1));
        assert!(needs_reason(Some(may), Some(june)));
        assert!(!needs_reason(Some(june), Some(may)), "brought forward");
        assert!(!needs_reason(Some(may), Some(may)), "unchanged");
        assert!(!needs_reason(None, Some(june)), "a first forecast");
        assert!(!needs_reason(Some(may), None), "removed");
        assert!(!needs_reason(None, None));
    }

    #[test]
    fn three_postponements_add_up_their_days() {
        let sum = summarize([
            step(day(2025, 1, 31), day(2025, 3, 31)),
            step(day(2025, 3, 31), day(2025, 6, 30)),
            step(day(2025, 6, 30), day(2025, 6, 27)),
            step(day(2025, 6, 27), day(2025, 6, 27)),
        ]);
        assert_eq!(sum.later, 2);
        assert_eq!(sum.later_days, 59 + 91);
        assert_eq!(sum.earlier, 1);
        assert_eq!(sum.earlier_days, 3);
        assert_eq!(sum.net_days(), 147);
        assert_eq!(
            sum.net_days(),
            (day(2025, 6, 27) - day(2025, 1, 31)).num_days()
        );
        assert!(!sum.is_empty());
    }

    #[test]
    fn no_moves_sum_to_nothing() {
        let sum = summarize([]);
        assert!(sum.is_empty());
        assert_eq!(sum.net_days(), 0);
        assert!(summarize([step(day(2025, 1, 1), day(2025, 1, 1))]).is_empty());
    }

    #[test]
    fn a_move_across_a_leap_day_counts_calendar_days() {
        assert_eq!(step(day(2028, 2, 28), day(2028, 3, 1)).days(), 2);
        assert_eq!(step(day(2027, 2, 28), day(2027, 3, 1)).days(), 1);
    }

    #[test]
    fn categories_have_stable_codes() {
        for category in DelayCategory::ALL {
            assert_eq!(DelayCategory::parse(category.code()), Some(category));
        }
        assert_eq!(
            DelayCategory::parse(" haushalt "),
            Some(DelayCategory::Budget)
        );
        assert_eq!(DelayCategory::parse("Wetter"), None);
        assert_eq!(DelayCategory::parse(""), None);
    }
}
