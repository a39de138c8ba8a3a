//! A polite crawler for Vietnamese government portals, archiving every response as WARC 1.1.
//!
//! Flow: [`config`] says what to crawl; the [`frontier`] (redb) holds the queue so a killed
//! crawl resumes; `politeness` and `robots` decide when a host may be asked again; `fetch`
//! does one HTTP exchange; [`warc`] archives it; [`links`] and [`charset`] find what to fetch
//! next; [`attachment`] turns linked PDF/DOCX/DOC files into text.

pub mod attachment;
pub mod canon;
pub mod charset;
pub mod config;
mod crawler;
pub mod error;
mod fetch;
pub mod frontier;
pub mod links;
mod politeness;
pub mod progress;
mod robots;
mod traps;
pub mod warc;

pub use config::{CrawlConfig, Limits, Politeness, Portal};
pub use crawler::{crawl, CrawlOptions, CrawlSummary};
pub use error::CrawlError;
pub use progress::{CrawlProgress, NoProgress, ProgressBar};
