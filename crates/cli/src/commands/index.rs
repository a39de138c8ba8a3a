//! `tracuu index [--index DIR] PATH...`

use std::path::PathBuf;

use anyhow::Context;

/// Flags of `tracuu index`.
#[derive(clap::Args)]
pub struct Args {
    /// Index directory.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Commit every N documents (a crash loses at most the documents since the last commit).
    #[arg(long, default_value_t = tracuu_index::COMMIT_EVERY)]
    commit_every: usize,
    /// Hide the progress bar.
    #[arg(long)]
    quiet: bool,
    /// Files and folders to ingest.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let index = tracuu_index::SearchIndex::open_or_create(&args.index)
        .with_context(|| format!("cannot open the index at {}", args.index.display()))?;
    let options = tracuu_index::IngestOptions {
        commit_every: args.commit_every,
        progress: !args.quiet,
    };
    let report = index.ingest_paths(&args.paths, &options)?;
    for error in &report.errors {
        eprintln!("cảnh báo: {error}");
    }
    eprintln!(
        "đã lập chỉ mục {} văn bản ({:.1} MB), {} lỗi; chỉ mục có {} văn bản",
        report.documents,
        report.bytes as f64 / 1e6,
        report.errors.len(),
        index.num_docs()
    );
    Ok(())
}
