//! From pages to clean documents.
//!
//! SKELETON: `document` is the contract the facts, index and server crates build against;
//! the extraction functions are placeholders until the extraction issue lands.

pub mod document;

pub use document::{DateSource, Document, DocumentKind, Dropped, PublishedDate};

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

/// Extracts every document a file holds (a page, or many for JSONL and WARC).
pub fn extract_path(path: &Path) -> Result<Vec<Document>, ExtractError> {
    let bytes = std::fs::read(path).map_err(|source| ExtractError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("document");
    Ok(vec![extract_plain_text(&text, name)])
}

/// Extracts a plain-text page such as the seeds: first non-empty line is the title.
pub fn extract_plain_text(text: &str, name: &str) -> Document {
    let text = tracuu_text::normalize(text);
    let mut paragraphs: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let title = if paragraphs.is_empty() {
        String::new()
    } else {
        paragraphs.remove(0)
    };
    let mut doc = Document::new(Document::id_from_content(&text), title);
    doc.site = Some(name.to_string());
    doc.paragraphs = paragraphs;
    doc
}
