//! A real Pháp điển page (read from the shared tar.xz): articles kept, the citation notes
//! "(Điều 1 Luật số 08/2007/QH12 ...)" kept in the body (they are all link text, and facts reads
//! them), kind legal text, title from the heading.

use std::io::Read;
use std::path::PathBuf;

use tracuu_extract::{extract_html, DocumentKind};

#[test]
fn phapdien_page_keeps_articles_and_citation_notes() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/corpora/phapdien_demuc_html/phapdien_demuc_html.tar.xz");
    if !path.exists() {
        println!(
            "SKIPPED: {} absent (shared data not mounted)",
            path.display()
        );
        return;
    }
    let wanted = "demuc/e8e1515c-249d-4a9b-af30-ac0d8a3aac7d.html";
    let mut archive = tar::Archive::new(xz2::read::XzDecoder::new(
        std::fs::File::open(&path).unwrap(),
    ));
    let mut page = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        if entry.path().unwrap().to_str() == Some(wanted) {
            entry.read_to_end(&mut page).unwrap();
            break;
        }
    }
    assert!(!page.is_empty(), "{wanted} not in the archive");
    let doc = extract_html(&page, None, None).unwrap();
    assert_eq!(doc.title, "Đề mục 40.1 Tương trợ tư pháp");
    assert_eq!(doc.kind, DocumentKind::LegalText);
    assert!(doc
        .paragraphs
        .iter()
        .any(|p| p == "Điều 40.1.LQ.1. Phạm vi điều chỉnh"));
    assert!(doc.paragraphs.iter().any(|p| p.starts_with(
        "(Điều 1 Luật số 08/2007/QH12 Tương trợ tư pháp ngày 21/11/2007 của Quốc hội"
    )));
    assert!(doc
        .paragraphs
        .iter()
        .any(|p| p.starts_with("(Điều này có nội dung liên quan đến Điều 40.1.")));
    assert!(!doc.dropped.iter().any(|d| d.text.contains("QH12")));
}
