//! The analysis engine behind every tokenizer: one pass over the *original* text.
//!
//! Why not normalise first and tokenize the result: offsets must point into the text as stored
//! (snippets highlight it), and NFC, removed zero-width characters and moved tone marks change
//! lengths. So the scanner walks the original bytes, cuts words there, and normalises each word
//! on its own while copying it into one reusable arena (no allocation per token once warm).
//!
//! Per word, in order: words joined by '/', '-' or '&' form a *chunk*; a chunk shaped like a
//! document number emits the folded whole number and its folded parts; parts forming a known
//! abbreviation ("TN&MT", "UBND") emit its key and the syllables of its full name; other parts
//! are split where a lower-case letter is followed by a capital ("giáoTrung"), then lowercased,
//! NFC-composed when the input was decomposed, tone-canonicalised (exact) or folded. A last
//! pass adds the abbreviation key where a full name ("tài nguyên và môi trường") appears.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::abbrev::{
    full_names_starting_with, is_syllable_shaped, lookup_key, pack_folded, unpack, Abbreviation,
};
use crate::chars::{
    is_combining, is_connector, is_ignorable, is_word_char, push_folded, vowel, vowel_fold,
    VOWEL_TABLE,
};
use crate::tone::canonicalize_syllable;

/// Exact (diacritics kept) or folded (every mark removed, đ → d).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Exact,
    Folded,
}

/// What a token stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A syllable (or any other word) of the text.
    Syllable,
    /// A whole document number, at the position of its first part.
    DocumentNumber,
    /// The key of an abbreviation, written or recognised from its full name.
    Abbreviation,
    /// A syllable of the full name of an abbreviation written in the text.
    Expansion,
}

/// A token whose text lives in [`Analysis::arena`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawToken {
    pub text: (usize, usize),
    pub position: usize,
    pub from: usize,
    pub to: usize,
    pub kind: Kind,
    /// Folded text packed into a u64 (see [`pack_folded`]); 0 when it does not fit.
    pub key: u64,
    /// Whether punctuation separates this token from the previous one (bigrams stop there).
    pub break_before: bool,
}

/// Words longer than this (in bytes of the original) are dropped: no Vietnamese syllable or
/// useful term comes close, and tantivy refuses huge terms.
const MAX_WORD_BYTES: usize = 100;
/// Longest chunk still considered as a document number, in characters other than combining
/// marks (so that NFD and NFC spellings of a chunk are judged alike).
const MAX_NUMBER_CHARS: usize = 48;

/// Reusable buffers and the result of analysing one text.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    pub tokens: Vec<RawToken>,
    pub arena: String,
    scratch: Vec<RawToken>,
    chars: Vec<char>,
    parts: Vec<Range<usize>>,
    seps: Vec<char>,
    position: usize,
    pending_break: bool,
    /// Indices of syllable tokens that start some full name.
    full_name_starts: Vec<usize>,
    insertions: Vec<(usize, RawToken)>,
}

impl Clone for Analysis {
    /// Buffers are per tokenizer instance; a clone starts empty.
    fn clone(&self) -> Self {
        Analysis::default()
    }
}

impl Analysis {
    /// The text of a token.
    pub fn text(&self, t: &RawToken) -> &str {
        &self.arena[t.text.0..t.text.1]
    }

    /// Analyses `text`, replacing the previous result.
    pub fn run(&mut self, text: &str, mode: Mode) {
        self.tokens.clear();
        self.arena.clear();
        self.position = 0;
        self.pending_break = false;
        self.full_name_starts.clear();
        let mut scanner = Scanner { text, at: 0 };
        let mut parts = std::mem::take(&mut self.parts);
        let mut seps = std::mem::take(&mut self.seps);
        while let Some(broke) = scanner.next_chunk(&mut parts, &mut seps) {
            self.pending_break |= broke;
            self.chunk(text, &parts, &seps, mode);
        }
        self.parts = parts;
        self.seps = seps;
        if !self.full_name_starts.is_empty() {
            self.add_keys_of_full_names();
        }
    }

    fn push(&mut self, start: usize, from: usize, to: usize, kind: Kind, key: u64) {
        let break_before = std::mem::take(&mut self.pending_break);
        self.tokens.push(RawToken {
            text: (start, self.arena.len()),
            position: self.position,
            from,
            to,
            kind,
            key,
            break_before,
        });
    }

    fn chunk(&mut self, text: &str, parts: &[Range<usize>], seps: &[char], mode: Mode) {
        let span = parts[0].start..parts[parts.len() - 1].end;
        if seps.contains(&'/')
            && text[span.clone()]
                .chars()
                .filter(|&c| !is_combining(c))
                .count()
                <= MAX_NUMBER_CHARS
            && !text[span.clone()]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'/' || b == b'-')
            && crate::DocumentNumber::parse(&text[span.clone()]).is_some()
        {
            self.document_number(text, parts, seps);
            return;
        }
        let mut k = 0;
        while k < parts.len() {
            if let Some((end, abbreviation)) = abbreviation_group(text, parts, seps, k) {
                self.abbreviation(abbreviation, parts[k].start..parts[end - 1].end, mode);
                k = end;
            } else {
                self.part(text, parts[k].clone(), mode);
                k += 1;
            }
        }
    }

    /// The whole number (folded, in both modes, so "QĐ" and "QD" meet) and its folded parts.
    fn document_number(&mut self, text: &str, parts: &[Range<usize>], seps: &[char]) {
        let start = self.arena.len();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                self.arena.push(if seps[i - 1] == '/' { '/' } else { '-' });
            }
            self.push_word(&text[part.clone()], Mode::Folded, false);
        }
        let from = parts[0].start;
        let to = parts[parts.len() - 1].end;
        self.push(start, from, to, Kind::DocumentNumber, 0);
        for part in parts {
            let start = self.arena.len();
            let info = self.push_word(&text[part.clone()], Mode::Folded, false);
            self.push(start, part.start, part.end, Kind::Syllable, info.key);
            self.position += 1;
        }
    }

    /// The key of an abbreviation, then the syllables of its full name from the same position.
    fn abbreviation(&mut self, a: &'static Abbreviation, span: Range<usize>, mode: Mode) {
        let start = self.arena.len();
        self.arena.push_str(&a.key);
        let key = pack_folded(a.key.chars()).unwrap_or(0);
        self.push(start, span.start, span.end, Kind::Abbreviation, key);
        match a.expansion() {
            Some(full) => {
                for syllable in full.split(' ') {
                    let start = self.arena.len();
                    match mode {
                        Mode::Exact => self.arena.push_str(syllable),
                        Mode::Folded => syllable
                            .chars()
                            .for_each(|c| push_folded(c, &mut self.arena)),
                    }
                    let key = pack_folded(syllable.chars()).unwrap_or(0);
                    self.push(start, span.start, span.end, Kind::Expansion, key);
                    self.position += 1;
                }
            }
            None => self.position += 1,
        }
    }

    /// One part of a chunk: split where syllables were glued, then each piece as a word.
    fn part(&mut self, text: &str, range: Range<usize>, mode: Mode) {
        if range.len() > MAX_WORD_BYTES {
            // Rare (a huge run of letters): find the glued pieces first so that none is
            // copied whole into the arena before it can be dropped.
            let part = &text[range.clone()];
            let mut piece_start = 0;
            let mut prev_lower = false;
            for (i, c) in part.char_indices() {
                if is_ignorable(c) || is_combining(c) {
                    continue;
                }
                if prev_lower && c.is_uppercase() {
                    self.words(text, range.start + piece_start..range.start + i, mode);
                    piece_start = i;
                }
                prev_lower = c.is_lowercase();
            }
            self.words(text, range.start + piece_start..range.end, mode);
        } else {
            self.words(text, range, mode);
        }
    }

    /// The words of a range, split where a lower-case letter meets a capital.
    fn words(&mut self, text: &str, range: Range<usize>, mode: Mode) {
        if range.len() > MAX_WORD_BYTES {
            self.pending_break = true;
            return;
        }
        let mut from = range.start;
        while from < range.end {
            from = self.word(text, from..range.end, mode);
        }
    }

    /// The first word of `range` (up to a glued capital); returns where it ended.
    fn word(&mut self, text: &str, range: Range<usize>, mode: Mode) -> usize {
        let start = self.arena.len();
        let info = self.push_word(&text[range.clone()], mode, true);
        let range = range.start..range.start + info.len;
        if info.key != 0 {
            if let Some(a) = lookup_key(info.key) {
                if info.upper >= 2 || !is_syllable_shaped(&unpack(info.key)) {
                    self.arena.truncate(start);
                    self.abbreviation(a, range.clone(), mode);
                    return range.end;
                }
            }
            if !full_names_starting_with(info.key).is_empty() {
                self.full_name_starts.push(self.tokens.len());
            }
        }
        if self.arena.len() > start {
            self.push(start, range.start, range.end, Kind::Syllable, info.key);
            self.position += 1;
        }
        range.end
    }

    /// Appends the normalised form of one word to the arena. A syllable stops before a capital
    /// that follows a lower-case letter (glued syllables); `info.len` says where.
    fn push_word(&mut self, word: &str, mode: Mode, syllable: bool) -> WordInfo {
        let start = self.arena.len();
        let mut info = WordInfo {
            len: word.len(),
            ..WordInfo::default()
        };
        let mut packer = Packer::default();
        let mut combining = false;
        let mut tone_candidate = false;
        let mut prev_lower = false;
        let (mut prev_row, mut prev_tone) = (u8::MAX, 0u8);
        for (i, c) in word.char_indices() {
            if c.is_ascii() {
                if !c.is_ascii_alphanumeric() {
                    continue; // an ignorable control character
                }
                if c.is_ascii_uppercase() {
                    if prev_lower && syllable {
                        info.len = i;
                        break;
                    }
                    info.upper += 1;
                }
                prev_lower = c.is_ascii_lowercase();
                let l = c.to_ascii_lowercase();
                self.arena.push(l);
                packer.push(l as u8);
                let row = match l {
                    'o' => 6,
                    'u' => 9,
                    'a' | 'e' | 'y' => {
                        tone_candidate |= prev_tone != 0 && glide(prev_row, l);
                        u8::MAX
                    }
                    _ => u8::MAX,
                };
                prev_row = row;
                prev_tone = 0;
                continue;
            }
            if is_combining(c) {
                combining = true;
                if mode == Mode::Exact {
                    self.arena.push(c);
                }
                continue;
            }
            if is_ignorable(c) {
                continue;
            }
            if let Some(v) = vowel(c) {
                if v.upper {
                    if prev_lower && syllable {
                        info.len = i;
                        break;
                    }
                    info.upper += 1;
                }
                prev_lower = !v.upper;
                let f = vowel_fold(v);
                match mode {
                    Mode::Exact => self
                        .arena
                        .push(VOWEL_TABLE[v.row as usize][v.tone as usize]),
                    Mode::Folded => self.arena.push(f),
                }
                packer.push(f as u8);
                if (prev_tone != 0 || v.tone != 0) && glide(prev_row, f) {
                    tone_candidate = true;
                }
                prev_row = v.row;
                prev_tone = v.tone;
                continue;
            }
            let upper = c.is_uppercase();
            if upper {
                if prev_lower && syllable {
                    info.len = i;
                    break;
                }
                info.upper += 1;
            }
            prev_lower = c.is_lowercase();
            prev_row = u8::MAX;
            if c == 'đ' || c == 'Đ' {
                self.arena.push(if mode == Mode::Exact { 'đ' } else { 'd' });
                packer.push(b'd');
                continue;
            }
            match crate::chars::fold_ascii(c) {
                Some(b) if b != 0 => packer.push(b),
                _ => packer.poison(),
            }
            for l in c.to_lowercase() {
                match mode {
                    Mode::Exact => self.arena.push(l),
                    Mode::Folded => push_folded(l, &mut self.arena),
                }
            }
        }
        info.key = packer.finish();
        if packer.len == 0 && !self.arena[start..].chars().any(|c| !is_combining(c)) {
            // Only combining marks: nothing to index, in either mode.
            self.arena.truncate(start);
            return info;
        }
        if mode == Mode::Exact && combining {
            // Decomposed input: compose, then run the word again for tones.
            let composed: String = self.arena[start..].nfc().collect();
            self.arena.truncate(start);
            // The key stays the one of the original letters, as in folded mode.
            self.push_word_composed(&composed, syllable);
            return info;
        }
        if mode == Mode::Exact && syllable && tone_candidate {
            self.canonicalize_tail(start);
        }
        info
    }

    /// [`Self::push_word`] for an already lower-case NFC word that may still hold combining
    /// marks that have no precomposed form (kept as they are).
    fn push_word_composed(&mut self, word: &str, canonical_tones: bool) {
        let start = self.arena.len();
        self.arena.push_str(word);
        if canonical_tones {
            self.canonicalize_tail(start);
        }
    }

    fn canonicalize_tail(&mut self, start: usize) {
        self.chars.clear();
        self.chars.extend(self.arena[start..].chars());
        if canonicalize_syllable(&mut self.chars) {
            self.arena.truncate(start);
            self.arena.extend(self.chars.iter());
        }
    }

    /// Adds the abbreviation key at the position of each full name found among the syllables.
    fn add_keys_of_full_names(&mut self) {
        self.insertions.clear();
        for &i in &self.full_name_starts {
            let t = self.tokens[i];
            for name in full_names_starting_with(t.key) {
                // The following syllables, written or expanded from an abbreviation, so that
                // "Bộ TN&MT" also gets the key of "Bộ Tài nguyên và Môi trường".
                let mut following = self.tokens[i + 1..]
                    .iter()
                    .filter(|f| matches!(f.kind, Kind::Syllable | Kind::Expansion));
                let mut last_to = t.to;
                let matches = name.syllables[1..].iter().enumerate().all(|(m, &key)| {
                    following.next().is_some_and(|f| {
                        last_to = f.to;
                        f.position == t.position + m + 1 && !f.break_before && f.key == key
                    })
                });
                if matches {
                    let start = self.arena.len();
                    self.arena.push_str(&unpack(name.abbreviation));
                    let key = RawToken {
                        text: (start, self.arena.len()),
                        position: t.position,
                        from: t.from,
                        to: last_to,
                        kind: Kind::Abbreviation,
                        key: name.abbreviation,
                        break_before: false,
                    };
                    self.insertions.push((i + 1, key));
                }
            }
        }
        if self.insertions.is_empty() {
            return;
        }
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        out.reserve(self.tokens.len() + self.insertions.len());
        let mut pending = self.insertions.iter().peekable();
        for (i, t) in self.tokens.iter().enumerate() {
            while let Some((_, key)) = pending.next_if(|(at, _)| *at == i) {
                out.push(*key);
            }
            out.push(*t);
        }
        out.extend(pending.map(|(_, key)| *key));
        self.scratch = std::mem::replace(&mut self.tokens, out);
    }
}

/// Whether `prev_row` followed by the vowel folding to `f` is one of the glides oa, oe, uy.
#[inline]
fn glide(prev_row: u8, f: char) -> bool {
    matches!((prev_row, f), (6, 'a') | (6, 'e') | (9, 'y'))
}

#[derive(Debug, Default, Clone, Copy)]
struct WordInfo {
    key: u64,
    upper: u32,
    /// Bytes of the word consumed (less than its length when a glued syllable follows).
    len: usize,
}

/// Incremental [`pack_folded`].
#[derive(Default)]
struct Packer {
    key: u64,
    len: u8,
    poisoned: bool,
}

impl Packer {
    #[inline]
    fn push(&mut self, b: u8) {
        self.len = self.len.saturating_add(1);
        self.key = (self.key << 8) | u64::from(b);
    }
    fn poison(&mut self) {
        self.poisoned = true;
    }
    fn finish(&self) -> u64 {
        if self.poisoned || self.len > 8 {
            0
        } else {
            self.key
        }
    }
}

/// Parts of the chunk starting at `k` that form a known abbreviation ("TN" & "MT"), joined by
/// '&' or '-', longest first; a group must be written with capitals or be no Vietnamese word.
fn abbreviation_group(
    text: &str,
    parts: &[Range<usize>],
    seps: &[char],
    k: usize,
) -> Option<(usize, &'static Abbreviation)> {
    let last = parts.len().min(k + 4);
    for end in (k + 2..=last).rev() {
        if seps[k..end - 1].contains(&'/') {
            continue;
        }
        let letters = parts[k..end].iter().flat_map(|r| text[r.clone()].chars());
        let Some(key) = pack_folded(letters.clone()) else {
            continue;
        };
        if let Some(a) = lookup_key(key) {
            let upper = letters.filter(|c| c.is_uppercase()).count();
            if upper >= 2 || !is_syllable_shaped(&unpack(key)) {
                return Some((end, a));
            }
        }
    }
    None
}

/// Cuts the original text into chunks: words joined by connectors.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl Scanner<'_> {
    #[inline]
    fn char_at(&self, i: usize) -> Option<char> {
        let b = *self.text.as_bytes().get(i)?;
        if b < 0x80 {
            Some(b as char)
        } else {
            self.text[i..].chars().next()
        }
    }

    /// Where a number written in groups of thousands ("2.000", "1.500.000") ends, when the
    /// part `start..end` is its first group; else `end`. Such a number is one word (the
    /// analyzer drops the dots: "2000"), not "2" and "000": a query for "2.000 container" is
    /// not about every "2" of "10/2/2017". Only groups of exactly three digits continue it, so
    /// a date written with dots ("15.4.2020") or a clause number ("3.2") stays in pieces.
    fn thousands(&mut self, start: usize, end: usize) -> usize {
        let bytes = self.text.as_bytes();
        let first = &bytes[start..end];
        if first.is_empty() || first.len() > 3 || !first.iter().all(u8::is_ascii_digit) {
            return end;
        }
        let mut end = end;
        while bytes.get(end) == Some(&b'.')
            && bytes
                .get(end + 1..end + 4)
                .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && !bytes.get(end + 4).is_some_and(u8::is_ascii_digit)
        {
            end += 4;
        }
        self.at = self.at.max(end);
        end
    }

    /// Fills `parts` and `seps` with the next chunk; returns whether punctuation preceded it,
    /// or `None` at the end of the text.
    fn next_chunk(&mut self, parts: &mut Vec<Range<usize>>, seps: &mut Vec<char>) -> Option<bool> {
        parts.clear();
        seps.clear();
        let mut broke = false;
        // Skip to the first word character.
        loop {
            let c = self.char_at(self.at)?;
            if is_word_char(c) {
                break;
            }
            if !c.is_whitespace() && !is_ignorable(c) {
                broke = true;
            }
            self.at += c.len_utf8();
        }
        loop {
            let start = self.at;
            let mut end = start;
            while let Some(c) = self.char_at(self.at) {
                if is_word_char(c) {
                    self.at += c.len_utf8();
                    end = self.at;
                } else if is_ignorable(c) {
                    self.at += c.len_utf8();
                } else {
                    break;
                }
            }
            let end = self.thousands(start, end);
            parts.push(start..end);
            match self.char_at(self.at) {
                Some(c) if is_connector(c) => {
                    let mut next = self.at + c.len_utf8();
                    // Ignorable characters are transparent here too ("98/\u{200B}TN").
                    while let Some(i) = self.char_at(next).filter(|&i| is_ignorable(i)) {
                        next += i.len_utf8();
                    }
                    if self.char_at(next).is_some_and(is_word_char) {
                        seps.push(c);
                        self.at = next;
                        continue;
                    }
                }
                _ => {}
            }
            return Some(broke);
        }
    }
}

/// Byte ranges of the chunks of `text` (words joined by '/', '-', '&'), for callers that look
/// for document numbers or abbreviations in running text.
pub(crate) fn chunks(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut scanner = Scanner { text, at: 0 };
    let mut parts = Vec::new();
    let mut seps = Vec::new();
    std::iter::from_fn(move || {
        scanner.next_chunk(&mut parts, &mut seps)?;
        Some(parts[0].start..parts[parts.len() - 1].end)
    })
}
