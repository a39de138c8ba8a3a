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

/// Every facet value of every document of one segment, read once from the facet columns.
///
/// Why: reading a multi-valued column per hit (five columns, a row-id lookup each) was most of
/// the cost of counting facets over the thousands of hits of a broad query; a flat list of
/// value slots per document is a slice lookup, and a slot is an index into one count array.
pub struct SegmentFacets {
    id: SegmentId,
    /// Slots of facet `f` of [`FACETS`]: `bases[f]..bases[f + 1]` (a facet's ordinals, offset).
    bases: Vec<u32>,
    /// Value name of each slot.
    names: Vec<String>,
    /// Slots of document `d`: `values[offsets[d]..offsets[d + 1]]`.
    offsets: Vec<u32>,
    values: Vec<u32>,
}

impl SegmentFacets {
    fn read(reader: &SegmentReader) -> tantivy::Result<Self> {
        let mut columns = Vec::with_capacity(FACETS.len());
        let mut names = Vec::new();
        let mut bases = vec![0u32];
        for name in FACETS {
            let column = reader.facet_reader(name)?;
            names.extend(name_table(&column)?);
            bases.push(names.len() as u32);
            columns.push(column);
        }
        let max_doc = reader.max_doc();
        let mut offsets = Vec::with_capacity(max_doc as usize + 1);
        let mut values = Vec::new();
        offsets.push(0);
        for doc in 0..max_doc {
            for (i, column) in columns.iter().enumerate() {
                let (base, end) = (u64::from(bases[i]), u64::from(bases[i + 1]));
                let mut previous = u64::MAX;
                for ord in column.facet_ords(doc) {
                    if ord != previous && base + ord < end {
                        values.push((base + ord) as u32);
                    }
                    previous = ord;
                }
            }
            offsets.push(values.len() as u32);
        }
        Ok(SegmentFacets {
            id: reader.segment_id(),
            bases,
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

/// The value names of a set of segments under one numbering, with each segment's slots
/// mapped into it.
///
/// Why: the index has a segment per core, so every query sums counts across segments; by
/// name, that hashed every counted value's name per query (a twentieth of a full search).
/// Segments are immutable, so the mapping is built once per set of segments (a reader
/// generation) and summing is array addition.
pub struct MergedFacets {
    segments: Vec<SegmentId>,
    bases: Vec<u32>,
    names: Vec<String>,
    /// Per segment, in `segments` order: its slot → merged slot.
    slots: Vec<Vec<u32>>,
}

impl MergedFacets {
    fn build(tables: &[Arc<SegmentFacets>]) -> Self {
        let mut names: Vec<String> = Vec::new();
        let mut bases = vec![0u32];
        let mut slots: Vec<Vec<u32>> = tables.iter().map(|t| vec![0; t.names.len()]).collect();
        for facet in 0..FACETS.len() {
            let mut merged: HashMap<&str, u32> = HashMap::new();
            for (table, map) in tables.iter().zip(&mut slots) {
                let range = table.bases[facet] as usize..table.bases[facet + 1] as usize;
                for slot in range {
                    let name = table.names[slot].as_str();
                    map[slot] = *merged.entry(name).or_insert_with(|| {
                        names.push(name.to_string());
                        names.len() as u32 - 1
                    });
                }
            }
            bases.push(names.len() as u32);
        }
        MergedFacets {
            segments: tables.iter().map(|t| t.id).collect(),
            bases,
            names,
            slots,
        }
    }
}

/// The [`SegmentFacets`] of the segments seen so far (segments are immutable, so an entry
/// never goes stale; entries of merged-away segments are dropped by [`FacetTables::retain`]),
/// and the [`MergedFacets`] of the last set of segments searched.
#[derive(Default)]
pub struct FacetTables {
    tables: Mutex<HashMap<SegmentId, Arc<SegmentFacets>>>,
    merged: Mutex<Option<Arc<MergedFacets>>>,
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

    /// The merged numbering of these segments (in this order), built on first use.
    fn merged(&self, tables: &[Arc<SegmentFacets>]) -> Arc<MergedFacets> {
        let same = |m: &MergedFacets| m.segments.iter().eq(tables.iter().map(|t| &t.id));
        if let Some(m) = self.merged.lock().ok().and_then(|g| g.clone()) {
            if same(&m) {
                return m;
            }
        }
        let m = Arc::new(MergedFacets::build(tables));
        if let Ok(mut guard) = self.merged.lock() {
            *guard = Some(m.clone());
        }
        m
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

/// Per segment: its facet values and the counts by slot.
pub struct FacetSegmentCounter {
    table: Arc<SegmentFacets>,
    counts: Vec<u64>,
}

/// Counts by merged slot: names are looked up (and cloned) only for the values an answer
/// lists, not for every value counted.
pub struct FacetFruit {
    merged: Arc<MergedFacets>,
    counts: Vec<u64>,
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
        let counts = vec![0u64; table.names.len()];
        Ok(FacetSegmentCounter { table, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetSegmentCounter>) -> tantivy::Result<FacetFruit> {
        let tables: Vec<Arc<SegmentFacets>> = fruits.iter().map(|f| f.table.clone()).collect();
        let merged = self.tables.merged(&tables);
        let mut counts = vec![0u64; merged.names.len()];
        for (fruit, map) in fruits.iter().zip(&merged.slots) {
            for (&count, &slot) in fruit.counts.iter().zip(map) {
                counts[slot as usize] += count;
            }
        }
        Ok(FacetFruit { merged, counts })
    }
}

impl SegmentCollector for FacetSegmentCounter {
    type Fruit = FacetSegmentCounter;

    fn collect(&mut self, doc: DocId, _: Score) {
        let t = &self.table;
        let (Some(&from), Some(&to)) =
            (t.offsets.get(doc as usize), t.offsets.get(doc as usize + 1))
        else {
            return;
        };
        for &slot in &t.values[from as usize..to as usize] {
            if let Some(c) = self.counts.get_mut(slot as usize) {
                *c += 1;
            }
        }
    }

    fn harvest(self) -> FacetSegmentCounter {
        self
    }
}

/// The JSON shape: each facet's values, most frequent first (ties by value), at most 50.
pub fn to_answer(fruit: FacetFruit) -> BTreeMap<String, Vec<FacetCount>> {
    let order = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
    let merged = &fruit.merged;
    let mut out = BTreeMap::new();
    for (facet, name) in FACETS.iter().enumerate() {
        let range = merged.bases[facet] as usize..merged.bases[facet + 1] as usize;
        let mut values: Vec<(&str, u64)> = range
            .filter(|&slot| fruit.counts[slot] > 0 && !merged.names[slot].is_empty())
            .map(|slot| (merged.names[slot].as_str(), fruit.counts[slot]))
            .collect();
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

    /// A segment whose "agency" facet has these names, counted these many times.
    fn segment(names: &[&str], counts: &[u64]) -> FacetSegmentCounter {
        let n = names.len() as u32;
        let table = SegmentFacets {
            id: SegmentId::generate_random(),
            bases: vec![0, 0, n, n, n, n],
            names: names.iter().map(|n| n.to_string()).collect(),
            offsets: vec![0],
            values: Vec::new(),
        };
        FacetSegmentCounter {
            table: Arc::new(table),
            counts: counts.to_vec(),
        }
    }

    fn merge(segments: Vec<FacetSegmentCounter>) -> FacetFruit {
        let tables = FacetTables::default();
        let collector = FacetCountCollector { tables: &tables };
        collector.merge_fruits(segments).unwrap()
    }

    #[test]
    fn counts_of_segments_add_up_by_name_most_frequent_first() {
        let fruit = merge(vec![
            segment(&["Sở TN&MT", "UBND tỉnh", ""], &[1, 3, 9]),
            segment(&["Bộ TN&MT", "UBND tỉnh", "Sở TN&MT"], &[2, 2, 0]),
        ]);
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

    /// The merged numbering is built once per set of segments and rebuilt when the set
    /// changes (a new reader generation), with the counts of the new set.
    #[test]
    fn merged_names_are_kept_per_set_of_segments() {
        let tables = FacetTables::default();
        let collector = FacetCountCollector { tables: &tables };
        let a = segment(&["Sở TN&MT", "UBND tỉnh"], &[1, 1]);
        let b = segment(&["UBND tỉnh"], &[4]);
        let again = |s: &FacetSegmentCounter| FacetSegmentCounter {
            table: s.table.clone(),
            counts: s.counts.clone(),
        };
        let first = collector.merge_fruits(vec![again(&a), again(&b)]).unwrap();
        let second = collector.merge_fruits(vec![again(&a), again(&b)]).unwrap();
        assert!(Arc::ptr_eq(&first.merged, &second.merged));
        let other = collector.merge_fruits(vec![again(&b)]).unwrap();
        assert!(!Arc::ptr_eq(&first.merged, &other.merged));
        let agency = |f: FacetFruit| -> Vec<(String, u64)> {
            to_answer(f)["agency"]
                .iter()
                .map(|v| (v.value.clone(), v.count))
                .collect()
        };
        assert_eq!(agency(other), vec![("UBND tỉnh".to_string(), 4)]);
        assert_eq!(
            agency(second),
            vec![("UBND tỉnh".to_string(), 5), ("Sở TN&MT".to_string(), 1)]
        );
    }

    #[test]
    fn at_most_fifty_values_the_most_frequent() {
        let names: Vec<String> = (0..80).map(|i| format!("cơ quan {i:02}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let counts: Vec<u64> = (0..80).map(|i| i % 40 + 1).collect();
        let answer = to_answer(merge(vec![segment(&refs, &counts)]));
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
