//! `tracuu crawl [...]`

/// Flags of `tracuu crawl`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("tracuu crawl chưa được hiện thực")
}
