//! Compound words by longest match over the Viet74K lexicon.
//!
//! Vietnamese writes words as space-separated syllables ("môi trường" is one word of two), so a
//! syllable index matches "trường" in "môi trường" and in "trường học". This module groups
//! syllables into the words of a lexicon by forward maximum matching: at each syllable, take the
//! longest lexicon entry (up to [`MAX_WORD_SYLLABLES`]) that starts there, else the syllable
//! alone.
//!
//! Why not lindera, as the design first named: lindera's dictionaries are MeCab-style (a CSV
//! with connection ids, costs and POS columns, plus `char.def`, `unk.def` and a connection
//! matrix) and its lattice treats the text as a character stream segmented CJK-style; Viet74K
//! has no costs or POS to fill those columns, so any lindera dictionary built from it would be a
//! longest-match dictionary with invented costs. A direct longest match is smaller, has no
//! build step and is what we can measure honestly (F1 in the crate docs).

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The lexicon shipped with the crate (Apache-2.0, see `data/NOTICE.md`).
const VIET74K: &str = include_str!("../data/Viet74K.txt");

/// Longest entry looked for, in syllables.
pub const MAX_WORD_SYLLABLES: usize = 5;

/// A set of multi-syllable words, stored as hashes of their canonical lower-case form.
#[derive(Debug, Default)]
pub struct Lexicon {
    words: HashSet<u64, BuildHasherDefault<PassThrough>>,
}

impl Lexicon {
    /// The Viet74K lexicon, built once (about 65,000 multi-syllable entries).
    pub fn viet74k() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::from_lines(VIET74K))
    }

    /// A lexicon from one entry per line, syllables separated by spaces or hyphens. Entries are
    /// normalised (NFC, canonical tone placement: Viet74K writes "uỷ ban") and lower-cased.
    pub fn from_lines(text: &str) -> Lexicon {
        let mut words = HashSet::default();
        for line in text.lines() {
            let entry = crate::normalize(line).to_lowercase();
            let syllables: Vec<&str> = entry
                .split(|c: char| c.is_whitespace() || c == '-')
                .filter(|s| !s.is_empty())
                .collect();
            if (2..=MAX_WORD_SYLLABLES).contains(&syllables.len()) {
                words.insert(hash_words(&syllables));
            }
        }
        Lexicon { words }
    }

    /// Number of multi-syllable entries.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the lexicon has no entry.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether the syllables (lower case, canonical tones) form one entry.
    pub fn contains(&self, syllables: &[&str]) -> bool {
        self.words.contains(&hash_words(syllables))
    }

    /// Number of syllables of the longest entry starting at `syllables[0]`, or 1.
    pub fn longest_match<'s>(&self, mut syllables: impl Iterator<Item = &'s str>) -> usize {
        let Some(first) = syllables.next() else {
            return 0;
        };
        let mut h = Fnv::default();
        h.write(first.as_bytes());
        let mut best = 1;
        for (i, s) in syllables.take(MAX_WORD_SYLLABLES - 1).enumerate() {
            h.write(b" ");
            h.write(s.as_bytes());
            if self.words.contains(&h.finish()) {
                best = i + 2;
            }
        }
        best
    }

    /// Segments a sentence of syllables into words: the number of syllables of each word.
    pub fn segment(&self, syllables: &[&str]) -> Vec<usize> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < syllables.len() {
            let n = self.longest_match(syllables[i..].iter().copied());
            out.push(n);
            i += n;
        }
        out
    }
}

fn hash_words(syllables: &[&str]) -> u64 {
    let mut h = Fnv::default();
    for (i, s) in syllables.iter().enumerate() {
        if i > 0 {
            h.write(b" ");
        }
        h.write(s.as_bytes());
    }
    h.finish()
}

/// FNV-1a: the lexicon stores 64-bit hashes of entries so that look-ups hash the token bytes
/// once, incrementally, without building a string per candidate.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        }
    }
}

/// The set's keys are already hashes: pass them through.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viet74k_words_are_found_with_canonical_tones() {
        let lex = Lexicon::viet74k();
        assert!(lex.len() > 60_000);
        assert!(lex.contains(&["môi", "trường"]));
        assert!(lex.contains(&["ủy", "ban"]), "Viet74K writes uỷ ban");
        assert!(!lex.contains(&["trường", "môi"]));
    }

    #[test]
    fn longest_match_segments_a_sentence() {
        let lex = Lexicon::viet74k();
        let s = [
            "bảo",
            "vệ",
            "môi",
            "trường",
            "là",
            "trách",
            "nhiệm",
            "của",
            "nhân",
            "dân",
        ];
        assert_eq!(lex.segment(&s), [2, 2, 1, 2, 1, 2]);
    }
}
