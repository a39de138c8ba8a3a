//! References to other documents: "Nghị quyết số 98-NQ/TU ngày 15/4/2020 của Ban Thường vụ
//! Thành ủy", "Luật Bảo vệ môi trường 2020", "Nghị quyết đại hội XIII của Đảng", and short
//! back-references ("Nghị quyết số 22") resolved to the full one in the same document.
//!
//! Every pattern runs on folded text with the `regex` crate (finite automata, linear time), so
//! look-alike numbers and very long sentences cannot make it backtrack.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::folded::{slug, Folded};
use crate::number::{canonical_number, is_national_code, issuer_code, number_key, year_in_number};
use crate::{AgencyMention, Reference, Span};

/// Document types, folded form → canonical spelling. Longer names first: the regex takes the
/// first alternative that matches.
const TYPES: &[(&str, &str)] = &[
    ("thong bao ket luan", "Thông báo Kết luận"),
    ("thong tu lien tich", "Thông tư liên tịch"),
    ("nghi quyet lien tich", "Nghị quyết liên tịch"),
    ("nghi quyet", "Nghị quyết"),
    ("nghi dinh", "Nghị định"),
    ("chi thi", "Chỉ thị"),
    ("cong van", "Công văn"),
    ("cong dien", "Công điện"),
    ("quyet dinh", "Quyết định"),
    ("ket luan", "Kết luận"),
    ("thong bao", "Thông báo"),
    ("huong dan", "Hướng dẫn"),
    ("ke hoach", "Kế hoạch"),
    ("thong tu", "Thông tư"),
    ("bo luat", "Bộ luật"),
    ("luat", "Luật"),
    ("phap lenh", "Pháp lệnh"),
    ("sac lenh", "Sắc lệnh"),
    ("quy dinh", "Quy định"),
    ("quy che", "Quy chế"),
    ("chuong trinh", "Chương trình"),
    ("to trinh", "Tờ trình"),
    ("bao cao", "Báo cáo"),
    ("de an", "Đề án"),
    ("van ban", "Văn bản"),
];

/// A separator may be followed by one space ("05/2020/TT- BGTVT" is met in official texts).
const NUMBER: &str = r"\d{1,5}[a-z]?(?:[/-] ?[a-z0-9&]{1,14}){1,8}";

struct Patterns {
    numbered: Regex,
    named_law_numbered: Regex,
    short: Regex,
    date: Regex,
    congress: Regex,
    joint: Regex,
    law: Regex,
    type_word: Regex,
    issuer_lead: Regex,
    issued_by: Regex,
    coordination: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let types = TYPES.iter().map(|(f, _)| *f).collect::<Vec<_>>().join("|");
    let re = |p: &str| Regex::new(p).expect("valid reference regex");
    Patterns {
        numbered: re(&format!(
            r"(?-u:\b)(?P<t>{types}) (?:so ?:? ?)?(?P<n>{NUMBER})"
        )),
        named_law_numbered: re(&format!(
            r"(?-u:\b)(?P<t>bo luat|luat|phap lenh) (?P<title>[^\d\n,;:.()]{{1,120}}?) so (?P<n>{NUMBER})"
        )),
        short: re(&format!(
            r"(?-u:\b)(?P<t>{types}) so (?P<n>\d{{1,5}})(?-u:\b)"
        )),
        date: re(r"ngay (\d{1,2}) ?(?:[/.-]|thang) ?(\d{1,2}) ?(?:[/.-]|nam) ?(\d{4})"),
        congress: re(
            r"(?-u:\b)nghi quyet (?:cua )?dai hoi(?: [a-z0-9]+){0,12}? (?:lan thu )?(?P<r>[ivxlc]+)(?-u:\b)(?: cua dang(?: cong san viet nam| ta)?)?",
        ),
        joint: re(
            r"(?-u:\b)(?:nghi quyet lien tich|thong tu lien tich|quy che phoi hop) giua [^.;\n]{1,250}? ve ",
        ),
        law: re(r"(?-u:\b)(?:bo luat|luat) "),
        type_word: re(&format!(r"(?-u:\b)(?:{types})(?-u:\b)")),
        issuer_lead: re(r"^,? ?(?:cua )?"),
        issued_by: re(r"^ (?:da |vua )?ban hanh ?$"),
        coordination: re(r"^ ?(?:,|va|;) ?$"),
    }
});

fn type_label(folded_type: &str) -> &'static str {
    TYPES
        .iter()
        .find(|(f, _)| *f == folded_type)
        .map(|(_, l)| *l)
        .unwrap_or("Văn bản")
}

/// A reference found in the text, before keys are assigned.
struct Found {
    reference: Reference,
    /// Folded span, to order and de-overlap.
    start: usize,
    end: usize,
    /// A short back-reference ("Nghị quyết số 22") waiting for its full form.
    short_numeral: Option<String>,
}

fn empty_reference(doc_type: &str, span: Span) -> Reference {
    Reference {
        doc_type: doc_type.to_string(),
        number: None,
        issuer_code: None,
        date: None,
        issuer: None,
        title: None,
        key: String::new(),
        span,
        year: None,
        issuer_agency: None,
        back_reference: false,
    }
}

/// Every reference of a text, in order. `agencies` are the text's agency mentions (to name
/// issuers); `context_province` qualifies local numbers in keys.
pub fn find_references(
    original: &str,
    folded: &Folded,
    agencies: &[AgencyMention],
    context_province: Option<&str>,
) -> Vec<Reference> {
    let p = &*PATTERNS;
    let text = folded.text.as_str();
    let span = |s: usize, e: usize| Span {
        start: folded.to_original(s),
        end: folded.to_original(e),
    };
    let mut found = Collected::default();

    for caps in p.numbered.captures_iter(text) {
        let (Some(all), Some(t), Some(n)) = (caps.get(0), caps.name("t"), caps.name("n")) else {
            continue;
        };
        if let Some(f) = numbered(
            original,
            folded,
            all.start(),
            t.as_str(),
            n.start(),
            n.end(),
        ) {
            found.push(f);
        }
    }
    for caps in p.named_law_numbered.captures_iter(text) {
        let (Some(all), Some(t), Some(title), Some(n)) = (
            caps.get(0),
            caps.name("t"),
            caps.name("title"),
            caps.name("n"),
        ) else {
            continue;
        };
        // The law's name starts with a capital and holds no other document type.
        if !starts_upper(original, folded, title.start())
            || p.type_word.is_match(title.as_str())
            || found.overlaps(n.start(), n.end())
        {
            continue;
        }
        if let Some(mut f) = numbered(
            original,
            folded,
            all.start(),
            t.as_str(),
            n.start(),
            n.end(),
        ) {
            let s = span(title.start(), title.end());
            f.reference.title = Some(original[s.start..s.end].trim().to_string());
            found.push(f);
        }
    }
    for caps in p.short.captures_iter(text) {
        let (Some(all), Some(t), Some(n)) = (caps.get(0), caps.name("t"), caps.name("n")) else {
            continue;
        };
        let next = text.as_bytes().get(all.end()).copied();
        if matches!(next, Some(b'/' | b'-' | b'.' | b','))
            && text[all.end() + 1..].starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            continue;
        }
        if overlaps(&found, all.start(), all.end()) {
            continue;
        }
        let mut r = empty_reference(type_label(t.as_str()), span(all.start(), all.end()));
        r.back_reference = true;
        found.push(Found {
            reference: r,
            start: all.start(),
            end: all.end(),
            short_numeral: Some(n.as_str().to_string()),
        });
    }
    for m in p.congress.find_iter(text) {
        let roman_ok = PATTERNS
            .congress
            .captures(&text[m.start()..])
            .and_then(|c| c.name("r").map(|r| m.start() + r.start()))
            .is_some_and(|r| {
                original[folded.to_original(r)..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            });
        if roman_ok && !overlaps(&found, m.start(), m.end()) {
            found.push(unnumbered(
                original,
                "Nghị quyết",
                span(m.start(), m.end()),
                m.start(),
                m.end(),
            ));
        }
    }
    for m in p.joint.find_iter(text) {
        let end = m.end() - " ve ".len();
        if !overlaps(&found, m.start(), end) {
            let t = p
                .type_word
                .find(&text[m.start()..])
                .map(|t| t.as_str())
                .unwrap_or("");
            found.push(unnumbered(
                original,
                type_label(t),
                span(m.start(), end),
                m.start(),
                end,
            ));
        }
    }
    for m in p.law.find_iter(text) {
        if let Some((end, year)) = named_law(original, folded, m.start(), m.end()) {
            if !overlaps(&found, m.start(), end) {
                let label = if text[m.start()..].starts_with("bo luat") {
                    "Bộ luật"
                } else {
                    "Luật"
                };
                let mut f = unnumbered(original, label, span(m.start(), end), m.start(), end);
                f.reference.year = year;
                found.push(f);
            }
        }
    }
    let mut found = found.items;
    found.sort_by_key(|f| f.start);

    add_dates_and_issuers(original, folded, agencies, &mut found);
    resolve_short(&mut found);
    assign_keys(&mut found, context_province);
    found.into_iter().map(|f| f.reference).collect()
}

/// References found so far, with their folded intervals in a sorted map so that overlap
/// checks stay logarithmic on texts with thousands of references.
#[derive(Default)]
struct Collected {
    items: Vec<Found>,
    occupied: BTreeMap<usize, usize>,
}

impl Collected {
    fn push(&mut self, f: Found) {
        let end = self.occupied.entry(f.start).or_insert(f.end);
        *end = (*end).max(f.end);
        self.items.push(f);
    }

    /// Whether [start, end) meets a collected interval (intervals are nearly disjoint: the
    /// nearest one starting before `end` decides).
    fn overlaps(&self, start: usize, end: usize) -> bool {
        self.occupied
            .range(..end)
            .next_back()
            .is_some_and(|(_, &e)| e > start)
    }
}

fn overlaps(found: &Collected, start: usize, end: usize) -> bool {
    found.overlaps(start, end)
}

fn starts_upper(original: &str, folded: &Folded, pos: usize) -> bool {
    original[folded.to_original(pos)..]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

fn numbered(
    original: &str,
    folded: &Folded,
    start: usize,
    folded_type: &str,
    n_start: usize,
    n_end: usize,
) -> Option<Found> {
    let raw = &original[folded.to_original(n_start)..folded.to_original(n_end)];
    let canonical = canonical_number(raw)?;
    let mut r = empty_reference(
        type_label(folded_type),
        Span {
            start: folded.to_original(start),
            end: folded.to_original(n_end),
        },
    );
    r.issuer_code = issuer_code(&canonical);
    r.year = year_in_number(&canonical);
    r.number = Some(canonical);
    Some(Found {
        reference: r,
        start,
        end: n_end,
        short_numeral: None,
    })
}

fn unnumbered(original: &str, doc_type: &str, span: Span, start: usize, end: usize) -> Found {
    let mut r = empty_reference(doc_type, span);
    r.title = Some(original[span.start..span.end].trim().to_string());
    Found {
        reference: r,
        start,
        end,
        short_numeral: None,
    }
}

/// Words that end a law's name ("Luật Bảo vệ môi trường về ...").
/// Compared with the word as written: "về" stops a name, "vệ" (Bảo vệ) does not.
const LAW_NAME_STOP: &[&str] = &[
    "về", "của", "và", "số", "năm", "ngày", "đã", "được", "thì", "theo", "tại", "này", "các",
    "cho", "để", "là", "có", "sẽ", "đang", "khi", "với", "trong", "trên", "như", "hiện", "mới",
    "thực", "lần", "hôm", "tháng",
];

/// A named law at `start` ("Luật Bảo vệ môi trường 2020"): folded end and year.
fn named_law(
    original: &str,
    folded: &Folded,
    start: usize,
    after: usize,
) -> Option<(usize, Option<i32>)> {
    let text = folded.text.as_str();
    if !starts_upper(original, folded, start) {
        return None;
    }
    // "pháp Luật", "dự luật" are not a named law.
    let before = text[..start].trim_end();
    if before.ends_with("phap") || before.ends_with("du") {
        return None;
    }
    if !starts_upper(original, folded, after) {
        return None;
    }
    let mut end = after;
    let mut words = 0;
    let mut pos = after;
    while words < 8 {
        let rest = &text[pos..];
        let wlen = rest
            .find(|c: char| !(c.is_ascii_alphabetic()))
            .unwrap_or(rest.len());
        if wlen == 0 {
            break;
        }
        let word = original[folded.to_original(pos)..folded.to_original(pos + wlen)].to_lowercase();
        if LAW_NAME_STOP.contains(&word.as_str()) {
            break;
        }
        words += 1;
        end = pos + wlen;
        if !rest[wlen..].starts_with(' ') {
            break;
        }
        pos = end + 1;
    }
    if words == 0 {
        return None;
    }
    // An optional year: "Luật Bảo vệ môi trường 2020", "... năm 2020".
    static YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^ (?:nam )?((?:19|20)\d\d)(?-u:\b)").expect("valid year regex")
    });
    if let Some(c) = YEAR.captures(&text[end..]) {
        let year = c[1].parse().ok();
        return Some((end + c.get(0).map_or(0, |m| m.end()), year));
    }
    // Without a year, a lone capitalised word is too weak ("Luật Việt Nam" is fine, "Luật A" odd).
    Some((end, None))
}

/// Dates and issuers written after each numbered reference; issuers named before "ban hành";
/// issuers shared by a coordination ("Nghị quyết số 22 ... và Thông báo số 167 ... của X").
fn add_dates_and_issuers(
    original: &str,
    folded: &Folded,
    agencies: &[AgencyMention],
    found: &mut [Found],
) {
    let p = &*PATTERNS;
    let text = folded.text.as_str();
    // Agencies are in text order: binary searches keep this linear in the number of facts.
    let agency_at = |pos: usize| {
        let orig = folded.to_original(pos);
        let i = agencies.partition_point(|a| a.span.start < orig);
        agencies.get(i).filter(|a| a.span.start == orig)
    };
    for i in 0..found.len() {
        if found[i].reference.number.is_none() && found[i].short_numeral.is_none() {
            continue;
        }
        // The window ends at the next numbered reference: a named law inside a title
        // ("Nghị định ... hướng dẫn Luật Năng lượng nguyên tử ngày 25/01/2010") does not own the date.
        let limit = found[i + 1..]
            .iter()
            .find(|f| f.reference.number.is_some() || f.short_numeral.is_some())
            .map_or(text.len(), |f| f.start)
            .min(found[i].end + 300)
            .min(text.len());
        let limit = text.floor_char_boundary_compat(limit).max(found[i].end);
        let mut end = found[i].end;
        let window = &text[end..limit];
        let window = &window[..window.find(['\n', '.', ')']).unwrap_or(window.len())];
        if let Some(c) = p.date.captures(window) {
            let m = c.get(0).map_or(0..0, |m| m.range());
            let gap = &window[..m.start];
            let gap_trim = gap.trim_matches(|c: char| c == ' ' || c == ',');
            // A title between number and date: "Nghị định số 75/2021/NĐ-CP Quy định ... ngày
            // 24/07/2021 của Chính phủ". Capitalised, or closed by "của <issuer>".
            let then_cua = window[m.end..].starts_with(" cua ");
            let title_gap = gap.starts_with(' ')
                && !gap_trim.is_empty()
                && (starts_upper(original, folded, end + 1) || then_cua)
                && !gap.contains("hieu luc");
            if gap_trim.is_empty() || title_gap {
                let date = (|| {
                    let d: u32 = c[1].parse().ok()?;
                    let mo: u32 = c[2].parse().ok()?;
                    let y: i32 = c[3].parse().ok()?;
                    NaiveDate::from_ymd_opt(y, mo, d)
                })();
                if let Some(date) = date {
                    let r = &mut found[i].reference;
                    r.date = Some(date);
                    r.year = r.year.or(Some(date.year()));
                    if title_gap && r.title.is_none() {
                        let s = folded.to_original(end + 1);
                        let e = folded.to_original(end + gap.trim_end().len());
                        r.title = Some(original[s..e].trim_end_matches(',').trim().to_string());
                    }
                    end += m.end;
                    found[i].end = end;
                    found[i].reference.span.end = folded.to_original(end);
                }
            }
        }
        // Issuer right after: ", của Ban Thường vụ Thành ủy", ", Ban Thường vụ Thành ủy Lạng Sơn".
        let lead = p.issuer_lead.find(&text[end..]).map_or(0, |m| m.end());
        let has_cua = text[end..end + lead].contains("cua");
        if let Some(a) = agency_at(end + lead) {
            let r = &mut found[i].reference;
            r.issuer = Some(issuer_label(a));
            r.issuer_agency = Some(a.agency.clone());
        } else if has_cua {
            let rest = &text[end + lead..limit.max(end + lead)];
            let stop = rest
                .find([',', ';', '.', '(', ')', '\n'])
                .into_iter()
                .chain(rest.find(" ve "))
                .min()
                .unwrap_or(rest.len())
                .min(80);
            let stop = rest.floor_char_boundary_compat(stop);
            let s = folded.to_original(end + lead);
            let e = folded.to_original(end + lead + stop);
            let raw = original[s..e].trim();
            if !raw.is_empty() {
                found[i].reference.issuer = Some(raw.to_string());
            }
        }
        // Issuer named before: "Ban Thường vụ Thành ủy đã ban hành Kết luận ...".
        if found[i].reference.issuer.is_none() {
            let start_orig = found[i].reference.span.start;
            let before = agencies.partition_point(|a| a.span.end <= start_orig);
            if let Some(a) = before.checked_sub(1).and_then(|i| agencies.get(i)) {
                let a_end = folded.to_folded(a.span.end);
                if found[i].start.saturating_sub(a_end) < 40
                    && a_end <= found[i].start
                    && p.issued_by.is_match(&text[a_end..found[i].start])
                {
                    found[i].reference.issuer = Some(issuer_label(a));
                    found[i].reference.issuer_agency = Some(a.agency.clone());
                }
            }
        }
    }
    // "A và B của X": A shares B's issuer.
    for i in (0..found.len().saturating_sub(1)).rev() {
        if found[i].reference.issuer.is_none()
            && found[i].reference.number.is_some()
            && found[i].end <= found[i + 1].start
            && p.coordination
                .is_match(&text[found[i].end..found[i + 1].start])
        {
            found[i].reference.issuer = found[i + 1].reference.issuer.clone();
            found[i].reference.issuer_agency = found[i + 1].reference.issuer_agency.clone();
        }
    }
}

fn issuer_label(a: &AgencyMention) -> String {
    match &a.agency.province {
        Some(p) if !a.agency.name.contains(p.as_str()) => format!("{} {p}", a.agency.name),
        _ => a.agency.name.clone(),
    }
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorBoundary for str {
    /// `str::floor_char_boundary` is not stable yet.
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        i = i.min(self.len());
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

/// "Nghị quyết số 22" → the full "22-NQ/TU" of the same document.
fn resolve_short(found: &mut Vec<Found>) {
    // Full references by their leading numeral ("22" for "22-NQ/TU").
    let mut full: HashMap<String, Vec<(String, String, Reference)>> = HashMap::new();
    for f in found.iter() {
        let Some(n) = f.reference.number.clone() else {
            continue;
        };
        let numeral: String = n.chars().take_while(char::is_ascii_digit).collect();
        full.entry(numeral).or_default().push((
            n,
            f.reference.doc_type.clone(),
            f.reference.clone(),
        ));
    }
    found.retain_mut(|f| {
        let Some(numeral) = f.short_numeral.take() else {
            return true;
        };
        let candidates: Vec<&(String, String, Reference)> = full
            .get(&numeral)
            .into_iter()
            .flatten()
            .filter(|(n, _, _)| {
                n.strip_prefix(numeral.as_str())
                    .is_some_and(|rest| rest.starts_with(['-', '/']))
            })
            .collect();
        let chosen = candidates
            .iter()
            .find(|(_, t, _)| *t == f.reference.doc_type)
            .or_else(|| candidates.first());
        let Some((n, _, full_ref)) = chosen else {
            // An unresolved "số 22" says too little to be a reference.
            return false;
        };
        let r = &mut f.reference;
        r.number = Some(n.clone());
        r.issuer_code = full_ref.issuer_code.clone();
        r.date = full_ref.date;
        r.year = full_ref.year;
        if r.issuer.is_none() {
            r.issuer = full_ref.issuer.clone();
            r.issuer_agency = full_ref.issuer_agency.clone();
        }
        true
    });
}

/// Keys: the number plus what the text says of year and province (for local numbers), shared
/// by every mention of the same number in the document.
fn assign_keys(found: &mut [Found], context_province: Option<&str>) {
    let mut year: HashMap<String, i32> = HashMap::new();
    let mut province: HashMap<String, String> = HashMap::new();
    for f in found.iter() {
        let Some(n) = &f.reference.number else {
            continue;
        };
        let k = number_key(n);
        if let Some(y) = f.reference.year {
            year.entry(k.clone()).or_insert(y);
        }
        if let Some(p) = f
            .reference
            .issuer_agency
            .as_ref()
            .and_then(|a| a.province.clone())
        {
            province.entry(k).or_insert(p);
        }
    }
    for f in found.iter_mut() {
        let r = &mut f.reference;
        match &r.number {
            Some(n) => {
                let k = number_key(n);
                r.year = r.year.or(year.get(&k).copied());
                let mut key = n.clone();
                if let Some(y) = r.year {
                    key.push_str(&format!("@{y}"));
                }
                let local = !r.issuer_code.as_deref().is_some_and(is_national_code);
                if local {
                    if let Some(p) = province.get(&k).map(String::as_str).or(context_province) {
                        key.push('@');
                        key.push_str(&slug(p));
                    }
                }
                r.key = key;
            }
            None => {
                let title = r.title.as_deref().unwrap_or("");
                r.key = format!("{}:{}", slug(&r.doc_type), slug(title));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agencies::find_agencies;

    fn refs(s: &str) -> Vec<Reference> {
        let f = Folded::new(s);
        let a = find_agencies(s, &f, None);
        find_references(s, &f, &a, None)
    }

    #[test]
    fn numbered_reference_with_date_and_issuer() {
        let r = refs("theo Quyết định số 33-QĐ/TU, ngày 4/11/2020 của Ban Thường vụ Thành ủy do");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].doc_type, "Quyết định");
        assert_eq!(r[0].number.as_deref(), Some("33-QĐ/TU"));
        assert_eq!(r[0].issuer_code.as_deref(), Some("TU"));
        assert_eq!(r[0].date, NaiveDate::from_ymd_opt(2020, 11, 4));
        assert_eq!(r[0].issuer.as_deref(), Some("Ban Thường vụ Thành ủy"));
    }

    #[test]
    fn look_alikes_are_not_references() {
        for s in [
            "Điện thoại: 0225.3821.055",
            "toàn thành phố 129.878,01 tấn",
            "ngày 24/11/2022",
            "8/8 phường, xã",
            "mục tiêu Nghị quyết 98%",
            "theo quy định của pháp Luật về bảo vệ môi trường",
        ] {
            assert!(refs(s).is_empty(), "{s}: {:?}", refs(s));
        }
    }

    #[test]
    fn short_back_reference_resolves() {
        let r = refs(
            "thực hiện Nghị quyết số 22-NQ/TU ngày 24/3/2005. Thực hiện Nghị quyết số 22, tốt.",
        );
        assert_eq!(r.len(), 2);
        assert!(r[1].back_reference);
        assert_eq!(r[1].number.as_deref(), Some("22-NQ/TU"));
        assert_eq!(r[1].key, r[0].key);
        assert!(refs("Nghị quyết số 22 của tỉnh").is_empty());
    }

    #[test]
    fn law_name_stops_at_function_words() {
        let r = refs("Bộ luật Hình sự sửa đổi lần này; Luật  Ngày 5/6 thì không.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].title.as_deref(), Some("Bộ luật Hình sự sửa đổi"));
    }

    #[test]
    fn named_law_and_congress() {
        let r = refs("theo Luật Bảo vệ môi trường 2020 và Nghị quyết đại hội XIII của Đảng.");
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[0].title.as_deref(), Some("Luật Bảo vệ môi trường 2020"));
        assert_eq!(r[0].year, Some(2020));
        assert_eq!(
            r[1].title.as_deref(),
            Some("Nghị quyết đại hội XIII của Đảng")
        );
    }

    #[test]
    fn same_local_number_in_two_provinces_has_two_keys() {
        let f = |s: &str, p: &str| {
            let fo = Folded::new(s);
            find_references(s, &fo, &find_agencies(s, &fo, None), Some(p))[0]
                .key
                .clone()
        };
        let a = f("Nghị quyết số 98-NQ/TU ngày 15/4/2020", "Lạng Sơn");
        let b = f("Nghị quyết số 98-NQ/TU ngày 15/4/2020", "Hải Phòng");
        assert_ne!(a, b);
        assert_eq!(a, "98-NQ/TU@2020@lang-son");
        let c = f("Nghị định số 08/2022/NĐ-CP", "Lạng Sơn");
        assert_eq!(c, "08/2022/NĐ-CP@2022");
    }

    #[test]
    fn phapdien_citation() {
        let r = refs("(Điều 1 Nghị định số 75/2021/NĐ-CP Quy định mức hưởng trợ cấp ngày 24/07/2021 của Chính phủ, có hiệu lực thi hành kể từ ngày 15/09/2021)");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].number.as_deref(), Some("75/2021/NĐ-CP"));
        assert_eq!(r[0].date, NaiveDate::from_ymd_opt(2021, 7, 24));
        assert_eq!(r[0].issuer.as_deref(), Some("Chính phủ"));
        assert_eq!(r[0].title.as_deref(), Some("Quy định mức hưởng trợ cấp"));
        let r =
            refs("(Điều 2 Nghị định số 75/2021/NĐ-CP, có hiệu lực thi hành kể từ ngày 15/09/2021)");
        assert_eq!(r[0].date, None);
    }
}
