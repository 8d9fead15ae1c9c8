//! The spreadsheet round trip (`/{plan}/bearbeiten/tabelle`): the plan's milestones as
//! an XLSX file to edit in LibreOffice or Excel, and the file read back.
//!
//! The file has three sheets: the milestones (one row per milestone; the editable
//! columns marked and unlocked, the others locked), notes on how to edit, and a hidden
//! sheet with what each row showed at the download (milestone id, version and the
//! editable values). Read back, a row is a [`MeetingRow`] like a row of the meeting form:
//! what it shows now, what it showed at the download and the version then; the meeting's
//! rules decide what changed and what someone else saved meanwhile.
//!
//! Pure: cells in (as `sheet_file` reads them with calamine), rows and problems out.
//! Nothing here touches a file or the database.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::dates::{format_de, parse_date};
use crate::domain::postponement::DelayCategory;
use crate::domain::schedule::WorkStatus;
use crate::editing::meeting::MeetingRow;
use crate::language::Locale;
use crate::ui::format::{delay_category_label, work_status_label};

/// Name of the hidden sheet with the download's state; its first cell says what the
/// file is ([`MARKER`]), so a foreign workbook is told apart.
pub const STAND_SHEET: &str = "umsetzungsmonitor";
pub const MARKER: &str = "Umsetzungsmonitor-Bearbeitungstabelle";
/// The layout of the file; a file of another layout is refused with a clear message.
pub const FORMAT_VERSION: i64 = 1;
/// The hidden sheet: marker, plan, time of the download, a header, then one row per
/// milestone from this row (0-based).
pub const STAND_FIRST_ROW: usize = 4;
/// No cell of ours is longer; a longer one is refused whatever its column (a note has
/// its own, lower limit, checked with the milestone form's rules).
pub const MAX_CELL_CHARS: usize = 10_000;

/// The columns of the milestone sheet, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    Id,
    Package,
    Title,
    Demanded,
    Status,
    Forecast,
    ForecastCategory,
    ForecastReason,
    Completed,
    Note,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::Id,
        Column::Package,
        Column::Title,
        Column::Demanded,
        Column::Status,
        Column::Forecast,
        Column::ForecastCategory,
        Column::ForecastReason,
        Column::Completed,
        Column::Note,
    ];

    /// The meeting row's field this column edits; `None` for a column to read only.
    pub fn field(self) -> Option<&'static str> {
        match self {
            Column::Status => Some("status"),
            Column::Forecast => Some("forecast"),
            Column::ForecastCategory => Some("forecast_category"),
            Column::ForecastReason => Some("forecast_reason"),
            Column::Completed => Some("completed"),
            Column::Note => Some("note"),
            Column::Id | Column::Package | Column::Title | Column::Demanded => None,
        }
    }

    /// The column of a meeting row's field.
    pub fn of_field(field: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.field() == Some(field))
    }

    pub fn editable(self) -> bool {
        self.field().is_some()
    }

    pub fn is_date(self) -> bool {
        matches!(
            self,
            Column::Demanded | Column::Forecast | Column::Completed
        )
    }

    /// The column's heading without the mark of an editable column.
    pub fn name(self, locale: Locale) -> &'static str {
        let (de, en) = match self {
            Column::Id => ("Meilenstein-Nr.", "Milestone no."),
            Column::Package => ("Paket", "Package"),
            Column::Title => ("Meilenstein", "Milestone"),
            Column::Demanded => ("Gefordert bis", "Demanded by"),
            Column::Status => ("Status", "Status"),
            Column::Forecast => ("Prognose", "Forecast"),
            Column::ForecastCategory => ("Grund der Verschiebung", "Reason for the delay"),
            Column::ForecastReason => ("Begründung der Verschiebung", "Explanation of the delay"),
            Column::Completed => ("Erledigt am", "Completed on"),
            Column::Note => ("Öffentliche Notiz", "Public note"),
        };
        match locale {
            Locale::de => de,
            Locale::en => en,
        }
    }

    /// The heading as the file writes it: editable columns say so.
    pub fn heading(self, locale: Locale) -> String {
        if self.editable() {
            format!("{} ({})", self.name(locale), editable_mark(locale))
        } else {
            self.name(locale).to_owned()
        }
    }

    /// The column's letter in the sheet (A, B, …).
    pub fn letter(self) -> char {
        let index = Column::ALL.iter().position(|&c| c == self).unwrap_or(0);
        (b'A' + index as u8) as char
    }

    /// The column a heading names, in either language, marked or not.
    fn from_heading(text: &str) -> Option<Column> {
        let text = text.trim();
        let bare = text
            .rsplit_once(" (")
            .filter(|(_, rest)| rest.ends_with(')'))
            .map_or(text, |(name, _)| name.trim());
        Column::ALL.into_iter().find(|c| {
            [Locale::de, Locale::en]
                .into_iter()
                .any(|l| c.name(l).eq_ignore_ascii_case(bare))
        })
    }
}

pub fn editable_mark(locale: Locale) -> &'static str {
    match locale {
        Locale::de => "bearbeitbar",
        Locale::en => "editable",
    }
}

/// A cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetCell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    /// A formula (whatever value it last computed): refused, the record takes values.
    Formula,
    /// An error value (`#DIV/0!`, `#REF!`).
    Error,
}

impl SheetCell {
    fn is_empty(&self) -> bool {
        match self {
            SheetCell::Empty => true,
            SheetCell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: numbers without a needless ".0", dates as 31.12.2026.
    fn text(&self) -> String {
        match self {
            SheetCell::Empty | SheetCell::Formula | SheetCell::Error => String::new(),
            SheetCell::Text(text) => text.clone(),
            SheetCell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            SheetCell::Number(n) => n.to_string(),
            SheetCell::Date(date) => format_de(*date),
            SheetCell::Bool(b) => b.to_string(),
        }
    }

    fn whole_number(&self) -> Option<i64> {
        match self {
            SheetCell::Number(n) if n.fract() == 0.0 && *n >= 1.0 && *n < 1e15 => Some(*n as i64),
            SheetCell::Text(text) => text.trim().parse().ok().filter(|n| *n >= 1),
            _ => None,
        }
    }
}

/// What is wrong with a whole file: nothing of it is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    /// Not an XLSX file (or a damaged one).
    Unreadable,
    /// Over the upload limit, or unpacking to more than a sheet of ours could.
    TooLarge,
    /// A spreadsheet, but not one downloaded here for editing.
    Foreign,
    /// Downloaded for another plan (its slug).
    OtherPlan(String),
    /// Written by a newer (or older) layout.
    OtherFormat,
    /// The milestone sheet lacks a column.
    MissingColumn(Column),
    /// Nothing chosen, or an empty file.
    Empty,
}

impl FileProblem {
    /// The problem as the upload page's address names it (`?fehler=…`).
    pub fn code(&self) -> String {
        match self {
            FileProblem::Unreadable => "unlesbar".into(),
            FileProblem::TooLarge => "zu-gross".into(),
            FileProblem::Foreign => "fremd".into(),
            FileProblem::OtherPlan(_) => "anderer-plan".into(),
            FileProblem::OtherFormat => "anderes-format".into(),
            FileProblem::MissingColumn(column) => format!("spalte-{}", column.letter()),
            FileProblem::Empty => "leer".into(),
        }
    }

    pub fn from_code(code: &str) -> Option<FileProblem> {
        Some(match code {
            "unlesbar" => FileProblem::Unreadable,
            "zu-gross" => FileProblem::TooLarge,
            "fremd" => FileProblem::Foreign,
            "anderer-plan" => FileProblem::OtherPlan(String::new()),
            "anderes-format" => FileProblem::OtherFormat,
            "leer" => FileProblem::Empty,
            other => {
                let letter = other.strip_prefix("spalte-")?;
                FileProblem::MissingColumn(
                    Column::ALL
                        .into_iter()
                        .find(|c| letter.len() == 1 && letter.starts_with(c.letter()))?,
                )
            }
        })
    }
}

/// What is wrong with one cell (or one row, without a column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CellProblem {
    Formula,
    ErrorValue,
    TooLong {
        max: usize,
        actual: usize,
    },
    /// A date column holds something that is not a date.
    NotADate(String),
    /// The id is not one of the milestones in this download.
    UnknownId(String),
    /// A second row for a milestone.
    DuplicateId(i64),
    /// A filled row without an id: new milestones are added in the app.
    NoId,
    /// The milestone form's own message, already in the reader's language.
    Field(String),
}

/// A problem at a place in the milestone sheet: line as the spreadsheet numbers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located {
    pub line: u32,
    pub column: Option<Column>,
    pub problem: CellProblem,
}

/// A row read from the file, with its line in the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub line: u32,
    pub row: MeetingRow,
}

/// The milestone sheet read against the hidden one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadSheet {
    pub rows: Vec<SheetRow>,
    pub problems: Vec<Located>,
}

/// The download's state of each milestone: id → (version, values then).
type Stand = HashMap<i64, MeetingRow>;

/// Reads a file's milestone sheet (`main`) against its hidden sheet (`stand`, `None`
/// when the workbook has none) for plan `plan_slug`.
pub fn read(
    main: &[Vec<SheetCell>],
    stand: Option<&[Vec<SheetCell>]>,
    plan_slug: &str,
) -> Result<ReadSheet, FileProblem> {
    let stand = read_stand(stand.ok_or(FileProblem::Foreign)?, plan_slug)?;
    let header = main.first().ok_or(FileProblem::Foreign)?;
    let mut positions = HashMap::new();
    for (index, cell) in header.iter().enumerate() {
        if let Some(column) = Column::from_heading(&cell.text()) {
            positions.entry(column).or_insert(index);
        }
    }
    for column in Column::ALL {
        if (column.editable() || column == Column::Id) && !positions.contains_key(&column) {
            return Err(FileProblem::MissingColumn(column));
        }
    }
    let mut read = ReadSheet::default();
    let mut seen = HashSet::new();
    for (index, cells) in main.iter().enumerate().skip(1) {
        let line = index as u32 + 1;
        let cell = |column: Column| {
            positions
                .get(&column)
                .and_then(|&i| cells.get(i))
                .unwrap_or(&SheetCell::Empty)
        };
        if Column::ALL.iter().all(|&c| cell(c).is_empty()) {
            continue;
        }
        let mut problems = Vec::new();
        let mut at = |column: Option<Column>, problem: CellProblem| {
            problems.push(Located {
                line,
                column,
                problem,
            })
        };
        // Formulas and over-long values anywhere in the row: the file is not taken
        // as it is, whatever the column.
        for &column in &Column::ALL {
            match cell(column) {
                SheetCell::Formula => at(Some(column), CellProblem::Formula),
                SheetCell::Error => at(Some(column), CellProblem::ErrorValue),
                SheetCell::Text(text) if text.chars().count() > MAX_CELL_CHARS => at(
                    Some(column),
                    CellProblem::TooLong {
                        max: MAX_CELL_CHARS,
                        actual: text.chars().count(),
                    },
                ),
                _ => {}
            }
        }
        let id_cell = cell(Column::Id);
        let loaded = match id_cell.whole_number() {
            _ if id_cell.is_empty() => {
                at(None, CellProblem::NoId);
                None
            }
            Some(id) => match stand.get(&id) {
                Some(_) if !seen.insert(id) => {
                    at(Some(Column::Id), CellProblem::DuplicateId(id));
                    None
                }
                Some(loaded) => Some(loaded),
                None => {
                    at(Some(Column::Id), CellProblem::UnknownId(id_cell.text()));
                    None
                }
            },
            None => {
                at(
                    Some(Column::Id),
                    CellProblem::UnknownId(shorten(&id_cell.text())),
                );
                None
            }
        };
        let mut row = loaded.cloned().unwrap_or_default();
        for column in Column::ALL.into_iter().filter(|c| c.editable()) {
            let value = match cell(column) {
                SheetCell::Date(_) | SheetCell::Text(_) | SheetCell::Empty if column.is_date() => {
                    date_value(cell(column)).unwrap_or_else(|text| {
                        at(Some(column), CellProblem::NotADate(shorten(&text)));
                        String::new()
                    })
                }
                SheetCell::Number(_) | SheetCell::Bool(_) if column.is_date() => {
                    at(Some(column), CellProblem::NotADate(cell(column).text()));
                    String::new()
                }
                other => other.text(),
            };
            let value = match column {
                Column::Status => status_code(&value),
                Column::ForecastCategory => category_code(&value),
                _ => value,
            };
            set(&mut row, column, value);
        }
        if problems.is_empty() {
            read.rows.push(SheetRow { line, row });
        }
        read.problems.extend(problems);
    }
    Ok(read)
}

/// A date cell's value as the form takes it (31.12.2026); `Err` with the text for a
/// text that is not a date.
fn date_value(cell: &SheetCell) -> Result<String, String> {
    match cell {
        SheetCell::Date(date) => Ok(format_de(*date)),
        SheetCell::Text(text) if text.trim().is_empty() => Ok(String::new()),
        SheetCell::Text(text) => parse_date(text)
            .map(format_de)
            .map_err(|_| text.trim().to_owned()),
        _ => Ok(String::new()),
    }
}

fn shorten(text: &str) -> String {
    const SHOWN: usize = 40;
    let mut short: String = text.trim().chars().take(SHOWN).collect();
    if text.trim().chars().count() > SHOWN {
        short.push('…');
    }
    short
}

/// A status as the record stores it: the code for any spelling of either language,
/// else the text as it is (the form's rule then names it).
pub fn status_code(text: &str) -> String {
    let trimmed = text.trim();
    WorkStatus::parse(trimmed)
        .or_else(|| {
            WorkStatus::ALL.into_iter().find(|&s| {
                [Locale::de, Locale::en]
                    .into_iter()
                    .any(|l| work_status_label(l, s).eq_ignore_ascii_case(trimmed))
            })
        })
        .map_or_else(|| trimmed.to_owned(), |s| s.code().to_owned())
}

/// A reason category as the record stores it, from its code or its words.
pub fn category_code(text: &str) -> String {
    let trimmed = text.trim();
    DelayCategory::parse(trimmed)
        .or_else(|| {
            DelayCategory::ALL.into_iter().find(|&c| {
                [Locale::de, Locale::en]
                    .into_iter()
                    .any(|l| delay_category_label(l, Some(c)).eq_ignore_ascii_case(trimmed))
            })
        })
        .map_or_else(|| trimmed.to_owned(), |c| c.code().to_owned())
}

fn set(row: &mut MeetingRow, column: Column, value: String) {
    match column {
        Column::Status => row.status = value,
        Column::Forecast => row.forecast = value,
        Column::ForecastCategory => row.forecast_category = value,
        Column::ForecastReason => row.forecast_reason = value,
        Column::Completed => row.completed = value,
        Column::Note => row.note = value,
        _ => {}
    }
}

/// The hidden sheet: marker and layout, the plan, then id, version and the values then.
fn read_stand(cells: &[Vec<SheetCell>], plan_slug: &str) -> Result<Stand, FileProblem> {
    let at = |row: usize, col: usize| {
        cells
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&SheetCell::Empty)
    };
    if at(0, 0).text() != MARKER {
        return Err(FileProblem::Foreign);
    }
    if at(0, 1).whole_number() != Some(FORMAT_VERSION) {
        return Err(FileProblem::OtherFormat);
    }
    let slug = at(1, 1).text();
    if slug != plan_slug {
        return Err(FileProblem::OtherPlan(shorten(&slug)));
    }
    let mut stand = Stand::new();
    for cells in cells.iter().skip(STAND_FIRST_ROW) {
        let cell = |i: usize| cells.get(i).unwrap_or(&SheetCell::Empty);
        let (Some(id), Some(version)) = (cell(0).whole_number(), cell(1).whole_number()) else {
            return Err(FileProblem::Foreign);
        };
        let row = MeetingRow {
            id,
            version,
            was_status: cell(2).text(),
            was_forecast: cell(3).text(),
            was_completed: cell(4).text(),
            was_note: cell(5).text(),
            ..MeetingRow::default()
        };
        stand.insert(id, row);
    }
    Ok(stand)
}

/// One milestone as the download writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadRow {
    pub id: i64,
    pub version: i64,
    pub package_number: u32,
    pub title: String,
    pub demanded: Option<NaiveDate>,
    /// The status code; the file shows its words.
    pub status: String,
    pub forecast: Option<NaiveDate>,
    pub completed: Option<NaiveDate>,
    pub note: String,
}

impl DownloadRow {
    /// The hidden sheet's row: id, version and the editable values as a row of the
    /// milestone sheet will read back when nothing is changed.
    pub fn stand(&self) -> [String; 6] {
        let date = |d: Option<NaiveDate>| d.map(format_de).unwrap_or_default();
        [
            self.id.to_string(),
            self.version.to_string(),
            self.status.clone(),
            date(self.forecast),
            date(self.completed),
            self.note.clone(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> SheetCell {
        SheetCell::Text(s.to_owned())
    }

    fn header(locale: Locale) -> Vec<SheetCell> {
        Column::ALL
            .into_iter()
            .map(|c| text(&c.heading(locale)))
            .collect()
    }

    fn stand(rows: &[(i64, i64, &str)]) -> Vec<Vec<SheetCell>> {
        let mut cells = vec![
            vec![text(MARKER), SheetCell::Number(1.0)],
            vec![text("plan"), text("beispiel")],
            vec![text("heruntergeladen"), text("2026-12-01 10:00")],
            vec![text("id")],
        ];
        for &(id, version, status) in rows {
            cells.push(vec![
                SheetCell::Number(id as f64),
                SheetCell::Number(version as f64),
                text(status),
                text("30.06.2027"),
                SheetCell::Empty,
                text("Notiz"),
            ]);
        }
        cells
    }

    /// A row of the milestone sheet: id, package, title, demanded, then the editable six.
    fn line(id: SheetCell, status: &str, forecast: SheetCell, note: &str) -> Vec<SheetCell> {
        vec![
            id,
            SheetCell::Number(1.0),
            text("Titel"),
            SheetCell::Date(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()),
            text(status),
            forecast,
            SheetCell::Empty,
            SheetCell::Empty,
            SheetCell::Empty,
            text(note),
        ]
    }

    fn june() -> SheetCell {
        SheetCell::Date(NaiveDate::from_ymd_opt(2027, 6, 30).unwrap())
    }

    #[test]
    fn an_unchanged_file_reads_back_as_loaded() {
        let main = vec![
            header(Locale::de),
            line(SheetCell::Number(7.0), "in Arbeit", june(), "Notiz"),
            line(text("8"), "offen", text("2027-06-30"), "Notiz"),
        ];
        let stand = stand(&[(7, 3, "in_arbeit"), (8, 1, "offen")]);
        let read = read(&main, Some(&stand), "beispiel").unwrap();
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(read.rows.len(), 2);
        assert_eq!(read.rows[0].line, 2);
        assert_eq!(read.rows[0].row.version, 3);
        assert_eq!(
            read.rows[0].row.status, "in_arbeit",
            "words read as the code"
        );
        assert_eq!(
            read.rows[1].row.forecast, "30.06.2027",
            "an ISO text date too"
        );
        assert!(read.rows.iter().all(|r| !r.row.changed()));
    }

    #[test]
    fn english_headings_and_words_read_the_same() {
        let main = vec![
            header(Locale::en),
            line(SheetCell::Number(7.0), "done", june(), "Neu"),
        ];
        let stand = stand(&[(7, 3, "in_arbeit")]);
        let read = read(&main, Some(&stand), "beispiel").unwrap();
        let row = &read.rows[0].row;
        assert_eq!(row.status, "erledigt");
        assert_eq!(row.note, "Neu");
        assert!(row.changed());
        assert_eq!(category_code("Haushalt"), "haushalt");
        assert_eq!(category_code("waiting for another body"), "abhaengigkeit");
    }

    #[test]
    fn each_bad_cell_is_named_by_line_and_column() {
        let mut too_long = line(SheetCell::Number(9.0), "offen", june(), "");
        too_long[9] = text(&"x".repeat(MAX_CELL_CHARS + 1));
        let main = vec![
            header(Locale::de),
            line(SheetCell::Number(7.0), "offen", SheetCell::Formula, "Notiz"),
            line(SheetCell::Number(8.0), "offen", text("bald"), "Notiz"),
            too_long,
            line(SheetCell::Number(99.0), "offen", june(), "Notiz"),
            line(SheetCell::Number(8.0), "offen", june(), "Notiz"),
            line(SheetCell::Empty, "offen", june(), "Neue Zeile"),
            line(
                SheetCell::Number(10.0),
                "offen",
                SheetCell::Number(46000.0),
                "",
            ),
            vec![SheetCell::Empty; 10],
        ];
        let stand = stand(&[
            (7, 1, "offen"),
            (8, 1, "offen"),
            (9, 1, "offen"),
            (10, 1, "offen"),
        ]);
        let read = read(&main, Some(&stand), "beispiel").unwrap();
        let found: Vec<(u32, Option<char>, &CellProblem)> = read
            .problems
            .iter()
            .map(|p| (p.line, p.column.map(Column::letter), &p.problem))
            .collect();
        assert_eq!(
            found,
            vec![
                (2, Some('F'), &CellProblem::Formula),
                (3, Some('F'), &CellProblem::NotADate("bald".into())),
                (
                    4,
                    Some('J'),
                    &CellProblem::TooLong {
                        max: MAX_CELL_CHARS,
                        actual: MAX_CELL_CHARS + 1
                    }
                ),
                (5, Some('A'), &CellProblem::UnknownId("99".into())),
                (6, Some('A'), &CellProblem::DuplicateId(8)),
                (7, None, &CellProblem::NoId),
                (8, Some('F'), &CellProblem::NotADate("46000".into())),
            ]
        );
        assert!(
            read.rows.is_empty(),
            "a row with a problem is not read at all: {:?}",
            read.rows
        );
    }

    #[test]
    fn a_foreign_or_other_file_is_refused_whole() {
        let main = vec![header(Locale::de)];
        assert_eq!(read(&main, None, "beispiel"), Err(FileProblem::Foreign));
        let mut other = stand(&[]);
        assert_eq!(
            read(&main, Some(&other), "potsdam"),
            Err(FileProblem::OtherPlan("beispiel".into()))
        );
        other[0][1] = SheetCell::Number(2.0);
        assert_eq!(
            read(&main, Some(&other), "beispiel"),
            Err(FileProblem::OtherFormat)
        );
        let mut headless = header(Locale::de);
        headless.remove(5);
        assert_eq!(
            read(&[headless], Some(&stand(&[])), "beispiel"),
            Err(FileProblem::MissingColumn(Column::Forecast))
        );
    }

    #[test]
    fn the_download_reads_back_unchanged() {
        let row = DownloadRow {
            id: 4,
            version: 2,
            package_number: 1,
            title: "T".into(),
            demanded: None,
            status: "offen".into(),
            forecast: NaiveDate::from_ymd_opt(2027, 1, 5),
            completed: None,
            note: "n".into(),
        };
        assert_eq!(row.stand(), ["4", "2", "offen", "05.01.2027", "", "n"]);
        assert_eq!(Column::Note.letter(), 'J');
        assert_eq!(Column::Status.heading(Locale::de), "Status (bearbeitbar)");
        assert_eq!(
            Column::from_heading("Prognose (editable)"),
            Some(Column::Forecast)
        );
        for problem in [
            FileProblem::Unreadable,
            FileProblem::TooLarge,
            FileProblem::Foreign,
            FileProblem::OtherPlan(String::new()),
            FileProblem::OtherFormat,
            FileProblem::MissingColumn(Column::Completed),
            FileProblem::Empty,
        ] {
            assert_eq!(FileProblem::from_code(&problem.code()), Some(problem));
        }
        assert_eq!(FileProblem::from_code("spalte-Z"), None);
    }
}
