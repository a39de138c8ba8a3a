//! Administrative abbreviations of Vietnamese public administration.
//!
//! The table is our own, written from the names of the bodies and document types that appear in
//! environmental-policy texts (checked against, not copied from, the vinorm acronym list whose
//! licence is unclear). Each entry maps one or more written forms ("TN&MT", "TNMT") to the full
//! name(s). Keys are folded (đ → d, no marks, no '&'), so "KH&ĐT", "KHĐT" and "KH&DT" are one
//! abbreviation.
//!
//! How the analyzers use it (see [`crate::analysis`]): an abbreviation in the text emits its key
//! *and* the syllables of its expansion, the first at the abbreviation's position, so later
//! tokens shift; a full name in the text emits the key at the position of its first syllable.
//! Both spellings therefore index the same terms at the same relative positions, and phrase
//! queries ("Sở TN&MT tỉnh", "Sở Tài nguyên và Môi trường tỉnh") match either spelling. Entries
//! with several meanings ("TU": tỉnh ủy or thành ủy) get the key from any full name but emit no
//! expansion.

use std::sync::OnceLock;

/// (written forms, full names). Full names in canonical tone placement, lower case.
const TABLE: &[(&[&str], &[&str])] = &[
    // Bodies of the state and the party.
    (&["UBND"], &["ủy ban nhân dân"]),
    (&["HĐND"], &["hội đồng nhân dân"]),
    (&["MTTQ"], &["mặt trận tổ quốc"]),
    (&["UBMTTQ"], &["ủy ban mặt trận tổ quốc"]),
    (&["MTTQVN"], &["mặt trận tổ quốc việt nam"]),
    (&["TU"], &["tỉnh ủy", "thành ủy"]),
    (&["HU"], &["huyện ủy"]),
    (&["ĐU"], &["đảng ủy"]),
    (&["TW"], &["trung ương"]),
    (&["BCH"], &["ban chấp hành"]),
    (&["BTV"], &["ban thường vụ"]),
    (&["BTG"], &["ban tuyên giáo"]),
    (&["BTGTW"], &["ban tuyên giáo trung ương"]),
    (&["BCĐ"], &["ban chỉ đạo"]),
    (&["BQL"], &["ban quản lý"]),
    (&["BCT"], &["bộ chính trị", "bộ công thương"]),
    (&["QH"], &["quốc hội"]),
    (&["ĐBQH"], &["đại biểu quốc hội"]),
    (&["CP"], &["chính phủ"]),
    (&["VPCP"], &["văn phòng chính phủ"]),
    (&["TTg"], &["thủ tướng"]),
    (&["CAND"], &["công an nhân dân"]),
    (&["LHPN"], &["liên hiệp phụ nữ"]),
    (&["CCB"], &["cựu chiến binh"]),
    // Ministries and departments (sở).
    (&["TN&MT", "TNMT"], &["tài nguyên và môi trường"]),
    (&["BTNMT", "BTN&MT"], &["bộ tài nguyên và môi trường"]),
    (&["KH&ĐT", "KHĐT"], &["kế hoạch và đầu tư"]),
    (&["BKHĐT", "BKH&ĐT"], &["bộ kế hoạch và đầu tư"]),
    (
        &["NN&PTNT", "NNPTNT", "NN-PTNT"],
        &["nông nghiệp và phát triển nông thôn"],
    ),
    (
        &["BNNPTNT", "BNN&PTNT"],
        &["bộ nông nghiệp và phát triển nông thôn"],
    ),
    (&["TT&TT", "TTTT"], &["thông tin và truyền thông"]),
    (&["KH&CN", "KHCN"], &["khoa học và công nghệ"]),
    (&["GD&ĐT", "GDĐT"], &["giáo dục và đào tạo"]),
    (
        &["LĐTBXH", "LĐ-TB&XH", "LĐTB&XH"],
        &["lao động thương binh và xã hội"],
    ),
    (
        &["BLĐTBXH", "BLĐTB&XH"],
        &["bộ lao động thương binh và xã hội"],
    ),
    (
        &["VHTTDL", "VH-TT&DL", "VHTT&DL"],
        &["văn hóa thể thao và du lịch"],
    ),
    (&["GTVT"], &["giao thông vận tải"]),
    (&["BGTVT"], &["bộ giao thông vận tải"]),
    (&["BXD"], &["bộ xây dựng"]),
    (&["BYT"], &["bộ y tế"]),
    (&["BCA"], &["bộ công an"]),
    // Environment and administration vocabulary.
    (&["BVMT"], &["bảo vệ môi trường"]),
    (&["ĐTM"], &["đánh giá tác động môi trường"]),
    (&["BĐKH"], &["biến đổi khí hậu"]),
    (&["KCN"], &["khu công nghiệp"]),
    (&["CCN"], &["cụm công nghiệp"]),
    (&["CTR"], &["chất thải rắn"]),
    (&["CTNH"], &["chất thải nguy hại"]),
    (&["PCCC"], &["phòng cháy chữa cháy"]),
    (&["ATTP"], &["an toàn thực phẩm"]),
    (&["NSNN"], &["ngân sách nhà nước"]),
    (&["QLNN"], &["quản lý nhà nước"]),
    (&["TTHC"], &["thủ tục hành chính"]),
    (&["KTXH", "KT-XH"], &["kinh tế xã hội"]),
    (&["ANTT"], &["an ninh trật tự"]),
    (&["CNTT"], &["công nghệ thông tin"]),
    (&["BHXH"], &["bảo hiểm xã hội"]),
    (&["BHYT"], &["bảo hiểm y tế"]),
    (&["CBCCVC"], &["cán bộ công chức viên chức"]),
    (&["HTX"], &["hợp tác xã"]),
    (&["TNHH"], &["trách nhiệm hữu hạn"]),
    (&["XHCN"], &["xã hội chủ nghĩa"]),
    (&["THCS"], &["trung học cơ sở"]),
    (&["THPT"], &["trung học phổ thông"]),
    (&["TP"], &["thành phố"]),
    (&["TX"], &["thị xã"]),
    // Document types, as they appear outside document numbers.
    (&["QĐ"], &["quyết định"]),
    (&["NĐ"], &["nghị định"]),
    (&["NQ"], &["nghị quyết"]),
    (&["CT"], &["chỉ thị", "chủ tịch", "công ty"]),
    (&["TT"], &["thông tư", "thị trấn", "trung tâm"]),
    (&["KH"], &["kế hoạch"]),
    (&["HD"], &["hướng dẫn"]),
    (&["CV"], &["công văn"]),
    (&["TB"], &["thông báo"]),
    (&["BC"], &["báo cáo"]),
];

/// One administrative abbreviation with its written forms and full names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    /// Folded key shared by every written form: "tnmt" for "TN&MT" and "TNMT".
    pub key: String,
    /// Written forms as they appear in documents: "TN&MT", "TNMT".
    pub forms: Vec<&'static str>,
    /// Full names, lower case, canonical tone placement. Several when the abbreviation is
    /// ambiguous.
    pub expansions: Vec<&'static str>,
}

impl Abbreviation {
    /// The full name when it is unambiguous.
    pub fn expansion(&self) -> Option<&'static str> {
        match self.expansions.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// The whole table, in a stable order.
pub fn abbreviations() -> &'static [Abbreviation] {
    &tables().entries
}

/// The entry for a written abbreviation, in any case, with or without '&' or '-' and with or
/// without diacritics: "TN&MT", "tnmt", "KH&DT", "HĐND".
pub fn lookup_abbreviation(written: &str) -> Option<&'static Abbreviation> {
    let key = pack_folded(written.chars().filter(|c| !matches!(c, '&' | '-')))?;
    lookup_key(key)
}

/// The unambiguous full name of an abbreviation: `expand_abbreviation("Sở")` is `None`,
/// `expand_abbreviation("TN&MT")` is `Some("tài nguyên và môi trường")`.
pub fn expand_abbreviation(written: &str) -> Option<&'static str> {
    lookup_abbreviation(written)?.expansion()
}

pub(crate) fn lookup_key(key: u64) -> Option<&'static Abbreviation> {
    let t = tables();
    if !t.key_gate.may_contain(key) {
        return None;
    }
    t.by_key
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .map(|i| &t.entries[t.by_key[i].1])
}

/// One full name as folded packed syllables, for matching it in a token stream.
pub(crate) struct FullName {
    pub syllables: Vec<u64>,
    pub abbreviation: u64,
}

/// Full names whose first folded syllable is `first`.
pub(crate) fn full_names_starting_with(first: u64) -> &'static [FullName] {
    let t = tables();
    if !t.first_gate.may_contain(first) {
        return &[];
    }
    match t.firsts.binary_search_by_key(&first, |f| f.0) {
        Ok(i) => &t.full_names[t.firsts[i].1..t.firsts[i].2],
        Err(_) => &[],
    }
}

/// Packs up to eight folded ASCII letters/digits into a u64, so that table look-ups on the hot
/// path need neither allocation nor hashing. `None` when the text is empty, longer than eight
/// folded characters or not foldable to ASCII.
pub(crate) fn pack_folded(chars: impl Iterator<Item = char>) -> Option<u64> {
    let mut key = 0u64;
    let mut len = 0;
    for c in chars {
        let f = crate::chars::fold_ascii(c)?;
        if f == 0 {
            continue;
        }
        len += 1;
        if len > 8 {
            return None;
        }
        key = (key << 8) | u64::from(f);
    }
    (len > 0).then_some(key)
}

/// Whether a lower-case folded word has the shape of a Vietnamese syllable (onset, vowels,
/// final consonant). Lower-case "tu" or "hu" are words, lower-case "ubnd" cannot be; only the
/// latter is taken as an abbreviation when not written in capitals.
pub(crate) fn is_syllable_shaped(folded: &str) -> bool {
    const ONSETS: &[&str] = &[
        "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h",
        "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ];
    const FINALS: &[&str] = &["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];
    let rest = ONSETS
        .iter()
        .find(|o| folded.starts_with(**o))
        .map_or(folded, |o| &folded[o.len()..]);
    let vowels = rest.bytes().take_while(|b| b"aeiouy".contains(b)).count();
    vowels > 0 && FINALS.contains(&&rest[vowels..])
}

struct Tables {
    entries: Vec<Abbreviation>,
    by_key: Vec<(u64, usize)>,
    full_names: Vec<FullName>,
    /// Pre-filters: nearly every token is neither a key nor a first syllable, and the
    /// tokenizers ask both questions once per token (profiling showed the searches on top).
    key_gate: Gate,
    first_gate: Gate,
    /// Distinct first syllables of full names, sorted, with their range in `full_names`: a
    /// contiguous array to search.
    firsts: Vec<(u64, usize, usize)>,
}

/// A 4096-bit Bloom-style filter over packed keys (one hash).
struct Gate([u64; 64]);

impl Gate {
    fn slot(key: u64) -> (usize, u64) {
        let h = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize;
        (h >> 6, 1u64 << (h & 63))
    }
    fn new(keys: impl Iterator<Item = u64>) -> Gate {
        let mut bits = [0u64; 64];
        for key in keys {
            let (word, bit) = Gate::slot(key);
            bits[word] |= bit;
        }
        Gate(bits)
    }
    #[inline]
    fn may_contain(&self, key: u64) -> bool {
        let (word, bit) = Gate::slot(key);
        self.0[word] & bit != 0
    }
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut entries = Vec::new();
        let mut by_key = Vec::new();
        let mut full_names = Vec::new();
        for (forms, expansions) in TABLE {
            let Some(key) = pack_folded(forms[0].chars().filter(|c| !matches!(c, '&' | '-')))
            else {
                continue;
            };
            for form in forms.iter() {
                if let Some(k) = pack_folded(form.chars().filter(|c| !matches!(c, '&' | '-'))) {
                    if k != key {
                        by_key.push((k, entries.len()));
                    }
                }
            }
            by_key.push((key, entries.len()));
            // Writers often drop the "và" of a name ("Sở Tài nguyên Môi trường"): recognise
            // that spelling too (recognition only; the expansion keeps the official name).
            let variants = expansions
                .iter()
                .flat_map(|name| [name.to_string(), name.replace(" và ", " ")])
                .collect::<std::collections::BTreeSet<_>>();
            for name in variants {
                let syllables: Option<Vec<u64>> = crate::fold(&name)
                    .split(' ')
                    .map(|s| pack_folded(s.chars()))
                    .collect();
                if let Some(syllables) = syllables {
                    full_names.push(FullName {
                        syllables,
                        abbreviation: key,
                    });
                }
            }
            entries.push(Abbreviation {
                key: unpack(key),
                forms: forms.to_vec(),
                expansions: expansions.to_vec(),
            });
        }
        by_key.sort_unstable();
        by_key.dedup_by_key(|e| e.0);
        full_names.sort_by(|a, b| a.syllables.cmp(&b.syllables));
        Tables {
            key_gate: Gate::new(by_key.iter().map(|e| e.0)),
            first_gate: Gate::new(full_names.iter().map(|f| f.syllables[0])),
            firsts: {
                let mut firsts: Vec<(u64, usize, usize)> = Vec::new();
                for (i, f) in full_names.iter().enumerate() {
                    match firsts.last_mut() {
                        Some(last) if last.0 == f.syllables[0] => last.2 = i + 1,
                        _ => firsts.push((f.syllables[0], i, i + 1)),
                    }
                }
                firsts
            },
            entries,
            by_key,
            full_names,
        }
    })
}

/// The text of a packed key.
pub(crate) fn unpack(key: u64) -> String {
    let bytes = key.to_be_bytes();
    bytes
        .iter()
        .filter(|&&b| b != 0)
        .map(|&b| b as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_share_one_key() {
        assert_eq!(lookup_abbreviation("TN&MT").unwrap().key, "tnmt");
        assert_eq!(lookup_abbreviation("tnmt").unwrap().key, "tnmt");
        assert_eq!(lookup_abbreviation("KH&DT").unwrap().key, "khdt");
        assert_eq!(lookup_abbreviation("NN-PTNT").unwrap().key, "nnptnt");
        assert_eq!(expand_abbreviation("HĐND"), Some("hội đồng nhân dân"));
        assert_eq!(expand_abbreviation("TU"), None, "ambiguous");
        assert_eq!(lookup_abbreviation("Sở"), None);
    }

    #[test]
    fn table_is_large_and_consistent() {
        assert!(abbreviations().len() >= 40);
        for a in abbreviations() {
            for e in &a.expansions {
                assert_eq!(&crate::normalize(e), e, "expansion not canonical: {e}");
                assert_eq!(&e.to_lowercase(), e);
            }
        }
    }

    #[test]
    fn full_names_are_found_by_first_syllable() {
        let tai = pack_folded("tai".chars()).unwrap();
        let names = full_names_starting_with(tai);
        assert!(names.iter().any(|n| unpack(n.abbreviation) == "tnmt"));
        // "tài nguyên môi trường", without "và", is recognised too.
        assert!(names
            .iter()
            .any(|n| unpack(n.abbreviation) == "tnmt" && n.syllables.len() == 4));
    }

    #[test]
    fn syllable_shapes() {
        for w in ["tu", "hu", "nguyen", "truong", "khuya", "ban"] {
            assert!(is_syllable_shaped(w), "{w}");
        }
        for w in ["ubnd", "tnmt", "hdnd", "tp", "kh", "bvmt"] {
            assert!(!is_syllable_shaped(w), "{w}");
        }
    }
}
