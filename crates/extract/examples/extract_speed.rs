//! Extraction speed over the Pháp điển HTML (one core): pages/s and MB/s, with the bare
//! html5ever parse of the same pages measured in the same run as the baseline.
//!
//! `cargo run --release -p tracuu-extract --example extract_speed [LIMIT]`
//! Streams ../shared/data/corpora/phapdien_demuc_html/phapdien_demuc_html.tar.xz with `tar` + `xz2`;
//! decompression is not timed.

use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let limit: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(usize::MAX);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/corpora/phapdien_demuc_html/phapdien_demuc_html.tar.xz");
    if !path.exists() {
        println!("SKIPPED: {} absent", path.display());
        return Ok(());
    }
    println!("file: {}", path.display());
    let file = std::fs::File::open(&path)?;
    let mut archive = tar::Archive::new(xz2::read::XzDecoder::new(file));
    let (mut pages, mut bytes, mut paragraphs, mut errors, mut warned) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut biggest = 0usize;
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    let mut extract_time = Duration::ZERO;
    let mut parse_time = Duration::ZERO;
    for entry in archive.entries()? {
        let mut entry = entry?;
        let name = entry.path()?.display().to_string();
        if !name.ends_with(".html") {
            continue;
        }
        let mut page = Vec::new();
        entry.read_to_end(&mut page)?;
        // Baseline: parsing alone.
        let t = Instant::now();
        let html = scraper::Html::parse_document(&String::from_utf8_lossy(&page));
        parse_time += t.elapsed();
        drop(html);
        let t = Instant::now();
        let result = tracuu_extract::extract_html(&page, None, None);
        extract_time += t.elapsed();
        match result {
            Ok(doc) => {
                paragraphs += doc.paragraphs.len();
                if !doc.warnings.is_empty() {
                    warned += 1;
                }
                for w in &doc.warnings {
                    let key: String = w.chars().take(40).collect();
                    *kinds.entry(key).or_insert(0usize) += 1;
                }
            }
            Err(e) => {
                errors += 1;
                eprintln!("{name}: {e}");
            }
        }
        pages += 1;
        bytes += page.len();
        biggest = biggest.max(page.len());
        if pages >= limit {
            break;
        }
    }
    for (k, n) in &kinds {
        println!("warning {n:>5} × {k}…");
    }
    let mb = bytes as f64 / 1e6;
    let secs = extract_time.as_secs_f64();
    println!("pages: {pages} ({mb:.1} MB, biggest {:.1} MB), paragraphs: {paragraphs}, errors: {errors}, with warnings: {warned}", biggest as f64 / 1e6);
    println!(
        "extract_html: {secs:.2} s = {:.1} pages/s, {:.1} MB/s",
        pages as f64 / secs,
        mb / secs
    );
    println!(
        "baseline html5ever parse only: {:.2} s = {:.1} MB/s; extraction costs {:.2}x the bare parse",
        parse_time.as_secs_f64(),
        mb / parse_time.as_secs_f64(),
        secs / parse_time.as_secs_f64()
    );
    Ok(())
}
