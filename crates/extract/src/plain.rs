//! Plain-text pages such as the seeds: text copied from a portal, debris and all.

use crate::clean::{self, plain_blocks};
use crate::document::Document;

/// Builds a document from cleaned blocks; shared by plain text, HTML and JSONL.
pub(crate) fn assemble(id: String, cleaned: clean::Cleaned, title: Option<String>) -> Document {
    let mut warnings = cleaned.warnings;
    let title = match title.or(cleaned.title) {
        Some(t) if !t.trim().is_empty() => t,
        _ => match cleaned.paragraphs.first() {
            Some(first) => {
                let t = clean::derive_title(first);
                warnings.push(format!(
                    "no title line: title derived from the first sentence (\"{t}\")"
                ));
                t
            }
            None => String::new(),
        },
    };
    let mut doc = Document::new(id, title);
    doc.paragraphs = cleaned.paragraphs;
    doc.captions = cleaned.captions;
    doc.dropped = cleaned.dropped;
    doc.author = cleaned.author;
    doc.site = cleaned.site;
    doc.published = cleaned
        .published
        .map(|(found, source)| crate::PublishedDate {
            date: found.date,
            time: found.time,
            source,
        });
    if doc.paragraphs.is_empty() {
        warnings.push("no body text survived extraction".to_string());
    }
    doc.warnings = warnings;
    doc.fingerprint = crate::simhash::fingerprint(&doc.body());
    doc
}

/// Extracts a plain-text page. `name` is where it came from (a file name), used only in
/// warnings; the id is a hash of the normalised text, so it is the same on every run.
pub fn extract_plain_text(text: &str, name: &str) -> Document {
    let text = tracuu_text::normalize(text);
    let cleaned = clean::clean_blocks(plain_blocks(&text), None);
    let doc = assemble(Document::id_from_content(&text), cleaned, None);
    if doc.paragraphs.is_empty() {
        tracing::warn!(name, "plain-text page without body text");
    }
    doc
}
