//! The JSON shapes of the API, with their OpenAPI schemas.
//!
//! Why mirrors of the index/facts/extract types rather than those types themselves: the
//! OpenAPI document is derived from these (utoipa needs `ToSchema` on every type it describes,
//! and the library crates should not depend on an HTTP documentation crate). Serialising the
//! mirrors, never the originals, guarantees that what is sent is what is documented; the test
//! `search_json_matches_the_index_json` keeps `/api/search` identical to `tracuu search --json`.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One search answer: the shape of `tracuu search --json`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SearchResults {
    pub query: String,
    /// Hits to page through: matching documents, a near-duplicate cluster counted once.
    pub total: usize,
    /// Matching documents, every near-duplicate counted (what the facets count).
    pub documents: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    /// Facet name ("kind", "agency", "place", "topic", "year") to values and counts.
    pub facets: BTreeMap<String, Vec<FacetCount>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub kind: String,
    pub score: f32,
    /// A fragment of the original text as HTML: the text is escaped (`&lt;`, `&amp;`, …) and
    /// every match is wrapped in `<mark>…</mark>`; insert it as HTML, not as text.
    pub snippet: String,
    pub agencies: Vec<String>,
    pub references: Vec<String>,
    /// Near-duplicates collapsed into this hit.
    pub duplicates: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

impl From<tracuu_index::Hit> for Hit {
    fn from(h: tracuu_index::Hit) -> Self {
        Hit {
            id: h.id,
            title: h.title,
            url: h.url,
            published: h.published,
            kind: h.kind,
            score: h.score,
            snippet: h.snippet,
            agencies: h.agencies,
            references: h.references,
            duplicates: h.duplicates,
        }
    }
}

impl From<&tracuu_index::SearchResults> for SearchResults {
    /// From a (cached, shared) answer: its strings are copied once, straight into the API shape.
    fn from(r: &tracuu_index::SearchResults) -> Self {
        SearchResults {
            query: r.query.clone(),
            total: r.total,
            documents: r.documents,
            took_ms: r.took_ms,
            hits: r.hits.iter().cloned().map(Hit::from).collect(),
            facets: r
                .facets
                .iter()
                .map(|(name, values)| {
                    let values = values
                        .iter()
                        .map(|v| FacetCount {
                            value: v.value.clone(),
                            count: v.count,
                        })
                        .collect();
                    (name.clone(), values)
                })
                .collect(),
        }
    }
}

/// Byte range in the document body.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl From<tracuu_facts::Span> for Span {
    fn from(s: tracuu_facts::Span) -> Self {
        Span {
            start: s.start,
            end: s.end,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublishedDate {
    pub date: NaiveDate,
    /// Local time of day as the page gives it, `YYYY-MM-DDTHH:MM:SS` without an offset
    /// (not RFC 3339 `date-time`, which requires one).
    #[schema(value_type = Option<String>)]
    pub time: Option<NaiveDateTime>,
    /// meta_tag, dateline, attribute, record, body_text, http.
    pub source: String,
}

/// A clean document as extracted.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Document {
    pub id: String,
    pub url: Option<String>,
    pub site: Option<String>,
    pub title: String,
    pub published: Option<PublishedDate>,
    pub author: Option<String>,
    /// news, directive, resolution, official_letter, decision, conclusion, legal_text, other.
    pub kind: String,
    /// Vietnamese label of the kind.
    pub kind_label: String,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub paragraphs: Vec<String>,
    pub captions: Vec<String>,
    pub warnings: Vec<String>,
    /// SimHash of the body, as a decimal string (64 bits do not fit a JSON number safely).
    pub fingerprint: String,
}

/// Serialises a unit-like enum to the string its serde form uses ("official_letter", "leads").
fn enum_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

impl From<&tracuu_extract::Document> for Document {
    fn from(d: &tracuu_extract::Document) -> Self {
        Document {
            id: d.id.clone(),
            url: d.url.clone(),
            site: d.site.clone(),
            title: d.title.clone(),
            published: d.published.as_ref().map(|p| PublishedDate {
                date: p.date,
                time: p.time,
                source: enum_name(&p.source),
            }),
            author: d.author.clone(),
            kind: d.kind.as_str().to_string(),
            kind_label: d.kind.label_vi().to_string(),
            number: d.number.clone(),
            issuer: d.issuer.clone(),
            paragraphs: d.paragraphs.clone(),
            captions: d.captions.clone(),
            warnings: d.warnings.clone(),
            fingerprint: d.fingerprint.to_string(),
        }
    }
}

/// A short view of a document, for lists.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DocumentSummary {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub kind: String,
    pub number: Option<String>,
}

impl From<&tracuu_extract::Document> for DocumentSummary {
    fn from(d: &tracuu_extract::Document) -> Self {
        DocumentSummary {
            id: d.id.clone(),
            title: d.title.clone(),
            url: d.url.clone(),
            published: d.published.as_ref().map(|p| p.date),
            kind: d.kind.as_str().to_string(),
            number: d.number.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Reference {
    pub doc_type: String,
    pub number: Option<String>,
    pub issuer_code: Option<String>,
    pub date: Option<NaiveDate>,
    pub issuer: Option<String>,
    pub title: Option<String>,
    pub key: String,
    pub span: Span,
}

impl From<&tracuu_facts::Reference> for Reference {
    fn from(r: &tracuu_facts::Reference) -> Self {
        Reference {
            doc_type: r.doc_type.clone(),
            number: r.number.clone(),
            issuer_code: r.issuer_code.clone(),
            date: r.date,
            issuer: r.issuer.clone(),
            title: r.title.clone(),
            key: r.key.clone(),
            span: r.span.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Agency {
    /// Stable id, e.g. "so-tnmt/lang-son".
    pub id: String,
    pub name: String,
    pub province: Option<String>,
}

impl From<&tracuu_facts::Agency> for Agency {
    fn from(a: &tracuu_facts::Agency) -> Self {
        Agency {
            id: a.id.clone(),
            name: a.name.clone(),
            province: a.province.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AgencyMention {
    pub agency: Agency,
    pub surface: String,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Assignment {
    pub agencies: Vec<Agency>,
    /// leads (chủ trì), cooperates (phối hợp), answers_for (chịu trách nhiệm), assigned.
    pub role: String,
    pub task: String,
    pub assigner: Option<Agency>,
    pub span: Span,
}

impl From<&tracuu_facts::Assignment> for Assignment {
    fn from(a: &tracuu_facts::Assignment) -> Self {
        Assignment {
            agencies: a.agencies.iter().map(Agency::from).collect(),
            role: enum_name(&a.role),
            task: a.task.clone(),
            assigner: a.assigner.as_ref().map(Agency::from),
            span: a.span.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlaceMention {
    pub name: String,
    pub level: String,
    pub province: Option<String>,
    pub province_new: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Topic {
    pub id: String,
    pub label: String,
    pub weight: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Facts {
    pub references: Vec<Reference>,
    pub agencies: Vec<AgencyMention>,
    pub assignments: Vec<Assignment>,
    pub places: Vec<PlaceMention>,
    pub topics: Vec<Topic>,
    /// The province the document is about (canonical name), from its body, title, host or
    /// the portal's banner; absent when none is known.
    pub province: Option<String>,
}

impl From<&tracuu_facts::Facts> for Facts {
    fn from(f: &tracuu_facts::Facts) -> Self {
        Facts {
            references: f.references.iter().map(Reference::from).collect(),
            agencies: f
                .agencies
                .iter()
                .map(|m| AgencyMention {
                    agency: (&m.agency).into(),
                    surface: m.surface.clone(),
                    span: m.span.into(),
                })
                .collect(),
            assignments: f.assignments.iter().map(Assignment::from).collect(),
            places: f
                .places
                .iter()
                .map(|p| PlaceMention {
                    name: p.name.clone(),
                    level: p.level.clone(),
                    province: p.province.clone(),
                    province_new: p.province_new.clone(),
                    span: p.span.into(),
                })
                .collect(),
            topics: f
                .topics
                .iter()
                .map(|t| Topic {
                    id: t.id.clone(),
                    label: t.label.clone(),
                    weight: t.weight,
                })
                .collect(),
            province: f.province.clone(),
        }
    }
}

/// One reference of a document and the corpus documents that bear its number.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CitedReference {
    pub reference: Reference,
    pub documents: Vec<DocumentSummary>,
}

/// One document citing a referenced number, and how it wrote the reference.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Citation {
    pub reference: Reference,
    pub document: Hit,
}

/// `GET /api/documents/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DocumentDetail {
    pub document: Document,
    pub facts: Facts,
    /// Other documents whose SimHash is within 3 bits of this one.
    pub near_duplicates: Vec<DocumentSummary>,
    /// Its numbered references, each with the corpus documents bearing that number.
    pub cites: Vec<CitedReference>,
    /// Documents citing this document's own number, oldest first.
    pub cited_by: Vec<Citation>,
}

/// `GET /api/references/{number}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReferenceDetail {
    /// The number as asked.
    pub number: String,
    /// The number as the corpus writes it most often.
    pub canonical: Option<String>,
    /// What the citing texts say it is (most frequent value of each).
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    /// Every citing document, oldest first.
    pub citing: Vec<Citation>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AgencyCount {
    pub agency: Agency,
    /// Documents mentioning it.
    pub documents: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AgencyList {
    pub agencies: Vec<AgencyCount>,
}

/// An assignment with the document it comes from.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AssignmentHit {
    pub assignment: Assignment,
    pub document: DocumentSummary,
}

/// `GET /api/agencies/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AgencyDetail {
    pub agency: Agency,
    pub documents: u64,
    /// Its assignments, newest first.
    pub assignments: Vec<AssignmentHit>,
}

/// `GET /api/assignments`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AssignmentResults {
    pub query: String,
    pub assignments: Vec<AssignmentHit>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Token {
    pub text: String,
    pub position: usize,
    pub from: usize,
    pub to: usize,
}

/// `GET /healthz`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub documents: u64,
}
