//! Calendar dates as Python's `date.toordinal()` day numbers
//! (0001-01-01 is 1), the form dates take in query trees.

/// The ordinal of `date.max` (9999-12-31); `date.min` is 1.
pub const MAX_ORDINAL: i32 = 3_652_059;

/// Days from 1970-01-01 to 0001-01-01 shifted so that 0001-01-01 is 1.
const UNIX_EPOCH_ORDINAL: i64 = 719_163;

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`, valid for any year).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01, inverse of `days_from_civil`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The ordinal of a valid date in 0001-01-01 ..= 9999-12-31, else `None`.
pub fn ordinal_from_ymd(year: i32, month: u32, day: u32) -> Option<i32> {
    let year = i64::from(year);
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    i32::try_from(days_from_civil(year, month, day) + UNIX_EPOCH_ORDINAL).ok()
}

/// The (year, month, day) of an ordinal; any `i32` is accepted (years
/// outside 1..=9999 come out for ordinals outside Python's range).
pub fn ymd_from_ordinal(ordinal: i32) -> (i64, u32, u32) {
    civil_from_days(i64::from(ordinal) - UNIX_EPOCH_ORDINAL)
}

/// Parses exactly `YYYY-MM-DD` (ASCII digits) into an ordinal.
///
/// ```
/// use stichwort_core::query::date::parse_iso_date;
/// assert_eq!(parse_iso_date("0001-01-01"), Some(1));
/// assert_eq!(parse_iso_date("2022-13-01"), None);
/// ```
pub fn parse_iso_date(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    ordinal_from_ymd(year, digits(5..7)?, digits(8..10)?)
}

/// `YYYY-MM-DD` of an ordinal (what `parse_iso_date` reads back for
/// ordinals in 1..=`MAX_ORDINAL`).
pub fn format_ordinal(ordinal: i32) -> String {
    let (y, m, d) = ymd_from_ordinal(ordinal);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_python_ordinals() {
        // Values from Python's date(...).toordinal().
        assert_eq!(ordinal_from_ymd(1, 1, 1), Some(1));
        assert_eq!(ordinal_from_ymd(1970, 1, 1), Some(719_163));
        assert_eq!(ordinal_from_ymd(2022, 1, 1), Some(738_156));
        assert_eq!(ordinal_from_ymd(2000, 2, 29), Some(730_179));
        assert_eq!(ordinal_from_ymd(9999, 12, 31), Some(MAX_ORDINAL));
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2022-13-01",
            "2022-00-10",
            "2022-02-29",
            "1900-02-29",
            "0000-01-01",
            "2022-1-01",
            "2022/01/01",
            "２０２２-01-01",
            "2022-01-32",
            "",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
        assert_eq!(parse_iso_date("2000-02-29"), Some(730_179));
    }

    #[test]
    fn every_ordinal_round_trips() {
        for ordinal in (1..=MAX_ORDINAL).step_by(97).chain([MAX_ORDINAL]) {
            assert_eq!(parse_iso_date(&format_ordinal(ordinal)), Some(ordinal));
        }
    }
}
