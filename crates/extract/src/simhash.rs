//! Near-duplicate detection: a 64-bit SimHash of a body, and clustering of fingerprints.
//!
//! The same directive is reported by several portals with light edits (seeds 000 and 001).
//! SimHash (Charikar 2002) maps similar shingle sets to fingerprints a few bits apart, so
//! one `u64` per document is enough to store in the index and to cluster.
//!
//! Shingles are three consecutive syllables of the folded body (no diacritics, lowercase), so
//! that a portal that drops tone marks or changes case still lands close.

use std::collections::HashMap;

/// Syllables per shingle.
pub const SHINGLE: usize = 3;

/// Largest Hamming distance at which two fingerprints count as copies in [`cluster_ids`].
/// Whole-body SimHash only finds copies and light edits: on the baomoi corpus k = 6 merges 162
/// of 35,440 news, while reprints with their own lead stay 15–30 bits apart (seeds 000/001: 32).
/// For story clusters use [`crate::NearDuplicates`], which adds sampled-shingle containment.
pub const DEFAULT_MAX_DISTANCE: u32 = 6;

const FNV_OFFSET: u64 = 0xcbf29ce484222325;
const FNV_PRIME: u64 = 0x100000001b3;

/// FNV-1a over bytes, then the splitmix64 finaliser so that every output bit depends on every
/// input bit (plain FNV leaves the high bits of short inputs poorly mixed, which biases SimHash).
pub(crate) fn hash_shingle(parts: &[&str]) -> u64 {
    let mut hash = FNV_OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hash = fnv(hash, b" ");
        }
        hash = fnv(hash, part.as_bytes());
    }
    mix(hash)
}

/// One syllable's hash (FNV-1a and the finaliser), for [`combine`].
pub(crate) fn hash_syllable(syllable: &str) -> u64 {
    mix(fnv(FNV_OFFSET, syllable.as_bytes()))
}

/// The hash of a run of syllables from their [`hash_syllable`]s, order-sensitive: each
/// syllable is hashed once, not once per shingle it is in.
pub(crate) fn combine(syllables: &[u64]) -> u64 {
    let mut hash = FNV_OFFSET;
    for &s in syllables {
        hash = (hash.rotate_left(23) ^ s).wrapping_mul(0x9e3779b97f4a7c15);
    }
    mix(hash)
}

fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// The splitmix64 finaliser.
fn mix(hash: u64) -> u64 {
    let mut z = hash.wrapping_add(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}

/// The syllables of a text after folding: runs of letters and digits.
pub fn syllables(text: &str) -> Vec<String> {
    let folded = tracuu_text::fold(text);
    split_syllables(&folded).map(str::to_owned).collect()
}

/// The runs of letters and digits of a folded text.
fn split_syllables(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|s| !s.is_empty())
}

/// The SimHash of a body: 0 for a body without any syllable.
///
/// The syllables are slices of one folded copy of the body, not a `String` each, and each
/// shingle's hash adds ±1 to every bit's weight without a branch: this was a tenth of the CPU
/// of `tracuu index` over the news corpus. The values are those of [`syllables`] hashed
/// shingle by shingle (a test compares them), so fingerprints stored by older builds still
/// compare.
pub fn fingerprint(body: &str) -> u64 {
    let folded = tracuu_text::fold(body);
    let words: Vec<&str> = split_syllables(&folded).collect();
    if words.is_empty() {
        return 0;
    }
    let mut weights = [0i64; 64];
    let mut add = |h: u64| {
        for (bit, w) in weights.iter_mut().enumerate() {
            *w += ((h >> bit) & 1) as i64 * 2 - 1;
        }
    };
    if words.len() < SHINGLE {
        add(hash_shingle(&words));
    } else {
        for window in words.windows(SHINGLE) {
            add(hash_shingle(window));
        }
    }
    let mut out = 0u64;
    for (bit, w) in weights.iter().enumerate() {
        if *w > 0 {
            out |= 1 << bit;
        }
    }
    // 0 is reserved for "no text"; a real body hashing to 0 is astronomically rare but moved.
    if out == 0 {
        1
    } else {
        out
    }
}

/// Number of differing bits.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Union-find over indices, with path halving.
struct Clusters {
    parent: Vec<usize>,
}

impl Clusters {
    fn new(n: usize) -> Self {
        Clusters {
            parent: (0..n).collect(),
        }
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// Assigns a cluster id to each fingerprint: fingerprints within `max_distance` bits of each
/// other (transitively) share one id, the smallest fingerprint of the cluster, so the id does not
/// depend on input order.
///
/// Not O(n²): by the pigeonhole principle two fingerprints at most `k` bits apart agree exactly on
/// at least one of `k + 1` disjoint bands of bits, so only fingerprints sharing a band value are
/// compared. Identical fingerprints are merged first so a flood of exact copies costs nothing.
pub fn cluster_ids_within(fingerprints: &[u64], max_distance: u32) -> Vec<u64> {
    // Distinct values, and which inputs hold each.
    let mut distinct: Vec<u64> = fingerprints.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let mut sets = Clusters::new(distinct.len());
    let bands = (max_distance as usize + 1).min(64);
    let mut start = 0usize;
    for band in 0..bands {
        // Bands as equal as 64 bits allow.
        let width = 64 / bands + usize::from(band < 64 % bands);
        let mask = if width == 64 {
            u64::MAX
        } else {
            (1u64 << width) - 1
        };
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, fp) in distinct.iter().enumerate() {
            buckets.entry(fp >> start & mask).or_default().push(i);
        }
        for members in buckets.values() {
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    if distance(distinct[a], distinct[b]) <= max_distance {
                        sets.union(a, b);
                    }
                }
            }
        }
        start += width;
    }
    // The root of each set is its smallest index, so its smallest fingerprint (sorted input).
    let ids: Vec<u64> = (0..distinct.len())
        .map(|i| distinct[sets.find(i)])
        .collect();
    fingerprints
        .iter()
        .map(|fp| {
            let at = distinct.binary_search(fp).unwrap_or(0);
            ids.get(at).copied().unwrap_or(*fp)
        })
        .collect()
}

/// [`cluster_ids_within`] at [`DEFAULT_MAX_DISTANCE`]: what the index stores as `cluster`.
pub fn cluster_ids(fingerprints: &[u64]) -> Vec<u64> {
    cluster_ids_within(fingerprints, DEFAULT_MAX_DISTANCE)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fingerprint as first written (a `String` per syllable, a branch per bit): stored
    /// fingerprints were computed so, and must still compare with new ones.
    fn first_fingerprint(body: &str) -> u64 {
        let words = syllables(body);
        if words.is_empty() {
            return 0;
        }
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut weights = [0i64; 64];
        let mut add = |h: u64| {
            for (bit, w) in weights.iter_mut().enumerate() {
                if h >> bit & 1 == 1 {
                    *w += 1;
                } else {
                    *w -= 1;
                }
            }
        };
        if refs.len() < SHINGLE {
            add(hash_shingle(&refs));
        } else {
            for window in refs.windows(SHINGLE) {
                add(hash_shingle(window));
            }
        }
        let out = (0..64).fold(0u64, |out, bit| out | u64::from(weights[bit] > 0) << bit);
        out.max(1)
    }

    #[test]
    fn fingerprints_equal_the_first_implementation_on_the_seeds() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
        let mut texts: Vec<String> = std::fs::read_dir(&seeds)
            .expect("corpus/seeds")
            .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("seed"))
            .collect();
        assert!(texts.len() >= 5, "{}", seeds.display());
        texts.extend(["a", "a b", "Sở TN&MT", "1414/UBND-KT ngày 24/11/2022"].map(String::from));
        for text in &texts {
            assert_eq!(fingerprint(text), first_fingerprint(text), "{:.60}", text);
        }
        assert_eq!(fingerprint("  ,.; "), 0);
    }

    #[test]
    fn identical_text_same_fingerprint_and_folding_ignored() {
        let a = fingerprint("Sở Tài nguyên và Môi trường tăng cường quản lý khoáng sản");
        let b = fingerprint("SO TAI NGUYEN VA MOI TRUONG tang cuong quan ly khoang san");
        assert_eq!(a, b);
        assert_eq!(fingerprint("  ,.; "), 0);
        assert_ne!(fingerprint("a"), 0);
    }

    #[test]
    fn clustering_is_transitive_order_free_and_banded() {
        let base = 0xF0F0_1234_5678_9ABCu64;
        let near = base ^ 0b101; // 2 bits
        let nearer = near ^ (1 << 40); // 3 bits from base, 1 from near
        let far = !base;
        let ids = cluster_ids_within(&[far, nearer, base, near], 2);
        assert_eq!(ids[1], ids[2]);
        assert_eq!(ids[2], ids[3]);
        assert_ne!(ids[0], ids[2]);
        assert_eq!(ids[2], base.min(near).min(nearer));
        // Same answer whatever the order.
        let ids2 = cluster_ids_within(&[near, base, far, nearer], 2);
        assert_eq!(ids2[0], ids[2]);
        assert_eq!(ids2[2], far);
    }

    #[test]
    fn brute_force_agrees_with_bands() {
        // Pseudo-random fingerprints with planted near pairs.
        let mut x = 0x1234_5678u64;
        let mut fps = Vec::new();
        for i in 0..400 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            fps.push(x);
            if i % 5 == 0 {
                fps.push(x ^ (1 << (i % 64)) ^ (1 << ((i * 7) % 64)));
            }
        }
        let ids = cluster_ids_within(&fps, 3);
        for (i, a) in fps.iter().enumerate() {
            for (j, b) in fps.iter().enumerate() {
                if distance(*a, *b) <= 3 {
                    assert_eq!(ids[i], ids[j], "{i} {j}");
                }
            }
        }
    }
}
