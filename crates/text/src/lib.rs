//! Vietnamese text analysis for tracuu.
//!
//! Every other stage (extraction, facts, index, service) goes through this crate so that
//! Vietnamese is treated one way everywhere: NFC, one tone-mark placement, folding without
//! diacritics (đ → d), document numbers kept whole, administrative abbreviations expanded.
//!
//! SKELETON: the public API below is the contract the other crates build against.
//! The implementations are placeholders until the analyzer issue lands.

use serde::Serialize;

/// Names under which the analyzers are registered in tantivy's `TokenizerManager`.
pub mod names {
    /// Exact: lowercase, diacritics kept, canonical tone placement.
    pub const EXACT: &str = "vi";
    /// Folded: every mark removed, đ → d.
    pub const FOLDED: &str = "vi_folded";
}

/// One token of an analysed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// The token text as indexed.
    pub text: String,
    /// Position in the token stream (tokens sharing a position are synonyms).
    pub position: usize,
    /// Byte offset of the token's start in the original text.
    pub from: usize,
    /// Byte offset of the token's end in the original text.
    pub to: usize,
}

/// Normalises any input to the canonical form every stage uses: NFC, canonical tone placement,
/// whitespace unified, zero-width and control characters removed. Case is kept.
pub fn normalize(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

/// Folds text for diacritic-insensitive matching: lowercase, marks removed, đ → d.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Tokens of `text` under the analyzer registered as `name`, or `None` for an unknown name.
pub fn analyze(name: &str, text: &str) -> Option<Vec<Token>> {
    let lower = normalize(text).to_lowercase();
    let folded = name == names::FOLDED;
    if name != names::EXACT && !folded {
        return None;
    }
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = text[s..i].to_lowercase();
                let word = if folded { fold(&word) } else { word };
                out.push(Token {
                    text: word,
                    position: out.len(),
                    from: s,
                    to: i,
                });
                start = None;
            }
            _ => {}
        }
    }
    let _ = lower;
    Some(out)
}

/// The names of every analyzer, in display order.
pub fn analyzer_names() -> &'static [&'static str] {
    &[names::EXACT, names::FOLDED]
}

/// Registers every analyzer with a tantivy index's tokenizer manager.
pub fn register_tokenizers(manager: &tantivy::tokenizer::TokenizerManager) {
    use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};
    manager.register(
        names::EXACT,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
    manager.register(
        names::FOLDED,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
}
