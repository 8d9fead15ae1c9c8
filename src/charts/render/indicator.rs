//! An indicator's chart: its values over time against the target.
//!
//! Told apart by shape and line, not by colour alone:
//! - values: a solid line through filled circles (one per period, at its middle);
//! - a count too small to show: a hollow triangle pointing down at the threshold ("below
//!   this"), no number and no line through it;
//! - the target: a dashed horizontal line at its value up to its date, the side that
//!   meets it shaded lightly;
//! - the target date: a dotted vertical line with its date; intermediate targets: hollow
//!   diamonds;
//! - today (or the stand): the solid vertical line of every chart.

use chrono::{Duration, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    draw_legend, draw_today, finish_svg, text_style, year_axis, year_label, Chart, ChartError,
    LegendEntry, Pattern, BAND, COMPLETED, DEMANDED, GRID, INK, MUTED,
};
use crate::domain::indicators::{Direction, Period, PublicValue, Target, Unit};
use crate::language::i18n::td_string;
use crate::language::Locale;
use crate::ui::format::{decimal, format_date, indicator_value, period_label, target_text};

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 420;
const LEGEND: u32 = 56;

/// The target's line (dashed) and the target date (dotted): colours of their own, one
/// step off the demanded blue and the muted grey, because `finish_svg` patterns every
/// line of a colour (the axes are muted grey, the intermediate targets demanded blue).
const TARGET_LINE: RGBColor = RGBColor(0x0b, 0x3c, 0x5e);
const TARGET_DATE: RGBColor = RGBColor(0x4a, 0x50, 0x58);
const INTERMEDIATE: RGBColor = DEMANDED;
const VALUES: RGBColor = COMPLETED;

const PATTERNS: [Pattern; 2] = [
    Pattern {
        color: TARGET_LINE,
        dasharray: "9 5",
        round: false,
    },
    Pattern {
        color: TARGET_DATE,
        dasharray: "0 5",
        round: true,
    },
];

/// What the chart shows, values already as the reader may see them.
pub struct IndicatorFigures<'a> {
    pub name: &'a str,
    pub unit: Unit,
    pub direction: Direction,
    pub target: Target,
    pub intermediate: &'a [Target],
    pub points: &'a [(Period, PublicValue)],
    /// Today, or the stand of an as-of view.
    pub today: NaiveDate,
    pub as_of: bool,
}

/// The middle of a period: where its value is drawn.
fn middle(period: Period) -> NaiveDate {
    let (start, end) = (period.start(), period.end());
    start + Duration::days((end - start).num_days() / 2)
}

/// The top of the value axis: room above the largest figure, 100 for shares unless more.
fn top(figures: &IndicatorFigures) -> f64 {
    let mut largest = figures.target.value;
    for target in figures.intermediate {
        largest = largest.max(target.value);
    }
    for (_, value) in figures.points {
        largest = largest.max(match value {
            PublicValue::Value(v) => *v,
            PublicValue::FewerThan(n) => f64::from(*n),
        });
    }
    if figures.unit == Unit::Percent && largest <= 100.0 {
        return 100.0;
    }
    (largest * 1.15).max(1.0)
}

/// Draws the chart with its words in `locale`.
pub fn render(figures: &IndicatorFigures, id: &str, locale: Locale) -> Result<Chart, ChartError> {
    let today = figures.today;
    let dates = figures
        .points
        .iter()
        .flat_map(|(p, _)| [p.start(), p.end()])
        .chain([figures.target.due])
        .chain(figures.intermediate.iter().map(|t| t.due));
    let axis = year_axis(dates, today);
    let top = top(figures);
    let summary = summary(figures, locale);
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
            .y_label_area_size(64)
            .build_cartesian_2d((axis.0..axis.1).yearly(), 0f64..top)?;
        let unit = figures.unit;
        let y_label = move |v: &f64| decimal(locale, *v);
        chart
            .configure_mesh()
            .x_max_light_lines(0)
            .y_max_light_lines(0)
            .bold_line_style(GRID.stroke_width(1))
            .axis_style(MUTED.stroke_width(1))
            .x_labels(12)
            .y_labels(6)
            .x_label_formatter(&year_label)
            .y_label_formatter(&y_label)
            .x_label_style(text_style(13, INK).pos(Pos::new(HPos::Center, VPos::Top)))
            .y_label_style(text_style(13, INK).pos(Pos::new(HPos::Right, VPos::Center)))
            .y_desc(crate::ui::format::unit_label(locale, unit))
            .axis_desc_style(text_style(13, INK).pos(Pos::new(HPos::Center, VPos::Center)))
            .draw()?;

        // The side of the target that meets it, up to the target date.
        let target = figures.target;
        let band_end = target.due.min(axis.1);
        let (low, high) = match figures.direction {
            Direction::Lower => (0.0, target.value.min(top)),
            Direction::Higher => (target.value.min(top), top),
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(axis.0, low), (band_end, high)],
            BAND.filled(),
        )))?;
        chart.draw_series(LineSeries::new(
            [(axis.0, target.value), (band_end, target.value)],
            TARGET_LINE.stroke_width(2),
        ))?;
        let label_at = chart.backend_coord(&(axis.0, target.value));
        area.draw(&Text::new(
            td_string!(
                locale,
                kennzahlen.chart_target,
                target = target_text(locale, unit, figures.direction, target)
            )
            .to_string(),
            (label_at.0 + 6, label_at.1 - 10),
            text_style(12, INK),
        ))?;
        // The target date.
        if target.due < axis.1 {
            chart.draw_series(LineSeries::new(
                [(target.due, 0.0), (target.due, top)],
                TARGET_DATE.stroke_width(2),
            ))?;
        }
        // Intermediate targets.
        chart.draw_series(figures.intermediate.iter().map(|t| {
            EmptyElement::at((t.due, t.value))
                + PathElement::new(
                    vec![(0, -7), (7, 0), (0, 7), (-7, 0), (0, -7)],
                    INTERMEDIATE.stroke_width(2),
                )
        }))?;

        // Values: a line through each run of shown values, broken where one is withheld.
        let mut runs: Vec<Vec<(NaiveDate, f64)>> = vec![Vec::new()];
        for (period, value) in figures.points {
            match value {
                PublicValue::Value(v) => runs
                    .last_mut()
                    .expect("one run at least")
                    .push((middle(*period), *v)),
                PublicValue::FewerThan(_) => runs.push(Vec::new()),
            }
        }
        for run in runs.iter().filter(|r| r.len() > 1) {
            chart.draw_series(LineSeries::new(run.iter().copied(), VALUES.stroke_width(3)))?;
        }
        chart.draw_series(runs.iter().flatten().map(|&(day, value)| {
            EmptyElement::at((day, value)) + Circle::new((0, 0), 5, VALUES.filled())
        }))?;
        chart.draw_series(
            figures
                .points
                .iter()
                .filter_map(|(period, value)| match value {
                    PublicValue::FewerThan(n) => Some(
                        EmptyElement::at((middle(*period), f64::from(*n)))
                            + PathElement::new(
                                vec![(-7, -6), (7, -6), (0, 7), (-7, -6)],
                                VALUES.stroke_width(2),
                            ),
                    ),
                    PublicValue::Value(_) => None,
                }),
        )?;

        let upper = chart.backend_coord(&(today, top));
        let lower = chart.backend_coord(&(today, 0.0));
        draw_today(&area, upper, lower, WIDTH, today, figures.as_of, locale)?;

        draw_legend(
            &legend_area,
            (60, 20),
            WIDTH as i32 - 80,
            &legend_entries(locale),
        )?;
        root.present()?;
    }
    let title = td_string!(locale, kennzahlen.chart_title, name = figures.name).to_string();
    Ok(Chart {
        svg: finish_svg(&raw, id, &title, &summary, &PATTERNS),
        summary,
        axis,
    })
}

fn legend_entries(locale: Locale) -> Vec<LegendEntry> {
    vec![
        LegendEntry {
            label: td_string!(locale, kennzahlen.legend_values),
            draw: |area, p| {
                area.draw(&PathElement::new(
                    vec![(p.0 - 12, p.1), (p.0 + 12, p.1)],
                    VALUES.stroke_width(3),
                ))?;
                Ok(area.draw(&Circle::new(p, 5, VALUES.filled()))?)
            },
        },
        LegendEntry {
            label: td_string!(locale, kennzahlen.legend_withheld),
            draw: |area, p| {
                Ok(area.draw(&PathElement::new(
                    vec![
                        (p.0 - 7, p.1 - 6),
                        (p.0 + 7, p.1 - 6),
                        (p.0, p.1 + 7),
                        (p.0 - 7, p.1 - 6),
                    ],
                    VALUES.stroke_width(2),
                ))?)
            },
        },
        LegendEntry {
            label: td_string!(locale, kennzahlen.legend_target),
            draw: |area, p| {
                Ok(area.draw(&PathElement::new(
                    vec![(p.0 - 12, p.1), (p.0 + 12, p.1)],
                    TARGET_LINE.stroke_width(2),
                ))?)
            },
        },
        LegendEntry {
            label: td_string!(locale, kennzahlen.legend_intermediate),
            draw: |area, p| {
                Ok(area.draw(&PathElement::new(
                    vec![
                        (p.0, p.1 - 7),
                        (p.0 + 7, p.1),
                        (p.0, p.1 + 7),
                        (p.0 - 7, p.1),
                        (p.0, p.1 - 7),
                    ],
                    INTERMEDIATE.stroke_width(2),
                ))?)
            },
        },
        LegendEntry {
            label: td_string!(locale, kennzahlen.legend_target_date),
            draw: |area, p| {
                Ok(area.draw(&PathElement::new(
                    vec![(p.0, p.1 - 9), (p.0, p.1 + 9)],
                    TARGET_DATE.stroke_width(2),
                ))?)
            },
        },
    ]
}

/// The chart in words: the latest value, the target, how many values the chart shows.
pub fn summary(figures: &IndicatorFigures, locale: Locale) -> String {
    let target = target_text(locale, figures.unit, figures.direction, figures.target);
    match figures.points.last() {
        None => td_string!(locale, kennzahlen.summary_empty, target).to_string(),
        Some((period, value)) => td_string!(
            locale,
            kennzahlen.summary,
            count = figures.points.len(),
            first = period_label(locale, figures.points[0].0),
            last = period_label(locale, *period),
            value = indicator_value(locale, figures.unit, *value),
            target,
            date = format_date(locale, figures.today)
        )
        .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_withheld_count_is_drawn_without_its_number() {
        let points = [
            (Period::parse("2025").unwrap(), PublicValue::Value(40.0)),
            (Period::parse("2026").unwrap(), PublicValue::FewerThan(5)),
        ];
        let figures = IndicatorFigures {
            name: "Offene Anträge älter als drei Monate",
            unit: Unit::Count,
            direction: Direction::Lower,
            target: Target {
                value: 10.0,
                due: day(2026, 12, 31),
            },
            intermediate: &[],
            points: &points,
            today: day(2026, 11, 21),
            as_of: false,
        };
        let chart = render(&figures, "k4", Locale::de).unwrap();
        assert!(chart.svg.contains("role=\"img\""));
        assert!(chart.svg.contains("<title id=\"grafik-k4-titel\">"));
        assert!(chart.summary.contains("weniger als 5"), "{}", chart.summary);
        assert!(!chart.summary.contains("40"), "{}", chart.summary);
        // The dashed target line and the dotted target date carry their patterns.
        assert!(chart.svg.contains("stroke-dasharray=\"9 5\""));
        assert!(chart.svg.contains("stroke-dasharray=\"0 5\""));
    }
}
