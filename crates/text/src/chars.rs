//! Character classes and per-character tables shared by normalisation, tone placement and the
//! tokenizers.
//!
//! Written by hand rather than pulled from a Unicode-properties crate because the classes are
//! Vietnamese-specific (which vowels carry tones, what folds to what) and must be cheap: the
//! tokenizers call them once per character of every indexed document.

/// The twelve Vietnamese vowel bases (with their shape modifiers) and their five toned forms,
/// in the order: no tone, grave (huyền), acute (sắc), hook (hỏi), tilde (ngã), dot (nặng).
pub(crate) const VOWEL_TABLE: [[char; 6]; 12] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];

/// The ASCII letter each row of [`VOWEL_TABLE`] folds to.
const VOWEL_FOLD: [char; 12] = ['a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 'o', 'u', 'u', 'y'];

/// A Vietnamese vowel split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Vowel {
    /// Row in [`VOWEL_TABLE`].
    pub row: u8,
    /// Tone index 0..=5 (0 = no tone).
    pub tone: u8,
    /// Whether the character was upper case.
    pub upper: bool,
}

impl Vowel {
    /// The character for this vowel with the given tone, in the original case.
    pub fn with_tone(self, tone: u8) -> char {
        if self.upper {
            VOWEL_TABLE_UPPER[self.row as usize][tone as usize]
        } else {
            VOWEL_TABLE[self.row as usize][tone as usize]
        }
    }

    /// The lower-case base letter without tone (shape modifiers kept): 'ạ' → 'a', 'ợ' → 'ơ'.
    pub fn base(self) -> char {
        VOWEL_TABLE[self.row as usize][0]
    }
}

/// Dense lookup tables over the two Unicode blocks that hold every precomposed Vietnamese
/// vowel (U+00C0..=U+01B0 and U+1EA0..=U+1EF9): a hash map lookup per character was the
/// tokenizers' hottest spot. Each byte is 0 (not a vowel) or `1 + row * 6 + tone`, with 0x80
/// set for upper case.
struct VowelTables {
    low: [u8; 0x1B1 - 0xC0],
    ext: [u8; 0x1EFA - 0x1EA0],
}

/// Upper-case forms of [`VOWEL_TABLE`], written out so the lookup tables can be built at
/// compile time (`char::to_uppercase` is not `const`).
const VOWEL_TABLE_UPPER: [[char; 6]; 12] = [
    ['A', 'À', 'Á', 'Ả', 'Ã', 'Ạ'],
    ['Ă', 'Ằ', 'Ắ', 'Ẳ', 'Ẵ', 'Ặ'],
    ['Â', 'Ầ', 'Ấ', 'Ẩ', 'Ẫ', 'Ậ'],
    ['E', 'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ'],
    ['Ê', 'Ề', 'Ế', 'Ể', 'Ễ', 'Ệ'],
    ['I', 'Ì', 'Í', 'Ỉ', 'Ĩ', 'Ị'],
    ['O', 'Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ'],
    ['Ô', 'Ồ', 'Ố', 'Ổ', 'Ỗ', 'Ộ'],
    ['Ơ', 'Ờ', 'Ớ', 'Ở', 'Ỡ', 'Ợ'],
    ['U', 'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ'],
    ['Ư', 'Ừ', 'Ứ', 'Ử', 'Ữ', 'Ự'],
    ['Y', 'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ'],
];

const fn build_vowel_tables() -> VowelTables {
    let mut t = VowelTables {
        low: [0; 0x1B1 - 0xC0],
        ext: [0; 0x1EFA - 0x1EA0],
    };
    let mut row = 0;
    while row < 12 {
        let mut tone = 0;
        while tone < 6 {
            let code = 1 + (row * 6 + tone) as u8;
            let forms = [
                (VOWEL_TABLE[row][tone], 0u8),
                (VOWEL_TABLE_UPPER[row][tone], 0x80),
            ];
            let mut f = 0;
            while f < 2 {
                let cp = forms[f].0 as usize;
                if cp >= 0xC0 && cp < 0x1B1 {
                    t.low[cp - 0xC0] = code | forms[f].1;
                } else if cp >= 0x1EA0 && cp < 0x1EFA {
                    t.ext[cp - 0x1EA0] = code | forms[f].1;
                }
                f += 1;
            }
            tone += 1;
        }
        row += 1;
    }
    t
}

static VOWEL_TABLES: VowelTables = build_vowel_tables();

/// Splits a (precomposed) Vietnamese vowel into base, tone and case; `None` for anything else.
#[inline]
pub(crate) fn vowel(c: char) -> Option<Vowel> {
    let cp = c as usize;
    let code = match cp {
        0x61 | 0x65 | 0x69 | 0x6F | 0x75 | 0x79 | 0x41 | 0x45 | 0x49 | 0x4F | 0x55 | 0x59 => {
            let lower = (c.to_ascii_lowercase()) as usize;
            let row = match lower {
                0x61 => 0,
                0x65 => 3,
                0x69 => 5,
                0x6F => 6,
                0x75 => 9,
                _ => 11,
            };
            (1 + row * 6) as u8 | if c.is_ascii_uppercase() { 0x80 } else { 0 }
        }
        0xC0..0x1B1 => VOWEL_TABLES.low[cp - 0xC0],
        0x1EA0..0x1EFA => VOWEL_TABLES.ext[cp - 0x1EA0],
        _ => 0,
    };
    if code == 0 {
        return None;
    }
    let idx = (code & 0x7F) - 1;
    Some(Vowel {
        row: idx / 6,
        tone: idx % 6,
        upper: code & 0x80 != 0,
    })
}

/// Characters removed everywhere: zero-width characters, the soft hyphen, BOM, bidi controls and
/// C0/C1 control characters other than the whitespace ones. They are *transparent*: removing
/// them joins what surrounds them, so "hò\u{200B}a" is one word.
pub(crate) fn is_ignorable(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' => false,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => true,
        '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' => {
            true
        }
        '\u{FEFF}' => true,
        _ => false,
    }
}

/// Whitespace other than the line feed, which [`crate::normalize`] turns into a plain space.
pub(crate) fn is_odd_space(c: char) -> bool {
    c != ' ' && c != '\n' && c != '\r' && c.is_whitespace()
}

/// Whether `c` belongs inside a word: letters, digits and combining marks (decomposed input).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // Latin-1 letters and Latin Extended-A/B, combining diacritics, Latin Extended
        // Additional: the blocks Vietnamese lives in, answered without a table search.
        0xC0..=0x24F => c != '×' && c != '÷',
        0x300..=0x36F | 0x1E00..=0x1EFF => true,
        // General Punctuation (curly quotes, dashes, ellipsis are frequent in news): no
        // letters there, and the zero-width characters are ignorables, not word characters.
        0x2000..=0x206F => false,
        _ => c.is_alphanumeric() || is_combining(c),
    }
}

/// Combining marks (general category M).
#[inline]
pub(crate) fn is_combining(c: char) -> bool {
    match c as u32 {
        0..=0x2FF => false,
        0x300..=0x36F => true,
        0x1E00..=0x1EFF => false,
        _ => unicode_normalization::char::is_combining_mark(c),
    }
}

/// Connectors that may join the parts of a document number ("08/2022/NĐ-CP") or an
/// abbreviation ("TN&MT") when they sit between two word characters.
#[inline]
pub(crate) fn is_connector(c: char) -> bool {
    matches!(c, '/' | '-' | '&' | '\u{2010}' | '\u{2011}' | '\u{2013}')
}

/// The folded letter of a Vietnamese letter of either case (a vowel with any marks, or đ);
/// `None` for anything else.
#[inline]
pub(crate) fn fold_letter(c: char) -> Option<char> {
    match c {
        'đ' | 'Đ' => Some('d'),
        _ => vowel(c).map(vowel_fold),
    }
}

/// Folds one lower-case character: every mark removed, đ → d. Characters outside Vietnamese
/// are decomposed and stripped of their combining marks ("ç" → "c"), pushed into `out`.
#[inline]
pub(crate) fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    match c {
        'đ' | 'Đ' => out.push('d'),
        _ => {
            if let Some(v) = vowel(c) {
                out.push(VOWEL_FOLD[v.row as usize]);
            } else {
                let before = out.len();
                unicode_normalization::char::decompose_canonical(c, |d| {
                    if !is_combining(d) {
                        out.push(d);
                    }
                });
                if out.len() == before && !is_combining(c) {
                    out.push(c);
                }
            }
        }
    }
}

/// Folds one character to a lower-case ASCII letter or digit for packed keys: `Some(0)` for a
/// combining mark (skipped), `None` for anything that has no ASCII fold.
#[inline]
pub(crate) fn fold_ascii(c: char) -> Option<u8> {
    if c.is_ascii_alphanumeric() {
        return Some(c.to_ascii_lowercase() as u8);
    }
    if c.is_ascii() {
        return None;
    }
    match c {
        'đ' | 'Đ' => Some(b'd'),
        c if is_combining(c) => Some(0),
        c => match vowel(c) {
            Some(v) => Some(VOWEL_FOLD[v.row as usize] as u8),
            None => {
                // Other precomposed Latin letters ("ḍ", "ç"): the base letter if ASCII.
                let mut base = None;
                let mut first = true;
                unicode_normalization::char::decompose_canonical(c, |d| {
                    if first {
                        base = d
                            .is_ascii_alphanumeric()
                            .then(|| d.to_ascii_lowercase() as u8);
                        first = false;
                    }
                });
                base.filter(|_| c.is_lowercase() || c.is_uppercase())
            }
        },
    }
}

/// The ASCII letter a vowel folds to.
#[inline]
pub(crate) fn vowel_fold(v: Vowel) -> char {
    VOWEL_FOLD[v.row as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vowels_split_and_rebuild() {
        let v = vowel('Ở').unwrap();
        assert!(v.upper);
        assert_eq!(v.base(), 'ơ');
        assert_eq!(v.tone, 3);
        assert_eq!(v.with_tone(0), 'Ơ');
        assert_eq!(vowel('b'), None);
        assert_eq!(vowel('đ'), None);
    }

    #[test]
    fn upper_table_matches_unicode_case_mapping() {
        for (row, forms) in VOWEL_TABLE.iter().enumerate() {
            for (tone, c) in forms.iter().enumerate() {
                let upper = VOWEL_TABLE_UPPER[row][tone];
                assert_eq!(c.to_uppercase().collect::<String>(), upper.to_string());
                assert_eq!(
                    vowel(upper).map(|v| (v.row, v.tone, v.upper)),
                    Some((row as u8, tone as u8, true))
                );
                assert_eq!(
                    vowel(*c).map(|v| (v.row, v.tone, v.upper)),
                    Some((row as u8, tone as u8, false))
                );
            }
        }
    }

    #[test]
    fn folding_removes_every_mark() {
        let mut s = String::new();
        for c in "đấu tranh ç ñ ữ".chars() {
            push_folded(c, &mut s);
        }
        assert_eq!(s, "dau tranh c n u");
    }

    #[test]
    fn classes() {
        assert!(is_ignorable('\u{200B}'));
        assert!(is_ignorable('\u{1}'));
        assert!(!is_ignorable('\n'));
        assert!(is_odd_space('\u{A0}'));
        assert!(is_odd_space('\t'));
        assert!(!is_odd_space('\n'));
        assert!(is_word_char('\u{300}'));
        assert!(is_word_char('中'));
        assert!(!is_word_char('😀'));
    }
}
