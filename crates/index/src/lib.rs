//! The search index.
//!
//! SKELETON: the API below is the contract the CLI and server crates build against;
//! implementations are placeholders until the index issue lands.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tracuu_extract::Document;
use tracuu_facts::{Agency, Assignment, Facts, Reference};

/// Why the index could not be opened, written or queried.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("extraction failed: {0}")]
    Extract(#[from] tracuu_extract::ExtractError),
}

/// Why a query was refused; shown to the user as-is (Vietnamese message).
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("truy vấn không hợp lệ: {0}")]
    BadQuery(String),
    #[error("truy vấn quá dài ({len} ký tự, tối đa {max})")]
    TooLong { len: usize, max: usize },
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Ordering of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

/// One search, as the CLI and the API state it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchRequest {
    pub query: String,
    pub kind: Option<String>,
    pub agency: Option<String>,
    pub place: Option<String>,
    pub topic: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
}

/// One hit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub kind: String,
    pub score: f32,
    /// Highlighted fragment: original text with matches in `<mark>…</mark>`, HTML-escaped.
    pub snippet: String,
    pub agencies: Vec<String>,
    pub references: Vec<String>,
    /// Near-duplicates collapsed into this hit.
    pub duplicates: usize,
}

/// One facet value and how many hits carry it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// A whole answer: the JSON shape of `tracuu search --json` and `GET /api/search`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    pub facets: BTreeMap<String, Vec<FacetCount>>,
}

/// A stored document with its facts, as the document page shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredDocument {
    pub document: Document,
    pub facts: Facts,
}

/// Options of an ingest run.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Commit every this many documents.
    pub commit_every: usize,
    /// Show a progress bar.
    pub progress: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            commit_every: 1000,
            progress: false,
        }
    }
}

/// What an ingest run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    pub documents: usize,
    pub bytes: u64,
    pub errors: Vec<String>,
}

/// The search index: tantivy plus the facts it stores.
pub struct SearchIndex {
    _dir: Option<PathBuf>,
}

impl SearchIndex {
    /// Opens the index at `dir`, creating it (or rebuilding an older schema version) if needed.
    pub fn open_or_create(dir: &Path) -> Result<Self, IndexError> {
        Ok(SearchIndex {
            _dir: Some(dir.to_path_buf()),
        })
    }

    /// An index in memory, for tests.
    pub fn in_memory() -> Result<Self, IndexError> {
        Ok(SearchIndex { _dir: None })
    }

    /// Number of documents searchable now.
    pub fn num_docs(&self) -> u64 {
        0
    }

    /// Extracts and indexes files and folders (.txt, .html, .warc, .warc.gz, .jsonl).
    pub fn ingest_paths(
        &self,
        paths: &[PathBuf],
        options: &IngestOptions,
    ) -> Result<IngestReport, IndexError> {
        let _ = (paths, options);
        Ok(IngestReport::default())
    }

    /// Indexes already extracted documents, replacing any with the same id, and commits.
    pub fn add_documents(&self, docs: Vec<Document>) -> Result<usize, IndexError> {
        Ok(docs.len())
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        Ok(SearchResults {
            query: request.query.clone(),
            total: 0,
            took_ms: 0.0,
            hits: Vec::new(),
            facets: BTreeMap::new(),
        })
    }

    /// A stored document by id.
    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>, IndexError> {
        let _ = id;
        Ok(None)
    }

    /// Every document citing a referenced number (any spelling: "98-NQ/TU", "NQ 98"), oldest first,
    /// with what the corpus says of the referenced document.
    pub fn citing(&self, number: &str) -> Result<Vec<(Reference, Hit)>, IndexError> {
        let _ = number;
        Ok(Vec::new())
    }

    /// Every agency with its number of documents.
    pub fn agencies(&self) -> Result<Vec<(Agency, u64)>, IndexError> {
        Ok(Vec::new())
    }

    /// Assignments whose task text best matches `query`, with their source document id.
    pub fn assignments(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<(Assignment, String)>, SearchError> {
        let _ = (query, limit);
        Ok(Vec::new())
    }
}
