//! Legacy Vietnamese font encodings: TCVN3 (ABC) and VNI-Windows.
//!
//! Before Unicode, Vietnamese pages were typed in 8-bit fonts (".VnTime" for TCVN3, "VNI-Times"
//! for VNI) and published as if they were Windows-1252. Decoded as such they read as
//! "Céng hoµ x· héi chñ nghÜa ViÖt Nam" (TCVN3) or "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"
//! (VNI). Old provincial documents still come this way, so we recognise both and convert.
//!
//! Sources of the tables (written out here, no crate covers them):
//! - TCVN3: TCVN 5712:1993 "VN3" code chart, lowercase letters in 0xA1–0xFF; checked against the
//!   table of common converters (unikey's, and the `tcvnchars`/`unichars` arrays found in many
//!   public C# converters) and against the sample sentence above.
//! - VNI-Windows: base letter followed by a diacritic byte (e.g. `a` + `ù` = á, `a` + `ä` = ậ),
//!   with single bytes for ơ (0xF4), ư (0xF6), đ (0xF1), ĩ-series (0xED/0xEC/0xE6/0xF3/0xF2) and
//!   ỵ (0xEE); layout as in the VNI table of xvnkb (Dao Hai Lam, 2002).
//!
//! Limits, flagged in warnings by the caller: TCVN3 capitals typed with the uppercase font
//! (".VnTimeH") share codes with lowercase letters and come out lowercase.

/// TCVN3 code (as the Windows-1252/Latin-1 character it was decoded to) → Unicode.
const TCVN3: &[(char, char)] = &[
    ('\u{A1}', 'Ă'),
    ('\u{A2}', 'Â'),
    ('\u{A3}', 'Ê'),
    ('\u{A4}', 'Ô'),
    ('\u{A5}', 'Ơ'),
    ('\u{A6}', 'Ư'),
    ('\u{A7}', 'Đ'),
    ('\u{A8}', 'ă'),
    ('\u{A9}', 'â'),
    ('\u{AA}', 'ê'),
    ('\u{AB}', 'ô'),
    ('\u{AC}', 'ơ'),
    ('\u{AD}', 'ư'),
    ('\u{AE}', 'đ'),
    ('\u{B5}', 'à'),
    ('\u{B6}', 'ả'),
    ('\u{B7}', 'ã'),
    ('\u{B8}', 'á'),
    ('\u{B9}', 'ạ'),
    ('\u{BB}', 'ằ'),
    ('\u{BC}', 'ẳ'),
    ('\u{BD}', 'ẵ'),
    ('\u{BE}', 'ắ'),
    ('\u{C6}', 'ặ'),
    ('\u{C7}', 'ầ'),
    ('\u{C8}', 'ẩ'),
    ('\u{C9}', 'ẫ'),
    ('\u{CA}', 'ấ'),
    ('\u{CB}', 'ậ'),
    ('\u{CC}', 'è'),
    ('\u{CE}', 'ẻ'),
    ('\u{CF}', 'ẽ'),
    ('\u{D0}', 'é'),
    ('\u{D1}', 'ẹ'),
    ('\u{D2}', 'ề'),
    ('\u{D3}', 'ể'),
    ('\u{D4}', 'ễ'),
    ('\u{D5}', 'ế'),
    ('\u{D6}', 'ệ'),
    ('\u{D7}', 'ì'),
    ('\u{D8}', 'ỉ'),
    ('\u{DC}', 'ĩ'),
    ('\u{DD}', 'í'),
    ('\u{DE}', 'ị'),
    ('\u{DF}', 'ò'),
    ('\u{E1}', 'ỏ'),
    ('\u{E2}', 'õ'),
    ('\u{E3}', 'ó'),
    ('\u{E4}', 'ọ'),
    ('\u{E5}', 'ồ'),
    ('\u{E6}', 'ổ'),
    ('\u{E7}', 'ỗ'),
    ('\u{E8}', 'ố'),
    ('\u{E9}', 'ộ'),
    ('\u{EA}', 'ờ'),
    ('\u{EB}', 'ở'),
    ('\u{EC}', 'ỡ'),
    ('\u{ED}', 'ớ'),
    ('\u{EE}', 'ợ'),
    ('\u{EF}', 'ù'),
    ('\u{F1}', 'ủ'),
    ('\u{F2}', 'ũ'),
    ('\u{F3}', 'ú'),
    ('\u{F4}', 'ụ'),
    ('\u{F5}', 'ừ'),
    ('\u{F6}', 'ử'),
    ('\u{F7}', 'ữ'),
    ('\u{F8}', 'ứ'),
    ('\u{F9}', 'ự'),
    ('\u{FA}', 'ỳ'),
    ('\u{FB}', 'ỷ'),
    ('\u{FC}', 'ỹ'),
    ('\u{FD}', 'ý'),
    ('\u{FE}', 'ỵ'),
];

/// Characters that a TCVN3 text decoded as Windows-1252 shows, and a real Vietnamese Unicode
/// text never does (so they are evidence, unlike é or ó that both share).
const TCVN3_TELLTALES: &str = "µ¸¶·¹¨»¾¼½©ÇÈÉË®ÐÎÏÑªÖ×ØÜÞßäå«æçëîïñö÷ûüþ¡¢§£¤¥¦\u{AD}";

const ACUTE: char = '\u{301}';
const GRAVE: char = '\u{300}';
const HOOK: char = '\u{309}';
const TILDE: char = '\u{303}';
const DOT: char = '\u{323}';
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';

/// VNI diacritic characters that follow a base vowel, and the marks they add.
fn vni_marks(c: char) -> Option<&'static [char]> {
    Some(match c.to_lowercase().next()? {
        'ù' => &[ACUTE],
        'ø' => &[GRAVE],
        'û' => &[HOOK],
        'õ' => &[TILDE],
        'ï' => &[DOT],
        'â' => &[CIRCUMFLEX],
        'ê' => &[BREVE],
        'á' => &[CIRCUMFLEX, ACUTE],
        'à' => &[CIRCUMFLEX, GRAVE],
        'å' => &[CIRCUMFLEX, HOOK],
        'ã' => &[CIRCUMFLEX, TILDE],
        'ä' => &[CIRCUMFLEX, DOT],
        'é' => &[BREVE, ACUTE],
        'è' => &[BREVE, GRAVE],
        'ú' => &[BREVE, HOOK],
        'ü' => &[BREVE, TILDE],
        'ë' => &[BREVE, DOT],
        _ => return None,
    })
}

/// VNI single-byte letters.
fn vni_letter(c: char) -> Option<char> {
    Some(match c {
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'í' => 'í',
        'ì' => 'ì',
        'æ' => 'ỉ',
        'ó' => 'ĩ',
        'ò' => 'ị',
        'Í' => 'Í',
        'Ì' => 'Ì',
        'Æ' => 'Ỉ',
        'Ó' => 'Ĩ',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        _ => return None,
    })
}

fn is_vni_base(c: char) -> bool {
    matches!(
        c,
        'a' | 'e' | 'o' | 'u' | 'y' | 'A' | 'E' | 'O' | 'U' | 'Y' | 'ơ' | 'ư' | 'Ơ' | 'Ư'
    )
}

/// Which legacy encoding a text shows, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI-Windows",
        }
    }
}

/// Recognises TCVN3 or VNI text that was decoded as Windows-1252. A text that already holds
/// Vietnamese Unicode letters (U+1EA0–U+1EF9) is Unicode and left alone.
pub fn detect(text: &str) -> Option<Legacy> {
    let mut letters = 0usize;
    let mut unicode_vi = 0usize;
    let mut tcvn = 0usize;
    let mut vni = 0usize;
    let mut prev = ' ';
    for c in text.chars().take(200_000) {
        if c.is_alphabetic() {
            letters += 1;
        }
        if ('\u{1EA0}'..='\u{1EF9}').contains(&c) || matches!(c, 'ơ' | 'ư' | 'đ' | 'Đ') {
            unicode_vi += 1;
        }
        if TCVN3_TELLTALES.contains(c) {
            tcvn += 1;
        }
        if is_vni_base(prev) && vni_marks(c).is_some() {
            vni += 1;
        }
        if matches!(c, 'ö' | 'ô' | 'ñ') && prev.is_alphabetic() || (c == 'ñ' && prev == ' ') {
            vni += 1;
        }
        prev = c;
    }
    if letters < 20 || unicode_vi * 50 > letters {
        return None;
    }
    // Thresholds: Vietnamese has a marked letter in most syllables, so a legacy text shows
    // telltales in well over 5% of its letters; a French or Spanish text stays far below.
    let tcvn_share = tcvn as f64 / letters as f64;
    let vni_share = vni as f64 / letters as f64;
    if tcvn_share < 0.04 && vni_share < 0.04 {
        return None;
    }
    Some(if tcvn_share >= vni_share {
        Legacy::Tcvn3
    } else {
        Legacy::Vni
    })
}

/// Converts TCVN3-as-Windows-1252 text to Unicode.
pub fn tcvn3_to_unicode(text: &str) -> String {
    text.chars()
        .map(|c| {
            TCVN3
                .binary_search_by_key(&c, |(k, _)| *k)
                .map_or(c, |i| TCVN3[i].1)
        })
        .collect()
}

/// Converts VNI-as-Windows-1252 text to Unicode (NFC).
pub fn vni_to_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_base = false;
    for c in text.chars() {
        if prev_base {
            if let Some(marks) = vni_marks(c) {
                out.extend(marks.iter());
                // A tone may follow a shape mark only in the combined bytes: stop here.
                prev_base = false;
                continue;
            }
        }
        let letter = vni_letter(c).unwrap_or(c);
        out.push(letter);
        prev_base = is_vni_base(letter);
    }
    tracuu_text::normalize(&out)
}

/// Converts `text` from the legacy encoding it shows.
pub fn convert(text: &str, legacy: Legacy) -> String {
    match legacy {
        Legacy::Tcvn3 => tracuu_text::normalize(&tcvn3_to_unicode(text)),
        Legacy::Vni => vni_to_unicode(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(TCVN3.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn tcvn3_sample() {
        let t = "Céng hoµ x· héi chñ nghÜa ViÖt Nam. §éc lËp - Tù do - H¹nh phóc. C¸c c¬ quan ®\u{AD}îc giao nhiÖm vô b¶o vÖ m«i tr\u{AD}êng n¨m 2020.";
        assert_eq!(detect(t), Some(Legacy::Tcvn3));
        assert_eq!(
            convert(t, Legacy::Tcvn3),
            tracuu_text::normalize("Cộng hoà xã hội chủ nghĩa Việt Nam. Đ\u{1ed9}c lập - Tự do - Hạnh phúc. Các cơ quan được giao nhiệm vụ bảo vệ môi trường năm 2020.")
        );
    }

    #[test]
    fn vni_sample() {
        let t = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp - Töï do - Haïnh phuùc. Caùc cô quan ñöôïc giao nhieäm vuï baûo veä moâi tröôøng naêm 2020.";
        assert_eq!(detect(t), Some(Legacy::Vni));
        assert_eq!(
            convert(t, Legacy::Vni),
            tracuu_text::normalize("Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. Các cơ quan được giao nhiệm vụ bảo vệ môi trường năm 2020.")
        );
    }

    #[test]
    fn unicode_and_other_languages_are_left_alone() {
        assert_eq!(
            detect("Cộng hòa xã hội chủ nghĩa Việt Nam, độc lập tự do hạnh phúc"),
            None
        );
        assert_eq!(
            detect("Le président a présenté un projet très détaillé à l'Assemblée"),
            None
        );
        assert_eq!(detect("short"), None);
    }
}
