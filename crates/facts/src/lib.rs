//! The facts users ask about, extracted from a [`Document`].
//!
//! SKELETON: the types below are the contract the index and server crates build against;
//! `extract_facts` is a placeholder until the facts issue lands.

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
    /// so the same number from two provinces stays two documents.
    pub key: String,
    pub span: Span,
}

/// A canonical agency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Agency {
    /// Stable id, e.g. "so-tnmt/lang-son".
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
}

/// Extracts every fact of a document.
pub fn extract_facts(doc: &Document) -> Facts {
    let _ = doc;
    Facts::default()
}
