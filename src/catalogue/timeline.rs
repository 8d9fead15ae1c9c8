//! A catalogue's recorded past: the dated steps that lead each milestone to the state
//! the file describes, so an example (or a plan moved from a spreadsheet) arrives with its
//! history and the as-of views, feeds and charts have something to show. Pure: the file
//! reader hands in the steps as written, this checks and completes them.

use chrono::NaiveDate;

use crate::domain::dates::format_de;
use crate::domain::edits::ForecastReason;
use crate::domain::schedule::WorkStatus;
use crate::plan::model::MilestoneDraft;

/// One `[[paket.meilenstein.verlauf]]` entry as written: the fields it names change on
/// that day, the others stay as they were.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrittenStep {
    pub on: NaiveDate,
    pub work: Option<WorkStatus>,
    pub demanded: Option<NaiveDate>,
    pub forecast: Option<NaiveDate>,
    pub completed: Option<NaiveDate>,
    pub public_note: Option<String>,
    /// Why the demanded date changed (`begruendung`), shown like a re-baselining.
    pub reason: Option<String>,
    /// Why the forecast moved (`prognose_grund`, `prognose_begruendung`).
    pub forecast_reason: Option<ForecastReason>,
    /// The organisation the change is recorded for (`von`).
    pub by: Option<String>,
}

/// A milestone as it stood from `on`: what the import records on that day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub on: NaiveDate,
    pub draft: MilestoneDraft,
    pub reason: Option<String>,
    pub forecast_reason: Option<ForecastReason>,
    pub by: Option<String>,
}

/// What is wrong with a milestone's steps: which entry (none: the milestone itself), which
/// field, and a German sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepProblem {
    pub step: Option<usize>,
    pub field: &'static str,
    pub message: String,
}

impl StepProblem {
    fn at(step: usize, field: &'static str, message: String) -> StepProblem {
        StepProblem {
            step: Some(step),
            field,
            message,
        }
    }
}

/// The steps from the first record of a milestone to `last` (the state the file gives).
///
/// Without written steps the milestone is recorded on `start` as the file describes it,
/// except that one completed after `start` was in progress until its completion date.
/// With written steps, the first is the milestone's first record: its title, texts,
/// demanded date and note come from the file's milestone unless it names them; the status
/// starts "offen", forecast and completion date empty. Every later step changes what it names. Rules: steps in date order, none
/// before `start` or after `today`; a completed step carries a completion date on or
/// before its day (it defaults to the day); a changed demanded date needs a reason
/// (except the first one a milestone gets); the last step ends where the file's
/// milestone stands.
pub fn expand(
    last: &MilestoneDraft,
    written: &[WrittenStep],
    start: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<Step>, Vec<StepProblem>> {
    if written.is_empty() {
        return Ok(implied(last, start));
    }
    let mut problems = Vec::new();
    let mut steps: Vec<Step> = Vec::with_capacity(written.len());
    for (index, step) in written.iter().enumerate() {
        if step.on < start {
            problems.push(StepProblem::at(
                index,
                "am",
                format!(
                    "Der {} liegt vor dem Beginn des Verlaufs ({}, Feld „verlauf_ab“ des Plans).",
                    format_de(step.on),
                    format_de(start)
                ),
            ));
        }
        if step.on > today {
            problems.push(StepProblem::at(
                index,
                "am",
                format!(
                    "Der {} liegt in der Zukunft; ein Verlauf hält fest, was schon geschah.",
                    format_de(step.on)
                ),
            ));
        }
        let before = steps.last();
        if let Some(before) = before {
            if step.on <= before.on {
                problems.push(StepProblem::at(
                    index,
                    "am",
                    format!(
                        "Die Einträge stehen in zeitlicher Folge: {} kommt nicht nach {}.",
                        format_de(step.on),
                        format_de(before.on)
                    ),
                ));
            }
        }
        let mut draft = match before {
            Some(before) => before.draft.clone(),
            None => MilestoneDraft {
                schedule: crate::domain::schedule::Schedule {
                    work: WorkStatus::Open,
                    forecast: None,
                    completed: None,
                    ..last.schedule
                },
                ..last.clone()
            },
        };
        let schedule = &mut draft.schedule;
        let old_forecast = schedule.forecast;
        if let Some(work) = step.work {
            schedule.work = work;
            if work != WorkStatus::Done {
                schedule.completed = None;
            }
        }
        if step.forecast.is_some() {
            schedule.forecast = step.forecast;
        }
        if let Some(completed) = step.completed {
            schedule.completed = Some(completed);
        } else if step.work == Some(WorkStatus::Done) {
            schedule.completed = Some(step.on);
        }
        let old_demanded = schedule.demanded;
        if step.demanded.is_some() {
            schedule.demanded = step.demanded;
        }
        if let Some(note) = &step.public_note {
            draft.public_note = note.clone();
        }
        let rebaselined = before.is_some() && old_demanded != draft.schedule.demanded;
        let needs_reason = rebaselined && old_demanded.is_some();
        let has_reason = step.reason.as_deref().is_some_and(|r| !r.trim().is_empty());
        if needs_reason && !has_reason {
            problems.push(StepProblem::at(
                index,
                "begruendung",
                "Der Soll-Termin ändert sich; eine Änderung des Soll-Termins braucht eine \
                 öffentliche Begründung („begruendung“)."
                    .into(),
            ));
        }
        if has_reason && !rebaselined {
            problems.push(StepProblem::at(
                index,
                "begruendung",
                "Eine Begründung gehört zu einem geänderten Soll-Termin; dieser Eintrag ändert \
                 ihn nicht."
                    .into(),
            ));
        }
        let moved = before.is_some() && old_forecast != draft.schedule.forecast;
        if step.forecast_reason.is_some() && !moved {
            problems.push(StepProblem::at(
                index,
                "prognose_grund",
                "Ein Grund gehört zu einer geänderten Prognose; dieser Eintrag ändert sie nicht."
                    .into(),
            ));
        }
        if let Err(err) = draft.schedule.check(step.on) {
            let field = if step.completed.is_some() {
                "erledigt_am"
            } else {
                "status"
            };
            problems.push(StepProblem::at(index, field, err.to_string()));
        }
        steps.push(Step {
            on: step.on,
            draft,
            reason: step.reason.clone().filter(|r| !r.trim().is_empty()),
            forecast_reason: step.forecast_reason.clone(),
            by: step.by.clone(),
        });
    }
    if let Some(end) = steps.last() {
        for (field, ends, file) in differences(&end.draft, last) {
            problems.push(StepProblem {
                step: None,
                field,
                message: format!(
                    "Der Verlauf endet bei {ends}, der Meilenstein steht bei {file}. Der letzte \
                     Stand des Verlaufs muss dem Meilenstein entsprechen."
                ),
            });
        }
    }
    if problems.is_empty() {
        Ok(steps)
    } else {
        Err(problems)
    }
}

/// The history of a milestone the file gives no steps for.
fn implied(last: &MilestoneDraft, start: NaiveDate) -> Vec<Step> {
    let step = |on, draft| Step {
        on,
        draft,
        reason: None,
        forecast_reason: None,
        by: None,
    };
    match last.schedule.completed {
        Some(completed) if last.schedule.work == WorkStatus::Done && completed > start => {
            let mut first = last.clone();
            first.schedule.work = WorkStatus::InProgress;
            first.schedule.completed = None;
            vec![step(start, first), step(completed, last.clone())]
        }
        _ => vec![step(start, last.clone())],
    }
}

/// The fields a step may change where two drafts differ: field, one value, the other.
fn differences(a: &MilestoneDraft, b: &MilestoneDraft) -> Vec<(&'static str, String, String)> {
    let date = |d: Option<NaiveDate>| d.map_or_else(|| "leer".to_owned(), format_de);
    let note = |n: &str| {
        if n.is_empty() {
            "leer".to_owned()
        } else {
            format!("„{n}“")
        }
    };
    let (x, y) = (&a.schedule, &b.schedule);
    let mut found = Vec::new();
    if x.work != y.work {
        found.push((
            "status",
            x.work.code().replace('_', " "),
            y.work.code().replace('_', " "),
        ));
    }
    if x.demanded != y.demanded {
        found.push(("soll", date(x.demanded), date(y.demanded)));
    }
    if x.forecast != y.forecast {
        found.push(("prognose", date(x.forecast), date(y.forecast)));
    }
    if x.completed != y.completed {
        found.push(("erledigt_am", date(x.completed), date(y.completed)));
    }
    if a.public_note != b.public_note {
        found.push(("hinweis", note(&a.public_note), note(&b.public_note)));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::Schedule;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn milestone(work: WorkStatus, demanded: &str, completed: Option<&str>) -> MilestoneDraft {
        MilestoneDraft {
            title: "Konzept vorgelegt".into(),
            title_en: String::new(),
            description: String::new(),
            schedule: Schedule {
                work,
                demanded: Some(day(demanded)),
                forecast: None,
                completed: completed.map(day),
            },
            public_note: String::new(),
        }
    }

    fn step(on: &str) -> WrittenStep {
        WrittenStep {
            on: day(on),
            ..WrittenStep::default()
        }
    }

    const START: &str = "2020-01-15";
    const TODAY: &str = "2026-11-21";

    fn run(last: &MilestoneDraft, written: &[WrittenStep]) -> Result<Vec<Step>, Vec<StepProblem>> {
        expand(last, written, day(START), day(TODAY))
    }

    #[test]
    fn without_steps_an_open_milestone_is_recorded_once_at_the_start() {
        let last = milestone(WorkStatus::InProgress, "2027-06-30", None);
        let steps = run(&last, &[]).unwrap();
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].on, day(START));
        assert_eq!(steps[0].draft, last);
    }

    #[test]
    fn without_steps_a_later_completion_is_dated_on_its_day() {
        let last = milestone(WorkStatus::Done, "2022-06-30", Some("2022-03-01"));
        let steps = run(&last, &[]).unwrap();
        assert_eq!(
            steps.iter().map(|s| s.on).collect::<Vec<_>>(),
            [day(START), day("2022-03-01")]
        );
        assert_eq!(steps[0].draft.schedule.work, WorkStatus::InProgress);
        assert_eq!(steps[0].draft.schedule.completed, None);
        assert_eq!(steps[1].draft, last);
        // Completed before the record began: recorded as done from the start.
        let early = milestone(WorkStatus::Done, "2019-06-30", Some("2019-03-01"));
        assert_eq!(run(&early, &[]).unwrap().len(), 1);
    }

    #[test]
    fn steps_carry_forward_and_end_where_the_milestone_stands() {
        let mut last = milestone(WorkStatus::Done, "2021-12-31", Some("2021-11-02"));
        last.schedule.forecast = Some(day("2021-10-31"));
        let written = [
            WrittenStep {
                demanded: Some(day("2021-06-30")),
                ..step("2020-03-01")
            },
            WrittenStep {
                work: Some(WorkStatus::InProgress),
                forecast: Some(day("2021-10-31")),
                ..step("2020-09-01")
            },
            WrittenStep {
                demanded: Some(day("2021-12-31")),
                reason: Some("Pandemie: Schulungen ausgesetzt.".into()),
                ..step("2021-02-01")
            },
            WrittenStep {
                work: Some(WorkStatus::Done),
                ..step("2021-11-02")
            },
        ];
        let steps = run(&last, &written).unwrap();
        assert_eq!(steps.len(), 4);
        let first = &steps[0].draft.schedule;
        assert_eq!(
            (first.work, first.demanded, first.forecast),
            // The first record starts open, without a forecast.
            (WorkStatus::Open, Some(day("2021-06-30")), None)
        );
        assert_eq!(
            steps[2].reason.as_deref(),
            Some("Pandemie: Schulungen ausgesetzt.")
        );
        // "erledigt" without a date is done on the step's day.
        assert_eq!(steps[3].draft, last);
    }

    #[test]
    fn a_moved_demanded_date_needs_a_reason_and_a_reason_needs_a_move() {
        let last = milestone(WorkStatus::Open, "2023-06-30", None);
        let written = [
            WrittenStep {
                demanded: Some(day("2022-06-30")),
                ..step("2020-03-01")
            },
            WrittenStep {
                demanded: Some(day("2023-06-30")),
                ..step("2021-03-01")
            },
            WrittenStep {
                reason: Some("Warum?".into()),
                ..step("2021-04-01")
            },
        ];
        let problems = run(&last, &written).unwrap_err();
        let at: Vec<_> = problems.iter().map(|p| (p.step, p.field)).collect();
        assert_eq!(at, [(Some(1), "begruendung"), (Some(2), "begruendung")]);
    }

    #[test]
    fn order_start_today_and_completion_dates_are_checked() {
        let last = milestone(WorkStatus::Done, "2021-12-31", Some("2021-05-01"));
        let written = [
            step("2019-12-31"),
            WrittenStep {
                work: Some(WorkStatus::InProgress),
                ..step("2019-12-01")
            },
            WrittenStep {
                work: Some(WorkStatus::Done),
                completed: Some(day("2021-05-01")),
                ..step("2021-04-01")
            },
            step("2027-01-01"),
        ];
        let problems = run(&last, &written).unwrap_err();
        let at: Vec<_> = problems.iter().map(|p| (p.step, p.field)).collect();
        assert_eq!(
            at,
            [
                (Some(0), "am"),
                (Some(1), "am"),
                (Some(1), "am"),
                (Some(2), "erledigt_am"),
                (Some(3), "am"),
            ]
        );
        assert!(problems[3].message.contains("01.05.2021"), "{problems:?}");
    }

    #[test]
    fn a_history_that_ends_elsewhere_is_named_field_by_field() {
        let last = milestone(WorkStatus::Done, "2021-12-31", Some("2021-05-01"));
        let written = [WrittenStep {
            work: Some(WorkStatus::InProgress),
            ..step("2020-03-01")
        }];
        let problems = run(&last, &written).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| (p.step, p.field)).collect();
        assert_eq!(fields, [(None, "status"), (None, "erledigt_am")]);
        assert!(problems[0].message.contains("in arbeit"), "{problems:?}");
    }

    #[test]
    fn a_forecast_reason_belongs_to_a_moved_forecast() {
        let last = milestone(WorkStatus::InProgress, "2023-12-31", None);
        let mut last = last;
        last.schedule.forecast = Some(day("2024-06-30"));
        let reason = ForecastReason {
            category: crate::domain::postponement::DelayCategory::Staff,
            text: "Zwei Stellen unbesetzt.".into(),
        };
        let written = [
            WrittenStep {
                forecast: Some(day("2023-12-31")),
                ..step("2021-03-01")
            },
            WrittenStep {
                work: Some(WorkStatus::InProgress),
                forecast_reason: Some(reason.clone()),
                ..step("2022-03-01")
            },
            WrittenStep {
                forecast: Some(day("2024-06-30")),
                forecast_reason: Some(reason.clone()),
                ..step("2023-03-01")
            },
        ];
        let problems = run(&last, &written).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| (p.step, p.field)).collect();
        assert_eq!(fields, [(Some(1), "prognose_grund")]);
        let mut fixed = written.clone();
        fixed[1].forecast_reason = None;
        let steps = run(&last, &fixed).unwrap();
        assert_eq!(steps[2].forecast_reason, Some(reason));
        assert_eq!(steps[1].forecast_reason, None);
    }

    #[test]
    fn setting_a_status_other_than_done_clears_the_completion_date() {
        let last = milestone(WorkStatus::InProgress, "2023-12-31", None);
        let written = [
            WrittenStep {
                work: Some(WorkStatus::Done),
                ..step("2021-03-01")
            },
            WrittenStep {
                work: Some(WorkStatus::InProgress),
                public_note: Some("Wieder geöffnet: die Dienstanweisung wird überarbeitet.".into()),
                ..step("2022-03-01")
            },
            WrittenStep {
                public_note: Some(String::new()),
                ..step("2022-09-01")
            },
        ];
        let steps = run(&last, &written).unwrap();
        assert_eq!(steps[1].draft.schedule.completed, None);
        assert_eq!(steps[2].draft, last);
    }
}
