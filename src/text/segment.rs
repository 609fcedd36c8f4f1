//! Word segmentation with jieba-rs, and the filter that turns its words into
//! the stored `tokens`.
//!
//! One [`Segmenter`] is built per run and shared by every rayon worker
//! (`Jieba::cut` takes `&self`; the type is Send + Sync). Its dictionary is
//! jieba's default one plus `dict/hotline.dict` (占道经营, 物业费, 拖欠工资 …),
//! the files of `[text] user_dict`, and the place names found in the data, so
//! that 阳光花园 or 长青街道 stay one word. HMM is on, so unseen names are
//! still joined.
//!
//! A word becomes a token when it has two characters or more, is not a
//! stopword (stopwords-iso's Chinese list plus `dict/stopwords-hotline.txt`
//! plus `[text] stopwords`) and is not a number, a masked number or
//! punctuation. Latin words are lower-cased; mixed words such as `5G` stay.

use foldhash::HashSet;
use std::io::BufRead;
use std::path::Path;

use jieba_rs::Jieba;

use crate::error::{Error, Result};
use crate::text::charset::{CharSet, code3};
use crate::text::dicts;
use crate::text::names::{KIN, SURNAMES};
use crate::text::normalize::dict_lines;
use crate::text::pos::{Pos, PosCache, pos_fixes, tag_pos};

/// The tokens of one text in one buffer, separated by U+001F (the unit
/// separator, which no token holds: the token filter drops every word with
/// an ASCII control): storing a ticket's words costs one allocation, not
/// one per word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tokens {
    text: String,
    count: u32,
}

/// Between two tokens in [`Tokens`].
const SEPARATOR: char = '\u{1F}';

impl Tokens {
    /// Room for tokens of `bytes` bytes in all.
    pub fn with_capacity(bytes: usize) -> Tokens {
        Tokens {
            text: String::with_capacity(bytes),
            count: 0,
        }
    }

    /// Appends a token; it must not hold U+001F (the token filter never
    /// lets one through).
    pub fn push(&mut self, token: &str) {
        debug_assert!(!token.contains(SEPARATOR));
        if self.count > 0 {
            self.text.push(SEPARATOR);
        }
        self.text.push_str(token);
        self.count += 1;
    }

    /// Appends a token with its ASCII letters lower-cased.
    pub fn push_ascii_lowercase(&mut self, token: &str) {
        self.push(token);
        let start = self.text.len() - token.len();
        self.text[start..].make_ascii_lowercase();
    }

    /// Appends `tail` to the last token (which must exist).
    fn extend_last(&mut self, tail: &str) {
        debug_assert!(self.count > 0 && !tail.contains(SEPARATOR));
        self.text.push_str(tail);
    }

    /// The tokens in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let all = (self.count > 0).then(|| self.text.split(SEPARATOR));
        all.into_iter().flatten()
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.count as usize
    }

    /// True when there is no token.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// True when `token` is one of the tokens.
    pub fn contains(&self, token: &str) -> bool {
        self.iter().any(|t| t == token)
    }
}

impl<S: AsRef<str>> FromIterator<S> for Tokens {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Tokens {
        let mut t = Tokens::default();
        for s in iter {
            t.push(s.as_ref());
        }
        t
    }
}

/// Lowest frequency given to a place name learned from the data.
pub const PLACE_FREQ: usize = 20_000;

/// A set of words for the per-word test of segmentation (stopwords).
///
/// A word of up to 16 bytes (five CJK characters) is kept as one `u128`, its
/// bytes zero-padded (so "a" and "a\0" look alike; the token filter drops
/// words with ASCII controls before it asks): a look-up hashes and
/// compares one integer and never follows a pointer to a string on the heap.
/// Longer words go to an ordinary string set.
#[derive(Default, Clone)]
pub struct WordSet {
    short: HashSet<u128>,
    long: HashSet<String>,
}

impl WordSet {
    /// The word's bytes, zero-padded, as one integer (little-endian).
    ///
    /// Read with two overlapping loads and a shift, not byte by byte: two-
    /// and three-character words take a handful of instructions.
    fn pack(word: &str) -> Option<u128> {
        let b = word.as_bytes();
        let n = b.len();
        let u32_at = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes"));
        let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        Some(match n {
            // The bytes past the first load, taken from a load that ends at
            // the word's end, shifted down past the bytes both loads hold.
            9..=16 => u128::from(u64_at(0)) | (u128::from(u64_at(n - 8) >> ((16 - n) * 8)) << 64),
            8 => u128::from(u64_at(0)),
            5..=7 => u128::from(u32_at(0)) | (u128::from(u32_at(n - 4) >> ((8 - n) * 8)) << 32),
            4 => u128::from(u32_at(0)),
            0..=3 => b.iter().rev().fold(0, |k, &x| (k << 8) | u128::from(x)),
            _ => return None,
        })
    }

    /// Adds `word`.
    pub fn insert(&mut self, word: &str) {
        match Self::pack(word) {
            Some(k) => {
                self.short.insert(k);
            }
            None => {
                self.long.insert(word.to_string());
            }
        }
    }

    /// True when `word` was added.
    pub fn contains(&self, word: &str) -> bool {
        match Self::pack(word) {
            Some(k) => self.short.contains(&k),
            None => self.long.contains(word),
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// True when there is no word.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A word of segmented text: one of jieba's tokens, or a string.
pub trait Word {
    /// The word's text.
    fn word(&self) -> &str;
}

impl Word for &str {
    fn word(&self) -> &str {
        self
    }
}

impl Word for jieba_rs::Token<'_> {
    fn word(&self) -> &str {
        self.word
    }
}

/// First characters of demonstratives and pronouns (这段, 那条, 该处, 我家).
const DEMONSTRATIVE: &[char] = &['这', '那', '该', '此', '每', '我', '你', '她', '某'];

/// Characters that, first in a word outside the dictionary, make it a
/// function word the HMM glued to what follows (将丹江, 因上, 到区, 未设,
/// 刚进, 所修): a preposition, conjunction, pronoun, negation or adverb.
/// None of them starts place names.
const FUNCTION_INITIAL: &[char] = &[
    '将', '因', '而', '到', '在', '从', '对', '把', '被', '给', '及', '与', '或', '我', '你', '她',
    '其', '该', '此', '这', '那', '每', '某', '未', '不', '没', '叫', '刚', '所', '号',
];

/// Characters that, last in a word outside the dictionary, make it a
/// function word the HMM glued to what precedes (搬到, 修去, 进个, 村及, 费有,
/// 全是, 河从, 点至): a particle, measure word, preposition, conjunction, directional
/// complement or 是. Place names do not end in them.
const FUNCTION_FINAL: &[char] = &[
    '的', '了', '着', '过', '到', '去', '个', '及', '往', '由', '为', '有', '给', '得', '在', '是',
    '从', '至',
];

/// Verbs that, first in a word outside the dictionary, make it a verb the
/// HMM glued to the name after it (住锌业 小区, 跨丹江河, 修新 道路, 要建
/// 金港 河, 有条 龙津 河, 直排 瀛洲 河, 蛆虫 满路): for
/// place finding only ([`Segmenter::pos`]); as tokens these words stay (住进,
/// 跨年).
const VERB_INITIAL: &[char] = &['住', '跨', '修', '治', '要', '有', '直', '满', '指'];

/// Position words that, last in a word outside the dictionary, make it a
/// function word the HMM glued to what precedes (街沿 大庆河, 巷旁 龙津河):
/// for place finding only, as [`VERB_INITIAL`].
const POSITION_FINAL: &[char] = &['沿', '旁'];

/// Negations: first in a word outside the dictionary, they do not make it
/// glue, for they carry the complaint (不亮, 没水 are tokens; 我于, 这座,
/// 将会 are the HMM's glue and are not).
const GLUE_INITIAL_EXCEPT: &[char] = &['未', '不', '没'];

/// More first characters that make a word outside the dictionary no token:
/// adverbs and particles the HMM glues to the next word (现将, 本应, 很难,
/// 之苦), and 日 of a date glued to what follows it (10日晚, 日起).
const GLUE_INITIAL_MORE: &[char] = &[
    '日', '现', '本', '请', '为', '以', '之', '很', '还', '更', '已', '只',
];

/// Numerals and quantifiers that, first in a word of two characters with a
/// measure word ([`MEASURES`]) second, make it a quantity (一年, 几次, 每户,
/// 两人, 四组, 十点, 三号): no token, as 3栋 and 502室 are none. 万, 千 and 百
/// are left out: they start names (万达, 万家, 千岛, 百货).
const QUANTITY_FIRST: &[char] = &[
    '一', '二', '两', '俩', '三', '四', '五', '六', '七', '八', '九', '十', '几', '多', '余', '每',
    '整', '半', '数',
];

/// Measure words and units of time, age and length that follow a numeral
/// in a quantity ([`QUANTITY_FIRST`]). Words that name something after a
/// numeral are left out: 期 (二期, a phase of an estate), 级, 楼, 路 (一路,
/// 八路), 胎 (二胎), 夜 (半夜), 侧 and 岸 (两岸), 会 (两会), 元 (多元) and
/// 周 (四周, all around).
const MEASURES: &[char] = &[
    '次', '回', '遍', '趟', '倍', '个', '位', '名', '人', '户', '家', '组', '套', '座', '栋', '幢',
    '层', '间', '句', '片', '件', '段', '处', '辆', '股', '条', '块', '项', '份', '张', '年', '月',
    '天', '日', '点', '岁', '米', '号',
];

/// First characters that make a word of 村 or 组 outside the dictionary
/// no tail of a name (see [`Segmenter::push_tokens`]): numerals (三组 is a
/// group of its own), movements and prepositions (回村, 向村, 驻村), and
/// pronouns and quantifiers (该村, 各组, 同村, 名村).
const NOT_TAIL_INITIAL: &[char] = &[
    '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '回', '向', '进', '到', '入', '驻',
    '出', '离', '在', '往', '名', '全', '本', '该', '各', '邻', '同', '每', '此', '这', '那', '我',
    '你', '他', '她',
];

/// Last characters of three-character words that have the shape of a
/// person's name but name a place, an office or a thing (康家沟, 黄头岭,
/// 马洲江, 欧澜山, 郭厝里, 农管局, 张山组, 公摊率): see [`Segmenter::looks_like_person`].
const NOT_NAME_LAST: &[char] = &[
    '沟', '岭', '坡', '台', '洞', '店', '湾', '坪', '岔', '峪', '垭', '塬', '寨', '堡', '铺', '组',
    '局', '司', '办', '部', '处', '所', '站', '队', '厂', '场', '证', '率', '品', '员', '费', '款',
    '税', '院', '会', '委', '江', '溪', '山', '湖', '桥', '厝', '里', '堂', '坊', '巷', '园', '后',
];

/// True when `word` is one character or empty: no longer than the UTF-8
/// sequence its first byte starts (a lead byte's leading ones, one for
/// ASCII), decided without a branch on the byte.
#[inline(always)]
fn is_one_char(word: &str) -> bool {
    let b = word.as_bytes();
    b.first()
        .is_none_or(|&x| b.len() <= (x.leading_ones() as usize).max(1))
}

/// Where a word outside the dictionary holds a function word (see
/// [`Segmenter::push_token`]).
enum Glue {
    None,
    /// It starts with one (我于, 从凤坂河).
    First,
    /// It ends with one (有个, 交了).
    Last,
}

/// jieba-rs with the hotline dictionaries, and the stopword list.
#[derive(Clone)]
pub struct Segmenter {
    jieba: Jieba,
    stop: WordSet,
    /// First ([`FUNCTION_INITIAL`] and [`GLUE_INITIAL_MORE`] less
    /// [`GLUE_INITIAL_EXCEPT`]) and last
    /// ([`FUNCTION_FINAL`]) characters of words the HMM glued from a
    /// function word and its neighbour (我于, 有个): see [`Segmenter::glued`].
    glue_first: CharSet,
    glue_last: CharSet,
    /// The gazetteer's names ([`DIVISIONS`](dicts::DIVISIONS)): names, whatever jieba's
    /// default dictionary tags them (it calls 柞水县 a common noun).
    divisions: WordSet,
    /// First and second characters of the kinship words
    /// ([`crate::text::names::KIN`]): see [`Segmenter::kin_ends`].
    kin_first: CharSet,
    kin_second: CharSet,
    /// [`SURNAMES`]: see [`Segmenter::looks_like_person`].
    surnames: CharSet,
    /// [`QUANTITY_FIRST`] and [`MEASURES`]: see [`Segmenter::push_token`].
    quantity_first: CharSet,
    measures: CharSet,
    /// [`dicts::POS_FIXES`]: what a word is, where jieba's tag misleads.
    pos_fixes: foldhash::HashMap<&'static str, Pos>,
    /// [`Segmenter::pos`] of the words asked so far: see [`PosCache`].
    pos_cache: PosCache,
}

impl Segmenter {
    /// jieba's default dictionary plus the shipped hotline words and
    /// stopwords, and the given extra files.
    pub fn new(
        user_dicts: &[impl AsRef<Path>],
        stopword_files: &[impl AsRef<Path>],
    ) -> Result<Segmenter> {
        let mut seg = Segmenter {
            jieba: Jieba::new(),
            stop: WordSet::default(),
            glue_first: CharSet::default(),
            glue_last: CharSet::default(),
            divisions: WordSet::default(),
            surnames: SURNAMES.chars().collect(),
            quantity_first: QUANTITY_FIRST.iter().copied().collect(),
            measures: MEASURES.iter().copied().collect(),
            kin_first: CharSet::default(),
            kin_second: CharSet::default(),
            pos_fixes: pos_fixes(),
            pos_cache: PosCache::default(),
        };
        for &c in FUNCTION_INITIAL.iter().chain(GLUE_INITIAL_MORE) {
            if !GLUE_INITIAL_EXCEPT.contains(&c) {
                seg.glue_first.insert(c);
            }
        }
        for &c in FUNCTION_FINAL {
            seg.glue_last.insert(c);
        }
        for kin in KIN {
            let mut c = kin.chars();
            seg.kin_first.insert(c.next().expect("two characters"));
            seg.kin_second.insert(c.next().expect("two characters"));
        }
        for w in dict_lines(dicts::STOPWORDS_ZH).chain(dict_lines(dicts::STOPWORDS_HOTLINE)) {
            seg.stop.insert(w);
        }
        for name in dict_lines(dicts::DIVISIONS) {
            seg.add_division(name);
        }
        for line in dicts::HOTLINE_DICT.lines() {
            seg.add_entry(line);
        }
        for path in user_dicts {
            let path = path.as_ref();
            for (n, line) in read_lines(path)?.iter().enumerate() {
                let mut fields = line.split_whitespace();
                if let (Some(_), Some(freq)) = (fields.next(), fields.next())
                    && freq.parse::<usize>().is_err()
                    && fields.next().is_some()
                {
                    return Err(Error::Config {
                        path: path.to_path_buf(),
                        message: format!(
                            "line {}: \"{line}\": the second field must be a frequency (a whole number); write `word [freq] [tag]`",
                            n + 1
                        ),
                    });
                }
                seg.add_entry(line);
            }
        }
        for path in stopword_files {
            for line in read_lines(path.as_ref())? {
                if let Some(w) = dict_lines(&line).next() {
                    seg.stop.insert(w);
                }
            }
        }
        Ok(seg)
    }

    /// Adds one `word [freq] [tag]` line; comments and blank lines are skipped.
    /// Without a frequency, the word gets the one that keeps it whole.
    fn add_entry(&mut self, line: &str) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return;
        }
        let mut f = line.split_whitespace();
        let Some(word) = f.next() else { return };
        let second = f.next();
        let (freq, tag) = match second.map(|s| s.parse::<usize>()) {
            Some(Ok(n)) => (Some(n), f.next()),
            Some(Err(_)) => (None, second),
            None => (None, None),
        };
        self.jieba.add_word(word, freq, tag);
        self.pos_cache.clear();
    }

    /// Adds an administrative name of the gazetteer, with the frequency jieba
    /// suggests: just enough to beat its own pieces (盖/山镇), so that it
    /// does not pull characters from its neighbours in ordinary prose
    /// (创新/城镇化 stays, though 新城镇 is a township). Names the
    /// dictionary knows keep their entry.
    fn add_division(&mut self, name: &str) {
        self.divisions.insert(name);
        if !self.jieba.has_word(name) {
            let freq = self.jieba.suggest_freq(name);
            self.jieba.add_word(name, Some(freq), Some("ns"));
            self.pos_cache.clear();
        }
    }

    /// Adds a word (a place name found in the data) so it is kept whole.
    ///
    /// jieba's suggested frequency only makes the word beat its own pieces;
    /// in a sentence a neighbour can still pull a character away (凤凰城外墙
    /// → 凤凰/城外/墙). Place names are rare strings, so they get at least
    /// [`PLACE_FREQ`], the frequency of a common word.
    pub fn add_word(&mut self, word: &str) {
        if !self.jieba.has_word(word) {
            let freq = self.jieba.suggest_freq(word).max(PLACE_FREQ);
            self.jieba.add_word(word, Some(freq), Some("ns"));
            self.pos_cache.clear();
        }
    }

    /// Adds an administrative name of the export (a district, street or
    /// community value) so it is kept whole, as strongly as a learned place
    /// ([`PLACE_FREQ`]), even where the gazetteer of divisions holds it at
    /// the frequency that only beats its pieces: the export's road 北关街
    /// must not take its street 北关街道 apart (北关街 | 道). Other words of
    /// the dictionary keep their entry.
    pub fn add_name(&mut self, name: &str) {
        if !self.jieba.has_word(name) || self.divisions.contains(name) {
            let freq = self.jieba.suggest_freq(name).max(PLACE_FREQ);
            self.jieba.add_word(name, Some(freq), Some("ns"));
            self.pos_cache.clear();
        }
    }

    /// True when `word` is in the dictionary.
    pub fn has_word(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }

    /// The stopword set.
    pub fn stopwords(&self) -> &WordSet {
        &self.stop
    }

    /// jieba's words, HMM on, nothing removed.
    pub fn words<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.cut(text).into_iter().map(|t| t.word).collect()
    }

    /// jieba's tokens, HMM on, nothing removed: [`Segmenter::words`]
    /// without the copy into a vector of strings.
    pub fn cut<'a>(&self, text: &'a str) -> Vec<jieba_rs::Token<'a>> {
        self.jieba.cut(text, true)
    }

    /// What kind of word jieba's dictionary says `word` is, as far as
    /// place names care.
    ///
    /// A word outside the dictionary (one the HMM joined) is a
    /// [`Pos::Name`], unless it starts with a preposition, conjunction,
    /// pronoun or negation ([`FUNCTION_INITIAL`]: 将丹江, 到区, 未设), ends
    /// in a particle or measure word (`FUNCTION_FINAL`: 搬到, 进个), or
    /// holds a dictionary word
    /// of two characters or more that is a verb or function word (回家找,
    /// 一段路): the HMM also glues ordinary words together. Single
    /// characters inside it are not asked: in names they are tagged at
    /// random (太白岔村). A word starting with a demonstrative or pronoun
    /// (这段, 那条, 我家) is a function word unless the dictionary tags it a
    /// name.
    ///
    /// A name of the gazetteer ([`DIVISIONS`](dicts::DIVISIONS)) is a name; a word of
    /// [`dicts::POS_FIXES`] is what that list says, whatever jieba's tag.
    ///
    /// jieba-rs has no look-up of a word's tag, so a word is tagged as a
    /// sentence of its own; callers ask only about the few words that could
    /// be or join a place name. The answers are kept until the dictionary
    /// changes ([`PosCache`]).
    pub fn pos(&self, word: &str) -> Pos {
        self.pos_cache.get_or(word, || self.work_out_pos(word))
    }

    /// [`Segmenter::pos`], worked out.
    fn work_out_pos(&self, word: &str) -> Pos {
        if self.divisions.contains(word) {
            return Pos::Name;
        }
        if let Some(&pos) = self.pos_fixes.get(word) {
            return pos;
        }
        let known = self.jieba.has_word(word);
        let long = word.chars().nth(1).is_some();
        if !known && long && (word.starts_with(FUNCTION_INITIAL) || word.ends_with(FUNCTION_FINAL))
        {
            return Pos::Function;
        }
        if !known && long && word.starts_with(VERB_INITIAL) {
            return Pos::Verb;
        }
        if !known && long && word.ends_with(POSITION_FINAL) {
            return Pos::Function;
        }
        if !known && word.chars().nth(2).is_none() {
            // Two characters outside the dictionary hold no dictionary word
            // of two characters or more: nothing to ask jieba.
            return Pos::Name;
        }
        let pieces = self.jieba.tag(word, false);
        let whole = matches!(pieces.as_slice(), [t] if t.word == word);
        let pos = match pieces.as_slice() {
            [t] if whole => tag_pos(t.tag, word),
            // Cut into pieces: a word outside the dictionary, or one whose
            // entry is too rare to win (这段 → 这 / 段).
            _ => pieces
                .iter()
                .filter(|t| t.word.chars().nth(1).is_some())
                .map(|t| tag_pos(t.tag, t.word))
                .find(|p| matches!(p, Pos::Verb | Pos::Function))
                .unwrap_or(if known { Pos::Other } else { Pos::Name }),
        };
        // A demonstrative or pronoun (这段 路, 那条 街, 我家 门口) names
        // nothing, unless the dictionary calls it a name (那曲).
        if long && word.starts_with(DEMONSTRATIVE) && !(whole && pos == Pos::Name) {
            return Pos::Function;
        }
        pos
    }

    /// Appends the token `word` becomes to `out`; false when it is dropped.
    #[inline(always)]
    pub fn push_token(&self, word: &str, out: &mut Tokens) -> bool {
        self.push_word(word, out, || false)
    }

    /// [`Segmenter::push_token`], where a quantity is kept when
    /// `names_village` says it is the name of a village whose tail follows
    /// (九间 房村).
    #[inline(always)]
    fn push_word(&self, word: &str, out: &mut Tokens, names_village: impl Fn() -> bool) -> bool {
        let Some(letter) = self.keep(word) else {
            return false;
        };
        if letter {
            out.push_ascii_lowercase(word);
            return true;
        }
        if (word.len() == 6 && self.is_quantity(word.as_bytes()) && !names_village())
            || (word.len() == 9 && self.is_house_number(word.as_bytes()))
        {
            return false;
        }
        if word.len() == 9
            && self.surnames.contains_code(code3(word.as_bytes(), 0))
            && self.looks_like_person(word)
        {
            return false;
        }
        match self.glued(word) {
            Glue::None => out.push(word),
            // Four characters or more after a preposition are most often a
            // name (从凤坂河, 对阳岐河): the name is the token.
            Glue::First if word.len() >= 12 && !self.stop.contains(&word[3..]) => {
                out.push(&word[3..]);
            }
            Glue::First | Glue::Last => return false,
        }
        true
    }

    /// Whether `word` is kept, and if so whether it has Latin letters.
    ///
    /// Read byte by byte: a CJK ideograph (lead byte E4–E9, U+4E00–U+9FFF
    /// from E4 B8) is taken in one step; other non-ASCII characters are
    /// decoded and count as CJK when alphabetic (Ext A, kana, accented Latin).
    #[inline(always)]
    fn keep(&self, word: &str) -> Option<bool> {
        let b = word.as_bytes();
        // Most words are two ideographs or more of U+4E00–U+9FFF, three
        // bytes each: their lead bytes alone decide it.
        if b.len() >= 6
            && b.len().is_multiple_of(3)
            && b.chunks_exact(3)
                .all(|c| matches!(c[0], 0xE5..=0xE9) || (c[0] == 0xE4 && c[1] >= 0xB8))
        {
            return (!self.stop.contains(word)).then_some(false);
        }
        // One character (punctuation, 的, 了 …).
        if is_one_char(word) {
            return None;
        }
        let mut cjk = false;
        let mut letter = false;
        let mut digit = false;
        let mut chars = 0;
        let mut i = 0;
        while i < b.len() {
            let lead = b[i];
            let (len, alnum) = match lead {
                0xE5..=0xE9 => (3, Some(true)),
                0xE4 if b[i + 1] >= 0xB8 => (3, Some(true)),
                b'0'..=b'9' => {
                    digit = true;
                    (1, Some(false))
                }
                b'a'..=b'z' | b'A'..=b'Z' => {
                    letter = true;
                    (1, Some(false))
                }
                b'-' | b'_' | b'.' => (1, None),
                0..=0x7F => return None, // punctuation, '*' of masked numbers
                _ => {
                    let c = word[i..].chars().next().expect("i is a char boundary");
                    if !c.is_alphabetic() {
                        return None; // symbols, CJK punctuation
                    }
                    (c.len_utf8(), Some(true))
                }
            };
            if i == 0 && alnum.is_none() {
                return None; // a word starts with a letter or digit
            }
            if alnum == Some(true) {
                cjk = true;
            }
            chars += 1;
            i += len;
        }
        if chars < 2 || (!cjk && !letter) || (digit && cjk) {
            return None; // one character, numbers, and 3栋 / 502室 / 12路
        }
        if self.stop.contains(word) {
            return None;
        }
        Some(letter)
    }

    /// Whether the word of six bytes `b` is a quantity: a numeral or
    /// quantifier and a measure word (一年, 几次, 每户, 两人), two bitmap
    /// tests.
    #[inline(always)]
    fn is_quantity(&self, b: &[u8]) -> bool {
        b[0] & 0xF0 == 0xE0
            && b[3] & 0xF0 == 0xE0
            && self.quantity_first.contains_code(code3(b, 0))
            && self.measures.contains_code(code3(b, 3))
    }

    /// Whether the word of nine bytes `b` is a building's number in words
    /// (二号楼, 五号院), no token as 3号楼 is none.
    #[inline(always)]
    fn is_house_number(&self, b: &[u8]) -> bool {
        b[0] & 0xF0 == 0xE0
            && b[6] & 0xF0 == 0xE0
            && &b[3..6] == "号".as_bytes()
            && self.quantity_first.contains_code(code3(b, 0))
            && matches!(
                char::from_u32(code3(b, 6)),
                Some('楼' | '栋' | '幢' | '院' | '门')
            )
    }

    /// Whether `word`, three characters the first of which is a common
    /// surname, is a person's name the HMM joined (何金明, 张忠富, 郭德义):
    /// outside the dictionary (so not 习近平, nor a place name of the
    /// gazetteer or the data), no 家 in the middle (魏家台), not ending like
    /// a place, office or thing ([`NOT_NAME_LAST`], place suffixes). Such
    /// words are no tokens: names of private persons would otherwise reach
    /// keyword lists and emerging-term alerts. On the Shangluo letters
    /// these are 300-odd tokens in 95,000, nearly all names; a few odd
    /// glues go with them (管一管, 修乱建).
    #[inline(never)]
    fn looks_like_person(&self, word: &str) -> bool {
        let mut c = word.chars();
        let (Some(_), Some(mid), Some(last)) = (c.next(), c.next(), c.next()) else {
            return false;
        };
        mid != '家'
            && !NOT_NAME_LAST.contains(&last)
            && crate::text::place_kinds::rank(word) == 0
            && !self.jieba.has_word(word)
    }

    /// Whether `word` is outside the dictionary and starts with a pronoun
    /// or preposition or ends with a particle or measure word (我于, 这座,
    /// 有个, 交了): the HMM glued a function word to its neighbour, and the
    /// result names no topic. Two look-ups in bitmaps decide most words;
    /// the dictionary is asked only about the few that match.
    fn glued(&self, word: &str) -> Glue {
        let b = word.as_bytes();
        let three = |i: usize| b[i] & 0xF0 == 0xE0;
        if b.len() < 6 || !three(0) || !three(b.len() - 3) {
            return Glue::None;
        }
        let glue = if self.glue_first.contains_code(code3(b, 0)) {
            Glue::First
        } else if self.glue_last.contains_code(code3(b, b.len() - 3)) {
            Glue::Last
        } else {
            return Glue::None;
        };
        if self.jieba.has_word(word) {
            Glue::None
        } else {
            glue
        }
    }

    /// Appends the tokens of jieba's `words` to `out`: each word through
    /// [`Segmenter::push_token`], except the tail of a village or group
    /// name that jieba cut off the name (王家 / 店村, 石门 / 子村, 牛角 /
    /// 沟组), which joins the token of the word before it (王家店村,
    /// 石门子村, 牛角沟组) instead of being a fragment of its own. The word
    /// before must be kept and no verb, numeral or pronoun (扶贫 驻村 and
    /// 镇长 坡村 stay apart).
    ///
    /// True when a kept word may be a kinship word (父亲, 大儿子): only then
    /// need the caller ask [`Segmenter::kin_ends`] where a letter may name a
    /// family member.
    pub fn push_tokens(&self, words: &[jieba_rs::Token], out: &mut Tokens) -> bool {
        let mut prev_kept = false;
        let mut kin = false;
        for (i, w) in words.iter().enumerate() {
            if prev_kept
                && self.is_village_tail(w.word)
                && !matches!(self.pos(words[i - 1].word), Pos::Verb | Pos::Function)
            {
                out.extend_last(w.word);
                prev_kept = false;
                continue;
            }
            // A quantity that a village's tail follows is the village's
            // name (九间 房村), joined as the other names are.
            let tail_next = || {
                words
                    .get(i + 1)
                    .is_some_and(|n| self.is_village_tail(n.word))
                    && !matches!(self.pos(w.word), Pos::Verb | Pos::Function)
            };
            prev_kept = self.push_word(w.word, out, tail_next);
            if prev_kept && self.may_be_kin(w.word) {
                kin = true;
            }
        }
        kin
    }

    /// Two or three characters whose last two are the first and second
    /// characters of kinship words ([`KIN`]): two bitmap tests.
    #[inline]
    fn may_be_kin(&self, word: &str) -> bool {
        let b = word.as_bytes();
        let n = b.len();
        (n == 6 || n == 9)
            && self.kin_first.contains_code(code3(b, n - 6))
            && self.kin_second.contains_code(code3(b, n - 3))
    }

    /// False when `text` holds no kinship word ([`KIN`]): no character
    /// among the first characters of kinship words is followed by one among
    /// their second characters. A title is cut to look for family members
    /// only when this is true (a few titles in a hundred).
    pub fn may_hold_kin(&self, text: &str) -> bool {
        let mut prev_first = false;
        text.chars().any(|c| {
            let hit = prev_first && self.kin_second.contains(c);
            prev_first = self.kin_first.contains(c);
            hit
        })
    }

    /// Byte offsets, in the text `words` were cut from, where a kinship
    /// word ([`KIN`]: 父亲, 老伴 …, or one character and one of them: 大儿子,
    /// 老父亲) ends: where a letter may name a family member
    /// ([`crate::text::names::kin_named`]).
    pub fn kin_ends<'a>(
        &'a self,
        words: &'a [jieba_rs::Token],
    ) -> impl Iterator<Item = usize> + 'a {
        words
            .iter()
            .filter(|w| {
                let n = w.word.len();
                self.may_be_kin(w.word)
                    && w.word.is_char_boundary(n - 6)
                    && KIN.contains(&&w.word[n - 6..])
            })
            .map(|w| w.byte_end)
    }

    /// Whether `word` is the tail of a village or group name (see
    /// [`Segmenter::push_tokens`]): two ideographs outside the dictionary
    /// and [`dicts::POS_FIXES`] (通村 is a verb), the second 村 or 组, the first
    /// none of [`NOT_TAIL_INITIAL`]. Most words fail on their length or
    /// last bytes, tested first.
    #[inline]
    pub fn is_village_tail(&self, word: &str) -> bool {
        let b = word.as_bytes();
        b.len() == 6
            && matches!(b[3..], [0xE6, 0x9D, 0x91] | [0xE7, 0xBB, 0x84]) // 村, 组
            && self.tail_is_no_word(word)
    }

    /// The rest of [`Segmenter::is_village_tail`], for the few words that
    /// end in 村 or 组.
    #[inline(never)]
    fn tail_is_no_word(&self, word: &str) -> bool {
        word.chars().next().is_some_and(|c| {
            ('\u{4E00}'..='\u{9FFF}').contains(&c) && !NOT_TAIL_INITIAL.contains(&c)
        }) && !self.pos_fixes.contains_key(word)
            && !self.jieba.has_word(word)
    }

    /// Tokens of an analysis text.
    pub fn tokens(&self, text: &str) -> Tokens {
        let words = self.cut(text);
        let mut out = Tokens::with_capacity(text.len());
        self.push_tokens(&words, &mut out);
        out
    }
}

fn read_lines(path: &Path) -> Result<Vec<String>> {
    let f = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
    std::io::BufReader::new(f)
        .lines()
        .collect::<std::io::Result<Vec<String>>>()
        .map_err(|e| Error::read(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg() -> Segmenter {
        Segmenter::new(&[] as &[&str], &[] as &[&str]).unwrap()
    }

    #[test]
    fn hotline_words_stay_whole_and_stopwords_go() {
        let s = seg();
        let t = s.tokens("路边有人占道经营，晚上噪音扰民，物业费也乱收，渣土车撒漏严重。");
        for w in ["占道经营", "噪音扰民", "物业费", "渣土车"] {
            assert!(t.contains(w), "{w} in {t:?}");
        }
        assert!(!t.iter().any(|w| w == "严重" || w == "晚上" || w == "，"));
    }

    #[test]
    fn townships_and_streets_stay_whole() {
        let s = seg();
        let w = s.words("仓山区盖山镇浦下村，鼓山镇福马路，牧护关镇秦岭村，腰市镇双庙村");
        for name in ["盖山镇", "鼓山镇", "牧护关镇", "腰市镇"] {
            assert!(w.contains(&name), "{name} in {w:?}");
        }
        // Only as strong as it takes to beat its own pieces: prose around a
        // township's name is cut as before (新城镇 is a township).
        assert_eq!(s.words("推进创新城镇化"), ["推进", "创新", "城镇化"]);
    }

    /// Names of private persons the HMM joined are no tokens; places,
    /// hotline words and names in the dictionary stay.
    #[test]
    fn person_names_are_not_tokens() {
        let s = seg();
        let t = s.tokens("举报村支书何金明侵占集体土地");
        assert!(!t.contains("何金明"), "{t:?}");
        assert!(t.contains("村支书") && t.contains("侵占"), "{t:?}");
        for (text, kept) in [
            ("马洲江的水发黑发臭", "马洲江"),
            ("康家沟村民饮水困难", "康家沟"),
            ("接种麻腮风疫苗", "麻腮风"),
            ("习近平总书记指出", "习近平"),
        ] {
            let t = s.tokens(text);
            assert!(t.contains(kept), "{text}: {t:?}");
        }
    }

    #[test]
    fn numbers_and_masks_are_not_tokens() {
        let s = seg();
        let t = s.tokens("阳光花园3栋2单元502室电话138****5678，WiFi和5G信号差");
        assert!(
            t.iter().all(|w| !w.contains('*') && !w.contains("502")),
            "{t:?}"
        );
        assert!(t.contains("wifi"), "{t:?}");
        assert!(t.contains("5g"), "{t:?}");
        // Quantities in words are no tokens either; words that name
        // something after a numeral are.
        let t = s.tokens("这一年每次下雨，四组有两人受伤，半夜十点还有二期工地施工，二胎家庭很多");
        for quantity in ["一年", "每次", "四组", "两人", "十点"] {
            assert!(!t.contains(quantity), "{quantity} in {t:?}");
        }
        for kept in ["下雨", "受伤", "半夜", "二期", "工地", "施工", "二胎"] {
            assert!(t.contains(kept), "{kept} not in {t:?}");
        }
        // Nor are numbers in words (三号, 二号楼), as 3号楼 is none.
        let t = s.tokens("首山路43号二号楼前，五号院门口");
        assert!(!t.iter().any(|w| w.contains('号')), "{t:?}");
        // A quantity that names a village keeps it whole.
        assert_eq!(s.words("住在九间房村"), ["住", "在", "九间", "房村"]);
        assert!(s.tokens("住在九间房村").contains("九间房村"));
    }

    #[test]
    fn word_set_holds_short_and_long_words() {
        let mut w = WordSet::default();
        for x in ["的", "我们", "ab", "因此", "一二三四五六七八"] {
            w.insert(x);
        }
        for x in ["的", "我们", "ab", "因此", "一二三四五六七八"] {
            assert!(w.contains(x), "{x}");
        }
        for x in ["我", "我们的", "abc", "a", "", "一二三四五六七", "因为"] {
            assert!(!w.contains(x), "{x}");
        }
        assert_eq!(w.len(), 5);
        // Packing is the zero-padded bytes at every length.
        for text in ["abcdefghijklmnopq", "一二三四五六", "a一b二c三d"] {
            for end in (1..=text.len().min(16)).filter(|&e| text.is_char_boundary(e)) {
                let mut padded = [0u8; 16];
                padded[..end].copy_from_slice(&text.as_bytes()[..end]);
                let packed = WordSet::pack(&text[..end]);
                assert_eq!(packed, Some(u128::from_le_bytes(padded)), "{end}");
            }
        }
        assert_eq!(WordSet::pack("abcdefghijklmnopq"), None);
        // Many words.
        let words: Vec<String> = (0..3000).map(|i| format!("词{i}")).collect();
        let mut w = WordSet::default();
        for x in &words {
            w.insert(x);
        }
        assert!(words.iter().all(|x| w.contains(x)));
        assert!(!w.contains("词3000") && w.len() == 3000);
    }

    #[test]
    fn pos_fixes_and_glued_words() {
        let s = seg();
        // Every line of dict/pos-fixes.txt is read.
        let lines = dicts::POS_FIXES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(pos_fixes().len(), lines);
        assert_eq!(s.pos("回家"), Pos::Verb);
        assert_eq!(s.pos("老旧"), Pos::Verb);
        assert_eq!(s.pos("通讯"), Pos::Other);
        assert_eq!(s.pos("平时"), Pos::Function);
        // Outside the dictionary, ending in a particle or measure word.
        assert!(!s.has_word("进个"));
        assert_eq!(s.pos("进个"), Pos::Function);
        // Adjectival nouns and descriptive words (jieba's an and z).
        assert_eq!(s.pos("困难"), Pos::Verb);
        assert_eq!(s.pos("小小的"), Pos::Function);
        // Names stay names.
        assert_eq!(s.pos("商州区"), Pos::Name);
    }

    /// Words the HMM glued from a function word and its neighbour are no
    /// tokens; dictionary words and negations are.
    #[test]
    fn glued_function_words_are_no_tokens() {
        let s = seg();
        let mut t = Tokens::default();
        for w in [
            "我于", "这座", "有个", "交了", "全是", "现将", "日晚", "将会", "不亮", "没水", "路灯",
            "这里", "有关", "为了", "现在", "通村",
        ] {
            s.push_token(w, &mut t);
        }
        // 这里, 有关, 为了 and 现在 are stopwords; 通村 is no glue.
        assert_eq!(
            t.iter().collect::<Vec<_>>(),
            ["不亮", "没水", "路灯", "通村"]
        );
    }

    #[test]
    fn kinship_words_are_found_among_the_words() {
        let seg = Segmenter::new(&[] as &[&str], &[] as &[&str]).unwrap();
        let text = "我父亲去世后，大儿子胡祥杰和老伴住在公司宿舍";
        let words = seg.cut(text);
        let ends: Vec<&str> = seg.kin_ends(&words).map(|e| &text[..e]).collect();
        assert_eq!(
            ends,
            [
                "我父亲",
                "我父亲去世后，大儿子",
                "我父亲去世后，大儿子胡祥杰和老伴"
            ]
        );
    }

    /// The tail of a village or group name jieba cut off joins the name.
    #[test]
    fn village_tails_join_the_name() {
        let s = seg();
        let t = s.tokens("王家店村和石门子村的道路，牛角沟组的水，李坪村三组，村民七组");
        let t: Vec<&str> = t.iter().collect();
        for joined in ["王家店村", "石门子村", "牛角沟组"] {
            assert!(t.contains(&joined), "{t:?}");
        }
        for fragment in ["店村", "子村", "沟组", "李坪村三组"] {
            assert!(!t.contains(&fragment), "{t:?}");
        }
        // Not after a verb (保留, and 镇长 by dict/pos-fixes.txt), nor a
        // movement (驻村) or a word of pos-fixes (通村).
        let t = s.tokens("保留闫村的房子，镇长坡村，扶贫驻村，发展通村公路");
        let t: Vec<&str> = t.iter().collect();
        for kept in ["保留", "闫村", "镇长", "坡村", "扶贫", "驻村", "通村"] {
            assert!(t.contains(&kept), "{t:?}");
        }
        // A tail after a word that is no token stays a token of its own.
        let mut out = Tokens::default();
        let words = s.cut("的店村");
        s.push_tokens(&words, &mut out);
        assert_eq!(out.iter().collect::<Vec<_>>(), ["店村"]);
    }

    #[test]
    fn one_character_words_and_symbols_are_dropped() {
        let s = seg();
        let mut t = Tokens::default();
        for w in [
            "，", "的", "a", "5", "。", "—", "☆☆", "·路灯", "-5", "路灯", "㐀㐁", "ä5", "äB",
        ] {
            s.push_token(w, &mut t);
        }
        assert_eq!(t.iter().collect::<Vec<_>>(), ["路灯", "㐀㐁", "äb"]);
    }

    /// The answers of `pos` are kept, and forgotten when the dictionary
    /// changes: a word learned as a place is a name from then on.
    #[test]
    fn pos_answers_follow_the_dictionary() {
        let mut s = seg();
        assert_eq!(s.pos("进个"), Pos::Function);
        assert_eq!(s.pos("进个"), Pos::Function); // from the cache
        s.add_word("进个");
        assert_eq!(s.pos("进个"), Pos::Name);
    }

    #[test]
    fn learned_places_stay_whole() {
        let mut s = seg();
        assert!(!s.words("锦绣华庭物业不作为").contains(&"锦绣华庭"));
        s.add_word("锦绣华庭");
        assert!(s.words("锦绣华庭物业不作为").contains(&"锦绣华庭"));
        s.add_word("凤凰城");
        assert!(s.words("凤凰城外墙渗水").contains(&"凤凰城"));
    }

    #[test]
    fn a_subdistrict_stays_whole_beside_a_road_of_its_name() {
        // 北关街道 is in the gazetteer of divisions, at the frequency that
        // only beats its pieces; the export's road 北关街, learned at a
        // common word's, would take it apart (北关街 | 道) unless the
        // export's own streets are learned as strongly.
        let mut s = seg();
        s.add_name("北关街道");
        s.add_word("北关街");
        s.add_word("三岔华庭");
        let w = s.words("群众反映：北关街道三岔华庭外墙保温层");
        assert!(w.contains(&"北关街道") && w.contains(&"三岔华庭"), "{w:?}");
        assert_eq!(s.words("北关街堵车"), ["北关街", "堵车"]);
    }

    #[test]
    fn user_dict_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("my.dict");
        std::fs::write(&p, "三坊七巷 10 ns\n坏行 abc ns\n").unwrap();
        let err = Segmenter::new(&[&p], &[] as &[&str])
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("line 2") && err.contains("my.dict"), "{err}");
        std::fs::write(&p, "三坊七巷 10 ns\n").unwrap();
        let s = Segmenter::new(&[&p], &[] as &[&str]).unwrap();
        assert!(s.has_word("三坊七巷"));
    }
}
