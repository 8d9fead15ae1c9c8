//! `/export/meilensteine.csv`: one row per milestone. Semicolon-separated, UTF-8 with a
//! byte order mark and CRLF line ends, so German Excel and LibreOffice open it as it is;
//! dates ISO (JJJJ-MM-TT). The last two columns repeat the stand and whether the file
//! is internal on every row.

use super::record::Record;
use super::tables;

pub const DELIMITER: u8 = b';';
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn render(record: &Record) -> Result<Vec<u8>, csv::Error> {
    let table = tables::milestones(record);
    let mut out = BOM.to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(DELIMITER)
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut header: Vec<&str> = table.columns.iter().map(|c| c.header).collect();
        header.extend(["Stand", "Vertraulichkeit"]);
        writer.write_record(&header)?;
        let stand = record.stand.day_iso();
        let confidentiality = if record.internal() {
            "intern"
        } else {
            "öffentlich"
        };
        for row in &table.rows {
            let mut cells: Vec<String> = row.iter().map(tables::Cell::plain).collect();
            cells.push(stand.clone());
            cells.push(confidentiality.to_owned());
            writer.write_record(&cells)?;
        }
        writer.flush()?;
    }
    Ok(out)
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
        assert_eq!(&header[header.len() - 1], "Vertraulichkeit");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][4], "Konzept <vorgelegt>");
        assert_eq!(&rows[0][5], "2026-01-31");
        assert_eq!(&rows[2][1], "Digitale Terminvergabe „Online“");
        assert_eq!(&rows[2][header.len() - 2], "2026-11-21");
    }
}
