//! Document numbers ("số hiệu"): one canonical form, the issuer code, and lookup keys for what
//! users type ("98-nq/tu", "NQ 98", "98/NQ-TU").
//!
//! Canonical form: whitespace removed, dashes unified, uppercase with "Đ" kept ("33-QĐ/TU",
//! "08/2022/NĐ-CP"). Lookup keys are folded (đ → d, lowercase) so a user typing without
//! diacritics still finds "QĐ".

use crate::folded::fold_str;

/// The canonical form of a document number, or `None` when it is not one: a number needs a
/// leading numeral and at least one segment with a letter ("1414/UBND-KT", not "24/11/2022").
/// The display form of [`tracuu_text::DocumentNumber`] wins when it parses the number, so the
/// facts and the analyzers agree on one spelling ("TTg" keeps its lower-case g).
pub fn canonical_number(raw: &str) -> Option<String> {
    let own = own_canonical(raw)?;
    let trimmed = raw.trim().trim_end_matches(['.', ',', ';', ':']);
    Some(
        tracuu_text::DocumentNumber::parse(trimmed)
            .map(|n| n.display)
            .filter(|d| number_key(d) == number_key(&own))
            .unwrap_or(own),
    )
}

/// Ours, for what `DocumentNumber::parse` refuses (no '/', spaces inside, lower-case codes).
fn own_canonical(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    for c in raw.trim().trim_end_matches(['.', ',', ';', ':']).chars() {
        match c {
            c if c.is_whitespace() => {}
            '–' | '—' | '‐' | '‑' => out.push('-'),
            '\\' => out.push('/'),
            c => out.extend(c.to_uppercase()),
        }
    }
    let first_ok = out.chars().next().is_some_and(|c| c.is_ascii_digit());
    let has_letter = out.chars().any(char::is_alphabetic);
    let chars_ok = out
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '&' | '.'));
    (first_ok && has_letter && chars_ok && out.len() <= 48).then_some(out)
}

/// The issuer code of a canonical number: its last '/'-segment holding a letter
/// ("98-NQ/TU" → "TU", "1414/UBND-KT" → "UBND-KT", "08/2022/NĐ-CP" → "NĐ-CP").
pub fn issuer_code(canonical: &str) -> Option<String> {
    canonical
        .rsplit('/')
        .find(|seg| seg.chars().any(char::is_alphabetic))
        .map(str::to_string)
}

/// The year written inside a number ("08/2022/NĐ-CP" → 2022).
pub fn year_in_number(canonical: &str) -> Option<i32> {
    canonical
        .split(['/', '-'])
        .skip(1)
        .find(|seg| seg.len() == 4 && seg.chars().all(|c| c.is_ascii_digit()))
        .and_then(|seg| seg.parse().ok())
        .filter(|y| (1945..=2100).contains(y))
}

/// Whether the issuer code names a national body (government, assembly, ministry, central
/// party organ). Other codes ("TU", "UBND-KT", "QĐ-UBND") are local: the same number recurs in
/// every province, so a reference's identity needs its province too.
pub fn is_national_code(code: &str) -> bool {
    let folded = fold_str(code).to_uppercase();
    folded.split(['-', '/']).any(|seg| {
        matches!(
            seg,
            "CP" | "TTG" | "TW" | "CTN" | "VPCP" | "TANDTC" | "VKSNDTC" | "KTNN" | "HDTP"
        ) || seg.starts_with("QH")
            || seg.starts_with("UBTVQH")
            || seg.ends_with("TW")
            || (seg.len() >= 3 && seg.starts_with('B') && !seg.starts_with("BCD"))
    })
}

/// Folded key for diacritic- and case-insensitive lookup of a canonical number: the same key
/// as [`tracuu_text::DocumentNumber::key`], which the analyzers index as one token.
pub fn number_key(canonical: &str) -> String {
    fold_str(canonical)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// Lookup keys for a number as a user types it. The first key is the number as typed (folded);
/// more follow for common variants: separators swapped ("98/NQ-TU" ↔ "98-NQ/TU") and the
/// type-first form "NQ 98" → "98-nq" (a prefix: the issuer is unknown).
pub fn number_lookup_keys(typed: &str) -> Vec<String> {
    let folded: String = fold_str(typed.trim());
    let mut keys = Vec::new();
    if let Some(c) = canonical_number(&folded) {
        let key = number_key(&c);
        keys.push(key.clone());
        // "98/nq-tu" → "98-nq/tu" and back.
        if let Some((num, rest)) = key.split_once(['/', '-']) {
            let sep = key.as_bytes()[num.len()];
            if let Some((a, b)) = rest.split_once(['/', '-']) {
                let (s1, s2) = if sep == b'/' { ('-', '/') } else { ('/', '-') };
                if !a.chars().all(|c| c.is_ascii_digit()) {
                    keys.push(format!("{num}{s1}{a}{s2}{b}"));
                }
            }
        }
    } else {
        // "NQ 98", "nq98": type code, then the numeral.
        let letters: String = folded
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let digits: String = folded[letters.len()..]
            .trim_start_matches([' ', '-', '.'])
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if !letters.is_empty() && !digits.is_empty() {
            keys.push(format!("{digits}-{letters}"));
            keys.push(format!("{digits}/{letters}"));
        }
    }
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(canonical_number("33-qđ/tu").as_deref(), Some("33-QĐ/TU"));
        assert_eq!(canonical_number("98 - NQ/TU,").as_deref(), Some("98-NQ/TU"));
        assert_eq!(
            canonical_number("08/2022/NĐ–CP").as_deref(),
            Some("08/2022/NĐ-CP")
        );
        assert_eq!(canonical_number("24/11/2022"), None);
        assert_eq!(canonical_number("0225.3821.055"), None);
        assert_eq!(canonical_number("129.878,01"), None);
    }

    #[test]
    fn issuer_codes_and_scope() {
        assert_eq!(issuer_code("98-NQ/TU").as_deref(), Some("TU"));
        assert_eq!(issuer_code("1414/UBND-KT").as_deref(), Some("UBND-KT"));
        assert_eq!(issuer_code("08/2022/NĐ-CP").as_deref(), Some("NĐ-CP"));
        assert!(is_national_code("NĐ-CP"));
        assert!(is_national_code("BTGTW"));
        assert!(is_national_code("TT-BTNMT"));
        assert!(!is_national_code("TU"));
        assert!(!is_national_code("UBND-KT"));
        assert_eq!(year_in_number("08/2022/NĐ-CP"), Some(2022));
        assert_eq!(year_in_number("98-NQ/TU"), None);
    }

    #[test]
    fn keys_agree_with_the_text_crate() {
        for n in [
            "08/2022/NĐ-CP",
            "98-NQ/TU",
            "1414/UBND-KT",
            "12/2023/QĐ-TTg",
        ] {
            let c = canonical_number(n).unwrap();
            let theirs = tracuu_text::DocumentNumber::parse(n).unwrap();
            assert_eq!(c, theirs.display);
            assert_eq!(number_key(&c), theirs.key());
        }
    }

    #[test]
    fn user_typed_numbers() {
        assert_eq!(number_lookup_keys("98-nq/tu")[0], "98-nq/tu");
        assert_eq!(number_lookup_keys("33-QĐ/TU")[0], "33-qd/tu");
        assert!(number_lookup_keys("98/NQ-TU").contains(&"98-nq/tu".to_string()));
        assert_eq!(number_lookup_keys("NQ 98"), vec!["98-nq", "98/nq"]);
        assert!(number_lookup_keys("hello").is_empty());
    }
}
