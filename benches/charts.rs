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

    // An indicator with a value per month from 2020 to 2026 (83 points), an intermediate
    // target and one withheld small count: the chart of `/kennzahlen/{id}`.
    use umsetzungsmonitor::charts::render::indicator::{render, IndicatorFigures};
    use umsetzungsmonitor::domain::indicators::{Direction, Period, PublicValue, Target, Unit};
    let mut points = Vec::new();
    let mut period = Period::parse("2020-01").expect("period");
    for n in 0..83 {
        let value = if n == 40 {
            PublicValue::FewerThan(5)
        } else {
            PublicValue::Value(70.0 - f64::from(n) * 0.6)
        };
        points.push((period, value));
        period = period.next();
    }
    let intermediate = [Target {
        value: 35.0,
        due: NaiveDate::from_ymd_opt(2025, 6, 30).expect("date"),
    }];
    let figures = IndicatorFigures {
        name: "Tage vom Antrag auf Arbeitserlaubnis bis zum Termin",
        unit: Unit::Days,
        direction: Direction::Lower,
        target: Target {
            value: 21.0,
            due: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
        },
        intermediate: &intermediate,
        points: &points,
        today,
        as_of: false,
    };
    let render_indicator = || render(&figures, "k", Locale::de).expect("chart").svg.len();
    let bytes = render_indicator();
    report(
        "indicator chart, 83 monthly values",
        bytes,
        measure(budget, render_indicator),
    );
}
