//! Times extraction of a page nested N tags deep (a debugging aid for the depth guard).
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let tag = std::env::args().nth(2).unwrap_or_else(|| "div".into());
    let mut page = String::from("<html><body>");
    for _ in 0..n {
        page.push_str(&format!("<{tag}>"));
    }
    page.push_str("Nội dung sâu bên trong trang, đủ dài để là một đoạn văn thực sự của bài viết.");
    for _ in 0..n {
        page.push_str(&format!("</{tag}>"));
    }
    let t = std::time::Instant::now();
    let r = tracuu_extract::extract_html(page.as_bytes(), None, None);
    println!(
        "{:?} in {:?}",
        r.map(|d| (d.paragraphs.len(), d.warnings)),
        t.elapsed()
    );
}
