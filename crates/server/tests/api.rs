//! The JSON API over real HTTP on 127.0.0.1, over the five seed pages.

mod common;

use common::*;
use tracuu_index::{SearchRequest, Sort};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_json_matches_the_index_json() {
    let server = start().await;
    let (status, body) = get_json(&server.url("/api/search?q=an+ninh+moi+truong&limit=3")).await;
    assert_eq!(status, 200, "{body}");
    let hits = body["hits"].as_array().unwrap();
    assert!(
        !hits.is_empty(),
        "no hit for a query without diacritics: {body}"
    );
    assert!(
        hits[0]["snippet"].as_str().unwrap().contains("<mark>"),
        "{body}"
    );
    // Same shape and content as `tracuu search --json` (the index's own serialisation).
    let direct = server
        .index
        .search(&SearchRequest {
            query: "an ninh moi truong".into(),
            limit: 3,
            ..SearchRequest::default()
        })
        .unwrap();
    let mut direct = serde_json::to_value(direct).unwrap();
    let mut served = body.clone();
    direct["took_ms"] = 0.into();
    served["took_ms"] = 0.into();
    for key in ["query", "total", "facets"] {
        assert_eq!(served[key], direct[key], "{key}");
    }
    let (served, direct) = (
        served["hits"].as_array().unwrap(),
        direct["hits"].as_array().unwrap(),
    );
    assert_eq!(served.len(), direct.len());
    for (s, d) in served.iter().zip(direct) {
        // f32 scores: JSON text parses back as the nearest f64, not the f32 widened.
        let (ss, ds) = (s["score"].as_f64().unwrap(), d["score"].as_f64().unwrap());
        assert!((ss - ds).abs() < 1e-5 * ds.abs().max(1.0), "{ss} vs {ds}");
        let (mut s, mut d) = (s.clone(), d.clone());
        s["score"] = 0.into();
        d["score"] = 0.into();
        assert_eq!(s, d);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_filters_sort_and_paging_reach_the_index() {
    let server = start().await;
    let (status, all) =
        get_json(&server.url("/api/search?q=m%C3%B4i+tr%C6%B0%E1%BB%9Dng&limit=100")).await;
    assert_eq!(status, 200);
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 2, "{all}");
    let (_, second) =
        get_json(&server.url("/api/search?q=m%C3%B4i+tr%C6%B0%E1%BB%9Dng&limit=1&offset=1")).await;
    assert_eq!(second["hits"][0]["id"], all["hits"][1]["id"]);
    let (_, by_date) = get_json(&server.url("/api/search?q=moi+truong&sort=date&limit=100")).await;
    let dates: Vec<&str> = by_date["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["published"].as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "sort=date is newest first");
    // A year with no seed in it narrows to nothing.
    let (status, none) = get_json(&server.url("/api/search?q=moi+truong&year=1999")).await;
    assert_eq!(status, 200);
    assert_eq!(none["total"], 0, "{none}");
    // So does an inverted range: a well-formed question whose answer is nothing.
    let (status, none) =
        get_json(&server.url("/api/search?q=moi+truong&from=2022-01-01&to=2021-01-01")).await;
    assert_eq!(status, 200);
    assert_eq!(none["total"], 0, "{none}");
    // Dates far outside the index's range (found by schemathesis: they overflowed) still answer.
    let (status, none) = get_json(&server.url("/api/search?q=moi+truong&to=0908-08-31")).await;
    assert_eq!((status, none["total"].as_u64()), (200, Some(0)), "{none}");
    let (status, all) =
        get_json(&server.url("/api/search?q=moi+truong&from=0001-01-01&to=9999-12-31")).await;
    assert_eq!(status, 200, "{all}");
    assert!(all["total"].as_u64().unwrap() >= 2);
    let direct = server
        .index
        .search(&SearchRequest {
            query: "moi truong".into(),
            sort: Sort::Date,
            limit: 100,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(by_date["total"].as_u64().unwrap() as usize, direct.total);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_refuses_bad_parameters_with_400() {
    let server = start().await;
    let long = "a".repeat(1001);
    let (status, body) = get_json(&server.url(&format!("/api/search?q={long}"))).await;
    assert_eq!(status, 400);
    assert_error(&body, "query_too_long");
    for bad in [
        "limit=abc",
        "limit=0",
        "limit=101",
        "offset=-1",
        "offset=99999999",
        "kind=novel",
        "sort=random",
        "from=2020-13-45",
        "year=abc",
    ] {
        let (status, body) = get_json(&server.url(&format!("/api/search?q=x&{bad}"))).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_error(&body, "bad_request");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_parameters_are_named_in_vietnamese() {
    let server = start().await;
    for (bad, expected) in [
        ("limit=abc", r#"tham số "limit" phải là số nguyên"#),
        (
            "from=2022-02-30",
            r#"tham số "from" không phải ngày hợp lệ: cần dạng YYYY-MM-DD"#,
        ),
        ("to=hôm+nay", r#"tham số "to" không phải ngày hợp lệ"#),
        ("year=abc", r#"tham số "year" phải là số nguyên"#),
        ("q=y", r#"tham số "q" xuất hiện hai lần"#),
    ] {
        let (status, body) = get_json(&server.url(&format!("/api/search?q=x&{bad}"))).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_error(&body, "bad_request");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(expected), "{bad}: {message}");
        for english in [
            "Failed",
            "invalid digit",
            "premature",
            "duplicate",
            "out of range",
        ] {
            assert!(!message.contains(english), "{bad}: {message}");
        }
    }
    let (status, body) = get_json(&server.url("/api/analyze")).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["message"], r#"thiếu tham số "text""#);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_parameters_follow_the_openapi_document() {
    let server = start().await;
    let (_, plain) = get_json(&server.url("/api/search?q=moi+truong")).await;
    // Free text may be empty (any string): no filter.
    let url = "/api/search?q=moi+truong&agency=&place=&topic=";
    let (status, empty) = get_json(&server.url(url)).await;
    assert_eq!(status, 200, "{empty}");
    assert_eq!(empty["total"], plain["total"]);
    assert_eq!(
        empty["hits"].as_array().unwrap().len(),
        plain["hits"].as_array().unwrap().len()
    );
    // A date, a number or a code may not (the page's form may: see tests/web.rs).
    for field in ["kind", "from", "to", "year", "sort", "limit", "offset"] {
        let (status, body) =
            get_json(&server.url(&format!("/api/search?q=moi+truong&{field}="))).await;
        assert_eq!(status, 400, "{field}: {body}");
        assert_error(&body, "bad_request");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(&format!("\"{field}\"")), "{message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_endpoint_gives_document_facts_and_links() {
    let server = start().await;
    let (_, found) = get_json(&server.url("/api/search?q=98-NQ%2FTU")).await;
    let id = found["hits"][0]["id"]
        .as_str()
        .expect("the seed citing 98-NQ/TU");
    let (status, body) = get_json(&server.url(&format!("/api/documents/{id}"))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["document"]["id"], id);
    assert_eq!(body["document"]["title"], found["hits"][0]["title"]);
    let stored = server.index.document(id).unwrap().unwrap();
    assert_eq!(
        body["document"]["paragraphs"].as_array().unwrap().len(),
        stored.document.paragraphs.len()
    );
    let refs = body["facts"]["references"].as_array().unwrap();
    assert_eq!(refs.len(), stored.facts.references.len());
    // The seed is about the city of Lạng Sơn: the API says which province.
    assert_eq!(body["facts"]["province"], "Lạng Sơn", "{}", body["facts"]);
    assert!(
        body["cites"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["reference"]["number"] == "98-NQ/TU"),
        "{}",
        body["cites"]
    );
    assert!(body["near_duplicates"].is_array() && body["cited_by"].is_array());

    let (status, body) = get_json(&server.url("/api/documents/no-such-document")).await;
    assert_eq!(status, 404);
    assert_error(&body, "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reference_endpoint_accepts_the_slash_and_lists_citing_documents() {
    let server = start().await;
    let (status, raw) = get_json(&server.url("/api/references/98-NQ/TU")).await;
    assert_eq!(status, 200, "{raw}");
    let (status, encoded) = get_json(&server.url("/api/references/98-NQ%2FTU")).await;
    assert_eq!(status, 200);
    assert_eq!(raw["citing"], encoded["citing"]);
    assert_eq!(raw["doc_type"], "Nghị quyết", "{raw}");
    let citing = raw["citing"].as_array().unwrap();
    let direct = server.index.citing("98-NQ/TU").unwrap();
    assert_eq!(citing.len(), direct.len());
    assert!(!citing.is_empty());
    let dates: Vec<&str> = citing
        .iter()
        .filter_map(|c| c["document"]["published"].as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "oldest first");

    let (status, body) = get_json(&server.url("/api/references/12345-XX/YY")).await;
    assert_eq!(status, 404);
    assert_error(&body, "not_found");

    // An empty number is the 400 the spec documents, sent as nothing or as spaces.
    for empty in ["/api/references/", "/api/references/%20"] {
        let (status, body) = get_json(&server.url(empty)).await;
        assert_eq!(status, 400, "{empty}: {body}");
        assert_error(&body, "bad_request");
    }
    let (_, spec) = get_json(&server.url("/api/openapi.json")).await;
    let responses = &spec["paths"]["/api/references/{number}"]["get"]["responses"];
    assert!(responses["400"].is_object(), "{responses}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agencies_and_their_assignments() {
    let server = start().await;
    let (status, body) = get_json(&server.url("/api/agencies")).await;
    assert_eq!(status, 200);
    let list = body["agencies"].as_array().unwrap();
    let direct = server.index.agencies().unwrap();
    assert_eq!(list.len(), direct.len());
    assert!(!list.is_empty(), "the seeds name agencies");
    let counts: Vec<u64> = list
        .iter()
        .map(|a| a["documents"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert!(counts.iter().all(|&n| n > 0));

    // The agency with the most assignments in the seeds has them listed, newest first.
    let mut best: Option<(String, usize)> = None;
    for a in list {
        let id = a["agency"]["id"].as_str().unwrap();
        let (status, detail) = get_json(&server.url(&format!("/api/agencies/{id}"))).await;
        assert_eq!(status, 200, "{id}: {detail}");
        assert_eq!(detail["agency"]["id"], id);
        let n = detail["assignments"].as_array().unwrap().len();
        for x in detail["assignments"].as_array().unwrap() {
            assert!(
                x["assignment"]["agencies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|ag| ag["id"] == id),
                "{x}"
            );
        }
        if best.as_ref().is_none_or(|(_, m)| n > *m) {
            best = Some((id.to_string(), n));
        }
    }
    assert!(best.unwrap().1 > 0, "some seed agency is assigned a task");

    let (status, body) = get_json(&server.url("/api/agencies/khong-co/dau")).await;
    assert_eq!(status, 404);
    assert_error(&body, "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assignments_answer_who_owns_a_task() {
    let server = start().await;
    let (status, body) = get_json(&server.url("/api/assignments?q=khai+thac+khoang+san")).await;
    assert_eq!(status, 200, "{body}");
    let found = body["assignments"].as_array().unwrap();
    let direct = server
        .index
        .assignments("khai thac khoang san", 20)
        .unwrap();
    assert_eq!(found.len(), direct.len());
    assert!(
        !found.is_empty(),
        "the Lạng Sơn seed assigns mining oversight"
    );
    let first = &found[0];
    assert!(!first["assignment"]["agencies"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(first["assignment"]["role"].is_string());
    assert!(!first["document"]["title"].as_str().unwrap().is_empty());

    // The task holding the query's words together comes first, not the one sharing scattered
    // syllables with it ("nâng cao chất lượng … thu hút … sinh thái").
    for q in ["thu gom chất thải sinh hoạt", "thu gom chat thai sinh hoat"] {
        let url = server.url(&format!("/api/assignments?q={}", q.replace(' ', "+")));
        let (status, body) = get_json(&url).await;
        assert_eq!(status, 200, "{body}");
        let first = &body["assignments"][0]["assignment"];
        assert!(
            first["task"].as_str().unwrap().contains("chất thải"),
            "{q}: {first}"
        );
        assert_eq!(
            first["agencies"][0]["id"], "so-tai-nguyen-va-moi-truong",
            "{q}"
        );
    }

    let long = "x".repeat(1001);
    let (status, body) = get_json(&server.url(&format!("/api/assignments?q={long}"))).await;
    assert_eq!(status, 400);
    assert_error(&body, "query_too_long");
    let (status, _) = get_json(&server.url("/api/assignments?q=x&limit=1000")).await;
    assert_eq!(status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analyze_gives_every_analyzer_like_the_cli() {
    let server = start().await;
    let text = "Thành uỷ chỉ đạo Sở TN&MT";
    let url =
        reqwest::Url::parse_with_params(&server.url("/api/analyze"), [("text", text)]).unwrap();
    let (status, body) = get_json(url.as_str()).await;
    assert_eq!(status, 200);
    for name in tracuu_text::analyzer_names() {
        let expected = serde_json::to_value(tracuu_text::analyze(name, text).unwrap()).unwrap();
        assert_eq!(body[*name], expected, "{name}");
    }
    let (status, body) = get_json(&server.url("/api/analyze")).await;
    assert_eq!(status, 400);
    assert_error(&body, "bad_request");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_metrics_openapi_and_unknown_paths() {
    let server = start().await;
    let (status, health) = get_json(&server.url("/healthz")).await;
    assert_eq!(status, 200);
    assert_eq!(health["documents"].as_u64(), Some(server.index.num_docs()));

    get_json(&server.url("/api/search?q=moi+truong")).await;
    let metrics = get_text(&server.url("/metrics")).await;
    assert!(
        metrics.contains(
            "tracuu_http_requests_total{method=\"GET\",route=\"/api/search\",status=\"200\"}"
        ),
        "{metrics}"
    );
    assert!(metrics.contains("tracuu_http_request_duration_seconds_bucket"));
    assert!(
        metrics.contains(&format!(
            "tracuu_index_documents {}",
            server.index.num_docs()
        )),
        "{metrics}"
    );

    let (status, spec) = get_json(&server.url("/api/openapi.json")).await;
    assert_eq!(status, 200);
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/search",
        "/api/documents/{id}",
        "/api/references/{number}",
        "/api/agencies",
        "/api/agencies/{id}",
        "/api/assignments",
        "/api/analyze",
        "/healthz",
        "/metrics",
    ] {
        assert!(spec["paths"][path]["get"].is_object(), "{path} documented");
    }
    let params = spec["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let names: Vec<&str> = params.iter().map(|p| p["name"].as_str().unwrap()).collect();
    for name in [
        "q", "kind", "agency", "place", "topic", "from", "to", "sort", "limit", "offset",
    ] {
        assert!(names.contains(&name), "{name} documented: {names:?}");
    }

    let (status, body) = get_json(&server.url("/api/nothing-here")).await;
    assert_eq!(status, 404);
    assert_error(&body, "not_found");
    let response = client()
        .post(server.url("/api/search"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error(&body, "method_not_allowed");
    let documented = spec["components"]["schemas"]["ErrorDetail"]["properties"]["code"]
        ["description"]
        .as_str()
        .unwrap_or_default();
    for code in tracuu_server::error::ERROR_CODES {
        assert!(
            documented.contains(&format!("`{code}`")),
            "{code}: {documented}"
        );
    }
}

/// The ids `/api/documents/{id}` lists as near-duplicates (asserting a 200).
async fn near_duplicate_ids(server: &TestServer, id: &str) -> Vec<String> {
    let (status, body) = get_json(&server.url(&format!("/api/documents/{id}"))).await;
    assert_eq!(status, 200, "{body}");
    body["near_duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_republished_copy_is_listed_as_near_duplicate() {
    let index = fresh_seed_index();
    let path = seeds_dir().join("004_fb9f2cfe9e048bed.txt");
    let original = tracuu_extract::extract_path(&path).unwrap().remove(0);
    assert_ne!(original.fingerprint, 0);
    let mut copy = original.clone();
    copy.id = format!("{}-republished", original.id);
    copy.url = Some("https://example.invalid/republished".into());
    index.add_documents(vec![copy.clone()]).unwrap();
    let server = start_with(index, tracuu_server::Limits::default(), axum::Router::new()).await;
    let near = near_duplicate_ids(&server, &original.id).await;
    assert_eq!(near, vec![copy.id.clone()]);
    // The copy cites the same resolution, so it is on that reference's timeline too.
    let (_, reference) = get_json(&server.url("/api/references/98-NQ/TU")).await;
    assert_eq!(
        reference["citing"].as_array().unwrap().len(),
        2,
        "{reference}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_portals_reporting_one_directive_list_each_other_as_near_duplicates() {
    // Seeds 000 and 001: the same directive reported by two portals, each with its own lead
    // (SimHash 32 bits apart; joined by shingle containment at ingest).
    let index = fresh_seed_index();
    let id = |name: &str| {
        tracuu_extract::extract_path(&seeds_dir().join(name))
            .unwrap()
            .remove(0)
            .id
    };
    let (a, b) = (
        id("000_145358390abb1efe.txt"),
        id("001_b3144a3a288443ef.txt"),
    );
    let server = start_with(index, tracuu_server::Limits::default(), axum::Router::new()).await;
    for (this, other) in [(&a, &b), (&b, &a)] {
        let near = near_duplicate_ids(&server, this).await;
        assert_eq!(near, vec![other.clone()], "near-duplicates of {this}");
    }
    // A document of another story has none.
    let c = id("002_7b827ae837a349a6.txt");
    let (_, body) = get_json(&server.url(&format!("/api/documents/{c}"))).await;
    assert_eq!(
        body["near_duplicates"].as_array().unwrap().len(),
        0,
        "{body}"
    );
}
