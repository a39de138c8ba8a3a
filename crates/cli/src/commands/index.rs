//! `tracuu index [--index DIR] PATH...`

use std::path::PathBuf;

/// Flags of `tracuu index`.
#[derive(clap::Args)]
pub struct Args {
    /// Index directory.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Commit every N documents.
    #[arg(long, default_value_t = 1000)]
    commit_every: usize,
    /// Files and folders to ingest.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let index = tracuu_index::SearchIndex::open_or_create(&args.index)?;
    let options = tracuu_index::IngestOptions {
        commit_every: args.commit_every,
        progress: true,
    };
    let report = index.ingest_paths(&args.paths, &options)?;
    eprintln!(
        "đã lập chỉ mục {} văn bản ({} byte), {} lỗi",
        report.documents,
        report.bytes,
        report.errors.len()
    );
    Ok(())
}
