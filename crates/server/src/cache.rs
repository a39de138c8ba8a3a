//! A cache of search answers.
//!
//! Why: the same searches come back again and again (the front page's links, facets, paging,
//! popular queries), and each costs the index milliseconds of CPU on a 2-core machine, which
//! under concurrent load becomes queueing. An answer is keyed by the whole request plus the
//! number of searchable documents (so a commit that adds documents invalidates it at once), and
//! lives at most `ttl` (so a commit that only replaces documents is seen within that time).
//! quick_cache is a small, well-kept concurrent cache (S3-FIFO eviction).

use std::sync::Arc;
use std::time::{Duration, Instant};

use quick_cache::sync::Cache;
use quick_cache::Weighter;
use tracuu_index::{SearchRequest, SearchResults};

/// A cached answer: when it was stored, the answer, and its weight in bytes (computed once).
type Entry = (Instant, Arc<SearchResults>, u64);

/// Weighs an entry by the bytes of its key and answer, so that the cache is bounded in memory,
/// not in answers: a page of 100 hits with long snippets weighs a hundred times a page of one.
#[derive(Clone)]
struct Bytes;

impl Weighter<String, Entry> for Bytes {
    fn weight(&self, key: &String, entry: &Entry) -> u64 {
        key.len() as u64 + entry.2
    }
}

/// Search answers by request.
pub struct SearchCache {
    entries: Option<Cache<String, Entry, Bytes>>,
    ttl: Duration,
}

/// Bytes an answer holds (its strings and the structures around them), estimated once.
pub fn answer_bytes(results: &SearchResults) -> u64 {
    let strings = |v: &[String]| -> usize { v.iter().map(|s| s.len() + 24).sum() };
    let hits: usize = results
        .hits
        .iter()
        .map(|h| {
            std::mem::size_of_val(h)
                + h.id.len()
                + h.title.len()
                + h.url.as_ref().map_or(0, String::len)
                + h.kind.len()
                + h.snippet.len()
                + strings(&h.agencies)
                + strings(&h.references)
        })
        .sum();
    let facets: usize = results
        .facets
        .iter()
        .map(|(name, values)| {
            name.len() + 48 + values.iter().map(|v| v.value.len() + 32).sum::<usize>()
        })
        .sum();
    (std::mem::size_of::<SearchResults>() + results.query.len() + hits + facets) as u64
}

impl SearchCache {
    /// A cache of about `capacity` answers and at most `bytes` of them (either 0 disables it),
    /// each living at most `ttl`.
    pub fn new(capacity: usize, bytes: u64, ttl: Duration) -> Self {
        let enabled = capacity > 0 && bytes > 0 && !ttl.is_zero();
        SearchCache {
            entries: enabled.then(|| Cache::with_weighter(capacity, bytes, Bytes)),
            ttl,
        }
    }

    fn key(request: &SearchRequest, documents: u64) -> String {
        // Serialising the request cannot fail (plain strings, numbers, dates).
        format!(
            "{documents}|{}",
            serde_json::to_string(request).unwrap_or_default()
        )
    }

    /// The cached answer to `request` over an index of `documents`, if still fresh.
    pub fn get(&self, request: &SearchRequest, documents: u64) -> Option<Arc<SearchResults>> {
        let entries = self.entries.as_ref()?;
        let key = Self::key(request, documents);
        let (stored, results, _) = entries.get(&key)?;
        if stored.elapsed() <= self.ttl {
            Some(results)
        } else {
            entries.remove(&key);
            None
        }
    }

    /// Remembers the answer to `request` over an index of `documents`.
    pub fn insert(&self, request: &SearchRequest, documents: u64, results: Arc<SearchResults>) {
        if let Some(entries) = &self.entries {
            let weight = answer_bytes(&results);
            entries.insert(
                Self::key(request, documents),
                (Instant::now(), results, weight),
            );
        }
    }

    /// Bytes of the answers held now (by [`answer_bytes`]).
    pub fn bytes(&self) -> u64 {
        self.entries.as_ref().map_or(0, |e| e.weight())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn results(total: usize) -> Arc<SearchResults> {
        Arc::new(SearchResults {
            query: "q".into(),
            total,
            documents: total,
            took_ms: 1.0,
            hits: Vec::new(),
            facets: BTreeMap::new(),
        })
    }

    fn request(q: &str) -> SearchRequest {
        SearchRequest {
            query: q.into(),
            limit: 10,
            ..SearchRequest::default()
        }
    }

    #[test]
    fn hits_only_the_same_request_over_the_same_index_size() {
        let cache = SearchCache::new(100, 1 << 20, Duration::from_secs(60));
        cache.insert(&request("a"), 5, results(3));
        assert_eq!(cache.get(&request("a"), 5).unwrap().total, 3);
        assert!(cache.get(&request("b"), 5).is_none());
        assert!(
            cache.get(&request("a"), 6).is_none(),
            "a commit invalidates"
        );
        let mut paged = request("a");
        paged.offset = 10;
        assert!(cache.get(&paged, 5).is_none());
    }

    /// An answer of `hits` hits, each with a snippet of `snippet` bytes.
    fn page(hits: usize, snippet: usize) -> Arc<SearchResults> {
        let hit = tracuu_index::Hit {
            id: "n1".into(),
            title: "Chỉ thị về bảo vệ môi trường".into(),
            url: None,
            published: None,
            kind: "chi_thi".into(),
            score: 1.0,
            snippet: "x".repeat(snippet),
            agencies: vec!["Sở TN&MT".into()],
            references: vec!["98-NQ/TU".into()],
            duplicates: 0,
        };
        Arc::new(SearchResults {
            hits: vec![hit; hits],
            ..(*results(hits)).clone()
        })
    }

    #[test]
    fn bounded_by_the_bytes_of_its_answers_not_their_number() {
        let small = answer_bytes(&page(1, 100));
        let large = answer_bytes(&page(100, 1_000));
        assert!(large > 100 * 1_000 && large > 50 * small, "{small} {large}");
        // quick_cache splits the budget among its shards: an answer must fit in a shard.
        let budget = 4 << 20;
        let cache = SearchCache::new(10_000, budget, Duration::from_secs(60));
        for i in 0..100 {
            cache.insert(&request(&format!("q{i}")), 5, page(100, 1_000));
        }
        assert!(cache.bytes() <= budget, "{} > {budget}", cache.bytes());
        let kept = (0..100)
            .filter(|i| cache.get(&request(&format!("q{i}")), 5).is_some())
            .count();
        let most = (budget / large) as usize;
        assert!(
            (1..=most).contains(&kept),
            "{kept} answers of {large} B in {budget} B"
        );
        // Small answers: thousands fit in the same budget.
        for i in 0..3_000 {
            cache.insert(&request(&format!("s{i}")), 5, page(1, 100));
        }
        let small_kept = (0..3_000)
            .filter(|i| cache.get(&request(&format!("s{i}")), 5).is_some())
            .count();
        assert!(small_kept > 1_000, "{small_kept}");
        assert!(cache.bytes() <= budget);
    }

    #[test]
    fn expires_and_can_be_disabled() {
        let cache = SearchCache::new(100, 1 << 20, Duration::from_millis(1));
        cache.insert(&request("a"), 5, results(3));
        std::thread::sleep(Duration::from_millis(5));
        assert!(cache.get(&request("a"), 5).is_none());
        let off = SearchCache::new(0, 1 << 20, Duration::from_secs(60));
        off.insert(&request("a"), 5, results(3));
        assert!(off.get(&request("a"), 5).is_none());
    }
}
