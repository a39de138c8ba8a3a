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
            print_document(&doc);
        }
    }
    Ok(())
}

/// The document as a reader checks it: metadata, body, then what was set aside and why.
fn print_document(doc: &tracuu_extract::Document) {
    println!("# {}\n", doc.title);
    println!("id: {}", doc.id);
    if let Some(url) = &doc.url {
        println!("url: {url}");
    }
    if let Some(site) = &doc.site {
        println!("trang: {site}");
    }
    println!("loại: {} ({})", doc.kind.label_vi(), doc.kind.as_str());
    if let Some(p) = &doc.published {
        let when = p.time.map_or_else(
            || p.date.format("%d/%m/%Y").to_string(),
            |t| t.format("%d/%m/%Y %H:%M").to_string(),
        );
        println!("ngày: {when} (nguồn: {:?})", p.source);
    }
    for (label, value) in [
        ("tác giả", &doc.author),
        ("số hiệu", &doc.number),
        ("cơ quan ban hành", &doc.issuer),
        ("hiệu lực", &doc.validity),
    ] {
        if let Some(v) = value {
            println!("{label}: {v}");
        }
    }
    println!("fingerprint: {:016x}\n", doc.fingerprint);
    for p in &doc.paragraphs {
        println!("{p}\n");
    }
    if !doc.captions.is_empty() {
        println!("## Chú thích ảnh");
        for c in &doc.captions {
            println!("- {c}");
        }
        println!();
    }
    if !doc.dropped.is_empty() {
        println!("## Đã bỏ ({})", doc.dropped.len());
        for d in &doc.dropped {
            let text: String = d.text.chars().take(100).collect();
            println!("- [{}] {text}", d.reason);
        }
        println!();
    }
    if !doc.warnings.is_empty() {
        println!("## Cảnh báo");
        for w in &doc.warnings {
            println!("- {w}");
        }
    }
}
