//! The bundled corpus is the five seed pages.

#[test]
fn corpus_holds_the_five_seeds() {
    let dir = tracuu_tests::repo_root().join("corpus/seeds");
    let count = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(count, 5, "corpus/seeds should hold the five seed pages");
}
