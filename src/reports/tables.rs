//! The record as tables: one definition of the columns for the spreadsheet and the CSV.

use chrono::NaiveDate;

use super::record::Record;
use crate::domain::indicators::PublicValue;
use crate::language::Locale;
use crate::ui::format::{
    assessment_label, delay_category_label, direction_label, indicator_status_label,
    indicator_value, package_status_label, schedule_status_label, unit_label, work_status_label,
};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Date(Option<NaiveDate>),
    Number(f64),
}

impl Cell {
    fn text(value: &str) -> Cell {
        Cell::Text(value.to_owned())
    }

    /// As the CSV writes it: ISO dates, plain numbers.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Date(Some(date)) => date.format("%Y-%m-%d").to_string(),
            Cell::Date(None) => String::new(),
            Cell::Number(n) => n.to_string(),
        }
    }
}

pub struct Column {
    pub header: &'static str,
    /// Width in characters, for the spreadsheet.
    pub width: f64,
}

const fn column(header: &'static str, width: f64) -> Column {
    Column { header, width }
}

pub struct Table {
    /// Sheet name (at most 31 characters).
    pub name: &'static str,
    /// What the sheet shows, for its title line (the plan's word for its packages).
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

pub fn packages(record: &Record) -> Table {
    let rows = record
        .package_views()
        .into_iter()
        .map(|v| {
            vec![
                Cell::Number(f64::from(v.package.number)),
                Cell::text(&v.package.title),
                Cell::text(&v.package.responsible_unit),
                Cell::text(package_status_label(Locale::de, v.status)),
                Cell::Number(f64::from(v.progress.done)),
                Cell::Number(f64::from(v.progress.total)),
                Cell::text(&v.package.summary),
                Cell::text(&v.package.goal),
                Cell::text(&v.package.source_reference),
            ]
        })
        .collect();
    Table {
        name: "Pakete",
        title: record.plan.words.many(Locale::de),
        columns: vec![
            column("Paket", 7.0),
            column("Titel", 40.0),
            column("Zuständig", 24.0),
            column("Status", 16.0),
            column("Meilensteine erledigt", 12.0),
            column("Meilensteine gesamt", 12.0),
            column("Kurzbeschreibung", 60.0),
            column("Ziel", 50.0),
            column("Quelle", 30.0),
        ],
        rows,
    }
}

pub fn milestones(record: &Record) -> Table {
    let internal = record.internal();
    let rows = record
        .judged()
        .into_iter()
        .map(|j| {
            let m = j.milestone;
            let mut row = vec![
                Cell::Number(f64::from(j.package.number)),
                Cell::text(&j.package.title),
                Cell::Number(m.id as f64),
                Cell::text(m.key.as_deref().unwrap_or_default()),
                Cell::text(&m.title),
                Cell::Date(m.demanded_on),
                Cell::Date(m.forecast_on),
                Cell::Date(m.completed_on),
                Cell::text(work_status_label(Locale::de, m.work)),
                Cell::text(schedule_status_label(Locale::de, j.status)),
                Cell::text(&m.public_note),
                Cell::Text(m.evidence_links.join("\n")),
            ];
            let moved = record.postponements(m.id);
            row.push(Cell::Number(f64::from(moved.later)));
            row.push(Cell::Number(moved.net_days() as f64));
            let voices = &m.voices;
            row.extend([
                Cell::Date(voices.statement.on),
                Cell::text(&voices.statement.organisation),
                Cell::text(
                    voices
                        .view
                        .assessment
                        .map(|a| assessment_label(Locale::de, Some(a)))
                        .unwrap_or_default(),
                ),
                Cell::text(&voices.view.reason),
                Cell::Text(voices.view.evidence.join("\n")),
                Cell::Date(voices.view.checked_on),
                Cell::text(&voices.view.organisation),
            ]);
            if internal {
                row.push(Cell::text(m.internal_note.as_deref().unwrap_or_default()));
            }
            row
        })
        .collect();
    let mut columns = vec![
        column("Paket", 7.0),
        column("Paket-Titel", 30.0),
        column("Meilenstein-ID", 9.0),
        column("Kennung", 9.0),
        column("Meilenstein", 45.0),
        column("Soll-Termin", 12.0),
        column("Prognose", 12.0),
        column("Erledigt am", 12.0),
        column("Arbeitsstand", 12.0),
        column("Terminstatus", 16.0),
        column("Öffentliche Notiz", 45.0),
        column("Nachweise", 35.0),
        column("Prognose verschoben (Anzahl)", 12.0),
        column("Prognose verschoben (Tage zusammen)", 12.0),
        column("Von der Verwaltung bestätigt am", 12.0),
        column("Bestätigt von", 24.0),
        column("Einschätzung der Arbeitsgruppe", 20.0),
        column("Begründung der Einschätzung", 45.0),
        column("Nachweise der Arbeitsgruppe", 35.0),
        column("Einschätzung geprüft am", 12.0),
        column("Eingeschätzt von", 24.0),
    ];
    if internal {
        columns.push(column("Interne Notiz", 45.0));
    }
    Table {
        name: "Meilensteine",
        title: "Meilensteine".to_owned(),
        columns,
        rows,
    }
}

/// Every move of a forecast up to the stand, oldest first, with its reason.
pub fn forecast_moves(record: &Record) -> Table {
    let rows = record
        .forecast_moves
        .iter()
        .filter_map(|moved| {
            let milestone = record.milestone(moved.milestone_id)?;
            let package = record.package(milestone.package_id)?;
            Some(vec![
                Cell::Number(f64::from(package.number)),
                Cell::Number(milestone.id as f64),
                Cell::text(&milestone.title),
                Cell::Date(moved.recorded_on(record.stand.timezone)),
                Cell::Date(Some(moved.from)),
                Cell::Date(Some(moved.to)),
                Cell::Number(moved.dates().days() as f64),
                Cell::text(delay_category_label(Locale::de, moved.category)),
                Cell::text(&moved.reason),
                Cell::text(&moved.organisation),
            ])
        })
        .collect();
    Table {
        name: "Prognosen",
        title: "Verschobene Prognosen".to_owned(),
        columns: vec![
            column("Paket", 7.0),
            column("Meilenstein-ID", 9.0),
            column("Meilenstein", 45.0),
            column("Gespeichert am", 12.0),
            column("Prognose vorher", 12.0),
            column("Prognose neu", 12.0),
            column("Tage", 8.0),
            column("Grund", 20.0),
            column("Begründung", 50.0),
            column("Organisation", 24.0),
        ],
        rows,
    }
}

pub fn status_updates(record: &Record) -> Table {
    let rows = record
        .package_views()
        .into_iter()
        .flat_map(|v| {
            v.status_updates.into_iter().map(move |s| {
                vec![
                    Cell::Number(f64::from(v.package.number)),
                    Cell::text(&v.package.title),
                    Cell::Date(Some(s.occurred_on)),
                    Cell::text(&s.body),
                    Cell::text(&s.link),
                    Cell::text(&s.organisation),
                ]
            })
        })
        .collect();
    Table {
        name: "Statusmeldungen",
        title: "Statusmeldungen".to_owned(),
        columns: vec![
            column("Paket", 7.0),
            column("Paket-Titel", 30.0),
            column("Datum", 12.0),
            column("Meldung", 70.0),
            column("Link", 35.0),
            column("Organisation", 24.0),
        ],
        rows,
    }
}

/// Every value of every indicator, one row each (an indicator without values gets one
/// row without a period), with its target and its status on the stand. A count below
/// the indicator's threshold has no figure in a public file: its cell stays empty and
/// the next column says "weniger als 5".
pub fn indicators(record: &Record) -> Table {
    let mut rows = Vec::new();
    for indicator in &record.indicators {
        let status = indicator.status(record.stand.day);
        let facts = |row: &mut Vec<Cell>| {
            row.extend([
                Cell::text(&indicator.source),
                Cell::Number(indicator.target.value),
                Cell::Date(Some(indicator.target.due)),
                Cell::text(direction_label(Locale::de, indicator.direction)),
                Cell::text(indicator_status_label(Locale::de, status)),
                Cell::text(if indicator.is_example { "ja" } else { "nein" }),
            ]);
        };
        let opening = || {
            vec![
                Cell::text(&indicator.key),
                Cell::text(&indicator.name),
                indicator
                    .package_number
                    .map_or(Cell::text(""), |n| Cell::Number(f64::from(n))),
                Cell::text(unit_label(Locale::de, indicator.unit)),
            ]
        };
        let points = record.indicator_points(indicator);
        if points.is_empty() {
            let mut row = opening();
            row.extend((0..7).map(|_| Cell::text("")));
            facts(&mut row);
            rows.push(row);
        }
        for point in points {
            let mut row = opening();
            let (value, withheld) = match point.value {
                PublicValue::Value(value) => (Cell::Number(value), String::new()),
                withheld @ PublicValue::FewerThan(_) => (
                    Cell::text(""),
                    indicator_value(Locale::de, indicator.unit, withheld),
                ),
            };
            row.extend([
                Cell::Text(point.period.code()),
                Cell::Date(Some(point.period.start())),
                Cell::Date(Some(point.period.end())),
                value,
                Cell::Text(withheld),
                Cell::Text(point.source_reference),
                Cell::Text(point.note),
            ]);
            facts(&mut row);
            rows.push(row);
        }
    }
    Table {
        name: "Kennzahlen",
        title: "Kennzahlen: Werte und Ziele".to_owned(),
        columns: vec![
            column("Kennzahl", 9.0),
            column("Name", 40.0),
            column("Paket", 7.0),
            column("Einheit", 14.0),
            column("Zeitraum", 10.0),
            column("Beginn", 12.0),
            column("Ende", 12.0),
            column("Wert", 10.0),
            column("Wert nicht genannt", 16.0),
            column("Beleg", 30.0),
            column("Hinweis", 40.0),
            column("Quelle der Kennzahl", 30.0),
            column("Zielwert", 10.0),
            column("Zieldatum", 12.0),
            column("Richtung", 20.0),
            column("Status zum Stand", 18.0),
            column("Beispielzahlen", 10.0),
        ],
        rows,
    }
}

/// The line every sheet and page starts with: plan, stand, and whether it is internal.
pub fn title_line(record: &Record, what: &str) -> String {
    let mut line = format!(
        "{what} – {} – Stand {}",
        record.plan.title,
        record.stand.day_de()
    );
    if record.stand.rebuilt {
        line.push_str(" (aus der Änderungshistorie wiederhergestellt)");
    }
    if record.internal() {
        line = format!("{INTERNAL_NOTICE} · {line}");
    }
    line
}

pub const INTERNAL_NOTICE: &str = "INTERN – enthält interne Notizen, nicht veröffentlichen";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::record::{fixture, Audience};

    #[test]
    fn every_row_has_a_cell_per_column() {
        for audience in [Audience::Public, Audience::Internal] {
            let mut record = fixture::record();
            record.audience = audience;
            for table in [
                packages(&record),
                milestones(&record),
                forecast_moves(&record),
                status_updates(&record),
                indicators(&record),
            ] {
                assert!(table.name.chars().count() <= 31);
                assert!(!table.rows.is_empty(), "{}", table.name);
                for row in &table.rows {
                    assert_eq!(row.len(), table.columns.len(), "{}", table.name);
                }
            }
        }
    }

    #[test]
    fn internal_notes_only_in_internal_tables() {
        let mut record = fixture::record();
        let public = milestones(&record);
        assert!(public.columns.iter().all(|c| c.header != "Interne Notiz"));
        record.audience = Audience::Internal;
        let internal = milestones(&record);
        assert_eq!(internal.columns.last().unwrap().header, "Interne Notiz");
        assert!(title_line(&record, "Meilensteine").starts_with("INTERN"));
    }

    #[test]
    fn a_small_count_has_no_figure_in_a_public_table() {
        let mut record = fixture::record();
        let value = |table: &Table, period: &str| {
            let row = table
                .rows
                .iter()
                .find(|r| r[4] == Cell::Text(period.to_owned()))
                .expect("row of the period");
            (row[7].clone(), row[8].clone())
        };
        let public = indicators(&record);
        assert_eq!(public.rows.len(), 2);
        assert_eq!(value(&public, "2025"), (Cell::Number(12.0), Cell::text("")));
        assert_eq!(
            value(&public, "2026-Q1"),
            (Cell::text(""), Cell::text("weniger als 5"))
        );
        record.audience = Audience::Internal;
        assert_eq!(
            value(&indicators(&record), "2026-Q1"),
            (Cell::Number(3.0), Cell::text(""))
        );
        record.indicators[0].points.clear();
        let empty = indicators(&record);
        assert_eq!(
            empty.rows.len(),
            1,
            "an indicator without values still shows"
        );
        assert_eq!(empty.rows[0].len(), empty.columns.len());
    }
}
