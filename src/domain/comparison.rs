//! Plans side by side (`/vergleich`): the same figures for every plan, from its milestones'
//! schedules and how often its demanded dates were moved. Pure, with its own tests.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::schedule::{totals, Schedule, WorkStatus};

/// One plan's figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFigures {
    /// Milestones counted (dropped ones are not).
    pub milestones: u32,
    pub done: u32,
    /// Done by their demanded date.
    pub done_on_time: u32,
    /// Open, with the demanded date passed.
    pub overdue: u32,
    /// The median of (completed − demanded) in days over the done milestones with a
    /// demanded date: positive is late, negative early. `None` without any.
    pub median_delay_days: Option<i64>,
    /// Demanded dates changed after they were set.
    pub rebaselinings: u32,
}

impl PlanFigures {
    /// Percent of the milestones that are done.
    pub fn percent_done(&self) -> u32 {
        percent(self.done, self.milestones)
    }

    /// Percent of the milestones done by their demanded date (of all milestones, so the
    /// two shares can stand side by side on one scale).
    pub fn percent_done_on_time(&self) -> u32 {
        percent(self.done_on_time, self.milestones)
    }
}

fn percent(part: u32, whole: u32) -> u32 {
    if whole == 0 {
        0
    } else {
        ((u64::from(part) * 100 + u64::from(whole) / 2) / u64::from(whole)) as u32
    }
}

/// The figures of a plan with these milestone schedules on `today`, whose demanded dates
/// were moved `rebaselinings` times.
pub fn plan_figures<'a>(
    schedules: impl IntoIterator<Item = &'a Schedule> + Clone,
    today: NaiveDate,
    rebaselinings: u32,
) -> PlanFigures {
    let totals = totals(schedules.clone(), today);
    let delays: Vec<i64> = schedules
        .into_iter()
        .filter(|s| s.work == WorkStatus::Done)
        .filter_map(|s| Some((s.completed? - s.demanded?).num_days()))
        .collect();
    PlanFigures {
        milestones: totals.progress.total,
        done: totals.progress.done,
        done_on_time: totals.done_on_time,
        overdue: totals.overdue,
        median_delay_days: median(delays),
        rebaselinings,
    }
}

/// The median of whole days; of an even count, the mean of the middle two rounded
/// toward zero.
pub fn median(mut values: Vec<i64>) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn schedule(
        work: WorkStatus,
        demanded: Option<NaiveDate>,
        completed: Option<NaiveDate>,
    ) -> Schedule {
        Schedule {
            work,
            demanded,
            forecast: None,
            completed,
        }
    }

    #[test]
    fn the_median_takes_the_middle_or_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![7]), Some(7));
        assert_eq!(median(vec![30, -2, 10]), Some(10));
        assert_eq!(
            median(vec![1, 2, 3, 10]),
            Some(2),
            "(2 + 3) / 2 toward zero"
        );
        assert_eq!(median(vec![-5, -4]), Some(-4), "toward zero");
    }

    #[test]
    fn figures_count_done_on_time_overdue_and_the_median_delay() {
        let today = day(2026, 11, 21);
        let schedules = [
            // Done 10 days late.
            schedule(
                WorkStatus::Done,
                Some(day(2025, 1, 1)),
                Some(day(2025, 1, 11)),
            ),
            // Done 4 days early: on time.
            schedule(
                WorkStatus::Done,
                Some(day(2025, 6, 5)),
                Some(day(2025, 6, 1)),
            ),
            // Done without a demanded date: done, no delay.
            schedule(WorkStatus::Done, None, Some(day(2024, 3, 1))),
            // Open and past its date: overdue.
            schedule(WorkStatus::InProgress, Some(day(2026, 1, 31)), None),
            // Open, due later.
            schedule(WorkStatus::Open, Some(day(2027, 1, 31)), None),
            // Dropped: not counted.
            schedule(WorkStatus::Dropped, Some(day(2024, 1, 31)), None),
        ];
        let figures = plan_figures(schedules.iter(), today, 2);
        assert_eq!(
            figures,
            PlanFigures {
                milestones: 5,
                done: 3,
                done_on_time: 1,
                overdue: 1,
                median_delay_days: Some(3),
                rebaselinings: 2,
            }
        );
        assert_eq!(figures.percent_done(), 60);
        assert_eq!(figures.percent_done_on_time(), 20);
    }

    #[test]
    fn an_empty_plan_has_zero_shares_and_no_median() {
        let figures = plan_figures([].iter(), day(2026, 11, 21), 0);
        assert_eq!(figures.milestones, 0);
        assert_eq!(figures.percent_done(), 0);
        assert_eq!(figures.percent_done_on_time(), 0);
        assert_eq!(figures.median_delay_days, None);
    }
}
