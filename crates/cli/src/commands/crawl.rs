//! `tracuu crawl [--config portals.toml] [--max-pages N] [--resume] [--out corpus/raw] [--seed URL ...]`

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use tracuu_crawl::{CrawlConfig, CrawlOptions, ProgressBar};

/// Flags of `tracuu crawl`.
#[derive(clap::Args)]
pub struct Args {
    /// Portal configuration (ignored when --seed is given).
    #[arg(long, default_value = "portals.toml")]
    config: PathBuf,
    /// One-off crawl of these URLs' hosts with default politeness (no config file needed).
    #[arg(long = "seed", value_name = "URL")]
    seeds: Vec<String>,
    /// Stop after this many fetched pages (the queue is kept for --resume).
    #[arg(long)]
    max_pages: Option<u64>,
    /// Continue an interrupted crawl from its frontier in --out.
    #[arg(long)]
    resume: bool,
    /// Folder of the WARC files, the frontier and index.cdxj.
    #[arg(long, default_value = "corpus/raw")]
    out: PathBuf,
    /// Override the minimum delay between two requests to one host (milliseconds).
    #[arg(long)]
    delay_ms: Option<u64>,
    /// Override the maximum adaptive delay (milliseconds).
    #[arg(long)]
    max_delay_ms: Option<u64>,
    /// Override the read timeout (milliseconds).
    #[arg(long)]
    timeout_ms: Option<u64>,
    /// Ignore robots.txt. Only for one's own test portals.
    #[arg(long)]
    ignore_robots: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut config = if args.seeds.is_empty() {
        CrawlConfig::from_path(&args.config)
            .with_context(|| format!("đọc cấu hình {}", args.config.display()))?
    } else {
        CrawlConfig::from_seeds(&args.seeds)?
    };
    if let Some(max) = args.max_pages {
        config.limits.max_pages = Some(max);
    }
    if let Some(ms) = args.delay_ms {
        config.politeness.min_delay_ms = ms;
        if args.max_delay_ms.is_none() {
            config.politeness.max_delay_ms = config.politeness.max_delay_ms.max(ms);
        }
        if ms == 0 {
            config.politeness.delay_factor = 0.0;
        }
    }
    if let Some(ms) = args.max_delay_ms {
        config.politeness.max_delay_ms = ms;
    }
    if let Some(ms) = args.timeout_ms {
        config.politeness.read_timeout_ms = ms;
    }
    if args.ignore_robots {
        config.politeness.obey_robots = false;
    }
    let progress = Arc::new(ProgressBar::new(config.limits.max_pages));
    let options = CrawlOptions {
        out: args.out.clone(),
        resume: args.resume,
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let summary = runtime.block_on(tracuu_crawl::crawl(config, options, progress))?;
    eprintln!(
        "đã lưu {} trang ({} byte, {} bản ghi revisit, {} tệp đính kèm) vào {}; {} lỗi, {} bị robots.txt chặn, {} URL còn trong hàng đợi",
        summary.pages,
        summary.bytes,
        summary.revisits,
        summary.attachments,
        args.out.display(),
        summary.errors,
        summary.disallowed,
        summary.queued
    );
    Ok(())
}
