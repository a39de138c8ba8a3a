//! JSONL records `{id, title, body, url?, published?, source?}`, one document per line.
//!
//! `text` and `content` are accepted for `body` (the baomoi corpus uses `text`). A bad line is
//! skipped with a warning on the next good document, never a failure of the whole file.

use serde::Deserialize;

use crate::clean::{self, plain_blocks};
use crate::dates;
use crate::document::{DateSource, Document};

#[derive(Debug, Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default, alias = "text", alias = "content")]
    body: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

/// One record to a document.
fn record_to_document(record: Record) -> Option<Document> {
    let title = tracuu_text::normalize(record.title.as_deref().unwrap_or("").trim());
    let body = tracuu_text::normalize(record.body.as_deref().unwrap_or(""));
    if title.is_empty() && body.trim().is_empty() {
        return None;
    }
    let cleaned = clean::clean_blocks(
        plain_blocks(&body),
        (!title.is_empty()).then_some(title.as_str()),
    );
    let id = match (&record.id, &record.url) {
        (Some(serde_json::Value::String(s)), _) if !s.is_empty() => s.clone(),
        (Some(serde_json::Value::Number(n)), _) => n.to_string(),
        (_, Some(u)) => Document::id_from_url(u),
        _ => Document::id_from_content(&format!("{title}\n{body}")),
    };
    let mut doc = crate::plain::assemble(id, cleaned, (!title.is_empty()).then_some(title));
    doc.url = record.url.clone();
    doc.site = record
        .source
        .clone()
        .or_else(|| record.url.as_deref().and_then(crate::html::host_of))
        .or(doc.site.take());
    if let Some(found) = record.published.as_deref().and_then(dates::parse_meta_date) {
        doc.published = Some(crate::PublishedDate {
            date: found.date,
            time: found.time,
            source: DateSource::Record,
        });
    }
    Some(doc)
}

/// Lines above which a file's records are turned into documents on several threads.
const PARALLEL_FROM_LINES: usize = 256;

/// One line: its document, or the warning that replaces it.
fn line_to_document(n: usize, line: &str) -> Result<Document, String> {
    match serde_json::from_str::<Record>(line) {
        Ok(record) => record_to_document(record)
            .ok_or_else(|| format!("line {}: record without title or body skipped", n + 1)),
        Err(e) => Err(format!("line {}: not a JSON record ({e}), skipped", n + 1)),
    }
}

/// Every document of a JSONL text, in file order.
///
/// A big file's records are cleaned and fingerprinted on every core: on the 35,440-record
/// news file this work ran alone on one core for seconds before the index writer had a
/// document to work on.
pub fn extract_jsonl(text: &str) -> Vec<Document> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(n, line)| (n, line.trim()))
        .filter(|(_, line)| !line.is_empty())
        .collect();
    let threads = if lines.len() < PARALLEL_FROM_LINES {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    };
    let chunk = lines.len().div_ceil(threads).max(1);
    let outcomes: Vec<Result<Document, String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = lines
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|&(n, line)| line_to_document(n, line))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut docs = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(mut doc) => {
                doc.warnings.append(&mut pending);
                docs.push(doc);
            }
            Err(warning) => pending.push(warning),
        }
    }
    if let (Some(last), false) = (docs.last_mut(), pending.is_empty()) {
        last.warnings.append(&mut pending);
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_bad_lines() {
        let text = r#"{"id":"a1","title":"Chỉ thị về bảo vệ môi trường","body":"Ủy ban nhân dân tỉnh yêu cầu các sở, ngành tăng cường bảo vệ môi trường.\n\nCác huyện báo cáo trước ngày 15/12/2023.","url":"https://langson.gov.vn/a","published":"2023-12-01","source":"langson.gov.vn"}
not json
{"id": 7, "title": "Tin thứ hai", "text": "Nội dung của tin thứ hai đủ dài để là một đoạn văn của bài báo."}
"#;
        let docs = extract_jsonl(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "a1");
        assert_eq!(docs[0].paragraphs.len(), 2);
        assert_eq!(
            docs[0].published.as_ref().unwrap().source,
            DateSource::Record
        );
        assert_eq!(docs[0].site.as_deref(), Some("langson.gov.vn"));
        assert_eq!(docs[1].id, "7");
        assert!(docs[1].warnings.iter().any(|w| w.contains("line 2")));
        assert_ne!(docs[0].fingerprint, 0);
    }

    /// A file big enough for several threads gives the documents and warnings of a plain
    /// line-by-line pass, in file order.
    #[test]
    fn a_big_file_keeps_its_order_and_its_warnings() {
        let mut text = String::new();
        for i in 0..1_000 {
            if i % 97 == 5 {
                text.push_str("{broken\n");
            }
            text.push_str(&format!(
                "{{\"id\":\"n{i}\",\"title\":\"Tin số {i} về môi trường\",\"text\":\"Sở Tài nguyên và Môi trường tỉnh kiểm tra lần {i}.\"}}\n"
            ));
        }
        let docs = extract_jsonl(&text);
        assert_eq!(docs.len(), 1_000);
        let mut expected_warnings = 0;
        for (i, doc) in docs.iter().enumerate() {
            assert_eq!(doc.id, format!("n{i}"));
            let warned = i % 97 == 5;
            assert_eq!(!doc.warnings.is_empty(), warned, "document {i}");
            expected_warnings += usize::from(warned);
        }
        let lines: Vec<&str> = text.lines().collect();
        for doc in docs.iter().filter(|d| !d.warnings.is_empty()) {
            let n: usize = doc.warnings[0]
                .trim_start_matches("line ")
                .split(':')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap();
            assert_eq!(lines[n - 1], "{broken", "the warning names the bad line");
        }
        assert_eq!(expected_warnings, 11);
    }
}
