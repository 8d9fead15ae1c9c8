//! `/vergleich`: the plans side by side, one row each: the share of milestones done
//! (a filled bar) and the share done on time (a hollow bar below it), 0–100 %, each with
//! its value written at its end. Filled and hollow tell the two apart without colour.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{draw_legend, finish_svg, shorten, text_style, Area, Chart, ChartError, LegendEntry};
use super::{COMPLETED, DEMANDED, GRID, INK, MUTED};
use crate::domain::comparison::PlanFigures;
use crate::language::i18n::td_string;
use crate::language::Locale;

const WIDTH: u32 = 960;
const ROW: u32 = 64;
const LABEL: u32 = 300;
const TOP: u32 = 40;
const LEGEND: u32 = 56;

/// `plans`: each plan's title and figures, in the order to draw.
pub fn render(
    plans: &[(String, PlanFigures)],
    id: &str,
    locale: Locale,
) -> Result<Chart, ChartError> {
    let rows = plans.len().max(1) as u32;
    let height = TOP + rows * ROW + 36;
    let mut raw = String::new();
    {
        let root = SVGBackend::with_string(&mut raw, (WIDTH, height + LEGEND)).into_drawing_area();
        root.fill(&WHITE)?;
        let (area, legend_area) = root.split_vertically(height);
        let left = LABEL as i32;
        let right = WIDTH as i32 - 60;
        let x = |percent: u32| left + (right - left) * percent.min(100) as i32 / 100;
        // Scale: 0, 25, 50, 75, 100 %.
        let bottom = (TOP + rows * ROW) as i32;
        for step in [0, 25, 50, 75, 100] {
            let at = x(step);
            area.draw(&PathElement::new(
                vec![(at, TOP as i32 - 8), (at, bottom)],
                GRID.stroke_width(1),
            ))?;
            area.draw(&Text::new(
                format!("{step} %"),
                (at, bottom + 14),
                text_style(13, INK).pos(Pos::new(HPos::Center, VPos::Center)),
            ))?;
        }
        for (index, (title, figures)) in plans.iter().enumerate() {
            let top = TOP as i32 + index as i32 * ROW as i32;
            area.draw(&Text::new(
                shorten(title, 40),
                (8, top + ROW as i32 / 2 - 4),
                text_style(13, INK),
            ))?;
            let done = figures.percent_done();
            let on_time = figures.percent_done_on_time();
            bar(&area, (left, x(done)), top + 10, true)?;
            value(&area, x(done), top + 19, done)?;
            bar(&area, (left, x(on_time)), top + 34, false)?;
            value(&area, x(on_time), top + 43, on_time)?;
        }
        area.draw(&PathElement::new(
            vec![(left, TOP as i32 - 8), (left, bottom)],
            MUTED.stroke_width(1),
        ))?;
        draw_legend(
            &legend_area,
            (LABEL as i32, 20),
            (WIDTH - LABEL - 40) as i32,
            &[
                LegendEntry {
                    label: td_string!(locale, vergleich.legend_done),
                    draw: |area, (x, y)| {
                        area.draw(&Rectangle::new(
                            [(x - 10, y - 6), (x + 10, y + 6)],
                            COMPLETED.filled(),
                        ))?;
                        Ok(())
                    },
                },
                LegendEntry {
                    label: td_string!(locale, vergleich.legend_on_time),
                    draw: |area, (x, y)| {
                        area.draw(&Rectangle::new(
                            [(x - 10, y - 6), (x + 10, y + 6)],
                            DEMANDED.stroke_width(2),
                        ))?;
                        Ok(())
                    },
                },
            ],
        )?;
        root.present()?;
    }
    let summary = summary(plans, locale);
    Ok(Chart {
        svg: finish_svg(
            &raw,
            id,
            td_string!(locale, vergleich.chart_title),
            &summary,
            &[],
        ),
        summary,
        axis: Default::default(),
    })
}

fn bar(area: &Area, (from, to): (i32, i32), top: i32, filled: bool) -> Result<(), ChartError> {
    let to = to.max(from + 1);
    let corners = [(from, top), (to, top + 18)];
    if filled {
        area.draw(&Rectangle::new(corners, COMPLETED.filled()))?;
    } else {
        area.draw(&Rectangle::new(corners, DEMANDED.stroke_width(2)))?;
    }
    Ok(())
}

fn value(area: &Area, at: i32, y: i32, percent: u32) -> Result<(), ChartError> {
    area.draw(&Text::new(
        format!("{percent} %"),
        (at + 8, y),
        text_style(13, INK),
    ))?;
    Ok(())
}

/// The chart in words: each plan's two shares.
pub fn summary(plans: &[(String, PlanFigures)], locale: Locale) -> String {
    if plans.is_empty() {
        return td_string!(locale, vergleich.no_plans).to_owned();
    }
    plans
        .iter()
        .map(|(title, figures)| {
            td_string!(
                locale,
                vergleich.summary_plan,
                plan = title,
                done = figures.percent_done(),
                on_time = figures.percent_done_on_time()
            )
            .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_plan_is_a_row_with_its_shares_in_words_and_on_the_bars() {
        let figures = PlanFigures {
            milestones: 10,
            done: 6,
            done_on_time: 3,
            overdue: 2,
            median_delay_days: Some(12),
            rebaselinings: 1,
        };
        let plans = [
            ("Potsdam".to_owned(), figures),
            ("Dresden <Aktionsplan>".to_owned(), PlanFigures::default()),
        ];
        let chart = render(&plans, "vergleich", Locale::de).unwrap();
        assert!(chart.svg.contains("role=\"img\""));
        assert!(chart.svg.contains("<title id=\"grafik-vergleich-titel\">"));
        assert!(chart.svg.contains("Dresden &lt;Aktionsplan&gt;"));
        assert!(chart.svg.contains("60 %\n</text>"), "{}", chart.svg);
        assert!(chart.svg.contains("30 %\n</text>"));
        assert!(
            chart
                .summary
                .contains("Potsdam: 60 % erledigt, 30 % fristgerecht"),
            "{}",
            chart.summary
        );
    }
}
