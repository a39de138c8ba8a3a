//! Prints a sample of facts found in news articles (baomoi 2016-17 corpus), to eyeball precision
//! on text the gold does not cover. Run:
//! `cargo run -p tracuu-facts --example news_sample -- [articles] [mentioning]`

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use tracuu_facts::extract_facts_from_text;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3000);
    let filter = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "môi trường".to_string());
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/corpora/vn_news_baomoi/vn_news_baomoi.jsonl.xz");
    let Ok(file) = std::fs::File::open(&path) else {
        println!("SKIPPED: {} not found", path.display());
        return;
    };
    println!("file: {}", path.display());
    let reader = BufReader::new(xz2::read::XzDecoder::new(file));
    let (mut docs, mut refs, mut assigns) = (0, 0, 0);
    for line in reader.lines().map_while(Result::ok) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let text = tracuu_text::normalize(v["text"].as_str().unwrap_or(""));
        if !text.contains(filter.as_str()) {
            continue;
        }
        docs += 1;
        if docs > n {
            break;
        }
        let f = extract_facts_from_text(&text, v["title"].as_str().unwrap_or(""));
        for r in &f.references {
            refs += 1;
            if refs % 7 == 0 {
                println!(
                    "REF  {:<55} | {} {:?} {:?} {:?}",
                    text[r.span.start..r.span.end]
                        .chars()
                        .take(55)
                        .collect::<String>(),
                    r.doc_type,
                    r.number,
                    r.date,
                    r.issuer
                );
            }
        }
        for a in &f.assignments {
            assigns += 1;
            if assigns % 5 == 0 {
                let ids: Vec<&str> = a.agencies.iter().map(|x| x.id.as_str()).collect();
                println!(
                    "ASGN {:?} {:?} <- {:?}: {}",
                    a.role,
                    ids,
                    a.assigner.as_ref().map(|x| x.id.as_str()),
                    a.task.chars().take(90).collect::<String>()
                );
            }
        }
    }
    println!("articles {docs}, references {refs}, assignments {assigns}");
}
