//! The page frame (head, navigation, style) and small helpers every page uses.

use chrono::NaiveDate;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Plain CSS, no framework: one column on a phone, results beside facets from 760 px.
const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1b1b;background:#fafaf7}
header{background:#14532d;color:#fff;padding:.6rem 1rem}
header a{color:#fff;text-decoration:none;margin-right:.9rem;white-space:nowrap;display:inline-block}
header .brand{font-weight:700;font-size:1.15rem}
main{max-width:1100px;margin:0 auto;padding:1rem}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0 1rem}
form.search input[type=search]{flex:1 1 16rem;font-size:1.05rem;padding:.55rem .7rem;border:1px solid #888;border-radius:6px;min-width:0}
form.search select,form.search button{font-size:1rem;padding:.5rem .8rem;border-radius:6px;border:1px solid #888}
form.search button{background:#166534;color:#fff;border-color:#166534}
/* Phone: results first, facets after them. Wider: facets in a left column. */
.layout{display:flex;flex-direction:column}
.layout aside{order:2;border-top:1px solid #e3e3dc;margin-top:1rem}
@media(min-width:760px){.layout{display:grid;grid-template-columns:15rem 1fr;gap:1.5rem}.layout aside{grid-column:1;grid-row:1;border:0;margin:0}.layout section{grid-column:2;grid-row:1}}
aside h3{font-size:.95rem;margin:1rem 0 .3rem;color:#14532d}
aside ul{list-style:none;margin:0;padding:0}
aside li{margin:.15rem 0}
aside .n{color:#666;font-size:.85rem}
.hit{background:#fff;border:1px solid #e3e3dc;border-radius:8px;padding:.75rem 1rem;margin:0 0 .8rem}
.hit h2{font-size:1.08rem;margin:0 0 .25rem}
.hit a{color:#0b4f8a}
.meta{color:#555;font-size:.88rem}
.snippet{margin:.35rem 0 0}
mark{background:#fde68a;padding:0 .1em;border-radius:2px}
.filters a{display:inline-block;background:#e7f3ea;border-radius:999px;padding:.1rem .6rem;margin:0 .3rem .3rem 0;color:#14532d;text-decoration:none}
.pages{display:flex;gap:1rem;align-items:center;margin:1rem 0}
.timeline{border-left:3px solid #16a34a;margin:1rem 0 1rem .5rem;padding-left:1rem}
.timeline li{list-style:none;margin:0 0 .8rem}
.timeline time{font-weight:600;display:block}
table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e3dc;vertical-align:top}
.body p{max-width:46rem}
/* Phone: each table row becomes a card, each cell labelled by its column. */
@media(max-width:759px){table.cards,.cards tbody,.cards tr,.cards td{display:block;width:100%}.cards tr:first-child{display:none}.cards tr{border-bottom:1px solid #e3e3dc;padding:.5rem 0}.cards td{border:0;padding:.1rem 0}.cards td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#14532d}}
.error{background:#fee2e2;border:1px solid #fca5a5;padding:.75rem 1rem;border-radius:8px}
footer{color:#666;font-size:.85rem;text-align:center;padding:2rem 1rem}
"#;

/// A whole page.
pub fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Tra cứu văn bản môi trường" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    nav {
                        a.brand href="/" { "Tra cứu" }
                        a href="/" { "Tìm kiếm" }
                        a href="/phu-trach" { "Ai phụ trách?" }
                        a href="/co-quan" { "Cơ quan" }
                    }
                }
                main { (body) }
                footer { "Tra cứu văn bản chính sách môi trường Việt Nam · " a href="/api/openapi.json" { "API" } }
            }
        }
    }
}

/// Characters escaped in a path tail: everything but letters, digits, `-._~` and `/` (ids and
/// numbers keep their slashes, which the wildcard routes accept).
const PATH_TAIL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// `prefix` + the percent-encoded `tail`.
pub fn link(prefix: &str, tail: &str) -> String {
    format!("{prefix}{}", utf8_percent_encode(tail, PATH_TAIL))
}

pub fn document_link(id: &str) -> String {
    link("/van-ban/", id)
}

pub fn reference_link(number: &str) -> String {
    link("/tham-chieu/", number)
}

pub fn agency_link(id: &str) -> String {
    link("/co-quan/", id)
}

/// "15/04/2020", the way Vietnamese pages write dates.
pub fn date_vi(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|| "không rõ ngày".to_string())
}

/// The index's snippet as markup. The index promises escaped text with `<mark>` tags; this
/// keeps exactly `<mark>` and `</mark>` and escapes any other angle bracket, so a fault
/// upstream can never inject markup into the page.
pub fn snippet(text: &str) -> Markup {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(i) = rest.find(['<', '>']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(tag) = ["<mark>", "</mark>"].iter().find(|t| tail.starts_with(**t)) {
            out.push_str(tag);
            rest = &tail[tag.len()..];
        } else {
            out.push_str(if tail.starts_with('<') {
                "&lt;"
            } else {
                "&gt;"
            });
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    PreEscaped(out)
}

/// Vietnamese label of a document kind's machine name.
pub fn kind_label(kind: &str) -> String {
    tracuu_extract::DocumentKind::parse(kind)
        .map(|k| k.label_vi().to_string())
        .unwrap_or_else(|| kind.to_string())
}

/// Vietnamese label of an assignment role's machine name.
pub fn role_label(role: &str) -> &'static str {
    match role {
        "leads" => "chủ trì",
        "cooperates" => "phối hợp",
        "answers_for" => "chịu trách nhiệm",
        _ => "được giao",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_keeps_marks_and_escapes_other_tags() {
        let m = snippet("an <mark>ninh</mark> <script>x</script> &amp; y");
        assert_eq!(
            m.into_string(),
            "an <mark>ninh</mark> &lt;script&gt;x&lt;/script&gt; &amp; y"
        );
    }

    #[test]
    fn links_keep_slashes_and_encode_the_rest() {
        assert_eq!(reference_link("98-NQ/TU"), "/tham-chieu/98-NQ/TU");
        assert_eq!(
            reference_link("08/2022/NĐ-CP"),
            "/tham-chieu/08/2022/N%C4%90-CP"
        );
        assert_eq!(document_link("a b?c"), "/van-ban/a%20b%3Fc");
    }

    #[test]
    fn dates_and_labels_are_vietnamese() {
        assert_eq!(date_vi(NaiveDate::from_ymd_opt(2020, 4, 15)), "15/04/2020");
        assert_eq!(kind_label("directive"), "Chỉ thị");
        assert_eq!(role_label("leads"), "chủ trì");
    }
}
