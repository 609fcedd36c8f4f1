//! The kinds of places by their suffix (小区 a facility, 路 a road, 村 an
//! area) and how specific a name is by the suffix it ends in. On a floor
//! below the segmenter and the place finder, which both ask it.

use std::sync::OnceLock;

use super::charset::CharSet;

/// Suffixes of facilities and estates, the most specific kind of place.
const FACILITY: &[&str] = &[
    "小区",
    "花园",
    "家园",
    "公寓",
    "公馆",
    "大厦",
    "广场",
    "市场",
    "学校",
    "小学",
    "中学",
    "大学",
    "学院",
    "幼儿园",
    "医院",
    "卫生院",
    "诊所",
    "公园",
    "商场",
    "超市",
    "工地",
    "项目",
    "车站",
    "客运站",
    "砖厂",
    "工厂",
    "公司",
    "酒店",
    "宾馆",
    "饭店",
    "大院",
    "新村",
    "景区",
    "加油站",
    "停车场",
    "菜场",
    "苑",
    "庭",
    "府",
    "城",
    "湾",
    "园",
    "厂",
    "站",
    "院",
    "楼",
    "居",
    "河",
    "湖",
    "溪",
    "水库",
];
/// Suffixes of roads.
const ROAD: &[&str] = &["大道", "大街", "路", "街", "巷", "桥", "弄"];
/// Suffixes of villages and communities: places, but coarse ones.
const AREA: &[&str] = &["社区", "村", "镇", "乡", "街道"];

/// The suffixes by their last character: [`rank`] runs on every word of
/// every ticket, so a word that cannot be a place is rejected with one
/// bitmap test of its last character.
struct Suffixes {
    /// Last characters of every place suffix.
    suffix_last: CharSet,
    /// Suffixes with their rank, by last character.
    by_last: foldhash::HashMap<char, Vec<(&'static str, u8)>>,
}

fn suffixes() -> &'static Suffixes {
    static T: OnceLock<Suffixes> = OnceLock::new();
    T.get_or_init(|| {
        let mut suffix_last = CharSet::default();
        let mut by_last: foldhash::HashMap<char, Vec<(&'static str, u8)>> =
            foldhash::HashMapExt::new();
        for (list, r) in [(FACILITY, 3u8), (ROAD, 2), (AREA, 1)] {
            for s in list {
                let last = s.chars().last().expect("suffixes are not empty");
                suffix_last.insert(last);
                by_last.entry(last).or_default().push((s, r));
            }
        }
        Suffixes {
            suffix_last,
            by_last,
        }
    })
}

/// The last characters of every place suffix.
pub(crate) fn suffix_last() -> &'static CharSet {
    &suffixes().suffix_last
}

/// How specific a place name is: facility 3, road 2, area 1, other 0.
pub fn rank(s: &str) -> u8 {
    let Some(last) = s.chars().last() else {
        return 0;
    };
    let t = suffixes();
    if !t.suffix_last.contains(last) {
        return 0;
    }
    t.by_last.get(&last).map_or(0, |cands| {
        cands
            .iter()
            .filter(|(suffix, _)| s.ends_with(suffix))
            .map(|(_, r)| *r)
            .max()
            .unwrap_or(0)
    })
}
