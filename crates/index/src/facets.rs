//! Facet counts over a result set, from the facet columns' ordinals.
//!
//! Why not tantivy's `FacetCollector`: for every segment of every query it scans the whole facet
//! dictionary to build its collapse mapping and turns each counted ordinal back into a string
//! through the (block-compressed) dictionary; with five facet fields that was a fifth of a full
//! search. Our facets are one level deep, so counting needs no mapping: a hit adds one to a
//! `Vec<u64>` slot per ordinal, and the ordinal-to-name table of each segment is read once and
//! cached by segment id (segments are immutable, so the table never goes stale).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::FacetCount;

/// Facet names in the JSON answer; each is also its field name.
pub const FACETS: [&str; 5] = ["kind", "agency", "place", "topic", "year"];

/// Most values listed per facet.
const MAX_VALUES: usize = 50;

/// Facet values of one segment's column, by ordinal.
type NameTable = Arc<Vec<String>>;

/// Ordinal-to-name tables of the segments seen so far, per facet field.
#[derive(Default)]
pub struct FacetTables {
    tables: Mutex<HashMap<(SegmentId, usize), NameTable>>,
}

impl FacetTables {
    fn table(
        &self,
        reader: &SegmentReader,
        facet: usize,
        column: &tantivy::fastfield::FacetReader,
    ) -> tantivy::Result<NameTable> {
        let key = (reader.segment_id(), facet);
        if let Some(t) = self.tables.lock().ok().and_then(|g| g.get(&key).cloned()) {
            return Ok(t);
        }
        let mut names = Vec::with_capacity(column.num_facets());
        let mut stream = column.facet_dict().stream()?;
        while stream.advance() {
            let name = Facet::from_encoded(stream.key().to_vec())
                .ok()
                .and_then(|f| f.to_path().last().map(|s| s.to_string()))
                .unwrap_or_default();
            names.push(name);
        }
        let names = Arc::new(names);
        if let Ok(mut guard) = self.tables.lock() {
            guard.insert(key, names.clone());
        }
        Ok(names)
    }

    /// Drops the tables of segments no longer in `searcher` (merged away).
    pub fn retain(&self, searcher: &tantivy::Searcher) {
        let live: std::collections::HashSet<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        if let Ok(mut guard) = self.tables.lock() {
            if guard.len() > live.len() * FACETS.len() {
                guard.retain(|(id, _), _| live.contains(id));
            }
        }
    }
}

/// Counts every facet of [`FACETS`] over the documents a query matches.
pub struct FacetCountCollector<'a> {
    pub tables: &'a FacetTables,
}

/// Per segment: each facet's column, its names and its counts by ordinal.
pub struct FacetSegmentCounter {
    columns: Vec<(tantivy::fastfield::FacetReader, NameTable, Vec<u64>)>,
}

/// Counts by facet and value.
pub type FacetFruit = Vec<HashMap<String, u64>>;

impl Collector for FacetCountCollector<'_> {
    type Fruit = FacetFruit;
    type Child = FacetSegmentCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCounter> {
        let mut columns = Vec::with_capacity(FACETS.len());
        for (i, name) in FACETS.iter().enumerate() {
            let column = reader.facet_reader(name)?;
            let names = self.tables.table(reader, i, &column)?;
            let counts = vec![0u64; names.len()];
            columns.push((column, names, counts));
        }
        Ok(FacetSegmentCounter { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetFruit>) -> tantivy::Result<FacetFruit> {
        let mut merged: FacetFruit = vec![HashMap::new(); FACETS.len()];
        for fruit in fruits {
            for (into, from) in merged.iter_mut().zip(fruit) {
                for (value, count) in from {
                    *into.entry(value).or_insert(0) += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for FacetSegmentCounter {
    type Fruit = FacetFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (column, _, counts) in &mut self.columns {
            let mut previous = u64::MAX;
            for ord in column.facet_ords(doc) {
                if ord != previous {
                    if let Some(c) = counts.get_mut(ord as usize) {
                        *c += 1;
                    }
                }
                previous = ord;
            }
        }
    }

    fn harvest(self) -> FacetFruit {
        self.columns
            .into_iter()
            .map(|(_, names, counts)| {
                counts
                    .into_iter()
                    .enumerate()
                    .filter(|(_, c)| *c > 0)
                    .filter_map(|(ord, c)| names.get(ord).map(|n| (n.clone(), c)))
                    .collect()
            })
            .collect()
    }
}

/// The JSON shape: each facet's values, most frequent first (ties by value), at most 50.
pub fn to_answer(fruit: FacetFruit) -> BTreeMap<String, Vec<FacetCount>> {
    let mut out = BTreeMap::new();
    for (name, counts) in FACETS.iter().zip(fruit) {
        let mut values: Vec<FacetCount> = counts
            .into_iter()
            .filter(|(v, _)| !v.is_empty())
            .map(|(value, count)| FacetCount { value, count })
            .collect();
        values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        values.truncate(MAX_VALUES);
        out.insert(name.to_string(), values);
    }
    out
}
