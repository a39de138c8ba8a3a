//! Publication dates of the first 2,000 real news of the baomoi corpus (2016-17), which carry
//! none: taking the latest date of a body dated them 1945, 1952, 1958... Skips, saying so, when
//! the corpus is not on this machine.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use chrono::Datelike;
use tracuu_extract::extract_jsonl;

#[test]
fn undated_news_get_no_historical_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/corpora/vn_news_baomoi/vn_news_baomoi.jsonl.xz");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("SKIPPED: {} not found", path.display());
        return;
    };
    let reader = BufReader::new(xz2::read::XzDecoder::new(file));
    let lines: Vec<String> = reader.lines().map_while(Result::ok).take(2_000).collect();
    let docs = extract_jsonl(&lines.join("\n"));
    assert!(docs.len() > 1_900, "{} documents", docs.len());
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for doc in &docs {
        if let Some(p) = &doc.published {
            *years.entry(p.date.year()).or_default() += 1;
        }
    }
    println!("published years: {years:?}");
    // 25 news were dated before 2010 by their body. One lead is itself history and stays: "Ngày
    // 6/2/1952 sau khi vua George VI từ trần, ..." opens a story on the Queen's 65 years.
    let old: usize = years.range(..2010).map(|(_, n)| n).sum();
    assert!(old <= 1, "{years:?}");
    assert!(
        years.contains_key(&2017),
        "leads that state a date keep it: {years:?}"
    );
}
