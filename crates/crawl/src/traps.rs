//! Guards against crawler traps: URLs a portal can generate without end (calendars, session
//! paths that nest themselves, endless query combinations). The per-host counters live in the
//! frontier; the checks that need only the URL are here.

use url::Url;

use crate::config::Limits;

/// Why a URL is refused, if it is a trap by its shape alone.
pub(crate) fn shape_trap(url: &Url, limits: &Limits) -> Option<&'static str> {
    if url.as_str().len() > limits.max_url_length {
        return Some("URL quá dài");
    }
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    if segments.len() > 25 {
        return Some("đường dẫn quá sâu");
    }
    for (i, segment) in segments.iter().enumerate() {
        let count = segments[i..].iter().filter(|s| *s == segment).count();
        if count > limits.max_repeated_segments {
            return Some("đoạn đường dẫn lặp lại");
        }
    }
    None
}

/// Query keys that portals use for calendar navigation (English and Vietnamese).
const CALENDAR_KEYS: &[&str] = &[
    "date", "day", "month", "year", "week", "ngay", "thang", "nam", "tuan", "lich", "calendar",
    "cal", "d", "m", "y", "tungay", "denngay", "fromdate", "todate",
];

/// Whether a URL walks a calendar: a date-like parameter value, or a date key with a number.
/// Such URLs are allowed, but only `max_calendar_urls_per_host` of them per host.
pub(crate) fn is_calendar_like(url: &Url) -> bool {
    url.query_pairs().any(|(key, value)| {
        let key = key.to_ascii_lowercase().replace(['_', '-'], "");
        let numeric = !value.is_empty() && value.chars().all(|c| c.is_ascii_digit());
        (CALENDAR_KEYS.contains(&key.as_str()) && numeric) || looks_like_date(&value)
    })
}

fn looks_like_date(value: &str) -> bool {
    let parts: Vec<&str> = value.split(['-', '/', '.']).collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
        && parts.iter().any(|p| p.len() == 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn repeating_segments_are_a_trap_but_ordinary_paths_are_not() {
        let limits = Limits::default();
        assert!(shape_trap(&url("http://a.vn/tin/a/tin/a/tin/a/x"), &limits).is_some());
        assert!(shape_trap(
            &url("http://a.vn/tin-tuc/moi-truong/2024/05/chi-thi.html"),
            &limits
        )
        .is_none());
        assert!(shape_trap(&url(&format!("http://a.vn/{}", "x".repeat(2000))), &limits).is_some());
    }

    #[test]
    fn calendar_parameters_are_recognised() {
        assert!(is_calendar_like(&url(
            "http://a.vn/lich-cong-tac?thang=5&nam=2024"
        )));
        assert!(is_calendar_like(&url(
            "http://a.vn/su-kien?ngay=2024-05-01"
        )));
        assert!(is_calendar_like(&url("http://a.vn/x?tu_ngay=01/05/2024")));
        assert!(!is_calendar_like(&url("http://a.vn/tin-tuc?page=3&cat=12")));
        assert!(!is_calendar_like(&url("http://a.vn/van-ban?so=1414")));
    }
}
