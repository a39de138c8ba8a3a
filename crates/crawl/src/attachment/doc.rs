//! Text of legacy Word 97-2003 files (`.doc`, [MS-DOC]): many portals still attach their
//! directives this way.
//!
//! Hand-written on top of the `cfb` crate (which reads the OLE2 compound file) because no
//! well-kept pure-Rust `.doc` text reader exists: `rwml` and `extend-docx` are single 0.1
//! releases, and `kreuzberg` pulls a whole document-intelligence stack for this one job. Only
//! the part needed for plain text is read: the FIB at the start of the `WordDocument` stream
//! gives the table stream (`0Table` or `1Table`) and the CLX in it, whose piece table maps the
//! text to runs of either 8-bit cp1252 or UTF-16LE bytes in `WordDocument`. Vietnamese text
//! is always in UTF-16 pieces. When the piece table cannot be read, the `WordDocument` stream
//! is scanned for UTF-16LE runs instead (best effort, with a warning), so a damaged file still
//! yields searchable words.

use std::io::{Cursor, Read};

use unicode_normalization::UnicodeNormalization;

/// `wIdent` of a Word 97+ FIB.
const WORD_IDENT: u16 = 0xA5EC;
/// Index of the `fcClx`/`lcbClx` pair in `FibRgFcLcb97`.
const CLX_PAIR: usize = 33;
/// No real document stream comes near this; it bounds memory on hostile files.
const MAX_STREAM: u64 = 64 * 1024 * 1024;
/// Shortest UTF-16 run kept by the fallback scan: shorter runs are mostly binary noise.
const MIN_RUN_CHARS: usize = 4;

/// Why a `.doc` gave no text.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("không phải tệp OLE2: {0}")]
    Container(String),
    #[error("thiếu luồng {0}")]
    MissingStream(&'static str),
    #[error("tệp DOC được mã hoá")]
    Encrypted,
    #[error("không tìm thấy văn bản")]
    NoText,
}

/// Why the piece table could not be used (leads to the fallback scan).
#[derive(Debug)]
struct PieceTableError(&'static str);

/// The plain text of a `.doc`, NFC-normalised.
pub fn doc_text(bytes: &[u8]) -> Result<String, DocError> {
    // `cfb` validates headers and sector chains, but a crawl must survive any bytes a server
    // sends, so a panic deep in a parser is turned into an error too.
    let owned = bytes.to_vec();
    let streams = std::panic::catch_unwind(move || read_streams(owned))
        .map_err(|_| DocError::Container("trình đọc OLE2 gặp lỗi nội bộ".into()))??;
    let text = match piece_text(&streams.word, streams.table.as_deref()) {
        Ok(text) => text,
        Err(PieceTableError(why)) => {
            tracing::warn!("bảng mảnh của tệp DOC không đọc được ({why}); quét văn bản UTF-16");
            scan_utf16(&streams.word)
        }
    };
    if text.trim().is_empty() {
        return Err(DocError::NoText);
    }
    Ok(text.nfc().collect())
}

/// The two streams text extraction needs.
struct Streams {
    word: Vec<u8>,
    /// `None` when the FIB is unreadable or names a table stream that is absent.
    table: Option<Vec<u8>>,
}

fn read_streams(bytes: Vec<u8>) -> Result<Streams, DocError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| DocError::Container(e.to_string()))?;
    let word =
        read_stream(&mut file, "/WordDocument").ok_or(DocError::MissingStream("WordDocument"))?;
    let flags = u16_at(&word, 0x0A);
    if u16_at(&word, 0) == Some(WORD_IDENT) && flags.is_some_and(|f| f & 0x0100 != 0) {
        return Err(DocError::Encrypted);
    }
    let table_name = match flags {
        Some(f) if f & 0x0200 != 0 => "/1Table",
        _ => "/0Table",
    };
    let table = read_stream(&mut file, table_name);
    Ok(Streams { word, table })
}

fn read_stream<F: Read + std::io::Seek>(
    file: &mut cfb::CompoundFile<F>,
    path: &str,
) -> Option<Vec<u8>> {
    let stream = file.open_stream(path).ok()?;
    let mut data = Vec::new();
    stream.take(MAX_STREAM).read_to_end(&mut data).ok()?;
    Some(data)
}

/// Text through the FIB and the piece table.
fn piece_text(word: &[u8], table: Option<&[u8]>) -> Result<String, PieceTableError> {
    if u16_at(word, 0) != Some(WORD_IDENT) {
        return Err(PieceTableError("FIB không hợp lệ"));
    }
    let table = table.ok_or(PieceTableError("thiếu luồng bảng"))?;
    let (fc_clx, lcb_clx) = clx_location(word).ok_or(PieceTableError("FIB bị cắt ngắn"))?;
    let clx = table
        .get(fc_clx..fc_clx.saturating_add(lcb_clx))
        .ok_or(PieceTableError("CLX nằm ngoài luồng bảng"))?;
    let pieces = pieces(clx).ok_or(PieceTableError("CLX không hợp lệ"))?;
    let mut text = String::new();
    for piece in pieces {
        let chars = piece.cp_end - piece.cp_start;
        let decoded = if piece.compressed {
            let bytes = word
                .get(piece.offset..piece.offset.saturating_add(chars))
                .ok_or(PieceTableError("mảnh nằm ngoài luồng WordDocument"))?;
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        } else {
            let bytes = word
                .get(piece.offset..piece.offset.saturating_add(chars.saturating_mul(2)))
                .ok_or(PieceTableError("mảnh nằm ngoài luồng WordDocument"))?;
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        };
        text.push_str(&decoded);
    }
    Ok(plain(&text))
}

/// `(fcClx, lcbClx)` from the FIB: the variable-length parts before `FibRgFcLcb` are skipped
/// by their declared counts, so any FIB version is read.
fn clx_location(word: &[u8]) -> Option<(usize, usize)> {
    let mut pos = 32; // FibBase
    let csw = u16_at(word, pos)? as usize;
    pos += 2 + csw * 2;
    let cslw = u16_at(word, pos)? as usize;
    pos += 2 + cslw * 4;
    let pairs = u16_at(word, pos)? as usize;
    pos += 2;
    if pairs <= CLX_PAIR {
        return None;
    }
    let at = pos + CLX_PAIR * 8;
    Some((u32_at(word, at)? as usize, u32_at(word, at + 4)? as usize))
}

/// One run of text: its character positions and where its bytes are in `WordDocument`.
#[derive(Debug)]
struct Piece {
    cp_start: usize,
    cp_end: usize,
    offset: usize,
    compressed: bool,
}

/// The pieces of a CLX: `Prc` entries (formatting, skipped) then one `Pcdt`.
fn pieces(clx: &[u8]) -> Option<Vec<Piece>> {
    let mut pos = 0;
    loop {
        match *clx.get(pos)? {
            0x01 => {
                let size = i16::from_le_bytes([*clx.get(pos + 1)?, *clx.get(pos + 2)?]);
                pos += 3 + usize::try_from(size).ok()?;
            }
            0x02 => break,
            _ => return None,
        }
    }
    let lcb = u32_at(clx, pos + 1)? as usize;
    let plc = clx.get(pos + 5..pos + 5usize.checked_add(lcb)?)?;
    // A PlcPcd holds n+1 CPs (4 bytes) and n Pcds (8 bytes).
    if plc.len() < 16 || (plc.len() - 4) % 12 != 0 {
        return None;
    }
    let n = (plc.len() - 4) / 12;
    let mut pieces = Vec::with_capacity(n);
    for i in 0..n {
        let cp_start = u32_at(plc, i * 4)? as usize;
        let cp_end = u32_at(plc, (i + 1) * 4)? as usize;
        if cp_end < cp_start {
            return None;
        }
        let fc = u32_at(plc, 4 * (n + 1) + i * 8 + 2)?;
        let compressed = fc & 0x4000_0000 != 0;
        let fc = (fc & 0x3FFF_FFFF) as usize;
        pieces.push(Piece {
            cp_start,
            cp_end,
            offset: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Some(pieces)
}

/// Word's control characters turned into plain text: paragraph, cell and line marks become
/// line breaks, field codes (between 0x13 and 0x14) are dropped while field results are kept,
/// object anchors and soft hyphens vanish.
fn plain(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    // Nesting depth of fields whose code (not yet their result) is being read.
    let mut in_code: Vec<bool> = Vec::new();
    for c in raw.chars() {
        match c {
            '\u{13}' => in_code.push(true),
            '\u{14}' => {
                if let Some(top) = in_code.last_mut() {
                    *top = false;
                }
            }
            '\u{15}' => {
                in_code.pop();
            }
            _ if in_code.iter().any(|&code| code) => {}
            '\r' | '\u{0B}' | '\u{0C}' => out.push('\n'),
            '\u{07}' => out.push('\t'),
            '\u{1E}' => out.push('-'),
            '\u{A0}' => out.push(' '),
            '\t' | '\n' => out.push(c),
            c if c.is_control() || c == '\u{1F}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Best-effort text when the piece table is unusable: runs of UTF-16LE code units that are
/// letters, digits, punctuation or spaces, one run per line.
fn scan_utf16(word: &[u8]) -> String {
    let mut out = String::new();
    for parity in [0, 1] {
        let mut run = String::new();
        let mut count = 0;
        let units = word.get(parity..).unwrap_or_default().chunks_exact(2);
        for unit in units.map(|b| u16::from_le_bytes([b[0], b[1]])) {
            let c = char::from_u32(u32::from(unit))
                .filter(|c| c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation());
            match c {
                // A run of pure ASCII bytes read as UTF-16 gives CJK-looking code units; only
                // Latin (Vietnamese included), punctuation and spaces are taken.
                Some(c) if (c as u32) < 0x2000 => {
                    run.push(if c == '\r' { '\n' } else { c });
                    count += 1;
                }
                _ => {
                    if count >= MIN_RUN_CHARS && run.chars().any(char::is_alphabetic) {
                        out.push_str(run.trim());
                        out.push('\n');
                    }
                    run.clear();
                    count = 0;
                }
            }
        }
        if count >= MIN_RUN_CHARS && run.chars().any(char::is_alphabetic) {
            out.push_str(run.trim());
            out.push('\n');
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
#[path = "../../tests/support/msdoc.rs"]
mod msdoc;

#[cfg(test)]
mod tests {
    use super::*;
    use msdoc::minimal_doc;
    use std::io::Write;

    /// A sentence of the seed pages.
    const SENTENCE: &str =
        "Sở Tài nguyên và Môi trường thẩm định báo cáo đánh giá tác động môi trường";

    #[test]
    fn utf16_piece_gives_the_vietnamese_sentence_in_nfc() {
        let decomposed: String = SENTENCE.nfd().collect();
        assert_ne!(decomposed, SENTENCE);
        let bytes = minimal_doc(&[(&format!("{decomposed}\r"), false)]);
        assert_eq!(doc_text(&bytes).unwrap(), format!("{SENTENCE}\n"));
    }

    #[test]
    fn compressed_and_utf16_pieces_join_and_field_codes_are_dropped() {
        let bytes = minimal_doc(&[
            (
                "Quyet dinh so 1414/QD-UBND\r\u{13} PAGE \u{14}2\u{15}\r",
                true,
            ),
            (&format!("{SENTENCE}\u{07}"), false),
        ]);
        assert_eq!(
            doc_text(&bytes).unwrap(),
            format!("Quyet dinh so 1414/QD-UBND\n2\n{SENTENCE}\t")
        );
    }

    #[test]
    fn unreadable_piece_table_falls_back_to_the_utf16_runs() {
        let mut bytes = minimal_doc(&[(SENTENCE, false)]);
        // Rebuild with the table stream missing: the FIB points nowhere.
        let mut file = cfb::CompoundFile::open(Cursor::new(std::mem::take(&mut bytes))).unwrap();
        file.remove_stream("/1Table").unwrap();
        file.flush().unwrap();
        let bytes = file.into_inner().into_inner();
        assert_eq!(doc_text(&bytes).unwrap(), format!("{SENTENCE}\n"));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        assert!(matches!(doc_text(&ole), Err(DocError::Container(_))));
        assert!(doc_text(b"").is_err());
        // A valid compound file without a WordDocument stream.
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream("/Other")
            .unwrap()
            .write_all(b"x")
            .unwrap();
        file.flush().unwrap();
        let bytes = file.into_inner().into_inner();
        assert!(matches!(doc_text(&bytes), Err(DocError::MissingStream(_))));
    }

    #[test]
    fn corrupt_bytes_anywhere_give_text_or_error_never_a_panic() {
        let bytes = minimal_doc(&[(SENTENCE, false)]);
        // Corrupt one byte at a time across the sectors holding the streams: each result is
        // text or an error, never a panic.
        for at in (512..bytes.len()).step_by(37) {
            let mut broken = bytes.clone();
            broken[at] ^= 0xFF;
            let _ = doc_text(&broken);
        }
    }
}
