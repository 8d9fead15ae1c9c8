//! The schedule chart: one band per package (or, for a single package, one row per
//! milestone), a time axis, and for each milestone its demanded, forecast and completed
//! dates with the delay between them.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    draw_legend, draw_today, finish_svg, line, marker, shorten, text_style, year_axis, year_label,
    Chart, ChartError, LegendEntry, PackageMilestones, BAND, GRID, INK, MUTED,
};
use crate::domain::schedule::{self, milestone_status, ScheduleStatus, Totals};
use crate::domain::words::LevelWords;
use crate::language::i18n::td_string;
use crate::language::Locale;
use crate::plan::model::Milestone;
use crate::ui::content::localized;
use crate::ui::format::format_date;

const WIDTH: u32 = 1000;
const TOP: u32 = 34;
const AXIS: u32 = 28;

/// What the chart shows: the whole plan (bands labelled by package) or one package
/// (rows labelled by milestone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Plan,
    Package(u32),
}

/// A horizontal band: a package, or one milestone in a package chart.
struct Band<'a> {
    label: String,
    milestones: Vec<&'a Milestone>,
    /// Shown in the band when it has no milestones.
    empty_note: &'static str,
}

/// Draws the schedule of `packages` as seen on `today`. `as_of` marks a chart asked for
/// with `?stand=`, which labels "today" as "Stand …". `id` prefixes the element ids, so
/// several charts can sit in one page. Words and titles in `locale` (exports: German).
pub fn render(
    packages: &[PackageMilestones],
    scope: Scope,
    today: NaiveDate,
    as_of: bool,
    id: &str,
    locale: Locale,
    words: &LevelWords,
) -> Result<Chart, ChartError> {
    // The SVG is one image to assistive technology (`role="img"`): untranslated titles
    // inside it are plain German text and need no language mark.
    let title_of = |german: &str, english: &str| localized(locale, german, english).0.to_owned();
    let no_milestones = td_string!(locale, zeitplan.no_milestones_yet);
    let bands: Vec<Band> = match scope {
        Scope::Plan => packages
            .iter()
            .map(|p| Band {
                label: format!(
                    "{}  {}",
                    p.package.number,
                    shorten(&title_of(&p.package.title, &p.package.title_en), 34)
                ),
                milestones: p.milestones.clone(),
                empty_note: no_milestones,
            })
            .collect(),
        Scope::Package(_) => packages
            .iter()
            .flat_map(|p| {
                let bands: Vec<Band> = p
                    .milestones
                    .iter()
                    .map(|m| Band {
                        label: shorten(&title_of(&m.title, &m.title_en), 38),
                        milestones: vec![*m],
                        empty_note: "",
                    })
                    .collect();
                if bands.is_empty() {
                    vec![Band {
                        label: words.numbered(locale, p.package.number),
                        milestones: Vec::new(),
                        empty_note: no_milestones,
                    }]
                } else {
                    bands
                }
            })
            .collect(),
    };
    let milestones: Vec<&Milestone> = bands
        .iter()
        .flat_map(|b| b.milestones.iter().copied())
        .collect();
    let dates = milestones.iter().flat_map(|m| {
        let s = &m.schedule;
        [s.demanded, s.forecast, s.completed].into_iter().flatten()
    });
    let axis = year_axis(dates, today);

    // Each milestone gets a lane; each band adds a little air above and below.
    let lane_count: usize = bands.iter().map(|b| b.milestones.len().max(1)).sum();
    let lane = if lane_count <= 120 {
        20
    } else {
        (2400 / lane_count as u32).max(3)
    };
    let band_air = 0.6;
    let units: f64 = bands
        .iter()
        .map(|b| b.milestones.len().max(1) as f64 + band_air)
        .sum::<f64>()
        .max(1.0);
    let plot_height = (units * f64::from(lane)).ceil() as u32;
    let label_width: u32 = 300;
    let legend_height = 80;
    let height = TOP + plot_height + AXIS + legend_height;

    let totals = schedule::totals(milestones.iter().map(|m| &m.schedule), today);
    let summary = summary(scope, bands.len(), &totals, today, as_of, locale, words);
    let title = match scope {
        Scope::Plan => td_string!(
            locale,
            zeitplan.schedule_title_plan,
            many = words.many_in_sentence(locale)
        )
        .to_string(),
        Scope::Package(number) => td_string!(
            locale,
            zeitplan.schedule_title_package,
            package = words.numbered_in_sentence(locale, number)
        )
        .to_string(),
    };

    let mut raw = String::new();
    {
        let root = SVGBackend::with_string(&mut raw, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let (chart_area, legend_area) = root.split_vertically(TOP + plot_height + AXIS);
        draw_chart(
            &chart_area,
            &bands,
            axis,
            today,
            as_of,
            (lane, band_air, units, label_width),
            locale,
        )?;
        draw_legend(
            &legend_area,
            (16, 22),
            WIDTH as i32 - 32,
            &legend_entries(locale),
        )?;
        root.present()?;
    }
    Ok(Chart {
        svg: finish_svg(&raw, id, &title, &summary, &super::SCHEDULE_PATTERNS),
        summary,
        axis,
    })
}

fn draw_chart(
    area: &DrawingArea<SVGBackend, Shift>,
    bands: &[Band],
    axis: (NaiveDate, NaiveDate),
    today: NaiveDate,
    as_of: bool,
    (lane, band_air, units, label_width): (u32, f64, f64, u32),
    locale: Locale,
) -> Result<(), ChartError> {
    let mut chart = ChartBuilder::on(area)
        .margin_top(TOP)
        .margin_right(24)
        .x_label_area_size(AXIS)
        .y_label_area_size(label_width)
        .build_cartesian_2d((axis.0..axis.1).yearly(), 0f64..units)?;

    // y grows upwards in plotters; bands run top-down, so positions count from the top.
    let y_of = |from_top: f64| units - from_top;
    let size = ((f64::from(lane) * 0.32).round() as i32).clamp(2, 7);
    let line_width = if lane >= 12 { 2 } else { 1 };

    // Alternate band backgrounds first, so grid and markers sit on top.
    let mut top = 0.0;
    for (index, band) in bands.iter().enumerate() {
        let height = band.milestones.len().max(1) as f64 + band_air;
        if index % 2 == 0 {
            chart.plotting_area().draw(&Rectangle::new(
                [(axis.0, y_of(top)), (axis.1, y_of(top + height))],
                BAND.filled(),
            ))?;
        }
        top += height;
    }

    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .x_max_light_lines(0)
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(MUTED.stroke_width(1))
        .x_labels(12)
        .x_label_formatter(&year_label)
        .x_label_style(text_style(13, INK).pos(Pos::new(HPos::Center, VPos::Top)))
        .draw()?;

    let mut top = 0.0;
    for band in bands {
        let height = band.milestones.len().max(1) as f64 + band_air;
        let centre = chart.backend_coord(&(axis.0, y_of(top + height / 2.0)));
        area.draw(&Text::new(
            band.label.clone(),
            (8, centre.1),
            text_style(if lane >= 12 { 13 } else { 10 }, INK),
        ))?;
        if band.milestones.is_empty() && !band.empty_note.is_empty() {
            let at = chart.backend_coord(&(axis.0, y_of(top + height / 2.0)));
            area.draw(&Text::new(
                band.empty_note,
                (at.0 + 8, at.1),
                text_style(12, MUTED),
            ))?;
        }
        for (index, milestone) in band.milestones.iter().enumerate() {
            let y = y_of(top + band_air / 2.0 + index as f64 + 0.5);
            draw_milestone(
                &mut chart, area, milestone, y, today, axis, size, line_width, locale,
            )?;
        }
        top += height;
    }

    // "Today" on top of everything.
    let upper = chart.backend_coord(&(today, units));
    let lower = chart.backend_coord(&(today, 0.0));
    draw_today(area, upper, lower, WIDTH, today, as_of, locale)?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn draw_milestone<X, Y>(
    chart: &mut ChartContext<SVGBackend, Cartesian2d<X, Y>>,
    area: &DrawingArea<SVGBackend, Shift>,
    milestone: &Milestone,
    y: f64,
    today: NaiveDate,
    axis: (NaiveDate, NaiveDate),
    size: i32,
    line_width: u32,
    locale: Locale,
) -> Result<(), ChartError>
where
    X: Ranged<ValueType = NaiveDate>,
    Y: Ranged<ValueType = f64>,
{
    let s = &milestone.schedule;
    let at = |date: NaiveDate| chart.backend_coord(&(date, y));
    let status = milestone_status(s, today);
    if status == ScheduleStatus::Dropped {
        if let Some(date) = s.demanded.or(s.forecast) {
            area.draw(&(EmptyElement::at(at(date)) + marker::dropped(size)))?;
        }
        return Ok(());
    }
    // Lines first, markers over them.
    if let Some(demanded) = s.demanded {
        match status {
            ScheduleStatus::Done => {
                if let Some(completed) = s.completed.filter(|c| *c > demanded) {
                    area.draw(&line::late(at(demanded), at(completed), line_width))?;
                }
            }
            ScheduleStatus::Overdue => {
                area.draw(&line::overdue(at(demanded), at(today), line_width + 1))?;
            }
            _ => {}
        }
        if let Some(forecast) = s.forecast.filter(|f| *f != demanded && status.is_open()) {
            // An overdue milestone's delay line already runs to today: the dotted
            // forecast line continues from there, if the forecast lies ahead.
            let from = if status == ScheduleStatus::Overdue {
                today
            } else {
                demanded
            };
            if forecast > from || status != ScheduleStatus::Overdue {
                area.draw(&line::forecast(at(from), at(forecast)))?;
            }
        }
    }
    if let Some(demanded) = s.demanded {
        let point = at(demanded);
        if status == ScheduleStatus::Overdue {
            area.draw(&(EmptyElement::at(point) + marker::overdue(size)))?;
        } else {
            area.draw(&(EmptyElement::at(point) + marker::demanded(size)))?;
        }
    } else if status.is_open() {
        let point = at(axis.0);
        area.draw(&Text::new(
            td_string!(locale, zeitplan.without_demanded),
            (point.0 + 8, point.1),
            text_style(11, MUTED),
        ))?;
    }
    if let Some(forecast) = s
        .forecast
        .filter(|f| Some(*f) != s.demanded && status.is_open())
    {
        area.draw(&(EmptyElement::at(at(forecast)) + marker::forecast(size)))?;
    }
    if let (ScheduleStatus::Done, Some(completed)) = (status, s.completed) {
        area.draw(&(EmptyElement::at(at(completed)) + marker::completed(size)))?;
    }
    Ok(())
}

fn legend_entries(locale: Locale) -> Vec<LegendEntry> {
    vec![
        LegendEntry {
            label: td_string!(locale, zeitplan.legend_demanded),
            draw: |area, p| Ok(area.draw(&(EmptyElement::at(p) + marker::demanded(6)))?),
        },
        LegendEntry {
            label: td_string!(locale, zeitplan.legend_overdue),
            draw: |area, p| {
                area.draw(&line::overdue((p.0 - 12, p.1), (p.0 + 12, p.1), 3))?;
                Ok(area.draw(&(EmptyElement::at((p.0 - 6, p.1)) + marker::overdue(6)))?)
            },
        },
        LegendEntry {
            label: td_string!(locale, zeitplan.legend_forecast),
            draw: |area, p| {
                area.draw(&line::forecast((p.0 - 12, p.1), (p.0, p.1)))?;
                Ok(area.draw(&(EmptyElement::at((p.0 + 4, p.1)) + marker::forecast(6)))?)
            },
        },
        LegendEntry {
            label: td_string!(locale, zeitplan.legend_done),
            draw: |area, p| {
                area.draw(&line::late((p.0 - 12, p.1), (p.0, p.1), 2))?;
                Ok(area.draw(&(EmptyElement::at((p.0 + 4, p.1)) + marker::completed(6)))?)
            },
        },
        LegendEntry {
            label: td_string!(locale, zeitplan.legend_dropped),
            draw: |area, p| Ok(area.draw(&(EmptyElement::at(p) + marker::dropped(6)))?),
        },
        LegendEntry {
            label: td_string!(locale, zeitplan.legend_today),
            draw: |area, p| {
                Ok(area.draw(&PathElement::new(
                    vec![(p.0, p.1 - 9), (p.0, p.1 + 9)],
                    INK.stroke_width(2),
                ))?)
            },
        },
    ]
}

/// "13 Maßnahmenpakete: 17 von 42 Meilensteinen erledigt (9 pünktlich, 8 nach dem Soll-Termin), …"
pub fn summary(
    scope: Scope,
    bands: usize,
    totals: &Totals,
    today: NaiveDate,
    as_of: bool,
    locale: Locale,
    words: &LevelWords,
) -> String {
    let total = totals.progress.total;
    let noun = if total == 1 {
        td_string!(locale, zeitplan.milestone_one)
    } else {
        td_string!(locale, zeitplan.milestone_many)
    };
    let mut parts = vec![td_string!(
        locale,
        zeitplan.summary_done,
        done = totals.progress.done,
        total,
        noun,
        on_time = totals.done_on_time,
        late = totals.done_late
    )
    .to_string()];
    let count = totals.overdue;
    parts.push(td_string!(locale, zeitplan.summary_overdue, count).to_string());
    let count = totals.at_risk;
    parts.push(td_string!(locale, zeitplan.summary_at_risk, count).to_string());
    if totals.not_scheduled > 0 {
        let count = totals.not_scheduled;
        parts.push(td_string!(locale, zeitplan.summary_not_scheduled, count).to_string());
    }
    if totals.dropped > 0 {
        let count = totals.dropped;
        parts.push(td_string!(locale, zeitplan.summary_dropped, count).to_string());
    }
    let scope_text = match scope {
        Scope::Plan => td_string!(
            locale,
            zeitplan.summary_scope_plan,
            count = bands,
            many = words.many_in_sentence(locale)
        )
        .to_string(),
        Scope::Package(number) => td_string!(
            locale,
            zeitplan.summary_scope_package,
            package = words.numbered(locale, number)
        )
        .to_string(),
    };
    let date = format_date(locale, today);
    let day = if as_of {
        td_string!(locale, zeitplan.summary_as_of, date).to_string()
    } else {
        td_string!(locale, zeitplan.summary_today, date).to_string()
    };
    format!("{scope_text} {}. {day}.", parts.join(", "))
}
