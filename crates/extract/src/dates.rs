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

/// How many paragraphs from the top a header date line ("Lạng Sơn, ngày 24 tháng 11 năm
/// 2022") may sit at.
const HEADER_PARAGRAPHS: usize = 5;

/// How much of the lead paragraph may state the date: a sapo's first sentences.
const LEAD_BYTES: usize = 500;

/// A short line that is a place and a date, or a date alone: "Lạng Sơn, ngày 24 tháng 11 năm
/// 2022", "Hà Nội, 6/2/2017", "Ngày 5 tháng 6 năm 2020".
static HEADER_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[^\d,]{1,40},\s*)?(?:ngày\s+)?[\d/.\-]+(?:\s+tháng\s+\d{1,2}\s+năm\s+\d{4})?\s*\.?$")
        .expect("valid regex")
});

/// The publication date a page's text states, when no dateline or metadata gave one: a header
/// date line near the top, else the lead's date. Never a date from further down: a story's
/// body cites history ("ngày 5/5/1945", "ngày 31/1/1965"), and taking its latest date dated
/// undated news 1945.
pub fn stated_date(paragraphs: &[String], today: NaiveDate) -> Option<NaiveDate> {
    header_date(paragraphs, today).or_else(|| lead_date(paragraphs, today))
}

/// The date of a short "place, date" line among the first paragraphs.
fn header_date(paragraphs: &[String], today: NaiveDate) -> Option<NaiveDate> {
    paragraphs
        .iter()
        .take(HEADER_PARAGRAPHS)
        .find(|p| p.chars().count() <= 80 && HEADER_DATE_LINE.is_match(p.trim()))
        .and_then(|p| dates_in_text(p).first().copied())
        .filter(|d| *d <= today)
}

/// The latest date (not after `today`) of the lead's first sentences, unless the body reports
/// a later one: a story is published after every event it reports, so a lead date older than
/// the body's latest is a cited document's ("Qua 3 năm triển khai thực hiện Nghị quyết số
/// 98-NQ/TU, ngày 15/4/2020" over a body reporting October 2023), not the story's.
fn lead_date(paragraphs: &[String], today: NaiveDate) -> Option<NaiveDate> {
    let lead = paragraphs.first()?;
    let mut cut = lead.len().min(LEAD_BYTES);
    while !lead.is_char_boundary(cut) {
        cut -= 1;
    }
    let date = dates_in_text(&lead[..cut])
        .into_iter()
        .filter(|d| *d <= today)
        .max()?;
    let latest = paragraphs
        .iter()
        .flat_map(|p| dates_in_text(p))
        .filter(|d| *d <= today)
        .max();
    (latest <= Some(date)).then_some(date)
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

    fn paragraphs(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    /// Real baomoi news (2017) without a dateline: history in the body dates nothing.
    #[test]
    fn history_in_the_body_is_no_publication_date() {
        let today = ymd(2026, 1, 1);
        let news = paragraphs(&[
            "Chỉ với vài trăm nghìn đôla, bạn có thể mua một trong những vũ khí chết chóc nhất của Adolf Hitler. Đó là điện thoại cá nhân dùng để ra lệnh thủ tiêu hàng triệu người.",
            "Một chuyên gia về đấu giá tại Maryland đã rao bán chiếc điện thoại của Hitler trên thị trường. Điện thoại được giao cho hậu duệ của Sir Ralph Rayner, một cựu nghị sĩ ở Anh. Sau khi Đức đầu hàng vào ngày 5/5/1945, Rayner được phái tới Berlin để thực hiện một sứ mệnh ngoại giao.",
        ]);
        assert_eq!(stated_date(&news, today), None);
        let tree_planting = paragraphs(&[
            "Sáng 6/2, Chủ tịch nước phát động Tết trồng cây tại tỉnh Vĩnh Phúc.",
            "Theo ông Nguyễn Thiện Nhân, ngày 28/11/1959, Chủ tịch Hồ Chí Minh đã phát động Tết trồng cây.",
        ]);
        assert_eq!(stated_date(&tree_planting, today), None);
    }

    #[test]
    fn the_lead_or_a_header_line_states_the_date() {
        let today = ymd(2026, 1, 1);
        let lead = paragraphs(&[
            "Từ ngày 10.2.2017, Thông tư 332/2016/TT-BTC có hiệu lực nhằm sửa đổi, bổ sung Thông tư 76/2014/TT-BTC về tiền sử dụng đất do Bộ Tài chính ban hành.",
            "Trước đó, ngày 5/5/2014, Bộ Tài chính ban hành Thông tư 76/2014/TT-BTC.",
        ]);
        assert_eq!(stated_date(&lead, today), Some(ymd(2017, 2, 10)));
        let letter = paragraphs(&[
            "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
            "Lạng Sơn, ngày 24 tháng 11 năm 2022",
            "Thực hiện Nghị quyết số 98-NQ/TU ngày 15/4/2020 của Ban Thường vụ Thành ủy.",
        ]);
        assert_eq!(stated_date(&letter, today), Some(ymd(2022, 11, 24)));
        // A date after today is a deadline, not a publication date.
        let deadline = paragraphs(&["Các huyện báo cáo trước ngày 15/12/2030."]);
        assert_eq!(stated_date(&deadline, today), None);
        // Seed 004: the lead's date is the resolution's; the body reports October 2023.
        let cited = paragraphs(&[
            "Qua 3 năm triển khai thực hiện Nghị quyết số 98-NQ/TU, ngày 15/4/2020 của Ban Thường vụ Thành ủy về tăng cường sự lãnh đạo của Đảng đối với công tác bảo vệ môi trường",
            "từ ngày 13 đến 23/10/2023, tại 8/8 phường, xã đã phát động, duy trì phong trào",
        ]);
        assert_eq!(stated_date(&cited, today), None);
    }
}
