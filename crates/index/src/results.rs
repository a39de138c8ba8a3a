//! Running a plan: ranked ids, counts, facets, near-duplicate collapsing, hits with snippets.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument};
use tracuu_extract::Document;
use tracuu_facts::{Facts, Reference, Span};

use crate::facets::{FacetCountCollector, FacetTables};
use crate::schema::Fields;
use crate::search::Plan;
use crate::statistics::SearchStatistics;
use crate::{FacetCount, Hit, IndexError, SearchRequest, SearchResults, Sort, StoredDocument};

/// What to compute beyond the ranked ids (the speed bench and internal callers skip some).
#[derive(Debug, Clone)]
pub struct ResultOptions {
    pub facets: bool,
    pub snippets: bool,
    pub collapse: bool,
}

impl Default for ResultOptions {
    fn default() -> Self {
        ResultOptions {
            facets: true,
            snippets: true,
            collapse: true,
        }
    }
}

fn text_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<&str> {
    doc.get_first(field).and_then(|v| v.as_str())
}

/// The stored document and facts at an address.
pub fn stored(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
) -> Result<StoredDocument, IndexError> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let document: Document = text_of(&doc, fields.document_json)
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| IndexError::Stored(e.to_string()))?
        .ok_or_else(|| IndexError::Stored("document without stored JSON".into()))?;
    let facts: Facts = text_of(&doc, fields.facts_json)
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| IndexError::Stored(e.to_string()))?
        .unwrap_or_default();
    Ok(StoredDocument { document, facts })
}

/// Only the stored facts at an address.
pub fn stored_facts(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
) -> Result<Facts, IndexError> {
    let doc: TantivyDocument = searcher.doc(address)?;
    text_of(&doc, fields.facts_json)
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| IndexError::Stored(e.to_string()))
        .map(Option::unwrap_or_default)
}

/// A hit of a stored document.
pub fn hit_of(stored: &StoredDocument, score: f32, snippet: String) -> Hit {
    let doc = &stored.document;
    let mut agencies: Vec<String> = Vec::new();
    for mention in &stored.facts.agencies {
        if !agencies.contains(&mention.agency.name) {
            agencies.push(mention.agency.name.clone());
        }
    }
    let body = doc.body();
    let references = crate::ingest::cited_numbers(doc, &stored.facts, &body);
    Hit {
        id: doc.id.clone(),
        title: doc.title.clone(),
        url: doc.url.clone(),
        published: doc.published.as_ref().map(|p| p.date),
        kind: doc.kind.as_str().to_string(),
        score,
        snippet,
        agencies,
        references,
        duplicates: 0,
    }
}

/// A reference reconstructed from the text when the facts hold none for a cited number.
pub fn reference_from_text(doc: &Document, key: &str) -> Option<Reference> {
    let body = doc.body();
    let mut offset = 0;
    for word in body.split_inclusive(char::is_whitespace) {
        let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric());
        if crate::numbers::looks_like_number(trimmed)
            && crate::numbers::index_keys(trimmed).iter().any(|k| k == key)
        {
            let start = offset + word.find(trimmed).unwrap_or(0);
            return bare_reference(Some(trimmed), key, start, start + trimmed.len());
        }
        offset += word.len();
    }
    bare_reference(None, key, 0, 0)
}

/// A reference known only by its number and where it is written. Built through serde so that
/// fields the facts crate adds with defaults need no change here.
fn bare_reference(number: Option<&str>, key: &str, start: usize, end: usize) -> Option<Reference> {
    let value = serde_json::json!({
        "doc_type": "",
        "number": number,
        "issuer_code": null,
        "date": null,
        "issuer": null,
        "title": null,
        "key": key,
        "span": Span { start, end },
    });
    serde_json::from_value(value)
        .map_err(|e| tracing::warn!("cannot build a bare reference: {e}"))
        .ok()
}

/// The outcome of running a plan, before any stored document is read.
pub struct Ranked {
    /// Hits after collapsing: score, address, near-duplicates folded in.
    pub kept: Vec<(f32, DocAddress, usize)>,
    /// Hits to page through: matching documents, a near-duplicate cluster counted once when
    /// collapsing (exact up to [`EXACT_TOTAL`] matches, then less the duplicates folded into
    /// the hits read).
    pub total: usize,
    /// Matching documents, every near-duplicate counted.
    pub documents: usize,
    /// Counts of matching documents (every member of a cluster counts).
    pub facets: BTreeMap<String, Vec<FacetCount>>,
    /// The candidates before collapsing, best first (a relaxed retry puts them first).
    pub ordered: Vec<(f32, DocAddress)>,
}

/// Runs the plan: ranked and collapsed addresses, total and facet counts. Reads no stored
/// document, so a run whose answer is discarded (a relaxed retry) costs only the query.
///
/// Pages are cut from one ranking whatever the offset: a two-phase plan rescores a fixed
/// window (the first phase's best `plan.rescore_depth`), and candidates beyond it follow in
/// first-phase order, as Elasticsearch's rescore window does. The window used to grow with
/// the offset, so page 5 was ranked from other candidates than page 4 and repeated or skipped
/// documents across the border. Collapsing reads more candidates until the page is full.
///
/// `pinned`: documents ranked before all others, in their order (the matches of every
/// syllable of a query relaxed because they were few, see `SearchIndex::search_with`).
pub fn rank(
    statistics: &SearchStatistics,
    plan: &Plan,
    request: &SearchRequest,
    options: &ResultOptions,
    tables: &FacetTables,
    pinned: &[(f32, DocAddress)],
) -> Result<Ranked, IndexError> {
    let searcher = statistics.searcher();
    let limit = request.limit.clamp(1, 1000);
    let offset = request.offset.min(100_000);
    let wanted = offset + limit;
    let two_phase = !plan.rescore.is_empty() && request.sort == Sort::Relevance;
    let window = if two_phase { plan.rescore_depth } else { 0 };
    // Collapsing needs candidates beyond the page.
    let mut fetch = if options.collapse {
        wanted * 2 + 10
    } else {
        wanted
    }
    .max(window);
    let (mut candidates, documents, facets) = if options.facets {
        let counter = FacetCountCollector { tables };
        let (ranked, (documents, counts)) =
            first_phase(statistics, plan, request, fetch, (Count, counter))?;
        (ranked, documents, crate::facets::to_answer(counts))
    } else {
        let (ranked, documents) = first_phase(statistics, plan, request, fetch, Count)?;
        (ranked, documents, BTreeMap::new())
    };
    // Few matches are all read, so that the total after collapsing is exact.
    if options.collapse && documents <= EXACT_TOTAL && candidates.len() < documents {
        fetch = documents;
        candidates = first_phase(statistics, plan, request, fetch, Count)?.0;
    }
    // The rescored window, once: reading more candidates changes only what follows it.
    let mut rescored: Option<Candidates> = None;
    loop {
        let ranked = if two_phase {
            let tail = candidates.split_off(window.min(candidates.len()));
            let head = match rescored.take() {
                Some(head) => head,
                None => crate::rescore::rescore(statistics, &plan.rescore, candidates)?,
            };
            let mut ranked = head.clone();
            ranked.extend(tail);
            rescored = Some(head);
            ranked
        } else {
            candidates
        };
        let exhausted = ranked.len() < fetch;
        let ordered: Vec<(f32, DocAddress)> = if pinned.is_empty() {
            ranked
        } else {
            let first: std::collections::HashSet<DocAddress> =
                pinned.iter().map(|(_, a)| *a).collect();
            let rest = ranked.into_iter().filter(|(_, a)| !first.contains(a));
            pinned.iter().copied().chain(rest).collect()
        };
        let kept = if options.collapse {
            collapse(searcher, &ordered)
        } else {
            ordered.iter().map(|&(s, a)| (s, a, 0)).collect()
        };
        if kept.len() >= wanted || exhausted || fetch >= MAX_CANDIDATES {
            // Every match read: the hits are counted. Else the members folded into the hits
            // read so far are taken off (an estimate, beyond EXACT_TOTAL matches only).
            let total = if ordered.len() >= documents {
                kept.len()
            } else {
                documents - (ordered.len() - kept.len())
            };
            return Ok(Ranked {
                kept,
                total,
                documents,
                facets,
                ordered,
            });
        }
        // Near-duplicates filled the candidates: read twice as many (counts are known).
        fetch = (fetch * 2).min(MAX_CANDIDATES);
        candidates = first_phase(statistics, plan, request, fetch, Count)?.0;
    }
}

/// Up to this many matches, a collapsing search reads them all and its total is exact. Why
/// not beyond: counting distinct clusters over every match (a hash insert per match) made a
/// news-title search 29% slower (p50 1.49 → 1.92 ms); reading a thousand candidates costs
/// little, and only for queries that match few documents.
const EXACT_TOTAL: usize = 1_000;

/// Most first-phase candidates a page reads while collapsing (offset is capped at 100,000).
const MAX_CANDIDATES: usize = 250_000;

/// Scored addresses, best first.
type Candidates = Vec<(f32, DocAddress)>;

/// The first phase: the best `fetch` addresses (by score, or newest first) and what `extra`
/// collects over every match.
fn first_phase<C: tantivy::collector::Collector>(
    statistics: &SearchStatistics,
    plan: &Plan,
    request: &SearchRequest,
    fetch: usize,
    extra: C,
) -> Result<(Candidates, C::Fruit), IndexError> {
    let searcher = statistics.searcher();
    let query = plan.query.as_ref();
    Ok(match request.sort {
        Sort::Relevance => {
            let top = TopDocs::with_limit(fetch).order_by_score();
            searcher.search_with_statistics_provider(query, &(top, extra), statistics)?
        }
        Sort::Date => {
            let top = TopDocs::with_limit(fetch)
                .order_by_fast_field::<DateTime>("published", Order::Desc);
            let (r, fruit) =
                searcher.search_with_statistics_provider(query, &(top, extra), statistics)?;
            (r.into_iter().map(|(_, a)| (0.0, a)).collect(), fruit)
        }
    })
}

/// Collapses near-duplicates onto the best-ranked member of each cluster (ids assigned at
/// ingest, see `crate::cluster`; 0 is "no cluster"), counting the members folded in. A prefix
/// of the candidates collapses to a prefix of the answer, so reading more changes no earlier
/// hit.
fn collapse(searcher: &Searcher, ranked: &[(f32, DocAddress)]) -> Vec<(f32, DocAddress, usize)> {
    let mut kept: Vec<(f32, DocAddress, usize)> = Vec::new();
    let mut columns = HashMap::new();
    let mut first_of: HashMap<u64, usize> = HashMap::new();
    for &(score, address) in ranked {
        let column = columns.entry(address.segment_ord).or_insert_with(|| {
            crate::cluster::column(searcher.segment_reader(address.segment_ord))
        });
        let cluster = column
            .as_ref()
            .and_then(|c| c.first(address.doc_id))
            .unwrap_or(0);
        match (cluster != 0).then(|| first_of.get(&cluster)).flatten() {
            Some(&i) => kept[i].2 += 1,
            None => {
                if cluster != 0 {
                    first_of.insert(cluster, kept.len());
                }
                kept.push((score, address, 0));
            }
        }
    }
    kept
}

/// Reads the stored documents of the page asked for and builds its hits and snippets.
pub fn hits(
    searcher: &Searcher,
    fields: &Fields,
    plan: &Plan,
    ranked: Ranked,
    request: &SearchRequest,
    options: &ResultOptions,
) -> Result<SearchResults, IndexError> {
    let limit = request.limit.clamp(1, 1000);
    let offset = request.offset.min(100_000);
    let Ranked {
        kept,
        total,
        documents,
        facets,
        ..
    } = ranked;
    // Hits are read and highlighted on the search threads: a snippet analyses the hit's
    // whole text, the largest cost of a page after the query itself.
    let page: Vec<(f32, DocAddress, usize)> = kept.into_iter().skip(offset).take(limit).collect();
    let hit = |(score, address, duplicates): (f32, DocAddress, usize)| {
        let stored = stored(searcher, fields, address)?;
        let snippet = if options.snippets {
            let body = stored.document.body();
            if body.is_empty() {
                plan.highlighter.fragment(&stored.document.title)
            } else {
                plan.highlighter.fragment(&body)
            }
        } else {
            String::new()
        };
        let mut hit = hit_of(&stored, score, snippet);
        hit.duplicates = duplicates;
        Ok::<Hit, IndexError>(hit)
    };
    let hits = searcher
        .index()
        .search_executor()
        .map(|entry| Ok(hit(entry)), page.into_iter())?
        .into_iter()
        .collect::<Result<Vec<Hit>, IndexError>>()?;
    Ok(SearchResults {
        query: request.query.clone(),
        total,
        documents,
        took_ms: 0.0,
        hits,
        facets,
    })
}
