//! The service stays up and answers clearly under faults: panics, slow work, big bodies,
//! shutdown with requests in flight, and ingest while serving.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use common::*;
use tracuu_server::{AppState, Limits};

async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_millis(600)).await;
    "done"
}

async fn boom() -> &'static str {
    panic!("a bug in a handler")
}

fn extra() -> Router<AppState> {
    Router::new()
        .route("/test/slow", get(slow))
        .route("/test/boom", get(boom))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_is_a_500_and_the_service_stays_up() {
    let server = start_with(seed_index(), Limits::default(), extra()).await;
    let (status, body) = get_json(&server.url("/test/boom")).await;
    assert_eq!(status, 500);
    assert_error(&body, "internal");
    let (status, _) = get_json(&server.url("/api/search?q=moi+truong")).await;
    assert_eq!(status, 200, "still serving after the panic");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_over_its_budget_is_a_503() {
    let limits = Limits {
        search_timeout_ms: 0,
        ..Limits::default()
    };
    let server = start_with(seed_index(), limits, Router::new()).await;
    let (status, body) = get_json(&server.url("/api/search?q=an+ninh+moi+truong")).await;
    assert_eq!(status, 503, "{body}");
    assert_error(&body, "timeout");
    // The page says so in Vietnamese, with the same status.
    let page = client()
        .get(server.url("/?q=an+ninh"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 503);
    assert!(page.text().await.unwrap().contains("Máy chủ đang bận"));
    let metrics = get_text(&server.url("/metrics")).await;
    assert!(
        metrics.contains("tracuu_search_timeouts_total 2"),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_over_its_timeout_is_a_json_503() {
    let limits = Limits {
        request_timeout_ms: 100,
        ..Limits::default()
    };
    let server = start_with(seed_index(), limits, extra()).await;
    let (status, body) = get_json(&server.url("/test/slow")).await;
    assert_eq!(status, 503);
    assert_error(&body, "timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_limit_is_a_413() {
    let limits = Limits {
        body_limit_bytes: 1024,
        ..Limits::default()
    };
    let server = start_with(seed_index(), limits, Router::new()).await;
    let response = client()
        .get(server.url("/api/search?q=x"))
        .body(vec![b'a'; 100_000])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error(&body, "payload_too_large");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_concurrency_limit_queues_rather_than_fails() {
    let limits = Limits {
        concurrency: 1,
        ..Limits::default()
    };
    let server = start_with(seed_index(), limits, extra()).await;
    let started = std::time::Instant::now();
    let (a, b) = tokio::join!(
        client().get(server.url("/test/slow")).send(),
        client().get(server.url("/test/slow")).send()
    );
    assert_eq!(a.unwrap().status(), 200);
    assert_eq!(b.unwrap().status(), 200);
    // One at a time: the second waited for the first (2 × 600 ms).
    assert!(
        started.elapsed() >= Duration::from_millis(1150),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_requests_in_flight() {
    let mut server = start_with(seed_index(), Limits::default(), extra()).await;
    let url = server.url("/test/slow");
    let in_flight = tokio::spawn(async move { client().get(url).send().await });
    tokio::time::sleep(Duration::from_millis(150)).await;
    let serving = server.shutdown();
    let response = in_flight
        .await
        .unwrap()
        .expect("the request in flight is answered");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "done");
    tokio::time::timeout(Duration::from_secs(5), serving)
        .await
        .expect("the server stops once idle")
        .unwrap();
    assert!(
        client().get(server.url("/healthz")).send().await.is_err(),
        "no new connections after shutdown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_keep_working_while_an_ingest_commits() {
    let index = fresh_seed_index();
    let before = index.num_docs();
    let server = start_with(index.clone(), Limits::default(), Router::new()).await;
    let seeds: Vec<tracuu_extract::Document> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .flat_map(|p| tracuu_extract::extract_path(&p).unwrap())
        .collect();
    let done = Arc::new(AtomicBool::new(false));
    let writer = {
        let (index, done, seeds) = (index.clone(), done.clone(), seeds.clone());
        std::thread::spawn(move || {
            // Ten commits of copies under new ids.
            for round in 0..10 {
                let batch: Vec<_> = seeds
                    .iter()
                    .map(|d| {
                        let mut d = d.clone();
                        d.id = format!("{}-copy{round}", d.id);
                        d
                    })
                    .collect();
                index.add_documents(batch).expect("ingest while serving");
            }
            done.store(true, Ordering::SeqCst);
        })
    };
    let mut answered = 0;
    while !done.load(Ordering::SeqCst) || answered < 5 {
        let (status, body) = get_json(&server.url("/api/search?q=moi+truong&limit=5")).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["total"].as_u64().unwrap() >= 1);
        answered += 1;
    }
    writer.join().unwrap();
    assert_eq!(index.num_docs(), before + 10 * seeds.len() as u64);
    let (_, health) = get_json(&server.url("/healthz")).await;
    assert_eq!(health["documents"].as_u64(), Some(index.num_docs()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_answers_give_way_to_a_commit() {
    let index = fresh_seed_index();
    let server = start_with(index.clone(), Limits::default(), Router::new()).await;
    let url = server.url("/api/search?q=Khu+b%E1%BA%A3o+t%E1%BB%93n+V%C3%A2n+Long");
    let (_, before) = get_json(&url).await;
    let (_, again) = get_json(&url).await;
    assert_eq!(before["total"], again["total"]);
    let metrics = get_text(&server.url("/metrics")).await;
    assert!(
        metrics.contains("tracuu_search_cache_hits_total 1"),
        "{metrics}"
    );
    let cached_bytes: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("tracuu_search_cache_bytes "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    assert!(cached_bytes > 100, "one answer is held: {metrics}");

    let mut doc = tracuu_extract::Document::new(
        "test-van-long".into(),
        "Khu bảo tồn Vân Long mở rộng vùng đệm".into(),
    );
    doc.paragraphs = vec!["Khu bảo tồn thiên nhiên đất ngập nước Vân Long được mở rộng.".into()];
    index.add_documents(vec![doc]).unwrap();
    let (_, after) = get_json(&url).await;
    assert_eq!(
        after["total"].as_u64().unwrap(),
        before["total"].as_u64().unwrap() + 1,
        "the new document is found at once: {after}"
    );
    assert_eq!(after["hits"][0]["id"], "test-van-long");
}

/// An index call that takes 300 ms of a worker.
async fn busy_search(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<&'static str, tracuu_server::ApiError> {
    state
        .blocking(|_| {
            std::thread::sleep(Duration::from_millis(300));
            Ok("searched")
        })
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn index_calls_wait_for_a_worker_within_their_budget() {
    let limits = Limits {
        search_workers: 1,
        search_timeout_ms: 500,
        ..Limits::default()
    };
    let extra = Router::new().route("/test/busy", get(busy_search));
    let server = start_with(seed_index(), limits, extra).await;
    let url = server.url("/test/busy");
    let started = std::time::Instant::now();
    let (a, b) = tokio::join!(get_status(&url), get_status(&url));
    // One worker: the first runs (300 ms), the second waits for it, then cannot finish
    // within its 500 ms budget.
    let mut statuses = [a, b];
    statuses.sort();
    assert_eq!(statuses, [200, 503]);
    assert!(
        started.elapsed() >= Duration::from_millis(450),
        "{:?}",
        started.elapsed()
    );
    let metrics = get_text(&server.url("/metrics")).await;
    assert!(
        metrics.contains("tracuu_search_timeouts_total 1"),
        "{metrics}"
    );
}

async fn get_status(url: &str) -> u16 {
    client().get(url).send().await.unwrap().status().as_u16()
}
