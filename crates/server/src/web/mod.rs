//! The Vietnamese web page: server-rendered HTML (maud escapes every interpolated value),
//! no JavaScript; every control is a link or a GET form, so it works in any browser.

mod layout;

use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};

use crate::api::model::{
    AgencyDetail, AssignmentHit, DocumentDetail, ReferenceDetail, SearchResults,
};
use crate::error::ApiError;
use crate::lookup;
use crate::params::{check_query_len, ApiPath, AssignmentParams, FormQuery, SearchParams};
use crate::state::AppState;
use layout::*;

/// Routes of the page.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(search_page))
        .route("/van-ban/{*id}", get(document_page))
        .route("/tham-chieu/{*number}", get(reference_page))
        .route("/co-quan", get(agencies_page))
        .route("/co-quan/{*id}", get(agency_page))
        .route("/phu-trach", get(assignments_page))
}

/// An HTML page with a status.
struct PageResponse(StatusCode, Markup);

impl IntoResponse for PageResponse {
    fn into_response(self) -> Response {
        (self.0, Html(self.1.into_string())).into_response()
    }
}

fn ok(title: &str, body: Markup) -> PageResponse {
    PageResponse(StatusCode::OK, page(title, body))
}

/// The error as a page, with the same status the API would give.
fn error_page(error: ApiError) -> PageResponse {
    let title = match error.status() {
        StatusCode::NOT_FOUND => "Không tìm thấy",
        StatusCode::BAD_REQUEST => "Yêu cầu không hợp lệ",
        StatusCode::SERVICE_UNAVAILABLE => "Máy chủ đang bận",
        _ => "Lỗi",
    };
    let body = html! {
        h1 { (title) }
        p.error { (error.to_string()) }
        p { a href="/" { "Về trang tìm kiếm" } }
    };
    PageResponse(error.status(), page(title, body))
}

/// Fallback: HTML 404 for pages, JSON 404 under /api.
pub async fn not_found(OriginalUri(uri): OriginalUri) -> Response {
    let error = ApiError::NotFound("không có trang này".to_string());
    if uri.path().starts_with("/api") {
        error.into_response()
    } else {
        error_page(error).into_response()
    }
}

fn page_result(result: Result<PageResponse, ApiError>) -> PageResponse {
    result.unwrap_or_else(error_page)
}

/// Facet names of the index, the parameter that narrows to a value, and their labels.
const FACETS: &[(&str, &str, &str)] = &[
    ("kind", "kind", "Loại văn bản"),
    ("agency", "agency", "Cơ quan"),
    ("place", "place", "Địa phương"),
    ("topic", "topic", "Lĩnh vực"),
    ("year", "year", "Năm"),
];

/// Date filters: narrowing parameters without a facet, kept by the form and shown as removable
/// filters like the facets' values.
const DATE_FILTERS: &[(&str, &str, &str)] =
    &[("from", "from", "Từ ngày"), ("to", "to", "Đến ngày")];

/// `/?q=…`: the search box, and when there is a query or a filter, results and facets.
async fn search_page(
    State(state): State<AppState>,
    params: Result<FormQuery<SearchParams>, ApiError>,
) -> PageResponse {
    page_result(
        async {
            let FormQuery(params) = params?;
            if !asked(&params) {
                return Ok(ok("Tìm kiếm", html! {
                    (search_form(&params))
                    p { "Gõ từ khóa có dấu hoặc không dấu, số hiệu văn bản (ví dụ " a href="/?q=98-NQ%2FTU" { "98-NQ/TU" } "), tên cơ quan hay địa phương." }
                }));
            }
            let mut request = params.to_request(&state.limits)?;
            if request.query.is_empty() && params.sort.is_none() {
                // Filters alone: every document scores 0, so relevance order would be index
                // order; newest first is what a reader of a filtered list expects. The form
                // keeps "relevance" for when a query is typed.
                request.sort = tracuu_index::Sort::Date;
            }
            let results = state.search(request).await?.to_api();
            let title = match params.query().trim() {
                "" => "Văn bản theo bộ lọc".to_string(),
                q => format!("{q} – kết quả tìm kiếm"),
            };
            Ok(ok(&title, results_body(&params, &results)))
        }
        .await,
    )
}

/// Whether the page was asked anything: a query or any narrowing parameter (a filter alone
/// lists the documents it keeps). Empty form fields are already `None` (see `params`).
fn asked(params: &SearchParams) -> bool {
    !params.query().trim().is_empty()
        || FACETS
            .iter()
            .chain(DATE_FILTERS)
            .any(|(_, param, _)| facet_value(params, param).is_some())
}

fn search_form(params: &SearchParams) -> Markup {
    let date_sort = params.sort.as_deref() == Some("date");
    html! {
        form.search method="get" action="/" role="search" {
            input type="search" name="q" value=(params.query()) placeholder="Ví dụ: an ninh môi trường Lạng Sơn" aria-label="Từ khóa tìm kiếm" autofocus;
            select name="sort" aria-label="Sắp xếp" {
                option value="relevance" selected[!date_sort] { "Liên quan nhất" }
                option value="date" selected[date_sort] { "Mới nhất" }
            }
            @for (_, param, _) in FACETS.iter().chain(DATE_FILTERS) {
                @if let Some(value) = facet_value(params, param) {
                    input type="hidden" name=(param) value=(value);
                }
            }
            button type="submit" { "Tìm" }
        }
    }
}

/// The current value of a narrowing parameter.
fn facet_value(params: &SearchParams, param: &str) -> Option<String> {
    match param {
        "kind" => params.kind.clone(),
        "agency" => params.agency.clone(),
        "place" => params.place.clone(),
        "topic" => params.topic.clone(),
        "year" => params.year.map(|y| y.to_string()),
        "from" => params.from.map(|d| d.to_string()),
        "to" => params.to.map(|d| d.to_string()),
        _ => None,
    }
}

/// `params` with one narrowing parameter set (or removed) and paging reset.
fn with_facet(params: &SearchParams, param: &str, value: Option<&str>) -> SearchParams {
    let mut p = params.clone();
    let value = value.map(String::from);
    match param {
        "kind" => p.kind = value,
        "agency" => p.agency = value,
        "place" => p.place = value,
        "topic" => p.topic = value,
        "year" => p.year = value.and_then(|v| v.parse().ok()),
        "from" => p.from = value.and_then(|v| v.parse().ok()),
        "to" => p.to = value.and_then(|v| v.parse().ok()),
        _ => {}
    }
    p.offset = None;
    p
}

fn search_href(params: &SearchParams) -> String {
    format!(
        "/?{}",
        serde_urlencoded::to_string(params).unwrap_or_default()
    )
}

fn facet_label(param: &str, value: &str) -> String {
    match param {
        "kind" => kind_label(value),
        "from" | "to" => value
            .parse()
            .map(|d| date_vi(Some(d)))
            .unwrap_or_else(|_| value.to_string()),
        _ => value.to_string(),
    }
}

fn results_body(params: &SearchParams, results: &SearchResults) -> Markup {
    let limit = params.limit.unwrap_or(10).max(1);
    let offset = params.offset.unwrap_or(0);
    let page_no = offset / limit + 1;
    let pages = results.total.div_ceil(limit).max(1);
    html! {
        (search_form(params))
        div.layout {
            aside {
                @for (key, param, label) in FACETS {
                    @if let Some(values) = results.facets.get(*key) {
                        @if !values.is_empty() {
                            h3 { (label) }
                            ul {
                                @for v in values.iter().take(12) {
                                    li {
                                        a href=(search_href(&with_facet(params, param, Some(&v.value)))) { (facet_label(param, &v.value)) }
                                        " " span.n { "(" (v.count) ")" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section {
                p.meta { "Tìm thấy " strong { (results.total) } " văn bản (" (format!("{:.1}", results.took_ms)) " ms)" }
                div.filters {
                    @for (_, param, label) in FACETS.iter().chain(DATE_FILTERS) {
                        @if let Some(value) = facet_value(params, param) {
                            a href=(search_href(&with_facet(params, param, None))) title="Bỏ bộ lọc" { (label) ": " (facet_label(param, &value)) " ✕" }
                        }
                    }
                }
                @if results.hits.is_empty() {
                    p { "Không có văn bản nào khớp. Hãy thử ít từ hơn hoặc bỏ bớt bộ lọc." }
                }
                @for hit in &results.hits {
                    article.hit {
                        h2 { a href=(document_link(&hit.id)) { (hit.title) } }
                        div.meta {
                            (date_vi(hit.published)) " · " (kind_label(&hit.kind))
                            @if let Some(url) = &hit.url { " · " a href=(url) rel="nofollow noopener" { (source_name(url)) } }
                            @if hit.duplicates > 0 { " · " (hit.duplicates) " bản gần trùng" }
                        }
                        p.snippet { (snippet(&hit.snippet)) }
                    }
                }
                @if pages > 1 {
                    nav.pages aria-label="Phân trang" {
                        @if offset > 0 {
                            a rel="prev" href=(search_href(&SearchParams { offset: Some(offset.saturating_sub(limit)), ..params.clone() })) { "← Trang trước" }
                        }
                        span { "Trang " (page_no) "/" (pages) }
                        @if offset + limit < results.total {
                            a rel="next" href=(search_href(&SearchParams { offset: Some(offset + limit), ..params.clone() })) { "Trang sau →" }
                        }
                    }
                }
            }
        }
    }
}

/// The host of a URL, as a short source name.
fn source_name(url: &str) -> &str {
    url.split("://")
        .nth(1)
        .unwrap_or(url)
        .split('/')
        .next()
        .unwrap_or(url)
}

/// `/van-ban/{id}`: the document, its references linked to their pages, its facts.
async fn document_page(
    State(state): State<AppState>,
    path: Result<ApiPath<String>, ApiError>,
) -> PageResponse {
    page_result(
        async {
            let ApiPath(id) = path?;
            let detail = state
                .blocking(move |index| lookup::document_detail(index, &id))
                .await?;
            Ok(ok(&detail.document.title.clone(), document_body(&detail)))
        }
        .await,
    )
}

fn document_body(d: &DocumentDetail) -> Markup {
    let doc = &d.document;
    html! {
        h1 { (doc.title) }
        p.meta {
            (date_vi(doc.published.as_ref().map(|p| p.date))) " · " (doc.kind_label)
            @if let Some(n) = &doc.number { " · Số " (n) }
            @if let Some(i) = &doc.issuer { " · " (i) }
            @if let Some(url) = &doc.url { " · " a href=(url) rel="nofollow noopener" { "Nguồn: " (source_name(url)) } }
        }
        @if !d.facts.references.is_empty() {
            h2 { "Văn bản được dẫn chiếu" }
            ul {
                @for r in &d.facts.references {
                    li {
                        @if shows_type(&r.doc_type, r.number.as_deref(), r.title.as_deref()) { (r.doc_type) " " }
                        @if let Some(n) = &r.number { a href=(reference_link(n)) { (n) } }
                        @else if let Some(t) = &r.title { (t) }
                        @if let Some(date) = r.date { " ngày " (date_vi(Some(date))) }
                        @if let Some(i) = &r.issuer { " của " (i) }
                    }
                }
            }
        }
        @if !d.facts.assignments.is_empty() {
            h2 { "Phân công nhiệm vụ" }
            table.cards {
                tr { th { "Cơ quan" } th { "Vai trò" } th { "Nhiệm vụ" } }
                @for a in &d.facts.assignments {
                    tr {
                        td data-label="Cơ quan" { @for (i, ag) in a.agencies.iter().enumerate() { @if i > 0 { ", " } a href=(agency_link(&ag.id)) { (ag.name) } } }
                        td data-label="Vai trò" { (role_label(&a.role)) }
                        td data-label="Nhiệm vụ" { (a.task) }
                    }
                }
            }
        }
        @if !d.facts.topics.is_empty() || !d.facts.places.is_empty() || d.facts.province.is_some() {
            p.meta {
                @if let Some(province) = &d.facts.province {
                    "Tỉnh, thành phố: "
                    a href=(search_href(&SearchParams { place: Some(province.clone()), ..SearchParams::default() })) { (province) }
                    ". "
                }
                @if !d.facts.topics.is_empty() { "Lĩnh vực: " @for (i, t) in d.facts.topics.iter().enumerate() { @if i > 0 { ", " } (t.label) } ". " }
                @if !d.facts.places.is_empty() { "Địa phương: " @for (i, p) in d.facts.places.iter().enumerate() { @if i > 0 { ", " } (p.name) } "." }
            }
        }
        div.body { @for p in &doc.paragraphs { p { (p) } } }
        @if !d.cited_by.is_empty() {
            h2 { "Văn bản dẫn chiếu văn bản này" }
            ul { @for c in &d.cited_by { li { (date_vi(c.document.published)) " · " a href=(document_link(&c.document.id)) { (c.document.title) } } } }
        }
        @if !d.near_duplicates.is_empty() {
            h2 { "Bản gần trùng" }
            ul { @for s in &d.near_duplicates { li { (date_vi(s.published)) " · " a href=(document_link(&s.id)) { (s.title) } } } }
        }
    }
}

/// Whether a reference's type is printed before it. Not when it is unnumbered and its title
/// already opens with the type ("Nghị quyết Đại hội XIII của Đảng"), which would read
/// "Nghị quyết Nghị quyết …"; compared folded, so "nghị quyết"/"Nghi quyet" count too.
fn shows_type(doc_type: &str, number: Option<&str>, title: Option<&str>) -> bool {
    let (Some(title), None) = (title, number) else {
        return true;
    };
    let (doc_type, title) = (tracuu_text::fold(doc_type), tracuu_text::fold(title));
    let doc_type = doc_type.trim();
    match title.trim_start().strip_prefix(doc_type) {
        Some(rest) => !(rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric())),
        None => true,
    }
}

/// `/tham-chieu/{number}`: what the corpus says of a referenced document, and the timeline
/// of its mentions.
async fn reference_page(
    State(state): State<AppState>,
    path: Result<ApiPath<String>, ApiError>,
) -> PageResponse {
    page_result(
        async {
            let ApiPath(number) = path?;
            check_query_len(&number, &state.limits)?;
            let detail = state
                .blocking(move |index| lookup::reference_detail(index, &number))
                .await?;
            let title = format!(
                "{} {}",
                detail.doc_type.clone().unwrap_or_default(),
                detail.number
            );
            Ok(ok(&title, reference_body(&detail)))
        }
        .await,
    )
}

fn reference_body(d: &ReferenceDetail) -> Markup {
    html! {
        h1 { (d.doc_type.as_deref().unwrap_or("Văn bản")) " số " (d.canonical.as_deref().unwrap_or(&d.number)) }
        p.meta {
            @if let Some(date) = d.date { "Ngày " (date_vi(Some(date))) ". " }
            @if let Some(i) = &d.issuer { "Cơ quan ban hành: " (i) ". " }
            @if let Some(t) = &d.title { "Trích yếu: " (t) ". " }
            (d.citing.len()) " lần được nhắc đến trong kho."
        }
        h2 { "Dòng thời gian các lần được nhắc đến" }
        ol.timeline {
            @for c in &d.citing {
                li {
                    time datetime=(c.document.published.map(|p| p.to_string()).unwrap_or_default()) { (date_vi(c.document.published)) }
                    a href=(document_link(&c.document.id)) { (c.document.title) }
                    div.meta { (kind_label(&c.document.kind)) }
                }
            }
        }
    }
}

/// `/co-quan`: every agency with its document count.
async fn agencies_page(State(state): State<AppState>) -> PageResponse {
    page_result(
        async {
            let list = state.blocking(lookup::agency_list).await?;
            Ok(ok(
                "Cơ quan",
                html! {
                    h1 { "Cơ quan" }
                    @if list.is_empty() { p { "Chưa có cơ quan nào trong kho." } }
                    table {
                        tr { th { "Cơ quan" } th { "Địa phương" } th { "Số văn bản" } }
                        @for a in &list {
                            tr {
                                td { a href=(agency_link(&a.agency.id)) { (a.agency.name) } }
                                td { (a.agency.province.as_deref().unwrap_or("")) }
                                td { (a.documents) }
                            }
                        }
                    }
                },
            ))
        }
        .await,
    )
}

/// `/co-quan/{id}`: an agency and its tasks, newest first.
async fn agency_page(
    State(state): State<AppState>,
    path: Result<ApiPath<String>, ApiError>,
) -> PageResponse {
    page_result(
        async {
            let ApiPath(id) = path?;
            let detail: AgencyDetail = state
                .blocking(move |index| lookup::agency_detail(index, &id))
                .await?;
            Ok(ok(&detail.agency.name.clone(), html! {
                h1 { (detail.agency.name) }
                p.meta {
                    @if let Some(p) = &detail.agency.province { (p) " · " }
                    (detail.documents) " văn bản nhắc đến · "
                    a href=(search_href(&SearchParams { agency: Some(detail.agency.id.clone()), ..SearchParams::default() })) { "Xem các văn bản" }
                }
                h2 { "Nhiệm vụ được giao" }
                (assignment_table(&detail.assignments, false))
            }))
        }
        .await,
    )
}

fn assignment_table(hits: &[AssignmentHit], with_agency: bool) -> Markup {
    html! {
        @if hits.is_empty() { p { "Không có nhiệm vụ nào." } }
        @else {
            table.cards {
                tr {
                    @if with_agency { th { "Cơ quan" } }
                    th { "Vai trò" } th { "Nhiệm vụ" } th { "Giao bởi" } th { "Văn bản" }
                }
                @for h in hits {
                    tr {
                        @if with_agency {
                            td data-label="Cơ quan" { @for (i, ag) in h.assignment.agencies.iter().enumerate() { @if i > 0 { ", " } a href=(agency_link(&ag.id)) { (ag.name) } } }
                        }
                        td data-label="Vai trò" { (role_label(&h.assignment.role)) }
                        td data-label="Nhiệm vụ" { (h.assignment.task) }
                        td data-label="Giao bởi" { @if let Some(a) = &h.assignment.assigner { a href=(agency_link(&a.id)) { (a.name) } } }
                        td data-label="Văn bản" { a href=(document_link(&h.document.id)) { (h.document.title) } br; span.meta { (date_vi(h.document.published)) } }
                    }
                }
            }
        }
    }
}

/// `/phu-trach?q=…`: "Ai phụ trách?", who owns a task.
async fn assignments_page(
    State(state): State<AppState>,
    params: Result<FormQuery<AssignmentParams>, ApiError>,
) -> PageResponse {
    page_result(
        async {
            let FormQuery(params) = params?;
            let (query, limit) = params.validate(&state.limits)?;
            let form = html! {
                h1 { "Ai phụ trách?" }
                form.search method="get" action="/phu-trach" role="search" {
                    input type="search" name="q" value=(query) placeholder="Ví dụ: kiểm tra khai thác cát" aria-label="Nhiệm vụ" autofocus;
                    button type="submit" { "Tìm cơ quan" }
                }
            };
            if query.is_empty() {
                return Ok(ok("Ai phụ trách?", html! { (form) p { "Nhập một nhiệm vụ để biết cơ quan nào chủ trì, phối hợp hay chịu trách nhiệm." } }));
            }
            let q = query.clone();
            let hits = state
                .blocking(move |index| lookup::assignment_search(index, &q, limit))
                .await?;
            Ok(ok(&format!("Ai phụ trách: {query}"), html! { (form) (assignment_table(&hits, true)) }))
        }
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_links_keep_the_query_and_reset_paging() {
        let p = SearchParams {
            q: Some("an ninh".into()),
            offset: Some(20),
            ..SearchParams::default()
        };
        let href = search_href(&with_facet(&p, "year", Some("2022")));
        assert!(href.contains("q=an+ninh"), "{href}");
        assert!(href.contains("year=2022"), "{href}");
        assert!(!href.contains("offset"), "{href}");
    }

    #[test]
    fn a_title_opening_with_its_type_does_not_repeat_it() {
        let title = Some("Nghị quyết Đại hội XIII của Đảng");
        assert!(!shows_type("Nghị quyết", None, title));
        assert!(!shows_type(
            "Nghị quyết",
            None,
            Some("nghi quyet đại hội XIII")
        ));
        assert!(
            shows_type("Nghị quyết", Some("98-NQ/TU"), title),
            "numbered: type, number"
        );
        assert!(shows_type("Luật", None, Some("Bảo vệ môi trường 2020")));
        assert!(shows_type("Luật", None, None));
        // A word that only starts like the type is not the type.
        assert!(shows_type("Luật", None, Some("Luậtsư")));
    }

    #[test]
    fn source_is_the_host() {
        assert_eq!(source_name("https://langson.gov.vn/a/b"), "langson.gov.vn");
        assert_eq!(source_name("nohost"), "nohost");
    }
}
