//! HTML pages: charset, metadata, main-content detection, blocks.
//!
//! Main content is found in two ways. A site profile (a CSS selector a known CMS puts around the
//! article) wins when it holds enough text; otherwise a readability-style score: each
//! paragraph-like element gives points to its parent and half to its grandparent, the points are
//! scaled by the candidate's link density and by its class/id (nav, menu, footer lose; content,
//! detail, noidung win), and the best candidate is the article.
//!
//! Every walk over the tree is iterative (`traverse()`), never recursive, so a page nested
//! 100,000 tags deep cannot overflow the stack.

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};

use crate::clean::{self, Block, BlockHint};
use crate::dates;
use crate::document::{DateSource, Document};
use crate::{charset, ExtractError};

/// Pages beyond this are cut (with a warning): no article is that long, and parsing a larger
/// page costs seconds for nothing.
pub const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// Content containers of CMSs common on Vietnamese provincial portals, most specific first.
const CONTENT_PROFILES: &[&str] = &[
    "#toanvancontent",
    "[itemprop=articleBody]",
    ".journal-content-article",
    ".ms-rtestate-field",
    ".news-content",
    ".detail-content",
    ".content-detail",
    ".article-content",
    ".article-body",
    ".post-content",
    ".entry-content",
    ".noidung",
    ".chitiet",
    ".news-detail",
    ".detail",
    "article",
    "main",
];

/// Elements whose text is never content.
const SKIP_TAGS: &[&str] = &[
    // Not "form": ASP.NET and SharePoint portals (vbpl.vn, many provincial sites) wrap the
    // whole page in one <form>.
    "script", "style", "noscript", "template", "nav", "button", "select", "option", "iframe", "svg",
    "canvas", "object", "embed", "head", "textarea", "input",
];

/// Elements that end a block of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "td",
    "th",
    "tr",
    "blockquote",
    "pre",
    "figcaption",
    "caption",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "ul",
    "ol",
    "table",
    "dd",
    "dt",
    "dl",
    "center",
    "br",
    "hr",
    "main",
    "figure",
    "address",
];

static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)nav|menu|footer|header|sidebar|comment|banner|breadcrumb|social|share|related|widget|advert|quangcao|tags?\b|login|search|timkiem|lienquan|tinkhac|othernews|box-map|print")
        .expect("valid regex")
});

static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)content|article|detail|body|noidung|chitiet|main|post|entry|toanvan|news")
        .expect("valid regex")
});

/// A document number ("08/2007/QH12", "1414/UBND-KT", "33-QĐ/TU").
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d+(?:/\d{4})?/[A-ZĐ]{2,}|\d+-[A-ZĐ]{1,4}/[A-ZĐ]{1,4}").expect("valid regex")
});

static CAPTION_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)caption|chuthich|image-desc|img-desc|photo-desc|\bimage\b")
        .expect("valid regex")
});

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

fn class_and_id(el: &ElementRef) -> String {
    let v = el.value();
    format!(
        "{} {}",
        v.attr("class").unwrap_or(""),
        v.attr("id").unwrap_or("")
    )
}

/// Text of an element, whitespace tidied (iterative: `text()` walks with `traverse`).
pub(crate) fn text_of(el: &ElementRef) -> String {
    tracuu_text::normalize(&clean::tidy(&el.text().collect::<String>()))
}

/// Per-element counts gathered in one walk.
#[derive(Default, Clone, Copy)]
struct Counts {
    text: usize,
    link: usize,
    score: f64,
}

/// Picks the main content element by score.
fn score_candidates(root: ElementRef) -> Option<NodeId> {
    /// An open element: its id, whether it is a link, and what its subtree holds so far.
    struct Frame {
        id: NodeId,
        is_a: bool,
        direct: usize,
        text: usize,
        link: usize,
        commas: usize,
    }
    // Counts are accumulated bottom-up (a closing frame adds into its parent), so the walk is
    // linear in the page whatever its depth.
    let mut counts: HashMap<NodeId, Counts> = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut skip_depth = 0usize;
    let mut in_link = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if skip_depth > 0 || SKIP_TAGS.contains(&name) {
                        skip_depth += 1;
                        continue;
                    }
                    let is_a = name == "a";
                    if is_a {
                        in_link += 1;
                    }
                    stack.push(Frame {
                        id: node.id(),
                        is_a,
                        direct: 0,
                        text: 0,
                        link: 0,
                        commas: 0,
                    });
                }
                Node::Text(t) if skip_depth == 0 => {
                    if let Some(top) = stack.last_mut() {
                        let n = t.trim().chars().count();
                        top.direct += n;
                        top.text += n;
                        if in_link > 0 {
                            top.link += n;
                        }
                        top.commas += usize::from(t.contains(','));
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    let Some(frame) = stack.pop() else {
                        continue;
                    };
                    if frame.is_a {
                        in_link = in_link.saturating_sub(1);
                    }
                    if let Some(parent) = stack.last_mut() {
                        parent.text += frame.text;
                        parent.link += frame.link;
                        parent.commas += frame.commas;
                    }
                    let entry = counts.entry(frame.id).or_default();
                    entry.text = frame.text;
                    entry.link = frame.link;
                    let name = e.name();
                    let paragraph_like = matches!(name, "p" | "pre" | "blockquote" | "td")
                        || (name == "div" && frame.direct >= 40);
                    if !paragraph_like || frame.text < 25 {
                        continue;
                    }
                    let points = 1.0 + frame.commas as f64 + (frame.text as f64 / 100.0).min(3.0);
                    let n = stack.len();
                    if n >= 1 {
                        counts.entry(stack[n - 1].id).or_default().score += points;
                    }
                    if n >= 2 {
                        counts.entry(stack[n - 2].id).or_default().score += points / 2.0;
                    }
                }
            }
        }
    }
    let mut best: Option<(NodeId, f64)> = None;
    for (id, c) in &counts {
        if c.score <= 0.0 {
            continue;
        }
        let Some(el) = root.tree().get(*id).and_then(ElementRef::wrap) else {
            continue;
        };
        let names = class_and_id(&el);
        let mut weight = 0.0;
        if NEGATIVE.is_match(&names) {
            weight -= 25.0;
        }
        if POSITIVE.is_match(&names) {
            weight += 25.0;
        }
        let link_density = if c.text == 0 {
            0.0
        } else {
            c.link as f64 / c.text as f64
        };
        let score = (c.score + weight) * (1.0 - link_density);
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((*id, score));
        }
    }
    best.map(|(id, _)| id)
}

/// "class id" of an element, empty when it has neither (the common case: no allocation).
fn element_names(e: &scraper::node::Element) -> std::borrow::Cow<'_, str> {
    match (e.attr("class"), e.attr("id")) {
        (None, None) => std::borrow::Cow::Borrowed(""),
        (Some(c), None) => std::borrow::Cow::Borrowed(c),
        (None, Some(i)) => std::borrow::Cow::Borrowed(i),
        (Some(c), Some(i)) => std::borrow::Cow::Owned(format!("{c} {i}")),
    }
}

fn is_caption(name: &str, names: &str) -> bool {
    name == "figcaption"
        || name == "caption"
        || (!names.is_empty() && CAPTION_CLASS.is_match(names))
}

/// Splits an element into text blocks (iterative walk), marking captions and dropping
/// link-dense blocks and elements whose class says they are not content.
pub(crate) fn blocks_of(root: ElementRef, dropped: &mut Vec<crate::Dropped>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut buf = String::new();
    let mut link_chars = 0usize;
    let mut skip_depth = 0usize;
    let mut caption_depth = 0usize;
    let mut in_link = 0usize;
    let flush = |buf: &mut String,
                 link_chars: &mut usize,
                 caption: bool,
                 blocks: &mut Vec<Block>,
                 dropped: &mut Vec<crate::Dropped>| {
        let text = tracuu_text::normalize(&clean::tidy(buf));
        let total = text.chars().count();
        if total > 0 {
            // A link-dense block is navigation, unless it cites a document (the Pháp điển notes
            // "(Điều 1 Luật số 08/2007/QH12 ...)" are all link and are what facts reads).
            let note = text.starts_with('(') && text.ends_with(')');
            if *link_chars * 10 > total * 6 && total < 400 && !note && !CITATION.is_match(&text) {
                dropped.push(crate::Dropped {
                    text,
                    reason: "link_density".to_string(),
                });
            } else {
                let mut b = Block::new(text, 1);
                if caption {
                    b.hint = BlockHint::Caption;
                }
                blocks.push(b);
            }
        }
        buf.clear();
        *link_chars = 0;
    };
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if skip_depth > 0 {
                        skip_depth += 1;
                        continue;
                    }
                    let names = element_names(e);
                    let hidden = e
                        .attr("style")
                        .is_some_and(|s| s.replace(' ', "").contains("display:none"));
                    if SKIP_TAGS.contains(&name)
                        || hidden
                        || (node.id() != root.id()
                            && !names.is_empty()
                            && NEGATIVE.is_match(&names)
                            && !POSITIVE.is_match(&names))
                    {
                        skip_depth = 1;
                        continue;
                    }
                    if BLOCK_TAGS.contains(&name) {
                        flush(
                            &mut buf,
                            &mut link_chars,
                            caption_depth > 0,
                            &mut blocks,
                            dropped,
                        );
                    }
                    if is_caption(name, &names) {
                        caption_depth += 1;
                    }
                    if name == "a" {
                        in_link += 1;
                    }
                }
                Node::Text(t) if skip_depth == 0 => {
                    if in_link > 0 {
                        link_chars += t.trim().chars().count();
                    }
                    buf.push_str(t);
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    let name = e.name();
                    if BLOCK_TAGS.contains(&name) {
                        flush(
                            &mut buf,
                            &mut link_chars,
                            caption_depth > 0,
                            &mut blocks,
                            dropped,
                        );
                    }
                    if caption_depth > 0 && is_caption(name, &element_names(e)) {
                        caption_depth -= 1;
                    }
                    if name == "a" {
                        in_link = in_link.saturating_sub(1);
                    }
                }
            }
        }
    }
    flush(
        &mut buf,
        &mut link_chars,
        caption_depth > 0,
        &mut blocks,
        dropped,
    );
    blocks
}

/// Page-level metadata from `<head>` and microdata.
#[derive(Debug, Default)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub h1: Option<String>,
    /// First h2/h3, for pages without h1 or <title> (the Pháp điển pages).
    pub heading: Option<String>,
    pub canonical: Option<String>,
    pub published: Option<dates::FoundDate>,
    pub author: Option<String>,
}

fn meta_content(doc: &Html, selectors: &[&str]) -> Option<String> {
    for s in selectors {
        if let Some(el) = doc.select(&sel(s)).next() {
            let v = el
                .value()
                .attr("content")
                .or_else(|| el.value().attr("datetime"))
                .or_else(|| el.value().attr("href"))
                .map(|v| tracuu_text::normalize(&clean::tidy(v)))
                .filter(|v| !v.is_empty());
            if v.is_some() {
                return v;
            }
        }
    }
    None
}

pub(crate) fn page_meta(doc: &Html) -> PageMeta {
    let title = meta_content(
        doc,
        &["meta[property='og:title']", "meta[name='twitter:title']"],
    )
    .or_else(|| doc.select(&sel("title")).next().map(|t| text_of(&t)))
    .map(|t| strip_site_suffix(&t))
    .filter(|t| !t.is_empty());
    let h1 = doc
        .select(&sel("h1"))
        .map(|h| text_of(&h))
        .find(|t| t.chars().count() >= 8);
    let heading = doc
        .select(&sel("h2, h3"))
        .map(|h| text_of(&h))
        .find(|t| t.chars().count() >= 8);
    let canonical = meta_content(doc, &["link[rel='canonical']", "meta[property='og:url']"]);
    let published = meta_content(
        doc,
        &[
            "meta[property='article:published_time']",
            "meta[property='og:published_time']",
            "meta[name='pubdate']",
            "meta[name='publishdate']",
            "meta[itemprop='datePublished']",
            "[itemprop='datePublished']",
            "meta[name='dc.date']",
            "meta[name='DC.date.issued']",
            "meta[name='date']",
            "time[datetime]",
        ],
    )
    .and_then(|v| dates::parse_meta_date(&v));
    let author = meta_content(
        doc,
        &["meta[name='author']", "meta[property='article:author']"],
    )
    .filter(|a| clean::byline(a).is_some());
    PageMeta {
        title,
        h1,
        heading,
        canonical,
        published,
        author,
    }
}

/// "Tiêu đề bài - Cổng thông tin điện tử tỉnh X" → "Tiêu đề bài".
fn strip_site_suffix(title: &str) -> String {
    for sep in [" | ", " - ", " – ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let low = tail.to_lowercase();
            if low.contains("cổng thông tin")
                || low.contains("trang thông tin")
                || low.contains(".vn")
                || low.contains("báo ")
            {
                return head.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

/// Host of a URL, without `www.`.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest.split(['/', '?', '#']).next()?.split('@').next_back()?;
    let host = host.split(':').next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// Rejects bytes that are not a text page at all.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.is_empty() {
        return false;
    }
    let nul = head.iter().filter(|b| **b == 0).count();
    let control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    // UTF-16 pages carry a BOM and are handled by the decoder.
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    !utf16 && (nul > 0 || control * 20 > head.len())
}

/// Extracts one HTML page. `url` is where it was fetched (gives the id and the site);
/// `content_type` the HTTP header (gives the charset).
pub fn extract_html(
    bytes: &[u8],
    url: Option<&str>,
    content_type: Option<&str>,
) -> Result<Document, ExtractError> {
    let label = url.unwrap_or("<html>").to_string();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ExtractError::Empty { path: label });
    }
    if looks_binary(bytes) {
        return Err(ExtractError::Unsupported {
            path: label,
            reason: "binary data, not a text page".to_string(),
        });
    }
    let mut warnings = Vec::new();
    let bytes = if bytes.len() > MAX_PAGE_BYTES {
        warnings.push(format!(
            "page of {} bytes cut to its first {} bytes",
            bytes.len(),
            MAX_PAGE_BYTES
        ));
        &bytes[..MAX_PAGE_BYTES]
    } else {
        bytes
    };
    let decoded = charset::decode(bytes, content_type, true);
    warnings.extend(decoded.warnings);
    let text = match crate::depth::flatten_beyond(&decoded.text, crate::depth::MAX_DEPTH) {
        Some(flat) => {
            warnings.push(format!(
                "tags nested deeper than {} levels removed before parsing (text kept)",
                crate::depth::MAX_DEPTH
            ));
            flat
        }
        None => decoded.text,
    };
    let html = Html::parse_document(&text);

    let mut doc = if crate::vbpl::is_vbpl(&html, url) {
        crate::vbpl::extract(&html, url)?
    } else {
        generic(&html, url)
    };
    if doc.paragraphs.is_empty() {
        // Never a silent empty body: fall back to every block of the page.
        let mut dropped = Vec::new();
        let blocks = blocks_of(html.root_element(), &mut dropped);
        let cleaned = clean::clean_blocks(blocks, Some(&doc.title));
        if !cleaned.paragraphs.is_empty() {
            doc.paragraphs = cleaned.paragraphs;
            doc.warnings
                .push("no main content found: body is every text block of the page".to_string());
            doc.fingerprint = crate::simhash::fingerprint(&doc.body());
        }
    }
    if doc.paragraphs.is_empty() && doc.title.is_empty() {
        return Err(ExtractError::Empty { path: label });
    }
    warnings.append(&mut doc.warnings);
    doc.warnings = warnings;
    doc.warnings
        .retain(|w| w != "no body text survived extraction" || doc.paragraphs.is_empty());
    Ok(doc)
}

/// Any portal page without a dedicated profile.
fn generic(html: &Html, url: Option<&str>) -> Document {
    let meta = page_meta(html);
    let root = html.root_element();
    let main = CONTENT_PROFILES
        .iter()
        .filter_map(|s| {
            html.select(&sel(s))
                .max_by_key(|el| el.text().map(str::len).sum::<usize>())
        })
        // Raw length: normalising every candidate's text would cost more than the page.
        .find(|el| el.text().map(|t| t.trim().len()).sum::<usize>() >= 300)
        .or_else(|| {
            score_candidates(root)
                .and_then(|id| html.tree.get(id))
                .and_then(ElementRef::wrap)
        })
        .unwrap_or(root);
    let mut dropped = Vec::new();
    let blocks = blocks_of(main, &mut dropped);
    // The title: the page's <h1> when it is the article's, else og:title / <title>.
    let title = meta
        .h1
        .clone()
        .or(meta.title.clone())
        .or(meta.heading.clone());
    let cleaned = clean::clean_blocks(blocks, title.as_deref());
    let canonical = meta.canonical.clone().or_else(|| url.map(str::to_string));
    let id = match &canonical {
        Some(u) => Document::id_from_url(u),
        None => Document::id_from_content(&html.root_element().text().collect::<String>()),
    };
    let mut doc = crate::plain::assemble(id, cleaned, title);
    doc.dropped.splice(0..0, dropped);
    doc.url = canonical.clone();
    if doc.site.is_none() {
        doc.site = canonical.as_deref().and_then(host_of);
    }
    if let Some(found) = meta.published {
        // A meta tag beats a date guessed from the text, never a dateline.
        let weaker = doc
            .published
            .as_ref()
            .is_none_or(|p| p.source == DateSource::BodyText);
        if weaker {
            doc.published = Some(crate::PublishedDate {
                date: found.date,
                time: found.time,
                source: DateSource::MetaTag,
            });
        }
    }
    if doc.author.is_none() {
        doc.author = meta.author;
    }
    // A page that is itself a legal text (Pháp điển, a decree on a portal) is made of articles.
    let articles = doc
        .paragraphs
        .iter()
        .filter(|p| {
            p.strip_prefix("Điều ")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })
        .count();
    if articles >= 2 || doc.title.starts_with("Đề mục") {
        doc.kind = crate::DocumentKind::LegalText;
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://www.langson.gov.vn/a/b?c").as_deref(),
            Some("langson.gov.vn")
        );
        assert_eq!(host_of("http://vbpl.vn:80/x").as_deref(), Some("vbpl.vn"));
        assert_eq!(host_of("nonsense"), None);
    }

    #[test]
    fn site_suffix() {
        assert_eq!(
            strip_site_suffix(
                "Ký kết chương trình phối hợp - Cổng thông tin điện tử tỉnh Lạng Sơn"
            ),
            "Ký kết chương trình phối hợp"
        );
        assert_eq!(strip_site_suffix("Kinh tế - xã hội"), "Kinh tế - xã hội");
    }
}
