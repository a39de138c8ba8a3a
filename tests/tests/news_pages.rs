//! Paging and totals over real news (the first 2,000 of `vn_news_baomoi`, many of them the same
//! stories from several portals): what a reader paging through an answer sees.

use std::io::{BufRead, BufReader};

use tracuu_index::{SearchIndex, SearchRequest, SearchResults};

const NEWS: usize = 2_000;

/// The index of the first news, or `None` (skipped visibly) without `../shared/data`: built
/// once for the tests of this file.
fn news_index() -> Option<&'static SearchIndex> {
    static INDEX: std::sync::OnceLock<Option<SearchIndex>> = std::sync::OnceLock::new();
    INDEX.get_or_init(build_news_index).as_ref()
}

fn build_news_index() -> Option<SearchIndex> {
    let data = tracuu_tests::shared_data()?;
    let path = data.join("corpora/vn_news_baomoi/vn_news_baomoi.jsonl.xz");
    let file = std::fs::File::open(&path).expect("news corpus");
    let mut docs = Vec::new();
    for line in BufReader::new(xz2::read::XzDecoder::new(file))
        .lines()
        .take(NEWS)
    {
        docs.extend(tracuu_extract::extract_jsonl(&line.expect("a line")));
    }
    let index = SearchIndex::in_memory().expect("index");
    index.add_documents(docs).expect("ingest");
    Some(index)
}

fn page(index: &SearchIndex, query: &str, offset: usize, limit: usize) -> SearchResults {
    let request = SearchRequest {
        query: query.to_string(),
        offset,
        limit,
        ..SearchRequest::default()
    };
    index.search(&request).expect("search")
}

fn ids(results: &SearchResults) -> Vec<String> {
    results.hits.iter().map(|h| h.id.clone()).collect()
}

/// Queries of several kinds: a long title (two phases, lead pairs), a short one (every
/// syllable required), one typed without diacritics, one matching stories told many times.
const QUERIES: [&str; 4] = [
    "xe khách đâm vào vách núi Hòa Bình",
    "mầm non",
    "gia vang hom nay",
    "Bộ GD&ĐT yêu cầu kiểm tra, làm rõ việc GV mầm non lấy dép đánh trẻ",
];

#[test]
fn pages_of_ten_are_the_slices_of_one_answer() {
    let Some(index) = news_index() else { return };
    for query in QUERIES {
        let whole = ids(&page(index, query, 0, 100));
        assert!(whole.len() > 30, "{query}: {} hits", whole.len());
        let mut paged = Vec::new();
        for offset in (0..whole.len()).step_by(10) {
            paged.extend(ids(&page(index, query, offset, 10)));
        }
        // Each document once, in the order of the whole answer: the candidates of page 5 are
        // those of page 4 (before, a page past the rescore window was ranked from others).
        assert_eq!(paged, whole, "{query}");
    }
}

#[test]
fn the_total_is_what_the_pages_hold() {
    let Some(index) = news_index() else { return };
    for query in QUERIES {
        let first = page(index, query, 0, 10);
        let all = page(index, query, 0, 1000);
        assert!(first.total <= 1000, "{query}: {} hits", first.total);
        // Collapsed near-duplicates are not counted again: the last page is not empty.
        assert_eq!(all.hits.len(), first.total, "{query}");
        let folded: usize = all.hits.iter().map(|h| h.duplicates).sum();
        let last = page(index, query, first.total - 1, 10);
        assert_eq!(
            last.hits.len(),
            1,
            "{query}: the last page holds the last hit"
        );
        if query.starts_with("Bộ GD&ĐT") {
            assert!(folded > 0, "the same story from several portals collapses");
        }
    }
}

/// A word typed with diacritics: the news holding it as written come first, above those holding
/// only its look-alikes ("đổ xô", "xô xát", "một số" for "xổ số"; at the folded fields' full
/// weight an "đổ xô" story, its "xô" in the title, was 7th).
#[test]
fn documents_holding_the_typed_word_come_first() {
    let Some(index) = news_index() else { return };
    let results = page(index, "xổ số", 0, 9);
    for hit in &results.hits {
        let stored = index.document(&hit.id).expect("read").expect("stored");
        let text = format!("{} {}", stored.document.title, stored.document.body()).to_lowercase();
        assert!(text.contains("xổ số"), "{}: {}", hit.id, hit.title);
    }
    assert_eq!(results.hits.len(), 9);
}
