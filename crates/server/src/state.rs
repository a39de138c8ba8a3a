//! What every handler shares: the index, the limits and the metrics; and the one way to call
//! the (blocking, tantivy) index from async code without stalling the runtime.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;
use tracuu_index::{SearchIndex, SearchRequest, SearchResults};

use crate::cache::SearchCache;
use crate::config::Limits;
use crate::error::ApiError;
use crate::metrics::Metrics;

/// Shared state, cheap to clone.
/// A search's answer as the cache holds it, with the time this request took.
pub struct Searched {
    pub results: Arc<SearchResults>,
    pub took_ms: f64,
}

impl Searched {
    /// The API shape of the answer, `took_ms` this request's.
    pub fn to_api(&self) -> crate::api::model::SearchResults {
        let mut out = crate::api::model::SearchResults::from(&*self.results);
        out.took_ms = self.took_ms;
        out
    }
}

#[derive(Clone)]
pub struct AppState {
    pub index: Arc<SearchIndex>,
    pub limits: Arc<Limits>,
    pub metrics: Arc<Metrics>,
    pub cache: Arc<SearchCache>,
    /// Index calls running at once (two per core by default).
    search_permits: Arc<Semaphore>,
}

impl AppState {
    pub fn new(index: Arc<SearchIndex>, limits: Limits) -> Self {
        let cache = SearchCache::new(
            limits.cache_entries,
            limits.cache_bytes,
            Duration::from_millis(limits.cache_ttl_ms),
        );
        let workers = if limits.search_workers == 0 {
            2 * std::thread::available_parallelism().map_or(2, |n| n.get())
        } else {
            limits.search_workers
        };
        AppState {
            index,
            search_permits: Arc::new(Semaphore::new(workers)),
            limits: Arc::new(limits),
            metrics: Arc::new(Metrics::new()),
            cache: Arc::new(cache),
        }
    }

    /// Runs `work` on tokio's blocking pool within the search budget.
    ///
    /// Why: tantivy searches are CPU-bound and synchronous; on the async workers they would
    /// stall every other connection. At most `search_workers` run at once (two per core): a
    /// search spreads its segments over the cores but plans, restores diacritics and builds
    /// its page on one, so with one search per core the cores idled part of the time (the
    /// load bench, uncached, 64 connections: 411 req/s at one per core, 450 at two or four);
    /// many more would only share the same cores, each taking longer, and under overload
    /// every search would miss its deadline after burning its CPU. Instead requests wait for a permit,
    /// and one whose budget runs out while waiting gets a 503 having cost nothing. The budget
    /// counts that wait, so a result arriving after the deadline is a 503 too. A search that
    /// times out while running cannot be cancelled; it finishes holding its permit.
    pub async fn blocking<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SearchIndex) -> Result<T, ApiError> + Send + 'static,
    {
        let budget = self.limits.search_timeout();
        let started = Instant::now();
        let deadline = tokio::time::Instant::from_std(started + budget);
        let permit =
            tokio::time::timeout_at(deadline, Arc::clone(&self.search_permits).acquire_owned())
                .await;
        let Ok(Ok(permit)) = permit else {
            self.metrics.search_timeouts.inc();
            return Err(ApiError::Timeout(self.limits.search_timeout_ms));
        };
        let index = Arc::clone(&self.index);
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&index)
        });
        let outcome = tokio::time::timeout_at(deadline, task).await;
        let late = started.elapsed() > budget;
        match outcome {
            Ok(Ok(result)) if !late => result,
            Ok(Ok(_)) | Err(_) => {
                self.metrics.search_timeouts.inc();
                Err(ApiError::Timeout(self.limits.search_timeout_ms))
            }
            Ok(Err(join)) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
            Ok(Err(join)) => Err(ApiError::Internal(join.to_string())),
        }
    }

    /// A search, answered from the cache when the same request was answered over the same
    /// index size within the cache's lifetime; else run on the blocking pool and remembered.
    /// The answer is shared with the cache (never copied here); `took_ms` is this request's.
    pub async fn search(&self, request: SearchRequest) -> Result<Searched, ApiError> {
        let started = Instant::now();
        let documents = self.index.num_docs();
        let took_ms = || started.elapsed().as_secs_f64() * 1000.0;
        if let Some(results) = self.cache.get(&request, documents) {
            self.metrics.cache_hits.inc();
            return Ok(Searched {
                results,
                took_ms: took_ms(),
            });
        }
        self.metrics.cache_misses.inc();
        // The search fills the cache itself, so that one finishing after its client was told
        // 503 still serves the next asker of the same question: under overload the work
        // already paid for is not thrown away.
        let cache = Arc::clone(&self.cache);
        let results = self
            .blocking(move |index| {
                let results = Arc::new(index.search(&request)?);
                cache.insert(&request, documents, Arc::clone(&results));
                Ok(results)
            })
            .await?;
        Ok(Searched {
            results,
            took_ms: took_ms(),
        })
    }
}
