//! Prometheus metrics: requests by route and status, latencies, timeouts, index size.
//!
//! prometheus-client (the Prometheus project's Rust client) keeps no global registry, so each
//! service (and each test server) has its own.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    /// The route pattern ("/api/documents/{*id}"), never the raw path: raw paths would make
    /// one time series per document and grow without bound.
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: String,
}

/// Every metric of the service.
pub struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub latency: Family<RouteLabels, Histogram>,
    pub search_timeouts: Counter,
    pub cache_hits: Counter,
    pub cache_misses: Counter,
    pub index_documents: Gauge<i64, std::sync::atomic::AtomicI64>,
    pub cache_bytes: Gauge<i64, std::sync::atomic::AtomicI64>,
    pub in_flight: Gauge<i64, std::sync::atomic::AtomicI64>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("tracuu");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            // 0.25 ms .. ~4 s: the goal is p99 under 20 ms, so resolution is finest there.
            Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
                0.00025, 2.0, 15,
            ))
        });
        let search_timeouts = Counter::default();
        let cache_hits = Counter::default();
        let cache_misses = Counter::default();
        registry.register(
            "search_cache_hits",
            "Searches answered from the cache",
            cache_hits.clone(),
        );
        registry.register(
            "search_cache_misses",
            "Searches run on the index",
            cache_misses.clone(),
        );
        let index_documents = Gauge::default();
        let cache_bytes = Gauge::default();
        let in_flight = Gauge::default();
        registry.register(
            "http_requests",
            "HTTP requests by method, route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by route",
            latency.clone(),
        );
        registry.register(
            "search_timeouts",
            "Index calls that exceeded the search budget (answered 503)",
            search_timeouts.clone(),
        );
        registry.register(
            "index_documents",
            "Documents searchable in the index",
            index_documents.clone(),
        );
        registry.register(
            "search_cache_bytes",
            "Bytes of the answers held in the search cache (bounded by cache_bytes)",
            cache_bytes.clone(),
        );
        registry.register(
            "http_requests_in_flight",
            "Requests being served now",
            in_flight.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            search_timeouts,
            cache_hits,
            cache_misses,
            index_documents,
            cache_bytes,
            in_flight,
        }
    }

    /// The Prometheus text exposition of every metric.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// Middleware counting every request and timing it.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = request.method().to_string();
    let started = Instant::now();
    state.metrics.in_flight.inc();
    let response = next.run(request).await;
    state.metrics.in_flight.dec();
    let status = response.status().as_u16();
    state
        .metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route: route.clone(),
            status,
        })
        .inc();
    state
        .metrics
        .latency
        .get_or_create(&RouteLabels { route })
        .observe(started.elapsed().as_secs_f64());
    response
}
