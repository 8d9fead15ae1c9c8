//! Where "today" comes from, and how times read: the plan's time zone.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// For Potsdam Europe/Berlin, so a deadline passes at local midnight.
    pub timezone: Tz,
    /// Always this date (tests and demonstrations) instead of the calendar.
    pub fixed_today: Option<NaiveDate>,
}

impl Clock {
    pub fn system(timezone: Tz) -> Clock {
        Clock {
            timezone,
            fixed_today: None,
        }
    }

    /// Today is always `date`; times read in Europe/Berlin.
    pub fn fixed(date: NaiveDate) -> Clock {
        Clock {
            timezone: chrono_tz::Europe::Berlin,
            fixed_today: Some(date),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.fixed_today
            .unwrap_or_else(|| Utc::now().with_timezone(&self.timezone).date_naive())
    }

    /// An RFC 3339 timestamp from the database as local time: `21.11.2026, 14:05 Uhr`.
    /// Formatted on the server, so the browser renders exactly the same text.
    pub fn local_time(&self, rfc3339: &str) -> String {
        DateTime::parse_from_rfc3339(rfc3339)
            .map(|t| {
                t.with_timezone(&self.timezone)
                    .format("%d.%m.%Y, %H:%M Uhr")
                    .to_string()
            })
            .unwrap_or_else(|_| rfc3339.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_in_local_time_with_summer_time() {
        let clock = Clock::fixed(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        assert_eq!(
            clock.local_time("2026-11-21T13:05:00.000Z"),
            "21.11.2026, 14:05 Uhr"
        );
        assert_eq!(
            clock.local_time("2026-07-01T22:30:00Z"),
            "02.07.2026, 00:30 Uhr"
        );
        assert_eq!(clock.local_time("kaputt"), "kaputt");
    }
}
