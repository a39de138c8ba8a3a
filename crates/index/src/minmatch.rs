//! "At least k of these clauses", scored as the sum of the clauses that match.
//!
//! Why not tantivy's `BooleanQuery::with_minimum_required_clauses`: its scorer keeps every
//! clause in a binary heap and pops and pushes one for every posting it reads; on the long
//! natural-language queries of ranking mode (a news title is 15 syllables, each a clause) the
//! heap was 40% of a whole search over the news corpus. This scorer works like Lucene's bulk
//! `BooleanScorer`: it reads the postings of every clause one window of documents at a time,
//! counts matches and sums scores per document in one flat array, and emits the documents
//! that reach k, in order. No heap, no per-posting comparison between clauses. Matches and
//! scores are those of the boolean query (a test compares the two).
//!
//! A clause is a list of alternatives (a syllable in the title and in the body fields): the
//! clause matches a document when any alternative does, and every matching alternative adds
//! its score. The alternatives' postings are read straight into the window, not through a
//! union scorer per clause (which buffered and walked every posting once more).
//!
//! Optional alternatives ([`MinMatchQuery::with_optional`]) match nothing themselves: they
//! are read last into each window and add their score to the documents the clauses matched.
//! The planner uses them to rank a two-phase query's candidates by the pairs of syllables
//! adjacent in the documents' leads (see `search::Planner::lead_pairs`).

use crate::term::TermPostings;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Documents per window (a power of two, see [`slot`]): the slots fit in the L1/L2 caches.
const WINDOW: u32 = 4096;
const _: () = assert!(WINDOW.is_power_of_two());

/// Matches documents matching at least `min` of `clauses` (a clause matches when any of its
/// alternatives does); the score is the sum of the matching alternatives' scores.
#[derive(Debug)]
pub struct MinMatchQuery {
    clauses: Vec<Vec<Box<dyn Query>>>,
    min: usize,
    optional: Vec<Box<dyn Query>>,
}

impl MinMatchQuery {
    /// `min` is clamped to 1..=clauses.
    pub fn new(clauses: Vec<Vec<Box<dyn Query>>>, min: usize) -> Self {
        let min = min.clamp(1, clauses.len().max(1));
        MinMatchQuery {
            clauses,
            min,
            optional: Vec::new(),
        }
    }

    /// Adds scoring-only alternatives: each adds its score to the documents that match the
    /// clauses, and matches nothing by itself.
    pub fn with_optional(mut self, optional: Vec<Box<dyn Query>>) -> Self {
        self.optional = optional;
        self
    }
}

impl Clone for MinMatchQuery {
    fn clone(&self) -> Self {
        MinMatchQuery {
            clauses: self
                .clauses
                .iter()
                .map(|c| c.iter().map(|q| q.box_clone()).collect())
                .collect(),
            min: self.min,
            optional: self.optional.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl Query for MinMatchQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|c| c.iter().map(|q| q.weight(scoring)).collect())
            .collect::<tantivy::Result<Vec<Vec<_>>>>()?;
        let optional = self
            .optional
            .iter()
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(MinMatchWeight {
            weights,
            min: self.min,
            optional,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in self.clauses.iter().flatten().chain(&self.optional) {
            q.query_terms(visitor);
        }
    }
}

struct MinMatchWeight {
    weights: Vec<Vec<Box<dyn Weight>>>,
    min: usize,
    optional: Vec<Box<dyn Weight>>,
}

impl Weight for MinMatchWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len() * 2);
        let mut clauses_present = 0;
        for (clause, alternatives) in self.weights.iter().enumerate() {
            let before = scorers.len();
            for weight in alternatives {
                let scorer = weight.scorer(reader, boost)?;
                if scorer.doc() != TERMINATED {
                    scorers.push((clause as u32 + 1, scorer));
                }
            }
            if scorers.len() > before {
                clauses_present += 1;
            }
        }
        if clauses_present < self.min {
            return Ok(Box::new(EmptyScorer));
        }
        let mut optional = Vec::with_capacity(self.optional.len());
        for weight in &self.optional {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                optional.push(AlternativePostings::new(scorer));
            }
        }
        Ok(Box::new(MinMatchScorer::new(scorers, self.min, optional)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} matches fewer than {} clauses",
                self.min
            )));
        }
        let mut explanation =
            Explanation::new("sum of the clauses matched (at least k)", scorer.score());
        for weight in self.weights.iter().flatten().chain(&self.optional) {
            if let Ok(detail) = weight.explain(reader, doc) {
                explanation.add_detail(detail);
            }
        }
        Ok(explanation)
    }
}

/// One alternative's scorer in the window loop.
struct Alternative {
    /// Its clause's number (from 1); alternatives of one clause are adjacent.
    clause: u32,
    /// Clauses a document must already have matched for this one to be worth reading: a
    /// document below it cannot reach the minimum even if it matches every remaining clause.
    needed: u32,
    postings: AlternativePostings,
}

/// An alternative's scorer, by type: nearly every alternative is a [`crate::term::ScoredTerm`],
/// and reading its postings through their concrete type lets the compiler inline `advance`
/// and `score` into the window loop (through `dyn Scorer`, each posting cost two indirect
/// calls).
enum AlternativePostings {
    Term(Box<TermPostings>),
    Other(Box<dyn Scorer>),
}

impl AlternativePostings {
    fn new(scorer: Box<dyn Scorer>) -> Self {
        match scorer.downcast::<TermPostings>() {
            Ok(term) => AlternativePostings::Term(term),
            Err(other) => AlternativePostings::Other(other),
        }
    }

    fn docset(&mut self) -> &mut dyn Scorer {
        match self {
            AlternativePostings::Term(t) => t.as_mut(),
            AlternativePostings::Other(o) => o.as_mut(),
        }
    }

    fn doc(&self) -> DocId {
        match self {
            AlternativePostings::Term(t) => t.doc(),
            AlternativePostings::Other(o) => o.doc(),
        }
    }

    fn size_hint(&self) -> u32 {
        match self {
            AlternativePostings::Term(t) => t.size_hint(),
            AlternativePostings::Other(o) => o.size_hint(),
        }
    }
}

/// One document of the window: clauses matched, the last clause counted (so that two
/// alternatives of one clause count once) and the summed score, side by side: a posting
/// touches one cache line, not one in each of three arrays.
#[derive(Clone, Copy, Default)]
struct Slot {
    score: Score,
    count: u32,
    last_clause: u32,
}

/// The window's documents, and the offsets touched, as a bitset (read in order, no sort).
struct Window {
    /// `WINDOW` slots, indexed by `offset & (WINDOW - 1)`: a fixed size lets the compiler drop
    /// the bounds checks of the posting loops.
    slots: Box<[Slot; WINDOW as usize]>,
    touched: Vec<u64>,
}

/// The slot index of a document `doc − start` of a window (always below `WINDOW`).
#[inline]
fn slot(offset: u32) -> usize {
    (offset & (WINDOW - 1)) as usize
}

impl Window {
    fn new() -> Self {
        Window {
            slots: Box::new([Slot::default(); WINDOW as usize]),
            touched: vec![0; WINDOW as usize / 64],
        }
    }

    /// Reads one alternative's postings from `start` up to `end` into the window.
    #[inline]
    fn fill<S: Scorer + ?Sized>(
        &mut self,
        scorer: &mut S,
        clause: u32,
        needed: u32,
        start: DocId,
        end: DocId,
    ) {
        let mut doc = scorer.doc();
        while doc < end {
            let i = slot(doc - start);
            let at = &mut self.slots[i];
            if at.last_clause != clause {
                if at.count < needed {
                    doc = scorer.advance();
                    continue;
                }
                at.last_clause = clause;
                at.count += 1;
                self.touched[i / 64] |= 1 << (i % 64);
            }
            at.score += scorer.score();
            doc = scorer.advance();
        }
    }

    /// Reads an optional alternative's postings from `start` up to `end`: only documents
    /// already at `min` (every clause has been read into the window) take its score.
    #[inline]
    fn fill_optional<S: Scorer + ?Sized>(
        &mut self,
        scorer: &mut S,
        min: u32,
        start: DocId,
        end: DocId,
    ) {
        let mut doc = scorer.doc();
        if doc < start {
            // Windows start where the clauses are: skip what lies between.
            doc = scorer.seek(start);
        }
        while doc < end {
            let at = &mut self.slots[slot(doc - start)];
            if at.count >= min {
                at.score += scorer.score();
            }
            doc = scorer.advance();
        }
    }

    /// Moves the documents reaching `min` into `matched` (in order) and clears the window.
    fn drain(&mut self, min: u32, matched: &mut Vec<(u32, Score)>) {
        matched.clear();
        for (w, word) in self.touched.iter_mut().enumerate() {
            let mut bits = std::mem::take(word);
            while bits != 0 {
                let i = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let at = std::mem::take(&mut self.slots[i & (WINDOW as usize - 1)]);
                if at.count >= min {
                    matched.push((i as u32, at.score));
                }
            }
        }
    }
}

/// The windowed counting scorer.
///
/// Clauses are read rarest first. A document matching k of n clauses matches at least one of
/// the n − k + 1 rarest (pigeonhole), so the k − 1 commonest clauses (the "tail", often the
/// longest postings: "của", "và", "các") only count and score documents that the rarer ones
/// have already brought within reach of k; their other postings are stepped over unscored.
/// This is the bound of Lucene's `MinShouldMatchSumScorer`, applied per window.
struct MinMatchScorer {
    alternatives: Vec<Alternative>,
    /// Scoring-only alternatives, read after the clauses.
    optional: Vec<AlternativePostings>,
    min: u32,
    window: Window,
    /// Documents of the window reaching `min`: offset and score, in order.
    matched: Vec<(u32, Score)>,
    cursor: usize,
    window_start: DocId,
    doc: DocId,
    score: Score,
}

impl MinMatchScorer {
    fn new(
        scorers: Vec<(u32, Box<dyn Scorer>)>,
        min: usize,
        optional: Vec<AlternativePostings>,
    ) -> Self {
        // Clauses by cost (their alternatives' document counts), rarest first.
        let mut costs: std::collections::BTreeMap<u32, u64> = Default::default();
        for (clause, scorer) in &scorers {
            *costs.entry(*clause).or_default() += u64::from(scorer.size_hint());
        }
        let mut order: Vec<(u64, u32)> = costs.into_iter().map(|(c, cost)| (cost, c)).collect();
        order.sort_unstable();
        let n = order.len() as u32;
        let min_u = min as u32;
        let tail_from = n.saturating_sub(min_u.saturating_sub(1));
        let rank: std::collections::HashMap<u32, u32> = order
            .iter()
            .enumerate()
            .map(|(r, &(_, c))| (c, r as u32))
            .collect();
        let mut alternatives: Vec<Alternative> = scorers
            .into_iter()
            .map(|(clause, scorer)| {
                let r = rank.get(&clause).copied().unwrap_or(0);
                // The j-th tail clause (j from 0) is reached with n − r clauses left,
                // itself included: a document needs min − (n − r) matches already.
                let needed = if r >= tail_from {
                    min_u.saturating_sub(n - r)
                } else {
                    0
                };
                Alternative {
                    clause,
                    needed,
                    postings: AlternativePostings::new(scorer),
                }
            })
            .collect();
        alternatives.sort_by_key(|a| rank.get(&a.clause).copied().unwrap_or(0));
        let mut this = MinMatchScorer {
            alternatives,
            optional,
            min: min as u32,
            window: Window::new(),
            matched: Vec::new(),
            cursor: 0,
            window_start: 0,
            doc: TERMINATED,
            score: 0.0,
        };
        this.next_window();
        this
    }

    /// Fills the next window holding at least one match, starting at the lowest document any
    /// clause is on, and moves to its first match (or to TERMINATED).
    fn next_window(&mut self) -> DocId {
        loop {
            let start = self
                .alternatives
                .iter()
                .map(|a| a.postings.doc())
                .min()
                .unwrap_or(TERMINATED);
            if start == TERMINATED {
                self.doc = TERMINATED;
                return TERMINATED;
            }
            let end = start.saturating_add(WINDOW);
            self.window_start = start;
            for a in &mut self.alternatives {
                match &mut a.postings {
                    AlternativePostings::Term(t) => {
                        self.window.fill(t.as_mut(), a.clause, a.needed, start, end)
                    }
                    AlternativePostings::Other(o) => {
                        self.window.fill(o.as_mut(), a.clause, a.needed, start, end)
                    }
                }
            }
            for o in &mut self.optional {
                match o {
                    AlternativePostings::Term(t) => {
                        self.window.fill_optional(t.as_mut(), self.min, start, end)
                    }
                    AlternativePostings::Other(o) => {
                        self.window.fill_optional(o.as_mut(), self.min, start, end)
                    }
                }
            }
            self.window.drain(self.min, &mut self.matched);
            if !self.matched.is_empty() {
                self.cursor = 0;
                return self.current();
            }
        }
    }

    fn current(&mut self) -> DocId {
        let (offset, score) = self.matched[self.cursor];
        self.doc = self.window_start + offset;
        self.score = score;
        self.doc
    }
}

impl DocSet for MinMatchScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.cursor += 1;
        if self.cursor < self.matched.len() {
            self.current()
        } else {
            self.next_window()
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if target < self.window_start.saturating_add(WINDOW) {
            // Within the buffered window: walk the matches, then the next windows.
            while self.cursor < self.matched.len()
                && self.window_start + self.matched[self.cursor].0 < target
            {
                self.cursor += 1;
            }
            if self.cursor < self.matched.len() {
                return self.current();
            }
        } else {
            let optional = self.optional.iter_mut();
            for postings in self
                .alternatives
                .iter_mut()
                .map(|a| &mut a.postings)
                .chain(optional)
            {
                if postings.doc() < target {
                    postings.docset().seek(target);
                }
            }
        }
        let mut doc = self.next_window();
        while doc < target {
            doc = self.advance();
        }
        doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.alternatives
            .iter()
            .map(|a| a.postings.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for MinMatchScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, Occur, RangeQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, FAST, INDEXED, TEXT};
    use tantivy::{doc, Index};

    /// An index of 20,000 documents (several windows) over a small vocabulary, with a numeric
    /// field to intersect with (so that seeking is exercised).
    fn index() -> (Index, tantivy::schema::Field, tantivy::schema::Field) {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT);
        let n = b.add_u64_field("n", INDEXED | FAST);
        let index = Index::create_in_ram(b.build());
        let mut writer = index.writer(50_000_000).unwrap();
        let words = ["môi", "trường", "lạng", "sơn", "an", "ninh", "nước", "rừng"];
        let mut state: u64 = 7;
        for i in 0..20_000u64 {
            let mut body = Vec::new();
            for w in words {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if (state >> 33).is_multiple_of(5) {
                    body.push(w);
                }
            }
            // A rare word, one document in a window or two: postings that windows skip past.
            if i % 4999 == 3 || i % 7919 == 11 {
                body.push("hiếm");
            }
            writer
                .add_document(doc!(text => body.join(" "), n => i))
                .unwrap();
        }
        writer.commit().unwrap();
        (index, text, n)
    }

    fn term(text: tantivy::schema::Field, word: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(text, word),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// The same term as [`crate::term::ScoredTerm`]: the window loop reads it by type.
    fn scored(text: tantivy::schema::Field, word: &str) -> Box<dyn Query> {
        Box::new(crate::term::ScoredTerm::new(
            Term::from_field_text(text, word),
            1.0,
        ))
    }

    /// Five clauses, three of them with two alternatives: a document holding both
    /// alternatives of a clause matches that clause once and scores both.
    fn clauses(text: tantivy::schema::Field) -> Vec<Vec<Box<dyn Query>>> {
        clauses_of(text, term)
    }

    fn clauses_of(
        text: tantivy::schema::Field,
        term: fn(tantivy::schema::Field, &str) -> Box<dyn Query>,
    ) -> Vec<Vec<Box<dyn Query>>> {
        [
            &["môi", "ninh"][..],
            &["trường"],
            &["lạng", "an"],
            &["sơn"],
            &["nước", "rừng"],
        ]
        .iter()
        .map(|alternatives| alternatives.iter().map(|w| term(text, w)).collect())
        .collect()
    }

    fn tantivy_min_match(text: tantivy::schema::Field, min: usize) -> BooleanQuery {
        BooleanQuery::with_minimum_required_clauses(
            clauses(text)
                .into_iter()
                .map(|alternatives| {
                    let any: Box<dyn Query> = Box::new(BooleanQuery::new(
                        alternatives
                            .into_iter()
                            .map(|q| (Occur::Should, q))
                            .collect(),
                    ));
                    (Occur::Should, any)
                })
                .collect(),
            min,
        )
    }

    #[test]
    fn matches_and_scores_equal_tantivys_minimum_match() {
        let (index, text, _) = index();
        let searcher = index.reader().unwrap().searcher();
        // Tantivy's term queries (read through `dyn Scorer`) and ours (read by type).
        // Up to all five clauses: k = n is how the AND mode of short queries runs.
        for (min, term) in (2..=5).flat_map(|m| [(m, term as fn(_, &_) -> _), (m, scored)]) {
            let ours = MinMatchQuery::new(clauses_of(text, term), min);
            let theirs = tantivy_min_match(text, min);
            let top = || TopDocs::with_limit(50_000).order_by_score();
            let (a, ca) = searcher.search(&ours, &(top(), Count)).unwrap();
            let (b, cb) = searcher.search(&theirs, &(top(), Count)).unwrap();
            assert_eq!(ca, cb, "count at min {min}");
            assert!(ca > 20, "the test must match many documents: {ca}");
            let mut a: Vec<_> = a.into_iter().map(|(s, d)| (d, s)).collect();
            let mut b: Vec<_> = b.into_iter().map(|(s, d)| (d, s)).collect();
            a.sort_by_key(|x| x.0);
            b.sort_by_key(|x| x.0);
            for ((da, sa), (db, sb)) in a.iter().zip(&b) {
                assert_eq!(da, db);
                assert!((sa - sb).abs() < 1e-4, "{sa} vs {sb}");
            }
        }
    }

    /// Optional alternatives score the documents the clauses match, as tantivy's `Should`
    /// beside a `Must` does, and match no other document.
    #[test]
    fn optional_alternatives_score_the_matches_only() {
        let (index, text, _) = index();
        let searcher = index.reader().unwrap().searcher();
        let optional = || {
            vec![
                scored(text, "rừng"),
                term(text, "ninh"),
                scored(text, "vắng"),
                scored(text, "hiếm"),
            ]
        };
        for min in [2, 5] {
            let ours = MinMatchQuery::new(clauses_of(text, scored), min).with_optional(optional());
            let mut theirs: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Must, Box::new(tantivy_min_match(text, min)))];
            theirs.extend(optional().into_iter().map(|q| (Occur::Should, q)));
            let theirs = BooleanQuery::new(theirs);
            let plain = MinMatchQuery::new(clauses_of(text, scored), min);
            let top = || TopDocs::with_limit(50_000).order_by_score();
            let (a, ca) = searcher.search(&ours, &(top(), Count)).unwrap();
            let (b, cb) = searcher.search(&theirs, &(top(), Count)).unwrap();
            let (c, _) = searcher.search(&plain, &(top(), Count)).unwrap();
            assert_eq!(ca, cb, "count at min {min}");
            let by_doc = |v: Vec<(Score, tantivy::DocAddress)>| {
                let mut v: Vec<_> = v.into_iter().map(|(s, d)| (d, s)).collect();
                v.sort_by_key(|x| x.0);
                v
            };
            let (a, b, c) = (by_doc(a), by_doc(b), by_doc(c));
            let mut raised = 0;
            for (((da, sa), (db, sb)), (_, sc)) in a.iter().zip(&b).zip(&c) {
                assert_eq!(da, db);
                assert!((sa - sb).abs() < 1e-4, "{sa} vs {sb}");
                raised += usize::from(sa > sc);
            }
            assert!(raised > 20, "the optional terms must score: {raised}");
        }
    }

    #[test]
    fn scored_terms_are_read_by_type() {
        let (index, text, _) = index();
        let searcher = index.reader().unwrap().searcher();
        let reader = searcher.segment_reader(0);
        let postings = |q: Box<dyn Query>| {
            let weight = q
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .unwrap();
            AlternativePostings::new(weight.scorer(reader, 1.0).unwrap())
        };
        assert!(matches!(
            postings(scored(text, "môi")),
            AlternativePostings::Term(_)
        ));
        assert!(matches!(
            postings(term(text, "môi")),
            AlternativePostings::Other(_)
        ));
    }

    #[test]
    fn seeking_inside_an_intersection_gives_the_same_documents() {
        let (index, text, n) = index();
        let searcher = index.reader().unwrap().searcher();
        // Sparse ranges force seeks within and beyond the buffered window.
        let range = |from: u64, to: u64| -> Box<dyn Query> {
            Box::new(RangeQuery::new(
                std::ops::Bound::Included(Term::from_field_u64(n, from)),
                std::ops::Bound::Excluded(Term::from_field_u64(n, to)),
            ))
        };
        let ranges = [(0, 50), (4090, 4110), (9000, 19_999), (12_345, 12_346)];
        for ((from, to), min) in ranges.into_iter().flat_map(|r| [(r, 2), (r, 5)]) {
            let with = |q: Box<dyn Query>| {
                BooleanQuery::new(vec![(Occur::Must, q), (Occur::Must, range(from, to))])
            };
            // An optional alternative changes no match, also across seeks.
            let ours = MinMatchQuery::new(clauses_of(text, scored), min)
                .with_optional(vec![scored(text, "rừng")]);
            let ours = with(Box::new(ours));
            let theirs = with(Box::new(tantivy_min_match(text, min)));
            let a = searcher.search(&ours, &Count).unwrap();
            let b = searcher.search(&theirs, &Count).unwrap();
            assert_eq!(a, b, "range {from}..{to}, at least {min}");
        }
    }

    #[test]
    fn too_few_clauses_for_the_minimum_match_nothing() {
        let (index, text, _) = index();
        let searcher = index.reader().unwrap().searcher();
        let mut qs = clauses(text);
        qs.truncate(2);
        qs.push(vec![term(text, "absent"), term(text, "missing")]);
        let q = MinMatchQuery::new(qs, 3);
        assert_eq!(searcher.search(&q, &Count).unwrap(), 0);
    }
}
