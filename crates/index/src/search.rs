//! From a parsed query to a tantivy query: analysis, diacritic restoration, ranking clauses,
//! filters.
//!
//! Ranking, from the inside out:
//! - one syllable matches in four fields: title and body, exact and folded. The folded fields
//!   make every spelling match; the exact ones add score when the user's diacritics (typed or
//!   restored) agree, so an exact match ranks above a folded-only one; the title is boosted;
//! - adjacent query syllables add a boost (each neighbouring pair scored by how often it
//!   stands side by side, read from positions for the best candidates, see
//!   [`crate::adjacency`]), so "an ninh môi trường" written together ranks above the four
//!   syllables scattered;
//! - short queries require every syllable (AND); long natural-language queries (more than
//!   [`RankingOptions::long_query`] syllables, no operators) switch to ranking mode: any
//!   syllable may match, with at least [`RankingOptions::long_query_min_match`] of them;
//! - a short query that finds fewer than [`crate::RELAX_BELOW`] documents with every syllable
//!   required is run again relaxed (at least [`RankingOptions::relaxed_min_match`] of its
//!   syllables): a page that does not repeat the province's name is still found, below those
//!   that do (they are ranked first).
//!
//! Everything is built from tantivy query objects, never from tantivy's query grammar.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use tantivy::query::{
    AllQuery, Bm25Weight, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur,
    PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, Term};

use crate::query::{Clause, ParsedQuery};
use crate::restore::Restorer;
use crate::schema::Fields;
use crate::snippet::Highlighter;
use crate::statistics::SearchStatistics;
use crate::SearchRequest;

/// Weights and modes of the ranking; the defaults are the ones the relevance bench chose.
#[derive(Debug, Clone)]
pub struct RankingOptions {
    /// Multiplier of title matches.
    pub title_boost: f32,
    /// Multiplier of exact-field matches (added on top of the folded match).
    pub exact_boost: f32,
    /// Multiplier of the folded-field matches of a syllable the user typed with diacritics
    /// (see [`Syllable::typed`]): "đổ xô" in a title outranked "xổ số" in a body, the
    /// folded title match of "xô" weighing more than an exact body match. Measured (relevance
    /// bench, ALQAC nDCG@10 written 2023 / 2024): 1.0 0.902 / 0.909; 0.75 0.902 / 0.910;
    /// 0.6 0.899 / 0.907; 0.5 0.899 / 0.908; 0.25 0.891 / 0.913. On 2,000 news, "xổ số" at
    /// 0.75 ranks the 9 documents holding it first (at 1.0 an "đổ xô" story was 7th).
    pub typed_folded_weight: f32,
    /// Weight of an adjacent-syllable (bigram) match.
    pub bigram_boost: f32,
    /// Above this many syllables a query without operators is ranked, not filtered.
    pub long_query: usize,
    /// Fraction of the syllables a document must hold in ranking mode.
    pub long_query_min_match: f32,
    /// Fraction of the syllables a document must hold when a short query found too few
    /// documents with all of them and is relaxed.
    pub relaxed_min_match: f32,
    /// Restore the diacritics of queries typed without them.
    pub restore_diacritics: bool,
    /// Score the adjacency of neighbouring query syllables at all.
    pub bigrams: bool,
    /// Two phases: match and rank first (a long query on the folded fields, a short one on
    /// all its terms), then add the scores that change no match (a long query's exact
    /// syllables, every query's adjacency) to the best candidates only (see
    /// [`crate::rescore`]).
    pub rescore: bool,
    /// In two-phase ranking mode, syllables in more than this fraction of the documents score
    /// the best candidates only, without matching (see `Planner::common_syllables`); 1.0
    /// turns it off.
    pub common_terms: f32,
}

/// Fewest documents for a long query's common syllables to leave the first phase: a small
/// corpus's statistics say little (one added document would turn a syllable from rare to
/// common and change what matches), and its searches are fast anyway.
pub const COMMON_TERMS_MIN_DOCS: u64 = 1_000;

/// Fewest other clauses a ranking-mode query keeps for its common syllables to leave the
/// first phase.
pub const MIN_RARE: usize = 3;

impl Default for RankingOptions {
    fn default() -> Self {
        RankingOptions {
            title_boost: 2.0,
            exact_boost: 1.0,
            typed_folded_weight: 0.75,
            bigram_boost: 1.0,
            long_query: 6,
            long_query_min_match: 0.3,
            relaxed_min_match: 0.5,
            restore_diacritics: true,
            bigrams: true,
            rescore: true,
            // Measured (relevance and speed benches): at 0.4 ALQAC nDCG@10 is the same as
            // without the split and a news-title search takes 0.68× the time; at 0.2 ALQAC
            // 2023 loses 0.014 nDCG@10 and the title search is slower than at 0.4 (more
            // common terms to seek in the rescore phase).
            common_terms: 0.4,
        }
    }
}

/// The syllables at one position of an analysed text: alternatives in each stream.
#[derive(Debug, Clone, Default)]
pub struct Syllable {
    pub exact: Vec<String>,
    pub folded: Vec<String>,
    /// The user wrote this syllable with diacritics ("xổ", "số"; not "an", not a syllable
    /// restored): its folded-only matches ("xô" of "đổ xô") are other words.
    pub typed: bool,
}

fn stream(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize)> {
    let mut s = analyzer.token_stream(text);
    let mut out = Vec::new();
    while s.advance() {
        let t = s.token();
        out.push((t.text.clone(), t.position));
    }
    out
}

/// Analyses a text with both analyzers into syllables by position.
pub fn syllables(exact: &mut TextAnalyzer, folded: &mut TextAnalyzer, text: &str) -> Vec<Syllable> {
    let mut by_position: BTreeMap<usize, Syllable> = BTreeMap::new();
    for (t, p) in stream(exact, text) {
        let s = by_position.entry(p).or_default();
        if !s.exact.contains(&t) {
            s.exact.push(t);
        }
    }
    for (t, p) in stream(folded, text) {
        let s = by_position.entry(p).or_default();
        if !s.folded.contains(&t) {
            s.folded.push(t);
        }
    }
    by_position
        .into_values()
        .filter(|s| !s.exact.is_empty() || !s.folded.is_empty())
        .collect()
}

/// A clause with its analysed syllables.
struct Analysed {
    clause: Clause,
    syllables: Vec<Syllable>,
}

/// The statistics of a pair of syllables for BM25 (see [`crate::adjacency`]). Its document
/// frequency is estimated from the bigram field, which holds the lead of each text only (see
/// [`crate::bigram`]), scaled by the share of the text the leads cover; its length norm is
/// that of title and body together.
struct PairStatistics {
    docs: u64,
    /// Tokens of title and body per token of the bigram field.
    scale: f32,
    /// Average length of title and body together.
    average: f32,
    bigram: tantivy::schema::Field,
}

impl PairStatistics {
    fn new(statistics: &SearchStatistics, f: &Fields) -> Self {
        use tantivy::query::Bm25StatisticsProvider;
        let tokens = |field| statistics.total_num_tokens(field).unwrap_or(0) as f32;
        let text = tokens(f.body) + tokens(f.title);
        // As tantivy's own term weights: documents frequencies count deleted documents too.
        let docs = statistics.total_num_docs().unwrap_or(0).max(1);
        PairStatistics {
            docs,
            // A text of n syllables has n - 1 pairs: two texts (title, body) per document.
            scale: (text / (tokens(f.bigram) + 2.0 * docs as f32).max(1.0)).max(1.0),
            average: (text / docs as f32).max(1.0),
            bigram: f.bigram,
        }
    }

    fn weight(&self, statistics: &SearchStatistics, first: &str, second: &str) -> Bm25Weight {
        let term = Term::from_field_text(self.bigram, &crate::bigram::join(first, second));
        let lead = statistics.doc_freq_or_zero(&term);
        Bm25Weight::for_one_term_without_explain(self.estimate(lead), self.docs, self.average)
    }

    /// The documents holding a pair that `lead` documents hold in their leads. A text
    /// `scale` leads long holds a pair in any of them: 1 − (1 − p)^scale of the documents,
    /// p the share of leads holding it (a document counts once however often it repeats the
    /// pair). A pair no lead holds is taken as rare: idf as for a term in no document.
    fn estimate(&self, lead: u64) -> u64 {
        let p = (lead as f64 / self.docs as f64).min(1.0);
        let share = 1.0 - (1.0 - p).powf(f64::from(self.scale));
        ((share * self.docs as f64).round() as u64).clamp(lead.min(self.docs), self.docs)
    }
}

/// Builds tantivy queries for one searcher.
pub struct Planner<'a> {
    pub fields: &'a Fields,
    pub options: &'a RankingOptions,
    pub exact: TextAnalyzer,
    pub folded: TextAnalyzer,
    /// The bigram field holds folded pairs joined by '_' (`vi_bigram`), not exact ones.
    pub folded_bigrams: bool,
    /// The bigram field holds Viet74K compound words (`vi_compound`), not pairs.
    pub compound_words: bool,
}

/// The query to run and what to highlight.
pub struct Plan {
    pub query: Box<dyn Query>,
    pub highlighter: Highlighter,
    /// The query had words but none survived analysis (only punctuation): nothing can match.
    pub empty: bool,
    /// All syllables were required and the query may be relaxed into ranking mode if that
    /// finds too few documents.
    pub relaxable: bool,
    /// Scoring-only queries (terms, the adjacency pass) added to the best candidates of
    /// `query` (see [`crate::rescore`]); empty when `query` scores everything itself.
    pub rescore: Vec<Box<dyn Query>>,
    /// How many of `query`'s best candidates `rescore` scores.
    pub rescore_depth: usize,
}

fn term(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// How a syllable's terms are built: [`scored`] where `minmatch` reads them, [`plain`] where
/// tantivy's boolean scorers do (they specialise on tantivy's own term scorer).
type TermMaker = fn(tantivy::schema::Field, &str, f32) -> Box<dyn Query>;

/// A syllable's term, as [`crate::term::ScoredTerm`] (a type the window loop of `minmatch`
/// reads without indirect calls).
fn scored(field: tantivy::schema::Field, text: &str, boost: f32) -> Box<dyn Query> {
    Box::new(crate::term::ScoredTerm::new(
        Term::from_field_text(field, text),
        boost,
    ))
}

/// A syllable's term as tantivy's boosted `TermQuery`.
fn plain(field: tantivy::schema::Field, text: &str, b: f32) -> Box<dyn Query> {
    boost(term(field, text), b)
}

fn boost(q: Box<dyn Query>, b: f32) -> Box<dyn Query> {
    if (b - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, b))
    }
}

fn all_of(mut qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if qs.len() == 1 {
        return qs.pop().unwrap_or_else(|| Box::new(EmptyQuery));
    }
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

/// The query's neighbouring syllables, in order: what the adjacency pairs and the snippet's
/// pairs are made of. A document number breaks the sequence (its parts are not words).
fn neighbours(groups: &[Vec<Analysed>]) -> Vec<(&Syllable, &Syllable)> {
    let mut out = Vec::new();
    let mut previous: Option<&Syllable> = None;
    for a in groups.iter().flatten() {
        if matches!(a.clause, Clause::Number { .. }) {
            previous = None;
            continue;
        }
        for s in &a.syllables {
            if let Some(p) = previous {
                out.push((p, s));
            }
            previous = Some(s);
        }
    }
    out
}

/// The names a filter value is looked up under: as typed, for an agency also the agency it
/// names ("Sở TN&MT", "UBND tỉnh Lạng Sơn": its id and full name, as ingest indexes mentions),
/// for a place its province's name. A filter typed as an abbreviation found nothing.
fn filter_names(prefix: &str, value: &str) -> Vec<String> {
    let mut names = vec![value.to_string()];
    match prefix {
        "agency" => {
            if let Some(agency) = tracuu_facts::resolve_agency(value) {
                names.push(agency.id);
                names.push(agency.name);
            }
        }
        // The province names the place facet holds ("TP.HCM", "Sài Gòn" → "Hồ Chí Minh").
        "place" => names.extend(tracuu_facts::canonical_place(value)),
        _ => {}
    }
    names
}

fn any_of(mut qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if qs.len() == 1 {
        return qs.pop().unwrap_or_else(|| Box::new(EmptyQuery));
    }
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// Whether `text` was typed with any diacritic (or đ).
pub(crate) fn has_diacritics(text: &str) -> bool {
    tracuu_text::fold(text) != text.to_lowercase()
}

fn date_time(date: NaiveDate) -> DateTime {
    let secs = date
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc().timestamp())
        .unwrap_or(0);
    DateTime::from_timestamp_secs(secs)
}

impl Planner<'_> {
    /// One syllable in the four text fields.
    fn syllable(&self, s: &Syllable) -> Box<dyn Query> {
        let mut qs = self.exact_terms(s, plain);
        qs.extend(self.folded_terms(s, plain));
        any_of(qs)
    }

    /// The exact-field terms of a syllable: they add score, never a match (a document holding
    /// an exact term holds its folded term at the same position).
    fn exact_terms(&self, s: &Syllable, make: TermMaker) -> Vec<Box<dyn Query>> {
        let f = self.fields;
        let [title, body] = self.exact_boosts();
        s.exact
            .iter()
            .flat_map(|e| [make(f.title, e, title), make(f.body, e, body)])
            .collect()
    }

    /// Boosts of an exact term in title and body: one place for [`Self::exact_terms`] and
    /// the adjacency pass, which must score alike.
    fn exact_boosts(&self) -> [f32; 2] {
        let o = self.options;
        [o.title_boost * o.exact_boost, o.exact_boost]
    }

    fn folded_terms(&self, s: &Syllable, make: TermMaker) -> Vec<Box<dyn Query>> {
        let (f, o) = (self.fields, self.options);
        let weight = if s.typed { o.typed_folded_weight } else { 1.0 };
        s.folded
            .iter()
            .flat_map(|d| {
                [
                    make(f.title_folded, d, o.title_boost * weight),
                    make(f.body_folded, d, weight),
                ]
            })
            .collect()
    }

    /// The folded forms of a ranking-mode query's common syllables: those in more than
    /// [`RankingOptions::common_terms`] of the documents ("của", "và", "các", "quy định" in a
    /// legal corpus). They neither match nor rank in the first phase and score the best
    /// candidates only (see [`crate::rescore`]), like Lucene's `CommonTermsQuery`: their
    /// postings were most of the postings a long query read, for little of its ranking (a
    /// candidate's final score still counts them). None when fewer than [`MIN_RARE`] other
    /// clauses would remain (a query of common words matches on all of them), for a short
    /// query relaxed into ranking mode, and below [`COMMON_TERMS_MIN_DOCS`] documents.
    fn common_syllables(
        &self,
        groups: &[Vec<Analysed>],
        statistics: &SearchStatistics,
    ) -> Vec<Vec<String>> {
        let searcher = statistics.searcher();
        if self.options.common_terms >= 1.0 || searcher.num_docs() < COMMON_TERMS_MIN_DOCS {
            return Vec::new();
        }
        // Document frequencies count deleted documents too: so does the denominator.
        let docs: u64 = searcher
            .segment_readers()
            .iter()
            .map(|r| u64::from(r.max_doc()))
            .sum();
        let limit = self.options.common_terms * docs as f32;
        let (mut common, mut rare) = (Vec::new(), 0);
        for a in groups.iter().flatten() {
            if matches!(a.clause, Clause::Number { .. }) {
                rare += 1;
                continue;
            }
            for s in &a.syllables {
                let df = s.folded.first().map_or(0, |t| {
                    let term = Term::from_field_text(self.fields.body_folded, t);
                    statistics.doc_freq_or_zero(&term)
                });
                if df as f32 > limit {
                    common.push(s.folded.clone());
                } else {
                    rare += 1;
                }
            }
        }
        if rare < MIN_RARE {
            common.clear();
        }
        common
    }

    /// The proximity score of a query: how often each pair of neighbouring syllables stands
    /// side by side, in their exact spellings (typed or restored), in title and body (see
    /// [`crate::adjacency`]), in one pass with the exact terms `scored` (each as
    /// [`Self::exact_terms`] would score it). A bigram-field index of the relevance bench
    /// (`folded_bigrams`) scores its own pair terms instead.
    fn adjacency(
        &self,
        groups: &[Vec<Analysed>],
        scored: &[String],
        statistics: &SearchStatistics,
    ) -> Vec<Box<dyn Query>> {
        use crate::adjacency::{AdjacencyQuery, Pair, Syllable as Entry};
        let (f, o) = (self.fields, self.options);
        let mut entries: Vec<Entry> = Vec::new();
        fn entry(entries: &mut Vec<Entry>, text: &String) -> usize {
            match entries.iter().position(|x| &x.text == text) {
                Some(i) => i,
                None => {
                    entries.push(Entry {
                        text: text.clone(),
                        boosts: None,
                    });
                    entries.len() - 1
                }
            }
        }
        let boosts = self.exact_boosts();
        for text in scored {
            let i = entry(&mut entries, text);
            let times = entries[i].boosts.map_or(0, |(_, n)| n);
            entries[i].boosts = Some((boosts, times + 1));
        }
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        let mut pairs: Vec<Pair> = Vec::new();
        if o.bigrams && !self.compound_words {
            // Read on the first pair: a one-syllable query has none.
            let mut pair_statistics: Option<PairStatistics> = None;
            let mut seen = std::collections::HashSet::new();
            for (p, c) in neighbours(groups) {
                if self.folded_bigrams {
                    if let (Some(prev), Some(current)) = (p.folded.first(), c.folded.first()) {
                        let pair = format!("{prev}_{current}");
                        if seen.insert(pair.clone()) {
                            out.push(boost(term(f.bigram, &pair), o.bigram_boost));
                        }
                    }
                    continue;
                }
                let (Some(prev), Some(current)) = (p.exact.first(), c.exact.first()) else {
                    continue;
                };
                let (first, second) = (entry(&mut entries, prev), entry(&mut entries, current));
                if pairs.iter().any(|x| (x.first, x.second) == (first, second)) {
                    continue;
                }
                let weight = pair_statistics
                    .get_or_insert_with(|| PairStatistics::new(statistics, f))
                    .weight(statistics, prev, current);
                pairs.push(Pair {
                    first,
                    second,
                    // The query's boost applies to the exact syllables too: the pairs' own
                    // weight carries the bigram boost.
                    weight: weight.boost_by(o.bigram_boost),
                });
            }
        }
        if !entries.is_empty() {
            out.push(Box::new(AdjacencyQuery {
                syllables: entries,
                pairs,
                fields: [f.title, f.body],
            }));
        }
        out
    }

    /// A long two-phase query's neighbouring syllables as the `bigram` field holds them (exact
    /// spellings, joined, from the first [`crate::bigram::LEAD_PAIRS`] + 1 syllables of each
    /// title and body), those the field holds at all.
    ///
    /// Why: the first phase ranks candidates without adjacency, which the second phase adds
    /// (see [`crate::adjacency`]), and adjacency is most of a long query's final score (on
    /// 1,000 news titles, the best candidate's pair and exact scores were 3–5 times its first
    /// score). So the first phase's order was a poor guess of the final one: a tenth of the
    /// final page came from below the 200th candidate. These pairs are short postings, read
    /// into the first phase as scoring-only alternatives (`MinMatchQuery::with_optional`),
    /// and subtracted again in the second, so the final score is unchanged; only the choice of
    /// candidates is better. Empty when there is no second phase. Not used for a short query
    /// relaxed into ranking mode (at most 6 syllables, few pairs): it keeps the
    /// [`crate::rescore::RESCORE_DEPTH`] candidates it had, unmeasured either way.
    fn lead_pairs(&self, groups: &[Vec<Analysed>], statistics: &SearchStatistics) -> Vec<String> {
        let o = self.options;
        if !(o.rescore && o.bigrams && o.bigram_boost > 0.0)
            || self.compound_words
            || self.folded_bigrams
        {
            return Vec::new();
        }
        let mut pairs: Vec<String> = Vec::new();
        for (p, c) in neighbours(groups) {
            if let (Some(p), Some(c)) = (p.exact.first(), c.exact.first()) {
                let pair = crate::bigram::join(p, c);
                let held = || {
                    statistics.doc_freq_or_zero(&Term::from_field_text(self.fields.bigram, &pair))
                };
                if !pairs.contains(&pair) && held() > 0 {
                    pairs.push(pair);
                }
            }
        }
        pairs
    }

    fn phrase(&self, syllables: &[Syllable]) -> Box<dyn Query> {
        let f = self.fields;
        let terms = |field| -> Vec<(usize, Term)> {
            syllables
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    s.folded
                        .first()
                        .map(|t| (i, Term::from_field_text(field, t)))
                })
                .collect()
        };
        let title = PhraseQuery::new_with_offset(terms(f.title_folded));
        let body = PhraseQuery::new_with_offset(terms(f.body_folded));
        any_of(vec![
            boost(Box::new(title), self.options.title_boost),
            Box::new(body),
        ])
    }

    fn clause(&self, a: &Analysed) -> Option<Box<dyn Query>> {
        if a.syllables.is_empty() && !matches!(a.clause, Clause::Number { .. }) {
            return None;
        }
        let words = || all_of(a.syllables.iter().map(|s| self.syllable(s)).collect());
        Some(match &a.clause {
            Clause::Word(_) => words(),
            Clause::Phrase(_) if a.syllables.len() == 1 => words(),
            Clause::Phrase(_) => self.phrase(&a.syllables),
            // The whole number, never its parts: "98-NQ/TU" must not match every page holding
            // a 98, an "nq" and a "tu" apart. Every number written in a page is among its
            // reference keys (see `ingest::cited_numbers`), so nothing citing it is lost.
            Clause::Number { key, .. } => boost(term(self.fields.references, key), 3.0),
        })
    }

    fn analyse(&mut self, clause: &Clause) -> Analysed {
        let text = match clause {
            Clause::Word(w) | Clause::Phrase(w) => w.as_str(),
            Clause::Number { written, .. } => written.as_str(),
        };
        Analysed {
            clause: clause.clone(),
            syllables: syllables(&mut self.exact, &mut self.folded, text),
        }
    }

    /// Builds the plan of a parsed query with the request's filters.
    pub fn plan(
        &mut self,
        parsed: &ParsedQuery,
        request: &SearchRequest,
        statistics: &SearchStatistics,
        restorer: Option<&Restorer>,
        relaxed: bool,
    ) -> Plan {
        let f = *self.fields;
        let mut groups: Vec<Vec<Analysed>> = parsed
            .groups
            .iter()
            .map(|g| g.iter().map(|c| self.analyse(c)).collect())
            .collect();
        let excluded: Vec<Analysed> = parsed.excluded.iter().map(|c| self.analyse(c)).collect();

        // Restore diacritics when the user typed none.
        let positive_text: String = parsed
            .groups
            .iter()
            .flatten()
            .filter_map(|c| match c {
                Clause::Word(w) | Clause::Phrase(w) => Some(w.as_str()),
                Clause::Number { .. } => None,
            })
            .collect::<Vec<_>>()
            .join(" ");
        if self.options.restore_diacritics && !has_diacritics(&positive_text) {
            if let Some(restorer) = restorer {
                let mut slots: Vec<&mut Syllable> = groups
                    .iter_mut()
                    .flatten()
                    .filter(|a| !matches!(a.clause, Clause::Number { .. }))
                    .flat_map(|a| a.syllables.iter_mut())
                    .filter(|s| s.folded.len() == 1)
                    .collect();
                let folded: Vec<String> = slots.iter().map(|s| s.folded[0].clone()).collect();
                let restored = restorer.restore(statistics, f.bigram, &folded);
                for (slot, exact) in slots.iter_mut().zip(restored) {
                    slot.exact = vec![exact];
                }
            }
        }

        if has_diacritics(&positive_text) {
            for s in groups
                .iter_mut()
                .flatten()
                .flat_map(|a| a.syllables.iter_mut())
            {
                s.typed = s.exact.iter().any(|e| !s.folded.contains(e));
            }
        }

        let mut highlighter = Highlighter {
            weak: crate::snippet::expansion_only_keys(&positive_text),
            strict: crate::snippet::strict_keys(positive_text.split_whitespace()),
            ..Highlighter::default()
        };
        for a in groups.iter().flatten() {
            // A number is marked whole where the text cites it (see `Highlighter::numbers`),
            // not syllable by syllable: "1414/UBND" marked every "UBND" of the text.
            if let Clause::Number { key, .. } = &a.clause {
                highlighter.numbers.push(key.clone());
                continue;
            }
            for s in &a.syllables {
                highlighter.exact.extend(s.exact.iter().cloned());
                highlighter.folded.extend(s.folded.iter().cloned());
            }
        }
        for (p, c) in neighbours(&groups) {
            if let (Some(p), Some(c)) = (p.folded.first(), c.folded.first()) {
                highlighter.pairs.push(format!("{p} {c}"));
            }
        }

        let syllable_count: usize = groups
            .iter()
            .flatten()
            .filter(|a| !matches!(a.clause, Clause::Number { .. }))
            .map(|a| a.syllables.len())
            .sum();
        // A query typed but holding no word to find (`"`, `--`, only exclusions) finds nothing:
        // only an empty query lists every document (a page of filters alone).
        let had_words = !parsed.groups.is_empty() || !request.query.trim().is_empty();
        let long = syllable_count > self.options.long_query;
        let ranking_mode = !parsed.has_operators && (long || relaxed);
        let relaxable = !parsed.has_operators && !ranking_mode && syllable_count >= 3;
        let min_match = if long {
            self.options.long_query_min_match
        } else {
            self.options.relaxed_min_match
        };

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Two phases in ranking mode (see `crate::rescore`): the query matches and ranks on
        // the folded fields; exact syllables and adjacency score the best candidates after.
        let two_phase = ranking_mode && self.options.rescore;
        let mut rescore: Vec<Box<dyn Query>> = Vec::new();
        // Exact syllables scored in the rescore phase, by the adjacency pass.
        let mut rescored_exact: Vec<String> = Vec::new();
        let mut rescore_depth = crate::rescore::RESCORE_DEPTH;
        if ranking_mode {
            let common = if two_phase && long {
                self.common_syllables(&groups, statistics)
            } else {
                Default::default()
            };
            // Each clause a list of alternatives (see `crate::minmatch`).
            let mut all: Vec<Vec<Box<dyn Query>>> = Vec::new();
            for a in groups.iter().flatten() {
                if matches!(a.clause, Clause::Number { .. }) {
                    all.extend(self.clause(a).map(|q| vec![q]));
                    continue;
                }
                for s in &a.syllables {
                    let mut alternatives = self.folded_terms(s, scored);
                    if two_phase {
                        rescored_exact.extend(s.exact.iter().cloned());
                    } else {
                        alternatives.extend(self.exact_terms(s, scored));
                    }
                    if common.contains(&s.folded) {
                        rescore.extend(alternatives);
                    } else {
                        all.push(alternatives);
                    }
                }
            }
            let min = ((min_match * all.len() as f32).ceil() as usize).clamp(1, all.len().max(1));
            // Candidates ranked by their leads' pairs too, taken back out of the final score
            // (see `Self::lead_pairs`); also at k = 1 (a union) and k = n (an intersection).
            let lead = if two_phase && long {
                self.lead_pairs(&groups, statistics)
            } else {
                Vec::new()
            };
            let lead_terms = |sign: f32| -> Vec<Box<dyn Query>> {
                let weight = sign * self.options.bigram_boost;
                lead.iter().map(|p| scored(f.bigram, p, weight)).collect()
            };
            let q = crate::minmatch::MinMatchQuery::new(all, min).with_optional(lead_terms(1.0));
            clauses.push((Occur::Must, Box::new(q)));
            if !lead.is_empty() {
                rescore.extend(lead_terms(-1.0));
                rescore_depth = crate::rescore::LEAD_RESCORE_DEPTH;
            }
        } else {
            // Every clause required, evaluated by `minmatch` with k = n: the syllables of a
            // group that is one word are clauses of their own, their field terms read straight
            // into the window; any other group (words joined by OR, a phrase, a number) is one
            // clause. Tantivy's intersection of per-syllable unions scored every posting of
            // every union's window, also of the documents the intersection then dropped.
            let mut required: Vec<Vec<Box<dyn Query>>> = Vec::new();
            for group in &groups {
                match group.as_slice() {
                    [a] if matches!(a.clause, Clause::Word(_)) => {
                        for s in &a.syllables {
                            let mut alternatives = self.exact_terms(s, scored);
                            alternatives.extend(self.folded_terms(s, scored));
                            required.push(alternatives);
                        }
                    }
                    _ => {
                        let alternatives: Vec<Box<dyn Query>> =
                            group.iter().filter_map(|a| self.clause(a)).collect();
                        if !alternatives.is_empty() {
                            required.push(vec![any_of(alternatives)]);
                        }
                    }
                }
            }
            if !required.is_empty() {
                let n = required.len();
                clauses.push((
                    Occur::Must,
                    Box::new(crate::minmatch::MinMatchQuery::new(required, n)),
                ));
            }
        }
        let empty = had_words && clauses.is_empty();

        // Compound words (relevance-bench comparison only): the query's Viet74K words, by the
        // same longest match (`vi_compound`) that filled the proximity field.
        if self.options.bigrams && self.compound_words {
            let folded: Vec<&str> = groups
                .iter()
                .flatten()
                .filter(|a| !matches!(a.clause, Clause::Number { .. }))
                .flat_map(|a| a.syllables.iter().filter_map(|s| s.folded.first()))
                .map(String::as_str)
                .collect();
            let words = tracuu_text::analyze(tracuu_text::names::COMPOUND, &folded.join(" "));
            let mut seen = std::collections::HashSet::new();
            for word in words.unwrap_or_default() {
                if seen.insert(word.text.clone()) {
                    clauses.push((
                        Occur::Should,
                        boost(term(f.bigram, &word.text), self.options.bigram_boost),
                    ));
                }
            }
        }
        // Adjacent syllables, and the exact syllables of a two-phase query.
        for q in self.adjacency(&groups, &rescored_exact, statistics) {
            if self.options.rescore {
                rescore.push(q);
            } else {
                clauses.push((Occur::Should, q));
            }
        }

        for a in &excluded {
            if let Some(q) = self.clause(a) {
                clauses.push((
                    Occur::MustNot,
                    Box::new(crate::materialize::Materialized(q)),
                ));
            }
        }

        // Filters: required, scoring nothing.
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        if let Some(kind) = request.kind.as_deref().filter(|k| !k.trim().is_empty()) {
            let facet = Facet::from_path([kind.trim()]);
            filters.push(Box::new(TermQuery::new(
                Term::from_facet(f.kind_facet, &facet),
                IndexRecordOption::Basic,
            )));
        }
        for (prefix, value) in [
            ("agency", &request.agency),
            ("place", &request.place),
            ("topic", &request.topic),
        ] {
            if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
                let keys: Vec<Box<dyn Query>> = filter_names(prefix, value)
                    .iter()
                    .map(|name| {
                        let key = format!("{prefix}:{}", crate::ingest::filter_value(name));
                        Box::new(TermQuery::new(
                            Term::from_field_text(f.filter_key, &key),
                            IndexRecordOption::Basic,
                        )) as Box<dyn Query>
                    })
                    .collect();
                filters.push(any_of(keys));
            }
        }
        if request.from.is_some() || request.to.is_some() {
            use std::ops::Bound;
            let lower = request
                .from
                .map(|d| Bound::Included(Term::from_field_date(f.published, date_time(d))))
                .unwrap_or(Bound::Unbounded);
            let upper = request
                .to
                .map(|d| Bound::Included(Term::from_field_date(f.published, date_time(d))))
                .unwrap_or(Bound::Unbounded);
            filters.push(Box::new(RangeQuery::new(lower, upper)));
        }
        let has_positive = clauses.iter().any(|(o, _)| *o == Occur::Must);
        for filter in filters {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let query: Box<dyn Query> = if empty {
            Box::new(EmptyQuery)
        } else {
            let _ = has_positive;
            Box::new(BooleanQuery::new(clauses))
        };
        Plan {
            query,
            highlighter,
            empty,
            relaxable,
            rescore,
            rescore_depth,
        }
    }
}
