//! The analyzers on the five seed pages bundled in `corpus/seeds/`.

use std::path::PathBuf;

use tracuu_text::{analyze, find_document_numbers, names};

fn seed(prefix: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix} in {}", dir.display()));
    std::fs::read_to_string(entry.path()).unwrap()
}

fn spans_of<'t>(text: &'t str, term: &str) -> Vec<&'t str> {
    analyze(names::EXACT, text)
        .unwrap()
        .into_iter()
        .filter(|t| t.text == term)
        .map(|t| &text[t.from..t.to])
        .collect()
}

#[test]
fn seed_004_both_spellings_of_thanh_uy_are_one_token() {
    let text = seed("004");
    let spans = spans_of(&text, "ủy");
    assert!(spans.contains(&"uỷ") && spans.contains(&"ủy"), "{spans:?}");
    assert!(spans_of(&text, "uỷ").is_empty());
}

#[test]
fn seed_document_numbers_are_whole_tokens() {
    for (prefix, numbers) in [
        ("000", &["1414/UBND-KT", "70-HD/BTGTW"][..]),
        ("003", &["22-NQ/TU", "33-QĐ/TU", "167-TB/TU"][..]),
        ("004", &["98-NQ/TU", "1147-KL/TU"][..]),
    ] {
        let text = seed(prefix);
        let found: Vec<String> = find_document_numbers(&text)
            .into_iter()
            .map(|(r, _)| text[r].to_string())
            .collect();
        for number in numbers {
            assert!(
                found.iter().any(|f| f == number),
                "{prefix}: {number} not in {found:?}"
            );
            let key = tracuu_text::DocumentNumber::parse(number).unwrap().key();
            assert!(
                !spans_of(&text, &key).is_empty(),
                "{prefix}: no token {key}"
            );
        }
        // Dates are not taken for numbers.
        assert!(
            found.iter().all(|f| f.chars().any(char::is_alphabetic)),
            "{found:?}"
        );
    }
}

#[test]
fn seed_000_glued_syllables_are_split() {
    let text = seed("000");
    assert!(text.contains("giáoTrung"));
    assert_eq!(
        spans_of(&text, "trung").len(),
        text.matches("Trung").count() + text.matches("trung").count()
    );
    assert!(!spans_of(&text, "giáo").is_empty());
}

#[test]
fn every_seed_analyses_with_offsets_on_char_boundaries() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let text = seed(prefix);
        for name in tracuu_text::analyzer_names() {
            let tokens = analyze(name, &text).unwrap();
            assert!(!tokens.is_empty());
            for t in tokens {
                assert!(text.is_char_boundary(t.from) && text.is_char_boundary(t.to));
            }
        }
        let exact: Vec<usize> = analyze(names::EXACT, &text)
            .unwrap()
            .iter()
            .map(|t| t.position)
            .collect();
        let folded: Vec<usize> = analyze(names::FOLDED, &text)
            .unwrap()
            .iter()
            .map(|t| t.position)
            .collect();
        assert_eq!(exact, folded, "seed {prefix}");
    }
}
