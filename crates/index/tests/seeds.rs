//! Search behaviour on the five seed pages of the bundled corpus.

use std::path::PathBuf;

use tracuu_index::{SearchError, SearchIndex, SearchRequest, Sort};

fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds")
}

/// The seeds, extracted by the real extractor, with ids "000" … "004" from their file names.
fn seed_documents() -> Vec<tracuu_extract::Document> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut docs = Vec::new();
    for path in paths {
        let stem = path.file_name().unwrap().to_str().unwrap()[..3].to_string();
        let mut extracted = tracuu_extract::extract_path(&path).unwrap();
        assert_eq!(extracted.len(), 1, "{}", path.display());
        let mut doc = extracted.remove(0);
        doc.id = stem;
        docs.push(doc);
    }
    assert_eq!(docs.len(), 5);
    docs
}

fn seed_index() -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    index.add_documents(seed_documents()).unwrap();
    index
}

mod common;

use common::{ids, search};

#[test]
fn with_and_without_diacritics_find_the_lang_son_directive_first() {
    let index = seed_index();
    for query in ["an ninh môi trường Lạng Sơn", "an ninh moi truong lang son"] {
        let results = search(&index, query);
        let got = ids(&results);
        // 000 and 001 are one directive reprinted by two portals: one hit, one duplicate.
        assert!(["000", "001"].contains(&got[0]), "{query}: {got:?}");
        assert_eq!(results.hits[0].duplicates, 1, "{query}: {got:?}");
    }
}

#[test]
fn one_directive_from_two_portals_is_one_hit_with_its_duplicate_counted() {
    let index = seed_index();
    let results = search(&index, "an ninh môi trường");
    let got = ids(&results);
    let of_pair: Vec<&tracuu_index::Hit> = results
        .hits
        .iter()
        .filter(|h| h.id == "000" || h.id == "001")
        .collect();
    assert_eq!(of_pair.len(), 1, "{got:?}");
    assert_eq!(of_pair[0].duplicates, 1, "{got:?}");
    // Other pages are not folded into it.
    assert!(results
        .hits
        .iter()
        .filter(|h| h.id != "000" && h.id != "001")
        .all(|h| h.duplicates == 0));
    // Without collapsing, both are there.
    let all = index
        .search_with(
            &SearchRequest {
                query: "an ninh môi trường".into(),
                limit: 10,
                ..SearchRequest::default()
            },
            &tracuu_index::results::ResultOptions {
                collapse: false,
                ..Default::default()
            },
        )
        .unwrap();
    let all_ids = ids(&all);
    assert!(
        all_ids.contains(&"000") && all_ids.contains(&"001"),
        "{all_ids:?}"
    );
}

#[test]
fn exact_diacritics_rank_above_folded_only() {
    let index = seed_index();
    // "mới" (new) folds like "môi" (environment); the exact reading must not lose to it.
    let exact = search(&index, "bảo vệ môi trường");
    let folded = search(&index, "bao ve moi truong");
    assert!(exact.total >= 4, "{:?}", ids(&exact));
    assert_eq!(exact.total, folded.total);
    assert!(exact.hits[0].score > 0.0);
}

#[test]
fn tone_placement_variants_find_each_other() {
    let index = seed_index();
    let a = search(&index, "Thành uỷ");
    let b = search(&index, "Thành ủy");
    assert!(ids(&a).contains(&"004"), "{:?}", ids(&a));
    assert!(ids(&b).contains(&"004"), "{:?}", ids(&b));
    assert!(ids(&b).contains(&"003"), "{:?}", ids(&b));
}

#[test]
fn document_numbers_in_any_spelling_find_the_citing_page() {
    let index = seed_index();
    // The whole number is required: seeds 002/003 hold "98", "NQ" and "TU" only apart.
    for query in ["98-NQ/TU", "NQ 98"] {
        let results = search(&index, query);
        assert_eq!(ids(&results), vec!["004"], "{query}");
    }
    for query in ["98-NQ/TU", "NQ 98", "nghị quyết 98-NQ/TU"] {
        let results = search(&index, query);
        assert_eq!(
            ids(&results).first(),
            Some(&"004"),
            "{query}: {:?}",
            ids(&results)
        );
    }
    let results = search(&index, "1414/UBND");
    assert_eq!(ids(&results).first(), Some(&"000"), "{:?}", ids(&results));
    let citing = index.citing("NQ 98").unwrap();
    assert!(citing.iter().any(|(_, hit)| hit.id == "004"));
    assert!(index.citing("99-NQ/TU").unwrap().is_empty());
}

#[test]
fn abbreviation_query_finds_seed_001() {
    let index = seed_index();
    let results = search(&index, "Sở TN&MT thẩm định");
    assert_eq!(ids(&results).first(), Some(&"001"), "{:?}", ids(&results));
}

#[test]
fn phrase_exclusion_and_or() {
    let index = seed_index();
    // Scattered words match; the quoted phrase needs them adjacent.
    let phrase = search(&index, "\"an ninh môi trường\"");
    // Only 000 and 001 hold it; being near-duplicates, they are shown as one hit.
    assert_eq!(phrase.documents, 2);
    assert_eq!(phrase.total, 1);
    assert_eq!(phrase.hits.len(), 1);
    assert!(["000", "001"].contains(&phrase.hits[0].id.as_str()));
    assert_eq!(phrase.hits[0].duplicates, 1);
    let words = search(&index, "môi trường");
    assert!(words.total > phrase.total);
    // Exclusion removes the page naming comrade Đào Khánh Hà, and only it.
    let excluded = search(&index, "môi trường -\"Khánh Hà\"");
    assert!(ids(&words).contains(&"003"), "{:?}", ids(&words));
    assert!(!ids(&excluded).contains(&"003"), "{:?}", ids(&excluded));
    assert_eq!(excluded.total + 1, words.total);
    let excluded_word = search(&index, "môi trường -khoáng");
    assert!(excluded_word.total < words.total);
    assert!(
        !ids(&excluded_word).contains(&"001"),
        "{:?}",
        ids(&excluded_word)
    );
    // OR: either word; AND: both.
    let either = search(&index, "\"Khánh Hà\" OR \"Lạng Sơn\"");
    let both = search(&index, "\"Khánh Hà\" \"Lạng Sơn\"");
    assert!(ids(&either).contains(&"003") && ids(&either).contains(&"004"));
    assert!(both.total < either.total);
}

#[test]
fn snippets_mark_exact_and_folded_matches_as_runs() {
    let index = seed_index();
    for query in ["an ninh môi trường", "an ninh moi truong"] {
        let results = search(&index, query);
        let snippet = &results.hits[0].snippet;
        assert!(
            snippet.contains("<mark>an ninh môi trường</mark>"),
            "{query}: {snippet}"
        );
    }
}

#[test]
fn reingest_replaces_and_kind_facet_counts() {
    let index = seed_index();
    assert_eq!(index.num_docs(), 5);
    index.add_documents(seed_documents()).unwrap();
    assert_eq!(index.num_docs(), 5, "re-ingest must replace, not duplicate");
    let all = search(&index, "");
    assert_eq!(all.documents, 5);
    assert_eq!(all.total, 4, "000 and 001 are one hit");
    let kinds: u64 = all.facets["kind"].iter().map(|f| f.count).sum();
    assert_eq!(kinds, 5);
    let kind = &all.facets["kind"][0].value;
    let filtered = index
        .search(&SearchRequest {
            query: String::new(),
            kind: Some(kind.clone()),
            limit: 10,
            ..SearchRequest::default()
        })
        .unwrap();
    // Facets count documents, near-duplicates too.
    assert_eq!(filtered.documents as u64, all.facets["kind"][0].count);
    let stored = index.document("004").unwrap().unwrap();
    assert!(stored.document.body().contains("98-NQ/TU"));
    assert!(index.document("nope").unwrap().is_none());
}

#[test]
fn offset_limit_and_date_sort() {
    let index = seed_index();
    let all = search(&index, "môi trường");
    let page = index
        .search(&SearchRequest {
            query: "môi trường".into(),
            limit: 2,
            offset: 1,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(ids(&page), ids(&all)[1..3].to_vec());
    let by_date = index
        .search(&SearchRequest {
            query: "môi trường".into(),
            limit: 10,
            sort: Sort::Date,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(by_date.total, all.total);
    let dates: Vec<_> = by_date.hits.iter().filter_map(|h| h.published).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn hostile_queries_error_or_return_nothing_never_panic() {
    let index = seed_index();
    let long = "a".repeat(10_000);
    for query in [
        "\"môi trường",
        "!!! ... ???",
        long.as_str(),
        "-",
        "OR OR",
        "OR",
        "\"\"",
        "-môi",
        "((( [ ] ) { } * ? ~ ^ : \\",
        "NQ",
        "98-/",
        "a OR -b",
    ] {
        match index.search(&SearchRequest {
            query: query.into(),
            limit: 10,
            ..SearchRequest::default()
        }) {
            Ok(results) => {
                if query == "!!! ... ???" {
                    assert_eq!(results.total, 0);
                }
            }
            Err(SearchError::BadQuery(message)) => assert!(!message.is_empty()),
            Err(SearchError::TooLong { len, max }) => assert!(len > max),
            Err(e) => panic!("{query}: unexpected {e}"),
        }
    }
    assert!(matches!(
        index.search(&SearchRequest {
            query: long,
            ..SearchRequest::default()
        }),
        Err(SearchError::TooLong { .. })
    ));
}

/// An agency filter as a user types it: abbreviated, or with its province.
#[test]
fn agency_filter_takes_abbreviations() {
    let index = seed_index();
    let filtered = |agency: &str| {
        index
            .search(&SearchRequest {
                query: String::new(),
                agency: Some(agency.to_string()),
                limit: 10,
                ..SearchRequest::default()
            })
            .unwrap()
            .documents
    };
    let full = filtered("Sở Tài nguyên và Môi trường");
    assert!(full > 0);
    assert_eq!(filtered("Sở TN&MT"), full);
    assert!(filtered("Sở KH&ĐT") > 0);
    assert!(filtered("UBND tỉnh Lạng Sơn") > 0);
    assert_eq!(filtered("Sở Không Có"), 0);
}

/// A document number is marked whole where the text cites it, in the text's spelling, and
/// its codes are not marked elsewhere ("UBND" of every "UBND tỉnh").
#[test]
fn numbers_are_marked_whole() {
    let index = seed_index();
    for (query, cited) in [
        ("NQ 98", "<mark>98-NQ/TU</mark>"),
        ("98-NQ/TU", "<mark>98-NQ/TU</mark>"),
        ("1414/UBND", "<mark>1414/UBND-KT</mark>"),
    ] {
        let results = search(&index, query);
        assert!(!results.hits.is_empty(), "{query}");
        let snippet = &results.hits[0].snippet;
        assert!(snippet.contains(cited), "{query}: {snippet}");
        assert_eq!(
            snippet.matches("<mark>").count(),
            snippet.matches(cited).count(),
            "{query}: {snippet}"
        );
    }
}

/// A place filter in any spelling finds what the facet lists.
#[test]
fn place_filter_takes_spellings_of_the_province() {
    let index = seed_index();
    let filtered = |place: &str| {
        index
            .search(&SearchRequest {
                query: String::new(),
                place: Some(place.to_string()),
                limit: 10,
                ..SearchRequest::default()
            })
            .unwrap()
            .documents
    };
    let province = filtered("Lạng Sơn");
    assert!(province > 0);
    assert_eq!(filtered("tỉnh Lạng Sơn"), province);
    assert_eq!(filtered("lang son"), province);
    assert_eq!(filtered("Nơi Không Có"), 0);
}

/// A query typed without a word to find lists nothing; only an empty query lists everything.
#[test]
fn a_query_of_marks_alone_finds_nothing() {
    let index = seed_index();
    assert_eq!(search(&index, "").documents, 5);
    for query in ["\"", "\"\"", "-", "--", "-\"", "...", "-khoáng"] {
        assert_eq!(search(&index, query).documents, 0, "{query:?}");
    }
}

/// A number grouped in thousands is one word: "1.004 buổi" finds seed 004 and marks "1.004"
/// whole, not every "1" of its dates.
#[test]
fn thousands_are_one_number() {
    let index = seed_index();
    for query in ["1.004 buổi tuyên truyền", "1004 buoi tuyen truyen"] {
        let results = search(&index, query);
        assert_eq!(ids(&results).first(), Some(&"004"), "{query}");
        let snippet = &results.hits[0].snippet;
        assert!(
            snippet.contains("<mark>1.004 buổi tuyên truyền</mark>"),
            "{query}: {snippet}"
        );
        assert!(!snippet.contains("<mark>1</mark>"), "{query}: {snippet}");
    }
}
