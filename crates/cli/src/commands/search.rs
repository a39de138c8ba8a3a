//! `tracuu search [...] QUERY` and `tracuu search --queries FILE`.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Context;
use tracuu_index::{SearchIndex, SearchRequest, SearchResults, Sort};

/// Flags of `tracuu search`.
#[derive(clap::Args)]
pub struct Args {
    /// Index directory.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Print one JSON result.
    #[arg(long)]
    json: bool,
    #[arg(long, default_value_t = 10)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Document kind (news, directive, resolution, official_letter, decision, ...).
    #[arg(long)]
    kind: Option<String>,
    /// Agency id or name.
    #[arg(long)]
    agency: Option<String>,
    /// Place (province, old or new name).
    #[arg(long)]
    place: Option<String>,
    /// Topic id or label.
    #[arg(long)]
    topic: Option<String>,
    /// YYYY-MM-DD
    #[arg(long)]
    from: Option<chrono::NaiveDate>,
    /// YYYY-MM-DD
    #[arg(long)]
    to: Option<chrono::NaiveDate>,
    /// relevance or date
    #[arg(long, default_value = "relevance", value_parser = ["relevance", "date"])]
    sort: String,
    /// One query a line ('-' for stdin); prints one JSON result a line.
    #[arg(long, conflicts_with = "query")]
    queries: Option<PathBuf>,
    /// The query.
    #[arg(required_unless_present = "queries")]
    query: Option<String>,
}

impl Args {
    fn request(&self, query: &str) -> SearchRequest {
        SearchRequest {
            query: query.to_string(),
            kind: self.kind.clone(),
            agency: self.agency.clone(),
            place: self.place.clone(),
            topic: self.topic.clone(),
            from: self.from,
            to: self.to,
            sort: if self.sort == "date" {
                Sort::Date
            } else {
                Sort::Relevance
            },
            limit: self.limit,
            offset: self.offset,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let index = SearchIndex::open_or_create(&args.index)
        .with_context(|| format!("cannot open the index at {}", args.index.display()))?;
    if let Some(path) = &args.queries {
        return run_batch(&index, &args, path);
    }
    let query = args.query.clone().unwrap_or_default();
    let results = index.search(&args.request(&query))?;
    if args.json {
        println!("{}", serde_json::to_string(&results)?);
    } else {
        print_human(&results, args.offset);
    }
    Ok(())
}

/// One query a line; one JSON result (or `{"query","error"}`) a line.
fn run_batch(index: &SearchIndex, args: &Args, path: &PathBuf) -> anyhow::Result<()> {
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?,
        ))
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in reader.lines() {
        let line = line?;
        let query = line.trim();
        if query.is_empty() {
            continue;
        }
        let json = match index.search(&args.request(query)) {
            Ok(results) => serde_json::to_string(&results)?,
            Err(error) => serde_json::to_string(&serde_json::json!({
                "query": query,
                "error": error.to_string(),
            }))?,
        };
        writeln!(out, "{json}")?;
    }
    out.flush()?;
    Ok(())
}

/// Turns `<mark>` runs into terminal emphasis and unescapes the snippet.
fn terminal_snippet(snippet: &str) -> String {
    snippet
        .replace("<mark>", "\u{1b}[1;33m")
        .replace("</mark>", "\u{1b}[0m")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn print_human(results: &SearchResults, offset: usize) {
    println!(
        "{} kết quả cho «{}» ({:.1} ms)",
        results.total, results.query, results.took_ms
    );
    for (i, hit) in results.hits.iter().enumerate() {
        println!();
        let date = hit
            .published
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|| "không rõ ngày".into());
        println!("{}. {} [{}, {}]", offset + i + 1, hit.title, hit.kind, date);
        if let Some(url) = &hit.url {
            println!("   {url}");
        }
        println!("   {}", terminal_snippet(&hit.snippet));
        if !hit.references.is_empty() {
            println!("   Dẫn chiếu: {}", hit.references.join(", "));
        }
        if hit.duplicates > 0 {
            println!("   (+{} bản gần trùng)", hit.duplicates);
        }
        println!("   id: {}  điểm: {:.2}", hit.id, hit.score);
    }
    for (name, counts) in &results.facets {
        if counts.is_empty() {
            continue;
        }
        let values: Vec<String> = counts
            .iter()
            .take(8)
            .map(|c| format!("{} ({})", c.value, c.count))
            .collect();
        println!("\n{name}: {}", values.join(", "));
    }
}
