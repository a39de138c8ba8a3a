//! A test portal served on 127.0.0.1 (port 0), laid out like a Vietnamese provincial portal
//! and carrying the seed texts, with the traps and failures a real portal has.
//! Shared by the integration tests and the benchmark example.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// The `.doc` builder, shared with the unit tests of `attachment::doc`.
#[path = "msdoc.rs"]
pub mod msdoc;
#[path = "pdf.rs"]
pub mod pdf;
pub use pdf::minimal_pdf;

/// One request as the portal saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub at: Instant,
    pub path: String,
    pub if_none_match: Option<String>,
    pub user_agent: Option<String>,
    pub accept_encoding: Option<String>,
}

/// What the portal serves and what it saw.
pub struct PortalState {
    pub seeds: Vec<(String, String)>,
    pub log: Mutex<Vec<Seen>>,
    /// Bumped by tests between crawls: the content of `/thay-doi`.
    pub version: AtomicU32,
    /// Number of generated pages under `/kho/` (a binary tree of links).
    pub generated: usize,
    pub pdf: Vec<u8>,
    pub docx: Vec<u8>,
    pub doc: Vec<u8>,
    pub port: AtomicU32,
    hits: Mutex<HashMap<String, u32>>,
    pub slow: Duration,
    /// Status of /robots.txt (200 serves the rules; tests set 404 or 503).
    pub robots_status: AtomicU32,
}

impl PortalState {
    pub fn requests(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }
    pub fn count(&self, path: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path == path)
            .count()
    }
    pub fn count_prefix(&self, prefix: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path.starts_with(prefix))
            .count()
    }
}

/// A running portal.
pub struct Portal {
    pub addr: SocketAddr,
    pub state: Arc<PortalState>,
}

impl Portal {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

/// A crawl of the generated `/kho/` tree only (binary tree of `generated` pages).
pub fn kho_config(base: &str, politeness: tracuu_crawl::Politeness) -> tracuu_crawl::CrawlConfig {
    tracuu_crawl::CrawlConfig {
        politeness,
        limits: tracuu_crawl::Limits::default(),
        portals: vec![tracuu_crawl::Portal {
            name: "kho".into(),
            start_urls: vec![format!("{base}/kho/0.html")],
            allowed_hosts: vec![],
            attachment_hosts: vec![],
            include: vec!["/kho/".into()],
            exclude: vec![],
            sitemaps: vec![],
            feeds: vec![],
            max_depth: 100,
        }],
    }
}

/// The seed texts of the repository: (title, body).
pub fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/seeds")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let title = text
                .lines()
                .map(str::trim)
                .filter(|l| l.len() > 40)
                .nth(1)
                .unwrap_or("Tin tức")
                .to_string();
            (title, text)
        })
        .collect()
}

/// The paragraph used to prove the Windows-1258 page was decoded.
pub const CP1258_TEXT: &str =
    "Sở Tài nguyên và Môi trường tỉnh Lạng Sơn hướng dẫn bảo vệ môi trường làng nghề";

/// The text of the PDF attachment (ASCII: the minimal PDF uses a standard font).
pub const PDF_TEXT: &str = "Quyet dinh so 1414/QD-UBND ngay 24/11/2022 ve bao ve moi truong";

pub async fn start(generated: usize) -> Portal {
    let state = Arc::new(PortalState {
        seeds: seeds(),
        log: Mutex::new(Vec::new()),
        version: AtomicU32::new(1),
        generated,
        pdf: minimal_pdf(PDF_TEXT),
        docx: minimal_docx(DOCX_TEXT),
        doc: msdoc::minimal_doc(&[(DOC_TEXT, false)]),
        port: AtomicU32::new(0),
        hits: Mutex::new(HashMap::new()),
        slow: Duration::from_secs(3),
        robots_status: AtomicU32::new(200),
    });
    let app = axum::Router::new()
        .fallback(handle)
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    state.port.store(addr.port() as u32, Ordering::SeqCst);
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Portal { addr, state }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{t} - Cổng thông tin điện tử tỉnh Lạng Sơn</title></head>
<body><div id="header"><a href="/">Trang chủ</a> | <a href="/tin-tuc?page=1">Tin tức</a> | <a href="/quan-tri/dang-nhap">Đăng nhập</a></div>
<div class="breadcrumb">Trang chủ &gt; Tin tức - Sự kiện</div>
<div class="content"><h1>{t}</h1><div class="date">Cập nhật: 24/11/2022</div>{body}</div>
<div id="footer">© Cổng Thông tin điện tử tỉnh Lạng Sơn. Địa chỉ: Đường Hùng Vương, TP Lạng Sơn</div></body></html>"#,
        t = escape(title)
    )
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

async fn handle(State(state): State<Arc<PortalState>>, request: Request) -> Response {
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let headers: &HeaderMap = request.headers();
    state.log.lock().unwrap().push(Seen {
        at: Instant::now(),
        path: path.clone(),
        if_none_match: headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        accept_encoding: headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
    });
    let port = state.port.load(Ordering::SeqCst);
    let (route, query) = path.split_once('?').unwrap_or((&path, ""));
    match route {
        "/robots.txt" if state.robots_status.load(Ordering::SeqCst) != 200 => {
            let status = state.robots_status.load(Ordering::SeqCst) as u16;
            (StatusCode::from_u16(status).unwrap(), "robots.txt tạm thời không có").into_response()
        }
        "/robots.txt" => format!(
            "User-agent: *\nDisallow: /quan-tri/\nCrawl-delay: 0.05\nSitemap: http://127.0.0.1:{port}/sitemap.xml\n"
        )
        .into_response(),
        "/" => {
            let mut links = String::from(
                r#"<ul class="menu">
<li><a href="/tin-tuc?page=1">Tin tức - Sự kiện</a></li>
<li><a href="/van-ban/1414-ubnd-kt.html">Văn bản chỉ đạo điều hành</a></li>
<li><a href="/bai-viet/0.html?utm_source=zalo&utm_medium=share#binh-luan">Bài nổi bật</a></li>
<li><a href="/chuyen-huong/1">Liên kết cũ</a></li>
<li><a href="/vong-lap/a">Liên kết hỏng</a></li>
<li><a href="/khong-co.html">Trang đã xoá</a></li>
<li><a href="/loi-may-chu">Thống kê</a></li>
<li><a href="/qua-tai">Dịch vụ công</a></li>
<li><a href="/cham">Bản đồ</a></li>
<li><a href="/lich-cong-tac?nam=2024&thang=1">Lịch công tác</a></li>
<li><a href="/cu/trang-1258.html">Chuyên trang cũ</a></li>
<li><a href="/lon">Báo cáo tổng hợp</a></li>
<li><a href="/thay-doi">Thông báo</a> <a href="/khong-doi">Giới thiệu</a> <a href="/giong-het">Liên hệ</a></li>
<li><a href="mailto:vpubnd@langson.gov.vn">Hộp thư</a> <a href="javascript:void(0)">In</a></li>
</ul>"#,
            );
            if state.generated > 0 {
                links.push_str(r#"<a href="/kho/0.html">Kho văn bản</a>"#);
            }
            html(StatusCode::OK, page("Trang chủ", &links))
        }
        "/tin-tuc" => {
            let n: usize = query
                .strip_prefix("page=")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1);
            let per = 2;
            let mut body = String::from("<ul class=\"list-news\">");
            for i in (n - 1) * per..(n * per).min(state.seeds.len()) {
                body.push_str(&format!(
                    "<li><a href=\"/bai-viet/{i}.html\">{}</a></li>",
                    escape(&state.seeds[i].0)
                ));
            }
            body.push_str("</ul><div class=\"paging\">");
            if n * per < state.seeds.len() {
                body.push_str(&format!("<a href=\"/tin-tuc?page={}\">Trang sau »</a>", n + 1));
            }
            body.push_str("</div>");
            html(StatusCode::OK, page("Tin tức - Sự kiện", &body))
        }
        "/van-ban/1414-ubnd-kt.html" => html(
            StatusCode::OK,
            page(
                "Công văn số 1414/UBND-KT về an ninh môi trường",
                r#"<p>Văn bản đính kèm:</p><p><a href="/files/1414-UBND-KT.pdf">Tải về 1414-UBND-KT.pdf</a></p>
<p><a href="/files/ke-hoach-05.docx">Kế hoạch 05/KH-UBND.docx</a></p><p><a href="/files/bao-cao-dtm.doc">Báo cáo ĐTM.doc</a></p><p><a href="/nen">Bản nén</a></p>"#,
            ),
        ),
        "/files/1414-UBND-KT.pdf" => (
            [(header::CONTENT_TYPE, "application/pdf")],
            state.pdf.clone(),
        )
            .into_response(),
        "/files/ke-hoach-05.docx" => (
            [(
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )],
            state.docx.clone(),
        )
            .into_response(),
        "/files/bao-cao-dtm.doc" => (
            [(header::CONTENT_TYPE, "application/msword")],
            state.doc.clone(),
        )
            .into_response(),
        "/nen" => {
            let body = page("Bản nén", &format!("<p>{CP1258_TEXT}</p>"));
            let gzip = headers
                .get(header::ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("gzip"));
            if gzip {
                use std::io::Write;
                let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                encoder.write_all(body.as_bytes()).unwrap();
                (
                    [
                        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                        (header::CONTENT_ENCODING, "gzip"),
                    ],
                    encoder.finish().unwrap(),
                )
                    .into_response()
            } else {
                html(StatusCode::OK, body)
            }
        }
        "/sitemap.xml" => xml(format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://127.0.0.1:{port}/sitemaps/tin-tuc.xml</loc></sitemap>
<sitemap><loc>http://127.0.0.1:{port}/sitemaps/van-ban.xml</loc></sitemap></sitemapindex>"#
        )),
        "/sitemaps/tin-tuc.xml" => xml(format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://127.0.0.1:{port}/bai-viet/0.html</loc><lastmod>2022-11-24</lastmod></url>
<url><loc>http://127.0.0.1:{port}/chi-trong-sitemap.html</loc></url></urlset>"#
        )),
        "/sitemaps/van-ban.xml" => xml(format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://127.0.0.1:{port}/van-ban/chi-thi-05.html?b=2&amp;a=1</loc></url></urlset>"#
        )),
        "/rss.xml" => xml(format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin môi trường</title><link>http://127.0.0.1:{port}/</link>
<item><title>Bài chỉ có trong RSS</title><link>http://127.0.0.1:{port}/chi-trong-rss.html</link></item></channel></rss>"#
        )),
        "/chi-trong-sitemap.html" | "/chi-trong-rss.html" | "/van-ban/chi-thi-05.html" => {
            html(StatusCode::OK, page(route, "<p>Chỉ thị về bảo vệ môi trường.</p>"))
        }
        "/chuyen-huong/1" => redirect("/chuyen-huong/2"),
        "/chuyen-huong/2" => redirect("/chuyen-huong/3"),
        "/chuyen-huong/3" => redirect("/van-ban/dich-den.html"),
        "/van-ban/dich-den.html" => html(StatusCode::OK, page("Đích của chuỗi chuyển hướng", "<p>Đã tới.</p>")),
        "/vong-lap/a" => redirect("/vong-lap/b"),
        "/vong-lap/b" => redirect("/vong-lap/a"),
        "/loi-may-chu" => html(StatusCode::INTERNAL_SERVER_ERROR, page("Lỗi", "<p>Lỗi máy chủ</p>")),
        "/qua-tai" => {
            let mut hits = state.hits.lock().unwrap();
            let n = hits.entry(route.to_string()).or_default();
            *n += 1;
            if *n == 1 {
                (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")], "Quá nhiều yêu cầu").into_response()
            } else {
                html(StatusCode::OK, page("Dịch vụ công", "<p>Đã phục vụ sau khi chờ.</p>"))
            }
        }
        "/cham" => {
            tokio::time::sleep(state.slow).await;
            html(StatusCode::OK, page("Chậm", "<p>Quá muộn.</p>"))
        }
        "/lich-cong-tac" => {
            let get = |k: &str| {
                query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
                    .and_then(|v| v.parse::<i32>().ok())
                    .unwrap_or(1)
            };
            let (year, month) = (get("nam"), get("thang"));
            let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
            let (py, pm) = if month == 1 { (year - 1, 12) } else { (year, month - 1) };
            html(
                StatusCode::OK,
                page(
                    &format!("Lịch công tác tháng {month}/{year}"),
                    &format!(
                        "<a href=\"/lich-cong-tac?nam={py}&thang={pm}\">« Tháng trước</a> <a href=\"/lich-cong-tac?thang={nm}&nam={ny}\">Tháng sau »</a>"
                    ),
                ),
            )
        }
        "/cu/trang-1258.html" => {
            let body = format!(
                "<html><head><title>Chuyen trang</title></head><body><p>{CP1258_TEXT}. {CP1258_TEXT}. {CP1258_TEXT}.</p><a href=\"/cu/tu-trang-1258.html\">Xem tiếp</a></body></html>"
            );
            (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                encode_windows_1258(&body),
            )
                .into_response()
        }
        "/cu/tu-trang-1258.html" => html(StatusCode::OK, page("Tiếp", "<p>Tiếp theo.</p>")),
        "/lon" => {
            let chunk = "<p>Báo cáo tổng hợp số liệu quan trắc môi trường. </p>\n".repeat(64);
            let mut body = String::with_capacity(21 * 1024 * 1024);
            body.push_str("<html><body><a href=\"/sau-trang-lon.html\">x</a>");
            while body.len() < 20 * 1024 * 1024 {
                body.push_str(&chunk);
            }
            html(StatusCode::OK, body)
        }
        "/thay-doi" => {
            let v = state.version.load(Ordering::SeqCst);
            html(StatusCode::OK, page("Thông báo", &format!("<p>Thông báo phiên bản {v}.</p>")))
        }
        "/khong-doi" => {
            let etag = "\"gioi-thieu-v1\"";
            if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag) {
                (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response()
            } else {
                (
                    [
                        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                        (header::ETAG, etag),
                        (header::LAST_MODIFIED, "Thu, 24 Nov 2022 08:00:00 GMT"),
                    ],
                    page("Giới thiệu", "<p>Giới thiệu chung về tỉnh Lạng Sơn.</p><a href=\"/gioi-thieu/lich-su.html\">Lịch sử</a>"),
                )
                    .into_response()
            }
        }
        "/giong-het" => html(StatusCode::OK, page("Liên hệ", "<p>Văn phòng UBND tỉnh.</p>")),
        "/gioi-thieu/lich-su.html" => html(StatusCode::OK, page("Lịch sử", "<p>Xứ Lạng.</p>")),
        _ => {
            if let Some(i) = route
                .strip_prefix("/bai-viet/")
                .and_then(|r| r.strip_suffix(".html"))
                .and_then(|r| r.parse::<usize>().ok())
                .filter(|i| *i < state.seeds.len())
            {
                let (title, text) = &state.seeds[i];
                let paragraphs: String = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| format!("<p>{}</p>\n", escape(l)))
                    .collect();
                let extra = if i == 0 {
                    "<p>Văn bản: <a href=\"/van-ban/1414-ubnd-kt.html#tai-ve\">Công văn 1414</a></p>"
                } else {
                    ""
                };
                return html(StatusCode::OK, page(title, &format!("{paragraphs}{extra}")));
            }
            if let Some(n) = route
                .strip_prefix("/kho/")
                .and_then(|r| r.strip_suffix(".html"))
                .and_then(|r| r.parse::<usize>().ok())
                .filter(|n| *n < state.generated)
            {
                let (title, text) = &state.seeds[n % state.seeds.len()];
                let mut body = format!("<p>Số hồ sơ {n}.</p><p>{}</p>", escape(&text.chars().take(1500).collect::<String>()));
                for child in [2 * n + 1, 2 * n + 2] {
                    if child < state.generated {
                        body.push_str(&format!("<a href=\"/kho/{child}.html\">Hồ sơ {child}</a> "));
                    }
                }
                return html(StatusCode::OK, page(&format!("{title} ({n})"), &body));
            }
            html(StatusCode::NOT_FOUND, page("Không tìm thấy", "<p>Trang không tồn tại.</p>"))
        }
    }
}

fn xml(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

fn redirect(to: &str) -> Response {
    Response::builder()
        .status(StatusCode::MOVED_PERMANENTLY)
        .header(header::LOCATION, to)
        .body(Body::empty())
        .unwrap()
}

/// Encodes Vietnamese text as Windows-1258 the way old Vietnamese sites did: base letters with
/// circumflex, breve and horn precomposed, tone marks as combining characters.
pub fn encode_windows_1258(text: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut prepared = String::new();
    for c in text.nfc() {
        let mut buf = [0u8; 4];
        let (_, _, unmappable) = encoding_rs::WINDOWS_1258.encode(c.encode_utf8(&mut buf));
        if !unmappable {
            prepared.push(c);
            continue;
        }
        let decomposed: Vec<char> = c.to_string().nfd().collect();
        let base: String = decomposed.iter().filter(|m| !TONES.contains(m)).collect();
        prepared.extend(base.nfc());
        prepared.extend(decomposed.iter().filter(|m| TONES.contains(m)));
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&prepared);
    assert!(!unmappable, "text not encodable in windows-1258");
    bytes.into_owned()
}

/// The text of the DOCX attachment.
pub const DOCX_TEXT: &str = "Kế hoạch số 05/KH-UBND về thu gom, xử lý chất thải rắn sinh hoạt";

/// The text of the legacy DOC attachment (a sentence of the seed pages, in a UTF-16 piece).
pub const DOC_TEXT: &str =
    "Sở Tài nguyên và Môi trường thẩm định báo cáo đánh giá tác động môi trường";

/// A minimal DOCX: a zip holding word/document.xml with one paragraph.
pub fn minimal_docx(text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
    )
    .unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}
