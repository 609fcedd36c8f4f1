//! Surges: a cell (category × district, a category citywide, a district)
//! receiving many more tickets in the last days than its baseline says.
//!
//! **Baseline.** Per cell, a quasi-Poisson log-linear regression in the
//! Farrington family ([`super::stats::glm`]; Farrington et al. 1996, Noufaily et
//! al. 2013, as in R's `surveillance::farringtonFlexible`):
//!
//! `log E[y_t] = log(rest_t) + β₀ + β₁·trend + day-of-week + holiday`
//!
//! - `rest_t`, the tickets of the rest of the city that day, is the
//!   exposure (an offset). A day when the whole city calls more (a storm, a
//!   system back online, a partly loaded day) raises every cell's
//!   expectation together, so it does not alarm hundreds of cells; the
//!   cell's share of the city is what is modelled. (Kulldorff's space-time
//!   permutation scan conditions on the daily total for the same reason.)
//! - day of week from the working calendar ([`super::stats::calendar`]): a public
//!   holiday counts as a Sunday plus a holiday effect, a make-up working
//!   day (调休) as a Wednesday;
//! - the trend is kept only when it is significant (|z| ≥ 1.96), as in
//!   Farrington's algorithm, so it does not extrapolate noise;
//! - fitted on the [`FIT_DAYS`] days that end [`GUARD_DAYS`] days before
//!   the as-of day (the guard band: a rise in the last week does not
//!   inflate its own baseline), older days weighing less (half every
//!   [`HALF_LIFE`] days, so the level follows seasonal drift), and past
//!   outbreaks down-weighted by their Anscombe residuals under the model
//!   without its holiday term (so an outbreak during a holiday is not
//!   learnt as the holiday's effect);
//! - day-of-week and holiday effects shrunk towards none by a ridge
//!   ([`EFFECT_RIDGE`]), and day-of-week terms only for cells with at least
//!   [`WEEKDAY_MIN_MEAN`] tickets a day: the city's rhythm reaches every
//!   cell through the exposure.
//!
//! **Tests.** The totals of the last 1, 2, 3 and 7 days (daily and weekly
//! surges) are compared with the fitted negative-binomial distribution
//! (mean Σμ, variance φΣμ plus the uncertainty of the fit,
//! [`super::stats::negbin`]). A **CUSUM** of the standardised residuals against a
//! second fit that ends [`CUSUM_DAYS`] days back (Page 1954; k = 0.5,
//! h = 4, as in Fricker et al. 2008) catches slow rises that a fit ending a
//! week ago would have absorbed: when it signals, the total since the
//! CUSUM left zero is tested as a fifth window. The day's p-value is the
//! smallest of the window p-values each divided by its weight (a weighted
//! Bonferroni correction: 0.25 for each of the 1-, 2- and 3-day windows,
//! 0.15 for the week, 0.10 for the CUSUM run).
//!
//! A window counts only when its total is at least [`MIN_RATIO`] times
//! the expectation (the CUSUM's window [`MIN_SLOW_RATIO`] times): in a
//! cell of 500 tickets a week, +8% can be significant and still not be a
//! surge anyone must act on.
//!
//! **Short history.** The trend term needs [`MIN_TREND_DAYS`] days of
//! history. A cell with fewer than [`MIN_FIT_DAYS`] days in the fit window,
//! or fewer than [`MIN_FIT_TICKETS`] tickets, falls back to the EARS-style
//! baseline ([`super::stats::ears`]): mean and
//! variance of the 28 days before a 2-day guard band, outbreak days left
//! out, windows of 1–3 days.
//!
//! **Across cells.** Every cell with at least `min_count` tickets today is
//! tested and the Benjamini–Hochberg procedure ([`super::stats::fdr`]) keeps the
//! false discovery rate at `fdr_q`, every cell of the store counting as a
//! hypothesis (those too quiet today to be tested with p = 1). A coarser cell whose excess is mostly
//! that of an alarmed finer cell inside it (城东区 城市管理 when 城东区
//! 城市管理/渣土车撒漏 alarms) is merged into the finer one.
//!
//! An alarm's episode starts at the first day of the run of days, going
//! back from today, whose own test passes [`EPISODE_P`]; the alert id
//! hashes the cell and that day, so an ongoing surge keeps its id.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{Date32Type, Int64Type};
use serde::Serialize;

use crate::detect::stats::calendar::{Calendar, DayKind};
use crate::detect::stats::{ears, fdr, glm, negbin};
use crate::engine::Engine;
use crate::engine::queries::Params;
use crate::error::Result;

/// Days in the regression's fit window.
pub const FIT_DAYS: usize = 84;
/// Days between the end of the fit window and the as-of day.
pub const GUARD_DAYS: usize = 7;
/// Days between the CUSUM's fit window and the as-of day.
pub const CUSUM_DAYS: usize = 28;
/// Least tickets a day (weighted mean of the fit window) for a cell's own
/// day-of-week terms; below it the city's weekly rhythm reaches the cell
/// through the exposure alone, and six coefficients estimated from a few
/// tickets would only add noise to the expectation.
pub const WEEKDAY_MIN_MEAN: f64 = 5.0;
/// Ridge on the day-of-week and holiday coefficients (see `Model::fit`).
pub const EFFECT_RIDGE: f64 = 20.0;
/// Days over which a day's weight in the fit halves.
pub const HALF_LIFE: f64 = 28.0;
/// Least days of history in the fit window for the regression, and the
/// least for a trend term.
pub const MIN_FIT_DAYS: usize = 21;
pub const MIN_TREND_DAYS: usize = 56;
/// Least ratio of observed to expected for a window to count: a rise of a
/// few percent in a big cell can be significant and still not be a surge
/// anyone must act on.
pub const MIN_RATIO: f64 = 2.0;
/// Least ratio for the CUSUM's window: a slow rise must have doubled its
/// cell against the baseline of four weeks ago (a seasonal drift of +50%
/// over two months is for the analyses, not a warning).
pub const MIN_SLOW_RATIO: f64 = 2.5;
/// Least tickets in the fit window for the regression.
pub const MIN_FIT_TICKETS: f64 = 10.0;
/// CUSUM reference value and decision interval, in standard deviations.
const CUSUM_K: f64 = 0.5;
const CUSUM_H: f64 = 4.0;
/// Windows tested, in days, ending on the as-of day.
pub const WINDOWS: [usize; 4] = [1, 2, 3, 7];
/// Share of the day's false-alarm level given to each test (a weighted
/// Bonferroni correction): the 1-, 2- and 3-day windows, that catch the
/// surges a department must act on within days, get most; the 7-day window
/// and the CUSUM run, that also react to slow seasonal drift, less.
const SHORT_WEIGHT: f64 = 0.25;
const WEEK_WEIGHT: f64 = 0.15;
const CUSUM_WEIGHT: f64 = 0.10;

/// The weight of a window test in the weighted Bonferroni correction.
fn weight(w: &WindowTest) -> f64 {
    if w.cusum {
        CUSUM_WEIGHT
    } else if w.days <= 3 {
        SHORT_WEIGHT
    } else {
        WEEK_WEIGHT
    }
}
/// Days looked back for the start of an episode.
const MAX_EPISODE: usize = 21;
/// Days of history read for each cell.
pub const HISTORY_DAYS: i64 = (FIT_DAYS + CUSUM_DAYS + MAX_EPISODE) as i64;

/// EARS-style fallback: baseline days, guard band, longest window.
const EARS_BASELINE: usize = 28;
const EARS_GUARD: usize = 2;
const EARS_WINDOW: usize = 3;
/// Least days of history for the fallback.
const EARS_MIN_DAYS: usize = 7;
/// Least baseline mean per day: a cell with no tickets for weeks is not
/// infinitely surprised by one.
const MIN_MEAN: f64 = 0.2;
/// Nominal level of a day's own test, for finding where an episode began.
pub const EPISODE_P: f64 = 0.001;

/// Settings of the surge detector.
#[derive(Debug, Clone, Copy)]
pub struct SurgeOptions {
    pub as_of: NaiveDate,
    /// Least tickets today for a cell to be tested.
    pub min_count: u64,
    /// False discovery rate across the cells tested.
    pub fdr_q: f64,
}

/// A cell: what is counted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell {
    pub category_l1: Option<String>,
    pub category_l2: Option<String>,
    pub district: Option<String>,
}

impl Cell {
    /// How a person names the cell: 城东区 城市管理/违章搭建, 全市 城市管理, 城东区.
    pub fn label(&self) -> String {
        let place = self.district.as_deref().unwrap_or("全市");
        match (&self.category_l1, &self.category_l2) {
            (Some(a), Some(b)) => format!("{place} {a}/{b}"),
            (Some(a), None) => format!("{place} {a}"),
            _ => place.to_string(),
        }
    }

    /// Whether `finer` is a strictly smaller cell inside this one.
    pub fn contains(&self, finer: &Cell) -> bool {
        let within =
            |mine: &Option<String>, theirs: &Option<String>| mine.is_none() || mine == theirs;
        self != finer
            && within(&self.category_l1, &finer.category_l1)
            && within(&self.category_l2, &finer.category_l2)
            && within(&self.district, &finer.district)
    }
}

/// Daily counts per cell and of the whole city, dense over a day range.
#[derive(Debug, Clone, Default)]
pub struct Series {
    /// Day of index 0.
    pub start: NaiveDate,
    /// Index of the store's first day (earlier days are not zeros but unknown).
    pub first_valid: usize,
    /// Tickets of the whole city per day.
    pub total: Vec<f64>,
    pub cells: BTreeMap<Cell, Vec<f64>>,
}

impl Series {
    /// Index of `day`, if inside the range.
    pub fn index(&self, day: NaiveDate) -> Option<usize> {
        let i = (day - self.start).num_days();
        (i >= 0 && (i as usize) < self.total.len()).then_some(i as usize)
    }

    /// Day of index `i`.
    pub fn day(&self, i: usize) -> NaiveDate {
        self.start + Duration::days(i as i64)
    }
}

/// The daily counts of the `HISTORY_DAYS` days up to `as_of`.
pub async fn daily_counts(engine: &Engine, as_of: NaiveDate) -> Result<Series> {
    load(engine, as_of - Duration::days(HISTORY_DAYS - 1), as_of).await
}

/// The daily counts of every cell from `from` to `to` (inclusive).
pub async fn load(engine: &Engine, from: NaiveDate, to: NaiveDate) -> Result<Series> {
    let days = ((to - from).num_days() + 1).max(0) as usize;
    let params = Params::new()
        .day("start", from)
        .day("end", to + Duration::days(1));
    let r = engine
        .query_with(
            "SELECT CAST(received_at AS DATE) AS day, category_l1, category_l2, district, count(*) AS n \
             FROM tickets WHERE received_at >= $start AND received_at < $end GROUP BY 1, 2, 3, 4",
            &params,
        )
        .await?;
    let first_day = crate::detect::columns::first_day(engine).await?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    let mut out = Series {
        start: from,
        first_valid: first_day
            .map(|d| (d - from).num_days().clamp(0, days as i64) as usize)
            .unwrap_or(days),
        total: vec![0.0; days],
        cells: BTreeMap::new(),
    };
    for b in &r.batches {
        let day = b.column(0).as_primitive::<Date32Type>();
        let (l1, l2, d) = (
            b.column(1).as_string::<i32>(),
            b.column(2).as_string::<i32>(),
            b.column(3).as_string::<i32>(),
        );
        let n = b.column(4).as_primitive::<Int64Type>();
        let text = |a: &datafusion::arrow::array::StringArray, i: usize| {
            (!a.is_null(i)).then(|| a.value(i).to_string())
        };
        for i in 0..b.num_rows() {
            let date = epoch + Duration::days(day.value(i) as i64);
            let idx = (date - from).num_days() as usize;
            let count = n.value(i) as f64;
            out.total[idx] += count;
            let (c1, c2, dist) = (text(l1, i), text(l2, i), text(d, i));
            for cell in row_cells(c1, c2, dist) {
                out.cells.entry(cell).or_insert_with(|| vec![0.0; days])[idx] += count;
            }
        }
    }
    Ok(out)
}

/// The cells one ticket counts in: L2 × district, L1 × district, L1
/// citywide and district, each once. Without a category (or without an L2)
/// some of these are the same cell: a letter with no category is one
/// ticket of its district, not three.
fn row_cells(c1: Option<String>, c2: Option<String>, dist: Option<String>) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::with_capacity(4);
    for cell in [
        Cell {
            category_l1: c1.clone(),
            category_l2: c2,
            district: dist.clone(),
        },
        Cell {
            category_l1: c1.clone(),
            category_l2: None,
            district: dist.clone(),
        },
        Cell {
            category_l1: c1,
            category_l2: None,
            district: None,
        },
        Cell {
            category_l1: None,
            category_l2: None,
            district: dist,
        },
    ] {
        if (cell.category_l1.is_some() || cell.district.is_some()) && !out.contains(&cell) {
            out.push(cell);
        }
    }
    out
}

/// Mean and variance of a baseline without its outbreak days: days above
/// median + max(2, 2 × 1.4826 × MAD) are left out, so a past surge inside
/// the baseline does not hide the next one (Farrington et al. down-weight
/// past outbreaks for the same reason).
pub fn robust_baseline(xs: &[f64]) -> (f64, f64) {
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    };
    let mut v = xs.to_vec();
    let med = median(&mut v);
    let mut dev: Vec<f64> = xs.iter().map(|x| (x - med).abs()).collect();
    let mad = median(&mut dev);
    let limit = med + (2.0f64).max(2.0 * 1.4826 * mad);
    let kept: Vec<f64> = xs.iter().copied().filter(|x| *x <= limit).collect();
    let (mean, sd) = ears::mean_sd(&kept);
    (mean, sd * sd)
}

/// The upper tail of `observed` under a negative binomial, or 1 when the
/// rise is below [`MIN_RATIO`].
fn tail(observed: f64, mean: f64, var: f64) -> f64 {
    if observed < MIN_RATIO * mean {
        1.0
    } else {
        negbin::sf(observed.round() as u64, mean, var)
    }
}

/// How a day's expectation was formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The negative-binomial regression with the rest of the city as exposure.
    Regression,
    /// The EARS-style mean and variance of a short baseline.
    Ears,
}

/// One window's test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowTest {
    pub days: usize,
    pub observed: f64,
    pub expected: f64,
    pub variance: f64,
    pub p_value: f64,
    /// True for the window opened by the CUSUM.
    pub cusum: bool,
}

/// Everything the test of one cell on one day found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayTest {
    pub method: Method,
    /// Fit window (first and last index) and its dispersion.
    pub fit_from: usize,
    pub fit_to: usize,
    pub phi: f64,
    /// Whether the trend term was kept.
    pub trend: bool,
    /// Whether the cell has its own day-of-week terms.
    pub weekday: bool,
    /// Expected count of the day itself.
    pub expected_today: f64,
    pub windows: Vec<WindowTest>,
    /// CUSUM value on the day (regression only).
    pub cusum: Option<f64>,
    /// Smallest window p-value over its weight (weighted Bonferroni), at most 1.
    pub p_value: f64,
}

impl DayTest {
    /// The window with the smallest p-value.
    pub fn best(&self) -> &WindowTest {
        self.windows
            .iter()
            .min_by(|a, b| a.p_value.total_cmp(&b.p_value).then(a.days.cmp(&b.days)))
            .expect("at least one window")
    }
}

/// The terms of a fitted model besides the intercept and the holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Terms {
    trend: bool,
    weekday: bool,
}

/// The surge model of one series: the calendar and the city totals.
pub struct Model<'a> {
    pub series: &'a Series,
    pub calendar: &'a Calendar,
}

impl Model<'_> {
    /// Design row of day `i` for a fit whose window ends at `end`.
    fn row(&self, i: usize, end: usize, terms: Terms) -> Vec<f64> {
        let mut x = Vec::with_capacity(9);
        x.push(1.0);
        if terms.trend {
            x.push((i as f64 - end as f64) / 28.0);
        }
        if terms.weekday {
            let wd = match self.calendar.kind(self.series.day(i)) {
                DayKind::Weekday(w) => w,
                DayKind::Holiday => 6,
                DayKind::MakeUpWorkday => 2,
            };
            for d in 1..7 {
                x.push(f64::from(u8::from(wd == d)));
            }
        }
        x.push(f64::from(u8::from(
            self.calendar.kind(self.series.day(i)) == DayKind::Holiday,
        )));
        x
    }

    /// log(rest of the city) of day `i` for the cell series `y`, if positive.
    fn offset(&self, y: &[f64], i: usize) -> Option<f64> {
        let rest = self.series.total[i] - y[i];
        (rest > 0.0).then(|| rest.ln())
    }

    /// Fits the regression on the `FIT_DAYS` days ending at `end`.
    fn fit(&self, y: &[f64], end: usize) -> Option<(glm::Fit, Terms, usize)> {
        let from = (end + 1)
            .saturating_sub(FIT_DAYS)
            .max(self.series.first_valid);
        if end < from || end + 1 - from < MIN_FIT_DAYS {
            return None;
        }
        let days: Vec<usize> = (from..=end).collect();
        let offsets: Vec<Option<f64>> = days.iter().map(|&i| self.offset(y, i)).collect();
        let mask: Vec<bool> = offsets.iter().map(Option::is_some).collect();
        if mask.iter().filter(|m| **m).count() < MIN_FIT_DAYS
            || days.iter().map(|&i| y[i]).sum::<f64>() < MIN_FIT_TICKETS
        {
            return None;
        }
        let off: Vec<f64> = offsets.iter().map(|o| o.unwrap_or(0.0)).collect();
        // Older days count less (half weight every HALF_LIFE days), so the
        // level follows a share that drifts with the seasons.
        let prior: Vec<f64> = days
            .iter()
            .zip(&mask)
            .map(|(&i, m)| {
                if *m {
                    0.5f64.powf((end - i) as f64 / HALF_LIFE)
                } else {
                    0.0
                }
            })
            .collect();
        let ys: Vec<f64> = days.iter().map(|&i| y[i]).collect();
        let wsum: f64 = prior.iter().sum();
        let weekday =
            ys.iter().zip(&prior).map(|(y, w)| y * w).sum::<f64>() >= WEEKDAY_MIN_MEAN * wsum;
        let with = |terms: Terms| {
            let x: Vec<Vec<f64>> = days.iter().map(|&i| self.row(i, end, terms)).collect();
            // Day-of-week and holiday effects on a cell's share are shrunk
            // towards none (a normal prior, sd ≈ 1/√EFFECT_RIDGE in units of
            // a day's tickets): the city's own rhythm already comes in
            // through the exposure, and a few holidays of a small cell
            // cannot tell a real effect from noise.
            let ridge: Vec<f64> = (0..x[0].len())
                .map(|j| {
                    if j == 0 || (terms.trend && j == 1) {
                        0.0
                    } else {
                        EFFECT_RIDGE
                    }
                })
                .collect();
            // Outbreak days are found with a model without the holiday
            // term, so that an outbreak during a holiday is not taken for
            // the holiday's effect (and then expected again next holiday).
            let p = x[0].len();
            let reduced: Vec<Vec<f64>> = x.iter().map(|r| r[..p - 1].to_vec()).collect();
            let weights =
                glm::fit_farrington(&reduced, &off, &ys, &prior, &ridge[..p - 1])?.weights;
            glm::fit(&x, &off, &ys, &weights, &ridge).map(|f| (f, terms, from))
        };
        let trend = Terms {
            trend: true,
            weekday,
        };
        if days.len() >= MIN_TREND_DAYS
            && let Some(f) = with(trend)
            && f.0.z(1).abs() >= 1.96
        {
            return Some(f);
        }
        with(Terms {
            trend: false,
            weekday,
        })
    }

    /// Mean and variance of the total of days `from..=to` under a fit.
    fn window(
        &self,
        fit: &glm::Fit,
        trend: Terms,
        end: usize,
        y: &[f64],
        from: usize,
        to: usize,
    ) -> Option<(f64, f64)> {
        let days: Option<Vec<(Vec<f64>, f64)>> = (from..=to)
            .map(|i| Some((self.row(i, end, trend), self.offset(y, i)?)))
            .collect();
        Some(fit.total(&days?))
    }

    /// The test of day `t` of the cell series `y`; None when the history is
    /// too short for either method.
    pub fn test(&self, y: &[f64], t: usize) -> Option<DayTest> {
        self.regression(y, t).or_else(|| self.ears(y, t))
    }

    fn regression(&self, y: &[f64], t: usize) -> Option<DayTest> {
        let end = t.checked_sub(GUARD_DAYS)?;
        let (fit, trend, from) = self.fit(y, end)?;
        let mut windows = Vec::new();
        for k in WINDOWS {
            let w0 = (t + 1).checked_sub(k)?;
            let (mean, var) = self.window(&fit, trend, end, y, w0, t)?;
            let observed: f64 = y[w0..=t].iter().sum();
            windows.push(WindowTest {
                days: k,
                observed,
                expected: mean,
                variance: var,
                p_value: tail(observed, mean, var),
                cusum: false,
            });
        }
        let expected_today = windows[0].expected;
        // CUSUM against a fit that ends CUSUM_DAYS back.
        let mut cusum = None;
        if let Some(cend) = t.checked_sub(CUSUM_DAYS)
            && let Some((cfit, ctrend, _)) = self.fit(y, cend)
        {
            let mut s = 0.0f64;
            let mut run_from = cend + 1;
            for i in cend + 1..=t {
                let Some(off) = self.offset(y, i) else {
                    continue;
                };
                let mu = cfit.mu(&self.row(i, cend, ctrend), off);
                let z = (y[i] - mu) / (cfit.phi * mu).max(1e-9).sqrt();
                let next = (s + z - CUSUM_K).max(0.0);
                if s == 0.0 && next > 0.0 {
                    run_from = i;
                }
                s = next;
            }
            cusum = Some(s);
            if s > CUSUM_H
                && let Some((mean, var)) = self.window(&cfit, ctrend, cend, y, run_from, t)
            {
                let observed: f64 = y[run_from..=t].iter().sum();
                windows.push(WindowTest {
                    days: t + 1 - run_from,
                    observed,
                    expected: mean,
                    variance: var,
                    p_value: if observed >= MIN_SLOW_RATIO * mean {
                        tail(observed, mean, var)
                    } else {
                        1.0
                    },
                    cusum: true,
                });
            }
        }
        let best = windows
            .iter()
            .map(|w| w.p_value / weight(w))
            .fold(1.0f64, f64::min);
        Some(DayTest {
            method: Method::Regression,
            fit_from: from,
            fit_to: end,
            phi: fit.phi,
            trend: trend.trend,
            weekday: trend.weekday,
            expected_today,
            windows,
            cusum,
            p_value: best.min(1.0),
        })
    }

    fn ears(&self, y: &[f64], t: usize) -> Option<DayTest> {
        let end = t.checked_sub(EARS_WINDOW + EARS_GUARD)?;
        let start = (end + 1)
            .saturating_sub(EARS_BASELINE)
            .max(self.series.first_valid);
        if end < start || end + 1 - start < EARS_MIN_DAYS {
            return None;
        }
        let (mean, var) = robust_baseline(&y[start..=end]);
        let mean = mean.max(MIN_MEAN);
        let var = var.max(mean);
        let mut windows = Vec::new();
        let mut total = 0.0;
        for k in 1..=EARS_WINDOW {
            total += y[t + 1 - k];
            windows.push(WindowTest {
                days: k,
                observed: total,
                expected: k as f64 * mean,
                variance: k as f64 * var,
                p_value: tail(total, k as f64 * mean, k as f64 * var),
                cusum: false,
            });
        }
        let best = windows.iter().map(|w| w.p_value).fold(1.0f64, f64::min);
        Some(DayTest {
            method: Method::Ears,
            fit_from: start,
            fit_to: end,
            phi: var / mean,
            trend: false,
            weekday: false,
            expected_today: mean,
            windows,
            cusum: None,
            p_value: (best * EARS_WINDOW as f64).min(1.0),
        })
    }
}

/// One surge alarm.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Surge {
    pub cell: CellOut,
    pub episode_start: NaiveDate,
    /// The window that gave the smallest p-value.
    pub window_start: NaiveDate,
    pub window_days: usize,
    /// Tickets in that window, and the baseline's expectation for it.
    pub observed: u64,
    pub expected: f64,
    /// Tickets of the as-of day and their expectation.
    pub today: u64,
    pub expected_today: f64,
    pub p_value: f64,
    pub method: Method,
    /// True when the CUSUM's window gave the alarm (a slow rise).
    pub slow_rise: bool,
}

/// A cell as written in alerts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct CellOut {
    pub category_l1: Option<String>,
    pub category_l2: Option<String>,
    pub district: Option<String>,
    pub label: String,
}

impl CellOut {
    fn cell(&self) -> Cell {
        Cell {
            category_l1: self.category_l1.clone(),
            category_l2: self.category_l2.clone(),
            district: self.district.clone(),
        }
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The surges of day `t` of `series` (the as-of day is `series.day(t)`),
/// most significant first, nested cells merged.
pub fn detect_at(
    series: &Series,
    calendar: &Calendar,
    t: usize,
    min_count: u64,
    fdr_q: f64,
) -> Vec<Surge> {
    let model = Model { series, calendar };
    let tested: Vec<(&Cell, &Vec<f64>, DayTest)> = series
        .cells
        .iter()
        .filter(|(_, y)| y[t] >= min_count as f64)
        .filter_map(|(cell, y)| Some((cell, y, model.test(y, t)?)))
        .collect();
    // Every cell is a hypothesis, not only those busy enough today to be
    // tested: choosing the family by today's counts would make a quiet
    // cell's silence a licence for another cell's false alarm.
    let p: Vec<f64> = tested.iter().map(|x| x.2.p_value).collect();
    let mut out: Vec<Surge> = fdr::benjamini_hochberg_of(&p, series.cells.len(), fdr_q)
        .into_iter()
        .map(|i| {
            let (cell, y, test) = &tested[i];
            let mut first = t;
            while first > series.first_valid
                && t - first < MAX_EPISODE
                && y[first - 1] > 0.0
                && model
                    .test(y, first - 1)
                    .is_some_and(|d| d.p_value < EPISODE_P)
            {
                first -= 1;
            }
            let best = test.best();
            let window_days = best.days.min(t + 1);
            Surge {
                cell: CellOut {
                    category_l1: cell.category_l1.clone(),
                    category_l2: cell.category_l2.clone(),
                    district: cell.district.clone(),
                    label: cell.label(),
                },
                episode_start: series.day(first.min(t + 1 - window_days)),
                window_start: series.day(t + 1 - window_days),
                window_days,
                observed: best.observed as u64,
                expected: round2(best.expected),
                today: y[t] as u64,
                expected_today: round2(test.expected_today),
                p_value: test.p_value,
                method: test.method,
                slow_rise: best.cusum,
            }
        })
        .collect();
    merge_nested(&mut out);
    out.sort_by(|a, b| a.p_value.total_cmp(&b.p_value).then(a.cell.cmp(&b.cell)));
    out
}

/// Drops a coarser alarm when an alarmed finer cell inside it carries at
/// least half of its excess (observed − expected) over the same window.
pub fn merge_nested(surges: &mut Vec<Surge>) {
    let excess = |s: &Surge| s.today as f64 - s.expected_today;
    let cells: Vec<Cell> = surges.iter().map(|s| s.cell.cell()).collect();
    let keep: Vec<bool> = (0..surges.len())
        .map(|i| {
            let mine = excess(&surges[i]);
            !(0..surges.len())
                .any(|j| j != i && cells[i].contains(&cells[j]) && excess(&surges[j]) >= 0.5 * mine)
        })
        .collect();
    let mut k = 0;
    surges.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

/// The surges of the as-of day, most significant first.
pub fn detect(series: &Series, calendar: &Calendar, opts: &SurgeOptions) -> Vec<Surge> {
    match series.index(opts.as_of) {
        Some(t) => detect_at(series, calendar, t, opts.min_count, opts.fdr_q),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(l1: &str, d: &str) -> Cell {
        Cell {
            category_l1: Some(l1.into()),
            category_l2: None,
            district: Some(d.into()),
        }
    }

    /// A ticket counts once in each distinct cell: a letter without a
    /// category is one ticket of its district (it was three, which made a
    /// district's day of two letters look like six), and a ticket without
    /// an L2 is one of its L1 × district cell.
    #[test]
    fn a_ticket_counts_once_in_each_of_its_cells() {
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            row_cells(None, None, some("城东区")),
            [Cell {
                category_l1: None,
                category_l2: None,
                district: some("城东区")
            }]
        );
        let c = row_cells(some("城市管理"), None, some("城东区"));
        assert_eq!(c.len(), 3, "{c:?}");
        assert_eq!(c[0], cell("城市管理", "城东区"));
        assert_eq!(
            row_cells(some("城市管理"), some("占道经营"), some("城东区")).len(),
            4
        );
        assert_eq!(row_cells(some("城市管理"), some("占道经营"), None).len(), 2);
        assert!(row_cells(None, None, None).is_empty());
    }

    /// 40 quiet cells (2–4 a day, a weekly rhythm) over the full history.
    fn quiet(n: usize) -> Series {
        let mut s = Series {
            start: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            first_valid: 0,
            total: vec![0.0; n],
            cells: BTreeMap::new(),
        };
        for k in 0..40 {
            let y: Vec<f64> = (0..n)
                .map(|d| (2 + (d * 7 + k) % 3 + usize::from(d % 7 == 0)) as f64)
                .collect();
            s.cells.insert(cell(&format!("类{k}"), "城东区"), y);
        }
        s
    }

    fn add(s: &mut Series, c: Cell, y: Vec<f64>) {
        s.cells.insert(c, y);
        s.total = vec![0.0; s.total.len()];
        for y in s.cells.values() {
            for (t, v) in s.total.iter_mut().zip(y) {
                *t += v;
            }
        }
    }

    fn cal() -> Calendar {
        Calendar::new(false, &[], &[]).unwrap()
    }

    #[test]
    fn a_planted_jump_alarms_and_noise_does_not() {
        let n = HISTORY_DAYS as usize;
        let mut s = quiet(n);
        let mut hot: Vec<f64> = (0..n).map(|d| (2 + d % 3) as f64).collect();
        for v in &mut hot[n - 3..] {
            *v = 12.0;
        }
        add(&mut s, cell("城市管理", "城西区"), hot);
        let t = n - 1;
        let found = detect_at(&s, &cal(), t, 3, 0.05);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!(f.cell.label, "城西区 城市管理");
        assert_eq!(f.method, Method::Regression);
        assert_eq!(f.today, 12);
        // The episode began two days before the as-of day.
        assert_eq!(f.episode_start, s.day(t - 2));
        assert!(f.p_value < 1e-6);
        assert!(
            (2.0..4.0).contains(&f.expected_today),
            "{}",
            f.expected_today
        );
    }

    #[test]
    fn a_citywide_busy_day_does_not_alarm_every_cell() {
        let n = HISTORY_DAYS as usize;
        let mut s = quiet(n);
        // Every cell, and so the city, gets 2.5× its usual tickets today.
        for y in s.cells.values_mut() {
            y[n - 1] = (y[n - 1] * 2.5).round();
        }
        add(&mut s, cell("城市管理", "城西区"), {
            let mut y = vec![4.0; n];
            y[n - 1] = 10.0;
            y
        });
        assert!(detect_at(&s, &cal(), n - 1, 3, 0.05).is_empty());
    }

    #[test]
    fn short_history_falls_back_to_ears() {
        let n = HISTORY_DAYS as usize;
        let mut s = quiet(n);
        s.first_valid = n - 20;
        let mut hot = vec![2.0; n];
        hot[n - 1] = 14.0;
        add(&mut s, cell("城市管理", "城西区"), hot);
        let found = detect_at(&s, &cal(), n - 1, 3, 0.05);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].method, Method::Ears);
        // Nothing before the store's first day is taken for a zero.
        assert!(found[0].episode_start >= s.day(s.first_valid));
    }

    #[test]
    fn cusum_catches_a_slow_rise() {
        let n = HISTORY_DAYS as usize;
        let mut s = quiet(n);
        // 5 a day, then one more each day over the last three weeks.
        let y: Vec<f64> = (0..n)
            .map(|d| 5.0 + d.saturating_sub(n - 21) as f64)
            .collect();
        add(&mut s, cell("城市管理", "城西区"), y.clone());
        let m = Model {
            series: &s,
            calendar: &cal(),
        };
        let test = m.test(&y, n - 1).unwrap();
        assert!(test.cusum.unwrap() > CUSUM_H, "{test:?}");
        assert!(
            test.windows.iter().any(|w| w.cusum && w.days >= 14),
            "{test:?}"
        );
        assert!(test.p_value < 1e-4);
    }

    #[test]
    fn holidays_shift_the_expectation() {
        // A cell with half its share on holidays: the holiday effect is learned.
        let n = HISTORY_DAYS as usize;
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let days: Vec<String> = (0..n)
            .filter(|i| i % 10 == 3)
            .map(|i| (start + Duration::days(i as i64)).to_string())
            .collect();
        let holidays = Calendar::new(false, &days, &[]).unwrap();
        let mut s = quiet(n);
        let y: Vec<f64> = (0..n)
            .map(|i| if i % 10 == 3 { 5.0 } else { 20.0 })
            .collect();
        add(&mut s, cell("城市管理", "城西区"), y.clone());
        let m = Model {
            series: &s,
            calendar: &holidays,
        };
        let t = (0..n).rev().find(|i| i % 10 == 3).unwrap();
        let test = m.test(&y, t).unwrap();
        // Well below the 20 of ordinary days (shrunk towards none by the ridge).
        assert!(test.expected_today < 12.0, "{test:?}");
    }

    #[test]
    fn nested_alarms_merge_into_the_finest_cell() {
        let mk =
            |l1: Option<&str>, l2: Option<&str>, d: Option<&str>, today: u64, exp: f64| Surge {
                cell: CellOut {
                    category_l1: l1.map(Into::into),
                    category_l2: l2.map(Into::into),
                    district: d.map(Into::into),
                    label: String::new(),
                },
                episode_start: NaiveDate::MIN,
                window_start: NaiveDate::MIN,
                window_days: 1,
                observed: today,
                expected: exp,
                today,
                expected_today: exp,
                p_value: 0.0,
                method: Method::Regression,
                slow_rise: false,
            };
        let mut v = vec![
            mk(
                Some("城市管理"),
                Some("渣土车撒漏"),
                Some("城东区"),
                30,
                8.0,
            ),
            mk(Some("城市管理"), None, Some("城东区"), 60, 30.0),
            mk(None, None, Some("城东区"), 300, 200.0),
            mk(Some("交通出行"), None, None, 90, 50.0),
        ];
        merge_nested(&mut v);
        // 22 of 城东区 城市管理's 30 extra are 渣土车撒漏's; the district's 100
        // extra are not mostly its: it stays; 交通出行 is not nested.
        let left: Vec<_> = v
            .iter()
            .map(|s| (s.cell.category_l1.clone(), s.cell.district.clone()))
            .collect();
        assert_eq!(left.len(), 3, "{left:?}");
        assert!(v.iter().all(|s| !(s.cell.category_l2.is_none()
            && s.cell.district.as_deref() == Some("城东区")
            && s.cell.category_l1.is_some())));
    }

    #[test]
    fn labels() {
        assert_eq!(cell("城市管理", "城东区").label(), "城东区 城市管理");
        let c = Cell {
            category_l1: None,
            category_l2: None,
            district: Some("城东区".into()),
        };
        assert_eq!(c.label(), "城东区");
        assert!(c.contains(&cell("城市管理", "城东区")));
        assert!(!cell("城市管理", "城东区").contains(&c));
    }
}
