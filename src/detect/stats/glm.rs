//! A quasi-Poisson log-linear regression (a generalised linear model with
//! log link and variance φ·μ), fitted by iteratively reweighted least
//! squares, with the outbreak down-weighting of the Farrington algorithm.
//!
//! Farrington CP, Andrews NJ, Beale AD, Catchpole MA. "A statistical
//! algorithm for the early detection of outbreaks of infectious disease."
//! JRSS A 159 (1996), 547–563; and the improved version of Noufaily A,
//! Enki DG, Farrington P, Garthwaite P, Andrews N, Charlett A, Statistics in
//! Medicine 32 (2013), 1206–1222, on which R's `surveillance::farringtonFlexible`
//! is built:
//!
//! 1. fit the model with prior weights 1;
//! 2. compute the Anscombe residuals `s_i` of the fit, scaled by √φ;
//! 3. refit with weights `γ·s_i⁻²` for days with `s_i > 2.58` (Noufaily's
//!    threshold) and `γ` elsewhere, `γ` making the weights sum to the number
//!    of days, so past outbreaks barely pull the baseline up;
//! 4. φ = max(1, Σ wᵢ (yᵢ − μᵢ)² / μᵢ / (n − p)).
//!
//! The few columns (intercept, trend, day of week, holiday) make the normal
//! equations tiny, so they are solved by Cholesky decomposition here. A
//! ridge on the non-intercept columns keeps the fit defined when a column
//! is all zeros in the window (no holiday in it, say) and, where the caller
//! asks for more, shrinks effects that a handful of tickets cannot support.

/// Ridge added to the diagonal of the non-intercept columns.
const RIDGE: f64 = 1e-3;
/// Anscombe residual above which a day is down-weighted (Noufaily et al.).
pub const REWEIGHT_ABOVE: f64 = 2.58;

/// A fitted model.
#[derive(Debug, Clone)]
pub struct Fit {
    pub beta: Vec<f64>,
    /// Covariance of `beta` (φ · (XᵀWX)⁻¹).
    pub cov: Vec<Vec<f64>>,
    /// Dispersion φ ≥ 1.
    pub phi: f64,
    /// The prior weights of the final fit (down-weighted outbreak days < 1).
    pub weights: Vec<f64>,
}

impl Fit {
    /// Linear predictor xᵀβ + offset.
    pub fn eta(&self, x: &[f64], offset: f64) -> f64 {
        x.iter().zip(&self.beta).map(|(a, b)| a * b).sum::<f64>() + offset
    }

    /// Mean of a day.
    pub fn mu(&self, x: &[f64], offset: f64) -> f64 {
        self.eta(x, offset).exp()
    }

    /// z statistic of coefficient `j`.
    pub fn z(&self, j: usize) -> f64 {
        self.beta[j] / self.cov[j][j].max(1e-300).sqrt()
    }

    /// Mean and variance of the total of several days: the count's own
    /// variance φ·Σμ plus the uncertainty of the fitted mean, gᵀ Σ g with
    /// g = Σ μⱼ xⱼ (the delta method).
    pub fn total(&self, days: &[(Vec<f64>, f64)]) -> (f64, f64) {
        let p = self.beta.len();
        let mut g = vec![0.0; p];
        let mut mean = 0.0;
        for (x, off) in days {
            let m = self.mu(x, *off);
            mean += m;
            for k in 0..p {
                g[k] += m * x[k];
            }
        }
        let mut est = 0.0;
        for a in 0..p {
            for b in 0..p {
                est += g[a] * self.cov[a][b] * g[b];
            }
        }
        (mean, self.phi * mean + est.max(0.0))
    }
}

/// Fits `y ~ X` with log link and `offset`, then refits with past outbreaks
/// down-weighted. `prior` weighs the rows (0 leaves a row out; the surge
/// baseline lets older days count less). None when the fit does not
/// converge or the data are too few.
pub fn fit_farrington(
    x: &[Vec<f64>],
    offset: &[f64],
    y: &[f64],
    prior: &[f64],
    ridge: &[f64],
) -> Option<Fit> {
    let n = y.len();
    let w0 = prior.to_vec();
    let mask: Vec<bool> = prior.iter().map(|w| *w > 0.0).collect();
    let first = fit(x, offset, y, &w0, ridge)?;
    let mut w = w0.clone();
    let used: f64 = w0.iter().sum();
    let mut sum = 0.0;
    for i in 0..n {
        if !mask[i] {
            continue;
        }
        let mu = first.mu(&x[i], offset[i]);
        let s = anscombe(y[i], mu) / first.phi.sqrt();
        w[i] = w0[i]
            * if s > REWEIGHT_ABOVE {
                1.0 / (s * s)
            } else {
                1.0
            };
        sum += w[i];
    }
    if sum <= 0.0 {
        return Some(first);
    }
    for wi in &mut w {
        *wi *= used / sum;
    }
    fit(x, offset, y, &w, ridge)
}

/// Anscombe residual of a Poisson count: 3/2 (y^⅔ − μ^⅔) / μ^⅙.
pub fn anscombe(y: f64, mu: f64) -> f64 {
    1.5 * (y.powf(2.0 / 3.0) - mu.powf(2.0 / 3.0)) / mu.powf(1.0 / 6.0)
}

/// One weighted IRLS fit; `ridge[j]` is added to the information of
/// coefficient `j` (a normal prior centred on 0: it shrinks an effect that
/// few tickets support towards none; [`RIDGE`] where `ridge` is shorter).
pub fn fit(x: &[Vec<f64>], offset: &[f64], y: &[f64], w: &[f64], ridge: &[f64]) -> Option<Fit> {
    let n = y.len();
    let p = x.first()?.len();
    let used = w.iter().filter(|v| **v > 0.0).count();
    if used <= p {
        return None;
    }
    // Start from the weighted mean rate.
    let (sy, se) = (0..n).fold((0.0, 0.0), |(a, b), i| {
        (a + w[i] * y[i], b + w[i] * offset[i].exp())
    });
    let mut beta = vec![0.0; p];
    beta[0] = ((sy + 0.5) / se.max(1e-12)).ln();
    let mut info = vec![vec![0.0; p]; p];
    for _ in 0..50 {
        let mut xtwz = vec![0.0; p];
        for row in info.iter_mut() {
            row.iter_mut().for_each(|v| *v = 0.0);
        }
        for i in 0..n {
            if w[i] <= 0.0 {
                continue;
            }
            let eta: f64 = x[i].iter().zip(&beta).map(|(a, b)| a * b).sum::<f64>() + offset[i];
            let mu = eta.exp().max(1e-10);
            let z = eta - offset[i] + (y[i] - mu) / mu;
            let wi = w[i] * mu;
            for a in 0..p {
                xtwz[a] += wi * x[i][a] * z;
                for b in 0..=a {
                    info[a][b] += wi * x[i][a] * x[i][b];
                }
            }
        }
        // Mirror the lower triangle; add the ridge to the diagonal.
        #[allow(clippy::needless_range_loop)]
        for a in 0..p {
            for b in 0..a {
                info[b][a] = info[a][b];
            }
            if a > 0 {
                info[a][a] += ridge.get(a).copied().unwrap_or(RIDGE).max(RIDGE);
            }
        }
        let next = cholesky_solve(&info, &xtwz)?;
        let change = next
            .iter()
            .zip(&beta)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        beta = next;
        if !beta.iter().all(|b| b.is_finite()) {
            return None;
        }
        if change < 1e-8 {
            break;
        }
    }
    let mut pearson = 0.0;
    let mut wsum = 0.0;
    for i in 0..n {
        if w[i] <= 0.0 {
            continue;
        }
        let mu = (x[i].iter().zip(&beta).map(|(a, b)| a * b).sum::<f64>() + offset[i]).exp();
        pearson += w[i] * (y[i] - mu).powi(2) / mu.max(1e-10);
        wsum += w[i];
    }
    let phi = (pearson / (wsum - p as f64).max(1.0)).max(1.0);
    let inv = invert(&info)?;
    let cov = inv
        .into_iter()
        .map(|row| row.into_iter().map(|v| v * phi).collect())
        .collect();
    Some(Fit {
        beta,
        cov,
        phi,
        weights: w.to_vec(),
    })
}

/// Lower-triangular L with A = L Lᵀ; None when A is not positive definite.
fn cholesky(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let p = a.len();
    let mut l = vec![vec![0.0; p]; p];
    for i in 0..p {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = a[i][i] - s;
                if d <= 0.0 || !d.is_finite() {
                    return None;
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - s) / l[j][j];
            }
        }
    }
    Some(l)
}

fn solve_with(l: &[Vec<f64>], b: &[f64]) -> Vec<f64> {
    let p = l.len();
    let mut z = vec![0.0; p];
    for i in 0..p {
        let s: f64 = (0..i).map(|k| l[i][k] * z[k]).sum();
        z[i] = (b[i] - s) / l[i][i];
    }
    let mut x = vec![0.0; p];
    for i in (0..p).rev() {
        let s: f64 = (i + 1..p).map(|k| l[k][i] * x[k]).sum();
        x[i] = (z[i] - s) / l[i][i];
    }
    x
}

/// Solves A x = b for symmetric positive definite A.
pub fn cholesky_solve(a: &[Vec<f64>], b: &[f64]) -> Option<Vec<f64>> {
    Some(solve_with(&cholesky(a)?, b))
}

fn invert(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let l = cholesky(a)?;
    let p = a.len();
    let cols: Vec<Vec<f64>> = (0..p)
        .map(|j| {
            let e: Vec<f64> = (0..p).map(|i| f64::from(u8::from(i == j))).collect();
            solve_with(&l, &e)
        })
        .collect();
    Some(
        (0..p)
            .map(|i| (0..p).map(|j| cols[j][i]).collect())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_small_system() {
        let a = vec![vec![4.0, 2.0], vec![2.0, 3.0]];
        let x = cholesky_solve(&a, &[2.0, 1.0]).unwrap();
        assert!((x[0] - 0.5).abs() < 1e-12 && x[1].abs() < 1e-12, "{x:?}");
        assert!(cholesky_solve(&[vec![0.0]], &[1.0]).is_none());
    }

    #[test]
    fn recovers_a_known_rate_and_weekday_effect() {
        // Exact expected counts: 10 a day, ×2 on "weekday 1"; an exact fit.
        let n = 56;
        let x: Vec<Vec<f64>> = (0..n)
            .map(|i| vec![1.0, f64::from(u8::from(i % 7 == 1))])
            .collect();
        let y: Vec<f64> = (0..n)
            .map(|i| if i % 7 == 1 { 20.0 } else { 10.0 })
            .collect();
        let off = vec![0.0; n];
        let f = fit(&x, &off, &y, &vec![1.0; n], &[]).unwrap();
        assert!((f.beta[0].exp() - 10.0).abs() < 1e-3, "{:?}", f.beta);
        assert!((f.beta[1].exp() - 2.0).abs() < 1e-3, "{:?}", f.beta);
        assert_eq!(f.phi, 1.0);
        // An offset is an exposure: doubling it doubles the mean.
        assert!((f.mu(&[1.0, 0.0], 2f64.ln()) - 20.0).abs() < 1e-3);
    }

    #[test]
    fn an_outbreak_in_the_baseline_is_down_weighted() {
        let n = 60;
        let x: Vec<Vec<f64>> = (0..n).map(|_| vec![1.0]).collect();
        let mut y: Vec<f64> = (0..n).map(|i| (8 + i % 5) as f64).collect();
        for v in &mut y[20..24] {
            *v = 60.0;
        }
        let off = vec![0.0; n];
        let plain = fit(&x, &off, &y, &vec![1.0; n], &[]).unwrap();
        let robust = fit_farrington(&x, &off, &y, &vec![1.0; n], &[]).unwrap();
        let m_plain = plain.beta[0].exp();
        let m_robust = robust.beta[0].exp();
        assert!(m_plain > 13.0, "{m_plain}");
        assert!(m_robust < 11.5, "{m_robust}");
        assert!(robust.phi < plain.phi);
        assert!(robust.weights[21] < 0.2 && robust.weights[0] > 0.9);
    }

    #[test]
    fn totals_add_estimation_uncertainty() {
        let n = 28;
        let x: Vec<Vec<f64>> = (0..n).map(|_| vec![1.0]).collect();
        let y = vec![5.0; n];
        let f = fit(&x, &vec![0.0; n], &y, &vec![1.0; n], &[]).unwrap();
        let (m, v) = f.total(&[(vec![1.0], 0.0), (vec![1.0], 0.0)]);
        assert!((m - 10.0).abs() < 1e-6);
        // φ·10 plus (10)² · var(β₀) = 100 · 1/140.
        assert!((v - (10.0 + 100.0 / 140.0)).abs() < 1e-3, "{v}");
    }
}
