//! Calendar dates as written in the data files (TOML local dates such as `2029-10-31`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day. Deserialises from a TOML date and serialises as `YYYY-MM-DD` (as a day number in
/// binary formats).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// A day later than any real one, for ordering "no end" last.
    pub const MAX: Date = Date(time::Date::MAX);

    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Date)
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Self {
        Date(time::OffsetDateTime::now_utc().date())
    }

    /// The day after, or `self` on the last day there is.
    #[must_use]
    pub fn next_day(self) -> Date {
        Date(self.0.next_day().unwrap_or(self.0))
    }

    /// Whole days from `self` until `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        i64::from(later.0.to_julian_day()) - i64::from(self.0.to_julian_day())
    }

    /// The same day `months` later, moved back to the month's last day where it has fewer days.
    #[must_use]
    pub fn add_months(self, months: u32) -> Date {
        let total = i64::from(u8::from(self.0.month())) - 1 + i64::from(months);
        let year = i64::from(self.0.year()) + total.div_euclid(12);
        let month = u8::try_from(total.rem_euclid(12) + 1).unwrap_or(12);
        let year = i32::try_from(year).unwrap_or(i32::MAX);
        (1..=self.0.day())
            .rev()
            .find_map(|day| Date::new(year, month, day))
            .unwrap_or(self)
    }

    /// The same day `months` months earlier (the last day of the month when it is shorter).
    #[must_use]
    pub fn months_before(self, months: u32) -> Self {
        let total = i64::from(self.0.year()) * 12 + i64::from(u8::from(self.0.month()))
            - 1
            - i64::from(months);
        let year = i32::try_from(total.div_euclid(12)).unwrap_or(i32::MIN);
        let month = u8::try_from(total.rem_euclid(12) + 1).unwrap_or(1);
        (1..=self.0.day())
            .rev()
            .find_map(|day| Date::new(year, month, day))
            .unwrap_or(self)
    }

    /// The last day of a month.
    pub fn end_of_month(year: i32, month: u8) -> Option<Date> {
        (28..=31).rev().find_map(|day| Date::new(year, month, day))
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::new(year, month, day)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

/// Text (`YYYY-MM-DD`) for readable formats; the Julian day number for compact binary ones (the
/// built-in data as embedded in the binary).
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_i32(self.0.to_julian_day())
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        if !deserializer.is_human_readable() {
            let day = i32::deserialize(deserializer)?;
            return time::Date::from_julian_day(day)
                .map(Date)
                .map_err(|e| D::Error::custom(format!("day {day}: {e}")));
        }
        let datetime = toml::value::Datetime::deserialize(deserializer)?;
        match (datetime.date, datetime.time) {
            (Some(d), None) => Date::new(i32::from(d.year), d.month, d.day)
                .ok_or_else(|| D::Error::custom(format!("{datetime} is not a calendar date"))),
            _ => Err(D::Error::custom(format!(
                "expected a date such as 2029-10-31, found {datetime}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_between_dates() {
        let a = Date::new(2026, 11, 27).unwrap();
        let b = Date::new(2027, 2, 25).unwrap();
        assert_eq!(a.days_until(b), 90);
        assert_eq!(b.days_until(a), -90);
        assert_eq!(a.next_day().to_string(), "2026-11-28");
        assert_eq!(
            Date::new(2028, 2, 28).unwrap().next_day().to_string(),
            "2028-02-29"
        );
        assert_eq!(Date::MAX.next_day(), Date::MAX);
    }

    #[test]
    fn months_and_month_ends() {
        let d = Date::new(2027, 6, 15).unwrap();
        assert_eq!(d.add_months(3).to_string(), "2027-09-15");
        assert_eq!(d.add_months(12).to_string(), "2028-06-15");
        assert_eq!(
            Date::new(2026, 11, 30).unwrap().add_months(3).to_string(),
            "2027-02-28"
        );
        assert_eq!(
            Date::end_of_month(2028, 2).unwrap().to_string(),
            "2028-02-29"
        );
        assert_eq!(
            Date::end_of_month(2026, 9).unwrap().to_string(),
            "2026-09-30"
        );
        assert!(Date::end_of_month(2026, 13).is_none());
    }

    #[test]
    fn parses_and_prints() {
        let d = Date::parse("2029-10-31").unwrap();
        assert_eq!(d.to_string(), "2029-10-31");
        assert!(Date::parse("2029-13-01").is_none());
        assert!(Date::parse("soon").is_none());
    }
}
