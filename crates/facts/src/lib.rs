//! The facts users ask about, extracted from a [`Document`]: references to other documents,
//! agencies, task assignments, places and environmental topics, each with its byte span in
//! [`Document::body`].
//!
//! Everything runs on one folded copy of the body ([`folded::Folded`]) so that tone styles,
//! capitalisation and missing diacritics do not matter, with regexes from the `regex` crate
//! (linear time) and an Aho-Corasick lexicon: no input can make extraction run away.

pub mod admin;
pub mod agencies;
pub mod assignments;
pub mod folded;
pub mod number;
pub mod places;
pub mod references;
pub mod topics;

pub use agencies::resolve_agency;
pub use number::{canonical_number, issuer_code, number_key, number_lookup_keys};
pub use places::canonical_place;
pub use topics::topic_label;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tracuu_extract::Document;

/// Byte range in [`Document::body`] (or in the title when `in_title`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A reference from one document to another ("Nghị quyết số 98-NQ/TU ngày 15/4/2020 ...").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// Type as written, canonical capitalisation: "Nghị quyết", "Công văn", "Luật", ...
    pub doc_type: String,
    /// Canonical number ("98-NQ/TU", "08/2022/NĐ-CP"), none for unnumbered references.
    pub number: Option<String>,
    /// Issuer code from the number ("TU", "UBND-KT", "NĐ-CP").
    pub issuer_code: Option<String>,
    pub date: Option<NaiveDate>,
    /// Issuing body when the text names it ("Ban Thường vụ Thành ủy").
    pub issuer: Option<String>,
    /// Title or subject for unnumbered references ("Nghị quyết đại hội XIII của Đảng").
    pub title: Option<String>,
    /// Identity of the referenced document: number plus what the text says of issuer and year,
    /// so the same number from two provinces stays two documents ("98-NQ/TU@2020@lang-son",
    /// "08/2022/NĐ-CP@2022"; unnumbered: "luat:luat-bao-ve-moi-truong-2020").
    pub key: String,
    pub span: Span,
    /// Year of the referenced document (from its date, its number or the text: "Luật ... 2020").
    #[serde(default)]
    pub year: Option<i32>,
    /// The issuing body resolved to a canonical agency, when the text names a known one.
    #[serde(default)]
    pub issuer_agency: Option<Agency>,
    /// A short back-reference ("Nghị quyết số 22") resolved to a full one of the same document.
    #[serde(default)]
    pub back_reference: bool,
}

/// A canonical agency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Agency {
    /// Stable id: slug of the canonical name, plus "/province" when the mention names one
    /// ("so-tai-nguyen-va-moi-truong", "uy-ban-nhan-dan-tinh/lang-son").
    pub id: String,
    /// Canonical Vietnamese name ("Sở Tài nguyên và Môi trường").
    pub name: String,
    /// Province or city it belongs to, when known.
    pub province: Option<String>,
}

/// One mention of an agency in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyMention {
    pub agency: Agency,
    /// The text as written ("Sở TN&MT").
    pub surface: String,
    pub span: Span,
    /// The province the document is about, for a local agency whose mention names none
    /// ("Công an tỉnh" in a Lạng Sơn document). Kept apart from `agency.province`, which only
    /// holds what the mention itself says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_province: Option<String>,
}

/// What an agency's part in a task is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// chủ trì
    Leads,
    /// phối hợp
    Cooperates,
    /// chịu trách nhiệm
    AnswersFor,
    /// assigned without a stated role ("giao Sở X ...", "Sở X tăng cường ...")
    Assigned,
}

/// Who owns which task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub agencies: Vec<Agency>,
    pub role: Role,
    pub task: String,
    pub assigner: Option<Agency>,
    pub span: Span,
}

/// A place mention, with its province before and after the 1 July 2025 merger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceMention {
    pub name: String,
    /// "province", "city", "district", "commune".
    pub level: String,
    /// The province as named at the time of writing.
    pub province: Option<String>,
    /// The province after the 2025 merger.
    pub province_new: Option<String>,
    pub span: Span,
}

/// An environmental field a document is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Topic {
    /// Stable id ("chat-thai").
    pub id: String,
    /// Vietnamese label ("Chất thải").
    pub label: String,
    /// How many lexicon hits support it.
    pub weight: u32,
}

/// Every fact of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub references: Vec<Reference>,
    pub agencies: Vec<AgencyMention>,
    pub assignments: Vec<Assignment>,
    pub places: Vec<PlaceMention>,
    pub topics: Vec<Topic>,
    /// The province the document is about (see [`context_province`]), also when no sentence
    /// of its body names it: a portal's page about "UBND tỉnh" says its province only in its
    /// banner or host, and a search by place must still find it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
}

/// Extracts every fact of a document. The document's province (for local agencies and local
/// reference numbers) comes from its body's places, else its title's, else its portal's host.
pub fn extract_facts(doc: &Document) -> Facts {
    let body = doc.body();
    let host = doc.url.as_deref().or(doc.site.as_deref());
    let header = header_lines(doc);
    facts_of(&body, &doc.title, host, &header)
}

/// The lines cleaning dropped as the portal's header or banner ("Cổng thông tin điện tử /
/// Thành phố Hải Phòng", "... Đảng bộ tỉnh Lạng Sơn lần thứ XVII"): they name the portal's
/// province, the last resort for the document's own.
fn header_lines(doc: &Document) -> Vec<&str> {
    doc.dropped
        .iter()
        .filter(|d| d.reason == "portal_header" || d.reason == "banner")
        .map(|d| d.text.as_str())
        .collect()
}

/// Extracts every fact of a body text (spans are offsets into `body`); the title only adds
/// topic evidence and, with no place in the body, the document's province.
pub fn extract_facts_from_text(body: &str, title: &str) -> Facts {
    facts_of(body, title, None, &[])
}

fn facts_of(body: &str, title: &str, host: Option<&str>, header: &[&str]) -> Facts {
    let folded = folded::Folded::new(body);
    let places = places::find_places(body, &folded);
    let folded_title = folded::Folded::new(title);
    let context = context_province(&places)
        .or_else(|| context_province(&places::find_places(title, &folded_title)))
        .or_else(|| host.and_then(province_of_host))
        .or_else(|| header.iter().find_map(|line| province_of_line(line)));
    let agencies = agencies::find_agencies(body, &folded, context.as_deref());
    let references = references::find_references(body, &folded, &agencies, context.as_deref());
    let assignments = assignments::find_assignments(body, &folded, &agencies);
    let topics = topics::find_topics(&[&folded_title, &folded]);
    Facts {
        references,
        agencies,
        assignments,
        places,
        topics,
        province: context,
    }
}

/// The province a single line names most.
fn province_of_line(line: &str) -> Option<String> {
    context_province(&places::find_places(line, &folded::Folded::new(line)))
}

/// Only the references of a text (the Pháp điển evaluation measures this path alone).
pub fn extract_references(body: &str) -> Vec<Reference> {
    let folded = folded::Folded::new(body);
    let agencies = agencies::find_agencies(body, &folded, None);
    references::find_references(body, &folded, &agencies, None)
}

/// The province of a portal's host name ("haiphong.gov.vn", "https://langson.gov.vn/...",
/// "baolangson.vn"): provincial portals carry the province's name without spaces.
pub fn province_of_host(host: &str) -> Option<String> {
    let host = host
        .split("://")
        .last()
        .unwrap_or(host)
        .split('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let first = host.split('.').find(|l| *l != "www")?;
    admin::provinces()
        .iter()
        .map(|p| (p, folded::fold_str(p.name).replace(' ', "")))
        .filter(|(_, squashed)| squashed.len() >= 5 && first.contains(squashed.as_str()))
        .max_by_key(|(_, squashed)| squashed.len())
        .map(|(p, _)| p.name.to_string())
}

/// The province a document is about: the one its places name most often (first on ties).
pub fn context_province(places: &[PlaceMention]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for p in places {
        let Some(name) = p.province.as_deref() else {
            continue;
        };
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, c)) => *c += 1,
            None => counts.push((name, 1)),
        }
    }
    let best = counts.iter().map(|(_, c)| *c).max()?;
    counts
        .into_iter()
        .find(|(_, c)| *c == best)
        .map(|(n, _)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_from_portal_host() {
        assert_eq!(
            province_of_host("haiphong.gov.vn").as_deref(),
            Some("Hải Phòng")
        );
        assert_eq!(
            province_of_host("https://www.langson.gov.vn/tin-tuc/1").as_deref(),
            Some("Lạng Sơn")
        );
        assert_eq!(
            province_of_host("baolangson.vn").as_deref(),
            Some("Lạng Sơn")
        );
        assert_eq!(province_of_host("vbpl.vn"), None);
    }

    #[test]
    fn title_gives_the_province_when_the_body_names_none() {
        let mut doc = Document::new("d".into(), "Hải Phòng: kiểm tra Nghị quyết".into());
        doc.paragraphs = vec![
            "Thực hiện Nghị quyết số 22-NQ/TU ngày 24/3/2005 của Ban Thường vụ Thành ủy.".into(),
        ];
        let facts = extract_facts(&doc);
        assert_eq!(facts.references[0].key, "22-NQ/TU@2005@hai-phong");
    }
}
