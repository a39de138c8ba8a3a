//! `tracuu search` run as a user runs it: the real binary over an index of the seeds.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds")
}

fn tracuu(args: &[&str], index: &Path, stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tracuu"))
        .args(args)
        .arg("--index")
        .arg(index)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn search_without_an_index_fails_and_creates_none() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nonexistent-idx");
    let out = tracuu(&["search", "abc"], &missing, "");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("không có chỉ mục tại"), "{err}");
    assert!(err.contains("tracuu index"), "{err}");
    assert!(!text(&out.stdout).contains("kết quả"));
    assert!(!missing.exists(), "no empty index left behind");
}

#[test]
fn search_over_the_seeds_validates_batches_and_speaks_vietnamese() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    let out = Command::new(env!("CARGO_BIN_EXE_tracuu"))
        .args(["index", "--quiet", "--index"])
        .arg(&index)
        .arg(seeds())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));

    for (flags, expected) in [
        (
            vec!["search", "--kind", "foo", "x"],
            "loại văn bản không hợp lệ",
        ),
        (
            vec!["search", "--limit", "0", "x"],
            "--limit phải từ 1 đến 100",
        ),
        (
            vec!["search", "--limit", "101", "x"],
            "--limit phải từ 1 đến 100",
        ),
    ] {
        let out = tracuu(&flags, &index, "");
        assert!(!out.status.success(), "{flags:?}");
        assert!(
            text(&out.stderr).contains(expected),
            "{flags:?}: {}",
            text(&out.stderr)
        );
    }

    // One output line per input line, an empty line answered by an error on its own line.
    let out = tracuu(
        &["search", "--queries", "-"],
        &index,
        "moi truong\n\n  \nan ninh\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["query"], "moi truong");
    assert!(lines[0]["total"].as_u64().unwrap() > 0);
    for empty in &lines[1..3] {
        assert_eq!(empty["error"], "truy vấn trống", "{empty}");
    }
    assert_eq!(lines[3]["query"], "an ninh");

    // Human output: Vietnamese facet labels and kind names.
    let out = tracuu(&["search", "moi truong"], &index, "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let human = text(&out.stdout);
    assert!(human.contains("\nloại văn bản: "), "{human}");
    for english in [
        "\nkind:",
        "\nplace:",
        "\ntopic:",
        "\nyear:",
        "\nagency:",
        ", news]",
        "[news,",
    ] {
        assert!(!human.contains(english), "{english}: {human}");
    }
}
