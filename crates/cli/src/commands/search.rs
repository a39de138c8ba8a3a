//! `tracuu search [...] QUERY` and `tracuu search --queries FILE`.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use tracuu_extract::DocumentKind;
use tracuu_index::{SearchIndex, SearchRequest, SearchResults, Sort};

/// Every kind the index knows, for `--kind` and its error message.
const KINDS: [DocumentKind; 8] = DocumentKind::ALL;

/// Facets in the order the web page shows them, with their Vietnamese labels.
const FACET_LABELS: [(&str, &str); 5] = [
    ("kind", "loại văn bản"),
    ("agency", "cơ quan"),
    ("place", "địa phương"),
    ("topic", "lĩnh vực"),
    ("year", "năm"),
];

/// Flags of `tracuu search`.
#[derive(clap::Args)]
pub struct Args {
    /// Index directory.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Print one JSON result.
    #[arg(long)]
    json: bool,
    /// Hits per query, 1 to 100 (as the API).
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Hits to skip, at most 10,000 (as the API).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Document kind: news, directive, resolution, official_letter, decision, conclusion,
    /// legal_text or other.
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
    /// One query a line ('-' for stdin); prints one JSON line per input line, in order: the
    /// result, or `{"query","error"}` (an empty line gives the error "truy vấn trống").
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

/// The API's limits on paging (`tracuu_server::Limits`), so the CLI refuses what the API refuses.
fn check_paging(args: &Args) -> anyhow::Result<()> {
    let limits = tracuu_server::Limits::default();
    if args.limit == 0 || args.limit > limits.max_limit {
        bail!(
            "--limit phải từ 1 đến {} (nhận {})",
            limits.max_limit,
            args.limit
        );
    }
    if args.offset > limits.max_offset {
        bail!(
            "--offset tối đa {} (nhận {})",
            limits.max_offset,
            args.offset
        );
    }
    Ok(())
}

/// Refuses a `--kind` the index does not know (it would silently match nothing).
fn check_kind(kind: Option<&str>) -> anyhow::Result<()> {
    match kind {
        Some(k) if DocumentKind::parse(k).is_none() => {
            let known: Vec<String> = KINDS
                .iter()
                .map(|k| format!("{} ({})", k.as_str(), k.label_vi()))
                .collect();
            bail!(
                "loại văn bản không hợp lệ: {k:?}; các loại có: {}",
                known.join(", ")
            )
        }
        _ => Ok(()),
    }
}

/// Opens an existing index. Why not `open_or_create`: a mistyped `--index` would leave an empty
/// index behind and answer "0 kết quả" as if the corpus held nothing. (`serve` does create one,
/// from the corpus, on first start.)
fn open_existing(dir: &Path) -> anyhow::Result<SearchIndex> {
    if !dir.join("meta.json").is_file() {
        bail!(
            "không có chỉ mục tại {}: hãy lập chỉ mục trước bằng `tracuu index --index {} THƯ_MỤC_VĂN_BẢN`",
            dir.display(),
            dir.display()
        );
    }
    SearchIndex::open_or_create(dir)
        .with_context(|| format!("không mở được chỉ mục tại {}", dir.display()))
}

pub fn run(args: Args) -> anyhow::Result<()> {
    check_paging(&args)?;
    check_kind(args.kind.as_deref())?;
    let index = open_existing(&args.index)?;
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

/// One query a line; one JSON line per input line, so output line N answers input line N.
fn run_batch(index: &SearchIndex, args: &Args, path: &PathBuf) -> anyhow::Result<()> {
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(path)
                .with_context(|| format!("không đọc được {}", path.display()))?,
        ))
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in reader.lines() {
        writeln!(out, "{}", batch_line(index, args, line?.trim())?)?;
    }
    out.flush()?;
    Ok(())
}

/// The JSON answer to one line of `--queries`: the results, or `{"query","error"}`. An empty
/// line is an error, not a search: the index would answer it with every document.
fn batch_line(index: &SearchIndex, args: &Args, query: &str) -> anyhow::Result<String> {
    let error = |message: String| {
        serde_json::to_string(&serde_json::json!({ "query": query, "error": message }))
    };
    if query.is_empty() {
        return Ok(error("truy vấn trống".to_string())?);
    }
    Ok(match index.search(&args.request(query)) {
        Ok(results) => serde_json::to_string(&results)?,
        Err(e) => error(e.to_string())?,
    })
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

/// Vietnamese name of a kind's machine name (the name itself if unknown).
fn kind_label(kind: &str) -> &str {
    match DocumentKind::parse(kind) {
        Some(k) => k.label_vi(),
        None => kind,
    }
}

/// A facet's values as "giá trị (số)", kinds by their Vietnamese names.
fn facet_line(name: &str, counts: &[tracuu_index::FacetCount]) -> String {
    let values: Vec<String> = counts
        .iter()
        .take(8)
        .map(|c| {
            let value = if name == "kind" {
                kind_label(&c.value)
            } else {
                &c.value
            };
            format!("{value} ({})", c.count)
        })
        .collect();
    values.join(", ")
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
        let kind = kind_label(&hit.kind);
        println!("{}. {} [{kind}, {date}]", offset + i + 1, hit.title);
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
    for (name, label) in FACET_LABELS {
        match results.facets.get(name) {
            Some(counts) if !counts.is_empty() => {
                println!("\n{label}: {}", facet_line(name, counts))
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    fn args(flags: &[&str]) -> Args {
        Cli::parse_from(std::iter::once("search").chain(flags.iter().copied())).args
    }

    #[test]
    fn kinds_and_paging_are_checked_as_the_api_does() {
        assert!(check_kind(Some("directive")).is_ok());
        assert!(check_kind(None).is_ok());
        let e = check_kind(Some("foo")).unwrap_err().to_string();
        assert!(e.starts_with("loại văn bản không hợp lệ: \"foo\""), "{e}");
        assert!(e.contains("official_letter (Công văn)"), "{e}");
        assert!(check_paging(&args(&["x"])).is_ok());
        assert!(check_paging(&args(&["--limit", "100", "x"])).is_ok());
        let e = check_paging(&args(&["--limit", "0", "x"])).unwrap_err();
        assert_eq!(e.to_string(), "--limit phải từ 1 đến 100 (nhận 0)");
        assert!(check_paging(&args(&["--limit", "101", "x"])).is_err());
        assert!(check_paging(&args(&["--offset", "10001", "x"])).is_err());
    }

    #[test]
    fn a_missing_index_is_an_error_and_is_not_created() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("khong-co");
        let e = open_existing(&dir)
            .err()
            .expect("no index there")
            .to_string();
        assert!(e.starts_with("không có chỉ mục tại"), "{e}");
        assert!(e.contains("tracuu index"), "{e}");
        assert!(!dir.exists(), "nothing created");
    }

    #[test]
    fn every_batch_line_gets_its_own_answer() {
        let index = SearchIndex::in_memory().unwrap();
        let a = args(&["--queries", "-"]);
        let empty: serde_json::Value =
            serde_json::from_str(&batch_line(&index, &a, "").unwrap()).unwrap();
        assert_eq!(
            empty,
            serde_json::json!({"query": "", "error": "truy vấn trống"})
        );
        let found: serde_json::Value =
            serde_json::from_str(&batch_line(&index, &a, "môi trường").unwrap()).unwrap();
        assert_eq!(found["query"], "môi trường");
        assert!(found["total"].is_u64(), "{found}");
    }

    #[test]
    fn facets_and_kinds_read_in_vietnamese() {
        let counts = [
            tracuu_index::FacetCount {
                value: "news".into(),
                count: 5,
            },
            tracuu_index::FacetCount {
                value: "official_letter".into(),
                count: 2,
            },
        ];
        assert_eq!(facet_line("kind", &counts), "Tin tức (5), Công văn (2)");
        assert_eq!(facet_line("place", &counts[..1]), "news (5)");
        let labels: Vec<&str> = FACET_LABELS.iter().map(|(_, l)| *l).collect();
        assert_eq!(
            labels,
            ["loại văn bản", "cơ quan", "địa phương", "lĩnh vực", "năm"]
        );
    }
}
