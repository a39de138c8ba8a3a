//! Property tests over arbitrary and Vietnamese-flavoured text.

use proptest::prelude::*;
use tracuu_text::{analyze, analyzer_names, names, normalize};

/// Text mixing Vietnamese letters in both tone placements, NFD marks, capitals, connectors,
/// zero-width and control characters, emoji and CJK.
fn vietnamese_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "hoà",
        "hòa",
        "Thuỷ",
        "ỦY",
        "quý",
        "thuyền",
        "đ",
        "Đ",
        "o\u{300}a",
        "e\u{302}\u{301}",
        "\u{323}",
        "\u{200B}",
        "\u{A0}",
        "\u{1}",
        "\r\n",
        "\t",
        " ",
        "/",
        "-",
        "&",
        "TN",
        "MT",
        "UBND",
        "98",
        "2022",
        "NĐ",
        "CP",
        "giáoTrung",
        "tài nguyên và môi trường",
        "😀",
        "中文",
        ".",
        ",",
        "x",
        "Ǆ",
        "ß",
        "İ",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

fn check_offsets(text: &str) {
    for name in analyzer_names() {
        for t in analyze(name, text).unwrap() {
            assert!(
                t.from <= t.to && t.to <= text.len(),
                "{name}: {t:?} in {text:?}"
            );
            assert!(
                text.is_char_boundary(t.from) && text.is_char_boundary(t.to),
                "{name}: {t:?}"
            );
        }
    }
}

/// Positions of the exact and folded streams, as (position, count) pairs.
fn positions(name: &str, text: &str) -> Vec<usize> {
    analyze(name, text)
        .unwrap()
        .iter()
        .map(|t| t.position)
        .collect()
}

proptest! {
    #[test]
    fn offsets_are_in_bounds_and_on_char_boundaries(text in vietnamese_like()) {
        check_offsets(&text);
    }

    #[test]
    fn offsets_hold_for_any_string(text in any::<String>()) {
        check_offsets(&text);
    }

    #[test]
    fn normalize_is_idempotent(text in vietnamese_like()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn normalize_is_idempotent_for_any_string(text in any::<String>()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn exact_and_folded_agree_on_positions(text in vietnamese_like()) {
        prop_assert_eq!(positions(names::EXACT, &text), positions(names::FOLDED, &text));
    }

    #[test]
    fn normalised_text_gives_the_same_tokens(text in vietnamese_like()) {
        let texts = |t: &str| -> Vec<String> {
            analyze(names::EXACT, t).unwrap().into_iter().map(|t| t.text).collect()
        };
        prop_assert_eq!(texts(&normalize(&text)), texts(&text));
    }
}

proptest! {
    /// Indexing analyses the same text exact then folded (and exact again): the folded and
    /// repeated exact tokens come from the remembered exact analysis and must equal a fresh
    /// run's, token for token.
    #[test]
    fn tokens_derived_from_a_remembered_analysis_equal_a_fresh_run(text in vietnamese_like()) {
        let exact = analyze(names::EXACT, &text).unwrap();
        let folded_after_exact = analyze(names::FOLDED, &text).unwrap();
        let exact_again = analyze(names::EXACT, &text).unwrap();
        // A different text in between leaves the folded stream uncached: a fresh folded run.
        let _ = analyze(names::EXACT, "văn bản khác");
        let _ = analyze(names::EXACT, "và một văn bản nữa");
        let folded_fresh = analyze(names::FOLDED, &text).unwrap();
        prop_assert_eq!(&folded_after_exact, &folded_fresh);
        prop_assert_eq!(exact_again, exact);
    }

    #[test]
    fn tokens_derived_from_a_remembered_analysis_equal_a_fresh_run_for_any_string(text in any::<String>()) {
        let _ = analyze(names::EXACT, &text).unwrap();
        let folded_after_exact = analyze(names::FOLDED, &text).unwrap();
        let _ = analyze(names::EXACT, "văn bản khác");
        let _ = analyze(names::EXACT, "và một văn bản nữa");
        prop_assert_eq!(folded_after_exact, analyze(names::FOLDED, &text).unwrap());
    }
}

proptest! {
    /// A reused token buffer gives the tokens of a fresh analysis, also after a longer text
    /// (stale tokens past the end must not show) and with a reused fold buffer.
    #[test]
    fn a_reused_token_buffer_and_fold_buffer_equal_fresh_runs(
        first in vietnamese_like(),
        second in vietnamese_like(),
    ) {
        let mut buffer = tracuu_text::TokenBuffer::new(names::EXACT).unwrap();
        let mut folded = String::from("kept ");
        for text in [&first, &second, &first] {
            prop_assert_eq!(buffer.run(text), &analyze(names::EXACT, text).unwrap()[..]);
            folded.truncate(5);
            tracuu_text::fold_into(text, &mut folded);
            prop_assert_eq!(&folded[5..], tracuu_text::fold(text));
            prop_assert!(folded.starts_with("kept "));
        }
    }
}
