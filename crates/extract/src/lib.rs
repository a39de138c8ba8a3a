//! From pages to clean documents.
//!
//! Every input (a plain-text page, an HTML file, a WARC archive, JSONL records, a vbpl.vn page)
//! ends as one [`Document`]: title, date and where it came from, author, kind, body paragraphs,
//! captions kept apart, what was dropped as boilerplate and why, and a SimHash fingerprint for
//! near-duplicate clustering.

pub mod charset;
pub mod clean;
pub mod dates;
pub mod depth;
pub mod document;
pub mod html;
pub mod jsonl;
pub mod legacy;
pub mod neardup;
pub mod plain;
pub mod simhash;
pub mod vbpl;
pub mod warc;

pub use document::{DateSource, Document, DocumentKind, Dropped, PublishedDate};
pub use html::extract_html;
pub use jsonl::extract_jsonl;
pub use neardup::{cluster_documents, NearDuplicates};
pub use plain::extract_plain_text;
pub use simhash::{cluster_ids, cluster_ids_within, fingerprint};
pub use warc::extract_warc;

use std::path::Path;

/// Why a page could not be turned into a document.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: unsupported input ({reason})")]
    Unsupported { path: String, reason: String },
    #[error("{path}: no text could be extracted")]
    Empty { path: String },
}

/// What a file holds, judged from its name and first bytes (content beats extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Html,
    PlainText,
    Jsonl,
    Warc,
}

/// Sniffs the kind of input.
pub fn sniff(path: &Path, bytes: &[u8]) -> InputKind {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_lowercase();
    if bytes.starts_with(b"WARC/") || (bytes.starts_with(&[0x1f, 0x8b]) && name.contains(".warc")) {
        return InputKind::Warc;
    }
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return InputKind::Warc;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if name.ends_with(".jsonl")
        || name.ends_with(".ndjson")
        || (trimmed.starts_with('{') && trimmed.contains("\"title\""))
    {
        return InputKind::Jsonl;
    }
    let lower = trimmed.to_lowercase();
    if name.ends_with(".html")
        || name.ends_with(".htm")
        || lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<!--")
        || (lower.contains("<div") || lower.contains("<p>") || lower.contains("<body"))
    {
        return InputKind::Html;
    }
    InputKind::PlainText
}

/// Extracts every document a file holds (a page, or many for JSONL and WARC).
pub fn extract_path(path: &Path) -> Result<Vec<Document>, ExtractError> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ExtractError::Io {
        path: label.clone(),
        source,
    })?;
    extract_bytes(path, &bytes)
}

/// Extracts the documents of bytes read from `path` (the path only names and sniffs).
pub fn extract_bytes(path: &Path, bytes: &[u8]) -> Result<Vec<Document>, ExtractError> {
    let label = path.display().to_string();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ExtractError::Empty { path: label });
    }
    match sniff(path, bytes) {
        InputKind::Warc => warc::extract_warc(bytes, &label),
        InputKind::Html => html::extract_html(bytes, None, None)
            .map(|d| vec![d])
            .map_err(|e| relabel(e, &label)),
        InputKind::Jsonl => {
            let decoded = charset::decode(bytes, None, false);
            // Records are normalised one by one.
            let docs = jsonl::extract_jsonl(&decoded.text);
            if docs.is_empty() {
                Err(ExtractError::Empty { path: label })
            } else {
                Ok(docs)
            }
        }
        InputKind::PlainText => {
            if html::looks_binary(bytes) {
                return Err(ExtractError::Unsupported {
                    path: label,
                    reason: "binary data, not a text page".to_string(),
                });
            }
            let decoded = charset::decode(bytes, None, false);
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("document");
            let mut doc = extract_plain_text(&decoded.text, name);
            let mut warnings = decoded.warnings;
            warnings.append(&mut doc.warnings);
            doc.warnings = warnings;
            if doc.paragraphs.is_empty() && doc.title.is_empty() {
                return Err(ExtractError::Empty { path: label });
            }
            Ok(vec![doc])
        }
    }
}

/// Puts the file name on an error raised without one.
fn relabel(e: ExtractError, label: &str) -> ExtractError {
    match e {
        ExtractError::Empty { .. } => ExtractError::Empty {
            path: label.to_string(),
        },
        ExtractError::Unsupported { reason, .. } => ExtractError::Unsupported {
            path: label.to_string(),
            reason,
        },
        other => other,
    }
}
