//! Text normalisation: what every ticket text goes through before it is
//! stored or analysed.
//!
//! Two forms of a text exist. The **stored** form is what a reader sees:
//! whitespace collapsed, full-width letters and digits turned half-width (so
//! `１３８` is masked like `138`), personal data masked. The **analysis** form
//! additionally drops the phrases call-takers type into every ticket
//! (市民来电反映, 请核实处理 …): see [`super::boilerplate`].

use std::borrow::Cow;

/// Collapses whitespace (spaces, tabs, newlines, NBSP, ideographic space) to
/// single spaces and trims the ends.
pub fn clean_text(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    // Kept characters are copied in runs, not one by one.
    let mut run = 0;
    let mut pending_space = false;
    let mut i = 0;
    while i < b.len() {
        // Only ASCII whitespace and the lead bytes of the multi-byte spaces
        // (C2, E1, E2, E3, EF) can start whitespace: other bytes are passed
        // over one by one without decoding.
        if !MAY_START_SPACE[b[i] as usize] {
            // Every position visited starts a character: a whitespace
            // character was passed whole, and the search below stops only
            // at lead bytes and ASCII.
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            i = next_may_start_space(b, i + 1);
            continue;
        }
        let (space, len) = match b[i] {
            c if c.is_ascii() => (c.is_ascii_whitespace() || c == 0x0B, 1),
            // E3 and EF start much CJK punctuation (。「」，：) but only
            // U+3000 (E3 80 80) and U+FEFF (EF BB BF) are spaces: tested on
            // the bytes, without decoding.
            0xE3 => (b[i + 1] == 0x80 && b[i + 2] == 0x80, 3),
            0xEF => (b[i + 1] == 0xBB && b[i + 2] == 0xBF, 3),
            _ => {
                let c = s[i..].chars().next().expect("i is a char boundary");
                (
                    c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}',
                    c.len_utf8(),
                )
            }
        };
        if space {
            out.push_str(&s[run..i]);
            pending_space = !out.is_empty();
            run = i + len;
        } else if pending_space {
            out.push(' ');
            pending_space = false;
        }
        i += len;
    }
    out.push_str(&s[run..]);
    out
}

/// Bytes that can start a whitespace character (see [`clean_text`]).
static MAY_START_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(
            i as u8,
            0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF
        );
        i += 1;
    }
    t
};

/// Where the next whitespace character of `b` may start, at or after
/// `from` (or `b`'s length): 16 positions tested at a time, each by its
/// byte and the two after it, with compares the compiler turns into vector
/// code, and the first one found from the chunk's bit mask. The test is
/// exact for the lead bytes E2, E3 and EF, which start much Chinese
/// punctuation (“”…—。，：) besides a few spaces; [`clean_text`] decides
/// the rest (C2, E1) itself.
fn next_may_start_space(b: &[u8], from: usize) -> usize {
    #[inline(always)]
    fn may(x: u8, y: u8, z: u8) -> bool {
        let e2 = (x == 0xE2)
            & (((y == 0x80) & ((z <= 0x8B) | (z == 0xA8) | (z == 0xA9) | (z == 0xAF)))
                | ((y == 0x81) & (z == 0x9F)));
        (x.wrapping_sub(0x09) < 5)
            | (x == 0x20)
            | (x == 0xC2)
            | (x == 0xE1)
            | e2
            | ((x == 0xE3) & (y == 0x80) & (z == 0x80))
            | ((x == 0xEF) & (y == 0xBB) & (z == 0xBF))
    }
    let mut i = from;
    while let Some(w) = b.get(i..i + 18) {
        let x: &[u8; 16] = w[..16].try_into().expect("16 bytes");
        let y: &[u8; 16] = w[1..17].try_into().expect("16 bytes");
        let z: &[u8; 16] = w[2..18].try_into().expect("16 bytes");
        let mut hit = [0u8; 16];
        for j in 0..16 {
            hit[j] = u8::from(may(x[j], y[j], z[j]));
        }
        if hit.iter().fold(0, |k, &h| k | h) != 0 {
            return i + hit.iter().position(|&h| h != 0).expect("a hit");
        }
        i += 16;
    }
    (i..b.len())
        .find(|&j| MAY_START_SPACE[b[j] as usize])
        .unwrap_or(b.len())
}

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
/// Most ticket text needs neither cleaning nor masking: one vector pass over
/// the bytes (see `classes`) tells whether whitespace, a full-width letter
/// or digit, a digit or an `@` may be present, and cleaning, masking and
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
    /// 叫, 名 or 人, the last characters of the cue words before a name the
    /// text introduces (我叫, 姓名, 联系人: see [`super::names`]), is present.
    pub name_cue: bool,
    /// A sentence end (。！？!?) is present: a signature may follow the
    /// last one (see [`super::names::signed`]).
    pub sentence_end: bool,
    /// 我 is present: a writer may give a name after 我是 (see
    /// [`super::names::self_named`]).
    pub wo: bool,
}

/// Scans `s` once; see [`Scan`].
///
/// Byte patterns: U+0085/U+00A0 start with C2, U+1680 with E1, U+2000–U+205F
/// with E2, U+3000 is E3 80 80, U+FEFF is EF BB BF; full-width digits are
/// EF BC 90–99, ＠ and A–Z EF BC A0–BA, ＿ EF BC BF, ＋－． EF BC 8B/8D/8E,
/// a–z EF BD 81–9A. Full-width punctuation such as ，：？ does not count.
/// 叫, 名 and 人 are E5 8F AB, E5 90 8D and E4 BA BA; 我 is E6 88 91.
pub fn scan(s: &str) -> Scan {
    let seen = classes(s.as_bytes());
    Scan {
        whitespace: seen & SPACE != 0,
        full_width: seen & FULL_WIDTH != 0,
        digit: seen & DIGIT != 0,
        at: seen & AT != 0,
        name_cue: seen & NAME_CUE != 0,
        sentence_end: seen & SENTENCE_END != 0,
        wo: seen & WO != 0,
    }
}

/// Class bits for [`scan`].
const SPACE: u8 = 1;
const DIGIT: u8 = 2;
const AT: u8 = 4;
const FULL_WIDTH: u8 = 8;
const NAME_CUE: u8 = 16;
const SENTENCE_END: u8 = 32;
const WO: u8 = 64;

/// The class bits of every position of `b`, OR-ed.
///
/// Each position is judged by its byte and the two after it, with
/// comparisons only, over many positions at a time, so that the compiler
/// turns it into vector code: a text is read once, without a branch per
/// byte, and the full-width forms need no second search. Where the CPU has
/// AVX2 (checked once, at run time), 32 positions are judged per step
/// instead of SSE2's 16: about a third of the instructions.
fn classes(b: &[u8]) -> u8 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, checked just above.
        return unsafe { classes_avx2(b) };
    }
    classes_in_steps::<16>(b)
}

/// [`classes`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn classes_avx2(b: &[u8]) -> u8 {
    classes_in_steps::<32>(b)
}

/// [`classes`], `N` positions per step.
#[inline(always)]
fn classes_in_steps<const N: usize>(b: &[u8]) -> u8 {
    #[inline(always)]
    fn of(x: u8, y: u8, z: u8) -> u8 {
        let ef = x == 0xEF;
        let bc = ef & (y == 0xBC);
        let fw_digit = bc & (z.wrapping_sub(0x90) < 10);
        let fw_at = bc & (z == 0xA0);
        let fw_other = (bc
            & ((z.wrapping_sub(0xA1) < 26)
                | (z == 0xBF)
                | (z == 0x8B)
                | (z == 0x8D)
                | (z == 0x8E)))
            | (ef & (y == 0xBD) & (z.wrapping_sub(0x81) < 26));
        let space = (x <= 0x20)
            | (x == 0x7F)
            | (x == 0xC2)
            | (x == 0xE1)
            | (x == 0xE2)
            | ((x == 0xE3) & (y == 0x80) & (z == 0x80))
            | (ef & (y == 0xBB) & (z == 0xBF));
        // 叫 E5 8F AB, 名 E5 90 8D, 人 E4 BA BA.
        let cue = ((x == 0xE5) & (((y == 0x8F) & (z == 0xAB)) | ((y == 0x90) & (z == 0x8D))))
            | ((x == 0xE4) & (y == 0xBA) & (z == 0xBA));
        // 。 E3 80 82, ！ EF BC 81, ？ EF BC 9F.
        let end = (x == b'!')
            | (x == b'?')
            | ((x == 0xE3) & (y == 0x80) & (z == 0x82))
            | (bc & ((z == 0x81) | (z == 0x9F)));
        // 我 E6 88 91.
        let wo = (x == 0xE6) & (y == 0x88) & (z == 0x91);
        (u8::from(space) * SPACE)
            | (u8::from(cue) * NAME_CUE)
            | (u8::from(wo) * WO)
            | (u8::from(end) * SENTENCE_END)
            | (u8::from((x.wrapping_sub(b'0') < 10) | fw_digit) * DIGIT)
            | (u8::from((x == b'@') | fw_at) * AT)
            | (u8::from(fw_digit | fw_at | fw_other) * FULL_WIDTH)
    }
    // `w` holds N + 2 bytes: N positions and the two bytes after the last.
    // A function, not a closure, so that it is inlined and compiled with
    // the caller's target features.
    #[inline(always)]
    fn step<const N: usize>(acc: &mut [u8; N], w: &[u8]) {
        let x: &[u8; N] = w[..N].try_into().expect("N bytes");
        let y: &[u8; N] = w[1..N + 1].try_into().expect("N bytes");
        let z: &[u8; N] = w[2..N + 2].try_into().expect("N bytes");
        for i in 0..N {
            acc[i] |= of(x[i], y[i], z[i]);
        }
    }
    let mut acc = [0u8; N];
    let mut at = 0;
    while at + N + 2 <= b.len() {
        step(&mut acc, &b[at..at + N + 2]);
        at += N;
    }
    // The last positions (fewer than N + 2), padded with a byte of no
    // class: at most two steps.
    let rest = &b[at..];
    if !rest.is_empty() {
        let mut pad = [b'A'; 66];
        pad[..rest.len()].copy_from_slice(rest);
        step(&mut acc, &pad[..N + 2]);
        if rest.len() > N {
            step(&mut acc, &pad[N..2 * N + 2]);
        }
    }
    acc.iter().fold(0, |k, &a| k | a)
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

/// 20,000 texts of up to `max_pieces` pieces drawn from `pool`, the same
/// for the same seed: for the tests that hold a vector search to a plain
/// reading of the characters.
#[cfg(test)]
pub(crate) fn random_texts<'a>(
    pool: &'a [&'a str],
    max_pieces: usize,
    seed: u64,
) -> impl Iterator<Item = String> + 'a {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    (0..20_000).map(move |_| {
        let n = rng.random_range(0..max_pieces);
        (0..n)
            .map(|_| pool[rng.random_range(0..pool.len())])
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chunked search agrees with a plain reading of the characters,
    /// on texts long enough to span several chunks.
    #[test]
    fn clean_text_agrees_with_the_characters() {
        let reference = |s: &str| {
            let space = |c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}';
            s.split(space)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let pool = [
            "路", "灯", "，", "。", "a", "1", " ", "\n", "\r\n", "\t", "\u{3000}", "\u{FEFF}",
            "\u{200B}", "\u{00A0}", "\u{2003}", "é", "ア", "𠀀", "\u{1680}", "“", "…",
        ];
        for s in random_texts(&pool, 60, 5) {
            assert_eq!(clean_text(&s), reference(&s), "{s:?}");
        }
    }

    #[test]
    fn whitespace_collapses() {
        assert_eq!(clean_text("  a\r\n\tb  c\u{3000}"), "a b c");
        assert_eq!(
            clean_text("\u{FEFF}市民 反映\u{00A0}\u{200B}：路灯\n\n不亮 é\u{1F600}  "),
            "市民 反映 ：路灯 不亮 é\u{1F600}"
        );
        assert_eq!(clean_text(" \t "), "");
    }

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

    /// The vector scan agrees with a plain reading of the characters, at
    /// every position of texts of every length (the padded tail included).
    #[test]
    fn scan_agrees_with_the_characters() {
        let reference = |s: &str| {
            let any = |f: &dyn Fn(char) -> bool| s.chars().any(f);
            let full = |c: char| matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '＠' | '＋' | '－' | '．' | '＿');
            Scan {
                // What may be whitespace: see `classes`.
                whitespace: any(
                    &|c| matches!(c as u32, 0..=0x20 | 0x7F | 0x80..=0xBF | 0x1000..=0x2FFF | 0x3000 | 0xFEFF),
                ),
                full_width: any(&full),
                digit: any(&|c| c.is_ascii_digit() || ('０'..='９').contains(&c)),
                at: any(&|c| c == '@' || c == '＠'),
                name_cue: any(&|c| matches!(c, '叫' | '名' | '人')),
                sentence_end: any(&|c| matches!(c, '。' | '！' | '？' | '!' | '?')),
                wo: any(&|c| c == '我'),
            }
        };
        let pool = [
            "路", "灯", "，", "。", "：", "（", "？", "a", "Z", "0", "9", "@", "＠", "０", "９",
            "Ａ", "ｚ", "＿", "＋", "＂", "｛", " ", "\n", "\u{3000}", "\u{3001}", "\u{FEFF}",
            "。", "！", "？", "!", "?", "\u{3003}", "＃", "\u{FEFE}", "\u{00A0}", "é", "\u{2003}",
            "𠀀", "ア", "叫", "名", "人", "仁", "吅", "我", "戒",
        ];
        for s in random_texts(&pool, 80, 3) {
            assert_eq!(scan(&s), reference(&s), "{s:?}");
        }
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
