//! Progress of a crawl: pages, bytes, errors and queue, shown with indicatif.

use crate::crawler::CrawlSummary;

/// Receives the running totals of a crawl.
pub trait CrawlProgress: Send + Sync {
    fn update(&self, totals: &CrawlSummary);
    fn finish(&self, totals: &CrawlSummary);
}

/// No display (library use, tests).
pub struct NoProgress;

impl CrawlProgress for NoProgress {
    fn update(&self, _: &CrawlSummary) {}
    fn finish(&self, _: &CrawlSummary) {}
}

/// A spinner line on stderr (hidden when stderr is not a terminal).
pub struct ProgressBar {
    bar: indicatif::ProgressBar,
}

impl ProgressBar {
    pub fn new(max_pages: Option<u64>) -> ProgressBar {
        let bar = match max_pages {
            Some(n) => indicatif::ProgressBar::new(n),
            None => indicatif::ProgressBar::new_spinner(),
        };
        let template = if max_pages.is_some() {
            "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} trang | {msg}"
        } else {
            "{spinner} {elapsed_precise} {pos} trang | {msg}"
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        ProgressBar { bar }
    }

    fn message(totals: &CrawlSummary) -> String {
        format!(
            "{} | lỗi {} | hàng đợi {}",
            indicatif::HumanBytes(totals.bytes),
            totals.errors,
            totals.queued
        )
    }
}

impl CrawlProgress for ProgressBar {
    fn update(&self, totals: &CrawlSummary) {
        self.bar.set_position(totals.pages);
        self.bar.set_message(Self::message(totals));
    }

    fn finish(&self, totals: &CrawlSummary) {
        self.bar.set_position(totals.pages);
        self.bar.finish_with_message(Self::message(totals));
    }
}
