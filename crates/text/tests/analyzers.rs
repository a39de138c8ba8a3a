//! Behaviour of the analyzers on real Vietnamese phrases (most taken from the seed pages).

use tracuu_text::{analyze, names, Token};

fn texts(name: &str, text: &str) -> Vec<String> {
    analyze(name, text)
        .unwrap()
        .into_iter()
        .map(|t| t.text)
        .collect()
}

fn exact(text: &str) -> Vec<String> {
    texts(names::EXACT, text)
}

fn folded(text: &str) -> Vec<String> {
    texts(names::FOLDED, text)
}

#[test]
fn syllables_are_lower_case_with_offsets_into_the_original() {
    let text = "Ủy ban  Lào Cai";
    let tokens = analyze(names::EXACT, text).unwrap();
    let expected = [("ủy", 0), ("ban", 1), ("lào", 2), ("cai", 3)];
    assert_eq!(tokens.len(), expected.len());
    for (t, (word, pos)) in tokens.iter().zip(expected) {
        assert_eq!((t.text.as_str(), t.position), (word, pos));
        assert_eq!(text[t.from..t.to].to_lowercase(), word);
    }
}

#[test]
fn both_tone_placements_give_one_token() {
    for (a, b) in [
        ("hoà", "hòa"),
        ("khoẻ", "khỏe"),
        ("thuỷ", "thủy"),
        ("Uỷ", "Ủy"),
        ("HOÀ", "hòa"),
    ] {
        assert_eq!(exact(a), exact(b), "{a} / {b}");
    }
    // "thành ủy" is also the full name of the abbreviation "TU", whose key joins the stream.
    assert_eq!(exact("Thành uỷ"), ["thành", "tu", "ủy"]);
    assert_eq!(
        exact("quý hoàn toán thuyền thuở khuya"),
        ["quý", "hoàn", "toán", "thuyền", "thuở", "khuya"]
    );
}

#[test]
fn decomposed_input_is_one_word_not_two() {
    let nfd = "ho\u{300}a bi\u{300}nh";
    assert_eq!(exact(nfd), ["hòa", "bình"]);
    assert_eq!(folded(nfd), ["hoa", "binh"]);
    let t = analyze(names::EXACT, nfd).unwrap();
    assert_eq!((t[0].from, t[0].to), (0, "ho\u{300}a".len()));
    // Zero-width characters inside a word are transparent.
    assert_eq!(exact("hò\u{200B}a"), ["hòa"]);
}

#[test]
fn folding_removes_every_mark_and_maps_d_bar() {
    assert_eq!(folded("Đấu tranh"), ["dau", "tranh"]);
    assert_eq!(folded("Thành uỷ"), folded("thanh uy"));
}

#[test]
fn document_numbers_stay_whole_beside_their_parts() {
    for (written, key) in [
        ("1414/UBND-KT", "1414/ubnd-kt"),
        ("98-NQ/TU", "98-nq/tu"),
        ("33-QĐ/TU", "33-qd/tu"),
        ("08/2022/NĐ-CP", "08/2022/nd-cp"),
        ("02/2022/TT-BTNMT", "02/2022/tt-btnmt"),
    ] {
        let text = format!("theo số {written} ngày");
        for name in [names::EXACT, names::FOLDED] {
            let tokens = analyze(name, &text).unwrap();
            let whole = tokens
                .iter()
                .find(|t| t.text == key)
                .unwrap_or_else(|| panic!("{name}: {key} in {tokens:?}"));
            assert_eq!(&text[whole.from..whole.to], written);
            // The whole number shares its position with its first part.
            let first = tokens
                .iter()
                .find(|t| t.from == whole.from && t.text != key)
                .unwrap();
            assert_eq!(first.position, whole.position);
        }
    }
    assert_eq!(exact("33-QĐ/TU"), exact("33-QD/TU"));
    assert_eq!(exact("08/2022/NĐ-CP"), exact("08/2022/ND-CP"));
    // Dates are not document numbers.
    assert_eq!(exact("03/10/2022"), ["03", "10", "2022"]);
}

/// Terms at each position, to compare streams independently of token order at one position.
fn by_position(tokens: &[Token]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for t in tokens {
        if out.len() <= t.position {
            out.resize(t.position + 1, Vec::new());
        }
        out[t.position].push(t.text.clone());
        out[t.position].sort();
    }
    out
}

#[test]
fn abbreviation_and_full_name_index_the_same_terms() {
    for name in [names::EXACT, names::FOLDED] {
        let short = by_position(&analyze(name, "Sở TN&MT tỉnh").unwrap());
        let long = by_position(&analyze(name, "Sở Tài nguyên và Môi trường tỉnh").unwrap());
        assert_eq!(short, long, "{name}");
        assert!(short[1].contains(&"tnmt".to_string()));
    }
    assert_eq!(
        by_position(&analyze(names::EXACT, "UBND tỉnh").unwrap())[0],
        ["ubnd", "ủy"]
    );
    // Full names that contain an abbreviated part match too, with no duplicate keys.
    assert_eq!(
        by_position(&analyze(names::EXACT, "Bộ TN&MT").unwrap()),
        by_position(&analyze(names::EXACT, "Bộ Tài nguyên và Môi trường").unwrap())
    );
    assert_eq!(
        by_position(&analyze(names::EXACT, "Bộ TN&MT").unwrap())[0],
        ["btnmt", "bộ"]
    );
    assert_eq!(
        by_position(&analyze(names::EXACT, "UBND").unwrap())[0],
        ["ubnd", "ủy"]
    );
    assert_eq!(
        by_position(&analyze(names::FOLDED, "KH&ĐT").unwrap()),
        by_position(&analyze(names::FOLDED, "KHĐT").unwrap())
    );
    // Ambiguous "TU" emits its key only; lower-case "tu" is a word, not an abbreviation.
    assert_eq!(exact("TU"), ["tu"]);
    assert_eq!(exact("tu bổ"), ["tu", "bổ"]);
}

#[test]
fn glued_syllables_are_split() {
    let glued = exact("Ban Tuyên giáoTrung ương");
    assert_eq!(glued, exact("Ban Tuyên giáo Trung ương"));
    assert!(glued.contains(&"giáo".to_string()) && glued.contains(&"trung".to_string()));
    let t = analyze(names::EXACT, "giáoTrung").unwrap();
    assert_eq!(
        t.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
        ["giáo", "trung"]
    );
    assert_eq!((t[1].from, t[1].to), ("giáo".len(), "giáoTrung".len()));
}

#[test]
fn bigrams_pair_folded_syllables_within_a_sentence() {
    assert_eq!(
        texts(names::BIGRAM, "Bảo vệ môi trường. Đất đai"),
        ["bao_ve", "ve_moi", "moi_truong", "dat_dai"]
    );
}

#[test]
fn odd_input_does_not_panic() {
    let long_line = "a".repeat(10 * 1024 * 1024);
    let chinese = "中华人民共和国 环境保护";
    for text in [
        "",
        "!!! ... ,,, ---",
        "😀🌏 🎉",
        chinese,
        "\u{0}\u{1}\u{7f}ab\u{9f}",
        "/&-/",
        &long_line,
    ] {
        for name in tracuu_text::analyzer_names() {
            let tokens = analyze(name, text).unwrap();
            for t in tokens {
                assert!(text.is_char_boundary(t.from) && text.is_char_boundary(t.to));
            }
        }
    }
    assert_eq!(exact(chinese), ["中华人民共和国", "环境保护"]);
    assert!(exact("!!! ... ,,,").is_empty());
}

#[test]
fn unknown_analyzer_is_none() {
    assert!(analyze("nope", "x").is_none());
}

#[test]
fn numbers_grouped_in_thousands_are_one_word() {
    // From seed 004: "1.004 buổi tuyên truyền", "70.312 lượt người tham gia".
    assert_eq!(exact("1.004 buổi"), ["1004", "buổi"]);
    assert_eq!(folded("70.312 lượt"), ["70312", "luot"]);
    assert_eq!(exact("1.500.000đ"), ["1500000", "đ"]);
    // Typed without the dots, the same word.
    assert_eq!(exact("1004"), exact("1.004"));
    // Not thousands: a date with dots, a clause number, a phone number, a fifth digit.
    assert_eq!(exact("15.4.2020"), ["15", "4", "2020"]);
    assert_eq!(exact("3.2"), ["3", "2"]);
    assert_eq!(exact("0225.3821.055"), ["0225", "3821", "055"]);
    assert_eq!(exact("2.0001"), ["2", "0001"]);
    // The token's bytes are the whole number as written.
    let tokens = analyze(names::EXACT, "có 1.004 buổi").unwrap();
    assert_eq!((tokens[1].from, tokens[1].to), (4, 9));
}
