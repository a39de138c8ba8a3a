//! `tracuu serve [--index DIR] [--addr 127.0.0.1:8080] [--corpus DIR] [--config FILE]`

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use tracuu_server::Config;

/// Flags of `tracuu serve`. Each overrides the same key of the configuration file.
#[derive(clap::Args)]
pub struct Args {
    /// Index directory (built from the corpus on first start) [default: index].
    #[arg(long)]
    index: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080, loopback only].
    #[arg(long)]
    addr: Option<SocketAddr>,
    /// Corpus to index on first start [default: corpus].
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// TOML configuration file (addr, index, corpus, [limits]).
    #[arg(long)]
    config: Option<PathBuf>,
}

/// The configuration file (or the defaults) with the flags laid over it.
fn config(args: &Args) -> anyhow::Result<Config> {
    let mut config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    if let Some(index) = &args.index {
        config.index = index.clone();
    }
    if let Some(addr) = args.addr {
        config.addr = addr;
    }
    if let Some(corpus) = &args.corpus {
        config.corpus = corpus.clone();
    }
    Ok(config)
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let config = config(&args)?;
    let index = tracuu_index::SearchIndex::open_or_create(&config.index)
        .with_context(|| format!("mở chỉ mục {}", config.index.display()))?;
    if index.num_docs() == 0 {
        eprintln!(
            "chỉ mục {} còn trống: đang lập chỉ mục từ {} ...",
            config.index.display(),
            config.corpus.display()
        );
        let options = tracuu_index::IngestOptions {
            progress: true,
            ..Default::default()
        };
        let report = index
            .ingest_paths(std::slice::from_ref(&config.corpus), &options)
            .with_context(|| format!("lập chỉ mục {}", config.corpus.display()))?;
        eprintln!(
            "đã lập chỉ mục {} văn bản ({} byte), {} lỗi",
            report.documents,
            report.bytes,
            report.errors.len()
        );
        for error in report.errors.iter().take(10) {
            eprintln!("  {error}");
        }
    }
    eprintln!("phục vụ tại http://{} (Ctrl-C để dừng)", config.addr);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(tracuu_server::serve_with(
        Arc::new(index),
        config.addr,
        config.limits,
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tracuu.toml");
        std::fs::write(&path, "addr = \"127.0.0.1:9000\"\nindex = \"from-file\"\n").unwrap();
        let args = Args {
            index: None,
            addr: Some("127.0.0.1:9100".parse().unwrap()),
            corpus: None,
            config: Some(path),
        };
        let c = config(&args).unwrap();
        assert_eq!(c.addr.port(), 9100);
        assert_eq!(c.index, PathBuf::from("from-file"));
        assert_eq!(c.corpus, PathBuf::from("corpus"));
    }
}
