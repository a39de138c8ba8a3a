//! The crawl loop: picks the next URL of a host that may be asked again, fetches it in a task
//! (one at a time per host), then archives and follows the result on the loop itself, so that
//! the WARC files and the frontier have one writer.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc;
use tokio::time::Instant;
use url::Url;

use crate::attachment;
use crate::charset;
use crate::config::{CrawlConfig, Limits, Politeness, PortalRules};
use crate::error::CrawlError;
use crate::fetch::{Exchange, FetchError, Fetcher};
use crate::frontier::{
    Frontier, FrontierTxn, IndexEntry, PayloadOrigin, QueuedUrl, StoredRobots, UrlKind, Validators,
    WarcPosition,
};
use crate::links;
use crate::politeness::{backoff, delay_after, parse_retry_after};
use crate::progress::CrawlProgress;
use crate::robots::RobotsEntry;
use crate::traps;
use crate::warc::{self, WarcRecord, WarcWriter};

/// Name of the frontier store inside the output folder.
pub const FRONTIER_FILE: &str = "frontier.redb";
/// Name of the URL → WARC file and offset index inside the output folder (CDXJ-like lines:
/// `URL TIMESTAMP {json}`).
pub const INDEX_FILE: &str = "index.cdxj";

/// How to run a crawl.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    /// Folder of the WARC files, the frontier and the index.
    pub out: PathBuf,
    /// Continue the queue of an interrupted crawl instead of starting from the start URLs.
    pub resume: bool,
}

/// Running and final totals of a crawl.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrawlSummary {
    /// Responses received and archived (robots.txt not counted).
    pub pages: u64,
    /// Bytes of archived payloads.
    pub bytes: u64,
    /// URLs given up: network errors, timeouts, 4xx/5xx, too many redirects.
    pub errors: u64,
    /// URLs still queued.
    pub queued: u64,
    /// Revisit records written (304 or identical payload).
    pub revisits: u64,
    /// Attachments whose text was extracted.
    pub attachments: u64,
    /// URLs refused by robots.txt.
    pub disallowed: u64,
    /// Retries after 429/503/timeouts.
    pub retries: u64,
    /// WARC files written to (this run).
    pub warc_files: Vec<String>,
}

/// Crawls what `config` describes into `options.out`.
pub async fn crawl(
    config: CrawlConfig,
    options: CrawlOptions,
    progress: Arc<dyn CrawlProgress>,
) -> Result<CrawlSummary, CrawlError> {
    let mut crawler = Crawler::start(config, &options)?;
    let result = crawler.run(progress.as_ref()).await;
    crawler.close()?;
    progress.finish(&crawler.totals);
    result.map(|_| crawler.totals.clone())
}

/// What a host task brings back.
struct TaskResult {
    origin: String,
    key: u64,
    entry: QueuedUrl,
    robots: Option<StoredRobots>,
    outcome: Outcome,
    /// When the task's last request to the host ended.
    finished: Instant,
}

enum Outcome {
    Disallowed,
    Failed(FetchError),
    Fetched(Box<Exchange>),
}

#[derive(Default)]
struct HostState {
    queue: VecDeque<(u64, QueuedUrl)>,
    busy: bool,
    next_allowed: Option<Instant>,
    robots: Option<Arc<RobotsEntry>>,
}

struct Crawler {
    rules: Vec<PortalRules>,
    politeness: Politeness,
    limits: Limits,
    out: PathBuf,
    frontier: Frontier,
    warc: WarcWriter,
    position: WarcPosition,
    warcinfo_id: String,
    fetcher: Arc<Fetcher>,
    hosts: HashMap<String, HostState>,
    totals: CrawlSummary,
    since_checkpoint: u64,
}

fn origin_of(url: &Url) -> String {
    url.origin().ascii_serialization()
}

fn warc_name(number: u32) -> String {
    format!(
        "tracuu-{}-{number:05}.warc.gz",
        Utc::now().format("%Y%m%d%H%M%S")
    )
}

impl Crawler {
    fn start(config: CrawlConfig, options: &CrawlOptions) -> Result<Crawler, CrawlError> {
        let rules = config.compile()?;
        std::fs::create_dir_all(&options.out).map_err(|e| CrawlError::io(&options.out, e))?;
        let frontier = Frontier::open(&options.out.join(FRONTIER_FILE))?;
        let previous = frontier.warc_position()?;
        let names: Vec<String> = rules.iter().map(|r| r.portal.name.clone()).collect();
        if options.resume {
            if let Some(stored) = frontier.portal_names()? {
                if stored != names {
                    return Err(CrawlError::Config(format!(
                        "--resume cần đúng danh sách cổng của lần thu thập trước ({}), cấu hình hiện tại có ({})",
                        stored.join(", "),
                        names.join(", ")
                    )));
                }
            }
        }
        let position = match (&previous, options.resume) {
            (Some(p), true) => p.clone(),
            (None, true) => {
                return Err(CrawlError::NothingToResume(format!(
                    "{} chưa có lần thu thập nào",
                    options.out.display()
                )))
            }
            (_, false) => {
                frontier.start_new_crawl()?;
                let number = previous.as_ref().map_or(1, |p| p.next_file_number);
                WarcPosition {
                    file: warc_name(number),
                    committed_len: 0,
                    next_file_number: number + 1,
                }
            }
        };
        let warc = WarcWriter::open(&options.out, &position.file, position.committed_len)?;
        let fetcher = Arc::new(Fetcher::new(&config.politeness)?);
        let mut crawler = Crawler {
            rules,
            politeness: config.politeness,
            limits: config.limits,
            out: options.out.clone(),
            frontier,
            warc,
            position,
            warcinfo_id: String::new(),
            fetcher,
            hosts: HashMap::new(),
            totals: CrawlSummary::default(),
            since_checkpoint: 0,
        };
        crawler
            .totals
            .warc_files
            .push(crawler.position.file.clone());
        crawler.begin_file()?;
        crawler.load_robots()?;
        if options.resume {
            for (key, entry) in crawler.frontier.queued()? {
                if let Ok(url) = Url::parse(&entry.url) {
                    crawler
                        .hosts
                        .entry(origin_of(&url))
                        .or_default()
                        .queue
                        .push_back((key, entry));
                }
            }
            tracing::info!("tiếp tục: {} URL trong hàng đợi", crawler.queued());
        } else {
            crawler.seed()?;
        }
        Ok(crawler)
    }

    /// Writes the warcinfo record when the current file is new (or was cut back to nothing).
    fn begin_file(&mut self) -> Result<(), CrawlError> {
        let mut info = String::new();
        info.push_str(&format!(
            "software: tracuu-crawl/{}\r\n",
            env!("CARGO_PKG_VERSION")
        ));
        info.push_str("format: WARC File Format 1.1\r\n");
        info.push_str("conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n");
        info.push_str(&format!(
            "http-header-user-agent: {}\r\n",
            self.politeness.user_agent
        ));
        info.push_str(&format!(
            "robots: {}\r\n",
            if self.politeness.obey_robots {
                "obey"
            } else {
                "ignore"
            }
        ));
        let record = WarcRecord::new("warcinfo", Utc::now(), "application/warc-fields")
            .field("WARC-Filename", self.position.file.clone())
            .with_block(info.into_bytes());
        self.warcinfo_id = record.get("WARC-Record-ID").unwrap_or_default().to_string();
        if self.warc.is_empty() {
            self.warc.write(&record)?;
        }
        Ok(())
    }

    fn load_robots(&mut self) -> Result<(), CrawlError> {
        let now = Utc::now().timestamp();
        for (origin, stored) in self.frontier.stored_robots()? {
            let entry = RobotsEntry::from_response(
                stored.status,
                &stored.body,
                &self.politeness.robots_token,
                stored.fetched_at,
            );
            if entry.is_fresh(now, self.politeness.robots_cache_hours) {
                self.hosts.entry(origin).or_default().robots = Some(Arc::new(entry));
            }
        }
        Ok(())
    }

    fn seed(&mut self) -> Result<(), CrawlError> {
        let txn = self.frontier.begin(true)?;
        let names: Vec<String> = self.rules.iter().map(|r| r.portal.name.clone()).collect();
        txn.set_portal_names(&names)?;
        for (index, rules) in self.rules.clone().iter().enumerate() {
            let portal = index as u16;
            let parsed = |list: &[String], kind: UrlKind| -> Vec<(Url, UrlKind)> {
                list.iter()
                    .filter_map(|s| Url::parse(s).ok())
                    .map(|u| (u, kind))
                    .collect()
            };
            let mut seeds: Vec<(Url, UrlKind)> = rules
                .start_urls
                .iter()
                .map(|u| (u.clone(), UrlKind::Page))
                .collect();
            seeds.extend(parsed(&rules.portal.sitemaps, UrlKind::Sitemap));
            seeds.extend(parsed(&rules.portal.feeds, UrlKind::Feed));
            for (url, kind) in seeds {
                let url = crate::canon::canonicalize(&url);
                self.enqueue(&txn, url, kind, 0, portal, None, 0, true)?;
            }
        }
        self.save_position(&txn)?;
        txn.commit()
    }

    fn queued(&self) -> u64 {
        self.hosts.values().map(|h| h.queue.len() as u64).sum()
    }

    /// Accepts a URL into the frontier if the portal, the trap guards and the duplicate check
    /// allow it. `seed` URLs skip the portal patterns.
    #[allow(clippy::too_many_arguments)]
    fn enqueue(
        &mut self,
        txn: &FrontierTxn,
        url: Url,
        kind: UrlKind,
        depth: u32,
        portal: u16,
        parent: Option<&str>,
        redirects: u32,
        seed: bool,
    ) -> Result<bool, CrawlError> {
        let Some(rules) = self.rules.get(portal as usize) else {
            return Ok(false);
        };
        let accepted = seed
            || match kind {
                UrlKind::Attachment => {
                    rules.accepts_attachment(&url) && depth <= rules.portal.max_depth + 1
                }
                UrlKind::Page => rules.accepts_page(&url) && depth <= rules.portal.max_depth,
                UrlKind::Sitemap | UrlKind::Feed => rules.owns_host(&url),
            };
        if !accepted {
            return Ok(false);
        }
        if let Some(reason) = traps::shape_trap(&url, &self.limits) {
            tracing::debug!(%url, reason, "bỏ qua bẫy");
            return Ok(false);
        }
        let entry = QueuedUrl {
            url: url.to_string(),
            kind,
            depth,
            portal,
            parent: parent.map(str::to_string),
            redirects,
            attempts: 0,
        };
        let origin = origin_of(&url);
        let calendar = traps::is_calendar_like(&url);
        let key = txn.enqueue(
            &entry,
            &origin,
            calendar,
            self.limits.max_urls_per_host,
            self.limits.max_calendar_urls_per_host,
        )?;
        let Some(key) = key else { return Ok(false) };
        let host = self.hosts.entry(origin).or_default();
        // A redirect hop continues the exchange that led to it: serve it first.
        if redirects > 0 {
            host.queue.push_front((key, entry));
        } else {
            host.queue.push_back((key, entry));
        }
        Ok(true)
    }

    async fn run(&mut self, progress: &dyn CrawlProgress) -> Result<(), CrawlError> {
        let (tx, mut rx) = mpsc::unbounded_channel::<TaskResult>();
        let mut in_flight = 0usize;
        let max_pages = self.limits.max_pages;
        loop {
            let now = Instant::now();
            let mut wake: Option<Instant> = None;
            let budget = max_pages.map(|m| m.saturating_sub(self.totals.pages + in_flight as u64));
            if budget != Some(0) {
                let mut budget = budget;
                for (origin, host) in self.hosts.iter_mut() {
                    if in_flight >= self.politeness.max_parallel_hosts.max(1) || budget == Some(0) {
                        break;
                    }
                    if host.busy || host.queue.is_empty() {
                        continue;
                    }
                    if let Some(at) = host.next_allowed.filter(|at| *at > now) {
                        wake = Some(wake.map_or(at, |w| w.min(at)));
                        continue;
                    }
                    let Some((key, entry)) = host.queue.pop_front() else {
                        continue;
                    };
                    host.busy = true;
                    in_flight += 1;
                    budget = budget.map(|b| b - 1);
                    let validators =
                        if entry.kind == UrlKind::Page || entry.kind == UrlKind::Attachment {
                            self.frontier.validators(&entry.url)?
                        } else {
                            None
                        };
                    let robots = host.robots.clone();
                    let task = HostTask {
                        fetcher: self.fetcher.clone(),
                        politeness: self.politeness.clone(),
                        origin: origin.clone(),
                        key,
                        entry,
                        robots,
                        validators,
                    };
                    let tx = tx.clone();
                    tokio::spawn(async move {
                        let result = task.run().await;
                        let _ = tx.send(result);
                    });
                }
            }
            if in_flight == 0 {
                let nothing_left = self.hosts.values().all(|h| h.queue.is_empty());
                if nothing_left || budget == Some(0) {
                    break;
                }
                if let Some(at) = wake {
                    tokio::time::sleep_until(at).await;
                }
                continue;
            }
            let received = match wake {
                Some(at) => tokio::select! {
                    r = rx.recv() => r,
                    _ = tokio::time::sleep_until(at) => None,
                },
                None => rx.recv().await,
            };
            if let Some(result) = received {
                in_flight -= 1;
                self.handle(result)?;
                self.totals.queued = self.queued();
                progress.update(&self.totals);
            }
        }
        Ok(())
    }

    /// Archives and follows one task's result, then commits it to the frontier.
    fn handle(&mut self, result: TaskResult) -> Result<(), CrawlError> {
        let TaskResult {
            origin,
            key,
            mut entry,
            robots,
            outcome,
            finished,
        } = result;
        // Rotate a full WARC file before the next records, not after the last ones, so that
        // a crawl never ends on a file holding nothing but its warcinfo record.
        if self.warc.len() >= self.limits.max_warc_bytes {
            self.warc.sync()?;
            self.checkpoint(true)?;
        }
        let txn = self.frontier.begin(false)?;
        if let Some(stored) = robots {
            txn.set_robots(&origin, &stored)?;
            let parsed = RobotsEntry::from_response(
                stored.status,
                &stored.body,
                &self.politeness.robots_token,
                stored.fetched_at,
            );
            let sitemaps = parsed.sitemaps.clone();
            self.hosts.entry(origin.clone()).or_default().robots = Some(Arc::new(parsed));
            for sitemap in sitemaps {
                if let Ok(url) = Url::parse(&sitemap) {
                    self.enqueue(
                        &txn,
                        crate::canon::canonicalize(&url),
                        UrlKind::Sitemap,
                        0,
                        entry.portal,
                        None,
                        0,
                        false,
                    )?;
                }
            }
        }
        let crawl_delay = self
            .hosts
            .get(&origin)
            .and_then(|h| h.robots.as_ref())
            .and_then(|r| r.crawl_delay);
        let mut next_allowed = None;
        match outcome {
            Outcome::Disallowed => {
                self.totals.disallowed += 1;
                txn.finish(key)?;
                tracing::debug!(url = %entry.url, "robots.txt không cho phép");
            }
            Outcome::Failed(error) => {
                entry.attempts += 1;
                if entry.attempts <= self.politeness.max_retries {
                    next_allowed = Some(finished + backoff(&self.politeness, entry.attempts, None));
                    self.retry(&txn, &origin, key, &entry)?;
                } else {
                    tracing::warn!(url = %entry.url, "bỏ qua sau {} lần thử: {error}", entry.attempts);
                    self.totals.errors += 1;
                    txn.finish(key)?;
                }
            }
            Outcome::Fetched(exchange) => {
                let delay = delay_after(&self.politeness, exchange.elapsed, crawl_delay);
                next_allowed = Some(finished + delay);
                if matches!(exchange.status, 429 | 503)
                    && entry.attempts < self.politeness.max_retries
                {
                    let retry_after = exchange.header("retry-after").and_then(parse_retry_after);
                    if retry_after.is_some_and(|r| {
                        r > Duration::from_millis(self.politeness.max_retry_after_ms)
                    }) {
                        tracing::warn!(url = %entry.url, "Retry-After quá dài, bỏ qua");
                        self.totals.errors += 1;
                        txn.finish(key)?;
                    } else {
                        entry.attempts += 1;
                        let wait =
                            backoff(&self.politeness, entry.attempts, retry_after).max(delay);
                        next_allowed = Some(finished + wait);
                        self.retry(&txn, &origin, key, &entry)?;
                    }
                } else {
                    self.archive(&txn, &entry, &exchange)?;
                    txn.finish(key)?;
                }
            }
        }
        if let Some(host) = self.hosts.get_mut(&origin) {
            host.busy = false;
            if next_allowed.is_some() {
                host.next_allowed = next_allowed;
            }
        }
        self.commit(txn)
    }

    /// Puts a URL back at the head of its host's queue for another attempt.
    fn retry(
        &mut self,
        txn: &FrontierTxn,
        origin: &str,
        key: u64,
        entry: &QueuedUrl,
    ) -> Result<(), CrawlError> {
        self.totals.retries += 1;
        txn.requeue(key, entry)?;
        let host = self.hosts.entry(origin.to_string()).or_default();
        host.queue.push_front((key, entry.clone()));
        Ok(())
    }

    /// Commits a unit of work; durably every `checkpoint_pages`.
    fn commit(&mut self, txn: FrontierTxn) -> Result<(), CrawlError> {
        self.since_checkpoint += 1;
        if self.since_checkpoint >= self.limits.checkpoint_pages {
            self.warc.sync()?;
            self.save_position(&txn)?;
            txn.commit()?;
            // A durable commit persists the non-durable ones before it.
            self.checkpoint(false)
        } else {
            self.save_position(&txn)?;
            txn.commit()
        }
    }

    fn save_position(&mut self, txn: &FrontierTxn) -> Result<(), CrawlError> {
        self.position.committed_len = self.warc.len();
        txn.set_warc_position(&self.position)
    }

    fn checkpoint(&mut self, rotate: bool) -> Result<(), CrawlError> {
        self.since_checkpoint = 0;
        let txn = self.frontier.begin(true)?;
        if rotate {
            self.position = WarcPosition {
                file: warc_name(self.position.next_file_number),
                committed_len: 0,
                next_file_number: self.position.next_file_number + 1,
            };
            txn.set_warc_position(&self.position)?;
            txn.commit()?;
            self.warc = WarcWriter::open(&self.out, &self.position.file, 0)?;
            self.totals.warc_files.push(self.position.file.clone());
            self.begin_file()?;
            Ok(())
        } else {
            self.position.committed_len = self.warc.len();
            txn.set_warc_position(&self.position)?;
            txn.commit()
        }
    }

    /// Writes the records of one exchange and queues what it links to.
    fn archive(
        &mut self,
        txn: &FrontierTxn,
        entry: &QueuedUrl,
        exchange: &Exchange,
    ) -> Result<(), CrawlError> {
        self.totals.pages += 1;
        self.totals.bytes += exchange.body.len() as u64;
        let url = exchange.url.as_str();
        let date = warc::warc_date(exchange.started);
        let previous = txn.validators(url)?;
        let payload_digest = warc::sha1_digest(&exchange.body);
        let mime = exchange.header("content-type").map(str::to_string);
        let mut response = WarcRecord::new(
            "response",
            exchange.started,
            "application/http;msgtype=response",
        );
        let mut outlinks: Option<Vec<String>> = None;
        let mut is_revisit = false;
        if exchange.status == 304 {
            if let Some(prev) = &previous {
                response = WarcRecord::new(
                    "revisit",
                    exchange.started,
                    "application/http;msgtype=response",
                )
                .field("WARC-Profile", warc::PROFILE_SERVER_NOT_MODIFIED)
                .field("WARC-Refers-To", prev.record_id.clone())
                .field("WARC-Refers-To-Target-URI", url)
                .field("WARC-Refers-To-Date", prev.date.clone())
                .field("WARC-Payload-Digest", prev.payload_digest.clone());
                outlinks = Some(prev.outlinks.clone());
                is_revisit = true;
            }
        } else if exchange.status == 200 && !exchange.body.is_empty() && !exchange.truncated {
            if let Some(origin) = txn.payload_origin(&payload_digest)? {
                response = WarcRecord::new(
                    "revisit",
                    exchange.started,
                    "application/http;msgtype=response",
                )
                .field("WARC-Profile", warc::PROFILE_IDENTICAL_PAYLOAD)
                .field("WARC-Refers-To", origin.record_id)
                .field("WARC-Refers-To-Target-URI", origin.url.clone())
                .field("WARC-Refers-To-Date", origin.date);
                is_revisit = true;
                if origin.url == url {
                    outlinks = previous.as_ref().map(|p| p.outlinks.clone());
                }
            }
        }
        response = response
            .field("WARC-Target-URI", url)
            .field("WARC-Warcinfo-ID", self.warcinfo_id.clone());
        if let Some(ip) = exchange.remote_ip {
            response = response.field("WARC-IP-Address", ip.to_string());
        }
        if is_revisit {
            self.totals.revisits += 1;
            if response.get("WARC-Payload-Digest").is_none() {
                response = response.field("WARC-Payload-Digest", payload_digest.clone());
            }
            response = response.with_block(exchange.response_head.clone());
        } else {
            response = response.field("WARC-Payload-Digest", payload_digest.clone());
            if exchange.truncated {
                response = response.field("WARC-Truncated", "length");
            }
            let mut block = exchange.response_head.clone();
            block.extend_from_slice(&exchange.body);
            response = response.with_block(block);
        }
        let response_id = response
            .get("WARC-Record-ID")
            .unwrap_or_default()
            .to_string();
        let request = WarcRecord::new(
            "request",
            exchange.started,
            "application/http;msgtype=request",
        )
        .field("WARC-Target-URI", url)
        .field("WARC-Warcinfo-ID", self.warcinfo_id.clone())
        .field("WARC-Concurrent-To", response_id.clone())
        .with_block(exchange.request_head.clone());
        let response_type = response.get("WARC-Type").unwrap_or("response").to_string();
        let location = self.warc.write(&response)?;
        self.warc.write(&request)?;
        txn.add_index_entry(&IndexEntry {
            url: url.to_string(),
            date: date.clone(),
            record_type: response_type,
            status: Some(exchange.status),
            digest: response.get("WARC-Payload-Digest").map(str::to_string),
            mime: mime.clone(),
            location,
        })?;
        if exchange.status >= 400 {
            self.totals.errors += 1;
        }

        // Where the exchange leads.
        if (300..400).contains(&exchange.status) && exchange.status != 304 {
            if let Some(target) = exchange
                .header("location")
                .and_then(|l| crate::canon::resolve(&exchange.url, l))
            {
                if entry.redirects + 1 > self.politeness.max_redirects {
                    tracing::warn!(%url, "quá nhiều lần chuyển hướng");
                    self.totals.errors += 1;
                } else if txn.seen(target.as_str())? {
                    tracing::debug!(%url, %target, "chuyển hướng tới URL đã gặp (vòng lặp?)");
                } else {
                    self.enqueue(
                        txn,
                        target,
                        entry.kind,
                        entry.depth,
                        entry.portal,
                        entry.parent.as_deref(),
                        entry.redirects + 1,
                        false,
                    )?;
                }
            }
            return Ok(());
        }
        let found = match outlinks {
            Some(stored) => stored,
            None if exchange.status == 200 && !(is_revisit && previous.is_none()) => {
                self.follow(txn, entry, exchange, &response_id, &date)?
            }
            None => Vec::new(),
        };
        for link in &found {
            if let Ok(link_url) = Url::parse(link) {
                let kind = if links::looks_like_attachment(&link_url) {
                    UrlKind::Attachment
                } else {
                    UrlKind::Page
                };
                self.enqueue(
                    txn,
                    link_url,
                    kind,
                    entry.depth + 1,
                    entry.portal,
                    Some(url),
                    0,
                    false,
                )?;
            }
        }
        if exchange.status == 200 {
            let previous_outlinks = found;
            if !is_revisit {
                txn.set_payload_origin(
                    &payload_digest,
                    &PayloadOrigin {
                        url: url.to_string(),
                        record_id: response_id.clone(),
                        date: date.clone(),
                    },
                )?;
            }
            let (record_id, date) = match (&previous, is_revisit) {
                (Some(p), true) => (p.record_id.clone(), p.date.clone()),
                _ => (response_id, date),
            };
            txn.set_validators(
                url,
                &Validators {
                    etag: exchange.header("etag").map(str::to_string),
                    last_modified: exchange.header("last-modified").map(str::to_string),
                    payload_digest,
                    record_id,
                    date,
                    outlinks: previous_outlinks,
                },
            )?;
        }
        Ok(())
    }

    /// Reads a fresh 200 response: sitemap entries and feed items are queued here; page links
    /// are returned (and stored as the page's outlinks); attachments get a conversion record.
    fn follow(
        &mut self,
        txn: &FrontierTxn,
        entry: &QueuedUrl,
        exchange: &Exchange,
        response_id: &str,
        date: &str,
    ) -> Result<Vec<String>, CrawlError> {
        let content_type = exchange
            .header("content-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let head = &exchange.body[..exchange.body.len().min(1024)];
        let head_text = String::from_utf8_lossy(head);
        if let Some(format) = attachment::detect(&exchange.body, Some(&content_type)) {
            self.convert_attachment(txn, entry, exchange, format, response_id, date)?;
            return Ok(Vec::new());
        }
        let is_sitemap = entry.kind == UrlKind::Sitemap
            || head_text.contains("<urlset")
            || head_text.contains("<sitemapindex")
            || exchange.body.starts_with(&[0x1f, 0x8b]);
        if is_sitemap && entry.kind != UrlKind::Page {
            let found = links::sitemap_entries(&exchange.body, &exchange.url);
            for sitemap in found.sitemaps {
                self.enqueue(
                    txn,
                    sitemap,
                    UrlKind::Sitemap,
                    entry.depth,
                    entry.portal,
                    None,
                    0,
                    false,
                )?;
            }
            for page in found.pages {
                let kind = if links::looks_like_attachment(&page) {
                    UrlKind::Attachment
                } else {
                    UrlKind::Page
                };
                self.enqueue(txn, page, kind, 1, entry.portal, None, 0, false)?;
            }
            return Ok(Vec::new());
        }
        let is_feed = entry.kind == UrlKind::Feed
            || head_text.contains("<rss")
            || head_text.contains("<feed");
        if is_feed && !content_type.contains("html") {
            for link in links::feed_links(&exchange.body, &exchange.url) {
                let kind = if link.attachment {
                    UrlKind::Attachment
                } else {
                    UrlKind::Page
                };
                self.enqueue(txn, link.url, kind, 1, entry.portal, None, 0, false)?;
            }
            return Ok(Vec::new());
        }
        let is_html = content_type.contains("html")
            || (content_type.is_empty() && head_text.to_ascii_lowercase().contains("<html"));
        if !is_html {
            return Ok(Vec::new());
        }
        let decoded = charset::decode(&exchange.body, exchange.header("content-type"));
        tracing::trace!(url = %exchange.url, encoding = decoded.encoding.name(), source = ?decoded.source, "bảng mã");
        Ok(links::html_links(&decoded.text, &exchange.url)
            .into_iter()
            .map(|l| l.url.to_string())
            .collect())
    }

    /// Archives the text of a PDF/DOCX/DOC as a WARC conversion record pointing at its response
    /// and naming the page that linked it (`Tracuu-Linked-From`, an extension field).
    fn convert_attachment(
        &mut self,
        txn: &FrontierTxn,
        entry: &QueuedUrl,
        exchange: &Exchange,
        format: attachment::AttachmentFormat,
        response_id: &str,
        date: &str,
    ) -> Result<(), CrawlError> {
        let url = exchange.url.as_str();
        let text = match attachment::extract_text(&exchange.body, format) {
            Ok(text) => text,
            Err(error) => {
                tracing::warn!(%url, "không trích được văn bản đính kèm: {error}");
                return Ok(());
            }
        };
        self.totals.attachments += 1;
        let mut record =
            WarcRecord::new("conversion", exchange.started, "text/plain; charset=utf-8")
                .field("WARC-Target-URI", url)
                .field("WARC-Refers-To", response_id)
                .field("WARC-Warcinfo-ID", self.warcinfo_id.clone())
                .field("Tracuu-Attachment-Format", format.name());
        if let Some(parent) = &entry.parent {
            record = record.field("Tracuu-Linked-From", parent.clone());
        }
        let record = record.with_block(text.into_bytes());
        let location = self.warc.write(&record)?;
        txn.add_index_entry(&IndexEntry {
            url: url.to_string(),
            date: date.to_string(),
            record_type: "conversion".into(),
            status: None,
            digest: record.get("WARC-Block-Digest").map(str::to_string),
            mime: Some("text/plain".into()),
            location,
        })
    }

    /// Final durable commit and the index file.
    fn close(&mut self) -> Result<(), CrawlError> {
        self.warc.sync()?;
        self.checkpoint(false)?;
        self.write_index()
    }

    fn write_index(&self) -> Result<(), CrawlError> {
        let mut entries = self.frontier.index_entries()?;
        entries.sort_by(|a, b| a.url.cmp(&b.url).then(a.date.cmp(&b.date)));
        let mut out = String::new();
        for entry in entries {
            let stamp: String = entry
                .date
                .chars()
                .filter(char::is_ascii_digit)
                .take(14)
                .collect();
            let json = serde_json::to_string(&entry)?;
            out.push_str(&format!("{} {stamp} {json}\n", entry.url));
        }
        let path = self.out.join(INDEX_FILE);
        write_atomically(&path, out.as_bytes())
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CrawlError> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(|e| CrawlError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| CrawlError::io(path, e))
}

/// The work done for one URL away from the loop: robots.txt first when the host has no fresh
/// copy, then the GET.
struct HostTask {
    fetcher: Arc<Fetcher>,
    politeness: Politeness,
    origin: String,
    key: u64,
    entry: QueuedUrl,
    robots: Option<Arc<RobotsEntry>>,
    validators: Option<Validators>,
}

impl HostTask {
    async fn run(self) -> TaskResult {
        let url = match Url::parse(&self.entry.url) {
            Ok(url) => url,
            Err(e) => {
                return self.done(None, Outcome::Failed(FetchError::Other(e.to_string())));
            }
        };
        let mut fetched_robots = None;
        if self.politeness.obey_robots {
            let now = Utc::now().timestamp();
            let robots = match &self.robots {
                Some(r) if r.is_fresh(now, self.politeness.robots_cache_hours) => r.clone(),
                _ => {
                    let (entry, stored, elapsed) = self.fetch_robots(&url).await;
                    let wait = delay_after(&self.politeness, elapsed, entry.crawl_delay);
                    tokio::time::sleep(wait).await;
                    fetched_robots = Some(stored);
                    Arc::new(entry)
                }
            };
            if !robots.allowed(&url) {
                return self.done(fetched_robots, Outcome::Disallowed);
            }
        }
        let (etag, last_modified) = match &self.validators {
            Some(v) => (v.etag.clone(), v.last_modified.clone()),
            None => (None, None),
        };
        let outcome = match self
            .fetcher
            .get(&url, etag.as_deref(), last_modified.as_deref())
            .await
        {
            Ok(exchange) => Outcome::Fetched(Box::new(exchange)),
            Err(error) => Outcome::Failed(error),
        };
        self.done(fetched_robots, outcome)
    }

    fn done(self, robots: Option<StoredRobots>, outcome: Outcome) -> TaskResult {
        TaskResult {
            origin: self.origin,
            key: self.key,
            entry: self.entry,
            robots,
            outcome,
            finished: Instant::now(),
        }
    }

    /// Fetches robots.txt, following up to five redirects (RFC 9309 2.3.1.2).
    async fn fetch_robots(&self, url: &Url) -> (RobotsEntry, StoredRobots, Duration) {
        let mut target = match url.join("/robots.txt") {
            Ok(t) => t,
            Err(_) => url.clone(),
        };
        let token = &self.politeness.robots_token;
        let now = Utc::now().timestamp();
        let mut elapsed = Duration::ZERO;
        for _ in 0..=5 {
            match self.fetcher.get(&target, None, None).await {
                Ok(exchange) => {
                    elapsed += exchange.elapsed;
                    if (300..400).contains(&exchange.status) {
                        if let Some(next) = exchange
                            .header("location")
                            .and_then(|l| target.join(l).ok())
                        {
                            target = next;
                            continue;
                        }
                    }
                    let stored = StoredRobots {
                        fetched_at: now,
                        status: exchange.status,
                        body: exchange.body.clone(),
                    };
                    return (
                        RobotsEntry::from_response(exchange.status, &exchange.body, token, now),
                        stored,
                        elapsed,
                    );
                }
                Err(error) => {
                    tracing::warn!(%target, "robots.txt không tải được, tạm coi như cấm: {error}");
                    // Not stored: the next crawl asks again instead of trusting an outage for 24 h.
                    let entry = RobotsEntry::from_response(0, b"", token, now);
                    let stored = StoredRobots {
                        fetched_at: now - 86_400,
                        status: 0,
                        body: Vec::new(),
                    };
                    return (entry, stored, elapsed);
                }
            }
        }
        // Too many redirects: RFC 9309 lets a crawler treat that as unavailable (allow all).
        let stored = StoredRobots {
            fetched_at: now,
            status: 404,
            body: Vec::new(),
        };
        (
            RobotsEntry::from_response(404, b"", token, now),
            stored,
            elapsed,
        )
    }
}
