//! Bad input never panics: a clear error, or a best-effort document with a warning, never a
//! silent empty body.

use std::io::Write;

use tracuu_extract::{extract_html, extract_path, ExtractError};

const PARAGRAPH: &str = "Ủy ban nhân dân tỉnh yêu cầu các sở, ngành tăng cường kiểm tra, giám sát các cơ sở có nguy cơ gây ô nhiễm môi trường.";

#[test]
fn broken_html_gives_best_effort_text() {
    let page = format!(
        "<html><head><title>Tin môi trường</title><body><div class=content><p>{PARAGRAPH}<p>Đoạn thứ hai <b>không đóng <i>thẻ, vẫn là nội dung của bài viết</div></span></table><p>{PARAGRAPH}"
    );
    let doc = extract_html(page.as_bytes(), None, None).expect("best effort");
    assert!(doc.body().contains(PARAGRAPH));
    assert!(doc.body().contains("Đoạn thứ hai không đóng thẻ"));
}

#[test]
fn tags_nested_100000_deep_do_not_overflow_or_hang() {
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(100_000));
    page.push_str(PARAGRAPH);
    page.push_str(&"</div>".repeat(100_000));
    // Run on a thread with a small stack: a recursive walk would overflow it.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || extract_html(page.as_bytes(), None, None))
        .unwrap();
    let doc = handle
        .join()
        .expect("no panic, no stack overflow")
        .expect("a document");
    assert!(doc.body().contains(PARAGRAPH));
    assert!(doc.warnings.iter().any(|w| w.contains("nested deeper")));
}

#[test]
fn a_50_mb_page_is_cut_with_a_warning() {
    let mut page = String::from("<html><head><title>Trang rất lớn</title></head><body>");
    let block = format!("<p>{PARAGRAPH}</p>\n");
    while page.len() < 50 * 1024 * 1024 {
        page.push_str(&block);
    }
    let doc = extract_html(page.as_bytes(), None, None).expect("best effort");
    assert!(
        doc.warnings.iter().any(|w| w.contains("cut")),
        "{:?}",
        doc.warnings
    );
    assert!(doc.paragraphs.len() > 1000);
}

#[test]
fn declared_utf8_but_windows_1258() {
    let text = "Bảo vệ môi trường là trách nhiệm của toàn dân, các sở, ngành phải tăng cường kiểm tra giám sát.";
    let mut page =
        b"<html><head><meta charset=\"utf-8\"><title>Tin</title></head><body><p>".to_vec();
    page.extend(tracuu_extract::charset::encode_windows_1258(text).unwrap());
    page.extend_from_slice(b"</p></body></html>");
    assert!(std::str::from_utf8(&page).is_err(), "fixture is not UTF-8");
    let doc = extract_html(&page, None, None).expect("decoded");
    let body = doc.body();
    assert!(
        body.contains(&tracuu_text::normalize(
            "Bảo vệ môi trường là trách nhiệm của toàn dân"
        )),
        "{body}"
    );
    assert!(
        doc.warnings.iter().any(|w| w.contains("declares UTF-8")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn binary_garbage_is_a_clear_error() {
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let bytes: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    assert!(matches!(
        extract_html(&bytes, None, None),
        Err(ExtractError::Unsupported { .. })
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.txt");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(&bytes)
        .unwrap();
    let err = extract_path(&path).unwrap_err();
    assert!(err.to_string().contains("binary"), "{err}");
}

#[test]
fn empty_pages_are_errors_not_empty_documents() {
    assert!(matches!(
        extract_html(b"", None, None),
        Err(ExtractError::Empty { .. })
    ));
    assert!(matches!(
        extract_html(b"   \n ", None, None),
        Err(ExtractError::Empty { .. })
    ));
    assert!(matches!(
        extract_html(
            b"<html><head><script>var a = 1;</script></head><body></body></html>",
            None,
            None
        ),
        Err(ExtractError::Empty { .. })
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.txt");
    std::fs::write(&path, "").unwrap();
    assert!(matches!(
        extract_path(&path),
        Err(ExtractError::Empty { .. })
    ));
    let missing = dir.path().join("missing.html");
    assert!(matches!(
        extract_path(&missing),
        Err(ExtractError::Io { .. })
    ));
}

#[test]
fn a_page_with_only_a_title_warns_instead_of_a_silent_empty_body() {
    let doc = extract_html(
        b"<html><head><title>Ch\xe1\xbb\x89 c\xc3\xb3 ti\xc3\xaau \xc4\x91\xe1\xbb\x81</title></head><body></body></html>",
        None,
        None,
    )
    .expect("title only");
    assert!(doc.paragraphs.is_empty());
    assert!(
        doc.warnings.iter().any(|w| w.contains("no body text")),
        "{:?}",
        doc.warnings
    );
}
