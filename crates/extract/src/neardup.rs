//! Near-duplicate clusters: the same story reported by several portals.
//!
//! Whole-body SimHash finds copies, but not a portal that reprints half of another's article
//! with its own lead (seeds 000 and 001: 53% of the shorter one's shingles are in the longer one,
//! Jaccard only 0.23, SimHash 32 bits apart). So clustering also measures *containment* on a
//! consistent sample of 5-syllable shingles: every shingle whose hash is 0 mod [`SAMPLE_MOD`] is
//! kept (Broder's mod-m sampling), so two texts sample their shared passages identically, and
//! |A∩B| / min(|A|,|B|) on the samples estimates the share of the shorter text found in the other.
//!
//! Candidates come from an inverted index over sampled hashes, not from all pairs; a hash shared
//! by more than [`MAX_POSTING`] documents is a stock phrase and is not followed.

use std::collections::HashMap;

/// Maps keyed by shingle hashes and document numbers: foldhash, not std's SipHash, which was
/// half of the (sequential) cluster assignment at ingest. The keys come from the documents
/// being indexed, not from users.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

use crate::document::Document;
use crate::simhash::{self, distance};

/// Syllables per containment shingle: long enough that stock phrases rarely match.
pub const SHINGLE: usize = 5;
/// One shingle in `SAMPLE_MOD` is sampled.
pub const SAMPLE_MOD: u64 = 8;
/// Largest sample kept per document (long legal texts): the smallest hashes, still consistent.
pub const MAX_SAMPLE: usize = 512;
/// Sampled shingles two documents must share.
pub const MIN_SHARED: usize = 5;
/// Share of the shorter document's sample found in the other.
pub const MIN_CONTAINMENT: f64 = 0.4;
/// Postings longer than this are stock phrases: not followed.
pub const MAX_POSTING: usize = 64;
/// SimHash distance that still counts as a copy (for texts too short to sample).
pub const COPY_DISTANCE: u32 = 3;

/// The consistent sample of a body's shingle hashes, sorted and distinct.
pub fn sample(body: &str) -> Vec<u64> {
    // Slices of one folded text: ingest samples every body, so no String per syllable.
    let folded = tracuu_text::fold(body);
    // Each syllable hashed once, then combined per shingle: hashing the shingles' bytes hashed
    // every byte five times.
    let syllables: Vec<u64> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|s| !s.is_empty())
        .map(simhash::hash_syllable)
        .collect();
    let mut out: Vec<u64> = syllables
        .windows(SHINGLE)
        .map(simhash::combine)
        .filter(|h| h % SAMPLE_MOD == 0)
        .collect();
    out.sort_unstable();
    out.dedup();
    out.truncate(MAX_SAMPLE);
    out
}

/// Size of the intersection of two sorted lists.
fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Containment of the shorter sample in the longer one, with the shared count.
pub fn containment(a: &[u64], b: &[u64]) -> (f64, usize) {
    let n = shared(a, b);
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return (0.0, 0);
    }
    (n as f64 / smaller as f64, n)
}

/// Incremental near-duplicate clustering: each document joins the cluster of its best match
/// among the documents added before it whose cluster's first document it also matches (or
/// starts a cluster): every member is a near-duplicate of the first, so no chain of partial
/// reprints links stories that share nothing. Order-dependent by design, so an
/// index can assign a cluster at ingest time and never rewrite it.
#[derive(Default)]
pub struct NearDuplicates {
    fingerprints: Vec<u64>,
    samples: Vec<Vec<u64>>,
    postings: FastMap<u64, Vec<u32>>,
    /// SimHash bands (4 × 16 bits) for copies of texts too short to sample.
    bands: [FastMap<u16, Vec<u32>>; 4],
    parent: Vec<u32>,
}

impl NearDuplicates {
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&mut self, mut i: u32) -> u32 {
        while self.parent[i as usize] != i {
            let p = self.parent[i as usize];
            self.parent[i as usize] = self.parent[p as usize];
            i = p;
        }
        i
    }

    /// Adds a document (its SimHash and body); returns its index.
    pub fn add(&mut self, fingerprint: u64, body: &str) -> usize {
        self.add_sample(fingerprint, sample(body))
    }

    /// Adds a document by its SimHash and its [`sample`], computed beforehand: sampling is the
    /// costly part and needs no shared state, so an indexer runs it on worker threads and keeps
    /// only the (ordered) assignment on one thread. Returns the document's index.
    pub fn add_sample(&mut self, fingerprint: u64, mine: Vec<u64>) -> usize {
        let idx = self.fingerprints.len() as u32;
        self.parent.push(idx);
        // Containment candidates.
        let mut counts: FastMap<u32, usize> = FastMap::default();
        for h in &mine {
            if let Some(list) = self.postings.get(h) {
                if list.len() <= MAX_POSTING {
                    for &other in list {
                        *counts.entry(other).or_default() += 1;
                    }
                }
            }
        }
        // Matches best first. A new document joins one existing cluster and never bridges two
        // (single-link union over all matches chained a season of weather forecasts into one
        // 90-document cluster on the baomoi corpus).
        let mut matches: Vec<(f64, u32)> = Vec::new();
        for (other, n) in counts {
            if n < MIN_SHARED {
                continue;
            }
            let (c, n) = containment(&mine, &self.samples[other as usize]);
            if n >= MIN_SHARED && c >= MIN_CONTAINMENT {
                matches.push((c, other));
            }
        }
        // SimHash copies (texts too short to sample well).
        if fingerprint != 0 {
            for (band, map) in self.bands.iter().enumerate() {
                let key = (fingerprint >> (band * 16)) as u16;
                if let Some(list) = map.get(&key) {
                    for &other in list.iter().take(MAX_POSTING) {
                        let fp = self.fingerprints[other as usize];
                        if distance(fp, fingerprint) <= COPY_DISTANCE {
                            matches.push((1.0, other));
                        }
                    }
                }
            }
        }
        matches.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // The cluster of the best match whose root the document also matches: joining through
        // any member chained stories that share nothing (A reprints half of B, C the other
        // half of B: C is not A's story), 20 different news about one school under one hit.
        for (_, other) in matches {
            let root = self.find(other);
            if root == other || self.is_near_duplicate(root, fingerprint, &mine) {
                self.parent[idx as usize] = root;
                break;
            }
        }
        for h in &mine {
            self.postings.entry(*h).or_default().push(idx);
        }
        for (band, map) in self.bands.iter_mut().enumerate() {
            map.entry((fingerprint >> (band * 16)) as u16)
                .or_default()
                .push(idx);
        }
        self.fingerprints.push(fingerprint);
        self.samples.push(mine);
        idx as usize
    }

    /// Whether a document (its SimHash and sample) is a near-duplicate of document `other`.
    fn is_near_duplicate(&self, other: u32, fingerprint: u64, mine: &[u64]) -> bool {
        let (c, n) = containment(mine, &self.samples[other as usize]);
        let theirs = self.fingerprints[other as usize];
        (n >= MIN_SHARED && c >= MIN_CONTAINMENT)
            || (fingerprint != 0 && theirs != 0 && distance(theirs, fingerprint) <= COPY_DISTANCE)
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }

    /// Cluster id of every document added, in order: the smallest SimHash of the cluster.
    pub fn cluster_ids(&mut self) -> Vec<u64> {
        let n = self.fingerprints.len() as u32;
        let roots: Vec<u32> = (0..n).map(|i| self.find(i)).collect();
        let mut smallest: HashMap<u32, u64> = HashMap::new();
        for (i, root) in roots.iter().enumerate() {
            let fp = self.fingerprints[i];
            smallest
                .entry(*root)
                .and_modify(|m| *m = (*m).min(fp))
                .or_insert(fp);
        }
        roots.iter().map(|r| smallest[r]).collect()
    }

    /// The index of each document's cluster representative (smallest index), for reports.
    pub fn roots(&mut self) -> Vec<usize> {
        let n = self.fingerprints.len() as u32;
        (0..n).map(|i| self.find(i) as usize).collect()
    }
}

/// Cluster ids of a batch of documents (see [`NearDuplicates`]).
pub fn cluster_documents(docs: &[&Document]) -> Vec<u64> {
    let mut nd = NearDuplicates::new();
    for d in docs {
        nd.add(d.fingerprint, &d.body());
    }
    nd.cluster_ids()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Sở Tài nguyên và Môi trường tăng cường quản lý về khai thác tài nguyên khoáng sản, tài nguyên nước, bảo vệ môi trường, đa dạng sinh học; thường xuyên giám sát, kiểm soát các cơ sở có nguy cơ gây ô nhiễm môi trường, kiên quyết ngăn chặn những điểm nóng về môi trường; quản lý chất thải, kiểm soát ô nhiễm môi trường; xử lý nghiêm các hành vi vi phạm về khai thác tài nguyên, bảo vệ môi trường theo quy định.";
    const B: &str = "Hội nghị tổng kết công tác năm của ngành giáo dục tỉnh diễn ra sáng nay với sự tham dự của lãnh đạo các trường học trên địa bàn, các đại biểu đã thảo luận về chương trình sách giáo khoa mới, việc tuyển dụng giáo viên, xây dựng trường chuẩn quốc gia và kế hoạch thi tốt nghiệp trung học phổ thông của năm tới.";

    #[test]
    fn containment_merges_a_reprint_inside_a_longer_story() {
        let longer = format!("{B} {A}");
        let mut nd = NearDuplicates::new();
        nd.add(simhash::fingerprint(A), A);
        nd.add(simhash::fingerprint(&longer), &longer);
        nd.add(simhash::fingerprint(B), B);
        nd.add(
            simhash::fingerprint(A),
            &format!("Tin từ cổng thông tin tỉnh. {A}"),
        );
        let ids = nd.cluster_ids();
        assert_eq!(ids[0], ids[1], "reprint");
        assert_eq!(ids[0], ids[3], "a copy with its own lead");
        // B is inside `longer` too, but not in A, the story `longer` was grouped under: B is
        // another story and stays a hit of its own (joining through any member chained 20
        // different news about one school into one hit).
        assert_ne!(ids[1], ids[2], "no chain through a member");
        let mut nd = NearDuplicates::new();
        nd.add(simhash::fingerprint(A), A);
        nd.add(simhash::fingerprint(B), B);
        let ids = nd.cluster_ids();
        assert_ne!(ids[0], ids[1], "unrelated");
    }

    #[test]
    fn samples_are_consistent() {
        let s = sample(A);
        assert!(!s.is_empty());
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        let (c, n) = containment(&s, &sample(&format!("{B} {A}")));
        assert_eq!(c, 1.0);
        assert_eq!(n, s.len());
    }
}
