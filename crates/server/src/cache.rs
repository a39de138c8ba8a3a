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
use tracuu_index::{SearchRequest, SearchResults};

/// Search answers by request.
pub struct SearchCache {
    entries: Option<Cache<String, (Instant, Arc<SearchResults>)>>,
    ttl: Duration,
}

impl SearchCache {
    /// A cache of at most `capacity` answers (0 disables it) living at most `ttl`.
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        SearchCache {
            entries: (capacity > 0 && !ttl.is_zero()).then(|| Cache::new(capacity)),
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
        let (stored, results) = entries.get(&key)?;
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
            entries.insert(Self::key(request, documents), (Instant::now(), results));
        }
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
        let cache = SearchCache::new(100, Duration::from_secs(60));
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

    #[test]
    fn expires_and_can_be_disabled() {
        let cache = SearchCache::new(100, Duration::from_millis(1));
        cache.insert(&request("a"), 5, results(3));
        std::thread::sleep(Duration::from_millis(5));
        assert!(cache.get(&request("a"), 5).is_none());
        let off = SearchCache::new(0, Duration::from_secs(60));
        off.insert(&request("a"), 5, results(3));
        assert!(off.get(&request("a"), 5).is_none());
    }
}
