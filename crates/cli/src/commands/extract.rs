//! `tracuu extract [--json] PATH`

use std::path::PathBuf;

/// Flags of `tracuu extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Print JSON (document and facts) instead of text.
    #[arg(long)]
    json: bool,
    /// A file: .txt, .html, .jsonl, .warc, .warc.gz.
    path: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    for doc in tracuu_extract::extract_path(&args.path)? {
        let facts = tracuu_facts::extract_facts(&doc);
        if args.json {
            let value = serde_json::json!({ "document": doc, "facts": facts });
            println!("{}", serde_json::to_string_pretty(&value)?);
        } else {
            println!("# {}\n", doc.title);
            for p in &doc.paragraphs {
                println!("{p}\n");
            }
        }
    }
    Ok(())
}
