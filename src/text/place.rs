//! The place a ticket is about: an estate, market, school, road, village …
//!
//! Class-case clustering blocks on it and report titles name it, so it should
//! be the most specific named place, not the district. Two sources, in order:
//!
//! 1. **The address.** Administrative prefixes (the row's own district, street
//!    and community, then any `…省`, `…市`, `…区/县`, `…街道/镇/乡`) are cut off;
//!    what remains is split at numbers and unit words (号, 栋, 单元, 室 …) into
//!    named parts. `解放大道175号` gives 解放大道; `南湖大道203号香樟园3栋` gives
//!    香樟园: a named part after the house number is the estate or building
//!    and wins over the road.
//! 2. **The text**, when there is no address: the segmented words are scanned
//!    for a word ending in a place suffix (小区, 市场, 学校, 路, 村 …), joined with
//!    the word before it when the suffix stands alone (东门 + 农贸市场). Only
//!    nouns and names join, by jieba's part-of-speech tags (送往 医院 is no
//!    place), and a verb that only ends like a place (回乡) is none. A road,
//!    project or company needs a proper name among its words (硬化 道路 is
//!    none). A facility beats a road, a road beats a village or community, a
//!    village beats the township it lies in, and words already known as
//!    places (learned from addresses) are taken as they are.
//!
//! Two rules of the grammar of an address hold however jieba cut the
//! words: a village follows its township (坳上镇 黄泥 坳 村 is 黄泥坳村), and
//! an estate comes before its buildings' numbers (天马 御 都 4 号楼 is
//! 天马御都). Kinds of places (`[generic]` of `dict/place-words.txt`:
//! 垃圾中转站, 商品住宅小区) are never the place.
//!
//! When the address gives only a road or an area but the text names a
//! facility (the caller lives on 长江路 and complains about 西关菜市场), the
//! facility of the text is the place.

use std::ops::Range;
use std::sync::OnceLock;

use foldhash::{HashSet, HashSetExt};

use super::charset::{CharSet, code3};
use super::place_kinds::{rank, suffix_last};
use super::pos::Pos;
use super::segment::{Segmenter, Word};

/// Words for the buildings of an estate, said after its name (锦绣华庭
/// 小区, 融侨大厦 居民楼): not part of the name.
const BUILDINGS: &[&str] = &["小区", "居民楼", "住宅楼", "宿舍楼", "家属院", "家属楼"];
/// Generic words for rivers and lakes.
const WATER: &[&str] = &["内河", "河道", "河流", "河", "小河", "江河", "湖"];

/// Road suffixes that jieba leaves as words of their own after a name
/// (复园 路).
const ROAD_ONE: &[&str] = &["路", "街", "巷"];

/// Words that end in a place suffix but name no particular place; joined with
/// the word before them, or ignored.
const GENERIC: &[&str] = &[
    "小区",
    "市场",
    "学校",
    "医院",
    "公园",
    "广场",
    "工地",
    "项目",
    "农贸市场",
    "菜市场",
    "停车场",
    "马路",
    "道路",
    "公路",
    "高速公路",
    "大道",
    "江河",
    "住宅楼",
    "卫生院",
    "建设项目",
    "重点项目",
    "重大项目",
    "扶贫项目",
    "街道",
    "社区",
    "农村",
    "城市",
    "市区",
    "城区",
    "县城",
    "美丽乡村",
    "文明县城",
    "文明城市",
    "拉链路",
    "通村路",
    "通组路",
    "通户路",
    "乡村",
    "贫困村",
    "深度贫困村",
    "中心村",
    "主干路",
    "主干道",
    "美好家园",
    "旅游景区",
    "母亲河",
    "大街",
    "小巷",
    "楼",
    "院",
    "园",
    "城",
    "站",
    "厂",
    "路",
    "街",
    "村",
    "巷",
    "桥",
    "楼道",
    "楼梯",
    "电梯",
    "小区内",
    "菜场",
    "公司",
    "幼儿园",
    "车站",
    "超市",
    "商场",
    "家园",
    "花园",
    "大院",
    "学院",
    "大学",
    "中学",
    "小学",
    "庭院",
    "院子",
    "公寓",
    "公馆",
    "酒店",
    "宾馆",
    "饭店",
    "新村",
    "乡镇",
    "镇",
    "乡",
    "村里",
    "城里",
    "家里",
    "这里",
    "那里",
    "哪里",
    "心里",
    "里",
    "前往",
    "门楼",
    "高楼",
    "大楼",
    "楼房",
    "楼上",
    "楼下",
    "医疗",
    "法院",
    "物业公司",
    "有限公司",
    "有限责任公司",
    "股份有限公司",
    "总公司",
    "分公司",
    "城镇",
    "地区",
    "银行",
    "河流",
    "河道",
    "内河",
    "小溪",
    "溪流",
    "溪水",
    "河",
    "湖",
    "水库",
    "小河",
    "河边",
    "民居",
    "新居",
    "居",
    "其他",
    "不详",
    "无",
];
/// Endings of generic words that common words before them do not make a
/// place's name (施工 道路, 综合 整治 项目, 汽车 销售 有限公司).
const NEEDS_NAME: [&str; 6] = ["道路", "公路", "项目", "公司", "工地", "基站"];

/// The last word of a road cut off its name (上海 南路, 五四 北路): jieba
/// tags them place names, but a place two words on is another place, which
/// it does not start (南路 龙津 河 is 龙津河; 南平 东路 公交站 stays whole).
const ROAD_ENDS: &[&str] = &["东路", "西路", "南路", "北路", "中路"];

/// Last characters of the names of provinces, cities, districts and
/// counties.
pub(crate) const COUNTY_OR_ABOVE: [char; 4] = ['省', '市', '区', '县'];
/// Last characters of the names of townships.
const TOWNSHIP: [char; 2] = ['乡', '镇'];
/// How a subdistrict (街道, a township's urban peer) ends.
const SUBDISTRICT: &str = "街道";

/// Last characters of institutions (公安局, 办事处, 街道办, 派出所), which
/// do not join the place name that follows them (公安局 沙河).
const INSTITUTION: [char; 6] = ['局', '办', '处', '委', '厅', '所'];

/// Endings of words that end like a place but name an institution or a
/// thing (市政府, 网站).
const NOT_PLACE: &[&str] = &[
    "家庭",
    "修路",
    "冤枉路",
    "砂石路",
    "石子路",
    "泥巴路",
    "门路",
    "老路",
    "出路",
    "弯路",
    "断路",
    "上路",
    "人居",
    "宜居",
    "住院",
    "入园",
    "政府",
    "国务院",
    "网站",
    "党委",
    "机关",
    "水泥路",
    "柏油路",
    "土路",
    "邻居",
    "运河",
    "银河",
    "线路",
    "原路",
    "出院",
    "入院",
    "家乡",
    "老家",
    // Areas in general: 商州区农村 is no place.
    "农村",
    "乡村",
    "城镇",
    // "this village", "our village": which one is said elsewhere.
    "本村",
    "该村",
    "我村",
    "全村",
    "各村",
    "此村",
    "邻村",
    "同村",
    "外村",
];

/// True when `name` is a usable place name, not a generic word such as
/// 河流 or 小区 (exports put those in their place column too).
pub fn is_specific(name: &str) -> bool {
    name.chars().count() >= 2 && !is_generic(name) && !is_not_place(name)
}

/// The place an export's place cell names (cleaned), or None for a generic
/// word. A generic word typed before or after the name is cut off, as
/// 小区 is after an estate in an address: 龙津河河流 and 河流跃进河 (cells
/// of the Fuzhou export's 河流 column) are 龙津河 and 跃进河.
/// What is left must itself end like a place (东门农贸市场 stays whole).
pub fn from_column(cell: &str) -> Option<&str> {
    let cell = cell.trim();
    // Generic words of one character are place suffixes too (茶园河 is
    // no 茶园 with 河 typed after it).
    let name = GENERIC
        .iter()
        .filter(|g| g.chars().nth(1).is_some())
        .filter_map(|g| cell.strip_suffix(g).or_else(|| cell.strip_prefix(g)))
        .filter(|rest| rank(rest) > 0 && is_specific(rest))
        .min_by_key(|rest| rest.len())
        .unwrap_or(cell);
    is_specific(name).then_some(name)
}

/// Unit words cut from the ends of an address part.
const UNITS: &[char] = &[
    '号', '栋', '幢', '座', '楼', '层', '室', '户', '单', '元', '门', '弄', '期', '区', '排', '间',
];
/// Words after a place that say where near it; cut off.
const NEAR: &[&str] = &[
    "交叉口",
    "十字路口",
    "路口",
    "路段",
    "附近",
    "旁边",
    "对面",
    "门口",
    "东侧",
    "西侧",
    "南侧",
    "北侧",
    "东边",
    "西边",
    "南边",
    "北边",
    "一带",
    "周边",
    "内",
    "旁",
    "处",
    "后面",
    "前面",
    "楼下",
    "里面",
];
/// Longest address part taken as a place; longer parts are prose.
const MAX_PLACE_CHARS: usize = 16;

/// Place names learned from the data (addresses, place columns, config),
/// with their last characters, so that a word is looked up only when it
/// ends like one of them.
#[derive(Default, Clone)]
pub struct Known {
    names: HashSet<String>,
    last: CharSet,
    /// Names ending outside the BMP (never in practice): looked up always.
    wide: bool,
}

impl Known {
    /// Adds `name`; false when it was there already.
    pub fn insert(&mut self, name: &str) -> bool {
        if self.names.contains(name) {
            return false;
        }
        match name.chars().last() {
            Some(c) if (c as u32) < 0x10000 => self.last.insert(c),
            _ => self.wide = true,
        }
        self.names.insert(name.to_string())
    }

    /// True when `word` is a learned place name.
    pub fn contains(&self, word: &str) -> bool {
        word.chars().last().is_some_and(|c| self.may_end_with(c)) && self.names.contains(word)
    }

    /// False when no learned name ends with `c`.
    pub fn may_end_with(&self, c: char) -> bool {
        self.may_end_with_code(c as u32)
    }

    /// [`Known::may_end_with`] for a code point decoded by the caller.
    pub fn may_end_with_code(&self, c: u32) -> bool {
        self.wide || self.last.contains_code(c)
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no name was learned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// True when `s` ends like an institution or a thing ([`NOT_PLACE`]).
fn is_not_place(s: &str) -> bool {
    let t = tables();
    if !s
        .chars()
        .last()
        .is_some_and(|c| t.not_place_last.contains(c))
    {
        return false;
    }
    // Its last two and three characters, looked up (the endings are two or
    // three characters long; a test keeps them so).
    let mut starts = s.char_indices().rev().map(|(i, _)| i).skip(1);
    starts
        .by_ref()
        .take(2)
        .any(|i| t.not_place.contains(&s[i..]))
}

/// `s` without the prefix `name`; the first and last bytes are compared
/// before the rest (addresses are tested against several names each).
fn strip_name<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    let (a, b) = (s.as_bytes(), name.as_bytes());
    let n = b.len();
    (n > 0 && a.len() >= n && a[0] == b[0] && a[n - 1] == b[n - 1] && a[..n] == *b).then(|| &s[n..])
}

/// Lookup tables built once: segmentation calls [`from_words`] for every
/// word of every ticket, so a word that cannot be a place must be rejected
/// with one bitmap test of its last character, not a scan of the suffix
/// lists.
struct Tables {
    generic: HashSet<&'static str>,
    /// Last characters of the nearness words.
    near_last: CharSet,
    /// Last characters of the [`NOT_PLACE`] endings.
    not_place_last: CharSet,
    /// [`NOT_PLACE`].
    not_place: HashSet<&'static str>,
    /// First characters of the administrative level words.
    level_first: CharSet,
    /// [`UNITS`].
    units: CharSet,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut generic = HashSet::new();
        generic.extend(GENERIC.iter().copied());
        let mut near_last = CharSet::default();
        for c in NEAR.iter().filter_map(|n| n.chars().last()) {
            near_last.insert(c);
        }
        let mut not_place_last = CharSet::default();
        for c in NOT_PLACE.iter().filter_map(|n| n.chars().last()) {
            not_place_last.insert(c);
        }
        let mut level_first = CharSet::default();
        for c in LEVELS.iter().flat_map(|l| l.1) {
            level_first.insert(*c);
        }
        let mut units = CharSet::default();
        for c in UNITS {
            units.insert(*c);
        }
        Tables {
            units,
            level_first,
            not_place_last,
            not_place: NOT_PLACE.iter().copied().collect(),
            generic,
            near_last,
        }
    })
}

fn is_generic(s: &str) -> bool {
    tables().generic.contains(s) || super::gazetteer::is_generic_word(s)
}

/// True for "this county", "our city" (本县, 我市, 该镇 …): which one is said
/// elsewhere, so it is no part of a place's name.
fn is_reference(word: &str) -> bool {
    let mut c = word.chars();
    matches!(
        (c.next(), c.next(), c.next()),
        (
            Some('我' | '本' | '该' | '全' | '此' | '各'),
            Some('省' | '市' | '区' | '县' | '镇' | '乡' | '村'),
            None
        )
    )
}

/// How good a place found in text is: twice its `rank`, plus one for a
/// village or community, which lies inside a township or street (盖山镇
/// 浦下村 is about 浦下村). A learned name scores as one rank higher.
fn score(s: &str, rank: u8) -> u8 {
    rank * 2 + u8::from(rank == 1 && (s.ends_with('村') || s.ends_with("社区")))
}

/// Level words, their first characters, the most characters before
/// them, and the characters that must not follow (市场, 市民, 市政 are
/// not a city).
const LEVELS: [Level; 5] = [
    (&["省", "自治区"], &['省', '自'], 6, &[]),
    (&["市"], &['市'], 6, &['场', '民', '政']),
    (&["区", "县"], &['区', '县'], 5, &[]),
    (&["街道", "镇", "乡"], &['街', '镇', '乡'], 6, &[]),
    (&["社区", "村委会", "居委会"], &['社', '村', '居'], 6, &[]),
];

/// The district (区, 县) and street (街道, 镇, 乡) an address begins with,
/// by the order of China's administrative levels (省 市 区 街道 社区), for
/// exports that carry an address but no district or street column:
/// 高新区石羊街道丁香大道51号 → (高新区, 石羊街道). Words that only end like
/// a level (龙潭家园小区, 工业园区) are not taken for one.
pub fn divisions(address: &str) -> (Option<String>, Option<String>) {
    let mut s = address.trim_start_matches(|c: char| !is_cjk(c));
    let (mut district, mut street) = (None, None);
    for (k, level) in LEVELS.iter().enumerate().take(4) {
        let rest = strip_level(s, level);
        if rest.len() < s.len() {
            let part = &s[..s.len() - rest.len()];
            match k {
                // A city the level before did not cut (江城市城东区: "…城市"
                // is kept whole there) leaves its 市 inside the district.
                2 => {
                    let after_city = part
                        .rfind(['市', '省'])
                        .map(|i| &part[i + '市'.len_utf8()..])
                        .filter(|rest| rest.chars().count() >= 3);
                    district = Some(after_city.unwrap_or(part).to_string());
                }
                3 => street = Some(part.to_string()),
                _ => {}
            }
            s = rest;
        }
    }
    (district, street)
}

/// Cuts the administrative prefix off an address: the given names first (the
/// row's district, street, community), then generic levels.
fn strip_admin<'a>(mut s: &'a str, admin: &[&str]) -> &'a str {
    let strip_known = |mut s: &'a str| {
        for a in admin {
            if let Some(rest) = strip_name(s, a) {
                s = rest;
            }
        }
        s
    };
    // Levels come in order (省 市 区 街道 社区), each optionally written
    // with the row's own names: one pass suffices. Most addresses, once the
    // row's names are cut, hold no level word near the start: one walk over
    // the first characters tells, and the levels are skipped.
    s = strip_known(s);
    let level_first = &tables().level_first;
    let max = LEVELS.iter().map(|l| l.2).max().unwrap_or(0);
    if s.chars()
        .take(max + 1)
        .take_while(|&c| is_cjk(c))
        .any(|c| level_first.contains(c))
    {
        for level in &LEVELS {
            let rest = strip_level(s, level);
            if rest.len() < s.len() {
                s = strip_known(rest);
            }
        }
    }
    s.trim_start_matches(|c: char| !is_cjk(c) && !c.is_alphanumeric())
}

/// An administrative level: its words, their first characters (tested
/// before any string comparison), the most characters before the word, and
/// the characters that must not follow it.
type Level = (
    &'static [&'static str],
    &'static [char],
    usize,
    &'static [char],
);

/// Strips `^[CJK]{1,max}(level)` when what follows is not one of `not_before`
/// and the part before the level is not itself a place (…小区, …园区).
fn strip_level<'a>(s: &'a str, &(levels, first, max, not_before): &Level) -> &'a str {
    for (n, (i, c)) in s.char_indices().enumerate() {
        if !is_cjk(c) || n > max {
            break;
        }
        if n == 0 || !first.contains(&c) {
            continue;
        }
        let Some(l) = levels.iter().find(|l| s[i..].starts_with(**l)) else {
            continue;
        };
        let head = &s[..i];
        let rest = &s[i + l.len()..];
        // 小区, 园区, 社区, 校区 … are places, not districts; a street may
        // be named so (西园街道, 工业园街道).
        if rest.is_empty()
            || rest.starts_with(not_before)
            || (*l == "区" && head.ends_with(['小', '园', '社', '校', '景', '厂', '矿', '城']))
            || (l.len() == 3 && n < 2)
        {
            return s;
        }
        return rest;
    }
    s
}

/// Trims the unit words that follow a number at the start of an address
/// part (号, 栋 …) and nearness words (附近, 东侧 …) at its end.
fn trim_part(mut p: &str, after_number: bool) -> &str {
    if after_number {
        p = p.trim_start_matches(|c| tables().units.contains(c));
    }
    // Nearness words end in one of a few characters: test those first.
    while let Some(last) = p.chars().last()
        && tables().near_last.contains(last)
    {
        let Some(n) = NEAR.iter().find(|n| p.len() > n.len() && p.ends_with(**n)) else {
            break;
        };
        p = &p[..p.len() - n.len()];
    }
    if p.chars().all(|c| tables().units.contains(c)) {
        return "";
    }
    p
}

/// The place named by an address, or None when the address names only
/// administrative areas.
pub fn from_address(address: &str, admin: &[&str]) -> Option<String> {
    let rest = strip_admin(address.trim(), admin);
    // Named parts (runs of CJK), and whether a number came before each.
    let mut start: Option<usize> = None;
    let mut after_number = false;
    let parts = rest
        .char_indices()
        .map(Some)
        .chain([None])
        .filter_map(move |ci| match ci {
            Some((i, c)) if is_cjk(c) => {
                start.get_or_insert(i);
                None
            }
            Some((i, _)) => {
                let part = start.take().map(|s| (&rest[s..i], after_number));
                after_number = true;
                part
            }
            None => start.take().map(|s| (&rest[s..], after_number)),
        });
    // The named part after the house number (the estate) beats the road:
    // the last facility part wins, else the last part.
    let mut last = None;
    let mut last_facility = None;
    for (p, after) in parts {
        let p = trim_part(p, after);
        if p.chars().nth(1).is_none() || is_not_place(p) || is_generic(p) {
            continue;
        }
        last = Some(p);
        if rank(p) == 3 {
            last_facility = Some(p);
        }
    }
    let best = last_facility.or(last)?;
    (best.chars().count() <= MAX_PLACE_CHARS).then(|| best.to_string())
}

/// False when no word of `text` can be a place: [`from_words`] takes only
/// words ending in a place suffix or a learned name, so a text with none of
/// their last characters need not be segmented to look for one.
pub fn may_name_place(text: &str, known: &Known) -> bool {
    let suffix = suffix_last();
    text.chars()
        .any(|c| suffix.contains(c) || known.may_end_with(c))
}

/// The place named in segmented text, from the raw jieba words (stopwords
/// not yet removed). `known` holds place names learned from the data; `seg`
/// gives the stopwords and what kind of word a word is ([`Segmenter::pos`]):
/// a verb only ends like a place (回乡, 定居), and stopwords, verbs,
/// numerals, pronouns … are never part of a place's name (送往医院,
/// 几十个家庭 name no place).
pub fn from_words(words: &[impl Word], known: &Known, seg: &Segmenter) -> Option<String> {
    let stop = seg.stopwords();
    // The best place so far: its score (see [`score`]) and the words it
    // spans. The name is built once, at the end.
    let mut best: Option<(u8, Range<usize>)> = None;
    let best_score = |best: &Option<(u8, Range<usize>)>| best.as_ref().map_or(0, |b| b.0);
    let suffix_last = suffix_last();
    for (i, w) in words.iter().enumerate() {
        let w = w.word();
        // Cheap rejections first: most words end in no place suffix. A
        // place is CJK, so its last character is three bytes long, read
        // without decoding backwards.
        let b = w.as_bytes();
        // The grammar of an address, whatever jieba made of its words: a
        // number of buildings follows an estate (天马 御 都 4 号楼 is
        // 天马御都), a township is followed by a village (坳上镇 黄泥 坳 村
        // is 黄泥坳村).
        // A number alone (a word that mixes digits and a place suffix,
        // 798艺术区, goes on below).
        if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
            if let Some((r, span)) = estate_before_building(words, i, known, seg)
                && r > best_score(&best)
            {
                best = Some((r, span));
            }
            continue;
        }
        let Some(at) = b.len().checked_sub(3).filter(|&at| b[at] & 0xF0 == 0xE0) else {
            continue;
        };
        let last = code3(b, at);
        if let Some((r, span)) = village_after_township(words, i, seg)
            && r > best_score(&best)
        {
            best = Some((r, span));
        }
        let suffix = suffix_last.contains_code(last);
        if !suffix && (w.len() < 6 || !known.may_end_with_code(last)) {
            continue; // ends like no place suffix and no learned place
        }
        if !w.chars().all(is_cjk) {
            continue;
        }
        if known.contains(w) {
            // A learned place: as specific as its suffix says, at least a road.
            let r = (rank(w).max(2) + 1) * 2;
            if r > best_score(&best) {
                best = Some((r, i..i + 1));
            }
            continue;
        }
        if !suffix {
            continue;
        }
        let r = rank(w);
        let score = score(w, r);
        // As good as the best so far, a suffix word right after it may
        // still lengthen it (商州区 御湖 then 公馆: 商州区御湖公馆); a word
        // for the buildings of an estate adds nothing (锦绣华庭 小区 stays
        // 锦绣华庭, as its address names it).
        let extends = best
            .as_ref()
            .is_some_and(|(s, span)| *s == score && span.end == i)
            && !BUILDINGS.contains(&w);
        if r == 0 || (score <= best_score(&best) && !extends) || is_not_place(w) || is_reference(w)
        {
            continue;
        }
        // Right before a one-character road suffix, the word is the road's
        // name (复园 路 is 复园路, no estate 复园): the road is found at
        // the suffix.
        if r > 2
            && words
                .get(i + 1)
                .is_some_and(|n| ROAD_ONE.contains(&n.word()))
        {
            continue;
        }
        let n = w.chars().count();
        // A dictionary word of common nouns that ends like a road, project
        // or building site (市政道路, 工程项目, 建筑工地) is as generic as 道路
        // alone: a place only with a name before it. Companies are not
        // (电力公司, 公交公司: a city has one).
        let generic = is_generic(w)
            || (n >= 3
                && NEEDS_NAME.iter().any(|x| *x != "公司" && w.ends_with(x))
                && seg.has_word(w)
                && seg.pos(w) == Pos::Other);
        // A word that only ends like a place (回乡, 定居, 糊弄: verbs), or
        // one the HMM glued to a numeral or pronoun (一段路, 这段路; a set
        // phrase of the dictionary can be a place: 五一广场).
        let pos = if generic { Pos::Other } else { seg.pos(w) };
        match pos {
            Pos::Verb => continue,
            Pos::Function if !seg.has_word(w) => continue,
            _ => {}
        }
        if !generic && n >= 3 && (r < 3 || n > 4) {
            if !extends {
                best = Some((score, i..i + 1));
            }
            continue;
        }
        // A suffix word, or a short facility word (医院, 家政公司): joined with
        // up to two name words before it (江北 综合 市场, 城东区 人民 医院).
        let (mut from, mut chars) = (i, n);
        // Whether a proper name is among the words (see below).
        let mut named = pos == Pos::Name;
        // A name jieba's HMM made whole, suffix and all (龙峰河, 港头河), is
        // lengthened by proper names only, not by common nouns (看到 报纸
        // 龙峰河 is 龙峰河).
        let whole_name = n >= 3 && !generic && !seg.has_word(w);
        // Whether a proper name has been joined: a common noun does not
        // come before one (扰民 龙津 河, 仓山 正祥 广场 are 龙津河, 正祥广场;
        // 时代 天地 小区 joins, for 天地 is no name). A "name" that starts
        // with a place suffix (茶园 河环南 公园) or is the tail of a village
        // (水渠 子村 道路) is a piece jieba cut off the word before it, which
        // then still joins.
        let mut name_joined = false;
        for (j, prev) in words[..i].iter().enumerate().rev().take(2) {
            let prev = prev.word();
            let pn = prev.chars().count();
            if pn < 2
                || !prev.chars().all(is_cjk)
                || is_generic(prev)
                || (rank(prev) >= 2 && pn >= 3)
                || prev.ends_with(INSTITUTION)
                || (j + 1 < i && ROAD_ENDS.contains(&prev))
                // An unknown word of two characters ending like an
                // administrative name, with a name between it and the
                // suffix, is the tail of a name jieba cut (大 | 荆乡 | 黄山
                // | 村, 丹凤县 | 商镇 | 鱼岭 | 村): no part of the smaller
                // place (黄山村, 鱼岭村). Right before the suffix it may be
                // the place's own name (云镇 花园, 商镇 火车站).
                || (j + 1 < i
                    && pn == 2
                    && (prev.ends_with(COUNTY_OR_ABOVE) || prev.ends_with(TOWNSHIP))
                    && !seg.has_word(prev))
                || known.contains(prev)
                || chars + pn > 10
                || stop.contains(prev)
                || is_reference(prev)
            {
                break;
            }
            match seg.pos(prev) {
                Pos::Name => {
                    named = true;
                    name_joined |= !prev.chars().next().is_some_and(|c| suffix_last.contains(c))
                        && !seg.is_village_tail(prev);
                }
                Pos::Other if !whole_name && !name_joined => {}
                Pos::Action if !whole_name && j + 1 == i => {}
                Pos::Other | Pos::Action | Pos::Verb | Pos::Function => break,
            }
            from = j;
            chars += pn;
            // An administrative name (商州区, 洛南县) starts the place's
            // name: the word before it is not part of it (代表商州区御湖).
            if prev.ends_with(COUNTY_OR_ABOVE) {
                break;
            }
        }
        // Words joined with a road, project, company or building site make
        // a place only when one of them is a name: 硬化 道路 and 建设工程
        // 有限公司 are none, 圣捷 建筑 公司 is one. Roads and estates are
        // often named with common words (团结 路, 时代 天地 小区).
        // The words joined may still be a generic phrase (文明 县城).
        // Lengthening the best so far, the words joined must hold all of it.
        let holds_best = !extends || best.as_ref().is_some_and(|b| from <= b.1.start);
        // A word for rivers after nothing but administrative names is still
        // generic (福州市 内河: the city's rivers); a county's hospital or
        // court is one (商南县 医院).
        let only_admin = || {
            words[from..i]
                .iter()
                .all(|p| p.word().ends_with(COUNTY_OR_ABOVE))
        };
        if from < i
            && (named || !NEEDS_NAME.iter().any(|x| w.ends_with(x)))
            && !(WATER.contains(&w) && only_admin())
            && !is_generic(&words[from..=i].iter().map(Word::word).collect::<String>())
        {
            if holds_best {
                best = Some((score, from..i + 1));
            }
        } else if !generic && n >= 3 && !extends {
            best = Some((score, i..i + 1));
        }
    }
    best.map(|(_, span)| {
        let start = after_township(&words[span.clone()], seg);
        let name: String = words[span.start + start..span.end]
            .iter()
            .map(Word::word)
            .collect();
        // After an anonymised or coded division (A3区, K10县), jieba glues
        // its level to the name that follows (A3 | 区百箩 | 丘): the level
        // is no part of it.
        let coded = (span.start + start)
            .checked_sub(1)
            .is_some_and(|k| words[k].word().chars().all(|c| c.is_ascii_alphanumeric()));
        match name.strip_prefix(COUNTY_OR_ABOVE) {
            Some(rest) if coded && rest.chars().count() >= 2 => rest.to_string(),
            _ => name,
        }
    })
}

/// Most characters of a village's own name after its township.
const VILLAGE_NAME_CHARS: usize = 4;
/// Most characters of an estate's name before a building number.
const ESTATE_NAME_CHARS: usize = 8;
/// Words for the buildings of an estate after their number (4号楼, 6栋).
const BUILDING_NUMBERED: &[&str] = &["号楼", "栋", "幢", "座", "号院", "单元", "期"];

/// A word a place's name is made of: CJK, no stopword, no verb or function
/// word, no administrative name.
fn name_part(w: &str, seg: &Segmenter) -> bool {
    w.chars().all(is_cjk)
        && !seg.stopwords().contains(w)
        && !w.ends_with(COUNTY_OR_ABOVE)
        && !w.ends_with(TOWNSHIP)
        && !w.ends_with(SUBDISTRICT)
        && !matches!(seg.pos(w), Pos::Verb | Pos::Function)
        && !is_reference(w)
}

/// `words[i]` a township (three characters or more, ending in 乡 or 镇)
/// and the words after it a village's name of one to
/// [`VILLAGE_NAME_CHARS`] characters ending in 村 (坳上镇 | 黄泥 | 坳 | 村,
/// 土桥镇 | 迳 | 口村): the village's score and words, however jieba cut it.
fn village_after_township(
    words: &[impl Word],
    i: usize,
    seg: &Segmenter,
) -> Option<(u8, Range<usize>)> {
    let w = words[i].word();
    if w.chars().count() < 3 || !w.ends_with(TOWNSHIP) {
        return None;
    }
    let mut chars = 0;
    for (j, next) in words.iter().enumerate().skip(i + 1) {
        let n = next.word();
        if !n.chars().all(is_cjk) || seg.stopwords().contains(n) {
            return None;
        }
        chars += n.chars().count();
        if n.ends_with('村') && n != "农村" {
            let name = chars - 1;
            if name == 0 || name > VILLAGE_NAME_CHARS {
                return None;
            }
            let joined: String = words[i + 1..=j].iter().map(Word::word).collect();
            // A name of two characters keeps its township in front (大荆镇
            // 孟村), as the gazetteer's keys do.
            let from = match i.checked_sub(1) {
                _ if name >= 2 => i + 1,
                // And the county before the township (商州区 大荆镇 孟村).
                Some(k)
                    if words[k].word().chars().count() >= 3
                        && words[k].word().chars().all(is_cjk)
                        && words[k].word().ends_with(COUNTY_OR_ABOVE) =>
                {
                    k
                }
                _ => i,
            };
            return (!is_generic(&joined)).then(|| (score(&joined, 1), from..j + 1));
        }
        if chars > VILLAGE_NAME_CHARS || seg.pos(n) == Pos::Verb {
            return None;
        }
    }
    None
}

/// `words[i]` a number (all digits, as the caller checks) and the word
/// after it one of [`BUILDING_NUMBERED`]:
/// the name words right before the number (up to three, at most
/// [`ESTATE_NAME_CHARS`] characters, back to an administrative name, a
/// stopword or a verb) are an estate (天马 | 御 | 都 | 4 | 号楼, 购买 | 了 |
/// 荷塘月色 | 6 | 栋): its score and words.
fn estate_before_building(
    words: &[impl Word],
    i: usize,
    known: &Known,
    seg: &Segmenter,
) -> Option<(u8, Range<usize>)> {
    if i == 0 {
        return None;
    }
    let unit = words.get(i + 1)?.word();
    if !BUILDING_NUMBERED.contains(&unit) {
        return None;
    }
    let mut from = i;
    let mut chars = 0;
    // A name jieba does not know falls apart into single characters (天马
    // | 御 | 都), some of them stopwords or verbs: one after the name's
    // longer words is part of it (not 了 of 购买 了 荷塘月色), which must
    // hold a word of two characters or more.
    let mut whole = false;
    for j in (i.saturating_sub(3)..i).rev() {
        let p = words[j].word();
        let n = p.chars().count();
        let single = n == 1 && !whole && p.chars().all(is_cjk);
        if !(single || (name_part(p, seg) && !is_generic(p))) || chars + n > ESTATE_NAME_CHARS {
            break;
        }
        from = j;
        chars += n;
        whole |= n >= 2;
        if known.contains(p) {
            break;
        }
    }
    let name: String = words[from..i].iter().map(Word::word).collect();
    // Two characters at least, and no word for the buildings (小区 6 栋:
    // which estate is said elsewhere).
    if !whole || chars < 2 || is_generic(&name) || BUILDINGS.iter().any(|b| name.ends_with(b)) {
        return None;
    }
    Some((score(&name, 3), from..i))
}

/// Where a facility's own name starts among the words of `place`: after a
/// township (and the county or district before it) when what follows has
/// a proper name of three characters or more (洋里乡 洋里溪, 仓山区 盖山镇
/// 阳岐河, 腰市镇 庙湾 水库: the township says where it lies). A short name
/// (大坪镇 龙湾), a township's central school or hospital (永丰镇 中心小学)
/// and places other than facilities (大荆镇 孟村) keep it.
fn after_township(place: &[impl Word], seg: &Segmenter) -> usize {
    let Some(last) = place.last() else {
        return 0;
    };
    let Some(k) = place[..place.len() - 1]
        .iter()
        .rposition(|w| w.word().chars().count() >= 3 && w.word().ends_with(TOWNSHIP))
    else {
        return 0;
    };
    let rest = &place[k + 1..];
    let admin = place[..k]
        .iter()
        .all(|w| w.word().ends_with(COUNTY_OR_ABOVE));
    let chars: usize = rest.iter().map(|w| w.word().chars().count()).sum();
    if admin
        && rank(last.word()) == 3
        && chars >= 3
        && !rest[0].word().starts_with("中心")
        && rest.iter().any(|w| seg.pos(w.word()) == Pos::Name)
    {
        k + 1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gives_its_district_and_street() {
        let d = |a: &str| {
            let (d, s) = divisions(a);
            (d.unwrap_or_default(), s.unwrap_or_default())
        };
        let own = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            d("高新区石羊街道丁香大道51号龙潭家园10栋"),
            own("高新区", "石羊街道")
        );
        assert_eq!(d("白杨县杨家坪镇桃李西路65号"), own("白杨县", "杨家坪镇"));
        assert_eq!(
            d("湖南省长沙市岳麓区望月湖街道桐梓坡路8号"),
            own("岳麓区", "望月湖街道")
        );
        // A street whose name ends like an estate or a park is a street.
        assert_eq!(d("柳湖区西园街道西园街35号"), own("柳湖区", "西园街道"));
        assert_eq!(
            d("东川开发区工业园街道太和西路85号"),
            own("东川开发区", "工业园街道")
        );
        assert_eq!(d("江城市城东区东风社区阳光花园3栋"), own("城东区", ""));
        // Only a level word at the start, and not one that ends a place.
        assert_eq!(d("丁香大道51号龙潭家园小区10栋"), own("", ""));
        assert_eq!(d("龙潭家园小区10栋"), own("", ""));
        assert_eq!(d("经开区工业园区3号"), own("经开区", ""));
        assert_eq!(d(""), own("", ""));
    }

    #[test]
    fn address_gives_estate_over_road() {
        let admin = ["城东区", "长青街道", "东风社区"];
        let p = |a: &str| from_address(a, &admin);
        assert_eq!(
            p("城东区长青街道解放大道175号").as_deref(),
            Some("解放大道")
        );
        assert_eq!(
            p("城东区长青街道南湖大道203号香樟园").as_deref(),
            Some("香樟园")
        );
        assert_eq!(
            p("江城市城东区东风社区阳光花园3栋2单元502室").as_deref(),
            Some("阳光花园")
        );
        assert_eq!(
            p("福建省福州市鼓楼区东街街道三坊七巷附近").as_deref(),
            Some("三坊七巷")
        );
        assert_eq!(p("东门农贸市场东侧").as_deref(), Some("东门农贸市场"));
        assert_eq!(p("幸福里小区5号楼").as_deref(), Some("幸福里小区"));
        assert_eq!(p("城东区长青街道").as_deref(), None);
        assert_eq!(p("").as_deref(), None);
    }

    #[test]
    fn a_place_cell_loses_the_generic_word_typed_with_it() {
        assert_eq!(from_column(" 龙津河 "), Some("龙津河"));
        assert_eq!(from_column("龙津河河流"), Some("龙津河"));
        assert_eq!(from_column("河流跃进河"), Some("跃进河"));
        assert_eq!(from_column("锦绣华庭小区"), Some("锦绣华庭"));
        assert_eq!(from_column("茶园河"), Some("茶园河"));
        assert_eq!(from_column("西湖"), Some("西湖"));
        // What is left must end like a place.
        assert_eq!(from_column("东门农贸市场"), Some("东门农贸市场"));
        assert_eq!(from_column("东门菜市场"), Some("东门菜市场"));
        assert_eq!(from_column("河流"), None);
        assert_eq!(from_column("小区"), None);
    }

    #[test]
    fn text_gives_the_most_specific_place() {
        let mut known = Known::default();
        assert!(!may_name_place("金辉名都电梯困人", &known));
        assert!(known.insert("金辉名都"));
        assert!(may_name_place("金辉名都电梯困人", &known));
        assert!(may_name_place("东门农贸市场噪音", &known));
        assert!(!may_name_place("电梯困人", &known));
        assert!(known.insert("香樟园"));
        assert!(!known.insert("香樟园"));
        assert!(known.contains("香樟园") && !known.contains("香樟") && !known.contains("樟园"));
        let seg = Segmenter::new(&[] as &[&str], &[] as &[&str]).unwrap();
        let p = |w: &[&str]| from_words(w, &known, &seg);
        assert_eq!(
            p(&[
                "进入",
                "洛南县",
                "东街",
                "社区",
                "东风",
                "砖厂",
                "的",
                "马路"
            ])
            .as_deref(),
            Some("东风砖厂")
        );
        assert_eq!(
            p(&["东门", "农贸市场", "东侧", "夜市", "烧烤摊"]).as_deref(),
            Some("东门农贸市场")
        );
        assert_eq!(p(&["香樟园", "物业", "停水"]).as_deref(), Some("香樟园"));
        assert_eq!(p(&["黄河路", "人行道", "破损"]).as_deref(), Some("黄河路"));
        assert_eq!(p(&["在", "小区", "里", "养狗"]).as_deref(), None);
        assert_eq!(
            p(&["城东区", "人民", "医院", "乱收费"]).as_deref(),
            Some("城东区人民医院")
        );
        assert_eq!(
            p(&["江北", "综合", "市场", "商户"]).as_deref(),
            Some("江北综合市场")
        );
        assert_eq!(
            p(&["美家", "家政公司", "欠薪"]).as_deref(),
            Some("美家家政公司")
        );
        assert_eq!(p(&["工资", "拖欠"]).as_deref(), None);
        assert_eq!(p(&["商洛市政府", "不作为"]).as_deref(), None);
        // A village inside a township is the more specific place; "this
        // village" names none.
        assert_eq!(
            p(&["盖山镇", "浦下村", "的", "内河"]).as_deref(),
            Some("浦下村")
        );
        assert_eq!(
            p(&["腰市镇", "的", "路灯", "我", "代表", "本村"]).as_deref(),
            Some("腰市镇")
        );
    }

    /// Mistakes once made on the Shangluo letters: verbs, numerals and
    /// institutions are not part of a place's name, and some words only end
    /// like a place.
    #[test]
    fn not_place_endings_are_two_or_three_characters() {
        // is_not_place looks up the last two and three characters only.
        for e in NOT_PLACE {
            assert!((2..=3).contains(&e.chars().count()), "{e}");
        }
        assert!(is_not_place("商洛市政府") && is_not_place("修路"));
        assert!(is_not_place("高铁线路") && !is_not_place("线"));
        assert!(!is_not_place("团结路") && !is_not_place("政"));
    }

    #[test]
    fn text_place_names_are_names() {
        let known = Known::default();
        let seg = Segmenter::new(&[] as &[&str], &[] as &[&str]).unwrap();
        let p = |w: &[&str]| from_words(w, &known, &seg);
        // A verb before a generic facility: no place.
        assert_eq!(p(&["送往", "医院"]), None);
        assert_eq!(p(&["户口", "迁入", "学校"]), None);
        // Verbs and idioms that end like a place.
        assert_eq!(p(&["国庆", "期间", "回乡"]), None);
        assert_eq!(p(&["江苏", "昆山", "定居"]), None);
        assert_eq!(p(&["企业", "糊弄"]), None);
        assert_eq!(p(&["走投无路"]), None);
        // Numerals with a measure word, families, road-building.
        assert_eq!(p(&["几十个", "家庭"]), None);
        assert_eq!(p(&["一家", "建筑", "公司"]), None);
        assert_eq!(p(&["几年", "门前", "修路"]), None);
        // The name starts at an administrative name or after an institution.
        assert_eq!(
            p(&["代表", "商州区", "御湖"]).as_deref(),
            Some("商州区御湖")
        );
        assert_eq!(p(&["街道办", "桂圆", "新村"]).as_deref(), Some("桂圆新村"));
        // A suffix word right after the place found lengthens it; one
        // further on does not replace it at the same rank.
        assert_eq!(
            p(&["代表", "商州区", "御湖", "公馆", "业主"]).as_deref(),
            Some("商州区御湖公馆")
        );
        assert_eq!(
            p(&["凤冠新城", "小区", "的", "业主"]).as_deref(),
            Some("凤冠新城")
        );
        assert_eq!(
            p(&["住", "在", "御湖", "公馆", "，", "上", "第一", "小学"]).as_deref(),
            Some("御湖公馆")
        );
        // A name the HMM made whole takes proper names before it, not
        // common nouns (看到 报纸 龙峰河).
        assert_eq!(
            p(&["看到", "报纸", "龙峰河", "、"]).as_deref(),
            Some("龙峰河")
        );
        // A reference is no place, alone or joined (发展 本镇 特色).
        assert_eq!(p(&["发展", "本镇", "特色", "农业"]), None);
        // Set phrases, idioms and quantities that jieba tags as names or
        // nouns, and sides of a road (dict/pos-fixes.txt).
        assert_eq!(p(&["罔顾", "事实", "，", "信口开河"]), None);
        assert_eq!(p(&["夫妻", "两地分居"]), None);
        assert_eq!(p(&["这是", "必经之路"]), None);
        assert_eq!(p(&["走", "一段路"]), None);
        assert_eq!(
            p(&["文卫路", "北段", "御园", "小区"]).as_deref(),
            Some("御园小区")
        );
        // What must still join: nouns, verbal nouns, time words, 第一.
        assert_eq!(
            p(&["商州区", "第一", "小学"]).as_deref(),
            Some("商州区第一小学")
        );
        assert_eq!(
            p(&["江畔", "假日", "小区"]).as_deref(),
            Some("江畔假日小区")
        );
        assert_eq!(p(&["五一广场"]).as_deref(), Some("五一广场"));
        // Roads, projects and companies need a name: common words before
        // them make none (硬化 道路, 建设工程 有限公司); a name does (柞水县 is
        // in the gazetteer, though jieba tags it a common noun).
        assert_eq!(p(&["硬化", "道路"]), None);
        assert_eq!(p(&["建设工程", "有限公司"]), None);
        assert_eq!(p(&["综合", "整治", "项目"]), None);
        assert_eq!(
            p(&["柞水县", "天然气", "公司"]).as_deref(),
            Some("柞水县天然气公司")
        );
        // …while roads and estates are often named with common words.
        assert_eq!(p(&["团结", "路"]).as_deref(), Some("团结路"));
        // Words the HMM glued to a preposition or pronoun, and
        // demonstratives, are no name (将丹江 河, 这段 路, 我县 东畈 小区).
        assert_eq!(p(&["将丹江", "河"]), None);
        assert_eq!(p(&["今天", "这段", "路"]), None);
        assert_eq!(p(&["我县", "东畈", "小区"]).as_deref(), Some("东畈小区"));
    }

    /// Words before a proper name are not part of the place (the Fuzhou
    /// complaints without their river column, the Shangluo letters); a
    /// verbal noun joins only right before the last word.
    #[test]
    fn the_name_starts_at_the_proper_name() {
        let known = Known::default();
        let seg = Segmenter::new(&[] as &[&str], &[] as &[&str]).unwrap();
        let cases: &[(&[&str], Option<&str>)] = &[
            (&["噪音", "扰民", "龙津", "河"], Some("龙津河")),
            (&["仓山", "正祥", "广场"], Some("正祥广场")),
            (&["二期", "龙凤", "苑"], Some("龙凤苑")),
            (
                &["保障性", "住房", "惠悦", "家园", "小区"],
                Some("惠悦家园"),
            ),
            // A piece jieba cut off the word before: the name still joins.
            (
                &["晋安区", "香槟", "路", "茶园", "河环南", "公园"],
                Some("茶园河环南公园"),
            ),
            (&["水渠", "子村", "道路", "不通"], Some("水渠子村道路")),
            // Common nouns before common nouns still join.
            (&["时代", "天地", "小区"], Some("时代天地小区")),
            // What a letter asks to build is no name (建设 丹江 南路); a
            // verbal noun right before the last word is (江北 综合 市场,
            // 建设 路).
            (
                &["下大力气", "建设", "丹江", "南路", "区域"],
                Some("丹江南路"),
            ),
            (&["启动", "金港", "河"], Some("金港河")),
            (&["建设", "路", "口"], Some("建设路")),
            // A verb the HMM glued to the name after it (住锌业 小区, 修吴
            // 山河, 要建 金港 河, 蛆虫 满路) …
            (&["现在", "住锌业", "小区", "职工"], None),
            (&["北", "跨丹江河", "与"], None),
            (&["村里", "修新", "道路"], None),
            (&["盖山镇", "现在", "开始", "修吴", "山河"], Some("盖山镇")),
            (&["小区", "旁边", "要建", "金港", "河"], Some("金港河")),
            (&["蛆虫", "满路", "跑"], None),
            // … a position word or 从 glued to the word before (街沿 大庆
            // 河, 龙津 河从 福盛苑), and verbs jieba tags as names or
            // adjectives (dict/pos-fixes.txt).
            (
                &["中央", "第五", "街沿", "大庆", "河", "河岸"],
                Some("大庆河"),
            ),
            (&["龙津", "河从", "福盛苑", "到"], Some("福盛苑")),
            (&["杜绝", "龙津", "河", "支流"], Some("龙津河")),
            (&["政府", "清理", "内河"], None),
            // The end of a road's name starts no place two words on, and
            // stays in the one right after it.
            (&["上海", "南路", "龙津", "河"], Some("龙津河")),
            (&["靠", "南平", "东路", "公交站"], Some("南平东路公交站")),
            // A dictionary word of common nouns ending like a road or
            // project names none alone; 号 starts no name (36 号和园).
            (&["福州市", "政府", "的", "市政道路"], None),
            (&["该", "工程项目", "在", "香开新城"], Some("香开新城")),
            (&["路", "36", "号和园"], None),
            // The tail of a township's name jieba cut starts no place two
            // words on, and stays in the one right after it.
            (&["商州区", "大", "荆乡", "黄山", "村"], Some("黄山村")),
            (&["镇安县", "云镇", "花园"], Some("镇安县云镇花园")),
            // A township says where a river or estate with a name of its
            // own lies; a short name, a township's central school, and a
            // village keep it.
            (&["闽侯县", "洋里乡", "洋里溪", "安全"], Some("洋里溪")),
            (&["腰市镇", "庙湾", "水库"], Some("庙湾水库")),
            (&["镇安县", "大坪镇", "龙湾"], Some("镇安县大坪镇龙湾")),
            (
                &["洛南县", "永丰镇", "中心小学"],
                Some("洛南县永丰镇中心小学"),
            ),
            (
                &["商州区", "大荆镇", "孟村", "村民"],
                Some("商州区大荆镇孟村"),
            ),
            // A name right before a one-character road suffix is the
            // road's (复园 路); a word for rivers after a city alone names
            // none, a county's hospital is one.
            (
                &["仓山区", "复园", "路", "多处", "小区"],
                Some("仓山区复园路"),
            ),
            (&["福州市", "内河", "管理", "规定"], None),
            (&["商南县", "医院", "看病"], Some("商南县医院")),
        ];
        for (words, want) in cases {
            assert_eq!(
                from_words(words, &known, &seg).as_deref(),
                *want,
                "{words:?}"
            );
        }
    }

    /// The cases of the Shangluo letters that dict/pos-fixes.txt and the
    /// glued-word rules mend: actions, qualities, times and road classes
    /// jieba tags as nouns or names.
    #[test]
    fn corrected_tags_end_or_refuse_a_place() {
        let known = Known::default();
        let seg = Segmenter::new(&[] as &[&str], &[] as &[&str]).unwrap();
        let p = |w: &[&str]| from_words(w, &known, &seg);
        // An action or a quality before a name ends the place's name.
        assert_eq!(p(&["调整", "江滨", "路"]).as_deref(), Some("江滨路"));
        assert_eq!(p(&["国道", "惠安", "家园"]).as_deref(), Some("惠安家园"));
        assert_eq!(p(&["紧靠", "江山", "景区"]).as_deref(), Some("江山景区"));
        assert_eq!(p(&["雨天", "红泥", "一路"]).as_deref(), Some("红泥一路"));
        // …and before a generic word leaves no place.
        assert_eq!(p(&["回家", "乡"]), None);
        assert_eq!(p(&["平时", "走路"]), None);
        assert_eq!(p(&["老旧", "小区"]), None);
        assert_eq!(p(&["崎岖", "山路"]), None);
        assert_eq!(p(&["通村", "公路"]), None);
        assert_eq!(p(&["通讯", "公司"]), None);
        assert_eq!(p(&["信号", "基站"]), None);
        // Words the HMM glued to a particle or measure word (进个, 小小的).
        assert_eq!(p(&["进个", "城"]), None);
        assert_eq!(p(&["小小的", "县城"]), None);
        // Joined words that make a generic phrase.
        assert_eq!(p(&["全国", "文明", "县城"]), None);
        assert_eq!(p(&["整治", "内河"]), None);
        assert_eq!(p(&["商州区", "农村"]), None);
        assert_eq!(p(&["商洛市", "某厂"]), None);
        // An institution ends the name (派出所 永辉 超市).
        assert_eq!(p(&["派出所", "永辉", "超市"]).as_deref(), Some("永辉超市"));
        // Names that must survive: time-like words inside estate names
        // (jieba tags 假日, 现代, 九间 and 西秦 as time words).
        assert_eq!(
            p(&["西安", "现代", "医院"]).as_deref(),
            Some("西安现代医院")
        );
        assert_eq!(
            p(&["柞水县", "九间", "房村"]).as_deref(),
            Some("柞水县九间房村")
        );
    }
    /// The grammar of an address, however jieba cut its words: a village
    /// after its township, an estate before its building numbers.
    #[test]
    fn a_village_follows_its_township_and_an_estate_its_buildings_number() {
        let known = Known::default();
        let seg = Segmenter::new(&[] as &[&str], &[] as &[&str]).unwrap();
        let cases: &[(&[&str], Option<&str>)] = &[
            (
                &["J2", "区", "坳上镇", "黄泥", "坳", "村", "村民", "想"],
                Some("黄泥坳村"),
            ),
            (
                &["J8", "县", "土桥镇", "迳", "口村", "私设"],
                Some("迳口村"),
            ),
            (&["大荆镇", "孟村", "的", "路"], Some("大荆镇孟村")),
            // Not a village: a verb, or too long a run, before 村.
            (&["坳上镇", "回", "农村"], Some("坳上镇")),
            (
                &[
                    "是", "K10", "县", "天马", "御", "都", "4", "号楼", "5", "单元",
                ],
                Some("天马御都"),
            ),
            (
                &["购买", "了", "荷塘月色", "6", "栋", "1504", "的"],
                Some("荷塘月色"),
            ),
            // A subdistrict before the estate is where it lies, not its name.
            (
                &["北关街道", "天马", "御都", "4", "号楼", "几户"],
                Some("天马御都"),
            ),
            // A coded district's level glued to the name is no part of it.
            (&["原住", "A3", "区百箩", "丘", "5", "栋"], Some("百箩丘")),
            // No name before the number: which estate is said elsewhere.
            (&["我们", "都", "5", "栋", "的"], None),
            (&["他", "说", "了", "5", "栋"], None),
            (&["住", "小区", "5", "栋"], None),
        ];
        for (words, want) in cases {
            assert_eq!(
                from_words(words, &known, &seg).as_deref(),
                *want,
                "{words:?}"
            );
        }
    }
}
