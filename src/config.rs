//! Configuration: `hotline.toml`, layered defaults < file < command-line flags.
//!
//! Unknown keys are errors (`deny_unknown_fields`), so a typo in a config file
//! is reported instead of silently ignored. `hotline config` prints the
//! effective configuration.
//!
//! ```toml
//! [ingest]
//! preset = "cn12345"        # or leave out to detect it from the header row
//! encoding = "auto"         # auto | utf8 | gbk | gb18030
//! sheet = "工单"            # XLSX sheet; the first sheet when left out
//! day_first = false         # read 01/05/2024 as 1 May instead of 5 January
//!
//! [columns]                 # canonical column = header in your export
//! ticket_id = "工单流水号"
//! received_at = "登记时间"
//!
//! [privacy]
//! caller_key = "a long random secret"   # or set HOTLINE_CALLER_KEY
//!
//! [departments]
//! city = "商洛市"           # 商洛市教育局 → 市教育局 (see ingest::department)
//!
//! [departments.aliases]
//! "市环保局" = "市生态环境局"
//!
//! [vocab.status]            # extra source value = open | closed | returned | cancelled
//! "已回访" = "closed"
//!
//! [text]
//! user_dict = ["mycity.dict"]          # jieba format, next to this file
//! stopwords = ["mystop.txt"]
//! boilerplate = ["本工单由系统生成"]
//! places = ["三坊七巷"]
//!
//! [report]
//! font = "fonts/NotoSansCJKsc-Regular.otf"   # for PNG charts; else a system font
//! png = "auto"                  # auto | always | never
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Name of the environment variable that holds the caller-hash key.
pub const CALLER_KEY_ENV: &str = "HOTLINE_CALLER_KEY";

/// The whole configuration.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub ingest: IngestConfig,
    /// Canonical column name → header of the export, overriding the preset.
    pub columns: BTreeMap<String, String>,
    pub privacy: PrivacyConfig,
    pub departments: DepartmentsConfig,
    pub vocab: VocabConfig,
    pub text: TextConfig,
    pub ranking: RankingConfig,
    pub detect: DetectConfig,
    pub routing: RoutingConfig,
    pub calendar: CalendarConfig,
    pub report: ReportConfig,
}

/// Reports: PNG charts and their font.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ReportConfig {
    /// A .ttf/.otf/.ttc file with Chinese glyphs for PNG charts; relative
    /// paths are taken from the config file's folder. Left out: the first
    /// such font in the system's font folders.
    pub font: Option<PathBuf>,
    /// `auto` (PNG charts when a Chinese font is found, a warning when
    /// not), `always` (no font is an error) or `never`.
    pub png: PngMode,
}

/// When PNG charts are written.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PngMode {
    #[default]
    Auto,
    Always,
    Never,
}

/// Public holidays and make-up working days for the surge baseline
/// (`crate::detect::stats::calendar`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarConfig {
    /// Use the built-in mainland China calendar (2023–2026).
    pub builtin: bool,
    /// More days off: `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`.
    pub holidays: Vec<String>,
    /// Weekend days worked (调休上班), same forms.
    pub workdays: Vec<String>,
}

impl Default for CalendarConfig {
    fn default() -> Self {
        CalendarConfig {
            builtin: true,
            holidays: Vec::new(),
            workdays: Vec::new(),
        }
    }
}

impl CalendarConfig {
    /// The calendar these settings describe.
    pub fn calendar(
        &self,
    ) -> std::result::Result<crate::detect::stats::calendar::Calendar, String> {
        crate::detect::stats::calendar::Calendar::new(self.builtin, &self.holidays, &self.workdays)
            .map_err(|e| format!("[calendar] {e}"))
    }
}

/// How exports are read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct IngestConfig {
    /// Preset name; detected from the header row when absent.
    pub preset: Option<String>,
    /// `auto`, `utf8`, `gbk` or `gb18030`.
    pub encoding: crate::values::Encoding,
    /// Sheet of a workbook; the first sheet when absent.
    pub sheet: Option<String>,
    /// Read ambiguous slash dates as day/month/year.
    pub day_first: bool,
    /// Rows per batch (memory is bounded by a few batches).
    pub batch_rows: usize,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            preset: None,
            encoding: crate::values::Encoding::Auto,
            sheet: None,
            day_first: false,
            batch_rows: 32_768,
        }
    }
}

/// Privacy settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PrivacyConfig {
    /// Secret key of the caller hash. `HOTLINE_CALLER_KEY` overrides it.
    pub caller_key: Option<String>,
}

/// Department name normalisation.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DepartmentsConfig {
    /// Alias → canonical department name.
    pub aliases: BTreeMap<String, String>,
    /// The city whose own prefix is dropped from department names
    /// (商洛市教育局 → 市教育局), e.g. "商洛市"; see `ingest::department`.
    pub city: Option<String>,
}

/// Extra vocabulary for normalised columns, added to the built-in tables.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct VocabConfig {
    /// Source value → open | closed | returned | cancelled.
    pub status: BTreeMap<String, crate::values::Status>,
    /// Source value → 满意 | 基本满意 | 不满意 | 未回访.
    pub satisfaction: BTreeMap<String, String>,
    /// Source value → phone | web | app | wechat | letter | email | sms | weibo | walk_in | other.
    pub channel: BTreeMap<String, String>,
}

/// Who receives an alert: rules by category, a district rule winning over a
/// citywide one. Alerts no rule matches go to the department that handled
/// most of their tickets.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RoutingConfig {
    pub rules: Vec<RoutingRule>,
}

/// One routing rule.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RoutingRule {
    /// First-level category (category_l1) the rule is for.
    pub category: String,
    /// Only for this district; citywide when absent.
    #[serde(default)]
    pub district: Option<String>,
    pub department: String,
}

impl RoutingConfig {
    /// The department for an alert of `category` in `district`, if a rule says.
    pub fn route(&self, category: Option<&str>, district: Option<&str>) -> Option<&str> {
        let category = category?;
        let matching = |with_district: bool| {
            self.rules.iter().find(|r| {
                r.category == category
                    && match &r.district {
                        Some(d) => with_district && Some(d.as_str()) == district,
                        None => !with_district,
                    }
            })
        };
        matching(true)
            .or_else(|| matching(false))
            .map(|r| r.department.as_str())
    }
}

/// Detection settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DetectConfig {
    /// Least tickets on the day for a cell to be tested for a surge.
    pub min_count: u64,
    /// False discovery rate across the cells tested on one day.
    pub fdr_q: f64,
    /// Days in which three tickets of one caller about one problem are a repeat.
    pub repeat_window_days: i64,
    /// Days of tickets searched for class cases.
    pub cluster_window_days: i64,
    /// Least tickets of a class case.
    pub cluster_min_size: usize,
    /// Most class-case alerts per run, the hottest first (the alert budget).
    pub cluster_max_alerts: usize,
    /// Least tickets in the week for a word to be tested as an emerging term.
    pub term_min_count: u64,
    /// Most emerging-term alerts per run, the most significant first.
    pub term_max_alerts: usize,
    /// Most surge alerts per run, the most significant first (the alert budget).
    pub surge_max_alerts: usize,
    /// Days an alert stays `ongoing` after it was last raised before it is
    /// `closed`.
    pub close_after_days: i64,
    /// New alerts a week at most, of every kind together (0: no budget): a
    /// run raises at most a seventh of it, the gravest first, and holds the
    /// rest back for a later day.
    pub alert_budget_per_week: usize,
}

impl DetectConfig {
    /// New alerts one run may raise under the weekly budget.
    pub fn new_alerts_per_run(&self) -> usize {
        match self.alert_budget_per_week {
            0 => usize::MAX,
            b => (b / 7).max(1),
        }
    }
}

impl Default for DetectConfig {
    fn default() -> Self {
        DetectConfig {
            min_count: 3,
            fdr_q: 0.05,
            repeat_window_days: 30,
            cluster_window_days: 28,
            cluster_min_size: 5,
            cluster_max_alerts: 10,
            term_min_count: 5,
            term_max_alerts: 5,
            surge_max_alerts: 20,
            close_after_days: 7,
            alert_budget_per_week: 40,
        }
    }
}

/// Thresholds of the department ranking (红黑榜, queries/ranking.sql).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RankingConfig {
    /// Departments with fewer tickets in the period are not ranked.
    pub min_tickets: u64,
    /// 红榜: 按期办结率 at or above this …
    pub red_on_time: f64,
    /// … and 满意率 at or above this.
    pub red_satisfaction: f64,
    /// 黑榜: 按期办结率 below this, or …
    pub black_on_time: f64,
    /// … 满意率 below this.
    pub black_satisfaction: f64,
}

impl Default for RankingConfig {
    fn default() -> Self {
        RankingConfig {
            min_tickets: 20,
            red_on_time: 0.98,
            red_satisfaction: 0.95,
            black_on_time: 0.90,
            black_satisfaction: 0.80,
        }
    }
}

/// Text analysis: dictionaries, stopwords and boilerplate added to the
/// shipped ones (see dict/README.md).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TextConfig {
    /// jieba dictionaries (`word [freq] [tag]` per line); relative paths are
    /// taken from the config file's folder.
    pub user_dict: Vec<PathBuf>,
    /// Extra stopword files, one word per line.
    pub stopwords: Vec<PathBuf>,
    /// Extra phrases removed from the text used for analysis.
    pub boilerplate: Vec<String>,
    /// Extra place names (estates, markets, roads) kept whole and recognised
    /// as the place of a ticket.
    pub places: Vec<String>,
}

impl Config {
    /// Loads `path`, or `./hotline.toml` when no path is given and it exists,
    /// or the defaults.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let path: Option<PathBuf> = match path {
            Some(p) => Some(p.to_path_buf()),
            None => {
                let p = PathBuf::from("hotline.toml");
                p.is_file().then_some(p)
            }
        };
        match path {
            None => Ok(Config::default()),
            Some(p) => {
                let text = std::fs::read_to_string(&p).map_err(|e| Error::read(&p, e))?;
                let mut cfg = Config::parse(&text).map_err(|message| Error::Config {
                    path: p.clone(),
                    message,
                })?;
                let base = p.parent().unwrap_or(Path::new("."));
                for f in cfg
                    .text
                    .user_dict
                    .iter_mut()
                    .chain(cfg.text.stopwords.iter_mut())
                {
                    if f.is_relative() {
                        *f = base.join(&*f);
                    }
                }
                if let Some(f) = cfg.report.font.as_mut().filter(|f| f.is_relative()) {
                    *f = base.join(&*f);
                }
                Ok(cfg)
            }
        }
    }

    /// Parses TOML text and checks the values.
    pub fn parse(text: &str) -> std::result::Result<Config, String> {
        let cfg: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        cfg.validate()?;
        Ok(cfg)
    }

    fn validate(&self) -> std::result::Result<(), String> {
        for key in self.columns.keys() {
            if crate::schema::Canon::from_name(key).is_none() {
                let names: Vec<&str> = crate::schema::INPUT_FIELDS
                    .iter()
                    .map(|f| f.name())
                    .collect();
                return Err(format!(
                    "[columns] has unknown column `{key}`; known columns: {}",
                    names.join(", ")
                ));
            }
        }
        if self.ingest.batch_rows == 0 {
            return Err("[ingest] batch_rows must be at least 1".into());
        }
        for (from, to) in &self.vocab.satisfaction {
            if !crate::values::SATISFACTION_VALUES.contains(&to.as_str()) {
                return Err(format!(
                    "[vocab.satisfaction] \"{from}\" = \"{to}\": use 满意, 基本满意, 不满意 or 未回访"
                ));
            }
        }
        if !(self.detect.fdr_q > 0.0 && self.detect.fdr_q < 1.0) {
            return Err(format!(
                "[detect] fdr_q = {}: a false discovery rate is between 0 and 1 (0.01 for 1%)",
                self.detect.fdr_q
            ));
        }
        if self.detect.repeat_window_days < 1 || self.detect.cluster_window_days < 1 {
            return Err(
                "[detect] repeat_window_days and cluster_window_days must be at least 1".into(),
            );
        }
        if self.detect.close_after_days < 1 {
            return Err("[detect] close_after_days must be at least 1".into());
        }
        self.calendar.calendar()?;
        if self.detect.cluster_min_size < 2 {
            return Err("[detect] cluster_min_size must be at least 2".into());
        }
        let r = &self.ranking;
        for (name, v) in [
            ("red_on_time", r.red_on_time),
            ("red_satisfaction", r.red_satisfaction),
            ("black_on_time", r.black_on_time),
            ("black_satisfaction", r.black_satisfaction),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!(
                    "[ranking] {name} = {v}: a rate is between 0 and 1 (0.95 for 95%)"
                ));
            }
        }
        Ok(())
    }

    /// The caller-hash key: `HOTLINE_CALLER_KEY`, else `[privacy] caller_key`.
    pub fn caller_key(&self) -> Option<String> {
        std::env::var(CALLER_KEY_ENV)
            .ok()
            .filter(|k| !k.is_empty())
            .or_else(|| self.privacy.caller_key.clone())
    }

    /// The effective configuration as TOML, with the secret key hidden.
    pub fn to_toml(&self) -> String {
        let mut shown = self.clone();
        if self.caller_key().is_some() {
            shown.privacy.caller_key = Some("<set>".into());
        }
        toml::to_string_pretty(&shown).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors() {
        let err = Config::parse("[ingest]\nprest = \"x\"\n").unwrap_err();
        assert!(err.contains("prest"), "{err}");
    }

    #[test]
    fn unknown_column_is_named() {
        let err = Config::parse("[columns]\nticket = \"工单号\"\n").unwrap_err();
        assert!(err.contains("ticket") && err.contains("ticket_id"), "{err}");
    }

    #[test]
    fn full_example_parses() {
        let cfg = Config::parse(
            r#"
[ingest]
preset = "cn12345"
encoding = "gbk"
day_first = true
[columns]
ticket_id = "工单流水号"
[privacy]
caller_key = "k"
[departments.aliases]
"市人社局" = "市人力资源和社会保障局"
[vocab.status]
"已回访" = "closed"
"#,
        )
        .unwrap();
        assert_eq!(cfg.ingest.preset.as_deref(), Some("cn12345"));
        assert!(cfg.ingest.day_first);
        assert_eq!(cfg.columns["ticket_id"], "工单流水号");
        assert_eq!(cfg.vocab.status["已回访"], crate::values::Status::Closed);
        assert!(cfg.to_toml().contains("<set>") || std::env::var(CALLER_KEY_ENV).is_ok());
    }

    #[test]
    fn routing_prefers_the_district_rule() {
        let cfg = Config::parse(
            r#"
[[routing.rules]]
category = "城市管理"
department = "市城市管理局"
[[routing.rules]]
category = "城市管理"
district = "临江县"
department = "临江县城市管理局"
"#,
        )
        .unwrap();
        let r = &cfg.routing;
        assert_eq!(
            r.route(Some("城市管理"), Some("城东区")),
            Some("市城市管理局")
        );
        assert_eq!(
            r.route(Some("城市管理"), Some("临江县")),
            Some("临江县城市管理局")
        );
        assert_eq!(r.route(Some("城市管理"), None), Some("市城市管理局"));
        assert_eq!(r.route(Some("教育"), Some("临江县")), None);
        assert_eq!(r.route(None, Some("临江县")), None);
    }

    #[test]
    fn bad_vocab_target_is_refused() {
        let err = Config::parse("[vocab.status]\n\"x\" = \"done\"\n").unwrap_err();
        assert!(err.contains("open, closed"), "{err}");
    }
}
