//! URL canonicalisation, so that one page is one frontier entry however it was linked.
//!
//! Written here rather than taken from a crate because the rules are portal-specific
//! (session ids of ASP.NET and Java portals, Vietnamese CMS tracking parameters) and short.

use url::Url;

/// Query parameters that only track the visitor: dropped.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid", "gclid", "yclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl", "igshid", "zarsrc",
];

/// Query parameters that carry a session id: dropped (they make every visit a new URL).
const SESSION_PARAMS: &[&str] = &[
    "jsessionid",
    "phpsessid",
    "sid",
    "sessionid",
    "session_id",
    "sessid",
    "cfid",
    "cftoken",
    "aspsessionid",
    "asp.net_sessionid",
];

/// The canonical form of a URL: fragment dropped, tracking and session parameters dropped,
/// remaining query parameters sorted, `;jsessionid=` path parameters removed.
/// Host lower-casing, default ports and dot segments are already handled by `url`.
pub fn canonicalize(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    let path = url.path().to_string();
    if let Some(pos) = path.to_ascii_lowercase().find(";jsessionid=") {
        url.set_path(&path[..pos]);
    }
    if url.query().is_some() {
        let mut pairs: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !is_dropped_param(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        pairs.sort();
        if pairs.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
    }
    url
}

/// Parses `href` against `base` and canonicalises it; only http(s) URLs come back.
pub fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = base.join(href).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| canonicalize(&url))
}

fn is_dropped_param(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.starts_with("utm_")
        || key.starts_with("aspsessionid")
        || TRACKING_PARAMS.contains(&key.as_str())
        || SESSION_PARAMS.contains(&key.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        canonicalize(&Url::parse(s).unwrap()).to_string()
    }

    #[test]
    fn drops_fragment_tracking_and_session_parameters_and_sorts_the_rest() {
        assert_eq!(
            canon("HTTPS://LangSon.gov.vn:443/tin-tuc/a.html?utm_source=fb&page=2&PHPSESSID=abc&cat=5#top"),
            "https://langson.gov.vn/tin-tuc/a.html?cat=5&page=2"
        );
    }

    #[test]
    fn a_query_of_only_tracking_parameters_disappears() {
        assert_eq!(
            canon("http://a.vn/x?utm_medium=zalo&fbclid=1"),
            "http://a.vn/x"
        );
    }

    #[test]
    fn java_path_session_ids_are_removed() {
        assert_eq!(
            canon("http://a.vn/van-ban;jsessionid=ABC123?id=4"),
            "http://a.vn/van-ban?id=4"
        );
    }

    #[test]
    fn dot_segments_resolve_and_non_http_links_are_refused() {
        let base = Url::parse("http://a.vn/tin/tuc/b.html").unwrap();
        assert_eq!(
            resolve(&base, "../c.html#x").unwrap().as_str(),
            "http://a.vn/tin/c.html"
        );
        assert!(resolve(&base, "mailto:a@b.vn").is_none());
        assert!(resolve(&base, "javascript:void(0)").is_none());
        assert!(resolve(&base, "   ").is_none());
    }

    #[test]
    fn vietnamese_paths_stay_percent_encoded_and_stable() {
        let once = canon("http://a.vn/tin tức/môi-trường?b=1&a=2");
        assert_eq!(canon(&once), once);
        assert!(once.contains("%E1%BB%A9"), "{once}");
    }
}
