//! Boilerplate: the phrases call-takers type into every ticket (市民来电反映,
//! 请核实处理 …), removed from the analysis form of a text.
//!
//! Left in, they would dominate every word count and make unrelated tickets
//! look alike. The list ships in `dict/boilerplate.txt`; `[text]
//! boilerplate` extends it. Matching is leftmost-longest (市民来电反映 before
//! 市民来电), and the colon or comma after a phrase goes with it.
//!
//! Two matchers give the same matches:
//!
//! - **Aho-Corasick** (`aho-corasick`), whose vectorised prefilter (Teddy)
//!   skips quickly through long texts such as letters;
//! - **by first two characters**, for texts of up to [`SHORT_TEXT`] bytes
//!   (most 12345 tickets): a walk over the characters that tests each against
//!   a bitmap of the phrases' first characters, then of their second ones,
//!   and compares phrases only where both match. On a ticket of a hundred
//!   bytes it cost about half what starting the prefilter did in a one-off
//!   timing during development. Used only when every phrase starts with two
//!   three-byte characters (CJK), as the shipped ones do.

use std::borrow::Cow;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};

use super::charset::{CharSet, code3};
use super::normalize::dict_lines;

/// Texts up to this many bytes go to the first-two-characters matcher,
/// longer ones to Aho-Corasick (the two cross over at about 250–300 bytes
/// on the real exports; see the module doc).
pub const SHORT_TEXT: usize = 256;

/// The phrases removed from the analysis form.
#[derive(Clone)]
pub struct Boilerplate {
    matcher: AhoCorasick,
    /// None when a phrase does not start with two three-byte characters.
    short: Option<ByPrefix>,
    phrases: usize,
}

/// The shipped phrase list.
pub const DEFAULT_BOILERPLATE: &str = include_str!("../../dict/boilerplate.txt");

impl Boilerplate {
    /// Builds the matcher from the shipped list plus `extra` phrases.
    pub fn new(extra: &[String]) -> Boilerplate {
        let mut phrases: Vec<&str> = dict_lines(DEFAULT_BOILERPLATE).collect();
        phrases.extend(extra.iter().map(|s| s.trim()).filter(|s| !s.is_empty()));
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&phrases)
            .expect("a few hundred short phrases always build");
        Boilerplate {
            matcher,
            short: ByPrefix::new(&phrases),
            phrases: phrases.len(),
        }
    }

    /// Number of phrases in use.
    pub fn len(&self) -> usize {
        self.phrases
    }

    /// True when no phrase is configured.
    pub fn is_empty(&self) -> bool {
        self.phrases == 0
    }

    /// The analysis form of an already cleaned text: boilerplate removed, and
    /// the punctuation a removed phrase leaves at the start (`：`) trimmed.
    pub fn strip<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let trim = |c: char| c.is_whitespace() || matches!(c, '：' | ':' | '，' | ',');
        // Pieces of nothing but trimmed punctuation vanish at the ends of the
        // result. When one piece with content is left (the phrases stood at
        // the start and the end, as call-takers type them) it is returned
        // borrowed; only text between two phrases is copied. One walk over
        // the phrases: the copy starts at the second piece with content.
        let mut first: Option<&str> = None;
        let mut out: Option<String> = None;
        // Pieces without content since the last one with content: kept only
        // if another piece with content follows.
        let mut between: Vec<&str> = Vec::new();
        for p in self.pieces(text) {
            if p.chars().all(trim) {
                if first.is_some() {
                    between.push(p);
                }
                continue;
            }
            match (first, &mut out) {
                (None, _) => first = Some(p.trim_start_matches(trim)),
                (Some(f), out) => {
                    let out = out.get_or_insert_with(|| {
                        let mut s = String::with_capacity(text.len());
                        s.push_str(f);
                        s
                    });
                    for b in between.drain(..) {
                        out.push_str(b);
                    }
                    out.push_str(p);
                }
            }
        }
        match (first, out) {
            (_, Some(mut out)) => {
                out.truncate(out.trim_end_matches(trim).len());
                Cow::Owned(out)
            }
            (Some(f), None) => Cow::Borrowed(f.trim_end_matches(trim)),
            (None, None) => Cow::Borrowed(""),
        }
    }

    /// The leftmost-longest phrase in `text` at or after byte `from`.
    pub fn find(&self, text: &str, from: usize) -> Option<Range<usize>> {
        match &self.short {
            Some(short) if text.len() <= SHORT_TEXT => short.find(text, from),
            _ => self
                .matcher
                .find(Input::new(text).range(from..))
                .map(|m| m.range()),
        }
    }

    /// The parts of `text` between the phrases; the colon or comma that
    /// follows a phrase goes with it. One piece, `text`, when none matches.
    fn pieces<'s, 'a: 's>(&'s self, text: &'a str) -> impl Iterator<Item = &'a str> + 's {
        let mut last = Some(0);
        std::iter::from_fn(move || {
            let start = last?;
            let Some(m) = self.find(text, start) else {
                last = None;
                return Some(&text[start..]);
            };
            let mut end = m.end;
            if let Some(c) = text[end..]
                .chars()
                .next()
                .filter(|c| matches!(c, '：' | ':' | '，' | ',' | '。' | ' '))
            {
                end += c.len_utf8();
            }
            last = Some(end);
            Some(&text[start..m.start])
        })
    }
}

/// Phrases by their first two characters (see the module doc).
#[derive(Clone)]
struct ByPrefix {
    first: CharSet,
    second: CharSet,
    /// The first six bytes of the phrases, with the phrases that start
    /// with them, longest first.
    by_prefix: Vec<([u8; 6], Vec<Box<str>>)>,
}

impl ByPrefix {
    /// None when a phrase does not start with two three-byte characters.
    fn new(phrases: &[&str]) -> Option<ByPrefix> {
        let mut m = ByPrefix {
            first: CharSet::default(),
            second: CharSet::default(),
            by_prefix: Vec::new(),
        };
        for p in phrases {
            let b = p.as_bytes();
            let three = |i: usize| b.get(i).is_some_and(|x| (0xE0..0xF0).contains(x));
            if !three(0) || !three(3) {
                return None;
            }
            m.first.insert(char::from_u32(code3(b, 0))?);
            m.second.insert(char::from_u32(code3(b, 3))?);
            let key: [u8; 6] = b[..6].try_into().ok()?;
            match m.by_prefix.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push((*p).into()),
                None => m.by_prefix.push((key, vec![(*p).into()])),
            }
        }
        for (_, list) in &mut m.by_prefix {
            list.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        Some(m)
    }

    /// The leftmost-longest phrase at or after byte `from`.
    fn find(&self, text: &str, from: usize) -> Option<Range<usize>> {
        let b = text.as_bytes();
        let mut i = from;
        // A phrase has at least two characters of three bytes.
        while i + 6 <= b.len() {
            let lead = b[i];
            let len = match lead {
                0..=0x7F => 1,
                0xE0..=0xEF => 3,
                0xF0.. => 4,
                _ => 2,
            };
            if len == 3
                && self.first.contains_code(code3(b, i))
                && (0xE0..0xF0).contains(&b[i + 3])
                && self.second.contains_code(code3(b, i + 3))
                && let Some((_, list)) = self.by_prefix.iter().find(|(k, _)| *k == b[i..i + 6])
                && let Some(p) = list.iter().find(|p| b[i..].starts_with(p.as_bytes()))
            {
                return Some(i..i + p.len());
            }
            i += len;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_boilerplate_longest_first() {
        let b = Boilerplate::new(&["本工单为测试".to_string()]);
        assert_eq!(
            b.strip("市民来电反映：阳光花园3栋电梯坏了，请相关部门尽快处理。"),
            "阳光花园3栋电梯坏了"
        );
        assert_eq!(b.strip("来电人称：路灯不亮。请核实处理"), "路灯不亮。");
        assert_eq!(b.strip("本工单为测试：噪音"), "噪音");
        assert_eq!(b.strip("没有套话的文本"), "没有套话的文本");
        // A phrase in the middle: the pieces around it are joined.
        assert_eq!(
            b.strip("，路灯不亮，请核实处理。已经三天了，"),
            "路灯不亮，已经三天了"
        );
        assert_eq!(b.strip("请核实处理。"), "");
        // Phrases at both ends only: the middle is borrowed, not copied.
        assert!(matches!(
            b.strip("来电人称：路灯不亮，请核实处理"),
            Cow::Borrowed("路灯不亮")
        ));
        assert!(b.len() > 40);
    }

    /// Both matchers find the same phrases on texts made of phrases, their
    /// pieces, other CJK, digits, Latin letters and punctuation.
    #[test]
    fn both_matchers_agree() {
        use rand::{RngExt, SeedableRng};
        let b = Boilerplate::new(&["本工单为测试".to_string()]);
        let short = b.short.as_ref().expect("the shipped phrases are CJK");
        let phrases: Vec<&str> = dict_lines(DEFAULT_BOILERPLATE).collect();
        let bits = [
            "路灯", "不亮", "市", "来电", "请", "，", "。", "：", "3栋", "ab", " ", "é", "𠀀",
            "要求",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..5000 {
            let mut text = String::new();
            while text.len() < rng.random_range(0..SHORT_TEXT) {
                if rng.random_bool(0.3) {
                    let p = phrases[rng.random_range(0..phrases.len())];
                    // Whole, or cut after a few characters.
                    let cut = p.char_indices().map(|(i, _)| i).nth(rng.random_range(1..5));
                    text.push_str(if rng.random_bool(0.7) {
                        p
                    } else {
                        &p[..cut.unwrap_or(p.len())]
                    });
                } else {
                    text.push_str(bits[rng.random_range(0..bits.len())]);
                }
            }
            let all = |f: &dyn Fn(usize) -> Option<Range<usize>>| {
                std::iter::successors(f(0), |m| f(m.end)).collect::<Vec<_>>()
            };
            let by_ac = all(&|from| {
                b.matcher
                    .find(Input::new(&text).range(from..))
                    .map(|m| m.range())
            });
            assert_eq!(all(&|from| short.find(&text, from)), by_ac, "{text}");
        }
    }

    #[test]
    fn other_phrases_fall_back_to_aho_corasick() {
        let b = Boilerplate::new(&["ok".to_string()]);
        assert!(b.short.is_none());
        assert_eq!(b.strip("ok路灯不亮"), "路灯不亮");
        assert_eq!(b.strip("市民反映：路灯不亮"), "路灯不亮");
    }
}
