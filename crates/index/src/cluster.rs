//! Near-duplicate cluster ids, assigned once at ingest and stored as a fast field.
//!
//! The same story reprinted by two portals (seeds 000 and 001) is 32 SimHash bits apart, so a
//! query-time "fingerprint within 3 bits" test never grouped them. The extraction crate's
//! [`NearDuplicates`] measures shingle containment instead; it is incremental and
//! order-dependent by design: a new document joins the cluster of its best match among the
//! documents before it (one whose cluster's root it matches too) and never re-links older ones. That makes an ingest-time id stable:
//! a document that starts a cluster gets an id of its own (a hash of its document id), a
//! document joining one takes the id already stored for that cluster's root, and nothing
//! written earlier ever has to change. Query time then only compares two `u64`s.
//!
//! The clustering state (a sample of each body's shingles) lives in memory while the index is
//! written. For an index that already holds documents it is rebuilt, on the first ingest of the
//! process, from the stored documents and their stored ids.

use tantivy::columnar::Column;
use tantivy::SegmentReader;
use tracuu_extract::{Document, NearDuplicates};

/// The cluster-id column of a segment (`None` for an index written before it existed).
pub fn column(segment: &SegmentReader) -> Option<Column<u64>> {
    segment.fast_fields().u64("cluster").ok()
}

/// FNV-1a of a document id: the id of the cluster the document starts. Written by hand because
/// the value is persisted and std's hasher is not guaranteed stable across Rust releases.
pub fn own_cluster_id(doc_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in doc_id.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h.max(1) // 0 means "no cluster" (a document written before cluster ids existed)
}

/// The clustering state of one index.
#[derive(Default)]
pub struct Clusters {
    near: NearDuplicates,
    /// Cluster id of every document added to `near`, by its index there.
    cluster_of: Vec<u64>,
    /// Whether the documents already in the index have been added.
    pub loaded: bool,
}

impl Clusters {
    /// Adds a document already in the index, with its stored cluster id.
    pub fn add_existing(&mut self, doc: &Document, cluster: u64) {
        self.near.add(doc.fingerprint, &doc.body());
        let id = if cluster == 0 {
            own_cluster_id(&doc.id)
        } else {
            cluster
        };
        self.cluster_of.push(id);
    }

    /// Assigns the cluster id of each new document, given as (id, SimHash, shingle sample), in
    /// order (a later document of the batch may join an earlier one's cluster). The samples are
    /// computed beforehand, on worker threads (see [`tracuu_extract::neardup::sample`]).
    pub fn assign(&mut self, docs: Vec<(&str, u64, Vec<u64>)>) -> Vec<u64> {
        let first = self.cluster_of.len();
        let ids: Vec<&str> = docs.iter().map(|d| d.0).collect();
        for (_, fingerprint, sample) in docs {
            self.near.add_sample(fingerprint, sample);
        }
        // Roots of old documents never change and a root precedes its members, so one pass in
        // order resolves every new document.
        let roots = self.near.roots();
        for (offset, doc_id) in ids.into_iter().enumerate() {
            let idx = first + offset;
            let root = roots.get(idx).copied().unwrap_or(idx);
            let id = if root < idx {
                self.cluster_of
                    .get(root)
                    .copied()
                    .unwrap_or_else(|| own_cluster_id(doc_id))
            } else {
                own_cluster_id(doc_id)
            };
            self.cluster_of.push(id);
        }
        self.cluster_of[first..].to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Sở Tài nguyên và Môi trường tăng cường quản lý về khai thác tài nguyên khoáng sản, tài nguyên nước, bảo vệ môi trường, đa dạng sinh học; thường xuyên giám sát, kiểm soát các cơ sở có nguy cơ gây ô nhiễm môi trường, kiên quyết ngăn chặn những điểm nóng về môi trường; quản lý chất thải, kiểm soát ô nhiễm môi trường; xử lý nghiêm các hành vi vi phạm về khai thác tài nguyên, bảo vệ môi trường theo quy định.";
    const OTHER: &str = "Hội nghị tổng kết công tác năm của ngành giáo dục tỉnh diễn ra sáng nay với sự tham dự của lãnh đạo các trường học trên địa bàn, các đại biểu đã thảo luận về chương trình sách giáo khoa mới, việc tuyển dụng giáo viên, xây dựng trường chuẩn quốc gia và kế hoạch thi tốt nghiệp trung học phổ thông của năm tới.";

    fn assign(clusters: &mut Clusters, docs: &[&Document]) -> Vec<u64> {
        let sampled = docs
            .iter()
            .map(|d| {
                let sample = tracuu_extract::neardup::sample(&d.body());
                (d.id.as_str(), d.fingerprint, sample)
            })
            .collect();
        clusters.assign(sampled)
    }

    fn doc(id: &str, body: &str) -> Document {
        let mut d = Document::new(id.to_string(), String::new());
        d.paragraphs = vec![body.to_string()];
        d.fingerprint = tracuu_extract::fingerprint(body);
        d
    }

    #[test]
    fn a_copy_joins_the_cluster_stored_for_its_original_across_batches() {
        let mut clusters = Clusters::default();
        let a = doc("a", STORY);
        let b = doc("b", OTHER);
        let first = assign(&mut clusters, &[&a, &b]);
        assert_eq!(first, vec![own_cluster_id("a"), own_cluster_id("b")]);
        let copy = doc("a-copy", &format!("Tin từ cổng thông tin tỉnh. {STORY}"));
        assert_eq!(assign(&mut clusters, &[&copy]), vec![own_cluster_id("a")]);

        // Rebuilt from stored ids (a new process), the same answer.
        let mut reopened = Clusters::default();
        reopened.add_existing(&a, first[0]);
        reopened.add_existing(&b, first[1]);
        assert_eq!(assign(&mut reopened, &[&copy]), vec![own_cluster_id("a")]);
    }

    #[test]
    fn ids_are_never_zero_and_differ_by_document() {
        assert_ne!(own_cluster_id(""), 0);
        assert_ne!(own_cluster_id("000"), own_cluster_id("001"));
    }
}
