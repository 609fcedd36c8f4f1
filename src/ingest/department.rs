//! Department names folded to one spelling.
//!
//! Exports write one 承办单位 several ways: the full name
//! (商洛市人力资源和社会保障局), the short one everybody uses (商洛市人社局),
//! with or without 人民 (丹凤县政府办 for 丹凤县人民政府办公室), with or without
//! the city (市交警支队, 商洛市公安局交通警察支队). Each spelling would be a
//! department of its own in the handling table, the 红黑榜 and the routing of
//! warnings. The Shangluo letters have 194 department strings for far fewer
//! offices.
//!
//! Order, for each part of a name (a space separates jointly handling
//! departments, 市城管局 市交警支队):
//!
//! 1. an alias from `[departments.aliases]`, exact, wins;
//! 2. the standard short forms of Chinese government bodies become the full
//!    name ([`SHORT_FORMS`]; only those whose full form is one and the same
//!    office everywhere: 人社局, 住建局, 发改委, 卫健委, 城管局, 交警, 政府办 …);
//! 3. with `[departments] city = "商洛市"`, the city's own prefix is dropped
//!    (商洛市教育局 → 市教育局), the form most exports use for city offices,
//!    unless a district or county follows it (商洛市商州区… stays);
//! 4. an alias is asked again for the folded name.
//!
//! Renamed offices (环保局 → 生态环境局 in 2018) are not folded: whether an
//! old name means the new office is the city's call, made with an alias.

use std::borrow::Cow;

use crate::config::DepartmentsConfig;

/// Short form → full form, replaced wherever it stands in the name. Longer
/// forms come first, so 住房与城乡建设局 is read before a shorter rule.
pub const SHORT_FORMS: &[(&str, &str)] = &[
    ("住房与城乡建设局", "住房和城乡建设局"),
    ("市场监管局", "市场监督管理局"),
    ("人社局", "人力资源和社会保障局"),
    ("住建局", "住房和城乡建设局"),
    ("发改委", "发展和改革委员会"),
    ("发改局", "发展和改革局"),
    ("卫健委", "卫生健康委员会"),
    ("卫健局", "卫生健康局"),
    ("城管局", "城市管理局"),
    ("房管局", "房产管理局"),
    ("文旅局", "文化和旅游局"),
    ("管委会", "管理委员会"),
    ("残联", "残疾人联合会"),
    ("交警支队", "交通警察支队"),
    ("交警大队", "交通警察大队"),
];

/// Folds department names; built once from the config.
#[derive(Debug, Clone, Default)]
pub struct Departments {
    config: DepartmentsConfig,
}

impl Departments {
    pub fn new(config: &DepartmentsConfig) -> Self {
        Departments {
            config: config.clone(),
        }
    }

    /// The one spelling of `name` (already cleaned of padding).
    pub fn fold(&self, name: &str) -> String {
        if let Some(a) = self.config.aliases.get(name) {
            return a.clone();
        }
        let mut parts = name.split(' ').filter(|p| !p.is_empty());
        let first = parts.next().unwrap_or_default();
        let mut out = self.fold_one(first).into_owned();
        for p in parts {
            out.push(' ');
            out.push_str(&self.fold_one(p));
        }
        out
    }

    fn fold_one<'a>(&self, part: &'a str) -> Cow<'a, str> {
        if let Some(a) = self.config.aliases.get(part) {
            return Cow::Owned(a.clone());
        }
        let mut name = Cow::Borrowed(part);
        for (short, full) in SHORT_FORMS {
            if name.contains(short) {
                name = Cow::Owned(name.replace(short, full));
            }
        }
        name = government(name);
        // A city's traffic police are a detachment of its public security
        // bureau: 市交通警察支队 is 市公安局交通警察支队.
        if let Some(i) = name.find("市交通警察支队") {
            let at = i + "市".len();
            name = Cow::Owned(format!("{}公安局{}", &name[..at], &name[at..]));
        }
        if let Some(city) = self.config.city.as_deref().filter(|c| !c.is_empty())
            && let Some(rest) = name.strip_prefix(city)
            && !rest.is_empty()
            && !names_district(rest)
        {
            name = Cow::Owned(format!("市{rest}"));
        }
        match self.config.aliases.get(name.as_ref()) {
            Some(a) => Cow::Owned(a.clone()),
            None => name,
        }
    }
}

/// Characters of office names: a department value without any of them
/// that has the shape of a person's name (宋涛, 彭珊 in the Shangluo
/// letters' reply_agency, probably who signed the reply) is no office.
const OFFICE: &str =
    "局办委院心府司所队处会站室部厅组科股署庭社街道镇乡村区县市省州校馆行厂场中团协联盟台报";

/// True when a department value looks like a person's name, not an office:
/// ingest stores it as written and warns, so the city can map it to the
/// office under `[departments.aliases]`.
pub fn looks_like_person(name: &str) -> bool {
    crate::text::names::has_name_shape(name) && !name.chars().any(|c| OFFICE.contains(c))
}

/// 政府 without 人民 before it, and 政府办 / 政府办公室, become the full
/// 人民政府 / 人民政府办公室: 丹凤县政府办 → 丹凤县人民政府办公室.
fn government(name: Cow<'_, str>) -> Cow<'_, str> {
    let Some(i) = name.find("政府") else {
        return name;
    };
    if name[..i].ends_with("人民") || i == 0 {
        return name;
    }
    let rest = &name[i + "政府".len()..];
    let tail = match rest {
        "" => "",
        "办" | "办公室" => "办公室",
        _ => return name,
    };
    Cow::Owned(format!("{}人民政府{tail}", &name[..i]))
}

/// True when `rest` (what follows the city) starts with a district or
/// county name: 商州区…, 洛南县…. Such offices keep the city in their name.
fn names_district(rest: &str) -> bool {
    rest.chars()
        .take(5)
        .skip(1)
        .any(|c| matches!(c, '区' | '县' | '旗'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(city: Option<&str>, aliases: &[(&str, &str)]) -> Departments {
        Departments::new(&DepartmentsConfig {
            aliases: aliases
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            city: city.map(str::to_string),
        })
    }

    #[test]
    fn short_forms_become_the_full_name() {
        let d = folder(None, &[]);
        for (from, to) in [
            ("商洛市人社局", "商洛市人力资源和社会保障局"),
            ("市住建局", "市住房和城乡建设局"),
            ("市住房与城乡建设局", "市住房和城乡建设局"),
            ("商洛市发改委", "商洛市发展和改革委员会"),
            ("商州区市场监管局", "商州区市场监督管理局"),
            (
                "商洛高新区（商丹园区）管委会",
                "商洛高新区（商丹园区）管理委员会",
            ),
            ("商洛市公安局交警支队", "商洛市公安局交通警察支队"),
            ("市交警支队", "市公安局交通警察支队"),
            ("商州交警大队城区一中队", "商州交通警察大队城区一中队"),
            ("丹凤县政府办", "丹凤县人民政府办公室"),
            ("丹凤县政府办公室", "丹凤县人民政府办公室"),
            ("商南县政府", "商南县人民政府"),
            ("市残联", "市残疾人联合会"),
            ("市城管局 市交警支队", "市城市管理局 市公安局交通警察支队"),
        ] {
            assert_eq!(d.fold(from), to, "{from}");
        }
    }

    #[test]
    fn full_names_and_other_offices_are_left_alone() {
        let d = folder(None, &[]);
        for name in [
            "商洛市人力资源和社会保障局",
            "丹凤县人民政府办公室",
            "商州区人民政府",
            "市政府信息办",
            "市环保局",
            "市交通局",
            "商洛市公安局交通警察支队",
            "宋涛",
        ] {
            assert_eq!(d.fold(name), name);
        }
    }

    #[test]
    fn the_city_prefix_is_dropped_when_configured() {
        let d = folder(Some("商洛市"), &[]);
        assert_eq!(d.fold("商洛市教育局"), "市教育局");
        assert_eq!(d.fold("商洛市公安局交警支队"), "市公安局交通警察支队");
        assert_eq!(d.fold("市交警支队"), "市公安局交通警察支队");
        // A district's office keeps the city.
        assert_eq!(
            d.fold("商洛市商州区新型农村合作医疗经办中心"),
            "商洛市商州区新型农村合作医疗经办中心"
        );
        assert_eq!(d.fold("商洛职业技术学院"), "商洛职业技术学院");
        assert_eq!(folder(None, &[]).fold("商洛市教育局"), "商洛市教育局");
    }

    #[test]
    fn person_names_are_told_from_offices() {
        for name in ["宋涛", "彭珊", "欧阳娜娜"] {
            assert!(looks_like_person(name), "{name}");
        }
        for name in [
            "公安局",
            "市信息办",
            "信息办",
            "人社局",
            "丹凤县",
            "市交警支队",
            "商洛供电公司",
            "高新区社区管理办事处",
            "NYPD",
            "石门镇",
        ] {
            assert!(!looks_like_person(name), "{name}");
        }
    }

    #[test]
    fn aliases_win_before_and_after_folding() {
        let d = folder(
            Some("商洛市"),
            &[
                ("市环保局", "市生态环境局"),
                ("市信息中心", "市政务信息服务中心"),
            ],
        );
        assert_eq!(d.fold("市环保局"), "市生态环境局");
        assert_eq!(d.fold("商洛市环保局"), "市生态环境局");
        assert_eq!(d.fold("商洛市信息中心"), "市政务信息服务中心");
    }
}
