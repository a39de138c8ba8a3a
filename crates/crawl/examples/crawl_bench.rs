//! Benchmark of the crawler against the local test portal (127.0.0.1 only).
//!
//! 1. Throughput: a 10,000-page portal crawled with politeness delays at zero, against a
//!    baseline of plain sequential GETs of the same pages over one connection (what the
//!    crawler's one-connection-per-host rule allows at best). Peak memory from VmHWM.
//! 2. Politeness: a small crawl with the default delays; the server logs each request's
//!    arrival and the smallest gap between two requests is compared with `min_delay_ms`.
//!
//!     cargo run --release -p tracuu-crawl --example crawl_bench [-- PAGES]

#[path = "../tests/support/portal.rs"]
mod portal;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use portal::kho_config;
use tracuu_crawl::{crawl, CrawlConfig, CrawlOptions, CrawlSummary, NoProgress, Politeness};

fn vm(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .map(|l| l[key.len()..].trim().to_string())
        .unwrap_or_else(|| "?".into())
}

async fn timed_crawl(config: CrawlConfig, out: &std::path::Path) -> (CrawlSummary, Duration) {
    let started = Instant::now();
    let summary = crawl(
        config,
        CrawlOptions {
            out: out.to_path_buf(),
            resume: false,
        },
        Arc::new(NoProgress),
    )
    .await
    .unwrap();
    (summary, started.elapsed())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let pages: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);

    // 1. Throughput.
    let site = portal::start(pages).await;
    site.state.robots_status.store(404, Ordering::SeqCst); // allow all, no Crawl-delay
    let base = format!("http://{}", site.addr);
    println!(
        "portal: {pages} pages at {base}; RSS before: {}",
        vm("VmRSS:")
    );

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap();
    let started = Instant::now();
    let mut bytes = 0usize;
    for n in 0..pages {
        let body = client
            .get(format!("{base}/kho/{n}.html"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        bytes += body.len();
    }
    let baseline = started.elapsed();
    let baseline_rate = pages as f64 / baseline.as_secs_f64();
    println!(
        "baseline (sequential GET, no parsing/archiving): {pages} pages, {} MB in {:.2} s = {:.0} pages/s",
        bytes / 1_000_000,
        baseline.as_secs_f64(),
        baseline_rate
    );

    let out = tempfile::tempdir().unwrap();
    let (summary, took) =
        timed_crawl(kho_config(&base, Politeness::without_delays()), out.path()).await;
    let rate = summary.pages as f64 / took.as_secs_f64();
    let warc_bytes: u64 = std::fs::read_dir(out.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".warc.gz"))
        .map(|e| e.metadata().unwrap().len())
        .sum();
    println!(
        "crawl (delays 0, robots obeyed, WARC + redb frontier): {} pages, {} MB payload in {:.2} s = {:.0} pages/s ({:.2}x baseline); WARC {:.1} MB; errors {}",
        summary.pages,
        summary.bytes / 1_000_000,
        took.as_secs_f64(),
        rate,
        rate / baseline_rate,
        warc_bytes as f64 / 1e6,
        summary.errors
    );
    println!(
        "peak memory of the process (portal server + crawler): VmHWM {}",
        vm("VmHWM:")
    );

    // 2. Default politeness: gaps between requests to one host.
    let small = portal::start(8).await;
    let base = format!("http://{}", small.addr);
    let politeness = Politeness::default();
    let floor = Duration::from_millis(politeness.min_delay_ms);
    let out = tempfile::tempdir().unwrap();
    let (summary, took) = timed_crawl(kho_config(&base, politeness), out.path()).await;
    let log = small.state.requests();
    let gaps: Vec<Duration> = log.windows(2).map(|w| w[1].at - w[0].at).collect();
    let min_gap = gaps.iter().min().copied().unwrap_or_default();
    println!(
        "default politeness: {} requests ({} pages + robots.txt) in {:.1} s; min gap {} ms, configured min_delay_ms {} ({:.3}x); {}",
        log.len(),
        summary.pages,
        took.as_secs_f64(),
        min_gap.as_millis(),
        floor.as_millis(),
        min_gap.as_secs_f64() / floor.as_secs_f64(),
        if min_gap >= floor { "OK: never closer than the delay" } else { "VIOLATION" }
    );
}
