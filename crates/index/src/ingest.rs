//! From documents and files to tantivy documents.

use std::path::{Path, PathBuf};

use tantivy::schema::Facet;
use tantivy::{DateTime, TantivyDocument};
use tracuu_extract::Document;
use tracuu_facts::Facts;

use crate::numbers;
use crate::schema::Fields;

/// Filter keys are folded, lowercase and single-spaced so "Lạng Sơn", "lang son" and
/// "LẠNG  SƠN" are one key.
pub fn filter_value(value: &str) -> String {
    tracuu_text::fold(value)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn facet(value: &str) -> Facet {
    Facet::from_path([value.trim()])
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    let value = value.trim();
    if !value.is_empty() && !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

/// Every cited number of a document: its facts' references, its own number, and (until every
/// extractor reports them) the numbers written in its text.
pub fn cited_numbers(doc: &Document, facts: &Facts, body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for reference in &facts.references {
        if let Some(number) = &reference.number {
            push_unique(&mut out, number);
        }
    }
    if let Some(number) = &doc.number {
        push_unique(&mut out, number);
    }
    for number in numbers::scan(&doc.title)
        .into_iter()
        .chain(numbers::scan(body))
    {
        push_unique(&mut out, number);
    }
    out
}

/// Place names a document is found under: the provinces its places belong to, then and now
/// ("Hải Dương" and "Hải Phòng"), and the province it is about. Only names of the facts
/// crate's province list (never the text as written), so "TP.HCM", "TP Hồ Chí Minh" and "Sài
/// Gòn" are one facet value, which `tracuu_facts::canonical_place` maps a filter onto.
pub fn place_names(facts: &Facts) -> Vec<String> {
    let mut out = Vec::new();
    for place in &facts.places {
        for name in [&place.province, &place.province_new].into_iter().flatten() {
            push_unique(&mut out, name);
        }
    }
    if let Some(province) = facts
        .province
        .as_deref()
        .and_then(tracuu_facts::admin::province)
    {
        push_unique(&mut out, province.name);
        push_unique(&mut out, province.name_new);
    }
    out
}

/// The tantivy document of one extracted document and its facts. The near-duplicate cluster
/// is added by the caller once assigned (see [`crate::cluster`]).
/// `body` is `doc.body()`, computed once by the caller.
pub fn to_tantivy(fields: &Fields, doc: &Document, body: &str, facts: &Facts) -> TantivyDocument {
    let mut t = TantivyDocument::default();
    t.add_text(fields.id, &doc.id);
    t.add_text(fields.title, &doc.title);
    t.add_text(fields.title_folded, &doc.title);
    t.add_text(fields.body, body);
    t.add_text(fields.body_folded, body);
    t.add_text(fields.bigram, &doc.title);
    t.add_text(fields.bigram, body);
    for number in cited_numbers(doc, facts, body) {
        for key in numbers::index_keys(&number) {
            t.add_text(fields.references, &key);
        }
    }
    t.add_facet(fields.kind_facet, facet(doc.kind.as_str()));
    let mut agencies = Vec::new();
    for mention in &facts.agencies {
        if agencies.contains(&mention.agency.id) {
            continue;
        }
        agencies.push(mention.agency.id.clone());
        t.add_facet(fields.agency_facet, facet(&mention.agency.name));
        t.add_text(
            fields.filter_key,
            format!("agency:{}", filter_value(&mention.agency.id)),
        );
        t.add_text(
            fields.filter_key,
            format!("agency:{}", filter_value(&mention.agency.name)),
        );
    }
    for name in place_names(facts) {
        t.add_facet(fields.place_facet, facet(&name));
        t.add_text(fields.filter_key, format!("place:{}", filter_value(&name)));
    }
    for topic in &facts.topics {
        t.add_facet(fields.topic_facet, facet(&topic.label));
        t.add_text(
            fields.filter_key,
            format!("topic:{}", filter_value(&topic.id)),
        );
        t.add_text(
            fields.filter_key,
            format!("topic:{}", filter_value(&topic.label)),
        );
    }
    if let Some(published) = &doc.published {
        let secs = published
            .date
            .and_hms_opt(0, 0, 0)
            .map(|d| d.and_utc().timestamp())
            .unwrap_or(0);
        t.add_date(fields.published, DateTime::from_timestamp_secs(secs));
        t.add_facet(
            fields.year_facet,
            facet(&published.date.format("%Y").to_string()),
        );
    }
    t.add_u64(fields.fingerprint, doc.fingerprint);
    if let Some(site) = &doc.site {
        t.add_text(fields.site, site);
    }
    if let Some(url) = &doc.url {
        t.add_text(fields.url, url);
    }
    t.add_text(
        fields.document_json,
        serde_json::to_string(doc).unwrap_or_default(),
    );
    t.add_text(
        fields.facts_json,
        serde_json::to_string(facts).unwrap_or_default(),
    );
    t
}

/// Extensions the extractor reads.
fn is_ingestible(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_lowercase();
    [".txt", ".html", ".htm", ".jsonl", ".warc", ".warc.gz"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Every ingestible file under `paths` (files as given, folders walked), sorted, with sizes.
pub fn collect_files(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = paths.to_vec();
    while let Some(path) = stack.pop() {
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => match std::fs::read_dir(&path) {
                Ok(entries) => stack.extend(entries.filter_map(|e| e.ok()).map(|e| e.path())),
                Err(e) => errors.push(format!("{}: {e}", path.display())),
            },
            Ok(meta) => {
                // Files named explicitly are tried whatever their extension.
                if paths.contains(&path) || is_ingestible(&path) {
                    out.push((path, meta.len()));
                }
            }
            Err(e) => errors.push(format!("{}: {e}", path.display())),
        }
    }
    out.sort();
    out
}
