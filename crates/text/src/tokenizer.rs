//! The analyzers as tantivy tokenizers.
//!
//! Each tokenizer owns an [`Analysis`] whose buffers are reused from one document to the next
//! (tantivy hands `&mut self` to `token_stream`), so indexing allocates nothing per token once
//! the buffers have grown: the stream copies each token's text into tantivy's one `Token`.
//! The syllable tokenizers reuse the exact analysis of a text analysed just before on the same
//! thread (see [`crate::recent`]).

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

use crate::analysis::{Analysis, Kind, Mode, RawToken};
use crate::chars::push_folded;
use crate::compound::Lexicon;

/// Syllable tokenizer: `vi` (exact) or `vi_folded` (folded), see the crate docs.
#[derive(Debug, Clone)]
pub struct VietnameseTokenizer {
    mode: Mode,
    analysis: Analysis,
}

impl VietnameseTokenizer {
    /// Lower case, diacritics kept, canonical tone placement.
    pub fn exact() -> Self {
        VietnameseTokenizer {
            mode: Mode::Exact,
            analysis: Analysis::default(),
        }
    }

    /// Lower case, every mark removed, đ → d.
    pub fn folded() -> Self {
        VietnameseTokenizer {
            mode: Mode::Folded,
            analysis: Analysis::default(),
        }
    }
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = ArenaTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArenaTokenStream<'a> {
        // The same text is often analysed again right away (see `crate::recent`).
        let found = match self.mode {
            Mode::Exact => crate::recent::exact(text, &mut self.analysis),
            Mode::Folded => crate::recent::folded(text, &mut self.analysis),
        };
        if !found {
            self.analysis.run(text, self.mode);
            if self.mode == Mode::Exact {
                crate::recent::remember(text, &self.analysis);
            }
        }
        ArenaTokenStream::new(&self.analysis.tokens, &self.analysis.arena)
    }
}

/// Adjacent pairs of folded syllables ("tai_nguyen", "nguyen_va", ...), at the position of the
/// first, never across punctuation: the cheap alternative to compound-word segmentation.
/// Document numbers, abbreviation keys and full-name syllables of abbreviations are left out:
/// they have their own exact tokens.
#[derive(Debug, Clone, Default)]
pub struct BigramTokenizer {
    analysis: Analysis,
    tokens: Vec<RawToken>,
    arena: String,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = ArenaTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArenaTokenStream<'a> {
        self.analysis.run(text, Mode::Folded);
        self.tokens.clear();
        self.arena.clear();
        let mut prev: Option<RawToken> = None;
        for t in self
            .analysis
            .tokens
            .iter()
            .filter(|t| t.kind == Kind::Syllable)
        {
            if let Some(p) = prev {
                if !t.break_before && t.position == p.position + 1 {
                    let start = self.arena.len();
                    self.arena.push_str(self.analysis.text(&p));
                    self.arena.push('_');
                    self.arena.push_str(self.analysis.text(t));
                    self.tokens.push(RawToken {
                        text: (start, self.arena.len()),
                        from: p.from,
                        to: t.to,
                        ..p
                    });
                }
            }
            prev = Some(*t);
        }
        ArenaTokenStream::new(&self.tokens, &self.arena)
    }
}

/// Compound words of the Viet74K lexicon found by longest match (see [`crate::compound`]),
/// folded, syllables joined by '_' ("moi_truong"), at the position of their first syllable.
/// Single syllables are left to the `vi` and `vi_folded` streams.
#[derive(Debug, Clone, Default)]
pub struct CompoundTokenizer {
    analysis: Analysis,
    tokens: Vec<RawToken>,
    arena: String,
    run: Vec<RawToken>,
}

impl Tokenizer for CompoundTokenizer {
    type TokenStream<'a> = ArenaTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArenaTokenStream<'a> {
        self.analysis.run(text, Mode::Exact);
        self.tokens.clear();
        self.arena.clear();
        self.run.clear();
        let lexicon = Lexicon::viet74k();
        for i in 0..self.analysis.tokens.len() {
            let t = &self.analysis.tokens[i];
            if t.kind != Kind::Syllable {
                continue;
            }
            let t = *t;
            let joined = self
                .run
                .last()
                .is_some_and(|p| !t.break_before && t.position == p.position + 1);
            if !joined {
                self.flush(lexicon);
            }
            self.run.push(t);
        }
        self.flush(lexicon);
        ArenaTokenStream::new(&self.tokens, &self.arena)
    }
}

impl CompoundTokenizer {
    /// Segments the current run of adjacent syllables and emits its compounds.
    fn flush(&mut self, lexicon: &Lexicon) {
        let mut i = 0;
        while i < self.run.len() {
            let analysis = &self.analysis;
            let n = lexicon.longest_match(self.run[i..].iter().map(|t| analysis.text(t)));
            if n > 1 {
                let start = self.arena.len();
                for (k, t) in self.run[i..i + n].iter().enumerate() {
                    if k > 0 {
                        self.arena.push('_');
                    }
                    for c in analysis.text(t).chars() {
                        push_folded(c, &mut self.arena);
                    }
                }
                let first = self.run[i];
                self.tokens.push(RawToken {
                    text: (start, self.arena.len()),
                    to: self.run[i + n - 1].to,
                    ..first
                });
            }
            i += n.max(1);
        }
        self.run.clear();
    }
}

/// Streams tokens whose texts live in one arena.
pub struct ArenaTokenStream<'a> {
    tokens: &'a [RawToken],
    arena: &'a str,
    next: usize,
    token: TantivyToken,
}

impl<'a> ArenaTokenStream<'a> {
    pub(crate) fn new(tokens: &'a [RawToken], arena: &'a str) -> Self {
        ArenaTokenStream {
            tokens,
            arena,
            next: 0,
            token: TantivyToken::default(),
        }
    }
}

impl TokenStream for ArenaTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(t) = self.tokens.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.token.text.clear();
        self.token.text.push_str(&self.arena[t.text.0..t.text.1]);
        self.token.position = t.position;
        self.token.offset_from = t.from;
        self.token.offset_to = t.to;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &TantivyToken {
        &self.token
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.token
    }
}
