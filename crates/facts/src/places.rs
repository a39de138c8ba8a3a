//! Place mentions: provinces, cities, districts and communes, with the 2025 merger mapping.

use std::sync::LazyLock;

use regex::Regex;

use crate::admin::{self, Province};
use crate::folded::{fold_str, Folded};
use crate::{PlaceMention, Span};

/// Folded ends of up to `max` capitalised words starting at folded offset `pos` (after spaces).
/// Words are separated by single spaces; a word counts when its first original char is
/// uppercase or a digit. Used to read the name after "tỉnh", "thành phố", "xã", ...
pub(crate) fn capitalized_words(
    original: &str,
    folded: &Folded,
    pos: usize,
    max: usize,
) -> Vec<usize> {
    let text = folded.text.as_bytes();
    let mut ends = Vec::new();
    let mut i = pos;
    if i < text.len() && text[i] == b' ' {
        i += 1;
    }
    while ends.len() < max && i < text.len() {
        let first = original[folded.to_original(i)..].chars().next();
        match first {
            Some(c) if c.is_uppercase() || c.is_ascii_digit() => {}
            _ => break,
        }
        let mut j = i;
        while j < text.len() && (text[j].is_ascii_alphanumeric() || text[j] >= 0x80) {
            // Non-ASCII folded chars are letters outside Vietnamese; keep them in the word.
            j += if text[j] >= 0x80 {
                utf8_len(text[j])
            } else {
                1
            };
        }
        if j == i {
            break;
        }
        ends.push(j);
        if j < text.len() && text[j] == b' ' {
            i = j + 1;
        } else {
            break;
        }
    }
    ends
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
        _ => 1,
    }
}

/// The longest province name among the capitalised words at `pos`: (folded end, province).
pub(crate) fn province_at(
    original: &str,
    folded: &Folded,
    pos: usize,
) -> Option<(usize, &'static Province)> {
    let start = skip_space(folded, pos);
    capitalized_words(original, folded, pos, 4)
        .into_iter()
        .rev()
        .find_map(|end| admin::province_by_folded(&folded.text[start..end]).map(|p| (end, p)))
}

fn starts_letter(original: &str, folded: &Folded, pos: usize) -> bool {
    original[folded.to_original(pos)..]
        .chars()
        .next()
        .is_some_and(char::is_alphabetic)
}

fn skip_space(folded: &Folded, pos: usize) -> usize {
    if folded.text.as_bytes().get(pos) == Some(&b' ') {
        pos + 1
    } else {
        pos
    }
}

static LEVEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    // "tp." may be glued to the name: "TP.HCM", "TP.Hà Nội".
    Regex::new(r"(?-u:\b)(?:(tinh|thanh pho|tp\.|tp|huyen|quan|thi xa|thi tran|xa|phuong) |tp\.)")
        .expect("valid place regex")
});

/// Every place mention of a text, in order, without overlaps.
pub fn find_places(original: &str, folded: &Folded) -> Vec<PlaceMention> {
    let mut out: Vec<(usize, usize, PlaceMention)> = Vec::new();
    for m in LEVEL_RE.find_iter(&folded.text) {
        let level_word = folded.text[m.start()..m.end()]
            .trim_end()
            .trim_end_matches('.');
        if out.last().is_some_and(|(_, end, _)| m.start() < *end) {
            continue;
        }
        if let Some((end, place)) =
            place_after_level(original, folded, level_word, m.start(), m.end())
        {
            out.push((m.start(), end, place));
        }
    }
    // Bare province names ("Hồng Bàng, Hải Phòng"), when capitalised and not already covered.
    let has_marks = has_diacritics(original);
    let mut bare = Vec::new();
    let bytes = folded.text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let at_word_start = bytes[i].is_ascii_alphabetic()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] >= 0x80));
        if at_word_start {
            if let Some((end, p)) = province_at(original, folded, i) {
                // `out` is sorted by start and its intervals are disjoint.
                let k = out.partition_point(|(s, _, _)| *s < end);
                let covered = k > 0 && out[k - 1].1 > i;
                if !covered && bare_name_counts(original, folded, i, end, p, has_marks) {
                    bare.push((
                        i,
                        end,
                        mention(original, folded, i, end, "province", Some(p)),
                    ));
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out.extend(bare);
    out.sort_by_key(|(s, _, _)| *s);
    out.into_iter().map(|(_, _, p)| p).collect()
}

/// Whether a text is written with Vietnamese diacritics at all: only then can a bare name's
/// marks tell "Huế" from "Huệ"; text typed without them still matches folded.
fn has_diacritics(original: &str) -> bool {
    original
        .chars()
        .any(|c| !c.is_ascii() && tracuu_text::fold_letter(c).is_some())
}

/// Whether a bare capitalised name folded like a province (folded `start..end`) names it.
/// Without a level word nothing but the name vouches for it, so with diacritics it must carry
/// the province's own ("Vương Đình Huệ" and "Nghiêm Huê" are not "Huế"), and it must not end a
/// person's name ("Nguyễn Thị Huế", "Chủ tịch Hồ Chí Minh").
fn bare_name_counts(
    original: &str,
    folded: &Folded,
    start: usize,
    end: usize,
    province: &Province,
    has_marks: bool,
) -> bool {
    let written = &original[folded.to_original(start)..folded.to_original(end)];
    if has_marks && !admin::written_as(province, written) {
        return false;
    }
    if LONGER_NAMES
        .iter()
        .any(|n| folded.text[start..].starts_with(n))
    {
        return false;
    }
    !after_person_name(original, folded, start, province)
}

/// Surnames and middle names that, right before a capitalised name, make it a person's given
/// name ("Vương Đình Huệ", "Nguyễn Thị Huế", "Trần Văn Long An"). Folded.
const PERSON_NAME_WORDS: &[&str] = &[
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "vuong", "nghiem", "dao", "doan", "trinh", "truong", "luong",
    "lam", "mai", "ta", "chu", "quach", "kieu", "trieu", "thach", "ton", "van", "thi", "dinh",
    "huu", "duc", "xuan", "ngoc",
];

/// Longer names that open with a province's: "Thái Bình Dương" is the Pacific. Folded.
const LONGER_NAMES: &[&str] = &["thai binh duong"];

/// Words before "Hồ Chí Minh" the person, not the city (folded, with the trailing space).
const PERSON_TITLES: &[&str] = &[
    "chu tich ",
    "tu tuong ",
    "dao duc ",
    "phong cach ",
    "di chuc ",
];

/// Whether the name at folded `start` follows a capitalised surname or middle name, or (for
/// "Hồ Chí Minh") a word that only the person takes.
fn after_person_name(original: &str, folded: &Folded, start: usize, province: &Province) -> bool {
    let before = &folded.text[..start];
    if province.name == "Hồ Chí Minh" && PERSON_TITLES.iter().any(|t| before.ends_with(t)) {
        return true;
    }
    let Some(head) = before.strip_suffix(' ') else {
        return false;
    };
    let word_start = head
        .rfind(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric())
        .map_or(0, |k| k + 1);
    let word = &head[word_start..];
    PERSON_NAME_WORDS.contains(&word)
        && original[folded.to_original(word_start)..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
}

fn mention(
    original: &str,
    folded: &Folded,
    start: usize,
    end: usize,
    level: &str,
    province: Option<&Province>,
) -> PlaceMention {
    let span = Span {
        start: folded.to_original(start),
        end: folded.to_original(end),
    };
    PlaceMention {
        name: original[span.start..span.end].to_string(),
        level: level.to_string(),
        province: province.map(|p| p.name.to_string()),
        province_new: province.map(|p| p.name_new.to_string()),
        span,
    }
}

fn place_after_level(
    original: &str,
    folded: &Folded,
    level_word: &str,
    start: usize,
    pos: usize,
) -> Option<(usize, PlaceMention)> {
    match level_word {
        "tinh" => {
            let (end, p) = province_at(original, folded, pos)?;
            Some((
                end,
                mention(original, folded, start, end, "province", Some(p)),
            ))
        }
        "thanh pho" | "tp" => {
            // A centrally-run city is a province; any other named city is a district-level city.
            if let Some((end, p)) = province_at(original, folded, pos) {
                if p.is_city {
                    return Some((
                        end,
                        mention(original, folded, start, end, "province", Some(p)),
                    ));
                }
            }
            district_after(original, folded, start, pos, Some("thanh pho"), "city")
        }
        "huyen" | "quan" | "thi xa" => {
            district_after(original, folded, start, pos, Some(level_word), "district")
        }
        _ => {
            // Communes: the capitalised name, province left unknown (wards are not shipped).
            let ends = capitalized_words(original, folded, pos, 3);
            let end = *ends.last()?;
            Some((end, mention(original, folded, start, end, "commune", None)))
        }
    }
}

fn district_after(
    original: &str,
    folded: &Folded,
    start: usize,
    pos: usize,
    level: Option<&str>,
    kind: &str,
) -> Option<(usize, PlaceMention)> {
    let name_start = skip_space(folded, pos);
    let ends = capitalized_words(original, folded, pos, 4);
    for &end in ends.iter().rev() {
        let found = admin::districts_by_folded(&folded.text[name_start..end], level);
        if !found.is_empty() {
            // Several provinces may have a district of this name: then the province is unknown.
            let province = if found.iter().all(|d| d.province == found[0].province) {
                admin::province(found[0].province)
            } else {
                None
            };
            return Some((end, mention(original, folded, start, end, kind, province)));
        }
    }
    // A capitalised name we do not know: still a place, province unknown. Not a numeral:
    // "toàn thành phố 129.878,01 tấn" names no city.
    if !starts_letter(original, folded, name_start) {
        return None;
    }
    let end = *ends.last()?;
    Some((end, mention(original, folded, start, end, kind, None)))
}

/// Level words a user may type before a name (folded, with what follows them), and the
/// district level they stand for.
const TYPED_LEVELS: &[(&str, Option<&str>)] = &[
    ("tinh ", None),
    ("thanh pho ", Some("thanh pho")),
    ("tp. ", Some("thanh pho")),
    ("tp.", Some("thanh pho")),
    ("tp ", Some("thanh pho")),
    ("huyen ", Some("huyen")),
    ("quan ", Some("quan")),
    ("thi xa ", Some("thi xa")),
];

/// The canonical place facet value(s) of what a user types as a place filter: "TP.HCM",
/// "tp hcm", "Sài Gòn" and "thanh pho ho chi minh" → `["Hồ Chí Minh"]`; "Thừa Thiên Huế" →
/// `["Huế"]`; "lang son" → `["Lạng Sơn"]`. These are the province names the index stores
/// for a document's places (the names of [`admin::provinces`], old and new), so a filter
/// typed in any spelling finds what the facet lists. A district-level name ("huyện Cao Lộc",
/// "thành phố Thủ Đức") gives its province; a name several provinces share gives each of
/// them. Unknown names give nothing (the caller decides whether to fall back to the text).
pub fn canonical_place(text: &str) -> Vec<String> {
    let folded = fold_str(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let (name, level) = TYPED_LEVELS
        .iter()
        .find_map(|(prefix, level)| folded.strip_prefix(prefix).map(|rest| (rest, *level)))
        .unwrap_or((folded.as_str(), None));
    for candidate in [folded.as_str(), name] {
        if let Some(p) = province_of_typed(candidate) {
            return vec![p.name.to_string()];
        }
    }
    let mut out: Vec<String> = Vec::new();
    for d in admin::districts_by_folded(name, level) {
        if !out.iter().any(|p| p == d.province) {
            out.push(d.province.to_string());
        }
    }
    out
}

/// A province by a folded typed name, also when dashes are spaced or left out
/// ("thua thien-hue", "ba ria vung tau").
fn province_of_typed(name: &str) -> Option<&'static Province> {
    if name.is_empty() {
        return None;
    }
    admin::province_by_folded(name).or_else(|| {
        let undashed = name
            .replace(['-', '\u{2013}', '\u{2014}'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        admin::province_by_folded(&undashed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(s: &str) -> Vec<PlaceMention> {
        find_places(s, &Folded::new(s))
    }

    #[test]
    fn city_of_a_province_and_province_level_city() {
        let p = places("trên địa bàn thành phố Lạng Sơn, giáp Thành phố Hải Phòng.");
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].name, "thành phố Lạng Sơn");
        assert_eq!(p[0].level, "city");
        assert_eq!(p[0].province.as_deref(), Some("Lạng Sơn"));
        assert_eq!(p[1].level, "province");
        assert_eq!(p[1].province_new.as_deref(), Some("Hải Phòng"));
    }

    #[test]
    fn old_province_maps_to_new_and_bare_names_count() {
        let p = places("UBND tỉnh Hải Dương và Hồng Bàng, Hải Phòng");
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].province.as_deref(), Some("Hải Dương"));
        assert_eq!(p[0].province_new.as_deref(), Some("Hải Phòng"));
        assert_eq!(p[1].name, "Hải Phòng");
    }

    #[test]
    fn commune_and_lowercase_words_are_not_names() {
        let p = places("tại thôn Chi Mạc, xã Hoàng Đồng tham gia; của tỉnh và thành phố.");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].name, "xã Hoàng Đồng");
        assert_eq!(p[0].level, "commune");
    }

    fn provinces_of(s: &str) -> Vec<String> {
        places(s).into_iter().filter_map(|p| p.province).collect()
    }

    /// Real sentences of the baomoi news (2017): the Deputy Prime Minister is not the city.
    #[test]
    fn person_names_are_not_provinces() {
        for s in [
            "Trước đó, Phó Thủ tướng Vương Đình Huệ cho biết: Thủ tướng Chính phủ đã quyết định thành lập Ban chỉ đạo của Chính phủ xử lý tồn tại, yếu kém ở 12 nhà máy, dự án lớn thuộc ngành Công Thương.",
            "Nghiêm Huê",
            "Ảnh: Nguyễn Huế Theo Sở Lao động, Thương binh và Xã hội",
            "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            "Phó Thủ tướng Thường trực Trương Hòa Bình",
            "hợp tác kinh tế khu vực châu Á - Thái Bình Dương",
        ] {
            assert!(provinces_of(s).is_empty(), "{s}: {:?}", places(s));
        }
    }

    #[test]
    fn real_hue_sentences_name_hue() {
        for s in [
            "Chùa Thiên Mụ đẹp say lòng du khách khi tới Huế.",
            "Hai du khách đã tới thăm Sapa, vịnh Hạ Long, Huế, Đà Nẵng và Sài Gòn.",
            "Thừa Thiên - Huế: Về hội vật làng Sình xem tinh thần thượng võ đất cố đô",
            "xem hội vật (xã Phú Mậu, huyện Phú Vang, tỉnh Thừa Thiên Huế) xem hội vật.",
            "Liên quan đến vụ ở TP.Huế (Thừa Thiên-Huế), chiều nay (6.2)",
        ] {
            assert!(
                provinces_of(s).iter().any(|p| p == "Huế"),
                "{s}: {:?}",
                places(s)
            );
        }
        let p = places("Hai du khách đã tới thăm Sapa, vịnh Hạ Long, Huế, Đà Nẵng và Sài Gòn.");
        let names: Vec<_> = p.iter().filter_map(|p| p.province.as_deref()).collect();
        assert_eq!(names, vec!["Huế", "Đà Nẵng", "Hồ Chí Minh"]);
    }

    #[test]
    fn tone_placement_and_text_without_diacritics_still_match() {
        assert_eq!(provinces_of("bão đổ bộ vào Khánh Hoà"), vec!["Khánh Hòa"]);
        assert_eq!(provinces_of("bão đổ bộ vào Khánh Hòa"), vec!["Khánh Hòa"]);
        assert_eq!(
            provinces_of("bao do bo vao Hue va Da Nang"),
            vec!["Huế", "Đà Nẵng"]
        );
        // Other spellings news use as often as the table's.
        let s = "Đó là các tỉnh: Nghệ An, Thái Bình, Lâm Đồng, Đăk Lăk, Bắc Ninh, Phú Yên";
        assert_eq!(
            provinces_of(s),
            vec![
                "Nghệ An",
                "Thái Bình",
                "Lâm Đồng",
                "Đắk Lắk",
                "Bắc Ninh",
                "Phú Yên"
            ]
        );
    }

    #[test]
    fn hcm_city_spellings() {
        for s in [
            "Theo Sở Lao động, Thương binh và Xã hội TP.HCM, trong dịp Tết 2017",
            "người lao động tại TP HCM",
            "tại TP. Hồ Chí Minh",
        ] {
            assert_eq!(provinces_of(s), vec!["Hồ Chí Minh"], "{s}");
        }
    }

    #[test]
    fn typed_places_map_to_the_facet_values() {
        for (typed, want) in [
            ("TP.HCM", "Hồ Chí Minh"),
            ("tp hcm", "Hồ Chí Minh"),
            ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
            ("Sài Gòn", "Hồ Chí Minh"),
            ("thanh pho ho chi minh", "Hồ Chí Minh"),
            ("Thừa Thiên Huế", "Huế"),
            ("Thừa Thiên-Huế", "Huế"),
            ("Huế", "Huế"),
            ("Lạng Sơn", "Lạng Sơn"),
            ("tỉnh Lạng Sơn", "Lạng Sơn"),
            ("lang son", "Lạng Sơn"),
            ("TP Hà Nội", "Hà Nội"),
            ("thành phố Hà Nội", "Hà Nội"),
            ("Khánh Hoà", "Khánh Hòa"),
            ("Bà Rịa Vũng Tàu", "Bà Rịa - Vũng Tàu"),
            ("huyện Cao Lộc", "Lạng Sơn"),
        ] {
            assert_eq!(canonical_place(typed), vec![want.to_string()], "{typed}");
        }
        assert!(canonical_place("Atlantis").is_empty());
        assert!(canonical_place("").is_empty());
    }
}
