//! Time to render the charts: the example catalogue and a generated plan of
//! 13 packages × 200 milestones. A plain timed loop (no harness); run with
//! `cargo bench --features ssr --bench charts`.

mod common;

use std::time::Duration;

use chrono::NaiveDate;
use umsetzungsmonitor::catalogue::example_plan;
use umsetzungsmonitor::charts::render::{burnup, group, schedule};
use umsetzungsmonitor::domain::burnup::burn_up;
use umsetzungsmonitor::language::Locale;

use common::{measure, report};

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported here.
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let budget = Duration::from_secs(3);
    let plans = [
        (
            "example catalogue (13 × 2–5, 43 milestones)",
            example_plan(today),
        ),
        (
            "generated 13 × 200 (2,600 milestones)",
            umsetzungsmonitor::plan::synthetic::plan(13, 200, today, 42),
        ),
    ];
    for (name, (packages, milestones)) in &plans {
        let groups = group(packages, milestones);
        let render_schedule = || {
            schedule::render(
                &groups,
                schedule::Scope::Plan,
                today,
                false,
                "z",
                Locale::de,
                &Default::default(),
            )
            .expect("chart")
            .svg
            .len()
        };
        let bytes = render_schedule();
        report(
            &format!("schedule chart, {name}"),
            bytes,
            measure(budget, render_schedule),
        );

        let render_burnup = || {
            let data = burn_up(milestones.iter().map(|m| &m.schedule), today);
            burnup::render(&data, false, "f", Locale::de)
                .expect("chart")
                .svg
                .len()
        };
        let bytes = render_burnup();
        report(
            &format!("burn-up chart, {name}"),
            bytes,
            measure(budget, render_burnup),
        );

        let one: Vec<_> = group(packages, milestones)
            .into_iter()
            .filter(|g| g.package.number == 1)
            .collect();
        let render_package = || {
            schedule::render(
                &one,
                schedule::Scope::Package(1),
                today,
                false,
                "p",
                Locale::de,
                &Default::default(),
            )
            .expect("chart")
            .svg
            .len()
        };
        let bytes = render_package();
        report(
            &format!("package 1 timeline, {name}"),
            bytes,
            measure(budget, render_package),
        );
    }
}
