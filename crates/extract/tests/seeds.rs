//! The five seed pages: every boilerplate line gone, every content paragraph kept, title, date,
//! author and captions right.

use std::path::PathBuf;

use chrono::NaiveDate;
use tracuu_extract::{extract_path, DateSource, Document};

fn seed(prefix: &str) -> Document {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    let path = std::fs::read_dir(&dir)
        .expect("corpus/seeds exists in the repo")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("seed {prefix} missing"));
    let mut docs = extract_path(&path).expect("seed extracts");
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

/// Expected strings go through the same normalisation as the document.
fn n(text: &str) -> String {
    tracuu_text::normalize(text)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// No paragraph equals or contains a line that is debris.
fn assert_gone(doc: &Document, debris: &[&str]) {
    let body = doc.body();
    for line in debris {
        let line = n(line);
        assert!(
            !doc.paragraphs.iter().any(|p| p.trim() == line.trim()),
            "debris kept as a paragraph: {line:?}"
        );
        if line.chars().count() > 3 {
            assert!(!body.contains(&line), "debris inside the body: {line:?}");
        }
        assert!(
            !doc.captions.contains(&line),
            "debris taken as caption: {line:?}"
        );
    }
}

fn assert_kept(doc: &Document, starts: &[&str]) {
    for s in starts {
        let s = n(s);
        assert!(
            doc.paragraphs.iter().any(|p| p.starts_with(&s)),
            "content paragraph missing: {s:?}\nparagraphs: {:#?}",
            doc.paragraphs
        );
    }
}

fn assert_dropped_with_reason(doc: &Document, text: &str, reason: &str) {
    let text = n(text);
    assert!(
        doc.dropped
            .iter()
            .any(|d| d.text == text && d.reason == reason),
        "{text:?} not dropped as {reason}: {:#?}",
        doc.dropped
    );
}

#[test]
fn seed_000_banner_caption_and_date_from_the_lead() {
    let doc = seed("000_");
    assert_eq!(
        doc.title,
        n("UBND tỉnh chỉ đạo triển khai thực hiện công tác bảo đảm an ninh môi trường trong phát triển kinh tế - xã hội")
    );
    assert_dropped_with_reason(&doc, "Nhảy đến nội dung", "skip_link");
    assert_dropped_with_reason(
        &doc,
        "Quyết tâm thực hiện thắng lợi Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Lạng Sơn lần thứ XVII, nhiệm kỳ 2020 - 2025",
        "banner",
    );
    assert_eq!(doc.captions, vec![n("Ảnh minh họa. Nguồn: baolangson")]);
    assert_kept(
        &doc,
        &[
            "UBND tỉnh chỉ đạo triển khai thực hiện công tác bảo đảm an ninh môi trường trong phát triển kinh tế - xã hội (Công văn số 1414/UBND-KT, ngày 24/11/2022).",
            "Các sở, ban, ngành, UBND các huyện, thành phố đẩy mạnh",
            "Sở Tài nguyên và Môi trường tăng cường quản lý",
            "UBND các huyện, thành phố chú trọng công tác xây dựng",
        ],
    );
    assert_eq!(doc.paragraphs.len(), 4);
    assert_eq!(doc.author.as_deref(), Some("Bích Diệp"));
    let date = doc.published.as_ref().expect("date from the lead");
    assert_eq!(date.date, ymd(2022, 11, 24));
    assert_eq!(date.source, DateSource::BodyText);
}

#[test]
fn seed_001_without_title_line_gets_a_derived_title_and_a_warning() {
    let doc = seed("001_");
    assert!(
        doc.title
            .starts_with(&n("UBND tỉnh Lạng Sơn yêu cầu Sở TN&MT tăng cường")),
        "{}",
        doc.title
    );
    assert!(doc.title.chars().count() <= 101);
    assert!(doc.warnings.iter().any(|w| w.contains("title derived")));
    // Every line of this seed is content.
    assert_eq!(doc.paragraphs.len(), 11);
    assert!(doc.paragraphs[0].starts_with(&n("Theo đó, UBND tỉnh Lạng Sơn")));
    assert!(doc.dropped.is_empty(), "{:#?}", doc.dropped);
    assert!(doc.published.is_none());
    assert!(doc.author.is_none());
}

#[test]
fn seed_002_dateline_byline_and_punctuation_debris() {
    let doc = seed("002_");
    assert_eq!(
        doc.title,
        n("Ký kết chương trình phối hợp bảo vệ tài nguyên môi trường")
    );
    let date = doc.published.as_ref().unwrap();
    assert_eq!(date.date, ymd(2019, 3, 3));
    assert_eq!(date.source, DateSource::Dateline);
    assert_eq!(
        date.time.unwrap().format("%H:%M").to_string(),
        "19:34",
        "time of the dateline"
    );
    assert_eq!(doc.author.as_deref(), Some(n("Thanh Thúy").as_str()));
    assert_gone(
        &doc,
        &[",", ".", "Cập nhật lúc19:34, Chủ Nhật, 03/03/2019 (GMT+7)"],
    );
    assert_eq!(
        doc.dropped
            .iter()
            .filter(|d| d.reason == "punctuation")
            .count(),
        7
    );
    assert_kept(
        &doc,
        &[
            "Ngày 1-3, Sở Tài nguyên và Môi trường đã tổ chức ký kết",
            "Thực hiện Nghị quyết liên tịch",
            "Năm 2019, Sở Tài nguyên và Môi trường",
        ],
    );
    assert_eq!(doc.paragraphs.len(), 3);
    assert!(doc.captions.is_empty());
}

#[test]
fn seed_003_portal_header_footer_and_captions_between_blank_lines() {
    let doc = seed("003_");
    assert_eq!(
        doc.title,
        n("Tăng cường hiệu lực, hiệu quả công tác quản lý nhà nước về bảo vệ môi trường, quản lý tài nguyên")
    );
    let date = doc.published.as_ref().unwrap();
    assert_eq!(date.date, ymd(2020, 12, 2));
    assert_eq!(date.source, DateSource::Dateline);
    assert_eq!(doc.author.as_deref(), Some(n("Hoàng Tùng").as_str()));
    assert_eq!(doc.site.as_deref(), Some("haiphong.gov.vn"));
    assert_gone(
        &doc,
        &[
            "Cổng thông tin điện tử",
            "Thành phố Hải Phòng",
            "Thời gian: 02/12/2020 10:16",
            "Các tin cũ hơn",
            "Cổng thông tin điện tử thành phố Hải Phòng",
            "Cơ quan quản lý: Văn phòng Ủy ban nhân dân thành phố Hải Phòng",
            "Trưởng Ban biên tập: Chánh Văn phòng Nguyễn Ngọc Tú",
            "Địa chỉ: Số 18 Hoàng Diệu, Minh Khai, Hồng Bàng, Hải Phòng",
            "Liên hệ",
            "Cơ quan thường trực: Trung tâm Thông tin - Tin học, Văn phòng UBND thành phố",
            "Điện thoại: 0225.3821.055",
            "Fax: 0225.3747.352",
            "Email: congthongtindientu@haiphong.gov.vn",
            "Sơ đồ cổng - RSS",
        ],
    );
    assert!(!doc.body().contains(&n("báo cáo tại cuộc làm việc")));
    assert_eq!(
        doc.captions,
        vec![
            n("Lãnh đạo Sở Tài nguyên và Môi trường báo cáo tại cuộc làm việc"),
            n("Đồng chí Đào Khánh Hà, Trưởng Ban Tuyên giáo Thành ủy phát biểu tại cuộc làm việc"),
        ]
    );
    assert_kept(
        &doc,
        &[
            "(Haiphong.gov.vn) - Chiều 2/12, Đoàn Kiểm tra",
            "Để tăng cường lãnh đạo, chỉ đạo",
            "Sở đã tích cực thông tin tuyên truyền",
            "Bên cạnh đó, Sở cũng đặc biệt quan tâm",
            "Tại cuộc làm việc, Đảng ủy Sở",
            "Qua nghe báo cáo và ý kiến các đại biểu",
            "Về nhiệm vụ trong thời gian tới",
            "Bên cạnh đó, tăng cường kiểm tra, giám sát",
            "Trên cơ sở các ý kiến của Đoàn kiểm tra",
        ],
    );
    assert_eq!(doc.paragraphs.len(), 9);
    for reason in ["portal_header", "dateline", "navigation", "contact"] {
        assert!(doc.dropped.iter().any(|d| d.reason == reason), "{reason}");
    }
}

#[test]
fn seed_004_skip_link_image_numbers_captions_and_broken_number() {
    let doc = seed("004_");
    assert_eq!(
        doc.title,
        n("Thành phố Lạng Sơn tích cực đưa nghị quyết của Đảng vào cuộc sống")
    );
    assert_eq!(
        doc.author.as_deref(),
        Some(n("Hà Hằng, Ban Dân vận Thành uỷ Lạng Sơn").as_str())
    );
    assert_gone(&doc, &["Skip to main content", "About", "5", "3", "4", "6"]);
    assert_eq!(
        doc.dropped
            .iter()
            .filter(|d| d.reason == "image_number")
            .count(),
        5
    );
    let body = doc.body();
    assert!(body.contains("6 tháng đầu năm 2023 đã thực hiện thanh toán"));
    assert!(!body.contains("năm 202\n"));
    assert_eq!(doc.captions.len(), 3, "{:#?}", doc.captions);
    assert!(doc.captions[0].starts_with(&n("Đồng chí Đặng Quốc Minh")));
    assert!(doc.captions[1].starts_with(&n("Đại biểu lãnh đạo Thành uỷ")));
    assert!(doc.captions[2].starts_with(&n("Các “Ngôi nhà xanh” được đưa vào sử dụng")));
    assert!(!body.contains(&n("Đồng chí Đặng Quốc Minh")));
    assert_kept(
        &doc,
        &[
            "Qua 3 năm triển khai thực hiện Nghị quyết số 98-NQ/TU",
            "100% cấp uỷ, tổ chức đảng",
            "Hiện nay, 8/8 phường, xã",
            "Để tiếp tục đưa Nghị quyết số 98-NQ/TU",
            "Trong thời gian tới, thành phố Lạng Sơn",
        ],
    );
    assert_eq!(doc.paragraphs.len(), 5);
    // The page states no date: "từ ngày 13 đến 23/10/2023" in its fourth paragraph is an
    // event, and a body's dates (history too) date nothing.
    assert_eq!(doc.published, None);
}

#[test]
fn seed_ids_are_stable_and_distinct() {
    let a = seed("000_");
    let b = seed("000_");
    assert_eq!(a.id, b.id);
    let ids: std::collections::HashSet<String> = ["000_", "001_", "002_", "003_", "004_"]
        .iter()
        .map(|p| seed(p).id)
        .collect();
    assert_eq!(ids.len(), 5);
}

#[test]
fn seeds_000_and_001_are_one_story_and_the_others_are_not() {
    let docs: Vec<Document> = ["000_", "001_", "002_", "003_", "004_"]
        .iter()
        .map(|p| seed(p))
        .collect();
    let refs: Vec<&Document> = docs.iter().collect();
    let ids = tracuu_extract::cluster_documents(&refs);
    assert_eq!(ids[0], ids[1], "000 and 001 report the same directive");
    for i in 2..5 {
        assert_ne!(ids[i], ids[0], "seed {i} merged with 000");
        for j in (i + 1)..5 {
            assert_ne!(ids[i], ids[j], "seeds {i} and {j} merged");
        }
    }
    // Whole-body SimHash alone does not see it (the reason for containment).
    assert!(tracuu_extract::simhash::distance(docs[0].fingerprint, docs[1].fingerprint) > 6);
}
