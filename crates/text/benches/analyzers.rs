//! Throughput of the analyzers over real Vietnamese news, beside tantivy's default tokenizer
//! (SimpleTokenizer + RemoveLongFilter + LowerCaser) with AsciiFoldingFilter in the same run.
//!
//! Reads `../shared/data/corpora/vn_news_baomoi/vn_news_baomoi.jsonl.xz` (the first
//! `TRACUU_BENCH_MB` megabytes of article text, 20 by default) and prints which file it used.
//! Run: `cargo bench -p tracuu-text --bench analyzers -- --warm-up-time 1 --measurement-time 5`

use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
};

fn corpus_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/corpora/vn_news_baomoi/vn_news_baomoi.jsonl.xz")
}

/// Article texts up to `limit` bytes in all.
fn load(limit: usize) -> Option<Vec<String>> {
    let path = corpus_path();
    let file = std::fs::File::open(&path).ok()?;
    let reader = BufReader::new(xz2::read::XzDecoder::new(file));
    let mut texts = Vec::new();
    let mut total = 0;
    for line in reader.lines() {
        let Ok(line) = line else { break };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if let Some(text) = value.get("text").and_then(|t| t.as_str()) {
            total += text.len();
            texts.push(text.to_string());
            if total >= limit {
                break;
            }
        }
    }
    println!(
        "corpus: {} ({} articles, {} bytes, {} chars)",
        path.display(),
        texts.len(),
        total,
        texts.iter().map(|t| t.chars().count()).sum::<usize>()
    );
    Some(texts)
}

fn count_tokens(analyzer: &mut TextAnalyzer, texts: &[String]) -> usize {
    let mut n = 0;
    for text in texts {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            n += black_box(stream.token()).text.len();
        }
    }
    n
}

/// The build machines are shared, so load drifts between criterion's groups. Before them, time
/// every analyzer in interleaved rounds and keep each one's fastest round: the ratios printed
/// here compare runs made under the same load.
fn interleaved_ratios(texts: &[String]) {
    let rounds: usize = std::env::var("TRACUU_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let bytes: usize = texts.iter().map(String::len).sum();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    let mut names = vec!["tantivy_default+ascii_folding"];
    names.extend(tracuu_text::analyzer_names());
    let mut analyzers: Vec<TextAnalyzer> = names
        .iter()
        .map(|name| tracuu_text::text_analyzer(name).unwrap_or_else(default_analyzer))
        .collect();
    let mut best = vec![f64::MAX; names.len()];
    for _ in 0..rounds {
        for (i, analyzer) in analyzers.iter_mut().enumerate() {
            let started = std::time::Instant::now();
            black_box(count_tokens(analyzer, texts));
            best[i] = best[i].min(started.elapsed().as_secs_f64());
        }
    }
    let mb = |secs: f64| bytes as f64 / secs / 1e6;
    let baseline = best[0];
    println!("interleaved, best of {rounds} rounds, one core:");
    for (name, secs) in names.iter().zip(&best) {
        println!(
            "  {name:<30} {:7.1} MB/s {:6.1} M chars/s  {:.2}x default",
            mb(*secs),
            chars as f64 / secs / 1e6,
            baseline / secs
        );
    }
    let together = best[1] + best[2];
    println!(
        "  {:<30} {:7.1} MB/s {:6.1} M chars/s  {:.2}x default (vi then vi_folded over the same text)",
        "vi+vi_folded",
        mb(together),
        chars as f64 / together / 1e6,
        baseline / together
    );
}

fn default_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn analyzers(c: &mut Criterion) {
    let mb: usize = std::env::var("TRACUU_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let Some(texts) = load(mb * 1024 * 1024) else {
        println!("SKIPPED: {} not found", corpus_path().display());
        return;
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    interleaved_ratios(&texts);

    let mut group = c.benchmark_group("analyzers");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));

    let mut baseline = default_analyzer();
    group.bench_function("tantivy_default+ascii_folding", |b| {
        b.iter(|| count_tokens(&mut baseline, &texts))
    });
    for name in tracuu_text::analyzer_names() {
        let mut analyzer = tracuu_text::text_analyzer(name).expect("registered analyzer");
        group.bench_function(*name, |b| b.iter(|| count_tokens(&mut analyzer, &texts)));
    }
    let mut exact = tracuu_text::text_analyzer(tracuu_text::names::EXACT).unwrap();
    let mut folded = tracuu_text::text_analyzer(tracuu_text::names::FOLDED).unwrap();
    group.bench_function("vi+vi_folded", |b| {
        b.iter(|| count_tokens(&mut exact, &texts) + count_tokens(&mut folded, &texts))
    });
    group.finish();
}

criterion_group!(benches, analyzers);
criterion_main!(benches);
