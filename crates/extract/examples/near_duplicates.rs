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

    // Chaining: members that are no near-duplicate of their cluster's first document, and
    // members that share little of the longer text (a short story quoted in a long round-up).
    let samples_of: Vec<Vec<u64>> = bodies.iter().map(|b| sample(b)).collect();
    let (mut members, mut unlike_first, mut small_share) = (0, 0, 0);
    for c in clusters_of(&ids).values() {
        let first = c[0];
        for &m in &c[1..] {
            members += 1;
            let (cont, shared) = containment(&samples_of[m], &samples_of[first]);
            let copy = distance(fps[m], fps[first]) <= 3;
            if !copy && (cont < 0.4 || shared < 5) {
                unlike_first += 1;
            }
            let larger = samples_of[m].len().max(samples_of[first].len()).max(1);
            if !copy && (shared as f64) < 0.2 * larger as f64 {
                small_share += 1;
                if small_share % 40 == 1 {
                    println!(
                        "  small share: c={cont:.2} n={shared} samples {} / {}\n    {} | {}\n    {} | {}",
                        samples_of[m].len(),
                        samples_of[first].len(),
                        docs[first].id,
                        docs[first].title,
                        docs[m].id,
                        docs[m].title
                    );
                }
            }
        }
    }
    println!(
        "members beyond the first: {members}; no near-duplicate of the first: {unlike_first}; \
         sharing < 20% of the longer sample: {small_share}"
    );

    // The largest clusters, where chaining would show.
    let mut by_size: Vec<Vec<usize>> = clusters_of(&ids).into_values().collect();
    by_size.sort_by_key(|c| std::cmp::Reverse(c.len()));
    println!("\nlargest clusters (first titles):");
    for c in by_size.iter().take(3) {
        println!("- {} docs:", c.len());
        for &i in c.iter().take(8) {
            let (cont, shared) = containment(&samples_of[i], &samples_of[c[0]]);
            let larger = samples_of[i].len().max(samples_of[c[0]].len()).max(1);
            println!(
                "    {} | c={cont:.2} share of longer={:.2} sample={} | {}",
                docs[i].id,
                shared as f64 / larger as f64,
                samples_of[i].len(),
                docs[i].title
            );
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
