//! Indexing and query speed on the 35,440 news of `../shared/data/corpora/vn_news_baomoi/`,
//! beside a plain default-tokenizer tantivy index in the same run.
//!
//! Run: `cargo bench -p tracuu-index --bench speed`. Each index is built in a child process
//! (this same binary) so that its peak memory is its own; the corpus is decompressed and parsed
//! before the clock starts. Queries: news titles and the ALQAC questions, timed in process.

mod common;

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;

use common::{percentile, shared_data, strip_diacritics, Baseline};
use serde_json::Value;
use tracuu_extract::Document;
use tracuu_index::results::ResultOptions;
use tracuu_index::{SearchIndex, SearchRequest};

fn load_news(data: &Path, limit: usize) -> Vec<Document> {
    let path = data.join("corpora/vn_news_baomoi/vn_news_baomoi.jsonl.xz");
    let file = std::fs::File::open(&path).expect("corpus");
    let reader = std::io::BufReader::new(xz2::read::XzDecoder::new(file));
    let mut docs = Vec::new();
    for line in reader.lines().take(limit) {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let id = match &v["id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut doc = Document::new(
            format!("n{id}"),
            v["title"].as_str().unwrap_or_default().to_string(),
        );
        doc.paragraphs = v["text"]
            .as_str()
            .unwrap_or_default()
            .split('\n')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect();
        docs.push(doc);
    }
    docs
}

fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Child: builds one index in `dir`, prints one JSON line of figures.
fn child(engine: &str, dir: &Path, limit: usize) {
    let data = shared_data().expect("data");
    let docs = load_news(&data, limit);
    let bytes: usize = docs.iter().map(|d| d.title.len() + d.body().len()).sum();
    let pairs: Vec<(String, String)> = if engine == "default-streams" {
        docs.iter()
            .map(|d| (joined_pairs(&d.title), joined_pairs(&d.body())))
            .collect()
    } else {
        Vec::new()
    };
    let rss_before = status_kb("VmRSS:");
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let started = Instant::now();
    match engine {
        "default" => {
            let baseline = Baseline::new(false, Some(dir));
            let mut writer = baseline.writer(threads);
            for d in &docs {
                writer
                    .add_document(baseline.document(&d.id, &d.title, &d.body()))
                    .expect("add");
            }
            writer.commit().expect("commit");
            writer.wait_merging_threads().expect("merge");
        }
        "default-streams" => index_default_streams(dir, &docs, &pairs, threads),
        "tracuu" | "tracuu-nofacts" => {
            let mut index = SearchIndex::open_or_create(dir).expect("index");
            index.set_writer_threads(threads);
            let empty = tracuu_facts::Facts::default();
            for d in &docs {
                if engine == "tracuu" {
                    index.queue_document(d).expect("add");
                } else {
                    index.queue_with_facts(d, &empty).expect("add");
                }
            }
            index.finish().expect("finish");
        }
        other => panic!("unknown engine {other}"),
    }
    let secs = started.elapsed().as_secs_f64();
    let peak = status_kb("VmHWM:");
    println!(
        "{}",
        serde_json::json!({
            "engine": engine, "docs": docs.len(), "bytes": bytes, "secs": secs,
            "size": dir_size(dir), "rss_before_kb": rss_before, "peak_kb": peak,
        })
    );
}

/// The floor our schema sets, whatever the analyzer: tantivy's default tokenizer writing the
/// same five text streams as tracuu (title and body as written, and folded, all with
/// positions; word pairs of the first [`tracuu_index::bigram::LEAD_PAIRS`] words of title and
/// body, frequencies only), with title and body stored. The pairs are joined words
/// ("anninh ninhmôi"), built before the clock starts (see [`child`]), so the stream has a
/// bigram vocabulary without timing a bigram tokenizer.
fn index_default_streams(
    dir: &Path,
    docs: &[Document],
    pairs: &[(String, String)],
    threads: usize,
) {
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    use tantivy::schema::{STORED, STRING};
    let text = |tokenizer: &str, record| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record),
        )
    };
    let (freqs, positions) = (
        IndexRecordOption::WithFreqs,
        IndexRecordOption::WithFreqsAndPositions,
    );
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED);
    let title = b.add_text_field("title", text("default", positions));
    let title_folded = b.add_text_field("title_folded", text("default_folding", positions));
    let body = b.add_text_field("body", text("default", positions));
    let body_folded = b.add_text_field("body_folded", text("default_folding", positions));
    let pair_field = b.add_text_field("pairs", text("default", freqs));
    let stored_title = b.add_text_field("stored_title", STORED);
    let stored_body = b.add_text_field("stored_body", STORED);
    let index = tantivy::Index::create_in_dir(dir, b.build()).expect("index");
    common::register_folding(&index);
    let mut writer: tantivy::IndexWriter = index
        .writer_with_num_threads(threads, common::writer_budget(threads))
        .expect("writer");
    for (d, (title_pairs, body_pairs)) in docs.iter().zip(pairs) {
        let body_text = d.body();
        let mut t = tantivy::TantivyDocument::default();
        t.add_text(id, &d.id);
        t.add_text(title, &d.title);
        t.add_text(title_folded, &d.title);
        t.add_text(body, &body_text);
        t.add_text(body_folded, &body_text);
        t.add_text(pair_field, title_pairs);
        t.add_text(pair_field, body_pairs);
        t.add_text(stored_title, &d.title);
        t.add_text(stored_body, &body_text);
        writer.add_document(t).expect("add");
    }
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
}

/// Word pairs of a text's lead, joined ("an ninh môi" → "anninh ninhmôi"), for
/// [`index_default_streams`].
fn joined_pairs(text: &str) -> String {
    let words: Vec<&str> = text
        .split_whitespace()
        .take(tracuu_index::bigram::LEAD_PAIRS + 1)
        .collect();
    words
        .windows(2)
        .map(|w| format!("{}{}", w[0], w[1]))
        .collect::<Vec<_>>()
        .join(" ")
}

fn run_child(engine: &str, dir: &Path, limit: usize) -> Value {
    let out = std::process::Command::new(std::env::current_exe().expect("exe"))
        .args([
            "child",
            engine,
            &dir.display().to_string(),
            &limit.to_string(),
        ])
        .output()
        .expect("child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or("{}");
    serde_json::from_str(line).unwrap_or_else(|_| {
        panic!(
            "child {engine} failed: {}\n{}",
            stdout,
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn alqac_questions(data: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for file in ["alqac/alqac2023/train.json", "alqac/alqac2024/train.json"] {
        let v: Value = serde_json::from_slice(&std::fs::read(data.join(file)).unwrap_or_default())
            .unwrap_or(Value::Null);
        for q in v.as_array().into_iter().flatten() {
            if let Some(t) = q["text"].as_str().or(q["statement"].as_str()) {
                out.push(t.to_string());
            }
        }
    }
    out
}

/// Hits of the first page of `query` (0 on an error), computing what `options` asks for.
fn hits_found(index: &SearchIndex, query: &str, options: &ResultOptions) -> usize {
    let request = SearchRequest {
        query: query.to_string(),
        limit: 10,
        ..SearchRequest::default()
    };
    index
        .search_with(&request, options)
        .map(|r| r.hits.len())
        .unwrap_or(0)
}

fn timed(queries: &[String], mut run: impl FnMut(&str) -> usize) -> (f64, f64, f64, usize) {
    for q in queries.iter().take(200) {
        run(q); // warm up
    }
    let mut ms = Vec::with_capacity(queries.len());
    let mut found = 0;
    for q in queries {
        let t = Instant::now();
        found += run(q);
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    let mean = ms.iter().sum::<f64>() / ms.len().max(1) as f64;
    (percentile(&ms, 0.5), percentile(&ms, 0.99), mean, found)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("child") {
        child(
            &args[2],
            &PathBuf::from(&args[3]),
            args[4].parse().unwrap_or(usize::MAX),
        );
        return;
    }
    let Some(data) = shared_data() else {
        return;
    };
    let limit: usize = std::env::var("SPEED_DOCS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    println!(
        "corpus: {} (first {} docs)",
        data.join("corpora/vn_news_baomoi/vn_news_baomoi.jsonl.xz")
            .display(),
        if limit == usize::MAX {
            "all".to_string()
        } else {
            limit.to_string()
        }
    );
    // SPEED_INDEX=DIR keeps the built indexes (and their figures) in DIR and reuses them on the
    // next run, so that query latency can be measured again without rebuilding.
    let tmp = tempfile::tempdir().expect("tmp");
    let root = std::env::var_os("SPEED_INDEX")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    let mut figures = Vec::new();
    for engine in ["default", "default-streams", "tracuu-nofacts", "tracuu"] {
        let dir = root.join(engine);
        let saved = root.join(format!("{engine}.json"));
        let v = match std::fs::read(&saved)
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        {
            Some(v) => {
                println!("(reusing the {engine} index in {})", dir.display());
                v
            }
            None => {
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).expect("dir");
                let v = run_child(engine, &dir, limit);
                let _ = std::fs::write(&saved, v.to_string());
                v
            }
        };
        let secs = v["secs"].as_f64().unwrap_or(0.0);
        let bytes = v["bytes"].as_f64().unwrap_or(0.0);
        println!(
            "index {engine:<15} docs {:>6}  {:>7.2} s  {:>6.1} MB/s  size {:>6.1} MB  peak RSS {:>6.0} MB (before indexing {:>5.0} MB)",
            v["docs"],
            secs,
            bytes / 1e6 / secs.max(1e-9),
            v["size"].as_f64().unwrap_or(0.0) / 1e6,
            v["peak_kb"].as_f64().unwrap_or(0.0) / 1024.0,
            v["rss_before_kb"].as_f64().unwrap_or(0.0) / 1024.0,
        );
        figures.push((engine, secs));
    }
    let base = figures[0].1.max(1e-9);
    for (engine, secs) in &figures[1..] {
        println!("ratio {engine} / default index time: {:.2}x", secs / base);
    }
    // Our analyzers against the same five streams written by the default tokenizer.
    let streams = figures[1].1.max(1e-9);
    for (engine, secs) in &figures[2..] {
        println!(
            "ratio {engine} / default-streams index time: {:.2}x",
            secs / streams
        );
    }

    // Query latency, in process.
    let titles: Vec<String> = load_news(&data, 1000)
        .into_iter()
        .map(|d| d.title)
        .filter(|t| !t.is_empty())
        .collect();
    let questions = alqac_questions(&data);
    let baseline_dir = root.join("default");
    let index = tantivy::Index::open_in_dir(&baseline_dir).expect("open baseline");
    let baseline = Baseline::from_index(index);
    let searcher = baseline.reader.searcher();
    // The same default index searched on all cores, as ours is (one thread per segment).
    let mut index = tantivy::Index::open_in_dir(&baseline_dir).expect("open baseline");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    index.set_multithread_executor(cores).expect("executor");
    let baseline_parallel = Baseline::from_index(index);
    let parallel_searcher = baseline_parallel.reader.searcher();
    println!(
        "segments: default {}, tracuu {}",
        searcher.segment_readers().len(),
        SearchIndex::open_or_create(&root.join("tracuu"))
            .map(|i| i.segment_count())
            .unwrap_or(0)
    );
    let ours = SearchIndex::open_or_create(&root.join("tracuu")).expect("open ours");
    // The same index searched on one thread: its CPU cost per query, beside the default's.
    let mut ours_one_thread = SearchIndex::open_or_create(&root.join("tracuu")).expect("open ours");
    ours_one_thread.set_search_threads(1).expect("one thread");
    let lean = ResultOptions {
        facets: false,
        snippets: false,
        collapse: false,
    };
    // The same titles typed without diacritics: restored from the index's statistics first.
    let stripped: Vec<String> = titles.iter().map(|t| strip_diacritics(t)).collect();
    // Short queries, as people type them into a search box: a title's first three words
    // (all required: the AND mode, where titles run in ranking mode).
    let openings: Vec<String> = titles
        .iter()
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .collect();
    for (set, queries) in [
        ("news titles", &titles),
        ("news titles without diacritics", &stripped),
        ("news title openings (first 3 words)", &openings),
        ("ALQAC questions", &questions),
    ] {
        let b = timed(queries, |q| baseline.search(&searcher, q, 10).0.len());
        let bp = timed(queries, |q| {
            baseline_parallel.search(&parallel_searcher, q, 10).0.len()
        });
        let r = timed(queries, |q| hits_found(&ours, q, &lean));
        let with = |options: ResultOptions| timed(queries, |q| hits_found(&ours, q, &options));
        let with_facets = with(ResultOptions {
            facets: true,
            ..lean.clone()
        });
        let with_snippets = with(ResultOptions {
            snippets: true,
            ..lean.clone()
        });
        let with_collapse = with(ResultOptions {
            collapse: true,
            ..lean.clone()
        });
        let f = with(ResultOptions::default());
        let f1 = timed(queries, |q| {
            hits_found(&ours_one_thread, q, &ResultOptions::default())
        });
        println!("queries: {set} ({} queries), top 10 + count", queries.len());
        for (name, (p50, p99, mean, found)) in [
            ("default tokenizer", b),
            ("default tokenizer, all cores", bp),
            ("tracuu ranked ids + stored hits", r),
            ("  + facets", with_facets),
            ("  + snippets", with_snippets),
            ("  + collapse", with_collapse),
            ("tracuu full (facets, collapse, snippets)", f),
            ("tracuu full, one thread", f1),
        ] {
            println!("  {name:<42} p50 {p50:>7.3} ms  p99 {p99:>7.3} ms  mean {mean:>7.3} ms  hits {found}");
        }
    }
}
