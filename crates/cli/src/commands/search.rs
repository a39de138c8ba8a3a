//! `tracuu search [...] QUERY`

use std::path::PathBuf;

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
    #[arg(long)]
    kind: Option<String>,
    #[arg(long)]
    agency: Option<String>,
    #[arg(long)]
    place: Option<String>,
    #[arg(long)]
    topic: Option<String>,
    /// YYYY-MM-DD
    #[arg(long)]
    from: Option<chrono::NaiveDate>,
    /// YYYY-MM-DD
    #[arg(long)]
    to: Option<chrono::NaiveDate>,
    /// relevance or date
    #[arg(long, default_value = "relevance")]
    sort: String,
    /// One query a line ('-' for stdin); prints one JSON result a line.
    #[arg(long)]
    queries: Option<PathBuf>,
    /// The query.
    query: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let index = tracuu_index::SearchIndex::open_or_create(&args.index)?;
    let request = tracuu_index::SearchRequest {
        query: args.query.clone().unwrap_or_default(),
        kind: args.kind,
        agency: args.agency,
        place: args.place,
        topic: args.topic,
        from: args.from,
        to: args.to,
        sort: if args.sort == "date" {
            tracuu_index::Sort::Date
        } else {
            tracuu_index::Sort::Relevance
        },
        limit: args.limit,
        offset: args.offset,
    };
    let results = index.search(&request)?;
    println!("{}", serde_json::to_string(&results)?);
    Ok(())
}
