//! Builds small Word 97-2003 (`.doc`) files for tests: no real `.doc` can be downloaded in
//! tests, so one is laid out the way Word writes it. Shared by the unit tests of
//! `attachment::doc` (through `#[path]`) and the portal, so both exercise the same layout.

use std::io::{Cursor, Write};

/// Where the text starts in the built `WordDocument` stream, past the FIB.
const TEXT_AT: usize = 0x800;

/// A `.doc` whose text is `pieces`, each `(text, stored as cp1252)` (else UTF-16LE): a FIB
/// (wIdent 0xA5EC, nFib 0x00C1, fWhichTblStm set) at the start of `WordDocument`, the text
/// after it, and in `1Table` a CLX holding one Prc then the piece table.
pub fn minimal_doc(pieces: &[(&str, bool)]) -> Vec<u8> {
    let mut word = vec![0u8; TEXT_AT];
    word[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
    word[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
    word[0x0A..0x0C].copy_from_slice(&0x0200u16.to_le_bytes());
    // FibBase (32 bytes), csw = 14 u16s, cslw = 22 u32s, cbRgFcLcb = 93 pairs; fcClx is pair 33.
    let mut pos = 32;
    word[pos..pos + 2].copy_from_slice(&14u16.to_le_bytes());
    pos += 2 + 28;
    word[pos..pos + 2].copy_from_slice(&22u16.to_le_bytes());
    pos += 2 + 88;
    word[pos..pos + 2].copy_from_slice(&93u16.to_le_bytes());
    pos += 2;
    let clx_pair = pos + 33 * 8;

    let mut cps = vec![0u32];
    let mut fcs = Vec::new();
    for (text, compressed) in pieces {
        let fc = word.len() as u32;
        let chars = if *compressed {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
            assert!(!unmappable, "text not encodable in cp1252");
            word.extend_from_slice(&bytes);
            fcs.push((fc * 2) | 0x4000_0000);
            bytes.len()
        } else {
            let units: Vec<u16> = text.encode_utf16().collect();
            units
                .iter()
                .for_each(|u| word.extend_from_slice(&u.to_le_bytes()));
            fcs.push(fc);
            units.len()
        };
        cps.push(cps.last().unwrap() + chars as u32);
    }
    let mut plc = Vec::new();
    cps.iter()
        .for_each(|cp| plc.extend_from_slice(&cp.to_le_bytes()));
    for fc in fcs {
        plc.extend_from_slice(&0u16.to_le_bytes());
        plc.extend_from_slice(&fc.to_le_bytes());
        plc.extend_from_slice(&0u16.to_le_bytes());
    }
    let mut table = vec![0xAAu8; 40]; // other tables before the CLX
    let fc_clx = table.len() as u32;
    table.extend_from_slice(&[0x01, 0x02, 0x00, 0x11, 0x22]); // a Prc with 2 bytes of grpprl
    table.push(0x02);
    table.extend_from_slice(&(plc.len() as u32).to_le_bytes());
    table.extend_from_slice(&plc);
    let lcb_clx = table.len() as u32 - fc_clx;
    word[clx_pair..clx_pair + 4].copy_from_slice(&fc_clx.to_le_bytes());
    word[clx_pair + 4..clx_pair + 8].copy_from_slice(&lcb_clx.to_le_bytes());

    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    file.create_stream("/WordDocument")
        .unwrap()
        .write_all(&word)
        .unwrap();
    file.create_stream("/1Table")
        .unwrap()
        .write_all(&table)
        .unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}
