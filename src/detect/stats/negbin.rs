//! Upper tail of the negative-binomial distribution, for counts that vary
//! more than a Poisson count would (overdispersion is the rule for hotline
//! and surveillance counts; Farrington et al., "A statistical algorithm for
//! the early detection of outbreaks of infectious disease", JRSS A 159
//! (1996), 547–563, and Noufaily et al., Statistics in Medicine 32 (2013),
//! 1206–1222, use the same family for their thresholds).
//!
//! The distribution is given by its mean `mu` and variance `var`; when
//! `var <= mu` it is the Poisson distribution with that mean. The tail
//! P(X ≥ n) is summed from the term at `n` upwards, each term from the one
//! before, so tiny tail probabilities keep their precision.

/// P(X ≥ n) for X negative binomial with mean `mu` and variance `var`.
pub fn sf(n: u64, mu: f64, var: f64) -> f64 {
    if n == 0 {
        return 1.0;
    }
    let mu = mu.max(1e-9);
    let nf = n as f64;
    // log pmf(n) and the ratio pmf(i+1)/pmf(i).
    let (log_pmf, ratio): (f64, Box<dyn Fn(f64) -> f64>) = if var <= mu * (1.0 + 1e-9) {
        (
            -mu + nf * mu.ln() - libm::lgamma(nf + 1.0),
            Box::new(move |i: f64| mu / (i + 1.0)),
        )
    } else {
        let r = mu * mu / (var - mu);
        let p = mu / (r + mu); // success probability of the "count" side
        (
            libm::lgamma(nf + r) - libm::lgamma(r) - libm::lgamma(nf + 1.0)
                + r * (r / (r + mu)).ln()
                + nf * p.ln(),
            Box::new(move |i: f64| (i + r) / (i + 1.0) * p),
        )
    };
    let mut term = log_pmf.exp();
    let mut sum = 0.0;
    let mut i = nf;
    for _ in 0..100_000 {
        sum += term;
        term *= ratio(i);
        i += 1.0;
        if term < sum * 1e-16 {
            break;
        }
    }
    sum.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_tails() {
        // P(X ≥ 1 | 2) = 1 − e^-2
        assert!((sf(1, 2.0, 2.0) - (1.0 - (-2.0f64).exp())).abs() < 1e-12);
        // P(X ≥ 5 | 1) = 1 − Σ_{0..4} e^-1/i! = 0.003659846827…
        assert!((sf(5, 1.0, 1.0) - 0.003_659_846_827_343_7).abs() < 1e-12);
        // A far tail keeps its precision: P(X ≥ 30 | 1) ≈ 1/30! · e^-1 · (1 + …)
        let far = sf(30, 1.0, 1.0);
        assert!(far > 0.0 && far < 1e-32, "{far}");
        assert_eq!(sf(0, 3.0, 3.0), 1.0);
    }

    #[test]
    fn overdispersion_widens_the_tail() {
        // NB with mean 2, variance 6 (r = 1: geometric with p = 2/3):
        // P(X ≥ n) = (2/3)^n.
        for n in [1u64, 3, 8] {
            assert!((sf(n, 2.0, 6.0) - (2.0f64 / 3.0).powi(n as i32)).abs() < 1e-12);
        }
        assert!(sf(8, 2.0, 6.0) > sf(8, 2.0, 2.0));
    }
}
