//! The burn-up chart: milestones expected done by the demanded schedule, actually done,
//! and forecast from today, cumulative over time.

use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    draw_legend, draw_today, finish_svg, text_style, year_axis, year_label, Chart, ChartError,
    LegendEntry, Pattern, COMPLETED, DEMANDED, FORECAST, GRID, INK, MUTED, TOTAL,
};
use crate::domain::burnup::{count_at, BurnUp, Step};
use crate::language::i18n::td_string;
use crate::language::Locale;
use crate::ui::format::format_date;

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 440;
const LEGEND: u32 = 56;

/// The forecast dashed, the plan's total dotted.
const PATTERNS: [Pattern; 2] = [
    Pattern {
        color: FORECAST,
        dasharray: "8 5",
        round: false,
    },
    Pattern {
        color: TOTAL,
        dasharray: "2 4",
        round: false,
    },
];

/// The points of a step function from `start` to `end`: flat, then up at each step.
fn step_points(
    steps: &[Step],
    start: NaiveDate,
    end: NaiveDate,
    initial: u32,
) -> Vec<(NaiveDate, f64)> {
    let mut points = vec![(start, f64::from(initial))];
    let mut current = initial;
    for step in steps.iter().filter(|s| s.date >= start && s.date <= end) {
        points.push((step.date, f64::from(current)));
        points.push((step.date, f64::from(step.count)));
        current = step.count;
    }
    points.push((end, f64::from(current)));
    points
}

/// Draws the burn-up chart with its words in `locale` (exports: German).
pub fn render(
    burn_up: &BurnUp,
    as_of: bool,
    id: &str,
    locale: Locale,
) -> Result<Chart, ChartError> {
    let today = burn_up.today;
    let (first, last) = burn_up.span();
    let axis = year_axis([first, last], today);
    let top = f64::from(burn_up.total.max(1)) * 1.08;
    let summary = summary(burn_up, as_of, locale);
    let mut raw = String::new();
    {
        let root = SVGBackend::with_string(&mut raw, (WIDTH, HEIGHT + LEGEND)).into_drawing_area();
        root.fill(&WHITE)?;
        let (area, legend_area) = root.split_vertically(HEIGHT);
        let mut chart = ChartBuilder::on(&area)
            .margin_top(30)
            .margin_right(24)
            .margin_left(8)
            .x_label_area_size(28)
            .y_label_area_size(52)
            .build_cartesian_2d((axis.0..axis.1).yearly(), 0f64..top)?;
        chart
            .configure_mesh()
            .x_max_light_lines(0)
            .y_max_light_lines(0)
            .bold_line_style(GRID.stroke_width(1))
            .axis_style(MUTED.stroke_width(1))
            .x_labels(12)
            .y_labels(6)
            .x_label_formatter(&year_label)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_label_style(text_style(13, INK).pos(Pos::new(HPos::Center, VPos::Top)))
            .y_label_style(text_style(13, INK).pos(Pos::new(HPos::Right, VPos::Center)))
            .y_desc(td_string!(locale, zeitplan.axis_done))
            .axis_desc_style(text_style(13, INK).pos(Pos::new(HPos::Center, VPos::Center)))
            .draw()?;

        let expected = step_points(&burn_up.expected, axis.0, axis.1, 0);
        chart.draw_series(LineSeries::new(expected, DEMANDED.stroke_width(2)))?;
        let actual_end = today.min(axis.1);
        let actual = step_points(&burn_up.actual, axis.0, actual_end, 0);
        chart.draw_series(LineSeries::new(actual, COMPLETED.stroke_width(4)))?;
        let start = count_at(&burn_up.actual, today);
        let forecast = step_points(&burn_up.forecast, today, axis.1, start);
        chart.draw_series(DashedLineSeries::new(
            forecast,
            8,
            5,
            FORECAST.stroke_width(3),
        ))?;
        // The plan's total, for scale.
        chart.draw_series(DashedLineSeries::new(
            [
                (axis.0, f64::from(burn_up.total)),
                (axis.1, f64::from(burn_up.total)),
            ],
            2,
            4,
            MUTED.stroke_width(1),
        ))?;
        let total_at = chart.backend_coord(&(axis.0, f64::from(burn_up.total)));
        area.draw(&Text::new(
            td_string!(locale, zeitplan.all_milestones, total = burn_up.total).to_string(),
            (total_at.0 + 6, total_at.1 - 10),
            text_style(12, MUTED),
        ))?;

        let upper = chart.backend_coord(&(today, top));
        let lower = chart.backend_coord(&(today, 0.0));
        draw_today(&area, upper, lower, WIDTH, today, as_of, locale)?;

        draw_legend(
            &legend_area,
            (60, 20),
            WIDTH as i32 - 80,
            &legend_entries(locale),
        )?;
        root.present()?;
    }
    Ok(Chart {
        svg: finish_svg(
            &raw,
            id,
            td_string!(locale, zeitplan.progress_chart_title),
            &summary,
            &PATTERNS,
        ),
        summary,
        axis,
    })
}

fn legend_entries(locale: Locale) -> Vec<LegendEntry> {
    vec![
        LegendEntry {
            label: td_string!(locale, zeitplan.legend_expected),
            draw: |area, p| {
                Ok(area.draw(&PathElement::new(
                    vec![(p.0 - 12, p.1), (p.0 + 12, p.1)],
                    DEMANDED.stroke_width(2),
                ))?)
            },
        },
        LegendEntry {
            label: td_string!(locale, zeitplan.legend_actual),
            draw: |area, p| {
                Ok(area.draw(&PathElement::new(
                    vec![(p.0 - 12, p.1), (p.0 + 12, p.1)],
                    COMPLETED.stroke_width(4),
                ))?)
            },
        },
        LegendEntry {
            label: td_string!(locale, zeitplan.legend_outlook),
            draw: |area, p| {
                Ok(area.draw(&PathElement::new(
                    vec![(p.0 - 12, p.1), (p.0 + 12, p.1)],
                    FORECAST.stroke_width(3),
                ))?)
            },
        },
    ]
}

/// "Bis heute (21.11.2026) waren laut Soll-Terminen 35 von 42 Meilensteinen fällig, …"
pub fn summary(burn_up: &BurnUp, as_of: bool, locale: Locale) -> String {
    let today = burn_up.today;
    let date = format_date(locale, today);
    let day = if as_of {
        td_string!(locale, zeitplan.burnup_as_of, date).to_string()
    } else {
        td_string!(locale, zeitplan.burnup_until_today, date).to_string()
    };
    let due = count_at(&burn_up.expected, today);
    let done = count_at(&burn_up.actual, today);
    let mut text = td_string!(
        locale,
        zeitplan.burnup_due,
        day,
        due,
        total = burn_up.total,
        done
    )
    .to_string();
    if let Some(last) = burn_up.forecast.last().filter(|s| s.date > today) {
        let date = format_date(locale, last.date);
        let outlook = td_string!(locale, zeitplan.burnup_outlook, date, count = last.count);
        text.push_str(&format!(" {outlook}"));
    }
    if burn_up.without_outlook > 0 {
        let count = burn_up.without_outlook;
        let missing = td_string!(locale, zeitplan.burnup_without_outlook, count);
        text.push_str(&format!(" {missing}"));
    }
    text
}
