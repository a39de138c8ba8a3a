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

/// Counts by facet and ordinal, per segment with its names: names are looked up (and cloned)
/// only for the values an answer lists, not for every value counted.
pub struct FacetFruit {
    segments: Vec<(Arc<SegmentFacets>, Vec<Vec<u64>>)>,
}

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
        Ok(FacetFruit {
            segments: fruits.into_iter().flat_map(|f| f.segments).collect(),
        })
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
        FacetFruit {
            segments: vec![(self.table, self.counts)],
        }
    }
}

/// One segment's counted values of one facet, by name.
fn named(segment: &(Arc<SegmentFacets>, Vec<Vec<u64>>), facet: usize) -> Vec<(&str, u64)> {
    let (table, counts) = segment;
    let names = &table.names[facet];
    counts[facet]
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c > 0)
        .filter_map(|(ord, &c)| names.get(ord).map(|n| (n.as_str(), c)))
        .filter(|(name, _)| !name.is_empty())
        .collect()
}

/// The counts of one facet by value name, summed over the segments.
fn counts_by_name(fruit: &FacetFruit, facet: usize) -> Vec<(&str, u64)> {
    match fruit.segments.as_slice() {
        [one] => named(one, facet),
        many => {
            let mut sums: HashMap<&str, u64> = HashMap::new();
            for (name, c) in many.iter().flat_map(|segment| named(segment, facet)) {
                *sums.entry(name).or_insert(0) += c;
            }
            sums.into_iter().collect()
        }
    }
}

/// The JSON shape: each facet's values, most frequent first (ties by value), at most 50.
pub fn to_answer(fruit: FacetFruit) -> BTreeMap<String, Vec<FacetCount>> {
    let order = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
    let mut out = BTreeMap::new();
    for (facet, name) in FACETS.iter().enumerate() {
        let mut values = counts_by_name(&fruit, facet);
        if values.len() > MAX_VALUES {
            values.select_nth_unstable_by(MAX_VALUES - 1, order);
            values.truncate(MAX_VALUES);
        }
        values.sort_unstable_by(order);
        let values = values
            .into_iter()
            .map(|(value, count)| FacetCount {
                value: value.to_string(),
                count,
            })
            .collect();
        out.insert(name.to_string(), values);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(names: &[&str], counts: &[u64]) -> (Arc<SegmentFacets>, Vec<Vec<u64>>) {
        let mut all_names = vec![Vec::new(); FACETS.len()];
        all_names[1] = names.iter().map(|n| n.to_string()).collect();
        let mut all_counts = vec![Vec::new(); FACETS.len()];
        all_counts[1] = counts.to_vec();
        let table = SegmentFacets {
            names: all_names,
            offsets: vec![0],
            values: Vec::new(),
        };
        (Arc::new(table), all_counts)
    }

    #[test]
    fn counts_of_segments_add_up_by_name_most_frequent_first() {
        let fruit = FacetFruit {
            segments: vec![
                segment(&["Sở TN&MT", "UBND tỉnh", ""], &[1, 3, 9]),
                segment(&["Bộ TN&MT", "UBND tỉnh", "Sở TN&MT"], &[2, 2, 0]),
            ],
        };
        let answer = to_answer(fruit);
        let agency: Vec<(&str, u64)> = answer["agency"]
            .iter()
            .map(|v| (v.value.as_str(), v.count))
            .collect();
        // Empty names are never listed; ties go by name.
        assert_eq!(
            agency,
            vec![("UBND tỉnh", 5), ("Bộ TN&MT", 2), ("Sở TN&MT", 1)]
        );
        assert!(answer["kind"].is_empty());
    }

    #[test]
    fn at_most_fifty_values_the_most_frequent() {
        let names: Vec<String> = (0..80).map(|i| format!("cơ quan {i:02}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let counts: Vec<u64> = (0..80).map(|i| i % 40 + 1).collect();
        let answer = to_answer(FacetFruit {
            segments: vec![segment(&refs, &counts)],
        });
        let agency = &answer["agency"];
        assert_eq!(agency.len(), MAX_VALUES);
        assert_eq!(
            (agency[0].value.as_str(), agency[0].count),
            ("cơ quan 39", 40)
        );
        assert_eq!(
            (agency[1].value.as_str(), agency[1].count),
            ("cơ quan 79", 40)
        );
        assert!(agency.windows(2).all(|w| w[0].count >= w[1].count));
        assert_eq!(
            agency[49].count, 16,
            "counts 40 down to 16, two values each"
        );
    }
}
