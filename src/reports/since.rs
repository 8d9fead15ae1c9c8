//! "Änderungen seit dem letzten Bericht": what changed between two records of one plan,
//! the one as of an earlier day and the one the report shows. Pure: both records are
//! handed in (the earlier one rebuilt from the history like any `?stand=`).

use std::collections::{HashMap, HashSet};

use chrono::{Months, NaiveDate};

use super::record::{ForecastMoveRecord, Judged, Rebaselining, Record};
use crate::domain::schedule::ScheduleStatus;
use crate::domain::voices::Assessment;

/// The day the section starts from when the reader names none: three months before the
/// stand, a council's usual reporting cycle.
pub fn default_since(stand: NaiveDate) -> NaiveDate {
    stand.checked_sub_months(Months::new(3)).unwrap_or(stand)
}

/// What changed after the end of `since` up to the stand of the later record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    pub since: NaiveDate,
    /// Milestones done now that were not done then (or did not exist).
    pub completed: Vec<i64>,
    /// Overdue now, not overdue then: the demanded date passed in between (or was moved
    /// into the past), or the milestone is new and already late.
    pub newly_overdue: Vec<i64>,
    /// Recorded after `since`.
    pub new_milestones: Vec<i64>,
    pub dropped: Vec<i64>,
    /// Forecast moves and demanded-date changes recorded after `since`, oldest first.
    pub forecast_moves: Vec<ForecastMoveRecord>,
    pub rebaselinings: Vec<Rebaselining>,
    /// The working group doubts or contradicts the statement now and did not then (or
    /// said something else then: a doubt that became a contradiction counts).
    pub new_disagreements: Vec<i64>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.completed.is_empty()
            && self.newly_overdue.is_empty()
            && self.new_milestones.is_empty()
            && self.dropped.is_empty()
            && self.forecast_moves.is_empty()
            && self.rebaselinings.is_empty()
            && self.new_disagreements.is_empty()
    }
}

/// Compares `before` (as of the end of `since`; `None` when the plan was not recorded
/// yet) with `now`.
pub fn compare(since: NaiveDate, before: Option<&Record>, now: &Record) -> Changes {
    let then: HashMap<i64, ScheduleStatus> = before
        .map(|b| {
            b.judged()
                .into_iter()
                .map(|j| (j.milestone.id, j.status))
                .collect()
        })
        .unwrap_or_default();
    let ids = |keep: &dyn Fn(&Judged, Option<ScheduleStatus>) -> bool| -> Vec<i64> {
        now.judged()
            .iter()
            .filter(|j| keep(j, then.get(&j.milestone.id).copied()))
            .map(|j| j.milestone.id)
            .collect()
    };
    let differed: HashMap<i64, Option<Assessment>> = before
        .map(|b| {
            b.milestones
                .iter()
                .map(|m| (m.id, m.voices.difference()))
                .collect()
        })
        .unwrap_or_default();
    let became = |status: ScheduleStatus| {
        move |j: &Judged, then: Option<ScheduleStatus>| j.status == status && then != Some(status)
    };
    let moves_then: HashSet<(i64, &str)> = before
        .map(|b| {
            b.forecast_moves
                .iter()
                .map(|m| (m.milestone_id, m.recorded_at.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let rebaselinings_then: HashSet<(i64, &str)> = before
        .map(|b| {
            b.rebaselinings
                .iter()
                .map(|r| (r.milestone_id, r.recorded_at.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let mut rebaselinings: Vec<Rebaselining> = now
        .rebaselinings
        .iter()
        .filter(|r| !rebaselinings_then.contains(&(r.milestone_id, r.recorded_at.as_str())))
        .cloned()
        .collect();
    rebaselinings.reverse();
    Changes {
        since,
        completed: ids(&became(ScheduleStatus::Done)),
        newly_overdue: ids(&became(ScheduleStatus::Overdue)),
        new_milestones: ids(&|_, then| then.is_none() && before.is_some()),
        dropped: ids(&became(ScheduleStatus::Dropped)),
        forecast_moves: now
            .forecast_moves
            .iter()
            .filter(|m| !moves_then.contains(&(m.milestone_id, m.recorded_at.as_str())))
            .cloned()
            .collect(),
        rebaselinings,
        new_disagreements: now
            .milestones
            .iter()
            .filter(|m| {
                let difference = m.voices.difference();
                difference.is_some() && differed.get(&m.id).copied().flatten() != difference
            })
            .map(|m| m.id)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::WorkStatus;
    use crate::reports::record::fixture::{day, milestone, record};

    #[test]
    fn the_default_is_three_months_before_the_stand() {
        assert_eq!(default_since(day("2026-11-21")), day("2026-08-21"));
        assert_eq!(default_since(day("2026-05-31")), day("2026-02-28"));
    }

    /// The fixture as of 2026-08-01 and as of 2026-11-21, with what happened in between.
    fn then_and_now() -> (Record, Record) {
        let mut before = record();
        before.stand.day = day("2026-08-01");
        before.forecast_moves.truncate(1);
        let mut now = record();
        // Milestone 1 (demanded 2026-01-31) was overdue then and still is; milestone 3 is
        // completed in between; a fourth one was added, with a demanded date now past.
        now.milestones[2].work = WorkStatus::Done;
        now.milestones[2].completed_on = Some(day("2026-10-01"));
        now.milestones
            .push(milestone(4, 2, "Neu und schon spät", "2026-09-30"));
        (before, now)
    }

    #[test]
    fn completed_new_and_newly_overdue_milestones_are_found() {
        let (before, now) = then_and_now();
        let changes = compare(day("2026-08-01"), Some(&before), &now);
        assert_eq!(changes.completed, [3]);
        assert_eq!(changes.new_milestones, [4]);
        assert_eq!(changes.newly_overdue, [4], "1 was overdue already");
        assert!(changes.dropped.is_empty());
        assert_eq!(changes.forecast_moves.len(), 1);
        assert_eq!(
            changes.forecast_moves[0].recorded_at,
            "2026-09-01T08:00:00.000Z"
        );
        assert!(!changes.is_empty());
    }

    #[test]
    fn a_demanded_date_passing_makes_a_milestone_newly_overdue() {
        let mut before = record();
        before.stand.day = day("2025-12-31");
        let now = record();
        let changes = compare(day("2025-12-31"), Some(&before), &now);
        // Milestone 1 is due 2026-01-31: on time then, overdue on 2026-11-21.
        assert_eq!(changes.newly_overdue, [1]);
        assert!(changes.new_milestones.is_empty());
    }

    #[test]
    fn a_new_or_sharper_disagreement_is_found_an_old_one_is_not() {
        use crate::domain::voices::Assessment;
        let mut before = record();
        before.milestones[0].voices.view.assessment = Some(Assessment::Disagrees);
        before.milestones[1].voices.view.assessment = Some(Assessment::Doubts);
        let mut now = before.clone();
        now.milestones[1].voices.view.assessment = Some(Assessment::Disagrees);
        now.milestones[2].voices.view.assessment = Some(Assessment::Doubts);
        let changes = compare(day("2026-11-01"), Some(&before), &now);
        assert_eq!(changes.new_disagreements, [2, 3], "1 disagreed already");
        now.milestones[2].voices.view.assessment = Some(Assessment::Agrees);
        let changes = compare(day("2026-11-01"), Some(&before), &now);
        assert_eq!(
            changes.new_disagreements,
            [2],
            "agreement is no disagreement"
        );
    }

    #[test]
    fn nothing_changed_between_equal_records() {
        let now = record();
        let changes = compare(day("2026-11-20"), Some(&now.clone()), &now);
        assert!(changes.is_empty(), "{changes:?}");
    }

    #[test]
    fn before_the_plan_existed_everything_done_counts_and_nothing_is_called_new() {
        let now = record();
        let changes = compare(day("2020-01-01"), None, &now);
        assert_eq!(changes.completed, [2]);
        assert!(changes.new_milestones.is_empty());
        assert_eq!(changes.forecast_moves.len(), 2);
    }
}
