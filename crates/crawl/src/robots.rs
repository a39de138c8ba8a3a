//! robots.txt per RFC 9309, parsed by `texting_robots`; this module adds the status rules
//! (4xx = allow all, 5xx or unreachable = disallow all) and the 24-hour cache.

use std::time::Duration;

use texting_robots::Robot;
use url::Url;

/// The rules of one origin.
pub(crate) enum RobotsRules {
    AllowAll,
    DisallowAll,
    Rules(Box<Robot>),
}

/// A robots.txt as understood, with when it was fetched.
pub(crate) struct RobotsEntry {
    pub rules: RobotsRules,
    pub fetched_at: i64,
    pub crawl_delay: Option<Duration>,
    pub sitemaps: Vec<String>,
}

impl RobotsEntry {
    /// Interprets a robots.txt response (`status` 0 = unreachable).
    pub fn from_response(status: u16, body: &[u8], token: &str, fetched_at: i64) -> RobotsEntry {
        let mut entry = RobotsEntry {
            rules: RobotsRules::AllowAll,
            fetched_at,
            crawl_delay: None,
            sitemaps: Vec::new(),
        };
        match status {
            200..=299 => match Robot::new(token, body) {
                Ok(robot) => {
                    entry.crawl_delay = robot
                        .delay
                        .filter(|d| d.is_finite() && *d > 0.0)
                        .map(|d| Duration::from_secs_f32(d.min(86_400.0)));
                    entry.sitemaps = robot.sitemaps.clone();
                    entry.rules = RobotsRules::Rules(Box::new(robot));
                }
                Err(e) => tracing::warn!("robots.txt không đọc được, coi như cho phép tất cả: {e}"),
            },
            // RFC 9309 2.3.1.3: "unavailable" (4xx) means no restrictions.
            400..=499 => {}
            // RFC 9309 2.3.1.4: "unreachable" (5xx, network errors) means complete disallow.
            _ => entry.rules = RobotsRules::DisallowAll,
        }
        entry
    }

    pub fn allowed(&self, url: &Url) -> bool {
        match &self.rules {
            RobotsRules::AllowAll => true,
            RobotsRules::DisallowAll => false,
            RobotsRules::Rules(robot) => robot.allowed(url.as_str()),
        }
    }

    /// Whether the entry may still be used (`max_age_hours` after fetching).
    pub fn is_fresh(&self, now: i64, max_age_hours: u64) -> bool {
        now - self.fetched_at < (max_age_hours.min(24) * 3600) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn rules_for_our_token_win_over_the_wildcard_group() {
        let txt = b"User-agent: *\nDisallow: /\n\nUser-agent: tracuu\nDisallow: /quan-tri/\nCrawl-delay: 3\nSitemap: http://a.vn/sitemap.xml\n";
        let robots = RobotsEntry::from_response(200, txt, "tracuu", 0);
        assert!(robots.allowed(&url("http://a.vn/tin-tuc/a.html")));
        assert!(!robots.allowed(&url("http://a.vn/quan-tri/login")));
        assert_eq!(robots.crawl_delay, Some(Duration::from_secs(3)));
        assert_eq!(robots.sitemaps, ["http://a.vn/sitemap.xml"]);
    }

    #[test]
    fn status_codes_follow_rfc_9309() {
        assert!(RobotsEntry::from_response(404, b"", "tracuu", 0).allowed(&url("http://a.vn/x")));
        assert!(!RobotsEntry::from_response(503, b"", "tracuu", 0).allowed(&url("http://a.vn/x")));
        assert!(!RobotsEntry::from_response(0, b"", "tracuu", 0).allowed(&url("http://a.vn/x")));
    }

    #[test]
    fn the_cache_expires_after_at_most_a_day() {
        let robots = RobotsEntry::from_response(404, b"", "tracuu", 1_000);
        assert!(robots.is_fresh(1_000 + 3600, 24));
        assert!(!robots.is_fresh(1_000 + 25 * 3600, 24));
        assert!(!robots.is_fresh(1_000 + 25 * 3600, 48));
    }
}
