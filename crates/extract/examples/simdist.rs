//! Prints pairwise SimHash distances of the files given (a debugging aid).
fn main() {
    let mut docs = Vec::new();
    for arg in std::env::args().skip(1) {
        if let Ok(d) = tracuu_extract::extract_path(std::path::Path::new(&arg)) {
            docs.extend(d);
        }
    }
    for a in &docs {
        let row: Vec<String> = docs
            .iter()
            .map(|b| tracuu_extract::simhash::distance(a.fingerprint, b.fingerprint).to_string())
            .collect();
        println!("{}", row.join("\t"));
    }
}
