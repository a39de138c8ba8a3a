//! The clean, typed document every later stage consumes.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// What kind of text a document is. Drives the `kind` facet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A news article about policy (most portal pages).
    News,
    /// Chỉ thị.
    Directive,
    /// Nghị quyết.
    Resolution,
    /// Công văn.
    OfficialLetter,
    /// Quyết định.
    Decision,
    /// Kết luận / Thông báo kết luận.
    Conclusion,
    /// Luật, Nghị định, Thông tư and other legal texts (vbpl.vn, Pháp điển).
    LegalText,
    /// Anything else.
    Other,
}

impl DocumentKind {
    /// Stable machine name, as used in facets and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::News => "news",
            DocumentKind::Directive => "directive",
            DocumentKind::Resolution => "resolution",
            DocumentKind::OfficialLetter => "official_letter",
            DocumentKind::Decision => "decision",
            DocumentKind::Conclusion => "conclusion",
            DocumentKind::LegalText => "legal_text",
            DocumentKind::Other => "other",
        }
    }

    /// Vietnamese label for the web page.
    pub fn label_vi(self) -> &'static str {
        match self {
            DocumentKind::News => "Tin tức",
            DocumentKind::Directive => "Chỉ thị",
            DocumentKind::Resolution => "Nghị quyết",
            DocumentKind::OfficialLetter => "Công văn",
            DocumentKind::Decision => "Quyết định",
            DocumentKind::Conclusion => "Kết luận",
            DocumentKind::LegalText => "Văn bản pháp luật",
            DocumentKind::Other => "Khác",
        }
    }

    /// Every kind, in the order lists show them.
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::News,
        DocumentKind::Directive,
        DocumentKind::Resolution,
        DocumentKind::OfficialLetter,
        DocumentKind::Decision,
        DocumentKind::Conclusion,
        DocumentKind::LegalText,
        DocumentKind::Other,
    ];

    /// Parses a machine name back.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Where a published date was found, so a reader can judge how far to trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// A `<meta>` tag such as `article:published_time`.
    MetaTag,
    /// A dateline on the page ("Thời gian: 02/12/2020 10:16", "Cập nhật lúc ...").
    Dateline,
    /// A vbpl.vn attribute ("Ngày ban hành").
    Attribute,
    /// The input record said so (JSONL `published`).
    Record,
    /// Only the text states it: a header date line near the top or a date in the lead (never
    /// a date from further down the body).
    BodyText,
    /// The HTTP response (Last-Modified) or the WARC record date.
    Http,
}

/// A published date and its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedDate {
    pub date: NaiveDate,
    /// Time of day when the page gives it.
    pub time: Option<NaiveDateTime>,
    pub source: DateSource,
}

/// A line or block removed as boilerplate, and why: kept so `tracuu extract` can show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    pub text: String,
    /// A short machine reason: "skip_link", "navigation", "footer", "contact", "punctuation",
    /// "image_number", "link_density", ...
    pub reason: String,
}

/// One clean document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: from the canonical URL when there is one, else from a content hash.
    pub id: String,
    pub url: Option<String>,
    /// Host or portal name ("langson.gov.vn").
    pub site: Option<String>,
    pub title: String,
    pub published: Option<PublishedDate>,
    pub author: Option<String>,
    pub kind: DocumentKind,
    /// The document number when the document itself is a numbered text ("1414/UBND-KT").
    pub number: Option<String>,
    /// Issuing body when known (vbpl attributes, or the text's own heading).
    pub issuer: Option<String>,
    /// Body text, one entry per paragraph, NFC-normalised.
    pub paragraphs: Vec<String>,
    /// Photo captions, kept apart from the body.
    pub captions: Vec<String>,
    /// What was removed as boilerplate, and why.
    pub dropped: Vec<Dropped>,
    /// Problems met while extracting (charset guessed, page truncated, ...).
    pub warnings: Vec<String>,
    /// SimHash fingerprint of the body's syllable shingles, for near-duplicate clustering.
    pub fingerprint: u64,
    /// Legal validity as the source states it ("Còn hiệu lực", "Hết hiệu lực một phần").
    #[serde(default)]
    pub validity: Option<String>,
    /// Date the text takes effect ("Ngày có hiệu lực").
    #[serde(default)]
    pub effective_date: Option<NaiveDate>,
    /// For an attachment (the text of a linked PDF/DOCX): the page that linked it, so a
    /// reader can go from the file back to the article that published it.
    #[serde(default)]
    pub linked_from: Option<String>,
}

impl Document {
    /// A new empty document of kind `News`.
    pub fn new(id: String, title: String) -> Self {
        Document {
            id,
            url: None,
            site: None,
            title,
            published: None,
            author: None,
            kind: DocumentKind::News,
            number: None,
            issuer: None,
            paragraphs: Vec::new(),
            captions: Vec::new(),
            dropped: Vec::new(),
            warnings: Vec::new(),
            fingerprint: 0,
            validity: None,
            effective_date: None,
            linked_from: None,
        }
    }

    /// A stable id from a URL: scheme, `www.`, fragment and trailing slash do not matter, so
    /// the canonical URL and the crawled URL of one page agree.
    pub fn id_from_url(url: &str) -> String {
        let url = url.trim();
        let url = url.split('#').next().unwrap_or(url);
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = host.to_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host);
        let key = format!("{host}/{}", path.trim_end_matches('/'));
        let mut hash: u64 = 0xcbf29ce484222325;
        for byte in key.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x100000001b3);
        }
        format!("u{hash:016x}")
    }

    /// The body as one text: paragraphs joined by a blank line. Fact spans are byte offsets
    /// into exactly this string.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    /// A stable id from content, for documents without a URL (FNV-1a, 64 bits, hex).
    pub fn id_from_content(text: &str) -> String {
        let mut hash: u64 = 0xcbf29ce484222325;
        for byte in text.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x100000001b3);
        }
        format!("h{hash:016x}")
    }
}
