//! The exact and folded streams of one text from a single analysis pass, for indexing.
//!
//! Why: the index writes both streams of every title and body (and pairs the exact one into
//! bigrams). Running the analyzer once in exact mode and folding each token's text gives the
//! same tokens as a second, folded run (a property test holds the two equal) at a fraction of
//! the cost: folding a short token is cheap, scanning, normalising and re-casing the whole text
//! again is not. The index hands the result to tantivy as pre-tokenized text.

use tantivy::tokenizer::Token as TantivyToken;

use crate::analysis::{Analysis, Mode};
use crate::chars::push_folded;

/// Tokens of one text in both streams, position by position alike.
#[derive(Debug, Clone, Default)]
pub struct Streams {
    /// The `vi` stream: lowercase, diacritics kept, canonical tone placement.
    pub exact: Vec<TantivyToken>,
    /// The `vi_folded` stream: every mark removed, đ → d.
    pub folded: Vec<TantivyToken>,
}

/// An analyzer reused across texts (its buffers grow once).
#[derive(Debug, Default)]
pub struct StreamAnalyzer {
    analysis: Analysis,
}

impl StreamAnalyzer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Both streams of `text`.
    pub fn streams(&mut self, text: &str) -> Streams {
        self.analysis.run(text, Mode::Exact);
        let mut out = Streams {
            exact: Vec::with_capacity(self.analysis.tokens.len()),
            folded: Vec::with_capacity(self.analysis.tokens.len()),
        };
        for t in &self.analysis.tokens {
            let exact = self.analysis.text(t);
            let mut folded = String::with_capacity(exact.len());
            for c in exact.chars() {
                push_folded(c, &mut folded);
            }
            let token = |text: String| TantivyToken {
                offset_from: t.from,
                offset_to: t.to,
                position: t.position,
                text,
                position_length: 1,
            };
            out.exact.push(token(exact.to_string()));
            out.folded.push(token(folded));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, names};

    fn as_tokens(tokens: &[TantivyToken]) -> Vec<crate::Token> {
        tokens
            .iter()
            .map(|t| crate::Token {
                text: t.text.clone(),
                position: t.position,
                from: t.offset_from,
                to: t.offset_to,
            })
            .collect()
    }

    #[test]
    fn one_pass_equals_the_two_analyzers_on_hard_cases() {
        let mut analyzer = StreamAnalyzer::new();
        for text in [
            "Sở TN&MT thẩm định báo cáo ĐTM theo Công văn số 1414/UBND-KT ngày 24/11/2022",
            "Thành uỷ và Thành ủy; hoà HÒA khoẻ; Nghị định 08/2022/NĐ-CP, QĐ 33-QĐ/TU",
            "Sở Tài nguyên và Môi trường, UBND tỉnh, KH&ĐT, giáoTrung 2022 ĐẤU TRANH",
            "",
            "…,.;",
        ] {
            let s = analyzer.streams(text);
            assert_eq!(
                as_tokens(&s.exact),
                analyze(names::EXACT, text).unwrap(),
                "{text}"
            );
            assert_eq!(
                as_tokens(&s.folded),
                analyze(names::FOLDED, text).unwrap(),
                "{text}"
            );
        }
    }
}
