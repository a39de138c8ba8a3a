//! The character set of a page: header, then `<meta>`, then detection.
//!
//! Vietnamese portals still serve Windows-1258 and TCVN-era pages, sometimes while the header
//! claims UTF-8. A declaration that the bytes contradict (invalid UTF-8) is not trusted;
//! chardetng (Firefox's detector, which knows Windows-1258) decides instead. The archive keeps
//! the raw bytes; this decoding feeds link extraction only.

use encoding_rs::Encoding;

/// Where the encoding of a page was learnt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    ByteOrderMark,
    Header,
    Meta,
    Detected,
}

/// A page decoded to UTF-8 with how its encoding was chosen.
#[derive(Debug, Clone)]
pub struct DecodedText {
    pub text: String,
    pub encoding: &'static Encoding,
    pub source: CharsetSource,
}

/// Decodes an HTML (or XML / plain text) body to UTF-8.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> DecodedText {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return finish(bytes, encoding, CharsetSource::ByteOrderMark);
    }
    let declared = [
        (content_type.and_then(charset_param), CharsetSource::Header),
        (meta_charset(bytes), CharsetSource::Meta),
    ];
    for (label, source) in declared {
        let Some(encoding) = label.and_then(|l| Encoding::for_label(l.as_bytes())) else {
            continue;
        };
        // UTF-16 declared in an ASCII-compatible document is always a lie (WHATWG rule).
        let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            encoding
        };
        if encoding == encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_err() {
            tracing::debug!("charset UTF-8 declared but bytes are not UTF-8; detecting");
            continue;
        }
        return finish(bytes, encoding, source);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"vn"), chardetng::Utf8Detection::Allow);
    finish(bytes, encoding, CharsetSource::Detected)
}

fn finish(bytes: &[u8], encoding: &'static Encoding, source: CharsetSource) -> DecodedText {
    let (text, _, _) = encoding.decode(bytes);
    DecodedText {
        text: text.into_owned(),
        encoding,
        source,
    }
}

/// The `charset=` parameter of a Content-Type value.
pub fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// The charset a `<meta charset>` or `<meta http-equiv="Content-Type">` declares in the first
/// 4 KiB (HTML's prescan looks at 1 KiB; portals with long inline scripts need more).
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cs) = find(tag, b"charset") {
            let rest = &tag[cs + 7..];
            let rest = rest.strip_prefix(b" ").unwrap_or(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let value: Vec<u8> = rest
                    .iter()
                    .skip_while(|b| matches!(b, b' ' | b'"' | b'\''))
                    .take_while(|b| !matches!(b, b' ' | b'"' | b'\'' | b';' | b'/' | b'>'))
                    .copied()
                    .collect();
                if !value.is_empty() {
                    return String::from_utf8(value).ok();
                }
            }
        }
        from = end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_charset_is_read_with_quotes_and_case() {
        assert_eq!(
            charset_param("text/html; Charset=\"UTF-8\"").as_deref(),
            Some("UTF-8")
        );
        assert_eq!(charset_param("text/html"), None);
    }

    #[test]
    fn meta_http_equiv_declares_windows_1258() {
        let html = "<html><head><META http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\"></head>";
        let mut bytes = html.as_bytes().to_vec();
        bytes.extend_from_slice(&[0x43, 0xF4, 0x6E, 0x67, 0x20, 0x76, 0x61, 0xCC, 0x6E]);
        let decoded = decode(&bytes, Some("text/html"));
        assert_eq!(decoded.encoding, encoding_rs::WINDOWS_1258);
        assert_eq!(decoded.source, CharsetSource::Meta);
        assert!(
            decoded.text.ends_with("Công va\u{300}n"),
            "{}",
            decoded.text
        );
    }

    #[test]
    fn utf8_declared_but_invalid_falls_back_to_detection() {
        // "Sở Tài nguyên và Môi trường" in Windows-1258, repeated so the detector has evidence.
        let sentence = b"S\xF5\xD2 Ta\xCCi nguy\xEAn va\xCC M\xF4i tr\xFD\xF5\xCCng ba\xD2o v\xEA\xF2 m\xF4i tr\xFD\xF5\xCCng. ";
        let bytes: Vec<u8> = sentence
            .iter()
            .copied()
            .cycle()
            .take(sentence.len() * 8)
            .collect();
        let decoded = decode(&bytes, Some("text/html; charset=utf-8"));
        assert_eq!(decoded.source, CharsetSource::Detected);
        assert_eq!(decoded.encoding, encoding_rs::WINDOWS_1258);
        assert!(
            decoded.text.contains("M\u{f4}i tr\u{1b0}\u{1a1}\u{300}ng"),
            "{}",
            decoded.text
        );
    }

    #[test]
    fn valid_utf8_header_is_trusted() {
        let decoded = decode("Nghị quyết".as_bytes(), Some("text/html; charset=utf-8"));
        assert_eq!(decoded.source, CharsetSource::Header);
        assert_eq!(decoded.text, "Nghị quyết");
    }
}
