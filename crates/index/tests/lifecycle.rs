//! On-disk life of an index: schema versions, reopening, replacing documents.

use tracuu_extract::Document;
use tracuu_index::schema::{SCHEMA_VERSION, VERSION_FILE};
use tracuu_index::{SearchIndex, SearchRequest};

mod common;

use common::document;

fn count(index: &SearchIndex, query: &str) -> usize {
    common::search(index, query).total
}

#[test]
fn reopening_keeps_documents_and_reingest_replaces() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        index
            .add_documents(vec![
                document("a", "Chỉ thị về rác thải", "Thu gom rác thải sinh hoạt."),
                document("b", "Nước sạch", "Cấp nước sạch nông thôn."),
            ])
            .unwrap();
    }
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    assert_eq!(index.num_docs(), 2);
    assert_eq!(count(&index, "rác thải"), 1);
    index
        .add_documents(vec![document(
            "a",
            "Chỉ thị về khí thải",
            "Kiểm soát khí thải công nghiệp.",
        )])
        .unwrap();
    assert_eq!(index.num_docs(), 2);
    assert_eq!(count(&index, "rác thải"), 0);
    assert_eq!(count(&index, "khí thải"), 1);
}

/// A first ingest skips replacing ids it has not written, but an id it meets twice (in one
/// batch, or after a commit) still replaces the earlier copy.
#[test]
fn a_first_ingest_keeps_one_copy_of_an_id_met_twice() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    let first = document("a", "Chỉ thị về rác thải", "Thu gom rác thải sinh hoạt.");
    let second = document(
        "a",
        "Chỉ thị về khí thải",
        "Kiểm soát khí thải công nghiệp.",
    );
    index.queue_document(&first).unwrap();
    index
        .queue_document(&document("b", "Nước sạch", "Cấp nước sạch."))
        .unwrap();
    index.queue_document(&second).unwrap();
    index.commit().unwrap();
    assert_eq!(index.num_docs(), 2);
    assert_eq!(count(&index, "rác thải"), 0);
    index.queue_document(&first).unwrap();
    index.finish().unwrap();
    assert_eq!(index.num_docs(), 2);
    assert_eq!(count(&index, "rác thải"), 1);
    assert_eq!(count(&index, "khí thải"), 0);
}

#[test]
fn another_schema_version_is_rebuilt_from_stored_documents_not_misread() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        index
            .add_documents(vec![document("a", "Bảo vệ môi trường", "Nội dung.")])
            .unwrap();
    }
    let version_file = dir.path().join(VERSION_FILE);
    assert_eq!(
        std::fs::read_to_string(&version_file).unwrap().trim(),
        SCHEMA_VERSION.to_string()
    );
    // An index written by an older version.
    std::fs::write(&version_file, "1\n").unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    assert_eq!(
        std::fs::read_to_string(&version_file).unwrap().trim(),
        SCHEMA_VERSION.to_string()
    );
    assert_eq!(index.num_docs(), 1);
    assert_eq!(count(&index, "moi truong"), 1);
    drop(index);

    // An index of a schema we do not know at all (no stored documents): rebuilt empty.
    let foreign = tempfile::tempdir().unwrap();
    {
        let mut b = tantivy::schema::Schema::builder();
        let f = b.add_text_field("other", tantivy::schema::TEXT);
        let index = tantivy::Index::create_in_dir(foreign.path(), b.build()).unwrap();
        let mut w: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        w.add_document(tantivy::doc!(f => "x")).unwrap();
        w.commit().unwrap();
    }
    let index = SearchIndex::open_or_create(foreign.path()).unwrap();
    assert_eq!(index.num_docs(), 0);
    index
        .add_documents(vec![document("z", "Khoáng sản", "Khai thác khoáng sản.")])
        .unwrap();
    assert_eq!(count(&index, "khoáng sản"), 1);
}

/// The two seed pages of one directive (000 from one portal, 001 reprinting it from another).
fn seed_pair() -> (Document, Document) {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut a = tracuu_extract::extract_path(&paths[0]).unwrap().remove(0);
    let mut b = tracuu_extract::extract_path(&paths[1]).unwrap().remove(0);
    a.id = "000".into();
    b.id = "001".into();
    (a, b)
}

#[test]
fn a_reprint_ingested_by_a_later_process_joins_the_stored_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = seed_pair();
    {
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        index.add_documents(vec![a]).unwrap();
        index.finish().unwrap();
    }
    // A new process: the clustering state is rebuilt from the stored document and its id.
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    index.add_documents(vec![b]).unwrap();
    let results = index
        .search(&SearchRequest {
            query: "an ninh môi trường".into(),
            limit: 10,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(results.documents, 2);
    assert_eq!(results.total, 1, "one hit to page through");
    assert_eq!(results.hits.len(), 1, "{:?}", results.hits);
    assert_eq!(results.hits[0].duplicates, 1);
}

#[test]
fn an_ingest_committed_in_parts_ends_with_one_segment_per_core_and_every_document() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    for part in 0..4 {
        for i in 0..5 {
            let id = format!("p{part}-{i}");
            index
                .queue_document(&document(
                    &id,
                    &format!("Chỉ thị số {part}{i} về bảo vệ môi trường"),
                    "Sở Tài nguyên và Môi trường chủ trì thẩm định báo cáo đánh giá tác động môi trường.",
                ))
                .unwrap();
        }
        index.commit().unwrap();
    }
    assert!(
        index.segment_count() >= 4,
        "each commit writes a segment (or one per thread)"
    );
    index.finish().unwrap();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(index.segment_count(), cores.min(4));
    // No file of a merged-away segment is left behind.
    let segments_on_disk: std::collections::HashSet<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name.ends_with(".idx"))
        .collect();
    assert_eq!(segments_on_disk.len(), index.segment_count());
    assert_eq!(index.num_docs(), 20);
    assert_eq!(count(&index, "thẩm định báo cáo"), 20);
}
