//! Surges: a cell (category × district, a category citywide, a district)
//! receiving many more tickets in the last days than in its recent past.
//!
//! For each cell the daily counts of the 42 days up to the as-of day are
//! read. The baseline is the 28 days that end five days before the as-of
//! day: the two days just before the tested window are a guard band, so a
//! rise that began yesterday does not inflate its own baseline (as in EARS
//! C2, Hutwagner et al. 2003, see [`super::ears`]). The baseline's mean and
//! variance give a negative-binomial distribution per day
//! ([`super::negbin`]); the total of the last 1, 2 and 3 days is tested
//! against it (a short scan over window lengths, Bonferroni-corrected ×3),
//! so a sharp one-day jump and a rise sustained over three days are both
//! caught. Every cell with at least `min_count` tickets today is tested and
//! the Benjamini–Hochberg procedure ([`super::fdr`]) keeps the false
//! discovery rate across all cells at `fdr_q`.
//!
//! An alarm's episode starts at the first day of the run of days, going
//! back from today, whose own test passes the nominal level
//! [`EPISODE_P`]; the alert id hashes the cell and that day, so the same
//! ongoing surge keeps its id from one day's run to the next.
//!
//! A regression baseline with day-of-week and holiday terms fitted over a
//! longer history, CUSUM for slow rises, and the stored alert lifecycle are
//! still to come (issue #5).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{Date32Type, Int64Type};
use serde::Serialize;

use crate::detect::{ears, fdr, negbin};
use crate::engine::Engine;
use crate::engine::queries::Params;
use crate::error::Result;

/// Days of history read for each cell.
pub const HISTORY_DAYS: i64 = 42;
/// Days in the baseline, and the guard band between it and the tested window.
const BASELINE_DAYS: usize = 28;
const GUARD_DAYS: usize = 2;
/// Longest window tested, ending on the day.
const MAX_WINDOW: usize = 3;
/// Least baseline mean per day: a cell with no tickets for two weeks is not
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
}

/// One surge alarm.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Surge {
    pub cell: CellOut,
    pub episode_start: NaiveDate,
    pub observed: u64,
    pub expected: f64,
    pub c2: f64,
    pub c3: Option<f64>,
    pub p_value: f64,
}

/// A cell as written in alerts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct CellOut {
    pub category_l1: Option<String>,
    pub category_l2: Option<String>,
    pub district: Option<String>,
    pub label: String,
}

/// Daily counts per cell, dense over the history window.
pub async fn daily_counts(engine: &Engine, as_of: NaiveDate) -> Result<BTreeMap<Cell, Vec<f64>>> {
    let start = as_of - Duration::days(HISTORY_DAYS - 1);
    let end = as_of + Duration::days(1);
    let params = Params::new().day("start", start).day("end", end);
    let r = engine
        .query_with(
            "SELECT CAST(received_at AS DATE) AS day, category_l1, category_l2, district, count(*) AS n \
             FROM tickets WHERE received_at >= $start AND received_at < $end GROUP BY 1, 2, 3, 4",
            &params,
        )
        .await?;
    let days = HISTORY_DAYS as usize;
    let mut out: BTreeMap<Cell, Vec<f64>> = BTreeMap::new();
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
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
            let idx = (date - start).num_days() as usize;
            let (c1, c2, dist) = (text(l1, i), text(l2, i), text(d, i));
            // One row feeds four cells: L2 × district, L1 × district, L1 citywide, district.
            for cell in [
                Cell {
                    category_l1: c1.clone(),
                    category_l2: c2.clone(),
                    district: dist.clone(),
                },
                Cell {
                    category_l1: c1.clone(),
                    category_l2: None,
                    district: dist.clone(),
                },
                Cell {
                    category_l1: c1.clone(),
                    category_l2: None,
                    district: None,
                },
                Cell {
                    category_l1: None,
                    category_l2: None,
                    district: dist.clone(),
                },
            ] {
                if cell.category_l1.is_none() && cell.district.is_none() {
                    continue;
                }
                out.entry(cell).or_insert_with(|| vec![0.0; days])[idx] += n.value(i) as f64;
            }
        }
    }
    Ok(out)
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

/// First and last index of the baseline of day `t`: it ends before the
/// guard band that precedes the longest tested window.
pub fn baseline_range(t: usize) -> Option<(usize, usize)> {
    let end = t.checked_sub(MAX_WINDOW + GUARD_DAYS)?;
    let start = (end + 1).checked_sub(BASELINE_DAYS)?;
    Some((start, end))
}

/// The p-value of day `t` of `y`: the smallest negative-binomial tail of
/// the last 1..=3 days' total against the baseline, times 3 (Bonferroni
/// over the window lengths). None when the history is too short.
pub fn day_p(y: &[f64], t: usize) -> Option<(f64, f64)> {
    let (start, end) = baseline_range(t)?;
    let (mean, var) = robust_baseline(&y[start..=end]);
    let mean = mean.max(MIN_MEAN);
    let var = var.max(mean);
    let mut best = 1.0f64;
    let mut total = 0.0;
    for k in 1..=MAX_WINDOW {
        total += y[t + 1 - k];
        let p = negbin::sf(total.round() as u64, k as f64 * mean, k as f64 * var);
        best = best.min(p);
    }
    Some(((best * MAX_WINDOW as f64).min(1.0), mean))
}

/// The surges of the as-of day, most significant first.
pub fn detect(series: &BTreeMap<Cell, Vec<f64>>, opts: &SurgeOptions) -> Vec<Surge> {
    let t = HISTORY_DAYS as usize - 1;
    let mut tested: Vec<(&Cell, &Vec<f64>, f64, f64)> = Vec::new();
    for (cell, y) in series {
        if y[t] < opts.min_count as f64 {
            continue;
        }
        if let Some((p, mean)) = day_p(y, t) {
            tested.push((cell, y, p, mean));
        }
    }
    let p: Vec<f64> = tested.iter().map(|x| x.2).collect();
    let mut out: Vec<Surge> = fdr::benjamini_hochberg(&p, opts.fdr_q)
        .into_iter()
        .map(|i| {
            let (cell, y, p_value, expected) = tested[i];
            let mut first = t;
            while first > 0
                && day_p(y, first - 1).is_some_and(|(p, _)| p < EPISODE_P)
                && y[first - 1] > 0.0
            {
                first -= 1;
            }
            let e = ears::ears(y, t);
            Surge {
                cell: CellOut {
                    category_l1: cell.category_l1.clone(),
                    category_l2: cell.category_l2.clone(),
                    district: cell.district.clone(),
                    label: cell.label(),
                },
                episode_start: opts.as_of - Duration::days((t - first) as i64),
                observed: y[t] as u64,
                expected: (expected * 100.0).round() / 100.0,
                c2: (e.c2.unwrap_or(0.0) * 100.0).round() / 100.0,
                c3: e.c3.map(|c| (c * 100.0).round() / 100.0),
                p_value,
            }
        })
        .collect();
    out.sort_by(|a, b| a.p_value.total_cmp(&b.p_value).then(a.cell.cmp(&b.cell)));
    out
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

    #[test]
    fn a_planted_jump_alarms_and_noise_does_not() {
        let n = HISTORY_DAYS as usize;
        let mut series = BTreeMap::new();
        // 40 quiet cells with counts 2..=4, one cell that jumps to 12 for
        // the last three days.
        for k in 0..40 {
            let y: Vec<f64> = (0..n).map(|d| (2 + (d * 7 + k) % 3) as f64).collect();
            series.insert(cell(&format!("类{k}"), "城东区"), y);
        }
        let mut hot: Vec<f64> = (0..n).map(|d| (2 + d % 3) as f64).collect();
        for v in &mut hot[n - 3..] {
            *v = 12.0;
        }
        series.insert(cell("城市管理", "城西区"), hot);
        let as_of = NaiveDate::from_ymd_opt(2024, 5, 20).unwrap();
        let s = detect(
            &series,
            &SurgeOptions {
                as_of,
                min_count: 3,
                fdr_q: 0.05,
            },
        );
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].cell.label, "城西区 城市管理");
        assert_eq!(s[0].observed, 12);
        // The episode began two days before the as-of day.
        assert_eq!(s[0].episode_start, as_of - Duration::days(2));
        assert!(s[0].p_value < 1e-6);
    }

    #[test]
    fn a_past_surge_does_not_hide_the_next() {
        let base = [
            0.0, 1.0, 0.0, 0.0, 5.0, 4.0, 5.0, 4.0, 5.0, 4.0, 0.0, 1.0, 0.0, 0.0,
        ];
        let (mean, _) = robust_baseline(&base);
        assert!((mean - 0.25).abs() < 1e-12, "{mean}");
        assert!(robust_baseline(&[3.0; 14]).1 == 0.0);
        // A steady cell keeps all its days.
        let steady: Vec<f64> = (0..14).map(|d| 30.0 + (d % 5) as f64).collect();
        assert!((robust_baseline(&steady).0 - ears::mean_sd(&steady).0).abs() < 1e-12);
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
    }
}
