//! Caller names a text introduces itself: 我叫王战荣, 联系人：曹凯,
//! 举报人：胡桂芬, or signs with after its last sentence (……。 张春喜
//! 2013年8月27日, see [`signed`]). Masked like a name from the export's own
//! column (王**).
//!
//! Letters and web tickets often come without a caller-name column, yet
//! their writers introduce or sign themselves in the text (47 of the 1,179
//! Shangluo mayor's-mailbox letters say 我叫 …, others give a 联系人 or
//! 举报人). Without masking, the name would reach the stored text, the
//! tokens, and from them keyword lists and reports.
//!
//! A name is found after a cue word only, never guessed from the text at
//! large: the cues are few and fixed (`JIAO`, `MING`, `REN`, and 我是 with
//! stricter checks: [`self_named`]), and what
//! follows them (after
//! a colon or spaces) is a name when it starts with a common surname and
//! has one or two characters more. After 我叫 and 名叫, which are followed
//! by nothing but a name, any Chinese character that can start a name will
//! do; a "name" whose third character ends an administrative name (写信人：
//! 商南县) is a place. The names found are masked like a name from the
//! export's caller column ([`super::mask`]): the first character kept, the
//! rest one `*` each (王战荣 → 王**), wherever the text repeats the name.
//! Where the name runs into the next word (我叫陈佳洛南县), a character too
//! many is masked rather than one too few.
//!
//! Family members a letter names after a kinship word (我父亲吴传德,
//! 老伴陈引香, 弟弟赵占良) are private persons too, often named beside their
//! illness or disability: [`kin_named`] finds them, with the same name
//! shape and a dictionary check (父亲高血压 and 儿子高考 name no one). 21 of
//! the Shangluo letters name a family member so, 41 times in all.

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// A cue word, the last byte of its character before the last one, and
/// whether it is followed by nothing but a name (true: no surname check).
type Cue = (&'static str, u8, bool);

/// Finders of 叫, 名 and 人, the last characters of every cue, each with
/// the cues it ends.
static LAST_CHARS: LazyLock<[(Finder<'static>, &[Cue]); 3]> = LazyLock::new(|| {
    [
        (Finder::new("叫"), JIAO),
        (Finder::new("名"), MING),
        (Finder::new("人"), REN),
    ]
});

/// Cue words after which a caller's name follows, by their last character
/// (叫, 名, 人): each with the last byte of its character before that one,
/// and whether the cue is followed by nothing but a name (true: no surname
/// check). A test keeps the bytes right.
const JIAO: &[Cue] = &[
    ("我叫", 0x91, true),
    ("名叫", 0x8D, true),
    ("我是叫", 0xAF, true),
];
const MING: &[Cue] = &[("姓名", 0x93, false), ("署名", 0xB2, false)];
const REN: &[Cue] = &[
    ("联系人", 0xBB, false),
    ("举报人", 0xA5, false),
    ("反映人", 0xA0, false),
    ("来信人", 0xA1, false),
    ("写信人", 0xA1, false),
    ("投诉人", 0x89, false),
    ("申请人", 0xB7, false),
    ("求助人", 0xA9, false),
];

/// Common single-character surnames (the most frequent few hundred), less
/// those that also start the words written after a cue (举报人相关,
/// 联系人那边, 来信人时常: 相, 那, 时 …).
pub const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏\
    魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛\
    郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞\
    左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈\
    饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞\
    姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚\
    鄢劳谌奚皮粟冼蔺楼盘满闻厉伊仝郜阚权帅屠豆朴盖练廉禹祖漆巴丰卿狄晋敬扈晁芮普阙浦戈伏鹿薄\
    邸雍辜羊阿乌母裘亓修邰赫杭况宿鲜逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅呼揭尉冶斯束檀衣阴昝\
    奉植衡富尧闭鱼瑚";

/// Compound surnames.
const COMPOUND: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木", "西门", "南宫", "独孤", "轩辕",
];

/// Characters that do not start a name after 我叫/名叫 (我叫他们来, 名叫不出).
const NOT_NAME_START: &str = "了他她你我们不的人过着车来去上下出起醒住回做这那什啥谁它";

/// Characters that end a name after its first given-name character: a
/// following word starts with them (王钢是…, 刘书民2018年 needs none).
const NAME_END: &str = "男女是现今住乃系的在从于电手年和与及等说向给已也就都请要想因对把被让去到岁身户此这那我你他她们家";

/// Kinship words after which a letter names a family member (我父亲吴传德,
/// 我的老伴陈引香), each two characters (a test keeps them so). Words that
/// are also titles of strangers (叔叔, 阿姨) are left out.
pub const KIN: &[&str] = &[
    "父亲", "母亲", "儿子", "女儿", "妻子", "丈夫", "老伴", "爱人", "哥哥", "弟弟", "姐姐", "妹妹",
    "孙子", "孙女", "儿媳", "女婿", "侄子", "侄女", "外甥", "公公", "婆婆", "岳父", "岳母", "爷爷",
    "奶奶", "爸爸", "妈妈", "老公", "老婆", "媳妇", "前夫", "前妻", "舅舅", "大哥",
];

/// Names of family members that `text` gives right after a kinship word
/// ([`KIN`]) that ends at one of the byte offsets `kin_ends` (a colon or
/// spaces may stand between): a common surname and one or two characters
/// more, as after 联系人 (see the module doc). The segmenter finds the
/// kinship words among jieba's words, which the text stage has at hand.
/// `is_word` tells dictionary words that are no person's name: a candidate
/// that is one, or starts with one of two characters, is ordinary prose
/// (父亲高血压, 儿子高考, 母亲田间劳作), not a name.
pub fn kin_named(
    text: &str,
    kin_ends: impl IntoIterator<Item = usize>,
    is_word: impl Fn(&str) -> bool,
) -> Vec<&str> {
    kin_ends
        .into_iter()
        .filter_map(|end| {
            let name = &text[name_after(text, end, false)?];
            let two = name.char_indices().nth(2).map_or(name, |(i, _)| &name[..i]);
            // 岳父岳母为…: a second kinship word, not a name.
            let kin = KIN.contains(&two);
            (!kin && !is_word(name) && !is_word(two)).then_some(name)
        })
        .collect()
}

/// Byte ranges of the names (surname and given name) that `text`
/// introduces; see the module doc. [`super::mask`] masks them as it masks
/// a name from the export's caller column.
pub fn introduced(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut found: Vec<std::ops::Range<usize>> = Vec::new();
    // Every cue ends in 叫 (E5 8F AB), 名 (E5 90 8D) or 人 (E4 BA BA):
    // the three characters are searched for (memmem's vector search: a
    // search for their last bytes stopped at one character in twenty);
    // where one stands, the cue is told by the last byte of the character
    // before it, and only that cue is compared (人 is common, the cues
    // before it rare). Only the cues found are collected: most texts have
    // none, and then nothing is allocated.
    let mut cues: Vec<(usize, bool)> = LAST_CHARS
        .iter()
        .flat_map(|(f, cues)| {
            f.find_iter(b).filter_map(move |at| {
                let end = at + 3;
                let before = *b.get(end.checked_sub(4)?)?;
                cues.iter()
                    .find(|(cue, key, _)| *key == before && b[..end].ends_with(cue.as_bytes()))
                    .map(|&(_, _, strong)| (end, strong))
            })
        })
        .collect();
    cues.sort_unstable_by_key(|e| e.0);
    for (end, strong) in cues {
        if found.last().is_some_and(|f| end <= f.end) {
            continue; // inside a name already found
        }
        if let Some(name) = name_after(text, end, strong) {
            found.push(name);
        }
    }
    found
}

/// The name at byte `at` (after separators), if one is.
fn name_after(text: &str, at: usize, strong: bool) -> Option<std::ops::Range<usize>> {
    let rest = &text[at..];
    let skipped = rest.len()
        - rest
            .trim_start_matches(|c: char| c == '：' || c == ':' || c.is_whitespace())
            .len();
    let start = at + skipped;
    let name = &text[start..];
    let surname_len = match COMPOUND.iter().find(|c| name.starts_with(**c)) {
        Some(c) => c.len(),
        None => {
            let first = name.chars().next()?;
            let known = SURNAMES.contains(first);
            if !is_han(first) || !(known || (strong && !NOT_NAME_START.contains(first))) {
                return None;
            }
            first.len_utf8()
        }
    };
    let mut given = name[surname_len..].char_indices();
    let (_, one) = given.next()?;
    if !is_han(one) || (!strong && NAME_END.contains(one)) {
        return None;
    }
    let mut end = surname_len + one.len_utf8();
    if let Some((i, two)) = given.next()
        && is_han(two)
        && (!NAME_END.contains(two) || ends_name_before(two, given.next().map(|(_, c)| c)))
    {
        // 写信人：商南县… and 举报人：张郭村… name a place, not a person.
        if ADMIN.contains(two) {
            return None;
        }
        end = surname_len + i + two.len_utf8();
    }
    Some(start..start + end)
}

/// Characters of [`NAME_END`] that also end given names (郭德和), and the
/// characters after which they do: a conjunction 和 is not followed by
/// punctuation or by 与, 于, 是, 在 or 的 (郭德和与郭德仁, 郭德和于1981年,
/// 郭德和（排行老三）), while 王芳和我 and 杨某和父亲 keep 和 out of the name.
const NAME_END_IN_NAME: &str = "和";
const AFTER_NAME: &str = "与于是在的";

/// Whether `two`, a character of [`NAME_END`] after a surname and one
/// given-name character, ends the name all the same: see
/// [`NAME_END_IN_NAME`].
fn ends_name_before(two: char, next: Option<char>) -> bool {
    NAME_END_IN_NAME.contains(two)
        && next.is_some_and(|c| AFTER_NAME.contains(c) || !(is_han(c) || c.is_alphanumeric()))
}

/// Last characters of administrative names: a "name" whose third character
/// is one of them is a place (商南县, 张郭村).
const ADMIN: &str = "省市州县区镇乡村";

/// Longest signature block, in bytes (80 Chinese characters), read after
/// a text's last sentence.
const SIGNATURE_BYTES: usize = 240;

/// Names that sign a text: the items of the block after its last sentence
/// (`张春喜 2013年8月27日`, `贾祥贵 耿用字 2020年12月30日`,
/// `天骄国际小区业主代表 陈永生`), separated by whitespace, that are a
/// common surname and one or two characters more, with a label before
/// (来信人：), a phone number after (（137…）) or a date on them
/// (`李捷2021年2月18日`) cut off. `is_word` tells dictionary words (谢谢,
/// 敬礼, 何时: a surname character starts many words), which are not names.
/// Letters are signed like this where no cue word introduces the writer;
/// the block must be short ([`SIGNATURE_BYTES`]) and follow a sentence end
/// (。！？!?), so the last words of an unpunctuated text are not read as a
/// signature.
pub fn signed(text: &str, is_word: impl Fn(&str) -> bool) -> Vec<&str> {
    // The last sentence end, searched backwards from the end of the text
    // (most texts end with one: nothing to read).
    let b = text.as_bytes();
    let lo = b.len().saturating_sub(SIGNATURE_BYTES);
    let mut i = b.len();
    let start = loop {
        if i <= lo {
            return Vec::new();
        }
        i -= 1;
        let ends = match b[i] {
            b'!' | b'?' => true,
            0x82 => i >= 2 && b[i - 2..i] == [0xE3, 0x80], // 。
            0x81 | 0x9F => i >= 2 && b[i - 2..i] == [0xEF, 0xBC], // ！ ？
            _ => false,
        };
        if ends {
            break i + 1;
        }
    };
    let block = &text[start..];
    block
        .split(char::is_whitespace)
        .filter_map(|item| {
            // A label before it (来信人：耿荣理), a phone number after it
            // (韩小锋（137…）), a date written on it (李捷2021年2月18日).
            let item = item.rsplit(['：', ':']).next().unwrap_or(item);
            let item = item.split(['（', '(']).next().unwrap_or(item);
            let name =
                item.trim_end_matches(|c: char| c.is_ascii_digit() || "年月日号-./".contains(c));
            (has_name_shape(name) && !is_word(name)).then_some(name)
        })
        .collect()
}

/// Finder of 我是, the cue of [`self_named`].
static WO_SHI: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("我是"));

/// Names a writer gives after 我是 (我是巩天成，家庭…, 我是白萧，是我市…).
/// 我是 is mostly followed by other things (我是商州区居民, 我是一名党员,
/// 我是公园天下小区的业主), so besides the name's shape (as after the cue
/// words: a common surname, one or two characters more, no administrative
/// name) the name must end where a clause does, before punctuation, a
/// space, the text's end or a character that ends names ([`NAME_END`]:
/// 男, 现, 家 …), and neither it nor its first two characters may be a
/// dictionary word (`is_word`: 公园天下, 高中生). On the 1,179 Shangluo
/// letters 我是 comes before a surname character 123 times, twice before a
/// name; both are found and nothing else.
pub fn self_named(text: &str, is_word: impl Fn(&str) -> bool) -> Vec<&str> {
    WO_SHI
        .find_iter(text.as_bytes())
        .filter_map(|at| {
            let range = name_after(text, at + "我是".len(), false)?;
            let name = &text[range.clone()];
            let next = text[range.end..].chars().next();
            let clause_ends = next.is_none_or(|c| !is_han(c) || NAME_END.contains(c));
            let two = name.char_indices().nth(2).map_or(name, |(i, _)| &name[..i]);
            (clause_ends && !is_word(name) && !is_word(two)).then_some(name)
        })
        .collect()
}

/// True when `name` has the shape of a person's name: Chinese characters
/// only, a common (or compound) surname and one or two characters more,
/// and not ending like an administrative name (张郭村). Says nothing of
/// whether it is a word (谢谢 has the shape).
pub fn has_name_shape(name: &str) -> bool {
    let n = name.chars().count();
    let surname = COMPOUND
        .iter()
        .find(|c| name.starts_with(**c))
        .map_or(1, |c| c.chars().count());
    let (Some(first), Some(last)) = (name.chars().next(), name.chars().last()) else {
        return false;
    };
    name.chars().all(is_han)
        && (surname + 1..=surname + 2).contains(&n)
        && (surname == 2 || SURNAMES.contains(first))
        && !ADMIN.contains(last)
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text as masking stores it (column names: none).
    fn m(text: &str) -> String {
        super::super::mask::mask(text, &[]).into_owned()
    }

    #[test]
    fn self_introductions_and_signatures_are_masked() {
        assert_eq!(m("我叫李爱珍，女，现年70岁"), "我叫李**，女，现年70岁");
        assert_eq!(m("我叫王钢，是2021届毕业生"), "我叫王*，是2021届毕业生");
        assert_eq!(m("我叫贺冬冬电话13312341234"), "我叫贺**电话133****1234");
        assert_eq!(m("我叫吴开朗家住柞水县"), "我叫吴**家住柞水县");
        assert_eq!(m("村民名叫杨保民，59岁"), "村民名叫杨**，59岁");
        assert_eq!(m("姓名 周刚娃   男"), "姓名 周**   男");
        assert_eq!(m("联系人：曹凯 18612341234"), "联系人：曹* 186****1234");
        assert_eq!(m("举报人刘书民2018年"), "举报人刘**2018年");
        assert_eq!(m("举报人：胡桂芬 2016年"), "举报人：胡** 2016年");
        assert_eq!(m("反映人：陈海霞"), "反映人：陈**");
        assert_eq!(m("联系人：王德和，电话"), "联系人：王**，电话");
        assert_eq!(m("我叫欧阳娜娜"), "我叫欧***");
        assert_eq!(m("我是叫孙宏博，农民"), "我是叫孙**，农民");
        assert_eq!(m("于是叫卢建军开处方"), "于是叫卢建军开处方");
        // A rare surname after the strong cue 我叫.
        assert_eq!(m("我叫瑚小华，是来自镇安"), "我叫瑚**，是来自镇安");
        // Two in one text.
        assert_eq!(m("我叫王小红。联系人：张三丰"), "我叫王**。联系人：张**");
        // The name again, without a cue.
        assert_eq!(
            m("举报人：刘书民。刘书民在2018年被打伤"),
            "举报人：刘**。刘**在2018年被打伤"
        );
    }

    #[test]
    fn a_writer_named_after_wo_shi() {
        let words = ["公园", "高中", "商州", "一名"];
        let named = |text: &'static str| self_named(text, |w| words.contains(&w));
        assert_eq!(named("我是巩天成，家庭困难"), vec!["巩天成"]);
        assert_eq!(
            named("您好！我是白萧，是我市镇安县的一名学生"),
            vec!["白萧"]
        );
        assert_eq!(named("我是王小明"), vec!["王小明"]);
        for text in [
            "我是商州区居民，",       // an administrative name
            "我是公园天下小区的业主", // a dictionary word first
            "我是高中生，",           // likewise
            "我是原建行买断人员",     // no clause ends after the name
            "我是陈塬街道办的",
            "我是一名党员",
        ] {
            assert_eq!(named(text), Vec::<&str>::new(), "{text}");
        }
    }

    /// The family members `text` names, with a few prose words.
    fn kin(text: &str) -> Vec<&str> {
        let mut ends: Vec<usize> = KIN
            .iter()
            .flat_map(|k| text.match_indices(k).map(|(i, k)| i + k.len()))
            .collect();
        ends.sort_unstable();
        kin_named(text, ends, |w| {
            ["高血压", "高考", "田间", "常年", "文化"].contains(&w)
        })
    }

    #[test]
    fn family_members_after_a_kinship_word_are_names() {
        assert_eq!(kin("我的老伴陈引香，今年79岁"), vec!["陈引香"]);
        assert_eq!(kin("我父亲吴传德退伍军人"), vec!["吴传德"]);
        assert_eq!(
            kin("母亲曹海荣、父亲雷书鹏(已故)"),
            vec!["曹海荣", "雷书鹏"]
        );
        assert_eq!(kin("我弟弟赵兴锋于2012年9月"), vec!["赵兴锋"]);
        assert_eq!(kin("丈夫周仕林，也因长期在农村"), vec!["周仕林"]);
        assert_eq!(kin("孙女：王小红"), vec!["王小红"], "a colon between");
        // 和 ends a given name when no conjunction can be meant.
        assert_eq!(kin("我丈夫郭德和与郭德仁协商"), vec!["郭德和"]);
        assert_eq!(kin("我丈夫郭德和（排行老三）"), vec!["郭德和"]);
        assert_eq!(kin("丈夫郭德和于1981年因公死亡"), vec!["郭德和"]);
        assert_eq!(kin("母亲杨秀和父亲王平"), vec!["杨秀", "王平"]);
        assert_eq!(kin("妻子王芳和我"), vec!["王芳"]);
        assert!(KIN.iter().all(|k| k.chars().count() == 2));
        // Prose after a kinship word: no surname, a word ending a name's
        // first character (是, 在, 年), or a dictionary word.
        for text in [
            "我父亲去世多年",
            "儿子在外打工",
            "女儿于2019年毕业",
            "父亲常年体弱多病",
            "父亲高血压多年",
            "儿子高考失利",
            "母亲田间劳作",
            "父亲文化程度低",
            "母亲节",
            "我岳父岳母为人和善",
        ] {
            assert_eq!(kin(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn cue_keys_are_the_bytes_before_the_last_character() {
        for (cue, key, _) in JIAO.iter().chain(MING).chain(REN) {
            let b = cue.as_bytes();
            assert_eq!(b[b.len() - 4], *key, "{cue}");
        }
        assert!(JIAO.iter().all(|c| c.0.ends_with('叫')));
        assert!(MING.iter().all(|c| c.0.ends_with('名')));
        assert!(REN.iter().all(|c| c.0.ends_with('人')));
    }

    /// The signature names of `text`, with a few dictionary words.
    fn sig(text: &str) -> Vec<&str> {
        signed(text, |w| {
            ["谢谢", "敬礼", "何时", "解决", "万分"].contains(&w)
        })
    }

    #[test]
    fn signatures_after_the_last_sentence_are_names() {
        assert_eq!(sig("……希望尽快解决。 张春喜 2013年8月27日"), vec!["张春喜"]);
        assert_eq!(
            sig("请领导关注！\u{a0}贾祥贵\u{a0} 耿用字\u{a0}\u{a0} 2020年12月30日"),
            vec!["贾祥贵", "耿用字"]
        );
        assert_eq!(
            sig("此致\n天骄国际小区业主代表 陈永生"),
            Vec::<&str>::new(),
            "no sentence end before the block"
        );
        assert_eq!(
            sig("的便利途径。 此致 天骄国际小区业主代表 陈永生"),
            vec!["陈永生"]
        );
        assert_eq!(sig("此致敬礼！\n李捷2021年2月18日"), vec!["李捷"]);
        assert_eq!(sig("望答复。欧阳娜娜"), vec!["欧阳娜娜"]);
        assert_eq!(
            sig("愿承担一切责任。 韩小锋（137****3437） 李书劳"),
            vec!["韩小锋", "李书劳"]
        );
        assert_eq!(
            sig(
                "此致 住户代表签名： 张喜萍 陈仁芳 胡榜娥 干秀丽 徐青春 张泉瑞 毛杰 南福荣 钟晓银 郭秀群 2021年4月12日"
            ),
            Vec::<&str>::new(),
            "no sentence end"
        );
        assert_eq!(
            sig(
                "直到问题得以解决。此致 住户代表签名： 张喜萍 陈仁芳 胡榜娥 干秀丽 徐青春 毛杰 2021年4月12日"
            ),
            vec!["张喜萍", "陈仁芳", "胡榜娥", "徐青春", "毛杰"],
            "干 is no common surname"
        );
    }

    #[test]
    fn endings_that_are_not_signatures() {
        for text in [
            // Dictionary words, places, dates, group signatures.
            "问题已反映多次。谢谢 敬礼",
            "请尽快处理。 何时 解决",
            "望早日解决。张郭村",
            "盼复。2015年12月23日",
            "此致敬礼！\n石门镇留题村六、七组全体村民",
            "敬礼！\n一个孩子的母亲 2018-8-8",
            // No sentence end: the text's own last words.
            "王小明 路灯不亮",
            // A last sentence longer than a signature block.
            "路灯坏了。小区门口的路灯已经坏了三个月了晚上出行很不方便老人孩子经常摔倒希望有关部门尽快派人维修，\
             附近居民多次向社区反映过这个问题但一直没有人来处理现在天黑得早更加危险 王小明",
            "",
        ] {
            assert_eq!(sig(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn cue_words_without_a_name_are_left() {
        for text in [
            "姓名与身份证不符",
            "姓名，也没有告知",
            "反映人:洛南县石坡镇王村",
            "反映人：丹凤县机耕路经营户",
            "举报人的合法权益",
            "举报人后，伺机报复",
            "举报人！此等颠倒是非",
            "我叫他们过来看看",
            "写信人：商洛市市民",
            "被举报人:张郭村烤烟种植户",
            "姓名更改方面的一些问题",
            "本人于2013年患病",
            "人民群众",
            "",
        ] {
            assert_eq!(m(text), text);
        }
    }
}
