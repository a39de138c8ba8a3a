//! The page end to end in headless Chromium (Debian's `chromium`): a real search typed without
//! diacritics, and what the browser's DOM then shows. Skips visibly where chromium is absent.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn chromium() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}

/// The DOM after load, as Chromium renders it.
fn dump_dom(browser: &str, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=390,844",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_shows_the_highlighted_seed_for_a_search_without_diacritics() {
    let Some(browser) = chromium() else {
        println!("SKIPPED: chromium is not installed (scripts/setup.sh installs it)");
        return;
    };
    let server = start().await;
    // The seed about "an ninh môi trường", as the extractor titles it.
    let seed = std::fs::read_dir(seeds_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .flat_map(|p| tracuu_extract::extract_path(&p).unwrap())
        .find(|d| d.title.contains("an ninh môi trường"))
        .expect("a seed titled about an ninh môi trường");
    let url = server.url("/?q=an+ninh+moi+truong");
    let dom = tokio::task::spawn_blocking(move || dump_dom(browser, &url))
        .await
        .unwrap();
    assert!(dom.contains("Tìm thấy"), "results summary rendered");
    let escaped = seed
        .title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(dom.contains(&escaped), "the seed's title among the results");
    let snippets = dom.matches("<mark>").count();
    assert!(snippets > 0, "highlighted snippets in the DOM");
    assert!(
        dom.to_lowercase().contains("<mark>an</mark>")
            || dom.to_lowercase().contains("<mark>an ninh"),
        "the query's words are what is highlighted"
    );
}
