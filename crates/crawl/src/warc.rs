//! WARC 1.1 records, each compressed as its own gzip member, and a reader for them.
//!
//! Why not the `warc` crate: version 0.4 writes `WARC/1.0` version lines and compresses a whole
//! file as one gzip stream, while the archive must be WARC 1.1 with one gzip member per record
//! (so that the URL → offset index can seek to a record and any reader can start there), and a
//! killed crawl must be cut back to the last committed record. A record is a header block and a
//! payload; writing one with flate2 is a few lines, so they live here.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use flate2::write::GzEncoder;
use flate2::Compression;
use sha1::{Digest, Sha1};

use crate::error::CrawlError;

/// The profile URI of a revisit record written for a `304 Not Modified`.
pub const PROFILE_SERVER_NOT_MODIFIED: &str =
    "http://netpreserve.org/warc/1.1/revisit/server-not-modified";
/// The profile URI of a revisit record for a payload already archived (same SHA-1).
pub const PROFILE_IDENTICAL_PAYLOAD: &str =
    "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";

/// A record about to be written: its named fields (without `Content-Length`, added on write)
/// and its block.
#[derive(Debug, Clone)]
pub struct WarcRecord {
    pub fields: Vec<(String, String)>,
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// A record of `record_type` with a fresh id and the given date.
    pub fn new(record_type: &str, date: DateTime<Utc>, content_type: &str) -> WarcRecord {
        WarcRecord {
            fields: vec![
                ("WARC-Type".into(), record_type.into()),
                ("WARC-Record-ID".into(), new_record_id()),
                ("WARC-Date".into(), warc_date(date)),
                ("Content-Type".into(), content_type.into()),
            ],
            block: Vec::new(),
        }
    }

    /// Adds a named field.
    pub fn field(mut self, name: &str, value: impl Into<String>) -> WarcRecord {
        self.fields.push((name.into(), value.into()));
        self
    }

    /// Sets the block and its `WARC-Block-Digest`.
    pub fn with_block(mut self, block: Vec<u8>) -> WarcRecord {
        self.fields
            .push(("WARC-Block-Digest".into(), sha1_digest(&block)));
        self.block = block;
        self
    }

    /// The value of a named field.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The record as uncompressed bytes (`WARC/1.1` line, fields, block, two CRLFs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.block.len() + 512);
        out.extend_from_slice(b"WARC/1.1\r\n");
        for (name, value) in &self.fields {
            // A CR or LF inside a value would forge a field: fold it to a space.
            let value: String = value
                .chars()
                .map(|c| if c == '\r' || c == '\n' { ' ' } else { c })
                .collect();
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", self.block.len()).as_bytes());
        out.extend_from_slice(&self.block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }
}

/// `<urn:uuid:…>`, the WARC record id form.
pub fn new_record_id() -> String {
    format!("<urn:uuid:{}>", uuid::Uuid::new_v4())
}

/// WARC-Date in W3C-ISO8601 with the sub-second precision WARC 1.1 allows.
pub fn warc_date(date: DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// `sha1:` followed by the base32 SHA-1, the digest form of Heritrix and wget.
pub fn sha1_digest(bytes: &[u8]) -> String {
    let digest = Sha1::digest(bytes);
    format!("sha1:{}", data_encoding::BASE32.encode(&digest))
}

/// Where a record landed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecordLocation {
    pub file: String,
    pub offset: u64,
    pub length: u64,
}

/// Appends gzip-member records to one WARC file.
///
/// Every record is compressed in memory and written with one `write_all` on an unbuffered
/// file: once the frontier commits, the bytes it points to are in the file (no buffer to lose).
pub struct WarcWriter {
    dir: PathBuf,
    name: String,
    file: File,
    len: u64,
}

impl WarcWriter {
    /// Opens `dir/name` for appending, first cutting it back to `committed_len`: whatever a
    /// killed crawl wrote after its last commit is not in the frontier and will be refetched.
    pub fn open(dir: &Path, name: &str, committed_len: u64) -> Result<WarcWriter, CrawlError> {
        let path = dir.join(name);
        let file = OpenOptions::new()
            .create(true)
            .read(true)
            .write(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| CrawlError::io(&path, e))?;
        let actual = file.metadata().map_err(|e| CrawlError::io(&path, e))?.len();
        if actual > committed_len {
            tracing::warn!(
                file = %path.display(),
                "cắt {} byte ghi sau lần lưu cuối (crawl bị dừng đột ngột)",
                actual - committed_len
            );
            file.set_len(committed_len)
                .map_err(|e| CrawlError::io(&path, e))?;
        }
        let len = actual.min(committed_len);
        let mut writer = WarcWriter {
            dir: dir.to_path_buf(),
            name: name.to_string(),
            file,
            len,
        };
        use std::io::Seek;
        writer
            .file
            .seek(std::io::SeekFrom::Start(len))
            .map_err(|e| CrawlError::io(&path, e))?;
        Ok(writer)
    }

    /// Writes one record as one gzip member.
    pub fn write(&mut self, record: &WarcRecord) -> Result<RecordLocation, CrawlError> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        let compressed = encoder
            .write_all(&record.to_bytes())
            .and_then(|_| encoder.finish())
            .map_err(|e| CrawlError::io(self.path(), e))?;
        self.file
            .write_all(&compressed)
            .map_err(|e| CrawlError::io(self.path(), e))?;
        let location = RecordLocation {
            file: self.name.clone(),
            offset: self.len,
            length: compressed.len() as u64,
        };
        self.len += compressed.len() as u64;
        Ok(location)
    }

    /// Flushes the file to disk (called before a durable frontier commit).
    pub fn sync(&self) -> Result<(), CrawlError> {
        self.file
            .sync_data()
            .map_err(|e| CrawlError::io(self.path(), e))
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    fn path(&self) -> PathBuf {
        self.dir.join(&self.name)
    }
}

/// A record read back from a file.
#[derive(Debug, Clone)]
pub struct ReadRecord {
    pub fields: Vec<(String, String)>,
    pub block: Vec<u8>,
    /// Offset of the record's gzip member in its file.
    pub offset: u64,
}

impl ReadRecord {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The HTTP status of a response or revisit record.
    pub fn http_status(&self) -> Option<u16> {
        let line = self.block.split(|&b| b == b'\n').next()?;
        let line = std::str::from_utf8(line).ok()?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// The HTTP payload (the block after the HTTP header), or the whole block for other records.
    pub fn payload(&self) -> &[u8] {
        if self
            .get("Content-Type")
            .is_some_and(|c| c.starts_with("application/http"))
        {
            match self.block.windows(4).position(|w| w == b"\r\n\r\n") {
                Some(pos) => &self.block[pos + 4..],
                None => &[],
            }
        } else {
            &self.block
        }
    }
}

/// Reads every record of a `.warc.gz` file (one gzip member per record, or one stream).
pub fn read_records(path: &Path) -> Result<Vec<ReadRecord>, CrawlError> {
    let data = std::fs::read(path).map_err(|e| CrawlError::io(path, e))?;
    let bad = |what: &str| {
        CrawlError::io(
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string()),
        )
    };
    let mut records = Vec::new();
    let mut rest: &[u8] = &data;
    while !rest.is_empty() {
        let offset = (data.len() - rest.len()) as u64;
        let mut decoder = flate2::bufread::GzDecoder::new(rest);
        let mut raw = Vec::new();
        decoder
            .read_to_end(&mut raw)
            .map_err(|e| CrawlError::io(path, e))?;
        rest = decoder.into_inner();
        let mut cursor: &[u8] = &raw;
        while !cursor.is_empty() {
            let (record, used) = parse_record(cursor).ok_or_else(|| bad("bản ghi WARC hỏng"))?;
            records.push(ReadRecord { offset, ..record });
            cursor = &cursor[used..];
        }
    }
    Ok(records)
}

fn parse_record(bytes: &[u8]) -> Option<(ReadRecord, usize)> {
    let head_end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..head_end]).ok()?;
    let mut lines = head.split("\r\n");
    if !lines.next()?.starts_with("WARC/") {
        return None;
    }
    let fields: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))?
        .1
        .parse()
        .ok()?;
    let start = head_end + 4;
    let block = bytes.get(start..start + length)?.to_vec();
    let used = (start + length + 4).min(bytes.len());
    Some((
        ReadRecord {
            fields,
            block,
            offset: 0,
        },
        used,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_as_separate_gzip_members_at_their_offsets() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = WarcWriter::open(dir.path(), "a.warc.gz", 0).unwrap();
        let date = Utc::now();
        let first = WarcRecord::new("response", date, "application/http;msgtype=response")
            .field("WARC-Target-URI", "http://a.vn/")
            .with_block(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Nghị quyết</p>"
                    .as_bytes()
                    .to_vec(),
            );
        let second = WarcRecord::new("resource", date, "text/plain").with_block(b"x".to_vec());
        let loc1 = writer.write(&first).unwrap();
        let loc2 = writer.write(&second).unwrap();
        assert_eq!(loc1.offset, 0);
        assert_eq!(loc2.offset, loc1.length);
        let records = read_records(&dir.path().join("a.warc.gz")).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].offset, loc2.offset);
        assert_eq!(records[0].http_status(), Some(200));
        assert_eq!(records[0].payload(), "<p>Nghị quyết</p>".as_bytes());
        assert_eq!(
            records[0].get("WARC-Block-Digest"),
            first.get("WARC-Block-Digest")
        );
        // Each member decompresses alone from its offset.
        let data = std::fs::read(dir.path().join("a.warc.gz")).unwrap();
        let mut one = String::new();
        flate2::read::GzDecoder::new(&data[loc2.offset as usize..])
            .read_to_string(&mut one)
            .unwrap();
        assert!(one.starts_with("WARC/1.1\r\nWARC-Type: resource"));
    }

    #[test]
    fn reopening_cuts_bytes_written_after_the_last_commit() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = WarcWriter::open(dir.path(), "a.warc.gz", 0).unwrap();
        let record =
            WarcRecord::new("resource", Utc::now(), "text/plain").with_block(b"one".to_vec());
        let committed = writer.write(&record).unwrap().length;
        // Half a member, as a kill -9 in the middle of a write would leave.
        writer.write(&record).unwrap();
        drop(writer);
        let path = dir.path().join("a.warc.gz");
        let full = std::fs::metadata(&path).unwrap().len();
        let f = OpenOptions::new().write(true).open(&path).unwrap();
        f.set_len(full - 5).unwrap();
        let writer = WarcWriter::open(dir.path(), "a.warc.gz", committed).unwrap();
        assert_eq!(writer.len(), committed);
        assert_eq!(read_records(&path).unwrap().len(), 1);
    }

    #[test]
    fn digest_is_base32_sha1() {
        // SHA-1 of the empty string, base32.
        assert_eq!(sha1_digest(b""), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
    }

    #[test]
    fn newlines_in_values_cannot_forge_fields() {
        let r = WarcRecord::new("resource", Utc::now(), "text/plain")
            .field("WARC-Target-URI", "http://a.vn/\r\nWARC-Type: evil");
        let text = String::from_utf8(r.to_bytes()).unwrap();
        assert_eq!(
            text.lines().filter(|l| l.starts_with("WARC-Type:")).count(),
            1
        );
    }
}
