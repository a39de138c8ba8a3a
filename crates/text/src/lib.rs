//! Vietnamese text analysis for tracuu.
//!
//! Every other stage (extraction, facts, index, service) goes through this crate so that
//! Vietnamese is treated one way everywhere: NFC, one tone-mark placement, folding without
//! diacritics (đ → d), document numbers kept whole, administrative abbreviations expanded.
//!
//! # Analyzers (registered in tantivy by [`register_tokenizers`])
//!
//! | name | tokens |
//! |---|---|
//! | `vi` ([`names::EXACT`]) | syllables, lower case, diacritics kept, canonical tone placement |
//! | `vi_folded` ([`names::FOLDED`]) | the same syllables with every mark removed, đ → d |
//! | `vi_bigram` ([`names::BIGRAM`]) | adjacent folded syllables "moi_truong", not across punctuation |
//! | `vi_compound` ([`names::COMPOUND`]) | Viet74K words of two or more syllables by longest match, folded |
//!
//! `vi` and `vi_folded` emit the same number of tokens at the same positions (a property test
//! checks it), so a query can be run against both fields with one set of positions.
//!
//! # Design choices
//!
//! * **Offsets into the original text.** The tokenizers scan the text as given and normalise
//!   each word on its own (NFC, zero-width characters dropped, tone moved), so `from..to`
//!   always slices the stored text, even for NFD input where the token is shorter than its
//!   span. [`normalize`] does the same work on a whole text for display and storage; tokens of
//!   `normalize(t)` equal tokens of `t` (property test).
//! * **Tone placement** (module `tone`): open syllables with the glides oa,
//!   oe, uy take the mark on the first vowel (*hòa, khỏe, thủy, Ủy*), the placement most
//!   official texts use; with a final consonant the mark goes on the second (*hoàn, toán*).
//!   *quý, thuyền, thuở, khuya* are left as they are ("qu" is an onset; triphthongs have one
//!   placement). Both placements of a word therefore give one token.
//! * **Glued syllables** ("giáoTrung", from bad extraction) are split where a lower-case letter
//!   meets a capital; "TTg", "UBND" are not touched.
//! * **Document numbers** ("08/2022/NĐ-CP", "98-NQ/TU", "1414/UBND-KT"): parts joined by '/'
//!   and '-' that start with a number, contain a '/' and carry a capitalised code become one
//!   whole token (folded in both streams, so QĐ = QD, NĐ = ND) at the position of the first
//!   part, followed by the folded parts. [`DocumentNumber`] parses them (serial, year, codes,
//!   document kind, folded [`DocumentNumber::key`], loose query forms "NQ 98");
//!   [`find_document_numbers`] finds them in running text. Dates ("03/10/2022") are not
//!   numbers.
//! * **Abbreviations** ([`abbreviations`], 77 entries written for this project; 58 of them are
//!   also in the vinorm reference list, whose licence is unclear and which was only compared): a written
//!   abbreviation ("TN&MT", "TNMT", "tnmt") emits its folded key and then the syllables of its
//!   full name from the same position (later tokens shift); a full name in the text ("Tài
//!   nguyên và Môi trường") emits the key at its first syllable. Both spellings index the same
//!   terms at the same relative positions, so "Sở TN&MT" and "Sở Tài nguyên và Môi trường"
//!   find each other, in phrase queries too. Ambiguous entries ("TU": tỉnh ủy / thành ủy) emit
//!   only their key. Names written without their "và" ("Tài nguyên Môi trường") get the key
//!   too, so a term query for "TN&MT" finds them (a phrase query with the official name does
//!   not). Lower-case forms count only when they cannot be a Vietnamese syllable
//!   ("ubnd" yes, "tu" no). [`expand_abbreviation`] and [`lookup_abbreviation`] expose the
//!   table.
//! * **Speed**: one pass over the text; tokens live in a per-tokenizer arena reused from one
//!   document to the next; table look-ups use folded words packed into a `u64` behind a
//!   4096-bit filter, and the Vietnamese vowel tables are built at compile time.
//! * **Bad input** never panics: invalid UTF-8 is for [`decode_lossy`] (which counts the
//!   replacements); control and zero-width characters vanish; emoji and punctuation separate
//!   words; CJK runs are kept as words; words over 100 bytes (a 10 MB line of letters) are
//!   dropped.
//!
//! # Compound words: lindera versus longest match versus bigrams
//!
//! Lindera (the design's first choice) builds MeCab-style dictionaries: CSV rows with
//! connection ids, costs and POS, plus `char.def`, `unk.def` and a cost matrix, for a
//! character-lattice segmenter made for Japanese. Its bundled dictionaries download at build
//! time, so it is an optional dependency (feature `lindera`, no `embed-*` features, off in the
//! default build and CI) used only by `examples/lindera_wordseg.rs`, which builds a dictionary
//! at run time from Viet74K (`data/Viet74K.txt`, Apache-2.0, notice in `data/NOTICE.md`):
//! syllables joined by '_' in the surfaces and in the input ("môi_trường"), every word the same
//! cost, a lexicon-unknown syllable three times that, a free '_' category and a zero 1x1
//! matrix. Viet74K has no costs or POS, so Viterbi here just minimises the number of words
//! (maximal matching); a token boundary touching a '_' is a word boundary. The shipped
//! segmenter is a forward longest match over the same lexicon, see [`compound`].
//!
//! Word-segmentation on the VLSP 2013 test set (2,120 sentences, 66,346 gold words;
//! `cargo run --release -p tracuu-text --example wordseg_f1`):
//!
//! | segmenter | P | R | F1 |
//! |---|---|---|---|
//! | every syllable a word (baseline) | 39.68 | 57.75 | 47.04 |
//! | longest match over Viet74K (`vi_compound`) | 92.56 | 92.96 | **92.76** |
//! | lindera Viterbi over Viet74K, equal costs (example only) | 93.08 | 93.26 | 93.17 |
//! | RDRsegmenter (published) | | | 97.90 |
//!
//! Lindera row and the speed ratio from
//! `cargo run --release -p tracuu-text --features lindera --example lindera_wordseg`
//! (same scoring as `wordseg_f1`, both segmenters timed in the same run on the 0.54 MB of
//! test syllables): longest match 36.1 MB/s, lindera 7.1 MB/s, ratio 0.20 (a second run on the
//! shared machine: 48.6 and 10.3 MB/s, ratio 0.21; trust the ratio). Building and loading the
//! lindera dictionary (71,180 rows) takes 0.3-0.5 s at every start. Lindera gains 0.41 F1
//! points for five times the segmentation time, a second dictionary format and 20 extra
//! crates in Cargo.lock, so `vi_compound` stays the longest match. Both are far from
//! RDRsegmenter (a model trained on VLSP data); equal-cost lattice search over Viet74K is not
//! what closes that gap.
//!
//! Which proximity stream helps ranking was measured by the index crate's relevance bench
//! (`cargo bench -p tracuu-index --bench relevance`, ALQAC, nDCG@10 written / stripped, one run):
//!
//! | proximity field | 2023 | 2024 |
//! |---|---|---|
//! | exact syllable bigrams (the index's own, kept) | **0.902 / 0.899** | **0.909 / 0.909** |
//! | folded bigrams (`vi_bigram`) | 0.898 / 0.895 | 0.903 / 0.898 |
//! | compound words (`vi_compound`, longest match) | 0.863 / 0.809 | 0.860 / 0.858 |
//! | none | 0.863 / 0.856 | 0.856 / 0.855 |
//!
//! Compound words add nothing over no proximity field at all, and cost the exact bigram
//! statistics that restore diacritics (hence the lower stripped figures), so the index keeps
//! plain syllable bigrams and no segmenter; `vi_compound` stays registered for `tracuu analyze`.
//!
//! # Throughput
//!
//! On a quiet machine (load ≈1.5), interleaved best of 5, one core: tantivy default +
//! AsciiFolding 42.0 MB/s (32.1 M chars/s) = 1.00×; `vi` 61.6 MB/s (1.47×); `vi_folded` 62.4
//! (1.48×); `vi_bigram` 55.1 (1.31×); `vi_compound` 37.8 (0.90×); `vi` + `vi_folded` together
//! 31.0 MB/s = 23.7 M chars/s = 0.74× the default. The figures below were taken earlier on the
//! loaded machine.
//!
//! `cargo bench -p tracuu-text --bench analyzers -- --warm-up-time 1 --measurement-time 5`
//! over the first 20 MB of `vn_news_baomoi.jsonl.xz` (6,264 articles, 20,975,989 bytes,
//! 16,002,535 characters), one core, beside tantivy's default tokenizer
//! (SimpleTokenizer + RemoveLongFilter(40) + LowerCaser) with AsciiFoldingFilter in the same run.
//! The build machine is shared (2 cores, several compilers running), so only ratios within one
//! run mean anything:
//!
//! Interleaved timing printed by the bench before criterion runs (each analyzer in turn over
//! the 20 MB, five rounds, best round kept; load average 5 to 7 on 2 cores during the run):
//!
//! | analyzer | MB/s | M chars/s | × default |
//! |---|---|---|---|
//! | tantivy default + AsciiFolding (baseline) | 21.3 | 16.2 | 1.00 |
//! | `vi` | 40.7 | 31.0 | 1.91 |
//! | `vi_folded` | 39.1 | 29.9 | 1.84 |
//! | `vi_bigram` | 36.6 | 27.9 | 1.72 |
//! | `vi_compound` | 26.7 | 20.4 | 1.26 |
//! | `vi` + `vi_folded` (both streams over the same text) | 19.9 | 15.2 | **0.94** |
//!
//! Criterion in the same run (MiB/s, median of 10): default 14.8, `vi` 21.6, `vi_folded` 28.4,
//! `vi_bigram` 23.7, `vi_compound` 12.0, `vi+vi_folded` 18.0 (14.4 M characters/s). Its groups
//! run one after another while the load drifts, so criterion's ratios are less trustworthy than
//! the interleaved ones; an earlier run of the same code gave 0.87× interleaved and 0.70×
//! criterion for the pair.
//!
//! Goal check: exact and folded together run at 0.70× to 0.94× the default tokenizer's
//! throughput, above the 0.5× goal; the pair reached 14.4 to 17.9 M characters/s over the runs
//! (each stream alone 30 M and more), around coccoc's published 15 M. The machine was heavily
//! shared (tantivy's default tokenizer itself ran at only 16 to 21 M characters/s), so the
//! absolute figures say more about the load than about the code.

mod abbrev;
mod analysis;
mod chars;
pub mod compound;
mod docnum;
mod normalize;
mod recent;
mod tokenizer;
mod tone;

use serde::Serialize;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

pub use abbrev::{abbreviations, expand_abbreviation, lookup_abbreviation, Abbreviation};
pub use docnum::{find_document_numbers, DocumentNumber};
pub use normalize::{decode_lossy, fold, fold_into, normalize};
pub use tokenizer::{ArenaTokenStream, BigramTokenizer, CompoundTokenizer, VietnameseTokenizer};
pub use tone::other_tone_placement;

/// The folded letter of a Vietnamese letter of either case (a vowel with any marks, or đ):
/// a table lookup, for callers that fold character by character; `None` for anything else.
#[inline]
pub fn fold_letter(c: char) -> Option<char> {
    chars::fold_letter(c)
}

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
    Some(TokenBuffer::new(name)?.run(text).to_vec())
}

/// An analyzer and its tokens, both reused from one text to the next: for callers analysing
/// many texts on one thread (the highlighter analyses a passage of every hit), where a new
/// analyzer and a `String` per token were a fifth of the work.
pub struct TokenBuffer {
    analyzer: TextAnalyzer,
    tokens: Vec<Token>,
}

impl TokenBuffer {
    /// The analyzer registered as `name`, or `None` for an unknown name.
    pub fn new(name: &str) -> Option<Self> {
        Some(TokenBuffer {
            analyzer: text_analyzer(name)?,
            tokens: Vec::new(),
        })
    }

    /// The tokens of `text`, valid until the next run.
    pub fn run(&mut self, text: &str) -> &[Token] {
        let mut stream = self.analyzer.token_stream(text);
        let mut n = 0;
        while let Some(t) = stream.next() {
            if n == self.tokens.len() {
                self.tokens.push(Token {
                    text: String::new(),
                    position: 0,
                    from: 0,
                    to: 0,
                });
            }
            let token = &mut self.tokens[n];
            token.text.clear();
            token.text.push_str(&t.text);
            (token.position, token.from, token.to) = (t.position, t.offset_from, t.offset_to);
            n += 1;
        }
        &self.tokens[..n]
    }
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
