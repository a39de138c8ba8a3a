//! Second-phase scoring of the best candidates of a query.
//!
//! Why: a long query (a news title, a legal question: 10–40 syllables) matches on its folded
//! syllables, and every syllable also scores in the exact fields, and every pair of
//! neighbouring syllables by its adjacency (see [`crate::adjacency`]). Read for every matching
//! document, the exact postings doubled the postings a search reads (the exact body postings
//! of a syllable are nearly as long as its folded ones), and adjacency reads positions. They
//! change no match, only the order: a document matching an exact term also matches its folded
//! term (both analyzers give the same positions), and the pairs are optional. So the first
//! phase matches, counts and ranks on the folded fields only (a short query: on all its
//! fields but adjacency; a long one also by the query's pairs in the documents' leads, which
//! the second phase subtracts again, see `search::Planner::lead_pairs`), and this module adds
//! the remaining scores to the best candidates ([`RESCORE_DEPTH`], [`LEAD_RESCORE_DEPTH`]) by
//! checking each scorer on them. A candidate's final score is exactly the
//! score the whole query gives it; what is approximate is only which documents are
//! candidates: one outside the first phase's best could have been lifted into the page by
//! its exact and pair scores (so, as for any two-phase ranking, a page beyond the depth can
//! order differently from the first pages). The relevance bench prints how many one-phase
//! hits a two-phase page misses.
//! This is the first/second-phase split of Vespa's ranking and Lucene's `QueryRescorer`.

use std::collections::BTreeMap;

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocSet, Score, SeekDangerResult};

use crate::statistics::SearchStatistics;

/// Candidates rescored: far beyond a page, so the first phase's order rarely decides the page.
/// On 1,000 news titles cut to their first 3 or 5 syllables (short queries: every syllable
/// required, all but adjacency in the first phase), a page at 200 differs from the one-phase
/// page in 0.1% / 0.7% of the queries; at 50 in 2.8% / 4.8%.
pub const RESCORE_DEPTH: usize = 200;

/// Candidates rescored when the first phase also ranks by the pairs of the documents' leads
/// (a long query, see `search::Planner::lead_pairs`). Measured against the one-phase ranking,
/// as one-phase hits per page of 10 missing from the two-phase page:
///
/// | depth | 1,000 news titles (search, one thread) | ALQAC 2023 / 2024 questions |
/// |---|---|---|
/// | 200, no lead pairs (before) | 1.16 (1.62 ms) | 0.05 / 0.05 |
/// | 200 | 0.60 (1.75 ms) | 0.06 / 0.05 |
/// | 100 | 0.76 (1.59 ms) | 0.11 / 0.07 |
/// | 50 | 1.00 (1.38 ms) | 0.26 / 0.16 |
///
/// A news title's pairs stand in the leads the field holds; the pairs of a legal question are
/// often deeper in an article, where the lead pairs cannot help and a shallow depth loses more.
/// 100 keeps both close at the speed of before; ALQAC nDCG@10 is the same at every depth.
pub const LEAD_RESCORE_DEPTH: usize = 100;

/// Adds the scores of `terms` (scoring-only queries: terms, the adjacency pass) to every
/// candidate and returns them best first.
pub fn rescore(
    statistics: &SearchStatistics,
    terms: &[Box<dyn Query>],
    mut candidates: Vec<(Score, DocAddress)>,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    if terms.is_empty() || candidates.is_empty() {
        return Ok(candidates);
    }
    // Candidates of each segment, in document order (a scorer only moves forward).
    let mut by_segment: BTreeMap<u32, Vec<(u32, usize)>> = BTreeMap::new();
    for (i, (_, address)) in candidates.iter().enumerate() {
        by_segment
            .entry(address.segment_ord)
            .or_default()
            .push((address.doc_id, i));
    }
    let searcher = statistics.searcher();
    let scoring = EnableScoring::enabled_from_statistics_provider(statistics, searcher);
    let weights = terms
        .iter()
        .map(|q| q.weight(scoring))
        .collect::<tantivy::Result<Vec<_>>>()?;
    // Segments on the search threads, like the first phase.
    let extras = searcher.index().search_executor().map(
        |(segment, mut docs): (u32, Vec<(u32, usize)>)| {
            docs.sort_unstable();
            let reader = searcher.segment_reader(segment);
            let mut extra: Vec<(usize, Score)> = Vec::new();
            let Some(&(first, _)) = docs.first() else {
                return Ok(extra);
            };
            for weight in &weights {
                // `seek_danger` checks a candidate without moving on to the next match: a
                // phrase scorer's `seek` would test every document holding both syllables up
                // to the next phrase match, which for common pairs is most of the segment.
                let (mut found, mut scorer) = weight.scorer_danger(reader, first, 1.0)?;
                for (n, &(doc, i)) in docs.iter().enumerate() {
                    if n > 0 {
                        found = scorer.seek_danger(doc);
                    }
                    if found == SeekDangerResult::Found {
                        extra.push((i, scorer.score()));
                    }
                }
            }
            Ok(extra)
        },
        by_segment.into_iter(),
    )?;
    for (i, score) in extras.into_iter().flatten() {
        candidates[i].0 += score;
    }
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.segment_ord.cmp(&b.1.segment_ord))
            .then_with(|| a.1.doc_id.cmp(&b.1.doc_id))
    });
    Ok(candidates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, Term};

    fn term(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// Rescoring the first phase's candidates with the optional terms gives exactly the
    /// scores and order of the whole query, when every match is a candidate.
    #[test]
    fn rescored_candidates_score_as_the_whole_query() {
        let mut b = Schema::builder();
        let folded = b.add_text_field("folded", TEXT);
        let exact = b.add_text_field("exact", TEXT | tantivy::schema::STORED);
        let index = Index::create_in_ram(b.build());
        let mut writer = index.writer(50_000_000).unwrap();
        let spellings = [
            ("moi truong", "môi trường"),
            ("moi truong", "mới trương"),
            ("moi", "mỗi"),
        ];
        for i in 0..3_000usize {
            let (f, e) = spellings[i % spellings.len()];
            let extra = if i % 7 == 0 { " moi" } else { "" };
            writer
                .add_document(doc!(folded => format!("{f}{extra}"), exact => e))
                .unwrap();
            if i == 1_500 {
                writer.commit().unwrap(); // two segments
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let first = || -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, term(folded, "moi")),
                (Occur::Should, term(folded, "truong")),
            ]))
        };
        let optional = || -> Vec<Box<dyn Query>> {
            vec![
                term(exact, "môi"),
                Box::new(BoostQuery::new(term(exact, "trường"), 2.0)),
            ]
        };
        let mut whole: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, first())];
        whole.extend(optional().into_iter().map(|q| (Occur::Should, q)));
        let whole = BooleanQuery::new(whole);

        let all = TopDocs::with_limit(10_000).order_by_score();
        let candidates = searcher.search(first().as_ref(), &all).unwrap();
        assert_eq!(candidates.len(), 3_000);
        let statistics = SearchStatistics::new(&searcher);
        let rescored = rescore(&statistics, &optional(), candidates).unwrap();
        let expected = searcher.search(&whole, &all).unwrap();
        assert_eq!(rescored.len(), expected.len());
        for ((a, _), (b, _)) in rescored.iter().zip(&expected) {
            assert!((a - b).abs() < 1e-4, "{a} vs {b}");
        }
        // The exact spelling rises to the top, as in the whole query.
        let top = searcher
            .doc::<tantivy::TantivyDocument>(rescored[0].1)
            .unwrap();
        let text = top.get_first(exact).and_then(|v| {
            use tantivy::schema::Value;
            v.as_str().map(str::to_string)
        });
        assert_eq!(text.as_deref(), Some("môi trường"));
    }

    #[test]
    fn no_terms_keep_the_candidates_as_they_are() {
        let mut b = Schema::builder();
        b.add_text_field("f", TEXT);
        let index = Index::create_in_ram(b.build());
        let searcher = index.reader().unwrap().searcher();
        let candidates = vec![(1.0, DocAddress::new(0, 3)), (2.0, DocAddress::new(0, 1))];
        assert_eq!(
            rescore(&SearchStatistics::new(&searcher), &[], candidates.clone()).unwrap(),
            candidates
        );
    }
}
