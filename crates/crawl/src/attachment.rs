//! Text of linked document files (văn bản đính kèm): PDF through pdf-extract, DOCX by reading
//! `word/document.xml` from its zip, legacy DOC (Word 97-2003, OLE2) through [`doc`].

mod doc;

use std::io::Read;

use quick_xml::events::Event;
use quick_xml::Reader;

/// The document formats recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentFormat {
    Pdf,
    Docx,
    Doc,
}

impl AttachmentFormat {
    pub fn name(self) -> &'static str {
        match self {
            AttachmentFormat::Pdf => "pdf",
            AttachmentFormat::Docx => "docx",
            AttachmentFormat::Doc => "doc",
        }
    }
}

/// Why no text came out of an attachment.
#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    #[error("PDF không đọc được: {0}")]
    Pdf(String),
    #[error("DOCX không đọc được: {0}")]
    Docx(String),
    #[error("DOC (Word 97-2003) không đọc được: {0}")]
    Doc(#[from] doc::DocError),
}

/// Recognises a document by its first bytes, then by Content-Type.
pub fn detect(bytes: &[u8], content_type: Option<&str>) -> Option<AttachmentFormat> {
    if bytes.starts_with(b"%PDF-") {
        return Some(AttachmentFormat::Pdf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(AttachmentFormat::Doc);
    }
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if bytes.starts_with(b"PK\x03\x04") && (ct.contains("wordprocessingml") || is_docx_zip(bytes)) {
        return Some(AttachmentFormat::Docx);
    }
    None
}

fn is_docx_zip(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map(|z| z.index_for_name("word/document.xml").is_some())
        .unwrap_or(false)
}

/// The plain text of an attachment.
pub fn extract_text(bytes: &[u8], format: AttachmentFormat) -> Result<String, AttachmentError> {
    match format {
        AttachmentFormat::Pdf => pdf_text(bytes),
        AttachmentFormat::Docx => docx_text(bytes),
        AttachmentFormat::Doc => Ok(doc::doc_text(bytes)?),
    }
}

fn pdf_text(bytes: &[u8]) -> Result<String, AttachmentError> {
    // pdf-extract panics on some malformed files; a bad attachment must not stop the crawl.
    let owned = bytes.to_vec();
    match std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&owned)) {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => Err(AttachmentError::Pdf(e.to_string())),
        Err(_) => Err(AttachmentError::Pdf("trình đọc PDF gặp lỗi nội bộ".into())),
    }
}

fn docx_text(bytes: &[u8]) -> Result<String, AttachmentError> {
    let err = |e: &dyn std::fmt::Display| AttachmentError::Docx(e.to_string());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| err(&e))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|e| err(&e))?
        // A zip bomb must not eat the memory: 64 MB of XML is far beyond any real document.
        .take(64 * 1024 * 1024)
        .read_to_string(&mut xml)
        .map_err(|e| err(&e))?;
    let mut reader = Reader::from_str(&xml);
    let mut text = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "t" => in_text = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == "t" => in_text = false,
            Ok(Event::End(e)) if e.local_name().as_ref() == "p" => text.push('\n'),
            Ok(Event::Empty(e)) if e.local_name().as_ref() == "tab" => text.push('\t'),
            Ok(Event::Empty(e)) if e.local_name().as_ref() == "br" => text.push('\n'),
            Ok(Event::Text(t)) if in_text => text.push_str(&t.html_content()),
            Ok(Event::GeneralRef(r)) if in_text => crate::links::push_entity(&mut text, &r),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(err(&e)),
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn docx_paragraphs_come_out_in_order_with_vietnamese_intact() {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            zip.start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            zip.write_all(
                r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Chỉ thị số 05/CT-UBND</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">về bảo vệ môi trường &amp; tài nguyên</w:t></w:r></w:p></w:body></w:document>"#.as_bytes(),
            )
            .unwrap();
            zip.finish().unwrap();
        }
        let bytes = buf.into_inner();
        assert_eq!(detect(&bytes, None), Some(AttachmentFormat::Docx));
        let text = extract_text(&bytes, AttachmentFormat::Docx).unwrap();
        assert_eq!(
            text,
            "Chỉ thị số 05/CT-UBND\nvề bảo vệ môi trường & tài nguyên\n"
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(extract_text(b"%PDF-1.4 garbage", AttachmentFormat::Pdf).is_err());
        assert!(extract_text(b"PK\x03\x04 nope", AttachmentFormat::Docx).is_err());
        assert!(matches!(
            extract_text(
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
                AttachmentFormat::Doc
            ),
            Err(AttachmentError::Doc(_))
        ));
        assert_eq!(detect(b"<html>", Some("text/html")), None);
    }
}
