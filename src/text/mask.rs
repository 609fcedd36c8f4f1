//! Masking personal data in ticket text: phone numbers, ID numbers, bank
//! cards and other long numbers, e-mail addresses and the caller's own name
//! (from its column, and where the text introduces it: see [`super::names`]).
//!
//! Call-takers copy callback numbers and ID numbers into the free text, so the
//! text columns must be masked before they are stored. The masked form stays
//! readable (`138****5678`, `350102********123X`, `z***@qq.com`, `张**`), so a
//! reader still sees that a number was given.
//!
//! Privacy is decided by **cue and shape, never by validity**: a number a
//! caller typed wrongly, an ID number with a bad checksum or region code, or
//! an old 15-digit card is still theirs.
//!
//! Numbers are found as *number tokens*: runs of ASCII digits, joined across a
//! single `-` or space when the later groups have at least three digits (so
//! `138 1234 5678` and `0591-87654321` are one number while the date
//! `2024-05-01` is three; the dashes — and – count as `-`), with a trailing
//! `X` for ID numbers. A token is then classified by the words just before it
//! and by its shape, in this order:
//!
//! | class | when | masked |
//! |---|---|---|
//! | identity number | 8–19 digits (X at the end or not) after an identity cue (身份证, 证件号, 公民身份号码, 身份号, ID …), whatever its length, region code or checksum | all but the region code and last four (18 and 15 digits), else all but the first and last four, or all but the last four |
//! | mobile | 11 digits `1[3-9]…` (optional `+86`/`86`), or any 11 digits after a phone cue (电话, 手机 …) | middle four |
//! | ID number | 18 characters with a birth date in the right place, no cue needed | birth date |
//! | landline | `0` + area code + 7–8 digits, or 7–8 digits after 电话/号码 | all but the last four of the local number |
//! | QQ / WeChat | 7–12 digits after QQ/微信 | all but the last four |
//! | bank card | 12–19 digits after 卡号/账号 | all but the first and last four |
//! | long number | any 15 digits or more (ID, bank card, order or account number), whatever its checksum or the words before it | all but the first and last four |
//!
//! Everything shorter survives unless a cue says otherwise: house numbers,
//! 3栋2单元502室, dates, amounts, times, bus lines, ticket and case numbers up
//! to 14 digits (a number after 工单/编号/案号 is never taken for a landline,
//! QQ or card number; a case number lives in its own column, which is not
//! masked). [`mask_any`] is the entry for text that was not normalised
//! (full-width digits), such as the raw cells of a rejected row.

use std::borrow::Cow;

use super::normalize::Scan;

/// Words before a number that make a 7–8 digit number a phone number.
const PHONE_CONTEXT: &[&str] = &[
    "电话",
    "手机",
    "号码",
    "联系方式",
    "座机",
    "致电",
    "拨打",
    "tel",
    "Tel",
    "TEL",
];
/// Words before a number that make it an instant-messaging account (QQ
/// numbers are 5–12 digits; WeChat ids are often a phone number).
const IM_CONTEXT: &[&str] = &["QQ", "qq", "Qq", "扣扣", "微信", "vx", "VX", "wx"];
/// Words before a number that make a long number a bank card.
const CARD_CONTEXT: &[&str] = &["卡号", "银行卡", "账号", "帐号", "账户", "帐户", "卡"];
/// Identity cues: the 8–19 digits after one are an identity number whatever
/// their length or checksum (身份证号码, 公民身份号码, 证件号码, 驾驶证号 …
/// all hold one of these).
const ID_CONTEXT: &[&str] = &[
    "身份证",
    "身份号",
    "公民身份",
    "证件",
    "证号",
    "护照",
    "ID",
    "id",
    "Id",
    "iD",
];
/// Words before a number that make it a case, ticket or order number.
const CASE_CONTEXT: &[&str] = &[
    "工单", "编号", "单号", "案号", "案件", "订单", "快递", "运单", "发票", "批次", "合同", "流水",
];
/// Nothing personal has fewer digits than a local landline: shorter
/// numbers (house numbers, dates, amounts) are not classified at all.
const MIN_DIGITS: usize = 7;
/// Digits after an identity cue that are masked whatever else they are.
const CUED_ID_DIGITS: std::ops::RangeInclusive<usize> = 8..=19;
/// A number this long is masked by its shape alone: no date, amount, house
/// or ticket number in free text has so many digits, and ID numbers, bank
/// cards and account numbers all do.
const LONG_DIGITS: usize = 15;
/// How many characters before a number are searched for context words.
const CONTEXT_CHARS: usize = 8;

/// Masks personal data in `text`. `names` are the caller's name(s) from the
/// export's own columns; where the text repeats one it is masked too.
/// Returns the input unchanged (borrowed) when nothing was found.
pub fn mask<'a>(text: &'a str, names: &[&str]) -> Cow<'a, str> {
    let found = super::normalize::scan(text);
    mask_found(Cow::Borrowed(text), names, found)
}

/// [`mask`] for text that was not normalised: full-width digits and letters
/// (１３８…) become ASCII first, so that they are found like any other. Serves
/// every text that does not go through the text stage: addresses and other
/// cells, the raw cells of rejected rows, warnings and messages.
pub fn mask_any<'a>(text: &'a str, names: &[&str]) -> Cow<'a, str> {
    let found = super::normalize::scan(text);
    if found.full_width {
        let half = super::normalize::half_width_alnum(text);
        let found = super::normalize::scan(&half);
        return Cow::Owned(mask_found(Cow::Owned(half), names, found).into_owned());
    }
    mask_found(Cow::Borrowed(text), names, found)
}

/// [`mask`] when the caller has already scanned the text
/// ([`super::normalize::scan`]): what the scan did not find (an `@`, a
/// digit, a name cue) is not searched for.
/// An owned `text` is masked in place where the mask keeps its length.
pub fn mask_found<'a>(text: Cow<'a, str>, names: &[&str], found: Scan) -> Cow<'a, str> {
    let mut out = text;
    if found.at
        && let Some(s) = mask_emails(&out)
    {
        out = Cow::Owned(s);
    }
    if found.digit {
        let hide = numbers_to_hide(&out);
        if !hide.is_empty() {
            let mut bytes = out.into_owned().into_bytes();
            for p in hide {
                bytes[p] = b'*';
            }
            // Only ASCII digits and X were replaced by ASCII '*': still UTF-8.
            out = Cow::Owned(String::from_utf8(bytes).expect("ASCII replaced by ASCII"));
        }
    }
    // The caller's names: from the export's column, and those the text
    // introduces (我叫王战荣), longest first, so that 王小红 is not left as
    // 王*红 by 王小.
    let introduced: Vec<String> = if found.name_cue {
        super::names::introduced(&out)
            .into_iter()
            .map(|r| out[r].to_string())
            .collect()
    } else {
        Vec::new()
    };
    mask_names(
        out,
        names
            .iter()
            .copied()
            .chain(introduced.iter().map(String::as_str)),
    )
}

/// `text` with each of `names` masked wherever it stands (王小红 →
/// 王**), longest first, so that 王小红 is not left as 王*红 by 王小.
/// Nothing is allocated for a single name (the export's caller column).
pub fn mask_names<'a, 'n>(
    text: Cow<'a, str>,
    names: impl IntoIterator<Item = &'n str>,
) -> Cow<'a, str> {
    let mut names = names.into_iter();
    let Some(first) = names.next() else {
        return text;
    };
    let mut out = text;
    let mut mask = |name: &str| {
        if let Some(s) = mask_name(&out, name) {
            out = Cow::Owned(s);
        }
    };
    let mut all: Vec<&str> = names.collect();
    if all.is_empty() {
        mask(first);
    } else {
        all.insert(0, first);
        all.sort_by_key(|n| std::cmp::Reverse(n.len()));
        all.into_iter().for_each(mask);
    }
    out
}

/// The part of a caller name that identifies a person: honorifics such as
/// 先生/女士 are cut off; what is left must have two characters or more (a
/// lone surname is not masked, or every 张 in the text would be).
pub(crate) fn name_core(name: &str) -> Option<&str> {
    let mut core = name.trim();
    for title in [
        "先生", "女士", "小姐", "师傅", "阿姨", "大爷", "老师", "同志", "老人",
    ] {
        if let Some(c) = core.strip_suffix(title) {
            core = c;
            break;
        }
    }
    (core.chars().count() >= 2 && !core.chars().all(|c| c.is_ascii_digit())).then_some(core)
}

fn mask_name(text: &str, name: &str) -> Option<String> {
    let core = name_core(name)?;
    if !text.contains(core) {
        return None;
    }
    let mut first = core.chars();
    let head = first.next()?;
    let masked: String = std::iter::once(head).chain(first.map(|_| '*')).collect();
    Some(text.replace(core, &masked))
}

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// `local@domain.tld` → first character of local + `***` + `@domain.tld`.
fn mask_emails(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut changed = false;
    for at in memchr_all(b, b'@') {
        let mut s = at;
        while s > last && is_local_byte(b[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < b.len() && is_domain_byte(b[e]) {
            e += 1;
        }
        let domain = &text[at + 1..e];
        let valid_domain = domain.rsplit_once('.').is_some_and(|(host, tld)| {
            !host.is_empty() && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic())
        });
        if s == at || !valid_domain {
            continue;
        }
        out.push_str(&text[last..s]);
        out.push(b[s] as char);
        out.push_str("***");
        last = at;
        changed = true;
    }
    changed.then(|| {
        out.push_str(&text[last..]);
        out
    })
}

fn memchr_all(b: &[u8], needle: u8) -> impl Iterator<Item = usize> + '_ {
    b.iter()
        .enumerate()
        .filter(move |(_, c)| **c == needle)
        .map(|(i, _)| i)
}

/// One number token: its byte span and the byte offsets of its digits
/// (a trailing `X` of an ID number counts as a digit).
struct NumberToken {
    start: usize,
    end: usize,
    /// Number of digits (and X).
    len: usize,
    digits: Vec<usize>,
    /// Byte ranges of the digit groups.
    groups: Vec<(usize, usize)>,
}

/// Byte offsets of the digits to replace by `*`.
fn numbers_to_hide(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut hide: Vec<usize> = Vec::new();
    let mut i = 0;
    // A token ends before a non-digit, so the next digit found starts one.
    while let Some(start) = next_digit(b, i) {
        let tok = scan_token(b, start);
        i = tok.end.max(start + 1);
        if tok.len >= MIN_DIGITS {
            classify(text, &tok, &mut hide);
        }
    }
    hide
}

/// The first ASCII digit of `b` at or after `from`.
///
/// Sixteen bytes are tested at a time, with a test the compiler turns into
/// vector compares: long letters hold a few dates among hundreds of
/// characters, and a byte-by-byte search cost about seven instructions a
/// byte.
fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 16) {
        if chunk.iter().fold(false, |k, c| k | c.is_ascii_digit()) {
            break;
        }
        i += 16;
    }
    b[i..].iter().position(u8::is_ascii_digit).map(|p| i + p)
}

fn scan_token(b: &[u8], start: usize) -> NumberToken {
    let (end, len) = token_groups(b, start, |_, _| {});
    // A token too short to classify (see numbers_to_hide) needs no offsets:
    // only the rare long one is scanned again to keep its groups.
    let mut groups = Vec::new();
    if len >= MIN_DIGITS {
        token_groups(b, start, |s, e| groups.push((s, e)));
    }
    let digits = groups.iter().flat_map(|&(s, e)| s..e).collect();
    NumberToken {
        start,
        end,
        len,
        digits,
        groups,
    }
}

/// Walks the digit groups of the number token at `start`, giving each
/// group's byte range to `group`; returns the token's end and its number of
/// digits (a trailing X of a 14–18 digit token counts, in the last group).
fn token_groups(b: &[u8], start: usize, mut group: impl FnMut(usize, usize)) -> (usize, usize) {
    let mut i = start;
    let mut len = 0;
    loop {
        let g0 = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        len += i - g0;
        // A separator, then a group of three digits or more, continues the token.
        if let Some(sep) = separator_len(&b[i..]) {
            let mut j = i + sep;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j - (i + sep) >= 3 {
                group(g0, i);
                i += sep;
                continue;
            }
        }
        // An ID number's check character; numbers typed with a digit too
        // many or too few keep it as well.
        if (14..=18).contains(&len) && i < b.len() && matches!(b[i], b'X' | b'x') {
            i += 1;
            len += 1;
        }
        group(g0, i);
        return (i, len);
    }
}

/// Length of the separator at the start of `b` that may sit inside a
/// number: `-`, a space, or the dashes people type for it (— –).
fn separator_len(b: &[u8]) -> Option<usize> {
    match b {
        [b'-' | b' ', ..] => Some(1),
        [0xE2, 0x80, 0x93 | 0x94, ..] => Some(3),
        _ => None,
    }
}

/// Up to [`CONTEXT_CHARS`] characters before byte `at`.
fn context_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    let start = head
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    &head[start..]
}

fn has_any(ctx: &str, words: &[&str]) -> bool {
    words.iter().any(|w| ctx.contains(w))
}

/// Decides what `tok` is and pushes the byte offsets to hide. A token that is
/// nothing as a whole is tried group by group (`2024-05-01 13812345678`);
/// one whose groups are nothing either is masked as a long number when it
/// has [`LONG_DIGITS`] digits (a card written `6222 0212 3456 7890`).
fn classify(text: &str, tok: &NumberToken, hide: &mut Vec<usize>) {
    if tok.groups.len() == 1 {
        classify_digits(text, tok.start, &tok.digits, hide, true);
        return;
    }
    if classify_digits(text, tok.start, &tok.digits, hide, false) {
        return;
    }
    let mut any = false;
    for &(s, e) in &tok.groups {
        let digits: Vec<usize> = (s..e).collect();
        any |= classify_digits(text, s, &digits, hide, true);
    }
    if !any && tok.len >= LONG_DIGITS {
        hide_long(&tok.digits, hide);
    }
}

/// Classifies the digits at byte offsets `pos` (a token or one of its
/// groups) and pushes those to hide; `long` lets a number be masked by its
/// length alone. Returns whether the digits were taken for something.
fn classify_digits(
    text: &str,
    start: usize,
    pos: &[usize],
    hide: &mut Vec<usize>,
    long: bool,
) -> bool {
    let b = text.as_bytes();
    let d: Vec<u8> = pos.iter().map(|&p| b[p]).collect();
    let n = d.len();
    let ctx = context_before(text, start);
    let all_digits = d.iter().all(u8::is_ascii_digit);

    // After an identity cue: whatever the length, region code or checksum.
    if CUED_ID_DIGITS.contains(&n) && has_any(ctx, ID_CONTEXT) {
        match n {
            18 => hide.extend_from_slice(&pos[6..14]),
            15 => hide.extend_from_slice(&pos[6..12]),
            _ if n >= LONG_DIGITS - 3 => hide_long(pos, hide),
            _ => hide.extend_from_slice(&pos[..n - 4]),
        }
        return true;
    }
    let case = has_any(ctx, CASE_CONTEXT);
    // A landline written (0591)87654321 has its area code before the token.
    let paren_area = paren_area_code(text, start);

    // Mobile, with an optional 86 country code; 10–12 digits after a phone
    // word, whatever they begin with (a mistyped mobile is still the caller's).
    let cc = if n == 13 && d.starts_with(b"86") {
        2
    } else {
        0
    };
    if n == 11 + cc && all_digits && is_mobile(&d[cc..]) {
        hide.extend_from_slice(&pos[cc + 3..cc + 7]);
        return true;
    }
    if (10..=12).contains(&n) && all_digits && d[0] != b'0' && !case && has_any(ctx, PHONE_CONTEXT)
    {
        hide.extend_from_slice(&pos[3..n - 4]);
        return true;
    }
    // 18-character ID number with a birth date where one belongs.
    if n == 18 && d[..17].iter().all(u8::is_ascii_digit) && valid_birth(&d[6..14]) {
        hide.extend_from_slice(&pos[6..14]);
        return true;
    }
    if all_digits && !case {
        // Landline with area code: 010 and 02x have three digits, the rest four.
        if n >= 10 && d[0] == b'0' && d[1] != b'0' {
            let area = if matches!(d[1], b'1' | b'2') { 3 } else { 4 };
            if (7..=8).contains(&(n - area)) {
                hide.extend_from_slice(&pos[area..n - 4]);
                return true;
            }
        }
        // A local number after an area code in brackets, or after a phone word.
        if (7..=8).contains(&n) && d[0] != b'0' && (paren_area || has_any(ctx, PHONE_CONTEXT)) {
            hide.extend_from_slice(&pos[..n - 4]);
            return true;
        }
        // A QQ or WeChat account number.
        if (7..=12).contains(&n) && has_any(ctx, IM_CONTEXT) {
            hide.extend_from_slice(&pos[..n - 4]);
            return true;
        }
        // A card or account number named as one.
        if (12..LONG_DIGITS).contains(&n) && has_any(ctx, CARD_CONTEXT) {
            hide_long(pos, hide);
            return true;
        }
    }
    // Any long number, by its shape alone: ID numbers with a bad checksum or
    // birth date, bank cards, order and account numbers.
    if long && n >= LONG_DIGITS {
        hide_long(pos, hide);
        return true;
    }
    false
}

/// Hides all but the first and last four of `pos`.
fn hide_long(pos: &[usize], hide: &mut Vec<usize>) {
    hide.extend_from_slice(&pos[4..pos.len() - 4]);
}

fn is_mobile(d: &[u8]) -> bool {
    d.len() == 11 && d[0] == b'1' && (b'3'..=b'9').contains(&d[1])
}

fn paren_area_code(text: &str, start: usize) -> bool {
    let head = text[..start].trim_end_matches([' ', '-']);
    let Some(inner) = head.strip_suffix(')').or_else(|| head.strip_suffix('）')) else {
        return false;
    };
    let digits = inner.bytes().rev().take_while(u8::is_ascii_digit).count();
    let area = &inner[inner.len() - digits..];
    (3..=4).contains(&digits) && area.starts_with('0')
}

/// `yyyymmdd` with a year 1900–2099, a month 1–12 and a day 1–31.
fn valid_birth(d: &[u8]) -> bool {
    let num = |s: &[u8]| s.iter().fold(0u32, |a, c| a * 10 + u32::from(c - b'0'));
    let (y, m, day) = (num(&d[..4]), num(&d[4..6]), num(&d[6..8]));
    (1900..=2099).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        mask(s, &[]).into_owned()
    }

    /// The chunked search finds every digit a plain search finds, at every
    /// offset of a text longer than a chunk.
    #[test]
    fn next_digit_agrees_with_a_plain_search() {
        let text = "市民反映：小区12栋门口，路灯不亮已有3天，电话13812345678，谢谢！9";
        let b = text.as_bytes();
        for from in 0..=b.len() {
            let plain = b[from..]
                .iter()
                .position(u8::is_ascii_digit)
                .map(|p| from + p);
            assert_eq!(next_digit(b, from), plain, "{from}");
        }
        assert_eq!(
            next_digit("没有数字的一段很长很长很长的文字".as_bytes(), 0),
            None
        );
    }

    #[test]
    fn masks_mobiles_in_every_spelling() {
        assert_eq!(m("联系电话13812345678。"), "联系电话138****5678。");
        assert_eq!(m("电话:138-1234-5678"), "电话:138-****-5678");
        assert_eq!(m("打138 1234 5678找我"), "打138 **** 5678找我");
        assert_eq!(m("+86 13812345678"), "+86 138****5678");
        assert_eq!(m("8613812345678"), "86138****5678");
        assert_eq!(
            m("2024-05-01 13812345678来电"),
            "2024-05-01 138****5678来电"
        );
        assert_eq!(m("1502室13812345678"), "1502室138****5678");
        assert_eq!(m("13812345678/13987654321"), "138****5678/139****4321");
    }

    #[test]
    fn masks_landlines_with_area_codes() {
        assert_eq!(m("0591-87654321"), "0591-****4321");
        assert_eq!(m("010-12345678"), "010-****5678");
        assert_eq!(m("0914-2338613"), "0914-***8613");
        assert_eq!(m("(0591)87654321"), "(0591)****4321");
        assert_eq!(m("（0591）8765432"), "（0591）***5432");
        assert_eq!(m("座机87654321"), "座机****4321");
        assert_eq!(m("0473—2215683"), "0473—***5683");
    }

    #[test]
    fn masks_im_accounts() {
        assert_eq!(m("我的QQ：846219531，"), "我的QQ：*****9531，");
        assert_eq!(m("加微信 20881234567"), "加微信 *******4567");
        // Without the word before it, a nine-digit number is no account.
        assert_eq!(m("批准文号846219531"), "批准文号846219531");
    }

    #[test]
    fn masks_id_numbers_and_cards() {
        assert_eq!(
            m("身份证号35010219900307123X"),
            "身份证号350102********123X"
        );
        assert_eq!(m("证件350102199003071234"), "证件350102********1234");
        assert_eq!(m("身份证350102900307123"), "身份证350102******123");
        // A card number, grouped or not, valid or not.
        assert_eq!(m("6222021234567890128"), "6222***********0128");
        assert_eq!(m("6222021234567890127"), "6222***********0127");
        assert_eq!(m("卡号6222 0212 3456 7890"), "卡号6222 **** **** 7890");
        assert_eq!(m("6222 0212 3456 7891"), "6222 **** **** 7891");
        assert_eq!(m("银行账号622202123456"), "银行账号6222****3456");
    }

    /// After an identity cue the number is masked whatever its length,
    /// region code or checksum: a mistyped number is still the caller's.
    #[test]
    fn masks_every_number_after_an_identity_cue() {
        for (text, want) in [
            // Region code 99 and a birth date of month 13: not valid, masked.
            (
                "身份证号：991302199013451234",
                "身份证号：991302********1234",
            ),
            (
                "身份证号码 35010219901345123x",
                "身份证号码 350102********123x",
            ),
            (
                "公民身份号码:12345678901234567",
                "公民身份号码:1234*********4567",
            ),
            ("证件号码12345678", "证件号码****5678"),
            ("身份号1234567890123", "身份号1234*****0123"),
            ("ID: 350102199003071", "ID: 350102******071"),
            ("身份证 350102 19900307 1234", "身份证 350102 ******** 1234"),
            ("驾驶证号350102199913", "驾驶证号3501****9913"),
        ] {
            assert_eq!(m(text), want, "{text}");
        }
    }

    /// Long numbers are masked by their shape, whatever the words before them.
    #[test]
    fn masks_every_long_number() {
        for (text, want) in [
            ("案号2024050100012345", "案号2024********2345"),
            ("订单号6222021234567890128", "订单号6222***********0128"),
            ("编号202405011234567890", "编号2024**********7890"),
            ("单号123456789012345", "单号1234*******2345"),
            ("账户12345678901234567890123", "账户1234***************0123"),
            ("SN350102199013451234号", "SN3501**********1234号"),
            // Eleven digits after a phone word, not a mobile's prefix.
            ("联系电话12012345678", "联系电话120****5678"),
            ("手机:2345678901", "手机:234***8901"),
        ] {
            assert_eq!(m(text), want, "{text}");
        }
    }

    /// Full-width digits are found by [`mask_any`].
    #[test]
    fn mask_any_reads_full_width_digits() {
        assert_eq!(
            mask_any("电话１３８１２３４５６７８", &[]),
            "电话138****5678"
        );
        // Text without a number to mask comes back with ASCII digits.
        assert_eq!(mask_any("３栋２单元", &[]), "3栋2单元");
    }

    #[test]
    fn masks_emails_and_names() {
        assert_eq!(m("邮箱zhang.san@qq.com谢谢"), "邮箱z***@qq.com谢谢");
        assert_eq!(m("发到12345678@163.com"), "发到1***@163.com");
        assert_eq!(m("a@b"), "a@b");
        assert_eq!(
            mask("我叫王小明，王小明的房子漏水", &["王小明"]),
            "我叫王**，王**的房子漏水"
        );
        // Honorifics are not names; a lone surname is not masked.
        assert_eq!(
            mask("张先生反映张家湾路灯不亮", &["张先生"]),
            "张先生反映张家湾路灯不亮"
        );
        assert_eq!(mask("李建国女士称", &["李建国女士"]), "李**女士称");
    }

    #[test]
    fn keeps_numbers_that_are_not_personal() {
        for s in [
            "阳光花园3栋2单元502室",
            "解放大道175号",
            "2024年5月1日 08:23",
            "2024-05-01",
            "20240501",
            "罚款5000元，押金12000.50元",
            "12路和108路公交",
            "工单编号20240501000123",
            "案号20240501000123",
            "K2路",
            "人口1234567人",
            "400-123-4567",
            "面积120平方米，单价15800元",
            "2024-05-01 08:23:45",
            "身份证复印件3份",
            "证件照2张",
            "ID卡丢失",
            "2024年5月1日至2024年5月31日",
            "第12345678901234号",
        ] {
            assert_eq!(m(s), s, "{s}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::mask_any;
    use proptest::prelude::*;

    /// Pieces of ticket text, numbers and separators included, so that a
    /// planted number lands beside digits, dashes, spaces, letters and cues.
    const PIECES: &[&str] = &[
        "市民反映",
        "小区",
        "3栋2单元502室",
        "路灯不亮",
        "，",
        "。",
        "：",
        ":",
        " ",
        "-",
        "—",
        "电话",
        "身份证号",
        "ID",
        "订单号",
        "工单编号",
        "卡号",
        "2024年5月1日",
        "2024-05-01",
        "12路",
        "X",
        "x",
        "K",
        "号",
        "１２３",
        "元",
        "(0591)",
        "qq",
        "第",
        "附件",
        "\n",
    ];

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => proptest::sample::select(PIECES).prop_map(str::to_string),
            1 => "[0-9]{1,6}",
            1 => "[\u{4e00}-\u{9fa5}]{1,4}",
        ]
    }

    fn ascii_digit_runs(s: &str) -> impl Iterator<Item = usize> + '_ {
        s.as_bytes()
            .split(|b| !b.is_ascii_digit())
            .map(<[u8]>::len)
            .filter(|&n| n > 0)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

        /// A run of 15–19 digits planted anywhere in ticket text never
        /// survives masking, whatever stands around it.
        #[test]
        fn planted_long_numbers_never_survive(
            before in proptest::collection::vec(piece(), 0..8),
            after in proptest::collection::vec(piece(), 0..8),
            number in "[0-9]{15,19}",
        ) {
            let text = format!("{}{number}{}", before.concat(), after.concat());
            let out = mask_any(&text, &[]);
            prop_assert!(!out.contains(number.as_str()), "{text} → {out}");
            prop_assert!(ascii_digit_runs(&out).all(|n| n < 15), "{text} → {out}");
        }

        /// After an identity cue, no run of 8 digits or more survives.
        #[test]
        fn numbers_after_identity_cues_never_survive(
            before in proptest::collection::vec(piece(), 0..4),
            cue in proptest::sample::select(&["身份证", "身份证号", "身份证号码：", "证件号码:", "公民身份号码 ", "身份号", "ID:", "证件号 "][..]),
            number in "[0-9]{8,19}[Xx]?",
            after in proptest::sample::select(&["", "，", "。", "的", " 联系"][..]),
        ) {
            let text = format!("{}{cue}{number}{after}", before.concat());
            let out = mask_any(&text, &[]);
            let tail = &out[out.rfind(cue).map_or(0, |i| i + cue.len())..];
            prop_assert!(ascii_digit_runs(tail).all(|n| n < 8), "{text} → {out}");
        }
    }
}
