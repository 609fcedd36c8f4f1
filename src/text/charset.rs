//! A set of characters of the Basic Multilingual Plane as a bitmap (8 KB):
//! one load and a mask per test, where a hash set costs a hash and a probe.
//!
//! The text stage tests most characters of every ticket against a few small
//! sets (the last characters of place suffixes and learned names, the first
//! characters of boilerplate phrases), so the test must cost next to nothing.

/// A set of BMP characters.
#[derive(Clone)]
pub struct CharSet {
    bits: Box<[u64; 1024]>,
}

impl Default for CharSet {
    fn default() -> CharSet {
        CharSet {
            bits: Box::new([0; 1024]),
        }
    }
}

impl CharSet {
    /// Adds `c` (characters outside the BMP are not kept: callers that may
    /// meet one test it another way).
    pub fn insert(&mut self, c: char) {
        let c = c as usize;
        if c < 0x10000 {
            self.bits[c >> 6] |= 1 << (c & 63);
        }
    }

    /// True when `c` was added; false for characters outside the BMP.
    pub fn contains(&self, c: char) -> bool {
        self.contains_code(c as u32)
    }

    /// [`CharSet::contains`] for a code point decoded by the caller.
    #[inline]
    pub fn contains_code(&self, c: u32) -> bool {
        let c = c as usize;
        c < 0x10000 && self.bits[c >> 6] & (1 << (c & 63)) != 0
    }
}

impl FromIterator<char> for CharSet {
    fn from_iter<I: IntoIterator<Item = char>>(chars: I) -> CharSet {
        let mut set = CharSet::default();
        for c in chars {
            set.insert(c);
        }
        set
    }
}

/// The code point of the three-byte UTF-8 sequence at `b[i..i + 3]` (lead
/// byte E0–EF: U+0800–U+FFFF, which holds the CJK ideographs).
#[inline]
pub fn code3(b: &[u8], i: usize) -> u32 {
    (u32::from(b[i] & 0x0F) << 12) | (u32::from(b[i + 1] & 0x3F) << 6) | u32::from(b[i + 2] & 0x3F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_was_added() {
        let mut s = CharSet::default();
        for c in ['园', 'a', '\u{FFFF}', '𠀀'] {
            s.insert(c);
        }
        assert!(s.contains('园') && s.contains('a') && s.contains('\u{FFFF}'));
        assert!(!s.contains('区') && !s.contains('b') && !s.contains('𠀀'));
        let b = "市民".as_bytes();
        assert_eq!(code3(b, 0), '市' as u32);
        assert_eq!(code3(b, 3), '民' as u32);
    }
}
