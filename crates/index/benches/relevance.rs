//! Relevance on ALQAC (`../shared/data/alqac`): Recall@10, MRR@10 and nDCG@10 of our engine and
//! of BM25 over tantivy's default tokenizer with and without ASCII folding, in the same run,
//! with the questions as written and with their diacritics stripped.
//!
//! Run: `cargo bench -p tracuu-index --bench relevance`.
//! Method (`../shared/data/README.md`): each article is a document (`<law id>#<article id>`,
//! title = law name and article number, body = article text); each question one query.

mod common;

use common::{metrics, shared_data, strip_diacritics, Baseline};
use serde_json::Value;
use tracuu_extract::{Document, DocumentKind};
use tracuu_index::results::ResultOptions;
use tracuu_index::search::RankingOptions;
use tracuu_index::{SearchIndex, SearchRequest};

struct Dataset {
    name: &'static str,
    documents: Vec<Document>,
    /// (question, relevant ids)
    questions: Vec<(String, Vec<String>)>,
}

fn load(root: &std::path::Path, name: &'static str, laws: &str, train: &str) -> Dataset {
    let read = |file: &str| -> Value {
        let path = root.join(name).join(file);
        println!("reading {}", path.display());
        serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json")
    };
    let mut documents = Vec::new();
    for law in read(laws).as_array().expect("laws") {
        let law_id = law["id"].as_str().unwrap_or_default();
        for article in law["articles"].as_array().into_iter().flatten() {
            let article_id = article["id"].as_str().unwrap_or_default();
            let text = article["text"].as_str().unwrap_or_default();
            let mut doc = Document::new(
                format!("{law_id}#{article_id}"),
                format!("{law_id} Điều {article_id}"),
            );
            doc.kind = DocumentKind::LegalText;
            doc.paragraphs = text
                .split("\n\n")
                .map(|p| tracuu_text::normalize(p.trim()))
                .filter(|p| !p.is_empty())
                .collect();
            documents.push(doc);
        }
    }
    let mut questions = Vec::new();
    for q in read(train).as_array().expect("questions") {
        let text = q["text"]
            .as_str()
            .or(q["statement"].as_str())
            .unwrap_or_default();
        let relevant = q["relevant_articles"]
            .as_array()
            .or(q["legal_passages"].as_array())
            .into_iter()
            .flatten()
            .map(|r| {
                format!(
                    "{}#{}",
                    r["law_id"].as_str().unwrap_or_default(),
                    r["article_id"].as_str().unwrap_or_default()
                )
            })
            .collect();
        questions.push((text.to_string(), relevant));
    }
    Dataset {
        name,
        documents,
        questions,
    }
}

type Scores = (f64, f64, f64);

fn average(all: &[Scores]) -> Scores {
    let n = all.len().max(1) as f64;
    let sum = all
        .iter()
        .fold((0.0, 0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
    (sum.0 / n, sum.1 / n, sum.2 / n)
}

fn evaluate(
    ranker: &mut dyn FnMut(&str) -> Vec<String>,
    questions: &[(String, Vec<String>)],
    strip: bool,
) -> Scores {
    let scores: Vec<Scores> = questions
        .iter()
        .map(|(q, relevant)| {
            let q = if strip {
                strip_diacritics(q)
            } else {
                q.clone()
            };
            metrics(&ranker(&q), relevant, 10)
        })
        .collect();
    average(&scores)
}

fn row(dataset: &str, engine: &str, written: Scores, stripped: Scores) {
    println!(
        "{dataset:<10} {engine:<34} {:>6.3} {:>6.3} {:>6.3} | {:>6.3} {:>6.3} {:>6.3}",
        written.0, written.1, written.2, stripped.0, stripped.1, stripped.2
    );
}

fn ours(index: &SearchIndex) -> impl FnMut(&str) -> Vec<String> + '_ {
    move |q: &str| {
        let request = SearchRequest {
            query: q.to_string(),
            limit: 10,
            ..SearchRequest::default()
        };
        let options = ResultOptions {
            facets: false,
            snippets: false,
            collapse: false,
        };
        match index.search_with(&request, &options) {
            Ok(r) => r.hits.into_iter().map(|h| h.id).collect(),
            Err(e) => {
                eprintln!("query failed: {e}");
                Vec::new()
            }
        }
    }
}

/// How far the two-phase ranking's first page is from the one-phase page (the ranking it
/// approximates, see `tracuu_index::rescore`): hits of the one-phase page of 10 missing from
/// the two-phase page, per question, written and stripped.
fn two_phase_agreement(index: &mut SearchIndex, dataset: &Dataset) {
    let mut pages = |options: RankingOptions, strip: bool| -> Vec<Vec<String>> {
        index.set_ranking(options);
        let mut rank = ours(index);
        dataset
            .questions
            .iter()
            .map(|(q, _)| {
                rank(&if strip {
                    strip_diacritics(q)
                } else {
                    q.clone()
                })
            })
            .collect()
    };
    let mut missing = [0.0; 2];
    for (strip, missing) in [false, true].into_iter().zip(&mut missing) {
        let two = pages(RankingOptions::default(), strip);
        let one = pages(
            RankingOptions {
                rescore: false,
                ..RankingOptions::default()
            },
            strip,
        );
        let absent: usize = two
            .iter()
            .zip(&one)
            .map(|(a, b)| b.iter().filter(|id| !a.contains(id)).count())
            .sum();
        *missing = absent as f64 / dataset.questions.len().max(1) as f64;
    }
    println!(
        "{:<10} {:<34} {:>6.2} of 10 one-phase hits not on the page | {:>6.2} stripped",
        dataset.name, "two-phase vs one-phase page", missing[0], missing[1]
    );
    index.set_ranking(RankingOptions::default());
}

fn main() {
    let Some(data) = shared_data() else {
        return;
    };
    let root = data.join("alqac");
    let datasets = [
        load(&root, "alqac2023", "law.json", "train.json"),
        load(&root, "alqac2024", "legal_passages.json", "train.json"),
    ];
    let variants: Vec<(&str, RankingOptions)> = {
        let base = RankingOptions::default();
        vec![
            ("tracuu (default)", base.clone()),
            (
                "tracuu no-bigram",
                RankingOptions {
                    bigrams: false,
                    ..base.clone()
                },
            ),
            (
                "tracuu no-restore",
                RankingOptions {
                    restore_diacritics: false,
                    ..base.clone()
                },
            ),
            (
                "tracuu one phase (no rescore)",
                RankingOptions {
                    rescore: false,
                    ..base.clone()
                },
            ),
            (
                "tracuu no-exact-boost",
                RankingOptions {
                    exact_boost: 0.0,
                    ..base.clone()
                },
            ),
            (
                "tracuu typed-folded x1 (folded-only matches of typed diacritics weigh fully)",
                RankingOptions {
                    typed_folded_weight: 1.0,
                    ..base.clone()
                },
            ),
            (
                "tracuu typed-folded x0.5",
                RankingOptions {
                    typed_folded_weight: 0.5,
                    ..base.clone()
                },
            ),
            (
                "tracuu bigram x2",
                RankingOptions {
                    bigram_boost: 2.0,
                    ..base.clone()
                },
            ),
            (
                "tracuu bigram x1.5",
                RankingOptions {
                    bigram_boost: 1.5,
                    ..base.clone()
                },
            ),
            (
                "tracuu bigram x0.5",
                RankingOptions {
                    bigram_boost: 0.5,
                    ..base.clone()
                },
            ),
            (
                "tracuu title x1",
                RankingOptions {
                    title_boost: 1.0,
                    ..base.clone()
                },
            ),
            (
                "tracuu long: min 0% (pure OR)",
                RankingOptions {
                    long_query_min_match: 0.0,
                    ..base.clone()
                },
            ),
            (
                "tracuu long: min 50%",
                RankingOptions {
                    long_query_min_match: 0.5,
                    ..base.clone()
                },
            ),
            (
                "tracuu no common-terms split",
                RankingOptions {
                    common_terms: 1.0,
                    ..base.clone()
                },
            ),
            (
                "tracuu common terms > 20%",
                RankingOptions {
                    common_terms: 0.2,
                    ..base.clone()
                },
            ),
            (
                "tracuu common terms > 60%",
                RankingOptions {
                    common_terms: 0.6,
                    ..base.clone()
                },
            ),
            (
                "tracuu AND up to 12",
                RankingOptions {
                    long_query: 12,
                    ..base.clone()
                },
            ),
        ]
    };
    // RELEVANCE_ONLY=a,b keeps the variants whose name holds one of these (a quicker run).
    let only: Vec<String> = std::env::var("RELEVANCE_ONLY")
        .map(|s| s.split(',').map(String::from).collect())
        .unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| name.contains(o.as_str()));
    let variants: Vec<(&str, RankingOptions)> =
        variants.into_iter().filter(|(n, _)| wanted(n)).collect();
    println!(
        "{:<10} {:<34} {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6}",
        "dataset", "engine", "R@10", "MRR", "nDCG", "R@10s", "MRRs", "nDCGs"
    );
    println!(
        "{:<45} (written)                | (diacritics stripped)",
        ""
    );
    for dataset in &datasets {
        println!(
            "-- {}: {} articles, {} questions",
            dataset.name,
            dataset.documents.len(),
            dataset.questions.len()
        );
        for folding in [false, true] {
            let baseline = Baseline::new(folding, None);
            let mut writer = baseline.writer(2);
            for d in &dataset.documents {
                writer
                    .add_document(baseline.document(&d.id, &d.title, &d.body()))
                    .expect("add");
            }
            writer.commit().expect("commit");
            baseline.reader.reload().expect("reload");
            let searcher = baseline.reader.searcher();
            let mut rank = |q: &str| baseline.search(&searcher, q, 10).0;
            let written = evaluate(&mut rank, &dataset.questions, false);
            let stripped = evaluate(&mut rank, &dataset.questions, true);
            row(dataset.name, baseline.name, written, stripped);
        }
        let mut index = SearchIndex::in_memory().expect("index");
        index.add_documents(dataset.documents.clone()).expect("add");
        for (name, options) in &variants {
            index.set_ranking(options.clone());
            let mut rank = ours(&index);
            let written = evaluate(&mut rank, &dataset.questions, false);
            let stripped = evaluate(&mut rank, &dataset.questions, true);
            row(dataset.name, name, written, stripped);
        }
        if wanted("two-phase") {
            two_phase_agreement(&mut index, dataset);
        }
        // Other proximity fields of the analyzer crate in place of our adjacency: its folded
        // bigram stream (vi_bigram), and compound words (vi_compound, Viet74K longest match):
        // does a segmenter beat plain syllable pairs?
        type Build = fn() -> Result<SearchIndex, tracuu_index::IndexError>;
        let others: [(&str, Build); 2] = [
            (
                "tracuu with vi_bigram (folded)",
                SearchIndex::in_memory_with_folded_bigrams,
            ),
            (
                "tracuu with vi_compound",
                SearchIndex::in_memory_with_compound_words,
            ),
        ];
        for (name, build) in others {
            if !wanted(name) {
                continue;
            }
            let index = build().expect("index");
            index.add_documents(dataset.documents.clone()).expect("add");
            let mut rank = ours(&index);
            let written = evaluate(&mut rank, &dataset.questions, false);
            let stripped = evaluate(&mut rank, &dataset.questions, true);
            row(dataset.name, name, written, stripped);
        }
    }
}
