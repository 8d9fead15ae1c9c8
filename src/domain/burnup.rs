//! Progress over time: how many milestones the demanded schedule expects done by each day,
//! how many were actually done, and what the administration's forecasts promise from today.
//!
//! Pure: the series are step functions computed from schedules and "today".

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::schedule::{Schedule, WorkStatus};

/// From `date` on, `count` milestones (cumulative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub date: NaiveDate,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BurnUp {
    /// Done by each day if every demanded date were kept.
    pub expected: Vec<Step>,
    /// Actually done by each day, up to today.
    pub actual: Vec<Step>,
    /// From today on: done so far plus open milestones at their forecast (or, without a
    /// forecast, at their demanded date if that is still ahead).
    pub forecast: Vec<Step>,
    /// Milestones that count (not dropped).
    pub total: u32,
    /// Countable milestones without a demanded date: never on the "expected" line.
    pub without_demanded: u32,
    /// Open milestones with no date ahead (overdue without a new forecast, or a forecast
    /// already passed): not on the forecast line.
    pub without_outlook: u32,
    pub today: NaiveDate,
}

/// Cumulative steps from a list of dates: one step per distinct date.
fn cumulative(mut dates: Vec<NaiveDate>, start: u32) -> Vec<Step> {
    dates.sort_unstable();
    let mut steps: Vec<Step> = Vec::new();
    let mut count = start;
    for date in dates {
        count += 1;
        match steps.last_mut() {
            Some(last) if last.date == date => last.count = count,
            _ => steps.push(Step { date, count }),
        }
    }
    steps
}

/// The value of a step function on `date` (0 before the first step).
pub fn count_at(steps: &[Step], date: NaiveDate) -> u32 {
    steps
        .iter()
        .take_while(|step| step.date <= date)
        .last()
        .map_or(0, |step| step.count)
}

pub fn burn_up<'a>(schedules: impl IntoIterator<Item = &'a Schedule>, today: NaiveDate) -> BurnUp {
    let mut expected = Vec::new();
    let mut done = Vec::new();
    let mut ahead = Vec::new();
    let mut total = 0;
    let mut without_demanded = 0;
    let mut without_outlook = 0;
    for schedule in schedules {
        if schedule.work == WorkStatus::Dropped {
            continue;
        }
        total += 1;
        match schedule.demanded {
            Some(demanded) => expected.push(demanded),
            None => without_demanded += 1,
        }
        let completed = match schedule.work {
            WorkStatus::Done => schedule.completed,
            _ => None,
        };
        match completed {
            Some(date) if date <= today => done.push(date),
            // Completed after "today" (a report as of an earlier day): known to come.
            Some(date) => ahead.push(date),
            None => match schedule.forecast.or(schedule.demanded) {
                Some(date) if date >= today => ahead.push(date),
                _ => without_outlook += 1,
            },
        }
    }
    let actual = cumulative(done, 0);
    let done_today = actual.last().map_or(0, |step| step.count);
    let mut forecast = vec![Step {
        date: today,
        count: done_today,
    }];
    forecast.extend(cumulative(ahead, done_today));
    if forecast.len() > 1 && forecast[1].date == today {
        forecast.remove(0);
    }
    BurnUp {
        expected: cumulative(expected, 0),
        actual,
        forecast,
        total,
        without_demanded,
        without_outlook,
        today,
    }
}

/// One row of the burn-up's table: the state at the end of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRow {
    pub year: i32,
    /// Expected done by 31 December if every demanded date were kept.
    pub expected: u32,
    /// Actually done by 31 December; `None` for years after today's.
    pub actual: Option<u32>,
    /// Forecast done by 31 December; only for today's year and later.
    pub forecast: Option<u32>,
}

impl BurnUp {
    /// The earliest and latest date on any line (and today), if there is any.
    pub fn span(&self) -> (NaiveDate, NaiveDate) {
        let dates = self
            .expected
            .iter()
            .chain(&self.actual)
            .chain(&self.forecast)
            .map(|step| step.date)
            .chain([self.today]);
        let (mut first, mut last) = (self.today, self.today);
        for date in dates {
            first = first.min(date);
            last = last.max(date);
        }
        (first, last)
    }

    /// The state at the end of every year the chart covers.
    pub fn year_rows(&self) -> Vec<YearRow> {
        let (first, last) = self.span();
        (first.year()..=last.year())
            .filter_map(|year| {
                let end = NaiveDate::from_ymd_opt(year, 12, 31)?;
                let this_year = self.today.year();
                Some(YearRow {
                    year,
                    expected: count_at(&self.expected, end),
                    actual: (year <= this_year)
                        .then(|| count_at(&self.actual, end.min(self.today))),
                    forecast: (year >= this_year).then(|| count_at(&self.forecast, end)),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn schedule(
        work: WorkStatus,
        demanded: Option<NaiveDate>,
        forecast: Option<NaiveDate>,
        completed: Option<NaiveDate>,
    ) -> Schedule {
        Schedule {
            work,
            demanded,
            forecast,
            completed,
        }
    }

    #[test]
    fn lines_count_what_they_promise() {
        let today = d(2024, 6, 1);
        let plan = [
            // done on time, done late
            schedule(
                WorkStatus::Done,
                Some(d(2021, 1, 1)),
                None,
                Some(d(2020, 12, 1)),
            ),
            schedule(
                WorkStatus::Done,
                Some(d(2021, 1, 1)),
                None,
                Some(d(2022, 3, 1)),
            ),
            // overdue without forecast: no outlook
            schedule(WorkStatus::Open, Some(d(2023, 1, 1)), None, None),
            // overdue with a forecast ahead
            schedule(
                WorkStatus::InProgress,
                Some(d(2023, 6, 1)),
                Some(d(2025, 1, 1)),
                None,
            ),
            // on track, due ahead
            schedule(WorkStatus::Open, Some(d(2025, 6, 1)), None, None),
            // no demanded date, forecast ahead
            schedule(WorkStatus::Open, None, Some(d(2024, 9, 1)), None),
            // dropped: nowhere
            schedule(WorkStatus::Dropped, Some(d(2022, 1, 1)), None, None),
        ];
        let b = burn_up(&plan, today);
        assert_eq!(b.total, 6);
        assert_eq!(b.without_demanded, 1);
        assert_eq!(b.without_outlook, 1);
        assert_eq!(
            b.expected,
            vec![
                Step {
                    date: d(2021, 1, 1),
                    count: 2
                },
                Step {
                    date: d(2023, 1, 1),
                    count: 3
                },
                Step {
                    date: d(2023, 6, 1),
                    count: 4
                },
                Step {
                    date: d(2025, 6, 1),
                    count: 5
                },
            ]
        );
        assert_eq!(count_at(&b.actual, d(2021, 1, 1)), 1);
        assert_eq!(count_at(&b.actual, today), 2);
        assert_eq!(
            b.forecast.first(),
            Some(&Step {
                date: today,
                count: 2
            })
        );
        assert_eq!(count_at(&b.forecast, d(2026, 1, 1)), 5);
        assert_eq!(b.span(), (d(2020, 12, 1), d(2025, 6, 1)));
    }

    #[test]
    fn year_rows_split_past_and_future() {
        let today = d(2024, 6, 1);
        let plan = [
            schedule(
                WorkStatus::Done,
                Some(d(2023, 1, 1)),
                None,
                Some(d(2023, 2, 1)),
            ),
            schedule(WorkStatus::Open, Some(d(2025, 1, 1)), None, None),
        ];
        let rows = burn_up(&plan, today).year_rows();
        assert_eq!(
            rows,
            vec![
                YearRow {
                    year: 2023,
                    expected: 1,
                    actual: Some(1),
                    forecast: None
                },
                YearRow {
                    year: 2024,
                    expected: 1,
                    actual: Some(1),
                    forecast: Some(1)
                },
                YearRow {
                    year: 2025,
                    expected: 2,
                    actual: None,
                    forecast: Some(2)
                },
            ]
        );
    }

    #[test]
    fn empty_plan_is_a_flat_line_at_today() {
        let today = d(2024, 6, 1);
        let b = burn_up(&[], today);
        assert_eq!(b.total, 0);
        assert!(b.expected.is_empty() && b.actual.is_empty());
        assert_eq!(
            b.forecast,
            vec![Step {
                date: today,
                count: 0
            }]
        );
        assert_eq!(b.span(), (today, today));
        assert_eq!(b.year_rows().len(), 1);
    }

    #[test]
    fn completions_after_an_earlier_today_are_forecast_not_actual() {
        let today = d(2022, 1, 1);
        let plan = [schedule(
            WorkStatus::Done,
            Some(d(2021, 1, 1)),
            None,
            Some(d(2023, 1, 1)),
        )];
        let b = burn_up(&plan, today);
        assert!(b.actual.is_empty());
        assert_eq!(count_at(&b.forecast, d(2023, 1, 1)), 1);
    }
}
