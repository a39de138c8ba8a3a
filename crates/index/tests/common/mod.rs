//! Helpers shared by the index's integration tests.
#![allow(dead_code)] // each test binary uses its own subset

use tracuu_extract::Document;
use tracuu_index::{SearchIndex, SearchRequest, SearchResults};

/// A document with one paragraph.
pub fn document(id: &str, title: &str, body: &str) -> Document {
    let mut doc = Document::new(id.into(), title.into());
    doc.paragraphs = vec![body.into()];
    doc
}

/// The first ten results of `query`; a failing search fails the test, naming the query.
pub fn search(index: &SearchIndex, query: &str) -> SearchResults {
    index
        .search(&SearchRequest {
            query: query.into(),
            limit: 10,
            ..SearchRequest::default()
        })
        .unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// The ids of the hits, in rank order.
pub fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}
