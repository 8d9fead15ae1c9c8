//! Drawing the charts: pure functions from plan data and "today" to SVG text, with
//! plotters' SVG backend. Server only; nothing of plotters reaches the wasm bundle.
//!
//! Visual language shared by all charts, told apart by shape and line pattern so they
//! read in black and white (colour only repeats what shape already says):
//! - demanded date (Soll): hollow diamond; overdue and still open: filled diamond;
//! - forecast (Prognose): hollow circle, reached by a dotted line;
//! - completed (Ist): filled square, reached by a solid line from the demanded date;
//! - overdue: a thick dashed line from the demanded date to "today";
//! - dropped (entfallen): a grey cross;
//! - today: a vertical solid line with its date.

pub mod burnup;
pub mod comparison;
pub mod indicator;
pub mod schedule;

use chrono::{Datelike, Duration, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::language::i18n::td_string;
use crate::language::Locale;
use crate::plan::model::{Milestone, Package};
use crate::ui::format::format_date;

/// A chart ready for a page or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub svg: String,
    /// The short summary in words, also the SVG's `<desc>`.
    pub summary: String,
    /// The time axis: first and last day shown.
    pub axis: (NaiveDate, NaiveDate),
}

/// A drawing error from plotters: a bug of ours, never the reader's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Grafik konnte nicht gezeichnet werden: {0}")]
pub struct ChartError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(error: DrawingAreaErrorKind<E>) -> Self {
        ChartError(error.to_string())
    }
}

/// One package with its milestones in display order.
pub struct PackageMilestones<'a> {
    pub package: &'a Package,
    pub milestones: Vec<&'a Milestone>,
}

/// Groups milestones under their packages, keeping both orders.
pub fn group<'a>(
    packages: &'a [Package],
    milestones: &'a [Milestone],
) -> Vec<PackageMilestones<'a>> {
    packages
        .iter()
        .map(|package| PackageMilestones {
            package,
            milestones: milestones
                .iter()
                .filter(|m| m.package_number == package.number)
                .collect(),
        })
        .collect()
}

// Colours: each at least 4.5:1 on white (and on the light band grey), so lines and
// markers keep 3:1 for graphics with room to spare; the overdue red prints darkest.
pub(crate) const INK: RGBColor = RGBColor(0x1b, 0x1f, 0x24);
pub(crate) const MUTED: RGBColor = RGBColor(0x4a, 0x50, 0x57);
pub(crate) const GRID: RGBColor = RGBColor(0xc9, 0xcf, 0xd6);
pub(crate) const BAND: RGBColor = RGBColor(0xf1, 0xf3, 0xf5);
pub(crate) const DEMANDED: RGBColor = RGBColor(0x0b, 0x3c, 0x5d);
pub(crate) const OVERDUE: RGBColor = RGBColor(0xa4, 0x16, 0x1a);
pub(crate) const FORECAST: RGBColor = RGBColor(0x7a, 0x3e, 0x00);
pub(crate) const COMPLETED: RGBColor = RGBColor(0x1e, 0x6b, 0x34);
pub(crate) const DROPPED: RGBColor = RGBColor(0x5f, 0x63, 0x68);
pub(crate) const TOTAL: RGBColor = RGBColor(0x6b, 0x72, 0x7a);

pub(crate) const FONT: &str = "sans-serif";

pub(crate) fn text_style(size: u32, color: RGBColor) -> TextStyle<'static> {
    // plotters divides font sizes by 1.24 when writing SVG; undo it to get pixels.
    (FONT, f64::from(size) * 1.24)
        .into_font()
        .color(&color)
        .pos(Pos::new(HPos::Left, VPos::Center))
}

/// The time axis for a set of dates: whole years around them, at least one.
pub(crate) fn year_axis(
    dates: impl IntoIterator<Item = NaiveDate>,
    today: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let (mut first, mut last) = (today, today);
    for date in dates {
        first = first.min(date);
        last = last.max(date);
    }
    // A little air so markers on 1 January or 31 December are not cut in half.
    let first = first - Duration::days(45);
    let last = last + Duration::days(45);
    let start = NaiveDate::from_ymd_opt(first.year(), 1, 1).unwrap_or(first);
    let end = NaiveDate::from_ymd_opt(last.year() + 1, 1, 1).unwrap_or(last);
    (start, end)
}

pub(crate) fn year_label(date: &NaiveDate) -> String {
    date.year().to_string()
}

/// Marker shapes, in pixels around their anchor. `size` is the half width.
pub(crate) mod marker {
    use super::*;

    fn diamond(size: i32) -> Vec<(i32, i32)> {
        vec![(0, -size), (size, 0), (0, size), (-size, 0)]
    }

    /// Soll-Termin, not (yet) passed or kept: hollow diamond.
    pub fn demanded(size: i32) -> PathElement<(i32, i32)> {
        let mut points = diamond(size);
        points.push((0, -size));
        PathElement::new(points, DEMANDED.stroke_width(2))
    }

    /// Soll-Termin passed while still open: filled diamond.
    pub fn overdue(size: i32) -> Polygon<(i32, i32)> {
        Polygon::new(diamond(size + 1), OVERDUE.filled())
    }

    pub fn forecast(size: i32) -> Circle<(i32, i32), i32> {
        Circle::new((0, 0), size, FORECAST.stroke_width(2))
    }

    /// Small enough to sit inside a hollow diamond: done on the demanded day reads as
    /// "◈", never as the filled "◆" of an overdue milestone.
    pub fn completed(size: i32) -> Rectangle<(i32, i32)> {
        let half = (size * 3 / 5).max(1);
        Rectangle::new([(-half, -half), (half, half)], COMPLETED.filled())
    }

    pub fn dropped(size: i32) -> Cross<(i32, i32), i32> {
        Cross::new((0, 0), size, DROPPED.stroke_width(2))
    }
}

/// A line from one pixel to another. Dashes and dots are not drawn segment by segment
/// (plotters' dashed elements write one SVG element per dash: megabytes for large
/// plans); `finish_svg` gives the lines of these colours a `stroke-dasharray` instead.
pub(crate) mod line {
    use super::*;

    pub fn late(from: (i32, i32), to: (i32, i32), width: u32) -> PathElement<(i32, i32)> {
        PathElement::new(vec![from, to], COMPLETED.stroke_width(width))
    }

    /// Dashed (see [`SCHEDULE_PATTERNS`]).
    pub fn overdue(from: (i32, i32), to: (i32, i32), width: u32) -> PathElement<(i32, i32)> {
        PathElement::new(vec![from, to], OVERDUE.stroke_width(width))
    }

    /// Dotted (see [`SCHEDULE_PATTERNS`]).
    pub fn forecast(from: (i32, i32), to: (i32, i32)) -> PathElement<(i32, i32)> {
        PathElement::new(vec![from, to], FORECAST.stroke_width(2))
    }
}

/// A line pattern for every `<polyline>` stroked in `color`.
pub(crate) struct Pattern {
    pub color: RGBColor,
    pub dasharray: &'static str,
    /// Round caps: with a zero-length dash this draws dots.
    pub round: bool,
}

/// The schedule charts: overdue lines dashed, forecast lines dotted.
pub(crate) const SCHEDULE_PATTERNS: [Pattern; 2] = [
    Pattern {
        color: OVERDUE,
        dasharray: "7 4",
        round: false,
    },
    Pattern {
        color: FORECAST,
        dasharray: "0 5",
        round: true,
    },
];

fn svg_color(color: RGBColor) -> String {
    format!("stroke=\"#{:02X}{:02X}{:02X}\"", color.0, color.1, color.2)
}

/// Adds the patterns to plotters' output, one element per line.
fn apply_patterns(body: &str, patterns: &[Pattern]) -> String {
    let strokes: Vec<(String, &Pattern)> =
        patterns.iter().map(|p| (svg_color(p.color), p)).collect();
    let mut out = String::with_capacity(body.len() + 1024);
    for line in body.split_inclusive('\n') {
        let pattern = line
            .starts_with("<polyline ")
            .then(|| {
                strokes
                    .iter()
                    .find(|(stroke, _)| line.contains(stroke.as_str()))
            })
            .flatten();
        match pattern {
            Some((_, pattern)) => {
                out.push_str("<polyline stroke-dasharray=\"");
                out.push_str(pattern.dasharray);
                out.push('"');
                if pattern.round {
                    out.push_str(" stroke-linecap=\"round\"");
                }
                out.push(' ');
                out.push_str(&line["<polyline ".len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// One legend entry: a sample drawn at a point, then its text.
pub(crate) struct LegendEntry {
    pub label: &'static str,
    pub draw: DrawSample,
}

pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
pub(crate) type DrawSample = fn(&Area, (i32, i32)) -> Result<(), ChartError>;

/// Draws legend entries in rows across `width`, starting at `origin`; returns the height used.
pub(crate) fn draw_legend(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    origin: (i32, i32),
    width: i32,
    entries: &[LegendEntry],
) -> Result<i32, ChartError> {
    let (mut x, mut y) = origin;
    let row = 24;
    for entry in entries {
        // About 0.55 em per character at 13 px, plus the sample and some air.
        let entry_width = 48 + (entry.label.chars().count() as i32 * 7);
        if x + entry_width > origin.0 + width && x > origin.0 {
            x = origin.0;
            y += row;
        }
        (entry.draw)(area, (x + 12, y))?;
        area.draw(&Text::new(entry.label, (x + 30, y), text_style(13, INK)))?;
        x += entry_width;
    }
    Ok(y - origin.1 + row)
}

/// Makes plotters' SVG responsive and accessible: drops the fixed size (the `viewBox`
/// stays), adds `role="img"`, a `<title>` it is labelled by and a `<desc>` it is
/// described by.
pub(crate) fn finish_svg(
    raw: &str,
    id: &str,
    title: &str,
    desc: &str,
    patterns: &[Pattern],
) -> String {
    let Some(start) = raw.find("<svg") else {
        return raw.to_owned();
    };
    let Some(end) = raw[start..].find('>').map(|i| start + i + 1) else {
        return raw.to_owned();
    };
    let view_box = raw[start..end]
        .split("viewBox=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("0 0 100 100");
    let mut svg = String::with_capacity(raw.len() + title.len() + desc.len() + 300);
    svg.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{view_box}\" role=\"img\" \
         aria-labelledby=\"grafik-{id}-titel\" \
         aria-describedby=\"grafik-{id}-beschreibung\" class=\"grafik\" font-family=\"{FONT}\">\n<title id=\"grafik-{id}-titel\">{}</title>\n\
         <desc id=\"grafik-{id}-beschreibung\">{}</desc>\n",
        xml_escape(title),
        xml_escape(desc)
    ));
    svg.push_str(&apply_patterns(&raw[end..], patterns));
    svg
}

pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// "Stand 21.11.2026" or "heute, 21.11.2026".
pub(crate) fn today_label(locale: Locale, today: NaiveDate, as_of: bool) -> String {
    let date = format_date(locale, today);
    if as_of {
        td_string!(locale, zeitplan.marker_as_of, date).to_string()
    } else {
        td_string!(locale, zeitplan.marker_today, date).to_string()
    }
}

/// The "today" line on top of a chart, from `upper` (plot top) to `lower` (plot bottom),
/// labelled with its date; the label turns left near the right edge of a `width` chart.
pub(crate) fn draw_today(
    area: &Area,
    upper: (i32, i32),
    lower: (i32, i32),
    width: u32,
    today: NaiveDate,
    as_of: bool,
    locale: Locale,
) -> Result<(), ChartError> {
    area.draw(&PathElement::new(
        vec![(upper.0, upper.1 - 8), lower],
        INK.stroke_width(2),
    ))?;
    let (anchor, offset) = if upper.0 > width as i32 - 160 {
        (HPos::Right, -5)
    } else {
        (HPos::Left, 5)
    };
    area.draw(&Text::new(
        today_label(locale, today, as_of),
        (upper.0 + offset, upper.1 - 16),
        text_style(13, INK).pos(Pos::new(anchor, VPos::Center)),
    ))?;
    Ok(())
}

/// Shortens a label to `max` characters, ending in "…".
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short = short.trim_end().to_owned();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_covers_whole_years_with_air() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            year_axis([d(2020, 1, 1), d(2021, 12, 31)], d(2021, 6, 1)),
            (d(2019, 1, 1), d(2023, 1, 1))
        );
        assert_eq!(year_axis([], d(2024, 6, 1)), (d(2024, 1, 1), d(2025, 1, 1)));
    }

    #[test]
    fn finish_svg_makes_it_responsive_and_labelled() {
        let raw = "<svg width=\"800\" height=\"600\" viewBox=\"0 0 800 600\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n";
        let svg = finish_svg(raw, "x", "A & B", "<desc>", &[]);
        assert!(svg.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 600\" role=\"img\""
        ));
        assert!(!svg.contains("width=\"800\""));
        assert!(svg.contains("<title id=\"grafik-x-titel\">A &amp; B</title>"));
        assert!(svg.contains("<desc id=\"grafik-x-beschreibung\">&lt;desc&gt;</desc>"));
        assert!(svg.ends_with("<rect/>\n</svg>\n"));
    }

    #[test]
    fn patterns_dash_only_polylines_of_their_colour() {
        let body = "<polyline fill=\"none\" stroke=\"#A4161A\" points=\"1,1 2,2 \"/>\n\
                    <polygon fill=\"#A4161A\" points=\"1,1 2,2 \"/>\n\
                    <polyline fill=\"none\" stroke=\"#0B3C5D\" points=\"1,1 2,2 \"/>\n";
        let out = apply_patterns(body, &SCHEDULE_PATTERNS);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "<polyline stroke-dasharray=\"7 4\" fill=\"none\" stroke=\"#A4161A\" points=\"1,1 2,2 \"/>");
        assert_eq!(lines[1], "<polygon fill=\"#A4161A\" points=\"1,1 2,2 \"/>");
        assert!(!lines[2].contains("dasharray"));
    }

    #[test]
    fn shorten_counts_characters_not_bytes() {
        assert_eq!(shorten("Ämter", 10), "Ämter");
        assert_eq!(
            shorten("Ausländerbehörde wird Migrationsamt", 12),
            "Ausländerbe…"
        );
    }
}

#[cfg(test)]
mod chart_tests;
