//! The exact syllable-bigram stream of the leads: statistics for diacritic restoration and the
//! first phase of long queries.
//!
//! Vietnamese words are mostly two syllables ("môi trường", "tài nguyên"), so the frequencies
//! of exact adjacent pairs tell "môi trường" from "mới trường": the diacritic restoration of
//! [`crate::restore`] reads them from this field's term dictionary. Written here rather than
//! taken from the analyzer crate so that it always pairs exactly the tokens of the `vi` stream
//! the other fields use.
//!
//! Only the pairs among the first [`LEAD_PAIRS`] + 1 syllables of each text are indexed. Why: every pair of every text
//! made this the most expensive stream of the index (2.5 million distinct terms on the 35,440
//! news items, 58% of them in one document; half the indexing time), while restoration needs
//! the frequencies of common pairs, which a sample shows as well. Proximity in ranking comes
//! from positions (see [`crate::adjacency`]); a long query's first phase reads this field's
//! postings only to choose the candidates it ranks (see `search::Planner::lead_pairs`).

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// Pairs indexed per text (title, body), at most: those among its first `LEAD_PAIRS + 1`
/// positions, the lead of a text, where its subject is stated.
/// Measured: ALQAC nDCG@10 (written and stripped) is the same at 32, 64 and 128 pairs; the
/// news corpus indexes in 6.2 s with no pairs, 6.8 s at 32 and 7.8 s at 128 (every pair: 12.3 s).
/// 64 keeps more statistics for restoring queries of a small corpus.
pub const LEAD_PAIRS: usize = 64;

/// Separator between the two syllables of a bigram term (never produced by the analyzers).
pub const SEPARATOR: char = ' ';

/// Joins two syllables into a bigram term.
pub fn join(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    s.push(SEPARATOR);
    s.push_str(b);
    s
}

/// The first token of each position of a stream (synonyms, document numbers and their parts
/// share a position; only the first is paired), its text kept in one arena.
#[derive(Clone, Default)]
struct Unigrams {
    arena: String,
    /// Text range in `arena`, position, byte offsets in the original text.
    tokens: Vec<(std::ops::Range<usize>, usize, usize, usize)>,
}

impl Unigrams {
    fn clear(&mut self) {
        self.arena.clear();
        self.tokens.clear();
    }

    fn push(&mut self, text: &str, position: usize, from: usize, to: usize) {
        if self.tokens.last().is_some_and(|t| t.1 == position) {
            return;
        }
        let start = self.arena.len();
        self.arena.push_str(text);
        self.tokens
            .push((start..self.arena.len(), position, from, to));
    }
}

/// Pairs of successive positions from `(text, position, from, to)` tokens; when several
/// tokens share a position only the first is paired.
pub fn pairs<'a>(tokens: impl IntoIterator<Item = (&'a str, usize, usize, usize)>) -> Vec<Token> {
    let mut unigrams = Unigrams::default();
    for (text, position, from, to) in tokens {
        unigrams.push(text, position, from, to);
    }
    let mut stream = BigramStream::new(&unigrams);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

/// A tokenizer emitting the bigrams of an inner analyzer's stream.
///
/// Its buffers are reused from one text to the next and the stream fills one token in place:
/// cloning every syllable's token and allocating every pair was a thirteenth of indexing.
#[derive(Clone)]
pub struct BigramTokenizer {
    inner: TextAnalyzer,
    unigrams: Unigrams,
}

impl BigramTokenizer {
    pub fn new(inner: TextAnalyzer) -> Self {
        BigramTokenizer {
            inner,
            unigrams: Unigrams::default(),
        }
    }
}

/// The bigrams of one text, built one at a time into one token.
pub struct BigramStream<'a> {
    unigrams: &'a Unigrams,
    /// The first unigram of the next pair to try.
    next: usize,
    token: Token,
}

impl<'a> BigramStream<'a> {
    fn new(unigrams: &'a Unigrams) -> Self {
        BigramStream {
            unigrams,
            next: 0,
            token: Token::default(),
        }
    }
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream<'a> {
        self.unigrams.clear();
        let mut inner = self.inner.token_stream(text);
        while inner.advance() && self.unigrams.tokens.len() <= LEAD_PAIRS {
            let t = inner.token();
            self.unigrams
                .push(&t.text, t.position, t.offset_from, t.offset_to);
        }
        BigramStream::new(&self.unigrams)
    }
}

impl TokenStream for BigramStream<'_> {
    fn advance(&mut self) -> bool {
        let tokens = &self.unigrams.tokens;
        while self.next + 1 < tokens.len() {
            let (a, b) = (&tokens[self.next], &tokens[self.next + 1]);
            self.next += 1;
            if a.1 + 1 != b.1 {
                continue;
            }
            let arena = &self.unigrams.arena;
            let t = &mut self.token;
            t.text.clear();
            t.text.push_str(&arena[a.0.clone()]);
            t.text.push(SEPARATOR);
            t.text.push_str(&arena[b.0.clone()]);
            (t.offset_from, t.offset_to, t.position, t.position_length) = (a.2, b.3, a.1, 1);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Registers the bigram tokenizer over the already registered exact analyzer.
pub fn register(manager: &tantivy::tokenizer::TokenizerManager) {
    if let Some(exact) = manager.get(tracuu_text::names::EXACT) {
        manager.register(
            crate::schema::BIGRAM_TOKENIZER,
            TextAnalyzer::from(BigramTokenizer::new(exact)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_adjacent_positions_and_skips_synonyms() {
        let toks = [
            ("môi", 0, 0, 4),
            ("trường", 1, 5, 12),
            ("trương", 1, 5, 12),
            ("xanh", 2, 13, 17),
            ("sạch", 4, 18, 22),
        ];
        let got: Vec<String> = pairs(toks).into_iter().map(|t| t.text).collect();
        assert_eq!(got, vec!["môi trường", "trường xanh"]);
    }

    /// The bigram tokenizer's output for `text`, as registered for the index.
    fn bigrams_of(text: &str) -> Vec<String> {
        let manager = tantivy::tokenizer::TokenizerManager::default();
        tracuu_text::register_tokenizers(&manager);
        register(&manager);
        let mut analyzer = manager.get(crate::schema::BIGRAM_TOKENIZER).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut got = Vec::new();
        while stream.advance() {
            got.push(stream.token().text.clone());
        }
        got
    }

    #[test]
    fn tokenizer_emits_bigrams_of_the_exact_stream() {
        assert_eq!(
            bigrams_of("Bảo vệ môi trường"),
            vec!["bảo vệ", "vệ môi", "môi trường"]
        );
    }

    #[test]
    fn tokenizer_pairs_only_the_lead_of_a_long_text() {
        let got = bigrams_of(&"môi trường xanh sạch đẹp ".repeat(100));
        assert_eq!(got.len(), LEAD_PAIRS);
        assert_eq!(got[..2], ["môi trường", "trường xanh"]);
    }
}
