//! The crawl configuration: which portals to crawl and how politely.
//!
//! Read from `portals.toml` (documented field by field in the shipped file) or built from a
//! list of seed URLs for a one-off crawl (`tracuu crawl --seed URL`), wget-style.

use std::path::Path;
use std::time::Duration;

use regex::Regex;
use serde::Deserialize;
use url::Url;

use crate::error::CrawlError;

/// Everything a crawl needs to know before it starts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrawlConfig {
    /// How the crawler behaves towards every host.
    #[serde(default)]
    pub politeness: Politeness,
    /// Limits that keep a crawl finite and the archive tidy.
    #[serde(default)]
    pub limits: Limits,
    /// The portals to crawl.
    #[serde(default, rename = "portal")]
    pub portals: Vec<Portal>,
}

/// Politeness towards one host: what robots.txt, delays and retries look like.
///
/// Defaults follow Heritrix's adaptive politeness: wait `delay_factor` times the last
/// response time, never less than `min_delay_ms` nor more than `max_delay_ms`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Politeness {
    /// User-Agent header; must name the crawler and give a contact URL.
    pub user_agent: String,
    /// Product token matched against `User-agent:` lines of robots.txt.
    pub robots_token: String,
    /// Obey robots.txt (RFC 9309). Only tests against a local portal turn this off.
    pub obey_robots: bool,
    /// How long a fetched robots.txt is trusted (RFC 9309 says at most 24 h).
    pub robots_cache_hours: u64,
    /// Adaptive delay: this many times the last response time of the host.
    pub delay_factor: f64,
    /// Floor of the delay between two requests to one host.
    pub min_delay_ms: u64,
    /// Ceiling of the adaptive delay (a robots.txt Crawl-delay may exceed it, up to `max_crawl_delay_ms`).
    pub max_delay_ms: u64,
    /// The largest robots.txt Crawl-delay honoured; longer ones are clamped with a warning.
    pub max_crawl_delay_ms: u64,
    /// Retries after 429, 503, timeouts and connection errors.
    pub max_retries: u32,
    /// First backoff after a failure; doubles on every retry (Retry-After wins when longer).
    pub retry_backoff_ms: u64,
    /// The longest Retry-After honoured; a server asking for more gets the URL dropped.
    pub max_retry_after_ms: u64,
    /// TCP/TLS connect timeout.
    pub connect_timeout_ms: u64,
    /// Timeout of each read from the connection (headers and every body chunk).
    pub read_timeout_ms: u64,
    /// Timeout of a whole request, body included.
    pub request_timeout_ms: u64,
    /// Bodies longer than this are cut and archived with `WARC-Truncated: length`.
    pub max_body_bytes: u64,
    /// Redirect hops followed from one URL.
    pub max_redirects: u32,
    /// Hosts crawled at the same time (each host still gets one connection).
    pub max_parallel_hosts: usize,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            user_agent: format!(
                "tracuu-crawler/{} (+https://github.com/tracuu/tracuu; environmental-policy search)",
                env!("CARGO_PKG_VERSION")
            ),
            robots_token: "tracuu".into(),
            obey_robots: true,
            robots_cache_hours: 24,
            delay_factor: 5.0,
            min_delay_ms: 2_000,
            max_delay_ms: 30_000,
            max_crawl_delay_ms: 120_000,
            max_retries: 3,
            retry_backoff_ms: 5_000,
            max_retry_after_ms: 600_000,
            connect_timeout_ms: 15_000,
            read_timeout_ms: 30_000,
            request_timeout_ms: 120_000,
            max_body_bytes: 16 * 1024 * 1024,
            max_redirects: 5,
            max_parallel_hosts: 8,
        }
    }
}

impl Politeness {
    /// Politeness with every delay set to zero: for local benchmarks and tests only.
    pub fn without_delays() -> Self {
        Politeness {
            min_delay_ms: 0,
            max_delay_ms: 0,
            delay_factor: 0.0,
            retry_backoff_ms: 10,
            ..Politeness::default()
        }
    }

    pub(crate) fn connect_timeout(&self) -> Duration {
        Duration::from_millis(self.connect_timeout_ms)
    }
    pub(crate) fn read_timeout(&self) -> Duration {
        Duration::from_millis(self.read_timeout_ms)
    }
    pub(crate) fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }
}

/// Limits that keep a crawl finite.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Stop after this many fetches (robots.txt not counted); `None` = until the frontier is empty.
    pub max_pages: Option<u64>,
    /// Most URLs accepted into the frontier per host (trap guard).
    pub max_urls_per_host: u64,
    /// Most calendar-like URLs (date parameters) accepted per host (trap guard).
    pub max_calendar_urls_per_host: u64,
    /// A path segment repeated more than this many times marks a trap (`/a/b/a/b/a/b`).
    pub max_repeated_segments: usize,
    /// URLs longer than this are traps or garbage.
    pub max_url_length: usize,
    /// WARC files are rotated once they reach this size.
    pub max_warc_bytes: u64,
    /// A durable checkpoint of the frontier is taken every this many pages
    /// (a kill loses at most this much work, which `--resume` refetches).
    pub checkpoint_pages: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pages: None,
            max_urls_per_host: 50_000,
            max_calendar_urls_per_host: 20,
            max_repeated_segments: 2,
            max_url_length: 1_000,
            max_warc_bytes: 1_000_000_000,
            checkpoint_pages: 50,
        }
    }
}

/// One portal: where to start and which URLs belong to it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portal {
    /// Short name, used in logs.
    pub name: String,
    /// Where the crawl starts (depth 0).
    pub start_urls: Vec<String>,
    /// Hosts whose pages belong to the portal; `*.example.vn` also matches `example.vn`.
    /// Empty = the hosts of the start URLs.
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
    /// Extra hosts from which attachments (PDF, DOC, DOCX) may be fetched.
    #[serde(default)]
    pub attachment_hosts: Vec<String>,
    /// Regular expressions; when any is given, a page URL must match one (start URLs always pass).
    #[serde(default)]
    pub include: Vec<String>,
    /// Regular expressions; a URL matching any is never fetched.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Sitemaps (or sitemap indexes) to read; robots.txt `Sitemap:` lines are added.
    #[serde(default)]
    pub sitemaps: Vec<String>,
    /// RSS or Atom feeds whose items are crawled.
    #[serde(default)]
    pub feeds: Vec<String>,
    /// Most link hops from a start URL, sitemap or feed.
    #[serde(default = "default_depth")]
    pub max_depth: u32,
}

fn default_depth() -> u32 {
    5
}

impl CrawlConfig {
    /// Reads and checks a `portals.toml`.
    pub fn from_path(path: &Path) -> Result<CrawlConfig, CrawlError> {
        let text = std::fs::read_to_string(path).map_err(|source| CrawlError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml(&text)
    }

    /// Parses and checks the TOML text of a configuration.
    pub fn from_toml(text: &str) -> Result<CrawlConfig, CrawlError> {
        let config: CrawlConfig =
            toml::from_str(text).map_err(|e| CrawlError::Config(e.to_string()))?;
        config.compile()?;
        Ok(config)
    }

    /// A wget-like one-off crawl of the seeds' hosts with default politeness.
    pub fn from_seeds(seeds: &[String]) -> Result<CrawlConfig, CrawlError> {
        let mut portals = Vec::new();
        for seed in seeds {
            let url = Url::parse(seed).map_err(|e| {
                CrawlError::Config(format!("URL hạt giống không hợp lệ {seed}: {e}"))
            })?;
            portals.push(Portal {
                name: url.host_str().unwrap_or("seed").to_string(),
                start_urls: vec![seed.clone()],
                allowed_hosts: Vec::new(),
                attachment_hosts: Vec::new(),
                include: Vec::new(),
                exclude: Vec::new(),
                sitemaps: Vec::new(),
                feeds: Vec::new(),
                max_depth: default_depth(),
            });
        }
        let config = CrawlConfig {
            politeness: Politeness::default(),
            limits: Limits::default(),
            portals,
        };
        config.compile()?;
        Ok(config)
    }

    /// Checks every URL and pattern once, so that a typo fails before any request is sent.
    pub(crate) fn compile(&self) -> Result<Vec<PortalRules>, CrawlError> {
        if self.portals.is_empty() {
            return Err(CrawlError::Config(
                "không có cổng thông tin nào để thu thập".into(),
            ));
        }
        self.portals.iter().map(PortalRules::new).collect()
    }
}

/// A portal with its patterns compiled and its host list settled.
#[derive(Debug, Clone)]
pub(crate) struct PortalRules {
    pub portal: Portal,
    pub start_urls: Vec<Url>,
    pub allowed_hosts: Vec<String>,
    pub attachment_hosts: Vec<String>,
    include: Vec<Regex>,
    exclude: Vec<Regex>,
}

impl PortalRules {
    fn new(portal: &Portal) -> Result<PortalRules, CrawlError> {
        let parse = |s: &String| {
            Url::parse(s).map_err(|e| {
                CrawlError::Config(format!("{}: URL không hợp lệ {s}: {e}", portal.name))
            })
        };
        let start_urls = portal
            .start_urls
            .iter()
            .map(parse)
            .collect::<Result<Vec<_>, _>>()?;
        for url in portal.sitemaps.iter().chain(&portal.feeds) {
            parse(url)?;
        }
        let regexes = |list: &[String]| {
            list.iter()
                .map(|p| {
                    Regex::new(p).map_err(|e| {
                        CrawlError::Config(format!("{}: mẫu không hợp lệ {p}: {e}", portal.name))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let mut allowed_hosts: Vec<String> = portal
            .allowed_hosts
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect();
        if allowed_hosts.is_empty() {
            allowed_hosts = start_urls
                .iter()
                .filter_map(|u| u.host_str().map(str::to_string))
                .collect();
        }
        let mut attachment_hosts = allowed_hosts.clone();
        attachment_hosts.extend(
            portal
                .attachment_hosts
                .iter()
                .map(|h| h.to_ascii_lowercase()),
        );
        Ok(PortalRules {
            portal: portal.clone(),
            start_urls,
            allowed_hosts,
            attachment_hosts,
            include: regexes(&portal.include)?,
            exclude: regexes(&portal.exclude)?,
        })
    }

    /// Whether a page URL belongs to this portal.
    pub fn accepts_page(&self, url: &Url) -> bool {
        let s = url.as_str();
        host_matches(&self.allowed_hosts, url)
            && !self.exclude.iter().any(|r| r.is_match(s))
            && (self.include.is_empty() || self.include.iter().any(|r| r.is_match(s)))
    }

    /// Whether an attachment URL may be fetched for this portal (include patterns do not apply:
    /// attachments often live under `/uploads/` paths no page pattern names).
    pub fn accepts_attachment(&self, url: &Url) -> bool {
        host_matches(&self.attachment_hosts, url)
            && !self.exclude.iter().any(|r| r.is_match(url.as_str()))
    }

    /// Whether the URL's host is one of the portal's (for sitemap and feed entries).
    pub fn owns_host(&self, url: &Url) -> bool {
        host_matches(&self.allowed_hosts, url)
    }
}

fn host_matches(patterns: &[String], url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    patterns.iter().any(|p| match p.strip_prefix("*.") {
        Some(domain) => host == domain || host.ends_with(&format!(".{domain}")),
        None => host == p,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_hosts_match_the_domain_and_its_subdomains() {
        let patterns = vec!["*.langson.gov.vn".to_string()];
        assert!(host_matches(
            &patterns,
            &Url::parse("https://langson.gov.vn/").unwrap()
        ));
        assert!(host_matches(
            &patterns,
            &Url::parse("https://stnmt.langson.gov.vn/x").unwrap()
        ));
        assert!(!host_matches(
            &patterns,
            &Url::parse("https://evillangson.gov.vn/").unwrap()
        ));
    }

    #[test]
    fn seeds_give_one_portal_per_seed_restricted_to_its_host() {
        let config = CrawlConfig::from_seeds(&["https://baolangson.vn/moi-truong".into()]).unwrap();
        let rules = config.compile().unwrap();
        assert!(rules[0].accepts_page(&Url::parse("https://baolangson.vn/a.html").unwrap()));
        assert!(!rules[0].accepts_page(&Url::parse("https://other.vn/a.html").unwrap()));
    }

    #[test]
    fn a_bad_pattern_is_a_config_error_not_a_panic() {
        let err = CrawlConfig::from_toml(
            "[[portal]]\nname='x'\nstart_urls=['https://a.vn/']\ninclude=['(']\n",
        )
        .unwrap_err();
        assert!(matches!(err, CrawlError::Config(_)));
    }
}

#[cfg(test)]
mod shipped {
    use super::*;

    #[test]
    fn the_shipped_portals_toml_parses_and_names_real_portals() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../portals.toml");
        let config = CrawlConfig::from_path(&path).unwrap();
        assert!(config.portals.len() >= 5);
        let rules = config.compile().unwrap();
        for rule in &rules {
            for url in &rule.start_urls {
                assert!(
                    rule.accepts_page(url) || !rule.portal.include.is_empty(),
                    "{url}"
                );
                assert!(url.host_str().unwrap().ends_with(".vn"), "{url}");
            }
        }
        assert_eq!(
            config.politeness.min_delay_ms,
            Politeness::default().min_delay_ms
        );
    }
}
