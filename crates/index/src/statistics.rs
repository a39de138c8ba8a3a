//! The term statistics of one search, each looked up once.
//!
//! Why: a search asks for the same document frequencies several times. Diacritic restoration
//! reads the `bigram` field's pairs; the planner reads them again for the lead pairs and the
//! pairs' weights, and the folded syllables for the common ones; the first phase's term
//! weights and the second phase's read the syllables once more, and a relaxed retry plans it
//! all again. Each look-up walks the term dictionary (an FST) of every segment: 6% of a full
//! search of a news title, one thread, before this memo.
//!
//! The memo lives for one search only: the searcher it reads is fixed for that search, so no
//! statistic can go stale.

use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// The statistics of one searcher, memoised for one search.
pub struct SearchStatistics<'a> {
    searcher: &'a Searcher,
    /// Behind a mutex because tantivy asks through `&self`; weights are built on the thread
    /// that runs the search, so the lock is never contended.
    doc_freqs: Mutex<HashMap<Term, u64>>,
    tokens: Mutex<HashMap<Field, u64>>,
}

impl<'a> SearchStatistics<'a> {
    pub fn new(searcher: &'a Searcher) -> Self {
        SearchStatistics {
            searcher,
            doc_freqs: Mutex::new(HashMap::new()),
            tokens: Mutex::new(HashMap::new()),
        }
    }

    /// The searcher these statistics are of.
    pub fn searcher(&self) -> &'a Searcher {
        self.searcher
    }

    /// The documents holding `term`, 0 when it cannot be read (an absent term scores and
    /// restores as a term in no document, as before the memo).
    pub fn doc_freq_or_zero(&self, term: &Term) -> u64 {
        self.doc_freq(term).unwrap_or(0)
    }
}

impl Bm25StatisticsProvider for SearchStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&n) = tokens.get(&field) {
            return Ok(n);
        }
        let n = self.searcher.total_num_tokens(field)?;
        tokens.insert(field, n);
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        // A sum over the segments' headers: nothing to save.
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let mut doc_freqs = self.doc_freqs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&n) = doc_freqs.get(term) {
            return Ok(n);
        }
        // An error is not remembered: the next caller sees it too.
        let n = self.searcher.doc_freq(term)?;
        doc_freqs.insert(term.clone(), n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    fn searcher() -> (Searcher, Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer
            .add_document(doc!(body => "môi trường xanh"))
            .unwrap();
        writer.add_document(doc!(body => "môi trường")).unwrap();
        writer.commit().unwrap();
        // A second segment: the statistics are the searcher's, summed over both.
        writer.add_document(doc!(body => "môi")).unwrap();
        writer.commit().unwrap();
        (index.reader().unwrap().searcher(), body)
    }

    #[test]
    fn statistics_are_the_searchers_asked_once_or_many_times() {
        let (searcher, body) = searcher();
        let statistics = SearchStatistics::new(&searcher);
        for word in ["môi", "trường", "xanh", "absent"] {
            let term = Term::from_field_text(body, word);
            let expected = searcher.doc_freq(&term).unwrap();
            assert_eq!(statistics.doc_freq(&term).unwrap(), expected, "{word}");
            assert_eq!(
                statistics.doc_freq_or_zero(&term),
                expected,
                "{word}, again"
            );
        }
        assert_eq!(
            statistics
                .doc_freq(&Term::from_field_text(body, "môi"))
                .unwrap(),
            3
        );
        assert_eq!(
            statistics.total_num_tokens(body).unwrap(),
            searcher.total_num_tokens(body).unwrap()
        );
        assert_eq!(statistics.total_num_tokens(body).unwrap(), 6);
        assert_eq!(statistics.total_num_docs().unwrap(), 3);
    }
}
