//! What "done", "overdue", "at risk", "on track" and "progress" mean.
//!
//! Pure functions over plain data: no clock, no database. "Today" is always passed in,
//! so every rule can be tested for any day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::dates::format_de;

/// The state of work the working group records for a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WorkStatus {
    /// "offen": nothing started yet.
    Open,
    /// "in Arbeit".
    InProgress,
    /// "erledigt".
    Done,
    /// "entfallen": no longer pursued. Stays visible, counts in no progress figure.
    Dropped,
}

impl WorkStatus {
    pub const ALL: [WorkStatus; 4] = [
        WorkStatus::Open,
        WorkStatus::InProgress,
        WorkStatus::Done,
        WorkStatus::Dropped,
    ];

    /// The value stored in the database and written in catalogue files.
    pub fn code(self) -> &'static str {
        match self {
            WorkStatus::Open => "offen",
            WorkStatus::InProgress => "in_arbeit",
            WorkStatus::Done => "erledigt",
            WorkStatus::Dropped => "entfallen",
        }
    }

    /// Accepts the stored code and the spellings people type ("in Arbeit", "Erledigt").
    pub fn parse(input: &str) -> Option<WorkStatus> {
        let normalised = input.trim().to_lowercase().replace([' ', '-'], "_");
        WorkStatus::ALL
            .into_iter()
            .find(|status| status.code() == normalised)
    }
}

/// The schedule facts of one milestone: what is needed to judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub work: WorkStatus,
    /// Soll-Termin: the date the alliance demanded.
    pub demanded: Option<NaiveDate>,
    /// Prognose: the date the administration forecasts.
    pub forecast: Option<NaiveDate>,
    /// Ist: the date it was actually completed.
    pub completed: Option<NaiveDate>,
}

/// A schedule that contradicts itself or the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScheduleError {
    #[error("Für einen erledigten Meilenstein bitte das Erledigungsdatum angeben.")]
    DoneWithoutDate,
    #[error("Ein Erledigungsdatum passt nur zum Status „erledigt“.")]
    DateWithoutDone,
    #[error("Das Erledigungsdatum {} liegt in der Zukunft.", format_de(*.0))]
    CompletedInFuture(NaiveDate),
}

impl Schedule {
    /// Checks the rules that tie status and dates together, as of `today`.
    pub fn check(&self, today: NaiveDate) -> Result<(), ScheduleError> {
        match (self.work, self.completed) {
            (WorkStatus::Done, None) => Err(ScheduleError::DoneWithoutDate),
            (WorkStatus::Done, Some(date)) if date > today => {
                Err(ScheduleError::CompletedInFuture(date))
            }
            (WorkStatus::Done, Some(_)) => Ok(()),
            (_, Some(_)) => Err(ScheduleError::DateWithoutDone),
            (_, None) => Ok(()),
        }
    }
}

/// How a milestone stands against the demanded schedule on a given day.
///
/// The declaration order is the severity order used for packages, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ScheduleStatus {
    /// Not done and today is after the demanded date.
    Overdue,
    /// Not overdue yet, but the forecast lies after the demanded date.
    AtRisk,
    /// Open without a demanded date. Ranked worse than "on track" because the alliance
    /// demanded a binding timetable: a missing date is itself a gap.
    NotScheduled,
    /// Open, demanded date not passed, forecast (if any) not later than demanded.
    OnTrack,
    Done,
    Dropped,
}

impl ScheduleStatus {
    pub fn is_open(self) -> bool {
        !matches!(self, ScheduleStatus::Done | ScheduleStatus::Dropped)
    }
}

/// Judges one milestone on `today`.
pub fn milestone_status(schedule: &Schedule, today: NaiveDate) -> ScheduleStatus {
    match schedule.work {
        WorkStatus::Dropped => ScheduleStatus::Dropped,
        WorkStatus::Done => ScheduleStatus::Done,
        WorkStatus::Open | WorkStatus::InProgress => match schedule.demanded {
            None => ScheduleStatus::NotScheduled,
            Some(demanded) if today > demanded => ScheduleStatus::Overdue,
            Some(demanded) => match schedule.forecast {
                Some(forecast) if forecast > demanded => ScheduleStatus::AtRisk,
                _ => ScheduleStatus::OnTrack,
            },
        },
    }
}

/// Whether a done milestone met its demanded date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Punctuality {
    OnTime,
    /// Completed this many days after the demanded date.
    Late {
        days: i64,
    },
    /// Done, but without a demanded or a completed date to compare.
    Unknown,
}

/// `None` unless the milestone is done.
pub fn punctuality(schedule: &Schedule) -> Option<Punctuality> {
    if schedule.work != WorkStatus::Done {
        return None;
    }
    Some(match (schedule.demanded, schedule.completed) {
        (Some(demanded), Some(completed)) if completed > demanded => Punctuality::Late {
            days: (completed - demanded).num_days(),
        },
        (Some(_), Some(_)) => Punctuality::OnTime,
        _ => Punctuality::Unknown,
    })
}

/// Share of countable (not dropped) milestones that are done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Progress {
    pub done: u32,
    /// Milestones that count: all except dropped ones.
    pub total: u32,
}

impl Progress {
    /// Whole percent of milestones done (see [`percent`]).
    pub fn percent(self) -> u32 {
        percent(self.done, self.total)
    }
}

/// `part` of `whole` in whole percent, rounded to the nearest, except that 0 % and 100 %
/// are only shown when exact: 199 of 200 reads "99 %", 1 of 200 reads "1 %".
/// Complementary shares (on time, late) thus add up to 100 like the counts do.
pub fn percent(part: u32, whole: u32) -> u32 {
    if whole == 0 || part == 0 {
        return 0;
    }
    if part >= whole {
        return 100;
    }
    let rounded = (u64::from(part) * 200 + u64::from(whole)) / (2 * u64::from(whole));
    (rounded as u32).clamp(1, 99)
}

pub fn progress<'a>(schedules: impl IntoIterator<Item = &'a Schedule>) -> Progress {
    schedules
        .into_iter()
        .fold(Progress::default(), Progress::count)
}

impl Progress {
    fn count(self, schedule: &Schedule) -> Progress {
        match schedule.work {
            WorkStatus::Dropped => self,
            WorkStatus::Done => Progress {
                done: self.done + 1,
                total: self.total + 1,
            },
            WorkStatus::Open | WorkStatus::InProgress => Progress {
                total: self.total + 1,
                ..self
            },
        }
    }
}

/// How a whole measure package stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PackageStatus {
    /// The worst status among its open milestones.
    Open(ScheduleStatus),
    /// Every countable milestone is done.
    Completed,
    /// No countable milestone at all (none recorded, or all dropped).
    Empty,
}

pub fn package_status<'a>(
    schedules: impl IntoIterator<Item = &'a Schedule>,
    today: NaiveDate,
) -> PackageStatus {
    let mut any_done = false;
    let mut worst_open: Option<ScheduleStatus> = None;
    for schedule in schedules {
        let status = milestone_status(schedule, today);
        match status {
            ScheduleStatus::Done => any_done = true,
            ScheduleStatus::Dropped => {}
            open => worst_open = Some(worst_open.map_or(open, |w| w.min(open))),
        }
    }
    match (worst_open, any_done) {
        (Some(worst), _) => PackageStatus::Open(worst),
        (None, true) => PackageStatus::Completed,
        (None, false) => PackageStatus::Empty,
    }
}

/// Headline figures of a plan (or any set of milestones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub progress: Progress,
    pub overdue: u32,
    pub at_risk: u32,
    pub not_scheduled: u32,
    pub dropped: u32,
    pub done_on_time: u32,
    pub done_late: u32,
}

impl Totals {
    /// Percent of done milestones that met their demanded date.
    pub fn percent_on_time(&self) -> u32 {
        percent(self.done_on_time, self.progress.done)
    }

    /// Percent of done milestones completed after their demanded date.
    pub fn percent_late(&self) -> u32 {
        percent(self.done_late, self.progress.done)
    }
}

pub fn totals<'a>(schedules: impl IntoIterator<Item = &'a Schedule>, today: NaiveDate) -> Totals {
    let mut totals = Totals::default();
    for schedule in schedules {
        totals.progress = totals.progress.count(schedule);
        match milestone_status(schedule, today) {
            ScheduleStatus::Overdue => totals.overdue += 1,
            ScheduleStatus::AtRisk => totals.at_risk += 1,
            ScheduleStatus::NotScheduled => totals.not_scheduled += 1,
            ScheduleStatus::Dropped => totals.dropped += 1,
            ScheduleStatus::OnTrack | ScheduleStatus::Done => {}
        }
        match punctuality(schedule) {
            Some(Punctuality::OnTime) => totals.done_on_time += 1,
            Some(Punctuality::Late { .. }) => totals.done_late += 1,
            Some(Punctuality::Unknown) | None => {}
        }
    }
    totals
}

/// The date by which an open milestone is next expected: its demanded date.
/// Sorting open milestones by this puts the longest-overdue first.
pub fn due_date(schedule: &Schedule, today: NaiveDate) -> Option<NaiveDate> {
    milestone_status(schedule, today)
        .is_open()
        .then_some(schedule.demanded)
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn open(demanded: Option<NaiveDate>, forecast: Option<NaiveDate>) -> Schedule {
        Schedule {
            work: WorkStatus::InProgress,
            demanded,
            forecast,
            completed: None,
        }
    }

    fn done(demanded: Option<NaiveDate>, completed: Option<NaiveDate>) -> Schedule {
        Schedule {
            work: WorkStatus::Done,
            demanded,
            forecast: None,
            completed,
        }
    }

    fn dropped() -> Schedule {
        Schedule {
            work: WorkStatus::Dropped,
            demanded: Some(d(2020, 1, 1)),
            forecast: None,
            completed: None,
        }
    }

    const TODAY: (i32, u32, u32) = (2024, 6, 15);
    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn work_status_parses_stored_codes_and_typed_spellings() {
        assert_eq!(WorkStatus::parse("offen"), Some(WorkStatus::Open));
        assert_eq!(WorkStatus::parse("in Arbeit"), Some(WorkStatus::InProgress));
        assert_eq!(WorkStatus::parse("in_arbeit"), Some(WorkStatus::InProgress));
        assert_eq!(WorkStatus::parse(" Erledigt "), Some(WorkStatus::Done));
        assert_eq!(WorkStatus::parse("ENTFALLEN"), Some(WorkStatus::Dropped));
        assert_eq!(WorkStatus::parse("fertig"), None);
        assert_eq!(WorkStatus::parse(""), None);
        for status in WorkStatus::ALL {
            assert_eq!(WorkStatus::parse(status.code()), Some(status));
        }
    }

    #[test]
    fn schedule_check_ties_status_to_completed_date() {
        assert_eq!(done(None, Some(today())).check(today()), Ok(()));
        assert_eq!(
            done(None, None).check(today()),
            Err(ScheduleError::DoneWithoutDate)
        );
        let tomorrow = today().succ_opt().unwrap();
        let err = done(None, Some(tomorrow)).check(today()).unwrap_err();
        assert_eq!(err, ScheduleError::CompletedInFuture(tomorrow));
        assert_eq!(
            err.to_string(),
            "Das Erledigungsdatum 16.06.2024 liegt in der Zukunft."
        );
        let open_with_date = Schedule {
            completed: Some(today()),
            ..open(None, None)
        };
        assert_eq!(
            open_with_date.check(today()),
            Err(ScheduleError::DateWithoutDone)
        );
        assert_eq!(open(Some(today()), Some(tomorrow)).check(today()), Ok(()));
    }

    #[test]
    fn open_milestone_after_its_demanded_date_is_overdue() {
        let s = open(Some(d(2024, 6, 14)), None);
        assert_eq!(milestone_status(&s, today()), ScheduleStatus::Overdue);
    }

    #[test]
    fn due_today_is_not_yet_overdue() {
        let s = open(Some(today()), None);
        assert_eq!(milestone_status(&s, today()), ScheduleStatus::OnTrack);
        let next_day = today().succ_opt().unwrap();
        assert_eq!(milestone_status(&s, next_day), ScheduleStatus::Overdue);
    }

    #[test]
    fn forecast_after_demanded_date_is_at_risk_until_overdue() {
        let s = open(Some(d(2024, 12, 31)), Some(d(2025, 3, 31)));
        assert_eq!(milestone_status(&s, today()), ScheduleStatus::AtRisk);
        assert_eq!(
            milestone_status(&s, d(2025, 1, 1)),
            ScheduleStatus::Overdue,
            "overdue outranks a late forecast"
        );
    }

    #[test]
    fn forecast_on_or_before_demanded_date_is_on_track() {
        let demanded = Some(d(2024, 12, 31));
        assert_eq!(
            milestone_status(&open(demanded, demanded), today()),
            ScheduleStatus::OnTrack
        );
        assert_eq!(
            milestone_status(&open(demanded, Some(d(2024, 7, 1))), today()),
            ScheduleStatus::OnTrack
        );
        assert_eq!(
            milestone_status(&open(demanded, None), today()),
            ScheduleStatus::OnTrack
        );
    }

    #[test]
    fn open_milestone_without_demanded_date_is_not_scheduled() {
        let s = open(None, Some(d(2020, 1, 1)));
        assert_eq!(milestone_status(&s, today()), ScheduleStatus::NotScheduled);
    }

    #[test]
    fn done_and_dropped_ignore_dates() {
        let late_done = done(Some(d(2020, 1, 1)), Some(d(2023, 1, 1)));
        assert_eq!(milestone_status(&late_done, today()), ScheduleStatus::Done);
        assert_eq!(
            milestone_status(&dropped(), today()),
            ScheduleStatus::Dropped
        );
    }

    #[test]
    fn open_status_counts_as_not_done() {
        let s = Schedule {
            work: WorkStatus::Open,
            ..open(Some(d(2020, 1, 1)), None)
        };
        assert_eq!(milestone_status(&s, today()), ScheduleStatus::Overdue);
    }

    #[test]
    fn punctuality_compares_completed_with_demanded() {
        assert_eq!(
            punctuality(&done(Some(d(2024, 1, 31)), Some(d(2024, 1, 31)))),
            Some(Punctuality::OnTime)
        );
        assert_eq!(
            punctuality(&done(Some(d(2024, 1, 31)), Some(d(2024, 2, 2)))),
            Some(Punctuality::Late { days: 2 })
        );
        assert_eq!(
            punctuality(&done(None, Some(d(2024, 2, 2)))),
            Some(Punctuality::Unknown)
        );
        assert_eq!(punctuality(&open(Some(d(2024, 1, 31)), None)), None);
    }

    #[test]
    fn progress_excludes_dropped_milestones() {
        let schedules = [
            done(Some(d(2020, 1, 1)), Some(d(2020, 1, 1))),
            open(Some(d(2030, 1, 1)), None),
            dropped(),
        ];
        let p = progress(&schedules);
        assert_eq!(p, Progress { done: 1, total: 2 });
        assert_eq!(p.percent(), 50);
    }

    #[test]
    fn progress_of_nothing_is_zero_percent_not_a_division_by_zero() {
        assert_eq!(progress(&[]).percent(), 0);
        assert_eq!(progress(&[dropped(), dropped()]), Progress::default());
    }

    #[test]
    fn percent_rounds_to_nearest_but_0_and_100_only_when_exact() {
        let p = |done, total| Progress { done, total }.percent();
        assert_eq!(p(2, 3), 67);
        assert_eq!(p(1, 3), 33);
        assert_eq!(p(1, 8), 13, "12.5 rounds half up");
        assert_eq!(p(199, 200), 99);
        assert_eq!(p(1, 201), 1);
        assert_eq!(p(3, 3), 100);
        assert_eq!(p(0, 3), 0);
    }

    #[test]
    fn complementary_shares_add_up_to_100() {
        for whole in 1..=250u32 {
            for part in 0..=whole {
                let sum = percent(part, whole) + percent(whole - part, whole);
                // Only exact halves (x.5 %) round both shares up.
                let exact_half = (part * 200) % whole == 0 && (part * 200 / whole) % 2 == 1;
                assert!(sum == 100 || exact_half, "{part}/{whole}: {sum}");
            }
        }
    }

    #[test]
    fn package_status_is_the_worst_open_milestone() {
        let schedules = [
            open(Some(d(2030, 1, 1)), None),                // on track
            open(Some(d(2030, 1, 1)), Some(d(2031, 1, 1))), // at risk
            done(Some(d(2020, 1, 1)), Some(d(2021, 1, 1))),
            dropped(),
        ];
        assert_eq!(
            package_status(&schedules, today()),
            PackageStatus::Open(ScheduleStatus::AtRisk)
        );
        let with_overdue = [schedules[0], open(Some(d(2024, 1, 1)), None)];
        assert_eq!(
            package_status(&with_overdue, today()),
            PackageStatus::Open(ScheduleStatus::Overdue)
        );
    }

    #[test]
    fn unscheduled_ranks_worse_than_on_track() {
        let schedules = [open(Some(d(2030, 1, 1)), None), open(None, None)];
        assert_eq!(
            package_status(&schedules, today()),
            PackageStatus::Open(ScheduleStatus::NotScheduled)
        );
    }

    #[test]
    fn package_with_all_done_or_dropped_is_completed() {
        let schedules = [done(Some(d(2020, 1, 1)), Some(d(2020, 1, 1))), dropped()];
        assert_eq!(
            package_status(&schedules, today()),
            PackageStatus::Completed
        );
    }

    #[test]
    fn package_without_countable_milestones_is_empty() {
        assert_eq!(package_status(&[], today()), PackageStatus::Empty);
        assert_eq!(package_status(&[dropped()], today()), PackageStatus::Empty);
    }

    #[test]
    fn totals_count_each_figure_once() {
        let schedules = [
            done(Some(d(2020, 6, 30)), Some(d(2020, 6, 1))), // on time
            done(Some(d(2020, 6, 30)), Some(d(2021, 6, 1))), // late
            done(None, Some(d(2021, 6, 1))),                 // punctuality unknown
            open(Some(d(2022, 1, 1)), None),                 // overdue
            open(Some(d(2030, 1, 1)), Some(d(2031, 1, 1))),  // at risk
            open(Some(d(2030, 1, 1)), None),                 // on track
            open(None, None),                                // not scheduled
            dropped(),
        ];
        let t = totals(&schedules, today());
        assert_eq!(t.progress, Progress { done: 3, total: 7 });
        assert_eq!(t.overdue, 1);
        assert_eq!(t.at_risk, 1);
        assert_eq!(t.not_scheduled, 1);
        assert_eq!(t.dropped, 1);
        assert_eq!(t.done_on_time, 1);
        assert_eq!(t.done_late, 1);
        assert_eq!(t.percent_on_time(), 33);
        assert_eq!(t.percent_late(), 33);
    }

    #[test]
    fn totals_of_an_empty_plan_are_zero() {
        let t = totals(&[], today());
        assert_eq!(t, Totals::default());
        assert_eq!(t.percent_on_time(), 0);
        assert_eq!(t.progress.percent(), 0);
    }

    #[test]
    fn re_baselined_demanded_date_changes_the_judgement() {
        // The same work, judged against the old and the new demanded date.
        let before = open(Some(d(2024, 3, 31)), Some(d(2024, 9, 30)));
        let after = Schedule {
            demanded: Some(d(2024, 9, 30)),
            ..before
        };
        assert_eq!(milestone_status(&before, today()), ScheduleStatus::Overdue);
        assert_eq!(milestone_status(&after, today()), ScheduleStatus::OnTrack);
    }

    #[test]
    fn due_date_only_for_open_milestones() {
        let demanded = Some(d(2025, 1, 1));
        assert_eq!(due_date(&open(demanded, None), today()), demanded);
        assert_eq!(due_date(&done(demanded, demanded), today()), None);
        assert_eq!(due_date(&dropped(), today()), None);
        assert_eq!(due_date(&open(None, None), today()), None);
    }
}
