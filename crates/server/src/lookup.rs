//! What the service answers beyond a plain search, built from the index's primitives
//! (`search`, `document`, `citing`, `agencies`, `assignments`). Shared by the API and the page,
//! synchronous: callers run it through `AppState::blocking`.

use std::collections::{BTreeMap, HashMap, HashSet};

use tracuu_index::{SearchIndex, SearchRequest};

use crate::api::model::{
    Agency, AgencyCount, AgencyDetail, AssignmentHit, Citation, CitedReference, DocumentDetail,
    DocumentSummary, Hit, Reference, ReferenceDetail,
};
use crate::error::ApiError;

/// Most near-duplicates listed on a document's page.
const NEAR_DUPLICATES_LISTED: usize = 50;

/// `GET /api/documents/{id}`.
pub fn document_detail(index: &SearchIndex, id: &str) -> Result<DocumentDetail, ApiError> {
    let stored = index
        .document(id)?
        .ok_or_else(|| ApiError::NotFound(format!("không có văn bản với mã {id:?}")))?;
    let doc = &stored.document;
    let near_duplicates = near_duplicates(index, doc);
    let mut cites = Vec::new();
    let mut seen = HashSet::new();
    for reference in &stored.facts.references {
        let Some(number) = &reference.number else {
            continue;
        };
        if !seen.insert(reference.key.clone()) {
            continue;
        }
        cites.push(CitedReference {
            reference: reference.into(),
            documents: documents_numbered(index, number, &doc.id),
        });
    }
    let cited_by = match &doc.number {
        Some(number) => citations(index, number)?
            .into_iter()
            .filter(|c| c.document.id != doc.id)
            .collect(),
        None => Vec::new(),
    };
    Ok(DocumentDetail {
        document: doc.into(),
        facts: (&stored.facts).into(),
        near_duplicates,
        cites,
        cited_by,
    })
}

/// The other members of `doc`'s near-duplicate cluster, as assigned at ingest (shingle
/// containment and SimHash copies, see `tracuu_index::cluster`): the same directive reprinted
/// by another portal with its own lead is found, as the search's collapsing finds it (best
/// effort: an index error gives none).
fn near_duplicates(index: &SearchIndex, doc: &tracuu_extract::Document) -> Vec<DocumentSummary> {
    index
        .near_duplicates(&doc.id, NEAR_DUPLICATES_LISTED)
        .unwrap_or_default()
        .iter()
        .map(|s| DocumentSummary::from(&s.document))
        .collect()
}

/// Corpus documents that are themselves the numbered text `number`.
fn documents_numbered(index: &SearchIndex, number: &str, except: &str) -> Vec<DocumentSummary> {
    let request = SearchRequest {
        query: number.to_string(),
        limit: 10,
        ..SearchRequest::default()
    };
    let Ok(results) = index.search(&request) else {
        return Vec::new();
    };
    let wanted = number_key(number);
    results
        .hits
        .iter()
        .filter(|h| h.id != except)
        .filter_map(|h| index.document(&h.id).ok().flatten())
        .filter(|s| s.document.number.as_deref().map(number_key) == Some(wanted.clone()))
        .map(|s| DocumentSummary::from(&s.document))
        .collect()
}

/// A number compared loosely: folded, spaces removed ("98-NQ/TU" = "98-nq/tu").
fn number_key(number: &str) -> String {
    tracuu_text::fold(number)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Every document citing `number`, oldest first (undated last).
fn citations(index: &SearchIndex, number: &str) -> Result<Vec<Citation>, ApiError> {
    let mut citing: Vec<Citation> = index
        .citing(number)?
        .into_iter()
        .map(|(reference, hit)| Citation {
            reference: (&reference).into(),
            document: Hit::from(hit),
        })
        .collect();
    citing.sort_by_key(|c| (c.document.published.is_none(), c.document.published));
    Ok(citing)
}

/// `GET /api/references/{number}`.
pub fn reference_detail(index: &SearchIndex, number: &str) -> Result<ReferenceDetail, ApiError> {
    let number = number.trim();
    if number.is_empty() {
        return Err(ApiError::BadRequest("thiếu số hiệu văn bản".to_string()));
    }
    let citing = citations(index, number)?;
    if citing.is_empty() {
        return Err(ApiError::NotFound(format!(
            "không văn bản nào trong kho dẫn chiếu {number:?}"
        )));
    }
    let refs: Vec<&Reference> = citing.iter().map(|c| &c.reference).collect();
    Ok(ReferenceDetail {
        number: number.to_string(),
        canonical: most_common(refs.iter().filter_map(|r| r.number.clone())),
        doc_type: most_common(refs.iter().map(|r| r.doc_type.clone())),
        issuer: most_common(refs.iter().filter_map(|r| r.issuer.clone())),
        date: most_common(refs.iter().filter_map(|r| r.date)),
        title: most_common(refs.iter().filter_map(|r| r.title.clone())),
        citing,
    })
}

/// The value said most often (ties: the smallest, so answers are stable).
fn most_common<T: Ord>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: BTreeMap<T, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
}

/// `GET /api/agencies`: every agency, most documents first.
pub fn agency_list(index: &SearchIndex) -> Result<Vec<AgencyCount>, ApiError> {
    let mut list: Vec<AgencyCount> = index
        .agencies()?
        .iter()
        .map(|(agency, n)| AgencyCount {
            agency: agency.into(),
            documents: *n,
        })
        .collect();
    list.sort_by_cached_key(|a| {
        (
            std::cmp::Reverse(a.documents),
            vietnamese_key(&a.agency.name),
            a.agency.id.clone(),
        )
    });
    Ok(list)
}

/// The Vietnamese alphabet, in order. Letters with a breve, circumflex or horn and "đ" are
/// letters of their own (a < ă < â < b, d < đ < e, o < ô < ơ < p, u < ư < v); f, j, w, z
/// only appear in foreign names and take their Latin places.
const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// Tone marks in dictionary order (no mark first): huyền, hỏi, ngã, sắc, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

/// A sort key putting names in Vietnamese dictionary order: letters by `ALPHABET` (case
/// ignored), then, between names with the same letters, tones in `TONES` order, then lower
/// case before upper case. Compared as three levels, like a collator's primary, secondary and
/// tertiary strengths: "Hội đồng" < "Hội Nông dân" < "Đài" < "Ủy ban".
///
/// Why our own: byte order puts "Đ"/"Ủ" after "Z" and capitals before small letters; the
/// collator that does this properly (ICU4X `icu_collator`, with CLDR's Vietnamese tailoring)
/// is not among the crates this workspace can build offline, and a list of agency names needs
/// only these three levels.
pub fn vietnamese_key(name: &str) -> (Vec<u32>, Vec<u8>, Vec<bool>) {
    use unicode_normalization::UnicodeNormalization;
    let (mut letters, mut tones, mut cases) = (Vec::new(), Vec::new(), Vec::new());
    let mut chars = name.nfd().peekable();
    while let Some(c) = chars.next() {
        let mut letter: String = c.to_lowercase().collect();
        let mut tone = 0;
        while let Some(&mark) = chars.peek() {
            if let Some(t) = TONES.iter().position(|&t| t == mark) {
                tone = t as u8 + 1;
            } else if matches!(mark, '\u{306}' | '\u{302}' | '\u{31b}') {
                letter.push(mark);
            } else {
                break;
            }
            chars.next();
        }
        let letter: String = letter.nfc().collect();
        letters.push(primary_weight(&letter));
        tones.push(tone);
        cases.push(c.is_uppercase());
    }
    (letters, tones, cases)
}

/// Weight of one (lower-case, toneless) letter: spaces and punctuation first, then digits,
/// then the alphabet, then anything else by code point.
fn primary_weight(letter: &str) -> u32 {
    let mut chars = letter.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return 0x11_0000 + letter.chars().map(u32::from).sum::<u32>();
    };
    if let Some(i) = ALPHABET.chars().position(|a| a == c) {
        return 200 + i as u32;
    }
    match c {
        c if c.is_whitespace() => 0,
        c if c.is_ascii_digit() => 100 + (c as u32 - '0' as u32),
        c if !c.is_alphanumeric() => 1 + (c as u32 % 50),
        c => 1000 + c as u32,
    }
}

/// `GET /api/agencies/{id}`: the agency and its assignments, newest first.
pub fn agency_detail(index: &SearchIndex, id: &str) -> Result<AgencyDetail, ApiError> {
    let (agency, documents) = index
        .agency(id)?
        .ok_or_else(|| ApiError::NotFound(format!("không có cơ quan với mã {id:?}")))?;
    let mut assignments = Vec::new();
    let mut sources: HashMap<String, DocumentSummary> = HashMap::new();
    for (assignment, doc_id) in index.agency_assignments(&agency.id)? {
        let document = match sources.get(&doc_id) {
            Some(summary) => summary.clone(),
            None => {
                let summary = summary_of(index, &doc_id)?;
                sources.insert(doc_id, summary.clone());
                summary
            }
        };
        assignments.push(AssignmentHit {
            assignment: (&assignment).into(),
            document,
        });
    }
    // The index gives them newest first already; a stable sort keeps that promise here.
    assignments.sort_by_key(|a| std::cmp::Reverse(a.document.published));
    Ok(AgencyDetail {
        agency: Agency::from(&agency),
        documents,
        assignments,
    })
}

/// The summary of a stored document, or a bare one carrying its id when it is gone (deleted
/// between the two reads).
fn summary_of(index: &SearchIndex, doc_id: &str) -> Result<DocumentSummary, ApiError> {
    Ok(match index.document(doc_id)? {
        Some(stored) => DocumentSummary::from(&stored.document),
        None => DocumentSummary {
            id: doc_id.to_string(),
            title: String::new(),
            url: None,
            published: None,
            kind: String::new(),
            number: None,
        },
    })
}

/// `GET /api/assignments`: who owns this task.
pub fn assignment_search(
    index: &SearchIndex,
    query: &str,
    limit: usize,
) -> Result<Vec<AssignmentHit>, ApiError> {
    let mut out = Vec::new();
    for (assignment, doc_id) in index.assignments(query, limit)? {
        let document = summary_of(index, &doc_id)?;
        out.push(AssignmentHit {
            assignment: (&assignment).into(),
            document,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_common_prefers_frequency_then_order() {
        assert_eq!(most_common(["b", "a", "b"].into_iter()), Some("b"));
        assert_eq!(most_common(["b", "a"].into_iter()), Some("a"));
        assert_eq!(most_common(std::iter::empty::<u8>()), None);
    }

    #[test]
    fn agency_names_sort_in_vietnamese_order() {
        let mut names = vec![
            "Ủy ban nhân dân tỉnh Lạng Sơn",
            "Hội Nông dân",
            "Đảng ủy Khối",
            "Hội đồng nhân dân tỉnh",
            "Đài Phát thanh",
            "Bộ Tài nguyên và Môi trường",
            "Ban Tuyên giáo",
            "Ấp Bắc",
            "Uỷ ban Mặt trận",
            "Sở Xây dựng",
        ];
        names.sort_by_cached_key(|n| vietnamese_key(n));
        assert_eq!(
            names,
            [
                "Ấp Bắc",
                "Ban Tuyên giáo",
                "Bộ Tài nguyên và Môi trường",
                "Đài Phát thanh",
                "Đảng ủy Khối",
                "Hội đồng nhân dân tỉnh",
                "Hội Nông dân",
                "Sở Xây dựng",
                "Uỷ ban Mặt trận",
                "Ủy ban nhân dân tỉnh Lạng Sơn",
            ]
        );
    }

    #[test]
    fn tones_order_after_letters_then_case() {
        let key = |s: &str| vietnamese_key(s);
        // Letters decide first: "ma" < "mă" < "mâ" < "mb", whatever the tones.
        assert!(key("má") < key("mă"));
        assert!(key("mẫ") < key("mb"));
        // Same letters: no tone, huyền, hỏi, ngã, sắc, nặng.
        let mut words = vec!["mạ", "má", "mã", "mả", "mà", "ma"];
        words.sort_by_cached_key(|w| key(w));
        assert_eq!(words, ["ma", "mà", "mả", "mã", "má", "mạ"]);
        // Case only breaks ties.
        assert!(key("hội") < key("Hội"));
        assert!(key("Hội a") < key("hội b"));
        assert!(key("d") < key("đ") && key("đ") < key("e") && key("Đ") < key("e"));
    }

    #[test]
    fn numbers_compare_without_case_or_marks() {
        assert_eq!(number_key("08/2022/NĐ-CP"), number_key("08/2022/nd-cp"));
        assert_ne!(number_key("98-NQ/TU"), number_key("99-NQ/TU"));
    }
}
