//! WARC archives (.warc, .warc.gz) as the crawler writes them: WARC 1.1, one gzip member per
//! record. Two record types become documents:
//!
//! * `response` records with a 2xx HTTP payload: the HTTP headers give the charset
//!   (Content-Type) and a fallback date (Last-Modified); chunked transfer-encoding and
//!   gzip/deflate content-encoding are undone when the stored body still carries them. Error
//!   pages (404, 500, ...) and `revisit` records (no new copy) are skipped and counted; a record
//!   marked `WARC-Truncated` is kept with a warning, as part of a text is better than none.
//! * `conversion` records: the plain text the crawler extracted from a linked PDF/DOCX
//!   (văn bản đính kèm), named by its URL and, through `Tracuu-Linked-From`, the page that
//!   linked it.
//!
//! Written here rather than with the `warc` crate: we need only these records and their HTTP
//! headers, and a reader that survives a truncated archive (the crawler may have been stopped
//! mid-record), keeping every complete record before the damage.

use std::io::{BufRead, BufReader, Read};

use flate2::read::MultiGzDecoder;

use crate::dates;
use crate::document::{DateSource, Document, DocumentKind};
use crate::ExtractError;

/// One WARC record: its headers and block.
#[derive(Debug)]
pub struct WarcRecord {
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
}

impl WarcRecord {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads records until the end or the first damaged one; the error, if any, comes second.
pub fn read_records(reader: impl Read) -> (Vec<WarcRecord>, Option<String>) {
    let mut reader = BufReader::new(reader);
    let mut records = Vec::new();
    loop {
        // Version line, skipping blank lines between records.
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) => return (records, None),
                Ok(_) if line.trim().is_empty() => continue,
                Ok(_) => break,
                Err(e) => return (records, Some(format!("unreadable archive: {e}"))),
            }
        }
        if !line.starts_with("WARC/") {
            return (
                records,
                Some(format!("not a WARC record: {:?}", line.trim())),
            );
        }
        let mut headers = Vec::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) => return (records, Some("archive ends inside record headers".into())),
                Ok(_) => {}
                Err(e) => return (records, Some(format!("unreadable archive: {e}"))),
            }
            let l = line.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let length: usize = match headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse().ok())
        {
            Some(n) => n,
            None => return (records, Some("record without Content-Length".into())),
        };
        let mut block = Vec::with_capacity(length.min(64 * 1024 * 1024));
        match (&mut reader).take(length as u64).read_to_end(&mut block) {
            Ok(n) if n == length => {}
            Ok(_) => return (records, Some("archive ends inside a record".into())),
            Err(e) => return (records, Some(format!("unreadable archive: {e}"))),
        }
        records.push(WarcRecord { headers, block });
    }
}

/// Header lines of an HTTP message, in order.
type HttpHeaders = Vec<(String, String)>;

/// An HTTP response split into status, headers and body.
struct HttpResponse<'a> {
    status: Option<u16>,
    headers: HttpHeaders,
    body: &'a [u8],
}

/// Splits an HTTP response into status, headers and body.
fn split_http(block: &[u8]) -> Option<HttpResponse<'_>> {
    let end = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| {
            block
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|p| (p, p + 2))
        })?;
    let head = String::from_utf8_lossy(&block[..end.0]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok());
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(HttpResponse {
        status,
        headers,
        body: &block[end.1..],
    })
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A decoded body may not grow past this: a gzip bomb must not eat the memory.
const MAX_DECODED_BYTES: u64 = 64 * 1024 * 1024;

/// Undoes `Transfer-Encoding: chunked` when the body really is chunked.
///
/// Clients such as reqwest de-chunk the body but keep the header, so the crawler's records say
/// `chunked` over a plain body; only a body that parses as chunks is decoded. A body cut inside
/// a chunk keeps the chunks before the cut. Hand-written: the format is a hex length line per
/// chunk, and no well-kept crate decodes it from a byte slice without an HTTP client around it.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        if size_text.is_empty() || !size_text.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() < size {
            // Cut inside the last chunk (a truncated record): keep what arrived.
            out.extend_from_slice(rest);
            return Some(out);
        }
        out.extend_from_slice(&rest[..size]);
        rest = rest.get(size..)?;
        if rest.is_empty() {
            return Some(out);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        if rest.is_empty() {
            return Some(out);
        }
    }
}

/// Undoes `Content-Encoding: gzip` / `deflate` when the body is still compressed.
///
/// As with chunking, the crawler's client decompresses and usually drops the header, but an
/// archive written by another tool keeps the compressed bytes: decode only what looks encoded
/// (gzip magic bytes; deflate that inflates cleanly, zlib-wrapped or raw).
fn decompress(body: &[u8], encoding: &str) -> Option<Vec<u8>> {
    use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};
    let encoding = encoding.to_ascii_lowercase();
    let read_all = |mut reader: Box<dyn Read + '_>| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        match (&mut reader).take(MAX_DECODED_BYTES).read_to_end(&mut out) {
            Ok(_) => Some(out),
            // A cut record inflates up to the cut: keep that much.
            Err(_) if !out.is_empty() => Some(out),
            Err(_) => None,
        }
    };
    if encoding.contains("gzip") && body.starts_with(&[0x1f, 0x8b]) {
        return read_all(Box::new(MultiGzDecoder::new(body)));
    }
    if encoding.contains("deflate") {
        if body.len() >= 2
            && body[0] & 0x0f == 8
            && (u16::from(body[0]) << 8 | u16::from(body[1])) % 31 == 0
        {
            return read_all(Box::new(ZlibDecoder::new(body)));
        }
        return read_all(Box::new(DeflateDecoder::new(body)));
    }
    None
}

/// The HTTP body with transfer- and content-encodings undone, and a warning per encoding that
/// was declared but could not be undone.
fn decoded_body<'a>(http: &HttpResponse<'a>) -> (std::borrow::Cow<'a, [u8]>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut body = std::borrow::Cow::Borrowed(http.body);
    if header(&http.headers, "Transfer-Encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
    {
        if let Some(plain) = dechunk(&body) {
            body = std::borrow::Cow::Owned(plain);
        }
    }
    if let Some(encoding) = header(&http.headers, "Content-Encoding") {
        let lower = encoding.to_ascii_lowercase();
        if lower.contains("gzip") || lower.contains("deflate") {
            if let Some(plain) = decompress(&body, &lower) {
                body = std::borrow::Cow::Owned(plain);
            }
        } else if lower != "identity" {
            warnings.push(format!("content-encoding {encoding} not decoded"));
        }
    }
    (body, warnings)
}

/// Why records were not turned into documents, with counts, for one warning per reason.
#[derive(Default)]
struct SkipReport {
    /// (reason, count, the first few URLs).
    reasons: Vec<(String, usize, Vec<String>)>,
}

impl SkipReport {
    /// URLs named per reason: enough to find the records, few enough to read.
    const EXAMPLES: usize = 5;

    fn add(&mut self, reason: String, url: Option<&str>) {
        let url = url.unwrap_or("?").to_string();
        match self.reasons.iter_mut().find(|(r, _, _)| *r == reason) {
            Some((_, n, urls)) => {
                *n += 1;
                if urls.len() < Self::EXAMPLES {
                    urls.push(url);
                }
            }
            None => self.reasons.push((reason, 1, vec![url])),
        }
    }

    fn total(&self) -> usize {
        self.reasons.iter().map(|(_, n, _)| n).sum()
    }

    fn lines(&self) -> Vec<String> {
        self.reasons
            .iter()
            .map(|(reason, n, urls)| {
                if *n == 1 {
                    format!("WARC record skipped: {}: {reason}", urls[0])
                } else {
                    let more = if *n > urls.len() { ", …" } else { "" };
                    format!(
                        "WARC records skipped: {n} × {reason} ({}{more})",
                        urls.join(", ")
                    )
                }
            })
            .collect()
    }
}

/// The kind and number of an attachment, read from its first lines ("QUYẾT ĐỊNH",
/// "Số: 1414/QĐ-UBND"): official texts announce both at the top, in lines the plain-text
/// cleaner drops as banners, so the raw text is read. Without a kind label the text is still
/// an official file, hence `LegalText`.
fn attachment_kind_and_number(text: &str) -> (Option<DocumentKind>, Option<String>) {
    static NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\bs[ốo]\s*:?\s*(\d{1,6}(?:/\d{4})?/[\p{L}\d]+(?:-[\p{L}\d&]+)*)")
            .expect("valid number pattern")
    });
    let head: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(15)
        .collect();
    let kind = head
        .iter()
        .filter(|line| line.chars().count() <= 120)
        .map(|line| crate::vbpl::kind_of(line))
        .find(|k| *k != DocumentKind::LegalText);
    let number = head
        .iter()
        .find_map(|line| NUMBER.captures(line))
        .map(|c| c[1].to_string());
    (kind, number)
}

/// A plain-text document from an archive is named by its URL, not its content hash, so a
/// recrawl of the same URL replaces it in the index.
fn name_by_url(doc: &mut Document, url: Option<&str>) {
    if let Some(u) = url {
        doc.id = Document::id_from_url(u);
        doc.url = Some(u.to_string());
        doc.site = crate::html::host_of(u);
    }
}

/// A document from a `conversion` record (text of a linked PDF/DOCX).
fn conversion_document(record: &WarcRecord, url: Option<&str>, label: &str) -> Document {
    let content_type = record.header("Content-Type");
    let decoded = crate::charset::decode(&record.block, content_type, false);
    let text = tracuu_text::normalize(&decoded.text);
    let mut doc = crate::plain::extract_plain_text(&text, label);
    name_by_url(&mut doc, url);
    let (kind, number) = attachment_kind_and_number(&text);
    doc.kind = kind.unwrap_or(DocumentKind::LegalText);
    if doc.number.is_none() {
        doc.number = number;
    }
    // The cleaner takes "Số: 1414/QĐ-UBND" for the title of an official text; "Quyết định
    // 1414/QĐ-UBND về việc ..." is what a reader searches and recognises.
    if let (Some(kind), Some(number)) = (kind, &doc.number) {
        if tracuu_text::fold(&doc.title).starts_with("so") {
            let subject = doc
                .paragraphs
                .first()
                .filter(|p| {
                    let f = tracuu_text::fold(p);
                    f.starts_with("ve ") || f.starts_with("v/v")
                })
                .map(|p| {
                    let subject = crate::clean::derive_title(p);
                    let mut chars = subject.chars();
                    let first = chars.next().map(|c| c.to_lowercase().to_string());
                    format!(" {}{}", first.unwrap_or_default(), chars.as_str())
                })
                .unwrap_or_default();
            doc.title = format!("{} {number}{subject}", kind.label_vi());
        }
    }
    doc.linked_from = record
        .header("Tracuu-Linked-From")
        .map(|u| u.trim_matches(['<', '>']).to_string());
    if let Some(format) = record.header("Tracuu-Attachment-Format") {
        tracing::debug!(url, format, "attachment text from a conversion record");
    }
    doc
}

/// A document from a `response` record, or why there is none.
fn response_document(
    record: &WarcRecord,
    url: Option<&str>,
    label: &str,
) -> Result<Document, String> {
    let http = split_http(&record.block).ok_or("not an HTTP response")?;
    match http.status {
        Some(status) if (200..300).contains(&status) => {}
        Some(status) => return Err(format!("HTTP {status}")),
        None => return Err("HTTP status unreadable".into()),
    }
    let (body, mut warnings) = decoded_body(&http);
    let content_type = header(&http.headers, "Content-Type");
    let is_html = content_type.is_none_or(|c| c.contains("html") || c.contains("xml"));
    let is_text = content_type.is_some_and(|c| c.starts_with("text/plain"));
    let mut doc = if is_html {
        crate::html::extract_html(&body, url, content_type).map_err(|e| e.to_string())?
    } else if is_text {
        let decoded = crate::charset::decode(&body, content_type, false);
        let mut d = crate::plain::extract_plain_text(&decoded.text, label);
        name_by_url(&mut d, url);
        d
    } else {
        return Err(format!("{} is not a page", content_type.unwrap_or("?")));
    };
    if doc.published.is_none() {
        let stamp = header(&http.headers, "Last-Modified").and_then(dates::parse_http_date);
        if let Some(found) = stamp {
            doc.published = Some(crate::PublishedDate {
                date: found.date,
                time: found.time,
                source: DateSource::Http,
            });
        }
    }
    doc.warnings.append(&mut warnings);
    Ok(doc)
}

/// Every document in a WARC archive (gzip or not).
pub fn extract_warc(bytes: &[u8], label: &str) -> Result<Vec<Document>, ExtractError> {
    let gz = bytes.starts_with(&[0x1f, 0x8b]);
    let (records, damage) = if gz {
        read_records(MultiGzDecoder::new(bytes))
    } else {
        read_records(bytes)
    };
    if records.is_empty() {
        return Err(ExtractError::Unsupported {
            path: label.to_string(),
            reason: damage.unwrap_or_else(|| "no WARC record".to_string()),
        });
    }
    let mut docs = Vec::new();
    let mut skipped = SkipReport::default();
    for record in &records {
        let url = record
            .header("WARC-Target-URI")
            .map(|u| u.trim_matches(['<', '>']).to_string());
        let url = url.as_deref();
        let result = match record.header("WARC-Type") {
            Some("response") => response_document(record, url, label),
            Some("conversion") => Ok(conversion_document(record, url, label)),
            Some("revisit") => Err("revisit record (no new copy of the page)".to_string()),
            _ => continue,
        };
        match result {
            Ok(mut doc) => {
                if let Some(how) = record.header("WARC-Truncated") {
                    doc.warnings.push(format!(
                        "WARC record truncated ({how}): the text may be incomplete"
                    ));
                }
                docs.push(doc);
            }
            Err(reason) => skipped.add(reason, url),
        }
    }
    if skipped.total() > 0 {
        tracing::warn!(
            archive = label,
            skipped = skipped.total(),
            documents = docs.len(),
            "WARC records skipped: {}",
            skipped.lines().join("; ")
        );
    }
    if let Some(first) = docs.first_mut() {
        first.warnings.extend(skipped.lines());
        if let Some(d) = damage {
            first.warnings.push(format!(
                "WARC archive damaged after {} records: {d}",
                records.len()
            ));
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzip_per_record_with_charset_and_last_modified() {
        let text = "Ủy ban nhân dân tỉnh Lạng Sơn yêu cầu các sở, ngành tăng cường công tác bảo vệ môi trường, quản lý chất thải rắn sinh hoạt trên địa bàn.";
        let (latin, _, _) = encoding_rs::WINDOWS_1258.encode(text);
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1258\r\nLast-Modified: Sun, 03 Mar 2019 12:00:00 GMT\r\n\r\n<html><head><title>Tin m\xf4i tr\xfd\xf4\xecng</title></head><body><h1>".to_vec();
        http.extend_from_slice(b"Tin moi truong Lang Son</h1><p>");
        http.extend_from_slice(&latin);
        http.extend_from_slice(b"</p></body></html>");
        let mut archive = gz(&record("warcinfo", "", b"software: tracuu"));
        archive.extend(gz(&record(
            "request",
            "https://langson.gov.vn/tin/1",
            b"GET / HTTP/1.1\r\n\r\n",
        )));
        archive.extend(gz(&record(
            "response",
            "https://langson.gov.vn/tin/1",
            &http,
        )));
        let docs = extract_warc(&archive, "t.warc.gz").unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.url.as_deref(), Some("https://langson.gov.vn/tin/1"));
        assert_eq!(d.id, Document::id_from_url("https://langson.gov.vn/tin/1"));
        assert!(
            d.body().contains(&tracuu_text::normalize(text)),
            "{:?}",
            d.paragraphs
        );
        let p = d.published.as_ref().unwrap();
        assert_eq!(p.source, DateSource::Http);
        assert_eq!(p.date.to_string(), "2019-03-03");
    }

    #[test]
    fn truncated_archive_keeps_complete_records() {
        let http = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTi\xc3\xaau \xc4\x91\xe1\xbb\x81\n\nN\xe1\xbb\x99i dung c\xe1\xbb\xa7a trang v\xc4\x83n b\xe1\xba\xa3n thu\xe1\xba\xa7n, \xc4\x91\xe1\xbb\xa7 d\xc3\xa0i \xc4\x91\xe1\xbb\x83 l\xc3\xa0 m\xe1\xbb\x99t \xc4\x91o\xe1\xba\xa1n v\xc4\x83n.";
        let mut archive = record("response", "http://a.vn/1", http);
        let cut = record("response", "http://a.vn/2", http);
        archive.extend_from_slice(&cut[..cut.len() / 2]);
        let docs = extract_warc(&archive, "t.warc").unwrap();
        assert_eq!(docs.len(), 1);
        assert!(docs[0].warnings.iter().any(|w| w.contains("damaged")));
        assert!(extract_warc(b"garbage", "g.warc").is_err());
    }

    fn http_record(kind: &str, uri: &str, head: &str, body: &[u8], extra: &str) -> Vec<u8> {
        let mut block = head.as_bytes().to_vec();
        block.extend_from_slice(body);
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n{extra}Content-Type: application/http;msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(&block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    const PAGE: &str = "<html><head><title>Chỉ thị về môi trường</title></head><body><h1>Chỉ thị về môi trường</h1><p>Ủy ban nhân dân tỉnh yêu cầu các sở, ngành tăng cường công tác bảo vệ môi trường, quản lý chất thải rắn sinh hoạt trên địa bàn tỉnh.</p></body></html>";

    #[test]
    fn error_pages_and_revisits_are_skipped_with_a_counted_reason() {
        let ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
        let mut archive = http_record("response", "http://a.vn/1", ok, PAGE.as_bytes(), "");
        for (i, status) in [
            "404 Not Found",
            "404 Not Found",
            "500 Internal Server Error",
        ]
        .iter()
        .enumerate()
        {
            let head = format!("HTTP/1.1 {status}\r\nContent-Type: text/html\r\n\r\n");
            archive.extend(http_record(
                "response",
                &format!("http://a.vn/x{i}"),
                &head,
                PAGE.as_bytes(),
                "",
            ));
        }
        archive.extend(http_record(
            "revisit",
            "http://a.vn/1",
            "HTTP/1.1 304 Not Modified\r\n\r\n",
            b"",
            "",
        ));
        let docs = extract_warc(&archive, "t.warc").unwrap();
        assert_eq!(
            docs.len(),
            1,
            "{:?}",
            docs.iter().map(|d| &d.url).collect::<Vec<_>>()
        );
        let w = &docs[0].warnings;
        assert!(
            w.iter()
                .any(|l| l.contains("2 × HTTP 404") && l.contains("http://a.vn/x0")),
            "{w:?}"
        );
        assert!(
            w.iter().any(|l| l.contains("http://a.vn/x2: HTTP 500")),
            "{w:?}"
        );
        assert!(w.iter().any(|l| l.contains("revisit")), "{w:?}");
    }

    #[test]
    fn truncated_records_are_indexed_with_a_warning() {
        let ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
        let cut = &PAGE.as_bytes()[..PAGE.find("</p>").unwrap()];
        let archive = http_record(
            "response",
            "http://a.vn/1",
            ok,
            cut,
            "WARC-Truncated: length\r\n",
        );
        let docs = extract_warc(&archive, "t.warc").unwrap();
        assert_eq!(docs.len(), 1);
        assert!(
            docs[0].body().contains("chất thải rắn"),
            "{:?}",
            docs[0].paragraphs
        );
        assert!(
            docs[0]
                .warnings
                .iter()
                .any(|w| w.contains("truncated (length)")),
            "{:?}",
            docs[0].warnings
        );
    }

    #[test]
    fn chunked_and_compressed_bodies_are_decoded() {
        // Chunked, then gzip inside the chunks, as a server sends it on the wire.
        let zipped = gz(PAGE.as_bytes());
        let mut chunked = Vec::new();
        for piece in zipped.chunks(100) {
            chunked.extend_from_slice(format!("{:x};ext=1\r\n", piece.len()).as_bytes());
            chunked.extend_from_slice(piece);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n";
        let mut archive = http_record("response", "http://a.vn/gz", head, &chunked, "");
        // zlib-wrapped deflate and raw deflate.
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(PAGE.as_bytes()).unwrap();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: deflate\r\n\r\n";
        archive.extend(http_record(
            "response",
            "http://a.vn/zlib",
            head,
            &z.finish().unwrap(),
            "",
        ));
        let mut d = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        d.write_all(PAGE.as_bytes()).unwrap();
        archive.extend(http_record(
            "response",
            "http://a.vn/raw",
            head,
            &d.finish().unwrap(),
            "",
        ));
        // A client that already decoded keeps the headers over a plain body: left alone.
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n";
        archive.extend(http_record(
            "response",
            "http://a.vn/plain",
            head,
            PAGE.as_bytes(),
            "",
        ));
        let docs = extract_warc(&archive, "t.warc").unwrap();
        assert_eq!(
            docs.len(),
            4,
            "{:?}",
            docs.iter().map(|d| &d.warnings).collect::<Vec<_>>()
        );
        for doc in &docs {
            assert!(
                doc.body().contains("chất thải rắn sinh hoạt"),
                "{:?}: {:?}",
                doc.url,
                doc.paragraphs
            );
            assert_eq!(doc.title, "Chỉ thị về môi trường");
        }
    }

    #[test]
    fn dechunk_refuses_what_is_not_chunked() {
        assert_eq!(dechunk(b"<html>"), None);
        assert_eq!(
            dechunk(b"5\r\nhello\r\n0\r\n\r\n").as_deref(),
            Some(&b"hello"[..])
        );
        assert_eq!(dechunk(b"a\r\nhello").as_deref(), Some(&b"hello"[..]));
    }

    fn conversion(text: &str) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: conversion\r\nWARC-Target-URI: http://a.vn/files/1414.pdf\r\nWARC-Refers-To: <urn:uuid:1>\r\nTracuu-Linked-From: http://a.vn/tin/1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            text.len()
        )
        .into_bytes();
        out.extend_from_slice(text.as_bytes());
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    #[test]
    fn conversion_records_become_linked_attachment_documents() {
        let text = "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\n\nQUYẾT ĐỊNH\n\nSố: 1414/QĐ-UBND\n\nVề việc ban hành kế hoạch bảo vệ môi trường và quản lý chất thải rắn sinh hoạt trên địa bàn tỉnh năm 2023.";
        let docs = extract_warc(&gz(&conversion(text)), "t.warc.gz").unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.url.as_deref(), Some("http://a.vn/files/1414.pdf"));
        assert_eq!(d.id, Document::id_from_url("http://a.vn/files/1414.pdf"));
        assert_eq!(d.linked_from.as_deref(), Some("http://a.vn/tin/1"));
        assert_eq!(d.kind, DocumentKind::Decision);
        assert_eq!(d.number.as_deref(), Some("1414/QĐ-UBND"));
        assert!(
            d.body().contains("chất thải rắn sinh hoạt"),
            "{:?}",
            d.paragraphs
        );
        assert!(
            d.title
                .starts_with("Quyết định 1414/QĐ-UBND về việc ban hành"),
            "{}",
            d.title
        );
        // Without a kind label: an official file all the same.
        let docs = extract_warc(&conversion(&text.replace("QUYẾT ĐỊNH", "")), "t.warc").unwrap();
        assert_eq!(docs[0].kind, DocumentKind::LegalText);
    }
}
