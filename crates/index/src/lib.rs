//! The search index: tantivy with Vietnamese-aware fields, ranking, filters, facets and snippets.
//!
//! The API below is the contract the CLI and the server build against. Modules, one job each:
//! [`schema`] (fields and their version), [`ingest`] (documents to tantivy documents),
//! [`bigram`] (pairs of the texts' leads: restoration statistics), [`adjacency`] (proximity
//! of the query's neighbouring syllables, from positions), [`numbers`] (document numbers as keys),
//! [`query`] (the user's syntax), [`restore`] (diacritics of queries typed without them),
//! [`search`] (ranking clauses and filters), [`results`] (facets, collapsing, hits),
//! [`snippet`] (highlighted fragments).

pub mod adjacency;
pub mod bigram;
pub mod cluster;
pub mod facets;
pub mod ingest;
pub mod materialize;
pub mod minmatch;
pub mod numbers;
pub mod query;
pub mod rescore;
pub mod restore;
pub mod results;
pub mod schema;
pub mod search;
pub mod snippet;
pub mod statistics;
pub mod task_match;
pub mod term;

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
    #[error("stored document is unreadable: {0}")]
    Stored(String),
}

impl From<tantivy::directory::error::OpenDirectoryError> for IndexError {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Self {
        IndexError::Tantivy(e.into())
    }
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
    /// Hits to page through (a near-duplicate cluster once, as the hits show it).
    pub total: usize,
    /// Matching documents, every near-duplicate counted (what the facets count).
    #[serde(default)]
    pub documents: usize,
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

/// Documents between two commits of an ingest, by default.
///
/// Why 5,000: a commit writes one segment per writer thread, and an ingest ends by merging
/// them all (`SearchIndex::finish`): on the news corpus (35,440 documents) `tracuu index` took
/// 28.4 s committing every 1,000, 25.8 s every 5,000 and 24.8 s every 10,000. A crash loses at
/// most the documents since the last commit (a few seconds of work), which a rerun redoes.
pub const COMMIT_EVERY: usize = 5_000;

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
            commit_every: COMMIT_EVERY,
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

/// Memory budget of the index writer (split among its threads): a cap, not an allocation.
///
/// Why this large: a thread whose arena fills writes a segment, and every segment written is
/// merged again at the end of an ingest (see `SearchIndex::merge_into`). With 200 MB the news
/// corpus (35,440 documents) left segments whose final merge was 16% of indexing in perf;
/// with 1 GB each of two threads wrote about half the corpus, indexing took 13.9 s instead of
/// 17.0 s, and peak memory stayed the same (1.1 GB, most of it documents in flight).
const WRITER_BUDGET: usize = 1_000_000_000;

/// Queued documents are clustered and handed to the writer in batches of this many.
const FLUSH_EVERY: usize = 500;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// A short query whose every syllable finds fewer documents than this (a first page) is run
/// again relaxed (see [`search`]).
pub const RELAX_BELOW: usize = 10;

/// Every agency with its document count, cached per searcher generation.
type AgencyTable = std::sync::Arc<Vec<(Agency, u64)>>;

/// The search index: tantivy plus the facts it stores.
pub struct SearchIndex {
    dir: Option<PathBuf>,
    index: tantivy::Index,
    reader: tantivy::IndexReader,
    fields: schema::Fields,
    writer: std::sync::Mutex<Option<tantivy::IndexWriter<tantivy::TantivyDocument>>>,
    /// Diacritic restorer of the current searcher generation, built on first need.
    restorer: std::sync::Mutex<Option<(u64, std::sync::Arc<restore::Restorer>)>>,
    /// Agencies and their document counts of the current searcher generation.
    agencies: std::sync::Mutex<Option<(u64, AgencyTable)>>,
    /// Documents queued since the last flush to the writer, with their facts: their
    /// near-duplicate clusters are assigned together (see [`cluster`]).
    pending: std::sync::Mutex<Vec<(Document, Option<Facts>)>>,
    /// Near-duplicate clustering state of the documents written so far.
    clusters: std::sync::Mutex<cluster::Clusters>,
    /// Ids written by the current writer, when it started on an index without documents:
    /// only those can need replacing. `None`: the index had documents, every write replaces.
    ///
    /// Why: a replace is a delete by id that tantivy applies to every segment at the next
    /// commit; on a first ingest (the news corpus, 35,440 documents, 70 segments) those
    /// deletes of ids that were never there cost a tenth of indexing.
    fresh_ids: std::sync::Mutex<Option<std::collections::HashSet<String>>>,
    /// Facet ordinal-to-name tables by segment (see [`facets`]).
    facet_tables: facets::FacetTables,
    ranking: search::RankingOptions,
    writer_threads: usize,
    /// The `bigram` field holds the analyzer crate's folded bigrams (`vi_bigram`) instead of
    /// our exact ones: only for in-memory comparison in the relevance bench.
    folded_bigrams: bool,
    /// The `bigram` field holds Viet74K compound words (`vi_compound`): relevance bench only.
    compound_words: bool,
}

/// A queued document made ready for the writer on a worker thread.
struct Prepared {
    /// Its shingle sample for near-duplicate clustering.
    sample: Vec<u64>,
    /// The tantivy document, without its cluster id.
    tantivy: tantivy::TantivyDocument,
}

/// Prepares a part of a batch: facts (when not given), sample, tantivy document.
fn prepare(fields: &schema::Fields, part: &[(Document, Option<Facts>)]) -> Vec<Prepared> {
    part.iter()
        .map(|(doc, facts)| {
            let extracted;
            let facts = match facts {
                Some(f) => f,
                None => {
                    extracted = tracuu_facts::extract_facts(doc);
                    &extracted
                }
            };
            let body = doc.body();
            Prepared {
                sample: tracuu_extract::neardup::sample(&body),
                tantivy: ingest::to_tantivy(fields, doc, &body, facts),
            }
        })
        .collect()
}

/// A reader reloaded by our commits (never by polling the directory).
fn reader_of(index: &tantivy::Index) -> Result<tantivy::IndexReader, IndexError> {
    Ok(index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?)
}

/// The cores a search spreads its segments over, and the segments an ingest ends with.
fn search_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

impl SearchIndex {
    fn from_index(mut index: tantivy::Index, dir: Option<PathBuf>) -> Result<Self, IndexError> {
        // One search runs its segments on all cores: an ingest leaves one segment per core
        // (see `finish`), so a query's latency is about its CPU time divided by the cores.
        index.set_multithread_executor(search_threads())?;
        tracuu_text::register_tokenizers(index.tokenizers());
        bigram::register(index.tokenizers());
        let (_, fields) = schema::build();
        let reader = reader_of(&index)?;
        Ok(SearchIndex {
            dir,
            index,
            reader,
            fields,
            writer: std::sync::Mutex::new(None),
            restorer: std::sync::Mutex::new(None),
            agencies: std::sync::Mutex::new(None),
            pending: std::sync::Mutex::new(Vec::new()),
            clusters: std::sync::Mutex::new(cluster::Clusters::default()),
            fresh_ids: std::sync::Mutex::new(None),
            facet_tables: facets::FacetTables::default(),
            ranking: search::RankingOptions::default(),
            writer_threads: search_threads().min(4),
            folded_bigrams: false,
            compound_words: false,
        })
    }

    /// Opens the index at `dir`, creating it (or rebuilding an older schema version) if needed.
    ///
    /// An index of another schema version is rebuilt from the documents it stores (when they
    /// can be read), so nothing is misread and nothing is lost.
    pub fn open_or_create(dir: &Path) -> Result<Self, IndexError> {
        std::fs::create_dir_all(dir)?;
        let has_index = dir.join("meta.json").exists();
        if has_index && schema::read_version(dir) == Some(schema::SCHEMA_VERSION) {
            let index = tantivy::Index::open_in_dir(dir)?;
            return Self::from_index(index, Some(dir.to_path_buf()));
        }
        let old_documents = if has_index {
            let found = schema::read_version(dir);
            tracing::warn!(
                ?found,
                expected = schema::SCHEMA_VERSION,
                "index schema version differs: rebuilding {}",
                dir.display()
            );
            let docs = read_stored_documents(dir);
            clear_dir(dir)?;
            docs
        } else {
            Vec::new()
        };
        let (schema, _) = schema::build();
        let index = tantivy::Index::create_in_dir(dir, schema)?;
        schema::write_version(dir)?;
        let this = Self::from_index(index, Some(dir.to_path_buf()))?;
        if !old_documents.is_empty() {
            this.add_documents(old_documents)?;
        }
        Ok(this)
    }

    /// An index in memory, for tests.
    pub fn in_memory() -> Result<Self, IndexError> {
        let (schema, _) = schema::build();
        Self::from_index(tantivy::Index::create_in_ram(schema), None)
    }

    /// An index in memory whose proximity field holds the analyzer crate's folded bigrams
    /// (`vi_bigram`) rather than exact ones: the relevance bench compares the two. Diacritic
    /// restoration then has no exact bigram statistics and falls back to syllable frequencies.
    pub fn in_memory_with_folded_bigrams() -> Result<Self, IndexError> {
        let (schema, _) = schema::build();
        let index = tantivy::Index::create_in_ram(schema);
        let mut this = Self::from_index(index, None)?;
        let folded = tracuu_text::text_analyzer(tracuu_text::names::BIGRAM)
            .ok_or_else(|| IndexError::Stored("no vi_bigram analyzer".into()))?;
        this.index
            .tokenizers()
            .register(schema::BIGRAM_TOKENIZER, folded);
        this.folded_bigrams = true;
        Ok(this)
    }

    /// An index in memory whose proximity field holds the analyzer crate's compound words
    /// (`vi_compound`, longest match over Viet74K) instead of bigrams: the relevance bench
    /// measures whether a segmenter beats plain syllable pairs.
    pub fn in_memory_with_compound_words() -> Result<Self, IndexError> {
        let (schema, _) = schema::build();
        let index = tantivy::Index::create_in_ram(schema);
        let mut this = Self::from_index(index, None)?;
        let compound = tracuu_text::text_analyzer(tracuu_text::names::COMPOUND)
            .ok_or_else(|| IndexError::Stored("no vi_compound analyzer".into()))?;
        this.index
            .tokenizers()
            .register(schema::BIGRAM_TOKENIZER, compound);
        this.folded_bigrams = true;
        this.compound_words = true;
        Ok(this)
    }

    /// The directory of the index, if on disk.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Replaces the ranking weights and modes (the relevance bench compares them).
    pub fn set_ranking(&mut self, ranking: search::RankingOptions) {
        self.ranking = ranking;
    }

    /// The ranking in use.
    pub fn ranking(&self) -> &search::RankingOptions {
        &self.ranking
    }

    /// Threads one search spreads its segments (and its page's hits) over; 1 runs a search on
    /// the caller's thread alone (the speed bench compares both).
    pub fn set_search_threads(&mut self, threads: usize) -> Result<(), IndexError> {
        if threads <= 1 {
            self.index.set_executor(tantivy::Executor::single_thread());
        } else {
            self.index.set_multithread_executor(threads)?;
        }
        // A reader searches with the executor of the index it was built from.
        self.reader = reader_of(&self.index)?;
        Ok(())
    }

    /// Sets the number of indexing threads (default: cores, at most 4).
    pub fn set_writer_threads(&mut self, threads: usize) {
        self.writer_threads = threads.max(1);
    }

    /// Number of segments searchable now (an ingest ends with one: see `finish`).
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Number of documents searchable now.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn with_writer<T>(
        &self,
        f: impl FnOnce(&mut tantivy::IndexWriter<tantivy::TantivyDocument>) -> Result<T, IndexError>,
    ) -> Result<T, IndexError> {
        let mut guard = self
            .writer
            .lock()
            .map_err(|_| IndexError::Stored("index writer lock poisoned".into()))?;
        if guard.is_none() {
            let threads = self.writer_threads;
            let writer = self
                .index
                .writer_with_num_threads(threads, WRITER_BUDGET.max(threads * 16_000_000))?;
            // No merges while documents come in: every ingest ends by merging all segments
            // into one (`finish`), which writes each posting once instead of once per level
            // of a log-merge policy and then once more.
            writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
            // Read from the directory with the writer's lock held: what is committed now.
            let empty = self
                .index
                .searchable_segment_metas()?
                .iter()
                .all(|m| m.num_docs() == 0);
            if let Ok(mut fresh) = self.fresh_ids.lock() {
                *fresh = empty.then(std::collections::HashSet::new);
            }
            *guard = Some(writer);
        }
        match guard.as_mut() {
            Some(writer) => f(writer),
            None => Err(IndexError::Stored("no index writer".into())),
        }
    }

    /// Queues one document (replacing any with the same id); searchable after [`Self::commit`].
    ///
    /// Its facts are extracted when the batch is flushed, on worker threads.
    pub fn queue_document(&self, doc: &Document) -> Result<(), IndexError> {
        self.queue(doc, None)
    }

    /// Queues one document with facts already extracted.
    pub fn queue_with_facts(&self, doc: &Document, facts: &Facts) -> Result<(), IndexError> {
        self.queue(doc, Some(facts.clone()))
    }

    fn queue(&self, doc: &Document, facts: Option<Facts>) -> Result<(), IndexError> {
        let full = {
            let mut pending = self
                .pending
                .lock()
                .map_err(|_| IndexError::Stored("pending documents lock poisoned".into()))?;
            pending.push((doc.clone(), facts));
            pending.len() >= FLUSH_EVERY
        };
        if full {
            self.flush()?;
        }
        Ok(())
    }

    /// Assigns the near-duplicate clusters of the pending documents and hands them to the
    /// writer (replacing documents of the same id).
    fn flush(&self) -> Result<(), IndexError> {
        let batch = std::mem::take(
            &mut *self
                .pending
                .lock()
                .map_err(|_| IndexError::Stored("pending documents lock poisoned".into()))?,
        );
        if batch.is_empty() {
            return Ok(());
        }
        let mut clusters = self
            .clusters
            .lock()
            .map_err(|_| IndexError::Stored("cluster state lock poisoned".into()))?;
        if !clusters.loaded {
            self.load_clusters(&mut clusters)?;
        }
        // Everything but the cluster assignment (which must go in order, on one thread) runs
        // on worker threads: facts extraction, the near-duplicate sample, analysis of the text
        // fields and serialisation of the stored JSON.
        let workers = self.writer_threads.clamp(1, 4);
        let chunk = batch.len().div_ceil(workers).max(1);
        let fields = &self.fields;
        let prepared: Vec<Prepared> = std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .chunks(chunk)
                .map(|part| scope.spawn(move || prepare(fields, part)))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        if prepared.len() != batch.len() {
            return Err(IndexError::Stored("preparing documents failed".into()));
        }
        let mut documents = Vec::with_capacity(prepared.len());
        let mut sampled = Vec::with_capacity(prepared.len());
        for ((doc, _), p) in batch.iter().zip(prepared) {
            sampled.push((doc.id.as_str(), doc.fingerprint, p.sample));
            documents.push((doc.id.as_str(), p.tantivy));
        }
        let ids = clusters.assign(sampled);
        drop(clusters);
        self.with_writer(|w| {
            let mut fresh = self
                .fresh_ids
                .lock()
                .map_err(|_| IndexError::Stored("written ids lock poisoned".into()))?;
            for ((id, mut tantivy), cluster) in documents.into_iter().zip(ids) {
                tantivy.add_u64(self.fields.cluster, cluster);
                let replaces = fresh
                    .as_mut()
                    .is_none_or(|seen| !seen.insert(id.to_string()));
                if replaces {
                    w.delete_term(tantivy::Term::from_field_text(self.fields.id, id));
                }
                w.add_document(tantivy)?;
            }
            Ok(())
        })
    }

    /// Adds the documents already in the index to the clustering state, with their stored ids.
    fn load_clusters(&self, clusters: &mut cluster::Clusters) -> Result<(), IndexError> {
        let searcher = self.reader.searcher();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let column = cluster::column(segment);
            for doc_id in segment.doc_ids_alive() {
                let address = tantivy::DocAddress::new(ord as u32, doc_id);
                let stored = results::stored(&searcher, &self.fields, address)?;
                let id = column.as_ref().and_then(|c| c.first(doc_id)).unwrap_or(0);
                clusters.add_existing(&stored.document, id);
            }
        }
        clusters.loaded = true;
        Ok(())
    }

    /// Commits queued documents and makes them searchable.
    pub fn commit(&self) -> Result<(), IndexError> {
        self.flush()?;
        self.with_writer(|w| {
            w.commit()?;
            Ok(())
        })?;
        self.reader.reload()?;
        Ok(())
    }

    /// Commits, merges the index into one segment per core and releases the writer (and its
    /// lock).
    pub fn finish(&self) -> Result<(), IndexError> {
        self.commit()?;
        // The guard is held to the end so that no other writer starts while segments merge.
        let mut guard = self
            .writer
            .lock()
            .map_err(|_| IndexError::Stored("index writer lock poisoned".into()))?;
        if let Some(writer) = guard.take() {
            writer.wait_merging_threads()?;
        }
        self.merge_into(search_threads())?;
        drop(guard);
        self.reader.reload()?;
        Ok(())
    }

    /// Merges the segments into `parts` segments of about equal size, the merges running
    /// concurrently, after the background merges have ended.
    ///
    /// Why: a query opens every term of its plan once per segment (a title query holds some 50
    /// term clauses), so the many segments an ingest writes cost more in opening than in
    /// reading postings; and one segment per core lets a search run its segments in parallel
    /// (see `from_index`), where a single segment would leave all but one core idle.
    fn merge_into(&self, parts: usize) -> Result<(), IndexError> {
        // Ids only: a segment meta held here would keep its files from garbage collection.
        let segments: Vec<(tantivy::index::SegmentId, u32)> = self
            .index
            .searchable_segment_metas()?
            .iter()
            .map(|m| (m.id(), m.num_docs()))
            .collect();
        let (count, parts) = (segments.len(), parts.max(1));
        if count <= parts {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let groups = balanced_groups(segments, parts);
        let mut writer = self
            .index
            .writer_with_num_threads::<tantivy::TantivyDocument>(1, WRITER_BUDGET / 4)?;
        let merges: Vec<_> = groups
            .iter()
            .filter(|g| g.len() > 1)
            .map(|g| writer.merge(g))
            .collect();
        for merge in merges {
            merge.wait()?;
        }
        // The merged-away segments' files: concurrent merges leave them behind otherwise.
        self.reader.reload()?;
        writer.garbage_collect_files().wait()?;
        writer.wait_merging_threads()?;
        tracing::info!(
            segments = count,
            parts,
            secs = started.elapsed().as_secs_f64(),
            "merged the index into one segment per core"
        );
        Ok(())
    }

    /// Extracts and indexes files and folders (.txt, .html, .warc, .warc.gz, .jsonl).
    pub fn ingest_paths(
        &self,
        paths: &[PathBuf],
        options: &IngestOptions,
    ) -> Result<IngestReport, IndexError> {
        let mut report = IngestReport::default();
        let files = ingest::collect_files(paths, &mut report.errors);
        let total: u64 = files.iter().map(|(_, n)| n).sum();
        let bar = if options.progress {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:30} {binary_bytes}/{binary_total_bytes} \
                     ({binary_bytes_per_sec}) {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        let commit_every = options.commit_every.max(1);
        let mut since_commit = 0usize;
        for (path, size) in files {
            match tracuu_extract::extract_path(&path) {
                Ok(docs) => {
                    for doc in docs {
                        self.queue_document(&doc)?;
                        report.documents += 1;
                        since_commit += 1;
                        if since_commit >= commit_every {
                            self.commit()?;
                            since_commit = 0;
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!("{e}");
                    report.errors.push(e.to_string());
                }
            }
            report.bytes += size;
            bar.inc(size);
            bar.set_message(format!("{} văn bản", report.documents));
        }
        self.finish()?;
        bar.finish_with_message(format!("{} văn bản", report.documents));
        Ok(report)
    }

    /// Indexes already extracted documents, replacing any with the same id, and commits.
    pub fn add_documents(&self, docs: Vec<Document>) -> Result<usize, IndexError> {
        let n = docs.len();
        for doc in &docs {
            self.queue_document(doc)?;
        }
        self.commit()?;
        Ok(n)
    }

    fn restorer(&self, searcher: &tantivy::Searcher) -> Option<std::sync::Arc<restore::Restorer>> {
        let generation = searcher.generation().generation_id();
        let mut guard = self.restorer.lock().ok()?;
        if let Some((g, r)) = guard.as_ref() {
            if *g == generation {
                return Some(r.clone());
            }
        }
        let built = std::sync::Arc::new(restore::Restorer::build(searcher, self.fields.body).ok()?);
        *guard = Some((generation, built.clone()));
        Some(built)
    }

    fn planner(&self) -> Result<search::Planner<'_>, IndexError> {
        let get = |name: &str| {
            self.index
                .tokenizers()
                .get(name)
                .ok_or_else(|| IndexError::Stored(format!("analyzer {name} is not registered")))
        };
        Ok(search::Planner {
            fields: &self.fields,
            options: &self.ranking,
            exact: get(tracuu_text::names::EXACT)?,
            folded: get(tracuu_text::names::FOLDED)?,
            folded_bigrams: self.folded_bigrams,
            compound_words: self.compound_words,
        })
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.search_with(request, &results::ResultOptions::default())
    }

    /// Runs a search, choosing what to compute beyond the ranked ids.
    pub fn search_with(
        &self,
        request: &SearchRequest,
        options: &results::ResultOptions,
    ) -> Result<SearchResults, SearchError> {
        let started = std::time::Instant::now();
        let len = request.query.chars().count();
        if len > MAX_QUERY_CHARS {
            return Err(SearchError::TooLong {
                len,
                max: MAX_QUERY_CHARS,
            });
        }
        let parsed = query::parse(&request.query).map_err(|e| SearchError::BadQuery(e.0))?;
        let searcher = self.reader.searcher();
        self.facet_tables.retain(&searcher);
        let restorer = if self.ranking.restore_diacritics {
            self.restorer(&searcher)
        } else {
            None
        };
        let mut planner = self.planner()?;
        let statistics = statistics::SearchStatistics::new(&searcher);
        let plan = planner.plan(&parsed, request, &statistics, restorer.as_deref(), false);
        let mut ranked = results::rank(
            &statistics,
            &plan,
            request,
            options,
            &self.facet_tables,
            &[],
        )?;
        let mut chosen = &plan;
        let relaxed;
        // Relaxed when every syllable finds fewer than a page, whatever page is asked for: a
        // limit or an offset that decided it ranked page 8 by another plan than page 7. The
        // documents holding every syllable stay first ("tân binh Isuzu" found once, above
        // the Isuzu reviews without "tân binh"); they are all among the candidates, being few.
        if plan.relaxable && ranked.total < RELAX_BELOW {
            relaxed = planner.plan(&parsed, request, &statistics, restorer.as_deref(), true);
            let more = results::rank(
                &statistics,
                &relaxed,
                request,
                options,
                &self.facet_tables,
                &ranked.ordered,
            )?;
            if more.total > ranked.total {
                ranked = more;
                chosen = &relaxed;
            }
        }
        let mut out = results::hits(&searcher, &self.fields, chosen, ranked, request, options)?;
        out.took_ms = started.elapsed().as_secs_f64() * 1000.0;
        Ok(out)
    }

    fn find_id(&self, id: &str) -> Result<Option<tantivy::DocAddress>, IndexError> {
        let searcher = self.reader.searcher();
        let q = tantivy::query::TermQuery::new(
            tantivy::Term::from_field_text(self.fields.id, id),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let top = searcher.search(
            &q,
            &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
        )?;
        Ok(top.first().map(|(_, a)| *a))
    }

    /// A stored document by id.
    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>, IndexError> {
        let Some(address) = self.find_id(id)? else {
            return Ok(None);
        };
        let searcher = self.reader.searcher();
        results::stored(&searcher, &self.fields, address).map(Some)
    }

    /// The other documents of a document's near-duplicate cluster (the id assigned at ingest,
    /// see [`cluster`]), at most `limit`, in index order. Empty for an unknown id or a document
    /// without a cluster. Scans the cluster column (a few microseconds per thousand documents).
    pub fn near_duplicates(
        &self,
        id: &str,
        limit: usize,
    ) -> Result<Vec<StoredDocument>, IndexError> {
        let Some(address) = self.find_id(id)? else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        let column = |ord: u32| cluster::column(searcher.segment_reader(ord));
        let cluster = column(address.segment_ord)
            .and_then(|c| c.first(address.doc_id))
            .unwrap_or(0);
        let mut out = Vec::new();
        if cluster == 0 {
            return Ok(out);
        }
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let Some(values) = column(ord as u32) else {
                continue;
            };
            for doc in segment.doc_ids_alive() {
                let here = tantivy::DocAddress::new(ord as u32, doc);
                if here != address && values.first(doc) == Some(cluster) {
                    out.push(results::stored(&searcher, &self.fields, here)?);
                    if out.len() >= limit {
                        return Ok(out);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Every document citing a referenced number (any spelling: "98-NQ/TU", "NQ 98"), oldest first,
    /// with what the corpus says of the referenced document.
    pub fn citing(&self, number: &str) -> Result<Vec<(Reference, Hit)>, IndexError> {
        let Some(key) = query::parse(number).ok().and_then(|p| {
            p.groups.iter().flatten().find_map(|c| match c {
                query::Clause::Number { key, .. } => Some(key.clone()),
                _ => None,
            })
        }) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        let q = tantivy::query::TermQuery::new(
            tantivy::Term::from_field_text(self.fields.references, &key),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let addresses = searcher.search(&q, &tantivy::collector::DocSetCollector)?;
        let mut out = Vec::new();
        for address in addresses {
            let stored = results::stored(&searcher, &self.fields, address)?;
            let Some(reference) = stored
                .facts
                .references
                .iter()
                .find(|r| {
                    r.number
                        .as_deref()
                        .is_some_and(|n| numbers::index_keys(n).contains(&key))
                })
                .cloned()
                .or_else(|| results::reference_from_text(&stored.document, &key))
            else {
                continue;
            };
            let hit = results::hit_of(&stored, 0.0, snippet_for_reference(&stored, &reference));
            out.push((reference, hit));
        }
        out.sort_by(|a, b| {
            a.1.published
                .cmp(&b.1.published)
                .then_with(|| a.1.id.cmp(&b.1.id))
        });
        Ok(out)
    }

    fn agency_table(&self) -> Result<AgencyTable, IndexError> {
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        if let Ok(guard) = self.agencies.lock() {
            if let Some((g, table)) = guard.as_ref() {
                if *g == generation {
                    return Ok(table.clone());
                }
            }
        }
        let addresses = searcher.search(
            &tantivy::query::AllQuery,
            &tantivy::collector::DocSetCollector,
        )?;
        let mut counts: BTreeMap<String, (Agency, u64)> = BTreeMap::new();
        for address in addresses {
            let facts = results::stored_facts(&searcher, &self.fields, address)?;
            let mut seen = std::collections::HashSet::new();
            for mention in facts.agencies {
                if seen.insert(mention.agency.id.clone()) {
                    counts
                        .entry(mention.agency.id.clone())
                        .or_insert_with(|| (mention.agency.clone(), 0))
                        .1 += 1;
                }
            }
        }
        let mut table: Vec<(Agency, u64)> = counts.into_values().collect();
        table.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
        let table = std::sync::Arc::new(table);
        if let Ok(mut guard) = self.agencies.lock() {
            *guard = Some((generation, table.clone()));
        }
        Ok(table)
    }

    /// Every agency with its number of documents, most documents first.
    pub fn agencies(&self) -> Result<Vec<(Agency, u64)>, IndexError> {
        Ok(self.agency_table()?.as_ref().clone())
    }

    /// One agency by id, with its number of documents.
    pub fn agency(&self, id: &str) -> Result<Option<(Agency, u64)>, IndexError> {
        Ok(self
            .agency_table()?
            .iter()
            .find(|(a, _)| a.id == id)
            .cloned())
    }

    /// Every assignment naming an agency (by id), with its source document id, newest first.
    pub fn agency_assignments(&self, id: &str) -> Result<Vec<(Assignment, String)>, IndexError> {
        let searcher = self.reader.searcher();
        let key = format!("agency:{}", ingest::filter_value(id));
        let q = tantivy::query::TermQuery::new(
            tantivy::Term::from_field_text(self.fields.filter_key, &key),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let addresses = searcher.search(&q, &tantivy::collector::DocSetCollector)?;
        let mut found = Vec::new();
        for address in addresses {
            let stored = results::stored(&searcher, &self.fields, address)?;
            let date = stored.document.published.as_ref().map(|p| p.date);
            for assignment in stored.facts.assignments {
                if assignment.agencies.iter().any(|a| a.id == id) {
                    found.push((date, assignment, stored.document.id.clone()));
                }
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
        Ok(found.into_iter().map(|(_, a, id)| (a, id)).collect())
    }

    /// Assignments whose task text best matches `query` (see [`task_match`]), among those of
    /// the documents the search finds, with their source document id.
    pub fn assignments(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<(Assignment, String)>, SearchError> {
        let request = SearchRequest {
            query: query.to_string(),
            limit: 50,
            ..SearchRequest::default()
        };
        let results = self.search_with(
            &request,
            &results::ResultOptions {
                facets: false,
                snippets: false,
                collapse: false,
            },
        )?;
        let Some(matcher) = task_match::TaskMatcher::new(query) else {
            return Ok(Vec::new());
        };
        let mut scored: Vec<(f32, Assignment, String)> = Vec::new();
        for (rank, hit) in results.hits.iter().enumerate() {
            let Some(stored) = self.document(&hit.id)? else {
                continue;
            };
            for assignment in stored.facts.assignments {
                let score = matcher.score(&assignment.task);
                if score > 0.0 {
                    // Equal tasks keep the order of their documents in the search.
                    scored.push((score - rank as f32 * 1e-4, assignment, hit.id.clone()));
                }
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.truncate(limit);
        Ok(scored.into_iter().map(|(_, a, id)| (a, id)).collect())
    }
}

fn snippet_for_reference(stored: &StoredDocument, reference: &Reference) -> String {
    let body = stored.document.body();
    let (start, end) = (reference.span.start, reference.span.end);
    if start < end
        && body.is_char_boundary(start)
        && end <= body.len()
        && body.is_char_boundary(end)
    {
        let highlighter = snippet::Highlighter {
            exact: tracuu_text::analyze(tracuu_text::names::EXACT, &body[start..end])
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.text)
                .collect(),
            ..Default::default()
        };
        highlighter.fragment(&body)
    } else {
        snippet::escape(&body.chars().take(240).collect::<String>())
    }
}

/// The documents stored in an index directory of any version, as far as they can be read.
fn read_stored_documents(dir: &Path) -> Vec<Document> {
    let read = || -> Result<Vec<Document>, IndexError> {
        let index = tantivy::Index::open_in_dir(dir)?;
        let Ok(field) = index.schema().get_field("document_json") else {
            return Ok(Vec::new());
        };
        let reader = index.reader()?;
        let searcher = reader.searcher();
        let addresses = searcher.search(
            &tantivy::query::AllQuery,
            &tantivy::collector::DocSetCollector,
        )?;
        let mut docs = Vec::new();
        for address in addresses {
            let stored: tantivy::TantivyDocument = searcher.doc(address)?;
            use tantivy::schema::Value;
            if let Some(json) = stored.get_first(field).and_then(|v| v.as_str()) {
                if let Ok(doc) = serde_json::from_str::<Document>(json) {
                    docs.push(doc);
                }
            }
        }
        Ok(docs)
    };
    match read() {
        Ok(docs) => docs,
        Err(e) => {
            tracing::warn!("old index unreadable, rebuilding empty: {e}");
            Vec::new()
        }
    }
}

/// Removes every file of an index directory (tantivy writes only files there).
/// Splits segments (id, documents) into `parts` groups of about equal documents: largest
/// first, each into the group with the fewest so far.
fn balanced_groups(
    mut segments: Vec<(tantivy::index::SegmentId, u32)>,
    parts: usize,
) -> Vec<Vec<tantivy::index::SegmentId>> {
    segments.sort_by_key(|&(_, docs)| std::cmp::Reverse(docs));
    let mut groups: Vec<(u64, Vec<tantivy::index::SegmentId>)> =
        vec![(0, Vec::new()); parts.max(1)];
    for (id, docs) in segments {
        if let Some(group) = groups.iter_mut().min_by_key(|g| g.0) {
            group.0 += u64::from(docs);
            group.1.push(id);
        }
    }
    groups.into_iter().map(|g| g.1).collect()
}

fn clear_dir(dir: &Path) -> Result<(), IndexError> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_grouped_into_parts_of_about_equal_documents() {
        let ids: Vec<tantivy::index::SegmentId> = (0..6)
            .map(|_| tantivy::index::SegmentId::generate_random())
            .collect();
        let docs = [900, 100, 500, 400, 300, 200];
        let groups = balanced_groups(ids.iter().copied().zip(docs).collect(), 2);
        assert_eq!(groups.len(), 2);
        let sum = |g: &Vec<tantivy::index::SegmentId>| -> u32 {
            g.iter()
                .map(|id| docs[ids.iter().position(|x| x == id).unwrap()])
                .sum()
        };
        assert_eq!(sum(&groups[0]) + sum(&groups[1]), 2400);
        assert_eq!(sum(&groups[0]), 1200);
        // More parts than segments: every segment alone, the rest empty.
        let groups = balanced_groups(ids.iter().copied().zip(docs).take(2).collect(), 4);
        assert_eq!(groups.iter().filter(|g| g.len() == 1).count(), 2);
    }
}
