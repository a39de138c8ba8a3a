//! Facet counts over a result set, from the facet columns' ordinals.
//!
//! Why not tantivy's `FacetCollector`: for every segment of every query it scans the whole facet
//! dictionary to build its collapse mapping and turns each counted ordinal back into a string
//! through the (block-compressed) dictionary; with five facet fields that was a fifth of a full
//! search. Our facets are one level deep, so counting needs no mapping: a hit adds one to a
//! `Vec<u64>` slot per ordinal. Each segment's ordinals per document and its ordinal-to-name
//! tables are read once and cached by segment id (segments are immutable, so they never go
//! stale): see [`SegmentFacets`].

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

/// Bits of a packed value holding the ordinal; the facet's index is above them.
const ORD_BITS: u32 = 28;
const ORD_MASK: u32 = (1 << ORD_BITS) - 1;

/// Every facet value of every document of one segment, read once from the facet columns.
///
/// Why: reading a multi-valued column per hit (five columns, a row-id lookup each) was most of
/// the cost of counting facets over the thousands of hits of a broad query; a flat list of
/// packed ordinals per document is a slice lookup.
pub struct SegmentFacets {
    /// Ordinal-to-name table of each facet of [`FACETS`].
    names: Vec<Vec<String>>,
    /// Values of document `d`: `values[offsets[d]..offsets[d + 1]]`, each `facet << 28 | ord`.
    offsets: Vec<u32>,
    values: Vec<u32>,
}

impl SegmentFacets {
    fn read(reader: &SegmentReader) -> tantivy::Result<Self> {
        let mut columns = Vec::with_capacity(FACETS.len());
        let mut names = Vec::with_capacity(FACETS.len());
        for name in FACETS {
            let column = reader.facet_reader(name)?;
            names.push(name_table(&column)?);
            columns.push(column);
        }
        let max_doc = reader.max_doc();
        let mut offsets = Vec::with_capacity(max_doc as usize + 1);
        let mut values = Vec::new();
        offsets.push(0);
        for doc in 0..max_doc {
            for (i, column) in columns.iter().enumerate() {
                let mut previous = u64::MAX;
                for ord in column.facet_ords(doc) {
                    if ord != previous && ord <= u64::from(ORD_MASK) {
                        values.push((i as u32) << ORD_BITS | ord as u32);
                    }
                    previous = ord;
                }
            }
            offsets.push(values.len() as u32);
        }
        Ok(SegmentFacets {
            names,
            offsets,
            values,
        })
    }
}

/// The names of a facet column's values, by ordinal.
fn name_table(column: &tantivy::fastfield::FacetReader) -> tantivy::Result<Vec<String>> {
    let mut names = Vec::with_capacity(column.num_facets());
    let mut stream = column.facet_dict().stream()?;
    while stream.advance() {
        let name = Facet::from_encoded(stream.key().to_vec())
            .ok()
            .and_then(|f| f.to_path().last().map(|s| s.to_string()))
            .unwrap_or_default();
        names.push(name);
    }
    Ok(names)
}

/// The [`SegmentFacets`] of the segments seen so far (segments are immutable, so an entry
/// never goes stale; entries of merged-away segments are dropped by [`FacetTables::retain`]).
#[derive(Default)]
pub struct FacetTables {
    tables: Mutex<HashMap<SegmentId, Arc<SegmentFacets>>>,
}

impl FacetTables {
    fn segment(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentFacets>> {
        let key = reader.segment_id();
        if let Some(t) = self.tables.lock().ok().and_then(|g| g.get(&key).cloned()) {
            return Ok(t);
        }
        let table = Arc::new(SegmentFacets::read(reader)?);
        if let Ok(mut guard) = self.tables.lock() {
            guard.insert(key, table.clone());
        }
        Ok(table)
    }

    /// Drops the tables of segments no longer in `searcher` (merged away). A segment's table
    /// is read by the first query that counts facets over it.
    pub fn retain(&self, searcher: &tantivy::Searcher) {
        let live: std::collections::HashSet<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        if let Ok(mut guard) = self.tables.lock() {
            if guard.len() > live.len() {
                guard.retain(|id, _| live.contains(id));
            }
        }
    }
}

/// Counts every facet of [`FACETS`] over the documents a query matches.
pub struct FacetCountCollector<'a> {
    pub tables: &'a FacetTables,
}

/// Per segment: its facet values and the counts by facet and ordinal.
pub struct FacetSegmentCounter {
    table: Arc<SegmentFacets>,
    counts: Vec<Vec<u64>>,
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
        let table = self.tables.segment(reader)?;
        let counts = table.names.iter().map(|n| vec![0u64; n.len()]).collect();
        Ok(FacetSegmentCounter { table, counts })
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
        let t = &self.table;
        let (Some(&from), Some(&to)) =
            (t.offsets.get(doc as usize), t.offsets.get(doc as usize + 1))
        else {
            return;
        };
        for &v in &t.values[from as usize..to as usize] {
            let facet = (v >> ORD_BITS) as usize;
            if let Some(c) = self
                .counts
                .get_mut(facet)
                .and_then(|c| c.get_mut((v & ORD_MASK) as usize))
            {
                *c += 1;
            }
        }
    }

    fn harvest(self) -> FacetFruit {
        self.counts
            .into_iter()
            .zip(&self.table.names)
            .map(|(counts, names)| {
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
