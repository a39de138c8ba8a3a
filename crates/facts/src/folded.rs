//! Folded text with a way back to the original bytes.
//!
//! Every matcher in this crate runs on folded text (lowercase, no diacritics, đ → d) so that
//! "Tài Nguyên", "tài nguyên", "Uỷ" and "Ủy" all match one pattern, while every fact still needs
//! a span in the original body. `tracuu_text::fold` gives no offsets, hence this small mapper:
//! each original character folds to exactly one character, and we remember where it came from.

use unicode_normalization::char::decompose_canonical;

/// A folded copy of a text and, for each folded byte, the original byte offset.
#[derive(Debug, Clone)]
pub struct Folded {
    /// Lowercase, diacritics removed, đ → d; one char per original char.
    pub text: String,
    map: Vec<u32>,
    original_len: usize,
}

/// Folds one character to one character.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // Vietnamese letters first, by table (the Unicode decomposition below was a tenth of
    // facts extraction).
    if let Some(folded) = tracuu_text::fold_letter(c) {
        return folded;
    }
    match c {
        // Non-breaking and other odd spaces count as spaces for the matchers.
        '\u{a0}' | '\u{2002}'..='\u{200a}' | '\u{202f}' | '\u{3000}' => return ' ',
        _ => {}
    }
    decomposed_lower(c)
}

/// The lower case of a character's first canonical decomposition part.
fn decomposed_lower(c: char) -> char {
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    let base = base.unwrap_or(c);
    let mut lower = base.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        // Multi-char lowercase forms (rare, never Vietnamese) keep the base char.
        _ => base,
    }
}

/// Folds a string without keeping offsets (for lexicon entries and user queries).
pub fn fold_str(s: &str) -> String {
    s.chars()
        .filter(|&c| !is_combining_mark(c))
        .map(fold_char)
        .collect()
}

fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

impl Folded {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len());
        // Whitespace runs fold to one char: '\n' when the run holds a blank line (a paragraph
        // break, which no name may cross), else ' ' (so a name wrapped over a line still matches).
        let mut run: Option<(usize, usize)> = None; // (start, newlines)
        let push = |text: &mut String, map: &mut Vec<u32>, c: char, at: usize| {
            let before = text.len();
            text.push(c);
            for _ in before..text.len() {
                map.push(at as u32);
            }
        };
        for (i, c) in original.char_indices() {
            if c.is_whitespace() {
                let (start, newlines) = run.unwrap_or((i, 0));
                run = Some((start, newlines + usize::from(c == '\n')));
                continue;
            }
            if is_combining_mark(c) {
                // Text that escaped NFC: the mark joins the previous char's span.
                continue;
            }
            if let Some((start, newlines)) = run.take() {
                let ws = if newlines >= 2 { '\n' } else { ' ' };
                push(&mut text, &mut map, ws, start);
            }
            push(&mut text, &mut map, fold_char(c), i);
        }
        if let Some((start, newlines)) = run {
            let ws = if newlines >= 2 { '\n' } else { ' ' };
            push(&mut text, &mut map, ws, start);
        }
        Folded {
            text,
            map,
            original_len: original.len(),
        }
    }

    /// Original byte offset of a folded byte offset (start or end of a match).
    pub fn to_original(&self, folded: usize) -> usize {
        if folded >= self.map.len() {
            self.original_len
        } else {
            self.map[folded] as usize
        }
    }

    /// Folded byte offset of an original offset (first folded byte at or after it).
    pub fn to_folded(&self, original: usize) -> usize {
        self.map.partition_point(|&o| (o as usize) < original)
    }
}

/// A URL-safe slug: folded, words joined by '-'.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in fold_str(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table gives what the Unicode decomposition gives, for every character of the
    /// Basic Multilingual Plane's letters up to the Latin Extended Additional block.
    #[test]
    fn table_fold_agrees_with_the_decomposition() {
        for c in ('\u{80}'..='\u{1fff}').filter(|c| c.is_alphabetic()) {
            let by_decomposition = match c {
                'đ' | 'Đ' => 'd',
                _ => decomposed_lower(c),
            };
            assert_eq!(fold_char(c), by_decomposition, "{c} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn folds_both_tone_styles_and_maps_back() {
        let s = "Uỷ  ban\nỦy\n\n Đài";
        let f = Folded::new(s);
        assert_eq!(f.text, "uy ban uy\ndai");
        let start = f.text.find("dai").unwrap();
        assert_eq!(&s[f.to_original(start)..f.to_original(start + 3)], "Đài");
        assert_eq!(f.to_folded(f.to_original(start)), start);
    }

    #[test]
    fn slugs_are_stable() {
        assert_eq!(
            slug("Sở Tài nguyên và Môi trường"),
            "so-tai-nguyen-va-moi-truong"
        );
        assert_eq!(slug("Lạng Sơn"), "lang-son");
    }
}
