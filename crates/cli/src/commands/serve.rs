//! `tracuu serve [--index DIR] [--addr 127.0.0.1:8080] [--config FILE]`

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Flags of `tracuu serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Index directory (built from --corpus on first start).
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Address to listen on (loopback by default).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Corpus to index on first start.
    #[arg(long, default_value = "corpus")]
    corpus: PathBuf,
    /// TOML configuration file.
    #[arg(long)]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let index = tracuu_index::SearchIndex::open_or_create(&args.index)?;
    if index.num_docs() == 0 {
        let options = tracuu_index::IngestOptions {
            commit_every: 1000,
            progress: true,
        };
        index.ingest_paths(std::slice::from_ref(&args.corpus), &options)?;
    }
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(tracuu_server::serve(Arc::new(index), args.addr))?;
    Ok(())
}
