//! One canonical tone-mark placement for the syllables where Vietnamese writing has two.
//!
//! Vietnamese puts the tone on the main vowel of a syllable, but for the open syllables with the
//! glides *oa*, *oe* and *uy* two conventions live side by side: the older one puts it on the
//! first vowel (hòa, khỏe, thủy), the one promoted later by the Ministry of Education on the
//! second (hoà, khoẻ, thuỷ). Real pages mix them, even inside one page (seed 004 writes both
//! "Thành uỷ" and "Thành ủy"), so a search must treat them as one spelling.
//!
//! **Choice:** we canonicalise to the first-vowel placement *hòa, khỏe, thủy, Ủy* for open
//! syllables, because it is what most official documents and the Unicode-era press use (and what
//! the Viet22K lexicon uses). When a final consonant follows (hoàn, toán, khoét, huých) both
//! conventions agree on the second vowel, and we move a misplaced mark there. Everything else
//! (quý, thuyền, thuở, khuya, quả) is left alone: "qu" is an onset, so *quý* has the single vowel
//! *y*, and triphthongs such as *uyê*, *uya* have one placement only.

use crate::chars::{vowel, Vowel};

/// Rows of [`crate::chars::VOWEL_TABLE`] that matter here.
const ROW_A: u8 = 0;
const ROW_E: u8 = 3;
const ROW_O: u8 = 6;
const ROW_U: u8 = 9;
const ROW_Y: u8 = 11;

/// Where a syllable's glide (oa, oe, uy) is: the index of its first vowel, and whether the
/// syllable is open (no final consonant). `None` for anything else, including input that is
/// not a single Vietnamese syllable (digits, several vowel groups, foreign letters).
fn glide(s: &[char]) -> Option<(usize, bool)> {
    if s.len() < 2 {
        return None;
    }
    let mut start = s.iter().position(|&c| vowel(c).is_some())?;
    // Onset and final must be Vietnamese consonants: anything else is not one syllable.
    let consonant = |c: &char| c.is_ascii_alphabetic() || matches!(c, 'đ' | 'Đ');
    if !s.iter().all(|c| consonant(c) || vowel(*c).is_some()) {
        return None;
    }
    // "qu" and "gi" + vowel are onsets: the u of "quý" and the i of "gìa" are not nuclei.
    if start > 0 {
        let prev = s[start - 1].to_ascii_lowercase();
        let first = vowel(s[start]).map(Vowel::base);
        let next_is_vowel = s.get(start + 1).is_some_and(|&c| vowel(c).is_some());
        if (prev == 'q' && first == Some('u'))
            || (prev == 'g' && first == Some('i') && next_is_vowel)
        {
            start += 1;
        }
    }
    let end = s[start..]
        .iter()
        .position(|&c| vowel(c).is_none())
        .map_or(s.len(), |p| start + p);
    let is_final = |c: &char| {
        matches!(
            c.to_ascii_lowercase(),
            'c' | 'h' | 'm' | 'n' | 'g' | 'p' | 't'
        )
    };
    if end - start != 2 || !s[end..].iter().all(is_final) {
        return None;
    }
    let (v0, v1) = (vowel(s[start])?, vowel(s[start + 1])?);
    let is_glide = matches!(
        (v0.row, v1.row),
        (ROW_O, ROW_A) | (ROW_O, ROW_E) | (ROW_U, ROW_Y)
    );
    is_glide.then_some((start, end == s.len()))
}

/// Puts the tone of the glide at `start` on its first vowel (`on_first`) or its second.
/// Returns whether anything changed; leaves a glide with no tone, or two, alone.
fn place_tone(s: &mut [char], start: usize, on_first: bool) -> bool {
    let (Some(v0), Some(v1)) = (vowel(s[start]), vowel(s[start + 1])) else {
        return false;
    };
    if (v0.tone != 0 && v1.tone != 0) || v0.tone | v1.tone == 0 {
        return false;
    }
    let tone = v0.tone | v1.tone;
    let (t0, t1) = if on_first { (tone, 0) } else { (0, tone) };
    let changed = v0.tone != t0;
    s[start] = v0.with_tone(t0);
    s[start + 1] = v1.with_tone(t1);
    changed
}

/// Moves the tone mark of one syllable (precomposed characters, any case) to its canonical
/// vowel. Returns whether anything changed. Input that is not a single Vietnamese syllable
/// (digits, several vowel groups, foreign letters) is left untouched.
pub(crate) fn canonicalize_syllable(s: &mut [char]) -> bool {
    match glide(s) {
        Some((start, open)) => place_tone(s, start, open),
        None => false,
    }
}

/// The same syllable written with the other tone placement of an open glide ("hòa" ⇄ "hoà",
/// "Thủy" ⇄ "Thuỷ"), or `None` when it has only one ("hoàn", "quý", "ban"). Text searched as
/// written (not through the analyzer, which makes the two one) must look for both.
pub fn other_tone_placement(syllable: &str) -> Option<String> {
    let mut s: Vec<char> = syllable.chars().collect();
    let (start, true) = glide(&s)? else {
        return None;
    };
    let on_first = vowel(s[start]).is_some_and(|v| v.tone != 0);
    place_tone(&mut s, start, !on_first).then(|| s.into_iter().collect())
}

/// Whether a character could take part in a glide this module rewrites; lets callers skip the
/// per-syllable work for syllables that cannot change.
#[inline]
pub(crate) fn may_need_canonical(c: char) -> bool {
    // A toned a/e/y/o/u: only those can be a misplaced mark in oa/oe/uy.
    vowel(c).is_some_and(|v| v.tone != 0 && matches!(v.row, ROW_A | ROW_E | ROW_Y | ROW_O | ROW_U))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        let mut v: Vec<char> = s.chars().collect();
        canonicalize_syllable(&mut v);
        v.into_iter().collect()
    }

    #[test]
    fn second_vowel_marks_move_to_the_first_in_open_syllables() {
        assert_eq!(canon("hoà"), "hòa");
        assert_eq!(canon("khoẻ"), "khỏe");
        assert_eq!(canon("thuỷ"), "thủy");
        assert_eq!(canon("Uỷ"), "Ủy");
        assert_eq!(canon("UỶ"), "ỦY");
        assert_eq!(canon("HOÀ"), "HÒA");
        assert_eq!(canon("xoá"), "xóa");
        assert_eq!(canon("hoạ"), "họa");
    }

    #[test]
    fn already_canonical_and_other_syllables_stay() {
        for s in [
            "hòa", "khỏe", "thủy", "quý", "quỳ", "hoàn", "toán", "thuyền", "thuở", "khuya", "quả",
            "giữa", "người", "huých", "khuynh", "hoặc", "tỉnh", "Ủy", "ban",
        ] {
            assert_eq!(canon(s), s, "{s}");
        }
    }

    #[test]
    fn open_glides_have_another_placement_and_other_syllables_none() {
        let other = |s: &str| other_tone_placement(s);
        assert_eq!(other("hòa").as_deref(), Some("hoà"));
        assert_eq!(other("hoà").as_deref(), Some("hòa"));
        assert_eq!(other("Thủy").as_deref(), Some("Thuỷ"));
        assert_eq!(other("KHỎE").as_deref(), Some("KHOẺ"));
        for s in ["hoàn", "quý", "thuyền", "ban", "hoa", "khuya", "tỉnh", "Ủ"] {
            assert_eq!(other(s), None, "{s}");
        }
    }

    #[test]
    fn closed_syllables_take_the_mark_on_the_second_vowel() {
        assert_eq!(canon("hòan"), "hoàn");
        assert_eq!(canon("tóan"), "toán");
    }
}
