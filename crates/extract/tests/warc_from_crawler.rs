//! The real crawler (tracuu-crawl) crawls a small portal served on 127.0.0.1 by this test;
//! the extractor then reads the `.warc.gz` it wrote. This pins the reader to what the crawler
//! really archives: per-record gzip, headers a client left over a decoded body (chunked,
//! gzip), a 404 page, and the `conversion` record of a PDF attachment.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tracuu_crawl::{crawl, CrawlConfig, CrawlOptions, Limits, NoProgress, Politeness, Portal};
use tracuu_extract::{Document, DocumentKind};

/// The attachment's text (ASCII: the minimal PDF uses a standard font).
const PDF_TEXT: &str = "Quyet dinh so 1414/QD-UBND ve bao ve moi truong va chat thai ran";

fn seed(prefix: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    let entry = std::fs::read_dir(&dir)
        .expect("corpus/seeds is part of the repo")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .expect("seed file");
    std::fs::read_to_string(entry.path()).unwrap()
}

/// The longest paragraph of a seed: content the extractor must keep.
fn longest_paragraph(text: &str) -> String {
    let normal = tracuu_text::normalize(text);
    normal
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .max_by_key(|p| p.len())
        .unwrap()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A portal article page carrying a seed's text, one `<p>` per block.
fn article(title: &str, text: &str, extra: &str) -> String {
    let paragraphs: String = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>\n", escape(p.trim())))
        .collect();
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{t}</title></head><body>\
         <nav><a href=\"/\">Trang chủ</a> <a href=\"/tin/1\">Tin tức</a></nav>\
         <article><h1>{t}</h1>\n{paragraphs}{extra}</article>\
         <footer>Cổng thông tin điện tử tỉnh Lạng Sơn</footer></body></html>",
        t = escape(title)
    )
}

#[path = "../../crawl/tests/support/pdf.rs"]
mod pdf;
use pdf::minimal_pdf;

/// How a response goes on the wire.
enum Wire {
    Plain,
    Gzip,
    Chunked,
}

struct Route {
    status: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
    wire: Wire,
}

fn routes() -> Vec<(&'static str, Route)> {
    let seed0 = seed("000");
    let seed1 = seed("001");
    let link = "<p>Văn bản đính kèm: <a href=\"/files/qd-1414.pdf\">Tải về qd-1414.pdf</a></p>";
    let html = "text/html; charset=utf-8";
    vec![
        (
            "/",
            Route {
                status: "200 OK",
                content_type: html,
                body: "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Tin tức</title></head><body>\
                       <ul><li><a href=\"/tin/1\">Bài 1</a></li><li><a href=\"/tin/2\">Bài 2</a></li>\
                       <li><a href=\"/tin/da-xoa\">Bài đã xoá</a></li></ul></body></html>"
                    .as_bytes()
                    .to_vec(),
                wire: Wire::Plain,
            },
        ),
        (
            "/tin/1",
            Route {
                status: "200 OK",
                content_type: html,
                body: article(
                    "UBND tỉnh chỉ đạo bảo đảm an ninh môi trường",
                    &seed0,
                    link,
                )
                .into_bytes(),
                wire: Wire::Gzip,
            },
        ),
        (
            "/tin/2",
            Route {
                status: "200 OK",
                content_type: html,
                body: article("Tăng cường bảo vệ môi trường", &seed1, "").into_bytes(),
                wire: Wire::Chunked,
            },
        ),
        (
            "/tin/da-xoa",
            Route {
                status: "404 Not Found",
                content_type: html,
                body: article(
                    "Không tìm thấy trang",
                    "Trang bạn tìm không tồn tại hoặc đã bị xoá khỏi cổng thông tin điện tử của tỉnh, \
                     xin quay lại trang chủ để tìm các tin tức về bảo vệ môi trường khác.",
                    "",
                )
                .into_bytes(),
                wire: Wire::Plain,
            },
        ),
        (
            "/files/qd-1414.pdf",
            Route {
                status: "200 OK",
                content_type: "application/pdf",
                body: minimal_pdf(PDF_TEXT),
                wire: Wire::Plain,
            },
        ),
    ]
}

/// Answers one request; robots.txt and unknown paths get a 404 (a 4xx robots.txt allows all).
fn answer(mut stream: TcpStream, routes: &[(&'static str, Route)]) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&request);
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let Some((_, route)) = routes.iter().find(|(p, _)| *p == path) else {
        return stream.write_all(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    };
    let mut head = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nConnection: close\r\n",
        route.status, route.content_type
    );
    let body = match route.wire {
        Wire::Plain => route.body.clone(),
        Wire::Gzip => {
            head.push_str("Content-Encoding: gzip\r\n");
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&route.body)?;
            e.finish()?
        }
        Wire::Chunked => {
            head.push_str("Transfer-Encoding: chunked\r\n\r\n");
            stream.write_all(head.as_bytes())?;
            for piece in route.body.chunks(1000) {
                stream.write_all(format!("{:x}\r\n", piece.len()).as_bytes())?;
                stream.write_all(piece)?;
                stream.write_all(b"\r\n")?;
            }
            return stream.write_all(b"0\r\n\r\n");
        }
    };
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)
}

/// Serves the portal on 127.0.0.1 from a background thread; returns its base URL.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes = Arc::new(routes());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let routes = Arc::clone(&routes);
            std::thread::spawn(move || {
                let _ = answer(stream, &routes);
            });
        }
    });
    base
}

fn config(base: &str) -> CrawlConfig {
    CrawlConfig {
        politeness: Politeness {
            min_delay_ms: 0,
            max_delay_ms: 0,
            delay_factor: 0.0,
            retry_backoff_ms: 20,
            max_retries: 1,
            read_timeout_ms: 2_000,
            request_timeout_ms: 5_000,
            connect_timeout_ms: 2_000,
            ..Politeness::default()
        },
        limits: Limits {
            max_pages: Some(50),
            ..Limits::default()
        },
        portals: vec![Portal {
            name: "langson-thu".into(),
            start_urls: vec![format!("{base}/")],
            allowed_hosts: vec![],
            attachment_hosts: vec![],
            include: vec![],
            exclude: vec![],
            sitemaps: vec![],
            feeds: vec![],
            max_depth: 3,
        }],
    }
}

fn warc_files(out: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".warc.gz"))
        .collect();
    files.sort();
    files
}

fn by_url<'a>(docs: &'a [Document], url: &str) -> Option<&'a Document> {
    docs.iter().find(|d| d.url.as_deref() == Some(url))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_crawler_archives_comes_out_as_documents() {
    let base = serve();
    let out = tempfile::tempdir().unwrap();
    let summary = crawl(
        config(&base),
        CrawlOptions {
            out: out.path().to_path_buf(),
            resume: false,
        },
        Arc::new(NoProgress),
    )
    .await
    .unwrap();
    assert_eq!(summary.attachments, 1, "{summary:?}");

    let files = warc_files(out.path());
    assert!(!files.is_empty(), "the crawler wrote no WARC file");
    // The 404 page is in the archive (journalists may need it), so skipping it is the reader's job.
    let not_found = format!("{base}/tin/da-xoa");
    let archived_404 = files
        .iter()
        .flat_map(|f| tracuu_crawl::warc::read_records(f).unwrap())
        .any(|r| {
            r.get("WARC-Type") == Some("response")
                && r.get("WARC-Target-URI") == Some(not_found.as_str())
                && r.http_status() == Some(404)
        });
    assert!(archived_404, "the crawler did not archive the 404 response");

    let mut docs = Vec::new();
    for file in &files {
        docs.extend(tracuu_extract::extract_path(file).unwrap());
    }
    let urls: Vec<_> = docs.iter().map(|d| d.url.clone()).collect();

    // Page 1 travelled gzip-compressed, page 2 chunked: both bodies are the seed texts.
    for (path, prefix) in [("/tin/1", "000"), ("/tin/2", "001")] {
        let url = format!("{base}{path}");
        let doc = by_url(&docs, &url).unwrap_or_else(|| panic!("no document for {url}: {urls:?}"));
        let expected = longest_paragraph(&seed(prefix));
        let body = doc.body().split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            body.contains(&expected),
            "{url}: {expected:?} missing from {:?}",
            doc.paragraphs
        );
        assert_eq!(doc.linked_from, None);
    }

    let pdf_url = format!("{base}/files/qd-1414.pdf");
    let pdf = by_url(&docs, &pdf_url).unwrap_or_else(|| panic!("no attachment: {urls:?}"));
    assert_eq!(
        pdf.linked_from.as_deref(),
        Some(format!("{base}/tin/1").as_str())
    );
    assert!(pdf.body().contains("1414/QD-UBND"), "{:?}", pdf.paragraphs);
    assert_eq!(pdf.kind, DocumentKind::Decision);
    assert_eq!(pdf.number.as_deref(), Some("1414/QD-UBND"));

    assert!(
        by_url(&docs, &not_found).is_none(),
        "the 404 page was indexed: {urls:?}"
    );
    let warned = docs
        .iter()
        .flat_map(|d| &d.warnings)
        .any(|w| w.contains(&not_found) && w.contains("HTTP 404"));
    assert!(warned, "the skipped 404 left no warning");
}
