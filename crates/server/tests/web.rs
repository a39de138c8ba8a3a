//! The Vietnamese page over real HTTP: search, facets, document, reference, agency, tasks.

mod common;

use common::*;

async fn get_html(url: &str) -> (u16, String) {
    let response = client().get(url).send().await.expect("request");
    let status = response.status().as_u16();
    let ctype = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = response.text().await.unwrap();
    assert!(ctype.starts_with("text/html"), "{url}: {ctype}");
    (status, text)
}

/// Every `href="…"` of a page.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_page_is_vietnamese_and_phone_ready() {
    let server = start().await;
    let (status, html) = get_html(&server.url("/")).await;
    assert_eq!(status, 200);
    assert!(html.contains("lang=\"vi\""));
    assert!(html.contains("name=\"viewport\""));
    assert!(html.contains("Ai phụ trách?"));
    assert!(html.contains("name=\"q\""));
    assert!(!html.contains("<script"), "no JavaScript needed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_without_diacritics_shows_highlighted_results_and_facets() {
    let server = start().await;
    let (status, html) = get_html(&server.url("/?q=an+ninh+moi+truong")).await;
    assert_eq!(status, 200);
    let (_, api) = get_json(&server.url("/api/search?q=an+ninh+moi+truong")).await;
    let first_title = api["hits"][0]["title"].as_str().unwrap();
    let escaped = first_title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(html.contains(&escaped), "first hit's title on the page");
    assert!(html.contains("<mark>"), "highlighted snippet");
    assert!(html.contains("Loại văn bản"), "kind facet");
    assert!(html.contains(&format!("Tìm thấy <strong>{}</strong>", api["total"])));
    assert!(
        html.contains("value=\"an ninh moi truong\""),
        "query kept in the box"
    );

    // A facet link narrows the search, and the narrowed page offers to drop the filter.
    let facet = links(&html)
        .into_iter()
        .find(|l| l.contains("kind="))
        .expect("a kind facet link");
    let (status, narrowed) = get_html(&server.url(&facet)).await;
    assert_eq!(status, 200);
    assert!(narrowed.contains("Bỏ bộ lọc"));

    // Paging: one hit a page gives a next link that works.
    let (_, paged) = get_html(&server.url("/?q=moi+truong&limit=1")).await;
    let next = links(&paged)
        .into_iter()
        .find(|l| l.contains("offset=1"))
        .expect("next page link");
    let (status, second) = get_html(&server.url(&next)).await;
    assert_eq!(status, 200);
    assert!(second.contains("Trang 2/"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_page_links_references_to_their_timeline() {
    let server = start().await;
    let (_, api) = get_json(&server.url("/api/search?q=98-NQ%2FTU")).await;
    let id = api["hits"][0]["id"].as_str().unwrap();
    let (status, html) = get_html(&server.url(&format!("/van-ban/{id}"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Văn bản được dẫn chiếu"));
    // Its province, linked to the documents filtered by it.
    let province = links(&html)
        .into_iter()
        .find(|l| l.starts_with("/?place="))
        .expect("the province linked to its filter");
    let (status, filtered) = get_html(&server.url(&province)).await;
    assert_eq!(status, 200);
    assert!(filtered.contains(&format!("/van-ban/{id}")), "{province}");
    let reference = links(&html)
        .into_iter()
        .find(|l| l == "/tham-chieu/98-NQ/TU")
        .expect("reference linked to its page");
    let (status, timeline) = get_html(&server.url(&reference)).await;
    assert_eq!(status, 200);
    assert!(timeline.contains("Dòng thời gian"));
    assert!(
        timeline.contains(&format!("/van-ban/{id}")),
        "the citing seed on the timeline"
    );

    let (status, html) = get_html(&server.url("/van-ban/khong-co")).await;
    assert_eq!(status, 404);
    assert!(html.contains("Không tìm thấy"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agency_pages_and_who_owns_a_task() {
    let server = start().await;
    let (status, html) = get_html(&server.url("/co-quan")).await;
    assert_eq!(status, 200);
    let agency = links(&html)
        .into_iter()
        .find(|l| l.starts_with("/co-quan/"))
        .expect("an agency link");
    let (status, page) = get_html(&server.url(&agency)).await;
    assert_eq!(status, 200, "{agency}");
    assert!(page.contains("Nhiệm vụ được giao"));

    let (status, page) = get_html(&server.url("/phu-trach?q=khai+thac+khoang+san")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Vai trò"), "a table of assignments");
    assert!(links(&page).iter().any(|l| l.starts_with("/co-quan/")));

    let (status, page) = get_html(&server.url(&format!("/?q={}", "a".repeat(1001)))).await;
    assert_eq!(status, 400);
    assert!(page.contains("truy vấn quá dài"));
    let (status, _) = get_html(&server.url("/khong-co-trang-nay")).await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_alone_list_their_documents_newest_first() {
    let server = start().await;
    for filter in ["from=2022-01-01", "to=2030-12-31", "kind=news", "year=2022"] {
        let (_, api) = get_json(&server.url(&format!("/api/search?sort=date&{filter}"))).await;
        let (status, html) = get_html(&server.url(&format!("/?{filter}"))).await;
        assert_eq!(status, 200, "{filter}");
        assert!(
            html.contains(&format!("Tìm thấy <strong>{}</strong>", api["total"])),
            "{filter}: the filtered list, not the home page"
        );
        let hrefs = links(&html);
        let pages: Vec<&String> = hrefs
            .iter()
            .filter(|l| l.starts_with("/van-ban/"))
            .collect();
        let expected: Vec<String> = api["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| format!("/van-ban/{}", h["id"].as_str().unwrap()))
            .collect();
        assert!(!expected.is_empty(), "{filter}: the seeds hold some");
        let shown: Vec<&String> = pages
            .iter()
            .copied()
            .filter(|l| expected.contains(l))
            .collect();
        assert_eq!(shown.len(), expected.len(), "{filter}: {pages:?}");
        assert!(
            html.contains("Bỏ bộ lọc"),
            "{filter}: the filter can be removed"
        );
    }
    // An untouched form field is no filter: the home page, not an error.
    let (status, html) = get_html(&server.url("/?q=&from=&to=&kind=&year=")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Gõ từ khóa"), "home page");
    // A malformed one is named in Vietnamese.
    let (status, html) = get_html(&server.url("/?q=x&limit=abc")).await;
    assert_eq!(status, 400);
    assert!(
        html.contains("tham số &quot;limit&quot; phải là số nguyên")
            || html.contains("tham số \"limit\" phải là số nguyên"),
        "{html}"
    );
    assert!(!html.contains("Failed to deserialize"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agencies_page_lists_names_in_vietnamese_order() {
    let server = start().await;
    let (_, html) = get_html(&server.url("/co-quan")).await;
    let (_, api) = get_json(&server.url("/api/agencies")).await;
    let list = api["agencies"].as_array().unwrap();
    // Within one document count, names follow the Vietnamese alphabet.
    for pair in list.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a["documents"] == b["documents"] {
            let (x, y) = (
                a["agency"]["name"].as_str().unwrap(),
                b["agency"]["name"].as_str().unwrap(),
            );
            assert!(
                tracuu_server::vietnamese_key(x) <= tracuu_server::vietnamese_key(y),
                "{x} before {y}"
            );
        }
    }
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let api_names: Vec<String> = list
        .iter()
        .map(|a| escape(a["agency"]["name"].as_str().unwrap()))
        .collect();
    let page_names: Vec<String> = html
        .split("<a href=\"/co-quan/")
        .skip(1)
        .filter_map(|s| s.split_once("\">")?.1.split("</a>").next())
        .map(String::from)
        .collect();
    assert_eq!(page_names, api_names, "the page keeps the API's order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reference_titled_with_its_type_does_not_repeat_it() {
    let server = start().await;
    let (_, all) = get_json(&server.url("/api/search?limit=100")).await;
    // Every seed: the hits and the near-duplicates collapsed into them (which member of a
    // cluster is the hit is not this test's concern).
    let mut ids = Vec::new();
    for hit in all["hits"].as_array().unwrap() {
        let id = hit["id"].as_str().unwrap().to_string();
        let (_, document) = get_json(&server.url(&format!("/api/documents/{id}"))).await;
        for duplicate in document["near_duplicates"].as_array().unwrap() {
            ids.push(duplicate["id"].as_str().unwrap().to_string());
        }
        ids.push(id);
    }
    assert_eq!(ids.len(), 5, "{ids:?}");
    let mut seen = false;
    for id in &ids {
        let (status, html) = get_html(&server.url(&format!("/van-ban/{id}"))).await;
        assert_eq!(status, 200, "{id}");
        let references = html.split("Văn bản được dẫn chiếu").nth(1).unwrap_or("");
        let references = references.split("</ul>").next().unwrap_or("");
        assert!(!references.contains("Nghị quyết Nghị quyết"), "{id}");
        seen |= references.contains("<li>Nghị quyết đại hội XIII");
    }
    assert!(
        seen,
        "the seed citing the XIII congress resolution lists it once"
    );
}

/// The search form sends its untouched fields empty: they are filters not given, and the page
/// shows what the query alone finds (the API would refuse an empty date: tests/api.rs).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_form_fields_mean_no_filter() {
    let server = start().await;
    let (_, api) = get_json(&server.url("/api/search?q=moi+truong")).await;
    let form = "/?q=moi+truong&kind=&agency=&place=&topic=&from=&to=&year=&sort=&limit=&offset=";
    let (status, html) = get_html(&server.url(form)).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains(&format!("Tìm thấy <strong>{}</strong>", api["total"])),
        "{html}"
    );
    let (status, _) = get_html(&server.url("/phu-trach?q=chat+thai&limit=")).await;
    assert_eq!(status, 200);
}
