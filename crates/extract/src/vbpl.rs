//! Site profile for vbpl.vn, the national database of legal documents (a SharePoint site).
//!
//! Two kinds of page matter: the full text (`vbpq-toanvan.aspx`, text in `div#toanvancontent`,
//! issuer and date in the header tables above it) and the attribute page (`vbpq-thuoctinh.aspx`,
//! a `div.vbProperties` table with số ký hiệu, ngày ban hành, loại văn bản, cơ quan ban hành,
//! hiệu lực). Both carry the breadcrumb `div.box-map` ("... » Bộ luật 100/2015/QH13") and the
//! portal's menus, which must not reach the body.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

use crate::clean::{self, Block};
use crate::dates;
use crate::document::{DateSource, Document, DocumentKind};
use crate::html::{blocks_of, host_of, text_of};
use crate::ExtractError;

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

/// Kinds of legal text as vbpl.vn names them (loại văn bản), longest first so "Nghị quyết liên
/// tịch" wins over "Nghị quyết".
const KINDS: &[(&str, DocumentKind)] = &[
    ("Văn bản hợp nhất", DocumentKind::LegalText),
    ("Nghị quyết liên tịch", DocumentKind::Resolution),
    ("Thông tư liên tịch", DocumentKind::LegalText),
    ("Hiến pháp", DocumentKind::LegalText),
    ("Bộ luật", DocumentKind::LegalText),
    ("Luật", DocumentKind::LegalText),
    ("Pháp lệnh", DocumentKind::LegalText),
    ("Nghị quyết", DocumentKind::Resolution),
    ("Nghị định", DocumentKind::LegalText),
    ("Quyết định", DocumentKind::Decision),
    ("Chỉ thị", DocumentKind::Directive),
    ("Thông tư", DocumentKind::LegalText),
    ("Công văn", DocumentKind::OfficialLetter),
    ("Kết luận", DocumentKind::Conclusion),
    ("Thông báo", DocumentKind::Conclusion),
    ("Lệnh", DocumentKind::LegalText),
    ("Sắc lệnh", DocumentKind::LegalText),
];

/// The document kind for a loại văn bản label.
pub fn kind_of(label: &str) -> DocumentKind {
    let folded = tracuu_text::fold(label);
    KINDS
        .iter()
        .find(|(name, _)| folded.starts_with(&tracuu_text::fold(name)))
        .map_or(DocumentKind::LegalText, |(_, k)| *k)
}

/// Whether a page is a vbpl.vn page.
pub fn is_vbpl(html: &Html, url: Option<&str>) -> bool {
    if url
        .and_then(host_of)
        .is_some_and(|h| h.ends_with("vbpl.vn"))
    {
        return true;
    }
    html.select(&sel("#toanvancontent, div.vbProperties, div.box-map"))
        .next()
        .is_some()
}

/// Splits the breadcrumb's last item ("Bộ luật 100/2015/QH13") into loại and số.
fn split_kind_number(item: &str) -> (Option<String>, Option<String>) {
    let folded = tracuu_text::fold(item);
    for (name, _) in KINDS {
        let f = tracuu_text::fold(name);
        if folded.starts_with(&f) {
            let rest = item.chars().skip(name.chars().count()).collect::<String>();
            let rest = rest.trim();
            let number = (!rest.is_empty() && !tracuu_text::fold(rest).starts_with("khong so"))
                .then(|| rest.to_string());
            return (Some(name.to_string()), number);
        }
    }
    (None, None)
}

/// Text of a cell without scripts and without the "[ Lược đồ ] [ Thuộc tính ] [ Tải về ]" link
/// menus vbpl.vn puts after each related document.
fn visible_text(el: ElementRef) -> String {
    let mut out = String::new();
    let mut skip = 0usize;
    for edge in el.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) if skip > 0 || matches!(e.name(), "script" | "style") => skip += 1,
                Node::Text(t) if skip == 0 => {
                    out.push_str(t);
                    out.push(' ');
                }
                _ => {}
            },
            Edge::Close(node) => {
                if node.value().is_element() && skip > 0 {
                    skip -= 1;
                }
            }
        }
    }
    out = tracuu_text::normalize(&clean::tidy(&out));
    for menu in [
        "Lược đồ",
        "Thuộc tính",
        "Tải về",
        "Bản in",
        "Toàn văn",
        "Bản PDF",
    ] {
        out = out.replace(&format!("[ {menu} ]"), "");
    }
    clean::tidy(&out)
}

/// The attribute table: label → value (first cell after each `td.label`).
fn properties(html: &Html) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for row in html.select(&sel("div.vbProperties tr")) {
        let cells: Vec<ElementRef> = row.select(&sel("td")).collect();
        let mut i = 0;
        while i < cells.len() {
            let is_label = cells[i]
                .value()
                .attr("class")
                .is_some_and(|c| c.split_whitespace().any(|c| c == "label"));
            if is_label {
                let label = text_of(&cells[i]);
                let mut values = Vec::new();
                let mut j = i + 1;
                while j < cells.len()
                    && !cells[j]
                        .value()
                        .attr("class")
                        .is_some_and(|c| c.contains("label"))
                {
                    let v = visible_text(cells[j]);
                    if !v.is_empty() {
                        values.push(v);
                    }
                    j += 1;
                }
                let menu_only = ["file download", "van ban tieng anh", "tai ve"]
                    .contains(&tracuu_text::fold(&label).as_str());
                if !menu_only {
                    out.push((label, values));
                }
                i = j;
            } else {
                i += 1;
            }
        }
    }
    out
}

fn prop<'a>(props: &'a [(String, Vec<String>)], label: &str) -> Option<&'a Vec<String>> {
    let want = tracuu_text::fold(label);
    props
        .iter()
        .find(|(l, v)| tracuu_text::fold(l).starts_with(&want) && !v.is_empty())
        .map(|(_, v)| v)
}

/// "BỘ LUẬT" + "HÌNH SỰ" → "Bộ luật hình sự".
fn sentence_case(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => lower,
    }
}

/// Extracts a vbpl.vn page.
pub fn extract(html: &Html, url: Option<&str>) -> Result<Document, ExtractError> {
    let mut warnings = Vec::new();
    let crumb = html
        .select(&sel("div.box-map li"))
        .next_back()
        .map(|li| text_of(&li));
    let (kind_label, mut number) = crumb.as_deref().map(split_kind_number).unwrap_or_default();
    let props = properties(html);
    if let Some(v) = prop(&props, "Số ký hiệu") {
        number = Some(v[0].clone());
    }
    let kind_label = prop(&props, "Loại văn bản")
        .map(|v| v[0].clone())
        .or(kind_label);
    let kind = kind_label
        .as_deref()
        .map_or(DocumentKind::LegalText, kind_of);
    let mut issuer = prop(&props, "Cơ quan ban hành")
        .or_else(|| prop(&props, "Cơ quan hợp nhất"))
        .map(|v| v[0].clone());
    let mut published = prop(&props, "Ngày ban hành")
        .or_else(|| prop(&props, "Ngày xác thực"))
        .and_then(|v| dates::dates_in_text(&v[0]).first().copied());
    let mut effective_date =
        prop(&props, "Ngày có hiệu lực").and_then(|v| dates::dates_in_text(&v[0]).first().copied());
    let mut validity = None;
    for li in html.select(&sel("div.vbInfo li")) {
        let t = text_of(&li);
        if let Some(rest) = t.strip_prefix("Hiệu lực:") {
            validity = Some(rest.trim().to_string());
        } else if let Some(rest) = t.strip_prefix("Ngày có hiệu lực:") {
            effective_date = effective_date.or(dates::dates_in_text(rest).first().copied());
        }
    }
    if validity.is_none() {
        validity = html
            .select(&sel("div.vbProperties td.title"))
            .map(|td| text_of(&td))
            .find_map(|t| {
                t.strip_prefix("Tình trạng hiệu lực:")
                    .map(|r| r.trim().to_string())
            });
    }
    // Trích yếu: first title cell of the attribute table.
    let mut summary = html
        .select(&sel("div.vbProperties td.title"))
        .map(|td| text_of(&td))
        .find(|t| !t.is_empty() && !t.starts_with("Tình trạng hiệu lực"));

    let mut dropped = Vec::new();
    let mut paragraphs = Vec::new();
    let mut captions = Vec::new();
    if let Some(full) = html.select(&sel("#toanvancontent")).next() {
        // Header tables above the text: issuer ("QUỐC HỘI") and place-date line.
        if let Some(fulltext) = html.select(&sel("div.fulltext")).next() {
            if issuer.is_none() {
                issuer = fulltext
                    .select(&sel("table td b"))
                    .map(|b| text_of(&b))
                    .find(|t| {
                        !t.is_empty() && !t.starts_with("CỘNG HOÀ") && !t.starts_with("CỘNG HÒA")
                    })
                    .map(|t| sentence_case(&t));
            }
            if published.is_none() {
                published = fulltext
                    .select(&sel("table i"))
                    .find_map(|i| dates::dates_in_text(&text_of(&i)).first().copied());
            }
        }
        let blocks: Vec<Block> = blocks_of(full, &mut dropped);
        // The name of the text: its leading centred bold lines ("BỘ LUẬT" / "HÌNH SỰ").
        if summary.is_none() {
            let mut heading: Vec<String> = Vec::new();
            for p in full.select(&sel("p")).take(12) {
                let t = text_of(&p);
                let empty = !t.chars().any(char::is_alphabetic);
                if empty && heading.is_empty() {
                    continue;
                }
                if empty || p.value().attr("align") != Some("center") {
                    break;
                }
                heading.push(t);
            }
            if !heading.is_empty() {
                summary = Some(sentence_case(&heading.join(" ")));
            }
        }
        // With a known title the cleaner takes no header line as title: a legal text's
        // preamble ("Căn cứ Hiến pháp ...") is content.
        let known = summary.clone().or(crumb.clone()).unwrap_or_default();
        let cleaned = clean::clean_blocks(blocks, Some(&known));
        paragraphs = cleaned.paragraphs;
        captions = cleaned.captions;
        dropped.extend(cleaned.dropped);
        // A legal text's closing lines are signatures, not news by-lines: nothing to move.
        if let Some(a) = cleaned.author {
            paragraphs.push(a);
        }
    } else if !props.is_empty() {
        // Attribute page: the attributes are the body.
        for (label, values) in &props {
            let label = label.trim_end_matches(':').trim();
            if values.is_empty() {
                continue;
            }
            if label.is_empty() {
                paragraphs.push(values.join(" – "));
            } else {
                paragraphs.push(format!("{label}: {}", values.join(" – ")));
            }
        }
        if let Some(s) = &summary {
            paragraphs.insert(0, s.clone());
        }
    }
    if paragraphs.is_empty() {
        warnings.push("vbpl.vn page without full text or attributes".to_string());
    }
    let title = match (&summary, &kind_label) {
        (Some(s), _) if tracuu_text::fold(s).starts_with("hop nhat") => format!("Văn bản {s}"),
        (Some(s), Some(k)) if !tracuu_text::fold(s).starts_with(&tracuu_text::fold(k)) => {
            format!("{k} {s}")
        }
        (Some(s), _) => s.clone(),
        (None, _) => crumb.clone().unwrap_or_default(),
    };
    let id = match url {
        Some(u) => Document::id_from_url(u),
        // The whole page text: two pages of one text (diagram, related documents) differ.
        None => Document::id_from_content(&html.root_element().text().collect::<String>()),
    };
    let mut doc = Document::new(id, title);
    doc.url = url.map(str::to_string);
    doc.site = Some("vbpl.vn".to_string());
    doc.kind = kind;
    doc.number = number;
    doc.issuer = issuer;
    doc.published = published.map(|date| crate::PublishedDate {
        date,
        time: None,
        source: DateSource::Attribute,
    });
    doc.validity = validity;
    doc.effective_date = effective_date;
    doc.paragraphs = paragraphs;
    doc.captions = captions;
    doc.dropped = dropped;
    doc.warnings = warnings;
    doc.fingerprint = crate::simhash::fingerprint(&doc.body());
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_numbers() {
        assert_eq!(kind_of("Chỉ thị"), DocumentKind::Directive);
        assert_eq!(kind_of("Nghị quyết"), DocumentKind::Resolution);
        assert_eq!(kind_of("Quyết định"), DocumentKind::Decision);
        assert_eq!(kind_of("Bộ luật"), DocumentKind::LegalText);
        assert_eq!(
            split_kind_number("Bộ luật 100/2015/QH13"),
            (Some("Bộ luật".into()), Some("100/2015/QH13".into()))
        );
        assert_eq!(
            split_kind_number("Hiến pháp Không số"),
            (Some("Hiến pháp".into()), None)
        );
    }
}
