//! Early warning (issue #5), being built: the statistics the detectors
//! stand on. What exists so far:
//!
//! - [`ears`]: EARS C1/C2/C3 for count series with short history;
//! - [`fdr`]: Benjamini–Hochberg false discovery rate control across the
//!   cells tested on one day, and the normal tail probability.
//!
//! The surge detector (negative-binomial baseline, CUSUM), class cases,
//! repeat callers, emerging terms, routing and the alert lifecycle are not
//! here yet; `hotline detect` does not exist yet.

pub mod ears;
pub mod fdr;
