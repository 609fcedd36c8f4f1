//! Parts of speech as far as place finding cares: jieba's tags folded into
//! five kinds ([`Pos`]), the corrections of `dict/pos-fixes.txt`, and the
//! cache of answers every worker shares. The segmenter works a word's
//! kind out ([`super::segment::Segmenter::pos`]); the place finder reads it.

use super::dicts;

/// A word's part of speech, as far as place names care (jieba's tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// A verb or adverb (送往, 回乡, 定居, 真正), not a verbal noun
    /// ([`Pos::Action`]), a four-character idiom (走投无路), or an adjectival noun (困难):
    /// neither a place nor part of one's name. [`dicts::POS_FIXES`] also puts
    /// here qualities and kinds that never name (老旧, 国道).
    Verb,
    /// A numeral with its measure word (一家, 几十个; 第一 is not), a
    /// pronoun, position word, descriptive word (小小的), preposition,
    /// conjunction, particle, set phrase or interjection: never part of a
    /// place's name (a set phrase can be one: 五一广场).
    Function,
    /// A proper noun (a place, person, organisation or other name: jieba's
    /// ns, nr, nt, nz, or an abbreviation, j), or a word outside the
    /// dictionary, which is most often a name the HMM joined.
    Name,
    /// Common nouns, adjectives and the like: part of a place's
    /// name next to a [`Pos::Name`] (城东区 人民 医院), no name alone
    /// (硬化 道路, 建设工程 有限公司).
    Other,
    /// A verbal noun (jieba's vn: 建设, 综合, 服务): as [`Pos::Other`], but
    /// part of a place's name only right before its last word (建设路,
    /// 江北 综合 市场, 便民 服务 中心); further off it is what the letter
    /// asks for, not a name (建设 丹江 南路 is 丹江南路, 建设 美好 家园 is
    /// 美好家园).
    Action,
}

/// The [`Pos`] of jieba's part-of-speech tag for `word`.
pub(crate) fn tag_pos(tag: &str, word: &str) -> Pos {
    match (tag, tag.as_bytes().first()) {
        ("vn", _) => Pos::Action,
        ("j", _) => Pos::Name,
        (tag, _) if tag.starts_with("nr") || ["ns", "nt", "nz"].contains(&tag) => Pos::Name,
        ("ad" | "an", _) | (_, Some(b'v' | b'd' | b'i')) => Pos::Verb,
        (_, Some(b'm')) if word.starts_with('第') => Pos::Other,
        (_, Some(b'p' | b'c' | b'u' | b'r' | b'q' | b'f' | b'm')) => Pos::Function,
        (_, Some(b'l' | b'y' | b'e' | b'o' | b'z')) => Pos::Function,
        _ => Pos::Other,
    }
}

/// [`dicts::POS_FIXES`], read.
pub(crate) fn pos_fixes() -> foldhash::HashMap<&'static str, Pos> {
    let mut fixes = foldhash::HashMap::default();
    for line in dicts::POS_FIXES.lines().map(str::trim) {
        let mut f = line.split_whitespace();
        let (Some(word), Some(kind)) = (f.next(), f.next()) else {
            continue;
        };
        if word.starts_with('#') {
            continue;
        }
        let pos = match kind {
            "verb" => Pos::Verb,
            "function" => Pos::Function,
            "name" => Pos::Name,
            "other" => Pos::Other,
            _ => continue, // a unit test keeps every line readable
        };
        fixes.insert(word, pos);
    }
    fixes
}

/// Most words [`PosCache`] keeps (about 50 bytes each); past it, words are
/// worked out every time they are asked.
const POS_CACHE_MAX: usize = 1 << 18;

/// The answers of [`Segmenter::pos`](super::segment::Segmenter::pos), shared by every worker.
///
/// Working out a word's part of speech tags it as a sentence of its own
/// with jieba (about 100 ns), and place finding asks it about the words
/// before every place suffix of every ticket: the same few thousand words
/// (小区, 医院, the estates and roads of a city) over and over. The answer
/// depends on the dictionary, so adding a word empties the cache.
#[derive(Default)]
pub(crate) struct PosCache {
    map: dashmap::DashMap<Box<str>, Pos, foldhash::fast::RandomState>,
    len: std::sync::atomic::AtomicUsize,
}

/// A copy starts with an empty cache (its dictionary may grow apart).
impl Clone for PosCache {
    fn clone(&self) -> PosCache {
        PosCache::default()
    }
}

impl PosCache {
    pub(crate) fn get_or(&self, word: &str, work_out: impl FnOnce() -> Pos) -> Pos {
        use std::sync::atomic::Ordering::Relaxed;
        if let Some(pos) = self.map.get(word) {
            return *pos;
        }
        let pos = work_out();
        if self.len.load(Relaxed) < POS_CACHE_MAX && self.map.insert(word.into(), pos).is_none() {
            self.len.fetch_add(1, Relaxed);
        }
        pos
    }

    /// Forgets every answer (the dictionary changed).
    pub(crate) fn clear(&mut self) {
        if *self.len.get_mut() > 0 {
            self.map.clear();
            *self.len.get_mut() = 0;
        }
    }
}
