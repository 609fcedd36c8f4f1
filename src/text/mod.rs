//! The text stage: what happens to a ticket's title and content at ingest.
//!
//! ```text
//! raw cell → clean (whitespace, full-width → half-width)
//!          → mask (phones, ID numbers, cards, e-mail, the caller's name,
//!                  names the text introduces or signs: 我叫王**)           = stored title/content
//!          → strip boilerplate (市民来电反映 …)                             = analysis text
//!          → jieba-rs words → tokens (stopwords, numbers dropped)          = stored tokens
//!                           → place (when the address names none)          = stored place
//! ```
//!
//! Everything after ingest reads the stored columns; nothing segments again.
//! [`Analyzer`] holds the shared pieces (one jieba instance, the stopword
//! set, the boilerplate matcher, the place names learned from the data) and
//! is used read-only by every worker; between batches the ingest loop teaches
//! it the new place names of the next batch.

pub mod boilerplate;
pub mod charset;
pub mod dicts;
pub mod gazetteer;
pub mod general;
pub mod mask;
pub mod names;
pub mod normalize;
pub mod place;
pub mod place_kinds;
pub mod pos;
pub mod segment;

use std::borrow::Cow;

use crate::config::TextConfig;
use crate::error::Result;
use boilerplate::Boilerplate;
use pos::Pos;
use segment::Segmenter;
pub use segment::Tokens;

/// The result of the text stage for one ticket.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    /// Stored title: cleaned and masked.
    pub title: Option<String>,
    /// Stored content: cleaned and masked.
    pub content: Option<String>,
    /// Tokens of the content (of the title when there is no content).
    pub tokens: Tokens,
    /// The place, from the place column, the address or the text.
    pub place: Option<String>,
}

/// What the text stage knows about one row besides its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowContext<'a> {
    /// The export's own place column (Fuzhou's 河流), used as it is.
    pub place: Option<&'a str>,
    pub address: Option<&'a str>,
    /// The place of the address when the caller has already worked it out
    /// (ingest does, to learn it): `Some(None)` means the address names none.
    pub address_place: Option<Option<&'a str>>,
    /// District, street, community of the row: cut off the address.
    pub admin: [Option<&'a str>; 3],
    /// The caller's name from its own column, masked where the text repeats it.
    pub caller_name: Option<&'a str>,
}

/// Every step of the text stage for one text, for `hotline segment`.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct Trace {
    /// As stored: cleaned and masked.
    pub stored: String,
    /// As analysed: boilerplate removed.
    pub analysis: String,
    /// jieba's words, before filtering.
    pub words: Vec<String>,
    pub tokens: Vec<String>,
    pub place: Option<String>,
}

/// The shared text pipeline. A clone is cheaper than [`Analyzer::new`]
/// (no dictionary is parsed again) and learns names apart from the original.
#[derive(Clone)]
pub struct Analyzer {
    seg: Segmenter,
    boiler: Boilerplate,
    places: place::Known,
}

impl Analyzer {
    /// Builds the pipeline from the shipped dictionaries and `[text]`.
    pub fn new(cfg: &TextConfig) -> Result<Analyzer> {
        let mut a = Analyzer {
            seg: Segmenter::new(&cfg.user_dict, &cfg.stopwords)?,
            boiler: Boilerplate::new(&cfg.boilerplate),
            places: place::Known::default(),
        };
        for p in &cfg.places {
            a.learn_place(p);
        }
        Ok(a)
    }

    /// Teaches the segmenter an administrative name (district, street,
    /// community) so it stays one word.
    pub fn learn_name(&mut self, name: &str) {
        if name.chars().count() >= 2 && name.chars().count() <= 16 {
            self.seg.add_name(name);
        }
    }

    /// Teaches a place name: kept whole, and recognised as a ticket's place
    /// when a text without address names it.
    pub fn learn_place(&mut self, name: &str) {
        let n = name.chars().count();
        if n <= 16 && place::is_specific(name) && self.places.insert(name) {
            self.seg.add_word(name);
        }
    }

    /// Number of place names learned so far.
    pub fn places_learned(&self) -> usize {
        self.places.len()
    }

    /// The segmenter.
    pub fn segmenter(&self) -> &Segmenter {
        &self.seg
    }

    /// Stored form of a text: cleaned and masked.
    pub fn stored_text(&self, raw: &str, caller_name: Option<&str>) -> Option<String> {
        let found = normalize::scan(raw);
        let cleaned = normalize::clean_scanned(raw, found);
        if cleaned.is_empty() {
            return None;
        }
        // The caller's name from the export's column, the names that sign
        // the text after its last sentence (……。 张春喜 2013年8月27日: none
        // without a sentence end, as in most titles) and the name a writer
        // gives after 我是. Family members are masked by
        // [`Analyzer::analyze`], which finds them among the words.
        let is_word = |w: &str| self.seg.has_word(w);
        let mut signed: Vec<String> = if found.sentence_end {
            names::signed(&cleaned, is_word)
                .into_iter()
                .map(str::to_string)
                .collect()
        } else {
            Vec::new()
        };
        if found.wo {
            signed.extend(
                names::self_named(&cleaned, is_word)
                    .into_iter()
                    .map(str::to_string),
            );
        }
        let all: Vec<&str>;
        let names: &[&str] = if signed.is_empty() {
            caller_name.as_slice()
        } else {
            all = caller_name
                .into_iter()
                .chain(signed.iter().map(String::as_str))
                .collect();
            &all
        };
        Some(mask::mask_found(cleaned, names, found).into_owned())
    }

    /// Analysis form of a stored text: boilerplate removed.
    pub fn analysis_text<'a>(&self, stored: &'a str) -> std::borrow::Cow<'a, str> {
        self.boiler.strip(stored)
    }

    /// The place an export's place cell names ([`place::from_column`]).
    pub fn column_place(&self, cell: &str) -> Option<String> {
        place::from_column(&normalize::clean(cell)).map(str::to_string)
    }

    /// The place an address names (without teaching it).
    pub fn address_place(&self, address: &str, admin: &[Option<&str>; 3]) -> Option<String> {
        place::from_address(
            &normalize::clean(address),
            &admin.map(Option::unwrap_or_default),
        )
    }

    /// Every step of the text stage for one text (and optional address).
    pub fn trace(&self, text: &str, address: Option<&str>) -> Trace {
        let row = RowContext {
            address,
            ..RowContext::default()
        };
        let out = self.analyze(None, Some(text), &row);
        let stored = out.content.unwrap_or_default();
        let analysis = self.analysis_text(&stored).into_owned();
        let words = self.seg.words(&analysis);
        Trace {
            words: words.iter().map(|w| w.to_string()).collect(),
            stored,
            analysis,
            tokens: out.tokens.iter().map(String::from).collect(),
            place: out.place,
        }
    }

    /// Family members `text` names after a kinship word, found among its
    /// jieba `words` ([`names::kin_named`]); ordinary prose after a kinship
    /// word (父亲高血压: a dictionary word that is no name) is none.
    fn family_names(&self, text: &str, words: &[jieba_rs::Token]) -> Vec<String> {
        let prose = |w: &str| self.seg.has_word(w) && self.seg.pos(w) != Pos::Name;
        names::kin_named(text, self.seg.kin_ends(words), prose)
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// Runs the whole text stage for one ticket.
    pub fn analyze(
        &self,
        title: Option<&str>,
        content: Option<&str>,
        row: &RowContext,
    ) -> Analysis {
        let mut title = title.and_then(|t| self.stored_text(t, row.caller_name));
        let mut content = content.and_then(|c| self.stored_text(c, row.caller_name));
        // The place column's name (true) or the address's (false), borrowed
        // while it can be: the ticket's place is copied once, at the end.
        let address_place: Option<(Cow<str>, bool)> = row
            .place
            .and_then(|p| self.column_place(p))
            .map(|p| (Cow::Owned(p), true))
            .or_else(|| {
                match row.address_place {
                    Some(known) => known.map(Cow::Borrowed),
                    None => row
                        .address
                        .and_then(|a| self.address_place(a, &row.admin))
                        .map(Cow::Owned),
                }
                .map(|p| (p, false))
            });
        // The text's place matters unless the export gives a place column
        // (see the match below).
        let want_text_place = !matches!(&address_place, Some((_, true)));
        let mut tokens = Tokens::default();
        let mut text_place = None;
        let mut kin_asked = false;
        while let Some(text) = content.as_deref().or(title.as_deref()) {
            let text = self.analysis_text(text);
            let words = self.seg.cut(&text);
            tokens = Tokens::with_capacity(text.len());
            let kin_seen = self.seg.push_tokens(&words, &mut tokens);
            // Family members named after a kinship word (我父亲吴传德) are
            // found among the words; where there are some (a few letters
            // in a hundred), title and content are masked and cut again.
            if kin_seen && !kin_asked {
                kin_asked = true;
                let kin = self.family_names(&text, &words);
                if !kin.is_empty() {
                    title = title.map(|t| mask_all(t, &kin));
                    content = content.map(|t| mask_all(t, &kin));
                    continue;
                }
            }
            if want_text_place {
                text_place = place::from_words(&words, &self.places, &self.seg);
            }
            break;
        }
        // A family member the title names and the content does not (the
        // content was cut above, the title was not).
        if content.is_some()
            && let Some(t) = title.as_deref()
            && self.seg.may_hold_kin(t)
        {
            let kin = self.family_names(t, &self.seg.cut(t));
            if !kin.is_empty() {
                title = title.map(|t| mask_all(t, &kin));
            }
        }
        // A kind of place (垃圾中转站, 二号楼, 公交站) names no place.
        text_place = text_place.filter(|p| !gazetteer::is_generic(p));
        // The title says what a letter is about: when the content names no
        // place, or only a township or district, a place the title names is
        // the ticket's (坳上镇 in the text, 坳上镇黄泥坳村 in the title).
        let weak = text_place.as_deref().is_none_or(is_township);
        if weak
            && (address_place.is_none() || text_place.is_some())
            && content.is_some()
            && let Some(t) = title.as_deref()
            && place::may_name_place(t, &self.places)
        {
            let text = self.analysis_text(t);
            let titled = place::from_words(&self.seg.cut(&text), &self.places, &self.seg)
                .filter(|p| !gazetteer::is_generic(p) && !is_township(p));
            if titled.is_some() {
                text_place = titled;
            }
        }
        // The export's place column wins. Then what the text is about: a
        // facility or road it names beats the address, which is often the
        // caller's home (the caller at 香樟园 who complains of 黄河路's
        // lights); a village or area it names beats an address that gives
        // no more than a road or an area.
        let place = match (address_place, text_place) {
            (Some((p, true)), _) => Some(p.into_owned()),
            (Some(_), Some(t)) if place_kinds::rank(&t) >= 2 => Some(t),
            (Some((a, false)), Some(t))
                if place_kinds::rank(&a) < 2 && place_kinds::rank(&t) >= 1 =>
            {
                Some(t)
            }
            (Some((a, false)), _) => Some(a.into_owned()),
            (None, t) => t,
        };
        Analysis {
            title,
            content,
            tokens,
            place,
        }
    }
}

/// Whether a place is a township, district or county and no more (坳上镇,
/// 星沙街道, 城东区): coarser than any village, road or estate in it.
fn is_township(p: &str) -> bool {
    ["镇", "乡", "街道", "区", "县", "市"]
        .iter()
        .any(|e| p.ends_with(e))
        && !["小区", "园区", "校区", "景区", "社区"]
            .iter()
            .any(|e| p.ends_with(e))
}

/// `text` with every one of `names` masked.
fn mask_all(text: String, names: &[String]) -> String {
    mask::mask_names(Cow::Owned(text), names.iter().map(String::as_str)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> Analyzer {
        Analyzer::new(&TextConfig::default()).unwrap()
    }

    #[test]
    fn whole_stage_on_a_ticket() {
        let mut a = analyzer();
        a.learn_name("长青街道");
        let row = RowContext {
            address: Some("城东区长青街道南湖大道203号香樟园"),
            admin: [Some("城东区"), Some("长青街道"), None],
            caller_name: Some("王小明"),
            ..RowContext::default()
        };
        let out = a.analyze(
            Some("香樟园物业费收费"),
            Some("来电人称：我是王小明，香樟园物业以不交物业费为由停水停电，联系电话１３８１２３４５６７８。请相关部门尽快处理。"),
            &row,
        );
        let content = out.content.unwrap();
        assert!(content.starts_with("来电人称：我是王**，"), "{content}");
        assert!(content.contains("138****5678"), "{content}");
        assert_eq!(out.place.as_deref(), Some("香樟园"));
        assert!(out.tokens.contains("物业费"), "{:?}", out.tokens);
        assert!(out.tokens.contains("停水"), "{:?}", out.tokens);
        assert!(
            !out.tokens
                .iter()
                .any(|t| t.contains("来电") || t.contains("王"))
        );
    }

    #[test]
    fn family_members_are_masked_in_text_and_tokens() {
        let a = analyzer();
        let out = a.analyze(
            Some("老伴陈引香看病难"),
            Some("我今年81岁，我的老伴陈引香，今年79岁，患有高血压。陈引香每月看病花费很大。我父亲高血压多年。"),
            &RowContext::default(),
        );
        let content = out.content.unwrap();
        assert!(!content.contains("引香"), "{content}");
        assert_eq!(content.matches("陈**").count(), 2, "{content}");
        // Prose after a kinship word stays.
        assert!(content.contains("我父亲高血压多年"), "{content}");
        assert_eq!(out.title.as_deref(), Some("老伴陈**看病难"));
        assert!(
            !out.tokens.iter().any(|t| t.contains("引香")),
            "{:?}",
            out.tokens
        );
        assert!(out.tokens.contains("高血压"), "{:?}", out.tokens);
        // A family member named in the title alone.
        let out = a.analyze(
            Some("关于我父亲吴传德的低保问题"),
            Some("我父亲今年85岁，患有高血压，申请低保一直没有结果。"),
            &RowContext::default(),
        );
        assert_eq!(out.title.as_deref(), Some("关于我父亲吴**的低保问题"));
        assert!(out.content.unwrap().contains("我父亲今年85岁"));
        let out = a.analyze(
            Some("父亲高血压看病难"),
            Some("看病难。"),
            &RowContext::default(),
        );
        assert_eq!(out.title.as_deref(), Some("父亲高血压看病难"));
        // `hotline segment` shows the same.
        let trace = a.trace("其父亲高运财在银花社区参与房屋抽号", None);
        assert_eq!(trace.stored, "其父亲高**在银花社区参与房屋抽号");
        assert!(
            !trace.words.iter().any(|w| w.contains("运财")),
            "{:?}",
            trace.words
        );
    }

    /// Any text, however odd, goes through the whole stage without a panic,
    /// and no mobile number nor any number of 15 digits or more survives in
    /// the stored text or the tokens.
    #[test]
    fn odd_texts_go_through_and_keep_no_mobile() {
        let mut a = analyzer();
        a.learn_place("锦绣华庭");
        let pool = [
            "路",
            "灯",
            "不亮",
            "，",
            "。",
            "！",
            "：",
            "（",
            "）",
            "a",
            "Z",
            "0",
            "9",
            "138",
            "1",
            "3912345678",
            "13912345678",
            "电话",
            "１３８",
            "＠",
            "@",
            "qq.com",
            "-",
            "_",
            ".",
            "*",
            " ",
            "\n",
            "\r\n",
            "\u{3000}",
            "\u{FEFF}",
            "\u{00A0}",
            "\t",
            "𠀀",
            "😀",
            "é",
            "e\u{301}",
            "ア",
            "我叫",
            "我是",
            "王",
            "小明",
            "郭德和",
            "与",
            "父亲",
            "老伴",
            "陈",
            "引香",
            "来电人称",
            "市民来电反映",
            "请核实处理",
            "小区",
            "村",
            "子村",
            "组",
            "号楼",
            "路",
            "河",
            "锦绣华庭",
            "公园",
            "一年",
            "九间",
            "房村",
            "从",
            "的",
            "了",
            "有",
            "住",
            "大",
            "荆乡",
            "镇",
            "\u{0}",
            "\u{7F}",
            "\u{FFFD}",
            "︰",
            "〇",
            "二〇一三年",
            "310101199001011234",
            "6222021234567890123",
            "991302199013451234",
            "12345678901234567",
            "身份证号",
            "X",
        ];
        let mobile = |s: &str| {
            let b = s.as_bytes();
            b.windows(11).any(|w| {
                w[0] == b'1' && (b'3'..=b'9').contains(&w[1]) && w.iter().all(u8::is_ascii_digit)
            })
        };
        for (i, text) in crate::text::normalize::random_texts(&pool, 40, 11)
            .take(5_000)
            .enumerate()
        {
            let title: String = text.chars().rev().take(12).collect();
            let row = RowContext {
                address: (i % 3 == 0).then_some(text.as_str()),
                caller_name: (i % 5 == 0).then_some("王小明"),
                ..RowContext::default()
            };
            let out = a.analyze(Some(&title), Some(&text), &row);
            let stored = out.content.as_deref().unwrap_or_default();
            // A mobile number the cleaning made (full-width digits) or that
            // stands apart from other digits is masked; one glued inside a
            // longer run of digits is no mobile number.
            if mobile(stored) {
                let digits_around = stored
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|run| run.len() == 11 && mobile(run));
                assert!(!digits_around, "{text:?} → {stored:?}");
            }
            for t in out.tokens.iter() {
                assert!(!(t.len() == 11 && mobile(t)), "{text:?} → token {t}");
            }
            // No long number (an ID, a card) survives anywhere, whatever
            // digits stand around it.
            let long = |s: &str| {
                s.split(|c: char| !c.is_ascii_digit())
                    .any(|r| r.len() >= 15)
            };
            for s in [stored, out.title.as_deref().unwrap_or_default()] {
                assert!(!long(s), "{text:?} → {s:?}");
            }
            assert!(!out.tokens.iter().any(long), "{text:?} → {:?}", out.tokens);
            let _ = a.trace(&text, row.address);
        }
    }

    #[test]
    fn place_from_text_when_no_address() {
        let mut a = analyzer();
        let none = RowContext::default();
        let out = a.analyze(None, Some("东门农贸市场东侧夜市烧烤摊占道经营。"), &none);
        assert_eq!(out.place.as_deref(), Some("东门农贸市场"));
        a.learn_place("锦绣华庭");
        let out = a.analyze(Some("锦绣华庭电梯困人"), Some("电梯经常困人"), &none);
        assert_eq!(out.place.as_deref(), Some("锦绣华庭"));
        // The export's own place column wins.
        let row = RowContext {
            place: Some("白马河"),
            ..RowContext::default()
        };
        assert_eq!(
            a.analyze(None, Some("锦绣华庭电梯"), &row).place.as_deref(),
            Some("白马河")
        );
        // …unless it is a generic word.
        let row = RowContext {
            place: Some("河流"),
            ..RowContext::default()
        };
        assert_eq!(
            a.analyze(None, Some("西园雅居的内河又黑又臭"), &row)
                .place
                .as_deref(),
            Some("西园雅居")
        );
    }
}
