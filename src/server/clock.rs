//! Where "today" comes from: the calendar day in the plan's time zone, or a fixed day.

use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Today's date in this time zone (for Potsdam: Europe/Berlin, so a deadline
    /// passes at local midnight, not at UTC midnight).
    System(Tz),
    /// Always this date: for tests and demonstrations.
    Fixed(NaiveDate),
}

impl Clock {
    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::System(tz) => Utc::now().with_timezone(tz).date_naive(),
            Clock::Fixed(date) => *date,
        }
    }
}
