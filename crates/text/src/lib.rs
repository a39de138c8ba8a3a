//! Vietnamese text analysis for tracuu.
//!
//! Every other stage (extraction, facts, index, service) goes through this crate so that
//! Vietnamese is treated one way everywhere: NFC, one tone-mark placement, folding without
//! diacritics (đ → d), document numbers kept whole, administrative abbreviations expanded.
//!
//! (Design and measured figures: see the sections below, filled in as they are measured.)

mod abbrev;
mod analysis;
mod chars;
pub mod compound;
mod docnum;
mod normalize;
mod tokenizer;
mod tone;

use serde::Serialize;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

pub use abbrev::{abbreviations, expand_abbreviation, lookup_abbreviation, Abbreviation};
pub use docnum::{find_document_numbers, DocumentNumber};
pub use normalize::{decode_lossy, fold, normalize};
pub use tokenizer::{ArenaTokenStream, BigramTokenizer, CompoundTokenizer, VietnameseTokenizer};

/// Names under which the analyzers are registered in tantivy's `TokenizerManager`.
pub mod names {
    /// Exact: lowercase, diacritics kept, canonical tone placement.
    pub const EXACT: &str = "vi";
    /// Folded: every mark removed, đ → d.
    pub const FOLDED: &str = "vi_folded";
    /// Adjacent pairs of folded syllables joined by '_'.
    pub const BIGRAM: &str = "vi_bigram";
    /// Compound words of the Viet74K lexicon (longest match), folded, joined by '_'.
    pub const COMPOUND: &str = "vi_compound";
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

/// The tantivy analyzer registered as `name`, or `None` for an unknown name.
pub fn text_analyzer(name: &str) -> Option<TextAnalyzer> {
    Some(match name {
        names::EXACT => TextAnalyzer::from(VietnameseTokenizer::exact()),
        names::FOLDED => TextAnalyzer::from(VietnameseTokenizer::folded()),
        names::BIGRAM => TextAnalyzer::from(BigramTokenizer::default()),
        names::COMPOUND => TextAnalyzer::from(CompoundTokenizer::default()),
        _ => return None,
    })
}

/// Tokens of `text` under the analyzer registered as `name`, or `None` for an unknown name.
pub fn analyze(name: &str, text: &str) -> Option<Vec<Token>> {
    let mut analyzer = text_analyzer(name)?;
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(Token {
            text: t.text.clone(),
            position: t.position,
            from: t.offset_from,
            to: t.offset_to,
        });
    }
    Some(out)
}

/// The names of every analyzer, in display order.
pub fn analyzer_names() -> &'static [&'static str] {
    &[names::EXACT, names::FOLDED, names::BIGRAM, names::COMPOUND]
}

/// Registers every analyzer with a tantivy index's tokenizer manager.
pub fn register_tokenizers(manager: &tantivy::tokenizer::TokenizerManager) {
    for name in analyzer_names() {
        if let Some(analyzer) = text_analyzer(name) {
            manager.register(name, analyzer);
        }
    }
}
