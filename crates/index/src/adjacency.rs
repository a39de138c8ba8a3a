//! Proximity: how often a document holds the query's neighbouring syllables side by side.
//!
//! "an ninh môi trường" written together should rank above the four syllables scattered.
//! Each pair of neighbouring query syllables scores like one BM25 term: its frequency is the
//! number of times the two stand adjacent, in order, in title and body (exact spellings, read
//! from the positions of the exact fields), its length norm that of title and body together,
//! and its idf the pair's own, estimated by the planner (see `search::PairStatistics`).
//!
//! Why not a bigram field or tantivy's phrase queries: a field holding every syllable pair of
//! every text was half of the indexing time (2.5 million distinct terms on 35,440 news items),
//! and one phrase query per pair and field opens both syllables' postings again for every
//! pair, twice the term lookups of this query, which opens each syllable once per field and
//! counts all pairs from the same positions. It is meant for the best candidates of a query
//! (see [`crate::rescore`]), where it is checked document by document with `seek_danger`.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term, TERMINATED};

/// One pair of neighbouring query syllables, as indexes into [`AdjacencyQuery::syllables`].
#[derive(Clone)]
pub struct Pair {
    pub first: usize,
    pub second: usize,
    /// The pair's weight: BM25 with its estimated document frequency.
    pub weight: Bm25Weight,
}

impl std::fmt::Debug for Pair {
    // By hand: tantivy's `Bm25Weight` is not `Debug`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pair({}, {})", self.first, self.second)
    }
}

/// A syllable of [`AdjacencyQuery`], as written in the exact fields' terms.
#[derive(Debug, Clone)]
pub struct Syllable {
    pub text: String,
    /// Boosts of its own BM25 score in the two fields (title, body), when this query scores
    /// it as a term too, and how many times (a syllable repeated in the query scores each
    /// time, as its term queries would); `None` when only its pairs score.
    pub boosts: Option<([Score; 2], u32)>,
}

/// The adjacency of a query's neighbouring syllables in two fields with positions, and the
/// syllables' own exact scores.
#[derive(Debug, Clone)]
pub struct AdjacencyQuery {
    pub syllables: Vec<Syllable>,
    pub pairs: Vec<Pair>,
    pub fields: [Field; 2],
}

impl Query for AdjacencyQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let mut terms = Vec::with_capacity(self.syllables.len() * 2);
        for syllable in &self.syllables {
            for (f, field) in self.fields.into_iter().enumerate() {
                let term = Term::from_field_text(field, &syllable.text);
                let weight = match (&scoring, syllable.boosts) {
                    (
                        EnableScoring::Enabled {
                            statistics_provider,
                            ..
                        },
                        Some((boosts, times)),
                    ) => Some(
                        Bm25Weight::for_terms(*statistics_provider, std::slice::from_ref(&term))?
                            .boost_by(boosts[f] * times as Score),
                    ),
                    _ => None,
                };
                terms.push((term, weight));
            }
        }
        Ok(Box::new(AdjacencyWeight {
            terms,
            pairs: self.pairs.clone(),
            fields: self.fields,
        }))
    }
}

/// [`AdjacencyQuery`] with its statistics: each syllable's term in each field
/// (`2 * syllable + field`) with its own BM25 weight, if it scores.
struct AdjacencyWeight {
    terms: Vec<(Term, Option<Bm25Weight>)>,
    pairs: Vec<Pair>,
    fields: [Field; 2],
}

impl AdjacencyWeight {
    /// A scorer on no document yet: the first call must be a seek.
    fn unpositioned(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Adjacency> {
        let mut postings = Vec::with_capacity(self.terms.len());
        for (term, weight) in &self.terms {
            let found = reader
                .inverted_index(term.field())?
                .read_postings(term, IndexRecordOption::WithFreqsAndPositions)?;
            postings.push(found.map(|p| TermState {
                postings: p,
                weight: weight.clone(),
                positions: Vec::new(),
                state: State::Absent,
            }));
        }
        let norms = [
            reader.get_fieldnorms_reader(self.fields[0])?,
            reader.get_fieldnorms_reader(self.fields[1])?,
        ];
        Ok(Adjacency {
            pairs: self.pairs.clone(),
            terms: postings,
            norms,
            boost,
            doc: 0,
            score: 0.0,
        })
    }
}

impl Weight for AdjacencyWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorer = self.unpositioned(reader, boost)?;
        scorer.seek(0);
        Ok(Box::new(scorer))
    }

    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        let mut scorer = self.unpositioned(reader, boost)?;
        let found = scorer.seek_danger(target);
        Ok((found, Box::new(scorer)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.unpositioned(reader, 1.0)?;
        match scorer.score_at(doc) {
            Some(score) => Ok(Explanation::new(
                "exact syllables and adjacent pairs",
                score,
            )),
            None => Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #({doc}) holds no scored syllable and no pair side by side"
            ))),
        }
    }
}

/// Whether a term is in the document being scored, and whether its positions are read.
#[derive(Clone, Copy, PartialEq)]
enum State {
    Absent,
    Present,
    Positioned,
}

/// One term's postings in a segment and what scoring the current document has read of it.
struct TermState {
    postings: SegmentPostings,
    weight: Option<Bm25Weight>,
    positions: Vec<u32>,
    state: State,
}

/// The scorer of [`AdjacencyQuery`] in one segment.
struct Adjacency {
    pairs: Vec<Pair>,
    /// Per syllable, its postings in each field (`2 * syllable + field`), if the term exists.
    terms: Vec<Option<TermState>>,
    norms: [FieldNormReader; 2],
    boost: Score,
    doc: DocId,
    score: Score,
}

/// The positions of terms `a` and `b` in the current document when both are in it, read once
/// per document (a syllable in several pairs is read for the first).
fn positions(
    terms: &mut [Option<TermState>],
    a: usize,
    b: usize,
) -> (Option<&[u32]>, Option<&[u32]>) {
    for i in [a, b] {
        match &mut terms[i] {
            Some(t) if t.state == State::Present => {
                t.positions.clear();
                t.postings.positions(&mut t.positions);
                t.state = State::Positioned;
            }
            Some(t) if t.state == State::Positioned => {}
            _ => return (None, None),
        }
    }
    fn read(t: &Option<TermState>) -> Option<&[u32]> {
        t.as_ref().map(|t| &t.positions[..])
    }
    (read(&terms[a]), read(&terms[b]))
}

/// Moves `postings` to `target` unless it is there or beyond: its document after.
fn seek_forward(postings: &mut SegmentPostings, target: DocId) -> DocId {
    if postings.doc() < target {
        postings.seek(target)
    } else {
        postings.doc()
    }
}

/// How many positions `p` of `first` have `p + 1` in `second` (both sorted).
fn adjacent(first: &[u32], second: &[u32]) -> u32 {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < first.len() && j < second.len() {
        let want = first[i] + 1;
        match second[j].cmp(&want) {
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

impl Adjacency {
    /// The score of `doc` (at or after every list's current document), `None` when neither a
    /// scored syllable nor a pair is in it.
    fn score_at(&mut self, doc: DocId) -> Option<Score> {
        let mut score = 0.0;
        let mut matched = false;
        // Length norms of title and body, read once per document.
        let ids = self.norms.each_ref().map(|n| n.fieldnorm_id(doc));
        for (i, term) in self.terms.iter_mut().enumerate() {
            let Some(t) = term else { continue };
            t.state = if seek_forward(&mut t.postings, doc) == doc {
                State::Present
            } else {
                State::Absent
            };
            if let (State::Present, Some(weight)) = (t.state, &t.weight) {
                score += weight.score(ids[i % 2], t.postings.term_freq());
                matched = true;
            }
        }
        // A pair's norm is that of title and body together.
        let length: u32 = ids
            .iter()
            .map(|&id| FieldNormReader::id_to_fieldnorm(id))
            .sum();
        let norm = FieldNormReader::fieldnorm_to_id(length);
        for pair in &self.pairs {
            let mut count = 0;
            for field in 0..2 {
                let (a, b) = (2 * pair.first + field, 2 * pair.second + field);
                if let (Some(x), Some(y)) = positions(&mut self.terms, a, b) {
                    count += adjacent(x, y);
                }
            }
            if count == 0 {
                continue;
            }
            score += pair.weight.score(norm, count);
            matched = true;
        }
        matched.then_some(score * self.boost)
    }

    /// The first document at or after `target` that scores (a scored syllable or a pair).
    fn next_match(&mut self, mut target: DocId) -> DocId {
        loop {
            // The next document holding any syllable: only there can one score.
            let mut next = TERMINATED;
            for t in self.terms.iter_mut().flatten() {
                next = next.min(seek_forward(&mut t.postings, target));
            }
            if next == TERMINATED {
                self.doc = TERMINATED;
                return TERMINATED;
            }
            if let Some(score) = self.score_at(next) {
                (self.doc, self.score) = (next, score);
                return next;
            }
            target = next + 1;
        }
    }
}

impl DocSet for Adjacency {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.next_match(self.doc + 1)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.next_match(target)
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        if target >= TERMINATED {
            return SeekDangerResult::SeekLowerBound(TERMINATED);
        }
        match self.score_at(target) {
            Some(score) => {
                (self.doc, self.score) = (target, score);
                SeekDangerResult::Found
            }
            None => SeekDangerResult::SeekLowerBound(target + 1),
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        // It matches the union of its syllables' documents.
        self.terms
            .iter()
            .flatten()
            .map(|t| t.postings.doc_freq())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for Adjacency {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::schema::{Schema, STORED, TEXT};
    use tantivy::{doc, Index, TantivyDocument};

    #[test]
    fn adjacent_counts_in_order_neighbours_only() {
        assert_eq!(adjacent(&[0, 5, 9], &[1, 6, 8]), 2);
        assert_eq!(adjacent(&[3], &[2]), 0);
        assert_eq!(adjacent(&[], &[1]), 0);
        assert_eq!(adjacent(&[1, 2, 3], &[2, 3, 4]), 3);
    }

    /// Documents with the pair side by side match and rank by how often; scattered or
    /// reversed syllables do not match.
    #[test]
    fn matches_and_ranks_documents_with_the_pair_side_by_side() {
        let mut b = Schema::builder();
        let title = b.add_text_field("title", TEXT);
        let body = b.add_text_field("body", TEXT);
        let id = b.add_u64_field("id", STORED);
        let index = Index::create_in_ram(b.build());
        let mut w: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for (n, (t, x)) in [
            ("tin", "moi truong xanh, moi truong sach"),
            ("moi truong", "tin"),
            ("tin", "truong moi, moi la truong"),
            ("tin", "moi truong o day"),
        ]
        .iter()
        .enumerate()
        {
            w.add_document(doc!(title => *t, body => *x, id => n as u64))
                .unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let query = AdjacencyQuery {
            syllables: ["moi", "truong"]
                .map(|t| Syllable {
                    text: t.into(),
                    boosts: None,
                })
                .to_vec(),
            pairs: vec![Pair {
                first: 0,
                second: 1,
                weight: Bm25Weight::for_one_term(3, 4, 4.0),
            }],
            fields: [title, body],
        };
        let top = searcher
            .search(&query, &TopDocs::with_limit(10).order_by_score())
            .unwrap();
        let ids: Vec<u64> = top
            .iter()
            .map(|(_, a)| {
                let d: TantivyDocument = searcher.doc(*a).unwrap();
                use tantivy::schema::Value;
                d.get_first(id).and_then(|v| v.as_u64()).unwrap()
            })
            .collect();
        // Twice in a long body first; the short title and the once-only body after it.
        assert_eq!(ids.len(), 3, "{ids:?}");
        assert_eq!(ids[0], 0);
        assert!(!ids.contains(&2), "{ids:?}");
        // Checked one document at a time, as the rescore phase does.
        let reader = searcher.segment_reader(0);
        let weight = query
            .weight(tantivy::query::EnableScoring::enabled_from_searcher(
                &searcher,
            ))
            .unwrap();
        let (found, mut scorer) = weight.scorer_danger(reader, 1, 1.0).unwrap();
        assert_eq!(found, SeekDangerResult::Found);
        assert!(scorer.score() > 0.0);
        assert_eq!(scorer.seek_danger(2), SeekDangerResult::SeekLowerBound(3));
        assert_eq!(scorer.seek_danger(3), SeekDangerResult::Found);
    }

    /// The syllables' own scores are those of the `ScoredTerm` queries they replace, a
    /// repeated syllable counted each time.
    #[test]
    fn exact_syllables_score_as_their_term_queries() {
        use crate::term::ScoredTerm;
        use tantivy::query::EnableScoring;
        let mut b = Schema::builder();
        let title = b.add_text_field("title", TEXT);
        let body = b.add_text_field("body", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut w: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for (t, x) in [
            ("moi truong", "bao ve moi truong, moi truong xanh"),
            ("tin", "truong hoc moi mo o xa"),
            ("moi", "khong lien quan"),
            ("khac", "hoan toan khac"),
        ] {
            w.add_document(doc!(title => t, body => x)).unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let boosts = [2.0, 0.7];
        let query = AdjacencyQuery {
            syllables: vec![
                Syllable {
                    text: "moi".into(),
                    boosts: Some((boosts, 2)),
                },
                Syllable {
                    text: "truong".into(),
                    boosts: Some((boosts, 1)),
                },
            ],
            pairs: Vec::new(),
            fields: [title, body],
        };
        let terms: Vec<ScoredTerm> = [("moi", 2), ("truong", 1)]
            .into_iter()
            .flat_map(|(t, times)| {
                let make = move |f, b| ScoredTerm::new(Term::from_field_text(f, t), b);
                std::iter::repeat_n([make(title, boosts[0]), make(body, boosts[1])], times)
                    .flatten()
            })
            .collect();
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let reader = searcher.segment_reader(0);
        let weight = query.weight(scoring).unwrap();
        let (mut found, mut scorer) = weight.scorer_danger(reader, 0, 1.0).unwrap();
        for doc in 0..4 {
            if doc > 0 {
                found = scorer.seek_danger(doc);
            }
            let mut expected = 0.0;
            for term in &terms {
                let mut s = term.weight(scoring).unwrap().scorer(reader, 1.0).unwrap();
                if s.seek(doc) == doc {
                    expected += s.score();
                }
            }
            if expected == 0.0 {
                assert_ne!(found, SeekDangerResult::Found, "doc {doc}");
            } else {
                assert_eq!(found, SeekDangerResult::Found, "doc {doc}");
                let got = scorer.score();
                assert!(
                    (got - expected).abs() < 1e-5,
                    "doc {doc}: {got} != {expected}"
                );
            }
        }
    }
}
