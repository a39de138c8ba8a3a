//! Agency mentions resolved to canonical agencies.
//!
//! A small catalogue of Vietnamese public bodies (departments, people's committees, party
//! committees, mass organisations, ministries), each with its aliases as folded patterns, so
//! "Sở TN&MT", "Sở Tài nguyên và Môi trường" and "Sở Tài Nguyên và Môi trường" are one agency.
//! A province named right after a mention ("UBND tỉnh Lạng Sơn") belongs to the agency; a province
//! only implied by the document is kept apart, in `AgencyMention::context_province`.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use crate::admin;
use crate::folded::{slug, Folded};
use crate::places::{capitalized_words, province_at};
use crate::{Agency, AgencyMention, Span};

/// A sectoral department name, shared by Sở (province), Bộ (ministry) and Phòng (district).
struct Department {
    name: &'static str,
    /// Folded regex alternatives.
    aliases: &'static [&'static str],
}

const DEPARTMENTS: &[Department] = &[
    Department {
        name: "Tài nguyên và Môi trường",
        aliases: &[
            "tai nguyen va moi truong",
            "tai nguyen moi truong",
            "tn ?& ?mt",
            "tn-mt",
            "tnmt",
        ],
    },
    Department {
        name: "Kế hoạch và Đầu tư",
        aliases: &[
            "ke hoach va dau tu",
            "ke hoach dau tu",
            "kh ?& ?dt",
            "kh-dt",
            "khdt",
        ],
    },
    Department {
        name: "Công Thương",
        aliases: &["cong thuong"],
    },
    Department {
        name: "Nông nghiệp và Phát triển nông thôn",
        aliases: &[
            "nong nghiep va phat trien nong thon",
            "nn ?& ?ptnt",
            "nn-ptnt",
            "nnptnt",
        ],
    },
    Department {
        name: "Nông nghiệp và Môi trường",
        aliases: &["nong nghiep va moi truong", "nn ?& ?mt", "nnmt"],
    },
    Department {
        name: "Thông tin và Truyền thông",
        aliases: &["thong tin va truyen thong", "tt ?& ?tt", "tttt"],
    },
    Department {
        name: "Khoa học và Công nghệ",
        aliases: &["khoa hoc va cong nghe", "kh ?& ?cn", "khcn"],
    },
    Department {
        name: "Ngoại vụ",
        aliases: &["ngoai vu"],
    },
    Department {
        name: "Ngoại giao",
        aliases: &["ngoai giao"],
    },
    Department {
        name: "Xây dựng",
        aliases: &["xay dung"],
    },
    Department {
        name: "Tài chính",
        aliases: &["tai chinh"],
    },
    Department {
        name: "Giao thông vận tải",
        aliases: &["giao thong van tai", "gtvt"],
    },
    Department {
        name: "Y tế",
        aliases: &["y te"],
    },
    Department {
        name: "Giáo dục và Đào tạo",
        aliases: &["giao duc va dao tao", "gd ?& ?dt", "gddt"],
    },
    Department {
        name: "Nội vụ",
        aliases: &["noi vu"],
    },
    Department {
        name: "Tư pháp",
        aliases: &["tu phap"],
    },
    Department {
        name: "Lao động - Thương binh và Xã hội",
        aliases: &[
            "lao dong ?-? ?thuong binh va xa hoi",
            "ld ?-? ?tb ?& ?xh",
            "ldtbxh",
        ],
    },
    Department {
        name: "Văn hóa, Thể thao và Du lịch",
        aliases: &["van hoa,? the thao va du lich", "vh,? ?tt ?& ?dl", "vhttdl"],
    },
    Department {
        name: "Công an",
        aliases: &["cong an"],
    },
    Department {
        name: "Quốc phòng",
        aliases: &["quoc phong"],
    },
];

/// What follows a mention that can belong to a place.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Suffix {
    /// Nothing: a national body or a name complete in itself.
    None,
    /// A province may follow ("Công an tỉnh Lạng Sơn", "Thành ủy Hải Phòng").
    Province,
    /// The mention ends in a level word and a locality may follow ("UBND thành phố Lạng Sơn").
    Locality(&'static str),
}

/// One catalogue entry: a canonical agency and the folded pattern of its aliases.
struct Entry {
    name: String,
    pattern: String,
    suffix: Suffix,
    /// A local body (a province's, a district's): the document's province may apply.
    local: bool,
    /// The first letter must be a capital in the text ("Sở", "Bộ"): "cơ sở công thương" is no
    /// department.
    capital: bool,
}

const LEVELS: &[(&str, &str)] = &[
    ("tinh", "tỉnh"),
    ("thanh pho|tp\\.?", "thành phố"),
    ("huyen", "huyện"),
    ("quan", "quận"),
    ("thi xa", "thị xã"),
    ("thi tran", "thị trấn"),
    ("xa", "xã"),
    ("phuong", "phường"),
];

const PARTY_LEVELS: &[(&str, &str)] = &[
    ("tinh ?uy", "Tỉnh ủy"),
    ("thanh ?uy", "Thành ủy"),
    ("huyen ?uy", "Huyện ủy"),
    ("quan ?uy", "Quận ủy"),
    ("thi ?uy", "Thị ủy"),
];

fn entry(name: &str, pattern: &str, suffix: Suffix, local: bool) -> Entry {
    Entry {
        name: name.to_string(),
        // ASCII word boundaries here and in every pattern of this crate: they all run on
        // folded text, and a Unicode `\b` makes the regex crate leave its lazy DFA for the
        // far slower PikeVM as soon as the text holds one non-ASCII character (a curly quote,
        // a dash): agency search was then the costliest step of indexing a news corpus.
        pattern: format!(r"(?-u:\b)(?:{pattern})(?-u:\b)"),
        suffix,
        local,
        capital: false,
    }
}

fn catalogue() -> Vec<Entry> {
    let mut out = Vec::new();
    for d in DEPARTMENTS {
        let alts = d.aliases.join("|");
        let national_only = matches!(d.name, "Ngoại giao" | "Quốc phòng" | "Công an");
        if !national_only {
            let mut e = entry(
                &format!("Sở {}", d.name),
                &format!("so (?:{alts})"),
                Suffix::Province,
                true,
            );
            e.capital = true;
            out.push(e);
            let mut e = entry(
                &format!("Phòng {}", d.name),
                &format!("phong (?:{alts})"),
                Suffix::None,
                true,
            );
            e.capital = true;
            out.push(e);
        }
        if d.name != "Ngoại vụ" {
            let mut e = entry(
                &format!("Bộ {}", d.name),
                &format!("bo (?:{alts})"),
                Suffix::None,
                false,
            );
            e.capital = true;
            out.push(e);
        }
    }
    for (level, level_vi) in LEVELS {
        let locality = Suffix::Locality(match *level_vi {
            "tỉnh" => "tinh",
            "thành phố" => "thanh pho",
            "huyện" => "huyen",
            "quận" => "quan",
            "thị xã" => "thi xa",
            "thị trấn" => "thi tran",
            "xã" => "xa",
            _ => "phuong",
        });
        out.push(entry(
            &format!("Ủy ban nhân dân {level_vi}"),
            &format!("(?:uy ban nhan dan|ubnd) (?:{level})"),
            locality,
            true,
        ));
        out.push(entry(
            &format!("Hội đồng nhân dân {level_vi}"),
            &format!("(?:hoi dong nhan dan|hdnd) (?:{level})"),
            locality,
            true,
        ));
    }
    out.push(entry(
        "Ủy ban nhân dân cấp huyện",
        r"(?:uy ban nhan dan|ubnd) cac (?:huyen|quan|thi xa)(?: ?, ?(?:thi xa|thanh pho|quan|huyen))*",
        Suffix::None,
        true,
    ));
    out.push(entry(
        "Ủy ban nhân dân cấp xã",
        r"(?:uy ban nhan dan|ubnd) cac (?:xa|phuong|thi tran)(?: ?, ?(?:xa|phuong|thi tran))*",
        Suffix::None,
        true,
    ));
    for (level, level_vi) in [("tinh", "tỉnh"), ("huyen", "huyện"), ("xa", "xã")] {
        out.push(entry(
            &format!("Ủy ban nhân dân cấp {level_vi}"),
            &format!("(?:uy ban nhan dan|ubnd) cap {level}"),
            Suffix::None,
            true,
        ));
    }
    out.push(entry(
        "Ủy ban nhân dân",
        "uy ban nhan dan|ubnd",
        Suffix::None,
        true,
    ));
    out.push(entry(
        "Hội đồng nhân dân",
        "hoi dong nhan dan|hdnd",
        Suffix::None,
        true,
    ));
    for (level, level_vi) in PARTY_LEVELS {
        out.push(entry(
            &format!("Ban Thường vụ {level_vi}"),
            &format!("ban thuong vu (?:{level})"),
            Suffix::Province,
            true,
        ));
        for (ban, ban_vi) in [
            ("tuyen giao", "Tuyên giáo"),
            ("dan van", "Dân vận"),
            ("to chuc", "Tổ chức"),
            ("noi chinh", "Nội chính"),
        ] {
            out.push(entry(
                &format!("Ban {ban_vi} {level_vi}"),
                &format!("ban {ban} ?(?:{level})"),
                Suffix::Province,
                true,
            ));
        }
        out.push(entry(
            &format!("Ủy ban Kiểm tra {level_vi}"),
            &format!("uy ban kiem tra (?:{level})"),
            Suffix::Province,
            true,
        ));
        out.push(entry(level_vi, level, Suffix::Province, true));
    }
    for (ban, ban_vi) in [
        ("tuyen giao", "Tuyên giáo"),
        ("dan van", "Dân vận"),
        ("to chuc", "Tổ chức"),
        ("noi chinh", "Nội chính"),
        ("kinh te", "Kinh tế"),
    ] {
        out.push(entry(
            &format!("Ban {ban_vi} Trung ương"),
            &format!("ban {ban} ?trung uong|ban {ban} tu"),
            Suffix::None,
            false,
        ));
    }
    let fixed: &[(&str, &str, Suffix, bool)] = &[
        ("Công an tỉnh", "cong an tinh", Suffix::Province, true),
        (
            "Công an thành phố",
            r"cong an (?:thanh pho|tp\.?)",
            Suffix::Province,
            true,
        ),
        (
            "Công an huyện",
            "cong an huyen",
            Suffix::Locality("huyen"),
            true,
        ),
        ("Cục Thuế tỉnh", "cuc thue tinh", Suffix::Province, true),
        ("Cục Thuế", "cuc thue", Suffix::None, false),
        (
            "Quỹ Bảo vệ môi trường",
            "quy bao ve moi truong|quy bvmt",
            Suffix::Province,
            true,
        ),
        (
            "Đài Khí tượng Thủy văn tỉnh",
            "dai (?:khi tuong thuy van|kttv) tinh",
            Suffix::Province,
            true,
        ),
        (
            "Đài Khí tượng Thủy văn",
            "dai (?:khi tuong thuy van|kttv)(?: khu vuc)?",
            Suffix::None,
            false,
        ),
        (
            "Chi cục Bảo vệ môi trường",
            "chi cuc bao ve moi truong|chi cuc bvmt",
            Suffix::Province,
            true,
        ),
        (
            "Cảnh sát môi trường",
            "(?:phong )?canh sat (?:phong chong toi pham ve )?moi truong",
            Suffix::Province,
            true,
        ),
        (
            "Ủy ban Mặt trận Tổ quốc",
            "uy ban (?:mat tran to quoc|mttq)(?: viet nam)?(?: tinh| thanh pho| huyen)?",
            Suffix::Province,
            true,
        ),
        (
            "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
            "uy ban trung uong (?:mat tran to quoc|mttq)(?: viet nam)?",
            Suffix::None,
            false,
        ),
        (
            "Mặt trận Tổ quốc",
            "mat tran to quoc(?: viet nam)?|mttq",
            Suffix::Province,
            true,
        ),
        (
            "Hội Liên hiệp Phụ nữ",
            "hoi lien hiep phu nu(?: viet nam)?|hoi lhpn",
            Suffix::Province,
            true,
        ),
        ("Hội Nông dân", "hoi nong dan", Suffix::Province, true),
        (
            "Hội Cựu chiến binh",
            "hoi cuu chien binh",
            Suffix::Province,
            true,
        ),
        (
            "Hội Người cao tuổi",
            "hoi nguoi cao tuoi",
            Suffix::Province,
            true,
        ),
        (
            "Liên đoàn Lao động",
            "lien doan lao dong",
            Suffix::Province,
            true,
        ),
        (
            "Liên minh Hợp tác xã",
            "lien minh hop tac xa",
            Suffix::Province,
            true,
        ),
        ("Tỉnh Đoàn", "tinh doan", Suffix::Province, true),
        ("Thành Đoàn", "thanh doan", Suffix::Province, true),
        ("Chính phủ", "chinh phu", Suffix::None, false),
        (
            "Thủ tướng Chính phủ",
            "thu tuong chinh phu",
            Suffix::None,
            false,
        ),
        ("Quốc hội", "quoc hoi", Suffix::None, false),
        (
            "Ủy ban Thường vụ Quốc hội",
            "uy ban thuong vu quoc hoi",
            Suffix::None,
            false,
        ),
        ("Bộ Chính trị", "bo chinh tri", Suffix::None, false),
        ("Ban Bí thư", "ban bi thu", Suffix::None, false),
        (
            "Ban Chấp hành Trung ương",
            "ban chap hanh trung uong(?: dang)?",
            Suffix::None,
            false,
        ),
        (
            "Các sở, ban, ngành",
            "cac so ?,? ban ?,? nganh",
            Suffix::None,
            true,
        ),
        ("Các sở, ngành", "cac so ?,? nganh", Suffix::None, true),
    ];
    for (name, pattern, suffix, local) in fixed {
        out.push(entry(name, pattern, *suffix, *local));
    }
    out
}

struct Catalogue {
    entries: Vec<Entry>,
    regexes: Vec<Regex>,
    set: RegexSet,
    /// "các Sở:" opening a list of bare department names.
    list_head: Regex,
    /// One department name at the start of a slice; group `d{i}` is `DEPARTMENTS[i]`.
    department_at: Regex,
    list_sep: Regex,
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    let entries = catalogue();
    let regexes = entries
        .iter()
        .map(|e| Regex::new(&e.pattern).expect("valid agency pattern"))
        .collect();
    let set = RegexSet::new(entries.iter().map(|e| &e.pattern)).expect("valid agency set");
    let groups: Vec<String> = DEPARTMENTS
        .iter()
        .enumerate()
        .map(|(i, d)| format!("(?P<d{i}>{})", d.aliases.join("|")))
        .collect();
    Catalogue {
        entries,
        regexes,
        set,
        list_head: Regex::new(r"(?-u:\b)cac (so|bo) ?: ?").expect("valid list regex"),
        department_at: Regex::new(&format!(r"^(?:{})(?-u:\b)", groups.join("|")))
            .expect("valid department regex"),
        list_sep: Regex::new(r"^ ?(?:,|;|va) ?").expect("valid separator regex"),
    }
});

struct Candidate {
    start: usize,
    end: usize,
    agency: Agency,
    local: bool,
}

/// Every agency mention of a text, in order, without overlaps. `context_province` is the
/// province the document is about (from its places), recorded apart on local agencies.
pub fn find_agencies(
    original: &str,
    folded: &Folded,
    context_province: Option<&str>,
) -> Vec<AgencyMention> {
    let cat = &*CATALOGUE;
    let text = folded.text.as_str();
    let mut cands = Vec::new();
    for i in cat.set.matches(text).iter() {
        let e = &cat.entries[i];
        for m in cat.regexes[i].find_iter(text) {
            if e.capital && !starts_upper(original, folded, m.start()) {
                continue;
            }
            // "1414/UBND-KT": a piece of a document number, not a mention.
            let bytes = text.as_bytes();
            let glued = |b: Option<&u8>| matches!(b, Some(b'/' | b'-'));
            if glued(m.start().checked_sub(1).and_then(|i| bytes.get(i)))
                || glued(bytes.get(m.end()))
            {
                continue;
            }
            let (end, agency) = resolve_suffix(original, folded, e, m.end());
            let (start, agency) = with_prefix(folded, m.start(), agency);
            cands.push(Candidate {
                start,
                end,
                agency,
                local: e.local,
            });
        }
    }
    list_items(original, folded, &mut cands);
    // Leftmost, then longest, wins.
    cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<AgencyMention> = Vec::new();
    let mut last_end = 0;
    for c in cands {
        if c.start < last_end {
            continue;
        }
        last_end = c.end;
        let span = Span {
            start: folded.to_original(c.start),
            end: folded.to_original(c.end),
        };
        let context = if c.local && c.agency.province.is_none() {
            context_province.map(str::to_string)
        } else {
            None
        };
        out.push(AgencyMention {
            surface: original[span.start..span.end].to_string(),
            agency: c.agency,
            span,
            context_province: context,
        });
    }
    out
}

fn starts_upper(original: &str, folded: &Folded, pos: usize) -> bool {
    original[folded.to_original(pos)..]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

fn make_agency(name: String, province: Option<&str>) -> Agency {
    let mut id = slug(&name);
    if let Some(p) = province {
        id.push('/');
        id.push_str(&slug(p));
    }
    Agency {
        id,
        name,
        province: province.map(str::to_string),
    }
}

/// Reads a province or locality named right after the mention.
fn resolve_suffix(original: &str, folded: &Folded, e: &Entry, end: usize) -> (usize, Agency) {
    match e.suffix {
        Suffix::None => (end, make_agency(e.name.clone(), None)),
        Suffix::Province => match province_at(original, folded, end) {
            Some((pend, p)) => (pend, make_agency(e.name.clone(), Some(p.name))),
            None => (end, make_agency(e.name.clone(), None)),
        },
        Suffix::Locality(level) => {
            if let Some((pend, p)) = province_at(original, folded, end) {
                // "UBND tỉnh Lạng Sơn", "UBND thành phố Hải Phòng" (a province-level city).
                if level == "tinh" || (level == "thanh pho" && p.is_city) {
                    return (pend, make_agency(e.name.clone(), Some(p.name)));
                }
            }
            let ends = capitalized_words(original, folded, end, 4);
            let name_start = if folded.text.as_bytes().get(end) == Some(&b' ') {
                end + 1
            } else {
                end
            };
            for &wend in ends.iter().rev() {
                let found = admin::districts_by_folded(&folded.text[name_start..wend], Some(level));
                if let Some(d) = found.first() {
                    let province =
                        (found.iter().all(|x| x.province == d.province)).then_some(d.province);
                    let locality =
                        &original[folded.to_original(name_start)..folded.to_original(wend)];
                    return (
                        wend,
                        make_agency(format!("{} {locality}", e.name), province),
                    );
                }
            }
            if matches!(level, "xa" | "phuong" | "thi tran" | "huyen" | "quan") {
                if let Some(&wend) = ends.last() {
                    let locality =
                        &original[folded.to_original(name_start)..folded.to_original(wend)];
                    return (wend, make_agency(format!("{} {locality}", e.name), None));
                }
            }
            (end, make_agency(e.name.clone(), None))
        }
    }
}

/// "Đảng ủy Sở ..." and "Văn phòng UBND ..." are bodies of their own.
fn with_prefix(folded: &Folded, start: usize, agency: Agency) -> (usize, Agency) {
    let before = &folded.text[..start];
    for (prefix, label) in [("dang uy ", "Đảng ủy "), ("van phong ", "Văn phòng ")] {
        if before.ends_with(prefix) {
            let name = format!("{label}{}", agency.name);
            let province = agency.province.clone();
            return (start - prefix.len(), make_agency(name, province.as_deref()));
        }
    }
    (start, agency)
}

/// "giao các Sở: Công Thương, NN&PTNT, TT&TT": each bare name is one Sở.
fn list_items(original: &str, folded: &Folded, cands: &mut Vec<Candidate>) {
    let cat = &*CATALOGUE;
    let text = folded.text.as_str();
    for head in cat.list_head.captures_iter(text) {
        let Some(all) = head.get(0) else { continue };
        let label = if &head[1] == "so" { "Sở" } else { "Bộ" };
        let mut pos = all.end();
        for _ in 0..64 {
            let Some(caps) = cat.department_at.captures(&text[pos..]) else {
                break;
            };
            let Some((i, m)) =
                (0..DEPARTMENTS.len()).find_map(|i| caps.name(&format!("d{i}")).map(|m| (i, m)))
            else {
                break;
            };
            let (start, end) = (pos + m.start(), pos + m.end());
            cands.push(Candidate {
                start,
                end,
                agency: make_agency(format!("{label} {}", DEPARTMENTS[i].name), None),
                local: label == "Sở",
            });
            let _ = original;
            match cat.list_sep.find(&text[end..]) {
                Some(sep) => pos = end + sep.end(),
                None => break,
            }
        }
    }
}

/// Resolves a free-text agency name (a user's filter, a vbpl issuer) to a canonical agency.
pub fn resolve_agency(name: &str) -> Option<Agency> {
    let folded = Folded::new(name);
    let found = find_agencies(name, &folded, None);
    found.into_iter().next().map(|m| m.agency)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str) -> Vec<String> {
        find_agencies(s, &Folded::new(s), Some("Lạng Sơn"))
            .into_iter()
            .map(|m| m.agency.id)
            .collect()
    }

    #[test]
    fn aliases_resolve_to_one_agency() {
        assert_eq!(
            ids("Sở TN&MT, Sở Tài nguyên và Môi trường, Sở Tài Nguyên và Môi trường"),
            vec!["so-tai-nguyen-va-moi-truong"; 3]
        );
        assert_eq!(ids("Sở KH&ĐT"), vec!["so-ke-hoach-va-dau-tu"]);
    }

    #[test]
    fn province_after_the_name_belongs_to_the_agency() {
        let s = "UBND tỉnh Lạng Sơn yêu cầu; Ban Dân vận Thành uỷ Lạng Sơn";
        let found = find_agencies(s, &Folded::new(s), None);
        assert_eq!(found[0].agency.id, "uy-ban-nhan-dan-tinh/lang-son");
        assert_eq!(found[0].surface, "UBND tỉnh Lạng Sơn");
        assert_eq!(found[1].agency.name, "Ban Dân vận Thành ủy");
        assert_eq!(found[1].agency.province.as_deref(), Some("Lạng Sơn"));
    }

    #[test]
    fn list_of_departments_names_each() {
        let s = "UBND tỉnh cũng giao các Sở: Công Thương, NN&PTNT, TT&TT, KH&CN, Ngoại vụ, Xây dựng, Cục Thuế tỉnh theo chức năng";
        let found = ids(s);
        assert_eq!(
            found,
            vec![
                "uy-ban-nhan-dan-tinh",
                "so-cong-thuong",
                "so-nong-nghiep-va-phat-trien-nong-thon",
                "so-thong-tin-va-truyen-thong",
                "so-khoa-hoc-va-cong-nghe",
                "so-ngoai-vu",
                "so-xay-dung",
                "cuc-thue-tinh"
            ]
        );
    }

    #[test]
    fn context_province_is_kept_apart() {
        let s = "Công an tỉnh chủ trì";
        let found = find_agencies(s, &Folded::new(s), Some("Lạng Sơn"));
        assert_eq!(found[0].agency.province, None);
        assert_eq!(found[0].context_province.as_deref(), Some("Lạng Sơn"));
    }

    #[test]
    fn committee_by_tier() {
        assert_eq!(
            ids("Ủy ban nhân dân cấp xã tổ chức"),
            vec!["uy-ban-nhan-dan-cap-xa"]
        );
        assert_eq!(ids("UBND các xã, phường"), vec!["uy-ban-nhan-dan-cap-xa"]);
    }

    #[test]
    fn lowercase_co_so_is_not_a_department() {
        assert!(ids("các cơ sở công thương").is_empty());
    }

    #[test]
    fn name_split_across_lines_still_matches() {
        assert_eq!(
            ids("Sở Tài nguyên\nvà  Môi trường"),
            vec!["so-tai-nguyen-va-moi-truong"]
        );
        assert!(
            ids("Sở Tài nguyên\n\nvà Môi trường").is_empty(),
            "a paragraph break ends the name"
        );
    }
}
