//! Dates as Vietnamese pages write them.
//!
//! Vietnamese puts the day first ("03/03/2019" is 3 March), so nothing here may go through a
//! month-first parser. Three shapes matter: datelines of portal CMSs ("Thời gian: 02/12/2020 10:16",
//! "Cập nhật lúc19:34, Chủ Nhật, 03/03/2019 (GMT+7)"), ISO dates in `<meta>` tags, and dates in
//! running text ("ngày 24/11/2022", "ngày 5 tháng 6 năm 2020").

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;

/// `d/m/yyyy`, also with `-` or `.` between the parts. Not preceded by a digit or slash so that
/// "1414/UBND" or "2.774" never start a date.
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d/.\-])(\d{1,2})([/.\-])(\d{1,2})([/.\-])((?:19|20)\d{2})(?:$|[^\d])")
        .expect("valid regex")
});

/// `ngày 5 tháng 6 năm 2020` (the form of legal texts).
static WORDED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})")
        .expect("valid regex")
});

/// `19:34`, `10h16`.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{1,2})[:hH](\d{2})(?:$|[^\d])").expect("valid regex")
});

/// Words that open a CMS dateline.
const DATELINE_OPENERS: &[&str] = &[
    "thời gian",
    "cập nhật",
    "ngày đăng",
    "đăng ngày",
    "ngày cập nhật",
    "ngày xuất bản",
    "ngày phát hành",
    "đăng lúc",
    "ngày:",
    "thứ hai",
    "thứ ba",
    "thứ tư",
    "thứ năm",
    "thứ sáu",
    "thứ bảy",
    "chủ nhật",
    "posted",
    "published",
];

/// A date with the time of day when one was written next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    pub time: Option<NaiveDateTime>,
}

/// Builds a date from day, month, year; `None` when impossible (31/02) or implausible for
/// a Vietnamese administrative text (before 1945, the Democratic Republic's first decrees).
fn make_date(day: u32, month: u32, year: i32) -> Option<NaiveDate> {
    if !(1945..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Every complete date in `text`, in order of appearance (day first).
pub fn dates_in_text(text: &str) -> Vec<NaiveDate> {
    let mut found: Vec<(usize, NaiveDate)> = Vec::new();
    for caps in NUMERIC_DATE.captures_iter(text) {
        // Both separators must agree: "15/4-2020" is not a date.
        if caps[2] != caps[4] {
            continue;
        }
        let (Ok(d), Ok(m), Ok(y)) = (caps[1].parse(), caps[3].parse(), caps[5].parse()) else {
            continue;
        };
        if let Some(date) = make_date(d, m, y) {
            found.push((caps.get(1).map_or(0, |g| g.start()), date));
        }
    }
    for caps in WORDED_DATE.captures_iter(text) {
        let (Ok(d), Ok(m), Ok(y)) = (caps[1].parse(), caps[2].parse(), caps[3].parse()) else {
            continue;
        };
        if let Some(date) = make_date(d, m, y) {
            found.push((caps.get(0).map_or(0, |g| g.start()), date));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, d)| d).collect()
}

/// The first date in `text` with the time of day written near it, if any.
pub fn first_date_with_time(text: &str) -> Option<FoundDate> {
    let date = *dates_in_text(text).first()?;
    let time = TIME.captures(text).and_then(|caps| {
        let h: u32 = caps[1].parse().ok()?;
        let m: u32 = caps[2].parse().ok()?;
        NaiveTime::from_hms_opt(h, m, 0)
    });
    Some(FoundDate {
        date,
        time: time.map(|t| date.and_time(t)),
    })
}

/// Whether `line` is a CMS dateline (and nothing more): it opens with a dateline word, or it is
/// short and made of a date, a time and little else.
pub fn is_dateline(line: &str) -> bool {
    let line = line.trim();
    if line.chars().count() > 90 || dates_in_text(line).is_empty() {
        return false;
    }
    let lower = line.to_lowercase();
    if DATELINE_OPENERS.iter().any(|o| lower.starts_with(o)) {
        return true;
    }
    // "03/03/2019 19:34 (GMT+7)": letters are few.
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 12
}

/// Parses a CMS dateline.
pub fn parse_dateline(line: &str) -> Option<FoundDate> {
    if !is_dateline(line) {
        return None;
    }
    first_date_with_time(line)
}

/// Parses the content of a date `<meta>` tag or `<time datetime>`: ISO 8601 ("2023-10-13",
/// "2023-10-13T08:05:00+07:00"), or a Vietnamese day-first date as some CMSs put there.
pub fn parse_meta_date(value: &str) -> Option<FoundDate> {
    let value = value.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(value) {
        // Keep the local (Vietnamese) wall-clock time the page was stamped with.
        let local = dt.naive_local();
        return Some(FoundDate {
            date: local.date(),
            time: Some(local),
        });
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(value, fmt) {
            return Some(FoundDate {
                date: dt.date(),
                time: Some(dt),
            });
        }
    }
    if let Some(head) = value.get(..10) {
        if let Ok(date) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
            if make_date(date.day(), date.month(), date.year()).is_some() {
                return Some(FoundDate { date, time: None });
            }
        }
    }
    first_date_with_time(value)
}

/// Parses an HTTP date (Last-Modified, WARC-Date is ISO and goes through [`parse_meta_date`]).
pub fn parse_http_date(value: &str) -> Option<FoundDate> {
    let dt = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
    let local = dt.naive_utc();
    Some(FoundDate {
        date: local.date(),
        time: Some(local),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn datelines_of_the_seeds_are_day_first() {
        let a = parse_dateline("Thời gian: 02/12/2020 10:16").unwrap();
        assert_eq!(a.date, ymd(2020, 12, 2));
        assert_eq!(a.time.unwrap().format("%H:%M").to_string(), "10:16");
        let b = parse_dateline("Cập nhật lúc19:34, Chủ Nhật, 03/03/2019 (GMT+7)").unwrap();
        assert_eq!(b.date, ymd(2019, 3, 3));
        assert_eq!(b.time.unwrap().format("%H:%M").to_string(), "19:34");
    }

    #[test]
    fn body_lines_are_not_datelines() {
        assert!(!is_dateline(
            "UBND tỉnh chỉ đạo triển khai thực hiện công tác bảo đảm an ninh môi trường (Công văn số 1414/UBND-KT, ngày 24/11/2022)."
        ));
        assert!(!is_dateline(
            "Ngày 1-3, Sở Tài nguyên và Môi trường đã tổ chức ký kết"
        ));
    }

    #[test]
    fn dates_in_text_skip_numbers_that_are_not_dates() {
        let text = "Công văn số 1414/UBND-KT, ngày 24/11/2022; 1.004 buổi, 70.312 lượt; từ ngày 13 đến 23/10/2023 và ngày 5 tháng 6 năm 2020; 31/02/2020";
        assert_eq!(
            dates_in_text(text),
            vec![ymd(2022, 11, 24), ymd(2023, 10, 23), ymd(2020, 6, 5)]
        );
    }

    #[test]
    fn meta_dates() {
        let a = parse_meta_date("2023-10-13T08:05:00+07:00").unwrap();
        assert_eq!(a.date, ymd(2023, 10, 13));
        assert_eq!(a.time.unwrap().format("%H:%M").to_string(), "08:05");
        assert_eq!(parse_meta_date("2019-03-03").unwrap().date, ymd(2019, 3, 3));
        assert_eq!(parse_meta_date("03/04/2019").unwrap().date, ymd(2019, 4, 3));
        assert!(parse_meta_date("soon").is_none());
        let h = parse_http_date("Sun, 03 Mar 2019 12:34:56 GMT").unwrap();
        assert_eq!(h.date, ymd(2019, 3, 3));
    }
}
