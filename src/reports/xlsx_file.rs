//! `/export/meilensteine.xlsx`: an overview sheet and one sheet per table (packages,
//! milestones, forecast moves, status updates and, where the plan has them, indicators) with real date cells, a frozen header, filters and
//! print settings (A4 landscape, title rows repeated, page numbers).

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::record::Record;
use super::tables::{self, Cell, Table, INTERNAL_NOTICE};

const DATE_FORMAT: &str = "dd.mm.yyyy";
/// rust_xlsxwriter's paper size code for A4.
const A4: u8 = 9;

pub fn render(record: &Record) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let title = format!("Umsetzungsmonitor – {}", record.plan.title);
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author(&record.plan.owner)
            .set_comment(tables::title_line(record, "Export")),
    );
    overview(workbook.add_worksheet(), record)?;
    let mut tables = vec![
        tables::packages(record),
        tables::milestones(record),
        tables::forecast_moves(record),
        tables::status_updates(record),
    ];
    if !record.indicators.is_empty() {
        tables.push(tables::indicators(record));
    }
    for table in tables {
        sheet(workbook.add_worksheet(), record, &table)?;
    }
    workbook.save_to_buffer()
}

fn page_setup(sheet: &mut Worksheet, record: &Record, what: &str) {
    // Header/footer codes: & starts a code, so a literal & is doubled. Excel allows
    // 255 characters; a long plan title is shortened.
    let full = tables::title_line(record, what);
    let mut line: String = full.chars().take(200).collect();
    if line.len() < full.len() {
        line.push('…');
    }
    let line = line.replace('&', "&&");
    sheet
        .set_paper_size(A4)
        .set_landscape()
        .set_header(format!("&L{line}"))
        .set_footer("&LUmsetzungsmonitor&RSeite &P von &N");
}

fn overview(sheet: &mut Worksheet, record: &Record) -> Result<(), XlsxError> {
    sheet.set_name("Übersicht")?;
    page_setup(sheet, record, "Übersicht");
    let bold = Format::new().set_bold();
    let heading = Format::new().set_bold().set_font_size(14);
    let warning = Format::new().set_bold().set_font_color("#9C0006");
    let date = Format::new()
        .set_num_format(DATE_FORMAT)
        .set_align(FormatAlign::Left);
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 60)?;
    sheet.write_string_with_format(0, 0, tables::title_line(record, "Sachstand"), &heading)?;
    let totals = record.totals();
    let mut row = 2;
    let mut pair = |sheet: &mut Worksheet, label: &str, value: Cell| -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 0, label, &bold)?;
        write_cell(sheet, row, 1, &value, &date, &Format::new())?;
        row += 1;
        Ok(())
    };
    pair(sheet, "Plan", Cell::Text(record.plan.title.clone()))?;
    pair(
        sheet,
        "Verantwortlich",
        Cell::Text(record.plan.owner.clone()),
    )?;
    pair(sheet, "Stand", Cell::Date(Some(record.stand.day)))?;
    pair(
        sheet,
        "Wiederhergestellt aus der Historie",
        Cell::Text(if record.stand.rebuilt { "ja" } else { "nein" }.to_owned()),
    )?;
    if let Some(head) = &record.stand.history_head {
        pair(sheet, "Stand der Historie", Cell::Text(head.clone()))?;
    }
    pair(
        sheet,
        "Meilensteine (ohne entfallene)",
        Cell::Number(f64::from(totals.progress.total)),
    )?;
    pair(
        sheet,
        "davon erledigt",
        Cell::Number(f64::from(totals.progress.done)),
    )?;
    pair(sheet, "überfällig", Cell::Number(f64::from(totals.overdue)))?;
    pair(sheet, "gefährdet", Cell::Number(f64::from(totals.at_risk)))?;
    pair(
        sheet,
        "ohne Soll-Termin",
        Cell::Number(f64::from(totals.not_scheduled)),
    )?;
    if record.plan.is_example {
        pair(
            sheet,
            "Hinweis",
            Cell::Text("Beispieldaten – kein echter Umsetzungsstand.".to_owned()),
        )?;
    }
    if record.internal() {
        sheet.write_string_with_format(row + 1, 0, INTERNAL_NOTICE, &warning)?;
    }
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    date: &Format,
    text: &Format,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(value) if value.is_empty() => {}
        Cell::Text(value) => {
            sheet.write_string_with_format(row, col, value, text)?;
        }
        Cell::Date(Some(value)) => {
            sheet.write_date_with_format(row, col, value, date)?;
        }
        Cell::Date(None) => {}
        Cell::Number(value) => {
            sheet.write_number(row, col, *value)?;
        }
    }
    Ok(())
}

fn sheet(sheet: &mut Worksheet, record: &Record, table: &Table) -> Result<(), XlsxError> {
    sheet.set_name(table.name)?;
    page_setup(sheet, record, &table.title);
    let title = if record.internal() {
        Format::new().set_bold().set_font_color("#9C0006")
    } else {
        Format::new().set_bold()
    };
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7")
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let date = Format::new()
        .set_num_format(DATE_FORMAT)
        .set_align(FormatAlign::Top);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let last_col = table.columns.len().saturating_sub(1) as u16;
    // Row 1: what, plan, stand (and INTERN); row 2: the header.
    sheet.write_string_with_format(0, 0, tables::title_line(record, &table.title), &title)?;
    for (col, column) in table.columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(1, col, column.header, &header)?;
        sheet.set_column_width(col, column.width)?;
    }
    for (i, cells) in table.rows.iter().enumerate() {
        let row = i as u32 + 2;
        for (col, cell) in cells.iter().enumerate() {
            write_cell(sheet, row, col as u16, cell, &date, &text)?;
        }
    }
    sheet.set_freeze_panes(2, 0)?;
    sheet.autofilter(1, 0, (table.rows.len() as u32 + 1).max(2), last_col)?;
    sheet.set_repeat_rows(0, 1)?;
    Ok(())
}
