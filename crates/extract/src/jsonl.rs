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

/// Every document of a JSONL text.
pub fn extract_jsonl(text: &str) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(record) => {
                if let Some(mut doc) = record_to_document(record) {
                    doc.warnings.append(&mut pending);
                    docs.push(doc);
                } else {
                    pending.push(format!(
                        "line {}: record without title or body skipped",
                        n + 1
                    ));
                }
            }
            Err(e) => pending.push(format!("line {}: not a JSON record ({e}), skipped", n + 1)),
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
}
