//! Crawls of a test portal served on 127.0.0.1 by the test itself.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use support::portal::{self, Portal};
use tracuu_crawl::warc::{read_records, ReadRecord};
use tracuu_crawl::{
    crawl, CrawlConfig, CrawlOptions, Limits, NoProgress, Politeness, Portal as PortalConfig,
};
use unicode_normalization::UnicodeNormalization;

/// Small delays and timeouts so the whole file runs in seconds.
fn test_politeness() -> Politeness {
    Politeness {
        min_delay_ms: 0,
        max_delay_ms: 0,
        delay_factor: 0.0,
        retry_backoff_ms: 20,
        max_retries: 2,
        read_timeout_ms: 400,
        request_timeout_ms: 1_500,
        connect_timeout_ms: 1_000,
        max_body_bytes: 1024 * 1024,
        max_retry_after_ms: 5_000,
        ..Politeness::default()
    }
}

fn config(portal: &Portal, start: &[&str], feeds: &[&str], max_depth: u32) -> CrawlConfig {
    CrawlConfig {
        politeness: test_politeness(),
        limits: Limits {
            max_calendar_urls_per_host: 5,
            checkpoint_pages: 10,
            ..Limits::default()
        },
        portals: vec![PortalConfig {
            name: "langson-thu".into(),
            start_urls: start.iter().map(|p| portal.url(p)).collect(),
            allowed_hosts: vec![],
            attachment_hosts: vec![],
            include: vec![],
            exclude: vec!["/lien-ket-ngoai".into()],
            sitemaps: vec![],
            feeds: feeds.iter().map(|p| portal.url(p)).collect(),
            max_depth,
        }],
    }
}

async fn run(config: CrawlConfig, out: &Path, resume: bool) -> tracuu_crawl::CrawlSummary {
    crawl(
        config,
        CrawlOptions {
            out: out.to_path_buf(),
            resume,
        },
        Arc::new(NoProgress),
    )
    .await
    .unwrap()
}

fn records(out: &Path) -> Vec<(String, ReadRecord)> {
    let mut files: Vec<_> = std::fs::read_dir(out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".warc.gz"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            read_records(f)
                .unwrap()
                .into_iter()
                .map(move |r| (name.clone(), r))
        })
        .collect()
}

fn of_type<'a>(records: &'a [(String, ReadRecord)], kind: &str, url: &str) -> Vec<&'a ReadRecord> {
    records
        .iter()
        .map(|(_, r)| r)
        .filter(|r| r.get("WARC-Type") == Some(kind) && r.get("WARC-Target-URI") == Some(url))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_crawl_of_the_portal_archives_what_it_should_and_nothing_else() {
    let portal = portal::start(0).await;
    let out = tempfile::tempdir().unwrap();
    let summary = run(config(&portal, &["/"], &["/rss.xml"], 5), out.path(), false).await;
    let state = &portal.state;
    let records = records(out.path());
    let response = |p: &str| of_type(&records, "response", &portal.url(p));

    // Every record is WARC 1.1 with an id, a date and a block digest; requests pair with responses.
    assert!(records.iter().all(|(_, r)| r
        .get("WARC-Record-ID")
        .is_some_and(|id| id.starts_with("<urn:uuid:"))));
    assert_eq!(records[0].1.get("WARC-Type"), Some("warcinfo"));
    let requests = records
        .iter()
        .filter(|(_, r)| r.get("WARC-Type") == Some("request"))
        .count();
    let answers = records
        .iter()
        .filter(|(_, r)| matches!(r.get("WARC-Type"), Some("response") | Some("revisit")))
        .count();
    assert_eq!(requests, answers);
    assert_eq!(summary.pages as usize, answers);

    // The identifying User-Agent reached the server.
    for seen in state.requests() {
        let ua = seen.user_agent.unwrap_or_default();
        assert!(
            ua.starts_with("tracuu-crawler/") && ua.contains("(+http"),
            "{ua:?} {}",
            seen.path
        );
    }

    // Seed texts are archived from their article pages (found through pagination).
    for (i, (_, text)) in state.seeds.iter().enumerate() {
        let page = response(&format!("/bai-viet/{i}.html"));
        assert_eq!(page.len(), 1, "article {i}");
        let html = String::from_utf8_lossy(page[0].payload()).to_string();
        let line = text.lines().map(str::trim).find(|l| l.len() > 60).unwrap();
        assert!(
            html.contains(
                &line
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            ),
            "article {i}"
        );
    }
    for n in 1..=3 {
        assert_eq!(
            state.count(&format!("/tin-tuc?page={n}")),
            1,
            "pagination page {n}"
        );
    }
    // The tracking-parameter and fragment variant of article 0 was not fetched again.
    assert_eq!(state.count_prefix("/bai-viet/0.html"), 1);

    // robots.txt: read once, Disallow honoured, Sitemap line followed through the index.
    assert_eq!(state.count("/robots.txt"), 1);
    assert_eq!(state.count_prefix("/quan-tri/"), 0);
    assert!(summary.disallowed >= 1);
    assert_eq!(state.count("/sitemaps/tin-tuc.xml"), 1);
    assert_eq!(state.count("/chi-trong-sitemap.html"), 1);
    assert_eq!(
        state.count("/van-ban/chi-thi-05.html?a=1&b=2"),
        1,
        "sitemap URL canonicalised"
    );
    // The RSS item.
    assert_eq!(state.count("/chi-trong-rss.html"), 1);

    // Crawl-delay 0.05 s: no two requests closer than 50 ms (politeness floor is 0 here).
    let log = state.requests();
    let min_gap = log.windows(2).map(|w| w[1].at - w[0].at).min().unwrap();
    assert!(min_gap >= Duration::from_millis(49), "min gap {min_gap:?}");

    // Redirect chain: each hop archived as a 301, then the target.
    for hop in ["/chuyen-huong/1", "/chuyen-huong/2", "/chuyen-huong/3"] {
        assert_eq!(response(hop)[0].http_status(), Some(301), "{hop}");
    }
    assert_eq!(
        response("/van-ban/dich-den.html")[0].http_status(),
        Some(200)
    );
    // Redirect loop: each URL once, and the crawl ended.
    assert_eq!(state.count("/vong-lap/a"), 1);
    assert_eq!(state.count("/vong-lap/b"), 1);

    // 404 and 500 are archived (journalists may need to prove a page was gone) and counted.
    assert_eq!(response("/khong-co.html")[0].http_status(), Some(404));
    assert_eq!(response("/loi-may-chu")[0].http_status(), Some(500));
    assert!(summary.errors >= 2);

    // 429 with Retry-After: 1 — retried once, not before a second had passed.
    let tries: Vec<_> = log.iter().filter(|s| s.path == "/qua-tai").collect();
    assert_eq!(tries.len(), 2);
    assert!(tries[1].at - tries[0].at >= Duration::from_millis(990));
    let served = response("/qua-tai");
    assert_eq!(served.len(), 1);
    assert_eq!(served[0].http_status(), Some(200));

    // Slow page past the read timeout: tried 1 + max_retries times, never archived.
    assert_eq!(state.count("/cham"), 3);
    assert!(response("/cham").is_empty());

    // Calendar trap: capped at max_calendar_urls_per_host.
    let calendar = state.count_prefix("/lich-cong-tac");
    assert!(
        (2..=5).contains(&calendar),
        "calendar pages fetched: {calendar}"
    );

    // Windows-1258 page declared as UTF-8: raw bytes archived, decoded for links.
    let old = response("/cu/trang-1258.html");
    assert!(
        std::str::from_utf8(old[0].payload()).is_err(),
        "archive keeps the raw bytes"
    );
    let decoded = tracuu_crawl::charset::decode(old[0].payload(), Some("text/html; charset=utf-8"));
    assert_eq!(decoded.encoding, encoding_rs::WINDOWS_1258);
    assert!(decoded
        .text
        .nfc()
        .collect::<String>()
        .contains(portal::CP1258_TEXT));
    assert_eq!(
        state.count("/cu/tu-trang-1258.html"),
        1,
        "link of the 1258 page followed"
    );

    // 20 MB page: cut at max_body_bytes and marked truncated.
    let big = response("/lon");
    assert_eq!(big[0].get("WARC-Truncated"), Some("length"));
    assert_eq!(big[0].payload().len(), 1024 * 1024);

    // PDF attachment: archived, and its text in a conversion record linked to the page.
    let pdf_url = portal.url("/files/1414-UBND-KT.pdf");
    let pdf = of_type(&records, "response", &pdf_url);
    assert_eq!(pdf[0].payload(), state.pdf.as_slice());
    let text = of_type(&records, "conversion", &pdf_url);
    assert_eq!(text.len(), 1);
    assert!(String::from_utf8_lossy(&text[0].block).contains("1414/QD-UBND"));
    assert_eq!(text[0].get("WARC-Refers-To"), pdf[0].get("WARC-Record-ID"));
    assert_eq!(
        text[0].get("Tracuu-Linked-From"),
        Some(portal.url("/van-ban/1414-ubnd-kt.html").as_str())
    );
    // DOCX attachment.
    let docx_url = portal.url("/files/ke-hoach-05.docx");
    let text = of_type(&records, "conversion", &docx_url);
    assert_eq!(
        String::from_utf8_lossy(&text[0].block).trim(),
        portal::DOCX_TEXT
    );
    assert_eq!(text[0].get("Tracuu-Attachment-Format"), Some("docx"));
    // Legacy DOC (Word 97-2003) attachment: its UTF-16 text through the piece table.
    let doc_url = portal.url("/files/bao-cao-dtm.doc");
    let doc = of_type(&records, "response", &doc_url);
    let text = of_type(&records, "conversion", &doc_url);
    assert_eq!(String::from_utf8_lossy(&text[0].block), portal::DOC_TEXT);
    assert_eq!(text[0].get("Tracuu-Attachment-Format"), Some("doc"));
    assert_eq!(text[0].get("WARC-Refers-To"), doc[0].get("WARC-Record-ID"));
    assert_eq!(summary.attachments, 3);

    // Compressed transfer: asked for, and the decoded page archived.
    let seen = log.iter().find(|s| s.path == "/nen").unwrap();
    assert!(seen
        .accept_encoding
        .as_deref()
        .is_some_and(|a| a.contains("gzip")));
    let page = response("/nen");
    assert!(String::from_utf8_lossy(page[0].payload()).contains(portal::CP1258_TEXT));

    // The index points at each record: file and offset lead to a record of that URL.
    let index = std::fs::read_to_string(out.path().join("index.cdxj")).unwrap();
    let mut checked = 0;
    for line in index.lines() {
        let (url, rest) = line.split_once(' ').unwrap();
        let json: serde_json::Value =
            serde_json::from_str(rest.split_once(' ').unwrap().1).unwrap();
        let file = json["file"].as_str().unwrap();
        let offset = json["offset"].as_u64().unwrap();
        let found = records
            .iter()
            .find(|(f, r)| f == file && r.offset == offset)
            .expect("record at the indexed offset");
        assert_eq!(found.1.get("WARC-Target-URI"), Some(url));
        checked += 1;
    }
    assert_eq!(checked, answers + summary.attachments as usize);
    assert_eq!(summary.queued, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recrawl_asks_conditionally_and_archives_revisits_instead_of_copies() {
    let portal = portal::start(0).await;
    let out = tempfile::tempdir().unwrap();
    let start = ["/thay-doi", "/khong-doi", "/giong-het"];
    let recrawl = || {
        let mut c = config(&portal, &start, &[], 1);
        // Keep to the three pages and what they link to, not the portal's menu.
        c.portals[0].exclude = vec!["/$".into(), "/tin-tuc".into()];
        c
    };
    let first = run(recrawl(), out.path(), false).await;
    assert_eq!(first.revisits, 0);
    portal
        .state
        .version
        .store(2, std::sync::atomic::Ordering::SeqCst);
    let second = run(recrawl(), out.path(), false).await;
    let records = records(out.path());
    let url = |p: &str| portal.url(p);

    // Unchanged with an ETag: the second request was conditional and got a 304 revisit.
    let conditional: Vec<_> = portal
        .state
        .requests()
        .into_iter()
        .filter(|s| s.path == "/khong-doi")
        .collect();
    assert_eq!(conditional.len(), 2);
    assert_eq!(conditional[0].if_none_match, None);
    assert_eq!(
        conditional[1].if_none_match.as_deref(),
        Some("\"gioi-thieu-v1\"")
    );
    let original = of_type(&records, "response", &url("/khong-doi"));
    let revisit = of_type(&records, "revisit", &url("/khong-doi"));
    assert_eq!((original.len(), revisit.len()), (1, 1));
    assert_eq!(
        revisit[0].get("WARC-Profile"),
        Some(tracuu_crawl::warc::PROFILE_SERVER_NOT_MODIFIED)
    );
    assert_eq!(
        revisit[0].get("WARC-Refers-To"),
        original[0].get("WARC-Record-ID")
    );
    assert_eq!(revisit[0].http_status(), Some(304));
    // The 304 kept the crawl going through the links stored from the first visit.
    assert_eq!(portal.state.count("/gioi-thieu/lich-su.html"), 2);

    // Changed: a second full response with a different digest.
    let changed = of_type(&records, "response", &url("/thay-doi"));
    assert_eq!(changed.len(), 2);
    assert_ne!(
        changed[0].get("WARC-Payload-Digest"),
        changed[1].get("WARC-Payload-Digest")
    );

    // Unchanged without validators: identical payload, so a revisit, not a second copy.
    assert_eq!(of_type(&records, "response", &url("/giong-het")).len(), 1);
    let same = of_type(&records, "revisit", &url("/giong-het"));
    assert_eq!(
        same[0].get("WARC-Profile"),
        Some(tracuu_crawl::warc::PROFILE_IDENTICAL_PAYLOAD)
    );
    assert_eq!(second.revisits, 3, "khong-doi, giong-het, lich-su");
    // Each crawl wrote its own WARC file.
    assert_eq!(
        records
            .iter()
            .map(|(f, _)| f.clone())
            .collect::<BTreeSet<_>>()
            .len(),
        2
    );
}

/// The archive as a set: (type, URL, payload digest) of every response and revisit.
fn archive_set(out: &Path) -> BTreeSet<(String, String, String)> {
    records(out)
        .into_iter()
        .filter(|(_, r)| matches!(r.get("WARC-Type"), Some("response") | Some("revisit")))
        .map(|(_, r)| {
            (
                r.get("WARC-Type").unwrap().to_string(),
                r.get("WARC-Target-URI").unwrap().to_string(),
                r.get("WARC-Payload-Digest").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crawl_killed_midway_and_resumed_ends_with_the_same_archive() {
    let portal = portal::start(120).await;
    let kho = |c: &Portal| {
        let mut c = config(c, &["/kho/0.html"], &[], 100);
        c.politeness.obey_robots = false;
        c.limits.checkpoint_pages = 7;
        c.portals[0].include = vec!["/kho/".into()];
        c
    };
    let whole = tempfile::tempdir().unwrap();
    let summary = run(kho(&portal), whole.path(), false).await;
    assert_eq!(summary.pages, 120);
    let expected = archive_set(whole.path());
    assert_eq!(expected.len(), 120);

    let killed = tempfile::tempdir().unwrap();
    let before = portal.state.requests().len();
    let task = tokio::spawn(run(kho(&portal), killed.path().to_path_buf().leak(), false));
    while portal.state.requests().len() < before + 45 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    let partial = archive_set(killed.path());
    assert!(
        partial.len() < 120,
        "the kill came too late: {}",
        partial.len()
    );

    let resumed = run(kho(&portal), killed.path(), true).await;
    assert!(resumed.pages < 120, "resume refetched everything");
    let records = records(killed.path());
    let uris: Vec<_> = records
        .iter()
        .filter(|(_, r)| r.get("WARC-Type") == Some("response"))
        .map(|(_, r)| r.get("WARC-Target-URI").unwrap().to_string())
        .collect();
    let unique: BTreeSet<_> = uris.iter().collect();
    assert_eq!(uris.len(), unique.len(), "a page archived twice");
    assert_eq!(archive_set(killed.path()), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_txt_5xx_disallows_everything_and_4xx_allows_everything() {
    let portal = portal::start(0).await;
    portal
        .state
        .robots_status
        .store(503, std::sync::atomic::Ordering::SeqCst);
    let out = tempfile::tempdir().unwrap();
    let summary = run(
        config(&portal, &["/giong-het", "/thay-doi"], &[], 0),
        out.path(),
        false,
    )
    .await;
    assert_eq!(summary.pages, 0);
    assert_eq!(summary.disallowed, 2);
    let paths: Vec<String> = portal
        .state
        .requests()
        .into_iter()
        .map(|s| s.path)
        .collect();
    assert!(paths.iter().all(|p| p == "/robots.txt"), "{paths:?}");

    let portal = portal::start(0).await;
    portal
        .state
        .robots_status
        .store(404, std::sync::atomic::Ordering::SeqCst);
    let out = tempfile::tempdir().unwrap();
    let summary = run(
        config(&portal, &["/giong-het", "/quan-tri/dang-nhap"], &[], 0),
        out.path(),
        false,
    )
    .await;
    assert_eq!(summary.pages, 2);
    assert_eq!(summary.disallowed, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resuming_where_no_crawl_ran_is_a_clear_error() {
    let portal = portal::start(0).await;
    let out = tempfile::tempdir().unwrap();
    let err = crawl(
        config(&portal, &["/"], &[], 1),
        CrawlOptions {
            out: out.path().join("moi"),
            resume: true,
        },
        Arc::new(NoProgress),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, tracuu_crawl::CrawlError::NothingToResume(_)));

    // A resume with another portal list is refused (queued URLs name portals by position).
    let mut one = config(&portal, &["/giong-het"], &[], 0);
    one.limits.max_pages = Some(0);
    run(one, out.path(), false).await;
    let mut other = config(&portal, &["/giong-het"], &[], 0);
    other.portals[0].name = "khac".into();
    let err = crawl(
        other,
        CrawlOptions {
            out: out.path().to_path_buf(),
            resume: true,
        },
        Arc::new(NoProgress),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, tracuu_crawl::CrawlError::Config(_)), "{err}");
}

#[test]
fn pdf_text_is_extracted_from_a_minimal_pdf() {
    use tracuu_crawl::attachment::{detect, extract_text, AttachmentFormat};
    let pdf = portal::minimal_pdf(portal::PDF_TEXT);
    assert_eq!(detect(&pdf, None), Some(AttachmentFormat::Pdf));
    let text = extract_text(&pdf, AttachmentFormat::Pdf).unwrap();
    assert!(text.contains("1414/QD-UBND"), "{text:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn depth_and_redirect_limits_stop_the_crawl() {
    let portal = portal::start(0).await;
    let out = tempfile::tempdir().unwrap();
    let mut limited = config(&portal, &["/", "/chuyen-huong/1"], &[], 1);
    limited.politeness.max_redirects = 2;
    limited.politeness.obey_robots = false;
    let summary = run(limited, out.path(), false).await;
    let state = &portal.state;
    // Depth 1: the listing's first page is linked from the home page, its second page is not.
    assert_eq!(state.count("/tin-tuc?page=1"), 1);
    assert_eq!(state.count("/tin-tuc?page=2"), 0);
    // Two redirect hops followed from /chuyen-huong/1, the third refused.
    assert_eq!(state.count("/chuyen-huong/3"), 1);
    assert_eq!(state.count("/van-ban/dich-den.html"), 0);
    assert!(summary.errors >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn warc_files_rotate_by_size_and_the_index_spans_them() {
    let portal = portal::start(30).await;
    let out = tempfile::tempdir().unwrap();
    let mut small_files = portal::kho_config(&format!("http://{}", portal.addr), test_politeness());
    small_files.politeness.obey_robots = false;
    small_files.limits.max_warc_bytes = 15_000;
    let summary = run(small_files, out.path(), false).await;
    assert_eq!(summary.pages, 30);
    assert!(summary.warc_files.len() >= 3, "{:?}", summary.warc_files);
    let records = records(out.path());
    let files: BTreeSet<&String> = records.iter().map(|(f, _)| f).collect();
    assert_eq!(files.len(), summary.warc_files.len());
    for file in &files {
        // Every file opens with its own warcinfo record naming it.
        let first = &records.iter().find(|(f, _)| f == *file).unwrap().1;
        assert_eq!(first.get("WARC-Type"), Some("warcinfo"));
        assert_eq!(first.get("WARC-Filename"), Some(file.as_str()));
    }
    let index = std::fs::read_to_string(out.path().join("index.cdxj")).unwrap();
    let indexed_files: BTreeSet<String> = index
        .lines()
        .map(|l| {
            let json: serde_json::Value =
                serde_json::from_str(l.splitn(3, ' ').nth(2).unwrap()).unwrap();
            json["file"].as_str().unwrap().to_string()
        })
        .collect();
    // Every file holds indexed records (none is left with only its warcinfo).
    assert_eq!(indexed_files.iter().collect::<BTreeSet<_>>(), files);
    assert_eq!(index.lines().count(), 30);
}
