//! Turning page bytes into Unicode text.
//!
//! Order of trust: a byte-order mark; then valid UTF-8 (a page that *is* valid UTF-8 with
//! non-ASCII text is UTF-8 whatever it declares, and a page that declares UTF-8 but is not valid
//! UTF-8 is lying: old portals serve Windows-1258 under a UTF-8 header); then the HTTP
//! `Content-Type` charset; then `<meta charset>`; then chardetng's guess. Windows-1258 decodes
//! to base letters plus combining tone marks, so every text kept goes through
//! `tracuu_text::normalize` (NFC) downstream. Finally TCVN3/VNI text is recognised and converted.

use std::sync::LazyLock;

use encoding_rs::Encoding;
use regex::bytes::Regex;

use crate::legacy;

/// A decoded page.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Unicode text, NOT yet normalised: callers normalise the text they keep (for HTML, the
    /// extracted blocks rather than the whole markup, which costs a fifth of extraction time).
    pub text: String,
    /// The encoding used ("UTF-8", "windows-1258", "TCVN3 (ABC)", ...).
    pub encoding: String,
    pub warnings: Vec<String>,
}

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#).expect("valid regex")
});

/// The charset named in a `Content-Type` value ("text/html; charset=windows-1258").
pub fn charset_of_content_type(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let name = lower[at + 8..]
        .trim_start_matches(['"', '\''])
        .split(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .next()?;
    Encoding::for_label(name.as_bytes())
}

/// The charset a page declares in its first bytes (`<meta charset>` or `http-equiv`).
pub fn declared_in_html(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let caps = META_CHARSET.captures(head)?;
    Encoding::for_label(caps.get(1)?.as_bytes())
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // ".vn" pages: tells chardetng to favour windows-1258 among close candidates.
    detector.guess(Some(b"vn"), chardetng::Utf8Detection::Deny)
}

/// Decodes page bytes. `content_type` is the HTTP header when known; `html` says whether to
/// look for `<meta charset>`.
pub fn decode(bytes: &[u8], content_type: Option<&str>, html: bool) -> Decoded {
    let mut warnings = Vec::new();
    let declared = content_type.and_then(charset_of_content_type).or_else(|| {
        if html {
            declared_in_html(bytes)
        } else {
            None
        }
    });

    let (encoding, text): (&'static Encoding, String) =
        if let Some((bom, _)) = Encoding::for_bom(bytes) {
            let (text, _) = bom.decode_with_bom_removal(bytes);
            (bom, text.into_owned())
        } else if let Ok(text) = std::str::from_utf8(bytes) {
            if let Some(d) = declared {
                if d != encoding_rs::UTF_8 && !text.is_ascii() {
                    warnings.push(format!(
                        "page declares {} but is valid UTF-8: decoded as UTF-8",
                        d.name()
                    ));
                }
            }
            (encoding_rs::UTF_8, text.to_owned())
        } else {
            let chosen = match declared {
                Some(d) if d != encoding_rs::UTF_8 => d,
                Some(_) => {
                    let g = guess(bytes);
                    warnings.push(format!(
                        "page declares UTF-8 but is not valid UTF-8: decoded as {} (detected)",
                        g.name()
                    ));
                    g
                }
                None => {
                    let g = guess(bytes);
                    warnings.push(format!(
                        "no charset declared: decoded as {} (detected)",
                        g.name()
                    ));
                    g
                }
            };
            let (text, _, had_errors) = chosen.decode(bytes);
            if had_errors {
                warnings.push(format!(
                    "bytes not valid in {}: replaced with U+FFFD",
                    chosen.name()
                ));
            }
            (chosen, text.into_owned())
        };

    // Legacy detection runs before normalisation: TCVN3 puts ư on U+00AD (soft hyphen), which
    // normalisation would strip as an invisible character.
    let mut name = encoding.name().to_string();
    let mut text = text;
    if let Some(kind) = legacy::detect(&text) {
        text = legacy::convert(&text, kind);
        warnings.push(format!(
            "text typed in the legacy {} font encoding: converted to Unicode (capitals of an uppercase font may come out lowercase)",
            kind.name()
        ));
        name = kind.name().to_string();
    }
    Decoded {
        text,
        encoding: name,
        warnings,
    }
}

/// Windows-1258 bytes of a text, `None` when a character has no place in it. Windows-1258 has
/// precomposed â ê ô ơ ư ă đ but tone marks only as combining characters, so tones are split
/// off before encoding (encoding_rs does not decompose). For test fixtures and tools.
pub fn encode_windows_1258(text: &str) -> Option<Vec<u8>> {
    use unicode_normalization::UnicodeNormalization;
    let mut staged = String::new();
    let mut tones = String::new();
    let mut base = String::new();
    let flush = |base: &mut String, tones: &mut String, staged: &mut String| {
        staged.extend(base.nfc());
        staged.push_str(tones);
        base.clear();
        tones.clear();
    };
    for c in text.nfd() {
        match c {
            '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => tones.push(c),
            '\u{302}' | '\u{306}' | '\u{31B}' => base.push(c),
            _ => {
                flush(&mut base, &mut tones, &mut staged);
                base.push(c);
            }
        }
    }
    flush(&mut base, &mut tones, &mut staged);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&staged);
    (!unmappable).then(|| bytes.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_charset_parsing() {
        assert_eq!(
            charset_of_content_type("text/html; charset=windows-1258"),
            Some(encoding_rs::WINDOWS_1258)
        );
        assert_eq!(
            charset_of_content_type("text/html;charset=\"UTF-8\""),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(charset_of_content_type("text/html"), None);
    }

    #[test]
    fn windows_1258_declared_utf8_decodes_right() {
        let text = "Bảo vệ môi trường là trách nhiệm của toàn dân. Ủy ban nhân dân tỉnh Lạng Sơn chỉ đạo các sở, ngành tăng cường quản lý tài nguyên nước.";
        let bytes = encode_windows_1258(text).unwrap();
        let mut page = b"<html><head><meta charset=\"utf-8\"></head><body><p>".to_vec();
        page.extend_from_slice(&bytes);
        page.extend_from_slice(b"</p></body></html>");
        let d = decode(&page, None, true);
        assert!(
            tracuu_text::normalize(&d.text).contains(&tracuu_text::normalize(text)),
            "{}",
            d.text
        );
        assert_eq!(d.encoding, "windows-1258");
        assert!(d.warnings.iter().any(|w| w.contains("declares UTF-8")));
    }

    #[test]
    fn meta_declared_windows_1258_is_used() {
        let text = "Sở Tài nguyên và Môi trường đã tổ chức ký kết chương trình phối hợp bảo vệ tài nguyên.";
        let bytes = encode_windows_1258(text).unwrap();
        let mut page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\"><p>"
                .to_vec();
        page.extend_from_slice(&bytes);
        let d = decode(&page, None, true);
        assert_eq!(d.encoding, "windows-1258");
        assert!(tracuu_text::normalize(&d.text).contains(&tracuu_text::normalize(text)));
    }

    #[test]
    fn tcvn3_page_is_converted() {
        // A TCVN3 page as it was served: bytes of the .VnTime font, labelled windows-1252.
        let tcvn = "<p>C¸c c¬ quan ®\u{AD}îc giao nhiÖm vô b¶o vÖ m«i tr\u{AD}êng n¨m 2020 vµ tæng kÕt kÕt qu¶.</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(tcvn);
        let d = decode(&bytes, Some("text/html; charset=windows-1252"), true);
        assert!(
            d.text.contains(&tracuu_text::normalize(
                "Các cơ quan được giao nhiệm vụ bảo vệ môi trường năm 2020"
            )),
            "{}",
            d.text
        );
        assert_eq!(d.encoding, "TCVN3 (ABC)");
    }
}
