//! Precision and recall of the extractor against a hand-written gold file of the five seeds.
//!
//! Run with `cargo test -p tracuu-facts --test seeds_gold -- --nocapture` to see the figures.

use std::path::PathBuf;

use serde_json::Value;
use tracuu_extract::Document;
use tracuu_facts::{extract_facts, Facts, Span};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One paragraph per non-empty line, title empty: independent of the extract crate's
/// boilerplate rules, as the gold was written over the whole seed.
fn seed_document(name: &str) -> Document {
    let path = repo().join("corpus/seeds").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let text = tracuu_text::normalize(&text);
    let mut doc = Document::new(name.to_string(), String::new());
    doc.paragraphs = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    doc
}

/// Spans of gold items: each `at` searched from just after the previous item's start.
fn locate(body: &str, items: &[Value]) -> Vec<Span> {
    let mut from = 0;
    items
        .iter()
        .map(|item| {
            let at = item["at"].as_str().expect("gold item has `at`");
            let at = tracuu_text::normalize(at);
            let start = body[from..]
                .find(at.as_str())
                .map(|i| from + i)
                .unwrap_or_else(|| panic!("gold `at` not found after {from}: {at}"));
            from = start + body[start..].chars().next().map_or(1, char::len_utf8);
            Span {
                start,
                end: start + at.len(),
            }
        })
        .collect()
}

fn overlap(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

#[derive(Default)]
struct Score {
    predicted: usize,
    gold: usize,
    /// Gold items matched by a prediction.
    found: usize,
    /// Predictions matching a gold item.
    correct: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    fn recall(&self) -> f64 {
        ratio(self.found, self.gold)
    }
    fn add(&mut self, predicted: usize, gold: usize, found: usize, correct: usize) {
        self.predicted += predicted;
        self.gold += gold;
        self.found += found;
        self.correct += correct;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// One list of gold items of one seed, located in its body.
struct GoldList<'a> {
    items: &'a [Value],
    spans: Vec<Span>,
    label: &'a str,
    seed: &'a str,
    body: &'a str,
}

/// Matches predictions against located gold items: (predicted, gold, found, correct).
fn score<P>(
    preds: &[P],
    span_of: impl Fn(&P) -> Span,
    gold: &GoldList,
    same: impl Fn(&P, &Value) -> bool,
) -> (usize, usize, usize, usize) {
    let matches = |p: &P, i: usize| overlap(span_of(p), gold.spans[i]) && same(p, &gold.items[i]);
    let found = (0..gold.items.len())
        .filter(|&i| {
            let hit = preds.iter().any(|p| matches(p, i));
            if !hit {
                println!("  MISSED {} {}: {}", gold.label, gold.seed, gold.items[i]);
            }
            hit
        })
        .count();
    let correct = preds
        .iter()
        .filter(|p| {
            let hit = (0..gold.items.len()).any(|i| matches(p, i));
            if !hit {
                let s = span_of(p);
                let end = s.end.min(gold.body.len());
                println!(
                    "  EXTRA {} {}: {:?}",
                    gold.label,
                    gold.seed,
                    &gold.body[s.start..end]
                );
            }
            hit
        })
        .count();
    (preds.len(), gold.items.len(), found, correct)
}

#[test]
fn seeds_precision_and_recall_against_gold() {
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/gold/seeds.json"),
        )
        .expect("gold file"),
    )
    .expect("gold is JSON");
    let (mut refs, mut agencies, mut assignments) =
        (Score::default(), Score::default(), Score::default());
    let (mut dates_ok, mut dates_n, mut issuers_ok, mut issuers_n) = (0, 0, 0, 0);
    for g in gold["docs"].as_array().expect("docs") {
        let seed = g["seed"].as_str().expect("seed");
        let doc = seed_document(seed);
        let body = doc.body();
        let facts: Facts = extract_facts(&doc);

        let golds = g["references"].as_array().expect("references");
        let spans = locate(&body, golds);
        let list = GoldList {
            items: golds,
            spans: spans.clone(),
            label: "reference",
            seed,
            body: &body,
        };
        let r = score(
            &facts.references,
            |r| r.span,
            &list,
            |r, gv| {
                r.doc_type == gv["doc_type"].as_str().unwrap_or_default()
                    && r.number.as_deref() == gv["number"].as_str()
            },
        );
        refs.add(r.0, r.1, r.2, r.3);
        for (gv, s) in golds.iter().zip(&spans) {
            let Some(p) = facts.references.iter().find(|p| overlap(p.span, *s)) else {
                continue;
            };
            if let Some(d) = gv["date"].as_str() {
                dates_n += 1;
                dates_ok += usize::from(p.date.map(|x| x.to_string()).as_deref() == Some(d));
            }
            if let Some(i) = gv["issuer"].as_str() {
                issuers_n += 1;
                let ok = p.issuer.as_deref() == Some(i);
                if !ok {
                    println!("  ISSUER {seed}: want {i:?}, got {:?}", p.issuer);
                }
                issuers_ok += usize::from(ok);
            }
        }

        let golds = g["agencies"].as_array().expect("agencies");
        let list = GoldList {
            items: golds,
            spans: locate(&body, golds),
            label: "agency",
            seed,
            body: &body,
        };
        let r = score(
            &facts.agencies,
            |a| a.span,
            &list,
            |a, gv| a.agency.id == gv["id"].as_str().unwrap_or_default(),
        );
        agencies.add(r.0, r.1, r.2, r.3);

        let golds = g["assignments"].as_array().expect("assignments");
        let list = GoldList {
            items: golds,
            spans: locate(&body, golds),
            label: "assignment",
            seed,
            body: &body,
        };
        let r = score(
            &facts.assignments,
            |a| a.span,
            &list,
            |a, gv| {
                let mut want: Vec<&str> = gv["agencies"]
                    .as_array()
                    .map(|v| v.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut got: Vec<&str> = a.agencies.iter().map(|x| x.id.as_str()).collect();
                want.sort();
                got.sort();
                let role = serde_json::to_value(a.role).ok();
                let assigner_ok = gv["assigner"]
                    .as_str()
                    .is_none_or(|want| a.assigner.as_ref().map(|x| x.id.as_str()) == Some(want));
                want == got && role.as_ref() == Some(&gv["role"]) && assigner_ok
            },
        );
        assignments.add(r.0, r.1, r.2, r.3);
    }
    for (name, s) in [
        ("references", &refs),
        ("agencies", &agencies),
        ("assignments", &assignments),
    ] {
        println!(
            "{name:<12} gold {:>3} predicted {:>3}  precision {:.3}  recall {:.3}",
            s.gold,
            s.predicted,
            s.precision(),
            s.recall()
        );
    }
    println!("reference fields: date {dates_ok}/{dates_n}, issuer {issuers_ok}/{issuers_n}");
    for (name, s) in [
        ("references", &refs),
        ("agencies", &agencies),
        ("assignments", &assignments),
    ] {
        assert!(
            s.precision() >= 0.8,
            "{name} precision {:.3} below 0.8",
            s.precision()
        );
        assert!(
            s.recall() >= 0.8,
            "{name} recall {:.3} below 0.8",
            s.recall()
        );
    }
    assert!(dates_ok * 10 >= dates_n * 8, "dates {dates_ok}/{dates_n}");
    assert!(
        issuers_ok * 10 >= issuers_n * 7,
        "issuers {issuers_ok}/{issuers_n}"
    );
}

/// The index answers "who must thẩm định báo cáo đánh giá tác động môi trường" from this.
#[test]
fn eia_appraisal_belongs_to_the_environment_department() {
    let doc = seed_document("001_b3144a3a288443ef.txt");
    let facts = extract_facts(&doc);
    let owners: Vec<&str> = facts
        .assignments
        .iter()
        .filter(|a| {
            tracuu_facts::folded::fold_str(&a.task)
                .contains("tham dinh bao cao danh gia tac dong moi truong")
        })
        .flat_map(|a| a.agencies.iter().map(|x| x.id.as_str()))
        .collect();
    assert_eq!(owners, vec!["so-tai-nguyen-va-moi-truong"]);
}

#[test]
fn seed_places_topics_and_keys() {
    let hp = extract_facts(&seed_document("003_f3915cf9b1d4f94c.txt"));
    let hp_place = hp
        .places
        .iter()
        .find(|p| p.name == "Thành phố Hải Phòng")
        .expect("Hải Phòng is named");
    assert_eq!(hp_place.level, "province");
    assert_eq!(hp_place.province_new.as_deref(), Some("Hải Phòng"));
    assert!(
        hp.references[1].key.ends_with("@hai-phong"),
        "{}",
        hp.references[1].key
    );

    let ls = extract_facts(&seed_document("004_fb9f2cfe9e048bed.txt"));
    let levels: Vec<(&str, &str)> = ls
        .places
        .iter()
        .map(|p| (p.name.as_str(), p.level.as_str()))
        .collect();
    assert!(
        levels.contains(&("thành phố Lạng Sơn", "city")),
        "{levels:?}"
    );
    assert!(levels.contains(&("xã Hoàng Đồng", "commune")), "{levels:?}");
    assert!(!levels.iter().any(|(n, _)| n.contains("129")), "{levels:?}");
    assert_eq!(ls.topics[0].id, "chat-thai", "{:?}", ls.topics);
    // The same "TU" numbers in two cities are two documents.
    assert_eq!(ls.references[0].key, "98-NQ/TU@2020@lang-son");
}

/// A seed as the index sees it: through the extractor, its portal header and banner dropped.
fn extracted_seed(name: &str) -> Document {
    let path = repo().join("corpus/seeds").join(name);
    let mut docs = tracuu_extract::extract_path(&path).expect("seed extracts");
    docs.remove(0)
}

/// The Hải Phòng portal page names its city only in its header and footer, and the Lạng Sơn
/// page about Công văn 1414/UBND-KT only in its banner ("... Đảng bộ tỉnh Lạng Sơn ..."): both
/// must still be found under their province.
#[test]
fn extracted_seeds_know_their_province() {
    for (seed, province) in [
        ("003_f3915cf9b1d4f94c.txt", "Hải Phòng"),
        ("000_145358390abb1efe.txt", "Lạng Sơn"),
        ("004_fb9f2cfe9e048bed.txt", "Lạng Sơn"),
    ] {
        let doc = extracted_seed(seed);
        let facts = extract_facts(&doc);
        assert_eq!(facts.province.as_deref(), Some(province), "{seed}");
    }
}
