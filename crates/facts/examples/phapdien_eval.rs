//! Recall and precision of the reference parser on the Pháp điển (official codification), and
//! documents per second.
//!
//! Each of the ~62,300 articles carries a note citing its source document:
//! `<p class='pGhiChu'>(Điều 1 Nghị định số 75/2021/NĐ-CP ... ngày 24/07/2021 của Chính phủ, ...)</p>`
//! and its own code names the source's type (`Điều 6.5.NĐ.1.1`). The gold of a note is read by a
//! deliberately simple, independent rule: the type from the article code, the number as the
//! first whitespace-delimited token after " số ", the date as "ngày dd/mm/yyyy" before " của ".
//!
//! Run: `cargo run --release -p tracuu-facts --example phapdien_eval [-- max_files]`

use std::collections::HashSet;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use regex::Regex;
use tracuu_facts::{canonical_number, extract_facts_from_text, extract_references, Reference};

struct Article {
    code: String,
    note: String,
    body: String,
}

fn main() {
    linearity();
    let max_files: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(usize::MAX);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/corpora/phapdien_demuc_html/phapdien_demuc_html.tar.xz");
    let Ok(file) = std::fs::File::open(&path) else {
        println!("SKIPPED: {} not found", path.display());
        return;
    };
    println!("file: {}", path.display());
    let mut archive = tar::Archive::new(xz2::read::XzDecoder::new(file));
    let tag_re = Regex::new(r"<[^>]*>").expect("regex");
    let code_re = Regex::new(r"Điều \d+\.\d+\.([A-ZĐ]+)\.").expect("regex");
    let mut articles = Vec::new();
    let (mut files, mut with_content) = (0, 0);
    for entry in archive.entries().expect("tar entries") {
        let Ok(mut entry) = entry else { continue };
        let name = entry
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        if !name.ends_with(".html") {
            continue;
        }
        if files >= max_files {
            break;
        }
        files += 1;
        let mut html = String::new();
        if entry.read_to_string(&mut html).is_err() {
            continue;
        }
        let before = articles.len();
        let clean = |s: &str| {
            let t = tag_re.replace_all(s, " ");
            tracuu_text::normalize(
                &t.replace("&nbsp;", " ")
                    .replace("&amp;", "&")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'"),
            )
        };
        // One chunk per article: its code, its citation note, then its text up to the next
        // cross-reference or heading.
        for chunk in html.split("<p class='pDieu'>").skip(1) {
            let Some((_, after_note)) = chunk.split_once("<p class='pGhiChu'>") else {
                continue;
            };
            let note = after_note.split("</p>").next().unwrap_or("");
            let body = after_note
                .split_once("<p class='pNoiDung'>")
                .map(|(_, b)| {
                    let end = ["<p class='pChiDan'>", "<p class='pChuong'>"]
                        .iter()
                        .filter_map(|m| b.find(m))
                        .min()
                        .unwrap_or(b.len());
                    &b[..end]
                })
                .unwrap_or("");
            let code = code_re
                .captures(chunk)
                .map(|m| m[1].to_string())
                .unwrap_or_default();
            articles.push(Article {
                code,
                note: clean(note).trim().to_string(),
                body: clean(body),
            });
        }
        if articles.len() > before {
            with_content += 1;
        }
    }
    println!(
        "files read: {files} ({with_content} with articles), articles: {}",
        articles.len()
    );

    // Gold, by the simple rule.
    let date_re = Regex::new(r"ngày (\d{1,2})/(\d{1,2})/(\d{4}) của ").expect("regex");
    let (mut gold_n, mut found_n, mut type_ok, mut date_n, mut date_ok) = (0, 0, 0, 0, 0);
    let (mut predicted, mut correct) = (0, 0);
    let mut misses: Vec<String> = Vec::new();
    let mut wrong: Vec<String> = Vec::new();
    let mut date_misses: Vec<String> = Vec::new();
    let start = Instant::now();
    let predictions: Vec<Vec<Reference>> = articles
        .iter()
        .map(|a| extract_references(&a.note))
        .collect();
    let refs_time = start.elapsed();
    for (a, preds) in articles.iter().zip(&predictions) {
        let numbers_in_note: HashSet<String> = a
            .note
            .split(" số ")
            .skip(1)
            .filter_map(|rest| {
                let tok = rest.split([' ', ',', ')', '(']).next()?;
                canonical_number(tok)
            })
            .collect();
        for p in preds {
            if let Some(n) = &p.number {
                predicted += 1;
                if numbers_in_note.contains(n) {
                    correct += 1;
                } else if wrong.len() < 8 {
                    wrong.push(format!("{n} in {}", a.note));
                }
            }
        }
        let Some(gold_number) = a.note.split_once(" số ").and_then(|(_, rest)| {
            let mut parts = rest.split([' ', ',', ')', '(']);
            let mut tok = parts.next()?.to_string();
            // "05/2020/TT- BGTVT": a number broken after its separator.
            if tok.ends_with(['-', '/']) {
                tok.push_str(parts.next().unwrap_or(""));
            }
            canonical_number(&tok)
        }) else {
            continue;
        };
        gold_n += 1;
        let Some(hit) = preds
            .iter()
            .find(|p| p.number.as_deref() == Some(gold_number.as_str()))
        else {
            if misses.len() < 8 {
                misses.push(a.note.chars().take(160).collect());
            }
            continue;
        };
        found_n += 1;
        if type_matches(&a.code, &hit.doc_type) {
            type_ok += 1;
        }
        if let Some(c) = date_re.captures(&a.note) {
            date_n += 1;
            let want = format!("{}-{:0>2}-{:0>2}", &c[3], &c[2], &c[1]);
            if hit.date.map(|d| d.to_string()) == Some(want) {
                date_ok += 1;
            } else if date_misses.len() < 6 {
                date_misses.push(format!(
                    "{:?}: {}",
                    hit.date,
                    a.note.chars().take(300).collect::<String>()
                ));
            }
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!("citation notes with a gold number: {gold_n}");
    println!(
        "recall (cited number found):       {:.2}% ({found_n}/{gold_n})",
        pct(found_n, gold_n)
    );
    println!(
        "type agrees with article code:     {:.2}% ({type_ok}/{found_n})",
        pct(type_ok, found_n)
    );
    println!(
        "date of the cited document:        {:.2}% ({date_ok}/{date_n})",
        pct(date_ok, date_n)
    );
    println!(
        "precision (numbers written in note): {:.2}% ({correct}/{predicted})",
        pct(correct, predicted)
    );
    for m in &misses {
        println!("  miss: {m}");
    }
    for w in &wrong {
        println!("  wrong: {w}");
    }
    for d in &date_misses {
        println!("  date: {d}");
    }

    // Speed: baseline = folding the same texts (the least any extractor must do).
    let bodies: Vec<String> = articles
        .iter()
        .map(|a| format!("{}\n\n{}", a.note, a.body))
        .collect();
    let bytes: usize = bodies.iter().map(String::len).sum();
    let t = Instant::now();
    let mut sink = 0usize;
    for b in &bodies {
        sink += tracuu_facts::folded::Folded::new(b).text.len();
    }
    let base = t.elapsed();
    let t = Instant::now();
    let mut facts_n = 0usize;
    for b in &bodies {
        let f = extract_facts_from_text(b, "");
        facts_n += f.references.len() + f.agencies.len() + f.assignments.len() + f.places.len();
    }
    let full = t.elapsed();
    let secs = |d: std::time::Duration| d.as_secs_f64().max(1e-9);
    println!(
        "speed: references on notes {:.0} notes/s; full facts on articles {:.0} docs/s ({:.1} MB/s, {} facts); fold-only baseline {:.0} docs/s; full facts cost {:.1}x the baseline [{sink}]",
        articles.len() as f64 / secs(refs_time),
        articles.len() as f64 / secs(full),
        bytes as f64 / 1e6 / secs(full),
        facts_n,
        articles.len() as f64 / secs(base),
        secs(full) / secs(base),
    );
}

/// Time per byte on 1x and 40x the five seeds, and on one sentence of ~5,000 words: the ratios
/// show whether extraction stays linear in input size.
fn linearity() {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    let mut one = String::new();
    for entry in std::fs::read_dir(&seeds).into_iter().flatten().flatten() {
        one.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        one.push_str("\n\n");
    }
    if one.trim().is_empty() {
        println!("SKIPPED linearity: no seeds in {}", seeds.display());
        return;
    }
    let time_per_byte = |text: &str, rounds: u32| {
        let t = Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(extract_facts_from_text(text, ""));
        }
        t.elapsed().as_secs_f64() / f64::from(rounds) / text.len() as f64
    };
    let big = one.repeat(40);
    let base = time_per_byte(&one, 40);
    let scaled = time_per_byte(&big, 1);
    let clause = "Sở Tài nguyên và Môi trường phối hợp với Công an tỉnh kiểm tra theo Quyết định số 33-QĐ/TU, ngày 4/11/2020 của Ban Thường vụ Thành ủy, ";
    let sentence = clause.repeat(5000 / clause.split_whitespace().count() + 1);
    let long = time_per_byte(&sentence, 4);
    println!(
        "linearity: seeds {} KB {:.0} ns/byte; 40x seeds {} KB {:.2}x per byte; one {}-word sentence {:.2}x per byte",
        one.len() / 1000,
        base * 1e9,
        big.len() / 1000,
        scaled / base,
        sentence.split_whitespace().count(),
        long / base
    );
}

fn type_matches(code: &str, doc_type: &str) -> bool {
    match code {
        "LQ" => matches!(doc_type, "Luật" | "Bộ luật"),
        "TT" => doc_type == "Thông tư",
        "TL" => doc_type == "Thông tư liên tịch",
        "NĐ" => doc_type == "Nghị định",
        "QĐ" => doc_type == "Quyết định",
        "PL" => doc_type == "Pháp lệnh",
        "NQ" => doc_type.starts_with("Nghị quyết"),
        "CT" => doc_type == "Chỉ thị",
        "SL" => doc_type == "Sắc lệnh",
        _ => true,
    }
}
