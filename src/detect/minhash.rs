//! MinHash signatures and LSH banding: finding near-duplicate texts without
//! comparing every pair.
//!
//! The Jaccard similarity of two shingle sets equals the probability that a
//! random permutation gives both the same minimum (Broder, "On the
//! resemblance and containment of documents", SEQUENCES 1997). A signature
//! of `n` minima is cut into `b` bands of `r` rows; two texts whose
//! signatures agree on a whole band become a candidate pair, which happens
//! with probability 1 − (1 − s^r)^b for similarity s: an S-curve with its
//! threshold near (1/b)^(1/r) (Leskovec, Rajaraman, Ullman, *Mining of
//! Massive Datasets*, ch. 3). Candidates are then verified with the exact
//! Jaccard of their shingle sets.
//!
//! Shingles are runs of `k` characters of the text with punctuation, digits
//! and masked digits removed, so 3栋 and 5栋 or two phone numbers do not make
//! texts differ. The permutations are universal hash functions
//! `a·h + b` over the 64-bit xxh3 hash of a shingle (odd `a`, wrapping).

use xxhash_rust::xxh3::xxh3_64;

/// The hashed `k`-character shingles of `text`, sorted and unique.
pub fn shingles(text: &str, k: usize) -> Vec<u64> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphabetic() && !c.is_ascii_digit())
        .collect();
    let mut out: Vec<u64> = if chars.len() < k {
        if chars.is_empty() {
            Vec::new()
        } else {
            vec![xxh3_64(chars.iter().collect::<String>().as_bytes())]
        }
    } else {
        chars
            .windows(k)
            .map(|w| {
                let mut buf = [0u8; 64];
                let mut n = 0;
                for c in w {
                    n += c.encode_utf8(&mut buf[n..]).len();
                }
                xxh3_64(&buf[..n])
            })
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Exact Jaccard similarity of two sorted, unique sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// `bands × rows` hash functions, fixed by a seed.
pub struct MinHasher {
    coef: Vec<(u64, u64)>,
    pub bands: usize,
    pub rows: usize,
}

impl MinHasher {
    /// A hasher with `bands` bands of `rows` rows.
    pub fn new(bands: usize, rows: usize, seed: u64) -> MinHasher {
        let mut state = seed;
        let mut next = || {
            // splitmix64
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let coef = (0..bands * rows).map(|_| (next() | 1, next())).collect();
        MinHasher { coef, bands, rows }
    }

    /// The band keys of a shingle set: one hash per band, tagged with the band.
    pub fn band_keys(&self, shingles: &[u64]) -> Vec<u64> {
        if shingles.is_empty() {
            return Vec::new();
        }
        let sig: Vec<u64> = self
            .coef
            .iter()
            .map(|&(a, b)| {
                shingles
                    .iter()
                    .map(|&h| a.wrapping_mul(h).wrapping_add(b))
                    .min()
                    .expect("non-empty")
            })
            .collect();
        sig.chunks(self.rows)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = Vec::with_capacity(8 * (rows.len() + 1));
                bytes.extend_from_slice(&(band as u64).to_le_bytes());
                for r in rows {
                    bytes.extend_from_slice(&r.to_le_bytes());
                }
                xxh3_64(&bytes)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_ignore_digits_and_punctuation() {
        assert_eq!(
            shingles("阳光花园3栋电梯坏了。", 3),
            shingles("阳光花园5栋，电梯坏了", 3)
        );
        assert_eq!(shingles("电梯", 3).len(), 1);
        assert!(shingles("123，。", 3).is_empty());
    }

    #[test]
    fn near_duplicates_share_a_band_and_strangers_do_not() {
        let h = MinHasher::new(16, 4, 7);
        let a = shingles(
            "海棠湾3栋电梯这个月已经坏了五次，昨天还困住了老人，物业只是简单修一下。",
            3,
        );
        let b = shingles(
            "海棠湾3栋电梯这个月已经坏了五次，昨天还困住了老人，物业只是修一下。",
            3,
        );
        let c = shingles("人民路人行道地砖松动破损，老人差点绊倒。", 3);
        assert!(jaccard(&a, &b) > 0.8);
        assert!(jaccard(&a, &c) < 0.1);
        let (ka, kb, kc) = (h.band_keys(&a), h.band_keys(&b), h.band_keys(&c));
        assert!(ka.iter().zip(&kb).any(|(x, y)| x == y));
        assert!(!ka.iter().zip(&kc).any(|(x, y)| x == y));
        assert_eq!(jaccard(&a, &a), 1.0);
    }
}
