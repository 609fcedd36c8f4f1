//! Synthetic 12345 exports with planted events, for tests, the demo and the
//! benchmarks (up to 10M tickets, streamed day by day).
//!
//! The city (江城市) has eight districts, a dozen categories with their own
//! wording, a weekday and hour rhythm, seasonal categories (供暖 in winter,
//! 噪音 in summer, reached over weeks), handling times, overdue tickets and satisfaction. On top
//! of that background the generator plants what detection must find, and
//! writes it to `FILE.truth.json`:
//! - surges: a category × district cell at 2.5–4× its baseline for 3–7 days;
//! - class cases: near-identical complaints about one place from many callers;
//! - repeat callers: one caller, one unresolved problem, 3–5 tickets in 25 days;
//! - an emerging term that first appears late in the period and spreads.
//!
//! The same seed gives byte-identical files (ChaCha8 stream, no clock, no
//! hash-map iteration order).

pub mod vocab;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Gamma, LogNormal, Poisson};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use vocab::*;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenSpec {
    pub tickets: u64,
    pub days: u32,
    pub seed: u64,
    pub start: NaiveDate,
    pub xlsx: bool,
    pub gbk: bool,
}

/// What was generated.
#[derive(Debug, Clone)]
pub struct GenSummary {
    pub tickets: u64,
    pub truth_path: PathBuf,
}

/// The planted events, written beside the export.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Truth {
    pub seed: u64,
    pub start: String,
    pub days: u32,
    pub tickets: u64,
    pub surges: Vec<SurgeTruth>,
    pub clusters: Vec<ClusterTruth>,
    pub repeat_callers: Vec<RepeatTruth>,
    pub emerging_terms: Vec<EmergingTruth>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SurgeTruth {
    pub category_l1: String,
    pub category_l2: String,
    pub district: String,
    pub start: String,
    pub end: String,
    /// Expected background tickets per day in the cell.
    pub baseline_per_day: f64,
    pub extra_per_day: u32,
    pub ticket_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClusterTruth {
    pub district: String,
    pub place: String,
    pub category_l2: String,
    pub start: String,
    pub end: String,
    pub ticket_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepeatTruth {
    pub district: String,
    pub place: String,
    pub category_l2: String,
    pub ticket_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmergingTruth {
    pub term: String,
    pub first_day: String,
    pub ticket_ids: Vec<String>,
}

/// Export headers, in the typical 12345 layout.
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
    tag: Tag,
}

struct Planned {
    day: u32,
    cat: usize,
    sub: usize,
    district: usize,
    text: Option<String>,
    place: Option<&'static str>,
    phone: Option<String>,
    tag: Tag,
}

/// Generates the export at `out` and its truth file beside it.
pub fn generate(spec: &GenSpec, out: &Path) -> Result<GenSummary> {
    if spec.days == 0 || spec.tickets == 0 {
        return Err(Error::Flag {
            flag: "--tickets/--days".into(),
            message: "both must be at least 1".into(),
        });
    }
    if spec.xlsx && spec.tickets > 1_048_575 {
        return Err(Error::Flag {
            flag: "--format xlsx".into(),
            message: "a worksheet holds at most 1,048,575 rows; use --format csv for more tickets"
                .into(),
        });
    }
    let mut g = Gen::new(spec);
    let planned = g.plan_events();
    let base_total = spec.tickets - planned.len() as u64;
    let per_day = g.allocate(base_total);
    let mut by_day: Vec<Vec<Planned>> = (0..spec.days).map(|_| Vec::new()).collect();
    for p in planned {
        by_day[p.day as usize].push(p);
    }

    let mut sink = Sink::open(out, spec)?;
    let mut written = 0u64;
    for day in 0..spec.days {
        let mut rows: Vec<Row> = Vec::with_capacity(per_day[day as usize] as usize + 16);
        for _ in 0..per_day[day as usize] {
            let (cat, sub) = g.pick_category(day);
            let district = g.pick_district();
            rows.push(g.row(day, cat, sub, district, None, None, None, Tag::None));
        }
        for p in std::mem::take(&mut by_day[day as usize]) {
            rows.push(g.row(
                p.day, p.cat, p.sub, p.district, p.text, p.place, p.phone, p.tag,
            ));
        }
        rows.sort_by_key(|r| r.received);
        let date = g.start + Duration::days(day as i64);
        for (seq, r) in rows.iter().enumerate() {
            let id = format!("{}{:06}", date.format("%Y%m%d"), seq + 1);
            g.record(&id, r);
            sink.write(&id, r, &mut g.rng)?;
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

struct Gen {
    rng: ChaCha8Rng,
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

impl Gen {
    fn new(spec: &GenSpec) -> Gen {
        let end = (spec.start + Duration::days(spec.days as i64))
            .and_hms_opt(0, 0, 0)
            .expect("midnight");
        Gen {
            rng: ChaCha8Rng::seed_from_u64(spec.seed),
            start: spec.start,
            days: spec.days,
            end,
            lambda: spec.tickets as f64 / spec.days as f64,
            truth: Truth {
                seed: spec.seed,
                start: spec.start.to_string(),
                days: spec.days,
                ..Truth::default()
            },
            hour_weights: [
                0.15, 0.08, 0.05, 0.04, 0.05, 0.1, 0.3, 0.8, 1.6, 2.2, 2.3, 2.0, 1.3, 1.2, 1.9,
                2.1, 2.0, 1.7, 1.2, 1.0, 0.9, 0.8, 0.6, 0.3,
            ],
            weights_by_day: (0..spec.days.max(1))
                .map(|d| Self::category_weights(spec.start + Duration::days(d as i64)))
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
    fn category_weights(date: NaiveDate) -> Vec<f64> {
        let months: Vec<u32> = (-30..=30)
            .map(|k| (date + Duration::days(k)).month())
            .collect();
        let mut w = Vec::new();
        for c in CATEGORIES {
            for s in c.subs {
                let peak = months.iter().filter(|m| s.peak_months.contains(m)).count();
                let season = 1.0 + peak as f64 / months.len() as f64;
                w.push(c.weight * s.weight * season);
            }
        }
        w
    }

    fn flat_to_pair(mut i: usize) -> (usize, usize) {
        for (ci, c) in CATEGORIES.iter().enumerate() {
            if i < c.subs.len() {
                return (ci, i);
            }
            i -= c.subs.len();
        }
        (0, 0)
    }

    fn pick_category(&mut self, day: u32) -> (usize, usize) {
        let w = self.month_weights(day);
        Self::flat_to_pair(weighted(&mut self.rng, &w))
    }

    fn pick_district(&mut self) -> usize {
        let w: Vec<f64> = DISTRICTS.iter().map(|d| d.weight).collect();
        weighted(&mut self.rng, &w)
    }

    /// Share of all tickets that fall in a category × district cell on `day`.
    fn cell_share(&self, day: u32, cat: usize, sub: usize, district: usize) -> f64 {
        let w = self.month_weights(day);
        let flat: usize = CATEGORIES[..cat]
            .iter()
            .map(|c| c.subs.len())
            .sum::<usize>()
            + sub;
        let dw: f64 = DISTRICTS.iter().map(|d| d.weight).sum();
        w[flat] / w.iter().sum::<f64>() * DISTRICTS[district].weight / dw
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
        let s = *pick(&mut self.rng, SURNAMES);
        match self.rng.random_range(0..3) {
            0 => format!("{s}先生"),
            1 => format!("{s}女士"),
            _ => format!("{s}{}", *pick(&mut self.rng, GIVEN)),
        }
    }

    /// Plans every event ticket; their total stays under half the tickets.
    fn plan_events(&mut self) -> Vec<Planned> {
        let budget = self.lambda * self.days as f64 / 2.0;
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
                    category_l1: CATEGORIES[cat].name.into(),
                    category_l2: CATEGORIES[cat].subs[sub].name.into(),
                    district: DISTRICTS[district].name.into(),
                    start: self.date(start).to_string(),
                    end: self.date(start + len - 1).to_string(),
                    baseline_per_day: (base * 100.0).round() / 100.0,
                    extra_per_day: extra,
                    ticket_ids: vec![],
                });
                for d in start..start + len {
                    for _ in 0..extra {
                        out.push(Planned {
                            day: d,
                            cat,
                            sub,
                            district,
                            text: None,
                            place: None,
                            phone: None,
                            tag: Tag::Surge(idx),
                        });
                    }
                }
            }
        }
        // Class cases.
        let n = (self.days / 20).clamp(1, 15);
        for _ in 0..n {
            let theme = self.rng.random_range(0..THEMES.len());
            let t = &THEMES[theme];
            let district = self.pick_district();
            let place = *pick(&mut self.rng, ESTATES);
            let span = self.rng.random_range(3..=14u32).min(self.days);
            let start = self.rng.random_range(0..=self.days - span);
            let size = self.rng.random_range(5..=15usize);
            if out.len() as f64 + size as f64 > budget * 0.8 {
                break;
            }
            let idx = self.truth.clusters.len();
            self.truth.clusters.push(ClusterTruth {
                district: DISTRICTS[district].name.into(),
                place: place.into(),
                category_l2: CATEGORIES[t.category].subs[t.sub].name.into(),
                start: self.date(start).to_string(),
                end: self.date(start + span - 1).to_string(),
                ticket_ids: vec![],
            });
            for _ in 0..size {
                let day = start + self.rng.random_range(0..span);
                let v = *pick(&mut self.rng, t.variants);
                out.push(Planned {
                    day,
                    cat: t.category,
                    sub: t.sub,
                    district,
                    text: Some(v.replace("{place}", place)),
                    place: Some(place),
                    phone: None,
                    tag: Tag::Cluster(idx),
                });
            }
        }
        // Repeat callers.
        let n = ((self.lambda * self.days as f64) / 3000.0).clamp(2.0, 200.0) as usize;
        for _ in 0..n {
            if out.len() as f64 + 5.0 > budget * 0.9 || self.days < 3 {
                break;
            }
            let (cat, sub) = self.pick_category(0);
            let district = self.pick_district();
            let place = *pick(&mut self.rng, ESTATES);
            let phone = self.phone();
            let calls = self.rng.random_range(3..=5u32);
            let window = self.days.min(25);
            let start = self.rng.random_range(0..=self.days - window);
            let mut days: Vec<u32> = (0..calls)
                .map(|_| start + self.rng.random_range(0..window))
                .collect();
            days.sort_unstable();
            let idx = self.truth.repeat_callers.len();
            self.truth.repeat_callers.push(RepeatTruth {
                district: DISTRICTS[district].name.into(),
                place: place.into(),
                category_l2: CATEGORIES[cat].subs[sub].name.into(),
                ticket_ids: vec![],
            });
            let tpl = *pick(&mut self.rng, CATEGORIES[cat].subs[sub].templates);
            for (k, day) in days.into_iter().enumerate() {
                let body = self.fill(tpl, district, Some(place)).0;
                let text = if k == 0 {
                    body
                } else {
                    format!("第{}次反映，问题仍未解决：{body}", k + 1)
                };
                out.push(Planned {
                    day,
                    cat,
                    sub,
                    district,
                    text: Some(text),
                    place: Some(place),
                    phone: Some(phone.clone()),
                    tag: Tag::Repeat(idx),
                });
            }
        }
        // An emerging term in the last 40% of the period.
        if self.days >= 28 {
            let (term, cat, sub, tpl) = EMERGING[self.rng.random_range(0..EMERGING.len())];
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
                    out.push(Planned {
                        day: d,
                        cat,
                        sub,
                        district,
                        text: Some(text),
                        place: None,
                        phone: None,
                        tag: Tag::Emerging(0),
                    });
                }
            }
        }
        out
    }

    /// Fills a template; returns the text and the estate it names, if any.
    // The derefs pin `pick`'s type parameter to `&str`; without them inference fails.
    #[allow(clippy::explicit_auto_deref)]
    fn fill(
        &mut self,
        tpl: &str,
        district: usize,
        place: Option<&str>,
    ) -> (String, Option<String>, String) {
        let estate = match place {
            Some(p) => p.to_string(),
            None => self.place_name(ESTATES, ESTATE_SUFFIXES, 0.2),
        };
        let road = self.place_name(ROADS, ROAD_SUFFIXES, 0.3);
        let mut road2 = self.place_name(ROADS, ROAD_SUFFIXES, 0.3);
        if road2 == road {
            road2 = format!("{road}辅");
        }
        let street = *pick(&mut self.rng, DISTRICTS[district].streets);
        let market = self.place_name(MARKETS, MARKET_SUFFIXES, 0.3);
        let school = self.place_name(SCHOOLS, SCHOOL_SUFFIXES, 0.3);
        let company = self.place_name(COMPANIES, COMPANY_SUFFIXES, 0.3);
        let text = tpl
            .replace("{estate}", &estate)
            .replace("{road2}", &road2)
            .replace("{road}", &road)
            .replace("{street}", street)
            .replace("{market}", &market)
            .replace("{school}", &school)
            .replace("{hospital}", *pick(&mut self.rng, HOSPITALS))
            .replace("{company}", &company)
            .replace("{shop}", *pick(&mut self.rng, SHOPS))
            .replace("{bus}", *pick(&mut self.rng, BUS_LINES))
            .replace("{building}", &self.rng.random_range(1..=30).to_string())
            .replace("{hour}", &self.rng.random_range(10..=12).to_string())
            .replace("{n}", &self.rng.random_range(2..=9).to_string());
        let used = tpl.contains("{estate}").then_some(estate);
        (text, used.or(place.map(str::to_string)), road)
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
                *pick(&mut self.rng, PLACE_STEMS),
                *pick(&mut self.rng, suffixes)
            )
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        day: u32,
        cat: usize,
        sub: usize,
        district: usize,
        text: Option<String>,
        place: Option<&'static str>,
        phone: Option<String>,
        tag: Tag,
    ) -> Row {
        let c = &CATEGORIES[cat];
        let s = &c.subs[sub];
        let hour = weighted(&mut self.rng, &self.hour_weights) as u32;
        let received = self
            .date(day)
            .and_hms_opt(
                hour,
                self.rng.random_range(0..60),
                self.rng.random_range(0..60),
            )
            .expect("valid time");
        let (body, estate, road) = match text {
            Some(t) => {
                let road = self.place_name(ROADS, ROAD_SUFFIXES, 0.3);
                (t, place.map(str::to_string), road)
            }
            None => {
                let tpl = *pick(&mut self.rng, s.templates);
                self.fill(tpl, district, place)
            }
        };
        let title_tpl = *pick(&mut self.rng, s.titles);
        let title = match &estate {
            Some(e) => title_tpl.replace("{estate}", e),
            None => title_tpl.to_string(),
        };
        let title = self.fill(&title, district, estate.as_deref()).0;
        let phone = phone.unwrap_or_else(|| self.phone());
        let mut content = format!(
            "{}{}{}",
            pick(&mut self.rng, OPENERS),
            body,
            pick(&mut self.rng, CLOSERS)
        );
        if self.rng.random_bool(0.08) {
            content.push_str(&format!("联系电话{phone}。"));
        }
        let street = *pick(&mut self.rng, DISTRICTS[district].streets);
        let community = format!(
            "{}{}",
            *pick(&mut self.rng, COMMUNITY_STEMS),
            *pick(&mut self.rng, COMMUNITY_SUFFIXES)
        );
        let address = match &estate {
            Some(e) => format!(
                "{}{}{}{}号{}",
                DISTRICTS[district].name,
                street,
                road,
                self.rng.random_range(1..300),
                e
            ),
            None => format!(
                "{}{}{}{}号",
                DISTRICTS[district].name,
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
            format!("{}人民政府", DISTRICTS[district].name)
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
            tag,
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

fn cells(id: &str, r: &Row, rng: &mut ChaCha8Rng) -> Vec<String> {
    vec![
        id.to_string(),
        time_text(r.received, rng),
        r.channel.to_string(),
        r.phone.clone(),
        r.name.clone(),
        DISTRICTS[r.district].name.to_string(),
        r.street.to_string(),
        r.community.clone(),
        r.address.clone(),
        r.kind.to_string(),
        CATEGORIES[r.cat].name.to_string(),
        CATEGORIES[r.cat].subs[r.sub].name.to_string(),
        r.title.clone(),
        r.content.clone(),
        r.department.clone(),
        r.status.to_string(),
        r.due.format("%Y-%m-%d %H:%M:%S").to_string(),
        r.closed.map(|t| time_text(t, rng)).unwrap_or_default(),
        r.satisfaction.to_string(),
        r.resolved.to_string(),
        r.redispatch.to_string(),
    ]
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
    fn open(path: &Path, spec: &GenSpec) -> Result<Sink> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        }
        if spec.xlsx {
            let mut wb = rust_xlsxwriter::Workbook::new();
            let ws = wb
                .add_worksheet_with_constant_memory()
                .map_err(|e| xlsx_err(path, e))?;
            ws.set_name("工单").map_err(|e| xlsx_err(path, e))?;
            for (i, h) in HEADERS.iter().enumerate() {
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
            s.write_line(&HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>())?;
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

    fn write(&mut self, id: &str, r: &Row, rng: &mut ChaCha8Rng) -> Result<()> {
        let cells = cells(id, r, rng);
        match self {
            Sink::Csv { .. } => self.write_line(&cells),
            Sink::Xlsx {
                wb,
                row,
                path,
                date_fmt,
            } => {
                let ws = wb.worksheet_from_index(0).map_err(|e| xlsx_err(path, e))?;
                for (i, c) in cells.iter().enumerate() {
                    let col = i as u16;
                    // Received and closing times as real Excel dates (serial
                    // numbers with a date format), as most exports have them;
                    // a few stay text, as some do.
                    let is_time = (i == 1 || i == 17)
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
                    } else if i == 20 {
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
