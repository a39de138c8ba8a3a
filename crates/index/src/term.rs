//! A BM25 term query whose scorer [`crate::minmatch`] can name.
//!
//! Why not tantivy's `TermQuery`: its scorer type (`TermScorer`) is private to tantivy, so a
//! scorer of ours that reads many term postings gets them only as `Box<dyn Scorer>` and pays
//! two indirect calls per posting (`advance`, `score`). In ranking mode a news title reads
//! ~185,000 postings per search and those calls were a third of it. [`ScoredTerm`] scores
//! exactly as `BoostQuery(TermQuery)` does (same BM25 weight, same field norms; a test
//! compares them), and its [`TermPostings`] is a concrete type the window loop downcasts to.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// One term, BM25-scored with term frequencies, times `boost`.
#[derive(Clone, Debug)]
pub struct ScoredTerm {
    term: Term,
    boost: Score,
}

impl ScoredTerm {
    pub fn new(term: Term, boost: Score) -> Self {
        ScoredTerm { term, boost }
    }
}

impl Query for ScoredTerm {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(&self.term))?,
            // Scores are not read: any weight will do.
            EnableScoring::Disabled { .. } => Bm25Weight::for_one_term(1, 1, 1.0),
        };
        Ok(Box::new(ScoredTermWeight {
            term: self.term.clone(),
            bm25: bm25.boost_by(self.boost),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

struct ScoredTermWeight {
    term: Term,
    bm25: Bm25Weight,
}

impl ScoredTermWeight {
    fn postings(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<TermPostings>> {
        let field = self.term.field();
        let Some(postings) = reader
            .inverted_index(field)?
            .read_postings(&self.term, IndexRecordOption::WithFreqs)?
        else {
            return Ok(None);
        };
        let fieldnorms = match reader.fieldnorms_readers().get_field(field)? {
            Some(norms) => norms,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        Ok(Some(TermPostings {
            postings,
            fieldnorms,
            bm25: self.bm25.boost_by(boost),
        }))
    }
}

impl Weight for ScoredTermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.postings(reader, boost)? {
            Some(postings) => Box::new(postings),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if let Some(mut p) = self.postings(reader, 1.0)? {
            if p.doc() <= doc && p.seek(doc) == doc {
                return Ok(p.bm25.explain(p.fieldnorm_id(), p.term_freq()));
            }
        }
        Err(tantivy::TantivyError::InvalidArgument(format!(
            "document {doc} does not hold the term"
        )))
    }
}

/// A term's postings in one segment, with what scoring them needs.
pub struct TermPostings {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    bm25: Bm25Weight,
}

impl TermPostings {
    fn fieldnorm_id(&self) -> u8 {
        self.fieldnorms.fieldnorm_id(self.postings.doc())
    }

    fn term_freq(&self) -> u32 {
        self.postings.term_freq()
    }
}

impl DocSet for TermPostings {
    #[inline]
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    #[inline]
    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    #[inline]
    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for TermPostings {
    #[inline]
    fn score(&mut self) -> Score {
        self.bm25.score(self.fieldnorm_id(), self.term_freq())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BoostQuery, TermQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    /// Scores equal `BoostQuery(TermQuery)` on every document, across two segments (so the
    /// statistics are the searcher's, not one segment's), and absent terms match nothing.
    #[test]
    fn scores_as_a_boosted_tantivy_term_query() {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut writer = index.writer_with_num_threads(1, 50_000_000).unwrap();
        let words = [
            "môi trường",
            "môi trường môi trường lạng sơn",
            "sơn",
            "an ninh môi",
        ];
        for (i, w) in words.iter().cycle().take(400).enumerate() {
            writer.add_document(doc!(text => *w)).unwrap();
            if i == 200 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        for (word, boost) in [("môi", 1.0), ("sơn", 2.5), ("absent", 1.0)] {
            let t = Term::from_field_text(text, word);
            let ours = ScoredTerm::new(t.clone(), boost);
            let theirs = BoostQuery::new(
                Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
                boost,
            );
            let top = || TopDocs::with_limit(1_000).order_by_score();
            let mut a = searcher.search(&ours, &top()).unwrap();
            let mut b = searcher.search(&theirs, &top()).unwrap();
            assert_eq!(a.len(), b.len(), "{word}");
            a.sort_by_key(|x| x.1);
            b.sort_by_key(|x| x.1);
            for ((sa, da), (sb, db)) in a.iter().zip(&b) {
                assert_eq!(da, db);
                assert!((sa - sb).abs() < 1e-6, "{word}: {sa} vs {sb}");
            }
            if word != "absent" {
                assert!(a.len() > 100);
                let (s, d) = a[0];
                let explained = ours.explain(&searcher, d).unwrap().value();
                assert!((explained - s).abs() < 1e-6);
            }
        }
    }
}
