//! Where "today" comes from, and how times read: the plan's time zone.

use crate::language::Locale;
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

    /// The moment of a change as the history records it (RFC 3339, UTC, milliseconds).
    /// With a fixed "today" it is that day at the current local time of day, so that
    /// demonstrations and tests record their changes on the day they pretend it is.
    pub fn now_utc(&self) -> DateTime<Utc> {
        let now = Utc::now();
        let Some(day) = self.fixed_today else {
            return now;
        };
        let time_of_day = now.with_timezone(&self.timezone).time();
        self.moment(day, time_of_day).unwrap_or(now)
    }

    /// `day` at a local time of day. In the hour the clocks skip in spring (02:00–03:00
    /// on the last Sunday of March) that time does not exist; the clocks read an hour
    /// later then, so the moment stays on `day`.
    fn moment(&self, day: NaiveDate, time_of_day: chrono::NaiveTime) -> Option<DateTime<Utc>> {
        let local = day.and_time(time_of_day);
        [local, local + chrono::Duration::hours(1)]
            .into_iter()
            .find_map(|t| t.and_local_timezone(self.timezone).earliest())
            .map(|t| t.with_timezone(&Utc))
    }

    pub fn now_rfc3339(&self) -> String {
        self.now_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    /// The first moment after the end of `day` in the plan's time zone: what was
    /// recorded before it was known "as of" that day.
    pub fn end_of_day_utc(&self, day: NaiveDate) -> DateTime<Utc> {
        let next = day.succ_opt().unwrap_or(day);
        next.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(self.timezone).earliest())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| next.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
    }

    /// The plan's local day of an RFC 3339 timestamp from the database.
    pub fn local_day(&self, rfc3339: &str) -> Option<NaiveDate> {
        DateTime::parse_from_rfc3339(rfc3339)
            .ok()
            .map(|t| t.with_timezone(&self.timezone).date_naive())
    }

    /// An RFC 3339 timestamp from the database as local time: `21.11.2026, 14:05 Uhr`.
    /// Formatted on the server, so the browser renders exactly the same text.
    pub fn local_time(&self, rfc3339: &str) -> String {
        self.local_time_in(Locale::de, rfc3339)
    }

    /// The same in `locale`: `21 November 2026, 14:05` in English.
    pub fn local_time_in(&self, locale: Locale, rfc3339: &str) -> String {
        let pattern = match locale {
            Locale::de => "%d.%m.%Y, %H:%M Uhr",
            Locale::en => "%-d %B %Y, %H:%M",
        };
        DateTime::parse_from_rfc3339(rfc3339)
            .map(|t| t.with_timezone(&self.timezone).format(pattern).to_string())
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
        assert_eq!(
            clock.local_time_in(Locale::en, "2026-11-21T13:05:00.000Z"),
            "21 November 2026, 14:05"
        );
    }

    #[test]
    fn a_fixed_day_records_changes_on_that_day() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let clock = Clock::fixed(day);
        let local = clock.now_utc().with_timezone(&clock.timezone).date_naive();
        assert_eq!(local, day);
        assert!(clock.now_rfc3339().ends_with('Z'));
    }

    #[test]
    fn a_fixed_day_stays_that_day_in_the_hour_skipped_in_spring() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let clock = Clock::fixed(day);
        let at = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
        // 02:30 does not exist that night: 03:30 summer time, 01:30 UTC.
        assert_eq!(
            clock.moment(day, at(2, 30)).unwrap().to_rfc3339(),
            "2026-03-29T01:30:00+00:00"
        );
        assert_eq!(
            clock.moment(day, at(1, 30)).unwrap().to_rfc3339(),
            "2026-03-29T00:30:00+00:00"
        );
    }

    #[test]
    fn the_end_of_a_day_is_local_midnight() {
        let clock = Clock::fixed(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        let winter = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(
            clock.end_of_day_utc(winter).to_rfc3339(),
            "2026-01-31T23:00:00+00:00"
        );
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert_eq!(
            clock.end_of_day_utc(summer).to_rfc3339(),
            "2026-07-01T22:00:00+00:00"
        );
    }
}
