//! Document numbers as search keys.
//!
//! A document number is cited in many spellings: "98-NQ/TU", "NQ 98", "số 98/NQ-TU"; "1414/UBND"
//! for "1414/UBND-KT"; "NĐ" or "ND". Each cited number is indexed under several keys (the number
//! with every prefix of its codes, and with each single code), and a query that looks like a
//! number is turned into one key of the same form, so any of those spellings meets the others.
//! Written here because the keys are an index concern (what to match), not a parsing one: the
//! canonical numbers themselves come from `tracuu_facts`.

/// Digit runs and letter runs of a number, folded and uppercased ("NĐ" → "ND").
fn parts(number: &str) -> (Vec<String>, Vec<String>) {
    let folded = tracuu_text::fold(number).to_uppercase();
    let mut nums = Vec::new();
    let mut codes = Vec::new();
    let mut current = String::new();
    let mut digit = false;
    let flush =
        |current: &mut String, digit: bool, nums: &mut Vec<String>, codes: &mut Vec<String>| {
            if current.is_empty() {
                return;
            }
            if digit {
                let trimmed = current.trim_start_matches('0');
                nums.push(if trimmed.is_empty() {
                    "0".into()
                } else {
                    trimmed.into()
                });
            } else {
                codes.push(current.clone());
            }
            current.clear();
        };
    for c in folded.chars() {
        if c.is_ascii_digit() {
            if !digit {
                flush(&mut current, digit, &mut nums, &mut codes);
            }
            digit = true;
            current.push(c);
        } else if c.is_alphanumeric() {
            if digit {
                flush(&mut current, digit, &mut nums, &mut codes);
            }
            digit = false;
            current.push(c);
        } else {
            flush(&mut current, digit, &mut nums, &mut codes);
        }
    }
    flush(&mut current, digit, &mut nums, &mut codes);
    (nums, codes)
}

fn key(num: &str, year: Option<&str>, codes: &[String]) -> String {
    let mut k = num.to_string();
    if let Some(y) = year {
        k.push('|');
        k.push_str(y);
    }
    for c in codes {
        k.push('|');
        k.push_str(c);
    }
    k
}

fn year_of(nums: &[String]) -> Option<&str> {
    nums.get(1)
        .map(String::as_str)
        .filter(|y| y.len() == 4 && (y.starts_with("19") || y.starts_with("20")))
}

/// Every key a cited number is indexed under; empty when it is not a number with a code.
pub fn index_keys(number: &str) -> Vec<String> {
    let (nums, codes) = parts(number);
    let Some(num) = nums.first() else {
        return Vec::new();
    };
    if codes.is_empty() {
        return Vec::new();
    }
    let mut keys = Vec::new();
    for end in 1..=codes.len() {
        keys.push(key(num, None, &codes[..end]));
    }
    for code in codes.iter().skip(1) {
        keys.push(key(num, None, std::slice::from_ref(code)));
    }
    if let Some(year) = year_of(&nums) {
        keys.push(key(num, Some(year), &codes));
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The key a query spelling of a number searches, if it has a number and a code.
pub fn query_key(number: &str) -> Option<String> {
    let (nums, codes) = parts(number);
    let num = nums.first()?;
    if codes.is_empty() {
        return None;
    }
    Some(key(num, year_of(&nums), &codes))
}

/// Whether one word is written like a document number: the number, maybe its year, then the
/// codes of its type and issuer, joined by `/` or `-` ("98-NQ/TU", "1414/UBND-KT",
/// "08/2022/NĐ-CP", "12/CT-TTg", "72/2020/QH14").
///
/// Why this strict: any word with digits, letters and a dash was taken for one, so model names
/// ("S-300", "CX-5") searched the references field, where "300Mb/s" had been indexed under the
/// key of "S 300", and every hit listed "200-300ml" or "0-100km" among its references.
pub fn looks_like_number(word: &str) -> bool {
    let mut segments = word.split(['/', '-']);
    let number = segments.next().unwrap_or("");
    if number.is_empty() || number.len() > 6 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut codes = 0;
    for (i, segment) in segments.enumerate() {
        if i == 0 && year_like(segment) {
            continue;
        }
        if !is_code(segment) {
            return false;
        }
        codes += 1;
    }
    codes > 0
}

/// A number a query spells type first ("NQ-98", "nq-98", "QĐ-1234"): a document type's code
/// then the number. Only the types' codes: "S-300" or "CX-5" are model names.
pub fn looks_like_typed_number(word: &str) -> bool {
    let Some((code, number)) = word.split_once('-') else {
        return false;
    };
    let code = tracuu_text::fold(code).to_uppercase();
    !number.is_empty()
        && number.len() <= 6
        && number.bytes().all(|b| b.is_ascii_digit())
        && TYPE_CODES.contains(&code.as_str())
}

/// Codes of document types as numbers write them (folded): nghị quyết, quyết định, chỉ thị,
/// công văn, kế hoạch, thông báo, thông tư, nghị định, kết luận, hướng dẫn, báo cáo, tờ trình,
/// quy định, quy chế, chương trình.
const TYPE_CODES: [&str; 14] = [
    "NQ", "QD", "CT", "CV", "KH", "TB", "TT", "ND", "KL", "HD", "BC", "TTR", "QC", "CTR",
];

/// A year as numbers write it after the number ("08/2022/NĐ-CP").
fn year_like(segment: &str) -> bool {
    segment.len() == 4
        && segment.bytes().all(|b| b.is_ascii_digit())
        && (segment.starts_with("19") || segment.starts_with("20"))
}

/// A type or issuer code: an upper-case letter, then letters, digits or `&` ("NQ", "UBND",
/// "TTg", "QH14", "TN&MT").
fn is_code(segment: &str) -> bool {
    let mut chars = segment.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() && c.is_uppercase())
        && segment.chars().count() <= 12
        && chars.all(|c| c.is_alphanumeric() || c == '&')
}

/// Whether a word is an issuer/type code as users type it beside a bare number ("NQ", "QĐ",
/// "UBND"): 2 to 10 upper-case letters.
pub fn looks_like_code(word: &str) -> bool {
    let n = word.chars().count();
    (2..=10).contains(&n) && word.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
}

/// Numbers written in a text (fallback for documents whose facts carry no references): words
/// that [`looks_like_number`], trimmed of surrounding punctuation.
///
/// Only the words around a '/' or '-' are looked at (a number holds one): every hit of a search
/// scans its whole body, and testing each of its words was a tenth of a search. The two bytes
/// are found with `memchr` (both are ASCII, so a byte match is a character match): decoding
/// every character to find them was a fortieth of a search.
pub fn scan(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut examined_to = 0;
    for at in memchr::memchr2_iter(b'/', b'-', text.as_bytes()) {
        if at < examined_to {
            continue;
        }
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| splits_words(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = text[at..].find(splits_words).map_or(text.len(), |i| at + i);
        examined_to = end;
        let word = text[start..end].trim_matches(|c: char| !c.is_alphanumeric());
        if word.len() <= 40 && looks_like_number(word) {
            out.push(word);
        }
    }
    out
}

/// What separates the words [`scan`] looks at.
fn splits_words(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '“' | '”' | '"')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_number_meet() {
        let keys = index_keys("98-NQ/TU");
        for q in ["98-NQ/TU", "NQ 98", "98/NQ-TU", "nq-98"] {
            let k = query_key(q).unwrap();
            assert!(keys.contains(&k), "{q} -> {k} not in {keys:?}");
        }
        let keys = index_keys("1414/UBND-KT");
        assert!(keys.contains(&query_key("1414/UBND").unwrap()));
        let keys = index_keys("08/2022/NĐ-CP");
        assert!(keys.contains(&query_key("08/2022/ND-CP").unwrap()));
        assert!(keys.contains(&query_key("NĐ 8").unwrap()));
    }

    #[test]
    fn different_numbers_do_not_meet() {
        let keys = index_keys("98-NQ/TU");
        assert!(!keys.contains(&query_key("99-NQ/TU").unwrap()));
        assert!(!keys.contains(&query_key("98-QĐ/TU").unwrap()));
        assert!(index_keys("2022").is_empty());
        assert!(query_key("NQ").is_none());
    }

    /// The plain definition of [`scan`]: every word tested.
    fn scan_every_word(text: &str) -> Vec<&str> {
        text.split(splits_words)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.len() <= 40 && looks_like_number(w))
            .collect()
    }

    #[test]
    fn scan_finds_what_testing_every_word_finds() {
        let mut texts: Vec<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/seeds"))
                .unwrap()
                .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
                .collect();
        assert_eq!(texts.len(), 5, "the five seeds");
        // Odd shapes: separators at the edges, runs of them, multi-byte neighbours.
        texts.extend(
            [
                "-98-NQ/TU-",
                "//1414/UBND-KT//",
                "số 08/2022/NĐ-CP;33-QĐ/TU,(12/CT-UBND)",
                "“98-NQ/TU”",
                "Hà Nội - Lạng Sơn",
                "a-b/c 1-x 2/y -",
                "ờ/1ơ-",
                "",
            ]
            .map(String::from),
        );
        let mut state: u64 = 11;
        let alphabet: Vec<char> = "ab1 2/-,;()“”\"ĐđQ9ờ\n".chars().collect();
        for _ in 0..3_000 {
            let text: String = (0..40)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    alphabet[(state >> 33) as usize % alphabet.len()]
                })
                .collect();
            texts.push(text);
        }
        for text in &texts {
            assert_eq!(scan(text), scan_every_word(text), "{text:?}");
        }
        assert!(
            scan(&texts[0..5].concat()).len() > 3,
            "the seeds cite numbers"
        );
    }

    /// Shapes of real numbers, and words of the news that only look like them.
    #[test]
    fn numbers_are_told_from_model_names_and_measures() {
        for number in [
            "98-NQ/TU",
            "1414/UBND-KT",
            "08/2022/NĐ-CP",
            "12/CT-TTg",
            "72/2020/QH14",
            "33-QĐ/TU",
            "45/KH-UBND",
        ] {
            assert!(looks_like_number(number), "{number}");
        }
        for word in [
            "S-300",
            "CX-5",
            "300Mb/s",
            "200-300ml",
            "0-100km",
            "3.000.000đ/1",
            "đồng-4.000",
            "CNC.02.DAPT/13",
            "COVID-19",
            "10/2/2017",
            "1-x",
        ] {
            assert!(!looks_like_number(word), "{word}");
        }
        let news = "Dòng xe CX-5 giá 300Mb/s, dung tích 200-300ml, tăng tốc 0-100km, theo Công văn 1414/UBND-KT.";
        assert_eq!(scan(news), vec!["1414/UBND-KT"]);
        for typed in ["NQ-98", "nq-98", "QĐ-1234"] {
            assert!(looks_like_typed_number(typed), "{typed}");
        }
        for word in ["S-300", "CX-5", "NQ-", "NQ-TU"] {
            assert!(!looks_like_typed_number(word), "{word}");
        }
    }

    #[test]
    fn scans_numbers_in_text_and_not_dates() {
        let text = "Công văn số 1414/UBND-KT, ngày 24/11/2022 (Nghị quyết số 98-NQ/TU).";
        assert_eq!(scan(text), vec!["1414/UBND-KT", "98-NQ/TU"]);
        assert!(looks_like_code("QĐ"));
        assert!(!looks_like_code("Sở"));
    }
}
