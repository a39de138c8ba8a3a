//! Whole-text normalisation, folding and lossy decoding.
//!
//! The tokenizers do not call these: they scan the *original* text so that token offsets point
//! into it, and normalise each token on its own (see [`crate::analysis`]). Both paths share the
//! same character classes and tone rules, so `analyze(normalize(t))` and `analyze(t)` give the
//! same token texts.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::chars::{is_combining, is_ignorable, is_odd_space, is_word_char, push_folded};
use crate::tone::{canonicalize_syllable, may_need_canonical};

/// Normalises any input to the canonical form every stage uses: NFC, canonical tone placement,
/// whitespace unified (NBSP, tabs and other spaces become ' ', CR LF and CR become '\n'),
/// zero-width and control characters removed. Case is kept. Idempotent.
pub fn normalize(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    cleaned.push('\n');
                }
            }
            c if is_ignorable(c) => {}
            c if is_odd_space(c) => cleaned.push(' '),
            c => cleaned.push(c),
        }
    }
    let composed = if is_nfc_quick(cleaned.chars()) == IsNormalized::Yes {
        cleaned
    } else {
        cleaned.nfc().collect()
    };
    canonicalize_tones(&composed)
}

/// Rewrites every syllable of an NFC text to the canonical tone placement (case kept).
fn canonicalize_tones(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word: Vec<char> = Vec::new();
    let flush = |word: &mut Vec<char>, out: &mut String| {
        if word.iter().any(|&c| may_need_canonical(c)) {
            for piece in split_glued(word) {
                canonicalize_syllable(piece);
            }
        }
        out.extend(word.iter());
        word.clear();
    };
    for c in text.chars() {
        if is_word_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Splits a word at lower-case → upper-case transitions ("giáoTrung" → "giáo", "Trung"), the
/// trace of syllables glued together by bad extraction.
pub(crate) fn split_glued(word: &mut [char]) -> impl Iterator<Item = &mut [char]> {
    let mut cuts = Vec::new();
    for i in 1..word.len() {
        if word[i - 1].is_lowercase() && word[i].is_uppercase() {
            cuts.push(i);
        }
    }
    let mut rest = word;
    let mut taken = 0;
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    for cut in cuts {
        let (head, tail) = rest.split_at_mut(cut - taken);
        pieces.push(head);
        taken = cut;
        rest = tail;
    }
    pieces.push(rest);
    pieces.into_iter()
}

/// Folds text for diacritic-insensitive matching: normalised, lower case, every mark removed,
/// đ → d ("Đấu tranh" → "dau tranh").
///
/// One pass, without composing or moving tone marks first: folding removes every mark, so
/// `fold(normalize(t))` and folding `t` directly give the same letters (NFC only merges a base
/// letter with marks that are then dropped; tone placement only moves marks). The whitespace
/// and invisible-character rules of [`normalize`] still apply. A test holds the two equal.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appended to `out`: for callers folding many short texts (every token of a
/// highlighted passage) into one reused buffer.
pub fn fold_into(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Printable ASCII (most of a Vietnamese text's bytes: consonants, spaces, punctuation)
        // byte by byte: its runs are a few bytes long between two accented letters, too short
        // for a run copy to pay.
        let b = bytes[i];
        if (0x20..0x7f).contains(&b) {
            out.push(char::from(b.to_ascii_lowercase()));
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        // Vietnamese letters of either case (nearly every other character) fold straight from
        // the vowel tables: std's `to_lowercase` searches a table for every non-ASCII
        // character, and that search was a sixth of highlighting a hit.
        if let Some(folded) = crate::chars::fold_letter(c) {
            out.push(folded);
            continue;
        }
        match c {
            '\r' => {
                if bytes.get(i) != Some(&b'\n') {
                    out.push('\n');
                }
            }
            c if is_ignorable(c) => {}
            c if is_odd_space(c) => out.push(' '),
            c => {
                for l in c.to_lowercase() {
                    if !is_combining(l) {
                        push_folded(l, out);
                    }
                }
            }
        }
    }
}

/// The definition [`fold`] must agree with: normalise, then fold.
#[cfg(test)]
fn fold_by_normalizing(text: &str) -> String {
    let normal = normalize(text);
    let mut out = String::with_capacity(normal.len());
    for c in normal.chars().flat_map(char::to_lowercase) {
        if !is_combining(c) {
            push_folded(c, &mut out);
        }
    }
    out
}

/// Decodes bytes as UTF-8, replacing each invalid sequence by U+FFFD, and says how many
/// replacements were made so callers can warn about damaged input.
pub fn decode_lossy(bytes: &[u8]) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len());
    let mut replaced = 0;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            out.push(char::REPLACEMENT_CHARACTER);
            replaced += 1;
        }
    }
    (out, replaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_fold_equals_fold_of_the_normalised_text() {
        for text in [
            "Đấu tranh THÀNH UỶ Thành ủy ho\u{300}a\u{200b} bi\u{300}nh\r\nx\ry\u{a0}z",
            "İstanbul ǅ ﬁ Ω Å 가 각 e\u{301}\u{302} \u{1}\u{7f} 1414/UBND-KT",
            "Sở TN&MT\r\r\nKH&ĐT\t~ \r",
            "",
        ] {
            assert_eq!(fold(text), fold_by_normalizing(text), "{text:?}");
        }
    }

    /// Every character of the blocks Vietnamese letters live in, both cases, each alone and
    /// followed by a combining mark (the fast path of vowels must agree with `to_lowercase`).
    #[test]
    fn one_pass_fold_equals_on_every_latin_letter() {
        let blocks = (0xC0u32..0x250).chain(0x1E00..0x1F00);
        for c in blocks.filter_map(char::from_u32) {
            for text in [c.to_string(), format!("{c}\u{301}x"), format!("{c}\u{323}")] {
                assert_eq!(fold(&text), fold_by_normalizing(&text), "{text:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_fold_equals_fold_of_the_normalised_text_for_any_string(text in ".*") {
            proptest::prop_assert_eq!(fold(&text), fold_by_normalizing(&text));
        }

        #[test]
        fn one_pass_fold_equals_on_vietnamese_letters(
            text in "([aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐ\u{300}\u{301}\u{303}\u{309}\u{323}\u{306}\u{302}\u{31b}hnqtgk ]|\u{200b}|\r|\n){0,40}"
        ) {
            proptest::prop_assert_eq!(fold(&text), fold_by_normalizing(&text));
        }
    }

    #[test]
    fn nfd_and_mixed_input_become_nfc() {
        let nfd = "ho\u{300}a bi\u{300}nh";
        assert_eq!(normalize(nfd), "hòa bình");
        assert_eq!(normalize("Thành uỷ"), "Thành ủy");
        assert_eq!(normalize("THUỶ LỢI"), "THỦY LỢI");
    }

    #[test]
    fn spaces_and_invisible_characters() {
        assert_eq!(normalize("a\u{A0}b\tc\r\nd\re"), "a b c\nd\ne");
        assert_eq!(normalize("hò\u{200B}a\u{FEFF} x\u{7}y"), "hòa xy");
    }

    #[test]
    fn glued_syllables_keep_their_own_tones() {
        assert_eq!(normalize("giáoTrung hoàBình"), "giáoTrung hòaBình");
    }

    #[test]
    fn folding_maps_d_bar_and_removes_marks() {
        assert_eq!(fold("Đấu tranh"), "dau tranh");
        assert_eq!(fold("Hoà Bình"), "hoa binh");
    }

    #[test]
    fn lossy_decoding_counts_replacements() {
        let (s, n) = decode_lossy(b"a\xFFb\xE1\xBAc");
        assert_eq!(n, 2);
        assert_eq!(s, "a\u{FFFD}b\u{FFFD}c");
        assert_eq!(decode_lossy("Sở".as_bytes()), ("Sở".to_string(), 0));
    }
}
