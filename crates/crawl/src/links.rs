//! Finding the URLs a response points to: links of HTML pages, entries of sitemaps
//! (and sitemap indexes), items of RSS and Atom feeds.

use quick_xml::events::Event;
use quick_xml::Reader;
use scraper::{Html, Selector};
use url::Url;

use crate::canon::resolve;

/// A link found in a page, already resolved and canonicalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: Url,
    /// Whether the link points to a document file (PDF, DOC, DOCX: văn bản đính kèm).
    pub attachment: bool,
}

/// The file extensions of attachments worth fetching.
const ATTACHMENT_EXTENSIONS: &[&str] = &[".pdf", ".doc", ".docx"];

/// Whether a URL names a document file by its extension (path or a `file=` style parameter).
pub fn looks_like_attachment(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    ATTACHMENT_EXTENSIONS.iter().any(|ext| path.ends_with(ext))
        || url.query_pairs().any(|(_, v)| {
            let v = v.to_ascii_lowercase();
            ATTACHMENT_EXTENSIONS.iter().any(|ext| v.ends_with(ext))
        })
}

/// The links of an HTML page: `a`, `area`, `frame`, `iframe`, `link rel=next` and a
/// `meta refresh` target, resolved against `<base href>` when present.
pub fn html_links(html: &str, page_url: &Url) -> Vec<Link> {
    let document = Html::parse_document(html);
    let base = Selector::parse("base[href]")
        .ok()
        .and_then(|s| {
            document
                .select(&s)
                .next()
                .and_then(|b| b.value().attr("href"))
        })
        .and_then(|href| page_url.join(href).ok())
        .unwrap_or_else(|| page_url.clone());
    let mut hrefs: Vec<&str> = Vec::new();
    for (css, attr) in [
        ("a[href], area[href]", "href"),
        ("frame[src], iframe[src]", "src"),
        ("link[rel=next][href], link[rel=prev][href]", "href"),
    ] {
        if let Ok(selector) = Selector::parse(css) {
            hrefs.extend(
                document
                    .select(&selector)
                    .filter_map(|e| e.value().attr(attr)),
            );
        }
    }
    let refresh = Selector::parse("meta[http-equiv]").ok();
    let refresh_targets: Vec<String> = refresh
        .iter()
        .flat_map(|s| document.select(s))
        .filter(|m| {
            m.value()
                .attr("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
        })
        .filter_map(|m| m.value().attr("content"))
        .filter_map(|c| {
            let lower = c.to_ascii_lowercase();
            let pos = lower.find("url=")?;
            Some(c[pos + 4..].trim_matches(['\'', '"', ' ']).to_string())
        })
        .collect();
    let mut links: Vec<Link> = Vec::new();
    for href in hrefs
        .into_iter()
        .chain(refresh_targets.iter().map(String::as_str))
    {
        if let Some(url) = resolve(&base, href) {
            if !links.iter().any(|l| l.url == url) {
                let attachment = looks_like_attachment(&url);
                links.push(Link { url, attachment });
            }
        }
    }
    links
}

/// What a sitemap file lists.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SitemapEntries {
    /// Nested sitemaps (the file was a sitemap index).
    pub sitemaps: Vec<Url>,
    /// Pages.
    pub pages: Vec<Url>,
}

/// Reads a sitemap or sitemap index (plain or gzipped XML); bad XML yields what was read so far.
pub fn sitemap_entries(bytes: &[u8], sitemap_url: &Url) -> SitemapEntries {
    let bytes = gunzip_if_needed(bytes);
    let text = String::from_utf8_lossy(&bytes);
    let mut entries = SitemapEntries::default();
    let mut in_index = false;
    for (path, value) in xml_texts(&text, &["loc"]) {
        if path.iter().any(|p| p == "sitemapindex") {
            in_index = true;
        }
        let Some(url) = resolve(sitemap_url, &value) else {
            continue;
        };
        if in_index || path.iter().any(|p| p == "sitemap") {
            entries.sitemaps.push(url);
        } else {
            entries.pages.push(url);
        }
    }
    entries
}

/// The item links of an RSS 2.0 or Atom feed (and RSS enclosures, often the PDF itself).
pub fn feed_links(bytes: &[u8], feed_url: &Url) -> Vec<Link> {
    let text = String::from_utf8_lossy(bytes);
    let mut links = Vec::new();
    for (path, value) in xml_texts(&text, &["link", "enclosure"]) {
        // The channel's own <link> points to the home page, not an item.
        if !path.iter().any(|p| p == "item" || p == "entry") {
            continue;
        }
        if let Some(url) = resolve(feed_url, &value) {
            let attachment = looks_like_attachment(&url);
            if !links.iter().any(|l: &Link| l.url == url) {
                links.push(Link { url, attachment });
            }
        }
    }
    links
}

fn gunzip_if_needed(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    use std::io::Read;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        // A sitemap is at most 50 MB uncompressed (sitemaps.org); read no more.
        let mut decoder = flate2::read::GzDecoder::new(bytes).take(50 * 1024 * 1024);
        if decoder.read_to_end(&mut out).is_ok() {
            return out.into();
        }
    }
    bytes.into()
}

/// The text (or `href`/`url` attribute) of every element whose local name is in `wanted`,
/// with the local names of its ancestors.
fn xml_texts(text: &str, wanted: &[&str]) -> Vec<(Vec<String>, String)> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if wanted.contains(&name.as_str()) {
                    if let Some(href) = url_attribute(&e) {
                        out.push((stack.clone(), href));
                    } else {
                        current = Some(String::new());
                    }
                }
                stack.push(name);
            }
            Ok(Event::Empty(e)) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if wanted.contains(&name.as_str()) {
                    if let Some(href) = url_attribute(&e) {
                        out.push((stack.clone(), href));
                    }
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(buf) = current.as_mut() {
                    buf.push_str(&t.html_content());
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(buf) = current.as_mut() {
                    buf.push_str(&t.html_content());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(buf) = current.as_mut() {
                    push_entity(buf, &r);
                }
            }
            Ok(Event::End(_)) => {
                if let Some(value) = current.take() {
                    let value = value.trim().to_string();
                    stack.pop();
                    if !value.is_empty() {
                        out.push((stack.clone(), value));
                    }
                } else {
                    stack.pop();
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!("XML hỏng ở byte {}: {e}", reader.buffer_position());
                break;
            }
        }
    }
    out
}

/// Appends what an entity or character reference stands for (`&amp;`, `&#7879;`); unknown
/// named entities are dropped (sitemaps and feeds declare no DTD entities).
pub(crate) fn push_entity(buf: &mut String, reference: &quick_xml::events::BytesRef<'_>) {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => buf.push(c),
        _ => buf.push_str(match &*reference.html_content() {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            _ => "",
        }),
    }
}

fn url_attribute(e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.local_name().as_ref().to_ascii_lowercase();
        (key == "href" || key == "url").then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn html_links_resolve_against_base_and_flag_attachments() {
        let html = r#"<html><head><base href="http://stnmt.langson.gov.vn/vi/"></head><body>
            <a href="tin-tuc/a.html#x">Tin</a> <a href="/files/QD-1414.PDF">Tải về</a>
            <a href="mailto:x@y.vn">thư</a> <a href="tin-tuc/a.html">Lặp</a>
            <iframe src="/khung"></iframe></body></html>"#;
        let links = html_links(html, &url("http://langson.gov.vn/"));
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "http://stnmt.langson.gov.vn/vi/tin-tuc/a.html",
                "http://stnmt.langson.gov.vn/files/QD-1414.PDF",
                "http://stnmt.langson.gov.vn/khung"
            ]
        );
        assert!(links[1].attachment && !links[0].attachment);
    }

    #[test]
    fn sitemap_index_and_urlset_are_told_apart() {
        let index = br#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>http://a.vn/sitemap-1.xml</loc></sitemap></sitemapindex>"#;
        let e = sitemap_entries(index, &url("http://a.vn/sitemap.xml"));
        assert_eq!(e.sitemaps, [url("http://a.vn/sitemap-1.xml")]);
        assert!(e.pages.is_empty());
        let set = br#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://a.vn/p?b=2&amp;a=1</loc><lastmod>2024-01-01</lastmod></url></urlset>"#;
        let e = sitemap_entries(set, &url("http://a.vn/sitemap-1.xml"));
        assert_eq!(e.pages, [url("http://a.vn/p?a=1&b=2")]);
    }

    #[test]
    fn rss_and_atom_items_but_not_the_channel_link() {
        let rss = r#"<rss version="2.0"><channel><title>Tin</title><link>http://a.vn/</link>
            <item><title>Chỉ thị</title><link><![CDATA[http://a.vn/chi-thi-1.html]]></link>
            <enclosure url="http://a.vn/ct1.pdf" type="application/pdf" length="10"/></item></channel></rss>"#;
        let links = feed_links(rss.as_bytes(), &url("http://a.vn/rss"));
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["http://a.vn/chi-thi-1.html", "http://a.vn/ct1.pdf"]);
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><link href="http://a.vn/"/><entry><link href="/e1"/></entry></feed>"#;
        let links = feed_links(atom, &url("http://a.vn/atom"));
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].url.as_str(), "http://a.vn/e1");
    }

    #[test]
    fn broken_xml_gives_what_was_read_without_panicking() {
        let e = sitemap_entries(
            b"<urlset><url><loc>http://a.vn/1</loc></url><url><loc>http",
            &url("http://a.vn/s"),
        );
        assert_eq!(e.pages, [url("http://a.vn/1")]);
    }
}
