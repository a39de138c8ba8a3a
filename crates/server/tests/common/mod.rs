//! A real service on 127.0.0.1 (port 0) over the seed corpus, for the HTTP tests.

#![allow(dead_code)] // each test binary uses a different part of this module

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use axum::Router;
use tracuu_index::{IngestOptions, SearchIndex};
use tracuu_server::{AppState, Limits};

/// The repository's `corpus/seeds`.
pub fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds")
}

/// A fresh in-memory index of the five seeds.
pub fn fresh_seed_index() -> Arc<SearchIndex> {
    let index = SearchIndex::in_memory().expect("in-memory index");
    let report = index
        .ingest_paths(&[seeds_dir()], &IngestOptions::default())
        .expect("ingest seeds");
    assert!(report.documents >= 5, "seeds ingested: {report:?}");
    Arc::new(index)
}

/// One seed index shared by the tests of a binary (read-only tests).
pub fn seed_index() -> Arc<SearchIndex> {
    static INDEX: OnceLock<Arc<SearchIndex>> = OnceLock::new();
    INDEX.get_or_init(fresh_seed_index).clone()
}

/// A running service; stops when dropped.
pub struct TestServer {
    pub base: String,
    pub index: Arc<SearchIndex>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    pub task: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Asks for a graceful shutdown and returns the serving task.
    pub fn shutdown(&mut self) -> tokio::task::JoinHandle<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.task.take().expect("running")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts the service over `index` with `limits`, plus `extra` routes under the same layers.
pub async fn start_with(
    index: Arc<SearchIndex>,
    limits: Limits,
    extra: Router<AppState>,
) -> TestServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().unwrap();
    let state = AppState::new(index.clone(), limits);
    let app = tracuu_server::with_layers(tracuu_server::routes().merge(extra), state);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
            .expect("serve");
    });
    TestServer {
        base: format!("http://{addr}"),
        index,
        shutdown: Some(tx),
        task: Some(task),
    }
}

/// The service over the shared seed index with default limits.
pub async fn start() -> TestServer {
    start_with(seed_index(), Limits::default(), Router::new()).await
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
}

/// GET `url` and parse the JSON body, returning the status too.
pub async fn get_json(url: &str) -> (u16, serde_json::Value) {
    let response = client().get(url).send().await.expect("request");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    let value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{url}: not JSON ({e}): {text:.300}"));
    (status, value)
}

/// GET `url` and return its body as text (the Prometheus `/metrics` page).
pub async fn get_text(url: &str) -> String {
    let response = client().get(url).send().await.expect("request");
    response.text().await.expect("body")
}

/// Asserts the error envelope and its code.
pub fn assert_error(body: &serde_json::Value, code: &str) {
    assert_eq!(body["error"]["code"], code, "{body}");
    let message = body["error"]["message"].as_str().unwrap_or("");
    assert!(!message.is_empty(), "{body}");
}
