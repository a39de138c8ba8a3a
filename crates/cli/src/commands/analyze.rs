//! `tracuu analyze [--json] TEXT`

use std::collections::BTreeMap;

/// Flags of `tracuu analyze`.
#[derive(clap::Args)]
pub struct Args {
    /// Print one JSON object keyed by analyzer name.
    #[arg(long)]
    json: bool,
    /// The text to analyse.
    text: String,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut streams = BTreeMap::new();
    for name in tracuu_text::analyzer_names() {
        let tokens = tracuu_text::analyze(name, &args.text).unwrap_or_default();
        streams.insert(*name, tokens);
    }
    if args.json {
        println!("{}", serde_json::to_string(&streams)?);
        return Ok(());
    }
    for (name, tokens) in streams {
        println!("{name}:");
        for t in tokens {
            println!("  {:>3} {:>5}..{:<5} {}", t.position, t.from, t.to, t.text);
        }
    }
    Ok(())
}
