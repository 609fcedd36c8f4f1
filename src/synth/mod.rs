//! Synthetic 12345 exports with planted events, for tests, the demo and the
//! benchmarks (up to 10M tickets, streamed day by day).
//!
//! A city comes from a [`bank::Bank`] (`jiangcheng`, the one detection is
//! tuned on, or a held-out one: see [`banks`]): districts, a dozen
//! categories with their own wording, a weekday and hour rhythm, seasonal
//! categories (供暖 in winter, 噪音 in summer, reached over weeks), handling
//! times, overdue tickets and satisfaction. A [`Style`] says how the export
//! looks: call-centre tickets (工单, with a call-taker's summary) or
//! citizens' letters (留言, long and personal, with likes), and which
//! columns it lacks (category, district, caller, address). Place names are
//! written as people write them: with and without 小区, after the district
//! or the street, shortened.
//!
//! On top of that background the generator plants what detection must
//! find, and writes it to `FILE.truth.json`:
//! - surges: a category × district cell at 2.5–4× its baseline for 3–7 days;
//! - class cases: 15–60 tickets from different callers about one concrete
//!   problem at one estate or road over 1–5 weeks, told in different words,
//!   a fifth of them filed under a wrong category;
//! - repeat callers: one caller at one home (address down to the room), one
//!   unresolved problem, 3–6 tickets in 10–30 days;
//! - an emerging term that first appears late in the period and spreads.
//!
//! The same seed and style give byte-identical files (ChaCha8 stream, no
//! clock, no hash-map iteration order).

pub mod bank;
pub mod banks;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Gamma, LogNormal, Poisson};

use crate::detect::truth::{ClusterTruth, EmergingTruth, RepeatTruth, SurgeTruth, Truth, Without};
use crate::error::{Error, Result};
use bank::{Bank, KINDS};

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenSpec {
    pub tickets: u64,
    pub days: u32,
    pub seed: u64,
    pub start: NaiveDate,
    pub xlsx: bool,
    pub gbk: bool,
    pub style: Style,
}

/// How the export looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub bank: &'static Bank,
    /// Citizens' letters (a message board's export) instead of call-centre
    /// tickets.
    pub letters: bool,
    /// Columns the export lacks.
    pub without: Without,
}

impl std::fmt::Debug for Bank {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bank({})", self.name)
    }
}

impl Default for Style {
    fn default() -> Style {
        Style {
            bank: &banks::jiangcheng::JIANGCHENG,
            letters: false,
            without: Without::default(),
        }
    }
}

/// What was generated.
#[derive(Debug, Clone)]
pub struct GenSummary {
    pub tickets: u64,
    pub truth_path: PathBuf,
}

/// The columns of a call-centre export, in the typical 12345 layout.
pub const HEADERS: &[&str] = &[
    "工单编号",
    "受理时间",
    "来源渠道",
    "来电号码",
    "诉求人",
    "所属区县",
    "所属街道",
    "所属社区",
    "详细地址",
    "诉求性质",
    "一级分类",
    "二级分类",
    "诉求标题",
    "诉求内容",
    "承办单位",
    "办理状态",
    "办理时限",
    "办结时间",
    "回访满意度",
    "是否解决",
    "转派次数",
];

/// The columns of a message board's export of letters.
pub const LETTER_HEADERS: &[&str] = &[
    "留言编号",
    "留言用户",
    "留言主题",
    "留言时间",
    "留言详情",
    "一级分类",
    "所属区县",
    "点赞数",
    "反对数",
];

/// Which planted event a ticket belongs to.
#[derive(Clone, Copy)]
enum Tag {
    None,
    Surge(usize),
    Cluster(usize),
    Repeat(usize),
    Emerging(usize),
}

struct Row {
    received: NaiveDateTime,
    channel: &'static str,
    phone: String,
    name: String,
    district: usize,
    street: &'static str,
    community: String,
    address: String,
    kind: &'static str,
    cat: usize,
    sub: usize,
    title: String,
    content: String,
    department: String,
    status: &'static str,
    due: NaiveDateTime,
    closed: Option<NaiveDateTime>,
    satisfaction: &'static str,
    resolved: &'static str,
    redispatch: u32,
    likes: u32,
    dislikes: u32,
    tag: Tag,
}

/// A planted ticket: what the event fixes of it.
struct Planned {
    day: u32,
    cat: usize,
    sub: usize,
    district: usize,
    text: Option<String>,
    title: Option<String>,
    place: Option<&'static str>,
    /// The place is a road (not the writer's estate).
    road: bool,
    phone: Option<String>,
    address: Option<String>,
    likes: u32,
    tag: Tag,
}

impl Planned {
    fn new(day: u32, cat: usize, sub: usize, district: usize, tag: Tag) -> Planned {
        Planned {
            day,
            cat,
            sub,
            district,
            text: None,
            title: None,
            place: None,
            road: false,
            phone: None,
            address: None,
            likes: 0,
            tag,
        }
    }
}

/// Generates the export at `out` and its truth file beside it.
pub fn generate(spec: &GenSpec, out: &Path) -> Result<GenSummary> {
    if spec.days == 0 || spec.tickets == 0 {
        return Err(Error::Input {
            what: "export to generate".into(),
            message: "tickets and days must both be at least 1".into(),
        });
    }
    if spec.xlsx && spec.tickets > 1_048_575 {
        return Err(Error::Input {
            what: "export to generate".into(),
            message: "a worksheet holds at most 1,048,575 rows; write CSV for more tickets".into(),
        });
    }
    let mut g = Gen::new(spec);
    let planned = g.plan_events();
    let base_total = spec.tickets.saturating_sub(planned.len() as u64);
    let per_day = g.allocate(base_total);
    let mut by_day: Vec<Vec<Planned>> = (0..spec.days).map(|_| Vec::new()).collect();
    for p in planned {
        by_day[p.day as usize].push(p);
    }

    let headers = headers(&spec.style);
    let mut sink = Sink::open(out, spec, &headers)?;
    let mut written = 0u64;
    for day in 0..spec.days {
        let mut rows: Vec<Row> = Vec::with_capacity(per_day[day as usize] as usize + 16);
        for _ in 0..per_day[day as usize] {
            let (cat, sub) = g.pick_category(day);
            let district = g.pick_district();
            rows.push(g.row(Planned::new(day, cat, sub, district, Tag::None)));
        }
        for p in std::mem::take(&mut by_day[day as usize]) {
            rows.push(g.row(p));
        }
        rows.sort_by_key(|r| r.received);
        let date = g.start + Duration::days(day as i64);
        for (seq, r) in rows.iter().enumerate() {
            let id = if spec.style.letters {
                format!("{}", 100_000 + written)
            } else {
                format!("{}{:06}", date.format("%Y%m%d"), seq + 1)
            };
            g.record(&id, r);
            let mut all = g.cells(&id, r);
            let cells: Vec<String> = headers
                .iter()
                .map(|(i, _)| std::mem::take(&mut all[*i]))
                .collect();
            sink.write(&cells, &headers)?;
            written += 1;
        }
    }
    sink.finish()?;
    g.truth.tickets = written;
    let truth_path = PathBuf::from(format!("{}.truth.json", out.display()));
    let text = serde_json::to_string_pretty(&g.truth).expect("truth serializes");
    std::fs::write(&truth_path, text).map_err(|e| Error::write(&truth_path, e))?;
    Ok(GenSummary {
        tickets: written,
        truth_path,
    })
}

/// The columns the style writes: (index into [`Gen::cells`], header).
fn headers(style: &Style) -> Vec<(usize, &'static str)> {
    let w = style.without;
    if style.letters {
        // 留言编号 留言用户 留言主题 留言时间 留言详情 一级分类 所属区县 点赞数 反对数
        [
            (0, LETTER_HEADERS[0], false),
            (21, LETTER_HEADERS[1], w.caller),
            (12, LETTER_HEADERS[2], false),
            (1, LETTER_HEADERS[3], false),
            (13, LETTER_HEADERS[4], false),
            (10, LETTER_HEADERS[5], w.category),
            (5, LETTER_HEADERS[6], w.district),
            (22, LETTER_HEADERS[7], false),
            (23, LETTER_HEADERS[8], false),
        ]
        .into_iter()
        .filter(|(_, _, drop)| !drop)
        .map(|(i, h, _)| (i, h))
        .collect()
    } else {
        HEADERS
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                !((w.caller && matches!(i, 3 | 4))
                    || (w.district && matches!(i, 5..=7))
                    || (w.address && *i == 8)
                    || (w.category && matches!(i, 10 | 11)))
            })
            .map(|(i, h)| (i, *h))
            .collect()
    }
}

struct Gen {
    rng: ChaCha8Rng,
    bank: &'static Bank,
    style: Style,
    start: NaiveDate,
    days: u32,
    end: NaiveDateTime,
    lambda: f64,
    truth: Truth,
    hour_weights: [f64; 24],
    /// Category weights per day, seasons included (see `category_weights`).
    weights_by_day: Vec<Vec<f64>>,
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn weighted(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// The slot values of one ticket ([`Gen::slots`]).
struct Slots {
    estate: String,
    /// The estate as this ticket writes it ([`Gen::mention`]).
    estate_text: String,
    road: String,
    road2: String,
    street: &'static str,
    district: &'static str,
    market: String,
    school: String,
    hospital: &'static str,
    company: String,
    shop: &'static str,
    bus: &'static str,
    building: u32,
    hour: u32,
    n: u32,
}

/// Ways a returning caller says it is not the first time.
const AGAIN: &[&str] = &[
    "第{k}次反映，问题仍未解决：",
    "之前已经反映过，至今没有处理：",
    "再次来电，",
    "问题依旧，",
    "",
    "上次说会处理，可是",
];

impl Gen {
    fn new(spec: &GenSpec) -> Gen {
        let end = (spec.start + Duration::days(spec.days as i64))
            .and_hms_opt(0, 0, 0)
            .expect("midnight");
        let bank = spec.style.bank;
        Gen {
            rng: ChaCha8Rng::seed_from_u64(spec.seed),
            bank,
            style: spec.style,
            start: spec.start,
            days: spec.days,
            end,
            lambda: spec.tickets as f64 / spec.days as f64,
            truth: Truth {
                seed: spec.seed,
                start: spec.start.to_string(),
                days: spec.days,
                bank: bank.name.to_string(),
                letters: spec.style.letters,
                without: spec.style.without,
                ..Truth::default()
            },
            hour_weights: [
                0.15, 0.08, 0.05, 0.04, 0.05, 0.1, 0.3, 0.8, 1.6, 2.2, 2.3, 2.0, 1.3, 1.2, 1.9,
                2.1, 2.0, 1.7, 1.2, 1.0, 0.9, 0.8, 0.6, 0.3,
            ],
            weights_by_day: (0..spec.days.max(1))
                .map(|d| Self::category_weights(bank, spec.start + Duration::days(d as i64)))
                .collect(),
        }
    }

    fn date(&self, day: u32) -> NaiveDate {
        self.start + Duration::days(day as i64)
    }

    fn month_weights(&self, day: u32) -> Vec<f64> {
        self.weights_by_day[(day as usize).min(self.weights_by_day.len() - 1)].clone()
    }

    /// Sub-category weights on `date`: a seasonal sub-category doubles in
    /// its peak months, reached gradually (the share of the 61 days around
    /// the date that fall in a peak month), as weather and school terms
    /// change over weeks, not overnight.
    fn category_weights(bank: &Bank, date: NaiveDate) -> Vec<f64> {
        let months: Vec<u32> = (-30..=30)
            .map(|k| (date + Duration::days(k)).month())
            .collect();
        let mut w = Vec::new();
        for c in bank.categories {
            for s in c.subs {
                let peak = months.iter().filter(|m| s.peak_months.contains(m)).count();
                let season = 1.0 + peak as f64 / months.len() as f64;
                w.push(c.weight * s.weight * season);
            }
        }
        w
    }

    fn flat_to_pair(&self, mut i: usize) -> (usize, usize) {
        for (ci, c) in self.bank.categories.iter().enumerate() {
            if i < c.subs.len() {
                return (ci, i);
            }
            i -= c.subs.len();
        }
        (0, 0)
    }

    fn pick_category(&mut self, day: u32) -> (usize, usize) {
        let w = self.month_weights(day);
        let i = weighted(&mut self.rng, &w);
        self.flat_to_pair(i)
    }

    fn pick_district(&mut self) -> usize {
        let w: Vec<f64> = self.bank.districts.iter().map(|d| d.weight).collect();
        weighted(&mut self.rng, &w)
    }

    /// Share of all tickets that fall in a category × district cell on `day`.
    fn cell_share(&self, day: u32, cat: usize, sub: usize, district: usize) -> f64 {
        let w = self.month_weights(day);
        let flat: usize = self.bank.categories[..cat]
            .iter()
            .map(|c| c.subs.len())
            .sum::<usize>()
            + sub;
        let dw: f64 = self.bank.districts.iter().map(|d| d.weight).sum();
        w[flat] / w.iter().sum::<f64>() * self.bank.districts[district].weight / dw
    }

    fn day_weight(&self, day: u32) -> f64 {
        let wd = match self.date(day).weekday().num_days_from_monday() {
            0 => 1.1,
            5 => 0.75,
            6 => 0.7,
            _ => 1.0,
        };
        wd * (1.0 + 0.1 * day as f64 / 365.0)
    }

    /// Background tickets per day: rhythm × noise, summing exactly to `total`.
    fn allocate(&mut self, total: u64) -> Vec<u64> {
        let noise = Gamma::new(30.0, 1.0 / 30.0).expect("valid gamma");
        let w: Vec<f64> = (0..self.days)
            .map(|d| self.day_weight(d) * noise.sample(&mut self.rng))
            .collect();
        let sum: f64 = w.iter().sum();
        let exact: Vec<f64> = w.iter().map(|x| x / sum * total as f64).collect();
        let mut counts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
        let mut rest = total - counts.iter().sum::<u64>();
        let mut order: Vec<usize> = (0..exact.len()).collect();
        order.sort_by(|&a, &b| {
            (exact[b] - exact[b].floor())
                .partial_cmp(&(exact[a] - exact[a].floor()))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.cmp(&b))
        });
        for i in order.into_iter().cycle() {
            if rest == 0 {
                break;
            }
            counts[i] += 1;
            rest -= 1;
        }
        counts
    }

    fn phone(&mut self) -> String {
        let second = *pick(&mut self.rng, &['3', '5', '7', '8', '9']);
        let rest: u32 = self.rng.random_range(0..1_000_000_000);
        format!("1{second}{rest:09}")
    }

    fn name(&mut self) -> String {
        let s = *pick(&mut self.rng, self.bank.surnames);
        match self.rng.random_range(0..3) {
            0 => format!("{s}先生"),
            1 => format!("{s}女士"),
            _ => format!("{s}{}", *pick(&mut self.rng, self.bank.given)),
        }
    }

    /// A home address down to the room: where one caller lives.
    fn home(&mut self, district: usize, estate: &str) -> String {
        let d = &self.bank.districts[district];
        let street = *pick(&mut self.rng, d.streets);
        let road = self.place_name(self.bank.roads, self.bank.road_suffixes, 0.3);
        format!(
            "{}{}{}{}号{}{}栋{}单元{}室",
            d.name,
            street,
            road,
            self.rng.random_range(1..300),
            estate,
            self.rng.random_range(1..30),
            self.rng.random_range(1..6),
            self.rng.random_range(1..30) * 100 + self.rng.random_range(1..5)
        )
    }

    /// How one ticket writes `place`: as it is, with or without 小区,
    /// after its district or street, or shortened by its suffix.
    #[allow(clippy::explicit_auto_deref)]
    fn mention(&mut self, place: &str, district: usize) -> String {
        let road = self.bank.road_suffixes.iter().any(|s| place.ends_with(s))
            || self.bank.roads.contains(&place);
        let d = &self.bank.districts[district];
        let short = self
            .bank
            .estate_suffixes
            .iter()
            .chain(["小区"].iter())
            .filter(|s| place.ends_with(**s))
            .map(|s| &place[..place.len() - s.len()])
            .find(|stem| stem.chars().count() >= 2);
        match self.rng.random_range(0..100) {
            0..=44 => place.to_string(),
            45..=59 if !road && !place.ends_with("小区") => format!("{place}小区"),
            60..=71 => format!("{}{place}", d.name),
            72..=81 => format!("{}{place}", *pick(&mut self.rng, d.streets)),
            82..=88 => format!("{}{place}", self.bank.city),
            89..=99 if !road => short.map_or_else(|| place.to_string(), str::to_string),
            _ => place.to_string(),
        }
    }

    /// Plans every event ticket; their total stays under half the tickets.
    fn plan_events(&mut self) -> Vec<Planned> {
        let budget = self.lambda * self.days as f64 / 2.0;
        let bank = self.bank;
        let mut out: Vec<Planned> = Vec::new();
        // Surges need two weeks of history before them.
        if self.days >= 21 {
            let n = (self.days / 30).clamp(1, 12);
            for _ in 0..n {
                let (cat, sub) = self.pick_category(self.days / 2);
                let district = self.pick_district();
                let start = self.rng.random_range(14..self.days - 6);
                let len = self.rng.random_range(3..=7u32).min(self.days - start);
                let base = self.lambda * self.cell_share(start, cat, sub, district);
                let mult = self.rng.random_range(2.5..4.0);
                let extra = ((base * (mult - 1.0)).ceil() as u32).max(4);
                if out.len() as f64 + (extra * len) as f64 > budget * 0.5 {
                    continue;
                }
                let idx = self.truth.surges.len();
                self.truth.surges.push(SurgeTruth {
                    category_l1: bank.categories[cat].name.into(),
                    category_l2: bank.categories[cat].subs[sub].name.into(),
                    district: bank.districts[district].name.into(),
                    start: self.date(start).to_string(),
                    end: self.date(start + len - 1).to_string(),
                    baseline_per_day: (base * 100.0).round() / 100.0,
                    extra_per_day: extra,
                    ticket_ids: vec![],
                });
                for d in start..start + len {
                    for _ in 0..extra {
                        out.push(Planned::new(d, cat, sub, district, Tag::Surge(idx)));
                    }
                }
            }
        }
        // Class cases: one concrete problem at one place, 15–60 tickets
        // over one to five weeks (fewer where the export is small), told
        // by different callers in their own words; a fifth filed under a
        // wrong category.
        let n = ((self.days as f64 / 36.5).round() as usize).clamp(1, 15);
        // A message board gets a few letters a day, and its hot issues are
        // still tens of letters (20–66 in the published analyses of one
        // city's board); a small call centre's clusters are smaller.
        let scale = if self.style.letters {
            1.0
        } else {
            (self.lambda / 900.0).clamp(0.15, 1.0)
        };
        for _ in 0..n {
            let theme = &bank.themes[self.rng.random_range(0..bank.themes.len())];
            let district = self.pick_district();
            let place = if theme.road {
                *pick(&mut self.rng, bank.roads)
            } else {
                *pick(&mut self.rng, bank.estates)
            };
            let span = self.rng.random_range(7..=35u32).min(self.days);
            let size =
                ((self.rng.random_range(15..=60usize) as f64 * scale).round() as usize).max(6);
            // A handful of tickets over five weeks is no cluster: a small
            // one comes in at least one ticket every two days.
            let span = span.min(2 * size as u32).max(7).min(self.days);
            let start = self.rng.random_range(0..=self.days - span);
            if out.len() as f64 + size as f64 > budget * 0.8 {
                break;
            }
            let idx = self.truth.clusters.len();
            self.truth.clusters.push(ClusterTruth {
                district: bank.districts[district].name.into(),
                place: place.into(),
                category_l2: bank.categories[theme.category].subs[theme.sub].name.into(),
                start: self.date(start).to_string(),
                end: self.date(start + span - 1).to_string(),
                ticket_ids: vec![],
            });
            for _ in 0..size {
                // Most tickets come while the problem is at its worst.
                let u: f64 = self.rng.random::<f64>().powf(1.3);
                let day = start + ((u * span as f64) as u32).min(span - 1);
                let (cat, sub) = if self.rng.random_bool(0.2) {
                    self.pick_category(day)
                } else {
                    (theme.category, theme.sub)
                };
                let mention = self.mention(place, district);
                let mut text = String::new();
                let told = if self.style.letters { 2 } else { 1 };
                for _ in 0..self.rng.random_range(1..=told) {
                    let v = *pick(&mut self.rng, theme.variants);
                    text.push_str(&v.replace("{place}", &mention));
                }
                let mut p = Planned::new(day, cat, sub, district, Tag::Cluster(idx));
                p.text = Some(text);
                p.title = Some(self.theme_title(theme, &mention));
                p.place = Some(place);
                p.road = theme.road;
                p.likes = self.rng.random_range(0..40);
                out.push(p);
            }
        }
        // Repeat callers: one caller at one home, one problem.
        let n = ((self.lambda * self.days as f64) / 12_400.0)
            .round()
            .clamp(2.0, 200.0) as usize;
        for _ in 0..n {
            if out.len() as f64 + 6.0 > budget * 0.9 || self.days < 3 {
                break;
            }
            let (cat, sub) = self.pick_category(0);
            let district = self.pick_district();
            let place = *pick(&mut self.rng, bank.estates);
            let phone = self.phone();
            let address = self.home(district, place);
            let calls = self.rng.random_range(3..=6u32);
            let window = self.rng.random_range(10..=30u32).min(self.days);
            let start = self.rng.random_range(0..=self.days - window);
            let mut days: Vec<u32> = (0..calls)
                .map(|_| start + self.rng.random_range(0..window))
                .collect();
            days.sort_unstable();
            let idx = self.truth.repeat_callers.len();
            self.truth.repeat_callers.push(RepeatTruth {
                district: bank.districts[district].name.into(),
                place: place.into(),
                category_l2: bank.categories[cat].subs[sub].name.into(),
                ticket_ids: vec![],
            });
            let tpls = bank.categories[cat].subs[sub].templates;
            let tpl = *pick(&mut self.rng, tpls);
            for (k, day) in days.into_iter().enumerate() {
                // Mostly the same complaint, sometimes told another way.
                let tpl = if self.rng.random_bool(0.3) {
                    *pick(&mut self.rng, tpls)
                } else {
                    tpl
                };
                let body = self.fill(tpl, district, Some(place)).0;
                let again = *pick(&mut self.rng, AGAIN);
                let text = if k == 0 {
                    body
                } else {
                    format!("{}{body}", again.replace("{k}", &(k + 1).to_string()))
                };
                let mut p = Planned::new(day, cat, sub, district, Tag::Repeat(idx));
                p.text = Some(text);
                p.place = Some(place);
                p.phone = Some(phone.clone());
                p.address = Some(address.clone());
                out.push(p);
            }
        }
        // An emerging term in the last 40% of the period.
        if self.days >= 28 && !bank.emerging.is_empty() {
            let (term, cat, sub, tpl) =
                bank.emerging[self.rng.random_range(0..bank.emerging.len())];
            let first = self.days * 3 / 5;
            let peak = (self.lambda * 0.03).clamp(2.0, 40.0);
            self.truth.emerging_terms.push(EmergingTruth {
                term: term.into(),
                first_day: self.date(first).to_string(),
                ticket_ids: vec![],
            });
            for d in first..self.days {
                let mean = peak * (d - first + 1) as f64 / (self.days - first) as f64;
                let k = Poisson::new(mean)
                    .map(|p| p.sample(&mut self.rng) as u32)
                    .unwrap_or(1)
                    .max(u32::from(d == first));
                for _ in 0..k {
                    if out.len() as f64 >= budget {
                        break;
                    }
                    let district = self.pick_district();
                    let text = self.fill(tpl, district, None).0;
                    let mut p = Planned::new(d, cat, sub, district, Tag::Emerging(0));
                    p.text = Some(text);
                    out.push(p);
                }
            }
        }
        out
    }

    /// The title of a class-case ticket: its sub-category's title about the
    /// place, or the opening words of the problem.
    fn theme_title(&mut self, theme: &bank::Theme, mention: &str) -> String {
        let sub = &self.bank.categories[theme.category].subs[theme.sub];
        let slot = if theme.road { "{road}" } else { "{estate}" };
        let fitting: Vec<&str> = sub
            .titles
            .iter()
            .copied()
            .filter(|t| t.contains(slot))
            .collect();
        if !fitting.is_empty() && self.rng.random_bool(0.5) {
            return pick(&mut self.rng, &fitting).replace(slot, mention);
        }
        let v = *pick(&mut self.rng, theme.variants);
        let first: String = v
            .replace("{place}", mention)
            .split(['，', '。', '？', '！'])
            .next()
            .unwrap_or_default()
            .chars()
            .take(24)
            .collect();
        match self.rng.random_range(0..3) {
            0 => format!("关于{first}的问题"),
            1 => format!("反映{first}"),
            _ => first,
        }
    }

    /// Fills a template with slot values of its own; returns the text, the
    /// estate it names (if any) and the road of the ticket's address.
    fn fill(
        &mut self,
        tpl: &str,
        district: usize,
        place: Option<&str>,
    ) -> (String, Option<String>, String) {
        let slots = self.slots(district, place);
        let text = self.apply(tpl, &slots);
        let used = tpl.contains("{estate}").then(|| slots.estate.clone());
        (text, used.or(place.map(str::to_string)), slots.road)
    }

    /// The places and numbers one ticket's templates are filled with, so
    /// that its title and its text name the same places.
    // The derefs pin `pick`'s type parameter to `&str`; without them inference fails.
    #[allow(clippy::explicit_auto_deref)]
    fn slots(&mut self, district: usize, place: Option<&str>) -> Slots {
        let b = self.bank;
        let estate = match place {
            Some(p) => p.to_string(),
            None => self.place_name(b.estates, b.estate_suffixes, 0.2),
        };
        let estate_text = self.mention(&estate, district);
        let road = self.place_name(b.roads, b.road_suffixes, 0.3);
        let mut road2 = self.place_name(b.roads, b.road_suffixes, 0.3);
        if road2 == road {
            road2 = format!("{road}辅");
        }
        let d = &b.districts[district];
        Slots {
            estate,
            estate_text,
            road,
            road2,
            street: *pick(&mut self.rng, d.streets),
            district: d.name,
            market: self.place_name(b.markets, b.market_suffixes, 0.3),
            school: self.place_name(b.schools, b.school_suffixes, 0.3),
            hospital: *pick(&mut self.rng, b.hospitals),
            company: self.place_name(b.companies, b.company_suffixes, 0.3),
            shop: *pick(&mut self.rng, b.shops),
            bus: *pick(&mut self.rng, b.bus_lines),
            building: self.rng.random_range(1..=30),
            hour: self.rng.random_range(10..=12),
            n: self.rng.random_range(2..=9),
        }
    }

    fn apply(&self, tpl: &str, s: &Slots) -> String {
        tpl.replace("{estate}", &s.estate_text)
            .replace("{road2}", &s.road2)
            .replace("{road}", &s.road)
            .replace("{street}", s.street)
            .replace("{district}", s.district)
            .replace("{market}", &s.market)
            .replace("{school}", &s.school)
            .replace("{hospital}", s.hospital)
            .replace("{company}", &s.company)
            .replace("{shop}", s.shop)
            .replace("{bus}", s.bus)
            .replace("{building}", &s.building.to_string())
            .replace("{hour}", &s.hour.to_string())
            .replace("{n}", &s.n.to_string())
    }

    /// A place: one of the well-known `names` with probability `known`,
    /// else an ordinary one (a stem and a suffix), as a city has thousands.
    #[allow(clippy::explicit_auto_deref)]
    fn place_name(&mut self, names: &[&str], suffixes: &[&str], known: f64) -> String {
        if self.rng.random_bool(known) {
            (*pick(&mut self.rng, names)).to_string()
        } else {
            format!(
                "{}{}",
                *pick(&mut self.rng, self.bank.place_stems),
                *pick(&mut self.rng, suffixes)
            )
        }
    }

    /// A citizen's letter around `body`: salutation, who writes, the
    /// problem, how long and whom they told, what they ask. `slots` are the
    /// ticket's own (the writer's estate is the one the problem is about,
    /// unless that is a road).
    #[allow(clippy::explicit_auto_deref)]
    fn letter(&mut self, body: &str, slots: &Slots) -> String {
        let l = &self.bank.letters;
        let mut out = String::new();
        out.push_str(*pick(&mut self.rng, l.salutations));
        let me = *pick(&mut self.rng, l.selves);
        out.push_str(&self.apply(me, slots));
        out.push_str(body);
        let mut told: Vec<usize> = Vec::new();
        for _ in 0..self.rng.random_range(1..=3) {
            let i = self.rng.random_range(0..l.details.len());
            if !told.contains(&i) {
                told.push(i);
                out.push_str(&self.apply(l.details[i], slots));
            }
        }
        out.push_str(*pick(&mut self.rng, l.requests));
        out.push_str(*pick(&mut self.rng, l.closings));
        out
    }

    #[allow(clippy::explicit_auto_deref)]
    fn row(&mut self, p: Planned) -> Row {
        let b = self.bank;
        let (cat, sub, district) = (p.cat, p.sub, p.district);
        let c = &b.categories[cat];
        let s = &c.subs[sub];
        let hour = weighted(&mut self.rng, &self.hour_weights) as u32;
        let received = self
            .date(p.day)
            .and_hms_opt(
                hour,
                self.rng.random_range(0..60),
                self.rng.random_range(0..60),
            )
            .expect("valid time");
        // One set of places for the title, the text and the address; a
        // road the problem is about is no one's home.
        let home = if p.road { None } else { p.place };
        let slots = self.slots(district, home);
        let road = slots.road.clone();
        let (body, estate) = match p.text {
            Some(t) => (t, p.place.map(str::to_string)),
            None => {
                let tpl = *pick(&mut self.rng, s.templates);
                let names_estate = tpl.contains("{estate}") || p.place.is_some();
                (
                    self.apply(tpl, &slots),
                    names_estate.then(|| slots.estate.clone()),
                )
            }
        };
        let title = match p.title {
            Some(t) => t,
            None => {
                let title_tpl = *pick(&mut self.rng, s.titles);
                self.apply(title_tpl, &slots)
            }
        };
        let phone = p.phone.unwrap_or_else(|| self.phone());
        let content = if self.style.letters {
            self.letter(&body, &slots)
        } else {
            let mut content = format!(
                "{}{}{}",
                pick(&mut self.rng, b.openers),
                body,
                pick(&mut self.rng, b.closers)
            );
            if self.rng.random_bool(0.08) {
                content.push_str(&format!("联系电话{phone}。"));
            }
            content
        };
        let d = &b.districts[district];
        let street = *pick(&mut self.rng, d.streets);
        let community = format!(
            "{}{}",
            *pick(&mut self.rng, b.community_stems),
            *pick(&mut self.rng, b.community_suffixes)
        );
        let address = match (p.address, &estate) {
            (Some(a), _) => a,
            (None, Some(r)) if p.road => format!(
                "{}{}{}{}号",
                d.name,
                street,
                r,
                self.rng.random_range(1..300)
            ),
            (None, Some(e)) if self.rng.random_bool(0.5) => self.home(district, e),
            (None, Some(e)) => format!(
                "{}{}{}{}号{}",
                d.name,
                street,
                road,
                self.rng.random_range(1..300),
                e
            ),
            (None, None) => format!(
                "{}{}{}{}号",
                d.name,
                street,
                road,
                self.rng.random_range(1..300)
            ),
        };
        let kind = KINDS[weighted(&mut self.rng, &s.kinds)];
        let department = if self.rng.random_bool(0.65) {
            if self.rng.random_bool(0.1) {
                c.department_alias.to_string()
            } else {
                c.department.to_string()
            }
        } else if self.rng.random_bool(0.7) {
            format!("{}人民政府", d.name)
        } else {
            format!("{street}办事处")
        };
        let limit_days = match kind {
            "咨询" => 3,
            "求助" => 5,
            "建议" => 15,
            "举报" => 10,
            _ => 7,
        };
        let due = received + Duration::days(limit_days);
        let lognorm = LogNormal::new(s.handling_days.ln(), 0.8).expect("valid lognormal");
        let handling_hours = (lognorm.sample(&mut self.rng) * 24.0).max(0.5);
        let closed_at = received + Duration::minutes((handling_hours * 60.0) as i64);
        let (status, closed, satisfaction, resolved) = if closed_at < self.end {
            let st = *pick(
                &mut self.rng,
                &["已办结", "已办结", "已办结", "办结", "已完成"],
            );
            let sat = ["满意", "非常满意", "基本满意", "不满意", "未回访"]
                [weighted(&mut self.rng, &[0.55, 0.17, 0.14, 0.08, 0.06])];
            let res = if self.rng.random_bool(0.85) {
                "是"
            } else {
                "否"
            };
            (st, Some(closed_at), sat, res)
        } else {
            (
                *pick(&mut self.rng, &["办理中", "办理中", "待办理"]),
                None,
                "",
                "",
            )
        };
        let redispatch =
            [0, 1, 2, 3, 5][weighted(&mut self.rng, &[0.80, 0.14, 0.04, 0.015, 0.005])];
        let channel = ["12345热线", "网站", "微信公众号", "12345APP", "信件"]
            [weighted(&mut self.rng, &[0.65, 0.1, 0.12, 0.1, 0.03])];
        let name = self.name();
        let likes = p.likes + self.rng.random_range(0..4);
        let dislikes = self.rng.random_range(0..3);
        Row {
            received,
            channel,
            phone,
            name,
            district,
            street,
            community,
            address,
            kind,
            cat,
            sub,
            title,
            content,
            department,
            status,
            due,
            closed,
            satisfaction,
            resolved,
            redispatch,
            likes,
            dislikes,
            tag: p.tag,
        }
    }

    fn record(&mut self, id: &str, r: &Row) {
        let id = id.to_string();
        match r.tag {
            Tag::None => {}
            Tag::Surge(i) => self.truth.surges[i].ticket_ids.push(id),
            Tag::Cluster(i) => self.truth.clusters[i].ticket_ids.push(id),
            Tag::Repeat(i) => self.truth.repeat_callers[i].ticket_ids.push(id),
            Tag::Emerging(i) => self.truth.emerging_terms[i].ticket_ids.push(id),
        }
    }

    /// Every cell a style may write, by index: the call-centre columns of
    /// [`HEADERS`], then the writer's account (21), likes (22), dislikes (23).
    fn cells(&mut self, id: &str, r: &Row) -> Vec<String> {
        let b = self.bank;
        let rng = &mut self.rng;
        vec![
            id.to_string(),
            time_text(r.received, rng),
            r.channel.to_string(),
            r.phone.clone(),
            r.name.clone(),
            b.districts[r.district].name.to_string(),
            r.street.to_string(),
            r.community.clone(),
            r.address.clone(),
            r.kind.to_string(),
            b.categories[r.cat].name.to_string(),
            b.categories[r.cat].subs[r.sub].name.to_string(),
            r.title.clone(),
            r.content.clone(),
            r.department.clone(),
            r.status.to_string(),
            r.due.format("%Y-%m-%d %H:%M:%S").to_string(),
            r.closed.map(|t| time_text(t, rng)).unwrap_or_default(),
            r.satisfaction.to_string(),
            r.resolved.to_string(),
            r.redispatch.to_string(),
            // An opaque account id, as message boards give (A00074011).
            format!(
                "U{:08}",
                xxhash_rust::xxh3::xxh3_64(r.phone.as_bytes()) % 100_000_000
            ),
            r.likes.to_string(),
            r.dislikes.to_string(),
        ]
    }
}

/// Writes a time in one of the shapes real exports mix.
fn time_text(t: NaiveDateTime, rng: &mut ChaCha8Rng) -> String {
    match rng.random_range(0..100) {
        0..=4 => format!(
            "{}/{}/{} {}:{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute()
        ),
        5..=7 => format!(
            "{}年{}月{}日 {:02}:{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute()
        ),
        _ => t.format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}

enum Sink {
    Csv {
        w: BufWriter<File>,
        gbk: bool,
        path: PathBuf,
    },
    Xlsx {
        wb: Box<rust_xlsxwriter::Workbook>,
        row: u32,
        path: PathBuf,
        date_fmt: rust_xlsxwriter::Format,
    },
}

fn xlsx_err(path: &Path, e: rust_xlsxwriter::XlsxError) -> Error {
    Error::write(path, std::io::Error::other(e.to_string()))
}

impl Sink {
    fn open(path: &Path, spec: &GenSpec, headers: &[(usize, &str)]) -> Result<Sink> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        }
        if spec.xlsx {
            let mut wb = rust_xlsxwriter::Workbook::new();
            let ws = wb
                .add_worksheet_with_constant_memory()
                .map_err(|e| xlsx_err(path, e))?;
            ws.set_name(if spec.style.letters {
                "留言"
            } else {
                "工单"
            })
            .map_err(|e| xlsx_err(path, e))?;
            for (i, (_, h)) in headers.iter().enumerate() {
                ws.write_string(0, i as u16, *h)
                    .map_err(|e| xlsx_err(path, e))?;
            }
            let date_fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
            Ok(Sink::Xlsx {
                wb: Box::new(wb),
                row: 1,
                path: path.to_path_buf(),
                date_fmt,
            })
        } else {
            let f = File::create(path).map_err(|e| Error::write(path, e))?;
            let mut s = Sink::Csv {
                w: BufWriter::with_capacity(1 << 20, f),
                gbk: spec.gbk,
                path: path.to_path_buf(),
            };
            s.write_line(
                &headers
                    .iter()
                    .map(|(_, h)| h.to_string())
                    .collect::<Vec<_>>(),
            )?;
            Ok(s)
        }
    }

    fn write_line(&mut self, cells: &[String]) -> Result<()> {
        let Sink::Csv { w, gbk, path } = self else {
            unreachable!("csv sink")
        };
        let mut line = csv::Writer::from_writer(Vec::with_capacity(512));
        line.write_record(cells)
            .map_err(|e| Error::write(&*path, std::io::Error::other(e.to_string())))?;
        let bytes = line
            .into_inner()
            .map_err(|e| Error::write(&*path, std::io::Error::other(e.to_string())))?;
        if *gbk {
            let text = String::from_utf8_lossy(&bytes);
            let (enc, _, _) = encoding_rs::GBK.encode(&text);
            w.write_all(&enc).map_err(|e| Error::write(&*path, e))
        } else {
            w.write_all(&bytes).map_err(|e| Error::write(&*path, e))
        }
    }

    /// Writes one row of `cells` (in the order of `headers`).
    fn write(&mut self, cells: &[String], headers: &[(usize, &str)]) -> Result<()> {
        match self {
            Sink::Csv { .. } => self.write_line(cells),
            Sink::Xlsx {
                wb,
                row,
                path,
                date_fmt,
            } => {
                let ws = wb.worksheet_from_index(0).map_err(|e| xlsx_err(path, e))?;
                for (col, (c, (index, _))) in cells.iter().zip(headers).enumerate() {
                    let col = col as u16;
                    // Received and closing times as real Excel dates (serial
                    // numbers with a date format), as most exports have them;
                    // a few stay text, as some do.
                    let is_time = (*index == 1 || *index == 17)
                        && !c.is_empty()
                        && !c.contains('年')
                        && !c.contains('/');
                    if is_time {
                        let t = NaiveDateTime::parse_from_str(c, "%Y-%m-%d %H:%M:%S")
                            .expect("own format");
                        let serial = (t - NaiveDate::from_ymd_opt(1899, 12, 30)
                            .expect("epoch")
                            .and_hms_opt(0, 0, 0)
                            .expect("midnight"))
                        .num_seconds() as f64
                            / 86_400.0;
                        ws.write_number_with_format(*row, col, serial, date_fmt)
                            .map_err(|e| xlsx_err(path, e))?;
                    } else if matches!(index, 20 | 22 | 23) {
                        ws.write_number(*row, col, c.parse::<f64>().unwrap_or(0.0))
                            .map_err(|e| xlsx_err(path, e))?;
                    } else {
                        ws.write_string(*row, col, c)
                            .map_err(|e| xlsx_err(path, e))?;
                    }
                }
                *row += 1;
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<()> {
        match self {
            Sink::Csv { mut w, path, .. } => w.flush().map_err(|e| Error::write(&path, e)),
            Sink::Xlsx { mut wb, path, .. } => wb.save(&path).map_err(|e| xlsx_err(&path, e)),
        }
    }
}
