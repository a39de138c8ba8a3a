//! Place mentions: provinces, cities, districts and communes, with the 2025 merger mapping.

use std::sync::LazyLock;

use regex::Regex;

use crate::admin::{self, Province};
use crate::folded::Folded;
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
    Regex::new(r"(?-u:\b)(tinh|thanh pho|tp\.|tp|huyen|quan|thi xa|thi tran|xa|phuong) ")
        .expect("valid place regex")
});

/// Every place mention of a text, in order, without overlaps.
pub fn find_places(original: &str, folded: &Folded) -> Vec<PlaceMention> {
    let mut out: Vec<(usize, usize, PlaceMention)> = Vec::new();
    for m in LEVEL_RE.find_iter(&folded.text) {
        let level_word = folded.text[m.start()..m.end() - 1].trim_end_matches('.');
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
                if !covered {
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
}
