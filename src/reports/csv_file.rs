//! `/export/meilensteine.csv`: one row per milestone; `/export/kennzahlen.csv`: one row per
//! value of an indicator (see `tables::indicators`). Semicolon-separated, UTF-8 with a
//! byte order mark and CRLF line ends, so German Excel and LibreOffice open it as it is;
//! dates ISO (JJJJ-MM-TT). The last two columns repeat the stand and whether the file
//! is internal on every row.
//!
//! Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab
//! or a carriage return) gets a leading `'`, as OWASP recommends for CSV files
//! ("CSV Injection"): Excel and LibreOffice then show it as text. Numbers and dates are
//! written as they are; the JSON export keeps every text verbatim.

use super::record::Record;
use super::tables::{self, Cell, Table};

pub const DELIMITER: u8 = b';';
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The milestones.
pub fn render(record: &Record) -> Result<Vec<u8>, csv::Error> {
    render_table(record, &tables::milestones(record))
}

/// The indicators' values.
pub fn render_indicators(record: &Record) -> Result<Vec<u8>, csv::Error> {
    render_table(record, &tables::indicators(record))
}

fn render_table(record: &Record, table: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut out = BOM.to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(DELIMITER)
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut header: Vec<&str> = table.columns.iter().map(|c| c.header).collect();
        header.extend(["Stand", "Vertraulichkeit", "Stand der Historie"]);
        writer.write_record(&header)?;
        let stand = record.stand.day_iso();
        let confidentiality = if record.internal() {
            "intern"
        } else {
            "öffentlich"
        };
        for row in &table.rows {
            let mut cells: Vec<String> = row.iter().map(csv_cell).collect();
            cells.push(stand.clone());
            cells.push(confidentiality.to_owned());
            cells.push(record.stand.history_head.clone().unwrap_or_default());
            writer.write_record(&cells)?;
        }
        writer.flush()?;
    }
    Ok(out)
}

/// A cell as the CSV writes it, text defused against formula injection.
fn csv_cell(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => defuse_formula(text),
        other => other.plain(),
    }
}

/// `text` with a leading `'` if a spreadsheet would read it as a formula.
pub fn defuse_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::record::fixture;

    #[test]
    fn reads_back_with_umlauts_quotes_and_iso_dates() {
        let record = fixture::record();
        let bytes = render(&record).unwrap();
        assert!(bytes.starts_with(BOM));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(DELIMITER)
            .from_reader(&bytes[BOM.len()..]);
        let header = reader.headers().unwrap().clone();
        assert_eq!(&header[0], "Paket");
        assert_eq!(&header[header.len() - 2], "Vertraulichkeit");
        assert_eq!(&header[header.len() - 1], "Stand der Historie");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][4], "Konzept <vorgelegt>");
        assert_eq!(&rows[0][5], "2026-01-31");
        assert_eq!(&rows[2][1], "Digitale Terminvergabe „Online“");
        assert_eq!(&rows[2][header.len() - 3], "2026-11-21");
        assert!(rows[2][header.len() - 1].starts_with("812:3f3f"));
    }

    #[test]
    fn indicator_values_read_back_without_a_withheld_count() {
        let record = fixture::record();
        let bytes = render_indicators(&record).unwrap();
        let text = std::str::from_utf8(&bytes[BOM.len()..]).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(DELIMITER)
            .from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][4], "2025");
        assert_eq!(&rows[0][7], "12");
        assert_eq!(&rows[1][4], "2026-Q1");
        assert_eq!(&rows[1][7], "", "the count 3 is below the threshold 5");
        assert_eq!(&rows[1][8], "weniger als 5");
        assert!(!rows[1].iter().any(|cell| cell == "3"));
    }

    #[test]
    fn text_that_would_run_as_a_formula_is_defused() {
        for formula in [
            "=HYPERLINK(\"http://evil.example\";\"Klick\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(defuse_formula(formula), format!("'{formula}"));
        }
        for plain in ["Konzept", "", "1 = 1", "E-Mail", "'zitiert"] {
            assert_eq!(defuse_formula(plain), plain);
        }
        assert_eq!(csv_cell(&Cell::Number(-3.0)), "-3", "numbers stay numbers");
    }
}
