//! The analyzers inside a real tantivy index: what users type finds what pages write.

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED};
use tantivy::{doc, Index, TantivyDocument};

const PAGES: [&str; 4] = [
    "Sở Tài nguyên và Môi trường tỉnh Lào Cai triển khai kế hoạch",
    "Sở TN&MT tỉnh Yên Bái kiểm tra đấu tranh với vi phạm",
    "Thực hiện Nghị định 08/2022/NĐ-CP về bảo vệ môi trường",
    "Ban Thường vụ Thành uỷ ban hành Quyết định 33-QĐ/TU",
];

/// Titles of the pages matching `query` in the field analysed by `analyzer`.
fn search(analyzer: &str, query: &str) -> Vec<usize> {
    let mut builder = Schema::builder();
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let body = builder.add_text_field("body", options);
    let id = builder.add_u64_field("id", STORED);
    let index = Index::create_in_ram(builder.build());
    tracuu_text::register_tokenizers(index.tokenizers());
    let mut writer = index.writer(15_000_000).unwrap();
    for (i, page) in PAGES.iter().enumerate() {
        writer
            .add_document(doc!(body => *page, id => i as u64))
            .unwrap();
    }
    writer.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    let parsed = QueryParser::for_index(&index, vec![body])
        .parse_query(query)
        .unwrap();
    let mut hits: Vec<usize> = searcher
        .search(&parsed, &TopDocs::with_limit(10).order_by_score())
        .unwrap()
        .into_iter()
        .map(|(_, address)| {
            let d: TantivyDocument = searcher.doc(address).unwrap();
            let v = d.get_first(id).unwrap();
            tantivy::schema::Value::as_u64(&v).unwrap() as usize
        })
        .collect();
    hits.sort();
    hits
}

#[test]
fn abbreviation_and_full_name_find_each_other_in_phrases() {
    for analyzer in [tracuu_text::names::EXACT, tracuu_text::names::FOLDED] {
        assert_eq!(search(analyzer, "\"Sở TN&MT tỉnh\""), [0, 1], "{analyzer}");
        assert_eq!(
            search(analyzer, "\"sở tài nguyên và môi trường\""),
            [0, 1],
            "{analyzer}"
        );
    }
}

#[test]
fn folded_field_serves_queries_without_diacritics() {
    assert_eq!(search(tracuu_text::names::FOLDED, "\"dau tranh\""), [1]);
    assert_eq!(search(tracuu_text::names::FOLDED, "\"thanh uy\""), [3]);
}

#[test]
fn document_numbers_match_across_d_bar_spellings() {
    for analyzer in [tracuu_text::names::EXACT, tracuu_text::names::FOLDED] {
        assert_eq!(search(analyzer, "\"08/2022/ND-CP\""), [2], "{analyzer}");
        assert_eq!(search(analyzer, "\"33-QD/TU\""), [3], "{analyzer}");
    }
    assert_eq!(search(tracuu_text::names::EXACT, "\"thành ủy\""), [3]);
}
