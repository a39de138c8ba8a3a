//! Vietnamese document numbers ("số hiệu văn bản"): "08/2022/NĐ-CP", "98-NQ/TU",
//! "1414/UBND-KT", "02/2022/TT-BTNMT".
//!
//! A number is a serial, optionally a year, and codes for the document type and the issuing
//! body, joined by '/' and '-'. Writers disagree on "QĐ"/"QD" and "NĐ"/"ND" (keyboards without
//! đ), so the [`DocumentNumber::key`] is folded: both spellings give one key, and the analyzers
//! index that key as one token (in the exact stream too) beside the parts.

use std::fmt;

use serde::Serialize;

use crate::chars::{is_connector, is_ignorable, is_word_char};

/// A parsed document number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentNumber {
    /// The serial number as written ("08", "1414").
    pub serial: String,
    /// The year when the number carries one ("08/2022/NĐ-CP" → 2022).
    pub year: Option<u16>,
    /// The letter codes in order, upper case, diacritics kept ("NĐ", "CP").
    pub codes: Vec<String>,
    /// The number in display form: NFC, upper case codes, ASCII hyphens ("08/2022/NĐ-CP").
    pub display: String,
}

impl DocumentNumber {
    /// Parses a whole document number. `None` unless the text is one: it must start with a
    /// serial (digits, possibly a letter suffix as in "12a"), contain a '/', and carry at least
    /// one letter code with a capital ("UBND", "TTg"). Dates ("03/10/2022") and words joined
    /// by slashes ("và/hoặc") are not numbers.
    pub fn parse(text: &str) -> Option<DocumentNumber> {
        let text = text.trim();
        let mut parts: Vec<String> = Vec::new();
        let mut seps: Vec<char> = Vec::new();
        let mut current = String::new();
        for c in crate::normalize(text).chars() {
            if is_word_char(c) || c == '&' {
                current.push(c);
            } else if is_connector(c) && !current.is_empty() {
                parts.push(std::mem::take(&mut current));
                seps.push(if c == '/' { '/' } else { '-' });
            } else if is_ignorable(c) {
            } else {
                return None;
            }
        }
        if current.is_empty() {
            return None;
        }
        parts.push(current);
        let shape_ok = seps.contains(&'/')
            && is_serial(&parts[0])
            && parts.iter().skip(1).any(|p| is_code(p))
            && parts
                .iter()
                .skip(1)
                .all(|p| is_code(p) || p.chars().all(|c| c.is_ascii_digit()));
        if !shape_ok {
            return None;
        }
        let serial = parts[0].clone();
        let mut year = None;
        let mut codes = Vec::new();
        for part in &parts[1..] {
            if part.chars().all(|c| c.is_ascii_digit()) {
                if year.is_none() && part.len() == 4 {
                    year = part.parse().ok().filter(|y| (1945..=2100).contains(y));
                }
            } else {
                codes.push(code_display(part));
            }
        }
        let mut display = String::new();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                display.push(seps[i - 1]);
            }
            if i == 0 || part.chars().all(|c| c.is_ascii_digit()) {
                display.push_str(part);
            } else {
                display.push_str(&code_display(part));
            }
        }
        Some(DocumentNumber {
            serial,
            year,
            codes,
            display,
        })
    }

    /// Recognises the loose forms people type in a search box: "NQ 98", "nghị quyết 98",
    /// "QĐ số 33", besides whole numbers. Returns the document-type code and the serial, which
    /// a query can match against the parts of indexed numbers.
    pub fn parse_loose(text: &str) -> Option<(String, String)> {
        if let Some(n) = DocumentNumber::parse(text) {
            let code = n.type_code().map(crate::fold)?;
            return Some((code, n.serial));
        }
        let folded = crate::fold(text);
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && *w != "so")
            .collect();
        let serial = words
            .iter()
            .find(|w| w.starts_with(|c: char| c.is_ascii_digit()))?;
        let letters: Vec<&str> = words
            .iter()
            .filter(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
            .copied()
            .collect();
        let code = match letters.as_slice() {
            [one] => TYPE_CODES
                .iter()
                .find(|(c, _)| crate::fold(c) == *one)
                .map(|(c, _)| crate::fold(c)),
            [a, b] => {
                let name = format!("{a} {b}");
                TYPE_CODES
                    .iter()
                    .find(|(_, n)| crate::fold(n) == name)
                    .map(|(c, _)| crate::fold(c))
            }
            _ => None,
        }?;
        Some((code, serial.to_string()))
    }

    /// The folded key every spelling of this number shares: "08/2022/nd-cp" for
    /// "08/2022/NĐ-CP" and "08/2022/ND-CP". This is the whole-number token the analyzers emit.
    pub fn key(&self) -> String {
        crate::fold(&self.display)
    }

    /// The code naming the document type, when the number carries one ("NQ" in "98-NQ/TU",
    /// "NĐ" in "08/2022/NĐ-CP"); official letters ("1414/UBND-KT") carry none.
    pub fn type_code(&self) -> Option<&str> {
        self.codes
            .iter()
            .find(|c| {
                TYPE_CODES
                    .iter()
                    .any(|(t, _)| crate::fold(t) == crate::fold(c))
            })
            .map(String::as_str)
    }

    /// The document type in words ("nghị quyết"), from [`Self::type_code`]; numbers without a
    /// type code are official letters ("công văn").
    pub fn kind_name(&self) -> &'static str {
        match self.type_code() {
            Some(code) => TYPE_CODES
                .iter()
                .find(|(t, _)| crate::fold(t) == crate::fold(code))
                .map_or("văn bản", |(_, n)| n),
            None => "công văn",
        }
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

/// Document-type codes and their names.
const TYPE_CODES: &[(&str, &str)] = &[
    ("NQ", "nghị quyết"),
    ("QĐ", "quyết định"),
    ("CT", "chỉ thị"),
    ("NĐ", "nghị định"),
    ("TT", "thông tư"),
    ("TTLT", "thông tư liên tịch"),
    ("HD", "hướng dẫn"),
    ("KH", "kế hoạch"),
    ("TB", "thông báo"),
    ("BC", "báo cáo"),
    ("CV", "công văn"),
    ("KL", "kết luận"),
    ("QC", "quy chế"),
    ("QH", "luật"),
    ("TTr", "tờ trình"),
];

/// Whether a part is a letter code: up to twelve letters (or '&'), mostly capitals ("UBND",
/// "TTg", "NĐ", "KH&ĐT"; one lower-case letter allowed for "TTg", "TTr").
fn is_code(part: &str) -> bool {
    let letters = part.chars().filter(|c| c.is_alphabetic()).count();
    let lower = part.chars().filter(|c| c.is_lowercase()).count();
    letters > lower
        && lower <= 1
        && part.chars().count() <= 12
        && part.chars().all(|c| c.is_alphanumeric() || c == '&')
}

/// Whether a part is a serial: digits, possibly followed by up to two letters ("12", "12a").
fn is_serial(part: &str) -> bool {
    let digits = part.chars().take_while(char::is_ascii_digit).count();
    let rest = part.chars().skip(digits).count();
    (1..=10).contains(&digits) && rest <= 2 && part.chars().skip(digits).all(char::is_alphabetic)
}

/// Upper-cases a code except the conventional lower-case letters of "TTg" and "TTr".
fn code_display(part: &str) -> String {
    if part.chars().skip(1).any(char::is_lowercase)
        && part.chars().next().is_some_and(char::is_uppercase)
    {
        part.to_string()
    } else {
        part.to_uppercase()
    }
}

/// Every document number in a text, with its byte range in `text`.
pub fn find_document_numbers(text: &str) -> Vec<(std::ops::Range<usize>, DocumentNumber)> {
    crate::analysis::chunks(text)
        .filter(|r| text[r.clone()].contains('/'))
        .filter_map(|r| DocumentNumber::parse(&text[r.clone()]).map(|n| (r, n)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_numbers_parse() {
        let n = DocumentNumber::parse("08/2022/NĐ-CP").unwrap();
        assert_eq!(n.serial, "08");
        assert_eq!(n.year, Some(2022));
        assert_eq!(n.codes, ["NĐ", "CP"]);
        assert_eq!(n.key(), "08/2022/nd-cp");
        assert_eq!(n.kind_name(), "nghị định");
        let n = DocumentNumber::parse("98-NQ/TU").unwrap();
        assert_eq!((n.serial.as_str(), n.type_code()), ("98", Some("NQ")));
        assert_eq!(
            DocumentNumber::parse("1414/UBND-KT").unwrap().kind_name(),
            "công văn"
        );
        assert_eq!(
            DocumentNumber::parse("33-QĐ/TU").unwrap().key(),
            DocumentNumber::parse("33-QD/TU").unwrap().key()
        );
        assert_eq!(
            DocumentNumber::parse("02/2022/TT-BTNMT")
                .unwrap()
                .to_string(),
            "02/2022/TT-BTNMT"
        );
        assert_eq!(
            DocumentNumber::parse("05/2019/QĐ-TTg").unwrap().codes,
            ["QĐ", "TTg"]
        );
    }

    #[test]
    fn dates_and_words_are_not_numbers() {
        assert_eq!(DocumentNumber::parse("03/10/2022"), None);
        assert_eq!(DocumentNumber::parse("và/hoặc"), None);
        assert_eq!(DocumentNumber::parse("NQ/TW"), None);
        assert_eq!(DocumentNumber::parse(""), None);
        assert_eq!(DocumentNumber::parse("98-NQ/TU và"), None);
        assert_eq!(DocumentNumber::parse("2022giáoTrung/TN"), None);
        assert_eq!(DocumentNumber::parse("5/Ha-Nội"), None);
    }

    #[test]
    fn loose_query_forms() {
        assert_eq!(
            DocumentNumber::parse_loose("NQ 98"),
            Some(("nq".into(), "98".into()))
        );
        assert_eq!(
            DocumentNumber::parse_loose("nghị quyết số 98"),
            Some(("nq".into(), "98".into()))
        );
        assert_eq!(
            DocumentNumber::parse_loose("qd 33"),
            Some(("qd".into(), "33".into()))
        );
        assert_eq!(DocumentNumber::parse_loose("môi trường"), None);
    }

    #[test]
    fn numbers_are_found_in_running_text() {
        let text = "Hướng dẫn số 70-HD/BTGTW ngày 03/10/2022 của Ban Tuyên giáo";
        let found = find_document_numbers(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].0.clone()], "70-HD/BTGTW");
    }
}
