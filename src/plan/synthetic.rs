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
                description: String::new(),
                schedule,
                public_note: String::new(),
                internal_note: None,
                evidence_links: Vec::new(),
            });
        }
    }
    (all_packages, milestones)
}
