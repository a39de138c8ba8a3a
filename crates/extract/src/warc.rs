//! WARC archives (.warc, .warc.gz) as the crawler writes them: WARC 1.1, one gzip member per
//! record. Only `response` records with an HTTP payload become documents; the HTTP headers give
//! the charset (Content-Type) and a fallback date (Last-Modified).
//!
//! Written here rather than with the `warc` crate: we need only response records and their HTTP
//! headers, and a reader that survives a truncated archive (the crawler may have been stopped
//! mid-record), keeping every complete record before the damage.

use std::io::{BufRead, BufReader, Read};

use flate2::read::MultiGzDecoder;

use crate::dates;
use crate::document::{DateSource, Document};
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

/// Splits an HTTP response into headers and body.
/// Header lines of an HTTP message, in order.
type HttpHeaders = Vec<(String, String)>;

fn split_http(block: &[u8]) -> Option<(HttpHeaders, &[u8])> {
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
    let status = lines.next()?;
    if !status.starts_with("HTTP/") {
        return None;
    }
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some((headers, &block[end.1..]))
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
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
    let mut skipped = Vec::new();
    for record in &records {
        if record.header("WARC-Type") != Some("response") {
            continue;
        }
        let url = record
            .header("WARC-Target-URI")
            .map(|u| u.trim_matches(['<', '>']).to_string());
        let Some((http, body)) = split_http(&record.block) else {
            skipped.push(format!(
                "{}: not an HTTP response",
                url.as_deref().unwrap_or("?")
            ));
            continue;
        };
        let content_type = header(&http, "Content-Type");
        let is_html = content_type.is_none_or(|c| c.contains("html") || c.contains("xml"));
        let is_text = content_type.is_some_and(|c| c.starts_with("text/plain"));
        let result = if is_html {
            crate::html::extract_html(body, url.as_deref(), content_type)
        } else if is_text {
            let decoded = crate::charset::decode(body, content_type, false);
            let mut d = crate::plain::extract_plain_text(&decoded.text, label);
            if let Some(u) = &url {
                d.id = Document::id_from_url(u);
                d.url = Some(u.clone());
                d.site = crate::html::host_of(u);
            }
            Ok(d)
        } else {
            skipped.push(format!(
                "{}: {} is not a page",
                url.as_deref().unwrap_or("?"),
                content_type.unwrap_or("?")
            ));
            continue;
        };
        match result {
            Ok(mut doc) => {
                if doc.published.is_none() {
                    let stamp = header(&http, "Last-Modified").and_then(dates::parse_http_date);
                    if let Some(found) = stamp {
                        doc.published = Some(crate::PublishedDate {
                            date: found.date,
                            time: found.time,
                            source: DateSource::Http,
                        });
                    }
                }
                docs.push(doc);
            }
            Err(e) => skipped.push(format!("{}: {e}", url.as_deref().unwrap_or("?"))),
        }
    }
    if let Some(first) = docs.first_mut() {
        first.warnings.extend(
            skipped
                .into_iter()
                .map(|s| format!("WARC record skipped: {s}")),
        );
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
}
