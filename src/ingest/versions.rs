//! Latest version wins: which loaded rows of an ingest survive.
//!
//! Every loaded row is recorded as a 40-byte entry (ticket-id hash, content
//! hash, staged position, source file). Entries are appended to fixed-size
//! chunks while rows stream in, so the index never reallocates and costs a
//! flat 40 bytes per row. At the end they are sorted by id (a stable sort
//! keeps input order within an id) and collapsed: a later row of the same
//! ticket replaces the earlier one, and a row identical to the kept one is
//! dropped as unchanged. The survivors, sorted, are then matched against the
//! ids already in the store by binary search.
//!
//! Ids are compared by their xxh3-128 hash; two different ids colliding is
//! about as likely as 10^-25 for ten million tickets.

use std::collections::BTreeMap;

/// One loaded row of this ingest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Staged {
    /// xxh3-128 of the ticket id, as two words (8-byte alignment keeps the entry at 40 bytes).
    pub key: [u64; 2],
    /// Content hash of the row.
    pub hash: u64,
    /// Staged file index and row within it.
    pub file: u32,
    pub row: u32,
    /// Index of the input file's report.
    pub report: u32,
}

/// The key of a ticket id.
pub fn key(ticket_id: &str) -> [u64; 2] {
    let h = xxhash_rust::xxh3::xxh3_128(ticket_id.as_bytes());
    [(h >> 64) as u64, h as u64]
}

const CHUNK: usize = 1 << 18;

/// Rows loaded so far, in input order.
#[derive(Default)]
pub struct StagedIndex {
    chunks: Vec<Vec<Staged>>,
    len: usize,
}

/// Per input file: rows that replaced an earlier version, rows unchanged.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Counts {
    pub replaced: u64,
    pub unchanged: u64,
}

impl StagedIndex {
    /// Records a loaded row.
    pub fn push(&mut self, s: Staged) {
        if self.chunks.last().is_none_or(|c| c.len() == CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        self.chunks.last_mut().expect("pushed above").push(s);
        self.len += 1;
    }

    /// Collapses versions within the ingest. Returns the surviving rows,
    /// sorted by key; the rows to drop are added to `drops` (staged file →
    /// rows) and counted in `counts` (by report index).
    pub fn resolve(
        self,
        drops: &mut BTreeMap<u32, Vec<u32>>,
        counts: &mut [Counts],
    ) -> Vec<Staged> {
        let mut all = Vec::with_capacity(self.len);
        for chunk in self.chunks {
            all.extend(chunk);
        }
        all.sort_by_key(|s| s.key);
        all.dedup_by(|later, kept| {
            if later.key != kept.key {
                return false;
            }
            if later.hash == kept.hash {
                // The same content again: keep the first copy.
                drops.entry(later.file).or_default().push(later.row);
                counts[later.report as usize].unchanged += 1;
            } else {
                drops.entry(kept.file).or_default().push(kept.row);
                counts[later.report as usize].replaced += 1;
                *kept = *later;
            }
            true
        });
        all
    }
}

/// Finds the surviving row of a ticket id among `resolved` (sorted by key).
pub fn find<'a>(resolved: &'a [Staged], ticket_id: &str) -> Option<&'a Staged> {
    let k = key(ticket_id);
    resolved
        .binary_search_by_key(&k, |s| s.key)
        .ok()
        .map(|i| &resolved[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(id: &str, hash: u64, file: u32, row: u32, report: u32) -> Staged {
        Staged {
            key: key(id),
            hash,
            file,
            row,
            report,
        }
    }

    #[test]
    fn later_versions_win_and_repeats_are_unchanged() {
        assert_eq!(std::mem::size_of::<Staged>(), 40);
        let mut idx = StagedIndex::default();
        idx.push(s("A", 1, 0, 0, 0));
        idx.push(s("B", 5, 0, 1, 0));
        idx.push(s("A", 2, 0, 2, 0)); // new version of A
        idx.push(s("B", 5, 1, 0, 1)); // B again, same content
        idx.push(s("A", 3, 1, 1, 1)); // newer still
        let mut drops = BTreeMap::new();
        let mut counts = vec![Counts::default(); 2];
        let kept = idx.resolve(&mut drops, &mut counts);
        assert_eq!(kept.len(), 2);
        assert_eq!(find(&kept, "A").map(|x| (x.file, x.row)), Some((1, 1)));
        assert_eq!(find(&kept, "B").map(|x| (x.file, x.row)), Some((0, 1)));
        assert_eq!(find(&kept, "C"), None);
        assert_eq!(drops[&0], vec![0, 2]);
        assert_eq!(drops[&1], vec![0]);
        assert_eq!(
            counts[0],
            Counts {
                replaced: 1,
                unchanged: 0
            }
        );
        assert_eq!(
            counts[1],
            Counts {
                replaced: 1,
                unchanged: 1
            }
        );
    }
}
