//! Shared helpers of the index benches: the data folder, metrics, the default-tokenizer
//! baseline engines.

#![allow(dead_code)]

use std::path::PathBuf;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexWriter, TantivyDocument};

/// The indexing memory budget of every engine measured: tracuu's own writer budget, so that the
/// number of segments (and merges) is not what differs.
pub const WRITER_BUDGET: usize = 1_000_000_000;

/// [`WRITER_BUDGET`] for `threads` writer threads (tantivy wants at least 15 MB each).
pub fn writer_budget(threads: usize) -> usize {
    WRITER_BUDGET.max(threads * 16_000_000)
}

/// `../shared/data` beside the repository, or `None` after printing `SKIPPED:`.
pub fn shared_data() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("SKIPPED: ../shared/data is not present on this machine");
        None
    }
}

/// Removes every diacritic, keeping case (đ → d, Đ → D): how a user types without them.
pub fn strip_diacritics(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .nfc()
        .collect()
}

/// tantivy's default tokenizer followed by `AsciiFoldingFilter`, as "default_folding".
pub fn register_folding(index: &Index) {
    index.tokenizers().register(
        "default_folding",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
}

/// A baseline: tantivy's default tokenizer, optionally with ASCII folding, title and body.
pub struct Baseline {
    pub name: &'static str,
    pub index: Index,
    pub parser: QueryParser,
    pub reader: tantivy::IndexReader,
    fields: (
        tantivy::schema::Field,
        tantivy::schema::Field,
        tantivy::schema::Field,
    ),
}

impl Baseline {
    pub fn new(folding: bool, dir: Option<&std::path::Path>) -> Baseline {
        let tokenizer = if folding {
            "default_folding"
        } else {
            "default"
        };
        let text = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(tantivy::schema::IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let title = b.add_text_field("title", text.clone());
        let body = b.add_text_field("body", text);
        let schema = b.build();
        let index = match dir {
            Some(dir) => Index::create_in_dir(dir, schema).expect("baseline index"),
            None => Index::create_in_ram(schema),
        };
        register_folding(&index);
        let parser = QueryParser::for_index(&index, vec![title, body]);
        let reader = index.reader().expect("reader");
        Baseline {
            name: if folding {
                "default+asciifolding"
            } else {
                "default"
            },
            index,
            parser,
            reader,
            fields: (id, title, body),
        }
    }

    /// A baseline over an existing index of [`Baseline::new`]'s schema.
    pub fn from_index(index: Index) -> Baseline {
        let schema = index.schema();
        let get = |n: &str| schema.get_field(n).expect("field");
        let fields = (get("id"), get("title"), get("body"));
        register_folding(&index);
        let parser = QueryParser::for_index(&index, vec![fields.1, fields.2]);
        let reader = index.reader().expect("reader");
        Baseline {
            name: "default",
            index,
            parser,
            reader,
            fields,
        }
    }

    pub fn writer(&self, threads: usize) -> IndexWriter<TantivyDocument> {
        self.index
            .writer_with_num_threads(threads, writer_budget(threads))
            .expect("writer")
    }

    pub fn document(&self, id: &str, title: &str, body: &str) -> TantivyDocument {
        let mut d = TantivyDocument::default();
        d.add_text(self.fields.0, id);
        d.add_text(self.fields.1, title);
        d.add_text(self.fields.2, body);
        d
    }

    /// Top ids and the count, BM25 over title and body, the query parsed leniently (OR).
    pub fn search(
        &self,
        searcher: &tantivy::Searcher,
        query: &str,
        limit: usize,
    ) -> (Vec<String>, usize) {
        use tantivy::schema::Value;
        let (q, _) = self.parser.parse_query_lenient(query);
        let (top, count) = searcher
            .search(&q, &(TopDocs::with_limit(limit).order_by_score(), Count))
            .expect("search");
        let ids = top
            .into_iter()
            .map(|(_, a)| {
                let d: TantivyDocument = searcher.doc(a).expect("doc");
                d.get_first(self.fields.0)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        (ids, count)
    }
}

/// Recall@k, reciprocal rank@k and nDCG@k (binary gains) of one ranked list.
pub fn metrics(ranked: &[String], relevant: &[String], k: usize) -> (f64, f64, f64) {
    let top = &ranked[..ranked.len().min(k)];
    let hits = top.iter().filter(|id| relevant.contains(id)).count();
    let recall = if relevant.is_empty() {
        0.0
    } else {
        hits as f64 / relevant.len() as f64
    };
    let rr = top
        .iter()
        .position(|id| relevant.contains(id))
        .map(|i| 1.0 / (i as f64 + 1.0))
        .unwrap_or(0.0);
    let dcg: f64 = top
        .iter()
        .enumerate()
        .filter(|(_, id)| relevant.contains(id))
        .map(|(i, _)| 1.0 / (i as f64 + 2.0).log2())
        .sum();
    let ideal: f64 = (0..relevant.len().min(k))
        .map(|i| 1.0 / (i as f64 + 2.0).log2())
        .sum();
    let ndcg = if ideal > 0.0 { dcg / ideal } else { 0.0 };
    (recall, rr, ndcg)
}

/// Percentile of sorted durations in milliseconds.
pub fn percentile(sorted_ms: &[f64], p: f64) -> f64 {
    if sorted_ms.is_empty() {
        return 0.0;
    }
    let i = ((sorted_ms.len() as f64 - 1.0) * p).round() as usize;
    sorted_ms[i.min(sorted_ms.len() - 1)]
}
