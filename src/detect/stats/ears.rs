//! EARS C1, C2 and C3: the CDC's Early Aberration Reporting System
//! statistics, for count series with too little history for a model.
//!
//! Hutwagner L, Thompson W, Seeman GM, Treadwell T. "The bioterrorism
//! preparedness and response Early Aberration Reporting System (EARS)."
//! Journal of Urban Health 80 (2003), i89–i96; definitions as compared in
//! Fricker RD, Hegler BL, Dunfee DA. "Comparing syndromic surveillance
//! detection methods: EARS' versus a CUSUM-based methodology." Statistics in
//! Medicine 27 (2008), 3407–3429.
//!
//! For day `t` with count `y[t]`, mean `m` and standard deviation `s` of a
//! 7-day baseline:
//!
//! - **C1**: baseline `t-7 … t-1`; `C1 = (y[t] − m) / s`.
//! - **C2**: baseline `t-9 … t-3` (a two-day guard band, so a rise that
//!   began yesterday does not inflate its own baseline); `C2 = (y[t] − m) / s`.
//! - **C3**: `C2[t] + C2[t-1] + C2[t-2]`, each term counted only above 1
//!   (`max(0, C2 − 1)`), which accumulates a rise that lasts several days.
//!
//! The classic thresholds are 3 for C1 and C2 and 2 for C3. A flat baseline
//! has `s = 0`; `s` is floored at [`MIN_SD`] so a jump from an all-zero week
//! gives a large but finite statistic instead of a division by zero.

/// Floor of the baseline standard deviation.
pub const MIN_SD: f64 = 0.5;
/// Length of the baseline.
pub const BASELINE_DAYS: usize = 7;

/// The three statistics for one day; `None` where the history is too short.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ears {
    pub c1: Option<f64>,
    pub c2: Option<f64>,
    pub c3: Option<f64>,
}

/// Mean and sample standard deviation (n − 1) of `xs`.
pub fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = if xs.len() > 1 {
        xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, var.sqrt())
}

/// `(y[t] − mean) / sd` over the baseline `y[t-lag-6 ..= t-lag]`.
fn stat(y: &[f64], t: usize, lag: usize) -> Option<f64> {
    let end = t.checked_sub(lag)?; // last baseline day
    let start = (end + 1).checked_sub(BASELINE_DAYS)?;
    let (m, s) = mean_sd(&y[start..=end]);
    Some((y[t] - m) / s.max(MIN_SD))
}

/// C1, C2 and C3 for day `t` of the daily series `y`.
pub fn ears(y: &[f64], t: usize) -> Ears {
    let c2_at = |d: usize| stat(y, d, 3);
    let c3 = (t >= 2)
        .then(|| {
            (0..3)
                .map(|k| c2_at(t - k).map(|c| (c - 1.0).max(0.0)))
                .sum::<Option<f64>>()
        })
        .flatten();
    Ears {
        c1: stat(y, t, 1),
        c2: c2_at(t),
        c3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_by_hand() {
        // Baseline of C1 for t = 9 is days 2..=8: 4,6,4,6,4,6,4 → mean 34/7,
        // sd = sqrt(sum of squares / 6).
        let y = [5.0, 5.0, 4.0, 6.0, 4.0, 6.0, 4.0, 6.0, 4.0, 14.0];
        let e = ears(&y, 9);
        let m = 34.0 / 7.0;
        let sd = ((4.0 * (4.0f64 - m).powi(2) + 3.0 * (6.0f64 - m).powi(2)) / 6.0).sqrt();
        assert!((e.c1.unwrap() - (14.0 - m) / sd).abs() < 1e-12);
        // C2 for t = 9: days 0..=6: 5,5,4,6,4,6,4 → mean 34/7 as well.
        let sd2 = mean_sd(&y[0..7]).1;
        assert!((e.c2.unwrap() - (14.0 - 34.0 / 7.0) / sd2).abs() < 1e-12);
        // Too little history: C2 needs 9 days before t.
        assert_eq!(ears(&y, 8).c2, None);
        assert!(ears(&y, 8).c1.is_some());
        assert_eq!(ears(&y, 8).c3, None);
    }

    #[test]
    fn c3_accumulates_a_rise_that_lasts() {
        let mut y = vec![10.0; 20];
        for v in &mut y[15..18] {
            *v = 12.0; // a modest three-day rise
        }
        y[3] = 9.0; // some variance in the baseline
        y[8] = 11.0;
        let e = ears(&y, 17);
        let parts: f64 = (15..=17)
            .map(|d| (ears(&y, d).c2.unwrap() - 1.0).max(0.0))
            .sum();
        assert!((e.c3.unwrap() - parts).abs() < 1e-12);
        assert!(e.c3.unwrap() > e.c2.unwrap() - 1.0);
    }

    #[test]
    fn flat_zero_baseline_is_finite() {
        let mut y = vec![0.0; 12];
        y[11] = 3.0;
        let e = ears(&y, 11);
        assert_eq!(e.c1, Some(3.0 / MIN_SD));
        assert!(e.c2.unwrap().is_finite());
    }
}
