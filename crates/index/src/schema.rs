//! The tantivy schema and its version.
//!
//! Every field the index writes is declared here, once, with why it exists. The schema carries a
//! version number written beside the index (`tracuu_schema_version`): an index written by another
//! version is detected on open and rebuilt from its stored documents instead of being misread.

use std::path::Path;

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// Bump on any change of fields, analyzers, stored formats or values derived at ingest (7:
/// numbers grouped in thousands are one word, "2.000" → "2000", and a passing "khí thải" no
/// longer makes the topic "Không khí"; 6: near-
/// duplicate clusters no longer chain through members, so stored cluster ids are recomputed).
pub const SCHEMA_VERSION: u32 = 7;

/// Name of the file holding [`SCHEMA_VERSION`] in the index directory.
pub const VERSION_FILE: &str = "tracuu_schema_version";

/// Tokenizer name of the exact syllable-bigram stream (registered by [`crate::bigram`]).
pub const BIGRAM_TOKENIZER: &str = "tracuu_bigram";

/// Handles of every field, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Document id (raw, one term): the key of replace-on-reingest.
    pub id: Field,
    /// Title, exact analyzer ("vi"): rewards the user's own diacritics; with positions, for
    /// the proximity of adjacent query syllables.
    pub title: Field,
    /// Title, folded analyzer ("vi_folded"), with positions for phrases.
    pub title_folded: Field,
    /// Body, exact analyzer, with positions (proximity, as the title).
    pub body: Field,
    /// Body, folded analyzer, with positions for quoted phrases.
    pub body_folded: Field,
    /// Exact syllable bigrams of the lead of title and body (see [`crate::bigram`]): its term
    /// dictionary is the statistics that restore the diacritics of a query typed without them.
    pub bigram: Field,
    /// Canonical document-number keys of every reference (and of the document's own number).
    pub references: Field,
    /// Namespaced filter keys: `agency:…`, `place:…`, `topic:…` (folded, lowercase).
    pub filter_key: Field,
    /// Facets: `/kind`, agencies, places, topics, year.
    pub kind_facet: Field,
    pub agency_facet: Field,
    pub place_facet: Field,
    pub topic_facet: Field,
    pub year_facet: Field,
    /// Publication date, fast for sorting and ranges.
    pub published: Field,
    /// SimHash fingerprint (fast) for collapsing near-duplicates at query time.
    pub fingerprint: Field,
    /// Near-duplicate cluster id (fast), assigned at ingest (see [`crate::cluster`]): hits of
    /// one cluster collapse into one at query time.
    pub cluster: Field,
    /// Site (raw), for filters and display.
    pub site: Field,
    pub url: Field,
    /// The whole [`tracuu_extract::Document`] as JSON: snippets and the document page read it.
    pub document_json: Field,
    /// The [`tracuu_facts::Facts`] as JSON.
    pub facts_json: Field,
}

fn text(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    use tracuu_text::names::{EXACT, FOLDED};
    let mut b = Schema::builder();
    let positions = IndexRecordOption::WithFreqsAndPositions;
    let freqs = IndexRecordOption::WithFreqs;
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text(EXACT, positions)),
        title_folded: b.add_text_field("title_folded", text(FOLDED, positions)),
        body: b.add_text_field("body", text(EXACT, positions)),
        body_folded: b.add_text_field("body_folded", text(FOLDED, positions)),
        bigram: b.add_text_field("bigram", text(BIGRAM_TOKENIZER, freqs)),
        references: b.add_text_field("references", STRING),
        filter_key: b.add_text_field("filter_key", STRING),
        kind_facet: b.add_facet_field("kind", INDEXED),
        agency_facet: b.add_facet_field("agency", INDEXED),
        place_facet: b.add_facet_field("place", INDEXED),
        topic_facet: b.add_facet_field("topic", INDEXED),
        year_facet: b.add_facet_field("year", INDEXED),
        published: b.add_date_field("published", INDEXED | FAST),
        fingerprint: b.add_u64_field("fingerprint", FAST),
        cluster: b.add_u64_field("cluster", FAST),
        site: b.add_text_field("site", STRING),
        url: b.add_text_field("url", STRING),
        document_json: b.add_text_field("document_json", STORED),
        facts_json: b.add_text_field("facts_json", STORED),
    };
    (b.build(), fields)
}

/// The version recorded in `dir`, if any.
pub fn read_version(dir: &Path) -> Option<u32> {
    std::fs::read_to_string(dir.join(VERSION_FILE))
        .ok()
        .and_then(|s| s.trim().parse().ok())
}

/// Records [`SCHEMA_VERSION`] in `dir`.
pub fn write_version(dir: &Path) -> std::io::Result<()> {
    std::fs::write(dir.join(VERSION_FILE), format!("{SCHEMA_VERSION}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_round_trips_and_absent_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_version(dir.path()), None);
        write_version(dir.path()).unwrap();
        assert_eq!(read_version(dir.path()), Some(SCHEMA_VERSION));
        std::fs::write(dir.path().join(VERSION_FILE), "garbage").unwrap();
        assert_eq!(read_version(dir.path()), None);
    }
}
