//! One HTTP exchange: a GET with the crawler's headers, read up to the body limit, kept as
//! the bytes the WARC records need.
//!
//! Redirects are not followed here: each hop is archived and queued like any URL, so
//! politeness, robots.txt and the duplicate checks apply to it (as Heritrix does).
//! Compressed transfer (gzip, deflate, br) is decoded by reqwest; the archived response holds
//! the decoded entity, and reqwest drops its `Content-Encoding`/`Content-Length` headers so the
//! archived HTTP message stays self-consistent.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT, ACCEPT_LANGUAGE, IF_MODIFIED_SINCE, IF_NONE_MATCH,
};
use url::Url;

use crate::config::Politeness;
use crate::error::CrawlError;

/// One request and its response, as archived.
pub(crate) struct Exchange {
    pub url: Url,
    pub started: DateTime<Utc>,
    pub request_head: Vec<u8>,
    pub status: u16,
    pub response_head: Vec<u8>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub truncated: bool,
    pub elapsed: Duration,
    pub remote_ip: Option<IpAddr>,
}

impl Exchange {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Why no response came back.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FetchError {
    #[error("hết thời gian chờ")]
    Timeout,
    #[error("lỗi kết nối: {0}")]
    Connect(String),
    #[error("lỗi HTTP: {0}")]
    Other(String),
}

/// The HTTP client of a crawl.
pub(crate) struct Fetcher {
    client: reqwest::Client,
    user_agent: String,
    max_body: u64,
}

impl Fetcher {
    pub fn new(politeness: &Politeness) -> Result<Fetcher, CrawlError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            HeaderValue::from_static(
                "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf,*/*;q=0.8",
            ),
        );
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("vi,en;q=0.5"));
        let client = reqwest::Client::builder()
            .user_agent(&politeness.user_agent)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(politeness.connect_timeout())
            .read_timeout(politeness.read_timeout())
            .timeout(politeness.request_timeout())
            // One connection per host: the scheduler never runs two requests to a host at
            // once, and at most one idle connection is kept for reuse.
            .pool_max_idle_per_host(1)
            .build()
            .map_err(|e| CrawlError::Client(e.to_string()))?;
        Ok(Fetcher {
            client,
            user_agent: politeness.user_agent.clone(),
            max_body: politeness.max_body_bytes,
        })
    }

    /// GETs `url`, conditionally when validators of an earlier fetch are given.
    pub async fn get(
        &self,
        url: &Url,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<Exchange, FetchError> {
        let started = Utc::now();
        let clock = Instant::now();
        let mut request = self.client.get(url.clone());
        let mut extra: Vec<(&str, &str)> = Vec::new();
        if let Some(etag) = etag {
            request = request.header(IF_NONE_MATCH, etag);
            extra.push(("If-None-Match", etag));
        }
        if let Some(date) = last_modified {
            request = request.header(IF_MODIFIED_SINCE, date);
            extra.push(("If-Modified-Since", date));
        }
        let request_head = self.request_head(url, &extra);
        let mut response = request.send().await.map_err(classify)?;
        let status = response.status();
        let remote_ip = response.remote_addr().map(|a| a.ip());
        let mut head = format!(
            "{:?} {} {}\r\n",
            response.version(),
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        )
        .into_bytes();
        for (name, value) in response.headers() {
            head.extend_from_slice(name.as_str().as_bytes());
            head.extend_from_slice(b": ");
            head.extend_from_slice(value.as_bytes());
            head.extend_from_slice(b"\r\n");
        }
        head.extend_from_slice(b"\r\n");
        let headers = response.headers().clone();
        let mut body = Vec::new();
        let mut truncated = false;
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            let room = self.max_body.saturating_sub(body.len() as u64) as usize;
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Exchange {
            url: url.clone(),
            started,
            request_head,
            status: status.as_u16(),
            response_head: head,
            headers,
            body,
            truncated,
            elapsed: clock.elapsed(),
            remote_ip,
        })
    }

    /// The request as sent, rebuilt for the WARC request record (reqwest does not expose the
    /// bytes it wrote; these are the headers it was given plus the ones it adds itself).
    fn request_head(&self, url: &Url, extra: &[(&str, &str)]) -> Vec<u8> {
        let mut target = url.path().to_string();
        if let Some(q) = url.query() {
            target.push('?');
            target.push_str(q);
        }
        let host = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap_or("")),
            None => url.host_str().unwrap_or("").to_string(),
        };
        let mut head = format!(
            "GET {target} HTTP/1.1\r\nhost: {host}\r\nuser-agent: {}\r\naccept: text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf,*/*;q=0.8\r\naccept-language: vi,en;q=0.5\r\naccept-encoding: gzip, deflate, br\r\n",
            self.user_agent
        );
        for (name, value) in extra {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

fn classify(error: reqwest::Error) -> FetchError {
    if error.is_timeout() {
        FetchError::Timeout
    } else if error.is_connect() {
        FetchError::Connect(error.to_string())
    } else {
        FetchError::Other(error.to_string())
    }
}
