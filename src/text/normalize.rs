//! Text normalisation: what every ticket text goes through before it is
//! stored or analysed.
//!
//! Two forms of a text exist. The **stored** form is what a reader sees:
//! whitespace collapsed, full-width letters and digits turned half-width (so
//! `１３８` is masked like `138`), personal data masked. The **analysis** form
//! additionally drops the phrases call-takers type into every ticket
//! (市民来电反映, 请核实处理 …), which would otherwise dominate every word count
//! and make unrelated tickets look alike. The phrase list ships in
//! `dict/boilerplate.txt` and config can extend it.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::ingest::values::clean_text;

/// Full-width ASCII letters, digits and the characters of phone numbers and
/// e-mail addresses become half-width; Chinese punctuation (，：（）) stays.
pub fn half_width_alnum(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '＠' | '＋' | '－' | '．' | '＿' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// Whitespace collapsed and trimmed, full-width letters and digits half-width.
pub fn clean(s: &str) -> String {
    // Most ticket texts need neither step: check before copying char by char.
    let needs_ws = may_have_whitespace(s.as_bytes());
    let cleaned = if needs_ws {
        clean_text(s)
    } else {
        s.to_string()
    };
    if has_full_width_alnum(cleaned.as_bytes()) {
        half_width_alnum(&cleaned)
    } else {
        cleaned
    }
}

/// False only when the UTF-8 bytes hold no whitespace, BOM or zero-width
/// space: no ASCII control or space, and no lead byte of the multi-byte
/// whitespace characters (U+0085/U+00A0: C2; U+1680: E1; U+2000–U+205F:
/// E2; U+3000: E3 80 80; U+FEFF: EF BB BF). CJK text (lead bytes E4–E9)
/// passes in one cheap scan.
fn may_have_whitespace(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0..=0x20 | 0x7F | 0xC2 | 0xE1 | 0xE2 => return true,
            0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) => return true,
            0xEF if b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF) => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// True when the UTF-8 bytes hold a character that [`half_width_alnum`]
/// changes: full-width digits U+FF10–FF19 (EF BC 90–99), ＠ and A–Z
/// U+FF20–FF3A (EF BC A0–BA), ＿ (EF BC BF), a–z U+FF41–FF5A (EF BD 81–9A),
/// ＋－． (EF BC 8B/8D/8E). Full-width punctuation such as ，：？ does not count.
fn has_full_width_alnum(b: &[u8]) -> bool {
    b.windows(3).any(|w| {
        w[0] == 0xEF
            && match w[1] {
                0xBC => matches!(w[2], 0x90..=0x99 | 0xA0..=0xBA | 0xBF | 0x8B | 0x8D | 0x8E),
                0xBD => matches!(w[2], 0x81..=0x9A),
                _ => false,
            }
    })
}

/// The phrases removed from the analysis form.
pub struct Boilerplate {
    matcher: AhoCorasick,
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
    pub fn strip<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if !self.matcher.is_match(text) {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for m in self.matcher.find_iter(text) {
            out.push_str(&text[last..m.start()]);
            last = m.end();
            // The colon or comma that followed the phrase goes with it.
            let rest = &text[last..];
            if let Some(c) = rest
                .chars()
                .next()
                .filter(|c| matches!(c, '：' | ':' | '，' | ',' | '。' | ' '))
            {
                last += c.len_utf8();
            }
        }
        out.push_str(&text[last..]);
        std::borrow::Cow::Owned(
            out.trim_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':' | '，' | ','))
                .to_string(),
        )
    }
}

/// Non-empty, non-comment lines of a shipped word list, first field only.
pub fn dict_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_letters_and_digits_only() {
        assert_eq!(
            clean("  电话：１３８１２３４５６７８，\n ＷｉＦｉ （Ａ座） "),
            "电话：13812345678， WiFi （A座）"
        );
        assert_eq!(half_width_alnum("ｚｓ＠ｑｑ．ｃｏｍ"), "zs@qq.com");
        assert_eq!(clean("ｚ＠ｑ．ｃｏｍ，"), "z@q.com，");
        assert_eq!(clean("１"), "1");
        assert_eq!(clean("ｚ"), "z");
        assert_eq!(clean("没有要改的，。"), "没有要改的，。");
        assert_eq!(clean("全角\u{3000}空格\u{FEFF}"), "全角 空格");
        assert_eq!(clean("不换\u{00A0}行"), "不换 行");
    }

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
        assert!(b.len() > 40);
    }
}
