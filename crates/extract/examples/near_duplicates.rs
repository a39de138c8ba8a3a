//! Near-duplicate clusters over the 35,440 baomoi news: how many clusters of size > 1, and a
//! sample of merged pairs to read by eye. Whole-body SimHash at k = 3 and k = 6 is measured in
//! the same run as the baseline.
//!
//! `cargo run --release -p tracuu-extract --example near_duplicates [SAMPLES]`

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Instant;

use tracuu_extract::neardup::{containment, sample, NearDuplicates};
use tracuu_extract::simhash::{cluster_ids_within, distance};

fn clusters_of(ids: &[u64]) -> HashMap<u64, Vec<usize>> {
    let mut m: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        m.entry(*id).or_default().push(i);
    }
    m.retain(|_, v| v.len() > 1);
    m
}

fn report(name: &str, ids: &[u64]) {
    let c = clusters_of(ids);
    let docs: usize = c.values().map(Vec::len).sum();
    let mut sizes: Vec<usize> = c.values().map(Vec::len).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.truncate(5);
    println!(
        "{name}: {} clusters of size > 1 holding {docs} documents; largest {sizes:?}",
        c.len()
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let samples: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(12);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/corpora/vn_news_baomoi/vn_news_baomoi.jsonl.xz");
    if !path.exists() {
        println!("SKIPPED: {} absent", path.display());
        return Ok(());
    }
    println!("file: {}", path.display());
    let reader = BufReader::new(xz2::read::XzDecoder::new(std::fs::File::open(&path)?));
    let t = Instant::now();
    let mut docs = Vec::new();
    for line in reader.lines() {
        let line = line?;
        docs.extend(tracuu_extract::extract_jsonl(&line));
    }
    println!(
        "documents: {} (read and extracted in {:.1} s)",
        docs.len(),
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let mut nd = NearDuplicates::new();
    let bodies: Vec<String> = docs.iter().map(|d| d.body()).collect();
    for (d, b) in docs.iter().zip(&bodies) {
        nd.add(d.fingerprint, b);
    }
    let ids = nd.cluster_ids();
    println!(
        "clustering (SimHash + containment): {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let fps: Vec<u64> = docs.iter().map(|d| d.fingerprint).collect();
    report("baseline SimHash k=3", &cluster_ids_within(&fps, 3));
    report("baseline SimHash k=6", &cluster_ids_within(&fps, 6));
    report("SimHash k<=3 + containment >= 0.4", &ids);

    // The largest clusters, where chaining would show.
    let mut by_size: Vec<Vec<usize>> = clusters_of(&ids).into_values().collect();
    by_size.sort_by_key(|c| std::cmp::Reverse(c.len()));
    println!("\nlargest clusters (first titles):");
    for c in by_size.iter().take(3) {
        println!("- {} docs:", c.len());
        for &i in c.iter().take(5) {
            println!("    {} | {}", docs[i].id, docs[i].title);
        }
    }

    // A spread sample of merged pairs, deterministic: every n-th cluster by first member.
    let mut clusters: Vec<Vec<usize>> = clusters_of(&ids).into_values().collect();
    clusters.sort_by_key(|c| c[0]);
    let step = (clusters.len() / samples.max(1)).max(1);
    println!("\nsample of merged pairs (containment, shared samples, SimHash distance):");
    for c in clusters.iter().step_by(step).take(samples) {
        let (a, b) = (c[0], c[1]);
        let (cont, shared) = containment(&sample(&bodies[a]), &sample(&bodies[b]));
        println!(
            "- [{} docs] c={cont:.2} n={shared} d={}\n    {} | {}\n    {} | {}",
            c.len(),
            distance(fps[a], fps[b]),
            docs[a].id,
            docs[a].title,
            docs[b].id,
            docs[b].title
        );
    }
    Ok(())
}
