//! Places as entities: the variants under which one place is written,
//! resolved to one entity.
//!
//! One estate comes as 丽发新城, 丽发新城小区, A2区丽发新城, 某某街道丽发新城,
//! 区丽发新城 or 御湖 for 御湖公馆 (a stray character of the sentence or of the
//! district before the name, the type word left off). Every detector that
//! groups by place must see one place there, or one problem splits into
//! many. Two steps:
//!
//! 1. **A key per mention** ([`key`]): administrative prefixes are cut
//!    (the store's own district, street and community names, the names of
//!    China's divisions in `dict/divisions.txt`, anonymised ones such as
//!    A2区 or K9县, and any prefix ending in 省 市 区 县 街道 镇 乡 that
//!    leaves a name of three characters or more), then building words
//!    said after an estate (小区, 居民楼, 家属院 …) and part words (一期,
//!    北门 …). A mention that is only an administrative area (景村镇) has
//!    no key: it names no place of its own.
//! 2. **A gazetteer learned from the store** ([`Gazetteer::learn`]): every
//!    key seen, with its count. A key that is another key, at least as
//!    frequent, with one or two stray characters before it (of a district
//!    or the sentence: 区丽发新城, 是丽发新城) or one after it (丽发新城的)
//!    resolves to that key; a key that is the stem of exactly
//!    one longer key by a type word (御湖 of 御湖公馆, where no other 御湖…
//!    is known) resolves to the longer one. The root of the chain is the
//!    entity: its id is its key, its name the key most mentions use.
//!
//! The word lists are data (`dict/place-words.txt`); the figures against a
//! gold file of the real exports are in the README (tests/it/real_data.rs
//! scores them).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// The shipped word lists.
pub const PLACE_WORDS: &str = include_str!("../../dict/place-words.txt");

struct Words {
    generic: HashSet<&'static str>,
    generic_before: Vec<&'static str>,
    buildings: Vec<&'static str>,
    parts: Vec<&'static str>,
    short: Vec<&'static str>,
    areas: Vec<&'static str>,
    stray_before: Vec<char>,
    stray_after: Vec<char>,
    divisions: HashSet<&'static str>,
    /// Longest division name, in characters.
    division_max: usize,
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        let mut sections: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut current = "";
        for line in PLACE_WORDS.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = name;
                continue;
            }
            sections.entry(current).or_default().push(line);
        }
        let mut take = |s: &str| {
            let mut v = sections.remove(s).unwrap_or_default();
            // Longest first, so that 住宅小区 is cut before 小区.
            v.sort_by_key(|w| std::cmp::Reverse(w.len()));
            v
        };
        let divisions: HashSet<&'static str> = super::dicts::DIVISIONS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let division_max = divisions
            .iter()
            .map(|d| d.chars().count())
            .max()
            .unwrap_or(0);
        Words {
            generic: take("generic").into_iter().collect(),
            generic_before: take("generic-before"),
            buildings: take("buildings"),
            parts: take("parts"),
            short: take("short"),
            areas: take("areas"),
            stray_before: take("stray-before")
                .iter()
                .filter_map(|s| s.chars().next())
                .collect(),
            stray_after: take("stray-after")
                .iter()
                .filter_map(|s| s.chars().next())
                .collect(),
            divisions,
            division_max,
        }
    })
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The byte length of the first `n` characters of `s`.
fn byte_len(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Whether `s` is an administrative area and nothing more (城东区, 景村镇,
/// 星沙街道, A2区).
pub fn is_area(s: &str) -> bool {
    let w = words();
    // 小区, 园区, 校区 … end in 区 and are places.
    let place_area = w.buildings.iter().any(|b| s.ends_with(b))
        || ["园区", "校区", "景区", "厂区", "矿区", "营区", "城区医院"]
            .iter()
            .any(|e| s.ends_with(e));
    w.divisions.contains(s)
        || anonymised_admin(s) == s.len()
        || (!place_area
            && chars(s) <= 6
            && w.areas
                .iter()
                .any(|a| s.ends_with(a) && chars(s) > chars(a)))
}

/// Bytes of an anonymised administrative prefix (A市, A2区, K9县) at the
/// start of `s`, or 0.
fn anonymised_admin(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    if !b.first().is_some_and(u8::is_ascii_uppercase) {
        return 0;
    }
    i += 1;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    for end in ["市", "区", "县"] {
        if s[i..].starts_with(end) {
            return i + end.len();
        }
    }
    0
}

/// Cuts one administrative prefix off `s`; None when there is none.
fn strip_one_admin<'a>(s: &'a str, admin: &[&str]) -> Option<&'a str> {
    let w = words();
    let rest_ok = |rest: &str| chars(rest) >= 2 && !is_area(rest);
    for a in admin {
        if !a.is_empty()
            && let Some(rest) = s.strip_prefix(a)
            && rest_ok(rest)
        {
            return Some(rest);
        }
    }
    let anon = anonymised_admin(s);
    if anon > 0 && rest_ok(&s[anon..]) {
        return Some(&s[anon..]);
    }
    // The longest division name at the start.
    for n in (2..=w.division_max.min(chars(s).saturating_sub(2))).rev() {
        let head = &s[..byte_len(s, n)];
        if w.divisions.contains(head) && rest_ok(&s[head.len()..]) {
            return Some(&s[head.len()..]);
        }
    }
    // Any short prefix that ends like an area and leaves a name of three
    // characters or more (石门镇太白岔村 → 太白岔村).
    for n in 2..=5.min(chars(s).saturating_sub(3)) {
        let head = &s[..byte_len(s, n)];
        if w.areas
            .iter()
            .any(|a| head.ends_with(a) && chars(head) > chars(a))
        {
            let rest = &s[head.len()..];
            if chars(rest) >= 3 && !is_area(rest) {
                return Some(rest);
            }
        }
    }
    None
}

/// The key of a mention: the place without administrative prefixes,
/// building and part words; None for an area or a single character.
/// `admin` are administrative names the store itself uses (its district,
/// street and community values).
pub fn key<'a>(mention: &'a str, admin: &[&str]) -> Option<&'a str> {
    let w = words();
    let mut s = mention.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '「' | '」' | '“' | '”' | '"' | '《' | '》' | '，' | '。')
    });
    while let Some(rest) = strip_one_admin(s, admin) {
        s = rest;
    }
    loop {
        let before = s.len();
        for b in w.buildings.iter().chain(&w.parts) {
            // What is left must be a name of its own: 江南小区 is not 江南.
            if let Some(rest) = s.strip_suffix(b)
                && chars(rest) >= 3
                && !is_area(rest)
            {
                s = rest;
                break;
            }
        }
        if s.len() == before {
            break;
        }
    }
    (chars(s) >= 2 && !is_area(s) && !is_generic(s)).then_some(s)
}

/// Whether `s` is one of the kinds of places of [generic] in
/// `dict/place-words.txt`, as it is (垃圾中转站, 商品住宅小区).
pub fn is_generic_word(s: &str) -> bool {
    words().generic.contains(s)
}

/// Whether `s` is a kind of place and not a place ([generic] of
/// `dict/place-words.txt`), after a number, an ordinal or a word of
/// [generic-before] (二号楼, 第四楼, 附属幼儿园, 附近公交站).
pub fn is_generic(s: &str) -> bool {
    let w = words();
    let mut rest = s;
    loop {
        let before = rest.len();
        rest = rest.trim_start_matches(|c: char| {
            c.is_ascii_alphanumeric() || "第一二三四五六七八九十百号栋幢期#".contains(c)
        });
        for b in &w.generic_before {
            if let Some(r) = rest.strip_prefix(b) {
                rest = r;
            }
        }
        if rest.len() == before {
            break;
        }
    }
    rest.chars().count() <= 1 || w.generic.contains(rest)
}

/// Least characters of a key [`Gazetteer::find_in`] looks for: shorter
/// ones (万达, 龙湖) are parts of too many other words.
const MIN_FOUND: usize = 3;

/// Longest tail (in characters) cut from a place's key that leaves a
/// head [`Gazetteer::names_place`] knows: a type word (府, 家园, 公寓).
const MAX_TAIL: usize = 3;

/// One place: its id (its key) and its name: the mention of its key that
/// is used most as it is (丽发新城 for 丽发新城 ×30, 丽发新城小区 ×12; 幸福里小区
/// for 幸福里小区 ×20, 幸福里 ×5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub id: String,
    pub name: String,
    /// Mentions resolved to it.
    pub mentions: u64,
    /// Its keys other than its id, most mentioned first.
    pub variants: Vec<String>,
}

/// Every place a store mentions, with the variants resolved to one entity.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// Mention → key (None: no place).
    keys: HashMap<String, Option<String>>,
    /// Key → the key of its entity.
    root: HashMap<String, String>,
    entities: BTreeMap<String, Entity>,
    admin: Vec<String>,
    /// The heads of known keys that jieba may cut off as words of their
    /// own (天悦 of 天悦府, 金色 of 金色家园).
    heads: HashSet<String>,
    /// The last characters of the keys and of the mentions taught.
    ends: HashSet<char>,
    /// Every key of [`MIN_FOUND`] characters or more, for
    /// [`Gazetteer::find_in`], and the entity id of each.
    finder: Option<Arc<(AhoCorasick, Vec<String>)>>,
}

impl Gazetteer {
    /// Learns the gazetteer from the mentions a store holds, with the
    /// number of tickets of each, and the administrative names it uses.
    pub fn learn<'a>(
        mentions: impl IntoIterator<Item = (&'a str, u64)>,
        admin: impl IntoIterator<Item = &'a str>,
    ) -> Gazetteer {
        let admin: Vec<String> = {
            let mut a: Vec<String> = admin
                .into_iter()
                .filter(|a| chars(a) >= 2)
                .map(str::to_string)
                .collect();
            a.sort_by_key(|s| std::cmp::Reverse(s.len()));
            a.dedup();
            a
        };
        let admin_refs: Vec<&str> = admin.iter().map(String::as_str).collect();
        let mut keys: HashMap<String, Option<String>> = HashMap::new();
        let mut count: HashMap<String, u64> = HashMap::new();
        // The mentions that are a name as people write it (no
        // administrative prefix), by key, for the entity's name.
        let mut forms: HashMap<String, Vec<(String, u64)>> = HashMap::new();
        for (m, n) in mentions {
            let k = key(m, &admin_refs).map(str::to_string);
            if let Some(k) = &k {
                *count.entry(k.clone()).or_default() += n;
                if strip_one_admin(m.trim(), &admin_refs).is_none() {
                    forms
                        .entry(k.clone())
                        .or_default()
                        .push((m.trim().to_string(), n));
                }
            }
            keys.insert(m.to_string(), k);
        }
        // Most frequent first: a key resolves to one seen at least as often.
        let mut order: Vec<(&String, u64)> = count.iter().map(|(k, n)| (k, *n)).collect();
        order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut parent: HashMap<String, String> = HashMap::new();
        let known = |k: &str| count.get(k).copied().unwrap_or(0);
        let short = &words().short;
        for &(k, n) in &order {
            let len = chars(k);
            let mut target: Option<String> = None;
            // A stray character or two before, or one after, the name.
            let w = words();
            for cut in 1..=2usize {
                let stray = k.chars().take(cut).all(|c| w.stray_before.contains(&c));
                if stray && len >= cut + 3 {
                    let rest = &k[byte_len(k, cut)..];
                    if known(rest) >= n {
                        target = Some(rest.to_string());
                        break;
                    }
                }
            }
            if target.is_none()
                && len >= 4
                && k.chars().last().is_some_and(|c| w.stray_after.contains(&c))
            {
                let head = &k[..byte_len(k, len - 1)];
                if known(head) >= n {
                    target = Some(head.to_string());
                }
            }
            // The stem of exactly one longer name.
            if target.is_none() && len >= 2 {
                let longer: Vec<&String> = short
                    .iter()
                    .map(|s| format!("{k}{s}"))
                    .filter_map(|l| count.get_key_value(&l).map(|(l, _)| l))
                    .collect();
                if longer.len() == 1 {
                    target = Some(longer[0].clone());
                }
            }
            if let Some(t) = target
                && t != *k
            {
                parent.insert(k.clone(), t);
            }
        }
        let find = |k: &str| {
            let mut r = k.to_string();
            let mut steps = 0;
            while let Some(p) = parent.get(&r) {
                r = p.clone();
                steps += 1;
                if steps > 8 {
                    break;
                }
            }
            r
        };
        let mut root: HashMap<String, String> = HashMap::new();
        let mut members: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
        for (k, n) in &count {
            let r = find(k);
            members.entry(r.clone()).or_default().push((k.clone(), *n));
            root.insert(k.clone(), r);
        }
        let mut entities = BTreeMap::new();
        for (id, mut ks) in members {
            ks.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let total: u64 = ks.iter().map(|(_, n)| n).sum();
            // Its name: the mention of its own key most used as it is.
            let name = forms
                .get(&id)
                .and_then(|f| {
                    f.iter()
                        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                        .map(|(m, _)| m.clone())
                })
                .unwrap_or_else(|| id.clone());
            entities.insert(
                id.clone(),
                Entity {
                    name,
                    id: id.clone(),
                    mentions: total,
                    variants: ks
                        .into_iter()
                        .map(|(k, _)| k)
                        .filter(|k| *k != id)
                        .collect(),
                },
            );
        }
        let mut heads = HashSet::new();
        for k in count.keys() {
            let n = chars(k);
            for head in 2..n {
                if n - head <= MAX_TAIL {
                    heads.insert(k[..byte_len(k, head)].to_string());
                }
            }
        }
        let ends = count
            .keys()
            .chain(keys.keys())
            .filter_map(|k| k.chars().last())
            .collect();
        let mut found: Vec<(&String, &String)> =
            root.iter().filter(|(k, _)| chars(k) >= MIN_FOUND).collect();
        found.sort();
        let finder = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(found.iter().map(|(k, _)| k.as_str()))
            .ok()
            .map(|ac| Arc::new((ac, found.iter().map(|(_, r)| (*r).clone()).collect())));
        Gazetteer {
            keys,
            root,
            entities,
            admin,
            heads,
            ends,
            finder,
        }
    }

    /// The entities whose names (keys of [`MIN_FOUND`] characters or more)
    /// `text` holds, in the order they come, each once: the places a title
    /// names, whether or not the place finder chose them.
    pub fn find_in(&self, text: &str) -> Vec<&Entity> {
        let Some(f) = &self.finder else {
            return Vec::new();
        };
        let mut out: Vec<&Entity> = Vec::new();
        for m in f.0.find_iter(text) {
            if let Some(e) = self.entities.get(&f.1[m.pattern().as_usize()])
                && !out.iter().any(|o| o.id == e.id)
            {
                out.push(e);
            }
        }
        out
    }

    /// Whether a mention ending in `c` may name a place the gazetteer
    /// knows: a quick test before [`Gazetteer::resolve`].
    pub fn may_end_place(&self, c: char) -> bool {
        self.ends.contains(&c)
    }

    /// Whether `word` names a place of the gazetteer or is the head of one
    /// that the segmenter may cut off (天悦 of 天悦府): a word of a place's
    /// name, not of a problem.
    pub fn names_place(&self, word: &str) -> bool {
        self.heads.contains(word) || self.resolve(word).is_some()
    }

    /// The entity a mention names; None for no place (an area, a single
    /// character). A mention the gazetteer was not taught is keyed and
    /// looked up as it is.
    pub fn resolve(&self, mention: &str) -> Option<&Entity> {
        let key = match self.keys.get(mention) {
            Some(k) => k.clone()?,
            None => {
                let admin: Vec<&str> = self.admin.iter().map(String::as_str).collect();
                key(mention, &admin)?.to_string()
            }
        };
        let id = self.root.get(&key).unwrap_or(&key);
        self.entities.get(id)
    }

    /// The entity id of a mention (its key where the gazetteer does not
    /// know it).
    pub fn entity_id(&self, mention: &str) -> Option<String> {
        match self.resolve(mention) {
            Some(e) => Some(e.id.clone()),
            None => {
                let admin: Vec<&str> = self.admin.iter().map(String::as_str).collect();
                key(mention, &admin).map(str::to_string)
            }
        }
    }

    /// Every entity, most mentioned first.
    pub fn entities(&self) -> Vec<&Entity> {
        let mut v: Vec<&Entity> = self.entities.values().collect();
        v.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cut_administrative_prefixes_and_building_words() {
        let admin = ["城东区", "长青街道"];
        for (mention, want) in [
            ("丽发新城小区", Some("丽发新城")),
            ("A2区丽发新城", Some("丽发新城")),
            ("A市A2区丽发新城小区", Some("丽发新城")),
            ("城东区长青街道香樟园", Some("香樟园")),
            ("石门镇太白岔村", Some("太白岔村")),
            ("商州区御湖公馆", Some("御湖公馆")),
            ("翠湖苑北门", Some("翠湖苑")),
            ("金色家园二期", Some("金色家园")),
            ("景村镇", None),
            ("垃圾中转站", None),
            ("二号楼", None),
            ("附属幼儿园", None),
            ("附近公交站", None),
            ("东门农贸市场", Some("东门农贸市场")),
            ("第一人民医院", Some("第一人民医院")),
            ("西关菜市场", Some("西关菜市场")),
            ("星沙街道", None),
            ("A2区", None),
            ("城东区", None),
            ("黄河路", Some("黄河路")),
            ("龙津河", Some("龙津河")),
            ("人民路", Some("人民路")),
        ] {
            assert_eq!(key(mention, &admin), want, "{mention}");
        }
    }

    #[test]
    fn variants_resolve_to_one_entity() {
        let g = Gazetteer::learn(
            [
                ("丽发新城", 30),
                ("丽发新城小区", 12),
                ("A2区丽发新城", 5),
                ("区丽发新城", 3),
                ("是丽发新城", 1),
                ("御湖公馆", 8),
                ("御湖", 2),
                ("阳光花园", 9),
                ("阳光新城", 7),
                ("阳光", 1),
                ("黄河路", 20),
            ],
            ["城东区"],
        );
        let id = |m: &str| g.resolve(m).map(|e| e.id.as_str());
        for m in [
            "丽发新城",
            "丽发新城小区",
            "A2区丽发新城",
            "区丽发新城",
            "是丽发新城",
        ] {
            assert_eq!(id(m), Some("丽发新城"), "{m}");
        }
        assert_eq!(id("御湖"), Some("御湖公馆"));
        // A stem two names share stays apart.
        assert_eq!(id("阳光"), Some("阳光"));
        assert_eq!(id("阳光花园"), Some("阳光花园"));
        assert_eq!(id("黄河路"), Some("黄河路"));
        let e = g.resolve("丽发新城").unwrap();
        assert_eq!(e.mentions, 51);
        // A mention never taught is keyed as it is.
        assert_eq!(g.entity_id("城东区丽发新城").as_deref(), Some("丽发新城"));
    }
}
