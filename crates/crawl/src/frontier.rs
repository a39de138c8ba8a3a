//! The frontier: what is queued, what was seen, what is archived where. Kept in redb so a
//! crawl killed with `kill -9` resumes from its last checkpoint.
//!
//! Consistency with the WARC files comes from one rule: a page's records are written to the
//! WARC file *before* the transaction that marks the page done (and stores the file's new
//! length) commits. On resume the WARC file is cut back to the committed length, so every page
//! is archived exactly once. Most commits are non-durable (memory only, cheap); every
//! `checkpoint_pages` a durable commit makes the progress survive a kill.

use std::collections::HashMap;
use std::path::Path;

use redb::{
    Database, Durability, ReadableDatabase, ReadableTable, TableDefinition, WriteTransaction,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::error::CrawlError;
use crate::warc::RecordLocation;

const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
const QUEUE: TableDefinition<u64, &[u8]> = TableDefinition::new("queue");
const SEEN: TableDefinition<&str, u8> = TableDefinition::new("seen");
const HOSTS: TableDefinition<&str, (u64, u64)> = TableDefinition::new("hosts");
const VALIDATORS: TableDefinition<&str, &[u8]> = TableDefinition::new("validators");
const DIGESTS: TableDefinition<&str, &[u8]> = TableDefinition::new("digests");
const RECORDS: TableDefinition<u64, &[u8]> = TableDefinition::new("records");
const ROBOTS: TableDefinition<&str, &[u8]> = TableDefinition::new("robots");

/// What a queued URL is expected to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UrlKind {
    Page,
    Sitemap,
    Feed,
    Attachment,
}

/// A URL waiting in the frontier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedUrl {
    pub url: String,
    pub kind: UrlKind,
    pub depth: u32,
    pub portal: u16,
    /// The page that linked it (attachments are documents of that page).
    pub parent: Option<String>,
    /// Redirect hops that led here.
    pub redirects: u32,
    /// Failed attempts so far (429, 503, timeouts).
    pub attempts: u32,
}

/// The validators and digest of the last archived response of a URL, for conditional GET.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub payload_digest: String,
    pub record_id: String,
    pub date: String,
    /// Links found in that response: a 304 reuses them to keep crawling.
    pub outlinks: Vec<String>,
}

/// The first archived record of a payload, for identical-payload revisits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PayloadOrigin {
    pub url: String,
    pub record_id: String,
    pub date: String,
}

/// One line of the URL → WARC file and offset index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexEntry {
    pub url: String,
    pub date: String,
    pub record_type: String,
    pub status: Option<u16>,
    pub digest: Option<String>,
    pub mime: Option<String>,
    #[serde(flatten)]
    pub location: RecordLocation,
}

/// A robots.txt as fetched, kept so a resumed crawl does not refetch it within 24 h.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredRobots {
    pub fetched_at: i64,
    pub status: u16,
    pub body: Vec<u8>,
}

/// Where the crawl stands in the WARC files.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WarcPosition {
    pub file: String,
    pub committed_len: u64,
    pub next_file_number: u32,
}

/// The embedded store of the crawl.
pub struct Frontier {
    db: Database,
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CrawlError> {
    Ok(serde_json::to_vec(value)?)
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CrawlError> {
    Ok(serde_json::from_slice(bytes)?)
}

impl Frontier {
    /// Opens (or creates) the store at `path`.
    pub fn open(path: &Path) -> Result<Frontier, CrawlError> {
        let db = Database::create(path)?;
        let txn = db.begin_write()?;
        {
            txn.open_table(META)?;
            txn.open_table(QUEUE)?;
            txn.open_table(SEEN)?;
            txn.open_table(HOSTS)?;
            txn.open_table(VALIDATORS)?;
            txn.open_table(DIGESTS)?;
            txn.open_table(RECORDS)?;
            txn.open_table(ROBOTS)?;
        }
        txn.commit()?;
        Ok(Frontier { db })
    }

    /// Starts a transaction; `durable` ones survive a kill, the others only a clean exit.
    pub fn begin(&self, durable: bool) -> Result<FrontierTxn, CrawlError> {
        let mut txn = self.db.begin_write()?;
        txn.set_durability(if durable {
            Durability::Immediate
        } else {
            Durability::None
        })?;
        Ok(FrontierTxn { txn })
    }

    /// Forgets the queue and what was seen (a new crawl), keeping validators, digests, the
    /// record index and the robots cache (a recrawl uses them).
    pub fn start_new_crawl(&self) -> Result<(), CrawlError> {
        let txn = self.db.begin_write()?;
        txn.delete_table(QUEUE)?;
        txn.delete_table(SEEN)?;
        txn.delete_table(HOSTS)?;
        txn.open_table(QUEUE)?;
        txn.open_table(SEEN)?;
        txn.open_table(HOSTS)?;
        txn.commit()?;
        Ok(())
    }

    /// Every queued URL in queue order.
    pub fn queued(&self) -> Result<Vec<(u64, QueuedUrl)>, CrawlError> {
        let txn = self
            .db
            .begin_read()
            .map_err(|e| CrawlError::Frontier(e.to_string()))?;
        let table = txn.open_table(QUEUE)?;
        let mut out = Vec::new();
        for item in table.iter()? {
            let (k, v) = item?;
            out.push((k.value(), decode(v.value())?));
        }
        Ok(out)
    }

    /// The record index, in archive order.
    pub fn index_entries(&self) -> Result<Vec<IndexEntry>, CrawlError> {
        let txn = self
            .db
            .begin_read()
            .map_err(|e| CrawlError::Frontier(e.to_string()))?;
        let table = txn.open_table(RECORDS)?;
        let mut out = Vec::new();
        for item in table.iter()? {
            out.push(decode(item?.1.value())?);
        }
        Ok(out)
    }

    /// Robots files fetched earlier, by origin.
    pub fn stored_robots(&self) -> Result<HashMap<String, StoredRobots>, CrawlError> {
        let txn = self
            .db
            .begin_read()
            .map_err(|e| CrawlError::Frontier(e.to_string()))?;
        let table = txn.open_table(ROBOTS)?;
        let mut out = HashMap::new();
        for item in table.iter()? {
            let (k, v) = item?;
            out.insert(k.value().to_string(), decode(v.value())?);
        }
        Ok(out)
    }

    /// The validators of a URL's last archived response (read-only; cheap).
    pub fn validators(&self, url: &str) -> Result<Option<Validators>, CrawlError> {
        let txn = self
            .db
            .begin_read()
            .map_err(|e| CrawlError::Frontier(e.to_string()))?;
        let table = txn.open_table(VALIDATORS)?;
        let value = table.get(url)?;
        value.map(|v| decode(v.value())).transpose()
    }

    /// The portal names of the crawl that owns the queue (queued URLs refer to portals by
    /// position, so a resume must use the same list).
    pub fn portal_names(&self) -> Result<Option<Vec<String>>, CrawlError> {
        let txn = self
            .db
            .begin_read()
            .map_err(|e| CrawlError::Frontier(e.to_string()))?;
        let table = txn.open_table(META)?;
        let value = table.get("portals")?;
        value.map(|v| decode(v.value())).transpose()
    }

    /// The WARC position of the last commit, if any crawl ran here.
    pub fn warc_position(&self) -> Result<Option<WarcPosition>, CrawlError> {
        let txn = self
            .db
            .begin_read()
            .map_err(|e| CrawlError::Frontier(e.to_string()))?;
        let table = txn.open_table(META)?;
        let value = table.get("warc")?;
        value.map(|v| decode(v.value())).transpose()
    }
}

/// One unit of frontier work; nothing is visible until `commit`.
pub struct FrontierTxn {
    txn: WriteTransaction,
}

impl FrontierTxn {
    /// Queues a URL unless it was seen before. Returns the queue key when queued.
    ///
    /// `host` counts URLs per host against `max_per_host`; `calendar` URLs also count against
    /// `max_calendar` (trap guards that need the store, since they must survive a resume).
    pub fn enqueue(
        &self,
        entry: &QueuedUrl,
        host: &str,
        calendar: bool,
        max_per_host: u64,
        max_calendar: u64,
    ) -> Result<Option<u64>, CrawlError> {
        let mut seen = self.txn.open_table(SEEN)?;
        if seen.get(entry.url.as_str())?.is_some() {
            return Ok(None);
        }
        let mut hosts = self.txn.open_table(HOSTS)?;
        let (urls, calendars) = hosts.get(host)?.map(|v| v.value()).unwrap_or((0, 0));
        if urls >= max_per_host || (calendar && calendars >= max_calendar) {
            tracing::debug!(url = %entry.url, "bẫy: quá nhiều URL cho máy chủ");
            return Ok(None);
        }
        hosts.insert(host, (urls + 1, calendars + u64::from(calendar)))?;
        seen.insert(entry.url.as_str(), 1)?;
        let key = self.next_counter("next_seq")?;
        self.txn
            .open_table(QUEUE)?
            .insert(key, encode(entry)?.as_slice())?;
        Ok(Some(key))
    }

    /// Puts an entry back at its key (after a retryable failure).
    pub fn requeue(&self, key: u64, entry: &QueuedUrl) -> Result<(), CrawlError> {
        self.txn
            .open_table(QUEUE)?
            .insert(key, encode(entry)?.as_slice())?;
        Ok(())
    }

    /// Marks a queued URL as done.
    pub fn finish(&self, key: u64) -> Result<(), CrawlError> {
        self.txn.open_table(QUEUE)?.remove(key)?;
        Ok(())
    }

    /// Whether a URL was seen in this crawl (queued or done).
    pub fn seen(&self, url: &str) -> Result<bool, CrawlError> {
        Ok(self.txn.open_table(SEEN)?.get(url)?.is_some())
    }

    pub fn validators(&self, url: &str) -> Result<Option<Validators>, CrawlError> {
        let table = self.txn.open_table(VALIDATORS)?;
        let value = table.get(url)?;
        value.map(|v| decode(v.value())).transpose()
    }

    pub fn set_validators(&self, url: &str, validators: &Validators) -> Result<(), CrawlError> {
        self.txn
            .open_table(VALIDATORS)?
            .insert(url, encode(validators)?.as_slice())?;
        Ok(())
    }

    pub fn payload_origin(&self, digest: &str) -> Result<Option<PayloadOrigin>, CrawlError> {
        let table = self.txn.open_table(DIGESTS)?;
        let value = table.get(digest)?;
        value.map(|v| decode(v.value())).transpose()
    }

    pub fn set_payload_origin(
        &self,
        digest: &str,
        origin: &PayloadOrigin,
    ) -> Result<(), CrawlError> {
        self.txn
            .open_table(DIGESTS)?
            .insert(digest, encode(origin)?.as_slice())?;
        Ok(())
    }

    pub fn add_index_entry(&self, entry: &IndexEntry) -> Result<(), CrawlError> {
        let key = self.next_counter("next_record")?;
        self.txn
            .open_table(RECORDS)?
            .insert(key, encode(entry)?.as_slice())?;
        Ok(())
    }

    pub fn set_robots(&self, origin: &str, robots: &StoredRobots) -> Result<(), CrawlError> {
        self.txn
            .open_table(ROBOTS)?
            .insert(origin, encode(robots)?.as_slice())?;
        Ok(())
    }

    pub fn set_portal_names(&self, names: &[String]) -> Result<(), CrawlError> {
        self.txn
            .open_table(META)?
            .insert("portals", encode(&names)?.as_slice())?;
        Ok(())
    }

    pub fn set_warc_position(&self, position: &WarcPosition) -> Result<(), CrawlError> {
        self.txn
            .open_table(META)?
            .insert("warc", encode(position)?.as_slice())?;
        Ok(())
    }

    pub fn commit(self) -> Result<(), CrawlError> {
        self.txn.commit()?;
        Ok(())
    }

    fn next_counter(&self, name: &str) -> Result<u64, CrawlError> {
        let mut meta = self.txn.open_table(META)?;
        let current = match meta.get(name)? {
            Some(v) => decode::<u64>(v.value())?,
            None => 0,
        };
        meta.insert(name, encode(&(current + 1))?.as_slice())?;
        Ok(current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(url: &str) -> QueuedUrl {
        QueuedUrl {
            url: url.into(),
            kind: UrlKind::Page,
            depth: 0,
            portal: 0,
            parent: None,
            redirects: 0,
            attempts: 0,
        }
    }

    #[test]
    fn a_url_is_queued_once_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.redb");
        {
            let frontier = Frontier::open(&path).unwrap();
            let txn = frontier.begin(true).unwrap();
            assert!(txn
                .enqueue(&entry("http://a.vn/1"), "a.vn", false, 10, 10)
                .unwrap()
                .is_some());
            assert!(txn
                .enqueue(&entry("http://a.vn/1"), "a.vn", false, 10, 10)
                .unwrap()
                .is_none());
            assert!(txn
                .enqueue(&entry("http://a.vn/2"), "a.vn", false, 10, 10)
                .unwrap()
                .is_some());
            txn.commit().unwrap();
            let txn = frontier.begin(true).unwrap();
            txn.finish(0).unwrap();
            txn.commit().unwrap();
        }
        let frontier = Frontier::open(&path).unwrap();
        let queued = frontier.queued().unwrap();
        assert_eq!(queued.len(), 1);
        assert_eq!(queued[0].1.url, "http://a.vn/2");
    }

    #[test]
    fn host_and_calendar_caps_refuse_further_urls() {
        let dir = tempfile::tempdir().unwrap();
        let frontier = Frontier::open(&dir.path().join("f.redb")).unwrap();
        let txn = frontier.begin(false).unwrap();
        assert!(txn
            .enqueue(&entry("http://a.vn/l?m=1"), "a.vn", true, 3, 1)
            .unwrap()
            .is_some());
        assert!(txn
            .enqueue(&entry("http://a.vn/l?m=2"), "a.vn", true, 3, 1)
            .unwrap()
            .is_none());
        assert!(txn
            .enqueue(&entry("http://a.vn/x"), "a.vn", false, 3, 1)
            .unwrap()
            .is_some());
        assert!(txn
            .enqueue(&entry("http://a.vn/y"), "a.vn", false, 3, 1)
            .unwrap()
            .is_some());
        assert!(txn
            .enqueue(&entry("http://a.vn/z"), "a.vn", false, 3, 1)
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_new_crawl_forgets_the_queue_but_keeps_validators() {
        let dir = tempfile::tempdir().unwrap();
        let frontier = Frontier::open(&dir.path().join("f.redb")).unwrap();
        let txn = frontier.begin(true).unwrap();
        txn.enqueue(&entry("http://a.vn/1"), "a.vn", false, 10, 10)
            .unwrap();
        txn.set_validators(
            "http://a.vn/1",
            &Validators {
                etag: Some("\"v1\"".into()),
                ..Default::default()
            },
        )
        .unwrap();
        txn.commit().unwrap();
        frontier.start_new_crawl().unwrap();
        assert!(frontier.queued().unwrap().is_empty());
        let txn = frontier.begin(true).unwrap();
        assert!(!txn.seen("http://a.vn/1").unwrap());
        assert_eq!(
            txn.validators("http://a.vn/1")
                .unwrap()
                .unwrap()
                .etag
                .as_deref(),
            Some("\"v1\"")
        );
    }
}
