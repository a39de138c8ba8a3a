//! Prints the extracted documents of the files given, as JSON (a debugging aid).
fn main() {
    for arg in std::env::args().skip(1) {
        match tracuu_extract::extract_path(std::path::Path::new(&arg)) {
            Ok(docs) => {
                for d in docs {
                    println!("{}", serde_json::to_string_pretty(&d).unwrap_or_default());
                }
            }
            Err(e) => eprintln!("{arg}: {e}"),
        }
    }
}
