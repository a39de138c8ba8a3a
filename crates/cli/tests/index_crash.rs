//! `tracuu index` killed with SIGKILL after its first commit leaves an index that opens at that
//! commit, and a rerun completes it without duplicates. Runs the real binary.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DOCS: usize = 3000;

/// A JSONL file of `DOCS` small documents.
fn write_corpus(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for part in 0..3 {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(dir.join(format!("part{part}.jsonl"))).unwrap(),
        );
        for i in (part * DOCS / 3)..((part + 1) * DOCS / 3) {
            let line = serde_json::json!({
                "id": format!("doc-{i}"),
                "title": format!("Văn bản số {i} về bảo vệ môi trường"),
                "body": format!("Nội dung {i}: thu gom rác thải, quản lý tài nguyên nước, mã {i}x."),
            });
            writeln!(f, "{line}").unwrap();
        }
    }
}

/// Matching documents (`documents`: every near-duplicate counted; the generated corpus holds
/// some, which `total` counts once per cluster).
fn search_total(index: &Path, query: &str) -> u64 {
    let out = Command::new(env!("CARGO_BIN_EXE_tracuu"))
        .args(["search", "--json", "--index"])
        .arg(index)
        .arg(query)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["documents"].as_u64().unwrap()
}

#[test]
fn kill_after_first_commit_then_rerun_completes_without_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let index = tmp.path().join("index");
    write_corpus(&corpus);

    let mut child = Command::new(env!("CARGO_BIN_EXE_tracuu"))
        .args(["index", "--quiet", "--commit-every", "100", "--index"])
        .arg(&index)
        .arg(&corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the first commit (tantivy writes meta.json with at least one segment).
    let started = Instant::now();
    let mut committed = false;
    while started.elapsed() < Duration::from_secs(60) {
        let meta = std::fs::read_to_string(index.join("meta.json")).unwrap_or_default();
        if meta.contains("\"segment_id\"") {
            committed = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let finished_early = child.try_wait().unwrap().is_some();
    child.kill().ok(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(committed, "no commit seen within 60 s");
    if finished_early {
        eprintln!("note: the indexer finished before it could be killed");
    }

    // The index opens at its last commit: some documents, never more than the corpus.
    let after_kill = search_total(&index, "");
    assert!(after_kill <= DOCS as u64, "{after_kill}");
    eprintln!("after SIGKILL the index opened with {after_kill} of {DOCS} documents");

    let status = Command::new(env!("CARGO_BIN_EXE_tracuu"))
        .args(["index", "--quiet", "--commit-every", "500", "--index"])
        .arg(&index)
        .arg(&corpus)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(search_total(&index, ""), DOCS as u64, "every document once");
    assert_eq!(
        search_total(&index, "\"mã 1234x\""),
        1,
        "no duplicate of one document"
    );
    assert_eq!(search_total(&index, "\"số 2999\""), 1);
}
