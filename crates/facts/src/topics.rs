//! Environmental fields a document is about, from a curated lexicon matched on folded text (so
//! "chất thải" and "chat thai", "thủy" and "thuỷ" all count).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::folded::Folded;
use crate::Topic;

/// (id, Vietnamese label, folded terms). Ids are stable: the index stores them as facets.
pub const LEXICON: &[(&str, &str, &[&str])] = &[
    (
        "chat-thai",
        "Chất thải",
        &[
            "chat thai",
            "rac thai",
            "thu gom rac",
            "xu ly rac",
            "phan loai rac",
            "bai rac",
            "lo dot rac",
            "chon lap",
            "nuoc thai",
            "phe lieu",
            "tai che",
        ],
    ),
    (
        "nuoc",
        "Tài nguyên nước",
        &[
            "tai nguyen nuoc",
            "nguon nuoc",
            "nuoc mat",
            "nuoc ngam",
            "nuoc sach",
            "cap nuoc",
            "thoat nuoc",
            "luu vuc song",
            "khai thac nuoc",
            "nuoc sinh hoat",
        ],
    ),
    (
        "khong-khi",
        "Không khí",
        // Never the bare "không khí": it is also a car's air conditioning ("điều hòa không
        // khí", "làm mát bằng không khí") and a festival's mood ("không khí Tết").
        &[
            "o nhiem khong khi",
            "khong khi o nhiem",
            "khong khi bi o nhiem",
            "chat luong khong khi",
            "moi truong khong khi",
            "quan trac khong khi",
            "chi so khong khi",
            "bui min",
            "pm2.5",
            "pm2,5",
            "pm 2.5",
            "pm10",
            "aqi",
        ],
    ),
    (
        "khoang-san",
        "Khoáng sản",
        &[
            "khoang san",
            "khai thac cat",
            "mo da",
            "khai thac da",
            "mo than",
        ],
    ),
    (
        "dat-dai",
        "Đất đai",
        &[
            "dat dai",
            "su dung dat",
            "thu hoi dat",
            "giao dat",
            "cho thue dat",
            "giai phong mat bang",
            "quyen su dung dat",
        ],
    ),
    (
        "bien-doi-khi-hau",
        "Biến đổi khí hậu",
        &[
            "bien doi khi hau",
            "khi nha kinh",
            "phat thai carbon",
            "phat thai cac-bon",
            "trung hoa carbon",
            "net zero",
            "nuoc bien dang",
            "tin chi carbon",
        ],
    ),
    (
        "da-dang-sinh-hoc",
        "Đa dạng sinh học",
        &[
            "da dang sinh hoc",
            "bao ton",
            "dong vat hoang da",
            "loai nguy cap",
            "khu bao ton",
            "vuon quoc gia",
            "he sinh thai",
        ],
    ),
    (
        "nang-luong",
        "Năng lượng",
        &[
            "nang luong",
            "dien mat troi",
            "dien gio",
            "tiet kiem dien",
            "dien sinh khoi",
        ],
    ),
    (
        "o-nhiem",
        "Ô nhiễm",
        &[
            "o nhiem",
            "su co moi truong",
            "suy thoai moi truong",
            "diem nong ve moi truong",
        ],
    ),
    (
        "an-ninh-moi-truong",
        "An ninh môi trường",
        &["an ninh moi truong"],
    ),
    (
        "rung",
        "Rừng",
        &[
            "bao ve rung",
            "trong rung",
            "chay rung",
            "lam nghiep",
            "phat trien rung",
            "che phu rung",
            "pha rung",
        ],
    ),
    (
        "bien-hai-dao",
        "Biển và hải đảo",
        &[
            "bien va hai dao",
            "tai nguyen bien",
            "ven bien",
            "hai dao",
            "o nhiem bien",
        ],
    ),
    (
        "khi-tuong-thuy-van",
        "Khí tượng thủy văn và thiên tai",
        &[
            "khi tuong thuy van",
            "thien tai",
            "lu lut",
            "han han",
            "sat lo",
            "xam nhap man",
            "mua lu",
        ],
    ),
    (
        "danh-gia-tac-dong-moi-truong",
        "Đánh giá tác động môi trường",
        &[
            "danh gia tac dong moi truong",
            "giay phep moi truong",
            "ho so moi truong",
            "dtm",
        ],
    ),
    (
        "kinh-te-xanh",
        "Kinh tế xanh, tuần hoàn",
        &[
            "kinh te xanh",
            "kinh te tuan hoan",
            "tang truong xanh",
            "phat trien ben vung",
        ],
    ),
    (
        "nhua",
        "Rác thải nhựa",
        &[
            "rac thai nhua",
            "tui nilon",
            "tui ni lon",
            "nhua dung mot lan",
            "nhua kho phan huy",
        ],
    ),
];

/// Terms that also count for a second topic: matches are leftmost-longest, so "ô nhiễm
/// không khí" would otherwise no longer count as "ô nhiễm".
const ALSO: &[(&str, &str)] = &[
    ("o nhiem khong khi", "o-nhiem"),
    ("khong khi o nhiem", "o-nhiem"),
    ("khong khi bi o nhiem", "o-nhiem"),
];

/// Terms that count half for their topic: one passing mention is a detail, not what the text
/// is about. "Khí thải" is in dozens of the 2017 car reviews ("lượng khí thải CO2 250 g/km",
/// "đáp ứng tiêu chuẩn khí thải Euro 4"); a text about emissions names them again and again
/// ("Lộ trình khí thải Euro 4", or with "ô nhiễm không khí", which counts whole).
/// "Khói bụi" alike: an allergen in health advice ("tránh khói bụi, phấn hoa").
const HALF: &[(&str, &str)] = &[("khi thai", "khong-khi"), ("khoi bui", "khong-khi")];

/// A pattern's topics (indices in [`LEXICON`]) and its weight in halves.
struct PatternTopics {
    topics: Vec<usize>,
    halves: u32,
}

/// The lexicon's automaton and, per pattern, what it counts for.
static MATCHER: LazyLock<(AhoCorasick, Vec<PatternTopics>)> = LazyLock::new(|| {
    let index_of = |id: &str| LEXICON.iter().position(|(i, _, _)| *i == id);
    let mut patterns = Vec::new();
    let mut topic_of = Vec::new();
    for (i, (_, _, terms)) in LEXICON.iter().enumerate() {
        for t in *terms {
            patterns.push(*t);
            let also = ALSO
                .iter()
                .filter(|(term, _)| term == t)
                .filter_map(|(_, id)| index_of(id));
            topic_of.push(PatternTopics {
                topics: std::iter::once(i).chain(also).collect(),
                halves: 2,
            });
        }
    }
    for (term, id) in HALF {
        patterns.push(*term);
        topic_of.push(PatternTopics {
            topics: index_of(id).into_iter().collect(),
            halves: 1,
        });
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .expect("valid topic lexicon");
    (ac, topic_of)
});

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Topics of folded texts (title and body), heaviest first. A topic must be what the text is
/// about, not a passing word: long texts need one hit per 10,000 bytes (a code of law mentions
/// every field once).
pub fn find_topics(texts: &[&Folded]) -> Vec<Topic> {
    let len: usize = texts.iter().map(|f| f.text.len()).sum();
    let min_weight = u32::try_from(len / 10_000).unwrap_or(u32::MAX).max(1);
    let (ac, topic_of) = &*MATCHER;
    // In halves (see HALF).
    let mut weights = vec![0u32; LEXICON.len()];
    for folded in texts {
        let bytes = folded.text.as_bytes();
        for m in ac.find_iter(&folded.text) {
            let before_ok = m.start() == 0 || !is_word_byte(bytes[m.start() - 1]);
            let after_ok = m.end() == bytes.len() || !is_word_byte(bytes[m.end()]);
            if before_ok && after_ok {
                let pattern = &topic_of[m.pattern().as_usize()];
                for &topic in &pattern.topics {
                    weights[topic] += pattern.halves;
                }
            }
        }
    }
    let mut out: Vec<Topic> = weights
        .iter()
        .enumerate()
        .filter(|(_, &w)| w >= 2 * min_weight)
        .map(|(i, &w)| Topic {
            id: LEXICON[i].0.to_string(),
            label: LEXICON[i].1.to_string(),
            weight: w / 2,
        })
        .collect();
    out.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.id.cmp(&b.id)));
    out
}

/// The label of a topic id, for the web page's facet list.
pub fn topic_label(id: &str) -> Option<&'static str> {
    LEXICON
        .iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, l, _)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tone_styles_and_no_diacritics_count() {
        let a = Folded::new("Quản lý chất thải rắn; thuỷ văn; thu gom rác thải");
        let b = Folded::new("quan ly chat thai ran");
        let t = find_topics(&[&a, &b]);
        assert_eq!(t[0].id, "chat-thai");
        assert_eq!(t[0].weight, 3);
    }

    #[test]
    fn long_texts_need_more_evidence() {
        let long = Folded::new(&format!("{} chất thải", "lorem ipsum ".repeat(3000)));
        assert!(find_topics(&[&long]).is_empty());
        let many = Folded::new(&format!(
            "{} chất thải chất thải chất thải chất thải",
            "lorem ipsum ".repeat(3000)
        ));
        assert_eq!(find_topics(&[&many])[0].weight, 4);
    }

    #[test]
    fn terms_match_whole_words_only() {
        let a = Folded::new("dtmx baoton");
        assert!(find_topics(&[&a]).is_empty());
    }

    fn topic_ids(text: &str) -> Vec<String> {
        find_topics(&[&Folded::new(text)])
            .into_iter()
            .map(|t| t.id)
            .collect()
    }

    /// Real sentences of the baomoi news (2017) where "không khí" or "khí thải" is no text about
    /// air quality.
    #[test]
    fn air_in_cars_and_festivals_is_not_air_quality() {
        for s in [
            "Tiếp đến là những tính năng hiện đại khác như cảm biến đỗ xe, gương chiếu hậu chống chói, điều hòa không khí tự động, cửa gió điều hòa hàng ghế sau và gương ngoại thất gập chỉnh điện.",
            "Yamaha Sirius được trang bị động cơ phun xăng điện tử 4 thì, 2 van SOHC, làm mát bằng không khí.",
            "Dịp Tết, Bắc Ninh chủ yếu chỉ nhắc nhở, tuyên truyền người vi phạm giao thông để tạo không khí phấn khởi đầu xuân và xây dựng văn hóa giao thông Kinh Bắc.",
            "Người đẹp 28 tuổi để mặt mộc hoàn toàn, diện áo khoác đỏ rực đúng không khí ngày Tết.",
            "Triumph Bonneville 2017 đáp ứng tiêu chuẩn khí thải Euro 4 và có trọng lượng đạt mức 228 kg.",
            "Mức tiêu thụ nhiên liệu trung bình 10,5 lít/100 km. Lượng khí thải CO2 250 g/100 km.",
            "Tránh tiếp xúc với các tác nhân gây dị ứng như: khói bụi, khói thuốc lá, phấn hoa.",
            // A business plan mentioning a project once (baomoi, NT2, 2017).
            "NT2 đã hoàn thành lập báo cáo nghiên cứu khả thi dự án thu hồi và sản xuất CO2 lỏng thương mại từ khí thải nhà máy điện Nhơn Trạch 2.",
            "Động cơ xăng tạo ra công suất tối đa 85 mã lực và tiêu tốn ít nhiên liệu hơn trước, cả hai động cơ này đều đáp ứng tiêu chuẩn khí thải Euro IV.",
        ] {
            assert!(!topic_ids(s).contains(&"khong-khi".to_string()), "{s}");
        }
    }

    #[test]
    fn air_quality_needs_and_finds_its_context() {
        for s in [
            "Hà Nội ô nhiễm không khí nghiêm trọng trong những ngày đầu năm.",
            "Chất lượng không khí ở mức kém, chỉ số AQI vượt 200.",
            "Nồng độ bụi mịn PM2.5 tăng cao vào sáng sớm.",
        ] {
            assert_eq!(
                topic_ids(s).first().map(String::as_str),
                Some("khong-khi"),
                "{s}"
            );
        }
        // The emission standard as the subject, named again and again (baomoi 22443411).
        let roadmap = "Lộ trình khí thải Euro 4 - có khả thi? Bộ Giao thông Vận tải vừa có văn \
            bản yêu cầu các doanh nghiệp gửi bản cam kết tái xuất ô tô không đáp ứng tiêu chuẩn \
            khí thải mức Euro 4.";
        assert!(topic_ids(roadmap).contains(&"khong-khi".to_string()));
        // "Ô nhiễm không khí" still counts as pollution too.
        assert!(topic_ids("ô nhiễm không khí").contains(&"o-nhiem".to_string()));
    }
}
