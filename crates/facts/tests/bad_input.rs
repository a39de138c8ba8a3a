//! Bad input: look-alike numbers, a 5,000-word sentence, names split across lines, garbage.
//! No panic, and nothing invented.

use tracuu_facts::extract_facts_from_text;

#[test]
fn look_alike_numbers_are_not_references() {
    let text = "Điện thoại: 0225.3821.055 - Fax: 0225.3747.352. Khối lượng 129.878,01 tấn, \
                kinh phí 121.427,320 triệu đồng; ngày 24/11/2022; 8/8 phường, xã; mục tiêu Nghị quyết 98%; \
                số 18 Hoàng Diệu; Nghị quyết số 22 chưa có số đầy đủ.";
    let facts = extract_facts_from_text(text, "");
    assert!(facts.references.is_empty(), "{:?}", facts.references);
}

#[test]
fn a_five_thousand_word_sentence_is_handled() {
    let clause = "Sở Tài nguyên và Môi trường tăng cường quản lý chất thải theo Quyết định số 33-QĐ/TU, ngày 4/11/2020 của Ban Thường vụ Thành ủy ";
    let words_per_clause = clause.split_whitespace().count();
    let text = clause.repeat(5000 / words_per_clause + 1);
    assert!(text.split_whitespace().count() >= 5000);
    let facts = extract_facts_from_text(&text, "");
    // One sentence (no full stop), every reference and agency still found.
    assert_eq!(facts.references.len(), 5000 / words_per_clause + 1);
    assert!(facts.agencies.len() >= 2 * (5000 / words_per_clause));
    assert_eq!(facts.assignments.len(), 1);
}

#[test]
fn agency_name_split_across_lines() {
    let text = "UBND tỉnh Lạng Sơn yêu cầu Sở Tài nguyên\nvà Môi trường tăng cường kiểm tra.";
    let facts = extract_facts_from_text(text, "");
    let ids: Vec<&str> = facts
        .agencies
        .iter()
        .map(|a| a.agency.id.as_str())
        .collect();
    assert_eq!(
        ids,
        vec![
            "uy-ban-nhan-dan-tinh/lang-son",
            "so-tai-nguyen-va-moi-truong"
        ]
    );
    assert_eq!(facts.assignments.len(), 1);
    let span = facts.agencies[1].span;
    assert_eq!(&text[span.start..span.end], "Sở Tài nguyên\nvà Môi trường");
}

#[test]
fn garbage_and_odd_unicode_do_not_panic() {
    let inputs = [
        String::new(),
        "\u{0}\u{FEFF}\u{200B}".to_string(),
        "Nghị quyết số".to_string(),
        "Nghị quyết số 1/".to_string(),
        "Luật".to_string(),
        "UBND tỉnh".to_string(),
        "Sở ".repeat(10_000),
        "ngày 99/99/9999 của".to_string(),
        "Quyết định số 12/QĐ-UBND ngày 31/02/2020 của".to_string(),
        "a\u{301}\u{301}\u{301} Đ\u{323} “Nghị quyết” số 5-NQ/TU“”".to_string(),
        "1/".repeat(20_000),
        "Nghị quyết số 9-".repeat(2_000),
    ];
    for input in &inputs {
        let facts = extract_facts_from_text(input, input);
        for r in &facts.references {
            assert!(r.span.end <= input.len() && input.is_char_boundary(r.span.start));
        }
    }
    let facts = extract_facts_from_text("Quyết định số 12/QĐ-UBND ngày 31/02/2020 của", "");
    assert_eq!(facts.references[0].date, None, "31 February is no date");
}

mod arbitrary_text {
    use proptest::prelude::*;
    use tracuu_facts::extract_facts_from_text;

    /// Pieces that drive every matcher: type words, numbers, separators, names, odd Unicode.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Nghị quyết số ".to_string()),
            Just("Luật ".to_string()),
            Just("Sở TN&MT ".to_string()),
            Just("UBND tỉnh ".to_string()),
            Just("thành phố ".to_string()),
            Just("Lạng Sơn".to_string()),
            Just("yêu cầu ".to_string()),
            Just("Chủ trì, ".to_string()),
            Just("ngày ".to_string()),
            Just("của ".to_string()),
            Just("các Sở: ".to_string()),
            Just("Đại hội XIII ".to_string()),
            "[0-9]{1,5}[/-][A-ZĐa-z&]{0,6}[/-]?",
            "[ \n.,;:()/-]{1,3}",
            "\\PC{1,6}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn never_panics_and_spans_are_valid(pieces in proptest::collection::vec(piece(), 0..40)) {
            let text: String = pieces.concat();
            let facts = extract_facts_from_text(&text, &text);
            let spans = facts.references.iter().map(|r| r.span)
                .chain(facts.agencies.iter().map(|a| a.span))
                .chain(facts.assignments.iter().map(|a| a.span))
                .chain(facts.places.iter().map(|p| p.span));
            for s in spans {
                prop_assert!(s.start <= s.end && s.end <= text.len());
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
        }
    }
}
