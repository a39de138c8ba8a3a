//! A query whose matching documents are listed up front, per segment.
//!
//! Used for exclusions (`-"cụm từ"`): tantivy 0.27's phrase scorer asserts (in debug builds)
//! that an exclusion never probes a document before its current one, which the exclusion code
//! itself does on its first probe. A plain list of documents has no such constraint, and the
//! excluded set is usually small.

use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::BitSet;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

/// Wraps a query; its documents are collected before use.
#[derive(Debug)]
pub struct Materialized(pub Box<dyn Query>);

impl Clone for Materialized {
    fn clone(&self) -> Self {
        Materialized(self.0.box_clone())
    }
}

impl Query for Materialized {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(MaterializedWeight(self.0.weight(scoring)?)))
    }
}

struct MaterializedWeight(Box<dyn Weight>);

impl Weight for MaterializedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut inner = self.0.scorer(reader, boost)?;
        let mut docs = BitSet::with_max_value(reader.max_doc());
        let mut doc = inner.doc();
        while doc != TERMINATED {
            docs.insert(doc);
            doc = inner.advance();
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}
