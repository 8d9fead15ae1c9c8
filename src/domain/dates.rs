//! Calendar dates as people type them and as the UI shows them.

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

/// The range of dates the record accepts. Anything outside is a typing error, not a plan.
pub const EARLIEST: (i32, u32, u32) = (1990, 1, 1);
pub const LATEST: (i32, u32, u32) = (2100, 12, 31);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("Bitte ein Datum angeben.")]
    Empty,
    #[error("„{0}“ ist kein Datum. Bitte im Format TT.MM.JJJJ (z. B. 31.12.2021) oder JJJJ-MM-TT angeben.")]
    Format(String),
    #[error("„{0}“ gibt es im Kalender nicht.")]
    NoSuchDay(String),
    #[error("Das Datum {0} liegt außerhalb des zulässigen Zeitraums (1990 bis 2100).")]
    OutOfRange(String),
}

/// Parses a German date (`31.12.2021`, also `1.2.2021`) or an ISO date (`2021-12-31`).
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    let (year, month, day) = split_german(text)
        .or_else(|| split_iso(text))
        .ok_or_else(|| DateError::Format(text.to_owned()))?;
    let date = NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| DateError::NoSuchDay(text.to_owned()))?;
    if !in_range(date) {
        return Err(DateError::OutOfRange(text.to_owned()));
    }
    Ok(date)
}

/// The `?stand=YYYY-MM-DD` of charts and reports: an ISO date in the accepted range.
/// `Err` carries the German sentence for the 400 answer.
pub fn parse_stand(input: &str) -> Result<NaiveDate, String> {
    let text = input.trim();
    split_iso(text)
        .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
        .filter(|date| in_range(*date))
        .ok_or_else(|| {
            let shown: String = text.chars().take(40).collect();
            format!(
                "Der Stand „{shown}“ ist kein gültiges Datum. Bitte als JJJJ-MM-TT zwischen 1990 \
                 und 2100 angeben, zum Beispiel ?stand=2025-12-31."
            )
        })
}

/// Whether a date lies in the range the record accepts.
pub fn in_range(date: NaiveDate) -> bool {
    let earliest = NaiveDate::from_ymd_opt(EARLIEST.0, EARLIEST.1, EARLIEST.2);
    let latest = NaiveDate::from_ymd_opt(LATEST.0, LATEST.1, LATEST.2);
    earliest.is_some_and(|e| date >= e) && latest.is_some_and(|l| date <= l)
}

fn split_german(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.split('.');
    let day = digits(parts.next()?, 1, 2)?;
    let month = digits(parts.next()?, 1, 2)?;
    let year = digits(parts.next()?, 4, 4)?;
    parts.next().is_none().then_some((year as i32, month, day))
}

fn split_iso(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.split('-');
    let year = digits(parts.next()?, 4, 4)?;
    let month = digits(parts.next()?, 2, 2)?;
    let day = digits(parts.next()?, 2, 2)?;
    parts.next().is_none().then_some((year as i32, month, day))
}

fn digits(part: &str, min: usize, max: usize) -> Option<u32> {
    let ok = (min..=max).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| part.parse().ok()).flatten()
}

/// `31.12.2021`, as German readers expect.
pub fn format_de(date: NaiveDate) -> String {
    format!("{:02}.{:02}.{:04}", date.day(), date.month(), date.year())
}

/// A date as English readers write it: `31 December 2021`.
pub fn format_en(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// `2021-12-31`, for machine-readable attributes and exports.
pub fn format_iso(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_per_language() {
        assert_eq!(format_de(d(2021, 3, 5)), "05.03.2021");
        assert_eq!(format_en(d(2021, 3, 5)), "5 March 2021");
        assert_eq!(format_iso(d(2021, 3, 5)), "2021-03-05");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_german_and_iso_dates() {
        assert_eq!(parse_date("31.12.2021"), Ok(d(2021, 12, 31)));
        assert_eq!(parse_date("1.2.2021"), Ok(d(2021, 2, 1)));
        assert_eq!(parse_date(" 2021-12-31 "), Ok(d(2021, 12, 31)));
    }

    #[test]
    fn rejects_what_is_not_a_date_with_a_german_message() {
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert_eq!(parse_date("   "), Err(DateError::Empty));
        for bad in [
            "31.12.21",
            "2021/12/31",
            "31-12-2021",
            "heute",
            "1.2.3.2021",
            "2021-1-5",
            "+1.2.2021",
        ] {
            let err = parse_date(bad).unwrap_err();
            assert_eq!(err, DateError::Format(bad.to_owned()), "{bad}");
            assert!(err.to_string().contains("TT.MM.JJJJ"));
        }
    }

    #[test]
    fn rejects_days_the_calendar_lacks() {
        assert_eq!(
            parse_date("30.02.2021"),
            Err(DateError::NoSuchDay("30.02.2021".into()))
        );
        assert_eq!(parse_date("29.02.2024"), Ok(d(2024, 2, 29)));
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("00.01.2021").is_err());
    }

    #[test]
    fn rejects_dates_outside_the_plausible_range() {
        assert!(matches!(
            parse_date("01.01.1899"),
            Err(DateError::OutOfRange(_))
        ));
        assert!(matches!(
            parse_date("2101-01-01"),
            Err(DateError::OutOfRange(_))
        ));
        assert!(parse_date("01.01.1990").is_ok());
        assert!(parse_date("31.12.2100").is_ok());
    }

    #[test]
    fn formats_in_german_with_leading_zeros() {
        assert_eq!(format_de(d(2021, 12, 31)), "31.12.2021");
        assert_eq!(format_de(d(2019, 5, 1)), "01.05.2019");
    }

    #[test]
    fn formats_iso_like_chrono() {
        let date = d(2019, 5, 1);
        assert_eq!(format_iso(date), "2019-05-01");
        assert_eq!(format_iso(date), date.to_string());
    }

    #[test]
    fn german_format_round_trips() {
        let date = d(2024, 7, 1);
        assert_eq!(parse_date(&format_de(date)), Ok(date));
    }

    #[test]
    fn stand_is_an_iso_date_in_range() {
        assert_eq!(
            parse_stand("2025-12-31"),
            Ok(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap())
        );
        for bad in [
            "",
            "31.12.2025",
            "2025-13-01",
            "2025-02-30",
            "1800-01-01",
            "2025-1-1",
            "x",
        ] {
            let message = parse_stand(bad).unwrap_err();
            assert!(message.contains("JJJJ-MM-TT"), "{bad}: {message}");
        }
    }
}
