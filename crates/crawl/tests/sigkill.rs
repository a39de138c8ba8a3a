//! A crawl killed with SIGKILL (a real `kill -9` of a child process) and resumed ends with the
//! same archive as an uninterrupted crawl. The child is this test binary re-run on the
//! ignored `child_crawl` entry point, so no other binary is needed.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::portal;
use tracuu_crawl::warc::read_records;
use tracuu_crawl::{crawl, CrawlConfig, CrawlOptions, Limits, NoProgress, Politeness};

fn kho(base: &str, min_delay_ms: u64) -> CrawlConfig {
    let mut config = portal::kho_config(
        base,
        Politeness {
            obey_robots: false,
            min_delay_ms,
            max_delay_ms: min_delay_ms,
            ..Politeness::without_delays()
        },
    );
    config.limits = Limits {
        checkpoint_pages: 5,
        ..Limits::default()
    };
    config
}

fn archive(out: &Path) -> (BTreeSet<(String, String)>, usize) {
    let mut set = BTreeSet::new();
    let mut responses = 0;
    for entry in std::fs::read_dir(out).unwrap().filter_map(|e| e.ok()) {
        if !entry.file_name().to_string_lossy().ends_with(".warc.gz") {
            continue;
        }
        for r in read_records(&entry.path()).unwrap() {
            if r.get("WARC-Type") == Some("response") {
                responses += 1;
                set.insert((
                    r.get("WARC-Target-URI").unwrap().to_string(),
                    r.get("WARC-Payload-Digest").unwrap().to_string(),
                ));
            }
        }
    }
    (set, responses)
}

/// Entry point of the child process; does nothing unless run by the test below.
#[test]
#[ignore = "child process of a_crawl_killed_with_sigkill_resumes_to_the_same_archive"]
fn child_crawl() {
    let (Ok(base), Ok(out)) = (
        std::env::var("TRACUU_CHILD_BASE"),
        std::env::var("TRACUU_CHILD_OUT"),
    ) else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime
        .block_on(crawl(
            kho(&base, 15),
            CrawlOptions {
                out: out.into(),
                resume: false,
            },
            Arc::new(NoProgress),
        ))
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crawl_killed_with_sigkill_resumes_to_the_same_archive() {
    let site = portal::start(100).await;
    let base = format!("http://{}", site.addr);

    let whole = tempfile::tempdir().unwrap();
    crawl(
        kho(&base, 0),
        CrawlOptions {
            out: whole.path().into(),
            resume: false,
        },
        Arc::new(NoProgress),
    )
    .await
    .unwrap();
    let (expected, n) = archive(whole.path());
    assert_eq!((expected.len(), n), (100, 100));

    let killed = tempfile::tempdir().unwrap();
    let before = site.state.requests().len();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "child_crawl", "--nocapture"])
        .env("TRACUU_CHILD_BASE", &base)
        .env("TRACUU_CHILD_OUT", killed.path())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while site.state.requests().len() < before + 40 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let fetched_by_child = site.state.requests().len() - before;
    assert!(
        fetched_by_child < 100,
        "the child finished before the kill ({fetched_by_child})"
    );

    let summary = crawl(
        kho(&base, 0),
        CrawlOptions {
            out: killed.path().into(),
            resume: true,
        },
        Arc::new(NoProgress),
    )
    .await
    .unwrap();
    assert!(
        summary.pages < 100,
        "resume started over: {} pages",
        summary.pages
    );
    let (got, responses) = archive(killed.path());
    assert_eq!(responses, 100, "every page archived exactly once");
    assert_eq!(got, expected);
}
