//! Text normalisation: what every ticket text goes through before it is
//! stored or analysed.
//!
//! Two forms of a text exist. The **stored** form is what a reader sees:
//! whitespace collapsed, full-width letters and digits turned half-width (so
//! `１３８` is masked like `138`), personal data masked. The **analysis** form
//! additionally drops the phrases call-takers type into every ticket
//! (市民来电反映, 请核实处理 …): see [`super::boilerplate`].

use std::borrow::Cow;

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

/// What a text holds that the text stage must act on, found in one pass.
///
/// Most ticket text is CJK ideographs (UTF-8 lead bytes E4–E9) with a few
/// punctuation marks, digits and ASCII letters: the scan skips an ideograph
/// in one step and looks closer only at the bytes that can start whitespace,
/// a full-width letter or digit, a digit or an `@`. Cleaning, masking and
/// their copies are then done only for the texts that need them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scan {
    /// Whitespace, a BOM or a zero-width space may be present (an ASCII
    /// control or space, or the lead byte of a multi-byte space).
    pub whitespace: bool,
    /// A full-width letter, digit or e-mail character is present.
    pub full_width: bool,
    /// A digit (ASCII or full-width) is present: masking must look.
    pub digit: bool,
    /// An `@` (ASCII or full-width) is present: masking must look.
    pub at: bool,
}

/// Scans `s` once; see [`Scan`].
///
/// Byte patterns: U+0085/U+00A0 start with C2, U+1680 with E1, U+2000–U+205F
/// with E2, U+3000 is E3 80 80, U+FEFF is EF BB BF; full-width digits are
/// EF BC 90–99, ＠ and A–Z EF BC A0–BA, ＿ EF BC BF, ＋－． EF BC 8B/8D/8E,
/// a–z EF BD 81–9A. Full-width punctuation such as ，：？ does not count.
pub fn scan(s: &str) -> Scan {
    let b = s.as_bytes();
    let seen = classes(b);
    let mut f = Scan {
        whitespace: seen & SPACE != 0,
        full_width: false,
        digit: seen & DIGIT != 0,
        at: seen & AT != 0,
    };
    if seen & LEAD_E3 != 0 && !f.whitespace {
        // U+3000 is E3 80 80; other E3 characters (kana, 、。《》) are common.
        f.whitespace = memchr::memchr_iter(0xE3, b).any(|i| b[i + 1] == 0x80 && b[i + 2] == 0x80);
    }
    // Full-width punctuation (，：) starts with EF too: each EF is looked at.
    if seen & LEAD_EF != 0 {
        for i in memchr::memchr_iter(0xEF, b) {
            // Valid UTF-8: a lead byte EF has two bytes after it.
            match (b[i + 1], b[i + 2]) {
                (0xBB, 0xBF) => f.whitespace = true,
                (0xBC, 0x90..=0x99) => {
                    f.full_width = true;
                    f.digit = true;
                }
                (0xBC, 0xA0) => {
                    f.full_width = true;
                    f.at = true;
                }
                (0xBC, 0xA1..=0xBA | 0xBF | 0x8B | 0x8D | 0x8E) | (0xBD, 0x81..=0x9A) => {
                    f.full_width = true
                }
                _ => {}
            }
        }
    }
    f
}

/// Class bits of single bytes for [`scan`].
const SPACE: u8 = 1;
const DIGIT: u8 = 2;
const AT: u8 = 4;
const LEAD_E3: u8 = 8;
const LEAD_EF: u8 = 16;

/// The class bits of every byte of `b`, OR-ed.
///
/// An ASCII control or space, the lead byte of U+0085/U+00A0 (C2), U+1680
/// (E1) or U+2000–U+205F (E2): whitespace may be present. E3 and EF lead
/// the ideographic space, the BOM and the full-width forms: checked exactly.
/// Written as comparisons over fixed-size chunks, not a table look-up, so
/// that the compiler turns it into vector code.
fn classes(b: &[u8]) -> u8 {
    #[inline(always)]
    fn of(x: u8) -> u8 {
        let space = (x <= 0x20) | (x == 0x7F) | (x == 0xC2) | (x == 0xE1) | (x == 0xE2);
        (u8::from(space) * SPACE)
            | (u8::from(x.wrapping_sub(b'0') < 10) * DIGIT)
            | (u8::from(x == b'@') * AT)
            | (u8::from(x == 0xE3) * LEAD_E3)
            | (u8::from(x == 0xEF) * LEAD_EF)
    }
    let mut chunks = b.chunks_exact(32);
    let mut acc = [0u8; 32];
    for chunk in &mut chunks {
        for (a, &x) in acc.iter_mut().zip(chunk) {
            *a |= of(x);
        }
    }
    let tail = chunks.remainder().iter().fold(0, |k, &x| k | of(x));
    acc.iter().fold(tail, |k, &a| k | a)
}

/// Whitespace collapsed and trimmed, full-width letters and digits
/// half-width; borrowed when the text needs neither.
pub fn clean(s: &str) -> Cow<'_, str> {
    clean_scanned(s, scan(s))
}

/// [`clean`] with the text's [`Scan`] already at hand.
pub fn clean_scanned(s: &str, f: Scan) -> Cow<'_, str> {
    let cleaned = if f.whitespace {
        Cow::Owned(clean_text(s))
    } else {
        Cow::Borrowed(s)
    };
    if f.full_width {
        Cow::Owned(half_width_alnum(&cleaned))
    } else {
        cleaned
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
    fn scan_finds_what_clean_and_mask_act_on() {
        let f = |s: &str| {
            let x = scan(s);
            (x.whitespace, x.full_width, x.digit, x.at)
        };
        assert_eq!(f("路灯不亮，。：（）？"), (false, false, false, false));
        assert_eq!(f("路灯 不亮"), (true, false, false, false));
        assert_eq!(f("路灯\u{3000}不亮"), (true, false, false, false));
        assert_eq!(f("\u{FEFF}路灯"), (true, false, false, false));
        assert_eq!(f("3栋"), (false, false, true, false));
        assert_eq!(f("１３８"), (false, true, true, false));
        assert_eq!(f("ｚｓ＠ｑｑ"), (false, true, false, true));
        assert_eq!(f("a@b"), (false, false, false, true));
        assert_eq!(f("Ｗｉ－Ｆｉ"), (false, true, false, false));
        // Every text the scan calls clean says unchanged really is.
        for s in ["路灯不亮，。", "3栋2单元", "WiFi信号差！", "é à"] {
            let x = scan(s);
            assert_eq!(
                clean(s) == s,
                !(x.full_width || (x.whitespace && clean_text(s) != s)),
                "{s}"
            );
        }
    }
}
