//! The exact syllable-bigram stream.
//!
//! Vietnamese words are mostly two syllables ("môi trường", "tài nguyên"), so an index of
//! adjacent syllable pairs gives two things at once: a cheap proximity signal (a document with
//! "môi trường" adjacent matches the bigram term; one with "môi" and "trường" apart does not),
//! without positional phrase queries, and a term dictionary of exact bigram frequencies that the
//! diacritic restoration of [`crate::restore`] reads. Written here rather than taken from the
//! analyzer crate so that it always pairs exactly the tokens of the `vi` stream the other
//! fields use.

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

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

/// Pairs of successive positions from `(text, position)` tokens; when several tokens share a
/// position (synonyms, document numbers and their parts) only the first is paired.
pub fn pairs<'a>(tokens: impl IntoIterator<Item = (&'a str, usize, usize, usize)>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut last: Option<(&str, usize, usize)> = None; // text, position, from
    for (text, position, from, to) in tokens {
        match last {
            Some((_, p, _)) if p == position => continue,
            Some((prev, p, prev_from)) if p + 1 == position => {
                out.push(Token {
                    offset_from: prev_from,
                    offset_to: to,
                    position: p,
                    text: join(prev, text),
                    position_length: 1,
                });
            }
            _ => {}
        }
        last = Some((text, position, from));
    }
    out
}

/// A tokenizer emitting the bigrams of an inner analyzer's stream.
#[derive(Clone)]
pub struct BigramTokenizer {
    inner: TextAnalyzer,
}

impl BigramTokenizer {
    pub fn new(inner: TextAnalyzer) -> Self {
        BigramTokenizer { inner }
    }
}

/// The bigrams of one text, computed eagerly.
pub struct BigramStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream {
        let mut inner = self.inner.token_stream(text);
        let mut unigrams: Vec<Token> = Vec::new();
        while inner.advance() {
            unigrams.push(inner.token().clone());
        }
        let tokens = pairs(
            unigrams
                .iter()
                .map(|t| (t.text.as_str(), t.position, t.offset_from, t.offset_to)),
        );
        BigramStream { tokens, next: 0 }
    }
}

impl TokenStream for BigramStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
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

    #[test]
    fn tokenizer_emits_bigrams_of_the_exact_stream() {
        let manager = tantivy::tokenizer::TokenizerManager::default();
        tracuu_text::register_tokenizers(&manager);
        register(&manager);
        let mut analyzer = manager.get(crate::schema::BIGRAM_TOKENIZER).unwrap();
        let mut stream = analyzer.token_stream("Bảo vệ môi trường");
        let mut got = Vec::new();
        while stream.advance() {
            got.push(stream.token().text.clone());
        }
        assert_eq!(got, vec!["bảo vệ", "vệ môi", "môi trường"]);
    }
}
