//! Synthetic plans of any size, for benchmarks and tests: realistic mixes of done, late,
//! overdue, at-risk, on-track and dropped milestones, reproducible from a seed.

use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::model::{Milestone, Package};
use crate::domain::schedule::{Schedule, WorkStatus};

/// `packages` packages with `per_package` milestones each, demanded dates spread over
/// 2019–2027, judged against `today` when choosing what is done.
pub fn plan(
    packages: u32,
    per_package: u32,
    today: NaiveDate,
    seed: u64,
) -> (Vec<Package>, Vec<Milestone>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or(today);
    let span_days = 9 * 365;
    let mut all_packages = Vec::new();
    let mut milestones = Vec::new();
    let mut id = 0;
    for number in 1..=packages {
        all_packages.push(Package {
            number,
            title: format!("Maßnahmenpaket {number}: Verfahren, Beratung und Zuständigkeiten"),
            summary: "Synthetische Daten für Messungen.".into(),
            goal: String::new(),
            responsible_unit: "Fachbereich Ordnung".into(),
            source_reference: String::new(),
            title_en: format!("Measure package {number}: procedures, advice and responsibilities"),
            summary_en: String::new(),
            goal_en: String::new(),
        });
        for index in 0..per_package {
            id += 1;
            let demanded = start + Duration::days(rng.random_range(0..span_days));
            let roll: u32 = rng.random_range(0..100);
            let schedule = if roll < 3 {
                Schedule {
                    work: WorkStatus::Dropped,
                    demanded: Some(demanded),
                    forecast: None,
                    completed: None,
                }
            } else if demanded < today && roll < 60 {
                // Done: on time or up to 400 days late, never after today.
                let delay = if roll < 35 {
                    -rng.random_range(0..60)
                } else {
                    rng.random_range(1..400)
                };
                let completed = (demanded + Duration::days(delay)).min(today);
                Schedule {
                    work: WorkStatus::Done,
                    demanded: Some(demanded),
                    forecast: None,
                    completed: Some(completed),
                }
            } else {
                let forecast = roll
                    .is_multiple_of(3)
                    .then(|| demanded + Duration::days(rng.random_range(-30..500)));
                let work = if roll.is_multiple_of(2) {
                    WorkStatus::InProgress
                } else {
                    WorkStatus::Open
                };
                Schedule {
                    work,
                    demanded: (roll != 99).then_some(demanded),
                    forecast,
                    completed: None,
                }
            };
            milestones.push(Milestone {
                id,
                package_number: number,
                title: format!(
                    "Meilenstein {number}.{} – Umsetzung prüfen und veröffentlichen",
                    index + 1
                ),
                // Half of them translated, so English pages show both cases.
                title_en: if index % 2 == 0 {
                    format!("Milestone {number}.{}: check and publish", index + 1)
                } else {
                    String::new()
                },
                description: String::new(),
                schedule,
                public_note: String::new(),
                internal_note: None,
                evidence_links: Vec::new(),
                voices: Default::default(),
            });
        }
    }
    (all_packages, milestones)
}

/// One save the synthetic working group makes, on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The milestone (index into the plan's milestones) goes "in Arbeit".
    Start {
        milestone: usize,
    },
    Complete {
        milestone: usize,
        on: NaiveDate,
    },
    Drop {
        milestone: usize,
    },
    Forecast {
        milestone: usize,
        forecast: NaiveDate,
    },
    /// The demanded date moves to the plan's value; it started `REBASELINED_BY` earlier.
    Rebaseline {
        milestone: usize,
    },
    /// A new public note (its text differs from every earlier one).
    Note {
        milestone: usize,
        serial: usize,
    },
    StatusUpdate {
        package: u32,
        serial: usize,
        with_link: bool,
    },
}

impl Event {
    /// History entries this save writes (one per changed field).
    pub fn entries(&self) -> u64 {
        match self {
            Event::Complete { .. } => 2,
            Event::StatusUpdate { with_link, .. } => 2 + u64::from(*with_link),
            _ => 1,
        }
    }
}

/// How much earlier a re-baselined milestone's first demanded date was.
pub const REBASELINED_BY: Duration = Duration::days(120);

/// The day the synthetic catalogue is imported, before every demanded date.
pub fn import_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 11, 1).unwrap_or_default()
}

/// Whether the milestone is imported with an earlier demanded date and re-baselined later.
pub fn is_rebaselined(index: usize) -> bool {
    index % 20 == 7
}

/// The saves that lead from the imported catalogue (every milestone open, no forecast,
/// re-baselined ones on their first date) to the plan's state today, plus notes and
/// status updates until the history holds `extra_entries` more entries. Ordered by day;
/// on one day, in the order they must happen.
pub fn history(
    packages: u32,
    milestones: &[Milestone],
    today: NaiveDate,
    extra_entries: u64,
    seed: u64,
) -> Vec<(NaiveDate, Event)> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let first = import_day() + Duration::days(1);
    let span = (today - first).num_days().max(1);
    let clamp = |day: NaiveDate| day.clamp(first, today);
    let mut events = Vec::new();
    for (index, milestone) in milestones.iter().enumerate() {
        let schedule = &milestone.schedule;
        let anchor = schedule.demanded.or(schedule.completed).unwrap_or(today);
        if is_rebaselined(index) {
            let day = clamp(anchor - REBASELINED_BY + Duration::days(rng.random_range(0..60)));
            events.push((day, Event::Rebaseline { milestone: index }));
        }
        match schedule.work {
            WorkStatus::Open => {}
            WorkStatus::InProgress | WorkStatus::Done => {
                let started = clamp(anchor - Duration::days(rng.random_range(30..300)));
                events.push((started, Event::Start { milestone: index }));
                if let (WorkStatus::Done, Some(on)) = (schedule.work, schedule.completed) {
                    events.push((
                        clamp(on).max(started),
                        Event::Complete {
                            milestone: index,
                            on,
                        },
                    ));
                }
            }
            WorkStatus::Dropped => {
                let day = clamp(anchor - Duration::days(rng.random_range(0..200)));
                events.push((day, Event::Drop { milestone: index }));
            }
        }
        if let Some(forecast) = schedule.forecast {
            let day = clamp(anchor - Duration::days(rng.random_range(0..90)));
            events.push((
                day,
                Event::Forecast {
                    milestone: index,
                    forecast,
                },
            ));
        }
    }
    let mut entries: u64 = events.iter().map(|(_, event)| event.entries()).sum();
    let mut serial = 0;
    while entries < extra_entries && !milestones.is_empty() {
        serial += 1;
        let day = first + Duration::days(rng.random_range(0..=span));
        let event = if rng.random_range(0..3) == 0 {
            Event::StatusUpdate {
                package: rng.random_range(1..=packages.max(1)),
                serial,
                with_link: rng.random_range(0..4) == 0,
            }
        } else {
            Event::Note {
                milestone: rng.random_range(0..milestones.len()),
                serial,
            }
        };
        entries += event.entries();
        events.push((day, event));
    }
    // Stable: events of one milestone on one day keep their order (start before completion).
    events.sort_by_key(|(day, _)| *day);
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    #[test]
    fn history_reaches_the_entry_budget_in_day_order_and_never_after_today() {
        let (_, milestones) = plan(3, 40, today(), 1);
        let events = history(3, &milestones, today(), 5_000, 1);
        let entries: u64 = events.iter().map(|(_, e)| e.entries()).sum();
        assert!((5_000..5_004).contains(&entries), "{entries}");
        assert!(events.windows(2).all(|w| w[0].0 <= w[1].0));
        assert!(events
            .iter()
            .all(|(day, _)| *day > import_day() && *day <= today()));
    }

    #[test]
    fn every_done_milestone_is_started_before_it_is_completed_once() {
        let (_, milestones) = plan(2, 100, today(), 3);
        let events = history(2, &milestones, today(), 0, 3);
        for (index, milestone) in milestones.iter().enumerate() {
            let position = |wanted: fn(&Event, usize) -> bool| {
                events.iter().position(|(_, e)| wanted(e, index))
            };
            let started = position(|e, i| *e == Event::Start { milestone: i });
            let completed =
                position(|e, i| matches!(e, Event::Complete { milestone, .. } if *milestone == i));
            match milestone.schedule.work {
                WorkStatus::Done => assert!(started.unwrap() < completed.unwrap()),
                WorkStatus::InProgress => assert!(started.is_some() && completed.is_none()),
                _ => assert!(started.is_none() && completed.is_none()),
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_history() {
        let (_, milestones) = plan(2, 30, today(), 9);
        assert_eq!(
            history(2, &milestones, today(), 500, 9),
            history(2, &milestones, today(), 500, 9)
        );
    }
}
