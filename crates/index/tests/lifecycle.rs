//! On-disk life of an index: schema versions, reopening, replacing documents.

use tracuu_extract::Document;
use tracuu_index::schema::{SCHEMA_VERSION, VERSION_FILE};
use tracuu_index::{SearchIndex, SearchRequest};

fn document(id: &str, title: &str, body: &str) -> Document {
    let mut doc = Document::new(id.into(), title.into());
    doc.paragraphs = vec![body.into()];
    doc
}

fn count(index: &SearchIndex, query: &str) -> usize {
    index
        .search(&SearchRequest {
            query: query.into(),
            limit: 10,
            ..SearchRequest::default()
        })
        .unwrap()
        .total
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
