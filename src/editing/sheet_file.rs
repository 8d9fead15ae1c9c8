//! The round trip's XLSX file: written with rust_xlsxwriter, read back with calamine
//! (see `sheet.rs` for its layout and what a row means).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{
    DataValidation, DocProperties, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

use super::sheet::{
    self, Column, DownloadRow, FileProblem, ReadSheet, SheetCell, FORMAT_VERSION, MARKER,
    STAND_FIRST_ROW, STAND_SHEET,
};
use crate::domain::postponement::DelayCategory;
use crate::domain::schedule::WorkStatus;
use crate::language::i18n::td_string;
use crate::language::Locale;
use crate::ui::format::{delay_category_label, work_status_label, work_status_label_for_code};

/// The largest file taken (the large example plan of 2,600 milestones makes 170 KB).
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;
/// What the file's parts may unpack to together: more is no sheet of ours (a zip bomb).
const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// Rows and columns read; a sheet reaching further is refused, columns beyond are ignored.
const MAX_ROWS: u32 = 50_000;
const MAX_COLUMNS: u32 = 64;

/// What the download holds.
pub struct Download {
    pub plan_slug: String,
    pub plan_title: String,
    /// When it was downloaded, in local time, as the notes sheet says.
    pub downloaded_at: String,
    pub locale: Locale,
    pub rows: Vec<DownloadRow>,
}

fn date_format(locale: Locale) -> &'static str {
    match locale {
        Locale::de => "dd.mm.yyyy",
        Locale::en => "yyyy-mm-dd",
    }
}

fn column_width(column: Column) -> f64 {
    match column {
        Column::Id | Column::Package => 12.0,
        Column::Title => 48.0,
        Column::Note | Column::ForecastReason => 40.0,
        Column::ForecastCategory => 24.0,
        _ => 14.0,
    }
}

pub fn write(download: &Download) -> Result<Vec<u8>, XlsxError> {
    let locale = download.locale;
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} – {}",
                td_string!(locale, tabelle.file_title),
                download.plan_title
            ))
            .set_comment(td_string!(locale, tabelle.file_comment)),
    );
    milestones(workbook.add_worksheet(), download)?;
    notes(workbook.add_worksheet(), download)?;
    stand(workbook.add_worksheet(), download)?;
    workbook.save_to_buffer()
}

fn milestones(sheet: &mut Worksheet, download: &Download) -> Result<(), XlsxError> {
    let locale = download.locale;
    sheet.set_name(td_string!(locale, tabelle.sheet_milestones))?;
    let heading = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border_bottom(FormatBorder::Thin);
    // Editable: a light yellow and unlocked; the rest is locked by the sheet's protection.
    let heading_editable = heading.clone().set_background_color("#FFE699");
    let locked = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let locked_date = locked.clone().set_num_format(date_format(locale));
    let editable = Format::new()
        .set_unlocked()
        .set_background_color("#FFF8DC")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let editable_date = editable.clone().set_num_format(date_format(locale));
    for (index, column) in Column::ALL.into_iter().enumerate() {
        let col = index as u16;
        let format = if column.editable() {
            &heading_editable
        } else {
            &heading
        };
        sheet.write_string_with_format(0, col, column.heading(locale), format)?;
        sheet.set_column_width(col, column_width(column))?;
        if column.editable() {
            let format = if column.is_date() {
                &editable_date
            } else {
                &editable
            };
            sheet.set_column_format(col, format)?;
        }
    }
    let col = |column: Column| Column::ALL.iter().position(|&c| c == column).unwrap_or(0) as u16;
    for (index, row) in download.rows.iter().enumerate() {
        let line = index as u32 + 1;
        sheet.write_number_with_format(line, col(Column::Id), row.id as f64, &locked)?;
        sheet.write_number_with_format(
            line,
            col(Column::Package),
            f64::from(row.package_number),
            &locked,
        )?;
        sheet.write_string_with_format(line, col(Column::Title), &row.title, &locked)?;
        match row.demanded {
            Some(day) => {
                sheet.write_date_with_format(line, col(Column::Demanded), day, &locked_date)?
            }
            None => sheet.write_blank(line, col(Column::Demanded), &locked)?,
        };
        sheet.write_string_with_format(
            line,
            col(Column::Status),
            work_status_label_for_code(locale, &row.status),
            &editable,
        )?;
        for (column, day) in [
            (Column::Forecast, row.forecast),
            (Column::Completed, row.completed),
        ] {
            if let Some(day) = day {
                sheet.write_date_with_format(line, col(column), day, &editable_date)?;
            }
        }
        if !row.note.is_empty() {
            sheet.write_string_with_format(line, col(Column::Note), &row.note, &editable)?;
        }
    }
    let last = download.rows.len().max(1) as u32;
    let statuses: Vec<&str> = WorkStatus::ALL
        .into_iter()
        .map(|s| work_status_label(locale, s))
        .collect();
    let categories: Vec<&str> = DelayCategory::ALL
        .into_iter()
        .map(|c| delay_category_label(locale, Some(c)))
        .collect();
    for (column, list) in [
        (Column::Status, statuses),
        (Column::ForecastCategory, categories),
    ] {
        let validation = DataValidation::new()
            .allow_list_strings(&list)?
            .ignore_blank(true)
            .set_error_title(td_string!(locale, tabelle.list_error_title))?
            .set_error_message(td_string!(locale, tabelle.list_error))?;
        sheet.add_data_validation(1, col(column), last, col(column), &validation)?;
    }
    sheet.set_freeze_panes(1, col(Column::Title) + 1)?;
    sheet.autofilter(0, 0, last, col(Column::Note))?;
    // Without a password: the lock guards against typing into the wrong column, it is
    // no security (the server checks every value anyway).
    sheet.protect_with_options(&ProtectionOptions {
        use_autofilter: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_repeat_rows(0, 0)?;
    Ok(())
}

fn notes(sheet: &mut Worksheet, download: &Download) -> Result<(), XlsxError> {
    let locale = download.locale;
    sheet.set_name(td_string!(locale, tabelle.sheet_notes))?;
    sheet.set_column_width(0, 110)?;
    let bold = Format::new().set_bold().set_font_size(13);
    let wrap = Format::new().set_text_wrap();
    sheet.write_string_with_format(0, 0, td_string!(locale, tabelle.file_title), &bold)?;
    let lines = [
        format!(
            "{}: {}",
            td_string!(locale, tabelle.note_plan),
            download.plan_title
        ),
        format!(
            "{}: {}",
            td_string!(locale, tabelle.note_downloaded),
            download.downloaded_at
        ),
        td_string!(locale, tabelle.note_1).to_owned(),
        td_string!(locale, tabelle.note_2).to_owned(),
        td_string!(locale, tabelle.note_3).to_owned(),
        td_string!(locale, tabelle.note_4).to_owned(),
        td_string!(locale, tabelle.note_5).to_owned(),
    ];
    for (index, line) in lines.iter().enumerate() {
        sheet.write_string_with_format(index as u32 + 2, 0, line, &wrap)?;
    }
    sheet.protect();
    Ok(())
}

/// The hidden sheet: what each row showed at the download (see `sheet::read_stand`).
fn stand(sheet: &mut Worksheet, download: &Download) -> Result<(), XlsxError> {
    sheet.set_name(STAND_SHEET)?;
    sheet.write_string(0, 0, MARKER)?;
    sheet.write_number(0, 1, FORMAT_VERSION as f64)?;
    sheet.write_string(1, 0, "plan")?;
    sheet.write_string(1, 1, &download.plan_slug)?;
    sheet.write_string(2, 0, "heruntergeladen")?;
    sheet.write_string(2, 1, &download.downloaded_at)?;
    for (col, name) in ["id", "version", "status", "forecast", "completed", "note"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string(3, col as u16, name)?;
    }
    for (index, row) in download.rows.iter().enumerate() {
        let line = (STAND_FIRST_ROW + index) as u32;
        let [id, version, rest @ ..] = row.stand();
        sheet.write_number(line, 0, id.parse::<f64>().unwrap_or_default())?;
        sheet.write_number(line, 1, version.parse::<f64>().unwrap_or_default())?;
        for (offset, value) in rest.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(line, 2 + offset as u16, value)?;
            }
        }
    }
    sheet.set_hidden(true);
    sheet.protect();
    Ok(())
}

/// Reads an uploaded file for plan `plan_slug`: the rows and each cell's problem, or
/// what is wrong with the whole file.
pub fn read(bytes: &[u8], plan_slug: &str) -> Result<ReadSheet, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(FileProblem::TooLarge);
    }
    // What the parts claim to unpack to, before anything is unpacked.
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| FileProblem::Unreadable)?;
    let mut unpacked = 0u64;
    for index in 0..archive.len() {
        let part = archive
            .by_index_raw(index)
            .map_err(|_| FileProblem::Unreadable)?;
        unpacked = unpacked.saturating_add(part.size());
    }
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(FileProblem::TooLarge);
    }
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| FileProblem::Unreadable)?;
    let names = workbook.sheet_names();
    let stand = match names.iter().any(|n| n == STAND_SHEET) {
        true => Some(grid(&mut workbook, STAND_SHEET)?),
        false => None,
    };
    let main_name = names
        .iter()
        .find(|n| n.as_str() != STAND_SHEET)
        .ok_or(FileProblem::Foreign)?;
    let main = grid(&mut workbook, main_name)?;
    sheet::read(&main, stand.as_deref(), plan_slug)
}

/// A sheet's cells from A1, formulas marked as such.
fn grid(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<Vec<SheetCell>>, FileProblem> {
    let values = workbook
        .worksheet_range(name)
        .map_err(|_| FileProblem::Unreadable)?;
    let formulas = workbook
        .worksheet_formula(name)
        .map_err(|_| FileProblem::Unreadable)?;
    let mut grid: Vec<Vec<SheetCell>> = Vec::new();
    let mut put = |row: u32, col: u32, cell: SheetCell| -> Result<(), FileProblem> {
        if col >= MAX_COLUMNS {
            return Ok(());
        }
        if row >= MAX_ROWS {
            return Err(FileProblem::TooLarge);
        }
        let (row, col) = (row as usize, col as usize);
        if grid.len() <= row {
            grid.resize(row + 1, Vec::new());
        }
        if grid[row].len() <= col {
            grid[row].resize(col + 1, SheetCell::Empty);
        }
        grid[row][col] = cell;
        Ok(())
    };
    if let Some((top, left)) = values.start() {
        for (row, col, data) in values.used_cells() {
            put(top + row as u32, left + col as u32, cell(data))?;
        }
    }
    if let Some((top, left)) = formulas.start() {
        for (row, col, formula) in formulas.used_cells() {
            if !formula.trim().is_empty() {
                put(top + row as u32, left + col as u32, SheetCell::Formula)?;
            }
        }
    }
    Ok(grid)
}

fn cell(data: &Data) -> SheetCell {
    match data {
        Data::Empty => SheetCell::Empty,
        Data::Int(n) => SheetCell::Number(*n as f64),
        Data::Float(n) => SheetCell::Number(*n),
        Data::String(text) => SheetCell::Text(text.clone()),
        Data::Bool(b) => SheetCell::Bool(*b),
        Data::DateTime(value) => value
            .as_datetime()
            .map_or(SheetCell::Error, |at| SheetCell::Date(at.date())),
        Data::DateTimeIso(text) => text
            .get(..10)
            .and_then(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
            .map_or_else(|| SheetCell::Text(text.clone()), SheetCell::Date),
        Data::DurationIso(text) => SheetCell::Text(text.clone()),
        Data::Error(_) => SheetCell::Error,
    }
}
