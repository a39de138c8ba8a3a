//! Real vbpl.vn pages saved in ../shared/data/html/vbpl: title, number, issuer, date, kind,
//! body present, navigation gone. Skips visibly when the shared data is absent.

use std::path::PathBuf;

use chrono::NaiveDate;
use tracuu_extract::{extract_path, DateSource, Document, DocumentKind};

fn page(name: &str) -> Option<Document> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/html/vbpl")
        .join(name);
    if !path.exists() {
        println!(
            "SKIPPED: {} absent (shared data not mounted)",
            path.display()
        );
        return None;
    }
    let mut docs = extract_path(&path).expect("vbpl page extracts");
    assert_eq!(docs.len(), 1);
    Some(docs.remove(0))
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Portal navigation that must not reach the body.
fn assert_no_navigation(doc: &Document) {
    let body = doc.body();
    for nav in [
        "CSDL quốc gia về VBPL",
        "CSDL Trung ương",
        "Lược đồ",
        "Tải về",
        "Bản in",
        "VB liên quan",
        "Hiến pháp\n\nBộ luật",
    ] {
        assert!(!body.contains(nav), "navigation {nav:?} in body");
    }
    assert!(!body.contains("function "), "script text in body");
}

#[test]
fn full_text_of_the_criminal_code() {
    let Some(doc) = page("vbpl.html") else { return };
    assert_eq!(doc.title, "Bộ luật hình sự");
    assert_eq!(doc.number.as_deref(), Some("100/2015/QH13"));
    assert_eq!(doc.issuer.as_deref(), Some("Quốc hội"));
    assert_eq!(doc.kind, DocumentKind::LegalText);
    let date = doc.published.as_ref().unwrap();
    assert_eq!(date.date, ymd(2015, 11, 27));
    assert_eq!(date.source, DateSource::Attribute);
    assert_eq!(doc.validity.as_deref(), Some("Hết hiệu lực một phần"));
    assert_eq!(doc.effective_date, Some(ymd(2018, 1, 1)));
    assert_eq!(doc.site.as_deref(), Some("vbpl.vn"));
    // The preamble and the articles are content.
    let body = doc.body();
    assert!(body.contains("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"));
    assert!(body.contains("Điều 1. Nhiệm vụ của Bộ luật hình sự"));
    assert!(doc.paragraphs.len() > 1000, "{}", doc.paragraphs.len());
    assert_no_navigation(&doc);
}

#[test]
fn full_text_of_the_constitution() {
    let Some(doc) = page("vbpl_v1.html") else {
        return;
    };
    assert!(doc.title.starts_with("Hiến pháp"), "{}", doc.title);
    assert_eq!(doc.number, None, "Hiến pháp has no number (Không số)");
    assert_eq!(doc.issuer.as_deref(), Some("Quốc hội"));
    assert_eq!(doc.published.as_ref().unwrap().date, ymd(2013, 11, 28));
    assert!(doc.body().contains("Trải qua mấy nghìn năm lịch sử"));
    assert_no_navigation(&doc);
}

#[test]
fn attribute_page_of_the_criminal_procedure_code() {
    let Some(doc) = page("vbpl_thuoctinh.html") else {
        return;
    };
    assert_eq!(doc.title, "Bộ luật Tố tụng hình sự");
    assert_eq!(doc.number.as_deref(), Some("101/2015/QH13"));
    assert_eq!(doc.issuer.as_deref(), Some("Quốc hội"));
    assert_eq!(doc.kind, DocumentKind::LegalText);
    assert_eq!(doc.published.as_ref().unwrap().date, ymd(2015, 11, 27));
    assert_eq!(doc.validity.as_deref(), Some("Còn hiệu lực"));
    assert!(doc
        .paragraphs
        .iter()
        .any(|p| p == "Số ký hiệu: 101/2015/QH13"));
    assert_no_navigation(&doc);
}

#[test]
fn attribute_page_of_a_consolidated_text() {
    let Some(doc) = page("vbpl_v2.html") else {
        return;
    };
    assert_eq!(doc.title, "Văn bản hợp nhất Luật Xử lý vi phạm hành chính");
    assert_eq!(doc.number.as_deref(), Some("31/VBHN-VPQH"));
    assert_eq!(doc.issuer.as_deref(), Some("Văn phòng Quốc hội"));
    assert_eq!(doc.published.as_ref().unwrap().date, ymd(2020, 12, 7));
    assert!(!doc.paragraphs.is_empty());
    assert_no_navigation(&doc);
}
