//! False discovery rate control across the cells tested on one day.
//!
//! Hundreds of category × district cells are tested every day; at a 1 %
//! level each, a few would alarm by chance daily. The Benjamini–Hochberg
//! step-up procedure keeps the expected share of false alarms among the
//! alarms at `q`: sort the m p-values, find the largest k with
//! `p(k) ≤ k/m · q`, and reject the k smallest.
//!
//! Benjamini Y, Hochberg Y. "Controlling the false discovery rate: a
//! practical and powerful approach to multiple testing." Journal of the
//! Royal Statistical Society B 57 (1995), 289–300.

/// Indices (into `p_values`) of the hypotheses rejected at FDR `q`, in
/// increasing p-value order. NaN p-values are never rejected.
pub fn benjamini_hochberg(p_values: &[f64], q: f64) -> Vec<usize> {
    benjamini_hochberg_of(p_values, p_values.len(), q)
}

/// [`benjamini_hochberg`] where `p_values` are those of `m` hypotheses
/// tested in all, the others (not worth computing: too few observations to
/// ever pass) having p = 1. Taking the tested ones alone as the family
/// would make the rest's absence a licence for more false alarms.
pub fn benjamini_hochberg_of(p_values: &[f64], m: usize, q: f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..p_values.len())
        .filter(|&i| !p_values[i].is_nan())
        .collect();
    order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]).then(a.cmp(&b)));
    let m = m.max(p_values.len()) as f64;
    let k = order
        .iter()
        .enumerate()
        .rev()
        .find(|(rank, i)| p_values[**i] <= (*rank as f64 + 1.0) / m * q)
        .map_or(0, |(rank, _)| rank + 1);
    order.truncate(k);
    order
}

/// Upper-tail probability of the standard normal distribution, P(Z ≥ z):
/// the p-value of a standardised statistic such as EARS C2.
pub fn normal_sf(z: f64) -> f64 {
    0.5 * libm::erfc(z / std::f64::consts::SQRT_2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_up_rejects_the_right_set() {
        // Benjamini & Hochberg's own example (15 p-values, q = 0.05):
        // the four smallest are rejected.
        let p = [
            0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
            0.5719, 0.6528, 0.7590, 1.0000,
        ];
        assert_eq!(benjamini_hochberg(&p, 0.05), [0, 1, 2, 3]);
        // Step-up: a p-value above its own line is still rejected when a
        // larger one is below its line.
        assert_eq!(benjamini_hochberg(&[0.04, 0.03], 0.05), [1, 0]);
        assert!(benjamini_hochberg(&[0.5, 0.9], 0.05).is_empty());
        assert!(benjamini_hochberg(&[f64::NAN, 0.001], 0.05) == [1]);
        assert!(benjamini_hochberg(&[], 0.05).is_empty());
        // Of 15 hypotheses, only the four smallest were worth a p-value:
        // the same four are rejected; of 1,000, none is.
        assert_eq!(benjamini_hochberg_of(&p[..4], 15, 0.05), [0, 1, 2, 3]);
        assert!(benjamini_hochberg_of(&p[..4], 1000, 0.05).is_empty());
    }

    #[test]
    fn normal_tail() {
        assert!((normal_sf(0.0) - 0.5).abs() < 1e-15);
        assert!((normal_sf(1.959_963_984_540_054) - 0.025).abs() < 1e-12);
        assert!((normal_sf(3.0) - 0.001_349_898_031_630_094_6).abs() < 1e-15);
    }
}
