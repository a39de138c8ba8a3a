//! Ranking properties on small made-up corpora: each test builds the situation it names.

use tracuu_index::{SearchIndex, SearchRequest};

mod common;

use common::{document, ids, search};

#[test]
fn query_without_diacritics_is_restored_from_corpus_bigrams() {
    let index = SearchIndex::in_memory().unwrap();
    index
        .add_documents(vec![
            document(
                "new",
                "Tin mới",
                "Thông tin mới về trường học mới, năm học mới, mới mở.",
            ),
            document("env", "Môi trường", "Bảo vệ môi trường là nhiệm vụ chung."),
            document(
                "env2",
                "Quan trắc",
                "Quan trắc chất lượng môi trường không khí.",
            ),
        ])
        .unwrap();
    let r = search(&index, "moi truong");
    assert_eq!(r.total, 3, "folded matching keeps every reading");
    assert_ne!(ids(&r)[0], "new", "{:?}", ids(&r));
    assert!(
        r.hits[0].snippet.contains("<mark>môi trường</mark>"),
        "{}",
        r.hits[0].snippet
    );
    assert_eq!(ids(&r)[2], "new", "{:?}", ids(&r));
}

#[test]
fn adjacent_syllables_rank_above_scattered_ones() {
    // The same syllables, as often, in texts of the same length: only their order differs.
    let mut index = SearchIndex::in_memory().unwrap();
    index
        .add_documents(vec![
            document(
                "scattered",
                "Báo cáo",
                "An toàn; ninh thuận; môi giới; trường học.",
            ),
            document(
                "adjacent",
                "Báo cáo",
                "An ninh môi trường; toàn thuận giới học.",
            ),
        ])
        .unwrap();
    let r = search(&index, "an ninh môi trường");
    assert_eq!(ids(&r), vec!["adjacent", "scattered"]);
    // Without adjacency the two score alike: the order above is proximity's.
    index.set_ranking(tracuu_index::search::RankingOptions {
        bigrams: false,
        ..Default::default()
    });
    let r = search(&index, "an ninh môi trường");
    assert_eq!(r.hits.len(), 2);
    assert!((r.hits[0].score - r.hits[1].score).abs() < 1e-6, "{r:?}");
}

#[test]
fn exact_diacritics_rank_above_folded_only_matches() {
    let index = SearchIndex::in_memory().unwrap();
    index
        .add_documents(vec![
            document("folded", "Văn bản", "Mua bán đất đai trái phép."),
            document("exact", "Văn bản", "Mùa bàn đất đai trái phép."),
        ])
        .unwrap();
    let r = search(&index, "mùa bàn");
    assert_eq!(ids(&r), vec!["exact", "folded"]);
    let r = search(&index, "mua bán");
    assert_eq!(ids(&r), vec!["folded", "exact"]);
}

#[test]
fn near_duplicates_collapse_into_one_hit_with_a_count() {
    let index = SearchIndex::in_memory().unwrap();
    let mut a = document("a", "Chỉ thị về rác thải", "Thu gom rác thải sinh hoạt.");
    let mut b = document(
        "b",
        "Chỉ thị về rác thải (đăng lại)",
        "Thu gom rác thải sinh hoạt.",
    );
    let mut c = document("c", "Rác thải nhựa", "Giảm rác thải nhựa.");
    a.fingerprint = 0xF0F0_F0F0_F0F0_F0F0;
    b.fingerprint = 0xF0F0_F0F0_F0F0_F0F1; // one bit apart
    c.fingerprint = 0x0F0F_0F0F_0F0F_0F0F;
    index.add_documents(vec![a, b, c]).unwrap();
    let r = search(&index, "rác thải");
    assert_eq!(r.documents, 3);
    assert_eq!(r.total, 2, "a cluster is one hit to page through");
    assert_eq!(r.hits.len(), 2, "{:?}", ids(&r));
    let collapsed = r.hits.iter().find(|h| h.id == "a" || h.id == "b").unwrap();
    assert_eq!(collapsed.duplicates, 1);
}

#[test]
fn filters_and_year_facet() {
    use chrono::NaiveDate;
    use tracuu_extract::{DateSource, PublishedDate};
    let index = SearchIndex::in_memory().unwrap();
    let dated = |id: &str, y: i32| {
        let mut d = document(id, "Bảo vệ môi trường", "Nội dung về môi trường.");
        d.published = Some(PublishedDate {
            date: NaiveDate::from_ymd_opt(y, 6, 1).unwrap(),
            time: None,
            source: DateSource::Record,
        });
        d
    };
    index
        .add_documents(vec![dated("a", 2019), dated("b", 2022), dated("c", 2022)])
        .unwrap();
    let all = search(&index, "môi trường");
    let years: Vec<(String, u64)> = all.facets["year"]
        .iter()
        .map(|f| (f.value.clone(), f.count))
        .collect();
    assert_eq!(years, vec![("2022".into(), 2), ("2019".into(), 1)]);
    let ranged = index
        .search(&SearchRequest {
            query: "môi trường".into(),
            from: NaiveDate::from_ymd_opt(2020, 1, 1),
            to: NaiveDate::from_ymd_opt(2022, 12, 31),
            limit: 10,
            ..SearchRequest::default()
        })
        .unwrap();
    let mut got = ids(&ranged);
    got.sort();
    assert_eq!(got, vec!["b", "c"]);
}

/// A long query's common syllables ("của", "các", "và": in most documents) do not make a
/// match on their own, but still score the documents the rarer syllables matched.
#[test]
fn common_syllables_of_a_long_query_score_but_do_not_match() {
    let mut docs = vec![
        document("target", "Tin", "Quan trắc môi trường của các sở và ngành."),
        document("with-common", "Tin", "Quan trắc của các tỉnh và thành phố."),
        document("without", "Tin", "Quan trắc nước sạch ở nông thôn."),
    ];
    // Enough documents for corpus statistics (`COMMON_TERMS_MIN_DOCS`).
    for i in 0..tracuu_index::search::COMMON_TERMS_MIN_DOCS {
        let body = "Các cơ quan của tỉnh và thành phố.";
        docs.push(document(&format!("filler-{i}"), "Tin", body));
    }
    let mut index = SearchIndex::in_memory().unwrap();
    index.add_documents(docs).unwrap();
    // 7 syllables: a long query, ranked; "quan của các và" are in nearly every document, so
    // the rarer "trắc môi trường" match (at least 30 % of them: one) and the others only score.
    let query = "quan trắc môi trường của các và";
    let r = search(&index, query);
    assert_eq!(ids(&r), vec!["target", "with-common", "without"]);
    assert_eq!(r.total, 3);
    // Without the split, the common syllables alone (4 of 7) make every filler a match, and
    // "without" (2 of 7) is none: the minimum (3) counted every syllable, not the rarer 3.
    index.set_ranking(tracuu_index::search::RankingOptions {
        common_terms: 1.0,
        ..Default::default()
    });
    let r = search(&index, query);
    assert_eq!(
        r.total,
        2 + tracuu_index::search::COMMON_TERMS_MIN_DOCS as usize
    );
    assert_eq!(ids(&r)[..2], ["target", "with-common"]);
}

/// A long query's candidates are chosen by the pairs of the documents' leads too, so a
/// document far down the first phase (its syllables diluted in a long text) but holding the
/// query as written is still rescored, and wins; its score is the one-phase score, as the
/// lead pairs are taken back out.
#[test]
fn a_long_query_rescores_the_document_holding_it_as_written() {
    let query = "an ninh môi trường khu công nghiệp Lạng Sơn";
    let words = [
        "báo", "cáo", "tình", "hình", "thời", "tiết", "giao", "thông", "nông", "thôn", "giáo",
        "dục", "y", "tế", "văn", "hóa", "du", "lịch", "thể", "thao", "đầu", "tư", "xây", "dựng",
        "tài", "chính", "ngân", "hàng", "thuế", "hải", "quan",
    ];
    // More texts than any depth rescores: the query's syllables in reverse order (no pair of
    // the query), short texts, each with its own words (no two alike, so none collapse).
    let mut docs = Vec::new();
    for i in 0..2 * tracuu_index::rescore::RESCORE_DEPTH {
        let own: Vec<&str> = (0..6)
            .map(|k| words[(i * 7 + k * 5) % words.len()])
            .collect();
        let body = format!(
            "Sơn Lạng nghiệp công khu trường môi ninh an; {} số {i}.",
            own.join(" ")
        );
        docs.push(document(&format!("scattered-{i}"), "Tin", &body));
    }
    // The query as written, once, at the head of a long text.
    let filler: Vec<&str> = (0..400).map(|k| words[(k * 11) % words.len()]).collect();
    let body = format!("{query} năm nay. {}.", filler.join(" "));
    docs.push(document("written", "Tin", &body));
    let mut index = SearchIndex::in_memory().unwrap();
    index.add_documents(docs).unwrap();
    let r = search(&index, query);
    assert_eq!(ids(&r)[0], "written", "{:?}", ids(&r));
    // The same score as the one-phase ranking gives it.
    index.set_ranking(tracuu_index::search::RankingOptions {
        rescore: false,
        ..Default::default()
    });
    let one_phase = search(&index, query);
    assert_eq!(ids(&one_phase)[0], "written");
    let (a, b) = (r.hits[0].score, one_phase.hits[0].score);
    assert!((a - b).abs() <= 1e-4 * b.abs(), "{a} vs {b}");
    // Without adjacency it is not first: its place above is the pairs'.
    index.set_ranking(tracuu_index::search::RankingOptions {
        bigrams: false,
        ..Default::default()
    });
    let r = search(&index, query);
    assert_ne!(ids(&r)[0], "written", "{:?}", ids(&r));
}
